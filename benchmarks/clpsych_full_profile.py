"""How long study D's ``full`` profile takes on this machine, projected from its stages' measured unit costs.

At paper scale study D fine-tunes a GPT on 150,000 posts, pretrains it on all of Brown and runs 46 AutoML
searches of ``time_budget`` seconds each: many hours on two cores, more than one sitting. Each stage's cost is
linear in what it processes (sentences x epochs, posts x epochs, posts, searches), so this times every stage at
the full profile's model sizes on slices (two slice sizes where a stage has a fixed cost, a line through them)
and multiplies by what ``params/full.yaml`` asks for. The DeepMoji-style model is trained at full size outright
(about a minute). AutoML searches are timed at a short budget: a search costs its budget plus a measured
overhead (cross-validated refit, scoring, a Dask cluster's start and close).

The result, ``results/benchmarks/clpsych-full-profile.json``, holds each stage's measurement, its unit cost and
its projection, and the total. It is a projection, not a run: compare it with a real run's
``manifest.json`` (``runner.cold_wall_s`` also counts stages that a resumed run loaded from the cache).
"""

from __future__ import annotations

import time

from benchmarks._common import write_json
from benchmarks.mantel_pairs import synthetic_spaces
from mhtext import runner
from mhtext.studies import clpsych_benchmark as cb


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - t0


def at_two_sizes(sizes: tuple[int, int], call) -> tuple[object, float, float, dict[str, float]]:
    """``call(n)`` timed at two sizes: the larger call's value, the fixed cost and the cost per unit of a line
    through the two times (the fixed cost floored at zero), and the times."""
    (_, t0), (value, t1) = (timed(call, n) for n in sizes)
    per = max((t1 - t0) / (sizes[1] - sizes[0]), 0.0)
    return value, max(t1 - per * sizes[1], 0.0), per, {str(sizes[0]): round(t0, 1), str(sizes[1]): round(t1, 1)}


def full_params() -> dict:
    """Study D's parameters under the ``full`` profile, read as the runner reads them."""
    profile = runner.load_profile("full")
    return {**profile.get("common", {}), **profile["clpsych-benchmark"]}


def subcorpus(corpus: cb.Corpus, n_train: int, n_test: int) -> cb.Corpus:
    """The first posts of each split, no validation or quotes: a slice to time extraction on."""
    return cb.Corpus(train=corpus.train.head(n_train), test=corpus.test.head(n_test), validation=None, quotes=None,
                     unlabeled=[], fine_to_coarse=corpus.fine_to_coarse)


def main(seed: int = 0, slice_posts: tuple[int, int] = (300, 600), slice_sentences: tuple[int, int] = (1500, 3000),
         adapt_sentences: tuple[int, int] = (1000, 4000), search_budget: float = 30.0) -> dict:
    p = full_params()
    rows: dict[str, dict] = {}

    def stage(name, *, measured, unit, per_unit, fixed=0.0, units):
        rows[name] = {"measured": measured, "unit": unit, "fixed_s": round(fixed, 2),
                      "per_unit_s": round(per_unit, 6), "units": units, "projected_s": round(fixed + per_unit * units)}
        print(f"{name:<28} {units:>10,.0f} {unit:<22} -> {rows[name]['projected_s']:>8,} s")

    # 3,000 unlabelled posts: enough sentences for the adaptation slices.
    corpus = cb.simulated_corpus(scale=p["scale"], seed=seed, n_unlabeled=3000)
    n_posts = sum(len(f) for f in (corpus.train, corpus.test, corpus.validation, corpus.quotes))

    deepmoji, t = timed(cb.train_emoji_model, source="simulated", scale=p["emoji_scale"], epochs=p["deepmoji_epochs"],
                        seed=seed)
    stage("deepmoji", measured={"full size": round(t, 1)}, unit="run", per_unit=t, units=1)

    _, fixed, per, measured = at_two_sizes(
        adapt_sentences, lambda n: cb.adapt_encoder(corpus.unlabeled, n_sentences=n, seed=seed))
    stage("sentence encoder adaptation", measured=measured, unit="sentences", per_unit=per, fixed=fixed,
          units=p["encoder_adapt_sentences"])

    gpt, fixed, per, measured = at_two_sizes(slice_sentences, lambda n: cb.pretrain_gpt(
        n_sentences=n, epochs=1, n_layer=p["gpt_layers"], n_embd=p["gpt_dim"], seed=seed))
    n_brown = len(cb.brown_sentences(p["gpt_pretrain_sentences"], seed))
    stage("gpt pretraining", measured=measured, unit="sentence-epochs", per_unit=per, fixed=fixed,
          units=n_brown * p["gpt_pretrain_epochs"])

    gpt_ft, fixed, per, measured = at_two_sizes(
        slice_posts, lambda n: cb.fine_tune_gpt(gpt, corpus.unlabeled[:n], epochs=1, seed=seed))
    stage("gpt fine-tuning", measured=measured, unit="post-epochs", per_unit=per, fixed=fixed,
          units=p["n_unlabeled"] * p["gpt_finetune_epochs"])
    sizes = sorted(set(p["finetune_sizes"]) - {p["n_unlabeled"]})
    stage("figure 2 fine-tuning", measured=measured, unit="post-epochs", per_unit=per, fixed=fixed * len(sizes),
          units=sum(sizes) * p["gpt_finetune_epochs"])

    small = subcorpus(corpus, *slice_posts)
    trs = cb.transformers(cb.PAPER_SETS, deepmoji=deepmoji, adapted={}, gpt=gpt,
                          gpt_ft=gpt_ft)
    per_post = {s: timed(cb.extract, small, tr)[1] / sum(slice_posts) for s, tr in trs.items()}
    # An adapted encoder has the base encoder's architecture and cost (timing it here would hit the
    # encoder's memo of the texts it already encoded).
    per_post["use_adapted"] = per_post["use"]
    stage("features", measured={s: round(v * sum(slice_posts), 1) for s, v in per_post.items()}, unit="posts",
          per_unit=sum(per_post.values()), units=n_posts)
    stage("figure 2 features", measured={}, unit="posts", per_unit=per_post["gpt_finetuned"],
          units=n_posts * len(sizes))

    # AutoML: one search per tool at a short budget, on the widest (GPT) features of every labelled post.
    f = cb.extract(corpus, trs["gpt_default"])
    automl = {k: p.get(k) for k in ("max_iter", "max_eval_time", "tpot_space", "dask_processes", "tpot_generations",
                                    "n_splits", "n_repeats", "population_size")}
    overhead = {}
    for tool in ("tpot", "flaml"):
        _, t = timed(cb.run_automl, f, corpus, tool=tool, seed=seed, **{**automl, "time_budget": search_budget})
        overhead[tool] = max(t - search_budget, 0.0)
    n_searches = {"tpot": len(cb.SETS) + len(sizes), "flaml": len(cb.SETS) + len(sizes) + p["n_reruns"]}
    for tool, n in n_searches.items():
        stage(f"automl {tool}", measured={f"budget {search_budget:g} s": round(search_budget + overhead[tool], 1)},
              unit="searches", per_unit=p["time_budget"] + overhead[tool], units=n)

    spaces = synthetic_spaces(n_posts=len(corpus.train) + len(corpus.test))
    spaces = {f"s{i}": spaces[k] for i, k in enumerate(list(spaces) + list(spaces)[:1])}  # nine spaces
    from mhtext.evaluate.mantel import mantel_table

    _, t = timed(mantel_table, spaces, permutations=p["mantel_permutations"], seed=seed, progress=False)
    stage("mantel", measured={"full size": round(t, 1)}, unit="run", per_unit=t, units=1)
    _, t = timed(cb.mantel_bootstrap, spaces, n_boot=5, seed=seed)
    stage("mantel bootstrap", measured={"5 resamples": round(t, 1)}, unit="resamples", per_unit=t / 5,
          units=p["mantel_boot"])

    total = sum(r["projected_s"] for r in rows.values())
    out = {"name": "clpsych-full-profile", "unit": "s", "projected_total_s": total,
           "projected_total_h": round(total / 3600, 1), "stages": rows, "parameters": p,
           "corpus": {"labelled_and_validation_posts": n_posts, "brown_sentences": n_brown},
           "notes": "projection from unit costs measured at the full profile's model sizes on slices; the stages "
                    "not listed (load, sentences, Figure 3's permutation importance, Figure 4, claims) take "
                    "seconds to minutes"}
    path = write_json("clpsych-full-profile", out)
    print(f"-> {path}")
    print(f"projected full profile of study D: {total:,.0f} s = {total / 3600:.1f} h")
    return out


if __name__ == "__main__":
    main()
