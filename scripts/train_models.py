"""Train the span model shipped in ``src/unspin/data/span-model.json``.

    python scripts/train_models.py [--docs 150]

Sources and discipline are described in ``unspin.training``: news ``train`` split spun by the
WordNet and Moby spinners (the ``pps`` spinner is held out), and the tortured-phrase list with
out-of-fold features.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from unspin import __version__
from unspin.datasets import news, shared_data
from unspin.fingerprints import shipped
from unspin.training import calibrate_running_text, fit, news_rows, phrase_cv_models, phrase_rows_by_fold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "unspin" / "data"
CV_OUT = ROOT / "bench" / "cv-models"  # one model per held-out fold, for the phrase-level benchmark


def write_model(path: Path, model, trained_on: str) -> None:
    data = {**model.to_dict(), "trained_on": trained_on}
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=150)
    args = parser.parse_args()
    if shared_data() is None:
        sys.exit("train_models: ../shared/data not found (set UNSPIN_SHARED_DATA)")
    started = time.time()
    running = news_rows(text for _, text in news("train", limit=args.docs))
    phrases = phrase_rows_by_fold(shipped())
    version = f"{__version__}+spans-{args.docs}docs"
    model = fit([running, *phrases], version)
    calibration = [text for _, text in news("calibration", limit=args.docs)]
    model = calibrate_running_text(model, calibration)
    print(
        f"trained on {len(running[1]) + sum(len(y) for _, y in phrases)} candidates "
        f"in {time.time() - started:.0f} s",
        file=sys.stderr,
    )
    trained_on = (
        f"bbc news train split ({args.docs} docs) spun by wordnet+moby; tortured-phrase list, out of fold; "
        f"running text calibrated on {len(calibration)} calibration-split docs"
    )
    write_model(OUT / "span-model.json", model, trained_on)
    CV_OUT.mkdir(exist_ok=True)
    for k, fold_model in enumerate(phrase_cv_models(running, phrases, version)):
        fold_model = replace(fold_model, running_text=model.running_text)
        write_model(
            CV_OUT / f"span-model-without-fold{k}.json", fold_model, f"{trained_on}, without fold {k}"
        )


if __name__ == "__main__":
    main()
