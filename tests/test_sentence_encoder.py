"""The default sentence encoder and its unsupervised adaptation (tiny runs: a few dozen sentences, one epoch)."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from sklearn.base import clone

from mhtext.data import load
from mhtext.features.sentence_encoder import (
    SentenceEncoder,
    adapt_sentence_encoder,
    model_fingerprint,
    training_sentences,
)
from mhtext.features.sentences import SentenceAggregate

PROBE = ["I feel so alone tonight.", "Thanks everyone for the kind replies!", "school is too much"]
TINY = dict(max_sentences=8, batch_size=4, max_seq_length=24)  # two steps: the run is the test, not its length


@pytest.fixture(scope="module")
def posts():
    return load("sim-reachout-unlabeled", n=30, seed=0).text.tolist()


@pytest.fixture(scope="module")
def default():
    return SentenceEncoder().transform(PROBE)


@pytest.fixture(scope="module")
def simcse(posts):
    return adapt_sentence_encoder(posts, method="simcse", seed=1, **TINY)


def test_default_encoder_unchanged_for_study_a(default):
    assert default.shape == (3, 384)
    assert np.allclose(np.linalg.norm(default, axis=1), 1, atol=1e-5)
    assert np.array_equal(clone(SentenceEncoder()).fit(PROBE).transform(PROBE), default)
    with pytest.raises(ValueError, match="empty"):
        SentenceEncoder().transform(["ok", "  "])


def test_allow_empty_encodes_posts_without_sentences():
    X = SentenceEncoder(allow_empty=True).transform(["", "ok"])
    assert X.shape == (2, 384) and np.isfinite(X).all() and not np.allclose(X[0], X[1])
    with pytest.raises(TypeError, match="index 0"):
        SentenceEncoder(allow_empty=True).transform([None])


def test_training_sentences_are_distinct_long_enough_and_seeded(posts):
    sents = training_sentences(posts, min_words=3)
    assert len(sents) == len(set(sents)) > 16 and all(len(s.split()) >= 3 for s in sents)
    a, b = (training_sentences(posts, max_sentences=10, seed=s) for s in (0, 1))
    assert len(a) == 10 and set(a) <= set(sents) and a == training_sentences(posts, max_sentences=10, seed=0)
    assert a != b


def test_simcse_changes_embeddings_and_is_deterministic(posts, default, simcse, tmp_path):
    adapted = SentenceEncoder(model=simcse).transform(PROBE)
    assert np.abs(adapted - default).max() > 1e-4  # training moved the embeddings
    assert np.all(np.sum(adapted * default, axis=1) > 0.9)  # ... a little: one epoch on two dozen sentences
    again = adapt_sentence_encoder(posts, method="simcse", seed=1, out_dir=tmp_path / "m", **TINY)
    assert again == tmp_path / "m"
    from_folder = SentenceEncoder(model_path=str(again))
    assert np.allclose(from_folder.transform(PROBE), adapted, atol=1e-6)  # same seed, same model


def test_memo_keys_distinguish_default_and_adapted(simcse, default, tmp_path):
    simcse = copy.deepcopy(simcse)  # changed in place below
    keys = {SentenceEncoder().memo_key(), SentenceEncoder(model=simcse).memo_key()}
    assert SentenceEncoder(model=simcse).memo_key() == model_fingerprint(simcse)
    assert len(keys) == 2
    # The memo must not hand the default's vectors to the adapted model (or back), whichever runs first.
    assert not np.allclose(SentenceEncoder(model=simcse).transform(PROBE), default)
    assert np.array_equal(SentenceEncoder().transform(PROBE), default)
    # A folder rewritten in place by a later adaptation is reloaded and re-keyed, not served from the old memo.
    folder = tmp_path / "m"
    simcse.save(str(folder))
    first = SentenceEncoder(model_path=str(folder))
    key_first, vec_first = first.memo_key(), first.transform(PROBE)
    assert key_first == SentenceEncoder(model=simcse).memo_key()  # equal weights, equal key
    with torch.no_grad():
        next(simcse.parameters()).add_(0.01)  # in-place change: the fingerprint follows it
    assert SentenceEncoder(model=simcse).memo_key() != key_first
    simcse.save(str(folder))
    second = SentenceEncoder(model_path=str(folder))
    assert second.memo_key() != key_first and not np.allclose(second.transform(PROBE), vec_first)


def test_tsdae_runs_offline_and_changes_embeddings(posts, default):
    model = adapt_sentence_encoder(posts, method="tsdae", seed=1, **TINY)
    adapted = SentenceEncoder(model=model).transform(PROBE)
    assert np.abs(adapted - default).max() > 1e-4 and np.isfinite(adapted).all()


def test_aggregate_over_the_encoder_and_bad_arguments(posts):
    agg = SentenceAggregate(SentenceEncoder(allow_empty=True), aggregates=("mean", "max")).fit(posts[:3])
    X = agg.transform(["I am tired. I can't sleep.", ""])
    assert X.shape == (2, 768) and np.all(X[:, 384:] >= X[:, :384] - 1e-6)  # max >= mean
    assert agg.get_feature_names_out()[384] == "max__f0"
    with pytest.raises(ValueError, match="method"):
        adapt_sentence_encoder(posts, method="bert")
    with pytest.raises(ValueError, match="min_words"):
        adapt_sentence_encoder(["hi", "ok"], method="simcse")
