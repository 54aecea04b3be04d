"""The document verdict: edge cases, the shipped model file, calibration maps and reasons.

Fast and self-contained: the engine's decisions are replaced by hand-made stand-ins, and no
test needs ``../shared``.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.candidates import Candidate, Window
from unspin.decisions import MANUSCRIPT_MODEL_FILE as MANUSCRIPT_SPAN_MODEL_FILE
from unspin.decisions import Decision
from unspin.evidence import Assessment
from unspin.tokens import count_words, tokenize
from unspin.verdict import (
    LEMMA_LEVELS,
    MANUSCRIPT_MODEL_FILE,
    MAX_REASONS,
    MIN_WORDS,
    MODEL_FILE,
    PHRASE_LEVELS,
    Calibration,
    DocumentFeatures,
    ShortTextCalibration,
    VerdictModel,
    chance_in_clean,
    describe,
    document_features,
    document_verdict,
    interpolate,
    judge_document,
    listed_phrases,
    listed_verdict,
    load_model,
    shipped_model,
    strongest_reasons,
    text_features,
    too_little_evidence,
    uncounted_thesaurus_phrases,
    word_features,
)

CLEAN = (
    "The government said on Tuesday that it would raise taxes on large companies next year, "
    "after a review found that many of them paid far less than smaller firms. The finance "
    "minister told reporters that the change would bring in about two billion pounds, and that "
    "the money would go to schools and hospitals across the country over the next five years."
)


def decision_at(
    confidence: float, first: int, last: int, listed: bool = False, words: tuple[str, ...] = ()
) -> Decision:
    """A decision with what the verdict reads of one: its confidence, its window, and whether it is
    a phrase of the tortured-phrase list (``words``: the window's, which decide whether the listing
    is trusted)."""
    candidate = Candidate(words, "fingerprint" if listed else "thesaurus", ())
    return Decision(
        Assessment(Window(first, last, words, None, None), candidate, {}, 0.0, 0.0), confidence, ()
    )


def flagged(text: str, count: int, confidence: float = 0.95) -> list[Decision]:
    """``count`` confident one-word decisions on the first distinct words of ``text``."""
    first_of: dict[str, int] = {}
    for i, t in enumerate(tokenize(text)):
        if t.kind == "word":
            first_of.setdefault(t.norm, i)
    return [decision_at(confidence, i, i) for i in list(first_of.values())[:count]]


def verdict(text: str, decisions=(), **kwargs):
    tokens = tokenize(text)
    return document_verdict(tokens, list(decisions), (), count_words(text), **kwargs)


TOY_MODEL = VerdictModel.from_dict(
    {
        "features": ["likely_phrases", "unseen_pairs"],
        "mean": [0.5, 0.3],
        "scale": [1.0, 0.1],
        "weights": [2.0, 0.5],
        "bias": -1.0,
        "calibration": {"kind": "platt", "a": 1.0, "b": 0.0},
        "thresholds": {"spun": 0.9, "clean": 0.5},
        "clean_reference": {"likely_phrases": 0.1, "unseen_pairs": 0.35},
    }
)


@pytest.mark.parametrize("model", ["shipped", None, TOY_MODEL])
def test_empty_text_is_uncertain(model):
    kwargs = {} if model == "shipped" else {"model": model}
    score, label, reasons = verdict("", **kwargs)
    assert label == "uncertain"
    assert 0.0 <= score <= 1.0
    assert reasons and "empty" in reasons[0]


@pytest.mark.parametrize("model", ["shipped", None, TOY_MODEL])
def test_short_text_is_uncertain_even_when_flagged(model):
    text = "The profound learning model beat the chess champion."
    assert count_words(text) < MIN_WORDS
    kwargs = {} if model == "shipped" else {"model": model}
    score, label, reasons = verdict(text, flagged(text, 3), **kwargs)
    assert label == "uncertain"
    assert "too short" in reasons[0]
    assert len(reasons) <= MAX_REASONS


def test_no_ordinary_words_is_uncertain():
    text = " ".join(["Alice", "Bob", "Carol", "Dave"] * 10)  # names only, at 40 words
    _, label, reasons = verdict(text, model=TOY_MODEL)
    assert label == "uncertain"
    assert "too little evidence" in reasons[0]


@pytest.mark.parametrize("model", ["shipped", None])
def test_a_text_in_another_language_is_not_judged(model):
    text = (
        "Le gouvernement a annoncé mardi une série de mesures destinées à soutenir les ménages face à"
        " la hausse des prix de l'énergie. Selon le ministre, ces aides coûteront plusieurs milliards"
        " d'euros l'an prochain, et les entreprises les plus touchées pourront en bénéficier."
    )
    assert count_words(text) >= MIN_WORDS
    kwargs = {} if model == "shipped" else {"model": model}
    _, label, reasons = verdict(text, **kwargs)
    assert label == "uncertain"
    assert "not English prose" in reasons[0]
    # English, however plain, is judged
    assert "not English" not in " ".join(verdict(CLEAN, **kwargs)[2])


def test_fallback_rule_without_model():
    assert count_words(CLEAN) >= MIN_WORDS
    score, label, reasons = verdict(CLEAN, model=None)
    assert (score, label) == (0.0, "clean")
    score, label, reasons = verdict(CLEAN, flagged(CLEAN, 10), model=None)
    assert label == "spun" and score > 0.5
    assert reasons[0].startswith("10 likely spun phrases")


def test_model_verdicts_and_reasons():
    _, label, reasons = verdict(CLEAN, model=TOY_MODEL)
    assert label == "clean"
    assert 1 <= len(reasons) <= MAX_REASONS
    score, label, reasons = verdict(CLEAN, flagged(CLEAN, 12), model=TOY_MODEL)
    assert label == "spun" and score >= 0.9
    assert reasons[0].startswith("12 likely spun phrases (")
    assert "clean news: ~0.1" in reasons[0]


def test_uncertain_band_says_so():
    model = VerdictModel.from_dict({**_toy_dict(), "thresholds": {"spun": 0.999, "clean": 0.5}})
    score, label, reasons = verdict(CLEAN, flagged(CLEAN, 2), model=model)
    assert 0.5 <= score < 0.999
    assert label == "uncertain"
    assert "between the clean" in reasons[0]
    assert len(reasons) <= MAX_REASONS


def _toy_dict() -> dict:
    return {
        "features": list(TOY_MODEL.features),
        "mean": list(TOY_MODEL.mean),
        "scale": list(TOY_MODEL.scale),
        "weights": list(TOY_MODEL.weights),
        "bias": TOY_MODEL.bias,
        "calibration": {"kind": "platt", "a": 1.0, "b": 0.0},
    }


def test_verdict_ignores_display_spans():
    tokens = tokenize(CLEAN)
    decisions = flagged(CLEAN, 4)
    a = document_verdict(tokens, decisions, (), count_words(CLEAN))
    b = document_verdict(tokens, decisions, ("anything",), count_words(CLEAN))  # type: ignore[arg-type]
    assert a == b


# --- the shipped model file -------------------------------------------------------------------

DENSITY_FEATURES = (
    *PHRASE_LEVELS,
    *LEMMA_LEVELS,
    *(f"{name}_count" for name in (*PHRASE_LEVELS, *LEMMA_LEVELS)),
    "likely_phrases_log_count",
    "confidence_mass",
)


@pytest.fixture(scope="module")
def model() -> VerdictModel:
    found = shipped_model()
    if found is None:
        pytest.fail("src/unspin/data/verdict-model.json is missing: run scripts/train_verdict.py")
    return found


# each genre's verdict model file and the span model it read (``pipeline.GENRES``)
MODEL_FILES = {
    "news": (MODEL_FILE, "span-model.json"),
    "manuscript": (MANUSCRIPT_MODEL_FILE, MANUSCRIPT_SPAN_MODEL_FILE),
}


@pytest.fixture(params=sorted(MODEL_FILES))
def each_model(request) -> VerdictModel:
    found = shipped_model(request.param)
    if found is None:
        pytest.fail(f"the {request.param} verdict model is missing: run scripts/train_verdict.py")
    return found


def test_model_file_is_consistent(each_model):
    model = each_model
    assert model.features and len(model.features) == len(model.weights) == len(model.mean) == len(model.scale)
    assert 0.5 <= model.spun_threshold <= 1.0
    assert model.clean_threshold <= model.spun_threshold
    features = document_features(tokenize(CLEAN), [], count_words(CLEAN))
    missing = set(model.features) - set(features.values)
    assert not missing, f"the model uses features the runtime no longer computes: {missing}"


@pytest.mark.parametrize("genre", sorted(MODEL_FILES))
def test_model_file_is_small_and_described(genre: str):
    from unspin.resources import data_path

    path = data_path(MODEL_FILES[genre][0])
    assert path.stat().st_size < 50_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] and data["trained_on"] and data["metrics"]


@pytest.mark.parametrize("genre", sorted(MODEL_FILES))
def test_model_file_matches_the_shipped_span_model(genre: str):
    # The verdict reads the span model's confidences: after retraining that model, the verdict's
    # weights and calibration are stale and must be refitted.
    from unspin.resources import data_path
    from unspin.verdict import span_model_digest

    verdict_file, span_file = MODEL_FILES[genre]
    data = json.loads(data_path(verdict_file).read_text(encoding="utf-8"))
    assert data["span_model_digest"] == span_model_digest(span_file), (
        f"{verdict_file} was trained on another span model: run scripts/train_verdict.py --genre {genre}"
    )


def test_the_span_model_digest_reads_what_scores_and_not_the_notes(tmp_path):
    # Widening the feature probe rewrites every span model file with the same trees: the verdict,
    # which reads their confidences, is no staler for it. New trees are another model.
    from unspin.resources import data_path
    from unspin.verdict import scoring_digest

    shipped = json.loads(data_path("span-model.json").read_text(encoding="utf-8"))
    path = tmp_path / "span-model.json"

    def digest_of(data: dict) -> str:
        path.write_text(json.dumps(data), encoding="utf-8")
        return scoring_digest(path)

    digest = digest_of(shipped)
    assert digest_of({**shipped, "feature_probe": "another", "trained_on": "elsewhere"}) == digest
    assert digest_of(dict(reversed(shipped.items()))) == digest
    assert digest_of({**shipped, "version": shipped["version"] + "+retrained"}) != digest


def test_probability_is_monotone_in_density(each_model):
    model = each_model
    densities = [name for name in DENSITY_FEATURES if name in model.features]
    assert densities, "the model lost every phrase-density feature"
    base = dict(zip(model.features, model.mean, strict=True))
    for name in densities:
        column = model.features.index(name)
        steps = [model.mean[column] + k * model.scale[column] for k in range(-3, 9)]
        probs = [model.probability({**base, name: value}) for value in steps]
        assert all(0.0 <= p <= 1.0 for p in probs)
        assert all(a <= b for a, b in zip(probs, probs[1:], strict=False)), name
    # All densities rising together must raise the probability clearly, not just not lower it.
    high = {
        n: mean + 4 * scale for n, mean, scale in zip(model.features, model.mean, model.scale, strict=True)
    }
    low = model.probability({**base, **{n: 0.0 for n in densities}})
    assert model.probability({**base, **{n: high[n] for n in densities}}) > low


def test_a_text_too_short_for_a_verdict_is_scored_by_the_short_text_calibration(model):
    assert model.short_text is not None, "verdict-model.json has no short-text calibration"
    base = dict(zip(model.features, model.mean, strict=True))
    spun = {n: m + 4 * s for n, m, s in zip(model.features, model.mean, model.scale, strict=True)}
    for values in (base, spun):
        assert model.probability(values, MIN_WORDS) == model.probability(values)
        assert model.probability(values, MIN_WORDS - 1) == model.short_text(
            model.logit(values), MIN_WORDS - 1
        )
    # the short-text scale still ranks texts as the model does
    assert model.probability(spun, 8) > model.probability(base, 8)


@given(st.floats(-20, 20), st.floats(-20, 20), st.integers(1, MIN_WORDS - 1))
def test_short_text_calibration_is_monotone_in_the_logit(low: float, high: float, words: int):
    calibrate = ShortTextCalibration(a=0.4, b=-0.2, c=0.1)
    low, high = sorted((low, high))
    assert 0.0 <= calibrate(low, words) <= calibrate(high, words) <= 1.0


def test_shipped_model_reasons_are_at_most_three(model):
    for count in (0, 2, 20):
        score, label, reasons = verdict(CLEAN, flagged(CLEAN, count))
        assert 1 <= len(reasons) <= MAX_REASONS
        assert all(isinstance(r, str) and r for r in reasons)
        assert label in ("spun", "clean", "uncertain") and 0.0 <= score <= 1.0
    features = document_features(tokenize(CLEAN), flagged(CLEAN, 20), count_words(CLEAN))
    for direction in (-1, 0, 1):
        assert len(strongest_reasons(model, features, direction)) <= MAX_REASONS


def test_reasons_quote_the_clean_prose_the_model_was_measured_on(each_model):
    assert each_model.reference_name in ("clean news", "clean scientific prose")
    features = document_features(tokenize(CLEAN), flagged(CLEAN, 20), count_words(CLEAN))
    reasons = strongest_reasons(each_model, features, 1)
    assert any(f"{each_model.reference_name}: ~" in reason for reason in reasons), reasons


def test_counts_and_length_sit_beside_the_densities_and_read_as_sentences():
    decisions = flagged(CLEAN, 6)
    words = count_words(CLEAN)
    features = document_features(tokenize(CLEAN), decisions, words)
    assert features.values["length"] == words / 100
    for name in PHRASE_LEVELS:
        assert features.values[f"{name}_count"] == features.counts[name]
        assert features.values[name] == pytest.approx(100 * features.counts[name] / words)
    assert features.values["likely_lemmas_count"] >= features.values["confident_lemmas_count"] > 0
    for name in ("likely_lemmas_count", "confident_phrases_count", "thesaurus_phrases_count", "length"):
        text = describe(name, features)
        assert not text.startswith(f"{name} ="), text  # a sentence, not the fallback
    assert describe("length", features).startswith(f"{words} words")


def test_why_a_text_is_too_short_counts_its_words_in_english():
    assert too_little_evidence(1, 1) == f"only 1 word: too short to judge (needs {MIN_WORDS})"
    assert too_little_evidence(2, 2) == f"only 2 words: too short to judge (needs {MIN_WORDS})"
    assert too_little_evidence(MIN_WORDS, 20) is None


def test_load_model_missing_file(tmp_path):
    assert load_model(tmp_path / "nope.json") is None


# --- calibration maps -------------------------------------------------------------------------

POINTS = ((-3.0, 0.02), (-1.0, 0.1), (0.0, 0.4), (0.5, 0.4), (2.0, 0.97))


def test_interpolation_is_monotone_and_bounded():
    xs = [x / 10 for x in range(-60, 61)]
    ys = [interpolate(POINTS, x) for x in xs]
    assert all(0.0 <= y <= 1.0 for y in ys)
    assert all(a <= b for a, b in zip(ys, ys[1:], strict=False))
    assert interpolate(POINTS, -100.0) == 0.02 and interpolate(POINTS, 100.0) == 0.97
    assert interpolate(POINTS, -2.0) == pytest.approx(0.06)
    assert interpolate(POINTS, 0.25) == pytest.approx(0.4)


def test_isotonic_calibration_from_unsorted_points_and_clamped():
    calibration = Calibration.from_dict({"kind": "isotonic", "points": [[2, 1.2], [-2, -0.1], [0, 0.5]]})
    values = [calibration(x / 4) for x in range(-20, 21)]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(a <= b for a, b in zip(values, values[1:], strict=False))


def test_platt_calibration_is_monotone():
    calibration = Calibration.from_dict({"kind": "platt", "a": 0.7, "b": -0.3})
    values = [calibration(x) for x in range(-50, 51)]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(a <= b for a, b in zip(values, values[1:], strict=False))


def test_shipped_calibration_is_monotone(each_model):
    values = [each_model.calibration(x / 10) for x in range(-100, 101)]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(a <= b for a, b in zip(values, values[1:], strict=False))


def test_unknown_calibration_kind_is_rejected():
    with pytest.raises(ValueError):
        Calibration.from_dict({"kind": "magic"})


def test_features_are_finite_on_odd_input():
    for text in ("", "...", "123 456", "a", CLEAN):
        tokens = tokenize(text)
        features = document_features(tokens, [], count_words(text))
        assert isinstance(features, DocumentFeatures)
        assert all(value == value and abs(value) < 1e6 for value in features.values.values())


def test_word_features_take_each_content_words_best_window():
    tokens = tokenize("The firm announced a big profit.")
    index = {t.text: i for i, t in enumerate(tokens)}
    decisions = [
        decision_at(0.6, index["firm"], index["announced"]),
        decision_at(0.1, index["firm"], index["firm"]),  # lower: "firm" keeps 0.6
        decision_at(0.9, index["The"], index["The"]),  # a function word: not counted
    ]
    # content words: firm, announced, big, profit
    values = word_features(tokens, decisions)
    assert values["mean_word_confidence"] == pytest.approx((0.6 + 0.6) / 4)
    assert values["suspect_words"] == pytest.approx(2 / 4)
    assert set(word_features(tokens, []).values()) == {0.0}


def test_lemma_shares_count_each_content_word_once_at_its_best():
    # a table-driven spinner writes one synonym everywhere: per lemma, "firm" x 3 is one spun word
    tokens = tokenize("The firm said the firms rose, and the firm is big.")
    index = {t.text: i for i, t in enumerate(tokens)}  # last occurrence of each
    firms = [i for i, t in enumerate(tokens) if t.norm in ("firm", "firms")]
    decisions = [decision_at(0.6, i, i) for i in firms[:2]] + [decision_at(0.9, index["big"], index["big"])]
    # content lemmas: firm, said, rise, big (the function words and "is" are not counted)
    values = word_features(tokens, decisions)
    assert values["possible_lemmas"] == pytest.approx(2 / 4)
    assert values["likely_lemmas"] == pytest.approx(2 / 4)
    assert values["confident_lemmas"] == pytest.approx(1 / 4)


def test_a_repeated_phrase_counts_once():
    text = "The gadget works. Gadgets sell, and the gadget is cheap."
    tokens = tokenize(text)
    at = [i for i, t in enumerate(tokens) if t.norm in ("gadget", "gadgets", "cheap")]
    features = document_features(tokens, [decision_at(0.9, i, i) for i in at], count_words(text))
    assert features.counts["likely_phrases"] == 2  # gadget (three times, two forms) and cheap


WORDS = "the firm gadget gadgets said profits rose Paris of cheap bosom peril".split()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 2), st.floats(0.0, 1.0)), max_size=30),
)
def test_document_features_stay_in_range(words, raw_decisions):
    text = " ".join(words) + "."
    tokens = tokenize(text)
    last = len(tokens) - 1
    decisions = [
        decision_at(conf, min(first, last), min(first + extra, last)) for first, extra, conf in raw_decisions
    ]
    features = document_features(tokens, decisions, count_words(text))
    for name in (
        "mean_word_confidence",
        "suspect_words",
        "possible_lemmas",
        "likely_lemmas",
        "confident_lemmas",
    ):
        assert 0.0 <= features.values[name] <= 1.0, name
    # distinct phrases: never more than the decisions, and each level within the one below it
    levels = [features.counts[name] for name in ("confident_phrases", "likely_phrases", "possible_phrases")]
    assert levels == sorted(levels) and levels[-1] <= len(decisions)


def test_text_features_see_a_spinners_pairs_and_inflections():
    clean, clean_counts = text_features(tokenize("The company announced its results and the shares rose."))
    spun, spun_counts = text_features(tokenize("The firm announce its upshots and the portions ascended."))
    assert clean_counts["pairs"] == spun_counts["pairs"] == 8
    assert clean["unseen_pairs"] == 0 and spun["unseen_pairs"] > 0.3
    # "firm announce" reads right as "firm announced": the spinner dropped the inflection
    assert clean["inflection_hints"] == 0 and spun_counts["hints"] >= 1
    assert spun["uncommon_content"] > clean["uncommon_content"]


def test_thesaurus_phrases_nobody_writes_are_counted_once_each():
    # "hired car" is a thesaurus phrase no bigram list counts; "carry out" one that real text uses
    text = "They carry out the work. The hired car broke down, so the hired car went back. Hired. Car parks."
    assert uncounted_thesaurus_phrases(tokenize(text)) == ["hired car"]  # once, though written twice
    # only inside a run of ordinary words: not across punctuation, not in a name
    assert uncounted_thesaurus_phrases(tokenize("It was hired, car and all, by Hired Car Ltd.")) == []
    assert uncounted_thesaurus_phrases(tokenize(CLEAN)) == []
    features = document_features(tokenize(text), [], count_words(text))
    assert features.counts["thesaurus_phrases"] == 1
    assert features.values["thesaurus_phrases"] == pytest.approx(100 / count_words(text))
    assert "“hired car”" in describe("thesaurus_phrases", features)


# --- the list's own evidence ------------------------------------------------------------------

LISTED_TEXT = (
    "The study used counterfeit consciousness to screen patients for bosom peril. In the clinic, "
    "the counterfeit consciousness system flagged more cases than the doctors did, and every case "
    "of bosom peril it found was checked by hand. The authors say the tool could help hospitals "
    "with few specialists, though they warn that it was trained on patients from one country."
)


def listed_decisions(text: str, phrases: list[str], listed: bool = True) -> list[Decision]:
    """A decision at 0.99 on each occurrence of each of ``phrases`` (two words each) in ``text``."""
    tokens = tokenize(text)
    words = [(i, t.norm) for i, t in enumerate(tokens) if t.kind == "word"]
    found = []
    for phrase in phrases:
        first, second = phrase.split(" ")
        for (i, a), (j, b) in zip(words, words[1:]):
            if (a, b) == (first, second):
                found.append(decision_at(0.99, i, j, listed=listed, words=(a, b)))
    return found


@given(st.integers(1, 8), st.integers(1, 500_000))
def test_the_chance_of_listed_phrases_in_clean_text_is_a_poisson_tail(count: int, words: int) -> None:
    chance = chance_in_clean(count, words)
    assert 0.0 <= chance <= 1.0
    assert chance_in_clean(count + 1, words) <= chance <= chance_in_clean(count, words + 1000)
    if count == 1:
        expected = 1e-5 * words  # LISTED_RATE_IN_CLEAN: 1 - exp(-expected)
        assert chance == pytest.approx(-math.expm1(-expected), rel=1e-9)


@pytest.mark.parametrize("model", ["shipped", None, TOY_MODEL])
def test_two_listed_phrases_call_a_text_spun_and_say_which(model) -> None:
    kwargs = {} if model == "shipped" else {"model": model}
    decisions = listed_decisions(LISTED_TEXT, ["counterfeit consciousness", "bosom peril"])
    score, label, reasons = verdict(LISTED_TEXT, decisions, **kwargs)
    assert label == "spun" and score > 0.999
    assert reasons[0].startswith("2 listed tortured phrases")
    # each phrase once, though the text uses each twice, in the order the text first has them
    assert ": “counterfeit consciousness”, “bosom peril”;" in reasons[0]
    assert len(reasons) <= MAX_REASONS


def test_the_prose_score_is_the_models_own_without_the_lists_phrases() -> None:
    tokens, words = tokenize(LISTED_TEXT), count_words(LISTED_TEXT)
    listed = judge_document(
        tokens, listed_decisions(LISTED_TEXT, ["counterfeit consciousness", "bosom peril"]), words
    )
    unlisted = judge_document(
        tokens,
        listed_decisions(LISTED_TEXT, ["counterfeit consciousness", "bosom peril"], listed=False),
        words,
    )
    assert listed.prose_score == unlisted.score == unlisted.prose_score
    # the list's phrases score the text by their own chance in clean text, where that is higher
    assert listed.score == max(listed.prose_score, 1 - chance_in_clean(2, words))
    assert listed.reasons[0].startswith("2 listed tortured phrases") and listed.verdict == "spun"


def test_one_listed_phrase_or_one_used_twice_decides_nothing() -> None:
    for phrases in (["bosom peril"], ["counterfeit consciousness"]):
        decisions = listed_decisions(LISTED_TEXT, phrases)
        assert len(decisions) == 2  # the phrase is used twice
        assert verdict(LISTED_TEXT, decisions) == verdict(
            LISTED_TEXT, listed_decisions(LISTED_TEXT, phrases, listed=False)
        )


def test_a_listed_phrase_written_apart_and_joined_by_hyphens_is_one_phrase() -> None:
    text = LISTED_TEXT.replace("every case of bosom peril", "every bosom-peril case")
    tokens = tokenize(text)
    joined = next(i for i, t in enumerate(tokens) if t.norm == "bosom-peril")
    decisions = [
        *listed_decisions(text, ["bosom peril"]),
        decision_at(0.99, joined, joined, listed=True, words=("bosom-peril",)),
    ]
    assert listed_phrases(tokens, decisions) == ["bosom peril"]


def test_a_longer_text_needs_more_listed_phrases() -> None:
    tokens = tokenize(LISTED_TEXT)
    decisions = listed_decisions(LISTED_TEXT, ["counterfeit consciousness", "bosom peril"])
    assert listed_verdict(tokens, decisions, 300) is not None
    # a book holds a chance listed phrase every 100,000 words or so: two decide nothing there
    assert listed_verdict(tokens, decisions, 400_000) is None


def test_a_listed_phrase_of_everyday_english_is_no_evidence_for_the_rule() -> None:
    # "search engine" is listed (for "machine learning") but counted in real text: not trusted
    text = LISTED_TEXT.replace("counterfeit consciousness", "search engine")
    decisions = listed_decisions(text, ["search engine", "bosom peril"])
    assert listed_verdict(tokenize(text), decisions, count_words(text)) is None
