"""Execute the study notebooks with papermill and collect their results.

``python -m mhtext run STUDY [STUDY ...] --profile {smoke,quick,full} [-p key=value ...]``

For each study the runner merges ``params/<profile>.yaml`` (``common`` then the study's
section) with ``-p`` overrides, checks every key against the notebook's ``parameters``
cell, executes ``notebooks/NN-<study>.ipynb`` with absolute paths, writes the executed
copy where the book reads it, and leaves ``results/<study>/`` behind. It then rebuilds
``results/scorecard.csv`` and prints a summary table.

The commit and a clean/dirty flag are taken once, before the first notebook starts, and handed
to every kernel (``$MHTEXT_RUN_PROVENANCE``), so the manifest says what the run started from. A
run into ``results/reference/`` refuses a dirty work tree unless ``allow_dirty`` (or
``MHTEXT_ALLOW_DIRTY=1``) is given.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from mhtext import paths
from mhtext.env import environ

PROFILES = ("smoke", "quick", "full")
#: Chapter order: the data chapter, the four studies, the scorecard.
CHAPTERS = {
    "data": "00-data",
    "valence-transfer": "01-valence-transfer",
    "mdi-patterns": "02-mdi-patterns",
    "distress-triage": "03-distress-triage",
    "clpsych-benchmark": "04-clpsych-benchmark",
    "scorecard": "99-scorecard",
}
#: Parameters the runner injects itself; a user cannot override them with -p.
INJECTED = ("profile", "results_dir")


class UsageError(ValueError):
    """Bad input from the command line (unknown study, profile or parameter): exit code 2."""


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names the notebook, the cell and the kept partial copy."""


@dataclass
class RunSummary:
    study: str
    profile: str
    status: str
    wall_s: float
    output: Path
    results: Path
    message: str = ""


def available_studies() -> list[str]:
    """Chapters whose notebook exists, in book order."""
    return [s for s, stem in CHAPTERS.items() if (paths.NOTEBOOKS / f"{stem}.ipynb").exists()]


def notebook_path(study: str) -> Path:
    if study not in available_studies():
        raise UsageError(f"unknown study {study!r}; valid: {', '.join(available_studies())} (or 'all')")
    return paths.NOTEBOOKS / f"{CHAPTERS[study]}.ipynb"


def load_profile(profile: str) -> dict[str, Any]:
    if profile not in PROFILES:
        raise UsageError(f"unknown profile {profile!r}; valid: {', '.join(PROFILES)}")
    path = paths.PARAMS / f"{profile}.yaml"
    data = yaml.safe_load(path.read_text()) or {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: expected a mapping of sections (common, <study>, ...)")
    return data


def parse_overrides(items: list[str] | None) -> dict[str, Any]:
    """``["seed=7", "dataset=real"]`` -> ``{"seed": 7, "dataset": "real"}`` (values parsed as YAML)."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"parameter {item!r} is not key=value (for example -p seed=7)")
        out[key.strip()] = yaml.safe_load(value) if value.strip() else ""
    return out


def notebook_parameters(nb: Path) -> dict[str, Any]:
    """Names and defaults of the notebook's ``parameters`` cell."""
    import papermill

    params = papermill.inspect_notebook(str(nb))
    if not params:
        raise UsageError(f"{nb} has no cell tagged 'parameters'")
    return {k: v.get("default") for k, v in params.items()}


def resolve_parameters(study: str, profile: str, overrides: dict[str, Any], results_dir: Path) -> dict[str, Any]:
    """The parameters a run passes to the notebook; unknown keys are refused."""
    nb = notebook_path(study)
    valid = notebook_parameters(nb)
    prof = load_profile(profile)
    merged: dict[str, Any] = {}
    for section in ("common", study):
        for k, v in (prof.get(section) or {}).items():
            if k in valid:  # `common` keys apply only to notebooks that declare them
                merged[k] = v
            elif section == study:
                raise UsageError(f"params/{profile}.yaml [{study}]: {k!r} is not a parameter of {nb.name}")
    for k, v in overrides.items():
        if k in INJECTED or k not in valid:
            choices = ", ".join(sorted(set(valid) - set(INJECTED))) or "none (it takes no user parameters)"
            raise UsageError(f"unknown parameter {k!r} for {study}; valid: {choices}")
        merged[k] = v
    merged["profile"] = profile
    merged["results_dir"] = str(results_dir.resolve())
    return merged


def start_provenance(results_root: Path, allow_dirty: bool | None = None) -> dict[str, Any]:
    """The commit and clean/dirty flag of a run starting now; a reference run on a dirty tree is refused
    (:class:`UsageError`) unless ``allow_dirty``."""
    from mhtext.results import DirtyTreeError, check_reference_tree, git_state

    prov = {**git_state(), "taken": "runner start", "at": datetime.now(UTC).isoformat(timespec="seconds")}
    try:
        check_reference_tree(results_root, prov, allow_dirty)
    except DirtyTreeError as err:
        raise UsageError(str(err)) from err
    return prov


def run_study(study: str, profile: str, overrides: dict[str, Any], *, results_root: Path | None = None,
              executed_dir: Path | None = None, progress: bool = True, provenance: dict[str, Any] | None = None,
              allow_dirty: bool | None = None) -> RunSummary:
    """Execute one study notebook; raise :class:`NotebookFailed` on an error in a cell.

    ``provenance`` is the run's commit and clean/dirty flag (from :func:`start_provenance`); taken
    here when not given. A reference run on a dirty tree raises :class:`UsageError`."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from mhtext.results import ALLOW_DIRTY_ENV, PROVENANCE_ENV

    root = (results_root or paths.RESULTS).resolve()
    out_dir = root / study
    params = resolve_parameters(study, profile, overrides, out_dir)
    provenance = provenance or start_provenance(root, allow_dirty)
    nb = notebook_path(study)
    # Only the default results tree feeds the book; other runs keep their notebook beside their results.
    executed_dir = executed_dir or (paths.BOOK_NOTEBOOKS if root == paths.RESULTS.resolve() else out_dir)
    executed_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    output = executed_dir / nb.name
    print(f"\n=== {study} [{profile}] -> {output}", flush=True)
    # Inner tqdm bars would be frozen into the book's pages; the runner's own bar shows progress.
    env = {"TQDM_DISABLE": "1", PROVENANCE_ENV: json.dumps(provenance)}
    if allow_dirty:
        env[ALLOW_DIRTY_ENV] = "1"
    t0 = time.perf_counter()
    try:
        with environ(**env):
            papermill.execute_notebook(
                str(nb), str(output), parameters=params, cwd=str(paths.NOTEBOOKS),
                progress_bar=progress, kernel_name="python3", request_save_on_cell_execute=True,
            )
    except PapermillExecutionError as err:
        wall = time.perf_counter() - t0
        raise NotebookFailed(
            f"{nb.name} failed in cell {err.cell_index} (execution count {err.exec_count}) after {wall:.0f} s: "
            f"{err.ename}: {err.evalue}\nThe partly executed copy is kept at {output}"
        ) from err
    wall = time.perf_counter() - t0
    _record_wall_time(out_dir, wall, output)
    return RunSummary(study, profile, "ok", wall, output, out_dir)


def cold_wall_time(wall: float, cache_s: dict[str, dict[str, float]]) -> float:
    """What a run would have taken with an empty cache: its wall time, less what its cached stages took
    in it (a hit only loads), plus what computing them took (stored with each stage when it ran).

    A run resumed over several sessions thus reports the cost of one uninterrupted cold run.
    """
    return wall + sum(s["computed"] - s["this_run"] for s in cache_s.values())


def _record_wall_time(out_dir: Path, wall: float, output: Path) -> None:
    mpath = out_dir / "manifest.json"
    if mpath.exists():
        manifest = json.loads(mpath.read_text())
        manifest["runner"] = {"wall_s": round(wall, 2), "executed_notebook": str(output)}
        if "cache_s" in manifest:
            manifest["runner"]["cold_wall_s"] = round(cold_wall_time(wall, manifest["cache_s"]), 2)
        mpath.write_text(json.dumps(manifest, indent=1, default=str) + "\n")


def expand(studies: list[str]) -> list[str]:
    """``all`` -> every available chapter in book order; otherwise validate names, keep book order."""
    avail = available_studies()
    if not studies or "all" in studies:
        return avail
    for s in studies:
        notebook_path(s)
    return [s for s in avail if s in studies]


def run(studies: list[str], profile: str, overrides: dict[str, Any], *, results_root: Path | None = None,
        executed_dir: Path | None = None, progress: bool = True, allow_dirty: bool | None = None) -> list[RunSummary]:
    """Run studies in book order, rebuild the scorecard, print a summary; stop at the first failure.

    The commit and clean/dirty flag are taken once, before the first notebook; a run into
    ``results/reference/`` on a dirty tree is refused unless ``allow_dirty``."""
    from mhtext import scorecard

    load_profile(profile)
    todo = expand(studies)
    provenance = start_provenance((results_root or paths.RESULTS).resolve(), allow_dirty)
    summaries: list[RunSummary] = []
    # A single study gets its overrides as they are, so an unknown key is refused with its valid list.
    per_study = _split_overrides(todo, overrides) if len(todo) > 1 and overrides else {s: overrides for s in todo}
    for study in todo:
        try:
            summaries.append(run_study(study, profile, per_study[study], results_root=results_root,
                                       executed_dir=executed_dir, progress=progress, provenance=provenance,
                                       allow_dirty=allow_dirty))
        except NotebookFailed as err:
            summaries.append(RunSummary(study, profile, "FAILED", 0.0, Path(), Path(), str(err)))
            print_summary(summaries)
            raise
    root = results_root or paths.RESULTS
    scorecard.write(root)
    print_summary(summaries)
    return summaries


def _split_overrides(studies: list[str], overrides: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """With several studies, a -p key applies to the notebooks that declare it; a key no notebook
    declares is refused. Each notebook's parameters are inspected once."""
    declared = {s: set(notebook_parameters(notebook_path(s))) - set(INJECTED) for s in studies}
    unknown = sorted(k for k in overrides if not any(k in keys for keys in declared.values()))
    if unknown:
        raise UsageError(f"unknown parameter(s) {', '.join(unknown)} for every study; "
                         f"valid: {', '.join(sorted(set().union(*declared.values())))}")
    return {s: {k: v for k, v in overrides.items() if k in keys} for s, keys in declared.items()}


def print_summary(summaries: list[RunSummary]) -> None:
    from mhtext.results import read_metrics

    print("\nstudy                 profile  status   wall (s)  metrics  results")
    for s in summaries:
        n = len(read_metrics(s.results)) if s.status == "ok" else 0
        print(f"{s.study:<21} {s.profile:<8} {s.status:<8} {s.wall_s:>8.1f}  {n:>7}  {s.results}")
        if s.message:
            print(f"  {s.message}")
