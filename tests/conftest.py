import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def shared_data():
    """The folder of real public corpora (GoEmotions, TweetEval, IRF, Reddit C-SSRS), or skip when one is absent."""
    from mhtext import paths

    path = paths.data_dir()
    missing = [name for name in ("goemotions", "tweeteval", "irf", "reddit-cssrs") if not (path / name).is_dir()]
    if missing:
        pytest.skip(f"real data not found under {path} ({', '.join(missing)}); set MHTEXT_DATA_DIR")
    return path


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """An empty data folder that the loaders use as their default location."""
    d = tmp_path / "datadir"
    d.mkdir()
    monkeypatch.setenv("MHTEXT_DATA_DIR", str(d))
    return d


@pytest.fixture(scope="session")
def smoke_run(tmp_path_factory):
    """Every notebook run once on the smoke profile into a temporary copy of results/ and book/.

    Session-scoped: the notebook, book and rerun tests share this one run (about 5 minutes on 2 cores).
    Returns ``(results_root, book_folder)``; the executed notebooks are in ``book_folder / "notebooks"``."""
    import shutil

    from mhtext import paths, runner

    tmp = tmp_path_factory.mktemp("smoke")
    book = tmp / "book"
    shutil.copytree(paths.BOOK, book, ignore=shutil.ignore_patterns("_build", "notebooks"))
    results = tmp / "results"
    runner.run(["all"], "smoke", {}, results_root=results, executed_dir=book / "notebooks", progress=False)
    return results, book


@pytest.fixture(scope="session")
def built_book(smoke_run):
    """The book built clean and strict (``jupyter-book build --all -W -n --keep-going``) from the smoke run.

    Returns the HTML folder, ``<tmp>/book/_build/html``."""
    import shutil
    import subprocess

    from mhtext import paths

    _, book = smoke_run
    jb = shutil.which("jupyter-book") or str(paths.ROOT / ".venv" / "bin" / "jupyter-book")
    out = subprocess.run([jb, "build", "--all", "-W", "-n", "--keep-going", str(book)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-4000:]
    return book / "_build" / "html"
