"""A UA received by email: an .eml file (or a page a browser saved as .mht, which is one) read
with the standard `email` package, and a text pasted from a forwarded or quoted email, without
the mail program's additions (forward headers, "On … wrote:", "> " quoting)."""

from __future__ import annotations

import re
from email import policy
from email.message import Message
from email.parser import BytesParser
from pathlib import Path

from appeals.errors import DataError

_HEADER = re.compile(rb"^(?:[A-Za-z][A-Za-z0-9-]{1,40}):[ \t]", re.MULTILINE)
_MAIL_HEADERS = (
    b"from:",
    b"to:",
    b"subject:",
    b"date:",
    b"received:",
    b"return-path:",
    b"message-id:",
    b"mime-version:",
    b"delivered-to:",
    b"x-",
)


def looks_like_email(data: bytes) -> bool:
    """The file starts with a mail header block: "Name: value" lines, among them a sender's
    address and two more of mail's own (To, Subject, Date, Received, MIME-Version). A text
    that opens with "Date:" and "Subject:" lines is not yet an email."""
    head = data[:8192].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = [line for line in head.split(b"\n") if line and not line[:1].isspace()]
    if len(lines) < 3 or not all(_HEADER.match(line) for line in lines[:3]):
        return False
    sender = any(re.match(rb"(?i)(from|return-path):.*@", line) for line in lines)
    return sender and sum(line.lower().startswith(_MAIL_HEADERS) for line in lines) >= 3


class Part:
    """One readable part of a message: its bytes and what they are."""

    def __init__(
        self, kind: str, data: bytes, charset: str | None, name: str, flowed: str = ""
    ) -> None:
        self.kind, self.data, self.charset, self.name = kind, data, charset, name
        self.flowed = flowed  # "", "flowed", or "flowed delsp" (RFC 3676)


def message_parts(path: Path, data: bytes) -> tuple[str, list[Part]]:
    """The message's subject and its readable parts, the body's text before its HTML (the two
    halves of a multipart/alternative), attachments after."""
    try:
        return _message_parts(path, data)
    except RecursionError:  # the email parser and its walk recurse once per nested part
        raise DataError(
            f"{path}: parts nested inside each other thousands deep; not a UA email"
        ) from None


def _message_parts(path: Path, data: bytes) -> tuple[str, list[Part]]:
    message = BytesParser(policy=policy.default).parsebytes(data)
    subject = _subject(message)
    parts: list[Part] = []
    damaged: list[str] = []  # parts whose base64 lost characters or has some that are not
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        attached = part.get_content_disposition() == "attachment"
        name = part.get_filename() or ""
        if kind in ("text/plain", "text/html", "application/pdf") or name.lower().endswith(
            (".pdf", ".txt", ".html", ".htm")
        ):
            try:
                payload = part.get_payload(decode=True)
            except (ValueError, TypeError, LookupError):
                payload = None
            label = f"attachment {name}" if attached else kind
            if any(type(defect).__name__ in _DAMAGED for defect in part.defects):
                damaged.append(label)  # decoded into something else than was sent
                continue
            if isinstance(payload, bytes) and payload.strip():
                flowed = ""
                if str(part.get_param("format", "")).lower() == "flowed":
                    delsp = str(part.get_param("delsp", "")).lower() == "yes"
                    flowed = "flowed delsp" if delsp else "flowed"
                parts.append(Part(kind, payload, part.get_content_charset(), label, flowed))
    if not parts and damaged:
        raise DataError(
            f"{path}: its {damaged[0]} part could not be decoded (damaged base64: characters "
            "missing or not base64); save or forward the UA again"
        )
    if not parts:
        raise DataError(
            f"{path}: an email with no text, web page or PDF in it; forward the UA itself "
            "or save its page as .html"
        )
    return subject, parts


_DAMAGED = ("InvalidBase64LengthDefect", "InvalidBase64CharactersDefect")


def _subject(message: Message) -> str:
    try:
        subject = str(message.get("Subject", "") or "")
    except (ValueError, TypeError, LookupError):
        return ""
    return re.sub(r"^(?:\s*(?:re|fwd?|aw|wg|tr|rv|enc|rif)\s*:\s*)+", "", subject, flags=re.I)


# the line a mail program puts above a forwarded or quoted message, in several languages
_FORWARD = re.compile(
    r"^\s*(?:-{2,}\s*(?:Forwarded message|Original Message|Weitergeleitete Nachricht|"
    r"Ursprüngliche Nachricht|Message transféré|Message d.origine|Mensaje reenviado|"
    r"Mensaje original|Пересылаемое сообщение|Исходное сообщение)\s*-{2,}|"
    r"Begin forwarded message:|Anfang der weitergeleiteten Nachricht:|"
    r"Début du message réexpédié\s*:|Inicio del mensaje reenviado:)\s*$",
    re.IGNORECASE,
)
_FORWARD_FIELD = re.compile(
    r"^\s*\*?(?:From|To|Cc|Bcc|Date|Sent|Subject|Reply-To|Von|An|Gesendet|Datum|Betreff|"
    r"De|À|A|Para|Envoyé|Objet|Asunto|Enviado|Fecha|От|Кому|Дата|Тема|Отправлено)\*?\s*:",
    re.IGNORECASE,
)
_FORWARD_SUBJECT = re.compile(
    r"^\s*\*?(?:Subject|Betreff|Objet|Asunto|Тема)\*?\s*:\s*(.*)", re.IGNORECASE
)
# "On Tue, 5 Mar 2024 at 10:12, Sam <sam@example.net> wrote:": a time or an address in it, so
# that a UA's own "On 3 March the judge wrote:" stays
_WROTE = re.compile(
    r"^\s*(?:On|Am|Le|El|\d)\b(?=.*(?:@|\d{1,2}:\d{2})).{0,160}"
    r"(?:wrote|schrieb|a écrit|escribió|написал\w*)\s*:\s*$",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"^[ \t]*((?:>[ \t]?)+)")


_SENDER = re.compile(r"^\s*\*?(?:From|Von|De|От|Sender)\*?\s*:", re.IGNORECASE)
_RULE = re.compile(r"^\s*_{10,}\s*$")  # Outlook's line above the message it forwards


def _header_starts(lines: list[str], at: int) -> bool:
    """A forward's header begins at `at`: its marker line, or Outlook's rule or a bare sender
    line followed by two more mail fields (Sent, To, Subject)."""
    if _FORWARD.match(lines[at]):
        return True
    start = at + 1 if _RULE.match(lines[at]) else at
    fields = [line for line in lines[start : start + 6] if line.strip()][:3]
    return (
        len(fields) == 3
        and bool(_SENDER.match(fields[0]))
        and all(_FORWARD_FIELD.match(line) for line in fields)
    )


def unforwarded(text: str) -> str:
    """The text of a pasted email without what the mail program and the sender added: when most
    lines are quoted, the quoted ones without their "> " (the rest is the reply); the note above
    a forward's header, the header itself and an "On … wrote:" line (their dates and addresses
    are the mail's, not the UA's). A forwarded Subject with a number in it stays as a line."""
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    quoted = sum(1 for line in filled if _QUOTE.match(line))
    if filled and quoted * 2 > len(filled):
        lines = [_QUOTE.sub("", line) for line in lines if _QUOTE.match(line) or not line.strip()]
    starts = [i for i in range(len(lines)) if _header_starts(lines, i)]
    if starts:
        lines = lines[starts[0] :]  # what came before is the sender's note
        starts = [i - starts[0] for i in starts]
    out: list[str] = []
    in_header = False
    for at, line in enumerate(lines):
        if at in starts and not in_header:
            in_header = True
            if _FORWARD.match(line) or _RULE.match(line):
                continue
        if in_header:
            if not line.strip():
                in_header = False
                continue
            if _FORWARD_FIELD.match(line):
                subject = _FORWARD_SUBJECT.match(line)
                if subject and re.search(r"\d+\s*[./]\s*\d+", subject[1]):
                    out.append(subject[1].strip())  # "Fwd: UA 31/22 …": the number, kept
                continue
            if line.startswith((" ", "\t")):
                continue  # a header's folded continuation
            in_header = False
        if _WROTE.match(line) and len(line) < 240:
            continue
        out.append(line)
    return "\n".join(out)


def unflowed(text: str, delsp: bool) -> str:
    """A "format=flowed" text part (RFC 3676) as its paragraphs: a line that ends in a space
    goes on in the next line; a leading space that protects a line is taken off."""
    out: list[str] = []
    flowing = False
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw[1:] if raw.startswith(" ") else raw
        if flowing and out:
            out[-1] += line
        else:
            out.append(line)
        flowing = line.endswith(" ") and line.strip() != "--"
        if flowing and delsp:
            out[-1] = out[-1][:-1]
    return "\n".join(out)
