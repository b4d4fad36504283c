"""Registry of data sets: every loader and simulator, each with a card.

A data set is a name, a card (``data/cards/<name>.yaml``) and a function that
returns a :class:`pandas.DataFrame` with the schema its card documents. The
notebooks call :func:`load` and never learn whether the frame came from a real
file or a simulator, except through the card.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd
import yaml

from mhtext import paths

KINDS = ("simulated", "real")


class DatasetNotFoundError(FileNotFoundError):
    """A real data set's file is missing; the message says where and how to get it."""


class ChecksumError(ValueError):
    """A file's sha256 differs from the registry: the file is refused."""


@dataclass(frozen=True)
class Card:
    """What a reader needs to know about a data set (Gebru-style datasheet, short)."""

    name: str
    title: str
    kind: str
    studies: tuple[str, ...]
    provenance: str
    license: str
    access: str
    fields: dict[str, str]
    size: str
    sensitivity: str
    #: True for clinical or forum text and anything a user brings: raw text never leaves a run
    #: (:mod:`mhtext.privacy`). Every card must say it.
    sensitive: bool
    citation: str = ""
    paper_stats: dict[str, Any] = field(default_factory=dict)
    #: Simulated corpora only: what the generator plants, what it deliberately does not, and every
    #: knob set from a paper (``knob``, ``toward``, ``value``, ``why``).
    planted: str = ""
    not_planted: str = ""
    calibrated: tuple[dict[str, Any], ...] = ()

    @classmethod
    def from_yaml(cls, name: str) -> Card:
        path = paths.CARDS / f"{name}.yaml"
        if not path.exists():
            raise FileNotFoundError(f"data set {name!r} has no card at {path}; write one (see data/cards/).")
        raw = yaml.safe_load(path.read_text())
        raw["studies"] = tuple(raw.get("studies", ()))
        raw["calibrated"] = tuple(raw.get("calibrated") or ())
        if not isinstance(raw.get("sensitive"), bool):
            raise ValueError(f"{path}: 'sensitive' must be true or false (true for clinical or forum text), "
                             f"got {raw.get('sensitive')!r}")
        raw.setdefault("name", name)
        if raw["name"] != name:
            raise ValueError(f"{path}: card name {raw['name']!r} differs from file name {name!r}")
        if raw.get("kind") not in KINDS:
            raise ValueError(f"{path}: kind must be one of {KINDS}, got {raw.get('kind')!r}")
        return cls(**raw)


_LOADERS: dict[str, Callable[..., pd.DataFrame]] = {}


def register(name: str) -> Callable[[Callable[..., pd.DataFrame]], Callable[..., pd.DataFrame]]:
    """Decorator: register ``func`` as the loader/simulator of data set ``name``."""

    def deco(func: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        if name in _LOADERS:
            raise ValueError(f"data set {name!r} registered twice")
        _LOADERS[name] = func
        return func

    return deco


def _ensure_registered() -> None:
    # Importing the modules runs their @register decorators.
    from mhtext.data import loaders, own_corpus, simulate  # noqa: F401


def names() -> list[str]:
    """All registered data set names, sorted."""
    _ensure_registered()
    return sorted(_LOADERS)


@cache
def card(name: str) -> Card:
    """The card of data set ``name``."""
    _check_name(name)
    return Card.from_yaml(name)


def cards(study: str | None = None, kind: str | None = None) -> list[Card]:
    """Cards of all data sets, optionally only those used by ``study`` or of ``kind``."""
    out = [card(n) for n in names()]
    return [c for c in out if (study is None or study in c.studies) and (kind is None or c.kind == kind)]


def _check_name(name: str) -> None:
    _ensure_registered()
    if name not in _LOADERS:
        raise KeyError(f"unknown data set {name!r}; known: {', '.join(sorted(_LOADERS))}")


def frame_checksum(df: pd.DataFrame) -> str:
    """sha256 of a frame's content (values and column names), stable across runs."""
    h = hashlib.sha256()
    h.update("\x1f".join(map(str, df.columns)).encode())
    for col in df.columns:
        try:
            hashed = pd.util.hash_pandas_object(df[col], index=False)
        except TypeError:  # unhashable cells (tuples of labels, arrays): hash their text form
            hashed = pd.util.hash_pandas_object(df[col].astype(str), index=False)
        h.update(hashed.to_numpy().tobytes())
    return h.hexdigest()


def load(name: str, **kwargs: Any) -> pd.DataFrame:
    """Load or simulate data set ``name``.

    The returned frame carries ``attrs`` ``dataset``, ``kind`` and ``checksum``
    so that the results writer can record what a run used.
    """
    _check_name(name)
    df = _LOADERS[name](**kwargs)
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"loader of {name!r} returned {type(df).__name__}, not a DataFrame")
    df.attrs.update(dataset=name, kind=card(name).kind, checksum=frame_checksum(df))
    return df


def missing_file(name: str, path: Any) -> DatasetNotFoundError:
    """The error to raise when a real data set's file is absent."""
    c = card(name)
    return DatasetNotFoundError(
        f"data set {name!r}: no file at {path}.\n"
        f"Set {paths.DATA_DIR_ENV} to the folder holding it (now: {paths.data_dir()}), or pass path=.\n"
        f"How to get it: {c.access}"
    )
