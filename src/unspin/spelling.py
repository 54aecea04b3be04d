"""Spelling variants: British and American spellings of one word are one word.

Word frequencies come from mixed English, where the British spelling of a word ("utilise",
"travelled", "colour") is several times rarer than the American one. Read on its own, a British
spelling then looks like the rarer synonym a spinner would write, and British prose (or anyone who
writes it) draws false alarms. ``american_spelling`` undoes the regular patterns, and
``merged_frequencies`` gives both spellings the frequency of the word as a whole; a restoration
that only respells a word ("fantasise" -> "fantasize") is no restoration either
(``resources.other_spelling``).

Rules, not a list: a rule's result counts only when it is a known word, so a pattern that matches
by chance mostly finds nothing to merge with, or a rare misspelling that adds next to nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

# (pattern, replacement), tried in order; the first that matches gives the American spelling.
_RULES = (
    # organise, organised, organising, organisation(s), organiser(s); analyse, paralysed
    (re.compile(r"^(\w{3,})is(e|es|ed|ing|ation|ations|er|ers|able)$"), r"\1iz\2"),
    (re.compile(r"^(\w{2,})ys(e|es|ed|ing|er|ers)$"), r"\1yz\2"),
    # colour, behaviour, favourite, labourers: three letters or more before the ending, which
    # leaves "four", "hour", "your", "tour" and "flour" alone
    (re.compile(r"^(\w{3,})our(s|ed|ing|ite|ites|er|ers|able|ful|less)?$"), r"\1or\2"),
    # centre, theatres, metre, fibre, sombre; centred
    (re.compile(r"^(\w{2,}[tbg])re(s)?$"), r"\1er\2"),
    (re.compile(r"^(\w{2,}[tbg])red$"), r"\1ered"),
    # travelled, cancelling, modeller: the stem has two vowels, so "filled" and "calling" stay
    (re.compile(r"^(\w*[aeiou]\w*[aeiou][^aeiou\W]*)ll(ed|ing|er|ers)$"), r"\1l\2"),
    # catalogue, dialogues
    (re.compile(r"^(\w{3,})ogue(s)?$"), r"\1og\2"),
    # defence, offence, licence, pretence
    (re.compile(r"^(def|off|lic|pret)ence(s)?$"), r"\1ense\2"),
    (re.compile(r"^programme(s|d)?$"), r"program\1"),
)
# Endings any rule needs: a cheap test before the patterns, over a few hundred thousand words.
_ENDINGS = (
    "ise", "ises", "ised", "ising", "isation", "isations", "iser", "isers", "isable",
    "yse", "yses", "ysed", "ysing", "yser", "ysers",
    "our", "ours", "oured", "ouring", "ourite", "ourites", "ourer", "ourers", "ourable", "ourful",
    "ourless", "tre", "tres", "tred", "bre", "bres", "bred", "gre", "gres",
    "lled", "lling", "ller", "llers", "ogue", "ogues", "ence", "ences",
    "programme", "programmes", "programmed",
)  # fmt: skip


def american_spelling(word: str) -> str | None:
    """The American spelling a British spelling would have, by the regular patterns, or None.

    The result is a guess; callers keep it only when it is a known word.
    """
    if not word.endswith(_ENDINGS):
        return None
    for pattern, replacement in _RULES:
        respelled, found = pattern.subn(replacement, word)
        if found:
            return respelled if respelled != word else None
    return None


def spelling_pairs(zipf: Mapping[str, float]) -> dict[str, str]:
    """``{spelling: other spelling}`` both ways, for each British spelling in ``zipf`` whose
    American spelling is in it too."""
    pairs: dict[str, str] = {}
    for word in zipf:
        other = american_spelling(word)
        if other is not None and other in zipf:
            pairs[word] = other
            pairs[other] = word
    return pairs


def merged_frequencies(zipf: Mapping[str, float], pairs: Mapping[str, str]) -> dict[str, float]:
    """``{spelling: Zipf frequency of both spellings together}`` for the spellings in ``pairs``."""
    return {word: math.log10(10 ** zipf[word] + 10 ** zipf[other]) for word, other in pairs.items()}
