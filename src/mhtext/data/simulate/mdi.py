"""Simulated corpora of study B (``mdi-patterns``): Twitter timelines, psychology blogs, criteria.

The paper (the MDI-Model, Applied Sciences 2020, 10, 1647) identifies anxiety, bipolar and depressive
disorder and OCD from *sequential emotion patterns* over its 21 representative emotions (Table 2).
Each user has a latent disorder (or none) and a severity; occupation users have one at an assumed
flat prevalence, never at a published rate. Episodes start at a rate that grows with severity, last
6 to 40 tweets and follow the disorder's phase chain (bipolar highs and lows, anxiety's worry runs,
depression's persistent sadness and emptiness, OCD's intrusion, aversion, ritual, relief cycles);
outside them tweets follow the group's everyday mood, and ordinary bad spells (more often in
stressful jobs) borrow the same dynamics, so healthy users share patterns by chance. Emotions are
written with ambiguous NRC words, negated opposites, implicit situations or emoji, plus intensifiers
and slang; gold labels are the majority of three noisy simulated annotators. Templates, pools and
dynamics are data (``templates/mdi.yaml``). Users and non-``@`` tweets per group equal Table 6 at
``scale=1``. Nothing here reads Tables 7 and 8 or Figure 6: the identified shares are outcomes.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache
from importlib import resources as ilr
from typing import Any

import numpy as np
import pandas as pd

from mhtext import resources
from mhtext.data.registry import register
from mhtext.data.simulate import audit, engine

STUDY = "mdi-patterns"
DISORDERS = ("anxiety", "bipolar", "depressive", "ocd")
OCCUPATIONS = ("waiter", "reporter", "engineer", "traveler", "comedian", "musician")
GROUPS = DISORDERS + OCCUPATIONS
_pv = engine.published_value
TWEETS_PER_USER = int(_pv(STUDY, "corpus.tweets_collected_per_user"))
YEARS = {ds: (int(_pv(STUDY, f"corpus.{ds}.first_year")), int(_pv(STUDY, f"corpus.{ds}.last_year")))
         for ds in ("diagnosed", "occupation")}
TABLE6 = {g: (int(_pv(STUDY, f"corpus.users.{g}")), int(_pv(STUDY, f"corpus.tweets.{g}"))) for g in GROUPS}
BLOG_POSTS = int(_pv(STUDY, "corpus.blogs.posts"))
LABELLED_BLOG_POSTS = int(_pv(STUDY, "corpus.blogs.labelled_posts"))
MIN_SPAN_DAYS = 7.0  # Section 6.2: users whose tweets all fall within a week were dropped

# Assumptions of the generative model (none is a published number).
OCCUPATION_PREVALENCE = 0.10  # occupation users with a latent disorder, the same in every job
COMORBID = 0.2  # diagnosed users with a second disorder
ONSET = 0.12  # per-tweet episode onset rate at severity 1
SPELL_SEVERITY = 0.35  # how strongly an ordinary bad spell shows, on the severity scale

_Y = engine.templates("mdi")
EMOTIONS: tuple[str, ...] = tuple(_Y["emotions"])
PLUTCHIK_PARENT = {e: v[0] for e, v in _Y["emotions"].items()}
BLOG_TOPICS = tuple(_Y["blog_topics"])
CORPORA = ("sim-mdi-timelines", "sim-mdi-blogs", "sim-mdi-criteria")
_NRC8 = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")


@cache
def emotion_pools() -> dict[str, tuple[str, ...]]:
    """Word pool of each emotion: its seeds in NRC, then NRC words with two or more NRC emotion categories,
    its Plutchik family among them, whose GloVe vector is nearest its anchor (rule: ``templates/mdi.yaml``)."""
    nrc, rule = resources.nrc_lexicon(), _Y["pool"]
    words, vecs = resources.glove_6b_50d(100_000)
    row = {w: i for i, w in enumerate(words)}
    unit = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    anchors = np.stack([unit[[row[s] for s in _Y["emotions"][e][2:]]].mean(0) for e in EMOTIONS])
    cands = [w for w, c in nrc.items() if w.isalpha() and len(set(c) & set(_NRC8)) >= 2 and w in row]
    sims = unit[[row[w] for w in cands]] @ (anchors / np.linalg.norm(anchors, axis=1, keepdims=True)).T
    sims[~np.array([[PLUTCHIK_PARENT[e] in nrc[w] for e in EMOTIONS] for w in cands])] = -1.0  # own family only
    best, top = sims.argmax(1), sims.max(1)
    pools = {}
    for j, e in enumerate(EMOTIONS):
        near = sorted((-top[i], w) for i, w in enumerate(cands) if best[i] == j and top[i] >= rule["min_cosine"])
        seeds = [s for s in _Y["emotions"][e][2:] if s in nrc]
        pools[e] = tuple(dict.fromkeys(seeds + [w for _, w in near]))[: rule["max_words"]]
    return pools


def _cum(weights: dict) -> tuple[list, list[float]]:
    return list(weights), engine.cumulative(weights.values())


@cache
def _pools() -> dict[str, Any]:
    """Everything the templates draw from (seed-independent, cached)."""
    import vaderSentiment.vaderSentiment as vs

    emp, nrc = resources.empath_categories(), resources.nrc_lexicon()

    def nouns(cats):  # Empath terms without inflected or adjectival endings, so they read as nouns
        ws = {w for c in cats for w in emp[c] if w.isalpha() and len(w) > 2}
        return sorted(w for w in ws if not w.endswith(("ing", "ed", "ly", "ful", "ous", "ive")))

    p: dict[str, Any] = {k: list(_Y[k]) for k in ("slang", "when", "number", "who", "bwhen", "bday", "neg")}
    p.update({t: nouns(c) for t, c in _Y["topics"].items()})
    p["topic"] = sorted({w for t in _Y["topics"] for w in p[t]})
    p["intens"] = sorted(w for w, v in vs.BOOSTER_DICT.items() if w.isalpha() and v > 0)
    p["jobs"] = {o: nouns(c) for o, (_, c) in _Y["occupations"].items()}
    zipf = _Y["pool"]["zipf"]
    p["words"] = {e: (ws, engine.cumulative([(i + 1) ** -zipf for i in range(len(ws))]))
                  for e, ws in emotion_pools().items()}
    p["siblings"] = {e: [s for s in EMOTIONS if PLUTCHIK_PARENT[s] == PLUTCHIK_PARENT[e] and s != e] or list(EMOTIONS)
                     for e in EMOTIONS}
    p["modes"] = _cum(_Y["modes"])
    p["chains"] = {d: {ph: (_cum(v["emit"]), v["run"], _cum(v["next"])) for ph, v in spec.items()}
                   for d, spec in _Y["dynamics"].items()}
    p["blog"] = {neg: [t for t in _Y["blog_emotional"] if ("{o}" in t) == neg] for neg in (False, True)}
    p["shaped"] = {m: {sh: _Y[m]["any"] + (_Y[m]["adj"] if sh != "noun" else []) + (_Y[m]["noun"] if sh != "adj" else [])
                       for sh in ("adj", "noun", "")} for m in ("explicit", "negated")}
    p["emoji"] = {c: [] for c in _NRC8}  # VADER's face and heart emoji, by the NRC categories of their description
    for line in ilr.files("vaderSentiment").joinpath("emoji_utf8_lexicon.txt").read_text("utf-8").splitlines():
        emo, _, desc = line.partition("\t")
        for c in {c for w in desc.split() for c in nrc.get(w, ()) if c in p["emoji"]} if "face" in desc or "heart" in desc else ():
            p["emoji"][c].append(emo)
    size = Counter(PLUTCHIK_PARENT.values())  # Plutchik-level moods spread evenly over each family
    p["moods"] = {k: _cum({e: v.get(PLUTCHIK_PARENT[e], 0) / size[PLUTCHIK_PARENT[e]] for e in EMOTIONS})
                  for k, v in [*((k, b["mood"]) for k, b in _Y["baseline"].items()),
                               *((t, v[0]) for t, v in _Y["blog_topics"].items())]}
    p["nrc"] = {w: {c: 1 / len(cs) for c in cs} for w, cats in nrc.items() if (cs := [c for c in cats if c in _NRC8])}
    return p


def _shape(word: str) -> str:
    """'noun' or 'adj' when the suffix says so (``shape`` in the YAML), '' when it does not."""
    return next((sh for sh, ends in _Y["shape"].items() if word.endswith(tuple(ends))), "")


def _sequence(dr: engine.Draws, n: int, disorders: list[str], severity: float, mood, spell_rate: float = 0.0,
              spell_mix=None, p_emote: float = 0.5, min_episode: int = 6, onset: float = ONSET) -> list:
    """Latent (emotion or None, phase) of ``n`` consecutive texts of one author."""
    chains, out = _pools()["chains"], []
    left, chain, kind, phase, run, prev = 0, None, "", "", 0, None
    while len(out) < n:
        if left == 0:
            chain = None
            if disorders and dr.chance(onset * severity):
                chain = disorders[0] if len(disorders) == 1 or dr.chance(0.8) else disorders[1]
                kind, left = "episode", min_episode + dr.geometric(4 + 12 * severity)
            elif dr.chance(spell_rate):
                chain, kind, left = dr.weighted(*spell_mix), "spell", 2 + dr.geometric(2.5)
            phase, run = (dr.pick(list(chains[chain])), 0) if chain else ("", 0)
        if chain:
            emit, mean_run, nxt = chains[chain][phase]
            run = run if run > 0 else 1 + dr.geometric(max(mean_run - 1, 0))
            shown = dr.chance(0.55 + 0.4 * (severity if kind == "episode" else SPELL_SEVERITY))
            out.append((dr.weighted(*emit) if shown else None, f"{kind}:{chain}:{phase}"))
            run, left = run - 1, left - 1
            phase = dr.weighted(*nxt) if run == 0 else phase
        else:
            e = (prev if prev and dr.chance(0.3) else dr.weighted(*mood)) if dr.chance(p_emote) else None
            out.append((e, ""))
        prev = out[-1][0] or prev
    return out


def _clause(dr: engine.Draws, e: str, pools: dict[str, Any], blog: bool = False) -> tuple[str, str]:
    """Text expressing emotion ``e`` and how it was written (explicit, negated, implicit, emoji)."""
    mode = dr.weighted(*pools["modes"])
    mode = "explicit" if blog and mode == "emoji" else mode
    emoji = pools["emoji"][PLUTCHIK_PARENT[e]] or (":)",)
    fixed = {"w": dr.weighted(*pools["words"][e]), "emoji": dr.pick(emoji)}
    if mode == "negated":
        fixed["o"] = dr.weighted(*pools["words"][_Y["opposite"][e]])
    if mode == "implicit":
        text = engine.fill(dr.pick(_Y["implicit"][e]), pools, dr)
        if blog:
            text = engine.fill(dr.pick(_Y["blog_implicit"]), pools, dr, {"implicit": text})
    elif blog or mode == "emoji":
        text = engine.fill(dr.pick(pools["blog"][mode == "negated"] if blog else _Y["emoji"]), pools, dr, fixed)
    else:
        shape = _shape(fixed["o" if mode == "negated" else "w"])
        text = engine.fill(dr.pick(pools["shaped"][mode][shape]), pools, dr, fixed)
    return text, mode


def _gold(dr: engine.Draws, e: str | None, mode: str, siblings: dict[str, list[str]]) -> str:
    """Majority label of three simulated annotators ('' = no emotion); without a majority, the first's."""
    if e is None:  # a mundane tweet: now and then annotators agree on a spurious emotion
        return "" if dr.chance(0.99) else dr.pick(EMOTIONS)
    a, b, c = (e if dr.chance(_Y["clarity"][mode]) else dr.pick(siblings[e]) if dr.chance(0.6)
               else "" if dr.chance(0.5) else dr.pick(EMOTIONS) for _ in range(3))  # right, confusable, miss, any
    return b if b == c != a else a


def _allocate(rng: np.random.Generator, n_users: int, total: int, cap: int) -> np.ndarray:
    """Per-user kept-tweet counts in ``1..cap`` summing exactly to ``total`` (wide beta-binomial)."""
    if not n_users <= total <= n_users * cap:
        raise ValueError(f"cannot give {n_users} users {total} tweets with 1..{cap} each; raise scale or min_users")
    mean = total / (n_users * cap)
    k = np.clip(rng.binomial(cap, rng.beta(mean * 2, (1 - mean) * 2, size=n_users)), 1, cap)
    while (diff := int(total - k.sum())) != 0:
        room = np.flatnonzero(k < cap) if diff > 0 else np.flatnonzero(k > 1)
        k[rng.choice(room, size=min(abs(diff), room.size), replace=False)] += 1 if diff > 0 else -1
    return k


def _timestamps(rng: np.random.Generator, n_users: int, years: tuple[int, int], n: int) -> np.ndarray:
    """``n`` ascending posting times per user (int64 ns, whole seconds), each user's span over a week."""
    lo = pd.Timestamp(f"{years[0]}-01-01", tz="UTC").value
    hi = pd.Timestamp(f"{years[1]}-12-31 23:59:59", tz="UTC").value
    day = 86_400 * 10**9
    gaps = rng.exponential(1.0, size=(n_users, n - 1)) * np.exp(rng.normal(np.log(2.0), 1.0, size=(n_users, 1)))
    span = gaps.sum(axis=1, keepdims=True)
    floor = MIN_SPAN_DAYS + 1 + rng.exponential(7.0, size=(n_users, 1))
    gaps *= np.clip(span, floor, 0.9 * (hi - lo) / day) / span
    offsets = np.concatenate([np.zeros((n_users, 1)), np.cumsum(gaps, axis=1)], axis=1)
    start = lo + rng.random(n_users) * ((hi - lo) - offsets[:, -1] * day)
    return ((start[:, None] + offsets * day) // 10**9 * 10**9).astype(np.int64)


def _tweet(dr: engine.Draws, e: str | None, pools: dict[str, Any], work: float, treat: float) -> tuple[str, str]:
    """One tweet (at most 140 characters) and how its emotion was written ('none' for mundane)."""
    if e is None:
        u = dr.u()
        kind = "work" if u < work else "treatment" if u < work + treat else "mundane"
        text, mode = engine.fill(dr.pick(_Y[kind]), pools, dr), "none"
    else:
        text, mode = _clause(dr, e, pools)
        if dr.chance(0.12):  # mixed feelings: a second, often related, emotion in the same tweet
            other, _ = _clause(dr, dr.pick(pools["siblings"][e] + [dr.pick(EMOTIONS)]), pools)
            text = engine.fill(dr.pick(_Y["two"]), pools, dr, {"a": text, "b": other})
    text = text + " " + dr.pick(_Y["hashtags"]) if dr.chance(0.1) else text
    return (text if len(text) <= 140 else text[:140].rsplit(" ", 1)[0]), mode


@register("sim-mdi-timelines")
def simulate_timelines(*, scale: float = 1.0, seed: int = 0, min_users: int = 10) -> pd.DataFrame:
    """Twitter timelines (40 collected tweets per user) of diagnosed users and six occupations.

    ``scale=1`` gives Table 6's users and non-``@`` tweets per group exactly; other scales scale users
    (at least ``min_users`` per group). Returns one row per tweet sorted by ``user_id, tweet_idx``:
    ``user_id, group, dataset, tweet_idx, timestamp, text, gold_emotion`` ('' = none seen) and the
    generative truth ``true_disorder, true_severity, true_emotions, true_phase`` (never features).
    """
    engine.check_scale(scale, "sim-mdi-timelines")
    rng = np.random.default_rng(seed)
    dr, base, n_slots = engine.Draws(rng), _pools(), TWEETS_PER_USER
    base = dict(base, link=[f"https://t.co/{''.join(rng.choice(list('abcdefghijkmnpqrstuvwxyz0123456789'), 10))}"
                            for _ in range(300)])
    names = ("group", "text", "gold_emotion", "true_disorder", "true_severity", "true_emotions", "true_phase")
    cols: dict[str, list] = {c: [] for c in (*names, "timestamp")}
    for group, (users, tweets) in TABLE6.items():
        diagnosed = group in DISORDERS
        n = engine.scaled(users, scale, floor=min_users, where="sim-mdi-timelines")
        kept = _allocate(rng, n, int(round(tweets * n / users)), n_slots)
        spec = _Y["baseline"]["diagnosed" if diagnosed else _Y["occupations"][group][0]]
        mood, spell_mix = base["moods"]["diagnosed" if diagnosed else _Y["occupations"][group][0]], _cum(spec["spell_mix"])
        pools = dict(base, job=base["topic"] if diagnosed else base["jobs"][group])
        work, treat = (0.03, 0.04) if diagnosed else (0.15, 0.005)  # talk about the job, about treatment
        sick = np.ones(n, bool) if diagnosed else rng.random(n) < OCCUPATION_PREVALENCE
        severity = np.where(sick, rng.beta(2.2, 1.8, n) if diagnosed else rng.beta(1.5, 3.0, n), 0.0)
        p_emote = rng.beta(2.5, 3.5, n)
        reply = rng.random((n, n_slots)).argsort(axis=1) >= kept[:, None]
        for i in range(n):
            ds = [group if diagnosed else dr.pick(DISORDERS)] if sick[i] else []
            if ds and dr.chance(COMORBID):
                ds.append(dr.pick([d for d in DISORDERS if d != ds[0]]))
            seq = _sequence(dr, n_slots, ds, float(severity[i]), mood, spec["spell"], spell_mix, float(p_emote[i]))
            for j, (e, phase) in enumerate(seq):
                text, mode = _tweet(dr, e, pools, work, treat)
                cols["text"].append(f"@{dr.pick(_Y['handles'])}{int(dr.u() * 99)} {text}"[:140] if reply[i, j] else text)
                cols["gold_emotion"].append(_gold(dr, e, mode, base["siblings"]))
                cols["true_emotions"].append((e,) if e else ())
                cols["true_phase"].append(phase)
            cols["true_disorder"] += [ds[0] if ds else "none"] * n_slots
            cols["true_severity"] += [float(severity[i])] * n_slots
        cols["group"] += [group] * (n * n_slots)
        cols["timestamp"] += _timestamps(rng, n, YEARS["diagnosed" if diagnosed else "occupation"], n_slots).ravel().tolist()
    n_users = len(cols["group"]) // n_slots
    uid = np.array([f"u{p:0{len(str(n_users))}d}" for p in rng.permutation(n_users)], dtype=object)  # no group order
    frame = pd.DataFrame({
        "user_id": np.repeat(uid, n_slots), "group": cols["group"],
        "dataset": np.where(np.isin(cols["group"], DISORDERS), "diagnosed", "occupation").astype(object),
        "tweet_idx": np.tile(np.arange(n_slots, dtype=np.int64), n_users),
        "timestamp": pd.to_datetime(np.asarray(cols["timestamp"], dtype=np.int64), utc=True),
        **{c: cols[c] for c in names[1:]}})
    return frame.sort_values(["user_id", "tweet_idx"], kind="stable").reset_index(drop=True)


@register("sim-mdi-blogs")
def simulate_blogs(*, scale: float = 1.0, seed: int = 0, min_labelled: int = 5, min_general: int = 20) -> pd.DataFrame:
    """Psychology-community blog posts about mental health, 1,300 of them labelled with a disorder.

    One of 15 topics, a title and a lognormal number of sentences (median 15) in paragraphs. Labelled
    posts narrate their disorder's dynamics; general ones follow the topic's mood, some with a
    disorder-like run. Columns ``post_id, topic, title, text, disorder`` and ``true_emotions``.
    """
    engine.check_scale(scale, "sim-mdi-blogs")
    rng = np.random.default_rng(seed)
    dr, pools = engine.Draws(rng), _pools()
    per = engine.scaled(LABELLED_BLOG_POSTS // len(DISORDERS), scale, floor=min_labelled, where="sim-mdi-blogs")
    n_general = engine.scaled(BLOG_POSTS - LABELLED_BLOG_POSTS, scale, floor=min_general, where="sim-mdi-blogs")
    labels = np.array([d for d in DISORDERS for _ in range(per)] + ["general"] * n_general, dtype=object)
    labels = labels[rng.permutation(labels.size)]
    n_sent = np.clip(np.rint(np.exp(rng.normal(math.log(15), 0.5, labels.size))), 5, 60).astype(int)
    lean = {v: k for k, v in _Y["blog_lean"].items()}
    rows = []
    for pid, (label, n) in enumerate(zip(labels.tolist(), n_sent.tolist(), strict=True)):
        topic = _Y["blog_lean"][label] if label != "general" and dr.chance(0.6) else dr.pick(BLOG_TOPICS)
        ds = [label] if label != "general" else [lean[topic]] if topic in lean and dr.chance(0.3) else []
        seq = _sequence(dr, n, ds, 0.6 if ds else 0.0, pools["moods"][topic], min_episode=n,
                        onset=1.6 if label != "general" else 0.25)
        sp = dict(pools, phrase=[dr.pick(_Y["blog_topics"][topic][1])])
        sents, emotions = [], [e for e, _ in seq if e]
        for e, _ in seq:
            s = _clause(dr, e, sp, blog=True)[0] if e else engine.fill(dr.pick(_Y["blog_neutral"]), sp, dr)
            sents.append(s[:1].upper() + s[1:])
        cuts = [0]
        while cuts[-1] < n:  # paragraphs of 2 to about 8 sentences
            cuts.append(cuts[-1] + 2 + dr.geometric(2))
        text = "\n\n".join(" ".join(sents[a:b]) for a, b in zip(cuts, cuts[1:], strict=False))
        title = engine.fill(dr.pick(_Y["blog_title"] if emotions else _Y["blog_title"][:5]), sp, dr,
                            {"w": dr.weighted(*pools["words"][emotions[0]])} if emotions else None)
        rows.append((pid, topic, title[:1].upper() + title[1:], text, label, tuple(emotions)))
    return pd.DataFrame(rows, columns=["post_id", "topic", "title", "text", "disorder", "true_emotions"]).astype(
        {"post_id": np.int64})


@register("sim-mdi-criteria")
def criteria(*, scale: float = 1.0, seed: int = 0) -> pd.DataFrame:
    """The 80 criteria statements (20 per disorder), written in this project's words from the clinical
    description of each disorder's emotion dynamics, with the emotion sequence each describes (fixed
    text: ``scale`` and ``seed`` are accepted and ignored)."""
    engine.check_scale(scale, "sim-mdi-criteria")
    rows = [(f"{d}-{i + 1:02d}", d, t, tuple(em)) for d in DISORDERS for i, (t, em) in enumerate(_Y["criteria"][d])]
    return pd.DataFrame(rows, columns=["criterion_id", "disorder", "text", "emotions"])


def _kept(tl: pd.DataFrame) -> pd.DataFrame:
    """The tweets the paper kept: those without '@' (Section 6.2)."""
    return tl[~tl["text"].str.contains("@", regex=False)]


def corpus_statistics(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The corpus statistics the paper states (quantities of ``mdi-patterns-data.csv``), from frames."""
    if unknown := sorted(set(frames) - set(CORPORA)):
        raise KeyError(f"corpus_statistics: unknown corpora {unknown}; pass any of {list(CORPORA)}")
    out: list[tuple[str, str, float]] = []
    if (tl := frames.get(CORPORA[0])) is not None:
        users, tweets = tl.groupby("group")["user_id"].nunique(), _kept(tl).groupby("group").size()
        out += [(CORPORA[0], f"corpus.{q}.{g}", s.get(g, 0)) for g in GROUPS for q, s in (("users", users),
                                                                                          ("tweets", tweets))]
        for ds, groups in (("diagnosed", DISORDERS), ("occupation", OCCUPATIONS)):
            part = tl[tl["dataset"] == ds]
            out += [(CORPORA[0], f"corpus.{ds}.{q}", v) for q, v in (
                ("groups", part["group"].nunique()), ("tweets", tweets.reindex(list(groups)).fillna(0).sum()),
                ("first_year", part["timestamp"].dt.year.min()), ("last_year", part["timestamp"].dt.year.max()))]
        per_user = tl.groupby("user_id").size()
        out.append((CORPORA[0], "corpus.tweets_collected_per_user",
                    per_user.max() if per_user.min() == per_user.max() else float("nan")))
    if (b := frames.get(CORPORA[1])) is not None:
        out += [(CORPORA[1], "corpus.blogs.posts", len(b)),
                (CORPORA[1], "corpus.blogs.labelled_posts", (b["disorder"] != "general").sum())]
    if (c := frames.get(CORPORA[2])) is not None:
        out.append((CORPORA[2], "corpus.criteria.statements", len(c)))
    return engine.stats_frame(out)


def readback(texts, lexicon: dict[str, dict[str, float]]) -> list[str]:
    """The label with most lexicon weight among a text's words ('' when no word is in the lexicon)."""
    votes = [sum((Counter(lexicon[w]) for w in audit._WORD.findall(t.lower()) if w in lexicon), Counter()) for t in texts]
    return [max(sorted(v), key=v.get) if v else "" for v in votes]


def shortcut_audit(frames: dict[str, pd.DataFrame], seed: int = 0) -> pd.DataFrame:
    """Trivial shortcuts on the timelines (with criteria and blogs where given) beside what each fakes.

    Metrics, bounds and reasons are data (``audit`` in ``templates/mdi.yaml``). ``nrc_readback``: a plain
    NRC lookup (each word's vote split over its categories) against the gold emotion's Plutchik parent;
    ``pool_readback``: the generator's own 21 word pools read back against the gold emotion."""
    from sklearn.metrics import f1_score

    kept = _kept(frames[CORPORA[0]])
    lab = kept[kept["gold_emotion"] != ""]
    parent, owner = lab["gold_emotion"].map(PLUTCHIK_PARENT), {w: {e: 1.0} for e, ws in emotion_pools().items() for w in ws}
    users = kept.assign(n=1, chars=kept["text"].str.len()).groupby("user_id").agg(
        group=("group", "first"), dataset=("dataset", "first"), n=("n", "sum"), chars=("chars", "mean"))
    dx, one = users[users["dataset"] == "diagnosed"], audit.single_feature_score
    score = {
        "nrc_readback": lambda: f1_score(parent, readback(lab["text"], _pools()["nrc"]), average="macro",
                                         labels=sorted(set(parent))),
        "pool_readback": lambda: f1_score(lab["gold_emotion"], readback(lab["text"], owner), average="macro",
                                          labels=list(EMOTIONS)),
        "majority_group": lambda: audit.majority_macro_f1(dx["group"]),
        "majority_emotion": lambda: audit.majority_macro_f1(lab["gold_emotion"]),
        "count_group": lambda: one(dx["n"], dx["group"], seed=seed),
        "count_dataset": lambda: one(users["n"], users["dataset"], seed=seed),
        "length_group": lambda: one(dx["chars"], dx["group"], seed=seed),
        "length_dataset": lambda: one(users["chars"], users["dataset"], seed=seed),
    }
    if CORPORA[2] in frames:
        score["criteria_in_tweets"] = lambda: audit.verbatim_overlap(kept["text"], frames[CORPORA[2]]["text"])
    if CORPORA[1] in frames:
        score["tweets_in_blogs"] = lambda: audit.verbatim_overlap(frames[CORPORA[1]]["text"], kept["text"])
    return engine.audit_frame([dict(zip(engine.AUDIT_COLUMNS, (
        CORPORA[0], k, m, float(fn()), q or None, _pv(STUDY, q) if q else None, b, why), strict=True))
        for k, fn in score.items() for m, q, b, why in [_Y["audit"][k]]])
