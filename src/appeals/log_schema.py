"""The action log's schema: its migrations, the mark that says a file is an appeals log, and the
values read back from it.

Each migration takes the schema from version N to N+1; a log file records its version in
PRAGMA user_version and is brought up to date when it is opened. From version 3 on, the file
also carries APPLICATION_ID in PRAGMA application_id, so another program's database is never
taken for a log (nor migrated).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal, NamedTuple

APPLICATION_ID = 0x41505045  # "APPE"

Via = Literal["email", "post", "fax"]
VIAS: tuple[Via, ...] = ("email", "post", "fax")

# The placeholder a letter is signed with when no name was given (compose.py writes them): such a
# letter is logged with no writer, not as written by a person called "[Your name]". Each language
# names its placeholder (frames/<lang>/language.yaml); these are the shipped ones, and
# unsigned() adds any language added since.
UNSIGNED = frozenset({"[Your name]", "[Ваше имя]", "[Su nombre]", "[Votre nom]", "[Ihr Name]"})


@cache
def unsigned() -> frozenset[str]:
    """The placeholder names of every language the tool writes."""
    from appeals.languages import known, language

    return UNSIGNED | {language(code).placeholder_name for code in known()}


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
    # A letter can be sent by post and by email: each channel is a row of `sendings` (the old
    # single sent/via columns are copied over and no longer used). Indexes for every question
    # the commands ask: the report's tally up to a day, a batch's letters by hash, --since.
    """
    CREATE TABLE sendings (
        letter_id INTEGER NOT NULL,
        via TEXT NOT NULL,
        sent TEXT NOT NULL,
        PRIMARY KEY (letter_id, via)
    ) WITHOUT ROWID;
    INSERT INTO sendings (letter_id, via, sent)
        SELECT id, via, sent FROM letters WHERE sent IS NOT NULL AND via IS NOT NULL;
    DROP INDEX letters_by_action;
    CREATE INDEX letters_by_day ON letters (case_id, action, target, letter_date);
    CREATE INDEX letters_by_hash ON letters (hash);
    CREATE INDEX letters_by_created ON letters (created);
    UPDATE OR IGNORE letters SET writer = '' WHERE writer IN ('[Your name]', '[Ваше имя]');
    """,
    # The report's counts kept up to date by triggers, per case, action, target and day: letters
    # written, sendings per channel, and letters by the day of their first sending. A report
    # then reads a few rows, however many letters the log holds.
    """
    ALTER TABLE letters ADD COLUMN first_sent TEXT;
    UPDATE letters SET first_sent = (SELECT min(sent) FROM sendings WHERE letter_id = letters.id)
        WHERE id IN (SELECT letter_id FROM sendings);
    CREATE TABLE written_days (
        case_id TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, day TEXT NOT NULL,
        n INTEGER NOT NULL, PRIMARY KEY (case_id, action, target, day)
    ) WITHOUT ROWID;
    CREATE TABLE first_sent_days (
        case_id TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, day TEXT NOT NULL,
        n INTEGER NOT NULL, PRIMARY KEY (case_id, action, target, day)
    ) WITHOUT ROWID;
    CREATE TABLE sent_days (
        case_id TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, via TEXT NOT NULL,
        day TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (case_id, action, target, via, day)
    ) WITHOUT ROWID;
    INSERT INTO written_days
        SELECT case_id, action, target, letter_date, count(*) FROM letters GROUP BY 1, 2, 3, 4;
    INSERT INTO first_sent_days
        SELECT case_id, action, target, first_sent, count(*) FROM letters
        WHERE first_sent IS NOT NULL GROUP BY 1, 2, 3, 4;
    INSERT INTO sent_days
        SELECT l.case_id, l.action, l.target, s.via, s.sent, count(*)
        FROM sendings s JOIN letters l ON l.id = s.letter_id GROUP BY 1, 2, 3, 4, 5;
    CREATE TRIGGER letters_added AFTER INSERT ON letters BEGIN
        INSERT INTO written_days VALUES (NEW.case_id, NEW.action, NEW.target, NEW.letter_date, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER letters_removed AFTER DELETE ON letters BEGIN
        UPDATE written_days SET n = n - 1 WHERE (case_id, action, target, day)
            = (OLD.case_id, OLD.action, OLD.target, OLD.letter_date);
        UPDATE first_sent_days SET n = n - 1 WHERE (case_id, action, target, day)
            = (OLD.case_id, OLD.action, OLD.target, OLD.first_sent);
    END;
    CREATE TRIGGER letters_first_sent AFTER UPDATE OF first_sent ON letters BEGIN
        UPDATE first_sent_days SET n = n - 1 WHERE (case_id, action, target, day)
            = (OLD.case_id, OLD.action, OLD.target, OLD.first_sent);
        INSERT INTO first_sent_days
            SELECT NEW.case_id, NEW.action, NEW.target, NEW.first_sent, 1
            WHERE NEW.first_sent IS NOT NULL
            ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER sendings_added AFTER INSERT ON sendings BEGIN
        INSERT INTO sent_days
            SELECT case_id, action, target, NEW.via, NEW.sent, 1 FROM letters
            WHERE id = NEW.letter_id
            ON CONFLICT DO UPDATE SET n = n + 1;
        UPDATE letters SET first_sent = NEW.sent
            WHERE id = NEW.letter_id AND (first_sent IS NULL OR first_sent > NEW.sent);
    END;
    CREATE TRIGGER sendings_changed AFTER UPDATE OF sent ON sendings BEGIN
        UPDATE sent_days SET n = n - 1 WHERE (case_id, action, target, via, day)
            = (SELECT case_id, action, target, OLD.via, OLD.sent FROM letters
               WHERE id = OLD.letter_id);
        INSERT INTO sent_days
            SELECT case_id, action, target, NEW.via, NEW.sent, 1 FROM letters
            WHERE id = NEW.letter_id
            ON CONFLICT DO UPDATE SET n = n + 1;
        UPDATE letters
            SET first_sent = (SELECT min(sent) FROM sendings WHERE letter_id = NEW.letter_id)
            WHERE id = NEW.letter_id;
    END;
    CREATE TRIGGER sendings_removed AFTER DELETE ON sendings BEGIN
        UPDATE sent_days SET n = n - 1 WHERE (case_id, action, target, via, day)
            = (SELECT case_id, action, target, OLD.via, OLD.sent FROM letters
               WHERE id = OLD.letter_id);
        UPDATE letters
            SET first_sent = (SELECT min(sent) FROM sendings WHERE letter_id = OLD.letter_id)
            WHERE id = OLD.letter_id;
    END;
    """,
    # A trigger per added letter tripled the cost of logging a batch: ActionLog.record() now
    # adds the new letters to written_days itself, in one statement per transaction.
    """
    DROP TRIGGER letters_added;
    """,
]


def statements(script: str) -> list[str]:
    """A migration's statements, one by one (a trigger's body has semicolons of its own)."""
    found, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending.strip())
            pending = ""
    return found


# the columns a log of version 1 or 2 has: a file without them is not an appeals log
_LETTER_COLUMNS = {"id", "created", "case_id", "action", "target", "writer", "hash"}


def is_appeals_log(connection: sqlite3.Connection, version: int) -> bool:
    """Whether an open database is an appeals log (of any version), or empty and free to be one."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        return True
    if application_id != 0:
        return False
    tables = {
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        )
    }
    if version == 0:
        return not tables  # an empty file: a new log
    if version >= 3:
        return False  # every log of version 3 or later carries the mark
    columns = {row[1] for row in connection.execute("PRAGMA table_info(letters)")}
    return columns >= _LETTER_COLUMNS


@dataclass(frozen=True)
class Sending:
    via: str
    date: str


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
    writer: str  # "" when the letter was not signed with a name
    hash: str
    sendings: tuple[Sending, ...] = ()  # oldest first

    @property
    def sent(self) -> str | None:
        return self.sendings[-1].date if self.sendings else None

    @property
    def via(self) -> str | None:
        return self.sendings[-1].via if self.sendings else None

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
            "writer": self.writer or None,
            "sent": self.sent,
            "via": self.via,
            "sendings": [{"via": s.via, "date": s.date} for s in self.sendings],
        }


# the columns entry_from() reads, in order; `sendings` is "via date,via date" or NULL
ENTRY_COLUMNS = (
    "l.id, l.created, l.case_id, l.action, l.target, l.lang, l.format, l.letter_date, l.writer,"
    " l.hash, (SELECT group_concat(s.via || ' ' || s.sent, ',') FROM sendings s"
    " WHERE s.letter_id = l.id)"
)


def entry_from(row: tuple[object, ...]) -> Entry:
    sendings = sorted(
        (Sending(*part.split(" ", 1)) for part in str(row[10]).split(",")) if row[10] else [],
        key=lambda s: (s.date, s.via),
    )
    return Entry(
        id=int(str(row[0])),
        created=str(row[1]),
        case=str(row[2]),
        action=str(row[3]),
        target=str(row[4]),
        lang=str(row[5]),
        format=str(row[6]),
        letter_date=str(row[7]),
        writer=str(row[8]),
        hash=str(row[9]),
        sendings=tuple(sendings),
    )


class NewEntry(NamedTuple):  # a tuple: a batch makes one per letter, and tuples are quick to make
    case: str
    action: str
    target: str
    lang: str
    format: str
    letter_date: date
    writer: str
    hash: str


@dataclass(frozen=True)
class Filter:
    """Which entries `appeals log` lists; None matches any."""

    case: str | None = None
    action: str | None = None
    target: str | None = None
    since: date | None = None

    def where(self) -> tuple[str, list[str]]:
        clauses, values = [], []
        for column, value in (
            ("l.case_id", self.case),
            ("l.action", self.action),
            ("l.target", self.target),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                values.append(value)
        if self.since is not None:
            clauses.append("l.created >= ?")
            values.append(self.since.isoformat())
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", values

    def count(self) -> tuple[str, list[str]]:
        """A query for how many letters match: from the kept counts unless --since is given."""
        if self.since is not None:
            clause, values = self.where()
            return f"SELECT count(*) FROM letters l{clause}", values
        clause, values = Filter(self.case, self.action, self.target).where()
        return f"SELECT coalesce(sum(n), 0) FROM written_days l{clause}", values


@dataclass
class Tally:
    """The report's counts: (action, target) → letters sent per channel, and letters written."""

    sent: dict[tuple[str, str], dict[str, int]]
    written: dict[tuple[str, str], int]
    sent_letters: dict[tuple[str, str], int]  # letters sent by at least one channel
