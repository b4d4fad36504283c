"""Training throughput of the attention BiGRU (tokens per second), two ways of running the backward direction.

``two_grus``: the package's implementation (a forward GRU and a backward GRU over texts reversed
within their lengths). ``packed``: one ``nn.GRU(bidirectional=True)`` over a packed sequence, the
textbook way. Same maths; this measures what the package's choice buys on this device.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from benchmarks._common import median_time, write
from mhtext.models.attention_gru import AttentionBiGRU


class PackedBiGRU(AttentionBiGRU):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.gru = nn.GRU(self.embedding.embedding_dim, self.gru_fwd.hidden_size, batch_first=True, bidirectional=True)

    def forward(self, ids, lengths):
        emb = self.embed_dropout(self.embedding(ids))
        packed = pack_padded_sequence(emb, lengths.cpu(), batch_first=True, enforce_sorted=False)
        h, _ = pad_packed_sequence(self.gru(packed)[0], batch_first=True, total_length=ids.shape[1])
        scores = self.context(torch.tanh(self.attention(h))).squeeze(-1).masked_fill(ids == 0, float("-inf"))
        alpha = torch.softmax(scores, dim=1)
        return self.head(self.out_dropout(torch.bmm(alpha.unsqueeze(1), h).squeeze(1))), alpha


def main(batch: int = 64, width: int = 50, steps: int = 5, repeats: int = 5, seed: int = 0) -> dict:
    gen = torch.Generator().manual_seed(seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    ids = torch.randint(2, 20_000, (batch, width), generator=gen)
    lengths = torch.randint(5, width + 1, (batch,), generator=gen)
    lengths[0] = width
    ids[torch.arange(width).unsqueeze(0) >= lengths.unsqueeze(1)] = 0
    ids = ids.to(device)
    y = torch.randint(0, 4, (batch,), generator=gen).to(device)
    n_tokens = int(lengths.sum()) * steps
    rates = {}
    for name, cls in {"two_grus": AttentionBiGRU, "packed": PackedBiGRU}.items():
        torch.manual_seed(seed)
        model = cls(20_000, 50, 64, 4, 0.5).to(device)
        opt = torch.optim.Adam(model.parameters(), lr=0.01)

        def train_steps(model=model, opt=opt):
            for _ in range(steps):
                opt.zero_grad()
                logits, _ = model(ids, lengths)
                nn.functional.cross_entropy(logits, y).backward()
                opt.step()
            if device.type == "cuda":
                torch.cuda.synchronize()

        rates[name] = n_tokens / median_time(train_steps, repeats=repeats)
    return write("gru_throughput", variants=rates, unit="tokens/s (forward+backward+Adam step)",
                 ratio=("two_grus", "packed"),
                 notes=f"batch {batch} x up to {width} tokens, {steps} steps per timing, median of {repeats}, "
                       f"torch threads {torch.get_num_threads()}, device {device}")


if __name__ == "__main__":
    main()
