import doctest
import json
import math
import os
import pickle
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unspin
from unspin import TextTooLong, comparison, sources
from unspin.sources import (
    CANDIDATES,
    MIN_MOSAIC_PARTS,
    MIN_MOSAIC_SHARE,
    MIN_PART_WORDS,
    MIN_SOURCE_SHARE,
    MIN_SOURCE_WORDS,
    SourceIndex,
    SourceMatch,
    trace_fields,
)
from unspin.spin import spin
from unspin.tokens import tokenize

STORIES = {
    "budget": "The council approved the new budget for the coming year after a long debate on Tuesday. "
    "Local businesses had asked for lower taxes, and several residents spoke in favour.",
    "flood": "Heavy rain closed the coastal road for a second day, and the river rose above its banks "
    "near the old mill. Engineers expect the water to fall by the weekend.",
    "match": "The visiting side scored twice in the last ten minutes to win the final at the national "
    "stadium. Their coach praised the young striker who came on as a substitute.",
    "school": "Parents gathered outside the primary school to protest against plans to merge it with a "
    "larger academy across town. The education board will decide in March.",
    "museum": "The city museum reopened its Roman gallery after a two-year renovation that uncovered a "
    "mosaic beneath the floor. Visitors queued from early morning.",
    "train": "Commuters faced delays after a signal failure north of the central station, and the rail "
    "operator apologised for the disruption to evening services.",
}


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(sources).failed == 0
    assert doctest.testmod(comparison).failed == 0


def test_a_spun_copy_is_traced_to_its_source_among_many():
    index = SourceIndex(STORIES.items())
    assert len(index) == len(STORIES) > CANDIDATES
    copy = spin(STORIES["flood"], rate=0.3, seed=2, thesaurus="wordnet").text
    assert copy != STORIES["flood"]
    best, *others = index.likely_sources(copy)
    assert best.name == "flood" and best.likely
    assert len(others) == 2 and all(not match.likely for match in others)
    assert best.shared_share > MIN_SOURCE_SHARE > others[0].shared_share >= others[1].shared_share


def test_a_text_spun_from_none_of_them_has_no_likely_source():
    index = SourceIndex(STORIES.items())
    unrelated = "A new bakery on the high street sells bread made with flour from a nearby farm."
    assert not any(match.likely for match in index.likely_sources(unrelated))
    assert index.likely_sources("") == []
    assert SourceIndex([]).likely_sources(STORIES["flood"]) == []


def test_only_the_candidates_that_share_the_most_rare_words_are_aligned(monkeypatch):
    aligned = []
    align = sources.align
    monkeypatch.setattr(sources, "align", lambda source, copy: aligned.append(source) or align(source, copy))
    index = SourceIndex(STORIES.items())
    index.likely_sources(STORIES["museum"], top=10)
    assert len(aligned) <= CANDIDATES < len(STORIES) and STORIES["museum"] in aligned


def test_a_source_is_likely_with_enough_of_the_copys_words_and_not_just_a_share():
    assert SourceMatch("a", MIN_SOURCE_SHARE, MIN_SOURCE_WORDS, 0).likely
    assert not SourceMatch("a", MIN_SOURCE_SHARE - 0.01, 100, 0).likely
    assert not SourceMatch("a", 1.0, MIN_SOURCE_WORDS - 1, 0).likely  # "Rain fell." in full
    assert SourceMatch("a", 0.5, 10, 2).to_dict() == {
        "name": "a",
        "shared_share": 0.5,
        "shared_words": 10,
        "moves": 2,
    }


def test_a_copy_made_from_two_sources_is_traced_to_both():
    index = SourceIndex(STORIES.items())
    budget = spin(STORIES["budget"], rate=0.3, seed=3, thesaurus="wordnet").text
    flood = spin(STORIES["flood"], rate=0.3, seed=4, thesaurus="wordnet").text
    trace = index.trace(budget + "\n\n" + flood)
    assert sorted(part.name for part in trace.spun_from) == ["budget", "flood"]
    assert trace.likely_source == trace.matches[0].name == trace.spun_from[0].name
    first, second = trace.spun_from
    assert first.words == trace.matches[0].shared_words
    assert MIN_PART_WORDS <= second.words < first.words
    # a copy of one of them is traced to it alone: the other holds none of its sentences
    alone = index.trace(flood)
    assert [part.name for part in alone.spun_from] == ["flood"]
    assert alone.matches == tuple(index.likely_sources(flood))
    # a text spun from none has neither
    assert index.trace("A new bakery on the high street sells bread made with flour.").spun_from == ()
    # where each one's sentences stand in the copy: the budget's before the flood's
    passages = {part.name: part.passages for part in trace.spun_from}
    ((start, end),) = passages["budget"]
    assert (start, end) == (0, len(budget.rstrip()))
    assert passages["flood"] == ((len(budget) + 2, len(budget) + 2 + len(flood.rstrip())),)
    fields = trace_fields(trace)
    assert list(fields) == ["likely_source", "spun_from", "sources"]
    assert fields["spun_from"][1] == {
        "name": second.name,
        "words": second.words,
        "passages": [{"start": start, "end": end} for start, end in second.passages],
        "same_text": [],
        "same_text_count": 0,
    }


def test_near_copies_of_one_source_do_not_crowd_out_the_other_a_copy_was_made_from():
    # each story syndicated by many sites, each with a line of its own: more copies of each than
    # candidates are aligned, in an archive large enough that their words still weigh
    syndicated = [
        (f"{name}-{site:02}", f"Posted by site {site}. {text}")
        for name, text in STORIES.items()
        for site in range(14)
    ]
    # and some of them again word for word, under names that come right after theirs
    syndicated += [(f"{name}-again", text) for name, text in syndicated[14:17]]  # flood-00 to flood-02
    others = [(f"note-{k:03}", f"Filler note {k} about item {k}.") for k in range(200)]
    index = SourceIndex([*syndicated, *others])
    assert 2 * CANDIDATES < 14 < sources.holding_limit(len(index))
    budget = spin(STORIES["budget"], rate=0.3, seed=3, thesaurus="wordnet").text
    flood = spin(STORIES["flood"], rate=0.3, seed=4, thesaurus="wordnet").text
    copy = budget + "\n\n" + flood
    # the search by all the copy's words ranks the copies of one story first and leaves the other out
    holdings = index._holdings(sources._indexed_words("copy", copy))
    first = {index._name(k).split("-")[0] for k, _ in index._best(holdings, 2 * CANDIDATES)}
    assert len(first) == 1
    # the others are searched by the words the first candidate lacks
    named = [part.name for part in index.trace(copy).spun_from]
    assert sorted(name.split("-")[0] for name in named) == ["budget", "flood"]
    # one text held under many names is a candidate once, by the first of them
    names = [match.name for match in index.likely_sources(flood, top=CANDIDATES)]
    assert names == ["flood-00", "flood-01", "flood-02", "flood-03", "flood-04"]


def test_a_copy_made_from_two_sources_is_compared_with_each_for_its_own_sentences():
    index = SourceIndex(STORIES.items())
    budget = spin(STORIES["budget"], rate=0.3, seed=3, thesaurus="wordnet").text
    flood = spin(STORIES["flood"], rate=0.3, seed=4, thesaurus="wordnet").text
    copy = budget + "\n\n" + flood
    trace = index.trace(copy)
    compared = sources.compared_parts(copy, trace, index.text_of)
    assert [part.name for part in trace.spun_from] == ["flood", "budget"]  # flood holds the more
    # each is what comparing its spin alone gives, at its place in the copy
    for compared_one, (name, text, at) in zip(
        compared, [("flood", flood, len(budget) + 2), ("budget", budget, 0)]
    ):
        alone = unspin.compare(STORIES[name], text)
        assert compared_one.alignment.words == alone.alignment.words
        assert compared_one.alignment.shared_words == alone.alignment.shared_words
        assert [(o.edit.start - at, o.edit.text, o.edit.original) for o in compared_one.outcomes] == [
            (o.edit.start, o.edit.text, o.edit.original) for o in alone.outcomes
        ]
    assert compared[0].report is compared[1].report  # the copy is checked once
    ((start, end),) = trace.spun_from[1].passages
    assert [c.alignment.left_out for c in compared] == [((start, end),), ((end, len(copy)),)]
    # a copy of one source is compared with it as compare does; a copy of none is compared with none
    alone = index.trace(flood)
    assert [c.to_dict() for c in sources.compared_parts(flood, alone, index.text_of)] == [
        unspin.compare(STORIES["flood"], flood).to_dict()
    ]
    bakery = "A new bakery on the high street sells bread made with flour."
    assert sources.compared_parts(bakery, index.trace(bakery), index.text_of) == ()
    fields = trace_fields(trace, compared)
    assert fields["compare"] == compared[0].to_dict()
    assert fields["spun_from"][1]["compare"] == compared[1].to_dict(with_report=False)
    assert "compare" not in fields["spun_from"][0] and "compare" not in trace_fields(trace)
    assert trace_fields(index.trace(bakery), ())["compare"] is None


def test_a_source_named_after_the_first_must_hold_sentences_of_its_own():
    # the second story's sentence repeats the first's words: it holds nothing the first does not
    index = SourceIndex(
        [
            ("first", STORIES["museum"]),
            ("echo", STORIES["museum"].split(". ")[0] + ". The weather was fine all week."),
            *((name, text) for name, text in STORIES.items() if name != "museum"),
        ]
    )
    trace = index.trace(spin(STORIES["museum"], rate=0.3, seed=5, thesaurus="wordnet").text)
    assert [part.name for part in trace.spun_from] == ["first"]
    assert "echo" in [match.name for match in trace.matches]


@given(st.integers(0, 10_000), st.sampled_from(sorted(STORIES)))
@settings(max_examples=25, deadline=None)
def test_the_words_a_source_is_traced_for_are_the_words_its_alignment_shares(seed, name):
    copy = spin(STORIES[name], rate=0.4, seed=seed, thesaurus="moby").text
    alignment = comparison.align(STORIES[name], copy)
    assert len(sources._shared_tokens(alignment, tokenize(copy))) == alignment.shared_words


@given(st.permutations(sorted(STORIES)), st.integers(0, 10_000), st.integers(1, 3))
@settings(max_examples=20, deadline=None)
def test_the_passages_traced_to_sources_lie_in_the_copy_and_never_overlap(names, seed, count):
    index = SourceIndex(STORIES.items())
    copy = "\n\n".join(
        spin(STORIES[name], rate=0.3, seed=seed, thesaurus="wordnet").text for name in names[:count]
    )
    passages = sorted(passage for part in index.trace(copy).spun_from for passage in part.passages)
    assert all(0 <= start < end <= len(copy) for start, end in passages)
    assert all(end <= start for (_, end), (start, _) in zip(passages, passages[1:]))


def test_a_copy_made_from_many_sources_is_traced_to_them_though_it_holds_under_a_third_of_each():
    index = SourceIndex(STORIES.items())
    stories = ["budget", "flood", "match", "museum"]
    copy = "\n\n".join(spin(STORIES[name], rate=0.3, seed=0, thesaurus="wordnet").text for name in stories)
    trace = index.trace(copy)
    first = trace.matches[0]
    assert MIN_MOSAIC_SHARE <= first.shared_share < MIN_SOURCE_SHARE and not first.likely
    assert trace.likely_source == first.name
    assert sorted(part.name for part in trace.spun_from) == sorted(stories)
    # two sources and a passage of neither: under a third of the first, and too few to be a mosaic
    bakery = "A new bakery on the high street sells bread made with flour from a nearby farm. Its owner"
    bakery += " said demand had doubled since spring. Queues formed before dawn on Saturday as word spread."
    budget, flood = (
        spin(STORIES[name], rate=0.3, seed=0, thesaurus="wordnet").text for name in ("budget", "flood")
    )
    copy = "\n\n".join([budget, bakery, flood])
    trace = index.trace(copy)
    assert MIN_MOSAIC_SHARE <= trace.matches[0].shared_share < MIN_SOURCE_SHARE
    assert MIN_MOSAIC_PARTS == 2 and sorted(part.name for part in trace.spun_from) == ["budget", "flood"]
    assert not any(
        start < copy.index(bakery) + len(bakery) and copy.index(bakery) < end
        for start, end in (passage for part in trace.spun_from for passage in part.passages)
    )  # the bakery's passage is neither's
    # one source and a passage of neither, under a third of it: one is not a mosaic
    alone = index.trace("\n\n".join([flood, bakery, bakery.replace("bakery", "shop")]))
    assert MIN_MOSAIC_SHARE <= alone.matches[0].shared_share < MIN_SOURCE_SHARE and alone.spun_from == ()


# a saved index


def saved(tmp_path, items, name="archive.index"):
    path = str(tmp_path / name)
    assert sources.save_index(path, items) == (len(items), 0, 0)
    return path


def copies_of_the_stories():
    spun = {name: spin(text, rate=0.3, seed=1, thesaurus="wordnet").text for name, text in STORIES.items()}
    return [*spun.values(), spun["budget"] + "\n\n" + spun["flood"], "A bakery sells bread.", ""]


def test_a_source_held_under_several_names_is_named_once_with_the_others_listed(tmp_path, monkeypatch):
    # one story posted word for word by three sites (one of them twice, one with its own line ends
    # and a newline at the end: the same text, spacing aside), and others
    story = STORIES["budget"]
    sites = [
        ("site-c/budget", story),
        ("site-a/budget", story),
        ("site-b/budget", story.replace(". ", ".\r\n") + "\n"),
    ]
    sites.append(("site-c/budget", story))
    items = [*sites, *((name, text) for name, text in STORIES.items() if name != "budget")]
    index, path = SourceIndex(items), saved(tmp_path, items)
    budget = spin(STORIES["budget"], rate=0.3, seed=3, thesaurus="wordnet").text
    flood = spin(STORIES["flood"], rate=0.3, seed=4, thesaurus="wordnet").text
    trace = index.trace(budget + "\n\n" + flood)
    parts = {part.name: part for part in trace.spun_from}
    # named by the first name, the others listed by name, each once
    assert sorted(parts) == ["flood", "site-a/budget"]
    assert (parts["site-a/budget"].same_text, parts["site-a/budget"].same_text_count) == (
        ("site-b/budget", "site-c/budget"),
        2,
    )
    assert (parts["flood"].same_text, parts["flood"].same_text_count) == ((), 0)
    assert "also indexed as site-b/budget, site-c/budget" in trace.describe(len(index))
    assert sources.same_text_key(" a  b\r\nc\n") == "a b c" != sources.same_text_key("a bc")
    # the index saved to a file finds them by the texts' digests
    assert sources.SavedSourceIndex(path).trace(budget + "\n\n" + flood) == trace
    assert sources.Trace.of_fields(json.loads(json.dumps(trace_fields(trace)))).spun_from == trace.spun_from
    # many names: the first few listed, all counted
    monkeypatch.setattr(sources, "MAX_SAME_TEXT_NAMES", 1)
    (part,) = index.trace(budget).spun_from
    assert (part.same_text, part.same_text_count) == (("site-b/budget",), 2)
    assert "also indexed as site-b/budget, 1 more)" in index.trace(budget).describe(len(index))


def test_a_saved_index_traces_as_the_index_it_was_made_from(tmp_path):
    items = list(STORIES.items())
    index, path = SourceIndex(items), saved(tmp_path, items)
    opened = sources.SavedSourceIndex(path)
    assert sources.is_saved_index(path) and len(opened) == len(index) and opened.names == index.names
    assert [opened.text_of(name) for name in STORIES] == list(STORIES.values())
    for copy in copies_of_the_stories():
        assert opened.trace(copy) == index.trace(copy)
    # pickled (to a batch's workers, to Spark's executors) it is its path, and opens there
    again = pickle.loads(pickle.dumps(opened))
    assert len(pickle.dumps(opened)) < 200 + len(path)
    assert again.trace(copies_of_the_stories()[0]) == index.trace(copies_of_the_stories()[0])


def test_texts_added_to_a_saved_index_trace_as_if_indexed_at_once(tmp_path, monkeypatch):
    items = list(STORIES.items())
    path = saved(tmp_path, items[:2])
    # the texts it has already (by name) are left out: a folder added again adds what is new
    assert sources.save_index(path, items[1:], add=True) == (len(items) - 2, 0, 1)
    read = []
    monkeypatch.setattr(sources, "distinct_words", lambda text: read.append(text) or ({"word"}, 1))
    assert sources.save_index(path, items, add=True) == (0, 0, len(items))
    assert read == []  # a text it has already is compared, not read for its words
    monkeypatch.undo()
    opened, index = sources.SavedSourceIndex(path), SourceIndex(items)
    assert opened.names == index.names
    for copy in copies_of_the_stories():
        assert opened.trace(copy) == index.trace(copy)
    # a text under a name it has, but new, replaces the old one: as if indexed so at once
    corrected = [(name, STORIES["flood"] if name == "budget" else text) for name, text in items]
    assert sources.save_index(path, [("budget", STORIES["flood"])], add=True) == (0, 1, 0)
    opened, index = sources.SavedSourceIndex(path), SourceIndex(corrected)
    assert opened.text_of("budget") == STORIES["flood"]
    for copy in copies_of_the_stories():
        assert opened.trace(copy) == index.trace(copy)
    # a name given twice in one run, new or not: its last text is the one indexed
    twice = [("budget", STORIES["match"]), ("new", STORIES["train"]), ("budget", STORIES["budget"])]
    twice.append(("new", STORIES["school"]))
    assert sources.save_index(path, twice, add=True) == (1, 3, 0)
    final = [*items, ("new", STORIES["school"])]
    opened, index = sources.SavedSourceIndex(path), SourceIndex(final)
    assert opened.names == index.names and opened.text_of("new") == STORIES["school"]
    for copy in [*copies_of_the_stories(), STORIES["train"], STORIES["match"]]:
        assert opened.trace(copy) == index.trace(copy)


def test_a_saved_index_is_never_written_over_what_is_not_one_nor_left_half_built(tmp_path, monkeypatch):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    with pytest.raises(sources.SavedIndexError, match="not an index saved by unspin index, so not replaced"):
        sources.save_index(str(notes), STORIES.items())
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    with pytest.raises(sources.SavedIndexError, match="no saved index to add to"):
        sources.save_index(str(tmp_path / "none.index"), STORIES.items(), add=True)
    with pytest.raises(sources.SavedIndexError, match="not an index saved by unspin index"):
        sources.SavedSourceIndex(str(notes))
    # a build that fails (a text too long to align) leaves the index that was there, and nothing else
    path = saved(tmp_path, list(STORIES.items())[:2])
    monkeypatch.setattr(comparison, "MAX_WORDS", 20)
    with pytest.raises(TextTooLong):
        sources.save_index(path, STORIES.items())
    with pytest.raises(TextTooLong):
        sources.save_index(path, STORIES.items(), add=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.index", "notes.txt"]
    assert sources.SavedSourceIndex(path).names == list(STORIES)[:2]


def test_an_index_saved_by_another_version_asks_to_be_made_again(tmp_path):
    path = saved(tmp_path, list(STORIES.items()))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    with pytest.raises(sources.SavedIndexError, match="index the sources again"):
        sources.SavedSourceIndex(path)
    assert not sources.is_saved_index(str(tmp_path / "missing"))


def saved_rows(path):
    with sqlite3.connect(path) as db:
        tables = "sources", "texts", "postings"
        return [sorted(db.execute(f"SELECT * FROM {table}")) for table in tables]  # noqa: S608


def test_postings_staged_in_the_file_while_building_make_the_same_index(tmp_path, monkeypatch):
    items = list(STORIES.items())
    twice = [("budget", STORIES["match"]), ("new", STORIES["train"]), ("budget", STORIES["budget"])]
    twice.append(("new", STORIES["school"]))
    built = []
    for staged in (sources.STAGED_POSTINGS, 7):
        monkeypatch.setattr(sources, "STAGED_POSTINGS", staged)
        path = saved(tmp_path, items[:3], name=f"staged-{staged}.index")
        sources.save_index(path, [*items[2:], ("budget", STORIES["flood"])], add=True)
        sources.save_index(path, twice, add=True)
        built.append(saved_rows(path))
    assert built[0] == built[1]
    opened = sources.SavedSourceIndex(path)
    final = [*items, ("new", STORIES["school"])]
    for copy in copies_of_the_stories():
        assert opened.trace(copy) == SourceIndex(final).trace(copy)


def test_texts_read_by_worker_processes_make_the_same_index(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "_TEXTS_PER_CHUNK", 2)  # several chunks in flight, and a last short one
    items = [(f"{name}-{k}", text) for k in range(3) for name, text in STORIES.items()]
    corrected = [("budget-0", STORIES["train"]), ("new", STORIES["match"])]
    built = []
    for workers in (1, 2):
        path = str(tmp_path / f"{workers}.index")
        assert sources.save_index(path, items, workers=workers) == (len(items), 0, 0)
        assert sources.save_index(path, corrected, add=True, workers=workers) == (1, 1, 0)
        built.append(saved_rows(path))
    assert built[0] == built[1]
    monkeypatch.setattr(comparison, "MAX_WORDS", 20)
    with pytest.raises(TextTooLong, match="source budget-0 has"):  # named as without workers
        sources.save_index(str(tmp_path / "long.index"), items, workers=2)


def test_texts_removed_from_a_saved_index_trace_as_if_never_indexed(tmp_path):
    items = [*STORIES.items(), ("budget", STORIES["train"])]  # two texts under one name
    path = saved(tmp_path, items)
    assert sources.remove_from_index(path, ["budget", "flood", "gone", "flood"]) == ["gone"]
    left = [(name, text) for name, text in items if name not in ("budget", "flood")]
    opened = sources.SavedSourceIndex(path)
    assert len(opened) == len(left) and opened.names == [name for name, _ in left]
    with pytest.raises(KeyError):
        opened.text_of("budget")
    for copy in copies_of_the_stories():
        assert opened.trace(copy) == SourceIndex(left).trace(copy)
    # a text added under a removed name is a new one
    assert sources.save_index(path, [("budget", STORIES["budget"])], add=True) == (1, 0, 0)
    left.append(("budget", STORIES["budget"]))
    opened = sources.SavedSourceIndex(path)
    for copy in copies_of_the_stories():
        assert opened.trace(copy) == SourceIndex(left).trace(copy)
    # every text removed: an index of none, whose postings are gone too
    assert sources.remove_from_index(path, opened.names) == []
    assert len(sources.SavedSourceIndex(path)) == 0 and saved_rows(path) == [[], [], []]


def test_a_saved_index_gives_back_the_room_once_most_of_it_is_taken_out(tmp_path):
    items = [(f"note-{k}", " ".join(f"word{k}x{j}" for j in range(60))) for k in range(300)]
    path = saved(tmp_path, items)
    size = os.path.getsize(path)
    # a text or two taken out: the room is kept for texts added later
    assert sources.remove_from_index(path, ["note-0"]) == []
    assert os.path.getsize(path) == size
    # most of the archive taken out: the file is written again without it
    assert sources.remove_from_index(path, [f"note-{k}" for k in range(1, 250)]) == []
    assert os.path.getsize(path) < size / 2
    left = items[250:]
    assert sources.SavedSourceIndex(path).trace(items[260][1]) == SourceIndex(left).trace(items[260][1])


WORDS = st.sampled_from("alpha beta gamma delta epsilon zeta eta theta".split())


# a name, words, and what spaces them: a text spaced otherwise is the same text
NAMED_TEXTS = st.tuples(
    st.sampled_from("abc"), st.lists(WORDS, min_size=1, max_size=6), st.sampled_from([" ", "\n "])
)


@given(
    st.lists(NAMED_TEXTS, min_size=1, max_size=9),
    st.sets(WORDS, min_size=1),
    st.integers(1, 4),
    st.sets(st.integers(0, 8), max_size=3),
)
@settings(max_examples=150, deadline=None)
def test_the_candidates_are_the_first_in_score_then_name_then_order_each_text_once(
    texts, words, count, taken
):
    index = SourceIndex([(name, spacing.join(text)) for name, text, spacing in texts])
    total = len(index)
    scores: dict[int, float] = {}
    for word in words:
        holding = index._holding.get(word, [])
        if 0 < len(holding) <= sources.holding_limit(total):
            for k in holding:
                scores[k] = scores.get(k, 0.0) + sources.word_weight(total, len(holding))
    key = {k: -score / math.sqrt(len(set(texts[k][1]))) for k, score in scores.items()}
    taken_pairs = [(k, index._text(k)) for k in sorted(taken) if k < total]
    seen = {sources.same_text_key(text) for _, text in taken_pairs}
    expected = []
    for k in sorted(key, key=lambda k: (key[k], texts[k][0], k)):
        if k not in taken and sources.same_text_key(index._text(k)) not in seen:
            seen.add(sources.same_text_key(index._text(k)))
            expected.append((k, index._text(k)))
    assert index._best(index._holdings(words), count, taken_pairs) == expected[:count]
