"""unspin.spark: the Spark-free core always; a tiny local Spark session when pyspark and Java exist."""

import functools
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import unspin
from unspin.batch import run_batch
from unspin.report import Report
from unspin.sources import CANDIDATES, SavedSourceIndex, SourceIndex, distinct_words, save_index, trace_fields
from unspin.spark import INSTALL_HINT, build_parser, check_rows, corrupt_record_error, main

SPUN = "The counterfeit intelligence beat the chess champion."
CLEAN = "The results are shown in the table below."
DEEP = "Profound learning is a subset of machine learning."


def exploding_check(text: str, min_confidence: float) -> Report:
    if "boom" in text:
        raise RuntimeError("engine fell over")
    return unspin.check(text, min_confidence)


# The Spark-free core


def test_one_record_per_row_in_order_bad_rows_included():
    rows = [("a", SPUN), ("b", None), ("c", 42), ("d", CLEAN), ("e", ["x"]), (None, "\ud800")]
    records = list(check_rows(rows))
    assert [record["id"] for record in records] == ["a", "b", "c", "d", "e", None]
    assert records[1] == {"id": "b", "error": '"text" must be a string, not null'}
    assert records[2] == {"id": "c", "error": '"text" must be a string, not number'}
    assert records[4] == {"id": "e", "error": '"text" must be a string, not array'}
    assert records[5] == {"id": None, "error": '"text" contains an unpaired surrogate escape'}
    assert [("error" in record) for record in records] == [False, True, True, False, True, True]


def test_good_rows_carry_the_report_of_unspin_check():
    (record,) = check_rows([(7, SPUN)], min_confidence=0.5)
    assert record == {"id": 7, **unspin.check(SPUN, 0.5).to_dict()}
    assert record["spans"][0]["suggestion"].startswith("artificial")


def test_offsets_index_the_input_text():
    text = Path(__file__).parents[1].joinpath("examples", "spun.txt").read_text(encoding="utf-8")
    (record,) = check_rows([("spun", text)], min_confidence=0.5)
    assert record["spans"]
    for span in record["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]


def test_records_are_the_same_as_unspin_batch_writes():
    texts = [SPUN, CLEAN, DEEP, ""]  # an empty text is a valid (uncertain) document, as in batch
    jsonl = "".join(json.dumps({"id": i, "text": text}) + "\n" for i, text in enumerate(texts))
    out = io.StringIO()
    run_batch(io.StringIO(jsonl), out, io.StringIO(), 0.5, restore=True)
    batch = [json.loads(line) for line in out.getvalue().splitlines()]
    assert list(check_rows(enumerate(texts), 0.5, restored=True)) == batch


def test_rows_with_expected_wordings_are_ranked_as_unspin_batch_ranks_them():
    from unspin.spark import check_row

    phrase = functools.partial(unspin.check, as_phrase=True)
    expected = {0: "breast cancer", 1: ["sea", "breast cancer"], 2: "sea"}
    jsonl = "".join(
        json.dumps({"id": i, "text": "bosom peril", "expected": value}) + "\n"
        for i, value in expected.items()
    )
    out = io.StringIO()
    run_batch(io.StringIO(jsonl), out, io.StringIO(), check=phrase)
    batch = [json.loads(line) for line in out.getvalue().splitlines()]
    records = [check_row(i, "bosom peril", check=phrase, expected=value) for i, value in expected.items()]
    assert records == batch
    assert [r["expected_rank"] for r in records] == [1, 1, None]
    # a JSONL array, as read_jsonl gives it (its JSON text), is read back as the array
    as_json = check_row(1, "bosom peril", check=phrase, expected=json.dumps(expected[1]))
    assert as_json == records[1]
    assert "expected" not in check_row(3, "bosom peril", check=phrase, expected=None)  # null: none
    assert check_row(1, "bosom peril", expected=5, expected_col="wanted") == {
        "id": 1,
        "error": '"wanted" must be a string or a list of strings, not number',
    }


COPY = "We apply profound learning to the scans, the panel said."
ORIGIN = "We apply deep learning to the scans, the board said."


def test_rows_with_a_source_are_compared_as_unspin_batch_compares_them():
    from unspin.spark import check_row

    out = io.StringIO()
    run_batch(io.StringIO(json.dumps({"id": 1, "text": COPY, "source": ORIGIN}) + "\n"), out, io.StringIO())
    assert check_row(1, COPY, source=ORIGIN) == json.loads(out.getvalue())
    assert "compare" not in check_row(1, COPY, source=None)  # null: none
    assert check_row(1, COPY, source=5, source_col="original") == {
        "id": 1,
        "error": '"original" must be a string, not a number',
    }


def test_a_checker_exception_becomes_an_error_row():
    records = list(check_rows([(1, "boom"), (2, CLEAN)], check=exploding_check))
    assert records[0] == {"id": 1, "error": "internal error: RuntimeError: engine fell over"}
    assert records[1]["verdict"]


def test_malformed_json_lines_are_worded_as_in_unspin_batch():
    assert corrupt_record_error("not json") == "invalid JSON: Expecting value (column 1)"
    assert corrupt_record_error("[1, 2]") == "row is a JSON array, not an object"
    assert corrupt_record_error('{"id": 1}') == 'missing "text" field'
    assert corrupt_record_error('{"id": 1, "text": "fine"}') == "malformed JSON row"


def test_importing_unspin_and_the_core_never_imports_pyspark():
    code = "import sys, unspin, unspin.spark; sys.exit('pyspark' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_without_pyspark_the_command_says_so_in_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # makes `import pyspark` raise ImportError
    assert main([str(tmp_path / "in.jsonl"), str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"unspin.spark: error: {INSTALL_HINT}\n"


def test_command_line_options_are_validated():
    parser = build_parser()
    args = parser.parse_args(["in.jsonl", "out", "--min-confidence", "0.5", "--format", "jsonl"])
    assert (args.min_confidence, args.format, args.text_col, args.id_col) == (0.5, "jsonl", "text", "id")
    both = ["--trace-sources", "a.txt", "--trace-archive", "b.jsonl"]
    for bad in (["--min-confidence", "2"], ["--format", "csv"], ["--partitions", "0"], both):
        with pytest.raises(SystemExit):
            parser.parse_args(["in.jsonl", "out", *bad])


# A real Spark session: skipped without pyspark or Java, so that CI stays light and fast


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("Spark needs Java")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("unspin-tests")
        .config("spark.pyspark.python", sys.executable)  # the workers must see this venv's unspin
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")  # keeps stderr to our own lines
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _plain(row) -> dict:
    """A Spark output row as the core's record: nulls are the fields a record leaves out."""
    return {key: value for key, value in row.asDict(recursive=True).items() if value is not None}


def _without_nulls(value):
    """A record with every null field left out, at any depth: Spark gives every field of a struct,
    null where the record has none (the likely source's ``spun_from`` entry has no ``compare``)."""
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def test_spark_gives_the_core_records_one_row_per_input_row(spark):
    from unspin.spark import check_dataframe

    rows = [(1, SPUN), (2, None), (3, CLEAN), (4, DEEP), (5, "")]
    df = spark.createDataFrame(rows, "doc_id long, body string")
    out = check_dataframe(df, text_col="body", id_col="doc_id", min_confidence=0.5)
    assert out.schema["id"].dataType.simpleString() == "bigint"  # the id keeps its type
    got = sorted((_plain(row) for row in out.collect()), key=lambda record: record["id"])
    expected = list(check_rows(rows, 0.5))
    expected[1]["error"] = '"body" must be a string, not null'  # named after the column it came from
    assert got == expected


def test_spark_span_offsets_are_spark_string_positions(spark):
    from pyspark.sql import functions as F

    from unspin.spark import check_dataframe

    df = spark.createDataFrame([("a", SPUN), ("b", DEEP), ("c", "Ça va. " + SPUN)], "id string, text string")
    spans = check_dataframe(df, min_confidence=0.5).select("id", F.explode("spans").alias("span"))
    joined = spans.join(df, "id").select(
        F.col("span.text").alias("span_text"),
        F.expr("substring(text, span.start + 1, span.end - span.start)").alias("cut"),
    )
    pairs = joined.collect()
    assert len(pairs) >= 3
    assert all(pair["cut"] == pair["span_text"] for pair in pairs)


def test_spark_reads_a_column_of_suspect_phrases_as_phrases(spark):
    from unspin.spark import check_dataframe

    rows = [(1, "Bosom peril")]  # capitalised: running text unless asked
    df = spark.createDataFrame(rows, "id long, text string")
    as_phrase = functools.partial(unspin.check, as_phrase=True)
    (got,) = (_plain(row) for row in check_dataframe(df, check=as_phrase).collect())
    assert got == {"id": 1, **unspin.check("Bosom peril", as_phrase=True).to_dict()}
    assert got["spans"][0]["suggestion"] == "Breast cancer"


def test_spark_executors_check_with_the_users_list_they_are_sent(spark):
    from unspin.batch import row_check
    from unspin.fingerprints import parse
    from unspin.spark import check_dataframe

    mine = parse(["glimmering rectangle\tbright square\n"], "mine.tsv")
    df = spark.createDataFrame([(1, "The glimmering rectangle lit the room.")], "id long, text string")
    (got,) = (_plain(row) for row in check_dataframe(df, check=row_check(extra=mine)).collect())
    assert [span["suggestion"] for span in got["spans"]] == ["bright square"]


def test_spark_checks_html_pages_as_their_visible_text(spark):
    from unspin.batch import check_html, row_check
    from unspin.spark import check_dataframe

    page = (
        "<html><body><p>We apply <i>profound learning</i> to the scans.</p><script>x()</script></body></html>"
    )
    df = spark.createDataFrame([(1, page)], "id long, text string")
    (got,) = (_plain(row) for row in check_dataframe(df, html=True).collect())
    report = check_html(page)
    assert got == {"id": 1, "text": report.text, **report.to_dict()}
    assert report.text == "We apply profound learning to the scans."
    assert "text" not in check_dataframe(df).columns  # plain text rows need no copy of the input
    # a check of another genre still reads the page's visible text
    manuscript = row_check(html=True, genre="manuscript")
    (got,) = (_plain(row) for row in check_dataframe(df, html=True, check=manuscript).collect())
    report = check_html(page, genre="manuscript")
    assert got == {"id": 1, "text": report.text, **report.to_dict()}


def test_spark_refuses_a_wrong_schema_before_any_work(spark):
    from unspin.spark import check_dataframe

    df = spark.createDataFrame([(1, 2)], "id long, text long")
    with pytest.raises(ValueError, match="column 'text' is bigint, not string"):
        check_dataframe(df)
    with pytest.raises(ValueError, match="no column 'doc_id'"):
        check_dataframe(df, id_col="doc_id")


MIXED_JSONL = (
    '{"id": "spun", "text": "The counterfeit intelligence beat the chess champion."}\n'
    "not json\n"
    "\n"
    '{"text": "No id here."}\n'
    '{"id": "null-text", "text": null}\n'
    "[1, 2]\n"
    '{"id": 7, "text": "The results are shown in the table below."}\n'
    '{"id": "cut", "text": "abc\n'
)


def test_command_line_jsonl_keeps_malformed_lines_as_error_rows(spark, tmp_path, capsys):
    source, target = tmp_path / "rows.jsonl", tmp_path / "reports"
    source.write_text(MIXED_JSONL, encoding="utf-8")
    assert main([str(source), str(target), "--format", "jsonl", "--min-confidence", "0.5"]) == 0
    summary = capsys.readouterr().err
    lines = [line for part in sorted(target.glob("part-*")) for line in part.read_text().splitlines()]
    records = [json.loads(line) for line in lines]
    # 8 lines, one of them blank; the rows checked counted by their verdicts, as `unspin batch` does
    spun, uncertain, clean = (
        sum(r.get("verdict") == v for r in records) for v in ("spun", "uncertain", "clean")
    )
    assert spun + uncertain + clean == 3
    assert summary == f"7 rows, 3 checked ({spun} spun, {uncertain} uncertain, {clean} clean), 4 bad\n"
    assert [record.get("id") for record in records] == ["spun", None, None, "null-text", None, "7", None]
    assert [record.get("error") for record in records] == [
        None,
        "invalid JSON: Expecting value (column 1)",
        None,
        '"text" must be a string, not null',
        "row is a JSON array, not an object",
        None,
        "invalid JSON: Unterminated string starting at (column 23)",
    ]
    assert records[0] == {"id": "spun", **unspin.check(SPUN, 0.5).to_dict()}  # as `unspin batch` has it
    assert records[1] == {"error": "invalid JSON: Expecting value (column 1)"}  # a null id is left out


def test_command_line_reads_rows_as_suspect_phrases_or_as_html_pages(spark, tmp_path, capsys):
    source = tmp_path / "rows.jsonl"
    page = "<p>We apply <b>profound learning</b> to the scans.</p>"
    source.write_text(
        json.dumps({"id": "a", "text": "Bosom peril"}) + "\n" + json.dumps({"id": "b", "text": page})
    )

    def records(flag: str) -> list[dict]:
        target = tmp_path / flag.strip("-")
        assert main([str(source), str(target), "--format", "jsonl", flag]) == 0
        capsys.readouterr()
        return [
            json.loads(line)
            for part in sorted(target.glob("part-*"))
            for line in part.read_text().splitlines()
        ]

    phrase, _ = records("--phrases")
    assert phrase == {"id": "a", **unspin.check("Bosom peril", as_phrase=True).to_dict()}
    _, html = records("--html")
    visible = "We apply profound learning to the scans."
    assert html == {"id": "b", "text": visible, **unspin.check(visible).to_dict()}


def test_spark_ranks_restorations_against_a_column_of_expected_wordings(spark, tmp_path, capsys):
    from unspin.spark import check_dataframe

    as_phrase = functools.partial(unspin.check, as_phrase=True)
    df = spark.createDataFrame(
        [(1, "bosom peril", ["sea", "breast cancer"]), (2, "bosom peril", None)],
        "id long, text string, wanted array<string>",
    )
    got = sorted(
        (_plain(row) for row in check_dataframe(df, check=as_phrase, expected_col="wanted").collect()),
        key=lambda record: record["id"],
    )
    report = unspin.check("bosom peril", as_phrase=True).to_dict()
    assert got == [
        {"id": 1, "expected": ["sea", "breast cancer"], "expected_rank": 1, **report},
        {"id": 2, **report},
    ]
    # the command line, from JSONL: a string or an array in the column
    source, target = tmp_path / "rows.jsonl", tmp_path / "out"
    rows = [
        {"id": "a", "text": "bosom peril", "wanted": "sea"},
        {"id": "b", "text": "bosom peril", "wanted": ["breast cancer"]},
    ]
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert main([str(source), str(target), "--format", "jsonl", "--phrases", "--expected-col", "wanted"]) == 0
    assert "2 rows, 2 checked (" in capsys.readouterr().err
    written = [
        json.loads(line) for part in sorted(target.glob("part-*")) for line in part.read_text().splitlines()
    ]
    # a null rank is left out of Spark's JSON, as every null is
    assert [(r["id"], r["expected"], r.get("expected_rank")) for r in written] == [
        ("a", ["sea"], None),
        ("b", ["breast cancer"], 1),
    ]


def test_spark_compares_rows_with_a_column_of_sources(spark, tmp_path, capsys):
    from unspin.spark import check_dataframe, check_row

    df = spark.createDataFrame([(1, COPY, ORIGIN), (2, COPY, None)], "id long, text string, origin string")
    got = sorted(
        (_plain(row) for row in check_dataframe(df, source_col="origin").collect()), key=lambda r: r["id"]
    )
    assert got[0] == check_row(1, COPY, source=ORIGIN)
    assert "compare" not in got[1]
    with pytest.raises(ValueError, match="column 'id' is bigint, not string"):
        check_dataframe(df, source_col="id")
    # the command line, from JSONL, with a column of expected wordings beside it
    source, target = tmp_path / "rows.jsonl", tmp_path / "out"
    rows = [{"id": "a", "text": COPY, "origin": ORIGIN, "wanted": "deep learning"}]
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    argv = [
        str(source),
        str(target),
        "--format",
        "jsonl",
        "--source-col",
        "origin",
        "--expected-col",
        "wanted",
    ]
    assert main(argv) == 0
    assert "1 row, 1 checked (" in capsys.readouterr().err
    (written,) = [
        json.loads(line) for part in target.glob("part-*") for line in part.read_text().splitlines()
    ]
    assert written["expected"] == ["deep learning"]
    assert [(e["text"], e["original"], e.get("restored_rank")) for e in written["compare"]["edits"]] == [
        ("profound", "deep", 1),
        ("panel", "board", None),
    ]


def test_command_line_parquet_with_restore_then_refuses_to_overwrite(spark, tmp_path, capsys):
    source, target = tmp_path / "docs.parquet", tmp_path / "reports"
    rows = [(10, SPUN), (11, None), (12, DEEP)]
    spark.createDataFrame(rows, "doc_id int, body string").write.parquet(str(source))
    args = [str(source), str(target), "--text-col", "body", "--id-col", "doc_id", "--restore"]
    assert main([*args, "--partitions", "2"]) == 0
    summary = capsys.readouterr().err
    out = spark.read.parquet(str(target))
    verdicts = [row["verdict"] for row in out.collect()]
    spun, uncertain, clean = map(verdicts.count, ("spun", "uncertain", "clean"))
    assert summary == f"3 rows, 2 checked ({spun} spun, {uncertain} uncertain, {clean} clean), 1 bad\n"
    columns = ["id", "unspin", "score", "verdict", "genre", "words", "reasons", "spans", "restored", "error"]
    assert out.columns == columns  # the output id is "id", whatever the input column was called
    results = {row["id"]: (row["restored"], row["error"]) for row in out.collect()}
    assert results == {
        10: (unspin.restore(SPUN), None),
        11: (None, '"body" must be a string, not null'),
        12: (unspin.restore(DEEP), None),
    }

    assert main(args) == 2  # Spark will not overwrite without --overwrite, and says so in one line
    err = capsys.readouterr().err
    assert err.startswith("unspin.spark: error: ") and err.count("\n") == 1 and "already exists" in err


ARCHIVE = [
    ("deep", ORIGIN),
    ("rain", "Heavy rain closed the coastal road for a second day near the old mill."),
]


def test_rows_traced_among_sources_as_unspin_trace_traces_them():
    from unspin.spark import check_row

    record = check_row(1, COPY, sources=SourceIndex(ARCHIVE))
    assert record["trace"]["likely_source"] == "deep"
    assert record["trace"] == trace_fields(SourceIndex(ARCHIVE).trace(COPY))
    assert "trace" not in check_row(1, COPY)


def test_spark_traces_rows_among_sources_sent_to_the_executors(spark, tmp_path, capsys):
    from unspin.spark import _shared_sources, _ShippedIndex, check_dataframe, check_row

    df = spark.createDataFrame([(1, COPY)], "id long, text string")
    (row,) = check_dataframe(df, sources=SourceIndex(ARCHIVE)).collect()
    assert _plain(row) == check_row(1, COPY, sources=SourceIndex(ARCHIVE))
    # the command line reads the sources on the driver: files, folders or JSONL rows
    rows, archive, target = tmp_path / "rows.jsonl", tmp_path / "archive.jsonl", tmp_path / "out"
    rows.write_text(json.dumps({"id": "a", "text": COPY}) + "\n")
    archive.write_text("".join(json.dumps({"id": name, "text": text}) + "\n" for name, text in ARCHIVE))
    assert main([str(rows), str(target), "--format", "jsonl", "--trace-sources", str(archive)]) == 0
    (written,) = [
        json.loads(line) for part in target.glob("part-*") for line in part.read_text().splitlines()
    ]
    assert written["trace"]["likely_source"] == "deep"
    # an index saved by unspin index goes to the executors as a file, and each opens its copy
    saved = str(tmp_path / "archive.index")
    save_index(saved, ARCHIVE)
    (row,) = check_dataframe(df, sources=SavedSourceIndex(saved)).collect()
    assert _plain(row) == check_row(1, COPY, sources=SourceIndex(ARCHIVE))
    shipped = _shared_sources(spark.sparkContext, SavedSourceIndex(saved)).value
    assert shipped == _ShippedIndex("archive.index")
    # compared with the sources each row was traced to, as unspin batch --compare does
    (row,) = check_dataframe(df, sources=SourceIndex(ARCHIVE), compare_traced=True).collect()
    expected = check_row(1, COPY, sources=SourceIndex(ARCHIVE), compare_traced=True)
    assert expected["trace"]["compare"]["edits"] and _without_nulls(_plain(row)) == _without_nulls(expected)
    assert main([str(rows), str(tmp_path / "none"), "--trace-sources", str(tmp_path / "missing.txt")]) == 2
    assert capsys.readouterr().err.endswith("unspin.spark: error: no source could be read\n")


STORIES = [
    ("budget", "The council approved the new budget for the coming year after a long debate on Tuesday."),
    ("flood", "Heavy rain closed the coastal road for a second day, and the river rose above its banks."),
    ("match", "The visiting side scored twice in the last ten minutes to win the final at the stadium."),
    ("school", "Parents gathered outside the primary school to protest against plans to merge it."),
    ("museum", "The city museum reopened its Roman gallery after a renovation that uncovered a mosaic."),
    ("train", "Commuters faced delays after a signal failure north of the central station on Monday."),
    *ARCHIVE,
]


def test_spark_traces_rows_in_an_archive_by_joins_as_the_index_does(spark):
    from unspin.spark import check_dataframe, check_row

    copies = [
        (1, COPY),
        (2, "The council sanctioned the new budget for the next year after a lengthy debate on Tuesday."),
        (3, COPY),  # one text in two rows: traced once, given to both
        (4, "A new bakery on the high street sells bread made with flour from a nearby farm."),
        (5, "Zebra quokka."),  # shares no word that weighs with any source
        (6, None),
        # made from two: traced to both, as the index traces it
        (
            7,
            STORIES[0][1].replace("approved", "sanctioned")
            + "\n\n"
            + STORIES[1][1].replace("Heavy", "Torrential"),
        ),
    ]
    df = spark.createDataFrame(copies, "id long, text string")
    archive = spark.createDataFrame(STORIES, "id string, text string")
    index = SourceIndex(STORIES)
    assert len(index) > CANDIDATES
    got = {row["id"]: _plain(row) for row in check_dataframe(df, sources=archive).collect()}
    assert got == {row_id: check_row(row_id, text, sources=index) for row_id, text in copies}
    assert [got[k]["trace"]["likely_source"] for k in (1, 2, 3, 4)] == ["deep", "budget", "deep", None]
    assert got[5]["trace"] == {"likely_source": None, "spun_from": [], "sources": []}
    assert {part["name"] for part in got[7]["trace"]["spun_from"]} == {"budget", "flood"}
    # compared with the sources each row was traced to, as the index's rows are
    compared = {
        row["id"]: _without_nulls(_plain(row))
        for row in check_dataframe(df, sources=archive, compare_traced=True).collect()
    }
    assert compared == {
        row_id: _without_nulls(check_row(row_id, text, sources=index, compare_traced=True))
        for row_id, text in copies
    }
    stitched = compared[7]["trace"]
    edits = [*stitched["compare"]["edits"], *stitched["spun_from"][1]["compare"]["edits"]]
    assert sorted(edit["original"] for edit in edits) == ["Heavy", "approved"]  # each against its own
    with pytest.raises(ValueError, match="column 'text' is bigint, not string"):
        check_dataframe(df, sources=spark.createDataFrame([("a", 1)], "id string, text long"))


def test_spark_finds_the_other_source_past_near_copies_of_the_first_as_the_index_does(spark):
    from unspin.spark import check_dataframe

    # each story syndicated by more sites than candidates are aligned, and one text held twice
    syndicated = [
        (f"{name}-{site:02}", f"Posted by site {site}. {text}")
        for name, text in STORIES[:6]
        for site in range(12)
    ]
    # flood-00's, under a name right after it, with its own line ends: the same text, spacing aside
    syndicated += [("flood-00-again", syndicated[12][1].replace(". ", ".\r\n") + "\n")]
    archive = [*syndicated, *((f"note-{k:03}", f"Filler note {k} about item {k}.") for k in range(150))]
    index = SourceIndex(archive)
    copies = [
        (
            1,
            STORIES[0][1].replace("approved", "sanctioned")
            + "\n\n"
            + STORIES[1][1].replace("Heavy", "Torrential"),
        ),
        (2, STORIES[1][1].replace("Heavy", "Torrential")),
    ]
    df = spark.createDataFrame(copies, "id long, text string")
    got = {
        row["id"]: row["trace"].asDict(recursive=True)
        for row in check_dataframe(
            df, sources=spark.createDataFrame(archive, "id string, text string")
        ).collect()
    }
    assert got == {k: trace_fields(index.trace(copy)) for k, copy in copies}
    assert [part["name"] for part in got[1]["spun_from"]] == ["flood-00", "budget-00"]
    assert [part["same_text"] for part in got[1]["spun_from"]] == [["flood-00-again"], []]
    # which the search by all the copy's words alone misses: the flood's copies fill its places
    holdings = index._holdings(distinct_words(copies[0][1])[0])
    assert {index._name(k).split("-")[0] for k, _ in index._best(holdings, 2 * CANDIDATES)} == {"flood"}
    assert [match["name"] for match in got[2]["sources"]] == ["flood-00", "flood-01", "flood-02"]


def test_command_line_traces_rows_in_an_archive_that_spark_reads(spark, tmp_path, capsys):
    rows, archive, target = tmp_path / "rows.jsonl", tmp_path / "archive.jsonl", tmp_path / "out"
    rows.write_text(json.dumps({"id": "a", "text": COPY}) + "\n")
    lines = [json.dumps({"id": name, "text": text}) for name, text in STORIES]
    archive.write_text("\n".join([*lines, '{"id": "broken", "text": ', '{"id": "empty"}']) + "\n")
    assert main([str(rows), str(target), "--format", "jsonl", "--trace-archive", str(archive)]) == 0
    (written,) = [
        json.loads(line) for part in target.glob("part-*") for line in part.read_text().splitlines()
    ]
    assert written["trace"] == trace_fields(SourceIndex(STORIES).trace(COPY))
    assert written["trace"]["likely_source"] == "deep"
    err = capsys.readouterr().err
    assert "unspin.spark: 2 archive rows without a text left out\n" in err
    compared = tmp_path / "compared"
    args = [str(rows), str(compared), "--format", "jsonl", "--trace-archive", str(archive), "--compare"]
    assert main(args) == 0
    (written,) = [
        json.loads(line) for part in compared.glob("part-*") for line in part.read_text().splitlines()
    ]
    assert written["trace"]["compare"]["edits"] and "report" not in written["trace"]["compare"]
    assert main([str(rows), str(tmp_path / "none"), "--compare"]) == 2
    assert "give --trace-sources" in capsys.readouterr().err
