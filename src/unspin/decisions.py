"""Decisions: one confidence per span from its evidence, then non-overlapping spans.

The confidence comes from boosted decision trees over the evidence features (``evidence.FEATURES``),
trained by ``scripts/train_models.py`` on synthetic spins and the tortured-phrase list and shipped
as ``data/span-model.json``. Trees, unlike a weighted sum, let one piece of evidence count
differently depending on another (context evidence means little for a phrase on its own, a
thesaurus link means more when the text pair is unseen).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from unspin.evidence import FEATURES, Assessment, feature_row
from unspin.language_model import counted_phrase
from unspin.resources import data_path, word_zipf


@dataclass(frozen=True)
class SpanModel:
    """Gradient-boosted trees, all stored in flat node arrays (a leaf has feature -1).

    ``trees`` holds each tree's root index; a node goes left when its feature is at most its
    threshold. The margin is ``bias`` plus the leaves reached; the confidence is its logistic, for
    running text after the Platt scaling ``running_text`` (slope, intercept) fitted on news.
    """

    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]
    trees: list[int]
    bias: float
    version: str
    depth: int = 0
    running_text: tuple[float, float] = (1.0, 0.0)
    # the node lists as numpy arrays, made on first use (the model is frozen, its cache is not)
    _arrays: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def margins(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """The log-odds of each row of feature values (in ``FEATURES`` order), all trees at once."""
        return self._margins(np.asarray(rows, dtype=np.float64)).tolist() if len(rows) else []

    def confidences(self, rows: Sequence[Sequence[float]]) -> list[float]:
        if not len(rows):
            return []
        X = np.asarray(rows, dtype=np.float64)
        z = self._margins(X)
        slope, intercept = self.running_text
        z = np.where(X[:, FEATURES.index("isolated")] > 0, z, slope * z + intercept)
        return (1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))).tolist()

    def confidence(self, features: dict[str, float]) -> float:
        return self.confidences([feature_row(features)])[0]

    def _margins(self, X: Any) -> Any:
        # Each tree is laid out complete to ``depth`` (see ``_complete``), so a node's children are
        # found by arithmetic rather than looked up: the same leaves, a third of the array work.
        a = self._numpy()
        first_leaf = 2**self.depth - 1
        node = np.zeros((len(X), len(self.trees)), dtype=np.intp)
        flat = np.ascontiguousarray(X).ravel()
        row = (np.arange(len(X), dtype=np.intp) * X.shape[1])[:, None]
        for _ in range(self.depth):
            at = a["tree_offset"] + node
            goes_right = ~(flat[row + a["feature"][at]] <= a["threshold"][at])
            node = 2 * node + 1
            node += goes_right
        return self.bias + a["value"][a["leaf_offset"] + node - first_leaf].sum(axis=1)

    def _numpy(self) -> dict[str, Any]:
        if not self._arrays:
            self._arrays.update(self._complete())
        return self._arrays

    def _complete(self) -> dict[str, Any]:
        """The trees as complete binary trees of depth ``depth``, in flat numpy arrays.

        Tree ``t``'s inner node ``i`` (heap order: children ``2i + 1`` and ``2i + 2``) is at
        ``t * (2**depth - 1) + i``, its leaf ``j`` at ``t * 2**depth + j``. A leaf above the bottom
        becomes a node whose whole subtree ends in copies of its value, so either way gives it.
        """
        inner, leaves = 2**self.depth - 1, 2**self.depth
        feature = np.zeros(len(self.trees) * inner, dtype=np.intp)
        threshold = np.zeros(len(self.trees) * inner, dtype=np.float64)
        value = np.zeros(len(self.trees) * leaves, dtype=np.float64)
        for t, root in enumerate(self.trees):
            stack = [(root, 0, 0)]  # (node in the flat lists, position in the complete tree, depth)
            while stack:
                node, position, level = stack.pop()
                if level == self.depth:
                    value[t * leaves + position - inner] = self.value[node]
                elif self.feature[node] < 0:
                    stack += [(node, 2 * position + 1, level + 1), (node, 2 * position + 2, level + 1)]
                else:
                    feature[t * inner + position] = self.feature[node]
                    threshold[t * inner + position] = self.threshold[node]
                    stack += [
                        (self.left[node], 2 * position + 1, level + 1),
                        (self.right[node], 2 * position + 2, level + 1),
                    ]
        offsets = np.arange(len(self.trees), dtype=np.intp)
        return {
            "feature": feature,
            "threshold": threshold,
            "value": value,
            "tree_offset": offsets * inner,
            "leaf_offset": offsets * leaves,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "features": list(FEATURES),
            "bias": self.bias,
            "depth": self.depth,
            "running_text": list(self.running_text),
            "trees": self.trees,
            "nodes": {
                "feature": self.feature,
                "threshold": self.threshold,
                "left": self.left,
                "right": self.right,
                "value": self.value,
            },
        }

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], features: Sequence[str] = FEATURES, name: str = "span model"
    ) -> SpanModel:
        """The trees in ``data``, which must have been trained on ``features`` (in that order)."""
        if data.get("features") != list(features):
            raise ValueError(f"{name} was trained on other features; run scripts/train_models.py")
        nodes = data["nodes"]
        return cls(
            nodes["feature"],
            nodes["threshold"],
            nodes["left"],
            nodes["right"],
            nodes["value"],
            data["trees"],
            data["bias"],
            data["version"],
            data["depth"],
            tuple(data.get("running_text", (1.0, 0.0))),
        )


@cache
def span_model() -> SpanModel:
    """The span model for running text."""
    return SpanModel.from_dict(json.loads(data_path("span-model.json").read_text(encoding="utf-8")))


MANUSCRIPT_MODEL_FILE = "span-model-manuscript.json"


@cache
def manuscript_span_model() -> SpanModel:
    """The span model for the running text of papers (``Checker(genre="manuscript")``): trained on
    ``span_model``'s rows and on spins of scientific prose, with the list's phrases grafted into that
    prose in place of the list's phrases on their own (``scripts/train_models.py``)."""
    data = json.loads(data_path(MANUSCRIPT_MODEL_FILE).read_text(encoding="utf-8"))
    return SpanModel.from_dict(data, name="manuscript model")


@cache
def phrase_model() -> SpanModel:
    """The span model for a phrase on its own (``evidence.ISOLATED_MAX_WORDS`` words at most): trained
    like ``span_model``, but on every window of each list phrase, as such a phrase is searched
    (``scripts/train_models.py``)."""
    return SpanModel.from_dict(json.loads(data_path("phrase-model.json").read_text(encoding="utf-8")))


RANKER_FILE = "candidate-ranker.json"


@cache
def candidate_ranker() -> SpanModel | None:
    """The running-text ranker of a window's restorations, or None in a checkout that has not
    trained one (the span model's order stands).

    The span model learns whether a window is spun, from labels that every candidate of a spun
    window shares, so its order among one window's candidates is a by-product; this ranker
    (LambdaMART over the same features, ``scripts/train_models.py``) learned which candidate is the
    original from spins of train-split news.
    """
    path = data_path(RANKER_FILE)
    if not path.exists():
        return None
    return SpanModel.from_dict(json.loads(path.read_text(encoding="utf-8")), name="candidate ranker")


@dataclass(frozen=True, slots=True)
class Decision:
    assessment: Assessment
    confidence: float
    alternatives: tuple[tuple[str, float], ...]  # (restoration, confidence), best first


# A listed tortured phrase is spun by definition: the list is curated by people who checked each
# entry. The model never sees fingerprints fire in training (its list features are out of fold).
LISTED_CONFIDENCE = 0.99


def trusted_listing(assessment: Assessment) -> bool:
    """Whether the listing alone makes this window spun.

    Not when the listed phrase is everyday English with a frequency of its own: the list has a few
    such entries ("search engine" for "machine learning"; one word: "bunches" for "groups"), and a
    clean article about search engines, or a class named Bunch, must not light up; nor when the list
    itself gives the phrase as another entry's expected wording (``Candidate.contested``:
    "dimensionality reduction"). Those windows are scored by the model like any other, the listing
    one of its features.
    """
    candidate = assessment.candidate
    if candidate.source != "fingerprint" or candidate.contested:
        return False
    words = assessment.window.words
    return not (word_zipf(words[0]) > 0 if len(words) == 1 else counted_phrase(" ".join(words)))


def score_groups(groups: list[list[Assessment]], model: SpanModel) -> list[list[float]]:
    """The confidence of every assessment, grouped like ``groups`` (one model call per text)."""
    rows = [feature_row(a.features) for group in groups for a in group]
    flat = iter(model.confidences(rows))
    return [[LISTED_CONFIDENCE if trusted_listing(a) else c for a, c in zip(group, flat)] for group in groups]


def rank_groups(groups: list[list[Assessment]], ranker: SpanModel) -> list[list[float] | None]:
    """The ranker's margin of every assessment, grouped like ``groups`` (None for a window with one
    candidate, which has nothing to rank; one model call per batch)."""
    ranked = [group for group in groups if len(group) > 1]
    flat = iter(ranker.margins([feature_row(a.features) for group in ranked for a in group]))
    return [[next(flat) for _ in group] if len(group) > 1 else None for group in groups]


# Alternatives in the ranker's order are scored like the joint decoder's (pipeline.region_spans):
# the window's confidence, times this for each rank below the first.
RANK_DECAY = 0.9


def decide(
    assessments: list[Assessment], confidences: list[float], margins: list[float] | None = None
) -> Decision | None:
    """The best restoration of one window, with its ranked alternatives.

    Restorations are ranked by ``margins`` (the candidate ranker's, running text) when given, else
    by confidence; either way the decision's confidence, that the window is spun, is the window's
    best confidence.
    """
    if not assessments:
        return None
    # a trusted listing is the curators' reading of the whole window: no model score outranks it
    scored = sorted(
        zip(confidences, assessments), key=lambda t: (not trusted_listing(t[1]), -t[0], -t[1].posterior)
    )
    best_confidence, best = scored[0]
    seen: dict[str, float] = {}
    if margins is None:
        for confidence, assessment in scored:
            seen.setdefault(assessment.candidate.text, confidence)
            if len(seen) == 5:
                break
        return Decision(best, best_confidence, tuple(seen.items()))
    order = sorted(
        range(len(assessments)),
        key=lambda k: (not trusted_listing(assessments[k]), -margins[k], -confidences[k]),
    )
    for k in order:
        seen.setdefault(assessments[k].candidate.text, best_confidence * RANK_DECAY ** len(seen))
        if len(seen) == 5:
            break
    return Decision(assessments[order[0]], best_confidence, tuple(seen.items()))


# How strongly the document's score moves each span's confidence, on the log-odds scale. Chosen
# with the default threshold (pipeline.DEFAULT_MIN_CONFIDENCE, which gives the figures) by
# scripts/choose_threshold.py on the calibration split: at threshold 0.8, weight 0.15 shows spun
# articles' spans at precision 0.881 and recall 0.22 (0: 0.96 / 0.12; 0.25: 0.75 / 0.31).
DOCUMENT_PRIOR_WEIGHT = 0.15


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def with_document_prior(
    decision: Decision, document_score: float, weight: float = DOCUMENT_PRIOR_WEIGHT
) -> Decision:
    """The decision with its confidences shifted by the document's probability of being spun."""
    if trusted_listing(decision.assessment):
        return decision
    shift = weight * _logit(document_score)

    def shifted(confidence: float) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, _logit(confidence) + shift))))

    return Decision(
        decision.assessment,
        shifted(decision.confidence),
        tuple((text, shifted(c)) for text, c in decision.alternatives),
    )
