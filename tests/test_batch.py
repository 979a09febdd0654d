"""`appeals batch`: a CSV of writers in, letters, a manifest and rejected rows out."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import run

HEADER = "name,email,address,city,postcode,country,lang,personal\n"
GOOD = (
    "Jane Doe,jane@example.org,12 Elm Street,Toronto,M4B 1B3,CA,,\n"
    "Анна Петрова,anna@example.org,12 Baker Street;Flat 2,London,NW1 6XE,United Kingdom,ru,"
    "Я пишу Вам от всего сердца.\n"
)


def batch(
    tmp_path: Path, text: str | bytes, *args: str, name: str = "w.csv"
) -> tuple[int, str, str]:
    csv_path = tmp_path / name
    if isinstance(text, str):
        csv_path.write_text(text, encoding="utf-8")
    else:
        csv_path.write_bytes(text)
    result = run(
        "batch", str(csv_path), "--output", str(tmp_path / "out"), "--today", "2023-05-01", *args
    )
    return result.exit_code, result.stdout, result.stderr


def manifest(tmp_path: Path) -> list[dict[str, str]]:
    with (tmp_path / "out" / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def files(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "out").iterdir())


def test_two_writers_get_a_letter_to_the_president_and_to_their_embassy(tmp_path: Path) -> None:
    code, out, err = batch(tmp_path, HEADER + GOOD, "--format", "eml")
    assert code == 0
    assert files(tmp_path) == [
        "00002-jane-doe-embassy-ottawa.eml",
        "00002-jane-doe-president.eml",
        "00003-анна-петрова-embassy-london.eml",
        "00003-анна-петрова-president.eml",
        "manifest.csv",
    ]
    assert out == (
        f"Letters written to {tmp_path / 'out'}:\n"
        "  target          lang  letters\n"
        "  embassy-london  ru          1\n"
        "  embassy-ottawa  en          1\n"
        "  president       en          1\n"
        "  president       ru          1\n"
        "  total                       4\n"
    )
    assert err.startswith("warning: no appeal deadline is recorded for update-3")
    entries = manifest(tmp_path)
    assert [(e["line"], e["writer"], e["target"], e["lang"], e["action"]) for e in entries] == [
        ("2", "Jane Doe", "president", "en", "update-3"),
        ("2", "Jane Doe", "embassy-ottawa", "en", "update-3"),
        ("3", "Анна Петрова", "president", "ru", "update-3"),
        ("3", "Анна Петрова", "embassy-london", "ru", "update-3"),
    ]
    for entry in entries:
        data = (tmp_path / "out" / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_each_file_is_the_same_letter_draft_makes(tmp_path: Path) -> None:
    batch(tmp_path, HEADER + GOOD, "--format", "text")
    single = run(
        "draft",
        "--today",
        "2023-05-01",
        "--lang",
        "ru",
        "--target",
        "embassy-london",
        "--name",
        "Анна Петрова",
        "--address",
        "12 Baker Street",
        "--address",
        "Flat 2",
        "--city",
        "London",
        "--postcode",
        "NW1 6XE",
        "--country",
        "GB",
        "--email",
        "anna@example.org",
        "--personal",
        "Я пишу Вам от всего сердца.",
    ).stdout
    written = (tmp_path / "out" / "00003-анна-петрова-embassy-london.txt").read_text(
        encoding="utf-8"
    )
    assert written == single


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("utf-8-sig", ";"), ("utf-8", "\t"), ("utf-8-sig", "\t")],
)
def test_csv_dialects_and_byte_order_mark(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [r.split(",") for r in (HEADER + GOOD).splitlines()]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    code, out, _ = batch(tmp_path, buffer.getvalue().encode(encoding), "--target", "president")
    assert code == 0
    assert out.splitlines()[-1].split() == ["total", "2"]
    assert [e["writer"] for e in manifest(tmp_path)] == ["Jane Doe", "Анна Петрова"]


def test_quoted_cells_with_line_breaks_keep_line_numbers(tmp_path: Path) -> None:
    text = HEADER + 'Jane Doe,,"12 Elm Street\nApt 4",Toronto,,CA,,\n\nBob,,1 Road,Leeds,,GB,,\n'
    code, _, _ = batch(tmp_path, text, "--target", "president", "--format", "json")
    assert code == 0
    assert [(e["line"], e["writer"]) for e in manifest(tmp_path)] == [
        ("2", "Jane Doe"),
        ("5", "Bob"),
    ]
    jane = (tmp_path / "out" / "00002-jane-doe-president.json").read_text(encoding="utf-8")
    assert '"12 Elm Street",\n      "Apt 4"' in jane


def test_bad_rows_are_rejected_with_their_line_and_reason(tmp_path: Path) -> None:
    text = HEADER + (
        "Jane Doe,jane@example.org,1 Road,Toronto,,CA,,\n"
        ",nobody@example.org,,,,CA,,\n"
        "Bad Email,bad@,,,,CA,,\n"
        "Pierre,,1 Rue,Paris,,FR,,\n"
        "Nowhere,,,,,Narnia,,\n"
        "No Country,,,,,,,\n"
        "German,,,,,CA,de,\n"
        '"=HYPERLINK(""http://x"")",,,,,Narnia,,\n'
    )
    code, out, _ = batch(tmp_path, text)
    assert code == 1
    assert out.splitlines()[-2:] == [
        # Pierre in France and a writer with no country get the President's letter
        "No embassy letter, the others written: line 5: no embassy record serves FR (embassies "
        "serve CA, GB); line 7: no country, so no embassy to write to (embassies serve CA, GB)",
        f"Rejected rows: 5 (see {tmp_path / 'out' / 'rejected.csv'} for the reasons)",
    ]
    with (tmp_path / "out" / "rejected.csv").open(encoding="utf-8", newline="") as handle:
        rejected = list(csv.reader(handle))
    assert rejected[0] == [
        "line",
        "reason",
        "name",
        "email",
        "address",
        "city",
        "postcode",
        "country",
        "lang",
        "personal",
    ]
    assert [(r[0], r[1]) for r in rejected[1:]] == [
        ("3", "no name"),
        (
            "4",
            "email: 'bad@' is not a valid email address (There must be something after the @-sign.)",
        ),
        (
            "6",
            "country: 'Narnia' is not a country we know; write its name (Canada, United Kingdom) or its two-letter code (CA, GB)",
        ),
        (
            "8",
            "lang 'de': update-3 has no wording in that language (only en, ru); "
            "add 'de:' to it in case.yaml",
        ),
        (
            "9",
            "country: 'Narnia' is not a country we know; write its name (Canada, United Kingdom) or its two-letter code (CA, GB)",
        ),
    ]
    assert rejected[-1][2] == '\'=HYPERLINK("http://x")'  # a spreadsheet shows it, never runs it
    assert [(e["writer"], e["target"]) for e in manifest(tmp_path)] == [
        ("Jane Doe", "president"),
        ("Jane Doe", "embassy-ottawa"),
        ("Pierre", "president"),
        ("No Country", "president"),
    ]


def test_names_from_the_csv_cannot_leave_the_output_folder(tmp_path: Path) -> None:
    text = (
        HEADER
        + "../../etc/passwd,,,,,CA,,\n/abs/path,,,,,CA,,\nCON,,,,,CA,,\n.,,,,,CA,,\n"
        + ("x" * 190 + ",,,,,CA,,\n")
    )
    code, _, _ = batch(tmp_path, text, "--target", "president")
    assert code == 0
    assert files(tmp_path) == [
        "00002-etc-passwd-president.txt",
        "00003-abs-path-president.txt",
        "00004-con-president.txt",
        "00005-writer-president.txt",
        f"00006-{'x' * 40}-president.txt",
        "manifest.csv",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "w.csv"]


def test_formula_cells_are_neutralised_in_the_manifest(tmp_path: Path) -> None:
    code, _, _ = batch(
        tmp_path, HEADER + "@SUM(A1),,,,,CA,,\n-2+3,,,,,CA,,\n", "--target", "president"
    )
    assert code == 0
    assert [e["writer"] for e in manifest(tmp_path)] == ["'@SUM(A1)", "'-2+3"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "",
            "w.csv:1: no header row; the first row must name the columns (name, email, "
            "address, city, region, postcode, country, lang, personal)",
        ),
        (
            "email,city\na@b.org,Leeds\n",
            "w.csv:1: no 'name' column in the header 'email,city' (read as comma-separated; "
            "separators tried: comma, semicolon, tab, bar); the first row must name "
            "the columns (name, email, address, city, region, postcode, country, lang, personal)",
        ),
        (
            "name,Email,E-mail\nJane,a@b.org,c@d.org\n",
            "w.csv:1: columns 2 and 3 are both 'email'; keep one of them",
        ),
        ("Name,NAME\nJane,Jane\n", "w.csv:1: columns 1 and 2 are both 'name'; keep one of them"),
    ],
)
def test_a_csv_without_a_usable_header(tmp_path: Path, text: str, message: str) -> None:
    code, out, err = batch(tmp_path, text)
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == f"error: {tmp_path / message}"
    assert not (tmp_path / "out").exists()


def test_a_csv_in_another_encoding_is_read(tmp_path: Path) -> None:
    data = (HEADER + "Jane,,,,,CA,,\nJosé Ñúñez,,,,,CA,,\n").encode("latin-1")
    code, _, err = batch(tmp_path, data, "--target", "president")
    assert code == 0
    assert f"warning: {tmp_path / 'w.csv'}: not UTF-8; read as cp1252\n" in err
    assert [e["writer"] for e in manifest(tmp_path)] == ["Jane", "José Ñúñez"]


def test_headings_from_spreadsheets_and_forms_are_understood(tmp_path: Path) -> None:
    text = (
        "Full Name;E-mail Address;Postal Code;Country;Language\n"
        "Jane Doe;jane@example.org;M4B 1B3;Canada;RU\n"
    )
    code, _, err = batch(tmp_path, text)
    assert (code, err.count("warning: ")) == (0, 1)  # the one warning: no deadline recorded
    [president, embassy] = manifest(tmp_path)
    assert (president["target"], president["lang"], embassy["target"]) == (
        "president",
        "ru",
        "embassy-ottawa",
    )
    letter = (tmp_path / "out" / president["file"]).read_text(encoding="utf-8")
    assert "jane@example.org" in letter
    assert "M4B 1B3" in letter


def test_excel_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    text = "\ufeffsep=;\r\nname;country;personal\r\nJane Doe;CA;Hello, from Toronto\r\n;FR;\r\n"
    code, _, _ = batch(tmp_path, text, "--target", "president")
    assert code == 1  # the second writer has no name
    [letter] = manifest(tmp_path)
    assert (letter["line"], letter["writer"]) == ("3", "Jane Doe")
    assert "Hello, from Toronto" in (tmp_path / "out" / letter["file"]).read_text(encoding="utf-8")
    rejected = (tmp_path / "out" / "rejected.csv").read_text(encoding="utf-8").splitlines()
    assert rejected == ["line,reason,name,country,personal", "4,no name,,FR,"]


def test_a_cell_over_the_csv_limit_rejects_its_row_only(tmp_path: Path) -> None:
    text = HEADER + 'Ann,,,,,CA,,"' + "x" * 200_000 + '"\n' + GOOD
    code, out, _ = batch(tmp_path, text, "--target", "president")
    assert code == 1
    assert "Rejected rows: 1 " in out
    assert [row["line"] for row in manifest(tmp_path)] == ["3", "4"]
    rejected = (tmp_path / "out" / "rejected.csv").read_bytes().decode("utf-8")
    assert rejected == (
        "line,reason,name,email,address,city,postcode,country,lang,personal\r\n"
        '2,"a cell is over 131,072 characters; shorten it, or close a quote left open"\r\n'
    )


def test_extra_columns_are_ignored_with_one_warning(tmp_path: Path) -> None:
    code, _, err = batch(tmp_path, "name,phone,notes\nJane,555,hi\n", "--target", "president")
    assert code == 0
    assert f"warning: {tmp_path / 'w.csv'}: columns ignored: phone, notes\n" in err


def test_existing_letters_are_not_overwritten(tmp_path: Path) -> None:
    assert batch(tmp_path, HEADER + GOOD)[0] == 0
    letter = tmp_path / "out" / "00002-jane-doe-president.txt"
    letter.write_text("signed copy", encoding="utf-8")
    code, out, err = batch(tmp_path, HEADER + GOOD)
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == (
        f"error: {tmp_path / 'out'}: already holds letters (manifest.csv); add --resume to "
        "finish that run or --force to replace its files"
    )
    assert letter.read_text(encoding="utf-8") == "signed copy"
    (tmp_path / "out" / "manifest.csv").unlink()
    code, _, err = batch(tmp_path, HEADER + GOOD)
    assert code == 1
    assert err.splitlines()[-1] == f"error: {letter}: already exists; add --force to replace it"
    assert letter.read_text(encoding="utf-8") == "signed copy"
    assert batch(tmp_path, HEADER + GOOD, "--force")[0] == 0
    assert letter.read_text(encoding="utf-8").startswith("1 May 2023")


def test_late_batch_writes_nothing(tmp_path: Path) -> None:
    csv_path = tmp_path / "w.csv"
    csv_path.write_text(HEADER + GOOD, encoding="utf-8")
    result = run(
        "batch",
        str(csv_path),
        "--output",
        str(tmp_path / "out"),
        "--action",
        "update-1",
        "--today",
        "2022-07-01",
    )
    assert result.exit_code == 3
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_combined_pdf_has_a_page_a_letter_and_duplex_blank_backs(tmp_path: Path) -> None:
    code, out, _ = batch(tmp_path, HEADER + GOOD, "--format", "pdf", "--combine")
    assert code == 0
    assert files(tmp_path) == ["letters.pdf", "manifest.csv"]
    assert f"One PDF to print: {tmp_path / 'out' / 'letters.pdf'}" in out
    reader = PdfReader(tmp_path / "out" / "letters.pdf")
    assert len(reader.pages) == 4
    assert reader.pages[2].extract_text().startswith("Анна Петрова")
    digest = hashlib.sha256((tmp_path / "out" / "letters.pdf").read_bytes()).hexdigest()
    assert [(e["file"], e["page"], e["sha256"]) for e in manifest(tmp_path)] == [
        ("letters.pdf", str(page), digest) for page in (1, 2, 3, 4)
    ]
    long_letter = HEADER + "Jane Doe,,1 Road,Toronto,,CA,," + "Words " * 330 + "\n" + GOOD
    code, _, _ = batch(tmp_path, long_letter, "--format", "pdf", "--combine", "--duplex", "--force")
    assert code == 0
    # the long letter takes 2 pages; with --duplex every letter then starts on an odd page
    assert [e["page"] for e in manifest(tmp_path)] == ["1", "3", "5", "7", "9", "11"]
    pages = PdfReader(tmp_path / "out" / "letters.pdf").pages
    assert len(pages) == 11
    assert [i + 1 for i, page in enumerate(pages) if not page.extract_text().strip()] == [6, 8, 10]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--combine",), "--combine makes one PDF to print; use it with --format pdf"),
        (("--format", "pdf", "--duplex"), "--duplex goes with --combine"),
        (
            ("--target", "minister"),
            "unknown target 'minister'; choose one of: president, "
            "embassy-ottawa, embassy-london, embassy",
        ),
        (
            ("--lang", "de"),
            "case.yaml: actions.update-3 has no 'de' wording, only en (English), ru (Russian); "
            "add 'de:' to it with its subject and asks in German, or use --lang en",
        ),
    ],
)
def test_bad_options(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = batch(tmp_path, HEADER + GOOD, *args)
    usage = "--combine" in args or "--duplex" in args  # options that do not go together: 2
    assert (code, out) == (2 if usage else 1, "")
    assert err.splitlines()[-1] == f"error: {message}"


def test_a_killed_run_leaves_complete_files_and_resume_finishes_it(tmp_path: Path) -> None:
    # enough letters that the kill lands half way even on a fast machine
    rows = "".join(f"Writer {i},w{i}@example.org,{i} Road,Toronto,,CA,,\n" for i in range(10000))
    csv_path = tmp_path / "w.csv"
    csv_path.write_text(HEADER + rows, encoding="utf-8")
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "appeals",
        "batch",
        str(csv_path),
        "--output",
        str(out),
        "--today",
        "2023-05-01",
        "--format",
        "eml",
        "--quiet",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        listed = out / "manifest.csv"
        if listed.exists() and listed.read_bytes().count(b"\n") > 200:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written_before = {p.name for p in out.glob("*.eml")}
    assert 200 <= len(written_before) < 20000, "the run was not stopped half way"

    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert "Already written by an earlier run:" in resumed.stdout
    assert not list(out.glob(".*.part"))

    clean = tmp_path / "clean"
    fresh = subprocess.run(
        [*command[:6], str(clean), *command[7:]], capture_output=True, check=False
    )
    assert fresh.returncode == 0
    for letter in clean.glob("*.eml"):
        assert (out / letter.name).read_bytes() == letter.read_bytes()
    assert len(list(out.glob("*.eml"))) == 20000
    entries = manifest(tmp_path)
    assert len(entries) == 20000
    assert len({(e["line"], e["target"]) for e in entries}) == 20000
    for entry in entries:
        assert hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
