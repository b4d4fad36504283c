"""GloVe word vectors in their text format (Pennington, Socher and Manning 2014).

One word per line, then its ``d`` components, separated by single spaces::

    <user> 0.31553 0.53765 0.10177 ...

Study A initialised its embeddings with the Twitter vectors
(``glove.twitter.27B.{25,50,100,200}d.txt``, 1.19 M words, in frequency order).
No package ships those; a user who wants them downloads ``glove.twitter.27B.zip``
from the Stanford NLP site and places the text file by hand (see the card).
A word2vec-style first line (``"<count> <dim>"``) is recognised and skipped.

Hostile files (see :mod:`mhtext.data.errors`): a UTF-8 BOM is dropped; LF, CRLF and CR-only line
ends are read; a file must end with a line end (the Stanford files do; one without was cut short,
its last vector possibly missing digits). A line whose component count differs from the first's, a
component that is not a number, a word that is not UTF-8 or a line over
:data:`~mhtext.data.errors.MAX_FIELD_CHARS` raises :class:`~mhtext.data.errors.LoadError` naming file
and line; no frame is returned. A word repeated keeps its first vector (documented, not an error).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from mhtext import paths
from mhtext.data import registry
from mhtext.data.errors import MAX_FIELD_CHARS, UTF8_BOM, LoadError
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
                raise LoadError(path, f"a vector component is not a number ({str(exc)[:80]})", line=lineno,
                                hint="Components are decimal numbers separated by single spaces.") from None
        raise LoadError(path, "a vector component is not a number", line=linenos[0],
                        hint="Components are decimal numbers separated by single spaces.") from None
    return block.reshape(len(rests), dim)


def _raw_lines(path: Path) -> Iterator[bytes]:
    """The file's lines as bytes with their line ends; CR-only files (no LF at all) split at CR."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
        if b"\r" in head and b"\n" not in head:
            data = head + fh.read()
            if b"\n" not in data:
                yield from data.replace(b"\r", b"\n").splitlines(keepends=True)
                return
        fh.seek(0)
        yield from fh


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
    mhtext.data.errors.LoadError
        Empty file, a line whose dimension differs from the first line's, a
        non-numeric component, a word that is not utf-8, no final line end
        (message names the line; see the module docstring).
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
    for lineno, raw in enumerate(_raw_lines(path), start=1):
        if limit is not None and len(words) >= limit:
            break
        if lineno == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM):]
        if len(raw) > MAX_FIELD_CHARS:
            raise LoadError(path, f"the line is {len(raw):,} bytes long, over the limit of {MAX_FIELD_CHARS:,}",
                            line=lineno, hint="The file is damaged (a missing line end?); copy it again.")
        if raw.strip() and not raw.endswith(b"\n"):
            raise LoadError(path, "the file ends without a line end, so its last vector may be cut short",
                            line=lineno, hint="Copy the file again; if it is complete, add a final newline.")
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
                raise LoadError(path, "no vector after the word", line=lineno,
                                hint="Expected 'word v1 ... vd', separated by single spaces.")
        if wanted is not None and word not in wanted:
            continue
        # Count separators rather than parse: cheap, and catches truncated lines.
        got = rest.count(b" ") + 1 if rest else 0
        if got != dim:
            raise LoadError(path, f"{got} components where the file's vectors have {dim}", line=lineno,
                            hint="The file is truncated or malformed; copy it again.")
        if word in seen:
            continue
        try:
            words.append(word.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise LoadError(path, f"the word is not valid utf-8 ({exc.reason} at byte {exc.start})", line=lineno,
                            hint="Re-save the file as UTF-8.") from None
        seen.add(word)
        rests.append(rest)
        linenos.append(lineno)
        if len(rests) >= _CHUNK:
            blocks.append(_parse_chunk(rests, linenos, dim, path))
            rests, linenos = [], []
    if n_lines == 0:
        raise LoadError(path, "the file is empty", hint="Expected lines 'word v1 ... vd'.")
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
