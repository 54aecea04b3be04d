from collections import Counter

from unspin.candidates import Window, candidates, channel_logprob, word_options, worth_searching


def test_thesaurus_inversion_finds_the_ordinary_word_behind_a_synonym() -> None:
    options = word_options("counterfeit", {})
    assert "artificial" in options.links
    assert "w" in options.links["artificial"]


def test_inflected_words_get_inflected_heads() -> None:
    assert "dangers" in word_options("perils", {}).links


def test_learned_substitutions_are_options_with_their_count() -> None:
    options = word_options("profound", {"profound": Counter({"deep": 25})})
    assert options.links["deep"].endswith("l25")


def test_hyphenated_compounds_are_varied_part_by_part() -> None:
    assert "real-time" in word_options("actual-time", {}).links


def test_channel_prefers_heads_with_few_synonyms_and_learned_pairs() -> None:
    assert channel_logprob("w2") > channel_logprob("w50")
    assert channel_logprob("m200l9") > channel_logprob("m200")


def test_window_candidates_must_fit_the_neighbours() -> None:
    window = Window(1, 1, ("profound",), "a", "breath")
    found = [c.text for c in candidates(window, [word_options("profound", {})])]
    assert "deep" in found


def test_ordinary_prose_is_not_searched() -> None:
    assert not worth_searching(Window(1, 1, ("the",), "in", "house"))
    assert worth_searching(Window(0, 1, ("counterfeit", "consciousness"), None, None))
