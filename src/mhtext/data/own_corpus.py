"""A corpus you bring: your own labelled file through any of the four studies.

Every study accepts ``-p dataset=file:PATH``: a CSV, TSV, JSON Lines or Parquet file (chosen by its suffix) with the
columns the study needs (:data:`SCHEMAS`; ``-p columns=text=body;label=risk`` maps your names onto them). The file
is read strictly, whole, or not at all: a problem raises :class:`CorpusError` naming the file, the line (the row
for Parquet), the column and what was expected, and no half-read frame ever reaches a study.

What the reader accepts and documents rather than refuses: a UTF-8 byte-order mark (dropped); CR, LF or CRLF line
ends; quoted fields that span lines (a record's line is where it starts); blank lines; columns the study does not
use (listed on the card, otherwise ignored); surrounding spaces in header names. What it refuses: an unknown
suffix, bytes that are not UTF-8, an empty file or one with a header only, a text file whose last line has no line
end (it was cut short, and its last field would load shortened), a record with more or fewer fields than
the header (often a wrong delimiter), an unterminated quote, a missing required column, an empty required cell, a
field longer than :data:`MAX_FIELD` characters, a duplicated id, a label outside the order you gave, an unreadable
timestamp.

A user's corpus is sensitive by default (:mod:`mhtext.privacy`: its card says so); a run says otherwise only when
the user passes ``sensitive=False``. :func:`write_card` writes a card for it (rows, label counts, sha256 of the
file; the file's name, never its folder or its text) into the run's results folder, and the Data chapter lists
every such card under the results root.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from mhtext import paths
from mhtext.data.errors import MAX_FIELD_CHARS, LoadError, read_table, read_text
from mhtext.data.registry import frame_checksum, register

NAME = "own-corpus"

#: The longest field accepted, in characters (a 10,000-word post is about 60,000).
MAX_FIELD = MAX_FIELD_CHARS

#: Suffix -> format.
FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
           ".parquet": "parquet", ".pq": "parquet"}

#: ``dataset=`` prefix that names a file.
PREFIX = "file:"


@dataclass(frozen=True)
class Schema:
    """The columns one study reads from a user's file."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    #: Column whose values must be unique, if any.
    id_col: str | None = None
    #: Column holding the label(s), if any.
    label_col: str | None = None
    #: Several labels per row, joined by ``;``.
    multi_label: bool = False
    #: Column that must parse as a date/time.
    time_col: str | None = None
    #: One line per column for the documentation.
    doc: dict[str, str] = field(default_factory=dict)


SCHEMAS: dict[str, Schema] = {
    "valence-transfer": Schema(
        required=("text", "label"), optional=("user_id",), label_col="label",
        doc={"text": "one text (a journal response, a post)", "label": "its class: any label set",
             "user_id": "optional: the author, to keep authors apart in the folds"}),
    "mdi-patterns": Schema(
        required=("user_id", "timestamp", "text"), optional=("disorder",), label_col="disorder",
        time_col="timestamp",
        doc={"user_id": "the author", "timestamp": "when the post was written (ISO 8601 or any date pandas reads)",
             "text": "the post", "disorder": "optional: the author's diagnosis (one per author): statuses are "
                                              "counted per diagnosis, and scored against it when every one is "
                                              "anxiety, bipolar, depressive, ocd or none"}),
    "distress-triage": Schema(
        required=("thread_id", "author_id", "message_id", "text", "labels"), optional=("rationale", "triage"),
        id_col="message_id", label_col="labels", multi_label=True,
        doc={"thread_id": "the thread a message belongs to", "author_id": "who wrote it",
             "message_id": "unique per message", "text": "the message",
             "labels": "its labels joined by ';' (any label set; empty for none)",
             "rationale": "optional: the words an annotator marked, joined by ';'",
             "triage": "optional: the author's triage level (any ordered set; see triage_levels)"}),
    "clpsych-benchmark": Schema(
        required=("post_id", "text", "label"), optional=("user_id",), id_col="post_id", label_col="label",
        doc={"post_id": "unique per post", "text": "the post", "label": "its class: any label set, ordered by "
             "levels", "user_id": "optional: the author, to split by author"}),
}


class CorpusError(LoadError):
    """A user's file breaks the schema (a :class:`mhtext.data.errors.LoadError`): ``path``, ``line`` (1-based; the
    row for Parquet, then ``unit="row"``), ``column``, ``problem``, ``hint`` (what to do)."""

    def __init__(self, path, problem: str, *, line: int | None = None, column: str | None = None,
                 hint: str = "", unit: str = "line"):
        self.unit = unit
        hint = f"{hint[:1].upper()}{hint[1:]}" + ("" if not hint or hint.endswith(".") else ".")
        super().__init__(path, problem, line=line, column=column, hint=hint)

    def _render(self) -> str:
        text = super()._render()
        return text.replace(f", line {self.line}", f", row {self.line}", 1) if self.unit == "row" else text

    def __reduce__(self):
        return (_rebuild, (self.path, self.problem, self.line, self.column, self.hint, self.unit))


def _rebuild(path, problem, line, column, hint, unit):
    return CorpusError(path, problem, line=line, column=column, hint=hint, unit=unit)


@dataclass
class OwnCorpus:
    """A user's corpus, read and checked: ``frame`` has the study's column names (and ``line``, where each row
    starts in the file), ``card`` what the Data chapter shows."""

    frame: pd.DataFrame
    card: dict


def file_path(dataset: str) -> Path | None:
    """The path in ``dataset="file:PATH"``, or None for any other dataset value."""
    if not isinstance(dataset, str) or not dataset.startswith(PREFIX):
        return None
    raw = dataset[len(PREFIX):].strip()
    if not raw:
        raise ValueError("dataset='file:' names no file; write dataset=file:PATH (a .csv, .tsv, .jsonl or "
                         ".parquet file)")
    return Path(raw).expanduser()


def parse_columns(columns: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"text=body;label=risk"`` (ours=yours) or a mapping, as a dict."""
    if not columns:
        return {}
    if isinstance(columns, Mapping):
        return {str(k): str(v) for k, v in columns.items()}
    out = {}
    for part in str(columns).split(";"):
        if not part.strip():
            continue
        ours, sep, theirs = part.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise ValueError(f"columns={columns!r}: {part!r} is not ours=yours (e.g. columns=text=body;label=risk)")
        out[ours.strip()] = theirs.strip()
    return out


def parse_levels(levels: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"low;mid;high"`` (or a list) as a tuple; empty for none."""
    if not levels:
        return ()
    items = levels.split(";") if isinstance(levels, str) else levels
    return tuple(str(v).strip() for v in items if str(v).strip())


# ----------------------------------------------------------------------------- reading


def _read_delimited(path: Path, delimiter: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, rows and each row's first line, by the loaders' strict reader (:func:`errors.read_table`)."""
    table = read_table(path, (), delimiter=delimiter)
    header = [h.strip() for h in table.header]
    return header, table.frame.to_numpy(dtype=object).tolist(), list(table.lines)


def _read_jsonl(path: Path, text: str) -> tuple[list[str], list[list[str]], list[int]]:
    records, lines = [], []
    for i, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as err:
            raise CorpusError(path, f"not JSON ({err.msg} at character {err.colno})", line=i,
                              hint="write one JSON object per line") from None
        if not isinstance(obj, dict):
            raise CorpusError(path, f"a JSON {type(obj).__name__}, not an object", line=i,
                              hint="write one JSON object per line, e.g. {\"text\": ..., \"label\": ...}")
        records.append(obj)
        lines.append(i)
    if not records:
        raise CorpusError(path, "the file is empty", hint="write one JSON object per line")
    header = list(dict.fromkeys(k for r in records for k in r))
    rows = []
    for obj, line in zip(records, lines, strict=True):
        row = []
        for k in header:
            v = obj.get(k, "")
            if isinstance(v, list) and all(isinstance(x, (str, int, float)) for x in v):
                v = ";".join(str(x) for x in v)
            elif isinstance(v, (dict, list)):
                raise CorpusError(path, f"a nested {type(v).__name__} where a value was expected", line=line,
                                  column=k, hint="flatten it to a string (labels may be a list of strings)")
            row.append("" if v is None else str(v))
        rows.append(row)
    return header, rows, lines


def _read_parquet(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as err:
        raise CorpusError(path, f"not a readable Parquet file ({str(err)[:120]})",
                          hint="write it with pandas.DataFrame.to_parquet") from None
    frame = table.to_pandas()
    if frame.empty:
        raise CorpusError(path, "the file has no rows", hint="write at least one row")
    header = [str(c) for c in frame.columns]
    rows = []
    for values in frame.itertuples(index=False):
        rows.append(["" if v is None or (isinstance(v, float) and pd.isna(v)) else
                     (";".join(map(str, v)) if hasattr(v, "__len__") and not isinstance(v, str) else str(v))
                     for v in values])
    return header, rows, list(range(1, len(rows) + 1))


def read_corpus(path: str | Path, *, study: str, columns: str | Mapping[str, str] | None = None,
                levels: str | Sequence[str] | None = None) -> OwnCorpus:
    """Read and check a user's file for ``study``.

    Parameters
    ----------
    path : path
        A ``.csv``, ``.tsv``, ``.jsonl`` or ``.parquet`` file with a header (keys for JSON Lines).
    study : str
        The study whose :data:`SCHEMAS` entry says which columns are needed.
    columns : str or mapping, optional
        Our column name -> yours, e.g. ``"text=body;label=risk"``.
    levels : str or sequence, optional
        The allowed labels in order (``"low;mid;high"``); a label outside them is refused. None: any label.

    Returns
    -------
    OwnCorpus
        ``frame``: the schema's columns (strings; labels of a multi-label study as tuples), plus ``line``.

    Raises
    ------
    CorpusError
        Whatever breaks the schema, with the file, line and column.
    """
    if study not in SCHEMAS:
        raise ValueError(f"no own-corpus schema for study {study!r}; one of {sorted(SCHEMAS)}")
    schema = SCHEMAS[study]
    path = Path(path).expanduser()
    if not path.is_file():
        raise CorpusError(path, "no such file", hint="pass dataset=file:PATH with the path of your corpus")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CorpusError(path, f"unknown suffix {path.suffix!r}",
                          hint=f"name the file with one of {', '.join(sorted(FORMATS))}")
    data = path.read_bytes()
    try:
        if fmt == "parquet":
            header, rows, lines = _read_parquet(path)
            unit = "row"
        else:  # the loaders' strict reading: BOM, CR-only line ends, cut files, bad bytes (mhtext.data.errors)
            header, rows, lines = (_read_jsonl(path, read_text(path, max_line=None)) if fmt == "jsonl"
                                   else _read_delimited(path, "," if fmt == "csv" else "\t"))
            unit = "line"
    except CorpusError:
        raise
    except LoadError as err:
        raise CorpusError(err.path, err.problem, line=err.line, column=err.column, hint=err.hint) from None
    if not rows:
        raise CorpusError(path, "a header but no records", hint="add at least one record below the header")

    mapping = parse_columns(columns)
    if unknown := sorted(set(mapping) - set(schema.required + schema.optional)):
        raise ValueError(f"columns maps {unknown}, which study {study} does not read; it reads "
                         f"{list(schema.required + schema.optional)}")
    where = {ours: mapping.get(ours, ours) for ours in schema.required + schema.optional}
    header_line = 1 if unit == "line" else None
    if len(header) == 1 and (seps := [n for c, n in ((";", "semicolon"), ("\t", "tab"), (",", "comma"),
                                                     ("|", "pipe")) if c in header[0]]):
        raise CorpusError(path, f"the header is a single column {header[0][:60]!r}; the file looks "
                                f"{seps[0]}-separated", line=header_line,
                          hint=f"a {path.suffix} file must be {'tab' if fmt == 'tsv' else 'comma'}-separated: "
                               "convert it, or rename it to the suffix of its delimiter (.csv or .tsv)")
    for ours in schema.required:
        if where[ours] not in header:
            named = f"column {where[ours]!r} (mapped from {ours!r})" if ours in mapping else f"column {ours!r}"
            raise CorpusError(path, f"no {named}; study {study} needs {list(schema.required)}, the file has "
                                    f"{header}", line=header_line,
                              hint=f"rename it, or map it: -p columns={ours}=<your column name>")
    idx = {ours: header.index(theirs) for ours, theirs in where.items() if theirs in header}
    frame = pd.DataFrame({ours: [r[i] for r in rows] for ours, i in idx.items()}, dtype=object)
    frame["line"] = lines

    def fail(row: int, col: str, problem: str, hint: str = ""):
        raise CorpusError(path, problem, line=lines[row], column=where[col], hint=hint, unit=unit)

    for col in idx:
        lengths = frame[col].str.len()
        if (lengths > MAX_FIELD).any():
            fail(int(lengths.to_numpy().argmax()), col, f"a field is longer than {MAX_FIELD:,} characters",
                 "shorten or drop it")
    for col in schema.required:
        if col == schema.label_col and schema.multi_label:
            continue  # a message may carry no label
        blank = frame[col].str.strip() == ""
        if blank.any():
            fail(int(blank.to_numpy().argmax()), col, "empty", f"every record needs a {col}")
    if schema.id_col:
        dup = frame[schema.id_col].duplicated(keep="first")
        if dup.any():
            j = int(dup.to_numpy().argmax())
            first = int((frame[schema.id_col] == frame[schema.id_col].iloc[j]).to_numpy().argmax())
            fail(j, schema.id_col, f"id {frame[schema.id_col].iloc[j][:40]!r} again (first at {unit} "
                                   f"{lines[first]})", "give every record its own id")
    if schema.time_col:
        stamps = pd.to_datetime(frame[schema.time_col], errors="coerce", utc=True, format="mixed")
        if stamps.isna().any():
            j = int(stamps.isna().to_numpy().argmax())
            fail(j, schema.time_col, f"{frame[schema.time_col].iloc[j][:40]!r} is not a date/time",
                 "write ISO 8601, e.g. 2024-05-01T13:45:00")
        frame[schema.time_col] = stamps
    allowed = parse_levels(levels)
    lab = schema.label_col
    if lab in frame:
        if schema.multi_label:
            frame[lab] = [tuple(sorted({x.strip() for x in v.split(";") if x.strip()})) for v in frame[lab]]
            values = frame[lab]
        else:
            frame[lab] = frame[lab].str.strip()
            values = frame[lab].map(lambda v: (v,) if v else ())
        if allowed:
            for j, labs in enumerate(values):
                if bad := [x for x in labs if x not in allowed]:
                    fail(j, lab, f"label {bad[0][:40]!r} is not one of the levels {list(allowed)}",
                         "fix the label or add it to levels")

    digest = hashlib.sha256(data).hexdigest()
    counts = _label_counts(frame, schema)
    card = {
        "name": f"own:{path.name}", "title": f"Your corpus {path.name}", "kind": "real", "study": study,
        "file": path.name, "format": fmt, "sha256": digest, "rows": len(frame),
        "columns": {ours: theirs for ours, theirs in where.items() if ours in idx},
        "ignored_columns": [h for h in header if h not in {where[c] for c in idx}],
        "label_counts": counts, "sensitive": True,
    }
    frame.attrs.update(dataset=NAME, kind="real", checksum=frame_checksum(frame), source=path.name, sha256=digest)
    return OwnCorpus(frame, card)


def _label_counts(frame: pd.DataFrame, schema: Schema) -> dict[str, int]:
    lab = schema.label_col
    if lab not in frame:
        return {}
    if schema.multi_label:
        s = pd.Series([x for labs in frame[lab] for x in labs], dtype=object)
    else:
        s = frame[lab]
    return {str(k): int(v) for k, v in s.value_counts().sort_index().items()}


@register(NAME)
def load_own_corpus(path: str | Path, *, study: str, columns=None, levels=None) -> pd.DataFrame:
    """The checked frame of :func:`read_corpus` (registry entry; always sensitive by its card)."""
    return read_corpus(path, study=study, columns=columns, levels=levels).frame


# ----------------------------------------------------------------------------- cards


#: File name of the card a run writes into its results folder.
CARD_FILE = "own-corpus-card.yaml"


def write_card(corpus: OwnCorpus, directory: str | Path, *, sensitive: bool = True) -> Path:
    """Write ``corpus``'s card as YAML into ``directory`` (a run's results folder) and return its path."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = d / CARD_FILE
    out.write_text(yaml.safe_dump(dict(corpus.card, sensitive=bool(sensitive)), sort_keys=False, allow_unicode=True))
    return out


def generated_cards(results_root: str | Path | None = None) -> pd.DataFrame:
    """One row per card written by a run under ``results_root`` (default ``results/``), for the Data chapter:
    study, file, format, rows, labels, sensitive, sha256."""
    root = Path(results_root) if results_root is not None else paths.RESULTS
    rows = []
    for p in sorted(root.glob(f"*/{CARD_FILE}")):
        c = yaml.safe_load(p.read_text())
        rows.append({"study": c["study"], "file": c["file"], "format": c["format"], "rows": c["rows"],
                     "labels": ", ".join(f"{k}: {v}" for k, v in c.get("label_counts", {}).items()) or "none",
                     "sensitive": c["sensitive"], "sha256": c["sha256"][:16]})
    return pd.DataFrame(rows, columns=["study", "file", "format", "rows", "labels", "sensitive", "sha256"])


def schema_table() -> pd.DataFrame:
    """Every study's columns, required or optional, with what each holds (README and Data chapter)."""
    rows = []
    for study, s in SCHEMAS.items():
        for col in s.required + s.optional:
            rows.append({"study": study, "column": col, "required": col in s.required, "holds": s.doc.get(col, "")})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- a worked example


def example_frame(study: str, *, seed: int = 0) -> pd.DataFrame:
    """A small corpus in ``study``'s own-corpus columns, drawn from the study's simulator (for the README's worked
    example and the tests; it is simulated text, not anyone's data)."""
    from mhtext.data import load

    if study == "valence-transfer":
        df = load("sim-cbt-journals", scale=0.05, seed=seed)
        return pd.DataFrame({"text": df["text"], "label": df["label"], "user_id": df["user_id"].astype(str)})
    if study == "mdi-patterns":
        df = load("sim-mdi-timelines", scale=0.02, seed=seed)
        return pd.DataFrame({"user_id": df["user_id"], "timestamp": df["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%S"),
                             "text": df["text"], "disorder": df["true_disorder"]})
    if study == "distress-triage":
        df = load("sim-forum-threads", scale=0.3, seed=seed)
        df = df[df["relevant"]]
        return pd.DataFrame({"thread_id": df["thread_id"], "author_id": df["author_id"],
                             "message_id": df["message_id"], "text": df["text"],
                             "labels": [";".join(v) for v in df["labels"]],
                             "rationale": [";".join(f"{lab}:{text[a:b]}" for (a, b), lab in zip(sp, labs, strict=True))
                                           for text, sp, labs in zip(df["text"], df["rationale"],
                                                                     df["rationale_labels"], strict=True)],
                             "triage": df["author_triage"]})
    if study == "clpsych-benchmark":
        df = load("sim-reachout", scale=0.15, seed=seed)
        return pd.DataFrame({"post_id": df["post_id"].astype(str), "text": df["text"], "label": df["label"],
                             "user_id": df["user_id"].astype(str)})
    raise ValueError(f"no own-corpus schema for study {study!r}; one of {sorted(SCHEMAS)}")


def write_example(study: str, path: str | Path, *, seed: int = 0) -> Path:
    """Write :func:`example_frame` to ``path`` in the format its suffix names and return the path."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown suffix {path.suffix!r}; use one of {', '.join(sorted(FORMATS))}")
    df = example_frame(study, seed=seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        df.to_csv(path, index=False)
    elif fmt == "tsv":
        df.to_csv(path, index=False, sep="\t")
    elif fmt == "jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        df.to_parquet(path, index=False)
    return path


# ----------------------------------------------------------------------------- privacy


def run_guard(frames, *, dataset: str, sensitive: bool | None, k: int | None = None):
    """The privacy guard of a run (:class:`mhtext.privacy.Guard`).

    ``sensitive``: None (the cards decide; a file you bring counts as sensitive), True (sensitive whatever the
    cards say) or False (you declare the file you brought not sensitive; registered data sets still follow
    their own cards).
    """
    from mhtext.privacy import DEFAULT_K, Guard

    k = DEFAULT_K if k is None else k
    frames = list(frames)
    if sensitive is False and file_path(dataset) is not None:
        others = [f for f in frames if f.attrs.get("dataset") != NAME]
        g = Guard.for_datasets(others, k=k) if others else Guard(False, k, ())
        if g.sensitive:
            return g
        return Guard(False, k, (f"{dataset[len(PREFIX):]}: the run declared it not sensitive (sensitive=False)",
                                *g.reasons))
    return Guard.for_datasets(frames, force_sensitive=bool(sensitive), k=k)
