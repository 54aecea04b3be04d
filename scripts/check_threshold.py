"""Flagged spans per 1,000 words on clean calibration-split news at each candidate threshold.

``python scripts/check_threshold.py`` (needs ../shared/data): the figures behind the choice of
``pipeline.DEFAULT_MIN_CONFIDENCE``, to re-check after retraining the models.
"""

from __future__ import annotations

from unspin.datasets import news
from unspin.pipeline import default_checker

THRESHOLDS = (0.7, 0.75, 0.8, 0.85, 0.9)


def main() -> None:
    checker = default_checker()
    flagged = dict.fromkeys(THRESHOLDS, 0)
    words = documents = called_spun = 0
    for _, text in news("calibration"):
        report = checker.check(text, min(THRESHOLDS))
        words += report.words
        documents += 1
        called_spun += report.verdict == "spun"
        for threshold in THRESHOLDS:
            flagged[threshold] += sum(span.confidence >= threshold for span in report.spans)
    print(f"{documents} clean calibration articles, {words} words, {called_spun} called spun")
    for threshold in THRESHOLDS:
        print(f"threshold {threshold}: {1000 * flagged[threshold] / max(words, 1):.3f} spans / 1,000 words")


if __name__ == "__main__":
    main()
