"""Fast seeded draws shared by the simulators.

Simulators draw millions of scalar uniforms (one per word choice); a numpy call per draw
would dominate their run time, so uniforms are drawn in blocks from one ``default_rng`` and
handed out one by one. The sequence is fully determined by the generator's seed.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

import numpy as np


class Draws:
    """Uniform draws from one ``default_rng``, buffered so per-word picks stay cheap."""

    def __init__(self, rng: np.random.Generator, block: int = 1 << 16) -> None:
        self._rng = rng
        self._block = block
        self._buf: list[float] = []
        self._i = 0

    def u(self) -> float:
        if self._i >= len(self._buf):
            self._buf = self._rng.random(self._block).tolist()
            self._i = 0
        x = self._buf[self._i]
        self._i += 1
        return x

    def pick(self, seq: Sequence):
        return seq[int(self.u() * len(seq))]

    def weighted(self, items: Sequence, cum: Sequence[float]):
        return items[bisect.bisect_right(cum, self.u() * cum[-1])]

    def geometric(self, mean: float) -> int:
        """Failures before a success, mean ``mean`` (inverse-CDF, one uniform)."""
        if mean <= 0:
            return 0
        p = 1.0 / (1.0 + mean)
        return int(math.log(1.0 - self.u()) / math.log(1.0 - p))

    __call__ = u
