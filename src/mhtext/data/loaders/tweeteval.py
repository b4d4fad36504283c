"""TweetEval (Barbieri et al. 2020): tweet classification tasks in one format.

Layout read (as in ``/work/shared/data/tweeteval`` and the ``datasets/`` folder of
the cardiffnlp/tweeteval repository)::

    tweeteval/<task>/<split>_text.txt     one tweet per line
    tweeteval/<task>/<split>_labels.txt   one label id per line, aligned with the texts
    tweeteval/<task>/mapping.txt          "<id><TAB><name>" per line

Splits are ``train``, ``val`` and ``test``. The copy in ``/work/shared/data``
has the sentiment task's ``val`` and ``test`` only. Texts lose their trailing
whitespace (the files pad every tweet with a space).

Hostile files (see :mod:`mhtext.data.errors`): text and label files must be UTF-8 (a BOM is
dropped, CR-only line ends are read as line ends), end with a line end (the release's do) and
align line by line; a label must be an id of ``mapping.txt``, which may not give an id twice.
``mapping.txt`` is released without a final newline, so none is required there. Anything else
raises :class:`~mhtext.data.errors.LoadError` naming the file and line; no frame is returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from mhtext import paths
from mhtext.data import registry
from mhtext.data.errors import LoadError, short
from mhtext.data.loaders.goemotions import read_lines
from mhtext.data.registry import register

DEFAULT_DIR = "tweeteval"
SPLITS = ("train", "val", "test")
TASKS = {"tweeteval-sentiment": "sentiment", "tweeteval-emotion": "emotion"}


def read_mapping(path: Path) -> dict[int, str]:
    """``mapping.txt``: label id -> name."""
    mapping: dict[int, str] = {}
    for lineno, line in enumerate(read_lines(path, final_newline=False), start=1):
        if not line.strip():
            continue
        parts = line.strip().split("\t")
        if len(parts) != 2 or not parts[0].strip().lstrip("-").isdigit():
            raise LoadError(path, f"expected '<id><TAB><name>', got {short(line)}", line=lineno,
                            hint="One label per line: its integer id, a tab, its name.")
        if int(parts[0]) in mapping:
            raise LoadError(path, f"label id {int(parts[0])} is given twice", line=lineno,
                            hint="Each id names one label; remove the repeat.")
        mapping[int(parts[0])] = parts[1].strip()
    if not mapping:
        raise LoadError(path, "the file is empty", hint="Expected '<id><TAB><name>' lines.")
    return mapping


def read_split(folder: Path, split: str, mapping: dict[int, str], name: str) -> pd.DataFrame:
    """Texts and labels of one split, checked for alignment."""
    text_path, label_path = folder / f"{split}_text.txt", folder / f"{split}_labels.txt"
    for p in (text_path, label_path):
        if not p.is_file():
            raise registry.missing_file(name, p)
    texts = [t.rstrip() for t in read_lines(text_path)]
    raw_labels = read_lines(label_path)
    if not texts:
        raise LoadError(text_path, "the file is empty", hint="Expected one tweet per line.")
    if len(texts) != len(raw_labels):
        raise LoadError(
            text_path, f"{len(texts)} lines, but {label_path} has {len(raw_labels)}",
            line=min(len(texts), len(raw_labels)) + 1,
            hint="The text and label files must align line by line; one of them is cut short or has extra lines.",
        )
    ids = []
    for lineno, raw in enumerate(raw_labels, start=1):
        try:
            i = int(raw.strip())
        except ValueError:
            raise LoadError(label_path, f"label {short(raw)} is not an integer id", line=lineno,
                            hint=f"Use an id of mapping.txt: {sorted(mapping)}.") from None
        if i not in mapping:
            raise LoadError(label_path, f"unknown label id {i}; mapping.txt has {sorted(mapping)}", line=lineno,
                            hint="Use the mapping.txt that came with this task.")
        ids.append(i)
    return pd.DataFrame({"text": texts, "label": [mapping[i] for i in ids], "label_id": ids, "split": split})


def resolve_dir(path: str | Path | None, task: str, name: str) -> Path:
    """The task folder: ``path/<task>``, ``path`` itself, or ``data_dir()/tweeteval/<task>``."""
    root = paths.data_dir() / DEFAULT_DIR if path is None else Path(path)
    for folder in (root / task, root):
        if (folder / "mapping.txt").is_file():
            return folder
    raise registry.missing_file(name, root / task / "mapping.txt")


def load_tweeteval(name: str, path: str | Path | None = None, splits: Sequence[str] | None = None) -> pd.DataFrame:
    """Read one TweetEval task (``name`` is a registry name in :data:`TASKS`)."""
    task = TASKS[name]
    folder = resolve_dir(path, task, name)
    if splits is None:
        splits = [s for s in SPLITS if (folder / f"{s}_text.txt").is_file() or (folder / f"{s}_labels.txt").is_file()]
        if not splits:
            raise registry.missing_file(name, folder / "test_text.txt")
    splits = (splits,) if isinstance(splits, str) else tuple(splits)
    bad = [s for s in splits if s not in SPLITS]
    if bad:
        raise ValueError(f"{name}: unknown splits {bad}; choose from {SPLITS}")
    mapping = read_mapping(folder / "mapping.txt")
    return pd.concat([read_split(folder, s, mapping, name) for s in splits], ignore_index=True)


_DOC = """Read TweetEval's {task} task.

    Parameters
    ----------
    path
        The ``tweeteval`` folder or the ``{task}`` folder; default
        ``data_dir()/tweeteval/{task}``.
    splits
        Any of ``"train"``, ``"val"``, ``"test"``; default: every split present.

    Returns
    -------
    pandas.DataFrame
        ``text`` (str), ``label`` (str, the class name from ``mapping.txt``),
        ``label_id`` (int), ``split`` (str).

    Raises
    ------
    mhtext.data.DatasetNotFoundError
        The folder or a requested file is absent.
    mhtext.data.errors.LoadError
        A hostile file (see the module docstring): text and label files of different
        lengths (both named), an empty file, an unknown label id (file and line named).
    """


@register("tweeteval-sentiment")
def load_tweeteval_sentiment(path: str | Path | None = None, *, splits: Sequence[str] | None = None) -> pd.DataFrame:
    return load_tweeteval("tweeteval-sentiment", path, splits)


@register("tweeteval-emotion")
def load_tweeteval_emotion(path: str | Path | None = None, *, splits: Sequence[str] | None = None) -> pd.DataFrame:
    return load_tweeteval("tweeteval-emotion", path, splits)


load_tweeteval_sentiment.__doc__ = _DOC.format(task="sentiment")
load_tweeteval_emotion.__doc__ = _DOC.format(task="emotion")
