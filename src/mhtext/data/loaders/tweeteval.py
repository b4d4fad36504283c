"""TweetEval (Barbieri et al. 2020): tweet classification tasks in one format.

Layout read (as in ``/work/shared/data/tweeteval`` and the ``datasets/`` folder of
the cardiffnlp/tweeteval repository)::

    tweeteval/<task>/<split>_text.txt     one tweet per line
    tweeteval/<task>/<split>_labels.txt   one label id per line, aligned with the texts
    tweeteval/<task>/mapping.txt          "<id><TAB><name>" per line

Splits are ``train``, ``val`` and ``test``. The copy in ``/work/shared/data``
has the sentiment task's ``val`` and ``test`` only. Texts lose their trailing
whitespace (the files pad every tweet with a space).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from mhtext import paths
from mhtext.data import registry
from mhtext.data.loaders.goemotions import read_lines
from mhtext.data.registry import register

DEFAULT_DIR = "tweeteval"
SPLITS = ("train", "val", "test")
TASKS = {"tweeteval-sentiment": "sentiment", "tweeteval-emotion": "emotion"}


def read_mapping(path: Path) -> dict[int, str]:
    """``mapping.txt``: label id -> name."""
    mapping: dict[int, str] = {}
    for lineno, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            continue
        parts = line.strip().split("\t")
        if len(parts) != 2 or not parts[0].strip().lstrip("-").isdigit():
            raise ValueError(f"{path}, line {lineno}: expected '<id><TAB><name>', got {line!r}.")
        mapping[int(parts[0])] = parts[1].strip()
    if not mapping:
        raise ValueError(f"{path}: the file is empty; expected '<id><TAB><name>' lines.")
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
        raise ValueError(f"{text_path}: the file is empty; expected one tweet per line.")
    if len(texts) != len(raw_labels):
        raise ValueError(
            f"{text_path} has {len(texts)} lines but {label_path} has {len(raw_labels)}; "
            "the two files must align line by line."
        )
    ids = []
    for lineno, raw in enumerate(raw_labels, start=1):
        try:
            i = int(raw.strip())
        except ValueError:
            raise ValueError(f"{label_path}, line {lineno}: label {raw!r} is not an integer id.") from None
        if i not in mapping:
            raise ValueError(f"{label_path}, line {lineno}: unknown label id {i}; mapping.txt has {sorted(mapping)}.")
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
    ValueError
        Text and label files of different lengths (both named), empty file, or an
        unknown label id (file and line named).
    """


@register("tweeteval-sentiment")
def load_tweeteval_sentiment(path: str | Path | None = None, *, splits: Sequence[str] | None = None) -> pd.DataFrame:
    return load_tweeteval("tweeteval-sentiment", path, splits)


@register("tweeteval-emotion")
def load_tweeteval_emotion(path: str | Path | None = None, *, splits: Sequence[str] | None = None) -> pd.DataFrame:
    return load_tweeteval("tweeteval-emotion", path, splits)


load_tweeteval_sentiment.__doc__ = _DOC.format(task="sentiment")
load_tweeteval_emotion.__doc__ = _DOC.format(task="emotion")
