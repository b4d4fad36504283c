"""spaCy sentence splitting and per-post aggregation of sentence features (study D's shared sentence contract)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import BaseEstimator, TransformerMixin, clone

from mhtext.features import sentences
from mhtext.features.sentences import SentenceAggregate, _chunks, split_sentences

TWO = "I hate mondays. But I love my friends."
LONG_SENTENCES = ". ".join(["I feel very sad today and nobody cares about me"] * 1000) + "."  # 10,000 words
LONG_RUN_ON = " ".join(["I", "feel", "very", "sad", "today"] * 2000)  # 10,000 words, no punctuation


class Length(TransformerMixin, BaseEstimator):
    """A trivial sentence encoder: words and characters of each sentence; records what it was fitted on."""

    def fit(self, X, y=None):
        self.seen_ = list(X)
        return self

    def transform(self, X):
        return np.array([[len(s.split()), len(s)] for s in X], dtype=float)

    def get_feature_names_out(self, input_features=None):
        return np.array(["words", "chars"], dtype=object)


class NoNames(TransformerMixin, BaseEstimator):
    """Length without feature names."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return Length().transform(X)


# --- split_sentences -----------------------------------------------------------------------------------------


def test_two_sentences_keep_their_punctuation():
    assert split_sentences([TWO]) == [["I hate mondays.", "But I love my friends."]]


@pytest.mark.parametrize("component", ["parser", "senter"])
def test_posts_without_sentences_emoji_and_one_word(component):
    out = split_sentences(["", "  \n\t ", "😊😊", "sad", "..."], component=component)
    assert out[:2] == [[""], [""]]
    assert out[3:] == [["sad"], ["..."]]
    assert "".join(out[2]) == "😊😊" and out[2][0]  # emoji kept (the senter splits them into two sentences)


def test_parser_keeps_emoji_only_post_whole():
    assert split_sentences(["😊😊"]) == [["😊😊"]]


def test_sentences_are_stripped_and_results_follow_input_order():
    out = split_sentences(["Hi there.\n\n  Bye now!  ", TWO, "Hi there.\n\n  Bye now!  "])
    assert out[0] == out[2] == ["Hi there.", "Bye now!"]
    assert out[1] == ["I hate mondays.", "But I love my friends."]
    assert split_sentences([]) == []


@pytest.mark.parametrize("post", [LONG_SENTENCES, LONG_RUN_ON])
def test_10000_word_post_reaches_spacy_in_chunks_and_loses_no_word(post, monkeypatch):
    # spaCy refuses documents over nlp.max_length and its parser's memory grows with a document's length, so it
    # never sees more than max_chars at once (benchmarks/long_posts.py times it); nothing is lost at the cuts.
    nlp = sentences.sentence_pipeline("parser")
    seen: list[str] = []

    class Spy:
        def pipe(self, texts, **kw):
            texts = list(texts)
            seen.extend(texts)
            return nlp.pipe(texts, **kw)

    monkeypatch.setattr(sentences, "sentence_pipeline", lambda component: Spy())
    monkeypatch.setattr(sentences, "_memo", {})
    (sents,) = split_sentences([post], max_chars=5_000)
    assert len(seen) > 1 and max(map(len, seen)) <= 5_000 and "".join(seen) == post
    assert " ".join(sents).split() == post.split()
    if post is LONG_SENTENCES:
        assert len(sents) >= 1000  # the 1,000 sentences, plus at most one extra cut per chunk


def test_chunks_cover_the_text_at_whitespace():
    text = "para one is here.\n\n" + "word " * 50 + "\n\nlast para"
    for n in (7, 20, 64, 1000):
        pieces = _chunks(text, n)
        assert "".join(pieces) == text
        assert all(len(p) <= n for p in pieces)
    assert _chunks("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]  # no whitespace: hard cuts
    pieces = _chunks(text, 20)
    words = [w for p in pieces for w in p.split()]
    assert words == text.split()  # no word cut in two


def test_bad_input_is_refused():
    with pytest.raises(TypeError, match="index 1"):
        split_sentences(["ok", None])
    with pytest.raises(TypeError, match="one string"):
        split_sentences("a whole post")
    with pytest.raises(ValueError, match="component"):
        split_sentences(["x"], component="ner")
    with pytest.raises(ValueError, match="max_chars"):
        split_sentences(["x"], max_chars=0)


# --- SentenceAggregate ---------------------------------------------------------------------------------------


def test_aggregates_are_mean_max_min_of_sentence_vectors():
    enc = Length()
    agg = SentenceAggregate(enc).fit([TWO, "sad"])
    assert agg.encoder_ is enc  # the given object is fitted and kept, not a clone
    assert enc.seen_ == ["I hate mondays.", "But I love my friends.", "sad"]  # distinct sentences, once
    X = agg.transform([TWO, "sad", ""])
    # "I hate mondays." 3 words 15 chars; "But I love my friends." 5 words 22 chars.
    assert X[0].tolist() == [4.0, 18.5, 5.0, 22.0, 3.0, 15.0]
    assert X[1].tolist() == [1.0, 3.0] * 3
    assert X[2].tolist() == [0.0, 0.0] * 3  # no sentence: the encoder sees ""
    assert list(agg.get_feature_names_out()) == ["mean__words", "mean__chars", "max__words", "max__chars",
                                                 "min__words", "min__chars"]


def test_aggregate_subset_order_names_without_encoder_names():
    agg = SentenceAggregate(NoNames(), aggregates=("min", "mean")).fit([TWO])
    assert agg.transform([TWO]).tolist() == [[3.0, 15.0, 4.0, 18.5]]
    assert list(agg.get_feature_names_out()) == ["min__f0", "min__f1", "mean__f0", "mean__f1"]
    assert agg.transform([]).shape == (0, 4)
    for bad in (("median",), ("mean", "mean"), ()):
        with pytest.raises(ValueError, match="aggregates"):
            SentenceAggregate(Length(), aggregates=bad).fit([TWO])


def test_aggregate_is_a_cloneable_transformer():
    agg = SentenceAggregate(Length())
    fresh = clone(agg)
    with pytest.raises(Exception, match="not fitted"):
        fresh.transform([TWO])
    assert fresh.fit([TWO]) is fresh and fresh.encoder_ is not agg.encoder
    with pytest.raises(TypeError, match="index 0"):
        fresh.transform([None])


def test_encoder_with_wrong_shape_is_named():
    class Flat(Length):
        def transform(self, X):
            return np.zeros(len(X))

    agg = SentenceAggregate(Flat())
    with pytest.raises(ValueError, match="Flat.transform returned shape"):
        agg.fit([TWO]).transform([TWO])
