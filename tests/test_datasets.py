import json

import pytest

from unspin import datasets
from unspin.datasets import (
    DOCUMENT_WORDS,
    SPLITS,
    joined,
    news,
    prose_paragraphs,
    scientific_prose,
    short_news_texts,
    split_of,
    technical_prose,
)

SENTENCE = "The function returns a new list that holds every element of the sequence in its original order. "


def test_prose_paragraphs_keep_sentences_and_join_their_lines() -> None:
    text = f"{SENTENCE}\n{SENTENCE}"
    assert prose_paragraphs(text) == [" ".join(f"{SENTENCE}{SENTENCE}".split())]


def test_prose_paragraphs_drop_code_examples_short_lines_and_api_listings() -> None:
    code = "    for item in items:\n        print(item)  " + "x = 1 " * 30
    example = ">>> sorted([3, 1, 2]) " + "word " * 30
    listing = " ".join(f"get{i}() -- returns_{i}" for i in range(15))
    text = "\n\n".join([code, example, "Too short to be prose.", listing, SENTENCE * 2])
    assert prose_paragraphs(text) == [" ".join((SENTENCE * 2).split())]


@pytest.mark.parametrize(
    ("corpus", "prefixes"),
    [(technical_prose, ("stdlib:", "pydoc:")), (scientific_prose, ("scipy:", "sklearn:"))],
)
def test_docstring_prose_is_split_by_source_module_into_article_sized_parts(corpus, prefixes) -> None:
    if corpus is scientific_prose:
        pytest.importorskip("sklearn")  # SciPy and scikit-learn come with the dev extra
    documents = list(corpus())
    assert len(documents) > 100  # a few hundred parts
    assert {doc_id.partition(":")[0] + ":" for doc_id, _ in documents} == set(prefixes)
    assert len({doc_id for doc_id, _ in documents}) == len(documents)
    assert all(len(text.split()) >= DOCUMENT_WORDS // 2 for _, text in documents)
    by_split = {split: {doc_id for doc_id, _ in corpus(split)} for split in SPLITS}
    assert sum(len(ids) for ids in by_split.values()) == len(documents)
    # every part of a module lands in the split of the module
    for split, ids in by_split.items():
        assert all(split_of(doc_id.partition("#")[0]) == split for doc_id in ids)
    assert list(corpus("test", limit=3)) == list(corpus("test"))[:3]


def test_an_article_the_corpus_holds_twice_is_read_once_at_its_first_id(tmp_path, monkeypatch) -> None:
    rows = [
        {"id": "a-1", "text": "The same story."},
        {"id": "a-2", "text": "Another story."},
        {"id": "a-3", "text": "The  same\nstory."},  # a copy, spaced otherwise
    ]
    (tmp_path / "news").mkdir()
    lines = "".join(json.dumps(row) + "\n" for row in rows)
    (tmp_path / "news" / "bbc.jsonl").write_text(lines, encoding="utf-8")
    monkeypatch.setattr(datasets, "shared_data", lambda: tmp_path)
    assert [doc_id for doc_id, _ in news()] == ["a-1", "a-2"]
    for split in SPLITS:  # the copy is in no split, whichever its own id would give
        assert "a-3" not in {doc_id for doc_id, _ in news(split)}


def test_a_test_article_that_nearly_copies_a_train_or_calibration_one_is_left_out(
    tmp_path, monkeypatch
) -> None:
    story = (
        "the minister said on monday that the new rules on imports would take effect next year after talks;"
        " officials expected the change to cut costs for small firms across the country"
    )
    other = "the club confirmed that its striker would miss the rest of the season with a knee injury he had"
    rows = [
        {"id": "n-0", "text": story},  # train
        {"id": "n-8", "text": other},  # calibration
        {"id": "n-4", "text": story.replace("monday", "tuesday")},  # test: the train story, one word edited
        {"id": "n-9", "text": other + " in march"},  # test: the calibration story, updated
        {
            "id": "n-12",
            "text": "prices rose faster than expected in may as fuel and food costs climbed again",
        },
    ]
    assert [split_of(row["id"]) for row in rows] == ["train", "calibration", "test", "test", "test"]
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "bbc.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    monkeypatch.setattr(datasets, "shared_data", lambda: tmp_path)
    assert [doc_id for doc_id, _ in news("test")] == ["n-12"]
    assert [doc_id for doc_id, _ in news()] == ["n-0", "n-8", "n-12"]
    # train and calibration keep theirs: the models were fitted and tuned on them
    assert [doc_id for doc_id, _ in news("train")] == ["n-0"]
    assert [doc_id for doc_id, _ in news("calibration")] == ["n-8"]


def test_the_shared_news_splits_share_no_text() -> None:
    if datasets.shared_data() is None:
        pytest.skip("../shared/data is not beside the checkout")
    texts = {split: {" ".join(text.split()) for _, text in news(split)} for split in SPLITS}
    assert all(texts[a].isdisjoint(texts[b]) for a in SPLITS for b in SPLITS if a < b)


def test_short_news_texts_are_the_headline_and_the_short_sentences(tmp_path, monkeypatch) -> None:
    text = (
        "Rates held at record low\n\n"
        "The bank kept its rate. It said growth was slowing across the whole economy this year. "
        '"We will wait," he said. Prices rose 2.5% in May!\n'
    )
    (tmp_path / "news").mkdir()
    row = json.dumps({"id": "b-1", "text": text}) + "\n"
    (tmp_path / "news" / "bbc.jsonl").write_text(row, encoding="utf-8")
    monkeypatch.setattr(datasets, "shared_data", lambda: tmp_path)
    assert [(kind, short) for _, kind, short in short_news_texts()] == [
        ("headline", "Rates held at record low"),
        ("sentence", "The bank kept its rate."),  # the 12-word sentence is too long
        ("sentence", '"We will wait," he said.'),
        ("sentence", "Prices rose 2.5% in May!"),
    ]


def test_joined_takes_consecutive_parts_and_leaves_a_short_rest_out() -> None:
    parts = [("a", "One."), ("b", "Two."), ("c", "Three.")]
    assert joined(parts, 1) == parts
    assert joined(parts, 2) == [("a+1", "One.\n\nTwo.")]
    assert joined(parts, 4) == []
