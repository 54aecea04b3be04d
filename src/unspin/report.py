"""The report: spans with suggestions and evidence, and the pure edit that restores a text."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: str  # "fingerprint" | "thesaurus" | "context" | "learned"
    detail: str


@dataclass(frozen=True, slots=True)
class Alternative:
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str
    suggestion: str
    confidence: float
    alternatives: tuple[Alternative, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "alternatives": [{"text": a.text, "score": round(a.score, 4)} for a in self.alternatives],
            "confidence": round(self.confidence, 4),
            "evidence": [{"kind": e.kind, "detail": e.detail} for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Report:
    text: str
    spans: tuple[Span, ...]
    score: float
    verdict: str  # "spun" | "clean" | "uncertain"
    words: int
    reasons: tuple[str, ...] = field(default=())
    genre: str = "news"  # whose models read the text ("news" | "manuscript")

    def to_dict(self) -> dict:
        from unspin import __version__

        return {
            "unspin": __version__,
            "score": round(self.score, 4),
            "verdict": self.verdict,
            "genre": self.genre,
            "words": self.words,
            "reasons": list(self.reasons),
            "spans": [span.to_dict() for span in self.spans],
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def restored(self, min_confidence: float = 0.0) -> str:
        return apply_spans(self.text, [s for s in self.spans if s.confidence >= min_confidence])

    def restorations(self, min_confidence: float = 0.0) -> list[str]:
        """Ranked restorations of the whole text (a phrase on its own): ``restored`` first, then one
        per alternative of its first span at ``min_confidence``, the other spans at their
        suggestions; none when no span is that confident.

        Varying only the first span keeps the list short and is exact for the usual one-span phrase.
        """
        kept = sorted((s for s in self.spans if s.confidence >= min_confidence), key=lambda s: s.start)
        if not kept:
            return []
        first, rest = kept[0], kept[1:]
        variants = [
            apply_spans(self.text, [replace(first, suggestion=alternative.text), *rest])
            for alternative in first.alternatives
        ]
        return list(dict.fromkeys([self.restored(min_confidence), *variants]))


def apply_spans(text: str, spans: list[Span]) -> str:
    """Replace each span by its suggestion; text outside the spans is copied unchanged."""
    pieces: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < cursor:
            raise ValueError(f"overlapping spans at {span.start}")
        pieces.append(text[cursor : span.start])
        pieces.append(span.suggestion)
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)
