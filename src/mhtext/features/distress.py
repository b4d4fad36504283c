"""The ten feature sets A1-A10 of study C (distress-triage) and :func:`feature_union` to combine them.

A1-A5 live in :mod:`mhtext.features.distress_text`, A6-A9 in :mod:`mhtext.features.thread`; this module
holds A10 (:class:`RationalePhrases`, domain phrases from annotator rationales) and re-exports the rest,
so a study imports one place. Every transformer takes the messages frame of ``sim-forum-threads``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted

from mhtext.features.distress_text import (
    GI_CATEGORIES,
    PRONOUNS,
    STOP_WORDS,
    LexiconPresence,
    PronounRate,
    PunctuationRate,
    SentenceLength,
    UnigramTfidf,
    block_norm,
    texts_of,
    words,
)
from mhtext.features.thread import FirstMessageSimilarity, FirstResponderPost, LeadAuthorPost, ThreadSimilarity

__all__ = [
    "FEATURE_SETS", "GI_CATEGORIES", "PRONOUNS", "STOP_WORDS", "TABLE3_ROWS", "FirstMessageSimilarity",
    "FirstResponderPost", "LeadAuthorPost", "LexiconPresence", "PronounRate", "PunctuationRate",
    "RationalePhrases", "SentenceLength", "ThreadSimilarity", "UnigramTfidf", "feature_union",
]


def _ngrams(tokens: Sequence[str], max_n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for n in range(1, max_n + 1) for i in range(len(tokens) - n + 1)}


class RationalePhrases(TransformerMixin, BaseEstimator):
    """A10: binary presence of label-specific domain phrases mined from annotator rationales.

    ``fit`` reads, for every message with rationales, its character spans ``rationale`` and the label
    each supports, ``rationale_labels`` (same length). Per label:

    1. every n-gram (``n <= max_n``) of the lowercased words of its spans is counted once per span
       (frequency = number of that label's spans holding it);
    2. n-grams made only of stop words (:data:`STOP_WORDS`) are dropped, and so are n-grams seen in
       fewer than ``min_count`` spans;
    3. the *overlap ratio* of an n-gram for a label is the share of all spans holding it that support
       another label; n-grams with overlap ratio above ``max_overlap`` are dropped (default 0.3: a phrase
       stays a label's only if at least 70% of the rationales holding it are that label's, so a phrase
       shared evenly by two labels goes);
    4. the ``top_k`` most frequent remaining n-grams are kept (ties: longer first, then alphabetical).

    ``transform`` returns, per message, 1 for each kept phrase (all labels' phrases, deduplicated) found
    as consecutive words in its text. Rationales are needed at ``fit`` only; a frame without rationale
    columns, or without any span, gives no phrase and a ``(n, 0)`` matrix.

    Parameters
    ----------
    max_n, top_k, min_count, max_overlap
        See above.
    norm
        ``"l2"`` (default): each row divided by its L2 norm, for the reason given in
        :class:`~mhtext.features.distress_text.LexiconPresence` (hundreds of binary phrase columns would
        otherwise dominate an RBF kernel); None: plain 0/1 as the paper describes.
    weight
        Multiplies the block (after ``norm``); default 0.3 (A1 + A10 on the simulated forum, C=10, gamma=1:
        0.236 at 0.3, 0.216 at 0.6, 0.187 at 1; A1 alone 0.235).

    Attributes
    ----------
    phrases_ : dict
        Label -> kept phrases (strings), most frequent first. Rationale text: show it through the
        privacy guard.
    vocabulary_ : list of str
        The feature columns' phrases.
    """

    def __init__(self, *, max_n: int = 5, top_k: int = 20, min_count: int = 2, max_overlap: float = 0.3,
                 norm: str | None = "l2", weight: float = 0.3):
        self.norm = norm
        self.max_n = max_n
        self.top_k = top_k
        self.min_count = min_count
        self.max_overlap = max_overlap
        self.weight = weight

    def fit(self, X: pd.DataFrame, y: object = None) -> RationalePhrases:
        """Mine the phrases from ``X``'s rationales (columns ``text``, ``rationale``, ``rationale_labels``)."""
        if self.max_n < 1 or self.top_k < 0 or not 0 <= self.max_overlap <= 1:
            raise ValueError(f"A10: need max_n >= 1, top_k >= 0 and 0 <= max_overlap <= 1; got max_n={self.max_n}, "
                             f"top_k={self.top_k}, max_overlap={self.max_overlap}.")
        texts = texts_of(X, "A10 RationalePhrases.fit")
        counts: dict[object, Counter] = defaultdict(Counter)
        if {"rationale", "rationale_labels"} <= set(X.columns):
            for i, (text, spans, labs) in enumerate(zip(texts, X["rationale"], X["rationale_labels"], strict=True)):
                spans, labs = tuple(spans or ()), tuple(labs or ())
                if len(spans) != len(labs):
                    raise ValueError(f"A10: row {i} (index {X.index[i]!r}) has {len(spans)} rationale spans but "
                                     f"{len(labs)} rationale_labels; they must pair one to one.")
                for (start, end), lab in zip(spans, labs, strict=True):
                    counts[lab].update(_ngrams(words(text[start:end]), self.max_n))
        total: Counter = Counter()
        for c in counts.values():
            total.update(c)
        self.phrases_ = {}
        for lab in sorted(counts, key=str):
            keep = [(g, n) for g, n in counts[lab].items()
                    if n >= self.min_count and not all(w in STOP_WORDS for w in g)
                    and 1 - n / total[g] <= self.max_overlap]
            keep.sort(key=lambda gn: (-gn[1], -len(gn[0]), gn[0]))
            self.phrases_[lab] = [" ".join(g) for g, _ in keep[: self.top_k]]
        self.vocabulary_ = sorted({p for ps in self.phrases_.values() for p in ps})
        self.counter_ = None
        if self.vocabulary_:
            n_max = max(len(p.split()) for p in self.vocabulary_)
            self.counter_ = CountVectorizer(tokenizer=words, lowercase=False, token_pattern=None, binary=True,
                                            ngram_range=(1, n_max), vocabulary=self.vocabulary_)
        return self

    def transform(self, X: pd.DataFrame) -> sparse.csr_matrix:
        """Sparse ``(n_messages, n_phrases)`` matrix: presence, row-normalised per ``norm``, times ``weight``."""
        check_is_fitted(self, "vocabulary_")
        texts = texts_of(X, "A10 RationalePhrases.transform")
        if self.counter_ is None:
            return sparse.csr_matrix((len(texts), 0))
        M = sparse.csr_matrix(self.counter_.transform(texts), dtype=float)
        return block_norm(M, self.norm, "A10") * self.weight

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        check_is_fitted(self, "vocabulary_")
        return np.array(self.vocabulary_, dtype=object)


#: Feature-set name -> its transformer class.
FEATURE_SETS = {
    "A1": UnigramTfidf, "A2": PronounRate, "A3": PunctuationRate, "A4": SentenceLength, "A5": LexiconPresence,
    "A6": LeadAuthorPost, "A7": FirstResponderPost, "A8": ThreadSimilarity, "A9": FirstMessageSimilarity,
    "A10": RationalePhrases,
}
#: Table 3's rows (features added cumulatively), plus the A1 + A10 run of Section 6.2's text.
TABLE3_ROWS = {
    "A1": ("A1",),
    "A1-A5": ("A1", "A2", "A3", "A4", "A5"),
    "A1-A9": tuple(f"A{i}" for i in range(1, 10)),
    "A1-A10": tuple(f"A{i}" for i in range(1, 11)),
    "A1+A10": ("A1", "A10"),
}


def feature_union(sets: Iterable[str] = tuple(FEATURE_SETS), **params: dict) -> FeatureUnion:
    """One transformer for a named subset of A1-A10 (a :class:`~sklearn.pipeline.FeatureUnion`).

    Parameters
    ----------
    sets
        Feature-set names, e.g. ``("A1", "A10")`` or ``TABLE3_ROWS["A1-A9"]``.
    **params
        Per-set keyword arguments, e.g. ``A5={"liwc_path": "LIWC2007.dic"}, A10={"top_k": 30}``.

    Returns
    -------
    sklearn.pipeline.FeatureUnion
        ``fit`` on the relevant training messages (A10 reads their rationales), ``transform`` any
        messages frame; the output is a sparse CSR matrix whenever A1, A5 or A10 is in.

    Raises
    ------
    ValueError
        An unknown set name, or parameters for a set not chosen.
    """
    sets = list(sets)
    unknown = [s for s in [*sets, *params] if s not in FEATURE_SETS]
    if unknown:
        raise ValueError(f"feature_union: unknown feature set(s) {unknown}; choose from {list(FEATURE_SETS)}.")
    stray = [s for s in params if s not in sets]
    if stray:
        raise ValueError(f"feature_union: parameters given for {stray}, which are not in sets={sets}.")
    if not sets:
        raise ValueError("feature_union: sets is empty; name at least one of A1-A10.")
    return FeatureUnion([(s, FEATURE_SETS[s](**params.get(s, {}))) for s in sets])

