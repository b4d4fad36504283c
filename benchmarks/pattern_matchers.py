"""Seconds per user of study B's pattern matchers at the paper's scale: linear search, BHS and our FastMatcher.

The paper (Section 5.4) reports 0.8 s per user for the linear search of its 97,672-pattern set and 0.2 s
for the bidimensional hash search (BHS), on unstated hardware. This times the matchers of
``mhtext.patterns.matching`` on a synthetic pattern set of that size (``synthesize_patterns``) and users
with 40-tweet timelines (414 windows each), in one run and one thread, so the ratios compare like with like:
the linear search on a few users (seconds each), the others on many. ``fast`` is ``FastMatcher.match_many``
on the windows, ``fast_sequences`` is ``FastMatcher.match_sequences`` on the emotion sequences themselves.
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks._common import write
from mhtext.emotion import EMOTIONS
from mhtext.patterns.matching import (
    N_PAPER_PATTERNS,
    BHSMatcher,
    FastMatcher,
    LinearMatcher,
    synthesize_patterns,
    time_per_user,
    windows,
)
from mhtext.published import lookup


def main(n_patterns: int = N_PAPER_PATTERNS, tweets: int = 40, users: int = 2000, linear_users: int = 3,
         repeats: int = 3, seed: int = 0) -> dict:
    patterns = synthesize_patterns(n_patterns, seed=seed)
    rng = np.random.default_rng(seed)
    sequences = {u: rng.choice(EMOTIONS, size=tweets).tolist() for u in range(users)}
    seps = {u: windows(seq) for u, seq in sequences.items()}
    few = {u: seps[u] for u in list(seps)[:linear_users]}
    with threadpool_limits(1):
        fast = FastMatcher(patterns)
        timings = {"linear": time_per_user(LinearMatcher(patterns), few, repeats=1),
                   "bhs": time_per_user(BHSMatcher(patterns), seps, repeats=repeats),
                   "fast": time_per_user(fast, seps, repeats=repeats)}
        timings["fast_sequences"] = time_per_user(fast, sequences, repeats=repeats, method="match_sequences")
    variants = {name: t["seconds_per_user"] for name, t in timings.items()}
    paper = {m: lookup("mdi-patterns", f"bhs.{m}.seconds_per_user") for m in ("linear", "hash")}
    notes = (f"{len(patterns)} synthetic patterns, {tweets}-tweet timelines ({len(seps[0])} windows per user), "
             f"one thread; linear over {len(few)} users once, the others over {users} users, median of {repeats}. "
             f"bhs / linear = {variants['bhs'] / variants['linear']:.2e}, "
             f"fast / bhs = {variants['fast'] / variants['bhs']:.2f}, "
             f"fast_sequences / bhs = {variants['fast_sequences'] / variants['bhs']:.2f}; "
             f"paper (Section 5.4, unstated hardware): linear {paper['linear']} s, BHS {paper['hash']} s per user, "
             f"bhs / linear = {paper['hash'] / paper['linear']:.2f}")
    return write("pattern_matchers", variants=variants, unit="s per user", ratio=("bhs", "linear"), notes=notes)


if __name__ == "__main__":
    main()
