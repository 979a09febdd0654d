"""A UA saved from a web page (.html): its text, in one linear pass.

The standard library's HTMLParser takes time that grows with the square of some inputs
(thousands of `<a` with no `>`), so the tags are stripped here with `str.find` alone: each
search starts where the last one ended, and the text is read once.
"""

from __future__ import annotations

import html
import re

# a page's menus, scripts and forms are not the UA
_SKIPPED = {"script", "style", "head", "noscript", "template", "svg", "nav", "footer", "form"}
_BLOCKS = {"address", "article", "aside", "blockquote", "div", "dl", "figcaption", "figure"}
_BLOCKS |= {"h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "ol", "p", "pre"}
_BLOCKS |= {"section", "table", "ul"}
_LINES = {"br", "dd", "dt", "li", "td", "th", "tr"}  # a line break, not a new paragraph
_NAME = re.compile(r"/?([A-Za-z][A-Za-z0-9-]*)")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def looks_like_html(text: str, suffix: str) -> bool:
    start = text.lstrip("\ufeff \t\r\n")[:15].lower()
    return suffix.lower() in {".html", ".htm"} or start.startswith(("<!doctype html", "<html"))


def html_text(source: str, limit: int) -> str:
    """The readable text of a web page: a line for each paragraph, heading or item (an item
    starts with '- '), without scripts, styles, comments, menus or the page's head. Reading
    stops once the text is over `limit` characters (the caller refuses such a page)."""
    lowered = source.lower()
    parts: list[str] = []
    size = 0
    position, closing = 0, -2  # -2: not looked for yet; -1: no '>' left in the page
    while position < len(source) and size <= limit:
        start = source.find("<", position)
        if start < 0:
            parts.append(_SPACE.sub(" ", source[position:]))
            break
        parts.append(_SPACE.sub(" ", source[position:start]))  # a line break in HTML is a space
        size += start - position + 1
        if source.startswith("<!--", start):
            end = source.find("-->", start + 4)
            position = len(source) if end < 0 else end + 3
            continue
        if closing != -1 and closing <= start:
            closing = source.find(">", start + 1)
        name = _NAME.match(source, start + 1)
        opens_tag = name is not None or source.startswith(("<!", "<?"), start)
        if closing < 0 or not opens_tag:
            parts.append("<")  # a '<' in the text, not a tag
            position = start + 1
            continue
        tag = name.group(1).lower() if name else ""
        position = closing + 1
        if tag in _SKIPPED and not source.startswith("</", start):
            end = lowered.find(f"</{tag}", position)
            position = len(source) if end < 0 else end
        elif tag in _BLOCKS:
            parts.append("\n\n")
        elif tag in _LINES:
            parts.append("\n- " if tag == "li" and source[start + 1] != "/" else "\n")
    return _lines("".join(parts))


def _lines(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        cleaned = _SPACE.sub(" ", html.unescape(line).replace("\xa0", " ")).strip()
        if cleaned and cleaned != "-":
            lines.append(cleaned)
        elif lines and lines[-1]:
            lines.append("")
    return "\n".join(lines).strip() + "\n"
