"""environment.yml mirrors requirements.lock; pyproject pins torch with a reason."""

import re
import tomllib

import yaml

from mhtext import paths


def lock_pins():
    lines = (paths.ROOT / "requirements.lock").read_text().splitlines()
    return sorted(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def test_environment_yml_parses_and_agrees_with_lock():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(p for p in pip if not p.startswith("-e")) == lock_pins()


def test_lock_is_exact_and_pins_cpu_torch():
    pins = lock_pins()
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^=\s]+", p) for p in pins), "every lock line is name==version"
    assert "torch==2.13.0" in pins


def test_pyproject_direct_dependencies_are_in_the_lock():
    meta = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())
    locked = {p.split("==")[0].lower().replace("_", "-") for p in lock_pins()}
    for dep in meta["project"]["dependencies"]:
        name = re.split(r"[<>=!~ \[]", dep, maxsplit=1)[0].lower().replace("_", "-")
        assert name in locked, f"{name} is a direct dependency but not in requirements.lock"
