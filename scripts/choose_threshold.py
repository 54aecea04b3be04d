"""Choose the default span threshold and the document prior's weight together, on the calibration split.

    python scripts/choose_threshold.py [--docs 434] [--jobs 2] [--spins 3] [--seed 13]

Needs ../shared/data. The figures behind ``pipeline.DEFAULT_MIN_CONFIDENCE`` and
``decisions.DOCUMENT_PRIOR_WEIGHT``, to rerun after retraining the models. Both move the same
thing, the spans a report shows: the threshold cuts the confidences, and the weight first shifts
every confidence by how likely the whole document is to be spun. So they are chosen as one pair.

Each calibration-split article is checked as it stands (clean) and after ``--spins`` spins by the
training spinners (WordNet or Moby, careless or careful style, rate 0.05-0.3, as blind to function
words and names as the span model's training spins: ``unspin.spin.drawn_blindness``); the
technical prose of the calibration split is checked as it stands. Every text is read as the
default checker reads it (by the models of the genre it reads as). For every pair of the grid it
prints false spans per 1,000 words on clean news and clean technical prose, and span precision and
recall (overlap) in the spins. The rule: among the pairs keeping both clean corpora at or under
``MAX_CLEAN_SPANS`` and span precision at or above ``MIN_PRECISION``, the one with the highest
recall (ties, within ``RECALL_TIE``: the higher threshold, then the lower weight). Decisions are
computed once per document; each pair only re-reads them (``Checker.report``). About 5 minutes on
2 cores.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Iterator
from itertools import islice
from multiprocessing import Pool

from unspin.datasets import news, shared_data, technical_prose
from unspin.evaluate import SpanCounts, span_counts, spans_per_thousand_words, spin_spec
from unspin.language_model import warm
from unspin.pipeline import Checker
from unspin.spin import drawn_blindness, spin
from unspin.training import TRAIN_STYLES, TRAIN_THESAURI

THRESHOLDS = (0.7, 0.75, 0.8, 0.85, 0.9)
WEIGHTS = (0.0, 0.15, 0.25, 0.35, 0.5)
# What a user screening honest writing can live with: one false span in every two articles of
# 1,000 words (the issue allows 1), and at least 85 % of the spans shown in spun text right.
MAX_CLEAN_SPANS = 0.5
MIN_PRECISION = 0.85
SPIN_RATES = (0.05, 0.3)
# Recalls this close are one figure on a few hundred articles (a tie: the higher threshold, then the
# lower weight). Twice on 2026-12-05, 0.8 / 0.15 beat 0.9 / 0.25 by 0.002 or less at four times the
# clean false spans.
RECALL_TIE = 0.005
# With one spin of each article the pick flipped with the seed: 0.9 / 0.25's precision read 0.845,
# 0.854 and 0.847 with seeds 13, 14 and 15 against the 0.85 floor, so seed 14 picked it and the
# others 0.8 / 0.15 (2026-12-06). Three spins of each, as bench section 6 spins each article.
SPINS = 3

Pair = tuple[float, float]  # (threshold, weight)
# corpus ("news", "technical" or "spun"), words, and per pair: (spans, counts against the edits)
Outcome = tuple[str, int, dict[Pair, tuple[int, SpanCounts]]]

_checker: Checker | None = None


def _init_worker() -> None:
    global _checker
    _checker = Checker()


def documents(limit: int, seed: int, spins: int = SPINS) -> Iterator[tuple[str, str, dict | None]]:
    """(corpus, text, spin spec or None): each clean article, ``spins`` spins of it, the technical
    parts."""
    rng = random.Random(f"{seed}-choose-threshold")
    for _, text in islice(news("calibration"), limit):
        yield "news", text, None
        for _ in range(spins):
            # real spinners rewrite names and function words too, and the prior's weight shows
            # more or fewer of such a heavily spun article's spans; the blindness drawn here
            # replaces spin_spec's own stop-word draw (kept, so the verdict's spins stay as trained)
            spec = {**spin_spec(rng, TRAIN_THESAURI, TRAIN_STYLES, SPIN_RATES), **drawn_blindness(rng)}
            yield "spun", text, spec
    for _, text in technical_prose("calibration"):
        yield "technical", text, None


def outcome(document: tuple[str, str, dict | None]) -> Outcome:
    corpus, text, spec = document
    assert _checker is not None
    edits: tuple = ()
    if spec is not None:
        result = spin(text, **spec)
        text, edits = result.text, result.edits
    tokens, decisions = _checker.decisions(text)
    reports = {
        (threshold, weight): _checker.report(text, tokens, decisions, threshold, weight)
        for threshold in THRESHOLDS
        for weight in WEIGHTS
    }
    by_pair = {pair: (len(r.spans), span_counts(r.spans, edits)) for pair, r in reports.items()}
    # every report counts the same words
    return corpus, reports[(THRESHOLDS[0], WEIGHTS[0])].words, by_pair


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=434, help="calibration articles (default 434: all)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--spins", type=int, default=SPINS, help=f"spins of each article (default {SPINS})")
    args = parser.parse_args()
    if shared_data() is None:
        sys.exit("choose_threshold: ../shared/data not found (set UNSPIN_SHARED_DATA)")
    warm()
    with Pool(args.jobs, initializer=_init_worker) as pool:
        outcomes = list(pool.imap(outcome, documents(args.docs, args.seed, args.spins), chunksize=4))

    words = {c: sum(w for corpus, w, _ in outcomes if corpus == c) for c in ("news", "technical", "spun")}
    counts = {c: sum(1 for corpus, _, _ in outcomes if corpus == c) for c in words}
    print(
        f"calibration split: {counts['news']} clean articles ({words['news']} words), "
        f"{args.spins} spin(s) of each, {counts['technical']} technical parts ({words['technical']} words); "
        f"seed {args.seed}"
    )
    print("threshold  weight  clean news /1k  technical /1k  spun P  spun R")
    eligible = []
    for pair in [(t, w) for t in THRESHOLDS for w in WEIGHTS]:
        clean = {
            c: spans_per_thousand_words(sum(o[2][pair][0] for o in outcomes if o[0] == c), words[c])
            for c in ("news", "technical")
        }
        spun: SpanCounts = sum((o[2][pair][1] for o in outcomes if o[0] == "spun"), SpanCounts())
        ok = max(clean.values()) <= MAX_CLEAN_SPANS and spun.precision >= MIN_PRECISION
        if ok:
            eligible.append((spun.recall, pair[0], -pair[1]))
        print(
            f"{pair[0]:9.2f}  {pair[1]:6.2f}  {clean['news']:14.3f}  {clean['technical']:13.3f}  "
            f"{spun.precision:6.3f}  {spun.recall:6.3f}{'  ok' if ok else ''}"
        )
    if eligible:
        best = max(recall for recall, _, _ in eligible)
        recall, threshold, weight = max(
            (e for e in eligible if e[0] >= best - RECALL_TIE), key=lambda e: (e[1], e[2], e[0])
        )
        print(f"chosen: threshold {threshold:g}, weight {-weight:g} (recall {recall:.3f}; best {best:.3f})")
    else:
        print("no pair meets the rule")


if __name__ == "__main__":
    main()
