import numpy as np
import pandas as pd
import pytest

from mhtext.data import load
from mhtext.data.simulate import valence
from mhtext.published import lookup, published


def test_journals_match_paper_structure():
    df = load("sim-cbt-journals", scale=0.5, seed=0)
    assert len(df) == round(lookup("valence-transfer", "data.n_responses") * 0.5)
    shares = df["label"].value_counts(normalize=True)
    for cls in valence.CLASSES:
        assert abs(shares[cls] - lookup("valence-transfer", f"data.share.{cls}")) < 0.002
    kappa = valence.annotator_agreement(df)
    for pair in ("a1_a2", "a2_a3", "a1_a3"):
        assert abs(kappa[pair] - lookup("valence-transfer", f"data.kappa.{pair}")) < 0.07
    assert abs(kappa["fleiss"] - lookup("valence-transfer", "data.fleiss_kappa")) < 0.07
    # Gold is a majority: at least two annotators agree with it.
    agree = sum((df[f"annotator_{i}"] == df["label"]).astype(int) for i in (1, 2, 3))
    assert (agree >= 2).all()
    assert df.attrs["kind"] == "simulated" and len(df.attrs["checksum"]) == 64


def test_journals_long_tail_and_determinism():
    a = load("sim-cbt-journals", scale=0.2, seed=3)
    b = load("sim-cbt-journals", scale=0.2, seed=3)
    c = load("sim-cbt-journals", scale=0.2, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert not a["text"].equals(c["text"])
    words = a["text"].str.split().str.len()
    assert words.median() < 20 and words.max() > 3 * words.median()


def test_affect_words_come_from_the_lexicon_rule_not_from_table_2():
    pools = valence.affect_pools()
    vader = __import__("mhtext.resources", fromlist=["x"]).vader_lexicon()
    assert len(pools["core_neg"]) >= 30 and len(pools["core_pos"]) >= 20
    assert all(-3.0 <= vader[w] <= -1.0 for w in pools["core_neg"])
    assert all(1.0 <= vader[w] <= 3.0 for w in pools["core_pos"])
    # The paper's Table 2 words, in its order, must not be the simulator's frequency order.
    pub = published("valence-transfer")
    table2 = [q.split(".", 2)[2] for q in pub.loc[pub["source"] == "Table 2", "quantity"] if ".negative." in q]
    core = list(pools["core_neg"])
    shared = [w for w in table2 if w in core]
    assert [core.index(w) for w in shared] != sorted(core.index(w) for w in shared) or len(shared) < 3
    assert core[: len(table2)] != table2[: len(core)]


def test_signal_is_a_mechanism_tfidf_recovers():
    from mhtext.studies.valence_transfer import calibration_curve

    curve = calibration_curve([0.3, 0.95], scale=0.3, seed=0, n_folds=3)
    lo, hi = curve["logreg_macro_f1"]
    assert hi > lo + 0.1


def test_shortcut_audit_under_bounds():
    df = load("sim-cbt-journals", scale=0.5, seed=0)
    audit = valence.shortcut_audit({"sim-cbt-journals": df})
    assert len(audit) >= 4 and audit["bound"].notna().all()
    over = audit[audit["score"] > audit["bound"]]
    assert over.empty, over[["shortcut", "score", "bound"]]


def test_tweets_binary_and_gap_moves_vocabulary():
    pools = valence.affect_pools()
    core = set(pools["core_neg"]) | set(pools["core_pos"])

    def core_share(gap):
        tw = load("sim-sentiment140", n=2000, seed=0, domain_gap=gap)
        toks = [t for text in tw["text"] for t in text.lower().split()]
        return np.mean([t in core for t in toks]), tw

    near, tw = core_share(0.0)
    far, _ = core_share(1.0)
    assert set(tw["label"]) == {"positive", "negative"} and set(tw["polarity"]) == {0, 4}
    assert near > 3 * far


def test_tweets_share_no_sentence_with_journals():
    from mhtext.data.simulate.audit import verbatim_overlap

    tw = load("sim-sentiment140", n=5000, seed=0, domain_gap=0.0)
    jo = load("sim-cbt-journals", scale=0.3, seed=0)
    assert verbatim_overlap(tw["text"], jo["text"]) < 0.02


def test_bad_arguments():
    with pytest.raises(ValueError, match="too small"):
        load("sim-cbt-journals", n=2)
    with pytest.raises(ValueError, match="domain_gap"):
        load("sim-sentiment140", n=10, domain_gap=2.0)
    with pytest.raises(ValueError, match="scale"):
        load("sim-cbt-journals", scale=-1)


def test_trajectories():
    df = load("sim-valence-trajectories", n_users=8, n_sessions=6, seed=0)
    assert len(df) == 48 and set(df["trajectory"]) == set(valence.TRAJECTORIES)
    imp = df[df["trajectory"] == "improving"].groupby("session")["p_negative"].mean()
    assert imp.iloc[0] > imp.iloc[-1]
