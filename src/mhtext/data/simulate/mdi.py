"""Simulated corpora of study B (``mdi-patterns``): timelines, blogs and criteria.

The paper (the MDI-Model, Applied Sciences 2020, 10, 1647) identifies anxiety
disorder, bipolar disorder, depressive disorder and OCD from *sequential emotion
patterns*: ordered runs of its 21 generalized representative emotions (Table 2)
that a user's tweets express. It mines those patterns from 80 authoritative
criteria statements and from psychology blog posts, then matches them against
the 40 latest tweets of diagnosed users and of users in six occupations. None
of these corpora was released, so this module simulates all three.

The generative model
--------------------
*Emotion vocabulary.* Each of the 21 representative emotions owns a short list
of adjectives and nouns; every word is in the NRC emotion lexicon or in VADER
(:func:`emotion_vocabulary` checks this), so a lexicon built from NRC/WordNet
finds them. A word belongs to exactly one emotion, which makes the generative
truth (``true_emotions``) recoverable from the text.

*Disorder patterns.* Each disorder owns eight short emotion sequences written
from typical clinical descriptions (e.g. depressive: sadness → despair →
tired; bipolar: manic → confidence → sadness → despair; OCD: disgust → anxiety
→ concentration). Patterns overlap across disorders, as symptoms do.

*Users.* A user has a latent mental status among the paper's seven (Table 4).
The status sets how often an emotional tweet starts a disorder episode and how
often that episode comes from the user's own disorder rather than another
one. Everything else is noise: about half the tweets are mundane (food, work,
weather, links), the remaining emotions are drawn one at a time from a
baseline that depends on the group (stressful jobs complain more, travelers
gush more), episodes are interleaved with mundane tweets, and about half the
tweets are replies (``@handle ...``) that the paper's filter drops.
Diagnosed users are healthy-looking (status 7) at the rate the MDI-Model
missed them (Table 7); the identified ones split between confirmed stages and
tendencies as Section 6.2.1 describes. Occupation users carry a disorder
tendency at the rate of Table 8, mostly anxiety in stressful jobs and more OCD
among musicians (Figure 7's text).

*Sizes.* Users per group and tweets per group after removing ``@`` tweets equal
Table 6 exactly at ``scale=1``; each user has 40 collected tweets (Section
6.2). Blogs: 125,559 posts, of which 1,300 are labelled with a disorder
(Section 4.3, step 1). Criteria: the 80 statements of Section 4.1, written in
this project's own words.

Examples
--------
>>> from mhtext.data import load
>>> tl = load("sim-mdi-timelines", scale=0.02, seed=0)
>>> sorted(tl["dataset"].unique())
['diagnosed', 'occupation']
>>> (tl.groupby("user_id").size() == 40).all()
np.True_
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from mhtext import resources
from mhtext.data.registry import register
from mhtext.data.simulate._draws import Draws

# ----------------------------------------------------------------------------------------------
# What the paper states
# ----------------------------------------------------------------------------------------------

#: The 21 generalized representative emotions of Table 2, grouped by Plutchik basic emotion.
#: (The paper's running text lists "Respect" instead of "Trust" and omits "Sadness";
#: Table 2 is followed here because it has all 21.)
PLUTCHIK_GROUPS: dict[str, tuple[str, ...]] = {
    "joy": ("joy", "intimacy"),
    "trust": ("trust", "confidence", "concentration"),
    "fear": ("anxiety", "insecurity", "fear"),
    "surprise": ("surprise",),
    "sadness": ("sadness", "pain", "despair", "tired"),
    "disgust": ("shame", "disgust"),
    "anger": ("anger", "manic"),
    "anticipation": ("passion", "gratitude", "hope", "relaxation"),
}
#: The 21 representative emotions, in Table 2 order.
EMOTIONS: tuple[str, ...] = tuple(e for group in PLUTCHIK_GROUPS.values() for e in group)
#: Representative emotion -> its Plutchik basic emotion.
PLUTCHIK_PARENT: dict[str, str] = {e: basic for basic, group in PLUTCHIK_GROUPS.items() for e in group}

DISORDERS: tuple[str, ...] = ("anxiety", "bipolar", "depressive", "ocd")
OCCUPATIONS: tuple[str, ...] = ("waiter", "reporter", "engineer", "traveler", "comedian", "musician")
#: Section 6.2.2: the three occupations chosen as stressful; the other three as the control.
STRESSFUL_OCCUPATIONS: tuple[str, ...] = ("waiter", "reporter", "engineer")

#: Table 4: the seven mental health statuses.
STATUSES: dict[int, str] = {
    1: "severe stage of mental disorder",
    2: "moderate stage of mental disorder",
    3: "mild stage of mental disorder",
    4: "severe tendency of mental disorder",
    5: "moderate tendency of mental disorder",
    6: "mild tendency of mental disorder",
    7: "mentally healthy",
}

#: Table 6: (users, tweets) per group; tweets are those left after dropping "@" interactions.
TABLE6: dict[str, tuple[int, int]] = {
    "anxiety": (2089, 45_930),
    "bipolar": (1646, 47_112),
    "depressive": (974, 20_318),
    "ocd": (2281, 53_667),
    "waiter": (1179, 23_459),
    "reporter": (961, 19_144),
    "engineer": (891, 17_653),
    "traveler": (962, 18_835),
    "comedian": (1764, 35_627),
    "musician": (2364, 49_907),
}
#: Section 6.2: each account's 40 latest tweets were collected.
TWEETS_PER_USER = 40
#: Section 6.2: posting periods of the two data sets (inclusive years).
YEARS: dict[str, tuple[int, int]] = {"diagnosed": (2015, 2019), "occupation": (2012, 2019)}
#: Section 6.2: users whose tweets all fall within a week were removed.
MIN_SPAN_DAYS = 7.0
#: Section 4.1 / 6: blogs from the psychology community.
BLOG_POSTS = 125_559
#: Section 4.3, step 1: "a total of 1300 blogs" labelled with a disorder (read as 325 per disorder).
LABELLED_BLOG_POSTS = 1300
#: Section 4.1: number of authoritative criteria statements.
N_CRITERIA = 80

#: Table 7: share of diagnosed users the MDI-Model identified (confirmed or tendency), in percent.
TABLE7_IDENTIFIED_PERCENT: dict[str, float] = {"anxiety": 90.76, "bipolar": 90.70, "depressive": 90.66, "ocd": 90.44}
#: Table 8: share of occupation users detected with a tendency, in percent (Engineer: the printed
#: rate is used; its printed count 723/891 disagrees with it).
TABLE8_RATE_PERCENT: dict[str, float] = {
    "waiter": 46.31,
    "reporter": 35.90,
    "engineer": 38.27,
    "traveler": 8.11,
    "comedian": 10.66,
    "musician": 16.16,
}

# ----------------------------------------------------------------------------------------------
# Assumptions of the generative model (where the paper gives no number)
# ----------------------------------------------------------------------------------------------

#: Status shares among identified diagnosed users, from Section 6.2.1's text: confirmed about twice
#: the tendentious; of the confirmed, over half severe and 33% early (read as mild); of the
#: tendentious, 99% severe. The moderate stage takes the rest of the confirmed.
IDENTIFIED_STATUS_SHARES: dict[int, float] = {
    1: (2 / 3) * 0.52,
    2: (2 / 3) * 0.15,
    3: (2 / 3) * 0.33,
    4: (1 / 3) * 0.99,
    5: (1 / 3) * 0.005,
    6: (1 / 3) * 0.005,
}
#: Status shares among occupation users with a tendency (assumed: mostly milder than diagnosed).
OCCUPATION_TENDENCY_SHARES: dict[int, float] = {4: 0.5, 5: 0.3, 6: 0.2}
#: Disorder of an occupation user's tendency (assumed from Figure 7's text: anxiety dominates,
#: above all in stressful jobs; OCD is high among musicians).
OCCUPATION_DISORDER_MIX: dict[str, dict[str, float]] = {
    "stressful": {"anxiety": 0.55, "bipolar": 0.1, "depressive": 0.2, "ocd": 0.15},
    "traveler": {"anxiety": 0.25, "bipolar": 0.25, "depressive": 0.25, "ocd": 0.25},
    "comedian": {"anxiety": 0.25, "bipolar": 0.3, "depressive": 0.25, "ocd": 0.2},
    "musician": {"anxiety": 0.25, "bipolar": 0.2, "depressive": 0.15, "ocd": 0.4},
}
#: Per status: (probability that an emotional tweet starts a disorder episode,
#: probability that the episode's pattern is the user's own disorder's).
STATUS_PROFILE: dict[int, tuple[float, float]] = {
    1: (0.50, 0.85),
    2: (0.40, 0.80),
    3: (0.30, 0.75),
    4: (0.30, 0.70),
    5: (0.22, 0.65),
    6: (0.15, 0.60),
    7: (0.0, 0.0),
}

# ----------------------------------------------------------------------------------------------
# Emotion vocabulary and disorder patterns
# ----------------------------------------------------------------------------------------------

#: Emotion -> (adjectives, nouns). Every word is in NRC or VADER and belongs to one emotion only.
EMOTION_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "joy": (
        ("happy", "joyful", "cheerful", "delighted", "glad", "elated", "blissful", "merry"),
        ("joy", "happiness", "delight", "bliss", "fun", "pleasure", "cheer"),
    ),
    "intimacy": (
        ("loving", "affectionate", "tender", "intimate"),
        ("love", "affection", "tenderness", "closeness", "friendship", "romance"),
    ),
    "trust": (
        ("safe", "faithful", "loyal", "reliable", "trusting", "secure"),
        ("trust", "loyalty", "honesty", "reliance"),
    ),
    "confidence": (
        ("confident", "proud", "bold", "brave", "capable", "determined"),
        ("confidence", "pride", "courage", "strength", "determination"),
    ),
    "concentration": (
        ("focused", "careful", "precise", "orderly", "attentive", "organized", "neat"),
        ("focus", "discipline", "precision", "perfection", "routine", "attention", "vigilance", "symmetry"),
    ),
    "anxiety": (
        ("anxious", "nervous", "worried", "uneasy", "restless", "tense", "apprehensive"),
        ("anxiety", "worry", "dread", "nervousness", "unease", "tension", "restlessness"),
    ),
    "insecurity": (
        ("insecure", "inadequate", "unsure", "helpless", "vulnerable", "inferior", "useless", "doubtful"),
        ("insecurity", "doubt", "inadequacy"),
    ),
    "fear": (
        ("afraid", "scared", "frightened", "terrified", "fearful", "shaky"),
        ("fear", "terror", "horror", "fright", "panic", "alarm"),
    ),
    "surprise": (
        ("surprised", "amazed", "astonished", "shocked", "stunned"),
        ("surprise", "amazement", "shock"),
    ),
    "sadness": (
        ("sad", "unhappy", "gloomy", "miserable", "lonely", "heartbroken", "sorrowful"),
        ("sadness", "sorrow", "grief", "loneliness", "misery", "tears", "melancholy", "gloom"),
    ),
    "pain": (
        ("hurt", "sore", "painful", "aching"),
        ("pain", "ache", "agony", "suffering", "torment", "heartache"),
    ),
    "despair": (
        ("hopeless", "desperate", "defeated", "empty", "numb", "worthless", "doomed", "bleak"),
        ("despair", "hopelessness", "emptiness", "desperation"),
    ),
    "tired": (
        ("tired", "exhausted", "weary", "drained", "lethargic", "sluggish", "fatigued"),
        ("fatigue", "exhaustion", "weariness"),
    ),
    "shame": (
        ("ashamed", "embarrassed", "guilty", "humiliated", "regretful"),
        ("shame", "guilt", "regret", "remorse", "embarrassment", "disgrace"),
    ),
    "disgust": (
        ("disgusted", "gross", "dirty", "filthy", "nasty", "contaminated", "revolting", "unclean"),
        ("disgust", "filth", "dirt", "contamination"),
    ),
    "anger": (
        ("angry", "mad", "furious", "irritated", "annoyed", "frustrated", "resentful", "irritable", "agitated"),
        ("anger", "rage", "fury", "frustration", "resentment", "hate", "irritability", "agitation"),
    ),
    "manic": (
        ("euphoric", "invincible", "reckless", "frantic", "energetic", "unstoppable"),
        ("mania", "frenzy", "euphoria"),
    ),
    "passion": (
        ("passionate", "excited", "eager", "enthusiastic", "thrilled", "inspired", "motivated", "creative"),
        ("passion", "excitement", "enthusiasm", "inspiration", "motivation"),
    ),
    "gratitude": (
        ("grateful", "thankful", "blessed", "appreciative"),
        ("gratitude", "thanks", "appreciation", "blessing"),
    ),
    "hope": (
        ("hopeful", "optimistic"),
        ("hope", "optimism", "faith"),
    ),
    "relaxation": (
        ("relaxed", "calm", "peaceful", "serene", "tranquil", "comfortable"),
        ("peace", "ease", "relaxation", "comfort", "serenity"),
    ),
}

#: Disorder -> sequential emotion patterns (ordered), written from typical clinical descriptions.
DISORDER_PATTERNS: dict[str, tuple[tuple[str, ...], ...]] = {
    "anxiety": (
        ("anxiety", "anxiety", "anxiety"),  # worry that keeps coming back
        ("anxiety", "fear", "insecurity"),
        ("insecurity", "anxiety", "tired"),  # restlessness, then fatigue
        ("surprise", "fear", "pain"),  # a panic attack out of the blue
        ("anxiety", "fear", "despair"),
        ("anxiety", "tired", "anger"),  # irritability
        ("fear", "anxiety"),
        ("anxiety", "insecurity", "shame"),  # fear of being judged
    ),
    "bipolar": (
        ("manic", "passion", "confidence"),
        ("joy", "manic", "anger"),
        ("manic", "confidence", "sadness", "despair"),  # a high turning into a low
        ("passion", "manic", "tired", "sadness"),
        ("sadness", "despair", "manic"),
        ("confidence", "manic", "shame"),  # regret after the high
        ("manic", "anger", "sadness"),
        ("joy", "joy", "sadness", "despair"),
    ),
    "depressive": (
        ("sadness", "sadness", "sadness"),  # a low mood that does not lift
        ("sadness", "despair", "tired"),
        ("tired", "sadness", "shame"),
        ("pain", "despair"),
        ("shame", "sadness", "despair"),
        ("sadness", "tired", "tired"),
        ("despair", "pain", "sadness"),
        ("insecurity", "shame", "sadness"),  # worthlessness
    ),
    "ocd": (
        ("disgust", "anxiety", "concentration"),  # contamination fear, then a ritual
        ("anxiety", "concentration", "relaxation"),  # the compulsion brings brief relief
        ("insecurity", "concentration", "concentration"),  # checking again and again
        ("fear", "disgust", "shame"),
        ("anxiety", "concentration", "anxiety"),  # the relief does not last
        ("concentration", "tired", "shame"),
        ("disgust", "fear", "anxiety"),
        ("insecurity", "anxiety", "concentration", "tired"),
    ),
}

#: Baseline (pattern-free) emotion weights of a healthy tweeter.
BASELINE_WEIGHTS: dict[str, float] = {
    "joy": 14, "intimacy": 8, "trust": 3, "confidence": 5, "concentration": 4, "anxiety": 4,
    "insecurity": 1.5, "fear": 2, "surprise": 6, "sadness": 4, "pain": 2, "despair": 0.5,
    "tired": 8, "shame": 1, "disgust": 2, "anger": 5, "manic": 0.5, "passion": 9,
    "gratitude": 8, "hope": 7, "relaxation": 8,
}  # fmt: skip
#: Multipliers of the baseline per kind of group (assumed from Section 6.2.2's reasoning).
BASELINE_TILT: dict[str, dict[str, float]] = {
    "diagnosed": {"sadness": 1.3, "tired": 1.3, "anxiety": 1.2},
    "stressful": {"tired": 2.2, "anger": 2.2, "anxiety": 1.8, "disgust": 1.5, "sadness": 1.3},
    "traveler": {"joy": 1.5, "passion": 1.6, "relaxation": 1.6, "surprise": 1.5, "gratitude": 1.3},
    "comedian": {"passion": 1.5, "gratitude": 1.5, "joy": 1.3, "surprise": 1.3},
    "musician": {"passion": 1.7, "gratitude": 1.5, "joy": 1.2, "concentration": 1.3},
}


@cache
def emotion_vocabulary() -> dict[str, str]:
    """Word -> representative emotion, for every word the simulators may write as an emotion.

    Returns
    -------
    dict[str, str]
        Lowercase word to one of :data:`EMOTIONS`.

    Raises
    ------
    ValueError
        If a word is in neither the NRC lexicon nor VADER, or belongs to two emotions
        (both would break the promise that the text carries exactly ``true_emotions``).
    """
    nrc, vader = resources.nrc_lexicon(), resources.vader_lexicon()
    out: dict[str, str] = {}
    for emotion, (adjs, nouns) in EMOTION_WORDS.items():
        for word in (*adjs, *nouns):
            if word not in nrc and word not in vader.index:
                raise ValueError(f"EMOTION_WORDS[{emotion!r}]: {word!r} is in neither NRC nor VADER; pick a real one")
            if word in out and out[word] != emotion:
                raise ValueError(f"EMOTION_WORDS: {word!r} is listed under {out[word]!r} and {emotion!r}")
            out[word] = emotion
    return out


_TOKEN = re.compile(r"[a-z]+")


def emotions_in(text: str) -> tuple[str, ...]:
    """Representative emotions whose vocabulary words occur in ``text``, in order of occurrence.

    This is how the simulators' ``true_emotions`` can be read back from a text; it is a
    check of the generator, not the paper's emotion detector.
    """
    vocab = emotion_vocabulary()
    return tuple(vocab[t] for t in _TOKEN.findall(text.lower()) if t in vocab)


# ----------------------------------------------------------------------------------------------
# Sampling helpers
# ----------------------------------------------------------------------------------------------


#: Buffered uniforms (a callable returning one draw), shared with the other simulators.
_Uniforms = Draws


class _Weighted:
    """Draw an item with given weights from one uniform (inverse CDF by bisection)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        w = np.asarray(weights, dtype=float)
        if len(items) != len(w) or len(w) == 0 or (w < 0).any() or w.sum() <= 0:
            raise ValueError(f"bad weights {list(weights)} for {len(items)} items")
        self.items = list(items)
        self._cdf = (np.cumsum(w) / w.sum()).tolist()
        self._cdf[-1] = 1.0

    def draw(self, u: float) -> Any:
        return self.items[min(bisect.bisect_right(self._cdf, u), len(self.items) - 1)]


def _pick(seq: Sequence[str], u: float) -> str:
    return seq[int(u * len(seq))]


def _scaled(n: int, scale: float, floor: int) -> int:
    """``n`` scaled linearly, never below ``floor`` (so every group stays present)."""
    return max(int(floor), int(round(n * scale)))


def _check_scale(scale: float, where: str) -> None:
    if not (isinstance(scale, int | float) and np.isfinite(scale) and scale > 0):
        raise ValueError(f"{where}: scale must be a positive number (1.0 = the paper's sizes), got {scale!r}")


def _check_knobs(knobs: dict[str, Any], allowed: dict[str, Any], where: str) -> dict[str, Any]:
    unknown = sorted(set(knobs) - set(allowed))
    if unknown:
        raise TypeError(f"{where}: unknown knob(s) {unknown}; known knobs are {sorted(allowed)}")
    return {**allowed, **knobs}


def _sample_sequence(
    u: _Uniforms,
    n_slots: int,
    *,
    p_neutral: float,
    p_episode: float,
    p_own: float,
    own: _Weighted | None,
    other: _Weighted | None,
    baseline: _Weighted,
    p_gap: float,
    p_merge: float,
    p_pair: float = 0.08,
) -> tuple[list[tuple[str, ...]], list[str]]:
    """Emotions of ``n_slots`` consecutive texts (tweets or sentences) and the pattern each belongs to.

    A slot is neutral (no emotion), a single baseline emotion, or part of a disorder
    episode: a pattern whose emotions fill consecutive slots, sometimes two in one slot
    (``p_merge``) and sometimes with a neutral slot in between (``p_gap``). Baseline slots
    sometimes hold two baseline emotions (``p_pair``), so that a text naming two emotions
    is not by itself a sign of an episode. Pattern ids
    are ``"<disorder>:<index>"``; ``""`` marks slots outside any episode.
    """
    slots: list[tuple[str, ...]] = []
    pids: list[str] = []
    while len(slots) < n_slots:
        if u() < p_neutral:
            slots.append(())
            pids.append("")
            continue
        if own is not None and u() < p_episode:
            lib = own if (other is None or u() < p_own) else other
            pid, pattern = lib.draw(u())
            i = 0
            while i < len(pattern):
                if i + 1 < len(pattern) and u() < p_merge:
                    slots.append((pattern[i], pattern[i + 1]))
                    i += 2
                else:
                    slots.append((pattern[i],))
                    i += 1
                pids.append(pid)
                if i < len(pattern) and u() < p_gap:
                    slots.append(())
                    pids.append("")
        elif u() < p_pair:
            slots.append((baseline.draw(u()), baseline.draw(u())))
            pids.append("")
        else:
            slots.append((baseline.draw(u()),))
            pids.append("")
    return slots[:n_slots], pids[:n_slots]


def _pattern_library(disorders: Sequence[str]) -> _Weighted:
    """All patterns of ``disorders``, equally likely, as (pattern id, pattern)."""
    items = [(f"{d}:{i}", p) for d in disorders for i, p in enumerate(DISORDER_PATTERNS[d])]
    return _Weighted(items, [1.0] * len(items))


def _baseline(kind: str) -> _Weighted:
    tilt = BASELINE_TILT.get(kind, {})
    return _Weighted(EMOTIONS, [BASELINE_WEIGHTS[e] * tilt.get(e, 1.0) for e in EMOTIONS])


def _group_kind(group: str) -> str:
    if group in DISORDERS:
        return "diagnosed"
    return "stressful" if group in STRESSFUL_OCCUPATIONS else group


# ----------------------------------------------------------------------------------------------
# Tweet text
# ----------------------------------------------------------------------------------------------

# Templates take positional fields: {0} the emotion word, {1} a context phrase.
_TWEET_ADJ = (
    "feeling {0} {1}", "so {0} rn", "why am i so {0} {1}", "honestly just {0}", "{0}. thats it thats the tweet",
    "i feel {0} {1}", "woke up {0}", "been {0} all day", "cant stop feeling {0}", "is it normal to be this {0} {1}",
    "kinda {0} {1} ngl", "{0} af", "still {0} {1}", "pretty {0} {1} not gonna lie", "sooo {0} {1}",
    "me: {0}. also me: acts normal", "idk why im so {0} {1}", "{1} i am just {0}", "very {0} {1}",
)  # fmt: skip
_TWEET_NOUN = (
    "so much {0} {1}", "the {0} is real", "full of {0} {1}", "{0} {1}. again", "nothing but {0} {1}",
    "this {0} tho", "a wave of {0} {1}", "cant explain the {0} {1}", "{1} it's all {0}",
    "the {0} hits different {1}",
)  # fmt: skip
# Two emotions in one tweet: {0} first adjective, {1} second adjective, {2} context.
_TWEET_TWO = (
    "{0} {2} and {1} by tonight", "went from {0} to {1} in like an hour", "{0} then {1}. every time",
    "{0} but also kinda {1}", "was {0} this morning now just {1}", "{0} -> {1} -> repeat",
)  # fmt: skip
_CONTEXT = (
    "today", "tonight", "this morning", "after work", "right now", "lately", "since yesterday", "at 3am",
    "for no reason", "this week", "again", "", "", "", "ugh", "on a monday",
)  # fmt: skip

_FOODS = ("pizza", "tacos", "ramen", "leftovers", "pancakes", "a burrito", "cereal", "soup", "curry", "a bagel")
_PLACES = ("chicago", "the city", "london", "austin", "denver", "portland", "the office", "the gym", "downtown")
_THINGS = ("the new phone", "my laptop", "the bus", "the train", "my car", "the wifi", "the printer", "my bike")
_SHOWS = ("the game", "the finale", "a documentary", "the news", "old cartoons", "the playoffs", "a cooking show")
_MUNDANE = (
    "just had {food} for lunch", "rain again in {place}", "watching {show} tonight", "need more coffee",
    "{thing} is acting up again", "traffic in {place} is something else", "anyone else watching {show}",
    "cleaned the kitchen finally", "grocery run then laundry", "new haircut who dis", "its 2am and im eating {food}",
    "read this {link}", "weekend plans: nothing", "cant find my keys", "{place} traffic at 5pm", "monday again",
    "dog walk done", "podcast recommendations?", "my plant is still alive", "{food} > everything",
    "snow in {place} already", "forgot my charger at {place}", "heading to {place}", "reading a new book",
    "power went out lol", "finally fixed {thing}", "who else is up", "new episode tonight", "quick gym session",
    "check this out {link}", "thinking about {food}", "coffee number three", "long day, long week",
)  # fmt: skip
_JOB: dict[str, tuple[str, ...]] = {
    "waiter": (
        "double shift tomorrow", "table of twelve walked in at closing", "tips tonight were decent",
        "brunch rush done", "someone sent back a steak for the third time", "closing shift again",
        "my feet after a saturday shift",
    ),
    "reporter": (
        "filing my story before deadline", "press conference at 10", "new piece up {link}",
        "editor wants 600 words by five", "on the scene downtown", "transcribing interviews all night",
        "newsroom coffee is a crime",
    ),
    "engineer": (
        "deploy went out tonight", "debugging the build pipeline", "code review marathon",
        "tests passing finally", "the server is down again", "standup ran 40 minutes",
        "refactoring legacy code all day",
    ),
    "traveler": (
        "boarding for {place}", "layover in {place}", "hostel wifi is a myth", "12 countries down",
        "sunrise hike this morning", "passport stamps collecting", "night bus to the coast",
    ),
    "comedian": (
        "doing a set at the club tonight", "open mic at 9", "new bit about {thing}", "show tickets {link}",
        "writing jokes on the train", "late show this weekend", "tour dates up {link}",
    ),
    "musician": (
        "in the studio all day", "gig at the bar friday", "new single out now {link}", "rehearsal went long",
        "restringing my guitar", "soundcheck in an hour", "mixing the new track",
    ),
}  # fmt: skip
_HEALTH = (
    "therapy at 4 tomorrow", "refilled my meds", "psych appointment moved again", "new counselor next week",
    "day 30 on the new meds", "support group tonight", "doctor upped my dose", "journaling like my therapist said",
    "med check this afternoon", "bipolar awareness day", "ocd awareness week", "depression is not a choice. be kind",
)  # fmt: skip
_TAGS = (
    "mood",
    "life",
    "mondays",
    "tbt",
    "random",
    "nofilter",
    "weekend",
    "latenight",
    "thoughts",
    "real",
    "justsaying",
)
_SUFFIX = (" lol", " smh", " tbh", " ngl", " idk", " lmao", " fr", " ugh", " haha", " omg")
_ENDINGS = ("", "", "", ".", "!!", "...", "!")
_HANDLE_A = ("jay", "sam", "kat", "mo", "lee", "alex", "nina", "dev", "rae", "tom", "zoe", "kev", "ana", "max")
_HANDLE_B = ("_", "", "x", "_the", "official", "__")
_LINK_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _link(r: float, s: float) -> str:
    # Two uniforms give a t.co-like id; deterministic and cheap.
    a, b = int(r * 1e9), int(s * 1e9)
    chars = [_LINK_CHARS[(a >> (5 * i)) % 62] for i in range(5)] + [_LINK_CHARS[(b >> (5 * i)) % 62] for i in range(5)]
    return "https://t.co/" + "".join(chars)


_MUNDANE_SLOTS = {"food": (_FOODS, 0), "place": (_PLACES, 1), "thing": (_THINGS, 2), "show": (_SHOWS, 3)}


def _fill_mundane(template: str, r: list[float]) -> str:
    """Fill a mundane template's ``{food}``, ``{place}``, ``{thing}``, ``{show}``, ``{link}`` slots."""
    if "{" not in template:
        return template
    # Only the slots the template uses are drawn: most have one, and this runs ~300k times.
    fields = {k: _pick(pool, r[i]) for k, (pool, i) in _MUNDANE_SLOTS.items() if "{" + k + "}" in template}
    if "{link}" in template:
        fields["link"] = _link(r[4], r[5])
    return template.format(**fields)


def _emotion_word(emotion: str, u_kind: float, u_word: float) -> tuple[str, bool]:
    """An adjective (``True``) or noun (``False``) of ``emotion``."""
    adjs, nouns = EMOTION_WORDS[emotion]
    if u_kind < 0.6:
        return _pick(adjs, u_word), True
    return _pick(nouns, u_word), False


def _render_tweet(emotions: tuple[str, ...], r: list[float], style: tuple[float, float, float], job: str | None) -> str:
    """One tweet expressing ``emotions`` (0, 1 or 2 of them); ``r`` holds 14 uniforms.

    A tweet without emotion is mundane; ``job`` (an occupation or ``"health"``) picks the
    job- or treatment-related pool instead of the everyday one.
    """
    p_lower, p_tag, p_suffix = style
    if not emotions:
        pool = _MUNDANE if job is None else (_HEALTH if job == "health" else _JOB[job])
        text = _fill_mundane(_pick(pool, r[1]), r[2:8])
    elif len(emotions) == 1:
        word, is_adj = _emotion_word(emotions[0], r[0], r[1])
        text = _pick(_TWEET_ADJ if is_adj else _TWEET_NOUN, r[2]).format(word, _pick(_CONTEXT, r[3]))
    else:
        a = _pick(EMOTION_WORDS[emotions[0]][0], r[1])
        b = _pick(EMOTION_WORDS[emotions[1]][0], r[4])
        text = _pick(_TWEET_TWO, r[2]).format(a, b, _pick(_CONTEXT, r[3]))
    text = " ".join(text.split())
    if r[8] < p_suffix:
        text += _pick(_SUFFIX, r[9])
    text += _pick(_ENDINGS, r[10])
    if r[11] < p_tag:
        text += " #" + _pick(_TAGS, r[12])
    if r[13] >= p_lower:
        text = text[:1].upper() + text[1:]
    return text


# ----------------------------------------------------------------------------------------------
# Timelines
# ----------------------------------------------------------------------------------------------


def _allocate(rng: np.random.Generator, n_users: int, total: int, cap: int) -> np.ndarray:
    """Per-user counts in ``1..cap`` summing exactly to ``total`` (beta-binomial, then adjusted)."""
    if not n_users <= total <= n_users * cap:
        raise ValueError(f"cannot give {n_users} users {total} tweets with 1..{cap} each")
    mean = total / (n_users * cap)
    p = rng.beta(mean * 8, (1 - mean) * 8, size=n_users)
    k = np.clip(rng.binomial(cap, p), 1, cap)
    diff = int(total - k.sum())
    while diff != 0:
        room = np.flatnonzero(k < cap) if diff > 0 else np.flatnonzero(k > 1)
        pick = rng.choice(room, size=min(abs(diff), room.size), replace=False)
        k[pick] += 1 if diff > 0 else -1
        diff = int(total - k.sum())
    return k


def _statuses(rng: np.random.Generator, group: str, n: int, tendency_scale: float) -> np.ndarray:
    """Latent status (1..7) of ``n`` users of ``group``."""
    if group in DISORDERS:
        ident = TABLE7_IDENTIFIED_PERCENT[group] / 100
        shares = {s: ident * w / sum(IDENTIFIED_STATUS_SHARES.values()) for s, w in IDENTIFIED_STATUS_SHARES.items()}
    else:
        rate = min(1.0, TABLE8_RATE_PERCENT[group] / 100 * tendency_scale)
        shares = {s: rate * w for s, w in OCCUPATION_TENDENCY_SHARES.items()}
    shares[7] = 1.0 - sum(shares.values())
    levels = np.array(sorted(shares))
    return rng.choice(levels, size=n, p=np.array([shares[s] for s in levels]))


def _pattern_disorders(rng: np.random.Generator, group: str, status: np.ndarray) -> np.ndarray:
    """The disorder whose patterns each user expresses ("none" for status 7)."""
    if group in DISORDERS:
        out = np.full(status.size, group, dtype=object)
    else:
        mix = OCCUPATION_DISORDER_MIX["stressful" if group in STRESSFUL_OCCUPATIONS else group]
        out = rng.choice(np.array(DISORDERS, dtype=object), size=status.size, p=[mix[d] for d in DISORDERS])
    out[status == 7] = "none"
    return out


def _timestamps(rng: np.random.Generator, n_users: int, years: tuple[int, int], n: int) -> np.ndarray:
    """``n`` ascending posting times per user (int64 ns since epoch), spanning more than a week."""
    lo = pd.Timestamp(f"{years[0]}-01-01", tz="UTC").value
    hi = pd.Timestamp(f"{years[1]}-12-31 23:59:59", tz="UTC").value
    day = 86_400 * 10**9
    mean_gap = np.exp(rng.normal(np.log(2.0), 1.0, size=(n_users, 1)))  # days; prolific to sparse posters
    gaps = rng.exponential(1.0, size=(n_users, n - 1)) * mean_gap
    span = gaps.sum(axis=1, keepdims=True)
    # The paper dropped users whose tweets all fall within a week: keep every span above it.
    floor = MIN_SPAN_DAYS + 1 + rng.exponential(7.0, size=(n_users, 1))
    ceiling = 0.9 * (hi - lo) / day
    gaps *= np.clip(span, floor, ceiling) / span
    span = gaps.sum(axis=1)
    offsets = np.concatenate([np.zeros((n_users, 1)), np.cumsum(gaps, axis=1)], axis=1)
    start = lo + rng.random(n_users) * ((hi - lo) - span * day)
    second = 10**9  # whole seconds, as the Twitter API gives them
    return ((start[:, None] + offsets * day) // second * second).astype(np.int64)


@register("sim-mdi-timelines")
def simulate_timelines(*, scale: float = 1.0, seed: int = 0, **knobs: Any) -> pd.DataFrame:
    """Twitter timelines (40 tweets per user) of diagnosed users and of six occupations.

    Parameters
    ----------
    scale : float
        1.0 gives Table 6's users and (non-``@``) tweets per group exactly; other values
        scale users linearly, never below ``min_users`` per group, keeping each group's
        mean number of non-``@`` tweets per user.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same frame.
    **knobs
        ``min_users`` (10): users per group at least. ``p_neutral`` (0.5): mean share of
        mundane tweets. ``pattern_strength`` (1.0): multiplies every status's episode rate.
        ``tendency_scale`` (1.0): multiplies Table 8's tendency rates of occupation users.
        ``p_job`` (0.06): share of an occupation user's mundane tweets about their job.

    Returns
    -------
    pandas.DataFrame
        One row per collected tweet, sorted by ``user_id`` and ``tweet_idx`` (0 = oldest):
        ``user_id, group, dataset, tweet_idx, timestamp, text`` and the generative truth
        ``true_status`` (1..7, Table 4), ``true_disorder`` (disorder whose patterns the user
        expresses, or ``"none"``), ``true_emotions`` (tuple per tweet) and ``true_pattern``
        (``"<disorder>:<i>"`` of :data:`DISORDER_PATTERNS`, or ``""``).
        Tweets containing ``"@"`` are replies, which the paper filtered out.
    """
    _check_scale(scale, "sim-mdi-timelines")
    k = _check_knobs(
        knobs,
        {"min_users": 10, "p_neutral": 0.5, "pattern_strength": 1.0, "tendency_scale": 1.0, "p_job": 0.06},
        "sim-mdi-timelines",
    )
    rng = np.random.default_rng(seed)
    u = _Uniforms(rng)
    n_slots = TWEETS_PER_USER
    libraries = {d: _pattern_library([d]) for d in DISORDERS}
    others = {d: _pattern_library([o for o in DISORDERS if o != d]) for d in DISORDERS}

    cols: dict[str, list[Any]] = {
        c: [] for c in ("group", "dataset", "timestamp", "text", "true_status", "true_disorder", "true_emotions")
    }
    cols["true_pattern"] = []
    user_of_row: list[int] = []
    n_seen = 0
    for group, (users, tweets) in TABLE6.items():
        dataset = "diagnosed" if group in DISORDERS else "occupation"
        n = _scaled(users, scale, k["min_users"])
        total = int(round(tweets * n / users))
        kept = _allocate(rng, n, total, n_slots)
        status = _statuses(rng, group, n, k["tendency_scale"])
        disorder = _pattern_disorders(rng, group, status)
        stamps = _timestamps(rng, n, YEARS[dataset], n_slots)
        baseline = _baseline(_group_kind(group))
        # Per-user style and mundane rate: users differ in how much they post about feelings.
        p_neutral = np.clip(rng.beta(8 * k["p_neutral"], 8 * (1 - k["p_neutral"]), size=n), 0.05, 0.95)
        styles = np.column_stack([rng.beta(6, 3, n), rng.beta(1.2, 6, n), rng.beta(1.5, 5, n)]).tolist()
        reply = rng.random((n, n_slots)).argsort(axis=1) >= kept[:, None]  # 40 - kept reply slots per user
        handles = rng.random((n, n_slots, 2))
        for i in range(n):
            p_ep, p_own = STATUS_PROFILE[int(status[i])]
            d = disorder[i]
            slots, pids = _sample_sequence(
                u, n_slots, p_neutral=p_neutral[i], p_episode=min(1.0, p_ep * k["pattern_strength"]), p_own=p_own,
                own=libraries.get(d), other=others.get(d), baseline=baseline, p_gap=0.3, p_merge=0.15,
            )  # fmt: skip
            r = rng.random((n_slots, 16)).tolist()
            for j in range(n_slots):
                job = None
                if not slots[j]:
                    if dataset == "occupation":
                        job = group if r[j][14] < k["p_job"] else ("health" if r[j][14] > 0.995 else None)
                    else:  # diagnosed users have jobs too, and talk about treatment now and then
                        job = _pick(OCCUPATIONS, r[j][15]) if r[j][14] < 0.015 else None
                        job = "health" if r[j][14] > 0.97 else job
                text = _render_tweet(slots[j], r[j], styles[i], job)
                if reply[i, j]:
                    h = handles[i, j]
                    text = f"@{_pick(_HANDLE_A, h[0])}{_pick(_HANDLE_B, h[1])}{int(h[0] * 97)} {text}"
                cols["text"].append(text)
            cols["true_emotions"].extend(slots)
            cols["true_pattern"].extend(pids)
            cols["group"].extend([group] * n_slots)
            cols["dataset"].extend([dataset] * n_slots)
            cols["true_status"].extend([int(status[i])] * n_slots)
            cols["true_disorder"].extend([d] * n_slots)
            user_of_row.extend([n_seen + i] * n_slots)
        cols["timestamp"].extend(stamps.ravel().tolist())
        n_seen += n

    # Anonymous ids: a random permutation, so that ids carry no group order.
    perm = rng.permutation(n_seen)
    width = len(str(n_seen))
    uid = np.array([f"u{p:0{width}d}" for p in perm], dtype=object)[np.asarray(user_of_row)]
    frame = pd.DataFrame(
        {
            "user_id": uid,
            "group": cols["group"],
            "dataset": cols["dataset"],
            "tweet_idx": np.tile(np.arange(n_slots, dtype=np.int64), n_seen),
            "timestamp": pd.to_datetime(np.asarray(cols["timestamp"], dtype=np.int64), utc=True),
            "text": cols["text"],
            "true_status": np.asarray(cols["true_status"], dtype=np.int64),
            "true_disorder": cols["true_disorder"],
            "true_emotions": cols["true_emotions"],
            "true_pattern": cols["true_pattern"],
        }
    )
    return frame.sort_values(["user_id", "tweet_idx"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# Blogs
# ----------------------------------------------------------------------------------------------

#: Blog topics (the paper runs LDA with 15 topics on its blogs): name -> (emotion weights,
#: topic phrases, disorder affinity). Topics 1 and 2 follow the paper's two example topics.
BLOG_TOPICS: dict[str, tuple[dict[str, float], tuple[str, ...], dict[str, float]]] = {
    "happiness and creativity": (
        {"joy": 4, "passion": 3, "hope": 2, "gratitude": 2, "surprise": 1},
        ("new hobbies", "painting and music", "play"),
        {},
    ),
    "pain, fear and loss": (
        {"pain": 3, "fear": 3, "shame": 2, "sadness": 3, "despair": 2},
        ("losing someone", "bereavement", "a death in the family"),
        {"depressive": 1},
    ),
    "worry and panic": (
        {"anxiety": 5, "fear": 3, "insecurity": 2, "tired": 1},
        ("sudden attacks", "racing thoughts", "a pounding heart"),
        {"anxiety": 3},
    ),
    "low mood and depression": (
        {"sadness": 5, "despair": 3, "tired": 3, "shame": 1},
        ("depression", "low mood", "getting out of bed"),
        {"depressive": 3},
    ),
    "mood swings": (
        {"manic": 4, "passion": 2, "confidence": 2, "sadness": 2, "despair": 1},
        ("mood swings", "sleepless nights", "mood charts"),
        {"bipolar": 3},
    ),
    "intrusive thoughts and rituals": (
        {"anxiety": 3, "disgust": 3, "concentration": 3, "shame": 2, "insecurity": 1},
        ("intrusive thoughts", "hand washing", "checking rituals"),
        {"ocd": 3},
    ),
    "sleep and fatigue": (
        {"tired": 5, "relaxation": 2, "anxiety": 1},
        ("sleep", "bedtime habits", "insomnia"),
        {"depressive": 1, "bipolar": 1},
    ),
    "relationships and intimacy": (
        {"intimacy": 4, "trust": 3, "insecurity": 2, "joy": 1},
        ("relationships", "dating", "partners"),
        {},
    ),
    "work stress and burnout": (
        {"tired": 3, "anger": 3, "anxiety": 3, "despair": 1},
        ("burnout", "long hours", "deadlines"),
        {"anxiety": 1},
    ),
    "self-esteem": (
        {"confidence": 3, "insecurity": 3, "shame": 2, "hope": 1},
        ("self-esteem", "body image", "comparison on social media"),
        {"depressive": 1},
    ),
    "mindfulness and relaxation": (
        {"relaxation": 4, "concentration": 3, "gratitude": 2, "hope": 1},
        ("mindfulness", "meditation", "breathing"),
        {},
    ),
    "anger and irritability": (
        {"anger": 5, "disgust": 2, "shame": 1},
        ("arguments", "traffic jams", "family conflict"),
        {"bipolar": 1},
    ),
    "recovery and hope": (
        {"hope": 4, "gratitude": 3, "trust": 2, "confidence": 2},
        ("recovery", "therapy", "support groups"),
        {},
    ),
    "trauma and memory": (
        {"fear": 3, "pain": 3, "surprise": 2, "shame": 2},
        ("trauma", "flashbacks", "old memories"),
        {"anxiety": 1},
    ),
    "family and parenting": (
        {"intimacy": 3, "joy": 2, "anxiety": 2, "tired": 2},
        ("parenting", "teenagers", "family life"),
        {},
    ),
}

_BLOG_ADJ = (
    "Many readers tell us they feel {0} {1}.", "It is normal to feel {0} {1}.",
    "Feeling {0} {1} is not a personal failure.", "Some days you may wake up {0} without knowing why.",
    "If you often feel {0} {1}, keep a short diary of when it happens.",
    "People around you may not notice how {0} you are {1}.", "You are not alone if you feel {0} {1}.",
    "Being {0} {1} is a signal worth listening to.",
)  # fmt: skip
_BLOG_NOUN = (
    "A sense of {0} often shows up {1}.", "Naming the {0} out loud can take away some of its power.",
    "Try to notice where in your body you hold the {0}.", "Behind that {0} there is usually a need that has gone unmet.",
    "The {0} can build slowly, one small moment at a time.", "Many people describe {0} {1}.",
    "Writing about the {0} {1} can help.",
)  # fmt: skip
_BLOG_TWO = (
    "What starts as {2} can quickly turn into {3}.", "Many people describe {2} followed by {3}.",
    "You might feel {0} in the morning and {1} by the evening.", "It is common to go from {0} to {1} {4}.",
    "Often {2} comes first and {3} follows.",
)  # fmt: skip
_BLOG_CONTEXT = (
    "at work", "in the evening", "after a long week", "around other people", "in quiet moments",
    "when plans change", "on weekends", "during exams", "at night", "with family",
)  # fmt: skip
_BLOG_NEUTRAL = (
    "Sleep, food and movement all play a part.", "A therapist can help you map out what happens before a difficult day.",
    "Write down three things that happened today, however small.", "Questions about {0} are among the most common reasons people write to us.",
    "Research on {0} keeps growing.", "Talk to your doctor before changing any medication.",
    "Small steps count, even when they seem tiny.", "Let us look at what the research says about {0}.",
    "Here is what one reader shared with us about {0}.", "A walk outside can change the shape of an afternoon.",
    "Every person's story is different.", "This week we look at {0}.",
)  # fmt: skip
_BLOG_TITLE = (
    "When {n} takes over", "Living with {n}", "Notes on {t}", "Five small steps for {t}",
    "Why we feel {a} {c}", "{T}: what helps", "A reader asks about {t}", "Understanding {t}",
)  # fmt: skip


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _blog_sentence(emotions: tuple[str, ...], phrase: str, r: list[float]) -> str:
    if not emotions:
        return _cap(_pick(_BLOG_NEUTRAL, r[0]).format(phrase))
    if len(emotions) == 1:
        word, is_adj = _emotion_word(emotions[0], r[0], r[1])
        return _cap(_pick(_BLOG_ADJ if is_adj else _BLOG_NOUN, r[2]).format(word, _pick(_BLOG_CONTEXT, r[3])))
    (a1s, n1s), (a2s, n2s) = EMOTION_WORDS[emotions[0]], EMOTION_WORDS[emotions[1]]
    return _cap(
        _pick(_BLOG_TWO, r[2]).format(
            _pick(a1s, r[1]), _pick(a2s, r[4]), _pick(n1s, r[1]), _pick(n2s, r[4]), _pick(_BLOG_CONTEXT, r[3])
        )
    )


@register("sim-mdi-blogs")
def simulate_blogs(*, scale: float = 1.0, seed: int = 0, **knobs: Any) -> pd.DataFrame:
    """Psychology blog posts about mental health, a few labelled with a disorder.

    Each post has a topic (one of the 15 of :data:`BLOG_TOPICS`), a title, and two or
    three paragraphs of two to four sentences. Sentence emotions follow
    :func:`_sample_sequence`: posts labelled with a disorder carry that disorder's
    patterns often; general posts carry the topic's emotions and, less often, the
    patterns of a disorder the topic leans towards, which is what the paper's
    association rules on the unlabelled blogs pick up.

    Parameters
    ----------
    scale : float
        1.0 gives 125,559 posts of which 1,300 are labelled (325 per disorder); sizes scale
        linearly, never below ``min_labelled`` per disorder and ``min_general`` general posts.
    seed : int
        Seed of ``numpy.random.default_rng``.
    **knobs
        ``min_labelled`` (5), ``min_general`` (20), ``p_episode_labelled`` (0.5),
        ``p_episode_general`` (0.12).

    Returns
    -------
    pandas.DataFrame
        ``post_id`` (int), ``topic``, ``title``, ``text`` (paragraphs separated by a blank
        line), ``disorder`` (one of :data:`DISORDERS` or ``"general"``), and the generative
        truth ``true_emotions`` (tuple, in text order, title excluded) and ``true_patterns``
        (tuple of pattern ids embedded in the post).
    """
    _check_scale(scale, "sim-mdi-blogs")
    k = _check_knobs(
        knobs,
        {"min_labelled": 5, "min_general": 20, "p_episode_labelled": 0.5, "p_episode_general": 0.12},
        "sim-mdi-blogs",
    )
    rng = np.random.default_rng(seed)
    u = _Uniforms(rng)
    per_disorder = _scaled(LABELLED_BLOG_POSTS // len(DISORDERS), scale, k["min_labelled"])
    n_general = _scaled(BLOG_POSTS - LABELLED_BLOG_POSTS, scale, k["min_general"])
    labels = [d for d in DISORDERS for _ in range(per_disorder)] + ["general"] * n_general
    labels = [labels[i] for i in rng.permutation(len(labels))]

    topic_names = list(BLOG_TOPICS)
    baselines = {t: _Weighted(list(w), list(w.values())) for t, (w, _, _) in BLOG_TOPICS.items()}
    # Topic choice: labelled posts lean on topics with affinity to their disorder.
    topic_by_label = {
        lab: _Weighted(topic_names, [1.0 + 6.0 * aff.get(lab, 0.0) for _, _, aff in BLOG_TOPICS.values()])
        for lab in (*DISORDERS, "general")
    }
    libraries = {d: _pattern_library([d]) for d in DISORDERS}
    everything = _pattern_library(DISORDERS)
    topic_libs = {
        t: (libraries[max(aff, key=aff.get)] if aff else everything) for t, (_, _, aff) in BLOG_TOPICS.items()
    }

    rows: list[tuple[Any, ...]] = []
    for post_id, label in enumerate(labels):
        topic = topic_by_label[label].draw(u())
        phrases = BLOG_TOPICS[topic][1]
        n_par = 2 + (u() < 0.5)
        sizes = [2 + int(u() * 3) for _ in range(n_par)]
        if label == "general":
            own, p_ep = topic_libs[topic], k["p_episode_general"]
        else:
            own, p_ep = libraries[label], k["p_episode_labelled"]
        slots, pids = _sample_sequence(
            u, sum(sizes), p_neutral=0.3, p_episode=p_ep, p_own=0.85, own=own, other=everything,
            baseline=baselines[topic], p_gap=0.2, p_merge=0.25,
        )  # fmt: skip
        r = rng.random((len(slots) + 1, 5)).tolist()
        sentences = [_blog_sentence(s, _pick(phrases, r[i][4]), r[i]) for i, s in enumerate(slots)]
        paragraphs, at = [], 0
        for size in sizes:
            paragraphs.append(" ".join(sentences[at : at + size]))
            at += size
        title = _blog_title(topic, slots, r[-1])
        rows.append(
            (post_id, topic, title, "\n\n".join(paragraphs), label, tuple(e for s in slots for e in s),
             tuple(dict.fromkeys(p for p in pids if p)))
        )  # fmt: skip
    frame = pd.DataFrame(
        rows, columns=["post_id", "topic", "title", "text", "disorder", "true_emotions", "true_patterns"]
    )
    frame["post_id"] = frame["post_id"].astype(np.int64)
    return frame


def _blog_title(topic: str, slots: list[tuple[str, ...]], r: list[float]) -> str:
    """A title; when it names an emotion, it is the post's first one (titles stress the theme)."""
    first = next((s[0] for s in slots if s), None)
    template = _pick(_BLOG_TITLE, r[0])
    needs_emotion = "{n}" in template or "{a}" in template
    if needs_emotion and first is None:
        template = "Notes on {t}"
    phrase = _pick(BLOG_TOPICS[topic][1], r[1])
    fields = {"t": phrase, "T": _cap(phrase), "c": _pick(_BLOG_CONTEXT, r[2])}
    if first is not None:
        fields["a"] = _pick(EMOTION_WORDS[first][0], r[3])
        fields["n"] = _pick(EMOTION_WORDS[first][1], r[3])
    return _cap(template.format(**fields))


# ----------------------------------------------------------------------------------------------
# Criteria
# ----------------------------------------------------------------------------------------------

#: 80 criteria statements, 20 per disorder, paraphrasing typical clinical criteria in this
#: project's own words (not the text of any diagnostic manual).
CRITERIA: dict[str, tuple[str, ...]] = {
    "anxiety": (
        "Excessive worry about many everyday matters, such as work, health or money, on most days for months.",
        "The worry is hard to control, and the person stays tense even when nothing is going on.",
        "Feeling restless and unable to settle, then drained by the end of the day.",
        "Becoming fatigued easily; ordinary errands leave the person exhausted.",
        "Trouble holding focus because the mind keeps returning to worried thoughts.",
        "Being irritable and quick to snap while the worry lasts.",
        "Muscle tension and aching shoulders that come with long stretches of nervousness.",
        "Sleep broken by worry, so the person wakes up weary.",
        "Sudden waves of intense fear that peak within minutes, with a racing heart.",
        "During such an attack the person may feel terrified of losing control or of dying.",
        "After an attack, ongoing worry about the next one and dread of where it might happen.",
        "Staying away from crowds, trips or shops because panic might start where escape is hard.",
        "Marked fear of social situations in which others might watch, judge or criticise.",
        "Worry about acting in a way others will notice, followed by shame and embarrassment afterwards.",
        "Feeling insecure and inadequate when meeting new people, and afraid that it shows.",
        "The fear is out of proportion to any real danger, and the person often knows it.",
        "Anxious anticipation and avoidance that get in the way of work, study or friendships.",
        "A lasting sense of being helpless in the face of uncertainty, with constant doubt about decisions.",
        "Physical signs such as a pounding heart, sweating or feeling shaky when nervous.",
        "The worry and unease cause real suffering and are not explained by a substance or another illness.",
    ),
    "bipolar": (
        "A distinct period of unusually high, euphoric or irritable mood that lasts at least a week.",
        "During that period energy is far above normal and the person feels unstoppable.",
        "Inflated self-esteem: feeling invincible, bold and certain of special talents.",
        "Needing only a few hours of sleep and still feeling energetic the next day.",
        "Talking much more than usual, fast and hard to interrupt, in a frantic stream.",
        "Thoughts that race from one plan to the next with great excitement.",
        "Being easily distracted, so that focus slips to whatever catches the eye.",
        "A surge of projects at work, at home or in social life, driven by restless enthusiasm.",
        "Reckless choices such as spending sprees, risky driving or sudden investments.",
        "The euphoria disrupts work or relationships and may lead to a hospital stay.",
        "A milder stretch of elevated, energetic mood lasting at least four days that friends notice.",
        "Periods of low mood in which the person feels sad, empty or hopeless most of the day.",
        "Loss of interest and pleasure in activities that used to bring joy.",
        "Feeling worthless, or weighed down by guilt, during the low phase.",
        "Swinging from elated highs to despair within days or weeks.",
        "Irritable, agitated mood mixed with sadness at the same time.",
        "Fatigue and slowness during the low phase, in sharp contrast to the energetic highs.",
        "After a high, feeling ashamed of things said or done while it lasted.",
        "Recurring thoughts of death, or feeling that life is hopeless, in the low phase.",
        "The mood swings are not caused by a drug or another medical condition, and they cause clear suffering.",
    ),
    "depressive": (
        "Feeling sad, low or empty most of the day, nearly every day, for at least two weeks.",
        "Others notice that the person is often in tears or looks gloomy.",
        "Clearly reduced interest or pleasure in almost every activity.",
        "Changes in appetite or weight that leave the person miserable about their body.",
        "Sleeping far too little or far too much, and waking up exhausted.",
        "Visible agitation, or slowed and sluggish movement that others can see.",
        "Fatigue or a lack of energy nearly every day.",
        "Feeling worthless, or weighed down by guilt that does not fit the facts.",
        "A reduced ability to think or hold focus, and trouble making decisions.",
        "Recurring thoughts of death, or feeling that the future is hopeless.",
        "The low mood causes real suffering or gets in the way of work and family life.",
        "A lasting sense of hopelessness about things ever getting better.",
        "Withdrawing from friends because company takes too much effort, then feeling lonely.",
        "Unexplained pain in the back, head or stomach that comes with the low mood.",
        "Feeling like a burden to others and ashamed of needing help.",
        "Irritability and frustration over small things that used to be easy.",
        "Loss of confidence and a sense of being useless.",
        "A sorrow that does not lift even when good news arrives.",
        "A gloomy mood that lasts two years or more, with only short breaks.",
        "The symptoms are not better explained by grief after a loss, a substance or a medical condition.",
    ),
    "ocd": (
        "Recurrent thoughts, urges or images that feel unwanted and cause marked anxiety.",
        "The person tries hard to push these thoughts away, feeling tense and uneasy until they fade.",
        "Repeated actions such as washing, checking or arranging things in a precise, orderly way.",
        "Repeated mental acts such as counting or silently repeating words with intense focus.",
        "The rituals are meant to calm the worry or to prevent a feared disaster, though they cannot.",
        "The rituals take more than an hour a day or cause clear suffering.",
        "Fear of germs, dirt or contamination, with washing until the skin is sore.",
        "A strong sense of disgust at touching shared objects such as door handles.",
        "Needing symmetry and exact alignment, and feeling uneasy until things reach perfection.",
        "Checking locks, taps or appliances again and again out of doubt that it was done.",
        "Persistent doubt and insecurity about having harmed someone by accident.",
        "Unwanted aggressive or taboo thoughts that leave the person ashamed and afraid of themselves.",
        "Brief relief and calm after a ritual, followed quickly by renewed anxiety.",
        "Striving for perfection makes ordinary tasks take far longer, leaving the person exhausted.",
        "Knowing that the thoughts are excessive, yet feeling helpless to stop them.",
        "Avoiding places that set off the thoughts out of dread, which narrows daily life.",
        "Asking others for reassurance over and over because the worry keeps returning.",
        "Frustration and anger when a ritual is interrupted and has to start again.",
        "The thoughts and rituals bring real suffering and take time away from work, study or family.",
        "Disgust at a feeling of being unclean, followed by careful cleaning rituals.",
    ),
}


@register("sim-mdi-criteria")
def criteria(*, scale: float = 1.0, seed: int = 0, **knobs: Any) -> pd.DataFrame:
    """The 80 authoritative criteria statements (20 per disorder), in this project's words.

    The texts are fixed, so ``scale`` and ``seed`` are accepted for a uniform interface and
    ignored: every call returns the same 80 rows.

    Returns
    -------
    pandas.DataFrame
        ``criterion_id`` (e.g. ``"ocd-07"``), ``disorder``, ``text`` and ``emotions``: the
        representative emotions the text expresses, in order, read with
        :func:`emotions_in` (repeats kept: repetition is itself a pattern).
    """
    _check_scale(scale, "sim-mdi-criteria")
    _check_knobs(knobs, {}, "sim-mdi-criteria")
    rows = [(f"{d}-{i + 1:02d}", d, text, emotions_in(text)) for d in DISORDERS for i, text in enumerate(CRITERIA[d])]
    return pd.DataFrame(rows, columns=["criterion_id", "disorder", "text", "emotions"])


# ----------------------------------------------------------------------------------------------
# Corpus statistics
# ----------------------------------------------------------------------------------------------

_TIMELINES, _BLOGS, _CRITERIA = "sim-mdi-timelines", "sim-mdi-blogs", "sim-mdi-criteria"


#: The corpora this module simulates, for the data chapter.
CORPORA = ("sim-mdi-timelines", "sim-mdi-blogs", "sim-mdi-criteria")


def corpus_statistics(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The corpus statistics the paper states, computed from simulated (or real) frames.

    Parameters
    ----------
    frames : dict[str, pandas.DataFrame]
        Any of ``"sim-mdi-timelines"``, ``"sim-mdi-blogs"``, ``"sim-mdi-criteria"`` mapped to
        their frames; statistics of absent corpora are skipped.

    Returns
    -------
    pandas.DataFrame
        Columns ``corpus, quantity, value``; ``quantity`` keys match
        ``src/mhtext/published/mdi-patterns-data.csv``. Tweet counts exclude tweets
        containing ``"@"``, as the paper filtered them before Table 6.
    """
    known = {_TIMELINES, _BLOGS, _CRITERIA}
    unknown = sorted(set(frames) - known)
    if unknown:
        raise KeyError(f"corpus_statistics: unknown corpora {unknown}; pass any of {sorted(known)}")
    out: list[tuple[str, str, float]] = []
    if _TIMELINES in frames:
        out += _timeline_stats(frames[_TIMELINES])
    if _BLOGS in frames:
        b = frames[_BLOGS]
        out += [
            (_BLOGS, "corpus.blogs.posts", float(len(b))),
            (_BLOGS, "corpus.blogs.labelled_posts", float((b["disorder"] != "general").sum())),
        ]
    if _CRITERIA in frames:
        out.append((_CRITERIA, "corpus.criteria.statements", float(len(frames[_CRITERIA]))))
    return pd.DataFrame(out, columns=["corpus", "quantity", "value"])


def _timeline_stats(tl: pd.DataFrame) -> list[tuple[str, str, float]]:
    kept = tl[~tl["text"].str.contains("@", regex=False)]
    users = tl.groupby("group")["user_id"].nunique()
    tweets = kept.groupby("group").size()
    out = []
    for g in TABLE6:
        out.append((_TIMELINES, f"corpus.users.{g}", float(users.get(g, 0))))
        out.append((_TIMELINES, f"corpus.tweets.{g}", float(tweets.get(g, 0))))
    for ds, groups in (("diagnosed", DISORDERS), ("occupation", OCCUPATIONS)):
        out.append((_TIMELINES, f"corpus.{ds}.groups", float(tl.loc[tl["dataset"] == ds, "group"].nunique())))
        out.append((_TIMELINES, f"corpus.{ds}.tweets", float(tweets.reindex(list(groups)).fillna(0).sum())))
        years = tl.loc[tl["dataset"] == ds, "timestamp"].dt.year
        out.append((_TIMELINES, f"corpus.{ds}.first_year", float(years.min())))
        out.append((_TIMELINES, f"corpus.{ds}.last_year", float(years.max())))
    per_user = tl.groupby("user_id").size()
    out.append(
        (
            _TIMELINES,
            "corpus.tweets_collected_per_user",
            float(per_user.max()) if per_user.min() == per_user.max() else float("nan"),
        )
    )
    return out


__all__ = [
    "BLOG_TOPICS",
    "CRITERIA",
    "DISORDERS",
    "DISORDER_PATTERNS",
    "EMOTIONS",
    "EMOTION_WORDS",
    "OCCUPATIONS",
    "PLUTCHIK_PARENT",
    "STATUSES",
    "TABLE6",
    "corpus_statistics",
    "criteria",
    "emotion_vocabulary",
    "emotions_in",
    "simulate_blogs",
    "simulate_timelines",
]
