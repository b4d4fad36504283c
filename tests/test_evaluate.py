import numpy as np
import pytest

from mhtext.evaluate.cv import check_folds, cross_validate
from mhtext.evaluate.metrics import classification_metrics
from mhtext.models.baselines import tfidf_logreg


def test_metrics_match_hand_computation():
    y = ["a", "a", "b", "b"]
    proba = np.array([[0.9, 0.1], [0.4, 0.6], [0.2, 0.8], [0.3, 0.7]])
    m = classification_metrics(y, proba, ["a", "b"])
    assert m["accuracy"] == 0.75
    assert m["a.precision"] == 1.0 and m["a.recall"] == 0.5
    assert m["b.auc"] == 1.0


def test_unknown_labels_and_missing_classes_raise():
    with pytest.raises(ValueError, match="unknown labels"):
        classification_metrics(["a", "z"], np.eye(2), ["a", "b"])
    with pytest.raises(ValueError, match="no examples"):
        classification_metrics(["a", "a"], np.eye(2), ["a", "b"])


def test_fold_check_names_small_classes():
    with pytest.raises(ValueError, match=r"'b': 2"):
        check_folds(["a"] * 10 + ["b"] * 2, 5)


def test_cross_validate_keeps_oof_and_folds():
    X = ["good day"] * 10 + ["bad day"] * 10
    y = ["pos"] * 10 + ["neg"] * 10
    res = cross_validate(lambda k: tfidf_logreg(random_state=k), X, y, n_splits=5, seed=0)
    assert res.oof_proba.shape == (20, 2) and len(res.folds) == 5
    assert res.mean()["accuracy"] == 1.0
