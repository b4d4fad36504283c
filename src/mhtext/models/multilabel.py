"""Multi-label distress classifiers of study C (distress-triage).

- :class:`MultiLabelSVM`: one-vs-rest RBF SVMs (the paper's Weka setup), one decision score per label.
  The RBF kernel matrix is computed once and shared by all labels (``SVC(kernel="precomputed")``), so
  118 labels cost one kernel plus 118 small QP solves.
- :func:`grid_search`: C and gamma chosen by grouped cross-validation (a thread's messages in one fold),
  scored by mean bounded AUC, as the paper tuned on 10 folds of threads.
- :class:`ContrastiveRationaleSVM`: Zaidan, Eisner and Piatko's (2007) annotator-rationale SVM, the
  contrastive baseline the paper compares A10 against.
- :class:`StackedMultiLabelSVM`: the "exploit label dependencies" extension of the paper's
  future work, as two-stage stacking (Godbole and Sarawagi 2004).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, clone
from sklearn.metrics.pairwise import rbf_kernel
from sklearn.model_selection import GroupKFold, KFold
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import SVC, LinearSVC
from sklearn.utils.validation import check_is_fitted
from tqdm.auto import tqdm

from mhtext.evaluate.bounded import mean_bounded_auc


def binarize_labels(Y, classes: Sequence | None = None) -> tuple[np.ndarray, list]:
    """A ``(n, n_labels)`` 0/1 matrix and its label names from either a binary matrix or label tuples.

    Label tuples (the ``labels`` column of ``sim-forum-threads``) are binarised over ``classes``
    (default: the labels seen, sorted); labels outside ``classes`` raise (a typo would otherwise vanish).
    """
    if isinstance(Y, np.ndarray | sparse.spmatrix | pd.DataFrame) and np.ndim(Y) == 2:
        M = Y.toarray() if sparse.issparse(Y) else np.asarray(Y)
        names = list(Y.columns) if isinstance(Y, pd.DataFrame) else list(classes or range(M.shape[1]))
        if len(names) != M.shape[1]:
            raise ValueError(f"binarize_labels: {len(names)} classes for a matrix of {M.shape[1]} columns.")
        return M.astype(bool).astype(np.int8), names
    sets = [tuple(y) for y in Y]
    seen = sorted({lab for y in sets for lab in y}, key=str)
    names = list(classes) if classes is not None else seen
    unknown = sorted(set(seen) - set(names), key=str)
    if unknown:
        raise ValueError(f"binarize_labels: labels {unknown[:10]} are not in classes ({len(names)} given).")
    return MultiLabelBinarizer(classes=names).fit_transform(sets).astype(np.int8), names


def resolve_gamma(X, gamma: float | str) -> float:
    """``gamma``, or scikit-learn's ``"scale"`` rule ``1 / (n_features * X.var())`` (sparse-safe)."""
    if gamma != "scale":
        return float(gamma)
    if sparse.issparse(X):
        mean = np.asarray(X.mean())
        var = float(X.multiply(X).mean() - mean**2)
    else:
        var = float(np.var(X))
    return 1.0 / (X.shape[1] * var) if var > 0 else 1.0


def _fit_label_svms(K: np.ndarray, Y: np.ndarray, C: float, class_weight, progress: bool, desc: str) -> list:
    """One precomputed-kernel SVC per label; None where a label has one class only (score: constant 0)."""
    out = []
    for j in tqdm(range(Y.shape[1]), desc=desc, disable=not progress, leave=False):
        y = Y[:, j]
        if y.min() == y.max():
            out.append(None)
            continue
        out.append(SVC(kernel="precomputed", C=C, class_weight=class_weight).fit(K, y))
    return out


def _decide(models: list, K_test: np.ndarray) -> np.ndarray:
    S = np.zeros((K_test.shape[0], len(models)))
    for j, m in enumerate(models):
        if m is not None:
            S[:, j] = m.decision_function(K_test)
    return S


class MultiLabelSVM(BaseEstimator):
    """One-vs-rest RBF SVMs over a label matrix, giving a decision score per label.

    Parameters
    ----------
    C, gamma
        SVM regularisation and RBF width (``"scale"``: scikit-learn's rule, resolved at fit).
    class_weight
        Passed to each :class:`~sklearn.svm.SVC` (None, as Weka's default; ``"balanced"`` an option).
    classes
        Label names for label-tuple input (the codebook's ids, so train and test columns agree).
    progress
        Show a tqdm bar over labels.

    Attributes
    ----------
    classes_ : list
    skipped_labels_ : list
        Labels with no positive (or no negative) training message: they score a constant 0.
    gamma_ : float
    """

    def __init__(self, C: float = 1.0, gamma: float | str = "scale", class_weight: str | dict | None = None,
                 classes: Sequence | None = None, progress: bool = False):
        self.C = C
        self.gamma = gamma
        self.class_weight = class_weight
        self.classes = classes
        self.progress = progress

    def fit(self, X, Y) -> MultiLabelSVM:
        """Fit one SVM per label; ``Y`` a binary matrix or an iterable of label tuples."""
        Yb, self.classes_ = binarize_labels(Y, self.classes)
        if Yb.shape[0] != X.shape[0]:
            raise ValueError(f"MultiLabelSVM.fit: X has {X.shape[0]} rows, Y {Yb.shape[0]}.")
        self.gamma_ = resolve_gamma(X, self.gamma)
        self.X_fit_ = X
        K = rbf_kernel(X, X, gamma=self.gamma_)
        self.models_ = _fit_label_svms(K, Yb, self.C, self.class_weight, self.progress, "MultiLabelSVM labels")
        self.skipped_labels_ = [c for c, m in zip(self.classes_, self.models_, strict=True) if m is None]
        return self

    def decision_function(self, X) -> np.ndarray:
        """``(n, n_labels)`` decision scores (higher: label more likely)."""
        check_is_fitted(self, "models_")
        return _decide(self.models_, rbf_kernel(X, self.X_fit_, gamma=self.gamma_))

    def predict(self, X) -> np.ndarray:
        """``(n, n_labels)`` 0/1 (decision score > 0)."""
        return (self.decision_function(X) > 0).astype(np.int8)


def grid_search(X, Y, groups, grid: Mapping[str, Iterable], n_folds: int = 10, seed: int = 0, *,
                max_fpr: float = 0.1, class_weight: str | dict | None = None, classes: Sequence | None = None,
                progress: bool = True) -> tuple[dict, pd.DataFrame]:
    """Choose ``C`` and ``gamma`` of :class:`MultiLabelSVM` by grouped K-fold cross-validation.

    Threads (``groups``) are shuffled into ``n_folds`` folds with :class:`~sklearn.model_selection.GroupKFold`
    (``shuffle=True``), so a thread's messages never straddle training and validation. Each fold is
    scored by the mean bounded AUC (:func:`mean_bounded_auc`, ``max_fpr``) over the labels it can score,
    on messages (not pooled by author: pooling needs the frame; the ranking of settings is what matters
    here). The RBF kernel is computed once per ``gamma`` and sliced per fold.

    Parameters
    ----------
    X, Y
        Features and labels (binary matrix or label tuples) of the training messages.
    groups
        Thread id of each row.
    grid
        ``{"C": [...], "gamma": [...]}``; a missing key takes the estimator's default.
    n_folds, seed
        Folds and the seed of their shuffle.

    Returns
    -------
    best : dict
        ``{"C": ..., "gamma": ...}`` with the highest mean score (``gamma`` as given in the grid).
    results : pandas.DataFrame
        ``C``, ``gamma``, ``gamma_value``, ``mean_bounded_auc``, ``std``, ``n_folds_scored``, sorted best first.
    """
    Yb, _ = binarize_labels(Y, classes)
    groups = np.asarray(groups)
    if len(groups) != X.shape[0] or Yb.shape[0] != X.shape[0]:
        raise ValueError(f"grid_search: X has {X.shape[0]} rows, Y {Yb.shape[0]}, groups {len(groups)}.")
    n_groups = len(np.unique(groups))
    if n_groups < n_folds:
        raise ValueError(f"grid_search: {n_groups} threads cannot fill n_folds={n_folds}; lower n_folds.")
    folds = list(GroupKFold(n_splits=n_folds, shuffle=True, random_state=seed).split(X, groups=groups))
    Cs, gammas = list(grid.get("C", [1.0])), list(grid.get("gamma", ["scale"]))
    rows = []
    bar = tqdm(total=len(Cs) * len(gammas) * n_folds, desc="grid search", disable=not progress)
    for gamma in gammas:
        g = resolve_gamma(X, gamma)
        K = rbf_kernel(X, X, gamma=g)
        scores: dict[float, list[float]] = {C: [] for C in Cs}
        for tr, va in folds:
            for C in Cs:
                models = _fit_label_svms(K[np.ix_(tr, tr)], Yb[tr], C, class_weight, False, "")
                S = _decide(models, K[np.ix_(va, tr)])
                try:
                    scores[C].append(mean_bounded_auc(Yb[va], S, max_fpr=max_fpr).bounded)
                except ValueError:  # a fold with no scorable label adds nothing
                    pass
                bar.update()
        for C in Cs:
            s = scores[C]
            rows.append({"C": C, "gamma": gamma, "gamma_value": g, "mean_bounded_auc": np.mean(s) if s else np.nan,
                         "std": np.std(s) if s else np.nan, "n_folds_scored": len(s)})
    bar.close()
    results = pd.DataFrame(rows).sort_values("mean_bounded_auc", ascending=False, na_position="last")
    best = results.iloc[0]
    gamma = best["gamma"] if isinstance(best["gamma"], str) else float(best["gamma"])
    return {"C": float(best["C"]), "gamma": gamma}, results.reset_index(drop=True)


class ContrastiveRationaleSVM(BaseEstimator):
    """Zaidan, Eisner and Piatko's (2007, 2008) annotator-rationale SVM, one-vs-rest over labels.

    For a message ``i`` positive for label ``l`` with rationale spans ``j`` supporting ``l``, the
    *contrast example* ``v_ij`` is the message with span ``j`` removed (one span at a time, as Zaidan
    et al. masked one rationale per contrast document). The SVM should be more confident on the
    original than on the contrast: ``w . x_i - w . v_ij >= mu``. The constraint is the hinge of the
    pseudo-example ``(x_i - v_ij) / mu`` with label +1 and no bias; we add it, and its negation with
    label -1, to a linear SVM's training set with sample weight ``C_contrast / C`` (so its slack costs
    ``C_contrast``). The pair makes the (regularised) intercept cancel out of the contrast constraints.

    Choices: linear kernel (as in Zaidan et al.: the constraint is on ``w``); hinge loss
    (:class:`~sklearn.svm.LinearSVC`, ``loss="hinge"``, the SVM-light objective); features from
    ``vectorizer`` (default A1, :class:`~mhtext.features.distress_text.UnigramTfidf`), fitted on the
    original texts only; only the rationale spans of label ``l`` contrast for label ``l``.

    Parameters
    ----------
    vectorizer
        A transformer over the messages frame (default A1).
    C, C_contrast, mu
        Slack costs of ordinary and contrast constraints; the margin ``mu`` of the contrast.
    classes
        Label names (as in :class:`MultiLabelSVM`).
    max_iter, random_state
        Passed to :class:`~sklearn.svm.LinearSVC`.

    Attributes
    ----------
    coef_ : numpy.ndarray, ``(n_labels, n_features)``
    intercept_ : numpy.ndarray
    n_contrast_ : numpy.ndarray
        Contrast examples per label.
    skipped_labels_ : list
    """

    def __init__(self, vectorizer=None, C: float = 1.0, C_contrast: float = 1.0, mu: float = 1.0,
                 classes: Sequence | None = None, max_iter: int = 5000, random_state: int = 0):
        self.vectorizer = vectorizer
        self.C = C
        self.C_contrast = C_contrast
        self.mu = mu
        self.classes = classes
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, df: pd.DataFrame, Y) -> ContrastiveRationaleSVM:
        """Fit on a messages frame (``text``, ``rationale``, ``rationale_labels``) and its labels."""
        from mhtext.features.distress_text import UnigramTfidf, check_columns

        check_columns(df, ["text", "rationale", "rationale_labels"], "ContrastiveRationaleSVM.fit")
        if self.mu <= 0:
            raise ValueError(f"ContrastiveRationaleSVM: mu must be > 0, got {self.mu}.")
        Yb, self.classes_ = binarize_labels(Y, self.classes)
        if Yb.shape[0] != len(df):
            raise ValueError(f"ContrastiveRationaleSVM.fit: df has {len(df)} rows, Y {Yb.shape[0]}.")
        self.vectorizer_ = clone(self.vectorizer) if self.vectorizer is not None else UnigramTfidf()
        X = sparse.csr_matrix(self.vectorizer_.fit_transform(df))
        col = {c: j for j, c in enumerate(self.classes_)}
        src, lab, contrast = [], [], []
        for i, (text, spans, labs) in enumerate(zip(df["text"], df["rationale"], df["rationale_labels"], strict=True)):
            for (start, end), lb in zip(tuple(spans or ()), tuple(labs or ()), strict=True):
                if lb in col and Yb[i, col[lb]]:
                    src.append(i)
                    lab.append(col[lb])
                    contrast.append(text[:start] + " " + text[end:])
        src, lab = np.array(src, dtype=int), np.array(lab, dtype=int)
        if contrast:
            frame = df.iloc[src].copy()
            frame["text"] = contrast
            D = (X[src] - sparse.csr_matrix(self.vectorizer_.transform(frame))) / self.mu
        else:
            D = sparse.csr_matrix((0, X.shape[1]))
        n_feat, L = X.shape[1], Yb.shape[1]
        self.coef_, self.intercept_ = np.zeros((L, n_feat)), np.zeros(L)
        self.n_contrast_ = np.bincount(lab, minlength=L)
        self.skipped_labels_ = []
        for j in range(L):
            y = Yb[:, j]
            if y.min() == y.max():
                self.skipped_labels_.append(self.classes_[j])
                continue
            Dj = D[lab == j]
            Xj = sparse.vstack([X, Dj, -Dj]).tocsr()
            yj = np.r_[np.where(y > 0, 1, -1), np.ones(Dj.shape[0]), -np.ones(Dj.shape[0])]
            w = np.r_[np.ones(X.shape[0]), np.full(2 * Dj.shape[0], self.C_contrast / self.C)]
            svm = LinearSVC(C=self.C, loss="hinge", dual=True, max_iter=self.max_iter,
                            random_state=self.random_state).fit(Xj, yj, sample_weight=w)
            self.coef_[j], self.intercept_[j] = svm.coef_[0], svm.intercept_[0]
        return self

    def decision_function(self, df: pd.DataFrame) -> np.ndarray:
        """``(n, n_labels)`` scores ``w . x + b`` (0 for skipped labels)."""
        check_is_fitted(self, "coef_")
        X = sparse.csr_matrix(self.vectorizer_.transform(df))
        S = np.asarray(X @ self.coef_.T) + self.intercept_
        skipped = [j for j, c in enumerate(self.classes_) if c in set(self.skipped_labels_)]
        S[:, skipped] = 0.0
        return S


class StackedMultiLabelSVM(BaseEstimator):
    """Label dependencies by stacking: stage-two SVMs see the features plus every label's stage-one score.

    Chosen over a classifier chain because it needs no label order (118 labels give no natural one),
    no probabilities (SVM decision scores serve), and only ``n_folds + 2`` multi-label fits. Stage-one
    scores for the training rows are out-of-fold (grouped by thread when ``groups`` is given), so
    stage two learns from scores like those it will see on test data. Scores enter squashed by
    ``tanh`` (into (-1, 1)) and multiplied by ``weight``: 136 score columns at weight 1 swamp A1 in the RBF
    kernel (simulated forum, A1, C=10, gamma=1: 0.157 mean bounded AUC against A1's 0.235), at 0.05 they
    do no harm (0.235) and, on the simulated data, no good either.

    Parameters
    ----------
    base
        The stage-one and stage-two model (default ``MultiLabelSVM()``); cloned.
    n_folds, seed
        Out-of-fold scoring.
    weight
        Scale of the stacked score features.
    """

    def __init__(self, base: MultiLabelSVM | None = None, n_folds: int = 5, seed: int = 0, weight: float = 0.05):
        self.base = base
        self.n_folds = n_folds
        self.seed = seed
        self.weight = weight

    def _stack(self, X, S: np.ndarray):
        Z = self.weight * np.tanh(S)
        return sparse.hstack([sparse.csr_matrix(X), sparse.csr_matrix(Z)]).tocsr()

    def fit(self, X, Y, groups=None) -> StackedMultiLabelSVM:
        """Fit stage one out of fold, then stage two on features + out-of-fold scores."""
        base = self.base if self.base is not None else MultiLabelSVM()
        Yb, classes = binarize_labels(Y, base.classes)
        X = sparse.csr_matrix(X) if sparse.issparse(X) else np.asarray(X)
        split = (GroupKFold(self.n_folds, shuffle=True, random_state=self.seed).split(X, groups=groups)
                 if groups is not None else KFold(self.n_folds, shuffle=True, random_state=self.seed).split(X))
        oof = np.zeros(Yb.shape, dtype=float)
        for tr, va in split:
            oof[va] = clone(base).set_params(classes=None).fit(X[tr], Yb[tr]).decision_function(X[va])
        self.stage1_ = clone(base).set_params(classes=None).fit(X, Yb)
        self.stage2_ = clone(base).set_params(classes=None).fit(self._stack(X, oof), Yb)
        self.classes_ = classes
        return self

    def decision_function(self, X) -> np.ndarray:
        """``(n, n_labels)`` stage-two decision scores."""
        check_is_fitted(self, "stage2_")
        X = sparse.csr_matrix(X) if sparse.issparse(X) else np.asarray(X)
        return self.stage2_.decision_function(self._stack(X, self.stage1_.decision_function(X)))

