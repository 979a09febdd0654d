"""`appeals log`, `sent` and `report`: what was written and sent."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

import typer

from appeals.cli.base import CaseOption, TodayOption, _echo_json, _reported, _today, app, day
from appeals.errors import UsageError


class ViaChoice(StrEnum):
    email = "email"
    post = "post"
    fax = "fax"


@app.command("log")
def show_log(
    action: Annotated[
        str | None, typer.Option(help="Only letters for this action.", show_default=False)
    ] = None,
    target: Annotated[
        str | None, typer.Option(help="Only letters to this target.", show_default=False)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False,
    forget: Annotated[
        bool, typer.Option(help="Delete the entries (all, or those before --before).")
    ] = False,
    before: Annotated[
        datetime | None,
        typer.Option(
            parser=day,
            metavar="<YYYY-MM-DD>",
            help="With --forget: only entries made before this date.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List the letters written or opened, and which were sent; --forget deletes them.

    Example: appeals log --action update-3 --json
    """
    from appeals.log import ActionLog

    with _reported():
        log = ActionLog()
        if before is not None and not forget:
            raise UsageError("--before goes with --forget")
        if forget:
            count = log.forget(before.date() if before else None)
            when = f" made before {before.date().isoformat()}" if before else ""
            typer.echo(
                f"Deleted {count} log entr{'y' if count == 1 else 'ies'}{when} from {log.path}"
            )
            return
        entries = log.entries(action=action, target=target)
    if as_json:
        _echo_json([e.as_dict() for e in entries])
        return
    if not entries:
        typer.echo(f"No letters in the log ({log.path}).")
        return
    lines = [
        f"{'id':>4}  {'written':10}  {'action':9}  {'target':15}  {'lang':4}  {'format':6}  sent"
    ]
    for e in entries:
        sent = f"{e.sent} by {e.via}" if e.sent else "not yet (appeals sent ID --via ...)"
        lines.append(
            f"{e.id:>4}  {e.created[:10]:10}  {e.action:9}  {e.target:15}  {e.lang:4}  "
            f"{e.format:6}  {sent}  ({e.writer})"
        )
    typer.echo("\n".join(lines))


@app.command()
def sent(
    entry_id: Annotated[
        int, typer.Argument(metavar="ID", help="The letter's id in 'appeals log'.")
    ],
    via: Annotated[ViaChoice, typer.Option(help="How it was sent.")],
    on: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            parser=day,
            metavar="<YYYY-MM-DD>",
            help="When (default: today).",
            show_default=False,
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """Mark a letter in the log as sent, by email, post or fax.

    Example: appeals sent 3 --via post
    """
    from appeals.log import ActionLog

    with _reported():
        day = on.date() if on else _today(today)
        entry = ActionLog().mark_sent(entry_id, via.value, day)
    typer.echo(
        f"Letter {entry.id} ({entry.target}, {entry.action}) marked as sent by {entry.via} "
        f"on {entry.sent}."
    )


@app.command()
def report(
    action: Annotated[
        str | None, typer.Option(help="Only this action.", show_default=False)
    ] = None,
    today: TodayOption = None,
    case_dir: CaseOption = None,
) -> None:
    """The tally of letters sent, per action, target and channel, ready to paste into a form.

    Example: appeals report --action update-3
    """
    from appeals.language import long_date
    from appeals.loading import load_case_folder
    from appeals.log import VIAS, ActionLog, tally

    with _reported():
        day = _today(today)
        folder = load_case_folder(case_dir, check_numbers=False)
        entries = [e for e in ActionLog().entries(action=action) if e.case == folder.case.id]
    case = folder.case
    counts = tally(entries)
    actions = [a for a in case.actions.values() if any(key[0] == a.id for key in counts)]
    actions += [a for a in [case.actions.get(action or "")] if a is not None and a not in actions]
    lines = [f"Letters for {case.person.en.name} ({case.id}), as of {long_date(day, 'en')}:"]
    if not actions:
        lines.append("  none logged yet")
    grand = dict.fromkeys([*VIAS, "drafted"], 0)
    for a in actions:
        ua = f"{a.ua}, " if a.ua else ""
        lines.append(f"{ua}{a.id} ({a.title}):")
        for (action_id, target_id), row in sorted(counts.items()):
            if action_id != a.id:
                continue
            target = folder.targets.get(target_id)
            name = f"{target.en.title} ({target_id})" if target else target_id
            sent_total = sum(row[v] for v in VIAS)
            parts = ", ".join(f"{row[v]} by {v}" for v in VIAS)
            lines.append(f"  {name}: {sent_total} sent ({parts})")
            for key in grand:
                grand[key] += row[key]
    total = sum(grand[v] for v in VIAS)
    lines.append(
        f"Total: {total} letter{'s' if total != 1 else ''} sent "
        f"({', '.join(f'{grand[v]} by {v}' for v in VIAS)}); "
        f"{grand['drafted']} written but not yet marked as sent."
    )
    typer.echo("\n".join(lines))
