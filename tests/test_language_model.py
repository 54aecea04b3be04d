from unspin.language_model import DomainPhrases, bigram_attested, domain_phrases, phrase_score, transition


def test_attested_pairs_score_above_unseen_ones() -> None:
    assert transition("artificial", "intelligence") > transition("counterfeit", "consciousness")
    assert phrase_score(["breast", "cancer"]) > phrase_score(["bosom", "peril"])


def test_domain_phrases_apply_only_inside_their_context() -> None:
    domain = DomainPhrases.build(["zqx ylw network"])
    assert not bigram_attested("zqx", "ylw")
    with domain_phrases(domain):
        assert bigram_attested("zqx", "ylw")
        assert bigram_attested("ylw", "network")
    assert not bigram_attested("zqx", "ylw")
