"""The privacy guard: under a sensitive data set, no raw post text leaves a run.

One module owns the rule; studies call it, never reimplement it. A run is *sensitive* when any
data set it uses has ``sensitive: true`` on its card, when a frame comes from no registered data
set (a corpus a user brings), or when the run asks for it (``force_sensitive``). Then:

- example posts are replaced by :data:`NOTICE` (:meth:`Guard.example`);
- word and phrase tables keep only terms used by at least ``k`` distinct authors
  (:meth:`Guard.terms`; posts count as authors where a corpus has none);
- error and confusion lists show ids, not text (:meth:`Guard.ids`);
- figure labels obey the same filter as tables (:meth:`Guard.labels`).

Under a public data set every method returns its input unchanged, so a study has one code path.
:func:`plant_canaries` and :func:`find_canaries` are the strong test's tools: unique strings are
planted in a corpus, and every file a run leaves behind is searched for them.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mhtext import paths
from mhtext.text import tokenize

#: What an example post becomes under a sensitive data set.
NOTICE = "[text withheld: sensitive data set]"
#: What a withheld figure label becomes.
WITHHELD = "[rare term]"
#: Default minimum number of distinct authors for a term to be shown.
DEFAULT_K = 10


def dataset_sensitivity(data: str | pd.DataFrame) -> tuple[bool, str]:
    """Whether one data set is sensitive, and why, from its card.

    ``data`` is a registered name or a frame from :func:`mhtext.data.load` (``attrs["dataset"]``).
    A frame without a registered data set, or a name without a card, counts as sensitive: it is a
    corpus a user brought, and nothing says it is safe.
    """
    from mhtext.data import registry

    name = data if isinstance(data, str) else data.attrs.get("dataset")
    if not name:
        return True, "a frame from no registered data set (a corpus a user brings)"
    if not (paths.CARDS / f"{name}.yaml").exists():  # checked first: the registry imports every simulator
        return True, f"{name}: not a registered data set with a card"
    try:
        card = registry.card(name)
    except (KeyError, FileNotFoundError):
        return True, f"{name}: not a registered data set with a card"
    return card.sensitive, f"{name}: card says sensitive: {str(card.sensitive).lower()}"


@dataclass(frozen=True)
class Guard:
    """What may leave a run.

    Parameters
    ----------
    sensitive : bool
        True: raw text is withheld and term lists are filtered; False: everything passes.
    k : int
        Minimum number of distinct authors a term must have to be shown (default 10).
    reasons : tuple of str
        Why the run is (or is not) sensitive, for the manifest.
    """

    sensitive: bool
    k: int = DEFAULT_K
    reasons: tuple[str, ...] = ()

    def __post_init__(self):
        if not isinstance(self.k, (int, np.integer)) or isinstance(self.k, bool) or self.k < 1:
            raise ValueError(f"k must be a positive integer (distinct authors), got {self.k!r}")

    @classmethod
    def for_datasets(cls, datasets: str | pd.DataFrame | Iterable[str | pd.DataFrame], *,
                     force_sensitive: bool = False, k: int = DEFAULT_K) -> Guard:
        """The guard for a run that uses ``datasets`` (names or loaded frames).

        Sensitive if any card says so, any frame is unregistered, or ``force_sensitive`` (a run
        parameter, e.g. to treat a public benchmark as private).
        """
        items = [datasets] if isinstance(datasets, (str, pd.DataFrame)) else list(datasets)
        if not items and not force_sensitive:
            raise ValueError("Guard.for_datasets needs the data sets the run uses (names or frames)")
        found = [dataset_sensitivity(d) for d in items]
        reasons = [why for sens, why in found if sens]
        if force_sensitive:
            reasons.append("the run marked its data sensitive (force_sensitive)")
        return cls(bool(reasons), int(k), tuple(reasons or (why for _, why in found)))

    # -- what a run may show -------------------------------------------------------------------
    def example(self, text: Any) -> Any:
        """``text`` itself, or :data:`NOTICE` when sensitive (use ``series.map(guard.example)``)."""
        return NOTICE if self.sensitive else text

    def author_counts(self, terms: Sequence[Any], texts: Iterable[Any],
                      authors: Iterable[Any] | None = None) -> np.ndarray:
        """For each term, the number of distinct authors whose texts use it (see :func:`author_counts`)."""
        return author_counts(terms, texts, authors)

    def allowed(self, terms: Sequence[Any], texts: Iterable[Any], authors: Iterable[Any] | None = None) -> np.ndarray:
        """Boolean mask: which ``terms`` may be shown (all of them when not sensitive)."""
        terms = list(terms)
        if not self.sensitive:
            return np.ones(len(terms), dtype=bool)
        return author_counts(terms, texts, authors) >= self.k

    def terms(self, frame: pd.DataFrame, term_col: str, texts: Iterable[Any],
              authors: Iterable[Any] | None = None) -> pd.DataFrame:
        """Rows of a word or phrase table whose term is used by at least ``k`` distinct authors.

        Parameters
        ----------
        frame : DataFrame
            The table (attention sums, n-grams, patterns, ...), one term per row.
        term_col : str
            Column holding the term: a word or a phrase, matched on token boundaries after the
            project's cleaning (:func:`mhtext.text.tokenize`).
        texts, authors : sequences
            The corpus the table was computed from, and each text's author (``None``: every text
            is its own author).

        Returns
        -------
        DataFrame
            ``frame`` unchanged when not sensitive; otherwise the kept rows (index kept), with
            ``attrs["withheld"]`` the number of rows removed.
        """
        if term_col not in frame.columns:
            raise KeyError(f"no column {term_col!r} in the table; columns: {', '.join(map(str, frame.columns))}")
        if not self.sensitive:
            return frame
        keep = self.allowed(frame[term_col].tolist(), texts, authors)
        out = frame[keep].copy()
        out.attrs["withheld"] = int((~keep).sum())
        return out

    def labels(self, labels: Sequence[Any], texts: Iterable[Any], authors: Iterable[Any] | None = None,
               *, placeholder: str = WITHHELD) -> list[Any]:
        """Figure tick labels with every term of fewer than ``k`` authors replaced by ``placeholder``."""
        labels = list(labels)
        keep = self.allowed(labels, texts, authors)
        return [lab if ok else placeholder for lab, ok in zip(labels, keep, strict=True)]

    def ids(self, frame: pd.DataFrame, text_cols: Sequence[str] = ("text",)) -> pd.DataFrame:
        """An error or confusion list with its text columns dropped when sensitive (ids stay)."""
        missing = [c for c in text_cols if c not in frame.columns]
        if missing:
            raise KeyError(f"text column(s) {missing} not in the list; columns: {', '.join(map(str, frame.columns))}")
        return frame.drop(columns=list(text_cols)) if self.sensitive else frame

    # -- what the run says about itself --------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """What the manifest records: sensitive, k and why."""
        return {"sensitive": self.sensitive, "k": int(self.k), "reasons": list(self.reasons)}

    def describe(self) -> str:
        """One sentence for a chapter: what the reader will and will not see."""
        if not self.sensitive:
            return "The data of this run are not sensitive: texts and word tables are shown as they are."
        return (f"The data of this run are sensitive ({'; '.join(self.reasons)}): example texts are withheld, "
                f"error lists show ids only, and word tables and figure labels keep only terms used by at least "
                f"{self.k} distinct authors.")


def author_counts(terms: Sequence[Any], texts: Iterable[Any], authors: Iterable[Any] | None = None) -> np.ndarray:
    """For each term (word or phrase), the number of distinct authors whose texts contain it.

    Terms and texts are tokenized alike (:func:`mhtext.text.tokenize`), so a phrase matches only
    whole tokens in order. A term with no tokens (punctuation, an emoji, a missing value) counts 0,
    so it is never shown under a sensitive data set. ``authors=None``: each text is its own author.
    """
    texts = list(texts)
    authors = range(len(texts)) if authors is None else list(authors)
    if len(authors) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(authors)} authors; pass one author per text")
    wanted = [tuple(tokenize(t)) if isinstance(t, str) else () for t in terms]
    by_n: dict[int, set[tuple[str, ...]]] = defaultdict(set)
    for w in wanted:
        if w:
            by_n[len(w)].add(w)
    users: dict[tuple[str, ...], set[Any]] = defaultdict(set)
    for text, author in zip(texts, authors, strict=True):
        if not isinstance(text, str):
            continue
        toks = tokenize(text)
        for n, grams in by_n.items():
            present = {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)} & grams
            for g in present:
                users[g].add(author)
    return np.array([len(users[w]) if w else 0 for w in wanted], dtype=int)


# -- the strong test's tools -------------------------------------------------------------------
#: Letters of canary tokens: consonants only, no ``s`` or ``y``, so no stemmer (a search index's)
#: can shorten them and no English word can equal them.
_CANARY_LETTERS = np.array(list("bcdfghjklmnpqrtvwxz"))


def plant_canaries(df: pd.DataFrame, text_col: str = "text", *, seed: int = 0, n_words: int = 5,
                   n_sentences: int = 5, author_col: str | None = None,
                   length: int = 12, repeats: int = 1) -> tuple[pd.DataFrame, list[str]]:
    """Plant unique canary strings in a corpus: rare words and whole sentences.

    Each canary word is inserted at a random position of one text; each canary sentence (five
    canary tokens and a full stop) is appended to another. Every planted text belongs to a
    different author (``author_col``; ``None``: each row is its own author; ``repeats`` writes a word
    into up to that many texts of its author), so each canary is
    used by exactly one author and a guard with ``k >= 2`` must withhold it.

    Returns
    -------
    (DataFrame, list of str)
        A copy of ``df`` (``attrs`` kept, the checksum recomputed) and the canaries: ``n_words`` words, then ``n_sentences``
        sentences. Search for them with :func:`find_canaries`.
    """
    rng = np.random.default_rng(seed)
    n = n_words + n_sentences
    owners = df.index.to_numpy() if author_col is None else df[author_col].to_numpy()
    first_rows = pd.Series(np.arange(len(df))).groupby(pd.Series(owners).astype(str).to_numpy()).first().to_numpy()
    if len(first_rows) < n:
        raise ValueError(f"{n} canaries need {n} distinct authors; the corpus has {len(first_rows)}")
    rows = rng.choice(np.sort(first_rows), size=n, replace=False)
    existing = set(" ".join(df[text_col].astype(str)).lower().split())
    made: set[str] = set()

    def token() -> str:
        while True:
            t = "zq" + "".join(rng.choice(_CANARY_LETTERS, size=length - 2))
            if t not in existing and t not in made:
                made.add(t)
                return t

    words = [token() for _ in range(n_words)]
    sentences = [" ".join(token() for _ in range(5)) + "." for _ in range(n_sentences)]
    out = df.copy()
    col = out.columns.get_loc(text_col)
    # ``repeats`` > 1 writes each word into up to that many texts of the same author, so that it can
    # reach a model's vocabulary (seen in training) and a table of test-set words, yet still has one author.
    by_owner = pd.Series(np.arange(len(df))).groupby(pd.Series(owners).astype(str).to_numpy()).agg(list)
    owner_of = {rows_[0]: rows_ for rows_ in by_owner}
    for r, w in zip(rows[:n_words], words, strict=True):
        for rr in owner_of[r][:max(1, repeats)]:
            toks = str(out.iat[rr, col]).split(" ")
            toks.insert(int(rng.integers(0, len(toks) + 1)), w)
            out.iat[rr, col] = " ".join(toks)
    for r, s in zip(rows[n_words:], sentences, strict=True):
        out.iat[r, col] = f"{str(out.iat[r, col]).rstrip()} {s[0].upper()}{s[1:]}"
    out.attrs = dict(df.attrs)
    if "checksum" in out.attrs:  # the content changed: a stale checksum would misname it in a manifest
        from mhtext.data.registry import frame_checksum

        out.attrs["checksum"] = frame_checksum(out)
    return out, words + sentences


_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\([nrtbf\"\\/])")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "\\": "\\", "/": "/"}
_WS = re.compile(r"\s+")


def _decode_json_escapes(text: str) -> str:
    return _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else _SIMPLE[m.group(2)], text)


def _json_strings(obj: Any) -> Iterable[str]:
    """Every string of a parsed JSON document; lists of strings also joined (notebook sources and
    outputs split a text into lines)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from _json_strings(v)
    elif isinstance(obj, list):
        if obj and all(isinstance(x, str) for x in obj):
            yield "".join(obj)
        for x in obj:
            yield from _json_strings(x)


def _views(raw: bytes) -> list[str]:
    """The texts a reader or a program could recover from a file: raw, JSON-decoded, HTML-unescaped."""
    text = raw.decode("utf-8", errors="replace")
    views = [text, _decode_json_escapes(text)] if "\\" in text else [text]
    if text.lstrip()[:1] in ("{", "["):
        try:
            views.append("\n".join(_json_strings(json.loads(text))))
        except ValueError:
            pass
    views += [html.unescape(v) for v in views if "&" in v]
    return list(dict.fromkeys(_WS.sub(" ", v).lower() for v in views))


def _contents(path: Path) -> Iterable[bytes]:
    """A file's bytes, and those of its members when it is a gzip or zip archive."""
    raw = path.read_bytes()
    yield raw
    if raw[:2] == b"\x1f\x8b":
        try:
            yield gzip.decompress(raw)
        except OSError:
            pass
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                yield zf.read(name)


def find_canaries(roots: str | Path | Iterable[str | Path], canaries: Iterable[str]) -> list[tuple[Path, str]]:
    """Every (file, canary) such that the canary appears in the file.

    Each file under ``roots`` (files or folders, searched recursively) is read as raw bytes (and
    archive members), as JSON with its ``\\uXXXX`` escapes decoded, and as HTML after
    :func:`html.unescape`; matching ignores case and runs of whitespace. A multi-word canary is
    also found through any one of its tokens of eight or more characters, since a leak may show a
    sentence cut into words. Missing roots are an error (a typo would make the test pass).
    """
    roots = [roots] if isinstance(roots, (str, Path)) else list(roots)
    needles: list[tuple[str, str]] = []
    for c in canaries:
        norm = _WS.sub(" ", c).strip().lower()
        needles.append((c, norm))
        if " " in norm:
            needles += [(c, t.strip(".,;:!?")) for t in norm.split(" ") if len(t.strip(".,;:!?")) >= 8]
    hits: set[tuple[Path, str]] = set()
    for root in map(Path, roots):
        if not root.exists():
            raise FileNotFoundError(f"canary search root {root} does not exist; run the notebooks and build first")
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
        for path in files:
            views = [v for blob in _contents(path) for v in _views(blob)]
            for canary, needle in needles:
                if (path, canary) not in hits and any(needle in v for v in views):
                    hits.add((path, canary))
    return sorted(hits, key=lambda h: (str(h[0]), h[1]))
