"""Mantel tests between the post-to-post distance matrices of several feature spaces (study D, Table 2).

The paper ("Mantel Tests", Methods) builds, for every feature set, the matrix of pairwise Euclidean
distances between posts (SciPy) and runs scikit-bio's ``mantel`` with 999 permutations on every pair of
matrices; Table 2 prints the correlations. This module does the same and adds one thing the paper does
not need to say: a faster engine that gives the same answer.

Engines
-------
``"skbio"``
    One ``skbio.stats.distance.mantel`` call per pair, each distance matrix built once and reused.
    Every call gets the same integer ``seed``, so every pair sees the same permutation stream.
``"fast"`` (default)
    The same test, vectorised across pairs. ``mantel(x, y)`` permutes the rows and columns of ``x``
    with ``rng.permutation(n)`` drawn from ``skbio.util.get_rng(seed)``; because all pairs share one
    stream, each permutation is applied once to *all* spaces' matrices at the same time (one gather of
    a row of ``k`` values per post pair, instead of one gather per matrix pair) and the permuted
    correlations of all pairs come out of one small matrix product. The permutations are exactly
    skbio's and the observed ``r`` is computed with the same ``np.dot`` as skbio's (bit-identical).
    Permuted correlations are screened in float32 and any that falls near the observed one is redone in
    float64 (see ``_permuted_stats``), so they are decided as in float64, where they differ from skbio's
    only by summation order (~1e-15): the p-values are identical unless a permuted correlation ties the
    observed one to within float64 rounding.
    Cost: O(k n^2) memory (the full matrices of all spaces, stacked, in float64 and float32),
    O(P k^2 n^2) time.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from itertools import combinations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.spatial.distance import pdist
from scipy.stats import rankdata
from skbio import DistanceMatrix
from skbio.stats.distance import mantel
from skbio.util import get_rng
from tqdm.auto import tqdm

METHODS = ("pearson", "spearman")
ALTERNATIVES = ("two-sided", "greater", "less")
ENGINES = ("fast", "skbio")
COLUMNS = ["space_a", "space_b", "r", "p_value", "n", "permutations"]

# Post pairs handled per numpy call in the fast engine: big enough that Python overhead is small, small
# enough that the gathered block stays in cache for the matrix product and float32 sums stay accurate.
_CHUNK = 1 << 12
# A float32 score closer than this to +-(the observed score) is recomputed in float64. The worst-case
# float32 error of a score is about _CHUNK * 2**-24 = 2.4e-4 (see _permuted_stats), so 1e-3 is safe.
_SCREEN_TOL = 1e-3


def distance_matrix(X, *, standardize: bool = True, name: str = "X") -> DistanceMatrix:
    """Euclidean distances between the rows of a feature matrix, as a scikit-bio ``DistanceMatrix``.

    Parameters
    ----------
    X
        ``(n_posts, n_features)`` dense array or scipy sparse matrix. Sparse input is densified: the
        z-scoring centres the columns, which fills every zero anyway, and the feature sets of study D
        are at most a few thousand columns wide.
    standardize
        Z-score every column first (mean 0, population standard deviation 1). Without it the distance is
        dominated by whichever columns have the largest scale (word counts next to probabilities next
        to embedding coordinates), so two spaces would be compared mostly through a few wide-ranging
        features. The paper does not say whether it scaled the features; ``False`` gives the raw
        distances of its "SciPy distance matrix" description.
    name
        The space's name, used in warnings and errors.

    Returns
    -------
    skbio.DistanceMatrix
        ``n_posts x n_posts``, ids ``"0" .. "n-1"`` so matrices of the same posts line up.

    Raises
    ------
    ValueError
        ``X`` is not 2-D, holds NaN or infinite values, or every column is constant (the distances would
        all be 0 and no correlation is defined).

    Warns
    -----
    UserWarning
        When constant columns are dropped, with their count. They carry no distance information and
        cannot be z-scored (their standard deviation is 0).
    """
    A = np.asarray(X.toarray() if sp.issparse(X) else X, dtype=np.float64)
    if A.ndim != 2:
        raise ValueError(f"distance_matrix: space {name!r} must be 2-D (posts x features), got shape {A.shape}.")
    if not np.isfinite(A).all():
        bad = int((~np.isfinite(A)).any(axis=1).sum())
        raise ValueError(f"distance_matrix: space {name!r} has NaN or infinite values in {bad} rows; "
                         "impute or drop those posts in every space first.")
    constant = np.ptp(A, axis=0) == 0 if A.shape[0] else np.ones(A.shape[1], bool)
    if constant.all():
        raise ValueError(f"distance_matrix: every one of the {A.shape[1]} columns of space {name!r} is constant; "
                         "all distances would be 0. Check that the features were extracted.")
    if constant.any():
        warnings.warn(f"distance_matrix: dropped {int(constant.sum())} constant columns of {A.shape[1]} "
                      f"in space {name!r}.", UserWarning, stacklevel=2)
        A = A[:, ~constant]
    if standardize:
        A = (A - A.mean(axis=0)) / A.std(axis=0)
    return DistanceMatrix(pdist(A, "euclidean"), ids=[str(i) for i in range(A.shape[0])])


def mantel_table(spaces: Mapping[str, object], *, permutations: int = 999, method: str = "pearson",
                 alternative: str = "two-sided", seed: int = 0, standardize: bool = True, engine: str = "fast",
                 progress: bool = True) -> pd.DataFrame:
    """Mantel test between the distance matrices of every unordered pair of feature spaces.

    Parameters
    ----------
    spaces
        Name to ``(n_posts, n_features)`` matrix (dense or sparse), rows being the same posts in the same
        order in every space. A ``DistanceMatrix`` is used as is. At least two spaces.
    permutations
        Permutations for the p-value (the paper: 999); 0 skips the test (p-value NaN).
    method
        ``"pearson"`` (the paper's, skbio's default) or ``"spearman"`` (on ranked distances).
    alternative
        ``"two-sided"``, ``"greater"`` or ``"less"``, as in skbio.
    seed
        Integer seed of the permutation stream; every pair uses the same stream (skbio's behaviour for an
        integer seed), which is what lets the fast engine share the permutations.
    standardize
        Passed to :func:`distance_matrix`.
    engine
        ``"fast"`` (shared permutations, see the module docstring) or ``"skbio"`` (one ``mantel`` per pair).
    progress
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        One row per pair ``(space_a, space_b)`` in the mapping's order, ``space_a`` the one permuted:
        columns ``space_a, space_b, r, p_value, n, permutations``.

    Raises
    ------
    ValueError
        Fewer than two spaces, spaces with different numbers of rows (named), fewer than 3 rows, NaN values
        (space named), or an unknown ``method`` / ``alternative`` / ``engine`` / negative ``permutations``.
    """
    _check_args(spaces, permutations, method, alternative, engine)
    # Shapes are checked before any distance is computed, so a mismatch fails fast and names the spaces.
    sizes = {name: (X.shape if hasattr(X, "shape") else np.shape(X))[0] for name, X in spaces.items()}
    if len(set(sizes.values())) > 1:
        raise ValueError(f"mantel_table: spaces must describe the same posts, got rows {sizes}.")
    n = next(iter(sizes.values()))
    if n < 3:
        raise ValueError(f"mantel_table: a Mantel test needs at least 3 posts, the spaces have {n}.")
    dms = {name: X if isinstance(X, DistanceMatrix) else distance_matrix(X, standardize=standardize, name=name)
           for name, X in spaces.items()}
    if engine == "skbio":
        rows = []
        for a, b in tqdm(list(combinations(dms, 2)), desc="Mantel pairs", disable=not progress, leave=False):
            r, p, size = mantel(dms[a], dms[b], method=method, permutations=permutations,
                                alternative=alternative, seed=seed)
            rows.append((a, b, float(r), float(p), int(size), permutations))
        return pd.DataFrame(rows, columns=COLUMNS)
    return _fast_table(dms, permutations, method, alternative, seed, progress)


def mantel_matrix(table: pd.DataFrame) -> pd.DataFrame:
    """Square, symmetric matrix of Mantel ``r`` from :func:`mantel_table`, 1 on the diagonal (Table 2's layout).

    Parameters
    ----------
    table
        Output of :func:`mantel_table`.

    Returns
    -------
    pandas.DataFrame
        Index and columns are the space names in order of first appearance.
    """
    missing = {"space_a", "space_b", "r"} - set(table.columns)
    if missing:
        raise ValueError(f"mantel_matrix: table lacks columns {sorted(missing)}; pass mantel_table's output.")
    names = list(dict.fromkeys([*table["space_a"], *table["space_b"]]))
    out = pd.DataFrame(np.eye(len(names)), index=names, columns=names)
    for a, b, r in table[["space_a", "space_b", "r"]].itertuples(index=False):
        out.loc[a, b] = out.loc[b, a] = r
    return out


def _check_args(spaces, permutations, method, alternative, engine) -> None:
    if len(spaces) < 2:
        raise ValueError(f"mantel_table: need at least two feature spaces, got {list(spaces)}.")
    if method not in METHODS:
        raise ValueError(f"mantel_table: method must be one of {METHODS}, got {method!r}.")
    if alternative not in ALTERNATIVES:
        raise ValueError(f"mantel_table: alternative must be one of {ALTERNATIVES}, got {alternative!r}.")
    if engine not in ENGINES:
        raise ValueError(f"mantel_table: engine must be one of {ENGINES}, got {engine!r}.")
    if int(permutations) != permutations or permutations < 0:
        raise ValueError(f"mantel_table: permutations must be a non-negative integer, got {permutations!r}.")


def _normalized(flat: np.ndarray, method: str, name: str) -> np.ndarray:
    """Centre and scale a condensed distance vector exactly as skbio's Pearson kernel does."""
    if method == "spearman":
        flat = rankdata(flat)
    centred = flat - flat.mean()
    norm = np.linalg.norm(centred)
    if norm == 0:
        raise ValueError(f"mantel_table: all distances in space {name!r} are equal; no correlation is defined.")
    return centred / norm


def _fast_table(dms: dict[str, DistanceMatrix], permutations: int, method: str, alternative: str, seed: int,
                progress: bool) -> pd.DataFrame:
    names = list(dms)
    k, n = len(names), dms[names[0]].shape[0]
    iu0, iu1 = np.triu_indices(n, 1)
    # skbio compares the upper triangle in row-major order, which is what condensed_form returns.
    flat = [_normalized(dms[name].condensed_form(), method, name) for name in names]
    pairs = list(combinations(range(k), 2))
    # Contiguous vectors, as skbio's: np.dot on a strided column sums in another order (last-bit differences).
    observed = np.array([max(min(np.dot(flat[a], flat[b]), 1.0), -1.0) for a, b in pairs])
    Y = np.column_stack(flat)
    del flat
    p_values = np.full(len(pairs), np.nan)
    if permutations:
        stats = _permuted_stats(Y, n, iu0, iu1, permutations, seed, progress)
        comp = stats[0][tuple(np.array(pairs).T)]  # identity permutation, same rounding as the permuted ones
        perm = stats[1:][:, [a for a, _ in pairs], [b for _, b in pairs]]
        if alternative == "two-sided":
            better = (np.abs(perm) >= np.abs(comp)).sum(axis=0)
        elif alternative == "greater":
            better = (perm >= comp).sum(axis=0)
        else:
            better = (perm <= comp).sum(axis=0)
        p_values = (better + 1) / (permutations + 1)
    rows = [(names[a], names[b], float(r), float(p), n, permutations)
            for (a, b), r, p in zip(pairs, observed, p_values, strict=True)]
    return pd.DataFrame(rows, columns=COLUMNS)


def _permuted_stats(Y: np.ndarray, n: int, iu0: np.ndarray, iu1: np.ndarray, permutations: int, seed: int,
                    progress: bool) -> np.ndarray:
    """``(permutations + 1, k, k)`` array: ``[p, a, b]`` is r between space a permuted by p and space b.

    Row 0 is the identity permutation; rows 1.. use skbio's stream (``get_rng(seed).permutation(n)``).
    Every permutation is first scored in float32 (half the memory traffic, which is what the kernel is
    bound by). Each chunk of ``_CHUNK`` products sums with error at most ``_CHUNK * 2**-24`` times the sum
    of |products| (Higham's bound; chunks then add in float64), and that sum is at most 1 for unit
    vectors, so a float32 score more than ``_SCREEN_TOL`` away from +-(the observed score) is on the same
    side as its float64 value; every permutation with a score closer than that is recomputed in float64.
    The p-values are therefore exactly those of the float64 scores.
    """
    k = Y.shape[1]
    kernels = {np.float64: _Kernel(Y, n, np.float64), np.float32: _Kernel(Y, n, np.float32)}
    rng = get_rng(seed)
    orders = [np.arange(n)] + [rng.permutation(n) for _ in range(permutations)]
    stats = np.empty((permutations + 1, k, k))
    stats[0] = kernels[np.float64](orders[0], iu0, iu1)
    comp = np.abs(stats[0])
    pairs = np.triu(np.ones((k, k), bool), 1)  # only (permuted a, b) with a < b are reported
    screen = kernels[np.float32]
    for p in tqdm(range(1, permutations + 1), desc="Mantel permutations", disable=not progress, leave=False):
        stats[p] = screen(orders[p], iu0, iu1)
        if (np.abs(np.abs(stats[p]) - comp)[pairs] <= _SCREEN_TOL).any():
            stats[p] = kernels[np.float64](orders[p], iu0, iu1)
    return stats


class _Kernel:
    """Scores of all (permuted space, space) pairs for one permutation, at one float precision.

    Holds the full symmetric matrices of all spaces interleaved, so one gather fetches a post pair's k
    values (one cache line) instead of k scattered ones, and reuses its buffers across calls (fresh
    80 MB arrays per permutation would spend their time in page faults).
    """

    def __init__(self, Y: np.ndarray, n: int, dtype) -> None:
        k = Y.shape[1]
        self.dtype, self.n, self.k = dtype, n, k
        iu0, iu1 = np.triu_indices(n, 1)
        full = np.zeros((n, n, k), dtype)
        full[iu0, iu1] = Y
        full[iu1, iu0] = Y
        self.rows = full.reshape(n * n, k).view(np.dtype((np.void, full.itemsize * k))).reshape(-1)
        self.Y = Y.astype(dtype)
        self.idx, self.tmp = np.empty(iu0.size, np.intp), np.empty(iu0.size, np.intp)
        self.buf = np.empty(_CHUNK, self.rows.dtype)

    def __call__(self, order: np.ndarray, iu0: np.ndarray, iu1: np.ndarray) -> np.ndarray:
        np.take(order * self.n, iu0, out=self.idx)
        np.take(order, iu1, out=self.tmp)
        self.idx += self.tmp
        acc = np.zeros((self.k, self.k))
        for s in range(0, self.idx.size, _CHUNK):
            e = min(s + _CHUNK, self.idx.size)
            block = self.rows.take(self.idx[s:e], out=self.buf[:e - s]).view(self.dtype).reshape(-1, self.k)
            acc += block.T @ self.Y[s:e]
        return np.clip(acc, -1.0, 1.0)
