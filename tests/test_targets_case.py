"""`appeals targets` and `appeals case`."""

from __future__ import annotations

import json

from tests.helpers import run


def test_targets_json_keeps_the_source_fax_and_shows_the_corrected_one() -> None:
    result = run("targets", "--json", "--today", "2022-06-01")
    assert result.exit_code == 0
    records = {r["id"]: r for r in json.loads(result.stdout)}
    assert list(records) == ["president", "embassy-ottawa", "embassy-london"]
    president = records["president"]
    assert president["fax"]["as_given"] == "+8 7172 74-56-31"
    assert president["fax"]["international"] == "+7 7172 74 56 31"
    assert president["email"] == ["udp@udp-rk.kz"]
    assert president["social"] == {"instagram": "tokayev_online", "x": "TokayevKZ"}
    assert any("Astana" in note for note in president["notes"])
    assert records["embassy-ottawa"]["phone"]["international"] == "+1 613-695-8623"
    assert records["embassy-ottawa"]["fax"]["international"] == "+1 613-695-8755"
    assert records["embassy-ottawa"]["serves"] == ["CA"]
    assert records["embassy-london"]["fax"]["international"] == "+44 20 7930 8990"
    assert records["embassy-london"]["address"] == [
        "Embassy of the Republic of Kazakhstan",
        "Kazakhstan House",
        "125 Pall Mall",
        "LONDON",
        "SW1Y 5EA",
        "UNITED KINGDOM",
    ]
    assert [r["stale"] for r in records.values()] == [False, False, False]


def test_targets_flags_records_checked_over_a_year_ago() -> None:
    result = run("targets", "--json", "--today", "2024-01-01")
    assert [r["stale"] for r in json.loads(result.stdout)] == [False, False, True]
    assert result.stderr == (
        "warning: targets.yaml: embassy-london was last checked on 2022-05-07, over 1 year ago; "
        "verify the ambassador's name, the postal address and the emails before sending\n"
    )


def test_targets_table() -> None:
    result = run("targets", "--today", "2026-11-22")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert result.stdout.splitlines()[:8] == [
        "president — Kassym-Jomart Tokayev, President of the Republic of Kazakhstan",
        "  address: Government House, Mangilik Yel St, 6, Astana, KAZAKHSTAN",
        "  email:   udp@udp-rk.kz",
        "  fax:     +7 7172 74 56 31 (the UA prints +8 7172 74-56-31)",
        "  social:  instagram tokayev_online, x TokayevKZ",
        "  checked: 2023-04-10 (stale: verify before sending)",
        "",
        "embassy-ottawa — Akylbek Kamaldinov, Ambassador of the Republic of Kazakhstan to Canada",
    ]
    assert "  tel:     +1 613-695-8623" in result.stdout
    assert result.stderr.count("warning:") == 3


def test_case_json() -> None:
    result = run("case", "--json", "--today", "2022-06-01")
    assert result.exit_code == 0
    case = json.loads(result.stdout)
    assert case["person"] == {"en": "Zhanbolat Mamay", "ru": "Жанболат Мамай", "pronouns": "he/him"}
    actions = {a["id"]: a for a in case["actions"]}
    assert list(actions) == ["original", "update-1", "update-3"]
    assert actions["update-1"]["deadline"] == {
        "date": "2022-06-30",
        "status": "open",
        "days_left": 29,
    }
    assert actions["update-1"]["languages"] == ["ru", "en"]
    assert actions["update-3"]["deadline"] == {"date": None, "status": "unknown", "days_left": None}
    assert actions["update-3"]["newest"] is True
    assert actions["original"]["index"] == "EUR 57/5391/2022"
    assert {c["article"] for c in case["charges"]} >= {"378.2", "274.2", "272.3", "488.11"}


def test_case_text() -> None:
    result = run("case", "--today", "2022-07-05")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Zhanbolat Mamay (Жанболат Мамай), he/him — case ua-31-22"
    assert "    deadline 2022-06-30, passed 5 days ago; targets: president, embassy-london" in lines
    assert "  update-3: Suspended sentence for activist — UA 31/22  (newest)" in lines
    assert (
        "  2022-10     Accused of organising mass disturbances (Article 272 of the Criminal Code)."
        in lines
    )
