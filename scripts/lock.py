"""Regenerate requirements.lock from pyproject.toml, and environment.yml to mirror it.

Run by `make lock` after changing pyproject.toml; review the diff before committing. pip resolves the project's
dependencies plus the extras `make setup` needs (``LOCK_EXTRAS``) with ``install --dry-run --ignore-installed
--report``: it reads the registries but installs nothing, and the current .venv does not matter. The resolution is
for this interpreter and platform (CPython 3.11, Linux), as `make setup` installs it.

``--keep`` passes the current lock as pip constraints, so pins pyproject still allows stay as they are and only
what changed is resolved anew (pip says which constraint conflicts when a pyproject change needs a newer pin).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
# `make setup` installs the lock, then the package with --no-deps: the lock must hold the test tools too.
LOCK_EXTRAS = ("dev",)
# Never locked: the project itself (installed editable) and pip (upgraded by `make setup`).
UNLOCKED = {"mhtext", "pip"}
LOCK_HEADER = """\
# Exact lock of every package `make setup` installs (pip install -r requirements.lock).
# Regenerate with `make lock` after changing pyproject.toml; reasons for caps live there.
# torch==2.13.0: the CPU build that lies on this machine kind's disk; an unpinned torch pulls a multi-GB CUDA build.
"""
ENV_HEADER = """\
# Conda environment mirroring requirements.lock (a test checks they agree).
# No conda on the development machines: `make setup` installs the same pins with pip into .venv.
name: mhtext
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def pins_from_report(report: dict) -> list[str]:
    """``name==version`` for every package in a ``pip install --report`` (format version 1), sorted by name.

    A package taken from a wheel on this machine's disk (a ``file://`` URL, such as torch's CPU build in
    /opt/wheels) is pinned without its local label: ``torch==2.13.0``, not ``2.13.0+cpu``, which is what
    `make setup` asks for and what pip then finds on the disk again.
    """
    if str(report.get("version")) != "1":
        raise ValueError(f"pip report format {report.get('version')!r}: scripts/lock.py reads version 1; "
                         "update pins_from_report for the new format")
    pins = []
    for item in report["install"]:
        name, version = item["metadata"]["name"], item["metadata"]["version"]
        if name.lower() in UNLOCKED:
            continue
        if urlsplit(item["download_info"]["url"]).scheme == "file":
            version = version.split("+", 1)[0]
        pins.append(f"{name}=={version}")
    return sorted(pins, key=str.lower)


def resolve(keep: bool = False) -> dict:
    """Resolve ``.[LOCK_EXTRAS]`` with pip's dry run and return its JSON report."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
               "--report", str(report), f".[{','.join(LOCK_EXTRAS)}]"]
        if keep:
            cmd += ["--constraint", str(ROOT / "requirements.lock")]
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"error: pip could not resolve pyproject.toml's dependencies (exit {out.returncode}):\n"
                     f"{out.stderr[-4000:]}\nfix the requirement pip names in pyproject.toml"
                     + (", or run without --keep to let pins move" if keep else "") + ", then rerun `make lock`")
        return json.loads(report.read_text())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep current pins that pyproject still allows")
    args = parser.parse_args(argv)
    pins = pins_from_report(resolve(args.keep))
    (ROOT / "requirements.lock").write_text(LOCK_HEADER + "\n".join(pins) + "\n")
    (ROOT / "environment.yml").write_text(ENV_HEADER + "".join(f"      - {p}\n" for p in pins) + "      - -e .\n")
    print(f"wrote {len(pins)} pins to requirements.lock and environment.yml (resolved from pyproject.toml)")


if __name__ == "__main__":
    main()
