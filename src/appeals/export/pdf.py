"""The letter as a print-ready PDF: one page to sign, the address placed for a window envelope.

Fonts are embedded (DejaVu Serif Condensed, shipped in appeals/fonts) so Cyrillic prints and
extracts as text on any machine.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from importlib.resources import files
from typing import Literal

from fpdf import FPDF

from appeals.export.text import KEEP_TOGETHER as _KEEP_TOGETHER
from appeals.languages import language
from appeals.models import Lang, Letter

Paper = Literal["a4", "letter"]

FONT = "LetterSerif"
SIZE = 10.5  # points
LINE = 4.75  # mm between baselines
GAP = 2.3  # mm between paragraphs
MARGIN_LEFT = 22.0
MARGIN_RIGHT = 20.0
MARGIN_TOP = 15.0
MARGIN_BOTTOM = 15.0
# Recipient block: the window of a DL/C5 envelope (A4 folded in three) or a #10 envelope
# (US Letter) sits about 20-22 mm from the left edge and 45-55 mm from the top of the sheet.
WINDOW_TOP = 50.0
WINDOW_WIDTH = 88.0
BLOCK_SIZE = 9.5  # points, for the two address blocks
BLOCK_LINE = 4.2
SENDER_WIDTH = 72.0
SIGNATURE_SPACE = 14.0


class _LetterPDF(FPDF):
    def __init__(self, paper: Paper) -> None:
        super().__init__(format="A4" if paper == "a4" else "Letter", unit="mm")
        fonts = files("appeals") / "fonts"
        self.add_font(FONT, "", str(fonts / "DejaVuSerifCondensed.ttf"))
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(True, margin=MARGIN_BOTTOM)
        self.set_creator("appeals")


class LetterBook:
    """A PDF of one or more letters, each starting on a new page (on a front side for duplex)."""

    def __init__(self, paper: Paper = "a4", *, duplex: bool = False) -> None:
        self.pdf = _LetterPDF(paper)
        self.duplex = duplex
        self.letters = 0
        self._layout = _Layout(self.pdf)

    def add(self, letter: Letter) -> int:
        """Add a letter on new pages; returns the number of its first page."""
        pdf = self.pdf
        if self.letters == 0:
            pdf.set_title(letter.subject)
            pdf.set_author(letter.sender.name)
            pdf.set_lang(letter.lang)
            # a fixed date: the same letters always make the same bytes
            pdf.set_creation_date(datetime.combine(letter.date, time(12), tzinfo=UTC))
        elif self.duplex and pdf.pages_count % 2 == 1:
            pdf.add_page()  # the back of the previous letter's last sheet stays blank
        first = pdf.pages_count + 1
        _draw(self._layout, letter)
        last = pdf.pages_count
        if last > first:
            _number_pages(pdf, letter.lang, first, last)
        self.letters += 1
        return first

    def pages(self) -> int:
        return self.pdf.pages_count

    def output(self) -> bytes:
        return bytes(self.pdf.output())


class _Layout:
    """Greedy line breaking with each word measured once, and a cursor that turns pages.

    fpdf2's multi_cell measures the growing line again for every character it adds; measuring
    words once (and remembering them across a whole batch) makes a page several times faster.
    """

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.y = MARGIN_TOP
        self._widths: dict[tuple[str, float, str], float] = {}

    def width(self, text: str) -> float:
        key = (self.pdf.font_family, self.pdf.font_size_pt, text)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = self.pdf.get_string_width(text)
        return found

    def wrap(self, text: str, width: float) -> list[str]:
        held = _KEEP_TOGETHER.sub("\xa0", text)
        space = self.width(" ")
        lines: list[str] = []
        line: list[str] = []
        used = 0.0
        for word in held.split(" "):
            size = self.width(word)
            if size > width:  # a word wider than the line: cut it where it must
                if line:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                pieces = self._cut(word, width)
                lines.extend(pieces[:-1])
                word, size = pieces[-1], self.width(pieces[-1])
            if line and used + space + size > width:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0.0) + size
            line.append(word)
        lines.append(" ".join(line))
        return [part.replace("\xa0", " ") for part in lines]

    def _cut(self, word: str, width: float) -> list[str]:
        pieces, current = [], ""
        for char in word:
            if current and self.pdf.get_string_width(current + char) > width:
                pieces.append(current)
                current = ""
            current += char
        return [*pieces, current]

    def lines(
        self, lines: list[str], x: float, width: float, height: float, right: bool = False
    ) -> None:
        pdf = self.pdf
        for line in lines:
            if self.y + height > pdf.h - MARGIN_BOTTOM:
                pdf.add_page()
                self.y = MARGIN_TOP
            offset = width - self.width(line) if right else 0.0
            # baseline about four fifths of the way down the line
            pdf.text(x + offset, self.y + 0.78 * height, line)
            self.y += height

    def paragraph(self, text: str, x: float, width: float, height: float) -> None:
        self.lines(self.wrap(text, width), x, width, height)


def letter_pdf(letter: Letter, paper: Paper = "a4") -> bytes:
    """One letter as PDF bytes; a letter longer than one page has numbered pages."""
    book = LetterBook(paper)
    book.add(letter)
    return book.output()


def _number_pages(pdf: FPDF, lang: Lang, first: int, last: int) -> None:
    """Go back over a letter's pages and number them "Page 1 of 2", "Page 2 of 2"."""
    current = pdf.page
    pdf.set_auto_page_break(False)  # the footer sits inside the bottom margin
    for page in range(first, last + 1):
        pdf.page = page
        pdf.set_font(FONT, size=8.5)
        pdf.set_xy(MARGIN_LEFT, pdf.h - 12)
        text = language(lang).page.format(page=page - first + 1, pages=last - first + 1)
        pdf.cell(pdf.w - MARGIN_LEFT - MARGIN_RIGHT, 4, text, align="C")
    pdf.page = current
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM)


def _draw(layout: _Layout, letter: Letter) -> None:
    pdf = layout.pdf
    pdf.add_page()
    layout.y = MARGIN_TOP
    width = pdf.w - MARGIN_LEFT - MARGIN_RIGHT

    # the writer's name and address, then the date, at the top right
    sender = letter.sender
    right = pdf.w - MARGIN_RIGHT - SENDER_WIDTH
    pdf.set_font(FONT, size=BLOCK_SIZE)
    for line in [sender.name, *sender.address, *([sender.email] if sender.email else [])]:
        layout.lines(layout.wrap(line, SENDER_WIDTH), right, SENDER_WIDTH, BLOCK_LINE, right=True)
    layout.y += 1
    layout.lines([letter.date_text], right, SENDER_WIDTH, BLOCK_LINE, right=True)

    # the recipient, where the envelope window shows it
    layout.y = max(WINDOW_TOP, layout.y + BLOCK_LINE)
    for line in letter.recipient_address:
        layout.paragraph(line, MARGIN_LEFT, WINDOW_WIDTH, BLOCK_LINE)

    pdf.set_font(FONT, size=SIZE)
    layout.y += 1.5 * LINE
    layout.paragraph(letter.salutation, MARGIN_LEFT, width, LINE)
    for paragraph in letter.paragraphs:
        layout.y += GAP
        layout.paragraph(paragraph, MARGIN_LEFT, width, LINE)
    layout.y += GAP
    # keep the closing, the space to sign and the printed name together
    if layout.y + 2 * LINE + SIGNATURE_SPACE > pdf.h - MARGIN_BOTTOM:
        pdf.add_page()
        layout.y = MARGIN_TOP
    layout.paragraph(letter.closing, MARGIN_LEFT, width, LINE)
    layout.y += SIGNATURE_SPACE
    layout.paragraph(sender.name, MARGIN_LEFT, width, LINE)
