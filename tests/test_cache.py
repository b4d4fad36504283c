"""The stage cache (mhtext.cache) and its use through Results.cached, including an interrupted run."""

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import pytest

from mhtext import cache, paths
from mhtext.cache import StageCache, fingerprint
from mhtext.privacy import Guard
from mhtext.results import Results

CALLS: list[str] = []


def stage_a(data: pd.DataFrame, a: float) -> np.ndarray:
    CALLS.append("A")
    return data["x"].to_numpy() * a


def stage_b(b: int) -> list[int]:
    CALLS.append("B")
    return list(range(b))


def stage_c(x: np.ndarray) -> float:
    CALLS.append("C")
    return float(x.sum())


def noisy(n: int) -> float:
    """A stage that draws from NumPy's global generator, as careless code does."""
    CALLS.append("noisy")
    return float(np.random.rand(n).sum())


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setattr(cache, "code_version", lambda: "pinned")  # other sessions edit the package meanwhile
    CALLS.clear()
    return tmp_path / "cache"


def frame(values=(1.0, 2.0, 3.0), checksum="c1") -> pd.DataFrame:
    df = pd.DataFrame({"x": list(values)})
    df.attrs.update(dataset="toy", checksum=checksum)
    return df


def study(out, *, a=2.0, b=3, data=None, **results_kw) -> dict:
    """A three-stage run: A(data, a), B(b), C(A's value); returns the manifest's cache record."""
    res = Results(out, study="toy", params={"a": a, "b": b}, **results_kw)
    data = frame() if data is None else data
    res.dataset(data, "toy")
    res.use_guard(Guard(True))  # "toy" is no registered data set: sensitive
    x = res.cached("A", stage_a, data, a=a)
    y = res.cached("B", stage_b, b)
    res.metric("c", res.cached("C", stage_c, x))
    res.metric("b", len(y))
    res.write()
    return json.loads((out / "manifest.json").read_text())["cache"]


def test_a_rerun_hits_every_stage(tmp_path):
    assert study(tmp_path / "r") == {"A": "miss", "B": "miss", "C": "miss"}
    assert study(tmp_path / "r") == {"A": "hit", "B": "hit", "C": "hit"}
    assert CALLS == ["A", "B", "C"]


def test_a_changed_parameter_invalidates_only_the_stages_that_depend_on_it(tmp_path):
    study(tmp_path / "r")
    assert study(tmp_path / "r", b=4) == {"A": "hit", "B": "miss", "C": "hit"}
    # C depends on a through A's value.
    assert study(tmp_path / "r", a=5.0) == {"A": "miss", "B": "hit", "C": "miss"}
    assert study(tmp_path / "r", a=5.0, b=4) == {"A": "hit", "B": "hit", "C": "hit"}


def test_changed_data_invalidates_the_stages_that_read_it(tmp_path):
    study(tmp_path / "r")
    assert study(tmp_path / "r", data=frame((1.0, 2.0, 4.0))) == {"A": "miss", "B": "hit", "C": "miss"}
    # Same values, another data set checksum (e.g. a new release of the file): recomputed too.
    assert study(tmp_path / "r", data=frame(checksum="c2"))["A"] == "miss"
    assert study(tmp_path / "r", data=frame())["A"] == "hit"


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    study(tmp_path / "r")
    assert study(tmp_path / "r", cache=False) == {"A": "off", "B": "off", "C": "off"}
    monkeypatch.setenv(cache.CACHE_ENV, "0")
    assert study(tmp_path / "r") == {"A": "off", "B": "off", "C": "off"}
    assert CALLS == ["A", "B", "C"] * 3


def test_repeated_stages_are_counted_and_the_code_version_keys_everything(tmp_path):
    store = StageCache(tmp_path / "c", sensitive=False, version="v1")
    assert [store.run("B", stage_b, b)[1] for b in (1, 2)] == ["miss", "miss"]
    res = Results(tmp_path / "r", study="toy", params={})
    for b in (1, 2, 3):
        res.cached("B", stage_b, b)
    assert json.loads((res.write() / "manifest.json").read_text())["cache"] == {"B": "0/3 hit"}
    res.cached("B", stage_b, 1)  # now stored in this run's bucket
    assert StageCache(tmp_path / "c", sensitive=False, version="v1").run("B", stage_b, 1)[1] == "hit"
    assert StageCache(tmp_path / "c", sensitive=False, version="v2").run("B", stage_b, 1)[1] == "miss"


def slow_stage(seconds):
    time.sleep(seconds)
    return seconds


def test_a_hit_reports_what_computing_the_stage_took_and_the_runner_what_a_cold_run_costs(tmp_path):
    from mhtext.runner import cold_wall_time

    store = StageCache(tmp_path / "c", sensitive=False, version="v1")
    miss = store.run("slow", slow_stage, 0.4)
    hit = store.run("slow", slow_stage, 0.4)
    assert (miss.status, hit.status) == ("miss", "hit")
    assert miss.computed_s >= 0.4 and hit.computed_s == miss.computed_s  # stored with the value

    def manifest(name):
        res = Results(tmp_path / name, study="toy", params={})
        res.cached("slow", slow_stage, 0.5)
        return json.loads((res.write() / "manifest.json").read_text())["cache_s"]["slow"]

    cold, warm = manifest("cold"), manifest("warm")
    assert cold["computed"] >= 0.5 and cold["this_run"] >= cold["computed"]
    assert warm["computed"] == cold["computed"] and warm["this_run"] < 0.3
    # A resumed run of 10 s that loaded the stage reports 10 s plus what computing it took.
    assert cold_wall_time(10.0, {"slow": warm}) == pytest.approx(10.0 + warm["computed"] - warm["this_run"])
    assert cold_wall_time(10.0, {"slow": warm}) > 10.4


def test_source_hash_changes_with_any_package_file_but_not_byte_code(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "__pycache__").mkdir(parents=True)
    (pkg / "m.py").write_text("x = 1\n")
    h = cache.source_hash(pkg)
    (pkg / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    assert cache.source_hash(pkg) == h
    (pkg / "m.py").write_text("x = 2\n")
    assert cache.source_hash(pkg) != h


def test_cached_and_uncached_runs_write_byte_identical_metrics(tmp_path):
    def run(out, **kw):
        np.random.seed(0)
        res = Results(out, study="toy", params={}, **kw)
        res.metric("noise", res.cached("noisy", noisy, 5))
        res.metric("after", np.random.rand())  # drawn after the stage: needs the stage's RNG state on a hit
        return (res.write() / "metrics.json").read_bytes()

    miss, hit, off = run(tmp_path / "1"), run(tmp_path / "2"), run(tmp_path / "3", cache=False)
    assert CALLS == ["noisy", "noisy"]
    assert miss == hit == off


def joblib_key(fn) -> str:
    return StageCache(version="v").key("stage", fn, (1,), {})


def len_of_file(path) -> int:
    return len(path.read_text().splitlines())


class Fitted:
    def __init__(self, w):
        self.w, self.seconds_ = w, time.perf_counter()  # wall time: differs every run


def fit(w):
    CALLS.append("fit")
    return Fitted(w)


def score(model):
    CALLS.append("score")
    return model.w * 2


def test_a_fitted_model_with_wall_times_keys_later_stages_alike_in_every_run(tmp_path):
    statuses = []
    for _ in range(2):
        res = Results(tmp_path / "r", study="toy", params={})
        model = res.cached("fit", fit, 3)
        res.cached("score", score, model)
        statuses.append(dict(res.cache_log))
    assert statuses[1] == {"fit": ["hit"], "score": ["hit"]}
    model.w = 4  # changed in place after its stage: no longer stands for that stage
    assert res.cached("score", score, model) == 8
    assert CALLS == ["fit", "score", "score"]


def test_fingerprints_are_deterministic_where_joblib_hash_is_not():
    import joblib
    import torch

    t = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    assert joblib.hash(fingerprint(t)) == joblib.hash(fingerprint(t.clone()))
    assert joblib.hash(fingerprint(t)) != joblib.hash(fingerprint(t + 1))
    torch.manual_seed(0)
    m1 = torch.nn.Linear(3, 2)
    torch.manual_seed(0)
    m2 = torch.nn.Linear(3, 2)
    assert joblib.hash(fingerprint(m1)) == joblib.hash(fingerprint(m2))
    # A fitted GRU (wall times in its history) keys alike after the cache's round trip.
    from mhtext.models.attention_gru import AttentionGRUClassifier

    gru = AttentionGRUClassifier(hidden_size=4, max_epochs=1, random_state=0).fit(
        ["good day", "bad day", "fine fun", "sad pain"] * 4, np.array(["p", "n"] * 8, dtype=object))
    buf = io.BytesIO()
    joblib.dump(gru, buf)
    buf.seek(0)
    assert joblib.hash(fingerprint(joblib.load(buf))) == joblib.hash(fingerprint(gru))
    k, j = 1, 2
    assert joblib.hash(fingerprint(lambda x: x + k)) != joblib.hash(fingerprint(lambda x: x + j))  # closures count
    assert joblib.hash(fingerprint({"a": 1, "b": 2})) != joblib.hash(fingerprint({"b": 2, "a": 1}))


def test_a_notebook_function_is_keyed_by_the_notebook_variables_it_reads(tmp_path):
    notebook = {"__name__": "__main__", "seed": 1, "np": np}
    exec("make = lambda k: np.full(2, seed + k)", notebook)  # as in a cell: `seed` is a global there
    before = joblib_key(notebook["make"])
    notebook["seed"] = 2
    assert joblib_key(notebook["make"]) != before
    notebook["seed"] = 1
    assert joblib_key(notebook["make"]) == before


def test_a_stage_reading_the_results_writer_is_keyed_by_its_parameters_not_its_wall_times(tmp_path):
    res = Results(tmp_path / "r", study="toy", params={"n": 2})
    with res.stage("timed"):
        pass
    before = joblib_key(lambda: res.params["n"])
    with res.stage("timed"):
        time.sleep(0.01)
    assert joblib_key(lambda: res.params["n"]) == before
    res.params["n"] = 3
    assert joblib_key(lambda: res.params["n"]) != before


def test_a_path_argument_is_keyed_by_the_file_it_names(tmp_path):
    vectors = tmp_path / "glove.txt"
    vectors.write_text("sad 0.1 0.2\n")
    store = StageCache(tmp_path / "c", version="v")
    assert store.run("read", len_of_file, vectors)[1] == "miss"
    assert store.run("read", len_of_file, vectors)[1] == "hit"
    vectors.write_text("sad 0.1 0.3\nhappy 0.5 0.5\n")  # same path, new content
    assert store.run("read", len_of_file, vectors)[:2] == (2, "miss")


def test_sensitive_and_public_results_are_kept_apart_outside_results_and_book(tmp_path, cache_dir):
    res = Results(tmp_path / "r", study="toy", params={}, guard=Guard(True))
    res.cached("B", stage_b, 2)
    pub = Results(tmp_path / "p", study="toy", params={}, guard=Guard(False))
    pub.cached("B", stage_b, 2)
    assert pub.cache_log == {"B": ["miss"]}  # a public run never reads a sensitive run's entries
    assert list((cache_dir / "sensitive").rglob("output.pkl")) and list((cache_dir / "public").rglob("output.pkl"))
    assert not list((tmp_path / "r").rglob("*.pkl"))
    for published in (paths.RESULTS, paths.BOOK):
        with pytest.raises(ValueError, match="published"):
            StageCache(published / "cache")
    cache.clear(cache_dir)
    assert not list(cache_dir.rglob("output.pkl"))


SCRIPT = textwrap.dedent("""
    import json, os, sys, time
    import mhtext.cache
    mhtext.cache.code_version = lambda: "pinned"  # other sessions may edit the package meanwhile
    import numpy as np
    from sklearn.metrics import f1_score
    from mhtext.models.attention_gru import AttentionGRUClassifier
    from mhtext.results import Results
    from mhtext.seed import seed_everything

    out, log = sys.argv[1], sys.argv[2]

    def pretrain(texts, labels, seed):
        with open(log, "a") as fh:
            fh.write("pretrain\\n")
        return AttentionGRUClassifier(hidden_size=8, max_epochs=2, patience=2, random_state=seed).fit(texts, labels)

    def evaluate(model, texts, labels):
        with open(log, "a") as fh:
            fh.write("evaluate\\n")
        return {"macro_f1": f1_score(labels, model.predict(texts), average="macro"),
                "p_first": float(model.predict_proba(texts)[:, 0].mean())}

    seed_everything(0, threads=1)
    res = Results(out, study="interrupted", params={"seed": 0})
    rng = np.random.default_rng(0)
    words = {"positive": ["glad", "calm", "fine", "hope"], "negative": ["sad", "tired", "alone", "worry"]}
    labels = rng.choice(list(words), size=120).astype(object)
    texts = [" ".join(rng.choice(words[y] + ["the", "day", "was", "i"], size=6)) for y in labels]
    model = res.cached("pretrain source", pretrain, texts, labels, seed=0)
    print("STAGE pretrain source done", flush=True)
    time.sleep(float(os.environ.get("PAUSE_AFTER_FIRST", "0")))  # the run is killed here
    res.update(res.cached("evaluate", evaluate, model, texts, labels))
    res.write()
""")


def test_a_killed_run_resumes_without_recomputing_and_writes_identical_results(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)

    def env(cache_dir, **extra):
        return {**os.environ, paths.CACHE_DIR_ENV: str(cache_dir), "MHTEXT_THREADS": "1", **extra}

    def start(name, **extra):
        return subprocess.Popen([sys.executable, str(script), str(tmp_path / name), str(tmp_path / f"{name}.log")],
                                env=env(tmp_path / "c", **extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)

    # The reference, one uninterrupted run without the cache, runs beside the run that is killed
    # (SIGKILL, as a dying kernel) after its first stage finished.
    plain = start("plain", MHTEXT_CACHE="0")
    killed = start("resumed", PAUSE_AFTER_FIRST="120")
    try:
        assert killed.stdout.readline().strip() == "STAGE pretrain source done", killed.stderr.read()
    finally:
        os.kill(killed.pid, signal.SIGKILL)
        killed.communicate(timeout=30)
    assert killed.returncode == -signal.SIGKILL
    assert not (tmp_path / "resumed" / "metrics.json").exists()
    again = start("resumed")
    for proc in (plain, again):
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    # The finished stage was not recomputed; the stage that never finished was.
    assert (tmp_path / "resumed.log").read_text().split() == ["pretrain", "evaluate"]
    manifest = json.loads((tmp_path / "resumed" / "manifest.json").read_text())
    assert manifest["cache"] == {"pretrain source": "hit", "evaluate": "miss"}
    reference = (tmp_path / "plain" / "metrics.json").read_bytes()
    assert (tmp_path / "resumed" / "metrics.json").read_bytes() == reference
    assert json.loads(reference)["macro_f1"] > 0.6  # the stage really learned something
