"""Sentiment140 (Go, Bhayani and Huang 2009): tweets labelled by the emoticons they held.

The release is two latin-1 CSV files with no header and six quoted columns::

    polarity, id, date, query, user, text
    "0","1467810369","Mon Apr 06 22:19:45 PDT 2009","NO_QUERY","_TheSpecialOne_","@switchfoot ..."

``training.1600000.processed.noemoticon.csv`` holds 1.6 M tweets, polarity 0
(negative) or 4 (positive); ``testdata.manual.2009.06.14.csv`` holds 498
hand-labelled tweets, polarity 0, 2 (neutral) or 4. Texts are kept as in the
file (HTML entities such as ``&amp;`` included); cleaning belongs to the
features, not the loader.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from mhtext import paths
from mhtext.data import registry
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


def _read_raw(path: Path) -> pd.DataFrame:
    # All six columns are read (no usecols): with usecols pandas silently drops the
    # extra fields of a malformed row instead of reporting it.
    try:
        df = pd.read_csv(path, header=None, dtype=str, keep_default_na=False, encoding="latin-1", engine="c")
    except pd.errors.EmptyDataError as exc:
        raise ValueError(f"{path}: the file is empty; expected Sentiment140 CSV rows.") from exc
    except pd.errors.ParserError as exc:
        # pandas names the line: "Expected 6 fields in line 3, saw 7".
        raise ValueError(
            f"{path}: more than 6 fields on a line; expected polarity,id,date,query,user,text ({exc})."
        ) from exc
    if df.empty:
        raise ValueError(f"{path}: the file is empty; expected Sentiment140 CSV rows.")
    if df.shape[1] != 6:
        raise _fail(path, 0, f"{df.shape[1]} fields; expected 6 (polarity,id,date,query,user,text).")
    return df.drop(columns=_QUERY)


def _fail(path: Path, row: int, what: str) -> ValueError:
    # Sentiment140 has no header and no multi-line fields, so row i is line i + 1.
    return ValueError(f"{path}, line {row + 1}: {what}")


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
        for row, n in _field_counts(path, empty).items():
            if n < 6:
                raise _fail(path, row, f"{n} fields; expected 6 (polarity,id,date,query,user,text).")
    pol = pd.to_numeric(df[_POL], errors="coerce")
    bad = np.flatnonzero(~pol.isin(list(POLARITY)).to_numpy())
    if bad.size:
        i = int(bad[0])
        raise _fail(path, i, f"polarity {df[_POL].iloc[i]!r} is not one of 0, 2, 4.")
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
        raise _fail(Path(path), row, f"date {dates.iloc[i]!r} is not like 'Mon Apr 06 22:19:45 PDT 2009'.")
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
    ValueError
        The file is empty or a line is malformed (message names file and line).
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
        raise _fail(p, int(rows[i]), f"tweet id {raw[_ID].iloc[i]!r} is not an integer.")
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
