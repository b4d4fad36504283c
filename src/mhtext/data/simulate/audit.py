"""Trivial shortcuts a simulated corpus must not hand a method (the shortcut audit).

Each function scores one shortcut on a frame; each simulator's ``shortcut_audit`` puts the scores
beside the published number of the method the shortcut would fake (schema
:data:`mhtext.data.simulate.engine.AUDIT_COLUMNS`), and the tests hold every score under a bound.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

_SENT = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[a-z']+")


def majority_macro_f1(labels: Sequence) -> float:
    """Macro-F1 of always predicting the most frequent class."""
    y = np.asarray(labels, dtype=object)
    top = Counter(y.tolist()).most_common(1)[0][0]
    return float(f1_score(y, np.full(len(y), top, dtype=object), average="macro", zero_division=0))


def single_feature_score(x: Sequence[float], labels: Sequence, *, seed: int = 0, folds: int = 5,
                         log: bool = True) -> float:
    """Cross-validated score of a logistic regression on one numeric feature (e.g. log length).

    ``log`` takes ``log1p`` of a count first; pass ``False`` for a signed feature (a lexicon sum).

    Binary labels give the AUC of the out-of-fold probabilities, folded to ≥ 0.5 (a shortcut that
    ranks backwards is as much a shortcut); more classes give macro-F1 with balanced class weights.
    """
    y = np.asarray(labels)
    X = np.asarray(x, dtype=float).reshape(-1, 1)
    X = np.log1p(X) if log else X
    k = int(min(folds, np.bincount(np.unique(y, return_inverse=True)[1]).min()))
    if k < 2:
        raise ValueError("single_feature_score needs at least two examples of every class")
    cv = StratifiedKFold(k, shuffle=True, random_state=seed)
    model = LogisticRegression(class_weight="balanced", max_iter=1000)
    if len(np.unique(y)) == 2:
        p = cross_val_predict(model, X, y, cv=cv, method="predict_proba")[:, 1]
        auc = roc_auc_score(y == np.unique(y)[1], p)
        return float(max(auc, 1.0 - auc))
    pred = cross_val_predict(model, X, y, cv=cv)
    return float(f1_score(y, pred, average="macro", zero_division=0))


def sentences(texts: Iterable[str]) -> list[str]:
    """Normalised sentences (lower case, words only) of ``texts``; sentences under four words are dropped."""
    out = []
    for t in texts:
        for s in _SENT.split(str(t)):
            words = _WORD.findall(s.lower())
            if len(words) >= 4:
                out.append(" ".join(words))
    return out


def verbatim_overlap(train_texts: Iterable[str], test_texts: Iterable[str]) -> float:
    """Share of the test texts' sentences (≥ 4 words) that occur verbatim among the training texts' sentences."""
    seen = set(sentences(train_texts))
    test = sentences(test_texts)
    return float(np.mean([s in seen for s in test])) if test else 0.0


def top_phrase(texts: Iterable[str], background: Iterable[str], *, n: int = 3) -> str | None:
    """The word n-gram most over-represented in ``texts`` against ``background`` (count difference)."""
    fg = Counter(g for t in texts for g in set(_ngrams(t, n)))
    if not fg:
        return None
    bg = Counter(g for t in background for g in set(_ngrams(t, n)))
    return max(fg, key=lambda g: (fg[g] - bg[g], g))


def phrase_recall(texts: Sequence[str], has_label: Sequence[bool], phrase: str | None) -> float:
    """Recall of "the text contains ``phrase``" for the texts that carry the label."""
    pos = [t for t, h in zip(texts, has_label, strict=True) if h]
    if not pos or phrase is None:
        return 0.0
    return float(np.mean([phrase in " ".join(_WORD.findall(t.lower())) for t in pos]))


def _ngrams(text: str, n: int) -> list[str]:
    w = _WORD.findall(str(text).lower())
    return [" ".join(w[i:i + n]) for i in range(len(w) - n + 1)]
