"""Hostile input: each case names its exact outcome (exit code, message, files present or absent)."""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import build_tree, copy_case, line_of, replace_in, run

TODAY = ("--today", "2023-05-01")
FORMATS = ["text", "md", "json", "eml", "mailto", "pdf"]


# --- templates in a --case folder ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ ''.__class__.__mro__ }}",
            "refused by the template sandbox: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{{ self.__init__.__globals__ }}",
            "refused by the template sandbox: access to attribute '__init__' of 'TemplateReference' object is unsafe.",
        ),
        (
            "{{ cycler.__init__.__globals__.os }}",
            "refused by the template sandbox: access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "{{ lipsum.__globals__ }}",
            "refused by the template sandbox: access to attribute '__globals__' of 'function' object is unsafe.",
        ),
        (
            "{{ person.__class__ }}",
            "refused by the template sandbox: access to attribute '__class__' of 'dict' object is unsafe.",
        ),
        ("{{ range.__self__ }}", "'function object' has no attribute '__self__'"),
        ("{% include '/etc/passwd' %}", "'/etc/passwd' not found in search path: '{letters}'"),
        ("{% include '../targets.yaml' %}", "../targets.yaml"),
        ("{% import '../../../etc/hosts' as h %}", "../../../etc/hosts"),
        (
            "{{ range(10**9) | list }}",
            "a range of more than 100,000 numbers, far more than a letter needs; fix the template",
        ),
        (
            "{{ 'x' * 10**9 }}",
            "refused by the template sandbox: a repeated value longer than a letter can hold",
        ),
        (
            "{{ [0] * 10**8 }}",
            "refused by the template sandbox: a repeated value longer than a letter can hold",
        ),
        (
            "{{ 10 ** 100000 }}",
            "refused by the template sandbox: the power 100000 is too large for a letter",
        ),
        (
            "{% for i in range(30000) %}word {% endfor %}",
            "renders 150000 characters, more than a letter can hold (20000); shorten the template",
        ),
    ],
)
def test_templates_cannot_escape_the_sandbox(tmp_path: Path, template: str, message: str) -> None:
    case = copy_case(tmp_path / "case")
    build_tree(case, {"letters/en/update-3.j2": template + "\n"})
    result = run("draft", "--case", str(case), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"error: {case / 'letters/en/update-3.j2'}")
    assert result.stderr.rstrip("\n").endswith(message.format(letters=case / "letters"))
    assert result.stderr.count("\n") == 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_template_that_links_outside_the_letters_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is swordfish\n", encoding="utf-8")
    case = copy_case(tmp_path / "case")
    letter = case / "letters/en/update-3.j2"
    letter.unlink()
    letter.symlink_to(secret)
    result = run("draft", "--case", str(case), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {letter}: refused by the template sandbox: en/update-3.j2 links to "
        f"{secret.resolve()}, outside the letters folder\n"
    )
    # a letters folder that is itself a link (shared between case folders) is fine
    shared = tmp_path / "shared-letters"
    (case / "letters").rename(shared)
    (case / "letters").symlink_to(shared)
    (shared / "en/update-3.j2").unlink()
    original = copy_case(tmp_path / "original") / "letters/en/update-3.j2"
    (shared / "en/update-3.j2").write_bytes(original.read_bytes())
    assert run("draft", "--case", str(case), *TODAY).exit_code == 0


MEMORY = (
    "needs more than 256 MB to render (a letter needs a few kilobytes); check it for a runaway "
    "loop or repeat"
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory cap is Linux-only")
@pytest.mark.parametrize(
    "template",
    [
        "{{ 'x' | center(2000000000) }}",  # folded while compiling, not rendering
        "{{ person.name | center(2000000000) }}",
        "{{ '%2000000000s' | format('x') }}",
        "{{ 'x' | indent(2000000000, true) }}",
        "{{ '{:>2000000000}'.format('x') }}",
        "{{ ('a' * 20000).replace('a', 'a' * 20000) }}",
        "{% set ns = namespace(s='xx') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s | length }}",
        "{% set ns = namespace(s=[1, 2]) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s | length }}",
    ],
)
def test_a_template_that_asks_for_gigabytes_is_refused(tmp_path: Path, template: str) -> None:
    case = copy_case(tmp_path / "case")
    build_tree(case, {"letters/en/update-3.j2": template + "\n"})
    result = run("draft", "--case", str(case), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {case / 'letters/en/update-3.j2'}:1: {MEMORY}\n"


def test_a_runaway_template_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("appeals.compose.RENDER_SECONDS", 0.3)
    case = copy_case(tmp_path / "case")
    loop = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n"
    build_tree(case, {"letters/en/update-3.j2": loop})
    result = run("draft", "--case", str(case), *TODAY)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {case / 'letters/en/update-3.j2'}: still rendering after 0.3 s; check it for "
        "a runaway loop\n"
    )


# --- YAML --------------------------------------------------------------------------------------

BOMB = "a: &a ['x','x']\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\ntargets: [*d,*d]\n"


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            "targets.yaml",
            "targets: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
            ":1: the tag '!!python/object/apply:os.system' is not allowed in these files; remove it, keep the value",
        ),
        (
            "targets.yaml",
            "targets: !!python/name:os.system\n",
            ":1: the tag '!!python/name:os.system' is not allowed in these files; remove it, keep the value",
        ),
        (
            "case.yaml",
            "id: !!python/object/new:type ['x', [], {}]\n",
            ":1: the tag '!!python/object/new:type' is not allowed in these files; remove it, keep the value",
        ),
        ("targets.yaml", BOMB, ":2: aliases (*name) are not allowed in case files\n"),
        (
            "targets.yaml",
            "targets: &x\n  a: *x\n",
            ":2: aliases (*name) are not allowed in case files",
        ),
        (
            "targets.yaml",
            "targets:\n  president: {}\n  president: {}\n",
            ":3: duplicate key 'president'",
        ),
        (
            "targets.yaml",
            "targets: {a: 1}\n",
            ":1: targets.a: should be a set of 'name: value' lines",
        ),
        (
            "targets.yaml",
            "targets: [1, 2]\n",
            ":1: targets: should be a set of 'name: value' lines",
        ),
        (
            "targets.yaml",
            "targets: {}\nextra: 1\n",
            ":2: extra: is not a known field; remove it or check its spelling",
        ),
        (
            "targets.yaml",
            "{",
            ":2: did not find expected node content; check the indentation and quoting",
        ),
        ("targets.yaml", "targets:\n\t- tab\n", ":2: "),
        (
            "targets.yaml",
            "targets: " + "[" * 3000 + "]" * 3000 + "\n",
            ":1: lists and mappings nested more than 50 deep; a case file needs a few levels",
        ),
        (
            "case.yaml",
            "id: ua\nperson: 5\n",
            ":2: person: should be a set of 'name: value' lines",
        ),
        (
            "case.yaml",
            "just a string\n",
            ":1: (top level): should be a set of 'name: value' lines",
        ),
    ],
)
def test_hostile_or_broken_yaml(tmp_path: Path, file: str, text: str, message: str) -> None:
    case = copy_case(tmp_path / "case")
    (case / file).write_text(text, encoding="utf-8")
    result = run("draft", "--case", str(case), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"error: {case / file}{message}")
    assert result.stderr.count("\n") == 1
    assert not Path("/tmp/pwned").exists()


@pytest.mark.parametrize(
    ("field", "old", "new", "message"),
    [
        (
            "email",
            "- udp@udp-rk.kz",
            "- 5",
            "targets.president.email.0: 5 should be text; put it in quotes",
        ),
        (
            "checked",
            "checked: 2022-05-07",
            "checked: yesterday",
            "targets.embassy-london.checked: 'yesterday' is not a date; write it as YYYY-MM-DD, such as 2022-06-30",
        ),
        (
            "kind",
            "kind: head-of-state",
            "kind: king",
            "targets.president.kind: 'king' is not one of: 'head-of-state', 'official' or 'embassy'",
        ),
        (
            "serves",
            "serves: [CA]",
            "serves: CA",
            "targets.embassy-ottawa.serves: should be a list, one '- item' a line",
        ),
        (
            "country",
            "country: KZ",
            "country: Kazakstan",
            "targets.president.postal.country: 'Kazakstan' is not a country we know (did you mean Kazakhstan?); write its name (Canada, United Kingdom) or its two-letter code (CA, GB)",
        ),
    ],
)
def test_wrong_types_in_targets(
    tmp_path: Path, field: str, old: str, new: str, message: str
) -> None:
    case = copy_case(tmp_path / "case")
    path = case / "targets.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = run("draft", "--case", str(case), *TODAY)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}:")
    assert result.stderr.rstrip("\n").endswith(message)


def test_a_missing_case_folder_and_a_file_where_a_folder_should_be(tmp_path: Path) -> None:
    result = run("draft", "--case", str(tmp_path / "none"), *TODAY)
    assert result.stderr == (
        f"error: {tmp_path / 'none'}: no such case folder (it should hold targets.yaml, "
        "case.yaml, letters/)\n"
    )
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert run("draft", "--case", str(tmp_path / "file"), *TODAY).exit_code == 1


# --- writer fields -----------------------------------------------------------------------------

REFUSED = "contains a line break or another control character; write it on one line"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--name", "Jane\r\nBcc: victim@example.org", f"--name: {REFUSED}"),
        ("--name", "Jane\nSubject: spam", f"--name: {REFUSED}"),
        ("--name", "Jane\x00Doe", f"--name: {REFUSED}"),
        ("--name", "Jane\u202eeoD", f"--name: {REFUSED}"),
        ("--name", "Jane\u2066Doe", f"--name: {REFUSED}"),
        ("--name", "x" * 10_000, "--name: is 10000 characters long; keep it under 200"),
        ("--address", "1 Road\rBcc: x@y.org", f"--address: {REFUSED}"),
        ("--city", "Leeds\x1b[31m", f"--city: {REFUSED}"),
        ("--email", "a@b.org\r\nBcc: victim@example.org", f"--email: {REFUSED}"),
        (
            "--email",
            "a@b.org, victim@example.org",
            "--email: 'a@b.org, victim@example.org' is not a valid email address (The part after the @-sign contains invalid characters: ',', '@', SPACE.)",
        ),
        (
            "--email",
            "Jane <a@b.org>",
            "--email: 'Jane <a@b.org>' is not a valid email address (A display name and angle brackets around the email address are not permitted here.)",
        ),
        ("--personal", "hi\x00", "--personal: contains a control character; write plain text"),
        (
            "--personal",
            "x" * 10_000,
            "--personal: 10000 characters; keep your own words under 2000 so the letter stays short",
        ),
    ],
)
def test_writer_fields_that_are_refused(option: str, value: str, message: str) -> None:
    for fmt in ("text", "eml"):
        result = run("draft", *TODAY, "--format", fmt, option, value)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.splitlines()[-1] == f"error: {message}"


@pytest.mark.parametrize(
    "name",
    [
        "Zoë 😊 Smith",
        "Анна Петрова",
        "עדי כהן",
        "محمد علي",
        'O\'Brien, "Jo" <x@y.z>',
        "x" * 200,
        "=1+2",
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_unusual_names_work_in_every_format(tmp_path: Path, name: str, fmt: str) -> None:
    out = tmp_path / f"letter.{fmt}"
    result = run(
        "draft",
        *TODAY,
        "--format",
        fmt,
        "--name",
        name,
        "--email",
        "a@example.org",
        "--city",
        "Leeds",
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    if fmt == "eml":
        message = message_from_bytes(data, policy=default)
        assert message["From"].addresses[0].display_name == name
        assert set(message.keys()) == {
            "From",
            "To",
            "Subject",
            "Date",
            "Message-ID",
            "X-Unsent",
            "Content-Type",
            "Content-Language",
            "Content-Transfer-Encoding",
            "MIME-Version",
        }
    elif fmt == "json":
        assert json.loads(data)["sender"]["name"] == name
    elif fmt == "text":
        assert f"\n\n{name}\nLeeds\n" in data.decode("utf-8")
    elif fmt == "md":
        from appeals.export.md import escape

        assert data.decode("utf-8").endswith(f"\n\n{escape(name)}\n")
    elif fmt == "pdf":
        assert data.startswith(b"%PDF-")


# --- output paths and names from data ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("../../../../tmp/evil", "00002-tmp-evil-president.txt"),
        ("/etc/passwd", "00002-etc-passwd-president.txt"),
        ("..\\..\\windows\\system32", "00002-windows-system32-president.txt"),
        ("CON", "00002-con-president.txt"),
        (".", "00002-writer-president.txt"),
        ("..", "00002-writer-president.txt"),
        ("a" * 300, None),
        ("Ünïcødé ñame", "00002-ünïcødé-ñame-president.txt"),
    ],
)
def test_file_names_from_the_csv_stay_in_the_folder(
    tmp_path: Path, name: str, file: str | None
) -> None:
    writers = tmp_path / "w.csv"
    with writers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["name", "country"], [name, "CA"]])
    result = run(
        "batch", str(writers), "--output", str(tmp_path / "out"), *TODAY, "--target", "president"
    )
    if file is None:  # longer than a name may be: rejected, nothing written
        assert result.exit_code == 1
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
            "manifest.csv",
            "rejected.csv",
        ]
        return
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [file, "manifest.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "w.csv"]


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised_in_every_csv_written(tmp_path: Path, cell: str) -> None:
    writers = tmp_path / "w.csv"
    with writers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["name", "country", "email"], [cell, "CA", ""], [cell, "CA", "bad@"]]
        )
    run("batch", str(writers), "--output", str(tmp_path / "out"), *TODAY, "--target", "president")
    for written in ("manifest.csv", "rejected.csv"):
        with (tmp_path / "out" / written).open(encoding="utf-8", newline="") as handle:
            cells = [value for row in csv.reader(handle) for value in row]
        assert not [value for value in cells if value.startswith(("=", "+", "-", "@", "\t", "\r"))]


# --- usage errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("draft", "--today", "2022-02-30"),
        ("draft", "--today", "30/06/2022"),
        ("draft", "--today", ""),
        ("draft", "--format", "docx"),
        ("draft", "--paper", "a5"),
        ("draft", "--bogus"),
        ("batch",),
        ("batch", "w.csv"),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "error:" in result.stderr.lower()
    assert "Value error" not in result.stderr


def test_an_invalid_today_in_the_environment_is_a_usage_error() -> None:
    result = run("draft", env={"APPEALS_TODAY": "tomorrow"})
    assert result.exit_code == 2
    assert "APPEALS_TODAY" in result.stderr


# --- inputs that are not plain files ----------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    ("command", "what"),
    [
        (("check", "/dev/zero"), "a letter"),
        (("import", "/dev/zero"), "a UA document"),
        (("batch", "/dev/zero", "--output", "{tmp}/out", *TODAY), "a CSV file"),
        (("draft", "--case", "{tmp}/case", *TODAY), "a YAML file"),
    ],
)
def test_a_device_that_never_ends_is_refused(
    tmp_path: Path, command: tuple[str, ...], what: str
) -> None:
    case = copy_case(tmp_path / "case")
    (case / "targets.yaml").unlink()
    (case / "targets.yaml").symlink_to("/dev/zero")
    result = run(*(part.format(tmp=tmp_path) for part in command))
    assert (result.exit_code, result.stdout) == (1, "")
    device = case / "targets.yaml" if command[0] == "draft" else "/dev/zero"
    assert result.stderr.endswith(f"error: {device}: is a device, not a file; expected {what}\n")
    assert not (tmp_path / "out").exists()


def test_an_oversized_case_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("appeals.loading.MAX_YAML", 2**20)
    case = copy_case(tmp_path / "case")
    with (case / "case.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# " + "x" * 2**20 + "\n")
    result = run("draft", "--case", str(case), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {case / 'case.yaml'}: is over 1 MB, too long for a YAML file\n"


def test_a_csv_header_that_never_ends_is_refused(tmp_path: Path) -> None:
    writers = tmp_path / "w.csv"
    writers.write_text("name," + "x" * 200_000, encoding="utf-8")
    result = run("batch", str(writers), "--output", str(tmp_path / "out"), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith(
        f"error: {writers}:1: the header row is over 100,000 characters; is this a CSV file?\n"
    )


# --- outputs that are not plain files ---------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/null and /dev/full")
def test_a_device_is_written_into_never_replaced() -> None:
    null = run("draft", *TODAY, "--output", "/dev/null", "--force")
    assert (null.exit_code, null.stdout) == (0, "/dev/null\n")
    full = run("draft", *TODAY, "--output", "/dev/full")
    assert (full.exit_code, full.stdout) == (1, "")
    assert full.stderr.endswith("error: /dev/full: cannot write (No space left on device)\n")
    for device in ("/dev/null", "/dev/full"):
        assert stat.S_ISCHR(Path(device).stat().st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_gets_the_letter_and_stays_a_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "letter.fifo"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = run("draft", *TODAY, "--output", str(pipe), "--force", "--name", "Jane Doe")
    reader.join(timeout=30)
    assert result.exit_code == 0
    assert received == [run("draft", *TODAY, "--name", "Jane Doe").stdout.encode("utf-8")]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.fifo"]  # no .part left


# --- faults --------------------------------------------------------------------------------------


def test_a_batch_folder_that_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "w.csv").write_text("name,country\nJane,CA\n", encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    out = tmp_path / "file" / "out"
    result = run("batch", str(tmp_path / "w.csv"), "--output", str(out), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith(
        f"error: {out.parent}: is a file, not a folder; give --output a path of folders\n"
    )


def test_an_unforeseen_system_error_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/appeals/log.sqlite3")

    monkeypatch.setattr("appeals.log.ActionLog.page", refuse)
    result = run("log")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "error: /srv/appeals/log.sqlite3: Permission denied\n"


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EACCES, "Permission denied"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_a_failed_write_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, text: str
) -> None:
    def fail(*_: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("os.fsync", fail)
    out = tmp_path / "letter.pdf"
    result = run("draft", *TODAY, "--format", "pdf", "--output", str(out))
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[-1]
        == f"error: {out}: cannot write ({text}); nothing was written"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_in_a_batch_keeps_finished_letters_and_resume_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writers = tmp_path / "w.csv"
    writers.write_text("name,country\n" + "".join(f"W{i},CA\n" for i in range(6)), encoding="utf-8")
    real_write = os.write
    calls = {"n": 0}

    def fill_up(handle: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(handle, data)

    monkeypatch.setattr("appeals.files.os.write", fill_up)
    args = (
        "batch",
        str(writers),
        "--output",
        str(tmp_path / "out"),
        *TODAY,
        "--target",
        "president",
    )
    result = run(*args)
    assert result.exit_code == 1
    stuck = tmp_path / "out" / "00005-w3-president.txt"
    assert result.stderr.splitlines()[-1] == (
        f"error: {stuck}: cannot write (No space left on device); the letters so far are complete"
    )
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "00002-w0-president.txt",
        "00003-w1-president.txt",
        "00004-w2-president.txt",
        "manifest.csv",
    ]
    monkeypatch.setattr("appeals.files.os.write", real_write)
    resumed = run(*args, "--resume")
    assert resumed.exit_code == 0
    assert len(list(out.glob("*.txt"))) == 6
    assert "Already written by an earlier run: 3" in resumed.stdout


def test_a_full_disk_while_writing_the_manifest_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writers = tmp_path / "w.csv"
    writers.write_text("name,country\n" + "".join(f"W{i},CA\n" for i in range(4)), encoding="utf-8")
    real_writer = csv.writer
    lines = {"n": 0}

    class FullDisk:  # the manifest's header and first letter fit; its second line does not
        def __init__(self, stream: Any) -> None:
            self.inner = real_writer(stream)

        def writerow(self, row: list[str]) -> Any:
            lines["n"] += 1
            if lines["n"] == 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return self.inner.writerow(row)

    monkeypatch.setattr("appeals.batch.csv.writer", FullDisk)
    out = tmp_path / "out"
    args = ("batch", str(writers), "--output", str(out), *TODAY, "--target", "president")
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: {out / 'manifest.csv'}: cannot write (No space left on device); the letters so "
        "far are complete"
    )
    monkeypatch.setattr("appeals.batch.csv.writer", real_writer)
    resumed = run(*args, "--resume")
    assert resumed.exit_code == 0
    assert [
        row["file"]
        for row in csv.DictReader((out / "manifest.csv").read_text(encoding="utf-8").splitlines())
    ] == [f"0000{line}-w{line - 2}-president.txt" for line in range(2, 6)]


def test_ctrl_c_gives_interrupted_and_exit_130(tmp_path: Path) -> None:
    writers = tmp_path / "w.csv"
    writers.write_text(
        "name,country\n" + "".join(f"Writer {i},CA\n" for i in range(20000)), encoding="utf-8"
    )
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "appeals",
            "batch",
            str(writers),
            "--output",
            str(out),
            *TODAY,
            "--format",
            "pdf",
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out / "manifest.csv").exists():
        time.sleep(0.01)
    while time.monotonic() < deadline and (out / "manifest.csv").read_bytes().count(b"\n") < 5:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stdout == ""
    assert stderr.splitlines()[-1] == (
        f"Interrupted: the letters in {out} so far are complete (listed in its manifest.csv) but "
        "not logged yet; run the same command with --resume to finish the batch"
    )
    assert "Traceback" not in stderr
    assert not list(out.glob(".*.part"))


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "appeals", "draft", "--case", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        env={**os.environ, "APPEALS_DEBUG": "1"},
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "appeals.errors.DataError" in result.stderr


# --- property tests: the only outcomes are a valid output or an AppealsError ---------------------

from datetime import date  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from appeals.drafting import DraftRequest, draft_letter  # noqa: E402
from appeals.errors import AppealsError  # noqa: E402
from appeals.export import export_letter  # noqa: E402
from appeals.loading import load_case_folder  # noqa: E402


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.one_of(st.none(), st.text(max_size=60)),
    address=st.lists(st.text(max_size=40), max_size=3),
    city=st.one_of(st.none(), st.text(max_size=30)),
    country=st.one_of(
        st.none(), st.sampled_from(["CA", "GB", "FR", "kz", "XX", ""]), st.text(max_size=3)
    ),
    email=st.one_of(st.none(), st.emails(), st.text(max_size=30)),
    personal=st.one_of(st.none(), st.text(max_size=700)),
    lang=st.sampled_from(["en", "ru", "de"]),
    target=st.sampled_from(["president", "embassy", "embassy-ottawa", "embassy-london", "x"]),
)
def test_any_writer_gives_a_letter_in_every_format_or_an_appeals_error(
    name: str | None,
    address: list[str],
    city: str | None,
    country: str | None,
    email: str | None,
    personal: str | None,
    lang: str,
    target: str,
) -> None:
    request = DraftRequest(
        today=date(2023, 5, 1),
        name=name,
        address=address,
        city=city,
        country=country,
        email=email,
        personal=personal,
        lang=lang,
        target=target,
    )
    try:
        letter = draft_letter(request).letter
    except AppealsError:
        return
    for fmt in FORMATS:
        data = export_letter(letter, fmt)  # type: ignore[arg-type]
        assert data
        if fmt == "json":
            assert json.loads(data)["sender"]["name"] == letter.sender.name
        if fmt == "eml":
            assert message_from_bytes(data, policy=default)["To"] == ", ".join(letter.to)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    text=st.one_of(
        st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1"))
    )
)
def test_any_targets_file_loads_or_gives_a_data_error(tmp_path: Path, text: str) -> None:
    case = tmp_path / "case"
    if not case.exists():
        copy_case(case)
    (case / "targets.yaml").write_text(text, encoding="utf-8")
    try:
        load_case_folder(case)
    except AppealsError as err:
        assert "\n" not in str(err)
        assert str(err).startswith(str(case / "targets.yaml"))


# --- second round (issue 18): the CSV read as it streams --------------------------------------


def _batch_to_president(tmp_path: Path, text: str) -> tuple[Any, Path]:
    writers = tmp_path / "w.csv"
    writers.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", str(writers), "--output", str(out), *TODAY, "--target", "president")
    return result, out


def _manifest_writers(out: Path) -> list[tuple[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["line"], row["writer"]) for row in csv.DictReader(handle)]


QUOTE_LEFT_OPEN = (
    "a quote opened in this row runs on over the next lines (never closed, or closed too "
    "late); close it. The lines after it are read as rows of their own"
)


def test_a_quote_never_closed_is_rejected_and_the_writers_after_it_still_get_letters(
    tmp_path: Path,
) -> None:
    result, out = _batch_to_president(
        tmp_path, 'name,email\nAnn,a@b.org\n"Bob,b@b.org\nCal,c@b.org\nDee,d@b.org\n'
    )
    assert result.exit_code == 1
    assert "Rejected rows: 1" in result.stdout
    assert _manifest_writers(out) == [("2", "Ann"), ("4", "Cal"), ("5", "Dee")]
    assert (out / "rejected.csv").read_text(encoding="utf-8") == (
        f'line,reason,name,email\n3,"{QUOTE_LEFT_OPEN}","Bob,b@b.org"\n'
    )


def test_a_quote_closed_lines_later_is_rejected_and_the_lines_it_took_are_read(
    tmp_path: Path,
) -> None:
    result, out = _batch_to_president(
        tmp_path,
        'name,email,country\n"Bob,b@b.org,CA\nCal,c@b.org,CA\nDee",d@b.org,CA\nEve,e@b.org,CA\n',
    )
    assert result.exit_code == 1
    # the line that closed the quote is read as it stands
    assert _manifest_writers(out) == [("3", "Cal"), ("4", 'Dee"'), ("5", "Eve")]
    assert (out / "rejected.csv").read_text(encoding="utf-8").splitlines() == [
        "line,reason,name,email,country",
        f'2,"{QUOTE_LEFT_OPEN}","Bob,b@b.org,CA"',
    ]


def test_an_address_on_two_lines_in_quotes_is_one_cell(tmp_path: Path) -> None:
    result, out = _batch_to_president(
        tmp_path, 'name,address\nJane,"12 Elm St\nToronto, ON"\nBob,1 Main St\n'
    )
    assert result.exit_code == 0, result.stderr
    assert _manifest_writers(out) == [("2", "Jane"), ("4", "Bob")]
    assert "12 Elm St\nToronto, ON" in (out / "00002-jane-president.txt").read_text("utf-8")


@pytest.mark.parametrize("quoted", [False, True])
def test_a_csv_line_of_hundreds_of_megabytes_is_refused_while_reading(
    tmp_path: Path, quoted: bool
) -> None:
    writers = tmp_path / "w.csv"
    with writers.open("w", encoding="utf-8") as handle:
        handle.write("name\nAnn\n" + ('"' if quoted else ""))
        for _ in range(200):  # 200 MB with no line break
            handle.write("a" * 2**20)
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = run("batch", str(writers), "--output", str(tmp_path / "out"), *TODAY)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # kilobytes
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"error: {writers}:3: a line over 1,000,000 characters, far longer than a writer's row; "
        "is this the writers' CSV?\n"
    )
    assert grown < 100_000


# --- second round: what a model letter's own code does wrong ----------------------------------


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ 1 / 0 }}", ":1: divides by zero; fix the template"),
        ("\n{% set x = 0 %}{{ 5 // x }}", ":2: divides by zero; fix the template"),
        ("{{ 5 % 0 }}", ":1: divides by zero; fix the template"),
        (
            "{{ '%d' % person.name }}",
            ":1: %d format: a real number is required, not str; fix the template",
        ),
        ("{{ asks[99] }}", ":1: list object has no element 99"),
        (
            "{{ [].pop() }}",
            ":1: an index past the end of the list (pop from empty list); fix the template",
        ),
        (
            "{{ " + "9" * 5000 + " }}",
            ": a number with more than 4,300 digits, far more than a letter needs; fix the template",
        ),
        ("{{ (10.0 ** 60) ** 6 }}", ":1: a number too large to compute; fix the template"),
        ("{{ person.name() }}", ":1: 'str' object is not callable; fix the template"),
        ("{{ person.name | wordwrap(0) }}", ":1: invalid width 0 (must be > 0); fix the template"),
        ("{{ asks | map(attribute='nme') | list }}", ":1: 'str object' has no attribute 'nme'"),
        ("{{ asks | map(attribute='nme') | join }}", ":1: 'str object' has no attribute 'nme'"),
        (
            "{% include 'en/update-3.j2' %}",
            ":1: includes itself (en/update-3.j2 → en/update-3.j2); remove the include",
        ),
        (
            "{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}",
            ":1: calls itself without end (a macro or an include that reaches itself again); "
            "remove the loop",
        ),
        (
            "text {{ '\\x00' }}",
            ": renders the control character U+0000 (output line 1); a letter holds plain text "
            "only",
        ),
    ],
)
def test_a_template_runtime_error_names_the_file_and_line(
    tmp_path: Path, template: str, message: str
) -> None:
    case = copy_case(tmp_path / "case")
    build_tree(case, {"letters/en/update-3.j2": template + "\n"})
    result = run("draft", "--case", str(case), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {case / 'letters/en/update-3.j2'}{message}\n"


def test_templates_including_each_other_name_the_chain(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    build_tree(
        case,
        {
            "letters/en/update-3.j2": "{% include 'en/b.j2' %}\n",
            "letters/en/b.j2": "text\n\n{% include 'en/update-3.j2' %}\n",
        },
    )
    result = run("draft", "--case", str(case), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {case / 'letters/en/b.j2'}:3: includes itself "
        "(en/update-3.j2 → en/b.j2 → en/update-3.j2); remove the include\n"
    )


@pytest.mark.parametrize("data", [b"Dear \x93friend\x94 {{ person.name }}\n", b"\xff\xfeD\x00"])
def test_a_model_letter_not_in_utf8_is_named(tmp_path: Path, data: bytes) -> None:
    case = copy_case(tmp_path / "case")
    (case / "letters/en/update-3.j2").write_bytes(data)
    result = run("draft", "--case", str(case), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    byte = data.index(next(b for b in data if b > 0x7F)) + 1
    assert result.stderr == (
        f"error: {case / 'letters/en/update-3.j2'}: not UTF-8 text (byte {byte}); "
        "save the model letter as UTF-8\n"
    )


# --- second round: dates and numbers in the case files -----------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "case.yaml",
            "deadline: 2022-06-30",
            "deadline: 2022-06-31",
            "'2022-06-31' is not a valid date: day is out of range for month "
            "(write dates as YYYY-MM-DD)",
        ),
        (
            "case.yaml",
            "deadline: 2022-06-30",
            "deadline: 2022.0630",
            "actions.update-1.deadline: 2022.063 is not a date; write it as YYYY-MM-DD, "
            "such as 2022-06-30",
        ),
        (
            "case.yaml",
            "deadline: 2022-06-30",
            "deadline: 20220630",
            "actions.update-1.deadline: 20220630 is not a date; write it as YYYY-MM-DD, "
            "such as 2022-06-30",
        ),
        (
            "case.yaml",
            "deadline: 2022-06-30",
            "deadline: 2022-06-30 12:00:00",
            "actions.update-1.deadline: 2022-06-30 12:00:00 has a time of day; write the date "
            "alone, as YYYY-MM-DD",
        ),
        (
            "case.yaml",
            "deadline: 2022-06-30",
            "deadline: '30/06/2022'",
            "actions.update-1.deadline: '30/06/2022' is not a date; write it as YYYY-MM-DD, "
            "such as 2022-06-30",
        ),
        (
            "case.yaml",
            "deadline: 2022-06-30",
            "deadline: " + "9" * 5000,
            f"{'9' * 40!r} is not a valid number: more than 4,300 digits",
        ),
    ],
)
def test_an_impossible_date_or_number_in_yaml_names_its_line(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    case = copy_case(tmp_path / "case")
    line = line_of(case / file, old)
    replace_in(case / file, old, new)
    result = run("draft", "--case", str(case), "--action", "update-1", "--today", "2022-06-01")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {case / file}:{line}: {message}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[" * 100_000,
            "1: lists and mappings nested more than 50 deep; a case file needs a few levels",
        ),
        ("- 1\n", "1: (top level): should be a set of 'name: value' lines"),
    ],
)
def test_yaml_that_would_crash_the_parser_or_speak_pydantic(
    tmp_path: Path, text: str, message: str
) -> None:
    case = copy_case(tmp_path / "case")
    (case / "case.yaml").write_text(text, encoding="utf-8")
    result = run("draft", "--case", str(case), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {case / 'case.yaml'}:{message}\n"


# --- second round: writing only where asked ---------------------------------------------------

DRAFT = ("draft", "--action", "update-1", "--today", "2022-06-01", "--name", "Jane Doe")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_planted_part_file_link_is_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / ".letter.txt.part").symlink_to(victim)
    result = run(*DRAFT, "--output", str(folder / "letter.txt"))
    assert result.exit_code == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert (folder / "letter.txt").read_text(encoding="utf-8").startswith("1 June 2022\n")
    assert sorted(p.name for p in folder.iterdir()) == [".letter.txt.part", "letter.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_dangling_link_is_an_existing_file(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "new.txt"
    link = tmp_path / "letter.txt"
    link.symlink_to(elsewhere)
    result = run(*DRAFT, "--output", str(link))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith(
        f"error: {link}: already exists (a link to {elsewhere}); add --force to replace the "
        "link itself\n"
    )
    result = run(*DRAFT, "--output", str(link), "--force")
    assert result.exit_code == 0, result.stderr
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8").startswith("1 June 2022\n")
    assert not elsewhere.parent.exists()


def test_a_letter_file_is_made_with_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        assert run(*DRAFT, "--output", str(tmp_path / "l.txt")).exit_code == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "l.txt").stat().st_mode) == 0o644


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
@pytest.mark.parametrize("planted", ["manifest.csv", "rejected.csv"])
def test_a_link_planted_in_a_batch_folder_is_replaced_not_written_through(
    tmp_path: Path, planted: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / planted).symlink_to(victim)
    writers = tmp_path / "w.csv"
    writers.write_text("name,email\nAnn,a@b.org\nBob,not-an-email\n", encoding="utf-8")
    result = run(
        "batch", str(writers), "--output", str(out), *TODAY, "--target", "president", "--force"
    )
    assert result.exit_code == 1  # Bob's email
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (out / planted).is_symlink()
    assert (out / planted).read_text(encoding="utf-8").startswith("line,")


def _appeals(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("APPEALS_")
        or k
        in (
            "APPEALS_LOG",
            "APPEALS_PROFILE",
        )
    }
    return subprocess.run(
        [sys.executable, "-m", "appeals", *args], env=env, timeout=60, check=False, **kwargs
    )


def test_output_dev_stdout_writes_to_stdout_even_when_it_is_a_file(tmp_path: Path) -> None:
    got = tmp_path / "got.txt"
    with got.open("wb") as handle:
        done = _appeals(*DRAFT, "--output", "/dev/stdout", stdout=handle, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    text = got.read_text(encoding="utf-8")
    assert text.startswith("1 June 2022\n")
    assert text.endswith("Jane Doe\n[Your postal address]\n/dev/stdout\n")


def test_stdout_closed_says_so_and_a_file_is_still_written(tmp_path: Path) -> None:
    done = _appeals(*DRAFT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=())
    assert done.returncode == 0
    closed = _appeals(*DRAFT, stderr=subprocess.PIPE, stdout=None, preexec_fn=lambda: os.close(1))
    assert closed.returncode == 1
    assert closed.stderr.decode().splitlines()[-1] == (
        "error: standard output is closed; send it to a file (> letter.txt) or use --output"
    )
    letter = tmp_path / "l.txt"
    to_file = _appeals(
        *DRAFT, "--output", str(letter), stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1)
    )
    assert to_file.returncode == 0, to_file.stderr
    assert letter.read_text(encoding="utf-8").startswith("1 June 2022\n")


def test_stderr_closed_still_gives_the_letter() -> None:
    done = _appeals(*DRAFT, stdout=subprocess.PIPE, preexec_fn=lambda: os.close(2))
    assert done.returncode == 0
    assert done.stdout.decode().startswith("1 June 2022\n")


@pytest.mark.parametrize("args", [("log",), DRAFT, (*DRAFT, "--format", "pdf"), ("case",)])
def test_a_reader_that_goes_away_ends_quietly_with_141(args: tuple[str, ...]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written: `| true`
    try:
        done = _appeals(*args, stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr.decode().count("error")) == (141, 0)
    assert "Traceback" not in done.stderr.decode()


# --- second round: what a writer types, or saves in an editor ----------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "\u200b\u200b\u2060",
            "has no visible characters (only spaces or invisible ones); write it out",
        ),
        ("\ufeff", "has no visible characters (only spaces or invisible ones); write it out"),
        ("\u0301\u0301", "has no visible characters (only spaces or invisible ones); write it out"),
        ("Jane\udcffDoe", "is not valid UTF-8 text; check the terminal's or the file's encoding"),
    ],
)
def test_a_name_that_would_sign_with_nothing_is_refused(name: str, message: str) -> None:
    result = run(*DRAFT[:-2], "--name", name)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: --name: {message}\n"


def test_an_invisible_name_in_the_csv_is_a_rejected_row(tmp_path: Path) -> None:
    result, out = _batch_to_president(tmp_path, "name\n\u200b\u200c\nAnn\n")
    assert result.exit_code == 1
    assert _manifest_writers(out) == [("3", "Ann")]
    assert (out / "rejected.csv").read_text(encoding="utf-8").splitlines()[1] == (
        "2,name: has no visible characters (only spaces or invisible ones); write it out,"
        "\u200b\u200c"
    )


def _editor(tmp_path: Path, body: str) -> dict[str, str]:
    """An EDITOR that runs `body` (Python) on the letter's `text` and saves it."""
    script = tmp_path / "edit.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\ntext = p.read_text('utf-8')\n"
        f"{body}\np.write_text(text, 'utf-8')\n",
        encoding="utf-8",
    )
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "text = text.replace('j@example.org', 'j@example.org>, Bcc <spy@example.com')",
            "the edited letter's signature: your email 'j@example.org>, Bcc <spy@example.com' "
            "is not a valid email address (The part after the @-sign contains invalid "
            "characters: ',', '<', '>', '@', SPACE.)",
        ),
        (
            "text = text.replace('\\nJane Doe\\n', '\\nJane Doe\\x1b[2J\\n')",
            "the edited letter's signature: your name contains a line break or another control "
            "character; write it on one line",
        ),
        (
            "text = text.replace('Thank you', 'Thank\\x00 you')",
            "the edited letter has a control character in 'Thank\\x00 you for your attention to "
            "this ap'; write plain text",
        ),
        (
            "text = text + 'x' * 300_000",
            "the edited letter is gone, or not a file of under 256 KB; nothing was written",
        ),
    ],
)
def test_edited_text_is_checked_like_typed_text(tmp_path: Path, body: str, message: str) -> None:
    result = run(
        *DRAFT,
        "--email",
        "j@example.org",
        "--format",
        "eml",
        "--edit",
        env=_editor(tmp_path, body),
    )
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == f"error: {message}"


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        ("vi 'oops", 'EDITOR: cannot read "vi \'oops" (No closing quotation); fix EDITOR'),
        ("''", "EDITOR names no program; set it, for example export EDITOR=nano"),
    ],
)
def test_an_editor_variable_that_cannot_be_run(editor: str, message: str) -> None:
    result = run(*DRAFT, "--edit", env={"EDITOR": editor, "VISUAL": ""})
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == f"error: {message}"


def test_profile_clear_on_a_folder_says_so(tmp_path: Path) -> None:
    result = run("profile", "clear", env={"APPEALS_PROFILE": str(tmp_path)})
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {tmp_path}: is a folder, not a profile file; check APPEALS_PROFILE\n"
    )
    assert tmp_path.is_dir()


def test_profile_set_where_a_file_is_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("", encoding="utf-8")
    path = tmp_path / "f" / "profile.yaml"
    result = run("profile", "set", "--name", "Jane", env={"APPEALS_PROFILE": str(path)})
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {tmp_path / 'f'}: cannot be the profile's folder (File exists); "
        "check APPEALS_PROFILE\n"
    )


# --- second round: letters for `check` that cost too much ---------------------------------------


def _nested_parts(depth: int) -> str:
    text = "MIME-Version: 1.0\n"
    for level in range(depth):
        text += f"Content-Type: multipart/mixed; boundary=b{level}\n\n--b{level}\n"
    return text + "Content-Type: text/plain\n\nDear Sir\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "deep.eml",
            _nested_parts(3000),
            "3,001 MIME parts, where a letter has a few; not a letter",
        ),
        (
            "flat.eml",
            "Content-Type: multipart/mixed; boundary=b\n\n" + "--b\n\nx\n" * 50_000,
            "50,000 MIME parts, where a letter has a few; not a letter",
        ),
        ("long.txt", "a" * 500_000, "is over 400 KB, too long for a letter"),
        (
            "wide.txt",
            "word " * 30_000,
            "150,000 characters, far more than a letter (one page holds about 4,600); "
            "is this your letter?",
        ),
        ("blank.txt", "\n \n", "is empty; there is no letter to check"),
    ],
)
def test_a_letter_too_big_to_check_is_refused_at_once(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    started = time.monotonic()
    result = run("check", str(path))
    assert time.monotonic() - started < 5
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {path}: {message}\n"


# --- second round: UA documents that cost too much or carry template code -----------------------

FIXTURES_UA = Path(__file__).parent / "fixtures" / "ua"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[" * 300_000,
            "over 200,000 characters of text; a UA is a few thousand. Is this a UA document?",
        ),
        (
            "Write to:\n" + "[a](" * 4_000 + "\n",
            "2: a line of 16,000 characters; a UA's lines are under 5,000. Is this a UA document?",
        ),
    ],
)
def test_a_document_too_big_to_read_is_refused_at_once(
    tmp_path: Path, text: str, message: str
) -> None:
    document = tmp_path / "ua.txt"
    document.write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = run("import", str(document))
    assert time.monotonic() - started < 5
    assert (result.exit_code, result.stdout) == (1, "")
    separator = ":" if message[0].isdigit() else ": "
    assert result.stderr == f"error: {document}{separator}{message}\n"


def test_a_line_of_brackets_under_the_limit_is_read_in_linear_time() -> None:
    from appeals.importing.document import clean_lines

    started = time.monotonic()
    lines = clean_lines("[" * 4_000 + "<http://" * 500 + "[a](mailto:" * 300)
    assert time.monotonic() - started < 5  # about 3 ms; the old pattern took minutes
    assert len(lines) == 1


def _pdf_of_pages(path: Path, pages: int) -> None:
    """One page of text, and `pages` more that share its content stream."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    letter = path.with_name("one.pdf")
    assert run(*DRAFT, "--format", "pdf", "--output", str(letter)).exit_code == 0
    writer = PdfWriter(clone_from=letter)
    first = writer.pages[0]
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Contents")] = first.raw_get("/Contents")
        page[NameObject("/Resources")] = first.raw_get("/Resources")
    writer.write(path)


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        (3000, "3,001 pages; a UA has a few (limit 200)"),
        (150, "over 200,000 characters of text; a UA is a few thousand. Is this a UA document?"),
    ],
)
def test_a_pdf_whose_pages_share_one_stream_is_refused_in_time(
    tmp_path: Path, pages: int, message: str
) -> None:
    document = tmp_path / "ua.pdf"
    _pdf_of_pages(document, pages)
    started = time.monotonic()
    result = run("import", str(document))
    assert time.monotonic() - started < 10
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {document}: {message}\n"


def test_an_encrypted_pdf_says_what_it_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import DependencyError

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret", algorithm="RC4-128")
    document = tmp_path / "ua.pdf"
    writer.write(document)
    result = run("import", str(document))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {document}: the PDF is protected by a password; save it again without one, "
        "or copy its text into a .txt file\n"
    )

    def needs_cryptography(self: PdfReader, password: str) -> None:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", needs_cryptography)  # AES without the package
    result = run("import", str(document))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {document}: the PDF is encrypted; opening it needs the 'cryptography' package "
        "(pip install cryptography), or save the PDF again without a password\n"
    )


def test_document_text_is_never_run_as_template_code(tmp_path: Path) -> None:
    text = (FIXTURES_UA / "international.txt").read_text(encoding="utf-8")
    hostile = "{% endraw %}{{ 6*7 }}{%- endraw %}{% raw %}{{ 7*6 }}"
    assert "and to guarantee her access to" in text
    document = tmp_path / "ua.txt"
    document.write_text(
        text.replace("and to guarantee her access to", f"and {hostile} to guarantee her access to"),
        encoding="utf-8",
    )
    out = tmp_path / "case"
    assert run("import", str(document), "--output", str(out)).exit_code == 0
    letter = run(
        "draft", "--case", str(out), "--today", "2023-05-01", "--allow-late", "--format", "json"
    )
    assert letter.exit_code == 0, letter.stderr
    body = " ".join(json.loads(letter.stdout)["body"].split())
    assert f"and {hostile} to guarantee her access to" in body
    assert "42" not in body


# --- second round: options -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2022-02-30", "'2022-02-30': February 2022 has 28 days, not 30"),
        ("2022.0630", "'2022.0630' is not a date"),
        ("tomorrow", "'tomorrow' is not a date"),
    ],
)
def test_a_date_option_that_is_not_a_date_is_named_in_plain_words(value: str, problem: str) -> None:
    result = run("draft", env={"APPEALS_TODAY": value})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"error: APPEALS_TODAY: {problem}; write it as YYYY-MM-DD, such as 2022-06-30"
    )
    result = run("sent", "1", "--via", "post", "--date", value)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"error: --date: {problem}; write it as YYYY-MM-DD, such as 2022-06-30"
    )


def test_a_personal_sentence_of_invisible_characters_is_refused() -> None:
    result = run(*DRAFT, "--personal", "\u200b\u2060 \ufeff")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: --personal: has no visible characters; write your sentence, or leave it out\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("draft", "--variant", "abc"),
            "error: --variant: 'abc' is not a whole number",
        ),
        (
            ("draft", "--format", "xyz"),
            "error: --format: 'xyz' is not one of 'text', 'md', 'json', 'eml', 'mailto', 'pdf'.",
        ),
    ],
)
def test_usage_errors_are_in_plain_words_from_the_installed_command(
    args: tuple[str, ...], message: str
) -> None:
    done = _appeals(*args, capture_output=True)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines()[-1] == message


def test_output_printed_outside_a_command_to_a_closed_stdout_is_one_line() -> None:
    done = _appeals("log", "--json", stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "error: standard output is closed; send it to a file (> letter.txt) or use --output\n"
    )


def test_an_address_of_thousands_of_lines_is_refused() -> None:
    result = run(*DRAFT, *("--address", "x") * 3000)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: --address: has 3000 lines; an address fits in 8 (street lines only: city, "
        "postcode and country have options of their own)\n"
    )


@pytest.mark.parametrize("code", ["ZZ", "EU", "UN"])
def test_a_code_that_is_no_country_is_refused(code: str) -> None:
    result = run(*DRAFT, "--country", code)
    assert (result.exit_code, result.stdout) == (2, "")  # a bad option value is a usage error
    assert result.stderr == (
        f"error: --country: {code!r} is not a country code; write its name (Canada, United "
        "Kingdom) or its two-letter code (CA, GB)\n"
    )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_import_does_not_write_through_a_linked_folder_inside_the_output(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "case"
    out.mkdir()
    (out / "letters").symlink_to(elsewhere)
    result = run("import", str(FIXTURES_UA / "international.txt"), "--output", str(out), "--force")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: {out / 'letters'}: is a link (to {elsewhere}); files are written only inside "
        f"{out}, so move the link away"
    )
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    ("included", "message"),
    [
        ("fine\n{% if %}\n", "2: Expected an expression, got 'end of statement block'"),
        ("fine\n{{ 1 / 0 }}\n", "2: divides by zero; fix the template"),
    ],
)
def test_an_error_in_an_included_template_names_that_file(
    tmp_path: Path, included: str, message: str
) -> None:
    case = copy_case(tmp_path / "case")
    build_tree(
        case,
        {"letters/en/update-3.j2": "{% include 'en/bad.j2' %}\n", "letters/en/bad.j2": included},
    )
    result = run("draft", "--case", str(case), *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {case / 'letters/en/bad.j2'}:{message}\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_the_progress_bar_never_reads_a_piped_csv_before_the_batch(tmp_path: Path) -> None:
    from appeals.batch import estimate_rows

    pipe = tmp_path / "writers.csv"
    os.mkfifo(pipe)  # nobody writes to it: opening it to count lines would wait for ever
    assert estimate_rows(pipe) is None
    regular = tmp_path / "w.csv"
    regular.write_text("name\nAnn\nBob\n", encoding="utf-8")
    assert estimate_rows(regular) == 3


@pytest.mark.parametrize("option", ["--name", "--city", "--postcode", "--email"])
def test_an_option_given_empty_is_refused_not_signed_with_a_placeholder(option: str) -> None:
    result = run(*DRAFT[:-2], option, "   ")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {option}: is empty; write it out, or leave the option out\n"
