"""Study A, valence transfer: the steps the notebook calls, in the paper's order.

The notebook stays thin; everything with a loop or a decision lives here, tested.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, StratifiedShuffleSplit, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from tqdm.auto import tqdm

from mhtext.data import load
from mhtext.data.sampling import stratified_positions
from mhtext.data.simulate.valence import CLASSES
from mhtext.evaluate.cv import CVResult, cross_validate
from mhtext.models.attention_gru import AttentionGRUClassifier, TransferState
from mhtext.models.baselines import tfidf_logreg
from mhtext.text import tokenize

#: Model keys, in Table 1's column order, as used in ``metrics.json``.
MODELS = {"logreg": "Logistic Regression", "rnn": "RNN", "rnn_embed": "RNN (Embedding Transfer)",
          "rnn_full": "RNN (Full Weight Transfer)"}
DATASETS = ("simulated", "real")


@dataclass
class Corpora:
    """Source tweets and target journals, ready for the models (binary/4-class string labels)."""

    source: pd.DataFrame
    target: pd.DataFrame
    description: dict[str, str] = field(default_factory=dict)


def load_corpora(dataset: str, *, n_tweets: int, journal_scale: float, seed: int, domain_gap: float,
                 real_max_target: int | None = None) -> Corpora:
    """Both domains for ``dataset`` = ``"simulated"`` or ``"real"`` (TweetEval -> GoEmotions).

    Real: TweetEval sentiment tweets with neutral dropped (source) and GoEmotions comments mapped
    to four valence classes by the group taxonomy (target), both read from ``MHTEXT_DATA_DIR``.
    Each is subsampled (stratified, seeded) to ``n_tweets`` and ``real_max_target`` rows.
    """
    if dataset == "simulated":
        src = load("sim-sentiment140", n=n_tweets, seed=seed, domain_gap=domain_gap)
        tgt = load("sim-cbt-journals", scale=journal_scale, seed=seed)
        return Corpora(src, tgt, {"source": "sim-sentiment140", "target": "sim-cbt-journals"})
    if dataset == "real":
        from mhtext.data.loaders.goemotions import valence4

        tw = load("tweeteval-sentiment")
        tw = tw[tw["label"] != "neutral"].reset_index(drop=True)
        ge = load("goemotions", taxonomy="group")
        mapped = valence4(ge)
        mapped = mapped[mapped["label"].isin(CLASSES)].reset_index(drop=True)
        src = _stratified_subsample(tw, n_tweets, seed)
        tgt = _stratified_subsample(mapped, real_max_target, seed)
        src.attrs, tgt.attrs = tw.attrs, ge.attrs
        return Corpora(src, tgt, {"source": "tweeteval-sentiment", "target": "goemotions"})
    raise ValueError(f"unknown dataset {dataset!r}; valid: {', '.join(DATASETS)}")


def _stratified_subsample(df: pd.DataFrame, n: int | None, seed: int) -> pd.DataFrame:
    if n is None or n >= len(df):
        return df
    return df.iloc[stratified_positions(df["label"], n, seed)].reset_index(drop=True)


def drop_unusable(df: pd.DataFrame, column: str = "text") -> tuple[pd.DataFrame, int]:
    """Drop rows whose text is not a string or is empty after the paper's cleaning; return (frame, dropped)."""
    ok = df[column].map(lambda t: isinstance(t, str) and bool(tokenize(t)))
    return df[ok].reset_index(drop=True), int((~ok).sum())


def gru(params: dict, *, seed: int, **kw) -> AttentionGRUClassifier:
    """The paper's network (64 units; dropout and learning rate from ``params``, the paper's 0.5 and
    0.01 unless selected on the tweet task) with this run's training settings."""
    settings = {"hidden_size": 64, "dropout": params.get("dropout", 0.5), "lr": params.get("lr", 0.01),
                "batch_size": params["batch_size"], "max_epochs": params["max_epochs"],
                "patience": params["patience"], "random_state": seed, **kw}
    return AttentionGRUClassifier(**settings)


def select_on_source(texts, labels, params: dict, grid: dict, *, n: int, n_folds: int,
                     seed: int) -> tuple[dict, pd.DataFrame]:
    """Pick GRU hyper-parameters by cross-validated macro-F1 on (a stratified sample of) the tweet
    task, as the paper did; returns the best settings and the grid's scores."""
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    df = _stratified_subsample(pd.DataFrame({"text": list(texts), "label": list(labels)}), n, seed)
    base = gru(params, seed=seed).set_params(max_epochs=params["source_epochs"], patience=params["source_epochs"],
                                             batch_size=params.get("source_batch_size", params["batch_size"]))
    search = GridSearchCV(base, grid, scoring="f1_macro", refit=False,
                          cv=StratifiedKFold(n_folds, shuffle=True, random_state=seed))
    search.fit(df["text"].tolist(), df["label"].to_numpy(object))
    scores = pd.DataFrame(search.cv_results_["params"]).assign(
        mean_macro_f1=search.cv_results_["mean_test_score"], sd=search.cv_results_["std_test_score"])
    return dict(search.best_params_), scores


def nested(estimator, grid: dict | None, *, seed: int, n_folds: int = 3):
    """Wrap ``estimator`` in an inner grid search (nested cross-validation) when ``grid`` is given."""
    if not grid:
        return estimator
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    return GridSearchCV(estimator, grid, scoring="f1_macro", cv=StratifiedKFold(n_folds, shuffle=True,
                                                                                random_state=seed))


def pretrain_source(texts, labels, params: dict, *, seed: int) -> AttentionGRUClassifier:
    """The binary tweet model (one sigmoid output) whose weights the full-transfer model reuses."""
    model = gru(params, seed=seed, class_weight=None)
    model.set_params(max_epochs=params["source_epochs"], patience=params["source_epochs"],
                     batch_size=params.get("source_batch_size", params["batch_size"]))
    return model.fit(list(texts), np.asarray(labels, dtype=object))


def model_factories(params: dict, source: TransferState, embeddings, *, seed: int, nested_grid: dict | None = None):
    """The four Table 1 models as ``fold -> estimator`` factories; with ``nested_grid`` the GRUs'
    hyper-parameters are re-selected inside every training fold (nested cross-validation)."""
    return {
        "logreg": lambda k: tfidf_logreg(random_state=seed + k),
        "rnn": lambda k: nested(gru(params, seed=seed + k), nested_grid, seed=seed + k),
        "rnn_embed": lambda k: nested(gru(params, seed=seed + k, embeddings=embeddings), nested_grid, seed=seed + k),
        "rnn_full": lambda k: nested(gru(params, seed=seed + k, init_from=source), nested_grid, seed=seed + k),
    }


def run_table1(factories: dict, X: list[str], y, *, n_folds: int, seed: int) -> dict[str, CVResult]:
    """Cross-validate every model on the same folds."""
    return {name: cross_validate(make, X, y, n_splits=n_folds, seed=seed, desc=name)
            for name, make in tqdm(factories.items(), desc="models")}


def table1_frame(results: dict[str, CVResult], published: pd.DataFrame) -> pd.DataFrame:
    """Table 1 layout: rows (class, metric), columns model -> reproduced beside published."""
    rows = []
    for quantity in [q for q in results["logreg"].mean()]:
        cls, _, metric = quantity.rpartition(".")
        row = {"class": cls or "all", "metric": metric}
        for key, res in results.items():
            row[key] = res.mean()[quantity]
            pub = published.loc[published["quantity"] == f"table1.{key}.{quantity}", "published"]
            row[f"{key} (paper)"] = float(pub.iloc[0]) if len(pub) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def attention_sums(model: AttentionGRUClassifier, texts: list[str], *, top: int | None = 12) -> pd.DataFrame:
    """Paper A's Table 2: per word, the sum of its attention weights over ``texts`` (unseen data),
    overall and per predicted class, divided by the global sum of all attention values, x 10^4.
    ``top=None`` keeps every word."""
    att = model.attention(texts)
    pred = model.predict(texts)
    total = sum(float(w.sum()) for _, w in att)  # = number of texts, since each sums to 1
    sums: dict[str, defaultdict] = {"all": defaultdict(float), **{c: defaultdict(float) for c in model.classes_}}
    for (tokens, weights), p in zip(att, pred, strict=True):
        for tok, w in zip(tokens, weights, strict=True):
            sums["all"][tok] += float(w)
            sums[p][tok] += float(w)
    rows = []
    for column, d in sums.items():
        ranked = sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:top]  # [:None] keeps all
        rows += [{"column": column, "rank": r + 1, "word": w, "weight_x1e4": 1e4 * v / total}
                 for r, (w, v) in enumerate(ranked)]
    return pd.DataFrame(rows)


# -- beyond the paper: the semantic gap, measured ------------------------------------------------
def gap_sweep(journals: pd.DataFrame, params: dict, *, gaps, sizes, seeds, test_size: float = 0.3) -> pd.DataFrame:
    """Benefit (macro-F1) of full weight transfer over the single-domain GRU, by domain gap and source size.

    For each seed: one stratified train/test split of the journals, one single-domain GRU; then
    for each (gap, size) a source model pretrained on that many simulated tweets at that gap,
    transferred and fine-tuned on the same split.
    """
    X, y = journals["text"].tolist(), journals["label"].to_numpy(object)
    rows = []
    for seed in tqdm(seeds, desc="seeds"):
        split = StratifiedShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
        tr, te = next(split.split(X, y))
        Xtr, Xte = [X[i] for i in tr], [X[i] for i in te]
        base = gru(params, seed=seed).fit(Xtr, y[tr])
        base_f1 = f1_score(y[te], base.predict(Xte), average="macro")
        for gap in gaps:
            for size in sizes:
                tweets = load("sim-sentiment140", n=int(size), seed=seed, domain_gap=float(gap))
                src = pretrain_source(tweets["text"], tweets["label"], params, seed=seed)
                full = gru(params, seed=seed, init_from=src.export_transfer()).fit(Xtr, y[tr])
                f1 = f1_score(y[te], full.predict(Xte), average="macro")
                rows.append({"seed": seed, "domain_gap": gap, "source_size": int(size), "rnn_macro_f1": base_f1,
                             "rnn_full_macro_f1": f1, "benefit": f1 - base_f1})
    return pd.DataFrame(rows)


def gap_summary(sweep: pd.DataFrame) -> pd.DataFrame:
    """Mean benefit and a Student-t 95% interval over seeds, per (gap, size).

    With a single seed the interval is undefined and reported as the mean itself (width 0)."""
    from scipy.stats import t

    g = sweep.groupby(["domain_gap", "source_size"])["benefit"]
    out = g.agg(["mean", "std", "count"]).reset_index()
    quantile = t.ppf(0.975, np.maximum(out["count"] - 1, 1))
    half = np.where(out["count"] > 1, quantile * out["std"].fillna(0.0) / np.sqrt(out["count"]), 0.0)
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    return out


# -- beyond the paper: valence over time ---------------------------------------------------------
def trajectory_features(df: pd.DataFrame, p_negative: np.ndarray) -> pd.DataFrame:
    """Per user, from the predicted probability of negative valence per session: level, slope,
    session-to-session change, and lag-1 autocorrelation (oscillation shows as a negative one)."""
    d = df.assign(p=p_negative).sort_values(["user_id", "session"])
    rows = []
    for uid, g in d.groupby("user_id"):
        p, t = g["p"].to_numpy(), g["session"].to_numpy(float)
        dp = np.diff(p)
        ac = np.corrcoef(p[:-1], p[1:])[0, 1] if p[:-1].std() > 0 and p[1:].std() > 0 else 0.0
        rows.append({"user_id": uid, "trajectory": g["trajectory"].iloc[0], "mean": p.mean(),
                     "slope": np.polyfit(t, p, 1)[0], "mean_abs_change": np.abs(dp).mean(), "lag1_autocorr": ac})
    return pd.DataFrame(rows)


def classify_trajectories(features: pd.DataFrame, *, seed: int, n_folds: int = 5) -> tuple[float, pd.DataFrame]:
    """Cross-validated accuracy of a logistic regression on trajectory features, and its confusion table."""
    X = features[["mean", "slope", "mean_abs_change", "lag1_autocorr"]].to_numpy()
    y = features["trajectory"].to_numpy()
    n_folds = min(n_folds, int(pd.Series(y).value_counts().min()))
    # Standardised: the features live on very different scales (slopes are ~10x smaller than levels).
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, random_state=seed))
    pred = cross_val_predict(clf, X, y, cv=StratifiedKFold(n_folds, shuffle=True, random_state=seed))
    return float(accuracy_score(y, pred)), pd.crosstab(pd.Series(y, name="true"), pd.Series(pred, name="predicted"))


def calibration_curve(signals, *, scale: float, seed: int, n_folds: int) -> pd.DataFrame:
    """tf-idf + LR macro-F1 on simulated journals as the simulator's ``signal`` varies (the one calibrated knob)."""
    rows = []
    for s in signals:
        df = load("sim-cbt-journals", scale=scale, seed=seed, signal=float(s))
        res = cross_validate(lambda k: tfidf_logreg(random_state=seed + k), df["text"].tolist(), df["label"],
                             n_splits=n_folds, seed=seed, desc=f"signal={s}")
        rows.append({"signal": float(s), "logreg_macro_f1": res.mean()["macro_f1"]})
    return pd.DataFrame(rows)


def describe_gap(summary: pd.DataFrame) -> str:
    """One sentence per source size: the benefit at the smallest and largest gap, and whether
    its 95% interval excludes zero (written from the sweep's numbers, never by hand)."""
    parts = []
    for size, d in summary.sort_values("domain_gap").groupby("source_size"):
        lo, hi = d.iloc[0], d.iloc[-1]

        def verdict(r):
            if r["ci_low"] > 0:
                return "helps"
            if r["ci_high"] < 0:
                return "hurts"
            return "is indistinguishable from no transfer"

        parts.append(
            f"With {size:,} source tweets, full weight transfer {verdict(lo)} at gap {lo['domain_gap']:g} "
            f"(benefit {lo['mean']:+.3f}, 95% CI {lo['ci_low']:+.3f} to {lo['ci_high']:+.3f}) and "
            f"{verdict(hi)} at gap {hi['domain_gap']:g} (benefit {hi['mean']:+.3f}, "
            f"95% CI {hi['ci_low']:+.3f} to {hi['ci_high']:+.3f})."
        )
    return " ".join(parts)


def table2_metrics(sums: pd.DataFrame, published: pd.DataFrame) -> dict[str, float]:
    """Our weight for every (column, word) of the paper's Table 2, 0 where the word got no attention
    (absent from the test texts or from that predicted class), keyed as ``table2.<column>.<word>``."""
    ours = {(r.column, r.word): r.weight_x1e4 for r in sums.itertuples()}
    out = {}
    for q in published.loc[published["source"] == "Table 2", "quantity"]:
        _, column, word = q.split(".", 2)
        out[q] = float(ours.get((column, word), 0.0))
    return out
