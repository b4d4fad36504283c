"""Simulated corpus of study C (distress-triage): a veterans' forum coded with a DSM-IV codebook.

The paper annotated 512 threads (5,000 messages) of a forum for veterans and their caregivers: a
*relevant* tag per message, labels from a 136-label codebook per relevant message, rationale spans
for 650 training messages and a triage code (TR2 / TR3) per author of a thread. None of it was
released; this module writes a stand-in with the paper's corpus statistics (``*-data.csv``).

``sim-dsm-codebook``: the codebook (id, category, name, description), nothing else.
``sim-forum-threads``: one row per message, triage per author, ``true_*`` columns for the latent state.

Generative model (templates and the codebook are data: ``templates/distress*.yaml``)
--------------------------------------------------------------------------------
*Authors* have a latent severity ``z ~ N(0, 1)``, a role (veteran or caregiver), latent conditions
drawn from ``z`` (PTSD-, depression-, TBI-, substance-like; caregiving strain) and a latent symptom
set (labels of their conditions, likelier). How many messages an author posts is set by the
thread's shape alone, never by ``z``.
*Messages*: exactly the paper's relevant messages per split, severe authors and opening posts
likelier (so the *share* of an author's messages that are relevant carries ``z``, not their count).
A relevant message carries 1 + NegBin labels (totals exact) drawn from a long-tailed prior that
favours the author's symptoms. Each label is written as one of its >= 10 paraphrases (compositional:
every ``(a|b)`` is drawn), some explicit, some implicit (no word of the label's name), or left
unstated at a rate that rises as the label's clarity falls (the expert inferred it). Around them:
story, everyday, forum and mood sentences (a mood adjective, negative with a probability rising with
``z``: signal outside the codebook), and *decoys*: other labels' paraphrases put in the past, in
someone else's mouth, denied or asked about. Irrelevant messages are thanks, welcomes, information,
advice, chatter and near-misses with the same pools.
*Rationales*: for 650 relevant training messages an annotator highlights a partial, jittered span
of most label sentences (sometimes spilling into the next sentence, sometimes on the wrong one).
*Held-out phrasing* (rule 4): a test label sentence is redrawn when it contains a training rationale
span (>= 4 words) or equals a training sentence.
*Triage* is the simulated expert's own process on the latent state: severity, conditions and label
groups of the latent symptom set, weighted as ``expert`` in ``distress.yaml`` (danger, functioning,
substance, despair; fear and arousal weigh nothing), plus noise; cut so that ``p_tr2`` of the tagged
authors are TR2. Tagged authors are drawn uniformly within a split. The paper's DSM-IV / PC-PTSD
rules (:func:`rule_features`, :func:`triage_rule`) are a proxy the study tests, never the truth.
*Agreement*: 4 simulated annotators code the messages of 9 training threads (126 at scale 1) and
6 code the triage of the 43 authors of 10 training threads, with noise calibrated so that Fleiss'
kappa lands near the paper's (corpus statistics: 0.68, 0.59, 0.71).
Every step draws from ``numpy.random.default_rng(seed)``: same seed and knobs, identical frame.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache

import numpy as np
import pandas as pd

from mhtext.data.registry import register
from mhtext.data.simulate import audit, engine

STUDY = "distress-triage"
#: Registry names of this study's corpora (read by :mod:`mhtext.data.overview`).
CORPORA = ("sim-forum-threads", "sim-dsm-codebook")
CATEGORIES = ("Stress Exposure", "Affect", "Behaviour", "Cognition", "Domains of Impairment")
_PREFIX = dict(zip(("SE", "AF", "BE", "CO", "DI"), CATEGORIES, strict=True))
TRIAGE_CODES = ("TR1", "TR2", "TR3")  # TR1 was too rare in the paper to be studied; not simulated
_COMBAT = ("SE01", "SE04", "SE05", "SE07", "SE14", "SE18", "SE19", "SE20")  # not for caregivers

# Knobs. Prior over frequency ranks: rank^-a * exp(-(rank/b)^k), the top label boosted; calibrated
# toward the corpus statistics (698 anger examples, half the labels under 20, 118 / 97 seen).
_PRIOR_A, _PRIOR_B, _PRIOR_K, _PRIOR_TOP = 0.55, 72.5, 3.0, 3.4
_SYMPTOM_BOOST = 15.0  # weight multiplier (1 + boost) of an author's latent symptoms
_FILL_MEAN = 16.0  # filler sentences per relevant message: ~212 words (Table 2: 397K / 1,868)
_UNSTATED = 0.35  # a label goes unwritten with probability _UNSTATED * (1 - clarity)
_MOOD_SLOPE = 0.9  # log-odds of a negative (vs positive) mood adjective per unit of severity
_EXPERT_NOISE = 1.0  # SD of the expert's own noise on the triage score
_TRIAGE_RATER_NOISE = 0.55  # SD of each triage annotator's noise: Fleiss kappa ~0.71 (paper 6.1)
_REL_FLIP = (0.04, 0.25)  # annotators' relevant-tag flips on clear / borderline messages: kappa ~0.68
_KEEP = {"explicit": 0.9, "implicit": 0.72, "unstated": 0.35}  # annotators keep a gold label
_EXTRA = 0.3  # Poisson mean of plausible extra labels per annotator and message: label kappa ~0.59
_AGREE = {"label_threads": 9, "label_messages": 126, "triage_threads": 10, "triage_authors": 43}

_PART = re.compile(r"\(([^()]*)\)")
_WORD = re.compile(r"[a-z']+")


def _compile(template: str) -> tuple:
    """Split a template into literals and option tuples (``(a|b|)``); slots stay for engine.fill."""
    pieces, last = [], 0
    for m in _PART.finditer(template):
        pieces += [template[last:m.start()], tuple(m.group(1).split("|"))]
        last = m.end()
    return (*pieces, template[last:])


def _say(parts: tuple, draws: engine.Draws, pools: Mapping) -> str:
    s = "".join(p if isinstance(p, str) else draws.pick(p) for p in parts)
    s = engine.fill(s, pools, draws) if "{" in s else s
    return " ".join(s.split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@cache
def _book() -> dict:
    """Codebook, compiled paraphrases, pools and priors, read once from the template files."""
    raw, tpl = engine.templates("distress-codebook"), engine.templates("distress")
    ids = list(raw)
    stop = {"of", "or", "and", "the", "to", "a", "from", "about", "for", "in"}
    labels = []
    for lid, lab in raw.items():
        name_words = {w[:5] for w in _words(lab["name"].replace("/", " ")) if w not in stop}
        say = [(_compile(t), not (set(w[:5] for w in _words(t)) & name_words)) for t in lab["say"]]
        labels.append({**lab, "id": lid, "say": say})
    order = sorted(range(len(ids)), key=lambda i: (labels[i]["tier"], i))
    rank = np.empty(len(ids))
    rank[order] = np.arange(1, len(ids) + 1)
    prior = rank**-_PRIOR_A * np.exp(-((rank / _PRIOR_B) ** _PRIOR_K))
    prior[rank == 1] *= _PRIOR_TOP
    pools = {k: tuple(map(str, v)) for k, v in tpl["pools"].items()}
    pools.update(_mood_words())
    filler = {k: [_compile(t) for t in v] for k, v in tpl["filler"].items()}
    decoys = {k: [_compile(t) for t in v] for k, v in tpl["decoys"].items()}
    member = {g: np.isin(ids, v) for g, v in tpl["conditions"].items()}
    return {"ids": ids, "labels": labels, "prior": prior / prior.sum(), "pools": pools, "filler": filler,
            "decoys": decoys, "frames": tpl["frames"], "conditions": member, "rules": tpl["rules"],
            "expert": tpl["expert"], "combat": np.isin(ids, _COMBAT)}


def _mood_words() -> dict[str, tuple[str, ...]]:
    """Mood adjectives by a fixed rule: alphabetic words of 4+ letters that VADER scores in [-3, -1]
    (``neg``) or [1, 3] (``pos``), that NRC tags with the same polarity and that WordNet knows as
    adjectives. The rule looks at no result table of the paper."""
    from nltk.corpus import wordnet

    from mhtext import resources

    nrc = resources.nrc_lexicon()
    out = {}
    for slot, lo, hi, tag in (("neg", -3.0, -1.0, "negative"), ("pos", 1.0, 3.0, "positive")):
        words = [w for w in resources.words_by_valence(lo, hi) if len(w) >= 4 and tag in nrc.get(w, ())]
        out[slot] = tuple(w for w in words if wordnet.synsets(w, pos="a"))
    return out


def label_priors() -> pd.Series:
    """Prior frequency of each label (sums to 1), long-tailed over frequency ranks; a generator knob."""
    b = _book()
    return pd.Series(b["prior"], index=b["ids"], name="prior")


@register("sim-dsm-codebook")
def sim_dsm_codebook(*, scale: float = 1.0, seed: int = 0) -> pd.DataFrame:
    """The 136-label codebook: ``label_id``, ``category``, ``name``, ``description`` (what the paper's
    codebook holds; ``scale`` and ``seed`` are accepted for the registry and unused)."""
    engine.check_scale(scale, "sim-dsm-codebook")
    return pd.DataFrame([{"label_id": lab["id"], "category": _PREFIX[lab["id"][:2]], "name": lab["name"],
                          "description": lab["description"]} for lab in _book()["labels"]])


def rule_features(label_ids: Iterable[str]) -> dict[str, int]:
    """The paper's screening rules (Table 1, PC-PTSD, DSM-IV PTSD A-D, ideation) on one author's labels.

    A *proxy* the study's MLN encodes; the simulator's triage does not follow it. Returns 0/1 for
    the four Table 1 rules (``mln_*``) and ``mln_rules`` (how many fire), ``pcptsd_items`` (0-4) and
    ``pcptsd_positive`` (>= 3), ``dsm_a`` .. ``dsm_d`` and ``dsm_criteria`` (0-4), ``ideation``.
    """
    s, rules = set(label_ids), _book()["rules"]

    def hits(group: str) -> int:
        return sum(lab in s for lab in rules[group])

    out = {g: int(hits(g) > 0) for g in ("mln_fear", "mln_impairment", "mln_arousal", "mln_reexperiencing")}
    out["mln_rules"] = sum(out.values())
    out["pcptsd_items"] = sum(int(hits(g) > 0) for g in rules if g.startswith("pcptsd_"))
    out["pcptsd_positive"] = int(out["pcptsd_items"] >= 3)
    out["dsm_a"] = int(hits("dsm_a1_exposure") > 0 and hits("dsm_a2_response") > 0)
    out["dsm_b"] = int(hits("dsm_b_reexperiencing") >= 1)
    out["dsm_c"] = int(hits("dsm_c_avoidance_numbing") >= 3)
    out["dsm_d"] = int(hits("dsm_d_arousal") >= 2)
    out["dsm_criteria"] = out["dsm_a"] + out["dsm_b"] + out["dsm_c"] + out["dsm_d"]
    out["ideation"] = int(hits("ideation") > 0)
    return out


def triage_rule(label_ids: Iterable[str]) -> str:
    """The paper's rules as a deterministic screen: TR2 on ideation, a positive PC-PTSD screen, all
    four DSM-IV criteria or two Table 1 rules; TR3 otherwise. A proxy, not the simulator's truth."""
    f = rule_features(label_ids)
    return "TR2" if f["ideation"] or f["pcptsd_positive"] or f["dsm_criteria"] == 4 or f["mln_rules"] >= 2 else "TR3"


# --- the generator ------------------------------------------------------------------------------


def _plan(scale: float) -> dict[str, dict[str, int]]:
    """Per-split sizes: the paper's, scaled; messages split in proportion to relevant messages."""
    v = lambda q: engine.published_value(STUDY, q)  # noqa: E731
    rel = {s: v(f"corpus.{s}.relevant_messages") for s in ("train", "test")}
    msgs = engine.exact_counts(engine.scaled(int(v("corpus.messages")), scale, floor=40, where="sim-forum-threads"),
                               rel, min_each=20)
    plan = {}
    for s in ("train", "test"):
        n = {q: engine.scaled(int(v(f"corpus.{s}.{q}")), scale, floor=f, where="sim-forum-threads")
             for q, f in (("threads", 4), ("authors", 8), ("relevant_messages", 6), ("triage_tagged", 4))}
        n["messages"], n["labels"] = msgs[s], round(n["relevant_messages"] * v(f"corpus.{s}.label_cardinality"))
        plan[s] = n
    return plan


def _threads(rng, draws, n_threads: int, n_msgs: int, n_authors: int):
    """Long-tailed thread lengths and authors per thread; returns per thread its poster sequence."""
    size = np.array(list(engine.exact_counts(n_msgs, dict(enumerate(rng.lognormal(0, 0.8, n_threads))),
                                             min_each=2).values()))
    auth = np.array(list(engine.exact_counts(n_authors, dict(enumerate(size**0.8)), min_each=1).values()))
    while (over := auth > size).any():  # an author needs a message: move surplus to roomy threads
        i, j = int(np.flatnonzero(over)[0]), int(np.argmax(size - auth))
        auth[i] -= 1
        auth[j] += 1
    out = []
    for m, a in zip(size, auth, strict=True):
        seq = list(range(a)) + [0 if draws.chance(0.3) else int(draws.u() * a) for _ in range(m - a)]
        out.append([0] + list(rng.permutation(seq[1:])) if a > 1 else seq)
    return out


def _author(rng, draws, b) -> dict:
    """Latent severity, role, conditions and symptom set of one author."""
    z, care = float(rng.normal()), draws.chance(0.25)
    logits = ({"caregiving": 1.5, "depression": -1.0 + 0.9 * z} if care else
              {"ptsd": -0.2 + z, "depression": -0.8 + 0.9 * z, "tbi": -1.2 + 0.5 * z, "substance": -1.3 + 0.8 * z})
    conds = tuple(c for c, x in logits.items() if draws.chance(1 / (1 + np.exp(-x))))
    prof = np.zeros(len(b["ids"]), bool)
    for c in conds:
        prof |= b["conditions"][c]
    sym = rng.random(len(b["ids"])) < np.where(prof, 0.45, 0.04)
    if care:
        sym &= ~b["combat"]
    return {"z": z, "role": "caregiver" if care else "veteran", "conditions": conds, "symptoms": sym}


def _sentence(kind_parts, draws, pools) -> str:
    return _say(draws.pick(kind_parts), draws, pools)


def _label_sentence(lab: dict, draws, b) -> tuple[str, bool]:
    parts, implicit = draws.pick(lab["say"])
    core = _say(parts, draws, b["pools"])
    op, cl = draws.pick(b["frames"]["open"]), draws.pick(b["frames"]["close"])
    return " ".join(x for x in (op, core, cl) if x), implicit


def _message(draws, b, author: dict, labs: list[int], lead: bool, reject) -> tuple[list, list]:
    """Sentences (text, label id or None, mode) of one message and its decoy labels."""
    pools, fill = b["pools"], b["filler"]
    p_neg = 1 / (1 + np.exp(-(_MOOD_SLOPE * author["z"] - 0.3)))
    mood = lambda: _say(draws.pick(fill["mood"][:4] if draws.chance(p_neg) else fill["mood"][4:]), draws, pools)  # noqa: E731
    out = [(_sentence(fill["open_lead" if lead else "open_reply"], draws, pools), None, "filler")] \
        if draws.chance(0.6) else []
    if labs:
        n_fill = int(draws.geometric(_FILL_MEAN * draws.rng.lognormal(0, 0.35)))
        body = [("label", i) for i in labs] + [("filler", None)] * n_fill
        mix = {"story": 3, "daily": 3, "mood": 3, "forum": 1, "advice": 0.5 if not lead else 0.1}
    else:
        kind = draws.choice({"thanks": 3, "welcome": 2, "info": 1.5, "advice": 2, "chatter": 2.5, "nearmiss": 1.5})
        n = {"thanks": 1 + draws.geometric(0.6), "welcome": 1 + draws.geometric(1.5)}.get(kind, 3 + draws.geometric(12))
        body = [("filler", None)] * n
        mix = ({kind: 2, "forum": 1} if kind in ("thanks", "welcome", "info", "advice")
               else {"story": 3, "daily": 3, "mood": 2, "forum": 1})
    n_decoy = draws.geometric(0.6 if labs or not body else 1.5 if kind == "nearmiss" else 0.3)
    body += [("decoy", None)] * n_decoy
    decoy_labels = []
    for j in draws.rng.permutation(len(body)):
        what, i = body[j]
        if what == "label":
            lab = b["labels"][i]
            if draws.chance(_UNSTATED * (1 - lab["clarity"])):
                out.append(("", lab["id"], "unstated"))
                continue
            for _ in range(10):  # held-out phrasing: redraw a test sentence that repeats training text
                text, implicit = _label_sentence(lab, draws, b)
                if not reject(text):
                    break
            out.append((text, lab["id"], "implicit" if implicit else "explicit"))
        elif what == "decoy":
            k = int(draws.weighted(range(len(b["ids"])), b["cum_prior"]))
            if k in labs:
                continue
            frame = draws.choice({"past": 1, "third": 2, "negated": 1, "question": 1})
            p = _say(draws.pick(b["labels"][k]["say"])[0], draws, pools)
            out.append((_say(draws.pick(b["decoys"][frame]), draws, {**pools, "p": (p,), "q": (f'"{p}"',)}),
                        None, "decoy"))
            decoy_labels.append(b["ids"][k])
        else:
            kind = draws.choice(mix)
            out.append((mood() if kind == "mood" else _sentence(fill[kind], draws, pools), None, "filler"))
    return out, decoy_labels


def _render(sents: list) -> tuple[str, list, list]:
    """Text of a message and the char span, label and mode of each label sentence."""
    text, spans = "", []
    for s, lab, mode in sents:
        if not s:
            spans.append((None, lab, mode))
            continue
        s = s[0].upper() + s[1:] + ("" if s.endswith('"') else ".")
        start = len(text) + (1 if text else 0)
        text = f"{text} {s}" if text else s
        spans.append(((start, len(text) - 1 if s.endswith(".") else len(text)), lab, mode))
    return text, spans


def _label_counts(rng, n: int, total: int) -> np.ndarray:
    """1 + NegBin labels per relevant message (at most 12), nudged until they sum to ``total``."""
    mean = max(total / max(n, 1) - 1.0, 0.05)
    k = np.clip(1 + rng.negative_binomial(1.5, 1.5 / (1.5 + mean), n), 1, 12)
    while (d := total - int(k.sum())) != 0:
        np.add.at(k, rng.integers(n, size=abs(d)), int(np.sign(d)))
        k = np.clip(k, 1, 12)
    return k


def _split(rng, draws, b, split: str, n: Mapping[str, int], authors: list, reject) -> list[dict]:
    """Threads, authors and messages of one split (private ``_`` columns carry generator state)."""
    recs = []
    for t, seq in enumerate(_threads(rng, draws, n["threads"], n["messages"], n["authors"])):
        first = len(authors)
        authors += [_author(rng, draws, b) for _ in range(max(seq) + 1)]
        t0 = pd.Timestamp("2008-01-01") + pd.Timedelta(seconds=int(rng.integers(4 * 365 * 86400)))
        gaps = np.cumsum(np.concatenate([[0], rng.exponential(36000, len(seq) - 1)])).astype(int)
        recs += [(t, pos, first + a, t0 + pd.Timedelta(seconds=int(gaps[pos]))) for pos, a in enumerate(seq)]
    z = np.array([authors[a]["z"] for _, _, a, _ in recs])
    first_post = np.array([pos == 0 for _, pos, _, _ in recs])
    # Exactly the paper's relevant messages (Gumbel top-k): severe authors and opening posts likelier.
    rel = np.zeros(len(recs), bool)
    rel[np.argsort(-(0.8 * z + 1.3 * first_post + rng.gumbel(size=len(recs))))[:n["relevant_messages"]]] = True
    counts = iter(_label_counts(rng, int(rel.sum()), n["labels"]))
    members = sorted({a for _, _, a, _ in recs})
    sym_rate = np.mean([authors[a]["symptoms"] for a in members], axis=0)
    base = b["prior"] / (1.0 + _SYMPTOM_BOOST * sym_rate)  # the long tail survives the boosts
    rows = []
    for k, (t, pos, a, ts) in enumerate(recs):
        labs = []
        if rel[k]:
            w = base * (1.0 + _SYMPTOM_BOOST * authors[a]["symptoms"])
            w = w * ~b["combat"] if authors[a]["role"] == "caregiver" else w
            labs = [int(i) for i in rng.choice(len(w), size=next(counts), replace=False, p=w / w.sum())]
        sents, decoys = _message(draws, b, authors[a], labs, pos == 0, reject)
        text, spans = _render(sents)
        rows.append({"split": split, "_thread": (split, t), "_author": a, "position": pos, "timestamp": ts,
                     "text": text, "labels": tuple(sorted(b["ids"][i] for i in labs)), "_spans": spans,
                     "_decoys": tuple(decoys), "rationale": (), "rationale_labels": ()})
    return rows


def _rationales(rows: list[dict], draws, n: int) -> None:
    """Partial, jittered annotator spans for ``n`` relevant training messages, in place."""
    ok = [r for r in rows if r["labels"] and any(s and lab for s, lab, _ in r["_spans"])]
    if n > len(ok):
        raise ValueError(f"sim-forum-threads: asked for {n} rationale messages but only {len(ok)} qualify; "
                         "lower rationale_messages")
    for j in draws.rng.choice(len(ok), size=n, replace=False):
        r = ok[int(j)]
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", r["text"])]
        starts = [w[0] for w in words]
        out = []
        for span, lab, _ in r["_spans"]:
            if span is None or not draws.chance(0.85 if lab else 0.04):
                continue
            lab = lab or draws.pick(r["labels"])  # a highlight on the wrong sentence
            i0 = int(np.searchsorted(starts, span[0]))
            i1 = int(np.searchsorted(starts, span[1]))  # one past the sentence's last word
            n_w = max(i1 - i0, 1)
            take = min(n_w, max(3, round(n_w * (0.4 + 0.6 * draws.u()))))
            lo = i0 + int(draws.u() * (n_w - take + 1))
            hi = min(len(words), lo + take + (1 + int(draws.u() * 4) if draws.chance(0.15) else 0))
            out.append(((words[lo][0], words[hi - 1][1]), lab))
        if not out:  # every chosen message has at least one highlight
            span, lab, _ = next(x for x in r["_spans"] if x[0] and x[1])
            out.append((span, lab))
        r["rationale"], r["rationale_labels"] = tuple(s for s, _ in out), tuple(lab for _, lab in out)


def _held_out(rows: list[dict]):
    """A test for rule 4: does a sentence repeat a training sentence or contain a training rationale
    span of four or more words?"""
    spans = {" ".join(_words(r["text"][s:e])) for r in rows for s, e in r["rationale"]}
    spans = {s for s in spans if len(s.split()) >= 4}
    seen = set(audit.sentences(r["text"] for r in rows))
    longest = max((len(s.split()) for s in spans), default=0)

    def reject(text: str) -> bool:
        w = _words(text)
        if " ".join(w) in seen:
            return True
        return any(" ".join(w[i:j]) in spans for i in range(len(w)) for j in range(i + 4, min(len(w), i + longest) + 1))

    return reject


@register("sim-forum-threads")
def sim_forum_threads(*, scale: float = 1.0, seed: int = 0, p_tr2: float = 0.55,
                      rationale_messages: int | None = None) -> pd.DataFrame:
    """Simulate study C's annotated forum (model in the module docstring).

    Parameters
    ----------
    scale : float
        1.0 gives the paper's sizes (512 threads, 5,000 messages, 1,426 authors, 2,308 relevant
        messages, 907 triage-coded authors, 650 rationale messages); other values scale every count.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same frame.
    p_tr2 : float
        Share of TR2 among triage-coded authors (the paper does not state it).
    rationale_messages : int, optional
        Training messages with rationales (default: 650 x scale).

    Returns
    -------
    pandas.DataFrame
        One row per message in thread order; columns as in ``data/cards/sim-forum-threads.yaml``.
    """
    engine.check_scale(scale, "sim-forum-threads")
    engine.check_unit("p_tr2", p_tr2, "sim-forum-threads")
    rng, b = np.random.default_rng(seed), _book()
    draws, plan, authors = engine.Draws(rng), _plan(scale), []
    b.setdefault("cum_prior", engine.cumulative(b["prior"]))
    train = _split(rng, draws, b, "train", plan["train"], authors, lambda text: False)
    n_rat = round(engine.published_value(STUDY, "corpus.rationale_messages") * scale) \
        if rationale_messages is None else int(rationale_messages)
    _rationales(train, draws, n_rat)
    test = _split(rng, draws, b, "test", plan["test"], authors, _held_out(train))
    df = _number(pd.DataFrame(train + test))
    df["relevant"], df["n_labels"] = df["labels"].map(bool), df["labels"].map(len)
    _triage(df, rng, b, authors, {s: p["triage_tagged"] for s, p in plan.items()}, p_tr2, scale)
    _annotate(df, rng, b, authors, scale)
    df["true_expressed"] = [tuple(sorted((lab, mode, *(span or (-1, -1))) for span, lab, mode in sp if lab))
                            for sp in df["_spans"]]
    for col, key in (("true_severity", "z"), ("true_role", "role"), ("true_conditions", "conditions")):
        df[col] = df["_author"].map(lambda a, key=key: authors[a][key])
    df["true_symptoms"] = df["_author"].map(lambda a: tuple(np.array(b["ids"])[authors[a]["symptoms"]]))
    return df[list(FORUM_COLUMNS)].copy()


def _number(df: pd.DataFrame) -> pd.DataFrame:
    """Thread ids by start time across splits, author ids by first post, message ids in order."""
    start = df[df["position"] == 0].set_index("_thread")["timestamp"].sort_values(kind="stable")
    df["thread_id"] = df["_thread"].map({k: f"T{i + 1:04d}" for i, k in enumerate(start.index)})
    df = df.sort_values(["thread_id", "position"], kind="stable").reset_index(drop=True)
    df["author_id"] = df["_author"].map({a: f"A{i + 1:05d}" for i, a in enumerate(dict.fromkeys(df["_author"]))})
    df["message_id"] = [f"M{i + 1:05d}" for i in range(len(df))]
    return df


def _pick_threads(rng, df: pd.DataFrame, k: int, target: int, per: str) -> np.ndarray:
    """``k`` training threads whose messages (or authors) add up as near ``target`` as chance allows."""
    sizes = df[df["split"] == "train"].groupby("thread_id")[per].nunique()
    tries = rng.random((2000, len(sizes))).argsort(1)[:, :min(k, len(sizes))]
    best = tries[np.argmin(np.abs(sizes.to_numpy()[tries].sum(1) - target))]
    return sizes.index[best].to_numpy()


def _triage(df, rng, b, authors, n_tagged: Mapping[str, int], p_tr2: float, scale: float) -> None:
    """The expert's triage codes (its own process on the latent state) and six triage annotators."""
    ex = b["expert"]
    score = {}
    for a in set(df["_author"]):
        au = authors[a]
        s = ex["severity"] * au["z"] + sum(ex["conditions"].get(c, 0.0) for c in au["conditions"])
        s += sum(g["weight"] for g in ex["groups"].values() if au["symptoms"][np.isin(b["ids"], g["labels"])].any())
        score[a] = s
    agree = _pick_threads(rng, df, max(1, round(_AGREE["triage_threads"] * scale)),
                          max(2, round(_AGREE["triage_authors"] * scale)), "_author")
    forced = set(df.loc[df["thread_id"].isin(agree), "_author"])
    code, votes = {}, {}
    for split, k in n_tagged.items():
        pool = sorted(set(df.loc[df["split"] == split, "_author"]))
        must = [a for a in pool if a in forced]
        rest = [a for a in pool if a not in forced]
        tagged = must + [rest[i] for i in rng.choice(len(rest), size=k - len(must), replace=False)]
        noisy = np.array([score[a] for a in tagged]) + rng.normal(0, _EXPERT_NOISE, len(tagged))
        cut = np.quantile(noisy, 1.0 - p_tr2)
        code.update({a: "TR2" if s > cut else "TR3" for a, s in zip(tagged, noisy, strict=True)})
        for a in must:
            votes[a] = tuple("TR2" if score[a] + rng.normal(0, _TRIAGE_RATER_NOISE) > cut else "TR3" for _ in range(6))
    df["author_triage"] = df["_author"].map(code)
    df["annot_triage"] = df["_author"].map(lambda a: votes.get(a, ()))
    df["true_triage_score"] = df["_author"].map(lambda a: round(score[a], 4))


def _annotate(df, rng, b, authors, scale: float) -> None:
    """Four annotators' relevant tags and labels on the messages of the agreement threads."""
    agree = _pick_threads(rng, df, max(1, round(_AGREE["label_threads"] * scale)),
                          max(4, round(_AGREE["label_messages"] * scale)), "message_id")
    rel_out, lab_out = [()] * len(df), [()] * len(df)
    for m in np.flatnonzero(df["thread_id"].isin(agree).to_numpy()):
        gold, spans, decoys = df["labels"].iat[m], df["_spans"].iat[m], df["_decoys"].iat[m]
        modes = {lab: mode for _, lab, mode in spans if lab}
        border = int((not gold and bool(decoys)) or (bool(gold) and "explicit" not in modes.values()))
        own = list(np.array(b["ids"])[authors[df["_author"].iat[m]]["symptoms"]])
        tags, sets = [], []
        for _ in range(4):
            tag = bool(gold) ^ (rng.random() < _REL_FLIP[border])
            chosen = {lab for lab in gold if rng.random() < _KEEP[modes[lab]]} if tag else set()
            for _ in range(rng.poisson(_EXTRA) + (tag and not chosen)):
                pool = decoys if decoys and rng.random() < 0.5 else own if own and rng.random() < 0.6 else b["ids"]
                chosen.add(pool[int(rng.integers(len(pool)))]) if tag else None
            tags.append(tag)
            sets.append(tuple(sorted(chosen)))
        rel_out[m], lab_out[m] = tuple(tags), tuple(sets)
    df["annot_relevant"], df["annot_labels"] = rel_out, lab_out


#: Columns of ``sim-forum-threads``, in order.
FORUM_COLUMNS = (
    "thread_id", "message_id", "author_id", "position", "timestamp", "split", "text", "relevant", "labels",
    "n_labels", "rationale", "rationale_labels", "author_triage", "annot_relevant", "annot_labels",
    "annot_triage", "true_expressed", "true_severity", "true_role", "true_conditions", "true_symptoms",
    "true_triage_score",
)  # fmt: skip


def annotator_kappas(df: pd.DataFrame) -> dict[str, float]:
    """Fleiss' kappa of the simulated annotators as the paper computes it (Section 6.1).

    ``relevant``: the relevant tag over the agreement messages; ``distress_labels``: per-label kappas
    over those messages, averaged with weights equal to each label's gold count there (the paper says
    "weighted combination" without the weights); ``triage``: the six triage codes of the agreement authors.
    """
    from statsmodels.stats.inter_rater import fleiss_kappa

    def kappa(yes: np.ndarray, k: int) -> float:
        return float(fleiss_kappa(np.column_stack([k - yes, yes])))

    m = df[df["annot_relevant"].map(len) > 0]
    out = {"relevant": kappa(np.array([sum(t) for t in m["annot_relevant"]]), 4) if len(m) else np.nan}
    per, weight = [], []
    for lab, count in Counter(lab for labs in m["labels"] for lab in labs).items():
        yes = np.array([sum(lab in s for s in sets) for sets in m["annot_labels"]])
        if 0 < yes.sum() < 4 * len(yes):
            per.append(kappa(yes, 4))
            weight.append(count)
    out["distress_labels"] = float(np.average(per, weights=weight)) if per else np.nan
    a = df[df["annot_triage"].map(len) > 0].groupby("author_id")["annot_triage"].first()
    out["triage"] = kappa(np.array([v.count("TR2") for v in a]), 6) if len(a) > 1 else np.nan
    return out


def _authors(df: pd.DataFrame) -> pd.DataFrame:
    """One row per triage-coded author: code, split, message count and mean words per message."""
    coded = df.dropna(subset=["author_triage"])
    return coded.groupby("author_id").agg(code=("author_triage", "first"), split=("split", "first"),
                                          messages=("message_id", "size"),
                                          words=("text", lambda t: t.str.split().str.len().mean()))


def corpus_statistics(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The corpus statistics the paper states, keyed as in ``published/distress-triage-data.csv``
    (plus the agreement kappas of ``distress-triage.csv``); frames are recognised by their columns."""
    out = []
    for name, df in frames.items():
        if "thread_id" not in df.columns:
            if "label_id" not in df.columns:
                raise ValueError(f"corpus_statistics: frame {name!r} is neither a forum corpus nor a codebook")
            out += [(name, "corpus.codebook.labels", df["label_id"].nunique()),
                    (name, "corpus.codebook.categories", df["category"].nunique())]
            continue
        per_thread = lambda d: d.groupby("thread_id")["author_id"].nunique().sum()  # noqa: E731
        out += [(name, "corpus.messages", len(df)), (name, "corpus.threads", df["thread_id"].nunique()),
                (name, "corpus.authors", per_thread(df)),
                (name, "corpus.triage_tagged", df.groupby("author_id")["author_triage"].first().notna().sum()),
                (name, "corpus.rationale_messages", (df["rationale"].map(len) > 0).sum())]
        for split in ("train", "test"):
            d = df[df["split"] == split]
            rel = d[d["relevant"]]
            counts = pd.Series([lab for labs in rel["labels"] for lab in labs]).value_counts()
            out += [(name, f"corpus.{split}.threads", d["thread_id"].nunique()),
                    (name, f"corpus.{split}.authors", per_thread(d)),
                    (name, f"corpus.{split}.relevant_messages", len(rel)),
                    (name, f"corpus.{split}.words_relevant", rel["text"].str.split().str.len().sum()),
                    (name, f"corpus.{split}.unique_labels", len(counts)),
                    (name, f"corpus.{split}.label_cardinality", rel["n_labels"].mean()),
                    (name, f"corpus.{split}.triage_tagged", d.groupby("author_id")["author_triage"].first().notna().sum())]
            if split == "train":
                n_codebook = engine.published_value(STUDY, "corpus.codebook.labels")
                out += [(name, "corpus.train.top_label_count", counts.max() if len(counts) else 0),
                        (name, "corpus.train.share_labels_under_20",
                         ((counts < 20).sum() + n_codebook - len(counts)) / n_codebook)]
        out += [(name, f"kappa.{k}", v) for k, v in annotator_kappas(df).items()]
    return engine.stats_frame(out)


def _bounded_auc(y: np.ndarray, x: np.ndarray, far: float = 0.33) -> float:
    """Area under the ROC up to false-acceptance rate ``far`` over ``far`` (Table 4's metric; chance
    is far / 2), for the better of ranking by ``x`` or by ``-x``."""
    from sklearn.metrics import roc_curve

    grid = np.linspace(0, far, 200)
    return max(float(np.trapezoid(np.interp(grid, *roc_curve(y, s)[:2]), grid) / far) for s in (x, -x))


def shortcut_audit(frames: Mapping[str, pd.DataFrame], seed: int = 0) -> pd.DataFrame:
    """Trivial shortcuts on the forum corpus beside the published number of the method each would fake."""
    df = next(f for f in frames.values() if "thread_id" in f.columns)
    rows = []

    def row(shortcut, metric, score, quantity, bound, why):
        pub = engine.published_value(STUDY, quantity) if quantity else np.nan
        rows.append({"corpus": "sim-forum-threads", "shortcut": shortcut, "metric": metric, "score": score,
                     "published_quantity": quantity, "published": pub, "bound": bound, "why": why})

    au = _authors(df)
    y = (au["code"] == "TR2").to_numpy()
    row("majority class", "share of the majority triage code", max(y.mean(), 1 - y.mean()), None, 0.6,
        "the paper does not give the TR2 share; a corpus near balance keeps accuracy uninformative")
    for col, what in (("messages", "message count"), ("words", "mean post length")):
        row(f"{what} vs triage", "AUC (CV logistic regression, one feature)",
            audit.single_feature_score(au[col], au["code"], seed=seed), None, 0.58,
            f"{what} is set by the thread's shape, not severity; near 0.5 means it is no shortcut")
        row(f"{what} vs triage", "bounded AUC (FAR <= 33%)", _bounded_auc(y, au[col].to_numpy()),
            "table4.svm_text.bounded_auc", 0.25, "chance is 0.165; must stay far below the weakest method")
    train, test = (df[df["relevant"] & (df["split"] == s)] for s in ("train", "test"))
    grams = [set(audit._ngrams(t, 3)) for t in train["text"]]
    bg = Counter(g for gs in grams for g in gs)
    recalls = []
    for lab in sorted({lab for labs in test["labels"] for lab in labs}):
        has = train["labels"].map(lambda x, lab=lab: lab in x).to_numpy()
        pos = test["labels"].map(lambda x, lab=lab: lab in x).to_numpy()
        if has.sum() < 5 or pos.sum() < 3:
            continue
        fg = Counter(g for gs, h in zip(grams, has, strict=True) if h for g in gs)
        top = max(fg, key=lambda g: (2 * fg[g] - bg[g], g))
        recalls.append(audit.phrase_recall(test["text"].tolist(), pos, top))
    for stat, value, bound in (("mean", np.mean(recalls), 0.3), ("max", np.max(recalls), 0.8)):
        row("string match of each label's top training 3-gram", f"per-label recall on test, {stat}", value,
            "table3.a1_a10.bounded_auc", bound, "the old simulator gave a mean of 0.76: labels were fixed phrases")
    sents = [t[s:e] for t, ex in df.loc[df["split"] == "test", ["text", "true_expressed"]].itertuples(index=False)
             for _, _, s, e in ex if s >= 0]
    reject = _held_out(df[df["split"] == "train"].to_dict("records"))
    row("test label sentences repeating training text", "share of test label sentences",
        float(np.mean([reject(s) for s in sents])) if sents else 0.0, "rationales.domain_phrases.bounded_auc",
        0.02, "rule 4: a rationale span or training sentence verbatim in test text would be an oracle")
    return engine.audit_frame(rows)
