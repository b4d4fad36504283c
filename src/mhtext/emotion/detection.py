"""Emotion detection scored as in the paper's Table 5: macro precision, recall and F1 of per-text emotion labels.

The paper scores its sequential emotion analysis (lexicon) against an LSTM and SeNTU on texts with a gold
emotion. Here the texts come from three corpora (:func:`emotion_texts`): the simulated timelines, whose gold
labels are the 21 representative emotions, and two public corpora whose labels are coarser, TweetEval emotion
(4 labels) and GoEmotions in Ekman's taxonomy (6 emotions). A method that speaks the 21 emotions is scored on a
real corpus through a fixed map (``label_maps.yaml``, :func:`label_map`); a text the method leaves without a
label, or with an emotion the corpus has no label for, gets :data:`NO_EMOTION`, a miss.

Scores are macro averages over the gold label set: a :data:`NO_EMOTION` prediction lowers the recall of the
text's gold class and never any precision (scikit-learn's ``labels=`` semantics). Differences between two
methods on the same texts get a paired percentile bootstrap over texts (:func:`paired_bootstrap`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import yaml
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import GroupShuffleSplit, train_test_split

from mhtext.emotion import EMOTIONS
from mhtext.evaluate.compare import bootstrap_interval

#: The label given to a text with no (mappable) predicted emotion.
NO_EMOTION = "no_emotion"
#: Targets a 21-emotion prediction can be mapped onto.
TARGETS = ("representative", "tweeteval-emotion", "goemotions-ekman")
#: Corpora :func:`emotion_texts` reads.
DATASETS = ("simulated", "tweeteval-emotion", "goemotions-ekman")
#: Share of simulated users whose tweets form the test part.
SIMULATED_TEST_USERS = 0.2


@cache
def _maps() -> dict:
    text = resources.files("mhtext.emotion").joinpath("label_maps.yaml").read_text(encoding="utf-8")
    spec = yaml.safe_load(text)
    for target, entry in spec.items():
        where = f"mhtext/emotion/label_maps.yaml, {target}"
        labels, mapping = entry.get("labels"), entry.get("map")
        if not labels or not isinstance(mapping, dict):
            raise ValueError(f"{where}: needs a 'labels' list and a 'map' of emotion -> label or null")
        missing = [e for e in EMOTIONS if e not in mapping]
        extra = [e for e in mapping if e not in EMOTIONS]
        bad = {e: v for e, v in mapping.items() if v is not None and v not in labels}
        if missing or extra or bad:
            raise ValueError(f"{where}: emotions missing {missing}, not among the 21 {extra}, "
                             f"mapped outside 'labels' {bad}; fix the file")
    return spec


def _check_target(target: str) -> None:
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; choose one of {TARGETS}")


def label_map(target: str) -> dict[str, str | None]:
    """Map from each of the 21 representative emotions to a label of ``target`` (``None``: no label fits).

    Parameters
    ----------
    target : {"representative", "tweeteval-emotion", "goemotions-ekman"}
        ``"representative"`` is the identity (the simulated corpora's gold labels are the 21 emotions).

    Returns
    -------
    dict
        Emotion name -> target label or ``None``, in :data:`mhtext.emotion.EMOTIONS` order.
    """
    _check_target(target)
    if target == "representative":
        return {e: e for e in EMOTIONS}
    mapping = _maps()[target]["map"]
    return {e: mapping[e] for e in EMOTIONS}


def target_labels(target: str) -> tuple[str, ...]:
    """The gold label set of ``target``, over which macro scores are averaged."""
    _check_target(target)
    return EMOTIONS if target == "representative" else tuple(_maps()[target]["labels"])


def map_predictions(pred21: Sequence[str | None], target: str) -> np.ndarray:
    """Translate 21-emotion predictions into ``target``'s labels.

    Parameters
    ----------
    pred21 : sequence of str or None
        One prediction per text: an emotion of :data:`mhtext.emotion.EMOTIONS`, or ``None`` / ``""`` / NaN /
        :data:`NO_EMOTION` for no prediction.
    target : str
        See :func:`label_map`.

    Returns
    -------
    ndarray of object
        Target labels; :data:`NO_EMOTION` where there was no prediction or its emotion maps to ``None``.
    """
    mapping = label_map(target)
    out = np.empty(len(pred21), dtype=object)
    for i, p in enumerate(pred21):
        if p is None or p == "" or p == NO_EMOTION or (isinstance(p, float) and np.isnan(p)):
            out[i] = NO_EMOTION
        elif p not in mapping:
            raise ValueError(f"map_predictions: prediction {i} is {p!r}, not one of the 21 representative "
                             f"emotions {EMOTIONS} nor None")
        else:
            out[i] = mapping[p] if mapping[p] is not None else NO_EMOTION
    return out


def _checked(y_true, y_pred, labels) -> tuple[np.ndarray, np.ndarray, list[str]]:
    y_true, y_pred = np.asarray(y_true, dtype=object), np.asarray(y_pred, dtype=object)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"y_true has shape {y_true.shape} and y_pred {y_pred.shape}; need two equal 1-d sequences")
    if len(y_true) == 0:
        raise ValueError("no texts to score: y_true is empty")
    labels = list(labels)
    unknown = sorted(set(y_true) - set(labels), key=str)
    if unknown:
        raise ValueError(f"gold labels {unknown[:5]} are not in labels {labels}; drop those texts or widen labels")
    return y_true, y_pred, labels


def detection_scores(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    """Macro precision, recall and F1 over the gold label set, accuracy and coverage.

    Parameters
    ----------
    y_true : sequence of str
        Gold labels, each one of ``labels``.
    y_pred : sequence of str
        Predicted labels; :data:`NO_EMOTION` (or any label outside ``labels``) is a miss: it lowers the recall
        of the gold class and enters no class's precision.
    labels : sequence of str
        The gold label set the macro averages run over (a class never predicted has precision 0).

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1`` (macro), ``accuracy``, ``coverage`` (share of texts with a prediction
        other than :data:`NO_EMOTION`) and ``n`` (texts).
    """
    y_true, y_pred, labels = _checked(y_true, y_pred, labels)
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, average="macro", zero_division=0)
    return {"precision": float(p), "recall": float(r), "f1": float(f), "accuracy": float(np.mean(y_true == y_pred)),
            "coverage": float(np.mean(y_pred != NO_EMOTION)), "n": int(len(y_true))}


def _codes(values: np.ndarray, labels: list[str]) -> np.ndarray:
    index = {lab: i for i, lab in enumerate(labels)}
    return np.array([index.get(v, len(labels)) for v in values], dtype=np.int64)  # outside labels -> k


def _macro_f1_codes(t: np.ndarray, p: np.ndarray, k: int) -> float:
    # Macro-F1 from integer codes (k = outside the label set), equal to scikit-learn's with labels= and
    # zero_division=0 (tests check it) and ~100x faster, which a 1,000-draw bootstrap needs.
    tp = np.bincount(t[(t == p) & (t < k)], minlength=k)
    denom = np.bincount(t[t < k], minlength=k) + np.bincount(p[p < k], minlength=k)
    return float(np.mean(np.divide(2 * tp, denom, out=np.zeros(k), where=denom > 0)))


def paired_bootstrap(y_true: Sequence[str], pred_a: Sequence[str], pred_b: Sequence[str], labels: Sequence[str],
                     n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> dict[str, float]:
    """Macro-F1 difference of two methods on the same texts, with a paired percentile bootstrap interval.

    Texts are resampled with replacement, the same draw for both methods, so the interval reflects that the
    two were scored on one test set (:func:`mhtext.evaluate.compare.bootstrap_interval`).

    Parameters
    ----------
    y_true, pred_a, pred_b : sequence of str
        Gold labels and the two methods' predictions, aligned.
    labels : sequence of str
        Gold label set (as in :func:`detection_scores`).
    n_boot : int
        Bootstrap draws.
    seed : int
        Seed of the draws.
    level : float
        Coverage of the interval.

    Returns
    -------
    dict
        ``diff`` (macro-F1 of a minus b on all texts), ``low``, ``high``, ``f1_a``, ``f1_b``, ``n``, ``n_boot``.
    """
    y_true, pred_a, labels = _checked(y_true, pred_a, labels)
    _, pred_b, _ = _checked(y_true, pred_b, labels)
    k = len(labels)
    t, a, b = _codes(y_true, labels), _codes(pred_a, labels), _codes(pred_b, labels)
    diff, low, high = bootstrap_interval(lambda idx: _macro_f1_codes(t[idx], a[idx], k) - _macro_f1_codes(t[idx], b[idx], k),
                                         len(t), seed=seed, n_boot=n_boot, level=level)
    return {"diff": diff, "low": low, "high": high, "f1_a": _macro_f1_codes(t, a, k), "f1_b": _macro_f1_codes(t, b, k),
            "n": int(len(t)), "n_boot": int(n_boot)}


def table5_frame(results: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """Table 5's layout: one row per method with precision, recall, F1, accuracy and coverage.

    Parameters
    ----------
    results : mapping
        Method name -> a :func:`detection_scores` dict.

    Returns
    -------
    pandas.DataFrame
        Columns ``method, precision, recall, f1, accuracy, coverage`` (and ``n`` when the dicts carry it),
        rows in the mapping's order.
    """
    cols = ["precision", "recall", "f1", "accuracy", "coverage"]
    rows = []
    for method, scores in results.items():
        missing = [c for c in cols if c not in scores]
        if missing:
            raise ValueError(f"table5_frame: scores of {method!r} lack {missing}; pass detection_scores(...) dicts")
        rows.append({"method": method, **{c: scores[c] for c in cols}, **({"n": scores["n"]} if "n" in scores else {})})
    return pd.DataFrame(rows)


def _cap(train: pd.DataFrame, max_train: int | None, seed: int) -> pd.DataFrame:
    if max_train is None or len(train) <= max_train:
        return train.reset_index(drop=True)
    # Stratified, so a capped training set keeps every class's share (GoEmotions' fear and disgust are ~2%).
    kept, _ = train_test_split(train, train_size=max_train, stratify=train["label"], random_state=seed)
    return kept.sort_index().reset_index(drop=True)


def emotion_texts(dataset: str, *, max_train: int | None = None, seed: int = 0, scale: float = 0.5,
                  drop_replies: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Texts with one gold emotion, split into train and test.

    ``"simulated"``
        Tweets of ``sim-mdi-timelines`` (``scale``, ``seed``) with a gold emotion; tweets without one (the
        simulated annotators saw none) are left out, as the paper scores detection on emotional texts.
        Replies (tweets with ``@``) are left out when ``drop_replies``, as the paper's Section 6.2 filters
        them. Users are split, not tweets: 20% of users (seeded) form the test part, so no user's wording
        is seen in both. Labels are the 21 representative emotions.
    ``"tweeteval-emotion"``
        The official ``train`` and ``test`` splits (3,257 and 1,421 tweets); ``val`` is not used.
    ``"goemotions-ekman"``
        The official ``train`` and ``test`` splits, Ekman taxonomy, keeping comments whose raters' labels
        reduce to one Ekman emotion: multi-label comments (no single gold) and neutral ones (no emotion to
        detect) are left out.

    Parameters
    ----------
    dataset : {"simulated", "tweeteval-emotion", "goemotions-ekman"}
    max_train : int, optional
        Cap on training texts (a stratified, seeded sample); the test part is never capped.
    seed : int
        Seed of the simulation, the user split and the cap.
    scale : float
        Size of the simulated corpus (``"simulated"`` only).
    drop_replies : bool
        Leave out simulated tweets containing ``@`` (``"simulated"`` only).

    Returns
    -------
    (train, test) : tuple of pandas.DataFrame
        Columns ``text`` and ``label`` (``user_id`` too for ``"simulated"``); texts are non-empty.

    Raises
    ------
    mhtext.data.DatasetNotFoundError
        A real corpus is absent from ``MHTEXT_DATA_DIR``.
    """
    from mhtext import data  # the registry imports every loader; only pay for it when texts are asked for

    if dataset == "simulated":
        df = data.load("sim-mdi-timelines", scale=scale, seed=seed)
        keep = df["gold_emotion"].astype(str).str.len() > 0
        if drop_replies:
            keep &= ~df["text"].str.contains("@", regex=False)
        df = df.loc[keep, ["user_id", "text", "gold_emotion"]].rename(columns={"gold_emotion": "label"})
        split = GroupShuffleSplit(n_splits=1, test_size=SIMULATED_TEST_USERS, random_state=seed)
        train_idx, test_idx = next(split.split(df, groups=df["user_id"]))
        train, test = df.iloc[train_idx], df.iloc[test_idx]
    elif dataset == "tweeteval-emotion":
        df = data.load("tweeteval-emotion", splits=("train", "test"))[["text", "label", "split"]]
        train, test = df[df["split"] == "train"], df[df["split"] == "test"]
    elif dataset == "goemotions-ekman":
        df = data.load("goemotions", taxonomy="ekman", splits=("train", "test"))
        single = df["labels"].map(len) == 1
        df = df[single].assign(label=df.loc[single, "labels"].str[0])
        df = df.loc[df["label"] != "neutral", ["text", "label", "split"]]
        train, test = df[df["split"] == "train"], df[df["split"] == "test"]
    else:
        raise ValueError(f"unknown dataset {dataset!r}; choose one of {DATASETS}")
    train, test = (part[part["text"].str.strip() != ""].drop(columns="split", errors="ignore") for part in (train, test))
    return _cap(train, max_train, seed), test.reset_index(drop=True)
