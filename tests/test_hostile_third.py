"""Hostile input, third round: each case asserts what the user sees (exit code, the one line on
stderr, what is and is not on disk)."""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import copy_case, run

TODAY = ("--today", "2023-05-01")
DRAFT = ("draft", "--name", "Ann Lee", "--quiet", *TODAY)


# --- YAML in a case folder ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        (
            "? [a, b]\n: 1\n",
            "a key must be a plain name, not a list or mapping; write it as one word",
        ),
        (
            "? {a: 1}\n: 1\n",
            "a key must be a plain name, not a list or mapping; write it as one word",
        ),
        ("1: 2\n", "1: 1 is not a name; a key is text: put it in quotes, or remove it"),
        ("---\nid: other\n", "a second document (after '---') in one file; keep only the first"),
        (
            "extra: !custom x\n",
            "the tag '!custom' is not allowed in these files; remove it, keep the value",
        ),
    ],
)
def test_a_key_a_tag_or_a_document_yaml_allows_is_named_in_plain_words(
    tmp_path: Path, addition: str, message: str
) -> None:
    case = copy_case(tmp_path / "case")
    path = case / "case.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + addition, encoding="utf-8")
    line = text.count("\n") + 1
    result = run(*DRAFT, "--case", str(case))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {path}:{line}: {message}\n"


# --- named pipes --------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("what", ["profile", "case", "letter", "writers"])
def test_a_named_pipe_nothing_writes_into_is_refused_not_waited_on_for_ever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    monkeypatch.setattr("appeals.files.PIPE_WAIT", 0.05)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    if what == "profile":
        result = run(*DRAFT, env={"APPEALS_PROFILE": str(pipe)})
    elif what == "case":
        case = copy_case(tmp_path / "case")
        (case / "case.yaml").unlink()
        os.mkfifo(case / "case.yaml")
        pipe = case / "case.yaml"
        result = run(*DRAFT, "--case", str(case))
    elif what == "letter":
        result = run("check", str(pipe))
    else:
        result = run("batch", str(pipe), "--output", str(tmp_path / "out"), "--quiet", *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == (
        f"error: {pipe}: a named pipe that nothing writes into; start the program that writes "
        "it first, or give a file"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_csv_from_a_pipe_is_read_once_so_its_header_is_not_lost(tmp_path: Path) -> None:
    pipe = tmp_path / "writers.csv"
    os.mkfifo(pipe)

    def feed() -> None:
        with pipe.open("w", encoding="utf-8") as handle:
            handle.write("name,email\nAnn Lee,ann@example.org\nBob Roe,bob@example.org\n")

    writer = threading.Thread(target=feed)
    writer.start()
    out = tmp_path / "out"
    result = run(
        "batch", str(pipe), "--output", str(out), "--target", "president", "--quiet", *TODAY
    )
    writer.join()
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "00002-ann-lee-president.txt",
        "00003-bob-roe-president.txt",
        "manifest.csv",
    ]


# --- the action log -----------------------------------------------------------------------------


def test_a_log_that_is_a_folder_is_named_as_one_not_as_a_permission_problem(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    result = run("log", env={"APPEALS_LOG": str(folder)})
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {folder}: is a folder, not a log file; set APPEALS_LOG to a file's name (such "
        f"as {folder / 'log.sqlite3'}), or unset it\n"
    )
    assert list(folder.iterdir()) == []


def test_a_log_held_by_another_process_is_kept_and_the_user_told_to_try_again(
    own_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(*DRAFT, "--format", "json").exit_code == 0  # not logged: stdout
    first = run(*DRAFT, "--output", str(own_log.parent / "a.txt"))
    assert first.exit_code == 0, first.stderr
    monkeypatch.setattr("appeals.log.BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(own_log, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("sent", "1", "--via", "post", *TODAY)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {own_log}: another appeals (or another program) is using the log and held it "
        "for over 0.2 seconds; try again when it has finished\n"
    )
    assert "not yet" in run("log").stdout  # the history is there, unchanged


# --- import ------------------------------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "ua-samples"


def _sample() -> Path:
    found = sorted(SAMPLES.glob("uk-china-*.txt")) if SAMPLES.is_dir() else []
    if not found:
        pytest.skip(f"no UA sample in {SAMPLES}")
    return found[0]


@pytest.mark.parametrize("text", ["", "  \n\n\t\n"])
def test_an_empty_document_is_refused_not_imported_as_nothing_found(
    tmp_path: Path, text: str
) -> None:
    document = tmp_path / "ua.txt"
    document.write_text(text, encoding="utf-8")
    result = run("import", str(document), "--output", str(tmp_path / "case"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {document}: is empty; there is no UA to read in it\n"
    assert not (tmp_path / "case").exists()


def test_a_ua_saved_as_utf16_or_as_a_web_page_reads_as_its_text(tmp_path: Path) -> None:
    text = _sample().read_text(encoding="utf-8")
    expected = run("import", str(_sample()), "--json")
    assert expected.exit_code == 0, expected.stderr
    utf16 = tmp_path / _sample().name  # the same name: the file's name is read too
    utf16.write_bytes(text.encode("utf-16"))  # with its byte-order mark, as Notepad saves
    page = tmp_path / _sample().with_suffix(".html").name
    paragraphs = "".join(
        "<p>" + html.escape(block).replace("\n", "<br>\n") + "</p>\n"
        for block in text.split("\n\n")
    )
    page.write_text(
        "<!DOCTYPE html><html><head><title>Amnesty</title><script>var s = '<p>no</p>';</script>"
        "</head><body><nav><a href='/'>Home</a></nav><!-- menu -->"
        f"<main>{paragraphs}</main><footer>Contact us</footer></body></html>",
        encoding="utf-8",
    )
    for document, note in ((utf16, "read as text in UTF-16"), (page, "read as web page")):
        result = run("import", str(document), "--json")
        assert result.exit_code == 0
        assert result.stderr == (f"note: {document}: {note}\n" if note else "")
        assert json.loads(result.stdout) == json.loads(expected.stdout)


def test_a_web_page_of_unclosed_tags_is_read_in_one_pass(tmp_path: Path) -> None:
    page = tmp_path / "ua.html"
    page.write_text("<a" * 3_000_000, encoding="utf-8")  # the standard parser takes hours
    result = run("import", str(page))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {page}: over 200,000 characters of text; a UA is a few thousand. Is this a UA "
        "document?\n"
    )


def test_import_output_that_is_a_file_or_a_dangling_link_is_refused(tmp_path: Path) -> None:
    document = _sample()
    afile = tmp_path / "notes.txt"
    afile.write_text("mine\n", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "nowhere")
    cases = [
        (afile, f"error: {afile}: is a file; --output names a folder for the case files\n"),
        (
            afile / "case",
            f"error: {afile}: is a file, not a folder; give --output a path of folders\n",
        ),
        (
            link,
            f"error: {link}: is a link to {tmp_path / 'nowhere'}, which does not exist; give a "
            "folder\n",
        ),
    ]
    for output, message in cases:
        result = run("import", str(document), "--output", str(output))
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert afile.read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "nowhere").exists()


# --- manifests and counts -----------------------------------------------------------------------


def _batch(tmp_path: Path, *more: str) -> tuple[Path, Path]:
    writers = tmp_path / "writers.csv"
    if not writers.exists():
        writers.write_text("name,email\nAnn Lee,ann@example.org\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(
        "batch", str(writers), "--output", str(out), "--target", "president", *more, *TODAY
    )
    assert result.exit_code == 0, result.stderr
    return writers, out


@pytest.mark.parametrize(
    "damage", [b"\xff\xfe\x00 not text\n", b'2,"' + b"x" * 200_000 + b'"\n'], ids=["bytes", "field"]
)
def test_a_damaged_manifest_is_one_line_for_sent_and_for_resume(
    tmp_path: Path, damage: bytes
) -> None:
    writers, out = _batch(tmp_path)
    manifest = out / "manifest.csv"
    manifest.write_bytes(manifest.read_bytes() + damage)
    before = sorted(p.name for p in out.iterdir())
    sent = run("sent", "--batch", str(out), "--via", "post", *TODAY)
    assert (sent.exit_code, sent.stdout) == (1, "")
    assert sent.stderr == (
        f"error: {manifest}: not a manifest as appeals writes it (was it edited?); name the folder "
        "a batch wrote its letters to\n"
    )
    again = run("batch", str(writers), "--output", str(out), "--resume", "--quiet", *TODAY)
    assert (again.exit_code, again.stdout) == (1, "")
    assert again.stderr.splitlines()[-1] == (
        f"error: {manifest}: not a manifest as appeals writes it (was it edited?); start the "
        "batch again with --force"
    )
    assert sorted(p.name for p in out.iterdir()) == before


def test_sent_batch_naming_a_file_says_it_wants_the_folder(tmp_path: Path) -> None:
    writers, _ = _batch(tmp_path)
    result = run("sent", "--batch", str(writers), "--via", "post", *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {writers}: is a file; name the folder a batch wrote its letters to\n"
    )


@pytest.mark.parametrize("value", ["0", "-3", "many", "1.5"])
def test_log_limit_that_is_not_a_count_is_a_plain_usage_error(value: str) -> None:
    result = run("log", f"--limit={value}")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: --limit: {value!r} is not a count; give a whole number, 1 or more\n"
    )


def test_log_limit_beyond_any_log_shows_every_letter(tmp_path: Path) -> None:
    _batch(tmp_path)
    result = run("log", "--limit", "99999999999999999999999999")
    assert result.exit_code == 0, result.stderr
    assert "Ann Lee" in result.stdout


# --- output paths -------------------------------------------------------------------------------


def test_an_output_path_through_a_file_names_the_file(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine\n", encoding="utf-8")
    writers = tmp_path / "writers.csv"
    writers.write_text("name\nAnn Lee\n", encoding="utf-8")
    message = f"error: {afile}: is a file, not a folder; give --output a path of folders\n"
    draft = run(*DRAFT, "--output", str(afile / "sub" / "letter.txt"))
    assert (draft.exit_code, draft.stdout, draft.stderr.splitlines()[-1] + "\n") == (1, "", message)
    batch = run("batch", str(writers), "--output", str(afile / "letters"), "--quiet", *TODAY)
    assert (batch.exit_code, batch.stdout, batch.stderr.splitlines()[-1] + "\n") == (1, "", message)
    assert afile.read_text(encoding="utf-8") == "mine\n"


def test_batch_output_that_is_a_dangling_link_is_not_followed(tmp_path: Path) -> None:
    writers = tmp_path / "writers.csv"
    writers.write_text("name\nAnn Lee\n", encoding="utf-8")
    link = tmp_path / "letters"
    link.symlink_to(tmp_path / "elsewhere")
    result = run("batch", str(writers), "--output", str(link), "--quiet", *TODAY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == (
        f"error: {link}: is a link to {tmp_path / 'elsewhere'}, which does not exist; give a folder"
    )
    assert not (tmp_path / "elsewhere").exists()


# --- '-' for standard input ---------------------------------------------------------------------


def _stdin_run(data: bytes, *args: str) -> Any:
    from typer.testing import CliRunner

    from appeals.cli import app

    kept = ("APPEALS_LOG", "APPEALS_PROFILE", "APPEALS_CACHE")  # as helpers.run does
    clean = {key: None for key in os.environ if key.startswith("APPEALS_") and key not in kept}
    return CliRunner().invoke(app, list(args), input=data, env=clean)


def test_dash_reads_a_writers_csv_a_letter_or_a_ua_from_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    csv_text = b"name,email\nAnn Lee,ann@example.org\n"
    batch = _stdin_run(
        csv_text, "batch", "-", "--output", str(out), "--target", "president", *TODAY
    )
    assert batch.exit_code == 0, batch.stderr
    assert sorted(p.name for p in out.iterdir()) == ["00002-ann-lee-president.txt", "manifest.csv"]
    letter = (out / "00002-ann-lee-president.txt").read_bytes()
    on_file = run("check", str(out / "00002-ann-lee-president.txt"))
    piped = _stdin_run(letter, "check", "-")
    assert (piped.exit_code, piped.stdout.splitlines()[1:]) == (
        on_file.exit_code,
        on_file.stdout.splitlines()[1:],  # the first line names the file
    )


@pytest.mark.parametrize("command", ["check", "import"])
def test_dash_with_nothing_piped_in_is_an_empty_input(command: str) -> None:
    result = _stdin_run(b"", command, "-")
    assert (result.exit_code, result.stdout) == (1, "")
    what = "there is no letter to check" if command == "check" else "there is no UA to read in it"
    assert result.stderr == f"error: -: is empty; {what}\n"


def test_dash_on_a_closed_standard_input_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from appeals.errors import DataError
    from appeals.files import read_input

    monkeypatch.setattr("sys.stdin", None)
    with pytest.raises(DataError) as raised:
        read_input(Path("-"), "a letter")
    assert str(raised.value) == (
        "-: stands for standard input, which is closed here; pipe a letter in (... - < FILE), or "
        "give the file's name"
    )


# --- Unicode ------------------------------------------------------------------------------------


def test_a_name_typed_decomposed_is_the_same_writer_as_composed(tmp_path: Path) -> None:
    composed = "Zo\u00eb \u00c5berg"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    personal = ("--personal", unicodedata.normalize("NFD", "Je suis inquiète."))
    made = run(*DRAFT, "--name", composed, *personal, "--output", str(first))
    assert made.exit_code == 0, made.stderr
    assert run("sent", "1", "--via", "post", *TODAY).exit_code == 0
    again = run("draft", "--name", decomposed, *personal, *TODAY, "--output", str(second))
    assert again.exit_code == 0, again.stderr
    assert first.read_bytes() == second.read_bytes()  # the same wording, chosen from the name
    assert unicodedata.is_normalized("NFC", second.read_text(encoding="utf-8"))
    assert (
        "warning: the log has a letter to president for update-3 sent on 2023-05-01 by post "
        "(letter 1); add --again to draft another without this warning"
    ) in again.stderr.splitlines()


# --- messages that named a library's class or the wrong setting ---------------------------------


@pytest.mark.parametrize("command", ["check", "import"])
def test_a_damaged_pdf_is_said_in_plain_words_not_by_pypdf_class_name(
    tmp_path: Path, command: str
) -> None:
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Length 99 >> stream\nxx")
    result = run(command, str(pdf))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {pdf}: not a readable PDF (damaged, cut short, or not a PDF); open it and save "
        "or print it again as PDF, or give its text\n"
    )


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CONFIG_HOME is a Linux convention")
def test_a_config_folder_that_is_a_file_names_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    afile = tmp_path / "config"
    afile.write_text("", encoding="utf-8")
    monkeypatch.delenv("APPEALS_PROFILE")
    result = run("profile", "set", "--name", "Ann Lee", env={"XDG_CONFIG_HOME": str(afile)})
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {afile / 'appeals'}: cannot be the profile's folder (Not a directory); check "
        "XDG_CONFIG_HOME\n"
    )
    assert afile.read_text(encoding="utf-8") == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_behind_stdout_is_named_as_standard_output() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APPEALS_DEBUG")}
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "appeals", "case", "--json"],
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            check=False,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr.decode() == "error: standard output: No space left on device\n"


@pytest.mark.parametrize(
    ("encoding", "shown"),
    [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("utf-32", "utf-32")],
)
def test_a_csv_in_utf16_without_its_mark_or_in_utf32_is_read_not_said_to_lack_a_name(
    tmp_path: Path, encoding: str, shown: str
) -> None:
    writers = tmp_path / "writers.csv"
    writers.write_bytes("name,email\nAnn Lee,ann@example.org\n".encode(encoding))
    out = tmp_path / "out"
    result = run("batch", str(writers), "--output", str(out), "--target", "president", *TODAY)
    assert result.exit_code == 0, result.stderr
    assert f"warning: {writers}: not UTF-8; read as {shown}" in result.stderr.splitlines()
    assert sorted(p.name for p in out.iterdir()) == ["00002-ann-lee-president.txt", "manifest.csv"]


def test_case_naming_a_folder_without_case_files_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run(*DRAFT, "--case", str(tmp_path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {tmp_path}: not a case folder, it has no targets.yaml or case.yaml; give --case "
        "the folder that holds them (as 'appeals import --output' writes it)\n"
    )


def test_an_empty_case_option_is_not_read_as_the_current_folder_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*DRAFT, "--case", "")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: the current folder: not a case folder, it has no targets.yaml or case.yaml; give "
        "--case the folder that holds them (as 'appeals import --output' writes it)\n"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="signals are POSIX")
def test_an_editor_killed_by_a_signal_is_said_so(tmp_path: Path) -> None:
    script = tmp_path / "killed.py"
    script.write_text("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n", encoding="utf-8")
    out = tmp_path / "letter.txt"
    env = {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}
    result = run(*DRAFT, "--edit", "--output", str(out), env=env)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == (
        f"error: the editor '{sys.executable} {script}' was stopped by signal 9; nothing was written"
    )
    assert not out.exists()


# --- the compiled-template cache -----------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs POSIX permissions")
def test_a_cache_folder_others_may_write_into_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from appeals.compose import _bytecode_cache

    shared = tmp_path / "shared"
    (shared / "templates").mkdir(parents=True)
    (shared / "templates").chmod(0o777)  # as a folder in /tmp may be
    own = tmp_path / "own"
    monkeypatch.setenv("APPEALS_CACHE", str(shared))
    _bytecode_cache.cache_clear()
    try:
        assert _bytecode_cache() is None  # compiled afresh: code planted there is never run
        result = run(*DRAFT)
        assert result.exit_code == 0, result.stderr
        assert list((shared / "templates").iterdir()) == []
        monkeypatch.setenv("APPEALS_CACHE", str(own))
        _bytecode_cache.cache_clear()
        assert _bytecode_cache() is not None
        assert stat.S_IMODE((own / "templates").stat().st_mode) & 0o077 == 0
    finally:
        _bytecode_cache.cache_clear()


def test_terminal_escapes_in_a_ua_never_reach_the_screen_or_the_case_files(tmp_path: Path) -> None:
    text = _sample().read_text(encoding="utf-8")
    hostile = text.replace(
        "Urgent Action update", "Urgent\x1b]0;owned\x07 Action\x1b[2J update\u202e", 1
    ).replace("Zhen Jianghua", "Zhen\x1b[31m Jianghua\x08\x08")
    assert hostile != text
    document = tmp_path / _sample().name
    document.write_text(hostile, encoding="utf-8")
    clean = tmp_path / "clean" / _sample().name
    clean.parent.mkdir()
    clean.write_text(text, encoding="utf-8")
    shown = run("import", str(document))
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout == run("import", str(clean)).stdout.replace(str(clean), str(document))
    case = tmp_path / "case"
    written = run("import", str(document), "--output", str(case), *TODAY)
    assert written.exit_code == 0, written.stderr
    for name in ("case.yaml", "targets.yaml"):
        saved = (case / name).read_text(encoding="utf-8")
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]|\\e|\\b", saved)
    drafted = run("draft", "--case", str(case), "--name", "Ann Lee", "--quiet", *TODAY)
    assert drafted.exit_code == 0, drafted.stderr
    assert "Zhen Jianghua" in drafted.stdout


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "code"),
    [
        (
            "targets.yaml",
            "name: Kassym-Jomart Tokayev",
            'name: "Kassym-Jomart\\a Tokayev"',
            "targets.president.en.name",
            "0007",
        ),
        (
            "case.yaml",
            "- secure the immediate",
            '- "\\e[2Jsecure the immediate',
            "actions.original.en.asks.0",
            "001B",
        ),
    ],
)
def test_a_control_character_spelt_in_a_quoted_yaml_string_is_refused_where_it_is(
    tmp_path: Path, file: str, old: str, new: str, field: str, code: str
) -> None:
    case = copy_case(tmp_path / "case")
    path = case / file
    text = path.read_text(encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if old in ln)
    changed = text.replace(old, new, 1)
    if new.count('"') == 1:  # close the quote at the end of that line
        lines = changed.splitlines()
        lines[line - 1] += '"'
        changed = "\n".join(lines) + "\n"
    path.write_text(changed, encoding="utf-8")
    for command in (("targets",), ("case",), (*DRAFT[:1], "--action", "original", *DRAFT[1:])):
        result = run(*command, "--case", str(case))
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            f"error: {path}:{line}: {field}: has the control character U+{code}; remove it "
            "(these files hold plain text)\n"
        )


def test_a_profile_name_with_a_bidi_override_is_refused_with_its_line(own_profile: Path) -> None:
    own_profile.write_text('city: Leeds\nname: "Jane\\u202eeoD"\n', encoding="utf-8")
    result = run(*DRAFT[:1], *TODAY, "--quiet")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {own_profile}:2: name: has the control character U+202E; remove it (these files "
        "hold plain text)\n"
    )


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("Jane Doe", "Jane\x08\x08\x08\x08Bob Doe", "0008"),
        ("Yours sincerely", "\x1b]0;owned\x07Yours sincerely", "001B"),
    ],
)
def test_check_refuses_a_letter_whose_control_characters_would_reach_the_terminal(
    tmp_path: Path, old: str, new: str, code: str
) -> None:
    letter = tmp_path / "letter.txt"
    drafted = run(*DRAFT[:1], "--name", "Jane Doe", "--quiet", *TODAY, "--output", str(letter))
    assert drafted.exit_code == 0, drafted.stderr
    text = letter.read_text(encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if old in ln)
    letter.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("check", str(letter))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {letter}:{line}: has the control character U+{code}; a letter holds plain text "
        "only, remove it\n"
    )


@pytest.mark.parametrize("command", ["draft", "batch", "import"])
def test_an_output_name_with_a_line_break_is_refused_before_anything_is_written(
    tmp_path: Path, command: str
) -> None:
    writers = tmp_path / "writers.csv"
    writers.write_text("name\nAnn Lee\n", encoding="utf-8")
    output = tmp_path / "letter\n.txt"
    if command == "draft":
        result = run(*DRAFT, "--output", str(output))
    elif command == "batch":
        result = run("batch", str(writers), "--output", str(output), "--quiet", *TODAY)
    else:
        result = run("import", str(_sample()), "--output", str(output))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == (
        f"error: --output: {str(output)!r} has a line break or another control character in its "
        "name; give a plain name"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["writers.csv"]


def test_a_model_letter_that_is_a_folder_is_named_not_replaced_by_the_built_in_letter(
    tmp_path: Path,
) -> None:
    case = copy_case(tmp_path / "case")
    model = case / "letters" / "en" / "update-3.j2"
    model.unlink()
    model.mkdir()
    result = run(*DRAFT, "--case", str(case))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {model}: is not a file (a folder or a pipe); a model letter is a text file, so "
        "move this away\n"
    )
