"""The shipped tables, stored for quick loading, say exactly what their sources say."""

import math
from collections import defaultdict

from wordfreq import get_frequency_dict

from unspin.resources import inverse_rows, neighbour_rows, phrase_table, word_zipf_table


def test_zipf_table_holds_wordfreqs_frequencies() -> None:
    expected = {word: math.log10(freq * 1e9) for word, freq in get_frequency_dict("en").items() if freq > 0}
    assert word_zipf_table() == expected


def test_neighbour_rows_are_the_two_word_phrases_in_order() -> None:
    following: dict[str, list[str]] = defaultdict(list)
    preceding: dict[str, list[str]] = defaultdict(list)
    for phrase in sorted(phrase_table()):
        left, _, right = phrase.partition(" ")
        if " " not in right:
            following[left].append(right)
            preceding[right].append(left)
    rows_following, rows_preceding = neighbour_rows()
    assert {word: row.split(" ") for word, row in rows_following.items() if row} == following
    assert {word: row.split(" ") for word, row in rows_preceding.items() if row} == preceding


def test_phrase_scores_are_per_billion_logs() -> None:
    table = phrase_table()
    assert table["breast cancer"] > 3.0
    assert "cancer breast" not in table
    assert all(isinstance(score, float) for score in table.values())


def test_inverse_rows_have_one_colon_per_head() -> None:
    # heads_of parses a row with a single split, which needs every item to be exactly "head:links"
    assert all(item.count(":") == 1 for row in inverse_rows().values() for item in row.split("|"))
