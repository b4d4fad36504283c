"""Seconds for study D's Table 2: Mantel tests between all 28 pairs of 8 feature spaces, 1,588 posts, 999 permutations.

The paper ("Mantel Tests", Methods) builds each feature set's Euclidean distance matrix with SciPy and runs
scikit-bio's ``mantel`` with 999 permutations on every pair. This times three ways of doing that on
synthetic feature spaces of realistic widths (VADER-, Empath-, LIWC-, emoji-, GPT-, sentence-encoder-like),
which share a latent factor so that the correlations are not all zero:

``naive``
    one ``skbio.stats.distance.mantel`` call per pair, both distance matrices rebuilt for every pair;
``skbio``
    ``mantel_table(engine="skbio")``: each distance matrix built once, one ``mantel`` call per pair;
``fast``
    ``mantel_table(engine="fast")``: distance matrices once, permutations shared across pairs.

Each variant is timed once, in one run and one thread (the work is seconds to minutes, so the medians of
``_common.median_time`` would cost more than they tell). All three use the same seed, hence the same
permutations, and the notes record whether their tables agree.
"""

from __future__ import annotations

import time
from itertools import combinations

import numpy as np
from skbio.stats.distance import mantel
from threadpoolctl import threadpool_limits

from benchmarks._common import write
from mhtext.evaluate.mantel import distance_matrix, mantel_table

# Widths like the paper's feature sets (Table 1 lists 12 to 6,912; a few are cut to keep the run short).
WIDTHS = {"vader": 3, "empath": 194, "liwc": 57, "emoji64": 64, "gpt_default": 2304, "use": 384,
          "gpt_finetuned": 768, "deepmoji": 768}


def synthetic_spaces(n_posts: int = 1588, widths: dict[str, int] = WIDTHS, latent: int = 8, seed: int = 0):
    """Feature matrices of the same posts: a shared latent factor mapped into each space, plus noise."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n_posts, latent))
    return {name: z @ rng.standard_normal((latent, d)) * rng.uniform(0.2, 2.0)
            + rng.standard_normal((n_posts, d)) for name, d in widths.items()}


def naive_table(spaces, *, permutations: int, seed: int) -> list[tuple[str, str, float, float]]:
    """The straightforward loop: rebuild both distance matrices and call ``mantel`` for every pair."""
    rows = []
    for a, b in combinations(spaces, 2):
        r, p, _ = mantel(distance_matrix(spaces[a]), distance_matrix(spaces[b]), permutations=permutations,
                         seed=seed)
        rows.append((a, b, float(r), float(p)))
    return rows


def main(n_posts: int = 1588, permutations: int = 999, seed: int = 0) -> dict:
    spaces = synthetic_spaces(n_posts, seed=seed)
    seconds, tables = {}, {}
    with threadpool_limits(1):
        t0 = time.perf_counter()
        naive = naive_table(spaces, permutations=permutations, seed=seed)
        seconds["naive"] = time.perf_counter() - t0
        for engine in ("skbio", "fast"):
            t0 = time.perf_counter()
            tables[engine] = mantel_table(spaces, permutations=permutations, seed=seed, engine=engine,
                                          progress=False)
            seconds[engine] = time.perf_counter() - t0
    fast = tables["fast"]
    r_naive = np.array([row[2] for row in naive])
    p_naive = np.array([row[3] for row in naive])
    pairs = len(fast)
    notes = (f"{len(spaces)} synthetic spaces of widths {list(WIDTHS.values())}, {n_posts} posts, {pairs} pairs, "
             f"{permutations} permutations, seed {seed}, one thread, each variant timed once. "
             f"naive / fast = {seconds['naive'] / seconds['fast']:.2f}, "
             f"skbio / fast = {seconds['skbio'] / seconds['fast']:.2f}; "
             f"fast r identical to skbio engine: {bool((fast['r'] == tables['skbio']['r']).all())}, "
             f"p identical: {bool((fast['p_value'] == tables['skbio']['p_value']).all())}; "
             f"max |r fast - r naive| = {np.abs(fast['r'].to_numpy() - r_naive).max():.1e}, "
             f"p identical to naive: {bool((fast['p_value'].to_numpy() == p_naive).all())}; "
             f"r range {fast['r'].min():.3f}..{fast['r'].max():.3f}.")
    return write("mantel_pairs", variants=seconds, unit="s for all pairs", ratio=("naive", "fast"), notes=notes)


if __name__ == "__main__":
    main()
