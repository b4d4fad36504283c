"""Reddit corpora: UMD Reddit Suicidality Dataset v2 and the Reddit Mental Health Dataset.

``umd-reddit-suicidality`` (Shing et al. 2018; Zirikly et al. 2019), by request
under a data use agreement. Layout of ``umd_reddit_suicidewatch_dataset_v2/``::

    crowd/train/shared_task_posts.csv        post_id,user_id,timestamp,subreddit,post_title,post_body
    crowd/train/crowd_train.csv              user_id,label   (a/b/c/d; blank for control users)
    crowd/test/shared_task_posts_test.csv    same columns
    crowd/test/crowd_test*.csv               user_id,label   (crowd_test.csv or crowd_test_{A,B,C}.csv)
    expert/expert_posts.csv, expert/expert.csv   the expert-annotated subset (study D used it)

Risk labels are per user: a = no risk, b = low, c = moderate, d = severe.
Users without a label (blank, or absent from the label file) are the control
users, who never posted in r/SuicideWatch; they get ``label="control"``.

``reddit-mental-health`` (Low et al. 2020, Zenodo 3941387): one CSV per
subreddit and period, e.g. ``depression_pre_features_tfidf_256.csv``, with
columns ``subreddit, author, date, post`` followed by hundreds of feature
columns, which are not read.

Hostile files (see :mod:`mhtext.data.errors`, whose :func:`~mhtext.data.errors.read_table` reads
every CSV here): UTF-8 (a BOM is dropped), LF, CRLF or CR-only line ends, a final line end required
(a file without one was cut short), every row with as many fields as the header, no field over
:data:`~mhtext.data.errors.MAX_FIELD_CHARS`, every needed column present (extra ones ignored).
UMD post ids must be unique within a posts file and labels one of a/b/c/d or blank; a user listed
twice in one label file with the same label counts once, with different labels is refused. Anything
else raises :class:`~mhtext.data.errors.LoadError` naming file, line and column; no frame is returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from mhtext import paths
from mhtext.data import registry
from mhtext.data.errors import LoadError, Table, read_table, short
from mhtext.data.registry import register

UMD = "umd-reddit-suicidality"
UMD_DIR = "umd_reddit_suicidewatch_dataset_v2"
RISK_LABELS = ("a", "b", "c", "d")
#: What each UMD risk letter means (Shing et al. 2018).
RISK_MEANING = {"a": "no risk", "b": "low risk", "c": "moderate risk", "d": "severe risk", "control": "control user"}
POST_COLUMNS = ("post_id", "user_id", "timestamp", "subreddit", "post_title", "post_body")
UMD_COLUMNS = ("post_id", "user_id", "timestamp", "subreddit", "title", "body", "text", "label", "split")

RMH = "reddit-mental-health"
RMH_DIR = "reddit_mental_health"
RMH_COLUMNS = ("subreddit", "author", "date", "post")


def _read_csv(path: Path, name: str, columns: Sequence[str]) -> Table:
    """Read ``columns`` of a CSV with a header, as strings, strictly (:func:`~mhtext.data.errors.read_table`)."""
    if not path.is_file():
        raise registry.missing_file(name, path)
    table = read_table(path, columns, usecols=columns)
    table.check_lengths()
    return table


def _umd_posts(path: Path) -> pd.DataFrame:
    table = _read_csv(path, UMD, POST_COLUMNS)
    df = table.frame
    seconds = pd.to_numeric(df["timestamp"], errors="coerce")
    for col, bad in (("post_id", df["post_id"].eq("")), ("user_id", df["user_id"].eq("")),
                     ("timestamp", seconds.isna() | (seconds % 1 != 0) | (seconds.abs() > 1e11))):
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise table.error(i, f"data row {i + 1}: needs a post id, a user id and a unix timestamp; "
                                 f"got {col}={short(df[col].iloc[i])}", column=col,
                              hint="Correct the row or remove it.")
    table.check_unique("post_id", "post id")
    df["timestamp"] = pd.to_datetime(seconds.astype("int64"), unit="s", utc=True)
    return df


def _umd_labels(files: Sequence[Path]) -> pd.Series:
    """user_id -> label from one or more label files; blank labels mean control."""
    frames = []
    for p in files:
        table = _read_csv(p, UMD, ("user_id", "label"))
        df = table.frame
        df["label"] = df["label"].str.strip().str.lower()
        bad = ~df["label"].isin((*RISK_LABELS, ""))
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise table.error(i, f"data row {i + 1}: label {short(df['label'].iloc[i])} is not one of a, b, c, d "
                                 "(or blank for control)", column="label",
                              hint="Use the risk letters of the release.")
        df["file"] = str(p)
        df["line"] = table.lines
        frames.append(df)
    labels = pd.concat(frames, ignore_index=True)
    labels["label"] = labels["label"].replace("", "control")
    labels = labels.drop_duplicates(["user_id", "label"])
    clash = labels[labels.duplicated("user_id", keep=False)]
    if not clash.empty:
        a, b = clash.iloc[0], clash.iloc[1]
        raise LoadError(b.file, f"user {a.user_id} has label {b.label!r} here but {a.label!r} in "
                                f"{Path(a.file).name}, line {a.line}", line=int(b.line), column="label",
                        hint="A user has one risk label; correct one of the two.")
    return labels.set_index("user_id")["label"]


def umd_files(root: Path, subset: str, split: str) -> tuple[Path, list[Path]]:
    """(posts file, label files) of one split of ``crowd`` or the ``expert`` subset."""
    if subset == "expert":
        return root / "expert" / "expert_posts.csv", [root / "expert" / "expert.csv"]
    folder = root / "crowd" / split
    posts = sorted(folder.glob("shared_task_posts*.csv"))
    labels = sorted(folder.glob(f"crowd_{split}*.csv"))
    post_file = posts[0] if posts else folder / "shared_task_posts.csv"
    return post_file, labels or [folder / f"crowd_{split}.csv"]


@register(UMD)
def load_umd_reddit(
    path: str | Path | None = None,
    *,
    subset: str = "crowd",
    splits: Sequence[str] = ("train", "test"),
) -> pd.DataFrame:
    """Read the UMD Reddit Suicidality Dataset, version 2.

    Parameters
    ----------
    path
        The ``umd_reddit_suicidewatch_dataset_v2`` folder; default
        ``data_dir()/umd_reddit_suicidewatch_dataset_v2``.
    subset
        ``"crowd"`` (crowd-sourced labels, train and test) or ``"expert"`` (the
        expert-annotated users; ``splits`` is then ignored and ``split="expert"``).
    splits
        For the crowd subset: ``"train"`` and/or ``"test"``.

    Returns
    -------
    pandas.DataFrame
        One row per post: ``post_id`` (str), ``user_id`` (str), ``timestamp``
        (datetime64, UTC), ``subreddit`` (str), ``title``, ``body`` (str),
        ``text`` (title and body), ``label`` (the user's risk: ``a`` no risk,
        ``b`` low, ``c`` moderate, ``d`` severe, or ``control``), ``split`` (str).

    Raises
    ------
    mhtext.data.DatasetNotFoundError
        A file is absent.
    mhtext.data.errors.LoadError
        A hostile file (see the module docstring): missing columns, a non-numeric
        timestamp, an unknown label, a repeated post id, or a user labelled
        differently in two files (file and line named).
    """
    if subset not in ("crowd", "expert"):
        raise ValueError(f"{UMD}: subset must be 'crowd' or 'expert', got {subset!r}")
    splits = ("expert",) if subset == "expert" else ((splits,) if isinstance(splits, str) else tuple(splits))
    bad = [s for s in splits if s not in ("train", "test", "expert")]
    if bad:
        raise ValueError(f"{UMD}: unknown splits {bad}; choose from ('train', 'test')")
    root = paths.data_dir() / UMD_DIR if path is None else Path(path)
    if not root.is_dir():
        raise registry.missing_file(UMD, root)
    frames = []
    for split in splits:
        post_file, label_files = umd_files(root, subset, split)
        posts = _umd_posts(post_file)
        labels = _umd_labels(label_files)
        posts["label"] = posts["user_id"].map(labels).fillna("control")
        posts["split"] = split
        frames.append(posts)
    df = pd.concat(frames, ignore_index=True)
    df = df.rename(columns={"post_title": "title", "post_body": "body"})
    df["text"] = [f"{t}\n\n{b}".strip() if t and b else (t or b) for t, b in zip(df["title"], df["body"], strict=True)]
    return df.loc[:, list(UMD_COLUMNS)]


def _period(path: Path) -> str:
    """Period token of a file name such as ``depression_pre_features_tfidf_256.csv`` (``"pre"``)."""
    stem = path.stem.split("_features")[0]
    m = re.search(r"_(pre|post|\d{4})$", stem)
    return m.group(1) if m else ""


def rmh_files(path: str | Path | Iterable[str | Path] | None) -> list[Path]:
    """CSV files of the Reddit Mental Health Dataset: a folder's ``*.csv``, one file, or a list."""
    if path is None or isinstance(path, str | Path):
        p = paths.data_dir() / RMH_DIR if path is None else Path(path)
        if p.is_dir():
            files = sorted(p.glob("*.csv"))
            if not files:
                raise registry.missing_file(RMH, p / "*.csv")
            return files
        if not p.is_file():
            raise registry.missing_file(RMH, p)
        return [p]
    files = [Path(f) for f in path]
    for f in files:
        if not f.is_file():
            raise registry.missing_file(RMH, f)
    if not files:
        raise ValueError(f"{RMH}: an empty list of files was given.")
    return files


@register(RMH)
def load_reddit_mental_health(
    path: str | Path | Iterable[str | Path] | None = None,
    *,
    subreddits: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Read posts of the Reddit Mental Health Dataset (Low et al. 2020).

    Parameters
    ----------
    path
        A folder of the dataset's CSV files, one file, or a list of files; default
        ``data_dir()/reddit_mental_health``.
    subreddits
        Keep only these subreddits (case-insensitive); files whose name starts
        with another subreddit are not read at all.

    Returns
    -------
    pandas.DataFrame
        ``subreddit`` (str), ``user_id`` (str, the ``author`` column), ``timestamp``
        (datetime64, UTC, from ``date``), ``text`` (str, from ``post``), ``period``
        (str, from the file name: ``pre``, ``post``, a year, or empty).
    """
    files = rmh_files(path)
    keep = None if subreddits is None else {s.lower() for s in subreddits}
    frames = []
    for f in files:
        # The release names files <subreddit>_<period>_features_...; skip others' files unread.
        named = "_features" in f.name
        if keep is not None and named and not any(f.name.lower().startswith(f"{s}_") for s in keep):
            continue
        table = _read_csv(f, RMH, RMH_COLUMNS)
        df = table.frame
        if keep is not None:
            df = df[df["subreddit"].str.lower().isin(keep)]
        stamp = pd.to_datetime(df["date"], utc=True, errors="coerce", format="mixed")
        bad = stamp.isna()
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise table.error(int(df.index[i]), f"data row {df.index[i] + 1}: date {short(df['date'].iloc[i])} "
                                                "is not a date", column="date", hint="Write dates as 2019/04/12.")
        part = pd.DataFrame(
            {"subreddit": df["subreddit"], "user_id": df["author"], "timestamp": stamp, "text": df["post"]}
        )
        part["period"] = _period(f)
        frames.append(part)
    if not frames:
        raise ValueError(f"{RMH}: no file matches subreddits {sorted(keep or [])} among {len(files)} files.")
    return pd.concat(frames, ignore_index=True)
