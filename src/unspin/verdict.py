"""Document verdict: a calibrated probability that a whole document was machine-spun.

The span engine judges phrases one at a time; a document is judged on how many of those phrases
look spun and on how the text reads as a whole (rare words, word pairs never seen together,
function words next to odd partners, thesaurus phrases nobody writes). ``document_features``
turns a checked text into a few named numbers, and a logistic model trained by
``scripts/train_verdict.py`` on synthetic spins of news (``data/verdict-model.json``) maps them to
a probability, calibrated on held-apart documents.

The model is read with plain Python: no numpy or scikit-learn at runtime. Without the model file
a documented density rule (``fallback_verdict``) keeps the verdict working.

The probability is calibrated for documents that are, a priori, as likely spun as clean (the
calibration set holds one spin per clean document) and for news-like prose of a few hundred
words; shorter texts get the verdict ``uncertain`` whatever their score.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from unspin.decisions import Decision, trusted_listing
from unspin.fingerprints import joined_key
from unspin.inflection import all_inflections, lemma_key
from unspin.language_model import bigram_attested, counted_phrase
from unspin.report import Span
from unspin.resources import FUNCTION_WORDS, bounded_cache, data_path, inverse_rows, word_zipf
from unspin.tokens import Token

MODEL_FILE = "verdict-model.json"
# The verdict of ``genre="manuscript"``: trained on the manuscript span model's decisions over
# scientific and technical prose of several lengths, clean, with some of the list's phrases grafted
# in, and spun (``scripts/train_verdict.py --genre manuscript``).
MANUSCRIPT_MODEL_FILE = "verdict-model-manuscript.json"
MIN_WORDS = 30  # below this a handful of chance phrases swings every density: no verdict
MIN_CONTENT_WORDS = 15  # tables, code and lists of names give the text features nothing to read
# Share of English function words ("the", "of", "and", ...) below which a text is not English prose:
# every article of the news corpus and every part of the technical prose has at least 0.17 (median
# 0.42; spun at rate 0.5 with function words rewritten, 0.28), a French, German, Spanish, Italian or
# Dutch news paragraph under 0.04. unspin reads English only: it judges no other language (a text
# in one read "clean" with a score of 0.03).
MIN_FUNCTION_WORD_SHARE = 0.10
MAX_REASONS = 3
EMPTY = "empty text: nothing to judge"
RARE_ZIPF = 3.0  # "rare": fewer than one use per million words
LOW_CONTENT_ZIPF = 4.0  # content words a spinner's thesaurus tends to swap in
PHRASE_LEVELS = {"possible_phrases": 0.3, "likely_phrases": 0.5, "confident_phrases": 0.8}
LEMMA_LEVELS = {"possible_lemmas": 0.3, "likely_lemmas": 0.5, "confident_lemmas": 0.8}
# A word the span engine gives at least this confidence in some window is "suspect": well below
# the span threshold, since the verdict adds up weak evidence that no single span would show.
SUSPECT_LEVEL = 0.2

# A checkout without the model file still needs a verdict: the density of likely spun phrases at
# which the fallback says "spun". With the span model of this release, clean news has a median of
# 0.4 such phrases per 100 words and 1 % of clean articles reach 1.7; 2 of 1,034 reached 2
# (train and calibration rows of scripts/train_verdict.py), where 39 % of spun ones do.
FALLBACK_HALF_DENSITY = 2.0


# --- features ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFeatures:
    """Named feature values plus the plain counts the reasons quote."""

    values: dict[str, float]
    counts: dict[str, int] = field(default_factory=dict)
    top_phrase: str | None = None  # surface of the most confident decision, for a reason
    thesaurus_phrase: str | None = None  # the first of ``uncounted_thesaurus_phrases``, for a reason


def _is_name(token: Token) -> bool:
    # A capital away from the start of a sentence marks a name: names are rare and unpaired in
    # clean news, and spinners leave them alone, so they only add noise to the text features.
    return token.is_capitalised and not token.sentence_start


@bounded_cache(maxsize=1 << 16)
def _inflections(word: str) -> frozenset[str]:
    """Other inflected forms of ``word`` ("announce" -> "announced", "announces", ...)."""
    lemma = lemma_key(word)
    forms = {form for group in all_inflections(lemma).values() for form in group}
    forms.add(lemma)
    forms.discard(word)
    return frozenset(forms)


def _inflection_hint(left: str, right: str) -> bool:
    """Whether an unseen pair becomes a known one by re-inflecting one of its content words.

    Careless spinners drop the original's inflection ("the companies announce" -> "the firm
    announce"); the pair with the right form is in the bigram list even when this one is not.
    """
    if right not in FUNCTION_WORDS and any(bigram_attested(left, form) for form in _inflections(right)):
        return True
    return left not in FUNCTION_WORDS and any(bigram_attested(form, right) for form in _inflections(left))


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _content_indices(tokens: Sequence[Token]) -> list[int]:
    """Token indices of the ordinary content words (not names, not function words) and of code,
    which no window covers: the shares of words that look spun are of all the text's content."""
    return [
        i
        for i, t in enumerate(tokens)
        if t.kind == "code" or (t.kind == "word" and not _is_name(t) and t.norm not in FUNCTION_WORDS)
    ]


def text_features(tokens: Sequence[Token]) -> tuple[dict[str, float], dict[str, int]]:
    """Features read off the text alone: what spun prose looks like without any phrase decision."""
    # each token's test and each pair's lookup once, though several features read them
    plain = [t.kind == "word" and not _is_name(t) for t in tokens]
    words = [t for t, ok in zip(tokens, plain) if ok]
    content = [t for t in words if t.norm not in FUNCTION_WORDS]
    pairs = [(a.norm, b.norm) for (a, a_ok), (b, b_ok) in pairwise(zip(tokens, plain)) if a_ok and b_ok]
    seen = [bigram_attested(a, b) for a, b in pairs]
    unseen = [pair for pair, attested in zip(pairs, seen) if not attested]
    # A function word next to a content word: spun content words break these easy, frequent pairs.
    mixed = [(a in FUNCTION_WORDS) != (b in FUNCTION_WORDS) for a, b in pairs]
    mixed_unseen = sum(1 for is_mixed, attested in zip(mixed, seen) if is_mixed and not attested)
    hints = sum(1 for a, b in unseen if _inflection_hint(a, b))
    uncommon = sum(1 for t in content if word_zipf(t.norm) < LOW_CONTENT_ZIPF)
    values = {
        "rare_words": _share(sum(1 for t in words if word_zipf(t.norm) < RARE_ZIPF), len(words)),
        "unseen_pairs": _share(len(unseen), len(pairs)),
        "uncommon_content": _share(uncommon, len(content)),
        "inflection_hints": 100 * _share(hints, len(pairs)),
        "function_pairs_unseen": _share(mixed_unseen, sum(mixed)),
        "function_words": _share(len(words) - len(content), len(words)),
    }
    counts = {
        "content_words": len(content),
        "pairs": len(pairs),
        "unseen_pairs": len(unseen),
        "hints": hints,
    }
    return values, counts


# The longest thesaurus phrase looked for (thesauri list a few longer ones; spinners rarely pick them).
MAX_PHRASE_WORDS = 4


@cache
def _phrase_openings() -> frozenset[str]:
    """The first two words of every thesaurus phrase: most word pairs of a text open none, and one
    lookup then spares the three joins of the longest-first search."""
    return frozenset(" ".join(key.split(" ", 2)[:2]) for key in inverse_rows() if " " in key)


def uncounted_thesaurus_phrases(tokens: Sequence[Token]) -> list[str]:
    """The distinct phrases of a thesaurus in the text whose first word pair no corpus counts
    ("court game", "hired car"), in text order.

    A spinner that writes a phrase for a word takes it from its thesaurus, and a thesaurus lists
    many phrases nobody writes: 3 % of clean news articles hold one, where spins by WordNet or Moby
    of 10 % of content words or more hold one per 230 words (medians). Span decisions miss most of
    them (restoring one takes the right word among a phrase's many heads), but the phrase alone is
    evidence. Distinct, because a clean text that uses such a phrase ("marine chronometer") repeats
    it as its topic. Longest first, without overlaps, inside runs of ordinary words (no names, no
    punctuation).
    """
    thesaurus = inverse_rows()  # its keys: every phrase a thesaurus offers for some word
    openings = _phrase_openings()
    found: dict[str, None] = {}
    run: list[str] = []
    for token in [*tokens, None]:
        if token is not None and token.kind == "word" and not _is_name(token):
            run.append(token.norm)
            continue
        i = 0
        while i < len(run) - 1:
            if f"{run[i]} {run[i + 1]}" not in openings:
                i += 1
                continue
            for n in range(min(MAX_PHRASE_WORDS, len(run) - i), 1, -1):
                # as written only: a thesaurus phrase in another inflection ("been certain") is
                # uncounted far more often, in clean text too
                if " ".join(run[i : i + n]) in thesaurus:
                    if not counted_phrase(f"{run[i]} {run[i + 1]}"):
                        found.setdefault(" ".join(run[i : i + n]))
                    i += n
                    break
            else:
                i += 1
        run = []
    return list(found)


def non_overlapping(decisions: Sequence[Decision]) -> list[Decision]:
    """Greedy choice of non-overlapping windows, most confident first (longer windows win ties).

    Windows of several lengths overlap, and one spun word would otherwise count up to three times.
    Greedy in this order, the choice above any confidence level is exactly this list cut at that
    level, so one pass serves every level. (Kept here rather than borrowed from the span engine,
    whose own selection may change with how spans are shown.)
    """
    ranked = sorted(
        decisions, key=lambda d: (-d.confidence, -(d.assessment.window.last - d.assessment.window.first))
    )
    chosen: list[Decision] = []
    taken: set[int] = set()
    for decision in ranked:
        window = decision.assessment.window
        indices = set(range(window.first, window.last + 1))
        if not indices & taken:
            taken |= indices
            chosen.append(decision)
    return chosen


def distinct_phrases(tokens: Sequence[Token], decisions: Sequence[Decision]) -> dict[tuple[str, ...], float]:
    """The non-overlapping decisions by phrase (lemmas of the words as written), each at its best.

    A phrase used again counts once: a spinner rewrites words wherever they stand, while the words
    a clean text repeats are its topic ("gadget" a dozen times in an article about gadgets), and a
    topic word the thesaurus makes look spun must not count a dozen times.
    """
    best: dict[tuple[str, ...], float] = {}
    for decision in non_overlapping(decisions):
        window = decision.assessment.window
        key = _lemmas(tokens[window.first : window.last + 1])
        best[key] = max(best.get(key, 0.0), decision.confidence)
    return best


def _lemmas(written: Sequence[Token]) -> tuple[str, ...]:
    """A phrase's key for counting it once: the lemmas of its tokens, punctuation left out."""
    return tuple(lemma_key(t.norm) for t in written if t.kind != "punct")


def decision_features(
    tokens: Sequence[Token], decisions: Sequence[Decision], words: int
) -> tuple[dict[str, float], dict[str, int]]:
    """Features of the span engine's decisions: how many phrases look spun, and how strongly."""
    per_100 = 100 / words if words else 0.0
    phrases = distinct_phrases(tokens, decisions)
    values: dict[str, float] = {}
    counts: dict[str, int] = {}
    for name, level in PHRASE_LEVELS.items():
        counts[name] = sum(1 for confidence in phrases.values() if confidence >= level)
        values[name] = counts[name] * per_100
        values[f"{name}_count"] = counts[name]
    values["likely_phrases_log_count"] = math.log1p(counts["likely_phrases"])
    # Threshold-free: the expected number of spun phrases if the confidences are calibrated. It keeps
    # the verdict meaningful when the span model is retrained and its confidences shift.
    values["confidence_mass"] = sum(phrases.values()) * per_100
    confidences = sorted((d.confidence for d in decisions), reverse=True)
    values["max_confidence"] = confidences[0] if confidences else 0.0
    top = confidences[:5]
    values["top5_confidence"] = sum(top) / len(top) if top else 0.0
    return values, counts


def word_features(tokens: Sequence[Token], decisions: Sequence[Decision]) -> dict[str, float]:
    """Per content word, the highest confidence of any window covering it, summed up over the text.

    Read per word rather than per window, so that words the engine never looked at (common words
    in fluent pairs) count as the zero they would score.
    """
    best: dict[int, float] = {}
    for decision in decisions:
        window = decision.assessment.window
        for i in range(window.first, window.last + 1):
            best[i] = max(best.get(i, 0.0), decision.confidence)
    content = _content_indices(tokens)
    scores = [best.get(i, 0.0) for i in content]
    # Per distinct content lemma, its best score anywhere: a spinner with a fixed table rewrites a
    # word everywhere or nowhere, so its share of spun *words* is high while its distinct spun
    # phrases are few; counted per lemma, both kinds of spinner look alike.
    by_lemma: dict[str, float] = {}
    for i, score in zip(content, scores):
        lemma = lemma_key(tokens[i].norm)
        by_lemma[lemma] = max(by_lemma.get(lemma, 0.0), score)
    values = {
        "mean_word_confidence": _share(sum(scores), len(scores)),
        "suspect_words": _share(sum(1 for s in scores if s >= SUSPECT_LEVEL), len(scores)),
    }
    for name, level in LEMMA_LEVELS.items():
        count = sum(1 for s in by_lemma.values() if s >= level)
        values[name] = _share(count, len(by_lemma))
        values[f"{name}_count"] = count
    return values


def document_features(tokens: Sequence[Token], decisions: Sequence[Decision], words: int) -> DocumentFeatures:
    """Every feature the verdict model may use, by name (the model picks the ones it was trained on)."""
    values, counts = decision_features(tokens, decisions, words)
    values.update(word_features(tokens, decisions))
    text_values, text_counts = text_features(tokens)
    values.update(text_values)
    counts.update(text_counts)
    counts["words"] = words
    phrases = uncounted_thesaurus_phrases(tokens)
    counts["thesaurus_phrases"] = len(phrases)
    values["thesaurus_phrases"] = 100 * _share(len(phrases), words)
    # Counts beside densities, and the length they accrue over: in a long manuscript a few spun
    # phrases barely move a density, yet twenty of them in 3,000 words are evidence a 300-word text
    # cannot give (the manuscript verdict learns from texts of several lengths).
    values["thesaurus_phrases_count"] = len(phrases)
    values["length"] = words / 100
    top_phrase = None
    if decisions:
        best = max(decisions, key=lambda d: d.confidence)
        window = best.assessment.window
        top_phrase = " ".join(t.text for t in tokens[window.first : window.last + 1] if t.kind != "punct")
    return DocumentFeatures(values, counts, top_phrase, phrases[0] if phrases else None)


# --- the model --------------------------------------------------------------------------------


def interpolate(points: Sequence[tuple[float, float]], x: float) -> float:
    """Piecewise-linear interpolation through ``points`` (sorted by x), flat beyond the ends.

    With non-decreasing y (an isotonic fit) the result is non-decreasing in ``x``.
    """
    if not points:
        raise ValueError("no calibration points")
    xs = [p[0] for p in points]
    if x <= xs[0]:
        return points[0][1]
    if x >= xs[-1]:
        return points[-1][1]
    i = bisect.bisect_right(xs, x)
    (x0, y0), (x1, y1) = points[i - 1], points[i]
    if x1 == x0:
        return y1
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Calibration:
    """Maps the model's raw score (a logit) to a calibrated probability.

    ``platt``: sigmoid(a * z + b); ``isotonic``: interpolation through (z, p) points; ``identity``:
    sigmoid(z), the uncalibrated logistic output.
    """

    kind: str = "identity"
    a: float = 1.0
    b: float = 0.0
    points: tuple[tuple[float, float], ...] = ()

    def __call__(self, z: float) -> float:
        if self.kind == "isotonic":
            p = interpolate(self.points, z)
        elif self.kind == "platt":
            p = _sigmoid(self.a * z + self.b)
        else:
            p = _sigmoid(z)
        return min(1.0, max(0.0, p))

    @classmethod
    def from_dict(cls, data: dict) -> Calibration:
        kind = data.get("kind", "identity")
        if kind not in ("platt", "isotonic", "identity"):
            raise ValueError(f"unknown calibration kind {kind!r}")
        points = tuple(sorted((float(x), float(y)) for x, y in data.get("points", ())))
        if kind == "isotonic" and not points:
            raise ValueError("isotonic calibration needs points")
        return cls(kind, float(data.get("a", 1.0)), float(data.get("b", 0.0)), points)


@dataclass(frozen=True)
class ShortTextCalibration:
    """The probability for a text too short for a verdict: sigmoid(a * logit + c * ln(words) + b).

    The model and its calibration learned from whole articles, where its features (densities per
    100 words) are steady; in a text of a few words one chance phrase swings them, and its
    probabilities ran to the extremes (test-split headlines and sentences of up to 29 words, and a
    spin of each: expected calibration error 0.172; rescaled, 0.040). Fitted on the calibration
    split's by ``scripts/train_verdict.py``.
    """

    a: float
    b: float
    c: float

    def __call__(self, logit: float, words: int) -> float:
        return _sigmoid(self.a * logit + self.c * math.log(max(1, words)) + self.b)

    @classmethod
    def from_dict(cls, data: dict | None) -> ShortTextCalibration | None:
        return None if not data else cls(float(data["a"]), float(data["b"]), float(data["c"]))


@dataclass(frozen=True)
class VerdictModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    calibration: Calibration
    spun_threshold: float  # p at or above: "spun" (chosen for <= 0.5 % false positives on clean prose)
    clean_threshold: float  # p below: "clean"; in between: "uncertain"
    clean_reference: dict[str, float]  # typical value on clean prose, quoted in reasons
    version: str
    clip: float = 6.0  # standardised values are clipped: odd texts should not get absurd logits
    short_text: ShortTextCalibration | None = None  # for texts of fewer than MIN_WORDS words
    reference_name: str = "clean news"  # what ``clean_reference`` was measured on, as reasons say it

    def standardised(self, values: dict[str, float]) -> list[float]:
        return [
            max(-self.clip, min(self.clip, (values.get(name, 0.0) - mean) / scale))
            for name, mean, scale in zip(self.features, self.mean, self.scale, strict=True)
        ]

    def contributions(self, values: dict[str, float]) -> dict[str, float]:
        """Each feature's share of the logit: weight x standardised value."""
        standardised = self.standardised(values)
        return {name: w * z for name, w, z in zip(self.features, self.weights, standardised, strict=True)}

    def logit(self, values: dict[str, float]) -> float:
        return self.bias + sum(self.contributions(values).values())

    def probability(self, values: dict[str, float], words: int | None = None) -> float:
        """The calibrated probability that the text was spun; ``words``: its length, which decides
        whether the short-text calibration applies (None: a text long enough for a verdict)."""
        logit = self.logit(values)
        if words is not None and words < MIN_WORDS and self.short_text is not None:
            return self.short_text(logit, words)
        return self.calibration(logit)

    @classmethod
    def from_dict(cls, data: dict) -> VerdictModel:
        features = tuple(data["features"])
        columns = [tuple(float(v) for v in data[key]) for key in ("mean", "scale", "weights")]
        if any(len(column) != len(features) for column in columns):
            raise ValueError("verdict model: features, mean, scale and weights differ in length")
        if any(s <= 0 for s in columns[1]):
            raise ValueError("verdict model: scales must be positive")
        thresholds = data.get("thresholds", {})
        return cls(
            features=features,
            mean=columns[0],
            scale=columns[1],
            weights=columns[2],
            bias=float(data["bias"]),
            calibration=Calibration.from_dict(data.get("calibration", {})),
            spun_threshold=float(thresholds.get("spun", 0.5)),
            clean_threshold=float(thresholds.get("clean", 0.5)),
            clean_reference={k: float(v) for k, v in data.get("clean_reference", {}).items()},
            version=str(data.get("version", "unknown")),
            clip=float(data.get("clip", 6.0)),
            short_text=ShortTextCalibration.from_dict(data.get("short_text_calibration")),
            reference_name=str(data.get("clean_reference_name", "clean news")),
        )


def load_model(path: Path | str | None = None) -> VerdictModel | None:
    """The verdict model at ``path`` (default: the shipped one), or None when there is no file."""
    if path is None:
        return shipped_model()
    path = Path(path)
    if not path.exists():
        return None
    return VerdictModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


@cache
def shipped_model(genre: str = "news") -> VerdictModel | None:
    """The shipped verdict model of ``genre`` ("news" or "manuscript", as ``pipeline.GENRES``)."""
    return load_model(data_path(MANUSCRIPT_MODEL_FILE if genre == "manuscript" else MODEL_FILE))


# What a span model file says of itself rather than how it scores: a retrain that moves neither its
# trees nor its calibration (one that only widens the feature probe) leaves the verdict as it was.
SPAN_MODEL_NOTES = frozenset({"feature_probe", "trained_on"})


def span_model_digest(file: str = "span-model.json") -> str:
    """A digest of the shipped span model ``file``: the verdict is trained on its confidences.

    Recorded in the verdict model so that a retrained span model (same version string or not)
    shows the verdict model is stale; "none" when no span model file ships.
    """
    path = data_path(file)
    return scoring_digest(path) if path.exists() else "none"


def scoring_digest(path: Path) -> str:
    """A digest of the span model file at ``path``, all but its notes (``SPAN_MODEL_NOTES``)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    scoring = {key: value for key, value in data.items() if key not in SPAN_MODEL_NOTES}
    canonical = json.dumps(scoring, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=8).hexdigest()


# --- reasons ----------------------------------------------------------------------------------


def _percent(value: float) -> str:
    return f"{100 * value:.0f} %"


def _decimal(value: float) -> str:
    return f"{value:.1f}"


def _confidence(value: float) -> str:
    return f"{value:.2f}"


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


# (feature whose clean-news value is quoted, main text, detail in brackets, formatter of that value)
Sentence = tuple[str, str, str, Callable[[float], str]]


# How the confidence levels of PHRASE_LEVELS and LEMMA_LEVELS read in a reason.
_LEVEL_WORDS = {0.3: "possibly", 0.5: "likely", 0.8: "very likely"}


def _phrases(features: DocumentFeatures, name: str) -> Sentence:
    adjective = _LEVEL_WORDS[PHRASE_LEVELS[name]]
    level = "" if name == "likely_phrases" else f"confidence ≥ {PHRASE_LEVELS[name]}; "
    density = features.values.get(name, 0.0)
    counted = _plural(features.counts.get(name, 0), f"{adjective} spun phrase")
    return name, counted, f"{level}{density:.1f} per 100 words", _decimal


def _sentence(name: str, features: DocumentFeatures) -> Sentence:
    """How to say one feature of one document in words."""
    v = features.values.get(name, 0.0)
    if name == "likely_phrases_log_count":
        return _phrases(features, "likely_phrases")  # the count says what the density says
    if name.endswith("_count") and name.removesuffix("_count") in PHRASE_LEVELS:
        return _phrases(features, name.removesuffix("_count"))
    if name.endswith("_count") and name.removesuffix("_count") in LEMMA_LEVELS:
        level = LEMMA_LEVELS[name.removesuffix("_count")]
        main = f"{_plural(int(v), 'distinct content word')} look {_LEVEL_WORDS[level]} spun"
        return name, main, f"confidence ≥ {level}", lambda x: f"{x:.0f}"
    if name == "thesaurus_phrases_count":
        return _sentence("thesaurus_phrases", features)
    if name == "length":
        # a long text spreads a clean text's chance phrases, and a spinner's, over more words
        return name, f"{_plural(round(100 * v), 'word')} in all", "", lambda x: f"{100 * x:,.0f} words"
    if name in PHRASE_LEVELS:
        return _phrases(features, name)
    if name == "confidence_mass":
        # the expected number of spun phrases, if the confidences are calibrated
        main = f"about {v:.1f} spun phrases per 100 words, counting each by its confidence"
        return name, main, "", _decimal
    if name == "max_confidence":
        phrase = f"“{features.top_phrase}”" if features.top_phrase else "none"
        return name, f"most suspicious phrase: {phrase}", f"confidence {v:.2f}", _confidence
    if name == "top5_confidence":
        return name, f"the five most suspicious phrases average confidence {v:.2f}", "", _confidence
    if name == "mean_word_confidence":
        return name, f"content words average a spun-phrase confidence of {v:.2f}", "", _confidence
    if name in LEMMA_LEVELS:
        main = f"{_percent(v)} of distinct content words look {_LEVEL_WORDS[LEMMA_LEVELS[name]]} spun"
        return name, main, f"confidence ≥ {LEMMA_LEVELS[name]}", _percent
    if name == "suspect_words":
        main = f"{_percent(v)} of content words look possibly spun"
        return name, main, f"confidence ≥ {SUSPECT_LEVEL:g}", _percent
    if name == "rare_words":
        return name, f"{_percent(v)} of words are rare", f"Zipf < {RARE_ZIPF:g}", _percent
    if name == "unseen_pairs":
        return name, f"{_percent(v)} of word pairs never seen together", "", _percent
    if name == "uncommon_content":
        return name, f"{_percent(v)} of content words are uncommon", f"Zipf < {LOW_CONTENT_ZIPF:g}", _percent
    if name == "inflection_hints":
        hints = _plural(features.counts.get("hints", 0), "word pair")
        return name, f"{hints} that read right only in another inflection", f"{v:.1f} per 100 pairs", _decimal
    if name == "function_pairs_unseen":
        return name, f"{_percent(v)} of function-word pairings never seen together", "", _percent
    if name == "function_words":
        return name, f"{_percent(v)} function words", "", _percent
    if name == "thesaurus_phrases":
        counted = _plural(features.counts.get(name, 0), "thesaurus phrase")
        example = f": “{features.thesaurus_phrase}”" if features.thesaurus_phrase else ""
        main = f"{counted} no corpus counts, as a spinner writes for a word{example}"
        return name, main, f"{v:.1f} per 100 words", _decimal
    return name, f"{name} = {v:.3g}", "", lambda x: f"{x:.3g}"


def describe(name: str, features: DocumentFeatures, model: VerdictModel | None = None) -> str:
    """A short readable sentence for one feature of one document, with clean prose for scale.

    "14 likely spun phrases (3.1 per 100 words; clean news: ~0.6)".
    """
    quoted, main, detail, formatted = _sentence(name, features)
    details = [detail] if detail else []
    if model is not None and quoted in model.clean_reference:
        details.append(f"{model.reference_name}: ~{formatted(model.clean_reference[quoted])}")
    return f"{main} ({'; '.join(details)})" if details else main


def strongest_reasons(
    model: VerdictModel, features: DocumentFeatures, direction: int, limit: int = MAX_REASONS
) -> list[str]:
    """Readable strings for the ``limit`` features pushing hardest in ``direction``.

    ``direction`` is +1 (towards spun), -1 (towards clean) or 0 (either way, by size). Contributions
    are weight x standardised value measured from typical clean news (``clean_reference``) rather
    than from the training mean: then a reason for "spun" is always something above what clean
    news shows and a reason for "clean" something at or below it, as its quoted figures say.
    Features that read the same (a count and its density) are described once.
    """
    reference = model.clean_reference
    standardised = model.standardised(features.values)
    clean_z = model.standardised({**dict(zip(model.features, model.mean, strict=True)), **reference})
    contributions = {
        name: weight * (z - z0)
        for name, weight, z, z0 in zip(model.features, model.weights, standardised, clean_z, strict=True)
    }
    if direction:
        ranked = sorted(contributions, key=lambda n: -contributions[n] * direction)
    else:
        ranked = sorted(contributions, key=lambda n: -abs(contributions[n]))
    out: list[str] = []
    for name in ranked:
        text = describe(name, features, model)
        if text not in out:
            out.append(text)
        if len(out) == limit:
            break
    return out


# --- the verdict ------------------------------------------------------------------------------


def fallback_verdict(features: DocumentFeatures) -> tuple[float, str, tuple[str, ...]]:
    """The rule used when no trained model ships: density of likely spun phrases.

    ``score = d / (d + FALLBACK_HALF_DENSITY)`` for ``d`` likely spun phrases (confidence >= 0.5) per
    100 words, so two such phrases per 100 words score 0.5, and "spun" starts there. Not calibrated.
    """
    density = features.values["likely_phrases"]
    score = density / (density + FALLBACK_HALF_DENSITY)
    verdict = "spun" if score >= 0.5 else "clean"
    reasons = (
        describe("likely_phrases", features),
        f"no trained model: rule says spun from {FALLBACK_HALF_DENSITY:g} likely spun phrases per 100 words",
    )
    return score, verdict, reasons


def too_little_evidence(words: int, content_words: int, function_word_share: float = 1.0) -> str | None:
    """Why a text cannot be judged at all, or None when it can (``function_word_share``: the text
    feature ``function_words``)."""
    if words == 0:
        return EMPTY
    if words < MIN_WORDS:
        return f"only {_plural(words, 'word')}: too short to judge (needs {MIN_WORDS})"
    if content_words < MIN_CONTENT_WORDS:
        return f"only {content_words} ordinary content words: too little evidence to judge"
    if function_word_share < MIN_FUNCTION_WORD_SHARE:
        return (
            f"only {_percent(function_word_share)} English function words (English prose: ~40 %):"
            " not English prose, the only kind unspin judges"
        )
    return None


def classify(
    score: float, model: VerdictModel, words: int, content_words: int, function_word_share: float = 1.0
) -> str:
    """The verdict for a model probability: the thresholds, and "uncertain" for a text it cannot judge."""
    if too_little_evidence(words, content_words, function_word_share) is not None:
        return "uncertain"
    if score >= model.spun_threshold:
        return "spun"
    return "clean" if score < model.clean_threshold else "uncertain"


# --- the list's own evidence ---------------------------------------------------------------

# How often clean prose holds a phrase of the tortured-phrase list that the engine trusts as listed
# (``decisions.trusted_listing``): 4 in the 926,843 words of the train and calibration splits of the
# clean news, technical and scientific prose, each alone in its document (``python
# scripts/listed_rate.py``). The rate is the top of that count's one-sided 95 % interval (9.9e-6),
# rounded up: the verdict model never learned what the list's phrases say (its training spins hold
# few of them), so this evidence is weighed apart, by how rarely clean text shows it.
LISTED_RATE_IN_CLEAN = 1e-5  # per word
# The list's phrases alone call a text spun when a clean text of its length shows as many with at
# most this chance (a paper of 3,000 words: 2 phrases; a book of 100,000: 6).
LISTED_FALSE_ALARM = 1e-3
# One listed phrase decides nothing on its own, however short the text: it is shown as a span.
MIN_LISTED = 2


def listed_phrases(tokens: Sequence[Token], decisions: Sequence[Decision]) -> list[str]:
    """The distinct phrases of the tortured-phrase list the decisions trust, as written, in text
    order (a phrase used again counts once, as in ``distinct_phrases``)."""
    chosen = non_overlapping([d for d in decisions if trusted_listing(d.assessment)])
    found: dict[tuple[str, ...], str] = {}
    for window in sorted((d.assessment.window for d in chosen), key=lambda w: w.first):
        written = tokens[window.first : window.last + 1]
        # "profound-learning" is the phrase "profound learning" written as one word
        key = tuple(part for t in written if t.kind != "punct" for part in joined_key(t.norm).split("-"))
        surface = "".join(
            (" " if i and t.start > written[i - 1].end else "") + t.text for i, t in enumerate(written)
        )
        found.setdefault(key, surface)
    return list(found.values())


def chance_in_clean(count: int, words: int) -> float:
    """The chance that a clean text of ``words`` words holds at least ``count`` listed phrases (a
    Poisson count at ``LISTED_RATE_IN_CLEAN``)."""
    return poisson_tail(count, LISTED_RATE_IN_CLEAN * words)


def poisson_tail(count: int, mean: float) -> float:
    """P(X >= ``count``) for a Poisson count X of ``mean``, summed over the tail so that a tiny
    chance keeps its digits."""
    if count <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    term = math.exp(count * math.log(mean) - mean - math.lgamma(count + 1))
    total, k = 0.0, count
    while term > total * 1e-17:
        total += term
        k += 1
        term *= mean / k
    return min(1.0, total)


def listed_verdict(
    tokens: Sequence[Token], decisions: Sequence[Decision], words: int
) -> tuple[float, str] | None:
    """(score, reason) when the text's listed phrases alone call it spun, else None.

    The score is the probability of "spun" at even odds if a spun text shows such phrases for sure:
    1 minus the chance of a clean text showing as many.
    """
    listed = listed_phrases(tokens, decisions)
    if len(listed) < MIN_LISTED:
        return None
    chance = chance_in_clean(len(listed), words)
    if chance > LISTED_FALSE_ALARM:
        return None
    shown = ", ".join(f"“{phrase}”" for phrase in listed[:3]) + (", …" if len(listed) > 3 else "")
    # "fewer than 1 in 10,000": the chance's order of magnitude, told up to a billion
    odds = 10 ** min(9, math.floor(-math.log10(max(chance, 1e-300))))
    rarity = f"fewer than 1 in {odds:,} clean texts of {_plural(words, 'word')} hold as many"
    reason = f"{len(listed)} listed tortured phrases (Problematic Paper Screener): {shown}; {rarity}"
    return 1.0 - chance, reason


_SHIPPED = object()  # sentinel: "use the shipped model", distinct from an explicit None (fallback)


class Judgement(NamedTuple):
    """A document's verdict (``document_verdict``), with the score of its prose alone."""

    score: float  # probability spun
    verdict: str  # "spun", "clean" or "uncertain"
    reasons: tuple[str, ...]
    # The verdict model's score, before the list's phrases weigh in: the prior each span's confidence
    # takes from its document (``decisions.with_document_prior``), whose weight was chosen for how
    # the model scores prose. A text called spun for its listed phrases alone does not read any more
    # spun for them: lifted to its score, the other spans of a clean paper with three grafted listed
    # phrases went 0 -> 37 at 0.9.
    prose_score: float


def judge_document(
    tokens: list[Token], decisions: list, words: int, *, model: VerdictModel | None | object = _SHIPPED
) -> Judgement:
    """``document_verdict`` with the verdict model's own score beside it (``Judgement``)."""
    if words == 0:
        return Judgement(0.0, "uncertain", (EMPTY,), 0.0)
    features = document_features(tokens, decisions, words)
    # The list's phrases, evidence the model never weighed: enough of them decide on their own.
    listed = listed_verdict(tokens, decisions, words)
    chosen = shipped_model() if model is _SHIPPED else model
    if chosen is None:
        score, verdict, reasons = fallback_verdict(features)
    else:
        assert isinstance(chosen, VerdictModel)
        score = chosen.probability(features.values, words)
        verdict = classify(
            score, chosen, words, features.counts["content_words"], features.values["function_words"]
        )
        direction = 1 if listed is not None else {"spun": 1, "clean": -1}.get(verdict, 0)
        reasons = tuple(strongest_reasons(chosen, features, direction))
        if listed is None and chosen.clean_threshold <= score < chosen.spun_threshold:
            band = f"score {score:.2f} is between the clean ({chosen.clean_threshold:.2f}) and spun "
            reasons = (band + f"({chosen.spun_threshold:.2f}) thresholds",) + reasons[: MAX_REASONS - 1]
    prose_score = score
    if listed is not None:
        score, verdict, reasons = max(score, listed[0]), "spun", (listed[1], *reasons)
    # Too little text, or not English: keep the score (calibrated for short texts) but do not call
    # it either way.
    why = too_little_evidence(words, features.counts["content_words"], features.values["function_words"])
    if why is not None:
        return Judgement(score, "uncertain", (why,) + reasons[: MAX_REASONS - 1], prose_score)
    return Judgement(score, verdict, reasons[:MAX_REASONS], prose_score)


def document_verdict(
    tokens: list[Token],
    decisions: list,
    spans: tuple[Span, ...],
    words: int,
    *,
    model: VerdictModel | None | object = _SHIPPED,
) -> tuple[float, str, tuple[str, ...]]:
    """(probability spun, "spun" | "clean" | "uncertain", up to three reasons) for one document.

    ``decisions`` are all the engine's decisions, before any confidence threshold, so that the
    score does not depend on the checker's ``min_confidence``; ``spans`` (thresholded) are not used
    for the score. ``model=None`` forces the fallback density rule. Enough phrases of the
    tortured-phrase list call a text spun whatever the model says (``listed_verdict``).
    """
    del spans  # the verdict must not change with the caller's display threshold
    score, verdict, reasons, _ = judge_document(tokens, decisions, words, model=model)
    return score, verdict, reasons
