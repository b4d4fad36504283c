"""Provenance in the results writer: commit and dirty flag taken at the start, reference runs refuse
a dirty tree, model and vector files checksummed."""

import hashlib
import json
import subprocess

import pytest

from mhtext import paths, results, runner
from mhtext.results import DirtyTreeError, Results

CLEAN = {"commit": "a" * 40, "dirty": False, "changes": []}
DIRTY = {"commit": "b" * 40, "dirty": True, "changes": ["src/mhtext/x.py", "notebooks/new.ipynb"]}


@pytest.fixture
def reference(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "REFERENCE", tmp_path / "reference")
    monkeypatch.delenv(results.ALLOW_DIRTY_ENV, raising=False)
    monkeypatch.delenv(results.PROVENANCE_ENV, raising=False)
    return tmp_path / "reference"


def manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_git_state_sees_changes_and_untracked_files_but_not_results_or_ignored(tmp_path, monkeypatch):
    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=tmp_path, check=True,
                       capture_output=True)

    git("init", "-q")
    (tmp_path / ".gitignore").write_text("data/interim/\n")
    (tmp_path / "code.py").write_text("x = 1\n")
    git("add", ".")
    git("commit", "-q", "-m", "init")
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    state = results.git_state()
    assert len(state["commit"]) == 40 and state["dirty"] is False
    (tmp_path / "results" / "study").mkdir(parents=True)
    (tmp_path / "results" / "study" / "metrics.json").write_text("{}")
    (tmp_path / "data" / "interim").mkdir(parents=True)
    (tmp_path / "data" / "interim" / "cache.pkl").write_text("x")
    assert results.git_state()["dirty"] is False  # outputs and ignored files are not inputs
    (tmp_path / "new.py").write_text("y = 2\n")
    assert results.git_state() == {"commit": state["commit"], "dirty": True, "changes": ["new.py"]}
    (tmp_path / "new.py").unlink()
    (tmp_path / "code.py").write_text("x = 2\n")
    assert results.git_state()["changes"] == ["code.py"]
    assert results.git_commit() == state["commit"] + "-dirty"


def test_the_commit_is_the_one_the_run_started_from(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(results, "git_state", lambda: dict(CLEAN))
    res = Results(tmp_path / "s", study="s", params={})
    monkeypatch.setattr(results, "git_state", lambda: dict(DIRTY))  # committed and edited during the run
    res.write()
    m = manifest(tmp_path / "s")
    assert m["git_commit"] == "a" * 40 and m["git"]["dirty"] is False and m["git"]["taken"] == "results writer created"
    assert m["reference_run"] is False


def test_the_runner_provenance_wins_over_a_later_look(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(results, "git_state", lambda: dict(CLEAN))
    monkeypatch.setenv(results.PROVENANCE_ENV, json.dumps({**DIRTY, "taken": "runner start", "at": "t0"}))
    Results(tmp_path / "s", study="s", params={}).write()
    m = manifest(tmp_path / "s")
    assert m["git_commit"] == "b" * 40 + "-dirty" and m["git"]["taken"] == "runner start"


def test_a_reference_run_refuses_a_dirty_tree_unless_told(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(results, "git_state", lambda: dict(DIRTY))
    out = reference / "full" / "s"
    with pytest.raises(DirtyTreeError, match=r"uncommitted changes \(src/mhtext/x.py, notebooks/new.ipynb\)"):
        Results(out, study="s", params={})
    assert not out.exists()
    Results(tmp_path / "elsewhere", study="s", params={}).write()  # only reference runs must be clean
    Results(out, study="s", params={}, allow_dirty=True).write()
    assert manifest(out)["reference_run"] is True and manifest(out)["git_commit"].endswith("-dirty")
    monkeypatch.setenv(results.ALLOW_DIRTY_ENV, "1")
    Results(out, study="s", params={})
    monkeypatch.setattr(results, "git_state", lambda: dict(CLEAN))
    monkeypatch.delenv(results.ALLOW_DIRTY_ENV)
    Results(out, study="s", params={})


def test_the_runner_refuses_a_dirty_reference_run_before_starting_a_kernel(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(results, "git_state", lambda: dict(DIRTY))
    monkeypatch.setattr(runner, "run_study", lambda *a, **k: pytest.fail("a notebook was started"))
    with pytest.raises(runner.UsageError, match="reference run"):
        runner.run(["data"], "smoke", {}, results_root=reference / "full", progress=False)
    prov = runner.start_provenance(reference / "full", allow_dirty=True)
    assert prov["dirty"] is True and prov["taken"] == "runner start"


def test_model_and_vector_files_are_checksummed(tmp_path):
    vec = tmp_path / "glove.npy"
    vec.write_bytes(b"\x93NUMPY vectors")
    model = tmp_path / "minilm"
    (model / "sub").mkdir(parents=True)
    (model / "config.json").write_text("{}")
    (model / "sub" / "weights.bin").write_bytes(b"\0" * 100)
    res = Results(tmp_path / "s", study="s", params={})
    assert res.file_checksum(vec, "glove") == hashlib.sha256(vec.read_bytes()).hexdigest()
    folder = res.file_checksum(model, "minilm")
    (model / "sub" / "weights.bin").write_bytes(b"\1" * 100)
    assert results.sha256_path(model)["sha256"] != folder
    res.write()
    files = manifest(tmp_path / "s")["files"]
    assert files["glove"]["bytes"] == vec.stat().st_size and files["minilm"]["files"] == 2
    with pytest.raises(FileNotFoundError, match="does not exist"):
        res.file_checksum(tmp_path / "missing.npy", "x")
