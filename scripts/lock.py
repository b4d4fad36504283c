"""Rewrite requirements.lock from the current environment, and environment.yml to mirror it.

Run by `make lock` after changing pyproject.toml and installing; review the diff before committing.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def _pin(line: str) -> str:
    """``name==version``; a package installed from a local wheel is pinned by the version in its file name."""
    line = line.replace("torch==2.13.0+cpu", "torch==2.13.0")
    if " @ file://" in line:
        name, url = line.split(" @ ", 1)
        version = url.rsplit("/", 1)[-1].split("-")[1]
        line = f"{name}=={version}"
    return line


def main() -> None:
    # --all keeps setuptools, which TPOT needs below 81 (pyproject says why); pip itself is not locked.
    out = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"], capture_output=True,
                         text=True, check=True).stdout
    # The local build label (+cpu) is dropped: `torch==2.13.0` matches the CPU wheel on disk.
    pins = sorted((_pin(line) for line in out.splitlines()
                   if line and not line.lower().startswith(("mhtext", "pip=="))), key=str.lower)
    (ROOT / "requirements.lock").write_text(LOCK_HEADER + "\n".join(pins) + "\n")
    (ROOT / "environment.yml").write_text(ENV_HEADER + "".join(f"      - {p}\n" for p in pins) + "      - -e .\n")
    print(f"wrote {len(pins)} pins to requirements.lock and environment.yml")


if __name__ == "__main__":
    main()
