"""The letter as a mailto: link (RFC 6068) that opens a new message in the mail client."""

from __future__ import annotations

from urllib.parse import quote

from appeals.export.text import letter_text
from appeals.models import Letter

# Mail clients and browsers cut or refuse longer links; RFC 6068 gives no limit of its own.
SAFE_LENGTH = 2000


def letter_mailto(letter: Letter) -> str:
    to = ",".join(quote(address, safe="@") for address in letter.to)
    fields = [("cc", ",".join(letter.cc))] if letter.cc else []
    # RFC 6068: line breaks in the body are CRLF, percent-encoded as UTF-8
    fields += [("subject", letter.subject), ("body", letter_text(letter).replace("\n", "\r\n"))]
    query = "&".join(f"{name}={quote(value, safe='@,')}" for name, value in fields)
    return f"mailto:{to}?{query}"
