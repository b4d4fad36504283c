"""Sequential emotion analysis (SEA, the paper's Algorithm 1): the pattern intensity set.

Each document (a blog post, a criterion, a user's timeline) becomes a sequence of emotions, one per
emotion-bearing sentence or tweet (:meth:`mhtext.emotion.lexicon.EmotionLexicon.sequence`). The
sequences are cut into sliding windows of ``window`` consecutive emotions, the transactions the
miners read:

- **itemsets** (the paper's FP-growth, :func:`mlxtend.frequent_patterns.fpgrowth`): a window is the
  set of its emotions, and a pattern is a set (stored as a sorted tuple). FP-growth ignores order,
  although the paper calls its patterns sequential.
- **ordered** (beside the paper, :class:`prefixspan.PrefixSpan`): a window is its emotion sequence
  with consecutive repeats collapsed (emotion *shifts*), and a pattern is an ordered subsequence.

Intensity follows Section 4.3: the support of a frequent single emotion is its intensity support,
and a pattern's intensity is the sum of its emotions' intensity supports (Algorithm 1, line 3).
Criteria patterns are weighted by ``criteria_weight`` (1.5 in the paper); a pattern found in both a
disorder's blogs and its criteria keeps the larger intensity. Potential patterns (Step 4, Equation 1)
come from association rules over the unlabelled blogs: an antecedent not yet in the set whose
consequent is, with intensity ``confidence × intensity(consequent)`` and the consequent's disorder,
the maximum kept per (antecedent, disorder). Sequential rules are not mined for the ordered variant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from mlxtend.frequent_patterns import association_rules, fpgrowth
from mlxtend.preprocessing import TransactionEncoder
from prefixspan import PrefixSpan
from sklearn.base import BaseEstimator

from mhtext.patterns.matching import windows

PATTERN_COLUMNS = ["pattern", "disorder", "intensity", "source", "support"]


def transactions(sequences: Sequence[Sequence[str]], window: int, *, itemset: bool) -> list[tuple[str, ...]]:
    """Sliding windows of ``window`` consecutive emotions of every sequence (a shorter sequence is one window).

    Itemset windows are sorted sets; ordered windows collapse consecutive repeats. Empty sequences give
    nothing.
    """
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    out: list[tuple[str, ...]] = []
    for seq in sequences:
        seq = list(seq)
        if not seq:
            continue
        for i in range(max(1, len(seq) - window + 1)):
            w = seq[i:i + window]
            out.append(tuple(sorted(set(w))) if itemset else collapse(w))
    return out


def collapse(seq: Sequence[str]) -> tuple[str, ...]:
    """``seq`` with consecutive repeats merged: the emotion shifts."""
    return tuple(e for i, e in enumerate(seq) if i == 0 or e != seq[i - 1])


def frequent_itemsets(trans: Sequence[tuple[str, ...]], min_support: float, max_len: int) -> pd.DataFrame:
    """FP-growth over itemset transactions: ``pattern`` (sorted tuple) and ``support``."""
    if not trans:
        return pd.DataFrame({"pattern": [], "support": []})
    te = TransactionEncoder()
    onehot = pd.DataFrame(te.fit(trans).transform(trans), columns=te.columns_)
    found = fpgrowth(onehot, min_support=min_support, use_colnames=True, max_len=max_len)
    return pd.DataFrame({"pattern": [tuple(sorted(s)) for s in found["itemsets"]], "support": found["support"]})


def frequent_sequences(trans: Sequence[tuple[str, ...]], min_support: float, max_len: int) -> pd.DataFrame:
    """PrefixSpan over ordered transactions: ``pattern`` (ordered tuple) and ``support``."""
    if not trans:
        return pd.DataFrame({"pattern": [], "support": []})
    ps = PrefixSpan([list(t) for t in trans])
    ps.maxlen = max_len
    found = ps.frequent(max(1, int(np.ceil(min_support * len(trans)))))
    return pd.DataFrame({"pattern": [tuple(p) for _, p in found], "support": [c / len(trans) for c, _ in found]})


def _intensity(found: pd.DataFrame) -> pd.Series:
    """Sum of the intensity supports (single-emotion supports) of a pattern's emotions (Algorithm 1, line 3)."""
    single = {p[0]: s for p, s in zip(found["pattern"], found["support"], strict=True) if len(p) == 1}
    return found["pattern"].map(lambda p: float(sum(single.get(e, 0.0) for e in p)))


class SequentialEmotionAnalysis(BaseEstimator):
    """Mine the pattern intensity set (PIS) of each disorder from labelled blogs, criteria and unlabelled blogs.

    Parameters
    ----------
    min_support : float
        FP-growth / PrefixSpan minimum support over a disorder's windows (the paper does not publish its own).
    window : int
        Consecutive emotions per transaction.
    max_len : int
        Longest pattern kept (12 in the paper's hash table).
    criteria_weight : float
        Multiplier of criteria patterns' intensity (Section 4.3, Step 3: 1.5).
    min_confidence : float
        Association-rule confidence for potential patterns (Step 4; not published).
    ordered : bool
        Mine ordered emotion-shift patterns with PrefixSpan instead of FP-growth itemsets.
    potential : bool
        Add potential patterns from the unlabelled blogs (itemsets only).

    Attributes
    ----------
    patterns_ : DataFrame
        ``pattern, disorder, intensity, source, support``, one row per (pattern, disorder).
    n_transactions_ : dict
        Windows mined per corpus.
    """

    def __init__(self, min_support: float = 0.05, window: int = 6, max_len: int = 12, criteria_weight: float = 1.5,
                 min_confidence: float = 0.6, ordered: bool = False, potential: bool = True):
        self.min_support = min_support
        self.window = window
        self.max_len = max_len
        self.criteria_weight = criteria_weight
        self.min_confidence = min_confidence
        self.ordered = ordered
        self.potential = potential

    def _mine(self, sequences) -> pd.DataFrame:
        trans = transactions(sequences, self.window, itemset=not self.ordered)
        miner = frequent_sequences if self.ordered else frequent_itemsets
        found = miner(trans, self.min_support, self.max_len)
        return found.assign(intensity=_intensity(found)), len(trans)

    def fit(self, blogs: Mapping[str, Sequence[Sequence[str]]], criteria: Mapping[str, Sequence[Sequence[str]]],
            general: Sequence[Sequence[str]] = ()) -> SequentialEmotionAnalysis:
        """Mine each disorder's blogs and criteria, then potential patterns from ``general`` blogs.

        ``blogs`` and ``criteria`` map a disorder name to its documents' emotion sequences.
        """
        unknown = sorted(set(criteria) - set(blogs))
        if unknown:
            raise ValueError(f"criteria for disorders {unknown} have no labelled blogs; give both for every disorder")
        parts, self.n_transactions_ = [], {}
        for d in blogs:
            found, n = self._mine(blogs[d])
            self.n_transactions_[f"blogs.{d}"] = n
            parts.append(found.assign(disorder=d, source="blogs"))
            crit = criteria.get(d, ())
            if crit:
                cfound, n = self._mine(crit)
                self.n_transactions_[f"criteria.{d}"] = n
                parts.append(cfound.assign(disorder=d, source="criteria",
                                           intensity=cfound["intensity"] * self.criteria_weight))
        pis = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=PATTERN_COLUMNS)
        if pis.empty:
            raise ValueError(f"SEA found no pattern at min_support={self.min_support}: lower min_support, or check "
                             "that the lexicon tags emotions in the blogs and criteria")
        # A pattern found in a disorder's blogs and in its criteria keeps the larger intensity.
        pis = (pis.sort_values("intensity", ascending=False, kind="stable")
               .drop_duplicates(["pattern", "disorder"]).reset_index(drop=True))
        if self.potential and not self.ordered and len(general):
            pis = pd.concat([pis, self._potential(pis, general)], ignore_index=True)
        self.patterns_ = pis[PATTERN_COLUMNS].sort_values(["disorder", "pattern"]).reset_index(drop=True)
        return self

    def _potential(self, pis: pd.DataFrame, general) -> pd.DataFrame:
        """Potential patterns (Equation 1): antecedents of confident rules whose consequent is in the set."""
        trans = transactions(general, self.window, itemset=True)
        self.n_transactions_["blogs.general"] = len(trans)
        te = TransactionEncoder()
        onehot = pd.DataFrame(te.fit(trans).transform(trans), columns=te.columns_)
        freq = fpgrowth(onehot, min_support=self.min_support, use_colnames=True, max_len=self.max_len)
        if freq.empty:
            return pd.DataFrame(columns=PATTERN_COLUMNS)
        rules = association_rules(freq, num_itemsets=len(trans), metric="confidence",
                                  min_threshold=self.min_confidence)
        known = set(pis["pattern"])
        by_pattern = pis.groupby("pattern")
        rows = []
        for ant, cons, conf, sup in zip(rules["antecedents"], rules["consequents"], rules["confidence"],
                                        rules["support"], strict=True):
            a, c = tuple(sorted(ant)), tuple(sorted(cons))
            if a in known or c not in known:
                continue
            for d, ps in by_pattern.get_group(c)[["disorder", "intensity"]].itertuples(index=False):
                rows.append((a, d, conf * ps, "potential", sup))
        pot = pd.DataFrame(rows, columns=PATTERN_COLUMNS)
        return pot.sort_values("intensity", ascending=False).drop_duplicates(["pattern", "disorder"])


def sep_table(user_sequences: Mapping[str, Sequence[str]], max_len: int = 12, *,
              itemset: bool) -> dict[str, list[tuple[str, ...]]]:
    """Each user's sequential emotion patterns (SEPs): every contiguous window of length 1..``max_len``.

    For ordered patterns the user's sequence is first collapsed to its emotion shifts, as in mining.
    """
    return {u: windows(seq if itemset else collapse(seq), max_len, itemset=itemset)
            for u, seq in user_sequences.items()}
