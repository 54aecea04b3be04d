"""The spaCy component: spans on a Doc that are unspin's own, in any tokenisation."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, DocBin  # noqa: E402

import unspin  # noqa: E402
from unspin.fingerprints import parse  # noqa: E402
from unspin.pipeline import Checker  # noqa: E402
from unspin.spacy_component import LABEL, SPANS_KEY, UnspinComponent, span_records  # noqa: E402

LISTED = Checker(fingerprints=parse(["sagacious grid\tsmart grid\n"]))
TEXT = "Engineers said the sagacious grid would cut costs, and the old lines were retired."


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("unspin", config={"min_confidence": 0.5})
    return pipeline


def test_add_pipe_finds_the_factory_through_its_entry_point() -> None:
    # a fresh interpreter that never imports unspin: spaCy must load the factory by its entry point
    code = "import spacy; nlp = spacy.blank('en'); nlp.add_pipe('unspin'); print(nlp.pipe_names)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['unspin']"


def test_the_doc_carries_the_same_spans_and_report_as_unspin_check(nlp) -> None:
    text = "Doctors said the counterfeit consciousness and bosom peril were topics of the week."
    doc = nlp(text)
    report = unspin.check(text, min_confidence=0.5).to_dict()
    assert report["spans"], "the example must hold something to flag"
    assert span_records(doc) == report["spans"]
    assert doc._.unspin == report
    for span, record in zip(doc.spans[SPANS_KEY], report["spans"]):
        assert span.label_ == LABEL
        assert (span.start_char, span.end_char, span.text) == (record["start"], record["end"], record["text"])


def test_a_listed_phrase_becomes_a_span_with_its_suggestion() -> None:
    component = UnspinComponent(min_confidence=0.9, spans_key="spun", checker=LISTED)
    doc = component(spacy.blank("en")(TEXT))
    [span] = doc.spans["spun"]
    assert span.text == "sagacious grid"
    assert span._.unspin["suggestion"] == "smart grid"
    assert any(item["kind"] == "fingerprint" for item in span._.unspin["evidence"])


def test_a_span_inside_a_token_grows_to_that_token_but_keeps_unspins_offsets() -> None:
    vocab = spacy.blank("en").vocab
    words = ["Engineers", "said", "the sagacious", "grid", "would", "cut", "costs", "."]
    doc = Doc(vocab, words=words, spaces=[True, True, True, True, True, True, False, False])
    doc = UnspinComponent(min_confidence=0.9, spans_key=SPANS_KEY, checker=LISTED)(doc)
    [span] = doc.spans[SPANS_KEY]
    assert span.text == "the sagacious grid"
    record = span._.unspin
    assert doc.text[record["start"] : record["end"]] == record["text"] == "sagacious grid"


def test_clean_and_empty_docs_get_no_spans_but_a_report(nlp) -> None:
    for text in ("The committee met on Tuesday and agreed the budget.", ""):
        doc = nlp(text)
        assert list(doc.spans[SPANS_KEY]) == []
        assert doc._.unspin["verdict"] in ("clean", "uncertain", "spun")


def test_records_survive_serialisation() -> None:
    nlp = spacy.blank("en")
    doc = UnspinComponent(min_confidence=0.9, spans_key=SPANS_KEY, checker=LISTED)(nlp(TEXT))
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    [back] = DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    assert [s.text for s in back.spans[SPANS_KEY]] == ["sagacious grid"]
    # the same data, as JSON reads it (msgpack gives lists back as tuples)
    assert as_json(span_records(back)) == as_json(span_records(doc))
    assert as_json(back._.unspin) == as_json(doc._.unspin)


def as_json(data: object) -> object:
    return json.loads(json.dumps(data))


def test_the_default_component_pickles_for_spawned_processes(nlp) -> None:
    # what nlp.pipe(..., n_process=2) needs where processes are spawned rather than forked
    copy = pickle.loads(pickle.dumps(nlp.get_pipe("unspin")))
    assert (copy.min_confidence, copy.spans_key) == (0.5, SPANS_KEY)
    text = "Doctors said bosom peril was common."
    expected = span_records(nlp(text))
    assert expected, "the example must hold something to flag"
    assert span_records(copy(nlp.make_doc(text))) == expected
    with pytest.raises(TypeError, match="own checker"):
        pickle.dumps(UnspinComponent(0.5, SPANS_KEY, checker=LISTED))


def test_a_pipeline_with_phrase_lists_finds_their_phrases_and_pickles_by_them(tmp_path) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text("glimmering rectangle\tbright square\nno tab\n", encoding="utf-8")
    nlp = spacy.blank("en")
    with pytest.warns(UserWarning, match=r"mine.tsv: 1 row skipped, not 'tortured<TAB>expected' \(line 2\)"):
        nlp.add_pipe("unspin", config={"phrase_lists": [str(mine)]})
    text = "The glimmering rectangle lit the room."
    [record] = span_records(nlp(text))
    assert record["suggestion"] == "bright square" and record["evidence"][0]["detail"].endswith("(mine.tsv)")
    # rebuilt from its lists where a process is spawned (which reads them again)
    with pytest.warns(UserWarning, match="1 row skipped"):
        copy = pickle.loads(pickle.dumps(nlp.get_pipe("unspin")))
    assert span_records(copy(nlp.make_doc(text))) == [record]
    assert not span_records(spacy.blank("en").add_pipe("unspin")(nlp.make_doc(text)))
    with pytest.raises(ValueError, match="not both"):
        UnspinComponent(0.5, SPANS_KEY, checker=LISTED, phrase_lists=[str(mine)])


def test_a_pipeline_with_allow_lists_never_flags_their_phrases_and_pickles_by_them(tmp_path) -> None:
    allow = tmp_path / "allow.txt"
    allow.write_text("# our terms\nprofound learning\n", encoding="utf-8")
    text = "We apply profound learning to the scans."
    assert span_records(spacy.blank("en").add_pipe("unspin")(spacy.blank("en").make_doc(text)))
    nlp = spacy.blank("en")
    nlp.add_pipe("unspin", config={"allow_lists": [str(allow)]})
    assert span_records(nlp(text)) == []
    copy = pickle.loads(pickle.dumps(nlp.get_pipe("unspin")))
    assert copy.allow_lists == (str(allow),) and span_records(copy(nlp.make_doc(text))) == []


def test_min_confidence_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="min_confidence"):
        spacy.blank("en").add_pipe("unspin", config={"min_confidence": 1.5})


def test_a_manuscript_pipeline_reads_running_text_with_the_manuscript_model() -> None:
    papers = spacy.blank("en")
    papers.add_pipe("unspin", config={"min_confidence": 0.0, "genre": "manuscript"})
    text = "Patients with bosom peril were given a new drug, and the tumours shrank in most of them."
    report = unspin.check(text, 0.0, genre="manuscript").to_dict()
    assert report != unspin.check(text, 0.0).to_dict()  # the two models differ here
    assert papers(text)._.unspin == report
    copy = pickle.loads(pickle.dumps(papers.get_pipe("unspin")))  # the genre survives pickling
    assert copy(papers.make_doc(text))._.unspin == report
    with pytest.raises(ValueError, match="genre must be one of"):
        spacy.blank("en").add_pipe("unspin", config={"genre": "paper"})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(["the", "sagacious", "grid", "’s", "co-op", "U.S.", "42", ",", "\n", "Mr"]),
        max_size=12,
    )
)
def test_every_span_covers_exactly_the_tokens_its_characters_touch(words: list[str]) -> None:
    nlp = spacy.blank("en")
    text = " ".join(words)
    doc = UnspinComponent(min_confidence=0.0, spans_key=SPANS_KEY, checker=LISTED)(nlp(text))
    for span, record in zip(doc.spans[SPANS_KEY], span_records(doc), strict=True):
        assert text[record["start"] : record["end"]] == record["text"]
        assert span.start_char <= record["start"] < record["end"] <= span.end_char
        # no token of the span lies wholly outside unspin's characters
        assert span[0].idx + len(span[0].text) > record["start"]
        assert span[-1].idx < record["end"]
