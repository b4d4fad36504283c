"""Hidden states of a causal language model as sentence features: study D's "GPT default" and "GPT fine-tuned".

Paper D featurised each sentence with GPT-1 through the ``finetune`` library, which frames a text
``_start_ ... _classify_`` and returns the last layer's hidden state at the final (classify) token: a summary
of the whole sentence, since a causal model's last position has attended to every token before it. Here a
sentence is framed ``<s> tokens </s>`` with the model's own tokens (:mod:`mhtext.models.gpt`) and

- ``pooling="last"`` takes the state at the final position (``</s>``, the analogue of ``_classify_``);
- ``pooling="mean"`` averages the states of every position after ``<s>`` (whose state is the same for every
  sentence, so it would only dilute short ones).

The default is ``"mean"``: on the simulated triage task (sim-reachout, scale 1; posts = [mean | max | min] of
sentence states; balanced logistic regression; macro-F1 over amber/red/crisis, 5-fold x 2 CV on the training
posts) the mean beat the last state for the pretrained model (0.29 vs 0.26) and for the model fine-tuned on
4,000 posts (0.32 vs 0.26). A small model's single last state summarises a sentence less well than GPT-1's did;
``pooling="last"`` keeps the paper's choice available.

An empty sentence (a post without sentences gives ``[""]``) is framed ``<s> </s>`` (``<s>`` alone with
``add_eos=False``), so every input has a row. The transformer works on SENTENCES; per-post aggregation is
:class:`~mhtext.features.sentences.SentenceAggregate`'s.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted
from tqdm.auto import tqdm

from mhtext.features.lexicon_sets import check_posts
from mhtext.models.gpt import context_length, load_lm, pad_batch, resolve_device

POOLINGS = ("last", "mean")


class LanguageModelFeatures(TransformerMixin, BaseEstimator):
    """Sentence features from a causal language model's hidden states, scikit-learn style.

    Parameters
    ----------
    model : str, Path, TrainedLM or transformers model
        A folder written by :func:`mhtext.models.gpt.save_lm` / ``TrainedLM.save``; or a
        :class:`~mhtext.models.gpt.TrainedLM`; or a model object (then ``tokenizer`` is required).
    tokenizer : transformers tokenizer, optional
        Needed only when ``model`` is a bare model object.
    layer : int
        Which hidden state: ``0`` the embeddings, ``1 .. n_layer`` the blocks' outputs; negative counts from
        the end (``-1``, the default, is the last block after the final layer norm).
    pooling : {"mean", "last"}
        The mean over the positions after ``<s>`` (default), or the state at the final position (``</s>``,
        the paper's choice through the ``finetune`` library).
    add_eos : bool
        Frame sentences ``<s> ... </s>`` (default, as in training) or ``<s> ...`` only.
    batch_size : int
        Sentences per forward pass (grouped by length, so little padding).
    max_length : int
        Most tokens per sentence, framing included; longer sentences keep their beginning. Capped at the
        model's context length.
    device : str
        ``"cpu"``, ``"cuda"`` or ``"auto"``.
    progress : bool
        Show a tqdm bar over batches.

    Attributes
    ----------
    model_, tokenizer_ : the loaded model (eval mode) and tokenizer
    n_features_out_ : int
        Hidden size ``n_embd``.
    """

    def __init__(self, model=None, tokenizer=None, layer: int = -1, pooling: str = "mean", add_eos: bool = True,
                 batch_size: int = 64, max_length: int = 64, device: str = "cpu", progress: bool = False):
        self.model = model
        self.tokenizer = tokenizer
        self.layer = layer
        self.pooling = pooling
        self.add_eos = add_eos
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device
        self.progress = progress

    def _resolve(self):
        if self.model is None:
            raise ValueError("LanguageModelFeatures: model is None; pass a folder saved by TrainedLM.save, a "
                             "TrainedLM, or a model object with its tokenizer.")
        if isinstance(self.model, str | Path):
            return load_lm(self.model, device=self.device if self.device != "auto" else "cpu")
        if hasattr(self.model, "model") and hasattr(self.model, "tokenizer"):  # a TrainedLM
            return self.model.model, self.model.tokenizer
        if self.tokenizer is None:
            raise ValueError("LanguageModelFeatures: a model object was given without its tokenizer; pass "
                             "tokenizer= (or a TrainedLM, or the folder it was saved to).")
        return self.model, self.tokenizer

    def fit(self, X=None, y=None):
        """Load the model (nothing is learned from ``X``); return self."""
        if self.pooling not in POOLINGS:
            raise ValueError(f"LanguageModelFeatures: pooling must be one of {POOLINGS}, got {self.pooling!r}.")
        model, tokenizer = self._resolve()
        n_states = model.config.num_hidden_layers + 1
        if not -n_states <= self.layer < n_states:
            raise ValueError(f"LanguageModelFeatures: layer={self.layer} is outside the model's {n_states} "
                             f"hidden states (0 = embeddings .. {n_states - 1} = last block, or negative).")
        if self.max_length < 2:
            raise ValueError(f"LanguageModelFeatures: max_length={self.max_length} leaves no room for a token.")
        self.model_ = model.to(resolve_device(self.device)).eval()
        self.tokenizer_ = tokenizer
        self.n_features_out_ = int(model.config.hidden_size)
        return self

    def _frame(self, sentences: list[str]) -> list[list[int]]:
        tok = self.tokenizer_
        limit = min(self.max_length, context_length(self.model_))
        body = limit - 1 - int(self.add_eos)
        ids = [e.ids for e in tok.backend_tokenizer.encode_batch(sentences, add_special_tokens=False)]
        tail = [tok.eos_token_id] if self.add_eos else []
        return [[tok.bos_token_id, *seq[:body], *tail] for seq in ids]

    @torch.no_grad()
    def transform(self, X) -> np.ndarray:
        """Features of each sentence: ``(n_sentences, n_embd)`` float32; identical sentences are encoded once."""
        check_is_fitted(self, "model_")
        sentences = check_posts(X, "LanguageModelFeatures.transform")
        unique = list(dict.fromkeys(sentences))
        out = np.zeros((len(unique), self.n_features_out_), dtype=np.float32)
        if unique:
            framed = self._frame(unique)
            lengths = np.array([len(f) for f in framed])
            order = np.argsort(lengths, kind="stable")
            dev = next(self.model_.parameters()).device
            pad = self.tokenizer_.pad_token_id
            batches = [order[i:i + self.batch_size] for i in range(0, len(order), self.batch_size)]
            for idx in tqdm(batches, desc="LM features", disable=not self.progress):
                ids, mask = pad_batch(framed, idx, pad)
                ids, mask = ids.to(dev), mask.to(dev)
                states = self.model_(input_ids=ids, attention_mask=mask,
                                     output_hidden_states=True).hidden_states[self.layer]
                if self.pooling == "last":
                    last = mask.sum(1) - 1
                    pooled = states[torch.arange(len(idx), device=dev), last]
                else:
                    # Positions after <s>; a bare "<s>" (empty sentence, no </s>) keeps its one state.
                    keep = mask.clone()
                    keep[:, 0] = (mask.sum(1) == 1).long()
                    w = keep.unsqueeze(-1).to(states.dtype)
                    pooled = (states * w).sum(1) / w.sum(1)
                out[idx] = pooled.float().cpu().numpy()
        index = {s: i for i, s in enumerate(unique)}
        return out[[index[s] for s in sentences]] if sentences else out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "model_")
        return np.array([f"lm_{self.pooling}_{i}" for i in range(self.n_features_out_)], dtype=object)
