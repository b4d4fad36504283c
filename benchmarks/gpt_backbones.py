"""Study D's two GPT backbones on this machine, in one run: the Brown model at the full profile's size against
SmolLM2-135M as shipped, per token, for feature extraction and for fine-tuning.

Why the Brown model is the default (notebook 04, Deviations): SmolLM2 is the one pretrained causal LM that ships
here, but the paper's "GPT fine-tuned" is three epochs over 150,000 posts. This measures both backbones' tokens per
second on the same simulated posts, framed and cut as the study does (sentences of at most 64 tokens for features,
pieces of ``FINETUNE_CTX`` tokens for fine-tuning), counts what 150,000 posts hold in each backbone's tokens, and
projects the paper-scale fine-tuning from the measured rates. The Brown model is pretrained for a few steps only:
its speed does not depend on what it has learned.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks._common import write
from benchmarks.clpsych_full_profile import full_params
from mhtext.data.simulate import clpsych as sim
from mhtext.features.language_model import LanguageModelFeatures
from mhtext.features.sentences import split_sentences
from mhtext.models import gpt as lm
from mhtext.studies import clpsych_benchmark as cb


def _rates(model, posts: list[str], sentences: list[str], *, steps: int, lr: float, seed: int) -> dict[str, float]:
    feats = LanguageModelFeatures(model).fit()
    n_tokens = sum(len(f) for f in feats._frame(sentences))
    t0 = time.perf_counter()
    feats.transform(sentences)
    features = n_tokens / (time.perf_counter() - t0)
    pieces = lm.encode_pieces(model.tokenizer, posts, cb.FINETUNE_CTX)
    tokens, batch = sum(map(len, pieces)), 32
    run = lm.fine_tune(model.model, model.tokenizer, posts, max_steps=steps, epochs=None, lr=lr, seed=seed,
                       n_ctx=cb.FINETUNE_CTX, batch_size=batch, valid_fraction=0.05, progress=False)
    mean_batch_tokens = tokens / np.ceil(len(pieces) / batch)  # batches are shuffled: their mean
    return {"features": features, "fine_tune": mean_batch_tokens * run.steps / run.seconds,
            "tokens_per_post": tokens / len(posts)}


def main(n_posts: int = 320, n_sentences: int = 640, steps: int = 4, seed: int = 0) -> dict:
    p = full_params()
    posts = sim.sim_reachout_unlabeled(n=n_posts, seed=seed)["text"].tolist()
    sentences = [s for post in split_sentences(posts) for s in post][:n_sentences]
    brown = cb.pretrain_gpt(n_sentences=2000, epochs=1, n_layer=p["gpt_layers"], n_embd=p["gpt_dim"], seed=seed)
    smol = lm.load_smollm2()
    rates = {"brown": _rates(brown, posts, sentences, steps=steps, lr=cb.FINETUNE_LR["brown"], seed=seed),
             "smollm2": _rates(smol, posts, sentences, steps=steps, lr=cb.FINETUNE_LR["smollm2"], seed=seed)}
    variants = {f"{name}_{what}": r[what] for name, r in rates.items() for what in ("features", "fine_tune")}
    hours = {name: p["n_unlabeled"] * r["tokens_per_post"] * p["gpt_finetune_epochs"] / r["fine_tune"] / 3600
             for name, r in rates.items()}
    size = {name: f"{m.model.config.num_hidden_layers} layers x {m.model.config.hidden_size}"
            for name, m in (("brown", brown), ("smollm2", smol))}
    return write("gpt_backbones", variants=variants, unit="tokens/s", ratio=("brown_fine_tune", "smollm2_fine_tune"),
                 notes=f"Brown GPT at the full profile's size ({size['brown']}) vs SmolLM2-135M-Instruct "
                       f"({size['smollm2']}); "
                       f"{len(sentences)} sentences for features, {n_posts} simulated unlabelled posts in "
                       f"{cb.FINETUNE_CTX}-token pieces, {steps} fine-tuning steps of 32 pieces; tokens per post "
                       f"{rates['brown']['tokens_per_post']:.0f} (Brown BPE) and "
                       f"{rates['smollm2']['tokens_per_post']:.0f} (SmolLM2); the paper's fine-tuning "
                       f"({p['n_unlabeled']:,} posts x {p['gpt_finetune_epochs']} epochs) projects to "
                       f"{hours['brown']:.1f} h (Brown) and {hours['smollm2']:.1f} h (SmolLM2) on this machine; "
                       f"brown/smollm2 features ratio "
                       f"{rates['brown']['features'] / rates['smollm2']['features']:.1f}")


if __name__ == "__main__":
    main()
