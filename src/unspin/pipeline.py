"""The pipeline: text -> candidates -> evidence -> decisions -> report."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from unspin.fingerprints import Fingerprint, FingerprintIndex, shipped, word_substitutions
from unspin.report import Report
from unspin.tokens import count_words

DEFAULT_MIN_CONFIDENCE = 0.5


class Checker:
    """A configured detector. ``unspin.check`` uses one built from the shipped resources.

    ``fingerprints`` replaces the shipped tortured-phrase list (cross-validation passes the
    training folds only), and the word substitutions learned from it.
    """

    def __init__(self, fingerprints: Iterable[Fingerprint] | None = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE):
        entries = tuple(shipped() if fingerprints is None else fingerprints)
        self.fingerprints = FingerprintIndex.build(entries)
        self.substitutions = word_substitutions(entries)
        self.min_confidence = min_confidence

    def check(self, text: str) -> Report:
        if not isinstance(text, str):
            raise TypeError(f"check() takes str, not {type(text).__name__}")
        return Report(text=text, spans=(), score=0.0, verdict="uncertain", words=count_words(text))


@cache
def default_checker() -> Checker:
    return Checker()


def check(text: str, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Report:
    """Find spun phrases in ``text``; spans below ``min_confidence`` are left out of the report."""
    report = default_checker().check(text)
    spans = tuple(s for s in report.spans if s.confidence >= min_confidence)
    return Report(report.text, spans, report.score, report.verdict, report.words, report.reasons)


def restore(text: str, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> str:
    """``text`` with every span at or above ``min_confidence`` replaced by its suggestion.

    Text outside the edited spans is returned byte for byte; with nothing flagged, the input itself.
    """
    return check(text, min_confidence).restored(min_confidence)
