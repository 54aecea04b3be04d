"""Lemmas, inflection and casing: a restoration wears the form of the place it stands in."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=200_000)
def lemma_key(word: str) -> str:
    """The lemma used to key lexicons ("penalties" -> "penalty"); the word itself if unknown."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word.lower())
    for pos in ("NOUN", "VERB", "ADJ", "ADV", "PROPN"):
        if pos in lemmas:
            return lemmas[pos][0]
    return word.lower()


@lru_cache(maxsize=200_000)
def tag_of(word: str) -> str | None:
    """The Penn tag of ``word`` read as an inflected form of its lemma, or None if it is a base form."""
    from lemminflect import getAllInflections

    lemma = lemma_key(word)
    if lemma == word.lower():
        return None
    for tag, forms in getAllInflections(lemma).items():
        if word.lower() in forms and tag not in ("NN", "VB", "JJ", "RB"):
            return tag
    return None


@lru_cache(maxsize=200_000)
def inflect_as(word: str, tag: str) -> str:
    """``word`` in the inflection ``tag`` (Penn tag), or unchanged if lemminflect has no form."""
    from lemminflect import getInflection

    forms = getInflection(word, tag=tag)
    return forms[0] if forms else word


def inflect_like(replacement: str, original: str) -> str:
    """Give the last word of ``replacement`` the inflection of the last word of ``original``."""
    tag = tag_of(original.split()[-1])
    if tag is None:
        return replacement
    *rest, last = replacement.split(" ")
    return " ".join([*rest, inflect_as(last, tag)])


def case_like(replacement: str, original: str) -> str:
    """Copy the casing pattern of ``original`` onto ``replacement`` (lower, Title, UPPER)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    words = original.split()
    if words and all(w[:1].isupper() for w in words) and len(words) > 1:
        return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
