from lemminflect import getAllInflections, getInflection

from unspin.inflection import (
    all_inflections,
    case_like,
    indefinite_article,
    inflect_as,
    inflect_as_listed,
    inflect_like,
    keep_written_words,
    lemma_key,
    lemminflect_lemma,
    tag_of,
)
from unspin.resources import inflection_rows, lemma_table, thesaurus, word_zipf


def test_lemma_key() -> None:
    assert lemma_key("Penalties") == "penalty"
    assert lemma_key("xyzzy") == "xyzzy"


def test_inflection_follows_the_original() -> None:
    assert inflect_like("consequence", "penalties") == "consequences"
    assert inflect_like("smart grid", "grids") == "smart grids"
    assert inflect_like("deep", "profound") == "deep"
    assert inflect_like("call for", "sought") == "called for"  # a verb phrase on its verb
    assert inflect_like("heart attack", "strokes") == "heart attacks"


def test_a_replacement_inflected_already_is_not_inflected_twice() -> None:
    # listed expected phrases may end in an inflected form ("autonomous vehicles")
    assert inflect_like("autonomous vehicles", "vehicles") == "autonomous vehicles"
    assert inflect_like("rayleigh fading", "blurring") == "rayleigh fading"
    assert inflect_like("United States", "States") == "United States"


def test_a_listed_wording_follows_the_form_the_text_gives_the_listed_phrase() -> None:
    # listed "bouncing boxes" -> "bounding boxes", matched by lemma
    assert inflect_as_listed("bounding boxes", "boxes", "boxes") == "bounding boxes"
    assert inflect_as_listed("bounding boxes", "box", "boxes") == "bounding box"
    assert inflect_as_listed("bounding box", "boxes", "box") == "bounding boxes"
    # written as listed, the wording is the list's own, whatever its form
    assert inflect_as_listed("data", "sets", "sets") == "data"
    assert inflect_as_listed("Bounding Boxes", "Box", "boxes") == "Bounding Box"


def test_casing_follows_the_original() -> None:
    assert case_like("state", "Squeak") == "State"
    assert case_like("breast cancer", "Bosom Peril") == "Breast Cancer"
    assert case_like("nasa", "NASA") == "NASA"
    assert case_like("deep", "profound") == "deep"
    # the parts of a hyphenated word count as words
    assert case_like("deep-learning", "Profound-Learning") == "Deep-Learning"
    assert case_like("deep-learning", "Profound-learning") == "Deep-learning"
    assert case_like("deep learning", "Profound-Learning") == "Deep Learning"


def test_a_word_the_original_has_too_keeps_its_spelling() -> None:
    assert keep_written_words("Co2 emission", "CO2 effluent") == "CO2 emission"
    assert keep_written_words("Alzheimer's disease", "Alzheimer\u2019s ailment") == "Alzheimer\u2019s disease"
    assert keep_written_words("deep network", "profound organization") == "deep network"


def _words(step: int) -> list[str]:
    """Every ``step``-th of the words lemminflect knows (the tables' own) and of words it may not
    (thesaurus heads), in any case. (The tables were checked word by word when they were built.)"""
    words = sorted(lemma_table().keys() | inflection_rows().keys() | thesaurus("wordnet").keys())[::step]
    return words + [w.title() for w in words[::10]] + [w.upper() for w in words[::20]]


def test_lemmas_and_forms_are_lemminflects() -> None:
    for word in _words(5):
        assert lemma_key(word) == lemminflect_lemma(word), word
        assert all_inflections(word) == getAllInflections(word), word
        assert list(all_inflections(word)) == list(getAllInflections(word)), word  # tag_of takes the first


def test_tags_are_read_off_lemminflects_forms() -> None:
    assert tag_of("penalties") == "NNS"
    assert tag_of("announced") in ("VBD", "VBN")
    assert tag_of("deep") is None


def test_inflections_are_lemminflects_including_unknown_words() -> None:
    tags = (
        "NN",
        "NNS",
        "VB",
        "VBD",
        "VBG",
        "VBN",
        "VBP",
        "VBZ",
        "JJ",
        "JJR",
        "JJS",
        "RB",
        "RBR",
        "RBS",
        "NNP",
    )
    for word in _words(150) + ["zorble", "Zorble", "blorfy"]:
        for tag in tags:
            forms = getInflection(word, tag=tag)
            assert inflect_as(word, tag) == (forms[0] if forms else word), (word, tag)


def test_heads_are_inflected_only_in_forms_the_lexicon_lists() -> None:
    from unspin.inflection import has_form

    assert has_form("house", "VBD")  # a noun and a verb
    assert not has_form("information", "VBD")  # a noun only
    assert has_form("zzqx", "VBD")  # unknown: any form may be right
    assert not has_form("zzqx", "VBD", unknown=False)


def test_base_forms_are_the_lemmas_that_list_the_word() -> None:
    from unspin.inflection import base_forms

    assert base_forms("training") == ("train",)
    assert base_forms("planned") == ("plan",)
    assert base_forms("studies") == ("study",)
    assert base_forms("data") == ()  # no regular suffix
    assert base_forms("thing") == ()  # "th" lists no "thing"


def test_a_common_word_wearing_a_form_it_cannot_take_is_a_broken_inflection() -> None:
    from unspin.inflection import broken_inflection

    assert broken_inflection("enormousest") == ("enormous", "JJS")  # an adjective with no -est
    assert broken_inflection("opportunitied") == ("opportunity", "VBD")  # a noun made a past verb
    assert broken_inflection("mysterying") == ("mystery", "VBG")
    assert broken_inflection("hugest") is None  # a real form
    assert broken_inflection("biggest") is None


def test_a_learners_slip_or_a_rare_word_is_not_a_broken_inflection() -> None:
    from unspin.inflection import broken_inflection

    # a base that has the form spelt otherwise: regularised, as learners write it
    assert word_zipf("bringed") == 0 and broken_inflection("bringed") is None
    assert broken_inflection("swimmed") is None and broken_inflection("speaked") is None
    assert broken_inflection("teached") is None  # known to the frequency list: people write it
    assert broken_inflection("elevater") is None  # a verb's agent noun, however misspelt
    assert broken_inflection("zzqxed") is None  # no common base
    assert broken_inflection("gotting") is None  # an inflected form inflected again: a slip
    assert broken_inflection("unittest") is None  # "-est" needs an adjective ("unit" is a noun)
    assert broken_inflection("ipodder") is None  # a base the lexicon has no parts of speech for
    assert broken_inflection("well-knowned") is None  # not a single alphabetic word


def test_the_indefinite_article_follows_the_first_sound_its_spelling_tells() -> None:
    assert [indefinite_article(w) for w in ("error term", "blunder", "hour", "house", "unusual")] == [
        "an",
        "a",
        "an",
        "a",
        "an",
    ]
    # a vowel letter read as a consonant
    assert [indefinite_article(w) for w in ("unique", "usual", "European", "one-off")] == ["a"] * 4
    assert indefinite_article("onerous") == "an"
    # spelling does not tell: an acronym, a number, a single letter, "un-" or "uni-"
    assert [indefinite_article(w) for w in ("NATO", "8-fold", "x-ray", "unimodal", "")] == [None] * 5
