"""The letter as a print-ready PDF: one page to sign, the address placed for a window envelope.

Fonts are embedded (DejaVu Serif Condensed, shipped in appeals/fonts) so Cyrillic prints and
extracts as text on any machine; appeals/export/pdffont.py keeps that fast.

A letter is laid out twice: a dry pass counts its pages, so that every page can carry
"Page 1 of 2" from fpdf2's own footer hook as it is made, then the real pass draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal

from fpdf import FPDF

from appeals.export.pdffont import LetterFontProducer, glyph_widths, use_letter_font
from appeals.export.text import hold, release
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
MARGIN_BOTTOM = 15.0  # the page number sits in it
BLOCK_SIZE = 9.5  # points, for the two address blocks
BLOCK_LINE = 4.2
SENDER_WIDTH = 72.0
SIGNATURE_SPACE = 14.0
# the body's type (size in points, mm between baselines, mm between paragraphs, mm to sign in):
# the usual one, and a closer-set one for a letter that would otherwise spill onto a second
# page (a long personal paragraph on US Letter, whose window block sits lower on a shorter sheet)
BODY = (SIZE, LINE, GAP, SIGNATURE_SPACE)
COMPACT_BODY = (10.0, 4.3, 1.6, 11.0)
SMALL_SIZE = 8.5  # points: page numbers and the header of a second page
HEADER_SPACE = 9.0  # mm the header of a second page takes above the text
FOLD_MARK = (5.0, 10.0)  # mm from the left edge: where a fold mark starts and ends


@dataclass(frozen=True)
class Window:
    """Where a window envelope shows the folded sheet, in mm from its top left corner."""

    top: float
    bottom: float
    left: float
    width: float
    folds: tuple[float, ...]  # mm from the top where the sheet is folded

    @property
    def block_top(self) -> float:
        """Where the recipient block starts: inside the window, clear of its upper edge."""
        return self.top + (5.0 if self.top < 50 else 2.0)


WINDOWS: dict[Paper, Window] = {
    # A4 folded in three into a DL or C5/6 envelope (DIN 5008 form B, DIN 680 window):
    # the window shows 45-90 mm from the top, from 20 mm from the left, 90 mm wide.
    "a4": Window(top=45.0, bottom=90.0, left=20.0, width=90.0, folds=(105.0, 210.0)),
    # US Letter tri-folded into a #10 window envelope (window 4 1/2 x 1 1/8 in, 7/8 in from
    # the left): the window shows about 57.5-86.5 mm from the top, from 22 mm from the left.
    "letter": Window(top=57.5, bottom=86.5, left=22.0, width=114.0, folds=(93.1, 186.3)),
}
RECIPIENT_INSET = 2.0  # mm from the window's left edge to the text
RECIPIENT_WIDTH = 86.0  # mm: the longest address line before it wraps


@dataclass(frozen=True)
class _PageLabel:
    page: int  # within its letter
    pages: int
    header: tuple[str, str]  # addressee, date: on a letter's second and later pages
    lang: Lang


class _LetterPDF(FPDF):
    def __init__(self, paper: Paper) -> None:
        super().__init__(format="A4" if paper == "a4" else "Letter", unit="mm")
        use_letter_font(self, FONT)
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(False)  # _Layout turns the pages
        self.set_creator("appeals")
        self.labels: dict[int, _PageLabel] = {}  # by page number in the document

    def header(self) -> None:
        label = self.labels.get(self.page)
        if label is None or label.page == 1:
            return
        self.set_font(FONT, size=SMALL_SIZE)
        addressee, day = label.header
        baseline = MARGIN_TOP + 3.0
        self.text(MARGIN_LEFT, baseline, addressee)
        self.text(self.w - MARGIN_RIGHT - self.get_string_width(day), baseline, day)
        self.set_draw_color(160)
        self.set_line_width(0.2)
        self.line(MARGIN_LEFT, baseline + 2.0, self.w - MARGIN_RIGHT, baseline + 2.0)

    def footer(self) -> None:
        label = self.labels.get(self.page)
        if label is None or label.pages == 1:
            return
        self.set_font(FONT, size=SMALL_SIZE)
        self.set_xy(MARGIN_LEFT, self.h - 12)
        text = language(label.lang).page.format(page=label.page, pages=label.pages)
        self.cell(self.w - MARGIN_LEFT - MARGIN_RIGHT, 4, text, align="C")


class LetterBook:
    """A PDF of one or more letters, each starting on a new page (on a front side for duplex)."""

    def __init__(self, paper: Paper = "a4", *, duplex: bool = False) -> None:
        self.pdf = _LetterPDF(paper)
        self.window = WINDOWS[paper]
        self.duplex = duplex
        self.letters = 0
        self._first: Letter | None = None
        self._langs: set[Lang] = set()
        self._latest: date | None = None
        self._layout = _Layout(self.pdf)

    def add(self, letter: Letter) -> int:
        """Add a letter on new pages; returns the number of its first page."""
        pdf = self.pdf
        if self.letters and self.duplex and pdf.pages_count % 2 == 1:
            pdf.add_page()  # the back of the previous letter's last sheet stays blank
        layout = self._layout
        layout.dry = True
        body = BODY
        _draw(layout, letter, self.window, body)
        if layout.pages > 1:  # one page if closer-set type makes it fit
            _draw(layout, letter, self.window, COMPACT_BODY)
            if layout.pages == 1:
                body = COMPACT_BODY
            else:
                _draw(layout, letter, self.window, body)
        pages = layout.pages
        first = pdf.pages_count + 1
        header = (letter.recipient_address[0] if letter.recipient_address else "", letter.date_text)
        for number in range(pages):
            pdf.labels[first + number] = _PageLabel(number + 1, pages, header, letter.lang)
        layout.dry = False
        _draw(layout, letter, self.window, body)
        self.letters += 1
        self._first = self._first or letter
        self._langs.add(letter.lang)
        if self._latest is None or letter.date > self._latest:
            self._latest = letter.date
        return first

    def pages(self) -> int:
        return self.pdf.pages_count

    def output(self) -> bytes:
        pdf = self.pdf
        if self._first is not None:
            if self.letters == 1:
                pdf.set_title(self._first.subject)
                pdf.set_author(self._first.sender.name)
            else:  # a group's book: no one writer's name, no one letter's subject
                pdf.set_title(f"{self.letters} appeal letters")
            if len(self._langs) == 1:
                pdf.set_lang(next(iter(self._langs)))
            # a fixed date: the same letters always make the same bytes
            pdf.set_creation_date(
                datetime.combine(self._latest or self._first.date, time(12), tzinfo=UTC)
            )
        return bytes(pdf.output(output_producer_class=LetterFontProducer))


# words measured once per process, for every letter: (size in points, text) -> width in mm
_WIDTHS: dict[tuple[float, str], float] = {}
# paragraphs broken into lines, for both passes and for every letter that shares them
_WRAPPED: dict[tuple[float, float, str], list[str]] = {}


class _Layout:
    """Greedy line breaking with each word measured once, and a cursor that turns pages.

    fpdf2's multi_cell measures the growing line again for every character it adds; measuring
    words once (and remembering them across a whole batch) makes a page several times faster.
    In a dry pass nothing is drawn: the pages are only counted.
    """

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.y = MARGIN_TOP
        self.size = SIZE
        self.dry = False
        self.pages = 0  # pages of the letter being laid out

    def width(self, text: str, size: float | None = None) -> float:
        key = (size or self.size, text)
        found = _WIDTHS.get(key)
        if found is None:
            if len(_WIDTHS) > 100_000:  # a bound for endless batches; widths never change
                _WIDTHS.clear()
            # what fpdf2's get_string_width gives for this font, without its per-call set-up
            widths = glyph_widths()
            points = sum(widths[ord(char)] for char in text) * key[0] / 1000
            found = _WIDTHS[key] = points / self.pdf.k
        return found

    def new_page(self) -> None:
        self.pages += 1
        if not self.dry:
            self.pdf.add_page()
        self.y = MARGIN_TOP + (HEADER_SPACE if self.pages > 1 else 0.0)

    def set_size(self, size: float) -> None:
        self.size = size
        if not self.dry:
            self.pdf.set_font(FONT, size=size)

    def wrap(self, text: str, width: float) -> list[str]:
        key = (self.size, width, text)
        found = _WRAPPED.get(key)
        if found is None:
            if len(_WRAPPED) > 10_000:
                _WRAPPED.clear()
            found = _WRAPPED[key] = self._wrap(text, width)
        return found

    def _wrap(self, text: str, width: float) -> list[str]:
        held = hold(text)  # split at plain spaces only: U+00A0 stays inside a word
        space = self.width(" ")
        lines: list[str] = []
        line: list[str] = []
        used = 0.0
        for word in held.split(" "):
            size = self.width(release(word))
            if size > width:  # a word wider than the line: cut it where it must
                if line:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                pieces = self._cut(word, width)
                lines.extend(pieces[:-1])
                word, size = pieces[-1], self.width(release(pieces[-1]))
            if line and used + space + size > width:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0.0) + size
            line.append(word)
        lines.append(" ".join(line))
        return [release(part) for part in lines]

    def _cut(self, word: str, width: float) -> list[str]:
        pieces, current = [], ""
        for char in word:
            if current and self.width(release(current + char)) > width:
                pieces.append(current)
                current = ""
            current += char
        return [*pieces, current]

    def lines(
        self, lines: list[str], x: float, width: float, height: float, right: bool = False
    ) -> None:
        for line in lines:
            if self.y + height > self.pdf.h - MARGIN_BOTTOM:
                self.new_page()
                self.set_size(self.size)
            if not self.dry:
                offset = width - self.width(line) if right else 0.0
                # baseline about four fifths of the way down the line
                self.pdf.text(x + offset, self.y + 0.78 * height, line)
            self.y += height

    def paragraph(self, text: str, x: float, width: float, height: float) -> None:
        self.lines(self.wrap(text, width), x, width, height)

    def fold_marks(self, window: Window) -> None:
        if self.dry:
            return
        pdf = self.pdf
        pdf.set_draw_color(120)
        pdf.set_line_width(0.2)
        for y in window.folds:
            pdf.line(FOLD_MARK[0], y, FOLD_MARK[1], y)


def letter_pdf(letter: Letter, paper: Paper = "a4") -> bytes:
    """One letter as PDF bytes; a letter longer than one page has numbered pages."""
    book = LetterBook(paper)
    book.add(letter)
    return book.output()


def _draw(
    layout: _Layout,
    letter: Letter,
    window: Window,
    body: tuple[float, float, float, float] = BODY,
) -> None:
    size, line_height, gap, signature_space = body
    pdf = layout.pdf
    layout.pages = 0
    layout.new_page()
    layout.fold_marks(window)
    width = pdf.w - MARGIN_LEFT - MARGIN_RIGHT

    # the writer's name and address, then the date, at the top right
    sender = letter.sender
    right = pdf.w - MARGIN_RIGHT - SENDER_WIDTH
    layout.set_size(BLOCK_SIZE)
    for line in [sender.name, *sender.address, *([sender.email] if sender.email else [])]:
        layout.lines(layout.wrap(line, SENDER_WIDTH), right, SENDER_WIDTH, BLOCK_LINE, right=True)
    layout.y += 1
    layout.lines([letter.date_text], right, SENDER_WIDTH, BLOCK_LINE, right=True)
    below_sender = layout.y

    # the recipient, where the envelope window shows it: to its left, clear of the sender
    left = window.left + RECIPIENT_INSET
    recipient = [
        part for line in letter.recipient_address for part in layout.wrap(line, RECIPIENT_WIDTH)
    ]
    room = window.bottom - 1.0 - window.block_top
    layout.y = window.block_top
    layout.lines(recipient, left, RECIPIENT_WIDTH, min(BLOCK_LINE, room / max(len(recipient), 1)))

    layout.set_size(size)
    layout.y = max(layout.y, below_sender) + 1.5 * line_height
    layout.paragraph(letter.salutation, MARGIN_LEFT, width, line_height)
    for paragraph in letter.paragraphs:
        layout.y += gap
        layout.paragraph(paragraph, MARGIN_LEFT, width, line_height)
    layout.y += gap
    # keep the closing, the space to sign and the printed name together
    if layout.y + 2 * line_height + signature_space > pdf.h - MARGIN_BOTTOM:
        layout.new_page()
        layout.set_size(size)
    layout.paragraph(letter.closing, MARGIN_LEFT, width, line_height)
    layout.y += signature_space
    layout.paragraph(sender.name, MARGIN_LEFT, width, line_height)
    if letter.copy_line:  # who else gets the letter, as on the text version
        layout.y += gap
        layout.paragraph(letter.copy_line, MARGIN_LEFT, width, line_height)
