"""A small bigram language model over the shipped word and phrase frequencies.

Scores are log10 probabilities. Bigrams come from truncated public lists, so an unattested pair
is not impossible, only unknown: it backs off to the unigram ("stupid backoff"), which is exactly
the contrast a spun word shows (its neighbours have never been seen next to it).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from sys import intern

from unspin.resources import (
    bigram_rows,
    bounded_cache,
    headings,
    inflection_rows,
    inverse_rows,
    lemma_table,
    trigram_table,
    word_zipf,
    word_zipf_table,
)

BACKOFF = math.log10(0.4)
# A pair listed only as a thesaurus multiword entry has no count: treat it as a firm collocation.
LISTED_ONLY = -1.0
UNKNOWN_WORD = 0.5  # Zipf given to words no frequency list knows
# Per-billion log frequency given to a pair from a domain lexicon (attested, but rare in general text).
DOMAIN_ZIPF = 1.5


@dataclass(frozen=True)
class DomainPhrases:
    """Phrases of a domain the public bigram lists miss ("hidden layer", "smart grid").

    A checker built from a tortured-phrase list adds the list's expected phrases: they are the
    technical vocabulary that spinners mangle, and knowing them is what tells "hidden layer" (clean)
    from "cryptic layer" (spun).
    """

    scores: dict[str, float]
    following: dict[str, frozenset[str]]
    preceding: dict[str, frozenset[str]]

    @classmethod
    def build(cls, phrases: Iterable[str]) -> DomainPhrases:
        scores: dict[str, float] = {}
        following: dict[str, set[str]] = defaultdict(set)
        preceding: dict[str, set[str]] = defaultdict(set)
        for phrase in phrases:
            words = phrase.split()
            if len(words) > 1:
                scores.setdefault(" ".join(words), DOMAIN_ZIPF)
            for left, right in zip(words, words[1:]):
                scores.setdefault(f"{left} {right}", DOMAIN_ZIPF)
                following[left].add(right)
                preceding[right].add(left)
        return cls(
            scores,
            {w: frozenset(s) for w, s in following.items()},
            {w: frozenset(s) for w, s in preceding.items()},
        )


_EMPTY = DomainPhrases({}, {}, {})
_NONE: frozenset[str] = frozenset()
# The domain lexicon in force; a Checker sets it around its own work (like decimal.localcontext).
_domain: ContextVar[DomainPhrases] = ContextVar("unspin_domain_phrases", default=_EMPTY)


# Whether scores take in ``trigram_lift``. The span models are trained without it and applied with
# it, on purpose: the synthetic spinner writes the thesauri's idioms as readily as any synonym, and
# a model that learns with lifted scores learns that a fixed phrase in prose is as often a spinner's
# as a writer's, which real prose contradicts. Trained with it, the models gave back most of its
# gain: on the 417 clean calibration-split articles, 28 false spans at 0.9 before the lift, 25 with
# models trained on it, 15 with models trained without it (spins of 100 of them: recall 0.294,
# 0.292, 0.287; precision 0.841, 0.837, 0.849).
_fixed_phrases: ContextVar[bool] = ContextVar("unspin_fixed_phrases", default=True)


@contextmanager
def pairs_only() -> Iterator[None]:
    """Score by word pairs alone, without ``trigram_lift`` (``scripts/train_models.py`` does)."""
    token = _fixed_phrases.set(False)
    try:
        yield
    finally:
        _fixed_phrases.reset(token)


@contextmanager
def domain_phrases(domain: DomainPhrases) -> Iterator[None]:
    token = _domain.set(domain)
    try:
        yield
    finally:
        _domain.reset(token)


# The subject headings' word pairs, read while a phrase on its own is restored
# (``reading_subject_headings``): attested pairs to the language model, as a domain lexicon's are,
# and the rare heads that make one with a neighbour choices of the search. Not the domain lexicon
# itself, which detection reads: there they would be new span features and a full retrain.
_subject_pairs: ContextVar[DomainPhrases] = ContextVar("unspin_subject_pairs", default=_EMPTY)


@cache
def subject_heading_pairs() -> DomainPhrases:
    """``resources.headings`` as a lexicon of word pairs (built on first use: half a second)."""
    return DomainPhrases.build(headings())


@contextmanager
def reading_subject_headings() -> Iterator[None]:
    """Let the language model and ``term_followers`` read the subject headings' word pairs."""
    token = _subject_pairs.set(subject_heading_pairs())
    try:
        yield
    finally:
        _subject_pairs.reset(token)


def _pair_score(left: str, right: str) -> float | None:
    """The score of the pair ``left right`` (None: unattested)."""
    score = _pair_scores(left).get(right)
    return _lexicon_pair_score(f"{left} {right}") if score is None else score


def _lexicon_pair_score(pair: str) -> float | None:
    """The score of a pair the public bigrams lack: from the domain lexicon, or the subject
    headings while they are read."""
    score = _domain.get().scores.get(pair)
    return _subject_pairs.get().scores.get(pair) if score is None else score


_NO_PAIRS: dict[str, float] = {}


class _Floats(dict[str, float]):
    """``text -> float(text)``, each text parsed once: the table's two million scores are written
    with two decimals, a few hundred texts in all, and a lookup costs a third less than ``float``."""

    def __missing__(self, text: str) -> float:
        value = self[text] = float(text)
        return value


_FLOATS = _Floats()


# Parsed on first use: a text touches a few thousand of the 80k rows. The words are interned, as
# each recurs in many rows.
@bounded_cache(maxsize=1 << 15)
def _pair_scores(left: str) -> dict[str, float]:
    """``right -> score`` of the attested pairs ``left right``."""
    row = bigram_rows()[0].get(left)
    if row is None or not row[0]:
        return _NO_PAIRS
    words, scores = row
    return dict(zip(map(intern, words.split(" ")), map(_FLOATS.__getitem__, scores.split(" "))))


# Sets of words held in caches are dicts (a word's followers are the keys of its pair scores):
# the garbage collector never untracks a set, and its full collections walked every cached set,
# millions of words in a long batch, for a tenth of the checking time; a dict of strings and
# numbers or None is left out of its walks.
# Keyed by the row itself, so that words with the same predecessors (many rare words have one or
# two) share one set.
@cache
def _word_set(row: str) -> dict[str, None]:
    return dict.fromkeys(map(intern, row.split(" ")))


def _preceding(word: str) -> Mapping[str, float | None]:
    row = bigram_rows()[1].get(word)
    return _word_set(row) if row else _NO_PAIRS


def _common(words: Mapping[str, float | None], among: Mapping[str, None]) -> AbstractSet[str]:
    """The keys of ``among`` that are keys of ``words`` (two key views: looked up from the smaller)."""
    return words.keys() & among.keys()


def known_word(word: str) -> bool:
    """Whether ``word`` is in any attested pair (public bigrams or the domain lexicon)."""
    domain = _domain.get()
    return bool(
        _pair_scores(word) or _preceding(word) or word in domain.following or word in domain.preceding
    )


def domain_word(word: str) -> bool:
    """Whether ``word`` is in a phrase of the domain lexicon in force."""
    domain = _domain.get()
    return word in domain.following or word in domain.preceding


def in_domain_lexicon(phrase: str) -> bool:
    """Whether ``phrase`` (or word pair) is a phrase of the domain lexicon in force, or a pair in one."""
    return phrase in _domain.get().scores


def followers(word: str, among: Mapping[str, None]) -> AbstractSet[str]:
    """Which of ``among`` are seen right after ``word`` (public bigrams and the domain lexicon)."""
    found = _common(_pair_scores(word), among)
    extra = domain_followers(word, among)
    return found | extra if extra else found


def predecessors(word: str, among: Mapping[str, None]) -> AbstractSet[str]:
    """Which of ``among`` are seen right before ``word``."""
    found = _common(_preceding(word), among)
    extra = domain_predecessors(word, among)
    return found | extra if extra else found


def domain_followers(word: str, among: Mapping[str, None]) -> AbstractSet[str]:
    """Which of ``among`` follow ``word`` in a phrase of the domain lexicon in force."""
    following = _domain.get().following.get(word)
    # (the keys first: a frozenset's ``&`` gives way to a key view's, which makes a set)
    return among.keys() & following if following else _NONE


def domain_predecessors(word: str, among: Mapping[str, None]) -> AbstractSet[str]:
    """Which of ``among`` precede ``word`` in a phrase of the domain lexicon in force."""
    preceding = _domain.get().preceding.get(word)
    return among.keys() & preceding if preceding else _NONE


def term_followers(word: str, among: Mapping[str, None]) -> AbstractSet[str]:
    """``domain_followers``, and while they are read, which of ``among`` follow ``word`` in a
    subject heading."""
    found = domain_followers(word, among)
    following = _subject_pairs.get().following.get(word)
    return found | (among.keys() & following) if following else found


def term_predecessors(word: str, among: Mapping[str, None]) -> AbstractSet[str]:
    """``domain_predecessors``, and while they are read, which of ``among`` precede ``word`` in a
    subject heading."""
    found = domain_predecessors(word, among)
    preceding = _subject_pairs.get().preceding.get(word)
    return found | (among.keys() & preceding) if preceding else found


def unigram(word: str) -> float:
    # the table's own ``get`` rather than ``word_zipf``: one Python call less, in the hottest path
    z = word_zipf_table().get(word, 0.0)
    if z == 0.0 and (" " in word or "-" in word):
        # frequency lists split compounds: a compound is at most as common as its rarest part
        # (a dash alone, inside a listed phrase's window, has no part: unknown)
        z = min((word_zipf(part) for part in word.replace("-", " ").split(" ") if part), default=0.0)
    return (z or UNKNOWN_WORD) - 9.0


class _Unigrams(dict[str, float]):
    """``word -> unigram(word)``, each worked out once: a phrase's restoration ranks the thousands of
    heads of its words' second hops, and the same common heads recur from word to word."""

    def __missing__(self, word: str) -> float:
        score = unigram(word)
        if "-" not in word:
            # heads from the thesauri and lists, a bounded set whatever the input; not a compound's
            # heads, which the input's own parts make ("actual-time")
            self[word] = score
        return score


head_unigram = _Unigrams()


def bigram_attested(left: str, right: str) -> bool:
    return _pair_score(left, right) is not None


def counted_phrase(phrase: str) -> bool:
    """Whether ``phrase`` has a frequency from real text (the bigram counts), not only a lexicon entry.

    Only word pairs have counts: the public lists are of bigrams.
    """
    left, _, right = phrase.partition(" ")
    return _pair_scores(left).get(right, 0.0) > 0.0


def transition(left: str, right: str) -> float:
    """log10 P(right | left) with backoff."""
    # ``_pair_score`` inlined: the candidate search calls this a thousand times per article
    pair = _pair_scores(left).get(right)
    if pair is None:
        pair = _lexicon_pair_score(f"{left} {right}")
    return _transition(left, right, pair)


def _transition(left: str, right: str, pair: float | None) -> float:
    """``transition`` given the pair's score from the tables (None: unattested)."""
    if pair is None:
        return BACKOFF + unigram(right)
    if pair == 0.0:
        return LISTED_ONLY
    return min(0.0, pair - (word_zipf_table().get(left, 0.0) or UNKNOWN_WORD))


def sequence_score(words: Sequence[str]) -> float:
    """log10 P(words[1:] | words[0]) under the bigram model with ``trigram_lift``; multiword items
    are split into words."""
    flat = [part for word in words for part in word.split(" ")]
    return sum(transition(a, b) for a, b in zip(flat, flat[1:])) + trigram_lift(flat)


def phrase_score(words: Sequence[str]) -> float:
    """log10 P(words) including the first word's unigram probability."""
    return phrase_fit([part for word in words for part in word.split(" ")])[0]


def phrase_fit(flat: Sequence[str]) -> tuple[float, int]:
    """``phrase_score`` of single words and how many of their pairs are unattested, in one pass."""
    if not flat:
        return 0.0, 0
    score, unseen = unigram(flat[0]), 0
    for left, right in zip(flat, flat[1:]):
        pair = _pair_score(left, right)  # looked up once for both answers
        score += _transition(left, right, pair)
        unseen += pair is None
    return score + trigram_lift(flat), unseen


@dataclass(frozen=True, slots=True)
class ContextFit:
    """How some words read with and without their neighbours (``phrase_fit`` of each, in one pass)."""

    score: float  # phrase_score of the words with their neighbours
    inside: float  # phrase_score of the words alone
    unseen: int  # unattested pairs among the words and their neighbours
    left_seen: bool  # the pair (left neighbour, first word) is attested, or there is no neighbour
    right_seen: bool  # the pair (last word, right neighbour) is attested, or there is no neighbour


def context_fit(
    left: str | None,
    flat: Sequence[str],
    right: str | None,
    before: str | None = None,
    after: str | None = None,
) -> ContextFit:
    """``phrase_fit`` of ``[left, *flat, right]`` and of ``flat`` alone: the inner pairs, which
    both share, are looked up once. Word triples of fixed phrases add their ``trigram_lift``, also
    those the words complete with two neighbours on one side (``before`` is the word before
    ``left``, ``after`` the one after ``right``): "secretary of" + "state"."""
    if not flat:
        score, unseen = phrase_fit([w for w in (left, right) if w is not None])
        return ContextFit(score, 0.0, unseen, True, True)
    inner, unseen = 0.0, 0
    for a, b in zip(flat, flat[1:]):
        pair = _pair_score(a, b)
        inner += _transition(a, b, pair)
        unseen += pair is None
    alone = unigram(flat[0]) + inner
    score, left_seen, right_seen = alone, True, True
    if left is not None:
        pair = _pair_score(left, flat[0])
        score = unigram(left) + _transition(left, flat[0], pair) + inner
        left_seen = pair is not None
    if right is not None:
        pair = _pair_score(flat[-1], right)
        score += _transition(flat[-1], right, pair)
        right_seen = pair is not None
    # the word triples in fixed phrases ("track and field"), inside the words and with a neighbour
    if len(flat) > 1:
        lift = trigram_lift(flat)
        alone += lift
        score += lift
        if left is not None:
            score += _triple_lift(left, flat[0], flat[1])
        if right is not None:
            score += _triple_lift(flat[-2], flat[-1], right)
    elif left is not None and right is not None:
        score += _triple_lift(left, flat[0], right)
    # (most words start no listed triple: the membership test spares a call per window and candidate)
    starts = trigram_table()
    if left is not None and before in starts:
        score += _triple_lift(before, left, flat[0])
    if right is not None and after is not None and flat[-1] in starts:
        score += _triple_lift(flat[-1], right, after)
    return ContextFit(score, alone, unseen + (not left_seen) + (not right_seen), left_seen, right_seen)


def trigram_lift(words: Sequence[str]) -> float:
    """How much likelier (log10) fixed phrases make ``words`` than their word pairs say.

    A bigram model reads "track and field" as "track and" then "and field", and finds "field"
    after "and" unlikely: the phrase would look like a thesaurus's rewording of "athletics". For the
    word triples inside the thesauri's multiword entries a trigram model knows (``trigram_table``),
    the last word's probability is that model's where it is higher.
    """
    return sum(map(_triple_lift, words, words[1:], words[2:]))


def _triple_lift(a: str, b: str, c: str) -> float:
    # the table first: few words start a listed triple, and a context variable costs more to read
    row = trigram_table().get(a)
    if row is None or not _fixed_phrases.get():
        return 0.0
    logprob = row.get(f"{b} {c}")
    return 0.0 if logprob is None else max(0.0, logprob - transition(b, c))


def warm() -> None:
    """Load every table now (servers and benchmarks call this before timing)."""
    word_zipf_table()
    bigram_rows()
    inverse_rows()
    lemma_table()
    inflection_rows()
    trigram_table()
