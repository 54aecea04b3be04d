"""Smoke test of the benchmark suite (bench/) on tiny sizes; skipped without ../shared/data."""

from __future__ import annotations

import importlib
import math
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unspin
from unspin.datasets import shared_data
from unspin.evaluate import normalise

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shared_data() is None, reason="no benchmark data (../shared/data)")

TITLES = (
    "## 1. Phrase level",
    "## 1b. Held-out list phrases in running prose",
    "## 2. False edits on clean news",
    "## 2b. False edits on clean technical prose",
    "## 2c. Short texts, each checked on its own",
    "## 2d. False edits on clean scientific prose",
    '## 2e. The genre guess (genre="auto")',
    "## 3. Synthetic spins",
    "## 3b. Hard-wrapped text",
    "## 3c. News model and manuscript model",
    "## 3d. Manuscripts with a few tortured phrases",
    "## 4. Real spinner output",
    "## 5. Speed and memory",
    "## 6. Document verdict",
    "## 7. A spun copy against its source",
)


@pytest.fixture(scope="module")
def suite():
    pytest.importorskip("matplotlib")
    # bench/ sits beside src/ rather than inside the installed package, so it is only importable
    # from the repository root, which pytest does not put on sys.path by itself.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("bench.suite")


def test_quick_suite_writes_every_section(suite, tmp_path: Path) -> None:
    sizes = suite.Sizes(
        "smoke",
        phrase_limit=5,
        clean_docs=2,
        spun_docs=2,
        configs=(
            suite.SpinConfig("wordnet", "careless", 0.3),
            suite.SpinConfig("pps", "careful", 0.1),
            suite.SpinConfig("moby", "careless", 0.3, blind=True),
        ),
        speed_docs=2,
        verdict_docs=3,  # one more than clean_docs: section 6 checks the missing clean article itself
        verdict_spins=2,
    )
    out = tmp_path / "RESULTS.md"
    sections = suite.run_suite(sizes, out, jobs=1, command="pytest smoke")

    text = out.read_text(encoding="utf-8")
    for title in TITLES:
        assert title in text
    assert "- machine: " in text and "- command: `pytest smoke`" in text
    # the speed of the core as it runs here, and of its Python sources where it is compiled
    assert f"- unspin: {unspin.__version__}, core " in text and "| unspin, Python sources" in text
    # Every table is followed by its signature line.
    tables = len(re.findall(r"^\|[-:|]+\|$", text, flags=re.MULTILINE))
    assert tables >= 8
    assert text.count("Signature: `") == tables
    assert "held out of training" in text
    assert (tmp_path / "pr-phrases.png").stat().st_size > 1000
    assert (tmp_path / "reliability.png").stat().st_size > 1000
    assert "](reliability.png)" in text
    spun = next(section for section in sections if section.title.startswith("3."))
    assert "moby/careless/0.3/blind recall of content words" in spun.rates  # sense-blind row, by kind
    assert "| every word " in text and "| content words " in text
    grafted = next(section for section in sections if section.title.startswith("1b."))
    assert {"grafted recall", "grafted best_recall", "grafted top1"} <= set(grafted.rates)
    assert "grafted manuscript model in scientific prose best_recall" in grafted.rates
    genres = next(section for section in sections if section.title.startswith("3c."))
    assert "manuscript model scientific prose pps-test best_recall" in genres.rates
    assert "news model scientific prose wordnet doc_auc" in genres.rates
    assert "news model clean scientific prose verdict spun" in genres.rates
    manuscripts = next(section for section in sections if section.title.startswith("3d."))
    assert {"manuscript manuscript 8 phrases auc", "manuscript news clean spun"} <= set(manuscripts.rates)
    verdict = next(section for section in sections if section.title.startswith("6."))
    for group in ("seen", "pps", "chain"):
        for key in ("auc", "recall", "fpr", "ece"):
            assert f"{group} {key}" in verdict.rates
    # every spinner group: each clean article once per spin of it, and two spins of each
    assert "6 + 6" in text
    low, high = verdict.rates["chain fpr ci low"], verdict.rates["chain fpr ci high"]
    assert low <= verdict.rates["chain fpr"] <= high
    compared = next(section for section in sections if section.title.startswith("7."))
    assert len(compared.rates) == len(suite.COMPARE_SPINS) and "| none: each article against" in text
    traced = next(section for section in sections if section.title.startswith("8."))
    assert len(traced.rates) == 3 * len(suite.COMPARE_SPINS) + 3 and "| none: train-split articles" in text
    assert "| made from two, each spun, in a pool holding each article 12 times: " in text
    assert traced.rates["syndicated both named"] > 0
    assert "| made from two and a passage of neither: " in text
    assert traced.rates["saved index same"] == 1.0 and "| saved, then opened " in text
    assert "| made from two, each spun: " in text

    rates = {
        f"{section.title}: {name}": value for section in sections for name, value in section.rates.items()
    }
    assert len(rates) > 20
    for name, value in rates.items():
        assert not math.isnan(value), name
        assert 0.0 <= value <= 1.0, (name, value)


def test_ranked_recall_is_the_best_recall_a_threshold_gives_at_the_precision(suite) -> None:
    outcome = suite.GenreSpinOutcome
    counts = suite.SpanCounts()
    # five gold edits; spans by confidence: hit, hit, miss, hit, miss, hit
    outcomes = [
        outcome(counts, 3, [(0.95, True), (0.9, True), (0.8, False)]),
        outcome(counts, 2, [(0.7, True), (0.6, False), (0.5, True)]),
    ]
    assert suite.ranked_recall(outcomes, 0.75) == 3 / 5  # the first four spans: precision 0.75
    assert suite.ranked_recall(outcomes, 1.0) == 2 / 5
    assert suite.ranked_recall(outcomes, 0.6) == 4 / 5  # all six: precision 0.67


def test_an_edit_is_of_a_name_of_function_words_or_of_other_words(suite) -> None:
    from unspin.spin import Edit
    from unspin.tokens import tokenize

    original = "Officials have gone to the Home Office twice."
    spun = "Officials own gone on the Home Bureau twice."

    def edit(was: str, wrote: str) -> Edit:
        # the first place each stands as whole words ("on" is also in "gone")
        start, original_start = f" {spun}".index(f" {wrote} "), f" {original}".index(f" {was} ")
        return Edit(start, start + len(wrote), wrote, was, original_start, original_start + len(was))

    def kind(was: str, wrote: str) -> str:
        return suite.edit_kind(tokenize(original), tokenize(spun), edit(was, wrote))

    assert kind("Office", "Bureau") == "names"
    # what was rewritten decides: "have" is a function word, "own" is not
    assert kind("have", "own") == "function words, as other words"
    assert kind("to", "on") == "function words, as function words"
    assert kind("Officials", "Officials") == "content words"  # a capital starting a sentence
    assert kind("gone", "gone") == "content words"


def test_cli_without_data_exits_cleanly(suite, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    main = importlib.import_module("bench.__main__")
    monkeypatch.setattr(main, "shared_data", lambda: None)
    assert main.main(["--quick"]) == 0
    assert "no benchmark data" in capsys.readouterr().out


def test_example_gold_reads_its_own_text_only_and_scores_spans(suite, tmp_path, monkeypatch) -> None:
    import hashlib

    from unspin.report import Alternative, Report, Span

    raw = b"The panel held a conclave and a ballot lately."
    text = raw.decode()
    example = tmp_path / "sample.txt"
    example.write_bytes(raw)
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    at = {
        word: (text.index(word), text.index(word) + len(word))
        for word in ("panel", "conclave", "and", "lately")
    }
    rows = [(*at["conclave"], "conference"), (*at["lately"], "recently|now"), (*at["and"], "")]
    lines = [f"# sha256\t{hashlib.sha256(raw).hexdigest()}", *("\t".join(map(str, row)) for row in rows)]
    (gold_dir / "sample.tsv").write_text("# note\n" + "\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(suite, "GOLD_DIR", gold_dir)
    gold = suite.example_gold(example, raw)
    assert [(g.text, g.readings) for g in gold] == [
        ("conclave", ("conference",)),
        ("lately", ("recently", "now")),
        ("and", ()),
    ]
    # an annotation of other bytes is not applied to this text
    assert suite.example_gold(example, raw.replace(b"panel", b"board")) is None

    alternatives = (Alternative("gathering", 0.9), Alternative("conference", 0.8))
    spans = (
        Span(*at["panel"], "panel", "board", 0.9),
        Span(*at["conclave"], "conclave", "gathering", 0.9, alternatives),
        Span(*at["lately"], "lately", "now", 0.9),
    )
    scores = suite.example_scores(Report(text, spans, 0.9, "spun", 8), gold)
    assert (scores["found"], scores["off_gold"], scores["readable"]) == (2, 1, 2)
    # "now" is the second reading of "lately"; "conference" is only the second restoration
    assert scores["top1"] == 0.5 and scores["top5"] == 1.0
    assert scores["recall"] == pytest.approx(2 / 3)


def test_a_carrier_article_agrees_with_the_restoration_as_the_checker_makes_it(suite) -> None:
    carrier = suite.COMPOUND_CARRIER
    assert suite.in_carrier(carrier, "error term", "blunder term") == "We propose an error term-based method."
    # an article that agreed with neither is left as the text has it
    assert suite.in_carrier(carrier, "anomaly detection", "anomaly location") == (
        "We propose a anomaly detection-based method."
    )
    restored = unspin.restore(carrier.format("blunder term"))
    assert restored == suite.in_carrier(carrier, "error term", "blunder term")


def test_a_grafted_phrase_is_scored_and_restored_where_it_stands(suite) -> None:
    from unspin.evaluate import grouped_folds
    from unspin.fingerprints import shipped
    from unspin.spin import graft_hosts

    article = (
        "The minister said on Tuesday that the committee would publish the report next week.\n"
        "Officials at the department declined to comment on the plans, which have been criticised by "
        "the opposition and by several charities working in the area.\n"
    )
    hosts = graft_hosts([article * 2])
    folds = grouped_folds(list(shipped()), 5, 0)
    # hold out a fold without "profound learning", which the checker then knows from the list
    held = next(k for k, fold in enumerate(folds) if all(fp.tortured != "profound learning" for fp in fold))
    training = [fp for k, fold in enumerate(folds) if k != held for fp in fold]
    detect = suite.grafted_detector_factory(hosts)(training)
    score, restorations = detect("profound learning")
    assert score >= 0.9 and restorations == ["deep learning"]
    score, restorations = detect("breast cancer")  # plain prose around it, nothing to restore
    assert score < 0.9 and restorations == []


@given(
    st.lists(st.sampled_from(["word", "extraordinarily", "a", "Name,", " ", "  ", "\n", "\n\n"]), max_size=60)
)
@settings(max_examples=100, deadline=None)
def test_hard_wrapping_keeps_every_character_where_its_offset_says(suite, pieces: list[str]) -> None:
    text = "".join(pieces)
    for hyphenate in (False, True):
        wrapped, where = suite.hard_wrapped(text, width=20, hyphenate=hyphenate)
        assert all(wrapped[where[i]] == char for i, char in enumerate(text) if not char.isspace())
        assert where == sorted(where) and where[len(text)] == len(wrapped)
        # only whitespace and line-end hyphens were changed or added
        unwrapped = wrapped.replace("-\n", "") if hyphenate else wrapped
        assert unwrapped.split() == text.split()
        # a line runs past the margin only when one word (or piece of one) fills it
        assert all(len(line.rstrip()) <= 20 or " " not in line.strip() for line in wrapped.split("\n"))


def test_a_long_word_crossing_the_margin_is_hyphenated_and_reads_whole(suite) -> None:
    from unspin.tokens import tokenize

    text = "The researchers found that the experimental population grew."
    wrapped, where = suite.hard_wrapped(text, width=40, hyphenate=True)
    assert "-\n" in wrapped and "\n" in wrapped
    assert [t.norm for t in tokenize(wrapped)] == [t.norm for t in tokenize(text)]
    start = text.index("population")
    assert wrapped[where[start] : where[start + len("population")]].replace("-\n", "") == "population"


def test_the_restoration_pool_counts_phrases_whose_expected_wording_is_ranked(suite) -> None:
    pool = importlib.import_module("bench.restoration_pool")
    for stretches in (True, False):
        phrases, in_pool, first = pool.fold_counts(0, stretches, limit=30)
        assert phrases == 30
        assert 0 < first <= in_pool <= phrases  # the list's phrases are restorable: some come first
    # each phrase's pool, as --dump writes it: normalised texts, ranked by falling margin
    words, expected, ranked = pool.fold_pools(0, limit=1)[0]
    assert words and expected and ranked == sorted(ranked, key=lambda item: -item[1])
    assert all(text == normalise(text) for text, _ in ranked)
