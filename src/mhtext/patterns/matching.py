"""Matching a user's sequential emotion patterns (SEPs) against a mined pattern set.

The MDI-Model (study B, Section 5) looks up every SEP of a user in the pattern intensity set and collects
the (disorder, intensity) of each pattern it equals. The paper gives two ways and we add a third:

``LinearMatcher``
    Algorithm 2, lines 4-15: compare every SEP with every pattern (the paper's 0.8 s-per-user baseline).
``BHSMatcher``
    Algorithm 3, the bidimensional hash search: an outer table keyed by (pattern length q, initial emotion c),
    whose blocks are inner tables keyed by the whole pattern (the paper's 0.2 s per user).
``FastMatcher``
    Ours: every pattern packed into one int64 key; the SEPs of all users looked up at once (a C-level dict
    lookup per SEP tuple, or, from the emotion sequences, numpy-computed window keys looked up in a hash of
    the pattern keys) and their hits expanded with numpy.

All three return the same frame (the property test in ``tests/test_matching.py`` holds them to it):
columns ``sep`` (index into the SEP list), ``disorder``, ``intensity``; one row per (SEP, matching pattern
row); sorted by (sep, disorder). ``match_many`` adds a ``user`` column first, users in the mapping's order.

A *pattern set* is a DataFrame with columns ``pattern`` (tuple of emotion names, length 1 to 12),
``disorder`` and ``intensity``; one row per (pattern, disorder). Extra columns are ignored.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, repeat

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from mhtext.emotion import DISORDERS, EMOTIONS
from mhtext.published import lookup

#: Longest pattern the MDI-Model's hash table holds (the 12 rows of its 12 x 14 table, Section 5.4).
MAX_PATTERN_LENGTH = int(lookup("mdi-patterns", "bhs.table.max_pattern_length"))
#: Size of the paper's pattern intensity set (Section 5.4); the benchmark's default pattern count.
N_PAPER_PATTERNS = int(lookup("mdi-patterns", "bhs.n_patterns"))

#: Default length distribution of ``synthesize_patterns`` for lengths 1..12: peaked at 3-5 emotions, as
#: frequent-itemset mining at a moderate support yields (few long patterns survive the support threshold).
#: Not from the paper, which does not publish its length distribution.
DEFAULT_LENGTH_PROBS = (0.01, 0.08, 0.20, 0.24, 0.20, 0.12, 0.07, 0.04, 0.02, 0.01, 0.005, 0.005)

_INT64_MAX = np.iinfo(np.int64).max


# --------------------------------------------------------------------------------------------- inputs


def windows(sequence: Sequence[str], max_len: int = MAX_PATTERN_LENGTH, *, itemset: bool = False
            ) -> list[tuple[str, ...]]:
    """All contiguous windows of length 1..``max_len`` of a user's emotion sequence.

    Parameters
    ----------
    sequence : sequence of str
        One emotion per emotion-bearing tweet, in time order.
    max_len : int, default 12
        Longest window (the longest pattern the model holds).
    itemset : bool, default False
        Turn each window into ``tuple(sorted(set(window)))``, the canonical form of itemset patterns.

    Returns
    -------
    list of tuple of str
        Windows ordered by start position, then length. Duplicates are kept: the number of windows is the
        denominator of the matched-pattern ratio. A sequence of length L gives
        ``sum(L - k + 1 for k in 1..min(L, max_len))`` windows; an empty sequence gives ``[]``.
    """
    if max_len < 1:
        raise ValueError(f"windows(max_len={max_len}): the longest window must be at least 1 emotion")
    seq = tuple(sequence)
    n = len(seq)
    out = [seq[i:i + k] for i in range(n) for k in range(1, min(max_len, n - i) + 1)]
    if itemset:
        out = [tuple(sorted(set(w))) for w in out]
    return out


def validate_patterns(patterns: pd.DataFrame) -> pd.DataFrame:
    """Check a pattern set and return its ``pattern``, ``disorder``, ``intensity`` columns, normalised.

    Patterns become tuples of str, disorders str, intensities float; the row order is kept.

    Raises
    ------
    ValueError
        If a column is missing, the set is empty, a pattern is a bare str, empty, longer than
        ``MAX_PATTERN_LENGTH`` or holds a non-str, or a (pattern, disorder) pair occurs twice.
    """
    missing = [c for c in ("pattern", "disorder", "intensity") if c not in patterns.columns]
    if missing:
        raise ValueError(f"pattern set lacks column(s) {missing}; it has {list(patterns.columns)}")
    if len(patterns) == 0:
        raise ValueError("pattern set is empty: the miner found no patterns; lower min_support "
                         "(or min_confidence) and mine again")
    strings = [label for label, p in patterns["pattern"].items() if isinstance(p, str)]
    if strings:  # tuple("joy") would silently be a pattern of three letters
        raise ValueError(f"pattern set row {strings[0]!r}: pattern {patterns['pattern'][strings[0]]!r} is a str; "
                         "a pattern is a tuple of emotion names, e.g. ('joy',)")
    pats = [tuple(p) for p in patterns["pattern"]]
    bad = [(label, p) for label, p in zip(patterns.index, pats, strict=True)
           if not 1 <= len(p) <= MAX_PATTERN_LENGTH or not all(isinstance(e, str) for e in p)]
    if bad:
        label, p = bad[0]
        raise ValueError(f"pattern set row {label!r}: pattern {p!r} has {len(p)} emotions; patterns must be "
                         f"1 to {MAX_PATTERN_LENGTH} emotion names (str) ({len(bad)} such rows); "
                         f"mine with a maximum length of {MAX_PATTERN_LENGTH}")
    out = pd.DataFrame({"pattern": pd.Series(pats, index=patterns.index, dtype=object),
                        "disorder": patterns["disorder"].astype(str),
                        "intensity": patterns["intensity"].astype(float)})
    dup = out.duplicated(["pattern", "disorder"], keep=False)
    if dup.any():
        first = out[dup].iloc[0]
        labels = out.index[dup & (out["pattern"] == first["pattern"]) & (out["disorder"] == first["disorder"])]
        raise ValueError(f"pattern set has duplicate (pattern, disorder) {(first['pattern'], first['disorder'])!r} "
                         f"in rows {list(labels)} ({int(dup.sum())} rows in duplicated pairs); keep one row per "
                         "(pattern, disorder), e.g. the maximum intensity, as the miner's Step 5 does")
    return out.reset_index(drop=True)


def _hits_frame(sep, disorder, intensity) -> pd.DataFrame:
    if not isinstance(disorder, pd.api.extensions.ExtensionArray):
        disorder = pd.array(np.asarray(disorder, dtype=object), dtype="str")
    return pd.DataFrame({"sep": np.asarray(sep, dtype=np.int64), "disorder": disorder,
                         "intensity": np.asarray(intensity, dtype=np.float64)})


def _with_users(users: pd.Index, user_pos, hits: pd.DataFrame) -> pd.DataFrame:
    hits.insert(0, "user", users.take(np.asarray(user_pos, dtype=np.int64)).to_numpy())
    return hits


def _as_list(seps: Iterable[tuple[str, ...]]) -> Sequence[tuple[str, ...]]:
    return seps if isinstance(seps, list | tuple) else list(seps)


# ------------------------------------------------------------------------------------------- matchers


class _Matcher:
    """Shared interface: build an index in ``__init__``, then ``match`` and ``match_many``.

    Subclasses implement ``_hits(seps) -> (sep indices, disorders, intensities)`` already in (sep, disorder)
    order: their pattern rows are sorted by disorder when the index is built, and all rows that one SEP
    matches share its pattern, so they differ only in disorder.
    """

    def __init__(self, patterns: pd.DataFrame):
        # Sorting by disorder once here spares every match a sort (see the class docstring).
        self.patterns_ = validate_patterns(patterns).sort_values("disorder", kind="stable", ignore_index=True)

    def _hits(self, seps: Sequence[tuple[str, ...]]):
        raise NotImplementedError

    def match(self, seps: Sequence[tuple[str, ...]]) -> pd.DataFrame:
        """Every (SEP, pattern row) pair whose tuples are equal.

        Parameters
        ----------
        seps : sequence of tuple of str
            One user's sequential emotion patterns.

        Returns
        -------
        pandas.DataFrame
            Columns ``sep`` (int, position in ``seps``), ``disorder``, ``intensity``; sorted by (sep, disorder).
        """
        return _hits_frame(*self._hits(_as_list(seps)))

    def match_many(self, user_seps: Mapping[object, Sequence[tuple[str, ...]]], *, progress: bool = True
                   ) -> pd.DataFrame:
        """``match`` for every user: columns ``user``, ``sep``, ``disorder``, ``intensity``.

        Users keep the mapping's order; within a user rows are sorted by (sep, disorder).
        """
        users = pd.Index(list(user_seps))
        user_pos, sep_idx, labels, intensities = [], [], [], []
        for pos, seps in enumerate(tqdm(user_seps.values(), total=len(users), desc=type(self).__name__,
                                        leave=False, disable=not progress)):
            sep, lab, ps = self._hits(_as_list(seps))
            user_pos.append(np.full(len(sep), pos, dtype=np.int64))
            sep_idx.extend(sep)
            labels.extend(lab)
            intensities.extend(ps)
        user_pos = np.concatenate(user_pos) if user_pos else np.zeros(0, dtype=np.int64)
        return _with_users(users, user_pos, _hits_frame(sep_idx, labels, intensities))


class LinearMatcher(_Matcher):
    """The paper's baseline, Algorithm 2 lines 4-15: every SEP compared with every pattern row.

    O(len(seps) x len(patterns)) tuple comparisons in pure Python; slow by design.

    Parameters
    ----------
    patterns : pandas.DataFrame
        The pattern set (``pattern``, ``disorder``, ``intensity``).
    """

    def __init__(self, patterns: pd.DataFrame):
        super().__init__(patterns)
        # The pattern intensity set PIS as three parallel lists, indexed by j as in the pseudo code.
        self.pis_ = self.patterns_["pattern"].tolist()
        self.labels_ = self.patterns_["disorder"].tolist()
        self.intensities_ = self.patterns_["intensity"].tolist()

    def _hits(self, seps):
        pis, labels, intensities = self.pis_, self.labels_, self.intensities_
        n, m = len(seps), len(pis)
        sep_idx, lab, ps = [], [], []
        for i in range(n):
            sep = tuple(seps[i])
            for j in range(m):
                if sep == pis[j]:
                    sep_idx.append(i)
                    lab.append(labels[j])
                    ps.append(intensities[j])
        return sep_idx, lab, ps


class BHSMatcher(_Matcher):
    """Algorithm 3, the bidimensional hash search.

    The outer ("horizontal") table ``table_`` maps (pattern length q, initial emotion c) to an inner
    ("vertical") table mapping the pattern tuple to its list of (disorder, intensity), one per disorder
    the pattern was mined for.

    Parameters
    ----------
    patterns : pandas.DataFrame
        The pattern set (``pattern``, ``disorder``, ``intensity``).
    """

    def __init__(self, patterns: pd.DataFrame):
        super().__init__(patterns)
        table: dict[tuple[int, str], dict[tuple[str, ...], list[tuple[str, float]]]] = {}
        for pat, lab, ps in zip(self.patterns_["pattern"], self.patterns_["disorder"], self.patterns_["intensity"],
                                strict=True):
            table.setdefault((len(pat), pat[0]), {}).setdefault(pat, []).append((lab, float(ps)))
        self.table_ = table

    def table_shape(self) -> tuple[int, int]:
        """(number of distinct pattern lengths, number of distinct initial emotions): the paper's 12 x 14."""
        return len({q for q, _ in self.table_}), len({c for _, c in self.table_})

    def _hits(self, seps):
        table = self.table_
        sep_idx, lab, ps = [], [], []
        for j, sep in enumerate(seps):
            if not sep:
                continue
            if type(sep) is not tuple:
                sep = tuple(sep)
            block = table.get((len(sep), sep[0]))
            if block is None:
                continue
            for label, intensity in block.get(sep, ()):
                sep_idx.append(j)
                lab.append(label)
                ps.append(intensity)
        return sep_idx, lab, ps


class _Codes(dict):
    """Emotion -> code; an unknown emotion gets 0, the padding digit, which voids every window holding it."""

    def __missing__(self, key):
        return 0


class FastMatcher(_Matcher):
    """Vectorised matcher: patterns packed into int64 keys, hits expanded with numpy for all users at once.

    Emotions get codes 1..V (V = the pattern set's vocabulary, sorted by name); a tuple of length
    L <= ``max_len_`` becomes the base-(V+1) number with its codes as the leading digits and 0 as padding.
    Codes are never 0, so distinct tuples have distinct keys; the keys fit in int64 when
    ``(V+1) ** max_len_ <= 2**63`` (for patterns of up to 12 emotions: V <= 37), which is checked.

    Two ways in, one index:

    - ``match`` / ``match_many`` take SEP tuples. Each is looked up whole in a dict from pattern tuple to
      its position in ``keys_`` (one C-level hash per SEP), which is faster than coding every emotion of
      every SEP into a key: the per-emotion lookups would cost more than the search they feed.
    - ``match_sequences`` takes the users' emotion sequences, computes the keys of all their windows in
      numpy (one Python-level lookup per tweet) and finds them in a hash of ``keys_`` (``pd.Index``).

    A SEP with an emotion outside the vocabulary, or longer than the longest pattern, matches nothing.

    Parameters
    ----------
    patterns : pandas.DataFrame
        The pattern set (``pattern``, ``disorder``, ``intensity``).

    Attributes
    ----------
    vocabulary_ : tuple of str
        The emotions of the pattern set, sorted; the code of ``vocabulary_[i]`` is ``i + 1``.
    max_len_ : int
        The longest pattern.
    keys_ : numpy.ndarray of int64
        Sorted keys of the distinct patterns.
    offsets_ : numpy.ndarray of int64
        Rows ``offsets_[u]:offsets_[u + 1]`` (of ``row_disorder_``, ``row_intensity_``) belong to ``keys_[u]``,
        sorted by disorder.
    """

    def __init__(self, patterns: pd.DataFrame):
        super().__init__(patterns)
        pats = self.patterns_["pattern"].tolist()
        self.vocabulary_ = tuple(sorted(set(chain.from_iterable(pats))))
        self.max_len_ = max(map(len, pats))
        base = len(self.vocabulary_) + 1
        if base ** self.max_len_ - 1 > _INT64_MAX:
            largest = max(v for v in range(base) if (v + 1) ** self.max_len_ - 1 <= _INT64_MAX)
            raise ValueError(
                f"FastMatcher packs a pattern into one int64 as base-(V+1) digits, but V={base - 1} emotions and "
                f"patterns of up to {self.max_len_} emotions need (V+1)**{self.max_len_} = {base ** self.max_len_:.3g}"
                f" > 2**63; use at most {largest} emotions at this length, or BHSMatcher")
        self._codes = _Codes((e, i + 1) for i, e in enumerate(self.vocabulary_))
        # Left-aligned digits: position p of a tuple weighs base ** (max_len - 1 - p).
        self._weights = np.array([base ** (self.max_len_ - 1 - p) for p in range(self.max_len_)], dtype=np.int64)
        digits = np.zeros((len(pats), self.max_len_), dtype=np.int64)
        for i, pat in enumerate(pats):
            digits[i, :len(pat)] = [self._codes[e] for e in pat]
        keys = digits @ self._weights
        # Stable sort by key keeps the disorder order that _Matcher.__init__ gave the rows.
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        self.keys_, first = np.unique(sorted_keys, return_index=True)
        self.offsets_ = np.append(first, len(sorted_keys)).astype(np.int64)
        self._position = dict(zip(pats, np.searchsorted(self.keys_, keys).tolist(), strict=True))
        # A hash of the int64 keys finds the windows' keys several times faster than np.searchsorted, whose
        # binary search over ~10^5 keys misses the cache on every one of ~10^6 unsorted queries.
        self._key_index = pd.Index(self.keys_)
        names, codes = np.unique(self.patterns_["disorder"].to_numpy(dtype=object).astype(str), return_inverse=True)
        self._disorder_names = pd.array(names.astype(object), dtype="str")
        self.row_disorder_ = codes[order].astype(np.int64)
        self.row_intensity_ = self.patterns_["intensity"].to_numpy(dtype=np.float64)[order]

    def _expand(self, idx: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each hit ``idx[i]`` (of distinct pattern ``u[i]``) once per row of that pattern: (idx, pattern row)."""
        counts = self.offsets_[u + 1] - self.offsets_[u]
        ends = np.cumsum(counts)
        # Row r of the hits is pattern row offsets_[u] + (r - first hit row of that pattern).
        rows = np.repeat(self.offsets_[u] - (ends - counts), counts) + np.arange(int(ends[-1]) if len(ends) else 0)
        return np.repeat(idx, counts), rows

    def _hits(self, seps):
        """(sep index, disorder, intensity) of every hit, in SEP order and disorder order within a SEP."""
        n = len(seps)
        try:
            u = np.fromiter(map(self._position.get, seps, repeat(-1, n)), dtype=np.int64, count=n)
        except TypeError:  # unhashable SEPs (lists): as tuples
            u = np.fromiter(map(self._position.get, map(tuple, seps), repeat(-1, n)), dtype=np.int64, count=n)
        sep_idx = np.flatnonzero(u >= 0)
        sep_idx, rows = self._expand(sep_idx, u[sep_idx])
        return sep_idx, self._disorder_names.take(self.row_disorder_[rows]), self.row_intensity_[rows]

    def match_many(self, user_seps: Mapping[object, Sequence[tuple[str, ...]]], *, progress: bool = True
                   ) -> pd.DataFrame:
        """``match`` for every user at once: one pass over all their SEPs, one vectorised expansion."""
        users = pd.Index(list(user_seps))
        counts = np.fromiter(map(len, user_seps.values()), dtype=np.int64, count=len(users))
        sep_global, disorder, intensity = self._hits(list(chain.from_iterable(user_seps.values())))
        starts = np.cumsum(counts) - counts
        user_pos = np.repeat(np.arange(len(users), dtype=np.int64), counts)[sep_global]
        return _with_users(users, user_pos, _hits_frame(sep_global - starts[user_pos], disorder, intensity))

    def match_sequences(self, user_sequences: Mapping[object, Sequence[str]], max_len: int = MAX_PATTERN_LENGTH, *,
                        itemset: bool = False, chunk_items: int = 200_000) -> pd.DataFrame:
        """``match_many({u: windows(seq, max_len, itemset=itemset)})`` without building the windows.

        The keys of all windows are computed from the users' emotion sequences in numpy (a prefix sum of
        weighted codes along each start position), so only one code per tweet, not per window item, is looked
        up in Python. Same frame as ``match_many`` on the windows: ``sep`` indexes ``windows(seq, ...)``.

        Parameters
        ----------
        user_sequences : mapping of user id to sequence of str
            Each user's emotion sequence (one emotion per emotion-bearing tweet, in time order).
        max_len : int, default 12
            Longest window, as in ``windows``.
        itemset : bool, default False
            Canonicalise windows as ``tuple(sorted(set(window)))``, as in ``windows``.
        chunk_items : int, default 200,000
            Users are processed in chunks of about this many tweets, to bound memory (12 int64 per tweet).
        """
        if max_len < 1:
            raise ValueError(f"match_sequences(max_len={max_len}): the longest window must be at least 1 emotion")
        users = pd.Index(list(user_sequences))
        seqs = list(user_sequences.values())
        lens = np.fromiter(map(len, seqs), dtype=np.int64, count=len(seqs))
        stops, acc = [], 0
        for i, length in enumerate(lens.tolist()):
            acc += length
            if acc >= chunk_items:
                stops.append(i + 1)
                acc = 0
        parts, first_user = [], 0
        for stop in [*stops, len(seqs)]:
            if stop > first_user:
                user_pos, sep, rows = self._window_hits(seqs[first_user:stop], lens[first_user:stop], max_len, itemset)
                parts.append((user_pos + first_user, sep, rows))
                first_user = stop
        if not parts:
            parts = [(np.zeros(0, dtype=np.int64),) * 3]
        user_pos, sep, rows = (np.concatenate(a) for a in zip(*parts, strict=True))
        hits = _hits_frame(sep, self._disorder_names.take(self.row_disorder_[rows]), self.row_intensity_[rows])
        return _with_users(users, user_pos, hits)

    def _window_hits(self, seqs, lens, max_len, itemset):
        """(user position, window index within the user, pattern row) of every hit of the users' windows."""
        n = int(lens.sum())
        codes = np.fromiter(map(self._codes.__getitem__, chain.from_iterable(seqs)), dtype=np.int64, count=n)
        user_of = np.repeat(np.arange(len(seqs), dtype=np.int64), lens)
        user_start = np.repeat(np.cumsum(lens) - lens, lens)
        room = np.repeat(np.cumsum(lens), lens) - np.arange(n)  # tweets from each start to its user's end
        n_windows = np.minimum(room, max_len)  # windows starting at each tweet, as windows() makes them
        first_window = np.cumsum(n_windows) - n_windows
        # An ordered window longer than the longest pattern cannot match, so it is counted (in first_window) but
        # not keyed; an itemset window can (its repeats collapse), so itemsets key every window length.
        width = max_len if itemset else min(max_len, self.max_len_)
        padded = np.concatenate([codes, np.zeros(width, dtype=np.int64)])
        block = np.lib.stride_tricks.sliding_window_view(padded, width)[:n]
        inside = np.arange(width) < room[:, None]
        block = np.where(inside, block, 0)
        # A window is void from its first unknown emotion on (code 0 inside the user's sequence).
        valid = inside & ~np.logical_or.accumulate((block == 0) & inside, axis=1)
        if itemset:
            keys = np.zeros((n, width), dtype=np.int64)
            big = np.iinfo(np.int64).max
            for j in range(width):
                # sorted(set(window)): sort the codes (vocabulary order is name order), void repeats, re-sort.
                digits = np.sort(np.where(block[:, :j + 1] == 0, big, block[:, :j + 1]), axis=1)
                digits[:, 1:][digits[:, 1:] == digits[:, :-1]] = big
                digits = np.sort(digits, axis=1)
                # More distinct emotions than the longest pattern: no match, and no key (it could overflow).
                valid[:, j] &= (digits != big).sum(axis=1) <= self.max_len_
                digits = digits[:, :min(j + 1, self.max_len_)]
                keys[:, j] = np.where(digits == big, 0, digits) @ self._weights[:digits.shape[1]]
        else:
            keys = np.cumsum(block * self._weights[:width], axis=1)
        start, length = np.nonzero(valid)  # row-major: by start, then length, the order of windows()
        at = self._key_index.get_indexer(keys[start, length])
        hit = np.flatnonzero(at >= 0)
        hit, rows = self._expand(hit, at[hit])
        g = start[hit]
        return user_of[g], first_window[g] + length[hit] - first_window[user_start[g]], rows


MATCHERS = {"linear": LinearMatcher, "bhs": BHSMatcher, "fast": FastMatcher}


# ------------------------------------------------------------------------------------ timing and data


def time_per_user(matcher: _Matcher, user_seps: Mapping[object, Sequence], repeats: int = 3, *,
                  method: str = "match_many") -> dict:
    """Median wall time per user of ``matcher.match_many(user_seps)`` over ``repeats`` runs.

    Parameters
    ----------
    matcher : LinearMatcher, BHSMatcher or FastMatcher
        A built matcher (building the index is not timed).
    user_seps : mapping of user id to list of tuple
        The users' SEPs; give ``LinearMatcher`` only a few users, it takes seconds each at the paper's scale.
    repeats : int, default 3
    method : {"match_many", "match_sequences"}
        ``"match_sequences"`` (FastMatcher only) times ``matcher.match_sequences(user_seps)``, ``user_seps``
        then mapping users to emotion sequences.

    Returns
    -------
    dict
        ``matcher`` (class name), ``method``, ``n_users``, ``n_items`` (mean SEPs, or tweets, per user),
        ``n_patterns``, ``repeats``, ``seconds_per_user`` (median over repeats), ``seconds`` (each repeat's total).
    """
    n_users = len(user_seps)
    if n_users == 0:
        raise ValueError("time_per_user needs at least one user in user_seps")
    if method not in ("match_many", "match_sequences") or not hasattr(matcher, method):
        raise ValueError(f"time_per_user(method={method!r}): {type(matcher).__name__} has no such method; "
                         "use 'match_many' (any matcher) or 'match_sequences' (FastMatcher)")
    run = getattr(matcher, method)
    kwargs = {"progress": False} if method == "match_many" else {}
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run(user_seps, **kwargs)
        times.append(time.perf_counter() - t0)
    return {"matcher": type(matcher).__name__, "method": method, "n_users": n_users,
            "n_items": sum(map(len, user_seps.values())) / n_users, "n_patterns": len(matcher.patterns_),
            "repeats": repeats, "seconds_per_user": statistics.median(times) / n_users, "seconds": times}


def synthesize_patterns(n: int = N_PAPER_PATTERNS, *, lengths: Sequence[float] | None = None,
                        emotions: Iterable[str] = EMOTIONS, disorders: Iterable[str] = DISORDERS,
                        seed: int = 0) -> pd.DataFrame:
    """A random pattern set of a given size, for timing matchers at the paper's scale.

    Parameters
    ----------
    n : int, default 97,672
        Number of (pattern, disorder) rows; the default is the paper's pattern intensity set (Section 5.4).
    lengths : sequence of float, optional
        Probability of each pattern length 1..len(lengths) (normalised); default ``DEFAULT_LENGTH_PROBS``,
        peaked at 3-5 emotions. Lengths whose every (pattern, disorder) is taken stop being drawn, so short
        lengths saturate (21 emotions x 4 disorders allow only 84 rows of length 1).
    emotions, disorders : iterable of str
        Alphabet of the patterns and their labels.
    seed : int, default 0

    Returns
    -------
    pandas.DataFrame
        Columns ``pattern`` (ordered tuples, emotions may repeat), ``disorder``, ``intensity`` (uniform on
        [0, 1)); unique (pattern, disorder); the same pattern may carry several disorders.
    """
    emotions, disorders = list(emotions), list(disorders)
    probs = np.asarray(DEFAULT_LENGTH_PROBS if lengths is None else lengths, dtype=float)
    if probs.ndim != 1 or not 1 <= len(probs) <= MAX_PATTERN_LENGTH or (probs < 0).any() or probs.sum() <= 0:
        raise ValueError(f"lengths must be 1 to {MAX_PATTERN_LENGTH} non-negative probabilities (of lengths 1, 2, "
                         f"...) with a positive sum; got {probs.tolist()}")
    probs = probs / probs.sum()
    capacity = sum(len(emotions) ** (int(k) + 1) * len(disorders) for k in np.flatnonzero(probs > 0))
    if n > capacity:
        raise ValueError(f"synthesize_patterns(n={n}): only {capacity} distinct (pattern, disorder) rows exist with "
                         f"{len(emotions)} emotions, {len(disorders)} disorders and these lengths; lower n")
    rng = np.random.default_rng(seed)
    seen: dict[tuple[tuple[str, ...], str], float] = {}
    emo = np.asarray(emotions, dtype=object)
    batch = max(1024, n // 4)
    while len(seen) < n:
        ks = (rng.choice(len(probs), size=batch, p=probs) + 1).tolist()
        draws = rng.integers(len(emotions), size=(batch, len(probs)))
        for k, row, d, ps in zip(ks, draws, rng.integers(len(disorders), size=batch).tolist(),
                                 rng.random(batch).tolist(), strict=True):
            key = (tuple(emo[row[:k]]), disorders[d])
            seen.setdefault(key, float(ps))
            if len(seen) == n:
                break
    return pd.DataFrame({"pattern": pd.Series([p for p, _ in seen], dtype=object),
                         "disorder": [d for _, d in seen], "intensity": list(seen.values())})
