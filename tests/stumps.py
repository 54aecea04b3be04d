"""One-split models for tests (imported by the test modules beside it)."""

from unspin.decisions import SpanModel


def stump(feature: int, threshold: float, low: float, high: float) -> SpanModel:
    """One tree of one split: a row whose ``feature`` is at most ``threshold`` gets the margin
    ``low``, any other row ``high``."""
    return SpanModel(
        feature=[feature, -1, -1],
        threshold=[threshold, 0.0, 0.0],
        left=[1, 0, 0],
        right=[2, 0, 0],
        value=[0.0, low, high],
        trees=[0],
        bias=0.0,
        version="test",
        depth=1,
    )
