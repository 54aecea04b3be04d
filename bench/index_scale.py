"""How a saved index (``unspin index``) holds up as the archive grows:
``python -m bench.index_scale [--texts N ...] [--workers N] [--copies N] [-o bench/INDEX-SCALE.md]``.

The archive is the news corpus's articles (every split, ``UNSPIN_SHARED_DATA``), over and over,
each time under a name of its own and made distinct by a first line that numbers it. For each size,
in fresh processes (peak memory is each process's own, as ``bench/probe.py`` reads it): the build
(``save_index``: texts/s, the writing process's peak memory, the file's size), then opening the
index and tracing spun copies of test articles (rate 0.3, WordNet) among it (open time, copies/s,
peak memory, and the shares of copies whose likely source is a copy of the article they were spun
from, and a copy of another; the rest are given none).

What it does not show: an archive of this many *distinct* articles. Here each word is held by every
copy of each article that has it, so only the rarer words weigh in choosing candidates
(``sources.holding_limit``), as in an archive of many near-duplicates; the build's work (texts read,
postings written) is what a real archive of that size asks.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone

SIZES = (10_000, 100_000, 1_000_000)
COPIES = 50


def archive(count: int) -> Iterator[tuple[str, str]]:
    """``count`` texts: the corpus's articles in turn, each named ``article/copy``."""
    from unspin.datasets import news

    articles = [text for split in ("train", "calibration", "test") for _, text in news(split)]
    for k in range(count):
        yield f"{k % len(articles)}/{k}", f"Archive copy {k}.\n\n{articles[k % len(articles)]}"


def spun_copies(count: int) -> list[tuple[int, str]]:
    """``(article, spun text)`` of the first ``count`` test articles (numbered as ``archive`` does)."""
    from unspin.datasets import news
    from unspin.spin import spin

    before = sum(1 for split in ("train", "calibration") for _ in news(split))
    tests = [text for _, text in news("test", limit=count)]
    return [
        (before + k, spin(text, rate=0.3, seed=k, thesaurus="wordnet").text) for k, text in enumerate(tests)
    ]


def peak_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return float(line.split()[1]) / 1024
    return float("nan")


def build(count: int, path: str, workers: int) -> dict[str, float]:
    from unspin.sources import save_index

    started = time.perf_counter()
    save_index(path, archive(count), workers=workers)
    seconds = time.perf_counter() - started
    return {"build_s": seconds, "build_mib": peak_mib(), "file_mb": os.path.getsize(path) / 1e6}


def trace(path: str, copies: int) -> dict[str, float]:
    spun = spun_copies(copies)  # made first: the open and trace times are the index's alone
    from unspin.sources import SavedSourceIndex

    started = time.perf_counter()
    index = SavedSourceIndex(path)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    traces = [index.trace(text) for _, text in spun]
    seconds = time.perf_counter() - started
    named = [(t.likely_source, article) for t, (article, _) in zip(traces, spun) if t.likely_source]
    right = sum(int(name.split("/")[0]) == article for name, article in named)
    return {
        "open_s": opened,
        "copies_per_s": len(spun) / seconds,
        "trace_mib": peak_mib(),
        "right": right / len(spun),
        "wrong": (len(named) - right) / len(spun),
    }


def _child(*args: str) -> dict[str, float]:
    command = [sys.executable, "-m", "bench.index_scale", *args]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def report(sizes: Sequence[int], workers: int, copies: int, command: str) -> str:
    from unspin import __version__
    from unspin.sources import SAVED_VERSION, STAGED_POSTINGS

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = os.path.join(folder, f"{size}.index")
            built = _child("--build", str(size), path, "--workers", str(workers))
            traced = _child("--trace", path, "--copies", str(copies))
            os.remove(path)
            rows.append({"texts": size, **built, **traced})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# unspin index at scale",
        "",
        f"- command: `{command}`",
        f"- date: {when}",
        f"- machine: {os.cpu_count()} cores ({platform.system()} {platform.machine()}), "
        f"Python {platform.python_version()}",
        f"- unspin: {__version__}, saved index version {SAVED_VERSION}, {STAGED_POSTINGS:,} postings held"
        f" while building, {workers} worker(s) reading the texts",
        "- archive: the news corpus's articles over and over, each copy numbered (`bench/index_scale.py`);"
        f" {copies} spun test articles (rate 0.3, WordNet) traced",
        "",
        "| texts | build (s) | texts/s | build peak (MiB) | file (MB) | open (s) | copies/s"
        " | trace peak (MiB) | likely source right | wrong |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['texts']:,} | {row['build_s']:,.0f} | {row['texts'] / row['build_s']:,.0f}"
            f" | {row['build_mib']:,.0f} | {row['file_mb']:,.0f} | {row['open_s']:.2f}"
            f" | {row['copies_per_s']:.1f} | {row['trace_mib']:,.0f} | {row['right']:.2f}"
            f" | {row['wrong']:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.index_scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, nargs="+", default=list(SIZES), help="archive sizes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--copies", type=int, default=COPIES)
    parser.add_argument("-o", "--output", default="bench/INDEX-SCALE.md")
    parser.add_argument("--build", nargs=2, metavar=("TEXTS", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--trace", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        print(json.dumps(build(int(args.build[0]), args.build[1], args.workers)))
    elif args.trace:
        print(json.dumps(trace(args.trace, args.copies)))
    else:
        command = "python -m bench.index_scale " + " ".join(sys.argv[1:] if argv is None else argv)
        text = report(args.texts, args.workers, args.copies, command.strip())
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
        print(text, end="")


if __name__ == "__main__":
    main()
