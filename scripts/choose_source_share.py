"""The figures behind ``sources.MIN_SOURCE_SHARE`` and ``MIN_PART_SHARE``, on the calibration split.

    PYTHONPATH=. python scripts/choose_source_share.py [--copies 60] [--others 1000]

Needs ../shared/data. Every calibration-split article is a source (``SourceIndex``). Copies: the
first ``--copies`` of them spun by each spinner of bench section 7; each prints how often its
source is ranked first and the lowest share of its words a copy keeps. Then ``--others``
train-split articles, which no calibration article is the source of: the shares their closest
source holds, split by whether the two share a passage (word 5-gram Jaccard of 0.05 or more: the
same story told twice, which is worth naming). The threshold goes above what the articles sharing
no passage hold and below what spins keep; bench section 8 then measures it on the test split.

Then, for ``MIN_PART_SHARE``, the share of a copy's words the best other source holds in sentences
of its own (``sources.traced`` with no threshold): for the spun copies above, whose one source is
named first, and for copies made from two (``bench.suite.mashed_up``: half of one calibration
article's sentences and half of the next's, each spun), where it is the other source's; how many
sources are named in copies made from three (every spinner), four and five (WordNet), in how many
copies made from two and a third of a train article both are named (every spinner), and how many
train articles are given sources as a copy made from many (``MIN_MOSAIC_SHARE``); for the
train articles given a likely source, and, for those given none, how many hold as much of their
words in sentences of one candidate (why that rule does not name a first source).
About two minutes on one core.
"""

from __future__ import annotations

import argparse

from bench.suite import COMPARE_SPINS, PASSAGE_JACCARD, mashed_up, shares_a_passage
from unspin import sources
from unspin.comparison import align, sentence_ranges
from unspin.datasets import jaccard, news, shingles
from unspin.sources import SourceIndex
from unspin.tokens import COUNTED_KINDS, tokenize

# the shipped thresholds: main sets the module's to 0 to read the shares parts hold
PART_SHARE, PART_WORDS = sources.MIN_PART_SHARE, sources.MIN_PART_WORDS
MOSAIC_SHARE = sources.MIN_MOSAIC_SHARE


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
    others = list(news("train", limit=args.others))
    for _, text in others:
        best = index.likely_sources(text, top=1)[0]
        passage = jaccard(shingles(text), shingles(pool[best.name])) >= PASSAGE_JACCARD
        (related if passage else apart).append(best.shared_share)
    apart.sort()
    print(
        f"{len(apart)} train articles sharing no passage with their closest source: highest share"
        f" {apart[-1]:.3f}, 99.5th percentile {apart[int(0.995 * len(apart))]:.3f}, median"
        f" {apart[len(apart) // 2]:.3f}; {len(related)} sharing a passage: highest {max(related):.3f}"
    )
    # every other source named for whatever sentences it holds, to read the shares they hold
    sources.MIN_PART_SHARE, sources.MIN_PART_WORDS = 0.0, 1
    docs = list(pool.items())[: args.copies]
    for config in COMPARE_SPINS:
        single, second = [], []
        for doc_id, text in docs:
            copy = config.spun(doc_id, text).text
            single.append(_part_share(index.trace(copy), copy, exclude={doc_id}))
        for (a_id, a_text), (b_id, b_text) in zip(docs[::2], docs[1::2]):
            copy = mashed_up(config.spun(a_id, a_text).text, config.spun(b_id, b_text).text)
            trace = index.trace(copy)
            named = [part.name for part in trace.spun_from]
            main = named[0] if named and named[0] in (a_id, b_id) else None
            other = {a_id: b_id, b_id: a_id}.get(main or "")
            second.append(_part_share(trace, copy, only=other) if other else 0.0)
        second.sort()
        print(
            f"{config.label}: one source, most another holds {max(single):.3f}; two sources, the"
            f" other's share lowest {second[0]:.3f}, 10th percentile {second[len(second) // 10]:.3f},"
            f" median {second[len(second) // 2]:.3f}"
        )
    # with the shipped thresholds: copies made from three to five, an n-th of each one's sentences
    sources.MIN_PART_SHARE, sources.MIN_PART_WORDS = PART_SHARE, PART_WORDS
    for count in (3, 4, 5):
        for config in COMPARE_SPINS if count == 3 else COMPARE_SPINS[:1]:
            groups = [docs[k : k + count] for k in range(0, len(docs) - count + 1, count)]
            copies = [
                mashed_up(*(config.spun(doc_id, text).text for doc_id, text in group)) for group in groups
            ]
            for mosaic_share, rule in ((MOSAIC_SHARE, ""), (1.0, " (no first source under 30 %)")):
                sources.MIN_MOSAIC_SHARE = mosaic_share
                found = [
                    len({part.name for part in index.trace(copy).spun_from} & {doc_id for doc_id, _ in group})
                    for copy, group in zip(copies, groups)
                ]
                named = ", ".join(f"{n} for {found.count(n)}" for n in range(count, -1, -1) if found.count(n))
                print(f"{config.label}: of {len(groups)} copies made from {count}, named {named}{rule}")
            sources.MIN_MOSAIC_SHARE = MOSAIC_SHARE
    # copies made from two and a passage of neither: a third of each, the last third a train article's
    # that shares no passage with a calibration article (one that does is rightly traced to it)
    pool_shingles = [shingles(text) for text in pool.values()]
    apart_texts = [text for _, text in others if not shares_a_passage(shingles(text), pool_shingles)]
    for config in COMPARE_SPINS:
        pairs = list(zip(docs[::2], docs[1::2]))
        copies = [
            mashed_up(config.spun(a_id, a_text).text, config.spun(b_id, b_text).text, foreign)
            for ((a_id, a_text), (b_id, b_text)), foreign in zip(pairs, apart_texts)
        ]
        for mosaic_share, rule in ((MOSAIC_SHARE, ""), (1.0, " (no first source under 30 %)")):
            sources.MIN_MOSAIC_SHARE = mosaic_share
            both = sum(
                {part.name for part in index.trace(copy).spun_from} == {a_id, b_id}
                for copy, ((a_id, _), (b_id, _)) in zip(copies, pairs)
            )
            print(
                f"{config.label}: of {len(pairs)} copies made from two and a passage of neither, both"
                f" named {both}{rule}"
            )
        sources.MIN_MOSAIC_SHARE = MOSAIC_SHARE
    mosaics = sum(
        bool(trace.spun_from) and not trace.matches[0].likely
        for trace in map(index.trace, (t for _, t in others))
    )
    print(f"train articles given sources as a copy made from several (under 30 % of the first): {mosaics}")
    sources.MIN_PART_SHARE, sources.MIN_PART_WORDS = 0.0, 1
    traces = [(index.trace(text), text) for _, text in others]
    named = [_part_share(trace, text) for trace, text in traces if trace.spun_from]
    print(
        f"train articles given a likely source: {len(named)}; most another holds {max(named, default=0):.3f}"
    )
    # why the sentence rule names no likely source: unrelated articles hold sentences of others too
    unnamed = [text for trace, text in traces if not trace.spun_from]
    holding = sum(_best_sentence_share(index, text) >= PART_SHARE for text in unnamed)
    print(
        f"of the {len(unnamed)} without one, {holding} hold {PART_SHARE:.0%} of their words in sentences"
        " of one candidate (sentences it holds more than half the words of, as for a second source)"
    )


def _best_sentence_share(index: SourceIndex, copy: str) -> float:
    """The largest share of ``copy``'s words that one of its candidates holds in sentences of its own
    (more than half of each sentence's words), as ``sources.traced`` counts a second source's."""
    tokens = tokenize(copy)
    sentences = [
        (sentence, words)
        for sentence in sentence_ranges(tokens, copy)
        if len(words := [k for k in sentence if tokens[k].kind in COUNTED_KINDS])
        >= sources.MIN_HELD_SENTENCE_WORDS
    ]
    words = sum(token.kind in COUNTED_KINDS for token in tokens)
    held = [
        sum(
            map(
                len,
                sources._held(sources._shared_tokens(align(text, copy), tokens), sentences, set()).values(),
            )
        )
        for _, text in index._candidates(copy)
    ]
    return max(held, default=0) / words if words else 0.0


def _part_share(
    trace: sources.Trace, copy: str, exclude: set[str] = frozenset(), only: str | None = None
) -> float:
    """The share of ``copy``'s words the parts after the first hold: the largest of those not in
    ``exclude``, or that of ``only``."""
    words = len([w for w in tokenize(copy) if w.kind in COUNTED_KINDS])
    held = [
        part.words
        for part in trace.spun_from[1:]
        if part.name not in exclude and (only is None or part.name == only)
    ]
    return max(held, default=0) / words if words else 0.0


if __name__ == "__main__":
    main()
