"""Every number the four papers publish in their result tables, stored as data.

Each study has one CSV file in this package, ``<slug>.csv``, and may have a
second one, ``<slug>-data.csv``, with corpus statistics. Both have the columns
``study,source,row,column,quantity,published,unit,tolerance,note``:

``study``
    The study slug; it must equal the file name (without ``-data``).
``source``
    ``Table N`` or, for a number stated in the text, the section's name.
``row``, ``column``
    The table's own labels (near-verbatim), or a short description.
``quantity``
    The key the study's notebook writes into ``results/<study>/metrics.json``:
    a lowercase dotted path such as ``table5.sea.precision``. Unique per study.
``published``
    The number as printed. A percentage stays a percentage (``unit`` says
    ``percent``); the note says when a number was converted.
``unit``
    ``score`` (a metric on the 0-1 scale), ``proportion``, ``percent``,
    ``kappa``, ``correlation``, ``count``, ``s`` (seconds), ``weight_x1e4``
    (attention weight sums times 10^4) or ``auc_x100`` (an AUC printed on a
    0-100 scale).
``tolerance``
    The largest absolute difference at which a reproduction still counts as
    agreeing with the paper. Empty where agreement cannot be checked.
``note``
    Anything uncertain about the extraction from the PDF text, or why a
    tolerance is what it is.

Tolerances follow the kind of quantity, not the paper:

=====================================  =========  ================================================
quantity                               tolerance  why
=====================================  =========  ================================================
F1, accuracy, precision, recall, AUC   0.05       about the spread of reruns and CV folds on data
(``score``), shares (``proportion``)              sets of a few thousand items (paper D: SD 0.035
                                                  over 20 reruns)
the same printed as percent or x100    5          0.05 on the 0-1 scale
SD of a score over reruns              0.02       the paper's SD is 0.035; 0.05 would accept
                                                  any spread at all
kappa                                  0.1        a kappa from a few hundred items has a standard
                                                  error near 0.03-0.05
correlation (Mantel)                   0.1        as kappa
count (corpus and table sizes)         0          a faithful corpus has exactly these sizes
analytic chance levels                 0.01       fixed by the metric's definition; a correct
                                                  implementation lands within sampling noise
shuffle-baseline quantile              0.02       Monte-Carlo error of 10,000 shuffles
attention weights of single words,     empty      depend on one corpus and one trained network,
wall-clock timings, counts of                     or on the authors' hardware; counts of detected
detections, other teams' scores                   users are checked through their rates instead
=====================================  =========  ================================================

Examples
--------
>>> from mhtext.published import lookup, published
>>> lookup("valence-transfer", "table1.rnn_full.macro_f1")
0.68
>>> table = published("distress-triage").set_index("quantity")
>>> float(table.loc["kappa.triage", "published"])
0.71
"""

from __future__ import annotations

import difflib
import io
import math
import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

from mhtext import STUDIES

#: Columns of every CSV file, in this order.
COLUMNS = ("study", "source", "row", "column", "quantity", "published", "unit", "tolerance", "note")

#: Suffix of the optional second file per study, holding corpus statistics.
DATA_SUFFIX = "-data"

_QUANTITY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_REQUIRED_TEXT = ("study", "source", "quantity", "unit")


def published(study: str | None = None) -> pd.DataFrame:
    """Published numbers of one study, or of all four.

    Parameters
    ----------
    study : str, optional
        A study slug (see :data:`mhtext.STUDIES`). ``None`` returns every study.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``published`` and ``tolerance`` are floats
        (``tolerance`` is NaN where agreement is not checkable). Rows come in
        the order of :data:`mhtext.STUDIES`, each study's main file before its
        ``-data`` file, and file order within a file.

    Raises
    ------
    ValueError
        If ``study`` is unknown, or a CSV file in the package is malformed.
    """
    frame = _load_package()
    if study is None:
        return frame.copy()
    if study not in STUDIES:
        raise ValueError(f"unknown study {study!r}; choose one of {STUDIES}")
    return frame[frame["study"] == study].reset_index(drop=True)


def lookup(study: str, quantity: str) -> float:
    """The published value of one quantity of one study.

    Parameters
    ----------
    study : str
        A study slug, e.g. ``"valence-transfer"``.
    quantity : str
        A key such as ``"table1.rnn_full.macro_f1"``.

    Returns
    -------
    float
        The number as printed (see the row's ``unit``).

    Raises
    ------
    KeyError
        If the study has no such quantity; the message suggests near matches.
    """
    rows = published(study)
    hit = rows.loc[rows["quantity"] == quantity, "published"]
    if hit.empty:
        close = difflib.get_close_matches(quantity, rows["quantity"].tolist(), n=3)
        hint = f"; did you mean {close}?" if close else f"; see published({study!r})['quantity']"
        raise KeyError(f"study {study!r} publishes no quantity {quantity!r}{hint}")
    return float(hit.iloc[0])


@cache
def _load_package() -> pd.DataFrame:
    # importlib.resources finds the files whether the package is installed from a
    # wheel or editable from src/; they must be declared as package data.
    return _load_folder(resources.files(__package__))


def _load_folder(folder: Traversable | Path) -> pd.DataFrame:
    """Read and validate every ``*.csv`` in ``folder``; one frame, stable order."""
    files = [f for f in folder.iterdir() if f.is_file() and f.name.endswith(".csv")]
    files.sort(key=_file_order)
    frames = [_read_file(f) for f in files]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=float if c in ("published", "tolerance") else str) for c in COLUMNS})
    frame = pd.concat(frames, ignore_index=True)
    _check_unique(frame)
    return frame.drop(columns="_where")


def _file_order(file: Traversable | Path) -> tuple[int, int, str]:
    study = _study_of(file.name)
    rank = STUDIES.index(study) if study in STUDIES else len(STUDIES)
    return rank, int(file.name.removesuffix(".csv").endswith(DATA_SUFFIX)), file.name


def _study_of(file_name: str) -> str:
    return file_name.removesuffix(".csv").removesuffix(DATA_SUFFIX)


def _read_file(file: Traversable | Path) -> pd.DataFrame:
    """Parse one CSV file into typed rows; raise ValueError naming the file and row."""
    name = file.name
    study = _study_of(name)
    if study not in STUDIES:
        raise ValueError(
            f"{name}: file name must be '<slug>.csv' or '<slug>{DATA_SUFFIX}.csv' with a slug in {STUDIES}"
        )
    with file.open("r", encoding="utf-8") as fh:
        text = fh.read()
    # Everything as text first, so that empty cells stay empty and "0.60" is not
    # silently turned into NaN or a date; types are then checked row by row.
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {missing}; the header must be {','.join(COLUMNS)}")
    raw = raw[list(COLUMNS)].apply(lambda col: col.str.strip())
    published_values, tolerances = [], []
    for i, row in raw.iterrows():
        where = f"{name}, row {i + 2}"  # +2: the header is line 1 and pandas counts from 0
        for col in _REQUIRED_TEXT:
            if not row[col]:
                raise ValueError(f"{where}: column {col!r} is empty; fill it in")
        if row["study"] != study:
            raise ValueError(f"{where}: study {row['study']!r} differs from the file's slug {study!r}")
        if not _QUANTITY.match(row["quantity"]):
            raise ValueError(
                f"{where}: quantity {row['quantity']!r} is not a lowercase dotted path such as 'table5.sea.precision'"
            )
        published_values.append(_to_float(row["published"], where, "published"))
        tol = _to_float(row["tolerance"], where, "tolerance") if row["tolerance"] else math.nan
        if tol < 0:
            raise ValueError(f"{where}: tolerance {tol} is negative; use a non-negative number or leave it empty")
        tolerances.append(tol)
    out = raw.assign(published=published_values, tolerance=tolerances)
    out["published"] = out["published"].astype(float)
    out["tolerance"] = out["tolerance"].astype(float)
    out["_where"] = [f"{name}, row {i + 2}" for i in range(len(out))]
    return out


def _to_float(text: str, where: str, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {column} {text!r} is not a number; write it as a plain decimal") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {column} {text!r} is not finite")
    return value


def _check_unique(frame: pd.DataFrame) -> None:
    """A quantity may appear once per study, across the main and ``-data`` files."""
    dup = frame[frame.duplicated(["study", "quantity"], keep="first")]
    if not dup.empty:
        first = dup.iloc[0]
        earlier = frame[(frame["study"] == first["study"]) & (frame["quantity"] == first["quantity"])].iloc[0]
        raise ValueError(
            f"{first['_where']}: quantity {first['quantity']!r} of study {first['study']!r} "
            f"already given at {earlier['_where']}; quantities must be unique per study"
        )


def glue_quotes(study: str, quantities: dict[str, str], prefix: str = "paper_") -> dict[str, float]:
    """Glue the paper's numbers that a chapter's prose quotes (MyST-NB ``{glue:text}`prefix+name:fmt```).

    ``quantities`` maps a short name to a quantity of ``study`` (or to a float the chapter derives from them).
    Returns the values glued, so the prose and a check can share them.
    """
    from myst_nb import glue

    values = {name: (q if isinstance(q, float) else lookup(study, q)) for name, q in quantities.items()}
    for name, value in values.items():
        glue(f"{prefix}{name}", value, display=False)
    return values
