"""The letter as an RFC 5322 draft message (.eml) that a mail client opens as unsent."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, time
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from functools import lru_cache

from appeals.export.text import letter_text
from appeals.models import Letter

# Python folds long encoded names in the middle of a word, and reading them back then adds a
# space ("Анна Петрова-Сидоренко Константиновна" came back altered). RFC 5322 allows lines of
# up to 998 characters; writer fields are capped well below that, so headers are never folded.
MAX_LINE = 998
_POLICY = SMTP.clone(max_line_length=MAX_LINE)


def letter_message(letter: Letter) -> EmailMessage:
    """The draft as a message object; every header value was validated when the Letter was made."""
    text = letter_text(letter)
    message = EmailMessage(policy=_POLICY)
    if letter.sender.email:
        message["From"] = Address(display_name=letter.sender.name, addr_spec=letter.sender.email)
    message["To"] = [Address(addr_spec=address) for address in letter.to]
    if letter.cc:
        message["Cc"] = [Address(addr_spec=address) for address in letter.cc]
    message["Subject"] = letter.subject
    # noon UTC on the letter's date: the same letter always makes the same bytes
    message["Date"] = format_datetime(datetime.combine(letter.date, time(12), tzinfo=UTC))
    digest = hashlib.sha256(f"{letter.to}{letter.cc}{letter.subject}{text}".encode()).hexdigest()
    message["Message-ID"] = f"<{digest[:32]}@appeals.invalid>"
    message["X-Unsent"] = "1"
    message.set_content(text, charset="utf-8")
    return message


def letter_eml(letter: Letter) -> bytes:
    """The draft's bytes: exactly what letter_message(letter).as_bytes() gives, made faster.

    In a batch most headers are the same for every letter, and parsing them again for each one
    was most of the time. Headers the batch shares are folded once by the email package; a
    plain ASCII From line and the MIME headers are written directly; anything else (a name that
    needs quoting or encoding, an overlong line) goes through the email package itself.
    tests/test_export.py proves the two equal.
    """
    text = letter_text(letter)
    body = text.encode("utf-8")
    if "\r" in text or max(map(len, body.split(b"\n"))) > MAX_LINE:
        return letter_message(letter).as_bytes()
    sender = letter.sender
    if sender.email is None:
        sender_line = b""
    elif _ATOMS.fullmatch(sender.name) and sender.email.isascii():
        sender_line = f"From: {sender.name} <{sender.email}>\r\n".encode("ascii")
    else:
        sender_line = _header_lines(
            "From", Address(display_name=sender.name, addr_spec=sender.email)
        )
        if len(sender_line) > MAX_LINE:
            return letter_message(letter).as_bytes()
    shared = _shared_headers(tuple(letter.to), tuple(letter.cc), letter.subject, letter.date)
    digest = hashlib.sha256(f"{letter.to}{letter.cc}{letter.subject}{text}".encode()).hexdigest()
    encoding = b"7bit" if body.isascii() else b"8bit"
    return b"".join(
        [
            sender_line,
            shared,
            f"Message-ID: <{digest[:32]}@appeals.invalid>\r\nX-Unsent: 1\r\n".encode("ascii"),
            b'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: ',
            encoding,
            b"\r\nMIME-Version: 1.0\r\n\r\n",
            body.replace(b"\n", b"\r\n"),
        ]
    )


# a display name of plain words: written as it is, with no quoting or encoding
_ATOMS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?: [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


@lru_cache(maxsize=64)
def _shared_headers(to: tuple[str, ...], cc: tuple[str, ...], subject: str, day: date) -> bytes:
    message = EmailMessage(policy=_POLICY)
    message["To"] = [Address(addr_spec=address) for address in to]
    if cc:
        message["Cc"] = [Address(addr_spec=address) for address in cc]
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.combine(day, time(12), tzinfo=UTC))
    return _headers(message)


def _header_lines(name: str, value: Address) -> bytes:
    message = EmailMessage(policy=_POLICY)
    message[name] = value
    return _headers(message)


def _headers(message: EmailMessage) -> bytes:
    """The header block as the email package writes it, without the blank line after it."""
    return message.as_bytes()[:-2]
