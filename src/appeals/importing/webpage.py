"""A page saved from a browser (or an email's HTML part) as the lines a text copy of it has:
the page's own content without its menus, scripts, styles, footer or hidden parts; headings as
Markdown headings, list items as bullets, a `<br>` or a block's end as a line break, table cells
on lines of their own, entities as characters, and an email address hidden by the site's
protection ("[email protected]") or behind a "mailto:" link written out."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# parts of a page that are never its content
_SKIPPED = frozenset(
    (
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "footer",
        "form",
        "button",
        "select",
        "iframe",
        "object",
        "canvas",
        "head",
        "dialog",
    )
)
# elements whose end is the end of a line
_BLOCKS = frozenset(
    (
        "p",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "blockquote",
        "pre",
        "address",
        "figure",
        "figcaption",
        "dl",
        "dt",
        "dd",
        "ul",
        "ol",
        "table",
        "tr",
        "hr",
        "fieldset",
        "details",
        "summary",
        "center",
    )
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CELLS = frozenset({"td", "th"})
_VOID = frozenset(
    (
        "br",
        "img",
        "hr",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
        "param",
    )
)
# a page's furniture by its class or id: sharing buttons, cookie notices, menus, breadcrumbs
_CHROME = re.compile(
    r"(?<![\w-])(?:share|sharing|social|cookie|breadcrumb|newsletter|skip-link|menu|navbar|"
    r"site-header|site-footer|related|donate)[\w-]*",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower()


def declared_charset(data: bytes) -> str | None:
    """The charset a page names in its <meta> tag."""
    found = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", data[:4096], re.IGNORECASE)
    return found[1].decode("ascii") if found else None


def page_text(markup: str) -> str:
    parser = _Page()
    parser.feed(_unopened(markup))
    parser.close()
    return parser.text()


def _unopened(markup: str) -> str:
    """The page with every `<` that cannot open a tag written as `&lt;`: one with no `>` before
    the next `<`, and a comment's `<!--` with no `-->` after it. The standard parser looks for
    the end of each such tag through the rest of the page, so thousands of them (`<a<a<a…`)
    would take time that grows with the square of the page; after this pass it reads the page
    once. Tags, comments and text as browsers save them are left exactly as they are."""
    last_close = markup.rfind("-->")
    pieces: list[str] = []
    position = 0
    start = markup.find("<")
    while start >= 0:
        following = markup.find("<", start + 1)
        closing = markup.find(">", start + 1, following if following >= 0 else len(markup))
        comment = markup.startswith("<!--", start)
        if comment and last_close > start:
            end = markup.find("-->", start + 4) + 3  # a comment may hold '<' and '>'
            following = markup.find("<", end)
        elif closing < 0 or comment:
            pieces.append(markup[position:start])
            pieces.append("&lt;")
            position = start + 1
        start = following
    pieces.append(markup[position:])
    return "".join(pieces)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skipping: list[str] = []  # the open elements whose content is left out
        self.in_main = 0  # inside <main> or <article>: a <header> there is the content's own
        # an open link (or protected address): its tag, the address behind it, where its text starts
        self.links: list[tuple[str, str, int]] = []
        self.pre = 0

    # --- elements
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self.skipping:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        hidden = (
            "hidden" in values
            or values.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(values.get("style", "")))
        )
        chrome = _CHROME.search(f"{values.get('class', '')} {values.get('id', '')}")
        outside = tag in ("header", "aside") and not self.in_main
        if tag in _SKIPPED or hidden or outside or (chrome and tag not in ("body", "html")):
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in ("main", "article"):
            self.in_main += 1
        if tag == "br":
            self._break()
        elif "".join(self.current).strip() in ("-", "#"):
            pass  # a paragraph inside a list item: the item's line has not begun
        elif tag in _BLOCKS or tag in _HEADINGS or tag in _CELLS or tag == "li":
            self._break()
            if tag in _HEADINGS:
                self.current.append("# ")
            elif tag == "li":
                self.current.append("- ")
        if tag == "pre":
            self.pre += 1
        if tag == "a" or values.get("data-cfemail"):
            self._open_link(tag, values)
        elif tag == "img" and values.get("alt") and "@" in values.get("alt", ""):
            self.current.append(values["alt"])  # an address shown as a picture, with alt text

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in ("main", "article") and self.in_main:
            self.in_main -= 1
        if self.links and self.links[-1][0] == tag:
            self._close_link()
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _BLOCKS or tag in _HEADINGS or tag in _CELLS or tag == "li":
            self._break()
            if tag in _HEADINGS or tag in ("p", "ul", "ol", "table", "blockquote"):
                self.lines.append("")  # a paragraph's end: a blank line, as in a text copy

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.pre:
            *whole, last = data.split("\n")
            for part in whole:
                self.current.append(part)
                self._break()
            self.current.append(last)
        else:
            self.current.append(re.sub(r"[ \t\r\n\f]+", " ", data))

    # --- links: an email the page shows only as "Email him" or as "[email protected]"
    def _open_link(self, tag: str, values: dict[str, str]) -> None:
        from urllib.parse import unquote

        href = values.get("href", "")
        target = ""
        if href.lower().startswith("mailto:"):
            target = unquote(href[7:].split("?", 1)[0]).strip()
        elif values.get("data-cfemail") or "email-protection#" in href:
            target = _cloudflare(values.get("data-cfemail") or href.rsplit("#", 1)[-1])
        self.links.append((tag, target, len(self.current)))

    def _close_link(self) -> None:
        _, target, start = self.links.pop()
        start = min(start, len(self.current))  # a line break inside the link: its last line
        if not target:
            return
        shown = "".join(self.current[start:])
        if target.lower() in shown.lower():
            return
        if re.search(r"email\s*protected", shown, re.IGNORECASE):
            del self.current[start:]
            self.current.append(target)
        else:
            self.current.append(f" ({target})")

    # --- lines
    def _break(self) -> None:
        line = "".join(self.current).replace("\u00a0", " ")
        self.current = []
        line = re.sub(r"[ \t]+", " ", line).strip()
        if line in ("#", "-"):
            line = ""
        if line or (self.lines and self.lines[-1]):
            self.lines.append(line)

    def text(self) -> str:
        self._break()
        lines: list[str] = []
        for line in self.lines:
            if line or (lines and lines[-1]):
                lines.append(line)
        return "\n".join(lines).strip() + "\n"


def _cloudflare(code: str) -> str:
    """An address a site's email protection wrote as hex: the first byte is the key XORed into
    every other (how the page's own script shows it)."""
    try:
        raw = bytes.fromhex(code)
    except ValueError:
        return ""
    if len(raw) < 2:
        return ""
    text = bytes(byte ^ raw[0] for byte in raw[1:]).decode("utf-8", errors="replace")
    return text if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text) else ""
