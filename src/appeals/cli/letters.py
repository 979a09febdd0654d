"""`appeals draft`: one letter, in any format, to stdout, a file or a mail program."""

import os
import shutil
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from appeals.cli import base
from appeals.cli.base import (
    ActionOption,
    AddressOption,
    CaseOption,
    CityOption,
    CountryOption,
    EmailOption,
    Format,
    LangOption,
    NameOption,
    PaperSize,
    PostcodeOption,
    QuietOption,
    RegionOption,
    _log_entry,
    _log_letters,
    _reported,
    _stderr_line,
    _today,
    _warn,
    app,
    today_option,
)
from appeals.cli.plainwords import variant_value
from appeals.errors import UsageError

if TYPE_CHECKING:
    from appeals.drafting import ProfileUse
    from appeals.loading import CaseFolder
    from appeals.models import Letter


@app.command()
def draft(
    target: Annotated[
        str | None,
        typer.Option(
            metavar="TARGET",
            help="president, embassy (the one serving --country), embassy-ottawa or "
            "embassy-london; default: the action's first target (the President).",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
    action: ActionOption = None,
    output_format: Annotated[
        Format,
        typer.Option("--format", metavar="FORMAT", help="text, md, json, eml, mailto or pdf."),
    ] = Format.text,
    output: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Write to this file instead of stdout ('-' for stdout).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing --output file.")] = False,
    today: Annotated[
        date | None,
        today_option("the deadline is checked against it and the letter is dated with it"),
    ] = None,
    allow_late: Annotated[
        bool, typer.Option(help="Draft even though the appeal deadline has passed.")
    ] = False,
    case_dir: CaseOption = None,
    name: NameOption = None,
    address: AddressOption = None,
    city: CityOption = None,
    region: RegionOption = None,
    postcode: PostcodeOption = None,
    country: CountryOption = None,
    email: EmailOption = None,
    personal: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="A sentence in your own words, added to the letter.",
            show_default=False,
        ),
    ] = None,
    cc: Annotated[
        bool, typer.Option(help="Copy a letter to the President to the embassy serving --country.")
    ] = True,
    paper: Annotated[
        PaperSize,
        typer.Option(
            metavar="SIZE", help="Paper for --format pdf: a4, or letter for North America."
        ),
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
            parser=variant_value,
            metavar="NUMBER",
            help="Which wording (1-192); default: chosen from your name.",
            show_default=False,
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            help="Show the letter as plain text, without a frame, to paste into a web form."
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Draft an appeal letter, after checking the action's deadline.

    Example: appeals draft --target embassy --country GB --lang ru --name "Jane Doe"
    """
    from appeals.drafting import DraftRequest, checklist_warnings, draft_with_profile

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
            region=region,
            postcode=postcode,
            country=country,
            email=email,
            personal=personal,
            cc=cc,
            variant=variant,
        )
        drafted, request, profile_use = draft_with_profile(request)
        to_file = output is not None and str(output) != "-"
        if output is not None:
            from appeals.files import check_output_name

            check_output_name(output)
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
        if profile_use is not None and profile_use.owner is not None:
            notes.insert(0, _someone_else(profile_use))
        if drafted.language_note:
            _stderr_line("language", drafted.language_note, "green")
        for message in [*drafted.warnings, *notes, *([sent_before] if sent_before else [])]:
            _warn(message)
        if output is not None and to_file:
            from appeals.files import write_atomically

            write_atomically(output, data, force=force)
            base._say_written(output)  # before the log, which may wait for another process
            _log_letters([_log_entry(letter, output_format.value, data)])
        elif output_format is Format.text and base._stdout_is_terminal():
            _preview(letter, plain=plain or os.environ.get("TERM") == "dumb")
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
        if not quiet:
            _how_to_send(drafted.folder, letter, request.country, profile_use, cc)
        from appeals.usercache import save_emails, save_words

        save_emails()  # the next draft need not check the same addresses again
        save_words()  # nor stem the same words


def _someone_else(use: "ProfileUse") -> str:
    """The warning for a draft whose --name is not the profile's owner."""
    from appeals.language import join_and

    withheld = join_and(use.withheld, "en")
    kept = f"; kept from it: {', '.join(use.used)}" if use.used else ""
    if not withheld:
        return f"the profile in {use.path} is {use.owner}'s{kept}"
    return (
        f"the profile in {use.path} is {use.owner}'s: its {withheld} are not used for this "
        f"writer{kept}; give theirs with --address, --city and --email"
    )


def _how_to_send(
    folder: "CaseFolder",
    letter: "Letter",
    country: str | None,
    use: "ProfileUse | None",
    cc: bool,
) -> None:
    """After the letter: where it goes, the embassy to copy, the deadline (on stderr)."""
    from appeals.choose import choose_country
    from appeals.summary import sending_summary

    lines = []
    if use is not None and use.used:
        lines.append(f"From your profile ({use.path}): {', '.join(use.used)}.")
    lines.append("How to send it:")
    # on a terminal, long lines wrap under their label; in a file, each stays whole
    width = shutil.get_terminal_size().columns - 12 if sys.stderr.isatty() else 0
    for label, text in sending_summary(folder, letter, choose_country(country), cc):
        rows = [
            row
            for line in text.split("\n")
            for row in (
                textwrap.wrap(line, width, break_on_hyphens=False) if width > 20 else [line]
            )
        ]
        lines.append(f"  {label + ':':10}{rows[0]}")
        lines.extend(f"  {'':10}{row}" for row in rows[1:])
    sys.stderr.write("\n".join(lines) + "\n")


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


def _preview(letter: "Letter", *, plain: bool) -> None:
    """The letter on a terminal, wrapped to its width: framed, or plain to paste into a web
    form."""
    from rich.console import Console
    from rich.panel import Panel
    from rich.text import Text

    from appeals.export.text import letter_text

    console = Console(highlight=False)
    if plain:
        sys.stdout.write(letter_text(letter, width=max(20, min(72, console.width))))
        return
    width = max(20, min(72, console.width - 4))  # the frame and its padding take four columns
    console.print(
        Panel(
            Text(letter_text(letter, width=width)),
            title=Text(letter.subject),
            title_align="left",
            expand=False,
        )
    )
