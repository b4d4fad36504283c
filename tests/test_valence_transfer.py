import pandas as pd
import pytest

from mhtext.data import load
from mhtext.models.attention_gru import AttentionGRUClassifier
from mhtext.studies import valence_transfer as vt


def test_gap_summary_uses_t_intervals_and_describe_reads_them():
    sweep = pd.DataFrame({"seed": [0, 1, 2, 0, 1, 2], "domain_gap": [0, 0, 0, 1, 1, 1],
                          "source_size": 100, "benefit": [0.10, 0.12, 0.11, -0.2, 0.3, 0.0]})
    s = vt.gap_summary(sweep)
    near = s[s["domain_gap"] == 0].iloc[0]
    assert near["mean"] == pytest.approx(0.11)
    assert near["ci_low"] > 0  # consistent benefit: the interval excludes zero
    text = vt.describe_gap(s)
    assert "helps at gap 0" in text and "indistinguishable from no transfer at gap 1" in text


def test_single_seed_interval_has_zero_width():
    s = vt.gap_summary(pd.DataFrame({"seed": [0], "domain_gap": [0.5], "source_size": [10], "benefit": [0.2]}))
    assert s["ci_low"].iloc[0] == s["ci_high"].iloc[0] == pytest.approx(0.2)


def test_trajectory_features_separate_shapes_given_the_latent_probability():
    traj = load("sim-valence-trajectories", n_users=40, seed=1)
    feats = vt.trajectory_features(traj, traj["p_negative"].to_numpy())
    by = feats.groupby("trajectory")
    assert by["slope"].mean()["improving"] < 0 < by["slope"].mean()["worsening"]
    assert by["lag1_autocorr"].mean()["oscillating"] < 0
    acc, confusion = vt.classify_trajectories(feats, seed=0)
    assert acc > 0.8 and confusion.to_numpy().sum() == 40


def test_attention_sums_normalised_as_the_paper():
    X = ["i feel worried", "i feel calm", "so worried today", "calm and fine"] * 8
    y = ["negative", "positive", "negative", "positive"] * 8
    m = AttentionGRUClassifier(embed_dim=8, hidden_size=8, max_epochs=2, device="cpu").fit(X, y)
    att = vt.attention_sums(m, X[:8], top=50)
    overall = att[att["column"] == "all"]
    # Each text's weights sum to 1 and the global sum is divided out: the column sums to 10^4.
    assert overall["weight_x1e4"].sum() == pytest.approx(1e4, rel=1e-4)
    per_class = att[att["column"] != "all"].groupby("column")["weight_x1e4"].sum().sum()
    assert per_class == pytest.approx(1e4, rel=1e-4)


def test_drop_unusable_counts_what_it_drops():
    df = pd.DataFrame({"text": ["fine", "", "!!!", None, 3, "ok then"], "label": list("abcdef")})
    kept, dropped = vt.drop_unusable(df)
    assert dropped == 4 and kept["text"].tolist() == ["fine", "ok then"]


def test_unknown_dataset_is_refused():
    with pytest.raises(ValueError, match="unknown dataset 'nope'; valid: simulated, real"):
        vt.load_corpora("nope", n_tweets=10, journal_scale=0.01, seed=0, domain_gap=0.0)


def test_real_corpora_map_to_four_classes(shared_data):
    c = vt.load_corpora("real", n_tweets=500, journal_scale=1.0, seed=0, domain_gap=0.0, real_max_target=800)
    assert set(c.source["label"]) == {"negative", "positive"} and len(c.source) == 500
    assert set(c.target["label"]) == {"positive", "negative", "both", "neither"} and len(c.target) == 800
    assert c.target.attrs["kind"] == "real"


def test_table2_metrics_cover_every_published_word():
    sums = pd.DataFrame({"column": ["all", "negative"], "rank": [1, 1], "word": ["worried", "not"],
                         "weight_x1e4": [500.0, 20.0]})
    pub = pd.DataFrame({"source": ["Table 2", "Table 2", "Table 1"],
                        "quantity": ["table2.all.worried", "table2.negative.anxious", "table1.rnn.macro_f1"]})
    assert vt.table2_metrics(sums, pub) == {"table2.all.worried": 500.0, "table2.negative.anxious": 0.0}


def test_real_sentiment140_source_and_own_file_target(tmp_path):
    """source=sentiment140 reads the real CSV format; dataset=file:PATH reads a user's file with any label set."""
    from test_loaders import S140_ROWS, write_s140

    s140 = write_s140(tmp_path / "training.csv", S140_ROWS * 5)
    mine = tmp_path / "mine.tsv"
    pd.DataFrame({"entry": ["i felt fine", "so worried", "both a bit", "went out"] * 3,
                  "mood": ["good", "bad", "mixed", "mixed"] * 3}).to_csv(mine, index=False, sep="\t")
    c = vt.load_corpora(f"file:{mine}", n_tweets=10, journal_scale=0.0, seed=0, domain_gap=0.0,
                        source="sentiment140", source_path=str(s140), columns="text=entry;label=mood")
    assert c.description == {"source": "sentiment140", "target": "file mine.tsv"}
    assert len(c.source) == 10 and set(c.source["label"]) == {"negative", "positive"}
    assert c.source.attrs["dataset"] == "sentiment140" and c.target.attrs["dataset"] == "own-corpus"
    assert vt.target_classes(c.target) == ["bad", "good", "mixed"] and c.own.card["rows"] == 12
    pd.DataFrame({"entry": ["a", "b"], "mood": ["happy", "happy"]}).to_csv(mine, index=False, sep="\t")
    with pytest.raises(ValueError, match="needs two or more"):
        vt.load_corpora(f"file:{mine}", n_tweets=10, journal_scale=0.0, seed=0, domain_gap=0.0,
                        columns="text=entry;label=mood")
    with pytest.raises(ValueError, match="no column 'text'"):
        vt.load_corpora(f"file:{mine}", n_tweets=10, journal_scale=0.0, seed=0, domain_gap=0.0)
