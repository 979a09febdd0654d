"""The Typer app, the options and helpers every command shares, and the entry point."""

import errno
import io
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from appeals.cli.plainwords import (
    AppealsGroup,
    country_value,
    date_value,
    lang_value,
)
from appeals.errors import AppealsError
from appeals.unseen import C1_AND_BIDI

if TYPE_CHECKING:  # only for annotations: --help must not pay for the models' imports
    from appeals.log import NewEntry
    from appeals.models import Letter

app = typer.Typer(
    cls=AppealsGroup,
    name="appeals",
    help="Deadline-checked appeal letters for Amnesty International Urgent Actions.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion SHELL
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
        metavar="FOLDER",
        help="Case folder: targets.yaml, case.yaml, letters/ (default: the bundled UA 31/22).",
        show_default=False,
    ),
]
ActionOption = Annotated[
    str | None,
    typer.Option(
        metavar="ACTION",
        help="Action of the case (see 'appeals case'); default: the newest on the letter's date.",
        show_default=False,
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        parser=lang_value,
        metavar="LANGUAGE",
        help="Letter language, by name or code (en, ru, es, fr, de); default: the one the case "
        "sets for the action, else your profile's, else English.",
        show_default=False,
    ),
]


def today_option(does: str) -> Any:
    """--today, whose help says what the date is used for on this command."""
    return typer.Option(
        "--today",
        envvar="APPEALS_TODAY",
        parser=date_value,
        metavar="DATE",
        help=f"Take DATE (YYYY-MM-DD) as today: {does}.",
        show_default=False,
    )


# for a command that does not yet say what --today does for it; prefer today_option("...")
TodayOption = Annotated[date | None, today_option("the date this command takes as today")]

# the writer's details, the same for `draft`, `post` and `profile set`
NameOption = Annotated[
    str | None, typer.Option(metavar="NAME", help="Your name, as you sign.", show_default=False)
]
AddressOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="LINE",
        help="A line of your postal address (street and number); repeat for each line.",
        show_default=False,
    ),
]
CityOption = Annotated[
    str | None, typer.Option(metavar="CITY", help="Your town or city.", show_default=False)
]
RegionOption = Annotated[
    str | None,
    typer.Option(
        metavar="REGION",
        help="Your province, state or county, where your country's addresses have one "
        "(ON, California).",
        show_default=False,
    ),
]
PostcodeOption = Annotated[
    str | None, typer.Option(metavar="CODE", help="Your postal code.", show_default=False)
]
CountryOption = Annotated[
    str | None,
    typer.Option(
        parser=country_value,
        metavar="COUNTRY",
        help="Your country, by name or code: Canada, United Kingdom, CA, UK, GB.",
        show_default=False,
    ),
]
EmailOption = Annotated[
    str | None,
    typer.Option(metavar="ADDRESS", help="Your email address.", show_default=False),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No summary of how to send the letter.")
]


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
    except OSError as err:  # the system refused something no check foresaw: still one line
        if os.environ.get("APPEALS_DEBUG") == "1" or err.errno == errno.EPIPE:
            raise  # a closed pipe (`| head`) where SIGPIPE is ignored: Click's to end quietly
        where = f"{err.filename}: " if err.filename else ""
        _fail(f"{where}{err.strerror or err}", 1)
    except KeyboardInterrupt:
        if os.environ.get("APPEALS_DEBUG") == "1":
            raise
        # files are written whole or not at all, so nothing needs cleaning up
        _stderr_line(
            "Interrupted", "stopped before the end; files already written are complete", "red"
        )
        raise typer.Exit(130) from None


def _echo_json(value: object) -> None:
    """`--json` output: UTF-8 as it is, indented (json is imported only when asked for); the
    characters a terminal acts on that json leaves as they are (DEL, C1 controls, bidi
    overrides) are escaped too, which reads back as the same value."""
    import json

    typer.echo(json_for_terminal(json.dumps(value, ensure_ascii=False, indent=2)))


def json_for_terminal(text: str) -> str:
    """JSON text with DEL, C1 control characters and bidi overrides written as \\uXXXX."""
    return re.sub(f"[{C1_AND_BIDI}]", lambda m: f"\\u{ord(m.group()):04x}", text)


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


def _say_written(path: object) -> None:
    """Print the path of a file just written; with stdout closed the file is what counts."""
    try:
        typer.echo(str(path))
    except OSError as err:
        if err.errno != errno.EBADF:
            raise


def _today(value: date | None) -> date:
    """The date --today gave (a datetime from an older option, too), else the real today."""
    if isinstance(value, datetime):
        return value.date()
    return value or date.today()


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


def _log_entry(letter: "Letter", fmt: str, data: bytes) -> "NewEntry":
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


def _log_letters(entries: Iterable["NewEntry"]) -> None:
    """Record letters already written; a log that fails loses no letter, so it only warns."""
    from appeals.log import ActionLog, LogInterrupted

    try:
        ActionLog().record(entries)
    except LogInterrupted as err:  # Ctrl-C while another process held the log
        _stderr_line("Interrupted", f"the letter is written, but {err}", "red")
        raise typer.Exit(130) from None
    except AppealsError as err:
        _warn(f"the letters are written, but the action log was not updated: {err}")


CLOSED_STDOUT = "standard output is closed; send it to a file (> letter.txt) or use --output"


class _ClosedStdout(io.TextIOBase):
    """What stdout becomes when the shell closed it (`>&-`): writing text or bytes to it is an
    error at once (nothing waits in a buffer to fail again at exit)."""

    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, CLOSED_STDOUT)

    def isatty(self) -> bool:
        return False

    @property
    def buffer(self) -> "_ClosedStdout":
        return self


class _Guarded:
    """stdout or stderr, as the Unix convention wants them when the other end goes away.

    stdout: a reader that stops reading (`appeals log | head -1`, `draft | true`) ends the
    program quietly with 141, the shell's code for a writer whose pipe closed. Files are written
    and logged before anything is printed about them, so nothing is cut short.
    stderr: a warning that cannot be shown is dropped; it never stops a letter.
    """

    def __init__(self, stream: Any, fd: int) -> None:
        self._stream, self._fd = stream, fd

    def write(self, data: Any) -> int:
        try:
            return int(self._stream.write(data))
        except OSError as err:
            return self._failed(err, len(data))

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as err:
            self._failed(err, 0)

    def _failed(self, err: OSError, size: int) -> int:
        if err.errno not in (errno.EPIPE, errno.EBADF) or self._fd not in (1, 2):
            if err.filename is None and self._fd == 1:  # a full disk, an I/O error: say where
                err.filename = "standard output"
            raise err
        if err.errno == errno.EBADF and self._fd == 1:
            raise err  # stdout closed from the start: _reported says so
        devnull = os.open(os.devnull, os.O_WRONLY)  # what is still buffered goes nowhere
        os.dup2(devnull, self._fd)
        os.close(devnull)
        if self._fd == 2:
            return size
        raise SystemExit(141)

    @property
    def buffer(self) -> "_Guarded":
        return _Guarded(self._stream.buffer, self._fd)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _standard_streams() -> None:
    """stdin, stdout and stderr set up once, before any command runs.

    A stream the shell closed (`>&-`, `2>&-`) gets /dev/null on its number, so that no file
    opened later (a letter, the log) takes number 1 or 2 and receives what was meant for the
    screen. Without stderr the letter is still made and its warnings are lost; without stdout,
    printing is an error that says so. Pipes closed by their reader: see _Guarded.
    """
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
    for fd in closed:
        opened = os.open(os.devnull, os.O_RDWR)
        if opened != fd:
            os.dup2(opened, fd)
            os.close(opened)
    if 2 in closed or sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    if 1 in closed or sys.stdout is None:
        sys.stdout = _ClosedStdout()
    else:
        sys.stdout = _Guarded(sys.stdout, 1)
    sys.stderr = _Guarded(sys.stderr, 2)


_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _shell_named(argv: list[str]) -> bool:
    """`--show-completion bash` or `--install-completion zsh`: a shell named on the line."""
    for flag in ("--show-completion", "--install-completion"):
        for index, word in enumerate(argv):
            named = word.partition("=")[2] if word.startswith(f"{flag}=") else None
            if word == flag and index + 1 < len(argv):
                named = argv[index + 1]
            if named in _SHELLS:
                return True
    return False


# the module that registers each command, in the order `appeals --help` lists them
COMMANDS = {
    "letters": ("draft",),
    "case_info": ("targets", "case"),
    "group": ("batch",),
    "voice": ("check", "post"),
    "importer": ("import",),
    "records": ("log", "sent", "report"),
    "profile": ("profile",),
}


def register(argv: list[str]) -> None:
    """Register the commands a run needs: when its line starts with a command's name, that
    command's module alone (the others' imports, and Typer reading their options, were a
    twelfth of a draft's start); else every command, for help, completion or a mistyped name."""
    import importlib

    word = argv[0] if argv and "_APPEALS_COMPLETE" not in os.environ else None
    needed = [module for module, names in COMMANDS.items() if word in names]
    for module in needed or COMMANDS:
        importlib.import_module(f"appeals.cli.{module}")


# commands that work through thousands of rows or pages, where the cyclic garbage collector
# frees what a long run would otherwise pile up
_LONG_RUNS = frozenset({"batch", "import"})


def main() -> None:
    import gc

    collecting = gc.isenabled()
    if not _LONG_RUNS.intersection(sys.argv[1:2]):
        # one letter, one short process: the collector, run again and again while Python
        # imports the libraries, was 3% of a draft's instructions and freed next to nothing
        gc.disable()
    try:
        _main()
    finally:
        # what is left is freed as the process ends; frozen, it is not walked once more by the
        # collection Python makes at exit (7% of a draft's instructions)
        gc.freeze()
        if collecting:  # as it was, for a caller that goes on (a test)
            gc.enable()


def _main() -> None:
    # pydantic otherwise reads the entry points of every installed package on the first model,
    # looking for plugins this tool does not use (~6 ms with 130 packages); set it to override
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if _shell_named(sys.argv[1:]):
        # Typer's completion options guess the shell from the parent processes and ignore a
        # shell named after them (a script or CI has no shell to guess from); this switch
        # makes them take the name given
        os.environ["_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"] = "1"
    _standard_streams()
    try:
        register(sys.argv[1:])
        # not standalone: usage errors come back here to be put in plain words
        code = app(prog_name="appeals", standalone_mode=False)
    except KeyboardInterrupt:  # before a command started, e.g. while Python was importing
        sys.stderr.write("Interrupted\n")
        sys.exit(130)
    except typer.Abort:
        sys.stderr.write("Aborted\n")
        sys.exit(1)
    except OSError as err:  # outside any command's own handling: still one line
        if os.environ.get("APPEALS_DEBUG") == "1":
            raise
        where = f"{err.filename}: " if err.filename else ""
        _stderr_line("error", f"{where}{err.strerror or err}", "red")
        sys.exit(1)
    except Exception as err:
        if not (hasattr(err, "show") and isinstance(getattr(err, "message", None), str)):
            raise
        # a usage error (exit 2): Typer words some in pydantic's terms
        err.message = _plain_usage(err.message)  # type: ignore[attr-defined]
        err.show()
        sys.exit(getattr(err, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)


def _plain_usage(message: str) -> str:
    message = message.removeprefix("Value error, ")
    message = re.sub(
        r"Input should be a valid (integer|number)[^.]*", "should be a whole number", message
    )
    return message.replace("Input should be", "should be")
