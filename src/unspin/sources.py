"""Which of many texts a copy was spun from: the sources you hold, ranked against a copy.

A publisher whose articles are spun and republished, or a team holding a wire service's stories,
holds the sources but not the pairing: a site's copy could come from any of thousands of them.
:class:`SourceIndex` indexes the sources' words once; :meth:`SourceIndex.likely_sources` keeps the
few sources that share the most of a copy's rarer words (a spinner swaps words but keeps most of
them, names and numbers above all), aligns the copy with each (:func:`unspin.comparison.align`)
and ranks them by the share of the copy's words each has in order or in passages moved whole.

    >>> index = SourceIndex([("a", "The council approved the budget on Tuesday after a long debate."),
    ...                      ("b", "Heavy rain closed the coastal road for a second day.")])
    >>> best = index.likely_sources("The council sanctioned the budget on Tuesday after a lengthy debate.")[0]
    >>> best.name, round(best.shared_share, 2), best.likely
    ('a', 0.82, True)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from unspin.comparison import Alignment, align, require_alignable
from unspin.tokens import COUNTED_KINDS, Token, tokenize

# Sources aligned with a copy: those with the most weighted words in common with it. The one it
# was spun from shares its names and rare words, so it is among the first few.
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


def distinct_words(text: str) -> set[str]:
    """The words a text is indexed and searched by: each counted word's normal form, once."""
    return _norms(tokenize(text))


def _norms(tokens: list[Token]) -> set[str]:
    return {token.norm for token in tokens if token.kind in COUNTED_KINDS}


def holding_limit(count: int) -> int:
    """Among ``count`` sources, the most that may hold a word for it to weigh in choosing candidates."""
    return max(CANDIDATES, min(count // 10, MAX_HOLDING))


def word_weight(count: int, holding: int) -> float:
    """A word's weight in choosing candidates among ``count`` sources, ``holding`` of which have it:
    its idf. A candidate's score is the sum of the weights of the copy's words it has, divided by the
    square root of its own number of distinct words (a long source holds more words by chance)."""
    return math.log(count / holding)


def ranked_matches(matches: Iterable[SourceMatch], top: int) -> list[SourceMatch]:
    """The ``top`` matches sharing the most of the copy, the most first (then by name)."""
    return sorted(matches, key=lambda match: (-match.shared_share, match.name))[:top]


def trace_fields(matches: Sequence[SourceMatch]) -> dict[str, Any]:
    """``likely_sources``' matches as JSON fields: ``likely_source``, the first if it is likely (else
    null), and ``sources``, each match's fields."""
    likely = matches[0].name if matches and matches[0].likely else None
    return {"likely_source": likely, "sources": [match.to_dict() for match in matches]}


class SourceIndex:
    """Texts that copies may have been spun from, indexed by their words."""

    def __init__(self, sources: Iterable[tuple[str, str]]) -> None:
        """Index ``(name, text)`` pairs; the texts are kept, to align copies with them. A text of more
        than ``pipeline.MAX_WORDS`` words, which no copy could be aligned with, is refused
        (``TextTooLong``)."""
        self.names: list[str] = []
        self.texts: list[str] = []
        self._sizes: list[int] = []  # distinct words of each source
        self._holding: dict[str, list[int]] = defaultdict(list)  # word -> the sources that have it
        for name, text in sources:
            tokens = tokenize(text)
            require_alignable(f"source {name}", tokens)
            words = _norms(tokens)
            for word in words:
                self._holding[word].append(len(self.names))
            self.names.append(name)
            self.texts.append(text)
            self._sizes.append(len(words))

    def __len__(self) -> int:
        return len(self.names)

    def text_of(self, name: str) -> str:
        """The text indexed as ``name`` (the first, if several share it); ``KeyError`` if none is."""
        try:
            return self.texts[self.names.index(name)]
        except ValueError:
            raise KeyError(name) from None

    def likely_sources(self, copy: str, top: int = 3) -> list[SourceMatch]:
        """The ``top`` sources that hold the most of ``copy``'s words, the most first.

        Only the ``CANDIDATES`` sources sharing the most of its words, each weighted by how few
        sources have it (``word_weight``) and scaled by the source's own variety of words, are aligned
        with it; a source sharing none of the words that weigh is not. A copy of more than
        ``pipeline.MAX_WORDS`` words is refused (``TextTooLong``).
        """
        tokens = tokenize(copy)
        require_alignable("copy", tokens)
        candidates = self._candidates(_norms(tokens))
        return ranked_matches(
            [SourceMatch.of(self.names[k], align(self.texts[k], copy)) for k in candidates], top
        )

    def _candidates(self, words: set[str]) -> list[int]:
        count = len(self.names)
        limit = holding_limit(count)
        scores: dict[int, float] = defaultdict(float)
        for word in words:
            holding = self._holding.get(word, ())
            if 0 < len(holding) <= limit:
                weight = word_weight(count, len(holding))
                for k in holding:
                    scores[k] += weight
        ranked = sorted(scores, key=lambda k: (-scores[k] / math.sqrt(self._sizes[k]), self.names[k], k))
        return ranked[:CANDIDATES]
