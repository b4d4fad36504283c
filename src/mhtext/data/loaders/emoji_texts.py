"""Emoji-bearing texts for distant supervision (DeepMoji, Felbo et al. 2017), real or simulated.

DeepMoji learned its representation by predicting, from a tweet with its emoji removed, which emoji the
tweet carried (1.2 billion tweets, the 64 most frequent emoji). No such corpus exists offline, so
:func:`emoji_corpus` gathers the emoji-bearing texts of the corpora this project already reads:

``source="real"``
    Every text bearing an emoji in TweetEval's emotion and sentiment tasks and in GoEmotions (original
    taxonomy), all splits present, read from ``$MHTEXT_DATA_DIR`` through the registered loaders.
    About 2,700 texts in the copy under ``shared/data``.
``source="simulated"``
    The emoji-bearing tweets of ``sim-mdi-timelines`` (the MDI simulator writes some tweets with VADER's
    face and heart emoji chosen by the NRC category of the tweet's emotion). About 3,000 tweets at
    ``scale=0.05``, growing linearly with ``scale``.

Emoji are found with a regular expression over the Unicode emoji blocks (see :data:`EMOJI_RE`); a label is
the emoji with its variation selectors and skin-tone modifiers removed, so ``❤️`` and ``❤``, or ``👍🏻``
and ``👍``, are one label (DeepMoji, too, pooled such variants). As in DeepMoji, a text with several
*different* emoji gives one row per distinct emoji (repeats of one emoji count once), and every emoji,
kept or not, is removed from the text.

The corpus is not a registered data set (``load`` does not list it): it is derived from registered data
sets, whose cards describe the texts, and it is real or simulated according to ``source``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from mhtext import paths
from mhtext.data.registry import DatasetNotFoundError, load

SOURCES = ("real", "simulated")
#: The real corpora read for ``source="real"`` and the keyword arguments their loaders get.
REAL_DATASETS: dict[str, dict[str, object]] = {
    "tweeteval-emotion": {},
    "tweeteval-sentiment": {},
    "goemotions": {"taxonomy": "original"},
}
SIMULATED_DATASET = "sim-mdi-timelines"

# Code points that start an emoji: Misc Technical (⌚⏰), Misc Symbols and Dingbats (☺☹❤✨), Misc Symbols
# and Arrows (⭐), and the supplementary planes' emoji blocks U+1F000-U+1FAFF (faces, hearts, objects,
# flags' regional indicators). Some symbols in these ranges are not emoji (♫, ✔); they are rare and, as
# labels, harmless.
_BASE = "\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001f1e5\U0001f200-\U0001faff"
_REGIONAL = "\U0001f1e6-\U0001f1ff"
_MODIFIER = "\ufe0e\ufe0f\U0001f3fb-\U0001f3ff"  # text/emoji variation selectors, skin tones
#: One emoji: a flag (two regional indicators) or a base code point with its modifiers and any
#: zero-width-joined continuation (👩‍💻, 🤷‍♀️).
EMOJI_RE = re.compile(
    f"[{_REGIONAL}]{{2}}|[{_REGIONAL}]"
    f"|[{_BASE}][{_MODIFIER}]*(?:\u200d[{_BASE}][{_MODIFIER}]*)*"
)
_STRIP_MODIFIERS = re.compile(f"[{_MODIFIER}]")
_SPACE = re.compile(r"\s+")
# A zero-width joiner or modifier left over from a sequence the expression did not start on.
_LEFTOVER = re.compile(f"[\u200d{_MODIFIER}]")


def find_emoji(text: str) -> list[str]:
    """The distinct emoji labels of ``text`` in order of first appearance (modifiers removed)."""
    return list(dict.fromkeys(_STRIP_MODIFIERS.sub("", m) for m in EMOJI_RE.findall(text)))


def remove_emoji(text: str) -> str:
    """``text`` without any emoji, whitespace collapsed to single spaces and stripped."""
    return _SPACE.sub(" ", _LEFTOVER.sub("", EMOJI_RE.sub(" ", text))).strip()


def _real_texts(data_dir: str | Path | None) -> pd.DataFrame:
    frames = []
    for name, kwargs in REAL_DATASETS.items():
        folder = None if data_dir is None else Path(data_dir) / name.split("-")[0]
        try:
            df = load(name, path=folder, **kwargs)
        except DatasetNotFoundError as exc:
            where = data_dir if data_dir is not None else f"${paths.DATA_DIR_ENV} (now {paths.data_dir()})"
            raise DatasetNotFoundError(
                f"emoji_corpus(source='real') reads {', '.join(REAL_DATASETS)} from {where}, "
                f"but {name!r} is missing there. Point {paths.DATA_DIR_ENV} (or data_dir=) at the folder "
                "holding tweeteval/ and goemotions/, or use source='simulated'.\n"
                f"The loader said: {exc}"
            ) from exc
        frames.append(pd.DataFrame({"text": df["text"].astype(str), "source": name}))
    return pd.concat(frames, ignore_index=True)


def _simulated_texts(scale: float, seed: int) -> pd.DataFrame:
    df = load(SIMULATED_DATASET, scale=scale, seed=seed)
    return pd.DataFrame({"text": df["text"].astype(str), "source": SIMULATED_DATASET})


def emoji_corpus(
    source: str,
    *,
    seed: int,
    max_texts: int | None = None,
    top_k: int = 64,
    min_count: int = 10,
    scale: float = 0.05,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Texts with their emoji removed, labelled by the emoji they carried (DeepMoji's pretraining data).

    Parameters
    ----------
    source : {"real", "simulated"}
        ``"real"``: TweetEval emotion + sentiment and GoEmotions (original), every split present, read from
        ``data_dir`` or ``$MHTEXT_DATA_DIR``. ``"simulated"``: the tweets of ``sim-mdi-timelines``.
    seed : int
        Seed of the simulator (``"simulated"``) and of the subsample drawn when ``max_texts`` is set.
    max_texts : int, optional
        Keep at most this many emoji-bearing texts, drawn at random without replacement (before rows
        are made per emoji, so a text keeps all its rows).
    top_k : int
        Keep the ``top_k`` most frequent emoji labels (DeepMoji: 64); ties broken by code point.
    min_count : int
        Of those, keep only labels carried by at least ``min_count`` texts: with little data fewer than
        ``top_k`` qualify. The frame's ``attrs["n_emoji"]`` says how many did.
    scale : float
        Simulator scale (``"simulated"`` only); about 60,000 emoji-bearing tweets per unit of scale.
    data_dir : path, optional
        Folder holding ``tweeteval/`` and ``goemotions/`` (``"real"`` only); default ``$MHTEXT_DATA_DIR``.

    Returns
    -------
    pandas.DataFrame
        One row per (text, distinct kept emoji): ``text`` (str, every emoji removed, whitespace
        normalised, never empty), ``emoji`` (str, the label), ``source`` (str, the data set it came
        from), ``text_id`` (int, the same for the rows of one text; group held-out splits by it).
        Rows are ordered by text, then by the emoji's first appearance. ``attrs``: ``source``,
        ``n_texts`` (emoji-bearing texts seen), ``n_emoji`` (labels kept), ``emoji`` (the kept labels,
        most frequent first) and ``counts`` (texts per kept label).

    Raises
    ------
    ValueError
        Unknown ``source``, ``top_k`` or ``min_count`` below 1, or no emoji label qualifies.
    mhtext.data.DatasetNotFoundError
        ``source="real"`` and a corpus is missing: the message names the variable and folder to set.
    """
    if source not in SOURCES:
        raise ValueError(f"emoji_corpus: source must be one of {SOURCES}, got {source!r}")
    if top_k < 1 or min_count < 1:
        raise ValueError(f"emoji_corpus: top_k and min_count must be at least 1, got {top_k} and {min_count}")
    raw = _real_texts(data_dir) if source == "real" else _simulated_texts(scale, seed)
    labels = raw["text"].map(find_emoji)
    texts = raw["text"].map(remove_emoji)
    # A text that is only emoji tells nothing about its emoji once they are removed.
    keep = (labels.str.len() > 0) & (texts != "")
    raw, labels, texts = raw[keep], labels[keep], texts[keep]
    # The same text with the same emoji (retweets, reposted comments) is one example, not several.
    firsts = ~pd.Series(list(zip(texts, labels.map(tuple), strict=True)), index=texts.index).duplicated()
    raw, labels, texts = raw[firsts], labels[firsts], texts[firsts]
    if max_texts is not None and len(texts) > max_texts:
        rng = np.random.default_rng(seed)
        pick = np.sort(rng.choice(len(texts), size=max_texts, replace=False))
        raw, labels, texts = raw.iloc[pick], labels.iloc[pick], texts.iloc[pick]
    counts = Counter(e for labs in labels for e in labs)
    ranked = sorted(counts, key=lambda e: (-counts[e], e))[:top_k]
    kept = [e for e in ranked if counts[e] >= min_count]
    if not kept:
        raise ValueError(
            f"emoji_corpus({source!r}): no emoji is carried by {min_count} or more of the {len(texts)} texts; "
            "lower min_count or use more data (scale, max_texts)."
        )
    kept_set = set(kept)
    rows = [
        (text, e, src, text_id)
        for text_id, (text, labs, src) in enumerate(zip(texts, labels, raw["source"], strict=True))
        for e in labs
        if e in kept_set
    ]
    out = pd.DataFrame(rows, columns=["text", "emoji", "source", "text_id"])
    out.attrs.update(source=source, n_texts=len(texts), n_emoji=len(kept), emoji=kept,
                     counts={e: counts[e] for e in kept})
    return out


def emoji_names(emoji: Sequence[str]) -> list[str]:
    """VADER's description of each emoji (``"face with tears of joy"``), or the emoji itself if unknown."""
    from importlib import resources as ilr

    lexicon = ilr.files("vaderSentiment").joinpath("emoji_utf8_lexicon.txt").read_text("utf-8")
    names: dict[str, str] = {}
    for line in lexicon.split("\n"):
        if "\t" in line:
            e, desc = line.split("\t", 1)
            names.setdefault(_STRIP_MODIFIERS.sub("", e), desc.strip())
    return [names.get(e, e) for e in emoji]
