"""What the data chapter shows: each study's simulated corpora beside the paper's statistics."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pandas as pd

from mhtext.data import registry
from mhtext.published import published


def study_module(study: str) -> ModuleType:
    """The simulator module of a study (``valence``, ``mdi``, ``distress``, ``clpsych``)."""
    from mhtext.data.simulate import clpsych, distress, mdi, valence

    modules = {"valence-transfer": valence, "mdi-patterns": mdi, "distress-triage": distress,
               "clpsych-benchmark": clpsych}
    if study not in modules:
        raise KeyError(f"unknown study {study!r}; known: {', '.join(modules)}")
    return modules[study]


def simulate_study(study: str, *, scale: float, seed: int,
                   sizes: dict[str, dict[str, Any]] | None = None) -> dict[str, pd.DataFrame]:
    """Simulate every corpus of ``study`` at ``scale`` (``sizes`` overrides per corpus, e.g. ``{"n": 20000}``)."""
    sizes = sizes or {}
    out = {}
    for name in study_module(study).CORPORA:
        kwargs = sizes.get(name, {"scale": scale})
        out[name] = registry.load(name, seed=seed, **kwargs)
    return out


def compare_with_paper(study: str, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The study's corpus statistics (simulated) joined with the numbers the paper states."""
    stats = study_module(study).corpus_statistics(frames)
    pub = published(study)[["quantity", "source", "published", "unit", "tolerance"]]
    table = stats.merge(pub, on="quantity", how="left")
    return table.rename(columns={"value": "simulated"})[
        ["corpus", "quantity", "source", "published", "simulated", "unit", "tolerance"]]


def cards_table(study: str | None = None, kind: str | None = None) -> pd.DataFrame:
    """A table of data set cards: name, kind, sensitive, title, size, license, access."""
    rows = [{"name": c.name, "kind": c.kind, "sensitive": c.sensitive, "title": c.title, "size": c.size,
             "license": c.license, "access": c.access} for c in registry.cards(study=study, kind=kind)]
    return pd.DataFrame(rows)


def basis_rules() -> list[tuple[str, str]]:
    """How the data chapter's corpus statistics were obtained (for the scorecard's ``basis``): agreement
    statistics were calibrated (annotator knobs fitted to them); everything else is by construction."""
    return [("*kappa*", "calibrated"), ("*agreement*", "calibrated"), ("*", "by construction")]


def planted_table(study: str) -> pd.DataFrame:
    """Per simulated corpus of ``study``: what it plants, what it does not, and every calibrated knob."""
    rows = []
    for c in registry.cards(study=study, kind="simulated"):
        knobs = "; ".join(f"{k.get('knob')} → {k.get('toward')}" for k in c.calibrated) or "none"
        rows.append({"corpus": c.name, "planted": c.planted.strip(), "not planted": c.not_planted.strip(),
                     "calibrated (knob → toward)": knobs})
    return pd.DataFrame(rows)


def shortcut_audit(study: str, frames: dict[str, pd.DataFrame], *, seed: int = 0) -> pd.DataFrame:
    """The study's shortcut audit: trivial shortcuts beside the published number of the method they would fake."""
    return study_module(study).shortcut_audit(frames, seed=seed)
