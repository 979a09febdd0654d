"""PDF letters as printers and poppler see them: byte-stable, the right glyphs embedded."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from appeals.drafting import DraftRequest, draft_letter
from appeals.export.pdf import letter_pdf
from appeals.models import Letter


def letter(name: str, lang: str = "en", **fields: object) -> Letter:
    request = DraftRequest(
        today=date(2023, 5, 1),
        name=name,
        lang=lang,
        country="CA",
        city="Toronto",
        **fields,  # type: ignore[arg-type]
    )
    return draft_letter(request).letter


def test_a_letter_makes_the_same_bytes_alone_and_after_others_in_one_process() -> None:
    names = ["Zoë Ångström", "Анна Петрова", "עדי כהן", "Jane Doe", "Émile Zola"]
    letters = [letter(name, lang) for name in names for lang in ("en", "ru")]
    first = [letter_pdf(item) for item in letters]
    again = [letter_pdf(item) for item in reversed(letters)][::-1]
    assert first == again
    assert len(set(first)) == len(first)


def test_every_character_of_the_letter_extracts_from_the_embedded_font() -> None:
    for name in ["Zoë Ångström", "Анна Петрова-Сидоренко", "Łukasz Ćwik №5", "Ŵŷ ǅ ẞ"]:
        data = letter_pdf(letter(name, "ru"))
        reader = PdfReader(io.BytesIO(data))
        text = reader.pages[0].extract_text()
        assert text.startswith(name) or name in text, text[:80]
