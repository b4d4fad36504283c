"""Intervals for model comparisons that respect cross-validation's dependence, and verdicts from them.

Differences between two models scored on the same cross-validation folds are not independent:
training sets overlap, so the plain t-test over folds is too narrow. The corrected resampled t-test
of Nadeau and Bengio (2003), in the repeated k-fold form of Bouckaert and Frank (2004), inflates the
variance by ``1/J + n_test/n_train``. A claim's verdict is read from an interval, never from a point.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

#: The four verdicts a claim can get.
VERDICTS = ("holds", "does not hold", "inconclusive", "not testable here")


def corrected_t_interval(diffs: Sequence[float], test_over_train: float, *, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and corrected resampled-t interval of per-fold paired differences.

    Parameters
    ----------
    diffs : sequence of float
        One difference per (repeat, fold), e.g. macro-F1 of model A minus model B on the same fold.
    test_over_train : float
        ``n_test / n_train`` of one fold (``1 / (k - 1)`` for k-fold CV).
    level : float
        Coverage of the interval.

    Returns
    -------
    (mean, low, high)
    """
    d = np.asarray(diffs, dtype=float)
    if d.size < 2:
        raise ValueError(f"need at least two paired differences for an interval, got {d.size}")
    var = d.var(ddof=1) * (1.0 / d.size + test_over_train)
    half = stats.t.ppf(0.5 + level / 2, d.size - 1) * np.sqrt(var)
    return float(d.mean()), float(d.mean() - half), float(d.mean() + half)


def t_interval(values: Sequence[float], *, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of independent replicates (e.g. seeds with fresh test splits)."""
    v = np.asarray(values, dtype=float)
    if v.size < 2:
        raise ValueError(f"need at least two replicates for an interval, got {v.size}")
    half = stats.t.ppf(0.5 + level / 2, v.size - 1) * v.std(ddof=1) / np.sqrt(v.size)
    return float(v.mean()), float(v.mean() - half), float(v.mean() + half)


def bootstrap_interval(statistic, n: int, *, seed: int, n_boot: int = 1000,
                       level: float = 0.95) -> tuple[float, float, float]:
    """Percentile bootstrap over ``n`` items: ``statistic(idx)`` for resampled index arrays."""
    rng = np.random.default_rng(seed)
    point = float(statistic(np.arange(n)))
    boots = np.array([statistic(rng.integers(0, n, n)) for _ in range(n_boot)], dtype=float)
    lo, hi = np.quantile(boots, [0.5 - level / 2, 0.5 + level / 2])
    return point, float(lo), float(hi)


def verdict_positive(low: float, high: float) -> str:
    """Verdict for "the quantity is above zero": holds, does not hold (interval below zero), or inconclusive."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return "not testable here"
    if low > 0:
        return "holds"
    if high < 0:
        return "does not hold"
    return "inconclusive"


def verdict_matches(low: float, high: float, target: float) -> str:
    """Verdict for "the quantity equals the published ``target``": holds when the interval covers it."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return "not testable here"
    return "holds" if low <= target <= high else "does not hold"


def verdict_all(verdicts: Sequence[str]) -> str:
    """A conjunction of claims: holds if all hold, does not hold if any does not, else inconclusive."""
    if any(v == "does not hold" for v in verdicts):
        return "does not hold"
    if verdicts and all(v == "holds" for v in verdicts):
        return "holds"
    if all(v == "not testable here" for v in verdicts):
        return "not testable here"
    return "inconclusive"
