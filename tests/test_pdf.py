"""PDF letters as printers and poppler see them: byte-stable, the right glyphs embedded."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from appeals.drafting import DraftRequest, draft_letter
from appeals.export.pdf import WINDOWS, LetterBook, Paper, letter_pdf
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


# --- what poppler sees ---------------------------------------------------------------------

POPPLER = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    POPPLER is None, reason="poppler-utils (pdftotext) not installed"
)
MM = 72 / 25.4  # points in a millimetre
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def boxes(data: bytes, tmp_path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes in mm, as `pdftotext -bbox` measures them."""
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [
            (float(a) / MM, float(b) / MM, float(c) / MM, float(d) / MM, html.unescape(word))
            for a, b, c, d, word in WORD.findall(page)
        ]
        for page in xhtml.split("<page ")[1:]
    ]


def lines_of(
    words: list[tuple[float, float, float, float, str]],
) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Words that share a baseline, as lines of text with their box."""
    rows: dict[float, list[tuple[float, float, float, float, str]]] = {}
    for word in words:
        rows.setdefault(round(word[3], 1), []).append(word)
    out = []
    for row in rows.values():
        row.sort()
        box = (
            min(w[0] for w in row),
            min(w[1] for w in row),
            max(w[2] for w in row),
            max(w[3] for w in row),
        )
        out.append((" ".join(w[4] for w in row), box))
    return out


FULL: dict[str, object] = dict(  # noqa: C408
    address=["12 Elm Street", "Apartment 1204"], postcode="M4B 1B3", email="jane@example.org"
)


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize(
    ("paper", "top", "bottom", "left", "right"),
    [("a4", 45.0, 90.0, 20.0, 110.0), ("letter", 57.5, 86.5, 22.0, 136.0)],
)
def test_the_recipient_block_is_inside_the_envelope_window(
    tmp_path: Path, paper: Paper, top: float, bottom: float, left: float, right: float, lang: str
) -> None:
    for target in ["president", "embassy-ottawa", "embassy-london"]:
        drafted = letter("Jane Doe", lang, target=target, **FULL)
        address = [" ".join(line.split()) for line in drafted.recipient_address]
        rows = lines_of(boxes(letter_pdf(drafted, paper), tmp_path)[0])
        # a line too wide for the window is wrapped inside it: its rows are parts of that line
        kept = [(text, box) for text, box in rows if any(text in line for line in address)]
        assert " ".join(text for text, _ in kept) == " ".join(address), target
        found = [box for _, box in kept]
        assert top <= min(box[1] for box in found)
        assert max(box[3] for box in found) <= bottom
        assert left <= min(box[0] for box in found)
        assert max(box[2] for box in found) <= right
    window = WINDOWS[paper]
    assert (window.top, window.bottom, window.left) == (top, bottom, left)


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_page_numbers_are_one_size_and_page_two_repeats_addressee_and_date(
    tmp_path: Path, lang: str
) -> None:
    drafted = letter(
        "Jane Doe",
        lang,
        personal=("Words of my own. " if lang == "en" else "Это мои слова. ") * 110,
    )
    # longer than any closer-set type fits on one page
    drafted = drafted.model_copy(update={"paragraphs": drafted.paragraphs * 2})
    pages = boxes(letter_pdf(drafted), tmp_path)
    assert len(pages) == 2
    label = "Page {} of 2" if lang == "en" else "Страница {} из 2"
    numbers = []
    for number, page in enumerate(pages, 1):
        lines = lines_of(page)
        text, box = lines[-1]
        assert text == label.format(number)
        numbers.append(round(box[3] - box[1], 2))  # the line's height: its font size
    assert numbers[0] == numbers[1]
    header_text, header_box = lines_of(pages[1])[0]
    # poppler splits words at a no-break space too
    assert header_text == " ".join(f"{drafted.recipient_address[0]} {drafted.date_text}".split())
    assert header_box[1] < 20  # at the top of the sheet
    assert not lines_of(pages[0])[0][0].startswith(drafted.recipient_address[0])


@pytest.mark.parametrize(("paper", "folds"), [("a4", (105.0, 210.0)), ("letter", (93.1, 186.3))])
def test_fold_marks_where_the_sheet_folds_in_three(
    paper: Paper, folds: tuple[float, float]
) -> None:
    reader = PdfReader(io.BytesIO(letter_pdf(letter("Jane Doe"), paper)))
    content = reader.pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    height = float(reader.pages[0].mediabox.height)
    for fold in folds:
        y = height - fold * MM
        assert f"{5 * MM:.2f} {y:.2f} m {10 * MM:.2f} {y:.2f} l S" in content


def test_a_groups_combined_pdf_has_neutral_metadata() -> None:
    book = LetterBook("a4")
    book.add(letter("Person 0", "en"))
    book.add(letter("Анна Петрова", "ru"))
    book.add(letter("Jane Doe", "en"))
    data = book.output()
    info = PdfReader(io.BytesIO(data)).metadata
    assert info is not None
    assert info.title == "3 appeal letters"
    assert info.author is None
    assert b"/Lang" not in data  # English and Russian: no one language for the book
    alone = PdfReader(io.BytesIO(letter_pdf(letter("Jane Doe", "ru")))).metadata
    assert alone is not None and alone.author == "Jane Doe"
    assert b"/Lang (ru)" in letter_pdf(letter("Jane Doe", "ru"))


def test_a_letter_in_a_batch_is_the_same_bytes_as_drafted_alone(tmp_path: Path) -> None:
    appeals = Path(sys.executable).parent / "appeals"
    writers = tmp_path / "w.csv"
    writers.write_text(
        "name,email,address,city,postcode,country,lang,personal\n"
        "Zoë Ångström,,1 Road,Toronto,M4B 1B3,CA,,\n"
        "Анна Петрова,,2 Street,Leeds,LS1 4AP,GB,ru,\n"
        "Jane Doe,,3 Lane,Toronto,M4B 1B3,CA,,\n",
        encoding="utf-8",
    )
    env = {**os.environ, "APPEALS_LOG": str(tmp_path / "log.db")}
    common = ["--today", "2023-05-01", "--target", "president"]
    subprocess.run(
        [
            str(appeals),
            "batch",
            str(writers),
            "--output",
            str(tmp_path / "out"),
            "--format",
            "pdf",
            *common,
            "--quiet",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    alone = subprocess.run(
        [
            str(appeals),
            "draft",
            *common,
            "--format",
            "pdf",
            "--name",
            "Jane Doe",
            "--address",
            "3 Lane",
            "--city",
            "Toronto",
            "--postcode",
            "M4B 1B3",
            "--country",
            "CA",
        ],
        check=True,
        capture_output=True,
        env=env,
    ).stdout
    [written] = (tmp_path / "out").glob("00004-*.pdf")
    assert written.read_bytes() == alone
