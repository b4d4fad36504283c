"""Bidirectional GRU with word-level attention (Yang et al. 2016), as a scikit-learn classifier.

Paper A's network: word embeddings with 50% dropout, 64 bidirectional GRU units (tanh),
word attention, 50% dropout on the attended RNN output, and a dense output layer: one
sigmoid node for the binary tweet task, a softmax over four classes for the journals.
Adam, learning rate 0.01; early stopping on macro-F1 of a held-out part of the training data.

Transfer is done through :class:`TransferState`, a plain snapshot of a fitted network
(vocabulary, embedding, GRU and attention weights) passed as ``init_from``; it is a value,
not an estimator, so ``sklearn.clone`` copies it rather than refitting it.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from torch import nn
from tqdm.auto import tqdm

from mhtext.text import Vocabulary, pad_batch, tokenize, validate_texts


class AttentionBiGRU(nn.Module):
    """Embedding -> dropout -> BiGRU -> word attention -> dropout -> linear."""

    def __init__(self, vocab_size: int, embed_dim: int, hidden_size: int, n_out: int, dropout: float):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.embed_dropout = nn.Dropout(dropout)
        # Two directions as two GRUs: the backward one reads each text reversed within its own
        # length, so padding never enters a state: the same maths as a packed bidirectional
        # GRU without packing's bookkeeping (benchmarks/gru_throughput.py measures the two).
        self.gru_fwd = nn.GRU(embed_dim, hidden_size, batch_first=True)
        self.gru_bwd = nn.GRU(embed_dim, hidden_size, batch_first=True)
        self.attention = nn.Linear(2 * hidden_size, 2 * hidden_size)
        self.context = nn.Linear(2 * hidden_size, 1, bias=False)  # the word-context vector u_w
        self.out_dropout = nn.Dropout(dropout)
        self.head = nn.Linear(2 * hidden_size, n_out)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        emb = self.embed_dropout(self.embedding(ids))
        rev = _reverse_index(lengths.to(ids.device), ids.shape[1])
        h_fwd, _ = self.gru_fwd(emb)  # right padding comes after every real token
        h_bwd, _ = self.gru_bwd(emb.gather(1, rev.unsqueeze(-1).expand_as(emb)))
        h_bwd = h_bwd.gather(1, rev.unsqueeze(-1).expand_as(h_bwd))
        h = torch.cat([h_fwd, h_bwd], dim=-1)
        scores = self.context(torch.tanh(self.attention(h))).squeeze(-1)
        scores = scores.masked_fill(ids == 0, float("-inf"))
        alpha = torch.softmax(scores, dim=1)
        doc = torch.bmm(alpha.unsqueeze(1), h).squeeze(1)
        return self.head(self.out_dropout(doc)), alpha


def _reverse_index(lengths: torch.Tensor, width: int) -> torch.Tensor:
    """Per row, positions ``L-1 … 0`` then ``L … width-1``: reverses each text within its length."""
    pos = torch.arange(width, device=lengths.device).unsqueeze(0)
    n = lengths.unsqueeze(1)
    return torch.where(pos < n, n - 1 - pos, pos)


@dataclass
class TransferState:
    """What a fitted network hands to a new one: vocabulary and every weight but the output layer."""

    vocab: list[str]
    embed_dim: int
    hidden_size: int
    state: dict[str, torch.Tensor]
    source_classes: list[str]


def _resolve_device(device: str) -> torch.device:
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


class AttentionGRUClassifier(ClassifierMixin, BaseEstimator):
    """BiGRU + word attention text classifier (paper A).

    Parameters
    ----------
    embed_dim : int
        Word-vector size (50, the size of the GloVe vectors shipped here).
    hidden_size : int
        GRU units per direction (paper: 64).
    dropout : float
        Dropout on word vectors and on the attended RNN output (paper: 0.5).
    lr : float
        Adam learning rate (paper: 0.01).
    batch_size, max_epochs, patience : int
        Mini-batch size; most epochs; epochs without a better validation macro-F1 before stopping.
    max_len : int
        Tokens kept per text.
    min_count, max_vocab : int
        Vocabulary: tokens seen at least ``min_count`` times, at most ``max_vocab`` of them.
    embeddings : tuple (words, matrix), optional
        Pretrained word vectors to initialise the embedding (embedding transfer).
    init_from : TransferState, optional
        Weights of a network trained on another task (full weight transfer); the output
        layer is new. The vocabulary is the source's plus this task's new words.
    validation_fraction : float
        Share of the training data held out for early stopping on macro-F1.
    class_weight : {"balanced", None}
        Weight the loss by inverse class frequency.
    random_state : int
        Seed of initialisation, dropout, shuffling and the validation split.
    pad_multiple : int
        Pad batches to a width that is a multiple of this. Fewer distinct shapes can help kernels
        that are built per shape, but on this CPU padding only added work (``benchmarks/batch_shapes.py``
        measured it slower), hence 1. Results do not depend on it.
    device : str
        ``"auto"`` (CUDA when available), ``"cpu"`` or ``"cuda"``.
    verbose : bool
        Show a progress bar over epochs.

    Attributes
    ----------
    classes_ : ndarray
        Class labels.
    vocab_ : Vocabulary
    model_ : AttentionBiGRU
    history_ : list of dict
        Per epoch: loss, validation macro-F1, seconds, tokens per second.
    best_epoch_ : int
    """

    def __init__(self, embed_dim: int = 50, hidden_size: int = 64, dropout: float = 0.5, lr: float = 0.01,
                 batch_size: int = 64, max_epochs: int = 10, patience: int = 3, max_len: int = 100,
                 min_count: int = 1, max_vocab: int = 50_000, embeddings=None, init_from: TransferState | None = None,
                 validation_fraction: float = 0.1, class_weight: str | None = None, random_state: int = 0,
                 pad_multiple: int = 1, device: str = "auto", verbose: bool = False):
        self.embed_dim = embed_dim
        self.hidden_size = hidden_size
        self.dropout = dropout
        self.lr = lr
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.patience = patience
        self.max_len = max_len
        self.min_count = min_count
        self.max_vocab = max_vocab
        self.embeddings = embeddings
        self.init_from = init_from
        self.validation_fraction = validation_fraction
        self.class_weight = class_weight
        self.random_state = random_state
        self.pad_multiple = pad_multiple
        self.device = device
        self.verbose = verbose

    # -- data -------------------------------------------------------------
    def _encode(self, texts) -> list[list[int]]:
        return [self.vocab_.encode(tokenize(t), self.max_len) for t in texts]

    def _batches(self, seqs, y=None, *, shuffle: bool, rng: np.random.Generator | None = None):
        if shuffle:
            # Bucket by length: shuffle, sort within chunks of 50 batches, shuffle the batches.
            order = rng.permutation(len(seqs))
            chunk = 50 * self.batch_size
            lens = np.array([len(s) for s in seqs])
            order = np.concatenate([c[np.argsort(lens[c], kind="stable")] for c in np.split(order, range(chunk, len(order), chunk))])
            batches = [order[i:i + self.batch_size] for i in range(0, len(order), self.batch_size)]
            batches = [batches[i] for i in rng.permutation(len(batches))]
        else:
            batches = [np.arange(i, min(i + self.batch_size, len(seqs))) for i in range(0, len(seqs), self.batch_size)]
        for idx in batches:
            ids, lengths = pad_batch([seqs[i] for i in idx], multiple=self.pad_multiple)
            out = [torch.from_numpy(ids).to(self._device), torch.from_numpy(lengths)]
            if y is not None:
                out.append(torch.from_numpy(y[idx]).to(self._device))
            yield out

    def _build_vocab(self, token_docs) -> Vocabulary:
        if self.init_from is not None:
            vocab = Vocabulary(self.init_from.vocab[2:])
            vocab.extend(Vocabulary.build(token_docs, min_count=self.min_count).itos[2:])
            return vocab
        return Vocabulary.build(token_docs, min_count=self.min_count, max_size=self.max_vocab)

    def _init_weights(self, n_out: int, gen: torch.Generator) -> AttentionBiGRU:
        embed_dim, hidden = self.embed_dim, self.hidden_size
        if self.init_from is not None:
            embed_dim, hidden = self.init_from.embed_dim, self.init_from.hidden_size
        model = AttentionBiGRU(len(self.vocab_), embed_dim, hidden, n_out, self.dropout)
        with torch.no_grad():
            for p in model.parameters():  # re-draw from our own generator so the seed decides
                if p.dim() > 1:
                    nn.init.xavier_uniform_(p, generator=gen)
                else:
                    p.zero_()
            self._init_embedding(model.embedding, gen)
            if self.init_from is not None:
                for name, tensor in self.init_from.state.items():
                    if not name.startswith(("embedding.", "head.")):
                        model.state_dict()[name].copy_(tensor)
        return model

    @torch.no_grad()
    def _init_embedding(self, embedding: nn.Embedding, gen: torch.Generator) -> None:
        """Draw ``embedding`` from ``gen`` (padding row zero), then copy in the transferred embedding
        (``init_from``) or the pretrained vectors (``embeddings``, recording ``embedding_coverage_``)."""
        weight = embedding.weight
        weight.normal_(0.0, 0.1, generator=gen)
        weight[0].zero_()
        if self.init_from is not None:
            src = self.init_from.state["embedding.weight"]
            weight[:src.shape[0]] = src
        elif self.embeddings is not None:
            words, matrix = self.embeddings
            if matrix.shape[1] != weight.shape[1]:
                raise ValueError(f"embeddings have {matrix.shape[1]} dimensions, embed_dim={weight.shape[1]}; "
                                 "set embed_dim to match")
            index = {w: i for i, w in enumerate(words)}
            hits = [(i, index[w]) for i, w in enumerate(self.vocab_.itos) if w in index]
            if hits:
                rows, src_rows = map(list, zip(*hits, strict=True))
                weight[rows] = torch.as_tensor(np.asarray(matrix)[src_rows], dtype=torch.float32)
            self.embedding_coverage_ = len(hits) / max(1, len(self.vocab_) - 2)

    # -- fitting ----------------------------------------------------------
    def fit(self, X, y, X_val=None, y_val=None) -> AttentionGRUClassifier:
        """Train on texts ``X`` and labels ``y``; early-stop on macro-F1 of ``X_val`` or a held-out split."""
        X = validate_texts(X, where="AttentionGRUClassifier.fit X")
        y = np.asarray(y, dtype=object)
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} texts but y has {len(y)} labels")
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"need at least two classes to fit, got {list(self.classes_)}")
        rng = np.random.default_rng(self.random_state)
        gen = torch.Generator().manual_seed(self.random_state)
        torch.manual_seed(self.random_state)  # dropout masks
        self._device = _resolve_device(self.device)
        if X_val is None and self.validation_fraction > 0:
            X, X_val, y, y_val = train_test_split(X, y, test_size=self.validation_fraction, stratify=y,
                                                  random_state=self.random_state)
        tokens = [tokenize(t) for t in X]
        self.vocab_ = self._build_vocab(tokens)
        self._binary = len(self.classes_) == 2
        n_out = 1 if self._binary else len(self.classes_)
        self.model_ = self._init_weights(n_out, gen).to(self._device)
        y_idx = np.searchsorted(self.classes_, y)
        seqs = [self.vocab_.encode(t, self.max_len) for t in tokens]
        weights = None
        if self.class_weight == "balanced":
            counts = np.bincount(y_idx, minlength=len(self.classes_))
            weights = torch.tensor(len(y_idx) / (len(counts) * np.maximum(counts, 1)), dtype=torch.float32)
        loss_fn = self._loss(weights)
        opt = torch.optim.Adam(self.model_.parameters(), lr=self.lr)
        val_seqs = self._encode(validate_texts(X_val, where="X_val")) if X_val is not None else None
        self.history_, best, best_state, waited = [], -1.0, None, 0
        epochs = tqdm(range(self.max_epochs), desc="epochs", disable=not self.verbose, leave=False)
        for epoch in epochs:
            self.model_.train()
            t0, total_loss, n_tokens = time.perf_counter(), 0.0, 0
            for ids, lengths, yb in self._batches(seqs, y_idx, shuffle=True, rng=rng):
                opt.zero_grad()
                logits, _ = self.model_(ids, lengths)
                loss = loss_fn(logits, yb)
                loss.backward()
                opt.step()
                total_loss += float(loss.detach()) * len(yb)
                n_tokens += int(lengths.sum())
            seconds = time.perf_counter() - t0
            record = {"epoch": epoch + 1, "loss": total_loss / len(seqs), "seconds": seconds,
                      "tokens_per_s": n_tokens / seconds}
            if val_seqs is not None:
                pred = self.classes_[self._proba_seqs(val_seqs).argmax(1)]
                record["val_macro_f1"] = float(f1_score(y_val, pred, average="macro", zero_division=0))
                if record["val_macro_f1"] > best:
                    best, waited = record["val_macro_f1"], 0
                    best_state = copy.deepcopy(self.model_.state_dict())
                    self.best_epoch_ = epoch + 1
                else:
                    waited += 1
            self.history_.append(record)
            epochs.set_postfix(loss=f"{record['loss']:.3f}", f1=f"{record.get('val_macro_f1', float('nan')):.3f}")
            if val_seqs is not None and waited >= self.patience:
                break
        if best_state is not None:
            self.model_.load_state_dict(best_state)
        else:
            self.best_epoch_ = len(self.history_)
        return self

    def _loss(self, weights):
        if self._binary:
            pos_weight = None if weights is None else weights[1:] / weights[0]
            bce = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
            return lambda logits, yb: bce(logits.squeeze(-1), yb.float())
        ce = nn.CrossEntropyLoss(weight=None if weights is None else weights.to(self._device))
        return ce

    # -- prediction -------------------------------------------------------
    def _proba_seqs(self, seqs) -> np.ndarray:
        self.model_.eval()
        out = []
        with torch.no_grad():
            for ids, lengths in self._batches(seqs, shuffle=False):
                logits, _ = self.model_(ids, lengths)
                if self._binary:
                    p = torch.sigmoid(logits.squeeze(-1))
                    out.append(torch.stack([1 - p, p], dim=1).cpu().numpy())
                else:
                    out.append(torch.softmax(logits, dim=1).cpu().numpy())
        return np.concatenate(out)

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order."""
        return self._proba_seqs(self._encode(validate_texts(X, where="predict X")))

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(1)]

    def attention(self, X) -> list[tuple[list[str], np.ndarray]]:
        """For each text: its tokens (as the model saw them) and their attention weights (summing to 1)."""
        texts = validate_texts(X, where="attention X")
        seqs = self._encode(texts)
        self.model_.eval()
        out = []
        with torch.no_grad():
            start = 0
            for ids, lengths in self._batches(seqs, shuffle=False):
                _, alpha = self.model_(ids, lengths)
                for row, n in zip(alpha.cpu().numpy(), lengths.numpy(), strict=True):
                    out.append(([self.vocab_.itos[i] for i in seqs[start]], row[:n]))
                    start += 1
        return out

    def export_transfer(self) -> TransferState:
        """Snapshot for full weight transfer to a new task (see ``init_from``)."""
        state = {k: v.detach().cpu().clone() for k, v in self.model_.state_dict().items()}
        return TransferState(self.vocab_.itos, self.model_.embedding.embedding_dim, self.model_.gru_fwd.hidden_size,
                             state, [str(c) for c in self.classes_])
