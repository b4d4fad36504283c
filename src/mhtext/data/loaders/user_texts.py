"""A corpus a user brings: a CSV file of labelled texts (always treated as sensitive).

The smallest real-format road into a study: one row per text, a ``text`` column, a ``label``
column and, when the corpus has authors, an author column. Its card says ``sensitive: true``, so
no raw text from it leaves a run (:mod:`mhtext.privacy`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mhtext.data.registry import register

NAME = "user-texts"


@register(NAME)
def load_user_texts(path: str | Path, *, text_col: str = "text", label_col: str | None = "label",
                    author_col: str | None = None) -> pd.DataFrame:
    """Read a user's CSV of labelled texts.

    Parameters
    ----------
    path : path
        The CSV file (UTF-8, a header row).
    text_col, label_col : str
        The columns holding the text and its label; ``label_col=None`` (or "") for unlabelled texts.
    author_col : str, optional
        The column naming each text's author; without it every text counts as its own author.

    Returns
    -------
    pandas.DataFrame
        ``text`` (str), ``label`` (str, unless unlabelled) and, with ``author_col``, ``user_id``.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{NAME}: no file at {p}; pass the path of a CSV with '{text_col}' and "
                                f"'{label_col}' columns")
    raw = pd.read_csv(p, dtype=str, keep_default_na=False)
    wanted = [text_col] + ([label_col] if label_col else []) + ([author_col] if author_col else [])
    missing = [c for c in wanted if c not in raw.columns]
    if missing:
        raise ValueError(f"{NAME}: {p} has no column(s) {missing}; its columns are {list(raw.columns)}. "
                         "Name them with text_col=, label_col=, author_col=.")
    empty = raw.index[raw[text_col].str.strip() == ""].tolist()
    if empty:
        raise ValueError(f"{NAME}: {p}: {len(empty)} empty text(s), first at data row {empty[0] + 1}; "
                         "remove them or fill them in")
    out = pd.DataFrame({"text": raw[text_col]})
    if label_col:
        out["label"] = raw[label_col]
    if author_col:
        out["user_id"] = raw[author_col]
    return out
