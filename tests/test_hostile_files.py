"""Hostile files: every real-format loader fuzzed with hypothesis, and the error type they share.

Each loader of :data:`mhtext.data.hostile.SPECS` gets a small valid file in its own format, broken by
a mutation drawn by hypothesis (cut at a random byte, delimiter swapped, a column dropped or added, a
field added to a random line, an invalid UTF-8 byte at a random place, a BOM, CR-only line ends, a
repeated id, a label outside the schema, a 1 MB field, an empty file). The loader must either return
what the spec allows (the valid frame, or its first rows for a file cut at a line end) or raise
:class:`~mhtext.data.errors.LoadError` naming the file and a line inside it; any other exception
fails the test. Examples are derandomized and no example database is kept, so CI runs the same cases.
"""

from __future__ import annotations

import csv
import pickle
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mhtext.data import hostile, load
from mhtext.data.errors import MAX_FIELD_CHARS, LoadError, decode, read_lines, read_table
from mhtext.data.hostile import MUTATIONS, SPECS, applicable, mutate, run, verdict

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_VALID: dict[str, pd.DataFrame] = {}


def valid_frame(spec: hostile.Spec) -> pd.DataFrame:
    """The frame of the spec's valid file (built once per spec)."""
    if spec.loader not in _VALID:
        with tempfile.TemporaryDirectory() as tmp:
            out, _, _, _ = run(spec, Path(tmp), None)
        assert not out.refused, f"{spec.loader}: the valid file is refused: {out.error}"
        _VALID[spec.loader] = out.frame
    return _VALID[spec.loader]


def n_lines(data: bytes) -> int:
    return (data.count(b"\n") if b"\n" in data else data.count(b"\r")) + 1


def check(spec: hostile.Spec, mutation: str, **params) -> None:
    """Run one mutated input; fail on any exception but LoadError, or an outcome the spec does not allow."""
    valid = valid_frame(spec)
    with tempfile.TemporaryDirectory() as tmp:
        out, expect, target, data = run(spec, Path(tmp), mutation, **params)
        if out.refused:
            err = out.error
            msg = str(err)
            assert target.name in msg, f"{spec.loader}/{mutation}: the message does not name {target.name}: {msg}"
            assert err.problem and err.problem in msg
            assert Path(err.path).is_relative_to(tmp), f"{spec.loader}/{mutation}: error names {err.path}"
            if err.line is not None and Path(err.path) == target:
                assert 1 <= err.line <= n_lines(data), f"{spec.loader}/{mutation}: line {err.line} is outside the file"
                assert f"line {err.line}" in msg
        assert verdict(out, expect, valid), (
            f"{spec.loader}/{mutation} {params}: expected {expect!r}, got "
            + (f"a refusal: {out.error}" if out.refused else f"a frame of {len(out.frame)} rows:\n{out.frame}")
        )


@pytest.mark.parametrize("spec", SPECS, ids=[s.loader for s in SPECS])
@FUZZ
@given(data=st.data())
def test_fuzzed_hostile_file(spec, data):
    mutation = data.draw(st.sampled_from(applicable(spec)), label="mutation")
    params = {}
    if mutation in ("cut short mid-line", "invalid UTF-8 byte"):
        params["at"] = data.draw(st.floats(0.0, 1.0, exclude_max=True), label="at")
    if mutation in ("missing column", "extra field on one line"):
        params["which"] = data.draw(st.integers(0, 40), label="which")
    check(spec, mutation, **params)


@pytest.mark.parametrize("spec", SPECS, ids=[s.loader for s in SPECS])
def test_every_cut_of_a_file(spec):
    # Cutting is where half-loaded frames come from: try every byte, not only the ones hypothesis draws.
    with tempfile.TemporaryDirectory() as tmp:
        size = len(spec.build(Path(tmp)).read_bytes())
    for at in range(0, size, max(1, size // 60)):
        check(spec, "cut short mid-line", at=at / size)


def test_hostile_table_covers_every_loader_and_mutation_as_required(tmp_path):
    table = hostile.hostile_table(tmp_path)
    assert list(table.columns) == ["loader", "input", "file", "expected", "outcome", "as_expected", "message"]
    wrong = table[~table["as_expected"]]
    assert wrong.empty, wrong.to_string()
    assert set(table["loader"]) == {s.loader for s in SPECS}
    assert set(table["input"]) == set(MUTATIONS)
    assert len(table) == sum(len(applicable(s)) for s in SPECS)
    refused = table[table["outcome"] == "refused"]
    assert (refused["message"] != "").all() and (table.loc[table["outcome"] == "accepted", "message"] == "").all()
    assert not table["message"].str.contains(str(tmp_path), regex=False).any()  # paths cut to file names
    assert table["message"].str.len().max() < 400  # the 1 MB fields are not quoted
    # Every registered real-format loader that reads files is covered.
    covered = {s.loader.split(" (")[0] for s in SPECS}
    assert {"goemotions", "tweeteval-sentiment", "sentiment140", "umd-reddit-suicidality", "reddit-mental-health",
            "irf", "reddit-cssrs", "clpsych2017-reachout", "liwc-dic", "glove-text", "brown"} <= covered


# --------------------------------------------------------------------------- the error and the readers


def test_load_error_message_fields_and_pickle(tmp_path):
    err = LoadError(tmp_path / "a.csv", "label 'x' is not one of a, b", line=3, column="label", hint="Fix it.")
    assert str(err) == f"{tmp_path / 'a.csv'}, line 3, column 'label': label 'x' is not one of a, b. Fix it."
    assert isinstance(err, ValueError)
    assert (err.path, err.line, err.column, err.problem, err.hint) == (tmp_path / "a.csv", 3, "label",
                                                                       "label 'x' is not one of a, b", "Fix it.")
    assert str(LoadError("f.txt", "the file is empty.")) == "f.txt: the file is empty."
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == str(err) and back.line == 3 and back.column == "label"


def test_decode_names_the_line_of_a_bad_byte_and_drops_a_bom():
    with pytest.raises(LoadError, match=r"x.txt, line 3: byte 0xff \(character 2 of the line\)"):
        decode(b"one\r\ntwo\r\na\xffb\r\n", "x.txt")
    with pytest.raises(LoadError, match=r"line 2: byte 0xfe"):
        decode(b"one\r\xfe\r", "x.txt")  # CR-only line ends count too
    assert decode(b"\xef\xbb\xbfhello\n", "x.txt") == "hello\n"


def test_read_lines_cr_only_final_newline_and_long_lines(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(b"a\rb\rc\r")
    assert read_lines(p) == ["a", "b", "c"]
    p.write_bytes(b"a\nb")
    with pytest.raises(LoadError, match="line 2: the file ends without a line end"):
        read_lines(p)
    assert read_lines(p, final_newline=False) == ["a", "b"]
    p.write_bytes(b"a\n" + b"x" * (MAX_FIELD_CHARS + 1) + b"\n")
    with pytest.raises(LoadError, match="line 2: the line is 1,000,001 characters long"):
        read_lines(p)


def test_read_table_refuses_a_short_row_that_pandas_would_fill(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text('a,b,c\n1,"two\nlines",3\n4,5\n')
    # pandas alone reads the short row as ['4', '5', ''] without a word.
    assert pd.read_csv(p, dtype=str, keep_default_na=False).values.tolist()[1] == ["4", "5", ""]
    with pytest.raises(LoadError, match="t.csv, line 4: 2 fields where the header has 3"):
        read_table(p, ["a", "b", "c"])
    p.write_text('a,b,c\n1,"two\nlines",3\n4,5,6\n')
    table = read_table(p, ["a", "c"])
    assert table.lines == [2, 4]  # physical lines, the quoted line break counted
    assert table.error(1, "bad", column="c").line == 4
    p.write_text('a,b\n1,"open\n')
    with pytest.raises(LoadError, match="line 2: a quoted field opened here is never closed"):
        read_table(p, ["a"])


def test_emoji_corpus_passes_a_load_error_through(tmp_path):
    from mhtext.data.loaders.emoji_texts import emoji_corpus

    folder = tmp_path / "goemotions" / "original"
    folder.mkdir(parents=True)
    (folder / "labels.txt").write_text("joy\nneutral")
    for split in ("train", "dev", "test"):
        (folder / f"{split}.tsv").write_text("hi \U0001f600\t0\tc1\n")
    (folder / "dev.tsv").write_bytes(b"hi \xf0\x9f\t0\tc1\n")  # an emoji cut in half
    tw = tmp_path / "tweeteval"
    for task in ("emotion", "sentiment"):
        (tw / task).mkdir(parents=True)
        (tw / task / "mapping.txt").write_text("0\tjoy\n")
        (tw / task / "test_text.txt").write_text("yay \U0001f600 \n")
        (tw / task / "test_labels.txt").write_text("0\n")
    with pytest.raises(LoadError, match=r"dev.tsv, line 1: byte 0xf0"):
        emoji_corpus("real", seed=0, data_dir=tmp_path, min_count=1)


def test_mutations_change_the_bytes_and_keep_the_valid_file_loadable(tmp_path):
    spec = hostile.spec("irf")
    data = spec.build(tmp_path).read_bytes()
    for mutation in applicable(spec):
        broken, expect = mutate(data, spec, mutation)
        assert broken != data and expect in hostile.OUTCOMES, mutation
    assert len(load("irf", path=tmp_path / "irf", split="train")) == 3
    rows = list(csv.reader(mutate(data, spec, "extra column")[0].decode().splitlines()))
    assert rows[0][-1] == "extra" and all(len(r) == 7 for r in rows)
