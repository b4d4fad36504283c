"""Study B's simulated corpora (mdi-patterns): sizes, schema, determinism, the planted mechanism and
the shortcut audit."""

from __future__ import annotations

import inspect
import re
import time
from collections import Counter
from importlib import resources as ilr

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from mhtext import resources
from mhtext.data import load
from mhtext.data.simulate import engine, mdi
from mhtext.published import published

TIMELINE_COLUMNS = ["user_id", "group", "dataset", "tweet_idx", "timestamp", "text", "gold_emotion",
                    "true_disorder", "true_severity", "true_emotions", "true_phase"]
BLOG_COLUMNS = ["post_id", "topic", "title", "text", "disorder", "true_emotions"]
NRC8 = {"anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust"}


@pytest.fixture(scope="module")
def full_timelines() -> pd.DataFrame:
    # Called directly, not through load(): the registry's checksum of 604,440 rows costs seconds.
    return mdi.simulate_timelines(scale=1.0, seed=0)


@pytest.fixture(scope="module")
def timelines() -> pd.DataFrame:
    return mdi.simulate_timelines(scale=0.2, seed=0)


@pytest.fixture(scope="module")
def small_timelines() -> pd.DataFrame:
    return load("sim-mdi-timelines", scale=0.05, seed=0)


@pytest.fixture(scope="module")
def small_blogs() -> pd.DataFrame:
    return load("sim-mdi-blogs", scale=0.02, seed=0)


def _kept_emotional(tl: pd.DataFrame) -> pd.DataFrame:
    kept = mdi._kept(tl)
    return kept[kept["gold_emotion"] != ""]


# --- schema and shape --------------------------------------------------------------------------


def test_timeline_schema_and_timelines(small_timelines):
    tl = small_timelines
    assert list(tl.columns) == TIMELINE_COLUMNS
    assert tl["tweet_idx"].dtype == np.int64 and str(tl["timestamp"].dt.tz) == "UTC"
    assert set(tl["gold_emotion"]) <= {*mdi.EMOTIONS, ""}
    assert tl["true_emotions"].map(lambda e: isinstance(e, tuple) and set(e) <= set(mdi.EMOTIONS)).all()
    assert (tl["dataset"] == "diagnosed").eq(tl["group"].isin(mdi.DISORDERS)).all()
    assert set(tl["true_disorder"]) <= {*mdi.DISORDERS, "none"}
    users = tl.groupby("user_id")
    assert (users.size() == mdi.TWEETS_PER_USER).all()
    assert users["timestamp"].apply(lambda s: s.is_monotonic_increasing).all()
    assert (users["timestamp"].agg(lambda s: s.max() - s.min()) > pd.Timedelta(days=mdi.MIN_SPAN_DAYS)).all()
    assert (users[["group", "true_disorder", "true_severity"]].nunique() == 1).all().all()
    for ds, (first, last) in mdi.YEARS.items():
        assert tl.loc[tl["dataset"] == ds, "timestamp"].dt.year.between(first, last).all()
    # Every diagnosed user has the group's disorder (the keyword search found them by it).
    dx = tl[tl["dataset"] == "diagnosed"]
    assert (dx["true_disorder"] == dx["group"]).all()


def test_tweets_look_like_tweets_with_a_rich_vocabulary(small_timelines):
    text = mdi._kept(small_timelines)["text"]
    assert text.str.len().max() <= 140 and text.str.len().min() > 0
    assert text.str.contains("#", regex=False).mean() > 0.05
    assert text.str.contains("https://t.co/", regex=False).any()
    assert 0.3 < (small_timelines["gold_emotion"] != "").mean() < 0.7  # many tweets carry no emotion
    # The old simulator had 835 word types in 6,160 tweets; this one draws Empath and NRC vocabularies.
    types = {w for t in text for w in re.findall(r"[a-z']+", t.lower())}
    assert len(types) > 2500, len(types)


def test_blog_posts_have_realistic_length(small_blogs):
    b = small_blogs
    assert list(b.columns) == BLOG_COLUMNS and b["post_id"].is_unique
    assert set(b["disorder"]) == {*mdi.DISORDERS, "general"} and set(b["topic"]) <= set(mdi.BLOG_TOPICS)
    words = b["text"].str.split().str.len()
    assert 120 <= words.median() <= 300 and words.max() > 400, words.describe()
    assert b["text"].str.contains("\n\n", regex=False).mean() > 0.9


def test_criteria_are_80_statements_written_from_the_dynamics():
    c = load("sim-mdi-criteria")
    assert len(c) == engine.published_value("mdi-patterns", "corpus.criteria.statements")
    assert c["criterion_id"].is_unique and c["text"].is_unique
    assert c["disorder"].value_counts().to_dict() == {d: 20 for d in mdi.DISORDERS}
    assert c["emotions"].map(lambda e: 1 <= len(e) and set(e) <= set(mdi.EMOTIONS)).all()
    assert (c["emotions"].map(len) >= 3).sum() >= 10  # some describe whole cycles, not one emotion
    pd.testing.assert_frame_equal(c, load("sim-mdi-criteria", scale=0.3, seed=9))


# --- vocabulary rule -----------------------------------------------------------------------------


def test_emotion_words_are_ambiguous_nrc_words_picked_by_the_rule():
    nrc, pools = resources.nrc_lexicon(), mdi.emotion_pools()
    y = engine.templates("mdi")
    assert set(pools) == set(mdi.EMOTIONS) and all(len(w) >= 10 for w in pools.values())
    owners = Counter()
    for e, words in pools.items():
        seeds = set(y["emotions"][e][2:])
        for w in words:
            assert w in nrc, w
            if w not in seeds:
                assert len(set(nrc[w]) & NRC8) >= 2, w  # ambiguous: several NRC emotion categories
                assert mdi.PLUTCHIK_PARENT[e] in nrc[w], (e, w)  # one of them the emotion's own family
                owners[w] += 1
    assert max(owners.values()) == 1  # the nearest-anchor rule gives each non-seed word one owner
    multi = np.mean([len(set(nrc[w]) & NRC8) >= 2 for ws in pools.values() for w in ws])
    assert multi > 0.85


# --- determinism and sizes ----------------------------------------------------------------------


def test_same_seed_same_frame_different_seed_different_frame():
    for name in ("sim-mdi-timelines", "sim-mdi-blogs"):
        a, b, c = (load(name, scale=0.01, seed=s) for s in (5, 5, 6))
        pd.testing.assert_frame_equal(a, b)
        assert a.attrs["checksum"] == b.attrs["checksum"] != c.attrs["checksum"]
        assert (a["text"] != c["text"]).mean() > 0.5


def test_sizes_at_scale_1_equal_table_6(full_timelines):
    tl = full_timelines
    users = tl.groupby("group")["user_id"].nunique()
    kept = mdi._kept(tl).groupby("group").size()
    for g, (n_users, n_tweets) in mdi.TABLE6.items():
        assert users[g] == n_users and kept[g] == n_tweets, g
    assert len(tl) == sum(u for u, _ in mdi.TABLE6.values()) * mdi.TWEETS_PER_USER


def test_corpus_statistics_match_the_published_csv(full_timelines):
    # Blogs at scale 1 cost ~16 s: their sizes are checked through the same arithmetic at scale 0.01.
    frames = {mdi.CORPORA[0]: full_timelines, mdi.CORPORA[2]: load("sim-mdi-criteria")}
    stats = mdi.corpus_statistics(frames).set_index("quantity")["value"]
    pub = published("mdi-patterns")
    pub = pub[pub["quantity"].str.startswith("corpus.") & ~pub["quantity"].str.startswith("corpus.blogs")]
    pub = pub.set_index("quantity")
    assert set(stats.index) == set(pub.index)
    diff = (stats.reindex(pub.index) - pub["published"]).abs()
    assert (diff <= pub["tolerance"]).all(), diff[diff > pub["tolerance"]].to_dict()
    blogs = mdi.corpus_statistics({mdi.CORPORA[1]: load("sim-mdi-blogs", scale=0.01, seed=1)})
    counts = blogs.set_index("quantity")["value"]
    assert counts["corpus.blogs.labelled_posts"] == 4 * 5  # 325 * 0.01 rounds below the floor of 5
    assert counts["corpus.blogs.posts"] == 20 + round((mdi.BLOG_POSTS - mdi.LABELLED_BLOG_POSTS) * 0.01)
    per = engine.scaled(mdi.LABELLED_BLOG_POSTS // 4, 1.0, floor=5, where="test")
    assert 4 * per == mdi.LABELLED_BLOG_POSTS
    assert 4 * per + engine.scaled(mdi.BLOG_POSTS - mdi.LABELLED_BLOG_POSTS, 1.0, floor=20, where="t") == mdi.BLOG_POSTS


def test_scaling_has_a_floor_and_bad_arguments_are_refused():
    tiny = load("sim-mdi-timelines", scale=1e-4, seed=1, min_users=3)
    assert tiny.groupby("group")["user_id"].nunique().to_dict() == {g: 3 for g in mdi.GROUPS}
    with pytest.raises(ValueError, match="scale must be a positive number"):
        mdi.simulate_blogs(scale=0)
    with pytest.raises(TypeError):
        mdi.simulate_timelines(scale=0.01, n_users=5)
    with pytest.raises(KeyError, match="unknown corpora"):
        mdi.corpus_statistics({"tweets": pd.DataFrame()})


def test_smoke_sizes_are_fast():
    mdi._pools()  # lexicons are loaded once per process
    for fn in (mdi.simulate_timelines, mdi.simulate_blogs):
        start = time.process_time()
        fn(scale=0.05, seed=3)
        assert time.process_time() - start < 2.0, fn.__name__


# --- the mechanism -------------------------------------------------------------------------------


def _episode_transitions(tl: pd.DataFrame, disorder: str) -> Counter:
    ep = tl[tl["true_phase"].str.startswith(f"episode:{disorder}:")]
    pairs: Counter = Counter()
    for _, g in ep.groupby("user_id"):
        seq = [e[0] for e in g["true_emotions"] if e]
        pairs.update(zip(seq, seq[1:], strict=False))
    return pairs


def test_each_disorder_has_its_own_emotion_dynamics(timelines):
    parent = mdi.PLUTCHIK_PARENT
    neg = {"fear", "sadness", "disgust", "anger"}

    def switch_rate(pairs):  # share of steps that cross between negative and positive families
        n = sum(pairs.values())
        return sum(c for (a, b), c in pairs.items() if (parent[a] in neg) != (parent[b] in neg)) / n

    t = {d: _episode_transitions(timelines, d) for d in mdi.DISORDERS}
    assert switch_rate(t["bipolar"]) > 1.5 * switch_rate(t["depressive"])  # swings vs persistence
    top_dep = {e for (a, _), _ in t["depressive"].most_common(5) for e in (a,)}
    assert top_dep <= {"sadness", "despair", "tired", "pain", "shame"}
    top_anx = Counter(a for (a, _), c in t["anxiety"].items() for _ in range(c)).most_common(1)[0][0]
    assert top_anx == "anxiety"
    ocd = t["ocd"]
    assert ocd[("disgust", "concentration")] + ocd[("concentration", "relaxation")] > 5 * (
        ocd[("concentration", "disgust")] + ocd[("relaxation", "concentration")])  # cycles run one way


def test_episodes_are_long_enough_for_12_emotion_patterns(timelines):
    runs = timelines.assign(ep=timelines["true_phase"].str.startswith("episode")).groupby("user_id")["ep"].apply(
        lambda s: max(len(r) for r in "".join("1" if v else "0" for v in s).split("0")))
    assert (runs >= 12).mean() > 0.15


def test_healthy_users_share_dynamics_by_chance(timelines):
    users = timelines.groupby("user_id").agg(disorder=("true_disorder", "first"), group=("group", "first"),
                                             spell=("true_phase", lambda s: s.str.startswith("spell").any()))
    healthy = users[users["disorder"] == "none"]
    assert 0.1 < healthy["spell"].mean() < 0.8
    stressful = healthy["group"].isin(["waiter", "reporter", "engineer"])
    assert healthy.loc[stressful, "spell"].mean() > healthy.loc[~stressful, "spell"].mean()


def test_gold_labels_are_noisy_annotator_votes(timelines):
    lab = _kept_emotional(timelines)
    agree = np.mean([g in t for g, t in zip(lab["gold_emotion"], lab["true_emotions"], strict=True)])
    assert 0.7 < agree < 0.95, agree


def test_disorder_is_recoverable_from_emotion_sequences_above_chance(timelines):
    # A simple method: emotion and transition frequencies of the gold labels, logistic regression.
    dx = _kept_emotional(timelines[timelines["dataset"] == "diagnosed"])

    def feats(seq):
        f = Counter(seq) + Counter(f"{a}>{b}" for a, b in zip(seq, seq[1:], strict=False))
        return {k: v / len(seq) for k, v in f.items()}

    users = dx.groupby("user_id").agg(group=("group", "first"), seq=("gold_emotion", list))
    x = DictVectorizer().fit_transform(users["seq"].map(feats))
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    pred = cross_val_predict(LogisticRegression(max_iter=2000), x, users["group"], cv=cv)
    assert f1_score(users["group"], pred, average="macro") > 0.5  # chance is 0.25; measured ~0.7


# --- the shortcut audit and the rules ---------------------------------------------------------------


def test_every_shortcut_stays_under_its_bound(timelines, small_blogs):
    frames = {mdi.CORPORA[0]: timelines, mdi.CORPORA[1]: small_blogs, mdi.CORPORA[2]: load("sim-mdi-criteria")}
    a = mdi.shortcut_audit(frames, seed=0)
    assert list(a.columns) == list(engine.AUDIT_COLUMNS)
    assert set(a["shortcut"]) == set(engine.templates("mdi")["audit"])
    over = a[~(a["score"] < a["bound"])]
    assert over.empty, over[["shortcut", "score", "bound"]].to_dict("records")
    nrc = a.set_index("shortcut").loc["nrc_readback"]
    assert nrc["score"] < nrc["published"] - 0.25  # far below the paper's lexicon method


def test_no_method_output_of_the_paper_is_read():
    text = inspect.getsource(mdi) + ilr.files("mhtext.data.simulate").joinpath("templates", "mdi.yaml").read_text()
    for quantity in ("table7", "table8", "status.", "table5.sea.precision", "table5.lstm", "table5.sentu"):
        assert quantity not in text, quantity
    assert "table5.sea.f1" in text  # only as the published number beside the read-back shortcut
