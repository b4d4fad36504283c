"""Study B's preprocessing (paper B, Section 4.1): emotion-word filtering and the "advanced TF-IDF".

The paper cleans its two corpora (psychology blogs, Sentiment140 tweets) by keeping only the words
that the NRC emotion lexicon tags with an emotion, dropping emotion words that are ambiguous slang
(its example: "sick") and function words. It then vectorises the emotion words with a TF-IDF that
gives extra weight to words in a blog's title and in the first or last sentence of a paragraph.

Functions here are pure text operations; :class:`AdvancedTfidf` is a scikit-learn transformer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from mhtext.emotion import PLUTCHIK

#: NRC's eight Plutchik emotion categories (NRC's "positive"/"negative" are sentiments, not emotions).
PLUTCHIK_CATEGORIES: frozenset[str] = frozenset(PLUTCHIK.values())

#: Emotion words dropped because social-media slang flips or blurs their meaning (Section 4.1: "sick"
#: means ill but is "widely used as slang to express feelings of admiration on Twitter"). Each entry is a
#: word with a common approving or intensifying slang use: "sick"/"wicked"/"insane"/"savage"/"filthy"
#: ("that trick was sick"), "crazy" ("crazy good"), "beast" ("a beast at chess"), "fire"/"bomb" ("this
#: track is fire"), "killer"/"dope" ("killer view", "dope"). "killer" and "dope" carry no NRC emotion, so
#: they are listed only to say that they were considered. The list is ours: the paper names only "sick".
AMBIGUOUS_SLANG: frozenset[str] = frozenset(
    {"sick", "wicked", "insane", "savage", "filthy", "crazy", "beast", "fire", "bomb", "killer", "dope"}
)

#: Function words (prepositions, articles, pronouns, auxiliaries): scikit-learn's English stop-word list.
FUNCTION_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS)

_SENTENCE_BREAK = re.compile(r"[.!?]+|\n+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[a-z]+")


def sentences(text: str) -> list[str]:
    """Split a text into sentences at ``.``, ``!``, ``?`` (runs of them count once) and line breaks.

    A deliberately simple rule, the same for blogs and tweets: abbreviations such as "e.g." and
    decimals are split too, which costs nothing here because only the emotion words of each sentence
    are used. Empty pieces are dropped; the rest are stripped.

    Examples
    --------
    >>> sentences("I was scared. Then relieved!! Ok\\nbye")
    ['I was scared', 'Then relieved', 'Ok', 'bye']
    """
    return [s.strip() for s in _SENTENCE_BREAK.split(text) if s.strip()]


def paragraphs(text: str) -> list[str]:
    """Split a text into paragraphs at blank lines (lines holding only whitespace count as blank)."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def _emotion_categories(cats: Iterable[str]) -> frozenset[str]:
    return frozenset(cats) & PLUTCHIK_CATEGORIES


@cache
def _default_vocabulary() -> frozenset[str]:
    from mhtext.resources import nrc_lexicon

    return emotion_vocabulary(nrc_lexicon())


def emotion_vocabulary(nrc: Mapping[str, Iterable[str]]) -> frozenset[str]:
    """The words :func:`emotion_words` keeps: NRC words with a Plutchik emotion, minus slang and function words.

    Parameters
    ----------
    nrc
        Word -> NRC categories, as :func:`mhtext.resources.nrc_lexicon` returns.
    """
    return frozenset(
        w.lower() for w, cats in nrc.items()
        if _emotion_categories(cats) and w.lower() not in AMBIGUOUS_SLANG and w.lower() not in FUNCTION_WORDS
    )


def _vocabulary(nrc: Mapping[str, Iterable[str]] | None) -> frozenset[str]:
    return _default_vocabulary() if nrc is None else emotion_vocabulary(nrc)


def emotion_words(text: str, *, nrc: Mapping[str, Iterable[str]] | None = None) -> list[str]:
    """The emotion words of ``text``, lowercased, in order (repeats kept).

    A token (a run of letters) is kept when NRC gives it at least one of the eight Plutchik emotion
    categories (anger, anticipation, disgust, fear, joy, sadness, surprise, trust; NRC's sentiment-only
    words are dropped), it is not in :data:`AMBIGUOUS_SLANG` and it is not a function word
    (:data:`FUNCTION_WORDS`).

    Parameters
    ----------
    text
        Any text; case and punctuation do not matter.
    nrc
        Word -> NRC categories; the shipped NRC lexicon (:func:`mhtext.resources.nrc_lexicon`) when None.

    Examples
    --------
    >>> emotion_words("The sick beat made me so happy, and then I was afraid of it")
    ['happy', 'afraid']
    """
    vocab = _vocabulary(nrc)
    return [w for w in _WORD.findall(text.lower()) if w in vocab]


def _edge_sentences(paragraph: str) -> list[str]:
    """The first and last of :func:`sentences` (one if the paragraph has one), found without splitting it all."""
    par = paragraph.strip(" \t\r\n.!?")
    if not par:
        return []
    first_end = min((i for i in (par.find(c) for c in ".!?\n") if i >= 0), default=len(par))
    last_start = max(par.rfind(c) for c in ".!?\n") + 1
    if first_end == len(par):
        return [par]
    return [par[:first_end], par[last_start:]]


def _identity(tokens: list[str]) -> list[str]:
    # the documents handed to scikit-learn's vectorisers are already token lists
    return tokens


def _as_documents(X: object) -> list[tuple[str, str]]:
    """(title, text) pairs from a DataFrame with ``title``/``text``, a list of pairs, or plain texts."""
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError(f"documents frame has columns {list(X.columns)}; it needs 'text' (and optionally 'title')")
        titles = X["title"] if "title" in X.columns else pd.Series([""] * len(X), index=X.index)
        return [("" if pd.isna(t) else str(t), str(b)) for t, b in zip(titles, X["text"], strict=True)]
    if isinstance(X, str):
        raise TypeError("documents must be a list of texts or (title, text) pairs, not one string; wrap it in a list")
    out = []
    for i, d in enumerate(X):  # type: ignore[attr-defined]
        if isinstance(d, str):
            out.append(("", d))
        elif isinstance(d, tuple | list) and len(d) == 2:
            out.append((str(d[0] or ""), str(d[1])))
        else:
            raise TypeError(f"document {i} is {type(d).__name__}; give a text or a (title, text) pair")
    return out


class AdvancedTfidf(TransformerMixin, BaseEstimator):
    """The paper's "advanced TF-IDF" over emotion words (Section 4.1).

    Each document is a (title, text) pair, the text's paragraphs separated by blank lines; a tweet is a
    text with no title and one paragraph, and goes through the same code. The vocabulary is the
    documents' emotion words (:func:`emotion_words`) found in at least ``min_df`` documents. The weight of
    word ``w`` in document ``d`` is

        tfidf(w, d) x title_weight [if w occurs in d's title] x edge_weight [if w occurs in the first or
        last sentence of one of d's paragraphs],

    where tfidf is scikit-learn's (``TfidfVectorizer`` with smoothed idf) over the title and text together.
    The paper says that title words and words of a paragraph's first or last sentence get "another
    weight" but does not publish the weights: ``title_weight`` and ``edge_weight`` are our choices, kept as
    parameters. Setting both to 1 gives plain TF-IDF.

    Parameters
    ----------
    title_weight, edge_weight
        Multipliers (>= 1 to raise a word) for title words and paragraph-edge words.
    min_df
        Minimum number of documents a word must occur in to enter the vocabulary.
    norm
        Row normalisation after weighting: None (default) or ``"l1"``/``"l2"``. None because the result
        feeds a latent Dirichlet allocation, which reads weights as pseudo-counts; a unit-norm row would
        make every document weigh less than a single word.
    nrc
        Word -> NRC categories; the shipped NRC lexicon when None.

    Attributes
    ----------
    vocabulary_ : dict[str, int]
        Emotion word -> column.
    idf_ : numpy.ndarray
        Inverse document frequency per column.
    """

    def __init__(self, title_weight: float = 2.0, edge_weight: float = 1.5, min_df: int = 2,
                 norm: str | None = None, nrc: Mapping[str, Iterable[str]] | None = None):
        self.title_weight = title_weight
        self.edge_weight = edge_weight
        self.min_df = min_df
        self.norm = norm
        self.nrc = nrc

    def _analyse(self, X: object) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
        """Per document: all emotion words (title and text), the title's, and those of paragraph-edge sentences."""
        vocab = _vocabulary(self.nrc)
        docs, titles, edges = [], [], []
        for title, text in _as_documents(X):
            t_words = [w for w in _WORD.findall(title.lower()) if w in vocab]
            text = text.lower()
            edge: list[str] = []
            for par in _PARAGRAPH_BREAK.split(text):
                # only a paragraph's first and last sentences need tokenising apart from the whole text
                for s in _edge_sentences(par):
                    edge.extend(w for w in _WORD.findall(s) if w in vocab)
            docs.append(t_words + [w for w in _WORD.findall(text) if w in vocab])
            titles.append(t_words)
            edges.append(edge)
        return docs, titles, edges

    def _check_params(self) -> None:
        if self.title_weight <= 0 or self.edge_weight <= 0:
            raise ValueError(f"title_weight={self.title_weight} and edge_weight={self.edge_weight} must be positive")
        if self.norm not in (None, "l1", "l2"):
            raise ValueError(f"norm={self.norm!r}; use None, 'l1' or 'l2'")

    def fit(self, X: object, y: object = None) -> AdvancedTfidf:
        """Learn the emotion-word vocabulary and idf from documents ``X`` (see the class docstring)."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X: object, y: object = None) -> sp.csr_matrix:
        """Fit, then return the weighted document-term matrix (documents x emotion words)."""
        self._check_params()
        docs, titles, edges = self._analyse(X)
        self._tfidf = TfidfVectorizer(analyzer=_identity, min_df=self.min_df, norm=None)
        try:
            tfidf = self._tfidf.fit_transform(docs)
        except ValueError as err:  # scikit-learn's "empty vocabulary" message does not say why here
            raise ValueError(
                f"no emotion word occurs in at least min_df={self.min_df} of the {len(docs)} documents; "
                "give more (or more emotional) documents or lower min_df"
            ) from err
        self.vocabulary_ = self._tfidf.vocabulary_
        self.idf_ = self._tfidf.idf_
        return self._weigh(tfidf, titles, edges)

    def transform(self, X: object) -> sp.csr_matrix:
        """The weighted document-term matrix of new documents over the fitted vocabulary."""
        check_is_fitted(self, "vocabulary_")
        docs, titles, edges = self._analyse(X)
        return self._weigh(self._tfidf.transform(docs), titles, edges)

    def _weigh(self, tfidf: sp.csr_matrix, titles: list[list[str]], edges: list[list[str]]) -> sp.csr_matrix:
        marks = CountVectorizer(analyzer=_identity, vocabulary=self.vocabulary_, binary=True)
        weighted = sp.csr_matrix(tfidf, dtype=np.float64)
        for factor, tokens in ((self.title_weight, titles), (self.edge_weight, edges)):
            if factor != 1:
                # W * (1 + (f - 1) * mark) multiplies the marked (document, word) cells by f
                weighted = weighted + weighted.multiply(marks.transform(tokens)) * (factor - 1)
        weighted = sp.csr_matrix(weighted)
        if self.norm is not None:
            weighted = normalize(weighted, norm=self.norm)
        return weighted

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """The emotion words, in column order."""
        check_is_fitted(self, "vocabulary_")
        return self._tfidf.get_feature_names_out()
