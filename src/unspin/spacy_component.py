"""unspin as a spaCy pipeline component: ``pip install 'unspin[spacy]'``, then::

    import spacy

    nlp = spacy.blank("en")  # or any English pipeline
    nlp.add_pipe("unspin", config={"min_confidence": 0.9})  # papers: "genre": "manuscript"
    # your own tortured-phrase lists beside the shipped one: "phrase_lists": ["my-finds.tsv"]
    # phrases never to flag (your field's terms): "allow_lists": ["our-terms.txt"]
    doc = nlp(text)
    for span in doc.spans["unspin"]:
        print(span.text, "->", span._.unspin["suggestion"], span._.unspin["confidence"])
    doc._.unspin["verdict"], doc._.unspin["score"]

The factory is registered with spaCy by an entry point, so ``add_pipe("unspin")`` needs no import of
unspin. The component reads ``doc.text`` with the same checker as ``unspin.check`` and uses none of
spaCy's tokens, tags or parses: every pipeline, a blank one included, gets the same records, and
the component can sit anywhere in the pipeline.

What it sets:
- ``doc.spans[spans_key]``: one spaCy ``Span`` labelled ``"spun"`` per unspin span at or above
  ``min_confidence``, in text order. A spaCy span covers whole spaCy tokens: where spaCy splits a
  word differently from unspin, the span grows to the tokens it touches.
- ``span._.unspin``: that span's record as in the report JSON (``start``, ``end`` and ``text`` are
  unspin's exact character offsets and text; ``suggestion``, ``alternatives``, ``confidence``,
  ``evidence``).
- ``doc._.unspin``: the whole report as JSON-ready data (``score``, ``verdict``, ``reasons``, ...).

Both extensions hold plain data, so a ``Doc`` keeps them through ``to_bytes`` and ``DocBin`` (which
give lists back as tuples).
spaCy is imported only by this module: ``import unspin`` never needs it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from functools import partial
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from unspin.batch import ListedCheck
from unspin.fingerprints import read_allow_lists, read_phrase_lists
from unspin.pipeline import (
    DEFAULT_GENRE,
    DEFAULT_MIN_CONFIDENCE,
    Checker,
    default_checker,
    valid_genre,
)

NAME = "unspin"
SPANS_KEY = "unspin"
LABEL = "spun"
EXTENSION = "unspin"


class UnspinComponent:
    """Checks each ``Doc``'s text and records the report on it (see the module docstring)."""

    def __init__(
        self,
        min_confidence: float,
        spans_key: str,
        checker: Checker | None = None,
        genre: str = DEFAULT_GENRE,
        phrase_lists: Sequence[str] = (),
        allow_lists: Sequence[str] = (),
    ):
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, not {min_confidence!r}")
        if checker is not None and (phrase_lists or allow_lists):
            raise ValueError("give a checker or lists, not both")
        self.min_confidence = min_confidence
        self.spans_key = spans_key
        self.genre = valid_genre(genre)
        self.phrase_lists = tuple(phrase_lists)
        self.allow_lists = tuple(allow_lists)
        if phrase_lists or allow_lists:
            # users' own lists (``fingerprints.read_phrase_lists``) beside the shipped one, and the
            # phrases of their allow lists never flagged (``Checker.allowing``)
            extra = read_phrase_lists(phrase_lists, partial(warnings.warn, stacklevel=3))
            checker = ListedCheck(extra, allowed=read_allow_lists(allow_lists)).checker()
        # the process-wide default checker unless told otherwise: its tables load once and are shared
        self.checker = checker if checker is not None else default_checker()
        for holder in (Doc, Span):
            if not holder.has_extension(EXTENSION):
                holder.set_extension(EXTENSION, default=None)

    def __reduce__(self) -> tuple[type, tuple[float, str, None, str, tuple[str, ...], tuple[str, ...]]]:
        # ``nlp.pipe(..., n_process=2)`` pickles the pipeline where processes are spawned (macOS,
        # Windows). A checker holds per-instance caches that cannot be pickled; the default one, or
        # one of lists, is rebuilt in the new process instead, as cheaply as loading it there.
        lists = self.phrase_lists or self.allow_lists
        if not lists and self.checker is not default_checker():
            raise TypeError("an UnspinComponent with its own checker cannot be pickled; use the default one")
        lists = (self.phrase_lists, self.allow_lists)
        return (UnspinComponent, (self.min_confidence, self.spans_key, None, self.genre, *lists))

    def __call__(self, doc: Doc) -> Doc:
        report = self.checker.check(doc.text, self.min_confidence, genre=self.genre)
        record = report.to_dict()
        spans = []
        for found, data in zip(report.spans, record["spans"]):
            # "expand": the smallest run of whole tokens covering the characters; None only for a
            # span of whitespace, which unspin never reports
            span = doc.char_span(found.start, found.end, label=LABEL, alignment_mode="expand")
            if span is None:
                continue
            span._.set(EXTENSION, data)
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.set(EXTENSION, record)
        return doc


@Language.factory(
    NAME,
    default_config={
        "min_confidence": DEFAULT_MIN_CONFIDENCE,
        "spans_key": SPANS_KEY,
        "genre": DEFAULT_GENRE,
        "phrase_lists": [],
        "allow_lists": [],
    },
)
def make_unspin(
    nlp: Language,
    name: str,
    min_confidence: float,
    spans_key: str,
    genre: str,
    phrase_lists: list[str],
    allow_lists: list[str],
) -> UnspinComponent:
    """spaCy's factory for ``nlp.add_pipe("unspin", config={...})``; ``genre`` as in ``unspin.check``,
    ``phrase_lists`` and ``allow_lists`` as ``unspin check --phrase-list`` and ``--allow-list``
    (files read when the pipeline is made)."""
    lists = {"phrase_lists": phrase_lists, "allow_lists": allow_lists}
    return UnspinComponent(min_confidence, spans_key, genre=genre, **lists)


def span_records(doc: Doc, spans_key: str = SPANS_KEY) -> list[dict[str, Any]]:
    """The unspin record of each span the component put in ``doc.spans[spans_key]``."""
    return [span._.get(EXTENSION) for span in doc.spans.get(spans_key, [])]
