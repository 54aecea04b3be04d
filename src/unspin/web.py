"""A web page and a small JSON API over :func:`unspin.check` and :func:`unspin.restore`.

Standard library only: :func:`application` is a plain WSGI app (tests call it directly) and
:func:`serve` runs it on :mod:`wsgiref`'s server. Endpoints:

- ``GET /``: one self-contained HTML page (inline CSS and JS, no external assets).
- ``POST /api/check``: ``{"text": str, "min_confidence": float (optional), "as_phrase": bool
  (optional)}`` -> the report JSON, exactly as :meth:`unspin.Report.to_json` writes it.
  ``as_phrase`` true reads a text of up to 8 words as a suspect phrase on its own, false as running
  text; left out (or null), the text's form decides (:func:`unspin.pipeline.is_phrase`).
  ``genre`` (optional: "auto" by default, the genre the text reads as, or "news" or "manuscript")
  picks the models for running text and the verdict (:data:`unspin.GENRE_CHOICES`).
  ``expected`` (optional: a string or a list of strings, read as the tortured-phrase list reads its
  expected wording) adds ``expected`` and ``expected_rank`` to the report: where that wording stands
  among the text's first five restorations (1-5, or null), as ``unspin check --lines`` says it.
  ``allow`` (optional: a list of phrases) never flags those phrases, in any inflection, nor any
  window touching one, as ``unspin check --allow-list`` does.
- ``POST /api/restore``: the same body -> ``{"text": restored}``.
- ``POST /api/compare``: the same body with ``"source"``, the text the body's ``text`` was spun
  from -> :meth:`unspin.comparison.Comparison.to_dict`: the rewordings that align the two, each
  with whether the check of ``text`` (which never reads the source) flagged and restored it.
- ``POST /api/trace``: ``{"text": str}`` -> :func:`unspin.sources.trace_fields`: the sources the
  server holds (``unspin serve --sources``, :func:`with_sources`) that the text was likeliest spun
  from; 404 where it holds none. With ``"compare": true`` (and the fields of ``/api/check``), also
  ``"compare"``: the text against its likely source, as ``/api/compare`` gives it (null when it has
  none), which is how the page shows a pasted copy's rewordings without the user holding the source;
  a text made from several sources is read against each for the sentences traced to it, each other
  source's comparison in its ``spun_from`` entry (:func:`unspin.sources.compared_parts`).
- ``POST /api/text?name=FILE``: a file's bytes as the body -> ``{"text": ...}`` (and a PDF's
  ``"page_starts"``, where each page starts in it), the text
  ``unspin text`` reads in it (a PDF's text layer, a Word document's paragraphs, an HTML page's
  visible text, UTF-8 as it is);
  the page's "open a file" fills its text box with it, and the offsets of a check index that text.
- ``GET /api/health``: ``{"status": "ok", "unspin": version, "sources": N}``, N the texts the server
  traces among (0 without ``--sources``).

Errors are ``{"error": message}`` with status 400 (bad body), 404, 405, 411, 413 or 500, never a
traceback. Span offsets index the submitted text in code points (Python ``str`` indices); a
JavaScript client must not use them as UTF-16 indices (the page converts, see ``PAGE``).
"""

from __future__ import annotations

import html
import json
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from typing import TextIO
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

import unspin
from unspin.comparison import compare
from unspin.evaluate import expected_fields
from unspin.fingerprints import expected_error, expected_wordings
from unspin.pipeline import WARM_UP_TEXT, Checker, TextTooLong, default_checker
from unspin.report import Report
from unspin.sources import SAME_TEXT_NAMES_SHOWN, SourceIndex, compared_parts, trace_fields
from unspin.textio import MAX_BYTES, InputError, decode_text, document_of, json_kind

# The same ceiling as a file on the command line: far above any article, and a request over it is
# refused before it is read.
MAX_BODY_BYTES = MAX_BYTES
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

StartResponse = Callable[..., object]
Headers = list[tuple[str, str]]
Response = tuple[str, Headers, bytes]  # (status line, headers, body)

_JSON = "application/json; charset=utf-8"
# The page needs nothing but itself and same-origin requests; saying so makes injected markup inert.
_PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)


class HttpError(Exception):
    """A request the client must fix: answered as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str, headers: Headers | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or []


@dataclass(frozen=True, slots=True)
class Request:
    """The JSON body of an API call, validated."""

    text: str
    min_confidence: float
    as_phrase: bool | None = None
    genre: str = unspin.DEFAULT_GENRE
    expected: tuple[str, ...] | None = None  # what the text, a phrase, should be restored to
    allow: tuple[str, ...] = ()  # phrases never to flag (as ``--allow-list``)


# The WSGI application


def application(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
    """The WSGI entry point: route, answer, and turn every failure into a JSON error."""
    method = environ.get("REQUEST_METHOD", "GET")
    try:
        status, headers, body = _route(environ, method)
    except HttpError as error:
        status, headers, body = _json_response(error.status, {"error": error.message}, error.headers)
    except Exception:
        # A bug, not the client's fault: the traceback goes to the server log, never to the client.
        traceback.print_exc(file=environ.get("wsgi.errors", sys.stderr))
        status, headers, body = _json_response(500, {"error": "internal error (see the server log)"})
    start_response(status, headers + [("Content-Length", str(len(body)))])
    return [b"" if method == "HEAD" else body]


def _route(environ: dict, method: str) -> Response:
    path = environ.get("PATH_INFO", "") or "/"
    if path not in _ROUTES:
        raise HttpError(404, f"no such page: {path} (try / or /api/check)")
    handlers = _ROUTES[path]
    # HEAD is GET without the body (application() drops it), wherever GET is allowed.
    handler = handlers.get("GET" if method == "HEAD" else method)
    if handler is None:
        allowed = ", ".join(sorted(handlers) + (["HEAD"] if "GET" in handlers else []))
        raise HttpError(405, f"{path} accepts {allowed}, not {method}", [("Allow", allowed)])
    return handler(environ)


@contextmanager
def _too_long_is_413() -> Iterator[None]:
    try:
        yield
    except TextTooLong as error:
        raise HttpError(413, f"text of {error}") from None


def _text(environ: dict) -> Response:
    data = _read_body(environ)
    name = parse_qs(environ.get("QUERY_STRING", "")).get("name", ["upload"])[0]
    try:
        document = document_of(data, name, name)
    except InputError as error:
        raise HttpError(400, str(error)) from None
    # a PDF's pages, so that the page can cite a span by page as ``unspin check`` does
    pages = {"page_starts": list(document.page_starts)} if document.page_starts else {}
    return _json_response(200, {"text": document.text, **pages})


def _page(environ: dict) -> Response:
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Security-Policy", _PAGE_POLICY),
        ("X-Content-Type-Options", "nosniff"),
    ]
    return _status(200), headers, _rendered_page()


def _health(environ: dict) -> Response:
    sources = len(environ.get(SOURCES_KEY) or ())
    return _json_response(200, {"status": "ok", "unspin": unspin.__version__, "sources": sources})


# The WSGI environ key of the checker a server answers with (``with_checker``); without it, the
# default checker of ``unspin.check``.
CHECKER_KEY = "unspin.checker"


def with_checker(app: Callable, checker: Checker) -> Callable:
    """``app`` answering with ``checker`` (one with a user's phrase lists, say) instead of the
    default one: WSGI middleware that puts it in each request's environ."""
    return _in_environ(app, CHECKER_KEY, checker)


def _in_environ(app: Callable, key: str, value: object) -> Callable:
    """``app`` with ``value`` under ``key`` in each request's environ."""

    def answer(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        return app({**environ, key: value}, start_response)

    return answer


# The WSGI environ key of the texts a server traces texts among (``with_sources``).
SOURCES_KEY = "unspin.sources"


def with_sources(app: Callable, sources: SourceIndex) -> Callable:
    """``app`` answering ``/api/trace`` among ``sources``: WSGI middleware, as ``with_checker``."""
    return _in_environ(app, SOURCES_KEY, sources)


def _checker(environ: dict, request: Request) -> Checker:
    checker = environ.get(CHECKER_KEY) or default_checker()
    return checker.allowing(request.allow) if request.allow else checker


def _report(environ: dict) -> tuple[Report, Request]:
    request = read_request(environ)
    with _too_long_is_413():
        report = _checker(environ, request).check(
            request.text, request.min_confidence, request.as_phrase, request.genre
        )
    return report, request


def _check(environ: dict) -> Response:
    report, request = _report(environ)
    if request.expected is None:
        return _status(200), _json_headers(), report.to_json().encode("utf-8")
    restorations = report.restorations(request.min_confidence)
    return _json_response(200, {**expected_fields(restorations, request.expected), **report.to_dict()})


def _restore(environ: dict) -> Response:
    report, request = _report(environ)
    return _json_response(200, {"text": report.restored(request.min_confidence)})


def _compare(environ: dict) -> Response:
    body = _parse_json(_read_body(environ))
    request = request_of(body)
    source = _string_field(body, "source")
    with _too_long_is_413():
        result = compare(
            source, request.text, request.min_confidence, request.genre, _checker(environ, request)
        )
    return _json_response(200, result.to_dict())


def _trace(environ: dict) -> Response:
    sources: SourceIndex | None = environ.get(SOURCES_KEY)
    if sources is None:
        raise HttpError(
            404, "this server holds no sources to trace among: start it with unspin serve --sources"
        )
    body = _parse_json(_read_body(environ))
    request = request_of(body)
    compared = body.get("compare", False)
    if not isinstance(compared, bool):
        raise HttpError(400, f'"compare" must be true or false, not {json_kind(compared)}')
    with _too_long_is_413():
        trace = sources.trace(request.text)
        comparisons = None
        if compared:
            comparisons = compared_parts(
                request.text,
                trace,
                sources.text_of,
                request.min_confidence,
                request.genre,
                _checker(environ, request),
            )
    return _json_response(200, trace_fields(trace, comparisons))


_ROUTES: dict[str, dict[str, Callable[[dict], Response]]] = {
    "/": {"GET": _page},
    "/api/health": {"GET": _health},
    "/api/check": {"POST": _check},
    "/api/restore": {"POST": _restore},
    "/api/compare": {"POST": _compare},
    "/api/trace": {"POST": _trace},
    "/api/text": {"POST": _text},
}


def _status(code: int) -> str:
    return f"{code} {HTTPStatus(code).phrase}"


def _json_headers() -> Headers:
    return [("Content-Type", _JSON), ("X-Content-Type-Options", "nosniff")]


def _json_response(status: int, value: dict, extra: Headers | None = None) -> Response:
    # ensure_ascii=False like Report.to_json; request texts were checked to be encodable.
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return _status(status), _json_headers() + (extra or []), body


# Reading a request


def read_request(environ: dict) -> Request:
    """The validated body of an API call, or an :class:`HttpError` saying what is wrong with it."""
    return request_of(_parse_json(_read_body(environ)))


def request_of(body: dict) -> Request:
    """The fields every checking call reads from its JSON body, validated (``HttpError`` if not)."""
    return Request(
        _string_field(body, "text"),
        _min_confidence_field(body),
        _as_phrase_field(body),
        _genre_field(body),
        _expected_field(body),
        _allow_field(body),
    )


def _read_body(environ: dict) -> bytes:
    length = environ.get("CONTENT_LENGTH", "")
    if not length:
        # wsgiref cannot read a chunked body, and without a length we cannot know where it ends.
        raise HttpError(411, "send a Content-Length header with the JSON body")
    try:
        size = int(length)
    except ValueError:
        raise HttpError(400, f"Content-Length {length!r} is not a number") from None
    if size < 0:
        raise HttpError(400, f"Content-Length {size} is negative")
    if size > MAX_BODY_BYTES:
        # Checked before reading, so an oversized upload costs no memory.
        raise HttpError(413, f"request body larger than the {MAX_BODY_BYTES:,}-byte limit")
    return environ["wsgi.input"].read(size)


def _parse_json(data: bytes) -> dict:
    if not data.strip():
        raise HttpError(400, 'empty request body; send a JSON object like {"text": "..."}')
    try:
        # decode_text is the CLI's strict UTF-8 reader: same checks, same messages.
        body = json.loads(decode_text(data, "request body"))
    except InputError as error:
        raise HttpError(400, str(error)) from None
    except json.JSONDecodeError as error:
        raise HttpError(400, f"request body is not valid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise HttpError(400, "request body is not valid JSON: nested too deeply") from None
    if not isinstance(body, dict):
        kind = json_kind(body)
        raise HttpError(400, f'request body must be a JSON object like {{"text": "..."}}, not {kind}')
    return body


def _string_field(body: dict, name: str) -> str:
    if name not in body:
        raise HttpError(400, f'missing "{name}" field')
    text = body[name]
    if not isinstance(text, str):
        raise HttpError(400, f'"{name}" must be a string, not {json_kind(text)}')
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone "\ud800" escape is valid JSON but no text: the response could not be written as UTF-8.
        raise HttpError(400, f'"{name}" contains an unpaired surrogate escape') from None
    return text


def _min_confidence_field(body: dict) -> float:
    value = body.get("min_confidence", unspin.DEFAULT_MIN_CONFIDENCE)
    # bool is an int in Python, but `true` is no confidence.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise HttpError(400, f'"min_confidence" must be a number, not {json_kind(value)}')
    if not 0.0 <= value <= 1.0:  # written this way round so that NaN (which json accepts) fails too
        raise HttpError(400, f'"min_confidence" must be between 0 and 1, not {value}')
    return float(value)


def _as_phrase_field(body: dict) -> bool | None:
    value = body.get("as_phrase")
    if value is not None and not isinstance(value, bool):
        raise HttpError(400, f'"as_phrase" must be true, false or null, not {json_kind(value)}')
    return value


def _genre_field(body: dict) -> str:
    value = body.get("genre", unspin.DEFAULT_GENRE)
    if value not in unspin.GENRE_CHOICES:
        *others, last = (f'"{genre}"' for genre in unspin.GENRE_CHOICES)
        choices = f"{', '.join(others)} or {last}"
        shown = json.dumps(value) if isinstance(value, str) else json_kind(value)
        raise HttpError(400, f'"genre" must be {choices}, not {shown}')
    return value


def _allow_field(body: dict) -> tuple[str, ...]:
    value = body.get("allow")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise HttpError(400, f'"allow" must be a list of phrases (strings), not {json_kind(value)}')
    odd = next((json_kind(item) for item in value if not isinstance(item, str)), None)
    if odd is not None:
        raise HttpError(400, f'"allow" must be a list of phrases (strings), not a list holding {odd}')
    return tuple(phrase for phrase in value if phrase.strip())


def _expected_field(body: dict) -> tuple[str, ...] | None:
    if "expected" not in body or body["expected"] is None:
        return None
    error = expected_error(body["expected"])
    if error is not None:
        raise HttpError(400, error)
    return expected_wordings(body["expected"])


# Serving


class _QuietHandler(WSGIRequestHandler):
    """wsgiref's handler, minus the reverse DNS lookup it does for every log line."""

    def address_string(self) -> str:
        return str(self.client_address[0])


def warm_up(checker: Checker | None = None) -> None:
    """Load every resource now, so that the first request is as fast as the others."""
    from unspin.language_model import warm

    warm()
    # the span model and whatever else loads on first use
    (checker or default_checker()).check(WARM_UP_TEXT)


class ServeError(Exception):
    """The server could not start; the message is one line, ready to show to a user."""


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    log: TextIO = sys.stderr,
    checker: Checker | None = None,
    sources: SourceIndex | None = None,
) -> None:
    """Serve :func:`application` on ``host:port`` until interrupted, answering with ``checker``
    (default: that of ``unspin.check``) and tracing texts among ``sources`` (default: none).

    One request at a time: checking is CPU-bound Python, so threads would not make it faster, and
    the checker's caches were not written to be shared between threads.
    """
    app = application if checker is None else with_checker(application, checker)
    app = app if sources is None else with_sources(app, sources)
    try:
        server = make_server(host, port, app, handler_class=_QuietHandler)
    except OSError as error:  # address in use, unknown host, a privileged port
        raise ServeError(f"cannot serve on {host}:{port} ({error.strerror or error})") from None
    with server:
        # Bound first, loaded second: a port already in use is reported before a wait for nothing.
        print("unspin: loading resources ...", file=log, flush=True)
        warm_up(checker)
        url = f"http://{host}:{server.server_port}/"
        print(f"unspin: serving on {url} (Ctrl-C to stop)", file=log, flush=True)
        server.serve_forever()


# The page


def render_page(version: str, min_confidence: float) -> bytes:
    """The HTML page with its template values escaped (the only server-side substitutions)."""
    page = PAGE.replace("{{version}}", html.escape(version))
    page = page.replace("{{min_confidence}}", html.escape(f"{min_confidence:g}"))
    page = page.replace("{{same_text_names_shown}}", str(SAME_TEXT_NAMES_SHOWN))
    return page.encode("utf-8")


@cache
def _rendered_page() -> bytes:
    return render_page(unspin.__version__, unspin.DEFAULT_MIN_CONFIDENCE)


# All user text reaches the DOM through textContent, createTextNode or the title property, never
# through innerHTML, so nothing in it is ever parsed as markup.
PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>unspin</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 1.5rem auto; padding: 0 1rem;
         color: #222; background: #fff; }
  textarea { width: 100%; box-sizing: border-box; font: inherit; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #ccc; padding: .5rem; }
  mark { background: #fdd; border-bottom: 2px solid #c33; cursor: help; }
  mark.restored { background: #dfd; border-bottom-color: #393; }
  mark.flagged { background: #ffe7b3; border-bottom-color: #c80; }
  ins { background: #dfd; text-decoration: none; }
  mark.part0 { background: #e8e8ff; border-bottom-color: #55a; }
  mark.part1 { background: #ffe7b3; border-bottom-color: #c80; }
  mark.part2 { background: #dfd; border-bottom-color: #393; }
  mark.part3 { background: #fdd; border-bottom-color: #c33; }
  mark.part4 { background: #eee; border-bottom-color: #777; }
  #error { color: #b00; }
  small { color: #666; }
</style>
</head>
<body>
<h1>unspin</h1>
<p>Paste a text to find the phrases an article spinner rewrote. Hover a marked phrase for the
suggestion, its confidence and the evidence.</p>
<textarea id="input" rows="12" aria-label="Text to check"></textarea>
<p><label>or open a file (text, HTML page, Word document, PDF) <input id="file" type="file"
  accept=".txt,.text,.md,.html,.htm,.docx,.pdf,.xml,.nxml,text/plain,text/html,application/pdf,application/xml"></label></p>
<p>
  <button id="check" type="button">Check</button>
  <label>min confidence
    <input id="min" type="number" min="0" max="1" step="0.05" value="{{min_confidence}}"></label>
  <label title="Read a text of up to 8 words as a phrase copied from a paper, whatever its case">
    <input id="phrase" type="checkbox"> a suspect phrase</label>
  <label title="A paper is read by models that find more paper-mill phrases, fewer general synonym swaps">
    text <select id="genre"><option value="auto" selected>either: tell by its prose</option>
    <option value="news">news or web copy</option>
    <option value="manuscript">a manuscript</option></select></label>
  <span id="status" role="status"></span>
</p>
<details id="allow-box"><summary>Phrases never to flag</summary>
<p><small>One per line (a field's terms, a house style, a name): never flagged, in any inflection,
nor any window that touches one, as <code>unspin check --allow-list</code>; lines starting with #
are comments. Kept in this browser for your next visit.</small></p>
<textarea id="allow" rows="4" aria-label="Phrases never to flag, one per line"></textarea>
</details>
<details id="source-box"><summary>Compare with its source</summary>
<p><small>If you hold the text this one was spun from, paste it here: Check then also lists what
the text reworded and whether unspin, which never reads the source, found and restored each, as
<code>unspin compare</code>. Leave it empty for a plain check.</small></p>
<textarea id="source" rows="6" aria-label="The source text, if you have it"></textarea>
</details>
<p id="holding" hidden><small></small></p>
<p id="error" role="alert"></p>
<div id="result" hidden>
  <h2 id="verdict"></h2>
  <p id="traced" hidden></p>
  <div id="parts" hidden>
    <h2>Where each source stands</h2>
    <div id="passages" class="text"></div>
  </div>
  <ul id="reasons"></ul>
  <h2>Marked text</h2>
  <div id="marked" class="text"></div>
  <h2>Restored text</h2>
  <div id="restored" class="text"></div>
  <div id="compared" hidden>
    <h2 id="compared-title">Against its source</h2>
    <p id="compared-summary"></p>
    <p><small><mark class="restored">restored as the source has it</mark>
      <mark class="flagged">flagged, restored otherwise</mark> <mark>not flagged</mark></small></p>
    <div id="reworded" class="text"></div>
    <ol id="rewordings"></ol>
  </div>
</div>
<p><small>unspin {{version}} &middot; API: POST /api/check, /api/restore, /api/compare</small></p>
<script>
"use strict";
const byId = (id) => document.getElementById(id);

// Span offsets count code points (Python str indices) while JS strings count UTF-16 units;
// Array.from splits a string into code points, so slicing that array uses the offsets as they are.
function pieces(text, spans) {
  const chars = Array.from(text);
  const out = [];
  let cursor = 0;
  for (const span of spans) {  // the API sends spans sorted and non-overlapping
    out.push({plain: chars.slice(cursor, span.start).join("")});
    out.push({span: span, spun: chars.slice(span.start, span.end).join("")});
    cursor = span.end;
  }
  out.push({plain: chars.slice(cursor).join("")});
  return out;
}

// The page (from 1) of a file's text that holds `offset`, given where each page starts (as
// textio.Document.page_of): how many pages start at or before it.
function page_of(page_starts, offset) {
  return page_starts.filter((start) => start <= offset).length;
}

// The pages of the file last opened, while the box holds its text unchanged (offsets index it).
let opened = {text: null, page_starts: []};

function tooltip(span, page_starts) {
  const page = page_starts.length ? " on page " + page_of(page_starts, span.start) : "";
  const lines = ["\\u2192 " + span.suggestion + " (confidence " + span.confidence.toFixed(2) + ")" + page];
  const others = span.alternatives.map((a) => a.text).filter((t) => t !== span.suggestion);
  if (others.length) lines.push("alternatives: " + others.join(", "));
  for (const e of span.evidence) lines.push(e.kind + ": " + e.detail);
  return lines.join("\\n");
}

// Build both views from the same walk over the spans; the restored view is the text with each
// span replaced by its suggestion, which is what /api/restore returns for the same settings.
function show(text, report) {
  const marked = byId("marked"), restored = byId("restored");
  const page_starts = text === opened.text ? opened.page_starts : [];
  marked.replaceChildren();
  restored.replaceChildren();
  for (const piece of pieces(text, report.spans)) {
    if (piece.span === undefined) {
      marked.append(document.createTextNode(piece.plain));
      restored.append(document.createTextNode(piece.plain));
      continue;
    }
    const mark = document.createElement("mark");
    mark.textContent = piece.spun;
    mark.title = tooltip(piece.span, page_starts);
    marked.append(mark);
    const ins = document.createElement("ins");
    ins.textContent = piece.span.suggestion;
    ins.title = "was: " + piece.spun;
    restored.append(ins);
  }
  const count = report.spans.length;
  byId("verdict").textContent = report.verdict + " (score " + report.score.toFixed(2) + ", " +
    report.words + " words, " + count + " spun phrase" + (count === 1 ? "" : "s") +
    (report.genre === "manuscript" ? "; read as a manuscript" : "") + ")";
  const reasons = byId("reasons");
  reasons.replaceChildren();
  for (const reason of report.reasons) {
    const item = document.createElement("li");
    item.textContent = reason;
    reasons.append(item);
  }
  byId("result").hidden = false;
}

// How a rewording is marked: restored as the source has it, flagged only, or not flagged ("").
function edit_class(edit) {
  if (edit.span === null) return "";
  return edit.restored_rank === 1 ? "restored" : "flagged";
}

// What unspin, which never read the source, made of a rewording, as `unspin compare` words it.
function edit_outcome(edit) {
  if (edit.span === null) return "not flagged";
  const rank = edit.restored_rank;
  const restored = rank === 1 ? "restored" : rank ? "restoration " + rank : "not restored so";
  return "flagged \u2192 " + edit.suggestion + ", " + restored;
}

// One rewording found by comparing with the source: its text, the source's, and edit_outcome.
function describe_edit(edit) {
  return "\u201c" + edit.text + "\u201d \u2190 " + (edit.original || "(nothing)") + ": " + edit_outcome(edit);
}

// "1 text", "2 texts": as the command line counts.
function counted(count, noun) {
  return count + " " + noun + (count === 1 ? "" : "s");
}

// The other names the server holds a source's text under, as `unspin trace` words them (the first
// sources.SAME_TEXT_NAMES_SHOWN): "" if none.
function also_indexed(part) {
  const count = part.same_text_count;
  if (!count) return "";
  const shown = part.same_text.slice(0, {{same_text_names_shown}});
  if (count > shown.length) shown.push((count - shown.length) + " more");
  return "; also indexed as " + shown.join(", ");
}

// Which of the server's texts this one was spun from, as `unspin trace` words it for a copy.
function traced_summary(body, held) {
  const percent = (match) => Math.round(match.shared_share * 100) + " %";
  const shares = body.sources.map((match) => match.name + " " + percent(match));
  if (body.likely_source !== null) {
    const best = body.sources[0];
    const moved = best.moves ? ", " + counted(best.moves, "passage") + " moved" : "";
    const others = body.spun_from.slice(1).map((part) =>
      "; and from " + part.name + " (" + counted(part.words, "word") + " of its own" +
      also_indexed(part) + ")");
    const named = new Set(body.spun_from.map((part) => part.name));
    const unnamed = body.sources.filter((match) => !named.has(match.name)).map(
      (match) => match.name + " " + percent(match));
    return "spun from " + best.name + ", most likely (" + percent(best) + " of its words are that " +
      "source's" + moved + also_indexed(body.spun_from[0]) + ")" + others.join("") +
      (unnamed.length ? "; then " + unnamed.join(", ") : "");
  }
  return "no likely source among the " + counted(held, "text") +
    (shares.length ? "; the closest: " + shares.join(", ") : "; none shares a word with it");
}

// The passages of the copy traced to each source it was made from, in the order they stand, each
// with its source's name and colour (the sixth source and any after it share the last).
function traced_passages(spun_from) {
  const out = [];
  spun_from.forEach((part, k) => {
    for (const passage of part.passages) {
      out.push({start: passage.start, end: passage.end, name: part.name, colour: "part" + Math.min(k, 4)});
    }
  });
  return out.sort((a, b) => a.start - b.start);
}

// A copy made from several sources: its text with each one's passages marked, a colour each.
function show_passages(text, spun_from) {
  const passages = byId("passages");
  passages.replaceChildren();
  byId("parts").hidden = spun_from.length < 2;
  if (spun_from.length < 2) return;
  for (const piece of pieces(text, traced_passages(spun_from))) {
    if (piece.span === undefined) {
      passages.append(document.createTextNode(piece.plain));
      continue;
    }
    const mark = document.createElement("mark");
    mark.textContent = piece.spun;
    mark.className = piece.span.colour;
    mark.title = "from " + piece.span.name;
    passages.append(mark);
  }
}

function compared_summary(body) {
  const count = body.edits.length, moved = body.moves.length;
  const restored = Math.round(body.restored_shared_share * 100);
  const where = moved ? " or in " + moved + " passage" + (moved === 1 ? "" : "s") + " it moved" : "";
  return Math.round(body.shared_share * 100) + " % of its " + body.words + " words are the " +
    "source's, in its order" + where + " (" + restored + " % once restored); " + count + " rewording" +
    (count === 1 ? "" : "s") + ", " + body.flagged + " flagged, " + body.restored +
    " restored as the source has them";
}

// A traced copy's comparisons, as [{name, compare}]: with its likely source (the copy less the
// passages traced to other sources), then with each other source (its own passages); none
// without a likely source. Their rewordings stand in different parts of the copy.
function traced_comparisons(body) {
  if (body.compare === null || body.compare === undefined) return [];
  return [{name: body.likely_source, compare: body.compare}].concat(
    body.spun_from.slice(1).map((part) => ({name: part.name, compare: part.compare})));
}

// `comparisons`: [{name, compare}], name undefined for the source the user pasted; the rewordings
// of all are marked in the one text (each comparison's stand apart from the others').
function show_comparisons(text, comparisons) {
  const list = byId("rewordings"), reworded = byId("reworded");
  list.replaceChildren();
  reworded.replaceChildren();
  byId("compared").hidden = comparisons.length === 0;
  if (comparisons.length === 0) return;
  const name = comparisons[0].name;
  byId("compared-title").textContent = name === undefined ? "Against its source"
    : comparisons.length === 1 ? "Against " + name + ", its likely source"
    : "Against the " + comparisons.length + " sources it was made from";
  byId("compared-summary").textContent = comparisons.length === 1
    ? compared_summary(comparisons[0].compare)
    : comparisons.map((item) => item.name + ": " + compared_summary(item.compare)).join("; ");
  const edits = comparisons.flatMap((item) => item.compare.edits.map((e) => ({...e, source: item.name})));
  edits.sort((a, b) => a.start - b.start);
  const from = (edit) => comparisons.length > 1 ? " (" + edit.source + ")" : "";
  for (const piece of pieces(text, edits)) {  // the rewordings, sorted and apart, as spans are
    if (piece.span === undefined) {
      reworded.append(document.createTextNode(piece.plain));
      continue;
    }
    const mark = document.createElement("mark");
    mark.textContent = piece.spun;
    mark.className = edit_class(piece.span);
    mark.title = "source" + from(piece.span) + ": " + (piece.span.original || "(nothing)") + "\\nunspin: " +
      edit_outcome(piece.span);
    reworded.append(mark);
  }
  for (const edit of edits) {
    const item = document.createElement("li");
    item.textContent = describe_edit(edit) + from(edit);
    list.append(item);
  }
}

// The allow box as an allow-list file reads: a phrase per line, blank lines and # comments skipped.
function allowed_phrases(box) {
  return box.split("\\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
}

// The server reads the file as `unspin text` does; the box then holds exactly the text checked.
async function open_file() {
  const file = byId("file").files[0];
  if (!file) return;
  byId("error").textContent = "";
  byId("status").textContent = "reading\u2026";
  try {
    const response = await fetch("api/text?name=" + encodeURIComponent(file.name), {
      method: "POST",
      headers: {"Content-Type": "application/octet-stream"},
      body: file,
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    byId("input").value = body.text;
    opened = {text: body.text, page_starts: body.page_starts || []};
  } catch (error) {
    byId("error").textContent = String(error.message || error);
  } finally {
    byId("status").textContent = "";
  }
}

// The texts the server traces among (GET api/health; 0: none, and the page never asks api/trace).
let held_sources = 0;

async function post(path, request) {
  const response = await fetch(path, {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify(request),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function check() {
  const text = byId("input").value;  // kept: the offsets index exactly this string
  const button = byId("check");
  byId("error").textContent = "";
  byId("status").textContent = "checking\\u2026";
  button.disabled = true;
  const request = {text: text};
  const min = byId("min").value;  // "" when empty or not a number: the server then uses its default
  if (min !== "") request.min_confidence = Number(min);
  if (byId("phrase").checked) request.as_phrase = true;  // unchecked: the text's form decides
  request.genre = byId("genre").value;
  const allow = allowed_phrases(byId("allow").value);
  if (allow.length) request.allow = allow;
  const source = byId("source").value;
  const compared = source.trim() !== "";
  // with no source pasted, a server holding texts says which one this was spun from, and compares
  const traced = !compared && held_sources > 0;
  byId("traced").hidden = true;
  byId("parts").hidden = true;
  try {
    if (compared) {
      const body = await post("api/compare", {...request, source: source});
      show(text, body.report);
      show_comparisons(text, [{name: undefined, compare: body}]);
    } else if (traced) {
      const body = await post("api/trace", {...request, compare: true});
      const summary = traced_summary(body, held_sources);
      byId("traced").textContent = summary.charAt(0).toUpperCase() + summary.slice(1);
      byId("traced").hidden = false;
      show(text, body.compare === null ? await post("api/check", request) : body.compare.report);
      show_comparisons(text, traced_comparisons(body));
      show_passages(text, body.spun_from);
    } else {
      show(text, await post("api/check", request));
      show_comparisons(text, []);
    }
  } catch (error) {
    byId("error").textContent = String(error.message || error);
  } finally {
    byId("status").textContent = "";
    button.disabled = false;
  }
}

// A screener's allowed phrases outlast the page (best effort: storage may be off)
try {
  byId("allow").value = localStorage.getItem("unspin.allow") || "";
  byId("allow").addEventListener("change", () => localStorage.setItem("unspin.allow", byId("allow").value));
} catch (error) { /* no storage: the box still works for this visit */ }
fetch("api/health").then((response) => response.json()).then((health) => {
  held_sources = health.sources || 0;
  if (!held_sources) return;
  byId("holding").firstChild.textContent = "This server holds " + counted(held_sources, "text") +
    ": with no source pasted, Check also says which of them this text was likeliest spun from, " +
    "and what it reworded there.";
  byId("holding").hidden = false;
}).catch(() => { /* an older server: the page works without tracing */ });
byId("check").addEventListener("click", check);
byId("file").addEventListener("change", open_file);
byId("input").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) check();
});
</script>
</body>
</html>
"""
