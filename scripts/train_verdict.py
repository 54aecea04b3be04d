"""Train the document verdict model (``src/unspin/data/verdict-model.json``) and report its metrics.

    python scripts/train_verdict.py [--docs 600] [--jobs 2]
    python scripts/train_verdict.py --genre manuscript

With the defaults it rebuilds the shipped model: 600 train documents, the whole calibration and
test splits (about 3 minutes on 2 cores). ``--genre manuscript`` rebuilds the verdict of
``genre="manuscript"`` (``verdict-model-manuscript.json``, about 70 seconds) from scientific and
technical prose instead (``manuscript_tasks``): it reads the per-fold manuscript span models that
``scripts/train_models.py`` writes, so it comes after them.

Data: the clean BBC news in ``../shared/data/news`` (read in place, never copied), split by
``unspin.datasets``:

* ``train`` -- past the span model's own documents (``--skip-train``), each clean document (label 0)
  and ``--spins`` spins of it (label 1), at rates drawn log-uniformly from 0.02-0.5, with the
  WordNet or Moby thesaurus and the careless or careful style.
  A logistic regression (standardised features, balanced classes) is fitted on them. Features
  that ought to push towards "spun" but get a negative weight (collinear densities) are dropped
  and the model refitted, so the shipped probability rises with every phrase-density feature.
* ``calibration`` -- each clean document of the calibration split, and of the train split after
  the verdict's own (``--held-apart-docs``: no model learned from them), and one spin of each by
  the same training spinners: the Platt
  (or isotonic) map from the raw score to a probability, and the "spun" threshold (the lowest
  p >= 0.5 with at most 0.5 % of clean documents above it) are fitted here. A spin in the
  held-out ``consistent`` style is made of each too, never fitted on: the split to choose features
  by (``--exclude``) without looking at the test split.
* ``test`` -- each clean document, one spin with the held-out ``pps-test`` thesaurus (the half of
  the paper-mill substitutions learned from the tortured-phrase list that no model saw spins of)
  and one with the held-out ``chain`` style: spinners the model never saw.

Technical prose (the parts of Python's own documentation, ``unspin.datasets.technical_prose``) joins
each split: its train parts after the span models' own with ``--spins`` spins each, its calibration
and test parts with one spin each by the training spinners (``--no-technical`` leaves it out).
Clean technical writing is full of rare terms; a verdict that never saw any called a third of it
spun.

Printed: AUC, ECE and false-positive rate per split, recall among documents with >= 10 % of their
content words spun, and the share of content words spun (and spinner rate) below which recall
falls under 0.5. Nothing is cached in the repository; ``--rows FILE`` (outside it) saves the
computed features, and ``--load-rows FILE`` refits from them without running the engine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing import Pool
from pathlib import Path
from typing import NamedTuple

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from unspin import __version__
from unspin.datasets import (
    SPLITS,
    joined,
    news,
    scientific_prose,
    shared_data,
    short_news_texts,
    technical_prose,
)
from unspin.decisions import MANUSCRIPT_MODEL_FILE as MANUSCRIPT_SPAN_MODEL_FILE
from unspin.decisions import SpanModel, manuscript_span_model, span_model
from unspin.evaluate import (
    HEAVY_SPIN,
    SPIN_RATES,
    content_share_spun,
    document_fold,
    expected_calibration_error,
    grouped_folds,
    recall_by_strength,
    reliability_table,
    spin_spec,
    verdict_metrics,
)
from unspin.fingerprints import shipped
from unspin.language_model import warm
from unspin.pipeline import Checker
from unspin.spin import graft_many, spin
from unspin.tokens import word_count
from unspin.training import (
    FOLDS,
    GATE_DOCS,
    SPAN_NEWS_DOCS,
    SPAN_SCIENTIFIC_DOCS,
    SPAN_TECHNICAL_DOCS,
    TRAIN_STYLES,
    TRAIN_THESAURI,
)
from unspin.verdict import (
    MANUSCRIPT_MODEL_FILE,
    MIN_WORDS,
    MODEL_FILE,
    Calibration,
    ShortTextCalibration,
    VerdictModel,
    classify,
    document_features,
    span_model_digest,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "unspin" / "data" / MODEL_FILE
# The span model and then the window gate learn from the first train documents (see
# unspin.training.SPAN_NEWS_DOCS); their outputs there are optimistic, so the verdict learns from
# the documents after them, and from the technical parts after the span models' own.
SPAN_MODEL_DOCS = SPAN_NEWS_DOCS + GATE_DOCS
# Densities of distinct spun phrases, left out by default: a table-driven spinner (the
# "consistent" style) rewrites a word the same way everywhere, so its distinct phrases are few
# where its share of spun words is high, and a model leaning on them misses it. Counted per
# distinct content lemma (``*_lemmas``) both kinds of spinner look alike. On the calibration
# split's consistent spins (never fitted on), recall at >= 10 % spun 0.80 -> 0.86, with the
# training spinners' 0.87 -> 0.88. ``confident_phrases`` stays: few clean texts have any.
DISTINCT_PHRASE_DENSITIES = (
    "possible_phrases",
    "likely_phrases",
    "likely_phrases_log_count",
    "confidence_mass",
)
MAX_FPR = 0.005  # the "spun" verdict may wrongly fire on at most 0.5 % of clean documents
# The counts of spun-looking words and phrases that the manuscript verdict reads beside the length.
COUNTS = (
    "possible_lemmas_count",
    "likely_lemmas_count",
    "confident_lemmas_count",
    "confident_phrases_count",
    "thesaurus_phrases_count",
)
# Features whose weight must not be negative: more likely spun phrases can never mean "cleaner".
# Collinear densities (possible/likely/confident) otherwise trade signs and break that promise.
POSITIVE = (
    "possible_phrases",
    "likely_phrases",
    "confident_phrases",
    "likely_phrases_log_count",
    "confidence_mass",
    "top5_confidence",
    "max_confidence",
    "mean_word_confidence",
    "suspect_words",
    "possible_lemmas",
    "likely_lemmas",
    "confident_lemmas",
    "rare_words",
    "unseen_pairs",
    "uncommon_content",
    "inflection_hints",
    "function_pairs_unseen",
    "thesaurus_phrases",
    *COUNTS,
)
# Counts and the length they accrue over (``verdict.document_features``): the manuscript verdict
# learns from texts of 300 to 3,000 words and reads them; the news verdict, from articles of a few
# hundred words, leaves them out. The counts of distinct phrases stay out of both, as their
# densities do (``DISTINCT_PHRASE_DENSITIES``).
LENGTH_FEATURES = ("length", *COUNTS)
DISTINCT_PHRASE_COUNTS = ("possible_phrases_count", "likely_phrases_count")


# --- building the documents -------------------------------------------------------------------


# split, group, document id, clean text, spin spec or None, corpus ("news" or "technical")
Task = tuple[str, str, str, str, dict | None, str]


def tasks(
    split: str, limit: int, spins: int, seed: int, skip: int = 0, source: str | None = None
) -> Iterator[Task]:
    """Every news document to featurise for one split, after its first ``skip``: clean ones and
    their spins.

    ``source`` is the news split to read the documents from, when it is not ``split`` itself.
    """
    # each split draws its own spins, whatever --docs the others got
    rng = random.Random(f"{seed}-{split}" if source is None else f"{seed}-{split}-from-{source}")
    for doc_id, text in islice(news(source or split), skip, skip + limit):
        yield split, "clean", doc_id, text, None, "news"
        if split == "train":
            for _ in range(spins):
                yield split, "seen", doc_id, text, spin_spec(rng, TRAIN_THESAURI, TRAIN_STYLES), "news"
        elif split == "calibration":
            yield split, "seen", doc_id, text, spin_spec(rng, TRAIN_THESAURI, TRAIN_STYLES), "news"
            # not fitted on: a held-out style to choose features by without looking at the test split
            yield split, "consistent", doc_id, text, spin_spec(rng, TRAIN_THESAURI, ("consistent",)), "news"
        else:
            yield split, "pps", doc_id, text, spin_spec(rng, ("pps-test",), TRAIN_STYLES), "news"
            yield split, "chain", doc_id, text, spin_spec(rng, TRAIN_THESAURI, ("chain",)), "news"


def technical_tasks(split: str, spins: int, seed: int) -> Iterator[Task]:
    """Clean technical prose of one split (``unspin.datasets.technical_prose``) and spins of it by
    the training spinners: ``spins`` of each train document, one of each other document."""
    rng = random.Random(f"{seed}-{split}-technical")
    skip = SPAN_TECHNICAL_DOCS if split == "train" else 0
    for doc_id, text in islice(technical_prose(split), skip, None):
        yield split, "clean", doc_id, text, None, "technical"
        for _ in range(spins if split == "train" else 1):
            yield split, "seen", doc_id, text, spin_spec(rng, TRAIN_THESAURI, TRAIN_STYLES), "technical"


def short_tasks(split: str, seed: int) -> Iterator[Task]:
    """Texts too short for a verdict (``unspin.datasets.short_news_texts`` of one split: headlines
    and sentences of up to ``MIN_WORDS - 1`` words), each clean and spun once by a training spinner
    (corpus "short"), for the short-text calibration."""
    rng = random.Random(f"{seed}-{split}-short")
    for doc_id, _, text in short_news_texts(split, max_words=MIN_WORDS - 1, min_words=1):
        yield split, "clean", doc_id, text, None, "short"
        yield split, "seen", doc_id, text, spin_spec(rng, TRAIN_THESAURI, TRAIN_STYLES), "short"


# Grafted tortured phrases per 1,000 words of a manuscript of the verdict's data, drawn evenly:
# from one in a paper of 2,000 words to a dozen in one of 1,000.
GRAFT_RATES = (0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0)
# Manuscripts are consecutive parts of scientific (or technical) prose joined, this many at a time:
# texts of about 300, 900 and 3,000 words, so that the verdict sees how evidence adds up with length.
PARTS_PER_MANUSCRIPT = (1, 3, 10)
CV_MODELS = ROOT / "bench" / "cv-models"


def manuscript_tasks(split: str, spins: int, seed: int) -> Iterator[Task]:
    """Manuscripts of one split, made of scientific prose (``unspin.datasets.scientific_prose`` after
    the manuscript span model's own train parts) or of technical prose (``technical_prose`` after
    the span models'), ``PARTS_PER_MANUSCRIPT`` parts at a time: each clean; with tortured phrases
    of the list grafted in (``spin.graft_many``) at one of ``GRAFT_RATES``, the paper-mill
    manuscript; and spun by a training spinner, a paper rewritten as a whole. Train manuscripts get
    ``spins`` of each; the others one of the two, in turn, so that their clean and spun texts are as
    many (the 1:1 prior the score is calibrated for)."""
    rng = random.Random(f"{seed}-{split}-manuscript")
    for corpus, documents, skip in (
        ("scientific", list(scientific_prose(split)), SPAN_SCIENTIFIC_DOCS),
        ("technical", list(technical_prose(split)), SPAN_TECHNICAL_DOCS),
    ):
        parts = documents[skip if split == "train" else 0 :]
        for size in PARTS_PER_MANUSCRIPT:
            for n, (doc_id, text) in enumerate(joined(parts, size)):
                yield split, "clean", doc_id, text, None, corpus
                for _ in range(spins if split == "train" else 1):
                    phrases = max(1, round(rng.choice(GRAFT_RATES) * len(text.split()) / 1000))
                    graft = {"graft": phrases, "seed": rng.randrange(2**31)}
                    spun = spin_spec(rng, TRAIN_THESAURI, TRAIN_STYLES)
                    if split == "train" or n % 2 == 0:
                        yield split, "graft", doc_id, text, graft, corpus
                    if split == "train" or n % 2 == 1:
                        yield split, "seen", doc_id, text, spun, corpus


_checker: Checker | None = None
_fold_checkers: dict[int, Checker] = {}
_tortured_by_fold: list[list[str]] = []


def _init_worker(genre: str = "news") -> None:
    """The news verdict's documents are read by the shipped checker; the manuscript verdict's by
    the checkers of ``_fold_checker``, made as a worker first needs each."""
    global _checker
    if genre == "manuscript":
        _tortured_by_fold[:] = [sorted({e.tortured for e in fold}) for fold in _list_folds()]
    else:
        _checker = Checker(min_confidence=0.0)


def _list_folds() -> list:
    return grouped_folds(list(shipped()), FOLDS, 0)


def _fold_checker(fold: int) -> Checker:
    """A manuscript checker whose fingerprints and span model never saw fold ``fold`` of the list
    (``scripts/train_models.py`` writes the fold models)."""
    if fold not in _fold_checkers:
        stem = MANUSCRIPT_SPAN_MODEL_FILE.removesuffix(".json")
        path = CV_MODELS / f"{stem}-without-fold{fold}.json"
        if not path.exists():
            sys.exit(f"train_verdict: {path} is missing; run scripts/train_models.py --manuscript-only")
        model = SpanModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
        kept = [e for k, f in enumerate(_list_folds()) if k != fold for e in f]
        _fold_checkers[fold] = Checker(kept, min_confidence=0.0, model=model, genre="manuscript")
    return _fold_checkers[fold]


def featurise(task: Task) -> dict:
    split, group, doc_id, text, spec, corpus = task
    checker = _fold_checker(document_fold(doc_id, FOLDS)) if _tortured_by_fold else _checker
    assert checker is not None
    spun_share, edits = 0.0, 0
    if spec is not None:
        if "graft" in spec:
            phrases = random.Random(spec["seed"]).sample(
                _tortured_by_fold[document_fold(doc_id, FOLDS)], spec["graft"]
            )
            result = graft_many(text, phrases, spec["seed"])
        else:
            result = spin(text, **spec)
        spun_share, edits = content_share_spun(text, result.edits), len(result.edits)
        text = result.text
    tokens, decisions = checker.decisions(text)
    words = word_count(tokens)
    features = document_features(tokens, decisions, words)
    return {
        "split": split,
        "group": group,
        "corpus": corpus,
        "doc": doc_id,
        "label": int(spec is not None),
        "spec": spec,
        "content_spun": spun_share,
        "edits": edits,
        "words": words,
        "content_words": features.counts["content_words"],
        "features": features.values,
    }


def compute_rows(all_tasks: Iterable, jobs: int, genre: str = "news") -> list[dict]:
    warm()  # load the tables once, before forking, so that workers share them
    rows: list[dict] = []
    start = time.perf_counter()
    if jobs > 1:
        with Pool(jobs, initializer=_init_worker, initargs=(genre,)) as pool:
            for row in pool.imap(featurise, all_tasks, chunksize=4):
                rows.append(row)
                _progress(rows, start)
    else:
        _init_worker(genre)
        for task in all_tasks:
            rows.append(featurise(task))
            _progress(rows, start)
    return rows


def _progress(rows: list[dict], start: float) -> None:
    if len(rows) % 100 == 0:
        elapsed = time.perf_counter() - start
        words = sum(r["words"] for r in rows)
        print(f"  {len(rows)} documents, {elapsed:.0f} s, {words / elapsed:.0f} words/s", file=sys.stderr)


# --- fitting ----------------------------------------------------------------------------------


def matrix(rows: list[dict], names: list[str]) -> np.ndarray:
    return np.array([[row["features"].get(name, 0.0) for name in names] for row in rows], dtype=float)


def fit_logistic(rows: list[dict], names: list[str], c: float) -> tuple[list[str], dict]:
    """Standardised, class-balanced logistic regression; drops wrong-signed POSITIVE features."""
    y = np.array([row["label"] for row in rows])
    names = list(names)
    while True:
        x = matrix(rows, names)
        mean, scale = x.mean(axis=0), x.std(axis=0)
        keep = scale > 1e-9  # a constant feature (say, no fingerprints anywhere) carries nothing
        if not keep.all():
            names = [n for n, k in zip(names, keep, strict=True) if k]
            continue
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        model.fit((x - mean) / scale, y)
        weights = model.coef_[0]
        wrong = [(w, n) for w, n in zip(weights, names, strict=True) if n in POSITIVE and w < 0]
        if not wrong:
            break
        dropped = min(wrong)[1]
        print(f"  dropping {dropped}: negative weight {min(wrong)[0]:.3f}", file=sys.stderr)
        names.remove(dropped)
    return names, {
        "features": names,
        "mean": [float(v) for v in mean],
        "scale": [float(v) for v in scale],
        "weights": [float(v) for v in weights],
        "bias": float(model.intercept_[0]),
    }


def fit_calibration(logits: np.ndarray, labels: np.ndarray, kind: str) -> dict:
    if kind == "isotonic":
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(logits, labels)
        points = sorted(zip(iso.X_thresholds_.tolist(), iso.y_thresholds_.tolist(), strict=True))
        return {"kind": "isotonic", "points": [[round(x, 5), round(y, 5)] for x, y in points]}
    platt = LogisticRegression(C=1e6, max_iter=5000).fit(logits.reshape(-1, 1), labels)
    return {"kind": "platt", "a": float(platt.coef_[0][0]), "b": float(platt.intercept_[0])}


def short_pairs(rows: list[dict], split: str) -> list[dict]:
    """A split's short texts with their spins (``short_tasks`` yields each text, then its spin),
    for each text whose spin changed something (a spin of a few words often changes none): clean
    and spun in equal numbers, the 1:1 prior of the score."""
    chosen = [r for r in rows if r["split"] == split]
    pairs = []
    for clean, spun in zip(chosen[0::2], chosen[1::2], strict=True):
        assert (clean["doc"], clean["label"], spun["label"]) == (spun["doc"], 0, 1), "short rows out of order"
        if spun["edits"]:
            pairs += [clean, spun]
    return pairs


def fit_short_text_calibration(raw: VerdictModel, final: VerdictModel, rows: list[dict]) -> tuple[dict, dict]:
    """``verdict.ShortTextCalibration`` fitted on the calibration split's short texts, and its
    expected calibration error on the test split's, before (the articles' calibration) and after."""

    def inputs(split_rows: list[dict]) -> list[list[float]]:
        return [[raw.logit(r["features"]), math.log(max(1, r["words"]))] for r in split_rows]

    fit_rows, test_rows = short_pairs(rows, "calibration"), short_pairs(rows, "test")
    platt = LogisticRegression(C=1e4).fit(inputs(fit_rows), [r["label"] for r in fit_rows])
    (a, c), b = platt.coef_[0], platt.intercept_[0]
    fitted = {"a": round(float(a), 5), "b": round(float(b), 5), "c": round(float(c), 5)}
    short = ShortTextCalibration.from_dict(fitted)
    assert short is not None
    labels = [r["label"] for r in test_rows]
    before = [final.probability(r["features"]) for r in test_rows]
    after = [short(raw.logit(r["features"]), r["words"]) for r in test_rows]
    metrics = {
        "test_short": {
            "texts": len(test_rows),
            "ece_articles_calibration": _round(expected_calibration_error(labels, before)),
            "ece": _round(expected_calibration_error(labels, after)),
        }
    }
    print(
        f"short texts (test split, {len(test_rows)} clean + spun): ECE {metrics['test_short']['ece']}"
        f" (with the articles' calibration: {metrics['test_short']['ece_articles_calibration']})"
    )
    return fitted, metrics


def spun_threshold(clean_probs: list[float]) -> float:
    """The lowest threshold >= 0.5 that flags at most MAX_FPR of the clean documents."""
    allowed = int(MAX_FPR * len(clean_probs))
    ranked = sorted(clean_probs, reverse=True)
    # Just above the (allowed + 1)-th highest clean score, rounded up to a readable value.
    above = ranked[allowed] if allowed < len(ranked) else 0.0
    return max(0.5, math.floor(above * 1000 + 1) / 1000)


class Fit(NamedTuple):
    names: list[str]  # the features kept
    fitted: dict  # the logistic model's fields of the model file
    calibration: dict  # the calibration's field
    thresholds: dict
    raw: VerdictModel  # uncalibrated
    final: VerdictModel


def fit_verdict(
    train_rows: list[dict],
    calibration_rows: list[dict],
    rows: list[dict],
    names: list[str],
    args: argparse.Namespace,
) -> Fit:
    """The logistic model fitted on ``train_rows``, its calibration and spun threshold on
    ``calibration_rows``; every row of ``rows`` gets its probability ``p`` and the verdict the
    runtime's own rule gives it, so that the metrics describe what users get (short texts: uncertain)."""
    names, fitted = fit_logistic(train_rows, names, args.c)
    raw = VerdictModel.from_dict({**fitted, "calibration": {"kind": "identity"}})
    logits = np.array([raw.logit(r["features"]) for r in calibration_rows])
    calibration = fit_calibration(logits, np.array([r["label"] for r in calibration_rows]), args.calibration)
    calibrate = Calibration.from_dict(calibration)
    for row in rows:
        row["p"] = calibrate(raw.logit(row["features"]))
    threshold = spun_threshold([r["p"] for r in calibration_rows if not r["label"]])
    thresholds = {"spun": threshold, "clean": 0.5, "max_clean_fpr": MAX_FPR}
    final = VerdictModel.from_dict({**fitted, "calibration": calibration, "thresholds": thresholds})
    for row in rows:
        row["verdict"] = classify(
            row["p"], final, row["words"], row["content_words"], row["features"].get("function_words", 1.0)
        )
    return Fit(names, fitted, calibration, thresholds, raw, final)


# --- metrics ----------------------------------------------------------------------------------


def group_metrics(clean: list[dict], spun: list[dict]) -> dict:
    rows = clean + spun
    m = verdict_metrics(
        [r["label"] for r in rows],
        [r["p"] for r in rows],
        [r["verdict"] for r in rows],
        [r["content_spun"] for r in rows],
        # a graft has no spinner's rate
        None
        if any("graft" in r["spec"] for r in spun)
        else [r["spec"]["rate"] if r["spec"] else 0.0 for r in rows],
    )
    return {
        "documents": {"clean": m.clean, "spun": m.spun},
        "auc": round(m.auc, 4),
        "ece": round(m.ece, 4),
        "fpr": round(m.false_positive_rate, 4),
        "recall": round(m.recall, 4),
        "uncertain": round(m.uncertain, 4),
        "auc_heavy": _round(m.auc_heavy),
        "recall_heavy": _round(m.recall_heavy),
        "heavy_documents": m.heavy,
        "recall_half_content_spun": _round(m.half_content_spun),
        "recall_half_rate": _round(m.half_rate),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def recall_table(spun: list[dict]) -> list[tuple[str, int, float]]:
    return recall_by_strength([r["content_spun"] for r in spun], [r["verdict"] == "spun" for r in spun])


def print_metrics(name: str, metrics: dict, spun: list[dict]) -> None:
    m = metrics
    print(
        f"{name}: AUC {m['auc']:.3f}  ECE {m['ece']:.3f}  FPR {m['fpr']:.3%}  recall {m['recall']:.3f}  "
        f"uncertain {m['uncertain']:.1%}  ({m['documents']['clean']} clean, {m['documents']['spun']} spun)"
    )
    heavy, heavy_auc = m["recall_heavy"], m["auc_heavy"]
    print(
        f"  with >= {HEAVY_SPIN:.0%} content words spun ({m['heavy_documents']} docs): "
        f"recall {'n/a' if heavy is None else f'{heavy:.3f}'}, "
        f"AUC against clean {'n/a' if heavy_auc is None else f'{heavy_auc:.3f}'}; recall < 0.5 below "
        f"{_fmt_share(m['recall_half_content_spun'])} content words spun "
        f"(spinner rate {_fmt_share(m['recall_half_rate'])})"
    )
    print(
        "  recall by share of content words spun: "
        + ", ".join(f"{b}: {s:.2f} (n={n})" for b, n, s in recall_table(spun))
    )


def _fmt_share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


# --- main -------------------------------------------------------------------------------------


def _outside_repo(path: str | None) -> Path | None:
    if path is None:
        return None
    resolved = Path(path).resolve()
    if resolved.is_relative_to(ROOT):
        sys.exit(f"train_verdict: {path} is inside the repository; keep feature rows outside it")
    return resolved


def train_manuscript(args: argparse.Namespace) -> None:
    """The verdict of ``genre="manuscript"``: fitted and calibrated like the news verdict, on the
    manuscript span model's decisions over ``manuscript_tasks`` (no short-text calibration: papers
    are long)."""
    started = time.perf_counter()
    loaded = _outside_repo(args.load_rows)
    if loaded is not None:
        rows = json.loads(loaded.read_text(encoding="utf-8"))
    else:
        all_tasks = [task for split in SPLITS for task in manuscript_tasks(split, args.spins, args.seed)]
        print(f"running the engine on {len(all_tasks)} documents with {args.jobs} job(s)", file=sys.stderr)
        rows = compute_rows(all_tasks, args.jobs, "manuscript")
        saved = _outside_repo(args.rows)
        if saved is not None:
            saved.write_text(json.dumps(rows), encoding="utf-8")
    by_split = {s: [r for r in rows if r["split"] == s] for s in SPLITS}
    left_out = {*args.exclude, *DISTINCT_PHRASE_COUNTS}
    names = [n for n in by_split["train"][0]["features"] if n not in left_out]
    fit = fit_verdict(by_split["train"], by_split["calibration"], rows, names, args)
    names, fitted, calibration, thresholds = fit.names, fit.fitted, fit.calibration, fit.thresholds
    threshold = thresholds["spun"]
    clean_train = [r for r in by_split["train"] if not r["label"] and r["corpus"] == "scientific"]
    reference = {n: float(np.median([r["features"][n] for r in clean_train])) for n in names}

    metrics: dict = {}
    for split in ("calibration", "test"):
        for corpus in ("scientific", "technical"):
            chosen = [r for r in by_split[split] if r["corpus"] == corpus]
            clean = [r for r in chosen if not r["label"]]
            for group in ("graft", "seen"):
                spun_rows = [r for r in chosen if r["group"] == group]
                m = metrics[f"{split}_{corpus}_{group}"] = group_metrics(clean, spun_rows)
                print(
                    f"{split} split, {corpus} prose, {'grafts' if group == 'graft' else 'spins'}: "
                    f"AUC {m['auc']:.3f}  ECE {m['ece']:.3f}  FPR {m['fpr']:.3%}  recall {m['recall']:.3f}"
                    f"  ({m['documents']['clean']} clean, {m['documents']['spun']} spun)"
                )
    model = {
        "version": f"{__version__}+verdict-manuscript-seed{args.seed}",
        "created_by": "scripts/train_verdict.py --genre manuscript",
        "trained_on": (
            f"scientific prose (SciPy and scikit-learn docstrings, train parts after the manuscript span "
            f"model's first {SPAN_SCIENTIFIC_DOCS}) and technical prose (Python's documentation, after the "
            f"first {SPAN_TECHNICAL_DOCS}), {'/'.join(map(str, PARTS_PER_MANUSCRIPT))} parts at a time: "
            f"each text clean, with {'/'.join(map(str, GRAFT_RATES))} tortured phrases of the list per "
            f"1,000 words grafted in and spun by {'/'.join(TRAIN_THESAURI)} x "
            f"{'/'.join(TRAIN_STYLES)}, read by manuscript checkers without the grafted phrases' fold; "
            f"calibrated on the calibration split's texts made so, clean and grafted or spun (prior 0.5)"
        ),
        "span_model": manuscript_span_model().version,
        "span_model_digest": span_model_digest(MANUSCRIPT_SPAN_MODEL_FILE),
        **fitted,
        "calibration": calibration,
        "thresholds": thresholds,
        "clean_reference_name": "clean scientific prose",
        "clean_reference": {k: round(v, 4) for k, v in reference.items()},
        "metrics": metrics,
    }
    out = Path(args.out or ROOT / "src" / "unspin" / "data" / MANUSCRIPT_MODEL_FILE)
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"features: {', '.join(f'{n} {w:+.2f}' for n, w in zip(names, fitted['weights'], strict=True))}")
    print(f"calibration: {json.dumps(calibration)[:200]}; spun threshold p >= {threshold:.3f}")
    print(f"time: {time.perf_counter() - started:.0f} s for {len(rows)} documents; wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=600, help="train documents (default 600)")
    parser.add_argument(
        "--calibration-docs", type=int, default=10**6, help="calibration documents (default: all)"
    )
    parser.add_argument(
        "--held-apart-docs",
        type=int,
        default=10**6,
        help="train documents after the verdict's own that calibrate as well (default: all of them)",
    )
    parser.add_argument("--test-docs", type=int, default=10**6, help="test documents (default: all)")
    parser.add_argument(
        "--skip-train",
        type=int,
        default=SPAN_MODEL_DOCS,
        help=f"train documents to pass over: the span model's and gate's (default {SPAN_MODEL_DOCS})",
    )
    parser.add_argument("--spins", type=int, default=4, help="spins per train document (default 4)")
    parser.add_argument(
        "--no-technical",
        dest="technical",
        action="store_false",
        help="leave out the technical prose (Python's documentation) and its spins",
    )
    parser.add_argument("--calibration", choices=("platt", "isotonic"), default="platt")
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the regression")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--genre",
        choices=("news", "manuscript"),
        default="news",
        help="news: the default verdict (this docstring's data); manuscript: the verdict of"
        " genre='manuscript', from scientific and technical prose (see manuscript_tasks)",
    )
    parser.add_argument("--out", help=f"model file (default: {MODEL_FILE} or {MANUSCRIPT_MODEL_FILE})")
    parser.add_argument("--rows", help="save the computed feature rows here (outside the repository)")
    parser.add_argument("--load-rows", help="refit from saved rows instead of running the engine")
    parser.add_argument(
        "--exclude",
        nargs="*",
        default=list(DISTINCT_PHRASE_DENSITIES),
        help="features to leave out of the model (default: the distinct-phrase densities but one)",
    )
    args = parser.parse_args()
    if args.genre == "manuscript":
        train_manuscript(args)
        return
    calibration_docs, test_docs = args.calibration_docs, args.test_docs
    started = time.perf_counter()

    loaded = _outside_repo(args.load_rows)
    if loaded is not None:
        rows = json.loads(loaded.read_text(encoding="utf-8"))
    else:
        if shared_data() is None:
            sys.exit("train_verdict: ../shared/data not found (set UNSPIN_SHARED_DATA)")
        all_tasks = [
            task
            for split, limit, skip, source in (
                ("train", args.docs, args.skip_train, None),
                ("calibration", calibration_docs, 0, None),
                # the train documents no model has learned from calibrate too: twice the clean
                # documents to place the 0.5 % false-positive threshold among
                ("calibration", args.held_apart_docs, args.skip_train + args.docs, "train"),
                ("test", test_docs, 0, None),
            )
            for task in tasks(split, limit, args.spins, args.seed, skip, source)
        ]
        if args.technical:
            all_tasks += [task for split in SPLITS for task in technical_tasks(split, args.spins, args.seed)]
        # last, so that the documents above are featurised exactly as before they were added
        all_tasks += [task for split in ("calibration", "test") for task in short_tasks(split, args.seed)]
        print(f"running the engine on {len(all_tasks)} documents with {args.jobs} job(s)", file=sys.stderr)
        rows = compute_rows(all_tasks, args.jobs)
        saved = _outside_repo(args.rows)
        if saved is not None:
            saved.write_text(json.dumps(rows), encoding="utf-8")
    engine_seconds = time.perf_counter() - started
    documents, words = len(rows), sum(r["words"] for r in rows)
    short_rows = [r for r in rows if r.get("corpus") == "short"]
    rows = [r for r in rows if r.get("corpus") != "short"]
    by_split = {s: [r for r in rows if r["split"] == s] for s in ("train", "calibration", "test")}

    left_out = {*args.exclude, *DISTINCT_PHRASE_COUNTS, *LENGTH_FEATURES}
    names = [n for n in by_split["train"][0]["features"] if n not in left_out]
    calibration_rows = [r for r in by_split["calibration"] if r["group"] in ("clean", "seen")]
    fit = fit_verdict(by_split["train"], calibration_rows, rows, names, args)
    names, fitted, calibration, thresholds = fit.names, fit.fitted, fit.calibration, fit.thresholds
    raw, final, threshold = fit.raw, fit.final, thresholds["spun"]

    short_calibration, metrics_short = ({}, {})
    if short_rows:  # rows saved before short texts were featurised have none
        short_calibration, metrics_short = fit_short_text_calibration(raw, final, short_rows)

    clean_train = [r for r in by_split["train"] if not r["label"]]
    # the reasons quote this as "clean news", so technical prose stays out of it
    clean_news = [r for r in clean_train if r.get("corpus", "news") == "news"]
    reference = {n: float(np.median([r["features"][n] for r in clean_news])) for n in names}

    metrics: dict = {}
    report: list[tuple[str, dict, list[dict]]] = []
    cal_clean = [r for r in calibration_rows if not r["label"]]
    cal_spun = [r for r in calibration_rows if r["label"]]
    metrics["calibration"] = group_metrics(cal_clean, cal_spun)
    report.append(
        (
            "calibration split (training spinners: wordnet/moby x careless/careful)",
            metrics["calibration"],
            cal_spun,
        )
    )
    probe = [r for r in by_split["calibration"] if r["group"] == "consistent"]
    if probe:
        metrics["calibration_consistent"] = group_metrics(cal_clean, probe)
        report.append(
            ("calibration split, held-out consistent style", metrics["calibration_consistent"], probe)
        )
    test_news = [r for r in by_split["test"] if r.get("corpus", "news") == "news"]
    test_clean = [r for r in test_news if not r["label"]]
    for group, title in (("pps", "held-out pps thesaurus"), ("chain", "held-out chain style")):
        spun_rows = [r for r in test_news if r["group"] == group]
        metrics[f"test_{group}"] = group_metrics(test_clean, spun_rows)
        report.append((f"test split, {title}", metrics[f"test_{group}"], spun_rows))
    technical = [r for r in by_split["test"] if r.get("corpus") == "technical"]
    if technical:
        spun_rows = [r for r in technical if r["label"]]
        metrics["test_technical"] = group_metrics([r for r in technical if not r["label"]], spun_rows)
        report.append(
            ("test split, technical prose (training spinners)", metrics["test_technical"], spun_rows)
        )

    model = {
        "version": f"{__version__}+verdict-{args.docs}docs-seed{args.seed}",
        "created_by": "scripts/train_verdict.py",
        "trained_on": (
            f"BBC news train split: {len(clean_news)} clean documents (after the first {args.skip_train}) "
            f"and {args.spins} spins of each "
            f"(rates {SPIN_RATES[0]}-{SPIN_RATES[1]} log-uniform, thesauri {'/'.join(TRAIN_THESAURI)}, "
            f"styles {'/'.join(TRAIN_STYLES)}); calibrated on {len(cal_clean)} clean + {len(cal_spun)} spun "
            f"documents of the calibration split and of the train split after these (prior 0.5); "
            f"pps-test thesaurus and chain style held out; "
            f"{'with' if args.technical else 'without'} the parts of Python's documentation in each split"
        ),
        "span_model": span_model().version,
        "span_model_digest": span_model_digest(),
        **fitted,
        "calibration": calibration,
        "thresholds": thresholds,
        "clean_reference": {k: round(v, 4) for k, v in reference.items()},
        "short_text_calibration": short_calibration,
        "metrics": {**metrics, **metrics_short},
    }
    out = Path(args.out or OUT)
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")

    print(f"features: {', '.join(f'{n} {w:+.2f}' for n, w in zip(names, fitted['weights'], strict=True))}")
    print(f"calibration: {json.dumps(calibration)[:200]}; spun threshold p >= {threshold:.3f}")
    for title, m, spun_rows in report:
        print_metrics(title, m, spun_rows)
    table = reliability_table(
        [r["label"] for r in calibration_rows], [r["p"] for r in calibration_rows], bins=5
    )
    print(
        "  calibration reliability: "
        + ", ".join(f"{b.low:.1f}-{b.high:.1f}: {b.observed:.2f} (n={b.count})" for b in table if b.count)
    )
    total = time.perf_counter() - started
    print(
        f"time: {engine_seconds:.0f} s for the engine on {documents} documents ({words} words, "
        f"{words / max(engine_seconds, 1e-9):.0f} words/s), {total:.0f} s in all; wrote {out}"
    )


if __name__ == "__main__":
    main()
