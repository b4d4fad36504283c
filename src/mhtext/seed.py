"""One seed drives Python, NumPy and torch (house style: every stochastic step takes a seed)."""

from __future__ import annotations

import os
import random

import numpy as np


def seed_everything(seed: int, *, threads: int | None = None) -> np.random.Generator:
    """Seed ``random``, NumPy and torch, make torch deterministic, and return a NumPy generator.

    Parameters
    ----------
    seed : int
        The run's seed.
    threads : int, optional
        torch intra-op threads; fixing it keeps float reductions in the same order
        from run to run. Default: ``MHTEXT_THREADS`` or the number of CPUs (at most 8).
    """
    random.seed(seed)
    np.random.seed(seed % 2**32)
    try:
        import torch
    except ImportError:  # torch is a dependency, but seeding must not require it
        return np.random.default_rng(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    n = threads or int(os.environ.get("MHTEXT_THREADS", min(os.cpu_count() or 1, 8)))
    torch.set_num_threads(n)
    return np.random.default_rng(seed)
