"""The pipeline: text -> candidates -> evidence -> decisions -> report."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from unspin.candidates import (
    Candidate,
    Window,
    WordOptions,
    candidates,
    windows,
    word_options,
    word_runs,
    worth_searching,
)
from unspin.decisions import Decision, decide, select, span_model
from unspin.evidence import Assessment, assess
from unspin.fingerprints import Fingerprint, FingerprintIndex, shipped, word_substitutions
from unspin.inflection import case_like, lemma_key
from unspin.report import Alternative, Report, Span
from unspin.tokens import Token, tokenize
from unspin.verdict import document_verdict

DEFAULT_MIN_CONFIDENCE = 0.5


class Checker:
    """A configured detector. ``unspin.check`` uses one built from the shipped resources.

    ``fingerprints`` replaces the shipped tortured-phrase list (cross-validation passes the
    training folds only), and the word substitutions learned from it.
    """

    def __init__(
        self, fingerprints: Iterable[Fingerprint] | None = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE
    ):
        entries = tuple(shipped() if fingerprints is None else fingerprints)
        self.fingerprints = FingerprintIndex.build(entries)
        self.substitutions = word_substitutions(entries)
        self.min_confidence = min_confidence

        self._options: dict[str, WordOptions] = {}

    def options(self, word: str) -> WordOptions:
        found = self._options.get(word)
        if found is None:
            found = self._options[word] = word_options(word, self.substitutions)
        return found

    def assessments(self, tokens: list[Token]) -> list[list[Assessment]]:
        """Every window's scored candidates (before any threshold), windows in text order."""
        keys = [lemma_key(t.norm) if t.kind == "word" else t.norm for t in tokens]
        result = []
        for window in windows(tokens) + self._fingerprint_windows(tokens, keys):
            window_tokens = tokens[window.first : window.last + 1]
            if any(t.text.isupper() and len(t.text) > 1 for t in window_tokens):
                continue  # acronyms are not spun words
            name_like = any(t.is_capitalised and not t.sentence_start for t in window_tokens)
            found = self._fingerprint_candidates(window, keys)
            if worth_searching(window):
                found += candidates(window, [self.options(w) for w in window.words])
            if not found:
                continue
            result.append([assess(window, candidate, name_like) for candidate in found])
        return result

    def _fingerprint_windows(self, tokens: list[Token], keys: list[str]) -> list[Window]:
        """Listed phrases longer than the scanning windows get windows of their own."""
        found = []
        for run in word_runs(tokens):
            run_keys = [keys[i] for i in run]
            for offset in range(len(run)):
                for length, _ in self.fingerprints.match(run_keys, offset):
                    if length > 3:
                        words = tuple(tokens[i].norm for i in run[offset : offset + length])
                        found.append(Window(run[offset], run[offset + length - 1], words, None, None))
        return found

    def _fingerprint_candidates(self, window: Window, keys: list[str]) -> list[Candidate]:
        length = window.last - window.first + 1
        return [
            Candidate((expected,) + ("",) * (length - 1), "fingerprint", ("f",))
            for matched, fingerprint in self.fingerprints.match(keys, window.first)
            if matched == length
            for expected in fingerprint.expected[:1]
        ]

    def decisions(self, text: str) -> tuple[list[Token], list[Decision]]:
        tokens = tokenize(text)
        model = span_model()
        found = [decide(group, model) for group in self.assessments(tokens)]
        return tokens, [d for d in found if d is not None]

    def check(self, text: str) -> Report:
        if not isinstance(text, str):
            raise TypeError(f"check() takes str, not {type(text).__name__}")
        tokens, decisions = self.decisions(text)
        spans = tuple(to_span(text, tokens, d) for d in select(decisions, self.min_confidence))
        words = sum(1 for t in tokens if t.kind in ("word", "number"))
        score, verdict, reasons = document_verdict(tokens, decisions, spans, words)
        return Report(text=text, spans=spans, score=score, verdict=verdict, words=words, reasons=reasons)


def to_span(text: str, tokens: list[Token], decision: Decision) -> Span:
    window = decision.assessment.window
    start, end = tokens[window.first].start, tokens[window.last].end
    surface = text[start:end]
    alternatives = tuple(Alternative(case_like(t, surface), c) for t, c in decision.alternatives)
    return Span(
        start=start,
        end=end,
        text=surface,
        suggestion=alternatives[0].text,
        confidence=decision.confidence,
        alternatives=alternatives,
        evidence=decision.assessment.evidence(surface),
    )


@cache
def default_checker() -> Checker:
    return Checker()


def check(text: str, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Report:
    """Find spun phrases in ``text``; spans below ``min_confidence`` are left out of the report."""
    report = default_checker().check(text)
    spans = tuple(s for s in report.spans if s.confidence >= min_confidence)
    return Report(report.text, spans, report.score, report.verdict, report.words, report.reasons)


def restore(text: str, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> str:
    """``text`` with every span at or above ``min_confidence`` replaced by its suggestion.

    Text outside the edited spans is returned byte for byte; with nothing flagged, the input itself.
    """
    return check(text, min_confidence).restored(min_confidence)
