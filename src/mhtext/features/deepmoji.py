"""DeepMoji (Felbo et al. 2017) trained here by distant supervision: the Emoji-64 and DeepMoji feature sets.

Study D's paper used the released DeepMoji model: a network that predicts which of 64 emoji a tweet carried,
trained on 1.2 billion tweets. No DeepMoji weights exist offline, so we train the same architecture, small,
on the emoji-bearing texts of :func:`mhtext.data.loaders.emoji_texts.emoji_corpus` (real or simulated):

    words -> embedding (tanh) -> BiLSTM -> BiLSTM -> attention over [embedding, BiLSTM 1, BiLSTM 2] -> softmax

The attention reads the concatenation of the embedding and both LSTM layers' outputs at every position
(DeepMoji's skip connections), scores each position with one learned vector, and sums the positions
weighted by the softmax of those scores. That weighted sum is the *DeepMoji* representation
(:class:`DeepMojiActivations`, ``embed_dim + 4 * hidden_size`` columns); the softmax over the emoji is the
*Emoji-64* feature set (:class:`EmojiProbabilities`, one column per emoji kept, at most 64).

Train once with :func:`train_deepmoji` and hand the fitted :class:`DeepMoji` to both transformers. A
:class:`DeepMoji` is a plain value, not an estimator, so ``sklearn.clone`` copies it instead of refitting.
Both transformers work on SENTENCES (a list of strings, empty strings allowed) and are wrapped per post by
:class:`mhtext.features.sentences.SentenceAggregate`.

Departures from DeepMoji, by necessity of size: embedding 64 and 64 LSTM units per direction (DeepMoji:
256 and 512), thousands of training texts (DeepMoji: 1.2 billion), no chain-thaw fine-tuning (the paper
under study used the frozen model's outputs as features, which is what these transformers give).
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.model_selection import GroupShuffleSplit
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from tqdm.auto import tqdm

from mhtext.data.loaders.emoji_texts import EMOJI_RE, emoji_corpus
from mhtext.text import Vocabulary, pad_batch

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
# Words (with an inner apostrophe: don't, i'm), numbers, and ! and ?, which DeepMoji kept and which carry
# tone. Hashtags lose their '#'. A literal "<unk>" stays one token, so a caller can mask a word by writing it. TweetEval writes line breaks as a literal backslash-n: a space here.
_TOKEN = re.compile(r"<url>|<user>|<unk>|[a-z0-9]+(?:['’][a-z]+)?|[!?]")


def tokenize(text: str) -> list[str]:
    """DeepMoji-style tokens: lower-cased words, numbers, ``!``/``?``, ``<url>``, ``<user>``, ``<unk>``; no emoji."""
    text = EMOJI_RE.sub(" ", text.replace("\\n", " ").lower())
    text = _MENTION.sub(" <user> ", _URL.sub(" <url> ", text))
    return _TOKEN.findall(text)


class DeepMojiModel(nn.Module):
    """Embedding -> tanh -> two BiLSTM layers -> attention over all three (skip connections) -> linear.

    ``forward(ids, lengths)`` returns ``(logits, representation, alpha)``: the emoji logits, the attention
    layer's weighted sum (the vector the output layer reads) and the attention weights per position.
    """

    def __init__(self, vocab_size: int, n_out: int, embed_dim: int = 64, hidden_size: int = 64,
                 embed_dropout: float = 0.1, dropout: float = 0.3):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.embed_dropout = nn.Dropout(embed_dropout)
        self.lstm1 = nn.LSTM(embed_dim, hidden_size, batch_first=True, bidirectional=True)
        self.lstm2 = nn.LSTM(2 * hidden_size, hidden_size, batch_first=True, bidirectional=True)
        self.rep_dim = embed_dim + 4 * hidden_size
        self.attention = nn.Linear(self.rep_dim, 1, bias=False)  # DeepMoji scores with one vector, no hidden layer
        self.out_dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.rep_dim, n_out)

    def _lstm(self, lstm: nn.LSTM, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        # Packing keeps padding out of both directions' states.
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, _ = lstm(packed)
        return pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])[0]

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        emb = self.embed_dropout(torch.tanh(self.embedding(ids)))
        h1 = self._lstm(self.lstm1, emb, lengths)
        h2 = self._lstm(self.lstm2, h1, lengths)
        h = torch.cat([emb, h1, h2], dim=-1)
        scores = self.attention(h).squeeze(-1).masked_fill(ids == 0, float("-inf"))
        alpha = torch.softmax(scores, dim=1)
        rep = torch.bmm(alpha.unsqueeze(1), h).squeeze(1)
        return self.head(self.out_dropout(rep)), rep, alpha


@dataclass
class DeepMoji:
    """A fitted DeepMoji network with its vocabulary and emoji: what both feature transformers share.

    Attributes
    ----------
    net : DeepMojiModel
    vocab : mhtext.text.Vocabulary
        ``<pad>`` = 0, ``<unk>`` = 1 (unknown words and masked tokens), then the training words.
    classes : list of str
        The emoji, in the order of the probability columns (most frequent in training first).
    max_len : int
        Tokens read per sentence; longer sentences are cut.
    metrics : dict
        Held-out ``top1``, ``top5``; ``chance_top1``/``chance_top5`` (uniform guessing, 1/k and 5/k);
        ``majority_top1``/``majority_top5`` (always guessing the training set's most frequent emoji);
        ``n_train``, ``n_val`` (rows), ``n_emoji``, ``vocab_size``, ``best_epoch``, ``train_seconds``.
    history : list of dict
        Per epoch: ``loss``, ``val_loss``, ``val_top1``, ``seconds``.
    val_rows : ndarray of int
        Positions of the training rows held out for early stopping and ``metrics``.
    """

    net: DeepMojiModel
    vocab: Vocabulary
    classes: list[str]
    max_len: int = 50
    metrics: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, float]] = field(default_factory=list)
    val_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def encode(self, sentences: Sequence[str]) -> list[list[int]]:
        """Token ids per sentence; an empty sentence (or one of emoji only) is a single ``<unk>``."""
        return [self.vocab.encode(tokenize(s), self.max_len) for s in _check_sentences(sentences)]

    def _run(self, seqs: list[list[int]], batch_size: int = 256) -> tuple[np.ndarray, np.ndarray]:
        self.net.eval()
        device = next(self.net.parameters()).device
        probs, reps = [], []
        with torch.no_grad():
            for i in range(0, len(seqs), batch_size):
                ids, lengths = pad_batch(seqs[i:i + batch_size])
                logits, rep, _ = self.net(torch.from_numpy(ids).to(device), torch.from_numpy(lengths))
                probs.append(torch.softmax(logits, dim=1).cpu().numpy())
                reps.append(rep.cpu().numpy())
        if not probs:
            return np.zeros((0, len(self.classes))), np.zeros((0, self.net.rep_dim))
        return np.concatenate(probs).astype(np.float64), np.concatenate(reps).astype(np.float64)

    def predict_proba(self, sentences: Sequence[str]) -> np.ndarray:
        """Softmax over the emoji, ``(n_sentences, len(classes))``, rows summing to 1."""
        return self._run(self.encode(sentences))[0]

    def represent(self, sentences: Sequence[str]) -> np.ndarray:
        """The attention layer's weighted sum, ``(n_sentences, embed_dim + 4 * hidden_size)``."""
        return self._run(self.encode(sentences))[1]

    def attention(self, sentences: Sequence[str]) -> list[tuple[list[str], np.ndarray]]:
        """Per sentence: the tokens as the model saw them (unknown words as ``<unk>``) and their attention."""
        seqs = self.encode(sentences)
        self.net.eval()
        device = next(self.net.parameters()).device
        out = []
        with torch.no_grad():
            for seq in seqs:
                ids = torch.tensor([seq], device=device)
                _, _, alpha = self.net(ids, torch.tensor([len(seq)]))
                out.append(([self.vocab.itos[i] for i in seq], alpha[0].cpu().numpy()))
        return out


def _check_sentences(sentences: Sequence[str]) -> list[str]:
    if isinstance(sentences, str):
        raise TypeError("DeepMoji: expected a list of sentences, got one string; wrap it in a list")
    out = list(sentences)
    bad = [(i, type(s).__name__) for i, s in enumerate(out) if not isinstance(s, str)]
    if bad:
        raise TypeError(f"DeepMoji: sentence {bad[0][0]} is {bad[0][1]}, not str ({len(bad)} such); "
                        "convert or drop them first")
    return out


def _topk_accuracy(logits: np.ndarray, y: np.ndarray, k: int) -> float:
    top = np.argsort(-logits, axis=1, kind="stable")[:, :k]
    return float((top == y[:, None]).any(axis=1).mean()) if len(y) else float("nan")


def fit_deepmoji(texts: Sequence[str], emoji: Sequence[str], *, groups: Sequence[Any] | None = None,
                 embed_dim: int = 64, hidden_size: int = 64, embed_dropout: float = 0.1, dropout: float = 0.3,
                 lr: float = 5e-3, batch_size: int = 128, max_epochs: int = 20, patience: int = 3,
                 max_len: int = 50, min_count: int = 2, max_vocab: int = 50_000,
                 validation_fraction: float = 0.1, max_seconds: float | None = None, seed: int = 0,
                 device: str = "cpu", verbose: bool = False) -> DeepMoji:
    """Train a :class:`DeepMojiModel` to predict each text's emoji (distant supervision).

    Adam with gradient-norm clipping at 1 (as DeepMoji); early stopping on the cross-entropy of a held-out
    ``validation_fraction`` of the texts, keeping the best epoch's weights.

    Parameters
    ----------
    texts, emoji : sequences of str
        One row per (text, emoji) pair, as :func:`~mhtext.data.loaders.emoji_texts.emoji_corpus` gives.
    groups : sequence, optional
        Rows of one text share a group (``text_id``) so the held-out split never splits a text; default:
        rows with the same text are a group.
    embed_dim, hidden_size : int
        Embedding size and LSTM units per direction.
    embed_dropout, dropout : float
        Dropout on the embedding and on the attention output.
    lr, batch_size, max_epochs, patience : float, int, int, int
        Adam's learning rate; mini-batch size; most epochs; epochs without a lower held-out loss before
        stopping. Batches of 128 at 5e-3 trained twice as fast on this CPU as 64 at 3e-3 (DeepMoji: 32 at
        1e-3), with the same held-out accuracy on the simulated corpus at scale 0.3.
    max_len, min_count, max_vocab : int
        Tokens read per text; a word needs ``min_count`` training occurrences to enter the vocabulary (the
        rarer ones become ``<unk>``, which so gets trained); at most ``max_vocab`` words.
    validation_fraction : float
        Share of the texts held out for early stopping and the reported accuracy.
    max_seconds : float, optional
        Stop after the epoch during which training passed this many seconds (a time budget for quick runs).
        The number of epochs then depends on the machine's speed: leave None where runs must repeat exactly.
    seed : int
        Seed of the split, the initialisation, dropout and shuffling.
    device : str
        ``"cpu"`` (deterministic given ``seed``), ``"cuda"`` or ``"auto"``.
    verbose : bool
        Show a progress bar over epochs.

    Returns
    -------
    DeepMoji
        The network at its best epoch; ``metrics`` holds held-out top-1/top-5 accuracy beside chance.
    """
    texts = _check_sentences(texts)
    emoji = [str(e) for e in emoji]
    if len(texts) != len(emoji):
        raise ValueError(f"fit_deepmoji: {len(texts)} texts but {len(emoji)} emoji labels")
    counts = pd.Series(emoji).value_counts()
    classes = sorted(counts.index, key=lambda e: (-counts[e], e))
    if len(classes) < 2:
        raise ValueError(f"fit_deepmoji: need at least two emoji to learn, got {classes}")
    index = {e: i for i, e in enumerate(classes)}
    y = np.array([index[e] for e in emoji], dtype=np.int64)
    groups = np.asarray(texts if groups is None else list(groups), dtype=object)
    idx = np.arange(len(texts))
    if validation_fraction > 0:
        split = GroupShuffleSplit(n_splits=1, test_size=validation_fraction, random_state=seed)
        train_idx, val_idx = next(split.split(idx, groups=groups))
    else:
        train_idx, val_idx = idx, idx[:0]
    torch.manual_seed(seed)  # dropout masks
    gen = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)
    dev = torch.device("cuda" if device == "auto" and torch.cuda.is_available() else
                       "cpu" if device == "auto" else device)
    tokens = [tokenize(t) for t in texts]
    vocab = Vocabulary.build([tokens[i] for i in train_idx], min_count=min_count, max_size=max_vocab)
    net = DeepMojiModel(len(vocab), len(classes), embed_dim, hidden_size, embed_dropout, dropout)
    with torch.no_grad():  # re-draw every weight from our generator so the seed alone decides
        for name, p in net.named_parameters():
            if name.startswith("embedding."):
                p.uniform_(-0.5, 0.5, generator=gen)  # DeepMoji's uniform embedding initialisation
                p[0].zero_()
            elif p.dim() > 1:
                nn.init.xavier_uniform_(p, generator=gen)
            else:
                p.zero_()
        for lstm in (net.lstm1, net.lstm2):  # forget-gate bias 1 (Jozefowicz et al. 2015)
            for name, p in lstm.named_parameters():
                if name.startswith("bias_ih"):
                    p[hidden_size:2 * hidden_size] = 1.0
    net.to(dev)
    model = DeepMoji(net, vocab, classes, max_len)
    seqs = [vocab.encode(t, max_len) for t in tokens]
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()

    def batches(rows: np.ndarray, shuffle: bool):
        if shuffle:
            # Bucket by length (shuffle, sort within chunks of 20 batches, shuffle the batches): less padding.
            order = rows[rng.permutation(len(rows))]
            chunks = np.split(order, range(20 * batch_size, len(order), 20 * batch_size))
            order = np.concatenate([c[np.argsort([len(seqs[i]) for i in c], kind="stable")] for c in chunks])
            parts = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
            parts = [parts[i] for i in rng.permutation(len(parts))]
        else:
            parts = [rows[i:i + 256] for i in range(0, len(rows), 256)]
        for part in parts:
            ids, lengths = pad_batch([seqs[i] for i in part])
            yield torch.from_numpy(ids).to(dev), torch.from_numpy(lengths), torch.from_numpy(y[part]).to(dev)

    def evaluate(rows: np.ndarray) -> tuple[float, np.ndarray]:
        net.eval()
        out, total = [], 0.0
        with torch.no_grad():
            for ids, lengths, yb in batches(rows, shuffle=False):
                logits = net(ids, lengths)[0]
                total += float(loss_fn(logits, yb)) * len(yb)
                out.append(logits.cpu().numpy())
        return total / max(1, len(rows)), (np.concatenate(out) if out else np.zeros((0, len(classes))))

    history: list[dict[str, float]] = []
    best_loss, best_state, best_epoch, waited = np.inf, None, 0, 0
    start = time.perf_counter()
    epochs = tqdm(range(max_epochs), desc="DeepMoji epochs", disable=not verbose, leave=False)
    for epoch in epochs:
        net.train()
        t0, total = time.perf_counter(), 0.0
        for ids, lengths, yb in batches(train_idx, shuffle=True):
            opt.zero_grad()
            loss = loss_fn(net(ids, lengths)[0], yb)
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            total += float(loss.detach()) * len(yb)
        record = {"epoch": epoch + 1, "loss": total / len(train_idx), "seconds": time.perf_counter() - t0}
        if len(val_idx):
            record["val_loss"], logits = evaluate(val_idx)
            record["val_top1"] = _topk_accuracy(logits, y[val_idx], 1)
            if record["val_loss"] < best_loss:
                best_loss, best_epoch, waited = record["val_loss"], epoch + 1, 0
                best_state = copy.deepcopy(net.state_dict())
            else:
                waited += 1
        history.append(record)
        epochs.set_postfix(loss=f"{record['loss']:.3f}", val_top1=f"{record.get('val_top1', float('nan')):.3f}")
        if (len(val_idx) and waited >= patience) or (max_seconds is not None and
                                                     time.perf_counter() - start > max_seconds):
            break
    train_seconds = time.perf_counter() - start
    if best_state is not None:
        net.load_state_dict(best_state)
    else:
        best_epoch = len(history)
    k = len(classes)
    train_counts = np.bincount(y[train_idx], minlength=k)
    majority = np.argsort(-train_counts, kind="stable")
    metrics: dict[str, Any] = {"n_train": len(train_idx), "n_val": len(val_idx), "n_emoji": k,
                               "vocab_size": len(vocab), "best_epoch": best_epoch, "epochs_run": len(history),
                               "train_seconds": train_seconds,
                               "chance_top1": 1 / k, "chance_top5": min(5, k) / k}
    if len(val_idx):
        _, logits = evaluate(val_idx)
        yv = y[val_idx]
        metrics.update(top1=_topk_accuracy(logits, yv, 1), top5=_topk_accuracy(logits, yv, 5),
                       majority_top1=float(np.isin(yv, majority[:1]).mean()),
                       majority_top5=float(np.isin(yv, majority[:5]).mean()))
    model.metrics, model.history, model.val_rows = metrics, history, np.sort(val_idx)
    return model


def train_deepmoji(corpus: pd.DataFrame | None = None, *, source: str = "simulated", seed: int = 0,
                   scale: float = 0.05, max_texts: int | None = None, top_k: int = 64, min_count: int = 10,
                   **fit_params: Any) -> DeepMoji:
    """Build (or take) an emoji corpus and fit DeepMoji on it: the one call a notebook makes.

    Parameters
    ----------
    corpus : DataFrame, optional
        ``text``, ``emoji`` (and ``text_id``) rows; default ``emoji_corpus(source, seed=seed, ...)``.
    source, seed, scale, max_texts, top_k, min_count
        Passed to :func:`~mhtext.data.loaders.emoji_texts.emoji_corpus` (``seed`` also seeds training).
    **fit_params
        Passed to :func:`fit_deepmoji` (``embed_dim``, ``hidden_size``, ``max_epochs``, ``verbose``, ...).

    Returns
    -------
    DeepMoji
        ``metrics`` also records ``source`` (``"given corpus"`` for a ``corpus`` without that attribute) and
        the corpus's ``n_texts`` (distinct texts).
    """
    given = corpus is not None
    if corpus is None:
        corpus = emoji_corpus(source, seed=seed, max_texts=max_texts, top_k=top_k, min_count=min_count, scale=scale)
    missing = {"text", "emoji"} - set(corpus.columns)
    if missing:
        raise ValueError(f"train_deepmoji: the corpus lacks columns {sorted(missing)}; see emoji_corpus")
    groups = corpus["text_id"] if "text_id" in corpus else None
    model = fit_deepmoji(corpus["text"].tolist(), corpus["emoji"].tolist(), groups=groups, seed=seed, **fit_params)
    model.metrics.update(source=corpus.attrs.get("source", "given corpus" if given else source),
                         n_texts=int(corpus["text"].nunique()))
    return model


# Trained models by their training parameters: clones of a transformer (cross-validation folds) share
# one training run instead of repeating it; training never reads the transformer's X.
_TRAINED: dict[tuple, DeepMoji] = {}


class _DeepMojiFeatures(TransformerMixin, BaseEstimator):
    """Shared by the two feature sets: take a fitted :class:`DeepMoji` or train one in ``fit``."""

    def __init__(self, model: DeepMoji | None = None, source: str = "simulated", seed: int = 0,
                 scale: float = 0.05, max_texts: int | None = None, top_k: int = 64, embed_dim: int = 64,
                 hidden_size: int = 64, max_epochs: int = 20, verbose: bool = False):
        self.model = model
        self.source = source
        self.seed = seed
        self.scale = scale
        self.max_texts = max_texts
        self.top_k = top_k
        self.embed_dim = embed_dim
        self.hidden_size = hidden_size
        self.max_epochs = max_epochs
        self.verbose = verbose

    def fit(self, X=None, y=None):
        """Use ``model`` if given, else train DeepMoji on the emoji corpus (``X`` is not read)."""
        if self.model is not None:
            if not isinstance(self.model, DeepMoji):
                raise TypeError(f"{type(self).__name__}: model must be a DeepMoji from train_deepmoji, "
                                f"got {type(self.model).__name__}")
            self.model_ = self.model
        else:
            key = (self.source, self.seed, self.scale, self.max_texts, self.top_k, self.embed_dim,
                   self.hidden_size, self.max_epochs)
            if key not in _TRAINED:
                _TRAINED[key] = train_deepmoji(source=self.source, seed=self.seed, scale=self.scale,
                                               max_texts=self.max_texts, top_k=self.top_k, embed_dim=self.embed_dim,
                                               hidden_size=self.hidden_size, max_epochs=self.max_epochs,
                                               verbose=self.verbose)
            self.model_ = _TRAINED[key]
        self.n_features_out_ = len(self.get_feature_names_out())
        return self

    def _check_fitted(self) -> DeepMoji:
        if not hasattr(self, "model_"):
            raise RuntimeError(f"{type(self).__name__} is not fitted; call fit first")
        return self.model_


class EmojiProbabilities(_DeepMojiFeatures):
    """The Emoji-64 feature set: DeepMoji's softmax over the emoji, one column per emoji, per sentence.

    Parameters
    ----------
    model : DeepMoji, optional
        A fitted model from :func:`train_deepmoji` (shared with :class:`DeepMojiActivations`); if None,
        ``fit`` trains one from the parameters below (cached per parameters, so clones train once).
    source, seed, scale, max_texts, top_k
        The emoji corpus (see :func:`~mhtext.data.loaders.emoji_texts.emoji_corpus`).
    embed_dim, hidden_size, max_epochs
        Network size and training length (see :func:`fit_deepmoji`).
    verbose : bool
        Progress bar while training.

    Attributes
    ----------
    model_ : DeepMoji
    n_features_out_ : int
    """

    def transform(self, X) -> np.ndarray:
        """``(n_sentences, n_emoji)`` probabilities; empty sentences are read as one unknown word."""
        return self._check_fitted().predict_proba(X)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The emoji, in column order."""
        return np.asarray(self._check_fitted().classes, dtype=object)


class DeepMojiActivations(_DeepMojiFeatures):
    """The DeepMoji feature set: the attention layer's weighted representation, per sentence.

    Same parameters as :class:`EmojiProbabilities`; ``embed_dim + 4 * hidden_size`` columns
    (``att_0`` ...), the vector DeepMoji's softmax reads.
    """

    def transform(self, X) -> np.ndarray:
        """``(n_sentences, embed_dim + 4 * hidden_size)`` activations."""
        return self._check_fitted().represent(X)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """``att_0`` ... ``att_{d-1}``."""
        return np.asarray([f"att_{i}" for i in range(self._check_fitted().net.rep_dim)], dtype=object)
