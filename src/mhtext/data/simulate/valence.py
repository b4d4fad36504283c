"""Simulated corpora of study A (valence transfer).

Two corpora, one generative model of affective self-expression:

``sim-cbt-journals``
    Responses to a CBT monitoring log, four valence classes (positive, negative,
    both, neither), labelled by three simulated annotators with majority vote and
    three-way ties discarded, as in the paper's "Datasets and annotation".
``sim-sentiment140``
    Sentiment140-style tweets with a binary emoticon label (the emoticon itself
    stripped, as in the ``noemoticon`` release) and tweet noise (mentions, links,
    slang, elongations).

The generative model
--------------------
A text is a sequence of *clauses*. Each clause has an affect kind (negative,
positive or neutral) and is written from a template whose slot is filled from a
word pool. A response of latent class ``c`` draws its clause kinds from a
class-specific mixture (e.g. "both" has at least one positive and one negative
clause), but with probability ``1 - signal`` a clause's kind is redrawn at
random, and negated positives ("not interesting") carry negative meaning, so the
class signal is partial. Annotators perceive the latent class through a
confusion model with per-annotator accuracy; the gold label is their majority.

Affect words come from the VADER lexicon (shipped by ``vaderSentiment``),
restricted to the 50k most frequent GloVe words so they are ordinary English.
A *core* set of words typical of therapy journals (worry, anxiety, calm, ...)
is shared by both domains; ``domain_gap`` in ``[0, 1]`` sets how often tweets
draw their affect words outside that core (0: the same words as the journals,
1: disjoint affect vocabularies) and how much tweet-only style they carry.
This is the knob the notebook sweeps to measure when transfer helps.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from mhtext import resources
from mhtext.data.registry import register

CLASSES = ("positive", "negative", "both", "neither")
#: Class shares of the 3,872 annotated responses (paper A, "Datasets and annotation").
PAPER_SHARES = {"negative": 0.635, "positive": 0.104, "neither": 0.143, "both": 0.117}
PAPER_N = 3872
#: Sentiment140 has 1.6 M tweets, half positive, half negative.
SENTIMENT140_N = 1_600_000

# Words typical of CBT monitoring logs: the shared core of both domains.
CORE_NEG = (
    "worried anxious uncomfortable bad stressed awkward nervous overwhelmed scared upset frustrated sad lonely "
    "embarrassed guilty hopeless tense irritated ashamed afraid panicked angry exhausted insecure stupid annoyed "
    "worthless hurt miserable depressed"
).split()
CORE_POS = (
    "better fine calm great relaxed nice okay proud good confident happy hopeful comfortable glad grateful "
    "peaceful accomplished interesting likable capable safe content cheerful motivated"
).split()
# Words that are slot fillers for neutral clauses: activities, people, places.
ACTIVITIES = (
    "wrote in my journal|read a book|went to class|cooked dinner|did the dishes|took a walk|went to work|called my mom|"
    "watched a show|cleaned my room|went grocery shopping|studied for an exam|did laundry|went to the gym|"
    "took the bus|had lunch with a friend|answered emails|went to bed early|drove to the store|fed the dog|"
    "practiced the breathing exercise|went to a meeting|worked on a paper|made coffee|sat in the library"
).split("|")
PEOPLE = "my roommate|my boss|my sister|a coworker|my friends|my partner|my professor|my parents|a stranger|my team".split("|")
PLACES = "at work|in class|at the party|at home|at the store|on the phone|in the meeting|at dinner|on campus".split("|")
TIMES = "today|this morning|tonight|yesterday|this afternoon|after lunch|before bed|on the way home".split("|")

NEG_TEMPLATES = (
    "i felt {neg} {place}",
    "i was really {neg} about {person}",
    "i got {neg} when {person} looked at me",
    "i kept thinking i would mess up and felt {neg}",
    "i dont do well {place} and i felt {neg}",
    "im not {pos} enough",
    "i didnt feel {pos} at all",
    "i couldnt stop feeling {neg}",
    "i was {neg} and {neg2} {time}",
    "everyone thought i was {neg}",
    "i cant handle this i feel so {neg}",
    "i worried that {person} was {neg} with me",
    "it was {neg} and i wanted to leave",
    "i felt {neg} the whole time",
    "i wont be able to do it i am too {neg}",
    "my heart was racing and i felt {neg}",
)
POS_TEMPLATES = (
    "i felt {pos} {place}",
    "i am {pos} and {pos2} enough",
    "talking to {person} made me feel {pos}",
    "i handled it well and felt {pos}",
    "it went {pos} {time}",
    "i was {pos} after the breathing exercise",
    "i reminded myself i am {pos}",
    "i felt {pos} about how i did",
    "{person} said i did a {pos} job",
    "i was surprisingly {pos} {place}",
    "things were {pos} {time}",
    "i felt {pos} and {pos2}",
)
NEUTRAL_TEMPLATES = (
    "i {act}",
    "i {act} {time}",
    "{time} i {act}",
    "i {act} and then i {act2}",
    "i {act} with {person}",
    "i was {place} {time}",
    "i talked to {person} {place}",
    "i {act} until i was tired enough to sleep",
)
JOINERS = (" ", " but ", " and ", " then ", ". ", ", ")

TWEET_TOPICS = (
    "work|monday|the weekend|my exam|this weather|the game|my phone|traffic|the new album|summer|"
    "the movie|my car|twitter|class|the beach|dinner|my birthday|the concert|homework|the gym"
).split("|")
TWEET_NEG_TEMPLATES = (
    "{topic} is so {neg}",
    "feeling {neg} {time}",
    "ugh {topic} {neg}",
    "so {neg} about {topic}",
    "why is {topic} always {neg}",
    "i hate {topic} im {neg}",
    "not {pos} at all {topic}",
    "cant believe {topic} {neg}",
)
TWEET_POS_TEMPLATES = (
    "{topic} was {pos}",
    "feeling {pos} {time}",
    "love {topic} so {pos}",
    "so {pos} about {topic}",
    "{topic} is {pos} and {pos2}",
    "yay {topic} {pos}",
    "had a {pos} time at {topic}",
)
TWEET_NEUTRAL_TEMPLATES = ("going to {topic} {time}", "{topic} {time}", "watching {topic}", "thinking about {topic}")
TWEET_SLANG = "lol|omg|haha|ugh|yay|lmao|gonna|wanna|tbh|idk|smh|soooo|xoxo|brb|ftw".split("|")

# Confusion model of annotators: when wrong, which class they pick instead.
_CONFUSION = {
    "negative": {"both": 0.55, "neither": 0.35, "positive": 0.10},
    "positive": {"both": 0.45, "neither": 0.45, "negative": 0.10},
    "both": {"negative": 0.55, "positive": 0.30, "neither": 0.15},
    "neither": {"negative": 0.45, "positive": 0.35, "both": 0.20},
}
# Mixture of clause kinds per latent class: (p_negative, p_positive, p_neutral) for free clauses.
_CLAUSE_MIX = {
    "negative": (0.70, 0.04, 0.26),
    "positive": (0.04, 0.66, 0.30),
    "both": (0.40, 0.40, 0.20),
    "neither": (0.10, 0.08, 0.82),
}


@cache
def _pools() -> dict[str, tuple[str, ...]]:
    """Affect word pools: journal core, and VADER words outside the core (common words only)."""
    glove_words, _ = resources.glove_6b_50d(50_000)
    common = set(glove_words)
    core = set(CORE_NEG) | set(CORE_POS)
    neg = [w for w in resources.words_by_valence(-3.5, -1.0) if w in common and w not in core and len(w) > 2]
    pos = [w for w in resources.words_by_valence(1.0, 3.5) if w in common and w not in core and len(w) > 2]
    return {"core_neg": tuple(CORE_NEG), "core_pos": tuple(CORE_POS), "wide_neg": tuple(neg), "wide_pos": tuple(pos)}


def _zipf_choice(rng: np.random.Generator, pool: tuple[str, ...], a: float = 1.1) -> str:
    # A few words dominate, as in real text (Table 2's "worried", "anxious").
    ranks = np.arange(1, len(pool) + 1, dtype=float)
    p = ranks**-a
    return pool[rng.choice(len(pool), p=p / p.sum())]


def _fill(template: str, rng: np.random.Generator, neg_pool, pos_pool, extra: dict[str, tuple[str, ...]]) -> str:
    slots = {
        "neg": _zipf_choice(rng, neg_pool),
        "neg2": _zipf_choice(rng, neg_pool),
        "pos": _zipf_choice(rng, pos_pool),
        "pos2": _zipf_choice(rng, pos_pool),
    }
    for key, pool in extra.items():
        slots[key] = pool[rng.integers(len(pool))]
    return template.format(**slots)


def _journal_text(cls: str, rng: np.random.Generator, signal: float, pools: dict) -> str:
    kinds: list[str] = {"negative": ["neg"], "positive": ["pos"], "both": ["neg", "pos"], "neither": ["neu"]}[cls]
    # Long tail of lengths: most responses are one or two clauses, a few are long (paper's Figure 3).
    n_extra = int(min(rng.geometric(0.55) - 1, 14))
    mix = np.asarray(_CLAUSE_MIX[cls])
    kinds += list(rng.choice(["neg", "pos", "neu"], size=n_extra, p=mix))
    # Partial signal: each clause's kind is redrawn uniformly with probability 1 - signal.
    kinds = [k if rng.random() < signal else str(rng.choice(["neg", "pos", "neu"])) for k in kinds]
    rng.shuffle(kinds)
    extra = {"place": PLACES, "person": PEOPLE, "time": TIMES, "act": ACTIVITIES, "act2": ACTIVITIES}
    templates = {"neg": NEG_TEMPLATES, "pos": POS_TEMPLATES, "neu": NEUTRAL_TEMPLATES}
    parts = []
    for k in kinds:
        tpl = templates[k][rng.integers(len(templates[k]))]
        parts.append(_fill(tpl, rng, pools["core_neg"], pools["core_pos"], extra))
    text = parts[0]
    for p in parts[1:]:
        text += JOINERS[rng.integers(len(JOINERS))] + p
    return text[0].upper() + text[1:] + "."


def _annotate(true: np.ndarray, accuracy: tuple[float, ...], rng: np.random.Generator) -> np.ndarray:
    """Labels of each annotator (columns) for each latent class in ``true``."""
    out = np.empty((len(true), len(accuracy)), dtype=object)
    for j, acc in enumerate(accuracy):
        for i, c in enumerate(true):
            if rng.random() < acc:
                out[i, j] = c
            else:
                alt = _CONFUSION[c]
                out[i, j] = rng.choice(list(alt), p=list(alt.values()))
    return out


def _majority(labels: np.ndarray) -> np.ndarray:
    """Majority label per row; ``None`` for a three-way tie (discarded, as in the paper)."""
    out = np.empty(len(labels), dtype=object)
    for i, row in enumerate(labels):
        vals, counts = np.unique(row.astype(str), return_counts=True)
        out[i] = vals[counts.argmax()] if counts.max() >= 2 else None
    return out


@register("sim-cbt-journals")
def simulate_journals(
    *,
    n: int | None = None,
    scale: float = 1.0,
    seed: int = 0,
    signal: float = 0.79,
    annotator_accuracy: tuple[float, float, float] = (0.75, 0.88, 0.86),
    shares: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Simulate annotated CBT journal responses (study A's target domain).

    Parameters
    ----------
    n : int, optional
        Number of responses kept after tie removal; default ``round(3872 * scale)``.
    scale : float
        Fraction of the paper's size, used when ``n`` is None.
    seed : int
        Seed of the generator; the same seed gives an identical frame.
    signal : float
        Probability that a clause keeps the affect kind its latent class drew (the rest
        are redrawn at random). The one knob calibrated, so that the tf-idf baseline lands
        near the paper's macro-F1; see the notebook's calibration section.
    annotator_accuracy : tuple of 3 floats
        Probability that each annotator reports the latent class.
    shares : dict, optional
        Final class shares; default the paper's.

    Returns
    -------
    pandas.DataFrame
        ``response_id``, ``user_id``, ``text``, ``label`` (majority vote),
        ``annotator_1..3``, ``true_label`` (latent class, for inspection only).
    """
    n = int(round(PAPER_N * scale)) if n is None else int(n)
    if n < 4:
        raise ValueError(f"sim-cbt-journals: n={n} is too small; need at least one response per class (n >= 4).")
    if not 0.0 <= signal <= 1.0:
        raise ValueError(f"sim-cbt-journals: signal must lie in [0, 1], got {signal}")
    shares = dict(shares or PAPER_SHARES)
    rng = np.random.default_rng(seed)
    pools = _pools()
    # Draw a pool larger than needed, annotate, drop ties, then sample exactly the paper's shares.
    pool_n = int(n * 1.6) + 40
    true = rng.choice(list(shares), size=pool_n, p=np.array(list(shares.values())) / sum(shares.values()))
    ann = _annotate(true, annotator_accuracy, rng)
    gold = _majority(ann)
    keep_idx: list[int] = []
    counts = _exact_counts(n, shares)
    for cls, k in counts.items():
        idx = np.flatnonzero(gold == cls)
        if len(idx) < k:
            raise RuntimeError(f"sim-cbt-journals: pool too small for class {cls!r}; raise the pool factor")
        keep_idx += list(rng.choice(idx, size=k, replace=False))
    keep_idx = sorted(keep_idx)
    texts = [_journal_text(true[i], rng, signal, pools) for i in keep_idx]
    n_users = max(1, n // 8)
    df = pd.DataFrame(
        {
            "response_id": np.arange(n),
            "user_id": rng.integers(0, n_users, size=n),
            "text": texts,
            "label": gold[keep_idx].astype(str),
            "annotator_1": ann[keep_idx, 0].astype(str),
            "annotator_2": ann[keep_idx, 1].astype(str),
            "annotator_3": ann[keep_idx, 2].astype(str),
            "true_label": true[keep_idx].astype(str),
        }
    )
    return df


def _exact_counts(n: int, shares: dict[str, float]) -> dict[str, int]:
    """Largest-remainder rounding of ``n * share`` so counts sum to ``n`` and none is zero."""
    total = sum(shares.values())
    raw = {k: n * v / total for k, v in shares.items()}
    counts = {k: max(1, int(np.floor(v))) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - np.floor(raw[k]), reverse=True):
        if sum(counts.values()) >= n:
            break
        counts[k] += 1
    while sum(counts.values()) > n:
        k = max(counts, key=counts.get)
        counts[k] -= 1
    return counts


def _tweet_noise(text: str, rng: np.random.Generator) -> str:
    words = text.split()
    if rng.random() < 0.35:
        words.insert(int(rng.integers(len(words) + 1)), TWEET_SLANG[rng.integers(len(TWEET_SLANG))])
    if rng.random() < 0.25:
        words.insert(0, f"@user{rng.integers(1000)}")
    if rng.random() < 0.10:
        words.append(f"http://tinyurl.com/{rng.integers(10**6):x}")
    if rng.random() < 0.15:
        i = int(rng.integers(len(words)))
        w = words[i]
        if w.isalpha() and len(w) > 2:
            words[i] = w + w[-1] * int(rng.integers(1, 4))
    text = " ".join(words)
    return text + ("!" * int(rng.integers(0, 3)) if rng.random() < 0.3 else "")


@register("sim-sentiment140")
def simulate_tweets(
    *,
    n: int | None = None,
    scale: float = 1.0,
    seed: int = 0,
    domain_gap: float = 0.3,
    label_noise: float = 0.12,
) -> pd.DataFrame:
    """Simulate Sentiment140-style tweets (study A's source domain).

    Parameters
    ----------
    n : int, optional
        Number of tweets; default ``round(1_600_000 * scale)``. Half are positive.
    scale : float
        Fraction of Sentiment140's size, used when ``n`` is None.
    seed : int
        Seed of the generator.
    domain_gap : float
        0: tweets use the journals' affect words and little tweet-only style; 1: disjoint
        affect vocabularies and heavy tweet style. The notebook sweeps it.
    label_noise : float
        Share of tweets whose emoticon disagrees with their words (sarcasm, mixed moods),
        the noise of Sentiment140's distant supervision.

    Returns
    -------
    pandas.DataFrame
        ``tweet_id``, ``user_id``, ``timestamp``, ``text``, ``label`` (``"positive"``/``"negative"``),
        ``polarity`` (0/4 as in Sentiment140).
    """
    n = int(round(SENTIMENT140_N * scale)) if n is None else int(n)
    if n < 2:
        raise ValueError(f"sim-sentiment140: n={n} is too small; need at least 2 tweets.")
    if not 0.0 <= domain_gap <= 1.0:
        raise ValueError(f"sim-sentiment140: domain_gap must lie in [0, 1], got {domain_gap}")
    rng = np.random.default_rng(seed)
    pools = _pools()
    labels = np.array(["negative", "positive"])[rng.permutation(np.arange(n) % 2)]
    extra = {"topic": TWEET_TOPICS, "time": TIMES}
    texts = []
    for lab in labels:
        # Which vocabulary this tweet's affect words come from: shared core or tweet-only.
        wide = rng.random() < domain_gap
        neg_pool = pools["wide_neg"] if wide else pools["core_neg"]
        pos_pool = pools["wide_pos"] if wide else pools["core_pos"]
        shown = lab if rng.random() >= label_noise else ("positive" if lab == "negative" else "negative")
        n_clauses = 1 + int(rng.random() < 0.6) + int(rng.random() < 0.3)
        parts = []
        for _ in range(n_clauses):
            r = rng.random()
            if r < 0.25:
                tpls = TWEET_NEUTRAL_TEMPLATES
            else:
                tpls = TWEET_NEG_TEMPLATES if shown == "negative" else TWEET_POS_TEMPLATES
            parts.append(_fill(tpls[rng.integers(len(tpls))], rng, neg_pool, pos_pool, extra))
        text = " ".join(parts)
        # Tweet style grows with the gap: at gap 0 tweets read almost like journal clauses.
        if rng.random() < 0.3 + 0.7 * domain_gap:
            text = _tweet_noise(text, rng)
        texts.append(text)
    start = pd.Timestamp("2009-04-06", tz="UTC")
    seconds = np.sort(rng.integers(0, 80 * 24 * 3600, size=n))
    return pd.DataFrame(
        {
            "tweet_id": np.arange(1_467_810_000, 1_467_810_000 + n),
            "user_id": rng.integers(0, max(1, n // 3), size=n),
            "timestamp": start + pd.to_timedelta(seconds, unit="s"),
            "text": texts,
            "label": labels,
            "polarity": np.where(labels == "positive", 4, 0),
        }
    )


def annotator_agreement(df: pd.DataFrame) -> dict[str, float]:
    """Pairwise Cohen's kappas and Fleiss' kappa of the three annotator columns."""
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

    cols = ["annotator_1", "annotator_2", "annotator_3"]
    out = {}
    for a, b in [(0, 1), (1, 2), (0, 2)]:
        out[f"a{a + 1}_a{b + 1}"] = float(cohen_kappa_score(df[cols[a]], df[cols[b]]))
    table, _ = aggregate_raters(df[cols].to_numpy())
    out["fleiss"] = float(fleiss_kappa(table))
    return out


#: The corpora this module simulates, for the data chapter.
CORPORA = ("sim-cbt-journals", "sim-sentiment140")


def corpus_statistics(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Statistics paper A reports about its journal data, keyed as in ``mhtext.published``.

    Returns a frame with columns ``corpus``, ``quantity``, ``value``.
    """
    df = frames["sim-cbt-journals"]
    rows = [("sim-cbt-journals", "data.n_responses", float(len(df)))]
    shares = df["label"].value_counts(normalize=True)
    rows += [("sim-cbt-journals", f"data.share.{c}", float(shares.get(c, 0.0))) for c in CLASSES]
    agree = annotator_agreement(df)
    rows += [("sim-cbt-journals", f"data.kappa.{k}", v) for k, v in agree.items() if k != "fleiss"]
    rows.append(("sim-cbt-journals", "data.fleiss_kappa", agree["fleiss"]))
    return pd.DataFrame(rows, columns=["corpus", "quantity", "value"])


#: Trajectory shapes of a patient's affect across sessions (paper A's Discussion).
TRAJECTORIES = ("improving", "worsening", "plateau", "oscillating")


def _p_negative(kind: str, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    x = t / max(1, t[-1])
    base = {
        "improving": 0.85 - 0.6 * x,
        "worsening": 0.25 + 0.6 * x,
        "plateau": np.full_like(x, 0.75),
        "oscillating": np.where(t % 2 == 0, 0.85, 0.2),
    }[kind]
    return np.clip(base + rng.normal(0, 0.05, size=len(t)), 0.02, 0.98)


@register("sim-valence-trajectories")
def simulate_trajectories(*, n_users: int = 200, n_sessions: int = 8, seed: int = 0,
                          signal: float = 0.79) -> pd.DataFrame:
    """Simulate patients writing one response per session along an affect trajectory.

    Each user follows one of :data:`TRAJECTORIES`; at session ``t`` the response's latent
    class is negative with a trajectory-dependent probability, otherwise one of the other
    three classes (for oscillating users, mostly positive or both). Texts come from the same
    generator as ``sim-cbt-journals``.

    Returns
    -------
    pandas.DataFrame
        ``user_id``, ``trajectory``, ``session``, ``p_negative`` (latent), ``true_label``, ``text``.
    """
    if n_users < len(TRAJECTORIES) or n_sessions < 3:
        raise ValueError(f"need n_users >= {len(TRAJECTORIES)} and n_sessions >= 3, got {n_users}, {n_sessions}")
    rng = np.random.default_rng(seed)
    pools = _pools()
    rows = []
    t = np.arange(n_sessions)
    for u in range(n_users):
        kind = TRAJECTORIES[u % len(TRAJECTORIES)]
        p_neg = _p_negative(kind, t, rng)
        others = ("positive", "both", "neither")
        p_other = (0.45, 0.35, 0.20) if kind == "oscillating" else (0.35, 0.25, 0.40)
        for s in t:
            cls = "negative" if rng.random() < p_neg[s] else str(rng.choice(others, p=p_other))
            rows.append((u, kind, int(s), float(p_neg[s]), cls, _journal_text(cls, rng, signal, pools)))
    return pd.DataFrame(rows, columns=["user_id", "trajectory", "session", "p_negative", "true_label", "text"])
