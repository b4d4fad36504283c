"""environment.yml mirrors requirements.lock; the lock agrees with pyproject.toml; missing Debian packages stop setup."""

import importlib.util
import os
import re
import shutil
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from mhtext import paths


def _lock_script():
    """scripts/lock.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("mhtext_lock_script", paths.ROOT / "scripts" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def read_lock(lock: Path) -> dict[str, tuple[str, int]]:
    """``{canonical name: (version, line number)}`` from a ``name==version`` lock file."""
    pins = {}
    for number, line in enumerate(lock.read_text().splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            name, version = line.strip().split("==", 1)
            pins[canonicalize_name(name)] = (version, number)
    return pins


def pyproject_requirements(pyproject: Path, extras) -> list[Requirement]:
    """The project's dependencies plus those of the given optional-dependency groups."""
    project = tomllib.loads(pyproject.read_text())["project"]
    groups = project.get("optional-dependencies", {})
    return [Requirement(r) for r in project["dependencies"] + [r for e in extras for r in groups.get(e, [])]]


def _applies(req: Requirement, extras) -> bool:
    """Whether ``req`` is needed on this interpreter when its parent was asked for with ``extras``."""
    return req.marker is None or any(req.marker.evaluate({"extra": e}) for e in ("", *extras))


def lock_disagreements(pyproject: Path, lock: Path, extras=("dev",)) -> list[str]:
    """Every way ``lock`` disagrees with ``pyproject``; empty when they agree.

    1. Each requirement of pyproject (dependencies and ``extras`` groups) names a locked package whose version its
       specifier admits (pre-releases allowed, since a lock may pin one on purpose).
    2. Every locked name is reached from pyproject's requirements, and every name reached is locked. The walk reads
       each package's declared requirements (with markers and extras) from the installed environment's metadata:
       `make setup` installs exactly the lock there, so these are the locked versions' own requirements, and a
       locked package that is not installed is reported rather than guessed at. The check is for this interpreter
       and platform, as the lock is.
    """
    locked = read_lock(lock)
    problems = []
    roots = [r for r in pyproject_requirements(pyproject, extras) if _applies(r, ())]
    for req in roots:
        name = canonicalize_name(req.name)
        if name not in locked:
            problems.append(f"{pyproject.name}: {req} is not in {lock.name}: run `make lock`")
        elif not req.specifier.contains(Version(locked[name][0]), prereleases=True):
            version, line = locked[name]
            problems.append(f"{lock.name}, line {line}: {req.name}=={version} does not satisfy {pyproject.name}'s "
                            f"{req}: run `make lock` (or fix the specifier in pyproject.toml)")
    reached: set[str] = set()
    todo = [(canonicalize_name(r.name), tuple(sorted(r.extras))) for r in roots]
    seen = set()
    while todo:
        name, wanted = todo.pop()
        if (name, wanted) in seen:
            continue
        seen.add((name, wanted))
        reached.add(name)
        if name not in locked:
            continue  # reported below as reached but not locked
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            problems.append(f"{lock.name}, line {locked[name][1]}: {name} is locked but not installed in this "
                            "environment, so its requirements cannot be walked: run `make setup`")
            continue
        for text in requires:
            req = Requirement(text)
            if _applies(req, wanted):
                todo.append((canonicalize_name(req.name), tuple(sorted(req.extras))))
    for name in sorted(set(locked) - reached):
        problems.append(f"{lock.name}, line {locked[name][1]}: {name} is locked but nothing in {pyproject.name} "
                        "requires it, directly or through another package: run `make lock`")
    for name in sorted(reached - set(locked) - {canonicalize_name(r.name) for r in roots}):
        problems.append(f"{lock.name}: {name} is required (through pyproject's dependencies) but not locked: "
                        "run `make lock`")
    return problems


def test_lock_agrees_with_pyproject():
    """Every pyproject requirement is met by its locked version, and the lock holds exactly the packages it reaches."""
    problems = lock_disagreements(paths.ROOT / "pyproject.toml", paths.ROOT / "requirements.lock",
                                  _lock_script().LOCK_EXTRAS)
    assert not problems, "\n".join(problems)


def test_lock_check_catches_a_bad_pin_an_orphan_and_a_missing_package(tmp_path):
    """Tmp copies of the two files, broken three ways: each break is named."""
    pyproject, lock = tmp_path / "pyproject.toml", tmp_path / "requirements.lock"
    shutil.copy(paths.ROOT / "pyproject.toml", pyproject)
    text = (paths.ROOT / "requirements.lock").read_text()
    assert re.search(r"^transformers==5\.", text, re.M) and re.search(r"^mlxtend==", text, re.M)
    text = re.sub(r"^transformers==.*$", "transformers==4.57.0", text, flags=re.M)  # pyproject wants >=5,<6
    text = re.sub(r"^mlxtend==.*\n", "", text, flags=re.M)  # a direct dependency left out
    lock.write_text(text + "leftpad-h1==1.0\n")  # a name nothing requires
    problems = "\n".join(lock_disagreements(pyproject, lock))
    assert "transformers==4.57.0 does not satisfy" in problems and "transformers<6,>=5" in problems, problems
    assert "mlxtend>=0.25 is not in requirements.lock" in problems, problems
    assert "leftpad-h1 is locked but nothing in pyproject.toml requires it" in problems, problems
    # And a specifier tightened in pyproject alone is caught too.
    lock.write_text((paths.ROOT / "requirements.lock").read_text())
    pyproject.write_text(pyproject.read_text().replace('"pandas>=2.2"', '"pandas>=99"'))
    assert [p for p in lock_disagreements(pyproject, lock) if "pandas>=99" in p]


def test_lock_script_pins_from_a_pip_report():
    """scripts/lock.py turns pip's --report into sorted pins: the local CPU torch loses its +cpu label, the project
    itself and pip are left out."""
    def item(name, version, url):
        return {"metadata": {"name": name, "version": version}, "download_info": {"url": url}}
    report = {"version": "1", "install": [
        item("torch", "2.13.0+cpu", "file:///opt/wheels/torch-2.13.0%2Bcpu-cp311-cp311-manylinux_2_28_x86_64.whl"),
        item("mhtext", "0.1.0", "file:///work/main"),
        item("Babel", "2.19.0", "https://files.pythonhosted.org/packages/babel-2.19.0-py3-none-any.whl"),
        item("pip", "26.3", "https://files.pythonhosted.org/packages/pip-26.3-py3-none-any.whl"),
        item("example", "1.0+local", "https://example.org/example-1.0+local-py3-none-any.whl"),
    ]}
    assert _lock_script().pins_from_report(report) == ["Babel==2.19.0", "example==1.0+local", "torch==2.13.0"]
    with pytest.raises(ValueError, match="format"):
        _lock_script().pins_from_report({"version": "2", "install": []})


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)


def _run_sysdeps(tmp_path: Path, uid: str, apt_exit_update: int, apt_exit_install: int, **env):
    """scripts/install-system-deps.sh with stub `id` and `apt-get` first on PATH (the real apt-get never runs),
    WordNet's files looked up under an empty folder, and a command that does not exist among those required."""
    stubs = tmp_path / "bin"
    stubs.mkdir(exist_ok=True)
    _stub(stubs, "id", f"echo {uid}")
    _stub(stubs, "apt-get", f'echo "$*" >> {tmp_path}/apt.log; '
                            f'case "$1" in update) exit {apt_exit_update};; *) exit {apt_exit_install};; esac')
    env = {"PATH": f"{stubs}:/usr/bin:/bin", "MHTEXT_SYSDEPS_ROOT": str(tmp_path / "empty"),
           "MHTEXT_SYSDEPS_COMMANDS": "bash no-such-command-h1", **env}
    return subprocess.run([shutil.which("bash"), str(paths.ROOT / "scripts" / "install-system-deps.sh")],
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("uid, update, install, says", [
    ("0", 100, 0, "`apt-get update` failed"),
    ("0", 0, 100, "`apt-get install wordnet-base wordnet-sense-index no-such-command-h1` failed"),
    ("0", 0, 0, "apt-get installed the packages but these are still missing"),
    ("1000", 0, 0, "not root"),
])
def test_system_deps_fail_early_and_name_the_packages(tmp_path, uid, update, install, says):
    out = _run_sysdeps(tmp_path, uid, update, install)
    assert out.returncode != 0, out.stdout + out.stderr
    assert says in out.stderr, out.stderr
    assert "missing Debian packages: wordnet-base wordnet-sense-index no-such-command-h1" in out.stderr, out.stderr
    assert "bash" not in out.stderr.split("missing Debian packages:")[1], "a present command was reported missing"
    apt = (tmp_path / "apt.log").read_text() if (tmp_path / "apt.log").exists() else ""
    assert ("update" in apt) == (uid == "0"), apt


def test_system_deps_pass_when_everything_is_present(tmp_path):
    wordnet = tmp_path / "empty" / "usr" / "share" / "wordnet"
    wordnet.mkdir(parents=True)
    (wordnet / "data.noun").write_text("")
    (wordnet / "index.sense").write_text("")
    out = _run_sysdeps(tmp_path, "0", 100, 100, MHTEXT_SYSDEPS_COMMANDS="bash sh")
    assert out.returncode == 0 and "all present" in out.stdout, out.stdout + out.stderr
    assert not (tmp_path / "apt.log").exists()
