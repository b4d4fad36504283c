"""``TriageMLN``: a scikit-learn style estimator of P(triage(author)) from per-author evidence and rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from mhtext.mln.inference import enumerate_expectations, independent_expectations, maxwalksat, mcsat
from mhtext.mln.learning import fit_independent, fit_sampled
from mhtext.mln.network import Database, GroundNetwork, ground, param_text
from mhtext.mln.syntax import Program, format_formula, parse_program

__all__ = ["TriageMLN"]


class TriageMLN(BaseEstimator):
    """Learn the weights of an MLN's rules for one unary query predicate and score authors with it.

    Parameters
    ----------
    rules
        The rule file text (``mhtext.mln.syntax``): declarations, rules, e.g.
        ``hasWord(p, +w) => triage(p)`` and ``hasSymptom(p, "Sleep problems") => triage(p)``.
    sigma
        Standard deviation of the Gaussian prior on every learned weight (L2 penalty ``w^2 / (2 sigma^2)``).
    inference
        ``"auto"``: the closed form and exact L-BFGS learning when atoms are independent given the evidence,
        else enumeration when there are at most 20 unknown atoms, else MC-SAT. ``"exact"``: as ``"auto"``
        but never MC-SAT (an error for large coupled worlds). ``"mcsat"``: MC-SAT for prediction and
        preconditioned gradient ascent on MC-SAT counts for learning, whatever the structure.
    query
        The query predicate (one argument, e.g. ``triage(author)``).
    hidden
        Predicates that are neither evidence nor query (e.g. ``criterion1``), inferred, never observed.
        Every other declared predicate is evidence, closed world: its atoms missing from a database are false.
    samples, burn_in, iterations, learning_rate
        MC-SAT steps and learning iterations for the sampled path (``fit_sampled``).
    seed
        Seeds MC-SAT and MaxWalkSAT.
    progress
        Show tqdm bars for the sampled path's iterations and MC-SAT steps.

    Attributes
    ----------
    program_ : Program
    weights_ : dict
        Parameter key ``(rule index, constants of its +variables)`` to weight.
    groundings_ : dict
        Parameter key to the number of its training groundings not fixed by evidence.
    method_ : str
        The inference path ``fit`` took: ``"independent"``, ``"enumerate"`` or ``"mcsat"``.
    fit_result_ : FitResult
    """

    def __init__(self, rules: str, sigma: float = 1.0, inference: str = "auto", query: str = "triage",
                 hidden: tuple[str, ...] = (), samples: int = 500, burn_in: int = 50, iterations: int = 50,
                 learning_rate: float = 1.0, seed: int = 0, progress: bool = False):
        self.rules = rules
        self.sigma = sigma
        self.inference = inference
        self.query = query
        self.hidden = hidden
        self.samples = samples
        self.burn_in = burn_in
        self.iterations = iterations
        self.learning_rate = learning_rate
        self.seed = seed
        self.progress = progress

    def _program(self) -> Program:
        program = parse_program(self.rules)
        if self.query not in program.predicates or len(program.predicates[self.query]) != 1:
            raise ValueError(f"the rules must declare the query predicate with one argument, e.g. "
                             f"'{self.query}(author)'")
        if self.inference not in ("auto", "exact", "mcsat"):
            raise ValueError(f"inference must be 'auto', 'exact' or 'mcsat', not {self.inference!r}")
        unknown = set(self.hidden) - set(program.predicates)
        if unknown:
            raise ValueError(f"hidden predicates {sorted(unknown)} are not declared in the rules")
        return program

    def _ground(self, db: Database, authors: list[str], params=None) -> tuple[GroundNetwork, np.ndarray]:
        type_ = self.program_.predicates[self.query][0]
        evidence = [p for p in self.program_.predicates if p != self.query and p not in self.hidden]
        net = ground(self.program_, db, [self.query], evidence=evidence, domains={type_: authors}, params=params)
        return net, net.atom_ids(self.query, [(a,) for a in authors])

    def _method(self, net: GroundNetwork) -> str:
        if self.inference == "mcsat":
            return "mcsat"
        if net.is_independent():
            return "independent"
        if self.inference == "exact" or net.n_atoms <= 20:
            return "enumerate"
        return "mcsat"

    def fit(self, db: Database, y: Mapping | pd.Series) -> TriageMLN:
        """Learn the rule weights from evidence ``db`` and labels ``y`` (author -> True for TR2, False for TR3).

        Authors in ``y`` join the query type's domain; every other author the evidence mentions is scored
        as unlabelled (it does not enter the likelihood).
        """
        self.program_ = self._program()
        y = pd.Series(y)
        authors = [str(a) for a in y.index]
        net, ids = self._ground(db, authors)
        truth = np.full(net.n_atoms, -1, dtype=np.int8)
        truth[ids] = y.to_numpy().astype(bool)
        w0 = np.array([self.program_.rules[r].weight for r, _ in net.params], dtype=float)
        learn = np.array([self.program_.rules[r].learn for r, _ in net.params], dtype=bool)
        self.method_ = self._method(net)
        if self.method_ == "independent":
            self.fit_result_ = fit_independent(net, truth, w0, learn, self.sigma)
        else:
            self.fit_result_ = fit_sampled(net, truth, w0, learn, self.sigma, method=self.method_,
                                           iterations=self.iterations, learning_rate=self.learning_rate,
                                           samples=self.samples, burn_in=self.burn_in, seed=self.seed,
                                           progress=self.progress)
        self.weights_ = dict(zip(net.params, self.fit_result_.weights.tolist(), strict=True))
        n_ground = np.bincount(net.param[~net.hard], minlength=len(net.params))
        self.groundings_ = dict(zip(net.params, n_ground.tolist(), strict=True))
        hard = np.bincount(net.rule[net.hard], minlength=len(self.program_.rules))
        self.hard_groundings_ = dict(enumerate(hard.tolist()))
        self.classes_ = np.array([False, True])
        return self

    def predict_proba(self, db: Database, authors: Iterable | None = None) -> np.ndarray:
        """P(not triage), P(triage) per author, shape (n_authors, 2).

        ``authors`` defaults to the constants added to the query's type with ``db.add_constants``.
        Parameters unseen in training (e.g. a new word's per-constant weight) get weight 0.
        """
        type_ = self.program_.predicates[self.query][0]
        authors = [str(a) for a in (db.constants(type_) if authors is None else authors)]
        if not authors:
            raise ValueError(f"no authors to score: pass authors= or db.add_constants({type_!r}, ...)")
        net, ids, w = self._network(db, authors)
        method = self._method(net)
        if method == "independent":
            p = independent_expectations(net, w).marginals
        elif method == "enumerate":
            p = enumerate_expectations(net, w).marginals
        else:
            p = mcsat(net, w, samples=self.samples, burn_in=self.burn_in, seed=self.seed,
                      progress=self.progress).marginals
        p = p[ids]
        return np.column_stack([1 - p, p])

    def _network(self, db: Database, authors: list[str]) -> tuple[GroundNetwork, np.ndarray, np.ndarray]:
        """The ground network for ``authors``, their triage atoms, and its weights (0 for unseen parameters)."""
        net, ids = self._ground(db, authors, params={k: i for i, k in enumerate(self.weights_)})
        rules = self.program_.rules
        w = np.array([self.weights_.get(k, 0.0 if rules[k[0]].learn else rules[k[0]].weight) for k in net.params])
        return net, ids, w

    def predict_map(self, db: Database, authors: Iterable | None = None, **maxwalksat_kwargs) -> np.ndarray:
        """Triage of each author in the most probable joint state (MaxWalkSAT, as the paper's Alchemy runs)."""
        type_ = self.program_.predicates[self.query][0]
        authors = [str(a) for a in (db.constants(type_) if authors is None else authors)]
        net, ids, w = self._network(db, authors)
        return maxwalksat(net, w, seed=self.seed, **maxwalksat_kwargs)[ids]

    def predict(self, db: Database, authors: Iterable | None = None) -> np.ndarray:
        """True where P(triage) >= 0.5."""
        return self.predict_proba(db, authors)[:, 1] >= 0.5

    def weights_table(self) -> pd.DataFrame:
        """One row per weight: the rule (its +variables bound), weight, training groundings not fixed by the
        evidence, whether hard (weight inf) or learned, and its line in the rule file."""
        rows = [{"formula": param_text(self.program_, r, consts), "weight": w,
                 "groundings": self.groundings_.get((r, consts), 0), "hard": False,
                 "learned": self.program_.rules[r].learn, "line": self.program_.rules[r].line}
                for (r, consts), w in self.weights_.items()]
        rows += [{"formula": format_formula(r.formula), "weight": np.inf, "groundings": self.hard_groundings_[i],
                  "hard": True, "learned": False, "line": r.line}
                 for i, r in enumerate(self.program_.rules) if r.hard]
        return pd.DataFrame(rows, columns=["formula", "weight", "groundings", "hard", "learned", "line"])
