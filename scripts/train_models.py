"""Train the span model (and the document verdict model) on synthetic spins of clean news.

    python scripts/train_models.py [--docs 300]

Training uses only the ``train`` split of ``../shared/data/news`` (see ``unspin.datasets``), spun by
the WordNet and Moby spinners; the ``pps`` spinner, learned from the tortured-phrase list, is kept
out of training so that benchmarks can report a spinner style the models never saw.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from unspin import __version__
from unspin.datasets import news, shared_data
from unspin.evidence import FEATURES
from unspin.pipeline import Checker
from unspin.spin import spin
from unspin.tokens import tokenize

OUT = Path(__file__).resolve().parents[1] / "src" / "unspin" / "data"
TRAIN_THESAURI = ("wordnet", "moby")
TRAIN_STYLES = ("careless", "careful")


def spun_variants(doc_id: str, text: str, rng: random.Random):
    yield text, ()
    for thesaurus in TRAIN_THESAURI:
        rate = rng.choice([0.05, 0.1, 0.2, 0.35])
        style = rng.choice(TRAIN_STYLES)
        result = spin(text, rate=rate, seed=rng.randrange(1 << 30), thesaurus=thesaurus, style=style,
                      skip_stopwords=rng.random() < 0.7)
        yield result.text, result.edits


def window_labels(checker: Checker, text: str, edits) -> tuple[list[list[float]], list[int]]:
    tokens = tokenize(text)
    spun = np.zeros(len(text) + 1, dtype=bool)
    for edit in edits:
        spun[edit.start : edit.end] = True
    features, labels = [], []
    for group in checker.assessments(tokens):
        window = group[0].window
        start, end = tokens[window.first].start, tokens[window.last].end
        # a window is spun if every character of its words lies in an edit
        inside = all(spun[tokens[i].start : tokens[i].end].all() for i in range(window.first, window.last + 1))
        for assessment in group:
            features.append([assessment.features[name] for name in FEATURES])
            labels.append(int(inside and spun[start:end].any()))
    return features, labels


def train_span_model(docs: int, seed: int) -> dict:
    checker = Checker(min_confidence=0.0)
    rng = random.Random(seed)
    X, y = [], []
    for doc_id, text in news("train", limit=docs):
        for variant, edits in spun_variants(doc_id, text, rng):
            features, labels = window_labels(checker, variant, edits)
            X += features
            y += labels
    X_arr, y_arr = np.array(X), np.array(y)
    print(f"span model: {len(y)} candidates, {y_arr.mean():.3f} positive", file=sys.stderr)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(X_arr, y_arr)
    return {
        "version": f"{__version__}+spans-{docs}docs-seed{seed}",
        "trained_on": f"bbc train split, {docs} docs, spinners {TRAIN_THESAURI} x {TRAIN_STYLES}",
        "features": list(FEATURES),
        "weights": dict(zip(FEATURES, map(float, model.coef_[0]))),
        "bias": float(model.intercept_[0]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if shared_data() is None:
        sys.exit("train_models: ../shared/data not found (set UNSPIN_SHARED_DATA)")
    span_model = train_span_model(args.docs, args.seed)
    (OUT / "span-model.json").write_text(json.dumps(span_model, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(span_model["weights"], indent=1))


if __name__ == "__main__":
    main()
