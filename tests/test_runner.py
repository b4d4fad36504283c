import json
import subprocess
import sys

import numpy as np
import pytest

from mhtext import paths, runner
from mhtext.results import Results


def cli(*args):
    return subprocess.run([sys.executable, "-m", "mhtext", *args], capture_output=True, text=True, cwd=paths.ROOT)


@pytest.mark.parametrize(
    "args, message",
    [
        (("run", "nope", "--profile", "smoke"), "unknown study 'nope'; valid: data"),
        (("run", "data", "--profile", "huge"), "unknown profile 'huge'; valid: smoke, quick, full"),
        (("run", "data", "--profile", "smoke", "-p", "bogus=1"), "unknown parameter 'bogus' for data; valid:"),
        (("run", "data", "--profile", "smoke", "-p", "noequals"), "is not key=value"),
    ],
)
def test_bad_input_exits_2_with_valid_choices(args, message):
    out = cli(*args)
    assert out.returncode == 2
    assert message in out.stderr


def test_overrides_are_parsed_as_yaml():
    assert runner.parse_overrides(["seed=7", "dataset=real", "sweep_gaps=[0, 1]"]) == {
        "seed": 7, "dataset": "real", "sweep_gaps": [0, 1]}


def test_resolve_parameters_merges_profile_and_overrides(tmp_path):
    p = runner.resolve_parameters("valence-transfer", "smoke", {"seed": 5}, tmp_path / "x")
    assert p["seed"] == 5 and p["profile"] == "smoke" and p["n_folds"] == 3
    assert p["results_dir"] == str((tmp_path / "x").resolve())
    with pytest.raises(runner.UsageError, match="results_dir"):
        runner.resolve_parameters("valence-transfer", "smoke", {"results_dir": "/tmp"}, tmp_path)


def test_every_profile_section_names_real_parameters():
    for profile in runner.PROFILES:
        prof = runner.load_profile(profile)
        for study in runner.available_studies():
            valid = runner.notebook_parameters(runner.notebook_path(study))
            unknown = set(prof.get(study) or {}) - set(valid)
            assert not unknown, f"params/{profile}.yaml [{study}] has unknown keys {unknown}"


def test_results_writer_refuses_nan_and_writes_files(tmp_path):
    res = Results(tmp_path / "s", study="s", params={"seed": 1, "profile": "smoke"})
    with pytest.raises(ValueError, match="finite"):
        res.metric("bad", np.nan)
    with pytest.raises(TypeError):
        res.metric("bad", "abc")
    res.metric("good", np.float32(0.5))
    with res.stage("work"):
        pass
    res.write()
    assert json.loads((tmp_path / "s" / "metrics.json").read_text()) == {"good": 0.5}
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert {"git_commit", "packages", "device", "stages_s", "seed", "datasets"} <= set(manifest)
    assert "work" in manifest["stages_s"]


def test_failing_notebook_names_cell_and_keeps_copy(tmp_path, monkeypatch):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("seed = 0\nscale = 1.0\nprofile = 'x'\nresults_dir = ''",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise RuntimeError('boom')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    nbformat.write(nb, nbdir / "00-data.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOKS", nbdir)
    monkeypatch.setattr(paths, "PARAMS", paths.ROOT / "params")
    with pytest.raises(runner.NotebookFailed, match=r"00-data.ipynb failed in cell .*RuntimeError: boom") as err:
        runner.run_study("data", "smoke", {}, results_root=tmp_path / "results", executed_dir=tmp_path / "out",
                         progress=False)
    assert (tmp_path / "out" / "00-data.ipynb").exists()
    assert "partly executed copy is kept" in str(err.value)


def test_the_kernel_records_the_provenance_taken_when_the_run_started(tmp_path, monkeypatch):
    import os

    import nbformat

    from mhtext import results

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("seed = 0\nscale = 1.0\nn_tweets = 1\nprofile = 'x'\nresults_dir = ''",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("from mhtext.results import Results\n"
                                  "Results(results_dir, study='data', params={'profile': profile}).write()"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    nbformat.write(nb, nbdir / "00-data.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOKS", nbdir)
    monkeypatch.delenv(results.PROVENANCE_ENV, raising=False)
    start = {"commit": "c" * 40, "dirty": False, "changes": [], "taken": "runner start", "at": "t0"}
    runner.run_study("data", "smoke", {}, results_root=tmp_path / "results", executed_dir=tmp_path / "out",
                     progress=False, provenance=start)
    manifest = json.loads((tmp_path / "results" / "data" / "manifest.json").read_text())
    assert manifest["git"] == start and manifest["git_commit"] == "c" * 40
    assert results.PROVENANCE_ENV not in os.environ  # set for the kernel only


def test_cli_refuses_a_dirty_reference_run_unless_allowed(monkeypatch, capsys):
    from mhtext import cli, results

    monkeypatch.setattr(results, "git_state", lambda: {"commit": "c" * 40, "dirty": True, "changes": ["x.py"]})
    seen = {}
    monkeypatch.setattr(runner, "run_study", lambda *a, **kw: seen.setdefault("ran", kw))
    monkeypatch.setattr(runner, "run_scorecard", lambda *a, **kw: None, raising=False)
    ref = str(paths.RESULTS / "reference" / "tmp-test")
    assert cli.main(["run", "valence-transfer", "--profile", "smoke", "--results-dir", ref]) == 2
    assert "x.py" in capsys.readouterr().err and "ran" not in seen
    got = {}
    monkeypatch.setattr(runner, "run", lambda *a, **kw: got.update(kw))
    assert cli.main(["run", "valence-transfer", "--profile", "smoke", "--results-dir", ref, "--allow-dirty"]) == 0
    assert got["allow_dirty"] is True
