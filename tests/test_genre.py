import json

import pytest

from unspin import datasets
from unspin.genre import FEATURES, MODEL_FILE, GenreModel, genre_features, guess_genre, shipped_model
from unspin.language_model import DomainPhrases
from unspin.pipeline import default_checker
from unspin.resources import data_path
from unspin.tokens import tokenize

PAPER = (
    "In this paper, we propose a convolutional neural network for the segmentation of medical images. "
    "The proposed architecture combines feature extraction with an attention mechanism, and its "
    "performance is evaluated on three benchmark datasets. Experimental results show that the method "
    "improves the classification accuracy and reduces the computational complexity of existing approaches."
)
NEWS = (
    "The minister said on Tuesday that the government would not raise taxes this year. “We have made "
    "our choice,” Mr Brown told reporters in London, adding that the Treasury expected growth to pick "
    "up. Labour and the Conservatives clashed over the plans in the Commons, and the Liberal Democrats "
    "called for an inquiry."
)


def guess(text: str):
    return guess_genre(tokenize(text), default_checker().domain)


def test_a_paper_reads_as_a_manuscript_and_a_news_story_as_news() -> None:
    assert guess(PAPER).genre == "manuscript"
    assert guess(NEWS).genre == "news"
    assert guess(PAPER).probability > 0.99 > 0.01 > guess(NEWS).probability


def test_a_text_too_short_to_tell_reads_as_news() -> None:
    assert (
        guess("We propose a convolutional neural network.")
        == guess("")
        == guess_genre([], DomainPhrases.build([]))
    )


def test_the_features_are_shares_and_rates_per_word() -> None:
    news = genre_features(tokenize(NEWS), default_checker().domain)
    paper = genre_features(tokenize(PAPER), default_checker().domain)
    assert tuple(news) == FEATURES
    words = sum(t.kind == "word" for t in tokenize(NEWS))
    assert news["reporting"] == 2 / words and paper["reporting"] == 0  # "said" and "told"
    assert paper["domain_words"] > news["domain_words"]
    assert all(0 <= value <= 1 for value in paper.values())


def test_the_shipped_model_reads_the_features_the_code_makes() -> None:
    with open(data_path(MODEL_FILE), encoding="utf-8") as handle:
        data = json.load(handle)
    assert tuple(data["features"]) == FEATURES
    assert GenreModel.from_dict(data) == shipped_model()
    assert 0.5 <= shipped_model().threshold < 1


def test_held_out_news_and_scientific_prose_are_told_apart() -> None:
    if datasets.shared_data() is None:
        pytest.skip("../shared/data is not beside the checkout")
    news = [guess(text).genre for _, text in datasets.news("test", limit=200)]
    science = [guess(text).genre for _, text in datasets.scientific_prose("test")]
    assert news.count("manuscript") <= 2
    assert science.count("manuscript") >= 0.9 * len(science)
