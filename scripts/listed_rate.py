"""Measure how often clean prose holds a phrase of the tortured-phrase list that the engine trusts.

    python scripts/listed_rate.py [--splits train,calibration] [--jobs 2]

Needs ../shared/data. The figure behind ``verdict.LISTED_RATE_IN_CLEAN``: every document of the
clean news, technical and scientific prose of the given splits (never the test split, on which the
benchmark reports) is checked by the shipped checker, and its trusted listings
(``verdict.listed_phrases``: confidence 0.99, the list alone decides) are counted. Printed: the
documents and words per corpus, the documents holding any listed phrase (with those phrases), and
the rate per word with the top of its one-sided 95 % interval (the constant is that top, rounded
up), so the verdict's rule rests on a rate the data bounds rather than on its point estimate.
"""

from __future__ import annotations

import argparse
import os
import sys
from multiprocessing import Pool

from unspin.datasets import news, scientific_prose, shared_data, technical_prose
from unspin.pipeline import default_checker
from unspin.tokens import word_count
from unspin.verdict import LISTED_RATE_IN_CLEAN, listed_phrases, poisson_tail

CORPORA = {"news": news, "technical": technical_prose, "scientific": scientific_prose}


def listed_in(task: tuple[str, str, str]) -> tuple[str, str, int, list[str]]:
    """(corpus, document id, words, its listed phrases)."""
    corpus, doc_id, text = task
    tokens, decisions = default_checker().decisions(text)
    return corpus, doc_id, word_count(tokens), listed_phrases(tokens, decisions)


def poisson_upper(count: int, confidence: float = 0.95) -> float:
    """The top of the one-sided ``confidence`` interval of a Poisson mean seen as ``count``: the
    mean at which ``count`` or fewer events have chance ``1 - confidence`` (by bisection)."""
    low, high = float(count), float(count) + 50.0
    for _ in range(100):
        mean = (low + high) / 2
        at_most = 1.0 - poisson_tail(count + 1, mean)
        low, high = (mean, high) if at_most > 1 - confidence else (low, mean)
    return (low + high) / 2


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--splits", default="train,calibration")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    if shared_data() is None:
        sys.exit("listed_rate: needs ../shared/data (or $UNSPIN_SHARED_DATA)")
    splits = args.splits.split(",")
    if "test" in splits:
        sys.exit("listed_rate: the test split is the benchmark's; measure on the others")
    tasks = [
        (corpus, doc_id, text)
        for split in splits
        for corpus, documents in CORPORA.items()
        for doc_id, text in documents(split)
    ]
    with Pool(args.jobs) as pool:
        rows = pool.map(listed_in, tasks, chunksize=8)
    events = words = 0
    for corpus in CORPORA:
        mine = [row for row in rows if row[0] == corpus]
        counted, counted_words = sum(len(row[3]) for row in mine), sum(row[2] for row in mine)
        print(f"{corpus}: {len(mine)} documents, {counted_words:,} words, {counted} listed phrases")
        for _, doc_id, _, phrases in mine:
            if phrases:
                print(f"  {doc_id}: {', '.join(phrases)}")
        events += counted
        words += counted_words
    upper = poisson_upper(events) / words
    rate = events / words
    print(f"all: {events} listed phrases in {words:,} words: {rate:.2e} per word, 95 % top {upper:.2e}")
    print(
        f"verdict.LISTED_RATE_IN_CLEAN = {LISTED_RATE_IN_CLEAN:.2e}"
        + (" (under the top: raise it)" if LISTED_RATE_IN_CLEAN < upper else "")
    )


if __name__ == "__main__":
    main()
