"""Shipped lexical resources, each loaded lazily once per process and shared.

See ``data/SOURCES.md`` for where each file comes from; ``scripts/build_resources.py`` rebuilds them.
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Callable
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from sys import intern
from typing import Any, TypeVar

from unspin.spelling import merged_frequencies, spelling_pairs

THESAURI = ("wordnet", "moby")

# Closed-class words. Our own list on purpose, not the reference spinner's skip list: a detector
# that knew exactly which words the spinner leaves alone would learn the spinner, not spinning.
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those some any each every either neither no both all such what which
    whose whatever i me my mine we us our you your he him his she her it its they them their who whom
    myself itself themselves of at by for from in into on onto to with within without about above
    across after against along among around before behind below beneath beside between beyond
    during except inside near off out outside over past since through throughout till toward towards
    under until up upon via and or but nor so yet if then than because although though while whether
    unless as is am are was were be been being have has had having do does did can could will would
    shall should may might must not there here also only just very too
    """.split()
)

_Function = TypeVar("_Function", bound=Callable[..., Any])
_BOUNDED_CACHES: list[tuple[Any, int]] = []


def bounded_cache(maxsize: int) -> Callable[[_Function], _Function]:
    """``functools.cache`` for a function of the input's words (whose number has no bound), emptied
    by ``trim_caches`` once it holds more than ``maxsize`` results.

    Why not ``lru_cache(maxsize)``: a hit there also moves the entry to the front of a list, and a
    full garbage collection walks every entry; the hot caches are hit hundreds of thousands of times
    per batch of articles, and a plain dict of strings and numbers is left out of the walks.
    """

    def decorate(function: _Function) -> _Function:
        cached = cache(function)
        _BOUNDED_CACHES.append((cached, maxsize))
        return cached  # type: ignore[return-value]

    return decorate


def trim_caches() -> None:
    """Empty each ``bounded_cache`` over its size (a checker calls this before each text)."""
    for cached, maxsize in _BOUNDED_CACHES:
        if cached.cache_info().currsize > maxsize:
            cached.cache_clear()


def data_path(name: str) -> Path:
    return Path(str(importlib_resources.files("unspin") / "data" / name))


# Files are read a block at a time: a whole decompressed file, tens of MB, would stay in the
# process's memory after it is freed, and a loop over lines is several times slower.
_BLOCK_CHARS = 1 << 18


def _read_fields(name: str) -> list[str]:
    """Every field of a gzip'd TSV file in one flat list, row after row.

    ``fields[i::n]`` is then column ``i`` of a file with ``n`` columns (no field holds a tab).
    """
    fields: list[str] = []
    with gzip.open(data_path(name), "rt", encoding="utf-8") as handle:
        while block := handle.read(_BLOCK_CHARS):
            block += handle.readline()  # end on a row boundary
            fields += block.rstrip("\n").replace("\n", "\t").split("\t")
    return fields


@cache
def _frequencies() -> tuple[dict[str, float], dict[str, str]]:
    from wordfreq import get_frequency_list

    # wordfreq stores words in one-centibel buckets: bucket i holds the words of frequency
    # 10 ** (-i / 100). One conversion per bucket instead of one per word (as in
    # get_frequency_dict) is several times faster, gives the same floats and shares them.
    table: dict[str, float] = {}
    # Uncached (``__wrapped__``): wordfreq would keep the buckets, 800 lists of 350k words that
    # every full garbage collection walks, long after the table below is built.
    for index, bucket in enumerate(get_frequency_list.__wrapped__("en")):
        table.update(dict.fromkeys(bucket, math.log10(10 ** (-index / 100) * 1e9)))
    # a British and an American spelling are one word, as frequent as both (unspin.spelling)
    pairs = spelling_pairs(table)
    table.update(merged_frequencies(table, pairs))
    return table, pairs


# Cached itself, not only through ``_frequencies``: the hot paths call it hundreds of thousands of
# times per batch, and a cache hit runs in C with no Python frame.
@cache
def word_zipf_table() -> dict[str, float]:
    """Zipf frequency (log10 per billion words) of English words, from wordfreq; both spellings
    of a word spelt two ways ("colour", "color") have the frequency of the two together."""
    return _frequencies()[0]


def other_spelling(word: str) -> str | None:
    """The word's other spelling, British or American, when both are known words."""
    return _frequencies()[1].get(word)


def word_zipf(word: str) -> float:
    return word_zipf_table().get(word, 0.0)


@cache
def bigram_rows() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """For each word, who follows it (with each pair's per-billion log frequency, 0 for a pair only
    a thesaurus lists) and who precedes it, as unparsed space-separated rows.

    Two million pairs: a text uses a few thousand of the 80k words, whose rows ``language_model``
    parses on first use.
    """
    fields = _read_fields("bigrams.tsv.gz")
    words = fields[0::4]
    return dict(zip(words, zip(fields[1::4], fields[2::4]))), dict(zip(words, fields[3::4]))


@cache
def trigram_table() -> dict[str, dict[str, float]]:
    """``a -> {"b c": log10 P(c | a b)}`` for the word triples inside the thesauri's longer entries
    that a trigram model finds far likelier than their pairs ("track and field")."""
    fields = _read_fields("trigrams.tsv.gz")
    table: dict[str, dict[str, float]] = {}
    for first, rest, logprob in zip(fields[0::3], fields[1::3], fields[2::3]):
        table.setdefault(first, {})[rest] = float(logprob)
    return table


@cache
def lemma_table() -> dict[str, str]:
    """``word -> lemma`` for the lower-case words whose lemma differs (see ``unspin.inflection``)."""
    fields = _read_fields("lemmas.tsv.gz")
    return dict(zip(fields[0::2], fields[1::2]))


@cache
def inflection_rows() -> dict[str, str]:
    """``lemma -> tag:spelling/spelling|...``, unparsed (see ``unspin.inflection``)."""
    fields = _read_fields("inflections.tsv.gz")
    return dict(zip(fields[0::2], fields[1::2]))


@cache
def thesaurus(name: str) -> dict[str, tuple[str, ...]]:
    """Forward thesaurus ``head -> synonyms`` (``name`` is one of ``THESAURI``)."""
    if name not in THESAURI:
        raise ValueError(f"unknown thesaurus {name!r}; choose from {', '.join(THESAURI)}")
    fields = _read_fields(f"thesaurus-{name}.tsv.gz")
    return {head: tuple(synonyms.split("|")) for head, synonyms in zip(fields[0::2], fields[1::2])}


@cache
def headings() -> frozenset[str]:
    """Subject headings (and the Computer Science Ontology's topics) of two to five common words,
    lower case, hyphens as spaces ("heart rate", "collaborative filtering"): the names of what papers
    are about, which a restoration of a tortured phrase is likelier to be
    (``scripts/build_resources.py``; loaded when a phrase on its own is first restored)."""
    with gzip.open(data_path("headings.txt.gz"), "rt", encoding="utf-8") as handle:
        return frozenset(handle.read().splitlines())


@cache
def inverse_rows() -> dict[str, str]:
    # Kept unparsed: a text touches a few thousand distinct words, the file has 118k.
    fields = _read_fields("inverse-thesaurus.tsv.gz")
    return dict(zip(fields[0::2], fields[1::2]))


def heads_of(synonym: str) -> dict[str, str]:
    """Which ordinary words or phrases a spinner could have turned into ``synonym``.

    Maps each head to the thesauri that link the pair, one letter each ("w" WordNet, "m" Moby).
    """
    # Most lookups are of word pairs and triples of running text that no thesaurus lists: they are
    # answered here, and only rows that exist are parsed and cached (the misses used to fill the
    # cache and push the parsed rows out of it).
    row = inverse_rows().get(synonym)
    return {} if row is None else _parsed_heads(row)


@bounded_cache(maxsize=65536)
def _parsed_heads(row: str) -> dict[str, str]:
    # "head:links|head:links|...": a head never holds a colon (nor a link), so one split parses the
    # row. Interned: the same heads and links recur across thousands of rows kept in the cache.
    fields = row.replace(":", "|").split("|")
    return dict(zip(map(intern, fields[0::2]), map(intern, fields[1::2])))
