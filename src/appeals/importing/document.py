"""Reading a UA document and cleaning its lines (Markdown emphasis, links, bullets)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from appeals.errors import DataError
from appeals.files import read_input
from appeals.unseen import C0_BUT_PAGES, C1_AND_BIDI

if TYPE_CHECKING:
    from pypdf import PdfReader

MAX_BYTES = 10 * 1024 * 1024


MAX_TEXT = 200_000  # characters of text; a UA is a few thousand, a long web page under 100,000
MAX_LINE = 5_000  # characters in one line; a paragraph on one line is under 2,000
MAX_PAGES = 200  # pages of a PDF; a UA has two to six


@dataclass(frozen=True)
class Source:
    """A document's text and how it was read, for the note `appeals import` prints."""

    text: str
    form: str  # "text", "PDF", "web page", "email"
    encoding: str | None = None  # the encoding the text was read in, where it had to be told
    guessed: bool = False  # True when no mark or declaration named the encoding

    def note(self) -> str | None:
        """One line for the user when the document was not plain UTF-8 text."""
        how = f"read as {self.form}" if self.form != "text" else ""
        if self.encoding and self.encoding not in ("UTF-8", "ASCII") and self.guessed:
            how = f"{how or 'read as text'} in {self.encoding} (the file does not say its "
            how += "encoding; if letters look wrong, save it as UTF-8)"
        elif self.encoding and self.encoding != "UTF-8":
            how = f"{how or 'read as text'} in {self.encoding}"
        return how or None


def read_document(path: Path) -> str:
    """The document's text; one DataError for anything that is not a readable UA. The text is
    bounded (MAX_TEXT, MAX_LINE, MAX_PAGES) before the fields are looked for in it."""
    return read_source(path).text


def read_source(path: Path) -> Source:
    """The document's text and its form: a PDF, a saved web page (.html, .htm), an email
    (.eml, or a page saved as .mht), or text in any common encoding."""
    from appeals.importing.mail import looks_like_email
    from appeals.importing.plaintext import tidy

    data = read_input(path, "a UA document")
    if len(data) > MAX_BYTES:
        raise DataError(f"{path}: {len(data)} bytes; a UA document is far smaller (limit 10 MB)")
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        source = Source(pdf_text(path, data), "PDF")
    else:
        _refuse_other_formats(path, data)
        if suffix in (".eml", ".mht", ".mhtml") or looks_like_email(data):
            source = _email(path, data)
        else:
            source = _text(path, data, suffix)
    text = tidy(source.text, printed=source.form.endswith("PDF") or source.form.endswith("PDF)"))
    text = _without_controls(text)
    _check_size(path, text)
    if not text.strip():
        raise DataError(f"{path}: is empty; there is no UA to read in it")
    return Source(text, source.form, source.encoding, source.guessed)


# a terminal's escape sequences (colour, window title, clearing the screen), then any other
# control character or bidi override: a document's text is printed and copied into case files
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]?"
)
_CONTROLS = re.compile(f"[{C0_BUT_PAGES}{C1_AND_BIDI}]")


def _without_controls(text: str) -> str:
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def _text(path: Path, data: bytes, suffix: str, declared: str | None = None) -> Source:
    from appeals.importing.decoding import decode
    from appeals.importing.mail import unforwarded
    from appeals.importing.webpage import declared_charset, looks_like_html, page_text

    page = suffix in (".html", ".htm", ".xhtml")
    decoded = decode(path, data, declared or (declared_charset(data) if page else None))
    if page or looks_like_html(decoded.text):
        return Source(page_text(decoded.text), "web page", decoded.encoding, decoded.guessed)
    return Source(unforwarded(decoded.text), "text", decoded.encoding, decoded.guessed)


def _email(path: Path, data: bytes) -> Source:
    """An email's UA: its text part, or its HTML part where the text part is a stub, or an
    attachment (a PDF, a page, a text) where the message itself only points to it."""
    from appeals.importing.mail import message_parts, unflowed

    subject, parts = message_parts(path, data)
    read: list[tuple[str, Source]] = []
    for part in parts:
        if part.kind == "application/pdf" or part.name.lower().endswith(".pdf"):
            read.append((part.name, Source(pdf_text(path, part.data), "PDF")))
            continue
        html = part.kind == "text/html" or part.name.endswith((".html", ".htm"))
        suffix = ".html" if html else ""
        source = _text(path, part.data, suffix, part.charset)
        if part.flowed and source.form == "text":
            text = unflowed(source.text, delsp="delsp" in part.flowed)
            source = Source(text, source.form, source.encoding, source.guessed)
        read.append((part.name, source))
    body = [s for name, s in read if not name.startswith("attachment")]
    attached = [s for name, s in read if name.startswith("attachment")]
    # the longest of each: a message forwarded as an attachment has its own text part
    plain = max((s for s in body if s.form == "text"), key=_size, default=None)
    page = max((s for s in body if s.form == "web page"), key=_size, default=None)
    chosen = plain or page
    if plain and page and _size(plain) < 0.5 * _size(page):
        chosen = page  # "this message is best viewed in HTML"
    longest = max(attached, key=_size, default=None)
    pointer = chosen is None or _size(chosen) * 3 <= _size(longest or chosen)
    if longest and pointer and _size(longest) >= 400:
        chosen = longest  # "please find the UA attached"
    if chosen is None:
        raise DataError(f"{path}: an email with no readable text; forward the UA itself")
    text = chosen.text
    numbered = re.compile(r"\b\d{1,3}\s*[./]\s*\d{2,4}\b")
    if numbered.search(subject) and not numbered.search(text[:3000]):
        text = subject.strip() + "\n\n" + text  # the subject often carries the UA's number
    form = "email" if chosen.form == "text" else f"email ({chosen.form})"
    return Source(text, form, chosen.encoding, chosen.guessed)


def _size(source: Source) -> int:
    return len("".join(source.text.split()))


_OTHER_FORMATS = (
    (b"PK\x03\x04", None),  # a zip: told apart below
    (b"\xd0\xcf\x11\xe0", "an old Word document (.doc) or an Outlook message (.msg)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF8", "an image (GIF)"),
    (b"II*\x00", "an image (TIFF)"),
    (b"MM\x00*", "an image (TIFF)"),
    (b"\x1f\x8b", "a compressed file (gzip)"),
    (b"7z\xbc\xaf", "a compressed file (7z)"),
    (b"Rar!", "a compressed file (RAR)"),
)


def _refuse_other_formats(path: Path, data: bytes) -> None:
    """A format `appeals import` does not read, named, with what to give instead."""
    what = None
    for magic, name in _OTHER_FORMATS:
        if data.startswith(magic):
            what = name
            break
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        what = "an image (WebP)"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        what = "an image (HEIC)"
    if data.startswith(b"PK\x03\x04"):
        head = data[:4096]
        if b"word/" in head or path.suffix.lower() == ".docx":
            what = "a Word document (.docx)"
        elif b"opendocument" in head or path.suffix.lower() == ".odt":
            what = "an OpenDocument text (.odt)"
        else:
            what = "a zip archive"
    if what is None:
        return
    if what.startswith("an image"):
        advice = (
            "a picture of a UA holds no text to read; give its PDF, its web page (.html) or "
            "its email (.eml), or run the picture through OCR and import the text"
        )
    elif what.startswith("a compressed") or what == "a zip archive":
        advice = "unpack it and import the UA inside (a .pdf, .html, .eml or .txt)"
    elif "Outlook" in what:
        advice = (
            "save the email as .eml (or the document as PDF) from the program that made it, "
            "or copy its text into a .txt file"
        )
    else:
        advice = "save it as PDF or as plain text (.txt) from the program that made it"
    raise DataError(f"{path}: {what}; {advice}")


def _check_size(path: Path, text: str) -> None:
    if len(text) > MAX_TEXT:
        raise DataError(
            f"{path}: over {MAX_TEXT:,} characters of text; a UA is a few thousand. "
            "Is this a UA document?"
        )
    for number, line in enumerate(re.split(r"\r\n|\r|\n|\f", text), start=1):
        if len(line) > MAX_LINE:
            raise DataError(
                f"{path}:{number}: a line of {len(line):,} characters; a UA's lines are under "
                f"{MAX_LINE:,}. Is this a UA document?"
            )


_UNREADABLE_PDF = (
    "{path}: not a readable PDF (damaged, cut short, or not a PDF); open it and save or print "
    "it again as PDF, or give its text"
)


def pdf_text(path: Path, data: bytes) -> str:
    """The text layer of a PDF (a UA, or a letter for `appeals check`), bounded as a UA is."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        _decrypt(path, reader)
        if len(reader.pages) > MAX_PAGES:
            raise DataError(
                f"{path}: {len(reader.pages):,} pages; a UA has a few (limit {MAX_PAGES})"
            )
        parts, size = [], 0
        for page in reader.pages:  # pages may share one long content stream: stop in time
            parts.append(page.extract_text() or "")
            size += len(parts[-1]) + 1
            if size > MAX_TEXT:
                _check_size(path, "\n".join(parts))
        text = "\n".join(parts)
    except LimitReachedError:
        raise DataError(
            f"{path}: a PDF whose content expands past pypdf's safety limit when unpacked "
            "(a compression bomb); refused"
        ) from None
    except DependencyError:
        raise DataError(
            f"{path}: the PDF is encrypted; opening it needs the 'cryptography' package "
            "(pip install cryptography), or save the PDF again without a password"
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise DataError(_UNREADABLE_PDF.format(path=path)) from None
    except (NotImplementedError, IndexError, OverflowError, ZeroDivisionError):
        raise DataError(_UNREADABLE_PDF.format(path=path)) from None
    if not text.strip():
        raise DataError(
            f"{path}: the PDF has no text layer (a scanned image?); run it through OCR first"
        )
    return text


def _decrypt(path: Path, reader: PdfReader) -> None:
    """An encrypted PDF opens with the empty password (restrictions only), or is refused."""
    from pypdf.errors import DependencyError

    if not reader.is_encrypted:
        return
    try:
        opened = bool(reader.decrypt(""))
    except DependencyError:
        raise
    except Exception:  # an algorithm pypdf cannot run: the same answer as a password
        opened = False
    if not opened:
        raise DataError(
            f"{path}: the PDF is protected by a password; save it again without one, "
            "or copy its text into a .txt file"
        )


@dataclass(frozen=True)
class Line:
    text: str  # cleaned: no Markdown emphasis, links reduced to their target
    heading: bool
    bullet: bool


# no bracket inside the brackets: each match attempt stops at the next "[" or "<", so a line of
# thousands of them costs linear time, not quadratic
_MAILTO = re.compile(r"\[([^\[\]]*)\]\(mailto:([^()\s]+)\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\((https?://[^()\s]+)\)")
_ANGLE_URL = re.compile(r"<(https?://[^<>\s]+)>")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")  # Markdown's "\*": the character
_MASKED = re.compile(r"\[\s*email(?:&#160;|\s)*protected\s*\]", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣◼■□►➢✓\-–—*]|\d{1,2}[.)])\s+")


def clean_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        line = _MAILTO.sub(r"\2", raw)
        line = _LINK.sub(r"\1 \2", line)
        line = _ANGLE_URL.sub(r"\1", line)
        line = _MASKED.sub("", line)
        heading = bool(re.match(r"^\s*#{1,6}\s", line))
        line = re.sub(r"^\s*#{1,6}\s*", "", line)
        bullet = bool(_BULLET.match(line)) and not re.match(r"^\s*\d", line.strip()[:1] or "x")
        bullet = bullet or bool(re.match(r"^\s*[•·▪●◦‣◼■□►➢✓\-–*]\s+", line))
        line = _BULLET.sub("", line) if bullet else line
        line = re.sub(r"(\*\*\*|\*\*|__)", "", line)
        line = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?!\w)", r"\1", line)
        # emphasis that opens on one line and closes on another
        line = re.sub(r"^\*+(?=\S)|(?<=\S)\*+$", "", line.strip())
        line = _MD_ESCAPE.sub(r"\1", line).replace("\u00a0", " ").strip()
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", line).strip()  # an image's mark
        if len(line) > 120 and not bullet:
            parts = _explode(line)
            lines.extend(Line(text=part, heading=heading, bullet=False) for part in parts)
        else:
            lines.append(Line(text=line, heading=heading, bullet=bullet))
    return lines


# Labels that start a contact detail; a page that lost its line breaks keeps them inline.
CONTACT_LABEL = (
    r"(?:Fax|Telefax|Tel|Tél|Phone|Telephone|Teléfono|Mobile|E-?mail|Correo(?: electrónico)?|"
    r"Courriel|Twitter|X|Instagram|Facebook|Salutation|Anrede|Formule d.appel|Tratamiento)"
)
GREETING = (
    r"(?:Dear\s+[^,:!\n]{2,60}?|Your\s+(?:Excellency|Majesty|Highness)|Excellency|"
    r"Monsieur(?:\s+le\s+[^,:.!\n]{2,50})?|Madame(?:\s+la\s+[^,:.!\n]{2,50})?|"
    r"Señora?\s+[^,:.!\n]{2,60}|Señora?|Estimad[oa]s?\s+[^,:.!\n]{2,60}|Excelent[íi]sim[oa]\s*[^,:.!\n]{0,60}|"
    r"Sehr geehrter?\s+[^,:.!\n]{2,60}|Exzellenz|Уважаем\w+\s*[^,:.!\n]{0,60})\s*[,:!]"
)
_INLINE_LABEL = re.compile(rf"(?<=\S)\s+(?={CONTACT_LABEL}\s*:)")
_INLINE_GREETING = re.compile(rf"(?<=\S)\s+(?=(?:SAMPLE LETTER|MODEL LETTER)\b|{GREETING}\s)")
_UPPER_RUN = re.compile(
    r"(?:(?<=\s)|^)((?:[A-ZÀ-ÖØ-ÞÑ’'-]{2,}[:,]?\s+){3,}[A-ZÀ-ÖØ-ÞÑ’'-]{2,}[:.,]?)(?=\s|$)"
)
_SENTENCE_END = re.compile(r"(?<=[a-zà-ÿ0-9)”\"»][a-zà-ÿ)”\"»][.!?])\s+(?=[A-ZÀ-ÖØ-Þ¿¡«“\"])")


def _explode(text: str) -> list[str]:
    """A long line that holds what a page set on several: a summary, a call to act, a target's
    name, address and contacts, the greeting of a letter. Split it where one of those starts;
    the body of a letter stays one line."""
    greeting = None
    for match in _INLINE_GREETING.finditer(text):
        before = text[max(0, match.start() - 14) : match.start()]
        if not re.search(r"(?:salutation|anrede)\s*:?\s*$", before, re.IGNORECASE):
            greeting = match
            break
    head, letter = (text[: greeting.start()], text[greeting.end() :]) if greeting else (text, "")
    parts: list[str] = []
    for sentence in _SENTENCE_END.split(head):
        # the call to act of the international template is in capitals
        pieces = [p for p in _UPPER_RUN.split(sentence) if p and p.strip()]
        for piece in pieces:
            parts.extend(p.strip() for p in _INLINE_LABEL.split(piece) if p.strip())
    if letter:
        found = re.match(rf"(SAMPLE LETTER|MODEL LETTER)\s+|({GREETING})\s*", letter)
        if found and found.group(1):
            parts.append(found.group(1))
            letter = letter[found.end() :]
            found = re.match(rf"({GREETING})\s*", letter)
        if found:
            parts.append(found.group(0).strip())
            letter = letter[found.end() :]
        if letter.strip():
            parts.append(letter.strip())
    return parts or [text]
