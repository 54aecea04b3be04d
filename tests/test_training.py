import numpy as np
import pytest

from unspin.evidence import FEATURES

sklearn = pytest.importorskip("sklearn")


def test_exported_trees_predict_what_scikit_learn_predicts() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    from unspin.training import export_trees

    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, len(FEATURES)))
    y = (X[:, 0] + X[:, 3] * X[:, 5] > 0.2).astype(int)
    model = HistGradientBoostingClassifier(max_iter=20, max_depth=3, random_state=0).fit(X, y)
    exported = export_trees(model, "test")
    expected = model.predict_proba(X[:50])[:, 1]
    assert exported.confidences(X[:50].tolist()) == pytest.approx(expected.tolist(), abs=1e-5)
