"""Evidence databases and ground Markov networks: clauses of a program grounded over a database.

Semantics follow Alchemy: each formula is converted to conjunctive normal form and its weight is divided
equally among its clauses; evidence predicates are closed world (listed atoms are true, the rest false);
every other declared predicate is unknown (a query or hidden predicate) over the full product of its
argument domains. A ground clause whose truth the evidence fixes is dropped (it only shifts the log
partition function); the rest are kept with their evidence literals removed.

Grounding is a relational join rather than a loop over variable bindings: the negated evidence literals
of a clause (``!hasWord(p, w)``) can only be false on the listed atoms, so the surviving bindings are the
join of those atom tables, crossed with the domains of the remaining variables and anti-joined with the
positive evidence literals. For the triage MLN (~900 authors, thousands of words) this is a few
``pandas.merge`` calls per clause.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from mhtext.mln.syntax import And, Atom, Const, Equiv, Implies, Not, Or, Program, Var, atoms_of, format_formula

__all__ = ["Database", "GroundNetwork", "ground", "to_cnf"]


# --- formulas to clauses ------------------------------------------------------------------------------------

def _nnf(f, positive: bool = True):
    """Negation normal form: ``Not`` only on atoms, ``Implies``/``Equiv`` rewritten."""
    if isinstance(f, Atom):
        return f if positive else Not(f)
    if isinstance(f, Not):
        return _nnf(f.arg, not positive)
    if isinstance(f, Implies):
        return _nnf(Or((Not(f.left), f.right)), positive)
    if isinstance(f, Equiv):
        return _nnf(And((Implies(f.left, f.right), Implies(f.right, f.left))), positive)
    kind = type(f) if positive else (Or if isinstance(f, And) else And)
    return kind(tuple(_nnf(g, positive) for g in f.args))


def _cnf(f) -> list[frozenset]:
    if isinstance(f, Atom):
        return [frozenset([(f, True)])]
    if isinstance(f, Not):
        return [frozenset([(f.arg, False)])]
    if isinstance(f, And):
        return [c for g in f.args for c in _cnf(g)]
    clauses = [frozenset()]
    for g in f.args:  # distribute the disjunction over each operand's clauses
        clauses = [a | b for a in clauses for b in _cnf(g)]
    return clauses


def to_cnf(formula) -> list[list[tuple[Atom, bool]]]:
    """Clauses (lists of ``(atom, positive)`` literals) of a formula; tautologies and repeats dropped."""
    out, seen = [], set()
    for clause in _cnf(_nnf(formula)):
        if any((atom, not sign) in clause for atom, sign in clause) or clause in seen:
            continue
        seen.add(clause)
        out.append(sorted(clause, key=lambda lit: (format_formula(lit[0]), lit[1])))
    return out


# --- evidence ----------------------------------------------------------------------------------------------

class Database:
    """True ground atoms of evidence predicates (closed world) and extra constants per type.

    Every argument is stored as a string, so ``add("hasWord", 7, "sleep")`` and a rule constant ``7`` meet.

    Examples
    --------
    >>> db = Database().add("hasSymptom", "a1", "Sleep problems").add_constants("author", ["a2"])
    >>> db.atoms("hasSymptom")
    [('a1', 'Sleep problems')]
    """

    def __init__(self):
        self._rows: dict[str, list[pd.DataFrame]] = {}
        self._pending: dict[str, list[tuple[str, ...]]] = {}
        self._constants: dict[str, list[str]] = {}

    def declare(self, predicate: str) -> Database:
        """Make ``predicate`` an evidence predicate even when none of its atoms is true."""
        self._rows.setdefault(predicate, [])
        return self

    def add(self, predicate: str, *args) -> Database:
        """Add one true ground atom, e.g. ``db.add("hasSymptom", "a1", "Fear")``."""
        self.declare(predicate)
        self._pending.setdefault(predicate, []).append(tuple(str(a) for a in args))
        return self

    def add_frame(self, frame: pd.DataFrame, predicate: str, columns: Iterable[str]) -> Database:
        """Add one true atom per row of ``frame``, its arguments read from ``columns`` in order."""
        columns = list(columns)
        self.declare(predicate)
        part = frame[columns].astype(str)
        part.columns = range(len(columns))
        self._rows[predicate].append(part.reset_index(drop=True))
        return self

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, predicate: str, columns: Iterable[str]) -> Database:
        """A database holding the rows of ``frame`` as true atoms of ``predicate``."""
        return cls().add_frame(frame, predicate, columns)

    def add_constants(self, type_: str, values: Iterable) -> Database:
        """Put constants in a type's domain even if no evidence atom mentions them (e.g. silent authors)."""
        self._constants.setdefault(type_, []).extend(str(v) for v in values)
        return self

    def constants(self, type_: str) -> list[str]:
        """Constants added to ``type_`` with ``add_constants``, in order, without repeats."""
        return list(dict.fromkeys(self._constants.get(type_, [])))

    @property
    def predicates(self) -> list[str]:
        """The evidence predicates."""
        return list(self._rows)

    def table(self, predicate: str) -> pd.DataFrame:
        """The true atoms of an evidence predicate, one column per argument, without repeats."""
        parts = list(self._rows.get(predicate, []))
        if self._pending.get(predicate):
            parts.append(pd.DataFrame(self._pending[predicate]))
        if not parts:
            return pd.DataFrame()
        widths = {p.shape[1] for p in parts}
        if len(widths) > 1:
            raise ValueError(f"evidence for {predicate!r} has atoms of different arities {sorted(widths)}")
        frame = pd.concat(parts, ignore_index=True).drop_duplicates(ignore_index=True)
        self._rows[predicate], self._pending[predicate] = [frame], []
        return frame

    def atoms(self, predicate: str) -> list[tuple[str, ...]]:
        """The true atoms of ``predicate`` as tuples."""
        return list(self.table(predicate).itertuples(index=False, name=None))


# --- ground network ----------------------------------------------------------------------------------------

@dataclass
class GroundNetwork:
    """Ground clauses over the unknown atoms of a database, with the parameter each clause carries.

    Attributes
    ----------
    atoms : pandas.DataFrame
        One row per unknown ground atom: ``predicate``, ``args`` (tuple of constants), ``query`` (bool).
        Atom ``i`` is row ``i``; the atoms of predicate ``p`` are contiguous and in ``atom_offset[p]`` order.
    indptr, lit_atom, lit_sign : numpy.ndarray
        Ground clauses in compressed rows: clause ``g``'s literals are ``lit_atom[indptr[g]:indptr[g+1]]``,
        positive where ``lit_sign`` is True.
    rule : numpy.ndarray
        Index of the rule each ground clause comes from.
    param, coef : numpy.ndarray
        Clause ``g`` has weight ``weights[param[g]] * coef[g]`` (``coef`` is 1 / number of clauses of its
        formula); hard clauses have ``param == -1``.
    params : list of tuple
        Parameter keys ``(rule index, constants of its +variables)``.
    """

    program: Program
    atoms: pd.DataFrame
    atom_offset: dict[str, int]
    domains: dict[str, pd.Index]
    indptr: np.ndarray
    lit_atom: np.ndarray
    lit_sign: np.ndarray
    rule: np.ndarray
    param: np.ndarray
    coef: np.ndarray
    params: list[tuple]

    @property
    def n_atoms(self) -> int:
        return len(self.atoms)

    @property
    def n_clauses(self) -> int:
        return len(self.param)

    @property
    def clause_len(self) -> np.ndarray:
        return np.diff(self.indptr)

    @property
    def hard(self) -> np.ndarray:
        return self.param < 0

    def is_independent(self) -> bool:
        """True when every ground clause touches one unknown atom: atoms are independent given evidence."""
        return bool(np.all(self.clause_len <= 1))

    def atom_ids(self, predicate: str, rows: Iterable[tuple]) -> np.ndarray:
        """Indices of ground atoms ``predicate(*row)``; -1 where a constant is outside its domain."""
        types = self.program.predicates[predicate]
        rows = [tuple(str(a) for a in r) for r in rows]
        key = np.zeros(len(rows), dtype=np.int64)
        ok = np.ones(len(rows), dtype=bool)
        for k, t in enumerate(types):
            codes = self.domains[t].get_indexer([r[k] for r in rows]) if rows else np.zeros(0, dtype=np.int64)
            ok &= codes >= 0
            key = key * len(self.domains[t]) + codes
        return np.where(ok, self.atom_offset[predicate] + key, -1)

    def clause_weights(self, weights: np.ndarray, hard_weight: float = np.inf) -> np.ndarray:
        """Weight of each ground clause for a parameter vector; hard clauses get ``hard_weight``."""
        w = np.where(self.hard, hard_weight, 0.0)
        soft = ~self.hard
        w[soft] = np.asarray(weights, dtype=float)[self.param[soft]] * self.coef[soft]
        return w

    def satisfied(self, states: np.ndarray) -> np.ndarray:
        """Which ground clauses each state satisfies: bool array (n_states, n_clauses) for (n_states, n_atoms)."""
        states = np.atleast_2d(np.asarray(states, dtype=bool))
        if self.n_clauses == 0:
            return np.zeros((len(states), 0), dtype=bool)
        lit_true = states[:, self.lit_atom] == self.lit_sign
        return np.logical_or.reduceat(lit_true, self.indptr[:-1], axis=1)

    def count_matrix(self) -> sparse.csr_matrix:
        """Sparse (n_clauses, n_params): a state's soft feature counts are ``satisfied(state) @ this``."""
        soft = np.flatnonzero(~self.hard)
        return sparse.csr_matrix((self.coef[soft], (soft, self.param[soft])), shape=(self.n_clauses, len(self.params)))

    def counts(self, states: np.ndarray) -> np.ndarray:
        """Per-parameter counts of satisfied ground clauses (weighted by ``coef``), one row per state."""
        return np.asarray(self.count_matrix().T.dot(self.satisfied(states).T.astype(float)).T)

    def param_labels(self) -> list[str]:
        """Readable text of each parameter: the rule with its +variables replaced by their constants."""
        out = []
        for rule_idx, consts in self.params:
            out.append(param_text(self.program, rule_idx, consts))
        return out


def param_text(program: Program, rule_idx: int, consts: tuple) -> str:
    """Rule text with its ``+variables`` (in first-appearance order) bound to ``consts``."""
    rule = program.rules[rule_idx]
    if not consts:
        return format_formula(rule.formula)
    names = _plus_vars(rule.formula)
    return format_formula(_bind(rule.formula, dict(zip(names, consts, strict=True))))


def _plus_vars(formula) -> list[str]:
    return list(dict.fromkeys(a.name for at in atoms_of(formula) for a in at.args if isinstance(a, Var) and a.plus))


def _bind(f, binding: dict[str, str]):
    if isinstance(f, Atom):
        return Atom(f.pred, tuple(Const(binding[a.name]) if isinstance(a, Var) and a.name in binding else a
                                  for a in f.args))
    if isinstance(f, Not):
        return Not(_bind(f.arg, binding))
    if isinstance(f, And | Or):
        return type(f)(tuple(_bind(g, binding) for g in f.args))
    return type(f)(_bind(f.left, binding), _bind(f.right, binding))


def _domains(program: Program, db: Database, extra: dict[str, Iterable] | None) -> dict[str, pd.Index]:
    values: dict[str, list] = {t: [] for types in program.predicates.values() for t in types}
    for t, cs in (extra or {}).items():
        values.setdefault(t, []).extend(str(c) for c in cs)
    for t in values:
        values[t].extend(db.constants(t))
    for pred in db.predicates:
        if pred not in program.predicates:
            continue
        table = db.table(pred)
        types = program.predicates[pred]
        if len(table) and table.shape[1] != len(types):
            raise ValueError(f"evidence atoms of {pred!r} have {table.shape[1]} arguments; the program declares "
                             f"{len(types)} ({', '.join(types)})")
        for k, t in enumerate(types):
            if len(table):
                values[t].extend(pd.unique(table[k]))
    for rule in program.rules:
        for atom in atoms_of(rule.formula):
            for arg, t in zip(atom.args, program.predicates[atom.pred], strict=True):
                if isinstance(arg, Const):
                    values[t].append(arg.value)
    out = {}
    for t, vs in values.items():
        index = pd.Index(pd.unique(np.asarray(vs, dtype=object)), dtype=object)
        if t in program.domains:
            outside = index.difference(pd.Index(program.domains[t]))
            if len(outside):
                raise ValueError(f"constants {list(outside[:5])} of type {t!r} are outside its declared domain")
            index = pd.Index(program.domains[t], dtype=object)
        out[t] = index
    return out


def ground(program: Program, db: Database, query: Iterable[str], *, evidence: Iterable[str] = (),
           domains: dict[str, Iterable] | None = None, params: dict[tuple, int] | None = None) -> GroundNetwork:
    """Ground a program over an evidence database.

    Parameters
    ----------
    program
        The parsed rules.
    db
        Evidence; its predicates are closed world.
    query
        Query predicates. Declared predicates that are neither evidence nor query are hidden (unknown,
        not scored); they are grounded like query predicates.
    evidence
        Predicates to treat as evidence (closed world) besides those in ``db``, e.g. one with no true atom.
    domains
        Extra constants per type (e.g. the authors to score).
    params
        Parameter keys to reuse (a fitted model's); new keys are appended.

    Returns
    -------
    GroundNetwork
    """
    query = set(query)
    if query - set(program.predicates):
        raise ValueError(f"query predicates {sorted(query - set(program.predicates))} are not declared in the rules")
    evidence = (set(db.predicates) | set(evidence)) & set(program.predicates)
    clash = query & evidence
    if clash:
        raise ValueError(f"predicates {sorted(clash)} are both query and evidence; drop them from the database")
    unknown_preds = [p for p in program.predicates if p not in evidence]
    doms = _domains(program, db, domains)
    sizes = {t: len(ix) for t, ix in doms.items()}

    atom_offset, rows, total = {}, [], 0
    for p in unknown_preds:
        types = program.predicates[p]
        atom_offset[p] = total
        n = int(np.prod([sizes[t] for t in types])) if types else 1
        total += n
        grids = np.meshgrid(*[doms[t].to_numpy() for t in types], indexing="ij") if types else []
        args = list(zip(*[g.ravel() for g in grids], strict=True)) if types else [()]
        rows.append(pd.DataFrame({"predicate": p, "args": args, "query": p in query}))
    atoms = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["predicate", "args", "query"])

    ev_codes = {}
    for p in evidence:
        table = db.table(p) if p in db.predicates else pd.DataFrame()
        types = program.predicates[p]
        codes = np.stack([doms[t].get_indexer(table[k]) for k, t in enumerate(types)], axis=1) if len(table) \
            else np.zeros((0, len(types)), dtype=np.int64)
        ev_codes[p] = codes.astype(np.int64)

    params = dict(params or {})
    parts_atoms, parts_signs, parts_len, parts_param, parts_coef, parts_rule = [], [], [], [], [], []
    for r_idx, rule in enumerate(program.rules):
        clauses = to_cnf(rule.formula)
        plus = _plus_vars(rule.formula)
        coef = 1.0 / max(len(clauses), 1)
        for clause in clauses:
            frame, n = _surviving_bindings(clause, program, doms, sizes, ev_codes, evidence)
            qlits = [(a, s) for a, s in clause if a.pred not in evidence]
            if n and not qlits:
                if rule.hard:
                    raise ValueError(f"the evidence violates hard rule (line {rule.line}) {rule.text!r} "
                                     f"in {n} grounding(s)")
                continue
            if n == 0:
                continue
            lit_atoms = np.stack([_atom_code(a, frame, n, program, doms, sizes) + atom_offset[a.pred]
                                  for a, _ in qlits], axis=1)
            lit_signs = np.broadcast_to(np.array([s for _, s in qlits]), lit_atoms.shape)
            keep_lit = np.ones(lit_atoms.shape, dtype=bool)
            taut = np.zeros(n, dtype=bool)
            for j in range(1, len(qlits)):  # the same ground atom twice: merge, or a tautology if signs differ
                for i in range(j):
                    same = lit_atoms[:, i] == lit_atoms[:, j]
                    if lit_signs[0, i] == lit_signs[0, j]:
                        keep_lit[:, j] &= ~same
                    else:
                        taut |= same
            lit_atoms, lit_signs, keep_lit = lit_atoms[~taut], lit_signs[~taut], keep_lit[~taut]
            if rule.hard:
                pid = np.full(len(lit_atoms), -1, dtype=np.int64)
            else:
                if plus and any(v not in frame for v in plus):
                    raise ValueError(f"line {rule.line}: every clause of {rule.text!r} must contain its "
                                     f"+variables {plus} (Alchemy's per-constant weights need them)")
                pid = _param_ids(r_idx, plus, {v: frame[v][~taut] for v in plus}, int((~taut).sum()), doms,
                                 program, rule, params)
            parts_atoms.append(lit_atoms[keep_lit])
            parts_signs.append(lit_signs[keep_lit])
            parts_len.append(keep_lit.sum(axis=1))
            parts_param.append(pid)
            parts_coef.append(np.full(len(pid), coef))
            parts_rule.append(np.full(len(pid), r_idx))

    def cat(xs, dt):
        return np.concatenate(xs).astype(dt) if xs else np.zeros(0, dtype=dt)

    lengths = cat(parts_len, np.int64)
    keys = sorted(params, key=params.get)
    return GroundNetwork(program=program, atoms=atoms, atom_offset=atom_offset, domains=doms,
                         indptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
                         lit_atom=cat(parts_atoms, np.int64), lit_sign=cat(parts_signs, bool), rule=cat(parts_rule, np.int64),
                         param=cat(parts_param, np.int64), coef=cat(parts_coef, float), params=keys)


def _var_types(clause, program: Program) -> dict[str, str]:
    out = {}
    for atom, _ in clause:
        for arg, t in zip(atom.args, program.predicates[atom.pred], strict=True):
            if isinstance(arg, Var):
                out[arg.name] = t
    return out


def _relation(atom: Atom, codes: np.ndarray, doms, program) -> tuple[pd.DataFrame, bool]:
    """The bindings of ``atom``'s variables under which it is a listed true atom, and whether there is any."""
    mask = np.ones(len(codes), dtype=bool)
    first: dict[str, int] = {}
    for k, (arg, t) in enumerate(zip(atom.args, program.predicates[atom.pred], strict=True)):
        if isinstance(arg, Const):
            mask &= codes[:, k] == doms[t].get_indexer([arg.value])[0]
        elif arg.name in first:
            mask &= codes[:, k] == codes[:, first[arg.name]]
        else:
            first[arg.name] = k
    rel = pd.DataFrame({v: codes[mask, k] for v, k in first.items()}).drop_duplicates(ignore_index=True)
    return rel, bool(mask.any())


def _surviving_bindings(clause, program, doms, sizes, ev_codes, evidence) -> tuple[dict[str, np.ndarray], int]:
    """Bindings of the clause's variables under which no evidence literal is true (as columns, and their count)."""
    var_types = _var_types(clause, program)
    neg = sorted([a for a, s in clause if a.pred in evidence and not s], key=lambda a: len(ev_codes[a.pred]))
    frame: pd.DataFrame | None = None
    for atom in neg:
        rel, any_true = _relation(atom, ev_codes[atom.pred], doms, program)
        if not any_true:
            return {}, 0  # the negated literal is true under every binding: the clause is always satisfied
        if rel.shape[1] == 0:
            continue  # a ground literal that is false: no constraint on the bindings
        if frame is None:
            frame = rel
        else:
            shared = [c for c in rel.columns if c in frame.columns]
            frame = frame.merge(rel, on=shared) if shared else frame.merge(rel, how="cross")
        if len(frame) == 0:
            return {}, 0
    cols = {c: frame[c].to_numpy() for c in frame.columns} if frame is not None else {}
    n = len(frame) if frame is not None else 1
    for v, t in var_types.items():  # variables no negated evidence literal binds range over their domain
        if v in cols:
            continue
        size = sizes[t]
        cols = {c: np.repeat(x, size) for c, x in cols.items()}
        cols[v] = np.tile(np.arange(size, dtype=np.int64), n)
        n *= size
    keep = np.ones(n, dtype=bool)
    for atom, sign in clause:  # a true positive evidence literal satisfies the clause: drop those bindings
        if atom.pred in evidence and sign and n:
            codes = ev_codes[atom.pred]
            types = program.predicates[atom.pred]
            key_true = np.zeros(len(codes), dtype=np.int64)
            key_rows = np.zeros(n, dtype=np.int64)
            for k, (arg, t) in enumerate(zip(atom.args, types, strict=True)):
                key_true = key_true * sizes[t] + codes[:, k]
                col = np.full(n, doms[t].get_indexer([arg.value])[0]) if isinstance(arg, Const) else cols[arg.name]
                key_rows = key_rows * sizes[t] + col
            keep &= ~np.isin(key_rows, key_true)
    cols = {c: x[keep] for c, x in cols.items()}
    return cols, int(keep.sum())


def _atom_code(atom: Atom, cols, n, program, doms, sizes) -> np.ndarray:
    key = np.zeros(n, dtype=np.int64)
    for arg, t in zip(atom.args, program.predicates[atom.pred], strict=True):
        col = np.full(n, doms[t].get_indexer([arg.value])[0]) if isinstance(arg, Const) else cols[arg.name]
        key = key * sizes[t] + col
    return key


def _param_ids(r_idx, plus, cols, n, doms, program, rule, params: dict[tuple, int]) -> np.ndarray:
    """Parameter index of each grounding: one per rule, or one per combination of its +variables' constants."""
    if not plus:
        return np.full(n, params.setdefault((r_idx, ()), len(params)), dtype=np.int64)
    types = _var_types([(a, True) for a in atoms_of(rule.formula)], program)
    stacked = np.stack([cols[v] for v in plus], axis=1)
    uniq, inverse = np.unique(stacked, axis=0, return_inverse=True)
    ids = np.empty(len(uniq), dtype=np.int64)
    for k, row in enumerate(uniq):
        key = (r_idx, tuple(doms[types[v]][c] for v, c in zip(plus, row, strict=True)))
        ids[k] = params.setdefault(key, len(params))
    return ids[inverse.ravel()]
