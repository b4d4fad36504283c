"""The one error a loader raises for a bad file, and the strict readers that raise it.

Every real-format loader refuses a malformed file with :class:`LoadError`, whose message names the
file, the physical line (1-based, counting every line end of the file) and, where it applies, the
column, says what is wrong and what to do. A loader never returns a frame built from part of a bad
file. The readers here hold the decisions shared by the loaders, each stated once:

* **Encoding.** UTF-8 files are decoded strictly; an invalid byte is refused with the line it is on.
  (Sentiment140 and LIWC ``.dic`` files have their own documented codecs.)
* **Byte-order mark.** A UTF-8 BOM at the start is accepted and dropped (spreadsheet programs write one).
* **Line ends.** LF and CRLF are read as they are. A file with CR line ends only (classic Mac) is
  accepted: every CR is read as a line end.
* **A missing final line end.** Every released data file ends with a line end, so a non-empty file
  that does not was cut short (a partial copy or download) and is refused, naming its last line;
  without this rule a cut in the last field would load silently as a shorter value.
  Label-name files (``labels.txt``, ``mapping.txt``), released without one, are exempt.
* **Empty files** (nothing but whitespace) are refused.
* **Fields longer than** :data:`MAX_FIELD_CHARS` are refused: no release holds one over 40,000
  characters, and a field of a million is a broken file (an unclosed quote swallowing the rest).
* **Columns.** A delimited row with more or fewer fields than the header is refused with its line
  (pandas would fill a short row with empty strings); a required column missing from the header, or
  a column named twice, is refused. Extra columns in the header are ignored, as the releases' own are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: Longest field (or line of a line-based format) a loader accepts, in characters.
MAX_FIELD_CHARS = 1_000_000
UTF8_BOM = b"\xef\xbb\xbf"


class LoadError(ValueError):
    """A file a loader cannot read: where (file, line, column), what is wrong, what to do.

    Parameters
    ----------
    path : path
        The file.
    problem : str
        What is wrong, without a final full stop.
    line : int, optional
        1-based physical line of the file, where the problem is.
    column : str, optional
        The column (field name) involved.
    hint : str
        What to do about it.

    ``str(err)`` reads ``"<file>, line <n>, column '<c>': <problem>. <hint>"`` (parts without a
    value left out). A ValueError, so callers that caught the loaders' earlier ValueErrors still do.
    """

    def __init__(self, path: str | Path, problem: str, *, line: int | None = None, column: str | None = None,
                 hint: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        msg = f"{where}: {self.problem}"
        if not msg.endswith((".", "?", "!")):
            msg += "."
        return f"{msg} {self.hint}" if self.hint else msg

    def __reduce__(self):  # keep the fields through pickling (multiprocessing, papermill)
        return _rebuild, (str(self.path), self.problem, self.line, self.column, self.hint)


def _rebuild(path: str, problem: str, line: int | None, column: str | None, hint: str) -> LoadError:
    return LoadError(path, problem, line=line, column=column, hint=hint)


def short(value: str, n: int = 40) -> str:
    """``repr`` of at most ``n`` characters of a value, for quoting a bad field in a message."""
    return repr(value if len(value) <= n else value[:n] + "...")


def line_of_offset(data: bytes, offset: int) -> int:
    """1-based line holding byte ``offset`` of ``data`` (LF, CRLF or CR-only line ends)."""
    head = data[:offset]
    return head.count(b"\n") + 1 if b"\n" in data else head.count(b"\r") + 1


def decode(data: bytes, path: str | Path, encoding: str = "utf-8") -> str:
    """``data`` decoded strictly, a leading UTF-8 BOM dropped; an invalid byte is refused with its line."""
    if encoding.replace("-", "").lower() == "utf8" and data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = line_of_offset(data, exc.start)
        col = exc.start - max(data.rfind(b"\n", 0, exc.start), data.rfind(b"\r", 0, exc.start))
        raise LoadError(path, f"byte 0x{data[exc.start]:02x} (character {col} of the line) is not valid "
                              f"{encoding} ({exc.reason})", line=line,
                        hint=f"Re-save the file as {encoding}, or replace the damaged line.") from None


def _cr_only(data: bytes) -> bool:
    return b"\r" in data and b"\n" not in data


def read_text(path: str | Path, *, encoding: str = "utf-8", final_newline: bool = True,
              max_line: int | None = MAX_FIELD_CHARS) -> str:
    """A text file, strictly: BOM dropped, CR-only line ends made LF, cut files and huge lines refused.

    Returns "" for an empty (or whitespace-only) file; the caller says what it expected instead.

    Raises
    ------
    LoadError
        Invalid bytes, no final line end (``final_newline``), or a line longer than ``max_line``.
    """
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        return ""
    if _cr_only(data):
        data = data.replace(b"\r", b"\n")
    text = decode(data, path, encoding)
    if final_newline and not text.endswith("\n"):
        raise LoadError(path, "the file ends without a line end, so its last line may be cut short",
                        line=text.count("\n") + 1,
                        hint="Copy or download the file again; if it is complete, add a final newline.")
    if max_line is not None:
        for i, line in enumerate(text.split("\n"), start=1):
            if len(line) > max_line:
                raise LoadError(path, f"the line is {len(line):,} characters long, over the limit of {max_line:,}",
                                line=i, hint="The file is damaged (a missing line end?); copy it again.")
    return text


def read_lines(path: str | Path, **kwargs) -> list[str]:
    """Lines of :func:`read_text`, split on ``\\n`` only, a trailing ``\\r`` removed from each.

    ``str.splitlines`` would also split on characters such as U+2028 that occur inside Reddit
    comments and tweets, shifting every later line.
    """
    text = read_text(path, **kwargs)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


@dataclass
class Table:
    """A delimited file read strictly: the frame, and the physical line where each data row starts."""

    path: Path
    frame: pd.DataFrame
    header: list[str]
    lines: list[int] = field(repr=False)

    def error(self, row: int, problem: str, *, column: str | None = None, hint: str = "") -> LoadError:
        """The LoadError for data row ``row`` (0-based, as in :attr:`frame`)."""
        return LoadError(self.path, problem, line=self.lines[row], column=column, hint=hint)

    def check_unique(self, column: str, what: str = "") -> None:
        """Refuse a value of ``column`` that repeats an earlier row's (the repeat's line named)."""
        dup = self.frame[column].duplicated()
        if dup.any():
            i = int(dup.to_numpy().argmax())
            first = int((self.frame[column] == self.frame[column].iloc[i]).to_numpy().argmax())
            raise self.error(i, f"{what or column} {short(str(self.frame[column].iloc[i]))} repeats line "
                                f"{self.lines[first]}; each must occur once", column=column,
                             hint="Remove the duplicated row.")

    def check_lengths(self, max_chars: int = MAX_FIELD_CHARS) -> None:
        """Refuse a field longer than ``max_chars``."""
        for col in self.frame.columns:
            lengths = self.frame[col].str.len()
            if len(lengths) and lengths.max() > max_chars:
                i = int(lengths.to_numpy().argmax())
                raise self.error(i, f"a field of {int(lengths.iloc[i]):,} characters, over the limit of "
                                    f"{max_chars:,}", column=str(col),
                                 hint="The file is damaged (an unclosed quote?); copy it again.")


def _records(text: str, path: Path, delimiter: str, n_fields: int | None) -> tuple[list[str], list[int]]:
    """Header and the start line of every data record, checked by the csv module (strict quoting)."""
    starts: list[int] = []
    header: list[str] | None = None
    old_limit = csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        while True:
            line = reader.line_num + 1
            try:
                rec = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                msg = str(exc)
                if "field larger than field limit" in msg:
                    raise LoadError(path, f"a field longer than {MAX_FIELD_CHARS:,} characters", line=line,
                                    hint="The file is damaged (an unclosed quote?); copy it again.") from None
                if "unexpected end of data" in msg:
                    raise LoadError(path, "a quoted field opened here is never closed", line=line,
                                    hint="The file is cut short or a quote is unbalanced; copy it again.") from None
                raise LoadError(path, f"malformed quoting ({msg})", line=line,
                                hint="Quote fields as RFC 4180 does (a quote inside a field is doubled).") from None
            if not rec:
                continue  # a blank line; pandas skips them too
            if header is None:
                header = rec
                n_fields = n_fields or len(rec)
                if len(rec) != n_fields:
                    raise LoadError(path, f"{len(rec)} fields where {n_fields} are expected", line=line,
                                    hint="The delimiter or the column count is wrong.")
                continue
            if len(rec) != n_fields:
                raise LoadError(path, f"{len(rec)} fields where the {'header' if n_fields == len(header) else 'format'}"
                                      f" has {n_fields}", line=line,
                                hint="A field is missing or extra (an unquoted delimiter inside a field?); "
                                     "correct or remove the row.")
            starts.append(line)
    finally:
        csv.field_size_limit(old_limit)
    return header or [], starts


def read_table(path: str | Path, columns: Sequence[str], *, usecols: Sequence[str] | None = None,
               delimiter: str = ",") -> Table:
    """A UTF-8 CSV file with a header, read as strings (no missing-value guessing), strictly.

    Parameters
    ----------
    path : path
        The file.
    columns : sequence of str
        Columns that must be in the header.
    usecols : sequence of str, optional
        Read only these columns into the frame (the others are still checked for field counts).
    delimiter : str
        The field delimiter.

    Returns
    -------
    Table
        The frame (every value a str), the header and each data row's first physical line.

    Raises
    ------
    LoadError
        Empty file, invalid UTF-8, no final line end, an unclosed quote, a row with a different field
        count than the header, a field over :data:`MAX_FIELD_CHARS`, a missing or repeated column.
    """
    path = Path(path)
    text = read_text(path, max_line=None)
    if not text:
        raise LoadError(path, "the file is empty", hint=f"Expected a header with {', '.join(columns)} and rows.")
    header, starts = _records(text, path, delimiter, None)
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise LoadError(path, f"the header names column(s) {twice} more than once", line=1, column=twice[0],
                        hint="Rename or remove the repeated column.")
    missing = [c for c in columns if c not in header]
    if missing:
        raise LoadError(path, f"columns {missing} are missing; the header has {header[:10]}", line=1,
                        column=missing[0], hint=f"Expected the columns {', '.join(columns)}.")
    frame = pd.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False, sep=delimiter,
                        usecols=None if usecols is None else list(usecols))
    if len(frame) != len(starts):  # the two parsers disagree: refuse rather than guess which row is which
        raise LoadError(path, f"pandas read {len(frame)} rows but the csv module {len(starts)}",
                        hint="The quoting is unusual; re-save the file as a standard CSV.")
    return Table(path, frame, header, starts)

