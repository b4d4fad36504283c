"""Bounded (partial) ROC AUC, as study C (distress-triage) reports it, and per-author pooling.

The paper's metric is the area under the ROC curve for false-positive (false acceptance) rates in
``[0, max_fpr]``, divided by ``max_fpr`` so that a perfect ranking scores 1. A random ranking then
scores ``max_fpr / 2`` (0.05 at 10%, 0.165 at 33%), exactly the chance levels the paper prints.
This is **not** scikit-learn's ``roc_auc_score(max_fpr=...)``, which applies McClish's
standardisation (chance 0.5, perfect 1) and would not reproduce the paper's 0.05 / 0.165.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score, roc_curve


def bounded_auc(y_true, score, max_fpr: float = 0.1) -> float:
    """Area under the ROC curve over FPR in ``[0, max_fpr]``, divided by ``max_fpr``.

    The curve is scikit-learn's ``roc_curve`` with every threshold (tied scores give a diagonal
    segment: the expected area under random tie-breaking), linearly interpolated at ``max_fpr``.

    Parameters
    ----------
    y_true
        Binary gold labels (0/1 or bool), both classes present.
    score
        Higher means more likely positive.
    max_fpr
        Upper FPR bound in ``(0, 1]``; 1 gives the ordinary AUC.

    Returns
    -------
    float
        In ``[0, 1]``; a random scorer gets ``max_fpr / 2`` in expectation.

    Raises
    ------
    ValueError
        ``max_fpr`` outside ``(0, 1]``, lengths differ, or ``y_true`` holds one class only.
    """
    if not 0 < max_fpr <= 1:
        raise ValueError(f"bounded_auc: max_fpr must be in (0, 1], got {max_fpr}.")
    y, s = np.asarray(y_true).astype(bool).ravel(), np.asarray(score, dtype=float).ravel()
    if y.shape != s.shape:
        raise ValueError(f"bounded_auc: y_true has {y.size} values, score {s.size}.")
    if y.all() or not y.any():
        raise ValueError(f"bounded_auc: y_true has {int(y.sum())} positives of {y.size}; need both classes.")
    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
    stop = np.searchsorted(fpr, max_fpr, side="right")
    x = np.append(fpr[:stop], max_fpr)
    yv = np.append(tpr[:stop], np.interp(max_fpr, fpr, tpr))
    return float(np.trapezoid(yv, x) / max_fpr)


@dataclass
class LabelAUCs:
    """What :func:`mean_bounded_auc` returns.

    Attributes
    ----------
    bounded
        Mean bounded AUC over the scored labels (Table 3's first column).
    overall
        Mean ordinary AUC over the same labels (Table 3's second column).
    n_scored, n_labels
        Labels scored (both classes present, at least ``min_positives`` positives) and labels given.
    per_label
        One row per label: ``label``, ``n_pos``, ``n_neg``, ``scored``, ``bounded_auc``, ``auc``
        (NaN where not scored); Figure 3's data.
    """

    bounded: float
    overall: float
    n_scored: int
    n_labels: int
    per_label: pd.DataFrame


def mean_bounded_auc(Y_true, S, max_fpr: float = 0.1, min_positives: int = 1,
                     labels: Sequence | None = None) -> LabelAUCs:
    """Bounded and overall AUC per label, averaged over the labels that can be scored.

    A label is scored when the test set holds at least ``min_positives`` positives and one negative
    for it (AUC is undefined otherwise); how many were scored is reported.

    Parameters
    ----------
    Y_true
        ``(n, n_labels)`` binary gold matrix.
    S
        ``(n, n_labels)`` scores, same column order.
    max_fpr, min_positives
        See above.
    labels
        Column names (default ``0 .. n_labels-1``).

    Raises
    ------
    ValueError
        Shapes differ, ``labels`` has the wrong length, or no label can be scored.
    """
    Y, S = np.asarray(Y_true).astype(bool), np.asarray(S, dtype=float)
    if Y.ndim != 2 or Y.shape != S.shape:
        raise ValueError(f"mean_bounded_auc: Y_true {Y.shape} and S {S.shape} must be equal 2-D shapes.")
    labels = list(range(Y.shape[1])) if labels is None else list(labels)
    if len(labels) != Y.shape[1]:
        raise ValueError(f"mean_bounded_auc: {len(labels)} labels for {Y.shape[1]} columns.")
    rows = []
    for j, lab in enumerate(labels):
        n_pos = int(Y[:, j].sum())
        n_neg = len(Y) - n_pos
        ok = n_pos >= max(min_positives, 1) and n_neg > 0
        rows.append({"label": lab, "n_pos": n_pos, "n_neg": n_neg, "scored": ok,
                     "bounded_auc": bounded_auc(Y[:, j], S[:, j], max_fpr) if ok else np.nan,
                     "auc": float(roc_auc_score(Y[:, j], S[:, j])) if ok else np.nan})
    per_label = pd.DataFrame(rows)
    n = int(per_label["scored"].sum())
    if n == 0:
        raise ValueError(f"mean_bounded_auc: none of the {len(labels)} labels has >= {min_positives} positives "
                         "and a negative in Y_true; nothing to score.")
    return LabelAUCs(bounded=float(per_label["bounded_auc"].mean()), overall=float(per_label["auc"].mean()),
                     n_scored=n, n_labels=len(labels), per_label=per_label)


def pool_by_author(df: pd.DataFrame, Y, S, keys: Sequence[str] = ("thread_id", "author_id")):
    """Pool the labels of one author in one thread, as the paper evaluated: gold is *any* of the
    author's messages carrying the label, the score is the *max* over them.

    Parameters
    ----------
    df
        The messages (rows aligned with ``Y`` and ``S``), holding the ``keys`` columns.
    Y, S
        ``(n_messages, n_labels)`` gold matrix and scores.
    keys
        Pooling unit (default: author within thread).

    Returns
    -------
    groups : pandas.DataFrame
        The ``keys`` of each pooled row, in first-appearance order.
    Y_pooled : numpy.ndarray of bool
    S_pooled : numpy.ndarray of float
    """
    keys = list(keys)
    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise ValueError(f"pool_by_author: df lacks column(s) {missing}; it has {list(df.columns)}.")
    Y, S = np.asarray(Y).astype(bool), np.asarray(S, dtype=float)
    if not len(df) == len(Y) == len(S):
        raise ValueError(f"pool_by_author: df has {len(df)} rows, Y {len(Y)}, S {len(S)}; they must align.")
    codes, uniques = pd.MultiIndex.from_frame(df[keys].astype(str)).factorize()
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    Y_p = np.logical_or.reduceat(Y[order], starts, axis=0) if len(Y) else Y
    S_p = np.maximum.reduceat(S[order], starts, axis=0) if len(S) else S
    groups = df[keys].iloc[order[starts]].reset_index(drop=True)
    return groups, Y_p, S_p
