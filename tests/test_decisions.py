from unspin.candidates import Candidate, Window
from unspin.decisions import Decision, with_document_prior
from unspin.evidence import assess


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
    decision = _decision(0.99, source="fingerprint")
    assert with_document_prior(decision, 0.01).confidence == 0.99


def test_evidence_explains_the_thesaurus_link_and_the_context() -> None:
    evidence = _decision(0.9).assessment.evidence("profound")
    kinds = [e.kind for e in evidence]
    assert kinds == ["thesaurus", "context"]
    assert "WordNet" in evidence[0].detail
