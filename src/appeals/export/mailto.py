"""The letter as a mailto: link (RFC 6068) that opens a new message in the mail client."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from appeals.export.text import letter_text
from appeals.models import Letter

# Browsers and the Windows hand-off to a mail program cut links at about 2,000 characters
# (a Russian letter arrived as its first paragraph, ending in a broken character); RFC 6068
# gives no limit of its own. A link stays within this, so what it carries arrives whole.
SAFE_LENGTH = 2000


@dataclass(frozen=True)
class MailtoLink:
    link: str
    has_body: bool  # False: the letter did not fit; the link has To, Cc and Subject only
    length_with_body: int


def mailto_link(letter: Letter) -> MailtoLink:
    """To, Cc and Subject always; the body only while the whole link stays within SAFE_LENGTH."""
    to = ",".join(quote(address, safe="@") for address in letter.to)
    fields = [("cc", ",".join(letter.cc))] if letter.cc else []
    fields.append(("subject", letter.subject))
    head = f"mailto:{to}?{_query(fields)}"
    # RFC 6068: line breaks in the body are CRLF, percent-encoded as UTF-8
    with_body = (
        f"{head}&{_query([('body', letter_text(letter).replace(chr(10), chr(13) + chr(10)))])}"
    )
    if len(with_body) <= SAFE_LENGTH:
        return MailtoLink(with_body, True, len(with_body))
    return MailtoLink(head, False, len(with_body))


def letter_mailto(letter: Letter) -> str:
    return mailto_link(letter).link


def _query(fields: list[tuple[str, str]]) -> str:
    return "&".join(f"{name}={quote(value, safe='@,')}" for name, value in fields)
