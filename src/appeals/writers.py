"""Read a CSV of writers, as a spreadsheet exports it, one row at a time."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar

from appeals.errors import DataError
from appeals.files import check_readable, read_input
from appeals.unseen import C0_BUT_LINES, C1_AND_BIDI

COLUMNS = (
    "name",
    "email",
    "address",
    "city",
    "region",
    "postcode",
    "country",
    "lang",
    "personal",
)
_COLUMNS_HINT = "name, email, address, city, region, postcode, country, lang, personal"
_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
T = TypeVar("T")
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
    "province": "region",
    "state": "region",
    "county": "region",
    "province/state": "region",
    "state/province": "region",
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
    encoding: str = "utf-8"  # as detected; a spreadsheet may save in its system's code page


def open_writers(path: Path) -> WritersFile:
    """Check the header and return the rows as a stream (the file is read as it is consumed)."""
    check_readable(path, "a CSV file")
    handle: TextIO
    try:
        if path.is_file():
            with path.open("rb") as raw:
                encoding = detect_encoding(raw.read(SAMPLE))
            handle = path.open(encoding=encoding, newline="")
        else:  # a pipe (`<(...)`, a FIFO) is read once: the part that tells the encoding stays
            data = read_input(path, "a CSV file")
            encoding = detect_encoding(data[:SAMPLE])
            handle = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
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
    shown = "utf-8" if encoding == "utf-8-sig" else encoding
    return WritersFile(path=path, header=header, ignored=ignored, rows=rows, encoding=shown)


SAMPLE = 1 << 20  # bytes read to tell the encoding
# what spreadsheets save a CSV in: UTF-8, Excel's "Unicode text", and the Windows and Mac code
# pages of Western, Central European and Cyrillic systems (Russian Excel saves in cp1251)
_ENCODINGS = ["utf_8", "utf_16", "cp1252", "cp1251", "cp1250", "koi8_r", "mac_cyrillic"]


def detect_encoding(sample: bytes) -> str:
    """The encoding of a CSV from its first SAMPLE bytes: UTF-8 whenever they read as UTF-8,
    else the most likely of the common spreadsheet encodings (charset-normalizer tells them
    apart)."""
    if sample.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    unmarked = _utf16_without_mark(sample)
    if unmarked:
        return unmarked
    try:
        sample.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as err:
        if len(sample) == SAMPLE and err.start >= SAMPLE - 3:
            return "utf-8-sig"  # a character cut at the end of the sample
    from charset_normalizer import from_bytes

    # charset-normalizer weighs how garbled each reading looks, but in a short file it can
    # prefer a wrong one ("Josй" for "José"): plainer signs decide first, then its measure,
    # then the more common code page
    matches = [m for m in from_bytes(sample, cp_isolation=_ENCODINGS) if m.encoding in _ENCODINGS]
    if not matches:
        return "utf-8-sig"  # reading it as UTF-8 names the line of the first bad byte
    best = min(
        matches,
        key=lambda m: (_garbled(str(m)[:65536]), m.chaos, _ENCODINGS.index(m.encoding)),
    )
    return "utf-8-sig" if best.encoding == "utf_8" else best.encoding.replace("_", "-")


def _utf16_without_mark(sample: bytes) -> str | None:
    """UTF-16 saved without its byte-order mark: text in Latin letters has a zero byte in every
    other place (after each letter in little-endian, before it in big-endian). A stray NUL in
    a UTF-8 file is far from that."""
    if len(sample) < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.6 * half and even < 0.1 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.1 * half:
        return "utf-16-be"
    return None


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _garbled(text: str) -> int:
    """Signs of a wrong reading: words that mix Latin and Cyrillic letters, and symbols
    outside ASCII (`£ukasz ¯ó³æ` for «Łukasz Żółć»), which names and addresses hardly have."""
    import unicodedata

    mixed = sum(
        1
        for word in re.findall(r"[^\W\d_]+", text)
        if _LATIN.search(word) and _CYRILLIC.search(word)
    )
    symbols = sum(
        1
        for char in text
        if ord(char) > 127 and unicodedata.category(char) in {"Sc", "Sk", "So", "No", "Co", "Cn"}
    )
    return mixed + symbols


def cell_value(parse: Callable[[str], T], column: str, cell: str) -> T:
    """A cell's value through the parser for its kind; a bad one names the column."""
    from appeals.errors import InputError

    try:
        return parse(cell)
    except ValueError as err:
        raise InputError(f"{column}: {err}") from None


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
        how = (
            ", as its 'sep=' line says"
            if excel
            else "; separators tried: comma, semicolon, tab, bar"
        )
        raise DataError(
            f"{path}:{line}: no 'name' column in the header {_shown(first)} (read as "
            f"{_separated(delimiter)}{how}); "
            f"the first row must name the columns ({_COLUMNS_HINT})"
        )
    twice = next((name for name in COLUMNS if names.count(name) > 1), None)
    if twice is not None:
        where = " and ".join(str(i + 1) for i, name in enumerate(names) if name == twice)
        raise DataError(f"{path}:{line}: columns {where} are both {twice!r}; keep one of them")
    return line, delimiter, header


def _shown(text: str, most: int = 60) -> str:
    """A header row as the user can see it: quoted, control characters escaped, cut short."""
    text = text.rstrip("\r\n")
    cut = text if len(text) <= most else text[:most] + "..."
    return repr(cut)


def _separated(delimiter: str) -> str:
    name = _DELIMITER_NAMES.get(delimiter)
    return f"{name}-separated" if name else f"separated by {delimiter!r}"


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
    # where each of our columns is in a row (a column is named once: the header is checked)
    known = [(index, name) for index, name in enumerate(names) if name in COLUMNS]
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
            if not "".join(raw).strip():
                continue  # blank lines and rows of empty cells
            cells = dict.fromkeys(COLUMNS, "")
            for index, name in known:
                if index < len(raw):
                    cells[name] = raw[index].strip()
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
    return DataError(
        f"{path}:{line}: not UTF-8 text, nor another encoding a spreadsheet saves in; "
        "save the file as CSV UTF-8"
    )


def address_lines(cell: str) -> list[str]:
    """An address cell's lines: separated by line breaks or semicolons."""
    return [part.strip() for part in re.split(r"[\r\n;]+", cell) if part.strip()]


def country_code(cell: str) -> str | None:
    """An ISO code from a code or a common name ("Canada", "UK", «Канада»); None if unknown."""
    from appeals.naturalvalues import parse_country

    try:
        return parse_country(cell)
    except ValueError:
        return None


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a leading '."""
    return f"'{cell}" if cell.startswith(_FORMULA) else cell


# control characters but the tab and line breaks a quoted CSV cell holds, and bidi overrides
_UNSEEN = re.compile(f"[{C0_BUT_LINES}{C1_AND_BIDI}]")


def rejected_cell(cell: str) -> str:
    """A cell of a rejected row as it can be shown and opened: each control character (NUL,
    escape, a bidi override) spelt <U+001B>, so the row can be mended and put back, and no
    spreadsheet formula."""
    if _UNSEEN.search(cell):
        cell = _UNSEEN.sub(lambda found: f"<U+{ord(found.group()):04X}>", cell)
    return spreadsheet_safe(cell)
