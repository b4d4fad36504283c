"""A user's own file (``dataset=file:PATH``): every format, the column mapping, strict errors, cards, privacy."""

import pandas as pd
import pytest
import yaml

from mhtext.data import load
from mhtext.data import own_corpus as oc
from mhtext.privacy import Guard

POSTS = pd.DataFrame({"post_id": ["p1", "p2", "p3", "p4"], "text": ["one post", "two, with a comma", "three\nlines",
                                                                     "four"],
                      "label": ["low", "high", "mid", "low"]})


def write(df, path):
    suffix = path.suffix
    if suffix == ".csv":
        df.to_csv(path, index=False)
    elif suffix == ".tsv":
        df.to_csv(path, index=False, sep="\t")
    elif suffix == ".jsonl":
        df.to_json(path, orient="records", lines=True)
    else:
        df.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_every_format_reads_the_same_frame(tmp_path, suffix):
    got = oc.read_corpus(write(POSTS, tmp_path / f"posts{suffix}"), study="clpsych-benchmark")
    pd.testing.assert_frame_equal(got.frame[["post_id", "text", "label"]].astype(str), POSTS, check_dtype=False)
    assert got.card["rows"] == 4 and got.card["label_counts"] == {"high": 1, "low": 2, "mid": 1}
    assert got.frame.attrs["dataset"] == "own-corpus" and len(got.card["sha256"]) == 64
    if suffix in (".csv", ".tsv"):  # a quoted field over two lines: the next record starts a line later
        assert got.frame["line"].tolist() == [2, 3, 4, 6]


def test_column_mapping_and_ignored_columns(tmp_path):
    df = POSTS.rename(columns={"text": "body", "label": "risk"}).assign(extra="x")
    got = oc.read_corpus(write(df, tmp_path / "p.csv"), study="clpsych-benchmark", columns="text=body;label=risk")
    assert got.frame["text"].tolist() == POSTS["text"].tolist()
    assert got.card["columns"]["label"] == "risk" and got.card["ignored_columns"] == ["extra"]
    with pytest.raises(ValueError, match="does not read"):
        oc.read_corpus(tmp_path / "p.csv", study="clpsych-benchmark", columns="colour=body")
    with pytest.raises(ValueError, match="is not ours=yours"):
        oc.parse_columns("text:body")


def bad(tmp_path, content: bytes, suffix=".csv", **kw):
    p = tmp_path / f"bad{suffix}"
    p.write_bytes(content)
    with pytest.raises(oc.CorpusError) as err:
        oc.read_corpus(p, study=kw.pop("study", "clpsych-benchmark"), **kw)
    assert str(p) in str(err.value)
    return err.value


GOOD = b"post_id,text,label\np1,hello,low\np2,world,high\n"


def test_refusals_name_file_line_column_and_problem(tmp_path):
    e = bad(tmp_path, b"post_id,text\np1,hello\n")
    assert e.line == 1 and "no column 'label'" in str(e) and "-p columns=label=" in str(e)
    e = bad(tmp_path, GOOD + b"p3,too,many,fields\n")
    assert e.line == 4 and "4 fields where the header has 3" in str(e)
    e = bad(tmp_path, GOOD.replace(b",", b";"))
    assert "semicolon-separated" in str(e)
    e = bad(tmp_path, GOOD + b'p3,"never closed,low\n')
    assert e.line == 4 and "never closed" in str(e)
    e = bad(tmp_path, GOOD + b"p1,again,low\n")
    assert (e.line, e.column) == (4, "post_id") and "first at line 2" in str(e)
    e = bad(tmp_path, GOOD + b"p3,   ,low\n")
    assert (e.line, e.column) == (4, "text") and "empty" in str(e)
    e = bad(tmp_path, GOOD.replace(b"world", b"w\xffrld"))
    assert e.line == 3 and "not valid utf-8" in str(e)
    e = bad(tmp_path, GOOD + b"p3,x,mid\n", levels="low;high")
    assert (e.line, e.column) == (4, "label") and "'mid' is not one of the levels" in str(e)
    e = bad(tmp_path, GOOD + b"p3," + b"x" * (oc.MAX_FIELD + 1) + b",low\n")
    assert e.line == 4 and "longer than" in str(e)
    assert "empty" in str(bad(tmp_path, b""))
    assert "no records" in str(bad(tmp_path, b"post_id,text,label\n"))
    assert "unknown suffix" in str(bad(tmp_path, GOOD, suffix=".xlsx"))
    e = bad(tmp_path, b'{"post_id": "p1", "text": "a", "label": "x"}\n{"post_id": "p2", "text": {"a": 1}}\n',
            suffix=".jsonl")
    assert (e.line, e.column) == (2, "text") and "nested" in str(e)
    e = bad(tmp_path, b'{"post_id": "p1", "text": "a", "label": "x"}\nnot json\n', suffix=".jsonl")
    assert e.line == 2 and "not JSON" in str(e)
    assert "Parquet" in str(bad(tmp_path, GOOD, suffix=".parquet"))
    e = bad(tmp_path, b"user_id,timestamp,text\nu1,2020-01-01,hi\nu1,yesterday-ish,there\n", study="mdi-patterns")
    assert (e.line, e.column) == (3, "timestamp") and "not a date/time" in str(e)


def test_what_is_accepted_bom_cr_line_ends_blank_lines(tmp_path):
    plain = oc.read_corpus(write(POSTS.iloc[[0, 3]], tmp_path / "a.csv"), study="clpsych-benchmark").frame
    for name, content in {"bom.csv": b"\xef\xbb\xbf" + GOOD, "cr.csv": GOOD.replace(b"\n", b"\r"),
                          "crlf.csv": GOOD.replace(b"\n", b"\r\n"), "blank.csv": GOOD.replace(b"\np2", b"\n\np2")}.items():
        p = tmp_path / name
        p.write_bytes(content)
        got = oc.read_corpus(p, study="clpsych-benchmark").frame
        assert got["post_id"].tolist() == ["p1", "p2"] and got["label"].tolist() == ["low", "high"], name
    assert list(plain.columns[:3]) == ["post_id", "text", "label"]


@pytest.mark.parametrize("study", sorted(oc.SCHEMAS))
def test_each_study_example_round_trips(tmp_path, study):
    path = oc.write_example(study, tmp_path / f"{study}.jsonl")
    got = oc.read_corpus(path, study=study)
    assert set(oc.SCHEMAS[study].required) <= set(got.frame.columns)
    assert got.card["rows"] == len(got.frame) > 20 and got.card["label_counts"]
    assert load("own-corpus", path=path, study=study).attrs["dataset"] == "own-corpus"


def test_card_is_written_and_listed(tmp_path):
    got = oc.read_corpus(write(POSTS, tmp_path / "posts.csv"), study="clpsych-benchmark")
    path = oc.write_card(got, tmp_path / "results" / "clpsych-benchmark", sensitive=True)
    card = yaml.safe_load(path.read_text())
    assert card["rows"] == 4 and card["sensitive"] is True and card["label_counts"]["low"] == 2
    table = oc.generated_cards(tmp_path / "results")
    assert table.loc[0, "file"] == "posts.csv" and table.loc[0, "labels"] == "high: 1, low: 2, mid: 1"
    text = path.read_text()
    assert "one post" not in text and str(tmp_path) not in text  # counts and a checksum; no text, no folder


def test_a_users_file_is_sensitive_unless_the_run_says_otherwise(tmp_path):
    frame = oc.read_corpus(write(POSTS, tmp_path / "p.csv"), study="clpsych-benchmark").frame
    dataset = f"file:{tmp_path / 'p.csv'}"
    assert oc.run_guard([frame], dataset=dataset, sensitive=None).sensitive
    assert oc.run_guard([frame], dataset=dataset, sensitive=True).sensitive
    assert not oc.run_guard([frame], dataset=dataset, sensitive=False).sensitive
    # Declaring one's own file public does not make a sensitive registered corpus beside it public.
    other = pd.DataFrame({"text": ["x"]})
    other.attrs["dataset"] = "reddit-cssrs"
    assert oc.run_guard([frame, other], dataset=dataset, sensitive=False).sensitive
    assert isinstance(oc.run_guard([frame], dataset="simulated", sensitive=None), Guard)
    assert oc.file_path("simulated") is None and oc.file_path("file:~/x.csv").name == "x.csv"
    with pytest.raises(ValueError, match="names no file"):
        oc.file_path("file:")


def test_the_readme_worked_example_is_runnable(tmp_path, monkeypatch):
    """The README's example commands: the file is written, and the run's parameters are the notebook's."""
    import re
    import shlex

    import papermill as pm

    from mhtext import cli, paths, runner

    readme = (paths.ROOT / "README.md").read_text()
    block = readme[readme.index("A worked example on a small file"):]
    block = block[block.index("```bash") + 7:block.index("```", block.index("```bash") + 7)]
    lines = [shlex.split(c.replace("\\\n", " ")) for c in re.split(r"(?<!\\)\n", block.strip())]
    example, run = lines
    assert example[1:4] == ["-m", "mhtext", "example"] and run[1:4] == ["-m", "mhtext", "run"]
    monkeypatch.chdir(tmp_path)
    assert cli.main(example[3:]) == 0
    study = run[4]
    overrides = runner.parse_overrides([run[i + 1] for i, a in enumerate(run) if a == "-p"])
    known = set(pm.inspect_notebook(str(paths.ROOT / "notebooks" / f"{runner.CHAPTERS[study]}.ipynb")))
    assert set(overrides) <= known, f"README passes unknown parameters {set(overrides) - known}"
    path = oc.file_path(overrides["dataset"])
    got = oc.read_corpus(path, study=study, levels=overrides.get("levels"))
    assert got.card["rows"] > 100
