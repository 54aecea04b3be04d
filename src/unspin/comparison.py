"""A spun text against its source: what the spinner rewrote, and what unspin found without the source.

A plagiarism or research-integrity team often holds the likely source of a spun copy. Word for word
the two hardly match, which is why the copy got past a plagiarism check; aligned as the spinner
wrote them, in order, they do. ``align`` recovers the spinner's edits (each with offsets in both
texts, as :class:`unspin.spin.Edit` records a spin's); ``compare`` also checks the spun text as
unspin always does, without the source, and says for each edit whether a span found it and where
the original wording stands among the span's restorations. The edits are then the evidence a
reader can check against both texts, and the outcomes measure unspin on real spins wherever a
source is known.

    >>> alignment = align("The meeting was short.", "The gathering was short.")
    >>> [(edit.text, edit.original) for edit in alignment.edits]
    [('gathering', 'meeting')]
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import Any

from unspin.evaluate import TOP_K, overlaps, restoration_rank
from unspin.pipeline import (
    DEFAULT_GENRE,
    DEFAULT_MIN_CONFIDENCE,
    MAX_WORDS,
    Checker,
    TextTooLong,
    default_checker,
)
from unspin.report import Report, Span
from unspin.spin import Edit
from unspin.tokens import COUNTED_KINDS, Token, tokenize, word_count

# Gaps between anchors up to this many token pairs are aligned by difflib at once (its time grows
# with the product); longer ones are cut at tokens found once on each side first.
_DIRECT_PAIRS = 250_000

# Quotation marks a republishing bot may straighten or curl: not a rewording.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "`": "'"})


@dataclass(frozen=True, slots=True)
class Alignment:
    """A spun text aligned with its source, token by token, in order."""

    original: str
    spun: str
    edits: tuple[Edit, ...]  # sorted; offsets in both texts; a deletion is empty in the spun text
    words: int  # words of the spun text
    shared_words: int  # of them, words the source has at the same place in the alignment

    @property
    def shared_share(self) -> float:
        """The share of the spun text's words that are the source's, in its order."""
        return self.shared_words / self.words if self.words else 0.0

    @property
    def rewritten(self) -> tuple[Edit, ...]:
        """The edits that put words of the spinner's in place of the source's: not a bare deletion, nor
        a change of punctuation alone."""
        return tuple(edit for edit in self.edits if any(c.isalnum() for c in edit.text))


def _key(token: Token) -> str:
    # case, typographic apostrophes and quotation marks say nothing about rewording
    return token.norm.translate(_QUOTES)


def align(original: str, spun: str) -> Alignment:
    """The edits that turn ``original`` into ``spun``, with offsets in both texts.

    Tokens are compared lower-cased, their apostrophes and quotation marks folded; whitespace is
    not compared. Each edit covers a maximal run of tokens that differ between two tokens the texts
    share: a replacement ("meeting" → "gathering"), an insertion (``original`` empty) or a deletion
    (``text`` empty; placed where the next shared token starts). A text of more than
    ``pipeline.MAX_WORDS`` words is refused (``TextTooLong``), as a check refuses it.
    """
    source, copy = tokenize(original), tokenize(spun)
    for name, tokens in (("source", source), ("copy", copy)):
        if (words := word_count(tokens)) > MAX_WORDS:
            raise TextTooLong(
                f"the {name} has {words:,} words: more than the {MAX_WORDS:,} a comparison aligns at"
                " once; compare it in parts (chapters, say)"
            )
    pairs = _shared(list(map(_key, source)), list(map(_key, copy)))
    edits = []
    previous = (-1, -1)
    for i, j in [*pairs, (len(source), len(copy))]:
        if i > previous[0] + 1 or j > previous[1] + 1:
            edits.append(
                _edit(
                    original, spun, source[previous[0] + 1 : i], copy[previous[1] + 1 : j], source, copy, i, j
                )
            )
        previous = (i, j)
    shared_words = sum(copy[j].kind in COUNTED_KINDS for _, j in pairs)  # counted as word_count counts
    return Alignment(original, spun, tuple(edits), word_count(copy), shared_words)


def _edit(
    original: str,
    spun: str,
    removed: Sequence[Token],
    added: Sequence[Token],
    source: Sequence[Token],
    copy: Sequence[Token],
    next_source: int,
    next_copy: int,
) -> Edit:
    """The edit that puts ``added`` in place of ``removed``; an empty side sits where the next shared
    token starts (the text's end after the last one)."""
    start, end = _extent(added, copy, next_copy, len(spun))
    original_start, original_end = _extent(removed, source, next_source, len(original))
    return Edit(
        start, end, spun[start:end], original[original_start:original_end], original_start, original_end
    )


def _extent(run: Sequence[Token], tokens: Sequence[Token], following: int, length: int) -> tuple[int, int]:
    if run:
        return run[0].start, run[-1].end
    position = tokens[following].start if following < len(tokens) else length
    return position, position


def _shared(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` with ``a[i] == b[j]``, increasing on both sides: the alignment."""
    pairs: list[tuple[int, int]] = []
    _align_between(a, b, 0, len(a), 0, len(b), pairs)
    return pairs


def _align_between(
    a: list[str], b: list[str], a0: int, a1: int, b0: int, b1: int, out: list[tuple[int, int]]
) -> None:
    """Append the aligned pairs of ``a[a0:a1]`` and ``b[b0:b1]`` to ``out``, in order.

    Short stretches go to difflib whole (no junk heuristic: "the" and "of" anchor a spin's kept
    words too). A long one is first cut at the tokens found exactly once on each side whose order
    agrees (the longest increasing run of them, as patience diff does), so that the time stays
    near linear in the text's length however long it is.
    """
    if a0 == a1 or b0 == b1:
        return
    too_long = (a1 - a0) * (b1 - b0) > _DIRECT_PAIRS
    if too_long:
        anchors = _unique_anchors(a, b, a0, a1, b0, b1)
        if anchors:
            for i, j in anchors:
                _align_between(a, b, a0, i, b0, j, out)
                out.append((i, j))
                a0, b0 = i + 1, j + 1
            _align_between(a, b, a0, a1, b0, b1, out)
            return
    # a long stretch with no anchor (no token found once on each side) takes difflib's junk
    # heuristic, whose time stays bounded, rather than a quadratic search
    matcher = SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=too_long)
    for i, j, size in matcher.get_matching_blocks():
        out.extend((a0 + i + k, b0 + j + k) for k in range(size))


def _unique_anchors(a: list[str], b: list[str], a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int]]:
    """Pairs of positions of the tokens found once in ``a[a0:a1]`` and once in ``b[b0:b1]``, the
    longest run of them whose order agrees on both sides."""
    in_a = Counter(a[a0:a1])
    in_b = Counter(b[b0:b1])
    where_b = {b[j]: j for j in range(b0, b1) if in_b[b[j]] == 1}
    candidates = [(i, where_b[a[i]]) for i in range(a0, a1) if in_a[a[i]] == 1 and a[i] in where_b]
    return _longest_increasing(candidates)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (increasing on the first) increasing on the second."""
    tails: list[int] = []  # tails[k]: index into pairs of the smallest end of a run of length k + 1
    before: list[int] = [-1] * len(pairs)
    ends: list[int] = []  # the second values at ``tails``, for bisection
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(ends, j)
        before[index] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(index)
            ends.append(j)
        else:
            tails[k] = index
            ends[k] = j
    run = []
    index = tails[-1] if tails else -1
    while index >= 0:
        run.append(pairs[index])
        index = before[index]
    return run[::-1]


@dataclass(frozen=True, slots=True)
class EditOutcome:
    """What unspin, without the source, made of one of the spinner's edits."""

    edit: Edit
    span: Span | None  # the first reported span that overlaps it
    restored_rank: int | None  # 1-5: the original wording's place among those spans' restorations

    @property
    def flagged(self) -> bool:
        return self.span is not None

    def describe(self) -> str:
        """What unspin made of the rewording: ``not flagged``, or ``flagged "span" → suggestion,``
        then ``restored`` (first), ``restoration k`` (k-th) or ``not restored so``."""
        if self.span is None:
            return "not flagged"
        rank = self.restored_rank
        restored = "restored" if rank == 1 else f"restoration {rank}" if rank else "not restored so"
        return f'flagged "{" ".join(self.span.text.split())}" → {self.span.suggestion}, {restored}'

    def to_dict(self) -> dict[str, Any]:
        found = None if self.span is None else {"start": self.span.start, "end": self.span.end}
        suggestion = None if self.span is None else self.span.suggestion
        return {
            **asdict(self.edit),
            "span": found,
            "suggestion": suggestion,
            "restored_rank": self.restored_rank,
        }


@dataclass(frozen=True)
class Comparison:
    """A spun text against its source: the spinner's edits and unspin's report of the spun text."""

    alignment: Alignment
    report: Report  # of the spun text, checked without the source
    outcomes: tuple[EditOutcome, ...]  # one per rewritten edit, in order
    spans_on_shared_words: tuple[Span, ...]  # reported spans over no rewritten word
    # the copy with the spans put back as unspin restores it: the share of its words that are the
    # source's, in order (``shared_share`` of the copy as it is, after ``restore``)
    restored_shared_share: float

    @property
    def flagged(self) -> int:
        return sum(outcome.flagged for outcome in self.outcomes)

    def restored(self, within: int = 1) -> int:
        """How many edits unspin restored to the source's wording, first (or among its first ``within``)."""
        return sum(o.restored_rank is not None and o.restored_rank <= within for o in self.outcomes)

    @classmethod
    def of(cls, alignment: Alignment, report: Report, min_confidence: float) -> Comparison:
        """The comparison of the spans of ``report`` (a check of ``alignment.spun``) at
        ``min_confidence`` with the edits of ``alignment``."""
        spans = [span for span in report.spans if span.confidence >= min_confidence]
        rewritten = alignment.rewritten
        outcomes = tuple(
            EditOutcome(
                edit,
                next((span for span in spans if overlaps(span, edit)), None),
                restoration_rank(spans, edit, rewritten),
            )
            for edit in rewritten
        )
        unexplained = tuple(span for span in spans if not any(overlaps(span, edit) for edit in rewritten))
        restored = align(alignment.original, report.restored(min_confidence)) if spans else alignment
        return cls(alignment, report, outcomes, unexplained, restored.shared_share)

    def to_dict(self, with_report: bool = True) -> dict[str, Any]:
        """The comparison as JSON fields: ``edits`` are the rewordings (``outcomes``), ``deletions``
        the source's words the copy left out (a change of punctuation alone is in neither);
        ``with_report`` false leaves the report out (where it is written beside them already, as in
        a batch row)."""
        alignment = self.alignment
        fields = {
            "words": alignment.words,
            "shared_words": alignment.shared_words,
            "shared_share": round(alignment.shared_share, 4),
            "restored_shared_share": round(self.restored_shared_share, 4),
            "edits": [outcome.to_dict() for outcome in self.outcomes],
            "deletions": [asdict(edit) for edit in alignment.edits if not edit.text],
            "flagged": self.flagged,
            "restored": self.restored(),
            f"restored_top{TOP_K}": self.restored(TOP_K),
            "spans_on_shared_words": len(self.spans_on_shared_words),
        }
        return {**fields, "report": self.report.to_dict()} if with_report else fields


def compare(
    original: str,
    spun: str,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    genre: str = DEFAULT_GENRE,
    checker: Checker | None = None,
) -> Comparison:
    """Align ``spun`` with its source ``original`` and check ``spun`` as ``unspin.check`` does (the
    source plays no part in the check), scoring the report's spans at ``min_confidence`` against
    the spinner's edits."""
    report = (checker or default_checker()).check(spun, min_confidence, genre=genre)
    return Comparison.of(align(original, spun), report, min_confidence)
