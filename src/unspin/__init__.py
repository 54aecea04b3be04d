"""unspin: find, explain and restore the tortured phrases left by article spinners.

>>> import unspin
>>> report = unspin.check("The counterfeit intelligence beat the chess champion.")
>>> report.spans[0].suggestion
'artificial intelligence'
"""

from __future__ import annotations

__version__ = "0.1.0"

from unspin import native

# before any core module is imported: their compiled forms, or their sources (see unspin.native)
native.choose()

from unspin import spin  # the reference spinner: unspin.spin.spin(text, rate=0.3, seed=7)
from unspin.comparison import align, compare  # a spun copy against its source
from unspin.fingerprints import read_allow_list, read_phrase_list
from unspin.pipeline import (
    DEFAULT_GENRE,
    DEFAULT_MIN_CONFIDENCE,
    GENRE_CHOICES,
    GENRES,
    Checker,
    TextTooLong,
    check,
    checker_with,
    restore,
)
from unspin.report import Alternative, Evidence, Report, Span
from unspin.sources import SourceIndex  # which of the texts you hold a copy was spun from

native.pickle_by_constructor()

__all__ = [
    "DEFAULT_GENRE",
    "DEFAULT_MIN_CONFIDENCE",
    "GENRE_CHOICES",
    "GENRES",
    "Alternative",
    "Checker",
    "Evidence",
    "Report",
    "SourceIndex",
    "Span",
    "TextTooLong",
    "__version__",
    "align",
    "check",
    "checker_with",
    "compare",
    "read_allow_list",
    "read_phrase_list",
    "restore",
    "spin",
]
