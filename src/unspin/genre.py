"""Which genre a text reads as: news (and web copy) or a manuscript (a paper, technical prose).

``genre="auto"`` picks a document's models by this guess instead of by the caller's word. A paper
read by the news models shows more false spans (terms no news corpus counts), and spun news read by
the manuscript models shows fewer of a general spinner's synonyms, so the guess leans on what
separates the two genres' prose, not on whether it looks spun: reporting ("said", "told"), and
technical wording (the list's expected phrases, nominalisations, rare words).

A logistic model over ``FEATURES`` (``data/genre-model.json``, fitted by ``scripts/train_genre.py``
on train-split news against train-split scientific and technical prose), read with plain Python.
That prose is documentation (SciPy's and scikit-learn's docstrings, Python's), not papers: the
features that read differently there than in papers are left out: first person plural, numbers
and brackets, which papers have and docstrings lack; names, which papers have (cited authors,
institutions, eponymous methods, acronyms) and docstrings lack; quotation marks, which docstrings
use for strings; and word length, which fell with technicality in docstrings (their short code
terms) though papers write long words.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from unspin.language_model import DomainPhrases, domain_phrases, domain_word, in_domain_lexicon
from unspin.resources import FUNCTION_WORDS, data_path, word_zipf
from unspin.tokens import Token

MODEL_FILE = "genre-model.json"
# Shorter texts say too little about their genre: they are read as news.
MIN_WORDS = 30

FEATURES = (
    "domain_words",  # share of words in a phrase of the domain lexicon (the list's expected wording)
    "domain_pairs",  # word pairs that are phrases of the domain lexicon, per word
    "reporting",  # "said", "says", "told" per word: news reports speech
    "function_words",  # share of function words
    "nominalisations",  # long words ending as nouns and adjectives of abstraction ("-tion", "-ity")
    "rare_words",  # share of words under Zipf 3.5
)
_REPORTING = frozenset({"said", "says", "told"})
_NOMINAL = re.compile(r"(?:tion|sion|ity|ment|ness|ance|ence|ism|ology|ical|ive|ous|ise|ize)s?$")


@dataclass(frozen=True, slots=True)
class GenreGuess:
    genre: str  # "news" | "manuscript"
    probability: float  # that the text is a manuscript (0.0 for a text too short to tell)


def genre_features(tokens: Sequence[Token], domain: DomainPhrases) -> dict[str, float]:
    """``FEATURES`` of a text, each a share or a rate per word."""
    norms = [t.norm for t in tokens if t.kind == "word"]
    count = max(1, len(norms))
    with domain_phrases(domain):
        domain_words = sum(map(domain_word, norms))
        domain_pairs = sum(in_domain_lexicon(f"{a} {b}") for a, b in zip(norms, norms[1:]))
    return {
        "domain_words": domain_words / count,
        "domain_pairs": domain_pairs / count,
        "reporting": sum(w in _REPORTING for w in norms) / count,
        "function_words": sum(w in FUNCTION_WORDS for w in norms) / count,
        "nominalisations": sum(len(w) > 6 and _NOMINAL.search(w) is not None for w in norms) / count,
        "rare_words": sum(word_zipf(w) < 3.5 for w in norms) / count,
    }


@dataclass(frozen=True)
class GenreModel:
    """Logistic regression on standardised features: P(manuscript) = sigmoid(w . (x - mean) / scale + b)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float  # P(manuscript) from which a text is read as a manuscript

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(
            w * (features[name] - m) / s
            for name, m, s, w in zip(self.features, self.mean, self.scale, self.weights)
        )
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_dict(self) -> dict:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "intercept": self.intercept,
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict) -> GenreModel:
        return cls(
            tuple(data["features"]),
            tuple(data["mean"]),
            tuple(data["scale"]),
            tuple(data["weights"]),
            float(data["intercept"]),
            float(data["threshold"]),
        )


@cache
def shipped_model() -> GenreModel:
    with open(data_path(MODEL_FILE), encoding="utf-8") as handle:
        return GenreModel.from_dict(json.load(handle))


def guess_genre(
    tokens: Sequence[Token], domain: DomainPhrases, model: GenreModel | None = None
) -> GenreGuess:
    """The genre ``tokens`` read as, by ``model`` (default: the shipped one)."""
    if sum(t.kind == "word" for t in tokens) < MIN_WORDS:
        return GenreGuess("news", 0.0)
    model = model or shipped_model()
    probability = model.probability(genre_features(tokens, domain))
    return GenreGuess("manuscript" if probability >= model.threshold else "news", probability)
