"""Candidates: windows of words that may be spun, and the wording they may have replaced.

A restoration candidate comes from one of three mechanisms, recorded as its ``source``:
- ``fingerprint``: the window is a listed tortured phrase;
- ``thesaurus``: thesaurus inversion, i.e. an ordinary word or phrase that lists this one as a
  synonym (a spinner replaces a word by one of its synonyms, so we look the synonym up backwards);
- ``learned``: a word substitution learned from aligned entries of the tortured-phrase list.

Only candidates that would make an attested word pair with their neighbours (or with each other)
are kept: a restoration that reads no better than the text is no evidence of spinning. This is also
what keeps the search fast, as it reduces to intersections of precomputed word sets.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import repeat
from operator import add, mul, sub
from typing import cast

from unspin.fingerprints import SHIPPED_SOURCE
from unspin.inflection import base_forms, broken_inflection, has_form, inflect_as, lemma_key, tag_of, tags_of
from unspin.language_model import bigram_attested, followers, known_word, predecessors, transition, unigram
from unspin.resources import heads_of, other_spelling, word_zipf, word_zipf_table
from unspin.tokens import Token

MAX_WINDOW = 3
# Spinners replace ordinary words; a head rarer than this is never a likely original.
MIN_HEAD_ZIPF = 2.5
# A word this common next to an attested pair is ordinary prose, not worth a search.
COMMON_ZIPF = 3.5
# The spin prior of a word that no thesaurus lists (no spinner writes it), and the Zipf assumed for
# a word no frequency list knows.
NO_SPIN_PRIOR = -5.0
UNKNOWN_ZIPF = 0.5
# Words this frequent ("the", "of", "said") are what a spinner writes least: it swaps in synonyms,
# which are rarer. Searching behind them costs a third of the time and finds little.
FUNCTION_ZIPF = 6.0


@dataclass(frozen=True, slots=True)
class Window:
    """Consecutive word tokens ``tokens[first:last + 1]`` with their word neighbours."""

    first: int
    last: int
    words: tuple[str, ...]
    left: str | None
    right: str | None
    # the word before ``left`` and the one after ``right``: a fixed phrase may take two words of
    # context to complete ("secretary of" + "state")
    before: str | None = None
    after: str | None = None


def item_ends(restored: Sequence[str]) -> list[tuple[int, int]]:
    """The first and last word index of each item of a restoration (``Candidate.words``, a
    restoration path's words): one word, or a stretch of words that its first item restores as a
    whole and its others as ""."""
    ends: list[tuple[int, int]] = []
    for i, item in enumerate(restored):
        if item == "" and ends:
            ends[-1] = (ends[-1][0], i)
        else:
            ends.append((i, i))
    return ends


@dataclass(frozen=True, slots=True)
class Candidate:
    words: tuple[str, ...]  # the restoration, one item per window word (an item may be "" or multiword)
    source: str  # "fingerprint" | "thesaurus" | "learned"
    links: tuple[str, ...]  # per changed word: thesauri letters ("w", "m") and/or "l<count>" if learned
    # a listing the list itself contradicts: its tortured wording is another entry's expected one
    # (``fingerprints.contested_phrases``)
    contested: bool = False
    # what a listed phrase's last word carries on with past the listed part, in a compound
    # ("-based" of "profound learning-based", listed as "profound learning"), restored as written
    listed_tail: str = ""
    # the listed words are written as one word, joined by hyphens ("profound-learning" for the
    # listed "profound learning"), and restored so ("deep-learning")
    listed_joined: bool = False
    listed_source: str = SHIPPED_SOURCE  # the list a listed phrase is from (``Fingerprint.source``)

    @property
    def text(self) -> str:
        return " ".join(w for w in self.words if w)


@dataclass(frozen=True, slots=True)
class WordOptions:
    """Ordinary words a spinner could have turned into one word."""

    links: dict[str, str]  # head -> "w", "m", "wm", "l3", "wl2", ...
    # the single-word heads, most frequent first, for set intersections: a dict with no values
    # rather than a set, which the garbage collector would walk (see language_model._word_set)
    heads: dict[str, None]
    zipf: dict[str, float]  # each head's frequency, computed once per word
    ranked: tuple[str, ...]  # the single-word heads, most frequent first
    cost: dict[str, float]  # log10 chance that a spinner turned the head into this word (channel)
    learned: frozenset[str]  # single-word heads learned from the tortured-phrase list
    spin_prior: float  # log10 of how much likelier the word is as a spinner's output than as prose
    # second-hop options only: for each head, through how many of the word's heads a second hop
    # reaches it (synonyms the two share)
    routes: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(
        cls, links: dict[str, str], zipf: dict[str, float], own_zipf: float, spin_prior: float | None = None
    ) -> WordOptions:
        """The options of a word whose ``links`` and their heads' ``zipf`` are known, the word's own
        frequency being ``own_zipf``; its spin prior from them unless given (``spin_prior``)."""
        # by name, then (a stable sort) by falling frequency: two sorts keyed in C, no key tuples
        heads = [h for h in links if " " not in h]
        heads.sort()
        heads.sort(key=zipf.__getitem__, reverse=True)
        cost = dict(zip(links, map(_link_cost, links.values())))  # built in C
        # most words have no learned head: no pass over the heads to find none
        any_learned = "l" in "".join(links.values())
        learned = frozenset(h for h in heads if "l" in links[h]) if any_learned else frozenset()
        if spin_prior is None:
            spin_prior = _spin_prior(heads, zipf, cost, own_zipf)
        return cls(links, dict.fromkeys(heads), zipf, tuple(heads), cost, learned, spin_prior)


def _spin_prior(heads: list[str], zipf: dict[str, float], cost: dict[str, float], own_zipf: float) -> float:
    """A spinner writes a word when it rewrites one of its heads and picks the word among the head's
    synonyms: that chance summed over the heads, against the word's own frequency (log10)."""
    spun = _spin_chance(heads, zipf, cost)
    prior = math.log10(spun) - (own_zipf or UNKNOWN_ZIPF) if spun > 0 else NO_SPIN_PRIOR
    return max(NO_SPIN_PRIOR, min(5.0, prior))


def stretch_options(words: Sequence[str], heads: Counter[str]) -> WordOptions:
    """The options of a stretch of ``words`` that stood for one word, each of ``heads`` as many
    times as the list taught it (``fingerprints.phrase_substitutions``)."""
    links = {head: f"l{count}" for head, count in heads.items()}
    return WordOptions.of(links, {head: word_zipf(head) for head in links}, min(map(word_zipf, words)))


def _spin_chance(heads: list[str], zipf: dict[str, float], cost: dict[str, float]) -> float:
    """The sum over ``heads`` of 10 ** (zipf + cost - CHANGE_COST), mapped in C: a word has a
    hundred heads or so, and a generator's bytecode per head took a fifth of ``WordOptions.of``."""
    exponents = map(
        sub, map(add, map(zipf.__getitem__, heads), map(cost.__getitem__, heads)), repeat(CHANGE_COST)
    )
    # (typed by hand: mypy reads ``pow`` by its first overload, ints, which compiled code enforces)
    return sum(cast(Iterator[float], map(pow, repeat(10.0), exponents)))


@dataclass(frozen=True, slots=True)
class SearchBudget:
    """How wide one window's search is."""

    prefilter: int  # heads (or pairs of heads) scored by the local model, most frequent first
    keep: int  # candidates kept after that cheap ranking, for full assessment
    # a one-word window's most frequent heads scored even when none of them pairs with a neighbour
    unpaired: int = 0


# A phrase on its own (the list use case) gets the wide search its benchmark figures come from.
# Its terms are often pairs no bigram list counts ("naive bayesian"): a word none of whose heads
# pairs with its neighbour had no candidate, hence no confidence (102 of the list's 5,286 tortured
# phrases scored 0 out of fold, "credulous bayesian" among them). With the word's 5 most frequent
# heads scored all the same, recall at precision >= 0.85 on the list's five grouped folds went
# 0.860 -> 0.881 (the weakest fold 0.842 -> 0.872; 0.884 with the phrase model refit on phrases
# searched so, `scripts/train_models.py --phrase-only`); 2 or 10 heads read the same. Not in running
# text: there the neighbours are the evidence (calibration news spins at 0.9 with 3 such heads:
# recall 0.312 -> 0.346 but precision 0.847 -> 0.824, clean spans 15 -> 17).
PHRASE_BUDGET = SearchBudget(prefilter=20, keep=6, unpaired=5)
# Running text has hundreds of windows per article. Halving the search there took 40 % off the
# assessments and kept every window's decision; on spins of train-split news (docs 150-209, not
# used to fit the span model; WordNet, Moby, pps at rates 0.1 and 0.3) recall went 0.184 -> 0.181
# and precision 0.772 -> 0.776 at 0.9, clean articles 0.28 -> 0.24 flagged spans per 1,000 words.
RUNNING_TEXT_BUDGET = SearchBudget(prefilter=10, keep=3)


def window_spin_prior(options: list[WordOptions]) -> float:
    """A window's spin prior: that of its word least likely to be a spinner's output."""
    return min(o.spin_prior for o in options)


def word_runs(tokens: list[Token]) -> list[list[int]]:
    """Indices of maximal runs of word tokens separated only by spaces, within a sentence (no
    punctuation; a line break only where the text is hard-wrapped, see ``tokens.tokenize``)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, token in enumerate(tokens):
        if token.kind == "word":
            if current and (index != current[-1] + 1 or token.sentence_start):
                runs.append(current)
                current = []
            current.append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def windows(tokens: list[Token], max_window: int = MAX_WINDOW) -> list[Window]:
    """Every window of up to ``max_window`` consecutive words within a run."""
    return [window for window, _ in scan(tokens, everything=True, max_window=max_window)]


def scan(
    tokens: list[Token],
    wanted: Container[tuple[int, int]] = (),
    everything: bool = False,
    max_window: int = MAX_WINDOW,
) -> Iterator[tuple[Window, bool]]:
    """The windows worth a search (``worth_searching``) with ``True``, and those ``wanted`` anyway
    (``(first token, number of words)``) or all of them if ``everything``, with ``False``.

    One pass per run of words: each word's frequency and each adjacent pair's attestation are looked
    up once, though every word is in up to six windows; a window is built only when it is kept.
    """
    for run in word_runs(tokens):
        norms = [tokens[i].norm for i in run]
        zipfs = list(map(word_zipf, norms))
        # attested[i]: the pair (norms[i - 1], norms[i]) is attested, True at either end of the run
        end = len(run)
        attested = [True, *map(bigram_attested, norms, norms[1:]), True]
        for a in range(end):
            for n in range(1, min(max_window, end - a) + 1):
                b = a + n  # one past the window's last word, in the run
                if n == 1:
                    searched = _word_reads_oddly(zipfs[a], attested[a], attested[b], alone=end == 1)
                elif n == 2:
                    searched = _pair_reads_oddly(zipfs[a], zipfs[a + 1], attested[a + 1])
                else:
                    searched = _phrase_reads_oddly(norms[a:b])
                if searched or everything or (run[a], n) in wanted:
                    left = norms[a - 1] if a > 0 else None
                    right = norms[b] if b < end else None
                    before = norms[a - 2] if a > 1 else None
                    after = norms[b + 1] if b + 1 < end else None
                    window = Window(run[a], run[b - 1], tuple(norms[a:b]), left, right, before, after)
                    yield window, searched


def word_options(
    word: str,
    substitutions: dict[str, Counter[str]],
    part_options: Callable[[str], WordOptions] | None = None,
) -> WordOptions:
    """The words a spinner could have turned into ``word``; ``part_options`` gives the options of
    each part of a hyphenated compound (a checker passes its cache: the parts are common words)."""
    links = _word_links(word, substitutions)
    if "-" not in word.strip("-"):
        # built in C, no bytecode per head: a word has a hundred heads or so
        zipf = dict(zip(links, map(_phrase_zipf, links)))
        return WordOptions.of(links, zipf, word_zipf(word))
    # A hyphenated compound is spun as a whole ("all-inclusive" for "universal": the thesauri list
    # it) or one part at a time ("actual-time" for "real-time").
    for head, link in _compound_part_links(word, substitutions, part_options).items():
        links.setdefault(head, link)
    # a compound is as frequent as its rarest part, which is what the part-by-part options vary
    zipf = dict(zip(links, map(_compound_zipf, links)))
    parts = [p for p in word.split("-") if p]
    return WordOptions.of(links, zipf, min(map(word_zipf, parts)) if parts else 0.0)


def _word_links(word: str, substitutions: dict[str, Counter[str]]) -> dict[str, str]:
    """The ordinary words or phrases that thesauri or the list link to ``word`` as a whole."""
    lemma = lemma_key(word)
    # ``_usable_head`` inlined: a Python call per head cost a tenth of building a word's options
    links = {head: letters for head, letters in heads_of(word).items() if _phrase_zipf(head) >= MIN_HEAD_ZIPF}
    tag = tag_of(word) if lemma != word else None
    if tag is None and (broken := broken_inflection(word)) is not None:
        lemma, tag = broken  # a head's form is what the inflector was asked for ("enormousest")
    if tag is not None:
        forms = _head_forms[tag]
        for head, letters in heads_of(lemma).items():
            if " " in head:
                continue  # a phrase head has no one form for the word
            form = forms.get(head, _UNSEEN)
            if form == _UNSEEN:
                form = forms[head] = _head_form(head, tag)
            if form is not None:
                links.setdefault(form, letters)
    for head, count in substitutions.get(lemma, Counter()).items():
        form = head if tag is None else _learned_form(head, tag)
        if form is not None:
            links[form] = _with_learned(links.get(form, ""), count)
    links.pop(word, None)
    respelt = other_spelling(word)
    if respelt is not None:
        links.pop(respelt, None)  # the same word in its other spelling is no restoration
    return links


# A word's lemma has a hundred heads or so, and the same common heads recur across words: each
# single-word head's form in each tag is worked out once per process, kept by tag in plain dicts
# (a dict lookup is a third of an lru_cache call, and this loop runs a hundred times per new word).
# Bounded by the thesauri's 33k single-word heads times the dozen tags.
_head_forms: defaultdict[str, dict[str, str | None]] = defaultdict(dict)
_UNSEEN = ""  # no head has an empty form: a head not looked up yet


def _head_form(head: str, tag: str) -> str | None:
    """The single word ``head`` in the inflection ``tag``, if it is usable and the lexicon lists it
    in that form: a noun-only head is not made a past verb, and a head it does not know is not
    inflected by rule (about 6 % of the heads of news words, nearly all junk: "returnses",
    "featuresed", "circlinged")."""
    if not _usable_head(head) or not has_form(head, tag, unknown=False):
        return None
    return inflect_as(head, tag)


# A spinner's thesaurus links pairs that ours reach only through a shared synonym: of the word
# pairs of the tortured-phrase list's aligned entries, WordNet and Moby link 1,649 of 3,556 directly
# and a second hop reaches 813 more ("rationale" for "logic", through "reasoning"). A second hop
# multiplies the heads a hundredfold, so it goes through the most frequent first-hop heads only and
# keeps common heads (the originals a spinner starts from); only a phrase's restoration uses it.
SECOND_HOP_VIA = 60
SECOND_HOP_MIN_ZIPF = 3.0


class _HopWeights(dict[float, float]):
    """A link cost's chance relative to a change's (10 ** (cost - CHANGE_COST)), worked out once
    per distinct cost: a first-hop link's cost follows from its synonym counts, a few hundred values."""

    def __missing__(self, cost: float) -> float:
        weight = self[cost] = 10 ** (cost - CHANGE_COST)
        return weight


_hop_weight = _HopWeights()


class _HopLinks(dict[float, str]):
    """A second-hop head's link ("s<n>") for its chance, written once per distinct chance (the
    products of a few hundred weights, shared by thousands of heads)."""

    def __missing__(self, chance: float) -> str:
        link = self[chance] = f"s{max(1, round(1 / chance))}"
        return link


_hop_link = _HopLinks()


def second_hop_options(
    word: str, options: WordOptions, options_of: Callable[[str], WordOptions]
) -> WordOptions:
    """``options`` with the heads of its heads (link ``s<n>``), each by its likeliest route."""
    chance: dict[str, float] = {}
    routes: Counter[str] = Counter()
    linked = options.links.keys() | {word}
    for via in options.ranked[:SECOND_HOP_VIA]:
        first = 10 ** (options.cost[via] - CHANGE_COST)
        via_options = options_of(via)
        zipf = via_options.zipf
        # the common heads lead ``ranked`` (most frequent first): found by bisection, then counted
        # and weighed in C, as a phrase's words reach tens of thousands of them
        common = via_options.ranked[
            : bisect_right(via_options.ranked, -SECOND_HOP_MIN_ZIPF, key=lambda head: -zipf[head])
        ]
        routes.update(common)
        fresh = [head for head in common if head not in linked]
        weights = map(_hop_weight.__getitem__, map(via_options.cost.__getitem__, fresh))
        # each head by its likeliest route so far; a head new to ``chance`` goes after the others
        best = chance.get
        routed = zip(fresh, map(mul, repeat(first), weights))
        chance.update({head: both for head, both in routed if both > best(head, 0.0)})
    # built in C: a phrase's word has thousands of second-hop heads
    links = {**options.links, **dict(zip(chance, map(_hop_link.__getitem__, chance.values())))}
    zipf = {**options.zipf, **dict(zip(chance, map(_phrase_zipf, chance)))}
    # the word's spin prior stays that of its own heads: a second hop says how to restore it, not
    # how likely a spinner wrote it
    wider = WordOptions.of(links, zipf, 0.0, spin_prior=options.spin_prior)
    return replace(wider, routes={h: routes[h] for h in links if h in routes})


def _learned_form(head: str, tag: str) -> str | None:
    """A learned head in the inflection ``tag``, from whichever of its lemmas has that form.

    Substitutions are keyed by lemma, and a lemma may be the noun: "instructed" stood for
    "trained", learned as "training", so the verb "train" gives "trained" ("traininged" and
    "training" would both be wrong). A head with no such form is another part of speech: none.
    """
    if has_form(head, tag):
        return inflect_as(head, tag)
    return next(
        (inflect_as(lemma, tag) for lemma in base_forms(head) if has_form(lemma, tag, unknown=False)), None
    )


def _with_learned(link: str, count: int) -> str:
    """``link`` with ``count`` more learned substitutions: two learned heads can share one form
    ("learning" as learned, and "learn" inflected), and a link has one count per letter."""
    thesauri = link.partition("l")[0]
    return f"{thesauri}l{learned_count(link) + count}"


def learned_count(link: str) -> int:
    """How many listed entries taught a link ("wl3": 3; "w", or a second hop's "s40": 0)."""
    _, learned, count = link.partition("l")
    return int(count) if learned and count.isdigit() else 0


# Caches keyed by heads and links, which come from the shipped data (a bounded set, whatever the
# input), and holding numbers: plain dicts (``cache``), which the garbage collector leaves out of
# its walks. An ``lru_cache`` is walked entry by entry in every full collection, and a hit relinks
# its entry: with these, that took a twentieth of the checking time of new text.
@cache
def _phrase_zipf(phrase: str) -> float:
    """A phrase is as frequent as its rarest word, at most (cached: heads recur across words)."""
    return min(map(word_zipf, phrase.split(" "))) if " " in phrase else word_zipf(phrase)


# Compounds have a few parts ("state-of-the-art"); a longer chain of hyphens is a list, a code or
# garbage, and options for each part of it would grow with the square of its length.
MAX_COMPOUND_PARTS = 5


def _compound_part_links(
    word: str, substitutions: dict[str, Counter[str]], part_options: Callable[[str], WordOptions] | None
) -> dict[str, str]:
    """The compound with one part replaced by one of that part's heads, for each part."""
    parts = word.split("-")
    links: dict[str, str] = {}
    for i, part in enumerate(parts if len(parts) <= MAX_COMPOUND_PARTS else ()):
        if not part:
            continue
        options = word_options(part, substitutions) if part_options is None else part_options(part)
        for head, link in options.links.items():
            if " " not in head:
                links.setdefault("-".join(parts[:i] + [head] + parts[i + 1 :]), link)
    return links


def _compound_zipf(head: str) -> float:
    # as frequent as its rarest word or part; read from the table in C (a compound has hundreds of
    # heads, one per part's head, and a long batch keeps meeting new compounds)
    parts = head.replace("-", " ").split()
    return min(map(word_zipf_table().get, parts, repeat(0.0)), default=0.0)


@cache
def _usable_head(head: str) -> bool:
    return _phrase_zipf(head) >= MIN_HEAD_ZIPF


# "s<n>": a second-hop head, reached through a shared synonym, with the product n of the two hops'
# synonym counts (a chance of 1/n, like a thesaurus link with n synonyms)
_LINK = re.compile(r"([wmls])(\d+)")
# log10 of the chance that a spinner touches a given word at all (a typical substitution rate)
CHANGE_COST = -0.5


@cache
def _link_cost(link: str) -> float:
    """A head's cost in a word's options: changing the word at all, and this link's channel term."""
    return CHANGE_COST + channel_logprob(link)


@cache
def channel_logprob(link: str) -> float:
    """log10 P(spinner wrote this synonym | original head), the noisy-channel term.

    A sense-blind spinner picks one of the head's n synonyms: 1/n, taking the thesaurus that gives
    the pair its best chance (a second hop: the product of both hops' chances). A substitution
    learned from the list N times is nearly certain.
    """
    best = 0.0
    for letter, number in _LINK.findall(link):
        count = int(number)
        chance = count / (count + 2) if letter == "l" else 1 / max(count, 1)
        best = max(best, chance)
    return math.log10(best) if best > 0 else -3.0


def worth_searching(window: Window) -> bool:
    """A cheap test: does this window read oddly enough to look for a restoration at all?

    (``scan`` applies the same tests to every window of a text, each lookup made once.)
    """
    words, left, right = window.words, window.left, window.right
    if len(words) == 1:
        left_ok = left is None or bigram_attested(left, words[0])
        right_ok = right is None or bigram_attested(words[0], right)
        return _word_reads_oddly(word_zipf(words[0]), left_ok, right_ok, alone=left is None and right is None)
    if len(words) == 2:
        return _pair_reads_oddly(word_zipf(words[0]), word_zipf(words[1]), bigram_attested(*words))
    return _phrase_reads_oddly(list(words))


def _word_reads_oddly(zipf: float, left_ok: bool, right_ok: bool, alone: bool) -> bool:
    if alone:
        return True
    if zipf >= FUNCTION_ZIPF:
        return False
    return not (left_ok and right_ok) or zipf < COMMON_ZIPF


def _pair_reads_oddly(first_zipf: float, second_zipf: float, attested: bool) -> bool:
    # two spun words side by side: neither is a function word, and they were never seen together
    return first_zipf < FUNCTION_ZIPF and second_zipf < FUNCTION_ZIPF and not attested


def _phrase_reads_oddly(words: list[str]) -> bool:
    # longer windows are only ever restored as a whole, to a thesaurus phrase: without one, there is
    # nothing to search (and no need to look up each word's options)
    return any(_usable_head(head) for head in heads_of(" ".join(words)))


def _local_score(words: tuple[str, ...], window: Window, options: list[WordOptions]) -> float:
    """Noisy-channel score of a restoration: language model of the words in context plus the
    chance that a spinner would have turned each changed word into the one in the text."""
    score = unigram(words[0])
    previous = window.left
    for head, word, opts in zip(words, window.words, options):
        if previous is not None:
            score += transition(previous, head)
        if head != word:
            score += opts.cost[head]
        previous = head
    if window.right is not None:
        score += transition(words[-1], window.right)
    return score


def renames(phrase: str, name: str) -> bool:
    """Whether ``phrase`` rewrites ``name`` rather than writing the same name longer or shorter:
    they share no word and neither is the other's initials ("bach" and "johann sebastian bach",
    "wtc" and "world trade center" are one name each). Both lower-case, words separated by spaces."""
    phrase_words, name_words = phrase.split(" "), name.split(" ")
    if not set(name_words).isdisjoint(phrase_words):
        return False
    return _initials(phrase_words) != name and _initials(name_words) != phrase


def _initials(words: list[str]) -> str:
    return "".join(word[:1] for word in words) if len(words) > 1 else ""


def candidates(
    window: Window,
    options: list[WordOptions],
    budget: SearchBudget = PHRASE_BUDGET,
    capitalised: bool = False,
) -> list[Candidate]:
    """Restoration candidates for one window, given each word's options (see ``word_options``);
    ``capitalised``: a word of the window is written with a capital."""
    found: dict[tuple[str, ...], Candidate] = {}
    n = len(window.words)
    if n > 1:
        # a phrase the spinner put for a word or phrase ("carry out" for "do"), as listed or in
        # the form the text gives it ("carried out" for "done")
        phrase = " ".join(window.words)
        heads = {head: letters for head, letters in heads_of(phrase).items() if _usable_head(head)}
        for head, letters in inflected_phrase_heads(window.words).items():
            heads.setdefault(head, letters)
        if capitalised:
            # a name's thesaurus heads are mostly the same name written shorter ("hans christian
            # andersen" -> "andersen"): no restoration, and no spinner writes a name out so
            # (``spin`` does not either)
            heads = {head: letters for head, letters in heads.items() if renames(head, phrase)}
        for head, letters in heads.items():
            words = (head,) + ("",) * (n - 1)
            found[words] = Candidate(words, "thesaurus", (letters,))
    # the original is usually a common word: only the most frequent options are scored in full
    # (a phrase on its own has no neighbours to narrow the search: look wider)
    limit = budget.prefilter if window.left or window.right else 3 * budget.prefilter
    pool: Sequence[tuple[str, ...]]
    if n == 1:
        pool = [(h,) for h in _single_pool(window, options[0], limit, budget.unpaired)]
    elif n == 2:
        pool = _pair_pool(window, options[0], options[1], limit)
    else:
        pool = []
    ranked = sorted(pool, key=lambda words: -_local_score(words, window, options))[: budget.keep]
    for words in ranked:
        links = tuple(opt.links[h] for h, w, opt in zip(words, window.words, options) if h != w)
        source = "learned" if all(link.startswith("l") for link in links) else "thesaurus"
        found.setdefault(words, Candidate(words, source, links))
    return list(found.values())


def inflected_phrase_heads(words: tuple[str, ...]) -> dict[str, str]:
    """The heads of a phrase whose first or last word is inflected, found through that word's
    lemma and given its form back: "carried out" is listed as "carry out", whose heads "do" and
    "accomplish" become "did", "done", "accomplished"; "heart attacks" gives nouns in the plural.

    Thesauri list phrases in their base form; a verb phrase inflects its first word, a noun
    phrase its last, and a head takes the form on its word in the same place.
    """
    found: dict[str, str] = {}
    for at in (0, len(words) - 1):
        tags = tags_of(words[at])
        if not tags:
            continue
        if "VBD" in tags or "VBN" in tags:
            # one spelling for both in a regular verb, which the lexicon lists under one of them
            tags = tuple(dict.fromkeys((*tags, "VBD", "VBN")))
        base = (*words[:at], lemma_key(words[at]), *words[at + 1 :])
        for head, letters in heads_of(" ".join(base)).items():
            if not _usable_head(head):
                continue
            parts = head.split(" ")
            place = 0 if at == 0 else len(parts) - 1
            for tag in tags:
                if has_form(parts[place], tag, unknown=False):
                    inflected = [*parts[:place], inflect_as(parts[place], tag), *parts[place + 1 :]]
                    found.setdefault(" ".join(inflected), letters)
    return found


def _single_pool(window: Window, options: WordOptions, limit: int, unpaired: int = 0) -> list[str]:
    """The ``limit`` most frequent heads that make an attested pair with a neighbour, the
    ``unpaired`` most frequent heads whether or not they do, and the learned heads."""
    # a neighbour the bigram lists do not know ("Rayleigh", "Lagrange") cannot vet a candidate
    left = window.left if window.left and known_word(window.left) else None
    right = window.right if window.right and known_word(window.right) else None
    if left is None and right is None:
        frequent = list(options.ranked[:limit])
    else:
        pool: set[str] = set()
        if left:
            pool |= followers(left, options.heads)
        if right:
            pool |= predecessors(right, options.heads)
        frequent = _most_frequent(pool, options, limit)
        frequent += [head for head in options.ranked[:unpaired] if head not in pool]
    # learned substitutions are few and specific: always worth a look (among two million attested
    # pairs, more frequent heads would crowd them out)
    return frequent + sorted(options.learned.difference(frequent))


def _most_frequent(heads: AbstractSet[str], options: WordOptions, limit: int) -> list[str]:
    """``[h for h in options.ranked if h in heads][:limit]``, without a pass over every head."""
    # by name, then (a stable sort) by falling frequency: the order of ``ranked``. Two sorts keyed
    # in C take a quarter of the time of a heap with a Python key on the usual few dozen heads.
    ordered = sorted(heads)
    ordered.sort(key=options.zipf.__getitem__, reverse=True)
    return ordered[:limit]


def _most_frequent_with_ties(heads: AbstractSet[str], options: WordOptions, limit: int) -> list[str]:
    """``_most_frequent`` and any further heads as frequent as the last one: the heap below breaks a
    tie of summed frequencies by name, so a cut through a tie must not decide it first."""
    ordered = _most_frequent(heads, options, len(heads))
    kept = ordered[:limit]
    while kept and len(kept) < len(ordered) and options.zipf[ordered[len(kept)]] == options.zipf[kept[-1]]:
        kept.append(ordered[len(kept)])
    return kept


def _pair_pool(window: Window, first: WordOptions, second: WordOptions, limit: int) -> list[tuple[str, str]]:
    """The ``limit`` pairs of heads with the highest summed frequency that read as attested text."""
    w1, w2 = window.words
    best: list[tuple[float, tuple[str, str]]] = []  # min-heap of the best ``limit`` so far
    seen: set[tuple[str, str]] = set()

    def offer(a: str, b: str) -> None:
        if a == w1 or b == w2 or (a, b) in seen:
            return  # a change of one word only belongs to that word's own window
        seen.add((a, b))
        item = (first.zipf[a] + second.zipf[b], (a, b))
        if len(best) < limit:
            heapq.heappush(best, item)
        elif item > best[0]:
            heapq.heapreplace(best, item)

    # both words changed, each fitting its own outer neighbour ("bosom peril" -> "breast cancer");
    # the best sums of a cross product lie within the best ``limit`` of each side
    if window.left and window.right:
        # the window's own words are left out before the top ``limit`` are taken, not after
        firsts = followers(window.left, first.heads) - {w1}
        lasts = predecessors(window.right, second.heads) - {w2}
        top_lasts = _most_frequent_with_ties(lasts, second, limit)
        for a in _most_frequent_with_ties(firsts, first, limit):
            for b in top_lasts:
                offer(a, b)
    # pairs seen together, from the side with fewer heads, most frequent first, until no later
    # pair could enter
    if len(first.ranked) <= len(second.ranked):
        outer, inner, attested, flip = first, second, followers, False
    else:
        outer, inner, attested, flip = second, first, predecessors, True
    ceiling = inner.zipf[inner.ranked[0]] if inner.ranked else 0.0
    for head in outer.ranked:
        if len(best) == limit and outer.zipf[head] + ceiling < best[0][0]:
            break
        for other in attested(head, inner.heads):
            if flip:
                offer(other, head)
            else:
                offer(head, other)
    pairs = [pair for _, pair in sorted(best, reverse=True)]
    # learned substitutions are few and specific: a learned head with each head it is seen with is
    # always worth a look, as for a single word (among two million attested pairs, pairs of
    # frequent words fill the pool otherwise)
    learned = [(a, b) for a in sorted(first.learned) for b in sorted(followers(a, second.heads))]
    learned += [(a, b) for b in sorted(second.learned) for a in sorted(predecessors(b, first.heads))]
    kept = set(pairs)
    for pair in learned:
        if pair[0] != w1 and pair[1] != w2 and pair not in kept:
            kept.add(pair)
            pairs.append(pair)
    return pairs
