"""AutoML stage of study D: the risk score, fine -> coarse scoring, rare classes, FLAML and TPOT searches."""

import warnings

import numpy as np
import pytest
from distributed import LocalCluster
from sklearn.base import BaseEstimator, clone
from sklearn.datasets import make_classification
from sklearn.metrics import make_scorer
from sklearn.model_selection import RepeatedStratifiedKFold, cross_val_score

from mhtext.models.automl import AutoMLClassifier, _coded_risk_f1, _TPOTSplits, make_risk_scorer, risk_macro_f1

FINE = np.array(["allClear", "supporting", "mild", "acute", "angry", "crisis"])
CMAP = {"allClear": "green", "supporting": "green", "mild": "amber", "acute": "red", "angry": "red",
        "crisis": "crisis"}


@pytest.fixture(scope="module")
def separable():
    """6 fine labels over 4 coarse ones, well separated: any sensible pipeline scores far above chance."""
    X, codes = make_classification(n_samples=240, n_features=12, n_informative=6, n_redundant=0, n_classes=6,
                                   n_clusters_per_class=1, class_sep=3.0, random_state=0)
    return X, FINE[codes]


# ---------------------------------------------------------------- the score
def test_risk_macro_f1_matches_hand_computation_and_ignores_green():
    y_true = ["green", "green", "amber", "amber", "red", "crisis"]
    y_pred = ["green", "amber", "amber", "red", "red", "green"]
    # amber: tp=1 fp=1 fn=1 -> F1 1/2; red: tp=1 fp=1 fn=0 -> 2/3; crisis: tp=0 -> 0. Green (tp=1 fp=1 fn=1, F1 1/2) is left out.
    assert risk_macro_f1(y_true, y_pred) == pytest.approx((1 / 2 + 2 / 3 + 0) / 3)
    # Including green changes the value, so the exclusion is real.
    assert risk_macro_f1(y_true, y_pred, exclude=()) == pytest.approx((1 / 2 + 1 / 2 + 2 / 3 + 0) / 4)


def test_risk_macro_f1_fixed_labels_and_errors():
    # A class absent from a fold still counts (as 0) when the label set is fixed.
    assert risk_macro_f1(["amber", "red"], ["amber", "red"], labels=["amber", "red", "crisis"]) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="no class left"):
        risk_macro_f1(["green"], ["green"])
    with pytest.raises(ValueError, match="shape"):
        risk_macro_f1(["red", "red"], ["red"])


def test_fine_labels_are_scored_on_coarse_classes():
    # Confusing two red sub-labels costs nothing; confusing red with amber does.
    y_true = ["acute", "angry", "mild", "allClear"]
    swap_within_red = ["angry", "acute", "mild", "allClear"]
    scorer = make_risk_scorer(CMAP)

    class Fixed(BaseEstimator):  # a fixed answer sheet
        def __init__(self, out=None):
            self.out = out

        def predict(self, X):
            return np.array(self.out, dtype=object)

    assert scorer(Fixed(swap_within_red), np.zeros((4, 1)), y_true) == pytest.approx(1.0)
    assert scorer(Fixed(["mild", "angry", "mild", "allClear"]), np.zeros((4, 1)), y_true) < 1.0
    codes_to_coarse = np.array([CMAP[f] for f in FINE], dtype=object)
    assert _coded_risk_f1([3, 4], [4, 3], code_to_coarse=codes_to_coarse, labels=["red"]) == pytest.approx(1.0)


# ---------------------------------------------------------------- rare classes
def _tiny_with_rare(n_rare):
    X, y = make_classification(n_samples=60, n_features=5, n_informative=3, n_redundant=0, n_classes=3,
                               n_clusters_per_class=1, random_state=1)
    y = np.array(["mild", "acute", "allClear"], dtype=object)[y]
    y[:n_rare] = "angry"
    return X, y


def test_rare_fine_class_is_merged_into_its_coarse_sibling():
    X, y = _tiny_with_rare(1)
    clf = AutoMLClassifier(tool="flaml", time_budget=None, max_iter=1, n_splits=3, n_repeats=1, coarse_map=CMAP,
                           estimators=["lrl1"])
    with pytest.warns(UserWarning, match="merged"):
        clf.fit(X, y)
    assert clf.label_merges_ == {"angry": "acute"}
    assert "angry" not in clf.classes_ and clf.n_splits_used_ == 3


def test_class_smaller_than_n_splits_reduces_folds():
    X, y = _tiny_with_rare(2)
    clf = AutoMLClassifier(tool="flaml", time_budget=None, max_iter=1, n_splits=5, n_repeats=1, coarse_map=CMAP,
                           estimators=["lrl1"], rare="reduce")
    with pytest.warns(UserWarning, match="2-fold"):
        clf.fit(X, y)
    assert clf.n_splits_used_ == 2 and clf.cv_.cvargs["n_splits"] == 2 and "angry" in clf.classes_


def test_single_member_class_without_sibling_raises_naming_it():
    X, y = _tiny_with_rare(1)
    y[0] = "crisis"  # crisis has no sibling fine label to merge into
    clf = AutoMLClassifier(tool="flaml", time_budget=None, max_iter=1, n_splits=3, coarse_map=CMAP)
    with pytest.raises(ValueError, match="crisis"):
        clf.fit(X, y)
    with pytest.raises(ValueError, match="coarse_map"):
        AutoMLClassifier(coarse_map={"mild": "amber"}, max_iter=1).fit(X, y)


# ---------------------------------------------------------------- FLAML
def test_flaml_fits_far_above_chance_and_is_deterministic(separable):
    X, y = separable
    kw = dict(tool="flaml", time_budget=None, max_iter=5, n_splits=3, n_repeats=1, coarse_map=CMAP, seed=3)
    a = AutoMLClassifier(**kw).fit(X, y)
    b = AutoMLClassifier(**kw).fit(X, y)
    # Chance risk macro-F1 with 4 balanced coarse classes is ~0.25-0.3.
    assert a.cv_score_ > 0.7 and a.risk_score(X, y) > 0.8
    assert a.pipeline_description_ == b.pipeline_description_ and a.cv_score_ == b.cv_score_
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    assert a.n_evaluated_ == len(a.search_log_) >= 1
    assert a.search_log_.cv_score.max() == pytest.approx(a.cv_score_)
    assert set(a.classes_) == set(FINE) and a.predict_proba(X).shape == (len(X), 6)
    np.testing.assert_array_equal(a.predict_coarse(X), [CMAP[v] for v in a.predict(X)])
    # The estimator also works as a plain scikit-learn classifier under an outer CV with the same scorer.
    outer = cross_val_score(AutoMLClassifier(**{**kw, "max_iter": 2}), X, y, cv=2, scoring=make_risk_scorer(CMAP))
    assert outer.mean() > 0.6


def _recomputed_cv(clf, X, y):
    """Mean risk macro-F1 of a fresh copy of the chosen pipeline over the estimator's own folds."""
    codes = np.searchsorted(clf.classes_, y)
    scorer = make_scorer(_coded_risk_f1, code_to_coarse=np.array([CMAP[c] for c in clf.classes_], dtype=object),
                         labels=clf.coarse_classes_)
    return cross_val_score(clone(clf.pipeline_), X, codes, cv=clf.cv_, scoring=scorer).mean()


def test_flaml_cv_score_is_the_coarse_risk_score():
    # Overlapping, imbalanced classes, where CV accuracy (~0.57) and the coarse risk score (~0.41) differ.
    X, codes = make_classification(n_samples=240, n_features=12, n_informative=6, n_redundant=0, n_classes=6,
                                   n_clusters_per_class=1, class_sep=1.0, weights=[0.4, 0.2, 0.15, 0.1, 0.08, 0.07],
                                   random_state=0)
    y = FINE[codes]
    clf = AutoMLClassifier(tool="flaml", time_budget=None, max_iter=3, n_splits=3, n_repeats=2, coarse_map=CMAP,
                           estimators=["rf"], seed=1).fit(X, y)
    # FLAML shuffles the training rows inside each fold and the scaler here is refitted per fold, so allow a
    # little slack.
    assert clf.cv_score_ == pytest.approx(_recomputed_cv(clf, X, y), abs=0.03)


# ---------------------------------------------------------------- TPOT
TPOT_KW = dict(tool="tpot", time_budget=None, max_iter=1, population_size=4, max_eval_time=20, n_splits=3,
               n_repeats=1, coarse_map=CMAP, seed=0)


@pytest.fixture(scope="module")
def tpot_fit(separable):
    X, y = separable
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return AutoMLClassifier(**TPOT_KW).fit(X, y)


def test_tpot_fits_and_predicts_above_chance(separable, tpot_fit):
    X, y = separable
    clf = tpot_fit
    assert clf.cv_score_ > 0.5 and clf.risk_score(X, y) > 0.6
    assert clf.n_evaluated_ == len(clf.search_log_) >= 4
    assert clf.search_log_.cv_score.max() == pytest.approx(clf.cv_score_)
    # TPOT cross-validates exactly the exported pipeline on the estimator's folds, so the score is reproducible.
    assert clf.cv_score_ == pytest.approx(_recomputed_cv(clf, X, y), abs=1e-9)
    np.testing.assert_array_equal(clf.predict_coarse(X), [CMAP[v] for v in clf.predict(X)])
    assert set(clf.predict(X)) <= set(FINE)


def test_tpot_on_a_given_scheduler_repeats_the_same_search(separable, tpot_fit):
    # A Client built from an address has no .cluster, which TPOT 1.1 needs; a thread cluster starts instantly.
    X, y = separable
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            again = AutoMLClassifier(**TPOT_KW, scheduler_address=cluster.scheduler_address).fit(X, y)
    finally:
        cluster.close()
    # Same seed and a generation budget (no pipeline timing out): the same pipelines with the same scores.
    np.testing.assert_array_equal(again.search_log_.cv_score, tpot_fit.search_log_.cv_score)
    assert again.pipeline_description_ == tpot_fit.pipeline_description_


def test_tpot_keeps_classes_smaller_than_folds_times_repeats():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stopit, imported by TPOT, warns about pkg_resources
        from tpot.tpot_estimator.estimator_utils import remove_underrepresented_classes
    # TPOT 1.1 drops classes with fewer than cv.get_n_splits() members; with 3 folds x 2 repeats that would be 6.
    y = np.array([0] * 10 + [1] * 4)
    splits = _TPOTSplits(RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0), 3)
    assert len(list(splits.split(np.zeros((14, 1)), y))) == 6
    _, kept = remove_underrepresented_classes(np.zeros((14, 1)), y, splits.get_n_splits(None, y))
    assert len(kept) == 14
