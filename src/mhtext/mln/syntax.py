"""Rule files for Markov logic networks in a subset of Alchemy's syntax (Richardson & Domingos 2006).

A rule file has one item a line; ``//`` starts a comment.

``hasSymptom(author, label)``
    A predicate declaration: an atom over an undeclared predicate whose arguments are type names.
``label = {"Sleep problems", Fear, 3}``
    A closed domain for a type (optional); constants outside it are then errors.
``1.5 hasSymptom(p, Fear) => triage(p)``
    A soft rule with a fixed weight (may be negative).
``hasSymptom(p, Fear) => triage(p).``
    A hard rule (a final period).
``hasWord(p, +w) => triage(p)``
    A rule whose weight is learned (no weight, no period; starts at 0). ``+w`` gives one weight per
    constant of ``w`` (Alchemy's per-constant weights).

Connectives, loosest first: ``<=>``, ``=>`` (right associative), ``v`` (or), ``^`` (and), ``!`` (not);
parentheses group. Variables are lowercase identifiers; constants are capitalised identifiers, numbers
or double-quoted strings (no escapes). Quantifiers, equality and functions are not supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["And", "Atom", "Const", "Equiv", "Implies", "MLNSyntaxError", "Not", "Or", "Program", "Rule", "Var",
           "format_formula", "parse_formula", "parse_program"]


class MLNSyntaxError(ValueError):
    """A rule file could not be read; ``line`` is the 1-based line number (0 when not from a file)."""

    def __init__(self, line: int, message: str, text: str = ""):
        self.line = line
        where = f"line {line}: " if line else ""
        super().__init__(f"{where}{message}" + (f" in {text.strip()!r}" if text else ""))


@dataclass(frozen=True)
class Var:
    name: str
    plus: bool = False


@dataclass(frozen=True)
class Const:
    value: str


@dataclass(frozen=True)
class Atom:
    pred: str
    args: tuple


@dataclass(frozen=True)
class Not:
    arg: object


@dataclass(frozen=True)
class And:
    args: tuple


@dataclass(frozen=True)
class Or:
    args: tuple


@dataclass(frozen=True)
class Implies:
    left: object
    right: object


@dataclass(frozen=True)
class Equiv:
    left: object
    right: object


@dataclass
class Rule:
    """One formula of a program.

    ``weight`` is the fixed weight of a soft rule, the starting weight (0) of a learned one, and ``inf``
    for a hard rule; ``learn`` marks rules whose weight ``fit`` estimates.
    """

    formula: object
    weight: float
    hard: bool
    learn: bool
    line: int
    text: str


@dataclass
class Program:
    """Declarations, optional closed domains and rules of an MLN."""

    predicates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    domains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)

    def to_text(self) -> str:
        """The program in the syntax ``parse_program`` reads (a round trip gives an equal program)."""
        lines = [f"{p}({', '.join(t)})" for p, t in self.predicates.items()]
        lines += [f"{t} = {{{', '.join(_format_term(Const(c)) for c in cs)}}}" for t, cs in self.domains.items()]
        for r in self.rules:
            body = format_formula(r.formula)
            lines.append(f"{body}." if r.hard else body if r.learn else f"{r.weight!r} {body}")
        return "\n".join(lines) + "\n"


_TOKEN = re.compile(r"""\s*(?:(?P<num>[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![A-Za-z_]))
                    |(?P<str>"[^"\n]*")
                    |(?P<ident>[A-Za-z_][A-Za-z0-9_]*)
                    |(?P<op><=>|=>|[+!^(),.={}]))""", re.VERBOSE)
_BARE_CONST = re.compile(r"[A-Z][A-Za-z0-9_]*|[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _tokenize(text: str, line: int) -> list[tuple[str, str]]:
    tokens, pos, text = [], 0, text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise MLNSyntaxError(line, f"unexpected character {text[pos:].lstrip()[:1]!r} at column {pos + 1}", text)
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


class _Parser:
    """Recursive descent over one line's tokens, loosest connective first."""

    def __init__(self, tokens: list[tuple[str, str]], line: int, text: str):
        self.toks, self.i, self.line, self.text = tokens, 0, line, text

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def error(self, message: str) -> MLNSyntaxError:
        return MLNSyntaxError(self.line, f"malformed formula: {message}", self.text)

    def expect(self, value: str) -> None:
        tok = self.peek()
        if tok is None or tok[1] != value:
            raise self.error(f"expected {value!r} but found {tok[1] if tok else 'end of line'!r}")
        self.i += 1

    def at(self, value: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[1] == value and tok[0] in ("op", "ident")

    def formula(self):
        left = self.implies()
        while self.at("<=>"):
            self.i += 1
            left = Equiv(left, self.implies())
        return left

    def implies(self):
        left = self.disjunction()
        if self.at("=>"):
            self.i += 1
            return Implies(left, self.implies())
        return left

    def disjunction(self):
        items = [self.conjunction()]
        while self.at("v"):
            self.i += 1
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def conjunction(self):
        items = [self.unary()]
        while self.at("^"):
            self.i += 1
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self):
        tok = self.peek()
        if tok is None:
            raise self.error("the formula ends where an atom was expected")
        if tok == ("op", "!"):
            self.i += 1
            return Not(self.unary())
        if tok == ("op", "("):
            self.i += 1
            inner = self.formula()
            self.expect(")")
            return inner
        if tok[0] == "ident" and tok[1] != "v":
            self.i += 1
            self.expect("(")
            args = [self.term()]
            while self.at(","):
                self.i += 1
                args.append(self.term())
            self.expect(")")
            return Atom(tok[1], tuple(args))
        raise self.error(f"expected an atom, '!' or '(' but found {tok[1]!r}")

    def term(self):
        tok = self.peek()
        if tok is None:
            raise self.error("an argument list ends early")
        self.i += 1
        kind, value = tok
        if value == "+" and kind == "op":
            nxt = self.peek()
            if nxt is None or nxt[0] != "ident" or not nxt[1][0].islower():
                raise self.error("'+' must precede a variable (a lowercase name)")
            self.i += 1
            return Var(nxt[1], plus=True)
        if kind == "ident":
            return Var(value) if value[0].islower() else Const(value)
        if kind == "num":
            return Const(value)
        if kind == "str":
            return Const(value[1:-1])
        raise self.error(f"expected a variable or constant but found {value!r}")

    def done(self) -> None:
        if self.peek() is not None:
            raise self.error(f"unexpected {self.peek()[1]!r} after the formula")


def _strip_comment(line: str) -> str:
    quoted = False
    for k, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif not quoted and line.startswith("//", k):
            return line[:k]
    return line


def parse_formula(text: str, line: int = 0):
    """Parse one formula (no weight, no period) into its syntax tree of ``Atom``, ``Not``, ``And`` etc."""
    parser = _Parser(_tokenize(text, line), line, text)
    formula = parser.formula()
    parser.done()
    return formula


def _format_term(t) -> str:
    if isinstance(t, Var):
        return ("+" if t.plus else "") + t.name
    return t.value if _BARE_CONST.fullmatch(t.value) else f'"{t.value}"'


def format_formula(f) -> str:
    """Alchemy-syntax text of a formula; compound operands are parenthesised so the text parses back equal."""
    def sub(g):
        return format_formula(g) if isinstance(g, Atom | Not) else f"({format_formula(g)})"

    if isinstance(f, Atom):
        return f"{f.pred}({', '.join(_format_term(a) for a in f.args)})"
    if isinstance(f, Not):
        return "!" + sub(f.arg)
    if isinstance(f, And):
        return " ^ ".join(sub(g) for g in f.args)
    if isinstance(f, Or):
        return " v ".join(sub(g) for g in f.args)
    if isinstance(f, Implies):
        return f"{sub(f.left)} => {sub(f.right)}"
    if isinstance(f, Equiv):
        return f"{sub(f.left)} <=> {sub(f.right)}"
    raise TypeError(f"not a formula: {f!r}")


def atoms_of(f):
    """Every atom of a formula, left to right."""
    if isinstance(f, Atom):
        yield f
    elif isinstance(f, Not):
        yield from atoms_of(f.arg)
    elif isinstance(f, And | Or):
        for g in f.args:
            yield from atoms_of(g)
    else:
        yield from atoms_of(f.left)
        yield from atoms_of(f.right)


def _check_rule(program: Program, formula, line: int, text: str) -> None:
    var_types: dict[str, str] = {}
    plus: dict[str, bool] = {}
    for atom in atoms_of(formula):
        if atom.pred not in program.predicates:
            raise MLNSyntaxError(line, f"undeclared predicate {atom.pred!r}; declare it first, e.g. "
                                       f"'{atom.pred}(type1, type2)'", text)
        types = program.predicates[atom.pred]
        if len(atom.args) != len(types):
            raise MLNSyntaxError(line, f"wrong arity: {atom.pred} takes {len(types)} argument(s) "
                                       f"({', '.join(types)}), got {len(atom.args)}", text)
        for arg, type_ in zip(atom.args, types, strict=True):
            if isinstance(arg, Var):
                if var_types.setdefault(arg.name, type_) != type_:
                    raise MLNSyntaxError(line, f"variable {arg.name!r} is used as type {var_types[arg.name]!r} "
                                               f"and as type {type_!r}", text)
                plus[arg.name] = plus.get(arg.name, False) or arg.plus
            elif type_ in program.domains and arg.value not in program.domains[type_]:
                raise MLNSyntaxError(line, f"constant {arg.value!r} is not in the domain of type {type_!r}", text)


def _plus_everywhere(f, names: set[str]):
    """Mark every occurrence of a variable written ``+v`` once as per-constant."""
    if isinstance(f, Atom):
        return Atom(f.pred, tuple(Var(a.name, True) if isinstance(a, Var) and a.name in names else a
                                  for a in f.args))
    if isinstance(f, Not):
        return Not(_plus_everywhere(f.arg, names))
    if isinstance(f, And | Or):
        return type(f)(tuple(_plus_everywhere(g, names) for g in f.args))
    return type(f)(_plus_everywhere(f.left, names), _plus_everywhere(f.right, names))


def parse_program(text: str, domains: dict[str, list] | None = None) -> Program:
    """Parse a rule file.

    Parameters
    ----------
    text
        The rule file (see the module docstring for the syntax).
    domains
        Optional closed domains per type, added to any declared in the file; constants in rules must
        belong to them.

    Returns
    -------
    Program

    Raises
    ------
    MLNSyntaxError
        Naming the line and what is wrong: a malformed formula, an undeclared predicate, a wrong arity,
        a constant outside its type's domain, a variable used with two types.
    """
    program = Program(domains={t: tuple(str(c) for c in cs) for t, cs in (domains or {}).items()})
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        tokens = _tokenize(line, number)
        if len(tokens) >= 3 and tokens[0][0] == "ident" and tokens[1] == ("op", "=") and tokens[2] == ("op", "{"):
            if tokens[-1] != ("op", "}"):
                raise MLNSyntaxError(number, "a domain declaration must end with '}'", raw)
            values = [v[1:-1] if k == "str" else v for k, v in tokens[3:-1] if (k, v) != ("op", ",")]
            program.domains[tokens[0][1]] = tuple(values)
            continue
        weight = None
        if tokens[0][0] == "num" and len(tokens) > 1:
            weight, tokens = float(tokens[0][1]), tokens[1:]
        hard = tokens[-1] == ("op", ".")
        if hard:
            if weight is not None:
                raise MLNSyntaxError(number, "a rule has either a weight (soft) or a final period (hard), not both",
                                     raw)
            tokens = tokens[:-1]
        parser = _Parser(tokens, number, raw)
        formula = parser.formula()
        parser.done()
        if (weight is None and not hard and isinstance(formula, Atom) and formula.pred not in program.predicates
                and all(isinstance(a, Var) and not a.plus for a in formula.args)):
            program.predicates[formula.pred] = tuple(a.name for a in formula.args)
            continue
        _check_rule(program, formula, number, raw)
        names = {a.name for at in atoms_of(formula) for a in at.args if isinstance(a, Var) and a.plus}
        formula = _plus_everywhere(formula, names) if names else formula
        program.rules.append(Rule(formula, float("inf") if hard else (weight or 0.0), hard,
                                  learn=weight is None and not hard, line=number, text=line))
    return program
