from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from unspin import candidates as candidates_module
from unspin.candidates import (
    NO_SPIN_PRIOR,
    PHRASE_BUDGET,
    RUNNING_TEXT_BUDGET,
    SECOND_HOP_MIN_ZIPF,
    Window,
    WordOptions,
    _most_frequent,
    _pair_pool,
    candidates,
    channel_logprob,
    item_ends,
    renames,
    second_hop_options,
    windows,
    word_options,
    word_runs,
    worth_searching,
)
from unspin.language_model import followers, predecessors
from unspin.resources import word_zipf
from unspin.tokens import tokenize


def test_thesaurus_inversion_finds_the_ordinary_word_behind_a_synonym() -> None:
    options = word_options("counterfeit", {})
    assert "artificial" in options.links
    assert "w" in options.links["artificial"]


def test_inflected_words_get_inflected_heads() -> None:
    assert "dangers" in word_options("perils", {}).links


def test_head_forms_are_remembered_per_tag_whatever_order_words_come_in() -> None:
    words = ["perils", "imperilled", "imperilling", "imperils", "peril"]
    candidates_module._head_forms.clear()
    in_order = [word_options(w, {}).links for w in words]
    candidates_module._head_forms.clear()
    reversed_order = [word_options(w, {}).links for w in reversed(words)][::-1]
    assert in_order == reversed_order
    assert "dangers" in in_order[0] and "endangered" in in_order[1] and "endangering" in in_order[2]


def test_heads_the_lexicon_does_not_know_are_not_inflected_by_rule() -> None:
    links = word_options("gains", {}).links
    assert "profits" in links
    assert "returnses" not in links and "receiptses" not in links


def test_learned_substitutions_are_options_with_their_count() -> None:
    options = word_options("profound", {"profound": Counter({"deep": 25})})
    assert options.links["deep"].endswith("l25")


def test_a_learned_gerund_is_not_inflected_again() -> None:
    # "mastering" was put for "learning" (keyed as the noun): "learninging" is no option
    links = word_options("mastering", {"master": Counter({"learning": 7})}).links
    assert links["learning"].endswith("l7")
    assert "learninging" not in links


def test_a_learned_noun_lemma_takes_the_form_of_its_verb() -> None:
    # learned as "training" (the noun lemma): the past of the verb "train" is the option
    links = word_options("instructed", {"instruct": Counter({"training": 1, "syllabus": 1})}).links
    assert "l1" in links["trained"]
    assert "training" not in links and not any(h.startswith("syllabus") for h in links)


def test_learned_heads_sharing_a_form_add_their_counts() -> None:
    links = word_options("mastering", {"master": Counter({"learning": 7, "learn": 2})}).links
    assert links["learning"].endswith("l9")


def test_hyphenated_compounds_are_varied_part_by_part() -> None:
    assert "real-time" in word_options("actual-time", {}).links
    assert "state-of-the-art" in word_options("state-of-the-craft", {}).links


def test_a_hyphenated_compound_the_thesauri_list_is_also_restored_as_a_whole() -> None:
    # "all-inclusive" is a listed synonym of "universal" (no part of it is)
    options = word_options("all-inclusive", {})
    assert {"universal", "comprehensive"} <= set(options.links)
    assert "altogether-inclusive" in options.links  # and still part by part


def test_a_long_chain_of_hyphens_is_not_a_compound() -> None:
    # options for every part of a 5,000-part token took minutes; such a token is no spun word
    assert word_options("-".join(["time"] * 5000), {}).links == {}


def test_channel_prefers_heads_with_few_synonyms_and_learned_pairs() -> None:
    assert channel_logprob("w2") > channel_logprob("w50")
    assert channel_logprob("m200l9") > channel_logprob("m200")


def _options(links: dict[str, str]) -> WordOptions:
    return WordOptions.of(links, {h: word_zipf(h) for h in links}, 3.0)


def test_a_second_hop_adds_the_heads_of_heads_by_their_likeliest_route() -> None:
    table = {
        "rationale": _options({"reason": "w4", "basis": "m20"}),
        "reason": _options({"logic": "w5", "rationale": "w4"}),
        "basis": _options({"logic": "m50", "ground": "m10"}),
    }
    wider = second_hop_options("rationale", table["rationale"], table.__getitem__)
    # first-hop heads as they were; the word itself is no head of its own
    assert {h: wider.links[h] for h in ("reason", "basis")} == {"reason": "w4", "basis": "m20"}
    assert "rationale" not in wider.links
    # through "reason" (1/4 x 1/5), not "basis" (1/20 x 1/50); "ground" only through "basis"
    assert wider.links["logic"] == "s20" and wider.links["ground"] == "s200"
    assert wider.cost["logic"] == table["rationale"].cost["reason"] + channel_logprob("w5")
    assert wider.spin_prior == table["rationale"].spin_prior


def test_a_second_hop_skips_rare_heads() -> None:
    table = {
        "rationale": _options({"reason": "w4"}),
        "reason": _options({"ratiocination": "w3", "logic": "w3"}),
    }
    wider = second_hop_options("rationale", table["rationale"], table.__getitem__)
    assert "logic" in wider.links and "ratiocination" not in wider.links


def test_a_second_hop_keeps_heads_exactly_as_common_as_the_cutoff() -> None:
    cutoff = SECOND_HOP_MIN_ZIPF
    zipf = {"logic": cutoff + 1.0, "thought": cutoff, "ratiocination": cutoff - 0.01, "reason": 5.0}
    table = {
        "rationale": WordOptions.of({"reason": "w4"}, zipf, 3.0),
        "reason": WordOptions.of({h: "w3" for h in ("logic", "thought", "ratiocination")}, zipf, 3.0),
    }
    wider = second_hop_options("rationale", table["rationale"], table.__getitem__)
    assert "thought" in wider.links and "ratiocination" not in wider.links
    assert wider.routes == {"logic": 1, "thought": 1}


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(("rationale", "profound", "consciousness", "channel", "device", "blunder", "the")))
def test_a_second_hop_only_adds_heads(word: str) -> None:
    options = word_options(word, {})
    wider = second_hop_options(word, options, lambda head: word_options(head, {}))
    assert {h: wider.links[h] for h in options.links} == options.links
    assert {h: wider.cost[h] for h in options.links} == options.cost
    added = set(wider.links) - set(options.links)
    assert word not in wider.links and all(wider.links[h].startswith("s") for h in added)
    # two hops are never likelier than the likelier first hop they go through
    assert all(wider.cost[h] <= max(options.cost.values()) for h in added)
    assert wider.spin_prior == options.spin_prior


def test_window_candidates_must_fit_the_neighbours() -> None:
    window = Window(1, 1, ("profound",), "a", "breath")
    found = [c.text for c in candidates(window, [word_options("profound", {})])]
    assert "deep" in found


def test_a_neighbour_the_bigrams_do_not_know_does_not_veto_every_candidate() -> None:
    options = [word_options("disuniting", {})]
    alone = {c.text for c in candidates(Window(0, 0, ("disuniting",), None, None), options)}
    unknown_right = Window(0, 0, ("disuniting",), None, "qzxhyperplanez")
    beside_unknown = {c.text for c in candidates(unknown_right, options)}
    assert "separating" in alone
    assert beside_unknown == alone


def test_a_phrase_on_its_own_looks_at_heads_that_pair_with_no_neighbour() -> None:
    # none of the heads of "substandard" is seen before "prognosis": in running text the neighbour
    # vetoes them all, but a phrase on its own is often a term no bigram list counts, and its word's
    # most frequent heads are looked at all the same
    window = Window(0, 0, ("substandard",), None, "prognosis")
    options = [word_options("substandard", {})]
    assert not predecessors("prognosis", dict.fromkeys(options[0].heads))
    assert candidates(window, options, RUNNING_TEXT_BUDGET) == []
    alone = {c.text for c in candidates(window, options, PHRASE_BUDGET)}
    assert options[0].ranked[0] in alone


def test_renaming_means_no_shared_word_and_no_initials() -> None:
    assert renames("composer", "bach")
    assert not renames("johann sebastian bach", "bach")
    assert not renames("bach", "johann sebastian bach")
    assert not renames("wtc", "world trade center")
    assert not renames("world trade center", "wtc")
    assert renames("twin towers", "world trade center")


_NAME_WORDS = st.lists(st.text("abcdw", min_size=1, max_size=4), min_size=1, max_size=3).map(" ".join)


@given(_NAME_WORDS, _NAME_WORDS)
def test_renaming_is_symmetric_and_never_keeps_the_name(phrase: str, name: str) -> None:
    assert renames(phrase, name) == renames(name, phrase)
    assert not renames(name, name)
    if renames(phrase, name):
        assert not set(phrase.split()) & set(name.split())


def test_a_capitalised_window_is_not_restored_to_its_own_name_written_shorter() -> None:
    words = ("johann", "sebastian", "bach")
    window = Window(2, 4, words, "by", "was")
    options = [word_options(w, {}) for w in words]
    assert "bach" in {c.text for c in candidates(window, options)}
    assert "bach" not in {c.text for c in candidates(window, options, capitalised=True)}


def test_ordinary_prose_is_not_searched() -> None:
    assert not worth_searching(Window(1, 1, ("the",), "in", "house"))
    assert worth_searching(Window(0, 1, ("counterfeit", "consciousness"), None, None))


def test_three_words_are_searched_only_when_a_thesaurus_phrase_stands_for_them() -> None:
    # "in the end" is a thesaurus phrase for "finally"; "carry out the" stands for nothing
    assert worth_searching(Window(1, 3, ("in", "the", "end"), "and", "they"))
    assert not worth_searching(Window(1, 3, ("carry", "out", "the"), "to", "work"))
    # a window not searched would have had no candidate anyway
    options = [word_options(w, {}) for w in ("carry", "out", "the")]
    assert candidates(Window(1, 3, ("carry", "out", "the"), "to", "work"), options) == []


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(("counterfeit", "profound", "consciousness", "struggle", "planes")), st.data())
def test_most_frequent_heads_keep_the_ranked_order(word: str, data: st.DataObject) -> None:
    options = word_options(word, {})
    heads = set(data.draw(st.lists(st.sampled_from(options.ranked), max_size=40)))
    limit = data.draw(st.integers(1, 25))
    assert _most_frequent(heads, options, limit) == [h for h in options.ranked if h in heads][:limit]


VOCABULARY = (
    "fighter jets planes aircraft war battle struggle combat military air force new old big small "
    "press release statement news report data market share price year time day people state"
).split()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12, unique=True),
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12, unique=True),
    st.sampled_from([None, "the", "new"]),
    st.sampled_from([None, "were", "of"]),
    st.integers(1, 8),
)
# "new" and "people" are equally frequent: a cut at the limit must not decide their tie by itself
@example(["fighter"], ["fighter", "new", "jets", "time", "planes", "aircraft", "people"], "the", "were", 2)
def test_pair_pool_is_the_exact_top_pairs_by_frequency(
    firsts: list[str], seconds: list[str], left: str | None, right: str | None, limit: int
) -> None:
    """The early-stopping search gives what scoring every pair would give."""
    first = WordOptions.of({h: "w3" for h in firsts}, {h: word_zipf(h) for h in firsts}, 3.0)
    second = WordOptions.of({h: "m7" for h in seconds}, {h: word_zipf(h) for h in seconds}, 3.0)
    window = Window(1, 2, ("struggle", "planes"), left, right)
    outer = (
        {(a, b) for a in followers(left, first.heads) for b in predecessors(right, second.heads)}
        if left and right
        else set()
    )
    pairs = {(a, b) for a in first.heads for b in followers(a, second.heads)} | outer
    pairs = {(a, b) for a, b in pairs if a != "struggle" and b != "planes"}
    expected = sorted(pairs, key=lambda p: (first.zipf[p[0]] + second.zipf[p[1]], p), reverse=True)[:limit]
    assert _pair_pool(window, first, second, limit) == expected


def test_spin_prior_is_high_for_words_spinners_write_and_low_for_plain_ones() -> None:
    # "bosom" and "peril" stand in thesaurus entries of common words; "breast" and "cancer" are
    # common words themselves
    spun = [word_options(w, {}).spin_prior for w in ("bosom", "peril")]
    plain = [word_options(w, {}).spin_prior for w in ("breast", "cancer")]
    assert min(spun) > max(plain)
    assert word_options("zqxv", {}).spin_prior == NO_SPIN_PRIOR  # no thesaurus lists it


def test_the_other_spelling_of_a_word_is_not_a_restoration() -> None:
    assert "fantasize" not in word_options("fantasise", {}).links
    assert "utilize" not in word_options("utilise", {}).links
    assert "use" in word_options("utilise", {}).links  # a synonym still is


def test_a_broken_inflection_gets_its_bases_heads_in_the_form_it_was_given() -> None:
    options = word_options("enormousest", {})
    assert "biggest" in options.links and "largest" in options.links
    assert options.spin_prior > 2  # nothing but an inflector writes it


def test_a_phrase_listed_in_its_base_form_is_found_inflected_and_its_heads_take_the_form() -> None:
    from unspin.candidates import inflected_phrase_heads

    # a verb phrase inflects its first word: "carry out" is listed, heads of "do" come back past
    heads = inflected_phrase_heads(("carried", "out"))
    assert {"did", "done", "accomplished"} <= heads.keys()
    assert "carry out" not in heads and "do" not in heads
    # a noun phrase inflects its last word
    assert "coronaries" in inflected_phrase_heads(("heart", "attacks"))
    assert inflected_phrase_heads(("carry", "out")) == {}  # as listed: looked up as it stands


def test_an_inflected_phrase_window_gets_its_inflected_heads_as_candidates() -> None:
    window = Window(1, 2, ("carried", "out"), "they", "the")
    options = [word_options(w, {}) for w in window.words]
    texts = {c.text for c in candidates(window, options)}
    assert "did" in texts or "accomplished" in texts


def test_a_window_knows_two_neighbours_each_side_within_its_run_of_words() -> None:
    found = {w.words: w for w in windows(tokenize("The Secretary of Condition met them. Then"))}
    middle = found[("condition",)]
    assert (middle.before, middle.left, middle.right, middle.after) == ("secretary", "of", "met", "them")
    first = found[("the", "secretary")]
    assert (first.before, first.left, first.right, first.after) == (None, None, "of", "condition")
    # the full stop ends the run: no neighbour across it
    assert found[("met", "them")].after is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(("the", "Secretary", "of", "state", "met", ",", ".", "\n", "rock-solid")), max_size=14
    )
)
def test_window_neighbours_are_the_words_around_it_in_its_run(pieces: list[str]) -> None:
    tokens = tokenize(" ".join(pieces))
    runs = {index: run for run in word_runs(tokens) for index in run}
    for window in windows(tokens):
        run = runs[window.first]
        assert runs[window.last] is run
        # the run's words with two empty places at each end: the window's neighbours, or None
        padded = [None, None, *(tokens[i].norm for i in run), None, None]
        a, b = run.index(window.first) + 2, run.index(window.last) + 2
        assert window.words == tuple(padded[a : b + 1])
        neighbours = (window.before, window.left, window.right, window.after)
        assert neighbours == (padded[a - 2], padded[a - 1], padded[b + 1], padded[b + 2])


def test_item_ends_give_each_word_or_stretch_restored_as_one() -> None:
    assert item_ends(("identification", "", "rate")) == [(0, 1), (2, 2)]
    assert item_ends(("a", "b")) == [(0, 0), (1, 1)]
    assert item_ends(("done", "", "")) == [(0, 2)]
    assert item_ends(()) == []


@given(st.lists(st.sampled_from(["", "word", "two words"]), max_size=8))
def test_item_ends_cover_every_index_once_in_order(restored: list[str]) -> None:
    ends = item_ends(restored)
    assert [i for first, last in ends for i in range(first, last + 1)] == list(range(len(restored)))
    assert all(restored[i] == "" for first, last in ends for i in range(first + 1, last + 1))
