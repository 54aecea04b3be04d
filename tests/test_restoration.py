from collections import Counter

from unspin.candidates import word_options
from unspin.restoration import decode


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
