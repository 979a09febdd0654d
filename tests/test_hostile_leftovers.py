"""Hostile input, the third round's leftovers: each case asserts what the user sees (exit code,
the one line on stderr, the bytes written)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run
from tests.test_batch import batch, manifest

HINT = "name, email, address, city, region, postcode, country, lang, personal"


# --- a writers' CSV with another separator -------------------------------------------------------


@pytest.mark.parametrize("separator", ["|", "\t", ";"])
def test_a_csv_separated_by_bars_tabs_or_semicolons_is_read(tmp_path: Path, separator: str) -> None:
    text = separator.join(["name", "email", "country"]) + "\n"
    text += separator.join(["Ann Lee", "ann@example.org", "GB"]) + "\n"
    code, _, err = batch(tmp_path, text, "--target", "president")
    assert (code, err.count("warning: ")) == (0, 1), err  # the one warning: no deadline recorded
    [row] = manifest(tmp_path)
    assert (row["writer"], row["target"]) == ("Ann Lee", "president")


def test_a_header_without_a_name_column_shows_the_header_and_the_separators_tried(
    tmp_path: Path,
) -> None:
    code, out, err = batch(tmp_path, "Nom;Courriel\nAnn;ann@example.org\n")
    assert (code, out) == (1, "")
    assert err == (
        f"error: {tmp_path / 'w.csv'}:1: no 'name' column in the header 'Nom;Courriel' "
        "(read as semicolon-separated; separators tried: comma, semicolon, tab, bar); "
        f"the first row must name the columns ({HINT})\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_header_named_by_a_sep_line_says_so_and_escapes_what_it_shows(tmp_path: Path) -> None:
    code, out, err = batch(tmp_path, "sep=:\nNom:Cour\x1briel\nAnn:x\n")
    assert (code, out) == (1, "")
    assert err == (
        f"error: {tmp_path / 'w.csv'}:2: no 'name' column in the header 'Nom:Cour\\x1briel' "
        "(read as separated by ':', as its 'sep=' line says); "
        f"the first row must name the columns ({HINT})\n"
    )


# --- an .eml whose base64 is damaged -------------------------------------------------------------

EML_HEAD = (
    b"From: ann@example.org\nTo: embassy@example.org\nSubject: Zhanbolat Mamay\n"
    b"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
    b"Content-Transfer-Encoding: base64\n\n"
)


@pytest.mark.parametrize(
    "payload",
    [b"====\n", b"!!!!not base64@@@\n", b"RGVhciBT!aXIs\n"],
    ids=["nothing-left", "cut-short", "stray-character"],
)
def test_check_says_a_damaged_base64_part_could_not_be_decoded(
    tmp_path: Path, payload: bytes
) -> None:
    letter = tmp_path / "letter.eml"
    letter.write_bytes(EML_HEAD + payload)
    result = run("check", str(letter))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {letter}: its plain-text part could not be decoded (damaged base64: characters "
        "missing or not base64); save the letter again from your mail program\n"
    )


def test_check_reads_base64_that_only_lacks_its_padding(tmp_path: Path) -> None:
    letter = tmp_path / "letter.eml"
    letter.write_bytes(EML_HEAD + b"RGVhciBTaXIsIHBsZWFzZSBmcmVlIFpoYW5ib2xhdCBNYW1heS4\n")
    result = run("check", str(letter))
    assert "could not be decoded" not in result.stderr
    assert "pass  names Zhanbolat Mamay" in result.stdout


# --- a log database edited by hand ---------------------------------------------------------------


def test_log_and_sent_spell_out_control_characters_a_hand_edited_log_holds(
    tmp_path: Path, own_log: Path
) -> None:
    drafted = run(
        "draft", "--name", "Ann Lee", "--quiet", "--today", "2023-05-01",
        "--output", str(tmp_path / "a.txt"),
    )  # fmt: skip
    assert drafted.exit_code == 0, drafted.stderr
    with sqlite3.connect(own_log) as db:
        db.execute(
            "UPDATE letters SET writer = ?, target = ?",
            ("Ann\x1b]0;owned\x07 Lee\u202e", "pres\nident\x9b2J"),
        )
    db.close()
    result = run("log")
    assert (result.exit_code, result.stderr) == (0, "")
    [_, line] = result.stdout.splitlines()
    assert line.endswith(
        "  pres\\nident\\x9b2J  en    text    not yet (appeals sent ID --via ...)  "
        "(Ann\\x1b]0;owned\\x07 Lee\\u202e)"
    )
    for more in ([], ["--all"]):  # a page, or every entry as it is read
        listed = run("log", "--json", *more)
        assert listed.exit_code == 0
        assert "\x9b" not in listed.stdout and "\u202e" not in listed.stdout
        assert '"target": "pres\\nident\\u009b2J"' in listed.stdout
        [entry] = json.loads(listed.stdout)
        assert (entry["target"], entry["writer"]) == (
            "pres\nident\x9b2J",
            "Ann\x1b]0;owned\x07 Lee\u202e",
        )
    marked = run("sent", "1", "--via", "post", "--today", "2023-05-02")
    assert (marked.exit_code, marked.stderr) == (0, "")
    assert marked.stdout.startswith("Letter 1 (pres\\nident\\x9b2J, ")


# --- rejected.csv: control characters and formulas -----------------------------------------------


def test_rejected_rows_spell_out_control_characters_and_defuse_formulas(tmp_path: Path) -> None:
    text = (
        "name,email,country,personal\n"
        "A\x00nn,ann@example.org,GB,\n"  # NUL: rejected, kept spelt out
        "=HYPERLINK(1),b\x1b[2J@example.org,GB,\x07+1\n"  # a formula, an escape, a bell
        '-Bo,c@example.org,GB,"two\nlines\u202e"\n'  # an invisible bidi override in a cell
    )
    code, _, err = batch(tmp_path, text, "--target", "president")
    assert code == 1, err
    assert (tmp_path / "out" / "rejected.csv").read_bytes() == (
        b"line,reason,name,email,country,personal\r\n"
        b"2,name: contains a line break or another control character; write it on one line,"
        b"A<U+0000>nn,ann@example.org,GB,\r\n"
        b"3,email: contains a line break or another control character; write it on one line,"
        b"'=HYPERLINK(1),b<U+001B>[2J@example.org,GB,<U+0007>+1\r\n"
        b"4,personal: contains a control character; write plain text,"
        b'\'-Bo,c@example.org,GB,"two\nlines<U+202E>"\r\n'
    )


# --- the same writer row twice -------------------------------------------------------------------

DUPLICATED = (
    "name,email,country\n"
    "Ann Lee,ann@example.org,GB\n"
    "Bo Chan,bo@example.org,GB\n"
    "Ann Lee,ann@example.org,GB\n"
    "Ann Lee,ann@example.org,GB\n"
)


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "deadline" not in line]


def test_a_row_the_same_as_an_earlier_one_is_written_with_a_warning_naming_both_lines(
    tmp_path: Path,
) -> None:
    code, _, err = batch(tmp_path, DUPLICATED, "--target", "president")
    assert code == 0
    where = tmp_path / "w.csv"
    what = "it got letters of its own too; remove it, or add --skip-duplicates"
    assert _warnings(err) == [
        f"warning: {where}:4: the same row as line 2; {what}",
        f"warning: {where}:5: the same row as line 2; {what}",
    ]
    assert [(row["line"], row["writer"]) for row in manifest(tmp_path)] == [
        ("2", "Ann Lee"),
        ("3", "Bo Chan"),
        ("4", "Ann Lee"),
        ("5", "Ann Lee"),
    ]
    # --resume knows each repeat apart: nothing is written twice, and it warns again
    code, out, err = batch(tmp_path, DUPLICATED, "--target", "president", "--resume")
    assert code == 0
    assert "Already written by an earlier run: 4" in out
    assert len(_warnings(err)) == 2
    logged = run("log", "--json", "--all")
    assert [entry["writer"] for entry in json.loads(logged.stdout)] == [
        "Ann Lee",
        "Bo Chan",
        "Ann Lee",
        "Ann Lee",
    ]


def test_skip_duplicates_writes_no_letters_for_a_repeated_row(tmp_path: Path) -> None:
    code, _, err = batch(tmp_path, DUPLICATED, "--target", "president", "--skip-duplicates")
    assert code == 0
    where = tmp_path / "w.csv"
    assert _warnings(err) == [
        f"warning: {where}:4: the same row as line 2; skipped (--skip-duplicates)",
        f"warning: {where}:5: the same row as line 2; skipped (--skip-duplicates)",
    ]
    assert [(row["line"], row["writer"]) for row in manifest(tmp_path)] == [
        ("2", "Ann Lee"),
        ("3", "Bo Chan"),
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "00002-ann-lee-president.txt",
        "00003-bo-chan-president.txt",
        "manifest.csv",
    ]


def test_many_repeated_rows_warn_a_few_lines_then_how_many_more(tmp_path: Path) -> None:
    text = "name\n" + "Ann Lee\n" * 30
    code, _, err = batch(tmp_path, text, "--target", "president", "--skip-duplicates")
    assert code == 0
    warned = _warnings(err)
    assert len(warned) == 21
    assert (
        warned[0] == f"warning: {tmp_path / 'w.csv'}:3: the same row as line 2; skipped "
        "(--skip-duplicates)"
    )
    assert warned[-1] == (
        f"warning: {tmp_path / 'w.csv'}: 9 more rows the same as an earlier row; skipped "
        "(--skip-duplicates)"
    )


# --- the user cache ------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["not an email", "ann@example", "ann@-x-.org", " @x.org"])
def test_a_hand_edited_email_cache_does_not_let_a_bad_address_through(
    tmp_path: Path, address: str
) -> None:
    from appeals.usercache import _validator_key

    cache = tmp_path / "cache"
    cache.mkdir()
    accepted = ["ann@example.org", address]
    data = {"format": 1, "validator": _validator_key(), "accepted": accepted}
    (cache / "emails.json").write_text(json.dumps(data), encoding="utf-8")
    result = run(
        "draft", "--name", "Ann Lee", "--quiet", "--today", "2023-05-01", "--email", address,
        env={"APPEALS_CACHE": str(cache)},
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"error: --email: {address!r} is not a valid email address")


@pytest.mark.parametrize("payload", [b"====\n", b"!!!!not base64@@@\n", b"VUEgMzEv!MjI=\n"])
def test_import_says_a_damaged_base64_part_could_not_be_decoded(
    tmp_path: Path, payload: bytes
) -> None:
    document = tmp_path / "ua.eml"
    document.write_bytes(EML_HEAD + payload)
    result = run("import", str(document))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {document}: its text/plain part could not be decoded (damaged base64: "
        "characters missing or not base64); save or forward the UA again\n"
    )


# --- import: a document's encoding ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xef\xbb\xbfUA\xff 31/22\n", "marked as UTF-8 but byte 6 of the file is not UTF-8"),
        (b"\xef\xbb\xbf\xff\xfeUA\n", "marked as UTF-8 but byte 4 of the file is not UTF-8"),
        (b"\xff\xfeU\x00\x00\xd8A\x00", "marked as UTF-16 but byte 5 of the file is not UTF-16"),
    ],
)
def test_a_byte_that_breaks_the_marked_encoding_is_counted_in_the_file(
    tmp_path: Path, data: bytes, message: str
) -> None:
    document = tmp_path / "ua.txt"
    document.write_bytes(data)
    result = run("import", str(document))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {document}: {message}; save the document again as UTF-8\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_cache_folder_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    clean = run("draft", "--name", "Ann Lee", "--quiet", "--today", "2023-05-01")
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("emails.json", "country-names.json", "month-names.json"):
        os.mkfifo(cache / name)
    env = {**os.environ, "APPEALS_CACHE": str(cache), "APPEALS_TODAY": "2023-05-01"}
    command = [sys.executable, "-m", "appeals", "draft", "--name", "Ann Lee", "--quiet"]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL
    )  # the timeout only says that it hung
    assert (result.returncode, result.stdout) == (0, clean.stdout)
    assert (cache / "emails.json").is_file()  # replaced whole by the file it should be


def test_import_of_an_email_nested_thousands_deep_is_refused_in_plain_words(
    tmp_path: Path,
) -> None:
    nested = "".join(
        f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n" for i in range(3000)
    )
    document = tmp_path / "ua.eml"
    document.write_text(nested + "Content-Type: text/plain\n\nUA 31/22\n", encoding="utf-8")
    result = run("import", str(document))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {document}: parts nested inside each other thousands deep; not a UA email\n"
    )
