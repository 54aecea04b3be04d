"""Tokenisation that keeps exact character offsets into the input text.

Every token is a slice ``text[start:end]``; nothing is normalised in place. ``norm`` is the
lower-cased form with typographic apostrophes, ligatures and soft hyphens folded and a word
hyphenated at a line end rejoined, which is what lexicons are keyed on. A line break before a
lower-case word is a hard wrap, not the start of a sentence; so is one before a capital in a
hard-wrapped text, where the word would not have fitted on the line before (``_fills_the_line``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<url>(?:https?://|www\.)\S+[^\s.,;:!?)\]'"’”])
  | (?P<email>[\w.+-]+@[\w-]+\.[\w.-]*\w)
  | (?P<code>
        (?P<ticks>`+)(?:(?!'\s)[^`\n])+?(?P=ticks)(?!`)  # inline code: `x`, ``f(x)``
      | [^\W_]+(?:_+[^\W_]+)+_*  # snake_case: n_features, feature_importances_
      | [^\W\d_]\w+\.(?:[^\W\d_A-Z]\w+|[^\W\d_]\w+\.[^\W\d_]\w+)(?:\.[^\W\d_]\w+)*  # os.path, a.b.C
    )
  | (?P<number>\d+(?:[.,:/]\d+)*(?:%|st|nd|rd|th|s)?)
  | (?P<word>[^\W\d_]+(?:(?:[-‐‑](?:[ \t]*\r?\n[ \t]*)?|\u00ad)[^\W\d_]+)*)
  | (?P<clitic>['’][^\W\d_]{1,2}\b)
  | (?P<punct>[^\w\s])
    """,
    re.VERBOSE,
)
# What ends a sentence for good, and what may stand after it ('He said "no."').
_SENTENCE_FINAL = frozenset(".!?…")
_CLOSING = frozenset("\"'’”»)]")
# After these a capital says nothing either ("Note: Prices rose"), though the sentence may go on.
_SENTENCE_END = _SENTENCE_FINAL | {":", ";"}


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    kind: str  # "word" | "number" | "url" | "email" | "code" | "clitic" | "punct"
    norm: str
    sentence_start: bool  # first word-like token of a sentence or line: capitals there say nothing

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


# Typesetting inside words that text copied from a PDF or a web page keeps: the Latin ligatures
# ("signiﬁcant") and soft hyphens (invisible, where a browser may break the word).
_TYPESET = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\u00ad": ""}
)


def normalise(text: str) -> str:
    # the Unicode hyphen and the non-breaking one (word processors) read as the plain one
    norm = text.lower().replace("’", "'").replace("‐", "-").replace("‑", "-")
    if not norm.isascii():
        norm = norm.translate(_TYPESET)
    return _rejoined(norm) if "\n" in norm else norm


# A hyphen that ends a line inside a word: "experi-\nment" as hard-wrapped or PDF-extracted text
# breaks words.
_LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)-[ \t]*\r?\n[ \t]*([^\W\d_]+)")
# A word hyphenated at a line break is written whole when that makes a common word ("population",
# "profound"), or a known word of which one piece is not a word ("mammo-grams"); otherwise the
# hyphen was the compound's own ("long-term": "longterm" is a rarer web spelling; "self-esteem").
COMMON_JOINED_ZIPF = 3.0
WORD_PIECE_ZIPF = 2.0


def _rejoined(norm: str) -> str:
    from unspin.resources import word_zipf  # the lexicon is needed only for such rare words

    def join(match: re.Match[str]) -> str:
        left, right = match.groups()
        joined = word_zipf(left + right)
        piece_is_no_word = min(word_zipf(left), word_zipf(right)) < WORD_PIECE_ZIPF
        if joined >= COMMON_JOINED_ZIPF or (joined > 0 and piece_is_no_word):
            return left + right
        return f"{left}-{right}"

    return _LINE_END_HYPHEN.sub(join, norm)


# A line of a hard-wrapped text: its last visible character, the break, and (looked ahead at, so
# that the next line is matched in turn) the next line's first letter, lower case where it is.
_LINE_GOING_ON = re.compile(r"^([^\n]*\S)[ \t\r]*\n(?=[ \t]*([^\W\d_]))", re.MULTILINE)
_CHUNK = re.compile(r"\S+")


def wrap_width(text: str) -> int:
    """The width ``text`` was hard-wrapped at, as far as it shows: the longest of its lines that a
    lower-case word goes on from after one line break (0: no line does, the text is not wrapped)."""
    return max(
        (len(match.group(1)) for match in _LINE_GOING_ON.finditer(text) if match.group(2).islower()),
        default=0,
    )


def _fills_the_line(text: str, line_break: int, start: int, width: int) -> bool:
    """Whether the line ending at ``line_break`` had no room left for the chunk at ``start``: a
    wrapping tool breaks there whatever the word ("Secretary of\nState"), but a heading or a list
    item ends well before the margin."""
    line_start = text.rfind("\n", 0, line_break) + 1
    chunk = _CHUNK.match(text, start)
    chunk_length = chunk.end() - start if chunk else 0
    return len(text[line_start:line_break].rstrip()) + 1 + chunk_length > width


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with offsets; ``text[t.start:t.end] == t.text`` for every token."""
    tokens: list[Token] = []
    at_start = True
    # whether the sentence was ended by punctuation rather than begun by the text or a line: a word in
    # lower case after it goes on with the sentence ("sq. ft", "e.g. the", "U.S. officials", "4.zero")
    ended_by_punct = False
    last_end = 0
    width: int | None = None  # the wrap width, found when a capital first follows a line break
    # (a line break is searched for in place rather than in a slice: this loop runs once per token)
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        kind = match.lastgroup or "punct"
        piece = match.group()
        if tokens and (line_break := text.find("\n", last_end, start)) >= 0:
            # A line break starts a sentence, unless it is a hard wrap: the only one there, with a
            # lower-case word after it, or a capital that did not fit on a line of a wrapped text
            # (elsewhere a capital there may start a sentence, a heading or a list item).
            wrapped = kind == "word" and text.find("\n", line_break + 1, start) < 0
            if wrapped and not piece[0].islower():
                width = wrap_width(text) if width is None else width
                wrapped = width > 0 and _fills_the_line(text, line_break, start, width)
            if not wrapped:
                at_start, ended_by_punct = True, False
        going_on = ended_by_punct and kind == "word" and piece[0].islower()
        tokens.append(
            Token(start, end, piece, kind, normalise(piece), at_start and kind != "punct" and not going_on)
        )
        if kind == "punct":
            if piece in _SENTENCE_END and not at_start:
                at_start = ended_by_punct = True
        elif kind != "clitic":
            at_start = ended_by_punct = False
        last_end = end
    return tokens


def ends_a_sentence(tokens: list[Token]) -> bool:
    """Whether the last token, past closing quotes and brackets, ends a sentence."""
    for token in reversed(tokens):
        if token.kind != "punct" or token.text not in _CLOSING:
            return token.kind == "punct" and token.text in _SENTENCE_FINAL
    return False


# What a report counts as its words: a number or a code token counts as one, as ``wc -w`` would.
COUNTED_KINDS = frozenset(("word", "number", "code"))


def word_count(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if t.kind in COUNTED_KINDS)


def count_words(text: str) -> int:
    return word_count(tokenize(text))


def counted_norms(text: str) -> list[str]:
    """The normal forms of the counted words of ``text`` in order, as ``tokenize`` gives them, with
    no tokens made: what indexing a text by its words needs (a third of tokenizing's time)."""
    return [
        normalise(match.group())
        for match in _TOKEN.finditer(text)
        if (match.lastgroup or "punct") in COUNTED_KINDS
    ]
