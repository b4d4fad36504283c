"""Reddit C-SSRS suicide-risk data set (Gaur et al. 2019): 500 users, graded on an ordinal scale.

Layout read (as in ``/work/shared/data/reddit-cssrs`` and the Zenodo record)::

    reddit-cssrs/500_Reddit_users_posts_labels.csv   columns: User, Post, Label

One row per user. ``Post`` holds all of the user's posts as a Python list
literal of strings, in their original order; ``Label`` is the user's grade on
the Columbia Suicide Severity Rating Scale, one of :data:`LEVELS`, ordinal.

28 ``Post`` cells of the release are cut at 32,759 characters (a spreadsheet
cell limit), so a strict parse fails on them. :func:`parse_posts` then keeps
every complete post before the cut and the partial last one, and the user is
flagged ``truncated``.

Some cells were written as Python 2 byte strings, so non-ASCII characters
appear as ``\\x`` escapes of their UTF-8 bytes (``\\xe2\\x80\\x9c`` for ``“``) and
parse to Latin-1 mojibake (``â\\x80\\x9c``). The loader repairs each such run with
:func:`mhtext.data.loaders.irf.repair_mojibake` (codec ``latin-1``): only runs
that decode as UTF-8 and encode back unchanged; 52 posts of 37 users.

Hostile files (see :mod:`mhtext.data.errors`): read like IRF's (UTF-8, a BOM dropped, LF, CRLF or
CR-only line ends, a final line end required, field counts checked, no field over
:data:`~mhtext.data.errors.MAX_FIELD_CHARS`, extra columns ignored); a label outside
:data:`LEVELS`, a repeated user or a ``Post`` cell that is not a (possibly cut) list of strings
raises :class:`~mhtext.data.errors.LoadError` naming file, line and column; no frame is returned.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd

from mhtext import paths
from mhtext.data import registry
from mhtext.data.errors import short
from mhtext.data.loaders.irf import read_release_csv, repair_mojibake
from mhtext.data.registry import register

NAME = "reddit-cssrs"
DEFAULT_DIR = "reddit-cssrs"
FILE = "500_Reddit_users_posts_labels.csv"
COLUMNS = ("User", "Post", "Label")
#: The C-SSRS grades of the data set, from no risk to the most severe.
LEVELS = ("Supportive", "Indicator", "Ideation", "Behavior", "Attempt")
#: Length at which the release's cut cells end (Excel's cell limit less the list's closing).
CELL_LIMIT = 32759

# One complete Python string literal (single or double quoted, backslash escapes), no prefix.
_LITERAL = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""", re.S)
_SEP = re.compile(r"\s*,\s*")
_OPEN = re.compile(r"\s*\[\s*")
# A string literal opened but never closed: the cut.
_UNCLOSED = re.compile(r"""(')((?:[^'\\]|\\.)*)\\?|(")((?:[^"\\]|\\.)*)\\?""", re.S)


def _decode_partial(quote: str, body: str) -> str:
    """The text of an unclosed literal; an escape cut in half at the end is dropped."""
    for cut in range(min(len(body), 10) + 1):  # the longest escape, \N{...} aside, is \U0010ffff
        try:
            return ast.literal_eval(quote + body[: len(body) - cut] + quote)
        except (SyntaxError, ValueError):
            continue
    raise ValueError(f"cannot decode the cut last post {body[-40:]!r}")


def parse_posts(cell: str) -> tuple[list[str], bool]:
    """Posts of one ``Post`` cell.

    Parameters
    ----------
    cell
        A Python list literal of strings, possibly cut short.

    Returns
    -------
    tuple of (list of str, bool)
        The posts and whether the cell was cut. A complete cell is parsed with
        :func:`ast.literal_eval` (never ``eval``). A cut cell, one that opens a list
        but stops inside it, gives every complete string literal before the cut
        and the partial last one (if the cut left any of its text).

    Raises
    ------
    ValueError
        The cell is neither a list of strings nor one cut short.
    """
    try:
        value = ast.literal_eval(cell)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        value = None
    else:
        if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
            raise ValueError(f"expected a list of strings, got a {type(value).__name__}")
        return value, False
    start = _OPEN.match(cell)
    if start is None:
        raise ValueError(f"not a Python list literal: starts {cell[:40]!r}")
    posts: list[str] = []
    pos = start.end()
    while (lit := _LITERAL.match(cell, pos)) is not None:
        posts.append(ast.literal_eval(lit.group()))
        pos = lit.end()
        sep = _SEP.match(cell, pos)
        if sep is None:
            break
        pos = sep.end()
    rest = cell[pos:]
    if rest:
        tail = _UNCLOSED.fullmatch(rest)
        if tail is None:
            raise ValueError(f"malformed list literal at character {pos}: {rest[:40]!r}")
        quote, body = (tail.group(1), tail.group(2)) if tail.group(1) else (tail.group(3), tail.group(4))
        partial = _decode_partial(quote, body)
        if partial:
            posts.append(partial)
    return posts, True


def resolve_file(path: str | Path | None) -> Path:
    """The CSV: ``path`` itself if a file, else ``path/<FILE>`` or ``path/reddit-cssrs/<FILE>``."""
    root = paths.data_dir() / DEFAULT_DIR if path is None else Path(path)
    if root.is_file():
        return root
    for candidate in (root / FILE, root / DEFAULT_DIR / FILE):
        if candidate.is_file():
            return candidate
    raise registry.missing_file(NAME, root / FILE)


@register(NAME)
def load_reddit_cssrs(path: str | Path | None = None) -> pd.DataFrame:
    """Read the Reddit C-SSRS data set, one row per user.

    Parameters
    ----------
    path
        The CSV file, or the folder holding it (or holding ``reddit-cssrs/``);
        default ``data_dir()/reddit-cssrs``.

    Returns
    -------
    pandas.DataFrame
        ``user_id`` (str, ``user-0`` ...), ``posts`` (list of str, in their
        original order), ``n_posts`` (int), ``label`` (ordered Categorical with
        categories :data:`LEVELS`, Supportive < ... < Attempt), ``truncated``
        (bool: the cell was cut and its last post is partial). ``attrs``:
        ``truncated_cells`` (int), ``n_posts`` (total) and ``repaired_posts``
        (posts whose mojibake was repaired, see the module docstring).

    Raises
    ------
    mhtext.data.DatasetNotFoundError
        The file is absent.
    mhtext.data.errors.LoadError
        A hostile file (see the module docstring): empty or unreadable file, missing
        column (named), a ``Post`` cell that is neither a list of strings nor one cut
        short, a label outside :data:`LEVELS`, or a repeated user (file, line and column named).
    """
    csv = resolve_file(path)
    table = read_release_csv(csv, COLUMNS)
    raw = table.frame
    labels = raw["Label"].str.strip()
    bad = ~labels.isin(LEVELS)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise table.error(i, f"data row {i + 1} ({raw['User'].iloc[i][:40]}): label {short(raw['Label'].iloc[i])} "
                             f"is not one of {', '.join(LEVELS)}", column="Label",
                          hint="Labels are the C-SSRS grades of the release.")
    dup = raw["User"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().argmax())
        raise table.error(i, f"data row {i + 1}: user {short(raw['User'].iloc[i])} appears twice; one row per user",
                          column="User", hint="Remove the duplicated row.")
    posts, cut, repaired = [], [], 0
    for i, (user, cell) in enumerate(zip(raw["User"], raw["Post"], strict=True)):
        try:
            p, c = parse_posts(cell)
        except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
            raise table.error(i, f"data row {i + 1} ({user[:40]}): {exc}", column="Post",
                              hint="A Post cell is a Python list literal of strings.") from None
        fixed = [repair_mojibake(post, codec="latin-1") for post in p]
        repaired += sum(n > 0 for _, n in fixed)
        posts.append([post for post, _ in fixed])
        cut.append(c)
    df = pd.DataFrame(
        {
            "user_id": raw["User"],
            "posts": posts,
            "n_posts": [len(p) for p in posts],
            "label": pd.Categorical(labels, categories=LEVELS, ordered=True),
            "truncated": cut,
        }
    )
    df.attrs.update(truncated_cells=int(sum(cut)), n_posts=int(df["n_posts"].sum()), repaired_posts=repaired)
    return df


def cssrs_posts(df: pd.DataFrame) -> pd.DataFrame:
    """One row per post of a frame from ``load("reddit-cssrs")``.

    Parameters
    ----------
    df
        The user-level frame.

    Returns
    -------
    pandas.DataFrame
        ``user_id``, ``post_index`` (int, 0-based position in the user's list),
        ``text`` (str), ``label`` (the user's ordered Categorical grade),
        ``partial`` (bool: the cut last post of a truncated cell). ``attrs`` are
        those of ``df`` (data set and kind, so the privacy guard still sees a
        sensitive data set), with the checksum of the new frame.
    """
    missing = [c for c in ("user_id", "posts", "label") if c not in df.columns]
    if missing:
        raise ValueError(f"cssrs_posts: columns {missing} are missing; pass the frame of load('reddit-cssrs').")
    long = df[["user_id", "posts", "label"]].explode("posts", ignore_index=False)
    long = long[long["posts"].notna()]  # a user with no posts explodes to one NaN row
    post_index = long.groupby(level=0).cumcount()
    n = df["posts"].map(len).reindex(long.index)
    truncated = df.get("truncated", pd.Series(False, index=df.index)).reindex(long.index).astype(bool)
    out = pd.DataFrame(
        {
            "user_id": long["user_id"].to_numpy(),
            "post_index": post_index.to_numpy(dtype="int64"),
            "text": long["posts"].astype(str).to_numpy(),
            "label": pd.Categorical(long["label"], categories=df["label"].cat.categories, ordered=True),
            "partial": (truncated & (post_index == n - 1)).to_numpy(),
        }
    )
    out.attrs = {**df.attrs}
    if "checksum" in out.attrs:
        out.attrs["checksum"] = registry.frame_checksum(out)
    return out
