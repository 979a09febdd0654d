"""Plain text as editors and mail programs leave it, made plain again: one kind of line end,
no invisible characters (soft hyphens, zero-width spaces, direction marks), tabs and the many
Unicode spaces as spaces, and paragraphs a mail program hard-wrapped at 70-80 columns joined
back into lines, so that an ask or an address split over two lines reads as one."""

from __future__ import annotations

import re

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"))
_SPACES = dict.fromkeys(
    map(ord, "\t\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u202f\u205f\u3000"), " "
)


def tidy(text: str, *, unwrap: bool = True, printed: bool = False) -> str:
    """`printed`: the text layer of a PDF, whose lines a proportional font wrapped at about
    the same width, and whose justified lines may hold runs of spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    lines = [_spaces(line) for line in text.split("\n")]
    if printed:
        lines = [re.sub(r"(?<=\S) {2,}(?=\S)", " ", line).rstrip() for line in lines]
        return "\n".join(_printed_joined(lines))
    if unwrap:
        width = wrap_width(lines)
        if width:
            lines = joined(lines, width)
        lines = _items_joined(lines)
    return "\n".join(lines)


_BULLET_ITEM = re.compile(r"^\s*(?:[•·▪●◦‣◼■□►➢✓*\-–—]|\d{1,2}[.)]|[a-h][.)]|\([a-h1-9]\))\s+\S")


def _items_joined(lines: list[str]) -> list[str]:
    """A list item wrapped under itself with a hanging indent is one item: its indented
    continuation lines are joined to it, whatever the text's width. An item of short lines (a
    name over its address) or one whose line ends in a Markdown line break stays as it is."""
    out: list[str] = []
    indent = -1  # the column the open item's text starts at, or -1 outside an item
    previous = ""
    for line in lines:
        lead = len(line) - len(line.lstrip())
        hanging = indent >= 0 and lead >= 2 and abs(lead - indent) <= 2
        wrapped = len(previous.rstrip()) >= 50 and not previous.endswith(("  ", "\\"))
        if hanging and wrapped and line.strip() and not _BULLET_ITEM.match(line):
            out[-1] = out[-1].rstrip() + " " + line.strip()
            previous = line
            continue
        item = _BULLET_ITEM.match(line)
        indent = len(item[0]) - 1 if item else -1
        out.append(line)
        previous = line
    return out


def _spaces(line: str) -> str:
    indent = re.match(r"[ \t\u00a0]*", line)
    start = indent.end() if indent else 0
    # an indent stays an indent (a continuation's hanging indent); inside a line, a tab or a
    # space of another width is one space
    return line[:start].replace("\t", "    ") + line[start:].translate(_SPACES)


def _printed_joined(lines: list[str]) -> list[str]:
    """A PDF's wrapped lines joined: a line as long as most full lines of the page (within a
    fifth: a proportional font's lines differ in characters) goes on in the next one, unless
    the next starts a list item, a contact field or a block of short lines."""
    lengths = sorted(len(line) for line in lines if len(line.strip()) >= 40)
    if len(lengths) < 5:
        return lines
    full = lengths[int(len(lengths) * 0.9) - 1]
    out: list[str] = []
    physical = ""
    for at, line in enumerate(lines):
        following = lines[at + 1] if at + 1 < len(lines) else ""
        long_enough = len(physical) >= 0.8 * full
        if out and long_enough and _continues(physical, line, following, full, slack=True):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
        physical = line
    return out


def wrap_width(lines: list[str]) -> int | None:
    """The column a text was hard-wrapped at, or None for a text whose paragraphs are lines:
    most long lines end within a few columns of one width, and hardly any goes past it."""
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) >= 40)
    if len(lengths) < 5:
        return None
    width = lengths[int(len(lengths) * 0.95) - 1]
    if not 60 <= width <= 100:
        return None
    near = sum(1 for n in lengths if width - 16 <= n <= width)
    beyond = sum(1 for n in lengths if n > width + 4)
    if near < 0.6 * len(lengths) or beyond > 0.03 * len(lengths):
        return None
    return width


_STARTS_ITEM = re.compile(
    r"^\s*(?:[•·▪●◦‣◼■□►➢✓*\-–—]\s|\d{1,2}[.)]\s|[a-z][.)]\s|\(?[a-z0-9]{1,2}\)\s|#|>)"
)
_STARTS_FIELD = re.compile(
    r"^\s*(?:Fax|Telefax|Tel|Tél|Phone|Telephone|Teléfono|Mobile|E-?mail|Correo|Courriel|"
    r"Twitter|X|Instagram|Facebook|Salutation|Anrede|Tratamiento|Formule d.appel)\b.{0,20}:",
    re.IGNORECASE,
)


def joined(lines: list[str], width: int) -> list[str]:
    """Lines a wrap broke, joined: a line is continued on the next when the next line's first
    word would not have fitted after it, and the next line does not start a list item, a
    heading, a contact field or a block of short lines (a name over an address). The first
    line, a title, stands alone."""
    out: list[str] = []
    physical = ""  # the last line as it was in the file, before any join
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    for at, line in enumerate(lines):
        following = lines[at + 1] if at + 1 < len(lines) else ""
        if at > first + 1 and out and _continues(physical, line, following, width):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
        physical = line
    return out


def _continues(
    previous: str, line: str, following: str, width: int, *, slack: bool = False
) -> bool:
    if not previous.strip() or not line.strip():
        return False
    if _STARTS_ITEM.match(line) or _STARTS_FIELD.match(line):
        return False
    length = len(previous.rstrip())
    fits = length + 1 + len(line.split()[0]) <= width
    if (fits and not slack) or length < width - 25:
        return False  # the next word would have fitted: the line ended there by itself
    # a block of short lines (a name above its address) is not a paragraph's end
    short = len(line.rstrip()) < width - 25
    return not (short and line.lstrip()[:1].isupper() and 0 < len(following.strip()) < width - 25)
