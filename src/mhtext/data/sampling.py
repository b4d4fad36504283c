"""Seeded stratified subsampling, shared by the loaders and the studies."""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import StratifiedShuffleSplit


def stratified_positions(labels, n: int, seed: int) -> np.ndarray:
    """Row positions of a stratified random sample of ``n`` rows, in the input's order.

    Class shares are kept (scikit-learn's ``StratifiedShuffleSplit``); ``n`` at or above the
    number of rows returns every position.
    """
    labels = np.asarray(labels)
    if n >= len(labels):
        return np.arange(len(labels))
    split = StratifiedShuffleSplit(n_splits=1, train_size=n, random_state=seed)
    idx, _ = next(split.split(np.zeros(len(labels)), labels))
    return np.sort(idx)
