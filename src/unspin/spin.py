"""A reference article spinner: the project's measuring stick.

Detectors are trained on text spun with one thesaurus and style and tested on another, so the
spinner imitates what real spinners do rather than what a good writer would: it is sense-blind
(synonyms are drawn uniformly from every sense of a word), it happily touches function words when
asked to, and in its "careless" style it breaks inflection half of the time; its "consistent"
style is a table-driven spinner, rewriting each head everywhere with one synonym or nowhere. Like
a spinner whose tables list written forms, it never prints a form nobody writes ("opportunitied"):
such a place is left as it was. Every substitution is recorded as an :class:`Edit` with exact
offsets in both texts, which is the ground truth an evaluation scores detections and restorations
against.

    >>> result = spin("The deep sea is cold.", rate=1.0, seed=1)
    >>> result.text[result.edits[0].start : result.edits[0].end] == result.edits[0].text
    True
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from unspin.candidates import renames
from unspin.fingerprints import shipped, word_substitutions
from unspin.inflection import case_like, inflect_like, lemma_key
from unspin.resources import thesaurus as load_thesaurus
from unspin.resources import word_zipf
from unspin.tokens import Token, tokenize

# Named in benchmark signatures: a new name whenever the same settings would spin differently.
# 2 (2026-12-04): no form nobody writes ("opportunitied"), verb phrases inflected on the verb.
# 3 (2026-12-04): a capitalised place is not given its own name written longer or shorter.
SPINNER = "reference-3"
THESAURI = ("wordnet", "moby", "pps", "pps-train", "pps-test")
PPS_HALVES = {"pps-train": 0, "pps-test": 1}  # the paper-mill table split in two (``pps_thesaurus``)
STYLES = ("careless", "careful", "chain", "consistent")
MAX_PHRASE_WORDS = 3  # the longest thesaurus heads worth matching; longer ones are too rare to matter

# Function words left alone when ``skip_stopwords``. Deliberately small: real spinners do rewrite
# some of these ("have" -> "bear"), which ``skip_stopwords=False`` reproduces.
STOPWORDS = frozenset(
    """
    a an the and or but nor if then than so as of at by for from in into on onto to with without
    about over under up down out off this that these those there here i me my we us our you your he
    him his she her it its they them their who whom whose which what when where why how all any
    each both some no not only very just also too is am are was were be been being have has had
    having do does did doing can could will would shall should may might must
    """.split()
)

# A word glued to one of these (or to a letter or digit) is part of something larger, such as an
# identifier, a contraction ("don" of "don't") or a path, and rewriting it would corrupt that thing.
_GLUE = set("'’_@/\\#&=+*-‐")
_SYNONYM_WORDS = re.compile(r"[ -]")

Table = Mapping[str, Sequence[str]]  # lower-case lemma or phrase -> synonyms


@dataclass(frozen=True, slots=True)
class Edit:
    start: int  # offsets in the spun text
    end: int
    text: str  # spun_text[start:end]
    original: str  # the original wording it replaced
    original_start: int  # offsets in the original text
    original_end: int


@dataclass(frozen=True, slots=True)
class SpinResult:
    text: str  # spun text
    edits: tuple[Edit, ...]  # sorted, non-overlapping
    original: str
    settings: dict = field(hash=False)  # how the text was spun, for evaluation signatures

    def spintax(self) -> str:
        """The original text with each edit written as ``{original|spun}`` (braces are not escaped)."""
        pieces = []
        last = 0
        for edit in self.edits:
            pieces.append(self.original[last : edit.original_start])
            pieces.append(f"{{{edit.original}|{edit.text}}}")
            last = edit.original_end
        pieces.append(self.original[last:])
        return "".join(pieces)


def pps_half(expected: str, tortured: str) -> int:
    """Which half of the list's substitutions a pair falls in (0 or 1), the same in every process."""
    digest = hashlib.blake2b(f"{expected}\x00{tortured}".encode(), digest_size=8).digest()
    return digest[-1] & 1


@cache
def pps_thesaurus(half: int | None = None) -> dict[str, tuple[str, ...]]:
    """Forward table ``expected word -> tortured words`` learned from the shipped tortured-phrase list.

    Spinning with it reproduces the paper-mill spinner's own habits ("deep" -> "profound"). With
    ``half``, only the substitution pairs of that half (``pps_half``): "pps-train" (half 0) is a
    spinner the span models may learn from, "pps-test" (half 1) one whose substitutions they
    never saw made, though the engine knows them from the list as it ships.
    """
    table: dict[str, set[str]] = {}
    for tortured, expected in word_substitutions(shipped()).items():
        for word in expected:
            if half is None or pps_half(word, tortured) == half:
                table.setdefault(word, set()).add(tortured)
    # Sorted so that a seed picks the same synonym whatever order the list happened to be in.
    return {head: tuple(sorted(words)) for head, words in table.items()}


@lru_cache(maxsize=262_144)
def _is_attested(synonym: str) -> bool:
    """Whether any word of ``synonym`` is in the frequency list: the rest are thesaurus debris."""
    return any(word_zipf(word) > 0 for word in _SYNONYM_WORDS.split(synonym) if word)


def _same_lemma(synonym: str, head: str) -> bool:
    """Whether ``synonym`` is only an inflection of ``head`` ("bigger" listed under "big")."""
    if " " in synonym:
        return False
    # Lemmatising is the costly check; an inflection shares the head's first letter unless it is
    # one of the short irregular forms ("is" of "be", "went" of "go").
    if synonym[:1] != head[:1] and len(synonym) > 4:
        return False
    return lemma_key(synonym) == head


class Avoid(NamedTuple):
    """What a synonym must differ from: the wordings of the place, and its name if it is one."""

    wordings: tuple[str, ...]
    name: str = ""  # the place as written, lower-cased, when a word of it is capitalised


def _usable(synonym: str, head: str, avoid: Avoid) -> bool:
    """Whether ``synonym`` would really change the wording ``avoid`` and is a word people use."""
    return (
        synonym not in avoid.wordings
        and (not avoid.name or renames(synonym, avoid.name))
        and _is_attested(synonym)
        and not _same_lemma(synonym, head)
    )


def _pick(synonyms: Sequence[str], head: str, avoid: Avoid, rng: random.Random) -> str | None:
    """A usable synonym drawn uniformly, or None.

    Drawing without replacement until one passes is uniform over the usable ones, and checks a
    couple of synonyms instead of all of them (Moby lists hundreds for common words).
    """
    pool = list(dict.fromkeys(synonyms))
    while pool:
        at = rng.randrange(len(pool))
        if _usable(pool[at], head, avoid):
            return pool[at]
        pool[at] = pool[-1]
        pool.pop()
    return None


@cache
def _named_table(name: str) -> Table:
    if name.startswith("pps"):
        return pps_thesaurus(PPS_HALVES.get(name))
    return load_thesaurus(name)


def _resolve(thesaurus: str | Table) -> tuple[str, Table]:
    """The thesaurus's name for the settings and its table."""
    if isinstance(thesaurus, str):
        if thesaurus not in THESAURI:
            raise ValueError(f"unknown thesaurus {thesaurus!r}; choose from {', '.join(THESAURI)}")
        return thesaurus, _named_table(thesaurus)
    return "custom", thesaurus


def _is_glued(text: str, token: Token) -> bool:
    """Whether the word is a piece of something larger: "don" of "don't", "txt" of "a.txt", "e" of "e.g."."""
    before = text[max(token.start - 2, 0) : token.start].rjust(2)
    after = text[token.end : token.end + 2].ljust(2)
    near = (before[1], after[0])
    # A full stop ends sentences as well as joining abbreviations, so it glues only with a letter beyond.
    dotted = (before[1] == "." and before[0].isalnum()) or (after[0] == "." and after[1].isalnum())
    return dotted or any(c.isalnum() or c in _GLUE for c in near)


def _is_name(token: Token) -> bool:
    # A capital says "name" only away from the start of a sentence.
    return token.is_capitalised and not token.sentence_start


def _word_run(text: str, tokens: list[Token], start: int, skip_names: bool) -> list[Token]:
    """Up to ``MAX_PHRASE_WORDS`` rewritable words from ``tokens[start]``, separated by spaces only.

    A phrase never spans a line break or punctuation: replacing it would swallow them.
    """
    run: list[Token] = []
    for token in tokens[start : start + MAX_PHRASE_WORDS]:
        if token.kind != "word" or _is_glued(text, token) or (skip_names and _is_name(token)):
            break
        if run:
            gap = text[run[-1].end : token.start]
            if gap.strip() or "\n" in gap:
                break
        run.append(token)
    return run


def _lookup_keys(words: list[Token]) -> tuple[str, ...]:
    """Thesaurus keys for a run of words: last word lemmatised first ("heart attacks"), then as written."""
    norms = [token.norm for token in words]
    lemmatised = " ".join([*norms[:-1], lemma_key(norms[-1])])
    return tuple(dict.fromkeys((lemmatised, " ".join(norms))))


def _match(run: list[Token], table: Table, skip_stopwords: bool) -> tuple[int, str, Avoid] | None:
    """The longest prefix of ``run`` that is a thesaurus head with a usable synonym.

    Returns (words matched, head, what a synonym must differ from).
    """
    for length in range(len(run), 0, -1):
        words = run[:length]
        # Stop words may sit inside a phrase ("secretary of state") but not at its edges.
        if skip_stopwords and (words[0].norm in STOPWORDS or words[-1].norm in STOPWORDS):
            continue
        surface = " ".join(token.norm for token in words)
        # A name's synonyms in a thesaurus are mostly the same name written out longer or shorter
        # (``candidates.renames``): that hides nothing, and spins made of it taught the span model
        # to take every full name in clean news for spun. A capitalised place (a name, or a word
        # at a sentence start) is reworded or left.
        capitalised = any(token.is_capitalised for token in words)
        for head in _lookup_keys(words):
            avoid = Avoid((head, surface), surface if capitalised else "")
            if any(_usable(synonym, head, avoid) for synonym in table.get(head, ())):
                return length, head, avoid
    return None


def _second_hop(first: str, head: str, avoid: Avoid, table: Table, rng: random.Random) -> str:
    """A synonym of ``first`` that is not the original wording; ``first`` itself when there is none."""
    return _pick(table.get(first, ()), head, avoid._replace(wordings=(*avoid.wordings, first)), rng) or first


def _synonym(head: str, avoid: Avoid, table: Table, style: str, rng: random.Random) -> str:
    """The synonym ``head`` is spun into, before inflection and casing."""
    # Uniform over every sense: real spinners do not know which one is meant. _match vouched for one.
    synonym = _pick(table.get(head, ()), head, avoid, rng) or head
    return _second_hop(synonym, head, avoid, table, rng) if style == "chain" else synonym


def _written_form(synonym: str, inflected: str) -> bool:
    """Whether inflecting ``synonym`` made only words people write.

    Inflection rules applied to a synonym of another part of speech make forms nobody writes
    ("said" -> "opportunitied", "took" -> "call forred"). A real spinner's table lists written forms
    only, so it never prints them; a reference spinner that did would teach detectors to look for
    its own artifact.
    """
    kept = set(_SYNONYM_WORDS.split(synonym.lower()))
    written = _SYNONYM_WORDS.split(inflected.lower())
    return all(word in kept or word_zipf(word) > 0 for word in written if word)


def _dressed(synonym: str, original: str, style: str, rng: random.Random) -> str | None:
    """``synonym`` inflected per ``style`` and cased like ``original`` (the text as written), or None
    when its inflected form is not a written word (the place is then left as it was)."""
    if style != "careless" or rng.random() < 0.5:
        inflected = inflect_like(synonym, original)
        if not _written_form(synonym, inflected):
            return None
        synonym = inflected
    return case_like(synonym, original)


def drawn_blindness(rng: random.Random) -> dict[str, bool]:
    """``skip_stopwords`` and ``skip_names`` of one spin, drawn from a mix of spinners.

    Seven spinners in ten leave function words and names alone; three in twenty rewrite function
    words only ("have" -> "bear"); the other three in twenty are sense-blind and rewrite the words
    of names too ("Home Office" -> "Home Bureau"). One draw of ``rng``.
    """
    blindness = rng.random()
    return {"skip_stopwords": blindness < 0.7, "skip_names": blindness < 0.85}


def spin(
    text: str,
    rate: float = 0.3,
    seed: int = 0,
    thesaurus: str | Mapping[str, Sequence[str]] = "wordnet",
    style: str = "careless",
    skip_stopwords: bool = True,
    skip_names: bool = True,
) -> SpinResult:
    """Rewrite ``text`` the way an article spinner would, recording every substitution.

    Each eligible word or phrase (the longest thesaurus head starting at a word, up to three words)
    is replaced with probability ``rate`` by a synonym chosen uniformly at random. ``thesaurus`` is a
    name from ``THESAURI`` or a mapping from lower-case lemma heads to synonyms; ``style`` is one of
    ``STYLES``. The same arguments always give the same result; text outside the edits is untouched.
    """
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be between 0 and 1, not {rate!r}")
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    name, table = _resolve(thesaurus)
    settings = {
        "thesaurus": name,
        "style": style,
        "rate": rate,
        "seed": seed,
        "skip_stopwords": skip_stopwords,
        "skip_names": skip_names,
        "max_phrase_words": MAX_PHRASE_WORDS,
    }
    rng = random.Random(seed)
    fixed: dict[str, str | None] = {}  # "consistent" style: each head's synonym, None if left alone
    pieces: list[str] = []
    edits: list[Edit] = []
    last = 0  # end of the previous edit in the original
    shift = 0  # how far the spun text has drifted from the original so far
    tokens = tokenize(text) if rate > 0 else []
    i = 0
    while i < len(tokens):
        found = _match(_word_run(text, tokens, i, skip_names), table, skip_stopwords)
        if found is None:
            i += 1
            continue
        length, head, avoid = found
        # One draw per unit: a phrase that is not rewritten is not rewritten word by word either.
        if style == "consistent":
            if head not in fixed:
                fixed[head] = _synonym(head, avoid, table, style, rng) if rng.random() < rate else None
            synonym = fixed[head]
        else:
            synonym = _synonym(head, avoid, table, style, rng) if rng.random() < rate else None
        if synonym is not None:
            start, end = tokens[i].start, tokens[i + length - 1].end
            original = text[start:end]
            spun = _dressed(synonym, original, style, rng)
            if spun is not None and spun != original:
                pieces.append(text[last:start])
                pieces.append(spun)
                edits.append(Edit(start + shift, start + shift + len(spun), spun, original, start, end))
                shift += len(spun) - len(original)
                last = end
        i += length
    pieces.append(text[last:])
    return SpinResult("".join(pieces), tuple(edits), text, settings)


# Words after which a graft stands where a noun phrase stands ("the <phrase> said"). Only words that
# take any phrase: "a" before a vowel ("a artificial ...") would teach a detector that artifact.
_GRAFT_AFTER = frozenset({"the", "its", "their", "our", "his", "her", "this"})


def graft_slots(text: str) -> list[Token]:
    """The words a phrase may be grafted in place of: a lower-case content word right after "the"
    (or a possessive, or "this"), both within a run of words."""
    tokens = tokenize(text)
    slots = []
    for before, token in zip(tokens, tokens[1:]):
        if (
            before.kind == "word"
            and before.norm in _GRAFT_AFTER
            and token.kind == "word"
            and token.text.isalpha()
            and token.text.islower()
            and token.norm not in STOPWORDS
            and not _is_glued(text, token)
            and text[before.end : token.start] == " "
        ):
            slots.append(token)
    return slots


def graft(text: str, phrase: str, seed: int = 0) -> SpinResult | None:
    """``text`` with ``phrase`` in place of one word of ``graft_slots`` (drawn by ``seed``), or None
    when it has none.

    How a paper-mill phrase ("bosom peril") is met in running prose, for benchmarks (bench section
    1b): the same slot rule serves the tortured phrase and its expected wording, so the two differ
    only in the phrase. The sentence around it may not make sense; a spinner's seldom does either.
    """
    slots = graft_slots(text)
    if not slots:
        return None
    slot = random.Random(seed).choice(slots)
    spun = text[: slot.start] + phrase + text[slot.end :]
    edit = Edit(slot.start, slot.start + len(phrase), phrase, slot.text, slot.start, slot.end)
    settings = {"graft": phrase, "seed": seed}
    return SpinResult(spun, (edit,), text, settings)


def graft_many(text: str, phrases: Sequence[str], seed: int = 0) -> SpinResult:
    """``text`` with each of ``phrases`` in place of a different word of ``graft_slots`` (drawn by
    ``seed``), as far as there are slots: the edits say which phrases found one.

    A paper-mill manuscript as a screener meets it: a few tortured phrases in otherwise clean prose
    (the document verdict of ``genre="manuscript"`` learns from such texts).
    """
    slots = graft_slots(text)
    chosen = sorted(random.Random(seed).sample(slots, min(len(phrases), len(slots))), key=lambda t: t.start)
    pieces, edits, last, shift = [], [], 0, 0
    for slot, phrase in zip(chosen, phrases):
        pieces += [text[last : slot.start], phrase]
        start = slot.start + shift
        edits.append(Edit(start, start + len(phrase), phrase, slot.text, slot.start, slot.end))
        shift += len(phrase) - len(slot.text)
        last = slot.end
    pieces.append(text[last:])
    return SpinResult("".join(pieces), tuple(edits), text, {"graft": list(phrases), "seed": seed})


# A graft's host: consecutive paragraphs of an article, up to this many words (running prose: more
# than ``evidence.ISOLATED_MAX_WORDS``, and short enough to check cheaply).
GRAFT_HOST_WORDS = 60


def graft_hosts(documents: Iterable[str]) -> list[str]:
    """Pieces of ``documents`` to graft phrases into: paragraphs joined up to ``GRAFT_HOST_WORDS``
    words, each with at least one slot (``spin.graft_slots``)."""
    hosts = []
    for text in documents:
        piece: list[str] = []
        for paragraph in (p.strip() for p in text.split("\n")):
            if not paragraph:
                continue
            piece.append(paragraph)
            if sum(len(p.split()) for p in piece) >= GRAFT_HOST_WORDS:
                host = "\n".join(piece)
                if graft_slots(host):
                    hosts.append(host)
                piece = []
    return hosts


def graft_host(key: str, hosts: Sequence[str]) -> tuple[str, int]:
    """The host the phrase ``key`` is grafted into, and the seed of its slot: the same in every
    process."""
    digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
    return hosts[digest % len(hosts)], digest >> 32
