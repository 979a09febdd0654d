"""`draft --edit`: the writer changes the drafted letter in their own editor."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from pydantic import ValidationError

from appeals.errors import DataError, InputError
from appeals.export.text import letter_text
from appeals.files import read_input
from appeals.models import Letter, Sender, Writer, has_control_characters


def edit_letter(letter: Letter) -> tuple[Letter, bool]:
    """Open the letter in $VISUAL or $EDITOR; returns the saved letter and whether it changed."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise InputError("--edit needs an editor: set EDITOR, for example export EDITOR=nano")
    variable = "VISUAL" if os.environ.get("VISUAL") else "EDITOR"
    try:
        command = shlex.split(editor)
    except ValueError as err:  # an unbalanced quote, a backslash at the end
        raise InputError(f"{variable}: cannot read {editor!r} ({err}); fix {variable}") from None
    if not command or not command[0]:
        raise InputError(f"{variable} names no program; set it, for example export EDITOR=nano")
    original = letter_text(letter)
    with tempfile.TemporaryDirectory(prefix="appeals-") as folder:
        path = Path(folder) / f"{letter.action}-{letter.target}-{letter.lang}.txt"
        path.write_text(original, encoding="utf-8")
        try:
            subprocess.run([*command, str(path)], check=True)
        except FileNotFoundError:
            raise InputError(f"the editor {editor!r} was not found; check {variable}") from None
        except OSError as err:
            raise InputError(
                f"the editor {editor!r} cannot be run ({err.strerror}); check {variable}"
            ) from None
        except subprocess.CalledProcessError as err:
            how = (
                f"was stopped by signal {-err.returncode}"
                if err.returncode < 0
                else f"stopped with exit {err.returncode}"
            )
            raise InputError(f"the editor {editor!r} {how}; nothing was written") from None
        try:
            saved = read_input(path, "the edited letter", limit=MAX_EDITED).decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("the edited letter is not UTF-8 text; save it as UTF-8") from None
        except DataError:
            raise InputError(
                f"the edited letter is gone, or not a file of under {MAX_EDITED >> 10} KB; "
                "nothing was written"
            ) from None
    if not saved.strip():
        raise InputError("the edited letter is empty; nothing was written")
    if saved == original:
        return letter, False
    return parse_letter(saved, letter), True


MAX_EDITED = 256 * 1024  # bytes; a one-page letter is a few kilobytes


def parse_letter(text: str, drafted: Letter) -> Letter:
    """Read an edited text letter back: blocks of lines separated by blank lines, in the order
    the text export writes them (date, recipient, greeting, paragraphs, closing, signature)."""
    blocks = [block.strip("\n").split("\n") for block in _blocks(text)]
    copy_line = None
    if len(blocks) > 6 and blocks[-1][0].strip().lower().startswith(_COPY_LABELS):
        # the "cc:" line after the signature
        copy_line = " ".join(line.strip() for line in blocks.pop())
    if len(blocks) < 6:
        raise InputError(
            "the edited letter needs its date, the recipient's address, the greeting, at least one "
            "paragraph, the closing and your signature, each separated by a blank line"
        )
    date, recipient, greeting, *paragraphs, closing, signature = blocks
    email = signature[-1].strip() if len(signature) > 1 and "@" in signature[-1] else None
    address = signature[1:-1] if email else signature[1:]
    for line in (*date, *recipient, *greeting, *closing, *(ln for p in paragraphs for ln in p)):
        if has_control_characters(line.replace("\t", " ")):
            raise InputError(
                f"the edited letter has a control character in {line.strip()[:40]!r}; "
                "write plain text"
            )
    _check_signature(signature[0].strip(), [line.strip() for line in address], email)
    return drafted.model_copy(
        update={
            "date_text": " ".join(line.strip() for line in date),
            "recipient_address": [line.strip() for line in recipient],
            "salutation": " ".join(line.strip() for line in greeting),
            "paragraphs": [" ".join(line.strip() for line in block) for block in paragraphs],
            "closing": " ".join(line.strip() for line in closing),
            "sender": Sender(
                name=signature[0].strip(),
                address=[line.strip() for line in address],
                email=email,
            ),
            "copy_line": copy_line,
        }
    )


_COPY_LABELS = ("cc:", "копия:")


def _check_signature(name: str, address: list[str], email: str | None) -> None:
    """The edited signature passes the checks a name, an address and an email typed as options
    pass: an edit cannot add a header (`Jane >, Bcc <…>`) or a control character."""
    placeholder = name.startswith("[") and name.endswith("]")
    try:
        Writer(
            name=None if placeholder else name,
            address=[line for line in address if not line.startswith("[")],
            email=email,
        )
    except ValidationError as err:
        first = err.errors()[0]
        field = {"name": "your name", "address": "your address", "email": "your email"}.get(
            str(first["loc"][0]) if first["loc"] else "", "the signature"
        )
        message = first["msg"].removeprefix("Value error, ")
        raise InputError(f"the edited letter's signature: {field} {message}") from None


def _blocks(text: str) -> list[str]:
    blocks, current = [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks
