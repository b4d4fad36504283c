"""DeepMoji by distant supervision: the emoji corpus, the network, and the Emoji-64 / DeepMoji transformers."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import clone

from mhtext.data import DatasetNotFoundError
from mhtext.data.loaders import emoji_texts
from mhtext.data.loaders.emoji_texts import EMOJI_RE, emoji_corpus, find_emoji, remove_emoji
from mhtext.features import deepmoji
from mhtext.features.deepmoji import (
    DeepMoji,
    DeepMojiActivations,
    EmojiProbabilities,
    fit_deepmoji,
    tokenize,
    train_deepmoji,
)

HAPPY, SAD, ANGRY = "😊", "😢", "😠"
SMALL = {"embed_dim": 16, "hidden_size": 16, "max_epochs": 8, "patience": 8, "lr": 0.01, "min_count": 1}


def toy_corpus(n: int = 240, seed: int = 0) -> pd.DataFrame:
    """A planted mapping: the cue word decides the emoji; the filler words are noise."""
    rng = np.random.default_rng(seed)
    cues = {"happy": HAPPY, "sad": SAD, "angry": ANGRY}
    filler = ["today", "the", "bus", "was", "late", "again", "my", "friend", "said", "so", "very", "work"]
    rows = []
    for i in range(n):
        cue = list(cues)[i % 3]
        words = list(rng.choice(filler, size=rng.integers(2, 7)))
        words.insert(int(rng.integers(0, len(words) + 1)), cue)
        rows.append((" ".join(words), cues[cue], i))
    return pd.DataFrame(rows, columns=["text", "emoji", "text_id"])


@pytest.fixture(scope="module")
def toy_model() -> DeepMoji:
    torch.set_num_threads(1)
    return train_deepmoji(toy_corpus(), seed=0, **SMALL)


# -- emoji detection and the corpus ------------------------------------------------------------------

def test_find_emoji_pools_variants_and_keeps_sequences():
    assert find_emoji("love ❤️ and ❤ again") == ["❤"]  # variation selector removed: one label
    assert find_emoji("ok 👍🏻👍") == ["👍"]  # skin tone removed
    assert find_emoji("me 🤷🏼\u200d♀️") == ["🤷\u200d♀"]  # a zero-width-joined sequence is one emoji
    assert find_emoji("go 🇺🇸!") == ["🇺🇸"]  # a flag is one emoji, not two letters
    assert find_emoji("😂😂 lol 😭") == ["😂", "😭"]  # distinct, in order of appearance
    assert find_emoji("no emoji here :)") == []


def test_remove_emoji_leaves_clean_text():
    assert remove_emoji("so  funny😂😂 \n really 🤦🏻\u200d♀️ ok") == "so funny really ok"
    assert remove_emoji("🇺🇸🇺🇸") == ""


def _write_real(root, texts_by_task: dict[str, list[str]], go_texts: list[str]) -> None:
    for task, texts in texts_by_task.items():
        folder = root / "tweeteval" / task
        folder.mkdir(parents=True)
        (folder / "mapping.txt").write_text("0\tnegative\n1\tpositive\n", encoding="utf-8")
        (folder / "test_text.txt").write_text("".join(t + " \n" for t in texts), encoding="utf-8")
        (folder / "test_labels.txt").write_text("0\n" * len(texts), encoding="utf-8")
    folder = root / "goemotions" / "original"
    folder.mkdir(parents=True)
    (folder / "labels.txt").write_text("joy\nsadness\n", encoding="utf-8")
    for split in ("train", "dev", "test"):
        lines = go_texts if split == "train" else go_texts[:1]
        (folder / f"{split}.tsv").write_text("".join(f"{t}\t0\tc{i}\n" for i, t in enumerate(lines)),
                                             encoding="utf-8")


@pytest.fixture()
def real_dir(tmp_path):
    emotion = ["great day 😂😂", "nope 😭", "plain tweet", "lol 😂 fine 😭", "😂"]
    sentiment = ["haha 😂", "rare one 🦄", "cry 😭 more", "same 😂"]
    go = ["reddit joke 😂", "sad news 😭", "hearts ❤️"]
    _write_real(tmp_path, {"emotion": emotion, "sentiment": sentiment}, go)
    return tmp_path


def test_real_corpus_removes_emoji_and_keeps_top_k(real_dir):
    df = emoji_corpus("real", seed=0, data_dir=real_dir, top_k=2, min_count=1)
    assert set(df.columns) >= {"text", "emoji", "source", "text_id"}
    assert df.attrs["emoji"] == ["😂", "😭"]  # the two most frequent of 😂 😭 🦄 ❤
    assert set(df["emoji"]) == {"😂", "😭"}
    assert not df["text"].str.contains(EMOJI_RE).any() and (df["text"].str.strip() != "").all()
    # A text with two different emoji gives one row each; an emoji-only text gives none.
    both = df[df["text"] == "lol fine"]
    assert sorted(both["emoji"]) == ["😂", "😭"] and both["text_id"].nunique() == 1
    assert "" not in set(df["text"]) and "plain tweet" not in set(df["text"])
    assert set(df["source"]) == {"tweeteval-emotion", "tweeteval-sentiment", "goemotions"}
    # The duplicated goemotions line (train and dev, test) is one example.
    assert (df["text"] == "reddit joke").sum() == 1


def test_min_count_drops_rare_emoji(real_dir):
    df = emoji_corpus("real", seed=0, data_dir=real_dir, top_k=64, min_count=2)
    assert df.attrs["n_emoji"] == 2 and "🦄" not in set(df["emoji"])
    with pytest.raises(ValueError, match="min_count"):
        emoji_corpus("real", seed=0, data_dir=real_dir, min_count=1000)


def test_max_texts_subsamples_with_the_seed(real_dir):
    a = emoji_corpus("real", seed=1, data_dir=real_dir, min_count=1, max_texts=4)
    b = emoji_corpus("real", seed=1, data_dir=real_dir, min_count=1, max_texts=4)
    assert a["text_id"].nunique() <= 4
    pd.testing.assert_frame_equal(a, b)


def test_missing_real_files_say_what_to_set(tmp_path, monkeypatch):
    monkeypatch.setenv("MHTEXT_DATA_DIR", str(tmp_path))
    with pytest.raises(DatasetNotFoundError, match="MHTEXT_DATA_DIR.*source='simulated'"):
        emoji_corpus("real", seed=0)
    with pytest.raises(ValueError, match="source must be one of"):
        emoji_corpus("twitter", seed=0)


def test_simulated_corpus():
    df = emoji_corpus("simulated", seed=0, scale=0.005, top_k=5, min_count=1)
    assert 0 < df.attrs["n_emoji"] <= 5 and set(df["emoji"]) == set(df.attrs["emoji"])
    assert not df["text"].str.contains(EMOJI_RE).any()
    assert (df["source"] == emoji_texts.SIMULATED_DATASET).all()


# -- tokenizer and the network -------------------------------------------------------------------------

def test_tokenize():
    assert tokenize("I'm SO happy!! 😂 @bob http://x.co #win\\nnext") == [
        "i'm", "so", "happy", "!", "!", "<user>", "<url>", "win", "next"]
    assert tokenize("") == [] and tokenize("😂😂") == []


def test_learns_planted_mapping_far_above_chance(toy_model):
    assert toy_model.classes == sorted([HAPPY, SAD, ANGRY])  # equal counts: ties broken by code point
    proba = toy_model.predict_proba(["my friend was happy", "the bus was sad", "angry again at work"])
    names = np.asarray(toy_model.classes)
    assert list(names[proba.argmax(1)]) == [HAPPY, SAD, ANGRY]
    m = toy_model.metrics
    assert m["n_val"] > 0 and m["n_emoji"] == 3 and m["chance_top1"] == pytest.approx(1 / 3)
    assert m["top1"] >= 0.9


def test_held_out_split_never_splits_a_text():
    corpus = toy_corpus(60)
    corpus = pd.concat([corpus, corpus.assign(emoji="🙃")], ignore_index=True)  # two emoji per text
    model = fit_deepmoji(corpus["text"], corpus["emoji"], groups=corpus["text_id"], seed=0,
                         **{**SMALL, "max_epochs": 1})
    held_out = corpus["text_id"].iloc[model.val_rows]
    assert len(held_out) == model.metrics["n_val"] > 0
    assert not set(held_out) & set(corpus["text_id"].drop(index=model.val_rows))


def test_deterministic_given_seed():
    torch.set_num_threads(1)
    params = {**SMALL, "max_epochs": 2}
    corpus = toy_corpus(90)
    a, b, c = (train_deepmoji(corpus, seed=s, **params) for s in (3, 3, 4))
    sentences = ["happy bus", "sad", ""]
    np.testing.assert_array_equal(a.predict_proba(sentences), b.predict_proba(sentences))
    np.testing.assert_array_equal(a.represent(sentences), b.represent(sentences))
    assert not np.allclose(a.represent(sentences), c.represent(sentences))
    assert a.metrics["epochs_run"] == 2
    assert train_deepmoji(corpus, seed=3, max_seconds=0, **params).metrics["epochs_run"] == 1  # time budget


def test_empty_short_and_long_sentences(toy_model):
    sentences = ["", "happy", " ".join(["sad"] * 3000), "😂😂"]
    proba = toy_model.predict_proba(sentences)
    rep = toy_model.represent(sentences)
    assert proba.shape == (4, 3) and rep.shape == (4, 16 + 4 * 16)
    assert np.isfinite(proba).all() and np.isfinite(rep).all()
    np.testing.assert_allclose(proba.sum(1), 1.0, rtol=1e-5)
    assert toy_model.predict_proba([]).shape == (0, 3)
    # Padding is masked: a sentence reads the same alone and batched beside a longer one.
    np.testing.assert_allclose(toy_model.represent(["happy"]), rep[1:2], rtol=1e-5, atol=1e-6)


def test_unknown_words_map_to_unk(toy_model):
    assert toy_model.vocab.itos[1] == "<unk>"
    assert toy_model.encode(["zebra", "", "happy quokka"]) == [[1], [1], [toy_model.vocab.stoi["happy"], 1]]
    assert toy_model.encode(["happy <UNK>"]) == toy_model.encode(["happy quokka"])  # masking a word by hand
    tokens, alpha = toy_model.attention(["happy quokka"])[0]
    assert tokens == ["happy", "<unk>"] and alpha.shape == (2,) and np.isclose(alpha.sum(), 1.0)
    np.testing.assert_array_equal(toy_model.predict_proba(["zebra"]), toy_model.predict_proba(["quokka"]))


def test_bad_input_is_refused(toy_model):
    with pytest.raises(TypeError, match="one string"):
        toy_model.predict_proba("happy")
    with pytest.raises(TypeError, match="sentence 1 is NoneType"):
        toy_model.predict_proba(["happy", None])


# -- the two transformers --------------------------------------------------------------------------------

def test_transformers_share_one_model(toy_model):
    sentences = ["happy day", "so sad", ""]
    emo = EmojiProbabilities(model=toy_model).fit(sentences)
    act = DeepMojiActivations(model=toy_model).fit(sentences)
    assert emo.transform(sentences).shape == (3, 3) and act.transform(sentences).shape == (3, 80)
    assert list(emo.get_feature_names_out()) == toy_model.classes and emo.n_features_out_ == 3
    assert list(act.get_feature_names_out()[:2]) == ["att_0", "att_1"] and act.n_features_out_ == 80
    # clone (cross-validation) copies the fitted model instead of losing it
    np.testing.assert_allclose(clone(emo).fit(sentences).transform(sentences), emo.transform(sentences))
    # the stage cache pickles the trained model (joblib): it must come back working
    restored = pickle.loads(pickle.dumps(toy_model))
    np.testing.assert_array_equal(restored.predict_proba(sentences), toy_model.predict_proba(sentences))
    with pytest.raises(RuntimeError, match="not fitted"):
        EmojiProbabilities(model=toy_model).transform(sentences)
    with pytest.raises(TypeError, match="must be a DeepMoji"):
        EmojiProbabilities(model="deepmoji.pt").fit(sentences)


def test_transformer_trains_once_per_parameters(toy_model, monkeypatch):
    calls = []

    def fake_train(**kwargs):
        calls.append(kwargs)
        return toy_model

    monkeypatch.setattr(deepmoji, "train_deepmoji", fake_train)
    monkeypatch.setattr(deepmoji, "_TRAINED", {})
    est = DeepMojiActivations(source="simulated", seed=5, scale=0.01, embed_dim=16, hidden_size=16)
    first = est.fit(["a"]).transform(["happy"])
    np.testing.assert_array_equal(clone(est).fit(["b"]).transform(["happy"]), first)
    assert len(calls) == 1 and calls[0]["seed"] == 5 and calls[0]["source"] == "simulated"
    EmojiProbabilities(source="simulated", seed=6).fit(["a"])
    assert len(calls) == 2
