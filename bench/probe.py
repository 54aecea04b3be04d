"""Speed probe, run as a fresh process: ``python bench/probe.py {unspin|list} DOCS [LONG_DOCS]``.

``UNSPIN_PURE_PYTHON=1`` times the Python sources of the core where it was compiled
(``unspin.native``); the JSON says which build ran (``build``).

A fresh interpreter is the only honest way to time loading (nothing is cached yet) and to read
peak memory (the benchmark process itself holds far more). It imports nothing from ``bench`` so
that the import time measured is unspin's alone, and prints one JSON object on stdout.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before any unspin import, so load time includes the imports

import json  # noqa: E402  (after the clock starts, on purpose)
import resource  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402

# A sentence of ordinary words: the first check loads whatever the first call loads lazily.
FIRST_TEXT = "The committee said the new rules would take effect next year."


def load_unspin() -> Callable[[str], int]:
    import unspin
    from unspin.language_model import warm

    warm()
    checker = unspin.Checker()
    checker.check(FIRST_TEXT)
    return lambda text: checker.check(text).words


def load_list() -> Callable[[str], int]:
    from unspin.fingerprints import FingerprintIndex, phrase_key, shipped

    index = FingerprintIndex.build(shipped())

    def count(text: str) -> int:
        keys = list(phrase_key(text))
        for start in range(len(keys)):
            index.match(keys, start)
        return len(keys)

    count(FIRST_TEXT)
    return count


def peak_rss_kib() -> float:
    """Peak resident memory of this process in KiB.

    Linux's ``ru_maxrss`` keeps the high-water mark of the pre-exec copy of the parent across
    ``exec``, so a probe started from a big benchmark process would report the parent's size;
    ``VmHWM`` belongs to this process's own address space.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss counts KiB on Linux but bytes on macOS.
    return peak / 1024 if sys.platform == "darwin" else float(peak)


def main() -> None:
    detector, docs = sys.argv[1], int(sys.argv[2])
    long_docs = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    run = {"unspin": load_unspin, "list": load_list}[detector]()
    loaded = time.perf_counter() - STARTED

    from unspin.datasets import news

    # the first ``docs`` articles are timed twice; the next ``docs`` once, after them
    articles = [text for _, text in news("test", limit=2 * docs)]
    texts, later = articles[:docs], articles[docs:]
    words = 0
    started = time.perf_counter()
    for text in texts:
        words += run(text)
    seconds = time.perf_counter() - started
    # the same texts again: a long batch mostly meets words it has already looked up
    started = time.perf_counter()
    for text in texts:
        run(text)
    warm_seconds = time.perf_counter() - started
    # new texts after those: what a long batch of distinct articles sees once its caches hold the
    # common words (rarer words still come new)
    later_words = 0
    started = time.perf_counter()
    for text in later:
        later_words += run(text)
    later_seconds = time.perf_counter() - started
    # a long batch: ``long_docs`` train-split articles after as many others, what a batch job over
    # many documents runs at once its caches hold all but the rarest words (the train split is the
    # one long enough; speed does not depend on which articles the models learned from)
    long_words, long_seconds = 0, 0.0
    if long_docs:
        batch = [text for _, text in news("train", limit=2 * long_docs)]
        for text in batch[:long_docs]:
            run(text)
        started = time.perf_counter()
        for text in batch[long_docs:]:
            long_words += run(text)
        long_seconds = time.perf_counter() - started
    peak_kib = peak_rss_kib()
    from unspin.native import build

    json.dump(
        {
            "build": build(),
            "load_s": loaded,
            "docs": len(texts),
            "words": words,
            "check_s": seconds,
            "warm_check_s": warm_seconds,
            "later_docs": len(later),
            "later_words": later_words,
            "later_check_s": later_seconds,
            "long_docs": long_docs,
            "long_words": long_words,
            "long_check_s": long_seconds,
            "peak_rss_mib": peak_kib / 1024,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
