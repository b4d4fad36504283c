"""Inference in ground Markov networks: closed form, enumeration, MaxWalkSAT (MAP) and MC-SAT (marginals).

Every function takes a ``GroundNetwork`` and a weight vector (one entry per parameter). ``clamp`` (int8 per
atom: -1 free, 0 false, 1 true) conditions on some unknown atoms, as learning does with the training
labels. All four return or accept states as bool arrays over the network's unknown atoms.

* ``independent_expectations``: exact when every ground clause touches one unknown atom (the Markov
  blanket of each atom is evidence only), ``P(a) = sigmoid(sum of signed weights of a's clauses)``.
* ``enumerate_expectations``: exact by summing over all states of the free atoms (the reference; <= 20).
* ``maxwalksat``: Kautz, Selman & Jiang (1997), as in Richardson & Domingos (2006), for the MAP state.
* ``mcsat``: Poon & Domingos (2006), slice sampling with SampleSAT (Wei, Erenrich & Selman 2004).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.special import expit
from tqdm.auto import tqdm

from mhtext.mln.network import GroundNetwork

__all__ = ["Expectations", "enumerate_expectations", "independent_expectations", "map_by_enumeration",
           "maxwalksat", "mcsat"]


@dataclass
class Expectations:
    """Marginal ``P(atom true)`` per unknown atom, and the mean and variance of each parameter's count."""

    marginals: np.ndarray
    counts_mean: np.ndarray
    counts_var: np.ndarray
    count_samples: np.ndarray | None = None   # (n_states, n_params), kept for Hessian-vector products
    sample_weights: np.ndarray | None = None  # probability of each row of count_samples

    def var_along(self, direction: np.ndarray) -> float:
        """``Var[n . d]``, the curvature of the negative log-likelihood along ``d`` (needs ``count_samples``)."""
        if self.count_samples is None:
            raise ValueError("these expectations kept no count samples")
        proj = self.count_samples @ direction
        mean = self.sample_weights @ proj
        return float(self.sample_weights @ (proj - mean) ** 2)


@dataclass
class _Factors:
    """Ground clauses merged for inference: unit clauses folded into one weight per atom, the rest kept."""

    unit_w: np.ndarray          # net weight of "atom is true" (a negative unit clause is a negative weight)
    fixed: np.ndarray           # int8: -1 free, 0/1 forced by hard unit clauses or the clamp
    clauses: list[tuple[tuple[int, bool], ...]]
    weight: np.ndarray          # weight of each non-unit clause (inf when hard)

    @property
    def hard(self) -> np.ndarray:
        return np.isinf(self.weight)


def _factors(net: GroundNetwork, weights: np.ndarray, clamp: np.ndarray | None = None) -> _Factors:
    w = net.clause_weights(weights)
    lengths = net.clause_len
    unit = np.flatnonzero(lengths == 1)
    atom = net.lit_atom[net.indptr[unit]]
    sign = net.lit_sign[net.indptr[unit]]
    hard = np.isinf(w[unit])
    # exp(w [!a]) = exp(w) exp(-w [a]): a negative unit clause is a unit clause with the opposite weight
    unit_w = np.bincount(atom[~hard], weights=np.where(sign[~hard], w[unit][~hard], -w[unit][~hard]),
                         minlength=net.n_atoms)
    fixed = np.full(net.n_atoms, -1, dtype=np.int8)
    for source, atoms_, values in (("hard rules", atom[hard], sign[hard].astype(np.int8)),
                                   ("the clamp", *_clamped(clamp))):
        both = np.intersect1d(atoms_[values == 1], atoms_[values == 0])
        clash = atoms_[(fixed[atoms_] >= 0) & (fixed[atoms_] != values)]
        if len(both) or len(clash):
            bad = net.atoms.iloc[int(np.concatenate([both, clash])[0])]
            raise ValueError(f"contradictory hard constraints ({source}) on {bad.predicate}{bad.args}: it must be "
                             "both true and false; soften one of the rules")
        fixed[atoms_] = values
    merged: dict[tuple, float] = {}
    for g in np.flatnonzero(lengths > 1):
        lo, hi = net.indptr[g], net.indptr[g + 1]
        key = tuple(sorted(zip(net.lit_atom[lo:hi].tolist(), net.lit_sign[lo:hi].tolist(), strict=True)))
        merged[key] = merged.get(key, 0.0) + w[g]  # identical clauses: their weights add
    return _Factors(unit_w, fixed, list(merged), np.array(list(merged.values()), dtype=float))


def _clamped(clamp):
    if clamp is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int8)
    clamp = np.asarray(clamp, dtype=np.int8)
    atoms_ = np.flatnonzero(clamp >= 0)
    return atoms_, clamp[atoms_]


def independent_expectations(net: GroundNetwork, weights: np.ndarray, clamp: np.ndarray | None = None) -> Expectations:
    """Exact marginals and count moments when atoms are independent given the evidence.

    Raises
    ------
    ValueError
        When some ground clause touches two or more unknown atoms (use enumeration or MC-SAT).
    """
    if not net.is_independent():
        raise ValueError("some ground clause links two unknown atoms, so the closed form does not apply; "
                         "use enumerate_expectations (small worlds) or mcsat")
    f = _factors(net, weights, clamp)
    p = expit(f.unit_w)
    p[f.fixed >= 0] = f.fixed[f.fixed >= 0]
    # each soft unit clause's satisfaction is a Bernoulli of its atom; counts are sums over independent atoms
    soft = np.flatnonzero(~net.hard)
    atom = net.lit_atom[net.indptr[soft]]
    sign = net.lit_sign[net.indptr[soft]]
    p_sat = np.where(sign, p[atom], 1 - p[atom])
    n_par = len(net.params)
    mean = np.bincount(net.param[soft], weights=net.coef[soft] * p_sat, minlength=n_par)
    # per (param, atom) the count is c_pos x + c_neg (1 - x) = const + (c_pos - c_neg) x
    d = np.where(sign, net.coef[soft], -net.coef[soft])
    key = net.param[soft] * net.n_atoms + atom
    uniq, inv = np.unique(key, return_inverse=True)
    dsum = np.bincount(inv, weights=d)
    pa = p[uniq % net.n_atoms]
    var = np.bincount(uniq // net.n_atoms, weights=dsum ** 2 * pa * (1 - pa), minlength=n_par)
    return Expectations(p, mean, var)


def enumerate_expectations(net: GroundNetwork, weights: np.ndarray, clamp: np.ndarray | None = None,
                           max_atoms: int = 20) -> Expectations:
    """Exact marginals and count moments by enumerating every state of the free atoms (at most ``max_atoms``)."""
    states, prob = _enumerate(net, weights, clamp, max_atoms)
    counts = net.counts(states)
    mean = prob @ counts
    return Expectations(prob @ states, mean, prob @ (counts - mean) ** 2, counts, prob)


def map_by_enumeration(net: GroundNetwork, weights: np.ndarray, clamp: np.ndarray | None = None,
                       max_atoms: int = 20) -> np.ndarray:
    """The most probable state by enumeration (first one on ties)."""
    states, prob = _enumerate(net, weights, clamp, max_atoms)
    return states[int(np.argmax(prob))]


def _enumerate(net, weights, clamp, max_atoms):
    f = _factors(net, weights, clamp)
    free = np.flatnonzero(f.fixed < 0)
    if len(free) > max_atoms:
        raise ValueError(f"{len(free)} free atoms: enumeration needs at most {max_atoms} (2^n states); use mcsat")
    codes = np.arange(2 ** len(free), dtype=np.int64)
    states = np.empty((len(codes), net.n_atoms), dtype=bool)
    states[:] = f.fixed == 1
    states[:, free] = (codes[:, None] >> np.arange(len(free))) & 1
    w = net.clause_weights(weights)
    sat = net.satisfied(states)
    hard = np.isinf(w)
    logp = sat[:, ~hard].astype(float) @ w[~hard]
    logp[~sat[:, hard].all(axis=1)] = -np.inf
    if not np.isfinite(logp).any():
        raise ValueError("no state satisfies every hard rule: the hard rules contradict each other given the evidence")
    prob = np.exp(logp - logp.max())
    return states, prob / prob.sum()


class _ClauseSet:
    """Clauses as Python lists with per-atom occurrence lists, for the local-search loops."""

    def __init__(self, clauses, weights, n_atoms):
        self.lits = [list(c) for c in clauses]
        self.w = list(weights)
        self.occ: list[list[int]] = [[] for _ in range(n_atoms)]
        for c, lits in enumerate(self.lits):
            for a, _ in lits:
                self.occ[a].append(c)


def maxwalksat(net: GroundNetwork, weights: np.ndarray, *, clamp: np.ndarray | None = None, max_flips: int = 10_000,
               tries: int = 10, noise: float = 0.2, seed: int = 0) -> np.ndarray:
    """MAP state by MaxWalkSAT: greedy or random flips in a random costly clause, keeping the best state seen
    (polished by single-flip hill climbing), best of ``tries`` restarts. A local search: not guaranteed optimal.

    Hard clauses weigh one more than all soft weights together, so any state breaking fewer hard clauses
    costs less. Negative-weight clauses cost ``|w|`` when satisfied.

    Parameters
    ----------
    max_flips, tries
        Flips per try and restarts from a random state.
    noise
        Probability of a random rather than the greedy flip.
    seed
        Seeds the random starts and choices.
    """
    f = _factors(net, weights, clamp)
    finite = np.concatenate([f.unit_w, f.weight[~f.hard]])
    big = 1.0 + np.abs(finite).sum()
    clauses = [((a, True),) for a in np.flatnonzero((f.unit_w != 0) & (f.fixed < 0)).tolist()] + f.clauses
    cw = np.concatenate([f.unit_w[(f.unit_w != 0) & (f.fixed < 0)], np.where(f.hard, big, f.weight)])
    cs = _ClauseSet(clauses, cw.tolist(), net.n_atoms)
    rng = random.Random(seed)
    fixed = f.fixed.tolist()
    best_state, best_cost = None, math.inf
    for _ in range(tries):
        state, cost = _maxwalksat_try(cs, fixed, rng, max_flips, noise)
        if cost < best_cost:
            best_state, best_cost = state, cost
        if best_cost == 0:
            break
    return np.array(best_state, dtype=bool)


def _cost(w: float, ntrue: int) -> float:
    """A positive clause costs its weight when false; a negative one costs ``|w|`` when true."""
    return (w if ntrue == 0 else 0.0) if w > 0 else (-w if ntrue > 0 else 0.0)


def _maxwalksat_try(cs: _ClauseSet, fixed: list[int], rng: random.Random, max_flips: int, noise: float):
    """One MaxWalkSAT run from a random state: the best state seen and its cost."""
    state = [bool(v) if v >= 0 else rng.random() < 0.5 for v in fixed]
    ntrue = [sum(state[a] == s for a, s in lits) for lits in cs.lits]
    bad = [c for c in range(len(cs.lits)) if _cost(cs.w[c], ntrue[c]) > 0]
    where = {c: i for i, c in enumerate(bad)}
    cost = sum(_cost(cs.w[c], ntrue[c]) for c in bad)
    best_state, best_cost = list(state), cost

    def delta(a):
        d = 0.0
        for c in cs.occ[a]:
            k = ntrue[c] + sum((1 if state[a] != s else -1) for b, s in cs.lits[c] if b == a)
            d += _cost(cs.w[c], k) - _cost(cs.w[c], ntrue[c])
        return d

    for _ in range(max_flips):
        if not bad or best_cost == 0:
            break
        c = bad[rng.randrange(len(bad))]
        cand = [a for a, s in cs.lits[c] if fixed[a] < 0 and (cs.w[c] > 0 or state[a] == s)]
        if not cand:
            continue
        if rng.random() < noise:
            a = rng.choice(cand)
        else:
            deltas = [delta(b) for b in cand]
            low = min(deltas)
            a = rng.choice([b for b, d in zip(cand, deltas, strict=True) if d == low])
        state[a] = not state[a]
        for c2 in cs.occ[a]:
            before = _cost(cs.w[c2], ntrue[c2])
            ntrue[c2] += sum((1 if state[a] == s else -1) for b, s in cs.lits[c2] if b == a)
            after = _cost(cs.w[c2], ntrue[c2])
            cost += after - before
            if before == 0 < after:
                where[c2] = len(bad)
                bad.append(c2)
            elif after == 0 < before:
                i = where.pop(c2)
                last = bad.pop()
                if last != c2:
                    bad[i], where[last] = last, i
        if cost < best_cost - 1e-12:
            best_state, best_cost = list(state), cost
    # polish: sweep the atoms of the best state, taking every improving single flip, until a sweep takes none
    # (a local optimum; the random walk above may have left the best state with an improving flip untaken)
    state[:] = best_state
    ntrue[:] = [sum(state[a] == s for a, s in lits) for lits in cs.lits]
    free = [a for a in range(len(fixed)) if fixed[a] < 0 and cs.occ[a]]
    improved = True
    while improved:
        improved = False
        for a in free:
            d = delta(a)
            if d < -1e-12:
                state[a] = not state[a]
                for c2 in cs.occ[a]:
                    ntrue[c2] += sum((1 if state[a] == s else -1) for b, s in cs.lits[c2] if b == a)
                best_cost += d
                improved = True
    return list(state), best_cost


def _samplesat(fixed: np.ndarray, clauses, rng: random.Random, nrng: np.random.Generator, *, noise, p_sa,
               temperature, sa_moves, max_flips) -> np.ndarray:
    """A near-uniform solution of ``clauses`` with ``fixed`` atoms forced (SampleSAT).

    Unit propagation first; atoms in no remaining clause are uniform; the rest start random, run mixed
    WalkSAT and simulated-annealing moves until every clause holds, then ``sa_moves`` per atom of
    solution-preserving random flips to spread the sample over the solution set.
    """
    pending = [list(c) for c in clauses]
    if pending:
        fixed = fixed.tolist()
        changed = True
        while changed:  # unit propagation
            changed, rest = False, []
            for lits in pending:
                if any(fixed[a] == s for a, s in lits if fixed[a] >= 0):
                    continue
                free = [(a, s) for a, s in lits if fixed[a] < 0]
                if not free:
                    raise RuntimeError("SampleSAT met an unsatisfiable clause set; the hard rules may contradict")
                if len(free) == 1:
                    fixed[free[0][0]] = int(free[0][1])
                    changed = True
                else:
                    rest.append(free)
            pending = rest
        fixed = np.array(fixed, dtype=np.int8)
    out = np.where(fixed >= 0, fixed == 1, nrng.random(len(fixed)) < 0.5)
    if not pending:
        return out
    state = out.tolist()
    occ: dict[int, list[tuple[int, bool]]] = {}
    for c, lits in enumerate(pending):
        for a, s in lits:
            occ.setdefault(a, []).append((c, s))
    atoms_ = list(occ)
    ntrue = [sum(state[a] == s for a, s in lits) for lits in pending]
    unsat = {c for c, k in enumerate(ntrue) if k == 0}

    def flip(a):
        state[a] = not state[a]
        for c, s in occ[a]:
            ntrue[c] += 1 if state[a] == s else -1
            if ntrue[c] == 0:
                unsat.add(c)
            elif ntrue[c] == 1 and state[a] == s:
                unsat.discard(c)

    def breaks(a):  # clauses that flipping a would leave with no true literal
        return sum(1 for c, s in occ[a] if ntrue[c] == 1 and state[a] == s)

    def makes(a):
        return sum(1 for c, s in occ[a] if ntrue[c] == 0)

    for _ in range(max_flips):
        if not unsat:
            break
        if rng.random() < p_sa:
            a = rng.choice(atoms_)
            d = breaks(a) - makes(a)
            if d <= 0 or rng.random() < math.exp(-d / temperature):
                flip(a)
        else:
            lits = pending[rng.choice(tuple(unsat))]
            if rng.random() < noise:
                a = rng.choice(lits)[0]
            else:
                scores = [breaks(b) for b, _ in lits]
                low = min(scores)
                a = rng.choice([b for (b, _), k in zip(lits, scores, strict=True) if k == low])
            flip(a)
    if unsat:
        raise RuntimeError(f"SampleSAT found no solution in {max_flips} flips; raise max_flips")
    for _ in range(sa_moves * len(atoms_)):
        a = rng.choice(atoms_)
        if breaks(a) == 0:
            flip(a)
    return np.array(state, dtype=bool)


def _count_function(net: GroundNetwork):
    """``state -> per-parameter counts``, linear in the atoms for unit clauses (most of a triage network)."""
    soft = ~net.hard
    unit = np.flatnonzero(soft & (net.clause_len == 1))
    atom, sign = net.lit_atom[net.indptr[unit]], net.lit_sign[net.indptr[unit]]
    n_par = len(net.params)
    base = np.bincount(net.param[unit], weights=np.where(sign, 0.0, net.coef[unit]), minlength=n_par)
    linear = sparse.csr_matrix((np.where(sign, net.coef[unit], -net.coef[unit]), (net.param[unit], atom)),
                               shape=(n_par, net.n_atoms))
    multi = np.flatnonzero(soft & (net.clause_len > 1))
    lo = net.indptr[multi]
    m_atom = np.concatenate([net.lit_atom[a:b] for a, b in zip(lo, net.indptr[multi + 1], strict=True)]) \
        if len(multi) else np.zeros(0, dtype=np.int64)
    m_sign = np.concatenate([net.lit_sign[a:b] for a, b in zip(lo, net.indptr[multi + 1], strict=True)]) \
        if len(multi) else np.zeros(0, dtype=bool)
    m_ptr = np.concatenate([[0], np.cumsum(net.clause_len[multi])]).astype(np.int64)
    multi_matrix = sparse.csr_matrix((net.coef[multi], (net.param[multi], np.arange(len(multi)))),
                                     shape=(n_par, len(multi)))

    def counts(state: np.ndarray) -> np.ndarray:
        out = base + linear @ state.astype(float)
        if len(multi):
            out += multi_matrix @ np.logical_or.reduceat(state[m_atom] == m_sign, m_ptr[:-1]).astype(float)
        return out

    return counts


def mcsat(net: GroundNetwork, weights: np.ndarray, *, samples: int = 1000, burn_in: int = 100,
          clamp: np.ndarray | None = None, seed: int = 0, noise: float = 0.5, p_sa: float = 0.5,
          temperature: float = 0.5, sa_moves: int = 2, max_flips: int = 100_000, keep_counts: bool = False, progress: bool = False) -> Expectations:
    """Marginals and count moments by MC-SAT (Poon & Domingos 2006).

    Each step keeps every hard clause and each soft clause the current state satisfies with probability
    ``1 - exp(-w)`` (a negative-weight clause the state falsifies adds "all its literals false" with
    probability ``1 - exp(w)``), then draws the next state near-uniformly from the solutions of the kept
    clauses with SampleSAT.

    Parameters
    ----------
    samples, burn_in
        Steps averaged, and steps discarded first.
    clamp
        Atoms held fixed (int8 per atom, -1 free).
    seed
        Seeds every random choice.
    noise, p_sa, temperature, sa_moves, max_flips
        SampleSAT: random-walk probability, share of annealing moves, their temperature, solution-preserving
        flips per atom after a solution is found, flip limit.
    keep_counts
        Keep each sample's counts (``Expectations.count_samples``), for learning's step sizes.
    """
    f = _factors(net, weights, clamp)
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    kw = dict(noise=noise, p_sa=p_sa, temperature=temperature, sa_moves=sa_moves, max_flips=max_flips)
    hard_idx = np.flatnonzero(f.hard)
    state = _samplesat(f.fixed, [f.clauses[c] for c in hard_idx], rng, nrng, **kw)
    lens = np.array([len(c) for c in f.clauses], dtype=np.int64)
    c_atom = np.array([a for c in f.clauses for a, _ in c], dtype=np.int64)
    c_sign = np.array([s for c in f.clauses for _, s in c], dtype=bool)
    c_ptr = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
    p_unit = 1 - np.exp(-np.abs(f.unit_w))
    p_clause = np.where(f.hard, 1.0, 1 - np.exp(-np.abs(np.where(f.hard, 0.0, f.weight))))
    counts_of = _count_function(net)
    n_par = len(net.params)
    m_sum = np.zeros(net.n_atoms)
    kept = np.zeros((samples, n_par)) if keep_counts else None
    c_sum, c_sq = np.zeros(n_par), np.zeros(n_par)
    for step in tqdm(range(burn_in + samples), desc="MC-SAT", disable=not progress):
        fixed = f.fixed.copy()
        draw = nrng.random(net.n_atoms) < p_unit
        free = fixed < 0
        fixed[free & draw & (f.unit_w > 0) & state] = 1
        fixed[free & draw & (f.unit_w < 0) & ~state] = 0
        keep: list[int] = []
        if len(f.clauses):
            sat = np.logical_or.reduceat(state[c_atom] == c_sign, c_ptr[:-1])
            draw_c = nrng.random(len(f.clauses)) < p_clause
            keep = np.flatnonzero(draw_c & sat & (f.weight > 0)).tolist()
            for c in np.flatnonzero(draw_c & ~sat & (f.weight < 0)):
                for a, s in f.clauses[c]:
                    fixed[a] = int(not s)  # the state satisfies this already, so no clash
        state = _samplesat(fixed, [f.clauses[c] for c in keep], rng, nrng, **kw)
        if step >= burn_in:
            m_sum += state
            counts = counts_of(state)
            c_sum += counts
            c_sq += counts ** 2
            if keep_counts:
                kept[step - burn_in] = counts
    mean = c_sum / samples
    return Expectations(m_sum / samples, mean, np.maximum(c_sq / samples - mean ** 2, 0.0), kept,
                        np.full(samples, 1 / samples) if keep_counts else None)
