"""The sha256 download registry: parsing, verification, and fetching from a local file:// mirror.

No test touches the network: the fetch tests use ``file://`` URLs to files
written under ``tmp_path``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mhtext import paths
from mhtext.data import ChecksumError, load, registry
from mhtext.data import fetch as F

SHARED = Path("/work/shared/data")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- verify


def test_verify_accepts_right_hash_and_refuses_wrong(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(b"hello\n")
    assert F.verify(p, sha(b"hello\n")) == p
    assert F.verify(p, sha(b"hello\n").upper()) == p  # case-insensitive
    wrong = sha(b"other")
    with pytest.raises(ChecksumError) as info:
        F.verify(p, wrong)
    msg = str(info.value)
    assert f"expected {wrong}" in msg and f"got {sha(b'hello' + bytes([10]))}" in msg and str(p) in msg
    assert p.read_bytes() == b"hello\n"  # a user's file is reported, never deleted
    with pytest.raises(FileNotFoundError):
        F.verify(tmp_path / "absent", wrong)


# --------------------------------------------------------------------------- the registry file


def test_registry_file_parses_and_names_registered_datasets():
    reg = F.read_registry()
    assert paths.REGISTRY.name == "registry.txt"
    assert set(reg) == {"goemotions", "tweeteval-sentiment", "tweeteval-emotion"}
    known = set(registry.names())
    for name, entries in reg.items():
        assert name in known  # every fetchable data set has a loader and a card
        assert "mhtext.data.fetch" in registry.card(name).access
        for e in entries:
            assert e.url.startswith("https://raw.githubusercontent.com/")
            assert e.relative_path.split("/")[0] in ("goemotions", "tweeteval")
    goem = {Path(e.relative_path).name: e for e in reg["goemotions"]}
    assert set(goem) == {"train.tsv", "dev.tsv", "test.tsv", "labels.txt"}
    assert goem["labels.txt"].url.endswith("/goemotions/data/emotions.txt")
    assert len(reg["tweeteval-sentiment"]) == 5 and len(reg["tweeteval-emotion"]) == 7
    # Files whose hash is not known here (Sentiment140, GloVe Twitter) are not listed.
    listed = [e.relative_path + " " + e.url for entries in reg.values() for e in entries]
    assert not [x for x in listed if "sentiment140" in x or "glove" in x]


def test_registry_hashes_match_shared_copies():
    if not (SHARED / "SHA256SUMS").is_file():
        pytest.skip("no /work/shared/data")
    sums = {}
    for line in (SHARED / "SHA256SUMS").read_text().splitlines():
        h, p = line.split()
        sums[p.removeprefix("./")] = h
    for entries in F.read_registry().values():
        for e in entries:
            assert sums[e.relative_path] == e.sha256
            F.verify(SHARED / e.relative_path, e.sha256)  # and the files really hash to it


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ("toy a.txt " + "0" * 64, "line 2: 3 fields"),
        ("toy a.txt " + "0" * 63 + " https://x/a", "line 2: .* is not a lowercase hex sha256"),
        ("toy /etc/a.txt " + "0" * 64 + " https://x/a", "line 2: path '/etc/a.txt' must be relative"),
        ("toy ../a.txt " + "0" * 64 + " https://x/a", "line 2: path '../a.txt' must be relative"),
        ("toy a.txt " + "0" * 64 + " gopher://x/a", "line 2: URL 'gopher://x/a'"),
        ("toy b.txt " + "1" * 64 + " https://x/b # a comment", "line 3: path 'b.txt' is listed twice"),
    ],
)
def test_parse_registry_rejects_malformed_lines(line, match):
    first = "toy b.txt " + "0" * 64 + " https://x/b"
    text = f"# header comment\n{line}\n" if "twice" not in match else f"# c\n{first}\n{line}\n"
    with pytest.raises(ValueError, match=match):
        F.parse_registry(text, "reg.txt")


def test_parse_registry_comments_and_blank_lines():
    text = "# only comments\n\n   \ntoy dir/a.txt " + "a" * 64 + " file:///tmp/a.txt  # trailing comment\n"
    (e,) = F.parse_registry(text)
    assert (e.dataset, e.relative_path, e.sha256, e.url) == ("toy", "dir/a.txt", "a" * 64, "file:///tmp/a.txt")


# --------------------------------------------------------------------------- fetch, offline


@pytest.fixture
def mirror(tmp_path):
    """Two source files and a registry pointing at them with file:// URLs."""
    src = tmp_path / "mirror"
    src.mkdir()
    files = {"toy/a.txt": b"alpha\n", "toy/sub/b.txt": b"beta\n"}
    lines = []
    for rel, data in files.items():
        p = src / rel.replace("/", "_")
        p.write_bytes(data)
        lines.append(f"toy {rel} {sha(data)} {p.as_uri()}")
    reg = tmp_path / "registry.txt"
    reg.write_text("# toy registry\n" + "\n".join(lines) + "\n")
    return reg, src, files


def test_fetch_from_file_url(mirror, tmp_path):
    reg, src, files = mirror
    dest = tmp_path / "dest"
    got = F.fetch("toy", dest, registry_path=reg)
    assert got == [dest / "toy/a.txt", dest / "toy/sub/b.txt"]
    assert [p.read_bytes() for p in got] == list(files.values())
    # A second fetch verifies the local copies and does not download again.
    (src / "toy_a.txt").write_bytes(b"changed upstream\n")
    assert F.fetch("toy", dest, registry_path=reg) == got
    assert got[0].read_bytes() == b"alpha\n"
    with pytest.raises(KeyError, match="'nope' is not in the download registry; it lists toy"):
        F.fetch("nope", dest, registry_path=reg)


def test_fetch_refuses_a_mismatching_download(mirror, tmp_path):
    reg, src, _ = mirror
    (src / "toy_sub_b.txt").write_bytes(b"tampered\n")
    dest = tmp_path / "dest"
    with pytest.raises(ChecksumError) as info:
        F.fetch("toy", dest, registry_path=reg)
    msg = str(info.value)
    assert sha(b"beta\n") in msg and sha(b"tampered\n") in msg and "refused" in msg
    assert (dest / "toy/a.txt").is_file()  # the good file before it was kept
    # The bad download was never moved into place and no temporary file is left behind.
    assert sorted(p.name for p in (dest / "toy/sub").iterdir()) == []


def test_fetch_refuses_an_existing_bad_local_file(mirror, tmp_path):
    reg, _, _ = mirror
    dest = tmp_path / "dest"
    (dest / "toy").mkdir(parents=True)
    (dest / "toy/a.txt").write_bytes(b"my own edit\n")
    with pytest.raises(ChecksumError, match="sha256 mismatch"):
        F.fetch("toy", dest, registry_path=reg)
    assert (dest / "toy/a.txt").read_bytes() == b"my own edit\n"


def test_fetch_defaults_to_data_dir_and_feeds_the_loader(tmp_path, monkeypatch):
    # A GoEmotions-shaped release on a local mirror, fetched into MHTEXT_DATA_DIR, then loaded.
    from mhtext.data.loaders.goemotions import SENTIMENT_GROUPS

    emotions = sorted(e for g in ("positive", "negative", "ambiguous") for e in SENTIMENT_GROUPS[g]) + ["neutral"]
    blobs = {"emotions.txt": "\n".join(emotions).encode()}
    for split in ("train", "dev", "test"):
        blobs[f"{split}.tsv"] = f"so grateful\t{emotions.index('gratitude')}\tc_{split}\n".encode()
    src = tmp_path / "mirror"
    src.mkdir()
    lines = []
    for name, data in blobs.items():
        (src / name).write_bytes(data)
        rel = "goemotions/original/" + ("labels.txt" if name == "emotions.txt" else name)
        lines.append(f"goemotions {rel} {sha(data)} {(src / name).as_uri()}")
    reg = tmp_path / "registry.txt"
    reg.write_text("\n".join(lines) + "\n")
    data_dir = tmp_path / "data"
    monkeypatch.setenv("MHTEXT_DATA_DIR", str(data_dir))
    got = F.fetch("goemotions", registry_path=reg)
    assert all(p.is_relative_to(data_dir) for p in got)
    df = load("goemotions")  # default location, group taxonomy derived from original/
    assert df["labels"].tolist() == [("positive",)] * 3


def test_main_prints_usage(capsys):
    assert F.main(["--help"]) == 0
    assert "goemotions" in capsys.readouterr().out
