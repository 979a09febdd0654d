"""`appeals targets` and `appeals case`: what the case folder holds."""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from appeals.cli import base
from appeals.cli.base import CaseOption, _echo_json, _reported, _today, _warn, app, today_option

if TYPE_CHECKING:
    from appeals.models import Case, Target


@app.command()
def targets(
    as_json: Annotated[bool, typer.Option("--json", help="Print the records as JSON.")] = False,
    today: Annotated[
        date | None, today_option("records last checked over a year before it are flagged")
    ] = None,
    case_dir: CaseOption = None,
) -> None:
    """List the targets: who they are, how to reach them, and when each record was checked.

    Example: appeals targets --json
    """
    from appeals.choose import stale_warning
    from appeals.loading import load_case_folder
    from appeals.summary import target_summary

    with _reported():
        day = _today(today)
        folder = load_case_folder(case_dir)
    stale = {t.id: stale_warning(t, day) for t in folder.targets.values()}
    if as_json:
        records = [target_summary(t, day) for t in folder.targets.values()]
        _echo_json(records)
    elif base._stdout_is_terminal():
        _targets_table(list(folder.targets.values()), stale)
    else:
        typer.echo(_targets_listing(list(folder.targets.values()), stale), nl=False)
    for message in stale.values():
        if message:
            _warn(message)


def _numbers(t: "Target") -> list[tuple[str, str]]:
    rows = []
    for label, number, international in (
        ("fax", t.fax, t.fax_international()),
        ("tel", t.phone, t.phone_international()),
    ):
        if number is not None and international is not None:
            given = f" (the UA prints {number.as_given})" if number.number else ""
            rows.append((label, f"{international}{given}"))
    return rows


def _targets_listing(records: list["Target"], stale: dict[str, str | None]) -> str:
    from appeals.postal import address_lines

    lines = []
    for t in records:
        lines.append(f"{t.id} — {t.first.name}, {t.first.title}")
        if t.serves:
            lines.append(f"  serves:  writers in {', '.join(t.serves)}")
        lines.append(f"  address: {', '.join(address_lines(t.postal, 'en', None))}")
        lines.append(f"  email:   {', '.join(t.email) or '(none)'}")
        lines.extend(f"  {label}:     {value}" for label, value in _numbers(t))
        if t.social:
            lines.append(f"  social:  {', '.join(f'{k} {v}' for k, v in t.social.items())}")
        flag = " (stale: verify before sending)" if stale[t.id] else ""
        lines.append(f"  checked: {t.checked.isoformat()}{flag}")
        lines.append("")
    return "\n".join(lines)


def _targets_table(records: list["Target"], stale: dict[str, str | None]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Targets", title_justify="left")
    for column in ("id", "name", "email", "fax / phone", "checked"):
        table.add_column(column)
    for t in records:
        serves = f"\nserves {', '.join(t.serves)}" if t.serves else ""
        checked = t.checked.isoformat() + ("\n[yellow]stale: verify[/]" if stale[t.id] else "")
        table.add_row(
            f"{t.id}{serves}",
            f"{t.first.name}\n{t.first.title}",
            "\n".join(t.email),
            "\n".join(f"{label} {value}" for label, value in _numbers(t)),
            checked,
        )
    Console(highlight=False).print(table)


@app.command()
def case(
    as_json: Annotated[bool, typer.Option("--json", help="Print the case as JSON.")] = False,
    today: Annotated[
        date | None, today_option("each action's days left are counted from it")
    ] = None,
    case_dir: CaseOption = None,
) -> None:
    """Show the case: the person, the charges, and each action with its asks and deadline.

    Example: appeals case --today 2022-06-01
    """
    from appeals.loading import load_case_folder
    from appeals.summary import case_summary

    with _reported():
        day = _today(today)
        folder = load_case_folder(case_dir)
    c = folder.case
    if as_json:
        _echo_json(case_summary(c, day))
        return
    typer.echo(_case_listing(c, day))


def _case_listing(c: "Case", day: date) -> str:
    """The case as text: the person, the charges, the actions, the dated facts; a heading
    with nothing under it is left out."""
    from appeals.deadline import deadline_status

    newest = c.newest().id
    lines = [
        f"{c.person.first.name}{f' ({ru.name})' if (ru := c.person.texts.get('ru')) else ''}"
        f"{f', {c.person.pronouns}' if c.person.pronouns else ''} — case {c.id}",
    ]
    if c.charges:
        lines += ["", "Charges:"]
        lines.extend(f"  - {charge.en.name} ({charge.en.cite})" for charge in c.charges.values())
    lines += ["", "Actions (oldest first; the newest is the default):"]
    for a in c.actions.values():
        status = deadline_status(a.deadline, day)
        if a.deadline is None or status.days_left is None:
            when = "no deadline recorded"
        elif status.days_left < 0:
            when = f"deadline {a.deadline.isoformat()}, passed {-status.days_left} days ago"
        else:
            when = f"deadline {a.deadline.isoformat()}, open, {status.days_left} days left"
        marker = "  (newest)" if a.id == newest else ""
        targets = f"; targets: {', '.join(a.targets)}" if a.targets else ""
        lines.append(f"  {a.id}: {a.title} — {a.ua or 'UA number unknown'}{marker}")
        lines.append(f"    {'closed: no further action' if a.closed else when}{targets}")
        lines.extend(f"    - {ask}" for ask in a.first.asks)
    if c.facts:
        lines += ["", "Dated facts:"]
        shown = {"day": 10, "month": 7, "year": 4}
        for f in sorted(c.facts.values(), key=lambda fact: fact.date):
            lines.append(f"  {f.date.isoformat()[: shown[f.precision]]:<10}  {f.en}")
    return "\n".join(lines)
