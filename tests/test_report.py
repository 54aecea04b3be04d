import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.report import Alternative, Evidence, Report, Span, apply_spans


def span(start: int, end: int, text: str, suggestion: str, confidence: float = 0.9) -> Span:
    return Span(
        start,
        end,
        text[start:end],
        suggestion,
        confidence,
        (Alternative(suggestion, confidence),),
        (Evidence("thesaurus", "why"),),
    )


def test_apply_spans_edits_only_inside_spans() -> None:
    text = "a bosom peril study"
    assert apply_spans(text, [span(2, 13, text, "breast cancer")]) == "a breast cancer study"


def test_apply_spans_rejects_overlaps() -> None:
    text = "abcdef"
    with pytest.raises(ValueError):
        apply_spans(text, [span(0, 3, text, "x"), span(2, 4, text, "y")])


@given(st.text(max_size=60), st.data())
@settings(max_examples=100, deadline=None)
def test_restoring_with_the_original_text_is_identity(text: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=6)))
    spans = [span(a, b, text, text[a:b]) for a, b in zip(cuts[::2], cuts[1::2])]
    assert apply_spans(text, spans) == text


def test_report_json_schema_and_threshold() -> None:
    text = "the profound learning model"
    report = Report(text, (span(4, 21, text, "deep learning", 0.7),), 0.9, "spun", 4, ("1 phrase",))
    data = json.loads(report.to_json())
    assert set(data) == {"unspin", "score", "verdict", "genre", "words", "reasons", "spans"}
    assert data["spans"][0]["text"] == text[data["spans"][0]["start"] : data["spans"][0]["end"]]
    assert set(data["spans"][0]) == {
        "start",
        "end",
        "text",
        "suggestion",
        "alternatives",
        "confidence",
        "evidence",
    }
    assert report.restored(0.5) == "the deep learning model"
    assert report.restored(0.8) == text


def test_a_phrases_restorations_vary_its_first_span_shown_and_keep_the_others() -> None:
    text = "bosom peril and profound learning"
    alternatives = (Alternative("breast cancer", 0.9), Alternative("chest risk", 0.1))
    first = Span(0, 11, "bosom peril", "breast cancer", 0.9, alternatives, ())
    second = Span(
        16, 33, "profound learning", "deep learning", 0.95, (Alternative("deep learning", 0.95),), ()
    )
    report = Report(text, (second, first), 0.9, "spun", 5)
    assert report.restorations(0.8) == [
        "breast cancer and deep learning",
        "chest risk and deep learning",  # the suggestion repeated as an alternative is given once
    ]
    assert report.restorations(0.92) == ["bosom peril and deep learning"]  # the first span shown varies
    assert report.restorations(0.99) == []
