"""`appeals profile set|show|clear`, and the profile as defaults for draft."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import line_of, run


def test_no_profile_yet(own_profile: Path) -> None:
    result = run("profile", "show")
    assert result.stdout == (
        f"No profile saved ({own_profile}). Save one with: appeals profile set --name ...\n"
    )


def test_set_show_and_clear(own_profile: Path) -> None:
    result = run(
        "profile",
        "set",
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
        "gb",
        "--lang",
        "ru",
    )
    assert result.exit_code == 0
    assert result.stdout == (
        f"Saved to {own_profile}\n"
        "  name      Анна Петрова\n"
        "  address   12 Baker Street; Flat 2\n"
        "  city      London\n"
        "  postcode  NW1 6XE\n"
        "  country   GB\n"
        "  email     -\n"
        "  lang      ru\n"
    )
    assert own_profile.read_text(encoding="utf-8") == (
        "# appeals writer profile: edit it here or with `appeals profile set`\n"
        "name: Анна Петрова\n"
        "address:\n- 12 Baker Street\n- Flat 2\n"
        "city: London\n"
        "postcode: NW1 6XE\n"
        "country: GB\n"
        "lang: ru\n"
    )
    # only what is given changes
    assert run("profile", "set", "--email", "anna@example.org").exit_code == 0
    shown = run("profile", "show").stdout
    assert "  email     anna@example.org\n" in shown
    assert "  name      Анна Петрова\n" in shown
    assert run("profile", "clear").stdout == f"Deleted {own_profile}\n"
    assert not own_profile.exists()
    assert run("profile", "clear").stdout == f"No profile to delete ({own_profile})\n"


def test_draft_uses_the_profile_and_options_override_it() -> None:
    run(
        "profile",
        "set",
        "--name",
        "Анна Петрова",
        "--address",
        "12 Baker Street",
        "--city",
        "London",
        "--postcode",
        "NW1 6XE",
        "--country",
        "GB",
        "--lang",
        "ru",
        "--email",
        "anna@example.org",
    )
    letter = json.loads(
        run("draft", "--today", "2023-05-01", "--target", "embassy", "--format", "json").stdout
    )
    assert (letter["lang"], letter["target"]) == ("ru", "embassy-london")
    assert letter["sender"] == {
        "name": "Анна Петрова",
        "address": ["12 Baker Street", "London NW1 6XE", "Великобритания"],
        "email": "anna@example.org",
    }
    assert letter["cc"] == []
    mine = json.loads(
        run(
            "draft",
            "--today",
            "2023-05-01",
            "--lang",
            "en",
            "--name",
            "Jo",
            "--country",
            "CA",
            "--format",
            "json",
        ).stdout
    )
    assert mine["lang"] == "en"
    assert mine["sender"]["name"] == "Jo"
    assert mine["sender"]["address"] == ["12 Baker Street", "London NW1 6XE", "Canada"]
    assert mine["cc"] == ["ottawa@mfa.kz"]


def test_set_refuses_what_draft_would_refuse(own_profile: Path) -> None:
    for args, message in [
        (
            ("--email", "bad@"),
            "--email: 'bad@' is not a valid email address (There must be something after the @-sign.)",
        ),
        (
            ("--country", "XX"),
            "--country 'XX' is not an ISO country code; use two letters such as CA or GB",
        ),
        (
            ("--lang", "pt"),
            "unknown language 'pt'; choose one of: de, en, es, fr, ru (a new language is a folder "
            "under src/appeals/frames/, see the README)",
        ),
        (
            ("--name", "A\nB"),
            "--name: contains a line break or another control character; write it on one line",
        ),
    ]:
        result = run("profile", "set", *args)
        assert result.exit_code == 1
        assert result.stderr == f"error: {message}\n"
        assert not own_profile.exists()


def test_a_hand_edited_profile_is_validated(own_profile: Path) -> None:
    own_profile.write_text("name: Jane\nemail: jane@\nshoe_size: 9\n", encoding="utf-8")
    result = run("draft", "--today", "2023-05-01")
    assert result.exit_code == 1
    line = line_of(own_profile, "email")
    assert result.stderr == (
        f"error: {own_profile}:{line}: email: 'jane@' is not a valid email address (There must "
        "be something after the @-sign.) (and 1 more problem)\n"
    )
    assert run("profile", "show").exit_code == 1
