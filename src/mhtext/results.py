"""The results writer: every number, table and figure a notebook produces becomes a file.

``results/<study>/`` holds ``metrics.json`` (flat ``quantity -> number``, keys as in
``mhtext.published``), ``tables/*.csv``, ``figures/*.png`` and ``manifest.json``
(commit, versions, parameters, data sets with checksums, seed, device, stage times).
Figures and tables in the book are drawn from these files.
"""

from __future__ import annotations

import json
import math
import platform
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from mhtext import paths

#: Packages whose versions every manifest records.
TRACKED_PACKAGES = (
    "mhtext", "numpy", "pandas", "scikit-learn", "scipy", "torch", "transformers", "sentence-transformers",
    "gensim", "scikit-bio", "mlxtend", "statsmodels", "nltk", "vaderSentiment", "empath", "nrclex",
    "papermill", "jupyter-book", "matplotlib", "seaborn",
)


def git_commit() -> str:
    """``HEAD``'s hash, suffixed ``-dirty`` when the work tree has uncommitted changes; ``unknown`` outside git."""
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=paths.ROOT,
                               capture_output=True, text=True, check=True)
        return sha.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def package_versions(names: tuple[str, ...] = TRACKED_PACKAGES) -> dict[str, str]:
    out = {}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = "not installed"
    return out


def device_info() -> dict[str, Any]:
    info: dict[str, Any] = {"platform": platform.platform(), "python": platform.python_version(),
                            "processor": platform.processor() or platform.machine()}
    try:
        import torch

        info["torch_threads"] = torch.get_num_threads()
        info["cuda"] = torch.cuda.is_available()
        if info["cuda"]:
            info["gpu"] = torch.cuda.get_device_name(0)
    except ImportError:
        info["cuda"] = False
    return info


def _check_number(key: str, value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError) as err:
        raise TypeError(f"metric {key!r}: {value!r} is not a number") from err
    if not math.isfinite(v):
        raise ValueError(f"metric {key!r} is {v}: a metric must be finite; handle the undefined case upstream")
    return v


class Results:
    """Collects one run's outputs and writes them under ``out_dir``.

    Parameters
    ----------
    out_dir : path
        ``results/<study>/`` (the runner passes an absolute path).
    study : str
        Study slug, recorded in the manifest.
    params : mapping
        The notebook's parameters, recorded in the manifest.
    """

    def __init__(self, out_dir: str | Path, study: str, params: Mapping[str, Any]):
        self.dir = Path(out_dir)
        self.study = study
        self.params = dict(params)
        self.metrics: dict[str, float] = {}
        self.datasets: dict[str, dict[str, Any]] = {}
        self.stages: dict[str, float] = {}
        self.timings: dict[str, float] = {}
        self.started = datetime.now(UTC)
        for sub in ("tables", "figures"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)

    # -- numbers --------------------------------------------------------
    def metric(self, key: str, value: Any) -> float:
        """Record one headline number under ``key`` (a ``mhtext.published`` quantity where one exists)."""
        self.metrics[key] = v = _check_number(key, value)
        return v

    def update(self, values: Mapping[str, Any], prefix: str = "") -> None:
        """Record many numbers, keys prefixed with ``prefix``."""
        for k, v in values.items():
            self.metric(f"{prefix}{k}", v)

    def timing(self, key: str, value: Any) -> float:
        """Record a speed measurement (e.g. tokens per second). It goes to the manifest, not to
        ``metrics.json``, which must be identical for the same profile and seed."""
        self.timings[key] = v = _check_number(key, value)
        return v

    # -- files ----------------------------------------------------------
    def table(self, name: str, df: pd.DataFrame, *, index: bool = False) -> pd.DataFrame:
        """Write ``tables/<name>.csv`` and return the frame as read back (what the book shows)."""
        path = self.dir / "tables" / f"{name}.csv"
        df.to_csv(path, index=index)
        return pd.read_csv(path)

    def figure(self, name: str, fig: Any, *, dpi: int = 110) -> Path:
        """Save a matplotlib figure as ``figures/<name>.png``."""
        path = self.dir / "figures" / f"{name}.png"
        fig.savefig(path, dpi=dpi, bbox_inches="tight")
        return path

    def dataset(self, df: pd.DataFrame, role: str) -> pd.DataFrame:
        """Record the data set a frame came from (name, kind, checksum, rows) under ``role``."""
        self.datasets[role] = {
            "name": df.attrs.get("dataset", "unregistered"),
            "kind": df.attrs.get("kind", "unknown"),
            "checksum": df.attrs.get("checksum", ""),
            "rows": len(df),
        }
        return df

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage of the notebook; the wall time goes into the manifest."""
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = round(self.stages.get(name, 0.0) + time.perf_counter() - t0, 3)

    # -- writing --------------------------------------------------------
    def write(self) -> Path:
        """Write ``metrics.json`` and ``manifest.json``; return the folder."""
        (self.dir / "metrics.json").write_text(json.dumps(dict(sorted(self.metrics.items())), indent=1) + "\n")
        manifest = {
            "study": self.study,
            "profile": self.params.get("profile"),
            "seed": self.params.get("seed"),
            "parameters": self.params,
            "datasets": self.datasets,
            "git_commit": git_commit(),
            "packages": package_versions(),
            "device": device_info(),
            "stages_s": self.stages,
            "timings": self.timings,
            "started": self.started.isoformat(timespec="seconds"),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (self.dir / "manifest.json").write_text(json.dumps(manifest, indent=1, default=str) + "\n")
        return self.dir


def read_metrics(study_dir: str | Path) -> dict[str, float]:
    """``metrics.json`` of a study folder, or ``{}`` when it has none."""
    p = Path(study_dir) / "metrics.json"
    return json.loads(p.read_text()) if p.exists() else {}


def read_manifest(study_dir: str | Path) -> dict[str, Any]:
    p = Path(study_dir) / "manifest.json"
    return json.loads(p.read_text()) if p.exists() else {}
