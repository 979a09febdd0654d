"""Read a CSV of writers, as a spreadsheet exports it, one row at a time."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TextIO

from appeals.errors import DataError
from appeals.files import check_readable

COLUMNS = ("name", "email", "address", "city", "postcode", "country", "lang", "personal")
_COLUMNS_HINT = "name, email, address, city, postcode, country, lang, personal"
_DELIMITERS = (",", ";", "\t")
MAX_HEADER = 100_000  # characters in the header row
# headings spreadsheets and form tools use for our columns, matched in lower case
_HEADINGS = {
    "full name": "name",
    "e-mail": "email",
    "email address": "email",
    "e-mail address": "email",
    "postal code": "postcode",
    "post code": "postcode",
    "zip": "postcode",
    "zip code": "postcode",
    "language": "lang",
}


@dataclass(frozen=True)
class WriterRow:
    line: int  # the line the row starts on, counting the header as line 1
    cells: dict[str, str]  # known columns, stripped; missing ones are ""
    raw: list[str]  # the row as read, for rejected.csv
    problem: str | None = None  # why the row could not be read at all; it is rejected


@dataclass(frozen=True)
class WritersFile:
    path: Path
    header: list[str]  # as written in the file
    ignored: list[str]  # columns appeals does not use
    rows: Iterator[WriterRow]


def open_writers(path: Path) -> WritersFile:
    """Check the header and return the rows as a stream (the file is read as it is consumed)."""
    check_readable(path, "a CSV file")
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise DataError(f"{path}: cannot read ({err.strerror})") from None
    try:
        header_line, delimiter, header = _read_header(path, handle)
    except BaseException:
        handle.close()
        raise
    names = _column_names(header)
    ignored = [header[i] for i, name in enumerate(names) if name not in COLUMNS and name]
    rows = _rows(path, handle, delimiter, names, header_line)
    return WritersFile(path=path, header=header, ignored=ignored, rows=rows)


def _read_header(path: Path, handle: TextIO) -> tuple[int, str, list[str]]:
    """The header's line number, the delimiter and the column headings, checked."""
    line, first = 1, _first_line(path, handle, 1)
    excel = re.fullmatch(r"sep=(.)\r?\n?", first)  # Excel's "sep=;" line names the delimiter
    if excel:
        line, first = 2, _first_line(path, handle, 2)
    if not first.strip():
        raise DataError(
            f"{path}:{line}: no header row; the first row must name the columns ({_COLUMNS_HINT})"
        )
    delimiter = excel.group(1) if excel else max(_DELIMITERS, key=first.count)
    header = next(csv.reader([first], delimiter=delimiter))
    names = _column_names(header)
    if "name" not in names:
        raise DataError(
            f"{path}:{line}: no 'name' column; the first row must name the columns "
            f"({_COLUMNS_HINT})"
        )
    twice = next((name for name in COLUMNS if names.count(name) > 1), None)
    if twice is not None:
        where = " and ".join(str(i + 1) for i, name in enumerate(names) if name == twice)
        raise DataError(f"{path}:{line}: columns {where} are both {twice!r}; keep one of them")
    return line, delimiter, header


def _column_names(header: list[str]) -> list[str]:
    """Our column for each heading, matched in lower case with spaces squeezed."""
    names = [" ".join(cell.lower().split()) for cell in header]
    return [_HEADINGS.get(name, name) for name in names]


def _first_line(path: Path, handle: TextIO, line: int) -> str:
    try:
        text = handle.readline(MAX_HEADER)
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    if len(text) == MAX_HEADER and not text.endswith("\n"):
        raise DataError(
            f"{path}:{line}: the header row is over {MAX_HEADER:,} characters; is this a CSV file?"
        )
    return text


def _rows(
    path: Path, handle: TextIO, delimiter: str, names: list[str], header_line: int
) -> Iterator[WriterRow]:
    source = _Lines(path, handle, header_line + 1)
    reader = csv.reader(source, delimiter=delimiter)
    try:
        while True:
            source.taken.clear()
            try:
                raw = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                start = source.taken[0][0] if source.taken else source.number
                yield WriterRow(
                    line=start, cells=dict.fromkeys(COLUMNS, ""), raw=[], problem=_unreadable(err)
                )
                continue
            start = source.taken[0][0] if source.taken else source.number
            if raw == [_END]:
                continue  # the end of the file, outside any quote
            if _swallowed(raw, len(names), source, delimiter):
                yield _unclosed_quote(source, delimiter)
                continue
            if not any(cell.strip() for cell in raw):
                continue  # blank lines and rows of empty cells
            cells = dict.fromkeys(COLUMNS, "")
            for name, value in zip(names, raw, strict=False):
                if name in cells:
                    cells[name] = value.strip()
            yield WriterRow(line=start, cells=cells, raw=raw)
    finally:
        handle.close()


MAX_LINE = 1_000_000  # characters in one line of the CSV; a writer's row is a few hundred
# put after the last line: inside a quote that never closed, it ends up in the row's last cell
_END = "\x00end of the file\x00"


class _Lines:
    """The CSV's lines for csv.reader, each at most MAX_LINE characters (checked as it is read,
    so a file with no line breaks is not read whole), then _END. It keeps the lines of the row
    being read, so that the lines a quote left open swallowed can be read again on their own."""

    def __init__(self, path: Path, handle: TextIO, first: int) -> None:
        self.path, self.handle, self.number = path, handle, first
        self.taken: list[tuple[int, str]] = []  # (line number, text) of the current row
        self.again: list[tuple[int, str]] = []  # lines to read again, last one first
        self.ended = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.again:
            number, line = self.again.pop()
        elif self.ended:
            raise StopIteration
        else:
            number, line = self.number, self._read()
            if not line:
                self.ended = True
                previous = self.taken[-1][1] if self.taken else "\n"
                line = _END if previous.endswith("\n") else "\n" + _END
            else:
                self.number += 1
        self.taken.append((number, line))
        return line

    def _read(self) -> str:
        try:
            line = self.handle.readline(MAX_LINE + 1)
        except UnicodeDecodeError:
            raise _not_utf8(self.path) from None
        if len(line) > MAX_LINE:
            raise DataError(
                f"{self.path}:{self.number}: a line over {MAX_LINE:,} characters, far longer than "
                "a writer's row; is this the writers' CSV?"
            )
        return line


def _swallowed(raw: list[str], columns: int, source: _Lines, delimiter: str) -> bool:
    """A quote left open took in the lines after it: it never closed (the row reaches the end
    of the file), or a line its cell took in reads like a row of its own (it holds a delimiter
    for each column; an address line such as "Toronto, ON" holds one or two)."""
    if raw and _END in raw[-1]:
        return True
    if len(source.taken) < 2:
        return False
    needed = max(columns - 1, 2)
    return any(line.count(delimiter) >= needed for cell in raw for line in cell.split("\n")[1:])


def _unclosed_quote(source: _Lines, delimiter: str) -> WriterRow:
    """The row whose quote never closed: its first line is rejected, and the lines the quote
    swallowed are read again as rows of their own (then the end of the file once more)."""
    (start, first), *swallowed = source.taken
    ended = any(_END in line for _, line in swallowed)
    lines = [(n, line.replace(_END, "")) for n, line in swallowed]
    lines = [(n, line) for n, line in lines if line.strip("\n")]
    source.again.extend(reversed([*lines, *([(source.number, _END)] if ended else [])]))
    raw = next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter), [])
    problem = (
        "a quote opened in this row runs on over the next lines (never closed, or closed too "
        "late); close it. The lines after it are read as rows of their own"
    )
    return WriterRow(line=start, cells=dict.fromkeys(COLUMNS, ""), raw=raw, problem=problem)


def _unreadable(err: csv.Error) -> str:
    if "field larger than field limit" in str(err):
        return (
            f"a cell is over {csv.field_size_limit():,} characters; shorten it, or close a "
            "quote left open"
        )
    return f"not readable as CSV ({err})"


def _not_utf8(path: Path) -> DataError:
    """The error for a file that is not UTF-8, naming the line of its first bad byte.

    Text is decoded in chunks, so the row being read when decoding fails may be an earlier one.
    """
    data = path.read_bytes()
    try:
        data.decode("utf-8")
        line = 1
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
    return DataError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8 (CSV UTF-8)")


def address_lines(cell: str) -> list[str]:
    """An address cell's lines: separated by line breaks or semicolons."""
    return [part.strip() for part in re.split(r"[\r\n;]+", cell) if part.strip()]


_COUNTRY_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "united states of america": "US",
}


def country_code(cell: str) -> str | None:
    """An ISO code from a code or a common name ("Canada", "UK", «Канада»); None if unknown."""
    text = cell.strip()
    if text.lower() in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[text.lower()]
    if len(text) == 2 and text.isalpha():
        code = text.upper()
        return code if code in _country_names() else None
    return _country_names().get(text.lower())


@cache
def _country_names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for locale in ("en", "ru"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names[name.lower()] = code
                names[code] = code
    return names


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a leading '."""
    return f"'{cell}" if cell.startswith(_FORMULA) else cell
