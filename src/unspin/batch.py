"""Checking a JSONL stream of texts: one report line out for every row in, bad rows included.

Input rows are ``{"id": ..., "text": ...}``; ``id`` is optional and defaults to the line number.
Each good row becomes ``{"id": ..., **report.to_dict()}`` (plus ``"restored"`` on request) and each
bad row ``{"id": ..., "line": N, "error": "..."}``, so a consumer can account for every input row.
A row may say what its phrase should be restored to (``"expected"``: a string or a list, read as the
list reads its expected wording); its output then carries ``expected`` and ``expected_rank``. A row
may give the text its text was spun from (``"source"``); its output then carries ``"compare"``, the
rewordings that align them and what the check made of each (``unspin.compare``).
Rows that are HTML pages (``check_html``) also carry the ``"text"`` their offsets index.
Rows are streamed: memory stays constant however long the input is.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import multiprocessing.pool
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from typing import IO, Protocol

import unspin
from unspin.comparison import Comparison, align
from unspin.evaluate import expected_fields
from unspin.fingerprints import Fingerprint, expected_error, expected_wordings
from unspin.pipeline import WARM_UP_TEXT, TextTooLong, checker_with, default_checker
from unspin.report import Report
from unspin.sources import SourceIndex, Tracer, compared_parts, trace_fields
from unspin.textio import Row, html_text, iter_jsonl, json_kind

CheckFunction = Callable[[str, float], Report]
# (line number, output JSON line, error message or None, the report's verdict or None)
Result = tuple[int, str, str | None, str | None]

DEFAULT_CHUNKSIZE = 16
_CHUNKS_PER_WORKER = 2  # enough queued work to keep every worker busy, little enough to bound memory


class TextSink(Protocol):
    """Anything with ``write(str)``: a text file, ``sys.stdout``, ``io.StringIO``."""

    def write(self, text: str, /) -> object: ...


@dataclass(frozen=True, slots=True)
class BatchStats:
    """What a batch did: its rows, those checked and those bad; of those checked, how many each
    verdict called (a moderator's first question of a crawl: how much of it reads as spun)."""

    rows: int
    ok: int
    bad: int
    spun: int = 0
    uncertain: int = 0
    clean: int = 0

    def describe(self) -> str:
        """The line a batch ends with on stderr: "1,200 rows, 1,198 checked (311 spun, 120
        uncertain, 767 clean), 2 bad"."""
        checked = f"{self.ok:,} checked"
        if self.ok:
            checked += f" ({self.spun:,} spun, {self.uncertain:,} uncertain, {self.clean:,} clean)"
        return f"{self.rows:,} row{'' if self.rows == 1 else 's'}, {checked}, {self.bad:,} bad"

    def counted(self, verdict: str | None) -> BatchStats:
        """These counts and one more row: checked, with its ``verdict``, or bad (``None``)."""
        if verdict is None:
            return replace(self, rows=self.rows + 1, bad=self.bad + 1)
        return replace(
            self,
            rows=self.rows + 1,
            ok=self.ok + 1,
            spun=self.spun + (verdict == "spun"),
            uncertain=self.uncertain + (verdict == "uncertain"),
            clean=self.clean + (verdict == "clean"),
        )


@dataclass(frozen=True, slots=True)
class _Job:
    """Everything a worker needs besides the rows; pickled once per chunk, so kept small."""

    min_confidence: float
    restore: bool
    check: CheckFunction
    # the texts rows are traced among (``"trace"``); in a pool, ``None`` with ``traced``: each worker
    # holds them from the pool's start (``_worker_sources``), as an index is too large to send
    # with every chunk
    sources: SourceIndex | None = None
    traced: bool = False
    compare_traced: bool = False  # each traced row compared with the sources it was traced to


_worker_sources: SourceIndex | None = None


def _hold_sources(sources: SourceIndex | None) -> None:
    """A pool's initializer: the sources its worker traces rows among."""
    global _worker_sources
    _worker_sources = sources


def run_batch(
    in_stream: IO[bytes] | IO[str],
    out_stream: TextSink,
    err_stream: TextSink,
    min_confidence: float = unspin.DEFAULT_MIN_CONFIDENCE,
    restore: bool = False,
    workers: int = 1,
    chunksize: int = DEFAULT_CHUNKSIZE,
    check: CheckFunction | None = None,
    progress: Callable[[BatchStats], object] | None = None,
    resume: Resume | None = None,
    sources: SourceIndex | None = None,
    compare_traced: bool = False,
) -> BatchStats:
    """Check every JSONL row of ``in_stream``, writing one JSON line per row to ``out_stream``.

    Bad rows are also reported on ``err_stream`` as ``line N: message`` and the batch carries on.
    ``workers`` > 1 spreads rows over that many processes; output order is input order either way.
    ``check`` replaces :func:`unspin.check` (it must be picklable to be used with workers);
    ``progress`` is told the counts so far after each row is written. ``resume``: the rows an
    earlier run already wrote (``resume_point``), skipped here, after a check that they are this
    input's (``ResumeError`` if not); the counts are of the rows checked now. ``sources``: the texts
    the rows may have been spun from, indexed; each output row then has ``"trace"``, with
    ``compare_traced`` its comparisons too (``check_record``).
    """
    job = _Job(min_confidence, restore, unspin.check if check is None else check, sources)
    job = replace(job, compare_traced=compare_traced and sources is not None)
    rows = iter_jsonl(in_stream)
    if resume is not None and resume.rows:
        rows = _after(rows, resume)
    results = _serial(rows, job) if workers <= 1 else _parallel(rows, job, workers, chunksize)
    stats = BatchStats(0, 0, 0)
    for line_no, line, error, verdict in results:
        out_stream.write(line + "\n")
        if error is not None:
            err_stream.write(f"line {line_no}: {error}\n")
        stats = stats.counted(verdict)
        if progress is not None:
            progress(stats)
    return stats


class ResumeError(ValueError):
    """An output to resume that is not an earlier run's over this input; one line, for a user."""


@dataclass(frozen=True, slots=True)
class Resume:
    """Where an earlier run over the same input stopped: the rows it wrote (its output's complete
    lines: one per row, in input order), the id of the last, and the length in bytes of the output
    up to the end of that line (a line cut short by the stop is written again)."""

    rows: int
    last_id: object = None
    end: int = 0


def resume_point(path: str) -> Resume:
    """Where the earlier run that wrote the JSONL output ``path`` stopped, read in pieces (an output
    of millions of rows is not held in memory). ``ResumeError`` if a complete line is no JSON object."""
    rows = offset = end = 0
    last = pending = b""
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            if lines:
                rows += len(lines)
                last = lines[-1]
                end = offset + len(chunk) - len(pending)
            offset += len(chunk)
    if not rows:
        return Resume(0)
    try:
        record = json.loads(last)
    except ValueError:
        record = None
    if not isinstance(record, dict):
        raise ResumeError(f"{path}: line {rows} is not a JSON row of unspin batch; cannot resume from it")
    return Resume(rows, record.get("id"), end)


def _after(rows: Iterable[Row], resume: Resume) -> Iterator[Row]:
    """``rows`` past the first ``resume.rows``, once the last of those is known to have the id the
    earlier run wrote last."""
    iterator = iter(rows)
    skipped = sum(1 for _ in islice(iterator, resume.rows - 1))  # counted, not kept
    last = next(iterator, None)
    if last is None:
        raise ResumeError(f"the output has {resume.rows} rows, the input only {skipped}: not its output")
    last_id = _row_id(last[1], last[0])
    if last_id != resume.last_id:
        raise ResumeError(
            f"row {resume.rows} of the output has id {json.dumps(resume.last_id)}, that of the input"
            f" {json.dumps(last_id)}: not its output"
        )
    return iterator


def _process_row(row: Row, job: _Job) -> Result:
    """The output line for one parsed input row; an exception from the checker becomes a row error."""
    line_no, data, error = row
    row_id = _row_id(data, line_no)
    expected = None if data is None else data.get("expected")  # null, as absent: no wording to rank
    source = None if data is None else data.get("source")  # null, as absent: nothing to compare
    if error is None and expected is not None:
        error = expected_error(expected)
    if error is None and source is not None and not isinstance(source, str):
        error = f'"source" must be a string, not {json_kind(source)}'
    if error is None:
        assert data is not None
        expected = None if expected is None else expected_wordings(expected)
        sources = _worker_sources if job.traced else job.sources
        record, error = check_record(
            row_id,
            data["text"],
            job.min_confidence,
            job.restore,
            job.check,
            expected,
            source,
            sources,
            job.compare_traced,
        )
        if error is None:
            return line_no, _dumps(record), None, record["verdict"]
    return line_no, _dumps({"id": row_id, "line": line_no, "error": error}), error, None


def check_record(
    row_id: object,
    text: str,
    min_confidence: float = unspin.DEFAULT_MIN_CONFIDENCE,
    restore: bool = False,
    check: CheckFunction | None = None,
    expected: Sequence[str] | None = None,
    source: str | None = None,
    sources: Tracer | None = None,
    compare_traced: bool = False,
) -> tuple[dict, str | None]:
    """``({"id", **report, ["restored"]}, None)`` for one text, or ``({"id", "error"}, error)``.

    With the ``expected`` wordings of a phrase, the record also says where they stand among its
    ranked restorations (``evaluate.expected_fields``), as ``check --lines`` does for list entries.
    With the ``source`` the text was spun from, it also holds ``"compare"``: the rewordings that
    align them and what the check made of each (``Comparison.to_dict``); an HTML page's source is
    read as a page too. With an index of the ``sources`` it may have been spun from, it holds
    ``"trace"``: the likeliest of them (``sources.trace_fields``), as ``unspin trace --json`` gives it,
    and with ``compare_traced`` as ``unspin trace --compare --json`` does (compared with each source
    it was traced to, ``sources.compared_parts``). An exception from the checker becomes the error:
    one pathological text must not sink a batch.
    """
    try:
        report = (unspin.check if check is None else check)(text, min_confidence)
    except TextTooLong as exc:
        return {"id": row_id, "error": str(exc)}, str(exc)
    except Exception as exc:
        error = f"internal error: {type(exc).__name__}: {exc}"
        return {"id": row_id, "error": error}, error
    record: dict = {"id": row_id}
    if report.text != text:
        # the checker read another text (an HTML page's visible text): the offsets index that one
        record["text"] = report.text
    if expected is not None:
        record.update(expected_fields(report.restorations(min_confidence), expected))
    record.update(report.to_dict())
    if source is not None:
        source = source if report.text == text else html_text(source)
        comparison = Comparison.of(align(source, report.text), report, min_confidence)
        record["compare"] = comparison.to_dict(with_report=False)
    if sources is not None:
        trace = sources.trace(report.text)
        compared = (
            compared_parts(report.text, trace, sources.text_of, min_confidence, report=report)
            if compare_traced
            else None
        )
        record["trace"] = trace_fields(trace, compared, with_report=False)  # the row is the report
    if restore:
        record["restored"] = report.restored(min_confidence)
    return record, None


def check_html(
    page: str, min_confidence: float = unspin.DEFAULT_MIN_CONFIDENCE, genre: str = unspin.DEFAULT_GENRE
) -> Report:
    """The report of an HTML page's visible text (``textio.html_text``: no tags, scripts or
    styles), as ``unspin check`` reads a saved page; the report's text, which its offsets index, is
    that visible text."""
    return _check_page(page, min_confidence, partial(unspin.check, genre=genre))


def row_check(
    phrases: bool = False,
    html: bool = False,
    genre: str = unspin.DEFAULT_GENRE,
    extra: Sequence[Fingerprint] = (),
    allowed: Sequence[str] = (),
) -> CheckFunction:
    """What a batch does with each row's text: ``unspin.check`` as running text of ``genre``, as a
    suspect phrase when it is short (``phrases``: every text of up to 8 words), or an HTML page's
    visible text (``html``); with the ``extra`` entries of users' own lists beside the shipped list
    (``pipeline.checker_with``), never flagging the ``allowed`` phrases of their allow lists
    (``Checker.allowing``). Picklable, so workers and Spark executors can take it."""
    as_phrase = True if phrases else None
    check: CheckFunction = (
        ListedCheck(tuple(extra), as_phrase, genre, tuple(allowed))
        if extra or allowed
        else partial(unspin.check, as_phrase=as_phrase, genre=genre)
    )
    return partial(_check_page, check=check) if html else check


def _check_page(page: str, min_confidence: float, check: CheckFunction) -> Report:
    return check(html_text(page), min_confidence)


# A process's checkers with users' lists (``ListedCheck``), by the digest of their entries.
_listed_checkers: dict[str, unspin.Checker] = {}


@dataclass(frozen=True)
class ListedCheck:
    """``unspin.check`` by a checker that holds the ``extra`` entries of users' own lists beside the
    shipped list, and never flags the ``allowed`` phrases of their allow lists. It travels to
    workers and Spark executors as its entries and phrases, and each process builds its checker
    once (keyed by a digest of them, which is cheaper than hashing them per row)."""

    extra: tuple[Fingerprint, ...]
    as_phrase: bool | None = None
    genre: str = unspin.DEFAULT_GENRE
    allowed: tuple[str, ...] = ()  # phrases of users' allow lists, never flagged
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(repr((self.extra, self.allowed)).encode("utf-8")).hexdigest()
        object.__setattr__(self, "key", digest)

    def __call__(self, text: str, min_confidence: float = unspin.DEFAULT_MIN_CONFIDENCE) -> Report:
        return self.checker().check(text, min_confidence, self.as_phrase, self.genre)

    def checker(self) -> unspin.Checker:
        """This process's checker with the ``extra`` entries and the ``allowed`` phrases, built on
        first use."""
        checker = _listed_checkers.get(self.key)
        if checker is None:
            checker = checker_with(self.extra) if self.extra else default_checker()
            checker = _listed_checkers[self.key] = checker.allowing(self.allowed) if self.allowed else checker
        return checker


def _row_id(data: dict | None, line_no: int) -> object:
    return line_no if data is None else data.get("id", line_no)


def _dumps(value: dict) -> str:
    line = json.dumps(value, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        # An id with a lone surrogate escape cannot be written as UTF-8; ASCII escapes keep it exact.
        line = json.dumps(value)
    return line


def _serial(rows: Iterable[Row], job: _Job) -> Iterator[Result]:
    for row in rows:
        yield _process_row(row, job)


def _process_chunk(chunk: list[Row], job: _Job) -> list[Result]:
    return [_process_row(row, job) for row in chunk]


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def forked_pool(
    workers: int, initializer: Callable[..., object] | None = None, initargs: tuple = ()
) -> multiprocessing.pool.Pool:
    """A pool of ``workers`` processes forked from this one, whose objects (the loaded tables and
    models) they share as frozen: the garbage collector in a worker never walks them (``gc.freeze``,
    the fork recipe of Python's documentation), which spares a full collection's time and the
    copy-on-write of the pages it would touch. This process's collector gets them back at once."""
    gc.freeze()
    try:
        return multiprocessing.Pool(workers, initializer, initargs)
    finally:
        gc.unfreeze()


def _parallel(rows: Iterable[Row], job: _Job, workers: int, chunksize: int) -> Iterator[Result]:
    """Results in input order from a process pool, with a bounded number of chunks in flight.

    ``Pool.imap`` would be simpler but its feeder thread reads the whole input ahead of the
    workers, which breaks the constant-memory promise on a large file; a short queue of
    ``apply_async`` chunks, collected oldest first, keeps both order and memory in check.
    """
    forked = multiprocessing.get_start_method() == "fork"
    if forked:
        # Load the resources once here: forked workers share them instead of each loading its own.
        job.check(WARM_UP_TEXT, job.min_confidence)
    start = (_hold_sources, (job.sources,))  # each worker's sources, given once
    if job.sources is not None:
        job = replace(job, sources=None, traced=True)
    with forked_pool(workers, *start) if forked else multiprocessing.Pool(workers, *start) as pool:
        pending: deque = deque()
        for chunk in _chunks(rows, max(1, chunksize)):
            pending.append(pool.apply_async(_process_chunk, (chunk, job)))
            if len(pending) >= workers * _CHUNKS_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
