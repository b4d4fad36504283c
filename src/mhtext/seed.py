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
        from run to run. Default: ``MHTEXT_THREADS``, else :func:`default_threads`.
    """
    random.seed(seed)
    np.random.seed(seed % 2**32)
    try:
        import torch
    except ImportError:  # torch is a dependency, but seeding must not require it
        return np.random.default_rng(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    n = threads or int(os.environ.get("MHTEXT_THREADS", default_threads()))
    torch.set_num_threads(n)
    return np.random.default_rng(seed)


def default_threads(cpus: int | None = None) -> int:
    """One core fewer than the machine has (at least 1, at most 8).

    torch's intra-op threads wait on each other when another process holds a core: on 2 cores the
    GRU trained 4.4x slower with 2 threads than with 1 beside one busy process, but only 1.25x
    faster when idle (``benchmarks/gru_threads.py``). Leaving a core free degrades gracefully on a
    reader's busy laptop.
    """
    cpus = cpus or os.cpu_count() or 1
    return max(1, min(cpus - 1, 8))
