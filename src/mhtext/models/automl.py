"""AutoML search for study D (CLPsych 2017 triage): FLAML or TPOT behind one scikit-learn estimator.

The paper ran TPOT and Auto-Sklearn, both "customized to maximize the Macro-F1 score (without the green-labeled
posts)", each pipeline "evaluated with 10-fold stratified cross-validation with five repeats inside of the training
set", trained on the fine-grained labels while scored on the coarse amber/red/crisis macro-F1.
:class:`AutoMLClassifier` reproduces that contract with the tools that install on Python 3.11: TPOT 1.1 (genetic
programming, evaluated on a Dask cluster) and FLAML 2.7 (standing in for Auto-Sklearn, which does not install).

Both tools see integer codes of the fine labels (TPOT and XGBoost both want ``0..K-1``); the scorer maps codes to
fine labels to coarse labels and returns :func:`risk_macro_f1`. The same ``RepeatedStratifiedKFold`` object drives
both searches, so their ``cv_score_`` are means over the same folds.
"""

from __future__ import annotations

import json
import logging
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_array, check_is_fitted

from mhtext.env import environ

TOOLS = ("flaml", "tpot")

# FLAML learners that are installed here and close to Auto-Sklearn's classifier families (boosting, forests,
# extremely randomised trees, L1 logistic regression, k-NN). FLAML's own default adds xgb_limitdepth and sgd and
# drops the linear and neighbour models.
FLAML_ESTIMATORS = ("lgbm", "rf", "extra_tree", "xgboost", "lrl1", "kneighbor")

# TPOT 1.1's default search space ("linear": selector -> transformers -> optional inner classifiers -> classifier).
TPOT_SEARCH_SPACE = "linear"

# Our small space for short budgets ("linear-fast"): a feature selector (or none) then one of four classifiers that
# fit in well under a second on ~1,000 columns. TPOT's "linear-light" keeps a transformer layer (PCA, FastICA,
# Nystroem, ...) and a saga logistic regression with C up to 1e5, which on 2 cores often cannot finish one CV in a
# few seconds on the wide neural feature sets, so a quick search there ends with no pipeline at all.
FAST_SPACE_SELECTORS = ("SelectPercentile", "VarianceThreshold", "Passthrough")
FAST_SPACE_CLASSIFIERS = ("GaussianNB", "BernoulliNB", "DecisionTreeClassifier", "KNeighborsClassifier")


def tpot_search_space(name, *, n_classes: int, n_samples: int, n_features: int, seed: int):
    """A TPOT search space by name: "linear-fast" (ours, above) or anything TPOT 1.1 names itself."""
    if name != "linear-fast":
        return name
    from tpot.config import get_search_space
    from tpot.search_spaces.pipelines import SequentialPipeline

    kw = dict(n_classes=n_classes, n_samples=n_samples, n_features=n_features, random_state=seed)
    return SequentialPipeline([get_search_space(list(FAST_SPACE_SELECTORS), **kw),
                               get_search_space(list(FAST_SPACE_CLASSIFIERS), **kw)])


# The paper's maximum evaluation time for a single pipeline.
PAPER_MAX_EVAL_SECONDS = 300.0


def risk_macro_f1(y_true_coarse, y_pred_coarse, exclude: Sequence[str] = ("green",),
                  labels: Sequence[str] | None = None) -> float:
    """Macro-F1 over the coarse classes other than ``exclude`` (CLPsych 2017's official score).

    Parameters
    ----------
    y_true_coarse, y_pred_coarse : array-like of str
        True and predicted coarse labels (green/amber/red/crisis).
    exclude : sequence of str
        Classes left out of the average; they still count as errors for the other classes (a crisis post
        predicted green lowers crisis recall).
    labels : sequence of str, optional
        The classes to average over. Default: every class present in ``y_true_coarse`` or ``y_pred_coarse``,
        minus ``exclude``. Pass the training set's classes to score cross-validation folds on a fixed set.

    Returns
    -------
    float
        Unweighted mean of the per-class F1; a class with no true and no predicted member scores 0.
    """
    y_true = np.asarray(y_true_coarse, dtype=object)
    y_pred = np.asarray(y_pred_coarse, dtype=object)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"risk_macro_f1: y_true has shape {y_true.shape} but y_pred has {y_pred.shape}; "
                         "pass one prediction per post.")
    if labels is None:
        labels = sorted(set(y_true.tolist()) | set(y_pred.tolist()))
    kept = [lab for lab in labels if lab not in set(exclude)]
    if not kept:
        raise ValueError(f"risk_macro_f1: no class left to score after excluding {tuple(exclude)} from "
                         f"{list(labels)}; check the labels and `exclude`.")
    return float(f1_score(y_true, y_pred, labels=kept, average="macro", zero_division=0))


def _coded_risk_f1(y_true_codes, y_pred_codes, *, code_to_coarse, labels) -> float:
    """risk_macro_f1 on integer codes of fine labels (what the AutoML tools see)."""
    return risk_macro_f1(code_to_coarse[np.asarray(y_true_codes, dtype=int)],
                         code_to_coarse[np.asarray(y_pred_codes, dtype=int)], exclude=(), labels=labels)


def _map_labels(y, coarse_map: Mapping | None, where: str) -> np.ndarray:
    y = np.asarray(y, dtype=object)
    if coarse_map is None:
        return y
    missing = sorted(set(y.tolist()) - set(coarse_map))
    if missing:
        raise ValueError(f"{where}: labels {missing} are not keys of coarse_map; add them (fine -> coarse).")
    return np.array([coarse_map[v] for v in y], dtype=object)


def make_risk_scorer(coarse_map: Mapping | None = None, exclude: Sequence[str] = ("green",),
                     labels: Sequence[str] | None = None):
    """A scikit-learn scorer for estimators that predict fine labels, scored as coarse risk macro-F1.

    Use it with ``cross_validate`` or ``permutation_importance`` on a fitted :class:`AutoMLClassifier`
    (the paper's feature-importance procedure). Greater is better.

    Parameters
    ----------
    coarse_map : mapping, optional
        Fine label -> coarse label; None when the estimator already predicts coarse labels.
    exclude : sequence of str
        Coarse classes left out of the average.
    labels : sequence of str, optional
        Coarse classes to average over (before exclusion); default: those present in each call.
    """
    def score(y_true, y_pred):
        return risk_macro_f1(_map_labels(y_true, coarse_map, "make_risk_scorer"),
                             _map_labels(y_pred, coarse_map, "make_risk_scorer"), exclude=exclude, labels=labels)
    return make_scorer(score)


class _TPOTSplits:
    """RepeatedStratifiedKFold that tells TPOT the per-repeat fold count.

    TPOT 1.1 reads ``cv.get_n_splits()`` as the minimum class size and silently drops every class with fewer
    members before its search; for 10 folds x 5 repeats that is 50, which would delete the rare fine labels.
    """

    def __init__(self, cv: RepeatedStratifiedKFold, n_splits: int):
        self.cv = cv
        self.n_splits = n_splits

    def split(self, X, y=None, groups=None):
        return self.cv.split(X, y, groups)

    def get_n_splits(self, X=None, y=None, groups=None):
        return self.n_splits


class _RemoteCluster:
    """Stands in for ``client.cluster`` of a Client made from a scheduler address.

    TPOT 1.1 sizes its job queue with ``len(client.cluster.workers)``, which fails when the Client was built
    from an address (``client.cluster`` is None).
    """

    def __init__(self, client):
        from distributed.core import Status

        self._client = client
        self.status = Status.running

    @property
    def workers(self):
        return self._client.nthreads()


def _describe_pipeline(pipeline) -> str:
    """Short text for a TPOT pipeline: the real steps in order, then the final estimator with changed params."""
    skip = {"Passthrough", "SkipTransformer", "FeatureUnion", "Pipeline"}
    names: list[str] = []

    def walk(est):
        if isinstance(est, Pipeline):
            for _, step in est.steps:
                walk(step)
        elif hasattr(est, "transformer_list"):
            for _, part in est.transformer_list:
                walk(part)
        elif hasattr(est, "estimator") and type(est).__name__ == "EstimatorTransformer":
            names.append(f"stacked {type(est.estimator).__name__}")
        elif type(est).__name__ not in skip:
            names.append(type(est).__name__)

    walk(pipeline)
    final = pipeline.steps[-1][1] if isinstance(pipeline, Pipeline) else pipeline
    head = " -> ".join(names[:-1])
    tail = " ".join(repr(final).split())  # one line; sklearn's repr already shows only changed params
    return f"{head} -> {tail}" if head else tail


class AutoMLClassifier(ClassifierMixin, BaseEstimator):
    """AutoML search that maximises coarse risk macro-F1 under repeated stratified k-fold CV.

    Parameters
    ----------
    tool : {"flaml", "tpot"}
        FLAML 2.7 (Bayesian/cost-frugal search over ``estimators``; stands in for Auto-Sklearn) or TPOT 1.1
        (genetic programming over pipelines).
    time_budget : float or None
        Wall-clock seconds for the search (FLAML ``time_budget``; TPOT ``max_time_mins``). None: no time limit,
        then ``max_iter`` must be set. A wall-clock budget cannot be deterministic.
    n_splits, n_repeats : int
        ``RepeatedStratifiedKFold`` on the training set (paper: 10 x 5).
    coarse_map : mapping, optional
        Fine label -> coarse label. ``fit`` takes fine labels and scores coarse predictions. None: ``y`` is coarse.
    exclude : sequence of str
        Coarse classes left out of the macro-F1 (paper: green).
    seed : int
        Seeds the folds, FLAML's search and TPOT's generator.
    n_jobs : int
        FLAML: threads per learner. TPOT: Dask workers (one thread each).
    scheduler_address : str, optional
        TPOT only: address of a running Dask scheduler (e.g. ``LocalCluster(...).scheduler_address``), to pay the
        cluster start-up once for many fits. Its workers must be able to import ``mhtext``. A pipeline that
        times out keeps its worker busy until it finishes, which can delay the next fit on that cluster.
    population_size : int, optional
        TPOT only (paper: 200). None: TPOT's default (50).
    max_eval_time : float, optional
        TPOT only: seconds allowed for one pipeline's cross-validation. None: the paper's 300 s, or a third of
        ``time_budget`` if that is less (TPOT can overrun ``time_budget`` by about this much plus its start-up).
        FLAML has no per-trial limit.
    estimators : sequence of str or str, optional
        FLAML: ``estimator_list`` (default :data:`FLAML_ESTIMATORS`). TPOT: a search-space name such as
        "linear" (default), "linear-light", "graph", or ours, "linear-fast" (:func:`tpot_search_space`).
    max_iter : int, optional
        FLAML: number of configurations tried; TPOT: number of generations. With ``time_budget=None`` a FLAML
        search is deterministic given ``seed``.
    rare : {"merge", "reduce"}
        What to do with a fine class that has fewer than ``n_splits`` members (stratification then leaves it out
        of some test folds, and a single member leaves it out of a training fold). "merge" (default): fold it
        into the most frequent fine class with the same coarse label (needs ``coarse_map``; the coarse score is
        unchanged), recorded in ``label_merges_``. Whatever is still too small, and everything under "reduce",
        lowers the fold count to the smallest class size (warning; ``n_splits_used_``). A class with a single
        member that cannot be merged raises ``ValueError``.
    dask_processes : bool
        TPOT only, without ``scheduler_address``: run the local Dask workers as processes (default) or as threads
        of this process. TPOT's per-pipeline timeout cannot stop a running fit; a process worker is killed when
        the cluster closes and runs BLAS/OpenMP single-threaded, while a thread worker keeps a timed-out fit
        running and closing the cluster waits for it. Threads start in ~0.03 s instead of seconds and need no
        ``if __name__ == "__main__":`` guard in scripts.

    Attributes
    ----------
    pipeline_ : estimator
        The fitted best pipeline. It predicts integer codes into ``classes_`` (FLAML: a ``StandardScaler`` then
        the learner; TPOT: its ``fitted_pipeline_``).
    pipeline_description_ : str
        Model family and key hyper-parameters.
    cv_score_ : float
        Mean risk macro-F1 of the chosen pipeline over the CV folds, as the tool measured it during the search.
    classes_ : ndarray
        Fine labels the model predicts (after merging rare ones).
    coarse_classes_ : list of str
        Coarse labels scored (training classes minus ``exclude``).
    search_log_ : pandas.DataFrame
        One row per evaluated configuration: ``model``, ``config``, ``cv_score`` (NaN when it failed or timed out).
    n_evaluated_ : int
        Configurations evaluated.
    n_splits_used_ : int
        Folds per repeat actually used.
    label_merges_ : dict
        Fine label -> fine label it was merged into.
    cv_ : RepeatedStratifiedKFold
        The splitter used.
    """

    def __init__(self, tool: str = "flaml", time_budget: float | None = 60, n_splits: int = 10, n_repeats: int = 5,
                 coarse_map: Mapping | None = None, exclude: Sequence[str] = ("green",), seed: int = 0,
                 n_jobs: int = 1, scheduler_address: str | None = None, population_size: int | None = None,
                 max_eval_time: float | None = None, estimators=None, max_iter: int | None = None,
                 rare: str = "merge", dask_processes: bool = True):
        self.tool = tool
        self.time_budget = time_budget
        self.n_splits = n_splits
        self.n_repeats = n_repeats
        self.coarse_map = coarse_map
        self.exclude = exclude
        self.seed = seed
        self.n_jobs = n_jobs
        self.scheduler_address = scheduler_address
        self.population_size = population_size
        self.max_eval_time = max_eval_time
        self.estimators = estimators
        self.max_iter = max_iter
        self.rare = rare
        self.dask_processes = dask_processes

    # ------------------------------------------------------------------ fitting
    def fit(self, X, y):
        """Search for the pipeline with the best CV risk macro-F1 and refit it on all of ``X``, ``y``."""
        if self.tool not in TOOLS:
            raise ValueError(f"AutoMLClassifier: tool={self.tool!r}; choose one of {TOOLS}.")
        if self.time_budget is None and self.max_iter is None:
            raise ValueError("AutoMLClassifier: set time_budget (seconds) or max_iter; both are None, so the "
                             "search would never stop.")
        if self.rare not in ("merge", "reduce"):
            raise ValueError(f"AutoMLClassifier: rare={self.rare!r}; choose 'merge' or 'reduce'.")
        X = check_array(X, dtype=np.float64)
        y = np.asarray(y, dtype=object)
        if len(y) != X.shape[0]:
            raise ValueError(f"AutoMLClassifier.fit: X has {X.shape[0]} rows but y has {len(y)} labels.")
        self.n_features_in_ = X.shape[1]
        coarse_all = _map_labels(y, self.coarse_map, "AutoMLClassifier.fit")

        y_fit = self._merge_rare(y)
        self.classes_, codes = np.unique(y_fit, return_inverse=True)
        self.n_splits_used_ = self._fold_count(y_fit)
        self.cv_ = RepeatedStratifiedKFold(n_splits=self.n_splits_used_, n_repeats=self.n_repeats,
                                           random_state=self.seed)
        self._code_to_coarse = _map_labels(self.classes_, self.coarse_map, "AutoMLClassifier.fit")
        excluded = set(self.exclude)
        self.coarse_classes_ = [c for c in sorted(set(coarse_all.tolist())) if c not in excluded]
        if not self.coarse_classes_:
            raise ValueError(f"AutoMLClassifier.fit: every coarse class is excluded ({sorted(excluded)}); "
                             "nothing left to score.")
        if self.tool == "flaml":
            self._fit_flaml(X, codes)
        else:
            self._fit_tpot(X, codes)
        return self

    def _merge_rare(self, y: np.ndarray) -> np.ndarray:
        self.label_merges_ = {}
        if self.rare != "merge" or self.coarse_map is None:
            return y
        names, counts = np.unique(y, return_counts=True)
        size = dict(zip(names.tolist(), counts.tolist(), strict=True))
        for name in names.tolist():
            if size[name] >= self.n_splits:
                continue
            siblings = [n for n in names.tolist() if n != name and self.coarse_map[n] == self.coarse_map[name]
                        and n not in self.label_merges_]
            if siblings:
                # Ties break by name so the merge does not depend on label order.
                target = max(siblings, key=lambda n: (size[n], n))
                self.label_merges_[name] = target
        if self.label_merges_:
            # A merged class is never chosen as a target, but a target can itself be merged later (a -> b, then
            # b -> c when c is larger than a); follow such chains to their end.
            def resolve(n):
                while n in self.label_merges_:
                    n = self.label_merges_[n]
                return n
            self.label_merges_ = {k: resolve(k) for k in self.label_merges_}
            warnings.warn(f"AutoMLClassifier: fine classes with fewer than n_splits={self.n_splits} members were "
                          f"merged into a sibling of the same coarse label: {self.label_merges_}.", stacklevel=3)
            y = np.array([self.label_merges_.get(v, v) for v in y], dtype=object)
        return y

    def _fold_count(self, y: np.ndarray) -> int:
        names, counts = np.unique(y, return_counts=True)
        smallest = int(counts.min())
        if smallest < 2:
            lonely = names[counts < 2].tolist()
            raise ValueError(f"AutoMLClassifier.fit: class(es) {lonely} have a single training example, so "
                             "stratified CV cannot put them in both a training and a test fold. Merge them into "
                             "another label (rare='merge' with a coarse_map does this for fine labels) or drop "
                             "them before fitting.")
        if smallest < self.n_splits:
            warnings.warn(f"AutoMLClassifier: the smallest class ({names[counts.argmin()]!r}) has {smallest} "
                          f"members, fewer than n_splits={self.n_splits}; using {smallest}-fold stratified CV.",
                          stacklevel=3)
            return smallest
        return int(self.n_splits)

    def _fit_flaml(self, X: np.ndarray, codes: np.ndarray) -> None:
        from flaml import AutoML

        code_to_coarse, labels = self._code_to_coarse, self.coarse_classes_

        # FLAML minimises the first value returned; the dict is logged per trial.
        def loss(X_val, y_val, estimator, *args, **kwargs):
            score = _coded_risk_f1(y_val, estimator.predict(X_val), code_to_coarse=code_to_coarse, labels=labels)
            return 1.0 - score, {"risk_macro_f1": score}

        # Linear and neighbour learners need scaled features and FLAML does not scale; the scaler is fitted on the
        # whole training set (label-free, so folds share only column means and SDs).
        scaler = StandardScaler().fit(X)
        automl = AutoML()
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / "flaml.log"
            automl.fit(X_train=scaler.transform(X), y_train=codes, task="classification", metric=loss,
                       eval_method="cv", split_type=self.cv_, time_budget=-1 if self.time_budget is None
                       else self.time_budget, max_iter=self.max_iter, seed=self.seed, n_jobs=self.n_jobs,
                       estimator_list=list(self.estimators or FLAML_ESTIMATORS),
                       # auto_augment duplicates rows of classes under 20, which would put copies of a post on
                       # both sides of a fold.
                       auto_augment=False, retrain_full=True, log_file_name=str(log), log_type="all", verbose=0)
            rows = []
            if log.exists():
                for line in log.read_text().splitlines():
                    rec = json.loads(line)
                    if "learner" in rec:
                        rows.append({"model": rec["learner"], "config": json.dumps(rec["config"], default=str),
                                     "cv_score": 1.0 - rec["validation_loss"],
                                     "wall_clock_time": rec["wall_clock_time"]})
        if automl.model is None:
            raise RuntimeError("AutoMLClassifier: FLAML finished without a model; raise time_budget or max_iter.")
        self.search_ = automl
        self.pipeline_ = Pipeline([("scale", scaler), ("model", automl.model.estimator)])
        self.cv_score_ = float(1.0 - automl.best_loss)
        params = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                           for k, v in automl.best_config.items())
        self.pipeline_description_ = f"{automl.best_estimator}: {params}"
        self.search_log_ = pd.DataFrame(rows, columns=["model", "config", "cv_score", "wall_clock_time"])
        self.n_evaluated_ = len(self.search_log_)

    def _fit_tpot(self, X: np.ndarray, codes: np.ndarray) -> None:
        from distributed import Client, LocalCluster
        from tpot import TPOTClassifier

        scorer = make_scorer(_coded_risk_f1, code_to_coarse=self._code_to_coarse, labels=self.coarse_classes_)
        if self.max_eval_time is not None:
            eval_s = self.max_eval_time
        elif self.time_budget is None:
            eval_s = PAPER_MAX_EVAL_SECONDS
        else:
            # TPOT waits up to max_eval_time for a running pipeline even after time_budget has passed, so a limit
            # near the budget doubles the wall time; a third of it keeps the overrun bounded.
            eval_s = min(PAPER_MAX_EVAL_SECONDS, self.time_budget / 3)
        kwargs = {}
        if self.population_size is not None:
            kwargs["population_size"] = self.population_size
        cluster = None
        if self.scheduler_address:
            client = Client(self.scheduler_address)
            if client.cluster is None:
                client.cluster = _RemoteCluster(client)
        else:
            try:
                # Worker processes log a heartbeat error each when the cluster closes under them, and re-import
                # TPOT's pkg_resources warning: neither is news, and both would land in the executed notebook.
                # A spawned worker reads PYTHONWARNINGS at start-up, so it is set while the workers spawn.
                with environ(PYTHONWARNINGS="ignore"):
                    cluster = LocalCluster(n_workers=self.n_jobs, threads_per_worker=1, processes=self.dask_processes,
                                           dashboard_address=None, silence_logs=logging.CRITICAL)
            except RuntimeError as err:
                raise RuntimeError("AutoMLClassifier: the local Dask cluster for TPOT did not start. In a script, "
                                   "call fit under `if __name__ == \"__main__\":` (worker processes re-import the "
                                   "script), or pass dask_processes=False.") from err
            client = Client(cluster)
        try:
            space = tpot_search_space(self.estimators or TPOT_SEARCH_SPACE, n_classes=len(self.classes_),
                                      n_samples=X.shape[0], n_features=X.shape[1], seed=self.seed)
            est = TPOTClassifier(search_space=space, scorers=[scorer],
                                 scorers_weights=[1], cv=_TPOTSplits(self.cv_, self.n_splits_used_),
                                 max_time_mins=None if self.time_budget is None else self.time_budget / 60,
                                 max_eval_time_mins=eval_s / 60, generations=self.max_iter, n_jobs=self.n_jobs,
                                 client=client, random_state=self.seed, verbose=0,
                                 # TPOT 1.1's stacked inner classifiers are broken: EstimatorTransformer's
                                 # fit_transform emits predict() (1 column) but transform emits predict_proba()
                                 # (K columns), so every such pipeline fails when scored.
                                 allow_inner_classifiers=False, **kwargs)
            with warnings.catch_warnings():
                # Failing random pipelines flood the log with convergence and shape warnings; failures are
                # recorded in search_log_ instead.
                warnings.simplefilter("ignore")
                try:
                    est.fit(X, codes)
                except Exception as err:  # TPOT raises a bare Exception when no pipeline finished in time
                    if "could be evaluated" not in str(err):
                        raise
                    raise RuntimeError(f"AutoMLClassifier: no TPOT pipeline finished its {self.n_splits_used_} x "
                                       f"{self.n_repeats} CV within max_eval_time={eval_s:g} s; raise time_budget "
                                       "and max_eval_time, or use fewer folds/repeats.") from err
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        ev = est.evaluated_individuals
        score_col = est.objective_names[0]
        if not np.isfinite(ev[score_col].astype(float)).any():
            raise RuntimeError(f"AutoMLClassifier: every one of TPOT's {len(ev)} pipelines failed or timed out; "
                               "raise time_budget, max_eval_time or population_size.")
        if getattr(est, "fitted_pipeline_", None) is None:
            raise RuntimeError("AutoMLClassifier: TPOT could not refit any evaluated pipeline on the full data.")
        self.search_ = est
        self.pipeline_ = est.fitted_pipeline_
        self.cv_score_ = float(est.selected_best_score[score_col])
        self.pipeline_description_ = _describe_pipeline(self.pipeline_)
        self.search_log_ = pd.DataFrame({
            "model": [_describe_pipeline(p) for p in ev["Instance"]],
            "config": [" ".join(repr(p).split()) for p in ev["Instance"]],
            "cv_score": ev[score_col].astype(float).to_numpy(),
            "generation": ev["Generation"].to_numpy(),
            "error": ev["Eval Error"].to_numpy(),
        })
        self.n_evaluated_ = len(self.search_log_)

    # ------------------------------------------------------------------ prediction
    def predict(self, X) -> np.ndarray:
        """Fine labels (or coarse when fitted without ``coarse_map``)."""
        check_is_fitted(self, "pipeline_")
        X = check_array(X, dtype=np.float64)
        return self.classes_[np.asarray(self.pipeline_.predict(X), dtype=int)]

    def predict_coarse(self, X) -> np.ndarray:
        """Coarse labels: ``predict`` mapped through ``coarse_map``."""
        return _map_labels(self.predict(X), self.coarse_map, "AutoMLClassifier.predict_coarse")

    def _pipeline_has_proba(self):
        return hasattr(self.pipeline_, "predict_proba")

    @available_if(_pipeline_has_proba)
    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order."""
        X = check_array(X, dtype=np.float64)
        return self.pipeline_.predict_proba(X)

    def risk_score(self, X, y) -> float:
        """Risk macro-F1 of ``predict_coarse(X)`` against ``y`` (fine labels when fitted with ``coarse_map``)."""
        true = _map_labels(y, self.coarse_map, "AutoMLClassifier.risk_score")
        return risk_macro_f1(true, self.predict_coarse(X), exclude=self.exclude)
