"""The forms a UA reaches a member in, built at test time from a UA's plain text: other
encodings, a page saved from a browser, an email saved as .eml, a text pasted from a forwarded
email, and the ways a text editor or a mail program changes plain text (line ends, wrapping,
spaces, quotes, bullets). Used by tests/test_import_layouts.py and by
benchmarks/import_layouts.py; nothing here is a document, only ways to dress one."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP

# each form: the UA's text -> (file suffix, the bytes a member would have)
Form = Callable[[str], tuple[str, bytes]]

_TYPOGRAPHY = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "*"}
)


def _encoded(encoding: str, plain_punctuation: bool = False) -> Form:
    def form(text: str) -> tuple[str, bytes]:
        if plain_punctuation:
            text = text.translate(_TYPOGRAPHY)
        return ".txt", text.encode(encoding)

    return form


def notepad_unicode(text: str) -> tuple[str, bytes]:
    """Windows Notepad's "Unicode": UTF-16 little-endian with a BOM, CRLF line ends."""
    return ".txt", text.replace("\n", "\r\n").encode("utf-16")


def utf8_bom(text: str) -> tuple[str, bytes]:
    return ".txt", text.encode("utf-8-sig")


def crlf(text: str) -> tuple[str, bytes]:
    return ".txt", text.replace("\n", "\r\n").encode()


def old_mac(text: str) -> tuple[str, bytes]:
    return ".txt", text.replace("\n", "\r").encode()


def wrapped(text: str, width: int = 72) -> str:
    """Each line longer than `width` broken at spaces, as a mail program or an editor does."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        indent = re.match(r"\s*(?:[-*•]\s+)?", line)
        hang = " " * len(indent[0]) if indent and indent[0].strip() else ""
        out.extend(
            textwrap.wrap(
                line,
                width=width,
                subsequent_indent=hang,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        )
    return "\n".join(out)


def hard_wrapped(text: str) -> tuple[str, bytes]:
    return ".txt", wrapped(text, 72).encode()


def spaced(text: str) -> tuple[str, bytes]:
    """Blank lines doubled, indents as tabs, non-breaking spaces after short words and in
    numbers, soft hyphens in long words, a tab after labels."""
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^ {2,}", "\t", line)
        line = re.sub(r"\b(\w{1,3}) (?=\w)", "\\1\u00a0", line)
        line = re.sub(r"(\w{5})(\w{5,})", "\\1\u00ad\\2", line)
        line = re.sub(r"^((?:Fax|Tel|Phone|Email|E-mail)\s*:) *", "\\1\t", line)
        out.append(line)
        if not line.strip():
            out.append("")
    return ".txt", "\n".join(out).encode()


def straight_quotes(text: str) -> tuple[str, bytes]:
    return ".txt", text.translate(_TYPOGRAPHY).encode()


def smart_quotes(text: str) -> tuple[str, bytes]:
    text = re.sub(r"(\w)'(\w)", "\\1’\\2", text)
    text = re.sub(r'(^|[\s(])"', "\\1“", text, flags=re.MULTILINE)
    return ".txt", text.replace('"', "”").encode()


_BULLETS = ("•", "◦", "–", "*")


def other_bullets(text: str) -> tuple[str, bytes]:
    """Each list's bullets as another program draws them: •, ◦, –, *, or "1)" and "a)", one
    style per list, the styles taking turns from list to list (and from document to document)."""
    out: list[str] = []
    count = 0
    lists = len(text) % 6
    for line in text.split("\n"):
        found = re.match(r"^(\s*)(?:[-*•·▪●◦‣◼–])\s+(.*)$", line)
        if not found:
            if count and line.strip():  # a list goes on over blank lines
                lists += 1
                count = 0
            out.append(line)
            continue
        style = lists % 6
        if style < 4:
            mark = _BULLETS[style]
        elif style == 4:
            mark = f"{count + 1})"
        else:
            mark = f"{'abcdefghij'[count % 10]})"
        count += 1
        out.append(f"{found[1]}{mark} {found[2]}")
    return ".txt", "\n".join(out).encode()


_FORWARD_HEAD = (
    "---------- Forwarded message ---------\n"
    "From: Urgent Action Network <ua-network@example.org>\n"
    "Date: Mon, 6 Mar 2023 at 09:14\n"
    "Subject: New action this week\n"
    "To: <members@example.org>\n"
)


def forwarded_paste(text: str) -> tuple[str, bytes]:
    """A text copied from a mail program's forward: a note, the forward header, the UA."""
    note = "Hi all, this one came in today; please write if you can.\n\nSam\n\n"
    return ".txt", (note + _FORWARD_HEAD + "\n" + text).encode()


def quoted_reply(text: str) -> tuple[str, bytes]:
    """A UA quoted in a reply: an attribution line, then every line behind '> ', wrapped."""
    head = "Thanks! Writing tonight.\n\nOn Tue, 7 Mar 2023 at 18:02, Sam Field <sam@example.org> wrote:\n"
    quoted = "\n".join(("> " + line).rstrip() for line in wrapped(text, 76).split("\n"))
    return ".txt", (head + quoted + "\n").encode()


# a browser's saved page: the site's header, menu, scripts and footer around the UA
_PAGE_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>{title} | Example Section</title>
<style>body {{ font-family: sans-serif; }} .menu li {{ display: inline; }}</style>
<script>window.dataLayer = window.dataLayer || []; function track(a) {{ return a < 2; }}</script>
</head><body>
<header class="site-header"><a href="/">Example Section</a>
<nav><ul class="menu"><li><a href="/news">News</a></li><li><a href="/donate">Donate</a></li>
<li><a href="/act">Take action</a></li></ul></nav></header>
<div class="cookie-banner" hidden>We use cookies. <button>Accept</button></div>
<main><article>
"""
_PAGE_FOOT = """</article></main>
<aside class="share"><a href="https://x.com/share">Share on X</a></aside>
<footer><p>&copy; Example Section &middot; <a href="/privacy">Privacy</a></p>
<p>Registered charity 0000000</p></footer>
<script>track(1);</script>
</body></html>
"""
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SHORT = 60  # lines shorter than this in a run are set as one block with <br>


def _inline(line: str) -> str:
    escaped = html.escape(line, quote=False).replace("\u00a0", "&nbsp;")
    escaped = escaped.replace("’", "&rsquo;").replace("–", "&#8211;")
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
    return _EMAIL.sub(lambda m: f'<a href="mailto:{m[0]}">{m[0]}</a>', escaped)


def page_body(text: str) -> str:
    """The UA's text as a site's HTML: headings, paragraphs, lists, address blocks with <br>."""
    parts: list[str] = []
    block: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            parts.append("<ul>\n" + "".join(f"  <li>{i}</li>\n" for i in items) + "</ul>")
            items.clear()
        if block:
            parts.append("<p>" + "<br>\n".join(block) + "</p>")
            block.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        heading = re.match(r"^#{1,6}\s+(.*)", stripped)
        bullet = re.match(r"^[-*•·▪●◦‣–]\s+(.*)", stripped)
        if heading:
            flush()
            parts.append(f"<h2>{_inline(heading[1])}</h2>")
        elif bullet:
            if block:
                flush()
            items.append(_inline(bullet[1]))
        elif len(stripped) < _SHORT:
            if items:
                flush()
            block.append(_inline(stripped))
        else:
            flush()
            parts.append(f"<p>{_inline(stripped)}</p>")
    flush()
    return "\n".join(parts)


def _first_line(text: str) -> str:
    return next((line.strip("# ") for line in text.split("\n") if line.strip()), "Urgent Action")


def saved_page(text: str, charset: str = "utf-8") -> tuple[str, bytes]:
    head = _PAGE_HEAD.format(charset=charset, title=html.escape(_first_line(text)[:80]))
    page = head + page_body(text) + "\n" + _PAGE_FOOT
    return ".html", page.encode(charset, errors="xmlcharrefreplace")


def saved_page_latin(text: str) -> tuple[str, bytes]:
    """An older page in windows-1252, named in its meta tag; a .htm file."""
    return ".htm", saved_page(text, "windows-1252")[1]


def _message(text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Urgent Action Network <ua-network@example.org>"
    message["To"] = "members@example.org"
    message["Date"] = "Mon, 06 Mar 2023 09:14:00 +0100"
    message["Subject"] = "Fwd: " + _first_line(text)[:70]
    return message


def eml_alternative(text: str) -> tuple[str, bytes]:
    """A mail program's .eml: multipart/alternative, the text part quoted-printable in
    ISO-8859-15 where it fits, the HTML part base64 in UTF-8."""
    message = _message(text)
    try:
        text.encode("iso-8859-15")
        charset = "iso-8859-15"
    except UnicodeEncodeError:
        charset = "utf-8"
    message.set_content(text, charset=charset, cte="quoted-printable")
    page = "<html><body>" + page_body(text) + "</body></html>"
    message.add_alternative(page, subtype="html", charset="utf-8", cte="base64")
    return ".eml", message.as_bytes(policy=SMTP)


def eml_html_only(text: str) -> tuple[str, bytes]:
    """A newsletter's .eml: one text/html part, base64."""
    message = _message(text)
    page = "<html><body><table><tr><td>" + page_body(text) + "</td></tr></table></body></html>"
    message.set_content(page, subtype="html", charset="utf-8", cte="base64")
    return ".eml", message.as_bytes(policy=SMTP)


def eml_forwarded(text: str) -> tuple[str, bytes]:
    """An .eml whose plain body is a forward: a note, the forward header, the UA, 8bit."""
    message = _message(text)
    body = "See below.\n\n" + _FORWARD_HEAD + "\n" + text
    message.set_content(body, charset="utf-8", cte="8bit")
    return ".eml", message.as_bytes(policy=SMTP)


def eml_gmail_html(text: str) -> tuple[str, bytes]:
    """A webmail's HTML part: the lines of a <div> ended by <br>, quoted-printable, beside its
    text part; the text part is dropped here, so only the HTML is read."""
    message = _message(text)
    lines = "".join(f"{_inline(line)}<br>\n" for line in text.split("\n"))
    page = f'<div dir="ltr"><div class="gmail_quote">{lines}</div></div>'
    message.set_content(page, subtype="html", charset="utf-8", cte="quoted-printable")
    return ".eml", message.as_bytes(policy=SMTP)


def mhtml(text: str) -> tuple[str, bytes]:
    """A page a browser saved as one file (.mht): a MIME message of the page and its parts."""
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = "https://example.org/ua"
    message["Subject"] = _first_line(text)[:70]
    message["MIME-Version"] = "1.0"
    message.make_related()
    page = saved_page(text)[1].decode()
    message.add_related(page, subtype="html", charset="utf-8", cte="quoted-printable")
    message.add_related(b"body{}", maintype="text", subtype="css", cte="base64")
    return ".mht", message.as_bytes(policy=SMTP)


def printed_pdf(text: str) -> tuple[str, bytes]:
    """The UA as a PDF with a text layer, lines wrapped at the page's width as any PDF's are."""
    from pathlib import Path

    from fpdf import FPDF

    import appeals

    font = Path(appeals.__file__).parent / "fonts" / "DejaVuSerifCondensed.ttf"
    pdf = FPDF()
    pdf.add_font("serif", fname=str(font))
    pdf.add_page()
    pdf.set_font("serif", size=10)
    for line in text.split("\n"):
        pdf.multi_cell(0, 5, line.replace("\t", " ") or " ", new_x="LMARGIN", new_y="NEXT")
    return ".pdf", bytes(pdf.output())


FORMS: dict[str, Form] = {
    "utf-8 (as given)": lambda text: (".txt", text.encode()),
    "utf-8 with BOM": utf8_bom,
    "utf-16 (Notepad 'Unicode')": notepad_unicode,
    "cp1252": _encoded("cp1252"),
    "iso-8859-1": _encoded("iso-8859-1", plain_punctuation=True),
    "iso-8859-15": _encoded("iso-8859-15", plain_punctuation=True),
    "CRLF": crlf,
    "CR": old_mac,
    "hard-wrapped at 72": hard_wrapped,
    "tabs, nbsp, soft hyphens, blank lines": spaced,
    "straight quotes": straight_quotes,
    "smart quotes": smart_quotes,
    "other bullets": other_bullets,
    "forwarded email, pasted": forwarded_paste,
    "quoted reply, pasted": quoted_reply,
    ".html saved page": saved_page,
    ".htm windows-1252": saved_page_latin,
    ".eml alternative (qp + base64)": eml_alternative,
    ".eml html only": eml_html_only,
    ".eml forwarded": eml_forwarded,
    ".eml webmail html (<br> lines)": eml_gmail_html,
    ".mht page saved as one file": mhtml,
    ".pdf printed from the text": printed_pdf,
}


def build(form: str, text: str) -> tuple[str, bytes] | None:
    """The document in `form`, or None when the text cannot be written in that form (a
    Spanish text has no ISO-8859-1 reading of its curly quotes, a Cyrillic one no cp1252)."""
    try:
        return FORMS[form](text)
    except UnicodeEncodeError:
        return None
