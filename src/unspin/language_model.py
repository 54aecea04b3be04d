"""A small bigram language model over the shipped word and phrase frequencies.

Scores are log10 probabilities. Bigrams come from truncated public lists, so an unattested pair
is not impossible, only unknown: it backs off to the unigram ("stupid backoff"), which is exactly
the contrast a spun word shows (its neighbours have never been seen next to it).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

from unspin.resources import phrase_table, word_zipf, word_zipf_table

BACKOFF = math.log10(0.4)
# A pair listed only as a thesaurus multiword entry has no count: treat it as a firm collocation.
LISTED_ONLY = -1.0
UNKNOWN_WORD = 0.5  # Zipf given to words no frequency list knows


@cache
def neighbours() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Who follows and who precedes each word in an attested bigram (for candidate pruning)."""
    following: dict[str, set[str]] = defaultdict(set)
    preceding: dict[str, set[str]] = defaultdict(set)
    for phrase in phrase_table():
        words = phrase.split(" ")
        for left, right in zip(words, words[1:]):
            following[left].add(right)
            preceding[right].add(left)
    return (
        {w: frozenset(s) for w, s in following.items()},
        {w: frozenset(s) for w, s in preceding.items()},
    )


def unigram(word: str) -> float:
    z = word_zipf(word)
    if z == 0.0 and " " in word:
        z = min(word_zipf(part) for part in word.split(" "))
    return (z or UNKNOWN_WORD) - 9.0


def bigram_attested(left: str, right: str) -> bool:
    return f"{left} {right}" in phrase_table()


def transition(left: str, right: str) -> float:
    """log10 P(right | left) with backoff."""
    score = phrase_table().get(f"{left} {right}")
    if score is None:
        return BACKOFF + unigram(right)
    if score == 0.0:
        return LISTED_ONLY
    return min(0.0, score - (word_zipf(left) or UNKNOWN_WORD))


def sequence_score(words: Sequence[str]) -> float:
    """log10 P(words[1:] | words[0]) under the bigram model; multiword items are split into words."""
    flat = [part for word in words for part in word.split(" ")]
    return sum(transition(a, b) for a, b in zip(flat, flat[1:]))


def phrase_score(words: Sequence[str]) -> float:
    """log10 P(words) including the first word's unigram probability."""
    flat = [part for word in words for part in word.split(" ")]
    if not flat:
        return 0.0
    return unigram(flat[0]) + sequence_score(flat)


def known_phrase(phrase: str) -> bool:
    return " " in phrase and phrase in phrase_table()


def warm() -> None:
    """Load every table now (servers and benchmarks call this before timing)."""
    word_zipf_table()
    phrase_table()
    neighbours()
