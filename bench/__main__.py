"""``python -m bench [--quick] [--out bench/RESULTS.md] [--jobs N]``: run the benchmark suite."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from unspin.datasets import shared_data

DEFAULT_OUT = Path(__file__).resolve().parent / "RESULTS.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run (< 2 minutes)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="markdown report; plots go beside it")
    parser.add_argument(
        "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="processes for the news sections"
    )
    args = parser.parse_args(argv)
    if shared_data() is None:
        # A fresh clone has no ../shared: that is normal, not a failure.
        print("bench: no benchmark data (../shared/data or $UNSPIN_SHARED_DATA); nothing to run.")
        return 0
    # Imported only now so that the no-data message needs neither matplotlib nor the engine.
    from bench.suite import FULL, QUICK, run_suite

    sizes = QUICK if args.quick else FULL
    command = " ".join(["python -m bench", *(sys.argv[1:] if argv is None else argv)])
    started = time.perf_counter()
    run_suite(sizes, args.out, jobs=max(1, args.jobs), command=command)
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
