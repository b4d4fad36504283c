"""The strong test of the privacy guard: canaries planted in a sensitive corpus never leave the run.

A simulated journal corpus is handed to every study as a user's own file (``dataset="file:PATH"``,
whose card is sensitive; one CSV carries the columns of all four studies), with unique canary strings planted as rare words and as whole sentences. Every
notebook runs on the smoke profile, the book is built, and no canary may appear anywhere under the
results, the executed notebooks or the built book: raw bytes, JSON strings, or HTML after
unescaping. Canary words are written into several texts of one author, so that they reach a model's
vocabulary and its word tables, where only the guard's k-author rule can stop them (a broken guard
makes this test fail). Each study added later extends ``SENSITIVE_RUNS`` with its own run on a sensitive corpus.
"""

import shutil
import subprocess

import pandas as pd
import pytest

from mhtext import paths, runner
from mhtext.data import load
from mhtext.privacy import find_canaries, plant_canaries

N_WORDS, N_SENTENCES = 30, 8


@pytest.fixture(scope="module")
def canary_corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("canary")
    df = load("sim-cbt-journals", scale=0.2, seed=0)[["text", "label", "user_id"]]
    planted, canaries = plant_canaries(df, seed=0, n_words=N_WORDS, n_sentences=N_SENTENCES,
                                       author_col="user_id", repeats=6)
    # Every study's own-corpus columns (mhtext.data.own_corpus.SCHEMAS): ids, threads by author, a clock.
    planted = planted.assign(post_id=range(len(planted)), message_id=range(len(planted)),
                             thread_id=planted["user_id"], author_id=planted["user_id"], labels=planted["label"],
                             timestamp=pd.Timestamp("2020-01-01") + pd.to_timedelta(range(len(planted)), unit="h"))
    path = tmp / "my-journals.csv"
    planted.to_csv(path, index=False)
    return tmp, path, canaries


#: Per study, the overrides that run it on the canary corpus (the corpus path is filled in).
SENSITIVE_RUNS = {"valence-transfer": {}, "mdi-patterns": {}, "distress-triage": {}, "clpsych-benchmark": {}}


@pytest.mark.notebooks
@pytest.mark.book
def test_no_canary_leaves_a_sensitive_run(canary_corpus):
    tmp, path, canaries = canary_corpus
    assert len(canaries) == N_WORDS + N_SENTENCES
    # Positive control: the finder sees every canary in the corpus file itself.
    assert {c for _, c in find_canaries([path], canaries)} == set(canaries)

    book = tmp / "book"
    shutil.copytree(paths.BOOK, book, ignore=shutil.ignore_patterns("_build", "notebooks"))
    results, executed = tmp / "results", book / "notebooks"
    common = dict(results_root=results, executed_dir=executed, progress=False)
    runner.run(["data"], "smoke", {}, **common)
    for study, overrides in SENSITIVE_RUNS.items():
        runner.run([study], "smoke", {**overrides, "dataset": f"file:{path}"}, **common)
    assert set(SENSITIVE_RUNS) | {"data", "scorecard"} >= set(runner.available_studies()) - {"data", "scorecard"}
    runner.run(["scorecard"], "smoke", {}, **common)
    manifest = (results / "valence-transfer" / "manifest.json").read_text()
    assert '"sensitive": true' in manifest

    jb = shutil.which("jupyter-book") or str(paths.ROOT / ".venv" / "bin" / "jupyter-book")
    out = subprocess.run([jb, "build", "--all", "-W", "-n", "--keep-going", str(book)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]

    leaks = find_canaries([results, executed, book / "_build"], canaries)
    assert not leaks, "canaries found:\n" + "\n".join(f"{p}: {c}" for p, c in leaks[:20])
