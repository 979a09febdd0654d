"""A letter-writing evening: letters for every writer in a CSV, safe to stop and resume.

prepare_batch() makes every check that can refuse the run (options, case, deadline, CSV header,
output folder) and writes nothing; Batch.run() then streams the rows. Each letter is written
atomically and recorded in manifest.csv as soon as it is on disk, so a killed run leaves only
complete files and --resume finishes it.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, TextIO

from pydantic import ValidationError

from appeals.choose import (
    EMBASSY,
    choose_action,
    choose_lang,
    embassy_for,
    later_action_note,
    stale_warning,
)
from appeals.compose import VARIANTS, compose_letter, variant_for
from appeals.deadline import check_deadline
from appeals.errors import DataError, InputError, UsageError
from appeals.export import EXTENSIONS, FileFormat, export_letter
from appeals.files import check_output_folder, open_to_write, replace_with
from appeals.loading import CaseFolder, load_case_folder
from appeals.models import Action, Deadline, Lang, Letter, Target, Writer
from appeals.naturalvalues import parse_country, parse_lang
from appeals.writers import (
    WriterRow,
    WritersFile,
    address_lines,
    cell_value,
    open_writers,
    rejected_cell,
)
from appeals.writers import spreadsheet_safe as safe

BatchFormat = Literal["text", "md", "json", "eml", "pdf"]
MANIFEST = "manifest.csv"
REJECTED = "rejected.csv"
COMBINED = "letters.pdf"
# `row` tells a writer's row by its content (a hash of its cells, and which repeat of the same
# cells it is), so --resume finds the letters done even when rows were added or moved
MANIFEST_COLUMNS = ["line", "writer", "target", "lang", "action", "file", "page", "sha256", "row"]


@dataclass(frozen=True)
class BatchRequest:
    writers: Path
    output: Path
    today: date
    targets: list[str] = field(default_factory=list)  # empty: the action's own
    lang: str | None = None  # None: each writer's lang column, else English
    output_format: BatchFormat = "text"
    action: str | None = None
    allow_late: bool = False
    force: bool = False
    resume: bool = False
    combine: bool = False
    duplex: bool = False
    paper: Literal["a4", "letter"] = "a4"
    case_dir: Path | None = None
    skip_duplicates: bool = False  # a row the same as an earlier one gets no letters


@dataclass
class BatchResult:
    output: Path
    letters: Counter[tuple[str, str]] = field(default_factory=Counter)  # (target, lang) → n
    rejected: int = 0
    skipped: int = 0  # already in the manifest (--resume)
    # rows whose embassy letter could not be written (no country, or no embassy serves it),
    # as (line, why); their other letters are written
    no_embassy: list[tuple[int, str]] = field(default_factory=list)
    combined: Path | None = None


def prepare_batch(request: BatchRequest) -> Batch:
    """Check everything that can refuse the run; nothing is written here."""
    if request.combine and request.output_format != "pdf":
        raise UsageError("--combine makes one PDF to print; use it with --format pdf")
    if request.duplex and not request.combine:
        raise UsageError("--duplex goes with --combine")
    lang = choose_lang(request.lang) if request.lang is not None else None
    folder = load_case_folder(request.case_dir, check_numbers=False)
    action = choose_action(folder, request.action, request.today)
    if lang is not None:
        action.text(lang)  # a language the action is not worded in: say what to add, now
    if action.closed:
        raise InputError(
            f"{action.ua or action.id} is closed: the UA says no further action is requested, "
            "so there are no letters to send"
        )
    targets = request.targets or _default_targets(folder, action)
    for name in targets:
        if name != EMBASSY and name not in folder.targets:
            known = ", ".join([*folder.targets, EMBASSY])
            raise InputError(f"unknown target {name!r}; choose one of: {known}")
    deadline, warnings = check_deadline(
        action, folder.case.newest_fact(action), request.today, allow_late=request.allow_late
    )
    if request.action is None:
        warnings += later_action_note(folder, action, request.today)
    warnings += [
        message
        for t in folder.targets.values()
        if (t.id in targets or (EMBASSY in targets and t.kind == "embassy"))
        and (message := stale_warning(t, request.today))
    ]
    writers = open_writers(request.writers)
    if writers.encoding not in ("utf-8", "ascii"):
        warnings.append(f"{request.writers}: not UTF-8; read as {writers.encoding}")
    if writers.ignored:
        warnings.append(f"{request.writers}: columns ignored: {', '.join(writers.ignored)}")
    out = request.output
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: is a file; --output names a folder for the letters")
    if (out / MANIFEST).exists() and not (request.resume or request.force):
        raise InputError(
            f"{out}: already holds letters ({MANIFEST}); add --resume to finish that run "
            "or --force to replace its files"
        )
    return Batch(request, folder, action, targets, lang, deadline, writers, warnings)


def _default_targets(folder: CaseFolder, action: Action) -> list[str]:
    """The officials the action names (a head of state, a minister, a prosecutor), and the
    writer's own embassy if it names any."""
    named = [folder.targets[t] for t in action.targets]
    chosen = [t.id for t in named if t.kind != "embassy"]
    if any(t.kind == "embassy" for t in named):
        chosen.append(EMBASSY)
    if not chosen and not action.closed:  # a closed action is refused by the deadline check
        raise DataError(
            f"action {action.id!r} names no target to write to; add one to its 'targets:' "
            "in case.yaml, or give --target"
        )
    return chosen


def estimate_rows(path: Path) -> int | None:
    """Roughly how many writers a CSV holds (its lines less the header), for a progress bar;
    None for a pipe (`<(…)`), which can be read only once, by the batch itself."""
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return max(sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")), 1)


class Batch:
    def __init__(
        self,
        request: BatchRequest,
        folder: CaseFolder,
        action: Action,
        targets: list[str],
        lang: Lang | None,
        deadline: Deadline,
        writers: WritersFile,
        warnings: list[str],
    ) -> None:
        self.request = request
        self.folder = folder
        self.action = action
        self.targets = targets
        self.lang = lang
        self.deadline = deadline
        self.writers = writers
        self.warnings = warnings
        self._used: dict[tuple[str, Lang], set[int]] = {}
        self._present: frozenset[str] = frozenset()  # file names in the output folder
        self.duplicates: list[tuple[int, int]] = []  # (line, earlier line): the same cells

    def run(self, progress: Callable[[int], None] | None = None) -> BatchResult:
        """Write every letter; `progress` is told how many rows have been read so far.

        A big batch of separate files is shared out to a process per core (batch_pool.py);
        the files, the manifest and rejected.csv are the same bytes either way.
        """
        request, out = self.request, self.request.output
        check_output_folder(out, "the letters")
        try:
            out.mkdir(parents=True, exist_ok=True)
            for leftover in out.glob(".*.part"):  # cut short when an earlier run was killed
                leftover.unlink(missing_ok=True)  # a worker of that run may remove it first
            # what the folder holds: only these names can be there already (a letter's name
            # is this run's own), so a letter's file is checked for only if its name is here
            self._present = frozenset(entry.name for entry in out.iterdir())
        except OSError as err:
            raise DataError(f"{out}: cannot use this folder ({err.strerror})") from None
        result = BatchResult(output=out)
        done = _read_manifest(out / MANIFEST) if request.resume and not request.combine else {}
        taken = set(done.values())  # file names an earlier run used, not to be reused
        with (
            _Manifest(out / MANIFEST, keep=bool(done)) as manifest,
            _Rejected(out / REJECTED, self.writers.header) as rejected,
        ):
            sink = _Sink(result, manifest, rejected, progress)
            if request.combine:
                self._run_combined(sink)
            else:
                from appeals.batch_pool import workers_for

                workers = workers_for(request.writers, request.output_format)
                if workers > 1:
                    from appeals.batch_pool import run_in_pool

                    run_in_pool(self, done, taken, sink, workers)
                else:
                    for key, row in self.keyed_rows():
                        try:
                            writer, lang, targets = self.check(row)
                            name, country = writer.name, writer.country
                            todo = self.plan(
                                name, country, lang, targets, key, done, result, row.line
                            )
                            letters = self.compose(row.cells["personal"], writer, lang, todo)
                        except InputError as err:
                            sink.reject(row, str(err))
                        else:
                            sink.add(self.write_letters(row.line, key, writer, letters, taken))
        return result

    def keyed_rows(self) -> Iterator[tuple[str, WriterRow]]:
        """The CSV's rows, each with the key --resume knows it by."""
        seen: dict[bytes, tuple[int, int]] = {}  # row content → (times so far, first line)
        self.duplicates = []
        for row in self.writers.rows:
            key, first = _row_key(row, seen)
            if first != row.line:
                self.duplicates.append((row.line, first))
                if self.request.skip_duplicates:
                    continue
            yield key, row

    def _run_combined(self, sink: _Sink) -> None:
        """One PDF of every letter; the manifest lines wait for the PDF's hash."""
        from appeals.export.pdf import LetterBook

        request, out = self.request, self.request.output
        book = LetterBook(request.paper, duplex=request.duplex)
        pending: list[list[str]] = []
        for key, row in self.keyed_rows():
            try:
                writer, lang, targets = self.check(row)
                todo = self.plan(
                    writer.name, writer.country, lang, targets, key, {}, sink.result, row.line
                )
                letters = self.compose(row.cells["personal"], writer, lang, todo)
            except InputError as err:
                sink.reject(row, str(err))
                continue
            for letter in letters:
                page = book.add(letter)
                entry = [str(row.line), writer.name or "", letter.target, letter.lang]
                pending.append([*entry, letter.action, COMBINED, str(page), "", key])
                sink.result.letters[(letter.target, letter.lang)] += 1
            sink.row_done()
        data = book.output()
        self._write(COMBINED, data)
        digest = hashlib.sha256(data).hexdigest()
        for entry in pending:
            sink.manifest.add([*entry[:-2], digest, entry[-1]])
        sink.result.combined = out / COMBINED

    def check(self, row: WriterRow) -> tuple[Writer, Lang, list[Target]]:
        """The row's writer, language and targets; InputError for a bad row."""
        writer, lang = self._writer(row)
        targets = []
        for name in self.targets:
            try:
                targets.append(self._target(name, writer.country))
            except InputError:
                # a writer whose country has no embassy in the records still writes the others;
                # plan() reports the missing copy
                if name != EMBASSY or len(self.targets) == 1:
                    raise
        return writer, lang, targets

    def plan(
        self,
        name: str | None,
        country: str | None,
        lang: Lang,
        targets: list[Target],
        key: str,
        done: dict[tuple[str, str], str],
        result: BatchResult,
        line: int = 0,
    ) -> list[tuple[Target, int]]:
        """The targets still to write to, each with its variant. Variants are chosen for every
        target, written or not, so a resumed run makes the same choices; this runs in row order
        in one process, as each choice depends on the earlier ones. `name` and `country` are
        the checked writer's."""
        missing = self._no_embassy(country, targets)
        if missing is not None:
            result.no_embassy.append((line, missing))
        variants = {target.id: self._variant(name, target, lang) for target in targets}
        todo = [(target, variants[target.id]) for target in targets if (key, target.id) not in done]
        result.skipped += len(targets) - len(todo)
        return todo

    def settled_keys(self) -> frozenset[tuple[str, Lang]]:
        """The (target, language) pairs whose every variant was given to a writer: from then on
        each writer of one gets their own (plan() needs no earlier writer to choose it)."""
        return frozenset(key for key, used in self._used.items() if len(used) >= VARIANTS)

    def plan_settled(
        self,
        name: str | None,
        country: str | None,
        targets: list[Target],
        key: str,
        done: dict[tuple[str, str], str],
    ) -> tuple[list[tuple[Target, int]], str | None, int]:
        """plan() for targets whose variants are all settled in this language, in any process:
        the letters to write with their variants, why there is no embassy letter (or None), and
        how many letters an earlier run wrote."""
        action = self.action.id
        todo = [
            (target, variant_for(name or "", target.id, action))
            for target in targets
            if (key, target.id) not in done
        ]
        return todo, self._no_embassy(country, targets), len(targets) - len(todo)

    def _no_embassy(self, country: str | None, targets: list[Target]) -> str | None:
        """Why the writer gets no embassy letter when one was asked for, else None."""
        if EMBASSY in self.targets and len(targets) < len(self.targets):
            try:
                self._target(EMBASSY, country)
            except InputError as err:
                return str(err)
        return None

    def compose(
        self, personal: str, writer: Writer, lang: Lang, todo: list[tuple[Target, int]]
    ) -> list[Letter]:
        """The row's letters; `personal` is its sentence (the cell, "" for none). A bad
        sentence names the CSV's column, not draft's option."""
        try:
            return self._compose(personal, writer, lang, todo)
        except InputError as err:
            message = str(err)
            if message.startswith("--personal: "):
                raise InputError(message.removeprefix("--")) from None
            raise

    def _compose(
        self, personal: str, writer: Writer, lang: Lang, todo: list[tuple[Target, int]]
    ) -> list[Letter]:
        return [
            compose_letter(
                self.folder,
                action=self.action,
                target=target,
                lang=lang,
                writer=writer,
                personal=personal or None,
                today=self.request.today,
                deadline=self.deadline,
                variant=variant,
            ).letter
            for target, variant in todo
        ]

    def write_letters(
        self, line: int, key: str, writer: Writer, letters: list[Letter], taken: set[str]
    ) -> list[list[str]]:
        """Export and write the row's letters; their manifest lines. A letter that cannot be
        written stops the batch (InputError or DataError), unlike a bad row."""
        request = self.request
        entries = []
        writer_name = writer.name or ""
        for letter in letters:
            data = export_letter(letter, request.output_format, request.paper)
            name = _file_name(line, writer_name, letter.target, request.output_format)
            name = _untaken(name, taken)
            self._write(name, data)
            digest = hashlib.sha256(data).hexdigest()
            entry = [str(line), writer_name, letter.target, letter.lang, letter.action]
            entries.append([*entry, name, "", digest, key])
        return entries

    def _variant(self, name: str | None, target: Target, lang: Lang) -> int:
        """The writer's own variant, or the next one no earlier writer in this batch got:
        officials discount letters that read the same."""
        used = self._used.setdefault((target.id, lang), set())
        number = variant_for(name or "", target.id, self.action.id)
        if len(used) < VARIANTS:
            while number in used:
                number = number % VARIANTS + 1
        used.add(number)
        return number

    def _writer(self, row: WriterRow) -> tuple[Writer, Lang]:
        cells = row.cells
        if row.problem is not None:
            raise InputError(row.problem)
        if not cells["name"]:
            raise InputError("no name")
        code = cell_value(_country, "country", cells["country"]) if cells["country"] else None
        lang = self.lang
        if lang is None:
            # the row's language, else the one the case sets for the action, else English
            wanted = cells["lang"]
            lang = cell_value(parse_lang, "lang", wanted) if wanted else self.action.lang or "en"
            if lang not in self.action.texts:
                raise InputError(
                    f"lang {wanted or lang!r}: {self.action.id} has no wording in that language "
                    f"(only {', '.join(self.action.texts)}); add '{lang}:' to it in case.yaml"
                )
        try:
            writer = Writer(
                name=cells["name"],
                address=address_lines(cells["address"]),
                city=cells["city"],
                region=cells["region"],
                postcode=cells["postcode"],
                country=code,
                email=cells["email"],
            )
        except ValidationError as err:
            first = err.errors()[0]
            column = str(first["loc"][0]) if first["loc"] else "row"
            raise InputError(f"{column}: {first['msg'].removeprefix('Value error, ')}") from None
        return writer, lang

    def _target(self, name: str, country: str | None) -> Target:
        if name != EMBASSY:
            return self.folder.targets[name]
        embassy = embassy_for(self.folder, country)
        if embassy is None:
            served = ", ".join(
                sorted(
                    c for t in self.folder.targets.values() if t.kind == "embassy" for c in t.serves
                )
            )
            if country is None:
                raise InputError(
                    f"no country, so no embassy to write to (embassies serve {served})"
                )
            raise InputError(f"no embassy record serves {country} (embassies serve {served})")
        return embassy

    def _write(self, name: str, data: bytes) -> None:
        """Write the file `name` in the output folder."""
        out = self.request.output
        if name in self._present and not self.request.force and (out / name).exists():
            path = out / name
            if self.request.resume and path.read_bytes() == data:
                return  # written by the interrupted run, not yet in its manifest
            raise InputError(f"{path}: already exists; add --force to replace it")
        try:
            replace_with(f"{out}{os.sep}{name}", data, durable=False)
        except OSError as err:
            raise DataError(
                f"{out / name}: cannot write ({err.strerror}); the letters so far are complete"
            ) from None


# each writer's country, read once per spelling (parse_country is a pure function; a cell it
# refuses is read again, and refused the same way)
_country = lru_cache(maxsize=1024)(parse_country)

_SLUG = re.compile(r"[^\w]+")


def _file_name(line: int, writer_name: str, target: str, fmt: FileFormat) -> str:
    """`00007-jane-doe-president.eml`: the CSV line keeps names unique and in order, and
    nothing a writer types can leave the output folder or name a device."""
    plain = unicodedata.normalize("NFKC", writer_name).lower()
    slug = _SLUG.sub("-", plain).strip("-_")[:40].strip("-_") or "writer"
    return f"{line:05d}-{slug}-{target}.{EXTENSIONS[fmt]}"


def _row_key(row: WriterRow, seen: dict[bytes, tuple[int, int]]) -> tuple[str, int]:
    """The row's content as a short hash, and which repeat of the same cells it is: what
    --resume matches, so a row added at the top of the CSV shifts no writer's letters; and the
    line the same cells came on first (the row's own when they did not come before)."""
    digest = hashlib.sha256("\x1f".join(row.raw).encode("utf-8", "surrogatepass")).digest()[:9]
    repeat, first = seen.get(digest, (0, row.line))
    seen[digest] = (repeat + 1, first)
    return f"{digest.hex()}.{repeat + 1}", first


def _untaken(name: str, taken: set[str]) -> str:
    """The file name, or one with -2, -3... when an earlier run's letter has it (--resume after
    rows were added: the line numbers in names moved)."""
    if name not in taken:
        return name
    stem, dot, extension = name.rpartition(".")
    number = 2
    while f"{stem}-{number}{dot}{extension}" in taken:
        number += 1
    return f"{stem}-{number}{dot}{extension}"


def _read_manifest(path: Path) -> dict[tuple[str, str], str]:
    """(row, target) → file for the letters an earlier run finished, whose files still exist."""
    if not path.exists():
        return {}
    done: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            if "row" not in (reader.fieldnames or []):
                raise InputError(
                    f"{path}: written by an older appeals, which matched rows by line number; "
                    "start the batch again with --force"
                )
            for record in reader:
                if None in record.values() or not (record.get("line") or "").isdigit():
                    continue  # a line cut short when the earlier run was killed
                if (path.parent / record["file"]).is_file() and len(record["sha256"]) == 64:
                    done[(record["row"], record["target"])] = record["file"]
        except (UnicodeDecodeError, csv.Error):
            raise _not_a_manifest(path, "start the batch again with --force") from None
    return done


def _not_a_manifest(path: Path, fix: str) -> InputError:
    """A manifest.csv with what appeals never writes in one (bytes not UTF-8, a huge field)."""
    return InputError(f"{path}: not a manifest as appeals writes it (was it edited?); {fix}")


class ManifestLetter(NamedTuple):  # a tuple: a batch's log reads one per letter
    line: str
    writer: str
    target: str
    lang: str
    action: str
    hash: str  # as the action log knows the letter


_MANIFEST_READ = ("line", "writer", "target", "lang", "action", "page", "sha256")


def manifest_letters(folder: Path) -> Iterator[ManifestLetter]:
    """Every letter a batch's manifest lists, read one line at a time."""
    path = folder / MANIFEST
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is a file; name the folder a batch wrote its letters to")
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise InputError(
            f"{folder}: no {MANIFEST} here; name the folder a batch wrote its letters to"
        ) from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, [])
            if "sha256" not in header:
                return  # no letter is listed with its hash
            if not set(_MANIFEST_READ) <= set(header):
                raise _not_a_manifest(path, "name the folder a batch wrote its letters to")
            width = len(header)
            line, writer, target, lang, action, page, sha256 = map(header.index, _MANIFEST_READ)
            for row in reader:
                # a line cut short (a killed run) lacks cells; a blank line has none
                if len(row) >= width and row[sha256]:
                    yield ManifestLetter(
                        row[line],
                        row[writer].removeprefix("'"),
                        row[target],
                        row[lang],
                        row[action],
                        f"{row[sha256]}:{row[line]}:{row[page]}",
                    )
        except (UnicodeDecodeError, csv.Error):
            raise _not_a_manifest(path, "name the folder a batch wrote its letters to") from None


@dataclass
class _Sink:
    """Where each row's outcome goes, in row order: manifest lines, rejections, counts."""

    result: BatchResult
    manifest: _Manifest
    rejected: _Rejected
    progress: Callable[[int], None] | None
    rows: int = 0

    def add(self, entries: list[list[str]], *, flush: bool = True) -> None:
        """The row's letters, on disk; `flush=False` leaves their lines to flush() (for a
        chunk of rows whose letters are all written)."""
        for entry in entries:
            self.manifest.add(entry, flush=flush)
            self.result.letters[(entry[2], entry[3])] += 1
        self.row_done()

    def reject(self, row: WriterRow, reason: str, *, flush: bool = True) -> None:
        self.rejected.add(row, reason, flush=flush)
        self.result.rejected += 1
        self.row_done()

    def flush(self) -> None:
        self.manifest.flush()
        self.rejected.flush()

    def row_done(self) -> None:
        self.rows += 1
        if self.progress is not None:
            self.progress(self.rows)


class _Manifest:
    """DIR/manifest.csv: one line per letter on disk, flushed as each letter lands."""

    def __init__(self, path: Path, *, keep: bool) -> None:
        self.path = path
        self.keep = keep
        self.stream: TextIO | None = None

    def __enter__(self) -> _Manifest:
        if self.keep:
            _drop_cut_line(self.path)
            self.stream = open_to_write(self.path, append=True)
        else:
            self.stream = open_to_write(self.path, append=False)
            csv.writer(self.stream).writerow(MANIFEST_COLUMNS)
        self.writer = csv.writer(self.stream)
        return self

    def add(self, entry: list[str], *, flush: bool = True) -> None:
        assert self.stream is not None
        # on disk before the next letter (or chunk of letters): what --resume trusts
        _write_row(self.path, self.stream, self.writer, [safe(cell) for cell in entry], flush)

    def flush(self) -> None:
        _flush(self.path, self.stream)

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        _close(self.stream, failing=kind is not None)


def _drop_cut_line(path: Path) -> None:
    """Cut a last line left half-written by a killed run, so new lines start cleanly."""
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("r+b") as handle:
            handle.truncate(data.rfind(b"\n") + 1)


class _Rejected:
    """DIR/rejected.csv: the rows left out, with their line and the reason, as read."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self.path = path
        self.header = header
        self.stream: TextIO | None = None

    def __enter__(self) -> _Rejected:
        self.path.unlink(missing_ok=True)
        return self

    def add(self, row: WriterRow, reason: str, *, flush: bool = True) -> None:
        if self.stream is None:
            self.stream = open_to_write(self.path, append=False)
            self.writer = csv.writer(self.stream)
            heading = (rejected_cell(cell) for cell in self.header)
            self.writer.writerow(["line", "reason", *heading])
        cells = [str(row.line), rejected_cell(reason), *(rejected_cell(cell) for cell in row.raw)]
        _write_row(self.path, self.stream, self.writer, cells, flush)

    def flush(self) -> None:
        _flush(self.path, self.stream)

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        _close(self.stream, failing=kind is not None)


def _write_row(path: Path, stream: TextIO, writer: Any, cells: list[str], flush: bool) -> None:
    """One CSV line, flushed to the file unless `flush` is False; a full disk names the file."""
    try:
        writer.writerow(cells)
        if flush:
            stream.flush()
    except OSError as err:
        raise DataError(
            f"{path}: cannot write ({err.strerror}); the letters so far are complete"
        ) from None


def _flush(path: Path, stream: TextIO | None) -> None:
    if stream is None:
        return
    try:
        stream.flush()
    except OSError as err:
        raise DataError(
            f"{path}: cannot write ({err.strerror}); the letters so far are complete"
        ) from None


def _close(stream: TextIO | None, *, failing: bool) -> None:
    """Close a CSV file; when the batch is already stopping on an error, that error is the one
    to show, not a second failure to flush the same line."""
    if stream is None:
        return
    try:
        stream.close()
    except OSError:
        if not failing:
            raise
