"""Restoration: choose the original wording of a spun region jointly, word by word in context.

Detection scores small windows; restoration then decodes the whole flagged region with a
noisy-channel beam search. Each word either stays or goes back to one of the heads that list it
as a synonym; a path is scored by the bigram language model (with the words around the region)
plus the chance that a spinner made each substitution. "profound learning" and "profound
understanding" then restore differently, because the neighbour decides what "profound" stood for.
"""

from __future__ import annotations

from dataclasses import dataclass

from unspin.candidates import WordOptions
from unspin.language_model import sequence_score, transition, unigram

BEAM = 12
CHOICES_PER_WORD = 25


@dataclass(frozen=True, slots=True)
class Path:
    words: tuple[str, ...]  # one item per region word; an item may be multiword
    score: float  # log10: language model in context + channel

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _choices(word: str, options: WordOptions) -> list[tuple[str, float]]:
    # word for word: a multiword original comes from whole-window candidates, where the thesaurus
    # links the phrase itself; here a phrase for a word mostly inserts noise ("playing area unit")
    changed = [(head, options.cost[head]) for head in options.links if " " not in head]
    # keep the options a spinner most likely started from: common, and with few synonyms
    changed.sort(key=lambda item: -(item[1] + unigram(item[0].split(" ")[0])))
    return [(word, 0.0)] + changed[:CHOICES_PER_WORD]


def decode(
    words: tuple[str, ...],
    options: list[WordOptions],
    left: str | None,
    right: str | None,
    top: int = 5,
) -> list[Path]:
    """The ``top`` best restorations of ``words`` (the unchanged region is always a candidate)."""
    beams: list[Path] = [Path((), 0.0)]
    for word, opts in zip(words, options):
        extended = []
        for path in beams:
            previous = path.words[-1].split(" ")[-1] if path.words else left
            for head, cost in _choices(word, opts):
                parts = head.split(" ")
                entry = transition(previous, parts[0]) if previous else unigram(parts[0])
                extended.append(Path(path.words + (head,), path.score + cost + entry + sequence_score(parts)))
        extended.sort(key=lambda p: -p.score)
        beams = extended[:BEAM]
    if right:
        beams = [Path(p.words, p.score + transition(p.words[-1].split(" ")[-1], right)) for p in beams]
    beams.sort(key=lambda p: -p.score)
    unique: dict[tuple[str, ...], Path] = {}
    for path in beams:
        unique.setdefault(path.words, path)
    return list(unique.values())[:top]
