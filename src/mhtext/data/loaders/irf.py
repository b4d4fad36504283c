"""Interpersonal Risk Factors (Garg et al. 2023): Reddit posts with two binary labels and rationales.

Layout read (as in ``/work/shared/data/irf`` and the authors' release)::

    irf/{train,val,test}_data.csv   columns: Unnamed: 0, text, belong, belong_exp, burden, burden_exp

``belong`` is thwarted belongingness and ``burden`` perceived burdensomeness
(0/1 each, overlapping); ``*_exp`` is the annotator's rationale, a short phrase
copied or paraphrased from the post, empty when the label is 0. ``Unnamed: 0``
is the original row id (0-3521, unique over the three files).

Two repairs, both recorded in ``df.attrs``:

* **Mojibake.** About a quarter of the texts were UTF-8 once decoded as Mac
  Roman and saved again (``‚Äô`` for ``’``). :func:`repair_mojibake` finds every
  run of characters that Mac Roman encodes as one well-formed UTF-8 multi-byte
  sequence (a lead byte and its continuation bytes) and replaces it by the
  decoded character, only where ``span.encode("mac_roman").decode("utf-8")``
  succeeds (strict UTF-8), so the repair can be undone span by span. Text
  that is not mojibake is left alone: a genuine ``é`` or ``’`` is not a Mac
  Roman lead byte followed by continuation bytes. The same repair is applied
  to the rationale columns (ASCII in the release, so unchanged).
* **Rationale spans.** :func:`rationale_spans` locates each rationale in the
  repaired text; see there for how it matches and splits.

Hostile files (see :mod:`mhtext.data.errors`, whose :func:`~mhtext.data.errors.read_table` reads
the CSVs): UTF-8 (a BOM is dropped), LF, CRLF or CR-only line ends, a final line end required (the
release's files have one; a file without was cut short), every row with as many fields as the
header, no field over :data:`~mhtext.data.errors.MAX_FIELD_CHARS`, the six columns present (extra
ones ignored), integer row ids unique over the files read, labels 0 or 1. Anything else raises
:class:`~mhtext.data.errors.LoadError` naming file, line and column; no frame is returned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pandas as pd

from mhtext import paths
from mhtext.data import registry
from mhtext.data.errors import LoadError, Table, read_table, short
from mhtext.data.registry import register

NAME = "irf"
DEFAULT_DIR = "irf"
SPLITS = ("train", "val", "test")
FILES = {s: f"{s}_data.csv" for s in SPLITS}
ID_COLUMN = "Unnamed: 0"
COLUMNS = (ID_COLUMN, "text", "belong", "belong_exp", "burden", "burden_exp")
#: The two labels, each with its rationale column ``<label>_exp`` and span column ``<label>_spans``.
LABELS = ("belong", "burden")


@cache
def _mojibake_pattern(codec: str) -> re.Pattern[str]:
    """Regex of one UTF-8 multi-byte sequence read as ``codec``: a 2-, 3- or 4-byte lead, then its continuations."""

    def chars(lo: int, hi: int) -> str:
        return "[" + "".join(re.escape(bytes([b]).decode(codec)) for b in range(lo, hi + 1)) + "]"

    cont = chars(0x80, 0xBF)
    return re.compile(f"{chars(0xC2, 0xDF)}{cont}|{chars(0xE0, 0xEF)}{cont}{{2}}|{chars(0xF0, 0xF4)}{cont}{{3}}")


def repair_mojibake(s: str, codec: str = "mac_roman") -> tuple[str, int]:
    """Undo UTF-8 read as ``codec`` (Mac Roman for IRF), span by span.

    Parameters
    ----------
    s
        A string that may hold mojibake such as ``‚Äô`` (for ``’``).
    codec
        The single-byte codec the UTF-8 bytes were wrongly decoded with:
        ``"mac_roman"`` (IRF) or ``"latin-1"`` (the ``\\x`` escapes of Reddit C-SSRS).

    Returns
    -------
    tuple of (str, int)
        The repaired string and the number of spans replaced. A span is replaced
        only when ``span.encode(codec).decode("utf-8")`` succeeds (strict UTF-8),
        so the repaired character written as UTF-8 and read as ``codec`` is the
        span again: the repair is reversible span by span, and genuine non-ASCII
        text, which is not a lead byte followed by its continuation bytes, is left alone.
    """
    n = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal n
        span = m.group(0)
        try:
            out = span.encode(codec).decode("utf-8")
        except UnicodeError:  # not well-formed UTF-8 (an overlong form, a surrogate): not mojibake
            return span
        n += 1
        return out

    return _mojibake_pattern(codec).sub(fix, s), n


_APOSTROPHES = frozenset("'’‘´`")
#: Where a rationale of several fragments is cut (annotators separate phrases with these).
_FRAGMENT_SEP = re.compile(r"[,;.!?]+")


def _normalise(s: str) -> tuple[str, list[int]]:
    """Matching key of ``s`` and, for each key character, its index in ``s``.

    Lower case, accents dropped (NFKD), apostrophes dropped (``don't`` = ``dont``),
    every run of other non-alphanumeric characters (spaces, hyphens, ellipses,
    markdown ``*``) made one space.
    """
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(s):
        if ch in _APOSTROPHES:
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).lower()
        if base.isalnum():
            out.extend(base)
            where.extend([i] * len(base))
        elif out and out[-1] != " ":
            out.append(" ")
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


class _Text:
    """A text with its matching key computed once, on first need."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._key: tuple[str, list[int]] | None = None

    def find(self, phrase: str) -> tuple[int, int] | None:
        """First span of ``phrase``: verbatim, else by matching key; None if absent."""
        i = self.text.find(phrase)
        if i >= 0:
            return i, i + len(phrase)
        key = _normalise(phrase)[0].strip()
        if not key:
            return None
        if self._key is None:
            self._key = _normalise(self.text)
        text_key, where = self._key
        j = text_key.find(key)
        if j < 0:
            return None
        return where[j], where[j + len(key) - 1] + 1


def rationale_spans(text: str | _Text, rationale: str) -> tuple[tuple[tuple[int, int], ...], int, int]:
    """Character spans of a rationale inside its text.

    Matching, in order, stopping at the first that succeeds:

    1. the whole rationale (stripped), verbatim, first occurrence;
    2. the whole rationale by matching key: case, accents, apostrophes
       (``dont`` = ``don't`` = ``don’t``) and runs of spaces/punctuation
       (``self harming`` = ``self-harming``) ignored; the span runs from the
       first to the last matched character of the original text;
    3. if the rationale holds several fragments (cut at ``, ; . ! ?``), each
       fragment by 1 or 2, first occurrence each; fragments not found are skipped.

    Paraphrases and misspellings (``thoughts os suicide``) are not found: the
    matching is exact up to the key, never fuzzy.

    Parameters
    ----------
    text
        The (repaired) post.
    rationale
        The annotator's rationale; empty means none.

    Returns
    -------
    tuple
        ``(spans, n_fragments, n_not_found)``: ``spans`` a tuple of ``(start, end)``
        with ``text[start:end]`` the matched piece, in the order of the rationale;
        ``n_fragments`` 0 for an empty rationale, 1 when the whole was found,
        else the number of fragments; ``n_not_found`` how many of them were not found.
    """
    t = text if isinstance(text, _Text) else _Text(text)
    phrase = rationale.strip()
    if not phrase:
        return (), 0, 0
    whole = t.find(phrase)
    if whole is not None:
        return (whole,), 1, 0
    fragments = [f.strip() for f in _FRAGMENT_SEP.split(phrase) if f.strip()]
    if len(fragments) < 2:
        return (), 1, 1
    found = [s for s in (t.find(f) for f in fragments) if s is not None]
    return tuple(found), len(fragments), len(fragments) - len(found)


def resolve_dir(path: str | Path | None) -> Path:
    """The folder of the CSV files: ``path/irf``, ``path`` itself, or ``data_dir()/irf``."""
    root = paths.data_dir() / DEFAULT_DIR if path is None else Path(path)
    for folder in (root / DEFAULT_DIR, root):
        if any((folder / f).is_file() for f in FILES.values()):
            return folder
    return root


def read_release_csv(path: Path, columns: Sequence[str]) -> Table:
    """A released UTF-8 CSV as strings, read strictly (:func:`~mhtext.data.errors.read_table`), refused
    when it has a header but no rows. IRF and Reddit C-SSRS both read their files through it."""
    table = read_table(path, columns)
    if table.frame.empty:
        raise LoadError(path, "a header but no rows", line=1, hint="The file is cut short; copy it again.")
    table.check_lengths()
    return table


def _read_split(folder: Path, split: str) -> tuple[pd.DataFrame, list[int]]:
    path = folder / FILES[split]
    if not path.is_file():
        raise registry.missing_file(NAME, path)
    table = read_release_csv(path, COLUMNS)
    df = table.frame
    ids = pd.to_numeric(df[ID_COLUMN].where(df[ID_COLUMN].str.strip().str.fullmatch(r"-?[0-9]{1,18}"), None),
                        errors="coerce")
    bad = ids.isna()
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise table.error(i, f"data row {i + 1}: row id {short(df[ID_COLUMN].iloc[i])} is not an integer",
                          column=ID_COLUMN, hint="The first column holds the release's integer row ids.")
    out = pd.DataFrame({"row_id": ids.astype("int64"), "text": df["text"]})
    refuse = out["row_id"].duplicated()
    if refuse.any():
        i = int(refuse.to_numpy().argmax())
        first = int((out["row_id"] == out["row_id"].iloc[i]).to_numpy().argmax())
        raise table.error(i, f"row id {out['row_id'].iloc[i]} repeats line {table.lines[first]}", column=ID_COLUMN,
                          hint="Row ids are unique; remove the duplicated row.")
    for label in LABELS:
        raw = df[label].str.strip()
        bad = ~raw.isin(("0", "1"))
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise table.error(i, f"data row {i + 1}: {label} is {short(df[label].iloc[i])}; expected 0 or 1",
                              column=label, hint="Labels are 0 or 1.")
        out[label] = raw.astype("int64")
        out[f"{label}_exp"] = df[f"{label}_exp"]
    out["split"] = split
    return out, table.lines


def read_split(folder: Path, split: str) -> pd.DataFrame:
    """One IRF CSV file as released, checked: ids are unique integers, labels 0/1.

    Returns the columns ``row_id``, ``text``, ``belong``, ``belong_exp``,
    ``burden``, ``burden_exp``, ``split``; texts and rationales unrepaired.
    """
    return _read_split(folder, split)[0]


@register(NAME)
def load_irf(path: str | Path | None = None, *, split: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Read the Interpersonal Risk Factors data set, mojibake repaired, rationales located.

    Parameters
    ----------
    path
        The ``irf`` folder (or a folder holding ``irf/``); default ``data_dir()/irf``.
    split
        ``"train"``, ``"val"``, ``"test"``, a sequence of them (concatenated in the
        order given), or None for all three.

    Returns
    -------
    pandas.DataFrame
        One row per post: ``row_id`` (int, the release's ``Unnamed: 0``),
        ``text`` (str, repaired), ``belong``, ``burden`` (int 0/1),
        ``belong_exp``, ``burden_exp`` (str, the rationales as released, repaired
        like the text; empty when none), ``belong_spans``, ``burden_spans``
        (tuple of ``(start, end)`` character spans of the rationale in ``text``;
        empty when there is no rationale or it was not found), ``split`` (str).
        ``attrs``: ``repaired_texts`` and ``repaired_spans`` (mojibake),
        ``rationale_match`` (per label: ``rationales``, ``found`` (all of it),
        ``partial`` (some fragments), ``not_found``) and ``label_rationale_mismatch``
        (per label: row ids labelled 0 with a rationale or 1 without one; kept as
        released).

    Raises
    ------
    mhtext.data.DatasetNotFoundError
        A requested split's file is absent.
    ValueError
        Unknown split.
    mhtext.data.errors.LoadError
        A hostile file (see the module docstring): empty or unreadable file, missing
        column (named), a row id that is not an integer or repeats, a label other
        than 0/1 (file, line and column named).
    """
    splits = SPLITS if split is None else (split,) if isinstance(split, str) else tuple(split)
    bad = [s for s in splits if s not in SPLITS]
    if bad or not splits:
        raise ValueError(f"{NAME}: unknown splits {bad}; choose from {SPLITS} (or None for all)")
    folder = resolve_dir(path)
    parts = [_read_split(folder, s) for s in splits]
    df = pd.concat([frame for frame, _ in parts], ignore_index=True)
    lines = [line for _, file_lines in parts for line in file_lines]
    dup = df["row_id"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().argmax())
        j = int((df["row_id"] == df["row_id"].iloc[i]).to_numpy().argmax())
        raise LoadError(
            folder / FILES[df["split"].iloc[i]],
            f"row id {df['row_id'].iloc[i]} occurs in split {df['split'].iloc[j]!r} and {df['split'].iloc[i]!r} "
            f"(first in {FILES[df['split'].iloc[j]]}, line {lines[j]})", line=lines[i], column=ID_COLUMN,
            hint=f"Row ids ({ID_COLUMN}) must be unique across the files.",
        )

    repaired = [repair_mojibake(t) for t in df["text"]]
    df["text"] = [t for t, _ in repaired]
    texts = [_Text(t) for t in df["text"]]
    match: dict[str, dict[str, int]] = {}
    mismatch: dict[str, dict[str, list[int]]] = {}
    for label in LABELS:
        exp = f"{label}_exp"
        df[exp] = [repair_mojibake(r)[0] for r in df[exp]]
        found = [rationale_spans(t, r) for t, r in zip(texts, df[exp], strict=True)]
        df[f"{label}_spans"] = [spans for spans, _, _ in found]
        match[label] = {
            "rationales": sum(n > 0 for _, n, _ in found),
            "found": sum(n > 0 and miss == 0 for _, n, miss in found),
            "partial": sum(0 < miss < n for _, n, miss in found),
            "not_found": sum(n > 0 and miss == n for _, n, miss in found),
        }
        has = df[exp].str.strip() != ""
        mismatch[label] = {
            "label_0_with_rationale": df.loc[(df[label] == 0) & has, "row_id"].tolist(),
            "label_1_without_rationale": df.loc[(df[label] == 1) & ~has, "row_id"].tolist(),
        }
    cols = ["row_id", "text", "belong", "burden", "belong_exp", "burden_exp", "belong_spans", "burden_spans", "split"]
    df = df[cols]
    df.attrs.update(
        repaired_texts=sum(n > 0 for _, n in repaired),
        repaired_spans=sum(n for _, n in repaired),
        rationale_match=match,
        label_rationale_mismatch=mismatch,
    )
    return df
