"""The deadline policy: open, last day, late, late with --allow-late, seven days or fewer, none."""

from __future__ import annotations

import json
from datetime import date

import pytest

from appeals.deadline import ago, deadline_status
from tests.helpers import run

NAMED = ("--name", "Jane Doe", "--address", "1 High Street", "--city", "Leeds", "--quiet")


@pytest.mark.parametrize(
    ("today", "code", "status", "days_left", "warning"),
    [
        ("2022-06-01", 0, "open", 29, ""),
        ("2022-06-22", 0, "open", 8, ""),
        ("2022-06-23", 0, "open", 7, "only 7 days left before the appeal deadline (30 June 2022)"),
        ("2022-06-29", 0, "open", 1, "only 1 day left before the appeal deadline (30 June 2022)"),
        (
            "2022-06-30",
            0,
            "open",
            0,
            "today is the last day for appeals on update-1 (30 June 2022)",
        ),
        ("2022-07-01", 3, None, None, None),
        ("2023-06-30", 3, None, None, None),
    ],
)
def test_deadline_matrix(
    today: str, code: int, status: str | None, days_left: int | None, warning: str | None
) -> None:
    result = run("draft", "--action", "update-1", "--today", today, "--format", "json", *NAMED)
    assert result.exit_code == code
    if code == 3:
        assert result.stdout == ""
        return
    letter = json.loads(result.stdout)
    assert letter["deadline"] == {"date": "2022-06-30", "status": status, "days_left": days_left}
    assert result.stderr == (f"warning: {warning}\n" if warning else "")


def test_a_year_late_says_how_long_ago() -> None:
    result = run("draft", "--action", "update-1", "--today", "2023-06-30")
    assert result.stderr.startswith(
        "error: the appeal deadline for update-1 was 30 June 2022, 1 year ago;"
    )


def test_allow_late_drafts_with_a_warning() -> None:
    result = run(
        "draft",
        "--action",
        "update-1",
        "--today",
        "2022-07-03",
        "--allow-late",
        "--format",
        "json",
        *NAMED,
    )
    assert result.exit_code == 0
    letter = json.loads(result.stdout)
    assert letter["deadline"] == {"date": "2022-06-30", "status": "late", "days_left": -3}
    assert result.stderr == (
        "warning: the appeal deadline for update-1 was 30 June 2022, 3 days ago; Amnesty asks "
        "writers to check with their local Amnesty office before sending late appeals; "
        "drafting anyway (--allow-late)\n"
    )


def test_no_deadline_warns_with_the_age_of_the_newest_fact() -> None:
    result = run(
        "draft", "--action", "original", "--today", "2022-06-01", "--format", "json", *NAMED
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["deadline"] == {
        "date": None,
        "status": "unknown",
        "days_left": None,
    }
    assert result.stderr == (
        "warning: no appeal deadline is recorded for original; its newest dated fact is from "
        "2022-03-14, 2 months ago. Check with your local Amnesty office that the action is "
        "still open\n"
    )


def test_deadline_status_is_a_pure_function() -> None:
    assert deadline_status(None, date(2022, 1, 1)).status == "unknown"
    assert deadline_status(date(2022, 6, 30), date(2022, 6, 30)).days_left == 0
    assert deadline_status(date(2022, 6, 30), date(2022, 7, 1)).status == "late"


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (59, "59 days"),
        (60, "2 months"),
        (364, "12 months"),
        (365, "1 year"),
        (730, "2 years"),
        (1500, "4 years"),
    ],
)
def test_ago(days: int, text: str) -> None:
    assert ago(days) == text
