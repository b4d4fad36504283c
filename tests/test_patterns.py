"""Study B: SEA mining (Algorithm 1), SED intensities and statuses (Algorithm 2), threshold learning."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mhtext.patterns import identify
from mhtext.patterns.mining import SequentialEmotionAnalysis, collapse, sep_table, transactions


def test_transactions_windows_and_collapse():
    seqs = [["joy", "joy", "pain", "fear"], ["hope"], []]
    assert transactions(seqs, 3, itemset=True) == [("joy", "pain"), ("fear", "joy", "pain"), ("hope",)]
    assert transactions(seqs, 3, itemset=False) == [("joy", "pain"), ("joy", "pain", "fear"), ("hope",)]
    assert collapse(["a", "a", "b", "a"]) == ("a", "b", "a")
    with pytest.raises(ValueError, match="window"):
        transactions(seqs, 0, itemset=True)


def _corpus():
    # Disorder "anxiety": every window holds anxiety+fear; "depressive": sadness+tired. Criteria repeat them.
    blogs = {"anxiety": [["anxiety", "fear", "joy"]] * 10 + [["anxiety", "fear"]] * 10,
             "depressive": [["sadness", "tired"]] * 20, "bipolar": [], "ocd": []}
    crit = {"anxiety": [["anxiety", "fear"]] * 2, "depressive": [["sadness"]] * 2}
    general = [["hope", "anxiety", "fear"]] * 30 + [["joy"]] * 10
    return blogs, crit, general


def test_sea_intensity_is_the_sum_of_single_emotion_supports_and_criteria_weigh_more():
    blogs, crit, general = _corpus()
    pis = SequentialEmotionAnalysis(min_support=0.3, window=3, potential=False).fit(blogs, crit, general).patterns_
    row = pis[(pis["pattern"] == ("anxiety", "fear")) & (pis["disorder"] == "anxiety")].iloc[0]
    # From the criteria: anxiety and fear each have support 1, so intensity (1 + 1) x 1.5 beats the blogs' 2.
    assert row["source"] == "criteria" and row["intensity"] == pytest.approx(3.0)
    joy = pis[(pis["pattern"] == ("anxiety", "fear", "joy"))].iloc[0]
    assert joy["intensity"] == pytest.approx(1 + 1 + 0.5) and joy["source"] == "blogs"
    assert not pis.duplicated(["pattern", "disorder"]).any()


def test_sea_potential_patterns_follow_equation_1():
    blogs, crit, general = _corpus()
    sea = SequentialEmotionAnalysis(min_support=0.3, window=3, min_confidence=0.9).fit(blogs, crit, general)
    pot = sea.patterns_[sea.patterns_["source"] == "potential"]
    hope = pot[(pot["pattern"] == ("hope",)) & (pot["disorder"] == "anxiety")]
    # hope -> {anxiety, fear} has confidence 1; the consequent's anxiety intensity is 3.0: pps = 1 x 3.0.
    assert len(hope) == 1 and hope["intensity"].iloc[0] == pytest.approx(3.0)
    assert not set(pot["pattern"]) & set(sea.patterns_.loc[sea.patterns_["source"] != "potential", "pattern"])


def test_sea_ordered_patterns_keep_order():
    blogs = {"bipolar": [["manic", "despair", "manic"]] * 10}
    pis = SequentialEmotionAnalysis(min_support=0.5, window=3, ordered=True).fit(blogs, {}, []).patterns_
    assert ("manic", "despair", "manic") in set(pis["pattern"])
    assert ("despair", "manic") in set(pis["pattern"]) and ("despair", "despair") not in set(pis["pattern"])


def test_sea_errors_name_the_problem():
    with pytest.raises(ValueError, match="lower min_support"):
        SequentialEmotionAnalysis(min_support=0.5).fit({"ocd": []}, {}, [])
    with pytest.raises(ValueError, match="no labelled blogs"):
        SequentialEmotionAnalysis().fit({"ocd": [["fear"]]}, {"unknown": [["fear"]]}, [])


def test_sep_table_counts_windows():
    seps = sep_table({"u": ["a", "a", "b"]}, 12, itemset=False)["u"]
    assert sorted(seps) == [("a",), ("a", "b"), ("b",)]  # collapsed to shifts first
    assert len(sep_table({"u": list("abcde")}, 12, itemset=True)["u"]) == 15


def _matches():
    return pd.DataFrame({"user": ["u1"] * 4, "sep": [0, 1, 2, 3],
                         "disorder": ["anxiety", "anxiety", "anxiety", "ocd"], "intensity": [3.0, 1.0, 2.0, 1.0]})


def test_intensity_features_by_hand():
    f = identify.intensity_features(_matches(), pd.Series({"u1": 10.0, "u2": 4.0}))
    a = {m: f.loc["u1", (m, "anxiety")] for m in ("ms", "rom", "roi", "aoi", "sod")}
    # ms 3; RoM 3/10; RoI ((3-3)+(3-1)+(3-2))/(3-1) = 1.5; AoI: intensities above 1.5 are 3 and 2 -> 5/3;
    # SoD: (3-1) + (3-0) + (3-0) over 3 other disorders = 8/3.
    assert a == pytest.approx({"ms": 3.0, "rom": 0.3, "roi": 1.5, "aoi": 5 / 3, "sod": 8 / 3})
    assert f.loc["u2"].drop("sod", level=0).eq(0).all()  # no match: zeros
    with pytest.raises(ValueError, match="no emotion-bearing tweet"):
        identify.intensity_features(_matches(), pd.Series({"u1": 0.0}))
    bad = _matches().assign(disorder="schizophrenia")
    with pytest.raises(ValueError, match="unknown disorder"):
        identify.intensity_features(bad, pd.Series({"u1": 10.0}))


def test_statuses_follow_table_4():
    thr = {"ms": 1.0, "rom": 0.5, "aoi": 1.0, "sod": 1.0}
    cases = {  # (ms, rom, aoi, sod) -> status
        (2, 0.6, 2, 2): 1, (2, 0.6, 2, 0): 2, (2, 0.6, 0, 0): 3, (0, 0.6, 0, 0): 4,
        (2, 0.1, 2, 2): 5, (2, 0.1, 2, 0): 6, (2, 0.1, 0, 2): 7, (0, 0.1, 0, 0): 7,
    }
    vals = {m: np.array([[c[i]] for c in cases], dtype=float) for i, m in enumerate(identify.METRICS)}
    got = identify._statuses(vals, thr)[:, 0]
    assert got.tolist() == list(cases.values())
    # Dropping RoM removes status 4's only condition and RoM from statuses 1–3.
    got = identify._statuses(vals, thr, drop=("rom",))[:, 0]
    assert got.tolist() == [1, 2, 3, 7, 1, 2, 3, 7]


def test_diagnose_picks_the_most_severe_disorder():
    f = identify.intensity_features(_matches(), pd.Series({"u1": 4.0}))
    d = identify.diagnose(f, {"ms": 2.0, "rom": 0.5, "aoi": 1.0, "sod": 1.0})
    assert d.loc["u1", "status"] == 1 and d.loc["u1", "disorder"] == "anxiety" and d.loc["u1", "group"] == "confirmed"
    assert d.loc["u1", "status_ocd"] == 7


def test_thresholds_learn_a_separable_rule_and_refuse_one_class():
    rng = np.random.default_rng(0)
    n = 200
    y = rng.random(n) < 0.5
    cols = pd.MultiIndex.from_product([["ms", "rom", "roi", "aoi", "sod", "n"], ["anxiety", "bipolar", "depressive",
                                                                                  "ocd"]])
    x = rng.random((n, len(cols))) * 0.2
    x[y, :] += 1.0  # users with a disorder score higher on every metric
    f = pd.DataFrame(x, columns=cols)
    est = identify.StatusThresholds().fit(f, y)
    pred = est.predict(f)["status"].to_numpy() < 7
    assert (pred == y).mean() > 0.95
    with pytest.raises(ValueError, match="one class"):
        identify.StatusThresholds().fit(f, np.ones(n, dtype=bool))
