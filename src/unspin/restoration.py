"""Restoration: choose the original wording of a spun region jointly, word by word in context.

Detection scores small windows; restoration then decodes the whole flagged region with a
noisy-channel beam search. Each word either stays or goes back to one of the heads that list it
as a synonym (and in a phrase on its own, a stretch of words the list taught as a spinner's wording
of one word goes back to that word: ``StretchOptions``); a path is scored by the bigram language
model (with the words around the region) plus the chance that a spinner made each substitution.
"profound learning" and "profound understanding" then restore differently, because the neighbour
decides what "profound" stood for.

A phrase on its own has no neighbours, and there the decoder's fixed sum of language model and
channel often prefers a general phrase to the technical term a spinner mangled. For such phrases
``RestorationModel.ranked`` reorders a wider beam with boosted trees over ``PATH_FEATURES`` (how
each path reads, how it was reached, which words it keeps, what the tortured-phrase list says of its
words), fitted by ``scripts/train_models.py`` on the tortured-phrase list out of fold
(``training.restoration_rows_by_fold``) and shipped as ``data/restoration-model.json``. How far
it prefers its best change of the phrase to the phrase as written (``preference``) is also
evidence that the phrase was spun, which the phrase model reads.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from operator import add, itemgetter, neg
from typing import Any

from unspin.candidates import WordOptions, item_ends, learned_count
from unspin.decisions import SpanModel
from unspin.fingerprints import MAX_WORD_ODDS
from unspin.inflection import lemma_key
from unspin.language_model import (
    bigram_attested,
    counted_phrase,
    domain_word,
    head_unigram,
    in_domain_lexicon,
    sequence_score,
    term_followers,
    term_predecessors,
    transition,
    unigram,
)
from unspin.resources import data_path, headings, word_zipf

BEAM = 12
CHOICES_PER_WORD = 25
# A phrase on its own is reranked from a wider beam. On the list's five grouped folds (each scored by
# a model that never saw it) a beam of 80 held the expected phrase for 2,310 of 5,293 phrases and
# the ranker put it first for 1,550; a beam of 40 held 2,208 (first: 1,519), one of 120 held 2,348
# (first: 1,551), and one of 12 held about 1,870.
RERANK_BEAM = 80
MODEL_FILE = "restoration-model.json"


@dataclass(frozen=True, slots=True)
class Path:
    # one item per region word; an item may be multiword, or "" where the item before it stands for
    # a stretch of words (``StretchOptions``)
    words: tuple[str, ...]
    score: float  # log10: language model in context + channel

    @property
    def text(self) -> str:
        return " ".join(w for w in self.words if w)

    @property
    def last_word(self) -> str | None:
        return _last_word(self.words)


def _last_word(words: tuple[str, ...]) -> str | None:
    return next((item.split(" ")[-1] for item in reversed(words) if item), None)


# The options of a stretch of a region's words restored as one word, by the stretch's first and
# last word index ("recognizable proof" -> "identification": ``fingerprints.phrase_substitutions``).
StretchOptions = Mapping[tuple[int, int], WordOptions]


def _choices(
    word: str, options: WordOptions, term_heads: frozenset[str] = frozenset()
) -> list[tuple[str, float]]:
    # word for word: a multiword original comes from whole-window candidates, where the thesaurus
    # links the phrase itself; here a phrase for a word mostly inserts noise ("playing area unit")
    heads = [head for head in options.links if " " not in head]
    costs = list(map(options.cost.__getitem__, heads))
    # keep the options a spinner most likely started from: common, and with few synonyms (keys made
    # in C, then one stable sort: a wider option holds thousands of heads, sorted once per decode)
    keys = list(map(neg, map(add, costs, map(head_unigram.__getitem__, heads))))
    order = sorted(range(len(heads)), key=keys.__getitem__)
    kept = [(heads[i], costs[i]) for i in order[:CHOICES_PER_WORD]]
    # and those that make a known technical term with a neighbour, however rare the head is (only
    # these are looked for past the first: a wider option holds thousands of heads)
    if term_heads:
        kept += [(heads[i], costs[i]) for i in order[CHOICES_PER_WORD:] if heads[i] in term_heads]
    return [(word, 0.0)] + kept


def _term_heads(
    words: tuple[str, ...], options: list[WordOptions], neighbours: list[WordOptions]
) -> list[frozenset[str]]:
    """For each word, its heads that stand in a domain-lexicon pair (or, while they are read, a
    subject heading's) with the word before or after it, or with one of that word's heads in
    ``neighbours`` ("circling neural" -> "recurrent", as "recurrent neural" is a term): in a phrase
    of technical terms the neighbours say which rare head is meant."""
    found = []
    for i, opts in enumerate(options):
        heads: set[str] = set()
        if i > 0:
            for before in (words[i - 1], *neighbours[i - 1].heads):
                heads |= term_followers(before, opts.heads)
        if i + 1 < len(words):
            for after in (words[i + 1], *neighbours[i + 1].heads):
                heads |= term_predecessors(after, opts.heads)
        found.append(frozenset(heads))
    return found


_SCORE = itemgetter(0)


def decode(
    words: tuple[str, ...],
    options: list[WordOptions],
    left: str | None,
    right: str | None,
    top: int = 5,
    beam: int = BEAM,
    term_neighbours: list[WordOptions] | None = None,
    stretches: StretchOptions | None = None,
) -> list[Path]:
    """The ``top`` best restorations of ``words`` (the unchanged region is always a candidate).

    A rare head is a choice when it makes a domain term with a neighbouring word or one of the
    neighbour's heads, which ``term_neighbours`` gives when they are not ``options`` themselves;
    ``stretches`` adds the heads of stretches of words restored as one word.
    """
    # the paths that have restored the first i words, for each i (a stretch moves a path on by more
    # than one word), as (score, words): a beam's few best become ``Path``s, not its thousands
    start: tuple[str, ...] = ()
    reached: list[list[tuple[float, tuple[str, ...]]]] = [[(0.0, start)]] + [[] for _ in words]
    terms_of = _term_heads(words, options, term_neighbours or options)
    by_first: dict[int, list[tuple[int, WordOptions]]] = {}
    for (first, last), opts in (stretches or {}).items():
        by_first.setdefault(first, []).append((last, opts))
    for i, (word, opts, terms) in enumerate(zip(words, options, terms_of)):
        reached[i].sort(key=_SCORE, reverse=True)  # stable, as a sort by falling score
        beams = reached[i][:beam]
        steps = [(i, _choices(word, opts, terms))]
        for last, more in by_first.get(i, ()):
            steps.append((last, _choices(" ".join(words[i : last + 1]), more)[1:]))  # changed only
        for last, heads in steps:
            # the same for every path: each choice's inner score once, not once per path
            choices = [
                (head, cost, parts[0], sequence_score(parts))
                for head, cost in heads
                for parts in [head.split(" ")]
            ]
            absorbed = ("",) * (last - i)
            # the paths of a beam end in a few distinct words: each one's transitions once
            entries: dict[str | None, list[float]] = {}
            extended = reached[last + 1]
            for score, restored in beams:
                previous = _last_word(restored) if restored else left
                entry = entries.get(previous)
                if entry is None:
                    entry = entries[previous] = [
                        transition(previous, first) if previous else unigram(first)
                        for _, _, first, _ in choices
                    ]
                for (head, cost, _, inner), step in zip(choices, entry):
                    extended.append((score + cost + step + inner, restored + (head, *absorbed)))
    reached[-1].sort(key=_SCORE, reverse=True)
    paths = [Path(restored, score) for score, restored in reached[-1][:beam]]
    if right:
        # (a path of no word, which no search makes, backs off as an unknown word does)
        paths = [Path(p.words, p.score + transition(p.last_word or "", right)) for p in paths]
    paths.sort(key=lambda p: -p.score)
    unique: dict[tuple[str, ...], Path] = {}
    for path in paths:
        unique.setdefault(path.words, path)
    return list(unique.values())[:top]


def wide_decode(
    words: tuple[str, ...],
    options: list[WordOptions],
    left: str | None,
    right: str | None,
    wider: list[WordOptions] | None = None,
    stretches: StretchOptions | None = None,
) -> list[Path]:
    """The paths the restoration model chooses among: every path of a beam of ``RERANK_BEAM``
    (one function for training and use, so that the model sees the pool it was fitted on; the
    paths that restore ``stretches`` as one word are new to it, and it put the right path first for
    1,718 of 5,286 phrases with them, against 1,649 without, out of fold).

    ``wider`` (the options with second-hop heads, ``candidates.second_hop_options``) adds the paths
    of a second beam over them, best score first. Decoded alone, the wider options lose as many
    right paths to the noise of a hundredfold more heads as they gain (on 200 phrases of a held-out
    fold: 0.43 held the expected phrase in either beam alone, 0.475 in the two together; on the
    whole list, out of fold, 2,465 of 5,293 phrases against 2,319 for the first beam alone).
    Score features of these paths must read the wider options (a path's heads are all in them).
    """
    paths = decode(words, options, left, right, top=RERANK_BEAM, beam=RERANK_BEAM, stretches=stretches)
    if wider is None:
        return paths
    # a second-hop head makes a term with a neighbour's first-hop heads: pairs of second-hop
    # heads on both sides are a hundredfold more, and all but a few of them noise
    more = decode(
        words,
        wider,
        left,
        right,
        top=RERANK_BEAM,
        beam=RERANK_BEAM,
        term_neighbours=options,
        stretches=stretches,
    )
    unique = {path.words: path for path in more}
    unique.update((path.words, path) for path in paths)  # the same path scores the same in both
    return sorted(unique.values(), key=lambda p: -p.score)


PATH_FEATURES = (
    "score",
    "language_model",
    "channel",
    "score_gap",
    "decoder_rank",
    "changed_share",
    "changed_words",
    "words",
    "unseen_pairs",
    "unseen_share",
    "domain_pairs",
    "counted_pairs",
    "domain_phrase",
    "min_head_zipf",
    "mean_head_zipf",
    "min_kept_zipf",
    "max_kept_spin_prior",
    "both_thesauri_links",
    "learned_links",
    "second_hop_links",
    "fewest_routes",
    "kept_word_heads",
    "best_head_rank",
    "domain_heads",
    "domain_kept_words",
    "weakest_transition",
    "learned_strength",
    "max_kept_word_odds",
    "min_changed_word_odds",
    "heading",
    "holds_heading",
)
NO_ZIPF = 7.0  # the head or kept-word frequency of a path that changes (or keeps) nothing
NO_RANK = 99.0  # a head outside a word's ranked single-word heads (a phrase head)
NO_ROUTES = 99.0  # the fewest second-hop routes of a path that changes nothing
# the list's word odds (``fingerprints.tortured_word_odds``, within +-MAX_WORD_ODDS) of a path that
# keeps no word, or changes none
NO_KEPT_ODDS = -MAX_WORD_ODDS - 1.0
NO_CHANGED_ODDS = MAX_WORD_ODDS + 1.0


def path_features(
    words: Sequence[str],
    path: Path,
    options: Sequence[WordOptions],
    left: str | None,
    right: str | None,
    rank: int,
    best_score: float,
    word_odds: Mapping[str, float] | None = None,
    stretches: StretchOptions | None = None,
) -> list[float]:
    """``path``'s values of ``PATH_FEATURES``: ``rank`` is its place in the decoder's order,
    ``best_score`` the decoder score of the first path, ``word_odds`` the checker's
    ``fingerprints.tortured_word_odds`` (none: every word 0) and ``stretches`` the options of
    stretches restored as one word (``decode``)."""
    flat = [part for item in path.words for part in item.split(" ") if part]
    context = ([left] if left else []) + flat + ([right] if right else [])
    pairs = list(zip(context, context[1:]))
    inner = list(zip(flat, flat[1:]))
    unseen = sum(not bigram_attested(a, b) for a, b in pairs)
    units = _units(words, path, options, stretches or {})
    changed = [(head, opts) for word, head, opts in units if head != word]
    kept = [(word, opts) for word, head, opts in units if head == word]
    channel = sum(opts.cost[head] for head, opts in changed)
    head_zipfs = [word_zipf(head.split(" ")[0]) for head, _ in changed]
    links = [opts.links[head] for head, opts in changed]
    odds = word_odds or {}
    kept_odds = [odds.get(lemma_key(word), 0.0) for word, _ in kept]
    changed_odds = [odds.get(lemma_key(word), 0.0) for word, head, _ in units if head != word]
    return [
        path.score,
        path.score - channel,
        channel,
        path.score - best_score,
        float(rank),
        len(changed) / len(words),
        float(len(changed)),
        float(len(words)),
        float(unseen),
        unseen / max(1, len(pairs)),
        float(sum(in_domain_lexicon(f"{a} {b}") for a, b in inner)),
        float(sum(counted_phrase(f"{a} {b}") for a, b in inner)),
        float(in_domain_lexicon(" ".join(flat))),
        min(head_zipfs, default=NO_ZIPF),
        sum(head_zipfs) / len(head_zipfs) if head_zipfs else NO_ZIPF,
        min((word_zipf(word) for word, _ in kept), default=NO_ZIPF),
        max((opts.spin_prior for _, opts in kept), default=-5.0),
        float(sum("w" in link and "m" in link for link in links)),
        float(sum("l" in link for link in links)),
        float(sum(link.startswith("s") for link in links)),
        float(min((opts.routes.get(head, 0) for head, opts in changed), default=NO_ROUTES)),
        float(sum(len(opts.links) for _, opts in kept)),
        min((_head_rank(head, opts) for head, opts in changed), default=0.0),
        float(sum(domain_word(head) for head, _ in changed)),
        float(sum(domain_word(word) for word, _ in kept)),
        min((transition(a, b) for a, b in pairs), default=0.0),
        sum(math.log1p(learned_count(link)) for link in links),
        max(kept_odds, default=NO_KEPT_ODDS),
        min(changed_odds, default=NO_CHANGED_ODDS),
        *_headings_in(flat),
    ]


# The longest stretch of a path looked up among the subject headings (``_headings_in``).
HEADING_STRETCH_WORDS = 4


def _headings_in(flat: Sequence[str]) -> tuple[float, float]:
    """Whether the path's words are a subject heading (``resources.headings``: a technical term a
    spinner mangled is often one), and whether a stretch of two to ``HEADING_STRETCH_WORDS`` of
    them is. Out of fold on the list (``python -m bench.restoration_pool``), rankers refit with
    the two put the right path first for 1,768 of 5,286 phrases instead of 1,713."""
    words = " ".join(flat).replace("-", " ").split()
    known = headings()
    stretches = (
        " ".join(words[i:j])
        for i in range(len(words))
        for j in range(i + 2, min(len(words), i + HEADING_STRETCH_WORDS) + 1)
    )
    return float(" ".join(words) in known), float(any(s in known for s in stretches))


def _units(
    words: Sequence[str], path: Path, options: Sequence[WordOptions], stretches: StretchOptions
) -> list[tuple[str, str, WordOptions]]:
    """``(written, restored, options)`` for each word of ``path``, or stretch it restores as one."""
    return [
        (" ".join(words[first : last + 1]), path.words[first], stretches[(first, last)])
        if last > first
        else (words[first], path.words[first], options[first])
        for first, last in item_ends(path.words)
    ]


# A margin difference beyond this says no more (the model's margins span about -15 to 10).
MAX_PREFERENCE = 12.0


def preference(ranked: Sequence[tuple[Path, float]], words: Sequence[str]) -> float:
    """How far the restoration model prefers its best change of ``words`` to ``words`` as written:
    the difference of their margins in ``ranked`` (``RestorationModel.ranked``), within
    +-``MAX_PREFERENCE``. The phrase model reads it as evidence: on the list's five folds out of
    fold, tortured phrases had a median of 5.6, their expected wordings 2.5. Written text that fell
    out of the beam counts as the least preferred path; no change at all as the least preference.
    """
    written = tuple(words)
    changed = [margin for path, margin in ranked if path.words != written]
    if not changed:
        return -MAX_PREFERENCE
    as_written = [margin for path, margin in ranked if path.words == written]
    base = as_written[0] if as_written else min(margin for _, margin in ranked)
    return max(-MAX_PREFERENCE, min(MAX_PREFERENCE, changed[0] - base))


def _head_rank(head: str, options: WordOptions) -> float:
    return float(options.ranked.index(head)) if head in options.heads else NO_RANK


@dataclass(frozen=True)
class RestorationModel:
    """Boosted trees over ``PATH_FEATURES``: the higher a path's margin, the likelier it is the original."""

    trees: SpanModel  # the span model's node layout

    def ranked(
        self,
        words: Sequence[str],
        paths: list[Path],
        options: Sequence[WordOptions],
        left: str | None,
        right: str | None,
        word_odds: Mapping[str, float] | None = None,
        stretches: StretchOptions | None = None,
    ) -> list[tuple[Path, float]]:
        """``paths`` (in decoder order) best first by the model, each with its margin (the model's
        log-odds that it is the original); ties keep the decoder's order."""
        if not paths:
            return []
        best = paths[0].score
        rows = [
            path_features(words, p, options, left, right, rank, best, word_odds, stretches)
            for rank, p in enumerate(paths)
        ]
        margins = self.trees.margins(rows)
        order = sorted(range(len(paths)), key=lambda i: -margins[i])
        return [(paths[i], margins[i]) for i in order]

    def to_dict(self) -> dict[str, Any]:
        return {**self.trees.to_dict(), "features": list(PATH_FEATURES)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RestorationModel:
        return cls(SpanModel.from_dict(data, PATH_FEATURES, "restoration model"))


@cache
def shipped_restoration_model() -> RestorationModel | None:
    """The shipped model, or None in a checkout that has not trained one (the decoder's order stands)."""
    path = data_path(MODEL_FILE)
    if not path.exists():
        return None
    return RestorationModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
