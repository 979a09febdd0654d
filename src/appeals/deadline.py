"""The deadline policy: a pure function of the action and today's date."""

from __future__ import annotations

from datetime import date

from appeals.errors import DeadlinePassed
from appeals.language import long_date
from appeals.models import Action, Deadline, Fact

WARN_DAYS = 7


def deadline_status(deadline: date | None, today: date) -> Deadline:
    if deadline is None:
        return Deadline(date=None, status="unknown", days_left=None)
    days_left = (deadline - today).days
    return Deadline(date=deadline, status="open" if days_left >= 0 else "late", days_left=days_left)


def check_deadline(
    action: Action, newest_fact: Fact | None, today: date, *, allow_late: bool
) -> tuple[Deadline, list[str]]:
    """The action's deadline status and the warnings to show; raises DeadlinePassed when late."""
    status = deadline_status(action.deadline, today)
    days = status.days_left
    when = long_date(action.deadline, "en") if action.deadline else ""
    if status.status == "late" and days is not None:
        message = (
            f"the appeal deadline for {action.id} was {when}, {ago(-days)} ago; Amnesty asks "
            "writers to check with their local Amnesty office before sending late appeals"
        )
        if not allow_late:
            raise DeadlinePassed(f"{message}. To draft anyway, add --allow-late")
        return status, [f"{message}; drafting anyway (--allow-late)"]
    if status.status == "open" and days is not None:
        if days == 0:
            return status, [f"today is the last day for appeals on {action.id} ({when})"]
        if days <= WARN_DAYS:
            return status, [f"only {_count(days, 'day')} left before the appeal deadline ({when})"]
        return status, []
    if newest_fact is None:
        age = "it has no dated facts"
    elif newest_fact.date > today:
        age = f"its newest dated fact ({newest_fact.date.isoformat()}) is after {today.isoformat()}"
    else:
        age = (
            f"its newest dated fact is from {newest_fact.date.isoformat()}, "
            f"{ago((today - newest_fact.date).days)} ago"
        )
    return status, [
        f"no appeal deadline is recorded for {action.id}; {age}. Check with your local "
        "Amnesty office that the action is still open"
    ]


def ago(days: int) -> str:
    """A rough, human span: '3 days', '5 months', '2 years'."""
    if days < 60:
        return _count(days, "day")
    if days < 365:
        return _count(days // 30, "month")
    return _count(days // 365, "year")


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"
