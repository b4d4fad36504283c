"""Loaders of study C's public data: IRF (Garg et al. 2023) and Reddit C-SSRS (Gaur et al. 2019).

Small files written here in each release's own format check the schema, the two
repairs (mojibake, rationale spans), the recovery of cut cells and the errors.
When the shared public files are present (``MHTEXT_DATA_DIR`` or
``/work/shared/data``) the real releases are loaded and their counts checked.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from mhtext.data import DatasetNotFoundError, card, load
from mhtext.data.loaders import cssrs, irf
from mhtext.data.loaders.cssrs import cssrs_posts, parse_posts
from mhtext.data.loaders.irf import rationale_spans, repair_mojibake

MOJI = "\u201a\u00c4\u00f4"  # how the release shows a right single quote (U+2019): UTF-8 read as Mac Roman


# --------------------------------------------------------------------------- IRF: the two repairs


def test_repair_mojibake_fixes_runs_and_leaves_real_text_alone():
    fixed, n = repair_mojibake(f"I can{MOJI}t go. He said \u201a\u00c4\u00fahi\u201a\u00c4\u00f9")
    assert fixed == "I can\u2019t go. He said \u201chi\u201d" and n == 3
    # Reversible span by span: the repaired character, written as UTF-8 and read as Mac Roman, is the original run.
    assert "\u2019".encode().decode("mac_roman") == MOJI
    # Genuine non-ASCII (an accent, a curly quote, an emoji) is not a Mac Roman lead + continuation run.
    real = "caf\u00e9 \u2019 \U0001f622 na\u00efve"
    assert repair_mojibake(real) == (real, 0)
    # A lead byte without its continuation bytes is not decodable: left as it is.
    assert repair_mojibake("next\u201a\u00c4 end") == ("next\u201a\u00c4 end", 0)
    # Emoji are four-byte sequences.
    assert repair_mojibake("\U0001f622".encode().decode("mac_roman")) == ("\U0001f622", 1)


def test_rationale_spans_verbatim_key_fragments_and_misses():
    text = "I don\u2019t have friends. I\u2019m so lonely, and self-harming again... nobody calls."

    def pieces(rationale):
        spans, n, missed = rationale_spans(text, rationale)
        return [text[a:b] for a, b in spans], n, missed

    assert pieces("have friends") == (["have friends"], 1, 0)
    assert pieces("  I\u2019m so lonely ") == (["I\u2019m so lonely"], 1, 0)  # stripped
    # Apostrophes dropped or straight, case and hyphens ignored by the matching key.
    assert pieces("i dont have friends") == (["I don\u2019t have friends"], 1, 0)
    assert pieces("im so lonely") == (["I\u2019m so lonely"], 1, 0)
    assert pieces("self harming again nobody") == (["self-harming again... nobody"], 1, 0)
    # Several fragments, not adjacent in the text: each found on its own.
    assert pieces("nobody calls, so lonely") == (["nobody calls", "so lonely"], 2, 0)
    assert pieces("so lonely, no one loves me") == (["so lonely"], 2, 1)
    # A paraphrase is not found: the match is never fuzzy.
    assert pieces("feel lonely") == ([], 1, 1)
    assert pieces("") == ([], 0, 0)


# --------------------------------------------------------------------------- IRF: the loader on small files

IRF_HEADER = ["Unnamed: 0", "text", "belong", "belong_exp", "burden", "burden_exp"]
IRF_ROWS = {
    "train": [
        ["7", f"I can{MOJI}t talk to anyone, I{MOJI}m so alone.", "1", "so alone", "0", ""],
        ["3", "I am a burden to my family. No friends either.", "1", "no friends", "1", "burden to my family"],
        ["12", "Nice day, went out with friends.", "0", "", "0", ""],
    ],
    "val": [["0", "Everyone would be better off, without me", "0", "", "1", "everyone would be better off without me"]],
    "test": [["5", "I have nobody at all.", "1", "feel isolated", "0", ""]],
}


def write_irf(folder: Path, rows: dict[str, list[list[str]]] = IRF_ROWS, header: list[str] = IRF_HEADER) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for split, split_rows in rows.items():
        with (folder / f"{split}_data.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            w.writerows(split_rows)


def test_irf_loader_frame(tmp_path):
    write_irf(tmp_path / "irf")
    df = load("irf", path=tmp_path)  # the folder holding irf/ is accepted, as is irf/ itself
    assert list(df.columns) == list(card("irf").fields)
    assert df["split"].tolist() == ["train"] * 3 + ["val", "test"]
    assert df["row_id"].tolist() == [7, 3, 12, 0, 5] and df["row_id"].dtype == "int64"
    assert df["belong"].tolist() == [1, 1, 0, 0, 1] and df["burden"].dtype == "int64"
    assert df["text"].iloc[0] == "I can\u2019t talk to anyone, I\u2019m so alone."
    assert df.attrs["repaired_texts"] == 1 and df.attrs["repaired_spans"] == 2
    for label in irf.LABELS:
        for text, rationale, spans in zip(df["text"], df[f"{label}_exp"], df[f"{label}_spans"], strict=True):
            if spans:
                assert irf._normalise(" ".join(text[a:b] for a, b in spans))[0] == irf._normalise(rationale)[0]
    assert df["belong_spans"].iloc[0] == ((len("I can\u2019t talk to anyone, I\u2019m "), len(df["text"].iloc[0]) - 1),)
    assert df["belong_spans"].iloc[4] == ()  # a paraphrase: not in the text
    assert df.attrs["rationale_match"] == {
        "belong": {"rationales": 3, "found": 2, "partial": 0, "not_found": 1},
        "burden": {"rationales": 2, "found": 2, "partial": 0, "not_found": 0},
    }
    assert df.attrs["label_rationale_mismatch"]["belong"] == {
        "label_0_with_rationale": [],
        "label_1_without_rationale": [],
    }
    only = load("irf", path=tmp_path / "irf", split=["test", "val"])
    assert only["split"].tolist() == ["test", "val"]
    assert load("irf", path=tmp_path, split="val")["burden_spans"].iloc[0] == ((0, 40),)  # comma ignored


def test_irf_missing(data_dir):
    with pytest.raises(DatasetNotFoundError) as info:
        load("irf", split="val")
    msg = str(info.value)
    assert str(data_dir / "irf" / "val_data.csv") in msg and "arXiv:2305.18727" in msg and "MHTEXT_DATA_DIR" in msg
    write_irf(data_dir / "irf", {"train": IRF_ROWS["train"]})
    assert len(load("irf", split="train")) == 3  # default location
    with pytest.raises(DatasetNotFoundError, match="test_data.csv"):
        load("irf")  # all three splits asked for


def test_irf_format_errors(tmp_path):
    folder = tmp_path / "irf"
    write_irf(folder, {"train": [r[:5] for r in IRF_ROWS["train"]]}, IRF_HEADER[:5])
    with pytest.raises(ValueError, match=r"train_data.csv, line 1, column 'burden_exp': columns \['burden_exp'\] are missing"):
        load("irf", path=folder, split="train")
    bad_label = [row.copy() for row in IRF_ROWS["train"]]
    bad_label[1][4] = "2"
    write_irf(folder, {"train": bad_label})
    with pytest.raises(ValueError, match="train_data.csv, line 3, column 'burden': data row 2: burden is '2'; expected 0 or 1"):
        load("irf", path=folder, split="train")
    bad_id = [row.copy() for row in IRF_ROWS["train"]]
    bad_id[2][0] = "x12"
    write_irf(folder, {"train": bad_id})
    with pytest.raises(ValueError, match="data row 3: row id 'x12'"):
        load("irf", path=folder, split="train")
    write_irf(folder, {"train": IRF_ROWS["train"], "val": [["3", "again", "0", "", "0", ""]]})
    with pytest.raises(ValueError, match="row id 3 occurs in split 'train' and 'val'"):
        load("irf", path=folder, split=["train", "val"])
    with pytest.raises(ValueError, match="unknown splits"):
        load("irf", path=folder, split="dev")
    (folder / "test_data.csv").write_text("")
    with pytest.raises(ValueError, match="test_data.csv: the file is empty"):
        load("irf", path=folder, split="test")


# --------------------------------------------------------------------------- C-SSRS: parsing the Post cells


def test_parse_posts_complete_and_cut():
    posts = ["first post", 'it\'s "quoted" and \\ back', "third"]
    cell = repr(posts)
    assert parse_posts(cell) == (posts, False)
    assert parse_posts("[]") == ([], False)
    # Cut inside the last literal: the complete posts and the partial one.
    assert parse_posts(cell[: cell.index("third") + 3]) == (posts[:2] + ["thi"], True)
    # Cut inside a double-quoted literal, after an escaped quote, and on a dangling backslash.
    cut = cell[: cell.index("and") + 3]
    assert parse_posts(cut) == (posts[:1] + ['it\'s "quoted" and'], True)
    assert parse_posts(cell[: cell.index("\\\\") + 1]) == (posts[:1] + ['it\'s "quoted" and '], True)
    # Cut inside a multi-character escape (\\x07): the half escape is dropped.
    bell = repr(["a", "ring\x07ring"])
    assert parse_posts(bell[: bell.index("x07") + 2]) == (["a", "ring"], True)
    # Cut between posts: nothing partial to add.
    assert parse_posts(cell[: cell.index("'third") + 1]) == (posts[:2], True)
    assert parse_posts(cell[: cell.index("'third")]) == (posts[:2], True)
    with pytest.raises(ValueError, match="not a Python list literal"):
        parse_posts("just text")
    with pytest.raises(ValueError, match="expected a list of strings"):
        parse_posts("[1, 2]")
    with pytest.raises(ValueError, match="malformed list literal"):
        parse_posts("['a', oops 'b'")


# --------------------------------------------------------------------------- C-SSRS: the loader on a small file

CSSRS_ROWS = [
    ["user-0", repr(["I am here for you.", "Hang in there."]), "Supportive"],
    ["user-1", repr(["I want to die."]), "Ideation"],
    ["user-2", repr(["I tried last year.", "Today I feel the same " * 3])[:60], "Attempt"],
    ["user-3", repr(["I cut myself."]), "Behavior"],
    ["user-4", "['Sad all the time.', 'Nobody caf\\xc3\\xa9 \\xe2\\x80\\x9ccares\\xe2\\x80\\x9d.']", "Indicator"],
]


def write_cssrs(path: Path, rows: list[list[str]] = CSSRS_ROWS, header: tuple[str, ...] = cssrs.COLUMNS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\r\n")  # the release has CRLF line ends
        w.writerow(header)
        w.writerows(rows)


def test_cssrs_loader_frame_and_posts(tmp_path):
    f = tmp_path / "reddit-cssrs" / cssrs.FILE
    write_cssrs(f)
    df = load("reddit-cssrs", path=tmp_path)
    assert list(df.columns) == list(card("reddit-cssrs").fields)
    assert load("reddit-cssrs", path=f)["user_id"].tolist() == df["user_id"].tolist()  # the file itself
    assert df["n_posts"].tolist() == [2, 1, 2, 1, 2]
    assert df["truncated"].tolist() == [False, False, True, False, False]
    assert df["posts"].iloc[2][0] == "I tried last year." and df["posts"].iloc[2][1].startswith("Today I feel")
    assert df.attrs["truncated_cells"] == 1 and df.attrs["n_posts"] == 8 and df.attrs["repaired_posts"] == 1
    assert df["posts"].iloc[4][1] == "Nobody caf\u00e9 \u201ccares\u201d."  # Python 2 byte escapes, repaired
    assert df["label"].cat.ordered and list(df["label"].cat.categories) == list(cssrs.LEVELS)
    assert df.sort_values("label")["user_id"].tolist() == ["user-0", "user-4", "user-1", "user-3", "user-2"]
    assert (df["label"] > "Ideation").tolist() == [False, False, True, True, False]  # ordinal, not alphabetical
    long = cssrs_posts(df)
    assert list(long.columns) == ["user_id", "post_index", "text", "label", "partial"]
    assert long["user_id"].tolist() == ["user-0"] * 2 + ["user-1"] + ["user-2"] * 2 + ["user-3"] + ["user-4"] * 2
    assert long["post_index"].tolist() == [0, 1, 0, 0, 1, 0, 0, 1]
    assert long["partial"].tolist() == [False] * 4 + [True] + [False] * 3
    assert long["label"].cat.ordered and long["label"].iloc[3] == "Attempt"
    assert long.attrs["dataset"] == "reddit-cssrs" and long.attrs["checksum"] != df.attrs["checksum"]


def test_cssrs_missing_and_format_errors(tmp_path, data_dir):
    with pytest.raises(DatasetNotFoundError) as info:
        load("reddit-cssrs")
    msg = str(info.value)
    assert str(data_dir / "reddit-cssrs" / cssrs.FILE) in msg and "zenodo.2667859" in msg
    f = tmp_path / cssrs.FILE
    write_cssrs(f, [r[:2] for r in CSSRS_ROWS], header=("User", "Post"))
    with pytest.raises(ValueError, match=r"columns \['Label'\] are missing"):
        load("reddit-cssrs", path=f)
    rows = [r.copy() for r in CSSRS_ROWS]
    rows[3][2] = "Severe"
    write_cssrs(f, rows)
    with pytest.raises(ValueError) as info:
        load("reddit-cssrs", path=f)
    assert (
        "data row 4 (user-3): label 'Severe' is not one of Supportive, Indicator, Ideation, Behavior, Attempt"
        in str(info.value)
    )
    rows = [r.copy() for r in CSSRS_ROWS]
    rows[1][1] = "I want to die."
    write_cssrs(f, rows)
    with pytest.raises(ValueError, match=r"line 3, column 'Post': data row 2 \(user-1\): not a Python list literal"):
        load("reddit-cssrs", path=f)
    write_cssrs(f, [*CSSRS_ROWS, CSSRS_ROWS[0]])
    with pytest.raises(ValueError, match="user 'user-0' appears twice"):
        load("reddit-cssrs", path=f)


# --------------------------------------------------------------------------- the real public files


def test_real_irf_counts_repairs_and_spans(shared_data):
    df = load("irf", path=shared_data / "irf")
    by_split = df.groupby("split")
    assert by_split.size().to_dict() == {"train": 1972, "val": 493, "test": 1057}
    assert by_split["belong"].sum().to_dict() == {"train": 1063, "val": 279, "test": 585}
    assert by_split["burden"].sum().to_dict() == {"train": 636, "val": 186, "test": 325}
    both = df.assign(both=df["belong"] & df["burden"]).groupby("split")["both"].sum()
    assert both.to_dict() == {"train": 374, "val": 108, "test": 193}
    assert sorted(df["row_id"]) == list(range(3522))
    # Mojibake: a quarter of the texts, repaired; the ‚Äô run is gone everywhere.
    assert df.attrs["repaired_texts"] == 884 and df.attrs["repaired_spans"] == 5681
    assert not df["text"].str.contains(MOJI, regex=False).any()
    known = df.loc[df["row_id"] == 3075, "text"].item()
    assert "Why shouldn\u2019t I just end it right now" in known
    # Rationale spans: 96.5% found whole; every span's text matches its rationale under the matching key.
    match = df.attrs["rationale_match"]
    assert match["belong"] == {"rationales": 1930, "found": 1848, "partial": 1, "not_found": 81}
    assert match["burden"] == {"rationales": 1143, "found": 1116, "partial": 0, "not_found": 27}
    found = match["belong"]["found"] + match["burden"]["found"]
    assert found / (match["belong"]["rationales"] + match["burden"]["rationales"]) > 0.96
    for label in irf.LABELS:
        for text, rationale, spans in zip(df["text"], df[f"{label}_exp"], df[f"{label}_spans"], strict=True):
            pieces = {irf._normalise(p)[0] for p in [rationale, *irf._FRAGMENT_SEP.split(rationale)]}
            assert all(irf._normalise(text[a:b])[0] in pieces for a, b in spans)
    mismatch = df.attrs["label_rationale_mismatch"]
    assert sorted(mismatch["belong"]["label_0_with_rationale"]) == [50, 204, 237]
    assert sorted(mismatch["burden"]["label_1_without_rationale"]) == [1097, 2006, 2042, 2146]


def test_real_cssrs_counts_truncation_and_order(shared_data):
    df = load("reddit-cssrs", path=shared_data / "reddit-cssrs")
    assert len(df) == 500 and df["user_id"].tolist() == [f"user-{i}" for i in range(500)]
    assert df["label"].value_counts(sort=False).to_dict() == {
        "Supportive": 108, "Indicator": 99, "Ideation": 171, "Behavior": 77, "Attempt": 45,
    }  # fmt: skip
    assert list(df["label"].cat.categories) == list(cssrs.LEVELS) and df["label"].cat.ordered
    assert (df["label"].min(), df["label"].max()) == ("Supportive", "Attempt")
    raw = pd.read_csv(shared_data / "reddit-cssrs" / cssrs.FILE, dtype=str, keep_default_na=False)
    cut = raw["Post"].str.len() == cssrs.CELL_LIMIT
    assert cut.sum() == 28 and df.attrs["truncated_cells"] == 28
    assert df["truncated"].tolist() == cut.tolist()
    assert df.loc[cut, "posts"].map(lambda p: len(p[-1]) > 0).all()  # every cut leaves some of the last post
    separators = raw.loc[cut, "Post"].str.count(r"""['"], ['"]""")  # one fewer than the posts begun
    assert (df.loc[cut, "n_posts"] == separators + 1).all()
    # UTF-8 bytes written as Python 2 \\x escapes: repaired; no Latin-1 mojibake left.
    assert df.attrs["repaired_posts"] == 52
    assert not df["posts"].explode().str.contains("\u00e2\x80|\u00c3[\x80-\xbf]").any()
    assert df.attrs["n_posts"] == df["n_posts"].sum() == 9127
    assert (df["n_posts"].median(), df["n_posts"].max(), (df["n_posts"] == 1).sum()) == (8, 292, 64)
    long = cssrs_posts(df)
    assert len(long) == 9127 and long["partial"].sum() == 28
