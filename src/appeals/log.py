"""The action log: which letters were written or opened, and which were sent, in SQLite.

Amnesty sections ask writers to report the actions they took; the log remembers them so that
`appeals report` can tally them and `appeals draft` can warn before writing the same letter twice.
It holds only what the tally needs: no letter text (only its hash) and no addresses.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from appeals.errors import DataError, InputError

BUSY_SECONDS = 10.0  # how long to wait for another appeals process holding the log

Via = Literal["email", "post", "fax"]
VIAS: tuple[Via, ...] = ("email", "post", "fax")

# Each step takes the schema from version N to N+1; a log file records its version in
# PRAGMA user_version and is brought up to date when it is opened.
MIGRATIONS = [
    """
    CREATE TABLE letters (
        id INTEGER PRIMARY KEY,
        created TEXT NOT NULL,
        case_id TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        lang TEXT NOT NULL,
        format TEXT NOT NULL,
        letter_date TEXT NOT NULL,
        writer TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    """,
    """
    ALTER TABLE letters ADD COLUMN sent TEXT;
    ALTER TABLE letters ADD COLUMN via TEXT;
    CREATE INDEX letters_by_action ON letters (case_id, action, target);
    CREATE UNIQUE INDEX letters_once ON letters (case_id, action, target, writer, hash);
    """,
]


@dataclass(frozen=True)
class Entry:
    id: int
    created: str
    case: str
    action: str
    target: str
    lang: str
    format: str
    letter_date: str
    writer: str
    hash: str
    sent: str | None
    via: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "created": self.created,
            "case": self.case,
            "action": self.action,
            "target": self.target,
            "lang": self.lang,
            "format": self.format,
            "letter_date": self.letter_date,
            "writer": self.writer,
            "sent": self.sent,
            "via": self.via,
        }


@dataclass(frozen=True)
class NewEntry:
    case: str
    action: str
    target: str
    lang: str
    format: str
    letter_date: date
    writer: str
    hash: str


def log_path() -> Path:
    """APPEALS_LOG, or log.sqlite3 in the user's data folder (the platform's convention)."""
    override = os.environ.get("APPEALS_LOG")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("appeals", appauthor=False) / "log.sqlite3"


class ActionLog:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or log_path()

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """A connection to the log; for writing, one holding a write transaction that commits
        when the block ends and rolls back if it fails."""
        if write:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise DataError(f"{self.path}: cannot create its folder ({err.strerror})") from None
        elif not self.path.exists():
            yield sqlite3.connect(":memory:")  # nothing logged yet: an empty log
            return
        connection = self._open(write=write)
        try:
            yield connection
            if write:
                connection.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            raise self._unusable(err) from None
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            connection.close()

    def _open(self, *, write: bool) -> sqlite3.Connection:
        """Open, bring the schema up to date, and for writing take the write lock.

        Another process may hold the log: SQLite then waits (busy_timeout), but while a WAL file
        is being recovered or checkpointed it can answer "busy" at once, so opening is retried
        until the same deadline. Nothing is written before the lock is held, so a retry repeats
        no work.
        """
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            connection = None
            try:
                connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
                connection.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
                connection.execute("PRAGMA journal_mode=WAL")
                self._migrate(connection)
                if write:
                    connection.execute("BEGIN IMMEDIATE")
                return connection
            except sqlite3.OperationalError as err:
                if connection is not None:
                    connection.close()
                busy = "locked" in str(err) or "busy" in str(err)
                if busy and time.monotonic() < deadline:
                    time.sleep(random.uniform(0.01, 0.05))
                    continue
                raise self._unusable(err) from None
            except sqlite3.DatabaseError as err:
                if connection is not None:
                    connection.close()
                raise self._unusable(err) from None

    def _unusable(self, err: sqlite3.Error) -> DataError:
        return DataError(
            f"{self.path}: the log cannot be used ({err}); move the file aside and a new "
            "log will be started"
        )

    def _migrate(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise DataError(
                f"{self.path}: made by a newer appeals (schema {version}); update appeals"
            )
        if version == len(MIGRATIONS):
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated while this one waited for the lock
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for step, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {step}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def record(self, entries: Iterable[NewEntry]) -> int:
        """Add letters in one transaction; a letter already logged is not added twice."""
        created = datetime.now(UTC).isoformat(timespec="seconds")
        rows = (  # streamed: a batch of 100,000 letters is never held in memory at once
            (
                created,
                e.case,
                e.action,
                e.target,
                e.lang,
                e.format,
                e.letter_date.isoformat(),
                e.writer,
                e.hash,
            )
            for e in entries
        )
        with self._connect(write=True) as connection:
            before = connection.total_changes
            connection.executemany(
                "INSERT OR IGNORE INTO letters (created, case_id, action, target, lang, format,"
                " letter_date, writer, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return connection.total_changes - before  # committed as the block ends

    def entries(self, *, action: str | None = None, target: str | None = None) -> list[Entry]:
        query = "SELECT * FROM letters"
        clauses, values = [], []
        for column, value in (("action", action), ("target", target)):
            if value is not None:
                clauses.append(f"{column} = ?")
                values.append(value)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        with self._connect(write=False) as connection:
            if not self._has_table(connection):
                return []
            cursor = connection.execute(query + " ORDER BY id", values)
            names = [d[0] for d in cursor.description]
            return [_entry(dict(zip(names, row, strict=True))) for row in cursor]

    def mark_sent(self, entry_id: int, via: Via, day: date) -> Entry:
        if not 0 < entry_id < 2**63:  # SQLite's ids; a larger number cannot even be looked up
            raise InputError(f"no letter {entry_id} in the log; see 'appeals log' for the ids")
        with self._connect(write=True) as connection:
            cursor = connection.execute(
                "UPDATE letters SET sent = ?, via = ? WHERE id = ?",
                (day.isoformat(), via, entry_id),
            )
            if cursor.rowcount == 0:
                raise InputError(f"no letter {entry_id} in the log; see 'appeals log' for the ids")
        return next(e for e in self.entries() if e.id == entry_id)

    def last_sent(self, case: str, action: str, target: str) -> Entry | None:
        sent = [
            e
            for e in self.entries(action=action, target=target)
            if e.case == case and e.sent is not None
        ]
        return max(sent, key=lambda e: (e.sent or "", e.id), default=None)

    def forget(self, before: date | None = None) -> int:
        """Delete every entry, or those created before a date; returns how many."""
        if not self.path.exists():
            return 0
        with self._connect(write=True) as connection:
            connection.execute("PRAGMA secure_delete=ON")  # overwrite, don't just unlink, rows
            if before is None:
                cursor = connection.execute("DELETE FROM letters")
            else:
                cursor = connection.execute(
                    "DELETE FROM letters WHERE created < ?", (before.isoformat(),)
                )
            count = cursor.rowcount
        with self._connect(write=False) as connection:  # outside the transaction, as they must be
            connection.execute("VACUUM")  # leave no deleted rows in the file...
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # ...nor in its journal
        return count

    @staticmethod
    def _has_table(connection: sqlite3.Connection) -> bool:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'letters'"
        ).fetchone()
        return found is not None


def _entry(row: dict[str, object]) -> Entry:
    return Entry(
        id=int(row["id"]),  # type: ignore[call-overload]
        created=str(row["created"]),
        case=str(row["case_id"]),
        action=str(row["action"]),
        target=str(row["target"]),
        lang=str(row["lang"]),
        format=str(row["format"]),
        letter_date=str(row["letter_date"]),
        writer=str(row["writer"]),
        hash=str(row["hash"]),
        sent=None if row["sent"] is None else str(row["sent"]),
        via=None if row["via"] is None else str(row["via"]),
    )


def tally(entries: Iterable[Entry]) -> dict[tuple[str, str], dict[str, int]]:
    """(action, target) → {'email': n, 'post': n, 'fax': n, 'drafted': n}."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for entry in entries:
        row = counts.setdefault((entry.action, entry.target), dict.fromkeys([*VIAS, "drafted"], 0))
        row[entry.via if entry.via in VIAS else "drafted"] += 1
    return counts
