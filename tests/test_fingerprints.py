import math
from collections import Counter

import pytest

from unspin.fingerprints import (
    MAX_WORD_ODDS,
    FingerprintIndex,
    PhraseList,
    contested_phrases,
    expand_alternatives,
    expected_error,
    expected_wordings,
    joined_key,
    parse,
    parse_rows,
    phrase_key,
    phrase_substitutions,
    read_phrase_list,
    substitution_examples,
    tortured_word_odds,
    word_substitutions,
)
from unspin.textio import InputError


def test_notes_brackets_and_slashes_are_cleaned() -> None:
    assert expand_alternatives("zero interest [rates]") == ("zero interest", "zero interest rates")
    assert expand_alternatives("artificial neural network (ann)") == ("artificial neural network",)
    # notes nest, and the list escapes the quotes around the phrases they cite
    nested = 'gaussian mixture (as in \\"gaussian mixture model (gmm)\\")'
    assert expand_alternatives(nested) == ("gaussian mixture",)
    assert expand_alternatives('\\"mobile ad hoc network (manet)\\"') == ("mobile ad hoc network",)
    assert expand_alternatives("nuclear medicine (nm") == ("nuclear medicine",)  # left open
    assert expand_alternatives("centers for medicare \\& medicaid services (cms)") == (
        "centers for medicare & medicaid services",
    )
    assert expand_alternatives("fault detection/diagnosis") == ("fault detection", "fault diagnosis")
    assert expand_alternatives("heart failure / heart attack") == ("heart failure", "heart attack")
    assert expand_alternatives("performance expectancy, see https://example.org/x") == (
        "performance expectancy",
    )


def test_unsure_entries_and_quoting_notes_give_the_wording_alone() -> None:
    assert expand_alternatives("random linear function (?)") == ("random linear function",)
    assert expand_alternatives("total cost of the method?") == ("total cost of the method",)
    assert expand_alternatives("steady? heat flow") == ("steady heat flow",)
    assert expand_alternatives("???") == ()
    # an ellipsis stands for words left out: a restoration cannot write it
    assert expand_alternatives("prior knowledge of [...]") == ("prior knowledge of",)
    assert expand_alternatives("extracting [\u2026] features") == ("extracting features",)
    assert expand_alternatives("in short, this...") == ("in short, this",)
    assert expand_alternatives("“cutting costs” or “reducing costs”") == ("cutting costs", "reducing costs")
    assert expand_alternatives("the word ‘is’ as in the verb ‘be’") == ("is", "be")
    # a lone closing quote is an apostrophe
    assert expand_alternatives("fetal calf’s serum") == ("fetal calf’s serum",)


def test_parse_skips_comments_and_malformed_rows() -> None:
    rows = ["# header\n", "no tab here\n", "profound learning\tdeep learning\n", "same\tsame\n", "odd\t???\n"]
    fingerprints = parse(rows)
    assert [(f.tortured, f.expected) for f in fingerprints] == [("profound learning", ("deep learning",))]


def test_parse_rows_names_the_lines_it_skipped_and_credits_the_source() -> None:
    rows = ["# header", "", "  ", "no tab", "glimmering rectangle\tbright square\r\n", "same\tsame", "?!\tx"]
    entries, skipped = parse_rows(rows, "mine.tsv")
    assert [(f.tortured, f.expected, f.source) for f in entries] == [
        ("glimmering rectangle", ("bright square",), "mine.tsv")
    ]
    assert skipped == [4, 6, 7]  # comments and blank lines are not rows to report


def test_a_users_phrase_list_is_read_with_its_name_and_skipped_rows(tmp_path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("\ufeffglimmering rectangle\tbright/shining square\nno tab\n", encoding="utf-8")
    phrase_list = read_phrase_list(path)
    assert phrase_list.name == "mine.tsv" and phrase_list.skipped == (2,)
    # a byte-order mark is no part of the first phrase
    assert phrase_list.entries == (parse(["glimmering rectangle\tbright/shining square"], "mine.tsv")[0],)
    assert phrase_list.entries[0].expected == ("bright square", "shining square")
    assert phrase_list.skipped_note("in/mine.tsv") == (
        "in/mine.tsv: 1 row skipped, not 'tortured<TAB>expected' (line 2)"
    )
    many = parse_rows(["no tab"] * 12, "x")[1]
    assert PhraseList("x", (), tuple(many)).skipped_note("x") == (
        "x: 12 rows skipped, not 'tortured<TAB>expected' (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"# nothing but a comment\n", "no tortured<TAB>expected entries"),
        (b"caf\xe9\tcoffee\n", "not valid UTF-8"),
        (b"a\x00b\tc\n", "binary content"),
    ],
)
def test_a_phrase_list_that_gives_no_entry_is_an_input_error(tmp_path, content: bytes, message: str) -> None:
    path = tmp_path / "list.tsv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_phrase_list(path)
    with pytest.raises(InputError, match="no such file"):
        read_phrase_list(tmp_path / "missing.tsv")


def test_index_matches_case_and_inflection_blind() -> None:
    index = FingerprintIndex.build(parse(["profound neural organization\tdeep neural network\n"]))
    keys = list(phrase_key("Two Profound Neural Organizations were trained"))
    found = index.match(keys, 1)
    assert [(length, f.expected[0]) for length, f in found] == [(3, "deep neural network")]
    assert index.match(keys, 0) == []


def test_a_match_can_end_at_a_unit_read_another_way() -> None:
    index = FingerprintIndex.build(parse(["profound learning\tdeep learning\n", "profound\tdeep\n"]))
    keys = ["a", "profound", "learning-based", "model"]
    endings = [(), (), ("learning",), ()]
    # only matches whose last unit is read as its ending: "profound" alone ends at a plain unit
    assert [(n, f.tortured) for n, f in index.match_ending_in(keys, 1, endings)] == [(2, "profound learning")]
    assert index.match_ending_in(keys, 1, [()] * 4) == []
    # a unit may be read more than one way: "absolutely-linked" as the compound's head and part by part
    both = FingerprintIndex.build(parse(["absolutely linked\tfully connected\n", "absolutely\tfully\n"]))
    endings = [(), ("absolutely", "absolutely-link")]
    assert [(n, f.tortured) for n, f in both.match_ending_in(["a", "absolutely-linked"], 1, endings)] == [
        (1, "absolutely"),
        (1, "absolutely linked"),
    ]
    assert [f.tortured for _, f in index.match(keys, 1)] == ["profound"]


def test_a_phrase_of_two_words_or_more_is_indexed_as_one_word_joined_by_hyphens_too() -> None:
    index = FingerprintIndex.build(parse(["profound learning\tdeep learning\n", "woodland\tforest\n"]))
    assert joined_key("Profound Learnings") == joined_key("profound-learnings") == "profound-learning"
    assert [(n, f.tortured) for n, f in index.match(["profound-learning"], 0)] == [(1, "profound learning")]
    # a listed word is not joined to the next one
    assert index.match(["woodland-bird"], 0) == []


def test_a_typographic_apostrophe_keys_as_the_plain_one() -> None:
    assert phrase_key("Detainee\u2019s Predicament") == phrase_key("detainee's predicament")
    assert phrase_key("detainee's predicament") == ("detainee's", "predicament")


def test_word_substitutions_are_learned_from_aligned_entries() -> None:
    table = word_substitutions(
        parse(["profound learning\tdeep learning\n", "profound network\tdeep network\n", "a b c\tx y\n"])
    )
    assert table["profound"]["deep"] == 2
    assert "a" not in table


def test_a_stretch_written_for_one_word_is_learned_from_entries_aligned_from_both_ends() -> None:
    rows = [
        "sickness recognizable proof\tdisease identification\n",  # "sickness" for "disease": learned
        "sickness rate\tdisease rate\n",
        "species recognizable proof\tspecies identification\n",
        "covered up markov model\thidden markov model\n",
        "gadget getting to know\tmachine learning\n",  # two words left on the expected side: none
        "a b c d e\tx\n",  # a rewording, not a stretch for a word
        "profound learning\tdeep learning\n",  # as many words: a word substitution
    ]
    table = phrase_substitutions(parse(rows))
    assert table == {
        "recognizable proof": Counter({"identification": 2}),
        "covered up": Counter({"hidden": 1}),
    }
    # each is shown with the shortest entry that taught it
    examples = substitution_examples(parse(rows))
    assert examples[("recognizable proof", "identification")].tortured == "species recognizable proof"
    # the word by its lemma, as the evidence looks it up
    assert examples[("covered up", "hide")].expected == ("hidden markov model",)


def test_compounds_align_part_by_part_when_the_sides_differ_in_length() -> None:
    table = word_substitutions(parse(["article arranged programming\tobject-oriented programming\n"]))
    assert table["article"]["object"] == 1
    assert table["arrange"]["orient"] == 1  # keyed and counted by lemma


def test_a_pair_one_entry_gives_across_word_classes_is_learned_only_when_a_thesaurus_links_it() -> None:
    rows = [
        "organization method statistics coping with\tgroup method of data handling\n",  # misaligned
        "possess emerged\thave emerged\n",  # the spinner's own crossing: a thesaurus link
        "statistics fusion\tdata fusion\n",
    ]
    table = word_substitutions(parse(rows))
    assert "of" not in table["statistic"] and table["statistic"]["data"] == 1
    assert table["possess"]["have"] == 1
    assert "with" not in table  # "with" for "handling": a preposition for a noun, unlinked
    assert table["organization"]["group"] == 1  # the entry's other pairs stay
    # seen in two entries, a crossing is learned whether or not a thesaurus links it
    assert word_substitutions(parse(rows[:1] * 2))["statistic"]["of"] == 2


def test_word_odds_separate_a_spinners_vocabulary_from_technical_terms() -> None:
    rows = [
        "profound learning\tdeep learning\n",
        "profound networks\tdeep networks\n",
        "stochastic disorder\tstochastic noise\n",
        "irregular angle descent\tstochastic gradient descent\n",
    ]
    odds = tortured_word_odds(parse(rows))
    assert odds["profound"] == math.log(2.5 / 0.5)  # two tortured entries, no expected one
    assert odds["stochastic"] < 0  # once tortured, twice expected
    assert odds["learning"] == 0.0 and odds["network"] == 0.0  # on both sides: cancels (by lemma)
    assert "unseen" not in odds


def test_a_tortured_phrase_the_list_gives_elsewhere_as_expected_wording_is_contested() -> None:
    entries = parse(
        [
            "dimensionality reduction (DR)\tdiabetic retinopathy (DR)\n",
            "dimension reduction branche\tdimensionality reduction pipeline\n",
            "choice trees\tdecision trees\n",
            "congested tree\tchoice tree\n",
            "profound learning\tdeep learning\n",
        ]
    )
    # whole ("choice tree", inflection-blind) or inside a longer wording; never a single word
    assert contested_phrases(entries) == {("dimensionality", "reduction"), ("choice", "tree")}


def test_word_odds_are_clipped() -> None:
    rows = [f"profound thing{i}\tdeep thing{i}\n" for i in range(500)]
    assert tortured_word_odds(parse(rows))["profound"] == MAX_WORD_ODDS


def test_expected_wordings_read_a_string_or_a_list_as_the_list_reads_its_expected_column():
    assert expected_wordings("bright/shining square") == ("bright square", "shining square")
    assert expected_wordings(["breast cancer", "zero interest [rates]", "breast cancer"]) == (
        "breast cancer",
        "zero interest",
        "zero interest rates",
    )
    assert expected_wordings([]) == ()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("breast cancer", None),
        (["breast cancer", "lung cancer"], None),
        (7, '"expected" must be a string or a list of strings, not number'),
        ({"a": 1}, '"expected" must be a string or a list of strings, not object'),
        (["a", None], '"expected" must be a string or a list of strings, not a list holding null'),
        (["a", [1]], '"expected" must be a string or a list of strings, not a list holding an array'),
        ("  ", '"expected" holds no wording'),
        ([], '"expected" holds no wording'),
    ],
)
def test_expected_error_says_why_a_value_gives_no_wording(value, error):
    assert expected_error(value) == error


def test_an_allow_list_is_its_phrases_one_per_line(tmp_path) -> None:
    from unspin.fingerprints import read_allow_list

    path = tmp_path / "allow.txt"
    lines = ["\ufeff# our field's terms", "track and field", "", "  chief financial officer  ", "#"]
    path.write_bytes("\n".join([*lines, "track and field", ""]).encode())
    assert read_allow_list(path) == ("track and field", "chief financial officer")
    path.write_bytes(b"# nothing yet\n\n")
    with pytest.raises(InputError, match="no phrase in it"):
        read_allow_list(path)
