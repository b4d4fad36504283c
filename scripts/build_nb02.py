"""Write notebooks/02-mdi-patterns.ipynb from this script (the notebook is the product; this keeps its source readable).

Run ``python scripts/build_nb02.py`` after editing; the executed copies are written by the runner.
"""

from nbbuild import code, md, write

md(r'''
# Study B: sequential emotion patterns for four mental disorders (MDI-Model)

Reproduces {cite:t}`wang2020sequential`: an emotion lexicon built from psychology blogs and tweets
over 21 representative emotions that extend Plutchik's eight {cite:p}`plutchik1980emotion`,
sequential emotion patterns mined per disorder with FP-growth {cite:p}`han2000fpgrowth`, a
hashed matcher, and seven mental statuses for anxiety, bipolar and depressive disorder and OCD.

## What we found

Each claim of the paper, tested on this run's data with a 95% interval; the verdict is read from
the interval, never from a point estimate (`results/mdi-patterns/claims.csv`; the sections below
show how each was obtained).

```{glue} claims_table
```
''')
md(r'''
## What the paper claims

- A "generalised multidimensional emotion lexicon" of {glue:text}`paper_lexicon_size:,.0f` words and phrases, built from LDA topics
  {cite:p}`blei2003lda` of psychology blogs ({glue:text}`paper_topics_blogs:.0f` topics) and Sentiment140 tweets ({glue:text}`paper_topics_tweets:.0f` topics), NRC
  emotion words {cite:p}`mohammad2013nrc` and WordNet synonyms {cite:p}`miller1995wordnet`, detects
  emotions better than an LSTM {cite:p}`hochreiter1997lstm` and SeNTU (Table 5: F1
  {glue:text}`paper_f1_sea:.2f`, {glue:text}`paper_f1_lstm:.2f`, {glue:text}`paper_f1_sentu:.2f`).
- Sequential emotion patterns mined from disorder-labelled blogs and {glue:text}`paper_n_criteria:.0f` diagnostic
  criteria (the pattern intensity set, {glue:text}`paper_n_patterns:,.0f` patterns) identify about
  {glue:text}`paper_identified:.0f`% of users who said they were diagnosed
  (Table 7), most of them at a confirmed stage (Figure 6).
- Users in three stressful jobs (waiter, reporter, engineer) are predicted at higher rates than
  travellers, comedians and musicians (Table 8, Figure 7).
- A bidimensional hash search (BHS) identifies a user in {glue:text}`paper_bhs_s:.1f` s instead of linear
  search's {glue:text}`paper_linear_s:.1f` s.

## Data

The paper's Twitter users, blogs and criteria are not public. By default every corpus is simulated
([Data chapter](00-data.ipynb); cards `sim-mdi-timelines`, `sim-mdi-blogs`, `sim-mdi-criteria`,
`sim-sentiment140`): each user has a latent disorder (or none) whose emotion dynamics the method must
find through noisy wording; the identified shares are outcomes, never inputs. With `dataset="real"`,
Table 5 runs on public labelled emotion text read from `MHTEXT_DATA_DIR`: TweetEval emotion
{cite:p}`barbieri2020tweeteval` and GoEmotions in Ekman's taxonomy {cite:p}`demszky2020goemotions`.
No public per-user disorder timelines are available here (the Reddit Mental Health Dataset keeps one
post per author and has no OCD subreddit), so Tables 7 and 8 run on simulated users only; the
`reddit-mental-health` loader reads such a file when a user has one.
''')
md("## Parameters")
code('''
seed = 0
dataset = "simulated"  # simulated; real: Table 5 on TweetEval emotion and GoEmotions (Ekman); file:PATH: your posts
columns = ""  # for a file: our column names (user_id, timestamp, text, disorder) mapped to yours; see the Data chapter
scale = 0.05  # fraction of the paper's corpus sizes (Table 6 users, blogs) for the simulated corpora
n_tweets = 2000  # Sentiment140-style tweets for the lexicon's LDA (the paper: 1,048,575)
real_max_train = 2000  # real run: training texts per public corpus (LSTM and lexicon LDA)
n_topics_blogs = 15  # LDA topics on the blogs (the paper: 15)
n_topics_tweets = 20  # LDA topics on the tweets (the paper: 20)
n_description = 20  # description words per representative emotion (the paper: 20)
lda_documents = 1000  # documents per corpus the LDA topics are fitted on (seeded sample; None: all)
lexicon_threshold = 0.7  # minimum mean similarity of a WordNet candidate (the paper: 0.7)
similarity = "wup"  # wup (WordNet Wu-Palmer) or glove
min_support = 0.02  # FP-growth and PrefixSpan minimum support (not published)
window = 6  # consecutive emotions per mining transaction
max_len = 12  # longest pattern (the paper's hash table has 12 rows)
criteria_weight = 1.5  # intensity weight of criteria patterns (the paper: 1.5)
min_confidence = 0.6  # association-rule confidence for potential patterns (not published)
n_folds = 5  # folds for learning the status thresholds
lstm_epochs = 5  # LSTM training epochs (early stopping on macro-F1)
n_linear_users = 5  # users timed with the slow linear search
n_boot = 200  # bootstrap resamples for intervals
sensitive = None  # None: as the cards say (a file you bring is sensitive); True: always; False: your file is not
min_authors = 10  # under sensitive data, word tables keep only words used by at least this many authors
profile = "smoke"
results_dir = "../results/mdi-patterns"
''', tags=["parameters"])
code('''
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display
from myst_nb import glue

from mhtext import claims, scorecard
from mhtext.data import own_corpus
from mhtext.emotion import EMOTIONS
from mhtext.emotion import detection as det
from mhtext.emotion.lexicon import EmotionLexiconBuilder
from mhtext.models.lstm import LSTMClassifier
from mhtext.patterns import identify
from mhtext.patterns.matching import BHSMatcher, synthesize_patterns
from mhtext.patterns.mining import sep_table
from mhtext.plotting import set_theme
from mhtext.published import glue_quotes, lookup, published
from mhtext.results import Results
from mhtext.seed import seed_everything
from mhtext.studies import mdi_patterns as mp

set_theme()
seed_everything(seed)
params = {k: v for k, v in globals().items() if k in {
    "seed", "dataset", "columns", "scale", "n_tweets", "real_max_train", "n_topics_blogs", "n_topics_tweets", "n_description", "lda_documents",
    "lexicon_threshold", "similarity", "min_support", "window", "max_len", "criteria_weight", "min_confidence",
    "n_folds", "lstm_epochs", "n_linear_users", "n_boot", "sensitive", "min_authors", "profile"}}
own_path = own_corpus.file_path(dataset)
if dataset not in ("simulated", "real") and own_path is None:
    raise ValueError(f"unknown dataset {dataset!r}; valid: {', '.join(mp.DATASETS)}")
res = Results(results_dir, study="mdi-patterns", params=params)
paper = published("mdi-patterns")
glue_quotes("mdi-patterns", {  # the paper's numbers quoted in this chapter's text
    "lexicon_size": "lexicon.size", "f1_sea": "table5.sea.f1", "f1_lstm": "table5.lstm.f1",
    "f1_sentu": "table5.sentu.f1", "n_criteria": "corpus.criteria.statements", "n_patterns": "bhs.n_patterns",
    "identified": float(np.mean([lookup("mdi-patterns", f"table7.{d}.accuracy") for d in mp.DISORDERS])),
    "bhs_s": "bhs.hash.seconds_per_user", "linear_s": "bhs.linear.seconds_per_user",
    "topics_blogs": "lda.topics.blogs", "topics_tweets": "lda.topics.tweets",
    "topics_total": lookup("mdi-patterns", "lda.topics.blogs") + lookup("mdi-patterns", "lda.topics.tweets")})
pd.Series({k: str(v) for k, v in params.items()}, name="value").to_frame()
''')
md(r'''
## The corpora

Simulated users keep their 40 latest tweets; as in the paper (Section 6.2), tweets containing `@`
are dropped. The labelled blogs (325 per disorder at full scale) and the criteria feed the pattern
miner; the unlabelled blogs feed the lexicon's topics and the potential patterns.
''')
code('''
with res.stage("load data"):
    if dataset != "real":
        corpora = mp.load_corpora(scale=scale, seed=seed, n_tweets=n_tweets)
        tweets = mp.kept_tweets(corpora["timelines"])
        users = mp.users_frame(corpora["timelines"])
        lexicon_blogs, lexicon_tweets = corpora["blogs"], corpora["tweets"]["text"]
        frames = [corpora["blogs"], corpora["timelines"]]
        if own_path is not None:
            own, own_file = mp.file_timelines(own_path, columns=columns)
            frames.append(own)
    else:
        real = {name: det.emotion_texts(name, max_train=real_max_train, seed=seed) for name in mp.REAL_EMOTION_SETS}
        # The lexicon is unsupervised: its topics come from the training texts, labels unseen.
        lexicon_blogs = pd.DataFrame({"title": "", "text": real["goemotions-ekman"][0]["text"]})
        lexicon_tweets = real["tweeteval-emotion"][0]["text"]
        frames = [part for pair in real.values() for part in pair]
for f in frames:
    res.dataset(f, "input")
guard = res.use_guard(own_corpus.run_guard(frames, dataset=dataset, sensitive=sensitive, k=min_authors))
if own_path is not None:
    own_corpus.write_card(own_file, res.dir, sensitive=guard.sensitive)
display(Markdown(guard.describe()))
if dataset != "real":
    sizes = mp.corpus_table(corpora, tweets, users)
    res.table("table6-corpora", sizes)
    display(sizes)
''')
md(r'''
## The generalised multidimensional emotion lexicon

Emotion-bearing words are kept with the NRC lexicon, ambiguous slang and function words dropped,
and weighted by the paper's "advanced tf-idf" (more weight in titles and in the first and last
sentence of a paragraph). LDA topics of the blogs and of the tweets are matched to the 21
representative emotions; each emotion's description words are expanded with WordNet synonyms, and a
candidate joins the emotion whose description words it is most similar to, if that mean similarity
reaches the threshold. The lexicon is built here from this run's corpora, never from the
simulator's word lists.
''')
code('''
with res.stage("lexicon"):
    builder = res.cached("lexicon", lambda: EmotionLexiconBuilder(
        n_topics_blogs=n_topics_blogs, n_topics_tweets=n_topics_tweets, n_description=n_description,
        threshold=lexicon_threshold, similarity=similarity, max_documents=lda_documents, seed=seed).fit(lexicon_blogs, lexicon_tweets))
lexicon = builder.lexicon_
res.metric("lexicon.size", lexicon.size)
res.metric("lexicon.candidates", builder.candidates_)
res.metric("lda.topics.blogs", n_topics_blogs)  # method settings, beside the paper's
res.metric("lda.topics.tweets", n_topics_tweets)
pd.DataFrame({"this run": [lexicon.size, builder.candidates_],
              "paper": [lookup("mdi-patterns", "lexicon.size"), lookup("mdi-patterns", "lexicon.candidates")]},
             index=["lexicon words and phrases", "WordNet candidates"])
''')
code('''
sizes_by_emotion = lexicon.table.groupby(["emotion", "source"]).size().unstack(fill_value=0).reindex(EMOTIONS)
res.table("lexicon-sizes", sizes_by_emotion, index=True)
desc = builder.description_.groupby("emotion")["word"].apply(lambda w: ", ".join(w[:8])).reindex(EMOTIONS)
shown = guard.terms(desc.rename("description words (first 8)").reset_index()
                    .assign(term=lambda d: d["description words (first 8)"]), "term", lexicon_tweets) \\
    if guard.sensitive else desc.rename("description words (first 8)").to_frame()
res.table("lexicon-description", shown.reset_index() if not guard.sensitive else shown)
sizes_by_emotion.join(desc.rename("description words (first 8)"))
''')
md(r'''
## Table 5: emotion detection, lexicon against an LSTM

Each text gets the emotion its lexicon terms weigh most (none when no term matches: a miss). The LSTM
is trained in this package on the training part. On simulated tweets the gold label is the majority
of three simulated annotators over the 21 emotions, and test users never appear in training; on the
public corpora the 21 emotions are mapped onto each corpus's labels (`mhtext/emotion/label_maps.yaml`,
each line justified there). SeNTU is not available: the LSTM is the only learned baseline.
Scores are macro precision, recall and F1 over the gold labels.
''')
code('''
sets = {"simulated": det.emotion_texts("simulated", seed=seed, scale=scale)} if dataset != "real" else real
with res.stage("table 5"):
    t5 = res.cached("table 5", mp.table5, lexicon, sets, seed=seed, max_epochs=lstm_epochs, n_boot=n_boot)
rows = []
for name, r in t5.items():
    rows.append(det.table5_frame(r["scores"]).assign(dataset=name))
table5 = pd.concat(rows, ignore_index=True)
res.table("table5", table5)
primary = "tweeteval-emotion" if dataset == "real" else "simulated"
for method, key in (("lexicon", "sea"), ("lstm", "lstm")):
    for m in ("precision", "recall", "f1"):
        res.metric(f"table5.{key}.{m}", t5[primary]["scores"][method][m])
    for name, r in t5.items():
        for m in ("precision", "recall", "f1"):
            res.metric(f"table5_{name}.{key}.{m}", r["scores"][method][m])
table5.round(3)
''')
code('''
paper[paper["source"] == "Table 5"].pivot(index="row", columns="column", values="published")
''')
md(r'''
## Sequential emotion patterns (SEA, Algorithm 1)

Each labelled blog becomes its sequence of sentence emotions, each criterion the sequence of its
emotion words. Sliding windows of `window` consecutive emotions are the transactions. FP-growth
(mlxtend, {cite:p}`raschka2018mlxtend`) mines frequent emotion *sets* per disorder, as the paper
did although it calls them sequential; beside it, PrefixSpan {cite:p}`pei2001prefixspan` mines
*ordered* emotion shifts. A pattern's intensity is the sum of its emotions' single supports,
criteria patterns weigh 1.5 times more, and potential patterns come from association rules over
the unlabelled blogs (Equation 1; itemsets only).
''')
code('''
if dataset != "real":
    with res.stage("sequences"):
        labelled, general, crit = res.cached("document sequences", mp.document_sequences, lexicon,
                                             corpora["blogs"], corpora["criteria"])
        user_seqs = res.cached("user sequences", mp.user_sequences, lexicon, tweets)
    sea_params = dict(min_support=min_support, window=window, max_len=max_len, criteria_weight=criteria_weight,
                      min_confidence=min_confidence)
    with res.stage("mining"):
        seas = {"itemsets (FP-growth)": res.cached("sea itemsets", mp.mine, labelled, general, crit, **sea_params),
                "ordered (PrefixSpan)": res.cached("sea ordered", mp.mine, labelled, general, crit, ordered=True,
                                                   **sea_params)}
    pis = seas["itemsets (FP-growth)"].patterns_
    bhs_shape = BHSMatcher(pis).table_shape()
    res.metric("bhs.n_patterns", len(pis))
    res.metric("bhs.table.max_pattern_length", bhs_shape[0])
    res.metric("bhs.table.n_initial_emotions", bhs_shape[1])
    summary = mp.pattern_summary(seas)
    res.table("pattern-sets", summary)
    display(summary)
else:
    display(Markdown("Pattern mining needs disorder-labelled blogs and criteria: simulated runs only."))
''')
code('''
if dataset != "real":
    top = mp.top_patterns(seas, n=5)
    res.table("top-patterns", top)
    display(top)
''')
md(r'''
## Identification (SED, Algorithm 2) and Table 7

A user's sequential emotion patterns are every window of 1 to `max_len` consecutive emotions of
their tweets; each is matched against the pattern set, and the matches give, per disorder, the
maximum intensity `ms`, RoM, RoI, AoI and SoD (Equations 2–5). The paper publishes no thresholds
for its seven statuses: they are learned here by `n_folds`-fold cross-validation on labelled users
(diagnosed users and half of the occupation users as controls, labelled by their latent truth),
maximising the balanced accuracy of "identified" (statuses 1–6). Table 7 counts held-out diagnosed
users identified as confirmed or tendency.
''')
code('''
if dataset != "real":
    with res.stage("identification"):
        feats = {name: res.cached(f"features {name}", mp.features_for, sea.patterns_, user_seqs,
                                  itemset=not sea.ordered, max_len=max_len) for name, sea in seas.items()}
        f = feats["itemsets (FP-growth)"]
        not_assessable = sorted(set(users.index) - set(f.index))
        lab, y, rest = mp.labelled_split(users.loc[f.index], seed=seed)
        diag, thresholds = mp.cv_diagnose(f.loc[lab], y, n_folds=n_folds, seed=seed)
    res.metric("users.not_assessable", len(not_assessable))
    res.table("thresholds-by-fold", thresholds)
    display(Markdown(f"{len(not_assessable)} users have no emotion-bearing tweet and cannot be assessed. "
                     "Learned thresholds, fold by fold:"))
    display(thresholds.round(3))
''')
code('''
if dataset != "real":
    t7 = mp.table7(diag, users)
    res.table("table7", t7)
    for r in t7.itertuples():
        res.metric(f"table7.{r.disorder}.identified", r.identified)
        res.metric(f"table7.{r.disorder}.total", r.total)
        res.metric(f"table7.{r.disorder}.accuracy", r.accuracy)
    shown = t7.assign(paper=[lookup("mdi-patterns", f"table7.{d}.accuracy") for d in t7["disorder"]])
    display(shown.round(2))
''')
md(r'''
### Figure 6: statuses of the diagnosed users

The paper reads two shares off its Figure 6: a third of the confirmed users at the mild (early)
stage, and 99% of the tendency users at severe tendency.
''')
code('''
if dataset != "real":
    dist = mp.status_distribution(diag, users["group"])
    res.table("figure6-statuses", dist, index=True)
    shares = mp.status_shares(diag, users)
    res.metric("status.confirmed.early_stage_share", shares["early"])
    res.metric("status.tendency.severe_share", shares["severe_tendency"])
    ax = dist.loc[list(mp.DISORDERS)].plot.barh(stacked=True, figsize=(7, 3), colormap="RdYlGn")
    ax.set_xlabel("share of the group's held-out users")
    ax.legend(bbox_to_anchor=(1.02, 1), loc="upper left", fontsize=8)
    ax.set_title("Figure 6 (reproduced): statuses of diagnosed users")
    res.figure("figure6-statuses", ax.figure)
    plt.show()
    display(pd.Series(shares).rename("share (%)").to_frame()
            .assign(paper=[lookup("mdi-patterns", "status.confirmed.early_stage_share"),
                           lookup("mdi-patterns", "status.tendency.severe_share")]).round(1))
''')
md(r'''
## Beyond the paper: false positives, the disorder, and what each rule adds

The paper reports hit rates on diagnosed users only, so a model that flags everyone would score
100%. Against held-out healthy controls the same predictions give a precision and a specificity;
the confusion matrix says whether the identified disorder is the user's own; the ablation drops
each of RoM, AoI and SoD from the status rules and re-learns the thresholds; and the two pattern
sets (unordered FP-growth itemsets, ordered PrefixSpan shifts) are compared on the same users,
beside an oracle that reads every emotion perfectly (the blogs' generating emotions and the tweets'
gold annotations): the gap between the oracle and the lexicon is what the lexicon loses.
''')
code('''
if dataset != "real":
    ctrl = mp.control_scores(diag, y)
    res.table("controls", ctrl)
    for r in ctrl.itertuples():
        res.metric(f"controls.{r.quantity.split()[0]}", r.estimate)
    display(ctrl.round(3))
    conf = mp.disorder_confusion(diag, users)
    res.table("disorder-confusion", conf, index=True)
    display(conf)
''')
code('''
if dataset != "real":
    with res.stage("ablation and pattern sets"):
        abl = res.cached("ablation", mp.ablation, f.loc[lab], y, n_folds=n_folds, seed=seed)
        oracle = res.cached("oracle features", mp.oracle_features, corpora["blogs"], corpora["criteria"], tweets,
                            **sea_params)
        compare_sets = res.cached("pattern set comparison", mp.compare_pattern_sets,
                                  {**feats, "itemsets, emotions read perfectly (oracle)": oracle}, users,
                                  n_folds=n_folds, seed=seed)
    res.table("ablation", abl)
    res.table("pattern-set-comparison", compare_sets)
    display(abl.round(3))
    display(compare_sets.round(3))
''')
md(r'''
## Table 8 and Figure 7: six occupations

Thresholds learned on all labelled users are applied to the occupation users not used as
controls. The simulator gives every job the same latent prevalence and gives stressful jobs more
ordinary bad spells; the last columns count how many detected users truly have a disorder.
''')
code('''
if dataset != "real":
    final = identify.StatusThresholds().fit(f.loc[lab], y)
    res.table("thresholds", pd.DataFrame([final.thresholds_]))
    occ = final.predict(f.loc[rest])
    t8 = mp.table8(occ, users)
    res.table("table8", t8)
    for r in t8.itertuples():
        res.metric(f"table8.{r.occupation}.detected", r.detected)
        res.metric(f"table8.{r.occupation}.total", r.total)
        res.metric(f"table8.{r.occupation}.prediction_rate", r.prediction_rate)
    gap = mp.stress_gap(occ, users, seed=seed, n_boot=n_boot)
    res.metric("table8.stress_gap", gap[0])
    display(t8.assign(paper=[lookup("mdi-patterns", f"table8.{o}.prediction_rate") for o in t8["occupation"]])
            .round(2))
    display(Markdown(f"Stressful minus other jobs: **{gap[0]:.1f} points** [{gap[1]:.1f}, {gap[2]:.1f}]."))
''')
code('''
if dataset != "real":
    f7 = mp.occupation_disorders(occ, users)
    res.table("figure7-occupation-disorders", f7, index=True)
    ax = f7.plot.bar(stacked=True, figsize=(7, 3))
    ax.set_ylabel("share of detected users")
    ax.legend(bbox_to_anchor=(1.02, 1), loc="upper left", fontsize=8)
    ax.set_title("Figure 7 (reproduced): identified disorder per occupation")
    res.figure("figure7-occupation-disorders", ax.figure)
    plt.show()
''')
md(r'''
## Your corpus (dataset="file:PATH")

With `dataset="file:PATH"` (columns `user_id`, `timestamp`, `text` and optionally `disorder`; see the
[Data chapter](00-data.ipynb)), the lexicon, the pattern set and the thresholds above (all from the
simulated corpora) are applied to your own authors' posts, each author's posts in time order and
posts with `@` dropped as in the paper. Only counts leave the run: how many authors reach each status,
per diagnosis when `disorder` gives one. When every diagnosis is one of the paper's four disorders or
`none`, the identified disorder is scored against it; any other label set cannot be scored by the
paper's statuses, and the run says so. Without diagnoses these are the model's outputs, not findings.
''')
code('''
if own_path is not None:
    with res.stage("your corpus"):
        own_seqs = res.cached("your corpus sequences", mp.user_sequences, lexicon, mp.kept_tweets(own))
        own_f = mp.features_for(pis, own_seqs, itemset=True, max_len=max_len)
        own_diag = final.predict(own_f)
    own_groups = own.groupby("user_id")["group"].first()
    res.metric("user.authors", own["user_id"].nunique())
    res.metric("user.not_assessable", own["user_id"].nunique() - len(own_f))
    res.metric("user.identified_share", float((own_diag["status"] < identify.HEALTHY).mean()))
    mine_counts = res.table("your-corpus-statuses", mp.user_statuses(own_diag, own_groups), index=True)
    display(mine_counts)
    agreement = mp.diagnosis_agreement(own_diag, own_groups)
    if agreement is not None:
        res.table("your-corpus-agreement", agreement, index=True)
        hits = sum(agreement.loc[d, d] for d in agreement.index if d in agreement.columns)
        res.metric("user.identification_accuracy", hits / agreement.to_numpy().sum())
        display(agreement)
    elif "disorder" in own_file.frame:
        display(Markdown("Skipped: scoring against your diagnoses, which are not the paper's disorders "
                         f"({', '.join(mp.DISORDERS)}) or none."))
else:
    display(Markdown("This run has no corpus of yours (`dataset` is not `file:PATH`)."))
''')
md(r'''
## Matching speed: linear search, BHS and a vectorised matcher

Each user's patterns are matched against the pattern set by the paper's linear search (Algorithm 2's
double loop), its bidimensional hash search (Algorithm 3: a table keyed by pattern length and first
emotion, each cell a hash of patterns), and a matcher that codes every pattern as one integer and
looks all users up at once. All three return identical matches (a property test). Times are per
user on this machine (the manifest's `timings`, not `metrics.json`, since they vary from run to
run), on a synthesised set of the paper's size (97,672 patterns, 40-tweet timelines) and on this
run's mined set; `make bench` repeats the paper-size measurement.
''')
code('''
with res.stage("matcher timing"):
    sets_timed = {"paper-size set (97,672 synthesised patterns)": (synthesize_patterns(seed=seed),
                                                                   mp.synthetic_users(n=200, seed=seed))}
    if dataset != "real":
        sets_timed["this run's mined set"] = (pis, sep_table({u: s for u, s in user_seqs.items() if s}, max_len,
                                                             itemset=True))
    times = {name: mp.time_matchers(p, u, n_linear=n_linear_users) for name, (p, u) in sets_timed.items()}
paper_times = times["paper-size set (97,672 synthesised patterns)"]
speed = mp.speedup(paper_times)
res.timing("bhs.speedup", speed[0])
rows = []
for name, t in times.items():
    res.table(f"matcher-times-{'paper-size' if name.startswith('paper') else 'mined'}", t)
    rows.append({"pattern set": name, "patterns": len(sets_timed[name][0]),
                 "linear search": t["linear"].median(), "BHS": t["bhs"].median(),
                 "vectorised (all users at once)": t.attrs["fast_batch_per_user"]})
    for key, col in (("linear", "linear"), ("hash", "bhs")):
        res.timing(f"bhs.{key}.seconds_per_user.{'paper_size' if name.startswith('paper') else 'mined'}",
                   t[col].median())
rows.append({"pattern set": "paper (97,672 patterns)", "patterns": lookup("mdi-patterns", "bhs.n_patterns"),
             "linear search": lookup("mdi-patterns", "bhs.linear.seconds_per_user"),
             "BHS": lookup("mdi-patterns", "bhs.hash.seconds_per_user"), "vectorised (all users at once)": np.nan})
display(Markdown(f"Seconds per user. On the paper-size set BHS is **{speed[0]:.0f}×** faster than linear search "
                 f"[{speed[1]:.0f}, {speed[2]:.0f}] (paper: 4×)."))
pd.DataFrame(rows)
''')
md(r'''
## The claims, tested

The table at the top of the chapter, built from the intervals above.
''')
code('''
found = claims.frame(mp.study_claims(
    {name: r for name, r in t5.items()},
    identified=mp.identified_share(diag, users) if dataset != "real" else None,
    stress=gap if dataset != "real" else None,
    bhs=speed, ctrl=ctrl if dataset != "real" else None))
claims.write(res.dir, found)
glue("claims_table", claims.styled(found), display=False)
claims.styled(found)
''')
md(r'''
## Reproduced against published

Every number of the paper beside ours (the scorecard chapter has all of them). The `basis` column
says how each was obtained: `by construction` (the simulator was built with that size),
`reproduced` (the method on simulated data of the paper's kind) or `substitute data` (public text
of another kind).
''')
code('''
scorecard.write_basis(res.dir, mp.basis_rules(dataset))
res.write()
scorecard.study_rows("mdi-patterns", res.dir.parent).round(3)
''')
md(r'''
### Beside the committed reference runs

`results/reference/` holds runs committed with their manifests (see its README). Table 5's
macro-F1 in each run that exists, beside this run and the paper:
''')
code('''
comparison = scorecard.beside_references(
    "mdi-patterns", res.dir.parent, f"this run ({dataset}, {profile})",
    lambda c: (c["source"] == "Table 5") & (c["column"] == "F1_Measure"), key="row").T
res.table("runs-comparison", comparison, index=True)
comparison.round(3)
''')
md(r'''
## Deviations from the paper

- **Data.** The paper's users, blogs and criteria are private; the simulated corpora plant a latent
  disorder and its emotion dynamics, not the paper's results. Identification claims on simulated
  users test whether the method recovers that planted mechanism, nothing about the paper's Twitter
  users. Real text enters through Table 5 only (TweetEval emotion, GoEmotions in Ekman's taxonomy).
  With `dataset="file:PATH"`, your authors are scored with everything learned on the simulated corpora.
- **Lexicon.** LDA is fitted on a seeded sample of `lda_documents` texts per corpus (all of them in
  `full`). Under this similarity, the 0.7 cut keeps few WordNet candidates, so the lexicon is far
  smaller than the paper's {glue:text}`paper_lexicon_size:,.0f` terms (the table above has both). The paper does not say how its {glue:text}`paper_topics_total:.0f` LDA topics became 21 emotions, which similarity it
  averaged, or the weights of its "advanced tf-idf". Here topics are assigned to emotions by the
  Hungarian method on the topics' similarity to each emotion's name, similarity is Wu–Palmer over
  WordNet {cite:p}`wu1994verbs` (adjectives reach nouns through attributes and derived forms), and the
  tf-idf weights are parameters. On a real run the topics come from the public corpora's unlabelled
  training texts, not from psychology blogs.
- **Patterns.** Transactions are sliding windows of `window` consecutive emotions: the paper does not
  say how sentence-level transactions yield patterns of up to 12 emotions. FP-growth finds unordered
  sets; PrefixSpan's ordered patterns are shown beside them and have no potential patterns.
- **Equations 3 and 5** are ambiguous as printed; their reading is in `mhtext.patterns.identify`.
  Users matching none of statuses 1–6 are healthy (status 7); the paper's status-7 rule leaves some
  users without a status.
- **Thresholds.** Not published; learned by cross-validation on labelled users (diagnosed users and
  half of the occupation users as controls, labelled by the simulator's latent truth), so Table 8
  uses the other half of each occupation.
- **Table 5.** SeNTU is unavailable; the LSTM is trained here on the training part of each corpus.
- **Speed.** Times are this machine's; the paper's hardware is not stated. The claim is read as
  "faster", with the factor reported.
''')
md("## Colophon")
code('''
from mhtext.results import colophon

colophon(res.dir, packages=("torch", "scikit-learn"))
''')

write("02-mdi-patterns.ipynb")
