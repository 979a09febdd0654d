"""The letter as a print-ready PDF: one page to sign, the address placed for a window envelope.

Fonts are embedded (DejaVu Serif Condensed, shipped in appeals/fonts) so Cyrillic prints and
extracts as text on any machine.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from importlib.resources import files
from typing import Literal

from fpdf import FPDF

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

_PAGE: dict[Lang, str] = {"en": "Page {page} of {pages}", "ru": "Страница {page} из {pages}"}


class _LetterPDF(FPDF):
    def __init__(self, paper: Paper, lang: Lang, numbered: bool) -> None:
        super().__init__(format="A4" if paper == "a4" else "Letter", unit="mm")
        self.letter_lang = lang
        self.numbered = numbered
        fonts = files("appeals") / "fonts"
        self.add_font(FONT, "", str(fonts / "DejaVuSerifCondensed.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSerifCondensed-Bold.ttf"))
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(True, margin=MARGIN_BOTTOM)

    def footer(self) -> None:
        if not self.numbered:
            return
        self.set_y(-12)
        self.set_font(FONT, size=8.5)
        text = _PAGE[self.letter_lang].format(page=self.page_no(), pages="{nb}")
        self.cell(0, 4, text, align="C")


def letter_pdf(letter: Letter, paper: Paper = "a4") -> bytes:
    """The PDF bytes; a letter longer than one page gets page numbers."""
    pdf = _render(letter, paper, numbered=False)
    if pdf.pages_count > 1:
        pdf = _render(letter, paper, numbered=True)
    return bytes(pdf.output())


def page_count(letter: Letter, paper: Paper = "a4") -> int:
    return _render(letter, paper, numbered=False).pages_count


def _render(letter: Letter, paper: Paper, numbered: bool) -> _LetterPDF:
    pdf = _LetterPDF(paper, letter.lang, numbered)
    pdf.set_title(letter.subject)
    pdf.set_author(letter.sender.name)
    pdf.set_creator("appeals")
    pdf.set_lang(letter.lang)
    # a fixed date: the same letter always makes the same bytes
    pdf.set_creation_date(datetime.combine(letter.date, time(12), tzinfo=UTC))
    pdf.add_page()
    pdf.set_font(FONT, size=SIZE)
    width = pdf.w - MARGIN_LEFT - MARGIN_RIGHT

    # the writer's name and address, then the date, at the top right
    sender = letter.sender
    pdf.set_font(FONT, size=BLOCK_SIZE)
    pdf.set_xy(pdf.w - MARGIN_RIGHT - SENDER_WIDTH, MARGIN_TOP)
    sender_lines = [sender.name, *sender.address, *([sender.email] if sender.email else [])]
    pdf.multi_cell(SENDER_WIDTH, BLOCK_LINE, "\n".join(sender_lines), align="R")
    pdf.set_x(pdf.w - MARGIN_RIGHT - SENDER_WIDTH)
    pdf.ln(1)
    pdf.set_x(pdf.w - MARGIN_RIGHT - SENDER_WIDTH)
    pdf.multi_cell(SENDER_WIDTH, BLOCK_LINE, letter.date_text, align="R", new_x="LMARGIN")
    top_right_end = pdf.get_y()

    # the recipient, where the envelope window shows it
    pdf.set_xy(MARGIN_LEFT, max(WINDOW_TOP, top_right_end + BLOCK_LINE))
    address = "\n".join(letter.recipient_address)
    pdf.multi_cell(WINDOW_WIDTH, BLOCK_LINE, address, align="L", new_x="LMARGIN")

    pdf.set_font(FONT, size=SIZE)
    pdf.set_y(pdf.get_y() + 1.5 * LINE)
    pdf.multi_cell(width, LINE, letter.salutation, align="L", new_x="LMARGIN", new_y="NEXT")
    for paragraph in letter.paragraphs:
        pdf.ln(GAP)
        pdf.multi_cell(width, LINE, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(GAP)
    # keep the closing, the space to sign and the printed name together
    if pdf.get_y() + 2 * LINE + SIGNATURE_SPACE > pdf.h - MARGIN_BOTTOM:
        pdf.add_page()
    pdf.multi_cell(width, LINE, letter.closing, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(SIGNATURE_SPACE)
    pdf.multi_cell(width, LINE, sender.name, align="L", new_x="LMARGIN", new_y="NEXT")
    return pdf
