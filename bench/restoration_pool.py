"""How well a phrase's restoration search and ranker do on the list, out of fold:
``python -m bench.restoration_pool [--jobs N] [--no-stretches]``.

For each of the list's five grouped folds, a checker without that fold (fingerprints, learned word
substitutions and stretches) and with the restoration ranker fitted without it
(``bench/cv-models``) ranks the wide search over each held-out tortured phrase, as a phrase on its
own is restored. Printed: how many phrases have an expected wording in the ranked pool, and how
many have it first. Quicker than section 1 of the benchmark (no detection), and the measure the
restorer's design choices were weighed by.
"""

from __future__ import annotations

import argparse
import sys
from multiprocessing import Pool

from bench.suite import fold_restoration_model
from unspin.evaluate import grouped_folds, normalise
from unspin.fingerprints import shipped
from unspin.language_model import domain_phrases
from unspin.pipeline import Checker
from unspin.tokens import tokenize

FOLDS = 5


def fold_counts(k: int, stretches: bool = True, limit: int | None = None) -> tuple[int, int, int]:
    """(phrases, expected wording in the pool, expected wording first) for held-out fold ``k``
    (its first ``limit`` entries)."""
    split = grouped_folds(list(shipped()), FOLDS, 0)
    training = [f for j, fold in enumerate(split) if j != k for f in fold]
    model = fold_restoration_model(training, FOLDS)
    if model is None:
        raise SystemExit(f"restoration_pool: no ranker without fold {k}; run scripts/train_models.py")
    checker = Checker(training, min_confidence=0.0, window_gate=False, restoration_model=model)
    phrases = in_pool = first = 0
    with domain_phrases(checker.domain):
        for fingerprint in split[k][:limit]:
            words = tuple(t.norm for t in tokenize(fingerprint.tortured) if t.kind == "word")
            if not words:
                continue
            expected = {normalise(phrase) for phrase in fingerprint.expected}
            right = [
                normalise(path.text) in expected
                for path, _ in checker.ranked_restorations(words, None, None, stretches)
            ]
            phrases += 1
            in_pool += any(right)
            first += bool(right) and right[0]
    return phrases, in_pool, first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.restoration_pool", description=__doc__)
    parser.add_argument("--jobs", type=int, default=2, help="processes (one fold each)")
    parser.add_argument("--no-stretches", action="store_true", help="search word for word only")
    args = parser.parse_args(argv)
    stretches = not args.no_stretches
    with Pool(max(1, args.jobs)) as pool:
        counts = pool.starmap(fold_counts, [(k, stretches) for k in range(FOLDS)])
    phrases, in_pool, first = (sum(column) for column in zip(*counts))
    print(
        f"held-out phrases {phrases}: expected wording in the pool {in_pool} ({in_pool / phrases:.3f}), "
        f"first {first} ({first / phrases:.3f})"
    )
    print(f"signature: data:tortured-phrases|split:dev|seed:0|folds:{FOLDS}|stretches:{stretches}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
