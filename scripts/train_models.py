"""Train the span models shipped in ``src/unspin/data/span-model.json`` (running text) and
``phrase-model.json`` (a phrase on its own).

    python scripts/train_models.py [--docs 150] [--gate-docs 100] [--gate-only] [--restoration-only]
                                   [--ranker-only] [--manuscript-only] [--phrase-only]

Sources and discipline are described in ``unspin.training``: news ``train`` split spun by the
WordNet, Moby and ``pps-train`` spinners (``pps-test``, the other half of the paper-mill table, is
held out), the first ``--technical-docs`` train
parts of Python's own documentation (``unspin.datasets.technical_prose``) spun the same way, and the
tortured-phrase list with out-of-fold features.

The restoration model (``unspin.restoration``) is fitted on the list alone, out of fold, and shipped
as ``src/unspin/data/restoration-model.json`` with one model per held-out fold in ``bench/cv-models``;
``--restoration-only`` refits it alone. It is fitted first: the phrase model reads its preference
(``restoration.preference``), each fold's rows from the model trained without that fold, so after
``--restoration-only`` run ``--phrase-only`` too (a test says so).

The manuscript model (``decisions.manuscript_span_model``, ``Checker(genre="manuscript")``) learns
from the running-text model's rows, spins of scientific prose (``unspin.datasets.scientific_prose``,
train split) and the list's phrases grafted into that prose, out of fold; it is shipped as
``src/unspin/data/span-model-manuscript.json`` with one model per held-out fold in
``bench/cv-models``; ``--manuscript-only`` refits it alone. ``--phrase-only`` refits the phrase
model (and its per-fold models) alone, after a change to how a phrase on its own is searched.

The candidate ranker (``decisions.candidate_ranker``: which of a running-text window's restorations
is the original) is fitted on spins of train-split news and shipped as
``src/unspin/data/candidate-ranker.json``; ``--ranker-only`` refits it alone.

The window gate (``unspin.gate``) is fitted after it, on other train-split articles labelled by the
new span model, and shipped as ``src/unspin/data/window-gate.json``; ``--gate-only`` refits the
gate alone for the shipped span model.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from functools import cache
from pathlib import Path

from unspin import __version__
from unspin.datasets import news, scientific_prose, shared_data, technical_prose
from unspin.decisions import MANUSCRIPT_MODEL_FILE, RANKER_FILE, SpanModel
from unspin.fingerprints import shipped
from unspin.language_model import pairs_only
from unspin.restoration import RestorationModel
from unspin.spin import graft_hosts
from unspin.training import (
    CANDIDATE_RANKER_DOCS,
    FOLDS,
    GATE_DOCS,
    SPAN_NEWS_DOCS,
    SPAN_SCIENTIFIC_DOCS,
    SPAN_TECHNICAL_DOCS,
    Rows,
    calibrate_running_text,
    calibration_windows,
    candidate_ranker_groups,
    fit,
    fit_candidate_ranker,
    fit_gate,
    fit_restoration,
    gate_rows,
    grafted_rows_by_fold,
    news_rows,
    phrase_cv_models,
    phrase_rows_by_fold,
    repository_probe,
    restoration_rows_by_fold,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "unspin" / "data"
CV_OUT = ROOT / "bench" / "cv-models"  # one model per held-out fold, for the phrase-level benchmark
# The texts of ours ``training.repository_probe`` reads (tests/test_training.py reads the same files).
PROBE_TEXT = ROOT / "examples" / "original.txt"
PROBE_SCIENTIFIC_TEXT = ROOT / "examples" / "methods.txt"


def span_model_from(path: Path) -> SpanModel:
    return SpanModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


def write_model(path: Path, model, trained_on: str, probe: str | None = None) -> None:
    data = {**model.to_dict(), "trained_on": trained_on}
    if probe is not None:
        data["feature_probe"] = probe
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--docs", type=int, default=SPAN_NEWS_DOCS, help=f"train articles (default {SPAN_NEWS_DOCS})"
    )
    parser.add_argument(
        "--technical-docs",
        type=int,
        default=SPAN_TECHNICAL_DOCS,
        help=f"train parts of technical prose the span models learn from too (default {SPAN_TECHNICAL_DOCS})",
    )
    parser.add_argument("--gate-docs", type=int, default=GATE_DOCS)
    parser.add_argument(
        "--gate-only", action="store_true", help="refit the window gate for the shipped span model"
    )
    parser.add_argument("--restoration-only", action="store_true", help="refit the restoration model alone")
    parser.add_argument(
        "--ranker-only", action="store_true", help="refit the running-text candidate ranker alone"
    )
    parser.add_argument("--manuscript-only", action="store_true", help="refit the manuscript model alone")
    parser.add_argument(
        "--phrase-only", action="store_true", help="refit the model of a phrase on its own alone"
    )
    args = parser.parse_args()
    if shared_data() is None:
        sys.exit("train_models: ../shared/data not found (set UNSPIN_SHARED_DATA)")
    # The models learn from scores of word pairs alone (``language_model.pairs_only`` says why).
    with pairs_only():
        if args.ranker_only:
            train_candidate_ranker()
            return
        if args.phrase_only:
            running, _, _ = running_text_rows(args.docs, args.technical_docs)
            train_phrase_model(running, args.docs, args.technical_docs)
            return
        if args.manuscript_only:
            running, windows, _ = running_text_rows(args.docs, args.technical_docs)
            train_manuscript_model(running, windows)
            return
        if not args.gate_only:
            train_restoration()
        if not (args.gate_only or args.restoration_only):
            train_span_model(args.docs, args.technical_docs)
            train_candidate_ranker()
        if not args.restoration_only:
            train_gate(args.docs, args.gate_docs)


@cache
def current_probe() -> str:
    """The digest of the rows the span models learn from today (``training.repository_probe``)."""
    story, paper = (path.read_text(encoding="utf-8") for path in (PROBE_TEXT, PROBE_SCIENTIFIC_TEXT))
    return repository_probe(shipped(), story, paper)


def train_candidate_ranker() -> None:
    started = time.time()
    articles = [text for _, text in news("train", limit=CANDIDATE_RANKER_DOCS)]
    groups = candidate_ranker_groups(articles)
    model = fit_candidate_ranker(groups, f"{__version__}+candidates-{len(articles)}docs")
    trained_on = (
        f"bbc news train split ({len(articles)} docs) spun by wordnet+moby+pps-train, window by window"
    )
    write_model(OUT / RANKER_FILE, model, trained_on)
    print(
        f"candidate ranker trained on {len(groups)} windows in {time.time() - started:.0f} s", file=sys.stderr
    )


def train_restoration() -> None:
    started = time.time()
    folds = restoration_rows_by_fold(shipped())
    version = f"{__version__}+restoration"
    trained_on = "tortured-phrase list, every path of the wide beam, out of fold"
    write_model(OUT / "restoration-model.json", fit_restoration(folds, version), trained_on)
    for k in range(len(folds)):
        model = fit_restoration(
            [rows for j, rows in enumerate(folds) if j != k], f"{version}-without-fold{k}"
        )
        write_model(
            CV_OUT / f"restoration-model-without-fold{k}.json", model, f"{trained_on}, without fold {k}"
        )
    paths = sum(len(y) for fold in folds for _, y in fold)
    print(f"restoration model trained on {paths} paths in {time.time() - started:.0f} s", file=sys.stderr)


def train_gate(span_docs: int, gate_docs: int) -> None:
    """Fit the gate on the train-split articles after the span model's (so its labels are not the
    span model's fit to its own training rows)."""
    started = time.time()
    model = span_model_from(OUT / "span-model.json")
    articles = [text for _, text in news("train", limit=span_docs + gate_docs)][span_docs:]
    rows = gate_rows(articles, model)
    gate = fit_gate(rows, f"{__version__}+gate-{len(articles)}docs")
    print(f"gate trained on {len(rows[1])} windows in {time.time() - started:.0f} s", file=sys.stderr)
    trained_on = (
        f"bbc news train split (docs {span_docs}-{span_docs + len(articles) - 1}) and wordnet+moby "
        f"spins, labelled by span model {model.version}"
    )
    data = {**gate.to_dict(), "trained_on": trained_on}
    (OUT / "window-gate.json").write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


# Technical prose among the span models' running text. Without it, the models took the rare terms of
# technical writing for spun words: on the test parts of Python's documentation, 3.1 false spans per
# 1,000 words and 20 of 68 parts called spun. With the first 100 train parts (and the calibration
# parts in the running-text scaling): 0.15 spans per 1,000 words and 2 parts called spun (before
# the verdict was retrained); clean calibration news 0.36 -> 0.26 spans per 1,000 words, and on
# spins of it (WordNet and Moby, careless, rates 0.1 and 0.3) precision 0.891 -> 0.906 and recall
# 0.208 -> 0.157 at 0.9. All 215 train parts gave 0.41 / 0.46 and recall 0.160. How many parts and
# articles: training.SPAN_TECHNICAL_DOCS.

# The running-text scaling reads the first calibration-split articles (and its technical parts).
CALIBRATION_DOCS = 150


Windows = list[tuple[list[list[float]], int]]  # each window's candidate rows and its label


def running_text_rows(docs: int, technical_docs: int) -> tuple[Rows, Windows, int]:
    """The rows of train-split news and technical prose and their spins, the calibration windows
    the running-text scaling is fitted on, and how many calibration-split documents they come from."""
    articles = [text for _, text in news("train", limit=docs)]
    technical = [text for _, text in technical_prose("train", limit=technical_docs)] if technical_docs else []
    calibration = [text for _, text in news("calibration", limit=CALIBRATION_DOCS)]
    if technical_docs:
        calibration += [text for _, text in technical_prose("calibration")]
    return news_rows(articles + technical), calibration_windows(calibration), len(calibration)


def train_span_model(docs: int, technical_docs: int = SPAN_TECHNICAL_DOCS) -> None:
    """The running-text span model, the manuscript model and the phrase model: the same news and
    technical-prose rows, and the list's phrases searched as each use searches them (only windows
    that read oddly, amid a paper's words, or every window)."""
    started = time.time()
    running, windows, calibration_docs = running_text_rows(docs, technical_docs)
    odd_windows = phrase_rows_by_fold(shipped(), every_window=False)
    version = f"{__version__}+spans-{docs}docs-{technical_docs}technical"
    model = calibrate_running_text(fit([running, *odd_windows], version), windows)
    trained_on = (
        f"bbc news train split ({docs} docs) and {technical_docs} train parts of Python's documentation, "
        f"spun by wordnet+moby; tortured-phrase list, out of fold; running text calibrated on "
        f"{calibration_docs} calibration-split docs (news and technical prose)"
    )
    write_model(OUT / "span-model.json", model, trained_on, current_probe())
    CV_OUT.mkdir(exist_ok=True)
    for k in range(len(odd_windows)):
        # the running-text benchmark of list phrases (bench section 1b) scores fold k with this one
        parts = [running, *(rows for j, rows in enumerate(odd_windows) if j != k)]
        fold_model = calibrate_running_text(fit(parts, f"{version}-without-fold{k}"), windows)
        write_model(
            CV_OUT / f"span-model-without-fold{k}.json", fold_model, f"{trained_on}, without fold {k}"
        )

    train_manuscript_model(running, windows)

    every_window = train_phrase_model(running, docs, technical_docs)
    candidates = len(running[1]) + sum(len(y) for _, y in [*odd_windows, *every_window])
    print(f"trained on {candidates} candidates in {time.time() - started:.0f} s", file=sys.stderr)


def train_phrase_model(running: Rows, docs: int, technical_docs: int) -> list[Rows]:
    """The model of a phrase on its own: ``running`` and every window of each list phrase, out of
    fold (also one model per held-out fold, for the phrase-level benchmark); returns the list's rows."""
    # each fold's preference from the restoration model that never saw it (train_restoration's)
    restoration_models = [
        RestorationModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
        for path in (CV_OUT / f"restoration-model-without-fold{k}.json" for k in range(FOLDS))
    ]
    every_window = phrase_rows_by_fold(shipped(), every_window=True, restoration_models=restoration_models)
    version = f"{__version__}+phrases-{docs}docs-{technical_docs}technical"
    trained_on = (
        f"bbc news train split ({docs} docs) and {technical_docs} train parts of Python's documentation, "
        "spun by wordnet+moby; tortured-phrase list, out of fold, every window of each phrase"
    )
    model = fit([running, *every_window], version)
    write_model(OUT / "phrase-model.json", model, trained_on, current_probe())
    for k, fold_model in enumerate(phrase_cv_models(running, every_window, version)):
        write_model(
            CV_OUT / f"phrase-model-without-fold{k}.json", fold_model, f"{trained_on}, without fold {k}"
        )
    return every_window


def train_manuscript_model(running: Rows, windows: Windows) -> None:
    """The running-text model for papers: ``running`` (news and technical prose), spins of the first
    ``SPAN_SCIENTIFIC_DOCS`` train parts of scientific prose, and the list's phrases grafted into
    the train parts, out of fold; scaled on the running-text model's calibration ``windows``."""
    started = time.time()
    scientific = [text for _, text in scientific_prose("train")]
    spun = news_rows(scientific[:SPAN_SCIENTIFIC_DOCS], seed=17)
    grafted = grafted_rows_by_fold(shipped(), graft_hosts(scientific))
    version = f"{__version__}+manuscript-{SPAN_SCIENTIFIC_DOCS}scientific"
    trained_on = (
        f"the running-text model's news and technical rows, {SPAN_SCIENTIFIC_DOCS} train parts of SciPy's "
        f"and scikit-learn's docstrings spun by wordnet+moby+pps-train, and the tortured-phrase list "
        f"grafted into the {len(scientific)} train parts, out of fold"
    )
    model = calibrate_running_text(fit([running, spun, *grafted], version), windows)
    write_model(OUT / MANUSCRIPT_MODEL_FILE, model, trained_on, current_probe())
    stem = MANUSCRIPT_MODEL_FILE.removesuffix(".json")
    for k in range(len(grafted)):
        # bench section 1b scores fold k's grafts with this one
        parts = [running, spun, *(rows for j, rows in enumerate(grafted) if j != k)]
        fold_model = calibrate_running_text(fit(parts, f"{version}-without-fold{k}"), windows)
        write_model(CV_OUT / f"{stem}-without-fold{k}.json", fold_model, f"{trained_on}, without fold {k}")
    rows = len(running[1]) + len(spun[1]) + sum(len(y) for _, y in grafted)
    print(f"manuscript model trained on {rows} candidates in {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
