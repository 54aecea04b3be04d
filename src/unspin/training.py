"""Fit the span model (training only: needs scikit-learn and ``../shared/data``).

Two sources of labelled candidates:
- running text: clean news from the ``train`` split and spins of it (WordNet and Moby thesauri,
  careless and careful styles); a window is positive when all its words were rewritten;
- isolated phrases: the tortured-phrase list, tortured side positive and expected side negative,
  with features computed out of fold (each phrase scored by a checker whose fingerprints and
  learned substitutions exclude its fold), so that the model learns from evidence it would have
  for an unlisted phrase.
``phrase_cv_models`` refits the model once per fold without that fold's phrases: the phrase-level
benchmark uses those, so no figure it reports comes from a model that saw the held-out phrases.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from unspin.decisions import INPUTS, SpanModel, model_inputs
from unspin.evaluate import grouped_folds
from unspin.fingerprints import Fingerprint
from unspin.pipeline import Checker
from unspin.tokens import tokenize

TRAIN_THESAURI = ("wordnet", "moby")
TRAIN_STYLES = ("careless", "careful")
FOLDS = 5
Rows = tuple[list[list[float]], list[int]]


def _rows(checker: Checker, text: str, spun_chars: set[int] | None, whole_label: int | None) -> Rows:
    X: list[list[float]] = []
    y: list[int] = []
    tokens = tokenize(text)
    for group in checker.assessments(tokens):
        window = group[0].window
        if whole_label is not None:
            label = whole_label
        else:
            chars = range(tokens[window.first].start, tokens[window.last].end)
            label = int(all(i in spun_chars for i in chars if not text[i].isspace()))
        for assessment in group:
            inputs = model_inputs(assessment.features)
            X.append([inputs.get(name, 0.0) for name in INPUTS])
            y.append(label)
    return X, y


def news_rows(documents: Iterable[str], seed: int = 13) -> Rows:
    from unspin.spin import spin

    checker = Checker(min_confidence=0.0)
    rng = random.Random(seed)
    X: list[list[float]] = []
    y: list[int] = []
    for text in documents:
        variants = [(text, set())]
        for thesaurus in TRAIN_THESAURI:
            result = spin(
                text,
                rate=rng.choice([0.05, 0.1, 0.2, 0.35]),
                seed=rng.randrange(1 << 30),
                thesaurus=thesaurus,
                style=rng.choice(TRAIN_STYLES),
                skip_stopwords=rng.random() < 0.7,
            )
            variants.append((result.text, {i for e in result.edits for i in range(e.start, e.end)}))
        for variant, chars in variants:
            more_X, more_y = _rows(checker, variant, chars, None)
            X += more_X
            y += more_y
    return X, y


def phrase_rows_by_fold(fingerprints: Sequence[Fingerprint], folds: int = FOLDS) -> list[Rows]:
    """Out-of-fold candidate rows for each fold of the list (grouped by expected phrase)."""
    split = grouped_folds(list(fingerprints), folds, 0)
    result = []
    for k, fold in enumerate(split):
        checker = Checker([f for j, other in enumerate(split) if j != k for f in other], min_confidence=0.0)
        X: list[list[float]] = []
        y: list[int] = []
        for fingerprint in fold:
            for phrase, label in ((fingerprint.tortured, 1), (fingerprint.expected[0], 0)):
                more_X, more_y = _rows(checker, phrase, None, label)
                X += more_X
                y += more_y
        result.append((X, y))
    return result


def fit(parts: Iterable[Rows], version: str) -> SpanModel:
    from sklearn.linear_model import LogisticRegression

    X: list[list[float]] = []
    y: list[int] = []
    for more_X, more_y in parts:
        X += more_X
        y += more_y
    model = LogisticRegression(C=1.0, max_iter=5000).fit(X, y)
    weights = {name: round(float(w), 5) for name, w in zip(INPUTS, model.coef_[0])}
    return SpanModel(weights, round(float(model.intercept_[0]), 5), version)


def phrase_cv_models(news: Rows, phrase_folds: list[Rows], version: str) -> list[SpanModel]:
    """Model k is trained on the news rows and every phrase fold but k."""
    return [
        fit([news] + [rows for j, rows in enumerate(phrase_folds) if j != k], f"{version}-without-fold{k}")
        for k in range(len(phrase_folds))
    ]
