import gc

import pytest

from unspin.candidates import word_options
from unspin.language_model import (
    DomainPhrases,
    _pair_scores,
    _preceding,
    bigram_attested,
    context_fit,
    domain_phrases,
    followers,
    pairs_only,
    phrase_score,
    predecessors,
    reading_subject_headings,
    sequence_score,
    term_followers,
    term_predecessors,
    transition,
    trigram_lift,
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


def test_subject_heading_pairs_are_read_only_inside_their_context() -> None:
    # a subject heading the public bigrams lack
    among = {"orbits": None, "bananas": None, "heliocentric": None}
    outside = transition("heliocentric", "orbits")
    assert not bigram_attested("heliocentric", "orbits")
    assert not term_followers("heliocentric", among)
    with reading_subject_headings():
        assert bigram_attested("heliocentric", "orbits")
        assert transition("heliocentric", "orbits") > outside
        assert term_followers("heliocentric", among) == {"orbits"}
        assert term_predecessors("orbits", among) == {"heliocentric"}
    assert transition("heliocentric", "orbits") == outside
    assert not term_predecessors("orbits", among)


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


def test_a_fixed_phrase_reads_by_its_trigram_not_its_pairs() -> None:
    # the pairs find "field" after "and" unlikely; the thesauri's entry and a trigram model do not
    phrase = ["track", "and", "field"]
    pairs = transition("track", "and") + transition("and", "field")
    assert trigram_lift(phrase) > 1.0
    assert sequence_score(phrase) == pytest.approx(pairs + trigram_lift(phrase))
    assert phrase_score(phrase) > phrase_score(["field", "and", "track"]) + 1.0
    assert trigram_lift(["field", "and", "track"]) == 0.0
    # a window and its neighbours: the triple may lie inside it, across its edge or around one word
    assert context_fit("the", phrase, "team").inside == pytest.approx(phrase_score(phrase))
    across = context_fit("track", ["and"], "field")
    assert across.score > context_fit("track", ["and"], "track").score + 1.0
    edge = context_fit(None, ["track", "and"], "field")
    assert edge.score == pytest.approx(phrase_score(phrase))
    # or two words away, on either side: "track and" + "field", "track" + "and field"
    plain = context_fit("and", ["field"], None)
    assert context_fit("and", ["field"], None, before="track").score == pytest.approx(
        plain.score + trigram_lift(phrase)
    )
    plain = context_fit(None, ["track"], "and")
    assert context_fit(None, ["track"], "and", after="field").score == pytest.approx(
        plain.score + trigram_lift(phrase)
    )
    assert context_fit("and", ["field"], None, before="field").score == pytest.approx(
        context_fit("and", ["field"], None).score
    )
    # the span models' training reads pairs alone
    with pairs_only():
        assert trigram_lift(phrase) == 0.0
        assert sequence_score(phrase) == pytest.approx(pairs)
    assert trigram_lift(phrase) > 1.0


def test_head_unigram_is_unigram_kept_for_heads_but_not_for_compounds():
    from unspin.language_model import head_unigram, unigram

    for word in ("breast", "qwxzy", "real-time", "actual-time"):
        assert head_unigram[word] == unigram(word)
    assert "breast" in head_unigram and "qwxzy" in head_unigram
    # a compound's heads come from the input's own parts: not kept, so the table stays bounded
    assert "actual-time" not in head_unigram and "real-time" not in head_unigram
