"""Study B, Table 5: the LSTM baseline and the emotion-detection scores."""

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import clone
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from mhtext.emotion import EMOTIONS
from mhtext.emotion import detection as det
from mhtext.models.lstm import LSTMClassifier, LSTMNet

# --------------------------------------------------------------------------- LSTM

# Three classes told apart by one cue word among shared filler, at varying positions: the LSTM must carry the cue
# through the following tokens to the last state.
_CUES = {"joy": ["glad", "cheerful"], "anger": ["furious", "livid"], "fear": ["scared", "terrified"]}
_FILLER = ["the", "day", "was", "a", "bit", "long", "at", "work", "today", "and", "then", "we", "went", "home"]


def _synthetic(n_per_class: int, seed: int) -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(seed)
    texts, labels = [], []
    for label, cues in _CUES.items():
        for _ in range(n_per_class):
            words = list(rng.choice(_FILLER, size=rng.integers(3, 8)))
            words.insert(int(rng.integers(0, len(words) + 1)), str(rng.choice(cues)))
            texts.append(" ".join(words))
            labels.append(label)
    return texts, labels


def _small(**kw):
    return LSTMClassifier(**{"embed_dim": 16, "hidden_size": 16, "max_epochs": 15, "patience": 15, "batch_size": 32,
                             "lr": 0.01, "dropout": 0.1, "device": "cpu", **kw})


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize("bidirectional", [False, True])
def test_lstm_learns_a_separable_task(bidirectional):
    X, y = _synthetic(60, seed=0)
    X_test, y_test = _synthetic(30, seed=1)
    m = _small(bidirectional=bidirectional).fit(X, y)
    assert accuracy_score(y_test, m.predict(X_test)) >= 0.9
    assert m.model_.head.in_features == 16 * (2 if bidirectional else 1)


def test_lstm_without_updates_stays_at_chance():
    # The guard of the test above: with a zero learning rate the optimiser changes nothing.
    X, y = _synthetic(60, seed=0)
    X_test, y_test = _synthetic(30, seed=1)
    assert accuracy_score(y_test, _small(lr=0.0).fit(X, y).predict(X_test)) < 0.6


def test_lstm_same_seed_same_predictions_and_clone():
    X, y = _synthetic(30, seed=2)
    a = _small(random_state=5, max_epochs=3).fit(X, y).predict_proba(X)
    b = clone(_small(random_state=5, max_epochs=3)).fit(X, y).predict_proba(X)
    c = _small(random_state=6, max_epochs=3).fit(X, y).predict_proba(X)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert "bidirectional" in _small().get_params() and "init_from" not in _small().get_params()


def test_lstm_pools_the_last_real_token_and_ignores_padding():
    torch.manual_seed(0)
    for bidirectional in (False, True):
        net = LSTMNet(20, 4, 3, 2, dropout=0.0, bidirectional=bidirectional).eval()
        a, wa = net(torch.tensor([[5, 6, 7]]), torch.tensor([3]))
        b, wb = net(torch.tensor([[5, 6, 7, 0, 0]]), torch.tensor([3]))
        assert torch.allclose(a, b, atol=1e-6)
        assert wb[0].tolist() == [0, 0, 1, 0, 0]
    # The forward direction's last state depends on every token.
    net = LSTMNet(20, 4, 3, 2, dropout=0.0).eval()
    a, _ = net(torch.tensor([[5, 6, 7]]), torch.tensor([3]))
    b, _ = net(torch.tensor([[9, 6, 7]]), torch.tensor([3]))
    assert not torch.allclose(a, b)


def test_lstm_uses_pretrained_embeddings_and_refuses_transfer():
    words, mat = ["glad", "furious"], np.arange(32, dtype=np.float32).reshape(2, 16)
    X, y = _synthetic(10, seed=3)
    m = _small(embeddings=(words, mat), lr=0.0, max_epochs=1).fit(X, y)
    assert np.array_equal(m.model_.embedding.weight[m.vocab_.stoi["furious"]].detach().numpy(), mat[1])
    with pytest.raises(NotImplementedError, match="transfer"):
        m.export_transfer()


# --------------------------------------------------------------------------- label maps

@pytest.mark.parametrize("target", det.TARGETS)
def test_label_maps_cover_the_21_emotions_with_valid_labels(target):
    mapping = det.label_map(target)
    assert list(mapping) == list(EMOTIONS)
    labels = set(det.target_labels(target))
    assert {v for v in mapping.values() if v is not None} <= labels
    assert det.NO_EMOTION not in labels


def test_label_maps_agree_with_the_corpora_label_sets():
    assert det.target_labels("tweeteval-emotion") == ("anger", "joy", "optimism", "sadness")
    from mhtext.data.loaders.goemotions import EKMAN_GROUPS
    assert set(det.target_labels("goemotions-ekman")) == set(EKMAN_GROUPS) - {"neutral"}
    # Every scored label is reachable from some emotion, else its recall is zero by construction.
    for target in det.TARGETS:
        assert set(det.label_map(target).values()) - {None} == set(det.target_labels(target))


def test_label_map_rejects_unknown_target():
    with pytest.raises(ValueError, match="choose one of"):
        det.label_map("sentiment140")


def test_map_predictions():
    out = det.map_predictions(["hope", None, "fear", "manic", "", float("nan"), "gratitude"], "tweeteval-emotion")
    assert out.tolist() == ["optimism", det.NO_EMOTION, det.NO_EMOTION, "anger", det.NO_EMOTION, det.NO_EMOTION, "joy"]
    assert det.map_predictions(["shame", "anxiety"], "goemotions-ekman").tolist() == ["sadness", "fear"]
    assert det.map_predictions(list(EMOTIONS), "representative").tolist() == list(EMOTIONS)
    with pytest.raises(ValueError, match="not one of the 21"):
        det.map_predictions(["happiness"], "representative")


# --------------------------------------------------------------------------- scores

LABELS = ["anger", "joy", "optimism", "sadness"]


def _random_preds(n: int, seed: int, p_none: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y_true = rng.choice(LABELS, n).astype(object)
    y_pred = np.where(rng.random(n) < 0.5, y_true, rng.choice(LABELS, n)).astype(object)
    y_pred[rng.random(n) < p_none] = det.NO_EMOTION
    return y_true, y_pred


def test_detection_scores_equal_sklearn():
    y_true, y_pred = _random_preds(500, seed=0)
    s = det.detection_scores(y_true, y_pred, LABELS)
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=LABELS, average="macro", zero_division=0)
    assert (s["precision"], s["recall"], s["f1"]) == pytest.approx((p, r, f))
    assert s["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))
    assert s["coverage"] == pytest.approx(np.mean(y_pred != det.NO_EMOTION))
    assert s["n"] == 500


def test_no_prediction_lowers_recall_not_precision():
    y_true = ["joy", "joy", "anger", "anger"]
    s = det.detection_scores(y_true, ["joy", det.NO_EMOTION, "anger", det.NO_EMOTION], ["anger", "joy"])
    assert s["precision"] == 1.0 and s["recall"] == 0.5 and s["coverage"] == 0.5
    with pytest.raises(ValueError, match="not in labels"):
        det.detection_scores(["fear"], ["fear"], ["anger", "joy"])


def test_fast_macro_f1_equals_sklearn():
    for seed in range(5):
        y_true, y_pred = _random_preds(300, seed=seed, p_none=0.3)
        y_pred[:3] = "surprise"  # a label outside the scored set
        t, p = det._codes(y_true, LABELS), det._codes(y_pred, LABELS)
        expected = f1_score(y_true, y_pred, labels=LABELS, average="macro", zero_division=0)
        assert det._macro_f1_codes(t, p, len(LABELS)) == pytest.approx(expected)


def test_paired_bootstrap():
    y_true, good = _random_preds(800, seed=1, p_none=0.0)
    _, bad = _random_preds(800, seed=2, p_none=0.5)
    bad = np.where(np.random.default_rng(3).random(800) < 0.5, bad, "joy")
    r = det.paired_bootstrap(y_true, good, bad, LABELS, n_boot=300, seed=4)
    f_good = f1_score(y_true, good, labels=LABELS, average="macro", zero_division=0)
    f_bad = f1_score(y_true, bad, labels=LABELS, average="macro", zero_division=0)
    assert r["diff"] == pytest.approx(f_good - f_bad)
    assert r["low"] < r["diff"] < r["high"]
    assert r["low"] > 0  # a clearly better method
    assert r == det.paired_bootstrap(y_true, good, bad, LABELS, n_boot=300, seed=4)
    assert r != det.paired_bootstrap(y_true, good, bad, LABELS, n_boot=300, seed=5)
    same = det.paired_bootstrap(y_true, good, good, LABELS, n_boot=50, seed=0)
    assert same["diff"] == same["low"] == same["high"] == 0.0


def test_table5_frame():
    y_true, y_pred = _random_preds(100, seed=0)
    frame = det.table5_frame({"lexicon": det.detection_scores(y_true, y_pred, LABELS),
                              "LSTM": det.detection_scores(y_true, y_true, LABELS)})
    assert list(frame.columns[:6]) == ["method", "precision", "recall", "f1", "accuracy", "coverage"]
    assert frame["method"].tolist() == ["lexicon", "LSTM"] and frame.loc[1, "f1"] == 1.0
    with pytest.raises(ValueError, match="lack"):
        det.table5_frame({"x": {"f1": 0.5}})


# --------------------------------------------------------------------------- texts

def test_simulated_texts_split_users():
    train, test = det.emotion_texts("simulated", scale=0.05, seed=0)
    assert set(train["user_id"]).isdisjoint(test["user_id"])
    assert 0.1 < len(test) / (len(train) + len(test)) < 0.3
    for part in (train, test):
        assert set(part["label"]) <= set(EMOTIONS) and (part["text"].str.strip() != "").all()
        assert not part["text"].str.contains("@").any()
    capped, test2 = det.emotion_texts("simulated", scale=0.05, seed=0, max_train=500)
    assert len(capped) == 500 and test2.equals(test)
    with pytest.raises(ValueError, match="choose one of"):
        det.emotion_texts("sentiment140")


@pytest.fixture(scope="module")
def real_data():
    from mhtext import paths

    root = paths.data_dir()
    if not (root / "goemotions" / "ekman").is_dir() or not (root / "tweeteval" / "emotion").is_dir():
        pytest.skip(f"GoEmotions (ekman) or TweetEval emotion not found under {root}; set MHTEXT_DATA_DIR")
    return root


def test_real_tweeteval_emotion_texts(real_data):
    train, test = det.emotion_texts("tweeteval-emotion")
    assert (len(train), len(test)) == (3257, 1421)
    assert set(train["label"]) == set(test["label"]) == set(det.target_labels("tweeteval-emotion"))


def test_real_goemotions_ekman_texts(real_data):
    train, test = det.emotion_texts("goemotions-ekman", max_train=2000, seed=1)
    assert len(train) == 2000 and len(test) > 3000
    assert set(test["label"]) == set(det.target_labels("goemotions-ekman"))
    full = pd.concat(det.emotion_texts("goemotions-ekman"))
    assert "neutral" not in set(full["label"])
