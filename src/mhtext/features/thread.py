"""Thread-level features A6-A9 of study C (distress-triage), as scikit-learn transformers.

They read a messages frame with ``thread_id``, ``author_id``, ``position`` (and ``text`` for A8, A9).
**The frame passed to ``transform`` defines the threads**: a thread's lead author, first responder
and "other messages" are found among its rows. Pass every message of a thread, relevant or not,
and select the relevant rows of the result afterwards (what the study does: ``fit`` on the relevant
training messages, ``transform`` the full frame, keep the relevant rows), otherwise a thread whose
first message was irrelevant would get the wrong lead author.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from mhtext.features.distress_text import UnigramTfidf, check_columns

THREAD_COLUMNS = ("thread_id", "author_id", "position")


def _order(X: pd.DataFrame, where: str) -> pd.DataFrame:
    """Thread id, author, position of each row; positions must be numbers."""
    f = check_columns(X, THREAD_COLUMNS, where)
    if not pd.api.types.is_numeric_dtype(f["position"]):
        raise TypeError(f"{where}: column 'position' must be numeric (order of the message in its thread), "
                        f"got {f['position'].dtype}.")
    return f.loc[:, list(THREAD_COLUMNS)].reset_index(drop=True)


def lead_and_responder(X: pd.DataFrame, where: str = "thread features") -> tuple[np.ndarray, np.ndarray]:
    """Per row: its author started the thread (A6); its author wrote the thread's first reply by someone
    other than the lead (A7). Ties in position are broken by row order."""
    f = _order(X, where)
    f["row"] = np.arange(len(f))
    f = f.sort_values(["thread_id", "position", "row"], kind="stable")
    lead = f.groupby("thread_id", sort=False)["author_id"].transform("first")
    others = f[f["author_id"] != lead]
    responder = others.groupby("thread_id", sort=False)["author_id"].first()
    first_resp = f["thread_id"].map(responder)
    is_lead = (f["author_id"] == lead).to_numpy()
    is_resp = (f["author_id"] == first_resp).fillna(False).to_numpy(dtype=bool)
    out_lead, out_resp = np.zeros(len(f), bool), np.zeros(len(f), bool)
    out_lead[f["row"].to_numpy()], out_resp[f["row"].to_numpy()] = is_lead, is_resp
    return out_lead, out_resp


#: Default weight of the one-number thread features (and of A2-A4): a 0/1 or [0, 1] column at 0.3 adds at most
#: 0.09 to a squared RBF distance, against A1's up to 2; at 1 the nine one-number features swamped A1 on the
#: simulated forum (A1-A9 mean bounded AUC 0.139 against A1's 0.235 at C=10, gamma=1; 0.227 at 0.3).
WEIGHT = 0.3


class _Stateless(TransformerMixin, BaseEstimator):
    name = "feature"

    def __init__(self, *, weight: float = WEIGHT):
        self.weight = weight

    def fit(self, X: pd.DataFrame | None = None, y: object = None) -> _Stateless:
        """Nothing to learn; the thread context is read at ``transform`` time."""
        self.fitted_ = True
        return self

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array([self.name], dtype=object)


class LeadAuthorPost(_Stateless):
    """A6: 1 when the message's author started its thread (wrote its lowest-``position`` message), else 0."""

    name = "lead_author_post"

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        """``(n_messages, 1)`` float array of 0 / ``weight``."""
        return lead_and_responder(X, "A6 LeadAuthorPost.transform")[0].astype(float).reshape(-1, 1) * self.weight


class FirstResponderPost(_Stateless):
    """A7: 1 when the message's author wrote the first reply by someone other than the lead author.

    Every post of that author in the thread counts (the paper's "posted by the author who first
    responded"); a thread with only the lead's posts has no first responder (all 0).
    """

    name = "first_responder_post"

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        """``(n_messages, 1)`` float array of 0 / ``weight``."""
        return lead_and_responder(X, "A7 FirstResponderPost.transform")[1].astype(float).reshape(-1, 1) * self.weight


class _Similarity(TransformerMixin, BaseEstimator):
    """Cosine similarities between messages of a thread, on A1's tf-idf vectors (stemmed unigrams,
    stop words removed, idf from the training messages, rows L2-normalised so a dot product is a
    cosine). A message without any known word has similarity 0 to everything. The output is
    multiplied by ``weight`` (see :data:`WEIGHT`).
    """

    name = "similarity"

    def __init__(self, *, weight: float = WEIGHT):
        self.weight = weight

    def fit(self, X: pd.DataFrame, y: object = None) -> _Similarity:
        """Learn the vocabulary and idf of the vectors from the frame's texts."""
        self.vectorizer_ = UnigramTfidf().fit(X)
        return self

    def _per_thread(self, X: pd.DataFrame, where: str):
        check_is_fitted(self, "vectorizer_")
        f = _order(check_columns(X, ["text"], where), where)
        V = sparse.csr_matrix(self.vectorizer_.transform(X))
        for _, idx in f.groupby("thread_id", sort=False).indices.items():
            order = idx[np.lexsort((idx, f["position"].to_numpy()[idx]))]
            sims = (V[order] @ V[order].T).toarray()
            yield order, sims

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array([self.name], dtype=object)


class ThreadSimilarity(_Similarity):
    """A8: mean cosine similarity of the message to the *other* messages of its thread (0 for a lone message)."""

    name = "thread_similarity"

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        """``(n_messages, 1)`` float array in [0, ``weight``]."""
        out = np.zeros(len(X))
        for order, sims in self._per_thread(X, "A8 ThreadSimilarity.transform"):
            if len(order) > 1:
                out[order] = (sims.sum(axis=1) - np.diag(sims)) / (len(order) - 1)
        return out.reshape(-1, 1) * self.weight


class FirstMessageSimilarity(_Similarity):
    """A9: cosine similarity of the message to its thread's first message (lowest ``position``).

    The first message itself gets its similarity to itself: 1 (0 if it has no known word), which is
    the definition taken literally; A6 already marks the lead author's posts, so nothing is hidden.
    """

    name = "first_message_similarity"

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        """``(n_messages, 1)`` float array in [0, ``weight``]."""
        out = np.zeros(len(X))
        for order, sims in self._per_thread(X, "A9 FirstMessageSimilarity.transform"):
            out[order] = sims[:, 0]
        return out.reshape(-1, 1) * self.weight
