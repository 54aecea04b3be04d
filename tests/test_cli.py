import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from documents import minimal_docx, minimal_pdf

import unspin
from unspin import cli
from unspin.cli import (
    SummaryRow,
    check_with_leads,
    describe_span,
    highlight,
    main,
    render_comparison,
    render_report,
    render_summary,
    summary_row,
    use_color,
)
from unspin.evaluate import normalise
from unspin.report import Alternative, Evidence, Report, Span

ROOT = Path(__file__).resolve().parents[1]
SPUN = "The counterfeit consciousness beat the chess champion.\n"
# CRLF, a tab, a BOM, non-ASCII and no final newline: all must survive a restore untouched.
PLAIN = "\ufeffHello.\r\nThe café\tis open"


def write(tmp_path, content: str | bytes, name: str = "input.txt") -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return str(path)


def fake_report() -> Report:
    text = "A counterfeit consciousness and a profound learning."
    spans = (
        Span(
            2,
            27,
            "counterfeit consciousness",
            "artificial intelligence",
            0.87,
            (
                Alternative("artificial intelligence", 0.87),
                Alternative("false sense", 0.4),
                Alternative("fake", 0.1),
            ),
            (Evidence("fingerprint", "listed tortured phrase"), Evidence("context", "more likely")),
        ),
        Span(34, 51, "profound learning", "deep learning", 0.6),
    )
    reasons = ("reason one", "reason two", "reason three", "reason four")
    return Report(text, spans, 0.93, "spun", 8, reasons)


# Rendering, with hand-made reports


def test_highlight_plain():
    report = fake_report()
    assert highlight(report.text, report.spans) == (
        "A [[counterfeit consciousness → artificial intelligence]] "
        "and a [[profound learning → deep learning]]."
    )


def test_highlight_colour():
    report = fake_report()
    marked = highlight(report.text, report.spans[:1], color=True)
    assert "[[\x1b[31mcounterfeit consciousness\x1b[0m → \x1b[32martificial intelligence\x1b[0m]]" in marked


def test_highlight_skips_an_overlapping_span():
    text = "abcdef"
    spans = [Span(0, 3, "abc", "X", 0.9), Span(2, 5, "cde", "Y", 0.8)]
    assert highlight(text, spans) == "[[abc → X]]def"


def test_describe_span():
    assert describe_span(fake_report().spans[0]) == (
        '2-27 "counterfeit consciousness" → artificial intelligence (confidence 0.87; '
        "alternatives: false sense, fake; "
        "evidence: fingerprint: listed tortured phrase; context: more likely)"
    )
    assert (
        describe_span(fake_report().spans[1]) == '34-51 "profound learning" → deep learning (confidence 0.60)'
    )


def test_render_report():
    lines = render_report(fake_report(), "paper.txt").splitlines()
    assert lines[0] == "paper.txt: spun (score 0.93, 8 words, 2 spun phrases)"
    assert lines[1:4] == ["  - reason one", "  - reason two", "  - reason three"]  # at most three
    assert "reason four" not in "\n".join(lines)
    assert lines[5].startswith("A [[counterfeit consciousness → artificial intelligence]]")
    assert lines[7] == "spans:"
    assert lines[8].startswith('  2-27 "counterfeit consciousness"')
    assert "\x1b[" not in "\n".join(lines)


def test_a_long_text_is_shown_as_its_numbered_lines_with_a_span():
    lines = [f"Line {n} of plain prose." for n in range(1, 101)]
    lines[49] = "Here profound learning was used."
    lines[69], lines[70] = "and then profound", "learning again."
    text = "\n".join(lines) + "\n"
    first, second = text.index("profound learning"), text.index("profound\nlearning")
    spans = (
        Span(first, first + 17, "profound learning", "deep learning", 0.99),
        Span(second, second + 17, "profound\nlearning", "deep learning", 0.95),
    )
    out = render_report(Report(text, spans, 0.9, "spun", 500), "book.txt").splitlines()
    body = out[out.index("") + 1 : out.index("spans:") - 1]
    assert body == [
        "(100 lines: the 3 lines with a span; --html or --json for the whole text)",
        "50: Here [[profound learning → deep learning]] was used.",
        "    …",
        "70: and then [[profound",
        "71: learning → deep learning]] again.",
    ]
    short = Report(
        "A profound learning.", (Span(2, 19, "profound learning", "deep learning", 0.99),), 0.9, "spun", 3
    )
    assert "A [[profound learning → deep learning]]." in render_report(short, "t").splitlines()


def test_render_report_without_spans():
    report = Report("Fine text.", (), 0.0, "clean", 2, ("nothing found",))
    assert (
        render_report(report, "<stdin>")
        == "<stdin>: clean (score 0.00, 2 words, 0 spun phrases)\n  - nothing found\n"
    )


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_colour_only_on_a_tty_without_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_color(Tty())
    assert not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Tty())


# check


def test_check_piped_output_has_no_ansi(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["check", write(tmp_path, SPUN)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{tmp_path / 'input.txt'}: ")
    assert "\x1b[" not in out
    report = unspin.check(SPUN)
    for span in report.spans:
        assert f"[[{span.text} → {span.suggestion}]]" in out


def test_check_json_parses(tmp_path, capsys):
    assert main(["check", "--json", write(tmp_path, SPUN)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == unspin.check(SPUN).to_dict()
    assert "file" not in data


def test_check_json_several_files_gives_lines_with_file(tmp_path, capsys):
    first, second = write(tmp_path, SPUN, "a.txt"), write(tmp_path, PLAIN, "b.txt")
    assert main(["check", "--json", first, second]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["file"] for line in lines] == [first, second]
    assert all("spans" in line for line in lines)


PHRASES = "bosom peril\r\n\n   \nsupport vector machine\nShe took a profound breath."


def test_check_lines_judges_each_line_on_its_own(tmp_path, capsys):
    path = write(tmp_path, PHRASES)
    assert main(["check", "--lines", "--json", path]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # blank lines are skipped; numbers count every line; the CR stays out of the text
    assert [(row["line"], row["text"]) for row in rows] == [
        (1, "bosom peril"),
        (4, "support vector machine"),
        (5, "She took a profound breath."),
    ]
    for row in rows:
        # each line is a suspect phrase, whatever its form: a sentence of 8 words or fewer too
        assert {k: v for k, v in row.items() if k not in ("line", "text")} == unspin.check(
            row["text"], as_phrase=True
        ).to_dict()
        assert all(row["text"][span["start"] : span["end"]] == span["text"] for span in row["spans"])
    assert [span["suggestion"] for span in rows[0]["spans"]] == ["breast cancer"]


def test_check_lines_readable_has_a_row_per_line(tmp_path, capsys):
    path = write(tmp_path, PHRASES)
    assert main(["check", "--lines", path]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    lines = ("bosom peril", "support vector machine", "She took a profound breath.")
    flagged = [bool(unspin.check(line, as_phrase=True).spans) for line in lines]
    assert header == f"{path}: {sum(flagged)} of 3 lines with a spun phrase"
    assert [row.split()[:2] for row in rows] == [
        [number, "spun" if spun else "clean"] for number, spun in zip(("1", "4", "5"), flagged)
    ]
    number, verdict, score, text = rows[0].split(maxsplit=3)
    assert text == "[[bosom peril → breast cancer]]"
    assert 0.9 <= float(score) <= 1.0


def test_check_lines_ranks_a_list_entrys_restoration_against_its_expected_wording(tmp_path, capsys):
    report = unspin.check("bosom peril", as_phrase=True)
    ranked = list(dict.fromkeys(map(normalise, report.restorations(unspin.DEFAULT_MIN_CONFIDENCE))))[:5]
    later = ranked[-1]  # a wording the phrase's restorations give, but not first
    # tortured<TAB>expected rows, as a list is written: the phrase is checked, not the whole row
    rows = [f"bosom peril\t{wording}" for wording in ("breast cancer", later, "sea")]
    path = write(tmp_path, "\n".join([*rows, "the cat sat\tx", "plain", "\tno phrase"]) + "\n")
    assert main(["check", "--lines", "--json", path]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["text"], r.get("expected"), r.get("expected_rank")) for r in records] == [
        ("bosom peril", ["breast cancer"], 1),
        ("bosom peril", [later], len(ranked)),
        ("bosom peril", ["sea"], None),
        ("the cat sat", ["x"], None),  # not flagged: no restoration to rank
        ("plain", None, None),
        ("\tno phrase", None, None),  # nothing before the tab: the line is checked whole
    ]
    extra = ("line", "text", "expected", "expected_rank")
    assert {k: v for k, v in records[0].items() if k not in extra} == report.to_dict()
    assert main(["check", "--lines", path]) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    assert header.endswith("; of 4 list entries, 1 restored as expected (2 within the first 5 restorations)")
    assert lines[0].endswith("[[bosom peril → breast cancer]]  (restored as expected: breast cancer)")
    assert lines[1].endswith(f"(expected {later}: restoration {len(ranked)})")
    assert lines[2].endswith("(expected sea: not restored so)")


def test_batch_rows_with_an_expected_wording_are_ranked_as_check_lines_ranks_list_entries(tmp_path, capsys):
    entries = [
        ("bosom peril", "breast cancer"),
        ("bosom peril", "sea"),
        ("profound learning", "deep learning"),
    ]
    lines = write(tmp_path, "".join(f"{phrase}\t{wording}\n" for phrase, wording in entries))
    assert main(["check", "--lines", "--json", lines]) == 0
    by_lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    rows = [
        json.dumps({"id": i, "text": phrase, "expected": wording})
        for i, (phrase, wording) in enumerate(entries)
    ]
    rows.append(json.dumps({"id": "odd", "text": "bosom peril", "expected": ["breast cancer", 1]}))
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["batch", "--phrases", str(path)]) == 0
    captured = capsys.readouterr()
    *by_batch, odd = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["expected_rank"] for r in by_batch] == [r["expected_rank"] for r in by_lines] == [1, None, 1]
    for batch_row, lines_row in zip(by_batch, by_lines):
        assert {k: v for k, v in batch_row.items() if k != "id"} == {
            k: v for k, v in lines_row.items() if k not in ("line", "text")
        }
    assert odd == {
        "id": "odd",
        "line": 4,
        "error": '"expected" must be a string or a list of strings, not a list holding a number',
    }
    assert "line 4: " in captured.err


@pytest.mark.parametrize("form", [[], ["--json"], ["--summary"], ["--html"]])
def test_check_fail_on_exits_1_when_a_text_has_that_verdict_after_every_report(tmp_path, capsys, form):
    spun = str(Path(__file__).parents[1] / "examples" / "spun.txt")
    short = write(tmp_path, "The cat sat on the mat.")  # too short to judge: uncertain
    clean = write(tmp_path, "The committee met on Tuesday and agreed the budget. " * 8, "clean.txt")
    verdicts = {
        path: unspin.check(Path(path).read_text(encoding="utf-8")).verdict for path in (spun, short, clean)
    }
    assert verdicts == {spun: "spun", short: "uncertain", clean: "clean"}
    assert main(["check", *form, "--fail-on", "spun", clean, spun]) == 1
    assert main(["check", *form, clean, spun]) == 0  # a verdict fails nothing unless asked
    capsys.readouterr()
    assert main(["check", *form, "--fail-on", "spun", clean, short]) == 0
    assert main(["check", *form, "--fail-on", "uncertain", clean, short]) == 1
    assert (
        main(["check", *form, "--fail-on", "spun", spun, str(tmp_path / "missing.txt")]) == 2
    )  # errors first
    out = capsys.readouterr().out
    assert "missing.txt" not in out and (spun in out or form == ["--html"])


def test_check_fail_on_refuses_lines(tmp_path, capsys):
    assert main(["check", "--lines", "--fail-on", "spun", write(tmp_path, "bosom peril")]) == 2
    assert "--fail-on judges whole texts, not --lines" in capsys.readouterr().err


def test_batch_progress_says_the_rows_done_at_most_every_so_often(tmp_path, capsys):
    from unspin.batch import BatchStats
    from unspin.cli import ProgressReport

    now = [0.0]
    out = io.StringIO()
    report = ProgressReport(out, every=10.0, clock=lambda: now[0])
    for row in range(1, 26):
        now[0] = row * 1.0  # a row a second
        report(BatchStats(rows=row, ok=row - 1, bad=1, spun=row // 2))
    assert out.getvalue().splitlines() == [
        "unspin: 10 rows done (1 bad, 5 spun), 1.0 rows/s",
        "unspin: 20 rows done (1 bad, 10 spun), 1.0 rows/s",
    ]
    now[0], out = 0.0, io.StringIO()
    report, texts, read = ProgressReport(out, every=10.0, clock=lambda: now[0]), [("a", "A text.")] * 25, []
    for item in report.texts(texts):
        read.append(item)
        now[0] += 1.0  # a text a second
    assert read == texts and out.getvalue().splitlines() == [
        "unspin: 10 texts read, 1 texts/s",
        "unspin: 20 texts read, 1 texts/s",
    ]
    path = write(tmp_path, '{"text": "Hello there."}\n', "rows.jsonl")
    assert main(["index", "--progress", path, "-o", str(tmp_path / "rows.index")]) == 0
    assert capsys.readouterr().err.startswith("1 texts indexed in ")
    assert main(["batch", "--progress", path]) == 0  # a short batch ends before its first line
    assert capsys.readouterr().err == "1 row, 1 checked (0 spun, 1 uncertain, 0 clean), 0 bad\n"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_resume_continues_an_output_cut_short_and_ends_as_a_whole_run(tmp_path, capsys, workers):
    rows = [json.dumps({"id": i, "text": SPUN if i % 3 else "Plain words here."}) for i in range(8)]
    source = write(tmp_path, "\n".join(rows[:4] + ["not json"] + rows[4:]) + "\n", "rows.jsonl")
    whole, cut = tmp_path / "whole.jsonl", tmp_path / "cut.jsonl"
    assert main(["batch", source, "-o", str(whole)]) == 0
    written = whole.read_bytes()
    cut.write_bytes(written[: written.index(b"\n", len(written) // 2) + 20])  # a stop mid-row
    capsys.readouterr()
    assert main(["batch", "--resume", "--workers", workers, source, "-o", str(cut)]) == 0
    assert cut.read_bytes() == written
    done = written[: written.index(b"\n", len(written) // 2) + 1].count(b"\n")
    # the summary counts the rows checked now, by their verdicts
    verdicts = [json.loads(line)["verdict"] for line in written.splitlines()[done:]]
    spun, uncertain, clean = map(verdicts.count, ("spun", "uncertain", "clean"))
    assert (
        capsys.readouterr().err
        == f"{done} rows written before, resumed after them; {9 - done} rows, {9 - done} checked"
        f" ({spun} spun, {uncertain} uncertain, {clean} clean), 0 bad\n"
    )
    # an output that is not this input's is refused, and left as it is
    other = write(tmp_path, json.dumps({"id": "x", "text": "Hello."}) + "\n", "other.jsonl")
    assert main(["batch", "--resume", other, "-o", str(cut)]) == 2
    assert "not its output" in capsys.readouterr().err and cut.read_bytes() == written
    assert main(["batch", "--resume", source]) == 2
    assert "give it with -o" in capsys.readouterr().err
    # no output yet: a whole run
    fresh = tmp_path / "fresh.jsonl"
    assert main(["batch", "--resume", source, "-o", str(fresh)]) == 0
    assert fresh.read_bytes() == written


@pytest.mark.parametrize("form", [[], ["--json"], ["--summary"], ["--html"]])
def test_check_workers_give_the_reports_one_process_gives_in_the_same_order(tmp_path, capsys, form):
    pytest.importorskip("pypdf")
    folder = tmp_path / "pile"
    folder.mkdir()
    (folder / "a.txt").write_text(SPUN, encoding="utf-8")
    (folder / "b.txt").write_text(
        "The committee met on Tuesday and agreed the budget. " * 8, encoding="utf-8"
    )
    (folder / "c.pdf").write_bytes(minimal_pdf([["Page one."], ["It uses profound learning."]]))
    (folder / "d.txt").write_bytes(b"bad \xc3\x28 byte")  # unreadable: reported, skipped
    (folder / "e.txt").write_text("We used a glimmering rectangle here.", encoding="utf-8")
    mine = write(tmp_path, "glimmering rectangle\tbright square\n", "mine.tsv")
    command = ["check", *form, "--phrase-list", mine, str(folder)]
    assert main(command) == 2
    one = capsys.readouterr()
    assert main([*command[:1], "--workers", "2", *command[1:]]) == 2
    two = capsys.readouterr()
    assert two.out == one.out and two.err == one.err
    assert "bright square" in one.out and "d.txt: not valid UTF-8" in one.err


def test_check_workers_refuse_stdin_and_lines(tmp_path, capsys):
    path = write(tmp_path, "bosom peril")
    assert main(["check", "--workers", "2", path, "-"]) == 2
    assert "--workers reads files, not stdin" in capsys.readouterr().err
    assert main(["check", "--workers", "2", "--lines", path]) == 2
    assert "not the lines of --lines" in capsys.readouterr().err


def test_check_min_confidence_filters(tmp_path, capsys):
    assert main(["check", "--json", "--min-confidence", "1", write(tmp_path, SPUN)]) == 0
    assert all(span["confidence"] >= 1 for span in json.loads(capsys.readouterr().out)["spans"])


def test_check_reads_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SPUN.encode())))
    assert main(["check", "-"]) == 0
    assert capsys.readouterr().out.startswith("<stdin>: ")


def test_check_carries_on_past_an_unreadable_file(tmp_path, capsys):
    status = main(["check", str(tmp_path / "missing.txt"), write(tmp_path, PLAIN)])
    captured = capsys.readouterr()
    assert status == 2
    assert "input.txt: " in captured.out
    assert captured.err.startswith("unspin: error: ")


def test_check_reads_a_pdf_and_its_offsets_index_the_text_that_text_prints(tmp_path, capsys):
    pytest.importorskip("pypdf")
    # a listed phrase across a line break, as a PDF's text layer sets it
    pages = [["In this study we apply profound", "learning to the detection of tumours."], ["Page two."]]
    text, report = text_and_report(write(tmp_path, minimal_pdf(pages), "paper.pdf"), capsys)
    assert text == "In this study we apply profound\nlearning to the detection of tumours.\n\nPage two."
    assert spans_read(text, report) == [("profound\nlearning", "deep learning")]
    assert [span.pop("page") for span in report["spans"]] == [1]  # a PDF's spans give their page
    assert report == unspin.check(text).to_dict()


def test_check_cites_a_pdfs_spans_by_page_in_every_report(tmp_path, capsys):
    pytest.importorskip("pypdf")
    pages = [
        ["In this study we apply profound", "learning to tumours."],
        ["Page two."],
        ["It uses profound learning."],
    ]
    path = write(tmp_path, minimal_pdf(pages), "paper.pdf")
    assert main(["check", "--json", path]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(span["text"], span["page"]) for span in report["spans"]] == [
        ("profound\nlearning", 1),
        ("profound learning", 3),
    ]
    assert main(["check", path]) == 0
    listed = capsys.readouterr().out.split("spans:\n")[1].splitlines()
    assert [line.split('"')[0].strip() for line in listed[:2]] == [
        f"{span['start']}-{span['end']} (page {span['page']})" for span in report["spans"]
    ]
    assert all("\n" not in span for span in listed)  # evidence quoting "profound\nlearning" too
    assert main(["check", "--summary", path]) == 0
    assert "deep learning, page 1" in capsys.readouterr().out
    assert main(["check", "--html", path]) == 0
    assert "<br>page 3</td>" in capsys.readouterr().out
    # a text file has no pages: nothing is said of them
    assert main(["check", "--json", write(tmp_path, "We apply profound learning to tumours.")]) == 0
    assert "page" not in json.loads(capsys.readouterr().out)["spans"][0]


def text_and_report(path: str, capsys) -> tuple[str, dict]:
    """What ``unspin text`` prints for ``path``, and the report ``unspin check --json`` gives."""
    assert main(["text", path]) == 0
    text = capsys.readouterr().out
    assert main(["check", "--json", path]) == 0
    return text, json.loads(capsys.readouterr().out)


def spans_read(text: str, report: dict) -> list[tuple[str, str]]:
    """Each span as the text it indexes in ``text``, with its suggestion."""
    return [(text[s["start"] : s["end"]], s["suggestion"]) for s in report["spans"]]


def test_check_reads_an_html_page_and_its_offsets_index_the_text_that_text_prints(tmp_path, capsys):
    page = (
        "<html><head><script>var profound = 1;</script></head><body><p>We apply profound <b>learning</b>.</p>"
    )
    text, report = text_and_report(write(tmp_path, page, "page.html"), capsys)
    assert text == "We apply profound learning."
    assert spans_read(text, report) == [("profound learning", "deep learning")]


def test_check_reads_a_jats_article_and_its_offsets_index_the_text_that_text_prints(tmp_path, capsys):
    article = (
        '<?xml version="1.0"?><article><front><article-meta><contrib-group><contrib>Doe</contrib>'
        "</contrib-group><title-group><article-title>Scans</article-title></title-group></article-meta>"
        "</front><body><p>We apply profound <italic>learning</italic> to scans.</p></body></article>"
    )
    text, report = text_and_report(write(tmp_path, article, "paper.nxml"), capsys)
    assert text == "Scans\n\nWe apply profound learning to scans."
    assert spans_read(text, report) == [("profound learning", "deep learning")]
    # a folder's manuscripts include its XML articles
    assert main(["check", "--summary", str(tmp_path)]) == 0
    assert "paper.nxml" in capsys.readouterr().out


def test_check_html_writes_one_page_with_a_section_per_readable_file(tmp_path, capsys):
    spun = write(tmp_path, "We apply profound learning to the scans.", "spun.txt")
    status = main(["check", "--html", spun, str(tmp_path / "missing.txt"), write(tmp_path, PLAIN)])
    captured = capsys.readouterr()
    assert status == 2 and "missing.txt: no such file" in captured.err
    page = captured.out
    assert page.startswith("<!doctype html>") and page.count("<section>") == 2
    assert f"{spun}: " in page and ">profound learning</mark>" in page


def test_check_html_is_for_whole_texts(tmp_path, capsys):
    path = write(tmp_path, SPUN)
    assert_usage_error(capsys, ["check", "--html", "--lines", path], "--html shows whole texts")
    assert_usage_error(capsys, ["check", "--html", "--json", path], "not allowed with argument")


def test_check_reads_a_word_document(tmp_path, capsys):
    docx = minimal_docx(["A title", "We apply profound learning to scans."])
    text, report = text_and_report(write(tmp_path, docx, "paper.docx"), capsys)
    assert text == "A title\n\nWe apply profound learning to scans."
    assert spans_read(text, report) == [("profound learning", "deep learning")]


def test_text_prints_a_text_file_byte_for_byte(tmp_path, capsysbinary):
    assert main(["text", write(tmp_path, PLAIN)]) == 0
    assert capsysbinary.readouterr().out == PLAIN.encode("utf-8")


# Errors: exit 2 with one line on stderr


def assert_usage_error(capsys, argv, expected: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("unspin: error: ")
    assert expected in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("command", ["check", "restore", "text", "spin", "batch"])
def test_missing_file(tmp_path, capsys, command):
    assert_usage_error(capsys, [command, str(tmp_path / "missing.txt")], "no such file")


def test_binary_file(tmp_path, capsys):
    assert_usage_error(capsys, ["check", write(tmp_path, b"PNG\x00\x01")], "binary content")


def test_bad_utf8(tmp_path, capsys):
    assert_usage_error(capsys, ["restore", write(tmp_path, b"abc \xe9t\xe9")], "not valid UTF-8")


def test_directory(tmp_path, capsys):
    assert_usage_error(capsys, ["restore", str(tmp_path)], "is a directory")
    assert_usage_error(capsys, ["check", str(tmp_path)], "a folder with no document in it (.txt")


def test_check_reads_the_documents_of_a_folder_and_its_subfolders(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".cache").mkdir()
    for name in ("b.txt", "A.TXT", "sub/c.md", "scan.png", ".notes.txt", ".cache/d.txt"):
        write(tmp_path, SPUN, name)
    assert main(["check", "--json", str(tmp_path)]) == 0
    files = [json.loads(line)["file"] for line in capsys.readouterr().out.splitlines()]
    assert files == [str(tmp_path / name) for name in ("A.TXT", "b.txt", "sub/c.md")]


def test_check_summary_ranks_the_files_most_likely_spun_first(tmp_path, capsys):
    clean, spun = str(ROOT / "examples" / "original.txt"), str(ROOT / "examples" / "spun.txt")
    status = main(["check", "--summary", clean, str(tmp_path / "missing.txt"), spun])
    captured = capsys.readouterr()
    assert status == 2 and "missing.txt: no such file" in captured.err
    header, first, second, footer = captured.out.splitlines()
    assert header.split() == ["score", "verdict", "words", "spans", "listed", "file"]
    reports = {path: unspin.check(Path(path).read_text(encoding="utf-8")) for path in (spun, clean)}
    for line, path in ((first, spun), (second, clean)):
        report = reports[path]
        score, verdict, words, spans, listed, name = line.split()[:6]
        assert (float(score), verdict, int(words), int(spans), int(listed), name) == (
            round(report.score, 2),
            report.verdict,
            report.words,
            len(report.spans),
            0,  # our own spin uses no phrase of the list
            path,
        )
    strongest = max(reports[spun].spans, key=lambda span: span.confidence)
    assert f"({strongest.text} → {strongest.suggestion}; " in first and "→" not in second
    verdicts = [report.verdict for report in reports.values()]
    assert footer == f"3 files: 1 {verdicts[0]}, 1 {verdicts[1]}, 1 unreadable"


def test_summary_puts_texts_called_spun_before_uncertain_ones_of_any_score() -> None:
    rows = [
        SummaryRow("note.txt", 0.97, "uncertain", 20, 1, 0, ()),
        SummaryRow("a.txt", 0.90, "spun", 900, 3, 0, ()),
        SummaryRow("b.txt", 0.10, "clean", 800, 0, 0, ()),
        SummaryRow("c.txt", 0.99, "spun", 700, 5, 2, ()),
    ]
    names = [line.split()[5] for line in render_summary(rows).splitlines()[1:-1]]
    assert names == ["c.txt", "a.txt", "note.txt", "b.txt"]


def test_summary_counts_the_spans_that_are_listed_tortured_phrases() -> None:
    # "profound learning" and "bosom thickness" are on the shipped list; "counterfeit" is not
    text = "The profound learning model read the bosom thickness of each counterfeit scan in the study."
    report = unspin.check(text, min_confidence=0.5)
    row = summary_row("paper.txt", report)
    assert len(report.spans) > row.listed == 2


def test_check_summary_is_for_whole_texts(tmp_path, capsys):
    path = write(tmp_path, SPUN)
    assert_usage_error(capsys, ["check", "--summary", "--lines", path], "--summary shows whole texts")
    assert_usage_error(capsys, ["check", "--summary", "--html", path], "not allowed with argument")


@pytest.mark.parametrize("value", ["2", "-0.1", "nan", "abc"])
def test_bad_min_confidence(tmp_path, capsys, value):
    path = write(tmp_path, PLAIN)
    assert_usage_error(capsys, ["check", "--min-confidence", value, path], "--min-confidence")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["check"],
        ["spin", "--thesaurus", "roget", "x"],
        ["spin", "--json", "--spintax", "x"],
        ["spin", "--rate", "1.5", "x"],
        ["batch", "--workers", "0", "x"],
    ],
)
def test_bad_usage(capsys, argv):
    assert_usage_error(capsys, argv, "")


def test_unwritable_batch_output(tmp_path, capsys):
    rows = write(tmp_path, '{"text": "x"}\n', "in.jsonl")
    assert_usage_error(capsys, ["batch", rows, "-o", str(tmp_path / "no" / "out.jsonl")], "cannot write")


# restore


def test_restore_unflagged_text_is_byte_identical(tmp_path, capsysbinary):
    assert unspin.check(PLAIN).spans == ()  # precondition: the engine finds nothing here
    assert main(["restore", write(tmp_path, PLAIN)]) == 0
    assert capsysbinary.readouterr().out == PLAIN.encode("utf-8")


def test_restore_empty_file(tmp_path, capsysbinary):
    assert main(["restore", write(tmp_path, "")]) == 0
    assert capsysbinary.readouterr().out == b""


def test_restore_matches_the_library(tmp_path, capsysbinary):
    assert main(["restore", "--min-confidence", "0.7", write(tmp_path, SPUN)]) == 0
    assert capsysbinary.readouterr().out == unspin.restore(SPUN, 0.7).encode("utf-8")


def test_restore_from_stdin(capsysbinary, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PLAIN.encode())))
    assert main(["restore", "-"]) == 0
    assert capsysbinary.readouterr().out == PLAIN.encode("utf-8")


# spin


def test_spin_choices_mirror_the_spinner():
    from unspin import spin

    assert cli.THESAURI == spin.THESAURI
    assert cli.STYLES == spin.STYLES


def test_spin_rate_zero_is_the_input(tmp_path, capsysbinary):
    assert main(["spin", "--rate", "0", write(tmp_path, PLAIN)]) == 0
    assert capsysbinary.readouterr().out == PLAIN.encode("utf-8")


def test_spin_json_and_spintax(tmp_path, capsys):
    path = write(tmp_path, SPUN)
    argv = ["spin", "--rate", "1", "--seed", "7", "--thesaurus", "pps", "--style", "careful", path]
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["original"] == SPUN
    assert data["settings"]["seed"] == 7
    for edit in data["edits"]:
        assert data["text"][edit["start"] : edit["end"]] == edit["text"]
    assert main(argv) == 0
    assert capsys.readouterr().out == data["text"]
    assert main([*argv, "--spintax"]) == 0
    spintax = capsys.readouterr().out
    assert all(f"{{{edit['original']}|{edit['text']}}}" in spintax for edit in data["edits"])


# compare

SOURCE = "Machine learning and deep learning help the hospital read scans, the board said.\n"
COPY = "Machine learning and profound learning help the hospital read scans, the panel said.\n"


def test_compare_lists_the_rewordings_and_what_check_made_of_them(tmp_path, capsys):
    source, copy = write(tmp_path, SOURCE, "source.txt"), write(tmp_path, COPY, "copy.txt")
    assert main(["compare", source, copy]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"{copy} against {source}: 85 % of its 13 words are the source's, in its order"
        " (92 % once restored); 2 rewordings"
    )
    assert lines[1].startswith("unspin, without the source: 1 of the 2 rewordings flagged, 1 restored as")
    start = COPY.index("profound")
    assert (
        f'  {start}-{start + 8} "profound" ← deep: flagged "profound learning" → deep learning, restored'
        in lines
    )
    start = COPY.index("panel")
    assert f'  {start}-{start + 5} "panel" ← board: not flagged' in lines


def test_compare_json_indexes_both_texts(tmp_path, capsys):
    source, copy = write(tmp_path, SOURCE, "source.txt"), write(tmp_path, COPY, "copy.txt")
    assert main(["compare", "--json", source, copy]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["source"], data["copy"], data["words"], data["flagged"], data["restored"]) == (
        source,
        copy,
        13,
        1,
        1,
    )
    for edit in data["edits"]:
        assert COPY[edit["start"] : edit["end"]] == edit["text"]
        assert SOURCE[edit["original_start"] : edit["original_end"]] == edit["original"]
    assert [edit["restored_rank"] for edit in data["edits"]] == [1, None]
    assert data["report"]["spans"][0]["text"] == "profound learning"


def test_compare_html_is_one_page_and_not_with_json(tmp_path, capsys):
    source, copy = write(tmp_path, SOURCE, "source.txt"), write(tmp_path, COPY, "copy.txt")
    assert main(["compare", "--html", source, copy]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!doctype html>") and f"<h1>{copy} against {source}</h1>" in page
    assert page.count('<mark class="restored" title=') == page.count('<mark class="missed" title=') == 1
    assert main(["compare", "--html", "--json", source, copy]) == 2


def test_compare_several_copies_of_one_source(tmp_path, capsys):
    source, copy = write(tmp_path, SOURCE, "source.txt"), write(tmp_path, COPY, "copy.txt")
    same = write(tmp_path, SOURCE, "same.txt")
    missing = str(tmp_path / "missing.txt")
    assert main(["compare", source, copy, missing, same]) == 2  # the others are still compared
    captured = capsys.readouterr()
    assert captured.err == f"unspin: error: {missing}: no such file\n"
    assert captured.out.endswith(
        f"2 copies of {source}, the most of its words first:\n"
        f"  100 %  0 rewordings, 0 flagged, 0 restored  {same}\n"
        f"   85 %  2 rewordings, 1 flagged, 1 restored  {copy}\n"
    )
    assert main(["compare", "--json", source, copy, same]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["copy"], len(row["edits"])) for row in rows] == [(copy, 2), (same, 0)]
    assert main(["compare", "--html", source, copy, same]) == 0
    page = capsys.readouterr().out
    assert f"<h1>2 copies against {source}</h1>" in page and page.count("<section>") == 2


def test_compare_shows_a_moved_paragraph_in_every_form(tmp_path, capsys):
    second = "The new hospital will open next spring, and it will treat patients from three towns.\n"
    source = write(tmp_path, SOURCE + "\n" + second, "source.txt")
    moved = second.replace("treat", "serve")
    copy = write(tmp_path, moved + "\n" + SOURCE, "copy.txt")
    assert main(["compare", source, copy]) == 0
    out = capsys.readouterr().out
    assert "are the source's, in its order or in 1 passage it moved (" in out
    start = len(SOURCE + "\n")
    assert f"moved passages (offsets in {copy}, then in {source}):\n  0-{len(moved) - 1} ← {start}-" in out
    assert '"The new hospital will open next …", 14 words as the source has them there' in out
    assert '"serve" ← treat: not flagged' in out
    assert main(["compare", "--json", source, copy]) == 0
    (move,) = json.loads(capsys.readouterr().out)["moves"]
    assert (move["start"], move["end"], move["original_start"], move["shared_words"]) == (
        0,
        len(moved) - 1,
        start,
        14,
    )
    assert main(["compare", "--html", source, copy]) == 0
    page = capsys.readouterr().out
    assert "in its order or in 1 passage it moved" in page
    assert "<h3>Moved passages</h3>\n<table>\n<tr><th>offsets</th>" in page
    assert f'<tr><td class="number">0–{len(moved) - 1}</td><td class="number">{start}–' in page


def test_compare_errors_exit_2_with_one_line(tmp_path, capsys):
    source = write(tmp_path, SOURCE, "source.txt")
    assert main(["compare", source, str(tmp_path / "missing.txt")]) == 2
    assert main(["compare", "-", "-"]) == 2
    assert main(["compare", write(tmp_path, b"\x00\x01binary", "source.bin"), source]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 3 and all(line.startswith("unspin: error: ") for line in errors)
    assert "only one of SOURCE and COPY can be - (stdin)" in errors[1]


# batch


def test_batch_to_file_with_summary(tmp_path, capsys):
    rows = write(tmp_path, '{"id": "a", "text": "Plain."}\nnot json\n{"text": "Also plain."}\n', "in.jsonl")
    out = tmp_path / "out.jsonl"
    assert main(["batch", rows, "-o", str(out), "--restore"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "line 2: invalid JSON: Expecting value (column 1)",
        "3 rows, 2 checked (0 spun, 2 uncertain, 0 clean), 1 bad",
    ]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", 2, 3]
    assert lines[0]["restored"] == "Plain."


def test_a_text_too_long_to_check_is_an_error_and_the_next_file_is_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(unspin.pipeline, "MAX_WORDS", 5)
    long = write(tmp_path, "one two three four five six", "long.txt")
    status = main(["check", long, write(tmp_path, "Short text.")])
    captured = capsys.readouterr()
    assert status == 2
    too_long = "6 words: longer than the 5 one check reads at once; check it in parts (chapters, say)"
    assert captured.err == f"unspin: error: {long}: {too_long}\n"
    assert "input.txt: " in captured.out
    assert_usage_error(capsys, ["restore", long], f"{long}: 6 words: longer than the 5")


def test_batch_reports_a_text_too_long_to_check_as_a_bad_row(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(unspin.pipeline, "MAX_WORDS", 5)
    rows = write(
        tmp_path, '{"id": "a", "text": "one two three four five six"}\n{"id": "b", "text": "Fine."}\n'
    )
    assert main(["batch", rows]) == 0
    bad, good = map(json.loads, capsys.readouterr().out.splitlines())
    assert bad == {
        "id": "a",
        "line": 1,
        "error": "6 words: longer than the 5 one check reads at once; check it in parts (chapters, say)",
    }
    assert good["id"] == "b" and "error" not in good


def test_batch_to_stdout(tmp_path, capsys):
    rows = write(tmp_path, '{"text": "Café."}\n', "in.jsonl")
    assert main(["batch", rows, "--workers", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == 1


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_phrases_reads_every_row_as_a_suspect_phrase(tmp_path, capsys, workers):
    rows = write(tmp_path, '{"id": 1, "text": "Bosom peril"}\n', "in.jsonl")
    assert main(["batch", rows, "--phrases", "--workers", workers]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "id": 1,
        **unspin.check("Bosom peril", as_phrase=True).to_dict(),
    }
    assert main(["batch", rows]) == 0  # capitalised: running text unless asked
    assert json.loads(capsys.readouterr().out) == {"id": 1, **unspin.check("Bosom peril").to_dict()}


def test_genre_picks_the_model_for_check_restore_and_batch(tmp_path, capsys):
    text = "Patients with bosom peril were given a new drug, and the tumours shrank in most of them."
    paper = write(tmp_path, text, "paper.txt")
    rows = write(tmp_path, json.dumps({"id": 1, "text": text}) + "\n", "in.jsonl")
    expected = unspin.check(text, 0, genre="manuscript")
    assert expected.to_dict() != unspin.check(text, 0).to_dict()  # the two models differ here
    assert main(["check", "--json", "--min-confidence", "0", "--genre", "manuscript", paper]) == 0
    assert json.loads(capsys.readouterr().out) == expected.to_dict()
    assert main(["batch", "--min-confidence", "0", "--genre", "manuscript", "--workers", "2", rows]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": 1, **expected.to_dict()}
    assert main(["restore", "--min-confidence", "0", "--genre", "manuscript", paper]) == 0
    assert capsys.readouterr().out == expected.restored(0)


def test_check_says_when_a_text_read_as_news_reads_like_a_paper(tmp_path, capsys):
    paper = write(
        tmp_path,
        "In this paper, we propose a convolutional neural network for the segmentation of medical images. "
        "The proposed architecture combines feature extraction with an attention mechanism, and its "
        "performance is evaluated on three benchmark datasets. Experimental results show that the method "
        "improves the classification accuracy and reduces the computational complexity of approaches.\n",
        "paper.txt",
    )
    assert main(["check", "--genre", "news", paper]) == 0
    assert "reads like a paper or technical text: --genre manuscript (or auto" in capsys.readouterr().out
    for genre in ([], ["--genre", "auto"], ["--genre", "manuscript"]):  # auto is the default
        assert main(["check", *genre, paper]) == 0
        out = capsys.readouterr().out
        assert "; read as a manuscript)" in out.splitlines()[0] and "reads like a paper" not in out
    assert main(["check", "--json", "--genre", "auto", paper]) == 0
    assert json.loads(capsys.readouterr().out)["genre"] == "manuscript"


def test_an_unknown_genre_is_bad_usage(tmp_path, capsys):
    assert main(["check", "--genre", "paper", write(tmp_path, "Text.", "a.txt")]) == 2
    assert "argument --genre: invalid choice: 'paper'" in capsys.readouterr().err


PAGE = (
    "<!DOCTYPE html><html><head><title>Scans</title><style>p {color: red}</style></head>"
    "<body><p>We apply <b>profound learning</b> to the scans of the patients.</p></body></html>"
)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_html_checks_each_page_as_its_visible_text_and_gives_that_text(tmp_path, capsys, workers):
    rows = write(tmp_path, json.dumps({"id": "p", "text": PAGE}) + "\n", "in.jsonl")
    assert main(["batch", rows, "--html", "--workers", workers]) == 0
    record = json.loads(capsys.readouterr().out)
    visible = "Scans\n\nWe apply profound learning to the scans of the patients."
    assert record == {"id": "p", "text": visible, **unspin.check(visible).to_dict()}
    assert [visible[s["start"] : s["end"]] for s in record["spans"]] == ["profound learning"]
    assert main(["batch", rows]) == 0  # without --html: the page is checked as it is, no "text"
    assert "text" not in json.loads(capsys.readouterr().out)


def test_batch_all_rows_bad_exits_1(tmp_path, capsys):
    assert main(["batch", write(tmp_path, "nope\n[]\n", "in.jsonl")]) == 1
    assert capsys.readouterr().err.endswith("2 rows, 0 checked, 2 bad\n")


def test_batch_empty_input_exits_0(tmp_path, capsys):
    assert main(["batch", write(tmp_path, "", "in.jsonl")]) == 0
    assert capsys.readouterr().err == "0 rows, 0 checked, 0 bad\n"


# help, version, pipes


def test_version(capsys):
    assert main(["--version"]) == 0
    core = "core compiled" if unspin.native.build() == "compiled" else "core run as Python sources"
    assert capsys.readouterr().out == f"unspin {unspin.__version__} ({core})\n"


@pytest.mark.parametrize("command", [[], ["check"], ["restore"], ["text"], ["spin"], ["batch"]])
def test_help_has_examples(capsys, command):
    assert main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out
    assert f"unspin {command[0]}" in out if command else "unspin check" in out


def test_broken_pipe_is_quiet(tmp_path, capsys, monkeypatch):
    class ClosedPipe(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    path = write(tmp_path, PLAIN)
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["check", path]) == 1
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("module", ["unspin", "unspin.cli"])
def test_module_runs_as_a_script(module):
    done = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: unspin")
    assert "examples:" in done.stdout


def test_script_error_has_no_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "unspin.cli", "check", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"unspin: error: {tmp_path / 'missing.txt'}: no such file\n"


def test_render_report_counts_weaker_spans():
    lines = render_report(fake_report(), "paper.txt", weaker=3).splitlines()
    assert (
        lines[-1]
        == "3 weaker phrases with a confidence of 0.5 or more not shown: --min-confidence 0.5 shows them"
    )
    assert "weaker" not in render_report(fake_report(), "paper.txt")


def test_check_tells_how_many_weaker_spans_a_lower_threshold_shows(capsys):
    spun = (ROOT / "examples" / "spun.txt").read_text(encoding="utf-8")
    report, weaker, _ = check_with_leads(spun, 0.9)
    lenient = unspin.check(spun, 0.5)
    assert report.verdict == "spun"
    assert weaker == sum(span.confidence < 0.9 for span in lenient.spans) > 0
    assert main(["check", "--min-confidence", "0.9", str(ROOT / "examples" / "spun.txt")]) == 0
    assert f"{weaker} weaker phrase" in capsys.readouterr().out
    # nothing lies below a threshold that is already the lower one
    assert check_with_leads(spun, 0.5)[1] == 0


def test_check_says_how_to_read_a_short_capitalised_text_as_a_suspect_phrase(tmp_path, capsys):
    assert main(["check", write(tmp_path, "Bosom peril\n", "a.txt")]) == 0
    capitalised = capsys.readouterr().out
    assert main(["check", write(tmp_path, "bosom peril\n", "b.txt")]) == 0
    lower = capsys.readouterr().out
    assert "read as running text" in capitalised and "unspin check --lines" in capitalised
    assert "read as running text" not in lower  # written like a list entry: read as one
    longer = "The committee met on Monday and agreed to raise the budget.\n"
    assert main(["check", write(tmp_path, longer, "c.txt")]) == 0
    assert "read as running text" not in capsys.readouterr().out  # too long for a phrase anyway


def test_check_restore_and_batch_find_the_phrases_of_a_users_list(tmp_path, capsys):
    mine = write(tmp_path, "# my finds\nglimmering rectangle\tbright square\nno tab\n", "mine.tsv")
    text = write(tmp_path, "The glimmering rectangle lit the room.\n")
    assert main(["check", "--json", text]) == 0
    assert json.loads(capsys.readouterr().out)["spans"] == []
    assert main(["check", "--json", "--phrase-list", mine, text]) == 0
    captured = capsys.readouterr()
    (span,) = json.loads(captured.out)["spans"]
    assert span["suggestion"] == "bright square" and span["evidence"][0]["detail"].endswith("(mine.tsv)")
    # the rows that are no entry are named, and the rest of the list is used
    assert captured.err == f"unspin: warning: {mine}: 1 row skipped, not 'tortured<TAB>expected' (line 3)\n"
    assert main(["restore", "--phrase-list", mine, text]) == 0
    assert capsys.readouterr().out == "The bright square lit the room.\n"
    rows = write(tmp_path, json.dumps({"id": 1, "text": "glimmering rectangle"}) + "\n", "in.jsonl")
    assert main(["batch", "--phrases", "--phrase-list", mine, rows]) == 0
    assert json.loads(capsys.readouterr().out)["spans"][0]["suggestion"] == "bright square"


def test_check_restore_batch_and_the_html_page_never_flag_an_allowed_phrase(tmp_path, capsys):
    allow = write(tmp_path, "# our terms\nprofound learning\n", "allow.txt")
    text = write(tmp_path, "We apply profound learning to the scans.\n")
    assert main(["check", "--json", text]) == 0
    assert json.loads(capsys.readouterr().out)["spans"]
    assert main(["check", "--json", "--allow-list", allow, text]) == 0
    assert json.loads(capsys.readouterr().out)["spans"] == []
    assert main(["restore", "--allow-list", allow, text]) == 0
    assert capsys.readouterr().out == "We apply profound learning to the scans.\n"
    rows = write(
        tmp_path, json.dumps({"id": 1, "text": "We apply profound learning to the scans."}) + "\n", "in.jsonl"
    )
    for workers in ("1", "2"):
        assert main(["batch", "--workers", workers, "--allow-list", allow, rows]) == 0
        assert json.loads(capsys.readouterr().out)["spans"] == []
    assert main(["check", "--html", "--allow-list", allow, text]) == 0
    assert "the allow list allow.txt never flagged" in capsys.readouterr().out.replace(
        str(tmp_path) + "/", ""
    )
    empty = write(tmp_path, "# nothing yet\n", "empty.txt")
    assert main(["check", "--allow-list", empty, text]) == 2
    assert (
        capsys.readouterr().err
        == f"unspin: error: {empty}: no phrase in it (one per line; # starts a comment)\n"
    )


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"# nothing yet\n", "no tortured<TAB>expected entries in it"),
        (b"caf\xe9\tcoffee\n", "not valid UTF-8 (byte 0xe9 at offset 3)"),
    ],
)
def test_a_phrase_list_that_cannot_be_used_stops_the_command_with_one_line(tmp_path, capsys, content, error):
    mine = write(tmp_path, content, "mine.tsv")
    text = write(tmp_path, "Plain.\n")
    for command in (["check", text], ["restore", text], ["batch", text]):
        assert main([*command, "--phrase-list", mine]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err == f"unspin: error: {mine}: {error}\n"
    # an earlier batch's output is left as it was
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": 1}\n', encoding="utf-8")
    assert main(["batch", text, "-o", str(out), "--phrase-list", mine]) == 2
    assert out.read_text(encoding="utf-8") == '{"id": 1}\n'


# trace

STORIES = {
    "budget.txt": "The council approved the new budget for the coming year after a long debate on Tuesday. "
    "Local businesses had asked for lower taxes, and several residents spoke in favour.\n",
    "flood.txt": "Heavy rain closed the coastal road for a second day, and the river rose above its banks "
    "near the old mill. Engineers expect the water to fall by the weekend.\n",
    "match.txt": "The visiting side scored twice in the last ten minutes to win the final at the national "
    "stadium. Their coach praised the young striker who came on as a substitute.\n",
}


def test_trace_names_each_copys_likely_source(tmp_path, capsys):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name, text in STORIES.items():
        write(archive, text, name)
    copy = write(
        tmp_path, STORIES["flood.txt"].replace("Heavy", "Torrential").replace("closed", "shut"), "copy.txt"
    )
    other = write(
        tmp_path, "A new bakery on the high street sells bread made with flour from a farm.\n", "other.txt"
    )
    assert main(["trace", copy, other, "--sources", str(archive)]) == 0
    first, second = capsys.readouterr().out.splitlines()
    flood = str(archive / "flood.txt")
    assert first.startswith(
        f"{copy}: spun from {flood}, most likely (93 % of its words are that source's); then "
    )
    assert second.startswith(f"{other}: no likely source among the 3 texts; the closest: ")
    assert main(["trace", "--json", "--top", "1", copy, "--sources", str(archive)]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["likely_source"] == flood
    assert row["sources"] == [{"name": flood, "shared_share": 0.9333, "shared_words": 28, "moves": 0}]
    # --compare: each copy against its likely source, as compare gives it; null without one
    assert main(["trace", "--compare", "--json", copy, other, "--sources", str(archive)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    comparison = unspin.compare(STORIES["flood.txt"], Path(copy).read_text(encoding="utf-8"))
    assert rows[0]["compare"] == json.loads(json.dumps(comparison.to_dict()))
    assert rows[1]["likely_source"] is None and rows[1]["compare"] is None
    assert main(["trace", "--compare", copy, "--sources", str(archive)]) == 0
    assert capsys.readouterr().out == first + "\n" + render_comparison(comparison, flood, copy) + "\n"
    # --html: one page for every copy, with what --compare adds
    assert main(["trace", "--html", "--compare", copy, other, "--sources", str(archive)]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!doctype html>") and page.count("<section>") == 2
    assert f'title="from {flood}"' in page and page.count(f"<h3>{copy} against {flood}</h3>") == 1
    assert_usage_error(
        capsys, ["trace", "--html", "--json", copy, "--sources", str(archive)], "not allowed with"
    )


def test_trace_compares_a_copy_made_from_two_sources_with_each_for_its_own_sentences(tmp_path, capsys):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name, text in STORIES.items():
        write(archive, text, name)
    budget = STORIES["budget.txt"].replace("approved", "sanctioned").strip()
    flood = STORIES["flood.txt"].replace("Heavy", "Torrential").strip()
    copy = write(tmp_path, budget + "\n\n" + flood + "\n", "copy.txt")
    assert main(["trace", "--compare", "--json", copy, "--sources", str(archive)]) == 0
    row = json.loads(capsys.readouterr().out)
    first, second = row["spun_from"]
    rewordings = {first["name"]: row["compare"]["edits"], second["name"]: second["compare"]["edits"]}
    budget_path, flood_path = str(archive / "budget.txt"), str(archive / "flood.txt")
    assert {name: [(e["text"], e["original"]) for e in edits] for name, edits in rewordings.items()} == {
        budget_path: [("sanctioned", "approved")],
        flood_path: [("Torrential", "Heavy")],
    }
    assert "report" in row["compare"] and "report" not in second["compare"]
    assert main(["trace", "--compare", copy, "--sources", str(archive)]) == 0
    out = capsys.readouterr().out
    assert f"{copy}, less its passages from other sources, against {first['name']}: " in out
    assert f"{copy}, its passages from {second['name']}, against {second['name']}: " in out


def test_an_index_saved_once_is_traced_among_as_its_texts_are(tmp_path, capsys):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name, text in list(STORIES.items())[:2]:
        write(archive, text, name)
    rows = tmp_path / "more.jsonl"
    rows.write_text(
        json.dumps({"id": "match", "text": STORIES["match.txt"]}) + "\nnot json\n", encoding="utf-8"
    )
    index = str(tmp_path / "archive.index")
    assert main(["index", str(archive), "-o", index]) == 0
    assert capsys.readouterr().err.startswith(f"2 texts indexed in {index}, ")
    assert main(["index", "--add", str(rows), "-o", index]) == 2  # its bad row named, the rest added
    err = capsys.readouterr().err
    assert "more.jsonl:2: invalid JSON" in err and "1 texts added (3 in all) in " in err
    assert main(["index", "--add", str(archive), "-o", index]) == 0
    assert "0 texts added (3 in all; 2 left out, as it had them already) in " in capsys.readouterr().err
    write(archive, STORIES["budget.txt"].replace("Tuesday", "Wednesday"), "budget.txt")  # corrected
    assert main(["index", "--add", str(archive), "-o", index]) == 0
    assert "0 texts added, 1 replaced by a new text (3 in all; 1 left out, as" in capsys.readouterr().err
    copy = write(tmp_path, STORIES["flood.txt"].replace("Heavy", "Torrential"), "copy.txt")
    assert main(["trace", "--json", copy, "--sources", index]) == 0
    from_index = capsys.readouterr().out
    assert main(["trace", "--json", copy, "--sources", str(archive), str(rows)]) == 2
    assert capsys.readouterr().out == from_index
    assert_usage_error(
        capsys, ["trace", copy, "--sources", index, str(archive)], "a saved index is given alone"
    )
    assert_usage_error(capsys, ["index", str(archive), "-o", copy], "not an index saved by unspin index")
    empty = str(tmp_path / "empty.index")
    assert main(["index", str(tmp_path / "missing"), "-o", empty]) == 2  # nothing readable: 0 indexed
    assert "missing: no such file" in capsys.readouterr().err
    assert_usage_error(capsys, ["trace", copy, "--sources", empty], "the index holds no text")
    assert_usage_error(capsys, ["index", "-", "-o", empty], "not - (stdin)")
    assert Path(copy).read_text(encoding="utf-8").startswith("Torrential")
    # a text taken out by the name trace gives it; a name it has no text under is named
    flood = str(archive / "flood.txt")
    assert main(["index", "--remove", flood, "--remove", "nothing", "-o", index]) == 2
    err = capsys.readouterr().err
    assert f"nothing: no text of that name in {index}" in err
    assert f"1 texts removed from {index} (2 left)" in err
    assert main(["trace", "--json", copy, "--sources", index]) == 0
    assert json.loads(from_index)["likely_source"] == flood
    assert json.loads(capsys.readouterr().out)["likely_source"] is None
    remove_and_add = ["index", "--remove", flood, str(archive), "-o", index]
    assert_usage_error(capsys, remove_and_add, "add texts in another run")
    assert_usage_error(capsys, ["index", "--remove", flood, "-o", empty + "x"], "no such index")
    assert_usage_error(capsys, ["index", "--remove", flood, "-o", copy], "not an index saved by unspin")
    assert_usage_error(capsys, ["index", "-o", index], "give the texts to index")


def test_trace_reports_unreadable_files_and_goes_on(tmp_path, capsys):
    source = write(tmp_path, STORIES["match.txt"], "match.txt")
    missing = str(tmp_path / "missing.txt")
    assert main(["trace", source, missing, "--sources", source, missing]) == 2
    captured = capsys.readouterr()
    assert captured.err.count(f"{missing}: no such file") == 2
    assert captured.out.startswith(f"{source}: spun from {source}, most likely (100 %")
    assert main(["trace", source, "--sources", missing]) == 2
    assert capsys.readouterr().err.endswith("unspin: error: no source could be read\n")
    assert main(["trace", source, "--sources", "-"]) == 2


def test_trace_reads_an_archive_of_jsonl_rows_and_reports_its_bad_rows(tmp_path, capsys):
    rows = [
        json.dumps({"id": 7, "text": STORIES["flood.txt"]}),
        "{not json",
        json.dumps({"text": STORIES["match.txt"]}),
    ]
    archive = write(tmp_path, "\n".join(rows) + "\n", "archive.jsonl")
    copy = write(tmp_path, STORIES["match.txt"].replace("visiting", "touring"), "copy.txt")
    assert main(["trace", "--json", copy, "--sources", archive]) == 2  # a bad row, the rest traced
    captured = capsys.readouterr()
    assert captured.err.startswith(f"unspin: error: {archive}:2: invalid JSON")
    row = json.loads(captured.out)
    assert row["likely_source"] == f"{archive}:3"
    assert [source["name"] for source in row["sources"]] == [f"{archive}:3", "7"]


def test_trace_refuses_a_text_longer_than_an_alignment_reads(tmp_path, capsys, monkeypatch):
    from unspin import comparison

    long, short = (
        write(tmp_path, STORIES["match.txt"], "match.txt"),
        write(tmp_path, "One two three.\n", "c.txt"),
    )
    monkeypatch.setattr(comparison, "MAX_WORDS", 5)
    assert main(["trace", long, short, "--sources", short]) == 2  # the long copy only is refused
    captured = capsys.readouterr()
    assert captured.err.startswith(f"unspin: error: {long}: the copy has 30 words: more than the 5 ")
    # (all of its three words, but too few to name a source by)
    assert captured.out == f"{short}: no likely source among the 1 text; the closest: {short} 100 %\n"
    assert main(["trace", short, "--sources", long]) == 2
    assert capsys.readouterr().err.startswith(
        f"unspin: error: the source {long} has 30 words: more than the 5"
    )


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_traces_every_row_among_the_sources_as_trace_does(tmp_path, capsys, workers):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name, text in STORIES.items():
        write(archive, text, name)
    copies = [STORIES["flood.txt"].replace("Heavy", "Torrential"), STORIES["match.txt"], "Bread rose."]
    rows = write(
        tmp_path, "".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in enumerate(copies)), "in.jsonl"
    )
    assert main(["batch", rows, "--sources", str(archive), "--workers", workers]) == 0
    traced = [json.loads(line)["trace"] for line in capsys.readouterr().out.splitlines()]
    assert [trace["likely_source"] for trace in traced] == [
        str(archive / "flood.txt"),
        str(archive / "match.txt"),
        None,
    ]
    copy = write(tmp_path, copies[0], "copy.txt")
    assert main(["trace", "--json", copy, "--sources", str(archive)]) == 0
    assert json.loads(capsys.readouterr().out) == {"copy": copy, **traced[0]}
    assert main(["batch", rows, "--sources", str(archive), str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: no such file" in capsys.readouterr().err
    # --compare: each row's trace as trace --compare --json gives it, less the report (the row is one)
    stitched = STORIES["budget.txt"].replace("approved", "sanctioned").strip() + "\n\n" + copies[0]
    rows = write(
        tmp_path, "".join(json.dumps({"text": t}) + "\n" for t in [stitched, "Bread rose."]), "in.jsonl"
    )
    assert main(["batch", "--compare", rows, "--sources", str(archive), "--workers", workers]) == 0
    first, unknown = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert unknown["trace"]["compare"] is None and unknown["trace"]["likely_source"] is None
    copy = write(tmp_path, stitched, "stitched.txt")
    assert main(["trace", "--compare", "--json", copy, "--sources", str(archive)]) == 0
    expected = json.loads(capsys.readouterr().out)
    report = expected["compare"].pop("report")
    assert first["trace"] == {key: value for key, value in expected.items() if key != "copy"}
    assert [s["text"] for s in first["spans"]] == [s["text"] for s in report["spans"]]
    assert len(first["trace"]["spun_from"]) == 2 and "compare" in first["trace"]["spun_from"][1]
    assert_usage_error(capsys, ["batch", "--compare", rows], "give --sources")
