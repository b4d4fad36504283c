"""The reproduction scorecard: every published number beside what our runs produced.

One row per published number (``mhtext.published``). The reproduced value comes from
``results/<study>/metrics.json``; corpus statistics come from the data chapter's
``results/data/metrics.json``, where they are keyed ``<study>.<quantity>``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mhtext import paths
from mhtext.published import published
from mhtext.results import read_manifest, read_metrics

#: Columns of ``results/scorecard.csv`` (the issue's contract), then derived ones.
COLUMNS = ["study", "source", "quantity", "published", "reproduced", "tolerance", "dataset", "profile"]
DERIVED = ["difference", "within_tolerance", "data_kind", "row", "column", "unit"]


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
    rows = []
    for study, group in pub.groupby("study", sort=False):
        metrics = read_metrics(root / study)
        manifest = read_manifest(root / study)
        for rec in group.itertuples(index=False):
            if rec.quantity in metrics:
                value, man = metrics[rec.quantity], manifest
            elif f"{study}.{rec.quantity}" in data_metrics:
                value, man = data_metrics[f"{study}.{rec.quantity}"], data_manifest
            else:
                value, man = np.nan, {}
            names, kinds = _datasets(man)
            rows.append({
                "study": study, "source": rec.source, "quantity": rec.quantity, "published": rec.published,
                "reproduced": value, "tolerance": rec.tolerance, "dataset": names, "profile": man.get("profile", ""),
                "data_kind": kinds, "row": rec.row, "column": rec.column, "unit": rec.unit,
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
    """Per study: published numbers, how many were reproduced, how many lie within tolerance."""
    g = card.groupby("study", sort=False)
    return pd.DataFrame({
        "published numbers": g.size(),
        "reproduced": g["reproduced"].count(),
        "checkable": g.apply(lambda d: int((d["reproduced"].notna() & d["tolerance"].notna()).sum()), include_groups=False),
        "within tolerance": g["within_tolerance"].sum().astype(int),
        "data": g["data_kind"].agg(lambda s: ", ".join(sorted({k for v in s if v for k in v.split(", ")})) or "not run"),
    })
