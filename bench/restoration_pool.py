"""How well a phrase's restoration search and ranker do on the list, out of fold:
``python -m bench.restoration_pool [--jobs N] [--no-stretches] [--dump POOLS.jsonl]``.

For each of the list's five grouped folds, a checker without that fold (fingerprints, learned word
substitutions and stretches) and with the restoration ranker fitted without it
(``bench/cv-models``) ranks the wide search over each held-out tortured phrase, as a phrase on its
own is restored. Printed: how many phrases have an expected wording in the ranked pool, and how
many have it first. Quicker than section 1 of the benchmark (no detection), and the measure the
restorer's design choices were weighed by. ``--dump`` also writes every held-out phrase's ranked
pool, one JSON line each (``{"fold", "words", "expected", "pool": [[text, margin], ...]}``, texts
and expected wordings normalised as compared), so that a reranker or a feature can be tried on
the pools offline.
"""

from __future__ import annotations

import argparse
import json
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
    return counts(fold_pools(k, stretches, limit))


RankedPool = list[tuple[str, float]]  # a phrase's restorations, ranked, normalised, with their margins
PhrasePool = tuple[tuple[str, ...], set[str], RankedPool]  # (words, expected wordings, ranked pool)


def counts(pools: list[PhrasePool]) -> tuple[int, int, int]:
    """(phrases, expected wording in the pool, expected wording first)."""
    in_pool = sum(any(text in expected for text, _ in ranked) for _, expected, ranked in pools)
    first = sum(bool(ranked) and ranked[0][0] in expected for _, expected, ranked in pools)
    return len(pools), in_pool, first


def fold_pools(k: int, stretches: bool = True, limit: int | None = None) -> list[PhrasePool]:
    """(words, expected wordings, ranked pool) of each phrase of held-out fold ``k`` (its first
    ``limit`` entries)."""
    split = grouped_folds(list(shipped()), FOLDS, 0)
    training = [f for j, fold in enumerate(split) if j != k for f in fold]
    model = fold_restoration_model(training, FOLDS)
    if model is None:
        raise SystemExit(f"restoration_pool: no ranker without fold {k}; run scripts/train_models.py")
    checker = Checker(training, min_confidence=0.0, window_gate=False, restoration_model=model)
    pools = []
    with domain_phrases(checker.domain):
        for fingerprint in split[k][:limit]:
            words = tuple(t.norm for t in tokenize(fingerprint.tortured) if t.kind == "word")
            if not words:
                continue
            expected = {normalise(phrase) for phrase in fingerprint.expected}
            ranked = checker.ranked_restorations(words, None, None, stretches)
            pool = [(normalise(path.text), round(margin, 6)) for path, margin in ranked]
            pools.append((words, expected, pool))
    return pools


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.restoration_pool", description=__doc__)
    parser.add_argument("--jobs", type=int, default=2, help="processes (one fold each)")
    parser.add_argument("--no-stretches", action="store_true", help="search word for word only")
    parser.add_argument("--dump", metavar="POOLS.jsonl", help="also write every phrase's ranked pool here")
    args = parser.parse_args(argv)
    stretches = not args.no_stretches
    with Pool(max(1, args.jobs)) as pool:
        folds = pool.starmap(fold_pools, [(k, stretches) for k in range(FOLDS)])
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            for k, pools in enumerate(folds):
                for words, expected, ranked in pools:
                    row = {"fold": k, "words": words, "expected": sorted(expected), "pool": ranked}
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    phrases, in_pool, first = counts([entry for fold in folds for entry in fold])
    print(
        f"held-out phrases {phrases}: expected wording in the pool {in_pool} ({in_pool / phrases:.3f}), "
        f"first {first} ({first / phrases:.3f})"
    )
    print(f"signature: data:tortured-phrases|split:dev|seed:0|folds:{FOLDS}|stretches:{stretches}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
