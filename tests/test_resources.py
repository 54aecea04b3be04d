"""The shipped tables, stored for quick loading, say exactly what their sources say."""

import math
from collections import defaultdict

from wordfreq import get_frequency_dict

import unspin
from unspin import resources
from unspin.language_model import _pair_score, _pair_scores
from unspin.resources import (
    bigram_rows,
    bounded_cache,
    headings,
    inverse_rows,
    other_spelling,
    trim_caches,
    word_zipf_table,
)


def test_zipf_table_holds_wordfreqs_frequencies() -> None:
    expected = {word: math.log10(freq * 1e9) for word, freq in get_frequency_dict("en").items() if freq > 0}
    table = word_zipf_table()
    assert table.keys() == expected.keys()
    # every word as wordfreq has it, but for the two spellings of a word, which add up
    respelt = {word for word in table if other_spelling(word) is not None}
    assert {w: z for w, z in table.items() if w not in respelt} == {
        w: z for w, z in expected.items() if w not in respelt
    }
    for word in respelt:
        both = 10 ** expected[word] + 10 ** expected[other_spelling(word)]
        assert table[word] == math.log10(both)


def test_bigram_rows_list_each_pair_once_each_way_with_a_score() -> None:
    following, preceding = bigram_rows()
    followers_of: dict[str, list[str]] = defaultdict(list)
    for word, (followers, scores) in following.items():
        if followers:
            assert len(followers.split(" ")) == len(scores.split(" "))
            for right in followers.split(" "):
                followers_of[right].append(word)
    assert {word: row.split(" ") for word, row in preceding.items() if row} == followers_of


def test_pair_scores_are_per_billion_logs() -> None:
    assert _pair_score("breast", "cancer") > 3.0
    assert _pair_score("of", "the") > _pair_score("breast", "cancer")
    assert _pair_score("cancer", "bosom") is None
    assert all(isinstance(score, float) for score in _pair_scores("breast").values())


def test_inverse_rows_have_one_colon_per_head() -> None:
    # heads_of parses a row with a single split, which needs every item to be exactly "head:links"
    assert all(item.count(":") == 1 for row in inverse_rows().values() for item in row.split("|"))


def test_a_bounded_cache_is_emptied_by_trim_caches_once_over_its_size(monkeypatch) -> None:
    monkeypatch.setattr(resources, "_BOUNDED_CACHES", [])
    calls = []

    @bounded_cache(maxsize=2)
    def double(word: str) -> str:
        calls.append(word)
        return word * 2

    assert [double(w) for w in ("a", "b", "a")] == ["aa", "bb", "aa"] and calls == ["a", "b"]
    trim_caches()  # two results: not over the size
    assert double.cache_info().currsize == 2
    double("c")
    trim_caches()
    assert double.cache_info().currsize == 0
    assert double("a") == "aa" and calls == ["a", "b", "c", "a"]


def test_a_checker_keeps_the_word_caches_bounded(monkeypatch) -> None:
    monkeypatch.setattr(resources, "_BOUNDED_CACHES", [(_pair_scores, 3)])
    unspin.check("The companies announced several new products and promised cheaper prices.")
    after_one_text = _pair_scores.cache_info().currsize
    assert after_one_text > 3  # one text may pass the size
    unspin.check("Prices fell.")
    assert _pair_scores.cache_info().currsize < after_one_text  # emptied before the next text


def test_subject_headings_are_phrases_of_two_to_five_plain_words() -> None:
    known = headings()
    assert {"machine learning", "renewable energy", "heart rate"} <= known
    assert "collaborative filtering" in known  # a topic of the Computer Science Ontology only
    assert all(2 <= len(h.split()) <= 5 and h == h.lower() and "-" not in h for h in known)
