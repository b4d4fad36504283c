"""Shared timing and result writing for the benchmarks."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from mhtext import paths
from mhtext.results import device_info, git_commit


def median_time(fn: Callable[[], object], *, repeats: int, warmup: int = 1) -> float:
    """Median wall time of ``fn`` over ``repeats`` calls after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def write(name: str, *, variants: dict[str, float], unit: str, ratio: tuple[str, str], notes: str) -> dict:
    """Write ``results/benchmarks/<name>.json``: variants' medians, the ratio numerator/denominator, the unit."""
    num, den = ratio
    out = {"name": name, "unit": unit, "variants": variants, "ratio": variants[num] / variants[den],
           "ratio_of": f"{num} / {den}", "notes": notes}
    path = write_json(name, out)
    print(f"{name}: {variants} {unit}; {out['ratio_of']} = {out['ratio']:.2f} -> {path}")
    return out


def write_json(name: str, out: dict) -> Path:
    """Write ``out`` with the commit and device to ``results/benchmarks/<name>.json``; return the path."""
    out.update(git_commit=git_commit(), device=device_info())
    path = paths.RESULTS / "benchmarks" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, default=float) + "\n")
    return path
