import io
import re
import sys
import zipfile

import pytest
from documents import minimal_docx, minimal_pdf
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin import textio
from unspin.textio import InputError, iter_jsonl, read_text


def write(tmp_path, data: bytes, name: str = "input.txt") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def message(path: str) -> str:
    with pytest.raises(InputError) as caught:
        read_text(path)
    text = str(caught.value)
    assert "\n" not in text  # one line, ready for "unspin: error: ..."
    return text


# read_text


def test_reads_utf8_exactly(tmp_path):
    data = "Café au lait.\r\nSecond line\twith a tab".encode()
    assert read_text(write(tmp_path, data)) == data.decode("utf-8")  # no newline translation


def test_empty_input_is_allowed(tmp_path):
    assert read_text(write(tmp_path, b"")) == ""


def test_bom_is_kept_so_offsets_index_the_input(tmp_path):
    text = read_text(write(tmp_path, b"\xef\xbb\xbfHello"))
    assert text == "\ufeffHello"
    assert text.index("Hello") == 1


# PDF: read through its text layer

MANUSCRIPT = [
    ["Results of the experi-", "ment (see Table 1) show a profound", "learning effect."],
    ["Page two."],
]


def test_a_pdf_is_read_through_its_text_layer_page_by_page(tmp_path):
    pytest.importorskip("pypdf")
    path = write(tmp_path, minimal_pdf(MANUSCRIPT), "paper.pdf")
    assert read_text(path) == (
        "Results of the experi-\nment (see Table 1) show a profound\nlearning effect.\n\nPage two."
    )


def test_a_pdf_document_says_where_each_page_starts(tmp_path):
    pytest.importorskip("pypdf")
    pages = [*MANUSCRIPT, [], ["Page four."]]  # an empty page keeps its place
    document = textio.read_document(write(tmp_path, minimal_pdf(pages), "paper.pdf"))
    text = document.text
    assert text == read_text(write(tmp_path, minimal_pdf(pages), "again.pdf"))
    assert document.page_starts == (
        0,
        text.index("Page two."),
        text.index("Page two.") + 11,
        text.index("Page four."),
    )
    assert [document.page_of(text.index(word)) for word in ("Results", "learning", "two", "four")] == [
        1,
        1,
        2,
        4,
    ]
    assert document.page_of(text.index("Page two.") - 1) == 1  # the blank line between is the page's before


def test_a_document_without_pages_cites_none(tmp_path):
    document = textio.read_document(write(tmp_path, b"<p>Hello</p>", "page.html"))
    assert document == textio.Document("Hello")
    assert document.page_of(0) is None


def test_a_pdf_without_a_text_layer_says_so(tmp_path):
    pytest.importorskip("pypdf")
    assert "no text layer" in message(write(tmp_path, minimal_pdf([[], []]), "scan.pdf"))


def test_a_damaged_pdf_says_so_in_one_line(tmp_path):
    pytest.importorskip("pypdf")
    damaged = minimal_pdf(MANUSCRIPT)[:300]
    assert message(write(tmp_path, damaged, "cut.pdf")).startswith(
        f"{tmp_path}/cut.pdf: not a readable PDF ("
    )


def test_an_encrypted_pdf_asks_for_one_without_a_password(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(minimal_pdf(MANUSCRIPT))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    assert "an encrypted PDF" in message(write(tmp_path, locked.getvalue(), "locked.pdf"))


def test_a_pdf_without_pypdf_says_which_extra_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import fails as if not installed
    assert "pip install 'unspin[pdf]'" in message(write(tmp_path, minimal_pdf(MANUSCRIPT), "paper.pdf"))


# Word documents: read through their paragraphs


def test_a_word_document_is_read_paragraph_by_paragraph(tmp_path):
    docx = minimal_docx(["Title", "First paragraph & more\twith a tab", "", "Line one\nline two"])
    assert read_text(write(tmp_path, docx, "paper.docx")) == (
        "Title\n\nFirst paragraph & more\twith a tab\n\nLine one\nline two"
    )


def test_a_zip_that_is_no_word_document_says_so(tmp_path):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.txt", "hello")
    assert "a zip archive but not a Word document" in message(write(tmp_path, archive.getvalue(), "a.zip"))
    assert "not a readable Word document" in message(write(tmp_path, archive.getvalue()[:40], "cut.docx"))


# HTML: read through its visible text

PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Rates &amp; prices</title><style>p {color: red}</style>"
    "<script>if (a < b) { go(); }</script></head>\n<body><nav><a href='/'>Home</a></nav>"
    "<h1>Rates   held</h1><p class='lead'>The bank\n  held its rate,<br>as   expected.</p>"
    "<ul><li>one</li><li>two</li></ul><pre>code  stays\n  as set</pre></body></html>"
)


def test_an_html_page_is_read_through_its_visible_text():
    assert textio.html_text(PAGE) == (
        "Rates & prices\n\nHome\n\nRates held\n\nThe bank held its rate,\nas expected.\n\none\n\ntwo"
        "\n\ncode  stays\n  as set"
    )


@pytest.mark.parametrize(
    ("text", "path", "html"),
    [
        (PAGE, "-", True),
        ("\ufeff  <html lang='en'><p>Hi</p></html>", "-", True),
        ("<p>a fragment</p>", "story.HTML", True),
        ("<p>a fragment</p>", "-", False),  # only a page says so by how it starts
        ("Plain text that mentions <html> later.", "notes.txt", False),
    ],
)
def test_html_is_known_by_its_name_or_its_start(text, path, html):
    assert textio.is_html(text, path) is html


def test_read_text_gives_an_html_files_visible_text(tmp_path):
    assert read_text(write(tmp_path, PAGE.encode(), "page.txt")) == textio.html_text(PAGE)
    assert read_text(write(tmp_path, b"<p>x &lt; y</p>", "frag.htm")) == "x < y"


# A JATS article as journals exchange them: metadata, an abstract, a section with a citation and
# a formula, a figure, a table, acknowledgements and references.
JATS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2//EN" "JATS.dtd">
<article xmlns:mml="http://www.w3.org/1998/Math/MathML" xmlns:xlink="http://www.w3.org/1999/xlink">
<front><journal-meta><journal-title-group><journal-title>J. Things</journal-title></journal-title-group>
</journal-meta><article-meta><article-id pub-id-type="doi">10.1/x</article-id>
<title-group><article-title>Lakes in   winter</article-title></title-group>
<contrib-group><contrib><name><surname>Doe</surname></name></contrib></contrib-group>
<aff>University of Somewhere</aff>
<abstract><p>We measure <italic>ice</italic> on lakes.</p></abstract>
<kwd-group><kwd>ice cover</kwd><kwd>lakes</kwd></kwd-group></article-meta></front>
<body><sec><label>1.</label><title>Introduction</title>
<p>Ice forms <xref ref-type="bibr" rid="r1">[1]</xref> when <inline-formula><mml:math><mml:mi>T</mml:mi>
</mml:math></inline-formula> falls&#160;fast.</p><!-- a comment -->
<fig><label>Figure 1</label><caption><p>A frozen lake.</p></caption><graphic xlink:href="f.png"/></fig>
<table-wrap><label>Table 1</label><caption><title>Depths</title></caption>
<table><tr><td>0.9</td></tr></table></table-wrap></sec></body>
<back><ack><p>We thank the divers.</p></ack>
<ref-list><ref id="r1"><mixed-citation>Smith J. Ice.</mixed-citation></ref></ref-list></back>
</article>"""


def test_a_jats_article_is_read_through_its_prose():
    assert textio.xml_text(JATS, "a.xml") == (
        "Lakes in winter\n\nWe measure ice on lakes.\n\nice cover\n\nlakes\n\nIntroduction\n\n"
        "Ice forms [1] when falls fast.\n\nA frozen lake.\n\nDepths\n\nWe thank the divers."
    )


@pytest.mark.parametrize(
    ("text", "path", "xml"),
    [
        (JATS, "-", True),
        ("<article><p>Hi</p></article>", "paper.nxml", True),
        ("<article><p>Hi</p></article>", "-", False),  # no declaration, no name: plain text
        ("Notes that mention <?xml later.", "notes.txt", False),
    ],
)
def test_xml_is_known_by_its_name_or_its_declaration(text, path, xml):
    assert textio.is_xml(text, path) is xml


def test_read_text_gives_an_xml_files_prose_and_an_xhtml_pages_visible_text(tmp_path):
    assert read_text(write(tmp_path, JATS.encode(), "article.xml")) == textio.xml_text(JATS, "article.xml")
    # other XML texts: their paragraphs and headings (DocBook, TEI)
    assert read_text(
        write(tmp_path, b"<book><title>T</title><para>One <b>two</b>.</para></book>", "b.xml")
    ) == ("T\n\nOne two.")
    xhtml = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><p>x &lt; y</p><p>z</p></html>'
    assert read_text(write(tmp_path, xhtml, "page.xml")) == "x < y\n\nz"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"<article><p>open</article>", "not well-formed XML (mismatched tag: line 1, column 18)"),
        (
            b"<article><p>a&nbsp;b</p></article>",
            "not well-formed XML (undefined entity: line 1, column 13; the DTD is not read: write it as a "
            "numeric reference)",
        ),
    ],
)
def test_xml_that_is_not_well_formed_says_where(tmp_path, content, error):
    with pytest.raises(InputError, match=re.escape(f"bad.xml: {error}") + "$"):
        read_text(write(tmp_path, content, "bad.xml"))


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_xml_text_reads_any_text_or_says_why_not(text):
    try:
        assert isinstance(textio.xml_text("<article>" + text, "a.xml"), str)
    except InputError as error:
        assert str(error).startswith("a.xml: not well-formed XML (") and "\n" not in str(error)


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_html_text_takes_any_text(text):
    assert isinstance(textio.html_text("<html>" + text), str)


def test_missing_file(tmp_path):
    path = str(tmp_path / "nope.txt")
    assert message(path) == f"{path}: no such file"


def test_directory(tmp_path):
    assert "is a directory" in message(str(tmp_path))


def test_binary_content(tmp_path):
    assert "binary content (NUL byte at offset 3)" in message(write(tmp_path, b"abc\x00def"))


def test_utf16_is_named(tmp_path):
    assert "UTF-16" in message(write(tmp_path, "hello".encode("utf-16")))


def test_invalid_utf8_says_the_offset(tmp_path):
    assert "not valid UTF-8 (byte 0xff at offset 6)" in message(write(tmp_path, b"hello \xff world"))


def test_truncated_utf8_sequence(tmp_path):
    assert "offset 4" in message(write(tmp_path, "abcdé".encode()[:-1]))


def test_larger_than_the_limit(tmp_path):
    path = write(tmp_path, b"x" * 11)
    assert read_text(path, limit=11) == "x" * 11
    with pytest.raises(InputError, match="larger than the 10-byte limit"):
        read_text(path, limit=10)


def test_default_limit_is_the_module_constant(tmp_path, monkeypatch):
    monkeypatch.setattr(textio, "MAX_BYTES", 4)
    assert "4-byte limit" in message(write(tmp_path, b"12345"))


def test_dash_reads_stdin_bytes(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"from stdin\r\n")))
    assert read_text("-") == "from stdin\r\n"


def test_bad_stdin_is_named(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x80")))
    with pytest.raises(InputError, match=r"^<stdin>: not valid UTF-8"):
        read_text("-")


def test_input_error_is_a_value_error():
    assert issubclass(InputError, ValueError)


# iter_jsonl


def rows(data: bytes, **kwargs) -> list:
    return list(iter_jsonl(io.BytesIO(data), **kwargs))


def test_good_rows():
    assert rows(b'{"id": 1, "text": "a"}\n{"text": "b"}') == [
        (1, {"id": 1, "text": "a"}, None),
        (2, {"text": "b"}, None),
    ]


def test_blank_lines_are_skipped_but_counted():
    assert [line for line, _, _ in rows(b'\n{"text": "a"}\n  \r\n{"text": "b"}\n')] == [2, 4]


def test_crlf_and_leading_bom():
    assert rows(b'\xef\xbb\xbf{"text": "a"}\r\n') == [(1, {"text": "a"}, None)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"not json", "invalid JSON"),
        (b'{"text": "a"', "invalid JSON"),
        (b"[1, 2]", "row is a JSON array, not an object"),
        (b'"text"', "row is a JSON string, not an object"),
        (b"null", "row is a JSON null, not an object"),
        (b'{"id": 3}', 'missing "text" field'),
        (b'{"text": 3}', '"text" must be a string, not number'),
        (b'{"text": null}', '"text" must be a string, not null'),
        (b'{"text": ["a"]}', '"text" must be a string, not array'),
        (b'{"text": "a\\ud800"}', "unpaired surrogate"),
        (b'{"text": "caf\xe9"}', "not valid UTF-8 (byte offset 13 in the line)"),
    ],
)
def test_malformed_rows_give_an_error_not_an_exception(line, expected):
    [(line_no, _, error)] = rows(line + b"\n")
    assert line_no == 1
    assert expected in error


def test_an_error_row_keeps_the_object_for_its_id():
    assert rows(b'{"id": "x", "text": 3}') == [
        (1, {"id": "x", "text": 3}, '"text" must be a string, not number')
    ]


def test_errors_do_not_stop_the_stream():
    found = rows(b'{"text": "a"}\n\xff\n[]\n{"text": "b"}\n')
    assert [(line, error is None) for line, _, error in found] == [
        (1, True),
        (2, False),
        (3, False),
        (4, True),
    ]


def test_too_long_line_is_skipped_and_the_next_one_read():
    long = b'{"text": "' + b"x" * 100 + b'"}\n'
    found = rows(long + b'{"text": "ok"}\n', limit=50)
    assert found[0][0] == 1 and "longer than the 50-byte limit" in found[0][2]
    assert found[1] == (2, {"text": "ok"}, None)


def test_line_of_exactly_the_limit_is_accepted():
    line = b'{"text": "abc"}'
    assert rows(line + b"\n", limit=len(line)) == [(1, {"text": "abc"}, None)]


def test_text_streams_work_too():
    assert list(iter_jsonl(io.StringIO('{"text": "é"}\n'))) == [(1, {"text": "é"}, None)]
