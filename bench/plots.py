"""PNG plots for RESULTS.md, drawn with matplotlib's Agg backend (no display needed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported: the benchmark runs headless (CI, ssh)

import matplotlib.pyplot as plt  # noqa: E402

from unspin.evaluate import PRPoint, ReliabilityBin  # noqa: E402


class OperatingPoint(NamedTuple):
    label: str
    precision: float
    recall: float


def _steps(curve: Sequence[PRPoint]) -> tuple[list[float], list[float]]:
    # The curve starts at the highest threshold; prepend "flag nothing" so the line starts at recall 0.
    recalls = [0.0] + [point.recall for point in curve]
    precisions = [curve[0].precision if curve else 1.0] + [point.precision for point in curve]
    return recalls, precisions


def precision_recall_plot(
    curves: Mapping[str, Sequence[PRPoint]],
    points: Sequence[OperatingPoint],
    path: Path,
    title: str,
    subtitle: str = "",
) -> Path:
    """Precision against recall: each curve a line, each single-threshold detector a marker."""
    figure, axes = plt.subplots(figsize=(6.4, 4.8), dpi=120)
    for index, (label, curve) in enumerate(curves.items()):
        recalls, precisions = _steps(curve)
        axes.plot(
            recalls,
            precisions,
            label=label,
            linewidth=2 if index == 0 else 1.2,
            linestyle="-" if index == 0 else "--",
        )
    markers = "osD^v*"
    for index, point in enumerate(points):
        axes.plot(
            [point.recall],
            [point.precision],
            marker=markers[index % len(markers)],
            linestyle="none",
            markersize=8,
            label=point.label,
        )
    axes.set_xlim(-0.02, 1.02)
    axes.set_ylim(-0.02, 1.02)
    axes.set_xlabel("recall (held-out tortured phrases flagged)")
    axes.set_ylabel("precision")
    axes.set_title(title + (f"\n{subtitle}" if subtitle else ""), fontsize=9)
    axes.grid(alpha=0.3)
    axes.legend(loc="lower left", fontsize=8)
    return _save(figure, path)


def reliability_plot(tables: Mapping[str, Sequence[ReliabilityBin]], path: Path, title: str) -> Path:
    """Reliability diagram: observed frequency against mean predicted probability per bin.

    ``tables`` maps a legend label to ``evaluate.reliability_table`` output; empty bins are skipped.
    Section 6 of the suite draws the document score with it (``bench/reliability.png``).
    """
    figure, axes = plt.subplots(figsize=(5.2, 5.2), dpi=120)
    axes.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfectly calibrated")
    for label, table in tables.items():
        filled = [row for row in table if row.count]
        axes.plot(
            [row.mean_predicted for row in filled], [row.observed for row in filled], marker="o", label=label
        )
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_xlabel("mean predicted probability")
    axes.set_ylabel("observed frequency")
    axes.set_title(title, fontsize=9)
    axes.grid(alpha=0.3)
    axes.legend(loc="lower right", fontsize=8)
    return _save(figure, path)


def _save(figure: Any, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path
