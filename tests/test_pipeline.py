"""The core API: offsets, byte-identical restoration, restorations in context."""

import doctest
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stumps import stump

import unspin
from unspin import pipeline
from unspin.candidates import PHRASE_BUDGET, RUNNING_TEXT_BUDGET
from unspin.decisions import LISTED_CONFIDENCE
from unspin.fingerprints import parse, shipped
from unspin.genre import guess_genre
from unspin.pipeline import Checker, is_phrase
from unspin.report import Span
from unspin.tokens import tokenize, word_count
from unspin.verdict import Judgement, document_verdict, judge_document
from unspin.verdict import shipped_model as shipped_verdict_model

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CLEAN = "The company said profits rose sharply in the third quarter, helped by strong sales.\n"


def test_docstring_example() -> None:
    assert doctest.testmod(unspin).failed == 0


def test_clean_text_comes_back_byte_for_byte() -> None:
    assert unspin.check(CLEAN).spans == ()
    assert unspin.restore(CLEAN) == CLEAN
    assert unspin.restore("") == ""


def test_unlisted_tortured_phrase_is_found_and_restored_in_context() -> None:
    # "bosom peril" is not on the shipped list: thesaurus inversion, learned substitutions and context
    assert not any(f.tortured == "bosom peril" for f in shipped())
    # a sentence is running text, whose confidences run lower than a phrase's (bench section 1b)
    report = unspin.check("Patients with bosom peril were treated.", min_confidence=0.5)
    assert [(s.text, s.suggestion) for s in report.spans] == [("bosom peril", "breast cancer")]
    kinds = {e.kind for e in report.spans[0].evidence}
    assert "fingerprint" not in kinds
    assert "context" in kinds


def test_a_name_the_thesauri_list_is_read_with_two_words_of_context() -> None:
    # "secretary of" + "state" is a fixed phrase: one word of context ("of condition") does not show it
    report = unspin.check(
        "On Monday the Secretary of Condition met reporters in Brussels.", min_confidence=0.0
    )
    span = next(s for s in report.spans if s.text == "Condition")
    assert span.suggestion == "State"
    context = [e.detail for e in span.evidence if e.kind == "context"]
    assert context and context[0].startswith("“secretary of state met” is")


def test_a_learned_substitution_shows_a_listed_entry_that_taught_it() -> None:
    listing = [
        "profound learning\tdeep learning\n",
        "profound nets\tdeep nets\n",
        "bosom peril\tbreast cancer\n",
    ]
    report = Checker(fingerprints=parse(listing)).check(
        "a profound breath", min_confidence=0.0, as_phrase=True
    )
    details = [e.detail for s in report.spans for e in s.evidence if e.kind == "learned"]
    assert details == [
        "“profound” stood for “deep” in 2 listed tortured phrase(s), such as “profound nets” for “deep nets”"
    ]


def test_a_stretch_the_list_taught_for_one_word_is_restored_as_that_word_with_its_evidence() -> None:
    listing = [
        "species recognizable proof\tspecies identification\n",
        "crop recognizable proof\tcrop identification\n",
    ]
    report = Checker(fingerprints=parse(listing)).check(
        "face recognizable proof", min_confidence=0.0, as_phrase=True
    )
    assert [(s.text, s.suggestion) for s in report.spans] == [("recognizable proof", "identification")]
    details = [e.detail for s in report.spans for e in s.evidence if e.kind == "learned"]
    assert details == [
        "“recognizable proof” stood for “identification” in 2 listed tortured phrase(s), "
        "such as “crop recognizable proof” for “crop identification”"
    ]
    # without the list's teaching no thesaurus gives the stretch that word
    untaught = Checker(fingerprints=[]).check("face recognizable proof", min_confidence=0.0, as_phrase=True)
    assert "identification" not in [s.suggestion for s in untaught.spans]


def test_an_unlisted_tortured_phrase_on_its_own_is_found_at_the_default_threshold() -> None:
    report = unspin.check("patients with bosom peril")
    assert [(s.text, s.suggestion) for s in report.spans] == [("bosom peril", "breast cancer")]


def test_without_any_list_the_thesaurus_and_context_still_find_a_spun_word() -> None:
    report = Checker(fingerprints=[]).check("she took a profound breath", min_confidence=0.5, as_phrase=True)
    best = max(report.spans, key=lambda s: s.confidence)
    assert (best.text, best.suggestion) == ("profound", "deep")


def test_fingerprint_matches_any_case_and_inflection() -> None:
    checker = Checker(fingerprints=parse(["sagacious grid\tsmart grid\n"]))
    report = checker.check("Two Sagacious Grids were deployed.")
    span = report.spans[0]
    assert (span.text, span.suggestion) == ("Sagacious Grids", "Smart Grids")
    assert any(e.kind == "fingerprint" for e in span.evidence)


def test_the_stem_of_a_glued_negation_is_never_restored() -> None:
    # "can" of "can't" has the heads of the container ("bathroom"), none of which takes "n't"
    checker = unspin.Checker(fingerprints=(), min_confidence=0.0)
    for text in ("can't stand discourse", "They won\u2019t say and didn't ask."):
        searched = [s.window.words for s in checker.searches(tokenize(text)) if s.searched]
        assert not any({"can", "won", "didn"} & set(words) for words in searched), text
        assert not any(s.text in ("can", "won", "didn") for s in checker.check(text).spans)
    # the word after it is searched as before
    assert any("discourse" in s.text.split() for s in checker.check("can't stand discourse").spans)


def test_a_listed_phrase_across_a_clitic_or_a_possessive_apostrophe_is_found() -> None:
    # the list writes "alzheimer's", "can't", "baselines'" as one word; the tokens split them
    listing = ["alzheimer's ailment\talzheimer's disease\n", "can't stand discourse\thate speech\n"]
    listing.append("baselines' scores of bilingual evaluation\tbilingual evaluation understudy\n")
    checker = Checker(fingerprints=parse(listing))
    for text, spun, restored in [
        (
            "Two had Alzheimer\u2019s ailment.",
            "Alzheimer\u2019s ailment",
            "Two had Alzheimer\u2019s disease.",
        ),
        ("They can't stand discourse online.", "can't stand discourse", "They hate speech online."),
        (
            "The baselines' scores of bilingual evaluation rose.",
            "baselines' scores of bilingual evaluation",
            "The bilingual evaluation understudy rose.",
        ),
    ]:
        report = checker.check(text)
        assert [s.text for s in report.spans] == [spun]
        assert any(e.kind == "fingerprint" for e in report.spans[0].evidence)
        assert report.restored() == restored
    # in the possessive too: the phrase ends before the last word's "'s"
    report = checker.check("The Alzheimer\u2019s ailment\u2019s course was slow.")
    assert [s.text for s in report.spans] == ["Alzheimer\u2019s ailment"]
    assert report.restored() == "The Alzheimer\u2019s disease\u2019s course was slow."
    # the same words without the clitic are no listed phrase
    plain = checker.check("Two had Alzheimer ailment.")
    assert not any(e.kind == "fingerprint" for span in plain.spans for e in span.evidence)
    # numbers and punctuation inside a listed phrase; the text's own spelling of a word it keeps
    numbers = Checker(
        fingerprints=parse(["co2 effluent\tco2 emission\n", "amiable, atypical\tbenign, atypical\n"])
    )
    assert numbers.check("The CO2 effluent rose.").restored() == "The CO2 emission rose."
    assert numbers.check("Cells were amiable, atypical.").restored() == "Cells were benign, atypical."
    # an abbreviation's full stop inside a listed phrase ends no sentence
    abbreviated = Checker(fingerprints=parse(["sq. accreditation\tsquare measure\n"]))
    assert abbreviated.check("The sq. accreditation rose.").restored() == "The square measure rose."
    # a listed phrase in the possessive is still found by its words
    possessive = Checker(fingerprints=parse(["profound neural organization\tdeep neural network\n"]))
    report = possessive.check("The profound neural organization's accuracy rose.")
    assert report.restored() == "The deep neural network's accuracy rose."


def test_a_listed_phrase_is_found_as_the_first_part_of_a_compound_with_a_participle() -> None:
    checker = Checker(
        fingerprints=parse(["profound learning\tdeep learning\n", "coaching set\ttraining set\n"])
    )
    report = checker.check("Profound learning-based models and profound learning-driven ones won.")
    assert [s.text for s in report.spans] == ["Profound learning-based", "profound learning-driven"]
    assert report.restored() == "Deep learning-based models and deep learning-driven ones won."
    # the evidence quotes what the list holds, not the compound
    detail = report.spans[0].evidence[0].detail
    assert detail.startswith("“Profound learning” (in “Profound learning-based”) is a listed tortured phrase")
    assert "for “deep learning”" in detail
    # a compound of another kind is a word of its own: "set-up" is no "set"
    assert not checker.check("The coaching set-up and the coaching set-piece changed.").spans
    # a listed phrase of one word is no first part of a compound
    single = Checker(fingerprints=parse(["woodland\tforest\n"]))
    assert not any(
        e.kind == "fingerprint"
        for span in single.check("A woodland-based study of birds.").spans
        for e in span.evidence
    )


def test_a_listed_phrase_is_found_written_as_one_word_joined_by_hyphens() -> None:
    checker = Checker(fingerprints=parse(["profound learning\tdeep learning\n", "woodland\tforest\n"]))
    report = checker.check("A profound-learning model beat profound-learning-based ones.")
    assert [s.text for s in report.spans] == ["profound-learning", "profound-learning-based"]
    # restored as written: one word, the parts' inflection and a participle's compound kept
    assert report.restored() == "A deep-learning model beat deep-learning-based ones."
    assert checker.check("Profound-learnings failed.").restored() == "Deep-learnings failed."
    # ending in a participle, read part by part too, not only as a compound's head
    linked = Checker(fingerprints=parse(["absolutely linked\tfully connected\n"]))
    assert linked.check("The absolutely-linked layer.").restored() == "The fully-connected layer."
    detail = report.spans[0].evidence[0].detail
    assert detail.startswith("“profound-learning” is a listed tortured phrase for “deep-learning”, its words")
    # a listed phrase of one word is not joined to another one: "woodland-bird" holds no listing
    assert not any(
        e.kind == "fingerprint"
        for span in checker.check("A woodland-bird study.").spans
        for e in span.evidence
    )


def test_an_indefinite_article_is_made_to_agree_with_the_restoration() -> None:
    checker = Checker(fingerprints=parse(["blunder term\terror term\n"]))
    report = checker.check("We fit a blunder term. A  blunder term fits.")
    assert [s.text for s in report.spans] == ["a blunder term", "A  blunder term"]
    assert report.restored() == "We fit an error term. An  error term fits."
    assert report.spans[0].alternatives[0].text == "an error term"
    # an article that agrees with the restoration already, or with neither, is no part of the edit
    for text in ("We fit an blunder term.", "We fit the blunder term."):
        assert [s.text for s in checker.check(text).spans] == ["blunder term"]


def test_an_article_changed_to_agree_with_a_spun_word_is_left_when_the_word_is_restored() -> None:
    text = "an blunder term and a blunder term"
    spans = [
        Span(0, 2, "an", "a", 0.9),
        Span(3, 15, "blunder term", "error term", 0.99),
        Span(20, 21, "a", "an", 0.9),
        Span(22, 34, "blunder term", "oversight term", 0.99),
    ]
    kept = pipeline.with_agreeing_articles(text, tokenize(text), spans)
    # the written "an" agrees with "error term": its span goes; "a" -> "an" agrees with "oversight
    # term", and stays
    assert [s.text for s in kept] == ["blunder term", "a", "blunder term"]
    assert kept == (spans[1], spans[2], spans[3])


def test_a_listed_phrase_with_a_hyphen_is_found_written_with_a_space() -> None:
    checker = Checker(fingerprints=parse(["actual-time feedback\treal-time feedback\n"]))
    for text in ("The actual time feedback helped.", "The actual-time feedback helped."):
        report = checker.check(text)
        assert any(e.kind == "fingerprint" for span in report.spans for e in span.evidence)
        assert report.restored() == "The real-time feedback helped."


def test_a_listed_phrase_that_is_everyday_english_needs_more_than_the_listing() -> None:
    listing = ["search engine\tmachine learning\n", "sagacious grid\tsmart grid\n"]
    checker = Checker(fingerprints=parse(listing))
    text = "The search engine was used to find the sagacious grid."
    decisions = checker.decisions(text)[1]
    confidence = {d.assessment.window.words: d.confidence for d in decisions}
    assert confidence[("sagacious", "grid")] == LISTED_CONFIDENCE
    assert confidence.get(("search", "engine"), 0.0) < 0.5


def test_a_listed_word_is_trusted_only_when_it_is_no_word_of_everyday_english() -> None:
    listing = ["bunches\tgroups\n", "fifth-age\tfifth-generation\n"]
    checker = Checker(fingerprints=parse(listing))
    decisions = checker.decisions("It returns a Bunch object built from fifth-age networks.")[1]
    confidence = {d.assessment.window.words: d.confidence for d in decisions}
    assert confidence[("fifth-age",)] == LISTED_CONFIDENCE
    assert confidence.get(("bunch",), 0.0) < 0.9


def test_a_listing_the_list_contradicts_is_evidence_for_the_model_not_proof() -> None:
    listing = [
        "dimensionality reduction\tdiabetic retinopathy\n",
        "dimension cut pipeline\tdimensionality reduction pipeline\n",
    ]
    text = "We applied dimensionality reduction before clustering the points."
    contested = Checker(fingerprints=parse(listing)).decisions(text)[1]
    trusted = Checker(fingerprints=parse(listing[:1])).decisions(text)[1]
    key = ("dimensionality", "reduction")
    assert {d.assessment.window.words: d.confidence for d in trusted}[key] == LISTED_CONFIDENCE
    decision = next(d for d in contested if d.assessment.window.words == key)
    assert decision.assessment.candidate.contested and decision.confidence < 0.9


def test_a_listed_phrase_broken_by_a_hard_wrap_or_a_line_end_hyphen_is_found() -> None:
    checker = Checker(fingerprints=parse(["sagacious grid\tsmart grid\n"]))
    wrapped = "We deployed two sagacious\ngrids last year."
    hyphenated = "We deployed two saga-\ncious grids last year."
    for text in (wrapped, hyphenated):
        span = checker.check(text).spans[0]
        assert (text[span.start : span.end], span.suggestion) == (span.text, "smart grids")
        assert checker.check(text).restored() == "We deployed two smart grids last year."


def test_a_listed_phrase_typeset_with_a_ligature_or_a_soft_hyphen_is_found() -> None:
    checker = Checker(fingerprints=parse(["sagacious filter\tsmart filter\n"]))
    for text in ("Two sagacious ﬁlters were used.", "Two saga\u00adcious filters were used."):
        span = checker.check(text).spans[0]
        assert (text[span.start : span.end], span.suggestion) == (span.text, "smart filters")


# Names in mid-sentence, for the wraps that put a capital at the start of a line.
NAMED = (
    " Officials from the Department of Health met the Secretary of State in New York on Monday, and"
    " the European Commission said that the World Health Organization would review the study."
)


def test_hard_wrapping_a_text_changes_no_span_and_no_score() -> None:
    """Line breaks put in place of spaces, as a wrapping tool puts them, leave every decision as it
    was: the report's offsets, restorations, confidences and score."""
    text = (EXAMPLES / "spun.txt").read_text(encoding="utf-8").rstrip() + NAMED
    before = unspin.check(text, min_confidence=0.3)
    assert before.spans
    capitals_wrapped = 0
    for width in range(40, 80, 6):
        wrapped = _hard_wrapped(text, width)
        assert wrapped.count("\n") > text.count("\n") + 10
        capitals_wrapped += len(re.findall(r"[a-z,]\n[A-Z]", wrapped))
        after = unspin.check(wrapped, min_confidence=0.3)
        assert [(s.start, s.end, s.suggestion, s.confidence) for s in after.spans] == [
            (s.start, s.end, s.suggestion, s.confidence) for s in before.spans
        ]
        assert after.score == before.score
    assert capitals_wrapped >= 3  # names wrapped onto a new line mid-sentence


def _hard_wrapped(text: str, width: int) -> str:
    """``text`` with a line break in place of each space before a word that would cross ``width``
    columns, greedily as wrapping tools break lines, but never after a hyphen (that would be a word
    hyphenated at the line end). The same length: offsets index both."""
    out, column = list(text), 0
    for match in re.finditer(r"(\s*)(\S+)", text):
        space, word = match.groups()
        at = match.start()
        if "\n" in space:
            column = len(space) - space.rfind("\n") - 1
        elif space == " " and column + 1 + len(word) > width and column and text[at - 1] != "-":
            out[at], column = "\n", 0
        else:
            column += len(space)
        column += len(word)
    return "".join(out)


def test_a_text_too_long_for_one_check_is_refused_with_its_length(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_WORDS", 10)
    assert unspin.check("one two three four five six seven eight nine ten.").words == 10
    with pytest.raises(unspin.TextTooLong, match="^11 words: longer than the 10 one check reads at once"):
        unspin.check("one two three four five six seven eight nine ten eleven.")
    assert issubclass(unspin.TextTooLong, ValueError)


def test_scoring_windows_a_batch_at_a_time_changes_no_decision(monkeypatch) -> None:
    text = (EXAMPLES / "spun.txt").read_text(encoding="utf-8")
    whole = unspin.check(text, min_confidence=0.0)
    monkeypatch.setattr(pipeline, "SCORED_TOGETHER", 3)
    batched = Checker().check(text, min_confidence=0.0)
    assert batched == whole and len(whole.spans) > 3


def test_casing_of_the_place_is_kept() -> None:
    report = unspin.check("Bosom peril is common.", min_confidence=0.5)
    assert [s.suggestion for s in report.spans] == ["Breast cancer"]


def test_report_json_round_trip_keeps_offsets() -> None:
    text = "Doctors said bosom peril and counterfeit consciousness are topics."
    data = unspin.check(text, min_confidence=0.3).to_dict()
    assert data["spans"]
    for span in data["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
        assert 0.0 <= span["confidence"] <= 1.0
        assert 1 <= len(span["alternatives"]) <= 5


WORDS = st.sampled_from(
    [
        "the",
        "bosom",
        "peril",
        "counterfeit",
        "consciousness",
        "profits",
        "rose",
        "Smith",
        "’s",
        "said",
        ",",
        ".",
        "\n",
        "42",
        "profound",
        "learning",
        "model",
        "“",
        "”",
        "-",
    ]
)


@given(st.lists(WORDS, max_size=25).map(" ".join))
@settings(max_examples=40, deadline=None)
def test_spans_are_exact_sorted_and_disjoint_and_restore_only_edits_them(text: str) -> None:
    report = unspin.check(text, min_confidence=0.3)
    previous_end = 0
    for span in report.spans:
        assert text[span.start : span.end] == span.text
        assert span.start >= previous_end
        previous_end = span.end
    restored = report.restored(0.3)
    if not report.spans:
        assert restored == text
    else:
        first, last = report.spans[0], report.spans[-1]
        assert restored.startswith(text[: first.start])
        assert restored.endswith(text[last.end :])


def _restorations_of(checker: Checker, text: str, word: str) -> list[str]:
    (group,) = [g for g in checker.assessments(tokenize(text)) if g[0].window.words == (word,)]
    return [a.candidate.text for a in group]


def test_running_text_searches_narrower_than_a_phrase_on_its_own() -> None:
    checker = Checker()
    phrase = _restorations_of(checker, "a profound breath", "profound")
    prose = _restorations_of(
        checker,
        "The runner stopped at the corner and took a profound breath before the final climb.",
        "profound",
    )
    assert len(phrase) == PHRASE_BUDGET.keep
    assert len(prose) == RUNNING_TEXT_BUDGET.keep
    assert prose[0] == phrase[0] == "deep"


def test_the_restoration_model_reranks_phrases_on_their_own_but_not_running_text() -> None:
    from test_restoration import _rank_model

    # a model that puts the decoder's best path last
    contrary = Checker(restoration_model=_rank_model(prefers_later=True))
    phrase = "colossal benefit"
    # (at any confidence: the model's preference for a change is also evidence of the phrase model)
    assert contrary.check(phrase, 0.0).spans[0].suggestion != unspin.check(phrase, 0.0).spans[0].suggestion
    running = "The firm posted a colossal benefit this quarter, the chief executive said on Tuesday."
    shipped_order = Checker().check(running, min_confidence=0.5)
    assert contrary.check(running, min_confidence=0.5).to_dict() == shipped_order.to_dict()
    assert shipped_order.spans  # the comparison is about a real restoration


def test_a_phrase_on_its_own_is_weighed_as_a_whole_by_the_restoration_model() -> None:
    from unspin.restoration import PATH_FEATURES, RestorationModel

    # a stub model: any change of the phrase scores 5, the phrase as written -5
    changes = RestorationModel(stump(PATH_FEATURES.index("changed_words"), 0.5, -5.0, 5.0))
    phrase = "colossal benefit"
    checker = Checker(restoration_model=changes)
    groups = checker.assessments(tokenize(phrase), as_phrase=True)
    assert {a.features["restoration_preference"] for group in groups for a in group} == {10.0}
    spans = checker.check(phrase, 0.0, as_phrase=True).spans
    assert spans and all(any(e.kind == "restoration" for e in span.evidence) for span in spans)
    # the shipped model's preference, as the phrase model learned from it
    shipped_groups = Checker().assessments(tokenize(phrase), as_phrase=True)
    assert {a.features["restoration_preference"] for group in shipped_groups for a in group} != {10.0}
    # running text, a phrase searched as running text is (the running-text model's rows), and a
    # listed phrase (the list says what it is; the search is most of a phrase's checking time) have none
    running = "The firm posted a colossal benefit this quarter, the chief executive said on Tuesday."
    odd = Checker(restoration_model=changes, search_every_phrase_window=False)
    listed = Checker(parse(["irregular woodland\trandom forest"]), restoration_model=changes)
    for groups in (
        checker.assessments(tokenize(running)),
        odd.assessments(tokenize(phrase), as_phrase=True),
        listed.assessments(tokenize("irregular woodland"), as_phrase=True),
    ):
        assert groups and {a.features["restoration_preference"] for group in groups for a in group} == {0.0}
    unlisted = listed.assessments(tokenize("irregular forest"), as_phrase=True)
    assert {a.features["restoration_preference"] for group in unlisted for a in group} == {10.0}


def test_a_phrase_on_its_own_has_every_window_searched_but_running_text_only_odd_ones() -> None:
    # "huge" and "data" are common and seen together: only a phrase search looks behind them
    phrase = "huge data"
    assert not any(f.tortured == phrase for f in shipped())
    every = {g[0].window.words for g in Checker().assessments(tokenize(phrase))}
    odd = {g[0].window.words for g in Checker(search_every_phrase_window=False).assessments(tokenize(phrase))}
    assert ("huge",) in every and ("huge",) not in odd
    assert odd < every
    prose = "There is huge data in the world today, the minister said in a speech on Monday night."
    searched = {g[0].window.words for g in Checker().assessments(tokenize(prose))}
    assert ("huge",) not in searched


def test_only_a_phrase_search_looks_at_heads_that_pair_with_no_neighbour() -> None:
    # few heads of "substandard" are seen before "diagnosis"; a phrase searched as running text
    # (as the running-text model's rows of list phrases are made) keeps only heads that pair
    phrase = "substandard diagnosis"
    assert not any(f.tortured == phrase for f in shipped())
    wide = set(_restorations_of(Checker(), phrase, "substandard"))
    narrow = set(_restorations_of(Checker(search_every_phrase_window=False), phrase, "substandard"))
    assert narrow < wide
    assert wide - narrow <= set(Checker().options("substandard").ranked[: PHRASE_BUDGET.unpaired])


def test_phrases_and_running_text_are_scored_by_their_own_span_models() -> None:
    low, high = stump(0, 0.0, -3.0, -3.0), stump(0, 0.0, 3.0, 3.0)  # every window alike
    checker = Checker(model=low, phrase_model=high)
    _, phrase_decisions = checker.decisions("bosom peril")
    _, prose_decisions = checker.decisions(
        "Patients with bosom peril were treated at the clinic by doctors who said the outlook was good."
    )
    assert phrase_decisions and prose_decisions
    assert {round(d.confidence, 3) for d in phrase_decisions} <= {0.953, LISTED_CONFIDENCE}
    assert {round(d.confidence, 3) for d in prose_decisions} <= {0.047, LISTED_CONFIDENCE}


def test_the_genre_picks_the_running_text_model_and_a_phrase_keeps_its_own(monkeypatch) -> None:
    low, high, phrase = stump(0, 0.0, -3.0, -3.0), stump(0, 0.0, 3.0, 3.0), stump(0, 0.0, 0.0, 0.0)
    monkeypatch.setattr(pipeline, "span_model", lambda: low)
    monkeypatch.setattr(pipeline, "manuscript_span_model", lambda: high)
    prose = "Patients with bosom peril were treated at the clinic by doctors who said the outlook was good."

    def confidences(checker: Checker, text: str, genre: str | None = None) -> set[float]:
        _, decisions = checker.decisions(text, genre=genre)
        assert decisions
        return {round(d.confidence, 3) for d in decisions} - {LISTED_CONFIDENCE}

    news = Checker(phrase_model=phrase, genre="news")
    manuscript = Checker(phrase_model=phrase, genre="manuscript")
    assert confidences(news, prose) == {0.047} == confidences(manuscript, prose, "news")
    assert confidences(manuscript, prose) == {0.953} == confidences(news, prose, "manuscript")
    assert confidences(news, "bosom peril", "manuscript") == {0.5}  # a phrase on its own
    given = Checker(model=low, genre="manuscript")  # a model given outright is used for every genre
    assert confidences(given, prose) == {0.047}


def test_the_genre_picks_the_verdict_model() -> None:
    text = (
        "We fit the model to the data and report the test statistic. The counterfeit consciousness "
        "methods were compared on the held-out set, and the results show a clear gain in accuracy "
        "for the larger models, though the variance of the estimates grows with the sample size."
    )
    checker = Checker(genre="news")
    tokens, decisions = checker.decisions(text, genre="manuscript")
    words = word_count(tokens)
    by_model = {
        genre: document_verdict(tokens, decisions, (), words, model=shipped_verdict_model(genre))[0]
        for genre in unspin.GENRES
    }
    assert by_model["news"] != by_model["manuscript"]
    # and its reasons measure against clean papers, not clean news
    assert shipped_verdict_model("manuscript").reference_name == "clean scientific prose"
    assert checker.check(text, genre="manuscript").score == by_model["manuscript"]
    assert Checker(genre="manuscript").check(text).score == by_model["manuscript"]
    assert checker.report(text, tokens, decisions, 0.9, genre="manuscript").score == by_model["manuscript"]
    assert checker.report(text, tokens, decisions, 0.9).score == by_model["news"]  # the checker's genre


def test_auto_reads_each_text_by_the_genre_it_reads_as(monkeypatch) -> None:
    paper = (
        "In this paper, we propose a convolutional neural network for the segmentation of medical images. "
        "The proposed architecture combines feature extraction with an attention mechanism, and its "
        "performance is evaluated on three benchmark datasets with the counterfeit consciousness methods."
    )
    story = (
        "The minister said on Tuesday that the government would not raise taxes this year, and Mr Brown "
        "told reporters in London that the Treasury expected growth to pick up before the election, "
        "while Labour and the Conservatives clashed over the plans."
    )
    checker = Checker()  # "auto" is the default
    for text, genre in ((paper, "manuscript"), (story, "news")):
        report = checker.check(text)
        assert report.genre == genre == report.to_dict()["genre"]
        assert report.score == Checker(genre="news").check(text, genre=genre).score
        assert unspin.check(text).to_json() == unspin.check(text, genre=genre).to_json()
    # the genre in force is the one reported
    assert Checker(genre="news").check(paper).genre == "news"
    # the guess is made once per check (decisions and report both read it), and anew for new tokens
    guesses = []
    monkeypatch.setattr(pipeline, "guess_genre", lambda *a: guesses.append(a) or guess_genre(*a))
    assert checker.check(paper).genre == "manuscript" and len(guesses) == 1
    assert checker.check(story).genre == "news" and len(guesses) == 2
    assert checker.genre_of(tokenize(paper)) == "manuscript" and len(guesses) == 3
    # and its span model reads the text
    low, high = stump(0, 0.0, -3.0, -3.0), stump(0, 0.0, 3.0, 3.0)
    monkeypatch.setattr(pipeline, "span_model", lambda: low)
    monkeypatch.setattr(pipeline, "manuscript_span_model", lambda: high)
    confidences = {round(d.confidence, 3) for d in checker.decisions(paper)[1]} - {LISTED_CONFIDENCE}
    assert confidences == {0.953}


@pytest.mark.parametrize("genre", ["paper", "News", ""])
def test_an_unknown_genre_is_refused(genre: str) -> None:
    with pytest.raises(ValueError, match="genre must be one of news, manuscript, auto"):
        Checker(genre=genre)
    with pytest.raises(ValueError, match="genre must be one of news, manuscript, auto"):
        unspin.check("The cat sat on the mat.", genre=genre)


def test_the_document_prior_moves_span_confidences_only_in_a_long_enough_text() -> None:
    # a spun-looking paragraph long enough for a verdict, checked at every confidence
    text = " ".join(["The counterfeit consciousness of the bosom peril was shown to the committee."] * 4)
    checker = Checker()
    tokens, decisions = checker.decisions(text)
    report = checker.report(text, tokens, decisions, 0.0)
    assert report == checker.check(text, 0.0)
    unshifted = checker.report(text, tokens, decisions, 0.0, prior_weight=0.0)
    assert report.score > 0.5 and unshifted.spans
    # a document likely spun raises the confidence of every span it shows
    shifted = {(s.start, s.end): s.confidence for s in report.spans}
    pairs = [
        (shifted[(s.start, s.end)], s.confidence) for s in unshifted.spans if (s.start, s.end) in shifted
    ]
    assert pairs and all(after >= before for after, before in pairs)
    assert any(after > before for after, before in pairs)


SCREENING = (
    "Researchers at the university hospital tested a new screening method on four thousand patients. "
    "The team used {} to read the scans and compared its findings with those of two radiologists. In "
    "most cases the method agreed with the doctors, and it found several tumours they had missed. Early "
    "signs of {} were picked up in women under forty, a group that is rarely screened. The authors note "
    "that the study was small and that the patients came from one city."
)
# nine paragraphs, the last with two phrases of the shipped list ("profound learning" for "deep
# learning", "bosom thickness" for "breast density")
LISTED_PAPER = "\n\n".join(
    [SCREENING.format("machine vision", "breast density")] * 8
    + [SCREENING.format("profound learning", "bosom thickness")]
)


def test_listed_phrases_call_a_text_spun_that_the_verdict_model_does_not() -> None:
    checker = Checker()
    tokens, decisions = checker.decisions(LISTED_PAPER)
    judged = judge_document(tokens, decisions, word_count(tokens))
    assert judged.prose_score < shipped_verdict_model().spun_threshold  # the model alone: not spun
    report = checker.check(LISTED_PAPER)
    assert report.verdict == "spun" and report.score == judged.score > 0.999
    assert ": “profound learning”, “bosom thickness”;" in report.reasons[0]
    assert [s.text for s in report.spans] == ["profound learning", "bosom thickness"]


def test_span_confidences_lean_on_the_prose_score_not_on_the_lists_verdict(monkeypatch) -> None:
    checker = Checker()
    tokens, decisions = checker.decisions(LISTED_PAPER)

    def report(score: float, prose_score: float) -> unspin.Report:
        judged = Judgement(score, "spun", (), prose_score)
        monkeypatch.setattr(pipeline, "judge_document", lambda *args, **kwargs: judged)
        return checker.report(LISTED_PAPER, tokens, decisions, 0.0)

    spans = report(0.6, 0.6).spans
    assert report(0.9999, 0.6).spans == spans != report(0.9999, 0.9999).spans


def test_a_listed_phrase_is_restored_on_its_own_even_beside_other_flagged_windows() -> None:
    from unspin.candidates import Candidate, Window
    from unspin.decisions import Decision
    from unspin.evidence import assess
    from unspin.pipeline import span_regions

    def decision(first: int, words: tuple[str, ...], restored: tuple[str, ...], source: str) -> Decision:
        window = Window(first, first + len(words) - 1, words, None, None)
        return Decision(assess(window, Candidate(restored, source, ("w3",)), name_like=False), 0.95, ())

    # "the counterfeit intelligence beat": a window touching the listed phrase, one inside it
    listed = decision(1, ("counterfeit", "intelligence"), ("artificial intelligence", ""), "fingerprint")
    touching = decision(0, ("the", "counterfeit"), ("the", "false"), "thesaurus")
    inside = decision(2, ("intelligence",), ("news",), "thesaurus")
    after = decision(3, ("beat",), ("pulse",), "thesaurus")
    regions = span_regions([touching, inside, listed, after])
    assert regions == [[listed], [after]]


def test_a_second_hop_restoration_says_so_in_its_evidence() -> None:
    from unspin.candidates import Candidate, Window
    from unspin.evidence import assess, explain

    window = Window(1, 1, ("rationale",), "boolean", None)
    assessment = assess(window, Candidate(("logic",), "thesaurus", ("s20",)), name_like=False, isolated=True)
    details = [e.detail for e in explain(assessment, "rationale") if e.kind == "thesaurus"]
    assert details == ["“rationale” is a synonym of a synonym of “logic”"]


def test_a_phrase_is_explained_by_the_links_its_restoration_used() -> None:
    checker = Checker(fingerprints=[])
    # a head only a second hop reaches is linked by it; a direct head keeps its thesaurus link
    assert "logic" not in checker.options("rationale").links
    assert checker._link("rationale", "logic").startswith("s")
    assert checker._link("rationale", "reasoning") == checker.options("rationale").links["reasoning"]


def test_a_listed_phrase_matched_in_another_form_is_restored_in_that_form() -> None:
    checker = Checker(fingerprints=parse(["twirling boxes\tspinning boxes\n"]))
    assert checker.check("We drew twirling boxes.").restored() == "We drew spinning boxes."
    assert checker.check("We drew a twirling box.").restored() == "We drew a spinning box."


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("bosom peril", True),
        ("creation 4.zero", True),
        ("irregular woodland classifier", True),
        ("sales figures lift shares", True),
        ("sales figures lift the shares", False),  # longer than most list entries
        ("Sales figures lift the shares", False),
        ("sales figures lift the shares.", False),
        ('he said: "we will win."', False),
        ("did they win?)", False),
        ("one two three four five six seven eight nine", False),
    ],
)
def test_a_short_text_is_a_phrase_when_written_like_a_list_entry(text: str, phrase: bool) -> None:
    assert is_phrase(tokenize(text)) is phrase


@pytest.mark.parametrize("text", ["Sales figures lift the shares.", "bosom peril", "Did they win?"])
def test_a_phrase_can_be_asked_for_or_ruled_out(text: str) -> None:
    assert is_phrase(tokenize(text), as_phrase=True)
    assert not is_phrase(tokenize(text), as_phrase=False)
    assert not is_phrase(tokenize("one two three four five six seven eight nine"), as_phrase=True)


def test_a_short_clean_sentence_or_title_is_read_as_prose_not_as_a_suspect_phrase() -> None:
    # read as a list entry (the phrase model), "lift" looks like a spinner's word for "boost"
    assert unspin.check("Sales figures lift the shares.").spans == ()
    assert unspin.check("Sales figures lift the shares").spans == ()


def test_running_text_restorations_follow_the_candidate_ranker_and_a_phrase_does_not(monkeypatch) -> None:
    text = "The firm posted a colossal benefit this quarter, the chief executive said on Tuesday."
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "candidate_ranker", lambda: None)  # no ranker: the span model's order
        _, plain = Checker().decisions(text)
    ranked_calls = []

    def reversed_ranks(groups, ranker):
        ranked_calls.append(len(groups))
        # the ranker's opposite of the span model: the least confident restoration first
        return [
            [-c for c in confidences] for confidences in pipeline.score_groups(groups, pipeline.span_model())
        ]

    monkeypatch.setattr(pipeline, "rank_groups", reversed_ranks)
    _, reversed_decisions = Checker().decisions(text)
    assert ranked_calls
    # the same windows at the same confidences, the restorations in the other order
    assert [(d.assessment.window, d.confidence) for d in reversed_decisions] == [
        (d.assessment.window, d.confidence) for d in plain
    ]
    choices = [(d, r) for d, r in zip(plain, reversed_decisions) if len(d.alternatives) > 1]
    assert choices
    for decision, reversed_decision in choices:
        # the span model's last choice comes first
        assert reversed_decision.alternatives[0][0] != decision.alternatives[0][0]
    ranked_calls.clear()
    Checker().decisions("colossal benefit")
    assert not ranked_calls  # a phrase on its own is restored by the restoration model's search


def test_a_users_list_adds_its_phrases_and_replaces_a_shipped_entry_of_the_same_phrase() -> None:
    listed = shipped()[0]  # any shipped entry: the user's list says otherwise about it
    mine = parse(
        ["glimmering rectangles\tbright square\n", f"{listed.tortured}\tmade-up wording\n"], "mine.tsv"
    )
    checker = pipeline.checker_with(mine)
    (span,) = checker.check("The glimmering rectangle lit the room.").spans
    assert (span.text, span.suggestion) == ("glimmering rectangle", "bright square")
    assert span.evidence[0].kind == "fingerprint" and span.evidence[0].detail.endswith("(mine.tsv)")
    (span,) = checker.check(listed.tortured, as_phrase=True).spans
    assert span.suggestion.lower() == "made-up wording"
    # the shipped checker knows neither the new phrase nor the new wording
    assert not unspin.check("The glimmering rectangle lit the room.").spans
    assert (
        unspin.check(listed.tortured, as_phrase=True)
        .spans[0]
        .evidence[0]
        .detail.endswith("(Problematic Paper Screener)")
    )


def test_an_allowing_checker_flags_no_window_that_touches_an_allowed_phrase_in_any_inflection() -> None:
    checker = pipeline.default_checker()
    text = "The track and field performers were awarded. The profound learning model worked."
    flagged = [span.text for span in checker.check(text, 0.5).spans]
    assert flagged == ["track and field", "profound learning"]
    allowing = checker.allowing(["profound learnings", "Track-and-field"])  # inflected, hyphenated
    report = allowing.check(text, 0.5)
    assert report.spans == () and report.score < checker.check(text, 0.5).score  # the score too
    assert [span.text for span in checker.check(text, 0.5).spans] == flagged  # the checker is as it was
    # a phrase allowed inside a longer window keeps that window from being flagged
    assert [s.text for s in checker.allowing(["field"]).check(text, 0.5).spans] == ["profound learning"]
    # allowing more keeps what was allowed (a server's lists, then a request's phrases)
    assert checker.allowing(["field"]).allowing(["profound learning"]).check(text, 0.5).spans == ()
