import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.tokens import COUNTED_KINDS, count_words, counted_norms, ends_a_sentence, tokenize, wrap_width

PIECES = st.sampled_from(
    [
        "word",
        "Name",
        "’s",
        "'t",
        " ",
        "  ",
        "\n",
        "-",
        "—",
        "“",
        "”",
        "3.5",
        "42%",
        "https://x.org/a?b=1",
        ".",
        ",",
        "é",
        "a-b",
        "-\n",
        "\r\n",
    ]
)


@given(st.lists(PIECES, max_size=30).map("".join))
@settings(max_examples=200, deadline=None)
def test_every_token_is_an_exact_slice_in_order(text: str) -> None:
    tokens = tokenize(text)
    for token in tokens:
        assert text[token.start : token.end] == token.text
    assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:]))


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_arbitrary_unicode_never_breaks_offsets(text: str) -> None:
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


def test_kinds_and_typographic_apostrophes() -> None:
    tokens = tokenize("The US’s 3.5% rise, see https://example.org/x.")
    kinds = [(t.text, t.kind) for t in tokens]
    assert ("US", "word") in kinds
    assert ("’s", "clitic") in kinds
    assert ("3.5%", "number") in kinds
    assert ("https://example.org/x", "url") in kinds
    assert [t.norm for t in tokens if t.kind == "clitic"] == ["'s"]


def test_code_is_one_token_whose_words_are_not_prose() -> None:
    text = "Set `statistic` or ``f(x, 'auto')``; see feature_importances_ and sklearn.utils.Bunch, os.path."
    code = [t.text for t in tokenize(text) if t.kind == "code"]
    assert code == [
        "`statistic`",
        "``f(x, 'auto')``",
        "feature_importances_",
        "sklearn.utils.Bunch",
        "os.path",
    ]
    assert count_words(text) == 9  # a code token counts as one word, as `wc -w` would count it


@pytest.mark.parametrize(
    "text",
    [
        "He said `no' and `yes' today.",  # quotes opened by a backtick and closed by an apostrophe
        "Asked e.g. the U.S. Secretary, a Ph.D. student.",  # abbreviations with one-letter parts
        "It is _very_ __bold__ here.",  # Markdown emphasis
        "Profits rose.Then they fell.",  # a missing space before a capital
    ],
)
def test_prose_that_looks_a_little_like_code_stays_words(text: str) -> None:
    assert [t for t in tokenize(text) if t.kind == "code"] == []


def test_sentence_starts_mark_capitals_that_say_nothing() -> None:
    tokens = [t for t in tokenize("Profits rose. Then Smith left.\nShares fell") if t.kind == "word"]
    starts = {t.text: t.sentence_start for t in tokens}
    assert starts == {
        "Profits": True,
        "rose": False,
        "Then": True,
        "Smith": False,
        "left": False,
        "Shares": True,
        "fell": False,
    }


def test_a_word_in_lower_case_after_a_full_stop_goes_on_with_its_sentence() -> None:
    # an abbreviation's full stop ends no sentence: "e.g. the", "sq. ft", "U.S. officials", "4.zero"
    text = "Prices of sq. ft rose, e.g. in the U.S. officials said so. Then 4.zero came.\n\nnext"
    starts = [t.text for t in tokenize(text) if t.sentence_start]
    assert starts == ["Prices", "S", "Then", "next"]  # a capital after one: "S" of "U.S." (no telling)
    # after a line break that is no hard wrap, a word in lower case still starts one
    assert [t.text for t in tokenize("Done.\n\nfine") if t.sentence_start] == ["Done", "fine"]


def test_a_hard_wrapped_line_goes_on_with_its_sentence_but_a_blank_line_or_capital_starts_one() -> None:
    text = "Profits rose sharply this year as\nthe firm sold more\n\nshares fell\nTraders sold"
    starts = {t.text: t.sentence_start for t in tokenize(text) if t.kind == "word"}
    assert starts["the"] is False  # a hard wrap
    assert starts["shares"] is True  # after a blank line
    assert starts["Traders"] is True  # a capital after a line shorter than the wrap: a new line


def test_a_capital_that_did_not_fit_on_a_wrapped_line_goes_on_with_its_sentence() -> None:
    text = (
        "The talks went on all day as the\n"  # 32 columns: "the" did not fit on the line before
        "minister met the Secretary of\n"  # "State" would have made it 35
        "State in the capital\n"  # a short line: what follows is a heading, a list, a new line
        "Markets rose"
    )
    assert wrap_width(text) == 32
    assert wrap_width("a\nbbbb bbbb\ncc\nDd") == 9  # every line is measured, not every other one
    starts = {t.text: t.sentence_start for t in tokenize(text) if t.kind == "word"}
    assert (starts["minister"], starts["State"], starts["Markets"]) == (False, False, True)
    # a text that no lower-case word shows to be wrapped has no width: a capital starts a line
    assert wrap_width("A heading\nThe first line of text\nAnother") == 0
    assert [t.text for t in tokenize("Secretary of\nState") if t.sentence_start] == ["Secretary", "State"]


def test_a_word_hyphenated_at_a_line_break_is_one_token_read_whole_or_as_a_compound() -> None:
    text = "the experi-\nment on long-\nterm self- \r\n esteem"
    words = [(t.text, t.norm) for t in tokenize(text) if t.kind == "word"]
    assert words == [
        ("the", "the"),
        ("experi-\nment", "experiment"),  # "experi" is no word, "experiment" a common one
        ("on", "on"),
        ("long-\nterm", "long-term"),  # "longterm" is a rarer spelling of the compound
        ("self- \r\n esteem", "self-esteem"),
    ]
    # a hyphen before a blank line, a list dash or a space is no line-end hyphenation
    assert [t.text for t in tokenize("one-\n\ntwo well-\n- item")][:3] == ["one", "-", "two"]


def test_ligatures_and_soft_hyphens_inside_a_word_are_read_through() -> None:
    text = "signi\u00adﬁcant eﬀects of ﬂow"
    assert [(t.text, t.norm) for t in tokenize(text)] == [
        ("signi\u00adﬁcant", "significant"),
        ("eﬀects", "effects"),
        ("of", "of"),
        ("ﬂow", "flow"),
    ]


def test_a_unicode_or_non_breaking_hyphen_inside_a_word_reads_as_the_plain_one() -> None:
    text = "real\u2010time and real\u2011time"
    assert [(t.text, t.norm) for t in tokenize(text)] == [
        ("real\u2010time", "real-time"),
        ("and", "and"),
        ("real\u2011time", "real-time"),
    ]


CODE_PIECES = st.sampled_from(["`f(x)`", "n_features", "os.path", "ﬁt", "a@b.org"])


@given(st.one_of(st.lists(PIECES | CODE_PIECES, max_size=30).map("".join), st.text(max_size=200)))
@settings(max_examples=200, deadline=None)
def test_counted_norms_are_the_norms_of_the_counted_tokens(text: str) -> None:
    assert counted_norms(text) == [t.norm for t in tokenize(text) if t.kind in COUNTED_KINDS]


def test_count_words() -> None:
    assert count_words("") == 0
    assert count_words("Two words, and 3 numbers: 4, 5.") == 7


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("The rates held.", True),
        ('He said: "We will wait."', True),
        ("(See below!)", True),
        ("Did they win?’ ", True),
        ("rates held at record low", False),
        ("As follows:", False),
        ("creation 4.zero", False),
        ("", False),
    ],
)
def test_ends_a_sentence_past_closing_quotes_and_brackets(text: str, ends: bool) -> None:
    assert ends_a_sentence(tokenize(text)) is ends
