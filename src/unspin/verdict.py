"""Document verdict: one probability per document that it was machine-spun."""

from __future__ import annotations

from unspin.report import Span
from unspin.tokens import Token

MIN_WORDS = 20


def document_verdict(tokens: list[Token], decisions: list, spans: tuple[Span, ...], words: int):
    """Placeholder rule until the learned verdict lands: density of confident spans."""
    if words == 0:
        return 0.0, "uncertain", ("empty text",)
    density = 1000 * len(spans) / max(words, 1)
    score = min(1.0, density / 20)
    if words < MIN_WORDS and not spans:
        return score, "uncertain", (f"only {words} words",)
    verdict = "spun" if score >= 0.5 else "clean"
    return score, verdict, (f"{len(spans)} spun phrase(s) per {words} words",)
