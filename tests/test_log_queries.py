"""The action log answered by SQL: pages and filters, several sendings, the report by a day,
marking many letters at once, and the log refusing files that are not its own."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from appeals.languages import known, language
from appeals.log import MIGRATIONS, ActionLog, NewEntry
from appeals.log_schema import UNSIGNED, unsigned
from tests.helpers import run

WRITER = ("--name", "Jane Doe", "--city", "Leeds", "--country", "GB")
TODAY = ("--today", "2023-05-01")


def fill(count: int, *, case: str = "ua-31-22", target: str = "president") -> None:
    ActionLog().record(
        NewEntry(case, "update-3", target, "en", "eml", date(2023, 5, 1), f"W{i}", f"h{i}")
        for i in range(count)
    )


def draft_to(tmp_path: Path, name: str, *args: str) -> None:
    result = run("draft", *TODAY, *WRITER, "--output", str(tmp_path / name), *args)
    assert result.exit_code == 0, result.stderr


def test_the_log_shows_a_page_of_the_newest_letters_and_says_how_to_see_more() -> None:
    fill(30)
    result = run("log", "--limit", "3")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "id",
        "written",
        "case",
        "action",
        "target",
        "lang",
        "format",
        "sent",
    ]
    assert [line.split()[0] for line in lines[1:4]] == ["28", "29", "30"]
    assert lines[3].split()[2:7] == ["ua-31-22", "update-3", "president", "en", "eml"]
    assert lines[3].endswith("not yet (appeals sent ID --via ...)  (W29)")
    assert lines[4:] == [
        "(the newest 3 of 30 letters; --all shows every one, --limit N more, and --case, "
        "--action, --target, --since narrow the list)"
    ]
    screenful = run("log", env={"LINES": "12"}).stdout.splitlines()
    assert len(screenful) == 1 + 8 + 1
    every = run("log", "--all").stdout.splitlines()
    assert [line.split()[0] for line in every[1:]] == [str(i) for i in range(1, 31)]
    assert len(json.loads(run("log", "--json").stdout)) == 30
    assert [e["id"] for e in json.loads(run("log", "--json", "--limit", "2").stdout)] == [29, 30]
    assert run("log", "--all", "--limit", "2").exit_code == 2


def test_filters_and_a_misspelt_value_is_named(tmp_path: Path) -> None:
    fill(3)
    fill(2, case="ua-1-23", target="minister")
    result = run("log", "--case", "ua-1-23", "--json")
    assert [(e["case"], e["target"]) for e in json.loads(result.stdout)] == [
        ("ua-1-23", "minister")
    ] * 2
    assert len(json.loads(run("log", "--target", "president", "--json").stdout)) == 3
    assert json.loads(run("log", "--since", "2999-01-01", "--json").stdout) == []
    assert len(json.loads(run("log", "--since", "2000-01-01", "--json").stdout)) == 5
    wrong = run("log", "--target", "presidnet")
    assert (wrong.exit_code, wrong.stdout) == (1, "")
    assert wrong.stderr == (
        "error: unknown --target 'presidnet': the log and the case know embassy-london, "
        "embassy-ottawa, minister, president\n"
    )
    assert run("log", "--action", "update-9").stderr.startswith(
        "error: unknown --action 'update-9': the log and the case know original, update-1,"
    )
    none = run("log", "--target", "embassy-ottawa", "--since", "2000-01-01")
    assert none.exit_code == 0
    assert none.stdout.startswith("No letters in the log (")
    assert none.stdout.endswith(") match --target embassy-ottawa --since 2000-01-01.\n")


def test_a_letter_with_no_name_is_not_logged_as_written_by_a_person(tmp_path: Path) -> None:
    assert {language(code).placeholder_name for code in known()} == UNSIGNED == unsigned()
    result = run("draft", *TODAY, "--output", str(tmp_path / "a.txt"))
    assert result.exit_code == 0, result.stderr
    assert "[Your name]" in (tmp_path / "a.txt").read_text(encoding="utf-8")
    [entry] = json.loads(run("log", "--json").stdout)
    assert entry["writer"] is None
    assert run("log").stdout.splitlines()[1].endswith("(no name)")


def test_several_ids_and_ranges_are_marked_at_once() -> None:
    fill(20)
    result = run("sent", "12", "14-16", "15", "--via", "post", "--date", "2023-05-02")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "4 letters marked as sent by post on 2023-05-02 (ids 12, 14-16).\n"
    sent = [e["id"] for e in json.loads(run("log", "--json").stdout) if e["sent"]]
    assert sent == [12, 14, 15, 16]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("18-25",), "no letter 21 in the log; see 'appeals log' for the ids"),
        (("0",), "no letter 0 in the log; see 'appeals log' for the ids"),
        (
            ("3", "99999999999999999999999"),
            "no letter 99999999999999999999999 in the log; see 'appeals log' for the ids",
        ),
        (
            ("3", "--date", "2999-01-01"),
            "--date 2999-01-01 is in the future (today is 2023-05-10); mark a letter once it is sent",
        ),
        (
            ("3", "--date", "2023-04-30"),
            "letter 3 is dated 2023-05-01: it cannot have been sent on 2023-04-30; give the day it went out with --date",
        ),
    ],
)
def test_marking_is_all_or_nothing(args: tuple[str, ...], message: str) -> None:
    fill(20)
    result = run("sent", *args, "--via", "email", "--today", "2023-05-10")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {message}\n"
    assert all(e["sent"] is None for e in json.loads(run("log", "--json").stdout))


@pytest.mark.parametrize("args", [("x",), ("5-",), ("9-3",), ()])
def test_ids_that_cannot_be_read(args: tuple[str, ...]) -> None:
    assert run("sent", *args, "--via", "post").exit_code == 2


def test_a_letter_sent_by_post_and_by_email_counts_for_both(tmp_path: Path) -> None:
    draft_to(tmp_path, "a.txt")
    assert run("sent", "1", "--via", "post", "--date", "2023-05-02").exit_code == 0
    assert run("sent", "1", "--via", "email", "--date", "2023-05-03").exit_code == 0
    [entry] = json.loads(run("log", "--json").stdout)
    assert entry["sendings"] == [
        {"via": "post", "date": "2023-05-02"},
        {"via": "email", "date": "2023-05-03"},
    ]
    assert (entry["sent"], entry["via"]) == ("2023-05-03", "email")
    assert "2023-05-02 by post, 2023-05-03 by email  (Jane Doe)" in run("log").stdout
    report = run("report", "--today", "2023-05-04").stdout.splitlines()
    assert report[-2] == (
        "  President of the Republic of Kazakhstan (president): 2 sent (1 by email, 1 by post, "
        "0 by fax)"
    )
    assert report[-1] == (
        "Total: 2 letters sent (1 by email, 1 by post, 0 by fax); 0 written but not yet marked "
        "as sent."
    )


def test_the_report_counts_what_was_sent_by_its_day(tmp_path: Path) -> None:
    draft_to(tmp_path, "a.txt")
    draft_to(tmp_path, "b.txt", "--target", "embassy")
    run("sent", "1", "--via", "post", "--date", "2023-05-02")
    run("sent", "2", "--via", "email", "--date", "2023-05-05")
    on_the_3rd = run("report", "--today", "2023-05-03").stdout.splitlines()
    assert on_the_3rd[-1] == (
        "Total: 1 letter sent (0 by email, 1 by post, 0 by fax); 1 written but not yet marked "
        "as sent."
    )
    before_any = run("report", "--today", "2023-04-30").stdout.splitlines()
    assert before_any[1:] == [
        "  none logged yet",
        "Total: 0 letters sent (0 by email, 0 by post, 0 by fax); 0 written but not yet marked "
        "as sent.",
    ]
    wrong = run("report", "--action", "update-9", "--today", "2023-05-03")
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith("error: unknown --action 'update-9'; choose one of: original,")


def test_another_writers_letter_does_not_warn_this_writer(tmp_path: Path) -> None:
    draft_to(tmp_path, "a.txt")
    run("sent", "1", "--via", "post", "--date", "2023-05-02")
    other = run("draft", *TODAY, "--name", "Sam Roe", "--city", "Leeds", "--country", "GB")
    assert other.exit_code == 0
    assert "the log has" not in other.stderr
    same = run("draft", *TODAY, *WRITER)
    assert "the log has a letter to president for update-3 sent on 2023-05-02" in same.stderr


def test_sent_for_a_whole_batch(tmp_path: Path) -> None:
    writers = tmp_path / "w.csv"
    writers.write_text("name,country\nA,CA\nB,GB\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("batch", str(writers), "--output", str(out), *TODAY).exit_code == 0
    draft_to(tmp_path, "other.txt")
    result = run("sent", "--batch", str(out), "--via", "post", "--date", "2023-05-02")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"4 letters of {out} marked as sent by post on 2023-05-02 (ids 1-4).\n"
    assert [e["id"] for e in json.loads(run("log", "--json").stdout) if e["sent"]] == [1, 2, 3, 4]
    missing = run("sent", "--batch", str(tmp_path), "--via", "post")
    assert missing.stderr == (
        f"error: {tmp_path}: no manifest.csv here; name the folder a batch wrote its letters to\n"
    )
    assert run("sent", "1", "--batch", str(out), "--via", "post").exit_code == 2
    run("log", "--forget")
    gone = run("sent", "--batch", str(out), "--via", "post", "--date", "2023-05-02")
    assert gone.stderr == (
        "error: 4 of the batch's 4 letters are not in the action log; run the batch again with "
        "--resume to log them, then mark them\n"
    )


def test_sent_for_a_batch_reads_its_complete_lines_only(tmp_path: Path) -> None:
    writers = tmp_path / "w.csv"
    writers.write_text("name,country\nA,CA\nB,GB\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("batch", str(writers), "--output", str(out), *TODAY).exit_code == 0
    manifest = out / "manifest.csv"
    lines = manifest.read_bytes().splitlines(keepends=True)
    # a blank line, and a last line cut short where a killed run stopped writing it
    manifest.write_bytes(b"".join([*lines[:3], b"\r\n", *lines[3:], lines[1][:30]]))
    result = run("sent", "--batch", str(out), "--via", "post", "--date", "2023-05-02")
    assert result.stdout == f"4 letters of {out} marked as sent by post on 2023-05-02 (ids 1-4).\n"
    # a manifest without a column appeals reads: one line, not a traceback
    header, *rest = manifest.read_text(encoding="utf-8").split("\r\n")
    manifest.write_text("\r\n".join([header.replace("target", "aim"), *rest]), encoding="utf-8")
    damaged = run("sent", "--batch", str(out), "--via", "post", "--date", "2023-05-02")
    assert (damaged.exit_code, damaged.stdout) == (1, "")
    assert damaged.stderr == (
        f"error: {manifest}: not a manifest as appeals writes it (was it edited?); name the folder "
        "a batch wrote its letters to\n"
    )


def test_another_programs_database_is_refused_and_left_as_it_is(
    tmp_path: Path, own_log: Path
) -> None:
    with sqlite3.connect(own_log) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
        connection.execute("INSERT INTO notes VALUES ('keep me')")
    before = own_log.read_bytes()
    message = (
        f"{own_log}: is not an appeals action log (another program's database?); it was left "
        "as it is. Set APPEALS_LOG to a new file, or unset it"
    )
    listed = run("log")
    assert (listed.exit_code, listed.stderr) == (1, f"error: {message}\n")
    drafted = run("draft", *TODAY, *WRITER, "--output", str(tmp_path / "a.txt"), "--quiet")
    assert drafted.exit_code == 0
    assert drafted.stderr.endswith(
        f"warning: the letters are written, but the action log was not updated: {message}\n"
    )
    assert own_log.read_bytes() == before
    # a table called `letters` of another shape is not taken for an old log either
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE letters (title TEXT)")
        connection.execute("PRAGMA user_version = 2")
    assert run("log", env={"APPEALS_LOG": str(other)}).exit_code == 1


def test_an_older_log_keeps_its_sent_letters(own_log: Path) -> None:
    with sqlite3.connect(own_log) as connection:
        for script in MIGRATIONS[:2]:
            connection.executescript(script)
        connection.execute("PRAGMA user_version = 2")
        connection.execute(
            "INSERT INTO letters (created, case_id, action, target, lang, format, letter_date, "
            "writer, hash, sent, via) VALUES ('2022-06-01T10:00:00+00:00', 'ua-31-22', "
            "'update-1', 'president', 'en', 'eml', '2022-06-01', '[Your name]', 'abc', "
            "'2022-06-03', 'fax')"
        )
    [entry] = json.loads(run("log", "--json").stdout)
    assert (entry["writer"], entry["sendings"]) == (None, [{"via": "fax", "date": "2022-06-03"}])


def test_a_read_only_log_is_answered_with_the_permission_fix(
    own_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(1)
    connect = sqlite3.connect

    def read_only(path: object, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = connect(f"file:{path}?mode=ro", uri=True, **kwargs)
        return connection

    monkeypatch.setattr("appeals.log.sqlite3.connect", read_only)
    result = run("sent", "1", "--via", "post", "--date", "2023-05-02")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {own_log}: the log cannot be written (attempt to write a readonly database); "
        f"give your user write permission on the file and its folder, e.g. chmod u+w {own_log} "
        f"{own_log.parent}\n"
    )
    assert "move the file aside" not in result.stderr


def test_ctrl_c_while_waiting_for_a_locked_log_says_what_was_written(
    tmp_path: Path, own_log: Path
) -> None:
    fill(1)
    holder = sqlite3.connect(own_log, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    letter = tmp_path / "a.txt"
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "appeals", "draft", *TODAY, *WRITER, "--output", str(letter)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "APPEALS_LOG": str(own_log)},
        )
        deadline = time.monotonic() + 60
        while not letter.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # waiting for the lock now
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert process.returncode == 130
    assert out == f"{letter}\n"
    assert err.endswith(
        f"Interrupted: the letter is written, but stopped while waiting for the action log "
        f"{own_log} (another appeals process may hold it); nothing was added to it\n"
    )
    assert len(ActionLog(own_log).entries()) == 1


def _counted_by_hand(
    log: ActionLog, day: date
) -> tuple[dict[Any, int], dict[Any, int], dict[Any, int]]:
    written: dict[Any, int] = {}
    sent: dict[Any, int] = {}
    first: dict[Any, int] = {}
    for e in log.entries():
        key = (e.action, e.target)
        if e.letter_date <= day.isoformat():
            written[key] = written.get(key, 0) + 1
        dates = [s.date for s in e.sendings if s.date <= day.isoformat()]
        for s in e.sendings:
            if s.date <= day.isoformat():
                sent[(*key, s.via)] = sent.get((*key, s.via), 0) + 1
        if dates:
            first[key] = first.get(key, 0) + 1
    return written, sent, first


def test_the_kept_counts_agree_with_the_letters(own_log: Path) -> None:
    log = ActionLog()
    log.record(
        NewEntry(
            "ua-31-22",
            f"a{i % 2}",
            f"t{i % 3}",
            "en",
            "eml",
            date(2023, 5, 1 + i % 4),
            "W",
            f"h{i}",
        )
        for i in range(40)
    )
    later = date(2023, 6, 1)
    log.mark_sent([(1, 10)], "post", date(2023, 5, 10), today=later)
    log.mark_sent([(5, 15)], "email", date(2023, 5, 8), today=later)
    log.mark_sent([(3, 6)], "post", date(2023, 5, 5), today=later)  # post again, another day
    with sqlite3.connect(own_log) as connection:
        connection.execute("UPDATE letters SET created = '2020-01-01' WHERE id > 35")
    log.forget(date(2021, 1, 1))
    for day in (date(2023, 5, 2), date(2023, 5, 6), date(2023, 5, 9), later):
        counted = log.tally("ua-31-22", None, day)
        written, sent, first = _counted_by_hand(log, day)
        assert counted.written == written
        assert {(*k, v): n for k, row in counted.sent.items() for v, n in row.items() if n} == sent
        assert {k: n for k, n in counted.sent_letters.items() if n} == first


def _wait_until_open(pid: int, path: Path) -> None:
    """Until process `pid` has `path` open (Linux's /proc; elsewhere, a pause)."""
    fds = Path(f"/proc/{pid}/fd")
    deadline = time.monotonic() + 60
    while fds.exists() and time.monotonic() < deadline:
        try:
            if any(fd.readlink() == path for fd in fds.iterdir()):
                return
        except OSError:
            pass
        time.sleep(0.02)
    time.sleep(3)


def test_ctrl_c_while_sent_waits_for_the_log(own_log: Path) -> None:
    fill(1)
    holder = sqlite3.connect(own_log, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "appeals", "sent", "1", "--via", "post", "--date", "2023-05-02"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "APPEALS_LOG": str(own_log)},
        )
        _wait_until_open(process.pid, own_log)  # started, and waiting for the lock
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (process.returncode, out) == (130, "")
    assert err == (
        f"Interrupted: stopped while waiting for the action log {own_log} (another appeals "
        "process may hold it); nothing was added to it\n"
    )
    assert ActionLog(own_log).entries()[0].sent is None
