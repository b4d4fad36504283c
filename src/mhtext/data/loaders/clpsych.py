"""CLPsych 2017 shared task: triage of ReachOut.com forum posts (Milne et al. 2016).

The data come by request from the organisers (see the card). Posts are XML
files, one post each, exported from the Lithium forum platform::

    <response status="success">
      <message type="message" href="/messages/id/1234">
        <id type="int">1234</id>
        <board href="/boards/id/Tough_Times" type="board"/>  <board_id type="int">7</board_id>
        <author href="/users/id/567" type="user"><login type="string">...</login></author>
        <subject type="string">Re: ...</subject>
        <body type="string">&lt;P&gt;escaped HTML&lt;/P&gt;</body>
        <post_time type="date_time">2015-03-04T10:11:12+00:00</post_time>
        <thread href="/threads/id/1200"/>  <root href="/messages/id/1200"/>  <parent href="/messages/id/1233"/>
        <kudos><count type="int">2</count></kudos>  ...
      </message>
    </response>

Labels are TSV lines ``post_id<TAB>label<TAB>fine_label[<TAB>...]`` with the
coarse label in green/amber/red/crisis. The reader is lenient: fields are
looked up by name anywhere under ``<message>``, a missing optional field gives
a missing value, and a ``<message>`` root without ``<response>`` is accepted.

Folder layout (``data_dir()/clpsych2017`` by default): XML files anywhere
below it (``**/*.xml``); label files found by name, see :data:`LABEL_RULES`.
This matches the organisers' archives unpacked side by side
(``clpsych16-data/data/{training,testing}/{posts/,labels.tsv}``,
``clpsych17-test/posts/``, ``clpsych17-test-labels.tsv``) as well as a simple
``train/labels.tsv`` + ``test/labels.tsv`` arrangement.

Hostile files (see :mod:`mhtext.data.errors`): an XML file that is not well-formed (cut short, wrong
encoding, empty), has no ``<message>`` or no post id, or a subject or body over
:data:`~mhtext.data.errors.MAX_FIELD_CHARS` characters, is refused naming the file (and the line
for XML errors); a byte-order mark and any line ends are XML's business and accepted. Label files
must be UTF-8 (a BOM dropped, CR-only line ends read as line ends) and end with a line end (a file
without one was cut short); a line needs an integer post id and a label of :data:`LABELS`; extra
fields are ignored; a line repeated exactly counts once, a post labelled twice differently is
refused. Errors are :class:`~mhtext.data.errors.LoadError`; no frame is returned.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from mhtext import paths
from mhtext.data import registry
from mhtext.data.errors import MAX_FIELD_CHARS, LoadError, read_lines, short
from mhtext.data.registry import register

NAME = "clpsych2017-reachout"
DEFAULT_DIR = "clpsych2017"
LABELS = ("green", "amber", "red", "crisis")
SPLITS = ("train", "test")
#: Fine-grained labels of Milne et al. (2016) and the coarse label each implies.
FINE_LABELS = {
    "allClear": "green", "followupOk": "green", "supporting": "green",
    "currentMildDistress": "amber", "followupWorse": "amber", "pastDistress": "amber", "underserved": "amber",
    "angryWithForumMember": "red", "angryWithReachout": "red", "currentAcuteDistress": "red", "followupBye": "red",
    "crisis": "crisis",
}  # fmt: skip
#: How label files are assigned to splits: (split, which files count for it).
#: The 2017 training set is the 2016 training and test sets together (1,188 posts);
#: the 2017 test set is 400 new posts.
LABEL_RULES = (
    ("train", "labels.tsv in a folder named 'training', 'testing' or 'train'"),
    ("test", "clpsych17-test-labels.tsv anywhere, or labels.tsv in a folder named 'test'"),
)
COLUMNS = (
    "post_id", "text", "subject", "body", "label", "fine_label", "user_id",
    "thread_id", "parent_id", "board", "kudos", "timestamp", "split",
)  # fmt: skip

_BLOCK_TAGS = {"p", "br", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}


class _TextExtractor(HTMLParser):
    """Plain text of an HTML fragment; quoted posts and images left out."""

    def __init__(self, drop_quotes: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.drop_quotes = drop_quotes
        self.quote_depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote":
            self.quote_depth += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote" and self.quote_depth:
            self.quote_depth -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not (self.drop_quotes and self.quote_depth):
            self.parts.append(data)


def strip_html(html: str | None, *, drop_quotes: bool = True) -> str:
    """Plain text of a post body: tags and images removed, entities decoded.

    ``drop_quotes`` removes ``<blockquote>`` content, i.e. quotes of earlier posts,
    as the study D authors did before extracting features.
    """
    if not html:
        return ""
    parser = _TextExtractor(drop_quotes)
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _last_segment(href: str | None) -> str | None:
    if not href:
        return None
    seg = href.rstrip("/").rsplit("/", 1)[-1]
    return seg or None


def _find(msg: ET.Element, tag: str) -> ET.Element | None:
    # Direct child first: nested elements (e.g. a parent's own <id>) must not win.
    el = msg.find(tag)
    return el if el is not None else msg.find(f".//{tag}")


def _text(msg: ET.Element, tag: str) -> str | None:
    el = _find(msg, tag)
    if el is None or el.text is None:
        return None
    return el.text.strip() or None


def _href_id(msg: ET.Element, tag: str) -> str | None:
    el = _find(msg, tag)
    return None if el is None else _last_segment(el.get("href"))


_INT = re.compile(r"-?[0-9]{1,18}")  # 18 digits: int() of a longer run can fail (the 4,300-digit limit)


def _int_or_none(value: str | None) -> int | None:
    # ASCII digits only: str.isdigit() accepts superscripts such as "²", which int() refuses.
    return int(value) if value is not None and _INT.fullmatch(value) else None


def _file_digits(path: Path) -> int | None:
    digits = re.findall(r"\d+", path.stem)
    return int(digits[-1]) if digits else None


def parse_post(path: Path, *, drop_quotes: bool = True) -> dict:
    """One post's fields from its XML file (see the module docstring for the layout)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise LoadError(path, f"not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc})", line=line,
                        hint="The file is cut short or damaged; copy it again from the archive.") from None
    msg = root if root.tag == "message" else root.find(".//message")
    if msg is None:
        raise LoadError(path, "no <message> element", hint="Expected a Lithium forum export (one post per file).")
    post_id = _int_or_none(_text(msg, "id")) or _int_or_none(_last_segment(msg.get("href"))) or _file_digits(path)
    if post_id is None:
        raise LoadError(path, "no post id", hint="Expected an <id>, a message href or digits in the file name.")
    for tag in ("subject", "body"):
        raw = _text(msg, tag)
        if raw is not None and len(raw) > MAX_FIELD_CHARS:
            raise LoadError(path, f"<{tag}> of {len(raw):,} characters, over the limit of {MAX_FIELD_CHARS:,}",
                            column=tag, hint="The file is damaged; copy it again from the archive.")
    author = _find(msg, "author")
    user = None
    if author is not None:
        user = _last_segment(author.get("href"))
        if user is None:
            login = author.find("login")
            user = login.text.strip() if login is not None and login.text else None
    kudos = _find(msg, "kudos")
    kudos_count = _int_or_none(_text(kudos, "count")) if kudos is not None else None
    subject = strip_html(_text(msg, "subject"), drop_quotes=False)
    body = strip_html(_text(msg, "body"), drop_quotes=drop_quotes)
    return {
        "post_id": post_id,
        "subject": subject,
        "body": body,
        "text": "\n".join(t for t in (subject, body) if t),
        "user_id": user,
        "thread_id": _int_or_none(_href_id(msg, "thread")) or _int_or_none(_href_id(msg, "root")),
        "parent_id": _int_or_none(_href_id(msg, "parent")),
        "board": _href_id(msg, "board") or _text(msg, "board_id"),
        "kudos": kudos_count,
        "post_time": _text(msg, "post_time"),
        "file": str(path),
    }


def read_labels(path: Path) -> pd.DataFrame:
    """A label TSV file: ``post_id``, ``label``, ``fine_label`` (NA when absent)."""
    rows = []
    for lineno, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < 2:
            raise LoadError(path, f"expected 'post_id<TAB>label[<TAB>fine label]', got {short(line)}", line=lineno,
                            hint="Fields are separated by tabs.")
        if not _INT.fullmatch(fields[0]) or fields[0].startswith("-"):
            if lineno == 1 and fields[1] not in LABELS:
                continue  # a header line
            raise LoadError(path, f"post id {short(fields[0])} is not an integer", line=lineno, column="post_id",
                            hint="The first field is the post's numeric id.")
        if fields[1] not in LABELS:
            raise LoadError(path, f"label {short(fields[1])} is not one of {', '.join(LABELS)}", line=lineno,
                            column="label", hint="Use the coarse triage labels of the task.")
        fine = fields[2] if len(fields) > 2 and fields[2] else None
        rows.append((int(fields[0]), fields[1], fine, lineno))
    if not rows:
        raise LoadError(path, "no labelled posts", hint="Expected 'post_id<TAB>label<TAB>fine label' lines.")
    return pd.DataFrame(rows, columns=["post_id", "label", "fine_label", "line"])


def find_label_files(root: Path) -> dict[str, list[Path]]:
    """Label files under ``root`` assigned to splits by :data:`LABEL_RULES`."""
    found: dict[str, list[Path]] = {s: [] for s in SPLITS}
    for p in sorted(root.rglob("*.tsv")):
        parent = p.parent.name.lower()
        if p.name == "clpsych17-test-labels.tsv" or (p.name == "labels.tsv" and parent == "test"):
            found["test"].append(p)
        elif p.name == "labels.tsv" and parent in ("training", "testing", "train"):
            found["train"].append(p)
    return found


def _labels_by_split(label_files: Mapping[str, Sequence[Path]], splits: Sequence[str]) -> pd.DataFrame:
    frames = []
    for split in splits:
        for p in label_files.get(split, ()):
            df = read_labels(Path(p))
            df["split"] = split
            df["label_file"] = str(p)
            frames.append(df)
    if not frames:
        raise ValueError("no label files")
    labels = pd.concat(frames, ignore_index=True).drop_duplicates(["post_id", "label", "fine_label", "split"])
    dup = labels[labels.duplicated("post_id", keep=False)].sort_values("post_id", kind="stable")
    if not dup.empty:
        a, b = dup.iloc[0], dup.iloc[1]
        raise LoadError(
            b.label_file, f"post {a.post_id} is labelled twice, differently: {a.label}/{a.split} in "
            f"{a.label_file} (line {a.line}) and {b.label}/{b.split} here", line=int(b.line), column="label",
            hint="A post has one label; correct one of the two lines.",
        )
    return labels.drop(columns=["label_file", "line"])


def _parse_posts(files: Sequence[Path], drop_quotes: bool) -> pd.DataFrame:
    return pd.DataFrame([parse_post(p, drop_quotes=drop_quotes) for p in files])


@register(NAME)
def load_clpsych2017(
    path: str | Path | None = None,
    *,
    splits: Sequence[str] = SPLITS,
    labelled_only: bool = True,
    drop_quotes: bool = True,
    label_files: Mapping[str, Sequence[str | Path]] | None = None,
) -> pd.DataFrame:
    """Read the CLPsych 2017 ReachOut triage data.

    Parameters
    ----------
    path
        Folder holding the unpacked archives; default ``data_dir()/clpsych2017``.
    splits
        ``"train"`` (1,188 posts) and/or ``"test"`` (400 posts).
    labelled_only
        Only posts with a label in ``splits`` (default). ``False`` also returns the
        XML posts labelled in no split (the unlabelled forum posts, ``split=
        "unlabelled"``); parsing ~158k files takes tens of seconds.
    drop_quotes
        Remove quotes of earlier posts (``<blockquote>``) from the body.
    label_files
        Override label-file discovery: ``{"train": [...], "test": [...]}``.

    Returns
    -------
    pandas.DataFrame
        ``post_id`` (int), ``text`` (subject and body, HTML stripped), ``subject``,
        ``body`` (str; study D used the body only), ``label`` (green/amber/red/crisis,
        NA when unlabelled), ``fine_label`` (str or NA), ``user_id`` (str, the
        forum's numeric author id, else the login), ``thread_id``, ``parent_id``
        (Int64), ``board`` (str), ``kudos`` (Int64), ``timestamp`` (datetime64, UTC),
        ``split`` (str).

    Raises
    ------
    mhtext.data.DatasetNotFoundError
        The folder, its label files or a labelled post's XML file are absent.
    mhtext.data.errors.LoadError
        A malformed label line or XML file (file and line named), or conflicting labels
        (see the module docstring).
    """
    splits = (splits,) if isinstance(splits, str) else tuple(splits)
    bad = [s for s in splits if s not in SPLITS]
    if bad or not splits:
        raise ValueError(f"{NAME}: unknown splits {bad}; choose from {SPLITS}")
    root = paths.data_dir() / DEFAULT_DIR if path is None else Path(path)
    if not root.is_dir():
        raise registry.missing_file(NAME, root)
    files = find_label_files(root) if label_files is None else {k: [Path(p) for p in v] for k, v in label_files.items()}
    for split in splits:
        if not files.get(split):
            rule = dict(LABEL_RULES)[split]
            raise registry.missing_file(NAME, f"{root} (no {split} label file: {rule})")
        for p in files[split]:
            if not Path(p).is_file():
                raise registry.missing_file(NAME, p)
    # Labels of every split found are read, so a post labelled in a split not asked
    # for is left out rather than passed off as unlabelled.
    available = [s for s in SPLITS if files.get(s) and all(Path(p).is_file() for p in files[s])]
    labels = _labels_by_split(files, [s for s in SPLITS if s in splits or s in available])

    xml_files = sorted(root.rglob("*.xml"))
    by_digits: dict[int, Path] = {}
    for p in xml_files:
        d = _file_digits(p)
        if d is not None:
            by_digits.setdefault(d, p)
    wanted = set(labels.loc[labels["split"].isin(splits), "post_id"])
    chosen = xml_files if not labelled_only else [by_digits[i] for i in sorted(wanted & by_digits.keys())]
    posts = _parse_posts(chosen, drop_quotes)
    found = set(posts["post_id"]) if not posts.empty else set()
    if labelled_only and wanted - found:
        # File names did not give the ids away: fall back to reading every file.
        seen = set(chosen)
        rest = [p for p in xml_files if p not in seen]
        more = _parse_posts(rest, drop_quotes)
        if not more.empty:
            posts = pd.concat([posts, more[more["post_id"].isin(wanted - found)]], ignore_index=True)
            found = set(posts["post_id"])
    missing = sorted(wanted - found)
    if missing:
        raise registry.missing_file(NAME, f"{root} (no XML file for {len(missing)} labelled posts, e.g. {missing[:5]})")
    # The same post can sit in two archives (2016 and 2017 releases): keep one copy.
    posts = posts.drop_duplicates("post_id", keep="first")

    df = posts.merge(labels, on="post_id", how="left")
    df["split"] = df["split"].fillna("unlabelled")
    df = df[df["split"].isin(splits) | ((df["split"] == "unlabelled") & (not labelled_only))]
    df["timestamp"] = pd.to_datetime(df["post_time"], utc=True, format="ISO8601", errors="coerce")
    bad = df["timestamp"].isna() & df["post_time"].notna()
    if bad.any():
        row = df[bad].iloc[0]
        raise LoadError(row["file"], f"<post_time> {short(row['post_time'])} is not an ISO 8601 date",
                        column="post_time", hint="Dates look like 2015-03-04T10:11:12+00:00.")
    for col in ("thread_id", "parent_id", "kudos"):
        df[col] = df[col].astype("Int64")
    df["post_id"] = df["post_id"].astype("int64")
    order = {s: i for i, s in enumerate((*SPLITS, "unlabelled"))}
    df = df.sort_values(["split", "post_id"], key=lambda s: s.map(order) if s.name == "split" else s)
    return df.loc[:, list(COLUMNS)].reset_index(drop=True)
