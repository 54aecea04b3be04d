from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin import TextTooLong, comparison
from unspin.comparison import Alignment, Tokenized, align, compare
from unspin.spin import Edit, spin
from unspin.tokens import COUNTED_KINDS, tokenize

SOURCE = "The meeting was short, and the consequences were dire."


def pairs(alignment: Alignment) -> list[tuple[str, str]]:
    return [(edit.text, edit.original) for edit in alignment.edits]


def restored(alignment: Alignment) -> str:
    """The spun text with every edit's original wording put back (between spaces: a word is not
    glued to its neighbour)."""
    pieces, cursor = [], 0
    for edit in alignment.edits:
        pieces += [alignment.spun[cursor : edit.start], f" {edit.original} "]
        cursor = edit.end
    return "".join([*pieces, alignment.spun[cursor:]])


def keys(text: str) -> list[str]:
    return [comparison._key(token) for token in tokenize(text)]


def test_a_text_against_itself_has_no_edit_and_shares_every_word():
    alignment = align(SOURCE, SOURCE)
    assert alignment.edits == ()
    assert alignment.words == alignment.shared_words == 9
    assert alignment.shared_share == 1.0


def test_numbers_and_addresses_count_as_words_on_both_sides_of_the_share():
    text = "In 2020, 45 people met at www.example.org."
    alignment = align(text, text)
    assert alignment.words == alignment.shared_words == 6
    assert align(text, text.replace("45", "46")).shared_words == 5


def test_replacements_insertions_and_deletions_with_offsets_in_both_texts():
    spun = "The gathering was short and the outcomes had been dire!"
    alignment = align(SOURCE, spun)
    assert pairs(alignment) == [
        ("gathering", "meeting"),
        ("", ","),
        ("outcomes had been", "consequences were"),
        ("!", "."),
    ]
    for edit in alignment.edits:
        assert spun[edit.start : edit.end] == edit.text
        assert SOURCE[edit.original_start : edit.original_end] == edit.original
    deletion = alignment.edits[1]
    assert deletion.start == deletion.end == spun.index("and")  # where the next shared token starts
    # punctuation alone and a bare deletion are edits, not rewordings
    assert [edit.text for edit in alignment.rewritten] == ["gathering", "outcomes had been"]
    assert alignment.shared_words == 6 and alignment.words == 10


def test_an_insertion_has_an_empty_original_where_the_source_goes_on():
    alignment = align("The rules apply.", "The new rules apply.")
    (edit,) = alignment.edits
    assert (edit.text, edit.original, edit.original_start, edit.original_end) == ("new", "", 4, 4)


def test_case_apostrophes_quotes_and_whitespace_are_not_rewordings():
    alignment = align('He said "it\'s done"\nand left.', "he  said “it’s done” and\tleft.")
    assert alignment.edits == ()


def test_empty_texts():
    assert align("", "").edits == ()
    assert pairs(align("", "New words.")) == [("New words.", "")]
    assert align("Old words.", "").edits == (Edit(0, 0, "", "Old words.", 0, 10),)
    assert align("", "").shared_share == 0.0


def test_a_spin_is_recovered_edit_for_edit():
    original = (
        "The committee said the new rules would take effect next year. Officials expect the changes "
        "to cut costs for small firms, although critics argue the plan does not go far enough."
    )
    result = spin(original, rate=0.5, seed=3, thesaurus="wordnet")
    assert result.edits
    alignment = align(original, result.text)
    changed = {i for e in alignment.edits for i in range(e.start, e.end) if not result.text[i].isspace()}
    gold = {i for e in result.edits for i in range(e.start, e.end) if not result.text[i].isspace()}
    # a synonym holding its head ("notice" -> "final notice") is only partly a rewording
    assert changed <= gold and len(changed) >= 0.9 * len(gold)
    assert keys(restored(alignment)) == keys(original)


def test_long_texts_are_cut_at_unique_tokens_and_align_the_same(monkeypatch):
    original = " ".join(f"Sentence {n} says the meeting had consequences." for n in range(60))
    spun = original.replace("meeting", "gathering").replace("consequences", "outcomes")
    direct = align(original, spun)
    monkeypatch.setattr(comparison, "_DIRECT_PAIRS", 100)  # every stretch cut at its anchors first
    cut = align(original, spun)
    assert cut == direct
    assert len(cut.rewritten) == 120


def test_a_text_longer_than_a_check_reads_is_refused_on_either_side(monkeypatch):
    monkeypatch.setattr(comparison, "MAX_WORDS", 5)
    with pytest.raises(TextTooLong, match="the source has 6 words"):
        align("one two three four five six", "one two")
    with pytest.raises(TextTooLong, match="the copy has 6 words"):
        align("one two", "one two three four five six")
    assert align("one two three four five", "one two three four five").edits == ()


def test_longest_increasing_run_of_anchors():
    assert comparison._longest_increasing([(0, 3), (1, 1), (2, 2), (3, 0), (4, 5)]) == [
        (1, 1),
        (2, 2),
        (4, 5),
    ]
    assert comparison._longest_increasing([]) == []


words = st.lists(
    st.sampled_from("the a meeting gathering rules rule said , . new cut costs “ ’s".split()), max_size=30
)


@settings(max_examples=150, deadline=None)
@given(words, words, st.sampled_from([" ", "\n", "  "]))
def test_edits_index_both_texts_and_put_the_source_back(source_words, spun_words, gap):
    original, spun = " ".join(source_words), gap.join(spun_words)
    alignment = align(original, spun)
    assert_edits_index_both_texts(alignment)
    assert keys(restored(alignment)) == keys(original)
    assert 0 <= alignment.shared_words <= alignment.words


def assert_edits_index_both_texts(alignment: Alignment) -> None:
    """Each edit's text and original are at its offsets; the edits are sorted and apart in the copy."""
    previous_end = 0
    for edit in alignment.edits:
        assert alignment.spun[edit.start : edit.end] == edit.text
        assert alignment.original[edit.original_start : edit.original_end] == edit.original
        assert edit.start >= previous_end
        previous_end = edit.end


def test_a_passage_left_out_is_neither_aligned_nor_counted():
    source = "The council approved the budget on Tuesday. Rain fell on the hills."
    copy = (
        "The council sanctioned the budget on Tuesday. A new bakery opened downtown. Rain dropped on the"
        " hills."
    )
    bakery = (copy.index("A new"), copy.index("Rain") - 1)
    alignment = comparison.align_leaving_out(source, copy, [bakery])
    assert alignment.spun == copy and alignment.left_out == (bakery,)
    assert pairs(alignment) == [("sanctioned", "approved"), ("dropped", "fell")]
    assert alignment.words == 7 + 5  # the bakery's words not counted
    assert alignment.shared_words == alignment.words - 2
    assert comparison.align_leaving_out(source, copy, []) == align(source, copy)


def test_an_edit_across_a_passage_left_out_is_cut_there():
    source = "alpha beta gamma delta"
    copy = "alpha bravo one two three golf delta"
    passage = (copy.index("one"), copy.index(" golf"))
    alignment = comparison.align_leaving_out(source, copy, [passage])
    assert [(e.text, e.original, source[e.original_start : e.original_end]) for e in alignment.edits] == [
        ("bravo", "beta gamma", "beta gamma"),
        ("golf", "", ""),  # the rest inserts, after what the edit replaced
    ]
    assert_edits_index_both_texts(alignment)


@given(st.integers(0, 10_000), st.sets(st.integers(0, 4), max_size=3))
@settings(max_examples=40, deadline=None)
def test_edits_never_reach_into_the_passages_left_out(seed, picks):
    original = (
        "The committee said the new rules would take effect next year. Officials expect the changes "
        "to cut costs for small firms. Critics argue the plan does not go far enough. A vote is due "
        "in March, and the mayor has said she will back it."
    )
    copy = spin(original, rate=0.5, seed=seed, thesaurus="moby").text
    ranges = comparison.sentence_ranges(tokens := tokenize(copy), copy)
    left_out = [(tokens[r.start].start, tokens[r.stop - 1].end) for k, r in enumerate(ranges) if k in picks]
    alignment = comparison.align_leaving_out(original, copy, left_out)
    assert_edits_index_both_texts(alignment)
    assert not any(e.start < end and start < e.end for e in alignment.edits for start, end in left_out)
    counted = sum(t.kind in COUNTED_KINDS and not any(s <= t.start < e for s, e in left_out) for t in tokens)
    assert alignment.words == counted and alignment.shared_words <= counted


sentences = st.lists(
    st.lists(
        st.sampled_from("the a meeting gathering rules rule said new cut costs firms".split()),
        min_size=1,
        max_size=14,
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(sentences, st.randoms(use_true_random=False), st.floats(0, 1))
def test_moved_sentences_keep_offsets_and_every_word_of_both_texts(source_sentences, random, rate):
    """Shuffled and partly reworded sentences: every source token is aligned or in one edit."""
    original = " ".join(" ".join(words) + "." for words in source_sentences)
    shuffled = random.sample(source_sentences, len(source_sentences))
    reworded = [
        [random.choice(["fresh", "slash", word]) if random.random() < rate else word for word in words]
        for words in shuffled
    ]
    spun = "\n\n".join(" ".join(words) + "." for words in reworded)
    alignment = align(original, spun)
    assert_edits_index_both_texts(alignment)
    # moved passages are not put back in place, but every word of the source is
    assert Counter(keys(restored(alignment))) == Counter(keys(original))
    if not alignment.moves:
        assert keys(restored(alignment)) == keys(original)
    previous_end = 0
    for move in alignment.moves:
        assert move.start >= previous_end and 0 < move.shared_words
        previous_end = move.end
        # (each of its sentences keeps more than half its words)
        assert 2 * move.shared_words > len(spun[move.start : move.end].split())
    assert 0 <= alignment.shared_words <= alignment.words
    # a text given tokenized (a copy aligned with several sources) aligns the same
    tokenized = Tokenized.of(spun)
    assert align(Tokenized.of(original), tokenized) == alignment == align(original, tokenized)


PARAGRAPHS = [
    "The council approved the new budget for the coming year after a long debate on Tuesday.",
    "Local businesses had asked for lower taxes, and several members of the public spoke in favour.",
    "The mayor said the decision would help the town recover from a difficult winter.",
]


def test_a_moved_paragraph_is_aligned_where_the_source_has_it():
    original = "\n\n".join(PARAGRAPHS)
    moved = PARAGRAPHS[1].replace("businesses", "companies").replace("asked", "requested")
    spun = "\n\n".join([moved, PARAGRAPHS[0], PARAGRAPHS[2]])
    alignment = align(original, spun)
    (move,) = alignment.moves
    assert spun[move.start : move.end] == moved
    assert original[move.original_start : move.original_end] == PARAGRAPHS[1]
    assert move.shared_words == len(moved.split()) - 2
    # the rewordings inside it are edits, each with its place in both texts; nothing else is one
    assert pairs(alignment) == [("companies", "businesses"), ("requested", "asked")]
    assert original[alignment.edits[0].original_start :].startswith("businesses had asked")
    assert alignment.shared_words == alignment.words - 2
    # in order only, the paragraph is a deletion where it was and an insertion where it went
    in_order = align(original, spun, find_moves=False)
    assert in_order.moves == ()
    assert in_order.shared_share < 0.75 < alignment.shared_share
    assert any(edit.text == moved for edit in in_order.edits)


def test_moved_sentences_next_to_each_other_on_both_sides_are_one_passage():
    first, second = PARAGRAPHS[1].split(", and ")
    source = f"{PARAGRAPHS[0]} {first}. And {second}\n\n{PARAGRAPHS[2]}"
    spun = f"{first}. And {second}\n\n{PARAGRAPHS[2]} {PARAGRAPHS[0]}"
    alignment = align(source, spun)
    assert len(alignment.moves) == 1
    assert alignment.edits == ()
    assert alignment.shared_share == 1.0


def test_a_sentence_moves_when_it_keeps_more_than_half_its_words():
    source = (
        "Alpha bravo charlie delta echo foxtrot golf hotel. India juliet kilo lima mike november oscar papa."
    )
    second = "India juliet kilo lima mike november oscar papa."
    half = align(source, f"{second} Alpha bravo charlie delta one two three four.")
    assert half.moves == ()
    more = align(source, f"{second} Alpha bravo charlie delta echo two three four.")
    (move,) = more.moves
    assert (move.start, move.original_start, move.shared_words) == (len(second) + 1, 0, 5)
    assert pairs(more) == [("two three four", "foxtrot golf hotel")]


def test_short_sentences_and_sentences_reworded_where_they_stand_are_not_moves():
    short = align("Yes. The meeting went on. No.", "No. The meeting went on. Yes.")
    assert short.moves == ()
    # every sentence mostly reworded in place: each shares its few kept words ("the", "on") with the
    # others too, which is not enough to have moved there
    reworded = [
        "The board sanctioned the fresh plan for the next twelvemonth after a lengthy argument on Tuesday.",
        "Nearby firms had sought smaller levies, and many people from the town talked in support.",
        "The leader stated the ruling would aid the borough to mend after a hard season.",
    ]
    in_place = align("\n\n".join(PARAGRAPHS), "\n\n".join(reworded))
    assert in_place.moves == () and len(in_place.rewritten) > 10
    assert in_place.shared_share < 0.5


def test_compare_holds_checks_spans_against_the_rewordings():
    source = "Machine learning and deep learning help the hospital read scans."
    spun = "Machine learning and profound learning help the hospital read scans."
    result = compare(source, spun)
    (outcome,) = result.outcomes
    assert (outcome.edit.text, outcome.edit.original) == ("profound", "deep")
    assert outcome.flagged and outcome.restored_rank == 1
    assert (result.flagged, result.restored(), result.spans_on_shared_words) == (1, 1, ())
    assert result.report.text == spun  # the copy is checked as it stands
    fields = result.to_dict()
    assert fields["edits"][0]["suggestion"] == "deep learning"
    assert fields["edits"][0]["span"] == {"start": outcome.span.start, "end": outcome.span.end}
    assert (fields["flagged"], fields["restored"], fields["restored_top5"]) == (1, 1, 1)
    # restored as unspin restores it, the copy is its source again
    assert (
        result.alignment.shared_share < 1.0
        and result.restored_shared_share == fields["restored_shared_share"] == 1.0
    )


def test_compare_reads_spans_at_its_threshold():
    source = "Machine learning and deep learning help the hospital read scans."
    spun = "Machine learning and profound learning help the hospital read scans."
    result = compare(source, spun, min_confidence=1.0)
    assert not result.outcomes[0].flagged and result.outcomes[0].restored_rank is None


def test_a_span_over_words_the_source_has_is_listed():
    text = "Machine learning and profound learning help the hospital read scans."
    result = compare(text, text)
    assert result.outcomes == ()
    assert [span.text for span in result.spans_on_shared_words] == ["profound learning"]


@pytest.mark.parametrize("source", ["", "   "])
def test_compare_with_an_empty_source_calls_every_word_a_rewording(source):
    result = compare(source, "Machine learning helps.")
    assert [o.edit.text for o in result.outcomes] == ["Machine learning helps."]
