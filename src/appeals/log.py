"""The action log: which letters were written or opened, and which were sent, in SQLite.

Amnesty sections ask writers to report the actions they took; the log remembers them so that
`appeals report` can tally them and `appeals draft` can warn before writing the same letter twice.
It holds only what the tally needs: no letter text (only its hash) and no addresses.

Every question is an indexed SQL query, so a draft costs the same with ten letters logged or a
million, and `log` reads one page, or streams.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from appeals.errors import AppealsError, DataError, InputError
from appeals.log_schema import (
    APPLICATION_ID,
    ENTRY_COLUMNS,
    MIGRATIONS,
    VIAS,
    Entry,
    Filter,
    NewEntry,
    Sending,
    Tally,
    Via,
    entry_from,
    is_appeals_log,
    statements,
    unsigned,
)

__all__ = [
    "MIGRATIONS",
    "VIAS",
    "ActionLog",
    "Entry",
    "Filter",
    "LogInterrupted",
    "NewEntry",
    "Sending",
    "Tally",
    "Via",
]

BUSY_SECONDS = 10.0  # how long to wait for another appeals process holding the log
_POLL_SECONDS = 0.05  # SQLite's own wait per try: short, so Ctrl-C is answered at once
MAX_ID = 2**63 - 1  # SQLite's largest id


class LogInterrupted(AppealsError):
    """Ctrl-C while the log was being written (or waited for): nothing of it was written."""

    exit_code = 130


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

    # -- connections ---------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A connection holding a write transaction that commits when the block ends and rolls
        back if it fails or is interrupted."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DataError(f"{self.path}: cannot create its folder ({err.strerror})") from None
        try:
            connection = self._open(write=True)
        except KeyboardInterrupt:
            raise self._interrupted() from None
        try:
            yield connection
            connection.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            raise self._unusable(err) from None
        except KeyboardInterrupt:
            raise self._interrupted() from None
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            connection.close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        """A connection for queries, or None when nothing was ever logged."""
        if not self.path.exists():
            yield None
            return
        connection = self._open(write=False)
        try:
            yield connection
        except sqlite3.DatabaseError as err:
            raise self._unusable(err) from None
        finally:
            connection.close()

    def _interrupted(self) -> LogInterrupted:
        return LogInterrupted(
            f"stopped while waiting for the action log {self.path} (another appeals process "
            "may hold it); nothing was added to it"
        )

    def _open(self, *, write: bool) -> sqlite3.Connection:
        """Open, check it is an appeals log, bring the schema up to date, and for writing take
        the write lock.

        Another process may hold the log: SQLite answers "busy" after a short wait, and opening
        is retried until BUSY_SECONDS have passed. The waiting happens here, in Python, so Ctrl-C
        stops it at once. Nothing is written before the lock is held, so a retry repeats no work.
        """
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            connection = None
            try:
                connection = sqlite3.connect(self.path, timeout=_POLL_SECONDS, isolation_level=None)
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
            except BaseException:
                if connection is not None:
                    connection.close()
                raise

    def _unusable(self, err: sqlite3.Error) -> DataError:
        text = str(err)
        if self.path.is_dir():
            return DataError(
                f"{self.path}: is a folder, not a log file; set APPEALS_LOG to a file's name "
                f"(such as {self.path / 'log.sqlite3'}), or unset it"
            )
        if self.path.exists() and not self.path.is_file():
            return DataError(
                f"{self.path}: is not a regular file (a pipe or a device); set APPEALS_LOG to "
                "a file's name, or unset it"
            )
        if "locked" in text or "busy" in text:  # still held after BUSY_SECONDS: keep the file
            return DataError(
                f"{self.path}: another appeals (or another program) is using the log and held "
                f"it for over {BUSY_SECONDS:g} seconds; try again when it has finished"
            )
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return DataError(
                f"{self.path}: the log cannot be written ({text}); give your user write "
                f"permission on the file and its folder, e.g. chmod u+w {self.path} "
                f"{self.path.parent}"
            )
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
        current = version == len(MIGRATIONS)
        if current and connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        if not is_appeals_log(connection, version):
            raise DataError(
                f"{self.path}: is not an appeals action log (another program's database?); it "
                "was left as it is. Set APPEALS_LOG to a new file, or unset it"
            )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated while this one waited for the lock
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for step, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements(script):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {step}")
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    # -- writing -------------------------------------------------------------------------------

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
                "" if e.writer in unsigned() else e.writer,
                e.hash,
            )
            for e in entries
        )
        with self._writing() as connection:
            # the write lock is held: the letters added now are those with an id beyond this
            last = connection.execute("SELECT coalesce(max(id), 0) FROM letters").fetchone()[0]
            connection.executemany(
                "INSERT OR IGNORE INTO letters (created, case_id, action, target, lang, format,"
                " letter_date, writer, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            connection.execute(
                "INSERT INTO written_days (case_id, action, target, day, n) "
                # NOT INDEXED: read the new rows by id, not a scan of an index in GROUP BY order
                "SELECT case_id, action, target, letter_date, count(*) FROM letters NOT INDEXED "
                "WHERE id > ? GROUP BY 1, 2, 3, 4 ON CONFLICT DO UPDATE SET n = n + excluded.n",
                (last,),
            )
            (count,) = connection.execute(
                "SELECT count(*) FROM letters WHERE id > ?", (last,)
            ).fetchone()
            return int(count)  # committed as the block ends

    def mark_sent(
        self, ranges: Sequence[tuple[int, int]], via: Via, day: date, *, today: date
    ) -> list[Entry]:
        """Mark the letters with these ids (inclusive ranges) as sent on `day`; all or none.

        Another channel's mark is kept (a letter sent by post and by email counts for both);
        the same channel marked again takes the new date.
        """
        if day > today:
            raise InputError(
                f"--date {day.isoformat()} is in the future (today is {today.isoformat()}); "
                "mark a letter once it is sent"
            )
        with self._writing() as connection:
            for first, last in ranges:
                self._check_sendable(connection, first, last, day)
            for first, last in ranges:
                connection.execute(
                    "INSERT INTO sendings (letter_id, via, sent) "
                    "SELECT id, ?, ? FROM letters WHERE id BETWEEN ? AND ? " + _NEW_DATE,
                    (via, day.isoformat(), first, last),
                )
            return self._entries_in(connection, ranges, limit=1)

    @staticmethod
    def _check_sendable(connection: sqlite3.Connection, first: int, last: int, day: date) -> None:
        """Every id from first to last is a letter written on or before `day`."""
        for bound in (first, last):
            if not 0 < bound <= MAX_ID:  # beyond SQLite's ids: cannot even be looked up
                raise _no_letter(bound)
        count = connection.execute(
            "SELECT count(*) FROM letters WHERE id BETWEEN ? AND ?", (first, last)
        ).fetchone()[0]
        if count != last - first + 1:
            if connection.execute("SELECT 1 FROM letters WHERE id = ?", (first,)).fetchone():
                # the first id whose predecessor is there and it is not
                first = connection.execute(
                    "SELECT min(id) + 1 FROM letters l WHERE id BETWEEN ? AND ? AND NOT EXISTS "
                    "(SELECT 1 FROM letters m WHERE m.id = l.id + 1)",
                    (first, last - 1),
                ).fetchone()[0]
            raise _no_letter(first)
        early = connection.execute(
            "SELECT id, letter_date FROM letters WHERE id BETWEEN ? AND ? AND letter_date > ? "
            "ORDER BY id LIMIT 1",
            (first, last, day.isoformat()),
        ).fetchone()
        if early is not None:
            raise InputError(
                f"letter {early[0]} is dated {early[1]}: it cannot have been sent on "
                f"{day.isoformat()}; give the day it went out with --date"
            )

    def mark_batch_sent(
        self, letters: Iterable[tuple[str, str, str]], via: Via, day: date, *, today: date
    ) -> tuple[int, list[tuple[int, int]]]:
        """Mark a batch's letters, each known by (hash, action, target), as sent; all or none.
        Returns how many were marked and their ids as ranges."""
        if day > today:
            raise InputError(
                f"--date {day.isoformat()} is in the future (today is {today.isoformat()}); "
                "mark the letters once they are sent"
            )
        with self._writing() as connection:
            connection.execute(
                "CREATE TEMP TABLE wanted (hash TEXT, action TEXT, target TEXT, letter_id INTEGER)"
            )
            connection.executemany(
                "INSERT INTO wanted (hash, action, target) VALUES (?, ?, ?)", letters
            )
            connection.execute(
                "UPDATE wanted SET letter_id = (SELECT l.id FROM letters l WHERE l.hash = "
                "wanted.hash AND l.action = wanted.action AND l.target = wanted.target)"
            )
            total, missing = connection.execute(
                "SELECT count(*), count(*) - count(letter_id) FROM wanted"
            ).fetchone()
            if total == 0:
                raise InputError("the batch's manifest lists no letters")
            if missing:
                raise InputError(
                    f"{missing} of the batch's {total} letters are not in the action log; run "
                    "the batch again with --resume to log them, then mark them"
                )
            early = connection.execute(
                "SELECT l.id, l.letter_date FROM letters l JOIN wanted w ON w.letter_id = l.id "
                "WHERE l.letter_date > ? ORDER BY l.id LIMIT 1",
                (day.isoformat(),),
            ).fetchone()
            if early is not None:
                raise InputError(
                    f"letter {early[0]} is dated {early[1]}: it cannot have been sent on "
                    f"{day.isoformat()}; give the day it went out with --date"
                )
            connection.execute(
                "INSERT INTO sendings (letter_id, via, sent) "
                "SELECT DISTINCT letter_id, ?, ? FROM wanted WHERE true " + _NEW_DATE,
                (via, day.isoformat()),
            )
            ids = [
                i for (i,) in connection.execute("SELECT DISTINCT letter_id FROM wanted ORDER BY 1")
            ]
            connection.execute("DROP TABLE wanted")
        return len(ids), id_ranges(ids)

    def forget(self, before: date | None = None) -> int:
        """Delete every entry, or those created before a date; returns how many."""
        if not self.path.exists():
            return 0
        with self._writing() as connection:
            connection.execute("PRAGMA secure_delete=ON")  # overwrite, don't just unlink, rows
            if before is None:
                connection.execute("DELETE FROM sendings")
                cursor = connection.execute("DELETE FROM letters")
            else:
                old = (before.isoformat(),)
                connection.execute(
                    "DELETE FROM sendings WHERE letter_id IN "
                    "(SELECT id FROM letters WHERE created < ?)",
                    old,
                )
                cursor = connection.execute("DELETE FROM letters WHERE created < ?", old)
            count = cursor.rowcount
            for table in ("written_days", "first_sent_days", "sent_days"):
                connection.execute(f"DELETE FROM {table} WHERE n <= 0")
        with self._reading() as connection:  # outside the transaction, as they must be
            assert connection is not None
            connection.execute("VACUUM")  # leave no deleted rows in the file...
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # ...nor in its journal
        return count

    # -- questions -----------------------------------------------------------------------------

    def last_sent(self, case: str, action: str, target: str, writer: str) -> Entry | None:
        """This writer's latest letter to this target for this action marked as sent."""
        writer = "" if writer in unsigned() else writer
        with self._reading() as connection:
            if connection is None:
                return None
            row = connection.execute(
                f"SELECT {ENTRY_COLUMNS} FROM letters l JOIN sendings x ON x.letter_id = l.id "
                "WHERE l.case_id = ? AND l.action = ? AND l.target = ? AND l.writer = ? "
                "ORDER BY x.sent DESC, l.id DESC LIMIT 1",
                (case, action, target, writer),
            ).fetchone()
        return None if row is None else entry_from(row)

    def page(self, where: Filter, limit: int) -> tuple[list[Entry], int]:
        """The newest `limit` entries matching, oldest first, and how many match in all."""
        clause, values = where.where()
        with self._reading() as connection:
            if connection is None:
                return [], 0
            total = connection.execute(*where.count()).fetchone()[0]
            rows = connection.execute(
                f"SELECT {ENTRY_COLUMNS} FROM letters l{clause} ORDER BY l.id DESC LIMIT ?",
                [*values, limit],
            ).fetchall()
        return [entry_from(row) for row in reversed(rows)], int(total)

    def stream(self, where: Filter | None = None) -> Iterator[Entry]:
        """Every entry matching, oldest first, read as it is used."""
        clause, values = (where or Filter()).where()
        with self._reading() as connection:
            if connection is None:
                return
            cursor = connection.execute(
                f"SELECT {ENTRY_COLUMNS} FROM letters l{clause} ORDER BY l.id", values
            )
            for row in cursor:
                yield entry_from(row)

    def entries(self, where: Filter | None = None) -> list[Entry]:
        return list(self.stream(where))

    def known(self, column: str) -> list[str]:
        """The distinct cases, actions or targets the log has letters for."""
        name = {"case": "case_id", "action": "action", "target": "target"}[column]
        with self._reading() as connection:
            if connection is None:
                return []
            return [
                v
                for (v,) in connection.execute(
                    f"SELECT DISTINCT {name} FROM written_days WHERE n > 0"
                )
            ]

    def entries_by_id(self, ranges: Sequence[tuple[int, int]], *, limit: int) -> list[Entry]:
        with self._reading() as connection:
            return [] if connection is None else self._entries_in(connection, ranges, limit=limit)

    @staticmethod
    def _entries_in(
        connection: sqlite3.Connection, ranges: Sequence[tuple[int, int]], *, limit: int
    ) -> list[Entry]:
        found: list[Entry] = []
        for first, last in ranges:
            rows = connection.execute(
                f"SELECT {ENTRY_COLUMNS} FROM letters l WHERE l.id BETWEEN ? AND ? "
                "ORDER BY l.id LIMIT ?",
                (first, last, limit - len(found)),
            )
            found += [entry_from(row) for row in rows]
            if len(found) >= limit:
                break
        return found

    def tally(self, case: str, action: str | None, day: date) -> Tally:
        """The report's counts for a case, as of a day: letters written on or before it, and
        their sendings on or before it, per action, target and channel. Read from the counts
        the triggers keep, so the cost does not grow with the log."""
        clause = "case_id = ? AND day <= ?" + (" AND action = ?" if action else "")
        values = [case, day.isoformat(), *([action] if action else [])]
        result = Tally(sent={}, written={}, sent_letters={})
        with self._reading() as connection:
            if connection is None:
                return result
            for a, t, n in connection.execute(
                f"SELECT action, target, sum(n) FROM written_days WHERE {clause} "
                "GROUP BY action, target HAVING sum(n) > 0",
                values,
            ):
                result.written[(a, t)] = n
            for a, t, via, n in connection.execute(
                f"SELECT action, target, via, sum(n) FROM sent_days WHERE {clause} "
                "GROUP BY action, target, via HAVING sum(n) > 0",
                values,
            ):
                result.sent.setdefault((a, t), dict.fromkeys(VIAS, 0))[via] = n
            for a, t, n in connection.execute(
                f"SELECT action, target, sum(n) FROM first_sent_days WHERE {clause} "
                "GROUP BY action, target",
                values,
            ):
                result.sent_letters[(a, t)] = n
        return result


# the same channel marked again takes the new date (an upsert: the triggers see an update)
_NEW_DATE = "ON CONFLICT (letter_id, via) DO UPDATE SET sent = excluded.sent"


def _no_letter(entry_id: int) -> InputError:
    return InputError(f"no letter {entry_id} in the log; see 'appeals log' for the ids")


def id_ranges(ids: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted ids as inclusive ranges: 1 2 3 5 → (1, 3), (5, 5)."""
    ranges: list[tuple[int, int]] = []
    for i in ids:
        if ranges and ranges[-1][1] == i - 1:
            ranges[-1] = (ranges[-1][0], i)
        else:
            ranges.append((i, i))
    return ranges
