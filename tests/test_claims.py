"""Intervals, verdicts, claims and the scorecard's basis: each check fails if its rule breaks."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mhtext import claims, scorecard
from mhtext.evaluate import compare


def test_corrected_interval_is_wider_than_the_naive_one_by_the_nadeau_bengio_factor():
    d = np.array([0.02, 0.05, -0.01, 0.04, 0.03, 0.01, 0.06, 0.00, 0.02, 0.03])
    mean, lo, hi = compare.corrected_t_interval(d, test_over_train=0.25)
    naive = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    assert mean == pytest.approx(d.mean())
    assert (hi - lo) / 2 == pytest.approx(naive * np.sqrt((1 / len(d) + 0.25) / (1 / len(d))))
    with pytest.raises(ValueError, match="two"):
        compare.corrected_t_interval([0.1], 0.25)


def test_verdicts_come_from_the_interval():
    assert compare.verdict_positive(0.01, 0.2) == "holds"
    assert compare.verdict_positive(-0.2, -0.01) == "does not hold"
    assert compare.verdict_positive(-0.01, 0.2) == "inconclusive"
    assert compare.verdict_positive(np.nan, np.nan) == "not testable here"
    assert compare.verdict_matches(5.0, 20.0, 11.5) == "holds"
    assert compare.verdict_matches(12.0, 20.0, 11.5) == "does not hold"
    assert compare.verdict_all(["holds", "inconclusive"]) == "inconclusive"
    assert compare.verdict_all(["holds", "does not hold"]) == "does not hold"
    assert compare.verdict_all(["holds", "holds"]) == "holds"


def test_bootstrap_interval_covers_the_mean_and_is_seeded():
    x = np.random.default_rng(0).normal(1.0, 1.0, 400)
    a = compare.bootstrap_interval(lambda i: x[i].mean(), len(x), seed=1, n_boot=300)
    b = compare.bootstrap_interval(lambda i: x[i].mean(), len(x), seed=1, n_boot=300)
    assert a == b and a[1] < x.mean() < a[2] and a[2] - a[1] < 0.4


def test_a_decided_claim_needs_an_interval():
    with pytest.raises(ValueError, match="finite interval"):
        claims.Claim("X1", "c", "q", "d", 0.1, np.nan, np.nan, "holds", "w")
    with pytest.raises(ValueError, match="not one of"):
        claims.Claim("X1", "c", "q", "d", 0.1, 0.0, 0.2, "probably", "w")
    table = claims.frame([claims.Claim("X1", "c", "q", "d", 0.1, 0.0, 0.2, "inconclusive", "w")])
    assert tuple(table.columns) == claims.COLUMNS


def test_scorecard_basis_and_summary_count_only_reproductions(tmp_path):
    scorecard.write_basis(tmp_path, [("table1.logreg.*", "calibrated"), ("*", "reproduced")])
    rules = scorecard._rules(tmp_path)
    assert scorecard.basis_of("table1.logreg.macro_f1", rules, "simulated") == "calibrated"
    assert scorecard.basis_of("table1.rnn.macro_f1", rules, "simulated") == "reproduced"
    assert scorecard.basis_of("x", [], "real") == "substitute data"
    with pytest.raises(ValueError, match="basis"):
        scorecard.write_basis(tmp_path, [("*", "guessed")])
    card = pd.DataFrame({"study": ["s"] * 4, "reproduced": [0.5, 0.6, 0.7, np.nan],
                         "basis": ["calibrated", "reproduced", "by construction", ""],
                         "tolerance": [0.05] * 4, "within_tolerance": [True, True, True, pd.NA],
                         "data_kind": ["simulated"] * 4})
    s = scorecard.summary(card).loc["s"]
    assert (s["reproduced"], s["within tolerance"], s["by construction or calibrated"]) == (1, 1, 2)
