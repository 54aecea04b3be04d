"""The two baselines unspin is measured against.

* List matching: flag a phrase only when it is on the tortured-phrase list. This is what the
  Problematic Paper Screener does, and on held-out folds it finds next to nothing, which is why
  unspin has to generalise beyond the list.
* Rare words: flag every word rarer than a Zipf cutoff. Spinners swap common words for odd
  synonyms, so rarity alone is the cheapest detector one could build; it shows how much of
  unspin's signal is more than "this word is unusual".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from unspin.evaluate import Detector
from unspin.fingerprints import Fingerprint, FingerprintIndex, phrase_key
from unspin.resources import word_zipf
from unspin.tokens import tokenize

RARE_ZIPF = 3.0  # the rare-word baseline's default cutoff (Zipf 3 = once per million words)
ZIPF_CEILING = 8.0  # above every English word ("the" is 7.7), so rarity scores stay in [0, 1]


# --- rare words -------------------------------------------------------------------------------


def token_zipf(norm: str) -> float:
    """Zipf frequency of a word token; a hyphenated compound is as rare as its rarest part.

    wordfreq splits compounds at hyphens itself, so looking up the whole compound would call every
    ordinary compound ("well-known") unknown and hence rare.
    """
    return min(word_zipf(part) for part in norm.split("-") if part) if norm.strip("-") else ZIPF_CEILING


def rare_words(text: str, cutoff: float = RARE_ZIPF) -> list[tuple[int, int]]:
    """Offsets of every word token rarer than ``cutoff``: the baseline's flagged spans."""
    return [(t.start, t.end) for t in tokenize(text) if t.kind == "word" and token_zipf(t.norm) < cutoff]


def rarest_zipf(text: str) -> float:
    """Zipf of the rarest word in ``text`` (``ZIPF_CEILING`` when it has no words)."""
    return min((token_zipf(t.norm) for t in tokenize(text) if t.kind == "word"), default=ZIPF_CEILING)


def rarity(zipf: float) -> float:
    """Map a Zipf value to a score in [0, 1] that grows as the word gets rarer."""
    return min(max((ZIPF_CEILING - zipf) / ZIPF_CEILING, 0.0), 1.0)


def rare_word_detector(cutoff: float = RARE_ZIPF) -> Detector:
    """Phrase detector scoring 1.0 when any word is rarer than ``cutoff``; it restores nothing."""

    def detect(phrase: str) -> tuple[float, Sequence[str]]:
        return (1.0 if rarest_zipf(phrase) < cutoff else 0.0), []

    return detect


def rarity_detector(phrase: str) -> tuple[float, Sequence[str]]:
    """Continuous version of the rare-word detector: thresholding it sweeps the Zipf cutoff."""
    return rarity(rarest_zipf(phrase)), []


# --- list matching ----------------------------------------------------------------------------


def make_list_detector(training: Sequence[Fingerprint]) -> Detector:
    """Flag a phrase iff its whole lemma key is a training fingerprint's; restore its expected."""
    expected: dict[tuple[str, ...], list[str]] = {}
    for fingerprint in training:
        key = phrase_key(fingerprint.tortured)
        if key:
            expected.setdefault(key, []).extend(fingerprint.expected)

    def detect(phrase: str) -> tuple[float, Sequence[str]]:
        found = expected.get(phrase_key(phrase))
        return (1.0, found) if found else (0.0, [])

    return detect


class ListMatcher:
    """Document-level list matching: every occurrence of a listed phrase is one flagged span."""

    def __init__(self, fingerprints: Iterable[Fingerprint]):
        self.index = FingerprintIndex.build(fingerprints)

    def count(self, text: str) -> tuple[int, int]:
        """``(spans, words)`` of ``text``; overlapping matches all count, as a naive matcher would.

        Several fingerprints can share one key ("a/b" expansions), so a span is a distinct
        (start, length) pair rather than a fingerprint.
        """
        keys = list(phrase_key(text))
        spans = sum(
            len({length for length, _ in self.index.match(keys, start)}) for start in range(len(keys))
        )
        return spans, len(keys)
