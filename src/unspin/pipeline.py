"""The pipeline: text -> candidates -> evidence -> decisions -> report."""

from __future__ import annotations

import copy
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from itertools import islice

from unspin.candidates import (
    MAX_WINDOW,
    PHRASE_BUDGET,
    RUNNING_TEXT_BUDGET,
    Candidate,
    Window,
    WordOptions,
    candidates,
    item_ends,
    scan,
    second_hop_options,
    stretch_options,
    window_spin_prior,
    word_options,
    word_runs,
    worth_searching,
)
from unspin.decisions import (
    DOCUMENT_PRIOR_WEIGHT,
    Decision,
    SpanModel,
    candidate_ranker,
    decide,
    manuscript_span_model,
    phrase_model,
    rank_groups,
    score_groups,
    span_model,
    trusted_listing,
    with_document_prior,
)
from unspin.evidence import (
    ISOLATED_MAX_WORDS,
    Assessment,
    Examples,
    as_written,
    assess,
    lemma_counts,
    window_repetition,
)
from unspin.fingerprints import (
    MAX_PHRASE_SUBSTITUTION_WORDS,
    Fingerprint,
    FingerprintIndex,
    allow_index,
    contested_phrases,
    joined_key,
    listing_runs,
    phrase_key,
    phrase_substitutions,
    shipped,
    substitution_examples,
    tortured_word_odds,
    word_substitutions,
)
from unspin.gate import gate_row, shipped_gate
from unspin.genre import guess_genre
from unspin.inflection import (
    case_like,
    indefinite_article,
    inflect_as_listed,
    keep_written_words,
    lemma_key,
    tags_of,
)
from unspin.language_model import ContextFit, DomainPhrases, domain_phrases, reading_subject_headings
from unspin.report import Alternative, Evidence, Report, Span
from unspin.resources import trim_caches
from unspin.restoration import (
    Path,
    RestorationModel,
    decode,
    shipped_restoration_model,
    wide_decode,
)
from unspin.restoration import preference as restoration_preference
from unspin.tokens import Token, ends_a_sentence, tokenize, word_count
from unspin.verdict import MIN_WORDS, judge_document
from unspin.verdict import shipped_model as shipped_verdict_model

# Chosen with the document prior's weight (decisions.py) on the calibration split by
# scripts/choose_threshold.py: the pair with the best span recall in spun articles among those
# keeping clean news and clean technical prose at <= 0.5 false spans per 1,000 words and span
# precision in the spins >= 0.85. Its spins are as blind to function words and names as real
# spinners sometimes are, three of each article: there 0.8 and 0.15 give recall 0.223, precision
# 0.881, clean news 0.389 and technical prose 0.331 false spans per 1,000 words. The pair shipped
# before, 0.9 and 0.25, has the same recall with fewer false spans on clean news (0.117) but
# precision 0.848, just under the floor (seed 14: 0.849). Test-split figures of both pairs:
# bench/RESULTS.md and README, Evaluation.
DEFAULT_MIN_CONFIDENCE = 0.8
# Listed tortured phrases found in a text: {first token: [(length in tokens, fingerprint)]}
ListedMatches = list[tuple[int, Fingerprint]]  # (length in tokens, fingerprint)
ListedPhrases = dict[int, ListedMatches]
# A check of this loads every lazily loaded resource: what a server or a batch's parent process
# checks before it answers or forks, so that the first request is as fast as the others and forked
# workers share the tables.
WARM_UP_TEXT = "The deep sea is cold."

# Words whose thesaurus options a Checker keeps at hand: about 15 kB each (a word can have hundreds
# of heads), so the cache stays near 300 MB however many documents a batch checks.
MAX_CACHED_WORDS = 20_000
# The window gate (unspin.gate) skips the windows of running text unlikely to reach confidence 0.1.
# On 60 calibration-split articles and two spins of each it took about 45 % off the checking time
# and lost none of the windows at >= 0.9 (see training.GATE_MIN_PROBABILITY); the bench's warm
# speed went from about 8,100 words/s without it to 11,000-15,000. The verdict reads every
# decision, so it is trained on a gated checker (scripts/train_verdict.py); the span model learns
# from every window (training._news_windows).
USE_WINDOW_GATE = True
# One check keeps every window's decision until the report is made: about 0.5 kB per word of text
# (with its tokens, 0.7 kB), so a text of this many words takes some 350 MB beyond the ~600 MB of
# tables and caches. A longer one is refused with a clear error rather than let run out of memory.
MAX_WORDS = 500_000
SCORED_TOGETHER = 1024  # windows whose candidates are scored in one model call (numpy: rows x trees)


# What running text a checker reads, which picks its span model. The news model learned from spins
# of news and technical prose and list phrases on their own; the manuscript model learned also from
# spins of scientific prose and from list phrases grafted into it. On the test split (bench sections
# 1b and 3c) the manuscript model found more list phrases grafted into prose (recall at precision
# 0.85, scientific prose 0.69 -> 0.79, news 0.72 -> 0.79) and made fewer false spans in clean
# scientific prose (0.26 -> 0.07 per 1,000 words), but found fewer of WordNet's and Moby's
# synonyms in spins of news and of scientific prose: one model did not serve both.
GENRES = ("news", "manuscript")
# "auto": each document is read by the models of the genre it reads as (``unspin.genre``). The
# default: on the test split it reads 0.3 % of news and 98 % of scientific prose as manuscripts
# (bench section 2e), so a user who does not say what a text is gets the models that fit it.
AUTO_GENRE = "auto"
GENRE_CHOICES = (*GENRES, AUTO_GENRE)
DEFAULT_GENRE = AUTO_GENRE


class TextTooLong(ValueError):
    """A text longer than ``MAX_WORDS`` words: one check would hold too much in memory."""


# Of the list's entries, 95 % have two to four words; of test-split headlines written in lower case,
# 82 % have five or more, and read as phrases, a quarter of those got a false span.
LIST_ENTRY_MAX_WORDS = 4


def is_phrase(tokens: list[Token], as_phrase: bool | None = None) -> bool:
    """Whether the text is read as a phrase on its own (a list entry, a query), not running prose.

    ``as_phrase`` True: any text of at most ``ISOLATED_MAX_WORDS`` words is (``unspin check
    --lines``: the user says these are suspect phrases); False: none is. None: a text is a phrase
    when it is written like a list entry: at most ``LIST_ENTRY_MAX_WORDS`` words, in lower case, not
    ending like a sentence. The phrase model learned from the list's entries, whose prior is that of
    a suspect phrase (three in five are tortured); everyday short English read that way was flagged
    everywhere: a false span in one in seven clean four- to eight-word sentences of test-split news
    and in three in ten headlines, a quarter of them still when written in lower case (none as
    running text; bench section 2c).
    """
    words = sum(t.kind == "word" for t in tokens)
    if as_phrase is False or words > ISOLATED_MAX_WORDS:
        return False
    if as_phrase:
        return True
    capitals = any(t.kind == "word" and any(c.isupper() for c in t.text) for t in tokens)
    return words <= LIST_ENTRY_MAX_WORDS and not capitals and not ends_a_sentence(tokens)


@dataclass(frozen=True, slots=True)
class Search:
    """A window worth a look: its listed-phrase candidates, whether to search for more, its words'
    options, and how it reads as written when the gate has already scored that."""

    window: Window
    tokens: list[Token]
    listed: list[Candidate]
    searched: bool
    options: list[WordOptions]
    written: ContextFit | None = None

    def scored(self, written: ContextFit) -> Search:
        """This search with how its window reads as written (built directly: ``dataclasses.replace``
        costs several times more, once per kept window)."""
        return Search(self.window, self.tokens, self.listed, self.searched, self.options, written)


def _compound_head(word: str) -> str | None:
    """The key (``joined_key``) of what comes before a past participle that ends a compound
    ("learning" of "learning-based", "profound-learning" of "profound-learning-based"), which
    modifies it; None for any other word. Other compounds are words of their own ("set-up",
    "set-piece"): a listed "coaching set" is not in "coaching set-up"."""
    head, dash, tail = word.rpartition("-")
    if not (dash and head and tail):
        return None
    return joined_key(head) if {"VBD", "VBN"} & set(tags_of(tail)) else None


def _listing_endings(word: str) -> tuple[str, ...]:
    """Where a listed phrase can end at a hyphenated word other than at its lemma (``match``
    reads that): at its ``_compound_head``, and at the word read part by part ("profound-learnings"
    or "absolutely-linked" for the listed "profound learning", "absolutely linked", written as one
    word)."""
    if "-" not in word:
        return ()
    head = _compound_head(word)
    joined = joined_key(word)
    return tuple(e for e in (head, joined if joined != lemma_key(word) else None) if e is not None)


def _listed_ending(written: str, fingerprint: Fingerprint) -> tuple[str, str]:
    """The part of a listed phrase's last written word that the list matched, and what follows it:
    ("learning", "-based") where "profound learning" ends inside "learning-based", and
    ("profound-learning", "-based") where it is written as one word in "profound-learning-based";
    otherwise the whole word and nothing."""
    head, dash, tail = written.rpartition("-")
    listed = lemma_key(fingerprint.last_word)
    if (
        dash
        and lemma_key(written) != listed
        and _compound_head(written) in (listed, joined_key(fingerprint.tortured))
    ):
        return head, dash + tail
    return written, ""


def _glued_negation(tokens: list[Token], index: int) -> bool:
    """Whether ``tokens[index]`` is a word with a negation glued to it ("can" of "can't")."""
    after = index + 1
    return (
        after < len(tokens)
        and tokens[after].kind == "clitic"
        and tokens[after].norm == "'t"
        and tokens[after].start == tokens[index].end
    )


class Checker:
    """A configured detector. ``unspin.check`` uses one built from the shipped resources.

    ``fingerprints`` replaces the shipped tortured-phrase list (cross-validation passes the
    training folds only), and the word substitutions learned from it; ``model``, ``phrase_model``
    and ``restoration_model`` replace the shipped span models (running text; a phrase on its own)
    and restoration model, ``candidate_ranker`` the ranker of a running-text window's restorations
    (``decisions.candidate_ranker``). ``window_gate`` skips the windows of running text that
    ``unspin.gate`` rules out before any search. A phrase on its own has every window searched unless
    ``search_every_phrase_window`` is False (then it is searched like running text, as the
    running-text span model learns from it). ``genre`` (one of ``GENRE_CHOICES``) picks the shipped
    span model for running text, unless ``model`` is given, and the verdict model; "auto" picks them
    per text by the genre it reads as; ``check`` may pick another genre per text.
    """

    def __init__(
        self,
        fingerprints: Iterable[Fingerprint] | None = None,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        model: SpanModel | None = None,
        window_gate: bool = USE_WINDOW_GATE,
        restoration_model: RestorationModel | None = None,
        phrase_model: SpanModel | None = None,
        search_every_phrase_window: bool = True,
        candidate_ranker: SpanModel | None = None,
        genre: str = DEFAULT_GENRE,
    ):
        entries = tuple(shipped() if fingerprints is None else fingerprints)
        self.genre = valid_genre(genre)
        # the genre guess of the text checked last, with its tokens: decisions and report each ask
        self._last_guess: tuple[list[Token], str] | None = None
        self.fingerprints = FingerprintIndex.build(entries)
        self.contested = contested_phrases(entries)
        self.substitutions = word_substitutions(entries)
        self._entries = entries
        self._substitution_examples: dict[tuple[str, str], Fingerprint] | None = None
        self.word_odds = tortured_word_odds(entries)
        self.domain = DomainPhrases.build(e for entry in entries for e in entry.expected)
        self.min_confidence = min_confidence
        self.model = model
        self.restoration_model = restoration_model
        self.phrase_model = phrase_model
        self.candidate_ranker = candidate_ranker
        self.search_every_phrase_window = search_every_phrase_window
        # running text only: a phrase on its own is one or two windows, all worth a search
        self.gate = shipped_gate() if window_gate else None
        # users' allow lists (``allowing``): phrases never flagged, nor any window touching one
        self.allowed_phrases: tuple[str, ...] = ()
        self.allowed: FingerprintIndex | None = None

        # one cache per checker: the options depend on its learned substitutions
        self.options: Callable[[str], WordOptions] = lru_cache(maxsize=MAX_CACHED_WORDS)(self._options)
        # a word's second-hop options hold up to thousands of heads (0.3-1.7 MB): one phrase's worth
        # is kept, for its restoration and then its explanation
        self.second_hop: Callable[[str], WordOptions] = lru_cache(maxsize=ISOLATED_MAX_WORDS)(
            self._second_hop
        )
        # a phrase's ranked restorations serve twice: as evidence of the phrase model, then as the
        # restorations of its span
        self.ranked_restorations: Callable[
            [tuple[str, ...], str | None, str | None, bool], list[tuple[Path, float]]
        ] = lru_cache(maxsize=ISOLATED_MAX_WORDS)(self._ranked_restorations)

    @cached_property
    def phrase_substitutions(self) -> dict[str, Counter[str]]:
        """The stretches of words the list taught as a spinner's wording of one word (made when
        first needed: only a phrase on its own searches them)."""
        return phrase_substitutions(self._entries, self.substitutions)

    @property
    def substitution_examples(self) -> dict[tuple[str, str], Fingerprint]:
        """A listed entry for each learned substitution, shown in its evidence (made when first
        needed: most texts have no span to explain)."""
        if self._substitution_examples is None:
            self._substitution_examples = substitution_examples(self._entries)
        return self._substitution_examples

    def _second_hop(self, word: str) -> WordOptions:
        return second_hop_options(word, self.options(word), self.options)

    def _options(self, word: str) -> WordOptions:
        # the parts of a compound come from the same cache: recomputing them took about 5 % of the
        # steady-state checking time (sampled, news docs 600-800 after 600)
        return word_options(word, self.substitutions, self.options)

    def assessments(self, tokens: list[Token], as_phrase: bool | None = None) -> list[list[Assessment]]:
        """Every window's scored candidates (before any threshold), windows in text order;
        ``as_phrase`` as for ``is_phrase``."""
        with domain_phrases(self.domain):
            return list(self._assessments(tokens, is_phrase(tokens, as_phrase)))

    def _assessments(self, tokens: list[Token], isolated: bool) -> Iterator[list[Assessment]]:
        """``assessments``, one window at a time (to be read in the checker's domain context)."""
        budget = PHRASE_BUDGET if isolated else RUNNING_TEXT_BUDGET
        if isolated and not self.search_every_phrase_window:
            # searched as running text is (the running-text model's rows of list phrases): only
            # heads that pair with a neighbour
            budget = replace(budget, unpaired=0)
        searches = self._searches(tokens, isolated)
        if self.gate is not None and not isolated:
            searches = self._gated(searches)
        odds = self.word_odds
        # a phrase on its own has no document around it to repeat its words
        counts = {} if isolated else lemma_counts(tokens)
        # a phrase on its own, read as the phrase model reads it, is also weighed as a whole by the
        # restoration model (how far it prefers a change to the phrase as written); a listed one is
        # not: the list says what it is, and that search is most of a phrase's checking time
        weighed = isolated and self.search_every_phrase_window and not _listed_whole(searches, tokens)
        preference = self._phrase_preference(tokens) if weighed else 0.0
        for search in searches:
            window, options = search.window, search.options
            capitalised = any(t.is_capitalised for t in search.tokens)
            found = search.listed + (
                candidates(window, options, budget, capitalised) if search.searched else []
            )
            if not found:
                continue
            name_like = any(t.is_capitalised and not t.sentence_start for t in search.tokens)
            written = search.written or as_written(window)
            prior = window_spin_prior(options)
            repeated = window_repetition(window, counts) if counts else 0.0
            yield [
                assess(window, c, name_like, isolated, written, prior, odds, repeated, preference)
                for c in found
            ]

    def searches(self, tokens: list[Token], as_phrase: bool | None = None) -> list[Search]:
        """The windows worth a look, in text order: listed phrases, and windows that read oddly."""
        with domain_phrases(self.domain):
            return self._searches(tokens, is_phrase(tokens, as_phrase))

    def _searches(self, tokens: list[Token], isolated: bool) -> list[Search]:
        # A phrase on its own has every window searched, whether or not it reads oddly: it has only
        # a few windows, and a spun pair of common words can read as attested text ("huge data").
        search_all = self.search_every_phrase_window and isolated
        listed = self._listed_phrases(tokens)
        # Never searched, in a window of any length (flagged once per token: a token is in up to
        # six windows): acronyms, which are not spun words; the stem a negation is glued to ("can't",
        # "won't", "didn't"), whose heads are another word's ("can" the container, "won" the verb
        # "win"), none of which takes the "n't" ("can't stand" restored as "bathroom't stand"); and
        # the numbers, clitics and punctuation of a listed phrase's window ("co2 effluent"). A listed
        # phrase holding any of them is still found.
        unsearchable = [
            t.kind != "word" or (t.text.isupper() and len(t.text) > 1) or _glued_negation(tokens, i)
            for i, t in enumerate(tokens)
        ]
        # listed phrases are looked at whether or not their window reads oddly
        wanted = {(first, length) for first, matches in listed.items() for length, _ in matches}
        longer = [(w, worth_searching(w)) for w in self._fingerprint_windows(tokens, listed)]
        found = []
        for window, searched in [*scan(tokens, wanted, everything=search_all), *longer]:
            searched = (searched or search_all) and not any(unsearchable[window.first : window.last + 1])
            matches = (
                self._fingerprint_candidates(window, listed[window.first]) if window.first in listed else []
            )
            if matches or searched:
                options = [self.options(w) for w in window.words]
                window_tokens = tokens[window.first : window.last + 1]
                found.append(Search(window, window_tokens, matches, searched, options))
        return found

    def _gated(self, searches: list[Search]) -> list[Search]:
        """The searches the window gate keeps (a listed phrase is always kept)."""
        assert self.gate is not None
        kept = []
        # a batch at a time: a long text's rows all at once took more memory than its decisions
        for start in range(0, len(searches), SCORED_TOGETHER):
            batch = searches[start : start + SCORED_TOGETHER]
            written = [as_written(s.window) for s in batch]
            rows = [gate_row(s.window, w, window_spin_prior(s.options)) for s, w in zip(batch, written)]
            kept += [
                search.scored(fit)
                for search, fit, keep in zip(batch, written, self.gate.keeps(rows))
                if keep or search.listed
            ]
        return kept

    def _listed_phrases(self, tokens: list[Token]) -> ListedPhrases:
        """Listed tortured phrases by first token: ``{index: [(length in tokens, fingerprint)]}``.

        Matched within runs of words, like the scanning windows; and across the numbers, clitics and
        punctuation the list writes inside its phrases (``fingerprints.listing_runs``: "alzheimer's
        ailment", "co2 effluent", "amiable, atypical"). A listed phrase in the possessive is matched
        by its words alone ("... organization's"), or, when it holds a clitic too, with its last
        word read bare ("alzheimer's ailment's"); one of two words or more also ends at the first
        part of a compound ("profound learning-based").
        """
        found: ListedPhrases = {}
        word_keys = [lemma_key(t.norm) if t.kind == "word" else t.norm for t in tokens]
        for run in word_runs(tokens):
            keys = [word_keys[i] for i in run]
            # a listed phrase of two words or more also ends at a compound's first part ("profound
            # learning-based") or is written as one word, joined by hyphens ("a profound-learning
            # model"): papers make compounds of their terms, and so of spun terms
            endings = [_listing_endings(tokens[i].norm) for i in run]
            compounds = any(endings)
            for offset in range(len(run)):
                matches = self.fingerprints.match(keys, offset)
                if compounds:
                    # (a listed word alone ending at a compound's head is a word of the compound)
                    matches += [
                        (length, fingerprint)
                        for length, fingerprint in self.fingerprints.match_ending_in(keys, offset, endings)
                        if length > 1 or len(phrase_key(fingerprint.tortured)) > 1
                    ]
                if matches:
                    found[run[offset]] = matches
        for units in listing_runs(tokens, word_keys):
            keys = [key for key, _, _ in units]
            # a word with a possessive "'s" ends a listed phrase without it too ("alzheimer's
            # ailment's course"): the phrase then ends at the word
            bare = [
                (word_keys[first],) if last == first + 1 and tokens[last].norm == "'s" else ()
                for _, first, last in units
            ]
            possessive = any(bare)
            for offset, (_, first, _) in enumerate(units):
                unit_matches = [
                    (length, f, units[offset + length - 1][2])
                    for length, f in self.fingerprints.match(keys, offset)
                ]
                if possessive:
                    unit_matches += [
                        (length, f, units[offset + length - 1][1])
                        for length, f in self.fingerprints.match_ending_in(keys, offset, bare)
                    ]
                for _, fingerprint, last in unit_matches:
                    # across a number, a clitic or punctuation: not matched above
                    if any(tokens[i].kind != "word" for i in range(first, last + 1)):
                        found.setdefault(first, []).append((last - first + 1, fingerprint))
        return found

    def _fingerprint_windows(self, tokens: list[Token], listed: ListedPhrases) -> list[Window]:
        """Listed phrases that are no scanning window get windows of their own: those longer than
        the windows, and those across a number, a clitic or punctuation."""
        found = []
        for first, matches in listed.items():
            for length, _ in matches:
                last = first + length - 1
                if length > MAX_WINDOW or any(tokens[i].kind != "word" for i in range(first, last + 1)):
                    words = tuple(tokens[i].norm for i in range(first, last + 1))
                    found.append(Window(first, last, words, None, None))
        return found

    def _fingerprint_candidates(self, window: Window, matches: ListedMatches) -> list[Candidate]:
        length = window.last - window.first + 1
        found = []
        for matched, fingerprint in matches:
            if matched != length or not fingerprint.expected:
                continue
            # a compound keeps its other parts: "profound learning-based" -> "deep learning-based"
            last_word, rest = _listed_ending(window.words[-1], fingerprint)
            key = phrase_key(fingerprint.tortured)
            # a listed phrase written as one word is restored as one: "profound-learning" ->
            # "deep-learning"
            joined = length == 1 and len(key) > 1 and "-" in last_word
            written = last_word.rpartition("-")[2] if joined else last_word
            restored = inflect_as_listed(fingerprint.expected[0], written, fingerprint.last_word)
            restored = (restored.replace(" ", "-") if joined else restored) + rest
            words = (restored,) + ("",) * (length - 1)
            contested = key in self.contested
            found.append(
                Candidate(
                    words,
                    "fingerprint",
                    ("f",),
                    contested,
                    listed_tail=rest,
                    listed_joined=joined,
                    listed_source=fingerprint.source,
                )
            )
        return found

    def decisions(
        self, text: str, as_phrase: bool | None = None, genre: str | None = None
    ) -> tuple[list[Token], list[Decision]]:
        """The text's tokens and every window's decision, before any threshold (``as_phrase``: as
        for ``is_phrase``; ``genre``: one of ``GENRE_CHOICES``, default the checker's)."""
        chosen = self.genre if genre is None else valid_genre(genre)
        trim_caches()  # the word caches stay bounded over a batch of any length
        self._last_guess = None  # the last text's tokens go before this one's are made
        tokens = tokenize(text)
        words = word_count(tokens)
        if words > MAX_WORDS:
            raise TextTooLong(
                f"{words:,} words: longer than the {MAX_WORDS:,} one check reads at once;"
                " check it in parts (chapters, say)"
            )
        isolated = is_phrase(tokens, as_phrase)
        if isolated:
            model = self.phrase_model or phrase_model()
        else:
            model = self._running_text_model(self.genre_of(tokens, chosen))
        # a phrase on its own is restored by the restoration model's wide search instead
        ranker = None if isolated else (self.candidate_ranker or candidate_ranker())
        found = []
        with domain_phrases(self.domain):
            groups = self._assessments(tokens, isolated)
            # the windows' candidates are scored a batch at a time, and only each window's decision is
            # kept: all of a long text's candidates at once took four times the memory of its decisions
            while batch := list(islice(groups, SCORED_TOGETHER)):
                margins = rank_groups(batch, ranker) if ranker else [None] * len(batch)
                for group, scores, ranks in zip(batch, score_groups(batch, model), margins):
                    decision = decide(group, scores, ranks)
                    if decision is not None:
                        found.append(decision)
        if self.allowed is not None:
            found = self._not_allowed(tokens, found)
        return tokens, found

    def allowing(self, phrases: Iterable[str]) -> Checker:
        """This checker, but never flagging ``phrases`` (users' allow lists,
        ``fingerprints.read_allow_list``), matched in any inflection, nor any window that touches
        one: their words read as written, in the spans and in the document's score alike. It shares
        this checker's resources and caches, and allows what this one allows too."""
        allowing = copy.copy(self)
        allowing.allowed_phrases = tuple(dict.fromkeys((*self.allowed_phrases, *phrases)))
        allowing.allowed = allow_index(allowing.allowed_phrases)
        return allowing

    def _not_allowed(self, tokens: list[Token], decisions: list[Decision]) -> list[Decision]:
        """``decisions`` but those whose window touches a phrase of the allow lists."""
        assert self.allowed is not None
        allowed = [False] * len(tokens)
        for run in word_runs(tokens):
            keys = [lemma_key(tokens[i].norm) for i in run]
            for offset in range(len(run)):
                for length, _ in self.allowed.match(keys, offset):
                    allowed[run[offset] : run[offset + length - 1] + 1] = [True] * length
        windows = [d.assessment.window for d in decisions]
        return [d for d, w in zip(decisions, windows) if not any(allowed[w.first : w.last + 1])]

    def genre_of(self, tokens: list[Token], genre: str | None = None) -> str:
        """The genre whose models read ``tokens``: ``genre`` (default: the checker's), or with
        "auto" the one they read as (``unspin.genre.guess_genre``)."""
        chosen = self.genre if genre is None else valid_genre(genre)
        if chosen != AUTO_GENRE:
            return chosen
        last = self._last_guess
        if last is not None and last[0] is tokens:
            return last[1]
        guessed = guess_genre(tokens, self.domain).genre
        # kept with the very list it was made for: ``is`` matches no other
        self._last_guess = (tokens, guessed)
        return guessed

    def _running_text_model(self, genre: str) -> SpanModel:
        if self.model is not None:
            return self.model
        return manuscript_span_model() if genre == "manuscript" else span_model()

    def check(
        self,
        text: str,
        min_confidence: float | None = None,
        as_phrase: bool | None = None,
        genre: str | None = None,
    ) -> Report:
        """The report of ``text``: spans at ``min_confidence`` (default: the checker's), read as a
        phrase on its own or as running text as ``is_phrase`` says for ``as_phrase``, running text
        by the span model of ``genre`` (default: the checker's)."""
        threshold = self.min_confidence if min_confidence is None else min_confidence
        if not isinstance(text, str):
            raise TypeError(f"check() takes str, not {type(text).__name__}")
        tokens, decisions = self.decisions(text, as_phrase, genre)
        return self.report(text, tokens, decisions, threshold, genre=genre)

    def report(
        self,
        text: str,
        tokens: list[Token],
        decisions: list[Decision],
        threshold: float,
        prior_weight: float = DOCUMENT_PRIOR_WEIGHT,
        genre: str | None = None,
    ) -> Report:
        """The report of ``text`` from its decisions (``decisions``, made for ``genre``, default the
        checker's): the verdict of the genre's verdict model, then the spans at ``threshold`` once
        the document's score has shifted each confidence by ``prior_weight``."""
        words = word_count(tokens)
        genre = self.genre_of(tokens, genre)
        verdict_model = shipped_verdict_model(genre)
        score, verdict, reasons, prose_score = judge_document(tokens, decisions, words, model=verdict_model)
        if words >= MIN_WORDS:
            # a word in a document that was spun as a whole is likelier to be spun itself (shorter
            # texts get no score worth leaning on)
            decisions = [with_document_prior(d, prose_score, prior_weight) for d in decisions]
        flagged = [d for d in decisions if d.confidence >= threshold]
        # read as the decisions were made (a phrase on its own, or running text)
        isolated = any(d.assessment.features["isolated"] for d in decisions)
        with domain_phrases(self.domain):
            spans = [
                span
                for region in span_regions(flagged)
                for span in self.region_spans(text, tokens, region, isolated)
            ]
        return Report(
            text=text,
            spans=with_agreeing_articles(text, tokens, spans),
            score=score,
            verdict=verdict,
            words=words,
            reasons=reasons,
            genre=genre,
        )

    def region_spans(
        self, text: str, tokens: list[Token], region: list[Decision], isolated: bool = False
    ) -> list[Span]:
        """Spans for a group of touching flagged windows, restored jointly by the decoder.

        Each stretch of words the best restoration changes becomes one span; words it keeps stay
        out, so a span never covers text it does not edit. In a phrase on its own (``isolated``)
        the restoration model reranks a wider beam (see ``unspin.restoration``).
        """
        first = region[0].assessment.window.first
        last = max(d.assessment.window.last for d in region)
        whole = [d for d in region if (d.assessment.window.first, d.assessment.window.last) == (first, last)]
        phrase_like = [d for d in whole if d.assessment.candidate.source == "fingerprint" or _merges(d)]
        if phrase_like:
            # a listed phrase, or a window restored as a whole phrase ("carried out" for "done")
            decision = max(phrase_like, key=lambda d: d.confidence)
            span = _make_span(
                text, tokens, first, last, decision, list(decision.alternatives), self.substitution_examples
            )
            return [span] if span else []
        words = tuple(tokens[i].norm for i in range(first, last + 1))
        opening = next(d for d in region if d.assessment.window.first == first).assessment.window
        closing = next(d for d in region if d.assessment.window.last == last).assessment.window
        context = (opening.before, opening.left, closing.right, closing.after)
        paths = [
            p for p in self._restorations(words, opening.left, closing.right, isolated) if p.words != words
        ]
        if not paths:
            # the joint decoder prefers the text as it stands: keep the window's own restoration
            decision = max(region, key=lambda d: d.confidence)
            window = decision.assessment.window
            span = _make_span(
                text,
                tokens,
                window.first,
                window.last,
                decision,
                list(decision.alternatives),
                self.substitution_examples,
            )
            return [span] if span else []
        # the whole phrase's preference, as its windows were weighed with it (running text: 0), told
        # in the evidence of each stretch it restores
        preference = region[0].assessment.features["restoration_preference"]
        spans = []
        for lo, hi in _changed_stretches(paths[0].words, words):
            covering = [
                d
                for d in region
                if d.assessment.window.first <= first + hi and d.assessment.window.last >= first + lo
            ]
            decision = max(covering or region, key=lambda d: d.confidence)
            restorations = [
                (" ".join(w for w in path.words[lo : hi + 1] if w), decision.confidence * 0.9**rank)
                for rank, path in enumerate(paths)
                if path.words[lo : hi + 1] != words[lo : hi + 1]
            ]
            explained = self._explain(words, paths[0].words, lo, hi, first, context, preference)
            surface = text[tokens[first + lo].start : tokens[first + hi].end]
            evidence = explained.evidence(surface, self.substitution_examples)
            span = _make_span(text, tokens, first + lo, first + hi, decision, restorations, evidence=evidence)
            if span:
                spans.append(span)
        return spans

    def _restorations(
        self, words: tuple[str, ...], left: str | None, right: str | None, isolated: bool
    ) -> list[Path]:
        # Running text keeps the decoder's order: there the neighbours carry the language model,
        # and on spun train-split news a reranker fitted to the list restored fewer regions.
        if not isolated or self._restoration_model() is None:
            return decode(words, [self.options(w) for w in words], left, right)
        return [path for path, _ in self.ranked_restorations(words, left, right, True)[:5]]

    def _restoration_model(self) -> RestorationModel | None:
        return self.restoration_model or shipped_restoration_model()

    def _ranked_restorations(
        self, words: tuple[str, ...], left: str | None, right: str | None, with_stretches: bool
    ) -> list[tuple[Path, float]]:
        """A phrase's restorations best first by the restoration model, with their margins;
        ``with_stretches``: stretches of words may go back to the one word the list taught that
        they stood for (``stretch_options``)."""
        model = self._restoration_model()
        assert model is not None
        stretches = self.stretch_options(words) if with_stretches else {}
        if with_stretches and not stretches:
            return self.ranked_restorations(words, left, right, False)  # the same search
        options, wider = [self.options(w) for w in words], self.wider_options(words)
        # a phrase's search and ranking read the subject headings as word pairs (the options are
        # made before: cached, they are shared with running text, which does not read them)
        with reading_subject_headings():
            paths = wide_decode(words, options, left, right, wider, stretches)
            return model.ranked(words, paths, wider, left, right, self.word_odds, stretches)

    def stretch_options(self, words: Sequence[str]) -> dict[tuple[int, int], WordOptions]:
        """The options of each stretch of ``words`` that the list taught as a spinner's wording of
        one word (``fingerprints.phrase_substitutions``), by its first and last index."""
        found = {}
        for first in range(len(words) - 1):
            for last in range(first + 1, min(len(words), first + MAX_PHRASE_SUBSTITUTION_WORDS)):
                heads = self.phrase_substitutions.get(" ".join(words[first : last + 1]))
                if heads:
                    found[(first, last)] = stretch_options(words[first : last + 1], heads)
        return found

    def _phrase_preference(self, tokens: list[Token]) -> float:
        """``restoration.preference`` of a phrase on its own (no restoration model: 0)."""
        words = tuple(t.norm for t in tokens if t.kind == "word")
        if not words or self._restoration_model() is None:
            return 0.0
        # the pool without stretches: the restoration model was fitted on such pools and the phrase
        # model on their preferences (``training.restoration_rows_by_fold``; refitting both on pools
        # with stretches is left to a full retrain)
        return restoration_preference(self.ranked_restorations(words, None, None, False), words)

    def wider_options(self, words: Sequence[str]) -> list[WordOptions]:
        """Each word's options with second-hop heads, for a phrase's restoration search."""
        return [self.second_hop(w) for w in words]

    def _link(self, word: str, head: str) -> str:
        """How ``head`` is linked to ``word``: directly, or (a phrase's restoration) by a second hop."""
        options = self.options(word)
        link = options.links.get(head)
        return self.second_hop(word).links[head] if link is None else link

    def _explain(
        self,
        words: tuple[str, ...],
        restored: tuple[str, ...],
        lo: int,
        hi: int,
        first: int,
        context: tuple[str | None, str | None, str | None, str | None],
        preference: float = 0.0,
    ) -> Assessment:
        """Evidence for the decoded restoration of ``words[lo:hi + 1]`` itself (not for a window's);
        ``context`` is the region's two words before and two after (``Window`` order), ``preference``
        the phrase's (``restoration.preference``)."""
        stretch, chosen = words[lo : hi + 1], restored[lo : hi + 1]
        # only a phrase on its own restores stretches; running text need not learn them
        stretches = self.stretch_options(words) if "" in restored else {}
        links = tuple(
            stretches[(i, last)].links[restored[i]] if last > i else self._link(words[i], restored[i])
            for i, last in item_ends(restored)
            if lo <= i <= hi and restored[i] != words[i]
        )
        source = "learned" if all(link.startswith("l") for link in links) else "thesaurus"
        # the stretch's neighbours: the region's own words where it has them, else its context
        outer_before, outer_left, outer_right, outer_after = context
        around = (outer_before, outer_left, *words, outer_right, outer_after)
        at, to = lo + 2, hi + 2  # the stretch in ``around``
        window = Window(
            first + lo,
            first + hi,
            stretch,
            left=around[at - 1],
            right=around[to + 1],
            before=around[at - 2],
            after=around[to + 2],
        )
        with domain_phrases(self.domain):
            return assess(window, Candidate(chosen, source, links), name_like=False, preference=preference)


def _listed_whole(searches: list[Search], tokens: list[Token]) -> bool:
    """Whether a listed tortured phrase spans every word of ``tokens``."""
    words = [i for i, t in enumerate(tokens) if t.kind == "word"]
    return bool(words) and any(
        s.listed and (s.window.first, s.window.last) == (words[0], words[-1]) for s in searches
    )


def _changed_stretches(best: tuple[str, ...], words: tuple[str, ...]) -> list[tuple[int, int]]:
    stretches: list[tuple[int, int]] = []
    for i, (restored, original) in enumerate(zip(best, words)):
        if restored == original:
            continue
        if stretches and stretches[-1][1] == i - 1:
            stretches[-1] = (stretches[-1][0], i)
        else:
            stretches.append((i, i))
    return stretches


def _make_span(
    text: str,
    tokens: list[Token],
    first: int,
    last: int,
    decision: Decision,
    restorations: list[tuple[str, float]],
    examples: Examples | None = None,
    evidence: tuple[Evidence, ...] | None = None,
) -> Span | None:
    start, end = tokens[first].start, tokens[last].end
    surface = text[start:end]
    best: dict[str, float] = {}
    for restoration, score in restorations:
        if restoration:
            best.setdefault(keep_written_words(case_like(restoration, surface), surface), round(score, 4))
    alternatives = tuple(Alternative(t, c) for t, c in best.items())[:5]
    if not alternatives or alternatives[0].text == surface:
        return None
    if evidence is None:
        evidence = decision.assessment.evidence(_surface(text, tokens, decision), examples)
    return Span(start, end, surface, alternatives[0].text, decision.confidence, alternatives, evidence)


def with_agreeing_articles(text: str, tokens: list[Token], spans: list[Span]) -> tuple[Span, ...]:
    """``spans``, each grown to take in the "a" or "an" before it where that article agrees with
    the words as written but not with the suggestion ("a blunder term" -> "an error term"): a
    spinner that keeps its output grammatical changed the article with the word. An article that
    agrees with neither, or a first word whose spelling does not tell its sound, is left as it
    stands. A span of the article alone, made to agree with the spun word after it, goes where
    that word's span restores a word the written article agrees with ("an counterfeit-intelligence
    system": "an" -> "a" would undo the spinner's one right word)."""
    grown: list[Span] = []
    starts = [token.start for token in tokens] if spans else []
    for span, following in zip(spans, [*spans[1:], None]):
        if following is not None and _agrees_with_restoration_after(text, span, following):
            continue
        before = bisect_left(starts, span.start) - 1
        article = tokens[before] if before >= 0 else None
        if (
            article is None
            or article.norm not in ("a", "an")
            or (grown and grown[-1].end > article.start)
            or not text[article.end : span.start].isspace()
            or indefinite_article(span.text) != article.norm
            or indefinite_article(span.suggestion) in (None, article.norm)
        ):
            grown.append(span)
            continue
        article_text, gap = article.text, text[article.end : span.start]
        alternatives = tuple(
            Alternative(_after_article(article_text, gap, a.text), a.score) for a in span.alternatives
        )
        grown.append(
            replace(
                span,
                start=article.start,
                text=text[article.start : span.end],
                suggestion=_after_article(article_text, gap, span.suggestion),
                alternatives=alternatives,
            )
        )
    return tuple(grown)


def _agrees_with_restoration_after(text: str, span: Span, following: Span) -> bool:
    """Is ``span`` an "a" or "an" made the other, which agrees as written with the suggestion of
    ``following``, the span right after it?"""
    written = span.text.lower()
    return (
        written in ("a", "an")
        and span.suggestion.lower() in ("a", "an")
        and text[span.end : following.start].isspace()
        and indefinite_article(following.suggestion) == written
    )


def _after_article(article: str, gap: str, words: str) -> str:
    """``words`` after the written ``article`` and ``gap``, the article made to agree with them
    where their spelling tells ("A" -> "An")."""
    return case_like(indefinite_article(words) or article.lower(), article) + gap + words


def _merges(decision: Decision) -> bool:
    """Is the restoration one phrase for several words (not a word-for-word one)?"""
    words = decision.assessment.candidate.words
    return len(words) > 1 and all(w == "" for w in words[1:])


def _surface(text: str, tokens: list[Token], decision: Decision) -> str:
    window = decision.assessment.window
    return text[tokens[window.first].start : tokens[window.last].end]


def span_regions(flagged: list[Decision]) -> list[list[Decision]]:
    """The regions to restore, in text order: each flagged listed phrase on its own (the curators'
    reading of those words, which no neighbouring window is decoded with), then the other flagged
    windows outside them, grouped by ``regions``.

    Without this, a window touching a listed phrase ("the counterfeit") drew it into a region
    decoded word by word, and the span lost the listing as evidence.
    """
    listed: list[list[Decision]] = []
    taken: set[int] = set()
    # longest listing first: "counterfeit intelligence system" over "counterfeit intelligence"
    for decision in sorted(
        (d for d in flagged if trusted_listing(d.assessment)),
        key=lambda d: (d.assessment.window.first - d.assessment.window.last, -d.confidence),
    ):
        indices = set(range(decision.assessment.window.first, decision.assessment.window.last + 1))
        if not indices & taken:
            listed.append([decision])
            taken |= indices
    rest = [
        d for d in flagged if taken.isdisjoint(range(d.assessment.window.first, d.assessment.window.last + 1))
    ]
    return sorted(listed + regions(rest), key=lambda region: region[0].assessment.window.first)


def regions(decisions: list[Decision]) -> list[list[Decision]]:
    """Group flagged windows that overlap or touch: each group is restored as one region."""
    grouped: list[list[Decision]] = []
    reach = -2
    for decision in sorted(decisions, key=lambda d: (d.assessment.window.first, d.assessment.window.last)):
        window = decision.assessment.window
        overlaps = window.first <= reach
        touches = window.first == reach + 1 and window.left is not None  # same run of words
        if grouped and (overlaps or touches):
            grouped[-1].append(decision)
            reach = max(reach, window.last)
        else:
            grouped.append([decision])
            reach = window.last
    return grouped


@cache
def default_checker() -> Checker:
    return Checker()


def checker_with(extra: Iterable[Fingerprint]) -> Checker:
    """The default checker with ``extra`` entries (users' own lists: ``fingerprints.read_phrase_list``)
    beside the shipped list. An extra entry replaces a shipped one of the same tortured phrase (by
    ``phrase_key``: a phrase both hold is restored as the user's list says), and the extra entries
    teach the restorer word substitutions and stretches as the shipped ones do."""
    extra = tuple(extra)
    replaced = {phrase_key(entry.tortured) for entry in extra}
    kept = (entry for entry in shipped() if phrase_key(entry.tortured) not in replaced)
    return Checker(fingerprints=(*extra, *kept))


def valid_genre(genre: str) -> str:
    """``genre`` if it is one of ``GENRE_CHOICES``; a ValueError saying which are otherwise."""
    if genre not in GENRE_CHOICES:
        raise ValueError(f"genre must be one of {', '.join(GENRE_CHOICES)}, not {genre!r}")
    return genre


def check(
    text: str,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    as_phrase: bool | None = None,
    genre: str = DEFAULT_GENRE,
) -> Report:
    """Find spun phrases in ``text``; spans below ``min_confidence`` are left out of the report.

    ``as_phrase=True`` reads a text of up to 8 words as a suspect phrase on its own (the list use
    case), False as running text; None decides by its form (``pipeline.is_phrase``). ``genre``
    "auto" (the default) reads running text with the span and verdict models of the genre it reads
    as (``unspin.genre``; the report's ``genre`` says which), "manuscript" with those for papers,
    "news" with those for news and web copy (``GENRES``)."""
    return default_checker().check(text, min_confidence, as_phrase, genre)


def restore(
    text: str,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    as_phrase: bool | None = None,
    genre: str = DEFAULT_GENRE,
) -> str:
    """``text`` with every span at or above ``min_confidence`` replaced by its suggestion
    (``as_phrase`` and ``genre`` as for ``check``).

    Text outside the edited spans is returned byte for byte; with nothing flagged, the input itself.
    """
    return check(text, min_confidence, as_phrase, genre).restored(min_confidence)
