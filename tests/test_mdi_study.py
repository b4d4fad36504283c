"""Study B's orchestration: splits, Tables 7 and 8, shares, claims, and that identification learns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mhtext.data import load
from mhtext.emotion import DISORDERS
from mhtext.studies import mdi_patterns as mp


def _users():
    groups = ["anxiety"] * 4 + ["ocd"] * 2 + ["waiter"] * 4 + ["traveler"] * 4
    truth = ["anxiety"] * 4 + ["ocd"] * 2 + ["", "", "", "anxiety"] + [""] * 4
    ds = ["diagnosed"] * 6 + ["occupation"] * 8
    return pd.DataFrame({"group": groups, "dataset": ds, "truth": truth}, index=[f"u{i}" for i in range(14)])


def _diag(statuses, disorders):
    return pd.DataFrame({"status": statuses, "group": np.where(np.array(statuses) <= 3, "confirmed",
                                                                np.where(np.array(statuses) <= 6, "tendency",
                                                                         "healthy")),
                         "disorder": disorders}, index=[f"u{i}" for i in range(len(statuses))])


def test_labelled_split_uses_every_diagnosed_user_and_half_the_occupations():
    users = _users()
    lab, y, rest = mp.labelled_split(users, seed=0)
    assert set(users.index[users["dataset"] == "diagnosed"]) <= set(lab)
    occ = set(users.index[users["dataset"] == "occupation"])
    assert len(set(lab) & occ) == 4 and set(rest) == occ - set(lab)
    assert y.tolist() == (users.loc[lab, "truth"] != "").tolist()
    with pytest.raises(ValueError, match="latent truth"):
        mp.labelled_split(users.drop(columns="truth"), seed=0)


def test_table7_status_shares_and_identified_share_by_hand():
    users = _users()
    diag = _diag([1, 3, 4, 7, 2, 7], ["anxiety", "anxiety", "ocd", "", "ocd", ""])
    t7 = mp.table7(diag, users).set_index("disorder")
    assert t7.loc["anxiety", ["identified", "total", "confirmed", "tendency", "right_disorder"]].tolist() == [3, 4, 2, 1, 2]
    assert t7.loc["anxiety", "accuracy"] == pytest.approx(75.0)
    assert t7.loc["ocd", "identified"] == 1 and t7.loc["bipolar", "total"] == 0
    assert t7.loc["anxiety", "ci_low"] < 75 < t7.loc["anxiety", "ci_high"]
    shares = mp.status_shares(diag, users)
    assert shares == pytest.approx({"early": 100 / 3, "severe_tendency": 100.0})
    share, lo, hi = mp.identified_share(diag, users)
    assert share == pytest.approx(4 / 6) and lo < share < hi


def test_table8_and_stress_gap():
    users = _users()
    diag = _diag([7] * 6 + [4, 4, 7, 1] + [7, 7, 7, 6], [""] * 6 + ["anxiety", "ocd", "", "anxiety"] + [""] * 3
                 + ["ocd"])
    t8 = mp.table8(diag, users).set_index("occupation")
    assert t8.loc["waiter", ["detected", "total", "truly_affected", "detected_truly_affected"]].tolist() == [3, 4, 1, 1]
    assert t8.loc["traveler", "prediction_rate"] == pytest.approx(25.0)
    gap, lo, hi = mp.stress_gap(diag, users, seed=0, n_boot=200)
    assert gap == pytest.approx(50.0) and lo <= gap <= hi
    f7 = mp.occupation_disorders(diag, users)
    assert f7.loc["waiter", "anxiety"] == pytest.approx(2 / 3) and f7.loc["traveler", "ocd"] == pytest.approx(1.0)


def test_claims_take_their_verdicts_from_intervals():
    found = mp.study_claims({"simulated": {"diff": (-0.2, -0.3, -0.1)}}, identified=(0.8, 0.7, 0.9),
                            stress=(5.0, -1.0, 11.0), bhs=(100.0, 80.0, 120.0), ctrl=None)
    verdicts = {c.claim_id: c.verdict for c in found}
    assert verdicts == {"B1": "does not hold", "B2": "holds", "B3": "inconclusive", "B4": "holds"}
    none = {c.claim_id: c.verdict for c in mp.study_claims({}, None, None, None, None)}
    assert none == {"B2": "not testable here", "B3": "not testable here"}


def test_identification_recovers_the_planted_disorders_from_gold_emotions():
    """With the annotators' emotions (no lexicon), the mined patterns separate diagnosed users from controls:
    a learning test of SEA + matching + SED + thresholds together."""
    blogs = load("sim-mdi-blogs", scale=0.1, seed=0)
    crit = load("sim-mdi-criteria", scale=0.1, seed=0)
    tl = load("sim-mdi-timelines", scale=0.1, seed=0)
    lab = {d: [list(s) for s in blogs.loc[blogs["disorder"] == d, "true_emotions"]] for d in DISORDERS}
    general = [list(s) for s in blogs.loc[~blogs["disorder"].isin(DISORDERS), "true_emotions"]][:2000]
    cr = {d: [list(s) for s in crit.loc[crit["disorder"] == d, "emotions"]] for d in DISORDERS}
    kept = mp.kept_tweets(tl)
    seqs = {u: [e for e in g if e] for u, g in kept.groupby("user_id")["gold_emotion"]}
    sea = mp.mine(lab, general, cr, min_support=0.05, window=6)
    f = mp.features_for(sea.patterns_, seqs, itemset=True)
    users = mp.users_frame(tl)
    idx, y, _ = mp.labelled_split(users.loc[f.index], seed=0)
    diag, thr = mp.cv_diagnose(f.loc[idx], y, n_folds=3, seed=0)
    ident = (diag["status"] < 7).to_numpy()
    balanced = (ident[y].mean() + 1 - ident[~y].mean()) / 2
    assert balanced > 0.62, f"identification barely beats chance: balanced accuracy {balanced:.3f}"
    # Shuffling which user owns which features destroys it: the signal is in the users' patterns.
    shuffled = f.loc[idx].sample(frac=1.0, random_state=0)
    shuffled.index = f.loc[idx].index
    diag_s, _ = mp.cv_diagnose(shuffled, y, n_folds=3, seed=0)
    ident_s = (diag_s["status"] < 7).to_numpy()
    assert (ident_s[y].mean() + 1 - ident_s[~y].mean()) / 2 < balanced - 0.05


class _NameLexicon:
    """A stand-in tagger: a word that is an emotion's name is that emotion."""

    def sentence_emotion(self, text):
        hits = [w for w in text.lower().split() if w in {"fear", "joy", "sadness", "anxiety"}]
        return hits[0] if hits else None

    def sequence(self, text, unit="sentence"):
        return [w for w in text.lower().split() if w in {"fear", "joy", "sadness", "anxiety"}]

    def transform(self, texts):
        return [self.sequence(t) for t in texts]


def test_bad_input_is_refused_or_handled_as_documented():
    lex = _NameLexicon()
    blogs = pd.DataFrame({"text": ["fear anxiety fear", "joy joy", "sadness"], "disorder": ["anxiety", "general",
                                                                                             "depressive"]})
    # Unknown disorder labels in the criteria: refused, naming them.
    crit = pd.DataFrame({"text": ["fear"], "disorder": ["schizophrenia"]})
    with pytest.raises(ValueError, match="schizophrenia"):
        mp.document_sequences(lex, blogs, crit)
    # An empty criteria file: documented handling, the blogs alone are mined.
    labelled, general, cr = mp.document_sequences(lex, blogs, crit.iloc[:0])
    assert cr == {d: [] for d in DISORDERS} and general == [["joy", "joy"]]
    sea = mp.mine(labelled, general, cr, min_support=0.5, window=3, potential=False)
    assert set(sea.patterns_["source"]) == {"blogs"}
    # A timeline with no emotion word yields no SEP: the user is left out of the features (not assessable);
    # a user with one tweet has exactly one SEP.
    tweets = pd.DataFrame({"user_id": ["a", "b", "b"], "text": ["nothing here", "fear", "more fear anxiety"]})
    seqs = mp.user_sequences(lex, tweets)
    assert seqs == {"a": [], "b": ["fear", "fear"]}
    f = mp.features_for(sea.patterns_, {**seqs, "c": ["anxiety"]}, itemset=True)
    assert set(f.index) == {"b", "c"}
    assert f.loc["c", ("ms", "anxiety")] > 0 and f.loc["c", ("rom", "anxiety")] == 1.0
