"""The letter as an RFC 5322 draft message (.eml) that a mail client opens as unsent.

What real readers need, and where it comes from:

- header lines of at most 78 characters (RFC 5322 2.1.1), folded only between words;
- encoded-words of at most 75 characters (RFC 2047 2), cut only between characters;
- a body in `format=flowed` (RFC 3676): paragraphs are wrapped at 72 columns with a space at
  the end of each wrapped line, so a phone re-flows them and a terminal shows them as wrapped;
- `Content-Language` (RFC 3282); CRLF line ends throughout, the last line included;
- an internationalised domain in its IDNA (punycode) form, which any server can route.

The encoded-words come from the standard library (`email.charset`), and every draft reads back
through `email.message_from_bytes` exactly as written (tests/test_eml.py). Folding is done here
rather than by the email package's own folder because that one cuts encoded-words inside a word,
and Python's parser then reads a display name back with a space in the word
("Константиновна" came back as "К онстантиновна").
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, time
from email import message_from_bytes, quoprimime
from email.charset import Charset
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime, quote
from functools import lru_cache

from appeals.errors import InputError
from appeals.export.text import flowed_head as text_flowed_head
from appeals.export.text import text_parts
from appeals.models import Letter

MAX_LINE = 78  # RFC 5322: a header line SHOULD be no longer
MAX_WORD = 75  # RFC 2047: an encoded-word MUST be no longer
MAX_BODY_LINE = 998  # RFC 5322: a body line MUST be no longer (else quoted-printable)
_UTF8 = Charset("utf-8")  # base64 encoded-words: "=?utf-8?b?...?="
# bytes one encoded-word carries: 12 characters of frame, 4 base64 characters per 3 bytes
_WORD_BYTES = (MAX_WORD - len("=?utf-8?b??=")) // 4 * 3
# an atom (RFC 5322 3.2.3) that no reader would take for an encoded-word
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")


def letter_message(letter: Letter) -> EmailMessage:
    """The draft as the email package reads it back: headers decoded, body unwrapped."""
    message = message_from_bytes(letter_eml(letter), policy=default)
    assert isinstance(message, EmailMessage)
    return message


def letter_eml(letter: Letter) -> bytes:
    """The draft's bytes: CRLF lines, folded headers, a format=flowed UTF-8 body."""
    head, signature = text_parts(letter)
    flowed_head, longest, ascii_head = _flowed_head(text_flowed_head(letter))
    sender = letter.sender
    from_line = ""
    if sender.email is not None:
        from_line = _fold("From", _mailbox(sender.name, _ascii_address(sender.email)))
    shared = _shared_headers(
        tuple(letter.to), tuple(letter.cc), letter.subject, letter.date, letter.lang
    )
    # the hash of the letter's recipients, subject and text, of which most is the same for
    # every writer: the hash of that part is taken once and carried on with the signature
    digest = _hashed(f"{letter.to}{letter.cc}{letter.subject}", head).copy()
    digest.update(signature.encode())
    tail = _flowed_body(signature).encode("utf-8")
    longest = max(longest, *map(len, tail.split(b"\r\n")))
    if longest > MAX_BODY_LINE:
        body = _flowed_body(text_flowed_head(letter) + signature)
        encoding, data = "quoted-printable", quoprimime.body_encode(body, eol="\r\n").encode()
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
    else:
        data = flowed_head + tail
        encoding = "7bit" if ascii_head and tail.isascii() else "8bit"
    head_lines = (
        f"{from_line}{shared}Message-ID: <{digest.hexdigest()[:32]}@appeals.invalid>\r\n"
        "X-Unsent: 1\r\n"
        'Content-Type: text/plain; charset="utf-8"; format=flowed\r\n'
        f"Content-Transfer-Encoding: {encoding}\r\nMIME-Version: 1.0\r\n\r\n"
    )
    return head_lines.encode("ascii") + data


@lru_cache(maxsize=256)  # a batch's letters share the text up to the signature
def _flowed_head(head: str) -> tuple[bytes, int, bool]:
    """The flowed body's first part as bytes, its longest line, and whether it is ASCII. It
    ends with a line break, so stuffing it alone is stuffing it within the whole body."""
    data = _flowed_body(head).encode("utf-8")
    return data, max(map(len, data.split(b"\r\n"))), data.isascii()


@lru_cache(maxsize=256)
def _hashed(prefix: str, head: str) -> hashlib._Hash:
    return hashlib.sha256(f"{prefix}{head}".encode())


@lru_cache(maxsize=64)  # a batch shares them: one fold for every letter
def _shared_headers(
    to: tuple[str, ...], cc: tuple[str, ...], subject: str, day: date, lang: str
) -> str:
    lines = [_fold("To", _address_list(to))]
    if cc:
        lines.append(_fold("Cc", _address_list(cc)))
    lines.append(_fold("Subject", _unstructured(subject)))
    # noon UTC on the letter's date: the same letter always makes the same bytes
    lines.append(f"Date: {format_datetime(datetime.combine(day, time(12), tzinfo=UTC))}\r\n")
    lines.append(f"Content-Language: {lang}\r\n")
    return "".join(lines)


def _fold(name: str, tokens: list[str]) -> str:
    """One header: tokens joined by single spaces, a line broken only at those spaces."""
    head = f"{name}:"
    lines = [head]
    for token in tokens:
        line = lines[-1]
        fits = len(line) + 1 + len(token) <= MAX_LINE
        if not fits and (line != head or len(token) + 1 <= MAX_LINE):
            lines.append(f" {token}")
        else:
            lines[-1] = f"{line} {token}"
    return "\r\n".join(lines) + "\r\n"


def _address_list(addresses: tuple[str, ...]) -> list[str]:
    ascii_addresses = [_ascii_address(address) for address in addresses]
    return [f"{address}," for address in ascii_addresses[:-1]] + ascii_addresses[-1:]


def _mailbox(name: str, address: str) -> list[str]:
    """`Display Name <address>` as foldable tokens (RFC 5322 3.4)."""
    return [*_display_name(name), f"<{address}>"]


def _display_name(name: str) -> list[str]:
    words = name.split(" ")
    if name.isascii() and "=?" not in name:
        if all(_ATOM.fullmatch(word) for word in words):
            return words
        # a quoted string may fold at its spaces: unfolding gives them back
        return f'"{quote(name)}"'.split(" ")
    # Python's parser reads the white space between two encoded-words of a name as a space
    # (RFC 2047 says to drop it), so an encoded-word holds whole words and the space between
    # two of them is the fold; a word too long for one encoded-word stays whole.
    tokens: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if word and not (_ATOM.fullmatch(word) and "=?" not in word):
            if run and len(" ".join([*run, word]).encode()) > _WORD_BYTES:
                tokens.append(_UTF8.header_encode(" ".join(run)))
                run = []
            run.append(word)
            continue
        if run:
            tokens.append(_UTF8.header_encode(" ".join(run)))
            run = []
        if word:
            tokens.append(word)
    return tokens


def _unstructured(text: str) -> list[str]:
    """A Subject as foldable tokens: plain ASCII words as they are, the rest encoded.

    In unstructured text every reader drops the white space between two encoded-words, so a
    run of encoded words carries its own spaces and may be cut between any two characters;
    it is cut after a space where one is near.
    """
    tokens: list[str] = []
    run = ""
    for word in [*text.split(" "), None]:
        if word is not None and (not word.isascii() or "=?" in word or not word.isprintable()):
            run = f"{run} {word}" if run else word
            continue
        if run:
            tokens.extend(_UTF8.header_encode(piece) for piece in _pieces(run))
            run = ""
        if word is not None:
            tokens.append(word)
    return tokens


def _pieces(text: str) -> list[str]:
    """`text` cut into pieces that each fit one encoded-word, after a space where possible."""
    pieces: list[str] = []
    while len(text.encode()) > _WORD_BYTES:
        end = 0
        while len(text[: end + 1].encode()) <= _WORD_BYTES:
            end += 1
        space = text.rfind(" ", 0, end)
        cut = space + 1 if space > 0 else end
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


@lru_cache(maxsize=1024)
def _ascii_address(address: str) -> str:
    """The address as any mail server takes it: an internationalised domain in punycode."""
    if address.isascii():
        return address
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError as err:  # validated when the Letter was made; kept for safety
        raise InputError(f"{address}: not a valid email address ({err})") from None
    if checked.ascii_email is None:
        raise InputError(
            f"{address}: a draft message cannot carry letters outside ASCII before the @; "
            "give an ASCII address, or use --format text and paste the letter into your mail"
        )
    return checked.ascii_email


_STUFF = re.compile(r"^(?=[ >]|From )", re.MULTILINE)


def _flowed_body(text: str) -> str:
    """RFC 3676 4.4: a line that starts with a space, ">" or "From " gets one more space."""
    return _STUFF.sub(" ", text).replace("\n", "\r\n")
