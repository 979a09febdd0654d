"""`appeals draft`: one letter, in any format, to stdout, a file or a mail program."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from appeals.cli import base
from appeals.cli.base import (
    AddressOption,
    CaseOption,
    CityOption,
    CountryOption,
    EmailOption,
    Format,
    NameOption,
    PaperSize,
    PostcodeOption,
    TodayOption,
    _log_entry,
    _log_letters,
    _reported,
    _stderr_line,
    _today,
    _warn,
    app,
)
from appeals.errors import UsageError

if TYPE_CHECKING:
    from appeals.models import Letter


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
            help="Letter language, a code such as en, ru, es, fr or de (default: the one the "
            "case sets for the action, else your profile's, else en).",
            show_default=False,
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
        if output_format is Format.pdf and not to_file and base._stdout_is_terminal():
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
        if drafted.language_note:
            _stderr_line("language", drafted.language_note, "green")
        for message in [*drafted.warnings, *notes, *([sent_before] if sent_before else [])]:
            _warn(message)
        if output is not None and to_file:
            from appeals.files import write_atomically

            write_atomically(output, data, force=force)
            typer.echo(str(output))
        elif output_format is Format.text and base._stdout_is_terminal():
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


def _already_sent(letter: "Letter") -> str | None:
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


def _export(letter: "Letter", output_format: Format, paper: PaperSize) -> tuple[bytes, list[str]]:
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
