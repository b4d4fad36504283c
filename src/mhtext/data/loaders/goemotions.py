"""GoEmotions (Demszky et al. 2020): 58k Reddit comments, 27 emotions + neutral.

Layout read (as in ``/work/shared/data/goemotions`` and the release)::

    goemotions/<taxonomy>/{train,dev,test}.tsv   text<TAB>ids<TAB>comment_id, no header
    goemotions/<taxonomy>/labels.txt             one label name per line; line i is id i

with ``taxonomy`` one of ``original`` (28 labels), ``group`` (ambiguous,
negative, neutral, positive) and ``ekman`` (Ekman's six + neutral). The
release itself has only the original taxonomy, as ``data/{train,dev,test}.tsv``
and ``data/emotions.txt`` (``emotions.txt`` is accepted for ``labels.txt``).
When ``group`` or ``ekman`` is asked for and only ``original/`` is present,
the labels are derived with the release's own mappings
(``sentiment_dict.json``, ``ekman_mapping.json``), reproduced below.

:func:`valence4` maps the group taxonomy onto study A's four valence classes.

Hostile files (see :mod:`mhtext.data.errors`): a split file must be UTF-8 (a BOM is dropped, CR-only
line ends are read as line ends) and end with a line end (the release's do; one without was cut
short); every line must hold exactly three tab-separated fields, known label ids and a comment id
not repeated within the file. Anything else raises :class:`~mhtext.data.errors.LoadError`
naming the file and line, and no frame is returned. ``labels.txt`` is released without a final
newline, so none is required there, but a label name may not repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from mhtext import paths
from mhtext.data import registry
from mhtext.data.errors import LoadError, short
from mhtext.data.errors import read_lines as _read_lines
from mhtext.data.registry import register

NAME = "goemotions"
DEFAULT_DIR = "goemotions"
TAXONOMIES = ("original", "group", "ekman")
SPLITS = ("train", "dev", "test")
LABEL_FILES = ("labels.txt", "emotions.txt")

#: The release's grouping of its 27 emotions by sentiment (sentiment_dict.json); neutral stays neutral.
SENTIMENT_GROUPS = {
    "positive": (
        "amusement", "excitement", "joy", "love", "desire", "optimism",
        "caring", "pride", "admiration", "gratitude", "relief", "approval",
    ),
    "negative": (
        "fear", "nervousness", "remorse", "embarrassment", "disappointment", "sadness",
        "grief", "disgust", "anger", "annoyance", "disapproval",
    ),
    "ambiguous": ("realization", "surprise", "curiosity", "confusion"),
    "neutral": ("neutral",),
}  # fmt: skip
#: The release's grouping into Ekman's six basic emotions (ekman_mapping.json); neutral stays neutral.
EKMAN_GROUPS = {
    "anger": ("anger", "annoyance", "disapproval"),
    "disgust": ("disgust",),
    "fear": ("fear", "nervousness"),
    "joy": (
        "joy", "amusement", "approval", "excitement", "gratitude", "love",
        "optimism", "relief", "pride", "admiration", "desire", "caring",
    ),
    "sadness": ("sadness", "disappointment", "embarrassment", "grief", "remorse"),
    "surprise": ("surprise", "realization", "confusion", "curiosity"),
    "neutral": ("neutral",),
}  # fmt: skip
_GROUPINGS = {"group": SENTIMENT_GROUPS, "ekman": EKMAN_GROUPS}

#: Study A's four valence classes, in the order the project uses.
VALENCE4 = ("positive", "negative", "both", "neither")


def read_lines(path: Path, *, final_newline: bool = True) -> list[str]:
    """Lines of a utf-8 text file, split on ``\\n`` only (:func:`mhtext.data.errors.read_lines`).

    ``str.splitlines`` would also split on characters such as U+2028 that occur
    inside Reddit comments and tweets, shifting every later line. ``final_newline``:
    refuse a file that does not end with a line end (cut short).
    """
    return _read_lines(path, final_newline=final_newline)


def read_label_names(path: Path) -> list[str]:
    """Label names of a ``labels.txt``/``emotions.txt`` file; line i names id i."""
    names = [line.strip() for line in read_lines(path, final_newline=False)]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise LoadError(path, "no label names", hint="Expected one label name per line; line i names id i - 1.")
    for i, n in enumerate(names):
        if not n:
            raise LoadError(path, "empty label name", line=i + 1, hint="Remove the blank line or name the label.")
        if n in names[:i]:
            raise LoadError(path, f"label name {n!r} repeats line {names.index(n) + 1}", line=i + 1,
                            hint="Each label is named once.")
    return names


def _label_file(folder: Path) -> Path | None:
    return next((folder / f for f in LABEL_FILES if (folder / f).is_file()), None)


def read_split(path: Path, names: Sequence[str], split: str) -> pd.DataFrame:
    """Parse one GoEmotions TSV file with label ``names``; a comment id repeated within it is refused."""
    if not path.is_file():
        raise registry.missing_file(NAME, path)
    seen: dict[str, int] = {}
    texts, labels, ids, comments = [], [], [], []
    lines = read_lines(path)
    if not lines:
        raise LoadError(path, "the file is empty", hint="Expected lines 'text<TAB>label ids<TAB>comment id'.")
    for lineno, line in enumerate(lines, start=1):
        fields = line.split("\t")
        if len(fields) != 3:
            raise LoadError(path, f"{len(fields)} tab-separated fields; expected 3 (text, label ids, comment id)",
                            line=lineno, hint="Fields are separated by tabs; a tab inside a text is not allowed.")
        text, raw_ids, comment = fields
        try:
            label_ids = tuple(sorted({int(x) for x in raw_ids.split(",")}))
        except ValueError:
            raise LoadError(path, f"label ids {short(raw_ids)} are not comma-separated integers", line=lineno,
                            column="label ids", hint="Write the label ids as e.g. '3,27'.") from None
        unknown = [i for i in label_ids if not 0 <= i < len(names)]
        if unknown:
            raise LoadError(path, f"unknown label id {unknown[0]}; the label file has ids 0-{len(names) - 1}",
                            line=lineno, column="label ids", hint="Use the label file that came with this split.")
        if comment in seen:
            raise LoadError(path, f"comment id {short(comment)} repeats line {seen[comment]}", line=lineno,
                            column="comment id", hint="Each comment occurs once in a split; remove the repeat.")
        seen[comment] = lineno
        texts.append(text)
        ids.append(label_ids)
        labels.append(tuple(names[i] for i in label_ids))
        comments.append(comment)
    return pd.DataFrame({"text": texts, "labels": labels, "label_ids": ids, "comment_id": comments, "split": split})


def _derive(df: pd.DataFrame, taxonomy: str) -> pd.DataFrame:
    """Relabel an original-taxonomy frame into ``group`` or ``ekman``."""
    grouping = _GROUPINGS[taxonomy]
    target = sorted(grouping)  # the derived labels.txt files list their names alphabetically
    of = {emotion: group for group, members in grouping.items() for emotion in members}
    out = df.copy()
    out["labels"] = [tuple(sorted({of[e] for e in labs})) for labs in df["labels"]]
    out["label_ids"] = [tuple(target.index(g) for g in labs) for labs in out["labels"]]
    return out


def resolve_dir(path: str | Path | None, taxonomy: str) -> tuple[Path, bool]:
    """Folder to read and whether its labels must be derived from the original taxonomy."""
    if taxonomy not in TAXONOMIES:
        raise ValueError(f"{NAME}: unknown taxonomy {taxonomy!r}; choose one of {TAXONOMIES}")
    root = paths.data_dir() / DEFAULT_DIR if path is None else Path(path)
    if (root / taxonomy).is_dir():
        return root / taxonomy, False
    if path is not None and _label_file(root) is not None:
        # The caller pointed at a taxonomy folder itself.
        return root, False
    if taxonomy != "original" and (root / "original").is_dir():
        return root / "original", True
    raise registry.missing_file(NAME, root / taxonomy)


@register(NAME)
def load_goemotions(
    path: str | Path | None = None,
    *,
    taxonomy: str = "group",
    splits: Sequence[str] = SPLITS,
) -> pd.DataFrame:
    """Read GoEmotions.

    Parameters
    ----------
    path
        The ``goemotions`` folder (holding ``original/``, ``group/``, ``ekman/``) or
        one taxonomy folder; default ``data_dir()/goemotions``.
    taxonomy
        ``"original"``, ``"group"`` or ``"ekman"``.
    splits
        Any of ``"train"``, ``"dev"``, ``"test"``, concatenated in the order given.

    Returns
    -------
    pandas.DataFrame
        ``text`` (str), ``labels`` (tuple of label names), ``label_ids`` (tuple of
        int, ascending), ``comment_id`` (str), ``split`` (str).

    Raises
    ------
    mhtext.data.DatasetNotFoundError
        A folder or file is absent.
    mhtext.data.errors.LoadError
        A hostile file (see the module docstring): the message names file, line and problem.
    """
    splits = (splits,) if isinstance(splits, str) else tuple(splits)
    bad = [s for s in splits if s not in SPLITS]
    if bad or not splits:
        raise ValueError(f"{NAME}: unknown splits {bad}; choose from {SPLITS}")
    folder, derive = resolve_dir(path, taxonomy)
    label_file = _label_file(folder)
    if label_file is None:
        raise registry.missing_file(NAME, folder / LABEL_FILES[0])
    names = read_label_names(label_file)
    frames = [read_split(folder / f"{s}.tsv", names, s) for s in splits]
    df = pd.concat(frames, ignore_index=True)
    if derive:
        known = {e for members in _GROUPINGS[taxonomy].values() for e in members}
        missing = sorted(set(names) - known)
        if missing:
            raise LoadError(label_file, f"cannot derive the {taxonomy} taxonomy; unknown emotions {missing}",
                            hint="Use the release's emotions.txt (28 names) or give the taxonomy folder itself.")
        df = _derive(df, taxonomy)
    return df


def valence4(df: pd.DataFrame, *, ambiguous: str = "both") -> pd.DataFrame:
    """Map GoEmotions labels to study A's four valence classes.

    The group labels of a comment (its original labels are grouped first if the
    frame holds the original taxonomy) decide, in this order:

    ====================================================  ===============
    group labels of the comment                           ``label``
    ====================================================  ===============
    positive and negative (with anything else)            ``"both"``
    ambiguous (with at most one of positive/negative)     ``ambiguous``
    positive (alone or with neutral)                      ``"positive"``
    negative (alone or with neutral)                      ``"negative"``
    neutral only                                          ``"neither"``
    ====================================================  ===============

    So neutral next to a polar label yields that polar label: raters who saw an
    emotion outweigh those who saw none, as study A's "neither" means *neither
    positive nor negative present*.

    Parameters
    ----------
    df
        A frame from :func:`load_goemotions` with taxonomy ``group`` or ``original``.
    ambiguous
        Class of comments carrying an ambiguous emotion (surprise, curiosity,
        confusion, realization) without both polarities: ``"both"`` (default; mixed
        or unclear valence), ``"neither"``, or ``"drop"`` to remove them.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with a ``label`` column (str, one of :data:`VALENCE4`);
        rows dropped when ``ambiguous="drop"``, index reset.
    """
    if ambiguous not in ("both", "neither", "drop"):
        raise ValueError(f"valence4: ambiguous must be 'both', 'neither' or 'drop', got {ambiguous!r}")
    group_of = {e: g for g, members in SENTIMENT_GROUPS.items() for e in members}
    group_of.update({g: g for g in SENTIMENT_GROUPS})

    def classify(labels: tuple[str, ...]) -> str | None:
        try:
            groups = {group_of[x] for x in labels}
        except KeyError as exc:
            raise ValueError(
                f"valence4: label {exc.args[0]!r} is neither a GoEmotions emotion nor a group; "
                "load with taxonomy='group' or 'original'."
            ) from None
        if {"positive", "negative"} <= groups:
            return "both"
        if "ambiguous" in groups:
            return None if ambiguous == "drop" else ambiguous
        if "positive" in groups:
            return "positive"
        if "negative" in groups:
            return "negative"
        if groups == {"neutral"}:
            return "neither"
        raise ValueError(f"valence4: a comment has no labels: {labels!r}")

    out = df.copy()
    out["label"] = [classify(tuple(labs)) for labs in df["labels"]]
    return out[out["label"].notna()].reset_index(drop=True)
