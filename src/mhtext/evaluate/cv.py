"""Stratified cross-validation that keeps out-of-fold probabilities and per-fold metrics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold
from tqdm.auto import tqdm

from mhtext.evaluate.metrics import classification_metrics


@dataclass
class CVResult:
    """Out-of-fold probabilities (rows in input order) and one metrics row per fold."""

    classes: list[str]
    oof_proba: np.ndarray
    folds: pd.DataFrame
    fold_of: np.ndarray

    def mean(self) -> dict[str, float]:
        """Metrics averaged over folds (how paper A reports 5-fold results)."""
        return self.folds.drop(columns="fold").mean().to_dict()


def check_folds(y, n_splits: int) -> None:
    """Every class needs at least ``n_splits`` members for stratified folds."""
    values, counts = np.unique(np.asarray(y, dtype=object), return_counts=True)
    small = {str(v): int(c) for v, c in zip(values, counts, strict=True) if c < n_splits}
    if small:
        raise ValueError(f"classes with fewer members than the {n_splits} folds: {small}; "
                         "lower n_folds or add data")


def cross_validate(make_model: Callable[[int], object], X: list[str], y, *, n_splits: int = 5, seed: int = 0,
                   desc: str = "folds") -> CVResult:
    """Fit ``make_model(fold)`` on each training fold; score the held-out fold.

    ``make_model`` receives the fold number so models can seed themselves per fold.
    """
    y = np.asarray(y, dtype=object)
    check_folds(y, n_splits)
    classes = sorted(set(y))
    oof = np.zeros((len(y), len(classes)))
    fold_of = np.zeros(len(y), dtype=int)
    rows = []
    X = list(X)
    skf = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    for k, (tr, te) in enumerate(tqdm(list(skf.split(X, y)), desc=desc, leave=False)):
        model = make_model(k)
        model.fit([X[i] for i in tr], y[tr])
        order = [list(model.classes_).index(c) for c in classes]
        proba = model.predict_proba([X[i] for i in te])[:, order]
        oof[te], fold_of[te] = proba, k
        rows.append({"fold": k, **classification_metrics(y[te], proba, classes)})
    return CVResult(classes, oof, pd.DataFrame(rows), fold_of)
