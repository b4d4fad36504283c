"""Real-format loaders: each reads a small file written here in the data set's own format.

Every loader is checked for its schema, types and values, for the error it raises
when the file is absent (path and access instructions in the message) and for
the error on malformed input (file and line in the message). When the shared
public data are present (``MHTEXT_DATA_DIR`` or ``/work/shared/data``), the real
GoEmotions and TweetEval files are loaded and their row counts checked.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mhtext.data import DatasetNotFoundError, load, registry
from mhtext.data.loaders import clpsych, glove, goemotions, liwc, reddit, sentiment140, tweeteval


def assert_missing(name: str, expect_in_path: str, access_words: str, **kwargs) -> None:
    """Loading ``name`` must fail with a message naming the path and how to get the data."""
    with pytest.raises(DatasetNotFoundError) as info:
        load(name, **kwargs)
    msg = str(info.value)
    assert expect_in_path in msg
    assert access_words in msg
    assert registry.card(name).access.split()[0] in msg


# --------------------------------------------------------------------------- Sentiment140

S140_ROWS = [
    (
        "0",
        "1467810369",
        "Mon Apr 06 22:19:45 PDT 2009",
        "NO_QUERY",
        "_TheSpecialOne_",
        "@switchfoot awww, that's a bummer",
    ),
    (
        "4",
        "1467810672",
        "Mon Apr 06 22:19:49 PDT 2009",
        "NO_QUERY",
        "scotthamilton",
        'is "upset" that he can\'t update',
    ),
    (
        "0",
        "1467810917",
        "Tue Apr 07 00:01:03 PDT 2009",
        "NO_QUERY",
        "mattycus",
        "caf\u00e9 dived many times for the ball",
    ),
    (
        "4",
        "1467811184",
        "Sat Jun 06 10:00:00 PDT 2009",
        "NO_QUERY",
        "ElleCTF",
        "my whole body feels itchy &amp; like its on fire",
    ),
]


def write_s140(path: Path, rows) -> Path:
    lines = [",".join(f'"{f.replace(chr(34), chr(34) * 2)}"' for f in row) for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    return path


def test_sentiment140_schema_and_values(tmp_path):
    p = write_s140(tmp_path / "train.csv", S140_ROWS)
    df = load("sentiment140", path=p)
    assert list(df.columns) == ["tweet_id", "user_id", "timestamp", "text", "label", "polarity"]
    assert df["tweet_id"].dtype == np.int64 and df["polarity"].dtype == np.int64
    assert str(df["timestamp"].dt.tz) == "UTC"
    assert df["label"].tolist() == ["negative", "positive", "negative", "positive"]
    assert df["polarity"].tolist() == [0, 4, 0, 4]
    # 22:19:45 PDT is 05:19:45 UTC the next day.
    assert df["timestamp"].iloc[0] == pd.Timestamp("2009-04-07 05:19:45", tz="UTC")
    assert df["text"].iloc[1] == 'is "upset" that he can\'t update'
    assert df["text"].iloc[2].startswith("caf\u00e9")  # latin-1 decoded
    assert df["text"].iloc[3].endswith("&amp; like its on fire")  # kept as in the file
    assert df["user_id"].iloc[0] == "_TheSpecialOne_"
    assert df.attrs["kind"] == "real"


def test_sentiment140_empty_tweet_is_not_a_short_row(tmp_path):
    # A tweet that was only an emoticon is empty once the emoticon is removed.
    p = write_s140(
        tmp_path / "t.csv", [*S140_ROWS[:2], ("4", "5", "Mon Apr 06 22:19:45 PDT 2009", "NO_QUERY", "u", "")]
    )
    assert load("sentiment140", path=p)["text"].tolist()[-1] == ""


def test_sentiment140_folder_and_test_split(tmp_path):
    rows = [("2", "3", "Mon May 11 03:17:40 UTC 2009", "kindle2", "tpryan", "I loooove my Kindle2.")]
    write_s140(tmp_path / sentiment140.FILES["test"], rows)
    df = load("sentiment140", path=tmp_path, split="test")
    assert df["label"].tolist() == ["neutral"] and df["polarity"].tolist() == [2]
    assert df["timestamp"].iloc[0] == pd.Timestamp("2009-05-11 03:17:40", tz="UTC")


def test_sentiment140_stratified_subsample_is_seeded(tmp_path):
    rows = [
        (("0" if i < 60 else "4"), str(1000 + i), "Mon Apr 06 22:19:45 PDT 2009", "NO_QUERY", f"u{i}", f"tweet {i}")
        for i in range(100)
    ]
    p = write_s140(tmp_path / "big.csv", rows)
    a = load("sentiment140", path=p, max_rows=10, seed=3)
    b = load("sentiment140", path=p, max_rows=10, seed=3)
    c = load("sentiment140", path=p, max_rows=10, seed=4)
    assert len(a) == 10
    assert a["label"].value_counts().to_dict() == {"negative": 6, "positive": 4}
    pd.testing.assert_frame_equal(a, b)
    assert a["tweet_id"].tolist() != c["tweet_id"].tolist()
    assert a["tweet_id"].is_monotonic_increasing  # file order kept
    assert load("sentiment140", path=p, max_rows=500)["tweet_id"].size == 100


@pytest.mark.parametrize(
    ("row", "match"),
    [
        (("3", "9", "Mon Apr 06 22:19:45 PDT 2009", "NO_QUERY", "u", "x"), "line 3.*polarity '3'"),
        (("4", "9", "Mon Apr 06 22:19:45 PDT 2009", "NO_QUERY", "u", "x", "extra"), "line 3: 7 fields; expected 6"),
        (("4", "9", "Mon Apr 06 22:19:45 PDT 2009", "NO_QUERY", "u"), "line 3: 5 fields; expected 6"),
        (("4", "9", "yesterday", "NO_QUERY", "u", "x"), "line 3.*date 'yesterday'"),
        (("4", "nine", "Mon Apr 06 22:19:45 PDT 2009", "NO_QUERY", "u", "x"), "line 3.*tweet id 'nine'"),
    ],
)
def test_sentiment140_malformed(tmp_path, row, match):
    p = write_s140(tmp_path / "bad.csv", [*S140_ROWS[:2], row])
    with pytest.raises(ValueError, match=match) as info:
        load("sentiment140", path=p)
    assert str(p) in str(info.value)


def test_sentiment140_empty_and_missing(tmp_path, data_dir):
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ValueError, match="empty"):
        load("sentiment140", path=tmp_path / "empty.csv")
    assert_missing(
        "sentiment140", str(data_dir / "sentiment140" / sentiment140.FILES["train"]), "trainingandtestdata.zip"
    )


# --------------------------------------------------------------------------- GloVe

GLOVE = [
    ("<user>", [0.1, -0.2, 0.3, 0.4]),
    ("the", [1.0, 2.0, 3.0, 4.0]),
    ("caf\u00e9", [0.5, 0.5, -0.5, 1e-3]),
    ("the", [9.0, 9.0, 9.0, 9.0]),  # repeated word: the first vector is kept
    ("nan", [-1.0, 0.0, 1.0, 2.0]),  # a real word, not a missing value
]


def write_glove(path: Path, rows, header: str | None = None) -> Path:
    lines = ([header] if header else []) + [w + " " + " ".join(repr(x) for x in v) for w, v in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_read_glove_text(tmp_path):
    p = write_glove(tmp_path / "g.txt", GLOVE)
    words, vecs = glove.read_glove_text(p)
    assert words == ["<user>", "the", "caf\u00e9", "nan"]
    assert vecs.dtype == np.float32 and vecs.shape == (4, 4)
    np.testing.assert_allclose(vecs[1], [1, 2, 3, 4])
    words, vecs = glove.read_glove_text(p, vocab={"nan", "the", "absent"})
    assert words == ["the", "nan"]  # file order, not vocab order
    np.testing.assert_allclose(vecs[1], [-1, 0, 1, 2])
    words, _ = glove.read_glove_text(p, max_words=2)
    assert words == ["<user>", "the"]
    # A word2vec-style header line is skipped.
    h = write_glove(tmp_path / "w2v.txt", GLOVE[:2], header="2 4")
    assert glove.read_glove_text(h)[0] == ["<user>", "the"]


def test_glove_loader_frame_and_default_path(tmp_path, data_dir):
    (data_dir / "glove").mkdir()
    write_glove(data_dir / "glove" / "glove.twitter.27B.4d.txt", GLOVE)
    df = load("glove-text", dim=4)
    assert df.index.name == "word" and df.index.is_unique
    assert list(df.columns) == ["d0", "d1", "d2", "d3"]
    assert (df.dtypes == np.float32).all()
    assert df.loc["caf\u00e9", "d3"] == pytest.approx(1e-3)
    assert_missing("glove-text", str(data_dir / "glove" / "glove.twitter.27B.100d.txt"), "glove.twitter.27B.zip")


@pytest.mark.parametrize(
    ("bad_line", "match"),
    [
        ("broken 1.0 2.0 3.0", "line 3: 3 components where .* have 4"),
        ("odd 1.0 x 2.0 3.0", "line 3: a vector component"),
    ],
)
def test_glove_malformed(tmp_path, bad_line, match):
    p = tmp_path / "bad.txt"
    p.write_text("a 1 2 3 4\nb 1 2 3 4\n" + bad_line + "\nc 1 2 3 4\n", encoding="utf-8")
    with pytest.raises(ValueError, match=match) as info:
        glove.read_glove_text(p)
    assert str(p) in str(info.value)
    (tmp_path / "empty.txt").write_text("\n")
    with pytest.raises(ValueError, match="empty"):
        load("glove-text", path=tmp_path / "empty.txt")


# --------------------------------------------------------------------------- GoEmotions

ORIGINAL = [e for group in ("positive", "negative", "ambiguous") for e in goemotions.SENTIMENT_GROUPS[group]]
ORIGINAL = sorted(ORIGINAL) + ["neutral"]  # the release's order: alphabetical, neutral last


def go_id(*names: str) -> str:
    return ",".join(str(ORIGINAL.index(n)) for n in names)


GO_ROWS = [
    ("Thank you so much, this made my day", go_id("gratitude"), "ee1"),
    ('He said "no" and I was furious', go_id("anger", "annoyance"), "ee2"),
    ("It is a table.", go_id("neutral"), "ee3"),
    ("Happy for you but sad to see you go", go_id("joy", "sadness"), "ee4"),
    ("Wait, what? Really?", go_id("surprise"), "ee5"),
    ("line\u2028separator inside the text", go_id("neutral", "approval"), "ee6"),
    ("Wow I did not know that, love it", go_id("love", "realization"), "ee7"),
]


def write_goemotions(root: Path, rows=GO_ROWS, labels=ORIGINAL, label_file="labels.txt") -> Path:
    folder = root / "original"
    folder.mkdir(parents=True)
    # No trailing newline, as in the release's emotions.txt.
    (folder / label_file).write_text("\n".join(labels), encoding="utf-8")
    for split in goemotions.SPLITS:
        (folder / f"{split}.tsv").write_text("".join(f"{t}\t{i}\t{c}\n" for t, i, c in rows), encoding="utf-8")
    return root


def test_goemotions_original(tmp_path):
    root = write_goemotions(tmp_path / "goemotions", label_file="emotions.txt")
    df = load("goemotions", path=root, taxonomy="original", splits=("train", "test"))
    assert list(df.columns) == ["text", "labels", "label_ids", "comment_id", "split"]
    assert len(df) == 2 * len(GO_ROWS)
    assert df["split"].tolist() == ["train"] * 7 + ["test"] * 7
    assert df["labels"].iloc[1] == ("anger", "annoyance")
    assert df["label_ids"].iloc[1] == (ORIGINAL.index("anger"), ORIGINAL.index("annoyance"))
    assert df["text"].iloc[1] == 'He said "no" and I was furious'  # quotes kept literally
    assert df["text"].iloc[5] == "line\u2028separator inside the text"  # not split at U+2028
    assert df["comment_id"].tolist()[:3] == ["ee1", "ee2", "ee3"]


def test_goemotions_group_derived_and_valence4(tmp_path):
    root = write_goemotions(tmp_path / "goemotions")
    df = load("goemotions", path=root, splits="dev")  # default taxonomy: group, derived from original/
    assert df["labels"].tolist() == [
        ("positive",),
        ("negative",),
        ("neutral",),
        ("negative", "positive"),
        ("ambiguous",),
        ("neutral", "positive"),
        ("ambiguous", "positive"),
    ]
    assert df["label_ids"].iloc[3] == (1, 3)  # ambiguous, negative, neutral, positive
    v = goemotions.valence4(df)
    assert v["label"].tolist() == ["positive", "negative", "neither", "both", "both", "positive", "both"]
    assert len(goemotions.valence4(df, ambiguous="drop")) == 5
    assert goemotions.valence4(df, ambiguous="neither")["label"].iloc[4] == "neither"
    # The original taxonomy is grouped on the fly.
    orig = load("goemotions", path=root, taxonomy="original", splits="dev")
    assert goemotions.valence4(orig)["label"].tolist() == v["label"].tolist()
    ek = load("goemotions", path=root, taxonomy="ekman", splits="dev")
    assert ek["labels"].iloc[3] == ("joy", "sadness")


def test_goemotions_taxonomy_folder_is_used_when_present(tmp_path):
    root = write_goemotions(tmp_path / "goemotions")
    g = root / "group"
    g.mkdir()
    (g / "labels.txt").write_text("ambiguous\nnegative\nneutral\npositive")
    for split in goemotions.SPLITS:
        (g / f"{split}.tsv").write_text("text one\t0,2\tc1\n")
    df = load("goemotions", path=root, taxonomy="group", splits="train")
    assert df["labels"].tolist() == [("ambiguous", "neutral")]
    # Pointing at the taxonomy folder itself works too.
    assert load("goemotions", path=g, splits="train")["comment_id"].tolist() == ["c1"]


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ("only two\t3\n", "line 2: 2 tab-separated fields"),
        ("text\t28\tc9\n", "line 2, column 'label ids': unknown label id 28"),
        ("text\t1;2\tc9\n", "line 2, column 'label ids': label ids '1;2'"),
    ],
)
def test_goemotions_malformed(tmp_path, line, match):
    root = write_goemotions(tmp_path / "goemotions")
    bad = root / "original" / "train.tsv"
    bad.write_text("fine\t1\tc1\n" + line)
    with pytest.raises(ValueError, match=match) as info:
        load("goemotions", path=root, taxonomy="original")
    assert str(bad) in str(info.value)
    bad.write_text("")
    with pytest.raises(ValueError, match="empty"):
        load("goemotions", path=root, taxonomy="original")


def test_goemotions_missing(data_dir):
    assert_missing("goemotions", str(data_dir / "goemotions" / "group"), "python -m mhtext.data.fetch goemotions")


# --------------------------------------------------------------------------- TweetEval


def write_tweeteval(root: Path, task: str, mapping: str, splits: dict[str, list[tuple[str, int]]]) -> Path:
    folder = root / task
    folder.mkdir(parents=True)
    (folder / "mapping.txt").write_text(mapping)
    for split, rows in splits.items():
        (folder / f"{split}_text.txt").write_text("".join(f"{t} \n" for t, _ in rows), encoding="utf-8")
        (folder / f"{split}_labels.txt").write_text("".join(f"{i}\n" for _, i in rows))
    return folder


SENT_MAP = "0\tnegative\n1\tneutral\n2\tpositive\n"
EMO_MAP = "0\tanger\n1\tjoy\n2\toptimism\n3\tsadness"  # no trailing newline, as released


def test_tweeteval_sentiment(tmp_path):
    rows = {"val": [("@user great game!", 2), ("meh", 1)], "test": [("so annoyed \u2028 today", 0)]}
    write_tweeteval(tmp_path / "tweeteval", "sentiment", SENT_MAP, rows)
    df = load("tweeteval-sentiment", path=tmp_path / "tweeteval")
    assert list(df.columns) == ["text", "label", "label_id", "split"]
    assert df["split"].tolist() == ["val", "val", "test"]  # only the splits present, in order
    assert df["label"].tolist() == ["positive", "neutral", "negative"]
    assert df["label_id"].tolist() == [2, 1, 0]
    assert df["text"].tolist() == ["@user great game!", "meh", "so annoyed \u2028 today"]  # padding stripped
    assert load("tweeteval-sentiment", path=tmp_path / "tweeteval", splits=["test"])["split"].unique().tolist() == [
        "test"
    ]


def test_tweeteval_emotion_default_location(data_dir):
    rows = {
        s: [("#angry at the bus", 0), ("such a lovely day", 1), ("tomorrow will be better", 2)]
        for s in tweeteval.SPLITS
    }
    write_tweeteval(data_dir / "tweeteval", "emotion", EMO_MAP, rows)
    df = load("tweeteval-emotion")
    assert len(df) == 9 and set(df["label"]) == {"anger", "joy", "optimism"}
    assert df["label_id"].dtype == np.int64


def test_tweeteval_errors(tmp_path, data_dir):
    folder = write_tweeteval(tmp_path / "tweeteval", "sentiment", SENT_MAP, {"val": [("a", 0), ("b", 1)]})
    (folder / "val_labels.txt").write_text("0\n1\n2\n")
    with pytest.raises(ValueError, match="val_text.txt, line 3: 2 lines, but .* has 3") as info:
        load("tweeteval-sentiment", path=folder)
    assert "val_text.txt" in str(info.value) and "val_labels.txt" in str(info.value)
    (folder / "val_labels.txt").write_text("0\n7\n")
    with pytest.raises(ValueError, match="line 2: unknown label id 7"):
        load("tweeteval-sentiment", path=folder)
    (folder / "val_labels.txt").write_text("0\npositive\n")
    with pytest.raises(ValueError, match="line 2: label 'positive' is not an integer"):
        load("tweeteval-sentiment", path=folder)
    (folder / "val_text.txt").write_text("")
    (folder / "val_labels.txt").write_text("")
    with pytest.raises(ValueError, match="empty"):
        load("tweeteval-sentiment", path=folder)
    with pytest.raises(DatasetNotFoundError, match="train_text.txt"):
        load("tweeteval-sentiment", path=folder, splits=["train"])
    assert_missing(
        "tweeteval-sentiment",
        str(data_dir / "tweeteval" / "sentiment"),
        "python -m mhtext.data.fetch tweeteval-sentiment",
    )


# --------------------------------------------------------------------------- CLPsych 2017 (ReachOut)


def reachout_xml(
    post_id: int, body: str, *, subject: str = "Re: hello", author: int = 42, thread: int = 100, parent: int | None = 99
) -> str:
    from xml.sax.saxutils import escape

    parent_el = f'<parent type="message" href="/messages/id/{parent}"/>' if parent else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<response status="success">
  <message type="message" href="/messages/id/{post_id}">
    <id type="int">{post_id}</id>
    <board type="board" href="/boards/id/Tough_Times"/>
    <board_id type="int">7</board_id>
    <author type="user" href="/users/id/{author}"><login type="string">someone{author}</login></author>
    <subject type="string">{escape(subject)}</subject>
    <body type="string">{escape(body)}</body>
    <post_time type="date_time">2015-03-04T21:11:12+11:00</post_time>
    <thread type="thread" href="/threads/id/{thread}"/>
    <root type="message" href="/messages/id/{thread}"/>
    {parent_el}
    <kudos type="kudos"><count type="int">3</count></kudos>
  </message>
</response>
"""


def write_reachout(root: Path) -> Path:
    train16 = root / "clpsych16-data" / "data" / "training"
    test16 = root / "clpsych16-data" / "data" / "testing"
    test17 = root / "clpsych17-test"
    for folder in (train16 / "posts", test16 / "posts", test17 / "posts"):
        folder.mkdir(parents=True)
    body = (
        "<p>I feel&nbsp;really low &amp; tired.</p>"
        "<blockquote><p>Quoted earlier post, should go</p></blockquote>"
        '<p>Any ideas?<img src="x.png" title="smiley"/></p>'
    )
    (train16 / "posts" / "post-11.xml").write_text(reachout_xml(11, body))
    (train16 / "posts" / "post-12.xml").write_text(reachout_xml(12, "<p>Thanks all, feeling better</p>", parent=None))
    (test16 / "posts" / "post-13.xml").write_text(reachout_xml(13, "<p>I can't do this anymore</p>", author=7))
    (test17 / "posts" / "post-21.xml").write_text(reachout_xml(21, "<p>Welcome to the forums!</p>", author=3))
    (test17 / "posts" / "post-30.xml").write_text(reachout_xml(30, "<p>unlabelled chatter</p>"))
    (train16 / "labels.tsv").write_text("11\tamber\tcurrentMildDistress\n12\tgreen\tfollowupOk\n")
    (test16 / "labels.tsv").write_text("13\tcrisis\tcrisis\n")
    (root / "clpsych17-test-labels.tsv").write_text("21\tgreen\tsupporting\textra\tcolumns\n")
    return root


def test_clpsych_schema_and_values(tmp_path):
    root = write_reachout(tmp_path / "clpsych2017")
    df = load("clpsych2017-reachout", path=root)
    assert tuple(df.columns) == clpsych.COLUMNS
    assert df["post_id"].tolist() == [11, 12, 13, 21]
    assert df["split"].tolist() == ["train", "train", "train", "test"]
    assert df["label"].tolist() == ["amber", "green", "crisis", "green"]
    assert df["fine_label"].tolist() == ["currentMildDistress", "followupOk", "crisis", "supporting"]
    first = df.iloc[0]
    assert first["body"] == "I feel really low & tired.\nAny ideas?"  # quote and image gone, entities decoded
    assert first["text"] == "Re: hello\nI feel really low & tired.\nAny ideas?"
    assert first["user_id"] == "42" and first["board"] == "Tough_Times"
    assert first["thread_id"] == 100 and first["parent_id"] == 99 and first["kudos"] == 3
    assert pd.isna(df["parent_id"].iloc[1])
    assert df["timestamp"].iloc[0] == pd.Timestamp("2015-03-04 10:11:12", tz="UTC")
    assert df["thread_id"].dtype == "Int64"
    kept = load("clpsych2017-reachout", path=root, drop_quotes=False)
    assert "Quoted earlier post" in kept["body"].iloc[0]
    only_test = load("clpsych2017-reachout", path=root, splits=["test"])
    assert only_test["post_id"].tolist() == [21]
    # Training posts are not passed off as unlabelled when only the test split is asked for.
    test_and_rest = load("clpsych2017-reachout", path=root, splits="test", labelled_only=False)
    assert test_and_rest[["post_id", "split"]].values.tolist() == [[21, "test"], [30, "unlabelled"]]


def test_clpsych_unlabelled_and_lenient_xml(tmp_path):
    root = write_reachout(tmp_path / "clpsych2017")
    # A bare <message> root with few fields and an id-less file name is still read.
    (root / "clpsych17-test" / "posts" / "extra.xml").write_text(
        "<message><id>31</id><subject>hi</subject><body>&lt;b&gt;bold&lt;/b&gt; words</body></message>"
    )
    df = load("clpsych2017-reachout", path=root, labelled_only=False)
    assert df["post_id"].tolist() == [11, 12, 13, 21, 30, 31]
    assert df["split"].tolist()[-2:] == ["unlabelled", "unlabelled"]
    assert df["label"].isna().tolist() == [False] * 4 + [True] * 2
    last = df.iloc[-1]
    assert last["text"] == "hi\nbold words" and pd.isna(last["timestamp"]) and pd.isna(last["user_id"])


def test_strip_html():
    html = "<P>One&nbsp;<b>two</b></P><blockquote>old <i>quote</i></blockquote><br/>three &lt;3"
    assert clpsych.strip_html(html) == "One two\nthree <3"
    assert clpsych.strip_html(html, drop_quotes=False) == "One two\nold quote\nthree <3"
    assert clpsych.strip_html(None) == ""


def test_clpsych_errors(tmp_path, data_dir):
    root = write_reachout(tmp_path / "clpsych2017")
    labels = root / "clpsych16-data" / "data" / "training" / "labels.tsv"
    labels.write_text("11\tamber\tx\n12\tpurple\ty\n")
    with pytest.raises(ValueError, match="line 2, column 'label': label 'purple'") as info:
        load("clpsych2017-reachout", path=root)
    assert str(labels) in str(info.value)
    labels.write_text("11\tamber\tx\n13\tgreen\tallClear\n")  # 13 is 'crisis' in testing/labels.tsv
    with pytest.raises(ValueError, match="post 13 is labelled twice"):
        load("clpsych2017-reachout", path=root)
    labels.write_text("11\tamber\tx\n99\tgreen\tallClear\n")
    with pytest.raises(DatasetNotFoundError, match=r"no XML file for 1 labelled posts, e.g. \[99\]"):
        load("clpsych2017-reachout", path=root)
    labels.write_text("11\tamber\tx\n")
    broken = root / "clpsych16-data" / "data" / "training" / "posts" / "post-11.xml"
    broken.write_text(reachout_xml(11, "fine").replace("2015-03-04T21:11:12+11:00", "last Tuesday"))
    with pytest.raises(ValueError, match="<post_time> 'last Tuesday' is not an ISO 8601 date") as info:
        load("clpsych2017-reachout", path=root)
    assert str(broken) in str(info.value)
    broken.write_text("<response><message><id>11</id>")
    with pytest.raises(ValueError, match="not well-formed XML") as info:
        load("clpsych2017-reachout", path=root)
    assert str(broken) in str(info.value)
    assert_missing("clpsych2017-reachout", str(data_dir / "clpsych2017"), "data use agreement")


# --------------------------------------------------------------------------- UMD Reddit Suicidality


def write_umd(root: Path) -> Path:
    train, test, expert = root / "crowd" / "train", root / "crowd" / "test", root / "expert"
    for d in (train, test, expert):
        d.mkdir(parents=True)
    header = "post_id,user_id,timestamp,subreddit,post_title,post_body\n"
    (train / "shared_task_posts.csv").write_text(
        header
        + 'p1,101,1400000000,SuicideWatch,Need to talk,"It has been hard, really\nhard."\n'
        + "p2,101,1400003600,AskReddit,What book?,\n"
        + "p3,202,1300000000,aww,Look at this cat,so cute\n"
        + "p4,303,1300000100,gaming,,new patch is out\n"
    )
    (train / "crowd_train.csv").write_text("user_id,label\n101,d\n202,\n")  # 202 control; 303 absent: control
    (test / "shared_task_posts_test.csv").write_text(header + "q1,404,1450000000,SuicideWatch,title,body text\n")
    (test / "crowd_test_A.csv").write_text("user_id,label\n404,b\n")
    (test / "crowd_test_B.csv").write_text("user_id,label\n404,b\n")
    (expert / "expert_posts.csv").write_text(header + "e1,505,1350000000,SuicideWatch,t,b\n")
    (expert / "expert.csv").write_text("user_id,label\n505,c\n")
    return root


def test_umd_crowd_and_expert(tmp_path):
    root = write_umd(tmp_path / "umd")
    df = load("umd-reddit-suicidality", path=root)
    assert tuple(df.columns) == reddit.UMD_COLUMNS
    assert df["post_id"].tolist() == ["p1", "p2", "p3", "p4", "q1"]
    assert df["label"].tolist() == ["d", "d", "control", "control", "b"]
    assert df["split"].tolist() == ["train"] * 4 + ["test"]
    assert df["user_id"].tolist()[0] == "101"
    assert df["text"].iloc[0] == "Need to talk\n\nIt has been hard, really\nhard."
    assert df["text"].iloc[1] == "What book?" and df["text"].iloc[3] == "new patch is out"
    assert df["timestamp"].iloc[0] == pd.Timestamp("2014-05-13 16:53:20", tz="UTC")
    ex = load("umd-reddit-suicidality", path=root, subset="expert")
    assert ex[["post_id", "label", "split"]].values.tolist() == [["e1", "c", "expert"]]


def test_umd_errors(tmp_path, data_dir):
    root = write_umd(tmp_path / "umd")
    labels = root / "crowd" / "train" / "crowd_train.csv"
    labels.write_text("user_id,label\n101,d\n202,e\n")
    with pytest.raises(ValueError, match="data row 2: label 'e'") as info:
        load("umd-reddit-suicidality", path=root)
    assert str(labels) in str(info.value)
    labels.write_text("user_id,risk\n101,d\n")
    with pytest.raises(ValueError, match=r"columns \['label'\] are missing"):
        load("umd-reddit-suicidality", path=root)
    labels.write_text("user_id,label\n101,d\n")
    (root / "crowd" / "test" / "crowd_test_B.csv").write_text("user_id,label\n404,c\n")
    with pytest.raises(ValueError, match="user 404 has label"):
        load("umd-reddit-suicidality", path=root)
    posts = root / "crowd" / "train" / "shared_task_posts.csv"
    posts.write_text("post_id,user_id,timestamp,subreddit,post_title,post_body\np1,101,soon,a,b,c\n")
    with pytest.raises(ValueError, match="data row 1: needs .* timestamp='soon'"):
        load("umd-reddit-suicidality", path=root, splits="train")
    assert_missing("umd-reddit-suicidality", str(data_dir / reddit.UMD_DIR), "data use agreement")


# --------------------------------------------------------------------------- Reddit Mental Health Dataset


def write_rmh(folder: Path) -> Path:
    folder.mkdir(parents=True)
    feats = ",".join(f"tfidf_{i}" for i in range(5))
    (folder / "depression_pre_features_tfidf_256.csv").write_text(
        f"subreddit,author,date,post,{feats}\n"
        + 'depression,user_a,2019/04/12,"I have felt empty for weeks, again",0,0,0.1,0,0\n'
        + "depression,user_b,2019/05/01,cannot sleep,0,0.2,0,0,0\n"
    )
    (folder / "COVID19_support_post_features_tfidf_256.csv").write_text(
        f"subreddit,author,date,post,{feats}\nCOVID19_support,user_c,2020/03/20,stay safe everyone,0,0,0,0,0\n"
    )
    return folder


def test_reddit_mental_health(tmp_path, data_dir):
    write_rmh(data_dir / "reddit_mental_health")
    df = load("reddit-mental-health")
    assert list(df.columns) == ["subreddit", "user_id", "timestamp", "text", "period"]
    assert len(df) == 3
    assert str(df["timestamp"].dt.tz) == "UTC"
    dep = load("reddit-mental-health", subreddits=["Depression"])
    assert dep["user_id"].tolist() == ["user_a", "user_b"] and set(dep["period"]) == {"pre"}
    assert dep["text"].iloc[0] == "I have felt empty for weeks, again"
    assert dep["timestamp"].iloc[0] == pd.Timestamp("2019-04-12", tz="UTC")
    files = sorted((data_dir / "reddit_mental_health").glob("COVID*"))
    one = load("reddit-mental-health", path=files)
    assert one[["subreddit", "period"]].values.tolist() == [["COVID19_support", "post"]]
    with pytest.raises(ValueError, match="no file matches"):
        load("reddit-mental-health", subreddits=["jokes"])


def test_reddit_mental_health_errors(tmp_path, data_dir):
    bad = tmp_path / "anxiety_2018_features_tfidf_256.csv"
    bad.write_text("subreddit,author,date,body\nanxiety,u,2018/01/01,text\n")
    with pytest.raises(ValueError, match=r"columns \['post'\] are missing") as info:
        load("reddit-mental-health", path=bad)
    assert str(bad) in str(info.value)
    bad.write_text("subreddit,author,date,post\nanxiety,u,2018/01/01,ok\nanxiety,v,someday,text\n")
    with pytest.raises(ValueError, match="data row 2: date 'someday'"):
        load("reddit-mental-health", path=bad)
    assert_missing("reddit-mental-health", str(data_dir / "reddit_mental_health"), "zenodo")


# --------------------------------------------------------------------------- LIWC

DIC = """%
1\tfunct
2\tpronoun
10\tarticle
125\taffect
126\tposemo
127\tnegemo
131\tcogmech
134\tdiscrep
135\ttentat
253\ttime
464\tfiller
%
a\t1\t10
the\t1\t10
i\t1\t2
it\t1\t2
abandon*\t125\t127
abandoned\t127
happ*\t125\t126
happen*\t131
would\t134
like\t(02 134)125/464\t(02 134)126\t253
kind\t<of>135/125\t<of>131
kind of\t135
"""


@pytest.fixture
def dic_path(tmp_path) -> Path:
    p = tmp_path / "LIWC2007_test.dic"
    p.write_text(DIC, encoding="latin-1")
    return p


def test_liwc_loader_frame(dic_path):
    df = load("liwc-dic", path=dic_path)
    assert list(df.columns) == ["term", "category", "wildcard", "condition", "branch"]
    assert df["wildcard"].dtype == bool
    abandon = df[df["term"] == "abandon"]
    assert abandon["wildcard"].all() and set(abandon["category"]) == {"affect", "negemo"}
    like = df[df["term"] == "like"]
    assert set(like.loc[like["branch"] == "", "category"]) == {"time"}
    cond = like[like["branch"] != ""]
    assert set(cond["condition"]) == {"previous word in {pronoun, discrep}"}
    assert set(zip(cond["category"], cond["branch"], strict=True)) == {
        ("affect", "true"),
        ("filler", "false"),
        ("posemo", "true"),
    }
    kind = df[df["term"] == "kind"]
    assert set(kind["condition"]) == {"next word is {of}"}


def test_liwc_counts_resolve_conditions(dic_path):
    d = liwc.LiwcDictionary.from_file(dic_path)
    assert d.categories[:3] == ("funct", "pronoun", "article")
    counts = d.count(liwc.tokenize("I like it, the like. I would like a happening!"))
    # like after "i" and after "would" (discrep): affect+posemo; after "the": filler. time always.
    assert counts["time"] == 3 and counts["filler"] == 1 and counts["posemo"] == 2
    assert counts["affect"] == 2  # "happening" matches happen* (longest prefix), not happ*
    assert counts["cogmech"] == 1 and counts["article"] == 2
    assert d.categories_of("abandoned") == {"negemo"}  # exact entry wins over the wildcard
    assert d.categories_of("abandons") == {"affect", "negemo"}
    assert d.categories_of("kind", nxt="of") == {"tentat", "cogmech"}
    assert d.categories_of("kind", nxt="person") == {"affect"}
    # The phrase "kind of" counts once more at its first token.
    assert d.count(["kind", "of"])["tentat"] == 2
    plain = liwc.LiwcDictionary.from_file(dic_path, resolve_conditionals=False)
    assert plain.count(["i", "like"]) == dict.fromkeys(plain.categories, 0) | {"funct": 1, "pronoun": 1, "time": 1}


def test_liwc_vectorizer(dic_path):
    from sklearn.base import clone

    vec = liwc.LiwcVectorizer(dic_path)
    X = vec.fit_transform(["I like it", "", "abandoned the happy dog"])
    names = list(vec.get_feature_names_out())
    assert X.shape == (3, len(names)) and names[0] == "funct"
    assert X[0, names.index("pronoun")] == pytest.approx(2 / 3)
    assert X[0, names.index("posemo")] == pytest.approx(1 / 3)
    assert (X[1] == 0).all()
    assert X[2, names.index("negemo")] == pytest.approx(1 / 4)
    assert clone(vec).get_params() == {"dic_path": dic_path, "resolve_conditionals": True}
    with pytest.raises(AttributeError, match="not fitted"):
        liwc.LiwcVectorizer(dic_path).transform(["x"])


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("%\n1\tfunct\n%\nthe\t1\t99\n", "line 4: category id 99 is not in the header"),
        ("%\n1\tfunct\n%\nthe\t1\tx2\n", "line 4: cannot read category field 'x2'"),
        ("%\nfunct\n%\nthe\t1\n", "line 2: expected '<category id><TAB><name>'"),
        ("the\t1\n", "no category header"),
        ("\n\n", "empty"),
        ("%\n1\tfunct\n%\nlonely\n", "line 4: expected '<term><TAB><category ids>'"),
    ],
)
def test_liwc_malformed(tmp_path, text, match):
    p = tmp_path / "bad.dic"
    p.write_text(text)
    with pytest.raises(ValueError, match=match) as info:
        load("liwc-dic", path=p)
    assert str(p) in str(info.value)


def test_liwc_missing_and_ambiguous_folder(tmp_path, data_dir, dic_path):
    assert_missing("liwc-dic", str(data_dir / "liwc"), "licence")
    (data_dir / "liwc").mkdir()
    (data_dir / "liwc" / "a.dic").write_text(DIC)
    assert len(load("liwc-dic")) > 10  # the only .dic in the default folder
    (data_dir / "liwc" / "b.dic").write_text(DIC)
    with pytest.raises(ValueError, match="2 .dic files"):
        load("liwc-dic")


# --------------------------------------------------------------------------- the real public files


def test_real_goemotions_row_counts(shared_data):
    root = shared_data
    df = load("goemotions", path=root / "goemotions", taxonomy="group")
    assert df["split"].value_counts().to_dict() == {"train": 43410, "test": 5427, "dev": 5426}
    assert set(df["labels"].explode()) == {"ambiguous", "negative", "neutral", "positive"}
    original = load("goemotions", path=root / "goemotions", taxonomy="original", splits="train")
    assert len(set(original["labels"].explode())) == 28
    assert original["comment_id"].is_unique


def test_real_goemotions_derived_taxonomies_match_release(tmp_path, shared_data):
    root = shared_data
    only_original = tmp_path / "goemotions"
    only_original.mkdir()
    (only_original / "original").symlink_to(root / "goemotions" / "original")
    for taxonomy in ("group", "ekman"):
        derived = load("goemotions", path=only_original, taxonomy=taxonomy, splits="dev")
        shipped = load("goemotions", path=root / "goemotions", taxonomy=taxonomy, splits="dev")
        assert derived["labels"].tolist() == shipped["labels"].tolist()
        assert derived["label_ids"].tolist() == shipped["label_ids"].tolist()


def test_real_tweeteval_row_counts(shared_data):
    root = shared_data
    sent = load("tweeteval-sentiment", path=root / "tweeteval")
    assert sent["split"].value_counts().to_dict() == {"test": 12284, "val": 2000}
    assert set(sent["label"]) == {"negative", "neutral", "positive"}
    emo = load("tweeteval-emotion", path=root / "tweeteval")
    assert emo["split"].value_counts().to_dict() == {"train": 3257, "test": 1421, "val": 374}
    assert set(emo["label"]) == {"anger", "joy", "optimism", "sadness"}
