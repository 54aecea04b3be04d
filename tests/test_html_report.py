"""The standalone HTML page of reports: escaped, faithful to the text, one section per text."""

import html
import re
from dataclasses import replace
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

import unspin
from unspin.html_report import marked_text, render_comparison_html, render_html, render_trace_html
from unspin.report import Alternative, Evidence, Report, Span
from unspin.sources import compared_parts


class _Reader(HTMLParser):
    """The character data of a fragment, and the titles and text of its marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: list[str] = []
        self.marks: list[tuple[str, str]] = []
        self._title: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "mark":
            self._title = dict(attrs)["title"]
            self.marks.append((self._title, ""))

    def handle_endtag(self, tag: str) -> None:
        self._title = None

    def handle_data(self, data: str) -> None:
        self.data.append(data)
        if self._title is not None:
            title, text = self.marks[-1]
            self.marks[-1] = (title, text + data)


def _read(fragment: str) -> _Reader:
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    return reader


@st.composite
def texts_with_spans(draw) -> tuple[str, list[Span]]:
    text = draw(st.text(alphabet=st.sampled_from("ab <>&\"'\n\r\t’é"), max_size=40))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))))
    spans = [
        Span(start, end, text[start:end], "x<y", 0.9, (), (Evidence("context", 'a "b" & <c>'),))
        for start, end in zip(cuts[::2], cuts[1::2])
        if start < end
    ]
    return text, spans


@given(texts_with_spans())
@settings(max_examples=200, deadline=None)
def test_the_marked_text_reads_back_as_the_text_with_each_span_marked(case) -> None:
    text, spans = case
    reader = _read(marked_text(text, spans))
    assert "".join(reader.data) == text
    assert [marked for _, marked in reader.marks] == [s.text for s in spans]
    assert all(title.startswith("→ x<y (confidence 0.90)") for title, _ in reader.marks)


def test_a_page_escapes_the_text_and_holds_a_section_and_a_row_per_span() -> None:
    text = "<script>alert(1)</script> A counterfeit consciousness & more."
    span = Span(
        27,
        52,
        "counterfeit consciousness",
        "artificial intelligence",
        0.97,
        (Alternative("artificial intelligence", 0.97), Alternative("false sense", 0.4)),
        (Evidence("fingerprint", "listed <tortured> phrase"),),
    )
    report = Report(text, (span,), 0.91, "spun", 9, ("reason & one",))
    clean = Report("Nothing here.", (), 0.02, "clean", 2, ())
    page = render_html([("a.txt", report), ("b.txt", clean)], 0.9, "9.9")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<section>") == 2 and page.count("<tr><td") == 1
    assert "a.txt: spun (score 0.91, 9 words, 1 spun phrase)" in page
    assert "<td>false sense</td>" in page and "listed &lt;tortured&gt; phrase" in page
    assert "No span at this threshold." in page
    # the default genre, auto
    assert "unspin 9.9, each text by the models of its genre, spans at confidence ≥ 0.9." in page
    with_lists = render_html([("a.txt", report)], 0.5, "9.9", phrase_lists=["mine.tsv", "<b>.tsv"])
    assert (
        "the phrase lists mine.tsv, &lt;b&gt;.tsv beside the shipped one, spans at confidence ≥ 0.5"
        in with_lists
    )
    manuscript = render_html([("a.txt", report)], 0.5, "9.9", genre="manuscript")
    assert "unspin 9.9, manuscript model, spans at confidence ≥ 0.5." in manuscript
    auto = render_html([("a.txt", replace(report, genre="manuscript"))], 0.5, "9.9", genre="auto")
    assert "spun phrase; read as a manuscript)" in auto or "spun phrases; read as a manuscript)" in auto
    # a document with pages (a PDF) gives each span's page under its offsets; one without, none
    paged = render_html([("a.pdf", report), ("b.txt", report)], 0.9, "9.9", page_of=[lambda offset: 4])
    assert paged.count("27–52<br>page 4</td>") == 1 and paged.count("27–52</td>") == 1


def test_a_page_of_a_real_report_marks_exactly_its_spans() -> None:
    report = unspin.check("The counterfeit intelligence beat the chess champion.")
    reader = _read(render_html([("t", report)], 0.9, unspin.__version__))
    assert (
        [text for _, text in reader.marks] == [s.text for s in report.spans] == ["counterfeit intelligence"]
    )


def test_a_comparison_page_marks_each_rewording_by_what_unspin_made_of_it():
    source = "Machine learning and deep learning help the hospital read scans, the board said <ok>."
    copy = "Machine learning and profound learning help the hospital read scans, the panel said <ok>."
    page = render_comparison_html([("copy.txt", unspin.compare(source, copy))], "a<b>.txt", 0.8, "9.9")
    assert "a&lt;b&gt;.txt" in page and "<b>" not in page and "<ok>" not in page
    copy_div, source_div = re.findall(r'<div class="text">(.*?)</div>', page, re.DOTALL)
    copy_read, source_read = _read(copy_div), _read(source_div)
    assert "".join(copy_read.data) == copy and "".join(source_read.data) == source  # both faithful
    assert [text for _, text in copy_read.marks] == ["profound", "panel"]
    assert (
        copy_read.marks[0][0] == 'source: deep\nunspin: flagged "profound learning" → deep learning, restored'
    )
    assert copy_read.marks[1][0] == "source: board\nunspin: not flagged"
    assert '<mark class="restored"' in copy_div and '<mark class="missed"' in copy_div
    assert [text for _, text in source_read.marks] == ["deep", "board"]
    assert page.count("<tr>") == 3  # the header and a row per rewording
    assert "unspin 9.9" in page and "confidence ≥ 0.8" in page


def test_a_trace_page_marks_the_passages_traced_to_each_source():
    budget = "The council approved the new budget after a long debate on Tuesday, the mayor said <ok>."
    flood = "Heavy rain closed the coastal road for a second day, and the river rose above its banks."
    index = unspin.SourceIndex(
        [("a<b>.txt", budget), ("flood.txt", flood), ("other", "Rain fell on the hills.")]
    )
    copy = budget.replace("approved", "sanctioned") + "\n\n" + flood.replace("Heavy", "Torrential")
    trace = index.trace(copy)
    assert len(trace.spun_from) == 2
    compared = compared_parts(copy, trace, index.text_of)
    page = render_trace_html([("copy.txt", copy, trace, compared)], 3, "9.9", 0.8)
    assert "a&lt;b&gt;.txt" in page and "<b>" not in page and "<ok>" not in page
    copy_div = re.findall(r'<div class="text">(.*?)</div>', page, re.DOTALL)[0]
    read = _read(copy_div)
    assert "".join(read.data) == copy  # the copy, faithful, with its two passages marked
    assert read.marks == [
        ("from " + part.name, copy[start:end])
        for part in sorted(trace.spun_from, key=lambda part: part.passages)
        for start, end in part.passages
    ]
    assert '<mark class="part0"' in copy_div and '<mark class="part1"' in copy_div
    assert f"<p>{html.escape(trace.describe(3))}</p>" in page
    assert "confidence ≥ 0.8" in page and "unspin 9.9" in page
    assert "also indexed" not in page  # no source's text is held under another name
    # a source whose text the archive holds under other names too: every one it lists, and the rest counted
    held = replace(trace.spun_from[0], same_text=("site-b/a.txt", "site-c/a.txt"), same_text_count=5)
    held_trace = replace(trace, spun_from=(held, *trace.spun_from[1:]))
    page = render_trace_html([("copy.txt", copy, held_trace, compared)], 3, "9.9", 0.8)
    names = "site-b/a.txt, site-c/a.txt and 3 more"
    assert f"<p>The text of {html.escape(held.name)} is also indexed as {names}.</p>" in page
    # its comparison with each source: the copy marked with the rewordings read against that one
    headings = re.findall(r"<h3>(copy.txt[^<]*)</h3>", page)
    assert headings == [
        html.escape(f"copy.txt{trace.scope(part)} against {part.name}") for part in trace.spun_from
    ]
    compared_divs = re.findall(r'<div class="text">(.*?)</div>', page, re.DOTALL)[1::2]
    for comparison, div in zip(compared, compared_divs):
        assert [text for _, text in _read(div).marks] == [o.edit.text for o in comparison.outcomes]
    marks = {
        part.name: [text for _, text in _read(div).marks] for part, div in zip(trace.spun_from, compared_divs)
    }
    assert marks == {"a<b>.txt": ["sanctioned"], "flood.txt": ["Torrential"]}
    # without a comparison the page says nothing of a check
    plain = render_trace_html([("copy.txt", copy, trace, ())], 3, "9.9")
    assert "<h3>copy.txt" not in plain and "confidence" not in plain
