"""Lemmas, inflection and casing: a restoration wears the form of the place it stands in.

Lemmas and inflections are lemminflect's, read from tables of its answers for every lower-case word
it knows (``scripts/build_resources.py``): loading its own lookups takes over a second. Anything
else (a capitalised word, a word it does not know) is still answered by lemminflect itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from unspin.resources import bounded_cache, inflection_rows, lemma_table, word_zipf

# Which reading of an ambiguous word gives its lemma: "saw" is keyed as the noun, not as "see".
LEMMA_PREFERENCE = ("NOUN", "VERB", "ADJ", "ADV", "PROPN")
# The tags ``inflect_as`` answers from the table, each with the universal part of speech that
# lemminflect inflects an unknown word as. Other tags (proper nouns, modals) go to lemminflect.
_TAG_POS = {
    **dict.fromkeys(("NN", "NNS"), "NOUN"),
    **dict.fromkeys(("VB", "VBD", "VBG", "VBN", "VBP", "VBZ"), "VERB"),
    **dict.fromkeys(("JJ", "JJR", "JJS"), "ADJ"),
    **dict.fromkeys(("RB", "RBR", "RBS"), "ADV"),
}
# lemminflect's second choice when a lemma lacks the tag: regular verbs may list only one of
# their identical past forms, and adjectives and adverbs stand in for each other.
_FALLBACK_TAG = {
    "VBD": "VBN",
    "VBN": "VBD",
    "JJ": "RB",
    "JJR": "RBR",
    "JJS": "RBS",
    "RB": "JJ",
    "RBR": "JJR",
    "RBS": "JJS",
}


def lemminflect_lemma(word: str) -> str:
    """``lemma_key`` asked of lemminflect itself (the build script tabulates these answers)."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word.lower())
    for pos in LEMMA_PREFERENCE:
        if pos in lemmas:
            return lemmas[pos][0]
    return word.lower()


def lemma_key(word: str) -> str:
    """The lemma used to key lexicons ("penalties" -> "penalty"); the word itself if unknown."""
    lower = word.lower()
    return lemma_table().get(lower, lower)


@bounded_cache(maxsize=65536)
def all_inflections(lemma: str) -> Mapping[str, tuple[str, ...]]:
    """Every form of ``lemma`` by Penn tag, as lemminflect's ``getAllInflections`` gives them."""
    if lemma != lemma.lower():
        from lemminflect import getAllInflections

        return getAllInflections(lemma)
    row = inflection_rows().get(lemma)
    if not row:
        return {}
    return {tag: tuple(forms.split("/")) for tag, forms in (item.split(":") for item in row.split("|"))}


@bounded_cache(maxsize=200_000)
def tag_of(word: str) -> str | None:
    """The Penn tag of ``word`` read as an inflected form of its lemma, or None if it is a base form."""
    tags = tags_of(word)
    return tags[0] if tags else None


@bounded_cache(maxsize=65536)
def tags_of(word: str) -> tuple[str, ...]:
    """Every Penn tag ``word`` is an inflected form of its lemma in ("carried": VBD and VBN), or ()."""
    lemma = lemma_key(word)
    lower = word.lower()
    if lemma == lower:
        return ()
    return tuple(
        tag
        for tag, forms in all_inflections(lemma).items()
        if lower in forms and tag not in ("NN", "VB", "JJ", "RB")
    )


def has_form(word: str, tag: str, unknown: bool = True) -> bool:
    """Whether the lexicon lists ``word`` in the inflection ``tag``; a word it does not know may
    take any form when ``unknown``."""
    known = all_inflections(word)
    return (unknown and not known) or tag in known or _FALLBACK_TAG.get(tag) in known


# Regular suffixes and what undoing them leaves: "training" -> "train", "studies" -> "study".
_REGULAR_SUFFIXES = (
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("ied", "y"),
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
)


def _undone(lower: str, suffix: str, ending: str) -> list[str]:
    """The words ``lower`` is with ``suffix`` added to: the stem plus ``ending``, and without a
    doubled last consonant ("planned" -> "plan", "bigger" -> "big")."""
    stem = lower[: -len(suffix)] + ending
    return [stem, stem[:-1]] if not ending and len(stem) > 2 and stem[-1] == stem[-2] else [stem]


@bounded_cache(maxsize=65536)
def base_forms(word: str) -> tuple[str, ...]:
    """Lemmas the lexicon lists ``word`` as an inflection of ("training" -> ("train",)), besides the
    one ``lemma_key`` prefers: the regular suffixes undone, each stem checked against its forms."""
    lower = word.lower()
    found: list[str] = []
    for suffix, ending in _REGULAR_SUFFIXES:
        if not lower.endswith(suffix) or len(lower) <= len(suffix) + 1:
            continue
        for lemma in _undone(lower, suffix, ending):
            if lemma not in found and any(lower in forms for forms in all_inflections(lemma).values()):
                found.append(lemma)
    return tuple(found)


# A regular suffix, what undoing it leaves, and the inflection it gives, as inflectors write them,
# so that their output on a word that takes no such form can be read back ("opportunitied").
# Tried in this order: "quites" is "quit" regularised before it is "quite" made plural.
_INFLECTING_SUFFIXES = (
    ("iest", "y", "JJS"),
    ("est", "", "JJS"),
    ("est", "e", "JJS"),
    ("ier", "y", "JJR"),
    ("er", "", "JJR"),
    ("er", "e", "JJR"),
    ("ied", "y", "VBD"),
    ("ed", "", "VBD"),
    ("ed", "e", "VBD"),
    ("ing", "", "VBG"),
    ("ing", "e", "VBG"),
    ("ies", "y", "NNS"),
    ("es", "", "NNS"),
    ("s", "", "NNS"),
)
# the base must be a common word: a rare one with a suffix is as likely a rare word of its own
BROKEN_BASE_ZIPF = 3.0


@bounded_cache(maxsize=65536)
def broken_inflection(word: str) -> tuple[str, str] | None:
    """``(base, tag)`` when ``word`` is a common word wearing an inflection it cannot take
    ("opportunitied": "opportunity" made a past verb; "enormousest"), else None.

    This is what an inflector does to a synonym of the wrong part of speech; people rarely write
    it. Only words no frequency list knows qualify, and only category breaks: a base that has the
    form spelt otherwise ("childs", "goed", the slips of a learner) is not one, nor is any word
    the lexicon lists.
    """
    lower = word.lower()
    if not lower.isalpha() or word_zipf(lower) > 0 or lemma_table().get(lower) or all_inflections(lower):
        return None
    for suffix, ending, tag in _INFLECTING_SUFFIXES:
        if not lower.endswith(suffix) or len(lower) < len(suffix) + 3:
            continue
        for base in _undone(lower, suffix, ending):
            if word_zipf(base) < BROKEN_BASE_ZIPF:
                continue
            forms = all_inflections(base)
            # Only a word the lexicon knows, as a lemma, can be seen to lack a form: a brand or an
            # abbreviation ("ipod", "seq") has no parts of speech to break, an inflected word
            # inflected again ("gotting") is a slip. Comparatives need an adjective or adverb:
            # "-er" makes agent nouns of verbs and nouns ("streamer", "ipodder").
            if not forms or lemma_key(base) != base:
                continue
            if tag in ("JJR", "JJS") and not ("JJ" in forms or "RB" in forms):
                continue
            if tag == "NNS" and "NNS" not in forms and "VBZ" in forms:
                tag = "VBZ"  # a verb's third person: "runs", and no noun to pluralise
            if tag in forms or _FALLBACK_TAG.get(tag) in forms:
                return None  # the base has this form, spelt otherwise: a slip, not a category break
            return base, tag
    return None


@bounded_cache(maxsize=200_000)
def inflect_as(word: str, tag: str) -> str:
    """``word`` in the inflection ``tag`` (Penn tag), or unchanged if lemminflect has no form.

    The same answer as lemminflect's ``getInflection``: the tabulated form, else the fallback
    tag's, else its rules for unknown words.
    """
    pos = _TAG_POS.get(tag)
    if pos is None or word != word.lower():
        from lemminflect import getInflection

        forms = getInflection(word, tag=tag)
        return forms[0] if forms else word
    known = all_inflections(word)
    form = known.get(tag)
    if form is None and tag in _FALLBACK_TAG:
        form = known.get(_FALLBACK_TAG[tag])
    if form is None:
        form = _unknown_word_inflections(word, pos).get(tag)
    return form[0] if form else word


@bounded_cache(maxsize=65536)
def _unknown_word_inflections(word: str, pos: str) -> Mapping[str, tuple[str, ...]]:
    """lemminflect's rule-based forms of a word it does not know, every tag at once: a fifth of the
    calls in a first pass over news ask the same word for another tag, and each costs about 0.1 ms."""
    from lemminflect import getAllInflectionsOOV

    return getAllInflectionsOOV(word, pos)


def inflect_like(replacement: str, original: str) -> str:
    """Give ``replacement`` the inflection of the last word of ``original``: on its first word
    when it is a verb phrase taking a verb's form ("call for" like "sought": "called for"), else on
    its last word."""
    tag = tag_of(original.split()[-1])
    if tag is None:
        return replacement
    words = replacement.split(" ")
    if len(words) > 1 and tag.startswith("VB") and tag in all_inflections(words[0]):
        return " ".join([inflect_as(words[0], tag), *words[1:]])
    *rest, last = words
    if tag_of(last) is not None:
        # an inflected form already ("autonomous vehicles" listed for "self-ruling vehicles"):
        # inflected again it would read "vehicleses", so start from its lemma
        last = case_like(lemma_key(last), last)
    return " ".join([*rest, inflect_as(last, tag)])


def inflect_as_listed(replacement: str, written: str, listed: str) -> str:
    """The wording a list gives for a phrase whose last word it lists as ``listed``, for a text
    that writes that word ``written`` (the list is matched through lemmas).

    The list pairs each tortured phrase with its expected wording in one form ("bouncing boxes" for
    "bounding boxes"): written alike, the wording stays as listed; written as a base form where the
    list has an inflected one ("bouncing box"), its last word goes back to the base form too;
    otherwise it takes the written word's inflection.
    """
    if written.lower() == listed.lower():
        return replacement
    if tag_of(written) is not None:
        return inflect_like(replacement, written)
    *rest, last = replacement.split(" ")
    if tag_of(listed) is None or tag_of(last) is None:
        return replacement
    return " ".join([*rest, case_like(lemma_key(last), last)])


_PARTS = re.compile(r"[\s-]+")
_PART_START = re.compile(r"(?:^|(?<=[\s-]))\w")


def case_like(replacement: str, original: str) -> str:
    """Copy the casing pattern of ``original`` onto ``replacement`` (lower, Title, UPPER)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    # the parts of a hyphenated word count as words: "Profound-Learning" -> "Deep-Learning"
    words = [w for w in _PARTS.split(original) if w]
    if words and all(w[:1].isupper() for w in words) and len(words) > 1:
        return _PART_START.sub(lambda m: m.group().upper(), replacement)
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def keep_written_words(replacement: str, original: str) -> str:
    """``replacement`` with each word that ``original`` has too (whatever the case) written as
    ``original`` writes it, apostrophe too: a listed phrase's expected wording keeps the text's
    "CO2" or "Alzheimer’s" ("CO2 effluent" -> "CO2 emission", not "Co2 emission")."""
    written = {_word_key(word): word for word in original.split()}
    return " ".join(written.get(_word_key(word), word) for word in replacement.split(" "))


def _word_key(word: str) -> str:
    return word.lower().replace("’", "'")


# Words whose spelling misleads about their first sound: a vowel letter read as "y"/"w" ("a
# unique", "a one-off", "a European") or a silent "h" ("an hour"). Prefixes of words.
_CONSONANT_SOUNDING = ("uni", "eu", "ewe", "ouija")
_WON = frozenset({"one", "ones", "once", "oneself", "oneness"})  # not "onerous"
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")
# "un" + a vowel letter after "uni" is the prefix "un-" ("an unimportant"), or not ("a unimodal"):
# unknown
_UNSURE = ("unim", "unin", "unid")


def indefinite_article(phrase: str) -> str | None:
    """ "a" or "an" before ``phrase``, by the sound its first word starts with; None when its
    spelling does not say (an acronym, a number, a single letter, "unim..."), so that a caller
    leaves a written article as it stands."""
    first = phrase.split(" ", 1)[0].split("-", 1)[0]
    if len(first) < 2 or not first.isalpha() or first.isupper():
        return None
    word = first.lower()
    if word.startswith(_UNSURE):
        return None
    if word.startswith(_CONSONANT_SOUNDING) or word in _WON:
        return "a"
    if word.startswith(_SILENT_H):
        return "an"
    if word[0] == "u" and len(word) > 2 and word[1] not in "aeioun" and word[2] in "aeiou":
        return "a"  # "u" read "you" before a single consonant and a vowel: "a usual", "a utility"
    return "an" if word[0] in "aeiou" else "a"
