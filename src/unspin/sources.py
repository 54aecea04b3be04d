"""Which of many texts a copy was spun from: the sources you hold, ranked against a copy.

A publisher whose articles are spun and republished, or a team holding a wire service's stories,
holds the sources but not the pairing: a site's copy could come from any of thousands of them.
:class:`SourceIndex` indexes the sources' words once; :meth:`SourceIndex.likely_sources` keeps the
few sources that share the most of a copy's rarer words (a spinner swaps words but keeps most of
them, names and numbers above all), aligns the copy with each (:func:`unspin.comparison.align`)
and ranks them by the share of the copy's words each has in order or in passages moved whole.
:meth:`SourceIndex.trace` also names every source a copy made from several holds sentences of.

    >>> index = SourceIndex([("a", "The council approved the budget on Tuesday after a long debate."),
    ...                      ("b", "Heavy rain closed the coastal road for a second day.")])
    >>> best = index.likely_sources("The council sanctioned the budget on Tuesday after a lengthy debate.")[0]
    >>> best.name, round(best.shared_share, 2), best.likely
    ('a', 0.82, True)
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import sqlite3
import sys
import urllib.parse
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from itertools import chain, groupby, islice
from multiprocessing.pool import AsyncResult
from operator import itemgetter
from typing import Any, NamedTuple, Protocol

from unspin.comparison import (
    Alignment,
    Comparison,
    Tokenized,
    align,
    align_leaving_out,
    refuse_too_long,
)
from unspin.pipeline import DEFAULT_GENRE, DEFAULT_MIN_CONFIDENCE, Checker, default_checker
from unspin.report import Report
from unspin.tokens import COUNTED_KINDS, Token, counted_norms

# Sources aligned with a copy: those with the most weighted words in common with it. The one it
# was spun from shares its names and rare words, so it is among the first few. A copy made from
# several sources holds fewer of each one's words, so once its first holds enough to be named
# (``MIN_SOURCE_SHARE``, or ``MIN_MOSAIC_SHARE``) as many again are aligned to find the others
# (``traced``).
CANDIDATES = 5

# The share of a copy's words that a source must hold, in order, to be called its likely source.
# Chosen on the calibration split (``scripts/choose_source_share.py``; its 417 articles as the
# sources): a copy spun at rate 0.3 by any
# spinner of bench section 7 holds 0.71 or more of its source's words (every word rewritten: 0.17
# to 0.4, so it may go unnamed); of 1,000 train-split articles spun from none of them, those
# sharing no passage with the closest (word 5-gram Jaccard under 0.05) held at most 0.34 of its
# words, 99.5 % of them under 0.26; above 0.3 stood the same story's follow-ups reusing its
# paragraphs, which a reader of the match would want named. Bench section 8 measures it on the
# test split.
MIN_SOURCE_SHARE = 0.3
# And this many of its words at least: a copy of a few words shares a third of them with many texts.
MIN_SOURCE_WORDS = 8
# A word held by more than a tenth of the sources, or by more than this many, says little of which one
# a copy came from and costs a step per source holding it (in Spark, a row of the join): an archive of
# a million articles counts a word held by a thousand of them, still rare enough to pick one out.
MAX_HOLDING = 1000
# A copy made from several sources (a story stitched from two wire reports, a paper from others'
# paragraphs) holds sentences of each. After its likely source, another is named for the sentences
# it holds and no source named before does (a sentence is held if the source has more than half its
# words in the alignment); named if they are this many words, and this share of the copy's words.
# Chosen on the calibration split (``scripts/choose_source_share.py``): in copies spun from one
# article, no other held a sentence (0.000 for every spinner of bench section 7); in copies made of
# half of one article's sentences and half of another's, each spun at rate 0.3, the other held 0.146
# of the copy's words at the lowest (10th percentile 0.244, median 0.30-0.39); of the train-split
# articles given a likely source (the same story's follow-ups), another held at most 0.050.
MIN_PART_SHARE = 0.1
MIN_PART_WORDS = MIN_SOURCE_WORDS
# A copy made from many sources, or from two and a passage of neither (a site's own paragraph), may
# hold under MIN_SOURCE_SHARE of each: its first is named all the same if it holds this share and
# the sources named with it make this many in all. On the calibration split (the same script),
# copies made from four or five articles (WordNet, rate 0.3) were traced to none 3 of 15 and 2 of 12
# times without this rule, and to three or more of them every time with it; copies made of a third
# of two articles each and a third of a train article, each spun at rate 0.3, were traced to both
# for 28-29 of 30 per spinner with it and 23-28 without; of 1,000 train articles spun from none, it
# named sources for none. The first's share is what guards: the sentence rule alone would name a
# source for 19 of the 977 of those 1,000 given no likely source.
MIN_MOSAIC_SHARE = 0.2
MIN_MOSAIC_PARTS = 2
# A sentence shorter than this is held by no source: "He said." is in every story.
MIN_HELD_SENTENCE_WORDS = 4
# A source's text held under other names too, the same text spacing aside (``same_text_key``: one
# story syndicated unchanged by many sites) is named once, under the first name; the others are
# listed with it, up to this many (by name), and counted: a wire story may stand on hundreds of
# sites, and a batch writes each trace.
MAX_SAME_TEXT_NAMES = 100
# ... and up to this many in a line of ``unspin trace`` (the JSON lists the rest)
SAME_TEXT_NAMES_SHOWN = 3


@dataclass(frozen=True, slots=True)
class SourceMatch:
    """A source held against a copy: how much of the copy is the source's words."""

    name: str
    shared_share: float  # of the copy's words, the share the source has in order or in moved passages
    shared_words: int
    moves: int  # passages the copy moved (``Alignment.moves``)

    @classmethod
    def of(cls, name: str, alignment: Alignment) -> SourceMatch:
        return cls(name, alignment.shared_share, alignment.shared_words, len(alignment.moves))

    @property
    def likely(self) -> bool:
        """Whether the copy holds enough of the source to have been spun from it."""
        return self.shared_share >= MIN_SOURCE_SHARE and self.shared_words >= MIN_SOURCE_WORDS

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "shared_share": round(self.shared_share, 4)}  # as ``compare`` rounds it


@dataclass(frozen=True, slots=True)
class SourcePart:
    """A source a copy is traced to: its likely source, or another it holds passages of."""

    name: str
    # the copy's words traced to it: all it shares for the likely source; for another, those it holds
    # in sentences of its own that no source before holds
    words: int
    # where in the copy: its runs of sentences in which the source holds more than half the words
    # (for another than the likely source, words that no source before holds), as offsets
    passages: tuple[tuple[int, int], ...] = ()
    # the other names the index holds the source's text under (``same_text_key``): the first
    # ``MAX_SAME_TEXT_NAMES`` by name, and how many there are
    same_text: tuple[str, ...] = ()
    same_text_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        passages = [{"start": start, "end": end} for start, end in self.passages]
        return {
            "name": self.name,
            "words": self.words,
            "passages": passages,
            "same_text": list(self.same_text),
            "same_text_count": self.same_text_count,
        }

    def also_indexed(self) -> str:
        """The other names of its text in words, as ``describe`` adds them: "" if there are none."""
        if not self.same_text_count:
            return ""
        shown = list(self.same_text[:SAME_TEXT_NAMES_SHOWN])
        if self.same_text_count > len(shown):
            shown.append(f"{self.same_text_count - len(shown)} more")
        return f"; also indexed as {', '.join(shown)}"


@dataclass(frozen=True, slots=True)
class Trace:
    """A copy held against the sources: the closest ones, and those it was spun from."""

    matches: tuple[SourceMatch, ...]  # the sources sharing the most of the copy, the most first
    spun_from: tuple[SourcePart, ...]  # its likely source first, then any other it holds passages of

    @property
    def likely_source(self) -> str | None:
        return self.spun_from[0].name if self.spun_from else None

    def describe(self, sources: int) -> str:
        """In words, as ``unspin trace`` prints it after the copy's name: its likely source (or none
        among ``sources``) and any other it was made from, each with the other names its text is
        indexed under, then the next closest."""
        shares = [f"{match.name} {match.shared_share * 100:.0f} %" for match in self.matches]
        if not self.spun_from:
            closest = f"the closest: {', '.join(shares)}" if shares else "none shares a word with it"
            return f"no likely source among the {_counted(sources, 'text')}; {closest}"
        best = self.matches[0]
        moved = f", {_counted(best.moves, 'passage')} moved" if best.moves else ""
        share = f"{best.shared_share * 100:.0f} %"
        same = self.spun_from[0].also_indexed()
        line = f"spun from {best.name}, most likely ({share} of its words are that source's{moved}{same})"
        for part in self.spun_from[1:]:
            line += f"; and from {part.name} ({_counted(part.words, 'word')} of its own{part.also_indexed()})"
        named = {part.name for part in self.spun_from}
        unnamed = [share for match, share in zip(self.matches, shares) if match.name not in named]
        return line + (f"; then {', '.join(unnamed)}" if unnamed else "")

    @classmethod
    def of_fields(cls, fields: Mapping[str, Any]) -> Trace:
        """The trace ``trace_fields`` wrote as ``fields`` (its shares as rounded there)."""
        matches = tuple(
            SourceMatch(m["name"], m["shared_share"], m["shared_words"], m["moves"])
            for m in fields["sources"]
        )
        parts = tuple(
            SourcePart(
                p["name"],
                p["words"],
                tuple((q["start"], q["end"]) for q in p["passages"]),
                tuple(p["same_text"]),
                p["same_text_count"],
            )
            for p in fields["spun_from"]
        )
        return cls(matches, parts)

    def scope(self, part: SourcePart) -> str:
        """Which part of the copy ``compared_parts`` compares with ``part``'s source, as words to
        follow the copy's name: nothing when the copy was spun from that source alone."""
        if len(self.spun_from) == 1:
            return ""
        if part == self.spun_from[0]:
            return ", less its passages from other sources,"
        return f", its passages from {part.name},"


def with_same_text(trace: Trace, holders: Callable[[str], Sequence[str]]) -> Trace:
    """``trace`` with each source it was spun from given the other names its text is held under:
    ``holders(name)`` gives every name holding the text of the source named ``name`` (``name``
    among them), by name. A name held twice is listed once."""
    parts = []
    for part in trace.spun_from:
        others = [name for name in dict.fromkeys(holders(part.name)) if name != part.name]
        parts.append(
            replace(part, same_text=tuple(others[:MAX_SAME_TEXT_NAMES]), same_text_count=len(others))
        )
    return Trace(trace.matches, tuple(parts))


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def holding_limit(count: int) -> int:
    """Among ``count`` sources, the most that may hold a word for it to weigh in choosing candidates."""
    return max(CANDIDATES, min(count // 10, MAX_HOLDING))


def word_weight(count: int, holding: int) -> float:
    """A word's weight in choosing candidates among ``count`` sources, ``holding`` of which have it:
    its idf. A candidate's score is the sum of the weights of the copy's words it has, divided by the
    square root of its own number of distinct words (a long source holds more words by chance)."""
    return math.log(count / holding)


def traced(copy: str, candidates: Sequence[tuple[str, str]], top: int = 3) -> Trace:
    """``copy`` held against ``candidates``, ``(name, text)`` pairs: the ``CANDIDATES`` most likely
    first (by ``SourceIndex``'s candidate score), then up to as many others (by their score on the
    copy's words the first candidate lacks; ``SourceIndex.trace``).

    The first ``CANDIDATES`` are aligned with the copy and ranked by the share of its words each
    holds: the first ``top`` are ``matches``, and the first of all is the likely source if it holds
    enough (``SourceMatch.likely``). Only then are the others aligned too, and named one at a time,
    the most first, for the sentences of the copy they hold that no source named before does
    (``MIN_PART_WORDS``, ``MIN_PART_SHARE``): ``spun_from``. A first source holding less, but
    ``MIN_MOSAIC_SHARE``, is named too if ``MIN_MOSAIC_PARTS`` sources are in all (a copy made from
    many, or from two and a passage of neither).
    """
    tokenized = Tokenized.of(copy)  # aligned with up to ten sources: tokenized once
    aligned = _aligned(tokenized, candidates[:CANDIDATES])
    matches = tuple(SourceMatch.of(name, alignment) for name, alignment in aligned)
    if not matches or not (matches[0].likely or matches[0].shared_share >= MIN_MOSAIC_SHARE):
        return Trace(matches[:top], ())
    tokens = tokenized.tokens
    first = aligned[0][1]
    sentences = [
        (sentence, words)
        for sentence in tokenized.sentences
        if len(words := [k for k in sentence if tokens[k].kind in COUNTED_KINDS]) >= MIN_HELD_SENTENCE_WORDS
    ]
    # the likely source accounts for the sentences it holds, not for the odd word ("the", "said") its
    # alignment pairs in another source's sentences
    first_held = _held(_shared_tokens(first, tokens), sentences, set())
    parts = [SourcePart(matches[0].name, first.shared_words, _passages(first_held, sentences, tokens))]
    traced_tokens = _held_words(first_held)
    others = [*aligned[1:], *((name, align(text, tokenized)) for name, text in candidates[CANDIDATES:])]
    left = [(name, _shared_tokens(alignment, tokens)) for name, alignment in others]
    while left:
        helds = [_held(shared, sentences, traced_tokens) for _, shared in left]
        counts = [len(_held_words(held)) for held in helds]
        best = min(range(len(left)), key=lambda k: (-counts[k], left[k][0]))
        if counts[best] < max(MIN_PART_WORDS, MIN_PART_SHARE * first.words):
            break
        parts.append(SourcePart(left[best][0], counts[best], _passages(helds[best], sentences, tokens)))
        traced_tokens |= _held_words(helds[best])
        del left[best]
    if not matches[0].likely and len(parts) < MIN_MOSAIC_PARTS:
        return Trace(matches[:top], ())
    return Trace(matches[:top], tuple(parts))


def _aligned(copy: str | Tokenized, candidates: Sequence[tuple[str, str]]) -> list[tuple[str, Alignment]]:
    """Each candidate aligned with ``copy``, those holding the most of it first, then by name."""
    copy = copy if isinstance(copy, Tokenized) else Tokenized.of(copy)
    aligned = [(name, align(text, copy)) for name, text in candidates]
    return sorted(aligned, key=lambda pair: (-pair[1].shared_share, pair[0]))


def _shared_tokens(alignment: Alignment, tokens: list[Token]) -> set[int]:
    """The copy's counted tokens (indices in ``tokens``) that ``alignment`` pairs with the source's:
    those outside every edit's text in the copy."""
    rewritten = [(edit.start, edit.end) for edit in alignment.edits if edit.end > edit.start]
    shared: set[int] = set()
    k = 0
    for index, token in enumerate(tokens):
        if token.kind not in COUNTED_KINDS:
            continue
        while k < len(rewritten) and rewritten[k][1] <= token.start:
            k += 1
        if k == len(rewritten) or token.end <= rewritten[k][0]:
            shared.add(index)
    return shared


_Sentences = list[tuple[range, list[int]]]  # each sentence's tokens, and its counted ones


def _held(shared: set[int], sentences: _Sentences, traced_tokens: set[int]) -> dict[int, list[int]]:
    """The words a source ``shared`` that no source before holds (``traced_tokens``), in the
    ``sentences`` where those are more than half the words, by sentence (its index)."""
    held = {}
    for index, (_, words) in enumerate(sentences):
        new = [k for k in words if k in shared and k not in traced_tokens]
        if 2 * len(new) > len(words):
            held[index] = new
    return held


def _held_words(held: dict[int, list[int]]) -> set[int]:
    return {k for words in held.values() for k in words}


def _passages(
    held: dict[int, list[int]], sentences: _Sentences, tokens: list[Token]
) -> tuple[tuple[int, int], ...]:
    """The copy's offsets of each run of held sentences (a short sentence between two does not
    break a run: none is held)."""
    runs: list[list[int]] = []
    for index in sorted(held):
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return tuple(
        (tokens[sentences[run[0]][0].start].start, tokens[sentences[run[-1]][0].stop - 1].end) for run in runs
    )


def compared_parts(
    copy: str,
    trace: Trace,
    text_of: Callable[[str], str],
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    genre: str = DEFAULT_GENRE,
    checker: Checker | None = None,
    report: Report | None = None,
) -> tuple[Comparison, ...]:
    """``copy`` compared with each source it was traced to (``trace.spun_from``; ``text_of`` gives
    a source's text by name), as ``unspin.compare`` does (the copy is checked once, without them):
    the likely source against the copy less the passages traced to the others (against all of it
    when it is the only one), each other source against its own passages. Each rewording is so read
    against the source its sentence came from, and is in one comparison only. None for a copy
    traced to no source (then it is not checked). ``report``: the copy's, if it is checked already
    (then ``genre`` and ``checker`` are not used)."""
    parts = trace.spun_from
    if not parts:
        return ()
    if report is None:
        report = (checker or default_checker()).check(copy, min_confidence, genre=genre)
    others = sorted(passage for other in parts[1:] for passage in other.passages)
    comparisons = []
    for k, part in enumerate(parts):
        left_out = others if k == 0 else _outside(part.passages, len(copy))
        alignment = align_leaving_out(text_of(part.name), copy, left_out)
        comparisons.append(Comparison.of(alignment, report, min_confidence))
    return tuple(comparisons)


def _outside(passages: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of a text of ``length`` characters outside ``passages`` (sorted offsets)."""
    ends = [0, *(offset for passage in passages for offset in passage), length]
    return [(start, end) for start, end in zip(ends[::2], ends[1::2]) if start < end]


def trace_fields(
    trace: Trace, comparisons: Sequence[Comparison] | None = None, with_report: bool = True
) -> dict[str, Any]:
    """A trace as JSON fields: ``likely_source``, the name of the likely source (else null);
    ``spun_from``, each source the copy is traced to with its ``words`` and ``passages`` (the likely
    source first);
    and ``sources``, the fields of the closest matches. With its ``comparisons``
    (``compared_parts``), also ``compare``: the likely source's with the copy's report unless not
    ``with_report`` (null without a likely source), and each other source's without it in its
    ``spun_from`` entry."""
    fields: dict[str, Any] = {
        "likely_source": trace.likely_source,
        "spun_from": [part.to_dict() for part in trace.spun_from],
        "sources": [match.to_dict() for match in trace.matches],
    }
    if comparisons is not None:
        fields["compare"] = comparisons[0].to_dict(with_report) if comparisons else None
        for part, comparison in zip(fields["spun_from"][1:], comparisons[1:]):
            part["compare"] = comparison.to_dict(with_report=False)
    return fields


class Tracer(Protocol):
    """What traces a copy and gives the texts of the sources it names: a ``SourceIndex``, or a trace
    found already (Spark's joins, ``unspin.spark``)."""

    def trace(self, copy: str) -> Trace: ...

    def text_of(self, name: str) -> str: ...


class SourceIndex:
    """Texts that copies may have been spun from, indexed by their words."""

    def __init__(self, sources: Iterable[tuple[str, str]]) -> None:
        """Index ``(name, text)`` pairs; the texts are kept, to align copies with them. A text of more
        than ``pipeline.MAX_WORDS`` words, which no copy could be aligned with, is refused
        (``TextTooLong``)."""
        self._names: list[str] = []
        self._texts: list[str] = []
        self._holding: dict[str, list[int]] = defaultdict(list)  # word -> the sources that have it
        self._same_text: dict[bytes, list[int]] = defaultdict(list)  # text_digest -> sources
        sizes: list[int] = []
        for name, text in sources:
            words = _indexed_words(f"source {name}", text)
            for word in words:
                self._holding[word].append(len(self._names))
            self._same_text[text_digest(text)].append(len(self._names))
            self._names.append(name)
            self._texts.append(text)
            sizes.append(len(words))
        self._sizes: Sequence[int] = sizes  # distinct words of each source

    def __len__(self) -> int:
        return len(self._names)

    @property
    def names(self) -> list[str]:
        """The names of the texts, in the order indexed."""
        return self._names

    def text_of(self, name: str) -> str:
        """The text indexed as ``name`` (the first, if several share it); ``KeyError`` if none is."""
        try:
            return self._text(self._names.index(name))
        except ValueError:
            raise KeyError(name) from None

    def likely_sources(self, copy: str, top: int = 3) -> list[SourceMatch]:
        """The ``top`` sources that hold the most of ``copy``'s words, the most first.

        Only the ``CANDIDATES`` sources sharing the most of its words, each weighted by how few
        sources have it (``word_weight``) and scaled by the source's own variety of words, are aligned
        with it; a source sharing none of the words that weigh is not. A text indexed more than once
        (under several names, or one twice; spacing aside, ``same_text_key``) is a candidate once,
        under the name first in order. A copy of more than ``pipeline.MAX_WORDS`` words is refused
        (``TextTooLong``).
        """
        aligned = _aligned(copy, self._candidates(copy))
        return [SourceMatch.of(name, alignment) for name, alignment in aligned[:top]]

    def trace(self, copy: str, top: int = 3) -> Trace:
        """``likely_sources``, and the sources ``copy`` was spun from (``traced``): its likely source,
        then any other it holds sentences of that no source before does, each with the other names
        its text is indexed under (``SourcePart.same_text``)."""
        candidates = self._candidates(copy, others=True)
        text_of = dict(reversed(candidates))  # the first text of a name, as ``traced`` names it
        return with_same_text(traced(copy, candidates, top), lambda name: self._holders(text_of[name]))

    def _candidates(self, copy: str, others: bool = False) -> list[tuple[str, str]]:
        """The ``CANDIDATES`` sources whose weighted words in common with ``copy`` score highest,
        ``(name, text)`` pairs; with ``others``, then as many again of the rest, scored by the copy's
        words the first of them lacks.

        Why a second search: a copy made from several sources holds fewer of each one's words, and
        where the archive holds near copies of its first source (one story syndicated by many sites),
        those would fill every place after it; the words the first lacks are the other sources'.
        """
        holdings = self._holdings(_indexed_words("copy", copy))
        best = self._best(holdings, CANDIDATES)
        if others and best:
            first = best[0][0]
            lacking = [holding for holding in holdings if first not in holding]
            best += self._best(lacking, CANDIDATES, taken=best)
        return [(self._name(k), text) for k, text in best]

    def _holdings(self, words: set[str]) -> list[Sequence[int]]:
        """The sources holding each of ``words`` that weighs in choosing candidates (read once for
        both searches of ``_candidates``: a saved index reads them from the file)."""
        return list(self._postings(words, holding_limit(len(self))))

    def _best(
        self, holdings: Iterable[Sequence[int]], count: int, taken: Sequence[tuple[int, str]] = ()
    ) -> list[tuple[int, str]]:
        """The ``count`` sources that score highest on the words whose ``holdings`` are given (the
        sources holding each, ``_holdings``), the highest first, as ``(order, text)``, but those
        ``taken`` and any whose text is one of theirs or of a source before it (``text_digest``:
        spacing aside): a tie goes by name, then by order (names are looked up for ties alone: a
        saved index reads them)."""
        total = len(self)
        scores: dict[int, float] = defaultdict(float)
        for holding in holdings:
            weight = word_weight(total, len(holding))
            for k in holding:
                scores[k] += weight
        keys = {k: -score / math.sqrt(self._sizes[k]) for k, score in scores.items()}
        skipped = {k for k, _ in taken}
        texts = {text_digest(text) for _, text in taken}
        best: list[tuple[int, str]] = []
        # one text indexed twice ties with itself: its copies are met one after another
        for _, tied in groupby(sorted(keys, key=keys.__getitem__), key=keys.__getitem__):
            ranked = list(tied)
            if len(ranked) > 1:
                ranked.sort(key=lambda k: (self._name(k), k))
            for k in ranked:
                if k in skipped or (digest := text_digest(text := self._text(k))) in texts:
                    continue
                texts.add(digest)
                best.append((k, text))
                if len(best) == count:
                    return best
        return best

    def _postings(self, words: set[str], limit: int) -> Iterator[Sequence[int]]:
        """The sources holding each of ``words`` that at least one and at most ``limit`` hold."""
        for word in words:
            holding = self._holding.get(word, ())
            if 0 < len(holding) <= limit:
                yield holding

    def _name(self, k: int) -> str:
        return self._names[k]

    def _text(self, k: int) -> str:
        return self._texts[k]

    def _holders(self, text: str) -> list[str]:
        """The names of every source that is ``text`` (``same_text_key``), by name (then order)."""
        held = self._same_text.get(text_digest(text), ())
        return [self._names[k] for k in sorted(held, key=lambda k: (self._names[k], k))]


def same_text_key(text: str) -> str:
    """What makes two texts the same text: their words and punctuation in order, spacing aside (one
    story saved with other line ends, or without the newline another file ends with)."""
    return " ".join(text.split())


def text_digest(text: str) -> bytes:
    """A digest of ``same_text_key(text)``: equal for the same text, and 128 bits, so that two
    different texts among a billion share one with odds under 1e-20."""
    return hashlib.sha256(same_text_key(text).encode("utf-8", "surrogatepass")).digest()[:16]


def distinct_words(text: str) -> tuple[set[str], int]:
    """The words a text is indexed and searched by (each counted word's normal form, once), and how
    many words it counts."""
    norms = counted_norms(text)
    return set(norms), len(norms)


def _indexed_words(what: str, text: str) -> set[str]:
    """The words a text is indexed or searched by, a text of more than ``pipeline.MAX_WORDS`` words
    refused (``TextTooLong``, ``what`` naming it): no copy could be aligned with it."""
    words, count = distinct_words(text)
    refuse_too_long(what, count)
    return words


# A saved index: an SQLite file, so that an archive is indexed once and opened in a moment. Its
# sources' sizes are read when it opens (the candidate score weighs by them, for every source a
# word of the copy reaches); names, texts and each word's sources are read as a copy needs them.
# The texts have a table of their own, so that reading the sizes does not read the archive; each
# with its digest, indexed, to find the other names a text is held under (version 3).
SAVED_FORMAT = "unspin source index"
SAVED_VERSION = "3"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_WORDS_PER_QUERY = 500  # under SQLite's limit on a statement's parameters
# Postings (4 bytes each) a build holds before it stages them in the file: a build's memory stays
# bounded whatever the archive (an archive of a million news articles has some 300 million).
STAGED_POSTINGS = 1 << 24

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (id INTEGER PRIMARY KEY, name TEXT NOT NULL, size INTEGER NOT NULL);
CREATE TABLE texts (id INTEGER PRIMARY KEY, digest BLOB NOT NULL, text TEXT NOT NULL);
CREATE TABLE postings (word TEXT PRIMARY KEY, holding INTEGER NOT NULL, ids BLOB NOT NULL) WITHOUT ROWID;
"""
# made once the sources are in (sorting at the end is quicker than keeping them sorted)
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS sources_by_name ON sources (name)",
    "CREATE INDEX IF NOT EXISTS texts_by_digest ON texts (digest)",
)


class SavedIndexError(ValueError):
    """A file that is no saved index of this version, or an index that cannot be written there."""


def is_saved_index(path: str) -> bool:
    """Whether ``path`` is an SQLite file (a saved index, if any: ``SavedSourceIndex`` says)."""
    try:
        with open(path, "rb") as file:
            return file.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


class Saved(NamedTuple):
    """What ``save_index`` did: texts added, texts it had under their name replaced by a new text,
    and texts it had already as they are."""

    added: int
    replaced: int = 0
    unchanged: int = 0


def save_index(path: str, sources: Iterable[tuple[str, str]], add: bool = False, workers: int = 1) -> Saved:
    """Index ``(name, text)`` pairs as ``SourceIndex`` does into the SQLite file ``path``, or with
    ``add`` add them to the index saved there: a text under a name it has replaces that one's (an
    article corrected since), or is left out if it is the same (a folder added again adds only
    what is new).

    The texts go to the file as they come, and their words' postings, a few bytes each, in batches
    (``STAGED_POSTINGS``) merged at the end. A new index is written beside ``path`` and put in its
    place when done, so that a build that fails leaves what was there; a file there that is no saved
    index is not replaced (``SavedIndexError``). Open it with ``SavedSourceIndex``. ``workers``
    processes read the texts' words (most of a build's time), this one writes the file."""
    exists = os.path.exists(path)
    if add and not exists:
        raise SavedIndexError(f"{path}: no saved index to add to")
    if exists and not is_saved_index(path):
        raise SavedIndexError(
            f"{path}: not an index saved by unspin index" + ("" if add else ", so not replaced")
        )
    target = path if add else f"{path}.{os.getpid()}.partial"
    db = _connect(target)
    try:
        if add:
            _checked(db, path)
        else:
            db.executescript(_SCHEMA)
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)", [("format", SAVED_FORMAT), ("version", SAVED_VERSION)]
            )
        changes = _PostingChanges(db)
        k = first = _next_id(db)
        replaced = unchanged = 0

        def new_or_changed(items: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
            # a text the index has as it is is left out before its words are read (a text named twice
            # in one run may still be on its way to the file: checked again below)
            nonlocal unchanged
            for name, text in items:
                if _stored_named(db, name)[1] == text:
                    unchanged += 1
                else:
                    yield name, text

        for name, text, (words, count) in _with_words(new_or_changed(sources) if add else sources, workers):
            old, before = _stored_named(db, name) if add else (None, None)
            if before == text:
                unchanged += 1
                continue
            refuse_too_long(f"source {name}", count)
            if old is None:
                db.execute("INSERT INTO sources VALUES (?, ?, ?)", (k, name, len(words)))
                db.execute("INSERT INTO texts VALUES (?, ?, ?)", (k, text_digest(text), text))
                changes.gain(words, k)
                k += 1
                continue
            db.execute("UPDATE sources SET size = ? WHERE id = ?", (len(words), old))
            db.execute("UPDATE texts SET digest = ?, text = ? WHERE id = ?", (text_digest(text), text, old))
            had, _ = distinct_words(before or "")
            changes.gain(words - had, old)
            changes.lose(had - words, old)
            replaced += 1
        changes.write(fresh=not add)
        for index in _INDEXES:
            db.execute(index)
        db.commit()
    except BaseException:
        db.close()
        if not add:
            os.remove(target)
        raise
    db.close()
    if not add:
        os.replace(target, path)
    return Saved(k - first, replaced, unchanged)


# Texts sent to a worker at once, and chunks in flight per worker: enough to keep the workers busy
# while the file is written, few enough that a long archive is never read far ahead of it.
_TEXTS_PER_CHUNK = 64
_CHUNKS_PER_WORKER = 4


def _with_words(
    sources: Iterable[tuple[str, str]], workers: int
) -> Iterator[tuple[str, str, tuple[set[str], int]]]:
    """``(name, text, distinct_words(text))`` of each source in order, read by ``workers`` processes."""
    if workers <= 1:
        for name, text in sources:
            yield name, text, distinct_words(text)
        return
    iterator = iter(sources)
    with multiprocessing.Pool(workers) as pool:
        pending: deque[tuple[list[tuple[str, str]], AsyncResult]] = deque()
        while chunk := list(islice(iterator, _TEXTS_PER_CHUNK)):
            pending.append((chunk, pool.apply_async(_words_of, ([text for _, text in chunk],))))
            if len(pending) >= workers * _CHUNKS_PER_WORKER:
                yield from _joined(*pending.popleft())
        while pending:
            yield from _joined(*pending.popleft())


def _joined(
    chunk: list[tuple[str, str]], words: AsyncResult
) -> Iterator[tuple[str, str, tuple[set[str], int]]]:
    return ((name, text, found) for (name, text), found in zip(chunk, words.get()))


def _words_of(texts: list[str]) -> list[tuple[set[str], int]]:
    return [distinct_words(text) for text in texts]


def remove_from_index(path: str, names: Iterable[str]) -> list[str]:
    """Take every text indexed under each of ``names`` out of the index saved at ``path`` (an
    article withdrawn, or one that is no source); the names it holds no text under are returned.
    The room they took is reused by texts added later; once it is over half the file (most of an
    archive taken out), the file is written again without it (``VACUUM``)."""
    db = _connect(path)
    try:
        _checked(db, path)
        changes = _PostingChanges(db)
        missing = []
        for name in dict.fromkeys(names):
            ids = [k for (k,) in db.execute("SELECT id FROM sources WHERE name = ? ORDER BY id", (name,))]
            if not ids:
                missing.append(name)
            for k in ids:
                changes.lose(distinct_words(_stored_text(db, k))[0], k)
                db.execute("DELETE FROM sources WHERE id = ?", (k,))
                db.execute("DELETE FROM texts WHERE id = ?", (k,))
        changes.write(fresh=False)
        db.commit()
        (free,) = db.execute("PRAGMA freelist_count").fetchone()
        (pages,) = db.execute("PRAGMA page_count").fetchone()
        if free > pages / 2:
            db.execute("VACUUM")
    finally:
        db.close()
    return missing


class _PostingChanges:
    """The sources a build adds to words' postings and takes from them, merged into the file's
    postings by ``write``. What is gained goes to a staging table whenever ``STAGED_POSTINGS`` are
    held; what is lost (texts replaced or removed, a few) stays in memory.

    A posting ends up as the file's, then what was gained, less what was lost: a text given twice
    in one build loses a word it had gained (still staged) and may gain it back (no longer lost)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        db.execute("CREATE TEMP TABLE staged (word TEXT NOT NULL, ids BLOB NOT NULL)")
        self.gained: dict[str, array] = defaultdict(lambda: array("I"))
        self.lost: dict[str, set[int]] = defaultdict(set)
        self.held = 0

    def gain(self, words: Iterable[str], k: int) -> None:
        for word in words:
            if k in self.lost.get(word, ()):
                self.lost[word].discard(k)
            else:
                self.gained[word].append(k)
                self.held += 1
        if self.held >= STAGED_POSTINGS:
            self._stage()

    def lose(self, words: Iterable[str], k: int) -> None:
        for word in words:
            self.lost[word].add(k)

    def _stage(self) -> None:
        rows = ((word, _blob(ids)) for word, ids in self.gained.items())
        self.db.executemany("INSERT INTO staged VALUES (?, ?)", rows)
        self.gained.clear()
        self.held = 0

    def write(self, fresh: bool) -> None:
        """Merge the changes into the postings (``fresh``: the file has none yet)."""
        self._stage()
        db = self.db
        staged = db.execute("SELECT word, ids FROM staged ORDER BY word, rowid")
        by_word = ((word, [ids for _, ids in rows]) for word, rows in groupby(staged, key=itemgetter(0)))
        # the words only lost, taken after the others (``lost`` is emptied as those are written)
        lost_only: Iterator[tuple[str, list[bytes]]] = ((word, []) for word in sorted(self.lost.keys()))
        for word, blobs in chain(by_word, lost_only):
            row = None if fresh else db.execute("SELECT ids FROM postings WHERE word = ?", (word,)).fetchone()
            ids = _ids(b"".join([row[0], *blobs] if row else blobs))
            if (gone := self.lost.pop(word, None)) is not None:
                ids = array("I", (k for k in ids if k not in gone))
            if ids:
                db.execute("INSERT OR REPLACE INTO postings VALUES (?, ?, ?)", (word, len(ids), _blob(ids)))
            elif row:
                db.execute("DELETE FROM postings WHERE word = ?", (word,))
        db.execute("DROP TABLE staged")


def saved_count(path: str) -> int:
    """How many texts the index saved at ``path`` holds (``SavedIndexError`` if it is none), without
    reading their names as opening it does."""
    db = _connect(path)
    try:
        return _checked(db, path)
    finally:
        db.close()


def _connect(path: str) -> sqlite3.Connection:
    try:
        return sqlite3.connect(path)
    except sqlite3.Error as error:
        raise SavedIndexError(f"{path}: {error}") from None


def _checked(db: sqlite3.Connection, path: str) -> int:
    """The number of sources in the saved index ``db``; ``SavedIndexError`` if it is none."""
    try:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        count = db.execute("SELECT count(*) FROM sources").fetchone()[0]
    except sqlite3.Error:
        raise SavedIndexError(f"{path}: not an index saved by unspin index") from None
    if meta.get("format") != SAVED_FORMAT:
        raise SavedIndexError(f"{path}: not an index saved by unspin index")
    if meta.get("version") != SAVED_VERSION:
        raise SavedIndexError(
            f"{path}: an index of version {meta.get('version')} (this unspin reads {SAVED_VERSION}):"
            " index the sources again"
        )
    return int(count)


def _next_id(db: sqlite3.Connection) -> int:
    # past the last one (a removed text's postings are gone: its id may be given again)
    return int(db.execute("SELECT coalesce(max(id) + 1, 0) FROM sources").fetchone()[0])


def _first_named(db: sqlite3.Connection, name: str) -> int | None:
    row = db.execute("SELECT id FROM sources WHERE name = ? ORDER BY id LIMIT 1", (name,)).fetchone()
    return None if row is None else int(row[0])


def _stored_named(db: sqlite3.Connection, name: str) -> tuple[int | None, str | None]:
    """The id and text of the (first) text stored under ``name``; ``(None, None)`` if none is."""
    k = _first_named(db, name)
    return (None, None) if k is None else (k, _stored_text(db, k))


def _stored_text(db: sqlite3.Connection, k: int) -> str:
    return str(db.execute("SELECT text FROM texts WHERE id = ?", (k,)).fetchone()[0])


def _blob(ids: array) -> bytes:
    if sys.byteorder == "big":  # saved little-endian, whatever the machine
        ids = array("I", ids)
        ids.byteswap()
    return ids.tobytes()


def _ids(blob: bytes) -> array:
    ids = array("I", blob)
    if sys.byteorder == "big":
        ids.byteswap()
    return ids


class SavedSourceIndex(SourceIndex):
    """A ``SourceIndex`` saved by ``save_index`` (``unspin index``), read from its file: the same
    candidates and traces as the index it was made from. Pickled, it is its path: each process
    (a batch's workers) opens it for itself; Spark sends the file itself (``unspin.spark``)."""

    def __init__(self, path: str) -> None:
        """Open the index saved at ``path`` (``SavedIndexError`` if it is none): its sources' sizes
        are read now, the rest as copies need it."""
        self.path = path
        db = _connect(path)
        try:
            self._count = _checked(db, path)
            sizes = array("I", bytes(4 * _next_id(db)))  # a removed text's id keeps size 0
            for k, size in db.execute("SELECT id, size FROM sources"):
                sizes[k] = size
        finally:
            db.close()
        self._sizes = sizes
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def __len__(self) -> int:
        return self._count

    @property
    def names(self) -> list[str]:
        """The names of the texts, in the order indexed (read from the file: all of them)."""
        return [name for (name,) in self._connection().execute("SELECT name FROM sources ORDER BY id")]

    def text_of(self, name: str) -> str:
        k = _first_named(self._connection(), name)
        if k is None:
            raise KeyError(name)
        return self._text(k)

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():  # a connection is not to cross a fork
            uri = f"file:{urllib.parse.quote(self.path)}?mode=ro"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)  # a server reads it in threads
            self._pid = os.getpid()
        return self._db

    def _postings(self, words: set[str], limit: int) -> Iterator[Sequence[int]]:
        db, ordered = self._connection(), sorted(words)
        for start in range(0, len(ordered), _WORDS_PER_QUERY):
            chunk = ordered[start : start + _WORDS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT ids FROM postings WHERE word IN ({marks}) AND holding <= ?"
            for (blob,) in db.execute(query, (*chunk, limit)):
                yield _ids(blob)

    def _name(self, k: int) -> str:
        return str(self._connection().execute("SELECT name FROM sources WHERE id = ?", (k,)).fetchone()[0])

    def _text(self, k: int) -> str:
        return _stored_text(self._connection(), k)

    def _holders(self, text: str) -> list[str]:
        query = "SELECT name FROM texts JOIN sources USING (id) WHERE digest = ? ORDER BY name, id"
        return [name for (name,) in self._connection().execute(query, (text_digest(text),))]
