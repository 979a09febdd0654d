"""`appeals log`, `sent` and `report`: what was written and sent."""

import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from appeals.cli.base import (
    CaseOption,
    _reported,
    _stderr_line,
    _today,
    app,
    json_for_terminal,
    today_option,
)
from appeals.cli.plainwords import count_value, date_value
from appeals.errors import InputError, UsageError
from appeals.unseen import C0, C1_AND_BIDI

if TYPE_CHECKING:
    from appeals.log import ActionLog, Entry, Filter


@contextmanager
def _interrupts() -> Iterator[None]:
    """Ctrl-C while waiting for a log another process holds: say so, and that nothing changed."""
    from appeals.log import LogInterrupted

    try:
        yield
    except LogInterrupted as err:
        _stderr_line("Interrupted", str(err), "red")
        raise typer.Exit(130) from None


class ViaChoice(StrEnum):
    email = "email"
    post = "post"
    fax = "fax"


@app.command("log")
def show_log(
    case: Annotated[
        str | None,
        typer.Option(
            "--case",
            metavar="ID|DIR",
            help="Only letters for this case: its id (ua-31-22) or its folder.",
            show_default=False,
        ),
    ] = None,
    action: Annotated[
        str | None, typer.Option(help="Only letters for this action.", show_default=False)
    ] = None,
    target: Annotated[
        str | None, typer.Option(help="Only letters to this target.", show_default=False)
    ] = None,
    since: Annotated[
        date | None,
        typer.Option(
            parser=date_value,
            metavar="DATE",
            help="Only letters logged on or after this date (YYYY-MM-DD).",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            parser=count_value,
            metavar="N",
            help="Show the newest N letters (default: a screenful; with --json: all).",
            show_default=False,
        ),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Show every letter.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False,
    forget: Annotated[
        bool, typer.Option(help="Delete the entries (all, or those before --before).")
    ] = False,
    before: Annotated[
        date | None,
        typer.Option(
            parser=date_value,
            metavar="DATE",
            help="With --forget: only entries made before this date.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List the letters written or opened, and which were sent; --forget deletes them.

    A screenful of the newest letters, or --limit N, or --all; --case, --action, --target and
    --since narrow the list. With --json: every letter matching, unless --limit is given.

    Example: appeals log --action update-3 --since 2023-05-01 --all
    """
    from appeals.log import ActionLog, Filter

    with _reported(), _interrupts():
        log = ActionLog()
        if before is not None and not forget:
            raise UsageError("--before goes with --forget")
        if show_all and limit is not None:
            raise UsageError("--all and --limit do not go together")
        if forget:
            count = log.forget(before)
            when = f" made before {before.isoformat()}" if before else ""
            typer.echo(
                f"Deleted {count} log entr{'y' if count == 1 else 'ies'}{when} from {log.path}"
            )
            return
        where = Filter(
            case=_case_id(case) if case is not None else None,
            action=action,
            target=target,
            since=since,
        )
        if (as_json and limit is None) or show_all:
            _stream(log, where, as_json=as_json)
            return
        entries, total = log.page(where, limit or _screenful())
        if not entries:
            _nothing_found(log, where, as_json=as_json)
    if as_json:
        _write_json(entries)
        return
    sys.stdout.write(_HEADER + "".join(_line(e) for e in entries))
    if total > len(entries):
        sys.stdout.write(
            f"(the newest {len(entries)} of {total:,} letters; --all shows every one, --limit N "
            "more, and --case, --action, --target, --since narrow the list)\n"
        )
    sys.stdout.flush()


_HEADER = (
    f"{'id':>4}  {'written':10}  {'case':9}  {'action':9}  {'target':15}  {'lang':4}  "
    f"{'format':6}  sent\n"
)


# control characters (escape sequences, bells, line breaks) and bidi overrides: a log edited by
# hand, or written by another program, must not act on the terminal or break the table
_UNSEEN = re.compile(f"[{C0}{C1_AND_BIDI}]")


def _seen(text: str) -> str:
    """A value from the log as it can be shown: each control character spelt out (\\x1b)."""
    return _UNSEEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _line(e: "Entry") -> str:
    if e.sendings:
        sent = ", ".join(f"{_seen(s.date)} by {_seen(s.via)}" for s in e.sendings)
    else:
        sent = "not yet (appeals sent ID --via ...)"
    writer = _seen(e.writer) if e.writer else "no name"
    case, action, target = _seen(e.case), _seen(e.action), _seen(e.target)
    return (
        f"{e.id:>4}  {_seen(e.created[:10]):10}  {case:9}  {action:9}  {target:15}  "
        f"{_seen(e.lang):4}  {_seen(e.format):6}  {sent}  ({writer})\n"
    )


def _screenful() -> int:
    """As many entries as fit the terminal with the header, the footer and the prompt."""
    import shutil

    return max(shutil.get_terminal_size().lines - 4, 5)


def _stream(log: "ActionLog", where: "Filter", *, as_json: bool) -> None:
    """Every matching entry, written out in chunks as it is read: no list of them is held."""
    import json

    out = sys.stdout
    count = 0
    chunk: list[str] = ["[" if as_json else _HEADER]
    for entry in log.stream(where):
        if as_json:
            text = json_for_terminal(json.dumps(entry.as_dict(), ensure_ascii=False, indent=2))
            chunk.append(("\n" if count == 0 else ",\n") + _indent(text))
        else:
            chunk.append(_line(entry))
        count += 1
        if len(chunk) >= 2000:
            out.write("".join(chunk))
            chunk = []
    if count == 0:
        _nothing_found(log, where, as_json=as_json)
    chunk.append("\n]\n" if as_json and count else "]\n" if as_json else "")
    out.write("".join(chunk))
    out.flush()


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _write_json(entries: list["Entry"]) -> None:
    from appeals.cli.base import _echo_json

    _echo_json([e.as_dict() for e in entries])


def _case_id(value: str) -> str:
    """--case takes a case's id or its folder (as other commands do)."""
    path = Path(value)
    if path.is_dir():
        from appeals.loading import load_case_folder

        return load_case_folder(path, check_numbers=False).case.id
    return value


def _nothing_found(log: "ActionLog", where: "Filter", *, as_json: bool) -> None:
    """An empty list: a misspelt case, action or target is an error naming it; otherwise say
    plainly that nothing matches."""
    asked = {"case": where.case, "action": where.action, "target": where.target}
    for column, value in asked.items():
        if value is None:
            continue
        known = set(log.known(column)) | _case_knows(column)
        if value not in known:
            choices = ", ".join(sorted(known)) or "none yet"
            raise InputError(f"unknown --{column} {value!r}: the log and the case know {choices}")
    if as_json:
        typer.echo("[]")
        raise typer.Exit(0)
    filters = [f"--{k} {v}" for k, v in asked.items() if v is not None]
    if where.since is not None:
        filters.append(f"--since {where.since.isoformat()}")
    if filters:
        typer.echo(f"No letters in the log ({log.path}) match {' '.join(filters)}.")
    else:
        typer.echo(f"No letters in the log ({log.path}).")
    raise typer.Exit(0)


def _case_knows(column: str) -> set[str]:
    """The current case folder's ids for a column (APPEALS_CASE or the bundled case)."""
    import os

    from appeals.errors import AppealsError
    from appeals.loading import load_case_folder

    folder_name = os.environ.get("APPEALS_CASE")
    try:
        folder = load_case_folder(Path(folder_name) if folder_name else None, check_numbers=False)
    except AppealsError:
        return set()
    if column == "case":
        return {folder.case.id}
    if column == "action":
        return set(folder.case.actions)
    return set(folder.targets)


def _parse_ids(values: Iterable[str]) -> list[tuple[int, int]]:
    """`12 14-20` → [(12, 12), (14, 20)]."""
    ranges = []
    for value in values:
        first, dash, last = value.strip().partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise UsageError(
                f"{value!r} is not a letter id or a range of them (such as 12 or 14-20); "
                "see 'appeals log' for the ids"
            )
        low, high = int(first), int(last) if dash else int(first)
        if low > high:
            raise UsageError(
                f"{value!r}: a range goes from the lower id to the higher, {high}-{low}"
            )
        ranges.append((low, high))
    merged: list[tuple[int, int]] = []  # `3 3` or `1-5 4-9` marks each letter once
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


@app.command()
def sent(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID...",
            help="The letters' ids in 'appeals log': single ids and ranges (12 14-20).",
            show_default=False,
        ),
    ] = None,
    via: Annotated[
        ViaChoice | None, typer.Option(help="How they were sent.", show_default=False)
    ] = None,
    on: Annotated[
        date | None,
        typer.Option(
            "--date",
            parser=date_value,
            metavar="DATE",
            help="When, as YYYY-MM-DD (default: today).",
            show_default=False,
        ),
    ] = None,
    batch_dir: Annotated[
        Path | None,
        typer.Option(
            "--batch",
            metavar="DIR",
            help="Every letter of a batch, from the manifest.csv in its folder.",
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        date | None, today_option("the letter is marked sent on it when --date is not given")
    ] = None,
) -> None:
    """Mark letters in the log as sent, by email, post or fax.

    Several ids and ranges at once (12 14-20), or every letter of a batch (--batch DIR). A letter
    sent by post and by email counts for both.

    Example: appeals sent 12 14-20 --via post --date 2023-05-02
    """
    from appeals.log import ActionLog

    with _reported(), _interrupts():
        if via is None:
            raise UsageError("--via is required: email, post or fax; see 'appeals sent --help'")
        if bool(ids) == (batch_dir is not None):
            raise UsageError("name the letters: their ids (12 14-20), or --batch DIR")
        now = _today(today)
        day = on or now
        log = ActionLog()
        if batch_dir is not None:
            from appeals.batch import manifest_letters

            letters = ((m.hash, m.action, m.target) for m in manifest_letters(batch_dir))
            count, ranges = log.mark_batch_sent(letters, via.value, day, today=now)
            typer.echo(
                f"{count} letter{'s' if count != 1 else ''} of {batch_dir} marked as sent by "
                f"{via.value} on {day.isoformat()} (ids {_ranges_text(ranges)})."
            )
            return
        ranges = _parse_ids(ids or [])
        entries = log.mark_sent(ranges, via.value, day, today=now)
    count = sum(b - a + 1 for a, b in ranges)
    if count == 1:
        [entry] = entries
        typer.echo(
            f"Letter {entry.id} ({_seen(entry.target)}, {_seen(entry.action)}) marked as sent "
            f"by {via.value} on {day.isoformat()}."
        )
    else:
        typer.echo(
            f"{count} letters marked as sent by {via.value} on {day.isoformat()} "
            f"(ids {_ranges_text(ranges)})."
        )


def _ranges_text(ranges: Iterable[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


@app.command()
def report(
    action: Annotated[
        str | None, typer.Option(help="Only this action.", show_default=False)
    ] = None,
    today: Annotated[
        date | None, today_option("the report counts letters up to it and is dated with it")
    ] = None,
    case_dir: CaseOption = None,
) -> None:
    """The tally of letters sent, per action, target and channel, ready to paste into a form.

    Counts what was written and sent by --today (default: today).

    Example: appeals report --action update-3 --today 2023-05-31
    """
    from appeals.language import long_date
    from appeals.loading import load_case_folder
    from appeals.log import VIAS, ActionLog

    with _reported():
        day = _today(today)
        folder = load_case_folder(case_dir, check_numbers=False)
        if action is not None and action not in folder.case.actions:
            known = ", ".join(folder.case.actions)
            raise InputError(f"unknown --action {action!r}; choose one of: {known}")
        counts = ActionLog().tally(folder.case.id, action, day)
    case = folder.case
    keys = sorted(set(counts.written) | set(counts.sent))
    actions = [a for a in case.actions.values() if any(key[0] == a.id for key in keys)]
    actions += [a for a in [case.actions.get(action or "")] if a is not None and a not in actions]
    lines = [f"Letters for {case.person.first.name} ({case.id}), as of {long_date(day, 'en')}:"]
    if not actions:
        lines.append("  none logged yet")
    grand = dict.fromkeys(VIAS, 0)
    waiting = 0
    for a in actions:
        ua = f"{a.ua}, " if a.ua else ""
        lines.append(f"{ua}{a.id} ({a.title}):")
        for action_id, target_id in keys:
            if action_id != a.id:
                continue
            row = counts.sent.get((action_id, target_id), dict.fromkeys(VIAS, 0))
            target = folder.targets.get(target_id)
            name = f"{target.first.title} ({target_id})" if target else _seen(target_id)
            parts = ", ".join(f"{row[v]} by {v}" for v in VIAS)
            lines.append(f"  {name}: {sum(row.values())} sent ({parts})")
            for v in VIAS:
                grand[v] += row[v]
            key = (action_id, target_id)
            waiting += counts.written.get(key, 0) - counts.sent_letters.get(key, 0)
    total = sum(grand.values())
    lines.append(
        f"Total: {total} letter{'s' if total != 1 else ''} sent "
        f"({', '.join(f'{grand[v]} by {v}' for v in VIAS)}); "
        f"{waiting} written but not yet marked as sent."
    )
    typer.echo("\n".join(lines))
