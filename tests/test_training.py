import json
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from unspin.evidence import FEATURES

sklearn = pytest.importorskip("sklearn")


def test_exported_trees_predict_what_scikit_learn_predicts() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    from unspin.training import export_trees

    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, len(FEATURES)))
    y = (X[:, 0] + X[:, 3] * X[:, 5] > 0.2).astype(int)
    model = HistGradientBoostingClassifier(max_iter=20, max_depth=3, random_state=0).fit(X, y)
    exported = export_trees(model, "test")
    expected = model.predict_proba(X[:50])[:, 1]
    assert exported.confidences(X[:50].tolist()) == pytest.approx(expected.tolist(), abs=1e-5)


def test_gate_rows_label_the_windows_whose_best_restoration_is_confident() -> None:
    from unspin.decisions import span_model
    from unspin.gate import GATE_FEATURES
    from unspin.training import fit_gate, gate_rows

    text = (
        "The runner stopped at the corner and took a profound breath before the final climb, while "
        "the firm posted a colossal benefit this quarter and the minister said on Tuesday that the "
        "new rules would come into force next year."
    )
    X, y = gate_rows([text], span_model())
    assert X and all(len(row) == len(GATE_FEATURES) for row in X)
    assert set(y) == {0, 1}  # most windows stay low; "profound" in "a profound breath" does not
    gate = fit_gate((X, y), "test")
    assert len(gate.keeps(X)) == len(X)


def test_restoration_rows_label_the_paths_that_read_as_an_expected_phrase() -> None:
    pytest.importorskip("lightgbm")
    from unspin.fingerprints import shipped
    from unspin.restoration import PATH_FEATURES, RERANK_BEAM
    from unspin.training import fit_restoration, restoration_rows_by_fold

    folds = restoration_rows_by_fold(list(shipped())[:80], folds=2)
    assert len(folds) == 2 and sum(len(fold) for fold in folds) == 80  # one group per phrase
    X = [row for fold in folds for rows, _ in fold for row in rows]
    y = [label for fold in folds for _, labels in fold for label in labels]
    assert X and all(len(row) == len(PATH_FEATURES) for row in X)
    assert 0 < sum(y) < len(y)  # some paths are the expected phrase, most are not
    # one phrase's paths: two beams, over its words' options and over their second hops
    assert all(len(labels) <= 2 * RERANK_BEAM for fold in folds for _, labels in fold)
    assert any(len(labels) > RERANK_BEAM for fold in folds for _, labels in fold)
    model = fit_restoration(folds, "test")
    assert len(model.trees.margins(X[:5])) == 5


def test_exported_lightgbm_trees_predict_what_lightgbm_predicts() -> None:
    lightgbm = pytest.importorskip("lightgbm")
    from unspin.training import export_lightgbm_trees

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 6))
    y = (X[:, 0] + X[:, 3] * X[:, 5] > 0.2).astype(int)
    ranker = lightgbm.LGBMRanker(n_estimators=20, num_leaves=15, max_depth=4, verbose=-1)
    ranker.fit(X, y, group=[40] * 10)
    exported = export_lightgbm_trees(ranker.booster_, "test")
    assert exported.depth <= 4
    assert exported.margins(X[:50].tolist()) == pytest.approx(ranker.predict(X[:50]).tolist(), abs=1e-4)


def test_training_spins_include_sense_blind_ones_that_rewrite_names() -> None:
    from unspin.training import _with_spins

    text = "Yesterday Deep and Big met Rare in Paris, and they have a big house."
    rng = random.Random(0)
    spun = [edit_chars for _ in range(40) for _, edit_chars in _with_spins(text, rng)[1:]]
    names = {text.index(name) for name in ("Deep", "Big", "Rare")}
    have = text.index("have")
    assert any(names & chars for chars in spun)  # some spins touch names...
    assert any(have in chars for chars in spun)  # ...and function words
    assert not all(names & chars for chars in spun if chars)  # but most leave names alone


def test_candidate_ranker_learns_which_candidate_of_a_spun_window_is_the_original() -> None:
    pytest.importorskip("lightgbm")
    from unspin.training import candidate_ranker_groups, fit_candidate_ranker

    text = (
        "The runner stopped at the corner and took a deep breath before the final climb, while the "
        "firm posted a huge profit this quarter and the minister said on Tuesday that the new rules "
        "would come into force next year. Shares rose sharply after the results were announced, and "
        "analysts said the company had a strong position in its main markets."
    )
    groups = candidate_ranker_groups([text] * 6, seed=1)
    assert groups and all(len(y) >= 2 for _, y in groups)  # a window with one candidate has no order
    assert all(any(y) for _, y in groups)  # only windows with a right candidate
    assert any(not all(y) for _, y in groups)  # and most with wrong ones beside it, to rank below
    assert all(len(row) == len(FEATURES) for X, _ in groups for row in X)
    ranker = fit_candidate_ranker(groups, "test")
    X, y = groups[0]
    assert len(ranker.margins(X)) == len(y)


def test_grafted_rows_label_the_windows_within_a_grafted_tortured_phrase() -> None:
    from unspin.fingerprints import Fingerprint
    from unspin.pipeline import Checker
    from unspin.training import _grafted_rows

    host = "The clinic said the doctor had seen the results of the trial and the nurses agreed with the plan."
    checker = Checker([], min_confidence=0.0, window_gate=False, search_every_phrase_window=False)
    X, y = _grafted_rows(checker, Fingerprint("irregular woodland", ("random forest",)), [host])
    assert X and all(len(row) == len(FEATURES) for row in X)
    assert y == sorted(y, reverse=True) and 0 < sum(y) < len(y)  # the tortured side's windows first
    # the label says which side of the entry was grafted, not what its words look like
    X, y = _grafted_rows(checker, Fingerprint("irregular woodland", ("irregular woodland",)), [host])
    half = len(y) // 2
    assert X[:half] == X[half:] and y == [1] * half + [0] * half


@pytest.mark.parametrize("every_window", [True, False])
def test_phrase_rows_read_an_entry_as_the_model_that_learns_from_them_reads_it(every_window: bool) -> None:
    from unspin.fingerprints import Fingerprint
    from unspin.pipeline import Checker
    from unspin.training import _phrase_rows

    # six words: running text by its form (``pipeline.is_phrase``); the phrase model (every window
    # searched) meets a list entry on its own whatever its length, the running-text model as text
    entry = Fingerprint("the profound learning of the mind", ("the deep learning of the brain",))
    checker = Checker([], min_confidence=0.0, search_every_phrase_window=every_window)
    X, y = _phrase_rows(checker, entry)
    isolated = FEATURES.index("isolated")
    assert X and {row[isolated] for row in X} == {float(every_window)}
    assert set(y) <= {0, 1} and 1 in y


def test_rows_of_the_list_do_not_pass_through_the_window_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin import pipeline
    from unspin.fingerprints import Fingerprint
    from unspin.restoration import shipped_restoration_model
    from unspin.training import grafted_rows_by_fold, phrase_rows_by_fold

    # The gate is fitted after the span models, to their scores: rows it had filtered would make
    # each training run depend on the run before (an entry read as running text would be gated).
    def no_gate() -> None:
        raise AssertionError("a training checker loaded the shipped window gate")

    monkeypatch.setattr(pipeline, "shipped_gate", no_gate)
    entries = [
        Fingerprint("profound learning", ("deep learning",)),
        Fingerprint("irregular woodland", ("random forest",)),
        Fingerprint(
            "the profound learning of the mind as a rule and for the most part",
            ("the deep learning of the brain as a rule and for the most part",),
        ),
    ]
    restoration_models = [shipped_restoration_model()] * 2
    for every_window in (True, False):
        rows = phrase_rows_by_fold(entries, 2, every_window, restoration_models)
        assert sum(len(y) for _, y in rows)
    host = "The clinic said the doctor had seen the results of the trial and the nurses agreed with the plan."
    assert sum(len(y) for _, y in grafted_rows_by_fold(entries, [host], folds=2))


def test_the_phrase_models_rows_read_each_folds_preference_from_a_model_without_that_fold() -> None:
    from test_restoration import _rank_model

    from unspin.fingerprints import Fingerprint
    from unspin.training import phrase_rows_by_fold

    entries = [
        Fingerprint("profound learning", ("deep learning",)),
        Fingerprint("irregular woodland", ("random forest",)),
    ]
    # the shipped restoration model learned every entry's restoration: it must not score them
    with pytest.raises(ValueError, match="restoration models"):
        phrase_rows_by_fold(entries, 2, every_window=True)
    preference = FEATURES.index("restoration_preference")
    given = [_rank_model(prefers_later=False), _rank_model(prefers_later=True)]
    by_model = [{row[preference] for row in X} for X, _ in phrase_rows_by_fold(entries, 2, True, given)]
    swapped = [{row[preference] for row in X} for X, _ in phrase_rows_by_fold(entries, 2, True, given[::-1])]
    assert by_model != swapped  # each fold's rows come from its own model


# the texts of ours the probe reads (scripts/train_models.py's PROBE_TEXT, PROBE_SCIENTIFIC_TEXT)
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "original.txt"
SCIENTIFIC_EXAMPLE = EXAMPLE.with_name("methods.txt")


def _probe() -> str:
    from unspin.datasets import shared_data
    from unspin.fingerprints import shipped
    from unspin.training import repository_probe

    if shared_data() is None:
        pytest.skip("the probe reads train-split news (../shared/data)")
    story, paper = (path.read_text(encoding="utf-8") for path in (EXAMPLE, SCIENTIFIC_EXAMPLE))
    return repository_probe(list(shipped()), story, paper)


@pytest.fixture(scope="module")
def todays_probe() -> str:
    return _probe()


@pytest.mark.parametrize("name", ["span-model.json", "span-model-manuscript.json", "phrase-model.json"])
def test_shipped_span_models_learned_from_the_rows_the_code_makes_today(name: str, todays_probe: str) -> None:
    from unspin.resources import data_path

    stored = json.loads(data_path(name).read_text(encoding="utf-8")).get("feature_probe")
    assert stored == todays_probe, (
        f"{name} learned from other candidates or features than the code makes now: "
        "retrain (scripts/train_models.py, then the verdicts and scripts/choose_threshold.py)"
    )


def test_the_feature_probe_sees_a_change_to_how_a_phrase_is_searched(
    todays_probe: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from unspin import pipeline

    monkeypatch.setattr(pipeline, "PHRASE_BUDGET", replace(pipeline.PHRASE_BUDGET, unpaired=0))
    assert _probe() != todays_probe


def test_the_feature_probe_sees_a_change_that_moves_the_rows_of_news_alone(
    todays_probe: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Listed phrases found written as one word, their words joined by hyphens ("search-engine" in
    # the first train article), moved the rows of news and not those of the example: the
    # running-text models stayed a retrain behind while a probe of the example alone read the same.
    from unspin import pipeline

    found = pipeline.Checker._fingerprint_candidates

    def not_joined(checker: pipeline.Checker, *args: object) -> list:
        return [c for c in found(checker, *args) if not c.listed_joined]

    monkeypatch.setattr(pipeline.Checker, "_fingerprint_candidates", not_joined)
    assert _probe() != todays_probe


def test_the_feature_probe_reads_the_list_phrases_grafted_into_a_paper(
    todays_probe: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The manuscript model learns from list phrases grafted into scientific prose: rows that news,
    # the example story and the phrases on their own never show.
    from unspin import training

    monkeypatch.setattr(training, "_grafted_rows", lambda checker, fingerprint, hosts: ([], []))
    assert _probe() != todays_probe
