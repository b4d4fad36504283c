"""Hostile files: each loader against broken copies of a small valid file, and what it does with them.

For every real-format loader, :data:`SPECS` holds a builder that writes a small valid data set in the
loader's own format (synthetic text only) and names one file of it to break. :func:`mutate` applies
one of :data:`MUTATIONS` to that file: cut it short, swap its delimiter, drop or add a column, add a
field to one line, inject an invalid UTF-8 byte, prepend a byte-order mark, turn its line ends into
CR only, repeat an id, put a label outside the schema, make a field a megabyte long, or empty it.
Each spec says, per mutation, what the loader must do:

``"refuse"``
    raise :class:`~mhtext.data.errors.LoadError` naming the file (and the line, where one applies);
``"equal"``
    accept the file and return the frame of the valid file (a BOM, CR-only line ends, extra columns);
``"prefix"``
    refuse, or return the valid frame's first rows (a file cut exactly at a line end is a shorter
    valid file);
``"any"``
    refuse or accept: the format gives the bytes a meaning (latin-1 decodes every byte), so the
    loader cannot tell; it still never raises anything but LoadError.

:func:`hostile_table` runs the deterministic list (one row per loader and mutation) that the Data
chapter shows; ``tests/test_hostile_files.py`` draws the same mutations at random positions with
hypothesis and checks each outcome against the spec.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mhtext.data.errors import MAX_FIELD_CHARS, LoadError

#: The mutations, in the order the table shows them.
MUTATIONS = (
    "empty file",
    "cut short mid-line",
    "wrong delimiter",
    "missing column",
    "extra column",
    "extra field on one line",
    "invalid UTF-8 byte",
    "UTF-8 byte-order mark",
    "CR-only line ends",
    "duplicated id",
    "label outside the schema",
    "1 MB field",
)
OUTCOMES = ("refuse", "equal", "prefix", "any")
#: Length of the enormous field: just over a megabyte, over :data:`~mhtext.data.errors.MAX_FIELD_CHARS`.
HUGE = max(1_048_577, MAX_FIELD_CHARS + 1)


@dataclass(frozen=True)
class Spec:
    """One loader and the file of its format that the mutations break.

    ``build(folder)`` writes a valid data set under ``folder`` and returns the file to break;
    ``load(folder)`` reads the data set. ``kind`` is how lines split into fields: ``"csv"`` (the csv
    module, quoting as needed), ``"csv-all"`` (every field quoted), ``"split"`` (lines split on
    ``delimiter``) or ``"xml"`` (no fields). ``label`` and ``dup`` are substitutions in the valid
    text: ``(old, new)`` puts an out-of-schema label in, ``dup`` is a substring of the line to repeat;
    ``huge`` is a substring replaced by a megabyte of ``x``. ``expect`` maps each applicable
    mutation to its outcome; ``required`` lists the field positions a loader needs (dropping
    another is ``"equal"``).
    """

    loader: str
    build: Callable[[Path], Path]
    load: Callable[[Path], pd.DataFrame]
    kind: str
    expect: dict[str, str]
    delimiter: str = ","
    swap: str = ";"
    encoding: str = "utf-8"
    header: bool = True
    label: tuple[str, str] | None = None
    dup: str | None = None
    huge: str | None = None
    required: tuple[int, ...] | None = None
    skip: int = 0  #: leading lines (header block) that the field mutations leave alone
    extra_value: str = "extra"


# ----------------------------------------------------------------------------- valid files (synthetic text)

def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def _csv(rows: list[list[str]], *, crlf: bool = False, quote_all: bool = False) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n" if crlf else "\n",
               quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows(rows)
    return buf.getvalue()


_GO_LABELS = "\n".join(["admiration", "amusement", "anger", "joy", "sadness", "neutral"])  # no final newline, as released


def _goemotions(folder: Path) -> Path:
    root = folder / "goemotions" / "original"
    _write(root / "labels.txt", _GO_LABELS)
    rows = ["Thank you, this made my day\t0\tc1", "He said no and I was furious\t2\tc2",
            "It is a table.\t5\tc3", "Happy for you, sad to see you go\t3,4\tc4"]
    return _write(root / "train.tsv", "\n".join(rows) + "\n")


def _tweeteval(folder: Path) -> Path:
    root = folder / "tweeteval" / "sentiment"
    _write(root / "mapping.txt", "0\tnegative\n1\tneutral\n2\tpositive\n")
    _write(root / "val_labels.txt", "2\n1\n0\n")
    return _write(root / "val_text.txt", "@user great game! \nmeh \nso annoyed today \n")


def _tweeteval_labels(folder: Path) -> Path:
    _tweeteval(folder)
    return folder / "tweeteval" / "sentiment" / "val_labels.txt"


_S140 = [
    ["0", "1467810369", "Mon Apr 06 22:19:45 PDT 2009", "NO_QUERY", "user_a", "awww, that's a bummer"],
    ["4", "1467810672", "Mon Apr 06 22:19:49 PDT 2009", "NO_QUERY", "user_b", 'is "upset" he can\'t update'],
    ["0", "1467810917", "Tue Apr 07 00:01:03 PDT 2009", "NO_QUERY", "user_c", "dived many times for the ball"],
]


def _sentiment140(folder: Path) -> Path:
    return _write(folder / "s140.csv", _csv(_S140, quote_all=True), "latin-1")


_UMD_HEADER = ["post_id", "user_id", "timestamp", "subreddit", "post_title", "post_body"]


def _umd(folder: Path) -> Path:
    train = folder / "umd" / "crowd" / "train"
    _write(train / "crowd_train.csv", "user_id,label\n101,d\n202,\n303,b\n")
    return _write(train / "shared_task_posts.csv", _csv([
        _UMD_HEADER,
        ["p1", "101", "1400000000", "SuicideWatch", "Need to talk", "It has been hard, really\nhard."],
        ["p2", "101", "1400003600", "AskReddit", "What book?", ""],
        ["p3", "202", "1300000000", "aww", "Look at this cat", "so cute"],
        ["p4", "303", "1300000100", "gaming", "", "new patch is out"],
    ]))


def _umd_labels(folder: Path) -> Path:
    _umd(folder)
    return folder / "umd" / "crowd" / "train" / "crowd_train.csv"


def _rmh(folder: Path) -> Path:
    return _write(folder / "rmh" / "depression_pre_features_tfidf_256.csv", _csv([
        ["subreddit", "author", "date", "post", "tfidf_0", "tfidf_1"],
        ["depression", "user_a", "2019/04/12", "I have felt empty for weeks, again", "0", "0.1"],
        ["depression", "user_b", "2019/05/01", "cannot sleep", "0.2", "0"],
        ["depression", "user_c", "2019/05/02", "a better day", "0", "0"],
    ]))


def _irf(folder: Path) -> Path:
    return _write(folder / "irf" / "train_data.csv", _csv([
        ["Unnamed: 0", "text", "belong", "belong_exp", "burden", "burden_exp"],
        ["7", "I can't talk to anyone, I'm so alone.", "1", "so alone", "0", ""],
        ["3", "I am a burden to my family. No friends either.", "1", "no friends", "1", "burden to my family"],
        ["12", "Nice day, went out with friends.", "0", "", "0", ""],
    ]))


def _cssrs(folder: Path) -> Path:
    return _write(folder / "cssrs" / "posts.csv", _csv([
        ["User", "Post", "Label"],
        ["user-0", repr(["I am here for you.", "Hang in there."]), "Supportive"],
        ["user-1", repr(["I want to sleep for a year."]), "Ideation"],
        ["user-2", repr(["Nobody calls."]), "Indicator"],
    ], crlf=True))


def _reachout_xml(post_id: int, body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<response status="success">\n'
            f'  <message type="message" href="/messages/id/{post_id}">\n    <id type="int">{post_id}</id>\n'
            f'    <author type="user" href="/users/id/42"/>\n    <subject type="string">Re: hello</subject>\n'
            f'    <body type="string">&lt;p&gt;{body}&lt;/p&gt;</body>\n'
            f'    <post_time type="date_time">2015-03-04T21:11:12+11:00</post_time>\n'
            f'    <thread type="thread" href="/threads/id/100"/>\n  </message>\n</response>\n')


def _clpsych(folder: Path) -> Path:
    root = folder / "clpsych2017"
    train = root / "train"
    _write(train / "post-11.xml", _reachout_xml(11, "I feel really low and tired"))
    _write(train / "post-12.xml", _reachout_xml(12, "Thanks all, feeling better"))
    _write(root / "test" / "post-21.xml", _reachout_xml(21, "Welcome to the forums"))
    _write(root / "test" / "labels.tsv", "21\tgreen\tsupporting\n")
    return _write(train / "labels.tsv", "11\tamber\tcurrentMildDistress\n12\tgreen\tfollowupOk\n")


def _clpsych_xml(folder: Path) -> Path:
    _clpsych(folder)
    return folder / "clpsych2017" / "train" / "post-11.xml"


_DIC = "%\n1\tfunct\n2\tpronoun\n125\taffect\n126\tposemo\n127\tnegemo\n%\na\t1\ni\t1\t2\nabandon*\t125\t127\nhapp*\t125\t126\n"


def _liwc(folder: Path) -> Path:
    return _write(folder / "liwc" / "test.dic", _DIC)


def _glove(folder: Path) -> Path:
    return _write(folder / "glove" / "vectors.txt",
                  "<user> 0.1 -0.2 0.3\nthe 1.0 2.0 3.0\ncafe 0.5 0.5 -0.5\nsad -1.0 0.0 1.0\n")


def _brown(folder: Path) -> Path:
    root = folder / "brown"
    _write(root / "cats.txt", "ca01 news\n")
    return _write(root / "ca01", "\n\n\tThe/at jury/nn said/vbd ./.\n\n\n\tIt/pps was/bedz fair/jj ./.\n")


_OWN_ROWS = [["post_id", "label", "text"], ["p1", "amber", "I feel really low, and tired"],
             ["p2", "green", "Thanks all, feeling better"], ["p3", "crisis", "I can't do this anymore"]]
#: The levels the own-corpus specs pass: a label outside them is refused.
OWN_LEVELS = "green;amber;red;crisis"


def _own_csv(folder: Path) -> Path:
    return _write(folder / "own" / "corpus.csv", _csv(_OWN_ROWS))


def _own_tsv(folder: Path) -> Path:
    return _write(folder / "own" / "corpus.tsv", "".join("\t".join(r) + "\n" for r in _OWN_ROWS))


def _own(file: str) -> Callable[[Path], pd.DataFrame]:
    def run(folder: Path) -> pd.DataFrame:
        from mhtext.data.own_corpus import read_corpus

        return read_corpus(folder / "own" / file, study="clpsych-benchmark", levels=OWN_LEVELS).frame

    return run


def _load(name: str, **kwargs) -> Callable[[Path], pd.DataFrame]:
    from mhtext.data import load

    def run(folder: Path) -> pd.DataFrame:
        return load(name, **{k: (folder / v if isinstance(v, Path) else v) for k, v in kwargs.items()})

    return run


_KEYS = {m.lower().replace(" ", "_").replace("-", "_"): m for m in MUTATIONS}


def _fine(exp: dict[str, str], **changes: str) -> dict[str, str]:
    """``exp`` with some outcomes changed; keyword names are the mutations in snake case."""
    return {**exp, **{_KEYS[k.lower()]: v for k, v in changes.items()}}


# What a delimited format with ids and labels must do; specs adjust it.
_STRICT = {
    "empty file": "refuse", "cut short mid-line": "prefix", "wrong delimiter": "refuse", "missing column": "refuse",
    "extra column": "equal", "extra field on one line": "refuse", "invalid UTF-8 byte": "refuse",
    "UTF-8 byte-order mark": "equal", "CR-only line ends": "equal", "duplicated id": "refuse",
    "label outside the schema": "refuse", "1 MB field": "refuse",
}
_LINES = {k: v for k, v in _STRICT.items() if k not in ("wrong delimiter", "missing column", "extra column",
                                                          "extra field on one line", "label outside the schema")}
_XML = {k: v for k, v in _LINES.items() if k != "duplicated id"}

SPECS: tuple[Spec, ...] = (
    Spec("goemotions", _goemotions, _load("goemotions", path=Path("goemotions"), taxonomy="original", splits="train"),
         "split", {**_STRICT, "extra column": "refuse"}, delimiter="\t", swap=",", header=False,
         label=("\t5\t", "\t9\t"), dup="\tc2", huge="It is a table."),
    Spec("tweeteval-sentiment (text)", _tweeteval, _load("tweeteval-sentiment", path=Path("tweeteval")), "split",
         {**_LINES, "duplicated id": "refuse", "cut short mid-line": "refuse"}, delimiter="\n", header=False,
         dup="meh", huge="so annoyed today"),
    Spec("tweeteval-sentiment (labels)", _tweeteval_labels, _load("tweeteval-sentiment", path=Path("tweeteval")),
         "split", {**_LINES, "cut short mid-line": "refuse", "label outside the schema": "refuse"}, delimiter="\n",
         header=False, label=("1\n", "7\n"), dup="1\n", huge="1"),
    Spec("sentiment140", _sentiment140, _load("sentiment140", path=Path("s140.csv")), "csv-all",
         _fine(_STRICT, extra_column="refuse", invalid_UTF_8_byte="any", duplicated_id="any"), header=False,
         encoding="latin-1", label=('"4","1467810672"', '"3","1467810672"'), dup="1467810917",
         huge="dived many times"),
    Spec("umd-reddit-suicidality (posts)", _umd, _load("umd-reddit-suicidality", path=Path("umd"), splits="train"),
         "csv", dict(_STRICT, **{"label outside the schema": "refuse"}), label=(",1300000000,", ",soon,"),
         dup="p3,", huge="new patch is out"),
    Spec("umd-reddit-suicidality (labels)", _umd_labels,
         _load("umd-reddit-suicidality", path=Path("umd"), splits="train"), "csv",
         _fine(_STRICT, cut_short_mid_line="any", duplicated_id="equal"), label=("303,b", "303,e"), dup="202,",
         huge="303"),
    Spec("reddit-mental-health", _rmh, _load("reddit-mental-health", path=Path("rmh")), "csv",
         {k: v for k, v in _STRICT.items() if k not in ("duplicated id",)}, required=(0, 1, 2, 3),
         label=("2019/05/01", "someday"), huge="cannot sleep"),
    Spec("irf", _irf, _load("irf", path=Path("irf"), split="train"), "csv", dict(_STRICT),
         label=(",0,,0,", ",2,,0,"), dup="12,", huge="Nice day"),
    Spec("reddit-cssrs", _cssrs, _load("reddit-cssrs", path=Path("cssrs") / "posts.csv"), "csv", dict(_STRICT),
         label=("Indicator", "Severe"), dup="user-1,", huge="Nobody calls."),
    Spec("clpsych2017-reachout (labels)", _clpsych, _load("clpsych2017-reachout", path=Path("clpsych2017")),
         "split", _fine(_STRICT, cut_short_mid_line="any", missing_column="any", extra_field_on_one_line="equal",
                        duplicated_id="equal"), delimiter="\t", swap=",", header=False,
         label=("\tamber\t", "\tpurple\t"), dup="12\t", huge="followupOk"),
    Spec("clpsych2017-reachout (XML post)", _clpsych_xml, _load("clpsych2017-reachout", path=Path("clpsych2017")),
         "xml", dict(_XML), header=False, huge="I feel really low"),
    Spec("liwc-dic", _liwc, _load("liwc-dic", path=Path("liwc") / "test.dic"), "split",
         _fine(_STRICT, invalid_UTF_8_byte="any", extra_column="refuse", extra_field_on_one_line="any"),
         delimiter="\t", swap=",", header=False, label=("i\t1\t2", "i\t1\t99"), dup="2\tpronoun", huge="abandon*",
         skip=0, extra_value="x"),
    Spec("glove-text", _glove, _load("glove-text", path=Path("glove") / "vectors.txt"), "split",
         _fine(_STRICT, extra_column="any", missing_column="any", duplicated_id="equal"), delimiter=" ", swap="\t",
         header=False, dup="the ", huge="cafe", extra_value="0.5"),
    Spec("brown", _brown, _load("brown", path=Path("brown")), "split",
         {**_LINES, "wrong delimiter": "refuse", "duplicated id": "any"}, delimiter="/", swap="|", header=False,
         dup="It/pps", huge="jury"),
)


def _own_corpus_specs() -> tuple[Spec, ...]:
    """The own-corpus reader (``mhtext.data.own_corpus.read_corpus``, study D's schema), CSV and TSV, if present."""
    try:
        from mhtext.data import own_corpus  # noqa: F401
    except ImportError:
        return ()
    common = dict(label=(",crisis,", ",purple,"), dup="p2,", huge="feeling better")
    return (
        Spec("own corpus (CSV)", _own_csv, _own("corpus.csv"), "csv", dict(_STRICT), **common),
        Spec("own corpus (TSV)", _own_tsv, _own("corpus.tsv"), "split", dict(_STRICT), delimiter="\t", swap=",",
             **{**common, "label": ("\tcrisis\t", "\tpurple\t"), "dup": "p2\t"}),
    )


SPECS = SPECS + _own_corpus_specs()

def _refusals() -> tuple[type[Exception], ...]:
    """The error types that count as a clear refusal: LoadError, and the own-corpus reader's CorpusError."""
    try:
        from mhtext.data.own_corpus import CorpusError
    except ImportError:
        return (LoadError,)
    return (LoadError, CorpusError)


def spec(loader: str) -> Spec:
    """The spec of ``loader`` (as named in :data:`SPECS`)."""
    for s in SPECS:
        if s.loader == loader:
            return s
    raise KeyError(f"no hostile-file spec for {loader!r}; known: {[s.loader for s in SPECS]}")


def applicable(s: Spec) -> list[str]:
    """The mutations that apply to a spec's format, in :data:`MUTATIONS` order."""
    out = [m for m in MUTATIONS if m in s.expect]
    if s.label is None:
        out = [m for m in out if m != "label outside the schema"]
    if s.dup is None:
        out = [m for m in out if m != "duplicated id"]
    return out


# ----------------------------------------------------------------------------- mutations

def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _records(text: str, s: Spec) -> list[list[str]]:
    if s.kind.startswith("csv"):
        return [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    lines = text.split(_newline(text))
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split(s.delimiter) for line in lines]


def _unrecords(records: list[list[str]], s: Spec, newline: str) -> str:
    if s.kind.startswith("csv"):
        buf = io.StringIO()
        csv.writer(buf, lineterminator=newline,
                   quoting=csv.QUOTE_ALL if s.kind == "csv-all" else csv.QUOTE_MINIMAL).writerows(records)
        return buf.getvalue()
    return "".join(s.delimiter.join(r) + newline for r in records)


def mutate(data: bytes, s: Spec, mutation: str, *, at: float = 0.5, which: int = -1) -> tuple[bytes, str]:
    """Apply ``mutation`` to the valid bytes ``data`` of spec ``s``; return the bytes and the expected outcome.

    ``at`` (0-1) places a cut or an injected byte (by default the middle of the last line, or of line 2);
    ``which`` picks a field or line for the field mutations (default: the first required field, the
    first data line after the header). The outcome is the spec's, refined where it depends on
    the drawn field (dropping a field no loader needs is ``"equal"``).
    """
    expect = s.expect[mutation]
    text = data.decode(s.encoding)
    nl = _newline(text)
    if mutation == "empty file":
        return b"", expect
    if mutation == "cut short mid-line":
        if at == 0.5 and which == -1:  # the table's case: the middle of the last line
            body = data.rstrip(b"\r\n")
            start = max(body.rfind(b"\n"), body.rfind(b"\r")) + 1
            return data[: start + max(1, (len(body) - start) // 2)], expect
        return data[: min(len(data) - 1, int(at * len(data)))], expect
    if mutation == "invalid UTF-8 byte":
        if at == 0.5 and which == -1:
            first = data.find(b"\n") + 1
            end = data.find(b"\n", first)
            pos = (first + (end if end > first else len(data))) // 2
        else:
            pos = min(len(data), int(at * len(data)))
        return data[:pos] + b"\xff" + data[pos:], expect
    if mutation == "UTF-8 byte-order mark":
        return b"\xef\xbb\xbf" + data, expect
    if mutation == "CR-only line ends":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r"), expect
    if mutation == "1 MB field":
        assert s.huge is not None and s.huge in text
        return text.replace(s.huge, "x" * HUGE, 1).encode(s.encoding), expect
    if mutation == "label outside the schema":
        assert s.label is not None and s.label[0] in text
        return text.replace(s.label[0], s.label[1], 1).encode(s.encoding), expect
    if mutation == "duplicated id":
        assert s.dup is not None and s.dup in text
        i = text.index(s.dup)
        start = text.rfind(nl, 0, i) + len(nl) if text.rfind(nl, 0, i) >= 0 else 0
        end = text.index(nl, i) + len(nl)
        return (text[:end] + text[start:end] + text[end:]).encode(s.encoding), expect
    if mutation == "wrong delimiter":
        return text.replace(s.delimiter, s.swap).encode(s.encoding), expect
    records = _records(text, s)
    head, body = records[: s.skip], records[s.skip:]
    if mutation == "missing column":
        width = max(len(r) for r in body)
        k = (s.required or (0,))[0] if which == -1 else which % width
        if s.required is not None and k not in s.required:
            expect = "equal"
        body = [r[:k] + r[k + 1:] if len(r) > k else r for r in body]
    elif mutation == "extra column":
        body = [[*r, "extra" if s.header and i == 0 else s.extra_value] for i, r in enumerate(body)]
    elif mutation == "extra field on one line":
        r = (1 if s.header else 0) if which == -1 else which % len(body)
        if s.header and r == 0:
            r = min(1, len(body) - 1)
        body[r] = [*body[r], s.extra_value]
    else:
        raise ValueError(f"unknown mutation {mutation!r}; known: {MUTATIONS}")
    return _unrecords(head + body, s, nl).encode(s.encoding), expect


# ----------------------------------------------------------------------------- running

@dataclass
class Outcome:
    """What a loader did with one input: the frame, or the LoadError (anything else propagates)."""

    frame: pd.DataFrame | None
    error: Exception | None  #: a LoadError (or the own-corpus reader's CorpusError)

    @property
    def refused(self) -> bool:
        return self.error is not None


def run(s: Spec, folder: Path, mutation: str | None, **params) -> tuple[Outcome, str, Path, bytes]:
    """Build ``s`` under ``folder``, apply ``mutation`` (None: leave it valid), load.

    Returns the outcome, the expected outcome, the broken file and its bytes. Only
    :class:`~mhtext.data.errors.LoadError` (and the own-corpus reader's ``CorpusError``, with the same
    fields) is caught: any other exception is a loader bug and propagates.
    """
    target = s.build(folder)
    expect = "equal"
    data = target.read_bytes()
    if mutation is not None:
        data, expect = mutate(data, s, mutation, **params)
        target.write_bytes(data)
    try:
        return Outcome(s.load(folder), None), expect, target, data
    except _refusals() as err:
        return Outcome(None, err), expect, target, data


def same_frame(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Equal values, columns, dtypes and index (``attrs`` aside)."""
    try:
        pd.testing.assert_frame_equal(a.reset_index(drop=False), b.reset_index(drop=False), check_exact=True)
    except AssertionError:
        return False
    return True


def verdict(outcome: Outcome, expect: str, valid: pd.DataFrame) -> bool:
    """Whether an outcome is what the spec allows (see the module docstring)."""
    if expect == "refuse":
        return outcome.refused
    if outcome.refused or expect == "any":
        return expect != "equal"
    if expect == "equal":
        return same_frame(outcome.frame, valid)
    if outcome.frame.empty:  # a cut right after the header: no rows, whose dtypes pandas leaves to chance
        return list(outcome.frame.columns) == list(valid.columns)
    return same_frame(outcome.frame, valid.iloc[: len(outcome.frame)])  # "prefix"


def _shorten(message: str, root: Path) -> str:
    """The message with every path under ``root`` cut to its file name, and long runs of one character cut."""
    message = re.sub(re.escape(str(root)) + r"[/\\][^\s,:;'\"]*", lambda m: Path(m.group(0)).name, message)
    return re.sub(r"(.)\1{40,}", lambda m: m.group(1) * 8 + "...", message)


def hostile_table(tmp_dir: str | Path) -> pd.DataFrame:
    """Run every spec's mutations (the deterministic list) and tabulate what each loader did.

    Parameters
    ----------
    tmp_dir : path
        An empty folder to write the files into (each case gets its own subfolder).

    Returns
    -------
    pandas.DataFrame
        One row per (loader, mutation): ``loader``, ``input`` (the mutation), ``file`` (the file
        broken), ``expected`` (refuse / equal / prefix / any, see the module docstring),
        ``outcome`` (``"refused"`` or ``"accepted"``), ``as_expected`` (bool) and ``message`` (the
        error, paths shortened to file names; empty when accepted). The inputs are synthetic, so no
        corpus text appears.
    """
    root = Path(tmp_dir)
    rows = []
    for n, s in enumerate(SPECS):
        valid, _, _, _ = run(s, root / f"{n:02d}-valid", None)
        if valid.refused:
            raise RuntimeError(f"{s.loader}: the valid file is refused: {valid.error}")
        for m, mutation in enumerate(applicable(s)):
            out, expect, target, _ = run(s, root / f"{n:02d}-{m:02d}", mutation)
            rows.append({
                "loader": s.loader,
                "input": mutation,
                "file": target.name,
                "expected": expect,
                "outcome": "refused" if out.refused else "accepted",
                "as_expected": verdict(out, expect, valid.frame),
                "message": _shorten(str(out.error), root) if out.refused else "",
            })
    return pd.DataFrame(rows)
