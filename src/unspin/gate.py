"""A cheap first look at a window of running text: is the search for a restoration worth its cost?

Most windows of an article end with a very low confidence, and the search (``candidates``) and
the assessment of what it finds are most of the time a text takes. The gate predicts, from what a
window shows before any search (its words' spin prior and frequency, how well it reads as written),
whether its best restoration would reach ``GATE_LEVEL``; windows it rules out get no decision.

The trees are fitted by ``scripts/train_models.py`` (``training.fit_gate``) on spun and clean
train-split news, labelled by the shipped span model, and shipped as ``data/window-gate.json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from unspin.candidates import Window
from unspin.decisions import SpanModel
from unspin.language_model import ContextFit
from unspin.resources import data_path, word_zipf

GATE_FEATURES = (
    "two_words",
    "three_words",
    "spin_prior",
    "spin_prior_above_zero",
    "min_zipf",
    "written_score",
    "written_inside",
    "unattested",
    "has_left",
    "has_right",
    "left_attested",
    "right_attested",
    "written_score_per_word",
)
# The confidence (before the document prior) a window's best restoration must be predicted to reach.
GATE_LEVEL = 0.1


def gate_row(window: Window, written: ContextFit, spin_prior: float) -> list[float]:
    """The gate's features of one window, in ``GATE_FEATURES`` order."""
    words, left, right = window.words, window.left, window.right
    return [
        float(len(words) == 2),
        float(len(words) >= 3),
        spin_prior,
        max(spin_prior, 0.0),
        min(map(word_zipf, words)),
        written.score,
        written.inside,
        float(written.unseen),
        float(left is not None),
        float(right is not None),
        float(written.left_seen),
        float(written.right_seen),
        written.score / (len(words) + (left is not None) + (right is not None)),
    ]


@dataclass(frozen=True)
class WindowGate:
    """Boosted trees over ``GATE_FEATURES`` and the probability below which a window is skipped."""

    trees: SpanModel  # the node layout of the span model; its margin is the gate's log-odds
    min_probability: float

    def keeps(self, rows: Sequence[Sequence[float]]) -> list[bool]:
        """Which windows (rows of ``gate_row``) are worth a search."""
        floor = math.log(self.min_probability / (1.0 - self.min_probability))
        return [margin >= floor for margin in self.trees.margins(rows)]

    def to_dict(self) -> dict[str, Any]:
        nodes = self.trees.to_dict()
        return {**nodes, "features": list(GATE_FEATURES), "min_probability": self.min_probability}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WindowGate:
        return cls(SpanModel.from_dict(data, GATE_FEATURES, "window gate"), data["min_probability"])


@cache
def shipped_gate() -> WindowGate:
    return WindowGate.from_dict(json.loads(data_path("window-gate.json").read_text(encoding="utf-8")))
