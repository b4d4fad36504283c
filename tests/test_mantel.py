"""Mantel tests of study D (Table 2): distances, the skbio engine, the fast engine, errors."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.spatial.distance import pdist
from skbio.stats.distance import mantel

from mhtext.evaluate.mantel import distance_matrix, mantel_matrix, mantel_table


def _spaces(n=40, seed=0):
    """Four spaces of the same posts: a base, a noisy copy, an independent one, a narrow one."""
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((n, 6))
    return {"base": base, "noisy": base @ rng.standard_normal((6, 9)) + 0.5 * rng.standard_normal((n, 9)),
            "indep": rng.standard_normal((n, 5)), "narrow": rng.standard_normal((n, 2))}


def test_distance_matrix_is_euclidean_on_zscores_and_takes_sparse():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((10, 4)) * [1, 10, 100, 1000]
    z = (X - X.mean(0)) / X.std(0)
    np.testing.assert_allclose(distance_matrix(X).condensed_form(), pdist(z))
    np.testing.assert_allclose(distance_matrix(X, standardize=False).condensed_form(), pdist(X))
    np.testing.assert_allclose(distance_matrix(sp.csr_matrix(X)).condensed_form(), pdist(z))


def test_constant_columns_dropped_with_count_and_all_constant_raises():
    rng = np.random.default_rng(2)
    X = np.column_stack([rng.standard_normal((8, 3)), np.ones((8, 2))])
    with pytest.warns(UserWarning, match=r"dropped 2 constant columns of 5 in space 'emp'"):
        dm = distance_matrix(X, name="emp")
    np.testing.assert_allclose(dm.condensed_form(), distance_matrix(X[:, :3]).condensed_form())
    with pytest.raises(ValueError, match="space 'empath'.*constant"):
        distance_matrix(np.zeros((8, 3)), name="empath")


@pytest.mark.parametrize("engine", ["fast", "skbio"])
def test_identical_spaces_give_r_one_and_small_p(engine):
    X = np.random.default_rng(3).standard_normal((30, 4))
    t = mantel_table({"a": X, "b": X.copy()}, permutations=99, engine=engine, progress=False)
    assert t["r"].iloc[0] == pytest.approx(1.0)
    assert t["p_value"].iloc[0] == pytest.approx(1 / 100)


@pytest.mark.parametrize("engine", ["fast", "skbio"])
def test_independent_spaces_not_significant(engine):
    rng = np.random.default_rng(0)
    t = mantel_table({"a": rng.standard_normal((60, 5)), "b": rng.standard_normal((60, 5))},
                     permutations=199, seed=0, engine=engine, progress=False)
    assert abs(t["r"].iloc[0]) < 0.1
    assert t["p_value"].iloc[0] > 0.05


def test_independent_p_values_roughly_uniform():
    # Each space pair at a fresh data seed: under the null, p-values spread over (0, 1].
    rng = np.random.default_rng(4)
    spaces = {f"s{i}": rng.standard_normal((25, 3)) for i in range(10)}
    p = mantel_table(spaces, permutations=99, progress=False)["p_value"].to_numpy()
    assert len(p) == 45
    assert 0.25 < np.mean(p) < 0.75
    assert (p < 0.05).mean() < 0.2


def test_monotone_transform_correlates_under_spearman():
    # Distances of 1-D data and their cube: same order of pairwise distances only up to monotone maps of
    # the distances themselves, so use a space whose distances are an exact monotone map of the other's.
    x = np.random.default_rng(5).standard_normal((30, 1))
    sq = distance_matrix(x, standardize=False)
    cubed = type(sq)(sq.data ** 3, sq.ids)
    t = mantel_table({"d": sq, "d3": cubed}, method="spearman", permutations=99, progress=False)
    assert t["r"].iloc[0] == pytest.approx(1.0)
    pearson = mantel_table({"d": sq, "d3": cubed}, method="pearson", permutations=0, progress=False)
    assert pearson["r"].iloc[0] < 0.99


def test_table_has_every_pair_and_matrix_is_symmetric():
    t = mantel_table(_spaces(), permutations=19, progress=False)
    assert list(t.columns) == ["space_a", "space_b", "r", "p_value", "n", "permutations"]
    assert len(t) == 4 * 3 // 2
    assert (t["n"] == 40).all() and (t["permutations"] == 19).all()
    M = mantel_matrix(t)
    assert list(M.index) == ["base", "noisy", "indep", "narrow"]
    np.testing.assert_allclose(M.to_numpy(), M.to_numpy().T)
    np.testing.assert_allclose(np.diag(M), 1.0)
    assert M.loc["base", "noisy"] > 0.5 > abs(M.loc["base", "indep"])


@pytest.mark.parametrize("method", ["pearson", "spearman"])
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_fast_engine_equals_skbio(method, alternative):
    # Same permutation stream (skbio draws get_rng(seed).permutation(n) per call), so r is bit-identical
    # and the p-values are equal, not merely within Monte-Carlo error.
    spaces = _spaces(n=35, seed=6)
    kw = dict(permutations=199, method=method, alternative=alternative, seed=11, progress=False)
    fast = mantel_table(spaces, engine="fast", **kw)
    ref = mantel_table(spaces, engine="skbio", **kw)
    pd.testing.assert_frame_equal(fast, ref, check_exact=True)


def test_skbio_engine_is_plain_mantel_per_pair():
    spaces = _spaces(n=20, seed=7)
    t = mantel_table(spaces, permutations=49, seed=3, engine="skbio", progress=False)
    r, p, n = mantel(distance_matrix(spaces["base"]), distance_matrix(spaces["indep"]), permutations=49, seed=3)
    row = t[(t.space_a == "base") & (t.space_b == "indep")].iloc[0]
    assert (row.r, row.p_value, row.n) == (r, p, n)


def test_no_permutations_gives_nan_p():
    t = mantel_table(_spaces(n=10), permutations=0, progress=False)
    assert t["p_value"].isna().all() and t["r"].notna().all()


def test_errors_name_the_problem():
    rng = np.random.default_rng(8)
    with pytest.raises(ValueError, match=r"same posts.*'liwc': 10.*'vader': 9"):
        mantel_table({"liwc": rng.standard_normal((10, 3)), "vader": rng.standard_normal((9, 3))}, progress=False)
    with pytest.raises(ValueError, match="at least 3 posts"):
        mantel_table({"a": rng.standard_normal((2, 3)), "b": rng.standard_normal((2, 3))}, progress=False)
    bad = rng.standard_normal((10, 3))
    bad[4, 1] = np.nan
    with pytest.raises(ValueError, match="space 'gpt' has NaN"):
        mantel_table({"use": rng.standard_normal((10, 3)), "gpt": bad}, progress=False)
    with pytest.raises(ValueError, match="at least two"):
        mantel_table({"a": bad}, progress=False)
    with pytest.raises(ValueError, match="method"):
        mantel_table(_spaces(n=5), method="kendalltau", progress=False)
    with pytest.raises(ValueError, match="engine"):
        mantel_table(_spaces(n=5), engine="gpu", progress=False)
    with pytest.raises(ValueError, match="permutations"):
        mantel_table(_spaces(n=5), permutations=-1, progress=False)


def test_float32_screen_matches_float64_everywhere(monkeypatch):
    # A tolerance above 2 sends every permutation to the float64 kernel: the table must not change.
    import mhtext.evaluate.mantel as mod

    spaces = _spaces(n=30, seed=9)
    screened = mantel_table(spaces, permutations=99, progress=False)
    monkeypatch.setattr(mod, "_SCREEN_TOL", 3.0)
    pd.testing.assert_frame_equal(screened, mantel_table(spaces, permutations=99, progress=False),
                                  check_exact=True)
