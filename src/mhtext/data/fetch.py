"""Fetch public data files on request, checked against a sha256 registry.

Nothing here runs on the default path: the notebooks read local files and a
user downloads only by calling :func:`fetch` (or ``python -m mhtext.data.fetch
goemotions``). The registry, ``data/registry.txt``, has one line per file::

    <dataset> <relative path> <sha256> <url>

``#`` starts a comment. Files land at ``<dest>/<relative path>``, where
``dest`` defaults to :func:`mhtext.paths.data_dir`, so the loaders find them
where they look by default. Downloads go through :mod:`pooch`, which writes to
a temporary file and moves it into place only if its sha256 matches; a
mismatching download is deleted and :class:`~mhtext.data.registry.ChecksumError`
is raised. ``file://`` URLs (a local mirror) are supported by a small
downloader of our own, since pooch knows only http(s), ftp, sftp and doi.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import pooch

from mhtext import paths
from mhtext.data.registry import ChecksumError

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SCHEMES = ("https", "http", "ftp", "file")


@dataclass(frozen=True)
class RegistryEntry:
    """One downloadable file."""

    dataset: str
    relative_path: str
    sha256: str
    url: str


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def verify(path: str | Path, sha256: str) -> Path:
    """Check a file's sha256; return its path.

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    mhtext.data.ChecksumError
        The hash differs (message gives expected and actual). The file is left
        untouched: it may be the user's own; they decide whether to delete it.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"no file at {p} to verify")
    got = file_sha256(p)
    if got != sha256.lower():
        raise ChecksumError(
            f"{p}: sha256 mismatch, file refused; expected {sha256.lower()}, got {got}. "
            "The file is corrupt, truncated or a different version; delete it and fetch again."
        )
    return p


def parse_registry(text: str, source: str = "<registry>") -> list[RegistryEntry]:
    """Parse registry text; every problem is reported with its line number."""
    entries: list[RegistryEntry] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        where = f"{source}, line {lineno}"
        if len(fields) != 4:
            raise ValueError(f"{where}: {len(fields)} fields; expected '<dataset> <relative_path> <sha256> <url>'.")
        dataset, rel, sha, url = fields
        rel_path = PurePosixPath(rel)
        if rel_path.is_absolute() or ".." in rel_path.parts:
            raise ValueError(f"{where}: path {rel!r} must be relative and stay inside the data folder.")
        if not _SHA256.match(sha):
            raise ValueError(f"{where}: {sha!r} is not a lowercase hex sha256 (64 characters).")
        if urlparse(url).scheme not in _SCHEMES:
            raise ValueError(f"{where}: URL {url!r} must start with one of {', '.join(s + '://' for s in _SCHEMES)}.")
        if rel in seen:
            raise ValueError(f"{where}: path {rel!r} is listed twice (first on line {seen[rel]}).")
        seen[rel] = lineno
        entries.append(RegistryEntry(dataset, rel, sha, url))
    return entries


def read_registry(path: str | Path | None = None) -> dict[str, list[RegistryEntry]]:
    """Registry entries grouped by dataset name (``data/registry.txt`` by default)."""
    p = paths.REGISTRY if path is None else Path(path)
    out: dict[str, list[RegistryEntry]] = {}
    for e in parse_registry(p.read_text(encoding="utf-8"), str(p)):
        out.setdefault(e.dataset, []).append(e)
    return out


def _file_downloader(url: str, output_file: str, pooch_obj: object = None, check_only: bool = False) -> bool | None:
    """Pooch downloader for ``file://`` URLs: copy the local file."""
    parsed = urlparse(url)
    src = Path(url2pathname(unquote(parsed.path)))
    if check_only:
        return src.is_file()
    if not src.is_file():
        raise FileNotFoundError(f"{url}: no such local file {src}")
    shutil.copyfile(src, output_file)
    return None


def _downloader(url: str, progressbar: bool):
    if urlparse(url).scheme == "file":
        return _file_downloader
    return pooch.HTTPDownloader(progressbar=progressbar) if url.startswith("http") else None


def fetch(
    name: str,
    dest: str | Path | None = None,
    *,
    registry_path: str | Path | None = None,
    progressbar: bool = False,
) -> list[Path]:
    """Download the registry's files of data set ``name`` (skipping verified local copies).

    Parameters
    ----------
    name
        A data set listed in the registry (``goemotions``, ``tweeteval-sentiment``, ...).
    dest
        Folder that receives ``<relative path>``; default :func:`mhtext.paths.data_dir`.
    registry_path
        Another registry file (tests use a local one).
    progressbar
        Show pooch's progress bar (needs tqdm).

    Returns
    -------
    list of pathlib.Path
        The local files, in registry order.

    Raises
    ------
    KeyError
        ``name`` is not in the registry.
    mhtext.data.ChecksumError
        A download (deleted, never moved into place) or an existing local file
        (left untouched) has the wrong sha256.
    """
    registry = read_registry(registry_path)
    if name not in registry:
        raise KeyError(f"{name!r} is not in the download registry; it lists {', '.join(sorted(registry))}.")
    root = paths.data_dir() if dest is None else Path(dest)
    out = []
    for e in registry[name]:
        target = root / e.relative_path
        if target.exists():
            out.append(verify(target, e.sha256))
            continue
        try:
            got = pooch.retrieve(
                url=e.url,
                known_hash=f"sha256:{e.sha256}",
                fname=target.name,
                path=target.parent,
                downloader=_downloader(e.url, progressbar),
                progressbar=progressbar,
            )
        except ValueError as exc:
            if "hash" not in str(exc).lower():
                raise
            raise ChecksumError(
                f"{e.url}: download refused and deleted; nothing written to {target}. "
                f"expected sha256 {e.sha256}. pooch: {exc}"
            ) from exc
        out.append(Path(got))
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m mhtext.data.fetch NAME [NAME ...]``: fetch data sets into the data folder."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(f"usage: python -m mhtext.data.fetch NAME [NAME ...]\nknown: {', '.join(sorted(read_registry()))}")
        return 0 if args else 2
    for name in args:
        for p in fetch(name, progressbar=True):
            print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
