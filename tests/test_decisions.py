import math
import random

import pytest

from unspin.candidates import Candidate, Window
from unspin.decisions import (
    LISTED_CONFIDENCE,
    Decision,
    SpanModel,
    decide,
    rank_groups,
    span_model,
    with_document_prior,
)
from unspin.evidence import FEATURES, MAX_REPEATS, assess, context_detail, lemma_counts, window_repetition


def _decision(confidence: float, source: str = "thesaurus") -> Decision:
    window = Window(0, 0, ("profound",), "a", "breath")
    assessment = assess(window, Candidate(("deep",), source, ("w3",)), name_like=False)
    return Decision(assessment, confidence, (("deep", confidence),))


def test_document_prior_moves_confidence_with_the_document_score() -> None:
    decision = _decision(0.6)
    assert with_document_prior(decision, 0.99).confidence > 0.6
    assert with_document_prior(decision, 0.01).confidence < 0.6
    assert abs(with_document_prior(decision, 0.5).confidence - 0.6) < 1e-9


def test_listed_phrases_keep_their_confidence() -> None:
    window = Window(0, 0, ("fifth-age",), "a", "network")  # a listed word no frequency list knows
    assessment = assess(window, Candidate(("fifth-generation",), "fingerprint", ("f",)), name_like=False)
    decision = Decision(assessment, 0.99, (("fifth-generation", 0.99),))
    assert with_document_prior(decision, 0.01).confidence == 0.99
    everyday = _decision(0.99, source="fingerprint")  # "profound" listed alone: the model's call
    assert with_document_prior(everyday, 0.01).confidence < 0.99


def test_evidence_explains_the_thesaurus_link_and_the_context() -> None:
    evidence = _decision(0.9).assessment.evidence("profound")
    kinds = [e.kind for e in evidence]
    assert kinds == ["thesaurus", "context"]
    assert "WordNet" in evidence[0].detail


def test_word_odds_features_read_the_changed_restoring_and_surrounding_words() -> None:
    window = Window(0, 1, ("profound", "learning"), "a", "machine")
    odds = {"profound": 2.0, "deep": -1.5, "learning": 0.5, "machine": 1.0}
    features = assess(
        window, Candidate(("deep", "learning"), "thesaurus", ("w3", "")), False, word_odds=odds
    ).features
    assert features["tortured_word_odds"] == 2.0
    assert features["restored_word_odds"] == -1.5
    assert features["technical_context"] == 0.0  # "learning" and "machine" lean tortured: no pull
    technical = assess(
        window, Candidate(("deep", "learning"), "thesaurus", ("w3", "")), False, word_odds={"machine": -2.0}
    )
    assert technical.features["technical_context"] == -2.0
    assert (
        assess(window, Candidate(("deep", "learning"), "thesaurus", ("w3", "")), False).features[
            "tortured_word_odds"
        ]
        == 0.0
    )


def test_window_repetition_counts_the_least_repeated_word_of_the_window_by_lemma() -> None:
    from unspin.tokens import tokenize

    text = "The exponent grows. Exponents of a large number: the exponent is an integer exponent."
    counts = lemma_counts(tokenize(text))
    assert window_repetition(Window(1, 1, ("exponent",), "the", "grows"), counts) == 4.0
    assert window_repetition(Window(0, 1, ("integer", "exponent"), "an", None), counts) == 1.0
    assert window_repetition(Window(0, 0, ("unseen",), None, None), counts) == 1.0
    assert window_repetition(Window(0, 0, ("the",), None, None), {"the": 50}) == MAX_REPEATS


def test_the_checker_gives_repetition_to_running_text_only() -> None:
    from unspin.pipeline import Checker
    from unspin.tokens import tokenize

    prose = (
        "The exponent of the result is adjusted, so that its exponent stays in range; an exponent "
        "outside it is an error, and the exponent is reported to the caller."
    )
    found = {g[0].window.words: g[0].features["repeated"] for g in Checker().assessments(tokenize(prose))}
    assert found.get(("exponent",)) == 4.0
    phrase = {
        g[0].window.words: g[0].features["repeated"] for g in Checker().assessments(tokenize("exponent"))
    }
    assert phrase == {("exponent",): 0.0}  # a phrase on its own has no document to repeat in


def test_evidence_tells_a_spinners_word_from_the_list() -> None:
    window = Window(0, 0, ("profound",), "a", "breath")
    assessment = assess(
        window, Candidate(("deep",), "thesaurus", ("w3",)), False, word_odds={"profound": 2.3}
    )
    told = [e.detail for e in assessment.evidence("profound") if e.kind == "learned"]
    assert told == [
        "a rewritten word turns up about 10 times as often in listed tortured phrases "
        "as in their expected wording"
    ]
    assert not [e for e in _decision(0.9).assessment.evidence("profound") if e.kind == "learned"]


def test_a_listed_phrase_outranks_any_model_candidate_of_its_window() -> None:
    window = Window(0, 1, ("bosom", "peril"), None, None)
    listed = assess(window, Candidate(("breast cancer", ""), "fingerprint", ("f",)), False)
    guessed = assess(window, Candidate(("chest", "danger"), "thesaurus", ("w2", "m3")), False)
    decision = decide([guessed, listed], [0.999, LISTED_CONFIDENCE])
    assert decision is not None
    assert decision.assessment is listed and decision.confidence == LISTED_CONFIDENCE
    assert [text for text, _ in decision.alternatives] == ["breast cancer", "chest danger"]


def test_the_ranker_orders_a_windows_restorations_and_the_confidence_stays_the_windows() -> None:
    window = Window(0, 0, ("colossal",), "a", "benefit")
    huge, big, vast = (
        assess(window, Candidate((word,), "thesaurus", ("w",)), False) for word in ("huge", "big", "vast")
    )
    confidences = [0.95, 0.7, 0.4]
    by_confidence = decide([huge, big, vast], confidences)
    ranked = decide([huge, big, vast], confidences, margins=[0.1, 2.0, -1.0])
    assert by_confidence is not None and ranked is not None
    assert by_confidence.assessment is huge
    assert ranked.assessment is big and ranked.confidence == 0.95  # the window is as likely spun
    assert [text for text, _ in ranked.alternatives] == ["big", "huge", "vast"]
    scores = [score for _, score in ranked.alternatives]
    assert scores == pytest.approx([0.95, 0.95 * 0.9, 0.95 * 0.81]) and scores == sorted(scores, reverse=True)
    # a trusted listing still comes first whatever the ranker says
    phrase = Window(0, 1, ("bosom", "peril"), None, None)
    listed = assess(phrase, Candidate(("breast cancer", ""), "fingerprint", ("f",)), False)
    guessed = assess(phrase, Candidate(("chest", "danger"), "thesaurus", ("w2", "m3")), False)
    first = decide([guessed, listed], [0.999, LISTED_CONFIDENCE], margins=[5.0, -5.0])
    assert first is not None and first.assessment is listed and first.confidence == LISTED_CONFIDENCE


def test_rank_groups_scores_windows_with_a_choice_only() -> None:
    window = Window(0, 0, ("colossal",), "a", "benefit")
    one = [assess(window, Candidate(("huge",), "thesaurus", ("w",)), False)]
    two = one + [assess(window, Candidate(("big",), "thesaurus", ("w",)), False)]
    margins = rank_groups([one, two], _tiny_model())
    assert margins[0] is None and margins[1] is not None and len(margins[1]) == 2


def _tiny_model() -> SpanModel:
    # one stump on "gain" (left: -1, right: +2) and one leaf-only tree (+0.5)
    return SpanModel(
        feature=[FEATURES.index("gain"), -1, -1, -1],
        threshold=[1.0, 0.0, 0.0, 0.0],
        left=[1, 1, 2, 3],
        right=[2, 1, 2, 3],
        value=[0.0, -1.0, 2.0, 0.5],
        trees=[0, 3],
        bias=0.1,
        version="tiny",
        depth=1,
    )


def test_span_model_adds_the_leaves_each_row_reaches() -> None:
    model = _tiny_model()
    low = dict.fromkeys(FEATURES, 0.0)
    high = {**low, "gain": 3.0}
    assert model.confidence(low) == pytest.approx(1 / (1 + math.exp(-(0.1 - 1.0 + 0.5))))
    assert model.confidence(high) == pytest.approx(1 / (1 + math.exp(-(0.1 + 2.0 + 0.5))))
    rows = [[row[name] for name in FEATURES] for row in (low, high, low)]
    assert model.confidences(rows) == pytest.approx(
        [model.confidence(low), model.confidence(high), model.confidence(low)]
    )
    assert SpanModel.from_dict(model.to_dict()) == model


def test_span_model_refuses_a_file_for_other_features() -> None:
    data = _tiny_model().to_dict()
    data["features"] = ["gain"]
    with pytest.raises(ValueError, match="other features"):
        SpanModel.from_dict(data)


def _walk(model: SpanModel, row: list[float]) -> float:
    """The margin of one row, following the stored node lists (the reference for the fast layout)."""
    margin = model.bias
    for root in model.trees:
        node = root
        while model.feature[node] >= 0:
            goes_left = row[model.feature[node]] <= model.threshold[node]
            node = model.left[node] if goes_left else model.right[node]
        margin += model.value[node]
    return margin


def test_shipped_span_model_reaches_the_leaves_a_walk_of_its_nodes_reaches() -> None:
    model = span_model()
    rng = random.Random(3)
    rows = [[rng.uniform(-6.0, 9.0) for _ in FEATURES] for _ in range(300)]
    # whole-number values hit thresholds exactly, where "at most" must go left
    rows += [[float(rng.randint(-5, 8)) for _ in FEATURES] for _ in range(300)]
    assert model.margins(rows) == pytest.approx([_walk(model, row) for row in rows], abs=1e-9)


def test_context_evidence_quotes_a_second_neighbour_when_a_fixed_phrase_reaches_it() -> None:
    restored = Candidate(("state",), "thesaurus", ("m",))
    wide = assess(
        Window(3, 3, ("condition",), "of", "met", "secretary", "reporters"), restored, name_like=True
    )
    narrow = assess(Window(3, 3, ("condition",), "of", "met"), restored, name_like=True)
    assert "“secretary of state met” is" in context_detail(wide)
    assert "“secretary of condition met”" in context_detail(wide)
    assert "“of state met” is" in context_detail(narrow)
    # the fixed phrase makes the restoration likelier still
    assert wide.gain > narrow.gain + 0.5
    # a second neighbour that completes no fixed phrase stays out of the quote
    other = assess(Window(3, 3, ("condition",), "of", "met", "report", "reporters"), restored, name_like=True)
    assert "“of state met” is" in context_detail(other)
