"""GloVe word vectors in their text format (Pennington, Socher and Manning 2014).

One word per line, then its ``d`` components, separated by single spaces::

    <user> 0.31553 0.53765 0.10177 ...

Study A initialised its embeddings with the Twitter vectors
(``glove.twitter.27B.{25,50,100,200}d.txt``, 1.19 M words, in frequency order).
No package ships those; a user who wants them downloads ``glove.twitter.27B.zip``
from the Stanford NLP site and places the text file by hand (see the card).
A word2vec-style first line (``"<count> <dim>"``) is recognised and skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from mhtext import paths
from mhtext.data import registry
from mhtext.data.registry import register

NAME = "glove-text"
DEFAULT_DIR = "glove"
#: File name of the Twitter vectors of each dimension, as in glove.twitter.27B.zip.
TWITTER_FILE = "glove.twitter.27B.{dim}d.txt"
# Lines parsed per numpy call: large enough to be fast, small enough to bound memory.
_CHUNK = 20_000


def _parse_chunk(rests: list[bytes], linenos: list[int], dim: int, path: Path) -> np.ndarray:
    """Parse the numeric parts of ``len(rests)`` lines into a float32 block."""
    try:
        block = np.array(b" ".join(rests).split(), dtype=np.float32)
    except ValueError:
        # Find the offending line so the message can name it.
        for rest, lineno in zip(rests, linenos, strict=True):
            try:
                [float(x) for x in rest.split()]
            except ValueError as exc:
                raise ValueError(f"{path}, line {lineno}: a vector component is not a number ({exc}).") from None
        raise
    return block.reshape(len(rests), dim)


def _header_dim(word: bytes, rest: bytes) -> int | None:
    """The dimension announced by a word2vec header line (``"400000 100"``), else None."""
    parts = rest.split()
    if word.isdigit() and len(parts) == 1 and parts[0].isdigit():
        return int(parts[0])
    return None


def read_glove_text(
    path: str | Path,
    vocab: Iterable[str] | None = None,
    max_words: int | None = None,
) -> tuple[list[str], np.ndarray]:
    """Read GloVe text vectors.

    Parameters
    ----------
    path
        A GloVe ``.txt`` file (utf-8).
    vocab
        If given, keep only these words; other lines are skipped without parsing
        their numbers, which makes reading a few thousand words from the 1.2 M-line
        Twitter file take seconds.
    max_words
        Stop after this many kept words (the file is in frequency order, so the
        most frequent ones).

    Returns
    -------
    words : list of str
        Kept words in file order; a word that appears twice keeps its first vector.
    vectors : numpy.ndarray
        ``float32`` array of shape ``(len(words), d)``.

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    ValueError
        Empty file, a line whose dimension differs from the first line's, a
        non-numeric component, or a word that is not utf-8 (message names the line).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no GloVe file at {path}")
    wanted = None if vocab is None else {w.encode("utf-8") for w in vocab}
    limit = None if max_words is None else int(max_words)
    dim: int | None = None
    words: list[str] = []
    seen: set[bytes] = set()
    blocks: list[np.ndarray] = []
    rests: list[bytes] = []
    linenos: list[int] = []
    n_lines = 0
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if limit is not None and len(words) >= limit:
                break
            line = raw.rstrip(b"\r\n")
            if not line.strip():
                continue
            n_lines += 1
            word, _, rest = line.partition(b" ")
            rest = rest.strip()
            if n_lines == 1:
                header = _header_dim(word, rest)
                if header is not None:
                    dim = header
                    continue
            if dim is None:
                dim = rest.count(b" ") + 1 if rest else 0
                if dim < 1:
                    raise ValueError(f"{path}, line {lineno}: no vector after the word; expected 'word v1 ... vd'.")
            if wanted is not None and word not in wanted:
                continue
            # Count separators rather than parse: cheap, and catches truncated lines.
            got = rest.count(b" ") + 1 if rest else 0
            if got != dim:
                raise ValueError(
                    f"{path}, line {lineno}: {got} components where the file's vectors have {dim}; "
                    "the file is truncated or malformed."
                )
            if word in seen:
                continue
            try:
                words.append(word.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise ValueError(f"{path}, line {lineno}: the word is not valid utf-8 ({exc}).") from None
            seen.add(word)
            rests.append(rest)
            linenos.append(lineno)
            if len(rests) >= _CHUNK:
                blocks.append(_parse_chunk(rests, linenos, dim, path))
                rests, linenos = [], []
    if n_lines == 0:
        raise ValueError(f"{path}: the file is empty; expected lines 'word v1 ... vd'.")
    if rests:
        blocks.append(_parse_chunk(rests, linenos, dim, path))
    vectors = np.concatenate(blocks) if blocks else np.zeros((0, dim or 0), dtype=np.float32)
    return words, vectors


@register(NAME)
def load_glove_text(
    path: str | Path | None = None,
    *,
    dim: int = 100,
    vocab: Iterable[str] | None = None,
    max_words: int | None = None,
) -> pd.DataFrame:
    """GloVe vectors as a frame indexed by word.

    Parameters
    ----------
    path
        A GloVe ``.txt`` file, or a folder holding ``glove.twitter.27B.{dim}d.txt``;
        default ``data_dir()/glove/glove.twitter.27B.{dim}d.txt``.
    dim
        Dimension of the Twitter file to look for when ``path`` is a folder or None.
    vocab, max_words
        As in :func:`read_glove_text`.

    Returns
    -------
    pandas.DataFrame
        Index ``word`` (str, unique), columns ``d0`` ... ``d{n-1}`` (float32).
    """
    p = paths.data_dir() / DEFAULT_DIR if path is None else Path(path)
    if p.is_dir() or path is None:
        p = p / TWITTER_FILE.format(dim=dim)
    if not p.is_file():
        raise registry.missing_file(NAME, p)
    words, vectors = read_glove_text(p, vocab=vocab, max_words=max_words)
    columns = [f"d{i}" for i in range(vectors.shape[1])]
    return pd.DataFrame(vectors, index=pd.Index(words, name="word", dtype=object), columns=columns)
