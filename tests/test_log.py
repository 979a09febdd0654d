"""The action log: what is recorded, sent, reported and forgotten; concurrency and damage."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from appeals.log import MIGRATIONS, ActionLog, NewEntry
from tests.helpers import run

WRITER = ("--name", "Jane Doe", "--city", "Leeds", "--country", "GB")


def draft_to(tmp_path: Path, name: str, *args: str) -> None:
    result = run("draft", "--today", "2023-05-01", *WRITER, "--output", str(tmp_path / name), *args)
    assert result.exit_code == 0, result.stderr


def test_a_letter_written_to_a_file_is_logged_and_a_preview_is_not(tmp_path: Path) -> None:
    assert run("draft", "--today", "2023-05-01", *WRITER).exit_code == 0
    assert json.loads(run("log", "--json").stdout) == []
    draft_to(tmp_path, "a.eml", "--format", "eml")
    entries = json.loads(run("log", "--json").stdout)
    assert len(entries) == 1
    entry = entries[0]
    assert set(entry) >= {"id", "action", "target", "lang", "format", "created", "sent", "via"}
    assert (entry["id"], entry["action"], entry["target"], entry["lang"], entry["format"]) == (
        1,
        "update-3",
        "president",
        "en",
        "eml",
    )
    assert (entry["sent"], entry["via"], entry["writer"], entry["letter_date"]) == (
        None,
        None,
        "Jane Doe",
        "2023-05-01",
    )


def test_the_same_letter_twice_is_one_entry(tmp_path: Path) -> None:
    draft_to(tmp_path, "a.txt")
    draft_to(tmp_path, "b.txt")
    assert len(json.loads(run("log", "--json").stdout)) == 1


def test_sent_and_the_duplicate_warning(tmp_path: Path) -> None:
    draft_to(tmp_path, "a.txt")
    result = run("sent", "1", "--via", "post", "--date", "2023-05-02")
    assert result.exit_code == 0
    assert result.stdout == "Letter 1 (president, update-3) marked as sent by post on 2023-05-02.\n"
    warning = (
        "warning: the log has a letter to president for update-3 sent on 2023-05-02 by post "
        "(letter 1); add --again to draft another without this warning"
    )
    again = run("draft", "--today", "2023-05-03", *WRITER, "--quiet")
    assert again.exit_code == 0
    assert again.stderr.splitlines()[-1] == warning
    quiet = run("draft", "--today", "2023-05-03", *WRITER, "--again")
    assert "the log has" not in quiet.stderr
    other_target = run("draft", "--today", "2023-05-03", *WRITER, "--target", "embassy")
    assert "the log has" not in other_target.stderr


@pytest.mark.parametrize("number", ["7", "0", "99999999999999999999999"])
def test_sent_for_an_unknown_letter(number: str) -> None:
    result = run("sent", number, "--via", "fax")
    assert result.exit_code == 1
    assert result.stderr == f"error: no letter {number} in the log; see 'appeals log' for the ids\n"
    assert run("sent", "1", "--via", "pigeon").exit_code == 2


def test_the_report_is_ready_to_paste(tmp_path: Path) -> None:
    draft_to(tmp_path, "a.txt")
    draft_to(tmp_path, "b.txt", "--target", "embassy")
    draft_to(tmp_path, "c.txt", "--lang", "ru")
    run("sent", "1", "--via", "email", "--date", "2023-05-02")
    run("sent", "3", "--via", "post", "--date", "2023-05-02")
    result = run("report", "--today", "2023-05-04")
    assert result.exit_code == 0
    assert result.stdout == (
        "Letters for Zhanbolat Mamay (ua-31-22), as of 4 May 2023:\n"
        "UA 31/22, update-3 (Suspended sentence for activist):\n"
        "  Ambassador of the Republic of Kazakhstan to the United Kingdom (embassy-london): "
        "0 sent (0 by email, 0 by post, 0 by fax)\n"
        "  President of the Republic of Kazakhstan (president): 2 sent (1 by email, 1 by post, "
        "0 by fax)\n"
        "Total: 2 letters sent (1 by email, 1 by post, 0 by fax); 1 written but not yet marked "
        "as sent.\n"
    )
    empty = run("report", "--action", "original", "--today", "2023-05-04")
    assert empty.stdout.splitlines()[1:] == [
        "UA 31/22, original (Release opposition party leader):",
        "Total: 0 letters sent (0 by email, 0 by post, 0 by fax); 0 written but not yet marked as sent.",
    ]


def test_a_batch_is_logged_once_even_when_resumed(tmp_path: Path) -> None:
    writers = tmp_path / "w.csv"
    writers.write_text("name,country\nA,CA\nB,GB\n", encoding="utf-8")
    args = ("batch", str(writers), "--output", str(tmp_path / "out"), "--today", "2023-05-01")
    assert run(*args).exit_code == 0
    assert run(*args, "--resume").exit_code == 0
    entries = json.loads(run("log", "--json").stdout)
    assert sorted((e["writer"], e["target"]) for e in entries) == [
        ("A", "embassy-ottawa"),
        ("A", "president"),
        ("B", "embassy-london"),
        ("B", "president"),
    ]


def test_forget_all_or_older(tmp_path: Path, own_log: Path) -> None:
    draft_to(tmp_path, "a.txt")
    with sqlite3.connect(own_log) as connection:
        connection.execute("UPDATE letters SET created = '2020-01-01T00:00:00+00:00'")
    draft_to(tmp_path, "b.txt", "--target", "embassy")
    result = run("log", "--forget", "--before", "2021-01-01")
    assert result.stdout == f"Deleted 1 log entry made before 2021-01-01 from {own_log}\n"
    assert [e["target"] for e in json.loads(run("log", "--json").stdout)] == ["embassy-london"]
    assert run("log", "--forget").stdout == f"Deleted 1 log entry from {own_log}\n"
    assert run("log").stdout == f"No letters in the log ({own_log}).\n"
    assert b"Jane Doe" not in own_log.read_bytes()
    assert run("log", "--before", "2021-01-01").exit_code == 2


def test_two_processes_logging_at_once(tmp_path: Path, own_log: Path) -> None:
    script = (
        "import sys\nfrom datetime import date\nfrom appeals.log import ActionLog, NewEntry\n"
        "log = ActionLog()\n"
        "for i in range(150):\n"
        "    log.record([NewEntry('c', 'a', 't', 'en', 'text', date(2023, 5, 1), sys.argv[1],"
        " f'{sys.argv[1]}-{i}')])\n"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script, name], stderr=subprocess.PIPE, text=True)
        for name in ("first", "second")
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    entries = ActionLog(own_log).entries()
    assert len(entries) == 300
    assert len({e.id for e in entries}) == 300


def test_a_corrupted_log_is_a_clear_error_and_loses_no_letter(
    tmp_path: Path, own_log: Path
) -> None:
    own_log.write_bytes(b"this is not a database" * 100)
    listed = run("log")
    assert listed.exit_code == 1
    assert listed.stderr == (
        f"error: {own_log}: the log cannot be used (file is not a database); move the file aside "
        "and a new log will be started\n"
    )
    result = run(
        "draft", "--today", "2023-05-01", *WRITER, "--output", str(tmp_path / "a.txt"), "--quiet"
    )
    assert result.exit_code == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("1 May 2023")
    assert result.stderr.endswith(
        f"warning: the letters are written, but the action log was not updated: {own_log}: the "
        "log cannot be used (file is not a database); move the file aside and a new log will be "
        "started\n"
    )


def test_a_locked_log_waits_then_says_so(
    tmp_path: Path, own_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("appeals.log.BUSY_SECONDS", 0.2)
    ActionLog(own_log).record([])
    holder = sqlite3.connect(own_log, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("draft", "--today", "2023-05-01", *WRITER, "--output", str(tmp_path / "a.txt"))
        assert result.exit_code == 0
        assert (tmp_path / "a.txt").exists()
        assert "the action log was not updated" in result.stderr
        assert "is using the log and held it for over 0.2 seconds; try again" in result.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_an_older_log_is_migrated(own_log: Path) -> None:
    with sqlite3.connect(own_log) as connection:
        connection.executescript(MIGRATIONS[0])
        connection.execute("PRAGMA user_version = 1")
        connection.execute(
            "INSERT INTO letters (created, case_id, action, target, lang, format, letter_date, "
            "writer, hash) VALUES ('2022-06-01T10:00:00+00:00', 'ua-31-22', 'update-1', "
            "'president', 'ru', 'eml', '2022-06-01', 'Анна', 'abc')"
        )
    entries = ActionLog(own_log).entries()
    assert [(e.action, e.writer, e.sent, e.via) for e in entries] == [
        ("update-1", "Анна", None, None)
    ]
    with sqlite3.connect(own_log) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    [marked] = ActionLog(own_log).mark_sent(
        [(1, 1)], "fax", date(2022, 6, 2), today=date(2023, 1, 1)
    )
    assert (marked.sent, marked.via) == ("2022-06-02", "fax")


def test_a_log_from_a_newer_appeals_is_not_touched(own_log: Path) -> None:
    with sqlite3.connect(own_log) as connection:
        connection.execute("PRAGMA user_version = 99")
    result = run("log")
    assert result.exit_code == 1
    assert (
        result.stderr == f"error: {own_log}: made by a newer appeals (schema 99); update appeals\n"
    )


def test_the_log_holds_no_letter_text_or_address(tmp_path: Path, own_log: Path) -> None:
    result = run(
        "draft",
        "--today",
        "2023-05-01",
        "--name",
        "Jane Doe",
        "--address",
        "12 Secret Street",
        "--city",
        "Leeds",
        "--email",
        "jane@example.org",
        "--output",
        str(tmp_path / "a.txt"),
    )
    assert result.exit_code == 0
    data = own_log.read_bytes() + b"".join(p.read_bytes() for p in own_log.parent.glob("*-wal"))
    for private in (b"Secret Street", b"jane@example.org", b"Zhanbolat"):
        assert private not in data
    ActionLog(own_log).record([NewEntry("c", "a", "t", "en", "text", date(2023, 5, 1), "x", "h")])
