"""GRU training throughput with 1 and 2 torch threads, on an idle machine and beside one busy process.

A reader's laptop is rarely idle. torch's intra-op threads wait on each other when another process
holds a core, so more threads can be slower than fewer. This measures the four cases in one run
(the busy process is a plain Python loop pinned to nothing, started and stopped here) so the default
thread count (``mhtext.seed``) can be the one that degrades gracefully.
"""

from __future__ import annotations

import subprocess
import sys

import torch
from torch import nn

from benchmarks._common import median_time, write
from mhtext.models.attention_gru import AttentionBiGRU


def _rate(threads: int, *, batch: int, width: int, steps: int, repeats: int, seed: int) -> float:
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(seed)
    ids = torch.randint(2, 20_000, (batch, width), generator=gen)
    lengths = torch.full((batch,), width)
    y = torch.randint(0, 4, (batch,), generator=gen)
    torch.manual_seed(seed)
    model = AttentionBiGRU(20_000, 50, 64, 4, 0.5)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)

    def train_steps():
        for _ in range(steps):
            opt.zero_grad()
            nn.functional.cross_entropy(model(ids, lengths)[0], y).backward()
            opt.step()

    return batch * width * steps / median_time(train_steps, repeats=repeats)


def main(batch: int = 64, width: int = 40, steps: int = 4, repeats: int = 5, seed: int = 0) -> dict:
    kw = dict(batch=batch, width=width, steps=steps, repeats=repeats, seed=seed)
    before = torch.get_num_threads()
    rates = {f"{t}_threads_idle": _rate(t, **kw) for t in (1, 2)}
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        rates.update({f"{t}_threads_busy": _rate(t, **kw) for t in (1, 2)})
    finally:
        busy.kill()
        busy.wait()
        torch.set_num_threads(before)
    return write("gru_threads", variants=rates, unit="tokens/s (forward+backward+Adam step)",
                 ratio=("2_threads_busy", "1_threads_busy"),
                 notes=f"batch {batch} x {width} tokens, {steps} steps per timing, median of {repeats}; "
                       "'busy': one other process spinning on a core during the timing")


if __name__ == "__main__":
    main()
