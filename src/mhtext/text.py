"""Text preprocessing shared by the studies: validation, cleaning, tokenizing, vocabularies."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

_URL = re.compile(r"(https?://\S+|www\.\S+)")
_MENTION = re.compile(r"@\w+")
_APOSTROPHE = re.compile(r"['’`]")
_NON_WORD = re.compile(r"[^a-z0-9\s]")
_SPACE = re.compile(r"\s+")

PAD, UNK = "<pad>", "<unk>"


def validate_texts(texts: Iterable[object], *, where: str = "texts") -> list[str]:
    """Check that every item is a non-empty string; return them as a list.

    Raises
    ------
    TypeError
        An item is not a string (its position and type are named).
    ValueError
        Items are empty or whitespace only (their positions are named); drop them
        upstream, e.g. with ``df[df.text.str.strip() != ""]``.
    """
    out = list(texts)
    bad_type = [(i, type(t).__name__) for i, t in enumerate(out) if not isinstance(t, str)]
    if bad_type:
        i, kind = bad_type[0]
        raise TypeError(f"{where}: item {i} is {kind}, not str ({len(bad_type)} such items); "
                        "convert or drop them before fitting")
    empty = [i for i, t in enumerate(out) if not t.strip()]
    if empty:
        raise ValueError(f"{where}: {len(empty)} empty or whitespace-only texts, first at positions {empty[:5]}; "
                         "drop them before fitting")
    return out


def clean_text(text: str) -> str:
    """The paper's preprocessing: lowercase, remove links, user mentions and punctuation.

    Apostrophes are removed without a space (``didn't`` -> ``didnt``), as in paper A's Table 2.
    """
    text = _URL.sub(" ", text.lower())
    text = _MENTION.sub(" ", text)
    text = _APOSTROPHE.sub("", text)
    text = _NON_WORD.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def tokenize(text: str) -> list[str]:
    """Tokens of :func:`clean_text`."""
    return clean_text(text).split()


class Vocabulary:
    """Token <-> id map with ``<pad>`` = 0 and ``<unk>`` = 1.

    Parameters
    ----------
    tokens : sequence of str
        Tokens in id order (after the two specials).
    """

    def __init__(self, tokens: Sequence[str] = ()):
        self.itos: list[str] = [PAD, UNK]
        self.stoi: dict[str, int] = {PAD: 0, UNK: 1}
        self.extend(tokens)

    @classmethod
    def build(cls, docs: Iterable[Sequence[str]], *, min_count: int = 1, max_size: int | None = None) -> Vocabulary:
        """Vocabulary of tokens seen at least ``min_count`` times, most frequent first (ties alphabetical)."""
        counts = Counter(tok for doc in docs for tok in doc)
        ranked = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
        return cls(ranked[:max_size] if max_size else ranked)

    def extend(self, tokens: Iterable[str]) -> list[str]:
        """Add unseen tokens at the end; return those added."""
        added = []
        for t in tokens:
            if t not in self.stoi:
                self.stoi[t] = len(self.itos)
                self.itos.append(t)
                added.append(t)
        return added

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, doc: Sequence[str], max_len: int) -> list[int]:
        """Ids of a token list, truncated to ``max_len``; an empty list becomes ``[<unk>]``."""
        ids = [self.stoi.get(t, 1) for t in doc[:max_len]]
        return ids or [1]

    def coverage(self, docs: Iterable[Sequence[str]]) -> float:
        """Share of tokens in ``docs`` that the vocabulary knows."""
        total = known = 0
        for doc in docs:
            total += len(doc)
            known += sum(t in self.stoi for t in doc)
        return known / total if total else 0.0


def pad_batch(seqs: Sequence[Sequence[int]], multiple: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad id lists with 0 to the longest length, rounded up to ``multiple``; return (ids, lengths)."""
    lengths = np.array([len(s) for s in seqs], dtype=np.int64)
    width = int(-(-lengths.max() // multiple) * multiple)
    out = np.zeros((len(seqs), width), dtype=np.int64)
    for i, s in enumerate(seqs):
        out[i, : len(s)] = s
    return out, lengths
