"""Shipped lexical resources, each loaded lazily once per process and shared.

See ``data/SOURCES.md`` for where each file comes from; ``scripts/build_resources.py`` rebuilds them.
"""

from __future__ import annotations

import gzip
import math
from functools import cache, lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

THESAURI = ("wordnet", "moby")


def data_path(name: str) -> Path:
    return Path(str(importlib_resources.files("unspin") / "data" / name))


def _read_tsv_gz(name: str) -> list[list[str]]:
    with gzip.open(data_path(name), "rt", encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


@cache
def word_zipf_table() -> dict[str, float]:
    """Zipf frequency (log10 per billion words) of English words, from wordfreq."""
    from wordfreq import get_frequency_dict

    return {word: math.log10(freq * 1e9) for word, freq in get_frequency_dict("en").items() if freq > 0}


def word_zipf(word: str) -> float:
    return word_zipf_table().get(word, 0.0)


@cache
def phrase_table() -> dict[str, float]:
    """Known multiword phrases with a per-billion log frequency (0.0: attested, count unknown)."""
    # one split over the whole file is several times faster than a loop over lines
    text = gzip.decompress(data_path("phrases.tsv.gz").read_bytes()).decode("utf-8")
    fields = text.rstrip("\n").replace("\n", "\t").split("\t")
    return dict(zip(fields[0::2], map(float, fields[1::2])))


@cache
def thesaurus(name: str) -> dict[str, tuple[str, ...]]:
    """Forward thesaurus ``head -> synonyms`` (``name`` is one of ``THESAURI``)."""
    if name not in THESAURI:
        raise ValueError(f"unknown thesaurus {name!r}; choose from {', '.join(THESAURI)}")
    return {head: tuple(synonyms.split("|")) for head, synonyms in _read_tsv_gz(f"thesaurus-{name}.tsv.gz")}


@cache
def _inverse_rows() -> dict[str, str]:
    # Kept unparsed: a text touches a few thousand distinct words, the file has 118k.
    with gzip.open(data_path("inverse-thesaurus.tsv.gz"), "rt", encoding="utf-8") as handle:
        return dict(line.rstrip("\n").split("\t", 1) for line in handle)


@lru_cache(maxsize=65536)
def heads_of(synonym: str) -> dict[str, str]:
    """Which ordinary words or phrases a spinner could have turned into ``synonym``.

    Maps each head to the thesauri that link the pair, one letter each ("w" WordNet, "m" Moby).
    """
    row = _inverse_rows().get(synonym)
    if row is None:
        return {}
    return dict(item.rsplit(":", 1) for item in row.split("|"))
