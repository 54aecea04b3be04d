"""Evidence: how much more natural the restoration is than the text, and why.

Each (window, candidate) pair gets a feature vector for the decision model and human-readable
evidence items that a user can show: the thesaurus link, the fingerprint, the context contrast.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter

from unspin.candidates import CHANGE_COST, Candidate, Window, channel_logprob, item_ends
from unspin.fingerprints import Fingerprint
from unspin.inflection import lemma_key
from unspin.language_model import ContextFit, context_fit, trigram_lift
from unspin.report import Evidence
from unspin.resources import word_zipf
from unspin.tokens import Token

FEATURES = (
    "gain",
    "gain_inside",
    "unattested_before",
    "unattested_after",
    "rarity",
    "zipf_rise",
    "wordnet",
    "moby",
    "learned",
    "fingerprint",
    "changed",
    "name_like",
    "function_word",
    "isolated",
    "channel",
    "posterior",
    "spin_prior",
    "tortured_word_odds",
    "restored_word_odds",
    "technical_context",
    "repeated",
    "restoration_preference",
)
# A feature dict's values in ``FEATURES`` order, in one call (the decision model's row layout).
feature_row = itemgetter(*FEATURES)
THESAURUS_NAMES = {"w": "WordNet", "m": "Moby"}
# (tortured word, expected word) -> a listed entry that gave the pair (fingerprints.substitution_examples)
Examples = Mapping[tuple[str, str], Fingerprint]
# Log-odds from which a word's standing in the tortured-phrase list is worth telling a reader (x 3).
TELLING_WORD_ODDS = 1.1
# How far the restoration model must prefer a change of a phrase on its own to the phrase as written
# (``restoration.preference``) for the evidence to tell it: about the median of the list's tortured
# phrases (5.6; their expected wordings' median is 2.5).
TELLING_PREFERENCE = 5.0
FUNCTION_WORD_ZIPF = 6.0  # "have", "may", "today": spinners swap these too, but so do writers
# Texts this short are phrases on their own (a list entry, a query), not running prose.
ISOLATED_MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class Assessment:
    window: Window
    candidate: Candidate
    features: dict[str, float]
    gain: float  # log10 likelihood ratio of restoration over text under the language model, in context
    posterior: float  # the same plus the noisy-channel cost of the substitutions: ranks restorations

    def evidence(self, surface: str, examples: Examples | None = None) -> tuple[Evidence, ...]:
        return tuple(explain(self, surface, examples))


MAX_REPEATS = 8


def lemma_counts(tokens: Sequence[Token]) -> Counter[str]:
    """How often each lemma occurs among the words of a document."""
    return Counter(lemma_key(t.norm) for t in tokens if t.kind == "word")


def window_repetition(window: Window, counts: Mapping[str, int]) -> float:
    """How often the window's least repeated word occurs in its document (lemmas; at most 8).

    The terms of technical writing recur ("the exponent ... its exponent ... an exponent"), where
    a spinner that picks a synonym afresh each time rarely writes the same odd word twice. A
    table-driven spinner does repeat its choices, so the span model learns this from spins in that
    style too, as evidence that only shifts the odds.
    """
    return float(min(MAX_REPEATS, min(counts.get(lemma_key(w), 1) for w in window.words)))


def _flat(words: tuple[str, ...] | list[str]) -> list[str]:
    return [part for word in words if word for part in word.split(" ")]


def as_written(window: Window) -> ContextFit:
    """How the window's text reads as it stands, scored once for all its candidates."""
    return context_fit(window.left, _flat(window.words), window.right, window.before, window.after)


def _in_context(
    window: Window, inside: list[str], wide_left: bool = False, wide_right: bool = False
) -> list[str]:
    """``inside`` between the window's neighbours, and the second neighbour on a ``wide`` side."""
    left = ([window.before] if wide_left and window.before else []) + ([window.left] if window.left else [])
    right = ([window.right] if window.right else []) + ([window.after] if wide_right and window.after else [])
    return left + inside + right


def _wide_sides(window: Window, *readings: list[str]) -> tuple[bool, bool]:
    """Whether a fixed phrase reaches a second neighbour, left and right, in any of ``readings``
    ("secretary of" + "state"): the context quoted as evidence then shows it."""
    before, left, right, after = window.before, window.left, window.right, window.after
    return (
        before is not None
        and left is not None
        and any(trigram_lift([before, left, r[0]]) > 0 for r in readings if r),
        right is not None
        and after is not None
        and any(trigram_lift([r[-1], right, after]) > 0 for r in readings if r),
    )


def assess(
    window: Window,
    candidate: Candidate,
    name_like: bool,
    isolated: bool = False,
    written: ContextFit | None = None,
    spin_prior: float = 0.0,
    word_odds: Mapping[str, float] | None = None,
    repeated: float = 0.0,
    preference: float = 0.0,
) -> Assessment:
    """Score one restoration; ``isolated``: the text is a short phrase on its own, not prose.

    ``written`` is ``as_written(window)``, passed in when the window has several candidates;
    ``spin_prior`` is the lowest ``WordOptions.spin_prior`` of the window's words; ``word_odds``
    is ``fingerprints.tortured_word_odds`` of the checker's list (a word it lacks: 0); ``repeated``
    is ``window_repetition`` of the window in its document; ``preference`` is
    ``restoration.preference`` of the whole phrase, for a phrase on its own (running text: 0).
    """
    written = written or as_written(window)
    after = context_fit(window.left, _flat(candidate.words), window.right, window.before, window.after)
    gain = after.score - written.score
    gain_inside = after.inside - written.inside
    changed_at = [i for i, (w, c) in enumerate(zip(window.words, candidate.words)) if w != c]
    changed = [(window.words[i], candidate.words[i]) for i in changed_at]
    if candidate.source == "fingerprint" or len(changed) == 0:
        changed = [(" ".join(window.words), candidate.text)]
        changed_at = list(range(len(window.words)))
    zipf_before = _lowest_zipf([w for w, _ in changed])
    restored = [c for _, c in changed if c]
    written_odds, restored_odds, context_odds = _list_odds(window, changed_at, _flat(restored), word_odds)
    zipf_after = _lowest_zipf(restored) if restored else zipf_before
    links = "".join(candidate.links)
    learned = (
        max((int(link[link.index("l") + 1 :]) for link in candidate.links if "l" in link), default=0)
        if "l" in links
        else 0
    )
    channel = sum(channel_logprob(link) for link in candidate.links if link != "f")
    n_changed = len(candidate.links)
    posterior = gain + channel + CHANGE_COST * n_changed
    features = {
        "gain": max(-5.0, min(8.0, gain)),
        "gain_inside": max(-5.0, min(8.0, gain_inside)),
        "unattested_before": float(written.unseen),
        "unattested_after": float(after.unseen),
        "rarity": max(0.0, 6.0 - zipf_before),
        "zipf_rise": zipf_after - zipf_before,
        "wordnet": float("w" in links),
        "moby": float("m" in links),
        "learned": min(3.0, learned**0.5),
        "fingerprint": float(candidate.source == "fingerprint"),
        "changed": float(len(changed)),
        "name_like": float(name_like),
        "function_word": float(zipf_before >= FUNCTION_WORD_ZIPF),
        "isolated": float(isolated),
        "channel": max(-4.0, channel),
        "posterior": max(-8.0, min(8.0, posterior)),
        "spin_prior": spin_prior,
        "tortured_word_odds": written_odds,
        "restored_word_odds": restored_odds,
        "technical_context": context_odds,
        "repeated": repeated,
        "restoration_preference": preference,
    }
    return Assessment(window, candidate, features, gain, posterior)


def _list_odds(
    window: Window, changed_at: list[int], restored_words: list[str], odds: Mapping[str, float] | None
) -> tuple[float, float, float]:
    """The word odds (``fingerprints.tortured_word_odds``) of the most spinner-like replaced word,
    of the most technical restoring word, and of the most technical word kept around them (at most
    0: a technical term nearby makes a plain word likelier part of it, while a spinner's word
    nearby would make every neighbour of a spun word look spun)."""
    if not odds:
        return 0.0, 0.0, 0.0
    written = max((odds.get(lemma_key(window.words[i]), 0.0) for i in changed_at), default=0.0)
    restored = min((odds.get(lemma_key(w), 0.0) for w in restored_words), default=0.0)
    kept = [w for i, w in enumerate(window.words) if i not in changed_at]
    around = [*kept, *(w for w in (window.left, window.right) if w)]
    return written, restored, min(0.0, min((odds.get(lemma_key(w), 0.0) for w in around), default=0.0))


def _lowest_zipf(phrases: list[str]) -> float:
    """The frequency of the rarest of ``phrases`` (most often a single one)."""
    return _zipf(phrases[0]) if len(phrases) == 1 else min(map(_zipf, phrases))


def _zipf(phrase: str) -> float:
    if " " not in phrase:  # most restorations are one word: no split, no generator
        return word_zipf(phrase) if phrase else 0.0
    return min(word_zipf(p) for p in phrase.split(" "))


def explain(assessment: Assessment, surface: str, examples: Examples | None = None) -> list[Evidence]:
    """Evidence items, strongest kind first; ``examples`` (``fingerprints.substitution_examples``)
    give each learned substitution a listed entry to show."""
    items: list[Evidence] = []
    candidate = assessment.candidate
    if candidate.source == "fingerprint":
        # the list gives this wording as correct elsewhere: say so, as the listing is no proof
        elsewhere = (
            "; the list also gives it as the expected wording of another entry" if candidate.contested else ""
        )
        listed, expected, where = surface, candidate.text, ""
        tail = candidate.listed_tail
        if tail and surface.lower().endswith(tail) and expected.lower().endswith(tail):
            # the list holds the phrase without the rest of the compound: quote what it holds
            listed, expected, where = surface[: -len(tail)], expected[: -len(tail)], f" (in “{surface}”)"
        # the list writes the words apart: say that the text joins them
        joined = ", its words joined by hyphens" if candidate.listed_joined else ""
        items.append(
            Evidence(
                "fingerprint",
                f"“{listed}”{where} is a listed tortured phrase for “{expected}”{joined} "
                f"({candidate.listed_source}{elsewhere})",
            )
        )
    written = {
        first: " ".join(assessment.window.words[first : last + 1])
        for first, last in item_ends(candidate.words)
    }
    for i, (restored, link) in enumerate(zip(candidate.words, _links_per_word(assessment))):
        original = written.get(i, "")  # the word, or the stretch of words restored as one
        if not link or original == restored:
            continue
        names = [THESAURUS_NAMES[c] for c in link if c in THESAURUS_NAMES]
        if names:
            items.append(
                Evidence("thesaurus", f"“{original}” is a {' and '.join(names)} synonym of “{restored}”")
            )
        if link.startswith("s"):
            items.append(Evidence("thesaurus", f"“{original}” is a synonym of a synonym of “{restored}”"))
        if "l" in link:
            count = link[link.index("l") + 1 :]
            example = (examples or {}).get((lemma_key(original), lemma_key(restored)))
            such_as = f", such as “{example.tortured}” for “{example.expected[0]}”" if example else ""
            items.append(
                Evidence(
                    "learned",
                    f"“{original}” stood for “{restored}” in {count} listed tortured phrase(s){such_as}",
                )
            )
    odds = assessment.features["tortured_word_odds"]
    if candidate.source != "fingerprint" and odds >= TELLING_WORD_ODDS:
        items.append(
            Evidence(
                "learned",
                f"a rewritten word turns up about {math.exp(odds):.0f} times as often in listed tortured "
                "phrases as in their expected wording",
            )
        )
    preference = assessment.features["restoration_preference"]
    if preference >= TELLING_PREFERENCE:
        items.append(
            Evidence(
                "restoration",
                "the restoration model, fitted to the list's tortured phrases, ranks a rewording of the "
                f"whole phrase far above it as written (log-odds {preference:.1f} higher)",
            )
        )
    if (
        candidate.source == "thesaurus"
        and len(assessment.window.words) > 1
        and candidate.words[1:] == ("",) * (len(candidate.words) - 1)
    ):
        items.append(Evidence("thesaurus", f"“{surface}” is a thesaurus paraphrase of “{candidate.text}”"))
    items.append(Evidence("context", context_detail(assessment)))
    return items


def _links_per_word(assessment: Assessment) -> list[str]:
    links = iter(assessment.candidate.links)
    out = []
    for original, restored in zip(assessment.window.words, assessment.candidate.words):
        out.append(next(links, "") if original != restored and restored else "")
    return out


def context_detail(assessment: Assessment) -> str:
    window, candidate = assessment.window, assessment.candidate
    written, restored = _flat(window.words), _flat(candidate.words)
    wide = _wide_sides(window, written, restored)
    before = " ".join(_in_context(window, written, *wide))
    after = " ".join(_in_context(window, restored, *wide))
    ratio = 10 ** min(assessment.gain, 12)
    unknown = int(assessment.features["unattested_before"])
    pairs = "pair" if unknown == 1 else "pairs"
    return (
        f"“{after}” is {_round_ratio(ratio)} as likely as “{before}” "
        f"({unknown} unseen word {pairs} in the text, {int(assessment.features['unattested_after'])} after)"
    )


def _round_ratio(ratio: float) -> str:
    if ratio >= 1e6:
        return "over a million times"
    if ratio >= 100:
        return f"about {ratio:,.0f} times"
    return f"about {ratio:.1f} times"
