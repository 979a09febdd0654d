"""Export formats: .eml, mailto:, Markdown, PDF; and writing them to files."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from appeals.drafting import DraftRequest, draft_letter
from appeals.errors import AppealsError
from appeals.export.eml import letter_eml
from appeals.export.mailto import letter_mailto
from appeals.export.md import escape, letter_markdown
from appeals.export.pdf import letter_pdf
from appeals.export.text import letter_text
from appeals.loading import load_case_folder
from tests.helpers import CANADIAN_WRITER, check_snapshot, copy_case, run, unflow, unstuffed

WRITER = CANADIAN_WRITER
UPDATE_1 = ("draft", "--action", "update-1", "--today", "2022-06-01", *WRITER)


def parse_eml(data: bytes) -> EmailMessage:
    message = message_from_bytes(data, policy=default)
    assert isinstance(message, EmailMessage)
    return message


def export(args: tuple[str, ...], fmt: str) -> bytes:
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


# --- .eml -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_eml_is_a_draft_whose_body_equals_the_text_export(lang: str) -> None:
    args = (*UPDATE_1, "--lang", lang)
    message = parse_eml(export(args, "eml"))
    assert message["From"] == "Jane Doe <jane@example.org>"
    assert message["To"] == "udp@udp-rk.kz"
    assert message["Cc"] == "ottawa@mfa.kz"
    assert message["Date"] == "Wed, 01 Jun 2022 12:00:00 +0000"
    assert re.fullmatch(r"<[0-9a-f]{32}@appeals\.invalid>", message["Message-ID"])
    assert message["X-Unsent"] == "1"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    subject = load_case_folder().case.actions["update-1"].text(lang).subject
    assert message["Subject"] == subject
    body = unstuffed(message.get_content())
    assert body == export(args, "text").decode("utf-8")
    if lang == "ru":
        assert "Уважаемый господин Президент!" in body


def test_eml_without_writer_email_has_no_from_and_embassy_letter_has_no_cc() -> None:
    message = parse_eml(
        export(("draft", "--target", "embassy-london", "--today", "2023-05-01"), "eml")
    )
    assert message["From"] is None
    assert message["Cc"] is None
    assert message["To"] == "London@kazembassy.org.uk, London@mfa.kz"


def test_eml_is_the_same_bytes_every_time() -> None:
    assert export(UPDATE_1, "eml") == export(UPDATE_1, "eml")


def test_eml_no_cc() -> None:
    assert parse_eml(export((*UPDATE_1, "--no-cc"), "eml"))["Cc"] is None


HEADERS = {
    "From",
    "To",
    "Cc",
    "Subject",
    "Date",
    "Message-ID",
    "X-Unsent",
    "Content-Type",
    "Content-Transfer-Encoding",
    "MIME-Version",
    "Content-Language",
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(max_size=80),
    email=st.one_of(st.none(), st.emails(), st.text(max_size=40)),
    personal=st.text(max_size=300),
)
def test_any_writer_round_trips_through_the_eml_or_is_refused(
    name: str, email: str | None, personal: str
) -> None:
    request = DraftRequest(
        today=date(2023, 5, 1), name=name, email=email, personal=personal, country="GB"
    )
    try:
        letter = draft_letter(request).letter
    except AppealsError:
        return
    message = parse_eml(letter_eml(letter))
    assert set(message.keys()) <= HEADERS
    assert len(message.keys()) == len(set(message.keys()))
    assert message["To"] == "udp@udp-rk.kz"
    assert message["Cc"] == "London@kazembassy.org.uk, London@mfa.kz"
    if email is not None and email.strip():
        assert message["From"].addresses[0].addr_spec == email
        assert message["From"].addresses[0].display_name == letter.sender.name
    # composed (NFC) as the README says: U+2F800, a compatibility ideograph, becomes U+4E3D
    assert letter.sender.name == (
        unicodedata.normalize("NFC", " ".join(name.split())) or "[Your name]"
    )
    assert unstuffed(message.get_content()) == letter_text(letter)
    assert set(letter.paragraphs) <= set(unflow(message.get_content()).split("\n"))
    words = " ".join(personal.split())
    if words:
        assert words in letter.paragraphs


@pytest.mark.parametrize(
    "name",
    ["Jane\r\nBcc: victim@example.org", "Jane\nSubject: x", "Jane\x00", "Jane\u202eeoD"],
)
def test_header_injection_through_the_name_is_refused(name: str) -> None:
    result = run("draft", "--today", "2023-05-01", "--format", "eml", "--name", name)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: --name: contains a line break or another control character; write it on one line\n"
    )


def test_unusual_but_valid_names_are_quoted_in_the_from_header() -> None:
    args = ("draft", "--today", "2023-05-01", "--email", "a@example.org")
    for name in [
        'O\'Brien, "Jo" <x@y>',
        "Анна Петрова",
        "Анна Петрова-Сидоренко Константиновна Великая",
        "КонстантинопольскаяПетропавловскаяАлександровна",
        "עדי כהן",
        "🙂 Smile",
        "x" * 200,
    ]:
        message = parse_eml(export((*args, "--name", name), "eml"))
        assert message["From"].addresses[0].display_name == name
        assert message["From"].addresses[0].addr_spec == "a@example.org"


# --- mailto: -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_mailto_stays_under_2000_characters_with_to_cc_and_subject(lang: str) -> None:
    result = run(*UPDATE_1, "--lang", lang, "--format", "mailto", "--quiet")
    assert result.exit_code == 0
    link = result.stdout.strip()
    assert link.isascii()
    assert len(link) <= 2000
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "udp@udp-rk.kz"
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["cc"] == ["ottawa@mfa.kz"]
    subject = load_case_folder().case.actions["update-1"].text(lang).subject
    assert query["subject"] == [subject]
    # the whole letter does not fit: no body rather than a cut one, and one line saying so
    assert "body" not in query
    full = (
        len(link)
        + len("&body=")
        + len(quote(run(*UPDATE_1, "--lang", lang).stdout.replace("\n", "\r\n"), safe="@,"))
    )
    assert result.stderr.endswith(
        f"warning: the letter is too long for a mailto: link ({full} characters; mail programs "
        "cut at about 2000), so the link has To, Cc and Subject only: add --copy to put the "
        "letter on the clipboard, or use --format eml or --format text\n"
    )
    assert result.stderr.count("mailto") == 1


def test_a_letter_that_fits_carries_its_body_and_no_warning(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    short = "I ask you to lift every restriction on {{ person.name }}.\n\n{{ personal }}\n"
    (case / "letters" / "en" / "update-3.j2").write_text(short, encoding="utf-8")
    args = ("draft", "--today", "2023-05-01", "--name", "A", "--no-cc", "--case", str(case))
    result = run(*args, "--format", "mailto")
    link = result.stdout.strip()
    assert len(link) <= 2000
    query = parse_qs(urlsplit(link).query, keep_blank_values=True)
    assert query["body"][0].replace("\r\n", "\n") == run(*args).stdout
    assert "mailto" not in result.stderr


def test_copy_puts_the_letter_on_the_clipboard(tmp_path: Path) -> None:
    clipboard = tmp_path / "clipboard"
    tool = tmp_path / "bin" / "xclip"
    tool.parent.mkdir()
    tool.write_text(f'#!/bin/sh\necho "$@" > {clipboard}.args\n/bin/cat > {clipboard}\n')
    tool.chmod(0o755)
    args = (*UPDATE_1, "--lang", "ru")
    result = run(*args, "--format", "mailto", "--copy", "--quiet", env={"PATH": str(tool.parent)})
    assert result.exit_code == 0
    assert clipboard.read_text(encoding="utf-8") == run(*args).stdout
    assert (tmp_path / "clipboard.args").read_text() == "-selection clipboard\n"
    assert result.stderr.endswith("copied: the letter to the clipboard (with xclip)\n")


def test_copy_without_a_clipboard_program_says_so(tmp_path: Path) -> None:
    result = run(*UPDATE_1, "--format", "mailto", "--copy", "--quiet", env={"PATH": str(tmp_path)})
    assert result.exit_code == 0
    assert result.stdout.startswith("mailto:udp@udp-rk.kz?cc=ottawa@mfa.kz&subject=")
    assert result.stderr.endswith(
        "warning: no clipboard program found (wl-copy, xclip, xsel, pbcopy, clip.exe); "
        "copy the letter from --format text\n"
    )


def test_copy_needs_mailto() -> None:
    result = run("draft", "--today", "2023-05-01", "--copy")
    assert result.exit_code == 2
    assert result.stderr == "error: --copy goes with --format mailto\n"


def test_mailto_encodes_reserved_characters_in_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("appeals.export.mailto.SAFE_LENGTH", 100_000)
    letter = draft_letter(
        DraftRequest(today=date(2023, 5, 1), personal="Tom & Jerry? 100% #1 =yes", name="A")
    ).letter
    query = parse_qs(urlsplit(letter_mailto(letter)).query)
    assert "Tom & Jerry? 100% #1 =yes" in query["body"][0]
    assert set(query) == {"subject", "body"}


def test_open_without_a_desktop_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda _name: None)
    result = run(
        "draft",
        "--today",
        "2023-05-01",
        "--name",
        "A",
        "--city",
        "B",
        "--format",
        "mailto",
        "--open",
        "--quiet",
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("mailto:udp@udp-rk.kz?subject=")
    assert result.stderr.endswith(
        "warning: no desktop mail program found (xdg-open is not installed); "
        "open the link yourself\n"
    )


def test_open_needs_mailto() -> None:
    result = run("draft", "--today", "2023-05-01", "--open")
    assert result.exit_code == 2
    assert result.stderr == "error: --open goes with --format mailto\n"


# --- Markdown ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_markdown_snapshot(lang: str) -> None:
    check_snapshot(
        f"update-1.{lang}.president.md", export((*UPDATE_1, "--lang", lang), "md").decode()
    )


def test_markdown_escapes_what_a_writer_types() -> None:
    assert escape("# not a heading") == "\\# not a heading"
    assert escape("1. not a list") == "1\\. not a list"
    assert escape("*bold* _it_ [link](x) <b>") == "\\*bold\\* \\_it\\_ \\[link\\](x) \\<b\\>"
    letter = draft_letter(
        DraftRequest(today=date(2023, 5, 1), name="# Jane *", personal="- [x](javascript:1)")
    ).letter
    markdown = letter_markdown(letter)
    assert "\n\\# Jane \\*  \n" in markdown
    assert "\n\\- \\[x\\](javascript:1)\n" in markdown


# --- PDF ---------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> tuple[int, list[str], tuple[float, float]]:
    reader = PdfReader(io.BytesIO(data))
    words = " ".join(page.extract_text() for page in reader.pages).split()
    box = reader.pages[0].mediabox
    return len(reader.pages), words, (round(float(box.width), 1), round(float(box.height), 1))


def body_words(data: bytes) -> list[str]:
    return " ".join(data.decode("utf-8").split("\n\n")[3:-2]).split()


def contains_in_order(words: list[str], part: list[str]) -> bool:
    text, needle = " ".join(words), " ".join(part)
    return needle in text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pdf_is_one_a4_page_whose_text_extracts_in_order(lang: str, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    result = run(*UPDATE_1, "--lang", lang, "--format", "pdf", "--output", str(out))
    assert result.exit_code == 0
    assert result.stdout == f"{out}\n"
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    pages, words, size = pdf_text(data)
    assert pages == 1
    assert size == (595.3, 841.9)  # A4 in points
    text = run(*UPDATE_1, "--lang", lang).stdout.encode()
    assert contains_in_order(words, body_words(text))
    assert words[:2] == ["Jane", "Doe"]
    date_words = ["1", "June", "2022"] if lang == "en" else ["1", "июня", "2022", "г."]
    assert contains_in_order(words, date_words)
    # the printed name, then the line saying the letter is copied to the embassy
    copy = {"en": "cc: Embassy of the Republic of Kazakhstan in Canada"}
    copy["ru"] = "Копия: Посольство Республики Казахстан в Канаде"
    last = ["Jane", "Doe", *copy[lang].split()]
    assert words[-len(last) :] == last
    assert "\u202f" not in " ".join(words)


def test_pdf_on_us_letter(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    assert (
        run(*UPDATE_1, "--format", "pdf", "--paper", "letter", "--output", str(out)).exit_code == 0
    )
    assert pdf_text(out.read_bytes())[2] == (612.0, 792.0)


FOLDER = load_case_folder()


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_model_letter_with_600_characters_of_its_own_fits_on_one_page(
    paper: str, lang: str
) -> None:
    personal = ("Слово " if lang == "ru" else "Words ") * 100
    for action in FOLDER.case.actions:
        for target in FOLDER.targets:
            letter = draft_letter(
                DraftRequest(
                    today=date(2022, 6, 1),
                    action=action,
                    target=target,
                    lang=lang,
                    allow_late=True,
                    name="Jane Doe",
                    address=["12 Elm Street", "Apartment 1204"],
                    city="Toronto",
                    postcode="M4B 1B3",
                    country="CA",
                    email="jane@example.org",
                    personal=personal[:600],
                )
            ).letter
            pages, _, _ = pdf_text(letter_pdf(letter, paper))  # type: ignore[arg-type]
            assert pages == 1, (action, target)


def test_a_longer_letter_flows_onto_a_numbered_second_page() -> None:
    letter = draft_letter(
        DraftRequest(today=date(2023, 5, 1), name="Jane Doe", personal="Words " * 330)
    ).letter
    # longer than any closer-set type fits on one page
    letter = letter.model_copy(update={"paragraphs": letter.paragraphs * 2})
    reader = PdfReader(io.BytesIO(letter_pdf(letter)))
    assert len(reader.pages) == 2
    first, second = (page.extract_text().split("\n") for page in reader.pages)
    assert first[-1] == "Page 1 of 2"
    assert second[-3:] == ["Yours sincerely,", "Jane Doe", "Page 2 of 2"]


def test_pdf_to_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("appeals.cli.base._stdout_is_terminal", lambda: True)
    result = run("draft", "--today", "2023-05-01", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith(
        "error: --format pdf writes a binary file; add --output letter.pdf or redirect stdout\n"
    )


def test_pdf_to_a_pipe_is_the_bytes() -> None:
    data = export(("draft", "--today", "2023-05-01"), "pdf")
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_pdf_is_the_same_bytes_every_time() -> None:
    args = ("draft", "--today", "2023-05-01", "--name", "A")
    assert export(args, "pdf") == export(args, "pdf")
