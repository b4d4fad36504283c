"""The simulators' small engine: seeded draws, weighted choice, slot filling, exact allocation,
scale checks, data files of templates and word pools, and one schema for corpus statistics and
for the shortcut audit.

Every simulator module (``valence``, ``mdi``, ``distress``, ``clpsych``) holds only its generative
model; what they share lives here, so a fix reaches all four.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import yaml

#: Columns of every ``corpus_statistics`` frame.
STATS_COLUMNS = ("corpus", "quantity", "value")
#: Columns of every ``shortcut_audit`` frame. ``score`` is what the trivial shortcut reaches on the
#: simulated corpus; ``published`` the paper's number for the method the shortcut would fake (NaN where
#: none); ``bound`` the value the tests hold the shortcut under; ``why`` the reason for the bound.
AUDIT_COLUMNS = ("corpus", "shortcut", "metric", "score", "published_quantity", "published", "bound", "why")


class Draws:
    """Uniform draws from one ``numpy.random.Generator``, buffered so per-word picks stay cheap.

    Simulators draw millions of scalar uniforms (one per word choice); a numpy call per draw would
    dominate their run time, so uniforms are drawn in blocks and handed out one by one. The sequence
    is fully determined by the generator's seed.
    """

    def __init__(self, rng: np.random.Generator | int, block: int = 1 << 16) -> None:
        self.rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        self._block = block
        self._buf: list[float] = []
        self._i = 0

    def u(self) -> float:
        """One uniform on [0, 1)."""
        if self._i >= len(self._buf):
            self._buf = self.rng.random(self._block).tolist()
            self._i = 0
        x = self._buf[self._i]
        self._i += 1
        return x

    __call__ = u

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.u() < p

    def pick(self, seq: Sequence):
        """A uniform choice from ``seq``."""
        return seq[int(self.u() * len(seq))]

    def weighted(self, items: Sequence, cum: Sequence[float]):
        """A choice from ``items`` with cumulative weights ``cum`` (see :func:`cumulative`)."""
        return items[bisect.bisect_right(cum, self.u() * cum[-1])]

    def choice(self, weights: Mapping[Any, float]):
        """A key of ``weights`` drawn with probability proportional to its value."""
        keys = list(weights)
        return self.weighted(keys, cumulative(weights.values()))

    def geometric(self, mean: float) -> int:
        """Failures before a success, mean ``mean`` (inverse-CDF, one uniform)."""
        if mean <= 0:
            return 0
        p = 1.0 / (1.0 + mean)
        return int(math.log(1.0 - self.u()) / math.log(1.0 - p))

    def normal(self, mu: float = 0.0, sd: float = 1.0) -> float:
        """A normal draw (Box-Muller from two buffered uniforms)."""
        u1, u2 = 1.0 - self.u(), self.u()
        return mu + sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def cumulative(weights) -> list[float]:
    """Cumulative sums of ``weights`` for :meth:`Draws.weighted`; refuses negative or all-zero weights."""
    w = [float(x) for x in weights]
    if any(x < 0 for x in w) or sum(w) <= 0:
        raise ValueError(f"weights must be non-negative with a positive sum, got {w[:8]}")
    return list(np.cumsum(w))


_SLOT = re.compile(r"\{([a-z_]+?)(\d*)\}")


def fill(template: str, pools: Mapping[str, Sequence[str]], draws: Draws,
         fixed: Mapping[str, str] | None = None) -> str:
    """Fill every ``{slot}`` of ``template`` with a uniform draw from ``pools[slot]``.

    ``{slot2}``, ``{slot3}`` … draw again from the same pool (``{neg}`` and ``{neg2}`` are two words
    of one pool); ``fixed`` gives values that are not drawn. An unknown slot raises ``KeyError``
    naming the template.
    """
    fixed = fixed or {}

    def one(m: re.Match) -> str:
        name = m.group(1) + m.group(2)
        if name in fixed:
            return fixed[name]
        base = m.group(1)
        if base in fixed:
            return fixed[base]
        if base not in pools:
            raise KeyError(f"template {template!r}: no word pool for slot {{{name}}}; pools: {sorted(pools)}")
        return draws.pick(pools[base])

    return _SLOT.sub(one, template)


def exact_counts(n: int, shares: Mapping[str, float], *, min_each: int = 1) -> dict[str, int]:
    """Largest-remainder rounding of ``n * share``: counts sum to ``n`` and none is below ``min_each``."""
    total = float(sum(shares.values()))
    if n < min_each * len(shares):
        raise ValueError(f"n={n} is too small for {len(shares)} groups of at least {min_each}")
    raw = {k: n * v / total for k, v in shares.items()}
    counts = {k: max(min_each, int(math.floor(v))) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - math.floor(raw[k]), reverse=True):
        if sum(counts.values()) >= n:
            break
        counts[k] += 1
    while sum(counts.values()) > n:
        k = max((c for c in counts if counts[c] > min_each), key=counts.get)
        counts[k] -= 1
    return counts


def scaled(n_paper: int, scale: float, *, floor: int, where: str) -> int:
    """``round(n_paper * scale)``, at least ``floor``; refuses a non-positive scale, naming ``where``."""
    check_scale(scale, where)
    return max(int(floor), int(round(n_paper * scale)))


def check_scale(scale: float, where: str) -> None:
    if not (isinstance(scale, int | float) and math.isfinite(scale) and scale > 0):
        raise ValueError(f"{where}: scale must be a positive number (1 = the paper's size), got {scale!r}")


def check_unit(name: str, value: float, where: str) -> float:
    """Refuse a knob outside [0, 1], naming the simulator and the knob."""
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{where}: {name} must lie in [0, 1], got {value!r}")
    return float(value)


@cache
def templates(name: str) -> dict[str, Any]:
    """The templates and word pools of one simulator, read from ``templates/<name>.yaml`` in this package."""
    path = resources.files("mhtext.data.simulate").joinpath("templates", f"{name}.yaml")
    if not path.is_file():
        raise FileNotFoundError(f"no template file {name}.yaml in mhtext/data/simulate/templates/")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def stats_frame(rows: Sequence[tuple[str, str, float]]) -> pd.DataFrame:
    """Corpus statistics in the shared schema (:data:`STATS_COLUMNS`), values as floats."""
    df = pd.DataFrame(list(rows), columns=list(STATS_COLUMNS))
    df["value"] = df["value"].astype(float)
    return df


def audit_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Shortcut-audit rows in the shared schema (:data:`AUDIT_COLUMNS`); missing fields become NaN."""
    df = pd.DataFrame(list(rows), columns=list(AUDIT_COLUMNS))
    for col in ("score", "published", "bound"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    return df


def published_value(study: str, quantity: str) -> float:
    """A paper's number from :mod:`mhtext.published` (never typed twice in a simulator)."""
    from mhtext.published import lookup

    return float(lookup(study, quantity))
