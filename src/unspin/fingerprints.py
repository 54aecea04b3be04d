"""Fingerprints: known tortured phrases and their expected wording.

The shipped list is the development split of the Problematic Paper Screener's tortured-phrase
list (Cabanac, Labbé, Magazinov; CC BY 4.0). Entries are cleaned here rather than by hand: notes,
acronyms in parentheses, optional words in brackets and the question marks of unsure entries are
dropped, "a/b" alternatives expand, and a note quoting the expected wording gives the quoted words.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from unspin.inflection import lemma_key
from unspin.resources import FUNCTION_WORDS, data_path, heads_of
from unspin.textio import InputError, json_kind, json_type, read_text
from unspin.tokens import Token, tokenize

_NOTE = re.compile(r",?\s+see\s+\S.*$|\(\?\)")
# innermost first, as notes nest ("(as in "x (y)")"); a note left open runs to the end
_PARENTHESES = re.compile(r"\s*\([^()]*(?:\)|$)")
_ESCAPED = re.compile(r"\\(.)")  # the list escapes quotes and ampersands: \" \&
_BRACKETS = re.compile(r"\s*\[([^\]]*)\]\s*")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Quoted words inside prose are the expected wording the note talks about ("the word ‘are’ as in
# ...", "“reducing x” or “combating x”"); a lone ’ is an apostrophe ("eagle’s"), not a quote.
_QUOTED = re.compile(r"“([^”]+)”|‘([^’]+)’")
# "?", "(?)" or "???" marks an expected wording the list's curators were unsure of: the guess stays,
# the marks go, and a guess of nothing but marks is no wording at all.
_DOUBT = re.compile(r"\?+")
# "...", "[...]": words the list's curators left out ("prior knowledge of [...]"). A restoration
# cannot write them, so the wording is read without them.
_ELLIPSIS = re.compile(r"\.{3,}|…")


# Who listed an entry, as its evidence credits it: the shipped list's curators, or a user's own list.
SHIPPED_SOURCE = "Problematic Paper Screener"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    tortured: str
    expected: tuple[str, ...]  # acceptable restorations, the first one preferred
    source: str = SHIPPED_SOURCE  # the list it comes from (``PhraseList.name`` for a user's own)

    @property
    def group(self) -> str:
        """Variants of one expected phrase share a group (cross-validation folds keep them together)."""
        return self.expected[0]

    @property
    def last_word(self) -> str:
        """The tortured phrase's last word as listed, for the form its expected wording takes."""
        words = _WORD.findall(self.tortured)
        return words[-1] if words else ""


def _tidy(phrase: str) -> str:
    return _SPACES.sub(" ", phrase).strip(" ,;").lower()


def _without_notes(phrase: str) -> str:
    """``phrase`` without escapes, quotes and parenthesised notes."""
    phrase = _ESCAPED.sub(r"\1", phrase).replace('"', "")
    while True:
        stripped = _PARENTHESES.sub("", phrase)
        if stripped == phrase:
            return stripped
        phrase = stripped


def expand_alternatives(phrase: str) -> tuple[str, ...]:
    """All readings of an expected phrase from the list, most literal first."""
    phrase = _without_notes(_NOTE.sub("", phrase))
    quoted = [a or b for a, b in _QUOTED.findall(phrase)]
    if quoted:
        return tuple(dict.fromkeys(o for o in (_tidy(q) for q in quoted) if o))
    phrase = _ELLIPSIS.sub(" ", _DOUBT.sub(" ", phrase))
    readings = [_BRACKETS.sub(" ", phrase), _BRACKETS.sub(r" \1 ", phrase)]
    expanded: list[str] = []
    for reading in readings:
        if " / " in reading or "/ " in reading or " /" in reading:
            options = re.split(r"\s*/\s*", reading)
        elif "/" in reading:
            # "fault detection/diagnosis": the slash joins two words at one place in the phrase
            words = reading.split()
            slot = next(i for i, w in enumerate(words) if "/" in w)
            options = [
                " ".join(words[:slot] + [choice] + words[slot + 1 :]) for choice in words[slot].split("/")
            ]
        else:
            options = [reading]
        expanded.extend(_tidy(option) for option in options)
    return tuple(dict.fromkeys(o for o in expanded if o))


def expected_wordings(value: str | Sequence[str]) -> tuple[str, ...]:
    """The wordings a phrase is expected to be restored to, given as one string or a list of them
    (a JSON row's ``"expected"``), each read as the list reads its expected column
    (``expand_alternatives``: "bright/shining square" is two)."""
    items = [value] if isinstance(value, str) else value
    return tuple(dict.fromkeys(wording for item in items for wording in expand_alternatives(item)))


def expected_error(value: object, field: str = "expected") -> str | None:
    """Why ``value`` (a JSON row's ``field``) gives no wording for ``expected_wordings``, or None if
    it gives one: it must be a string or a list of strings."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return f'"{field}" must be a string or a list of strings, not {json_type(value)}'
    odd = next((json_kind(item) for item in items if not isinstance(item, str)), None)
    if odd is not None:
        return f'"{field}" must be a string or a list of strings, not a list holding {odd}'
    if not expected_wordings(items):
        return f'"{field}" holds no wording'
    return None


def parse(lines: Iterable[str], source: str = SHIPPED_SOURCE) -> list[Fingerprint]:
    """Read ``tortured<TAB>expected`` lines; ``#`` lines and malformed rows are skipped."""
    return parse_rows(lines, source)[0]


def parse_rows(lines: Iterable[str], source: str = SHIPPED_SOURCE) -> tuple[list[Fingerprint], list[int]]:
    """``parse``, and the line numbers (from 1) of the rows it skipped that were neither blank nor
    ``#`` comments: no tab, no word on the tortured side, or no usable wording on either side."""
    fingerprints, skipped = [], []
    for number, line in enumerate(lines, 1):
        if line.startswith("#") or not line.strip():
            continue
        entry = _entry(line, source)
        if entry is None:
            skipped.append(number)
        else:
            fingerprints.append(entry)
    return fingerprints, skipped


def _entry(line: str, source: str) -> Fingerprint | None:
    if "\t" not in line:
        return None
    tortured, expected = line.rstrip("\r\n").split("\t", 1)
    tortured = _tidy(_without_notes(_BRACKETS.sub(" ", tortured)))
    alternatives = expand_alternatives(expected)
    # a phrase with no word in it ("!!!") is no phrase a spinner wrote
    if _WORD.search(tortured) and alternatives and tortured not in alternatives:
        return Fingerprint(tortured, alternatives, source)
    return None


@dataclass(frozen=True, slots=True)
class PhraseList:
    """A user's own list of tortured phrases (``read_phrase_list``), checked beside the shipped one."""

    name: str  # the file's name, which the evidence of its entries credits
    entries: tuple[Fingerprint, ...]
    skipped: tuple[int, ...]  # line numbers of the rows that are no entry (``parse_rows``)

    def skipped_note(self, path: str) -> str:
        """One line naming the rows of the list at ``path`` that are no entry ("" if none are)."""
        if not self.skipped:
            return ""
        count = len(self.skipped)
        lines = ", ".join(map(str, self.skipped[:MAX_LINES_NAMED]))
        lines += ", ..." if count > MAX_LINES_NAMED else ""
        plural = "s" if count > 1 else ""
        return f"{path}: {count} row{plural} skipped, not 'tortured<TAB>expected' (line{plural} {lines})"


def read_phrase_lists(paths: Iterable[str], warn: Callable[[str], object]) -> tuple[Fingerprint, ...]:
    """The entries of the lists at ``paths`` (``read_phrase_list``), in order; ``warn`` gets each
    list's ``skipped_note`` where it has rows that are no entry."""
    entries: list[Fingerprint] = []
    for path in paths:
        phrase_list = read_phrase_list(path)
        if note := phrase_list.skipped_note(path):
            warn(note)
        entries += phrase_list.entries
    return tuple(entries)


# how many of a phrase list's skipped rows ``PhraseList.skipped_note`` names by line number
MAX_LINES_NAMED = 10


def read_phrase_list(path: str | Path) -> PhraseList:
    """Read a tortured-phrase list written like the shipped one: UTF-8, one ``tortured<TAB>expected``
    entry per line (expected wordings may be "a/b" alternatives), ``#`` comments.

    Raises ``textio.InputError`` (one line, ready to show) for a file that cannot be read as UTF-8
    text, or that holds no entry at all; rows that are no entry are counted in ``skipped``.
    """
    name = Path(path).name
    text = read_text(str(path), plain=True).removeprefix("\ufeff")  # a byte-order mark is no phrase
    entries, skipped = parse_rows(text.splitlines(), name)
    if not entries:
        raise InputError(f"{path}: no tortured<TAB>expected entries in it")
    return PhraseList(name, tuple(entries), tuple(skipped))


def read_allow_list(path: str | Path) -> tuple[str, ...]:
    """The phrases of an allow list: phrases a user's texts write that are not spun, though they may
    read so (a field's own terms, a publication's style): UTF-8, one phrase per line, ``#`` comments
    and blank lines skipped. ``textio.InputError`` (one line) for a file that cannot be read as
    UTF-8 text or that holds no phrase."""
    text = read_text(str(path), plain=True).removeprefix("\ufeff")
    phrases = [line.strip() for line in text.splitlines()]
    phrases = [phrase for phrase in phrases if phrase and not phrase.startswith("#") and _words(phrase)]
    if not phrases:
        raise InputError(f"{path}: no phrase in it (one per line; # starts a comment)")
    return tuple(dict.fromkeys(phrases))


def read_allow_lists(paths: Iterable[str | Path]) -> tuple[str, ...]:
    """The phrases of the allow lists at ``paths`` (``read_allow_list``), in order, each once."""
    return tuple(dict.fromkeys(phrase for path in paths for phrase in read_allow_list(path)))


def allow_index(phrases: Iterable[str]) -> FingerprintIndex:
    """The allow list's phrases, matched as listed tortured phrases are (any inflection; a hyphen or
    a space between words; ``FingerprintIndex``)."""
    return FingerprintIndex.build(Fingerprint(phrase, (phrase,), "allow list") for phrase in phrases)


@cache
def shipped() -> tuple[Fingerprint, ...]:
    with open(data_path("tortured_phrases.tsv"), encoding="utf-8") as handle:
        return tuple(parse(handle))


def phrase_key(phrase: str) -> tuple[str, ...]:
    """Case- and inflection-blind key of a phrase: the lemma of each word."""
    return tuple(lemma_key(word) for word in _words(phrase))


def joined_key(phrase: str) -> str:
    """The key of a phrase written as one word, its words joined by hyphens ("profound-learning"
    for "profound learning"): the lemma of each part, joined by hyphens. A hyphenated word of a
    text is keyed alike, so that the parts' inflections read through ("profound-learnings")."""
    return "-".join(lemma_key(part) for word in _words(phrase) for part in word.split("-"))


def _words(phrase: str) -> list[str]:
    # a typographic apostrophe reads as the plain one, as the tokens' norms have it ("detainee’s")
    return _WORD.findall(phrase.lower().replace("’", "'"))


# a hyphen inside a word ("actual-time"), as against a dash between words ("amiable - atypical")
INNER_HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")
# A listing unit: (key, first token, last token).
ListingUnit = tuple[str, int, int]
_DASHES = frozenset("-‐‑‒–—")


def listing_runs(tokens: list[Token], word_keys: Sequence[str] | None = None) -> list[list[ListingUnit]]:
    """The text as the list is matched in it: each sentence's tokens, one unit per token, where a
    clitic or possessive apostrophe glued to a word is part of it ("alzheimer's", "can't",
    "baselines'"), words keyed by lemma, dashes as one, numbers and other punctuation as written.

    The list writes numbers, clitics and punctuation inside its phrases ("co2 effluent", "amiable,
    atypical", "can't stand discourse"), which the scanning windows' runs of words break at.
    ``word_keys``: each token's lemma key where the caller has them already (a word alone is keyed
    the same either way).
    """
    runs: list[list[ListingUnit]] = []
    current: list[ListingUnit] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.sentence_start and current:
            runs.append(current)
            current = []
        last, key = index, token.norm
        if token.kind == "word":
            glued = tokens[index + 1] if index + 1 < len(tokens) else None
            if (
                glued is not None
                and glued.start == token.end
                and (glued.kind == "clitic" or glued.norm == "'")
            ):
                # "baselines'": a bare apostrophe is no part of the key, as in ``phrase_key``
                last, key = index + 1, key + glued.norm if glued.kind == "clitic" else key
            key = word_keys[index] if word_keys is not None and key == token.norm else lemma_key(key)
        elif token.kind == "punct" and token.text in _DASHES:
            key = "-"
        current.append((key, index, last))
        index = last + 1
    if current:
        runs.append(current)
    return runs


def listing_key(phrase: str) -> tuple[str, ...]:
    """A listed phrase's key as ``listing_runs`` keys text: the same tokens, read the same way."""
    return tuple(key for run in listing_runs(tokenize(phrase.lower())) for key, _, _ in run)


@dataclass(frozen=True)
class FingerprintIndex:
    """Token-level trie from lemma keys to fingerprints: one pass over a text finds every entry."""

    trie: dict
    longest: int

    @classmethod
    def build(cls, fingerprints: Iterable[Fingerprint]) -> FingerprintIndex:
        trie: dict = {}
        longest = 0
        for fingerprint in fingerprints:
            # by its words (runs of words: ``phrase_key``), and by all its tokens (``listing_runs``)
            # where they differ ("co2 effluent", "amiable, atypical"); and both again with the
            # hyphens inside its words read as spaces: papers write a term either way ("real-time",
            # "real time"), and so does a spinner that rewrites them ("actual-time", "actual time");
            # and one of two words or more also as one word, its words joined by hyphens, as papers
            # write a term that modifies a noun ("a profound-learning model")
            tortured = fingerprint.tortured
            spaced = INNER_HYPHEN.sub(" ", tortured)
            keys = [phrase_key(tortured), listing_key(tortured), phrase_key(spaced), listing_key(spaced)]
            if len(phrase_key(tortured)) > 1:
                keys.append((joined_key(tortured),))
            for key in dict.fromkeys(keys):
                if not key:
                    continue
                node = trie
                for part in key:
                    node = node.setdefault(part, {})
                node.setdefault(None, []).append(fingerprint)
                longest = max(longest, len(key))
        return cls(trie, longest)

    def match(self, keys: list[str], start: int) -> list[tuple[int, Fingerprint]]:
        """Fingerprints whose key starts at ``keys[start]``, as (length in keys, fingerprint)."""
        found: list[tuple[int, Fingerprint]] = []
        node = self.trie
        for length, key in enumerate(keys[start : start + self.longest], 1):
            child = node.get(key)
            if child is None:
                break
            node = child
            found.extend((length, fingerprint) for fingerprint in node.get(None, ()))
        return found

    def match_ending_in(
        self, keys: Sequence[str], start: int, endings: Sequence[tuple[str, ...]]
    ) -> list[tuple[int, Fingerprint]]:
        """Fingerprints whose key starts at ``keys[start]`` and ends at a unit read as one of the
        ``endings`` it has: a word without its possessive "'s" ("alzheimer's ailment's course" holds
        the listed "alzheimer's ailment"), the first part of a compound ("profound learning-based"
        holds "profound learning"), a word read part by part ("absolutely-linked" holds "absolutely
        linked"). As (length in keys, fingerprint)."""
        found: list[tuple[int, Fingerprint]] = []
        node = self.trie
        for index in range(start, min(len(keys), start + self.longest)):
            for ending in endings[index]:
                if (end := node.get(ending)) is not None:
                    found.extend((index - start + 1, fingerprint) for fingerprint in end.get(None, ()))
            child = node.get(keys[index])
            if child is None:
                break
            node = child
        return found


def contested_phrases(fingerprints: Iterable[Fingerprint]) -> frozenset[tuple[str, ...]]:
    """Keys (``phrase_key``) of tortured phrases that the list also gives as expected wording, whole
    or inside a longer one: "dimensionality reduction" (listed for "diabetic retinopathy", where a
    paper's acronym DR was expanded wrongly) is a term in "dimensionality reduction pipeline", and
    "machine learning" is listed both ways. Such an entry holds only in some context, so its listing
    is evidence but not proof (``decisions.trusted_listing``).
    """
    fingerprints = tuple(fingerprints)
    expected: set[tuple[str, ...]] = set()
    for fingerprint in fingerprints:
        for wording in fingerprint.expected:
            key = phrase_key(wording)
            expected.update(key[i:j] for i in range(len(key)) for j in range(i + 2, len(key) + 1))
    return frozenset(key for f in fingerprints if (key := phrase_key(f.tortured)) in expected)


def word_substitutions(fingerprints: Iterable[Fingerprint]) -> dict[str, Counter[str]]:
    """``tortured word -> Counter(expected words)`` learned from aligned entries of the list.

    Entries whose two sides have as many words are aligned word by word; each differing pair is a
    substitution the paper-mill spinner made ("profound" for "deep"), which recurs across phrases.
    The spinner rewrites the parts of a compound as words, and writes some pairs of words as
    compounds, so sides that differ in length are aligned again with hyphens read as spaces
    ("article arranged programming" for "object-oriented programming").
    """
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for fingerprint in fingerprints:
        for spun, original in _aligned_pairs(fingerprint):
            table[spun][original] += 1
    for spun, originals in table.items():
        for original in [o for o, count in originals.items() if count == 1 and _misaligned(spun, o)]:
            del originals[original]
    return {spun: originals for spun, originals in table.items() if originals}


# A stretch a spinner wrote for one word is two or three words ("recognizable proof" for
# "identification", "covered up" for "hidden"); longer ones are rewordings, not substitutions.
MAX_PHRASE_SUBSTITUTION_WORDS = 3


def phrase_substitutions(
    fingerprints: Iterable[Fingerprint], words: dict[str, Counter[str]] | None = None
) -> dict[str, Counter[str]]:
    """``tortured words -> Counter(expected word)`` for the stretches the paper-mill spinner wrote
    for a single word, learned from the list's entries whose sides differ in length.

    An entry is aligned from both ends, words matching when they are equal, share a lemma or are a
    substitution ``word_substitutions`` learned ("sickness recognizable proof" for "disease
    identification": "sickness" stood for "disease"); what is left between is one expected word
    against a stretch of two or three tortured ones ("recognizable proof" for "identification").
    Keys and heads are written as the entry gives them (the stretch's inflection is its own).
    ``words``: the entries' ``word_substitutions``, when the caller has them.
    """
    entries = list(fingerprints)
    words = word_substitutions(entries) if words is None else words
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for fingerprint in entries:
        stretch = _unaligned_stretch(fingerprint, words)
        if stretch is not None:
            table[stretch[0]][stretch[1]] += 1
    return dict(table)


def _unaligned_stretch(fingerprint: Fingerprint, words: dict[str, Counter[str]]) -> tuple[str, str] | None:
    tortured = fingerprint.tortured.replace("-", " ").split()
    expected = fingerprint.expected[0].replace("-", " ").split()
    if len(tortured) <= len(expected):
        return None

    def matching(spun: str, original: str) -> bool:
        spun_lemma, original_lemma = lemma_key(spun), lemma_key(original)
        return spun_lemma == original_lemma or original_lemma in words.get(spun_lemma, ())

    start = 0
    while start < len(expected) and matching(tortured[start], expected[start]):
        start += 1
    end = 0
    while end < len(expected) - start and matching(tortured[-1 - end], expected[-1 - end]):
        end += 1
    stretch = tortured[start : len(tortured) - end]
    original = expected[start : len(expected) - end]
    if len(original) != 1 or not 2 <= len(stretch) <= MAX_PHRASE_SUBSTITUTION_WORDS:
        return None
    if not original[0].isalpha() or not all(w.isalpha() for w in stretch):
        return None
    return " ".join(stretch), original[0]


def substitution_examples(fingerprints: Iterable[Fingerprint]) -> dict[tuple[str, str], Fingerprint]:
    """``(tortured word, expected word) -> the shortest entry that gave the pair`` (the first of
    those): evidence to show for a substitution of ``word_substitutions`` (keys as there, by lemma),
    or of ``phrase_substitutions`` (keyed by the stretch as written and the word's lemma)."""
    entries = list(fingerprints)
    words = word_substitutions(entries)
    examples: dict[tuple[str, str], Fingerprint] = {}
    for fingerprint in entries:
        stretch = _unaligned_stretch(fingerprint, words)
        pairs = _aligned_pairs(fingerprint)
        if stretch is not None:
            pairs.append((stretch[0], lemma_key(stretch[1])))
        for pair in pairs:
            shown = examples.get(pair)
            if shown is None or len(fingerprint.tortured) < len(shown.tortured):
                examples[pair] = fingerprint
    return examples


def _aligned_pairs(fingerprint: Fingerprint) -> list[tuple[str, str]]:
    """The differing ``(tortured, expected)`` word pairs (lemmas) of an entry aligned word by word."""
    tortured = fingerprint.tortured.split()
    expected = fingerprint.expected[0].split()
    if len(tortured) != len(expected):
        tortured = fingerprint.tortured.replace("-", " ").split()
        expected = fingerprint.expected[0].replace("-", " ").split()
    if len(tortured) != len(expected):
        return []
    return [
        (lemma_key(spun), lemma_key(original))
        for spun, original in zip(tortured, expected)
        if spun != original and spun.isalpha() and original.isalpha()
    ]


def _misaligned(spun: str, original: str) -> bool:
    """Whether a pair that one entry gave crosses word classes (a function word for a content word
    or back) with no thesaurus linking the two: the two sides were worded differently, not spun word
    by word ("organization method statistics coping with" for "group method of data handling" pairs
    "statistics" with "of"), and such a pair made "statistic" read as a spin of "of" anywhere.
    A spinner's own crossings ("possess" for "have", "inside" for "internal") are thesaurus links."""
    return (spun in FUNCTION_WORDS) != (original in FUNCTION_WORDS) and original not in heads_of(spun)


# Log-odds are clipped: a word seen in fifty tortured phrases is no surer a spinner's word than one
# seen in twenty, and one rare word must not dominate a decision.
MAX_WORD_ODDS = 4.0


def tortured_word_odds(fingerprints: Iterable[Fingerprint]) -> dict[str, float]:
    """``word -> log odds`` that the word (lemma) stands in a tortured phrase of the list rather than
    in an expected one.

    A spinner's vocabulary ("framework", "picture", "consciousness") recurs on the tortured side
    across unrelated entries, while technical vocabulary ("stochastic", "contrastive") is on the
    expected side; words on both sides ("computing" in "mist computing") cancel out. Each entry
    counts a word once per side; unseen words get 0.
    """
    tortured: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    for fingerprint in fingerprints:
        tortured.update({lemma_key(w) for w in fingerprint.tortured.split()})
        expected.update({lemma_key(w) for w in fingerprint.expected[0].split()})
    odds = {w: math.log((tortured[w] + 0.5) / (expected[w] + 0.5)) for w in tortured.keys() | expected.keys()}
    return {word: max(-MAX_WORD_ODDS, min(MAX_WORD_ODDS, value)) for word, value in odds.items()}
