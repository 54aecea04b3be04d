"""Where benchmark and training data live, and the fixed train/calibration/test split of documents.

The data in ``../shared/data`` is for research use only: it is read from there, never copied.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from unspin.evaluate import stable_hash

SPLITS = ("train", "calibration", "test")


def shared_data() -> Path | None:
    """``$UNSPIN_SHARED_DATA`` or ``../shared/data`` beside the checkout, if it exists."""
    candidates = [
        os.environ.get("UNSPIN_SHARED_DATA"),
        Path(__file__).resolve().parents[3] / "shared" / "data",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def split_of(document_id: str) -> str:
    """60 % train, 20 % calibration, 20 % test, fixed by a stable hash of the document id."""
    bucket = stable_hash(document_id) % 10
    return "train" if bucket < 6 else "calibration" if bucket < 8 else "test"


def news(split: str | None = None, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of the clean news articles, optionally one split only."""
    root = shared_data()
    if root is None:
        return
    count = 0
    with open(root / "news" / "bbc.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if split is not None and split_of(row["id"]) != split:
                continue
            yield row["id"], row["text"]
            count += 1
            if limit is not None and count >= limit:
                return
