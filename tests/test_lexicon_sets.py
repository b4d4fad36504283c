"""Study D's lexicon feature sets: hand-checked values, names and counts, bad input (their speed: benchmarks/long_posts.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion

from mhtext.features.lexicon_sets import (
    EmpathCategories,
    GeneralInquirerCategories,
    LiwcCategories,
    VaderSentences,
    drop_constant,
    feature_counts,
    gi_categories,
)
from mhtext.published import lookup

POSITIVE = "I love this forum. Everyone here is wonderful and kind!"
NEGATIVE = "I hate everything. I feel awful and hopeless."
MIXED = "I hate mondays. But I love my friends."
LONG_SENTENCES = ". ".join(["I feel very sad today and nobody cares about me"] * 1000)  # 10,000 words
LONG_RUN_ON = " ".join(["I", "feel", "very", "sad", "today"] * 2000)  # 10,000 words, no punctuation
BAD_INPUTS = ["", "   \n ", "😊😊", "😭", "...", "sad", LONG_SENTENCES, LONG_RUN_ON]

DIC = """%
1\tposemo
2\tnegemo
3\tpronoun
%
happ*\t1
love\t1
sad\t2
hate\t2
i\t3
"""


@pytest.fixture(scope="module")
def vader():
    return VaderSentences().fit()


@pytest.fixture(scope="module")
def empath():
    return EmpathCategories().fit()


@pytest.fixture(scope="module")
def gi():
    return GeneralInquirerCategories().fit()


@pytest.fixture
def dic(tmp_path):
    path = tmp_path / "tiny.dic"
    path.write_text(DIC, encoding="utf-8")
    return path


def column(t, X, name):
    return X[:, list(t.get_feature_names_out()).index(name)]


# --- VADER ---------------------------------------------------------------------------------------------------


def test_vader_names_and_count_match_the_paper(vader):
    names = list(vader.get_feature_names_out())
    assert names[:3] == ["vader_compound_mean", "vader_compound_max", "vader_compound_min"]
    assert len(names) == len(set(names)) == lookup("clpsych-benchmark", "table1.vader.feature_count") == 12
    assert vader.transform([POSITIVE]).shape == (1, 12)


def test_vader_sign_and_ordering(vader):
    X = vader.transform([POSITIVE, NEGATIVE, MIXED])
    mean, top, low = (column(vader, X, f"vader_compound_{a}") for a in ("mean", "max", "min"))
    assert mean[0] > 0.3 and top[0] > 0.3  # clearly positive
    assert mean[1] < -0.3  # clearly negative
    assert low[2] < 0 < top[2]  # one negative and one positive sentence
    for s in ("compound", "pos", "neu", "neg"):
        m, hi, lo = (column(vader, X, f"vader_{s}_{a}") for a in ("mean", "max", "min"))
        assert np.all(hi >= m - 1e-12) and np.all(m >= lo - 1e-12)


def test_vader_hand_checked_sentence_mean(vader):
    # Two sentences scored by VADER one at a time: the mean is their average, the max and min the extremes.
    a = vader.analyzer_.polarity_scores("I hate mondays")["compound"]
    b = vader.analyzer_.polarity_scores("But I love my friends")["compound"]
    X = vader.transform([MIXED])
    assert column(vader, X, "vader_compound_mean")[0] == pytest.approx((a + b) / 2)
    assert column(vader, X, "vader_compound_max")[0] == pytest.approx(max(a, b))
    assert column(vader, X, "vader_compound_min")[0] == pytest.approx(min(a, b))


def test_vader_one_sentence_post_has_equal_aggregates(vader):
    X = vader.transform(["sad"])
    assert column(vader, X, "vader_compound_mean")[0] < 0
    assert np.allclose(X.reshape(4, 3), X.reshape(4, 3)[:, :1])  # mean == max == min per score


def test_vader_aggregate_subset_and_validation():
    t = VaderSentences(aggregate=("max",)).fit()
    assert list(t.get_feature_names_out()) == ["vader_compound_max", "vader_pos_max", "vader_neu_max", "vader_neg_max"]
    assert VaderSentences(aggregate="mean").fit().transform([POSITIVE]).shape == (1, 4)
    for bad in (("median",), ("mean", "mean"), ()):
        with pytest.raises(ValueError, match="aggregate"):
            VaderSentences(aggregate=bad).fit()


def test_vader_custom_splitter_is_used():
    whole = VaderSentences(splitter=lambda text: [text]).fit().transform([MIXED])
    assert np.allclose(whole.reshape(4, 3), whole.reshape(4, 3)[:, :1])  # one "sentence"


def test_vader_empty_and_emoji_posts(vader):
    X = vader.transform(["", "   ", "😊😊", "😭", "..."])
    assert np.all(X[:2] == 0)  # VADER of empty text: every score 0
    compound = column(vader, X, "vader_compound_mean")
    assert compound[2] > 0 and compound[3] < 0  # emoji are in VADER's lexicon
    assert column(vader, X, "vader_neu_mean")[4] == 1.0  # punctuation only: VADER of the whole text


def test_vader_long_run_on_post_is_scored_in_pieces(vader, monkeypatch):
    # VADER's time grows faster than linearly with a sentence's length (benchmarks/long_posts.py measures by how
    # much), so no piece it scores may exceed max_sentence_words, and every word is scored once.
    seen: list[str] = []
    score = vader.analyzer_.polarity_scores
    monkeypatch.setattr(vader.analyzer_, "polarity_scores", lambda s: seen.append(s) or score(s))
    X = vader.transform([LONG_RUN_ON])
    assert max(len(s.split()) for s in seen) <= vader.max_sentence_words
    assert " ".join(seen).split() == LONG_RUN_ON.split()
    assert column(vader, X, "vader_compound_mean")[0] < 0
    with pytest.raises(ValueError, match="max_sentence_words"):
        VaderSentences(max_sentence_words=0).fit()


# --- Empath --------------------------------------------------------------------------------------------------


def test_empath_names_count_and_values(empath):
    from empath import Empath

    names = list(empath.get_feature_names_out())
    assert len(names) == len(set(names)) == 194  # the paper's Table 1 says 195
    assert all(n.startswith("empath_") for n in names)
    X = empath.transform(["he hit the other person", "I am so happy today"])
    expected = Empath().analyze("he hit the other person", normalize=True)
    assert column(empath, X, "empath_violence")[0] == pytest.approx(expected["violence"]) == pytest.approx(0.2)
    assert column(empath, X, "empath_positive_emotion")[1] > 0
    assert np.all((X >= 0) & (X <= 1))


def test_empath_raw_counts():
    X = EmpathCategories(normalize=False).fit().transform(["happy happy sad"])
    assert X.max() >= 2 and np.all(X == np.round(X))


# --- General Inquirer and LIWC -------------------------------------------------------------------------------


def test_gi_all_categories_by_default(gi):
    names = list(gi.get_feature_names_out())
    assert len(names) == len(set(names)) == len(gi_categories()) == 182
    assert names[:2] == ["gi_Positiv", "gi_Negativ"] and "gi_Kin@" in names


def test_gi_shares_hand_checked():
    t = GeneralInquirerCategories(categories=["Positiv", "Negativ"]).fit()
    # 4 tokens: "happy" is Positiv; "awful" is Negativ; "the", "cat" are neither.
    X = t.transform(["happy the awful cat", "happy happy happy happy"])
    assert X[0].tolist() == [0.25, 0.25]
    assert X[1].tolist() == [1.0, 0.0]


def test_gi_rejects_unknown_category():
    with pytest.raises(ValueError, match="NoSuchCategory"):
        GeneralInquirerCategories(categories=["Positiv", "NoSuchCategory"]).fit()


def test_liwc_from_a_users_dic(dic):
    t = LiwcCategories(dic).fit()
    assert list(t.get_feature_names_out()) == ["liwc_posemo", "liwc_negemo", "liwc_pronoun"]
    X = t.transform(["I am happy", "", "I hate sad days"])
    assert np.allclose(X, [[1 / 3, 0, 1 / 3], [0, 0, 0], [0, 2 / 4, 1 / 4]])
    with pytest.raises(TypeError, match="index 1"):
        t.transform(["ok", None])


# --- all sets: bad input, sklearn behaviour ------------------------------------------------------------------


@pytest.fixture(params=["vader", "empath", "gi"])
def any_set(request):
    return request.getfixturevalue(request.param)


def test_bad_inputs_give_finite_rows(any_set):
    X = any_set.transform(BAD_INPUTS)
    assert X.shape == (len(BAD_INPUTS), len(any_set.get_feature_names_out()))
    assert X.dtype == float and np.isfinite(X).all()
    assert any_set.transform([]).shape == (0, X.shape[1])


def test_empty_posts_give_zeros_for_word_lexicons(empath, gi):
    for t in (empath, gi):
        assert np.all(t.transform(["", "  ", "😊😊"]) == 0)  # Empath and GI know no emoji


@pytest.mark.parametrize("bad, index", [(["ok", None], 1), ([3.5], 0), (["a", "b", float("nan")], 2)])
def test_non_string_post_names_its_index(any_set, bad, index):
    with pytest.raises(TypeError, match=f"index {index}"):
        any_set.transform(bad)


def test_whole_string_or_frame_is_refused(any_set):
    with pytest.raises(TypeError, match="one string"):
        any_set.transform("a whole post")
    with pytest.raises(TypeError, match="text column"):
        any_set.transform(pd.DataFrame({"text": ["a"]}))
    assert any_set.transform(pd.Series([POSITIVE, "sad"])).shape[0] == 2


def test_fit_returns_self_and_transform_needs_fit():
    for t in (VaderSentences(), EmpathCategories(), GeneralInquirerCategories()):
        fresh = clone(t)
        with pytest.raises(Exception, match="not fitted"):
            fresh.transform(["x"])
        assert fresh.fit([POSITIVE]) is fresh


def test_feature_union_names_are_unique(vader, empath, gi):
    union = FeatureUnion([("vader", VaderSentences()), ("empath", EmpathCategories()),
                          ("gi", GeneralInquirerCategories())]).fit([POSITIVE])
    names = union.get_feature_names_out()
    assert len(names) == len(set(names)) == 12 + 194 + 182
    assert union.transform([POSITIVE, NEGATIVE]).shape == (2, len(names))


# --- counts beside the paper ---------------------------------------------------------------------------------


def test_feature_counts_beside_paper(dic):
    table = feature_counts().set_index("feature_set")
    assert table.loc["vader", ["ours", "published"]].tolist() == [12, 12]
    assert table.loc["empath", ["ours", "published"]].tolist() == [194, 195]
    assert table.loc["liwc", ["ours", "published"]].tolist() == [182, 70]
    assert feature_counts(dic).set_index("feature_set").loc["liwc", "ours"] == 3


# --- drop_constant -------------------------------------------------------------------------------------------


def test_drop_constant():
    X = np.array([[0.0, 1.0, 5.0, 0.0], [0.0, 2.0, 5.0, 0.1]])
    kept_X, kept, dropped = drop_constant(X, ["a", "b", "c", "d"])
    assert dropped == ["a", "c"] and list(kept) == ["b", "d"]
    assert kept_X.tolist() == [[1.0, 0.0], [2.0, 0.1]]
    with pytest.raises(ValueError, match="one name per column"):
        drop_constant(X, ["a", "b"])
    with pytest.raises(ValueError, match="at least one row"):
        drop_constant(np.zeros((0, 3)), ["a", "b", "c"])


def test_drop_constant_on_real_features(gi):
    X = gi.transform([POSITIVE, NEGATIVE, MIXED])
    kept_X, kept, dropped = drop_constant(X, gi.get_feature_names_out())
    assert len(kept) + len(dropped) == 182 and len(dropped) > 100  # three posts touch few GI categories
    assert np.all(kept_X.std(axis=0) > 0)


def test_empath_counts_equal_empaths_own_analyze():
    """The index built once in fit gives exactly what ``Empath.analyze`` gives post by post."""
    from empath import Empath

    posts = ["i feel so happy and calm today", "Angry angry ANGRY at the hospital bills", "", "   ",
             "the dog ran to the park with my family and friends", "death funeral grief sad sad"]
    ref = Empath()
    for normalize in (True, False):
        est = EmpathCategories(normalize=normalize).fit()
        got = est.transform(posts)
        for i, text in enumerate(posts):
            counts = ref.analyze(text, normalize=normalize)
            want = np.zeros(len(est.categories_)) if counts is None else np.array([counts[c] for c in est.categories_])
            np.testing.assert_allclose(got[i], want, err_msg=f"post {i}, normalize={normalize}")
