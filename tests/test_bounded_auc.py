"""Bounded AUC (study C's metric), its chance levels, the per-label mean and per-author pooling."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from mhtext.evaluate.bounded import bounded_auc, mean_bounded_auc, pool_by_author
from mhtext.published import lookup


@pytest.fixture(scope="module")
def random_scores():
    rng = np.random.default_rng(0)
    n = 200_000
    return rng.random(n) < 0.3, rng.random(n)


@pytest.mark.parametrize(("max_fpr", "quantity"), [(0.1, "chance.bounded_auc"), (0.33, "chance.triage_bounded_auc"),
                                                   (1.0, "chance.overall_auc")])
def test_random_classifier_scores_the_papers_chance_level(random_scores, max_fpr, quantity):
    y, s = random_scores
    assert bounded_auc(y, s, max_fpr) == pytest.approx(lookup("distress-triage", quantity), abs=0.01)


def test_not_mcclish_standardised(random_scores):
    y, s = random_scores
    # scikit-learn's partial AUC is standardised so that chance is 0.5; ours is not.
    assert roc_auc_score(y, s, max_fpr=0.1) == pytest.approx(0.5, abs=0.02)
    assert bounded_auc(y, s, 0.1) < 0.07


def test_hand_computed_curve():
    # 2 positives, 3 negatives. ROC points (FPR, TPR): (0,0) (0,.5) (1/3,.5) (1/3,1) (2/3,1) (1,1).
    y = [1, 0, 1, 0, 0]
    s = [0.9, 0.8, 0.7, 0.3, 0.1]
    assert bounded_auc(y, s, 1.0) == pytest.approx(5 / 6)  # 1/3 * .5 + 2/3 * 1
    assert bounded_auc(y, s, 0.5) == pytest.approx((1 / 3 * 0.5 + (0.5 - 1 / 3) * 1) / 0.5)  # = 2/3
    assert bounded_auc(y, s, 0.2) == pytest.approx(0.5)  # flat at TPR .5 up to FPR 1/3
    assert bounded_auc(y, s, 1.0) == pytest.approx(roc_auc_score(y, s))


def test_extremes_and_ties():
    y = np.array([1, 1, 0, 0, 0, 0])
    assert bounded_auc(y, [5, 4, 3, 2, 1, 0], 0.1) == pytest.approx(1.0)
    assert bounded_auc(y, [0, 1, 2, 3, 4, 5], 0.1) == pytest.approx(0.0)
    # All scores tied: the diagonal, i.e. the expected area under random tie-breaking.
    assert bounded_auc(y, np.zeros(6), 0.1) == pytest.approx(0.05)


def test_errors():
    with pytest.raises(ValueError, match="both classes"):
        bounded_auc([1, 1, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="max_fpr"):
        bounded_auc([1, 0], [0.1, 0.2], max_fpr=0)
    with pytest.raises(ValueError, match="values"):
        bounded_auc([1, 0], [0.1, 0.2, 0.3])


def test_mean_bounded_auc_scores_labels_with_both_classes():
    Y = np.array([[1, 0, 1], [0, 0, 1], [1, 0, 1], [0, 0, 1]])
    S = np.array([[0.9, 0.1, 0.5], [0.1, 0.2, 0.5], [0.8, 0.3, 0.5], [0.2, 0.4, 0.5]])
    r = mean_bounded_auc(Y, S, max_fpr=0.1, labels=["a", "b", "c"])
    assert (r.n_scored, r.n_labels) == (1, 3)  # b has no positive, c no negative
    assert r.bounded == pytest.approx(1.0) and r.overall == pytest.approx(1.0)
    assert r.per_label.set_index("label").loc["b", "scored"] == False  # noqa: E712
    assert np.isnan(r.per_label.set_index("label").loc["c", "bounded_auc"])
    with pytest.raises(ValueError, match="nothing to score"):
        mean_bounded_auc(Y, S, min_positives=3)
    with pytest.raises(ValueError, match="shapes"):
        mean_bounded_auc(Y, S[:, :2])


def test_pool_by_author_takes_any_gold_and_max_score():
    df = pd.DataFrame({"thread_id": ["t1", "t1", "t1", "t2"], "author_id": ["a", "b", "a", "a"]})
    Y = np.array([[1, 0], [0, 1], [0, 0], [0, 1]])
    S = np.array([[0.2, 0.9], [0.5, 0.1], [0.7, 0.3], [0.4, 0.6]])
    groups, Yp, Sp = pool_by_author(df, Y, S)
    assert groups.to_dict("records") == [{"thread_id": "t1", "author_id": "a"}, {"thread_id": "t1", "author_id": "b"},
                                         {"thread_id": "t2", "author_id": "a"}]
    np.testing.assert_array_equal(Yp, [[1, 0], [0, 1], [0, 1]])
    np.testing.assert_allclose(Sp, [[0.7, 0.9], [0.5, 0.1], [0.4, 0.6]])
    with pytest.raises(ValueError, match="author_id"):
        pool_by_author(df.drop(columns="author_id"), Y, S)
