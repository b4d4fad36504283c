"""Paper B's generalised multidimensional emotion lexicon (Section 4.2) and the emotion tagger built on it.

:class:`EmotionLexiconBuilder` follows the paper's three steps on two corpora (psychology blogs and tweets):

1. Topics. The emotion words of each corpus are weighted by the advanced TF-IDF
   (:class:`mhtext.emotion.preprocess.AdvancedTfidf`) and clustered by latent Dirichlet allocation, 15
   topics on the blogs and 20 on the tweets. The paper then "fits these two results" into 21 topics, one
   per representative emotion, without saying how; we match the 35 topics to the 21 emotions by a linear
   assignment on word similarity (see :meth:`EmotionLexiconBuilder.fit`). Each emotion's description is
   its name plus the top words of its topic (20 in all).
2. Expansion. All WordNet synonyms of the description words (lemma names of all their synsets), without
   duplicates: the paper's "potential words and phrases" (their count is ``lexicon.candidates`` in
   :mod:`mhtext.published`).
3. Intensity. A candidate's intensity support for an emotion is its mean similarity to that emotion's
   description words; candidates under 0.7 everywhere are dropped, the others join the emotion of
   highest support with that intensity; description words have intensity 1. The paper's lexicon size is
   ``lexicon.size`` in :mod:`mhtext.published`; :meth:`EmotionLexiconBuilder.summary` sets ours beside it.

The paper's "synonym similarity" is not named; we use Wu-Palmer similarity on WordNet (:class:`WordNetSimilarity`,
vectorised) and offer GloVe cosine similarity as an alternative.

:class:`EmotionLexicon` holds the result and tags sentences with one emotion each (:meth:`EmotionLexicon.sequence`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from sklearn.base import BaseEstimator
from sklearn.decomposition import LatentDirichletAllocation

from mhtext.emotion import EMOTIONS, PLUTCHIK
from mhtext.emotion.preprocess import AdvancedTfidf, sentences

SOURCES = ("description", "wordnet")
COLUMNS = ("term", "emotion", "intensity", "source")

#: Words that negate the term right after them (see :meth:`EmotionLexicon.sentence_emotion`). Tweets often
#: drop apostrophes, so the common apostrophe-less forms are listed too; any token ending in "n't" negates.
NEGATORS: frozenset[str] = frozenset({
    "not", "no", "never", "without", "cannot",
    "dont", "didnt", "doesnt", "isnt", "wasnt", "werent", "arent", "cant", "couldnt", "wont", "wouldnt", "aint",
})

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)*")


def _tqdm(iterable, **kw):
    from tqdm.auto import tqdm

    return tqdm(iterable, **kw)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _is_negator(token: str) -> bool:
    return token in NEGATORS or token.endswith(("n't", "n’t"))


def normalise_term(term: str) -> str:
    """A lexicon term as stored: lowercase, WordNet's underscores as spaces, single spaces."""
    return " ".join(str(term).lower().replace("_", " ").split())


# --------------------------------------------------------------------------------------------------------------
# The lexicon and the tagger
# --------------------------------------------------------------------------------------------------------------


class EmotionLexicon:
    """A term -> (emotion, intensity) lexicon over the 21 representative emotions, and a sentence tagger.

    Build one with :meth:`from_frame` (validated), :meth:`read_csv` or :class:`EmotionLexiconBuilder`.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns ``term`` (lowercase; multi-word WordNet lemmas with spaces), ``emotion`` (one of
        :data:`mhtext.emotion.EMOTIONS`), ``intensity`` (in (0, 1]) and ``source`` (``"description"``
        or ``"wordnet"``); one row per term.
    """

    def __init__(self, table: pd.DataFrame):
        # use from_frame: it validates; __init__ trusts its caller
        self.table = table.reset_index(drop=True)
        self._index: dict[tuple[str, ...], tuple[int, float]] = {}
        for term, emo, inten in zip(self.table["term"], self.table["emotion"], self.table["intensity"], strict=True):
            key = tuple(_tokens(term))
            if key:
                # two terms that tokenise alike ("self-esteem", "self esteem"): the stronger one wins
                old = self._index.get(key)
                if old is None or inten > old[1]:
                    self._index[key] = (EMOTIONS.index(emo), float(inten))
        self._max_len = max((len(k) for k in self._index), default=1)

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> EmotionLexicon:
        """Validate a frame with columns term, emotion, intensity and source (optional) and wrap it.

        Terms are normalised with :func:`normalise_term`; a missing ``source`` column means
        ``"description"``.

        Raises
        ------
        ValueError
            Missing columns, an empty table, an unknown emotion or source, an intensity outside (0, 1],
            or a term listed twice (in two emotions or twice in one); each message names the offending
            rows and what to do.
        """
        missing = [c for c in ("term", "emotion", "intensity") if c not in df.columns]
        if missing:
            raise ValueError(f"lexicon frame lacks column(s) {missing}; it needs {list(COLUMNS)}")
        if len(df) == 0:
            raise ValueError("lexicon frame is empty; a lexicon needs at least one term")
        table = pd.DataFrame({
            "term": df["term"].map(normalise_term),
            "emotion": df["emotion"].astype(str),
            "intensity": pd.to_numeric(df["intensity"], errors="coerce").astype(float),
            "source": df["source"].astype(str) if "source" in df.columns else "description",
        })
        empty = table.index[table["term"] == ""].tolist()
        if empty:
            raise ValueError(f"lexicon rows {empty[:5]} have an empty term; drop them")
        unknown = sorted(set(table["emotion"]) - set(EMOTIONS))
        if unknown:
            raise ValueError(f"unknown emotion name(s) {unknown}; use the 21 representative emotions {list(EMOTIONS)}")
        bad_src = sorted(set(table["source"]) - set(SOURCES))
        if bad_src:
            raise ValueError(f"unknown source(s) {bad_src}; use one of {list(SOURCES)}")
        bad = table[~((table["intensity"] > 0) & (table["intensity"] <= 1))]
        if len(bad):
            row = bad.iloc[0]
            raise ValueError(f"{len(bad)} intensities outside (0, 1], e.g. term {row.term!r} ({row.emotion}) "
                             f"has {row.intensity}; rescale them into (0, 1]")
        dup = table[table["term"].duplicated(keep=False)]
        if len(dup):
            term = dup["term"].iloc[0]
            emos = dup.loc[dup["term"] == term, "emotion"].tolist()
            raise ValueError(
                f"term {term!r} is listed {len(emos)} times, in {' and '.join(repr(e) for e in emos)} "
                f"({dup['term'].nunique()} such terms); a term belongs to one category: keep its max-intensity "
                "row, e.g. EmotionLexicon.from_frame(EmotionLexicon.resolve_duplicates(df))"
            )
        return cls(table)

    @staticmethod
    def resolve_duplicates(df: pd.DataFrame) -> pd.DataFrame:
        """Keep one row per (normalised) term: the one of highest intensity, earlier emotion on ties."""
        out = df.copy()
        out["term"] = out["term"].map(normalise_term)
        out["_order"] = out["emotion"].map({e: i for i, e in enumerate(EMOTIONS)})
        out = out.sort_values(["term", "intensity", "_order"], ascending=[True, False, True], kind="stable")
        return out.drop_duplicates("term").drop(columns="_order").reset_index(drop=True)

    @property
    def size(self) -> int:
        """Number of terms (words and phrases)."""
        return len(self.table)

    def __len__(self) -> int:
        return self.size

    def __repr__(self) -> str:
        n_phr = int(self.table["term"].str.contains(" ").sum())
        return f"EmotionLexicon({self.size} terms, {n_phr} phrases, {self.table['emotion'].nunique()} emotions)"

    def matches(self, text: str) -> list[tuple[str, str, float]]:
        """The (term, emotion, intensity) matches of ``text`` that count, in order (see :meth:`sentence_emotion`)."""
        toks = _tokens(text)
        out, i = [], 0
        while i < len(toks):
            for n in range(min(self._max_len, len(toks) - i), 0, -1):
                hit = self._index.get(tuple(toks[i:i + n]))
                if hit is not None:
                    if not (i > 0 and _is_negator(toks[i - 1])):
                        out.append((" ".join(toks[i:i + n]), EMOTIONS[hit[0]], hit[1]))
                    i += n
                    break
            else:
                i += 1
        return out

    def sentence_emotion(self, sentence: str) -> str | None:
        """The one emotion of a sentence, or None when no lexicon term occurs in it.

        Tokens are lowercase runs of letters and digits (apostrophes kept inside a word). Terms are
        matched left to right, longest first, so a phrase ("on edge") is taken before its single words.
        Negation rule: a term right after a negator (:data:`NEGATORS`: not, no, never, without, cannot,
        any word ending in "n't", and apostrophe-less forms such as "dont") does not count; the
        negation is not turned into an opposite emotion. The sentence's emotion is the one with the
        largest summed intensity over its counted terms; ties go to the emotion listed first in
        :data:`mhtext.emotion.EMOTIONS`.
        """
        score = np.zeros(len(EMOTIONS))
        hits = self.matches(sentence)
        if not hits:
            return None
        for _, emo, inten in hits:
            score[EMOTIONS.index(emo)] += inten
        return EMOTIONS[int(np.argmax(score))]  # argmax returns the first maximum: EMOTIONS order

    def sequence(self, text: str, *, unit: str = "sentence") -> list[str]:
        """The emotions of a text's emotion-bearing units, in order.

        Parameters
        ----------
        text
            A blog post, criterion or tweet.
        unit
            ``"sentence"``: one emotion per sentence of :func:`mhtext.emotion.preprocess.sentences` that has
            one; ``"text"``: the whole text is one unit (for tweets), giving a list of zero or one emotion;
            ``"word"``: one emotion per counted term, in order (for short criteria).
        """
        if unit == "word":
            return [emo for _, emo, _ in self.matches(text)]
        if unit == "sentence":
            units = sentences(text)
        elif unit == "text":
            units = [text]
        else:
            raise ValueError(f"unit={unit!r}; use 'sentence', 'text' or 'word'")
        return [e for e in map(self.sentence_emotion, units) if e is not None]

    def transform(self, texts: Iterable[str], *, unit: str = "sentence") -> list[list[str]]:
        """:meth:`sequence` of every text."""
        return [self.sequence(t, unit=unit) for t in texts]

    def to_csv(self, path: str | Path) -> None:
        """Write the table as CSV (columns term, emotion, intensity, source)."""
        self.table.to_csv(path, index=False)

    @classmethod
    def read_csv(cls, path: str | Path) -> EmotionLexicon:
        """Read a lexicon written by :meth:`to_csv` (validated by :meth:`from_frame`)."""
        return cls.from_frame(pd.read_csv(path, keep_default_na=False))


# --------------------------------------------------------------------------------------------------------------
# Word similarity
# --------------------------------------------------------------------------------------------------------------


def _wordnet():
    from nltk.corpus import wordnet

    return wordnet


def _noun_forms(lemma) -> list:
    """Noun and verb synsets an adjective or adverb lemma points to (WordNet gives adjectives no hypernyms)."""
    out = list(lemma.synset().attributes())
    out += [r.synset() for r in lemma.derivationally_related_forms() if r.synset().pos() in "nv"]
    for p in lemma.pertainyms():  # adverb -> adjective ("sadly" -> "sad"), adjective -> noun ("emotional")
        if p.synset().pos() in "nv":
            out.append(p.synset())
        else:
            out += list(p.synset().attributes())
            out += [r.synset() for r in p.derivationally_related_forms() if r.synset().pos() in "nv"]
    return out


def word_synsets(word: str) -> list:
    """The synsets Wu-Palmer similarity compares for a word or phrase, sorted by name.

    Noun and verb synsets of the word as they are; for each adjective or adverb synset, the noun and
    verb synsets that the word's own lemma in it points to through ``derivationally_related_forms()``
    and ``pertainyms()`` (an adverb's adjective is followed one step further), and the synset's
    ``attributes()`` ("tired" -> "tiredness", "sadly" -> "sad" -> "sadness", "happy" -> "happiness").
    """
    wn = _wordnet()
    key = word.strip().lower().replace(" ", "_")
    found = set()
    for s in wn.synsets(key):
        if s.pos() in "nv":
            found.add(s)
        else:
            lemmas = [lem for lem in s.lemmas() if lem.name().lower() == key] or s.lemmas()[:1]
            found.update(s.attributes())
            for lem in lemmas:
                found.update(_noun_forms(lem))
    return sorted(found, key=lambda s: s.name())


def wup_reference(word1: str, word2: str) -> float:
    """Slow, plain Wu-Palmer similarity of two words, for testing :class:`WordNetSimilarity`.

    ``max`` over pairs (s, t) of :func:`word_synsets` of ``2 D / (d(s) + d(t))``, where ``d(x)`` is the
    number of synsets on the longest of ``x.hypernym_paths()`` (root to ``x``, both counted) and ``D`` the
    largest ``d(a)`` over the synsets ``a`` on a path of both; 0 when they share none (a noun and a verb,
    two verbs of different roots) or a word has no synset.
    """
    best = 0.0
    for s in word_synsets(word1):
        paths_s = s.hypernym_paths()
        anc_s = {a for p in paths_s for a in p}
        for t in word_synsets(word2):
            paths_t = t.hypernym_paths()
            common = anc_s & {a for p in paths_t for a in p}
            if not common:
                continue
            big_d = max(max(len(p) for p in a.hypernym_paths()) for a in common)
            d_s, d_t = max(len(p) for p in paths_s), max(len(p) for p in paths_t)
            best = max(best, 2.0 * big_d / (d_s + d_t))
    return best


class WordNetSimilarity:
    """Vectorised word-level Wu-Palmer similarity; the same definition as :func:`wup_reference`.

    A synset's ancestors (itself and every hypernym or instance hypernym above it) and depths (nodes on
    the longest root path) are computed once. For a column synset ``t`` with ancestors ``A(t)``, the depth
    of the deepest ancestor that a row synset ``s`` shares with ``t`` is the maximum of ``d(a)`` over the
    ``a`` in ``A(t)`` that are also ancestors of ``s``: a scatter of ``d(a)`` into the rows below ``a`` (a
    sparse column of the ancestor matrix), in increasing depth. Word similarity is the maximum over the
    words' synset pairs, reduced with ``numpy.maximum.reduceat``. This costs one pass over the ancestor
    columns of each column synset, about 1-2 s for 10,000 x 420 words where NLTK's pairwise
    ``wup_similarity`` would take hours.
    """

    def __init__(self) -> None:
        self._syn_id: dict = {}
        self._depth: list[int] = []
        self._anc: list[list[int]] = []
        self._word_syn: dict[str, list[int]] = {}

    def _sid(self, s) -> int:
        sid = self._syn_id.get(s)
        if sid is not None:
            return sid
        parents = [self._sid(h) for h in s.hypernyms() + s.instance_hypernyms()]
        anc = {a for p in parents for a in self._anc[p]}
        sid = len(self._depth)
        anc.add(sid)
        self._syn_id[s] = sid
        self._depth.append(1 + max((self._depth[p] for p in parents), default=0))
        self._anc.append(sorted(anc))
        return sid

    def synset_ids(self, word: str) -> list[int]:
        """Internal ids of :func:`word_synsets` of ``word`` (cached)."""
        ids = self._word_syn.get(word)
        if ids is None:
            ids = self._word_syn[word] = [self._sid(s) for s in word_synsets(word)]
        return ids

    def matrix(self, rows: Sequence[str], cols: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Similarity of every row word to every column word, shape ``(len(rows), len(cols))``, float64."""
        row_ids = [self.synset_ids(w) for w in rows]
        col_ids = [self.synset_ids(w) for w in cols]
        depth = np.asarray(self._depth, dtype=np.float64)
        # row synsets, numbered 0..n-1, and the ancestor matrix (row synset x synset) in CSC for column slices
        r_syn = np.unique(np.fromiter((i for ids in row_ids for i in ids), dtype=np.int64))
        n_syn = len(self._depth)
        ind_r = np.repeat(np.arange(len(r_syn)), [len(self._anc[s]) for s in r_syn])
        ind_c = np.fromiter((a for s in r_syn for a in self._anc[s]), dtype=np.int64, count=len(ind_r))
        anc = sp.csc_matrix((np.ones(len(ind_r), dtype=np.int8), (ind_r, ind_c)), shape=(len(r_syn), n_syn))
        anc.sort_indices()
        r_depth = depth[r_syn]
        # each row word's synsets as positions in r_syn, concatenated, for the per-word maximum
        pos = {int(s): i for i, s in enumerate(r_syn)}
        lengths = np.array([len(ids) for ids in row_ids])
        flat = np.fromiter((pos[i] for ids in row_ids for i in ids), dtype=np.int64, count=int(lengths.sum()))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        has = lengths > 0
        out = np.zeros((len(rows), len(cols)))
        syn_sim: dict[int, np.ndarray] = {}
        for j, ids in enumerate(_tqdm(col_ids, desc="Wu-Palmer", disable=not progress)):
            if not ids or not len(flat):
                continue
            best = np.zeros(len(r_syn))
            for t in ids:
                sim = syn_sim.get(t)
                if sim is None:
                    shared = np.zeros(len(r_syn))
                    for a in sorted(self._anc[t], key=self._depth.__getitem__):  # deeper ancestors overwrite
                        shared[anc.indices[anc.indptr[a]:anc.indptr[a + 1]]] = depth[a]
                    sim = syn_sim[t] = 2.0 * shared / (r_depth + depth[t])
                np.maximum(best, sim, out=best)
            per_word = np.maximum.reduceat(best[flat], starts[has])
            out[has, j] = per_word
        return out


class GloveSimilarity:
    """Cosine similarity of GloVe 6B 50-d vectors (a phrase is the mean of its words' vectors).

    Words without a vector have similarity 0 with everything. Cosine similarity is not on Wu-Palmer's
    scale: unrelated words sit near 0 (or below) and near-synonyms around 0.6-0.9, so a mean over 20
    description words rarely reaches 0.7; use a lower builder threshold (around 0.4) with it.
    """

    def __init__(self, max_words: int | None = 200_000):
        from mhtext.resources import glove_6b_50d

        words, vecs = glove_6b_50d(max_words)
        self._index = {w: i for i, w in enumerate(words)}
        self._vecs = vecs

    def vectors(self, words: Sequence[str]) -> np.ndarray:
        """Unit vectors of words or phrases (zero rows where no word has a vector)."""
        out = np.zeros((len(words), self._vecs.shape[1]))
        for i, w in enumerate(words):
            ids = [self._index[p] for p in re.split(r"[\s_-]+", w.lower()) if p in self._index]
            if ids:
                v = self._vecs[ids].mean(axis=0)
                out[i] = v / (np.linalg.norm(v) or 1.0)
        return out

    def matrix(self, rows: Sequence[str], cols: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Cosine similarity of every row word to every column word (``progress`` is accepted and ignored)."""
        return self.vectors(rows) @ self.vectors(cols).T


# --------------------------------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------------------------------


def published_lexicon_size(quantity: str = "lexicon.size") -> float | None:
    """A published Section 4.2 count from :mod:`mhtext.published` (``lexicon.size`` or ``lexicon.candidates``).

    None when the quantity is not recorded, so that a reproduction still runs where the table lacks it.
    """
    from mhtext.published import lookup

    try:
        return lookup("mdi-patterns", quantity)
    except KeyError:
        return None


class EmotionLexiconBuilder(BaseEstimator):
    """Build the generalised multidimensional emotion lexicon from a blog corpus and a tweet corpus.

    Parameters
    ----------
    n_topics_blogs, n_topics_tweets
        LDA topics per corpus (paper: 15 and 20; together at least 21, one per representative emotion).
    n_description
        Words per emotion description, the emotion's name included (paper: 20).
    threshold
        Minimum intensity support (mean similarity to an emotion's description words) for a WordNet
        candidate to enter the lexicon (paper: 0.7, on Wu-Palmer's scale).
    expansion_rounds
        WordNet synonym iterations (1: synonyms of the description words; 2: also their synonyms' ...).
    similarity
        ``"wup"`` (Wu-Palmer on WordNet, :class:`WordNetSimilarity`) or ``"glove"`` (cosine of GloVe 6B 50-d
        vectors, :class:`GloveSimilarity`; a mean cosine of 0.7 is very strict, use ~0.4).
    max_candidates
        Score only a seeded random subset of this many WordNet candidates (None: all); a speed valve.
    max_documents
        Fit TF-IDF and LDA on a seeded random subset of at most this many documents of each corpus (None:
        all). sklearn's LDA needs ~0.2 ms per document and pass on one core, so 60,000 blogs would take
        minutes; topics over a few thousand documents are already stable.
    n_top_words
        Words per topic that count as its "top words" (topic matching, descriptions, ``topics_``).
    title_weight, edge_weight
        Passed to :class:`~mhtext.emotion.preprocess.AdvancedTfidf`.
    lda_max_iter
        Passes of online LDA over each corpus.
    seed
        Seeds the document and candidate subsets and LDA.
    progress
        Show tqdm progress bars.

    Attributes
    ----------
    lexicon_ : EmotionLexicon
    description_ : pandas.DataFrame
        Columns emotion, word, topic (global topic number, -1 for the emotion's name), weight (the word's
        probability in that topic), similarity (to the emotion's name), score (weight x similarity).
    topics_ : pandas.DataFrame
        Columns corpus (``"blogs"`` / ``"tweets"``), topic (global number: blogs first), rank, word, weight.
    assignment_ : pandas.DataFrame
        Emotion -> topic: emotion, topic, corpus, score (weighted mean similarity of the topic's top words
        to the emotion's name).
    candidates_ : int
        Number of WordNet candidates (the paper's approximate count is ``lexicon.candidates`` in
        :mod:`mhtext.published`).
    support_ : pandas.DataFrame
        Every scored candidate: term, best emotion, intensity support, kept.
    timings_ : dict[str, float]
        Seconds per step.
    """

    def __init__(self, n_topics_blogs: int = 15, n_topics_tweets: int = 20, n_description: int = 20,
                 threshold: float = 0.7, expansion_rounds: int = 1, similarity: str = "wup",
                 max_candidates: int | None = None, max_documents: int | None = 5000, n_top_words: int = 50,
                 title_weight: float = 2.0, edge_weight: float = 1.5, lda_max_iter: int = 10, seed: int = 0,
                 progress: bool = False):
        self.n_topics_blogs = n_topics_blogs
        self.n_topics_tweets = n_topics_tweets
        self.n_description = n_description
        self.threshold = threshold
        self.expansion_rounds = expansion_rounds
        self.similarity = similarity
        self.max_candidates = max_candidates
        self.max_documents = max_documents
        self.n_top_words = n_top_words
        self.title_weight = title_weight
        self.edge_weight = edge_weight
        self.lda_max_iter = lda_max_iter
        self.seed = seed
        self.progress = progress

    def _check_params(self) -> None:
        if self.n_topics_blogs + self.n_topics_tweets < len(EMOTIONS):
            raise ValueError(f"{self.n_topics_blogs} + {self.n_topics_tweets} topics cannot cover the "
                             f"{len(EMOTIONS)} emotions one topic each; use at least {len(EMOTIONS)} in all")
        if self.similarity not in ("wup", "glove"):
            raise ValueError(f"similarity={self.similarity!r}; use 'wup' or 'glove'")
        if not 0 < self.threshold <= 1:
            raise ValueError(f"threshold={self.threshold} must lie in (0, 1]: kept candidates' supports become "
                             "lexicon intensities, which must be positive")
        if self.n_description < 1 or self.expansion_rounds < 0:
            raise ValueError(f"n_description={self.n_description} must be >= 1 and "
                             f"expansion_rounds={self.expansion_rounds} >= 0")

    def _subset(self, n: int, rng: np.random.Generator) -> np.ndarray:
        if self.max_documents is None or n <= self.max_documents:
            return np.arange(n)
        return np.sort(rng.choice(n, self.max_documents, replace=False))

    def _topics(self, docs: object, n_topics: int, corpus: str, first: int) -> list[pd.DataFrame]:
        tfidf = AdvancedTfidf(title_weight=self.title_weight, edge_weight=self.edge_weight)
        X = tfidf.fit_transform(docs)
        if X.shape[1] < self.n_top_words:
            raise ValueError(f"{corpus}: only {X.shape[1]} emotion words occur in two or more documents, fewer than "
                             f"n_top_words={self.n_top_words}; give more documents or lower n_top_words")
        lda = LatentDirichletAllocation(n_components=n_topics, learning_method="online", batch_size=512,
                                        max_iter=self.lda_max_iter, max_doc_update_iter=30,
                                        random_state=self.seed)
        lda.fit(X)
        words = tfidf.get_feature_names_out()
        dist = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
        out = []
        for k, row in enumerate(dist):
            top = np.argsort(-row, kind="stable")[: self.n_top_words]
            out.append(pd.DataFrame({"corpus": corpus, "topic": first + k, "rank": np.arange(len(top)),
                                     "word": words[top], "weight": row[top]}))
        return out

    def _similarity_model(self):
        return WordNetSimilarity() if self.similarity == "wup" else GloveSimilarity()

    def fit(self, blogs: pd.DataFrame, tweets: Sequence[str] | pd.Series) -> EmotionLexiconBuilder:
        """Build the lexicon (see the module docstring for the paper's steps).

        Topic matching: score(topic, emotion) is the mean similarity of the topic's top words to the
        emotion's name, weighted by the words' topic probabilities; each emotion gets one distinct topic
        by ``scipy.optimize.linear_sum_assignment`` (maximum total score; 14 of the 35 topics stay unused).
        Description of an emotion: its name, then the words of its topic whose NRC categories include the
        emotion's Plutchik parent, ranked by topic probability x similarity to the name, up to
        ``n_description`` words in all. If fewer qualify, the emotion is filled from the other topics'
        qualifying top words by the same ranking. A word goes to one emotion only: ranks are resolved
        greedily, best score first, so a word sits with the emotion that ranks it highest among those with
        room left; emotion names are reserved for their own emotion.

        Parameters
        ----------
        blogs
            Blog posts: a DataFrame with ``title`` and ``text`` (paragraphs separated by blank lines).
        tweets
            Tweet texts.
        """
        from mhtext.resources import nrc_lexicon

        self._check_params()
        rng = np.random.default_rng(self.seed)
        timings: dict[str, float] = {}
        tick = time.perf_counter()

        # a. topics of each corpus
        blogs = blogs.reset_index(drop=True)
        blogs = blogs.iloc[self._subset(len(blogs), rng)]
        tweets = pd.Series(list(tweets), dtype=object)
        tweets = tweets.iloc[self._subset(len(tweets), rng)].tolist()
        topics = self._topics(blogs[["title", "text"]] if "title" in blogs else blogs[["text"]],
                              self.n_topics_blogs, "blogs", 0)
        topics += self._topics(tweets, self.n_topics_tweets, "tweets", self.n_topics_blogs)
        self.topics_ = pd.concat(topics, ignore_index=True)
        timings["topics"] = time.perf_counter() - tick

        # b. match topics to emotions, then describe each emotion
        tick = time.perf_counter()
        sim_model = self._similarity_model()
        top_words = sorted(set(self.topics_["word"]) | set(EMOTIONS))
        sim_names = pd.DataFrame(sim_model.matrix(top_words, list(EMOTIONS)), index=top_words, columns=list(EMOTIONS))
        tp = self.topics_.copy()
        weighted = sim_names.loc[tp["word"]].to_numpy() * tp["weight"].to_numpy()[:, None]
        score = (pd.DataFrame(weighted, columns=list(EMOTIONS)).groupby(tp["topic"].to_numpy()).sum()
                 .div(tp.groupby("topic")["weight"].sum(), axis=0))
        t_idx, e_idx = linear_sum_assignment(-score.to_numpy().T)  # rows: emotions, columns: topics
        corpus_of = tp.drop_duplicates("topic").set_index("topic")["corpus"]
        topic_of = {EMOTIONS[e]: int(score.index[t]) for e, t in zip(t_idx, e_idx, strict=True)}
        self.assignment_ = pd.DataFrame({
            "emotion": list(topic_of), "topic": list(topic_of.values()),
            "corpus": [corpus_of[t] for t in topic_of.values()],
            "score": [float(score.loc[t, e]) for e, t in topic_of.items()],
        })
        self.description_ = self._describe(tp, sim_names, topic_of, nrc_lexicon())
        timings["description"] = time.perf_counter() - tick

        # c. WordNet expansion
        tick = time.perf_counter()
        desc_words = self.description_["word"].tolist()
        candidates = self._expand(desc_words)
        self.candidates_ = len(candidates)
        if self.max_candidates is not None and len(candidates) > self.max_candidates:
            candidates = sorted(rng.choice(candidates, self.max_candidates, replace=False).tolist())
        timings["expansion"] = time.perf_counter() - tick

        # d. intensity support
        tick = time.perf_counter()
        sims = sim_model.matrix(candidates, desc_words, progress=self.progress)
        emo_of_desc = self.description_["emotion"].to_numpy()
        support = np.column_stack([sims[:, emo_of_desc == e].mean(axis=1) for e in EMOTIONS])
        best = support.argmax(axis=1)  # first maximum: EMOTIONS order breaks ties
        best_val = support[np.arange(len(candidates)), best]
        keep = best_val >= self.threshold
        self.support_ = pd.DataFrame({"term": candidates, "emotion": np.asarray(EMOTIONS)[best],
                                      "intensity": best_val, "kept": keep})
        table = pd.concat([
            pd.DataFrame({"term": desc_words, "emotion": emo_of_desc, "intensity": 1.0, "source": "description"}),
            self.support_.loc[keep, ["term", "emotion", "intensity"]].assign(
                intensity=lambda d: d["intensity"].clip(upper=1.0), source="wordnet"),
        ], ignore_index=True)
        self.lexicon_ = EmotionLexicon.from_frame(table)
        timings["intensity"] = time.perf_counter() - tick
        self.timings_ = timings
        return self

    def _describe(self, tp: pd.DataFrame, sim_names: pd.DataFrame, topic_of: dict[str, int],
                  nrc: dict[str, tuple[str, ...]]) -> pd.DataFrame:
        rows = [{"emotion": e, "word": e, "topic": -1, "weight": np.nan, "similarity": 1.0, "score": np.inf,
                 "phase": 0} for e in EMOTIONS]
        for e in EMOTIONS:
            ok = tp["word"].map(lambda w, e=e: PLUTCHIK[e] in nrc.get(w, ())) & ~tp["word"].isin(EMOTIONS)
            cand = tp[ok].assign(similarity=lambda d, e=e: sim_names.loc[d["word"], e].to_numpy())
            cand = cand.assign(score=cand["weight"] * cand["similarity"], emotion=e,
                               phase=np.where(cand["topic"] == topic_of[e], 1, 2))
            rows.extend(cand[["emotion", "word", "topic", "weight", "similarity", "score", "phase"]]
                        .to_dict("records"))
        pool = pd.DataFrame(rows)
        # own topic first (phase 1), fillers from other topics after (phase 2); best score first within a phase
        pool["order"] = pool["emotion"].map({e: i for i, e in enumerate(EMOTIONS)})
        pool = pool.sort_values(["phase", "score", "order"], ascending=[True, False, True], kind="stable")
        used: set[str] = set()
        count = dict.fromkeys(EMOTIONS, 0)
        keep = []
        for i, e, w in zip(pool.index, pool["emotion"], pool["word"], strict=True):
            if w in used or count[e] >= self.n_description:
                continue
            used.add(w)
            count[e] += 1
            keep.append(i)
        out = pool.loc[keep].sort_values(["order", "phase", "score"], ascending=[True, True, False], kind="stable")
        return out.drop(columns=["order", "phase"]).reset_index(drop=True)

    def _expand(self, words: list[str]) -> list[str]:
        wn = _wordnet()
        seen = set(words)
        frontier = list(words)
        found: set[str] = set()
        for _ in range(self.expansion_rounds):
            new = set()
            for w in _tqdm(frontier, desc="WordNet synonyms", disable=not self.progress):
                for s in wn.synsets(w.replace(" ", "_")):
                    new.update(normalise_term(lem.name()) for lem in s.lemmas())
            new -= seen
            found |= new
            seen |= new
            frontier = sorted(new)
        return sorted(found)

    def summary(self) -> pd.DataFrame:
        """Lexicon size and WordNet candidates beside the paper's (``published`` is NaN where not recorded)."""
        quantities = ["lexicon.size", "lexicon.candidates"]
        published = [published_lexicon_size(q) for q in quantities]
        return pd.DataFrame({
            "quantity": quantities,
            "reproduced": [self.lexicon_.size, self.candidates_],
            "published": [np.nan if p is None else p for p in published],
        })
