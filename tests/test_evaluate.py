"""Tests for unspin.evaluate; every expectation below is worked out by hand in the comments."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin import __version__
from unspin.evaluate import (
    SPIN_RATES,
    PRPoint,
    RestorationCounts,
    Signature,
    SpanCounts,
    binary_scores,
    cluster_bootstrap,
    content_share_spun,
    expected_calibration_error,
    format_table,
    grouped_folds,
    logistic_fit,
    phrase_level,
    precision_recall_curve,
    recall_at_precision,
    recall_by_strength,
    recall_crossing,
    reliability_table,
    restoration_rank,
    restoration_scores,
    roc_auc,
    span_counts,
    span_scores,
    spans_per_thousand_words,
    spin_spec,
    stable_hash,
    verdict_metrics,
)
from unspin.fingerprints import Fingerprint
from unspin.report import Alternative, Span
from unspin.spin import SPINNER


@dataclass(frozen=True)
class Gold:
    """Shaped like unspin.spin.Edit (the spinner is not imported: evaluate must not need it)."""

    start: int
    end: int
    text: str = ""
    original: str = ""
    original_start: int = 0
    original_end: int = 0


def pred(start: int, end: int, text: str = "", suggestion: str = "", *alternatives: str) -> Span:
    alts = tuple(Alternative(a, 0.5) for a in alternatives)
    return Span(start=start, end=end, text=text, suggestion=suggestion, confidence=0.9, alternatives=alts)


def gold(start: int, end: int, text: str = "", original: str = "") -> Gold:
    return Gold(start, end, text, original)


# --- signature ----------------------------------------------------------------------------------


def test_signature_prints_sacrebleu_style_and_skips_missing_fields():
    signature = Signature(
        "bbc", "test", "careless", "moby", rate=0.3, seed=7, version="0.1.0", extra={"folds": 5}
    )
    assert (
        str(signature)
        == "data:bbc|split:test|spinner:careless|thesaurus:moby|rate:0.3|seed:7|folds:5|unspin:0.1.0"
    )
    assert str(Signature(dataset="pps")) == f"data:pps|unspin:{__version__}"


def test_signature_from_spin_settings():
    settings_ = {"thesaurus": "wordnet", "style": "chain", "rate": 0.5, "seed": 3, "skip_names": True}
    signature = Signature.from_settings(settings_, dataset="bbc", split="dev", version_note="x")
    assert str(signature) == (
        f"data:bbc|split:dev|spinner:{SPINNER}|thesaurus:wordnet|style:chain|rate:0.5|seed:3"
        f"|skip_names:yes|version_note:x|unspin:{__version__}"
    )


# --- span level ---------------------------------------------------------------------------------


def test_perfect_spans():
    spans = [pred(0, 5), pred(10, 15)]
    scores = span_scores(spans, [gold(0, 5), gold(10, 15)])
    assert (scores.tp_overlap, scores.tp_exact) == (2, 2)
    assert scores.overlap_f1 == scores.exact_f1 == 1.0


def test_no_overlap_and_touching_spans_score_zero():
    # [0, 5) and [5, 10) share no character.
    scores = span_scores([pred(0, 5)], [gold(5, 10)])
    assert (scores.tp_overlap, scores.overlap_precision, scores.overlap_recall, scores.overlap_f1) == (
        0,
        0,
        0,
        0,
    )


def test_partial_overlap_versus_exact():
    # (0,5) overlaps (3,8); (20,25) is exact; (10,12) is missed.
    scores = span_scores([pred(0, 5), pred(20, 25)], [gold(3, 8), gold(10, 12), gold(20, 25)])
    assert (scores.tp_overlap, scores.tp_exact) == (2, 1)
    assert scores.overlap_precision == 1.0
    assert scores.overlap_recall == pytest.approx(2 / 3)
    assert scores.overlap_f1 == pytest.approx(0.8)  # 2 * 1 * 2/3 / (5/3)
    assert scores.exact_precision == 0.5
    assert scores.exact_recall == pytest.approx(1 / 3)
    assert scores.exact_f1 == pytest.approx(0.4)  # 2 * 1/6 / (5/6)


def test_each_gold_edit_is_matched_once():
    # Two predictions on one edit: one hit, one false alarm.
    counts = span_counts([pred(0, 4), pred(5, 10)], [gold(0, 10)])
    assert (counts.tp_overlap, counts.precision, counts.recall) == (1, 0.5, 1.0)
    # One prediction across two edits finds only one of them.
    counts = span_counts([pred(0, 20)], [gold(0, 5), gold(10, 15)])
    assert (counts.tp_overlap, counts.precision, counts.recall) == (1, 1.0, 0.5)


def test_matching_is_maximum_not_first_come():
    # (0,10) overlaps both edits and comes first; taking (9,11) for it would strand (10,12).
    counts = span_counts([pred(0, 10), pred(10, 12)], [gold(9, 11), gold(0, 2)])
    assert counts.tp_overlap == 2


def test_empty_inputs_divide_to_zero():
    counts = span_counts([], [])
    assert (counts.precision, counts.recall, counts.f1, counts.exact_f1) == (0.0, 0.0, 0.0, 0.0)


def test_span_counts_add_up_over_documents():
    first = span_counts([pred(0, 5)], [gold(0, 5), gold(8, 9)])
    second = span_counts([pred(0, 5), pred(7, 9)], [gold(3, 4)])
    total = sum([first, second])
    assert total == first + second == SpanCounts(predicted=3, gold=3, tp_overlap=2, tp_exact=1)
    assert total.precision == pytest.approx(2 / 3)
    assert total.scores().exact_recall == pytest.approx(1 / 3)


# --- restoration --------------------------------------------------------------------------------


def test_restoration_top1_ignores_case_and_spacing():
    spans = [pred(0, 17, "profound learning", "Deep  learning", "Deep  learning", "deep knowledge")]
    counts = restoration_scores(spans, [gold(0, 17, "profound learning", "deep learning")])
    assert tuple(counts) == (1, 1, 1)


def test_restoration_reads_a_compounds_hyphen_as_a_space():
    # the list writes "cross sectional reliance" for "cross-sectional dependence"; a restoration
    # keeps the text's own hyphenation, and its words are right
    spans = [pred(0, 24, "cross sectional reliance", "cross sectional dependence")]
    counts = restoration_scores(
        spans, [gold(0, 24, "cross sectional reliance", "Cross-sectional dependence")]
    )
    assert tuple(counts) == (1, 1, 1)
    dashed = [pred(0, 5, "x", "human–computer interaction")]
    assert tuple(restoration_scores(dashed, [gold(0, 5, "x", "human-computer interaction")])) == (1, 1, 1)
    # a hyphen is not nothing: "re-cover" is not "recover"
    joined = [pred(0, 5, "x", "recover")]
    assert tuple(restoration_scores(joined, [gold(0, 5, "x", "re-cover")])) == (0, 0, 1)


def test_restoration_top5_counts_alternatives_but_only_five():
    # The pipeline repeats the suggestion as the first alternative; it is one candidate, not two.
    second = pred(0, 8, "profound", "thick", "thick", "deep")
    sixth = pred(0, 8, "profound", "a", "a", "b", "c", "d", "e", "deep")
    edit = gold(0, 8, "profound", "deep")
    assert tuple(restoration_scores([second], [edit])) == (0, 1, 1)
    assert tuple(restoration_scores([sixth], [edit])) == (0, 0, 1)


def test_restoration_rank_is_where_restoration_scores_first_counts_a_hit():
    second = pred(0, 8, "profound", "thick", "thick", "deep")
    sixth = pred(0, 8, "profound", "a", "a", "b", "c", "d", "e", "deep")
    edit = gold(0, 8, "profound", "deep")
    assert restoration_rank([pred(0, 8, "profound", "deep")], edit, [edit]) == 1
    assert restoration_rank([second], edit, [edit]) == 2
    assert restoration_rank([sixth], edit, [edit]) is None
    assert restoration_rank([], edit, [edit]) is None
    # a span wider than the edit hits when its restoration gives the original over both
    wide = pred(0, 17, "profound learning", "deep learning")
    assert restoration_rank([wide], edit, [edit]) == 1


def test_restoration_only_counts_edits_a_prediction_overlaps():
    top1, top5, matched = restoration_scores(
        [pred(0, 8, "profound", "deep")], [gold(0, 8, "profound", "deep"), gold(20, 25, "x", "y")]
    )
    assert (top1, top5, matched) == (1, 1, 1)
    assert tuple(restoration_scores([], [gold(0, 8, "profound", "deep")])) == (0, 0, 0)


def test_restoration_across_different_boundaries():
    # The detector restores the whole phrase; the spinner only rewrote its first word.
    phrase = pred(0, 17, "profound learning", "deep learning")
    word = gold(0, 8, "profound", "deep")
    assert tuple(restoration_scores([phrase], [word], strict=True)) == (0, 0, 1)
    assert tuple(restoration_scores([phrase], [word])) == (1, 1, 1)
    # And the other way round: the spinner rewrote the phrase, the detector one word of it.
    assert tuple(
        restoration_scores(
            [pred(0, 8, "profound", "deep")], [gold(0, 17, "profound learning", "deep learning")]
        )
    ) == (1, 1, 1)
    # A wrong restoration stays wrong over the union.
    assert tuple(restoration_scores([pred(0, 17, "profound learning", "deep knowledge")], [word])) == (
        0,
        0,
        1,
    )


def test_one_span_restoring_two_edits_hits_both():
    span = pred(0, 18, "profound erudition", "deep learning")
    edits = [gold(0, 8, "profound", "deep"), gold(9, 18, "erudition", "learning")]
    assert tuple(restoration_scores([span], edits)) == (2, 2, 2)


def test_restoration_counts_add_up():
    total = sum([RestorationCounts(1, 2, 3), RestorationCounts(0, 1, 1)])
    assert total == RestorationCounts(top1=1, top5=3, matched=4)
    assert (total.top1_rate, total.top5_rate) == (0.25, 0.75)
    assert RestorationCounts().top1_rate == 0.0


def test_spans_per_thousand_words():
    assert spans_per_thousand_words(3, 1500) == 2.0
    assert spans_per_thousand_words(1, 0) == 0.0


# --- document level -----------------------------------------------------------------------------


def test_auc_known_cases():
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert roc_auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]) == 0.0
    assert roc_auc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]) == 0.5
    # Positives 0.8 and 0.4 against negatives 0.6 and 0.2: 2 + 1 of 4 pairs.
    assert roc_auc([1, 0, 1, 0], [0.8, 0.6, 0.4, 0.2]) == 0.75
    # 0.5 vs 0.5 is half a pair: (0.5 + 1 + 1 + 1) / 4.
    assert roc_auc([1, 1, 0, 0], [0.5, 0.9, 0.5, 0.1]) == 0.875
    assert math.isnan(roc_auc([1, 1], [0.2, 0.3]))


def _pairwise_auc(labels: list[bool], scores: list[float]) -> float:
    positives = [score for label, score in zip(labels, scores, strict=True) if label]
    negatives = [score for label, score in zip(labels, scores, strict=True) if not label]
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


labelled_scores = st.lists(
    st.tuples(st.booleans(), st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0])), min_size=2, max_size=40
).filter(lambda pairs: len({label for label, _ in pairs}) == 2)


@given(labelled_scores)
def test_auc_equals_pairwise_definition(pairs):
    labels = [label for label, _ in pairs]
    scores = [score for _, score in pairs]
    assert roc_auc(labels, scores) == pytest.approx(_pairwise_auc(labels, scores))


@settings(max_examples=30, deadline=None)
@given(labelled_scores)
def test_auc_agrees_with_scikit_learn(pairs):
    metrics = pytest.importorskip("sklearn.metrics")
    labels = [label for label, _ in pairs]
    scores = [score for _, score in pairs]
    assert roc_auc(labels, scores) == pytest.approx(metrics.roc_auc_score(labels, scores))


def test_binary_scores():
    # tp 2, fn 1, fp 1, tn 1.
    result = binary_scores([1, 1, 1, 0, 0], [1, 1, 0, 1, 0])
    assert (result.tp, result.fn, result.fp, result.tn) == (2, 1, 1, 1)
    assert result.precision == result.recall == result.f1 == pytest.approx(2 / 3)
    assert result.false_positive_rate == 0.5
    nothing = binary_scores([0, 0], [0, 0])
    assert (nothing.precision, nothing.recall, nothing.f1, nothing.false_positive_rate) == (0, 0, 0, 0)
    with pytest.raises(ValueError):
        binary_scores([1], [1, 0])


def test_ece_of_perfectly_calibrated_bins_is_zero():
    labels = [1, 0, 0, 0] + [1, 1, 1, 0]
    probs = [0.25] * 4 + [0.75] * 4
    assert expected_calibration_error(labels, probs) == pytest.approx(0.0)


def test_ece_weights_gaps_by_count():
    # Bin [0.9, 1.0): predicted 0.9, observed 0.5, gap 0.4 over 2 of 6 items; the rest calibrated.
    labels = [1, 0] + [1, 0, 0, 0]
    probs = [0.9, 0.9] + [0.25] * 4
    assert expected_calibration_error(labels, probs) == pytest.approx(0.4 * 2 / 6)


def test_reliability_table():
    table = reliability_table([1, 0, 1], [0.25, 0.25, 1.0], bins=4)
    assert [(row.low, row.high, row.count) for row in table] == [
        (0, 0.25, 0),
        (0.25, 0.5, 2),
        (0.5, 0.75, 0),
        (0.75, 1.0, 1),
    ]
    assert (table[1].mean_predicted, table[1].observed) == (0.25, 0.5)
    assert (table[3].mean_predicted, table[3].observed) == (1.0, 1.0)  # 1.0 falls in the last bin
    assert math.isnan(table[0].observed)
    with pytest.raises(ValueError):
        reliability_table([1], [1.5])


# --- precision-recall curve -----------------------------------------------------------------------


def test_precision_recall_curve_and_recall_at_precision():
    labels, scores = [1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]
    curve = precision_recall_curve(labels, scores)
    assert curve == [
        PRPoint(0.9, 1.0, 0.5),
        PRPoint(0.8, 0.5, 0.5),
        PRPoint(0.7, pytest.approx(2 / 3), 1.0),
        PRPoint(0.1, 0.5, 1.0),
    ]
    assert recall_at_precision(labels, scores, 0.6) == (1.0, 0.7)
    assert recall_at_precision(labels, scores, 0.9) == (0.5, 0.9)
    assert recall_at_precision(labels, scores, 1.01) == (0.0, math.inf)


def test_tied_scores_are_one_operating_point():
    assert precision_recall_curve([1, 0], [0.5, 0.5]) == [PRPoint(0.5, 0.5, 1.0)]


@given(labelled_scores)
def test_recall_never_falls_along_the_curve(pairs):
    labels = [label for label, _ in pairs]
    curve = precision_recall_curve(labels, [score for _, score in pairs])
    recalls = [point.recall for point in curve]
    assert recalls == sorted(recalls) and recalls[-1] == 1.0
    assert [p.threshold for p in curve] == sorted({score for _, score in pairs}, reverse=True)


# --- folds ----------------------------------------------------------------------------------------


def variants(group: str, n: int) -> list[Fingerprint]:
    return [Fingerprint(f"{group} variant {i}", (group,)) for i in range(n)]


group_sizes = st.dictionaries(st.text("abcdefgh ", min_size=1, max_size=6), st.integers(1, 5), max_size=25)


@given(group_sizes, st.integers(1, 6), st.integers(0, 3), st.randoms(use_true_random=False))
def test_folds_keep_groups_together_and_balance(sizes, k, seed, rng):
    fingerprints = [fp for group, n in sizes.items() for fp in variants(group, n)]
    folds = grouped_folds(fingerprints, k, seed)
    assert len(folds) == k
    assert sorted((fp for fold in folds for fp in fold), key=repr) == sorted(fingerprints, key=repr)
    fold_of_group: dict[str, set[int]] = {}
    for index, fold in enumerate(folds):
        for fp in fold:
            fold_of_group.setdefault(fp.group, set()).add(index)
    assert all(len(indices) == 1 for indices in fold_of_group.values())
    # Largest-first to the least-filled fold keeps fold sizes within one group of each other.
    lengths = [len(fold) for fold in folds]
    assert max(lengths) - min(lengths) <= max(sizes.values(), default=0)
    # Deterministic, and blind to the input order.
    assert grouped_folds(fingerprints, k, seed) == folds
    shuffled = list(fingerprints)
    rng.shuffle(shuffled)
    assert [sorted(fold, key=repr) for fold in grouped_folds(shuffled, k, seed)] == [
        sorted(fold, key=repr) for fold in folds
    ]


def _folds_in_subprocess(hash_seed: str) -> list[list[str]]:
    code = (
        "import json\n"
        "from unspin.evaluate import grouped_folds\n"
        "from unspin.fingerprints import Fingerprint\n"
        "fps = [Fingerprint(f'{g} {i}', (g,)) for g in ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']"
        " for i in range(2)]\n"
        "print(json.dumps([[fp.tortured for fp in fold] for fold in grouped_folds(fps, 3, seed=1)]))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_folds_are_the_same_in_every_process():
    assert _folds_in_subprocess("1") == _folds_in_subprocess("2")
    assert (
        stable_hash("deep learning") == stable_hash("deep learning") != stable_hash("deep learning", seed=1)
    )


def test_fold_seed_changes_the_split_and_spare_folds_are_empty():
    fingerprints = [fp for g in "abcdefghijklmnop" for fp in variants(g, 1)]
    assert any(
        grouped_folds(fingerprints, 4, seed) != grouped_folds(fingerprints, 4, 0) for seed in range(1, 6)
    )
    assert [len(fold) for fold in grouped_folds(variants("a", 2), 3)] == [2, 0, 0]


# --- phrase level ---------------------------------------------------------------------------------

TOY = [
    Fingerprint("counterfeit consciousness", ("artificial intelligence",)),
    Fingerprint("fake intelligence", ("artificial intelligence",)),
    Fingerprint("profound learning", ("deep learning",)),
    Fingerprint("irregular woodland", ("random forest",)),
    Fingerprint("bosom peril", ("breast cancer", "mammary cancer")),
]
# What the toy detector answers, whatever it was trained on (so the result is fold-independent).
ANSWERS: dict[str, tuple[float, list[str]]] = {
    "counterfeit consciousness": (0.9, ["artificial intelligence"]),  # found, top-1
    "fake intelligence": (0.6, ["false intelligence", "Artificial  Intelligence"]),  # found, top-5 only
    "profound learning": (0.4, ["deep learning"]),  # right, but below the threshold: a miss
    "irregular woodland": (0.8, ["random wood"]),  # found, wrong restoration
    "bosom peril": (0.7, ["mammary cancer"]),  # found, the second expected phrase counts
    "artificial intelligence": (0.0, []),
    "deep learning": (0.55, ["deep learning"]),  # the one false positive
    "random forest": (0.0, []),
    "breast cancer": (0.3, []),
}


def toy_detector(leaks: list[str], trained: list[int]):
    def make(training):
        trained.append(len(training))
        seen = {fp.tortured for fp in training} | {fp.group for fp in training}

        def detect(phrase: str) -> tuple[float, list[str]]:
            if phrase in seen:
                leaks.append(phrase)
            return ANSWERS[phrase]

        return detect

    return make


def test_phrase_level_by_hand():
    leaks: list[str] = []
    trained: list[int] = []
    result = phrase_level(TOY, 4, toy_detector(leaks, trained), threshold=0.5)
    assert leaks == []  # no held-out phrase or its group was in the training folds
    assert len(trained) == 4  # four groups, four non-empty folds
    assert (result.positives, result.negatives, result.detected, result.false_positives) == (5, 4, 4, 1)
    assert result.recall == pytest.approx(0.8)
    assert result.false_positive_rate == pytest.approx(0.25)
    assert result.precision == pytest.approx(0.8)
    # Negatives 0, 0, 0.3, 0.55: every positive beats all four except 0.4, which beats three.
    assert result.auc == pytest.approx(19 / 20)
    assert (result.top1_hits, result.top5_hits) == (2, 3)
    assert (result.top1, result.top5) == (pytest.approx(0.4), pytest.approx(0.6))
    assert (result.top1_detected, result.top5_detected) == (0.5, 0.75)
    assert result.pr_curve[0] == PRPoint(0.9, 1.0, 0.2)
    assert "folds:4" in str(result.signature) and "threshold:0.5" in str(result.signature)
    assert "pr_curve" not in result.row() and result.row()["auc"] == result.auc
    folds = result.by_fold()
    assert len(folds) == 4  # one per non-empty fold, together every label and score once
    assert [x for labels, _ in folds for x in labels] == list(result.labels)
    assert [x for _, scores in folds for x in scores] == list(result.scores)
    # each fold lists its held-out tortured phrases, then their clean expected phrases
    assert all(labels[0] and list(labels) == sorted(labels, reverse=True) for labels, _ in folds)


def test_phrase_level_limit_is_a_stable_subsample():
    runs = [phrase_level(TOY, 2, toy_detector([], []), limit_per_fold=1) for _ in range(2)]
    assert runs[0] == runs[1]
    assert runs[0].positives == 2  # one per fold
    assert "limit:1" in str(runs[0].signature)


def test_phrase_level_skips_negatives_the_list_calls_tortured():
    # "deep learning" is itself listed as tortured, so it cannot serve as a clean negative.
    fingerprints = [
        Fingerprint("profound learning", ("deep learning",)),
        Fingerprint("deep learning", ("x",)),
    ]
    answers = {"profound learning": (1.0, ["deep learning"]), "deep learning": (1.0, ["x"]), "x": (0.0, [])}
    result = phrase_level(fingerprints, 2, lambda training: lambda phrase: answers[phrase])
    assert (result.positives, result.negatives, result.false_positives) == (2, 1, 0)


# --- tables -------------------------------------------------------------------------------------


def test_format_table():
    rows = [{"name": "a", "f1": 0.5, "n": 3}, {"name": "b|c", "f1": math.nan}]
    assert format_table(rows, ["name", "f1", "n"]) == "\n".join(
        [
            "| name |    f1 |   n |",
            "|------|------:|----:|",
            "| a    | 0.500 |   3 |",
            "| b\\|c |     – |     |",
        ]
    )
    assert format_table(rows[:1], {"f1": "F1"}, digits=1) == "|  F1 |\n|----:|\n| 0.5 |"


def test_importing_evaluate_does_not_load_numpy():
    code = (
        "import sys, unspin\n"
        "before = set(sys.modules)\n"
        "import unspin.evaluate\n"
        "print(set(sys.modules) - before)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "numpy" not in out and "sklearn" not in out


# --- document verdict on synthetic spins ------------------------------------------------------


def test_recall_crossing_by_hand():
    # Two strengths e^-1 and e^+1 around 0.1, detected 1/3 and 2/3 of the time: the logistic fit on
    # log strength is saturated (it hits both frequencies), so by symmetry it crosses 0.5 at 0.1
    # with slope (logit(2/3) - logit(1/3)) / 2 = ln 2, and crosses 2/3 at the upper strength.
    low, high = 0.1 / math.e, 0.1 * math.e
    strengths = [low] * 3 + [high] * 3
    detected = [True, False, False, True, True, False]
    assert recall_crossing(strengths, detected) == pytest.approx(0.1, rel=1e-4)
    assert recall_crossing(strengths, detected, level=2 / 3) == pytest.approx(high, rel=1e-4)
    slope, _ = logistic_fit([math.log(s) for s in strengths], detected)
    assert slope == pytest.approx(math.log(2), rel=1e-4)
    # Nothing to fit, or detection falling with strength: no crossing.
    assert recall_crossing(strengths, [True] * 6) is None
    assert recall_crossing(strengths, [False] * 6) is None
    assert recall_crossing(strengths, detected[::-1]) is None  # 2/3 at the low strength, 1/3 high


def test_recall_crossing_separable_lies_between_the_classes():
    crossing = recall_crossing([0.01, 0.02, 0.05, 0.1, 0.2, 0.3], [False, False, False, True, True, True])
    assert crossing is not None and 0.05 < crossing < 0.1


def test_logistic_fit_matches_scikit_learn():
    linear_model = pytest.importorskip("sklearn.linear_model")
    rng = random.Random(3)
    xs = [rng.uniform(-3, 1) for _ in range(200)]
    ys = [rng.random() < 1 / (1 + math.exp(-(2 * x + 1))) for x in xs]
    fit = linear_model.LogisticRegression(C=1e6, max_iter=5000, tol=1e-10).fit([[x] for x in xs], ys)
    slope, intercept = logistic_fit(xs, ys)
    assert slope == pytest.approx(fit.coef_[0][0], rel=1e-3)
    assert intercept == pytest.approx(fit.intercept_[0], rel=1e-3)


def test_recall_by_strength():
    rows = recall_by_strength([0.01, 0.03, 0.04, 0.5, 1.0], [False, True, False, True, True])
    assert rows == [("0%-2%", 1, 0.0), ("2%-5%", 2, 0.5), ("30%-100%", 2, 1.0)]


def test_verdict_metrics_by_hand():
    labels = [0, 0, 0, 1, 1, 1]
    probs = [0.1, 0.2, 0.95, 0.3, 0.92, 0.99]
    verdicts = ["clean", "uncertain", "spun", "clean", "spun", "spun"]
    content = [0.0, 0.0, 0.0, 0.05, 0.12, 0.3]
    m = verdict_metrics(labels, probs, verdicts, content, rates=[0, 0, 0, 0.05, 0.2, 0.4])
    assert (m.clean, m.spun, m.flagged) == (3, 3, 3)
    # tp 2 (0.92, 0.99), fp 1 (the clean 0.95), fn 1 (0.3 called clean), tn 2
    assert m.precision == pytest.approx(2 / 3) and m.recall == pytest.approx(2 / 3)
    assert m.f1 == pytest.approx(2 / 3) and m.false_positive_rate == pytest.approx(1 / 3)
    assert m.uncertain == pytest.approx(1 / 6)
    # positives beat negatives in 2 + 2 + 3 of 9 pairs
    assert m.auc == pytest.approx(7 / 9)
    # bins: 0.1 (gap 0.1), 0.2 (0.2), 0.3 (0.7), 0.9-1.0 holding 3 with mean 0.9533 and 2/3 spun
    assert m.ece == pytest.approx((0.1 + 0.2 + 0.7 + 3 * abs(2.86 / 3 - 2 / 3)) / 6)
    # heavy: the spins with 12 % and 30 % of content words rewritten, both caught
    assert (m.heavy, m.recall_heavy) == (2, 1.0)
    # the heavy spins (0.92, 0.99) against the clean (0.1, 0.2, 0.95): 5 of 6 pairs ordered right
    assert m.auc_heavy == pytest.approx(5 / 6)
    assert m.half_content_spun is not None and 0.05 < m.half_content_spun < 0.12
    assert m.half_rate is not None and 0.05 < m.half_rate < 0.2
    light = verdict_metrics([0, 1], [0.1, 0.2], ["clean", "clean"], [0.0, 0.01])
    assert light.recall_heavy is None and light.auc_heavy is None


@dataclass(frozen=True)
class _OriginalEdit:
    original_start: int
    original_end: int


def test_content_share_spun():
    text = "The big dog ran home."
    # content words: big, dog, ran, home ("The" is a function word); the edit rewrote "big dog"
    assert content_share_spun(text, [_OriginalEdit(4, 11)]) == 0.5
    assert content_share_spun(text, []) == 0.0
    assert content_share_spun("of the and", [_OriginalEdit(0, 2)]) == 0.0


def test_spin_spec_is_reproducible_and_in_range():
    specs = [spin_spec(random.Random(7), ("pps",), ("careless", "careful")) for _ in range(2)]
    assert specs[0] == specs[1]
    rng = random.Random(1)
    for _ in range(200):
        spec = spin_spec(rng, ("wordnet", "moby"), ("chain",))
        assert SPIN_RATES[0] <= spec["rate"] <= SPIN_RATES[1]
        assert spec["thesaurus"] in ("wordnet", "moby") and spec["style"] == "chain"
        assert set(spec) == {"rate", "seed", "thesaurus", "style", "skip_stopwords"}


def test_cluster_bootstrap_brackets_the_estimate_and_narrows_with_more_data() -> None:
    def share(clusters: list[list[int]]) -> float:
        rows = [x for cluster in clusters for x in cluster]
        return sum(rows) / len(rows)

    few = [[1, 1], [0, 1], [1, 0], [1, 1], [0, 0]] * 4
    low, high = cluster_bootstrap(few, share, resamples=400)
    assert low < share(few) < high
    many_low, many_high = cluster_bootstrap(few * 25, share, resamples=400)
    assert many_high - many_low < (high - low) / 2
    # a constant statistic has no spread; one undefined everywhere has no interval
    assert cluster_bootstrap(few, lambda _: 0.5, resamples=50) == (0.5, 0.5)
    assert cluster_bootstrap(few, lambda _: None, resamples=50) is None


def test_expected_rank_reads_restorations_as_the_benchmark_compares_them() -> None:
    from unspin.evaluate import expected_rank

    ranked = ["Deep Learning", "deep learning", "profound-learning", "a", "b", "c", "d"]
    assert expected_rank(ranked, ["deep learning"]) == 1
    assert expected_rank(ranked, ["profound learning"]) == 2  # the case-folded repeat counts once
    assert expected_rank(ranked, ["d"]) is None  # the sixth distinct restoration: past the first five
    assert expected_rank(ranked, ["d"], k=6) == 6
    assert expected_rank([], ["x"]) is None


def test_expected_fields_carry_the_wordings_and_their_rank() -> None:
    from unspin.evaluate import expected_fields

    ranked = ["deep learning", "profound learning"]
    assert expected_fields(ranked, ("profound learning",)) == {
        "expected": ["profound learning"],
        "expected_rank": 2,
    }
    assert expected_fields([], ("x",)) == {"expected": ["x"], "expected_rank": None}
