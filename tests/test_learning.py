"""Guarantees that fail when learning, transfer, model wiring or scoring breaks (study A)."""

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support, roc_auc_score

from mhtext.evaluate.metrics import classification_metrics
from mhtext.models.attention_gru import AttentionGRUClassifier
from mhtext.studies import valence_transfer as vt

FILLER = "the a my we it was then and today so very of to in at on".split()
CUES = {"joy": ["glad", "sunny", "smile"], "fear": ["dread", "panic", "shaky"], "calm": ["still", "quiet", "rested"]}


def _task(n, seed):
    """Three classes told apart by one cue word hidden among random filler words."""
    rng = np.random.default_rng(seed)
    X, y = [], []
    for i in range(n):
        cls = list(CUES)[i % 3]
        words = list(rng.choice(FILLER, size=rng.integers(3, 8)))
        words.insert(int(rng.integers(len(words) + 1)), str(rng.choice(CUES[cls])))
        X.append(" ".join(words))
        y.append(cls)
    return X, np.array(y, dtype=object)


def _gru(**kw):
    return AttentionGRUClassifier(**{"embed_dim": 16, "hidden_size": 16, "max_epochs": 12, "batch_size": 16,
                                     "dropout": 0.1, "lr": 0.01, "patience": 12, "device": "cpu",
                                     "random_state": 0, **kw})


def test_gru_learns_a_separable_task():
    X, y = _task(240, 0)
    Xte, yte = _task(90, 1)
    model = _gru().fit(X, y)
    # Chance is 1/3; a network whose optimizer never steps stays near it.
    assert accuracy_score(yte, model.predict(Xte)) > 0.9
    # And the loss fell.
    assert model.history_[-1]["loss"] < 0.5 * model.history_[0]["loss"]


def test_full_transfer_copies_every_layer_and_only_the_head_differs():
    X, y = _task(120, 2)
    src = _gru(max_epochs=2).fit([x for x, c in zip(X, y, strict=True) if c != "calm"],
                                 [c for c in y if c != "calm"])
    state = src.export_transfer()
    Xt, yt = _task(60, 3)
    # lr=0: fitting builds the network from the snapshot and changes nothing.
    tgt = _gru(init_from=state, lr=0.0, max_epochs=1).fit(Xt + ["brandnew word"] * 3, list(yt) + ["joy"] * 3)
    sd, copied = tgt.model_.state_dict(), []
    for name, tensor in state.state.items():
        if name.startswith("head."):
            continue
        if name == "embedding.weight":
            assert torch.equal(sd[name][: tensor.shape[0]], tensor)
        else:
            assert torch.equal(sd[name], tensor), name
        copied.append(name.split(".")[0])
    assert {"embedding", "gru_fwd", "gru_bwd", "attention", "context"} <= set(copied)
    assert sd["head.weight"].shape[0] == 3 and state.state["head.weight"].shape[0] == 1
    assert tgt.vocab_.itos[: len(state.vocab)] == state.vocab and "brandnew" in tgt.vocab_.stoi


def test_model_factories_give_each_table1_model_what_it_should():
    X, y = _task(60, 4)
    state = _gru(max_epochs=1).fit(X, y).export_transfer()
    vectors = (["glad", "dread"], np.ones((2, 50), dtype=np.float32))
    params = {"batch_size": 8, "max_epochs": 1, "patience": 1, "dropout": 0.5, "lr": 0.01}
    f = vt.model_factories(params, state, vectors, seed=7)
    assert list(f) == list(vt.MODELS)
    logreg, rnn, embed, full = (f[k](0) for k in ("logreg", "rnn", "rnn_embed", "rnn_full"))
    assert "tfidf" in logreg.named_steps
    assert rnn.init_from is None and rnn.embeddings is None
    assert embed.embeddings is vectors and embed.init_from is None
    assert full.init_from is state and full.embeddings is None
    assert {m.hidden_size for m in (rnn, embed, full)} == {64}
    assert f["rnn"](2).random_state == 9  # seeded per fold


def test_metrics_agree_with_scikit_learn():
    rng = np.random.default_rng(0)
    classes = ["both", "negative", "neither", "positive"]
    y = rng.choice(classes, size=200).astype(object)
    proba = rng.dirichlet(np.ones(4), size=200)
    pred = np.array(classes, dtype=object)[proba.argmax(1)]
    m = classification_metrics(y, proba, classes)
    assert m["macro_f1"] == pytest.approx(f1_score(y, pred, average="macro"))
    assert m["weighted_f1"] == pytest.approx(f1_score(y, pred, average="weighted"))
    assert m["accuracy"] == pytest.approx(accuracy_score(y, pred))
    p, r, f, _ = precision_recall_fscore_support(y, pred, labels=classes, zero_division=0)
    for i, c in enumerate(classes):
        assert (m[f"{c}.precision"], m[f"{c}.recall"], m[f"{c}.f1"]) == pytest.approx((p[i], r[i], f[i]))
        assert m[f"{c}.auc"] == pytest.approx(roc_auc_score(y == c, proba[:, i]))


def test_table1_means_and_paired_differences_read_every_fold():
    from mhtext.evaluate.cv import CVResult

    def res(scores):
        return CVResult([], np.zeros((0, 0)), pd.DataFrame({"fold": range(len(scores)), "macro_f1": scores}), np.zeros(0))

    runs = {0: {"logreg": res([0.5, 0.6]), "rnn": res([0.4, 0.5]), "rnn_embed": res([0.6, 0.6]),
                "rnn_full": res([0.7, 0.8])},
            1: {"logreg": res([0.55, 0.65]), "rnn": res([0.45, 0.5]), "rnn_embed": res([0.6, 0.7]),
                "rnn_full": res([0.7, 0.75])}}
    means = vt.table1_means(runs)
    assert means["table1.rnn_full.macro_f1"] == pytest.approx(np.mean([0.7, 0.8, 0.7, 0.75]))
    pairs = vt.paired_differences(runs, n_folds=2).set_index("comparison")
    assert pairs.loc["rnn_full - rnn", "mean"] == pytest.approx(np.mean([0.3, 0.3, 0.25, 0.25]))
    assert pairs.loc["rnn_full - rnn", "n_differences"] == 4
    assert pairs.loc["rnn_full - rnn", "a_better"] == "holds"
    mean, lo, hi = vt.relative_gain(runs, n_folds=2)
    assert mean == pytest.approx(100 * np.mean([0.7 / 0.5, 0.8 / 0.6, 0.7 / 0.55, 0.75 / 0.65]) - 100)
    assert lo < mean < hi


def test_signal_crossing_interpolates_the_curve():
    curve = pd.DataFrame({"signal": [0.6, 0.8, 0.7], "logreg_macro_f1": [0.40, 0.60, 0.50]})
    assert vt.signal_crossing(curve, 0.55) == pytest.approx(0.75)
    assert np.isnan(vt.signal_crossing(curve, 0.9))


def test_default_threads_leave_a_core_free():
    from mhtext.seed import default_threads

    assert [default_threads(c) for c in (1, 2, 4, 16)] == [1, 1, 3, 8]
