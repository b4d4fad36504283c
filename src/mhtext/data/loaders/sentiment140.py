"""Sentiment140 (Go, Bhayani and Huang 2009): tweets labelled by the emoticons they held.

The release is two latin-1 CSV files with no header and six quoted columns::

    polarity, id, date, query, user, text
    "0","1467810369","Mon Apr 06 22:19:45 PDT 2009","NO_QUERY","_TheSpecialOne_","@switchfoot ..."

``training.1600000.processed.noemoticon.csv`` holds 1.6 M tweets, polarity 0
(negative) or 4 (positive); ``testdata.manual.2009.06.14.csv`` holds 498
hand-labelled tweets, polarity 0, 2 (neutral) or 4. Texts are kept as in the
file (HTML entities such as ``&amp;`` included); cleaning belongs to the
features, not the loader.

Hostile files (see :mod:`mhtext.data.errors`): every byte is a latin-1 character, so no file is
refused for its encoding (a UTF-8 file loads as mojibake, as the release's own UTF-8 tweets do). A
UTF-8 byte-order mark at the start is skipped; CR-only line ends are read as line ends. The file
must end with a line end: quoting cannot show a cut (a row cut between the two quotes of an escaped
quote parses as a complete, shorter tweet). A row of other than six fields, a polarity other than 0/2/4, a bad id or date,
or a field over :data:`~mhtext.data.errors.MAX_FIELD_CHARS` raises
:class:`~mhtext.data.errors.LoadError` naming file and line. Repeated tweet ids are kept as released.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd

from mhtext import paths
from mhtext.data import registry
from mhtext.data.errors import MAX_FIELD_CHARS, UTF8_BOM, LoadError, short
from mhtext.data.registry import register
from mhtext.data.sampling import stratified_positions

NAME = "sentiment140"
#: File of each split, as named in the official zip (trainingandtestdata.zip).
FILES = {
    "train": "training.1600000.processed.noemoticon.csv",
    "test": "testdata.manual.2009.06.14.csv",
}
#: Folder under :func:`mhtext.paths.data_dir` where the files are looked for.
DEFAULT_DIR = "sentiment140"
POLARITY = {0: "negative", 2: "neutral", 4: "positive"}
#: UTC offsets (hours) of the time-zone abbreviations found in the release (all PDT).
TZ_OFFSETS = {"PDT": -7, "PST": -8, "UTC": 0, "GMT": 0}
# Column positions in the file; the query column (always NO_QUERY) is not kept.
_POL, _ID, _DATE, _QUERY, _USER, _TEXT = range(6)


def resolve_path(path: str | Path | None, split: str = "train") -> Path:
    """The CSV file to read: ``path`` itself, ``path/<file of split>``, or the default location."""
    if split not in FILES:
        raise ValueError(f"{NAME}: unknown split {split!r}; choose one of {sorted(FILES)}")
    p = paths.data_dir() / DEFAULT_DIR if path is None else Path(path)
    if p.is_dir() or path is None:
        p = p / FILES[split]
    if not p.is_file():
        raise registry.missing_file(NAME, p)
    return p


_FIELDS = "expected 6 (polarity,id,date,query,user,text)"


def _read_raw(path: Path) -> pd.DataFrame:
    # All six columns are read (no usecols): with usecols pandas silently drops the
    # extra fields of a malformed row instead of reporting it.
    with path.open("rb") as fh:
        # A complete file ends with a line end. Quoting alone cannot show a cut: pandas reads a
        # last row cut after a comma as an empty tweet, and one cut between the two quotes of an
        # escaped quote ("upset"|") as a complete, shorter one.
        fh.seek(max(path.stat().st_size - 1, 0))
        tail = fh.read(1)
        if tail not in (b"", b"\n", b"\r"):
            fh.seek(0)
            n_lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) + 1
            raise LoadError(path, "the file ends without a line end, so its last row may be cut short",
                            line=n_lines, hint="Copy or download the file again; if it is complete, add a final newline.")
        fh.seek(0)
        if fh.read(len(UTF8_BOM)) != UTF8_BOM:
            fh.seek(0)
        try:
            df = pd.read_csv(fh, header=None, dtype=str, keep_default_na=False, encoding="latin-1", engine="c")
        except pd.errors.EmptyDataError:
            raise LoadError(path, "the file is empty", hint="Expected Sentiment140 CSV rows.") from None
        except pd.errors.ParserError as exc:
            raise _parser_error(path, str(exc)) from None
    if df.empty:
        raise LoadError(path, "the file is empty", hint="Expected Sentiment140 CSV rows.")
    if df.shape[1] != 6:
        raise _fail(path, 0, f"{df.shape[1]} fields; {_FIELDS}")
    return df.drop(columns=_QUERY)


def _parser_error(path: Path, msg: str) -> LoadError:
    """pandas' tokenizer error as a LoadError (no header, no multi-line fields: row i is line i + 1)."""
    if m := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg):
        return LoadError(path, f"{m[3]} fields; {_FIELDS}", line=int(m[2]),
                         hint="A field is extra (an unquoted comma or quote inside a field?); correct the row.")
    if m := re.search(r"EOF inside string starting at row (\d+)", msg):
        return LoadError(path, "a quoted field opened on this line is never closed", line=int(m[1]) + 1,
                         hint="The file is cut short or a quote is unbalanced; copy it again.")
    return LoadError(path, f"not a readable CSV file ({msg.strip()})", hint="Expected the release's quoted CSV.")


def _fail(path: Path, row: int, what: str, column: str | None = None) -> LoadError:
    # Sentiment140 has no header and no multi-line fields, so row i is line i + 1.
    return LoadError(path, what, line=row + 1, column=column)


def _field_counts(path: Path, rows: np.ndarray) -> dict[int, int]:
    """Number of CSV fields on the given rows (0-based) of a file without multi-line fields."""
    wanted, counts = {int(r) for r in rows}, {}
    with path.open(encoding="latin-1", newline="") as fh:
        for i, line in enumerate(fh):
            if i in wanted:
                counts[i] = len(next(csv.reader([line])))
                if len(counts) == len(wanted):
                    break
    return counts


def _validate(df: pd.DataFrame, path: Path) -> pd.Series:
    """Check field count and polarity; return polarity as integers."""
    # pandas fills the missing fields of a short row with "", like an empty tweet:
    # count the fields of those few lines to tell the two apart.
    empty = np.flatnonzero(df[_TEXT].to_numpy() == "")
    if empty.size:
        for row, n in sorted(_field_counts(path, empty).items()):
            if n < 6:
                raise _fail(path, row, f"{n} fields; {_FIELDS}")
    for col, name in ((_TEXT, "text"), (_USER, "user"), (_DATE, "date")):
        lengths = df[col].str.len().to_numpy()
        if lengths.size and lengths.max() > MAX_FIELD_CHARS:
            i = int(lengths.argmax())
            raise _fail(path, i, f"a {name} of {int(lengths[i]):,} characters, over the limit of "
                                 f"{MAX_FIELD_CHARS:,}; the file is damaged", name)
    pol = pd.to_numeric(df[_POL], errors="coerce")
    bad = np.flatnonzero(~pol.isin(list(POLARITY)).to_numpy())
    if bad.size:
        i = int(bad[0])
        raise _fail(path, i, f"polarity {short(df[_POL].iloc[i])} is not one of 0, 2, 4", "polarity")
    return pol.astype("int64")


def parse_dates(dates: pd.Series, path: Path | str = "<dates>", rows: np.ndarray | None = None) -> pd.Series:
    """Parse Sentiment140 dates (``"Mon Apr 06 22:19:45 PDT 2009"``) to UTC timestamps.

    Dates are parsed per time-zone abbreviation with the abbreviation as a literal
    in the format, which keeps pandas on its fast fixed-format path (1.6 M dates
    in about a second).
    """
    dates = dates.reset_index(drop=True)
    zone = dates.str.slice(-8, -5)  # "PDT" in "... 22:19:45 PDT 2009"
    utc = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    for abbrev in zone.unique():
        sel = (zone == abbrev).to_numpy()
        if abbrev not in TZ_OFFSETS:
            continue  # left NaT, reported below
        local = pd.to_datetime(dates[sel], format=f"%a %b %d %H:%M:%S {abbrev} %Y", errors="coerce")
        utc[sel] = local - pd.Timedelta(hours=TZ_OFFSETS[abbrev])
    bad = np.flatnonzero(utc.isna().to_numpy())
    if bad.size:
        i = int(bad[0])
        row = int(rows[i]) if rows is not None else i
        raise _fail(Path(path), row, f"date {short(dates.iloc[i])} is not like 'Mon Apr 06 22:19:45 PDT 2009'", "date")
    return utc.dt.tz_localize("UTC")


@register(NAME)
def load_sentiment140(
    path: str | Path | None = None,
    *,
    split: str = "train",
    max_rows: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Read a Sentiment140 CSV file.

    Parameters
    ----------
    path
        The CSV file, or the folder holding it; default
        ``data_dir()/sentiment140/<file of split>``.
    split
        ``"train"`` (1.6 M emoticon-labelled tweets) or ``"test"`` (498 hand-labelled).
    max_rows
        Keep a stratified random sample of this many tweets (class shares kept),
        in file order; ``None`` keeps all.
    seed
        Seed of the subsample.

    Returns
    -------
    pandas.DataFrame
        ``tweet_id`` (int64), ``user_id`` (str, the screen name), ``timestamp``
        (datetime64, UTC), ``text`` (str, as in the file), ``label`` (``"negative"``,
        ``"neutral"``, ``"positive"``), ``polarity`` (int 0/2/4).

    Raises
    ------
    mhtext.data.DatasetNotFoundError
        The file is absent (the message says how to get it).
    mhtext.data.errors.LoadError
        The file is empty or a line is malformed (message names file and line; see the module docstring).
    """
    p = resolve_path(path, split)
    raw = _read_raw(p)
    polarity = _validate(raw, p)
    rows = np.arange(len(raw))
    if max_rows is not None and max_rows < len(raw):
        if max_rows < 1:
            raise ValueError(f"{NAME}: max_rows must be at least 1, got {max_rows}")
        rows = stratified_positions(polarity.to_numpy(), int(max_rows), seed)
        raw = raw.iloc[rows].reset_index(drop=True)
        polarity = polarity.iloc[rows].reset_index(drop=True)
    tweet_id = pd.to_numeric(raw[_ID], errors="coerce")
    bad = np.flatnonzero(tweet_id.isna().to_numpy())
    if bad.size:
        i = int(bad[0])
        raise _fail(p, int(rows[i]), f"tweet id {short(raw[_ID].iloc[i])} is not an integer", "id")
    return pd.DataFrame(
        {
            "tweet_id": tweet_id.astype("int64"),
            "user_id": raw[_USER].astype(str),
            "timestamp": parse_dates(raw[_DATE], p, rows),
            "text": raw[_TEXT].astype(str),
            "label": polarity.map(POLARITY).astype(str),
            "polarity": polarity,
        }
    )
