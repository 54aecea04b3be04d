import math
from collections import Counter

import pytest
from stumps import stump

from unspin.candidates import second_hop_options, stretch_options, word_options
from unspin.language_model import DomainPhrases, domain_phrases, reading_subject_headings
from unspin.restoration import (
    MAX_PREFERENCE,
    PATH_FEATURES,
    Path,
    RestorationModel,
    decode,
    path_features,
    preference,
    shipped_restoration_model,
    wide_decode,
)


def test_decoding_restores_a_phrase_jointly() -> None:
    # one learned substitution ("counterfeit" for "artificial"); "intelligence" comes from the
    # thesaurus and from the language model, which knows the pair
    learned = {"counterfeit": Counter({"artificial": 5})}
    words = ("counterfeit", "consciousness")
    paths = decode(words, [word_options(w, learned) for w in words], "the", "beat")
    assert paths[0].words == ("artificial", "intelligence")
    assert len(paths) <= 5
    assert paths == sorted(paths, key=lambda p: -p.score)
    assert all(len(p.words) == 2 for p in paths)


def test_the_text_itself_competes_with_its_restorations() -> None:
    # ordinary wording beats every thesaurus variant of it
    for words, left, right in ((("deep", "breath"), "a", "before"), (("heart", "attack"), "a", "last")):
        paths = decode(words, [word_options(w, {}) for w in words], left, right)
        assert paths[0].words == words


def test_a_rare_head_that_makes_a_known_term_with_its_neighbours_is_decoded() -> None:
    # "recurrent" is far down the heads of "circling" by frequency: only the term brings it in
    words = ("circling", "neural", "organization")
    options = [word_options(w, {}) for w in words]
    without = decode(words, options, None, None, top=40, beam=40)
    assert not any(path.words[0] == "recurrent" for path in without)
    with domain_phrases(DomainPhrases.build(["recurrent neural network"])):
        paths = decode(words, options, None, None, top=40, beam=40)
    assert paths[0].words == ("recurrent", "neural", "network")


def test_a_head_that_makes_a_subject_heading_with_its_neighbour_is_decoded_while_they_are_read() -> None:
    # "repair" is the 158th of 459 heads of "fix", and no public bigram holds "dna repair"; the
    # subject headings (MeSH) do
    words = ("dna", "fix")
    options = [word_options(w, {}) for w in words]
    without = decode(words, options, None, None, top=40, beam=40)
    assert ("dna", "repair") not in {path.words for path in without}
    with reading_subject_headings():
        paths = decode(words, options, None, None, top=40, beam=40)
    assert ("dna", "repair") in {path.words for path in paths[:3]}


def _rank_model(prefers_later: bool) -> RestorationModel:
    """One stump on the decoder rank: the first path scores 1 (or -1), every later path the opposite."""
    first, later = (-1.0, 1.0) if prefers_later else (1.0, -1.0)
    return RestorationModel(stump(PATH_FEATURES.index("decoder_rank"), 0.5, first, later))


def _paths() -> tuple[tuple[str, ...], list, list]:
    words = ("counterfeit", "consciousness")
    options = [word_options(w, {}) for w in words]
    return words, decode(words, options, None, None, top=10, beam=10), options


def test_the_wide_beam_adds_second_hop_paths_to_the_first_hop_ones() -> None:
    words = ("boolean", "rationale")
    options = [word_options(w, {}) for w in words]
    wider = [second_hop_options(w, o, lambda h: word_options(h, {})) for w, o in zip(words, options)]
    narrow = wide_decode(words, options, None, None)
    both = wide_decode(words, options, None, None, wider)
    assert {p.words for p in narrow} < {p.words for p in both}
    assert both == sorted(both, key=lambda p: -p.score)
    # each path once, at the score the decoder gives it in either beam
    assert len({p.words for p in both}) == len(both)
    assert {p.words: p.score for p in both if p.words in {q.words for q in narrow}} == {
        p.words: p.score for p in narrow
    }


def test_a_stretch_of_words_is_restored_as_the_one_word_it_stood_for() -> None:
    words = ("recognizable", "proof", "rate")
    options = [word_options(w, {}) for w in words]
    stretches = {(0, 1): stretch_options(words[:2], Counter({"identification": 3}))}
    paths = decode(words, options, "the", "was", top=40, beam=40, stretches=stretches)
    assert all(len(p.words) == len(words) for p in paths)
    restored = next(p for p in paths if p.words[0] == "identification")
    assert restored.words[1] == "" and restored.text == f"identification {restored.words[2]}"
    assert restored.last_word == restored.words[2].split(" ")[-1]
    # the stretch is one changed unit, costed by its own options
    values = path_features(words, restored, options, "the", "was", 0, 0.0, None, stretches)
    row = dict(zip(PATH_FEATURES, values))
    assert row["changed_words"] == 1.0 + (restored.words[2] != "rate")
    assert row["learned_links"] == 1.0


def test_path_features_give_one_value_per_feature() -> None:
    words, paths, options = _paths()
    for rank, path in enumerate(paths):
        row = path_features(words, path, options, None, None, rank, paths[0].score)
        assert len(row) == len(PATH_FEATURES)
        assert row[PATH_FEATURES.index("decoder_rank")] == rank
        changed = sum(h != w for h, w in zip(path.words, words))
        assert row[PATH_FEATURES.index("changed_words")] == changed


def test_path_features_read_the_lists_evidence_on_kept_and_changed_words() -> None:
    # "counterfeit" taught by three listed entries and a spinner's word there; "consciousness" kept
    learned = {"counterfeit": Counter({"artificial": 3})}
    words = ("counterfeit", "consciousness")
    options = [word_options(w, learned) for w in words]
    paths = decode(words, options, None, None, top=40, beam=40)
    path = next(p for p in paths if p.words[0] == "artificial" and p.words[1] == "consciousness")
    odds = {"counterfeit": 2.0, "consciousness": 1.5}
    row = dict(zip(PATH_FEATURES, path_features(words, path, options, None, None, 0, path.score, odds)))
    assert row["learned_strength"] == pytest.approx(math.log1p(3))
    assert row["max_kept_word_odds"] == 1.5
    assert row["min_changed_word_odds"] == 2.0
    unchanged = next(p for p in paths if p.words == words)
    row = dict(zip(PATH_FEATURES, path_features(words, unchanged, options, None, None, 0, path.score, odds)))
    assert row["learned_strength"] == 0.0
    assert row["max_kept_word_odds"] == 2.0
    assert row["min_changed_word_odds"] > 4.0  # no changed word: above any word's odds


def test_path_features_say_whether_a_path_is_or_holds_a_subject_heading() -> None:
    # "artificial intelligence" is a heading; "counterfeit intelligence" is not, nor holds one
    learned = {"counterfeit": Counter({"artificial": 3})}

    def features(words: tuple[str, ...], restored: tuple[str, ...]) -> dict[str, float]:
        options = [word_options(w, learned) for w in words]
        paths = decode(words, options, None, None, top=40, beam=40)
        path = next(p for p in paths if p.words == restored)
        return dict(zip(PATH_FEATURES, path_features(words, path, options, None, None, 0, path.score)))

    phrase = ("counterfeit", "intelligence")
    assert features(phrase, ("artificial", "intelligence"))["heading"] == 1.0
    assert features(phrase, phrase)["heading"] == features(phrase, phrase)["holds_heading"] == 0.0
    longer = features((*phrase, "tools"), ("artificial", "intelligence", "tools"))
    assert (longer["heading"], longer["holds_heading"]) == (0.0, 1.0)


def test_ranked_orders_paths_by_the_model_and_keeps_ties_in_decoder_order() -> None:
    words, paths, options = _paths()
    assert len(paths) >= 3
    assert [path for path, _ in _rank_model(False).ranked(words, paths, options, None, None)] == paths
    ranked = _rank_model(True).ranked(words, paths, options, None, None)
    assert [path for path, _ in ranked] == paths[1:] + paths[:1]
    assert [margin for _, margin in ranked] == [1.0] * (len(paths) - 1) + [-1.0]


def test_preference_is_the_best_changes_margin_over_the_phrase_as_written() -> None:
    words = ("colossal", "benefit")
    written, big, large = Path(words, -6.0), Path(("big", "benefit"), -5.0), Path(("large", "profit"), -7.0)
    assert preference([(big, 2.5), (written, -1.0), (large, -3.0)], words) == 3.5
    # the model may rank the text as written first: the preference is then negative
    assert preference([(written, 1.0), (large, -0.5)], words) == -1.5
    # written text out of the beam counts as the least preferred path
    assert preference([(big, 2.5), (large, -3.0)], words) == 5.5
    assert preference([(written, 0.0)], words) == -MAX_PREFERENCE  # nothing to change it to
    assert preference([(big, 40.0), (written, 0.0)], words) == MAX_PREFERENCE


def test_the_shipped_model_reranks_a_permutation_of_the_paths() -> None:
    model = shipped_restoration_model()
    assert model is not None
    words, paths, options = _paths()
    ranked = [path for path, _ in model.ranked(words, paths, options, None, None)]
    assert sorted(ranked, key=paths.index) == paths
