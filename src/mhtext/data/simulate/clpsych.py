"""Simulated corpora of study D (clpsych-benchmark; Howard et al., JMIR 2020).

The paper triaged posts from the ReachOut.com peer-support forum (the CLPsych
2017 shared task), fine-tuned GPT-1 on the forum's unlabeled posts, validated
on expert-labelled /r/SuicideWatch posts (UMD Reddit Suicidality Dataset) and
probed the classifier with 10 composite quotes built from suicide-note themes.
None of these texts can be redistributed, so this module writes stand-ins with
the same schema, sizes and class balance, registered as:

``sim-reachout``
    1,588 labelled forum posts (1,188 train / 400 test) with the coarse triage
    label (green/amber/red/crisis) and the CLPsych fine-grained label.
``sim-reachout-unlabeled``
    The in-domain unlabelled corpus for language-model fine-tuning
    (157,963 − 1,588 = 156,375 posts at scale 1).
``sim-reddit-validation``
    179 Reddit-style posts with the UMD risk levels a/b/c/d (32/36/85/26).
``sim-composite-quotes``
    10 composite quotes on the themes of Furqan et al. (2019), in this
    project's own words.

Generative model
----------------
Every forum post has a fine label ``f``. Its text is written from a *profile*:
with probability ``1 - blur`` the profile is ``f`` itself, otherwise one of
``f``'s neighbours (:data:`NEIGHBOURS`: e.g. crisis → currentAcuteDistress,
currentMildDistress → allClear). This stands for what real triage data show:
many amber/red posts read mildly, green posts mention past distress and
annotators disagree (Fleiss kappa 0.706 in the paper). A profile sets

* a latent distress intensity ``d ~ Beta(a, b)``; each negative feeling word is
  drawn from VADER's strong-negative bin (valence ≤ −2) with probability ``d``
  and from the mild bin otherwise, so VADER scores move with ``d`` but overlap
  across classes;
* a post length (1 + two geometric draws, mean :data:`_LENGTH`);
* weights over sentence *kinds* (:data:`PROFILES`): everyday chat, positive
  updates, support for others, mild distress, acute distress, hopelessness,
  past or current self-harm (often in the forum's own code: "SH", "X"),
  suicidal thoughts, imminent plans, feeling ignored, anger at members or at
  services, help-seeking, follow-ups and sign-offs.

Kinds are shared between classes at different rates, so no word decides a
class: crisis posts mention plans only sometimes and often use vague wording
("time's up", "do X"); red posts can mention suicidal thoughts; green posts
can recall a dark year. Sentences are templates written for this project whose
slots are filled from word pools checked against VADER, NRC and Empath
(:func:`word_pools`). Reddit posts come from a second register (American,
longer, profane, /r/SuicideWatch topics, where even no-risk posts talk about
suicide, often a friend's) to reproduce the domain shift the paper saw.

Calibration and limits
----------------------
The default ``blur`` of 0.45 was chosen so that tf-idf + logistic regression
(class_weight balanced, trained on train) scores macro-F1 over amber/red/crisis
of 0.44 ± 0.04 on test (seeds 0-9), below the paper's best system (0.572);
VADER sentence features score about 0.25 (paper 0.263). ``blur=0`` gives ~0.73.
The texts are template-built: about 1,000 word types, so a language model
fine-tuned on ``sim-reachout-unlabeled`` learns the register far faster than on
real forum text. Fine-label shares within a coarse label are assumed
(:data:`FINE_SHARES`); the split's class counts are proportional (not stated).

Randomness: every function takes ``seed`` and draws only from
``numpy.random.default_rng(seed)``; same seed and knobs, identical frame.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cache

import numpy as np
import pandas as pd

from mhtext import resources
from mhtext.data.registry import register
from mhtext.data.simulate._draws import Draws

# ---------------------------------------------------------------------------
# What the paper states about its data (Methods, "Data")
# ---------------------------------------------------------------------------

COARSE_LABELS = ("green", "amber", "red", "crisis")

#: Labelled posts per coarse label, CLPsych 2017 train + test (paper: 931/390/185/82 of 1588).
PAPER_COUNTS = {"green": 931, "amber": 390, "red": 185, "crisis": 82}
PAPER_N_TRAIN = 1188
PAPER_N_TEST = 400
#: All ReachOut.com posts in the shared-task release (July 2012 – March 2017).
PAPER_N_ALL_POSTS = 157_963
#: Unlabelled posts = the whole release minus the labelled ones (the paper: "over 150,000").
PAPER_N_UNLABELED = PAPER_N_ALL_POSTS - sum(PAPER_COUNTS.values())
#: UMD Reddit Suicidality subset used for validation: a no / b low / c moderate / d severe risk.
PAPER_REDDIT_COUNTS = {"a": 32, "b": 36, "c": 85, "d": 26}
#: The paper: "These categories correspond roughly to the green, amber, red, and crisis categories".
REDDIT_TO_COARSE = {"a": "green", "b": "amber", "c": "red", "d": "crisis"}

#: CLPsych 2016/2017 fine-grained ("granular") labels under each coarse label. The grouping is
#: the one in the paper's own code (github.com/derekhoward/Reachout_triage, train_autosklearn.py).
FINE_LABELS: dict[str, tuple[str, ...]] = {
    "green": ("allClear", "followupBye", "supporting"),
    "amber": ("currentMildDistress", "followupOk", "pastDistress", "underserved"),
    "red": ("angryWithForumMember", "angryWithReachout", "currentAcuteDistress", "followupWorse"),
    "crisis": ("crisis",),
}
FINE_TO_COARSE = {f: c for c, fs in FINE_LABELS.items() for f in fs}

#: What each fine label means (after Milne et al., CLPsych 2016 shared task), for the card and docs.
FINE_LABEL_MEANING = {
    "allClear": "the author is fine; everyday chat, no moderator action needed",
    "followupBye": "the author follows up on an earlier thread and signs off, doing fine",
    "supporting": "the author supports another member",
    "currentMildDistress": "the author is mildly distressed now",
    "followupOk": "a follow-up on earlier distress: things are okay, a moderator may check in",
    "pastDistress": "the author describes distress or self-harm in the past",
    "underserved": "the author feels ignored or unanswered by the community",
    "angryWithForumMember": "the author is angry with another member",
    "angryWithReachout": "the author is angry with ReachOut, its moderators or help services",
    "currentAcuteDistress": "the author is acutely distressed now; a moderator should respond soon",
    "followupWorse": "a follow-up reporting that things have got worse",
    "crisis": "the author (or someone) appears at imminent risk of harm",
}

#: Shares of fine labels within each coarse label. ASSUMED: the paper gives them only in its
#: Multimedia Appendix 1, which we do not have; the shape (supporting/allClear most of green,
#: currentAcuteDistress most of red, the anger labels rare) follows the CLPsych task description.
FINE_SHARES: dict[str, dict[str, float]] = {
    "green": {"allClear": 0.48, "followupBye": 0.08, "supporting": 0.44},
    "amber": {"currentMildDistress": 0.42, "followupOk": 0.33, "pastDistress": 0.12, "underserved": 0.13},
    "red": {
        "angryWithForumMember": 0.03,
        "angryWithReachout": 0.05,
        "currentAcuteDistress": 0.76,
        "followupWorse": 0.16,
    },
    "crisis": {"crisis": 1.0},
}

#: Themes of the composite quotes: the three primary themes of Furqan et al. (2019) and the
#: sub-theme the paper names ("Hopelessness secondary to chronicity of illness and treatment").
QUOTE_THEMES = (
    "Negotiating personal agency in the context of mental illness",
    "Conflict between self and illness",
    "Experiences of mental health treatment leading to hopelessness and self-blame",
    "Hopelessness secondary to chronicity of illness and treatment",
)

_START = pd.Timestamp("2012-07-01")
_END = pd.Timestamp("2017-03-31 23:59:59")

# ---------------------------------------------------------------------------
# Word pools, graded by the lexicons
# ---------------------------------------------------------------------------

_NEG_ADJ = (
    "sad low stressed anxious worried nervous unhappy depressed guilty ashamed helpless restless uneasy "
    "moody irritable confused devastated desperate disappointed insecure tense embarrassed heartbroken "
    "defeated hopeless worthless numb exhausted miserable awful terrible lonely scared terrified broken "
    "trapped useless tired drained upset frustrated lost stuck horrible weak sick dreadful"
).split()
_POS_ADJ = (
    "happy proud calm okay hopeful relieved excited good positive peaceful motivated confident cheerful safe "
    "relaxed optimistic strong"
).split()
_POS_DAY = "good great nice lovely calm peaceful positive fun relaxing awesome".split()
_ANX_ADJ = "anxious nervous stressed tense uneasy scared terrified restless panicky worried".split()
_NEG_NOUN = (
    "anxiety sadness stress loneliness guilt shame depression fear worry panic dread grief misery pain despair"
).split()
_ANGER_ADJ = "angry annoyed furious frustrated irritated mad pissed".split()


@cache
def word_pools() -> dict[str, tuple[str, ...]]:
    """Affect word pools used by the templates, graded with VADER and checked with NRC.

    Returns
    -------
    dict
        ``neg_mild`` (VADER valence in [−1.9, −0.5]), ``neg_strong`` (≤ −2.0),
        ``anx`` (≤ −0.5), ``pos`` and ``pos_day`` (≥ 0.9; feelings and days),
        ``neg_noun`` (NRC ``negative`` nouns) and ``anger`` (VADER ≤ −1.5).
        Candidate words missing from the lexicons are dropped, so every pooled
        word moves the lexicon features.
    """
    vader = resources.vader_lexicon()
    nrc = resources.nrc_lexicon()
    words = set(_NEG_ADJ + _POS_ADJ + _POS_DAY + _ANX_ADJ + _NEG_NOUN + _ANGER_ADJ)
    val = {w: float(vader[w]) for w in words if w in vader.index}
    pools = {
        "neg_mild": tuple(w for w in _NEG_ADJ if -1.9 <= val.get(w, 0.0) <= -0.5),
        "neg_strong": tuple(w for w in _NEG_ADJ if val.get(w, 0.0) <= -2.0),
        "pos": tuple(w for w in _POS_ADJ if val.get(w, 0.0) >= 0.9),
        "pos_day": tuple(w for w in _POS_DAY if val.get(w, 0.0) >= 0.9),
        "anx": tuple(w for w in _ANX_ADJ if val.get(w, 0.0) <= -0.5),
        "neg_noun": tuple(w for w in _NEG_NOUN if "negative" in nrc.get(w, ())),
        "anger": tuple(w for w in _ANGER_ADJ if val.get(w, 0.0) <= -1.5),
    }
    for name, pool in pools.items():
        if len(pool) < 5:  # a lexicon change would silently flatten the class signal
            raise RuntimeError(f"word pool {name!r} has only {len(pool)} words; check mhtext.resources lexicons")
    return pools


# Plain slot pools (forum register: Australian youth forum).
# fmt: off
_SLOTS: dict[str, tuple[str, ...]] = {
    "topic": ("exams", "uni", "my assignments", "work", "my family", "my parents", "year 12", "my job hunt",
        "the HSC", "my housemates", "money", "my ex", "school", "my driving test", "my shifts at work"),
    "person": ("my mum", "my dad", "my best friend", "my boyfriend", "my girlfriend", "my sister", "my brother",
        "my nan", "my housemate", "my teacher", "my step dad", "my cousin"),
    "activity": ("going for a walk", "drawing", "listening to music", "playing guitar", "going to the gym",
        "journaling", "cooking", "walking the dog", "doing some yoga", "watching a movie", "colouring in",
        "having a long shower", "going for a swim", "writing lists"),
    "deadline": ("exams", "my driving test", "presentations", "my shifts at work", "school", "appointments",
        "assessments"),
    "hard": ("hard", "rough", "tough", "awful", "horrible", "terrible", "painful", "stressful", "scary", "dark"),
    "time": ("last night", "this morning", "yesterday", "over the weekend", "this week", "today", "on Sunday"),
    "service": ("Lifeline", "Kids Helpline", "headspace", "your GP", "a counsellor", "beyondblue",
        "the school counsellor", "a psychologist"),
    "service_pro": ("my GP", "my psych", "my counsellor", "the headspace worker", "my psychologist"),
    "helpline": ("Lifeline", "Kids Helpline", "the suicide call back service", "the helpline", "beyondblue"),
    "period": ("a few weeks", "a couple of months", "ages", "about a year", "three months", "since Christmas"),
    "event": ("the break up", "the move", "exams started", "my grandpa got sick", "I changed schools",
        "my parents split up", "I lost my job"),
    "sh_verb": ("SH", "self harm", "hurt myself", "cut", "do X"),
    "sh_past": ("hurt myself", "self harmed", "SH'd", "cut", "did X"),
    "sh_noun": ("SH", "self harm", "cutting", "X", "hurting myself"),
    "x_noun": ("suicide", "ending it", "X", "killing myself", "not being here", "ending my life"),
    "emo_pos": (":)", ":D", "<3", "", "", "x"),
    "emo_neg": (":(", ":'(", "", "", ":/"),
    "name": ("Sunny", "bluebird", "koala_k", "jess", "mod_tom", "starlight", "Tay", "river", "sam_b", "pip",
        "mango", "Em", "CJ", "wattle", "lachie"),
    "food": ("pasta", "toast", "pancakes", "a toastie", "noodles", "curry", "nachos", "a smoothie", "vegemite toast",
        "fish and chips", "a meat pie", "soup", "stir fry", "sushi", "lasagne", "cereal", "pizza", "tacos", "a burger",
        "muffins", "banana bread", "dumplings", "fried rice", "a salad"),
    "pet": ("dog", "cat", "kitten", "puppy", "bunny", "guinea pig", "budgie", "goldfish", "horse", "lizard"),
    "show": ("old episodes of Friends", "a cooking show", "Netflix", "anime", "youtube videos", "a Korean drama",
        "documentaries", "the footy", "Masterchef", "cartoons", "reality TV", "a crime series"),
    "place": ("the shops", "the beach", "the park", "my aunt's place", "the city", "a cafe", "the movies",
        "the library", "the pool", "a friend's house", "the markets", "the skate park", "the lake"),
    "weather": ("hot", "cold", "rainy", "windy", "humid", "stormy", "freezing", "sunny", "muggy", "grey"),
    "hobby": ("drawing", "reading", "netball", "soccer", "basketball", "piano", "guitar", "baking", "sewing",
        "painting", "swimming", "running", "photography", "knitting", "gaming", "dancing", "skateboarding",
        "writing poetry", "hiking", "surfing", "crochet"),
    "thing": ("a new phone", "a car", "concert tickets", "a trip to Bali", "a laptop", "a guitar", "driving lessons",
        "a camera", "new shoes", "a bike"),
    "occasion": ("the formal", "the swimming carnival", "athletics day", "parent teacher night", "school camp",
        "music night", "the careers expo", "the exam block"),
    "r_thing": ("video games", "Reddit", "my phone", "YouTube", "Netflix", "the gym", "weed", "energy drinks",
        "my fantasy league", "Twitch streams"),
    "r_place": ("a warehouse", "a call center", "Walmart", "a restaurant", "an Amazon warehouse", "a gas station",
        "an office park", "a grocery store"),
    "rneg": ("failure", "loser", "joke", "waste of space", "mess", "disappointment"),
    "rnegs": ("tired", "sick"),
}
# fmt: on

# ---------------------------------------------------------------------------
# Sentence templates (written for this project). {slot} names a pool above or
# one of: neg (graded by intensity), negm, negs, pos, negnoun, anger.
# ---------------------------------------------------------------------------

FORUM_KINDS: dict[str, tuple[str, ...]] = {
    "greet": (
        "Hey everyone.",
        "Hi all,",
        "Hey guys.",
        "Hello again.",
        "Hi {name}.",
        "Hey {name},",
        "Hi everyone,",
        "Hey.",
    ),
    "daily": (
        "I've been flat out with {topic} so I haven't been on here much.",
        "{time} I went to see {person} and we just hung out for a bit.",
        "I started a new part-time job at a cafe a couple of weeks ago.",
        "Uni goes back next week and I still haven't sorted my timetable.",
        "My mum has been on at me about cleaning my room again.",
        "We went to the beach {time} which was nice for a change.",
        "I've been trying to keep a routine with sleep and meals.",
        "{time} I mostly stayed in and watched a few episodes of something.",
        "My exams finish on Friday so after that I get a bit of a break.",
        "I have a shift at work tomorrow morning.",
        "I've got an appointment with {service_pro} on Thursday.",
        "It rained all day {time} so I just stayed home.",
        "I'm in year 11 and I live with my mum and my little brother.",
        "I moved out of home at the start of the year.",
        "{person} is coming to stay with us for the holidays.",
        "I've been thinking about doing a TAFE course next year.",
    ),
    "detail": (
        "I made {food} for dinner {time}.",
        "My {pet} has been keeping me company.",
        "I've been watching {show} again.",
        "{time} we went to {place}.",
        "It's been so {weather} here lately.",
        "I'm trying to get back into {hobby}.",
        "I'm saving up for {thing}.",
        "Had {food} for lunch, which was a win.",
        "There's {occasion} next week.",
        "I used to love {hobby} and I miss it.",
        "{person} and I went to {place} {time}.",
        "I've started {hobby} on Saturdays.",
    ),
    "positive": (
        "Things have been pretty {pos_day} lately {emo_pos}",
        "I actually feel {pos} today, which hasn't happened in a while.",
        "{activity} has really helped me this week.",
        "I got my marks back and I passed everything!",
        "I'm feeling a lot more {pos} than I was last month.",
        "Had a really {pos_day} day with {person} {time}.",
        "I'm really glad that I finally asked for help.",
        "Just wanted to share something good: I got the job {emo_pos}",
        "I'm proud of myself for going to class every day this week.",
        "Life feels a bit lighter at the moment.",
        "I've been sleeping better and I wake up feeling {pos}.",
        "I laughed so much with my friends {time}, it was really {pos_day}.",
    ),
    "support": (
        "It sounds like you're going through a really {hard} time and I'm sorry.",
        "You're not alone in this, heaps of us have felt the same way.",
        "I'm really glad you posted about this.",
        "Have you thought about talking to {service} about how you're feeling?",
        "It's okay to not be okay, and it's brave of you to reach out.",
        "Please be gentle with yourself, you're doing the best you can.",
        "When I felt like that, {activity} helped me a little, maybe it could help you too?",
        "We're here for you whenever you need to talk.",
        "That sounds really {hard}, I can understand why you feel that way.",
        "Keep us posted on how it goes, sending you good vibes {emo_pos}",
        "It takes a lot of courage to say that, so well done.",
        "Is there someone at home you feel safe talking to?",
        "You deserve support and you're worth it.",
        "Small steps are still steps, be proud of them.",
        "Feeling {anx} before {deadline} is really common, you're not weird for it.",
        "I reckon it could help to write down what's worrying you and take it to {service}.",
    ),
    "gratitude": (
        "Thanks heaps for the replies everyone.",
        "Thank you so much {name}, that really means a lot.",
        "I really appreciate everyone here.",
        "Thanks for listening {emo_pos}",
        "Reading your replies made me feel a lot less alone.",
        "Thanks for checking in on me.",
    ),
    "bye": (
        "Anyway I'm going to head off now, thanks for everything.",
        "I think I'm okay now so I'll leave it here.",
        "I won't be on much for a while but I'll check in later.",
        "This will probably be my last post for a bit, take care everyone.",
        "Signing off for tonight, see you all soon.",
        "I'm heading to bed now, night all {emo_pos}",
    ),
    "mild": (
        "I've been feeling kind of {neg} lately and I'm not really sure why.",
        "I'm a bit stressed about {topic} at the moment.",
        "I've been a bit {neg} since {event}.",
        "I'm not sleeping very well and I feel {neg} most mornings.",
        "Some days are fine but other days I just feel {neg}.",
        "I get really {anx} before {deadline} and my chest goes tight.",
        "I've been having a bit of a rough week with {topic}.",
        "I don't really feel like talking to anyone at the moment.",
        "I keep overthinking everything I say to people.",
        "I had a bit of a cry {time} but I'm okay.",
        "My {negnoun} has been creeping back up this week.",
        "I'm worried about {topic} and it's hard to focus on anything else.",
        "I feel a bit lost about what I want to do after school.",
        "I guess I'm just feeling {neg} and wanted to vent.",
        "Everything feels a bit flat at the moment {emo_neg}",
    ),
    "acute": (
        "I feel so {negs} right now and I can't stop crying.",
        "Everything is falling apart and I don't know what to do.",
        "I haven't left my room in days and I feel completely {neg}.",
        "The {negnoun} is so bad tonight I can barely breathe.",
        "I'm shaking and I can't calm down.",
        "I just feel {neg} and {negs} all the time now.",
        "{person} screamed at me again and I feel {negs}.",
        "I had a massive panic attack at school today.",
        "I feel like I'm drowning and nobody can see it.",
        "I can't cope with any of this anymore.",
        "My head is so loud and I can't make it stop.",
        "I'm so sick of feeling {neg} every single day.",
        "I've been crying on and off all day and I feel {negs}.",
    ),
    "hopeless": (
        "I don't see the point in any of it anymore.",
        "Nothing is ever going to get better.",
        "There's no hope left for me.",
        "I've tried everything and nothing changes.",
        "What's the point of trying when it always ends the same way.",
        "I feel like I'm a burden to everyone around me.",
        "Everyone would be better off without me.",
        "I can't see a future for myself.",
        "I'm done trying.",
        "I'm too tired to keep fighting this.",
        "It's never going to be any different, I know that now.",
        "I'm just so {negs} and I don't think anyone can fix it.",
    ),
    "sh_past": (
        "I used to {sh_verb} a lot in year 9 but I've been clean for {period}.",
        "It's been {period} since I last {sh_past} and I'm proud of that.",
        "I struggled with {sh_noun} a few years ago.",
        "I still have scars from when I used to {sh_verb}.",
        "I had a relapse with {sh_noun} last year but I got through it.",
    ),
    "sh_urge": (
        "The urges to {sh_verb} are really strong tonight.",
        "I {sh_past} again {time} and I feel {negs} about it.",
        "I really want to {sh_verb} right now.",
        "I relapsed {time} after {period} clean.",
        "I keep thinking about {sh_noun} and it's getting harder to fight.",
        "I don't know how long I can hold off the urges.",
    ),
    "suicidal": (
        "I keep thinking about ending it.",
        "I've been having thoughts about {x_noun} again.",
        "Part of me just wants to disappear for good.",
        "I wish I could go to sleep and not wake up.",
        "The thoughts about {x_noun} won't go away.",
        "Sometimes I think about {x_noun} and it scares me.",
        "I don't want to be here anymore.",
        "I just want the pain to stop for good.",
        "I feel like {x_noun} is the only way out.",
    ),
    "plan": (
        "I think my time's up.",
        "I've made up my mind and I'm going to do it tonight.",
        "I've got everything I need to end it.",
        "I wrote letters to my family {time}.",
        "I'm going to attempt X this weekend.",
        "This is goodbye, thank you all for trying.",
        "I've already started making the pain worse.",
        "I'm going to get something and do it when everyone is asleep.",
        "I've already taken something and I'm scared.",
        "Nobody can stop me this time.",
        "I've given away some of my things.",
    ),
    "underserved": (
        "I posted a few days ago and nobody replied.",
        "I feel like no one reads my posts.",
        "I guess this will get ignored like my last thread.",
        "Is anyone even there?",
        "I've been waiting for a reply from a mod for ages.",
        "Sorry to bump this but I could really use someone to talk to.",
    ),
    "angry_service": (
        "I called {helpline} and they just put me on hold for an hour.",
        "The call back service never called me back, what's the point of it.",
        "Honestly the mods here don't care, they just delete stuff.",
        "Every time I talk to {helpline} they just read from a script.",
        "Why did my post get edited, I wasn't breaking any rules.",
        "{helpline} told me to just breathe and call someone else, it was useless.",
        "I'm sick of being told to call a helpline.",
        "I'm so {anger} at ReachOut right now.",
    ),
    "angry_member": (
        "{name}, that was a really rude thing to say.",
        "Don't tell me to just cheer up, you have no idea what it's like.",
        "I'm so {anger} at the people on this thread right now.",
        "Stop telling me what to do, you don't know me.",
        "Some people on here are so judgmental.",
        "I didn't ask for your opinion.",
    ),
    "help_seek": (
        "Does anyone know how to bring this up with {service_pro}?",
        "Should I tell {person} about how I'm feeling?",
        "I'm thinking about calling {helpline} but I'm scared.",
        "How do you guys deal with {negnoun}?",
        "Any tips for getting through {deadline}?",
        "I want to get help but I don't know where to start.",
        "Can someone please talk to me?",
        "Is it normal to feel like this?",
    ),
    "followup_ok": (
        "Just a quick update on my last post.",
        "Update: things are a bit better since last week.",
        "I ended up talking to {person} and it went better than I expected.",
        "I saw {service_pro} like you all suggested and it helped a bit.",
        "It's still hard some days but I'm managing.",
        "I took your advice and it actually helped {emo_pos}",
    ),
    "followup_worse": (
        "Update: things have gotten a lot worse since I last posted.",
        "I tried what you all suggested but it didn't help at all.",
        "It's been even worse this week.",
        "I thought I was getting better but I'm back to square one.",
        "Since my last post {person} found out and everything blew up.",
    ),
    "past": (
        "Last year I was in a really dark place.",
        "A couple of years ago I went through a really {hard} time.",
        "When I was in year 10 I was so {neg} I barely went to school.",
        "I used to feel completely {negs} every day.",
        "After my parents split up I went through a bad patch.",
        "Back then I didn't think I'd ever feel okay again.",
        "I was in hospital for a while last year.",
    ),
    "lonely": (
        "My nan passed away last month and I miss her so much.",
        "I don't really have any friends at my new school.",
        "I feel pretty {neg} most weekends because I'm always on my own.",
        "It's the anniversary of my dad's death this week.",
        "Everyone seems to have someone except me.",
        "She was the best and I'm grateful for the time we had.",
    ),
    "filler": (
        "Sorry for the long post.",
        "Idk if this makes sense.",
        "Anyway.",
        "I don't really know why I'm posting this.",
        "Not sure if this is the right board for this.",
        "tbh I'm not sure what I want from posting.",
    ),
    "close": (
        "Thanks for reading.",
        "Take care everyone {emo_pos}",
        "x",
        "Hope everyone's having a good week.",
        "Cheers.",
        "Talk soon.",
    ),
}

REDDIT_KINDS: dict[str, tuple[str, ...]] = {
    "intro": (
        "Throwaway because people I know follow my main account.",
        "Not sure if this is the right sub but here goes.",
        "Long time lurker, first time posting.",
        "On mobile so sorry about the formatting.",
        "I've never posted here before.",
    ),
    "vent": (
        "I lost my job last month and rent is due in a week.",
        "My girlfriend of four years left and took the dog.",
        "I'm 27, living in my parents' basement, and I feel like a total {rneg}.",
        "College is kicking my ass and I'm probably going to fail two classes.",
        "My mom and I got into another huge fight about money.",
        "I work sixty hours a week and I'm still drowning in debt.",
        "Every relationship I've had has ended with me getting dumped.",
        "My dad drinks and the house is basically a war zone.",
        "I moved across the country for this job and I don't know a single person here.",
        "My car broke down and I can't afford to fix it, so I can't get to work.",
        "I got kicked out of my program and I haven't told my parents yet.",
    ),
    "detail": (
        "I work at {r_place} and my manager is a nightmare.",
        "All I do after work is {r_thing} until 3am.",
        "I spend most nights on {r_thing} just to not think.",
        "I used to be really into {r_thing} but even that's boring now.",
        "I'm 22 and I still work at {r_place}.",
    ),
    "numb": (
        "I don't feel sad exactly, I just feel nothing.",
        "Most days I'm just going through the motions.",
        "I'm so fucking {rnegs} of everything.",
        "Honestly I feel dead inside.",
        "Nothing is fun anymore, not even video games.",
        "I sleep fourteen hours a day and I'm still exhausted.",
        "Everything is just gray and pointless.",
    ),
    "hopeless": (
        "I genuinely can't picture myself at 30.",
        "It's never going to get better, I've been in therapy for years.",
        "What's even the point, seriously.",
        "Every single thing I try blows up in my face.",
        "I'm a burden to everyone and they'd be relieved if I was gone.",
        "I've run out of reasons to keep going.",
        "I'm a {rneg} and I always will be.",
    ),
    "passive": (
        "I don't want to kill myself, I just don't want to exist.",
        "Sometimes I hope I just don't wake up.",
        "If I got hit by a bus tomorrow I honestly wouldn't mind.",
        "I think about suicide pretty much every day but I don't think I'd act on it.",
        "Suicide has been on my mind a lot lately.",
    ),
    "active": (
        "I've started thinking about how I'd actually do it.",
        "I tried once when I was 19 and I've been thinking about trying again.",
        "The thoughts are getting louder and more specific.",
        "I don't trust myself to be alone right now.",
        "I keep driving past the same spot and thinking about it.",
    ),
    "plan": (
        "I've picked a date.",
        "I've already written the notes.",
        "Tonight is the night, I just wanted someone to know.",
        "I have everything I need and I'm not scared anymore.",
        "I gave my cat to my sister and told her it was because of my lease.",
        "This is my last post, sorry to everyone I let down.",
    ),
    "protect": (
        "The only thing stopping me is my little brother.",
        "I couldn't do that to my mom.",
        "I have a therapist appointment on Monday so I'm holding on until then.",
        "My dog needs me, so I'm still here.",
        "I promised my best friend I'd text her before doing anything stupid.",
    ),
    "other": (
        "My best friend texted me something really worrying last night.",
        "How do I help someone who says they want to die?",
        "My roommate has been talking about suicide and I don't know what to do.",
        "I called 911 for a friend once and they still hate me for it.",
        "I'm posting because I'm worried about my brother, not me.",
        "My girlfriend says she wants to kill herself whenever we argue and I'm scared.",
    ),
    "better": (
        "I'm in a much better place than I was a year ago.",
        "I used to post here a lot and I just wanted to say it does get better.",
        "Honestly things are pretty good right now, I just still think about that time.",
        "I finally found a therapist I like and it's been helping.",
        "I'm not in any danger, I just needed to get this off my chest.",
    ),
    "services": (
        "I called a hotline once and the guy sounded bored.",
        "My meds aren't working and my psychiatrist won't return my calls.",
        "I can't afford therapy and my insurance is a joke.",
        "I went to the ER last year and they sent me home after six hours.",
        "My therapist just nods and tells me to journal.",
    ),
    "meta": (
        "I don't even know why I'm typing this out.",
        "Sorry for the wall of text.",
        "tl;dr everything sucks and I'm tired.",
        "Thanks if you read this far.",
        "idk. just needed to say it somewhere.",
        "Edit: thanks for the replies, I'm reading them all.",
    ),
}

#: Sentence-kind weights of each forum profile (fine label). Kinds overlap across classes on purpose.
# fmt: off
PROFILES: dict[str, dict[str, float]] = {
    "allClear": {"detail": 2, "daily": 5, "positive": 3, "gratitude": 1, "help_seek": 0.5, "filler": 0.5,
        "mild": 0.6, "past": 0.3, "lonely": 0.2, "support": 0.8},
    "followupBye": {"detail": 0.5, "bye": 3, "gratitude": 2, "positive": 2, "followup_ok": 1, "daily": 1,
        "mild": 0.3},
    "supporting": {"detail": 0.3, "support": 6, "past": 0.8, "positive": 0.6, "sh_past": 0.3, "daily": 0.5,
        "mild": 0.3},
    "currentMildDistress": {"detail": 1, "mild": 5, "daily": 2, "help_seek": 1.5, "lonely": 0.7,
        "positive": 0.5, "filler": 0.8, "hopeless": 0.3, "acute": 0.5, "gratitude": 0.3},
    "followupOk": {"detail": 1, "followup_ok": 3, "positive": 1.5, "mild": 2, "daily": 1, "gratitude": 1,
        "hopeless": 0.1},
    "pastDistress": {"detail": 0.6, "past": 4, "sh_past": 2, "positive": 1, "mild": 1, "support": 1,
        "daily": 0.5},
    "underserved": {"detail": 0.4, "underserved": 4, "mild": 2, "lonely": 1, "acute": 0.5, "help_seek": 1},
    "angryWithForumMember": {"detail": 0.3, "angry_member": 5, "mild": 1, "acute": 1, "underserved": 0.5},
    "angryWithReachout": {"detail": 0.3, "angry_service": 5, "acute": 1.5, "hopeless": 1, "mild": 0.5},
    "currentAcuteDistress": {"detail": 0.6, "acute": 5, "hopeless": 2, "mild": 2, "sh_urge": 1.2,
        "suicidal": 0.8, "help_seek": 1, "lonely": 0.6, "daily": 0.6, "filler": 0.5},
    "followupWorse": {"detail": 0.4, "followup_worse": 3, "acute": 2.5, "hopeless": 1.5, "mild": 1,
        "sh_urge": 0.8, "suicidal": 0.3},
    "crisis": {"detail": 0.5, "suicidal": 3, "plan": 2, "hopeless": 2.5, "acute": 2.5, "sh_urge": 1.5,
        "mild": 0.8, "daily": 0.4, "help_seek": 0.6, "gratitude": 0.3},
}
# fmt: on

#: Profiles a post's text may be written from instead of its own label (see module docstring).
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "allClear": ("followupOk", "currentMildDistress", "supporting", "pastDistress"),
    "followupBye": ("followupOk", "allClear"),
    "supporting": ("allClear", "pastDistress"),
    "currentMildDistress": ("allClear", "currentAcuteDistress", "followupOk", "underserved"),
    "followupOk": ("allClear", "followupBye", "currentMildDistress"),
    "pastDistress": ("allClear", "supporting", "currentMildDistress"),
    "underserved": ("currentMildDistress", "allClear"),
    "angryWithForumMember": ("currentMildDistress", "underserved"),
    "angryWithReachout": ("currentAcuteDistress", "underserved", "currentMildDistress"),
    "currentAcuteDistress": ("currentMildDistress", "crisis", "followupWorse"),
    "followupWorse": ("currentMildDistress", "currentAcuteDistress"),
    "crisis": ("currentAcuteDistress", "currentMildDistress"),
}

#: Beta(a, b) of the latent distress intensity per profile (forum and Reddit).
# fmt: off
_INTENSITY: dict[str, tuple[float, float]] = {
    "allClear": (1, 6), "followupBye": (1, 6), "supporting": (1.5, 5), "currentMildDistress": (1.5, 4),
    "followupOk": (1.2, 5), "pastDistress": (2, 3), "underserved": (1.5, 3.5), "angryWithForumMember": (2, 3),
    "angryWithReachout": (2.5, 2.5), "currentAcuteDistress": (3, 2), "followupWorse": (3, 2), "crisis": (4, 1.5),
    "a": (1.2, 4), "b": (2, 3), "c": (3, 2), "d": (4, 1.5)
}
# fmt: on

#: Mean number of body sentences per profile (posts vary: 1 + two geometric draws).
# fmt: off
_LENGTH: dict[str, float] = {
    "allClear": 3.5, "followupBye": 3.0, "supporting": 4.5, "currentMildDistress": 4.5, "followupOk": 4.0,
    "pastDistress": 4.5, "underserved": 3.0, "angryWithForumMember": 3.0, "angryWithReachout": 4.0,
    "currentAcuteDistress": 5.0, "followupWorse": 4.5, "crisis": 4.0, "a": 7.0, "b": 8.0, "c": 9.0, "d": 7.0
}
# fmt: on

# fmt: off
REDDIT_PROFILES: dict[str, dict[str, float]] = {
    "a": {"detail": 0.8, "other": 2, "better": 3, "vent": 1.2, "services": 0.4, "protect": 0.5, "meta": 1,
        "passive": 0.2},
    "b": {"detail": 1, "vent": 3, "numb": 2, "passive": 1.3, "protect": 1.5, "hopeless": 0.8, "meta": 1,
        "services": 0.6},
    "c": {"detail": 1, "hopeless": 2.5, "passive": 2, "active": 1.5, "vent": 2, "numb": 1.5, "services": 1,
        "protect": 0.5, "meta": 0.8},
    "d": {"detail": 0.6, "plan": 2.5, "active": 2, "hopeless": 2.5, "vent": 1, "numb": 0.8, "meta": 0.5,
        "passive": 1},
}
# fmt: on
_REDDIT_NEIGHBOURS = {"a": ("b",), "b": ("a", "c"), "c": ("b", "d"), "d": ("c",)}

_BOARDS = ("Tough Times", "Everyday life stuff", "Wellbeing", "Getting help", "Hanging out", "Intros")
#: Board weights given the coarse label of a thread's first post.
_BOARD_WEIGHTS = {
    "green": (2, 4, 3, 1, 3, 1),
    "amber": (5, 3, 2, 2, 1, 0.5),
    "red": (7, 2, 1, 2, 0.5, 0.2),
    "crisis": (8, 1, 0.5, 1, 0.2, 0.1),
}

# ---------------------------------------------------------------------------
# Fast seeded draws and template rendering
# ---------------------------------------------------------------------------


def _compile(templates: Mapping[str, Sequence[str]]) -> dict[str, list[list[tuple[str, str | None]]]]:
    """Split each template into (literal, slot) pairs once, so rendering is a join."""
    out: dict[str, list[list[tuple[str, str | None]]]] = {}
    for kind, tpls in templates.items():
        compiled = []
        for tpl in tpls:
            parts: list[tuple[str, str | None]] = []
            rest = tpl
            while "{" in rest:
                lit, _, tail = rest.partition("{")
                slot, _, rest = tail.partition("}")
                parts.append((lit, slot))
            parts.append((rest, None))
            compiled.append(parts)
        out[kind] = compiled
    return out


@cache
def _compiled_forum():
    return _compile(FORUM_KINDS)


@cache
def _compiled_reddit():
    return _compile(REDDIT_KINDS)


def _cum(weights: Mapping[str, float]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    items = tuple(weights)
    return items, tuple(np.cumsum([weights[k] for k in items]).tolist())


class _Writer:
    """Renders posts for one register (forum or Reddit) from one stream of draws."""

    def __init__(self, draws: Draws, register: str) -> None:
        self.dr = draws
        self.templates = _compiled_forum() if register == "forum" else _compiled_reddit()
        self.profiles = PROFILES if register == "forum" else REDDIT_PROFILES
        self.register = register
        self._cums = {p: _cum(w) for p, w in self.profiles.items()}
        self.pools = dict(_SLOTS)
        self.pools.update(word_pools())

    def _slot(self, slot: str, d: float) -> str:
        if slot == "neg":  # distress intensity decides how strong the feeling word is
            return self.dr.pick(self.pools["neg_strong"] if self.dr.u() < d else self.pools["neg_mild"])
        if slot == "negm":
            return self.dr.pick(self.pools["neg_mild"])
        if slot == "negs":
            return self.dr.pick(self.pools["neg_strong"])
        if slot == "negnoun":
            return self.dr.pick(self.pools["neg_noun"])
        return self.dr.pick(self.pools[slot])

    def sentence(self, kind: str, d: float, seen: set[int] | None = None) -> str:
        options = self.templates[kind]
        parts = self.dr.pick(options)
        if seen is not None:  # one redraw avoids most verbatim repeats within a post
            if id(parts) in seen:
                parts = self.dr.pick(options)
            seen.add(id(parts))
        s = "".join(lit + (self._slot(slot, d) if slot else "") for lit, slot in parts).strip()
        return s[:1].upper() + s[1:] if s else s

    def post(self, profile: str, d: float) -> str:
        """One post written from ``profile`` with distress intensity ``d`` in [0, 1]."""
        mean = _LENGTH[profile] - 1.0
        n = 1 + self.dr.geometric(mean / 2) + self.dr.geometric(mean / 2)
        n = min(n, 25)
        items, cum = self._cums[profile]
        out: list[str] = []
        seen: set[int] = set()
        if self.register == "forum":
            if self.dr.u() < 0.35:
                out.append(self.sentence("greet", d))
            out.extend(self.sentence(self.dr.weighted(items, cum), d, seen) for _ in range(n))
            if self.dr.u() < 0.25:
                out.append(self.sentence("close", d))
            text = " ".join(out)
            if self.dr.u() < 0.12:  # some young posters write all in lower case
                text = text.lower()
        else:
            if self.dr.u() < 0.3:
                out.append(self.sentence("intro", d))
            out.extend(self.sentence(self.dr.weighted(items, cum), d, seen) for _ in range(n))
            if len(out) >= 4 and self.dr.u() < 0.5:  # longer Reddit posts break into paragraphs
                cut = len(out) // 2
                text = " ".join(out[:cut]) + "\n\n" + " ".join(out[cut:])
            else:
                text = " ".join(out)
            if self.dr.u() < 0.3:  # lower case, dropped apostrophes
                text = text.lower().replace("i'm", "im").replace("don't", "dont")
        return text


# ---------------------------------------------------------------------------
# Allocation helpers
# ---------------------------------------------------------------------------


def _largest_remainder(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (Hamilton's method).

    Each part gets at least ``minimum`` (taken from the largest parts) when ``total`` allows.
    """
    w = np.asarray(weights, dtype=float)
    quota = total * w / w.sum()
    counts = np.floor(quota).astype(int)
    order = np.argsort(-(quota - counts), kind="stable")
    for i in order[: total - counts.sum()]:
        counts[i] += 1
    if minimum and total >= minimum * len(w):
        for i in range(len(w)):
            while counts[i] < minimum:
                counts[int(np.argmax(counts))] -= 1
                counts[i] += 1
    return counts.tolist()


def _check_scale(scale: float, name: str) -> None:
    if not (isinstance(scale, int | float) and scale > 0 and math.isfinite(scale)):
        raise ValueError(f"{name}: scale must be a positive number (1.0 = the paper's size), got {scale!r}")


def _check_blur(blur: float, name: str) -> None:
    if not 0.0 <= blur <= 1.0:
        raise ValueError(f"{name}: blur is a probability and must lie in [0, 1], got {blur!r}")


def _fine_plan(n_by_coarse: Mapping[str, int]) -> list[str]:
    """Fine labels for the given coarse counts, allocated by :data:`FINE_SHARES`."""
    out: list[str] = []
    for coarse, n in n_by_coarse.items():
        fines = FINE_LABELS[coarse]
        counts = _largest_remainder(n, [FINE_SHARES[coarse][f] for f in fines])
        for f, k in zip(fines, counts, strict=True):
            out.extend([f] * k)
    return out


def _profiles_and_intensity(
    rng: np.random.Generator, labels: Sequence[str], blur: float, neighbours: Mapping[str, Sequence[str]]
) -> tuple[list[str], np.ndarray]:
    """Profile each post is written from (its label, or a neighbour with probability ``blur``) and
    its latent distress intensity ``d ~ Beta(a, b)`` of that profile."""
    n = len(labels)
    swap = rng.random(n) < blur
    pick = rng.random(n)
    profiles = [
        neighbours[lab][int(u * len(neighbours[lab]))] if s else lab
        for lab, s, u in zip(labels, swap.tolist(), pick.tolist(), strict=True)
    ]
    a = np.array([_INTENSITY[p][0] for p in profiles])
    b = np.array([_INTENSITY[p][1] for p in profiles])
    return profiles, rng.beta(a, b) if n else np.zeros(0)


def _timestamps(rng: np.random.Generator, n: int) -> np.ndarray:
    span = (_END - _START).total_seconds()
    secs = np.sort(rng.random(n)) * span
    return (_START + pd.to_timedelta(np.round(secs), unit="s")).to_numpy()


# ---------------------------------------------------------------------------
# Registered simulators
# ---------------------------------------------------------------------------


@register("sim-reachout")
def sim_reachout(*, scale: float = 1.0, seed: int = 0, blur: float = 0.45) -> pd.DataFrame:
    """Simulated CLPsych 2017 ReachOut.com triage posts.

    Parameters
    ----------
    scale
        Size relative to the paper: 1.0 gives 1,188 train and 400 test posts with
        931/390/185/82 green/amber/red/crisis overall. Every coarse label keeps at
        least one post in each split at any scale (so the smallest frame has 8 rows).
    seed
        Seed of ``numpy.random.default_rng``.
    blur
        Probability that a post's text is written from a neighbouring fine label's
        profile (mild-reading risk posts, annotator disagreement). 0 gives the
        cleanest class signal (tf-idf macro-F1 ~0.73), the default 0.45 about
        0.44, 0.9 about 0.40 (neighbours stay close to the label).

    Returns
    -------
    pandas.DataFrame
        Columns ``post_id`` (int), ``thread_id`` (int), ``user_id`` (int),
        ``board`` (str), ``timestamp`` (datetime64), ``text`` (str), ``label``
        (coarse), ``fine_label`` (CLPsych granular label), ``split``
        (``"train"``/``"test"``), sorted by ``timestamp``.
    """
    _check_scale(scale, "sim-reachout")
    _check_blur(blur, "sim-reachout")
    rng = np.random.default_rng(seed)
    total = sum(PAPER_COUNTS.values())
    shares = [PAPER_COUNTS[c] / total for c in COARSE_LABELS]
    labels: list[str] = []
    fines: list[str] = []
    splits: list[str] = []
    for split, n_paper in (("train", PAPER_N_TRAIN), ("test", PAPER_N_TEST)):
        n = max(len(COARSE_LABELS), round(n_paper * scale))
        counts = _largest_remainder(n, shares, minimum=1)
        plan = _fine_plan(dict(zip(COARSE_LABELS, counts, strict=True)))
        fines.extend(plan)
        labels.extend(FINE_TO_COARSE[f] for f in plan)
        splits.extend([split] * len(plan))
    n = len(fines)
    order = rng.permutation(n)  # interleave classes and splits in time
    fines = [fines[i] for i in order]
    labels = [labels[i] for i in order]
    splits = [splits[i] for i in order]

    profiles, d = _profiles_and_intensity(rng, fines, blur, NEIGHBOURS)
    draws = Draws(rng)
    writer = _Writer(draws, "forum")
    texts = [writer.post(p, x) for p, x in zip(profiles, d.tolist(), strict=True)]

    # Threads: consecutive posts (in time) share a thread; sizes 1 + geometric(mean 1.5).
    thread_ids = np.empty(n, dtype=np.int64)
    boards: list[str] = []
    i, t = 0, 0
    while i < n:
        size = 1 + draws.geometric(1.5)
        board = draws.weighted(_BOARDS, np.cumsum(_BOARD_WEIGHTS[labels[i]]).tolist())
        for j in range(i, min(n, i + size)):
            thread_ids[j] = 50_000 + t
            boards.append(board)
        i += size
        t += 1
    # Users: a Zipf-like pool, a few very active posters and many occasional ones.
    n_users = max(3, round(0.45 * n))
    w = 1.0 / np.arange(1, n_users + 1) ** 0.9
    users = 1_000 + rng.choice(n_users, size=n, p=w / w.sum())
    return pd.DataFrame(
        {
            "post_id": np.arange(n, dtype=np.int64) + 100_000,
            "thread_id": thread_ids,
            "user_id": users.astype(np.int64),
            "board": boards,
            "timestamp": _timestamps(rng, n),
            "text": texts,
            "label": labels,
            "fine_label": fines,
            "split": splits,
        }
    )


@register("sim-reachout-unlabeled")
def sim_reachout_unlabeled(
    *, scale: float = 1.0, seed: int = 0, n: int | None = None, blur: float = 0.45
) -> pd.DataFrame:
    """Simulated unlabelled ReachOut.com posts for language-model fine-tuning.

    Parameters
    ----------
    scale
        1.0 gives 156,375 posts: the release's 157,963 posts minus the 1,588
        labelled ones (the paper fine-tuned on "over 150,000"). Generation takes
        a few seconds at scale 1.
    seed
        Seed of ``numpy.random.default_rng``.
    n
        Exact number of posts; overrides ``scale`` (e.g. for the paper's
        fine-tuning-size curve, Figure 2).
    blur
        As in :func:`sim_reachout`.

    Returns
    -------
    pandas.DataFrame
        Columns ``post_id`` (int, disjoint from ``sim-reachout``'s ids) and ``text``.
        Posts are written by the same generative model as the labelled ones, with
        labels drawn at the labelled corpus' fine-label shares and then discarded.
    """
    _check_scale(scale, "sim-reachout-unlabeled")
    _check_blur(blur, "sim-reachout-unlabeled")
    if n is None:
        n = max(1, round(PAPER_N_UNLABELED * scale))
    if n < 1:
        raise ValueError(f"sim-reachout-unlabeled: n must be a positive integer, got {n!r}")
    rng = np.random.default_rng(seed)
    total = sum(PAPER_COUNTS.values())
    fine_names = [f for c in COARSE_LABELS for f in FINE_LABELS[c]]
    fine_p = np.array([PAPER_COUNTS[FINE_TO_COARSE[f]] / total * FINE_SHARES[FINE_TO_COARSE[f]][f] for f in fine_names])
    idx = rng.choice(len(fine_names), size=n, p=fine_p / fine_p.sum())
    profiles, d = _profiles_and_intensity(rng, [fine_names[i] for i in idx.tolist()], blur, NEIGHBOURS)
    writer = _Writer(Draws(rng, block=1 << 20), "forum")
    texts = [writer.post(p, x) for p, x in zip(profiles, d.tolist(), strict=True)]
    return pd.DataFrame({"post_id": np.arange(n, dtype=np.int64) + 1_000_000, "text": texts})


@register("sim-reddit-validation")
def sim_reddit_validation(*, scale: float = 1.0, seed: int = 0, blur: float = 0.35) -> pd.DataFrame:
    """Simulated /r/SuicideWatch posts with UMD expert risk levels (validation set).

    Parameters
    ----------
    scale
        1.0 gives 179 posts: 32 a (no risk), 36 b (low), 85 c (moderate), 26 d
        (severe). Each level keeps at least one post at any scale.
    seed
        Seed of ``numpy.random.default_rng``.
    blur
        Probability that a post is written from an adjacent risk level's profile
        (the UMD labels are consensus labels over a user's history).

    Returns
    -------
    pandas.DataFrame
        Columns ``post_id`` (str, Reddit-style base-36 id), ``subreddit``
        (always ``"SuicideWatch"``: the paper predicted on those posts only),
        ``text`` and ``label`` (``a``–``d``; map with :data:`REDDIT_TO_COARSE`).
        The register differs from the forum's on purpose (American, longer,
        profane, no forum jargon) to reproduce the domain shift.
    """
    _check_scale(scale, "sim-reddit-validation")
    _check_blur(blur, "sim-reddit-validation")
    rng = np.random.default_rng(seed)
    levels = list(PAPER_REDDIT_COUNTS)
    n = max(len(levels), round(sum(PAPER_REDDIT_COUNTS.values()) * scale))
    counts = _largest_remainder(n, [PAPER_REDDIT_COUNTS[k] for k in levels], minimum=1)
    labels = [lab for lab, k in zip(levels, counts, strict=True) for _ in range(k)]
    labels = [labels[i] for i in rng.permutation(len(labels))]
    profiles, d = _profiles_and_intensity(rng, labels, blur, _REDDIT_NEIGHBOURS)
    writer = _Writer(Draws(rng), "reddit")
    texts = [writer.post(p, x) for p, x in zip(profiles, d.tolist(), strict=True)]
    ids = rng.choice(36**5, size=len(labels), replace=False) + 36**5  # six base-36 digits
    return pd.DataFrame(
        {
            "post_id": [np.base_repr(int(i), 36).lower() for i in ids],
            "subreddit": "SuicideWatch",
            "text": texts,
            "label": labels,
        }
    )


#: The composite quotes: (theme index in QUOTE_THEMES, intended severity, text). Written for this
#: project on the themes of Furqan et al. (2019); the short phrases the paper quotes from its Figure 4
#: ("no hope left", "I'm done", "too tired to", "being isolated") are reused on purpose.
_QUOTES: tuple[tuple[int, str, str], ...] = (
    (
        0,
        "crisis",
        "For years the illness decided when I slept, what I ate and who I could see. I want one "
        "thing in my life to be my own choice. I'm done letting it choose for me.",
    ),
    (
        0,
        "red",
        "I can't control my moods and I can't control my thoughts. Every plan I make falls apart "
        "before I can start it. I feel like I have no say in my own life anymore.",
    ),
    (
        0,
        "amber",
        "People keep telling me what I should do to get better, and I have tried to do all of it. "
        "I just want someone to ask me what I want for once.",
    ),
    (
        1,
        "crisis",
        "There is a war in my head every day and I am losing it. I am too tired to keep fighting "
        "something that never sleeps. I can't do it anymore.",
    ),
    (
        1,
        "red",
        "Sometimes I can't tell where the depression stops and I start. I hate what it has turned me "
        "into and I hate that I let it.",
    ),
    (
        1,
        "amber",
        "Some mornings I win and get out of bed, most mornings it wins. I don't know how long I can "
        "keep trading days with it.",
    ),
    (
        2,
        "red",
        "I did everything the doctors asked. I took every pill and went to every appointment, and I "
        "am still not better. It must be me that is broken, not the treatment.",
    ),
    (
        2,
        "crisis",
        "Being isolated on the ward, then sent home with a new prescription and nothing else, "
        "taught me that nobody can fix this. There is no hope left and I am sorry.",
    ),
    (
        3,
        "amber",
        "It has been eleven years of trying one thing after another. Each new medication comes "
        "with a little hope and then takes it back. I'm not sure there is anything left to try.",
    ),
    (
        3,
        "red",
        "This illness is never going away. I have watched it come back every time I thought I was "
        "free of it, and I can't face another round.",
    ),
)


@register("sim-composite-quotes")
def sim_composite_quotes(*, scale: float = 1.0, seed: int = 0) -> pd.DataFrame:
    """Ten composite quotes on suicide-note themes, written in this project's words.

    Parameters
    ----------
    scale, seed
        Accepted for a uniform simulator signature and ignored: the quotes are
        fixed text (the paper always used exactly 10).

    Returns
    -------
    pandas.DataFrame
        Columns ``quote_id`` (``q01``–``q10``), ``theme`` (one of
        :data:`QUOTE_THEMES`), ``text`` and ``label``: the severity each quote
        was written to express, set so that the ten carry the mix the paper's
        best classifier predicted (3 crisis, 4 red, 3 amber, one amber under the
        chronicity theme). It is a design label, not a ground truth: the paper
        had none for these quotes.
    """
    _check_scale(scale, "sim-composite-quotes")
    return pd.DataFrame(
        {
            "quote_id": [f"q{i + 1:02d}" for i in range(len(_QUOTES))],
            "theme": [QUOTE_THEMES[t] for t, _, _ in _QUOTES],
            "text": [txt for _, _, txt in _QUOTES],
            "label": [lab for _, lab, _ in _QUOTES],
        }
    )


# ---------------------------------------------------------------------------
# Corpus statistics the paper reports
# ---------------------------------------------------------------------------

#: Accepted keys of ``frames`` in :func:`corpus_statistics` (a ``sim-`` prefix is ignored).
CORPUS_ROLES = ("reachout", "reachout-unlabeled", "reddit-validation", "composite-quotes")


def _macro_f1(y_true: np.ndarray, y_pred: np.ndarray, k: int) -> float:
    """Macro-F1 over ``k`` integer classes (fast path for the permutation baseline)."""
    cm = np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)
    tp = np.diag(cm).astype(float)
    denom = cm.sum(0) + cm.sum(1)
    f1 = np.divide(2 * tp, denom, out=np.zeros(k), where=denom > 0)
    return float(f1.mean())


def reddit_random_baseline(labels: Sequence[str], *, n_runs: int = 10_000, seed: int = 0) -> np.ndarray:
    """Macro-F1 (all classes) of ``n_runs`` random shuffles of the true labels.

    This is the paper's chance baseline for the Reddit validation (mean 0.25;
    0.336 exceeded by 62 of 10,000 runs). It depends only on the class counts.
    """
    codes, _ = pd.factorize(pd.Series(list(labels)), sort=True)
    k = int(codes.max()) + 1
    rng = np.random.default_rng(seed)
    return np.array([_macro_f1(codes, rng.permutation(codes), k) for _ in range(n_runs)])


#: The corpora this module simulates, for the data chapter.
CORPORA = ("sim-reachout", "sim-reachout-unlabeled", "sim-reddit-validation", "sim-composite-quotes")


def corpus_statistics(frames: Mapping[str, pd.DataFrame], *, seed: int = 0) -> pd.DataFrame:
    """The statistics the paper reports about its data, computed from frames.

    Parameters
    ----------
    frames
        Any of ``reachout`` (labelled posts with ``label`` and ``split``),
        ``reachout-unlabeled``, ``reddit-validation`` (with ``label`` a–d) and
        ``composite-quotes``; the data-set names (``sim-reachout`` …) work too.
        Statistics whose frames are missing are left out.
    seed
        Seed of the Reddit random-baseline shuffles.

    Returns
    -------
    pandas.DataFrame
        Columns ``corpus``, ``quantity`` (keys as in
        ``mhtext/published/clpsych-benchmark-data.csv``) and ``value``.
    """
    by_role: dict[str, pd.DataFrame] = {}
    for key, df in frames.items():
        role = key.removeprefix("sim-")
        if role not in CORPUS_ROLES:
            raise KeyError(f"corpus_statistics: unknown frame {key!r}; use one of {', '.join(CORPUS_ROLES)}")
        by_role[role] = df
    rows: list[tuple[str, str, float]] = []

    lab = by_role.get("reachout")
    if lab is not None:
        n = len(lab)
        rows += [
            ("reachout", "corpus.reachout.n_labeled", n),
            ("reachout", "corpus.reachout.n_train", int((lab["split"] == "train").sum())),
            ("reachout", "corpus.reachout.n_test", int((lab["split"] == "test").sum())),
        ]
        for c in COARSE_LABELS:
            k = int((lab["label"] == c).sum())
            rows += [
                ("reachout", f"corpus.reachout.n_{c}", k),
                ("reachout", f"corpus.reachout.pct_{c}", 100.0 * k / n if n else float("nan")),
            ]
    unl = by_role.get("reachout-unlabeled")
    if unl is not None:
        rows.append(("reachout-unlabeled", "corpus.reachout_unlabeled.n_posts", len(unl)))
        if lab is not None:
            rows.append(("reachout", "corpus.reachout.n_all_posts", len(lab) + len(unl)))
    red = by_role.get("reddit-validation")
    if red is not None:
        rows.append(("reddit-validation", "corpus.reddit.n_posts", len(red)))
        for k in PAPER_REDDIT_COUNTS:
            rows.append(("reddit-validation", f"corpus.reddit.n_{k}", int((red["label"] == k).sum())))
        base = reddit_random_baseline(red["label"], seed=seed)
        rows += [
            ("reddit-validation", "corpus.reddit.random_macro_f1_mean", float(base.mean())),
            # The paper's threshold is the score exceeded by 62 of 10,000 shuffles.
            ("reddit-validation", "corpus.reddit.random_macro_f1_threshold", float(np.sort(base)[-62])),
        ]
    quo = by_role.get("composite-quotes")
    if quo is not None:
        rows.append(("composite-quotes", "corpus.quotes.n_quotes", len(quo)))
    return pd.DataFrame(rows, columns=["corpus", "quantity", "value"]).astype({"value": float})
