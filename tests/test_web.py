"""The web page and JSON API, called as a WSGI app: no sockets, no threads."""

import io
import json
import re
import shutil
import socket
import subprocess
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest
from documents import minimal_pdf

import unspin
from unspin import web
from unspin.cli import main
from unspin.report import apply_spans
from unspin.textio import Document

# A character outside the BMP before the span: offsets count it once, JavaScript would count it twice.
SPUN = "🙂 The counterfeit intelligence beat the chess champion.\n"
# CRLF, a tab, a BOM, non-ASCII and no final newline: all must survive a restore untouched.
PLAIN = "\ufeffHello.\r\nThe café\tis open"


class Reply:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status = int(status.split()[0])
        self.headers = dict(headers)
        self.body = body

    def json(self):
        assert self.headers["Content-Type"] == "application/json; charset=utf-8"
        return json.loads(self.body)


def call(method: str, path: str, body: bytes | None = None, validate: bool = True, **environ) -> Reply:
    """One request through the app, checked by wsgiref's WSGI conformance validator on the way
    (unless ``validate`` is false: it refuses some malformed requests a real client can send)."""
    env: dict = {"REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": ""}
    if body is not None:
        env["wsgi.input"] = io.BytesIO(body)
        env["CONTENT_LENGTH"] = str(len(body))
    env.update(environ)
    setup_testing_defaults(env)
    started = []
    app = validator(web.application) if validate else web.application
    chunks = app(env, lambda status, headers: started.append((status, headers)))
    data = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()  # the validator insists that it is called
    status, headers = started[0]
    return Reply(status, headers, data)


def post(path: str, value: object) -> Reply:
    return call("POST", path, json.dumps(value).encode("utf-8"))


# The page


def test_page_is_served_self_contained():
    reply = call("GET", "/")
    page = reply.body.decode("utf-8")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in reply.headers["Content-Security-Policy"]
    assert '<textarea id="input"' in page and ">Check</button>" in page
    assert 'id="min" type="number"' in page and f'value="{unspin.DEFAULT_MIN_CONFIDENCE}"' in page
    assert 'id="phrase" type="checkbox"' in page and "request.as_phrase = true" in page
    assert '<textarea id="allow"' in page and "request.allow = allow" in page
    assert f"unspin {unspin.__version__}" in page
    # no external assets: nothing is loaded from anywhere but the page itself
    assert "src=" not in page and "href=" not in page and "@import" not in page
    assert "{{" not in page  # every template value was filled in


def page_script() -> str:
    """The page's script, as the browser runs it."""
    page = web.render_page("0.0.0", 0.8).decode("utf-8")
    return page.split("<script>")[1].split("</script>")[0]


# the page's script run outside a browser
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's script")


def test_page_puts_user_text_in_the_dom_as_text_only():
    script = page_script()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script
    assert "Array.from(text)" in script  # code-point offsets, not UTF-16 ones


@needs_node
def test_the_pages_script_parses(tmp_path):
    # the script lives in a Python string: an escape written once too few breaks it in the browser
    script = tmp_path / "page.js"
    script.write_text(page_script(), encoding="utf-8")
    subprocess.run(["node", "--check", str(script)], capture_output=True, text=True, check=True)


def page_function(name: str, *args):
    """What the page script's function ``name`` returns for ``args`` (JSON values), run by node."""
    # every plain function of the script (the page's helpers call one another), not its top level,
    # which needs a document
    functions = re.findall(r"^function \w+\(.*?^\}", page_script(), re.MULTILINE | re.DOTALL)
    assert any(f.startswith(f"function {name}(") for f in functions)
    call_it = f"{name}({', '.join(map(json.dumps, args))})"
    run = "\n".join([*functions, f"console.log(JSON.stringify({call_it}));"])
    return json.loads(subprocess.run(["node", "-e", run], capture_output=True, text=True, check=True).stdout)


@needs_node
def test_the_allow_box_reads_as_an_allow_list_file(tmp_path):
    box = "chief financial officer\n\n  # our house style\n  track and field  \n#x\nbig data"
    phrases = page_function("allowed_phrases", box)
    assert phrases == ["chief financial officer", "track and field", "big data"]
    (tmp_path / "allow.txt").write_text(box, encoding="utf-8")
    assert tuple(phrases) == unspin.read_allow_list(tmp_path / "allow.txt")  # as the file's reader reads it


@needs_node
def test_the_page_cites_a_span_by_page_as_the_cli_does():
    document = Document("Page one.\n\nPage two.\n\nThree", (0, 11, 22))
    for offset in (0, 10, 11, 21, 22, 26):
        assert page_function("page_of", list(document.page_starts), offset) == document.page_of(offset)


@needs_node
def test_the_page_words_each_rewording_and_the_summary_of_a_comparison():
    source = "Machine learning and deep learning help the hospital read scans, the board said."
    copy = "Machine learning and profound learning help the hospital read scans, the panel said."
    body = post("/api/compare", {"source": source, "text": copy}).json()
    lines = [page_function("describe_edit", edit) for edit in body["edits"]]
    assert lines == [
        "\u201cprofound\u201d \u2190 deep: flagged \u2192 deep learning, restored",
        "\u201cpanel\u201d \u2190 board: not flagged",
    ]
    assert page_function("describe_edit", {**body["edits"][0], "restored_rank": 3}).endswith(
        ", restoration 3"
    )
    assert page_function("describe_edit", {**body["edits"][0], "restored_rank": None}).endswith(
        ", not restored so"
    )
    assert [page_function("edit_class", edit) for edit in body["edits"]] == ["restored", ""]
    assert page_function("edit_class", {**body["edits"][0], "restored_rank": 2}) == "flagged"
    summary = page_function("compared_summary", body)
    assert summary == (
        "85 % of its 13 words are the source's, in its order (92 % once restored); 2 rewordings, 1 flagged, "
        "1 restored as the source has them"
    )
    moved = {"start": 0, "end": 9, "original_start": 20, "original_end": 29, "shared_words": 2}
    summary = page_function("compared_summary", {**body, "moves": [moved, moved]})
    assert summary.startswith(
        "85 % of its 13 words are the source's, in its order or in 2 passages it moved (92 %"
    )


def test_render_page_escapes_template_values():
    page = web.render_page('1.0<script>alert("x")</script>', 0.5).decode("utf-8")
    assert "<script>alert" not in page
    assert "unspin 1.0&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'value="0.5"' in page


def test_head_gives_the_headers_without_the_body():
    reply = call("HEAD", "/")
    assert reply.status == 200 and reply.body == b""
    assert int(reply.headers["Content-Length"]) == len(call("GET", "/").body)


def test_health():
    reply = call("GET", "/api/health")
    assert reply.status == 200
    assert reply.json() == {"status": "ok", "unspin": unspin.__version__, "sources": 0}
    # a server holding texts to trace among says how many, so that the page offers to trace
    from unspin.sources import SourceIndex

    archive = SourceIndex([("a", "One story."), ("b", "Another story.")])
    assert call("GET", "/api/health", **{web.SOURCES_KEY: archive}).json()["sources"] == 2


# The API


def test_check_round_trip_is_the_report_json_with_valid_offsets():
    reply = post("/api/check", {"text": SPUN})
    assert reply.status == 200
    assert reply.body.decode("utf-8") == unspin.check(SPUN).to_json()
    report = reply.json()
    assert report["spans"], "the example should have a span"
    for span in report["spans"]:
        assert SPUN[span["start"] : span["end"]] == span["text"]
    assert report["spans"][0]["suggestion"] == "artificial intelligence"
    assert report["spans"][0]["start"] == 6  # code points: the emoji counts once


@pytest.mark.parametrize("path", ["/api/check", "/api/restore"])
def test_a_text_too_long_to_check_is_413(path, monkeypatch):
    monkeypatch.setattr(unspin.pipeline, "MAX_WORDS", 5)
    reply = post(path, {"text": "one two three four five six"})
    assert reply.status == 413
    assert reply.json()["error"].startswith("text of 6 words: longer than the 5")


def test_text_reads_an_uploaded_file_as_unspin_text_does():
    pytest.importorskip("pypdf")
    pdf = minimal_pdf([["We apply profound", "learning here."]])
    reply = call("POST", "/api/text", pdf, QUERY_STRING="name=paper.pdf")
    assert reply.status == 200
    assert reply.json() == {"text": "We apply profound\nlearning here.", "page_starts": [0]}
    # a PDF's pages: where each starts in the text (a span is cited by page, as `unspin check` does)
    two = call("POST", "/api/text", minimal_pdf([["Page one."], ["Page two."]]), QUERY_STRING="name=a.pdf")
    assert two.status == 200 and two.json() == {"text": "Page one.\n\nPage two.", "page_starts": [0, 11]}
    page = b"<p>Rates &amp; <b>prices</b></p>"
    assert call("POST", "/api/text", page, QUERY_STRING="name=story.html").json() == {
        "text": "Rates & prices"
    }
    # the same bytes under another name are text as it is
    assert call("POST", "/api/text", page, QUERY_STRING="name=notes.txt").json() == {"text": page.decode()}


def test_text_of_an_unreadable_file_is_a_400_saying_why():
    reply = call("POST", "/api/text", b"\x89PNG\x00\x00", QUERY_STRING="name=image.png")
    assert (
        reply.status == 400
        and reply.json()["error"] == "image.png: binary content (NUL byte at offset 4), not text"
    )
    assert 'id="file" type="file"' in call("GET", "/").body.decode()


def test_check_min_confidence():
    default = post("/api/check", {"text": SPUN}).json()
    everything = post("/api/check", {"text": SPUN, "min_confidence": 0}).json()
    assert len(everything["spans"]) >= len(default["spans"])
    assert post("/api/check", {"text": SPUN, "min_confidence": 1}).body.decode() == (
        unspin.check(SPUN, 1.0).to_json()
    )


def test_check_as_phrase_reads_a_short_text_as_a_suspect_phrase():
    title = "Colossal benefit lifts the shares"  # a capital: running text unless asked
    for as_phrase in (None, True, False):
        body = {"text": title} if as_phrase is None else {"text": title, "as_phrase": as_phrase}
        assert post("/api/check", body).body.decode() == unspin.check(title, as_phrase=as_phrase).to_json()
        assert post("/api/restore", body).json()["text"] == unspin.restore(title, as_phrase=as_phrase)
    assert post("/api/check", {"text": title, "as_phrase": True, "min_confidence": 0.9}).json()["spans"]
    assert not post("/api/check", {"text": title, "min_confidence": 0.9}).json()["spans"]


def test_a_manuscript_is_checked_with_the_manuscript_model():
    body = {"text": SPUN, "genre": "manuscript", "min_confidence": 0}
    manuscript = post("/api/check", body).body.decode()
    assert manuscript == unspin.check(SPUN, 0, genre="manuscript").to_json()
    assert manuscript != post("/api/check", {**body, "genre": "news"}).body.decode()
    restored = unspin.restore(SPUN, 0, genre="manuscript")
    assert post("/api/restore", body).json()["text"] == restored
    page = call("GET", "/").body.decode()
    assert '<select id="genre">' in page and 'request.genre = byId("genre").value' in page
    assert '<option value="auto" selected>' in page and '<option value="manuscript">' in page
    # the text's prose picks its models unless the request says what it is
    assert (
        post("/api/check", {"text": SPUN, "min_confidence": 0}).body.decode()
        == unspin.check(SPUN, 0, genre="auto").to_json()
    )


def test_check_ranks_the_restorations_against_an_expected_wording():
    phrase = {"text": "bosom peril", "as_phrase": True}
    plain = post("/api/check", phrase).json()
    assert "expected" not in plain
    for expected, rank in (("breast cancer", 1), (["sea", "breast cancer"], 1), ("sea", None)):
        reply = post("/api/check", {**phrase, "expected": expected})
        assert reply.status == 200
        assert reply.json() == {
            "expected": [expected] if isinstance(expected, str) else expected,
            "expected_rank": rank,
            **plain,
        }
    assert post("/api/check", {**phrase, "expected": None}).json() == plain


def test_check_and_restore_never_flag_the_phrases_a_request_allows():
    text = "We apply profound learning to the scans."
    assert post("/api/check", {"text": text}).json()["spans"]
    assert post("/api/check", {"text": text, "allow": ["profound learnings"]}).json()["spans"] == []
    assert post("/api/restore", {"text": text, "allow": ["profound learning"]}).json() == {"text": text}
    assert post("/api/check", {"text": text, "allow": []}).json()["spans"]  # an empty list allows nothing


def test_check_empty_text():
    reply = post("/api/check", {"text": ""})
    assert reply.status == 200
    assert reply.json()["spans"] == []


def test_restore():
    reply = post("/api/restore", {"text": SPUN, "min_confidence": 0.5})
    assert reply.status == 200
    restored = reply.json()["text"]
    assert restored == unspin.restore(SPUN, 0.5)
    assert "artificial intelligence" in restored


def test_restore_is_the_check_spans_applied():
    """The page builds its restored view from /api/check's spans; that must equal /api/restore."""
    for min_confidence in (0.0, 0.8):
        body = {"text": SPUN, "min_confidence": min_confidence}
        spans = unspin.check(SPUN, min_confidence).spans
        assert [s.to_dict() for s in spans] == post("/api/check", body).json()["spans"]
        assert post("/api/restore", body).json()["text"] == apply_spans(SPUN, list(spans))


def test_restore_keeps_unflagged_text_exact():
    assert post("/api/restore", {"text": PLAIN}).json() == {"text": PLAIN}


def test_compare_is_the_library_comparison():
    source = "Machine learning and deep learning help the hospital read scans."
    copy = "Machine learning and profound learning help the hospital read scans."
    reply = post("/api/compare", {"source": source, "text": copy, "min_confidence": 0.5})
    assert reply.status == 200
    assert reply.json() == json.loads(json.dumps(unspin.compare(source, copy, 0.5).to_dict()))
    assert reply.json()["edits"][0]["restored_rank"] == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": "Some words."}, 'missing "source" field'),
        ({"text": "Some words.", "source": 3}, '"source" must be a string, not a number'),
        ({"source": "Some words."}, 'missing "text" field'),
    ],
)
def test_compare_errors(body, message):
    reply = post("/api/compare", body)
    assert reply.status == 400
    assert reply.json() == {"error": message}


# Errors: always JSON with a message, never a traceback


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"text": "abc"', "request body is not valid JSON"),
        (b"", "empty request body"),
        (b"[1, 2]", "request body must be a JSON object"),
        (b'"text"', "not a string"),
        (b"{}", 'missing "text" field'),
        (b'{"text": 3}', '"text" must be a string, not a number'),
        (b'{"text": null}', '"text" must be a string, not null'),
        (b'{"text": ["a"]}', '"text" must be a string, not an array'),
        (b'{"text": "\\ud800"}', "unpaired surrogate"),
        (b'{"text": "a\xff"}', "request body: not valid UTF-8 (byte 0xff at offset 11)"),
        (b'{"text": "a", "min_confidence": 1.5}', "between 0 and 1, not 1.5"),
        (b'{"text": "a", "min_confidence": -0.1}', "between 0 and 1"),
        (b'{"text": "a", "min_confidence": NaN}', "between 0 and 1"),
        (b'{"text": "a", "min_confidence": "0.5"}', "must be a number, not a string"),
        (b'{"text": "a", "min_confidence": true}', "must be a number, not a boolean"),
        (b'{"text": "a", "as_phrase": "yes"}', '"as_phrase" must be true, false or null, not a string'),
        (b'{"text": "a", "genre": "paper"}', '"genre" must be "news", "manuscript" or "auto", not "paper"'),
        (b'{"text": "a", "genre": ["news"]}', '"genre" must be "news", "manuscript" or "auto", not an array'),
        (b"[" * 100_000, "request body is not valid JSON"),
        (b'{"text": "a", "expected": 3}', '"expected" must be a string or a list of strings, not number'),
        (b'{"text": "a", "expected": [""]}', '"expected" holds no wording'),
        (b'{"text": "a", "allow": "x"}', '"allow" must be a list of phrases (strings), not a string'),
        (b'{"text": "a", "allow": 7}', '"allow" must be a list of phrases (strings), not a number'),
        (b'{"text": "a", "allow": [1]}', "not a list holding a number"),
    ],
)
@pytest.mark.parametrize("path", ["/api/check", "/api/restore"])
def test_bad_body_is_400(path, body, message):
    reply = call("POST", path, body)
    assert reply.status == 400
    error = reply.json()["error"]
    assert message in error
    assert "Traceback" not in error


class Unreadable(io.RawIOBase):
    def read(self, size=-1):
        raise AssertionError("an oversized body must not be read")


def test_oversized_body_is_413_without_being_read():
    too_long = str(web.MAX_BODY_BYTES + 1)
    reply = call("POST", "/api/check", **{"wsgi.input": Unreadable(), "CONTENT_LENGTH": too_long})
    assert reply.status == 413
    assert "50,000,000-byte limit" in reply.json()["error"]
    assert web.MAX_BODY_BYTES == unspin.textio.MAX_BYTES  # the command line's limit for a file


def test_missing_content_length_is_411():
    reply = call("POST", "/api/check")
    assert reply.status == 411
    assert "Content-Length" in reply.json()["error"]


@pytest.mark.parametrize(("length", "message"), [("lots", "'lots' is not a number"), ("-5", "negative")])
def test_bad_content_length_is_400(length, message):
    reply = call("POST", "/api/check", validate=False, **{"CONTENT_LENGTH": length})
    assert reply.status == 400
    assert message in reply.json()["error"]


@pytest.mark.parametrize("path", ["/nope", "/api", "/api/check/", "/index.html"])
def test_unknown_path_is_404(path):
    reply = call("GET", path)
    assert reply.status == 404
    assert path in reply.json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/api/check", "POST"),
        ("GET", "/api/restore", "POST"),
        ("POST", "/", "GET, HEAD"),
        ("DELETE", "/api/health", "GET, HEAD"),
    ],
)
def test_wrong_method_is_405(method, path, allowed):
    reply = call(method, path, b"{}")
    assert reply.status == 405
    assert reply.headers["Allow"] == allowed
    assert f"not {method}" in reply.json()["error"]


def test_internal_error_is_500_json_and_logged(monkeypatch):
    class Broken:
        def check(self, text, min_confidence, as_phrase=None, genre="news"):
            raise RuntimeError("engine fell over")

    monkeypatch.setattr(web, "default_checker", Broken)
    log = io.StringIO()
    reply = call("POST", "/api/check", json.dumps({"text": "hi"}).encode(), **{"wsgi.errors": log})
    assert reply.status == 500
    assert reply.json() == {"error": "internal error (see the server log)"}
    assert "RuntimeError: engine fell over" in log.getvalue()


# The command


def test_serve_help(capsys):
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out and "/api/check" in out and "curl" in out


def test_serve_bad_port(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert "not a port number" in capsys.readouterr().err


def test_serve_with_a_list_it_cannot_read_stops_before_serving(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(web, "serve", lambda *args, **kwargs: pytest.fail("served"))
    assert main(["serve", "--phrase-list", str(tmp_path / "missing.tsv")]) == 2
    assert capsys.readouterr().err == f"unspin: error: {tmp_path / 'missing.tsv'}: no such file\n"


@pytest.fixture
def served(monkeypatch) -> list[dict]:
    """The keyword arguments of each ``web.serve`` call ``unspin serve`` makes (none is run)."""
    calls: list[dict] = []
    monkeypatch.setattr(web, "serve", lambda host, port, **kwargs: calls.append(kwargs))
    return calls


def test_serve_with_a_list_answers_with_a_checker_of_it(tmp_path, served):
    mine = tmp_path / "mine.tsv"
    mine.write_text("glimmering rectangle\tbright square\n", encoding="utf-8")
    assert main(["serve", "--phrase-list", str(mine)]) == 0
    [checker] = [call["checker"] for call in served]
    assert checker.check("The glimmering rectangle lit the room.").spans[0].suggestion == "bright square"


def test_serve_with_sources_traces_among_them(tmp_path, served, capsys):
    story = tmp_path / "story.txt"
    story.write_text("The council approved the new budget after a long debate.\n", encoding="utf-8")
    assert main(["serve", "--sources", str(story)]) == 0
    [sources] = [call["sources"] for call in served]
    assert sources.names == [str(story)]
    assert main(["serve", "--sources", str(tmp_path / "missing.txt")]) == 2  # before it binds
    assert capsys.readouterr().err.endswith("unspin: error: no source could be read\n")


def test_serve_port_in_use_is_a_one_line_error(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"unspin: error: cannot serve on 127.0.0.1:{port} (")
    assert err.count("\n") == 1


def test_a_server_answers_with_the_checker_it_was_given():
    from unspin.fingerprints import parse
    from unspin.pipeline import checker_with

    text = "The glimmering rectangle lit the room."
    checker = checker_with(parse(["glimmering rectangle\tbright square\n"], "mine.tsv"))
    assert post("/api/check", {"text": text}).json()["spans"] == []
    with_list = {web.CHECKER_KEY: checker}
    reply = call("POST", "/api/check", json.dumps({"text": text}).encode(), **with_list)
    (span,) = reply.json()["spans"]
    assert span["suggestion"] == "bright square" and span["evidence"][0]["detail"].endswith("(mine.tsv)")
    reply = call("POST", "/api/restore", json.dumps({"text": text}).encode(), **with_list)
    assert reply.json() == {"text": "The bright square lit the room."}
    # the middleware a server with a list runs puts it there
    seen = []
    web.with_checker(lambda environ, start: seen.append(environ[web.CHECKER_KEY]) or [], checker)({}, None)
    assert seen == [checker]


def test_trace_answers_among_the_servers_sources_as_unspin_trace_does():
    from unspin.sources import SourceIndex, trace_fields

    archive = SourceIndex([("deep", "We apply deep learning to the scans, the board said in its report.")])
    copy = "We apply profound learning to the scans, the panel said in its report."
    reply = call("POST", "/api/trace", json.dumps({"text": copy}).encode(), **{web.SOURCES_KEY: archive})
    assert reply.status == 200
    assert reply.json() == json.loads(json.dumps(trace_fields(archive.trace(copy))))
    assert reply.json()["likely_source"] == "deep"
    missing = call("POST", "/api/trace", b'{"words": 1}', **{web.SOURCES_KEY: archive})
    assert (missing.status, missing.json()) == (400, {"error": 'missing "text" field'})
    # a server started without sources says how to give it some
    alone = post("/api/trace", {"text": copy})
    assert alone.status == 404 and "unspin serve --sources" in alone.json()["error"]


def test_trace_compares_a_text_with_its_likely_source_on_request():
    from unspin.sources import SourceIndex

    source = "We apply deep learning to the scans, the board said in its report on Monday."
    archive = SourceIndex([("deep", source), ("rain", "Heavy rain closed the coastal road again.")])
    copy = "We apply profound learning to the scans, the panel said in its report on Monday."
    held = {web.SOURCES_KEY: archive}
    reply = call("POST", "/api/trace", json.dumps({"text": copy, "compare": True}).encode(), **held)
    assert reply.json()["likely_source"] == "deep"
    # as /api/compare gives the text against that source, with the same check fields
    assert reply.json()["compare"] == post("/api/compare", {"text": copy, "source": source}).json()
    assert "compare" not in call("POST", "/api/trace", json.dumps({"text": copy}).encode(), **held).json()
    unrelated = {"text": "A new bakery sells bread made with flour from a nearby farm.", "compare": True}
    reply = call("POST", "/api/trace", json.dumps(unrelated).encode(), **held)
    assert reply.json()["likely_source"] is None and reply.json()["compare"] is None
    wrong = call("POST", "/api/trace", json.dumps({"text": copy, "compare": "yes"}).encode(), **held)
    assert (wrong.status, wrong.json()) == (400, {"error": '"compare" must be true or false, not a string'})


def test_trace_compares_a_text_made_from_two_sources_with_each():
    from unspin.sources import SourceIndex, compared_parts, trace_fields

    budget = "The council approved the new budget after a long debate on Tuesday, the mayor said."
    flood = "Heavy rain closed the coastal road for a second day, and the river rose above its banks."
    archive = SourceIndex([("budget", budget), ("flood", flood), ("other", "Rain fell on the hills.")])
    copy = budget.replace("approved", "sanctioned") + "\n\n" + flood.replace("Heavy", "Torrential")
    body = json.dumps({"text": copy, "compare": True}).encode()
    reply = call("POST", "/api/trace", body, **{web.SOURCES_KEY: archive})
    trace = archive.trace(copy)
    expected = trace_fields(trace, compared_parts(copy, trace, archive.text_of))
    assert reply.json() == json.loads(json.dumps(expected))
    assert len(reply.json()["spun_from"]) == 2 and "compare" in reply.json()["spun_from"][1]


@needs_node
def test_the_page_reads_a_traced_text_against_each_of_its_sources():
    from unspin.sources import SourceIndex, compared_parts, trace_fields

    budget = "The council approved the new budget after a long debate on Tuesday, the mayor said."
    flood = "Heavy rain closed the coastal road for a second day, and the river rose above its banks."
    archive = SourceIndex([("budget", budget), ("flood", flood), ("other", "Rain fell on the hills.")])
    copy = budget.replace("approved", "sanctioned") + "\n\n" + flood.replace("Heavy", "Torrential")
    trace = archive.trace(copy)
    body = json.loads(json.dumps(trace_fields(trace, compared_parts(copy, trace, archive.text_of))))
    comparisons = page_function("traced_comparisons", body)
    assert [item["name"] for item in comparisons] == [part.name for part in trace.spun_from]
    assert [[e["text"] for e in item["compare"]["edits"]] for item in comparisons] == [
        ["Torrential"] if part.name == "flood" else ["sanctioned"] for part in trace.spun_from
    ]
    untraced = json.loads(json.dumps(trace_fields(archive.trace("Zebra quokka."), ())))
    assert page_function("traced_comparisons", untraced) == []


@needs_node
def test_the_page_words_a_trace_as_unspin_trace_does():
    from unspin.cli import render_trace
    from unspin.sources import SourceIndex, SourceMatch, SourcePart, Trace, trace_fields

    archive = SourceIndex(
        [
            ("deep", "We apply deep learning to the scans, the board said in its report on Monday."),
            ("rain", "Heavy rain closed the coastal road again, the board said on Monday."),
        ]
    )
    copies = [
        "We apply profound learning to the scans, the panel said in its report on Monday.",
        "A new bakery on the high street sells bread, the owner said on Monday.",
        "Zebra quokka.",
    ]
    for copy in copies:
        body = json.loads(json.dumps(trace_fields(archive.trace(copy))))
        expected = render_trace("copy", archive.trace(copy), len(archive))
        assert "copy: " + page_function("traced_summary", body, len(archive)) + "\n" == expected
    # a copy made from two sources, the first with passages moved
    matches = (SourceMatch("x", 0.6, 50, 2), SourceMatch("y", 0.3, 25, 0), SourceMatch("z", 0.1, 9, 0))
    mashed = Trace(matches, (SourcePart("x", 50), SourcePart("y", 20)))
    body = json.loads(json.dumps(trace_fields(mashed)))
    line = "copy: " + page_function("traced_summary", body, 5) + "\n"
    assert line == render_trace("copy", mashed, 5)
    assert line.endswith(
        "(60 % of its words are that source's, 2 passages moved); and from y (20 words of its own);"
        " then z 10 %\n"
    )
    # sources whose text the archive holds under other names too, more of them than a line shows
    held = Trace(
        matches, (SourcePart("x", 50, (), ("x2",), 1), SourcePart("y", 20, (), ("a", "b", "c", "d"), 6))
    )
    body = json.loads(json.dumps(trace_fields(held)))
    line = "copy: " + page_function("traced_summary", body, 5) + "\n"
    assert line == render_trace("copy", held, 5)
    assert (
        "moved; also indexed as x2); and from y (20 words of its own; also indexed as a, b, c, 3 more)"
        in line
    )


@needs_node
def test_the_page_marks_the_passages_of_each_source_a_copy_was_made_from():
    from unspin.sources import SourceIndex, trace_fields

    budget = "The council approved the new budget after a long debate on Tuesday, the mayor said."
    flood = "Heavy rain closed the coastal road for a second day, and the river rose above its banks."
    archive = SourceIndex([("budget", budget), ("flood", flood), ("other", "Rain fell on the hills.")])
    first, second = budget.replace("approved", "sanctioned"), flood.replace("Heavy", "Torrential")
    copy = first + "\n\n" + second
    body = json.loads(json.dumps(trace_fields(archive.trace(copy))))
    passages = page_function("traced_passages", body["spun_from"])
    assert [(p["name"], copy[p["start"] : p["end"]]) for p in passages] == [
        ("budget", first),
        ("flood", second),
    ]
    assert {p["colour"] for p in passages} == {"part0", "part1"}
