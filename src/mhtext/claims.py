"""A paper's claims, each with the quantity tested, our estimate with a 95% interval, and a verdict.

Every study writes ``results/<study>/claims.csv`` with :data:`COLUMNS`; the chapter opens with it
("What we found") and the scorecard chapter gathers every study's. Verdicts come from
:mod:`mhtext.evaluate.compare`, always from an interval.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mhtext import paths
from mhtext.evaluate.compare import VERDICTS

COLUMNS = ("claim_id", "claim", "quantity", "dataset", "estimate", "ci_low", "ci_high", "verdict", "why")


@dataclass(frozen=True)
class Claim:
    """One claim of a paper, tested on one data set."""

    claim_id: str
    claim: str
    quantity: str
    dataset: str
    estimate: float
    ci_low: float
    ci_high: float
    verdict: str
    why: str

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"claim {self.claim_id}: verdict {self.verdict!r} is not one of {VERDICTS}")
        if self.verdict in ("holds", "does not hold") and not (np.isfinite(self.ci_low) and np.isfinite(self.ci_high)):
            raise ValueError(f"claim {self.claim_id}: a verdict of {self.verdict!r} needs a finite interval")


def frame(claims: list[Claim]) -> pd.DataFrame:
    """Claims as a frame with :data:`COLUMNS`."""
    return pd.DataFrame([asdict(c) for c in claims], columns=list(COLUMNS))


def read_all(results_root: str | Path | None = None) -> pd.DataFrame:
    """Every study's ``claims.csv`` under ``results_root``, with a ``study`` column first."""
    root = Path(results_root or paths.RESULTS)
    parts = [pd.read_csv(p).assign(study=p.parent.name) for p in sorted(root.glob("*/claims.csv"))]
    if not parts:
        return pd.DataFrame(columns=["study", *COLUMNS])
    out = pd.concat(parts, ignore_index=True)
    return out[["study", *COLUMNS]]


def write(study_dir: str | Path, table: pd.DataFrame) -> Path:
    """Write ``<study_dir>/claims.csv`` (columns :data:`COLUMNS`) and return its path."""
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"claims table lacks columns {missing}; build it with mhtext.claims.frame")
    path = Path(study_dir) / "claims.csv"
    table[list(COLUMNS)].to_csv(path, index=False)
    return path


def styled(table: pd.DataFrame):
    """The claims as a reader sees them: full sentences, the interval as one column, no index."""

    def fmt(x):
        return "" if pd.isna(x) else f"{x:.3g}"

    shown = pd.DataFrame({
        "claim": table["claim_id"] + ": " + table["claim"],
        "data set": table["dataset"],
        "quantity tested": table["quantity"],
        "estimate": table["estimate"].map(fmt),
        "95% interval": [("" if pd.isna(lo) else f"[{fmt(lo)}, {fmt(hi)}]")
                         for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)],
        "verdict": table["verdict"],
        "why": table["why"],
    })
    return shown.style.hide(axis="index")
