"""Tests for the reference spinner: it is the measuring stick, so its bookkeeping must be exact."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.inflection import lemma_key
from unspin.spin import (
    GRAFT_HOST_WORDS,
    STOPWORDS,
    STYLES,
    THESAURI,
    Edit,
    SpinResult,
    drawn_blindness,
    graft,
    graft_host,
    graft_hosts,
    graft_many,
    graft_slots,
    pps_half,
    pps_thesaurus,
    spin,
)

ARTICLE = (
    "The deep learning models have been trained on large datasets. Researchers at Google said "
    "the heart attacks were rare, but the secretary of state disagreed. We have a big house and "
    "she has two cars; the results show a strong effect (p < 0.05) in 2021.\n"
    "Contact big@example.com or see https://example.com/big for the full report."
)

# Content words that the thesauri know, function words, names, numbers and punctuation: the
# pieces spun text is made of, including the awkward ones.
VOCABULARY = [
    "deep", "learning", "big", "house", "heart", "attack", "attacks", "secretary", "of", "state",
    "model", "models", "trained", "large", "data", "rare", "strong", "effect", "show", "shows",
    "have", "has", "the", "a", "and", "is", "Paris", "John", "NASA", "3", "2.5%", "don't", "e.g.",
    "state-of-the-art", "—", ",", ".", ";", "(", ")", "www.example.com", "x@y.org", "café", "naïve",
]  # fmt: skip

texts = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from([" ", " ", " ", "  ", "\n", "", "\t"])),
    max_size=40,
).map(lambda pairs: "".join(word + gap for word, gap in pairs))


def revert(result: SpinResult) -> str:
    """The original rebuilt from the spun text and the edits alone."""
    pieces = []
    last = 0
    for edit in result.edits:
        pieces.append(result.text[last : edit.start])
        pieces.append(edit.original)
        last = edit.end
    pieces.append(result.text[last:])
    return "".join(pieces)


def check_invariants(result: SpinResult) -> None:
    previous_end = previous_original_end = 0
    for edit in result.edits:
        assert result.text[edit.start : edit.end] == edit.text
        assert result.original[edit.original_start : edit.original_end] == edit.original
        assert edit.text != edit.original
        assert edit.start >= previous_end and edit.original_start >= previous_original_end
        previous_end, previous_original_end = edit.end, edit.original_end
    assert revert(result) == result.original


def outside_edits(text: str, spans: list[tuple[int, int]]) -> list[str]:
    bounds = [0, *(b for span in spans for b in span), len(text)]
    return [text[bounds[k] : bounds[k + 1]] for k in range(0, len(bounds), 2)]


def test_deterministic_for_a_seed() -> None:
    first = spin(ARTICLE, rate=0.5, seed=7)
    assert spin(ARTICLE, rate=0.5, seed=7) == first
    assert any(spin(ARTICLE, rate=0.5, seed=s).text != first.text for s in range(8, 12))


def test_does_not_touch_global_random() -> None:
    import random

    random.seed(123)
    expected = random.random()
    random.seed(123)
    spin(ARTICLE, rate=0.9, seed=1, style="chain")
    assert random.random() == expected


@pytest.mark.parametrize("style", STYLES)
def test_rate_zero_is_identity(style: str) -> None:
    result = spin(ARTICLE, rate=0.0, seed=3, style=style, skip_stopwords=False, skip_names=False)
    assert result.text == ARTICLE
    assert result.edits == ()
    assert result.spintax() == ARTICLE


def test_rate_one_rewrites_much_and_rate_is_checked() -> None:
    def edits(rate: float) -> int:
        return sum(len(spin(ARTICLE, rate=rate, seed=seed).edits) for seed in range(10))

    assert edits(1.0) > edits(0.6) > edits(0.2) > 0
    with pytest.raises(ValueError):
        spin(ARTICLE, rate=1.5)
    with pytest.raises(ValueError):
        spin(ARTICLE, style="sloppy")
    with pytest.raises(ValueError):
        spin(ARTICLE, thesaurus="roget")


@pytest.mark.parametrize("thesaurus", THESAURI)
@pytest.mark.parametrize("style", STYLES)
def test_every_thesaurus_and_style_spins(thesaurus: str, style: str) -> None:
    result = spin(ARTICLE, rate=1.0, seed=2, thesaurus=thesaurus, style=style)
    assert result.edits
    check_invariants(result)
    assert result.settings["thesaurus"] == thesaurus and result.settings["style"] == style


def test_pps_thesaurus_inverts_the_tortured_phrase_list() -> None:
    table = pps_thesaurus()
    assert "profound" in table["deep"]
    result = spin("A deep network.", rate=1.0, thesaurus="pps", style="careful")
    assert result.edits[0].original == "deep"
    assert result.edits[0].text in table["deep"]


def test_the_paper_mill_table_splits_into_two_halves_that_share_no_substitution() -> None:
    pairs = [
        {(head, word) for head, words in pps_thesaurus(half).items() for word in words} for half in (0, 1)
    ]
    whole = {(head, word) for head, words in pps_thesaurus().items() for word in words}
    assert pairs[0] and pairs[1] and not pairs[0] & pairs[1]
    assert pairs[0] | pairs[1] == whole
    # each half spins only with its own pairs
    text = "A deep network and a large data set of random words for every good model."
    for name, half in (("pps-train", 0), ("pps-test", 1)):
        result = spin(text, rate=1.0, seed=3, thesaurus=name, style="careful")
        assert result.settings["thesaurus"] == name and len(result.edits) >= 5
        for edit in result.edits:
            assert pps_half(lemma_key(edit.original), lemma_key(edit.text)) == half, edit


def test_custom_thesaurus_mapping() -> None:
    result = spin("The cat sat.", rate=1.0, thesaurus={"cat": ["feline"], "sit": ["perch"]}, style="careful")
    assert result.text == "The feline perched."
    assert result.settings["thesaurus"] == "custom"


def test_a_verb_phrase_takes_the_form_on_its_verb() -> None:
    result = spin("They sought help.", rate=1.0, thesaurus={"seek": ["call for"]}, style="careful")
    assert result.text == "They called for help."


@pytest.mark.parametrize("style", ["careful", "consistent", "chain"])
def test_a_form_nobody_writes_is_not_written(style: str) -> None:
    # "opportunity" has no past tense: inflected like "said" it would read "opportunitied"
    table = {"say": ["opportunity"], "cat": ["feline"]}
    result = spin("The cat said so.", rate=1.0, thesaurus=table, style=style)
    assert [edit.original for edit in result.edits] == ["cat"]
    assert "said" in result.text


def test_numbers_urls_emails_and_punctuation_untouched() -> None:
    result = spin(ARTICLE, rate=1.0, seed=4, skip_stopwords=False, skip_names=False)
    spans = [(e.original_start, e.original_end) for e in result.edits]
    for protected in ("0.05", "2021", "big@example.com", "https://example.com/big", "(p < 0.05)"):
        at = ARTICLE.index(protected)
        assert not any(s < at + len(protected) and at < e for s, e in spans), protected
    assert all(re.fullmatch(r"[^\W\d_]+(?:[-‐ ][^\W\d_]+)*", e.original) for e in result.edits)


def test_casing_kept_at_sentence_start() -> None:
    result = spin("Deep water is cold. Big dogs bark.", rate=1.0, seed=0)
    starts = {edit.original: edit.text for edit in result.edits}
    assert {"Deep", "Big"} & starts.keys()
    for original, spun in starts.items():
        assert spun[:1].isupper() == original[:1].isupper()
    # "The" is a stop word: left alone, capital and all.
    assert spin("The big dog barked.", rate=1.0).text.startswith("The ")
    upper = spin("BIG", rate=1.0, skip_names=False)
    assert upper.edits and upper.text.isupper()


def test_skip_names() -> None:
    text = "Yesterday Deep and Big met Rare in Paris."
    kept = spin(text, rate=1.0, seed=1)
    assert not {"Deep", "Big", "Rare", "Paris"} & {edit.original for edit in kept.edits}
    touched = spin(text, rate=1.0, seed=1, skip_names=False)
    assert {"Deep", "Big"} & {edit.original for edit in touched.edits}


def test_a_name_is_reworded_or_left_never_written_longer_or_shorter() -> None:
    # thesauri give a name's other forms as its synonyms; only "composer" rewords "Bach"
    table = {"bach": ["johann sebastian bach", "composer"], "wtc": ["world trade center"]}
    for seed in range(8):
        result = spin(
            "Music by Bach filled the WTC hall.", rate=1.0, seed=seed, thesaurus=table, skip_names=False
        )
        assert result.text == "Music by Composer filled the WTC hall."
    # a lower-case place keeps every synonym
    lower = {spin("music by bach", rate=1.0, seed=s, thesaurus=table).text for s in range(8)}
    assert "music by johann sebastian bach" in lower


def test_skip_stopwords() -> None:
    text = "We have a big house."
    assert not {e.original.lower() for e in spin(text, rate=1.0).edits} & STOPWORDS
    loose = spin(text, rate=1.0, seed=0, skip_stopwords=False)
    assert "have" in {e.original for e in loose.edits}


def test_multiword_heads_match_longest_first() -> None:
    result = spin("He met the secretary of state today.", rate=1.0, seed=0)
    assert "secretary of state" in {edit.original for edit in result.edits}


def test_phrases_do_not_cross_lines_or_punctuation() -> None:
    result = spin("the secretary\nof state, heart. attack", rate=1.0, seed=0)
    assert all("\n" not in e.original and "," not in e.original for e in result.edits)
    check_invariants(result)


def test_glued_words_untouched() -> None:
    result = spin("Don't open file.txt, e.g. big_deep or deep/big.", rate=1.0, skip_stopwords=False)
    assert {edit.original.lower() for edit in result.edits} <= {"open", "or"}


def test_spintax_format() -> None:
    result = spin("Deep water is cold.", rate=1.0, seed=0)
    expected = "Deep water is cold."
    for edit in reversed(result.edits):
        marked = f"{{{edit.original}|{edit.text}}}"
        expected = expected[: edit.original_start] + marked + expected[edit.original_end :]
    assert result.spintax() == expected
    assert re.search(r"\{[^{}|]+\|[^{}|]+\}", result.spintax())


def test_edit_is_a_plain_record() -> None:
    edit = Edit(0, 3, "big", "large", 0, 5)
    assert (edit.start, edit.end, edit.text, edit.original) == (0, 3, "big", "large")


@settings(max_examples=50, deadline=None)
@given(
    text=texts,
    rate=st.sampled_from([0.0, 0.3, 1.0]),
    seed=st.integers(0, 2**32),
    thesaurus=st.sampled_from(THESAURI),
    style=st.sampled_from(STYLES),
    skip_stopwords=st.booleans(),
    skip_names=st.booleans(),
)
def test_offsets_and_reconstruction(
    text: str, rate: float, seed: int, thesaurus: str, style: str, skip_stopwords: bool, skip_names: bool
) -> None:
    result = spin(text, rate, seed, thesaurus, style, skip_stopwords, skip_names)
    assert result.original == text
    check_invariants(result)
    # Everything outside the edits survives byte for byte, in both texts alike.
    assert outside_edits(result.text, [(e.start, e.end) for e in result.edits]) == outside_edits(
        text, [(e.original_start, e.original_end) for e in result.edits]
    )
    if rate == 0.0:
        assert result.text == text and not result.edits


def test_drawn_blindness_is_a_mix_where_a_spinner_rewriting_names_rewrites_function_words() -> None:
    rng = random.Random(3)
    draws = [drawn_blindness(rng) for _ in range(4000)]
    kinds = Counter((d["skip_stopwords"], d["skip_names"]) for d in draws)
    assert set(kinds) == {(True, True), (False, True), (False, False)}
    assert 0.65 < kinds[(True, True)] / len(draws) < 0.75
    assert 0.12 < kinds[(False, False)] / len(draws) < 0.18
    assert drawn_blindness(random.Random(9)) == drawn_blindness(random.Random(9))


def test_consistent_style_gives_each_head_one_synonym_everywhere() -> None:
    text = "Dogs bark at night. Dogs run in the park. Dogs eat meat. Dogs sleep all day."
    rewritten = set()
    for seed in range(8):
        result = spin(text, rate=0.5, seed=seed, style="consistent")
        spun: dict[str, set[str]] = {}
        for edit in result.edits:
            spun.setdefault(edit.original.lower(), set()).add(edit.text.lower())
        assert all(len(words) == 1 for words in spun.values()), spun
        count = sum(e.original == "Dogs" for e in result.edits)
        assert count in (0, 4)  # everywhere or nowhere
        rewritten.add(count)
    assert rewritten == {0, 4}  # the rate still decides, per head


def test_graft_puts_the_phrase_in_place_of_a_word_after_the() -> None:
    text = "Yesterday the minister said that the committee would meet. A report came."
    grafted = graft(text, "bosom peril", seed=0)
    assert grafted is not None and len(grafted.edits) == 1
    check_invariants(grafted)
    edit = grafted.edits[0]
    assert edit.text == "bosom peril" and edit.original in {"minister", "committee"}
    assert grafted.text[: edit.start].endswith("the ")
    # each slot is drawn by some seed; the same seed draws the same one
    drawn = {graft(text, "bosom peril", seed).edits[0].original for seed in range(20)}
    assert drawn == {"minister", "committee"}
    assert graft(text, "bosom peril", seed=3) == graft(text, "bosom peril", seed=3)


def test_graft_slots_are_plain_content_words() -> None:
    # not a capitalised word, a function word, a number, a glued piece, or "a" before a vowel
    text = "The Minister saw the 3 cats and the of-line; a apple, the\nhouse, the don't, the dog."
    assert [t.text for t in graft_slots(text)] == ["dog"]
    assert graft("Nothing to take here.", "bosom peril") is None


@given(text=texts, seed=st.integers(0, 2**32), phrase=st.sampled_from(["bosom peril", "deep learning", "x"]))
def test_graft_offsets_and_reconstruction(text: str, seed: int, phrase: str) -> None:
    grafted = graft(text, phrase, seed)
    if grafted is None:
        assert not graft_slots(text)
        return
    check_invariants(grafted)
    assert grafted.original == text and grafted.edits[0].text == phrase


def test_graft_many_puts_each_phrase_in_a_slot_of_its_own() -> None:
    text = "Yesterday the minister said that the committee would meet. The report came in their car."
    grafted = graft_many(text, ["bosom peril", "deep learning"], seed=1)
    check_invariants(grafted)
    assert sorted(e.text for e in grafted.edits) == ["bosom peril", "deep learning"]
    assert {e.original for e in grafted.edits} < {"minister", "committee", "report", "car"}
    # more phrases than slots: as many as there are slots, in slot order
    crowded = graft_many(text, ["a b", "c d", "e f", "g h", "i j"], seed=1)
    assert [e.text for e in crowded.edits] == ["a b", "c d", "e f", "g h"]
    assert [e.original for e in crowded.edits] == ["minister", "committee", "report", "car"]
    assert graft_many("Nothing to take here.", ["bosom peril"]).text == "Nothing to take here."


@given(text=texts, seed=st.integers(0, 2**32), count=st.integers(0, 4))
def test_graft_many_offsets_and_reconstruction(text: str, seed: int, count: int) -> None:
    phrases = ["bosom peril", "deep learning", "counterfeit consciousness", "big data"][:count]
    grafted = graft_many(text, phrases, seed)
    check_invariants(grafted)
    assert grafted.original == text
    assert len(grafted.edits) == min(count, len(graft_slots(text)))


def test_graft_hosts_are_paragraphs_joined_up_to_a_size_and_each_phrase_has_one() -> None:
    article = (
        "The minister said on Tuesday that the committee would publish the report next week.\n"
        "Officials at the department declined to comment on the plans, which have been criticised by "
        "the opposition and by several charities working in the area.\n"
    )
    hosts = graft_hosts([article * 3])
    # what is left over at the end is too short to host
    assert len(hosts) == 1 and len(hosts[0].split()) >= GRAFT_HOST_WORDS
    assert hosts[0].startswith("The minister") and graft_slots(hosts[0])
    assert graft_hosts(["A line with the slot.\nAnother."]) == []
    more = [f"{host} {n}" for n, host in enumerate(hosts * 50)]
    assert graft_host("bosom peril", more) == graft_host("bosom peril", more)  # stable
    assert len({graft_host(f"phrase {n}", more)[0] for n in range(40)}) > 10  # and spread out
