"""LSTM text classifier: study B's LSTM baseline of Table 5 (the paper's reference [26]).

The network is the plain recurrent classifier of short texts: word embedding -> LSTM (one direction by
default, ``bidirectional=True`` for two) -> the hidden state at the last real token of each text ->
dropout -> a linear layer (softmax over the classes; one sigmoid node for two classes, as the parent
does). The last valid state, not a mean over tokens, is pooled: it is what the classic LSTM sentence
classifier reads, and on tweets of a few words it already summarises every token.

Everything but the network is :class:`~mhtext.models.attention_gru.AttentionGRUClassifier`'s:
vocabulary, length-bucketed batches, seeded initialisation, Adam, class weights, early stopping on
macro-F1 of a held-out part, progress bars. The subclass only swaps the torch module
(:meth:`LSTMClassifier._init_weights`), drawing the embedding as the parent does.
"""

from __future__ import annotations

import torch
from torch import nn

from mhtext.models.attention_gru import AttentionGRUClassifier, TransferState, _reverse_index


class LSTMNet(nn.Module):
    """Embedding -> LSTM -> last valid hidden state -> dropout -> linear.

    ``forward`` returns ``(logits, weights)`` like :class:`~mhtext.models.attention_gru.AttentionBiGRU`;
    ``weights`` is the pooling over positions (one-hot on each text's last token), so the parent's
    ``attention`` method still returns a distribution per text, if an uninformative one.
    """

    def __init__(self, vocab_size: int, embed_dim: int, hidden_size: int, n_out: int, dropout: float,
                 bidirectional: bool = False):
        super().__init__()
        # ``init_from`` (the parent's weight transfer) is fixed to None above: it is not a parameter here.
        self.bidirectional = bidirectional
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm_fwd = nn.LSTM(embed_dim, hidden_size, batch_first=True)
        # The backward direction reads each text reversed within its own length (the parent's trick), so
        # padding never enters a state and its "last" state sits at the same position as the forward one.
        self.lstm_bwd = nn.LSTM(embed_dim, hidden_size, batch_first=True) if bidirectional else None
        self.out_dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden_size * (2 if bidirectional else 1), n_out)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        lengths = lengths.to(ids.device)
        emb = self.embedding(ids)
        last = (lengths - 1).clamp(min=0)
        h_fwd, _ = self.lstm_fwd(emb)  # right padding comes after every real token
        states = [h_fwd[torch.arange(len(ids), device=ids.device), last]]
        if self.lstm_bwd is not None:
            rev = _reverse_index(lengths, ids.shape[1])
            h_bwd, _ = self.lstm_bwd(emb.gather(1, rev.unsqueeze(-1).expand_as(emb)))
            states.append(h_bwd[torch.arange(len(ids), device=ids.device), last])
        pooled = torch.cat(states, dim=-1)
        weights = nn.functional.one_hot(last, ids.shape[1]).to(emb.dtype)
        return self.head(self.out_dropout(pooled)), weights


class LSTMClassifier(AttentionGRUClassifier):
    """LSTM text classifier (study B's Table 5 baseline), scikit-learn style.

    Parameters
    ----------
    embed_dim : int
        Word-vector size.
    hidden_size : int
        LSTM units per direction.
    dropout : float
        Dropout on the pooled hidden state.
    lr : float
        Adam learning rate.
    batch_size, max_epochs, patience : int
        Mini-batch size; most epochs; epochs without a better validation macro-F1 before stopping.
    max_len : int
        Tokens kept per text.
    min_count, max_vocab : int
        Vocabulary: tokens seen at least ``min_count`` times, at most ``max_vocab`` of them.
    embeddings : tuple (words, matrix), optional
        Pretrained word vectors to initialise the embedding.
    bidirectional : bool
        Read each text in both directions and concatenate the two last states (default: one direction).
    validation_fraction : float
        Share of the training data held out for early stopping on macro-F1.
    class_weight : {"balanced", None}
        Weight the loss by inverse class frequency.
    random_state : int
        Seed of initialisation, dropout, shuffling and the validation split.
    pad_multiple : int
        Pad batches to a width that is a multiple of this (results do not depend on it).
    device : str
        ``"auto"`` (CUDA when available), ``"cpu"`` or ``"cuda"``.
    verbose : bool
        Show a progress bar over epochs.

    Attributes
    ----------
    classes_ : ndarray
    vocab_ : Vocabulary
    model_ : LSTMNet
    history_ : list of dict
        Per epoch: loss, validation macro-F1, seconds, tokens per second.
    best_epoch_ : int
    """

    def __init__(self, embed_dim: int = 50, hidden_size: int = 64, dropout: float = 0.5, lr: float = 0.005,
                 batch_size: int = 64, max_epochs: int = 10, patience: int = 3, max_len: int = 100,
                 min_count: int = 1, max_vocab: int = 50_000, embeddings=None, bidirectional: bool = False,
                 validation_fraction: float = 0.1, class_weight: str | None = None, random_state: int = 0,
                 pad_multiple: int = 1, device: str = "auto", verbose: bool = False):
        super().__init__(embed_dim=embed_dim, hidden_size=hidden_size, dropout=dropout, lr=lr,
                         batch_size=batch_size, max_epochs=max_epochs, patience=patience, max_len=max_len,
                         min_count=min_count, max_vocab=max_vocab, embeddings=embeddings, init_from=None,
                         validation_fraction=validation_fraction, class_weight=class_weight,
                         random_state=random_state, pad_multiple=pad_multiple, device=device, verbose=verbose)
        # ``init_from`` (the parent's weight transfer) is fixed to None above: it is not a parameter here.
        self.bidirectional = bidirectional

    def _init_weights(self, n_out: int, gen: torch.Generator) -> LSTMNet:
        model = LSTMNet(len(self.vocab_), self.embed_dim, self.hidden_size, n_out, self.dropout, self.bidirectional)
        with torch.no_grad():
            for name, p in model.named_parameters():
                if name.startswith("embedding."):
                    continue
                if p.dim() > 1:
                    nn.init.xavier_uniform_(p, generator=gen)
                else:
                    p.zero_()
            for lstm in (model.lstm_fwd, model.lstm_bwd):
                if lstm is not None:  # forget-gate bias 1 (Jozefowicz et al. 2015): gates start open
                    h = lstm.hidden_size
                    lstm.bias_ih_l0[h:2 * h] = 1.0
        # The parent's embedding: seeded draw, pretrained vectors copied in, ``embedding_coverage_`` recorded.
        self._init_embedding(model.embedding, gen)
        return model

    def export_transfer(self) -> TransferState:
        raise NotImplementedError("LSTMClassifier has no weight transfer; it is study B's baseline. "
                                  "Use AttentionGRUClassifier for study A's transfer experiments.")
