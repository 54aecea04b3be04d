"""Fit the genre guess of ``genre="auto"`` (``src/unspin/data/genre-model.json``) and report it.

    python scripts/train_genre.py            (about a minute)

Data (``unspin.datasets``, read in place, never copied): news from ``../shared/data/news`` against
scientific prose (SciPy's and scikit-learn's docstrings) and technical prose (Python's
documentation), each split as the span models split them:

* ``train``: a logistic regression on ``unspin.genre.FEATURES`` (standardised, balanced classes);
* ``calibration``: the threshold, the lowest probability >= 0.5 from which at most 0.5 % of the
  news is read as a manuscript (news misread costs spun news its general synonyms);
* ``test``: printed, never fitted on: the share of each kind read as a manuscript, clean and spun.

Needs ``.[train]`` (scikit-learn) and ``../shared/data``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable

import numpy as np
from sklearn.linear_model import LogisticRegression

from unspin.datasets import news, scientific_prose, technical_prose
from unspin.genre import FEATURES, MODEL_FILE, GenreModel, genre_features
from unspin.pipeline import default_checker
from unspin.resources import data_path
from unspin.spin import spin
from unspin.tokens import tokenize

MAX_NEWS_SHARE = 0.005


def rows(texts: Iterable[str]) -> np.ndarray:
    domain = default_checker().domain
    return np.array([[genre_features(tokenize(text), domain)[f] for f in FEATURES] for text in texts])


def texts(split: str) -> tuple[list[str], list[str]]:
    """(news, manuscripts) of ``split``."""
    manuscripts = [t for _, t in scientific_prose(split)] + [t for _, t in technical_prose(split)]
    return [t for _, t in news(split)], manuscripts


def fit(news_rows: np.ndarray, manuscript_rows: np.ndarray) -> GenreModel:
    x = np.vstack([news_rows, manuscript_rows])
    y = np.array([0] * len(news_rows) + [1] * len(manuscript_rows))
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    regression = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000).fit((x - mean) / scale, y)
    return GenreModel(
        FEATURES,
        tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale),
        tuple(round(float(v), 6) for v in regression.coef_[0]),
        round(float(regression.intercept_[0]), 6),
        0.5,
    )


def probabilities(model: GenreModel, table: np.ndarray) -> np.ndarray:
    return np.array([model.probability(dict(zip(FEATURES, row))) for row in table])


def threshold(news_probabilities: np.ndarray) -> float:
    """The lowest threshold >= 0.5 that reads at most ``MAX_NEWS_SHARE`` of the news as manuscripts."""
    for candidate in sorted({0.5, *(round(float(p) + 1e-6, 6) for p in news_probabilities if p >= 0.5)}):
        if (news_probabilities >= candidate).mean() <= MAX_NEWS_SHARE:
            return candidate
    return 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(data_path(MODEL_FILE)))
    args = parser.parse_args()

    train_news, train_manuscripts = texts("train")
    model = fit(rows(train_news), rows(train_manuscripts))
    calibration_news, _ = texts("calibration")
    chosen = threshold(probabilities(model, rows(calibration_news)))
    model = GenreModel(model.features, model.mean, model.scale, model.weights, model.intercept, chosen)
    print(f"threshold {chosen:.3f}; weights", dict(zip(FEATURES, model.weights)))

    test_news, test_manuscripts = texts("test")
    scientific = [t for _, t in scientific_prose("test")]
    checks = {
        "news": test_news,
        "scientific prose": scientific,
        "technical prose": test_manuscripts[len(scientific) :],
    }
    for thesaurus in ("wordnet", "moby"):
        checks[f"news spun ({thesaurus}, 0.3)"] = [
            spin(t, 0.3, seed=i, thesaurus=thesaurus).text for i, t in enumerate(test_news)
        ]
        checks[f"scientific prose spun ({thesaurus}, 0.3)"] = [
            spin(t, 0.3, seed=i, thesaurus=thesaurus).text for i, t in enumerate(scientific)
        ]
    for name, group in checks.items():
        read = (probabilities(model, rows(group)) >= chosen).mean()
        print(f"test {name}: {len(group)} texts, {read:.3f} read as manuscripts")

    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(model.to_dict(), handle, indent=1)
        handle.write("\n")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
