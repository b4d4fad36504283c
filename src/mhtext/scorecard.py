"""The reproduction scorecard: every published number beside what our runs produced.

One row per published number (``mhtext.published``). The reproduced value comes from
``results/<study>/metrics.json``; corpus statistics come from the data chapter's
``results/data/metrics.json``, where they are keyed ``<study>.<quantity>``.

Each row has a ``basis``, how the number was obtained (:data:`BASES`): ``by construction`` (a
simulator was built to produce it), ``calibrated`` (a knob was tuned toward it), ``reproduced`` (the
method produced it on data of the paper's kind) or ``substitute data`` (the method on a real
stand-in). A study declares its basis with :func:`write_basis` (``basis.json``, patterns over its
quantities, first match wins); without one, a simulated run's numbers are ``reproduced`` and a real
run's ``substitute data``. The summary counts only the last two as reproductions.
"""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import numpy as np
import pandas as pd

from mhtext import paths
from mhtext.published import published
from mhtext.results import read_manifest, read_metrics

#: Columns of ``results/scorecard.csv`` (the issue's contract), then derived ones.
COLUMNS = ["study", "source", "quantity", "published", "reproduced", "tolerance", "dataset", "profile"]
DERIVED = ["basis", "difference", "within_tolerance", "data_kind", "row", "column", "unit"]
BASES = ("by construction", "calibrated", "reproduced", "substitute data")
#: Bases that count as a reproduction in the summary.
REPRODUCTION = ("reproduced", "substitute data")


def write_basis(study_dir: str | Path, rules: list[tuple[str, str]]) -> Path:
    """Write ``<study_dir>/basis.json``: (quantity pattern, basis) pairs, first match wins."""
    for pattern, basis in rules:
        if basis not in BASES:
            raise ValueError(f"basis {basis!r} for {pattern!r} is not one of {BASES}")
    path = Path(study_dir) / "basis.json"
    path.write_text(json.dumps([list(r) for r in rules], indent=1) + "\n")
    return path


def basis_of(quantity: str, rules: list, kinds: str) -> str:
    """The basis of one number: the first matching rule, else by the kind of data it came from."""
    for pattern, basis in rules:
        if fnmatch.fnmatchcase(quantity, pattern):
            return basis
    return "substitute data" if "real" in kinds else "reproduced"


def _rules(study_dir: Path) -> list:
    p = study_dir / "basis.json"
    return json.loads(p.read_text()) if p.exists() else []


def _datasets(manifest: dict) -> tuple[str, str]:
    sets = manifest.get("datasets", {}).values()
    names = ", ".join(sorted({d["name"] for d in sets}))
    kinds = ", ".join(sorted({d["kind"] for d in sets}))
    return names, kinds


def build(results_root: str | Path | None = None) -> pd.DataFrame:
    """Join the published numbers with every ``metrics.json`` under ``results_root``."""
    root = Path(results_root or paths.RESULTS)
    pub = published()
    data_metrics = read_metrics(root / "data")
    data_manifest = read_manifest(root / "data")
    data_rules = _rules(root / "data")
    rows = []
    for study, group in pub.groupby("study", sort=False):
        metrics = read_metrics(root / study)
        manifest = read_manifest(root / study)
        rules = _rules(root / study)
        for rec in group.itertuples(index=False):
            basis = ""
            if rec.quantity in metrics:
                value, man = metrics[rec.quantity], manifest
                basis = basis_of(rec.quantity, rules, _datasets(man)[1])
            elif f"{study}.{rec.quantity}" in data_metrics:
                value, man = data_metrics[f"{study}.{rec.quantity}"], data_manifest
                basis = basis_of(f"{study}.{rec.quantity}", data_rules or [("*", "by construction")], "")
            else:
                value, man = np.nan, {}
            names, kinds = _datasets(man)
            rows.append({
                "study": study, "source": rec.source, "quantity": rec.quantity, "published": rec.published,
                "reproduced": value, "tolerance": rec.tolerance, "dataset": names, "profile": man.get("profile", ""),
                "basis": basis, "data_kind": kinds, "row": rec.row, "column": rec.column, "unit": rec.unit,
            })
    df = pd.DataFrame(rows)
    df["difference"] = df["reproduced"] - df["published"]
    checkable = df["reproduced"].notna() & df["tolerance"].notna()
    df["within_tolerance"] = pd.Series(pd.NA, index=df.index, dtype="boolean")
    df.loc[checkable, "within_tolerance"] = (df.loc[checkable, "difference"].abs() <= df.loc[checkable, "tolerance"] + 1e-9)
    return df[COLUMNS + DERIVED]


def write(results_root: str | Path | None = None) -> Path:
    """Write ``<results_root>/scorecard.csv`` and return its path."""
    root = Path(results_root or paths.RESULTS)
    root.mkdir(parents=True, exist_ok=True)
    path = root / "scorecard.csv"
    build(root).to_csv(path, index=False)
    return path


def summary(card: pd.DataFrame) -> pd.DataFrame:
    """Per study: published numbers, how many a method reproduced (``reproduced`` or ``substitute data``),
    how many of those are checkable and within tolerance, and how many are matched only by construction
    or calibration (not counted as reproductions)."""
    card = card.assign(_real=card["basis"].isin(REPRODUCTION) & card["reproduced"].notna())
    g = card.groupby("study", sort=False)
    return pd.DataFrame({
        "published numbers": g.size(),
        "reproduced": g["_real"].sum().astype(int),
        "checkable": g.apply(lambda d: int((d["_real"] & d["tolerance"].notna()).sum()), include_groups=False),
        "within tolerance": g.apply(lambda d: int((d["_real"] & d["within_tolerance"].fillna(False)).sum()),
                                    include_groups=False),
        "by construction or calibrated": g.apply(
            lambda d: int((d["basis"].isin(("by construction", "calibrated")) & d["reproduced"].notna()).sum()),
            include_groups=False),
        "data": g["data_kind"].agg(lambda s: ", ".join(sorted({k for v in s if isinstance(v, str) and v for k in v.split(", ")})) or "not run"),
    })


VIEW = ["source", "row", "column", "published", "reproduced", "difference", "tolerance", "within_tolerance", "basis"]


def study_rows(study: str, results_root: str | Path | None = None, keep=None) -> pd.DataFrame:
    """One study's rows of the scorecard built from ``results_root``, in the columns a chapter shows.

    ``keep`` optionally filters further (a function of the card frame returning a boolean mask).
    """
    card = build(results_root)
    mine = card[card["study"] == study]
    if keep is not None:
        mine = mine[keep(mine)]
    return mine[VIEW]


def beside_references(study: str, this_run: str | Path, label: str, keep, *, key: str = "quantity") -> pd.DataFrame:
    """One study's numbers in this run, in every committed reference run that has the study, and in the paper.

    ``keep`` filters the scorecard rows (a function of the card frame returning a boolean mask); ``key`` names
    the column that identifies a number. Columns: ``label`` (this run), ``reference: <name>`` per reference
    run, ``paper``.
    """
    runs = {label: Path(this_run)}
    runs.update({f"reference: {p.name}": p for p in sorted((paths.RESULTS / "reference").glob("*"))
                 if (p / study / "metrics.json").exists()})
    cols = {}
    for name, root in runs.items():
        c = build(root)
        c = c[(c["study"] == study) & keep(c)]
        cols[name] = c.set_index(key)["reproduced"]
    cols["paper"] = c.set_index(key)["published"]
    return pd.DataFrame(cols)
