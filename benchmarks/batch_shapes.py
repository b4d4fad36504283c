"""Training throughput of the first and second epoch with batch widths padded to a multiple of 8, or exact.

Kernels built once per input shape would make a first epoch over many distinct batch widths pay
for many builds, which padding to a multiple of 8 avoids at the cost of computing on padding.
Each variant runs in a fresh process (a cold cache), on the same simulated tweets, with the same
seed; the ratio says which cost wins on this device (the package's default follows it).
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks._common import write

SNIPPET = """
import json, sys
from mhtext.data import load
from mhtext.models.attention_gru import AttentionGRUClassifier
from mhtext.seed import seed_everything
seed_everything(0)
tw = load("sim-sentiment140", n={n}, seed=0)
m = AttentionGRUClassifier(max_epochs=2, patience=2, batch_size=256, pad_multiple={multiple}, random_state=0,
                           validation_fraction=0.0, device="cpu")
m.fit(tw["text"].tolist(), tw["label"])
print(json.dumps([h["tokens_per_s"] for h in m.history_]))
"""


def run_variant(multiple: int, n: int) -> list[float]:
    out = subprocess.run([sys.executable, "-c", SNIPPET.format(n=n, multiple=multiple)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(n: int = 6000, repeats: int = 3) -> dict:
    import statistics

    results = {m: [run_variant(m, n) for _ in range(repeats)] for m in (8, 1)}
    variants = {
        "first_epoch_pad8": statistics.median(r[0] for r in results[8]),
        "first_epoch_exact": statistics.median(r[0] for r in results[1]),
        "second_epoch_pad8": statistics.median(r[1] for r in results[8]),
        "second_epoch_exact": statistics.median(r[1] for r in results[1]),
    }
    return write("batch_shapes", variants=variants, unit="tokens/s", ratio=("first_epoch_pad8", "first_epoch_exact"),
                 notes=f"{n} simulated tweets, batch 256, fresh process per run, median of {repeats} runs each")


if __name__ == "__main__":
    main()
