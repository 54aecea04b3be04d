"""Shipped lexical resources, each loaded lazily once per process and shared.

See ``data/SOURCES.md`` for where each file comes from; ``scripts/build_resources.py`` rebuilds them.
"""

from __future__ import annotations

import gzip
import math
from functools import cache, lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from sys import intern

THESAURI = ("wordnet", "moby")


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
def word_zipf_table() -> dict[str, float]:
    """Zipf frequency (log10 per billion words) of English words, from wordfreq."""
    from wordfreq import get_frequency_list

    # wordfreq stores words in one-centibel buckets: bucket i holds the words of frequency
    # 10 ** (-i / 100). One conversion per bucket instead of one per word (as in
    # get_frequency_dict) is several times faster, gives the same floats and shares them.
    table: dict[str, float] = {}
    for index, bucket in enumerate(get_frequency_list("en")):
        table.update(dict.fromkeys(bucket, math.log10(10 ** (-index / 100) * 1e9)))
    return table


def word_zipf(word: str) -> float:
    return word_zipf_table().get(word, 0.0)


@cache
def phrase_table() -> dict[str, float]:
    """Known multiword phrases with a per-billion log frequency (0.0: attested, count unknown)."""
    table: dict[str, float] = {}
    with gzip.open(data_path("phrases.tsv.gz"), "rt", encoding="utf-8") as handle:
        # one line per score, "score<TAB>phrase<TAB>phrase...": one float per score, not per phrase
        for line in handle:
            score, *phrases = line.rstrip("\n").split("\t")
            table.update(dict.fromkeys(phrases, float(score)))
    return table


@cache
def neighbour_rows() -> tuple[dict[str, str], dict[str, str]]:
    """Who follows and who precedes each word in a two-word phrase, as space-separated rows."""
    fields = _read_fields("neighbours.tsv.gz")
    words = fields[0::3]
    return dict(zip(words, fields[1::3])), dict(zip(words, fields[2::3]))


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
def inverse_rows() -> dict[str, str]:
    # Kept unparsed: a text touches a few thousand distinct words, the file has 118k.
    fields = _read_fields("inverse-thesaurus.tsv.gz")
    return dict(zip(fields[0::2], fields[1::2]))


@lru_cache(maxsize=65536)
def heads_of(synonym: str) -> dict[str, str]:
    """Which ordinary words or phrases a spinner could have turned into ``synonym``.

    Maps each head to the thesauri that link the pair, one letter each ("w" WordNet, "m" Moby).
    """
    row = inverse_rows().get(synonym)
    if row is None:
        return {}
    # "head:links|head:links|...": a head never holds a colon (nor a link), so one split parses the
    # row. Interned: the same heads and links recur across thousands of rows kept in the cache.
    fields = row.replace(":", "|").split("|")
    return dict(zip(map(intern, fields[0::2]), map(intern, fields[1::2])))
