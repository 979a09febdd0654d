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
    copy: Annotated[
        bool,
        typer.Option(
            "--copy",
            help="With --format mailto: put the letter's text on the clipboard (wl-copy, xclip, "
            "xsel, pbcopy or clip.exe), to paste when the link is too long to carry it.",
        ),
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
        if copy and output_format is not Format.mailto:
            raise UsageError("--copy goes with --format mailto")
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
            base._say_written(output)  # before the log, which may wait for another process
            _log_letters([_log_entry(letter, output_format.value, data)])
        elif output_format is Format.text and base._stdout_is_terminal():
            _preview(data.decode("utf-8"), drafted.letter.subject)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        if copy:
            from appeals.export.text import letter_text

            _copy_to_clipboard(letter_text(letter))
        if open_draft:
            _open_link(data.decode("ascii").strip())
        if not to_file and (open_draft or _stdout_is_a_file()):
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
        entry = ActionLog().last_sent(letter.case, letter.action, letter.target, letter.sender.name)
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
        from appeals.export.mailto import SAFE_LENGTH, mailto_link

        link = mailto_link(letter)
        if not link.has_body:
            notes.append(
                f"the letter is too long for a mailto: link ({link.length_with_body} characters; "
                f"mail programs cut at about {SAFE_LENGTH}), so the link has To, Cc and Subject "
                "only: add --copy to put the letter on the clipboard, or use --format eml or "
                "--format text"
            )
    return data, notes


# clipboard programs, tried in this order: Wayland, X11 (two), macOS, Windows and WSL
_CLIPBOARDS = (
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("pbcopy",),
    ("clip.exe",),
)


def _copy_to_clipboard(text: str) -> None:
    """Put the letter on the clipboard with the first clipboard program found, or say there is
    none."""
    import shutil
    import subprocess

    found = [command for command in _CLIPBOARDS if shutil.which(command[0])]
    if not found:
        names = ", ".join(command[0] for command in _CLIPBOARDS)
        _warn(f"no clipboard program found ({names}); copy the letter from --format text")
        return
    command = found[0]
    # clip.exe reads UTF-16 with a byte-order mark; the others read UTF-8
    data = text.encode("utf-16") if command[0] == "clip.exe" else text.encode("utf-8")
    try:
        subprocess.run(command, input=data, check=True, capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        _warn(f"{command[0]} could not take the letter; copy it from --format text")
        return
    _stderr_line("copied", f"the letter to the clipboard (with {command[0]})", "green")


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
