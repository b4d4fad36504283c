"""Simulated corpus of study C (distress-triage): a veterans' forum coded with a DSM-IV codebook.

The paper's corpus (512 threads, 5,000 messages, relevant tags, labels of a 136-label codebook,
rationales for 650 training messages, a TR2 / TR3 triage code per author of a thread) was never
released; this stand-in keeps its corpus statistics. ``sim-dsm-codebook`` holds what the paper's
codebook holds; ``sim-forum-threads`` one row per message, triage per author, latent state ``true_*``.
Authors carry a latent severity, conditions and symptoms; labels are written as compositional
paraphrases (explicit, implicit or unstated) among filler, mood sentences and decoys; rationales are
partial annotator spans; test label sentences never repeat training text (rule 4); triage is the
simulated expert's own process on the latent state; the paper's DSM-IV / PC-PTSD rules, which the
study's rule file (``mhtext/studies/rules/distress-triage.mln``) writes, are only a proxy of it. The
card ``sim-forum-threads`` says what is planted; templates, pools, knobs and the codebook are data
(``templates/distress*.yaml``).
Every draw comes from ``numpy.random.default_rng(seed)``: same seed and knobs, identical frame.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import cache

import numpy as np
import pandas as pd

from mhtext.data.registry import register
from mhtext.data.simulate import audit, engine

STUDY = "distress-triage"
CORPORA = ("sim-forum-threads", "sim-dsm-codebook")  #: registry names (read by :mod:`mhtext.data.overview`)
CATEGORIES = ("Stress Exposure", "Affect", "Behaviour", "Cognition", "Domains of Impairment")
_PREFIX = dict(zip(("SE", "AF", "BE", "CO", "DI"), CATEGORIES, strict=True))
_COMBAT = ("SE01", "SE04", "SE05", "SE07", "SE14", "SE18", "SE19", "SE20")  # not for caregivers
#: The generator's knobs (``knobs`` in ``templates/distress.yaml``, with what each is calibrated toward).
KNOBS = _K = engine.templates("distress")["knobs"]
_PART, _WORD = re.compile(r"\(([^()]*)\)"), re.compile(r"[a-z']+")
_CLITIC, _BARE = re.compile(r"\s+'(m|ve|d|ll|s|re)\b"), re.compile(r"^'(m|ve|d|ll)\b")


def _compile(template: str) -> tuple:
    """Literals and option tuples of a template (``(a|b|)``); ``{slot}`` is left for engine.fill."""
    return tuple(tuple(p.split("|")) if i % 2 else p for i, p in enumerate(_PART.split(template)))


def _say(parts: tuple, draws: engine.Draws, pools: Mapping) -> str:
    s = "".join(p if isinstance(p, str) else draws.pick(p) for p in parts)
    s = engine.fill(s, pools, draws) if "{" in s else s
    return _CLITIC.sub(r"'\1", _BARE.sub(r"I'\1", " ".join(s.split())))  # "(I|) ('m)" -> "I'm", "'m"


@cache
def _book() -> dict:
    """Codebook, compiled paraphrases, pools and the label prior, read once from the template files."""
    raw, tpl = engine.templates("distress-codebook"), engine.templates("distress")
    ids = list(raw)
    stems = lambda text: {w[:5] for w in _WORD.findall(text.lower()) if w not in ("of", "or", "and", "the")}  # noqa: E731
    labels = [{**lab, "id": i, "say": [(_compile(t), not stems(t) & stems(lab["name"])) for t in lab["say"]]}
              for i, lab in raw.items()]  # implicit: no 5-letter stem of the label's name
    rank = np.empty(len(ids))
    rank[sorted(range(len(ids)), key=lambda i: (labels[i]["tier"], i))] = np.arange(1, len(ids) + 1)
    prior = rank**-_K["prior_a"] * np.exp(-((rank / _K["prior_b"]) ** _K["prior_k"])) * np.where(rank == 1, _K["prior_top"], 1.0)
    pools = {k: tuple(str(w) for w in v) for k, v in tpl["pools"].items()}
    pools.update({k: tuple(str(w).lower() for w in v) for k, v in tpl["lexicon"].items()})  # YAML: true -> True
    return {"ids": ids, "labels": labels, "prior": prior / prior.sum(), "pools": pools,
            "cum_prior": engine.cumulative(prior), "combat": np.isin(ids, _COMBAT),
            "filler": {k: [_compile(t) for t in v] for k, v in tpl["filler"].items()},
            "decoys": {k: [_compile(t) for t in v] for k, v in tpl["decoys"].items()},
            "conditions": {g: np.isin(ids, v) for g, v in tpl["conditions"].items()},
            "messages": {k: {**v, "cum": engine.cumulative(v["mix"].values())} for k, v in tpl["messages"].items()},
            **{k: tpl[k] for k in ("frames", "expert")}}


@register("sim-dsm-codebook")
def sim_dsm_codebook(*, scale: float = 1.0, seed: int = 0) -> pd.DataFrame:
    """The 136-label codebook: ``label_id``, ``category``, ``name``, ``description`` (what the paper's
    codebook holds; ``scale`` and ``seed`` are accepted for the registry and unused)."""
    engine.check_scale(scale, "sim-dsm-codebook")
    return pd.DataFrame([{"label_id": lab["id"], "category": _PREFIX[lab["id"][:2]], "name": lab["name"],
                          "description": lab["description"]} for lab in _book()["labels"]])


def _threads(rng, draws, n_threads: int, n_msgs: int, n_authors: int) -> list[list[int]]:
    """Long-tailed thread lengths and authors per thread: each thread's poster sequence (0 = starter)."""
    size = np.array(list(engine.exact_counts(n_msgs, dict(enumerate(rng.lognormal(0, 0.8, n_threads))),
                                             min_each=2).values()))
    auth = np.array(list(engine.exact_counts(n_authors, dict(enumerate(size**0.8)), min_each=1).values()))
    while (over := auth > size).any():  # every author needs a message: move the surplus to roomy threads
        auth[int(np.flatnonzero(over)[0])] -= 1
        auth[int(np.argmax(size - auth))] += 1
    out = []
    for m, a in zip(size, auth, strict=True):
        seq = list(range(a)) + [0 if draws.chance(0.3) else int(draws.u() * a) for _ in range(m - a)]
        out.append([0, *rng.permutation(seq[1:])] if a > 1 else seq)
    return out


def _author(rng, draws, b) -> dict:
    """Latent severity, role, conditions and symptom set of one author."""
    z, care = float(rng.normal()), draws.chance(0.25)
    logits = ({"caregiving": 1.5, "depression": -1.0 + 0.9 * z} if care else
              {"ptsd": -0.2 + z, "depression": -0.8 + 0.9 * z, "tbi": -1.2 + 0.5 * z, "substance": -1.3 + 0.8 * z})
    conds = tuple(c for c, x in logits.items() if draws.chance(1 / (1 + np.exp(-x))))
    prof = np.any([b["conditions"][c] for c in conds], axis=0) if conds else np.zeros(len(b["ids"]), bool)
    sym = (rng.random(len(b["ids"])) < np.where(prof, 0.45, 0.04)) & ~(care & b["combat"])
    return {"z": z, "role": "caregiver" if care else "veteran", "conditions": conds, "symptoms": sym}


def _message(draws, b, author: dict, labs: list[int], lead: bool, reject) -> tuple[str, list, list]:
    """Text of one message, ``(span, label, mode)`` of its sentences, and the labels its decoys name."""
    pools, fill, kinds = b["pools"], b["filler"], b["messages"]
    p_neg = 1 / (1 + np.exp(-(_K["mood_slope"] * author["z"] - 0.3)))
    spec = kinds["relevant" if labs else draws.choice({k: v["weight"] for k, v in kinds.items() if "weight" in v})]
    n_fill = max(1, round(spec.get("sentences", _K["fill_mean"]) * draws.rng.lognormal(-0.125, 0.5)))  # long-tailed
    body = [("label", i) for i in labs] + [("filler", 0)] * n_fill + [("decoy", 0)] * draws.geometric(spec["decoys"])
    opener = (_say(draws.pick(fill["open_lead" if lead else "open_reply"]), draws, pools), None, "filler")
    out, decoy_labels = ([opener] if draws.chance(0.6) else []), []
    for j in draws.rng.permutation(len(body)):
        what, i = body[j]
        if what == "label" and draws.chance(_K["unstated"] * (1 - b["labels"][i]["clarity"])):
            out.append(("", b["ids"][i], "unstated"))  # the expert inferred it; the text does not say it
        elif what == "label":
            for _ in range(10):  # held-out phrasing: redraw a test sentence that repeats training text
                parts, imp = draws.pick(b["labels"][i]["say"])
                text = " ".join(x for x in (draws.pick(b["frames"]["open"]), _say(parts, draws, pools),
                                            draws.pick(b["frames"]["close"])) if x)
                if not reject(text):
                    break
            out.append((text, b["ids"][i], "implicit" if imp else "explicit"))
        elif what == "decoy" and (k := int(draws.weighted(range(len(b["ids"])), b["cum_prior"]))) not in labs:
            p = _say(draws.pick(b["labels"][k]["say"])[0], draws, pools)
            frame = b["decoys"][draws.choice({"past": 1, "third": 2, "negated": 1, "question": 1})]
            out.append((_say(draws.pick(frame), draws, {**pools, "p": (p,), "q": (f'"{p}"',)}), None, "decoy"))
            decoy_labels.append(b["ids"][k])
        elif what == "filler":
            k = draws.weighted(list(spec["mix"]), spec["cum"])
            mood = fill["mood"][:4] if draws.chance(p_neg) else fill["mood"][4:]  # severity colours the mood
            out.append((_say(draws.pick(mood if k == "mood" else fill[k]), draws, pools), None, "filler"))
    text, spans = "", []  # render: the text, and each sentence's (char span or None, label or None, mode)
    for x, lab, mode in out:
        x = x and x[0].upper() + x[1:] + ("" if x.endswith('"') else ".")
        text = f"{text} {x}" if text and x else text or x
        spans.append(((len(text) - len(x), len(text) - x.endswith(".")) if x else None, lab, mode))
    return text, spans, decoy_labels


def _split(rng, draws, b, split: str, n: Mapping[str, int], authors: list, reject) -> list[dict]:
    """Threads, authors and messages of one split (``_`` keys carry generator state)."""
    recs = []
    for t, seq in enumerate(_threads(rng, draws, n["threads"], n["messages"], n["authors"])):
        first = len(authors)
        authors += [_author(rng, draws, b) for _ in range(max(seq) + 1)]
        t0 = pd.Timestamp("2008-01-01") + pd.Timedelta(seconds=int(rng.integers(4 * 365 * 86400)))
        gaps = np.cumsum(np.concatenate([[0], rng.exponential(36000, len(seq) - 1)])).astype(int)
        recs += [(t, pos, first + a, t0 + pd.Timedelta(seconds=int(gaps[pos]))) for pos, a in enumerate(seq)]
    z, opening = np.array([authors[a]["z"] for _, _, a, _ in recs]), np.array([r[1] == 0 for r in recs])
    rel = np.zeros(len(recs), bool)  # exactly the paper's count (Gumbel top-k): severe authors likelier
    rel[np.argsort(-(0.6 * z + 1.3 * opening + rng.gumbel(size=len(recs))))[:n["relevant_messages"]]] = True
    shares = dict(enumerate(1 + rng.negative_binomial(1.5, 0.45, int(rel.sum()))))  # long-tailed, total exact
    counts = iter(engine.exact_counts(n["labels"], shares, min_each=1).values())
    sym_rate = np.mean([authors[a]["symptoms"] for a in sorted({r[2] for r in recs})], axis=0)
    base = b["prior"] / (1.0 + _K["symptom_boost"] * sym_rate)  # so the long tail survives the boosts
    rows = []
    for k, (t, pos, a, ts) in enumerate(recs):
        w = base * (1.0 + _K["symptom_boost"] * authors[a]["symptoms"]) * ~((authors[a]["role"] == "caregiver") & b["combat"])
        labs = [int(i) for i in rng.choice(len(w), size=next(counts), replace=False, p=w / w.sum())] if rel[k] else []
        text, spans, decoys = _message(draws, b, authors[a], labs, pos == 0, reject)
        rows.append({"split": split, "_thread": (split, t), "_author": a, "position": pos, "timestamp": ts,
                     "text": text, "labels": tuple(sorted(b["ids"][i] for i in labs)), "_spans": spans,
                     "_decoys": tuple(decoys), "rationale": (), "rationale_labels": ()})
    return rows


def _rationales(rows: list[dict], draws, n: int):
    """Partial, jittered annotator spans on ``n`` relevant training messages (in place), and rule 4's test
    for the test split: does a text repeat a training sentence or hold a rationale span of >= 4 words?"""
    ok = [r for r in rows if n and any(s and lab for s, lab, _ in r["_spans"])]
    if n > len(ok):
        raise ValueError(f"sim-forum-threads: {n} rationale messages wanted, {len(ok)} qualify; raise the scale")
    for j in draws.rng.choice(len(ok), size=n, replace=False):
        r, out = ok[int(j)], []
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", r["text"])]
        for span, lab, _ in r["_spans"]:
            if span is None or not draws.chance(0.85 if lab else 0.01):  # 1%: a highlight on the wrong sentence
                continue
            i0, i1 = (int(np.searchsorted([w[0] for w in words], x)) for x in span)
            take = min(i1 - i0, max(3, round((i1 - i0) * (0.4 + 0.6 * draws.u()))))  # a part of the sentence ...
            lo = i0 + int(draws.u() * (i1 - i0 - take + 1))
            hi = min(len(words), lo + take + (1 + int(draws.u() * 4) if draws.chance(0.15) else 0))  # ... or spilling
            out.append(((words[lo][0], words[hi - 1][1]), lab or draws.pick(r["labels"])))
        out = out or [next((s, lab) for s, lab, _ in r["_spans"] if s and lab)]
        r["rationale"], r["rationale_labels"] = tuple(s for s, _ in out), tuple(lab for _, lab in out)
    spans = {" ".join(_WORD.findall(r["text"][a:e].lower())) for r in rows for a, e in r["rationale"]}
    spans = {x for x in spans if x.count(" ") >= 3}
    seen, longest = set(audit.sentences(r["text"] for r in rows)), max((x.count(" ") + 1 for x in spans), default=0)

    def reject(text: str) -> bool:
        w = _WORD.findall(text.lower())
        return " ".join(w) in seen or any(" ".join(w[i:j]) in spans for i in range(len(w))
                                          for j in range(i + 4, min(len(w), i + longest) + 1))
    return reject


@register("sim-forum-threads")
def sim_forum_threads(*, scale: float = 1.0, seed: int = 0, p_tr2: float = 0.55) -> pd.DataFrame:
    """Simulate study C's annotated forum (model in the module docstring and the card); one row per
    message in thread order, columns as in ``data/cards/sim-forum-threads.yaml``.

    Parameters
    ----------
    scale : float
        1.0 gives the paper's sizes; other values scale every count.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same frame.
    p_tr2 : float
        Share of TR2 among triage-coded authors (the paper does not state it).
    """
    engine.check_scale(scale, "sim-forum-threads")
    engine.check_unit("p_tr2", p_tr2, "sim-forum-threads")
    rng, b, v, where = np.random.default_rng(seed), _book(), (lambda q: engine.published_value(STUDY, q)), "sim-forum-threads"
    rel = {s: v(f"corpus.{s}.relevant_messages") for s in ("train", "test")}  # messages split in this proportion
    msgs = engine.exact_counts(engine.scaled(int(v("corpus.messages")), scale, floor=40, where=where), rel, min_each=20)
    plan = {s: {q: engine.scaled(int(v(f"corpus.{s}.{q}")), scale, floor=f, where=where) for q, f in
                (("threads", 4), ("authors", 8), ("relevant_messages", 6), ("triage_tagged", 4))} for s in rel}
    for s, n in plan.items():
        n["messages"], n["labels"] = msgs[s], round(n["relevant_messages"] * v(f"corpus.{s}.label_cardinality"))
    draws, authors = engine.Draws(rng), []
    train = _split(rng, draws, b, "train", plan["train"], authors, lambda text: False)
    reject = _rationales(train, draws, round(engine.published_value(STUDY, "corpus.rationale_messages") * scale))
    df = pd.DataFrame(train + _split(rng, draws, b, "test", plan["test"], authors, reject))
    start = df[df["position"] == 0].set_index("_thread")["timestamp"].sort_values(kind="stable")
    df["thread_id"] = df["_thread"].map({k: f"T{i + 1:04d}" for i, k in enumerate(start.index)})  # by start time
    df = df.sort_values(["thread_id", "position"], kind="stable").reset_index(drop=True)
    df["author_id"] = df["_author"].map({a: f"A{i + 1:05d}" for i, a in enumerate(dict.fromkeys(df["_author"]))})
    df["message_id"] = [f"M{i + 1:05d}" for i in range(len(df))]
    df["relevant"], df["n_labels"] = df["labels"].map(bool), df["labels"].map(len)
    _triage(df, rng, b, authors, {s: p["triage_tagged"] for s, p in plan.items()}, p_tr2, scale)
    _annotate(df, rng, b, authors, scale)
    df["true_expressed"] = [tuple(sorted((lab, mode, *(span or (-1, -1))) for span, lab, mode in sp if lab))
                            for sp in df["_spans"]]
    for col, key in (("true_severity", "z"), ("true_role", "role"), ("true_conditions", "conditions")):
        df[col] = df["_author"].map(lambda a, key=key: authors[a][key])
    df["true_symptoms"] = df["_author"].map(lambda a: tuple(np.array(b["ids"])[authors[a]["symptoms"]]))
    return df[list(FORUM_COLUMNS)].copy()


def _pick_threads(rng, df: pd.DataFrame, k: int, target: int, per: str) -> np.ndarray:
    """``k`` training threads whose messages (or authors) add up as near ``target`` as chance allows."""
    sizes = df[df["split"] == "train"].groupby("thread_id")[per].nunique()
    tries = rng.random((2000, len(sizes))).argsort(1)[:, :min(max(k, 1), len(sizes))]
    return sizes.index[tries[np.argmin(np.abs(sizes.to_numpy()[tries].sum(1) - max(target, 2)))]].to_numpy()


def _triage(df, rng, b, authors, n_tagged: Mapping[str, int], p_tr2: float, scale: float) -> None:
    """The expert's triage codes (its own process on the latent state) and six triage annotators."""
    ex, ids, agree = b["expert"], np.array(b["ids"]), _K["agreement"]
    score = {a: ex["severity"] * authors[a]["z"] + sum(ex["conditions"].get(c, 0.0) for c in authors[a]["conditions"])
             + sum(g["weight"] for g in ex["groups"].values() if np.isin(ids[authors[a]["symptoms"]], g["labels"]).any())
             for a in sorted(set(df["_author"]))}
    threads = _pick_threads(rng, df, round(agree["triage_threads"] * scale), round(agree["triage_authors"] * scale), "_author")
    forced, code, votes, flip = set(df.loc[df["thread_id"].isin(threads), "_author"]), {}, {}, {"TR2": "TR3", "TR3": "TR2"}
    for split, k in n_tagged.items():
        pool = sorted(set(df.loc[df["split"] == split, "_author"]))
        must, rest = [a for a in pool if a in forced], [a for a in pool if a not in forced]
        tagged = must + [rest[i] for i in rng.choice(len(rest), size=k - len(must), replace=False)]  # uniform
        noisy = np.array([score[a] for a in tagged]) + rng.normal(0, _K["expert_noise"], len(tagged))
        code.update(zip(tagged, np.where(noisy > np.quantile(noisy, 1.0 - p_tr2), "TR2", "TR3"), strict=True))
        votes.update({a: tuple(flip[code[a]] if rng.random() < _K["triage_flip"] else code[a] for _ in range(6)) for a in must})
    df["author_triage"] = df["_author"].map(lambda a: code.get(a))
    df["annot_triage"] = df["_author"].map(lambda a: votes.get(a, ()))
    df["true_triage_score"] = df["_author"].map(lambda a: round(score[a], 4))


def _annotate(df, rng, b, authors, scale: float) -> None:
    """Four annotators' relevant tags and label sets on the messages of the agreement threads."""
    threads = _pick_threads(rng, df, round(_K["agreement"]["label_threads"] * scale),
                            round(_K["agreement"]["label_messages"] * scale), "message_id")
    df["annot_relevant"], df["annot_labels"] = [()] * len(df), [()] * len(df)
    for m in np.flatnonzero(df["thread_id"].isin(threads).to_numpy()):
        gold, decoys, modes = df["labels"].iat[m], list(df["_decoys"].iat[m]), {x[1]: x[2] for x in df["_spans"].iat[m]}
        border = int((not gold and bool(decoys)) or (bool(gold) and "explicit" not in modes.values()))
        own, tags, sets = list(np.array(b["ids"])[authors[df["_author"].iat[m]]["symptoms"]]), [], []
        for tag in (bool(gold) ^ (rng.random() < _K["relevant_flip"][border]) for _ in range(4)):
            chosen = {lab for lab in gold if rng.random() < _K["keep"][modes[lab]]} if tag else set()
            for _ in range(rng.poisson(_K["extra_labels"]) + (not chosen) if tag else 0):  # plausible extras
                pool = decoys if decoys and rng.random() < 0.5 else own if own and rng.random() < 0.6 else b["ids"]
                chosen.add(pool[int(rng.integers(len(pool)))])
            tags, sets = [*tags, tag], [*sets, tuple(sorted(chosen))]
        df.at[m, "annot_relevant"], df.at[m, "annot_labels"] = tuple(tags), tuple(sets)


#: Columns of ``sim-forum-threads``, in order.
FORUM_COLUMNS = ("thread_id", "message_id", "author_id", "position", "timestamp", "split", "text", "relevant",
                 "labels", "n_labels", "rationale", "rationale_labels", "author_triage", "annot_relevant",
                 "annot_labels", "annot_triage", "true_expressed", "true_severity", "true_role", "true_conditions",
                 "true_symptoms", "true_triage_score")


def annotator_kappas(df: pd.DataFrame) -> dict[str, float]:
    """Fleiss' kappas of the simulated annotators as in the paper's 6.1: ``relevant`` (4 annotators),
    ``distress_labels`` (per-label kappas averaged with weights = gold counts; the paper does not give
    its weights) on the agreement messages, and ``triage`` (6 annotators) on the agreement authors."""
    from statsmodels.stats.inter_rater import fleiss_kappa

    kappa = lambda yes, k: float(fleiss_kappa(np.column_stack([k - yes, yes])))  # noqa: E731  yes votes per item
    m = df[df["annot_relevant"].map(len) > 0]
    out = {"relevant": kappa(np.array([sum(t) for t in m["annot_relevant"]]), 4) if len(m) else np.nan}
    yes = {lab: (np.array([sum(lab in s for s in sets) for sets in m["annot_labels"]]), count)
           for lab, count in Counter(lab for labs in m["labels"] for lab in labs).items()}
    per = [(kappa(v, 4), c) for v, c in yes.values() if 0 < v.sum() < 4 * len(v)]  # defined kappas only
    out["distress_labels"] = float(np.average([k for k, _ in per], weights=[c for _, c in per])) if per else np.nan
    a = df[df["annot_triage"].map(len) > 0].groupby("author_id")["annot_triage"].first()
    out["triage"] = kappa(np.array([v.count("TR2") for v in a]), 6) if len(a) > 1 else np.nan
    return out


def corpus_statistics(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The corpus statistics the paper states, keyed as in ``published/distress-triage-data.csv`` (plus
    the agreement kappas of ``distress-triage.csv``); frames are recognised by their columns."""
    from mhtext.published import published

    wanted, n_book = set(published(STUDY)["quantity"]), engine.published_value(STUDY, "corpus.codebook.labels")
    out = []
    for name, df in frames.items():
        if "thread_id" not in df.columns:
            if "label_id" not in df.columns:
                raise ValueError(f"corpus_statistics: frame {name!r} is neither a forum corpus nor a codebook")
            out += [(name, "corpus.codebook.labels", df["label_id"].nunique()),
                    (name, "corpus.codebook.categories", df["category"].nunique())]
            continue
        for key, d in (("", df), ("train.", df[df["split"] == "train"]), ("test.", df[df["split"] == "test"])):
            rel = d[d["relevant"]]
            n = Counter(lab for labs in rel["labels"] for lab in labs)
            stats = {"messages": len(d), "threads": d["thread_id"].nunique(),
                     "authors": d.groupby("thread_id")["author_id"].nunique().sum(),  # per thread, as the paper
                     "triage_tagged": d.groupby("author_id")["author_triage"].first().notna().sum(),
                     "rationale_messages": (d["rationale"].map(len) > 0).sum(), "relevant_messages": len(rel),
                     "words_relevant": rel["text"].str.split().str.len().sum(), "unique_labels": len(n),
                     "label_cardinality": rel["n_labels"].mean(), "top_label_count": max(n.values(), default=0),
                     "share_labels_under_20": (sum(c < 20 for c in n.values()) + n_book - len(n)) / n_book}
            out += [(name, f"corpus.{key}{q}", x) for q, x in stats.items() if f"corpus.{key}{q}" in wanted]
        out += [(name, f"kappa.{k}", v) for k, v in annotator_kappas(df).items()]
    return engine.stats_frame(out)


def shortcut_audit(frames: Mapping[str, pd.DataFrame], seed: int = 0) -> pd.DataFrame:
    """Trivial shortcuts on the forum corpus, beside the published number of the method each would fake."""
    df = next(f for f in frames.values() if "thread_id" in f.columns)
    au = df.dropna(subset=["author_triage"]).groupby("author_id").agg(
        code=("author_triage", "first"), messages=("message_id", "size"),
        words=("text", lambda t: t.str.split().str.len().mean()))
    y = (au["code"] == "TR2").to_numpy()
    rows = [("majority class", "share of the majority triage code", max(y.mean(), 1 - y.mean()), None, 0.6,
             "the paper does not give the TR2 share; near balance keeps accuracy from flattering a constant")]
    rows += [(f"{what} vs triage", "AUC (CV logistic regression, one feature)",
              audit.single_feature_score(au[col], au["code"], seed=seed), "table4.svm_text.bounded_auc", 0.58,
              f"{what} follows the thread's shape, not severity; Table 4's is a bounded AUC (chance 0.165)")
             for col, what in (("messages", "message count"), ("words", "mean post length"))]
    train, test = (df[df["relevant"] & (df["split"] == s)] for s in ("train", "test"))
    grams = [set(audit._ngrams(t, 3)) for t in train["text"]]
    bg, recalls = Counter(g for gs in grams for g in gs), []
    for lab in sorted({lab for labs in test["labels"] for lab in labs}):
        has, pos = (d["labels"].map(lambda x, lab=lab: lab in x).to_numpy() for d in (train, test))
        if has.sum() >= 5 and pos.sum() >= 3:  # the top 3-gram by audit.top_phrase's rule, counted once
            fg = Counter(g for gs, h in zip(grams, has, strict=True) if h for g in gs)
            recalls.append(audit.phrase_recall(test["text"].tolist(), pos, max(fg, key=lambda g: (2 * fg[g] - bg[g], g))))
    rows += [("string match of each label's top training 3-gram", f"per-label recall on test, {stat}", f(recalls),
              "table3.a1_a10.bounded_auc", bound, "the old simulator gave a mean of 0.76: labels were fixed phrases")
             for stat, f, bound in (("mean", np.mean, 0.3), ("max", np.max, 0.8))]
    sents = [t[a:e] for t, ex in df.loc[df["split"] == "test", ["text", "true_expressed"]].itertuples(index=False)
             for _, _, a, e in ex if a >= 0]
    reject = _rationales(df[df["split"] == "train"].assign(_spans=None).to_dict("records"), engine.Draws(seed), 0)
    rows.append(("test label sentences repeating training text", "share of test label sentences",
                 float(np.mean([reject(x) for x in sents])) if sents else 0.0, "rationales.domain_phrases.bounded_auc",
                 0.02, "rule 4: a rationale span or training sentence verbatim in test text would be an oracle"))
    return engine.audit_frame([{"corpus": "sim-forum-threads", **dict(zip(_AUDIT, r, strict=True)),
                                "published": engine.published_value(STUDY, r[3]) if r[3] else np.nan} for r in rows])


_AUDIT = ("shortcut", "metric", "score", "published_quantity", "bound", "why")
