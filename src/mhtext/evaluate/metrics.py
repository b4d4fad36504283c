"""Classification metrics as the papers report them, with undefined cases made explicit."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support, roc_auc_score, roc_curve


def check_labels(y, classes) -> np.ndarray:
    """``y`` as an object array; unknown labels raise ValueError naming them and the known classes."""
    y = np.asarray(y, dtype=object)
    unknown = sorted(set(y) - set(classes))
    if unknown:
        raise ValueError(f"unknown labels {unknown}; known classes: {list(classes)}")
    return y


def classification_metrics(y_true, proba: np.ndarray, classes) -> dict[str, float]:
    """Paper A's Table 1 metrics: macro/weighted F1, accuracy, per-class precision, recall, F1, AUC.

    Keys: ``macro_f1``, ``weighted_f1``, ``accuracy``, ``<class>.precision|recall|f1|auc``.
    Precision of a class never predicted is 0 (sklearn's ``zero_division=0``); the AUC of a
    class absent from ``y_true`` is undefined and raises, rather than returning NaN.
    """
    classes = list(classes)
    y_true = check_labels(y_true, classes)
    proba = np.asarray(proba, dtype=float)
    if proba.shape != (len(y_true), len(classes)):
        raise ValueError(f"proba has shape {proba.shape}, expected {(len(y_true), len(classes))}")
    y_pred = np.asarray(classes, dtype=object)[proba.argmax(1)]
    out = {
        "macro_f1": f1_score(y_true, y_pred, labels=classes, average="macro", zero_division=0),
        "weighted_f1": f1_score(y_true, y_pred, labels=classes, average="weighted", zero_division=0),
        "accuracy": accuracy_score(y_true, y_pred),
    }
    p, r, f, support = precision_recall_fscore_support(y_true, y_pred, labels=classes, zero_division=0)
    for i, c in enumerate(classes):
        if support[i] == 0:
            raise ValueError(f"class {c!r} has no examples in y_true: its recall and AUC are undefined")
        out[f"{c}.precision"], out[f"{c}.recall"], out[f"{c}.f1"] = p[i], r[i], f[i]
        out[f"{c}.auc"] = roc_auc_score(y_true == c, proba[:, i])
    return {k: float(v) for k, v in out.items()}


def roc_curves(y_true, proba: np.ndarray, classes) -> pd.DataFrame:
    """One-vs-rest ROC curves: columns ``class``, ``fpr``, ``tpr``, ``auc``."""
    y_true = check_labels(y_true, classes)
    frames = []
    for i, c in enumerate(classes):
        fpr, tpr, _ = roc_curve(y_true == c, proba[:, i])
        auc = roc_auc_score(y_true == c, proba[:, i])
        frames.append(pd.DataFrame({"class": c, "fpr": fpr, "tpr": tpr, "auc": auc}))
    return pd.concat(frames, ignore_index=True)
