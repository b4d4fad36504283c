"""Seconds to learn and apply study C's triage MLN at the paper's scale: exact path versus MC-SAT path.

The paper (Section 6.3) triages 907 authors (680 train, 227 test) with Alchemy: discriminative weight
learning and MaxWalkSAT. This times ``mhtext.mln.TriageMLN`` on synthetic evidence of that size: a few
thousand word constants (``hasWord``, ~120 distinct words per author, Zipf-like), predicted labels from a
136-label codebook as evidence (``hasSymptom``), a derived ``criterion1`` predicate and paper-style rules
(per-word and per-label weights, PC-PTSD-like disjunctions over label groups, a criterion rule, a bias).
``exact`` is grounding + L-BFGS learning of the exact conditional likelihood + closed-form marginals;
``mcsat`` is the same rules learned by preconditioned gradient ascent on MC-SAT counts and scored by MC-SAT.
Each is timed once (fit on the 680, predict on the 227), one thread.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

from benchmarks._common import write
from mhtext.mln import Database, TriageMLN
from mhtext.published import lookup


def synthetic_triage(n_authors: int, n_words: int, n_labels: int, seed: int = 0):
    """Evidence database, labels (author -> TR2) and rule text of a synthetic triage problem."""
    rng = np.random.default_rng(seed)
    authors = [f"author{i}" for i in range(n_authors)]
    labels = [f"Label {k} symptom" for k in range(n_labels)]  # spaces: rules must quote them
    zipf = 1 / np.arange(1, n_words + 1)
    rows = []
    for a in authors:
        size = min(n_words, max(5, rng.poisson(120)))
        rows += [(a, f"w{j}") for j in rng.choice(n_words, size=size, replace=False, p=zipf / zipf.sum())]
    words = pd.DataFrame(rows, columns=["author", "word"])
    label_rows = [(a, labels[k]) for a in authors for k in rng.choice(n_labels, size=rng.poisson(4), replace=False)]
    symptoms = pd.DataFrame(label_rows, columns=["author", "label"])
    groups = [labels[0:3], labels[3:12], labels[12:20], labels[20:25]]  # PC-PTSD-like label groups
    criterion = set(symptoms.author[symptoms.label.isin(labels[25:28])])
    db = Database.from_frame(words, "hasWord", ["author", "word"]).add_frame(symptoms, "hasSymptom", ["author", "label"])
    for a in criterion:
        db.add("criterion1", a)
    db.add_constants("author", authors)
    has = symptoms.assign(v=1).pivot_table(index="author", columns="label", values="v", fill_value=0)
    has = has.reindex(index=authors, columns=labels, fill_value=0)
    distress_words = {f"w{j}" for j in range(20, 60)}  # fairly frequent words that carry signal
    n_distress = words[words.word.isin(distress_words)].groupby("author").size().reindex(authors, fill_value=0)
    z = -1.0 + sum(1.0 * has[g].to_numpy().sum(axis=1) for g in groups) \
        + 1.5 * np.isin(authors, list(criterion)) + 0.3 * (n_distress.to_numpy() - n_distress.mean())
    y = pd.Series(rng.random(n_authors) < 1 / (1 + np.exp(-z)), index=authors)
    quoted = [" v ".join(f'hasSymptom(p, "{s}")' for s in g) for g in groups]
    rules = "\n".join(["hasWord(author, word)", "hasSymptom(author, label)", "criterion1(author)", "triage(author)",
                       "hasWord(p, +w) => triage(p)", "hasSymptom(p, +s) => triage(p)",
                       *(f"{body} => triage(p)" for body in quoted), "criterion1(p) => triage(p)", "triage(p)"])
    return db, y, rules


def main(n_words: int = 3000, sigma: float = 1.0, samples: int = 100, burn_in: int = 10, iterations: int = 100,
         seed: int = 0) -> dict:
    n_authors = int(lookup("distress-triage", "corpus.triage_tagged"))
    n_train = int(lookup("distress-triage", "corpus.train.triage_tagged"))
    n_labels = int(lookup("distress-triage", "corpus.codebook.labels"))
    db, y, rules = synthetic_triage(n_authors, n_words, n_labels, seed=seed)
    train, test = y.iloc[:n_train], y.iloc[n_train:]
    results = {}
    with threadpool_limits(1):
        for name, kwargs in (("exact", {"inference": "auto"}),
                             ("mcsat", {"inference": "mcsat", "samples": samples, "burn_in": burn_in,
                                        "iterations": iterations})):
            t0 = time.perf_counter()
            model = TriageMLN(rules, sigma=sigma, seed=seed, **kwargs).fit(db, train)
            t_fit = time.perf_counter() - t0
            proba = model.predict_proba(db, test.index)[:, 1]
            results[name] = {"seconds": time.perf_counter() - t0, "fit_seconds": t_fit, "proba": proba,
                             "auc": roc_auc_score(test, proba), "params": len(model.weights_)}
    variants = {name: r["seconds"] for name, r in results.items()}
    gap = float(np.abs(results["exact"]["proba"] - results["mcsat"]["proba"]).max())
    notes = (f"{n_authors} synthetic authors ({n_train} fit, {n_authors - n_train} scored), {n_words} word constants, "
             f"{n_labels} labels, {len(db.table('hasWord'))} hasWord atoms, {results['exact']['params']} weights; "
             f"fit seconds exact {results['exact']['fit_seconds']:.2f}, mcsat {results['mcsat']['fit_seconds']:.2f} "
             f"({iterations} iterations x {samples} samples + {burn_in} burn-in); test AUC exact "
             f"{results['exact']['auc']:.3f}, mcsat {results['mcsat']['auc']:.3f}; max |P_exact - P_mcsat| = {gap:.3f}; "
             "target: exact under 10 s; the paper (Alchemy) states no timings")
    return write("mln_triage", variants=variants, unit="s", ratio=("mcsat", "exact"), notes=notes)


if __name__ == "__main__":
    main()
