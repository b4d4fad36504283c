"""LIWC ``.dic`` dictionaries (Pennebaker et al.): parser, word matcher, vectorizer.

LIWC is licensed and ships nowhere; a user who owns it points the loader at
their ``.dic`` file. The format::

    %
    1	funct
    2	pronoun
    125	affect
    ...
    %
    a	1	10
    abandon*	125	127	130	131
    kind	(02 134)125/464	(02 134)126	...
    like	(02 134)125/464	(02 134)126	253	466

A header between two ``%`` lines maps category ids to names; each later line
is a term and its category ids. A term ending in ``*`` matches every word
with that prefix. LIWC2007 also holds *conditional* entries:

``(c1 c2)X/Y``
    if the previous word belongs to category c1 or c2, the word counts in X,
    otherwise in Y (``/Y`` may be absent: nothing otherwise).
``<w1 w2>X/Y``
    if the next word is w1 or w2, X, otherwise Y. ``<(c1 c2)>X/Y`` (a category
    test on the next word) is read the same way, with categories.

They are parsed and exposed (columns ``condition`` and ``branch`` of the
loader's frame) and resolved in context by :class:`LiwcDictionary`. Its
simplifications, also stated in the card: the previous word's categories are
its unconditional ones; a category counts at most once per word (LIWC counts
some doubled entries twice); an exact entry wins over wildcards and the longest
wildcard prefix wins among them; multi-word entries (LIWC2015) are matched as
consecutive tokens and counted once, at their first token. Category id ``00``
(a placeholder in some files) is skipped.

Hostile files (see :mod:`mhtext.data.errors`): a file that is not UTF-8 is read as latin-1 (LIWC2007
files from Windows installs are cp1252/latin-1), so no file is refused for its encoding; a UTF-8 BOM
is dropped and CR-only line ends are read as line ends. A file must end with a line end (one without
was cut short: its last term could have lost category ids), hold a header between two ``%`` lines
naming each category id once, and give every term known category ids; a line over
:data:`~mhtext.data.errors.MAX_FIELD_CHARS` is refused. Term and ids may be separated by a tab or a
space; a term repeated on two lines merges. Errors are :class:`~mhtext.data.errors.LoadError`
naming file and line; no frame is returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from mhtext import paths
from mhtext.data import registry
from mhtext.data.errors import MAX_FIELD_CHARS, LoadError, short
from mhtext.data.registry import register

NAME = "liwc-dic"
DEFAULT_DIR = "liwc"

_FIELD = re.compile(
    r"\(\s*(?P<prev>[\d\s]+?)\s*\)\s*(?P<pt>\d+)(?:/(?P<pf>\d+))?"  # (02 134)125/464
    r"|<\s*(?P<next>[^>]*?)\s*>\s*(?P<nt>\d+)(?:/(?P<nf>\d+))?"  # <of>131/125
    r"|(?P<plain>\d+)"
)
_TOKEN = re.compile(r"\w+(?:'\w+)*")


@dataclass(frozen=True)
class Rule:
    """A conditional category assignment of a LIWC2007 entry.

    ``kind`` is ``"prev_category"`` (the previous word is in one of ``condition``,
    category names), ``"next_word"`` (the next word is one of ``condition``) or
    ``"next_category"``; the word counts in ``if_true`` when the condition holds,
    else in ``if_false`` (None: no category).
    """

    kind: str
    condition: tuple[str, ...]
    if_true: str | None
    if_false: str | None

    def describe(self) -> str:
        what = {"prev_category": "previous word in", "next_word": "next word is", "next_category": "next word in"}
        return f"{what[self.kind]} {{{', '.join(self.condition)}}}"


@dataclass
class Entry:
    """A dictionary term: unconditional categories and conditional rules."""

    term: str
    wildcard: bool
    categories: set[str] = field(default_factory=set)
    rules: list[Rule] = field(default_factory=list)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if b"\r" in data and b"\n" not in data:  # CR-only line ends (classic Mac)
        data = data.replace(b"\r", b"\n")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # LIWC2007 files from Windows installs are often cp1252/latin-1.
        text = data.decode("latin-1")
    if text.strip() and not text.endswith("\n"):
        raise LoadError(path, "the file ends without a line end, so its last line may be cut short",
                        line=text.count("\n") + 1,
                        hint="Copy the file again; if it is complete, add a final newline.")
    return text


def _scan_fields(rest: str) -> list[re.Match[str]] | str:
    """The category fields of a term line, or the first unreadable chunk."""
    fields, pos = [], 0
    while True:
        while pos < len(rest) and rest[pos].isspace():
            pos += 1
        if pos == len(rest):
            return fields
        m = _FIELD.match(rest, pos)
        # A field must end at whitespace or the line's end ("12a" is not "12" then "a").
        if m is None or (m.end() < len(rest) and not rest[m.end()].isspace()):
            return rest[pos:].split()[0]
        fields.append(m)
        pos = m.end()


def parse_dic(path: str | Path) -> tuple[dict[int, str], dict[str, Entry]]:
    """Parse a LIWC ``.dic`` file.

    Returns
    -------
    categories : dict
        Category id -> name, in header order.
    entries : dict
        Term (lowercase, ``*`` removed) plus ``"*"`` if a wildcard -> :class:`Entry`.

    Raises
    ------
    mhtext.data.errors.LoadError
        Empty file, missing ``%`` header, malformed header line, repeated or unknown
        category id, unreadable category field, no final line end (message names the line).
    """
    path = Path(path)
    lines = _read_text(path).split("\n")
    if not any(line.strip() for line in lines):
        raise LoadError(path, "the file is empty", hint="Expected a '%' header and term lines.")
    for i, line in enumerate(lines):
        if len(line) > MAX_FIELD_CHARS:
            raise LoadError(path, f"the line is {len(line):,} characters long, over the limit of {MAX_FIELD_CHARS:,}",
                            line=i + 1, hint="The file is damaged (a missing line end?); copy it again.")
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise LoadError(path, "no category header",
                        hint="A LIWC .dic starts with category lines between two '%' lines.")
    categories: dict[int, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        parts = lines[i].split()
        if not parts:
            continue
        if len(parts) < 2 or not parts[0].isdecimal() or not parts[0].isascii() or len(parts[0]) > 18:
            raise LoadError(path, f"expected '<category id><TAB><name>', got {short(lines[i])}", line=i + 1,
                            hint="Header lines give a numeric category id and its name.")
        if int(parts[0]) in categories:
            raise LoadError(path, f"category id {parts[0]} is given twice", line=i + 1,
                            hint="Each header id names one category; remove the repeat.")
        categories[int(parts[0])] = parts[1]

    def name_of(cid: str, lineno: int) -> str | None:
        if len(cid) > 18:  # int() of a longer run can fail (the 4,300-digit limit); no header has such an id
            raise LoadError(path, f"category id {short(cid)} is not in the header", line=lineno,
                            hint="Add the category to the header or correct the id.")
        n = int(cid)
        if n == 0 and n not in categories:
            return None
        if n not in categories:
            raise LoadError(path, f"category id {cid} is not in the header", line=lineno,
                            hint="Add the category to the header or correct the id.")
        return categories[n]

    entries: dict[str, Entry] = {}
    for i in range(marks[1] + 1, len(lines)):
        line, lineno = lines[i].strip(), i + 1
        if not line:
            continue
        term, _, rest = line.partition("\t") if "\t" in line else line.partition(" ")
        term = term.strip().lower()
        if not term or not rest.strip():
            raise LoadError(path, f"expected '<term><TAB><category ids>', got {short(line)}", line=lineno,
                            hint="Each term line gives a term and its category ids, separated by tabs.")
        fields = _scan_fields(rest)
        if isinstance(fields, str):
            raise LoadError(path, f"cannot read category field {short(fields)} of term {short(term)}", line=lineno,
                            hint="Category fields are ids, (ids)X/Y or <words>X/Y.")
        wildcard = term.endswith("*")
        # "abandon*" and "abandon" are different entries; repeated lines merge.
        entry = entries.setdefault(term, Entry(term=term.rstrip("*"), wildcard=wildcard))
        for m in fields:
            if m["plain"]:
                cat = name_of(m["plain"], lineno)
                if cat:
                    entry.categories.add(cat)
            elif m["pt"]:
                cond = tuple(c for c in (name_of(x, lineno) for x in m["prev"].split()) if c)
                yes, no = name_of(m["pt"], lineno), name_of(m["pf"], lineno) if m["pf"] else None
                entry.rules.append(Rule("prev_category", cond, yes, no))
            else:
                inner = m["next"].strip()
                yes, no = name_of(m["nt"], lineno), name_of(m["nf"], lineno) if m["nf"] else None
                if inner.startswith("(") and inner.endswith(")"):
                    cond = tuple(c for c in (name_of(x, lineno) for x in inner[1:-1].split()) if c)
                    entry.rules.append(Rule("next_category", cond, yes, no))
                else:
                    entry.rules.append(Rule("next_word", tuple(w.lower() for w in inner.split()), yes, no))
    if not entries:
        raise LoadError(path, "no term lines after the header", hint="The file is cut short; copy it again.")
    return categories, entries


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens; apostrophes inside words kept (``don't``), curly ones straightened."""
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


class LiwcDictionary:
    """A LIWC dictionary that counts category words in token sequences.

    Build with :meth:`from_file`. ``resolve_conditionals=False`` ignores the
    conditional entries and keeps only each term's unconditional categories.
    """

    def __init__(self, categories: dict[int, str], entries: dict[str, Entry], *, resolve_conditionals: bool = True):
        self.categories: tuple[str, ...] = tuple(dict.fromkeys(categories.values()))
        self.resolve_conditionals = resolve_conditionals
        self._exact = {e.term: e for e in entries.values() if not e.wildcard and " " not in e.term}
        self._stems = {e.term: e for e in entries.values() if e.wildcard and " " not in e.term}
        self._phrases: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        for e in entries.values():
            if " " in e.term:
                words = tuple(e.term.split())
                self._phrases.setdefault(words[0], []).append((words, e))
        for v in self._phrases.values():
            v.sort(key=lambda we: -len(we[0]))
        self._max_stem = max((len(s) for s in self._stems), default=0)
        self._cache: dict[str, Entry | None] = {}

    @classmethod
    def from_file(cls, path: str | Path, *, resolve_conditionals: bool = True) -> LiwcDictionary:
        """Parse a ``.dic`` file (see :func:`parse_dic`)."""
        categories, entries = parse_dic(path)
        return cls(categories, entries, resolve_conditionals=resolve_conditionals)

    def lookup(self, token: str) -> Entry | None:
        """The entry a single token matches: exact first, else the longest wildcard prefix."""
        token = token.lower()
        if token in self._cache:
            return self._cache[token]
        hit = self._exact.get(token)
        if hit is None:
            for n in range(min(len(token), self._max_stem), 0, -1):
                hit = self._stems.get(token[:n])
                if hit is not None:
                    break
        self._cache[token] = hit
        return hit

    def _base(self, token: str | None) -> set[str]:
        entry = None if token is None else self.lookup(token)
        return set() if entry is None else entry.categories

    def _resolve(self, entry: Entry, prev: str | None, nxt: str | None) -> set[str]:
        cats = set(entry.categories)
        if not self.resolve_conditionals:
            return cats
        for rule in entry.rules:
            if rule.kind == "prev_category":
                holds = bool(self._base(prev) & set(rule.condition))
            elif rule.kind == "next_word":
                holds = nxt is not None and nxt.lower() in rule.condition
            else:
                holds = bool(self._base(nxt) & set(rule.condition))
            chosen = rule.if_true if holds else rule.if_false
            if chosen:
                cats.add(chosen)
        return cats

    def categories_of(self, token: str, prev: str | None = None, nxt: str | None = None) -> set[str]:
        """Categories of ``token`` given its neighbours (which conditional entries need)."""
        entry = self.lookup(token)
        return set() if entry is None else self._resolve(entry, prev, nxt)

    def count(self, tokens: Sequence[str]) -> dict[str, int]:
        """Number of tokens in each category (every category present, zeros included)."""
        counts = dict.fromkeys(self.categories, 0)
        toks = [t.lower() for t in tokens]
        for i, tok in enumerate(toks):
            prev = toks[i - 1] if i else None
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            for cat in self.categories_of(tok, prev, nxt):
                counts[cat] += 1
            for words, entry in self._phrases.get(tok, ()):
                if tuple(toks[i : i + len(words)]) == words:
                    after = toks[i + len(words)] if i + len(words) < len(toks) else None
                    for cat in self._resolve(entry, prev, after):
                        counts[cat] += 1
                    break
        return counts


def dic_frame(entries: dict[str, Entry]) -> pd.DataFrame:
    """One row per (term, category) pair; conditional assignments with their condition."""
    rows = []
    for e in entries.values():
        for cat in sorted(e.categories):
            rows.append((e.term, cat, e.wildcard, "", ""))
        for rule in e.rules:
            for branch, cat in (("true", rule.if_true), ("false", rule.if_false)):
                if cat:
                    rows.append((e.term, cat, e.wildcard, rule.describe(), branch))
    return pd.DataFrame(rows, columns=["term", "category", "wildcard", "condition", "branch"])


def resolve_dic(path: str | Path | None) -> Path:
    """The ``.dic`` file: ``path``, the only ``.dic`` in ``path``, or in ``data_dir()/liwc``."""
    p = paths.data_dir() / DEFAULT_DIR if path is None else Path(path)
    if p.is_dir():
        found = sorted(p.glob("*.dic"))
        if len(found) > 1:
            raise ValueError(
                f"{NAME}: {len(found)} .dic files in {p}; pass path= to choose one: {[f.name for f in found]}"
            )
        if not found:
            raise registry.missing_file(NAME, p / "*.dic")
        p = found[0]
    if not p.is_file():
        raise registry.missing_file(NAME, p)
    return p


@register(NAME)
def load_liwc_dic(path: str | Path | None = None) -> pd.DataFrame:
    """Read a LIWC dictionary into a frame.

    Parameters
    ----------
    path
        A ``.dic`` file or a folder holding exactly one; default ``data_dir()/liwc``.

    Returns
    -------
    pandas.DataFrame
        ``term`` (str, lowercase, without ``*``), ``category`` (str), ``wildcard``
        (bool: the term is a prefix), ``condition`` (str, empty for unconditional
        entries, else e.g. ``"previous word in {pronoun, discrep}"``), ``branch``
        (``""``, ``"true"`` or ``"false"``: which outcome of the condition gives the
        category).
    """
    _, entries = parse_dic(resolve_dic(path))
    return dic_frame(entries)


class LiwcVectorizer(TransformerMixin, BaseEstimator):
    """Texts -> share of their words in each LIWC category (scikit-learn transformer).

    Parameters
    ----------
    dic_path
        The user's LIWC ``.dic`` file.
    resolve_conditionals
        Resolve LIWC2007 conditional entries in context (default) or ignore them.

    Attributes
    ----------
    dictionary_ : LiwcDictionary
    feature_names_ : numpy.ndarray of str
        Category names, in the dictionary's header order.
    """

    def __init__(self, dic_path: str | Path, resolve_conditionals: bool = True):
        self.dic_path = dic_path
        self.resolve_conditionals = resolve_conditionals

    def fit(self, X: Iterable[str] | None = None, y: object = None) -> LiwcVectorizer:
        """Load the dictionary (nothing is learned from ``X``)."""
        self.dictionary_ = LiwcDictionary.from_file(self.dic_path, resolve_conditionals=self.resolve_conditionals)
        self.feature_names_ = np.array(self.dictionary_.categories, dtype=object)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """``(n_texts, n_categories)`` float array: category words / all words (0 for empty texts)."""
        if not hasattr(self, "dictionary_"):
            raise AttributeError("LiwcVectorizer is not fitted; call fit() first.")
        if isinstance(X, str):
            raise TypeError("LiwcVectorizer.transform expects an iterable of texts, not one string.")
        rows = []
        for text in X:
            tokens = tokenize(str(text))
            counts = self.dictionary_.count(tokens)
            n = len(tokens)
            rows.append([counts[c] / n if n else 0.0 for c in self.dictionary_.categories])
        return np.array(rows, dtype=float).reshape(-1, len(self.dictionary_.categories))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Category names."""
        if not hasattr(self, "feature_names_"):
            raise AttributeError("LiwcVectorizer is not fitted; call fit() first.")
        return self.feature_names_.copy()
