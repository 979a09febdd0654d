""".eml drafts as standards-following readers see them: line lengths, encoded-words, names and
subjects read back exactly, Content-Language, format=flowed, CRLF, internationalised domains."""

from __future__ import annotations

import re
from datetime import date
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import EmailPolicy, default, strict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeals.drafting import DraftRequest, draft_letter
from appeals.errors import AppealsError
from appeals.export.eml import letter_eml
from appeals.export.text import letter_text
from appeals.models import Letter
from tests.helpers import CANADIAN_WRITER, run, unflow, unstuffed

ENCODED_WORD = re.compile(rb"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def header_block(data: bytes) -> bytes:
    head, separator, _ = data.partition(b"\r\n\r\n")
    assert separator, "no blank line after the headers"
    return head


def check_rfc_lengths(data: bytes) -> None:
    """Every header line at most 78 characters, every encoded-word at most 75."""
    for line in header_block(data).split(b"\r\n"):
        assert len(line) <= 78, line
        for word in ENCODED_WORD.findall(line):
            assert len(word) <= 75, word


def check_crlf(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")


def read(data: bytes, policy: EmailPolicy[EmailMessage] = strict) -> EmailMessage:
    message = message_from_bytes(data, policy=policy)
    assert isinstance(message, EmailMessage)
    assert not message.defects
    return message


def letter(name: str = "Jane Doe", lang: str = "en", **fields: object) -> Letter:
    request = DraftRequest(
        today=date(2023, 5, 1),
        name=name,
        email=fields.pop("email", "jane@example.org"),  # type: ignore[arg-type]
        lang=lang,
        country="GB",
        **fields,  # type: ignore[arg-type]
    )
    return draft_letter(request).letter


NAMES = [
    "Jane Doe",
    "Анна Петрова",
    "Анна Петрова-Сидоренко Константиновна Великая",
    "Анна Константиновна Петрова-Сидоренко из Санкт-Петербурга и Ленинградской области",
    "Jane Анна Doe Петрова-Сидоренко Константиновна Великая Smith",
    'O\'Brien, "Jo" <x@y>',
    "Dr. Jo-Anne O'Brien-Fitzgerald of the Very Long Family Name Association Limited",
    "עדי כהן",
    "🙂 Smile",
    "=?utf-8?q?x?=",
]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("name", NAMES)
def test_names_and_subjects_read_back_exactly_from_short_lines(name: str, lang: str) -> None:
    drafted = letter(name, lang)
    data = letter_eml(drafted)
    check_rfc_lengths(data)
    check_crlf(data)
    for policy in (strict, default):
        message = read(data, policy)
        assert message["From"].addresses[0].display_name == name
        assert message["From"].addresses[0].addr_spec == "jane@example.org"
        assert message["Subject"] == drafted.subject


def test_a_russian_subject_is_folded_between_words() -> None:
    from email.header import decode_header

    drafted = letter("Анна Петрова", "ru")
    head = header_block(letter_eml(drafted)).decode("ascii")
    lines = head[head.index("Subject:") : head.index("\r\nDate:")].split("\r\n")
    assert len(lines) == 3
    words = [w for line in lines for w in ENCODED_WORD.findall(line.encode())]
    pieces = [bytes(decode_header(w.decode())[0][0]).decode("utf-8") for w in words]
    assert all(piece.endswith(" ") for piece in pieces[:-1])  # cut after a whole word
    assert "".join(pieces) + " (UA 31/22)" == drafted.subject


def test_one_word_longer_than_an_encoded_word_still_reads_back_exactly() -> None:
    """Python reads the space between two encoded-words of a name as a space, so such a word
    stays in one (long) encoded-word rather than come back cut in two."""
    name = "КонстантинопольскаяПетропавловскаяАлександровна"
    message = read(letter_eml(letter(name)))
    assert message["From"].addresses[0].display_name == name


def test_content_language_format_flowed_and_the_crlf_ending() -> None:
    drafted = letter("Jane Doe", "ru")
    data = letter_eml(drafted)
    message = read(data)
    assert message["Content-Language"] == "ru"
    assert message.get_content_type() == "text/plain"
    assert message.get_param("format") == "flowed"
    assert message.get_content_charset() == "utf-8"
    assert data.endswith(
        b"\r\nJane Doe\r\n[\xd0\x92\xd0\xb0\xd1\x88 "
        + "почтовый адрес]".encode()
        + "\r\nВеликобритания\r\njane@example.org\r\n".encode()
        + "\r\nКопия: Посольство Республики Казахстан в Великобритании\r\n".encode()
    )
    check_crlf(data)


def test_flowed_paragraphs_reflow_and_read_as_the_text_export() -> None:
    drafted = letter("Jane Doe", "en", personal="My own words. " * 20)
    body = read(letter_eml(drafted)).get_content()
    lines = body.replace("\r\n", "\n").split("\n")
    assert max(len(line) for line in lines) <= 78
    soft = [line for line in lines if line.endswith(" ")]
    assert len(soft) > 10  # every wrapped paragraph line carries its soft break
    assert unstuffed(body) == letter_text(drafted)  # a plain reader sees the text export
    assert set(drafted.paragraphs) <= set(unflow(body).split("\n"))  # a flowed reader re-flows


def test_lines_a_reader_would_take_for_quotes_are_space_stuffed() -> None:
    data = letter_eml(letter(">Jane From Doe", address=["From the hills"]))
    assert b"\r\n >Jane From Doe\r\n" in data
    assert b"\r\n From the hills\r\n" in data
    body = read(data).get_content()
    assert unstuffed(body).endswith(
        ">Jane From Doe\nFrom the hills\nUnited Kingdom\njane@example.org\n"
        "\ncc: Embassy of the Republic of Kazakhstan in the United Kingdom\n"
    )


def test_an_internationalised_domain_is_written_in_punycode() -> None:
    message = read(letter_eml(letter(email="jane@bücher.example")))
    assert message["From"].addresses[0].addr_spec == "jane@xn--bcher-kva.example"
    assert b"=?" not in header_block(letter_eml(letter(email="jane@bücher.example")))[:60]


def test_a_non_ascii_local_part_is_refused_in_one_line() -> None:
    result = run(
        "draft",
        "--today",
        "2023-05-01",
        "--name",
        "A",
        "--email",
        "jäne@bücher.example",
        "--format",
        "eml",
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        "error: jäne@bücher.example: a draft message cannot carry letters outside ASCII before "
        "the @; give an ASCII address, or use --format text and paste the letter into your mail\n"
    )
    assert "Traceback" not in result.stderr


def test_the_cli_draft_has_the_new_headers() -> None:
    result = run(
        "draft",
        "--action",
        "update-1",
        "--today",
        "2022-06-01",
        *CANADIAN_WRITER,
        "--lang",
        "ru",
        "--format",
        "eml",
    )
    assert result.exit_code == 0
    check_rfc_lengths(result.stdout_bytes)
    check_crlf(result.stdout_bytes)
    message = read(result.stdout_bytes)
    assert message["Subject"] == (
        "Об освобождении Жанболата Мамая и снятии с него обвинений (UA 31/22)"
    )
    assert message["Content-Language"] == "ru"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.lists(
        st.one_of(
            st.text(
                alphabet=st.characters(min_codepoint=0x400, max_codepoint=0x44F),
                min_size=1,
                max_size=20,
            ),
            st.text(alphabet=st.sampled_from("JaneDo'-!#.~\"<>,@"), min_size=1, max_size=15),
            st.text(
                alphabet=st.characters(blacklist_categories=["Cc", "Cs", "Zs", "Zl", "Zp"]),
                min_size=1,
                max_size=10,
            ),
        ),
        min_size=1,
        max_size=8,
    ).map(" ".join),
    lang=st.sampled_from(["en", "ru"]),
)
def test_any_name_of_normal_words_reads_back_from_short_lines(name: str, lang: str) -> None:
    try:
        drafted = letter(name, lang)
    except AppealsError:
        return
    data = letter_eml(drafted)
    check_rfc_lengths(data)
    check_crlf(data)
    message = read(data, default)
    assert message["From"].addresses[0].display_name == drafted.sender.name
    assert message["Subject"] == drafted.subject
