"""Checking millions of texts as a batch job on Apache Spark: ``pip install 'unspin[spark]'``.

Every input row yields exactly one output row, the same record as ``unspin batch`` writes: a good
row carries the report (``id``, ``unspin``, ``score``, ``verdict``, ``genre``, ``words``,
``reasons``, ``spans`` and, on request, ``restored``); a bad row carries ``id`` and ``error`` (text
null or not a string, a malformed JSON line, an exception from the checker) and nulls elsewhere.
See :func:`output_schema`.

The core, :func:`check_rows`, is plain Python. :func:`check_dataframe` runs it on the executors with
``rdd.mapPartitions`` rather than ``mapInPandas``, so that the extra needs nothing but pyspark (no
pandas or pyarrow); it therefore needs a classic session, not Spark Connect. pyspark is imported
only inside the functions that use it: ``import unspin`` and the core never need it.

Command line (also the script to give ``spark-submit``)::

    python -m unspin.spark rows.jsonl reports.parquet [--format parquet|jsonl] [--min-confidence X]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING

import unspin
from unspin.batch import BatchStats, CheckFunction, check_html, check_record
from unspin.comparison import Move
from unspin.fingerprints import expected_error, expected_wordings
from unspin.pipeline import MAX_WORDS
from unspin.sources import (
    CANDIDATES,
    SavedSourceIndex,
    SourceIndex,
    Trace,
    Tracer,
    distinct_words,
    holding_limit,
    text_digest,
    trace_fields,
    traced,
    with_same_text,
)
from unspin.textio import html_text, json_kind, parse_row, text_error

if TYPE_CHECKING:
    from pyspark import SparkContext
    from pyspark.broadcast import Broadcast
    from pyspark.sql import DataFrame, Row, SparkSession
    from pyspark.sql.types import DataType, StructType

PROG = "unspin.spark"
CORRUPT_COLUMN = "_corrupt_record"  # Spark's default name for the raw text of a malformed JSON line
FORMATS = ("parquet", "jsonl")
INSTALL_HINT = "pyspark is not installed: pip install 'unspin[spark]'"


class SparkMissingError(ImportError):
    """pyspark is not installed; the message is one line, ready to show to a user."""


# The Spark-free core


def check_row(
    row_id: object,
    text: object,
    min_confidence: float = unspin.DEFAULT_MIN_CONFIDENCE,
    restored: bool = False,
    check: CheckFunction | None = None,
    text_col: str = "text",
    expected: object = None,
    expected_col: str = "expected",
    source: object = None,
    source_col: str = "source",
    sources: Tracer | None = None,
    compare_traced: bool = False,
) -> dict:
    """The output record for one ``(id, text)``: the report, or ``{"id", "error"}`` for a bad row.
    With an ``expected`` wording (of the column ``expected_col``; null: none), the record says where
    it stands among the restorations, as ``unspin batch`` says it for a row's ``"expected"``; with
    the ``source`` the text was spun from (of the column ``source_col``; null: none), it holds
    ``"compare"``, as ``unspin batch`` does for a row's ``"source"``; with an index of ``sources``,
    it holds ``"trace"``, the likeliest of them, as ``unspin trace --json`` gives it (with
    ``compare_traced``, as ``unspin batch --compare`` gives it)."""
    error = text_error(text, text_col)
    if error is None and expected is not None:
        expected = _read_back(expected)
        error = expected_error(expected, expected_col)
    if error is None and source is not None and not isinstance(source, str):
        error = f'"{source_col}" must be a string, not {json_kind(source)}'
    if error is not None:
        return {"id": row_id, "error": error}
    assert isinstance(text, str)
    wordings = None if expected is None else expected_wordings(expected)
    record, _ = check_record(
        row_id, text, min_confidence, restored, check, wordings, source, sources, compare_traced
    )
    return record


def _read_back(expected: object) -> object:
    """An ``expected`` value as its row wrote it: ``read_jsonl`` reads a JSON array in a row as its
    JSON text (a Parquet array column arrives as a list)."""
    if isinstance(expected, str) and expected.startswith("["):
        try:
            return json.loads(expected)
        except ValueError:
            return expected
    return expected


def check_rows(
    rows: Iterable[tuple[object, object]],
    min_confidence: float = unspin.DEFAULT_MIN_CONFIDENCE,
    restored: bool = False,
    check: CheckFunction | None = None,
) -> Iterator[dict]:
    """One output record per ``(id, text)`` row, in order, bad rows included (see :func:`check_row`).

    The checker's resources are loaded on first use and cached for the life of the process, so a
    Spark Python worker, which is reused from task to task, loads them once.
    """
    for row_id, text in rows:
        yield check_row(row_id, text, min_confidence, restored, check)


def corrupt_record_error(raw: str) -> str:
    """The error for a line Spark could not read as a JSON object, worded as ``unspin batch`` words it."""
    _, error = parse_row(raw)
    return error or "malformed JSON row"  # Spark gave up on a line Python can read: say so plainly


# Spark


def output_schema(
    id_type: DataType,
    restored: bool = False,
    html: bool = False,
    expected: bool = False,
    compared: bool = False,
    traced: bool = False,
    compare_traced: bool = False,
) -> StructType:
    """The output rows: the report JSON as typed columns, so spans can be exploded and filtered.

    ``id`` keeps the input column's type. ``score``/``verdict``/``genre``/``words``/``reasons``/``spans`` are
    null and ``error`` is set on a bad row; ``restored`` exists only when asked for, ``text``
    (an HTML page's visible text, which the offsets index) only for ``html``, ``expected`` and
    ``expected_rank`` only when the input has a column of expected wordings, and ``compare`` (the
    fields of ``Comparison.to_dict`` without the report) only when it has a column of sources, and
    ``trace`` (``sources.trace_fields``) only with an index of sources, with ``compare`` in it and
    in each ``spun_from`` entry with ``compare_traced``.
    """
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        IntegerType,
        StringType,
    )

    # Field order follows Report.to_dict, so the JSONL output reads like `unspin batch`'s.
    alternative = struct(("text", StringType()), ("score", DoubleType()))
    evidence = struct(("kind", StringType()), ("detail", StringType()))
    span = struct(
        ("start", IntegerType()),
        ("end", IntegerType()),
        ("text", StringType()),
        ("suggestion", StringType()),
        ("alternatives", ArrayType(alternative)),
        ("confidence", DoubleType()),
        ("evidence", ArrayType(evidence)),
    )
    fields = [
        ("id", id_type),
        *([("text", StringType())] if html else []),
        *([("expected", ArrayType(StringType())), ("expected_rank", IntegerType())] if expected else []),
        ("unspin", StringType()),
        ("score", DoubleType()),
        ("verdict", StringType()),
        ("genre", StringType()),
        ("words", IntegerType()),
        ("reasons", ArrayType(StringType())),
        ("spans", ArrayType(span)),
        *([("compare", comparison_type())] if compared else []),
        *([("trace", trace_type(compare_traced))] if traced else []),
    ]
    if restored:
        fields.append(("restored", StringType()))
    fields.append(("error", StringType()))
    return struct(*fields)


def comparison_type() -> StructType:
    """The fields of ``Comparison.to_dict(with_report=False)``, typed, in its order."""
    from pyspark.sql.types import ArrayType, DoubleType, IntegerType, StringType

    edited = [
        ("start", IntegerType()),
        ("end", IntegerType()),
        ("text", StringType()),
        ("original", StringType()),
        ("original_start", IntegerType()),
        ("original_end", IntegerType()),
    ]
    edit = struct(
        *edited,
        ("span", struct(("start", IntegerType()), ("end", IntegerType()))),
        ("suggestion", StringType()),
        ("restored_rank", IntegerType()),
    )
    return struct(
        ("words", IntegerType()),
        ("shared_words", IntegerType()),
        ("shared_share", DoubleType()),
        ("restored_shared_share", DoubleType()),
        ("edits", ArrayType(edit)),
        ("deletions", ArrayType(struct(*edited))),
        ("moves", ArrayType(struct(*[(field.name, IntegerType()) for field in dataclass_fields(Move)]))),
        ("flagged", IntegerType()),
        ("restored", IntegerType()),
        ("restored_top5", IntegerType()),
        ("spans_on_shared_words", IntegerType()),
    )


def trace_type(compared: bool = False) -> StructType:
    """The fields of ``sources.trace_fields``, typed (``compared``: with the comparisons)."""
    from pyspark.sql.types import ArrayType, DoubleType, IntegerType, StringType

    compare = [("compare", comparison_type())] if compared else []
    passage = struct(("start", IntegerType()), ("end", IntegerType()))
    part = struct(
        ("name", StringType()),
        ("words", IntegerType()),
        ("passages", ArrayType(passage)),
        ("same_text", ArrayType(StringType())),
        ("same_text_count", IntegerType()),
        *compare,
    )
    match = struct(
        ("name", StringType()),
        ("shared_share", DoubleType()),
        ("shared_words", IntegerType()),
        ("moves", IntegerType()),
    )
    return struct(
        ("likely_source", StringType()),
        ("spun_from", ArrayType(part)),
        ("sources", ArrayType(match)),
        *compare,
    )


def struct(*fields: tuple[str, DataType]) -> StructType:
    from pyspark.sql.types import StructField, StructType

    return StructType([StructField(name, data_type) for name, data_type in fields])


@dataclass(frozen=True, slots=True)
class _PartitionJob:
    """What each partition needs besides its rows; pickled and sent to the executors."""

    text_col: str
    min_confidence: float
    restored: bool
    check: CheckFunction | None
    expected_col: str | None = None
    source_col: str | None = None
    sources: Broadcast | None = None  # of a SourceIndex: sent to each executor once, not per task
    joined_traces: bool = False  # each row carries its trace, found by ``traces`` in Spark itself
    compare_traced: bool = False  # and is compared with the sources it was traced to


@dataclass(frozen=True)
class _ShippedIndex:
    """A saved index (``SavedSourceIndex``) sent to the executors as a file (``addFile``): each
    opens its own copy, once per worker process (``opened``)."""

    name: str  # the file's name, as SparkFiles knows it

    def opened(self) -> SavedSourceIndex:
        from pyspark import SparkFiles

        path = SparkFiles.get(self.name)
        key = (path, os.path.getmtime(path))  # a worker outlives a job: a newer file is opened anew
        if key not in _opened_indexes:
            _opened_indexes[key] = SavedSourceIndex(path)
        return _opened_indexes[key]


_opened_indexes: dict[tuple[str, float], SavedSourceIndex] = {}


def _shared_sources(context: SparkContext, sources: SourceIndex) -> Broadcast:
    """``sources`` sent to each executor once: an index in memory as a broadcast variable, a saved
    one as its file (wherever the executors run: its path need not be theirs)."""
    if isinstance(sources, SavedSourceIndex):
        context.addFile(sources.path)
        return context.broadcast(_ShippedIndex(os.path.basename(sources.path)))
    return context.broadcast(sources)


def _check_partition(rows: Iterable[tuple], job: _PartitionJob) -> Iterator[dict]:
    """Records for ``(id, text, raw[, expected][, source][, trace])`` rows, where ``raw`` is the
    text of a malformed JSON line or None, ``expected`` is there when the job has an
    ``expected_col``, ``source`` when it has a ``source_col`` and ``trace`` with ``joined_traces``."""
    sources = None if job.sources is None else job.sources.value
    if isinstance(sources, _ShippedIndex):
        sources = sources.opened()
    for row_id, text, raw, *extra in rows:
        if job.joined_traces:
            sources = _FoundTrace.of_row(extra.pop())
        if raw is not None:
            yield {"id": row_id, "error": corrupt_record_error(raw)}
            continue
        record = check_row(
            row_id,
            text,
            job.min_confidence,
            job.restored,
            job.check,
            job.text_col,
            extra[0] if job.expected_col is not None else None,
            job.expected_col or "expected",
            extra[-1] if job.source_col is not None else None,
            job.source_col or "source",
            sources,
            job.compare_traced,
        )
        yield record


@dataclass(frozen=True)
class _FoundTrace:
    """A row's trace found by ``traces`` (a ``Tracer``), with the texts of the sources it names when
    they were asked for (``texts``), to compare the row with."""

    found: Trace
    texts: dict[str, str]

    @classmethod
    def of_row(cls, row: Row | None) -> _FoundTrace:
        if row is None:  # no row of the join: the copy shares none of the words that weigh with any source
            return cls(Trace((), ()), {})
        fields = row.asDict(recursive=True)
        names = [part["name"] for part in fields["spun_from"]]
        return cls(Trace.of_fields(fields), dict(zip(names, fields.get(TEXTS) or ())))

    def trace(self, copy: str) -> Trace:
        return self.found

    def text_of(self, name: str) -> str:
        return self.texts[name]


def check_dataframe(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "id",
    min_confidence: float = unspin.DEFAULT_MIN_CONFIDENCE,
    restored: bool = False,
    check: CheckFunction | None = None,
    html: bool = False,
    expected_col: str | None = None,
    source_col: str | None = None,
    sources: SourceIndex | DataFrame | None = None,
    compare_traced: bool = False,
) -> DataFrame:
    """One output row (:func:`output_schema`) per row of ``df``; lazy, like any transformation.

    ``text_col`` must be a string column and ``id_col`` must exist (a schema mistake fails here,
    before any work, rather than as millions of error rows). A ``_corrupt_record`` column, as
    ``spark.read.json(..., mode="PERMISSIVE")`` adds, turns its non-null rows into error rows.
    ``check`` replaces :func:`unspin.check` (it is pickled and sent to the executors); ``html``:
    every text is an HTML page, checked as its visible text (by ``batch.check_html`` unless ``check``
    is given: ``batch.row_check(html=True, ...)``), which each row then carries as ``text``.
    ``expected_col``: a column of the wordings each row's phrase should be restored to (a string,
    alternatives the list's way, or an array of strings; null: none), ranked as ``expected_rank``.
    ``source_col``: a string column of the texts each row's text was spun from (null: none),
    compared with it as ``compare`` (``unspin.compare``'s rewordings, without the report).
    ``sources``: the texts the rows may have been spun from; each row's likeliest of them is
    ``trace``. An index (``unspin.SourceIndex``) is sent to the executors as a broadcast variable; a
    DataFrame of ``(id, text)`` rows, an archive too big for one machine, is searched by joins in
    Spark itself (:func:`traces`; the same result as the index). ``compare_traced``: each row's
    ``trace`` also compares it with the sources it was traced to, as ``unspin batch --compare``.
    """
    from pyspark.sql import functions as F

    _require_column(df, id_col)
    for name in (text_col, source_col):
        if name is not None:
            _require_column(df, name)
            _require_string(df, name)
    if expected_col is not None:
        _require_column(df, expected_col)
    raw = F.col(CORRUPT_COLUMN) if CORRUPT_COLUMN in df.columns else F.lit(None).cast("string")
    # Only these columns go to Python, by position: whatever the others are, they cost nothing.
    extra = [F.col(name) for name in (expected_col, source_col) if name is not None]
    joined = sources is not None and not isinstance(sources, SourceIndex)
    compare_traced = compare_traced and sources is not None
    if joined:
        found = traces(df.select(F.col(text_col).alias(COPY)), sources, html=html, with_texts=compare_traced)
        df = df.withColumn(TEXT_KEY, F.sha2(F.col(text_col), 256)).join(found, TEXT_KEY, "left")
        extra.append(F.col(TRACE))
    inputs = df.select(F.col(id_col), F.col(text_col), raw, *extra)
    check = check_html if html and check is None else check
    shared = (
        _shared_sources(df.sparkSession.sparkContext, sources) if isinstance(sources, SourceIndex) else None
    )
    job = _PartitionJob(
        text_col, min_confidence, restored, check, expected_col, source_col, shared, joined, compare_traced
    )
    records = inputs.rdd.mapPartitions(partial(_check_partition, job=job))
    schema = output_schema(
        df.schema[id_col].dataType,
        restored,
        html,
        expected_col is not None,
        source_col is not None,
        sources is not None,
        compare_traced,
    )
    return df.sparkSession.createDataFrame(records, schema)


# The columns ``traces`` makes and joins on; the names are unlikely to be a user's own.
TEXT_KEY = "_unspin_text_key"  # a text's SHA-256: rows with one text are traced once
COPY = "_unspin_copy"
TRACE = "_unspin_trace"
TEXTS = "_unspin_texts"  # in a trace from ``traces(..., with_texts=True)``: its sources' texts


def traces(
    copies: DataFrame, sources: DataFrame, top: int = 3, html: bool = False, with_texts: bool = False
) -> DataFrame:
    """``(TEXT_KEY, TRACE)`` for each distinct text of the ``COPY`` column of ``copies``: its likeliest
    ``top`` sources among the ``(id, text)`` rows of ``sources``, and those it was spun from, as
    ``SourceIndex.trace`` finds them (``trace_fields``), by joins rather than in one process's memory.

    The candidate step is ``SourceIndex``'s, written as joins: each source's distinct words, each
    word's count of sources holding it (a word held by more than ``sources.holding_limit`` is
    dropped), the copy's words joined with them and summed by their ``word_weight``, the best
    ``CANDIDATES`` per copy kept (a text held under several ids once, under the first), then as many
    of the rest scored by the copy's words the first lacks. Those are traced in Python, on the
    executors (``sources.traced``), each source named given the other ids its text is held under
    (``sources.with_same_text``). A copy that shares none of the words that weigh with any source
    has no row (no likely source). ``html``: each copy is an HTML page, traced as its visible text.
    Sources are named by their ``id`` (cast to a string); rows without text, and texts too long to
    align (``pipeline.MAX_WORDS``), are left out. Counting the sources runs one job at once.
    ``with_texts``: each trace also holds ``TEXTS``, the texts of the sources in its ``spun_from``, in
    that order (for comparing the copy with them).
    """
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, StringType

    for name in ("id", "text"):
        _require_column(sources, name)
    _require_string(sources, "text")
    spark = copies.sparkSession
    texts_by_id = (
        sources.where(F.col("text").isNotNull())
        .select(
            F.col("id").cast("string").alias("name"),
            F.col("text").alias("source"),
            F.sha2(F.concat_ws("\0", F.col("id").cast("string"), F.col("text")), 256).alias("source_key"),
        )
        .dropDuplicates(["source_key"])
    )
    # which texts are the same text: digested in Python as the index digests them (spacing aside)
    archive_type = struct(*((name, StringType()) for name in ("name", "source", "source_key", "same_text")))
    archive = spark.createDataFrame(texts_by_id.rdd.map(_with_same_text), archive_type)
    # read five times below (counted, its words, names and texts joined, each text's other names):
    # kept rather than read and digested again
    archive = archive.persist(StorageLevel.MEMORY_AND_DISK)
    count = archive.count()
    # each row carries its source's count of distinct words ("size"), which scales its score
    held = _keyed_words(archive.select("source_key", "source"), "source_key", html=False)
    # read several times below (each word's count of sources, the joins of both searches, the first
    # candidate's words): kept rather than tokenized again; Spark drops it once the result is gone
    held = held.persist(StorageLevel.MEMORY_AND_DISK)
    holding = held.groupBy("word").agg(F.count(F.lit(1)).alias("holding"))
    weights = holding.where(F.col("holding") <= holding_limit(count)).select(
        "word", F.log(F.lit(float(count)) / F.col("holding")).alias("weight")
    )
    texts = copies.where(F.col(COPY).isNotNull()).select(F.sha2(F.col(COPY), 256).alias(TEXT_KEY), COPY)
    texts = texts.dropDuplicates([TEXT_KEY])
    # read twice: for the first candidates, and the words the first of them lacks
    copy_words = (
        _keyed_words(texts, TEXT_KEY, html).select(TEXT_KEY, "word").persist(StorageLevel.MEMORY_AND_DISK)
    )
    named = archive.select("source_key", "name", "same_text")
    once = Window.partitionBy(TEXT_KEY, "same_text").orderBy("name", "source_key")
    best = Window.partitionBy(TEXT_KEY).orderBy(
        F.desc(F.col("score") / F.sqrt("size")), F.col("name"), F.col("source_key")
    )

    def ranked(words: DataFrame, taken: DataFrame | None = None) -> DataFrame:
        """``(TEXT_KEY, source_key, name, same_text, rank)`` of each copy's best ``CANDIDATES`` on its
        ``words``, a text held under several ids once, none whose text is ``taken`` for the copy
        (``(TEXT_KEY, same_text)`` rows): ``SourceIndex._best``."""
        scores = (
            words.join(weights, "word")
            .join(held, "word")
            .groupBy(TEXT_KEY, "source_key", "size")
            .agg(F.sum("weight").alias("score"))
            .join(named, "source_key")
        )
        if taken is not None:
            scores = scores.join(taken, [TEXT_KEY, "same_text"], "left_anti")
        distinct = scores.withColumn("copy", F.row_number().over(once)).where(F.col("copy") == 1)
        return (
            distinct.withColumn("rank", F.row_number().over(best))
            .where(F.col("rank") <= CANDIDATES)
            .select(TEXT_KEY, "source_key", "name", "same_text", "rank")
        )

    first = ranked(copy_words).persist(StorageLevel.MEMORY_AND_DISK)
    first_words = held.join(first.where(F.col("rank") == 1), "source_key").select(TEXT_KEY, "word")
    lacking = copy_words.join(first_words, [TEXT_KEY, "word"], "left_anti")
    rest = ranked(lacking, taken=first.select(TEXT_KEY, "same_text"))
    # read twice: for the names holding each candidate's text, and the pairs
    chosen = first.unionByName(rest.withColumn("rank", F.col("rank") + CANDIDATES)).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    # every name a candidate's text is held under, by name (``SourceIndex._holders``: Spark orders
    # strings by their UTF-8 bytes, which is the order of their code points, as Python's)
    holders = (
        archive.join(chosen.select("same_text").distinct(), "same_text")
        .groupBy("same_text")
        .agg(F.array_sort(F.collect_set("name")).alias("holders"))
    )
    pairs = (
        chosen.join(holders, "same_text")
        .join(texts, TEXT_KEY)
        .join(archive.select("source_key", "source"), "source_key")
        .select(TEXT_KEY, "rank", "name", "source", COPY, "holders")
    )
    candidates = pairs.rdd.map(lambda row: (row[0], tuple(row[1:]))).groupByKey()
    found = candidates.map(partial(_traced, top=top, html=html, with_texts=with_texts))
    found_type = trace_type()
    if with_texts:
        found_type = found_type.add(TEXTS, ArrayType(StringType()))
    return spark.createDataFrame(found, struct((TEXT_KEY, StringType()), (TRACE, found_type)))


def _with_same_text(row: Row) -> tuple[str, str, str, str]:
    """An archive's ``(name, source, source_key)`` row with ``same_text``, its text's
    ``sources.text_digest``: the same for two texts that differ only in their spacing."""
    name, source, source_key = row
    return name, source, source_key, text_digest(source).hex()


def _traced(
    keyed: tuple[str, Iterable[tuple[int, str, str, str, list[str]]]],
    top: int,
    html: bool,
    with_texts: bool = False,
) -> tuple[str, dict]:
    """A copy's trace among its candidates, ``(rank, name, source, copy, holders)`` rows (``holders``:
    every name the source's text is held under)."""
    key, rows = keyed
    ranked = sorted(rows, key=itemgetter(0))
    copy = ranked[0][3]
    candidates = [(name, source) for _, name, source, _, _ in ranked]
    holders = dict(reversed([(name, names) for _, name, _, _, names in ranked]))  # a name's first
    trace = with_same_text(traced(html_text(copy) if html else copy, candidates, top), holders.__getitem__)
    fields = trace_fields(trace)
    if with_texts:
        text_of = dict(reversed(candidates))  # the first of a name, as ``SourceIndex.text_of`` gives it
        fields[TEXTS] = [text_of[part.name] for part in trace.spun_from]
    return key, fields


def _keyed_words(texts: DataFrame, key: str, html: bool) -> DataFrame:
    """``(key, word, size)`` for each distinct word of each ``(key, text)`` row, ``size`` its count
    of them (an RDD step rather than a Python UDF: no pandas or pyarrow wanted, as for the check)."""
    from pyspark.sql.types import IntegerType, StringType

    def words(row: tuple[str, str]) -> list[tuple[str, str, int]]:
        distinct, count = distinct_words(html_text(row[1]) if html else row[1])
        if count > MAX_WORDS:  # too long to align: never a candidate, nor given one
            return []
        return [(row[0], word, len(distinct)) for word in distinct]

    schema = struct((key, StringType()), ("word", StringType()), ("size", IntegerType()))
    return texts.sparkSession.createDataFrame(texts.rdd.flatMap(words), schema)


def read_jsonl(
    spark: SparkSession,
    path: str,
    text_col: str = "text",
    id_col: str = "id",
    expected_col: str | None = None,
    source_col: str | None = None,
) -> DataFrame:
    """JSONL rows as ``(id_col, text_col, _corrupt_record[, expected_col][, source_col])`` strings;
    malformed lines are kept.

    The schema is given rather than inferred: inference would read all the input once more. Spark
    reads a JSON number as an ``id`` string ("7"), and a non-string ``text`` (a number, an object) as
    its JSON text, which is then checked like any other (an array of expected wordings is read back
    from its JSON text); blank lines are skipped.
    """
    from pyspark.sql.types import StringType, StructField, StructType

    # id and text may be the same column
    optional = [name for name in (expected_col, source_col) if name]
    names = dict.fromkeys([id_col, text_col, CORRUPT_COLUMN, *optional])
    schema = StructType([StructField(name, StringType()) for name in names])
    return spark.read.json(path, schema=schema, mode="PERMISSIVE", columnNameOfCorruptRecord=CORRUPT_COLUMN)


def _require_column(df: DataFrame, name: str) -> None:
    if name not in df.columns:
        raise ValueError(f"no column {name!r} (columns: {', '.join(df.columns)})")


def _require_string(df: DataFrame, name: str) -> None:
    from pyspark.sql.types import StringType

    if not isinstance(df.schema[name].dataType, StringType):
        raise ValueError(f"column {name!r} is {df.schema[name].dataType.simpleString()}, not string")


def _require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SparkMissingError(INSTALL_HINT) from None


# Command line


def build_parser() -> argparse.ArgumentParser:
    from unspin.cli import (  # the same options as `unspin batch`
        _positive_int,
        add_genre,
        add_min_confidence,
        add_row_kind,
        add_user_lists,
    )

    parser = argparse.ArgumentParser(
        prog=f"python -m {PROG}",
        description="Check every row of a JSONL or Parquet input on Apache Spark.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", metavar="INPUT", help="JSONL or Parquet file or directory (any Spark path)")
    parser.add_argument("output", metavar="OUTPUT", help="output directory, written by Spark")
    parser.add_argument(
        "--format", choices=FORMATS, default="parquet", help="output format (default parquet)"
    )
    parser.add_argument(
        "--input-format",
        choices=("auto", *FORMATS),
        default="auto",
        help="input format (default: parquet if INPUT ends in .parquet, else jsonl)",
    )
    parser.add_argument("--text-col", default="text", metavar="NAME", help="text column (default text)")
    parser.add_argument("--id-col", default="id", metavar="NAME", help="id column (default id)")
    parser.add_argument(
        "--expected-col",
        metavar="NAME",
        help="a column of the wording each row's phrase should be restored to (a string, alternatives "
        "the list's way, or an array of strings): adds expected and expected_rank (1-5 or null)",
    )
    parser.add_argument(
        "--source-col",
        metavar="NAME",
        help="a column of the text each row's text was spun from: adds compare, its rewordings and "
        "what the check made of each (as unspin compare --json, without the report)",
    )
    tracing = parser.add_mutually_exclusive_group()
    tracing.add_argument(
        "--trace-sources",
        nargs="+",
        metavar="SOURCE",
        help="the texts the rows may have been spun from (local files, folders or .jsonl files, read by"
        " the driver): adds trace, the likeliest of them (as unspin trace --json)",
    )
    tracing.add_argument(
        "--trace-archive",
        metavar="PATH",
        help="as --trace-sources, for an archive too big for the driver: JSONL or Parquet rows of"
        " {id, text} (any Spark path), searched by joins on the executors",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="with --trace-sources or --trace-archive: each trace also compares the row with the sources"
        " it was traced to (as unspin batch --compare)",
    )
    add_min_confidence(parser)
    parser.add_argument("--restore", action="store_true", help='add the restored text as "restored"')
    add_row_kind(parser)
    add_genre(parser)
    add_user_lists(parser)
    parser.add_argument(
        "--partitions",
        type=_positive_int,
        metavar="N",
        help="spread the rows over N partitions first (a few per core: checking is slow per row)",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    return parser


EPILOG = """\
examples:
  python -m unspin.spark rows.jsonl reports.parquet
  python -m unspin.spark docs.parquet reports --format jsonl --text-col body --id-col doc_id
  python -m unspin.spark crawl.parquet reports --text-col html --html   pages checked as their text
  python -m unspin.spark crawl.jsonl reports --trace-sources archive/   which archive text each row copies
  python -m unspin.spark crawl.jsonl reports --trace-archive hdfs:///wire/stories.parquet   the same, at scale
  spark-submit --master yarn "$(python -c 'import unspin.spark as m; print(m.__file__)')" \\
      hdfs:///corpus/rows.jsonl hdfs:///corpus/reports --partitions 2000

Every input row gives one output row; a bad one (null text, malformed JSON) has "error" set.
A summary "N rows, N checked (N spun, N uncertain, N clean), N bad" goes to stderr.
exit status: 0 success, 1 every row was bad, 2 bad usage, no pyspark, or unreadable input"""


def main(argv: Sequence[str] | None = None) -> int:
    from unspin.cli import CliError

    args = build_parser().parse_args(argv)
    if args.compare and not (args.trace_sources or args.trace_archive):
        return _fail("--compare compares rows with the sources they are traced to: give --trace-sources")
    try:
        _require_pyspark()
        from pyspark.errors import PySparkException
        from pyspark.sql import SparkSession

        # Stop the session only if this call started it: under a notebook or a test it is not ours.
        ours = SparkSession.getActiveSession() is None
        spark = SparkSession.builder.appName(PROG).getOrCreate()
        try:
            stats = run_job(spark, args)
        finally:
            if ours:
                spark.stop()
    except (SparkMissingError, ValueError, CliError) as error:  # CliError: no source could be read
        return _fail(str(error))
    except PySparkException as error:  # a missing input, an existing output: Spark's first line says it
        return _fail(str(error).strip().splitlines()[0])
    sys.stderr.write(stats.describe() + "\n")
    return 1 if stats.rows and stats.bad == stats.rows else 0


def run_job(spark: SparkSession, args: argparse.Namespace) -> BatchStats:
    """Read, check and write as ``args`` say, then count the output rows."""
    df = _read(spark, args)
    if args.partitions:
        df = df.repartition(args.partitions)
    from unspin.cli import read_sources, rows_check

    # the lists are read here, in the driver; their entries travel to the executors with ``check``
    check = rows_check(args)
    sources = None if not args.trace_sources else read_sources(args.trace_sources, [])
    if args.trace_archive:
        sources = _read_archive(spark, args.trace_archive)
    out = check_dataframe(
        df,
        args.text_col,
        args.id_col,
        args.min_confidence,
        args.restore,
        check,
        html=args.html,
        expected_col=args.expected_col,
        source_col=args.source_col,
        sources=sources,
        compare_traced=args.compare,
    )
    writer = out.write.mode("overwrite" if args.overwrite else "errorifexists")
    if args.format == "parquet":
        writer.parquet(args.output)
    else:
        writer.json(args.output)  # nulls are left out: bad rows read {"id", "error"}, as in `unspin batch`
    return _count(spark, args.output, args.format, out.schema)


def _read(spark: SparkSession, args: argparse.Namespace) -> DataFrame:
    fmt = args.input_format
    if fmt == "auto":
        fmt = "parquet" if args.input.rstrip("/").lower().endswith(".parquet") else "jsonl"
    if fmt == "parquet":
        return spark.read.parquet(args.input)
    return read_jsonl(spark, args.input, args.text_col, args.id_col, args.expected_col, args.source_col)


def _read_archive(spark: SparkSession, path: str) -> DataFrame:
    """The ``(id, text)`` rows of an archive to trace copies in; a row without a string text (a
    malformed line, a null) is left out, and said on stderr."""
    from pyspark.sql import functions as F

    if path.rstrip("/").lower().endswith(".parquet"):
        archive = spark.read.parquet(path)
        for name in ("id", "text"):
            _require_column(archive, name)
    else:
        archive = read_jsonl(spark, path)
    if (unusable := archive.where(F.col("text").isNull()).count()) > 0:
        sys.stderr.write(f"{PROG}: {unusable} archive rows without a text left out\n")
    return archive.select("id", "text")


def _count(spark: SparkSession, path: str, fmt: str, schema: StructType) -> BatchStats:
    """Counts read back from the written output: exact, unlike accumulators, which retries inflate."""
    from pyspark.sql import functions as F

    reader = spark.read.schema(schema)
    written = reader.parquet(path) if fmt == "parquet" else reader.json(path)
    verdicts = [F.count(F.when(F.col("verdict") == v, 1)).alias(v) for v in ("spun", "uncertain", "clean")]
    totals = written.agg(F.count(F.lit(1)).alias("rows"), F.count("error").alias("bad"), *verdicts).first()
    rows, bad = int(totals["rows"]), int(totals["bad"])
    return BatchStats(
        rows, rows - bad, bad, int(totals["spun"]), int(totals["uncertain"]), int(totals["clean"])
    )


def _fail(message: str) -> int:
    sys.stderr.write(f"{PROG}: error: {message}\n")
    return 2


if __name__ == "__main__":
    # Run through the package's own module, not __main__: the functions sent to the executors are
    # then pickled by reference to unspin.spark, which the executors import, not by value.
    from unspin.spark import main as _main

    sys.exit(_main())
