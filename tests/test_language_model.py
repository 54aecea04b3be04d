import gc

from unspin.candidates import word_options
from unspin.language_model import (
    DomainPhrases,
    _pair_scores,
    _preceding,
    bigram_attested,
    domain_phrases,
    followers,
    phrase_score,
    predecessors,
    transition,
)


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


def test_cached_word_sets_are_left_out_of_the_garbage_collectors_walks() -> None:
    # sets are always tracked, and full collections walked millions of cached words
    options = word_options("penalties", {})
    for words in (_pair_scores("the"), _preceding("house"), options.heads):
        assert words and not gc.is_tracked(words)
    # and they still intersect as sets do
    assert "fines" in options.heads
    heads = options.heads
    assert followers("possible", heads) == {h for h in heads if bigram_attested("possible", h)}
    assert predecessors("of", heads) == {h for h in heads if bigram_attested(h, "of")}
