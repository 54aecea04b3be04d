"""A spun text against its source: what the spinner rewrote, and what unspin found without the source.

A plagiarism or research-integrity team often holds the likely source of a spun copy. Word for word
the two hardly match, which is why the copy got past a plagiarism check; aligned as the spinner
wrote them, in order (and where the copy moved a sentence or a paragraph, at its place in the
source), they do. ``align`` recovers the spinner's edits (each with offsets in both
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

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Container, Sequence
from dataclasses import asdict, dataclass, replace
from difflib import SequenceMatcher
from functools import cached_property
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
from unspin.report import Report, Span, apply_spans
from unspin.spin import Edit
from unspin.tokens import COUNTED_KINDS, Token, ends_a_sentence, tokenize, word_count

# Gaps between anchors up to this many token pairs are aligned by difflib at once (its time grows
# with the product); longer ones are cut at tokens found once on each side first.
_DIRECT_PAIRS = 250_000

# Quotation marks a republishing bot may straighten or curl: not a rewording.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "`": "'"})


# A sentence of at least this many words that the source has at another place, sharing more than
# half its words with it there in order, is moved: reordered sentences and paragraphs are a
# plagiarist's move as much as synonyms are. Shorter ones ("He said no.") share their few words
# with too many others to tell.
MIN_MOVED_WORDS = 8


@dataclass(frozen=True, slots=True)
class Move:
    """A passage of the copy that the source has at another place (sentences or a paragraph moved).

    Its words are aligned with the source's there, and its rewordings are edits like any other.
    """

    start: int  # offsets in the spun text
    end: int
    original_start: int  # offsets in the original text
    original_end: int
    shared_words: int  # the passage's words that the source has there, in order


@dataclass(frozen=True, slots=True)
class Alignment:
    """A spun text aligned with its source, token by token: in order, and passages moved whole."""

    original: str
    spun: str
    edits: tuple[Edit, ...]  # sorted in the spun text; offsets in both texts; a deletion is empty there
    words: int  # words of the spun text
    shared_words: int  # of them, words the source has at the same place in the alignment
    moves: tuple[Move, ...] = ()  # sorted in the spun text
    # passages of the spun text left out of the alignment (``align_leaving_out``): traced to other
    # sources; ``words``, ``shared_words`` and ``edits`` are those of the rest
    left_out: tuple[tuple[int, int], ...] = ()

    @property
    def shared_share(self) -> float:
        """The share of the spun text's words that are the source's, in its order or in a passage
        moved whole."""
        return self.shared_words / self.words if self.words else 0.0

    @property
    def where_shared(self) -> str:
        """Where the shared words stand: "in its order", and in how many passages moved whole."""
        moved = len(self.moves)
        passages = f"{moved} passage{'s' if moved > 1 else ''}"
        return f"in its order or in {passages} it moved" if moved else "in its order"

    @property
    def rewritten(self) -> tuple[Edit, ...]:
        """The edits that put words of the spinner's in place of the source's: not a bare deletion, nor
        a change of punctuation alone."""
        return tuple(edit for edit in self.edits if any(c.isalnum() for c in edit.text))


def _key(token: Token) -> str:
    # case, typographic apostrophes and quotation marks say nothing about rewording
    return token.norm.translate(_QUOTES)


def require_alignable(what: str, tokens: list[Token]) -> None:
    """Refuse (``TextTooLong``) a text of more than ``pipeline.MAX_WORDS`` words, as a check refuses
    it; ``what`` names it in the message."""
    refuse_too_long(what, word_count(tokens))


def refuse_too_long(what: str, words: int) -> None:
    """``require_alignable`` for a text of ``words`` counted words."""
    if words > MAX_WORDS:
        raise TextTooLong(
            f"the {what} has {words:,} words: more than the {MAX_WORDS:,} a comparison aligns at once;"
            " give it in parts (chapters, say)"
        )


@dataclass(frozen=True)
class Tokenized:
    """A text with its tokens and their comparison keys, made once to align it with several texts
    (a copy against each of its candidate sources, ``unspin.sources``)."""

    text: str
    tokens: list[Token]
    keys: list[str]

    @classmethod
    def of(cls, text: str) -> Tokenized:
        tokens = tokenize(text)
        return cls(text, tokens, list(map(_key, tokens)))

    @cached_property
    def sentences(self) -> list[range]:
        """``sentence_ranges`` of the text (made when first needed)."""
        return sentence_ranges(self.tokens, self.text)


def align(original: str | Tokenized, spun: str | Tokenized, find_moves: bool = True) -> Alignment:
    """The edits that turn ``original`` into ``spun``, with offsets in both texts.

    Tokens are compared lower-cased, their apostrophes and quotation marks folded; whitespace is
    not compared. The texts are aligned in order; then each sentence of the copy that this leaves
    mostly unmatched and that the source has at another place (``MIN_MOVED_WORDS`` words or more,
    more than half of them shared in order) is aligned there, with the short sentences beside it
    that the source has beside its own, and the rest in order again without the moved sentences;
    ``moves`` holds the passages so found (none with ``find_moves`` false: in order only).

    Each edit covers a maximal run of tokens that differ between two aligned tokens: a replacement
    ("meeting" → "gathering"), an insertion (``original`` empty) or a deletion (``text`` empty;
    placed where the source's next aligned token stands in the copy). A text of more than
    ``pipeline.MAX_WORDS`` words is refused (``TextTooLong``), as a check refuses it. A text may be
    given ``Tokenized``, to align it with several without tokenizing it each time.
    """
    first = original if isinstance(original, Tokenized) else Tokenized.of(original)
    second = spun if isinstance(spun, Tokenized) else Tokenized.of(spun)
    original, spun = first.text, second.text
    source, copy, a, b = first.tokens, second.tokens, first.keys, second.keys
    require_alignable("source", source)
    require_alignable("copy", copy)
    pairs = _shared(a, b)
    moved = _moved_sentences(first, second, pairs) if find_moves else []
    if moved:
        pairs = _realigned(a, b, moved)
    edits = _edits(original, spun, source, copy, pairs)
    shared_words = sum(copy[j].kind in COUNTED_KINDS for _, j in pairs)  # counted as word_count counts
    moves = tuple(_move(source, copy, passage) for passage in _passages(moved))
    return Alignment(original, spun, edits, word_count(copy), shared_words, moves)


def align_leaving_out(original: str, spun: str, left_out: Sequence[tuple[int, int]]) -> Alignment:
    """``align``, leaving out the passages ``left_out`` of ``spun`` (sorted, disjoint offsets):
    those a trace put down to other sources (``unspin.sources.Trace``). They are blanked (offsets
    stand) so that no word of theirs is aligned with the source or counted; an edit that spans one
    is cut there, its part after the passage an insertion. With nothing left out this is ``align``.
    """
    left_out = tuple(left_out)
    if not left_out:
        return align(original, spun)
    blanked = blank(spun, left_out)
    alignment = align(original, blanked)
    edits = tuple(piece for edit in alignment.edits for piece in _cut(edit, spun, left_out))
    return replace(alignment, spun=spun, edits=edits, left_out=left_out)


def blank(text: str, passages: Sequence[tuple[int, int]]) -> str:
    """``text`` with each of ``passages`` (offsets) blanked: spaces, line breaks kept (paragraphs
    stand), so that every offset indexes the same place."""
    pieces, cursor = [], 0
    for start, end in passages:
        pieces += [text[cursor:start], re.sub(r"[^\n]", " ", text[start:end])]
        cursor = end
    return "".join([*pieces, text[cursor:]])


def _cut(edit: Edit, spun: str, passages: Sequence[tuple[int, int]]) -> list[Edit]:
    """``edit`` (of the blanked text) in its pieces outside ``passages``, each trimmed of the
    blank's whitespace; the first keeps what the edit replaced, the others insert."""
    if edit.start == edit.end:  # a deletion stands where the source's next word does: never blank
        return [edit]
    pieces, cursor = [], edit.start
    for start, end in passages:
        if end <= cursor:
            continue
        if start >= edit.end:
            break
        if start > cursor:
            pieces.append((cursor, start))
        cursor = end
    if cursor < edit.end:
        pieces.append((cursor, edit.end))
    kept: list[Edit] = []
    for start, end in pieces:
        text = spun[start:end]
        if not text.strip():
            continue
        start, end = start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())
        if kept:
            kept.append(Edit(start, end, spun[start:end], "", edit.original_end, edit.original_end))
        else:
            kept.append(replace(edit, start=start, end=end, text=spun[start:end]))
    return kept


def _edits(
    original: str, spun: str, source: list[Token], copy: list[Token], pairs: list[tuple[int, int]]
) -> tuple[Edit, ...]:
    """The edits between the aligned token pairs (sorted by the copy's side, increasing on the
    source's side but across a moved passage's ends)."""
    aligned_in_source = sorted(i for i, _ in pairs)
    edits = []
    replaced: set[int] = set()
    previous = (-1, -1)
    for i, j in [*pairs, (len(source), len(copy))]:
        # the source's tokens between two aligned pairs went where the copy's between them stand,
        # unless a move leaves the two pairs out of order or takes part of what lies between
        first, last = previous[0] + 1, i
        aligned_between = bisect_left(aligned_in_source, last) - bisect_left(aligned_in_source, first)
        between = first < last and not aligned_between
        removed = source[first:last] if between else []
        added = copy[previous[1] + 1 : j]
        if removed or added:
            edits.append(_edit(original, spun, removed, added, source, copy, i, j))
            replaced.update(range(first, last) if between else ())
        previous = (i, j)
    if len(replaced) + len(aligned_in_source) < len(source):  # what a move left out of place
        edits += _deletions(original, spun, source, copy, pairs, replaced)
        edits.sort(key=lambda edit: (edit.start, edit.end, edit.original_start))
    return tuple(edits)


def _deletions(
    original: str,
    spun: str,
    source: list[Token],
    copy: list[Token],
    pairs: list[tuple[int, int]],
    replaced: set[int],
) -> list[Edit]:
    """The source's runs of tokens neither aligned nor replaced, each placed where the source's next
    aligned token stands in the copy (at the copy's end after the last one)."""
    in_copy = dict(pairs)
    left = [i for i in range(len(source)) if i not in in_copy and i not in replaced]
    runs: list[list[int]] = []
    for i in left:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    deletions = []
    for run in runs:
        following = run[-1] + 1
        while following < len(source) and following not in in_copy:
            following += 1
        next_copy = in_copy.get(following, len(copy))
        removed = source[run[0] : run[-1] + 1]
        deletions.append(_edit(original, spun, removed, [], source, copy, following, next_copy))
    return deletions


def sentence_ranges(tokens: list[Token], text: str) -> list[range]:
    """The tokens of each sentence (closing quotes and brackets included), and of each paragraph's
    end where no full stop closes it."""
    sentences = []
    first = 0
    for k, token in enumerate(tokens):
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if (
            following is None
            # (a full stop, or a closing quote after one, and not followed by another)
            or (token.kind == "punct" and _ends_at(tokens, first, k) and not _ends_at(tokens, first, k + 1))
            or text.count("\n", token.end, following.start) > 1
        ):
            sentences.append(range(first, k + 1))
            first = k + 1
    return sentences


def _ends_at(tokens: list[Token], first: int, k: int) -> bool:
    # the last few tokens are enough: a full stop and the closing quotes and brackets after it
    return ends_a_sentence(tokens[max(first, k - 3) : k + 1])


@dataclass(frozen=True, slots=True)
class _MovedSentence:
    copy: range  # token indices of the sentence in the copy
    source: range  # and of the source's sentence it was aligned with
    copy_index: int  # the sentences' places among their text's sentences
    source_index: int
    pairs: list[tuple[int, int]]  # its aligned tokens
    shared_words: int  # of them, words


def _moved_sentences(
    first: Tokenized, second: Tokenized, pairs: list[tuple[int, int]]
) -> list[_MovedSentence]:
    """The copy's sentences that the in-order alignment leaves mostly unmatched and that the source
    has, more than half their words shared, outside the stretch where the alignment would put them;
    and then, of any length, the sentences next to them that the source has next to theirs."""
    source, copy, a, b = first.tokens, second.tokens, first.keys, second.keys
    # mostly unmatched in order: the sentences that may have moved
    source_sentences = first.sentences
    source_words = [_counted(source, sentence) for sentence in source_sentences]
    aligned_source = {i for i, _ in pairs}
    origins = {k for k, counted in enumerate(source_words) if _left_alone(counted, aligned_source)}
    if not origins:
        return []
    aligned_copy = {j: i for i, j in pairs}
    copy_sentences = second.sentences
    copy_words = [_counted(copy, sentence) for sentence in copy_sentences]
    landings = {k for k, counted in enumerate(copy_words) if _left_alone(counted, aligned_copy)}
    source_sets = {k: frozenset(a[i] for i in source_words[k]) for k in origins}
    copy_sets = {k: frozenset(b[j] for j in copy_words[k]) for k in landings}

    def moved(copy_index: int, source_index: int) -> _MovedSentence | None:
        """The two sentences aligned, if they share more than half their words (of the longer one) in
        order."""
        size = len(copy_words[copy_index])
        need = max(size, len(source_words[source_index]))
        words = copy_sets[copy_index]
        # an upper bound of the words they share, cheap to count: the distinct words both have, and
        # every repetition of one
        if 2 * (len(words & source_sets[source_index]) + size - len(words)) <= need:
            return None
        sentence, origin = copy_sentences[copy_index], source_sentences[source_index]
        matched: list[tuple[int, int]] = []
        _align_between(a, b, origin.start, origin.stop, sentence.start, sentence.stop, matched)
        shared = sum(copy[j].kind in COUNTED_KINDS for _, j in matched)
        if 2 * shared <= need:
            return None
        return _MovedSentence(sentence, origin, copy_index, source_index, matched, shared)

    # which long origins hold each word: a sentence of n words that shares more than n / 2 of them
    # with an origin shares one of its n // 2 + 1 rarest (the others are too few), so only the
    # origins that hold one of those are worth aligning ("prefix filtering", as similarity joins do)
    holding: dict[str, list[int]] = defaultdict(list)
    for source_index in sorted(origins):
        if len(source_words[source_index]) >= MIN_MOVED_WORDS:
            for word in source_sets[source_index]:
                holding[word].append(source_index)
    ordered = sorted(aligned_copy)
    found: dict[int, _MovedSentence] = {}  # by the copy's sentence
    taken: set[int] = set()  # the source's sentences aligned with one
    for copy_index in sorted(landings):
        sentence, size = copy_sentences[copy_index], len(copy_words[copy_index])
        if size < MIN_MOVED_WORDS:
            continue
        rarest = sorted(
            (b[j] for j in copy_words[copy_index]), key=lambda word: (len(holding.get(word, ())), word)
        )
        worth = {k for word in rarest[: size // 2 + 1] for k in holding.get(word, ())}
        # the source's stretch between the in-order neighbours: a sentence there is in place
        before, after = bisect_left(ordered, sentence.start), bisect_left(ordered, sentence.stop)
        low = aligned_copy[ordered[before - 1]] if before else -1
        high = aligned_copy[ordered[after]] if after < len(ordered) else len(source)
        candidates = [
            move
            for source_index in sorted(worth - taken)
            if not low < source_sentences[source_index].start < source_sentences[source_index].stop <= high
            and (move := moved(copy_index, source_index)) is not None
        ]
        if candidates:
            best = max(candidates, key=lambda move: move.shared_words)
            found[copy_index] = best
            taken.add(best.source_index)
    # a short sentence moves with its paragraph ("He said so."): beside a moved one on both sides
    grown = bool(found)
    while grown:
        grown = False
        for move in list(found.values()):
            for step in (-1, 1):
                copy_index, source_index = move.copy_index + step, move.source_index + step
                free = source_index in origins and source_index not in taken
                if free and copy_index in landings and copy_index not in found:
                    neighbour = moved(copy_index, source_index)
                    if neighbour is not None:
                        found[copy_index] = neighbour
                        taken.add(source_index)
                        grown = True
    return [found[k] for k in sorted(found)]


def _counted(tokens: list[Token], sentence: range) -> list[int]:
    """The indices of the sentence's tokens that count as words."""
    return [k for k in sentence if tokens[k].kind in COUNTED_KINDS]


def _left_alone(counted: list[int], aligned: Container[int]) -> bool:
    """Whether fewer than half the words (at least one) are aligned."""
    return bool(counted) and 2 * sum(k in aligned for k in counted) < len(counted)


def _realigned(a: list[str], b: list[str], moved: list[_MovedSentence]) -> list[tuple[int, int]]:
    """The moved sentences' pairs, and the rest of both texts aligned in order again without them
    (the first alignment had matched their common words with whatever stood in their place)."""
    in_moves_a = {i for move in moved for i in move.source}
    in_moves_b = {j for move in moved for j in move.copy}
    rest_a = [i for i in range(len(a)) if i not in in_moves_a]
    rest_b = [j for j in range(len(b)) if j not in in_moves_b]
    rest = [(rest_a[x], rest_b[y]) for x, y in _shared([a[i] for i in rest_a], [b[j] for j in rest_b])]
    return sorted(rest + [pair for move in moved for pair in move.pairs], key=lambda pair: pair[1])


def _passages(moved: list[_MovedSentence]) -> list[list[_MovedSentence]]:
    """Moved sentences grouped into passages: consecutive in the copy and in the source alike."""
    passages: list[list[_MovedSentence]] = []
    for sentence in moved:
        last = passages[-1][-1] if passages else None
        places = (sentence.copy_index, sentence.source_index)
        if last and places == (last.copy_index + 1, last.source_index + 1):
            passages[-1].append(sentence)
        else:
            passages.append([sentence])
    return passages


def _move(source: list[Token], copy: list[Token], passage: list[_MovedSentence]) -> Move:
    shared = sum(sentence.shared_words for sentence in passage)
    first, last = passage[0], passage[-1]
    return Move(
        copy[first.copy.start].start,
        copy[last.copy.stop - 1].end,
        source[first.source.start].start,
        source[last.source.stop - 1].end,
        shared,
    )


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
        spans = [
            span
            for span in report.spans
            if span.confidence >= min_confidence
            and not any(span.start < end and start < span.end for start, end in alignment.left_out)
        ]
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
        # the copy as unspin restores it (its spans outside the passages left out) against the source
        restored = (
            align(alignment.original, apply_spans(blank(report.text, alignment.left_out), spans))
            if spans
            else alignment
        )
        return cls(alignment, report, outcomes, unexplained, restored.shared_share)

    def to_dict(self, with_report: bool = True) -> dict[str, Any]:
        """The comparison as JSON fields: ``edits`` are the rewordings (``outcomes``), ``deletions``
        the source's words the copy left out (a change of punctuation alone is in neither), ``moves``
        the passages the copy moved (``Alignment.moves``);
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
            "moves": [asdict(move) for move in alignment.moves],
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
