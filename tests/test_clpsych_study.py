"""Study D's own logic: the metric, the chance threshold, the beyond-paper views, Figure 4's masking, the claims."""

import numpy as np
import pandas as pd
import pytest

from mhtext.studies import clpsych_benchmark as cb

LEVELS = cb.COARSE


def test_risk_f1_leaves_green_out():
    y = ["green", "green", "amber", "red", "crisis"]
    p = ["amber", "green", "amber", "red", "crisis"]
    # green's own errors do not count; amber's precision drops because a green post was called amber.
    assert cb.risk_f1(y, p, ("amber", "red", "crisis")) == pytest.approx((2 / 3 + 1 + 1) / 3)
    assert cb.all_class_f1(y, p, LEVELS) == pytest.approx((2 / 3 + 2 / 3 + 1 + 1) / 4)


def test_shuffle_baseline_and_bonferroni_threshold():
    labels = ["a"] * 32 + ["b"] * 36 + ["c"] * 85 + ["d"] * 26  # the paper's UMD Reddit counts
    base = cb.shuffle_baseline(labels, ("a", "b", "c", "d"), n_runs=4000, seed=0)
    assert base.mean() == pytest.approx(0.25, abs=0.01)  # the paper: mean 0.25
    t8 = cb.chance_threshold(base, n_tests=8)
    t1 = cb.chance_threshold(base, n_tests=1)
    assert t8 > t1  # the correction raises the bar
    assert np.mean(base >= t8) == pytest.approx(0.05 / 8, abs=0.004)
    assert 0.30 < t8 < 0.37  # the paper's threshold for these counts: 0.336
    with pytest.raises(ValueError, match="outside"):
        cb.shuffle_baseline(["a", "z"], ("a", "b"), n_runs=2, seed=0)


def test_alert_budget_recall_counts_exactly_the_budget():
    y = np.array(["green"] * 6 + ["red", "crisis", "crisis", "red"])
    score = np.array([0, 0, 0, 0, 0, 5, 4, 9, 1, 8], dtype=float)  # a green post outranks a crisis post
    rec = cb.alert_budget_recall(y, score, 0.3, ["red", "crisis"])  # three alerts: 9, 8, 5
    assert rec == {"red": 0.5, "crisis": 0.5}
    assert cb.alert_budget_recall(y, score, 1.0, ["crisis"]) == {"crisis": 1.0}
    with pytest.raises(ValueError, match="budget"):
        cb.alert_budget_recall(y, score, 0.0, ["red"])


def test_missed_severe_shares():
    y = ["crisis", "crisis", "crisis", "crisis", "green"]
    p = ["crisis", "red", "amber", "red", "crisis"]
    out = cb.missed_severe(y, p, LEVELS)
    assert out == {"n": 4.0, "green": 0.0, "amber": 0.25, "red": 0.5, "crisis": 0.25}


def test_severity_score_uses_the_coarse_rank_of_fine_classes():
    proba = np.array([[1.0, 0, 0], [0, 0.5, 0.5]])
    s = cb.severity_score(proba, ["allClear", "crisis", "underserved"], LEVELS,
                          {"allClear": "green", "crisis": "crisis", "underserved": "amber"})
    assert s.tolist() == [0.0, 2.0]  # (3 + 1) / 2


def test_masking_effects_and_html():
    def level(texts):  # the word "hopeless" makes a text crisis, "tired" red, "fine" pulls one level down
        return [max(0, (3 if "hopeless" in t else 2 if "tired" in t else 1) - ("fine" in t)) for t in texts]

    base, eff = cb.masking_effects(level, "so tired and hopeless but fine", "<unk>")
    assert base == 2
    shifts = dict(eff)
    assert shifts["hopeless"] == -1 and shifts["fine"] == 1 and shifts["so"] == 0
    html = cb.masking_html(pd.DataFrame({"theme": ["t<1>"]}), [(base, eff)], LEVELS, fine=["x"])
    assert "&lt;1&gt;" in html and "red (x)" in html  # escaped theme; level name and fine label
    assert html.count("background:") == 2 + 3  # two coloured words plus the three legend swatches


def test_parse_sets_and_tools():
    assert cb.parse_sets("all") == list(cb.SETS)
    assert cb.parse_sets("gpt_finetuned;vader") == ["vader", "gpt_finetuned"]  # Table 1's order
    with pytest.raises(ValueError, match="unknown feature set"):
        cb.parse_sets("vader;bert")
    with pytest.raises(ValueError, match="unknown AutoML"):
        cb.parse_tools("autosklearn")


def test_paper_mantel_is_table2():
    m = cb.paper_mantel()
    assert np.allclose(m.to_numpy(), m.to_numpy().T)
    assert m.loc["Sentence encoder (default)", "GPT default"] == pytest.approx(0.823)
    assert cb.pair_key("gpt_finetuned", "vader") == "table2.vader.gpt_finetuned"


def _boot(pairs):
    return pd.DataFrame([{"boot": b, "x": x, "y": y, "r": r + 0.01 * b} for b in range(5) for (x, y), r in
                         pairs.items()])


def test_mantel_claims_read_bootstrap_intervals():
    pairs = {("use", "gpt_default"): 0.8, ("use", "vader"): 0.4, ("vader", "gpt_default"): 0.45,
             ("empath", "vader"): 0.02, ("empath", "use"): -0.03, ("empath", "gpt_default"): 0.01}
    est, lo, hi = cb.encoder_gpt_claim(_boot(pairs))
    assert est == pytest.approx(0.35) and lo > 0
    est, lo, hi = cb.empath_claim(_boot(pairs))
    assert lo > 0  # every Empath |r| stays below 0.1
    pairs[("empath", "vader")] = 0.3
    assert cb.empath_claim(_boot(pairs))[2] < 0


def test_cssrs_mapping_covers_every_grade():
    from mhtext.data.loaders.cssrs import LEVELS as GRADES

    assert set(cb.CSSRS_TO_COARSE) == set(GRADES)
    ranks = [LEVELS.index(cb.CSSRS_TO_COARSE[g]) for g in GRADES]
    assert ranks == sorted(ranks)  # ordinal grades stay ordinal


def test_file_corpus_takes_any_ordered_label_set_and_checks_it(tmp_path):
    p = tmp_path / "posts.tsv"
    pd.DataFrame({"id": [f"p{i}" for i in range(12)], "body": [f"post {i}" for i in range(12)],
                  "risk": ["low", "high", "mid"] * 4}).to_csv(p, index=False, sep="\t")
    cols = "post_id=id;text=body;label=risk"
    c, own = cb.file_corpus(p, columns=cols, levels=["low", "mid", "high"], exclude=["low"])
    assert c.levels == ("low", "mid", "high") and c.scored == ("mid", "high")
    assert len(c.train) + len(c.test) == 12 and own.card["label_counts"] == {"high": 4, "low": 4, "mid": 4}
    with pytest.raises(ValueError, match=r"posts.tsv, line 3, column 'risk': label 'high' is not one of the levels"):
        cb.file_corpus(p, columns=cols, levels=["low", "mid"])
    with pytest.raises(ValueError, match="exclude"):
        cb.file_corpus(p, columns=cols, exclude=["none"])
    with pytest.raises(ValueError, match="fewer than two classes"):
        cb.file_corpus(p, columns=cols, exclude=["low", "mid"])


def _tiny_corpus(texts, labels, fine=None):
    n = len(texts)
    frame = pd.DataFrame({"post_id": range(n), "text": texts, "label": labels, "fine_label": fine or labels})
    return cb.Corpus(train=frame, test=frame.copy(), validation=None, quotes=None, unlabeled=list(texts),
                     fine_to_coarse={c: c for c in LEVELS})


def test_extract_handles_hostile_posts():
    from mhtext.features.lexicon_sets import EmpathCategories, VaderSentences

    long = " ".join(["tired"] * 10_000)
    texts = ["", "😊😊", "help", long, "I can't do this anymore. Nobody listens."]
    corpus = _tiny_corpus(texts, ["green", "amber", "red", "crisis", "crisis"])
    for tr in (VaderSentences(), EmpathCategories()):
        f = cb.extract(corpus, tr)
        assert f["train"].shape[0] == len(texts) and np.isfinite(f["train"]).all()
        assert len(f["names"]) == f["train"].shape[1]
    vader = cb.extract(corpus, VaderSentences())["train"]
    assert vader[1, 0] > 0  # the emoji-only post is read through VADER's emoji lexicon


def test_constant_feature_sets_are_refused_and_constant_columns_dropped():
    f = {"train": np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]])}
    keep, X = cb._drop_constant(f)
    assert keep.tolist() == [True, False] and X.shape == (3, 1)
    with pytest.raises(ValueError, match="constant"):
        cb._drop_constant({"train": np.zeros((3, 2))})


def test_run_automl_merges_a_fine_class_too_small_for_the_folds():
    rng = np.random.default_rng(0)
    coarse = np.array(["green"] * 30 + ["amber"] * 12 + ["red"] * 10 + ["crisis"] * 8)
    fine = coarse.astype(object).copy()
    fine[30] = "pastDistress"  # one amber post with its own fine label: fewer members than folds
    X = rng.standard_normal((60, 4)) + np.array([LEVELS.index(c) for c in coarse])[:, None]
    corpus = _tiny_corpus([f"p{i}" for i in range(60)], list(coarse), list(fine))
    corpus.fine_to_coarse = {**{c: c for c in LEVELS}, "pastDistress": "amber"}
    f = {"train": X, "test": X}
    run = cb.run_automl(f, corpus, tool="flaml", time_budget=None, max_iter=12, n_splits=3, n_repeats=1,
                        population_size=4, seed=0)
    assert run["merges"] == {"pastDistress": "amber"} and not run["failed"]
    assert set(run["test_pred"]) <= set(LEVELS) and run["test"] > 0.5  # separable by construction


def test_gpt_backbone_is_checked_and_a_shipped_model_gets_its_own_row():
    from transformers import GPT2Config, GPT2LMHeadModel

    from mhtext.models.gpt import TrainedLM

    with pytest.raises(ValueError, match="gpt_backbone must be one of"):
        cb.pretrain_gpt(n_sentences=10, epochs=1, n_layer=1, n_embd=32, seed=0, backbone="gpt1")
    with pytest.raises(ValueError, match="gpt_backbone must be one of"):
        cb.fine_tune_gpt(None, ["a post"], epochs=1, seed=0, backbone="gpt1")
    tiny = GPT2LMHeadModel(GPT2Config(n_layer=1, n_embd=32, n_head=1, vocab_size=50, n_positions=16))
    shipped = cb.gpt_row(TrainedLM(tiny, None, seconds=1.5))
    assert shipped["model"] == "SmolLM2-135M-Instruct, 1 layers, 32 wide" and np.isnan(shipped["score"])
    assert "loaded, not trained" in shipped["trained_on"] and shipped["wall_s"] == 1.5
    trained = cb.gpt_row(TrainedLM(tiny, None, train_tokens=100, valid_perplexity=[9.0], initial_perplexity=50.0))
    assert trained["model"].startswith("GPT-2 architecture") and trained["score"] == 9.0


@pytest.mark.parametrize(("tool", "given", "passed"), [("tpot", "tcp://127.0.0.1:8786", "tcp://127.0.0.1:8786"),
                                                       ("tpot", "", None), ("flaml", "tcp://127.0.0.1:8786", None)])
def test_run_automl_hands_the_dask_scheduler_to_tpot_only(monkeypatch, tool, given, passed):
    # The notebook's dask_scheduler parameter reaches TPOT's estimator (whose own test runs a search on a given
    # scheduler, tests/test_automl.py); the search is stopped before it starts: no cluster is contacted.
    from mhtext.models import automl

    seen = {}

    class Stop(Exception):
        pass

    class Spy(automl.AutoMLClassifier):
        def fit(self, X, y):
            seen["address"] = self.scheduler_address
            raise Stop

    monkeypatch.setattr(automl, "AutoMLClassifier", Spy)
    corpus = _tiny_corpus(["a", "b", "c", "d"], ["green", "amber", "red", "crisis"], ["green", "amber", "red", "crisis"])
    with pytest.raises(Stop):
        cb.run_automl({"train": np.eye(4), "test": np.eye(4)}, corpus, tool=tool, time_budget=None, max_iter=1,
                      n_splits=2, n_repeats=1, population_size=2, seed=0, scheduler_address=given)
    assert seen["address"] == passed
