import gc
import io
import json
import multiprocessing
from functools import partial

import pytest

import unspin
from unspin import batch
from unspin.batch import BatchStats, run_batch
from unspin.report import Alternative, Evidence, Report, Span

# Module-level fakes so that worker processes can unpickle them by name.


def fake_check(text: str, min_confidence: float) -> Report:
    """Flags every "counterfeit" as "artificial" with confidence 0.9, like a tiny engine would."""
    spans = []
    start = text.find("counterfeit")
    while start >= 0:
        spans.append(
            Span(
                start,
                start + len("counterfeit"),
                "counterfeit",
                "artificial",
                0.9,
                (Alternative("artificial", 0.9),),
                (Evidence("fingerprint", "listed"),),
            )
        )
        start = text.find("counterfeit", start + 1)
    spans = tuple(s for s in spans if s.confidence >= min_confidence)
    verdict = "spun" if spans else "clean"
    return Report(text, spans, float(bool(spans)), verdict, len(text.split()), ())


def exploding_check(text: str, min_confidence: float) -> Report:
    if "boom" in text:
        raise RuntimeError("engine fell over")
    return fake_check(text, min_confidence)


MIXED = (
    b'{"id": "first", "text": "The counterfeit consciousness."}\n'
    b"not json\n"
    b'{"text": "No id here."}\n'
    b"\n"
    b'{"id": 7, "text": 42}\n'
    b"[1, 2]\n"
    b'{"id": null, "text": "\\u00e9t\\u00e9 counterfeit"}\n'
    b"\xff\xfe\n"
    b'{"id": "last", "text": ""}\n'
)


def run(data: bytes, **kwargs) -> tuple[BatchStats, list[dict], list[str]]:
    out, err = io.StringIO(), io.StringIO()
    kwargs.setdefault("check", fake_check)
    stats = run_batch(io.BytesIO(data), out, err, 0.5, **kwargs)
    return stats, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue().splitlines()


def test_mixed_rows_are_all_accounted_for():
    stats, out, err = run(MIXED)
    assert (stats.rows, stats.ok, stats.bad) == (8, 4, 4)
    # and the checked rows by their verdict
    verdicts = [row.get("verdict") for row in out]
    assert (stats.spun, stats.uncertain, stats.clean) == tuple(
        map(verdicts.count, ("spun", "uncertain", "clean"))
    )
    assert stats.spun > 0 and stats.spun + stats.uncertain + stats.clean == stats.ok
    assert (
        stats.describe()
        == f"8 rows, 4 checked ({stats.spun} spun, {stats.uncertain} uncertain, {stats.clean} clean), 4 bad"
    )
    assert len(out) == 8  # one output line per non-blank input line, in input order
    assert [row["id"] for row in out] == ["first", 2, 3, 7, 6, None, 8, "last"]
    assert [row.get("line") for row in out] == [None, 2, None, 5, 6, None, 8, None]


def test_the_summary_counts_the_rows_by_verdict():
    stats = BatchStats(0, 0, 0)
    for verdict in ["spun"] * 1100 + ["clean", None, "uncertain", "spun"]:
        stats = stats.counted(verdict)
    assert stats == BatchStats(rows=1104, ok=1103, bad=1, spun=1101, uncertain=1, clean=1)
    assert stats.describe() == "1,104 rows, 1,103 checked (1,101 spun, 1 uncertain, 1 clean), 1 bad"
    assert BatchStats(0, 0, 0).counted(None).describe() == "1 row, 0 checked, 1 bad"


def test_good_rows_carry_the_report():
    _, out, _ = run(MIXED)
    first = out[0]
    assert first["verdict"] == "spun"
    assert first["spans"][0]["suggestion"] == "artificial"
    assert first.keys() >= {"id", "unspin", "score", "verdict", "words", "reasons", "spans"}
    assert "restored" not in first
    assert out[5]["spans"][0]["start"] == 4  # offsets index the decoded text


def test_bad_rows_are_reported_on_stderr_and_in_the_output():
    _, out, err = run(MIXED)
    assert err == [
        "line 2: invalid JSON: Expecting value (column 1)",
        'line 5: "text" must be a string, not number',
        "line 6: row is a JSON array, not an object",
        "line 8: not valid UTF-8 (byte offset 0 in the line)",
    ]
    assert out[1] == {"id": 2, "line": 2, "error": "invalid JSON: Expecting value (column 1)"}
    assert out[3]["id"] == 7  # the id of a parsed row survives its error


def test_restore_adds_the_restored_text():
    _, out, _ = run(b'{"text": "A counterfeit mind."}\n{"text": "Plain."}\n', restore=True)
    assert [row["restored"] for row in out] == ["A artificial mind.", "Plain."]


def test_min_confidence_is_passed_on():
    out, err = io.StringIO(), io.StringIO()
    run_batch(io.BytesIO(b'{"text": "counterfeit"}\n'), out, err, 0.95, check=fake_check)
    assert json.loads(out.getvalue())["spans"] == []


def test_an_engine_failure_becomes_a_row_error():
    stats, out, err = run(b'{"text": "boom"}\n{"text": "fine"}\n', check=exploding_check)
    assert (stats.rows, stats.ok, stats.bad) == (2, 1, 1)
    assert out[0]["error"] == "internal error: RuntimeError: engine fell over"
    assert err == ["line 1: internal error: RuntimeError: engine fell over"]
    assert out[1]["verdict"] == "clean"


def test_empty_input():
    assert run(b"") == (BatchStats(0, 0, 0), [], [])


def test_surrogate_in_id_is_still_written_as_valid_utf8():
    out = io.StringIO()
    run_batch(io.BytesIO(b'{"id": "\\ud800", "text": "x"}\n'), out, io.StringIO(), 0.5, check=fake_check)
    out.getvalue().encode("utf-8")
    assert json.loads(out.getvalue())["id"] == "\ud800"


def test_text_input_stream():
    out = io.StringIO()
    stats = run_batch(io.StringIO('{"text": "é"}\n'), out, io.StringIO(), 0.5, check=fake_check)
    assert stats.ok == 1


@pytest.mark.parametrize("chunksize", [1, 3, 64])
def test_two_workers_give_the_same_output_as_one(chunksize):
    data = MIXED + b"".join(
        b'{"id": %d, "text": "%s"}\n' % (i, b"counterfeit " * (i % 4) + b"row") for i in range(60)
    )
    one, two = io.StringIO(), io.StringIO()
    err_one, err_two = io.StringIO(), io.StringIO()
    stats_one = run_batch(io.BytesIO(data), one, err_one, 0.5, restore=True, check=fake_check)
    stats_two = run_batch(
        io.BytesIO(data), two, err_two, 0.5, restore=True, workers=2, chunksize=chunksize, check=fake_check
    )
    assert stats_one == stats_two
    assert one.getvalue() == two.getvalue()
    assert err_one.getvalue() == err_two.getvalue()


class CountingStream(io.BytesIO):
    """Counts the lines read, to see how far input runs ahead of output."""

    lines_read = 0

    def readline(self, size=-1):
        line = super().readline(size)
        self.lines_read += bool(line)
        return line


class FirstWriteProbe(io.StringIO):
    def __init__(self, source: CountingStream):
        super().__init__()
        self.source = source
        self.read_at_first_write: int | None = None

    def write(self, text):
        if self.read_at_first_write is None:
            self.read_at_first_write = self.source.lines_read
        return super().write(text)


@pytest.mark.parametrize("workers", [1, 2])
def test_rows_are_streamed_not_read_all_first(workers):
    source = CountingStream(b'{"text": "row"}\n' * 500)
    out = FirstWriteProbe(source)
    run_batch(source, out, io.StringIO(), 0.5, workers=workers, chunksize=4, check=fake_check)
    assert out.read_at_first_write is not None and out.read_at_first_write < 50
    assert out.getvalue().count("\n") == 500


def test_real_engine_with_workers():
    data = (
        b'{"id": "a", "text": "The counterfeit consciousness beat the chess champion."}\n'
        b'{"id": "b", "text": "The results are shown in the table below."}\n'
        b"oops\n"
        b'{"id": "c", "text": "Profound learning is a subset of machine learning."}\n'
    )
    one, two = io.StringIO(), io.StringIO()
    stats = run_batch(io.BytesIO(data), one, io.StringIO(), unspin.DEFAULT_MIN_CONFIDENCE, restore=True)
    run_batch(io.BytesIO(data), two, io.StringIO(), unspin.DEFAULT_MIN_CONFIDENCE, restore=True, workers=2)
    assert (stats.rows, stats.ok, stats.bad) == (4, 3, 1)
    assert one.getvalue() == two.getvalue()
    rows = [json.loads(line) for line in one.getvalue().splitlines()]
    assert [row["id"] for row in rows] == ["a", "b", 3, "c"]
    report = unspin.check("The results are shown in the table below.")
    assert rows[1]["restored"] == report.restored(unspin.DEFAULT_MIN_CONFIDENCE)


def test_row_check_reads_rows_as_asked_and_can_be_sent_to_workers():
    import pickle

    from unspin.batch import check_html, row_check

    title = "Bosom peril"  # a capital: running text unless the rows are phrases
    assert row_check()(title, 0.5) == unspin.check(title, 0.5)
    assert row_check(phrases=True)(title, 0.5) == unspin.check(title, 0.5, as_phrase=True)
    page = "<p>Patients with <b>bosom peril</b> were given a new drug.</p>"
    manuscript = row_check(html=True, genre="manuscript")
    expected = check_html(page, 0.0, genre="manuscript")
    assert pickle.loads(pickle.dumps(manuscript))(page, 0.0) == expected
    assert expected.text == "Patients with bosom peril were given a new drug."


def test_rows_are_checked_with_a_users_list_in_every_worker_which_builds_its_checker_once(monkeypatch):
    import pickle

    from unspin.fingerprints import parse

    mine = parse(["glimmering rectangle\tbright square\n"], "mine.tsv")
    text = "The glimmering rectangle lit the room."
    check = pickle.loads(pickle.dumps(batch.row_check(extra=mine)))  # as a worker receives it
    built = []
    monkeypatch.setattr(batch, "_listed_checkers", {})
    monkeypatch.setattr(batch, "checker_with", lambda extra: built.append(extra) or unspin.Checker([*extra]))
    assert check(text, 0.5).spans[0].suggestion == "bright square"
    assert pickle.loads(pickle.dumps(check))(text, 0.5).spans[0].suggestion == "bright square"
    assert len(built) == 1  # a copy with the same entries shares the checker
    page = pickle.loads(pickle.dumps(batch.row_check(html=True, extra=mine)))
    assert page(f"<p>{text}</p>", 0.5).spans[0].evidence[0].detail.endswith("(mine.tsv)")
    # a batch's rows, with workers too
    source = io.StringIO(json.dumps({"id": 1, "text": text}) + "\n")
    out = io.StringIO()
    run_batch(source, out, io.StringIO(), 0.5, workers=2, check=batch.row_check(extra=mine))
    assert json.loads(out.getvalue())["spans"][0]["suggestion"] == "bright square"


def test_a_row_with_an_expected_wording_says_where_it_stands_and_a_null_one_is_none():
    rows = [
        {"id": 1, "text": "counterfeit", "expected": "artificial"},
        {"id": 2, "text": "counterfeit", "expected": ["fake", "Artificial"]},
        {"id": 3, "text": "counterfeit", "expected": "fake"},
        {"id": 4, "text": "counterfeit", "expected": None},  # as in the API and on Spark: none
        {"id": 5, "text": "counterfeit", "expected": {"a": 1}},
    ]
    stats, out, err = run("".join(json.dumps(row) + "\n" for row in rows).encode())
    assert (stats.rows, stats.ok, stats.bad) == (5, 4, 1)
    assert [(r["id"], r.get("expected"), r.get("expected_rank")) for r in out[:4]] == [
        (1, ["artificial"], 1),
        (2, ["fake", "artificial"], 1),  # read as the list reads its wordings
        (3, ["fake"], None),
        (4, None, None),
    ]
    assert out[4]["error"] == err[0].removeprefix("line 5: ")
    assert err == ['line 5: "expected" must be a string or a list of strings, not object']


def test_a_row_with_a_source_is_compared_with_it():
    rows = [
        {
            "id": 1,
            "text": "The counterfeit mind and the fake plan.",
            "source": "The artificial mind and the real plan.",
        },
        {"id": 2, "text": "The counterfeit mind.", "source": None},  # null, as absent: nothing to compare
        {"id": 3, "text": "The counterfeit mind.", "source": ["The artificial mind."]},
    ]
    stats, out, err = run("".join(json.dumps(row) + "\n" for row in rows).encode(), workers=2)
    assert (stats.rows, stats.ok, stats.bad) == (3, 2, 1)
    compared = out[0]["compare"]
    assert [(e["text"], e["original"], e["restored_rank"]) for e in compared["edits"]] == [
        ("counterfeit", "artificial", 1),
        ("fake", "real", None),
    ]
    assert (compared["flagged"], compared["restored"], compared["shared_words"]) == (1, 1, 5)
    assert "report" not in compared and out[0]["spans"]  # the report is the row's own
    assert "compare" not in out[1]
    assert err == ['line 3: "source" must be a string, not an array']


def test_an_html_rows_source_is_read_as_a_page_too():
    page = "<html><body><p>The counterfeit mind.</p><script>x()</script></body></html>"
    source = "<html><body><p>The artificial mind.</p></body></html>"
    record, error = batch.check_record(
        1, page, 0.5, check=partial(batch._check_page, check=fake_check), source=source
    )
    assert error is None and record["text"] == "The counterfeit mind."
    assert [(e["text"], e["original"]) for e in record["compare"]["edits"]] == [("counterfeit", "artificial")]


def frozen_objects(_: object) -> int:
    return gc.get_freeze_count()


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers are forked only on fork")
def test_forked_workers_hold_the_parents_objects_frozen_and_the_parent_keeps_its_own():
    with batch.forked_pool(1) as pool:
        assert pool.apply(frozen_objects, (None,)) > 1000  # the modules and tables loaded here
    assert gc.get_freeze_count() == 0


def test_progress_is_told_the_counts_after_each_row():
    seen: list[BatchStats] = []
    stats, _, _ = run(MIXED, progress=seen.append)
    assert len(seen) == stats.rows and seen[-1] == stats
    assert [s.rows for s in seen] == list(range(1, stats.rows + 1))
    assert (seen[1].rows, seen[1].ok, seen[1].bad) == (2, 1, 1)  # the second line is not JSON


def test_resume_point_reads_the_complete_rows_of_an_output_and_where_they_end(tmp_path):
    from unspin.batch import Resume, ResumeError, resume_point

    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"id": 1}\n{"id": "b", "x": "\xc3\xa9"}\n{"id": 3, "cut sh')
    assert resume_point(str(path)) == Resume(2, "b", len(b'{"id": 1}\n{"id": "b", "x": "\xc3\xa9"}\n'))
    path.write_bytes(b"")
    assert resume_point(str(path)) == Resume(0)
    path.write_bytes(b'{"id": 1}\nnot json\n')
    with pytest.raises(ResumeError, match="line 2 is not a JSON row"):
        resume_point(str(path))


def test_a_resumed_run_skips_the_rows_written_and_checks_they_are_this_inputs():
    from unspin.batch import Resume, ResumeError

    _, full, _ = run(MIXED)
    # MIXED's ids: "first", 2 (not JSON: its line), 3 (none given), 7, 6 (an array), None, 8, "last"
    stats, rest, _ = run(MIXED, resume=Resume(3, full[2]["id"]))
    assert rest == full[3:] and stats.rows == len(full) - 3
    with pytest.raises(ResumeError, match='row 3 of the output has id "first", that of the input 3'):
        run(MIXED, resume=Resume(3, "first"))
    with pytest.raises(ResumeError, match="the output has 99 rows, the input only"):
        run(MIXED, resume=Resume(99, "x"))
