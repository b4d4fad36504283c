"""Wall time of every simulated corpus at the smoke profile's scale and at the paper's scale (1), in one run.

The simulators issue asked for each corpus under 2 s at smoke size; a timed test of that failed whenever the
machine was busy, so the times are measured here instead, beside the ratio scale 1 / smoke scale of their sum
(about 1/0.05 = 20 when the simulators scale linearly). Each corpus is drawn once unmeasured first, so lexicons and
templates are loaded before any timing.
"""

from __future__ import annotations

from benchmarks._common import median_time, write
from mhtext import runner
from mhtext.data import registry

SMOKE_SCALE = runner.load_profile("smoke")["data"]["scale"]  # the Data chapter draws every corpus at this scale
# Trajectories are not drawn at a scale: their size is a count of simulated patients (study A's parameters).
UNSCALED = ("sim-valence-trajectories",)


def main(seed: int = 3) -> dict:
    names = [c.name for c in registry.cards(kind="simulated") if c.name not in UNSCALED]
    times: dict[str, float] = {}
    for scale, label in ((SMOKE_SCALE, "smoke"), (1.0, "scale1")):
        for name in names:
            times[f"{name}@{label}"] = median_time(lambda n=name, s=scale: registry.load(n, scale=s, seed=seed),
                                                   repeats=1, warmup=1 if label == "smoke" else 0)
            print(f"  {name} at scale {scale}: {times[f'{name}@{label}']:.2f} s")
    times["all@smoke"] = sum(v for k, v in times.items() if k.endswith("@smoke"))
    times["all@scale1"] = sum(v for k, v in times.items() if k.endswith("@scale1"))
    return write("simulators", variants=times, unit="s (one draw)", ratio=("all@scale1", "all@smoke"),
                 notes=f"scales {SMOKE_SCALE} and 1, seed {seed}; the smoke-size budget is 2 s per corpus")


if __name__ == "__main__":
    main()
