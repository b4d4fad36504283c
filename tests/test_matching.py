"""Study B's pattern matchers: the paper's linear search, its bidimensional hash search and the integer-key
matcher must return the same frame for every pattern set and SEP list."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mhtext.patterns.matching import (
    MAX_PATTERN_LENGTH,
    BHSMatcher,
    FastMatcher,
    LinearMatcher,
    synthesize_patterns,
    time_per_user,
    windows,
)

MATCHERS = (LinearMatcher, BHSMatcher, FastMatcher)
ALPHABET = ("anger", "fear", "hope", "joy")
DISORDERS = ("anxiety", "bipolar", "ocd")
UNKNOWN = "zest"  # in no pattern set below: a SEP holding it must match nothing


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["pattern", "disorder", "intensity"])


@st.composite
def pattern_sets(draw) -> pd.DataFrame:
    """Distinct patterns over a small alphabet, each carrying a non-empty set of disorders."""
    pats = draw(st.lists(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=5).map(tuple),
                         min_size=1, max_size=25, unique=True))
    rows = []
    for p in pats:
        for d in draw(st.lists(st.sampled_from(DISORDERS), min_size=1, max_size=3, unique=True)):
            rows.append((p, d, draw(st.floats(0, 5, allow_nan=False))))
    shuffled = draw(st.permutations(rows))
    return frame(shuffled)


@st.composite
def cases(draw) -> tuple[pd.DataFrame, dict[str, list[tuple[str, ...]]]]:
    patterns = draw(pattern_sets())
    known = patterns["pattern"].tolist()
    # SEPs: copies of patterns (hits), random tuples up to one longer than any pattern (mostly misses,
    # including prefixes and extensions of patterns), tuples with an unknown emotion, and empty tuples.
    sep = st.one_of(st.sampled_from(known),
                    st.lists(st.sampled_from(ALPHABET), min_size=0, max_size=6).map(tuple),
                    st.lists(st.sampled_from((*ALPHABET, UNKNOWN)), min_size=1, max_size=4).map(tuple))
    users = draw(st.dictionaries(st.sampled_from(["u1", "u2", "u3", "u4"]), st.lists(sep, max_size=12),
                                 max_size=4))
    return patterns, users


@settings(max_examples=150, deadline=None)
@given(cases())
def test_three_matchers_return_identical_frames(case):
    patterns, users = case
    matchers = [cls(patterns) for cls in MATCHERS]
    for seps in users.values():
        linear, bhs, fast = (m.match(seps) for m in matchers)
        pd.testing.assert_frame_equal(linear, bhs)
        pd.testing.assert_frame_equal(linear, fast)
        # The order contract, checked against a sort rather than against another matcher.
        assert linear.equals(linear.sort_values(["sep", "disorder"], ignore_index=True))
        # Every row is a real match: the SEP equals a pattern carrying that disorder and intensity.
        truth = {(p, d): s for p, d, s in patterns.itertuples(index=False)}
        for r in fast.itertuples(index=False):
            assert truth[(tuple(seps[r.sep]), r.disorder)] == r.intensity
        assert len(fast) == sum(tuple(s) == p for s in seps for p in patterns["pattern"])
    many = [m.match_many(users, progress=False) for m in matchers]
    pd.testing.assert_frame_equal(many[0], many[1])
    pd.testing.assert_frame_equal(many[0], many[2])
    # match_many is per-user match with a user column in front.
    per_user = [matchers[2].match(seps).assign(user=u)[["user", "sep", "disorder", "intensity"]]
                for u, seps in users.items()]
    if per_user:
        expected = pd.concat(per_user, ignore_index=True)
        pd.testing.assert_frame_equal(many[2], expected, check_dtype=False)
    else:
        assert many[2].empty and list(many[2].columns) == ["user", "sep", "disorder", "intensity"]


@settings(max_examples=100, deadline=None)
@given(pattern_sets(), st.dictionaries(st.integers(0, 9), st.lists(st.sampled_from((*ALPHABET, UNKNOWN)), max_size=16),
                                     max_size=5),
    st.sampled_from([1, 2, 3, 4, 12]), st.booleans(), st.sampled_from([1, 7, 200_000]))
def test_match_sequences_equals_match_many_on_windows(patterns, sequences, max_len, itemset, chunk_items):
    if itemset:  # itemset patterns are sorted sets; their windows can be longer than the pattern
        patterns = patterns.assign(pattern=patterns["pattern"].map(lambda p: tuple(sorted(set(p)))))
        patterns = patterns.drop_duplicates(["pattern", "disorder"])
    fast = FastMatcher(patterns)
    expected = BHSMatcher(patterns).match_many({u: windows(s, max_len, itemset=itemset) for u, s in sequences.items()},
                                               progress=False)
    got = fast.match_sequences(sequences, max_len, itemset=itemset, chunk_items=chunk_items)
    pd.testing.assert_frame_equal(got, expected)


def test_match_sequences_on_itemsets_matches_windows_longer_than_any_pattern():
    seq = ["joy", "fear", "joy", "joy", UNKNOWN, "fear", "joy"]
    got = FastMatcher(frame([(("fear", "joy"), "ocd", 1.0)])).match_sequences({"u": seq}, max_len=4, itemset=True)
    sets, raw = windows(seq, 4, itemset=True), windows(seq, 4)
    assert got["sep"].tolist() == [i for i, w in enumerate(sets) if w == ("fear", "joy")]
    assert max(len(raw[i]) for i in got["sep"]) == 4  # ("joy", "fear", "joy", "joy") is the set {fear, joy}


def test_a_pattern_with_several_disorders_yields_one_row_each_sorted_by_disorder():
    patterns = frame([(("joy", "fear"), "ocd", 0.3), (("joy", "fear"), "anxiety", 0.9), (("joy",), "bipolar", 0.5)])
    seps = [("fear",), ("joy", "fear"), ("joy",), ("joy", "fear", "joy")]
    for cls in MATCHERS:
        got = cls(patterns).match(seps)
        assert got.to_dict("list") == {"sep": [1, 1, 2], "disorder": ["anxiety", "ocd", "bipolar"],
                                       "intensity": [0.9, 0.3, 0.5]}, cls.__name__
        pd.testing.assert_frame_equal(cls(patterns).match([list(s) for s in seps]), got)  # lists as SEPs


def test_unknown_emotion_does_not_alias_a_shorter_pattern():
    # Coded naively as the padding digit, ("joy", UNKNOWN) would get the key of ("joy",).
    patterns = frame([(("joy",), "ocd", 1.0), (("anger", "joy"), "ocd", 2.0)])
    for cls in MATCHERS:
        assert cls(patterns).match([("joy", UNKNOWN), (UNKNOWN, "joy"), (UNKNOWN,), ()]).empty, cls.__name__


def test_match_many_keeps_users_in_mapping_order_and_handles_empty_users():
    patterns = frame([(("joy",), "ocd", 1.0), (("fear",), "anxiety", 2.0)])
    users = {"z": [("fear",)], "a": [], "m": [("joy",), ("fear",)]}
    for cls in MATCHERS:
        got = cls(patterns).match_many(users, progress=False)
        assert got["user"].tolist() == ["z", "m", "m"], cls.__name__
        assert got["sep"].tolist() == [0, 0, 1], cls.__name__


@pytest.mark.parametrize("length", [0, 1, 2, 5, 11, 12, 13, 40])
def test_windows_counts(length):
    seq = [ALPHABET[i % 4] for i in range(length)]
    got = windows(seq)
    assert len(got) == sum(length - k + 1 for k in range(1, min(length, MAX_PATTERN_LENGTH) + 1))
    assert max(map(len, got), default=0) == min(length, MAX_PATTERN_LENGTH)


def test_windows_content_duplicates_and_itemsets():
    seq = ["joy", "fear", "joy"]
    assert windows(seq) == [("joy",), ("joy", "fear"), ("joy", "fear", "joy"), ("fear",), ("fear", "joy"),
                            ("joy",)]
    assert windows(seq, max_len=2) == [("joy",), ("joy", "fear"), ("fear",), ("fear", "joy"), ("joy",)]
    assert windows(seq, itemset=True) == [("joy",), ("fear", "joy"), ("fear", "joy"), ("fear",), ("fear", "joy"),
                                          ("joy",)]
    assert windows([]) == []
    with pytest.raises(ValueError, match="at least 1"):
        windows(seq, max_len=0)


@pytest.mark.parametrize("cls", MATCHERS)
def test_duplicate_pattern_disorder_is_refused(cls):
    patterns = frame([(("joy",), "ocd", 1.0), (("fear",), "ocd", 1.0), (("joy",), "ocd", 0.5)])
    with pytest.raises(ValueError, match=r"duplicate \(pattern, disorder\) \(\('joy',\), 'ocd'\) in rows \[0, 2\]"):
        cls(patterns)


@pytest.mark.parametrize("cls", MATCHERS)
def test_empty_pattern_set_is_refused(cls):
    with pytest.raises(ValueError, match="miner found no patterns; lower min_support"):
        cls(frame([]))


@pytest.mark.parametrize("cls", MATCHERS)
def test_pattern_longer_than_the_hash_table_is_refused(cls):
    patterns = frame([(("joy",), "ocd", 1.0), (("joy",) * (MAX_PATTERN_LENGTH + 1), "ocd", 1.0)])
    with pytest.raises(ValueError, match=f"row 1: .* has {MAX_PATTERN_LENGTH + 1} emotions"):
        cls(patterns)
    with pytest.raises(ValueError, match="lacks column"):
        cls(patterns.drop(columns="intensity"))
    with pytest.raises(ValueError, match="row 0: pattern 'joy' is a str"):
        cls(frame([("joy", "ocd", 1.0)]))


def test_fast_matcher_refuses_an_alphabet_whose_keys_overflow_int64():
    # 38 ** 12 < 2 ** 63 < 39 ** 12: 37 emotions is the most that patterns of 12 can be packed with.
    emotions = [f"e{i:02d}" for i in range(38)]
    long_pattern = frame([(tuple(emotions[:MAX_PATTERN_LENGTH]), "ocd", 1.0)] +
                         [((e,), "ocd", 1.0) for e in emotions])
    with pytest.raises(ValueError, match=r"V=38 emotions and patterns of up to 12 .* at most 37 emotions"):
        FastMatcher(long_pattern)
    # The limit is exact: 37 emotions at length 12 fit, and so do 38 when patterns are shorter.
    FastMatcher(long_pattern.iloc[:-1])
    FastMatcher(long_pattern.iloc[1:])
    assert BHSMatcher(long_pattern).match([tuple(emotions[:MAX_PATTERN_LENGTH])])["sep"].tolist() == [0]


def test_fast_matcher_on_the_largest_alphabet_keeps_every_key_distinct():
    rng = np.random.default_rng(0)
    emotions = [f"e{i:02d}" for i in range(37)]
    pats = sorted({tuple(rng.choice(emotions, size=rng.integers(1, MAX_PATTERN_LENGTH + 1))) for _ in range(3000)})
    pats.append((emotions[-1],) * MAX_PATTERN_LENGTH)  # the largest key
    patterns = frame([(p, "ocd", 1.0) for p in pats])
    fast, bhs = FastMatcher(patterns), BHSMatcher(patterns)
    assert len(fast.keys_) == len(patterns) and fast.keys_[-1] > 0
    seps = pats + [p[:-1] for p in pats] + [p + ("e00",) for p in pats]
    pd.testing.assert_frame_equal(fast.match(seps), bhs.match(seps))
    # Sequences made of two patterns: their windows hold both, their prefixes and straddling tuples.
    sequences = {i: [*pats[i], *pats[-1 - i]] for i in range(300)}
    expected = bhs.match_many({i: windows(s) for i, s in sequences.items()}, progress=False)
    assert len(expected) >= 300
    pd.testing.assert_frame_equal(fast.match_sequences(sequences), expected)


def test_bhs_table_shape_counts_lengths_and_initial_emotions():
    patterns = frame([(("joy",), "ocd", 1.0), (("joy", "fear"), "ocd", 1.0), (("fear", "joy", "joy"), "ocd", 1.0),
                      (("fear", "joy", "joy"), "anxiety", 1.0)])
    bhs = BHSMatcher(patterns)
    assert bhs.table_shape() == (3, 2)
    assert bhs.table_[(3, "fear")][("fear", "joy", "joy")] == [("anxiety", 1.0), ("ocd", 1.0)]


def test_synthesize_patterns_is_seeded_unique_and_shaped():
    a = synthesize_patterns(3000, seed=1)
    pd.testing.assert_frame_equal(a, synthesize_patterns(3000, seed=1))
    assert not a.equals(synthesize_patterns(3000, seed=2))
    assert len(a) == 3000 and not a.duplicated(["pattern", "disorder"]).any()
    assert a["pattern"].duplicated().any()  # some patterns carry several disorders
    lengths = a["pattern"].map(len).value_counts()
    assert lengths.idxmax() in (3, 4, 5) and lengths.index.max() <= MAX_PATTERN_LENGTH
    only_two = synthesize_patterns(20, lengths=[0, 1], emotions=["a", "b", "c", "d"], disorders=["x", "y"])
    assert set(only_two["pattern"].map(len)) == {2}
    with pytest.raises(ValueError, match="only 32 distinct"):
        synthesize_patterns(33, lengths=[0, 1], emotions=["a", "b", "c", "d"], disorders=["x", "y"])


def test_time_per_user_reports_a_median_per_user():
    patterns = synthesize_patterns(500, seed=0)
    users = {u: windows(np.random.default_rng(u).choice(["joy", "fear", "hope"], size=10).tolist()) for u in range(5)}
    out = time_per_user(FastMatcher(patterns), users, repeats=3)
    assert out["matcher"] == "FastMatcher" and out["n_users"] == 5 and out["n_items"] == len(users[0])
    assert len(out["seconds"]) == 3 and out["seconds_per_user"] == pytest.approx(np.median(out["seconds"]) / 5)
    seqs = {u: ["joy", "fear"] * u for u in range(1, 4)}
    out = time_per_user(FastMatcher(patterns), seqs, repeats=1, method="match_sequences")
    assert out["method"] == "match_sequences" and out["n_items"] == 4
    with pytest.raises(ValueError, match="BHSMatcher has no such method"):
        time_per_user(BHSMatcher(patterns), seqs, method="match_sequences")
