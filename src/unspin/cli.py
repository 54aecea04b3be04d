"""The ``unspin`` command line: check, restore, text, spin, batch and serve.

Exit status: 0 on success, 2 on bad usage or unreadable input (with a one-line
``unspin: error: ...`` on stderr, never a traceback), 1 when every row of a batch was bad.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import sys
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import accumulate
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, NoReturn

import unspin
from unspin import native
from unspin.batch import (
    BatchStats,
    CheckFunction,
    ListedCheck,
    Resume,
    ResumeError,
    TextSink,
    forked_pool,
    resume_point,
    row_check,
    run_batch,
)
from unspin.comparison import Alignment, Comparison, EditOutcome, Move, compare
from unspin.evaluate import TOP_K, expected_fields
from unspin.evidence import ISOLATED_MAX_WORDS
from unspin.fingerprints import Fingerprint, expand_alternatives, read_allow_lists, read_phrase_lists
from unspin.pipeline import AUTO_GENRE, WARM_UP_TEXT, Checker, TextTooLong, default_checker, is_phrase
from unspin.report import Report, Span
from unspin.sources import (
    MIN_SOURCE_SHARE,
    MIN_SOURCE_WORDS,
    SAVED_FORMAT,
    SAVED_VERSION,
    SavedIndexError,
    SavedSourceIndex,
    SourceIndex,
    Trace,
    compared_parts,
    is_saved_index,
    remove_from_index,
    save_index,
    saved_count,
    trace_fields,
)
from unspin.textio import (
    DOCUMENT_SUFFIXES,
    STDIN,
    Document,
    InputError,
    PageOf,
    display_name,
    document_paths,
    iter_jsonl,
    open_binary,
    read_document,
    read_text,
)
from unspin.tokens import tokenize

if TYPE_CHECKING:
    from unspin.spin import SpinResult

PROG = "unspin"
# Mirror unspin.spin.THESAURI and STYLES, spelled out so that --help never imports the spinner.
THESAURI = ("wordnet", "moby", "pps", "pps-train", "pps-test")
STYLES = ("careless", "careful", "chain", "consistent")
MAX_REASONS = 3
# A report shows the spans at the threshold asked for; in a document that does not read as clean,
# the reader is told how many weaker ones this lower threshold would add (on real spinner output
# most spun phrases lie between the two: bench/RESULTS.md, section 4).
LEAD_CONFIDENCE = 0.5
# A text longer than this (a manuscript, a book) is shown as its lines that hold a span.
LONG_TEXT_LINES = 60
RED, GREEN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"
FILE_HELP = "UTF-8 text file, HTML page, Word document (.docx), PDF or JATS XML article, or - for stdin"
# How many of a text's most confident spans a --summary row quotes.
SUMMARY_SPANS = 3
# ``batch --progress``: seconds between two lines.
PROGRESS_SECONDS = 10.0
# ``check --fail-on``: the verdicts that fail each choice.
FAIL_ON = {"spun": ("spun",), "uncertain": ("spun", "uncertain")}

MAIN_EPILOG = """\
examples:
  unspin check paper.txt                    explain the spun phrases in a file
  unspin check --json a.txt b.txt           one JSON report per line, with a "file" key
  unspin check paper.pdf                    a PDF's text layer (needs the pdf extra)
  unspin check --summary manuscripts/       a folder's documents, the likeliest spun first
  unspin restore paper.txt > restored.txt   put the original wording back
  unspin spin --rate 0.3 --seed 7 in.txt    spin a text yourself, to test the detector
  unspin compare source.txt copy.txt        what a copy reworded in its source, and what check found
  unspin trace copy.html --sources archive/ which of your archive's texts the copy was spun from
  unspin index archive/ -o archive.index    index the texts you hold once, for trace, batch and serve
  unspin batch rows.jsonl -o reports.jsonl  check a JSONL file of {"id", "text"} rows
  unspin serve                              a web page and JSON API on http://127.0.0.1:8000/

Run 'unspin COMMAND --help' for a command's options.
exit status: 0 success, 1 every batch row was bad, 2 bad usage or unreadable input"""

CHECK_EPILOG = """\
examples:
  unspin check paper.txt
  unspin check --min-confidence 0.8 chapter*.txt
  unspin check paper.pdf                    its text layer (pip install 'unspin[pdf]')
  unspin check --json paper.txt | jq '.spans[].suggestion'
  unspin check --html paper.pdf > evidence.html   marked text, spans and evidence in one page
  unspin check --summary manuscripts/       a folder's documents, most likely spun first
  unspin check --genre manuscript paper.txt   the models for papers, whatever its prose reads as
  unspin check --genre news stories/        the models for news and web copy
  unspin check --lines phrases.txt          one suspect phrase per line, each judged on its own
  unspin check --phrase-list my-finds.tsv paper.txt   your own tortured<TAB>expected list too
  unspin check --summary --fail-on spun submissions/   exit 1 if a manuscript reads as spun (a CI gate)
  unspin check --summary --workers 4 pile/   a big pile, four files at a time

A folder stands for the documents in it and its subfolders (.txt .text .md .html .htm .pdf .docx
.xml .nxml).
A file that cannot be read is reported on stderr and skipped; the others are checked (exit 2).
exit status: 0 checked, 1 with --fail-on: a text's verdict was that (or worse), 2 bad usage or a
file that could not be read (even when --fail-on would also fail)"""

RESTORE_EPILOG = """\
examples:
  unspin restore paper.txt > restored.txt
  unspin restore --min-confidence 0.9 - < paper.txt

Text outside the replaced phrases is copied byte for byte; no newline is added."""

TEXT_EPILOG = """\
examples:
  unspin text paper.pdf > paper.txt     what check and restore read: offsets index this text
  unspin text story.html                a saved web page's visible text
  unspin text article.nxml              a JATS article's prose (PubMed Central, journals' XML)
  unspin check --json paper.pdf         spans with offsets into that text

A text file is printed as it is; an HTML page (named .html or .htm, or starting <!DOCTYPE html or
<html) as its visible text, paragraphs apart by a blank line; a Word document (.docx) as its
paragraphs, apart by a blank line; a PDF as its text layer, pages apart by a blank line; a JATS XML
article (named .xml or .nxml, or starting <?xml) as its title, abstract, keywords, section titles,
paragraphs and captions, apart by a blank line (no metadata, references, formulas or tables)."""

SPIN_EPILOG = """\
examples:
  unspin spin --rate 0.3 --seed 7 article.txt
  unspin spin --thesaurus pps --style chain --spintax article.txt
  unspin spin --json - < article.txt      the edits, with offsets in both texts"""

COMPARE_EPILOG = """\
examples:
  unspin compare source.txt copy.txt        the copy's rewordings, each found or not by check
  unspin compare --json source.html copy.html
  unspin compare --html source.txt copy.txt > evidence.html   both texts marked, in one page
  unspin compare story.html site-a.html site-b.html   one story and the copies of it that two sites ran
  unspin spin --seed 7 story.txt > spun.txt && unspin compare story.txt spun.txt

The two texts are aligned word by word, in order (case, apostrophes and quotation marks aside), and
where the copy moved a sentence or a paragraph, at its place in the source; every stretch the copy
words differently is a rewording. The source plays no part in the check: the copy is checked as
'unspin check' checks it, and its spans are then held against the rewordings.
Offsets index the copy's text and original_start/original_end the source's ('unspin text FILE')."""

INDEX_EPILOG = """\
examples:
  unspin index archive/ -o archive.index              a folder of articles, indexed once
  unspin index stories.jsonl -o archive.index         {{"id", "text"}} rows (a bad row is reported)
  unspin index --add today/ -o archive.index          today's articles added to it
  unspin index --workers 4 --progress archive/ -o archive.index   four processes; the count every 10 s
  unspin index --remove archive/old.txt -o archive.index   a text taken out, by the name trace gives it
  unspin trace copy.html --sources archive.index      then traced among them without reading them all
  unspin serve --sources archive.index

The index is one SQLite file ({version}) holding the texts and the words each is
indexed by; trace, batch, serve and the Spark job (--trace-sources) open it in a moment, where the
texts themselves would be read and indexed at every start. A text is refused as trace refuses it.
With --add, a text under a name the index has replaces the one it holds (an article corrected
since), or is left out if it is the same (a folder added again adds only what is new). --remove
takes out every text indexed under the name (as trace names it: the file's path as given, or a row's
"id"). A build holds a bounded number of postings in memory and stages the rest in the file."""

TRACE_EPILOG = """\
examples:
  unspin trace copy.html --sources archive/     which of the archive's articles the copy was spun from
  unspin trace --json site/*.html --sources stories/ wire.txt
  unspin trace copy.txt --sources archive/ --top 5
  unspin trace --json site/ --sources archive.jsonl   an archive exported as {{"id", "text"}} rows
  unspin trace --compare copy.html --sources archive.jsonl   and what the copy reworded in it
  unspin trace --html --compare site/ --sources archive/ > evidence.html

Each copy is held against the few sources that share the most of its rarer words, aligned with each
as 'unspin compare' aligns them, and the sources are ranked by the share of the copy's words that
each has, in order or in passages moved whole. A source with at least {share:.0f} % of them (and
{words} words) is named the likely source (a spin keeps far more; an unrelated article holds less).
A copy made from several sources names each other one it holds sentences of: "; and from B (...)",
found among the sources that share the most of the words the closest one lacks (so that many near
copies of it, one story syndicated by many sites, leave room for the others). A text held under
several names (spacing and line ends aside) is named once, by the first of them in order, followed
by the others: "also indexed as B, C, 4 more" (in JSON, "same_text": the first 100 by name, and
"same_text_count").
With --compare, each copy is then compared with its likely source, as 'unspin compare' does; a copy
made from several is compared with each for the sentences traced to it (the likely source for the
rest), so each rewording is read against the text it came from."""

BATCH_EPILOG = """\
examples:
  unspin batch rows.jsonl -o reports.jsonl
  unspin batch --restore --workers 4 - < rows.jsonl > reports.jsonl
  unspin batch --phrases phrases.jsonl      every row a suspect phrase, as check --lines
  unspin batch --html pages.jsonl           every row a crawled HTML page, checked as its visible text
  unspin batch --genre manuscript rows.jsonl   every row by the models for papers
  unspin batch --phrase-list my-finds.tsv rows.jsonl   your own tortured phrases beside the shipped list
  unspin batch --workers 2 --progress big.jsonl -o out.jsonl   rows done and rate on stderr every 10 s
  unspin batch --resume big.jsonl -o out.jsonl   after a stop: skip the rows out.jsonl holds, append the rest
  unspin batch crawl.jsonl --sources archive/ -o out.jsonl   each row's likeliest source among yours
  unspin batch --compare crawl.jsonl --sources archive.index   and what each row reworded in it

Each input line is {"id": ..., "text": ...}; "id" defaults to the line number.
Each output line is {"id": ..., "score": ..., "verdict": ..., "spans": [...], ...}, or
{"id": ..., "line": N, "error": "..."} for a bad row, which is also reported on stderr.
With --html, a row also has "text": the page's visible text, which its offsets index.
A row with "expected" (a wording, or a list of them, that its phrase should be restored to) also
has "expected" and "expected_rank": where that wording stands among its first 5 restorations.
A row with "source" (the text its text was spun from) also has "compare": its rewordings and what
the check made of each, as 'unspin compare --json' gives them. With --sources, every row also has
"trace": its likeliest sources among those, as 'unspin trace --json' gives them; with --compare
too, as 'unspin trace --compare --json' gives them (the row's rewordings of each source it was
traced to, "compare" in "trace" and in each other source's "spun_from" entry)."""


SERVE_EPILOG = """\
examples:
  unspin serve                     then open http://127.0.0.1:8000/ in a browser
  unspin serve --port 8080
  unspin serve --phrase-list my-finds.tsv   answer with your own list beside the shipped one
  curl -s http://127.0.0.1:8000/api/check -d '{"text": "The counterfeit intelligence won."}'

endpoints:
  GET  /              the page: paste a text, see its spun phrases marked and restored
  POST /api/check     {"text": ..., "min_confidence": 0.8} -> the report JSON of 'check --json'
  POST /api/restore   the same body -> {"text": restored}
  POST /api/compare   the same body and "source" -> the rewordings, as 'compare --json' gives them
  POST /api/trace     {"text": ...} -> its likeliest sources, as 'trace --json' (with --sources)
  GET  /api/health    {"status": "ok", "unspin": version}

There is no authentication: use --host 0.0.0.0 only on a network you trust."""


class CliError(Exception):
    """A problem the user can fix; reported as one ``unspin: error:`` line with exit status 2."""


class _Exit(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` returns a status and tests need no SystemExit."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{self.prog} --help')")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``) and return the exit status."""
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except _Exit as done:  # --help and --version
        return done.status
    except (CliError, InputError, TextTooLong) as error:
        sys.stderr.write(f"{PROG}: error: {error}\n")
        return 2
    except BrokenPipeError:  # `unspin ... | head`: the reader has all it wants
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Find, explain and restore the tortured phrases left by article spinners.",
        epilog=MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # which build runs: a speed figure or a bug report means little without it
    core = "core compiled" if native.build() == "compiled" else "core run as Python sources"
    parser.add_argument("--version", action="version", version=f"{PROG} {unspin.__version__} ({core})")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_check(commands)
    _add_restore(commands)
    _add_text(commands)
    _add_spin(commands)
    _add_compare(commands)
    _add_trace(commands)
    _add_index(commands)
    _add_batch(commands)
    _add_serve(commands)
    return parser


Command = Callable[[argparse.Namespace], int]


def _command(
    commands: argparse._SubParsersAction, name: str, summary: str, epilog: str, run: Command
) -> argparse.ArgumentParser:
    sub = commands.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.set_defaults(run=run)
    return sub


def add_min_confidence(sub: argparse.ArgumentParser) -> None:
    """The ``--min-confidence`` option, shared by every command that checks text."""
    sub.add_argument(
        "--min-confidence",
        type=_fraction,
        default=unspin.DEFAULT_MIN_CONFIDENCE,
        metavar="FLOAT",
        help="report only spans at least this confident, 0 to 1 (default %(default)s)",
    )


def add_genre(sub: argparse.ArgumentParser) -> None:
    """The ``--genre`` option, shared by every command that checks running text."""
    sub.add_argument(
        "--genre",
        choices=unspin.GENRE_CHOICES,
        default=unspin.DEFAULT_GENRE,
        help="what the texts are, which picks the models for running text and the verdict: auto (each "
        "text by the genre it reads as; the default), news (news and web copy) or manuscript (papers: "
        "finds more paper-mill phrases, fewer general synonym swaps)",
    )


def add_user_lists(sub: argparse.ArgumentParser) -> None:
    """The ``--phrase-list`` and ``--allow-list`` options, shared by every command that checks text."""
    sub.add_argument(
        "--phrase-list",
        dest="phrase_lists",
        action="append",
        default=[],
        metavar="FILE",
        help="also find the tortured phrases of your own list: UTF-8, one 'tortured<TAB>expected' "
        "entry per line, # comments (the shipped list's format); its entries also teach the "
        "restorer (repeat for several lists)",
    )
    sub.add_argument(
        "--allow-list",
        dest="allow_lists",
        action="append",
        default=[],
        metavar="FILE",
        help="never flag the phrases of this list (your field's terms, your house style), in any "
        "inflection, nor anything touching one: UTF-8, one phrase per line, # comments (repeat "
        "for several lists)",
    )


def phrase_list_entries(paths: Sequence[str]) -> tuple[Fingerprint, ...]:
    """The entries of the ``--phrase-list`` files, in order; rows that are no entry are reported on
    stderr, and a list that cannot be read, or holds no entry, raises ``InputError``."""
    return read_phrase_lists(paths, lambda note: sys.stderr.write(f"{PROG}: warning: {note}\n"))


def user_lists(args: argparse.Namespace) -> ListedCheck | None:
    """The check that a command's ``--phrase-list`` and ``--allow-list`` files ask for (it travels to
    workers and Spark executors as their entries and phrases), or None for the default checker; a
    list that cannot be read raises ``InputError``."""
    extra = phrase_list_entries(args.phrase_lists)
    allowed = read_allow_lists(args.allow_lists)
    return ListedCheck(extra, allowed=allowed) if extra or allowed else None


def rows_check(args: argparse.Namespace) -> CheckFunction:
    """What ``batch`` and the Spark job do with each row, as their options say (``batch.row_check``)."""
    listed = user_lists(args)
    lists = () if listed is None else (listed.extra, listed.allowed)
    return row_check(args.phrases, args.html, args.genre, *lists)


def _checker(args: argparse.Namespace) -> Checker:
    """The checker a command's lists ask for (``user_lists``): the default one when there are none."""
    listed = user_lists(args)
    return default_checker() if listed is None else listed.checker()


def _add_check(commands: argparse._SubParsersAction) -> None:
    sub = _command(commands, "check", "report the spun phrases in texts", CHECK_EPILOG, _run_check)
    sub.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=FILE_HELP + ", or a folder of them (several: one report each)",
    )
    form = sub.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print the report as JSON")
    form.add_argument(
        "--html",
        action="store_true",
        help="print one standalone HTML page of the reports: marked texts, spans and their evidence",
    )
    form.add_argument(
        "--summary",
        action="store_true",
        help="print one line per file (score, verdict, words, spans, the strongest spans), most "
        "likely spun first: which documents of a pile to read first",
    )
    sub.add_argument(
        "--lines",
        action="store_true",
        help="check each non-blank line as a text of its own (a list of phrases); with --json, one "
        'report per line with its "line" number and "text"',
    )
    sub.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        metavar="N",
        help="check N files at a time, in as many processes (a pile of manuscripts); default 1",
    )
    sub.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help="exit 1 when a text's verdict is spun (spun), or spun or uncertain (uncertain), after "
        "every report is printed: a gate for a submission or publishing pipeline",
    )
    add_min_confidence(sub)
    add_genre(sub)
    add_user_lists(sub)


def _add_restore(commands: argparse._SubParsersAction) -> None:
    sub = _command(
        commands, "restore", "print a text with its spun phrases restored", RESTORE_EPILOG, _run_restore
    )
    sub.add_argument("file", metavar="FILE", help=FILE_HELP)
    add_min_confidence(sub)
    add_genre(sub)
    add_user_lists(sub)


def _add_text(commands: argparse._SubParsersAction) -> None:
    sub = _command(
        commands, "text", "print the text that check and restore read in a file", TEXT_EPILOG, _run_text
    )
    sub.add_argument("file", metavar="FILE", help=FILE_HELP)


def _add_spin(commands: argparse._SubParsersAction) -> None:
    sub = _command(
        commands, "spin", "rewrite a text the way an article spinner would", SPIN_EPILOG, _run_spin
    )
    sub.add_argument("file", metavar="FILE", help="UTF-8 text file, or - for stdin")
    sub.add_argument(
        "--rate", type=_fraction, default=0.3, help="share of eligible words to rewrite (default 0.3)"
    )
    sub.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same text")
    sub.add_argument(
        "--thesaurus", choices=THESAURI, default="wordnet", help="synonym source (default wordnet)"
    )
    sub.add_argument(
        "--style", choices=STYLES, default="careless", help="spinner behaviour (default careless)"
    )
    form = sub.add_mutually_exclusive_group()
    form.add_argument("--spintax", action="store_true", help="print the original with {original|spun} edits")
    form.add_argument("--json", action="store_true", help="print the spun text, settings and edits as JSON")


def _add_compare(commands: argparse._SubParsersAction) -> None:
    summary = "show what spun copies reworded in their source, and which of it check finds"
    sub = _command(commands, "compare", summary, COMPARE_EPILOG, _run_compare)
    sub.add_argument("source", metavar="SOURCE", help=FILE_HELP)
    sub.add_argument(
        "copies", nargs="+", metavar="COPY", help="a spun copy (several: each in turn): " + FILE_HELP
    )
    form = sub.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="one JSON object: the rewordings, spans and report")
    form.add_argument(
        "--html",
        action="store_true",
        help="one standalone page: both texts with the rewordings marked by what check made of each",
    )
    add_min_confidence(sub)
    add_genre(sub)
    add_user_lists(sub)


def _add_trace(commands: argparse._SubParsersAction) -> None:
    summary = "find which of the sources you hold each copy was spun from"
    epilog = TRACE_EPILOG.format(share=MIN_SOURCE_SHARE * 100, words=MIN_SOURCE_WORDS)
    sub = _command(commands, "trace", summary, epilog, _run_trace)
    sub.add_argument(
        "copies", nargs="+", metavar="COPY", help=FILE_HELP + ", a folder of them, or a .jsonl file of rows"
    )
    sub.add_argument(
        "--sources",
        nargs="+",
        required=True,
        metavar="SOURCE",
        help="the texts the copies may have been spun from: files, folders of them, or JSONL files of"
        ' {"id", "text"} rows (.jsonl; a bad row is reported and skipped); or, alone, an index of them'
        " saved by unspin index",
    )
    sub.add_argument(
        "--top", type=_positive_int, default=3, metavar="N", help="sources shown per copy (default 3)"
    )
    form = sub.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="one JSON object per copy")
    form.add_argument(
        "--html",
        action="store_true",
        help="one standalone HTML page: each copy with the passages traced to each source marked"
        " (and, with --compare, its rewordings), to keep or send",
    )
    sub.add_argument(
        "--compare",
        action="store_true",
        help="also compare each copy with its likely source, as compare does, and a copy made from"
        ' several with each for its sentences (JSON: "compare", null without one, and each other'
        " source's \"compare\" in its spun_from entry); the options below are the check's it makes",
    )
    add_min_confidence(sub)
    add_genre(sub)
    add_user_lists(sub)


def _add_index(commands: argparse._SubParsersAction) -> None:
    summary = "index the texts copies may have been spun from once, for trace, batch and serve"
    epilog = INDEX_EPILOG.format(version=f"{SAVED_FORMAT}, version {SAVED_VERSION}")
    sub = _command(commands, "index", summary, epilog, _run_index)
    sub.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help='files, folders of them, or JSONL files of {"id", "text"} rows, as trace\'s --sources',
    )
    sub.add_argument("-o", "--output", required=True, metavar="INDEX", help="the index file to write")
    sub.add_argument("--add", action="store_true", help="add the texts to the index already there")
    sub.add_argument(
        "--remove",
        action="append",
        default=[],
        metavar="NAME",
        help="take the texts indexed under NAME out of the index (repeat it for more)",
    )
    sub.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        metavar="N",
        help="processes reading the texts (default 1)",
    )
    sub.add_argument(
        "--progress",
        action="store_true",
        help=f"say on stderr every {PROGRESS_SECONDS:g} s how many texts are read and at what rate",
    )


def _add_batch(commands: argparse._SubParsersAction) -> None:
    sub = _command(commands, "batch", "check every row of a JSONL file", BATCH_EPILOG, _run_batch)
    sub.add_argument("input", metavar="IN.jsonl", help="JSONL file, or - for stdin")
    sub.add_argument("-o", "--output", metavar="OUT.jsonl", help="write here instead of stdout")
    sub.add_argument("--restore", action="store_true", help='add the restored text as "restored"')
    add_row_kind(sub)
    sub.add_argument(
        "--sources",
        nargs="+",
        metavar="SOURCE",
        help='the texts the rows may have been spun from, as trace reads them: adds "trace", the'
        " likeliest of them",
    )
    sub.add_argument(
        "--compare",
        action="store_true",
        help='with --sources: each "trace" also compares the row with the sources it was traced to,'
        " as trace --compare --json does",
    )
    sub.add_argument(
        "--workers", type=_positive_int, default=1, metavar="N", help="processes to use (default 1)"
    )
    sub.add_argument(
        "--resume",
        action="store_true",
        help="continue an earlier run over the same input that stopped part way: the rows already in"
        " OUT (given with -o) are skipped and the rest appended",
    )
    sub.add_argument(
        "--progress",
        action="store_true",
        help=f"say on stderr every {PROGRESS_SECONDS:g} s how many rows are done, how many were bad,"
        " how many read as spun, and at what rate (a long batch)",
    )
    add_min_confidence(sub)
    add_genre(sub)
    add_user_lists(sub)


def add_row_kind(parser: argparse.ArgumentParser) -> None:
    """``--phrases`` or ``--html``: what the rows of a batch are (``unspin batch``, the Spark job)."""
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument(
        "--phrases",
        action="store_true",
        help="read every text of up to 8 words as a suspect phrase on its own (as check --lines)",
    )
    kind.add_argument(
        "--html",
        action="store_true",
        help="every text is an HTML page: check its visible text, which the output row gives as"
        ' "text" (the offsets index it)',
    )


def _add_serve(commands: argparse._SubParsersAction) -> None:
    from unspin.web import DEFAULT_HOST, DEFAULT_PORT  # the web module is standard library only: cheap

    sub = _command(
        commands, "serve", "serve a web page and JSON API for checking texts", SERVE_EPILOG, _run_serve
    )
    sub.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default %(default)s)")
    sub.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help="port to listen on, 0 for any free one (default %(default)s)",
    )
    sub.add_argument(
        "--sources",
        nargs="+",
        metavar="SOURCE",
        help="the texts a text may have been spun from, as trace reads them: answers POST /api/trace",
    )
    add_user_lists(sub)


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 <= number <= 1.0:  # written this way round so that NaN fails too
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return number


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0 to 65535)")
    return number


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1")
    return number


# Commands


def _run_check(args: argparse.Namespace) -> int:
    """Report on each file in turn; an unreadable one is reported and skipped, like grep does."""
    if args.lines and (args.html or args.summary):
        raise CliError(f"{'--html' if args.html else '--summary'} shows whole texts, not --lines")
    if args.lines and args.fail_on:
        raise CliError("--fail-on judges whole texts, not --lines")
    if args.workers > 1 and args.lines:
        raise CliError("--workers spreads whole files over processes, not the lines of --lines")
    readable = not (args.summary or args.html or args.json or args.lines)
    job = CheckJob(args.min_confidence, args.genre, readable, user_lists(args))
    color = use_color(sys.stdout)
    printed = False
    paths, missing = _expand_folders(args.files)
    if args.workers > 1 and STDIN in paths:
        raise CliError("--workers reads files, not stdin")
    for error in missing:
        sys.stderr.write(f"{PROG}: error: {error}\n")
    unreadable = 0  # files, after the folders with no document in them
    verdicts: list[str] = []  # of every text checked, for --fail-on
    # for --html, written once every file is read: the reports, and the pages of their documents
    html_reports: list[tuple[str, Report]] = []
    html_pages: list[PageOf | None] = []
    summary: list[SummaryRow] = []  # for --summary, likewise
    for checked in checked_files(paths, job, args.workers, args.lines):
        name, document, report = checked.name, checked.document, checked.report
        if checked.error is not None:
            sys.stderr.write(f"{PROG}: error: {checked.error}\n")
            unreadable += 1
            continue
        assert document is not None
        if args.lines:
            _check_lines(job.checker(), document.text, name, len(paths) > 1, args, color, printed)
            printed = True
            continue
        assert report is not None
        if args.summary:
            summary.append(summary_row(name, report, pages_of(document)))
        elif args.html:
            html_reports.append((name, report))
            html_pages.append(pages_of(document))
        elif args.json:
            named = name if len(paths) > 1 else None
            sys.stdout.write(_json_report(report, named, pages_of(document)) + "\n")
        else:
            paper = checked.reads_as == "manuscript" and report.genre != checked.reads_as
            shown = render_report(
                report, name, color, checked.weaker, checked.prose, paper, pages_of(document)
            )
            sys.stdout.write(("\n" if printed else "") + shown)
        verdicts.append(report.verdict)
        printed = True
    if args.summary:
        sys.stdout.write(render_summary(summary, unreadable))
    elif html_reports:
        from unspin.html_report import render_html

        version, lists = unspin.__version__, args.phrase_lists
        page = render_html(
            html_reports, args.min_confidence, version, args.genre, lists, html_pages, args.allow_lists
        )
        sys.stdout.write(page)
    if missing or unreadable:
        return 2
    return 1 if args.fail_on and set(verdicts) & set(FAIL_ON[args.fail_on]) else 0


@dataclasses.dataclass(frozen=True)
class CheckJob:
    """What checking a file of ``check`` needs besides its path; sent to the workers of ``--workers``."""

    min_confidence: float
    genre: str
    # the readable report's leads: the weaker spans, the genre the text reads as, and whether a
    # text short enough for a phrase is written as prose (``check_with_leads``)
    leads: bool = False
    listed: ListedCheck | None = None  # users' own lists beside the shipped one (its checker)

    def checker(self) -> Checker:
        return default_checker() if self.listed is None else self.listed.checker()


class FileCheck(NamedTuple):
    """One file of ``check``: its text and report, or why it could not be checked (``error``: one line)."""

    name: str
    error: str | None = None
    document: Document | None = None
    report: Report | None = None  # None for --lines, which checks the document's lines itself
    weaker: int = 0
    reads_as: str = ""
    prose: bool = False  # short enough for a phrase, but written as prose


def check_file(path: str, job: CheckJob, lines: bool = False) -> FileCheck:
    """Read and check one file as ``job`` says (only read it for ``lines``)."""
    name = display_name(path)
    try:
        document = read_document(path)
    except InputError as error:
        return FileCheck(name, str(error))
    if lines:
        return FileCheck(name, document=document)
    checker, text = job.checker(), document.text
    try:
        if not job.leads:
            report = checker.check(text, job.min_confidence, genre=job.genre)
            return FileCheck(name, document=document, report=report)
        report, weaker, reads_as = check_with_leads(text, job.min_confidence, job.genre, checker)
    except TextTooLong as error:
        return FileCheck(name, f"{name}: {error}")
    # short enough to be a suspect phrase, but not written like one (a document is not tokenised
    # again to find that out)
    prose = report.words <= ISOLATED_MAX_WORDS and not is_phrase(tokenize(text))
    return FileCheck(name, None, document, report, weaker, reads_as, prose)


def checked_files(
    paths: Sequence[str], job: CheckJob, workers: int = 1, lines: bool = False
) -> Iterator[FileCheck]:
    """``check_file`` of each path in turn, in order; spread over ``workers`` processes when there
    are several files (forked workers share the checker loaded here first)."""
    if workers <= 1 or len(paths) <= 1:
        yield from (check_file(path, job, lines) for path in paths)
        return
    forked = multiprocessing.get_start_method() == "fork"
    if forked:
        job.checker().check(WARM_UP_TEXT)
    count = min(workers, len(paths))
    with forked_pool(count) if forked else multiprocessing.Pool(count) as pool:
        yield from pool.imap(partial(check_file, job=job, lines=lines), paths)


def _expand_folders(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Each path as given, a folder as the documents in it (``textio.document_paths``), and an
    error for each folder that holds none."""
    files: list[str] = []
    errors: list[str] = []
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            documents = document_paths(path)
            if not documents:
                errors.append(f"{path}: a folder with no document in it ({' '.join(DOCUMENT_SUFFIXES)})")
            files += documents
        else:
            files.append(path)
    return files, errors


class SummaryRow(NamedTuple):
    """One text of ``check --summary``: its figures and strongest spans (not its text: a pile of
    manuscripts is read before the rows are sorted)."""

    name: str
    score: float
    verdict: str
    words: int
    spans: int
    # spans that are phrases of the tortured-phrase list: the count a paper screener reads first
    listed: int
    strongest: tuple[Span, ...]  # the ``SUMMARY_SPANS`` most confident
    pages: tuple[int | None, ...] = ()  # the page of each of ``strongest``, in a document with pages


def summary_row(name: str, report: Report, page_of: PageOf | None = None) -> SummaryRow:
    strongest = tuple(sorted(report.spans, key=lambda span: -span.confidence)[:SUMMARY_SPANS])
    listed = sum(1 for span in report.spans if any(e.kind == "fingerprint" for e in span.evidence))
    pages = tuple(page_of(span.start) for span in strongest) if page_of is not None else ()
    return SummaryRow(
        name, report.score, report.verdict, report.words, len(report.spans), listed, strongest, pages
    )


_VERDICT_RANK = {"spun": 0, "uncertain": 1, "clean": 2}


def render_summary(rows: Sequence[SummaryRow], unreadable: int = 0) -> str:
    """One line per text, those called spun first, then the uncertain ones, then the clean ones,
    each the likeliest spun first (ties in the order given): score, verdict, words, spans shown,
    those of them that are listed tortured phrases, name, and the most confident spans as
    ``spun → suggestion``; then the counts, with the ``unreadable`` files (reported on their own).
    A short or non-English text is "uncertain" at any score, so a score alone would rank a 20-word
    note above a manuscript called spun."""
    lines = [f"{'score':>5}  {'verdict':<9}  {'words':>8}  {'spans':>5}  {'listed':>6}  file"]
    for row in sorted(rows, key=lambda row: (_VERDICT_RANK.get(row.verdict, 1), -row.score)):
        pages = row.pages or (None,) * len(row.strongest)
        quoted = "; ".join(
            f"{' '.join(span.text.split())} → {span.suggestion}" + (f", page {page}" if page else "")
            for span, page in zip(row.strongest, pages)
        )
        lines.append(
            f"{row.score:5.2f}  {row.verdict:<9}  {row.words:>8}  {row.spans:>5}  {row.listed:>6}  {row.name}"
            + (f"  ({quoted})" if quoted else "")
        )
    verdicts = [row.verdict for row in rows]
    counts = [f"{verdicts.count(v)} {v}" for v in ("spun", "uncertain", "clean") if v in verdicts]
    if unreadable:
        counts.append(f"{unreadable} unreadable")
    lines.append(_count(len(rows) + unreadable, "file") + (": " + ", ".join(counts) if counts else ""))
    return "\n".join(lines) + "\n"


def text_lines(text: str) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` of each non-blank line, without its line break (so that span offsets
    index the line exactly)."""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip():
            yield number, line


def _check_lines(
    checker: Checker,
    text: str,
    name: str,
    name_rows: bool,
    args: argparse.Namespace,
    color: bool,
    printed: bool,
) -> None:
    """One report per non-blank line, each line checked as a text of its own (``name_rows``: JSON
    rows say which file they come from, as for several files). A line written as a list entry,
    ``tortured<TAB>expected``, is its phrase checked and its restoration ranked against the
    expected wording (``expected_rank``)."""
    rows = []
    for number, line in text_lines(text):
        phrase, expected = list_entry(line)
        # the decisions once, reported at the threshold (and below at 0, for the line's own score)
        tokens, decisions = checker.decisions(phrase, as_phrase=True, genre=args.genre)
        report = checker.report(phrase, tokens, decisions, args.min_confidence, genre=args.genre)
        ranked = {}
        if expected is not None:
            ranked = expected_fields(report.restorations(args.min_confidence), expected)
        rank = ranked.get("expected_rank")
        if args.json:
            record = {
                **({"file": name} if name_rows else {}),
                "line": number,
                "text": phrase,
                **ranked,
                **report.to_dict(),
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            # the line's own score: its strongest span at any confidence, shown or not
            spans = [*checker.report(phrase, tokens, decisions, 0.0, genre=args.genre).spans, *report.spans]
            score = max((span.confidence for span in spans), default=0.0)
            rows.append(LineRow(number, phrase, report, score, expected, rank))
    if not args.json:
        sys.stdout.write(("\n" if printed else "") + render_lines(rows, name, color))


def list_entry(line: str) -> tuple[str, tuple[str, ...] | None]:
    """A line of ``check --lines``: its phrase, and the expected wordings if it is written as a list
    entry (``tortured<TAB>expected``, alternatives the list's way: ``fingerprints.expand_alternatives``);
    a line with nothing before its tab is checked whole, as a line with none."""
    phrase, tab, expected = line.partition("\t")
    return (phrase, expand_alternatives(expected)) if tab and phrase.strip() else (line, None)


def _json_report(report: Report, name: str | None, page_of: PageOf | None = None) -> str:
    """The report JSON, with the ``file`` it is of when several are, and each span's ``page`` in a
    document with pages (a PDF: ``pages_of``)."""
    if name is None and page_of is None:
        return report.to_json()
    record = {**({"file": name} if name is not None else {}), **report.to_dict()}
    if page_of is not None:
        for span in record["spans"]:
            span["page"] = page_of(span["start"])
    return json.dumps(record, ensure_ascii=False)


def pages_of(document: Document) -> PageOf | None:
    """How to cite an offset of ``document`` by its page, if it has pages (a PDF)."""
    return document.page_of if document.page_starts else None


def _run_restore(args: argparse.Namespace) -> int:
    try:
        report = _checker(args).check(read_text(args.file), args.min_confidence, genre=args.genre)
        restored = report.restored(args.min_confidence)
    except TextTooLong as error:
        raise CliError(f"{display_name(args.file)}: {error}") from None
    _write_exact(restored)
    return 0


def _run_text(args: argparse.Namespace) -> int:
    _write_exact(read_text(args.file))
    return 0


def _run_spin(args: argparse.Namespace) -> int:
    from unspin.spin import spin  # lazy: only this command needs the spinner and its thesauri

    text = read_text(args.file)
    try:
        result = spin(text, rate=args.rate, seed=args.seed, thesaurus=args.thesaurus, style=args.style)
    except ValueError as error:
        raise CliError(str(error)) from None
    if args.json:
        _write_exact(json.dumps(_spin_dict(result), ensure_ascii=False) + "\n")
    else:
        _write_exact(result.spintax() if args.spintax else result.text)
    return 0


def _spin_dict(result: SpinResult) -> dict:
    return {
        "text": result.text,
        "original": result.original,
        "settings": result.settings,
        "edits": [dataclasses.asdict(edit) for edit in result.edits],
    }


def _run_compare(args: argparse.Namespace) -> int:
    if [args.source, *args.copies].count(STDIN) > 1:
        raise CliError("only one of SOURCE and COPY can be - (stdin)")
    source, source_name = read_text(args.source), display_name(args.source)
    checker = _checker(args)
    compared: list[tuple[str, Comparison]] = []
    failed = False
    for path in args.copies:
        name = display_name(path)
        try:
            copy = read_text(path)
            comparison = compare(source, copy, args.min_confidence, args.genre, checker)
        except (InputError, TextTooLong) as error:  # the other copies are still compared
            message = str(error) if isinstance(error, InputError) else f"{name}: {error}"
            sys.stderr.write(f"{PROG}: error: {message}\n")
            failed = True
            continue
        compared.append((name, comparison))
        if args.json:
            fields = {"source": source_name, "copy": name, **comparison.to_dict()}
            _write_exact(json.dumps(fields, ensure_ascii=False) + "\n")
        elif not args.html:
            _write_exact(
                ("\n" if len(compared) > 1 else "") + render_comparison(comparison, source_name, name)
            )
    if args.html and compared:
        from unspin.html_report import render_comparison_html

        lists = args.phrase_lists, args.allow_lists
        version = unspin.__version__
        _write_exact(
            render_comparison_html(compared, source_name, args.min_confidence, version, args.genre, *lists)
        )
    elif len(compared) > 1 and not args.json:
        _write_exact("\n" + render_copies(compared, source_name))
    return 2 if failed else 0


def _run_trace(args: argparse.Namespace) -> int:
    """Index the sources, then rank them against each copy in turn; an unreadable file is named on
    stderr and skipped."""
    errors: list[str] = []
    index = read_sources(args.sources, errors)
    checker = _checker(args) if args.compare else None
    traced: list[tuple[str, str, Trace, Sequence[Comparison]]] = []
    for name, copy in named_texts(args.copies, errors):
        try:
            trace = index.trace(copy, args.top)
        except TextTooLong as error:
            sys.stderr.write(f"{PROG}: error: {name}: {error}\n")
            errors.append(f"{name}: {error}")
            continue
        comparisons = None
        if checker is not None:
            comparisons = compared_parts(copy, trace, index.text_of, args.min_confidence, args.genre, checker)
        if args.json:
            fields = trace_fields(trace, comparisons)
            _write_exact(json.dumps({"copy": name, **fields}, ensure_ascii=False) + "\n")
        elif args.html:
            traced.append((name, copy, trace, comparisons or ()))
        else:
            _write_exact(render_trace(name, trace, len(index)))
            for part, comparison in zip(trace.spun_from, comparisons or ()):
                _write_exact(render_comparison(comparison, part.name, name, trace.scope(part)) + "\n")
    if traced:
        from unspin.html_report import render_trace_html

        lists = args.phrase_lists, args.allow_lists
        confidence = args.min_confidence if args.compare else None
        _write_exact(
            render_trace_html(traced, len(index), unspin.__version__, confidence, args.genre, *lists)
        )
    return 2 if errors else 0


def _run_index(args: argparse.Namespace) -> int:
    """Index the readable sources into ``args.output``; an unreadable one is named on stderr."""
    if args.remove:
        return _remove_from_index(args)
    if not args.sources:
        raise CliError("give the texts to index (or --remove NAME)")
    _require_files(args.sources)
    errors: list[str] = []
    started = time.perf_counter()
    try:
        texts = named_texts(args.sources, errors)
        if args.progress:
            texts = ProgressReport(sys.stderr).texts(texts)
        saved = save_index(args.output, texts, args.add, args.workers)
    except (TextTooLong, SavedIndexError) as error:
        raise CliError(str(error)) from None
    seconds = time.perf_counter() - started
    if args.add:
        total = saved_count(args.output)
        replaced = f", {saved.replaced:,} replaced by a new text" if saved.replaced else ""
        known = f"; {saved.unchanged:,} left out, as it had them already" if saved.unchanged else ""
        done = f"{saved.added:,} texts added{replaced} ({total:,} in all{known})"
    else:
        done = f"{saved.added:,} texts indexed"
    sys.stderr.write(f"{done} in {args.output}, {seconds:.1f} s\n")
    return 2 if errors else 0


def _remove_from_index(args: argparse.Namespace) -> int:
    """``index --remove``: the names the index holds no text under are named on stderr."""
    if args.sources or args.add:
        raise CliError("--remove takes names out of an index; add texts in another run")
    if not is_saved_index(args.output):
        what = "not an index saved by unspin index" if os.path.exists(args.output) else "no such index"
        raise CliError(f"{args.output}: {what}")
    try:
        before = saved_count(args.output)
        missing = remove_from_index(args.output, args.remove)
        total = saved_count(args.output)
    except SavedIndexError as error:
        raise CliError(str(error)) from None
    for name in missing:
        sys.stderr.write(f"{PROG}: error: {name}: no text of that name in {args.output}\n")
    sys.stderr.write(f"{before - total:,} texts removed from {args.output} ({total:,} left)\n")
    return 2 if missing else 0


def read_sources(paths: Sequence[str], errors: list[str]) -> SourceIndex:
    """The texts of ``paths`` (``named_texts``) indexed, or the index saved at the one path given
    (``unspin index``); a ``CliError`` if none could be read."""
    _require_files(paths)
    saved = [path for path in paths if is_saved_index(path)]
    if saved:
        if len(paths) > 1:
            raise CliError(f"{saved[0]}: a saved index is given alone, not with other sources")
        try:
            opened = SavedSourceIndex(saved[0])
        except SavedIndexError as error:
            raise CliError(str(error)) from None
        if not len(opened):
            raise CliError(f"{saved[0]}: the index holds no text")
        return opened
    try:
        index = SourceIndex(named_texts(paths, errors))
    except TextTooLong as error:
        raise CliError(str(error)) from None
    if not len(index):
        raise CliError("no source could be read")
    return index


def _require_files(paths: Sequence[str]) -> None:
    if STDIN in paths:
        raise CliError("the sources are files, folders or JSONL files, not - (stdin)")


def named_texts(paths: Sequence[str], errors: list[str]) -> Iterator[tuple[str, str]]:
    """``(name, text)`` of each file, of the documents in each folder and of each row of a ``.jsonl``
    file (named by its "id", else ``path:line``); each file or row that cannot be read is reported
    on stderr as it comes, added to ``errors`` and skipped."""

    def failed(message: str) -> None:
        sys.stderr.write(f"{PROG}: error: {message}\n")
        errors.append(message)

    files, missing = _expand_folders(paths)
    for message in missing:
        failed(message)
    for path in files:
        try:
            if not path.endswith(".jsonl"):
                yield display_name(path), read_text(path)
                continue
            with open_binary(path) as rows:
                for line_no, row, error in iter_jsonl(rows):
                    if error is not None or row is None:
                        failed(f"{display_name(path)}:{line_no}: {error}")
                    else:
                        yield str(row.get("id", f"{display_name(path)}:{line_no}")), row["text"]
        except InputError as error:
            failed(str(error))


def render_trace(copy: str, trace: Trace, sources: int) -> str:
    """One line per copy: ``Trace.describe`` after its name."""
    return f"{copy}: {trace.describe(sources)}\n"


def render_copies(compared: Sequence[tuple[str, Comparison]], source: str) -> str:
    """The readable summary of several copies of one source: a row each, the most shared first."""
    ranked = sorted(compared, key=lambda pair: pair[1].alignment.shared_share, reverse=True)
    lines = [f"{len(compared)} copies of {source}, the most of its words first:"]
    for name, comparison in ranked:
        shared = comparison.alignment.shared_share * 100
        rewordings = _count(len(comparison.outcomes), "rewording")
        counts = f"{rewordings}, {comparison.flagged} flagged, {comparison.restored()} restored"
        lines.append(f"  {shared:3.0f} %  {counts}  {name}")
    return "\n".join(lines) + "\n"


def render_comparison(comparison: Comparison, source: str, copy: str, scope: str = "") -> str:
    """The readable form of ``compare``: what the copy shares and rewords, then each rewording, with
    what check made of it, and the spans over words the source has too; ``scope`` says which part
    of the copy was compared if not all of it (``Trace.scope``)."""
    alignment = comparison.alignment
    outcomes = comparison.outcomes
    lines = [
        f"{copy}{scope} against {source}: {alignment.shared_share * 100:.0f} % of its "
        f"{_count(alignment.words, 'word')} are the source's, {alignment.where_shared} "
        f"({comparison.restored_shared_share * 100:.0f} % once restored); "
        f"{_count(len(outcomes), 'rewording')}",
        f"unspin, without the source: {comparison.flagged} of the {_count(len(outcomes), 'rewording')} "
        f"flagged, {comparison.restored()} restored as the source has them ({comparison.restored(TOP_K)} "
        f"within {TOP_K} restorations); {_count(len(comparison.spans_on_shared_words), 'span')} over words "
        "the source has",
    ]
    if outcomes:
        lines += ["", f"rewordings (offsets in {copy}):"]
        lines += [f"  {_describe_outcome(outcome)}" for outcome in outcomes]
    if alignment.moves:
        lines += ["", f"moved passages (offsets in {copy}, then in {source}):"]
        lines += [f"  {_describe_move(alignment, move)}" for move in alignment.moves]
    if comparison.spans_on_shared_words:
        lines += ["", "spans over words the source has:"]
        lines += [f"  {describe_span(span)}" for span in comparison.spans_on_shared_words]
    return "\n".join(lines) + "\n"


def _describe_move(alignment: Alignment, move: Move) -> str:
    opening = " ".join(alignment.spun[move.start : move.end].split()[:6])
    return (
        f'{move.start}-{move.end} ← {move.original_start}-{move.original_end}: "{opening} …", '
        f"{_count(move.shared_words, 'word')} as the source has them there"
    )


def _describe_outcome(outcome: EditOutcome) -> str:
    edit = outcome.edit
    original = " ".join(edit.original.split()) or "(nothing)"
    return f'{edit.start}-{edit.end} "{" ".join(edit.text.split())}" ← {original}: {outcome.describe()}'


def _run_batch(args: argparse.Namespace) -> int:
    check = rows_check(args)  # an unusable list stops it before the output is opened (and emptied)
    # and none of the sources readable: likewise (an unreadable one is reported, and the status is 2)
    unreadable: list[str] = []
    if args.compare and not args.sources:
        raise CliError("--compare compares rows with the sources they are traced to: give --sources")
    sources = read_sources(args.sources, unreadable) if args.sources else None
    resume = _resume_point(args) if args.resume else None
    source = open_binary(args.input)
    try:
        with _output(args.output, append=resume is not None) as out:
            report = ProgressReport(sys.stderr) if args.progress else None
            stats = run_batch(
                source,
                out,
                sys.stderr,
                args.min_confidence,
                args.restore,
                args.workers,
                check=check,
                progress=report,
                resume=resume,
                sources=sources,
                compare_traced=args.compare,
            )
    except ResumeError as error:
        raise CliError(f"{args.output}: {error}") from None
    finally:
        if args.input != STDIN:
            source.close()
    if resume is not None and resume.rows:
        sys.stderr.write(f"{resume.rows} rows written before, resumed after them; ")
    sys.stderr.write(stats.describe() + "\n")
    if unreadable:
        return 2
    return 1 if stats.rows and stats.bad == stats.rows else 0


def _resume_point(args: argparse.Namespace) -> Resume:
    """Where an earlier ``batch -o OUT`` stopped (none if OUT does not exist yet), with a last line
    cut short by the stop cut off OUT, to be written again."""
    if args.output is None or args.output == STDIN:
        raise CliError("--resume continues an output file: give it with -o")
    if not os.path.exists(args.output):
        return Resume(0)
    try:
        resume = resume_point(args.output)
        if os.path.getsize(args.output) > resume.end:
            os.truncate(args.output, resume.end)
    except ResumeError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{args.output}: cannot resume ({error.strerror or error})") from None
    return resume


class ProgressReport:
    """``batch --progress``: a line on ``stream`` at most every ``every`` seconds, with the rows done
    so far, the bad ones, those called spun and the rate since the start (called after each row, so
    it costs a clock read per row); ``index --progress`` (``texts``): the texts read."""

    def __init__(
        self, stream: TextSink, every: float = PROGRESS_SECONDS, clock: Callable[[], float] = time.monotonic
    ):
        self.stream, self.every, self.clock = stream, every, clock
        self.started = self.last = clock()

    def __call__(self, stats: BatchStats) -> None:
        if (seconds := self.due()) is not None:
            rate = stats.rows / seconds
            done = f"{stats.rows:,} rows done ({stats.bad:,} bad, {stats.spun:,} spun)"
            self.stream.write(f"{PROG}: {done}, {rate:,.1f} rows/s\n")

    def due(self) -> float | None:
        """The seconds since the start when a line is due (``every`` seconds since the last), else None."""
        now = self.clock()
        if now - self.last < self.every:
            return None
        self.last = now
        return max(now - self.started, 1e-9)

    def texts(self, texts: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        """``index --progress``: ``texts`` as they are read, with a line of how many and how fast."""
        for done, text in enumerate(texts, 1):
            yield text
            if (seconds := self.due()) is not None:
                self.stream.write(f"{PROG}: {done:,} texts read, {done / seconds:,.0f} texts/s\n")


def _run_serve(args: argparse.Namespace) -> int:
    from unspin.web import ServeError, serve

    listed = user_lists(args)  # an unusable list stops it before it binds
    sources = read_sources(args.sources, []) if args.sources else None  # and none readable, likewise
    try:
        serve(args.host, args.port, checker=None if listed is None else listed.checker(), sources=sources)
    except ServeError as error:
        raise CliError(str(error)) from None
    return 0


# Rendering


def use_color(stream: object) -> bool:
    """ANSI colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def check_with_leads(
    text: str, min_confidence: float, genre: str = unspin.DEFAULT_GENRE, checker: Checker | None = None
) -> tuple[Report, int, str]:
    """The report at ``min_confidence``, how many weaker spans ``LEAD_CONFIDENCE`` would add
    (counted only for a document that does not read as clean; the text is checked once), and the
    genre the text reads as (``genre="auto"``'s choice); by ``checker`` (default: the default one)."""
    checker = default_checker() if checker is None else checker
    tokens, decisions = checker.decisions(text, genre=genre)
    report = checker.report(text, tokens, decisions, min_confidence, genre=genre)
    reads_as = checker.genre_of(tokens, AUTO_GENRE)
    if report.verdict == "clean" or min_confidence <= LEAD_CONFIDENCE:
        return report, 0, reads_as
    lenient = checker.report(text, tokens, decisions, LEAD_CONFIDENCE, genre=genre)
    return report, sum(span.confidence < min_confidence for span in lenient.spans), reads_as


def render_report(
    report: Report,
    name: str,
    color: bool = False,
    weaker: int = 0,
    short_prose: bool = False,
    reads_as_manuscript: bool = False,
    page_of: PageOf | None = None,
) -> str:
    """The readable report: header, reasons, the text with its spans marked, then the span list
    (with each span's page, given ``page_of``), the number of ``weaker`` spans a lower threshold
    would show, for ``short_prose`` (a text short enough for a phrase, read as running text) how to
    have it read as a suspect phrase, and for ``reads_as_manuscript`` (a text read as news that
    reads as a paper) how to read it as one."""
    spans = sorted(report.spans, key=lambda span: span.start)
    genre = "; read as a manuscript" if report.genre == "manuscript" else ""
    lines = [
        f"{name}: {report.verdict} (score {report.score:.2f}, {_count(report.words, 'word')}, "
        f"{_count(len(spans), 'spun phrase')}{genre})"
    ]
    lines += [f"  - {reason}" for reason in report.reasons[:MAX_REASONS]]
    if spans:
        lines += ["", *marked_lines(report.text, spans, color), "", "spans:"]
        lines += [f"  {describe_span(span, page_of and page_of(span.start))}" for span in spans]
    if weaker:
        lines += [
            f"{_count(weaker, 'weaker phrase')} with a confidence of {LEAD_CONFIDENCE:g} or more not shown:"
            f" --min-confidence {LEAD_CONFIDENCE:g} shows them"
        ]
    if short_prose:
        lines += [
            "read as running text (written with capitals or as a sentence); to judge it as a suspect"
            " phrase copied from a paper: unspin check --lines"
        ]
    if reads_as_manuscript:
        lines += [
            "read as news, but it reads like a paper or technical text: --genre manuscript (or auto, the"
            " default) reads it with the models for papers, which make fewer false spans in such prose"
        ]
    return "\n".join(lines) + "\n"


def marked_lines(text: str, spans: Sequence[Span], color: bool = False) -> list[str]:
    """The text with its spans marked; a text of more than ``LONG_TEXT_LINES`` lines (a manuscript,
    a book) as only its lines that hold a span, each with its number, as grep -n shows them."""
    # a mark holds no line break but the span's own, so the marked text has the text's lines
    marked = highlight(text, spans, color).rstrip("\n").split("\n")
    if len(marked) <= LONG_TEXT_LINES:
        return marked
    starts = list(accumulate((len(line) + 1 for line in text.split("\n")), initial=0))
    shown = sorted(
        {
            n
            for span in spans
            for n in range(bisect_right(starts, span.start) - 1, bisect_right(starts, span.end - 1))
        }
    )
    width = len(str(shown[-1] + 1))
    lines_shown = _count(len(shown), "line")
    out = [f"({len(marked)} lines: the {lines_shown} with a span; --html or --json for the whole text)"]
    for previous, number in zip([None, *shown], shown):
        if previous is not None and number != previous + 1:
            out.append(" " * width + "  …")
        out.append(f"{number + 1:>{width}}: {marked[number]}")
    return out


class LineRow(NamedTuple):
    """One line of ``check --lines``: its number, the phrase checked, its report, its strongest span
    confidence, and for a list entry its expected wordings and their rank (``expected_rank``)."""

    number: int
    phrase: str
    report: Report
    score: float
    expected: tuple[str, ...] | None = None
    rank: int | None = None


def render_lines(rows: Sequence[LineRow], name: str, color: bool) -> str:
    """The readable report of ``check --lines``: a row per line with its number, whether some span
    was shown, the line's strongest span confidence, and the line with its spans marked; for a list
    entry, its expected wording and whether the restoration gives it (first, or at which rank of
    the first five), counted in the header."""
    body = []
    for row in rows:
        line = f"  {row.number:>4}  {'spun ' if row.report.spans else 'clean'}  {row.score:.2f}  "
        line += highlight(row.phrase, row.report.spans, color)
        if row.expected is not None:
            line += f"  ({_expected_note(row.expected, row.rank)})"
        body.append(line)
    flagged = sum(1 for row in rows if row.report.spans)
    header = f"{name}: {flagged} of {_count(len(rows), 'line')} with a spun phrase"
    entries = [row for row in rows if row.expected is not None]
    if entries:
        first = sum(row.rank == 1 for row in entries)
        top = sum(row.rank is not None for row in entries)
        header += (
            f"; of {len(entries)} list {'entry' if len(entries) == 1 else 'entries'}, {first} restored "
            f"as expected ({top} within the first {TOP_K} restorations)"
        )
    return "\n".join([header, *body]) + "\n"


def _expected_note(expected: Sequence[str], rank: int | None) -> str:
    wording = " / ".join(expected) or "no wording"
    if rank == 1:
        return f"restored as expected: {wording}"
    if rank is not None:
        return f"expected {wording}: restoration {rank}"
    return f"expected {wording}: not restored so"


def highlight(text: str, spans: Sequence[Span], color: bool = False) -> str:
    """``text`` with each span written as ``[[spun → suggestion]]``."""
    pieces: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda span: span.start):
        if span.start < cursor:
            continue  # overlapping spans cannot both be marked; the earlier one wins
        pieces += [text[cursor : span.start], _mark(span, color)]
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _mark(span: Span, color: bool) -> str:
    spun, suggestion = span.text, span.suggestion
    if color:
        spun, suggestion = f"{RED}{spun}{RESET}", f"{GREEN}{suggestion}{RESET}"
    return f"[[{spun} → {suggestion}]]"


def describe_span(span: Span, page: int | None = None) -> str:
    """One line: ``start-end "text" → suggestion (confidence ...; alternatives: ...; evidence: ...)``,
    with ``(page N)`` after the offsets in a document with pages."""
    details = [f"confidence {span.confidence:.2f}"]
    others = [alternative.text for alternative in span.alternatives if alternative.text != span.suggestion]
    if others:
        details.append("alternatives: " + ", ".join(others))
    if span.evidence:
        # an evidence quotes the span as written, line break and all
        details.append(
            "evidence: " + "; ".join(f"{e.kind}: {' '.join(e.detail.split())}" for e in span.evidence)
        )
    text = " ".join(span.text.split())  # a span across a line break would break the list apart
    where = f"{span.start}-{span.end}" + (f" (page {page})" if page is not None else "")
    return f'{where} "{text}" → {span.suggestion} ({"; ".join(details)})'


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# Output


class _Utf8Writer:
    """A text sink that writes UTF-8 to a binary stream it does not own, so it never closes it."""

    def __init__(self, binary: BinaryIO):
        self.binary = binary

    def write(self, text: str) -> int:
        self.binary.write(text.encode("utf-8"))
        return len(text)


def _stdout_sink() -> TextSink:
    """stdout as UTF-8 without newline translation, whatever the locale: output must be exact."""
    sys.stdout.flush()  # anything already written as text must come out first
    buffer = getattr(sys.stdout, "buffer", None)
    return sys.stdout if buffer is None else _Utf8Writer(buffer)


def _write_exact(text: str) -> None:
    _stdout_sink().write(text)
    sys.stdout.flush()


@contextmanager
def _output(path: str | None, append: bool = False) -> Iterator[TextSink]:
    if path is None or path == STDIN:
        yield _stdout_sink()
        sys.stdout.flush()
        return
    try:
        stream = open(path, "a" if append else "w", encoding="utf-8", newline="\n")
    except OSError as error:
        raise CliError(f"{path}: cannot write ({error.strerror or error})") from None
    with stream:
        yield stream


def _silence_stdout() -> None:
    """Point stdout at /dev/null: Python flushes it again at exit and would fail on the broken pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (as under pytest): nothing will be flushed at exit


if __name__ == "__main__":
    sys.exit(main())
