"""Everyday use: values as people write them, errors in plain words, one writer per profile,
how to send a letter, and the smaller things a new user runs into."""

from __future__ import annotations

import json
import re
import textwrap
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import CANADIAN_WRITER, copy_case, replace_in, run

TODAY = ("--today", "2022-06-01")  # update-1 is open until 2022-06-30
UPDATE_1 = ("--action", "update-1", *TODAY)


# --- natural values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "cc"),
    [
        ("UK", "London@kazembassy.org.uk"),
        ("gb", "London@kazembassy.org.uk"),
        ("United Kingdom", "London@kazembassy.org.uk"),
        ("the united kingdom", "London@kazembassy.org.uk"),
        ("Великобритания", "London@kazembassy.org.uk"),
        ("Canada", "ottawa@mfa.kz"),
        ("ca", "ottawa@mfa.kz"),
        ("КАНАДА", "ottawa@mfa.kz"),
    ],
)
def test_a_country_by_code_or_name(country: str, cc: str) -> None:
    result = run("draft", *UPDATE_1, "--country", country, "--format", "json", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["cc"][0] == cc


@pytest.mark.parametrize(
    ("lang", "code"),
    [("RU", "ru"), ("Russian", "ru"), ("русский", "ru"), ("English", "en"), ("EN", "en")],
)
def test_a_language_by_code_or_name(lang: str, code: str) -> None:
    result = run("draft", *UPDATE_1, "--lang", lang, "--format", "json", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["lang"] == code


HINT_COUNTRY = "write its name (Canada, United Kingdom) or its two-letter code (CA, GB)"
HINT_DATE = "write it as YYYY-MM-DD, such as 2022-06-30"
HINT_LANG = "choose German (de), English (en), Spanish (es), French (fr) or Russian (ru)"
HINT_FOLDER = " (a new language is a folder under src/appeals/frames/, see the README)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("draft", "--today", "2022-13-01"),
            f"--today: '2022-13-01' has no month 13: months run from 01 to 12; {HINT_DATE}",
        ),
        (
            ("draft", "--today", "2022-02-30"),
            f"--today: '2022-02-30': February 2022 has 28 days, not 30; {HINT_DATE}",
        ),
        (("draft", "--today", "1 June"), f"--today: '1 June' is not a date; {HINT_DATE}"),
        (("draft", "--variant", "abc"), "--variant: 'abc' is not a whole number"),
        (("draft", "--variant", "1.5"), "--variant: '1.5' is not a whole number"),
        (
            ("draft", "--format", "docx"),
            "--format: 'docx' is not one of 'text', 'md', 'json', 'eml', 'mailto', 'pdf'.",
        ),
        (
            ("draft", "--lang", "Portuguese"),
            f"--lang: there are no letters in Portuguese; {HINT_LANG}{HINT_FOLDER}",
        ),
        (
            ("draft", "--lang", "xx"),
            f"--lang: 'xx' is not a language we know; {HINT_LANG}",
        ),
        (
            ("draft", "--country", "Frnace"),
            f"--country: 'Frnace' is not a country we know (did you mean France?); {HINT_COUNTRY}",
        ),
        (("draft", "--country", "XX"), f"--country: 'XX' is not a country code; {HINT_COUNTRY}"),
        (
            ("post", "--platform", "x", "--country", "Narnia"),
            f"--country: 'Narnia' is not a country we know; {HINT_COUNTRY}",
        ),
        (
            ("batch", "w.csv", "--output", "out", "--lang", "pt"),
            f"--lang: there are no letters in Portuguese; {HINT_LANG}{HINT_FOLDER}",
        ),
        (
            ("sent", "first", "--via", "post"),
            "'first' is not a letter id or a range of them (such as 12 or 14-20); "
            "see 'appeals log' for the ids",
        ),
        (
            ("sent", "1", "--via", "post", "--date", "2022-04-31"),
            f"--date: '2022-04-31': April 2022 has 30 days, not 31; {HINT_DATE}",
        ),
        (
            ("profile", "set", "--lang", "Klingon"),
            f"--lang: there are no letters in Klingon; {HINT_LANG}{HINT_FOLDER}",
        ),
        (
            ("targets", "--today", "yesterday"),
            f"--today: 'yesterday' is not a date; {HINT_DATE}",
        ),
    ],
)
def test_a_bad_value_is_one_plain_line(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {message}\n"


def test_a_bad_value_from_the_environment_names_the_variable() -> None:
    result = run("draft", env={"APPEALS_TODAY": "2022-00-10"})
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: APPEALS_TODAY: '2022-00-10' has no month 0: months run from 01 to 12; "
        f"{HINT_DATE}\n"
    )


COMMANDS = [
    ("draft",),
    ("targets",),
    ("case",),
    ("batch",),
    ("check",),
    ("post",),
    ("import",),
    ("log",),
    ("sent",),
    ("report",),
    ("profile", "set"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_names_values_in_words(command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    for plumbing in ("<str>", "<path>", "<int>", "<list", "<%Y", "{", "Value error"):
        assert plumbing not in result.stdout, plumbing
    assert "Example:" in result.stdout


def test_today_says_what_it_does_on_each_command() -> None:
    helps = []
    for command in COMMANDS:
        text = " ".join(run(*command, "--help").stdout.split())
        found = re.search(r"--today DATE (.*?)\[env var", text)
        if found:
            helps.append(found.group(1))
    assert len(helps) == 8
    assert len(set(helps)) == len(helps)  # each its own


# --- the profile: values as written, one writer ---------------------------------------------


def test_a_profile_written_by_hand_in_words(own_profile: Path) -> None:
    own_profile.write_text(
        "name: Анна Петрова\ncountry: Великобритания\nlang: русский\n", encoding="utf-8"
    )
    letter = json.loads(run("draft", *UPDATE_1, "--target", "embassy", "--format", "json").stdout)
    assert (letter["lang"], letter["target"]) == ("ru", "embassy-london")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name: Jane\nlang: Klingon\n",
            f":2: lang: there are no letters in Klingon; {HINT_LANG}{HINT_FOLDER}",
        ),
        (
            "name: Jane\n\ncountry: Narnia\n",
            f":3: country: 'Narnia' is not a country we know; {HINT_COUNTRY}",
        ),
        (
            "name: Jane\nemail: jane@\n",
            ":2: email: 'jane@' is not a valid email address "
            "(There must be something after the @-sign.)",
        ),
    ],
)
def test_a_bad_profile_value_names_the_profile_and_line(
    own_profile: Path, text: str, message: str
) -> None:
    own_profile.write_text(text, encoding="utf-8")
    result = run("draft", *UPDATE_1)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {own_profile}{message}\n"


def jane_profile() -> None:
    assert run("profile", "set", *CANADIAN_WRITER, "--lang", "en").exit_code == 0


def test_another_writer_does_not_sign_with_the_profiles_details(own_profile: Path) -> None:
    jane_profile()
    result = run("draft", *UPDATE_1, "--name", "Анна Петрова", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["sender"] == {
        "name": "Анна Петрова",
        "address": ["[Your postal address]", "Canada"],
        "email": None,
    }
    assert (
        f"warning: the profile in {own_profile} is Jane Doe's: its address, city, postcode and "
        "email are not used for this writer; kept from it: country, lang; give theirs with "
        "--address, --city and --email\n"
    ) in result.stderr
    assert f"From your profile ({own_profile}): country, lang.\n" in result.stderr


def test_the_profiles_owner_gets_all_of_it(own_profile: Path) -> None:
    jane_profile()
    result = run("draft", *UPDATE_1, "--name", "Jane  Doe", "--format", "json")
    assert json.loads(result.stdout)["sender"]["email"] == "jane@example.org"
    assert (
        f"From your profile ({own_profile}): address, city, postcode, email, country, lang.\n"
        in result.stderr
    )
    assert "warning: the profile" not in result.stderr


def test_profile_set_with_nothing_to_set(own_profile: Path) -> None:
    result = run("profile", "set")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: nothing to set: give the details to save, such as --name, --address, --city, "
        "--country, --email or --lang (see 'appeals profile set --help')\n"
    )
    assert not own_profile.exists()


# --- how to send ----------------------------------------------------------------------------


def test_after_a_letter_the_summary_says_how_to_send_it(tmp_path: Path) -> None:
    out = tmp_path / "letter.txt"
    result = run("draft", *UPDATE_1, *CANADIAN_WRITER, "--output", str(out))
    assert result.exit_code == 0
    assert result.stdout == f"{out}\n"
    assert result.stderr == textwrap.dedent(
        """\
        How to send it:
          email to: udp@udp-rk.kz
          copy to:  Ambassador of the Republic of Kazakhstan to Canada: ottawa@mfa.kz
                    by post: Embassy of the Republic of Kazakhstan, 150 Metcalfe Street, Suite 701, OTTAWA ON  K2P 1P1
          post to:  His Excellency Kassym-Jomart Tokayev
                    President of the Republic of Kazakhstan
                    Government House
                    Mangilik Yel St, 6
                    Nur-Sultan
                    KAZAKHSTAN
          fax:      +7 7172 74 56 31
          deadline: 30 June 2022, 29 days left
        """
    )
    quiet = run("draft", *UPDATE_1, *CANADIAN_WRITER, "--output", str(out), "--force", "-q")
    assert (quiet.exit_code, quiet.stderr) == (0, "")


def test_an_embassy_letter_has_no_copy_line() -> None:
    result = run(
        "draft",
        *UPDATE_1,
        "--target",
        "embassy-london",
        "--name",
        "A",
        "--address",
        "1 Road",
        "--city",
        "Leeds",
    )
    assert result.exit_code == 0
    summary = result.stderr[result.stderr.index("How to send it:") :]
    assert "copy to" not in summary
    assert "  email to: London@kazembassy.org.uk, London@mfa.kz\n" in summary


@pytest.mark.parametrize(
    ("country", "line"),
    [
        (
            ("--country", "France"),
            "  copy to:  no embassy in the records serves France (FR); send the letter to the "
            "President alone\n",
        ),
        (
            (),
            "  copy to:  no embassy: give --country to copy the embassy that serves you (CA, GB)\n",
        ),
    ],
)
def test_a_writer_without_an_embassy_gets_the_presidents_letter(
    country: tuple[str, ...], line: str
) -> None:
    result = run("draft", *UPDATE_1, "--name", "Marie Curie", *country, "--format", "json")
    assert result.exit_code == 0
    letter = json.loads(result.stdout)
    assert (letter["target"], letter["cc"]) == ("president", [])
    assert line in result.stderr


# --- a group's CSV ----------------------------------------------------------------------------


def batch(tmp_path: Path, data: bytes, *args: str) -> tuple[int, str, str]:
    (tmp_path / "w.csv").write_bytes(data)
    result = run(
        "batch", str(tmp_path / "w.csv"), "--output", str(tmp_path / "out"), *UPDATE_1, *args
    )
    return result.exit_code, result.stdout, result.stderr


def manifest(tmp_path: Path) -> list[tuple[str, str, str, str]]:
    lines = (tmp_path / "out" / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(line.split(",")[:4]) for line in lines]  # type: ignore[misc]


def test_a_csv_with_names_of_countries_and_languages(tmp_path: Path) -> None:
    text = (
        "name,country,language\n"
        "Jane Doe,Canada,English\n"
        "Анна Петрова,Великобритания,русский\n"
        "Bob Smith,uk,EN\n"
    )
    code, _, err = batch(tmp_path, text.encode("utf-8"))
    assert code == 0, err
    assert manifest(tmp_path) == [
        ("2", "Jane Doe", "president", "en"),
        ("2", "Jane Doe", "embassy-ottawa", "en"),
        ("3", "Анна Петрова", "president", "ru"),
        ("3", "Анна Петрова", "embassy-london", "ru"),
        ("4", "Bob Smith", "president", "en"),
        ("4", "Bob Smith", "embassy-london", "en"),
    ]


def test_a_writer_in_france_gets_the_presidents_letter(tmp_path: Path) -> None:
    text = "name,country\nMarie Curie,France\nJane Doe,UK\nNoor,\n"
    code, out, err = batch(tmp_path, text.encode("utf-8"))
    assert code == 0, err
    assert [(r[0], r[2]) for r in manifest(tmp_path)] == [
        ("2", "president"),
        ("3", "president"),
        ("3", "embassy-london"),
        ("4", "president"),
    ]
    assert not (tmp_path / "out" / "rejected.csv").exists()
    assert out.splitlines()[-1] == (
        "No embassy letter, the others written: line 2: no embassy record serves FR "
        "(embassies serve CA, GB); line 4: no country, so no embassy to write to "
        "(embassies serve CA, GB)"
    )


def test_an_embassy_only_batch_still_rejects_a_writer_without_one(tmp_path: Path) -> None:
    code, out, _ = batch(tmp_path, b"name,country\nMarie Curie,France\n", "--target", "embassy")
    assert code == 1
    assert "Rejected rows: 1" in out


def test_a_spreadsheet_from_a_russian_excel(tmp_path: Path) -> None:
    text = (
        "Имя;name;country;lang;city\r\n"
        "x;Анна Петрова;Великобритания;русский;Лондон\r\n"
        "y;Иван Иванов;Канада;RU;Торонто\r\n"
    )
    code, _, err = batch(tmp_path, text.encode("cp1251"))
    assert code == 0, err
    assert f"warning: {tmp_path / 'w.csv'}: not UTF-8; read as cp1251\n" in err
    assert {(r[1], r[2], r[3]) for r in manifest(tmp_path)} == {
        ("Анна Петрова", "president", "ru"),
        ("Анна Петрова", "embassy-london", "ru"),
        ("Иван Иванов", "president", "ru"),
        ("Иван Иванов", "embassy-ottawa", "ru"),
    }
    letters = sorted((tmp_path / "out").glob("*иван*embassy-ottawa.txt"))
    assert "Иван Иванов\nТоронто\nКанада\n" in letters[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("cp1252", "José Müller"),
        ("latin-1", "José Ñúñez"),
        ("cp1250", "Łukasz Żółć"),
        ("utf-16", "José Müller"),
        ("utf-8-sig", "Анна Петрова"),
        ("koi8-r", "Иван Иванов"),
        ("mac_cyrillic", "Иван Иванов"),
    ],
)
def test_other_common_encodings_are_read(tmp_path: Path, encoding: str, name: str) -> None:
    text = f"name,country\r\n{name},Canada\r\n"
    code, _, err = batch(tmp_path, text.encode(encoding), "--target", "president")
    assert code == 0, err
    assert manifest(tmp_path)[0][1] == name


def test_a_csv_that_goes_bad_after_its_start_names_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("appeals.writers.SAMPLE", 40)
    data = b"name,country\nJane Doe,Canada\nBob Smith,Canada\nJos\xe9,Canada\n"
    code, _, err = batch(tmp_path, data, "--target", "president")
    assert code == 1
    assert err.splitlines()[-1] == (
        f"error: {tmp_path / 'w.csv'}:4: not UTF-8 text, nor another encoding a spreadsheet "
        "saves in; save the file as CSV UTF-8"
    )


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("country=Narnia", f"country: 'Narnia' is not a country we know; {HINT_COUNTRY}"),
        ("lang=Elbish", f"lang: 'Elbish' is not a language we know; {HINT_LANG}"),
        ("lang=Klingon", f"lang: there are no letters in Klingon; {HINT_LANG}{HINT_FOLDER}"),
        (
            "lang=Deutsch",  # a language appeals writes, but the case is not worded in
            "lang 'Deutsch': update-1 has no wording in that language (only en, ru); "
            "add 'de:' to it in case.yaml",
        ),
    ],
)
def test_a_bad_value_in_a_row_rejects_that_row(tmp_path: Path, cell: str, reason: str) -> None:
    column, value = cell.split("=")
    other = "lang" if column == "country" else "country"
    text = f"name,{column},{other}\nJane Doe,{value},\n"
    code, _, _ = batch(tmp_path, text.encode("utf-8"), "--target", "president")
    assert code == 1
    rejected = (tmp_path / "out" / "rejected.csv").read_text(encoding="utf-8").splitlines()
    assert rejected[1].split(",", 2)[:2] == ["2", reason] or rejected[1].startswith(f'2,"{reason}"')


# --- the smaller things ---------------------------------------------------------------------


def test_post_takes_a_country(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    replace_in(
        case / "targets.yaml",
        "    source: UA 31/22, third update (April 2023), as published for Canada",
        "    social:\n      x: KZinCanada\n"
        "    source: UA 31/22, third update (April 2023), as published for Canada",
    )
    result = run(
        "post",
        "--platform",
        "x",
        "--target",
        "embassy",
        "--country",
        "Canada",
        "--case",
        str(case),
        *UPDATE_1,
    )
    assert result.exit_code == 0, result.stderr
    assert "@KZinCanada" in result.stdout


def test_case_lists_the_charges_and_leaves_out_empty_headings(tmp_path: Path) -> None:
    result = run("case", *TODAY)
    assert result.stdout.split("\n\n")[1] == textwrap.dedent(
        """\
        Charges:
          - insulting a government representative (Article 378.2 of the Criminal Code)
          - knowingly spreading false information (Article 274.2 of the Criminal Code)
          - calling for participation in mass riots (Article 272.3 of the Criminal Code)
          - organising mass disturbances (Article 272 of the Criminal Code)
          - organising or taking part in an unsanctioned public meeting (Article 488.11 of the Code of Administrative Offences)"""
    )
    case = copy_case(tmp_path / "case")
    data = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    del data["charges"], data["facts"]
    for action in data["actions"].values():
        action.pop("facts", None)
    (case / "case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    bare = run("case", *TODAY, "--case", str(case))
    assert bare.exit_code == 0, bare.stderr
    assert "Charges:" not in bare.stdout
    assert "Dated facts:" not in bare.stdout


def test_a_stale_ministers_record_names_the_minister(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    replace_in(case / "targets.yaml", "kind: head-of-state", "kind: official")
    replace_in(
        case / "targets.yaml",
        "title: President of the Republic of Kazakhstan",
        "title: Minister of Justice",
    )
    result = run("targets", "--case", str(case), "--today", "2030-01-01")
    assert (
        "verify the name and title of the Minister of Justice, the postal address and the "
        "emails before sending" in result.stderr
    )
    assert "the ambassador's name, the postal address" in result.stderr  # the embassies


def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("appeals.cli.base._stdout_is_terminal", lambda: True)


def test_the_preview_fits_a_60_column_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal(monkeypatch)
    result = run("draft", *UPDATE_1, *CANADIAN_WRITER, "-q", env={"COLUMNS": "60"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert lines[0].startswith("╭") and lines[-1].startswith("╰")
    assert all(line.startswith("│") and line.endswith("│") for line in lines[1:-1])


@pytest.mark.parametrize(
    ("args", "env"), [(("--plain",), {"COLUMNS": "60"}), ((), {"TERM": "dumb", "COLUMNS": "60"})]
)
def test_plain_prints_without_a_frame(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], env: dict[str, str]
) -> None:
    terminal(monkeypatch)
    result = run("draft", *UPDATE_1, *CANADIAN_WRITER, "-q", *args, env=env)
    assert result.exit_code == 0
    assert "│" not in result.stdout and "╭" not in result.stdout
    assert result.stdout.startswith("1 June 2022\n\nHis Excellency Kassym-Jomart Tokayev\n")
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert max(len(line) for line in lines) > 50  # wrapped to the terminal, not narrower


def test_check_reads_a_pdf_letter(tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    made = run("draft", *UPDATE_1, *CANADIAN_WRITER, "--format", "pdf", "--output", str(pdf))
    assert made.exit_code == 0
    result = run("check", str(pdf), "--action", "update-1")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "Every must-have is there."


def test_a_number_with_no_country_to_dial_from_says_so(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    targets = case / "targets.yaml"
    replace_in(targets, '      number: "+7 7172 74-56-31"\n', "")
    replace_in(targets, "      country: KZ\n", "")
    result = run("targets", "--case", str(case))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "targets.president: '+8 7172 74-56-31' is not a valid phone number (the postal address "
        "names no country to dial from); add 'number:' with the corrected international form, "
        "starting with +\n"
    )
    assert "None" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("post",), "--platform is required: x or instagram; see 'appeals post --help'"),
        (("sent", "1"), "--via is required: email, post or fax; see 'appeals sent --help'"),
        (
            ("batch", "w.csv"),
            "--output is required: Folder for the letters (made if missing); "
            "see 'appeals batch --help'",
        ),
        (
            ("check",),
            "LETTER is required: Your letter: a .txt, .md, .eml or .pdf file (- reads it from "
            "standard input); "
            "see 'appeals check --help'",
        ),
    ],
)
def test_a_missing_value_is_one_plain_line(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {message}\n"


# --- the writer's address, as their country's post lays it out ---------------------------------


@pytest.mark.parametrize(
    ("writer", "address"),
    [
        (
            (
                "--city",
                "Toronto",
                "--region",
                "Ontario",
                "--postcode",
                "M4B 1B3",
                "--country",
                "CA",
            ),
            ["1 Elm Street", "Toronto ON M4B 1B3", "Canada"],
        ),
        (
            ("--city", "Toronto", "--postcode", "M4B 1B3", "--country", "Canada"),
            ["1 Elm Street", "Toronto M4B 1B3", "Canada"],
        ),
        (
            ("--city", "London", "--postcode", "NW1 6XE", "--country", "UK"),
            ["1 Elm Street", "London", "NW1 6XE", "United Kingdom"],
        ),
        (
            ("--city", "Portland", "--region", "oregon", "--postcode", "97201", "--country", "USA"),
            ["1 Elm Street", "Portland, OR 97201", "United States"],
        ),
        (
            ("--city", "Paris", "--postcode", "75002", "--country", "France"),
            ["1 Elm Street", "75002 Paris", "France"],
        ),
        (("--city", "Leeds", "--postcode", "LS1 1AA"), ["1 Elm Street", "Leeds LS1 1AA"]),
    ],
)
def test_the_writers_address_follows_their_countrys_rules(
    writer: tuple[str, ...], address: list[str]
) -> None:
    result = run(
        "draft", *UPDATE_1, "--name", "A", "--address", "1 Elm Street", *writer, "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["sender"]["address"] == address


def test_a_csv_province_column_places_the_region(tmp_path: Path) -> None:
    text = (
        "Name,Address,City,Province,Postal code,Country\nJane,1 Elm St,Toronto,Ontario,M4B 1B3,CA\n"
    )
    code, _, err = batch(tmp_path, text.encode("utf-8"), "--target", "president")
    assert code == 0, err
    letter = (tmp_path / "out" / "00002-jane-president.txt").read_text(encoding="utf-8")
    assert letter.endswith(
        "Jane\n1 Elm St\nToronto ON M4B 1B3\nCanada\n\n"
        "cc: Embassy of the Republic of Kazakhstan in Canada\n"
    )


# --- the parsers, as properties -----------------------------------------------------------------


def test_every_country_name_in_english_and_russian_gives_its_code() -> None:
    from babel import Locale

    from appeals.naturalvalues import parse_country

    for locale in ("en", "ru"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code not in {"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"}:
                assert parse_country(name) == code, name
                assert parse_country(f"  {name.upper()} ") == code, name
                assert parse_country(code.lower()) == code


@given(st.dates(min_value=date(1, 1, 1)))
def test_any_date_written_yyyy_mm_dd_reads_back(day: date) -> None:
    from appeals.naturalvalues import parse_date

    assert parse_date(day.isoformat()) == day


@given(st.text(max_size=12))
def test_any_text_is_a_date_or_a_plain_refusal(text: str) -> None:
    from appeals.naturalvalues import parse_date

    try:
        parse_date(text)
    except ValueError as err:
        assert "YYYY-MM-DD" in str(err)
        assert "Value error" not in str(err)


def test_an_embassy_for_the_profiles_country_names_the_profile(own_profile: Path) -> None:
    own_profile.write_text("name: Marie Curie\ncountry: France\n", encoding="utf-8")
    result = run("draft", *UPDATE_1, "--target", "embassy")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: no embassy in targets.yaml serves country FR; embassies known: "
        "CA → embassy-ottawa, GB → embassy-london (the country FR is your profile's, in "
        f"{own_profile}; give --country to choose another)\n"
    )
