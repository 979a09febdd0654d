"""`appeals draft`: the letter, its options and every way it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appeals.loading import load_case_folder
from tests.helpers import CANADIAN_WRITER, run, run_json

UPDATE_1 = ("draft", "--target", "president", "--action", "update-1", "--today", "2022-06-01")
WRITER = CANADIAN_WRITER


def test_json_for_the_president_has_email_person_asks_and_days_left() -> None:
    letter = run_json(*UPDATE_1)
    assert letter["to"] == ["udp@udp-rk.kz"]
    assert letter["cc"] == []
    assert letter["case"] == "ua-31-22"
    assert letter["action"] == "update-1"
    assert letter["target"] == "president"
    assert letter["lang"] == "en"
    assert letter["date"] == "2022-06-01"
    assert letter["deadline"] == {"date": "2022-06-30", "status": "open", "days_left": 29}
    assert letter["body"].count("Zhanbolat Mamay") >= 2
    for ask in load_case_folder().case.actions["update-1"].text("en").asks:
        assert ask in letter["body"]
    assert letter["salutation"] == "Your Excellency,"
    assert letter["closing"] == "Yours sincerely,"
    assert (
        letter["subject"] == "Release Zhanbolat Mamay and drop the charges against him (UA 31/22)"
    )
    assert letter["recipient_address"] == [
        "His Excellency Kassym-Jomart Tokayev",
        "President of the Republic of Kazakhstan",
        "Government House",
        "Mangilik Yel St, 6",
        "Nur-Sultan",  # the capital's name on the letter's date, 1 June 2022
        "KAZAKHSTAN",
    ]


def test_json_keys_are_those_of_the_contract() -> None:
    letter = run_json(*UPDATE_1, *WRITER)
    assert set(letter) == {
        "case",
        "action",
        "target",
        "lang",
        "date",
        "to",
        "cc",
        "subject",
        "recipient_address",
        "salutation",
        "body",
        "closing",
        "sender",
        "deadline",
        "variant",
        "cc_line",
    }
    assert letter["sender"] == {
        "name": "Jane Doe",
        "address": ["12 Elm Street", "Toronto M4B 1B3", "Canada"],
        "email": "jane@example.org",
    }
    # a Canadian writer's letter to the President is copied to the embassy in Ottawa, and says so
    assert letter["cc"] == ["ottawa@mfa.kz"]
    assert letter["cc_line"] == "cc: Embassy of the Republic of Kazakhstan in Canada"


def test_no_cc_leaves_the_copy_out() -> None:
    assert run_json(*UPDATE_1, *WRITER, "--no-cc")["cc"] == []


def test_late_is_refused_with_exit_3_and_nothing_on_stdout() -> None:
    result = run("draft", "--action", "update-1", "--today", "2022-07-01", "--format", "json")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        "error: the appeal deadline for update-1 was 30 June 2022, 1 day ago; Amnesty asks "
        "writers to check with their local Amnesty office before sending late appeals. "
        "To draft anyway, add --allow-late\n"
    )


def test_late_refusal_writes_no_file(tmp_path: Path) -> None:
    out = tmp_path / "letter.txt"
    result = run("draft", "--action", "update-1", "--today", "2022-07-01", "--output", str(out))
    assert result.exit_code == 3
    assert not out.exists()


def test_embassy_for_canada_is_ottawa_and_for_britain_london() -> None:
    ottawa = run_json("draft", "--target", "embassy", "--country", "CA", "--today", "2023-05-01")
    london = run_json("draft", "--target", "embassy", "--country", "gb", "--today", "2023-05-01")
    assert ottawa["target"] == "embassy-ottawa"
    assert ottawa["to"] == ["ottawa@mfa.kz"]
    assert ottawa["recipient_address"][-2:] == [
        "150 Metcalfe Street, Suite 701",
        "OTTAWA ON  K2P 1P1",
    ]
    assert london["target"] == "embassy-london"
    assert london["to"] == ["London@kazembassy.org.uk", "London@mfa.kz"]
    assert london["recipient_address"][-3:] == ["125 Pall Mall", "LONDON", "SW1Y 5EA"]


def test_embassy_letter_to_a_writer_abroad_ends_with_the_country() -> None:
    letter = run_json("draft", "--target", "embassy-london", "--today", "2023-05-01")
    assert letter["recipient_address"][-1] == "UNITED KINGDOM"


def test_embassy_letter_asks_the_ambassador_to_convey_the_appeal() -> None:
    letter = run_json("draft", "--target", "embassy-ottawa", "--today", "2023-05-01")
    assert letter["salutation"] == "Your Excellency,"
    assert letter["recipient_address"][0] == "His Excellency Akylbek Kamaldinov"
    # this writer's variant: opening 1 asks the ambassador to pass the concern on, request 0
    # asks him to let the President know (a different verb, so the letter does not repeat)
    assert "pass on to President Tokayev my deep concern" in letter["body"]
    assert "Please let President Tokayev know of my respectful request" in letter["body"]


def test_russian_letter_uses_the_dative_and_russian_dates() -> None:
    letter = run_json(*UPDATE_1, "--lang", "ru")
    assert letter["recipient_address"][:2] == [
        "Президенту Республики Казахстан",
        "Касым-Жомарту Кемелевичу Токаеву",  # a head of state: with the patronymic
    ]
    assert letter["salutation"] == "Уважаемый господин Президент!"
    assert letter["closing"] == "С уважением,"
    assert "25\xa0февраля 2022\xa0г." in letter["body"]  # no-break spaces hold it together
    assert "Жанболата Мамая" in letter["body"]
    assert (
        letter["subject"] == "Об освобождении Жанболата Мамая и снятии с него обвинений (UA 31/22)"
    )


def test_personal_sentence_is_its_own_paragraph_before_the_ask() -> None:
    mine = "As a journalist myself, I know how much a free press matters."
    letter = run_json(*UPDATE_1, "--personal", f"  {mine}\n")
    paragraphs = letter["body"].split("\n\n")
    assert paragraphs[-3] == mine
    assert paragraphs[-2].startswith("I respectfully urge you")


def test_default_action_is_the_newest_and_warns_there_is_no_deadline() -> None:
    result = run("draft", "--today", "2023-05-01", "--format", "json", *WRITER, "--quiet")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["action"] == "update-3"
    assert result.stderr == (
        "warning: no appeal deadline is recorded for update-3; its newest dated fact is from "
        "2023-04-10, 21 days ago. Check with your local Amnesty office that the action is "
        "still open\n"
    )


def test_missing_writer_details_show_placeholders_and_warn() -> None:
    result = run(*UPDATE_1, "--quiet")
    assert result.exit_code == 0
    assert result.stdout.endswith("Yours sincerely,\n\n[Your name]\n[Your postal address]\n")
    assert result.stderr == (
        "warning: no writer name: the letter is signed '[Your name]'; add --name\n"
        "warning: no postal address: the letter shows '[Your postal address]'; "
        "add --address and --city\n"
    )


def test_text_letter_is_plain_and_signed() -> None:
    result = run(*UPDATE_1, *WRITER, "--quiet")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "\x1b[" not in result.stdout
    assert result.stdout.startswith("1 June 2022\n\nHis Excellency Kassym-Jomart Tokayev\n")
    assert result.stdout.endswith(
        "Yours sincerely,\n\nJane Doe\n12 Elm Street\nToronto M4B 1B3\nCanada\njane@example.org\n"
        "\ncc: Embassy of the Republic of Kazakhstan in Canada\n"
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= 72


def test_today_from_the_environment() -> None:
    result = run("draft", "--action", "update-1", env={"APPEALS_TODAY": "2022-07-01"})
    assert result.exit_code == 3


def test_stale_target_record_is_flagged() -> None:
    result = run("draft", "--target", "embassy-london", "--today", "2026-11-22", *WRITER)
    assert result.exit_code == 0
    assert (
        "warning: targets.yaml: embassy-london was last checked on 2022-05-07, over 4 years ago; "
        "verify the ambassador's name, the postal address and the emails before sending\n"
    ) in result.stderr


def test_output_file_is_written_and_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "letter.txt"
    first = run(*UPDATE_1, *WRITER, "--output", str(out))
    assert first.exit_code == 0
    assert first.stdout == f"{out}\n"
    written = out.read_text(encoding="utf-8")
    assert written == run(*UPDATE_1, *WRITER).stdout

    out.write_text("my edits", encoding="utf-8")
    again = run(*UPDATE_1, *WRITER, "--output", str(out))
    assert again.exit_code == 1
    assert again.stderr == f"error: {out}: already exists; add --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "my edits"

    forced = run(*UPDATE_1, *WRITER, "--output", str(out), "--force")
    assert forced.exit_code == 0
    assert out.read_text(encoding="utf-8") == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.txt"]


def test_output_dash_means_stdout() -> None:
    assert run(*UPDATE_1, *WRITER, "--output", "-").stdout == run(*UPDATE_1, *WRITER).stdout


def test_output_into_a_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "nope" / "letter.txt"
    result = run(*UPDATE_1, "--output", str(out))
    assert result.exit_code == 1
    assert result.stderr.endswith(f"error: {out.parent}: no such folder; create it first\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--target", "minister"),
            "unknown target 'minister'; choose one of: president, embassy-ottawa, "
            "embassy-london, embassy",
        ),
        (
            ("--target", "embassy"),
            "--target embassy needs --country to pick the embassy that serves you "
            "(CA → embassy-ottawa, GB → embassy-london)",
        ),
        (
            ("--target", "embassy", "--country", "FR"),
            "no embassy in targets.yaml serves country FR; embassies known: "
            "CA → embassy-ottawa, GB → embassy-london",
        ),
        (
            ("--lang", "de"),
            "case.yaml: actions.update-3 has no 'de' wording, only en (English), ru (Russian); "
            "add 'de:' to it with its subject and asks in German, or use --lang en",
        ),
        (
            ("--action", "update-2"),
            "unknown action 'update-2'; choose one of: original, update-1, update-3",
        ),
        (
            ("--email", "jane@"),
            "--email: 'jane@' is not a valid email address "
            "(There must be something after the @-sign.)",
        ),
        (
            ("--name", "Jane\nBcc: x@example.org"),
            "--name: contains a line break or another control character; write it on one line",
        ),
        (
            ("--address", "1 Road\r\n"),
            "--address: contains a line break or another control character; write it on one line",
        ),
        (("--personal", "hello\x00"), "--personal: contains a control character; write plain text"),
        (
            ("--personal", "x" * 2001),
            "--personal: 2001 characters; keep your own words under 2000 so the letter stays short",
        ),
    ],
)
def test_bad_values_exit_1_with_one_line(args: tuple[str, ...], message: str) -> None:
    result = run("draft", "--today", "2023-05-01", *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"error: {message}"
    assert result.stderr.count("error:") == 1


@pytest.mark.parametrize(
    "args",
    [
        ("--today", "2022-13-01"),
        ("--today", "yesterday"),
        ("--format", "docx"),
        ("--colour",),
        ("--name",),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run("draft", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "error:" in result.stderr.lower()


def test_version() -> None:
    from appeals import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"appeals {__version__}\n"


def test_writer_fields_are_trimmed_and_single_spaced() -> None:
    letter = run_json(*UPDATE_1, "--name", "  Jane \u00a0 Doe ", "--address", " 12  Elm Street ")
    assert letter["sender"]["name"] == "Jane Doe"
    assert letter["sender"]["address"] == ["12 Elm Street"]


@pytest.mark.parametrize(
    ("today", "action", "note"),
    [
        (
            "2022-06-01",
            "original",  # update-1 reports custody until 12 June, update-3 the 2023 sentence
            "warning: update-3 reports facts from after 2022-06-01, the letter's date, so "
            "original is used, the newest action by then; --action update-3 uses it anyway\n",
        ),
        (
            "2022-07-01",
            "update-1",
            "warning: update-3 reports facts from after 2022-07-01, the letter's date, so "
            "update-1 is used, the newest action by then; --action update-3 uses it anyway\n",
        ),
        ("2023-05-01", "update-3", None),
    ],
)
def test_the_default_action_is_the_newest_on_the_letters_date(
    today: str, action: str, note: str | None
) -> None:
    result = run("draft", "--format", "json", "--today", today, "--allow-late", *WRITER)
    assert result.exit_code == 0
    letter = json.loads(result.stdout)
    assert letter["action"] == action
    facts = load_case_folder().case.facts
    named = load_case_folder().case.actions[action].facts
    assert max(facts[name].date for name in named).isoformat() <= today
    if note is None:
        assert "reports facts from after" not in result.stderr
    else:
        assert note in result.stderr


def test_an_action_asked_for_by_name_is_used_whatever_the_date() -> None:
    result = run("draft", "--format", "json", "--today", "2022-06-01", "--action", "update-3")
    assert json.loads(result.stdout)["action"] == "update-3"
    assert "reports facts from after" not in result.stderr
