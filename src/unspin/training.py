"""Fit the span, restoration and gate models (training only: needs the ``train`` extra, that is
scikit-learn and LightGBM, and ``../shared/data``).

Two sources of labelled candidates:
- running text: clean news from the ``train`` split and technical prose (``datasets.technical_prose``),
  and spins of them (WordNet, Moby and half of the paper-mill table, ``pps-train``; careless,
  careful and consistent styles); a window is positive when all its words were rewritten;
- isolated phrases: the tortured-phrase list, tortured side positive and expected side negative,
  with features computed out of fold (each phrase scored by a checker whose fingerprints and
  learned substitutions exclude its fold), so that the model learns from evidence it would have
  for an unlisted phrase.
``phrase_cv_models`` refits the model once per fold without that fold's phrases: the phrase-level
benchmark uses those, so no figure it reports comes from a model that saw the held-out phrases.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np

from unspin.candidates import window_spin_prior
from unspin.datasets import news
from unspin.decisions import SpanModel, score_groups
from unspin.evaluate import grouped_folds, normalise
from unspin.evidence import as_written, feature_row
from unspin.fingerprints import Fingerprint
from unspin.gate import GATE_LEVEL, WindowGate, gate_row
from unspin.inflection import lemma_key
from unspin.language_model import domain_phrases, pairs_only, reading_subject_headings
from unspin.pipeline import Checker
from unspin.restoration import RestorationModel, path_features, wide_decode
from unspin.spin import SpinResult, drawn_blindness, graft, graft_host, graft_hosts, spin
from unspin.tokens import tokenize

TRAIN_THESAURI = ("wordnet", "moby")
TRAIN_STYLES = ("careless", "careful")
# The span models also learn from the table-driven "consistent" style: without it, repetition
# (``evidence.window_repetition``) would read as proof of clean text, and a spinner that always
# writes the same synonym would go unseen. (The verdict still learns from the first two only.)
SPAN_TRAIN_STYLES = (*TRAIN_STYLES, "consistent")
# and from half of the paper-mill table (``spin.pps_thesaurus``): without it, the running-text model
# never saw a substitution learned from the list be right (WordNet and Moby seldom make one), and
# scored the list's own substitutions low in running text ("biggest bake": 0.12). The other half
# ("pps-test") stays unseen, for the benchmarks.
SPAN_TRAIN_THESAURI = (*TRAIN_THESAURI, "pps-train")
FOLDS = 5
# What each model learns from, in the order of the train split: the span models read the first
# SPAN_NEWS_DOCS articles and SPAN_TECHNICAL_DOCS parts of technical prose, the window gate the
# GATE_DOCS articles after them, and the verdict (scripts/train_verdict.py) what comes after, so
# that no model learns from another's scores of its own training documents.
# 600 articles and 150 parts (technical windows counted three times) were tried and not kept: on
# calibration-split spins by the training thesauri, recall at 0.9 rose by a fifth at the same
# precision, but on spins by the held-out pps thesaurus it fell (at 0.7: 0.161 -> 0.133), the
# verdict's spun threshold rose from 0.917 to 0.949 and its test ECE from 0.031 to 0.050: more
# spins by the same two thesauri taught the models those thesauri rather than spinning.
SPAN_NEWS_DOCS = 150
SPAN_TECHNICAL_DOCS = 100
GATE_DOCS = 100
# The manuscript model (``decisions.manuscript_span_model``) learns from spins of the first this many
# train parts of scientific prose as well. Without them (the graft rows alone) it found fewer spins
# of calibration scientific prose at precision 0.85 (WordNet 0.150 -> 0.089, Moby 0.118 -> 0.071).
SPAN_SCIENTIFIC_DOCS = 150
Rows = tuple[list[list[float]], list[int]]


def _labelled_windows(
    checker: Checker,
    text: str,
    spun_chars: set[int] | None,
    whole_label: int | None,
    as_phrase: bool | None = None,
) -> list[tuple[list[list[float]], int]]:
    """Each window's candidate feature rows, with the window's label (``as_phrase``: as for
    ``pipeline.is_phrase``)."""
    found = []
    tokens = tokenize(text)
    for group in checker.assessments(tokens, as_phrase):
        window = group[0].window
        if whole_label is not None:
            label = whole_label
        else:
            chars = range(tokens[window.first].start, tokens[window.last].end)
            label = int(all(i in spun_chars for i in chars if not text[i].isspace()))
        found.append(([list(feature_row(a.features)) for a in group], label))
    return found


def _rows(
    checker: Checker,
    text: str,
    spun_chars: set[int] | None,
    whole_label: int | None,
    as_phrase: bool | None = None,
) -> Rows:
    X: list[list[float]] = []
    y: list[int] = []
    for rows, label in _labelled_windows(checker, text, spun_chars, whole_label, as_phrase):
        X += rows
        y += [label] * len(rows)
    return X, y


def _with_spins(text: str, rng: random.Random) -> list[tuple[str, set[int]]]:
    """The text as it is and one spin by each training thesaurus, with the spun characters."""
    variants: list[tuple[str, set[int]]] = [(text, set())]
    for result in _training_spins(text, rng):
        variants.append((result.text, {i for e in result.edits for i in range(e.start, e.end)}))
    return variants


def _training_spins(text: str, rng: random.Random) -> list[SpinResult]:
    """One spin of the text by each training thesaurus, at a rate and in a style drawn by ``rng``."""
    spins = []
    for thesaurus in SPAN_TRAIN_THESAURI:
        # drawn in this order: the shipped models were trained on exactly these spins
        rate = rng.choice([0.05, 0.1, 0.2, 0.35])
        seed = rng.randrange(1 << 30)
        style = rng.choice(SPAN_TRAIN_STYLES)
        # without sense-blind spins no model sees a name's word spun
        result = spin(text, rate=rate, seed=seed, thesaurus=thesaurus, style=style, **drawn_blindness(rng))
        spins.append(result)
    return spins


def _news_windows(documents: Iterable[str], seed: int) -> Iterator[tuple[list[list[float]], int]]:
    """Labelled windows of each document and of its spins (see ``_with_spins``).

    Every window, ungated: the window gate is fitted to this model's scores afterwards.
    """
    checker = Checker(min_confidence=0.0, window_gate=False)
    rng = random.Random(seed)
    for text in documents:
        for variant, chars in _with_spins(text, rng):
            yield from _labelled_windows(checker, variant, chars, None)


def news_rows(documents: Iterable[str], seed: int = 13) -> Rows:
    X: list[list[float]] = []
    y: list[int] = []
    for rows, label in _news_windows(documents, seed):
        X += rows
        y += [label] * len(rows)
    return X, y


def calibration_windows(documents: Iterable[str], seed: int = 29) -> list[tuple[list[list[float]], int]]:
    """The labelled windows ``calibrate_running_text`` maps margins on: ``documents`` and their spins."""
    return list(_news_windows(documents, seed))


def calibrate_running_text(model: SpanModel, windows: Sequence[tuple[list[list[float]], int]]) -> SpanModel:
    """``model`` with Platt scaling for windows of running text, fitted on ``windows``
    (``calibration_windows`` of documents the model did not learn from).

    The trees learn from isolated list phrases and from news windows at once, and their scores for
    running text come out too high (clean news got 1.5 spans per 1,000 words at 0.8). Each window
    is judged by its best candidate, as ``decide`` does; its margin is mapped to the share of such
    windows that were spun, in clean articles mixed with their spins.
    """
    from sklearn.linear_model import LogisticRegression

    margins = [[max(model.margins(rows))] for rows, _ in windows]
    labels = [label for _, label in windows]
    platt = LogisticRegression(C=1e4).fit(margins, labels)
    scaling = (round(float(platt.coef_[0][0]), 5), round(float(platt.intercept_[0]), 5))
    return replace(model, running_text=scaling)


def _out_of_fold(
    fingerprints: Sequence[Fingerprint],
    folds: int,
    rows_of: Callable[[Checker, Fingerprint], Rows],
    every_window: bool = True,
    restoration_models: Sequence[RestorationModel] | None = None,
) -> list[Rows]:
    """``rows_of`` each entry of each fold of the list (grouped by expected phrase), computed by a
    checker whose fingerprints and learned substitutions exclude that fold (and which searches every
    window of a phrase, or only those that read oddly: ``Checker.search_every_phrase_window``;
    ``restoration_models``: the checkers' restoration models, one per fold)."""
    result = []
    for groups in _out_of_fold_groups(fingerprints, folds, rows_of, every_window, restoration_models):
        X = [row for rows, _ in groups for row in rows]
        y = [label for _, labels in groups for label in labels]
        result.append((X, y))
    return result


def _out_of_fold_groups(
    fingerprints: Sequence[Fingerprint],
    folds: int,
    rows_of: Callable[[Checker, Fingerprint], Rows],
    every_window: bool = True,
    restoration_models: Sequence[RestorationModel] | None = None,
) -> list[list[Rows]]:
    """``_out_of_fold`` with each entry's rows kept apart: per fold, one ``Rows`` per entry.

    Ungated: the window gate is fitted after the span models, to their scores, so rows that passed
    through it made each run of ``scripts/train_models.py`` depend on the gate of the run before
    (through the entries read as running text: ``pipeline.is_phrase``).
    """
    split = grouped_folds(list(fingerprints), folds, 0)
    result = []
    for k, fold in enumerate(split):
        training = [f for j, other in enumerate(split) if j != k for f in other]
        checker = Checker(
            training,
            min_confidence=0.0,
            window_gate=False,
            search_every_phrase_window=every_window,
            restoration_model=restoration_models[k] if restoration_models else None,
        )
        with domain_phrases(checker.domain):
            result.append([rows_of(checker, fingerprint) for fingerprint in fold])
    return result


# Every this many entries of the list make the sample ``feature_probe`` reads.
PROBE_STRIDE = 100
# The first train-split news articles the probe reads as running text too: a change that moved the
# rows of news alone (a listed phrase found written as one word, joined by hyphens: "search-engine")
# left the running-text models a retrain behind while the probe's one short text read the same.
PROBE_NEWS_DOCS = 2


def probe_texts(examples: Sequence[str]) -> list[str]:
    """The running texts of ``feature_probe``: ``examples`` (texts of the repository's, which every
    checkout has) and the first ``PROBE_NEWS_DOCS`` train-split news articles (``../shared/data``)."""
    return [*examples, *(text for _, text in news("train", limit=PROBE_NEWS_DOCS))]


def feature_probe(
    fingerprints: Sequence[Fingerprint], texts: Sequence[str], graft_into: Sequence[str]
) -> str:
    """A digest of the candidate rows the span models learn from, on a sample a test can afford.

    The sample: every ``PROBE_STRIDE``-th entry of ``fingerprints``, both sides, scored by a
    checker without those entries and searched as each model searches a list phrase (every window,
    and only odd ones), and grafted into the pieces of ``graft_into`` (``spin.graft_hosts``) as the
    manuscript model's rows graft them (``grafted_rows_by_fold``); and each of ``texts``
    (``probe_texts``) as it stands and in its training spins, searched as running text. The phrase
    rows read the shipped restoration model's preference (the sample is in its training, which a
    digest does not mind), so the digest also changes when that model is retrained.
    ``scripts/train_models.py`` stores the digest in each span model it writes and a test
    recomputes it: a change to the candidates or features that the shipped models never learned
    from fails there. (In five releases such changes went unseen, and the shipped models drifted
    from what the script makes; and again while one short text of ours was the probe's only running
    text. Its scientific prose is a text of the repository's too: the SciPy and scikit-learn
    docstrings the manuscript model trains on vary with the versions a machine installs.)
    """
    sample = list(fingerprints)[::PROBE_STRIDE]
    hosts = graft_hosts(graft_into)
    held_out = set(sample)
    rest = [f for f in fingerprints if f not in held_out]
    digest = hashlib.sha256()

    def add(rows: Rows) -> None:
        for row, label in zip(*rows):
            digest.update((" ".join(f"{value:.6g}" for value in row) + f" {label}\n").encode())

    with pairs_only():
        for every_window in (True, False):
            checker = Checker(
                rest, min_confidence=0.0, window_gate=False, search_every_phrase_window=every_window
            )
            with domain_phrases(checker.domain):
                for fingerprint in sample:
                    add(_phrase_rows(checker, fingerprint))
                    if not every_window and hosts:
                        add(_grafted_rows(checker, fingerprint, hosts))
        checker = Checker(min_confidence=0.0, window_gate=False)
        rng = random.Random(13)
        for text in texts:
            for variant, chars in _with_spins(text, rng):
                add(_rows(checker, variant, chars, None))
    return digest.hexdigest()


def repository_probe(fingerprints: Sequence[Fingerprint], story: str, paper: str) -> str:
    """``feature_probe`` over the repository's own texts: a news story (``examples/original.txt``)
    and a paper's methods (``examples/methods.txt``), the list's sampled entries grafted into the
    paper too. What ``scripts/train_models.py`` stores in each span model and a test recomputes."""
    return feature_probe(fingerprints, probe_texts([story, paper]), graft_into=[paper])


def phrase_rows_by_fold(
    fingerprints: Sequence[Fingerprint],
    folds: int = FOLDS,
    every_window: bool = True,
    restoration_models: Sequence[RestorationModel] | None = None,
) -> list[Rows]:
    """Out-of-fold candidate rows for each fold of the list: tortured side 1, expected side 0.

    ``every_window``: of every window of each phrase, as a phrase on its own is searched (for the
    phrase model); otherwise only of the windows that read oddly, as running text is searched (for
    the running-text span model). The phrase model's rows read the restoration model's preference
    (``restoration.preference``): ``restoration_models`` gives one per fold, each trained without
    it (``scripts/train_models.py`` writes them), since a model that learned a fold's restorations
    prefers them far more than it would an unlisted phrase's.
    """
    if every_window and (restoration_models is None or len(restoration_models) != folds):
        raise ValueError(f"every window's rows need {folds} restoration models, each without its fold")
    return _out_of_fold(fingerprints, folds, _phrase_rows, every_window, restoration_models)


def _phrase_rows(checker: Checker, fingerprint: Fingerprint) -> Rows:
    X: list[list[float]] = []
    y: list[int] = []
    # Each side read as the model that learns from these rows reads it. The phrase model meets an
    # entry on its own (`unspin check --lines`), whatever its length; the running-text model
    # learns from entries as text reads them, by form: one of five words or more is running text
    # (as list phrases met in prose are: with its rows of them read as phrases, the news model's
    # recall @ P>=0.85 of list phrases in news, bench section 1b, was 0.691 instead of 0.713).
    as_phrase = True if checker.search_every_phrase_window else None
    for phrase, label in ((fingerprint.tortured, 1), (fingerprint.expected[0], 0)):
        more_X, more_y = _rows(checker, phrase, None, label, as_phrase)
        X += more_X
        y += more_y
    return X, y


def grafted_rows_by_fold(
    fingerprints: Sequence[Fingerprint], hosts: Sequence[str], folds: int = FOLDS
) -> list[Rows]:
    """Out-of-fold candidate rows of each fold's list phrases met in running prose: each side of
    each entry grafted into one of ``hosts`` (``spin.graft``, as bench section 1b does), the rows of
    every window over the graft, ungated, labelled 1 when the window lies within a tortured phrase.

    ``phrase_rows_by_fold`` scores each phrase on its own, which the running-text model never
    meets (the feature ``isolated`` tells them apart); these rows show it list phrases amid the
    words of a paper (``Checker(genre="manuscript")``)."""
    rows_of = partial(_grafted_rows, hosts=hosts)
    return _out_of_fold(fingerprints, folds, rows_of, every_window=False)


def _grafted_rows(checker: Checker, fingerprint: Fingerprint, hosts: Sequence[str]) -> Rows:
    X: list[list[float]] = []
    y: list[int] = []
    for phrase, tortured in ((fingerprint.tortured, True), (fingerprint.expected[0], False)):
        host, seed = graft_host(phrase, hosts)
        grafted = graft(host, phrase, seed)
        if grafted is None:
            continue
        edit = grafted.edits[0]
        tokens = tokenize(grafted.text)
        for group in checker.assessments(tokens):
            start, end = tokens[group[0].window.first].start, tokens[group[0].window.last].end
            if start < edit.end and edit.start < end:
                label = int(tortured and edit.start <= start and end <= edit.end)
                X += [list(feature_row(a.features)) for a in group]
                y += [label] * len(group)
    return X, y


def restoration_rows_by_fold(fingerprints: Sequence[Fingerprint], folds: int = FOLDS) -> list[list[Rows]]:
    """Out-of-fold restoration rows for each fold of the list, one group per tortured phrase: every
    path of the wide beam over it, labelled 1 when it reads as one of the phrase's expected wordings."""
    return _out_of_fold_groups(fingerprints, folds, _restoration_rows)


def _restoration_rows(checker: Checker, fingerprint: Fingerprint) -> Rows:
    words = tuple(t.norm for t in tokenize(fingerprint.tortured) if t.kind == "word")
    if not words:
        return [], []
    expected = {normalise(phrase) for phrase in fingerprint.expected}
    options = [checker.options(w) for w in words]
    wider = checker.wider_options(words)
    with reading_subject_headings():  # as ``Checker.ranked_restorations`` reads them
        paths = wide_decode(words, options, None, None, wider)
        X = [
            path_features(words, path, wider, None, None, rank, paths[0].score, checker.word_odds)
            for rank, path in enumerate(paths)
        ]
    return X, [int(normalise(path.text) in expected) for path in paths]


# The restoration model ranks the paths of one phrase against each other, so it is fitted as a
# ranker (LambdaMART: LightGBM's lambdarank objective), not as a classifier of single paths. On the
# list's five grouped folds (out-of-fold features; a ranker fitted on four folds picks the first path
# of each phrase of the fifth) the right path came first for 1,519 of 5,293 phrases, against 1,461
# for 100 classifier trees of depth 4 on the same rows (a beam of 40). The ranker also gains from a
# wider beam where the classifier loses (beam 80: 1,550 against 1,329). Depth 4 keeps the trees in
# the flat layout ``SpanModel`` evaluates; 7-31 leaves and 100-400 trees were all within 1,503-1,542
# at beam 40 and 1,550-1,562 at beam 80.
RANK_TREES = 200
RANK_LEAVES = 15
RANK_DEPTH = 4
RANK_LEARNING_RATE = 0.05


def fit_restoration(folds: Iterable[list[Rows]], version: str) -> RestorationModel:
    """A ranker over the paths of each phrase (the groups of ``restoration_rows_by_fold``)."""
    # a phrase none of whose paths is right has nothing to rank: it would only add noise
    groups = [(X, y) for fold in folds for X, y in fold if any(y)]
    return RestorationModel(_fit_lambdarank(groups, RANK_TREES, version))


def _fit_lambdarank(groups: Sequence[Rows], trees: int, version: str) -> SpanModel:
    """LambdaMART (LightGBM) over ``groups``, one per ranked set, as node arrays."""
    from lightgbm import LGBMRanker

    ranker = LGBMRanker(
        objective="lambdarank",
        n_estimators=trees,
        num_leaves=RANK_LEAVES,
        max_depth=RANK_DEPTH,
        learning_rate=RANK_LEARNING_RATE,
        deterministic=True,
        force_row_wise=True,
        n_jobs=1,
        random_state=0,
        verbose=-1,
    )
    ranker.fit(
        np.array([row for X, _ in groups for row in X]),
        np.array([label for _, y in groups for label in y]),
        group=[len(y) for _, y in groups],
    )
    return export_lightgbm_trees(ranker.booster_, version)


# The candidate ranker (``decisions.candidate_ranker``) learns from spins of this many train-split
# articles. It reads no model's scores and no model reads its order (a decision's confidence is the
# same in any order), so it may share articles with the span model, the gate and the verdict. On
# spins of calibration articles 150-229 at rate 0.3 (careless style), top-1 of the edits found at
# 0.9 went 0.493 -> 0.520 (WordNet), 0.336 -> 0.382 (Moby), 0.286 -> 0.302 (chain style), with the
# same spans. A first fit on 150 articles put the original first among a spun window's candidates
# about 0.01 less often than on 450.
CANDIDATE_RANKER_DOCS = 450
CANDIDATE_RANKER_TREES = 100


def candidate_ranker_groups(documents: Iterable[str], seed: int = 5) -> list[Rows]:
    """The candidates of every window that is exactly one edit of a training spin of ``documents``
    (``_training_spins``), one group per window, labelled 1 when the candidate reads as the edit's
    original wording (by lemma). Only windows with a right candidate among two or more: the others
    have nothing to rank."""
    checker = Checker(min_confidence=0.0, window_gate=False)
    rng = random.Random(seed)
    groups = []
    for text in documents:
        for result in _training_spins(text, rng):
            tokens = tokenize(result.text)
            edits = {(e.start, e.end): e for e in result.edits}
            for group in checker.assessments(tokens):
                window = group[0].window
                edit = edits.get((tokens[window.first].start, tokens[window.last].end))
                if edit is None or len(group) < 2:
                    continue
                original = _lemmas(edit.original)
                labels = [int(_lemmas(a.candidate.text) == original) for a in group]
                if any(labels):
                    groups.append(([list(feature_row(a.features)) for a in group], labels))
    return groups


def _lemmas(text: str) -> tuple[str, ...]:
    return tuple(lemma_key(word) for word in text.lower().replace("-", " ").split())


def fit_candidate_ranker(groups: Sequence[Rows], version: str) -> SpanModel:
    """LambdaMART over ``candidate_ranker_groups`` (the restoration model's settings)."""
    return _fit_lambdarank(groups, CANDIDATE_RANKER_TREES, version)


def export_lightgbm_trees(booster: Any, version: str) -> SpanModel:
    """A LightGBM booster with numeric splits only (as our features are) as a ``SpanModel``."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    depth = 0

    def new_node() -> int:
        for column, blank in ((feature, -1), (threshold, 0.0), (left, 0), (right, 0), (value, 0.0)):
            column.append(blank)
        return len(feature) - 1

    for tree in booster.dump_model()["tree_info"]:
        roots.append(new_node())
        stack = [(tree["tree_structure"], roots[-1], 0)]
        while stack:
            node, at, level = stack.pop()
            depth = max(depth, level)
            if "leaf_value" in node:
                value[at] = round(float(node["leaf_value"]), 6)
                continue
            if node["decision_type"] != "<=":
                raise ValueError(f"cannot export a {node['decision_type']!r} split")
            feature[at], threshold[at] = int(node["split_feature"]), float(node["threshold"])
            left[at], right[at] = new_node(), new_node()
            stack += [(node["left_child"], left[at], level + 1), (node["right_child"], right[at], level + 1)]
    return SpanModel(feature, threshold, left, right, value, roots, 0.0, version, depth)


# Boosting settings: a cross-validated check on the list (5 grouped folds, out-of-fold features)
# put 100 trees of depth 4 ahead of logistic regression (recall at precision 0.85: 0.67 vs 0.60).
TREES = 100
TREE_DEPTH = 4


def fit(parts: Iterable[Rows], version: str) -> SpanModel:
    from sklearn.ensemble import HistGradientBoostingClassifier

    X: list[list[float]] = []
    y: list[int] = []
    for more_X, more_y in parts:
        X += more_X
        y += more_y
    model = HistGradientBoostingClassifier(
        max_iter=TREES, max_depth=TREE_DEPTH, learning_rate=0.1, early_stopping=False, random_state=0
    ).fit(np.array(X), np.array(y))
    return export_trees(model, version)


def export_trees(model: Any, version: str) -> SpanModel:
    """A fitted scikit-learn ``HistGradientBoostingClassifier`` (binary) as a ``SpanModel``."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    depth = 0
    # scikit-learn keeps the fitted trees in private attributes; their layout has been stable since
    # 0.21 and tests/test_training.py checks the export against predict_proba
    for (tree,) in model._predictors:
        offset = len(feature)
        roots.append(offset)
        for node in tree.nodes:
            leaf = bool(node["is_leaf"])
            feature.append(-1 if leaf else int(node["feature_idx"]))
            threshold.append(0.0 if leaf else float(node["num_threshold"]))
            left.append(offset + int(node["left"]))
            right.append(offset + int(node["right"]))
            value.append(round(float(node["value"]), 6) if leaf else 0.0)
            depth = max(depth, int(node["depth"]))
    bias = float(np.ravel(model._baseline_prediction)[0])
    return SpanModel(feature, threshold, left, right, value, roots, bias, version, depth)


def phrase_cv_models(news: Rows, phrase_folds: list[Rows], version: str) -> list[SpanModel]:
    """Model k is trained on the news rows and every phrase fold but k."""
    return [
        fit([news] + [rows for j, rows in enumerate(phrase_folds) if j != k], f"{version}-without-fold{k}")
        for k in range(len(phrase_folds))
    ]


def gate_rows(documents: Iterable[str], model: SpanModel, seed: int = 31) -> Rows:
    """The window gate's features for every searched window of running text, in ``documents`` and
    their spins (see ``_with_spins``), labelled 1 when the window's best restoration reaches
    ``GATE_LEVEL`` under ``model`` (running-text scaling, before any document prior)."""
    checker = Checker(min_confidence=0.0, model=model, window_gate=False)
    rng = random.Random(seed)
    X: list[list[float]] = []
    y: list[int] = []
    for text in documents:
        for variant, _ in _with_spins(text, rng):
            tokens = tokenize(variant)
            groups = checker.assessments(tokens)
            best = {
                (g[0].window.first, g[0].window.last): max(c)
                for g, c in zip(groups, score_groups(groups, model))
            }
            with domain_phrases(checker.domain):
                for search in checker.searches(tokens):
                    if search.listed:
                        continue  # the gate never skips a listed phrase
                    window = search.window
                    written = as_written(window)
                    X.append(gate_row(window, written, window_spin_prior(search.options)))
                    y.append(int(best.get((window.first, window.last), 0.0) >= GATE_LEVEL))
    return X, y


# A small gate: it runs on every searched window, in one call per text.
GATE_TREES = 50
GATE_DEPTH = 3
# Windows predicted this unlikely to reach ``GATE_LEVEL`` are skipped. Chosen on calibration-split
# articles 150-209 and two spins of each (180 texts): against the ungated checker, 0.08 lost none of
# the 1,776 windows at confidence >= 0.3 and took 25 % off the time; 0.25 lost 4 of them (none of
# the 372 at >= 0.9) and took about 45 % off; 0.55 lost 44 (5 at >= 0.9).
GATE_MIN_PROBABILITY = 0.25


def fit_gate(rows: Rows, version: str) -> WindowGate:
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = rows
    model = HistGradientBoostingClassifier(
        max_iter=GATE_TREES, max_depth=GATE_DEPTH, learning_rate=0.1, early_stopping=False, random_state=0
    ).fit(np.array(X), np.array(y))
    return WindowGate(export_trees(model, version), GATE_MIN_PROBABILITY)
