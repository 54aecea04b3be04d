"""Reading the command line's input: whole texts from a file or stdin, and JSONL rows.

Texts are decoded as strict UTF-8 and nothing else is done to them: no newline translation and no
BOM stripping, so the offsets of every reported span index the file exactly as it is on disk. A
UTF-8 byte-order mark therefore stays in the text as a U+FEFF character at offset 0.

A PDF (a manuscript, most often) is read through its text layer with ``pypdf`` (the ``pdf`` extra),
a Word document (``.docx``, a manuscript as submitted) through its paragraphs, a JATS XML article
(a paper as journals and PubMed Central exchange it) through its prose and an HTML page (a saved
news story) through its visible text: the offsets then index that extracted text, which
``unspin text FILE`` prints.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import os
import re
import sys
import zipfile
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import accumulate
from typing import IO, BinaryIO
from xml.etree import ElementTree

MAX_BYTES = 50_000_000  # far above any article; stops a mistaken `unspin check /dev/zero` from eating memory
STDIN = "-"

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"  # a .docx is a zip of XML parts
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class InputError(ValueError):
    """Input that cannot be read as text; the message is one line, ready to show to a user."""


def display_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def open_binary(path: str) -> BinaryIO:
    """``path`` opened for reading bytes (``-`` is stdin), with OS errors turned into :class:`InputError`."""
    if path == STDIN:
        stdin = getattr(sys.stdin, "buffer", None)  # None under pythonw or a closed stdin
        if stdin is None:
            raise InputError("<stdin>: not available")
        return stdin
    try:
        return open(path, "rb")  # the caller owns and closes it
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as error:
        raise InputError(f"{path}: cannot open ({error.strerror or error})") from None


# The files a folder given to ``unspin check`` is searched for: those it reads as text by name.
DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx", ".xml", ".nxml")


def document_paths(folder: str) -> list[str]:
    """The documents (``DOCUMENT_SUFFIXES``, any case) in ``folder`` and its subfolders, sorted;
    hidden files and folders (a leading dot) are left out, as are other files (images, data)."""
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += [
            os.path.join(root, name)
            for name in sorted(files)
            if not name.startswith(".") and name.lower().endswith(DOCUMENT_SUFFIXES)
        ]
    return found


# The page (from 1) of an offset of a text with pages (``Document.page_of``).
PageOf = Callable[[int], "int | None"]


@dataclass(frozen=True, slots=True)
class Document:
    """A file's text as unspin reads it, and where each of its pages starts in that text (a PDF's:
    a span is cited by page; none for a file without pages)."""

    text: str
    page_starts: tuple[int, ...] = ()

    def page_of(self, offset: int) -> int | None:
        """The page (from 1) that holds the character at ``offset``; None for a text without pages."""
        return bisect_right(self.page_starts, offset) if self.page_starts else None


def read_text(path: str, limit: int | None = None, plain: bool = False) -> str:
    """The whole text of ``path`` (``-`` for stdin), as ``text_of`` reads its bytes: strict UTF-8 as
    it is, an HTML page's visible text, a Word document's paragraphs or a PDF's text layer; or, if
    ``plain``, strict UTF-8 whatever it holds (``decode_text``: a data file, not a document).

    Raises :class:`InputError` for a missing file, a directory, binary content, invalid UTF-8, a
    Word document or PDF that cannot be read (or ``pypdf`` missing) or more than ``limit`` bytes
    (default :data:`MAX_BYTES`). Empty input gives ``""``.
    """
    if plain:
        return decode_text(_read_bytes(path, limit), display_name(path))
    return read_document(path, limit).text


def read_document(path: str, limit: int | None = None) -> Document:
    """``read_text``'s text of ``path`` with its pages (``document_of``); the same errors."""
    return document_of(_read_bytes(path, limit), display_name(path), path)


def _read_bytes(path: str, limit: int | None) -> bytes:
    """The bytes of ``path``, at most ``limit`` (default :data:`MAX_BYTES`); ``read_text``'s errors."""
    limit = MAX_BYTES if limit is None else limit
    name = display_name(path)
    stream = open_binary(path)
    try:
        # One byte past the limit is enough to know it was exceeded without reading it all.
        data = stream.read(limit + 1)
    except IsADirectoryError:  # some platforms only refuse a directory when it is read
        raise InputError(f"{name}: is a directory, not a file") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
    finally:
        if path != STDIN:
            stream.close()
    if len(data) > limit:
        raise InputError(f"{name}: larger than the {limit:,}-byte limit")
    return data


def text_of(data: bytes, name: str, path: str = STDIN) -> str:
    """The text in a file's bytes (``path``: its name, which may say it is HTML or XML): a PDF's
    text layer, a Word document's paragraphs, an HTML page's visible text, an XML article's text
    (``xml_text``), or the bytes decoded as strict UTF-8."""
    return document_of(data, name, path).text


def document_of(data: bytes, name: str, path: str = STDIN) -> Document:
    """``text_of``'s text, with the pages of a PDF."""
    if data.startswith(PDF_MAGIC):
        return pdf_document(data, name)
    return Document(_unpaged_text(data, name, path))


def _unpaged_text(data: bytes, name: str, path: str) -> str:
    if data.startswith(ZIP_MAGIC):
        return docx_text(data, name)
    text = decode_text(data, name)
    if is_html(text, path):
        return html_text(text)
    return xml_text(text, name) if is_xml(text, path) else text


def is_html(text: str, path: str = STDIN) -> bool:
    """An HTML page by its name (``.html``, ``.htm``) or, on stdin too, by how it starts."""
    if path.lower().endswith((".html", ".htm")):
        return True
    return text.lstrip("\ufeff \t\r\n")[:15].lower().startswith(("<!doctype html", "<html"))


# Names of XML documents: a JATS article (the XML that journals and PubMed Central exchange
# manuscripts and papers in; PMC names its files .nxml) or another XML text.
XML_SUFFIXES = (".xml", ".nxml")


def is_xml(text: str, path: str = STDIN) -> bool:
    """An XML document by its name (``XML_SUFFIXES``) or, on stdin too, by its declaration."""
    if path.lower().endswith(XML_SUFFIXES):
        return True
    return text.lstrip("\ufeff \t\r\n").startswith("<?xml")


# JATS elements whose text is no prose of the article: its metadata (journal, authors,
# affiliations, dates, licence, identifiers), references, formulas, tables (a table's caption is
# read), labels ("Figure 1") and alternative renderings. Other XML texts share a few of the names
# (a DocBook table, a MathML formula), which are no prose there either.
_XML_UNREAD = frozenset(
    "journal-meta article-id article-categories contrib-group aff author-notes pub-date volume issue"
    " fpage lpage elocation-id history permissions self-uri counts custom-meta-group funding-group"
    " related-article object-id ref-list table disp-formula inline-formula tex-math math label"
    " alternatives graphic media supplementary-material processing-meta".split()
)
# Elements whose text stands apart: titles, paragraphs, list items, captions, keywords (JATS; and
# the paragraphs and headings of other XML texts, DocBook's "para" and TEI's "head").
_XML_BLOCKS = frozenset(
    "article-title subtitle trans-title title p list-item caption kwd def term attrib para head item".split()
)


def xml_text(text: str, name: str) -> str:
    """The prose of an XML document, its paragraphs (title, abstract, section titles, paragraphs,
    list items, captions, keywords) apart by a blank line: a JATS article without its metadata,
    references, formulas and tables; an XHTML page as ``html_text`` reads it.

    Raises :class:`InputError` for XML that is not well formed (an entity its DTD would define,
    such as ``&nbsp;``, too: the DTD is never fetched)."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        # a named entity its DTD defines ("&nbsp;"): the DTD is never fetched, so say what to do
        hint = (
            "; the DTD is not read: write it as a numeric reference"
            if "undefined entity" in str(error)
            else ""
        )
        raise InputError(f"{name}: not well-formed XML ({error}{hint})") from None
    if _local_name(root.tag) == "html":
        return html_text(text)
    paragraphs: list[str] = []
    current: list[str] = []

    def close() -> None:
        paragraph = " ".join("".join(current).split())
        current.clear()
        if paragraph:
            paragraphs.append(paragraph)

    def walk(element: ElementTree.Element) -> None:
        tag = _local_name(element.tag)
        if tag in _XML_UNREAD:
            return
        block = tag in _XML_BLOCKS
        if block:
            close()
        current.append(element.text or "")
        for child in element:
            walk(child)
            current.append(child.tail or "")
        if block:
            close()

    walk(root)
    close()
    return "\n\n".join(paragraphs)


def _local_name(tag: object) -> str:
    """An element's name without its namespace ("{...mathml}math" -> "math"); "" for a comment or
    processing instruction, whose tag is a function."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


# Elements whose text is not read: code, styling, and what a browser does not show.
_UNREAD = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object"})
# Elements that stand apart from the text around them: each starts a paragraph of its own.
_BLOCKS = frozenset(
    "address article aside blockquote caption dd div dl dt figcaption figure footer form h1 h2 h3"
    " h4 h5 h6 header hr li main nav ol p pre section table td th title tr ul".split()
)
_SPACES = re.compile(r"\s+")


class _VisibleText(HTMLParser):
    """The text a browser shows, as paragraphs: runs of white space are one space (except in
    ``pre``), a block element starts and ends a paragraph, ``br`` a line; character references are
    decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.unread = 0  # depth inside elements whose text is not shown
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _UNREAD:
            self.unread += 1
        elif tag in _BLOCKS:
            self.close_paragraph()
            self.pre += tag == "pre"
        elif tag == "br":
            self.current.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNREAD:
            self.unread = max(0, self.unread - 1)
        elif tag in _BLOCKS:
            self.close_paragraph()
            self.pre = max(0, self.pre - (tag == "pre"))

    def handle_data(self, data: str) -> None:
        if not self.unread:
            self.current.append(data if self.pre else _SPACES.sub(" ", data))

    def close_paragraph(self) -> None:
        paragraph = "".join(self.current)
        if not self.pre:
            paragraph = "\n".join(" ".join(line.split()) for line in paragraph.split("\n"))
        self.current = []
        if paragraph.strip():
            self.paragraphs.append(paragraph.strip("\n"))


def html_text(page: str) -> str:
    """The visible text of an HTML page, its paragraphs (title, headings, list items, table cells)
    apart by a blank line; nothing of scripts, styles or tags."""
    parser = _VisibleText()
    parser.feed(page)
    parser.close()
    parser.close_paragraph()
    return "\n\n".join(parser.paragraphs)


def docx_text(data: bytes, name: str) -> str:
    """The paragraphs of a Word document (``.docx``: the main text, no headers, footnotes or
    comments), apart by a blank line; a tab or a line break inside a paragraph is kept."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_BYTES:  # a zip bomb would otherwise be inflated in memory
                raise InputError(f"{name}: its text is larger than the {MAX_BYTES:,}-byte limit")
            root = ElementTree.fromstring(archive.read(info))
    except KeyError:
        raise InputError(f"{name}: a zip archive but not a Word document (no word/document.xml)") from None
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError) as error:
        raise InputError(f"{name}: not a readable Word document ({type(error).__name__})") from None
    paragraphs = []
    for paragraph in root.iter(f"{_WORD}p"):
        pieces = []
        for element in paragraph.iter():
            if element.tag == f"{_WORD}t":
                pieces.append(element.text or "")
            elif element.tag == f"{_WORD}tab":
                pieces.append("\t")
            elif element.tag in (f"{_WORD}br", f"{_WORD}cr"):
                pieces.append("\n")
        text = "".join(pieces)
        if text.strip():
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def pdf_document(data: bytes, name: str) -> Document:
    """The text layer of the PDF ``data``, as ``pypdf`` extracts it: pages apart by a blank line,
    lines as set (hard-wrapped, hyphens at line ends kept; the tokenizer reads through both); with
    where each page starts in it."""
    try:
        from pypdf import PdfReader
    except ImportError:
        raise InputError(f"{name}: a PDF; reading it needs pypdf: pip install 'unspin[pdf]'") from None
    # pypdf logs every repair it makes to a damaged file; the user sees a clear error or the text
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: an encrypted PDF; save it without a password first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as error:  # a damaged file can fail anywhere in pypdf, with any exception
        reason = str(error).strip().splitlines()[:1]  # one line, as every InputError is
        raise InputError(
            f"{name}: not a readable PDF ({': '.join([type(error).__name__, *reason])})"
        ) from None
    pages = [page.strip("\n") for page in pages]
    text = "\n\n".join(pages)
    if not text.strip():
        raise InputError(f"{name}: a PDF with no text layer (scanned pages?); run OCR on it first")
    # each page starts past the one before it and the blank line between them
    starts = accumulate((len(page) + 2 for page in pages[:-1]), initial=0)
    return Document(text, tuple(starts))


def decode_text(data: bytes, name: str) -> str:
    """``data`` decoded as strict UTF-8, or an :class:`InputError` saying what is wrong and where."""
    if data.startswith(_UTF16_BOMS):
        raise InputError(f"{name}: text is UTF-16 encoded; convert it to UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(f"{name}: binary content (NUL byte at offset {nul}), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise InputError(f"{name}: not valid UTF-8 (byte 0x{bad} at offset {error.start})") from None


Row = tuple[int, dict | None, str | None]


def iter_jsonl(stream: IO[bytes] | IO[str], limit: int | None = None) -> Iterator[Row]:
    """``(line_no, row, error)`` for each non-blank line of a JSONL stream, one line at a time.

    A good row is a JSON object with a string ``"text"``: ``error`` is None. Anything else gives an
    error message instead of raising, so one bad line cannot stop a large batch; ``row`` is then the
    parsed object if the line was one (to keep its ``"id"``), else None. Line numbers are 1-based and
    count blank lines, which are skipped. ``stream`` may be binary (decoded as strict UTF-8 line by
    line) or text. Lines longer than ``limit`` bytes, or characters on a text stream (default
    :data:`MAX_BYTES`), are reported and skipped without being held in memory.
    """
    limit = MAX_BYTES if limit is None else limit
    for line_no, line, too_long in _lines(stream, limit):
        if too_long:
            yield line_no, None, f"line longer than the {limit:,}-byte limit"
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as error:
                yield line_no, None, f"not valid UTF-8 (byte offset {error.start} in the line)"
                continue
        if line_no == 1:
            line = line.removeprefix("\ufeff")  # editors on Windows start files with a BOM
        if line.strip():
            yield (line_no, *parse_row(line))


def _lines(stream: IO[bytes] | IO[str], limit: int) -> Iterator[tuple[int, bytes | str, bool]]:
    """``(line_no, line, too_long)``; a too-long line is drained in pieces, never held whole."""
    line_no = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        line_no += 1
        newline = b"\n" if isinstance(line, bytes) else "\n"
        # limit + 1 units ending in a newline is a line of exactly ``limit``: still acceptable.
        too_long = len(line) > limit and not line.endswith(newline)
        while too_long and line and not line.endswith(newline):
            line = stream.readline(limit + 1)
        yield line_no, line, too_long


def parse_row(line: str) -> tuple[dict | None, str | None]:
    """One JSONL line as ``(row, error)``; see :func:`iter_jsonl`."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        return None, f"invalid JSON: {error.msg} (column {error.colno})"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    if not isinstance(row, dict):
        return None, f"row is a JSON {json_type(row)}, not an object"
    if "text" not in row:
        return row, 'missing "text" field'
    return row, text_error(row["text"])


def text_error(text: object, field: str = "text") -> str | None:
    """Why ``text`` (the value of ``field``) cannot be checked, or None if it can."""
    if not isinstance(text, str):
        return f'"{field}" must be a string, not {json_type(text)}'
    if not _is_encodable(text):
        # A lone "\ud800" escape decodes to a str that cannot be written back out as UTF-8.
        return f'"{field}" contains an unpaired surrogate escape'
    return None


def _is_encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_type(value: object) -> str:
    """The JSON name of a value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def json_kind(value: object) -> str:
    """The JSON name of a value's type with its article ("a number", "an array"), for messages."""
    name = json_type(value)
    return name if name == "null" else ("an " if name[0] in "aeiou" else "a ") + name
