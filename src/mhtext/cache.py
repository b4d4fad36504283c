"""Expensive stages cached on disk, so an interrupted run resumes where it stopped.

A stage is a function call. Its result is stored with :class:`joblib.Memory` under a key made of
the stage's name, the function (qualified name and byte code, closures included; for a function
written in a notebook, also the notebook variables it reads), every argument (data frames by their
content checksum, :class:`~pathlib.Path` arguments by the sha256 of what they name, tensors by
their bytes, estimators by their state) and the code version (mhtext's version, a hash of the
package's source files, Python and the tracked packages' versions). A changed parameter therefore
changes the key of the stages that receive it and of no other; a code change invalidates all.

The cache lives in ``paths.cache_dir()`` (``data/interim/cache``, or ``$MHTEXT_CACHE_DIR``), one
folder for public and one for sensitive data, never under ``results/`` or ``book/``;
``make clean`` empties both. ``MHTEXT_CACHE=0`` turns caching off. Studies use it through
:meth:`mhtext.results.Results.cached`, which also records hits and misses in the manifest.

A hit restores the random-number states (``random``, NumPy's global, torch's CPU generator) the
stage left behind when it ran, so later stages draw what they would have drawn in an uncached run.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import random
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import joblib
import numpy as np
import pandas as pd

import mhtext
from mhtext import paths

#: Environment variable: ``0``, ``false``, ``off`` or ``no`` turns the stage cache off.
CACHE_ENV = "MHTEXT_CACHE"
BUCKETS = {False: "public", True: "sensitive"}


def enabled_by_env() -> bool:
    """False when ``$MHTEXT_CACHE`` is ``0``, ``false``, ``off`` or ``no``."""
    return os.environ.get(CACHE_ENV, "1").strip().lower() not in {"0", "false", "off", "no"}


def source_hash(package_dir: str | Path | None = None) -> str:
    """sha256 over the package's files (relative path and bytes, sorted; byte code excluded)."""
    root = Path(package_dir or Path(mhtext.__file__).parent)
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix not in {".pyc", ".pyo"}:
            h.update(p.relative_to(root).as_posix().encode() + b"\0")
            h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


@functools.cache
def code_version() -> str:
    """What a cached result depends on besides its inputs: mhtext's version and source hash,
    Python's minor version and the tracked packages' versions (a torch upgrade invalidates too)."""
    from mhtext.results import package_versions

    versions = {k: v for k, v in package_versions().items() if k != "mhtext"}
    return f"{mhtext.__version__}+{source_hash()[:16]}-py{sys.version_info[0]}.{sys.version_info[1]}-" + \
        joblib.hash(sorted(versions.items()))[:12]


def _code(co: types.CodeType) -> tuple:
    # Byte code, constants and names; not the file name or line numbers, which change when a
    # notebook cell is merely moved.
    consts = tuple(_code(c) if isinstance(c, types.CodeType) else c for c in co.co_consts)
    return co.co_code, consts, co.co_names, co.co_varnames


def fingerprint(obj: Any, _seen: frozenset[int] = frozenset()) -> Any:
    """A deterministic, picklable stand-in for ``obj`` whose :func:`joblib.hash` is the cache key.

    joblib's own hash pickles objects, which for torch tensors embeds memory addresses; here
    tensors and modules are hashed by their bytes, frames by their content checksum, callables by
    their byte code and closures, and other objects by their attributes. A value a cached stage
    returned is read back from the cache unchanged, so a later stage it is passed to keys alike in
    the run that computed it and in the runs that reuse it (wall times in a fitted model included).
    """
    if obj is None or isinstance(obj, (bool, int, float, complex, str, bytes)):
        return obj
    if id(obj) in _seen:
        return ("cycle", type(obj).__qualname__)
    return _structure(obj, _seen | {id(obj)})


def _structure(obj: Any, seen: frozenset[int]) -> Any:
    def fp(x: Any) -> Any:
        return fingerprint(x, seen)

    if isinstance(obj, pd.DataFrame):
        from mhtext.data.registry import frame_checksum

        return ("frame", obj.attrs.get("checksum", ""), frame_checksum(obj),
                hashlib.sha256(pd.util.hash_pandas_object(obj.index).to_numpy().tobytes()).hexdigest())
    if isinstance(obj, pd.Series):
        try:
            values = pd.util.hash_pandas_object(obj).to_numpy().tobytes()
        except TypeError:  # unhashable cells: their text form
            values = pd.util.hash_pandas_object(obj.astype(str)).to_numpy().tobytes()
        return ("series", str(obj.name), str(obj.dtype), hashlib.sha256(values).hexdigest())
    if isinstance(obj, Path):  # a file argument: keyed by what it holds, not only where it lies
        from mhtext.results import _file_info

        return ("path", str(obj), _file_info(obj)["sha256"] if obj.exists() else "missing")
    if isinstance(obj, np.ndarray):
        return ("array", joblib.hash(obj))
    if isinstance(obj, (list, tuple)):
        if all(type(x) is str for x in obj):  # texts: hashed as they are, no walk needed
            return (type(obj).__name__, joblib.hash(obj))
        return (type(obj).__name__, [fp(x) for x in obj])
    if isinstance(obj, dict):
        return ("dict", [(fp(k), fp(v)) for k, v in obj.items()])
    if isinstance(obj, (set, frozenset)):
        if all(type(x) is str for x in obj):  # a vocabulary: sorted, hashed at once
            return ("set", joblib.hash(sorted(obj)))
        return ("set", sorted(joblib.hash(fp(x)) for x in obj))
    if isinstance(obj, functools.partial):
        return ("partial", fp(obj.func), fp(obj.args), fp(obj.keywords))
    if isinstance(obj, types.MethodType):
        return ("method", fp(obj.__func__), fp(obj.__self__))
    if isinstance(obj, types.FunctionType):
        cells = [_cell(c, obj) for c in obj.__closure__ or ()]
        return ("function", obj.__module__, obj.__qualname__, _code(obj.__code__),
                fp(obj.__defaults__), fp(obj.__kwdefaults__), fp(cells), fp(_script_globals(obj)))
    if isinstance(obj, (types.BuiltinFunctionType, type)):
        return ("named", getattr(obj, "__module__", ""), obj.__qualname__)
    if callable(getattr(type(obj), "__cache_key__", None)):  # an object that says what it depends on
        return ("keyed", type(obj).__qualname__, fp(obj.__cache_key__()))
    torch = sys.modules.get("torch")
    if torch is not None:
        if isinstance(obj, torch.Tensor):
            t = obj.detach().cpu()
            return ("tensor", str(t.dtype), tuple(t.shape),
                    hashlib.sha256(t.contiguous().view(torch.uint8).numpy().tobytes()).hexdigest()
                    if t.numel() else "")
        if isinstance(obj, torch.nn.Module):
            return ("module", type(obj).__qualname__, fp(dict(obj.state_dict())), repr(obj))
    if dataclasses.is_dataclass(obj) or hasattr(obj, "__dict__"):
        return ("object", type(obj).__module__, type(obj).__qualname__, fp(dict(vars(obj))))
    return ("pickled", joblib.hash(obj))


def _names(co: types.CodeType) -> set[str]:
    return set(co.co_names).union(*(_names(c) for c in co.co_consts if isinstance(c, types.CodeType)))


def _script_globals(fn: types.FunctionType) -> dict[str, Any]:
    """The globals a notebook or script function (module ``__main__``) reads, e.g. ``seed`` in
    ``lambda k: model(random_state=seed + k)``: there they are parameters, not constants. Package
    code's globals are covered by the code version; modules, and functions and classes defined
    elsewhere, stand for themselves by name."""
    if fn.__module__ != "__main__":
        return {}
    out = {}
    for name in sorted(_names(fn.__code__) & set(fn.__globals__)):
        value = fn.__globals__[name]
        if isinstance(value, types.ModuleType):
            continue
        if isinstance(value, (types.FunctionType, type)) and getattr(value, "__module__", "") != "__main__":
            value = ("named", value.__module__, value.__qualname__)
        out[name] = value
    return out


def _cell(cell: types.CellType, owner: Any) -> Any:
    try:
        value = cell.cell_contents
    except ValueError:  # a closure variable not yet assigned
        return "<empty>"
    return "<self>" if value is owner else value


def _rng_states() -> dict[str, Any]:
    states: dict[str, Any] = {"random": random.getstate(), "numpy": np.random.get_state()}
    torch = sys.modules.get("torch")
    if torch is not None:
        states["torch"] = torch.get_rng_state()
    return states


def _restore_rng(states: dict[str, Any]) -> None:
    random.setstate(states["random"])
    np.random.set_state(states["numpy"])
    if "torch" in states:
        import torch

        torch.set_rng_state(states["torch"])


#: How many stages this process has computed; a call that leaves it unchanged was a hit (this
#: also holds when joblib finds an entry unreadable and silently recomputes it).
_computed = [0]


def _run_stage(stage: str, key: str, fn: Callable[..., Any], args: tuple, kwargs: dict) -> tuple[Any, dict, float]:
    """What joblib stores: the stage's value, the RNG states it left behind and the seconds it took.
    Only ``stage`` and ``key`` name the entry (``fn``, ``args`` and ``kwargs`` are ignored by joblib,
    so no argument, text included, is written in joblib's metadata)."""
    _computed[0] += 1
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, _rng_states(), time.perf_counter() - start


def uncached(stage: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``: the default of functions that take a ``cache`` like
    :meth:`mhtext.results.Results.cached` to run their inner stages through it."""
    return fn(*args, **kwargs)


class StageRun(NamedTuple):
    """One call of a cached stage: its value, ``"hit"``/``"miss"``/``"off"``, and the seconds the
    stage took to compute (for a hit, when it was computed: what a cold run would spend on it)."""

    value: Any
    status: str
    computed_s: float


class StageCache:
    """A folder of cached stage results.

    Parameters
    ----------
    location : path, optional
        The cache root; default :func:`mhtext.paths.cache_dir`. Results go to ``<root>/public`` or
        ``<root>/sensitive`` (created owner-only).
    sensitive : bool
        Whether the data of the run are sensitive (picks the folder). Default True: unknown
        data are kept with the sensitive ones.
    enabled : bool, optional
        False runs every stage (status ``off``); default from ``$MHTEXT_CACHE``.
    version : str, optional
        The code version in every key; default :func:`code_version`.
    """

    def __init__(self, location: str | Path | None = None, *, sensitive: bool = True, enabled: bool | None = None,
                 version: str | None = None):
        self.root = Path(location) if location is not None else paths.cache_dir()
        for published in (paths.RESULTS, paths.BOOK):
            if self.root.resolve().is_relative_to(published.resolve()):
                raise ValueError(f"stage cache {self.root} lies under {published}, which is published; "
                                 f"set {paths.CACHE_DIR_ENV} to a folder outside results/ and book/")
        self.sensitive = bool(sensitive)
        self.enabled = enabled_by_env() if enabled is None else bool(enabled)
        self.version = version or code_version()
        self.dir = self.root / BUCKETS[self.sensitive]
        self._memo = None

    def _memorized(self):
        if self._memo is None:
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            memory = joblib.Memory(self.dir, verbose=0)  # verbose output would print arguments
            self._memo = memory.cache(_run_stage, ignore=["fn", "args", "kwargs"])
        return self._memo

    def key(self, stage: str, fn: Callable[..., Any], args: tuple = (), kwargs: dict | None = None) -> str:
        """The hash that names a stage's entry."""
        return joblib.hash({"stage": stage, "version": self.version, "fn": fingerprint(fn),
                            "args": fingerprint(tuple(args)), "kwargs": fingerprint(dict(kwargs or {}))})

    def run(self, stage: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> StageRun:
        """``fn(*args, **kwargs)``, from the cache when it holds the same stage with the same key.

        Returns
        -------
        StageRun
            ``(value, status, computed_s)``: ``status`` is ``"hit"``, ``"miss"`` (computed and
            stored) or ``"off"``; ``computed_s`` the seconds ``fn`` took when it ran.
        """
        if not self.enabled:
            start = time.perf_counter()
            value = fn(*args, **kwargs)
            return StageRun(value, "off", time.perf_counter() - start)
        key = self.key(stage, fn, args, kwargs)
        before = _computed[0]
        value, states, seconds = self._memorized()(stage, key, fn, args, kwargs)
        status = "miss" if _computed[0] > before else "hit"
        if status == "hit":
            _restore_rng(states)
        return StageRun(value, status, seconds)

    def clear(self) -> None:
        """Remove this bucket's cached results."""
        import shutil

        shutil.rmtree(self.dir, ignore_errors=True)
        self._memo = None


def clear(location: str | Path | None = None) -> None:
    """Empty the whole stage cache (public and sensitive), as ``make clean`` does."""
    for sensitive in BUCKETS:
        StageCache(location, sensitive=sensitive, enabled=True, version="-").clear()
