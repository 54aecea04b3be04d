from hypothesis import given
from hypothesis import strategies as st

from unspin.resources import other_spelling, word_zipf
from unspin.spelling import american_spelling, merged_frequencies, spelling_pairs


def test_regular_british_spellings_get_their_american_form() -> None:
    cases = {
        "organisation": "organization",
        "utilised": "utilized",
        "analyse": "analyze",
        "colour": "color",
        "behaviours": "behaviors",
        "centre": "center",
        "centred": "centered",
        "travelled": "traveled",
        "catalogue": "catalog",
        "defence": "defense",
        "programmes": "programs",
    }
    assert {word: american_spelling(word) for word in cases} == cases


def test_short_words_and_single_syllable_stems_are_left_alone() -> None:
    for word in ("four", "hour", "your", "tour", "filled", "calling", "rise", "raise", "more", "there"):
        assert american_spelling(word) is None, word


def test_both_spellings_are_as_frequent_as_the_word() -> None:
    zipf = {"colour": 4.5, "color": 5.0, "four": 5.5, "for": 7.0, "honour": 4.0}
    pairs = spelling_pairs(zipf)
    assert pairs == {"colour": "color", "color": "colour"}  # no "honor" to pair "honour" with
    merged = merged_frequencies(zipf, pairs)
    assert merged["colour"] == merged["color"] > 5.0


def test_shipped_frequencies_merge_spellings() -> None:
    assert other_spelling("utilise") == "utilize" and other_spelling("utilize") == "utilise"
    assert word_zipf("utilise") == word_zipf("utilize")
    assert other_spelling("four") is None


@given(st.text(alphabet="abcdefghilmnorstuvyz", max_size=14))
def test_a_respelling_is_a_different_lowercase_word(word: str) -> None:
    respelled = american_spelling(word)
    if respelled is not None:
        assert respelled != word and respelled.isalpha() and respelled.islower()
