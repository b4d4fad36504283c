"""Discriminative weight learning: maximise the conditional log-likelihood (CLL) of the query atoms.

Objective, for the learned weights ``w`` (rules with a weight in the file stay fixed)::

    L(w) = log P(y | evidence; w) - sum_j w_j^2 / (2 sigma^2)

that is, a Gaussian prior with mean 0 and standard deviation ``sigma`` on each learned weight (an L2
penalty of strength ``1 / (2 sigma^2)``; Alchemy's discriminative learner uses the same kind of prior).
Its gradient is ``n_j(y, h) - E[n_j]`` (true minus expected counts of satisfied groundings) minus
``w_j / sigma^2``, where with hidden atoms the first term is itself an expectation with the query atoms
clamped to ``y``.

* ``fit_independent``: when atoms are independent given the evidence, the CLL is a sum of logistic
  log-likelihoods (one per query atom, a linear function of ``w``), so it is concave and computed exactly;
  maximised by L-BFGS-B with the exact gradient. This is the path the triage MLN takes.
* ``fit_sampled``: otherwise, fixed iterations of diagonally preconditioned gradient ascent (Lowd & Domingos
  2007): the gradient is divided by the variance of the counts plus ``1 / sigma^2`` (the diagonal of the
  Hessian of the negative CLL) and the step length along it comes from the sampled Hessian, with
  expectations from enumeration (exact, small worlds) or MC-SAT (approximate: Monte-Carlo noise in the
  gradient and step, no convergence test; Alchemy's conjugate directions are left out).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, sparse
from scipy.special import expit
from tqdm.auto import tqdm

from mhtext.mln.inference import enumerate_expectations, mcsat
from mhtext.mln.network import GroundNetwork

__all__ = ["FitResult", "conditional_log_likelihood", "design_matrix", "fit_independent", "fit_sampled"]


@dataclass
class FitResult:
    weights: np.ndarray
    objective: float
    gradient: np.ndarray
    iterations: int
    converged: bool


def design_matrix(net: GroundNetwork) -> tuple[sparse.csr_matrix, np.ndarray]:
    """For an independent network: ``D`` (n_atoms, n_params) with ``z = D @ w`` the log-odds of each atom,
    and the atoms' hard values (int8, -1 where no hard rule fixes them).
    """
    if not net.is_independent():
        raise ValueError("the network links unknown atoms through a clause; use fit_sampled")
    soft = np.flatnonzero(~net.hard)
    atom = net.lit_atom[net.indptr[soft]]
    sign = net.lit_sign[net.indptr[soft]]
    d = sparse.csr_matrix((np.where(sign, net.coef[soft], -net.coef[soft]), (atom, net.param[soft])),
                          shape=(net.n_atoms, len(net.params)))
    hard = np.flatnonzero(net.hard)
    fixed = np.full(net.n_atoms, -1, dtype=np.int8)
    h_atom, h_sign = net.lit_atom[net.indptr[hard]], net.lit_sign[net.indptr[hard]].astype(np.int8)
    if np.any(np.bincount(h_atom[h_sign == 1], minlength=net.n_atoms)
              * np.bincount(h_atom[h_sign == 0], minlength=net.n_atoms)):
        raise ValueError("hard rules force some atom both true and false; soften one of them")
    fixed[h_atom] = h_sign
    return d, fixed


def _scored_atoms(truth: np.ndarray, fixed: np.ndarray) -> np.ndarray:
    truth = np.asarray(truth, dtype=np.int8)
    clash = (fixed >= 0) & (truth >= 0) & (fixed != truth)
    if clash.any():
        raise ValueError(f"{int(clash.sum())} training label(s) contradict hard rules (probability 0); "
                         "make the rule soft or fix the labels")
    return np.flatnonzero((truth >= 0) & (fixed < 0))


def conditional_log_likelihood(net: GroundNetwork, weights: np.ndarray, truth: np.ndarray) -> float:
    """Exact CLL of the labelled atoms (``truth`` int8: 1/0, -1 unlabelled) in an independent network."""
    d, fixed = design_matrix(net)
    rows = _scored_atoms(truth, fixed)
    z = d[rows] @ np.asarray(weights, dtype=float)
    y = np.asarray(truth)[rows]
    return float(np.sum(y * z - np.logaddexp(0, z)))


def fit_independent(net: GroundNetwork, truth: np.ndarray, weights0: np.ndarray, learn: np.ndarray,
                    sigma: float = 1.0, max_iter: int = 1000, tol: float = 1e-9) -> FitResult:
    """Exact maximum of the penalised CLL by L-BFGS-B (independent networks only).

    Parameters
    ----------
    truth
        int8 per atom: 1 true, 0 false, -1 not scored (hidden or unlabelled).
    weights0, learn
        Starting weights per parameter and which of them to learn (the rest are held fixed).
    sigma
        Standard deviation of the Gaussian prior on learned weights.
    """
    d, fixed = design_matrix(net)
    rows = _scored_atoms(truth, fixed)
    y = np.asarray(truth, dtype=float)[rows]
    learn = np.asarray(learn, dtype=bool)
    d_rows = d[rows]
    d_learn = d_rows[:, learn].tocsc()
    offset = d_rows[:, ~learn] @ np.asarray(weights0, dtype=float)[~learn]

    def objective(w):
        z = d_learn @ w + offset
        nll = np.sum(np.logaddexp(0, z) - y * z) + w @ w / (2 * sigma ** 2)
        grad = -(d_learn.T @ (y - expit(z))) + w / sigma ** 2  # -(true counts - expected counts) + prior
        return nll, grad

    res = optimize.minimize(objective, np.asarray(weights0, dtype=float)[learn], jac=True, method="L-BFGS-B",
                            options={"maxiter": max_iter, "ftol": tol, "gtol": 1e-8})
    weights = np.asarray(weights0, dtype=float).copy()
    weights[learn] = res.x
    return FitResult(weights, -float(res.fun), -objective(res.x)[1], int(res.nit), bool(res.success))


def fit_sampled(net: GroundNetwork, truth: np.ndarray, weights0: np.ndarray, learn: np.ndarray, sigma: float = 1.0,
                *, method: str = "mcsat", iterations: int = 100, learning_rate: float = 1.0, max_step: float = 1.0,
                conjugate: bool = True,
                samples: int = 200, burn_in: int = 20, seed: int = 0, progress: bool = False) -> FitResult:
    """Approximate penalised-CLL maximum by diagonally preconditioned gradient ascent (Lowd & Domingos 2007).

    Parameters
    ----------
    truth
        int8 per atom: 1/0 for labelled query atoms, -1 for hidden ones (their counts are expected values
        with the labels clamped).
    method
        ``"mcsat"`` (approximate, any size) or ``"enumerate"`` (exact expectations, at most 20 free atoms).
    iterations, learning_rate, max_step
        Fixed number of steps. Each moves along ``d = gradient / (Var[n] + 1/sigma^2)`` by the Newton step
        length ``alpha = g.d / (Var[n.d] + |d|^2/sigma^2)`` (Lowd & Domingos's step size from a
        Hessian-vector product estimated from the same samples), times ``learning_rate``, each weight's
        change clipped to ``max_step``.
    conjugate
        Combine successive preconditioned directions by Polak-Ribiere (restarting when a direction stops
        ascending), as in Lowd & Domingos's preconditioned scaled conjugate gradient; False for plain
        preconditioned gradient ascent.
    samples, burn_in, seed
        MC-SAT settings; iteration ``t`` uses seed ``seed + t``.
    """
    truth = np.asarray(truth, dtype=np.int8)
    learn = np.asarray(learn, dtype=bool)
    w = np.asarray(weights0, dtype=float).copy()
    hidden = truth < 0
    grad = np.zeros_like(w)

    def expect(clamp, t):
        if method == "enumerate":
            return enumerate_expectations(net, w, clamp)
        if method == "mcsat":
            return mcsat(net, w, samples=samples, burn_in=burn_in, clamp=clamp, seed=seed + t, keep_counts=clamp is None)
        raise ValueError(f"method must be 'mcsat' or 'enumerate', not {method!r}")

    prev_grad = prev_pre = direction = None
    for t in tqdm(range(iterations), desc="MLN weights", disable=not progress):
        free = expect(None, t)
        clamped = expect(truth, t).counts_mean if hidden.any() else net.counts(truth.astype(bool))[0]
        grad = np.where(learn, clamped - free.counts_mean - w / sigma ** 2, 0.0)
        pre = grad / (free.counts_var + 1 / sigma ** 2)
        if conjugate and prev_grad is not None:  # Polak-Ribiere on the preconditioned gradients, restarted
            beta = max(0.0, float((grad - prev_grad) @ pre) / max(float(prev_grad @ prev_pre), 1e-300))
            direction = pre + beta * direction
            if grad @ direction <= 0:
                direction = pre
        else:
            direction = pre
        prev_grad, prev_pre = grad, pre
        # Newton step length along the preconditioned direction, with the sampled Hessian-vector product
        # (with hidden atoms this ignores the clamped covariance, which only shortens the step)
        curvature = free.var_along(direction) + direction @ direction / sigma ** 2
        alpha = float(grad @ direction) / curvature if curvature > 0 else 0.0
        w += np.clip(learning_rate * alpha * direction, -max_step, max_step)
    grad[~learn] = 0
    return FitResult(w, float("nan"), grad, iterations, False)
