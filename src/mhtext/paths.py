"""Paths anchored at the repository root (showyourwork style).

Everything the project reads or writes is located from here, so notebooks and
scripts never carry literal paths and work from any working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Repository root: ``src/mhtext/paths.py`` -> three levels up.
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
PARAMS = ROOT / "params"
BOOK = ROOT / "book"
#: Where the runner writes executed notebooks for Jupyter Book to render.
BOOK_NOTEBOOKS = BOOK / "notebooks"
DATA = ROOT / "data"
CARDS = DATA / "cards"
REGISTRY = DATA / "registry.txt"
RESULTS = ROOT / "results"
#: Reference runs, committed with their manifests; a run writing here refuses a dirty work tree.
REFERENCE = RESULTS / "reference"
#: Cached stage results (:mod:`mhtext.cache`): outside results/ and book/, emptied by `make clean`.
CACHE = DATA / "interim" / "cache"

#: Environment variable naming the folder that holds real data sets.
DATA_DIR_ENV = "MHTEXT_DATA_DIR"
#: Environment variable naming another folder for the stage cache.
CACHE_DIR_ENV = "MHTEXT_CACHE_DIR"


def data_dir() -> Path:
    """Folder holding real data sets: ``$MHTEXT_DATA_DIR`` if set, else ``data/raw``."""
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env).expanduser().resolve() if env else DATA / "raw"


def cache_dir() -> Path:
    """Root of the stage cache: ``$MHTEXT_CACHE_DIR`` if set, else ``data/interim/cache``."""
    env = os.environ.get(CACHE_DIR_ENV)
    return Path(env).expanduser().resolve() if env else CACHE


def results_dir(study: str, root: Path | None = None) -> Path:
    """``results/<study>/`` (or under ``root`` when given)."""
    return (root or RESULTS) / study
