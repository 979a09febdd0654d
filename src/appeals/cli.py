"""The command line: parse options, call the core, print. The only module that prints or exits."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from appeals.errors import AppealsError, UsageError

if TYPE_CHECKING:  # only for annotations: --help must not pay for the models' imports
    from appeals.batch import Batch, BatchResult
    from appeals.log import NewEntry
    from appeals.models import Letter, Target
    from appeals.profile import Profile

app = typer.Typer(
    name="appeals",
    help="Deadline-checked appeal letters for Amnesty International Urgent Actions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help and usage errors: no boxes in pipes, faster start
)


class Format(StrEnum):
    text = "text"
    md = "md"
    json = "json"
    eml = "eml"
    mailto = "mailto"
    pdf = "pdf"


class PaperSize(StrEnum):
    a4 = "a4"
    letter = "letter"


CaseOption = Annotated[
    Path | None,
    typer.Option(
        "--case",
        envvar="APPEALS_CASE",
        help="Case folder: targets.yaml, case.yaml, letters/ (default: the bundled UA 31/22).",
        show_default=False,
    ),
]
TodayOption = Annotated[
    datetime | None,
    typer.Option(
        "--today",
        envvar="APPEALS_TODAY",
        formats=["%Y-%m-%d"],
        help="Take this date (YYYY-MM-DD) as today, for the deadline and the letter's date.",
        show_default=False,
    ),
]


# the writer's details, the same for `draft` and `profile set`
NameOption = Annotated[str | None, typer.Option(help="Your name, as you sign.", show_default=False)]
AddressOption = Annotated[
    list[str] | None,
    typer.Option(help="A line of your postal address; repeat for each line.", show_default=False),
]
CityOption = Annotated[str | None, typer.Option(help="Your town or city.", show_default=False)]
PostcodeOption = Annotated[str | None, typer.Option(help="Your postal code.", show_default=False)]
CountryOption = Annotated[
    str | None,
    typer.Option(help="Your country as a two-letter code (CA, GB, ...).", show_default=False),
]
EmailOption = Annotated[str | None, typer.Option(help="Your email address.", show_default=False)]


@contextmanager
def _reported() -> Iterator[None]:
    """Show an AppealsError as one line on stderr and exit with its code.

    APPEALS_DEBUG=1 shows the traceback instead, for a bug report.
    """
    try:
        yield
    except AppealsError as err:
        if os.environ.get("APPEALS_DEBUG") == "1":
            raise
        _fail(str(err), err.exit_code)
    except KeyboardInterrupt:
        if os.environ.get("APPEALS_DEBUG") == "1":
            raise
        # files are written whole or not at all, so nothing needs cleaning up
        _stderr_line(
            "Interrupted", "stopped before the end; files already written are complete", "red"
        )
        raise typer.Exit(130) from None


def _fail(message: str, code: int) -> NoReturn:
    _stderr_line("error", message, "red")
    raise typer.Exit(code)


def _warn(message: str) -> None:
    _stderr_line("warning", message, "yellow")


def _stderr_line(label: str, message: str, colour: str) -> None:
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.markup import escape

        Console(stderr=True, highlight=False).print(f"[{colour}]{label}:[/] {escape(message)}")
    else:
        sys.stderr.write(f"{label}: {message}\n")


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _today(value: datetime | None) -> date:
    return value.date() if value else date.today()


def _version(value: bool) -> None:
    if value:
        from appeals import __version__

        typer.echo(f"appeals {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Deadline-checked appeal letters for Amnesty International Urgent Actions.

    Example: appeals draft --target president --name "Jane Doe" --city Toronto --country CA
    """


@app.command()
def draft(
    target: Annotated[
        str | None,
        typer.Option(
            help="president, embassy (the one serving --country), embassy-ottawa or "
            "embassy-london; default: the action's first target (the President).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            help="Letter language: en or ru (default: your profile's, else en).", show_default=False
        ),
    ] = None,
    action: Annotated[
        str | None,
        typer.Option(
            help="Action of the case (see 'appeals case'); default: the newest.", show_default=False
        ),
    ] = None,
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    output: Annotated[
        Path | None,
        typer.Option(
            help="Write to this file instead of stdout ('-' for stdout).", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing --output file.")] = False,
    today: TodayOption = None,
    allow_late: Annotated[
        bool, typer.Option(help="Draft even though the appeal deadline has passed.")
    ] = False,
    case_dir: CaseOption = None,
    name: NameOption = None,
    address: AddressOption = None,
    city: CityOption = None,
    postcode: PostcodeOption = None,
    country: CountryOption = None,
    email: EmailOption = None,
    personal: Annotated[
        str | None,
        typer.Option(help="A sentence in your own words, added to the letter.", show_default=False),
    ] = None,
    cc: Annotated[
        bool, typer.Option(help="Copy a letter to the President to the embassy serving --country.")
    ] = True,
    paper: Annotated[
        PaperSize, typer.Option(help="Paper for --format pdf: a4, or letter for North America.")
    ] = PaperSize.a4,
    open_draft: Annotated[
        bool,
        typer.Option("--open", help="With --format mailto: open the link in your mail program."),
    ] = False,
    again: Annotated[
        bool, typer.Option(help="No warning when the log has this letter as sent already.")
    ] = False,
    edit: Annotated[
        bool, typer.Option(help="Change the letter in your editor ($VISUAL or $EDITOR) first.")
    ] = False,
    variant: Annotated[
        int | None,
        typer.Option(
            help="Which wording (1-192); default: chosen from your name.", show_default=False
        ),
    ] = None,
) -> None:
    """Draft an appeal letter, after checking the action's deadline.

    Example: appeals draft --target embassy --country GB --lang ru --name "Jane Doe"
    """
    from appeals.drafting import DraftRequest, checklist_warnings, draft_letter

    with _reported():
        request = DraftRequest(
            today=_today(today),
            target=target,
            lang=lang,
            action=action,
            allow_late=allow_late,
            case_dir=case_dir,
            name=name,
            address=address or [],
            city=city,
            postcode=postcode,
            country=country,
            email=email,
            personal=personal,
            cc=cc,
            variant=variant,
        )
        drafted = draft_letter(request)
        to_file = output is not None and str(output) != "-"
        if output_format is Format.pdf and not to_file and _stdout_is_terminal():
            raise UsageError(
                "--format pdf writes a binary file; add --output letter.pdf or redirect stdout"
            )
        if open_draft and output_format is not Format.mailto:
            raise UsageError("--open goes with --format mailto")
        letter = drafted.letter
        edit_notes = []
        if edit:
            from appeals.editing import edit_letter

            letter, changed = edit_letter(letter)
            if not changed:
                edit_notes.append("the letter is unchanged: it goes out exactly as drafted")
        data, notes = _export(letter, output_format, paper)
        notes = [*edit_notes, *notes, *checklist_warnings(drafted.folder, letter)]
        sent_before = None if again else _already_sent(letter)
        for message in [*drafted.warnings, *notes, *([sent_before] if sent_before else [])]:
            _warn(message)
        if output is not None and to_file:
            from appeals.files import write_atomically

            write_atomically(output, data, force=force)
            typer.echo(str(output))
        elif output_format is Format.text and _stdout_is_terminal():
            _preview(data.decode("utf-8"), drafted.letter.subject)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        if open_draft:
            _open_link(data.decode("ascii").strip())
        if to_file or open_draft or _stdout_is_a_file():
            _log_letters([_log_entry(letter, output_format.value, data)])


def _stdout_is_a_file() -> bool:
    """stdout redirected to a file (`> letter.txt`): that letter is kept, so it is logged."""
    import stat

    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError):
        return False  # not a real file descriptor (a test runner's buffer)


def _already_sent(letter: Letter) -> str | None:
    from appeals.errors import AppealsError
    from appeals.log import ActionLog

    try:
        entry = ActionLog().last_sent(letter.case, letter.action, letter.target)
    except AppealsError as err:
        return f"the action log could not be read: {err}"
    if entry is None:
        return None
    return (
        f"the log has a letter to {letter.target} for {letter.action} sent on {entry.sent} "
        f"by {entry.via} (letter {entry.id}); add --again to draft another without this warning"
    )


def _log_entry(letter: Letter, fmt: str, data: bytes) -> NewEntry:
    import hashlib

    from appeals.log import NewEntry

    return NewEntry(
        case=letter.case,
        action=letter.action,
        target=letter.target,
        lang=letter.lang,
        format=fmt,
        letter_date=letter.date,
        writer=letter.sender.name,
        hash=hashlib.sha256(data).hexdigest(),
    )


def _log_letters(entries: Iterable[NewEntry]) -> None:
    """Record letters already written; a log that fails loses no letter, so it only warns."""
    from appeals.log import ActionLog

    try:
        ActionLog().record(entries)
    except AppealsError as err:
        _warn(f"the letters are written, but the action log was not updated: {err}")


def _export(letter: Letter, output_format: Format, paper: PaperSize) -> tuple[bytes, list[str]]:
    """The letter's bytes in the chosen format, and any warnings about them."""
    from appeals.export import export_letter

    data = export_letter(letter, output_format.value, paper.value)
    notes = []
    if output_format is Format.mailto:
        from appeals.export.mailto import SAFE_LENGTH

        if len(data) - 1 > SAFE_LENGTH:
            notes.append(
                f"the mailto: link is {len(data) - 1} characters long; many mail programs accept "
                f"only about {SAFE_LENGTH}, so the body may be cut. Use --format eml instead"
            )
    return data, notes


def _open_link(link: str) -> None:
    """Hand a mailto: link to the desktop's mail program, or say plainly that there is none."""
    import shutil
    import subprocess

    opener = {"darwin": "open", "win32": "explorer"}.get(sys.platform, "xdg-open")
    if shutil.which(opener) is None:
        _warn(f"no desktop mail program found ({opener} is not installed); open the link yourself")
        return
    try:
        subprocess.run([opener, link], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        _warn(f"{opener} could not open the link; open it yourself")
        return
    _stderr_line("opened", f"the draft in your mail program (through {opener})", "green")


def _preview(text: str, subject: str) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.text import Text

    Console(highlight=False).print(
        Panel(Text(text), title=Text(subject), title_align="left", expand=False)
    )


@app.command()
def targets(
    as_json: Annotated[bool, typer.Option("--json", help="Print the records as JSON.")] = False,
    today: TodayOption = None,
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
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif _stdout_is_terminal():
        _targets_table(list(folder.targets.values()), stale)
    else:
        typer.echo(_targets_listing(list(folder.targets.values()), stale), nl=False)
    for message in stale.values():
        if message:
            _warn(message)


def _numbers(t: Target) -> list[tuple[str, str]]:
    rows = []
    for label, number, international in (
        ("fax", t.fax, t.fax_international()),
        ("tel", t.phone, t.phone_international()),
    ):
        if number is not None and international is not None:
            given = f" (the UA prints {number.as_given})" if number.number else ""
            rows.append((label, f"{international}{given}"))
    return rows


def _targets_listing(records: list[Target], stale: dict[str, str | None]) -> str:
    from appeals.postal import address_lines

    lines = []
    for t in records:
        lines.append(f"{t.id} — {t.en.name}, {t.en.title}")
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


def _targets_table(records: list[Target], stale: dict[str, str | None]) -> None:
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
            f"{t.en.name}\n{t.en.title}",
            "\n".join(t.email),
            "\n".join(f"{label} {value}" for label, value in _numbers(t)),
            checked,
        )
    Console(highlight=False).print(table)


@app.command()
def case(
    as_json: Annotated[bool, typer.Option("--json", help="Print the case as JSON.")] = False,
    today: TodayOption = None,
    case_dir: CaseOption = None,
) -> None:
    """Show the case: the person, the charges, and each action with its asks and deadline.

    Example: appeals case --today 2022-06-01
    """
    from appeals.deadline import deadline_status
    from appeals.loading import load_case_folder
    from appeals.summary import case_summary

    with _reported():
        day = _today(today)
        folder = load_case_folder(case_dir)
    c = folder.case
    if as_json:
        typer.echo(json.dumps(case_summary(c, day), ensure_ascii=False, indent=2))
        return
    newest = c.newest().id
    lines = [
        f"{c.person.en.name}{f' ({c.person.ru.name})' if c.person.ru else ''}, "
        f"{c.person.pronouns} — case {c.id}",
        "",
        "Actions (oldest first; the newest is the default):",
    ]
    for a in c.actions.values():
        status = deadline_status(a.deadline, day)
        if a.deadline is None or status.days_left is None:
            when = "no deadline recorded"
        elif status.days_left < 0:
            when = f"deadline {a.deadline.isoformat()}, passed {-status.days_left} days ago"
        else:
            when = f"deadline {a.deadline.isoformat()}, open, {status.days_left} days left"
        marker = "  (newest)" if a.id == newest else ""
        lines.append(f"  {a.id}: {a.title} — {a.ua or 'UA number unknown'}{marker}")
        lines.append(f"    {when}; targets: {', '.join(a.targets)}")
        lines.extend(f"    - {ask}" for ask in a.en.asks)
    lines += ["", "Dated facts:"]
    shown = {"day": 10, "month": 7, "year": 4}
    for f in sorted(c.facts.values(), key=lambda fact: fact.date):
        lines.append(f"  {f.date.isoformat()[: shown[f.precision]]:<10}  {f.en}")
    typer.echo("\n".join(lines))


class BatchFormatChoice(StrEnum):
    text = "text"
    md = "md"
    json = "json"
    eml = "eml"
    pdf = "pdf"


@app.command()
def batch(
    writers: Annotated[
        Path,
        typer.Argument(
            metavar="WRITERS.csv", help="CSV of writers: name, email, address, city, postcode, ..."
        ),
    ],
    output: Annotated[Path, typer.Option(help="Folder for the letters (made if missing).")],
    target: Annotated[
        list[str] | None,
        typer.Option(
            help="Repeat for each target; default: the action's (the President and each "
            "writer's embassy).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            help="en or ru for every letter; default: each writer's lang, else en.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        BatchFormatChoice, typer.Option("--format", help="Format of the letters.")
    ] = BatchFormatChoice.text,
    action: Annotated[
        str | None,
        typer.Option(help="Action of the case; default: the newest.", show_default=False),
    ] = None,
    today: TodayOption = None,
    allow_late: Annotated[
        bool, typer.Option(help="Write letters even though the appeal deadline has passed.")
    ] = False,
    force: Annotated[bool, typer.Option(help="Replace existing letter files.")] = False,
    resume: Annotated[
        bool, typer.Option(help="Finish an interrupted run: skip letters its manifest lists.")
    ] = False,
    combine: Annotated[
        bool, typer.Option(help="With --format pdf: one letters.pdf to print, a letter a page.")
    ] = False,
    duplex: Annotated[
        bool, typer.Option(help="With --combine: start every letter on a front side.")
    ] = False,
    paper: Annotated[PaperSize, typer.Option(help="Paper for PDF: a4 or letter.")] = PaperSize.a4,
    case_dir: CaseOption = None,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Write letters for every writer in a CSV: one file each, a manifest, rejected rows.

    Example: appeals batch writers.csv --output letters --format pdf --combine
    """
    from appeals.batch import BatchRequest, estimate_rows, prepare_batch

    with _reported():
        request = BatchRequest(
            writers=writers,
            output=output,
            today=_today(today),
            targets=target or [],
            lang=lang,
            output_format=output_format.value,
            action=action,
            allow_late=allow_late,
            force=force,
            resume=resume,
            combine=combine,
            duplex=duplex,
            paper=paper.value,
            case_dir=case_dir,
        )
        job = prepare_batch(request)
        for message in job.warnings:
            _warn(message)
        if quiet or not sys.stderr.isatty():
            result = job.run()
        else:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("Writing letters", total=estimate_rows(writers))
                result = job.run(lambda rows: bar.update(task, completed=rows))
    _log_letters(_manifest_entries(job, result))
    typer.echo(_batch_summary(result), nl=False)
    if result.rejected:
        raise typer.Exit(1)


def _manifest_entries(job: Batch, result: BatchResult) -> Iterator[NewEntry]:
    """Every letter the manifest lists, for the log, read one line at a time."""
    import csv

    from appeals.batch import MANIFEST
    from appeals.log import NewEntry

    with (result.output / MANIFEST).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("sha256"):
                yield NewEntry(
                    case=job.folder.case.id,
                    action=row["action"],
                    target=row["target"],
                    lang=row["lang"],
                    format=job.request.output_format,
                    letter_date=job.request.today,
                    writer=row["writer"].removeprefix("'"),
                    hash=f"{row['sha256']}:{row['line']}:{row['page']}",
                )


def _batch_summary(result: BatchResult) -> str:
    from appeals.batch import REJECTED

    lines = [f"Letters written to {result.output}:"]
    width = max([len(t) for t, _ in result.letters] + [6])
    lines.append(f"  {'target':<{width}}  lang  letters")
    for (target_id, lang), count in sorted(result.letters.items()):
        lines.append(f"  {target_id:<{width}}  {lang:<4}  {count:>7}")
    lines.append(f"  {'total':<{width}}        {sum(result.letters.values()):>7}")
    if result.combined is not None:
        lines.append(f"One PDF to print: {result.combined}")
    if result.skipped:
        lines.append(f"Already written by an earlier run: {result.skipped}")
    if result.rejected:
        lines.append(
            f"Rejected rows: {result.rejected} (see {result.output / REJECTED} for the reasons)"
        )
    return "\n".join(lines) + "\n"


@app.command()
def check(
    letter: Annotated[
        Path, typer.Argument(metavar="LETTER", help="Your letter: a .txt, .md or .eml file.")
    ],
    action: Annotated[
        str | None,
        typer.Option(help="The action it answers; default: the newest.", show_default=False),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(help="en or ru; default: guessed from the letter.", show_default=False),
    ] = None,
    case_dir: CaseOption = None,
) -> None:
    """Check a letter in your own words: the person, every ask, your name and address, length,
    tone and dates.

    Example: appeals check my-letter.txt --action update-3
    """
    from appeals.checking import check_letter, guess_lang, read_letter
    from appeals.choose import choose_action, choose_lang
    from appeals.loading import load_case_folder

    with _reported():
        text = read_letter(letter)
        folder = load_case_folder(case_dir, check_numbers=False)
        chosen = choose_action(folder, action)
        language = choose_lang(lang) if lang else guess_lang(text)
        items = check_letter(text, folder, chosen, language)
    name = {"en": "English", "ru": "Russian"}[language]
    lines = [f"Checking {letter} against {chosen.id} ({chosen.ua or folder.case.id}), in {name}:"]
    for item in items:
        mark = "pass" if item.passed else ("FAIL" if item.must else "note")
        lines.append(f"  {mark}  {item.label} — {item.detail}")
    missing = sum(item.failed_must for item in items)
    musts = sum(item.must for item in items)
    lines.append(
        f"{missing} of {musts} must-haves missing." if missing else "Every must-have is there."
    )
    typer.echo("\n".join(lines))
    if missing:
        raise typer.Exit(1)


class Platform(StrEnum):
    x = "x"
    instagram = "instagram"


@app.command()
def post(
    platform: Annotated[Platform, typer.Option(help="Where you post: x (Twitter) or instagram.")],
    target: Annotated[str, typer.Option(help="Whose account to tag.")] = "president",
    lang: Annotated[
        str | None,
        typer.Option(help="en or ru (default: your profile's, else en).", show_default=False),
    ] = None,
    action: Annotated[
        str | None,
        typer.Option(help="Action of the case; default: the newest.", show_default=False),
    ] = None,
    today: TodayOption = None,
    allow_late: Annotated[
        bool, typer.Option(help="Write the post even though the deadline has passed.")
    ] = False,
    case_dir: CaseOption = None,
) -> None:
    """A short public post that tags the target's account, names the person and makes the ask.

    Example: appeals post --platform x --lang ru
    """
    from appeals.choose import choose_action, choose_lang, choose_target
    from appeals.deadline import check_deadline
    from appeals.loading import load_case_folder
    from appeals.posts import compose_post
    from appeals.profile import load_profile

    with _reported():
        day = _today(today)
        profile = load_profile()
        chosen_lang = choose_lang(lang or (profile.lang if profile else None) or "en")
        folder = load_case_folder(case_dir, check_numbers=False)
        chosen_action = choose_action(folder, action)
        country = profile.country if profile else None
        chosen_target = choose_target(folder, target, country)
        _, warnings = check_deadline(
            chosen_action, folder.case.newest_fact(chosen_action), day, allow_late=allow_late
        )
        made = compose_post(folder, chosen_action, chosen_target, chosen_lang, platform.value)
    for message in warnings:
        _warn(message)
    typer.echo(made.text)
    _stderr_line("length", f"{made.length} of {made.limit} characters on {made.platform}", "green")


@app.command("import")
def import_ua(
    document: Annotated[
        Path, typer.Argument(metavar="FILE", help="The UA: a .txt, .md or .pdf file.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            help="Write a case folder here, for 'appeals draft --case'.", show_default=False
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the extracted fields as JSON.")
    ] = False,
    force: Annotated[
        bool, typer.Option(help="Replace the files of an existing case folder.")
    ] = False,
    today: TodayOption = None,
) -> None:
    """Read an Urgent Action document and extract its fields, or write a case folder from it.

    Example: appeals import ua-54-23.pdf --output cases/ua-54-23
    """
    from appeals.files import write_atomically
    from appeals.importing import case_files, parse_ua, read_document

    with _reported():
        ua = parse_ua(read_document(document))
        written = []
        if output is not None:
            files = case_files(ua, document.name, _today(today))
            existing = [name for name in files if (output / name).exists()]
            if existing and not force:
                raise UsageError(
                    f"{output}: already has {', '.join(existing)}; add --force to replace them"
                )
            for name, text in files.items():
                path = output / name
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, text.encode("utf-8"), force=True)
                written.append(path)
    if as_json:
        typer.echo(json.dumps(ua.as_dict(), ensure_ascii=False, indent=2))
    else:
        summary = ua.as_dict()
        lines = [
            f"{summary['title'] or '(no title)'} — {summary['ua_number'] or 'UA number not found'}"
        ]
        for key in (
            "index_number",
            "published",
            "deadline",
            "person_names",
            "pronouns",
            "preferred_languages",
            "previous_ua",
        ):
            value = summary[key]
            shown = ", ".join(value) if isinstance(value, list) else value
            lines.append(f"  {key:20} {shown if shown else '-'}")
        lines.append(f"  {'closed':20} {'yes' if ua.closed else 'no'}")
        for target in ua.targets:
            who = " — ".join(x for x in (target.name, target.title) if x)
            lines.append(
                f"  target ({target.role}): {who}; {', '.join(target.email) or 'no email'}"
            )
        lines.extend(f"  ask: {ask}" for ask in ua.asks)
        lines.append(f"  model letter: {'yes' if ua.model_letter else 'no'}")
        if ua.not_found():
            lines.append(f"Not found in the document: {', '.join(ua.not_found())}")
        typer.echo("\n".join(lines))
    for path in written:
        _stderr_line("wrote", str(path), "green")
    if written:
        _stderr_line("next", f"check the files, then: appeals draft --case {output}", "green")


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
            formats=["%Y-%m-%d"],
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
        typer.echo(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
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
            "--date", formats=["%Y-%m-%d"], help="When (default: today).", show_default=False
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


profile_app = typer.Typer(
    help="Your saved details (name, address, email, language), used by draft and post.",
    no_args_is_help=True,
)
app.add_typer(profile_app, name="profile")


@profile_app.command("set")
def profile_set(
    name: NameOption = None,
    address: AddressOption = None,
    city: CityOption = None,
    postcode: PostcodeOption = None,
    country: CountryOption = None,
    email: EmailOption = None,
    lang: Annotated[
        str | None, typer.Option(help="Your usual letter language: en or ru.", show_default=False)
    ] = None,
) -> None:
    """Save your details; only the options you give change.

    Example: appeals profile set --name "Jane Doe" --city Toronto --country CA
    """
    from appeals.choose import choose_country, choose_lang
    from appeals.drafting import DraftRequest, make_writer
    from appeals.profile import Profile, load_profile, save_profile

    with _reported():
        old = load_profile() or Profile()
        changes = {
            "name": name,
            "address": address,
            "city": city,
            "postcode": postcode,
            "country": choose_country(country) if country is not None else None,
            "email": email,
            "lang": choose_lang(lang) if lang is not None else None,
        }
        merged = {**old.model_dump(), **{k: v for k, v in changes.items() if v is not None}}
        # the same checks as a writer on the command line, with the same messages
        make_writer(
            DraftRequest(today=date.today(), **{k: v for k, v in merged.items() if k != "lang"}),
            merged["country"],
        )
        path = save_profile(Profile(**merged))
    typer.echo(f"Saved to {path}")
    typer.echo(_profile_text(Profile(**merged)), nl=False)


@profile_app.command("show")
def profile_show() -> None:
    """Show your saved details and where they are kept.

    Example: appeals profile show
    """
    from appeals.profile import load_profile, profile_path

    with _reported():
        profile = load_profile()
    if profile is None:
        typer.echo(
            f"No profile saved ({profile_path()}). Save one with: appeals profile set --name ..."
        )
        return
    typer.echo(f"Profile in {profile_path()}")
    typer.echo(_profile_text(profile), nl=False)


@profile_app.command("clear")
def profile_clear() -> None:
    """Delete your saved details.

    Example: appeals profile clear
    """
    from appeals.profile import clear_profile, profile_path

    removed = clear_profile()
    typer.echo(
        f"Deleted {profile_path()}" if removed else f"No profile to delete ({profile_path()})"
    )


def _profile_text(profile: Profile) -> str:
    rows = [
        ("name", profile.name),
        ("address", "; ".join(profile.address) or None),
        ("city", profile.city),
        ("postcode", profile.postcode),
        ("country", profile.country),
        ("email", profile.email),
        ("lang", profile.lang),
    ]
    return "".join(f"  {label:9} {value or '-'}\n" for label, value in rows)


def main() -> None:
    try:
        app(prog_name="appeals")
    except KeyboardInterrupt:  # before a command started, e.g. while Python was importing
        sys.stderr.write("Interrupted\n")
        sys.exit(130)
