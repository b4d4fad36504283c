"""Simulated corpora of study A (valence transfer).

Two corpora, one generative model of affective self-expression:

``sim-cbt-journals``
    Responses to a CBT monitoring log, four valence classes (positive, negative, both, neither),
    labelled by three simulated annotators with majority vote and three-way ties discarded, as in
    the paper's "Datasets and annotation".
``sim-sentiment140``
    Sentiment140-style tweets with a binary emoticon label (the emoticon itself stripped) and tweet
    noise (mentions, links, slang, elongations).

The mechanism
-------------
A response has a *latent* valence class. It is written as a sequence of clauses whose affect kinds
(negative, positive, neutral) are drawn from a class-specific mixture; with probability
``1 - signal`` a clause's kind is redrawn at random, and negated opposites ("i wasnt happy") carry
the other pole, so the class is only partly visible in the words. Annotators perceive the latent
class through a confusion model with per-annotator accuracy; the gold label is their majority.

Affect words come from open lexicons by one rule (:func:`affect_pools`), not from the paper: a
*journal core* of everyday feeling adjectives (Empath emotion categories, VADER valence between 1
and 3 in size, a matching NRC emotion, a WordNet adjective, among GloVe's 50k most frequent words,
drawn with a Zipf law over GloVe frequency rank) shared by both domains, and a *wide* pool of other
VADER words. ``domain_gap`` in ``[0, 1]`` sets how often tweets draw outside the core and how much
tweet-only style they carry: the knob the notebook sweeps to find when transfer helps.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from mhtext import resources
from mhtext.data.registry import register
from mhtext.data.simulate import engine

STUDY = "valence-transfer"
CLASSES = ("positive", "negative", "both", "neither")
#: Sentiment140's size: 1.6 M tweets, half positive, half negative (a corpus statistic).
SENTIMENT140_N = 1_600_000
#: Empath categories that define everyday feelings, and those that mark events rather than feelings.
EMPATH_NEG = ("nervousness", "sadness", "fear", "shame", "negative_emotion", "suffering", "disappointment")
EMPATH_POS = ("positive_emotion", "optimism", "contentment", "joy", "cheerfulness", "pride", "affection", "calm")
EMPATH_EVENTS = ("violence", "crime", "death", "kill", "weapon", "alcohol", "fight", "war", "aggression",
                 "terrorism", "sexual", "injury", "prison", "horror", "monster")
NRC_NEG, NRC_POS = ("fear", "sadness", "anger", "disgust"), ("joy", "trust", "anticipation")

#: Annotators' confusion when wrong (hand-set: a negative response is more often read as "both" than positive).
CONFUSION = {
    "negative": {"both": 0.55, "neither": 0.35, "positive": 0.10},
    "positive": {"both": 0.45, "neither": 0.45, "negative": 0.10},
    "both": {"negative": 0.55, "positive": 0.30, "neither": 0.15},
    "neither": {"negative": 0.45, "positive": 0.35, "both": 0.20},
}
#: Clause-kind mixture (negative, positive, neutral) of a response's free clauses, per latent class (hand-set).
CLAUSE_MIX = {
    "negative": (0.70, 0.04, 0.26),
    "positive": (0.04, 0.66, 0.30),
    "both": (0.40, 0.40, 0.20),
    "neither": (0.10, 0.08, 0.82),
}
#: The clauses every response of a class starts from (each then may be redrawn by noise).
_FIRST = {"negative": ("neg",), "positive": ("pos",), "both": ("neg", "pos"), "neither": ("neu",)}


def paper_shares() -> dict[str, float]:
    """Class shares of the 3,872 annotated responses, from :mod:`mhtext.published`."""
    return {c: engine.published_value(STUDY, f"data.share.{c}") for c in CLASSES}


@cache
def affect_pools(max_rank: int = 50_000) -> dict[str, tuple[str, ...]]:
    """Affect word pools chosen by a documented rule from open lexicons (see the module docstring).

    ``core_neg``/``core_pos`` are in GloVe frequency order (the order the Zipf draw uses);
    ``wide_neg``/``wide_pos`` are VADER words of the same sign outside the core.
    """
    from nltk.corpus import wordnet

    words, _ = resources.glove_6b_50d(max_rank)
    rank = {w: i for i, w in enumerate(words)}
    vader, nrc, emp = resources.vader_lexicon(), resources.nrc_lexicon(), resources.empath_categories()
    events = {w for c in EMPATH_EVENTS for w in emp.get(c, ())}

    def core(cats, nrc_cats, lo, hi):
        cand = {w for c in cats for w in emp.get(c, ())} - events
        keep = [w for w in cand if w.isalpha() and w in rank and w in vader.index and lo <= vader[w] <= hi
                and set(nrc.get(w, ())) & set(nrc_cats) and wordnet.synsets(w, pos="a")]
        return tuple(sorted(keep, key=rank.get))

    core_neg, core_pos = core(EMPATH_NEG, NRC_NEG, -3.0, -1.0), core(EMPATH_POS, NRC_POS, 1.0, 3.0)
    taken = set(core_neg) | set(core_pos)
    wide = [w for w in resources.words_by_valence(-3.5, 3.5) if w in rank and w not in taken and len(w) > 2]
    return {"core_neg": core_neg, "core_pos": core_pos,
            "wide_neg": tuple(w for w in wide if vader[w] <= -1.0),
            "wide_pos": tuple(w for w in wide if vader[w] >= 1.0)}


def _zipf_pool(pool: tuple[str, ...], a: float = 1.1) -> tuple[tuple[str, ...], list[float]]:
    return pool, engine.cumulative(np.arange(1, len(pool) + 1, dtype=float) ** -a)


class _Writer:
    """Fills clause templates; affect words by a Zipf law over the pool's frequency order."""

    def __init__(self, draws: engine.Draws, neg: tuple[str, ...], pos: tuple[str, ...], section: str) -> None:
        t = engine.templates("valence")
        self.d, self.t = draws, t
        self.kinds = t[section]
        self.neg, self.pos = _zipf_pool(neg), _zipf_pool(pos)
        self.pools = {k: t[k] for k in ("int", "act", "verb", "person", "place", "time", "topic")}

    def clause(self, kind: str) -> str:
        d = self.d
        fixed = {"neg": d.weighted(*self.neg), "neg2": d.weighted(*self.neg),
                 "pos": d.weighted(*self.pos), "pos2": d.weighted(*self.pos)}
        return engine.fill(d.pick(self.kinds[kind]), self.pools, d, fixed)


def _journal_text(cls: str, w: _Writer, signal: float) -> str:
    d = w.d
    kinds = list(_FIRST[cls])
    # Long tail of lengths: most responses are one or two clauses, a few are long (paper's Figure 3).
    kinds += [d.choice(dict(zip(("neg", "pos", "neu"), CLAUSE_MIX[cls], strict=True)))
              for _ in range(min(d.geometric(0.8), 14))]
    kinds = [k if d.chance(signal) else d.pick(("neg", "pos", "neu")) for k in kinds]
    kinds = [kinds[i] for i in d.rng.permutation(len(kinds))]
    text = w.clause(kinds[0])
    for k in kinds[1:]:
        text += d.pick(w.t["joiners"]) + w.clause(k)
    return text[0].upper() + text[1:] + "."


def _annotate(true: np.ndarray, accuracy, rng: np.random.Generator) -> np.ndarray:
    """Labels of each annotator (columns) for each latent class in ``true``."""
    out = np.empty((len(true), len(accuracy)), dtype=object)
    for j, acc in enumerate(accuracy):
        right = rng.random(len(true)) < acc
        for i, c in enumerate(true):
            out[i, j] = c if right[i] else rng.choice(list(CONFUSION[c]), p=list(CONFUSION[c].values()))
    return out


def _majority(labels: np.ndarray) -> np.ndarray:
    """Majority label per row; ``None`` for a three-way tie (discarded, as in the paper)."""
    out = np.empty(len(labels), dtype=object)
    for i, row in enumerate(labels):
        vals, counts = np.unique(row.astype(str), return_counts=True)
        out[i] = vals[counts.argmax()] if counts.max() >= 2 else None
    return out


@register("sim-cbt-journals")
def simulate_journals(*, n: int | None = None, scale: float = 1.0, seed: int = 0, signal: float = 0.84,
                      annotator_accuracy: tuple[float, float, float] = (0.75, 0.88, 0.86),
                      shares: dict[str, float] | None = None) -> pd.DataFrame:
    """Simulate annotated CBT journal responses (study A's target domain).

    Parameters
    ----------
    n : int, optional
        Responses kept after tie removal; default ``round(3872 * scale)``.
    scale : float
        Fraction of the paper's size, used when ``n`` is None.
    seed : int
        Seed of the generator; the same seed gives an identical frame.
    signal : float
        Probability that a clause keeps the affect kind its latent class drew. Calibrated so that the
        tf-idf + LR baseline lands near the paper's macro-F1 at scale 1 (the chapter redraws the curve).
    annotator_accuracy : tuple of 3 floats
        Probability that each annotator reports the latent class; fitted to the paper's kappas.
    shares : dict, optional
        Final class shares; default the paper's.

    Returns
    -------
    pandas.DataFrame
        ``response_id``, ``user_id``, ``text``, ``label`` (majority vote), ``annotator_1..3``,
        ``true_label`` (latent class, for inspection only).
    """
    where = "sim-cbt-journals"
    n = engine.scaled(int(engine.published_value(STUDY, "data.n_responses")), scale, floor=1, where=where) \
        if n is None else int(n)
    if n < 4:
        raise ValueError(f"{where}: n={n} is too small; need at least one response per class (n >= 4).")
    engine.check_unit("signal", signal, where)
    shares = dict(shares or paper_shares())
    rng = np.random.default_rng(seed)
    pools = affect_pools()
    # Annotate a pool larger than needed, drop ties, then keep exactly the paper's shares.
    pool_n = int(n * 1.6) + 40
    p = np.array(list(shares.values()))
    true = rng.choice(list(shares), size=pool_n, p=p / p.sum())
    ann = _annotate(true, annotator_accuracy, rng)
    gold = _majority(ann)
    keep: list[int] = []
    for cls, k in engine.exact_counts(n, shares).items():
        idx = np.flatnonzero(gold == cls)
        if len(idx) < k:
            raise RuntimeError(f"{where}: pool too small for class {cls!r}; raise the pool factor")
        keep += list(rng.choice(idx, size=k, replace=False))
    keep = sorted(keep)
    writer = _Writer(engine.Draws(rng), pools["core_neg"], pools["core_pos"], "journal")
    return pd.DataFrame({
        "response_id": np.arange(n),
        "user_id": rng.integers(0, max(1, n // 8), size=n),
        "text": [_journal_text(true[i], writer, signal) for i in keep],
        "label": gold[keep].astype(str),
        **{f"annotator_{j + 1}": ann[keep, j].astype(str) for j in range(3)},
        "true_label": true[keep].astype(str),
    })


def _tweet_noise(text: str, d: engine.Draws, slang) -> str:
    words = text.split()
    if d.chance(0.35):
        words.insert(int(d.u() * (len(words) + 1)), d.pick(slang))
    if d.chance(0.25):
        words.insert(0, f"@user{int(d.u() * 1000)}")
    if d.chance(0.10):
        words.append(f"http://tinyurl.com/{int(d.u() * 10**6):x}")
    if d.chance(0.15):
        i = int(d.u() * len(words))
        if words[i].isalpha() and len(words[i]) > 2:
            words[i] += words[i][-1] * (1 + int(d.u() * 3))
    return " ".join(words) + ("!" * int(d.u() * 3) if d.chance(0.3) else "")


@register("sim-sentiment140")
def simulate_tweets(*, n: int | None = None, scale: float = 1.0, seed: int = 0, domain_gap: float = 0.3,
                    label_noise: float = 0.12) -> pd.DataFrame:
    """Simulate Sentiment140-style tweets (study A's source domain).

    Parameters
    ----------
    n : int, optional
        Number of tweets; default ``round(1_600_000 * scale)``. Half are positive.
    scale, seed
        Fraction of Sentiment140's size (when ``n`` is None); seed of the generator.
    domain_gap : float
        0: tweets use the journals' core affect words and little tweet-only style; 1: only words
        outside the core and heavy tweet style.
    label_noise : float
        Share of tweets whose emoticon disagrees with their words (sarcasm, mixed moods): the noise
        of Sentiment140's distant supervision.

    Returns
    -------
    pandas.DataFrame
        ``tweet_id``, ``user_id``, ``timestamp``, ``text``, ``label`` (positive/negative), ``polarity`` (0/4).
    """
    where = "sim-sentiment140"
    n = engine.scaled(SENTIMENT140_N, scale, floor=1, where=where) if n is None else int(n)
    if n < 2:
        raise ValueError(f"{where}: n={n} is too small; need at least 2 tweets.")
    engine.check_unit("domain_gap", domain_gap, where)
    engine.check_unit("label_noise", label_noise, where)
    rng = np.random.default_rng(seed)
    d, pools = engine.Draws(rng), affect_pools()
    writers = {wide: _Writer(d, pools[f"{p}_neg"], pools[f"{p}_pos"], "tweet")
               for wide, p in ((False, "core"), (True, "wide"))}
    slang = writers[False].t["slang"]
    labels = np.array(["negative", "positive"])[rng.permutation(np.arange(n) % 2)]
    texts = []
    for lab in labels:
        w = writers[d.chance(domain_gap)]  # which vocabulary this tweet's affect words come from
        shown = lab if not d.chance(label_noise) else ("positive" if lab == "negative" else "negative")
        n_clauses = 1 + d.chance(0.6) + d.chance(0.3)
        text = " ".join(w.clause("neu" if d.chance(0.25) else shown[:3]) for _ in range(n_clauses))
        # Tweet style grows with the gap: at gap 0 tweets read almost like journal clauses.
        texts.append(_tweet_noise(text, d, slang) if d.chance(0.3 + 0.7 * domain_gap) else text)
    seconds = np.sort(rng.integers(0, 80 * 24 * 3600, size=n))
    return pd.DataFrame({
        "tweet_id": np.arange(1_467_810_000, 1_467_810_000 + n),
        "user_id": rng.integers(0, max(1, n // 3), size=n),
        "timestamp": pd.Timestamp("2009-04-06", tz="UTC") + pd.to_timedelta(seconds, unit="s"),
        "text": texts,
        "label": labels,
        "polarity": np.where(labels == "positive", 4, 0),
    })


def annotator_agreement(df: pd.DataFrame) -> dict[str, float]:
    """Pairwise Cohen's kappas and Fleiss' kappa of the three annotator columns."""
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

    cols = ["annotator_1", "annotator_2", "annotator_3"]
    out = {f"a{a + 1}_a{b + 1}": float(cohen_kappa_score(df[cols[a]], df[cols[b]])) for a, b in [(0, 1), (1, 2), (0, 2)]}
    out["fleiss"] = float(fleiss_kappa(aggregate_raters(df[cols].to_numpy())[0]))
    return out


#: The corpora this module simulates, for the data chapter.
CORPORA = ("sim-cbt-journals", "sim-sentiment140")


def corpus_statistics(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Statistics paper A reports about its journal data, keyed as in ``mhtext.published``."""
    df, name = frames["sim-cbt-journals"], "sim-cbt-journals"
    shares = df["label"].value_counts(normalize=True)
    agree = annotator_agreement(df)
    rows = [(name, "data.n_responses", len(df))]
    rows += [(name, f"data.share.{c}", shares.get(c, 0.0)) for c in CLASSES]
    rows += [(name, f"data.kappa.{k}", v) for k, v in agree.items() if k != "fleiss"]
    rows.append((name, "data.fleiss_kappa", agree["fleiss"]))
    return engine.stats_frame(rows)


def shortcut_audit(frames: dict[str, pd.DataFrame], seed: int = 0) -> pd.DataFrame:
    """Trivial shortcuts on the journals beside the published number of the method they would fake."""
    from mhtext.data.simulate import audit

    df, name = frames["sim-cbt-journals"], "sim-cbt-journals"
    lr = engine.published_value(STUDY, "table1.logreg.macro_f1")
    half = len(df) // 2
    lex = resources.vader_lexicon()
    vader_sum = [sum(lex.get(t, 0.0) for t in str(x).lower().split()) for x in df["text"]]
    # A lexicon read-back: four classes from the VADER sum's sign and size, fitted by CV like a feature.
    vader_f1 = audit.single_feature_score(vader_sum, df["label"], seed=seed, log=False)
    return engine.audit_frame([
        dict(corpus=name, shortcut="majority class", metric="macro-F1", score=audit.majority_macro_f1(df["label"]),
             published_quantity="table1.logreg.macro_f1", published=lr, bound=0.25,
             why="always 'negative' scores 0.78/4 ≈ 0.19 by the class shares"),
        dict(corpus=name, shortcut="response length", metric="macro-F1",
             score=audit.single_feature_score(df["text"].str.split().str.len(), df["label"], seed=seed),
             published_quantity="table1.logreg.macro_f1", published=lr, bound=0.40,
             why="'both' is longer by construction (two poles), but length alone must stay far below the baseline"),
        dict(corpus=name, shortcut="VADER sum (lexicon read-back)", metric="macro-F1", score=vader_f1,
             published_quantity="table1.logreg.macro_f1", published=lr, bound=0.55,
             why="a lexicon sum is a weaker baseline than tf-idf + LR; it must not reach the calibrated baseline"),
        dict(corpus=name, shortcut="verbatim sentences, second half in first", metric="share of sentences",
             score=audit.verbatim_overlap(df["text"][:half], df["text"][half:]), published_quantity="",
             published=np.nan, bound=0.35,
             why="short template clauses recur; most test sentences must still be new strings"),
    ])


#: Trajectory shapes of a patient's affect across sessions (paper A's Discussion).
TRAJECTORIES = ("improving", "worsening", "plateau", "oscillating")


def _p_negative(kind: str, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    x = t / max(1, t[-1])
    base = {"improving": 0.85 - 0.6 * x, "worsening": 0.25 + 0.6 * x, "plateau": np.full_like(x, 0.75),
            "oscillating": np.where(t % 2 == 0, 0.85, 0.2)}[kind]
    return np.clip(base + rng.normal(0, 0.05, size=len(t)), 0.02, 0.98)


@register("sim-valence-trajectories")
def simulate_trajectories(*, n_users: int = 200, n_sessions: int = 8, seed: int = 0,
                          signal: float = 0.84) -> pd.DataFrame:
    """Simulate patients writing one response per session along an affect trajectory.

    Each user follows one of :data:`TRAJECTORIES`; at session ``t`` the response's latent class is
    negative with a trajectory-dependent probability, otherwise one of the other three classes (for
    oscillating users, mostly positive or both). Texts come from the journals' generator.

    Returns
    -------
    pandas.DataFrame
        ``user_id``, ``trajectory``, ``session``, ``p_negative`` (latent), ``true_label``, ``text``.
    """
    if n_users < len(TRAJECTORIES) or n_sessions < 3:
        raise ValueError(f"need n_users >= {len(TRAJECTORIES)} and n_sessions >= 3, got {n_users}, {n_sessions}")
    rng = np.random.default_rng(seed)
    pools = affect_pools()
    writer = _Writer(engine.Draws(rng), pools["core_neg"], pools["core_pos"], "journal")
    rows, t = [], np.arange(n_sessions)
    for u in range(n_users):
        kind = TRAJECTORIES[u % len(TRAJECTORIES)]
        p_neg = _p_negative(kind, t, rng)
        p_other = (0.45, 0.35, 0.20) if kind == "oscillating" else (0.35, 0.25, 0.40)
        for s in t:
            cls = "negative" if rng.random() < p_neg[s] else str(rng.choice(("positive", "both", "neither"), p=p_other))
            rows.append((u, kind, int(s), float(p_neg[s]), cls, _journal_text(cls, writer, signal)))
    return pd.DataFrame(rows, columns=["user_id", "trajectory", "session", "p_negative", "true_label", "text"])
