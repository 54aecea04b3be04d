"""The figures behind ``sources.MIN_SOURCE_SHARE``, on the calibration split.

    PYTHONPATH=. python scripts/choose_source_share.py [--copies 60] [--others 1000]

Needs ../shared/data. Every calibration-split article is a source (``SourceIndex``). Copies: the
first ``--copies`` of them spun by each spinner of bench section 7; each prints how often its
source is ranked first and the lowest share of its words a copy keeps. Then ``--others``
train-split articles, which no calibration article is the source of: the shares their closest
source holds, split by whether the two share a passage (word 5-gram Jaccard of 0.05 or more: the
same story told twice, which is worth naming). The threshold goes above what the articles sharing
no passage hold and below what spins keep; bench section 8 then measures it on the test split.
About a minute on one core.
"""

from __future__ import annotations

import argparse

from bench.suite import COMPARE_SPINS
from unspin.datasets import jaccard, news, shingles
from unspin.sources import SourceIndex

PASSAGE_JACCARD = 0.05


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--others", type=int, default=1000)
    args = parser.parse_args()
    pool = dict(news("calibration"))
    index = SourceIndex(pool.items())
    print(f"{len(index)} calibration articles as sources")
    for config in COMPARE_SPINS:
        first, kept = 0, []
        for doc_id, text in list(pool.items())[: args.copies]:
            best = index.likely_sources(config.spun(doc_id, text).text, top=1)[0]
            first += best.name == doc_id
            kept.append(best.shared_share if best.name == doc_id else 0.0)
        print(f"{config.label}: source first {first} of {args.copies}, lowest share kept {min(kept):.3f}")
    apart, related = [], []
    for _, text in news("train", limit=args.others):
        best = index.likely_sources(text, top=1)[0]
        passage = jaccard(shingles(text), shingles(pool[best.name])) >= PASSAGE_JACCARD
        (related if passage else apart).append(best.shared_share)
    apart.sort()
    print(
        f"{len(apart)} train articles sharing no passage with their closest source: highest share"
        f" {apart[-1]:.3f}, 99.5th percentile {apart[int(0.995 * len(apart))]:.3f}, median"
        f" {apart[len(apart) // 2]:.3f}; {len(related)} sharing a passage: highest {max(related):.3f}"
    )


if __name__ == "__main__":
    main()
