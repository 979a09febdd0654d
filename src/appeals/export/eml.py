"""The letter as an RFC 5322 draft message (.eml) that a mail client opens as unsent."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from appeals.export.text import letter_text
from appeals.models import Letter

# Python folds long encoded names in the middle of a word, and reading them back then adds a
# space ("Анна Петрова-Сидоренко Константиновна" came back altered). RFC 5322 allows lines of
# up to 998 characters; writer fields are capped well below that, so headers are never folded.
_POLICY = SMTP.clone(max_line_length=998)


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
    return letter_message(letter).as_bytes()
