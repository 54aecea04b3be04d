import pytest

from unspin.candidates import Window, word_options
from unspin.evidence import as_written
from unspin.gate import GATE_FEATURES, WindowGate, gate_row, shipped_gate
from unspin.pipeline import Checker

PROSE = (
    "The minister said on Tuesday that the new rules would come into force next year, after a long "
    "consultation with businesses and unions. She took a profound breath and added that counterfeit "
    "consciousness had been a concern for the committee, which met in London to discuss the plans."
)


def _row(window: Window) -> list[float]:
    options = [word_options(w, {}) for w in window.words]
    return gate_row(window, as_written(window), min(o.spin_prior for o in options))


def test_gate_row_describes_the_window_as_written() -> None:
    row = dict(zip(GATE_FEATURES, _row(Window(3, 4, ("counterfeit", "consciousness"), "that", "had"))))
    assert row["two_words"] == 1.0 and row["three_words"] == 0.0
    assert row["has_left"] == row["has_right"] == 1.0
    assert row["unattested"] >= 1.0  # "counterfeit consciousness" is no attested pair


def test_shipped_gate_skips_fluent_windows_and_keeps_spun_ones() -> None:
    fluent = [Window(4, 4, ("tuesday",), "on", "that"), Window(7, 7, ("long",), "a", "consultation")]
    # "a profound breath" (deep), "a colossal benefit" (large)
    spun = [Window(5, 5, ("profound",), "a", "breath"), Window(5, 5, ("colossal",), "a", "benefit")]
    assert shipped_gate().keeps([_row(w) for w in fluent + spun]) == [False, False, True, True]


def test_gate_round_trips_and_refuses_other_features() -> None:
    gate = shipped_gate()
    assert WindowGate.from_dict(gate.to_dict()) == gate
    with pytest.raises(ValueError):
        WindowGate.from_dict({**gate.to_dict(), "features": ["gain"]})


def test_gated_decisions_are_the_ungated_ones_for_the_windows_kept() -> None:
    # the gate only drops windows: every window it keeps is searched and assessed as without it
    def decided(checker: Checker) -> set:
        return {
            (d.assessment.window, d.assessment.candidate, d.confidence) for d in checker.decisions(PROSE)[1]
        }

    full, gated = decided(Checker(window_gate=False)), decided(Checker(window_gate=True))
    assert gated < full
    kept = {window.words for window, _, _ in gated}
    assert ("profound",) in kept and ("counterfeit", "consciousness") in kept  # the latter is listed
    assert ("long",) not in kept and any(window.words == ("long",) for window, _, _ in full)


def test_the_gate_leaves_a_phrase_on_its_own_alone() -> None:
    phrase = "profound breath"
    assert Checker(window_gate=True).decisions(phrase)[1] == Checker(window_gate=False).decisions(phrase)[1]
