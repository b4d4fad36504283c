"""An interrupted study A resumes: kill the run after some stages finished, run it again.

The first run is killed (SIGKILL to its process group: the runner and its kernel) once the stage
cache holds three finished stages. The rerun must reuse them (hits in its manifest, no recompute)
and its ``metrics.json`` must be byte-identical to an uninterrupted run with the cache off.
"""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from mhtext import paths

STUDY = "valence-transfer"


def _run(results, env, **popen):
    """Study A on the smoke profile in a subprocess (its executed notebook goes beside its results)."""
    cmd = [sys.executable, "-m", "mhtext", "run", STUDY, "--profile", "smoke", "--no-progress",
           "--results-dir", str(results)]
    return subprocess.Popen(cmd, cwd=paths.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            **popen)


def _stored(cache):
    return len(list(cache.rglob("output.pkl")))


@pytest.mark.notebooks
def test_killed_study_a_resumes_from_its_cache(tmp_path):
    cache = tmp_path / "cache"
    env = {**os.environ, "MHTEXT_CACHE_DIR": str(cache)}

    first = _run(tmp_path / "killed", env, start_new_session=True)
    deadline = time.time() + 300
    while _stored(cache) < 3 and first.poll() is None and time.time() < deadline:
        time.sleep(0.2)
    assert first.poll() is None, "the run ended before three stages were cached; nothing was interrupted"
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    kept = _stored(cache)
    assert kept >= 3

    assert _run(tmp_path / "resumed", env).wait() == 0
    manifest = json.loads((tmp_path / "resumed" / STUDY / "manifest.json").read_text())
    hits = [s for s, v in manifest["cache"].items() if v == "hit"]
    assert len(hits) >= kept and "miss" in manifest["cache"].values(), manifest["cache"]

    plain = {**env, "MHTEXT_CACHE": "0"}
    assert _run(tmp_path / "plain", plain).wait() == 0
    resumed = (tmp_path / "resumed" / STUDY / "metrics.json").read_bytes()
    assert resumed == (tmp_path / "plain" / STUDY / "metrics.json").read_bytes()
