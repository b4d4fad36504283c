"""Sequential emotion detection (SED, the paper's Algorithm 2): intensities, the seven statuses, thresholds.

For each user and disorder ``d``, from the user's matched patterns (:mod:`mhtext.patterns.matching`):

- ``ms``: the maximum intensity of a matched pattern of ``d`` (0 when none matched);
- ``rom`` (Equation 2): matched SEPs of ``d`` over all of the user's SEPs;
- ``roi`` (Equation 3): the mean gap between ``ms`` and each matched intensity of ``d``
  (the sum over matched patterns divided by their number minus one, 0 with one match);
- ``aoi`` (Equation 4): the mean intensity of the matched patterns of ``d`` above ``roi``, over all
  matched patterns of ``d`` (as printed, the sum of ``g`` divided by their number);
- ``sod`` (Equation 5, read as "does ``d``'s strongest pattern stand out from the other disorders'"):
  the mean of ``ms(d) − ms(d')`` over the other disorders ``d'``.

Statuses (Table 4) are rules over ``ms``, ``rom``, ``aoi`` and ``sod`` with one threshold each, tried
in order 1 to 6; a user matching none is healthy (status 7; the paper's own status-7 rule leaves some
users without any status). The paper publishes no threshold: :class:`StatusThresholds` learns them
from labelled users (diagnosed versus healthy), maximising balanced accuracy of "identified" (statuses
1–6) over a grid of quantiles. A user's status is the most severe over the four disorders, and the
identified disorder is the one that reaches it (ties: larger ``sod``, then larger ``ms``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from mhtext.emotion import DISORDERS

METRICS = ("ms", "rom", "aoi", "sod")
#: Table 4's rules: the metrics that must reach their threshold, per status 1..6.
RULES: dict[int, tuple[str, ...]] = {
    1: ("ms", "rom", "aoi", "sod"),
    2: ("ms", "rom", "aoi"),
    3: ("ms", "rom"),
    4: ("rom",),
    5: ("ms", "sod", "aoi"),
    6: ("ms", "aoi"),
}
HEALTHY = 7
#: Candidate quantiles of each metric for the threshold search.
QUANTILES: tuple[float, ...] = tuple(np.linspace(0.05, 0.95, 10))
STATUS_NAMES = {1: "severe stage", 2: "moderate stage", 3: "mild stage", 4: "severe tendency",
                5: "moderate tendency", 6: "mild tendency", 7: "healthy"}


def status_group(status: int | np.ndarray) -> np.ndarray:
    """'confirmed' (statuses 1–3), 'tendency' (4–6) or 'healthy' (7)."""
    s = np.asarray(status)
    return np.where(s <= 3, "confirmed", np.where(s <= 6, "tendency", "healthy"))


def intensity_features(matches: pd.DataFrame, n_seps: pd.Series,
                       disorders: Sequence[str] = DISORDERS) -> pd.DataFrame:
    """Per-user ``ms, rom, roi, aoi, sod`` of every disorder: a frame indexed by user, columns (metric, disorder).

    ``matches`` has columns ``user, sep, disorder, intensity`` (one row per matched pattern); ``n_seps`` is
    the number of SEPs of every user (users without a match get zeros). Users with no SEP are refused.
    """
    if (n_seps <= 0).any():
        empty = n_seps.index[n_seps <= 0][:5].tolist()
        raise ValueError(f"users {empty} have no emotion-bearing tweet, so no pattern can be detected; drop them "
                         "before identification (the notebook counts them as 'not assessable')")
    unknown = sorted(set(matches["disorder"]) - set(disorders))
    if unknown:
        raise ValueError(f"matches carry unknown disorder labels {unknown}; expected {list(disorders)}")
    g = matches.groupby(["user", "disorder"])["intensity"]
    per = pd.DataFrame({"ms": g.max(), "n": g.size(), "total": g.sum()})
    m = matches.join(per["ms"], on=["user", "disorder"])
    gap = (m["ms"] - m["intensity"]).groupby([m["user"], m["disorder"]]).sum()
    per["roi"] = (gap / (per["n"] - 1).clip(lower=1)).where(per["n"] > 1, 0.0)
    above = m.join(per["roi"], on=["user", "disorder"])
    above = above["intensity"].where(above["intensity"] > above["roi"], 0.0)
    per["aoi"] = above.groupby([m["user"], m["disorder"]]).sum() / per["n"]
    full = pd.MultiIndex.from_product([n_seps.index, list(disorders)], names=["user", "disorder"])
    per = per.reindex(full, fill_value=0.0)
    per["rom"] = per["n"] / n_seps.reindex(per.index.get_level_values("user")).to_numpy()
    ms = per["ms"].unstack("disorder")[list(disorders)]
    k = len(disorders)
    sod = (ms.to_numpy() * k - ms.to_numpy().sum(1, keepdims=True)) / max(k - 1, 1)
    per["sod"] = pd.DataFrame(sod, index=ms.index, columns=ms.columns).stack().reindex(per.index).to_numpy()
    out = per[["ms", "rom", "roi", "aoi", "sod", "n"]].unstack("disorder")
    return out.reindex(n_seps.index)


def _statuses(values: dict[str, np.ndarray], thr: dict[str, np.ndarray], drop: Sequence[str] = ()) -> np.ndarray:
    """Status (1..7) of each (…, disorder) cell given metric arrays and broadcastable thresholds."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in values.values()), *(np.shape(t) for t in thr.values()))
    status = np.full(shape, HEALTHY, dtype=np.int8)
    for s in sorted(RULES, reverse=True):  # later rules first, so the most severe rule that fires wins
        need = [m for m in RULES[s] if m not in drop]
        if not need:
            continue
        ok = np.ones(shape, dtype=bool)
        for m in need:
            ok &= values[m] >= thr[m]
        status = np.where(ok, s, status)
    return status


def diagnose(features: pd.DataFrame, thresholds: dict[str, float], drop: Sequence[str] = (),
             disorders: Sequence[str] = DISORDERS) -> pd.DataFrame:
    """Per user: ``status`` (most severe over disorders), ``group``, ``disorder`` (the one reaching it, '' if
    healthy) and ``status_<disorder>`` for each disorder."""
    vals = {m: features[m][list(disorders)].to_numpy(dtype=float) for m in METRICS}
    st = _statuses(vals, {m: thresholds[m] for m in METRICS}, drop)
    # Order disorders by (status, -sod, -ms): the first is the identified one.
    order = np.lexsort((-vals["ms"], -vals["sod"], st), axis=1) if st.size else np.zeros_like(st)
    best = order[:, 0] if st.size else np.array([], dtype=int)
    status = st[np.arange(len(st)), best] if st.size else np.array([], dtype=np.int8)
    out = pd.DataFrame({"status": status.astype(int), "group": status_group(status),
                        "disorder": np.where(status < HEALTHY, np.asarray(disorders)[best], "")},
                       index=features.index)
    for j, d in enumerate(disorders):
        out[f"status_{d}"] = st[:, j]
    return out


class StatusThresholds(BaseEstimator):
    """Learn the four thresholds ``ms, rom, aoi, sod`` from labelled users.

    Each threshold ranges over ``quantiles`` of its metric among the training users' (user, disorder)
    cells with at least one match; the combination with the best balanced accuracy of "identified"
    (statuses 1–6) against ``y`` (True for a user with a disorder) wins, ties to the earliest.

    Parameters
    ----------
    quantiles : sequence of float
        Candidate quantiles per threshold.
    drop : sequence of str
        Metrics removed from every rule (the ablation); their thresholds are reported as NaN.
    """

    def __init__(self, quantiles: Sequence[float] = QUANTILES, drop: Sequence[str] = ()):
        self.quantiles = quantiles
        self.drop = drop

    def fit(self, features: pd.DataFrame, y: Sequence[bool]) -> StatusThresholds:
        y = np.asarray(y, dtype=bool)
        if y.all() or not y.any():
            raise ValueError("threshold learning needs users with and without a disorder (y has one class only)")
        bad = sorted(set(self.drop) - set(METRICS))
        if bad:
            raise ValueError(f"drop: unknown metrics {bad}; choose from {METRICS}")
        vals = {m: features[m].to_numpy(dtype=float) for m in METRICS}
        matched = features["n"].to_numpy() > 0
        grids = {m: (np.array([np.inf]) if m in self.drop else
                     np.unique(np.quantile(vals[m][matched], self.quantiles)) if matched.any() else np.array([0.0]))
                 for m in METRICS}
        best, best_score = None, -np.inf
        # Broadcast the (ms, rom) grid over users; loop over (aoi, sod): a few hundred passes, each vectorised.
        t_ms, t_rom = np.meshgrid(grids["ms"], grids["rom"], indexing="ij")
        shaped = {m: v[None, None] for m, v in vals.items()}  # (1, 1, users, disorders)
        for a in grids["aoi"]:
            for s in grids["sod"]:
                thr = {"ms": t_ms[..., None, None], "rom": t_rom[..., None, None], "aoi": a, "sod": s}
                ident = (_statuses(shaped, thr, self.drop) < HEALTHY).any(-1)  # (ms, rom, users)
                tpr = ident[..., y].mean(-1)
                tnr = 1 - ident[..., ~y].mean(-1)
                score = (tpr + tnr) / 2
                i, j = np.unravel_index(np.argmax(score), score.shape)
                if score[i, j] > best_score + 1e-12:
                    best_score, best = score[i, j], {"ms": t_ms[i, j], "rom": t_rom[i, j], "aoi": a, "sod": s}
        self.thresholds_ = {m: (float("nan") if m in self.drop else float(best[m])) for m in METRICS}
        self.train_balanced_accuracy_ = float(best_score)
        return self

    def predict(self, features: pd.DataFrame) -> pd.DataFrame:
        """:func:`diagnose` with the learned thresholds."""
        thr = {m: (np.inf if np.isnan(v) else v) for m, v in self.thresholds_.items()}
        return diagnose(features, thr, self.drop)
