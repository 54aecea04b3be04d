"""Where benchmark and training data live, and the fixed train/calibration/test split of documents.

The data in ``../shared/data`` is for research use only: it is read from there, never copied.
``technical_prose`` reads the documentation that ships with Python itself, so it is there wherever
unspin runs (it varies a little with the Python version, which benchmark signatures record).
"""

from __future__ import annotations

import ast
import heapq
import importlib.util
import json
import os
import re
import sysconfig
import zlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import cache
from itertools import islice
from pathlib import Path

from unspin.evaluate import stable_hash

SPLITS = ("train", "calibration", "test")


def shared_data() -> Path | None:
    """``$UNSPIN_SHARED_DATA`` or ``../shared/data`` beside the checkout, if it exists."""
    candidates = [
        os.environ.get("UNSPIN_SHARED_DATA"),
        Path(__file__).resolve().parents[3] / "shared" / "data",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def split_of(document_id: str) -> str:
    """60 % train, 20 % calibration, 20 % test, fixed by a stable hash of the document id."""
    bucket = stable_hash(document_id) % 10
    return "train" if bucket < 6 else "calibration" if bucket < 8 else "test"


def news(split: str | None = None, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of the clean news articles, optionally one split only.

    An article the corpus holds twice (about a hundred texts do, under two ids) is read once, at
    its first id: its copies could otherwise fall in two splits and a model be tested on what it
    learned from. For the same reason a test article that nearly copies a train or calibration
    article (``near_copies_in_test``) is left out.
    """
    root = shared_data()
    if root is None:
        return
    left_out = near_copies_in_test(root) if split in (None, "test") else frozenset()
    count = 0
    for doc_id, text in _distinct_articles(root):
        if split is not None and split_of(doc_id) != split:
            continue
        if doc_id in left_out:
            continue
        yield doc_id, text
        count += 1
        if limit is not None and count >= limit:
            return


def _distinct_articles(root: Path) -> Iterator[tuple[str, str]]:
    """The corpus's ``(id, text)`` rows, each text once (at its first id), whitespace aside."""
    read: set[str] = set()
    with open(root / "news" / "bbc.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = " ".join(row["text"].split())
            if text not in read:
                read.add(text)
                yield row["id"], row["text"]


# The corpus also holds the same story edited by a word or two, or updated, under another id: 68
# pairs share more than half their word 5-grams, 41 of them across splits (near-identical test and
# train articles among them). Train and calibration stay as they are (the shipped models were fitted
# and tuned on them); a test article this close to one of theirs is no test.
NEAR_COPY_SHINGLE = 5
NEAR_COPY_JACCARD = 0.5
# Each article is compared through a sketch of its shingles (their 32 smallest hashes): two articles
# sharing half their shingles all but surely share one of these values, and only such pairs are
# compared in full (the 24 found are those of the full comparison of every pair).
# Holding every article's shingles at once took 230 MB, read into the benchmark's speed probes.
SKETCH_SIZE = 32


def shingles(text: str) -> set[int]:
    """The CRC32 hashes of the text's word 5-grams (``NEAR_COPY_SHINGLE``), lower-cased."""
    words = text.lower().split()
    return {
        zlib.crc32(" ".join(words[i : i + NEAR_COPY_SHINGLE]).encode())
        for i in range(len(words) - NEAR_COPY_SHINGLE + 1)
    }


def jaccard(a: set[int], b: set[int]) -> float:
    """How much two sets of shingles overlap: shared over all."""
    return len(a & b) / len(a | b) if a or b else 0.0


@cache
def near_copies_in_test(root: Path) -> frozenset[str]:
    """Ids of the test articles whose word 5-grams overlap a train or calibration article's by more
    than ``NEAR_COPY_JACCARD`` (Jaccard)."""
    texts = dict(_distinct_articles(root))
    holders: dict[int, list[str]] = {}  # sketch value -> the train and calibration articles with it
    for doc_id, text in texts.items():
        if split_of(doc_id) != "test":
            for value in heapq.nsmallest(SKETCH_SIZE, shingles(text)):
                holders.setdefault(value, []).append(doc_id)
    near = set()
    for doc_id, text in texts.items():
        if split_of(doc_id) == "test":
            own = shingles(text)
            rivals = {
                other for value in heapq.nsmallest(SKETCH_SIZE, own) for other in holders.get(value, ())
            }
            if any(jaccard(own, shingles(texts[other])) > NEAR_COPY_JACCARD for other in rivals):
                near.add(doc_id)
    return frozenset(near)


# A sentence ends at ., ! or ? (maybe closing a quote) before a space and a capital or an opening quote.
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'’”]))\s+(?=[A-Z\"“‘])")


def short_news_texts(
    split: str | None = None, max_words: int = 8, min_words: int = 4
) -> Iterator[tuple[str, str, str]]:
    """``(id, kind, text)`` of the short texts in the news articles, each to be checked on its own:
    the headline (an article's first line, ``kind`` "headline") and the sentences of ``min_words``
    to ``max_words`` words of its paragraphs ("sentence"). What a user pastes or a batch job feeds
    besides documents: titles, captions, one-line posts."""
    for doc_id, text in news(split):
        headline, _, body = text.strip().partition("\n")
        if headline and len(headline.split()) <= max_words:
            yield doc_id, "headline", headline.strip()
        for paragraph in body.split("\n"):
            for sentence in _SENTENCE_BREAK.split(paragraph.strip()):
                if min_words <= len(sentence.split()) <= max_words:
                    yield doc_id, "sentence", sentence


# --- technical prose: Python's own documentation ---------------------------------------------

# Packages of the standard library whose docstrings are not reference prose (tests, demos, GUIs)
# or are vendored third-party code.
_NOT_PROSE = {"test", "tests", "idlelib", "lib2to3", "tkinter", "turtledemo", "site-packages", "ensurepip"}
_PLAIN_WORD = re.compile(r"[A-Za-z][a-z]+[.,;:]?")
MIN_PARAGRAPH_WORDS = 25
# Long modules are cut into documents of about a news article's length (paragraphs kept whole), so
# that a false-positive rate counts many documents rather than a few long ones.
DOCUMENT_WORDS = 300


def prose_paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` that read as sentences: long enough, not indented (code, tables,
    examples) and mostly plain words (not lists of ``name() -- ...`` entries). Line breaks inside a
    paragraph become spaces."""
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.startswith((" ", "\t", ">>>")):
            continue
        words = paragraph.split()
        if len(words) < MIN_PARAGRAPH_WORDS:
            continue
        if sum(1 for w in words if _PLAIN_WORD.fullmatch(w.strip("\"'()"))) < 0.8 * len(words):
            continue
        found.append(" ".join(words))
    return found


def technical_prose(split: str | None = None, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of clean technical English: the prose of the docstrings of each standard-library
    module (``stdlib:<path>#<part>``) and of the topics of Python's own reference documentation
    (``pydoc:<topic>#<part>``, from ``pydoc_data``), in parts of at least ``DOCUMENT_WORDS`` words.
    Split like the news, by a stable hash of the source (every part of a module in one split).

    Written by the Python developers, many of them not native speakers of English, and full of the
    rare technical words ("mutable", "iterable", "coroutine") that a detector of spun text must not
    mistake for a spinner's synonyms.
    """
    return _in_split(_technical_documents(), split, limit)


@cache
def _technical_documents() -> tuple[tuple[str, str], ...]:
    sources = _docstring_sources(Path(sysconfig.get_paths()["stdlib"]), "stdlib", _NOT_PROSE)
    try:
        from pydoc_data.topics import topics
    except ImportError:  # some distributions package the documentation apart
        topics = {}
    sources += [(f"pydoc:{name}", prose_paragraphs(topics[name])) for name in sorted(topics)]
    return _documents(sources)


def scientific_prose(split: str | None = None, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of clean scientific English: the docstring prose of the installed SciPy and
    scikit-learn (``scipy:<path>#<part>``, ``sklearn:<path>#<part>``; none when they are not
    installed), in parts of at least ``DOCUMENT_WORDS`` words, split like ``technical_prose``.

    Statistics, numerical methods and machine learning written as papers are: terms ("identity
    matrix", "test statistic", "concordant") that no news corpus counts, the manuscripts a paper
    screener reads. Which texts there are depends on the installed versions.
    """
    return _in_split(_scientific_documents(), split, limit)


@cache
def _scientific_documents() -> tuple[tuple[str, str], ...]:
    sources: list[tuple[str, list[str]]] = []
    for package in ("scipy", "sklearn"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            sources += _docstring_sources(Path(spec.origin).parent, package, {"tests", "_build_utils"})
    return _documents(sources)


def joined(documents: Sequence[tuple[str, str]], size: int) -> list[tuple[str, str]]:
    """``size`` consecutive ``(id, text)`` documents at a time, joined by blank lines, a short rest
    left out: the parts of scientific prose (about 300 words each) made into texts of a paper's
    length. Each keeps the first part's id, with ``+n`` for the ``n`` parts after it."""
    texts = []
    for first in range(0, len(documents) - size + 1, size):
        chosen = documents[first : first + size]
        doc_id = chosen[0][0] if size == 1 else f"{chosen[0][0]}+{size - 1}"
        texts.append((doc_id, "\n\n".join(text for _, text in chosen)))
    return texts


def _docstring_sources(root: Path, prefix: str, skipped: Collection[str]) -> list[tuple[str, list[str]]]:
    """``(prefix:relative path, prose paragraphs)`` of the docstrings of each module under ``root``
    (modules in a ``skipped`` directory, and test modules, left out)."""
    sources = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if any(part in skipped or part.startswith("test_") for part in relative.parts):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, OSError, ValueError):
            continue
        paragraphs = [
            paragraph
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            for paragraph in prose_paragraphs(ast.get_docstring(node) or "")
        ]
        sources.append((f"{prefix}:{relative.as_posix()}", list(dict.fromkeys(paragraphs))))
    return sources


def _in_split(
    documents: Iterable[tuple[str, str]], split: str | None, limit: int | None
) -> Iterator[tuple[str, str]]:
    """The ``documents`` of ``split`` (a source's parts share its split), at most ``limit`` of them."""
    chosen = (d for d in documents if split is None or split_of(d[0].partition("#")[0]) == split)
    return islice(chosen, limit)


def _documents(sources: list[tuple[str, list[str]]]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"{source}#{i}", part) for source, paragraphs in sources for i, part in enumerate(_parts(paragraphs))
    )


def _parts(paragraphs: list[str]) -> list[str]:
    """Consecutive paragraphs joined into parts of at least ``DOCUMENT_WORDS`` words. A short
    remainder joins the part before it; a part of less than half that (a short source) is dropped."""
    parts: list[list[str]] = [[]]
    words = [0]
    for paragraph in paragraphs:
        if words[-1] >= DOCUMENT_WORDS:
            parts.append([])
            words.append(0)
        parts[-1].append(paragraph)
        words[-1] += len(paragraph.split())
    if len(parts) > 1 and words[-1] < DOCUMENT_WORDS // 2:
        remainder, remainder_words = parts.pop(), words.pop()
        parts[-1] += remainder
        words[-1] += remainder_words
    return ["\n\n".join(part) for part, count in zip(parts, words) if count >= DOCUMENT_WORDS // 2]
