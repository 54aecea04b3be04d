import doctest

from unspin import comparison, sources
from unspin.sources import CANDIDATES, MIN_SOURCE_SHARE, MIN_SOURCE_WORDS, SourceIndex, SourceMatch
from unspin.spin import spin

STORIES = {
    "budget": "The council approved the new budget for the coming year after a long debate on Tuesday. "
    "Local businesses had asked for lower taxes, and several residents spoke in favour.",
    "flood": "Heavy rain closed the coastal road for a second day, and the river rose above its banks "
    "near the old mill. Engineers expect the water to fall by the weekend.",
    "match": "The visiting side scored twice in the last ten minutes to win the final at the national "
    "stadium. Their coach praised the young striker who came on as a substitute.",
    "school": "Parents gathered outside the primary school to protest against plans to merge it with a "
    "larger academy across town. The education board will decide in March.",
    "museum": "The city museum reopened its Roman gallery after a two-year renovation that uncovered a "
    "mosaic beneath the floor. Visitors queued from early morning.",
    "train": "Commuters faced delays after a signal failure north of the central station, and the rail "
    "operator apologised for the disruption to evening services.",
}


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(sources).failed == 0
    assert doctest.testmod(comparison).failed == 0


def test_a_spun_copy_is_traced_to_its_source_among_many():
    index = SourceIndex(STORIES.items())
    assert len(index) == len(STORIES) > CANDIDATES
    copy = spin(STORIES["flood"], rate=0.3, seed=2, thesaurus="wordnet").text
    assert copy != STORIES["flood"]
    best, *others = index.likely_sources(copy)
    assert best.name == "flood" and best.likely
    assert len(others) == 2 and all(not match.likely for match in others)
    assert best.shared_share > MIN_SOURCE_SHARE > others[0].shared_share >= others[1].shared_share


def test_a_text_spun_from_none_of_them_has_no_likely_source():
    index = SourceIndex(STORIES.items())
    unrelated = "A new bakery on the high street sells bread made with flour from a nearby farm."
    assert not any(match.likely for match in index.likely_sources(unrelated))
    assert index.likely_sources("") == []
    assert SourceIndex([]).likely_sources(STORIES["flood"]) == []


def test_only_the_candidates_that_share_the_most_rare_words_are_aligned(monkeypatch):
    aligned = []
    align = sources.align
    monkeypatch.setattr(sources, "align", lambda source, copy: aligned.append(source) or align(source, copy))
    index = SourceIndex(STORIES.items())
    index.likely_sources(STORIES["museum"], top=10)
    assert len(aligned) <= CANDIDATES < len(STORIES) and STORIES["museum"] in aligned


def test_a_source_is_likely_with_enough_of_the_copys_words_and_not_just_a_share():
    assert SourceMatch("a", MIN_SOURCE_SHARE, MIN_SOURCE_WORDS, 0).likely
    assert not SourceMatch("a", MIN_SOURCE_SHARE - 0.01, 100, 0).likely
    assert not SourceMatch("a", 1.0, MIN_SOURCE_WORDS - 1, 0).likely  # "Rain fell." in full
    assert SourceMatch("a", 0.5, 10, 2).to_dict() == {
        "name": "a",
        "shared_share": 0.5,
        "shared_words": 10,
        "moves": 2,
    }
