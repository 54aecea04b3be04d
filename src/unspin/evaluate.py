"""Evaluation: how well unspin finds, restores and scores what a spinner did.

Four levels, each with the measure that answers its own question:

* spans: did the detector flag the words the spinner rewrote (precision, recall and F1, counting
  any character overlap or only exact boundaries), and did it restore the original wording
  (top-1 / top-5 over the rewritten spans it found)?
* false edits: how many spans per thousand words it flags in clean text;
* documents: does the document score separate spun from clean text (ROC AUC, precision and
  recall at a threshold, the precision-recall curve, calibration error), and how strong must a
  spin be before the verdict catches it (:func:`verdict_metrics`, shared by the verdict's training
  script and the benchmark, with :func:`spin_spec` drawing the spins both use);
* phrases: k-fold cross-validation over the tortured-phrase list, folds grouped by expected
  phrase so that no variant of a held-out phrase is seen in training.

Every function is pure and takes plain sequences; counts are dataclasses that add up, so a
benchmark scores one document at a time and sums. Predictions and gold edits are duck-typed
(:class:`SpanLike`, :class:`EditLike`) so this module imports neither the pipeline nor the
spinner. Results carry a :class:`Signature` naming the data and settings they were measured on.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, NamedTuple, Protocol

from unspin.fingerprints import Fingerprint
from unspin.spin import SPINNER

TOP_K = 5


# --- duck types -------------------------------------------------------------------------------


class AlternativeLike(Protocol):
    @property
    def text(self) -> str: ...


class _Interval(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class _TextInterval(_Interval, Protocol):
    @property
    def text(self) -> str: ...


class SpanLike(_TextInterval, Protocol):
    """A predicted span: :class:`unspin.report.Span` or anything shaped like it."""

    @property
    def suggestion(self) -> str: ...
    @property
    def alternatives(self) -> Sequence[AlternativeLike]: ...
    @property
    def confidence(self) -> float: ...


class EditLike(_TextInterval, Protocol):
    """A gold edit: ``unspin.spin.Edit`` or anything shaped like it (offsets in the spun text)."""

    @property
    def original(self) -> str: ...


# --- signature --------------------------------------------------------------------------------


def _current_version() -> str:
    # Imported late: the package __init__ imports the pipeline, which need not be loaded to evaluate.
    from unspin import __version__

    return __version__


def _format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    # "|" separates fields, so it may not appear inside one.
    return str(value).replace("|", "/")


@dataclass(frozen=True)
class Signature:
    """What a number was measured on, printed sacrebleu-style so results stay comparable.

    ``str(Signature("bbc", "test", "careless", "moby", rate=0.3, seed=7, extra={"folds": 5}))`` is
    ``data:bbc|split:test|spinner:careless|thesaurus:moby|rate:0.3|seed:7|folds:5|unspin:0.1.0``.
    Fields left as ``None`` are omitted.
    """

    dataset: str | None = None
    split: str | None = None
    spinner: str | None = None
    thesaurus: str | None = None
    style: str | None = None
    rate: float | None = None
    seed: int | None = None
    version: str = field(default_factory=_current_version)
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)

    _KEYS = (
        ("dataset", "data"),
        ("split", "split"),
        ("spinner", "spinner"),
        ("thesaurus", "thesaurus"),
        ("style", "style"),
        ("rate", "rate"),
        ("seed", "seed"),
    )

    def items(self) -> list[tuple[str, str]]:
        pairs = [(key, getattr(self, name)) for name, key in self._KEYS]
        pairs += list(self.extra.items())
        pairs.append(("unspin", self.version))
        return [(key, _format_value(value)) for key, value in pairs if value is not None]

    def __str__(self) -> str:
        return "|".join(f"{key}:{value}" for key, value in self.items())

    def with_extra(self, **extra: Any) -> Signature:
        return replace(self, extra={**self.extra, **extra})

    @classmethod
    def from_settings(
        cls,
        settings: Mapping[str, Any],
        dataset: str | None = None,
        split: str | None = None,
        spinner: str | None = SPINNER,
        **extra: Any,
    ) -> Signature:
        """Signature of text spun with ``SpinResult.settings``; unknown settings go into ``extra``."""
        core = {"thesaurus", "style", "rate", "seed"}
        rest = {key: value for key, value in settings.items() if key not in core}
        return cls(
            dataset=dataset,
            split=split,
            spinner=spinner,
            thesaurus=settings.get("thesaurus"),
            style=settings.get("style"),
            rate=settings.get("rate"),
            seed=settings.get("seed"),
            extra={**rest, **extra},
        )


# --- small helpers ----------------------------------------------------------------------------


def _ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, with 0.0 when there is nothing to divide by (no predictions...)."""
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)


# Hyphens and the dashes that join compounds ("human–computer")
_JOINERS = str.maketrans(dict.fromkeys("-\u2010\u2011\u2013", " "))


def normalise(phrase: str) -> str:
    """Comparison key for restorations: case-folded, a compound's hyphen read as a space, runs of
    whitespace collapsed.

    A restoration keeps the hyphens of the text it restores, and the tortured-phrase list often
    writes a phrase and its expected wording hyphenated differently ("cross sectional reliance" for
    "cross-sectional dependence"): the words are what a restoration gets right or wrong.
    """
    return " ".join(phrase.casefold().translate(_JOINERS).split())


def overlaps(a: _Interval, b: _Interval) -> bool:
    """Whether two character ranges share a character."""
    return a.start < b.end and b.start < a.end


# --- span level -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpanScores:
    """Span-level scores of one document or a whole corpus (see :class:`SpanCounts`)."""

    predicted: int
    gold: int
    tp_overlap: int
    tp_exact: int
    overlap_precision: float
    overlap_recall: float
    overlap_f1: float
    exact_precision: float
    exact_recall: float
    exact_f1: float


@dataclass(frozen=True)
class SpanCounts:
    """Counts behind span precision and recall; add them up over documents, then read the scores.

    A true positive is a (predicted, gold) pair of a one-to-one matching, so two predictions on one
    gold edit are one hit and one false alarm, and one prediction across two edits finds only one.
    """

    predicted: int = 0
    gold: int = 0
    tp_overlap: int = 0
    tp_exact: int = 0

    def __add__(self, other: SpanCounts) -> SpanCounts:
        if not isinstance(other, SpanCounts):
            return NotImplemented
        return SpanCounts(
            self.predicted + other.predicted,
            self.gold + other.gold,
            self.tp_overlap + other.tp_overlap,
            self.tp_exact + other.tp_exact,
        )

    def __radd__(self, other: object) -> SpanCounts:
        # Lets the builtin sum() start from 0.
        if other == 0:
            return self
        return NotImplemented

    @property
    def precision(self) -> float:
        return _ratio(self.tp_overlap, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.tp_overlap, self.gold)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def exact_precision(self) -> float:
        return _ratio(self.tp_exact, self.predicted)

    @property
    def exact_recall(self) -> float:
        return _ratio(self.tp_exact, self.gold)

    @property
    def exact_f1(self) -> float:
        return _f1(self.exact_precision, self.exact_recall)

    def scores(self) -> SpanScores:
        return SpanScores(
            predicted=self.predicted,
            gold=self.gold,
            tp_overlap=self.tp_overlap,
            tp_exact=self.tp_exact,
            overlap_precision=self.precision,
            overlap_recall=self.recall,
            overlap_f1=self.f1,
            exact_precision=self.exact_precision,
            exact_recall=self.exact_recall,
            exact_f1=self.exact_f1,
        )


def overlap_matching(predicted: Sequence[_Interval], gold: Sequence[_Interval]) -> dict[int, int]:
    """Maximum one-to-one matching of overlapping intervals, as ``{gold index: predicted index}``.

    Greedy left-to-right matching is already maximum for the usual disjoint spans, but predictions
    may overlap each other, so this uses augmenting paths (Kuhn), which is exact for any input and
    cheap at the size of one document.
    """
    order = sorted(range(len(predicted)), key=lambda i: (predicted[i].start, predicted[i].end))
    neighbours = {i: [g for g in range(len(gold)) if overlaps(predicted[i], gold[g])] for i in order}
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for g in neighbours[i]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = i
                return True
        return False

    for i in order:
        augment(i, set())
    return owner


def exact_matches(predicted: Sequence[_Interval], gold: Sequence[_Interval]) -> int:
    """Predicted spans with the same boundaries as a gold edit, each boundary pair used once."""
    wanted = Counter((g.start, g.end) for g in gold)
    found = Counter((p.start, p.end) for p in predicted)
    return sum((wanted & found).values())


def span_counts(predicted: Sequence[_Interval], gold: Sequence[_Interval]) -> SpanCounts:
    return SpanCounts(
        predicted=len(predicted),
        gold=len(gold),
        tp_overlap=len(overlap_matching(predicted, gold)),
        tp_exact=exact_matches(predicted, gold),
    )


def span_scores(predicted: Sequence[_Interval], gold: Sequence[_Interval]) -> SpanScores:
    """Overlap and exact span precision, recall and F1 of one document."""
    return span_counts(predicted, gold).scores()


# --- restoration ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestorationCounts:
    """Restoration hits over the gold edits a prediction overlaps; unpacks as (top1, top5, matched)."""

    top1: int = 0
    top5: int = 0
    matched: int = 0

    def __add__(self, other: RestorationCounts) -> RestorationCounts:
        if not isinstance(other, RestorationCounts):
            return NotImplemented
        return RestorationCounts(self.top1 + other.top1, self.top5 + other.top5, self.matched + other.matched)

    def __radd__(self, other: object) -> RestorationCounts:
        if other == 0:
            return self
        return NotImplemented

    def __iter__(self) -> Iterator[int]:
        return iter((self.top1, self.top5, self.matched))

    @property
    def top1_rate(self) -> float:
        return _ratio(self.top1, self.matched)

    @property
    def top5_rate(self) -> float:
        return _ratio(self.top5, self.matched)


def ranked_restorations(span: SpanLike, k: int = TOP_K) -> list[str]:
    """The span's first ``k`` distinct restorations (normalised), the suggestion first.

    The pipeline repeats the suggestion as the first alternative, hence the de-duplication.
    """
    ranked = [span.suggestion, *(alternative.text for alternative in span.alternatives)]
    return list(dict.fromkeys(normalise(text) for text in ranked))[:k]


def _spun_region(span: SpanLike, edit: EditLike) -> tuple[int, str]:
    """Spun text over the union of two overlapping intervals, stitched from their own texts."""
    start = min(span.start, edit.start)
    end = max(span.end, edit.end)
    chars = []
    for position in range(start, end):
        if span.start <= position < span.end:
            chars.append(span.text[position - span.start])
        else:
            chars.append(edit.text[position - edit.start])
    return start, "".join(chars)


def _splice(region: str, offset: int, pieces: Iterable[tuple[int, int, str]]) -> str:
    """``region`` (starting at ``offset``) with each (start, end, replacement) put in place."""
    out = []
    cursor = 0
    for start, end, replacement in sorted(pieces):
        out.append(region[cursor : start - offset])
        out.append(replacement)
        cursor = end - offset
    out.append(region[cursor:])
    return "".join(out)


def _consistent(item: EditLike | SpanLike) -> bool:
    return len(item.text) == item.end - item.start


def _region_hit(span: SpanLike, edit: EditLike, gold: Sequence[EditLike], candidates: Sequence[str]) -> bool:
    """Whether splicing a candidate over ``span`` restores the original over both extents.

    Used when the boundaries disagree ("profound learning" flagged, only "profound" rewritten):
    the target is the spun text over the union of both, with every gold edit inside it restored.
    """
    if not (_consistent(span) and _consistent(edit)):
        return False  # offsets that do not match the texts cannot be stitched together
    offset, region = _spun_region(span, edit)
    end = offset + len(region)
    inside = [(g.start, g.end, g.original) for g in gold if offset <= g.start and g.end <= end]
    target = normalise(_splice(region, offset, inside))
    return any(
        normalise(_splice(region, offset, [(span.start, span.end, candidate)])) == target
        for candidate in candidates
    )


def _restoration_hit(span: SpanLike, edit: EditLike, gold: Sequence[EditLike], k: int, strict: bool) -> bool:
    candidates = ranked_restorations(span, k)
    if normalise(edit.original) in candidates:
        return True
    if strict or (span.start, span.end) == (edit.start, edit.end):
        return False
    return _region_hit(span, edit, gold, candidates)


def restoration_rank(predicted: Sequence[SpanLike], edit: EditLike, gold: Sequence[EditLike]) -> int | None:
    """Where the original wording of ``edit`` first stands (1 to ``TOP_K``) among the restorations
    of the predicted spans that overlap it, as ``restoration_scores`` counts a hit; None if nowhere."""
    spans = [span for span in predicted if overlaps(span, edit)]
    hits = (k for k in range(1, TOP_K + 1) if any(_restoration_hit(s, edit, gold, k, False) for s in spans))
    return next(hits, None)


def restoration_scores(
    predicted: Sequence[SpanLike], gold: Sequence[EditLike], strict: bool = False
) -> RestorationCounts:
    """Top-1 and top-5 restoration hits over the gold edits that some predicted span overlaps.

    A gold edit is a hit if the suggestion (top-1) or one of the first five distinct restorations
    (top-5) of an overlapping span equals its original wording, ignoring case and spacing. Unless
    ``strict``, a span whose boundaries differ from the edit's also hits when splicing its
    restoration into the spun text gives the original over both extents; otherwise a detector that
    restores the whole tortured phrase "profound learning" would miss the spinner's edit "profound".
    """
    top1 = top5 = matched = 0
    for edit in gold:
        spans = [span for span in predicted if overlaps(span, edit)]
        if not spans:
            continue
        matched += 1
        top1 += any(_restoration_hit(span, edit, gold, 1, strict) for span in spans)
        top5 += any(_restoration_hit(span, edit, gold, TOP_K, strict) for span in spans)
    return RestorationCounts(top1, top5, matched)


# --- false edits ------------------------------------------------------------------------------


def spans_per_thousand_words(n_spans: int, n_words: int) -> float:
    """False-edit rate on clean text: flagged spans per 1000 words (0.0 for an empty corpus)."""
    return 1000.0 * _ratio(n_spans, n_words)


# --- document level ---------------------------------------------------------------------------


def _check_pairs(labels: Sequence[Any], values: Sequence[Any]) -> None:
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} scores")


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, tied values sharing the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for position in range(i, j + 1):
            ranks[order[position]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def roc_auc(labels: Sequence[bool | int], scores: Sequence[float]) -> float:
    """Area under the ROC curve via the Mann-Whitney U statistic; ties count one half.

    It is the probability that a random positive scores above a random negative. NaN when either
    class is missing, where the area is undefined.
    """
    _check_pairs(labels, scores)
    positives = sum(1 for label in labels if label)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return math.nan
    ranks = average_ranks(scores)
    rank_sum = sum(rank for rank, label in zip(ranks, labels, strict=True) if label)
    u = rank_sum - positives * (positives + 1) / 2
    return u / (positives * negatives)


@dataclass(frozen=True)
class BinaryScores:
    tp: int
    fp: int
    tn: int
    fn: int

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def false_positive_rate(self) -> float:
        return _ratio(self.fp, self.fp + self.tn)


def binary_scores(labels: Sequence[bool | int], predictions: Sequence[bool | int]) -> BinaryScores:
    """Confusion counts of hard decisions; read precision, recall, f1, false_positive_rate off it."""
    _check_pairs(labels, predictions)
    pairs = Counter(
        (bool(label), bool(prediction)) for label, prediction in zip(labels, predictions, strict=True)
    )
    return BinaryScores(
        tp=pairs[True, True], fp=pairs[False, True], tn=pairs[False, False], fn=pairs[True, False]
    )


class ReliabilityBin(NamedTuple):
    low: float
    high: float
    mean_predicted: float  # NaN for an empty bin
    observed: float  # fraction of positives; NaN for an empty bin
    count: int


def _bin_index(probability: float, bins: int) -> int:
    if not 0.0 <= probability <= 1.0:
        raise ValueError(f"probabilities must lie in [0, 1], not {probability!r}")
    # Bins are [low, high) except the last, which also holds 1.0.
    return min(int(probability * bins), bins - 1)


def reliability_table(
    labels: Sequence[bool | int], probs: Sequence[float], bins: int = 10
) -> list[ReliabilityBin]:
    """Equal-width bins over [0, 1]: how often what was predicted with probability p happened."""
    _check_pairs(labels, probs)
    if bins < 1:
        raise ValueError("bins must be at least 1")
    totals = [0.0] * bins
    hits = [0] * bins
    counts = [0] * bins
    for label, probability in zip(labels, probs, strict=True):
        index = _bin_index(probability, bins)
        totals[index] += probability
        hits[index] += bool(label)
        counts[index] += 1
    return [
        ReliabilityBin(
            low=index / bins,
            high=(index + 1) / bins,
            mean_predicted=totals[index] / counts[index] if counts[index] else math.nan,
            observed=hits[index] / counts[index] if counts[index] else math.nan,
            count=counts[index],
        )
        for index in range(bins)
    ]


def expected_calibration_error(labels: Sequence[bool | int], probs: Sequence[float], bins: int = 10) -> float:
    """Count-weighted mean gap between predicted probability and observed frequency per bin."""
    table = reliability_table(labels, probs, bins)
    total = sum(row.count for row in table)
    gaps = sum(row.count * abs(row.mean_predicted - row.observed) for row in table if row.count)
    return _ratio(gaps, total)


# --- precision-recall curve -------------------------------------------------------------------


class PRPoint(NamedTuple):
    threshold: float  # flag when score >= threshold
    precision: float
    recall: float


def precision_recall_curve(labels: Sequence[bool | int], scores: Sequence[float]) -> list[PRPoint]:
    """One point per distinct score, highest threshold first (so recall never decreases)."""
    _check_pairs(labels, scores)
    positives = sum(1 for label in labels if label)
    by_score: dict[float, list[int]] = {}
    for label, score in zip(labels, scores, strict=True):
        counts = by_score.setdefault(score, [0, 0])
        counts[0 if label else 1] += 1
    points = []
    tp = fp = 0
    # Tied scores are flagged together, so each distinct score is one reachable operating point.
    for threshold in sorted(by_score, reverse=True):
        tp += by_score[threshold][0]
        fp += by_score[threshold][1]
        points.append(PRPoint(threshold, _ratio(tp, tp + fp), _ratio(tp, positives)))
    return points


def recall_at_precision(
    labels: Sequence[bool | int], scores: Sequence[float], min_precision: float
) -> tuple[float, float]:
    """Best recall whose precision is at least ``min_precision``, and the threshold reaching it.

    Among equal recalls the highest threshold wins (fewest flags). ``(0.0, inf)`` when no
    threshold is precise enough: flag nothing.
    """
    best = (0.0, math.inf)
    for point in precision_recall_curve(labels, scores):
        if point.precision >= min_precision and point.recall > best[0]:
            best = (point.recall, point.threshold)
    return best


# --- document verdict on synthetic spins ------------------------------------------------------

SPIN_RATES = (0.02, 0.5)  # log-uniform: light spins, which are hard, are as common as heavy ones
HEAVY_SPIN = 0.10  # "heavily spun": at least this share of content words rewritten
STRENGTH_BINS = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 1.01)  # shares of content words spun


class OriginalEditLike(Protocol):
    """A gold edit's offsets in the original text (``unspin.spin.Edit``)."""

    @property
    def original_start(self) -> int: ...
    @property
    def original_end(self) -> int: ...


def spin_spec(
    rng: random.Random,
    thesauri: Sequence[str],
    styles: Sequence[str],
    rates: tuple[float, float] = SPIN_RATES,
) -> dict[str, Any]:
    """Keyword arguments of one ``unspin.spin.spin`` call, drawn the way the verdict is trained and tested.

    The rate is log-uniform over ``rates``; thesaurus and style are uniform over the choices given;
    stop words are skipped 70 % of the time (real spinners sometimes rewrite "have" as "bear").
    """
    low, high = rates
    return {
        "rate": round(math.exp(rng.uniform(math.log(low), math.log(high))), 4),
        "seed": rng.randrange(1 << 30),
        "thesaurus": rng.choice(list(thesauri)),
        "style": rng.choice(list(styles)),
        "skip_stopwords": rng.random() < 0.7,
    }


def content_share_spun(original: str, edits: Iterable[OriginalEditLike]) -> float:
    """Share of the original's content words that some edit rewrote (the spin's real strength).

    Content words are the word tokens outside ``unspin.resources.FUNCTION_WORDS``.
    """
    from unspin.resources import FUNCTION_WORDS
    from unspin.tokens import tokenize

    content = [t for t in tokenize(original) if t.kind == "word" and t.norm not in FUNCTION_WORDS]
    if not content:
        return 0.0
    spans = [(e.original_start, e.original_end) for e in edits]
    hit = sum(1 for t in content if any(s <= t.start < e for s, e in spans))
    return hit / len(content)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    exp = math.exp(z)
    return exp / (1.0 + exp)


def _softplus(z: float) -> float:
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def logistic_fit(
    xs: Sequence[float], ys: Sequence[bool | int], penalty: float = 1e-6, iterations: int = 100
) -> tuple[float, float]:
    """(slope, intercept) of a one-feature logistic regression, by damped Newton steps.

    ``penalty`` is an L2 penalty on the slope only (scikit-learn's ``C = 1 / penalty``), which keeps
    the answer finite when the classes are separable.
    """
    _check_pairs(xs, ys)
    pairs = [(float(x), float(bool(y))) for x, y in zip(xs, ys, strict=True)]

    def loss(a: float, b: float) -> float:
        return sum(_softplus(a * x + b) - y * (a * x + b) for x, y in pairs) + penalty * a * a / 2

    slope = intercept = 0.0
    current = loss(slope, intercept)
    for _ in range(iterations):
        g_a, g_b, h_aa, h_ab, h_bb = penalty * slope, 0.0, penalty, 0.0, 0.0
        for x, y in pairs:
            p = _sigmoid(slope * x + intercept)
            w = p * (1 - p)
            g_a += (p - y) * x
            g_b += p - y
            h_aa += w * x * x
            h_ab += w * x
            h_bb += w
        det = h_aa * h_bb - h_ab * h_ab
        if det <= 0:
            break
        d_a = (h_bb * g_a - h_ab * g_b) / det
        d_b = (h_aa * g_b - h_ab * g_a) / det
        step = 1.0
        while step > 1e-12 and loss(slope - step * d_a, intercept - step * d_b) > current:
            step /= 2
        slope, intercept = slope - step * d_a, intercept - step * d_b
        current = loss(slope, intercept)
        if max(abs(step * d_a), abs(step * d_b)) < 1e-9:
            break
    return slope, intercept


def recall_crossing(strengths: Sequence[float], detected: Sequence[bool], level: float = 0.5) -> float | None:
    """The spin strength below which recall falls under ``level``: where a logistic fit of
    detection on log(strength) crosses it. None when every or no document is detected, or when
    detection does not rise with strength.
    """
    _check_pairs(strengths, detected)
    if all(detected) or not any(detected):
        return None
    slope, intercept = logistic_fit([math.log(max(s, 1e-4)) for s in strengths], detected)
    if slope <= 0:
        return None
    return math.exp((math.log(level / (1 - level)) - intercept) / slope)


def recall_by_strength(
    strengths: Sequence[float], detected: Sequence[bool], edges: Sequence[float] = STRENGTH_BINS
) -> list[tuple[str, int, float]]:
    """(bin label, documents, recall) per bin of spin strength [low, high); empty bins are left out."""
    _check_pairs(strengths, detected)
    out = []
    for low, high in zip(edges, edges[1:]):
        inside = [hit for strength, hit in zip(strengths, detected, strict=True) if low <= strength < high]
        if inside:
            out.append((f"{low:.0%}-{min(high, 1):.0%}", len(inside), sum(inside) / len(inside)))
    return out


@dataclass(frozen=True)
class VerdictMetrics:
    """How well a document verdict separates spun from clean documents (see :func:`verdict_metrics`)."""

    clean: int
    spun: int
    auc: float  # of the score
    ece: float  # of the score, as a probability that the document was spun
    precision: float  # of verdict "spun"
    recall: float
    f1: float
    flagged: int  # documents called spun, clean or not
    false_positive_rate: float  # share of clean documents called spun
    uncertain: float  # share of all documents called uncertain
    heavy: int  # spun documents with at least HEAVY_SPIN of their content words rewritten
    recall_heavy: float | None  # recall among those; None without any
    auc_heavy: float | None  # AUC of the score, clean documents against those only
    half_content_spun: float | None  # recall_crossing over the share of content words spun
    half_rate: float | None  # recall_crossing over the spinner's rate


def _heavy_auc(labels: Sequence[bool | int], probs: Sequence[float], heavy: list[int]) -> float | None:
    clean = [i for i, label in enumerate(labels) if not label]
    if not heavy or not clean:
        return None
    return roc_auc([0] * len(clean) + [1] * len(heavy), [probs[i] for i in clean + heavy])


def verdict_metrics(
    labels: Sequence[bool | int],
    probs: Sequence[float],
    verdicts: Sequence[str],
    content_spun: Sequence[float],
    rates: Sequence[float] | None = None,
    bins: int = 10,
) -> VerdictMetrics:
    """Score and verdict of clean (label 0) and spun (label 1) documents, measured together.

    ``verdicts`` are "spun", "clean" or "uncertain"; only "spun" counts as a positive. For spun
    documents, ``content_spun`` is the share of content words rewritten (:func:`content_share_spun`)
    and ``rates`` the spinner's rate; both are ignored for clean ones.
    """
    for values in (probs, verdicts, content_spun, *([rates] if rates is not None else [])):
        _check_pairs(labels, values)
    called = [verdict == "spun" for verdict in verdicts]
    counts = binary_scores(labels, called)
    spun = [i for i, label in enumerate(labels) if label]
    heavy = [i for i in spun if content_spun[i] >= HEAVY_SPIN]
    caught = [called[i] for i in spun]
    return VerdictMetrics(
        clean=len(labels) - len(spun),
        spun=len(spun),
        auc=roc_auc(labels, probs),
        ece=expected_calibration_error(labels, probs, bins),
        precision=counts.precision,
        recall=counts.recall,
        f1=counts.f1,
        flagged=counts.tp + counts.fp,
        false_positive_rate=counts.false_positive_rate,
        uncertain=_ratio(sum(verdict == "uncertain" for verdict in verdicts), len(verdicts)),
        heavy=len(heavy),
        recall_heavy=sum(called[i] for i in heavy) / len(heavy) if heavy else None,
        auc_heavy=_heavy_auc(labels, probs, heavy),
        half_content_spun=recall_crossing([content_spun[i] for i in spun], caught),
        half_rate=None if rates is None else recall_crossing([rates[i] for i in spun], caught),
    )


def cluster_bootstrap(
    clusters: Sequence[Any],
    statistic: Callable[[list[Any]], float | None],
    resamples: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of ``statistic`` over ``clusters`` resampled with replacement.

    A cluster is what was drawn at random together (one article with its spins): resampling
    articles rather than rows keeps their correlation, so the interval is not too narrow. Resamples
    on which the statistic is undefined (None or NaN) are skipped; None if all are.
    """
    rng = random.Random(seed)
    n = len(clusters)
    values = []
    for _ in range(resamples):
        value = statistic([clusters[rng.randrange(n)] for _ in range(n)])
        if value is not None and not math.isnan(value):
            values.append(value)
    if not values:
        return None
    values.sort()
    tail = (1.0 - level) / 2
    return values[int(tail * len(values))], values[max(0, math.ceil((1.0 - tail) * len(values)) - 1)]


# --- phrase level: cross-validation on the tortured-phrase list -------------------------------


def stable_hash(text: str, seed: int = 0) -> int:
    """A hash that is the same in every process (Python's hash() of str is salted per run)."""
    digest = hashlib.blake2b(f"{seed}\x00{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def document_fold(doc_id: str, k: int = 5) -> int:
    """The fold of the list whose phrases are grafted into document ``doc_id`` when a manuscript is
    simulated (``spin.graft_many``), and which the checker reading it must not have seen: the
    phrases are then unlisted and unknown to it, as a paper mill's new ones are."""
    return stable_hash(doc_id) % k


def grouped_folds(fingerprints: Sequence[Fingerprint], k: int = 5, seed: int = 0) -> list[list[Fingerprint]]:
    """Split fingerprints into ``k`` folds, never separating the variants of one expected phrase.

    Groups go, largest first and in hashed order among equals, to the fold with fewest
    fingerprints so far; fold sizes then differ by at most the size of the largest group. Within
    a fold the input order is kept. The same input and seed give the same folds in every process.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    members: dict[str, list[Fingerprint]] = {}
    for fingerprint in fingerprints:
        members.setdefault(fingerprint.group, []).append(fingerprint)
    order = sorted(members, key=lambda group: (-len(members[group]), stable_hash(group, seed), group))
    fold_of: dict[str, int] = {}
    sizes = [0] * k
    for group in order:
        smallest = min(range(k), key=lambda index: (sizes[index], index))
        fold_of[group] = smallest
        sizes[smallest] += len(members[group])
    folds: list[list[Fingerprint]] = [[] for _ in range(k)]
    for fingerprint in fingerprints:
        folds[fold_of[fingerprint.group]].append(fingerprint)
    return folds


def subsample(fingerprints: Sequence[Fingerprint], limit: int | None, seed: int = 0) -> list[Fingerprint]:
    """At most ``limit`` fingerprints, chosen by stable hash so a smoke run is reproducible."""
    if limit is None or len(fingerprints) <= limit:
        return list(fingerprints)
    keep = set(
        sorted(range(len(fingerprints)), key=lambda i: stable_hash(repr(fingerprints[i]), seed))[:limit]
    )
    return [fingerprint for i, fingerprint in enumerate(fingerprints) if i in keep]


Detector = Callable[[str], tuple[float, Sequence[str]]]
MakeDetector = Callable[[Sequence[Fingerprint]], Detector]


@dataclass(frozen=True)
class PhraseLevelResult:
    """Cross-validated detection and restoration of held-out tortured phrases.

    ``top1``/``top5`` are over all positives (an undetected phrase is a miss); the ``_detected``
    variants are over the positives flagged at ``threshold``, i.e. restoration quality alone.
    """

    signature: Signature
    threshold: float
    folds: int
    positives: int
    negatives: int
    detected: int  # positives scoring >= threshold
    false_positives: int  # negatives scoring >= threshold
    recall: float
    false_positive_rate: float
    precision: float
    auc: float
    top1_hits: int
    top5_hits: int
    top1: float
    top5: float
    top1_detected: float
    top5_detected: float
    pr_curve: tuple[PRPoint, ...] = field(repr=False)
    labels: tuple[bool, ...] = field(repr=False)
    scores: tuple[float, ...] = field(repr=False)
    # where each held-out fold's labels and scores end, in fold order
    fold_ends: tuple[int, ...] = field(default=(), repr=False)

    def by_fold(self) -> list[tuple[tuple[bool, ...], tuple[float, ...]]]:
        """Each held-out fold's labels and scores: a figure fold by fold says how far another
        held-out part of the list may read from the pooled one."""
        starts = (0, *self.fold_ends[:-1])
        return [(self.labels[a:b], self.scores[a:b]) for a, b in zip(starts, self.fold_ends)]

    def row(self) -> dict[str, Any]:
        """The scalar fields, for :func:`format_table`."""
        skip = {"pr_curve", "labels", "scores", "fold_ends"}
        row = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}
        row["signature"] = str(self.signature)
        return row


class _FoldOutcome(NamedTuple):
    labels: list[bool]
    scores: list[float]
    top1: int
    top5: int
    detected: int


def expected_rank(restorations: Iterable[str], expected: Iterable[str], k: int = TOP_K) -> int | None:
    """Where an ``expected`` wording stands among the first ``k`` distinct ``restorations`` (ranked,
    compared as ``normalise`` reads them), from 1; None when it is not among them."""
    wanted = {normalise(wording) for wording in expected}
    ranked = list(dict.fromkeys(map(normalise, restorations)))[:k]
    return next((rank for rank, text in enumerate(ranked, 1) if text in wanted), None)


def expected_fields(restorations: Iterable[str], expected: Sequence[str], k: int = TOP_K) -> dict[str, Any]:
    """What a row carries when its user says what its phrase should be restored to: the ``expected``
    wordings and their ``expected_rank`` among the ranked ``restorations`` (``expected_rank``)."""
    return {"expected": list(expected), "expected_rank": expected_rank(restorations, expected, k)}


def _held_out(
    detect: Detector, fold: Sequence[Fingerprint], threshold: float, listed: frozenset[str]
) -> _FoldOutcome:
    labels: list[bool] = []
    scores: list[float] = []
    top1 = top5 = detected = 0
    for fingerprint in fold:
        score, suggestions = detect(fingerprint.tortured)
        labels.append(True)
        scores.append(float(score))
        if score < threshold:
            continue
        detected += 1
        rank = expected_rank(suggestions, fingerprint.expected)
        top1 += rank == 1
        top5 += rank is not None
    # One negative per expected phrase, skipping any the list itself calls tortured: such a
    # phrase is not clean text, and flagging it would be counted against the detector.
    negatives = dict.fromkeys(fp.expected[0] for fp in fold if normalise(fp.expected[0]) not in listed)
    for phrase in negatives:
        score, _ = detect(phrase)
        labels.append(False)
        scores.append(float(score))
    return _FoldOutcome(labels, scores, top1, top5, detected)


def phrase_level(
    fingerprints: Sequence[Fingerprint],
    k: int,
    make_detector: MakeDetector,
    threshold: float = 0.5,
    seed: int = 0,
    limit_per_fold: int | None = None,
    signature: Signature | None = None,
) -> PhraseLevelResult:
    """k-fold grouped cross-validation of a detector built from the tortured-phrase list.

    For each fold, ``make_detector`` gets the other folds and returns ``detect(phrase) -> (score,
    suggestions)``: the score is the highest span confidence (0 when nothing is flagged) and the
    suggestions are ranked restorations. Held-out tortured phrases are positives and their
    expected phrases negatives. ``limit_per_fold`` evaluates a stable subsample of each held-out
    fold (training still sees every other fold) for a quick smoke run.
    """
    folds = grouped_folds(fingerprints, k, seed)
    listed = frozenset(normalise(fp.tortured) for fp in fingerprints)
    labels: list[bool] = []
    scores: list[float] = []
    fold_ends: list[int] = []
    top1 = top5 = detected = 0
    for index, fold in enumerate(folds):
        held_out = subsample(fold, limit_per_fold, seed)
        if not held_out:
            continue
        training = [fp for other, rest in enumerate(folds) if other != index for fp in rest]
        outcome = _held_out(make_detector(training), held_out, threshold, listed)
        labels += outcome.labels
        scores += outcome.scores
        fold_ends.append(len(labels))
        top1 += outcome.top1
        top5 += outcome.top5
        detected += outcome.detected
    confusion = binary_scores(labels, [score >= threshold for score in scores])
    positives = confusion.tp + confusion.fn
    base = signature or Signature(dataset="tortured-phrases", split="dev", seed=seed)
    extra: dict[str, Any] = {"folds": k, "threshold": threshold}
    if limit_per_fold is not None:
        extra["limit"] = limit_per_fold
    return PhraseLevelResult(
        signature=base.with_extra(**extra),
        threshold=threshold,
        folds=k,
        positives=positives,
        negatives=confusion.fp + confusion.tn,
        detected=detected,
        false_positives=confusion.fp,
        recall=confusion.recall,
        false_positive_rate=confusion.false_positive_rate,
        precision=confusion.precision,
        auc=roc_auc(labels, scores),
        top1_hits=top1,
        top5_hits=top5,
        top1=_ratio(top1, positives),
        top5=_ratio(top5, positives),
        top1_detected=_ratio(top1, detected),
        top5_detected=_ratio(top5, detected),
        pr_curve=tuple(precision_recall_curve(labels, scores)),
        labels=tuple(labels),
        scores=tuple(scores),
        fold_ends=tuple(fold_ends),
    )


# --- tables -----------------------------------------------------------------------------------


def _cell(value: Any, digits: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.{digits}f}"
    # A literal "|" would end the cell early.
    return str(value).replace("|", "\\|").replace("\n", " ")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def format_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | Mapping[str, str],
    digits: int = 3,
) -> str:
    """A GitHub markdown table of ``rows``; ``columns`` lists keys or maps keys to headers.

    Floats get ``digits`` decimals (NaN prints as a dash), missing keys leave the cell empty, and
    columns holding only numbers are right-aligned.
    """
    headers = dict(columns) if isinstance(columns, Mapping) else {key: key for key in columns}
    keys = list(headers)
    cells = [[_cell(row.get(key), digits) for key in keys] for row in rows]
    numeric = [
        all(_is_number(row.get(key)) for row in rows if row.get(key) is not None) and bool(rows)
        for key in keys
    ]
    titles = [_cell(headers[key], digits) for key in keys]
    widths = [max([len(titles[i]), 3, *(len(line[i]) for line in cells)]) for i in range(len(keys))]

    def line(values: Sequence[str]) -> str:
        padded = [
            value.rjust(w) if right else value.ljust(w)
            for value, w, right in zip(values, widths, numeric, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (w + 1) + ":" if right else "-" * (w + 2) for w, right in zip(widths, numeric, strict=True)
        )
        + "|"
    )
    return "\n".join([line(titles), rule, *(line(values) for values in cells)])
