"""`appeals import` on a UA in the forms members receive it: other encodings, a saved web page,
an email, a pasted forward or reply, and text as editors and mail programs change it.

The real UAs of ../shared/ua-samples are dressed in each form at test time (tests/import_forms.py;
nothing is copied here) and must import as their plain text does. The small UAs below are the
project's own invented text."""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
import zipfile
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from appeals.importing import parse_ua, read_document
from tests.helpers import run
from tests.import_forms import FORMS, build, wrapped

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "ua-samples"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in SAMPLES.glob("*.expected.json"))
needs_samples = pytest.mark.skipif(
    not NAMES, reason="../shared/ua-samples is not beside this checkout"
)

# Where a form loses what the plain text has, and why: (form, sample, field).
KNOWN_DIFFERENCES = {
    # two long lines of one-line target blocks, hard-wrapped: where one ended and the next began
    # is lost with the wrap (the first ends near the width), so the two blocks read as one
    ("hard-wrapped at 72", "aiusa-iran-hossein-shahbazi-ua83-21-update", "targets"),
    ("quoted reply, pasted", "aiusa-iran-hossein-shahbazi-ua83-21-update", "targets"),
    # an address line that fills the width, followed by its lower-case continuation: joined
    ("hard-wrapped at 72", "honduras-copinh-2017", "targets"),
    # the generated page sets a name broken over two lines of the text as two paragraphs
    (".html saved page", "honduras-copinh-2017", "person_names"),
    (".htm windows-1252", "honduras-copinh-2017", "person_names"),
    (".eml html only", "honduras-copinh-2017", "person_names"),
    (".mht page saved as one file", "honduras-copinh-2017", "person_names"),
    # a page that lost its line breaks, printed: its one long line wraps so that a title is cut
    # after its first word ("Responsable" / "du pouvoir judiciaire"), and the block is cut there
    (".pdf printed from the text", "amnistie-fr-iran-djalali-2020", "targets"),
}

_PUNCTUATION = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "*"}
)


def _words(value: Any) -> Any:
    """A field as words: quotes, dashes, case and line breaks do not count."""
    if isinstance(value, list | tuple):
        return tuple(_words(v) for v in value)
    if isinstance(value, str):
        plain = unicodedata.normalize("NFC", value.translate(_PUNCTUATION)).lower()
        return " ".join(re.sub(r"[^\w]+", " ", plain).split())
    return value


def _fields(ua: dict[str, Any]) -> dict[str, Any]:
    keys = ("ua_number", "deadline", "closed", "published", "person_names", "asks")
    fields = {key: _words(ua[key]) for key in keys}
    fields["preferred_languages"] = sorted(ua["preferred_languages"])
    fields["model_letter"] = bool(ua["model_letter"])
    fields["targets"] = _words(
        [
            (
                t["name"],
                t["title"],
                t["email"],
                t["fax"],
                t["phone"],
                t["role"],
                t["salutation"],
                *t["address_lines"],
            )
            for t in ua["targets"]
        ]
    )
    return fields


def _plain(name: str) -> str:
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.startswith("SOURCE:") else text


@needs_samples
@pytest.mark.parametrize("form", [f for f in FORMS if f != "utf-8 (as given)"])
def test_every_sample_in_every_form_imports_as_its_plain_text(form: str, tmp_path: Path) -> None:
    built = 0
    for name in NAMES:
        document = build(form, _plain(name))
        if document is None:
            continue  # a Spanish text has no ISO-8859-1 form of its curly quotes
        built += 1
        suffix, data = document
        path = tmp_path / f"{name}{suffix}"
        path.write_bytes(data)
        want = _fields(parse_ua(_plain(name)).as_dict())
        got = _fields(parse_ua(read_document(path)).as_dict())
        for field, value in want.items():
            if (form, name, field) not in KNOWN_DIFFERENCES:
                assert got[field] == value, f"{name} {field}"
    assert built >= 14


@needs_samples
@pytest.mark.parametrize(
    ("form", "name"),
    [
        (".eml alternative (qp + base64)", "es-rau-venezuela-martha-grajales-ua01-25-update6"),
        (".html saved page", "amnesty-de-iran-djalali-ua038-2017"),
        ("utf-16 (Notepad 'Unicode')", "aiusa-egypt-mahmoud-hussein-ua90-23"),
    ],
)
def test_a_sample_received_as_an_email_or_a_page_drafts_end_to_end(
    form: str, name: str, tmp_path: Path
) -> None:
    document = build(form, _plain(name))
    assert document is not None
    path = tmp_path / f"ua{document[0]}"
    path.write_bytes(document[1])
    result = run("import", str(path), "--output", str(tmp_path / "case"), "--today", "2026-01-05")
    assert result.exit_code == 0, result.stderr
    plain = tmp_path / "plain.txt"
    plain.write_text(_plain(name), encoding="utf-8")
    again = run("import", str(plain), "--output", str(tmp_path / "same"), "--today", "2026-01-05")
    assert again.exit_code == 0
    for file in ("case.yaml", "targets.yaml"):
        mine = (tmp_path / "case" / file).read_text(encoding="utf-8")
        theirs = (tmp_path / "same" / file).read_text(encoding="utf-8")
        assert _words(mine.replace(path.name, "plain.txt")) == _words(theirs)
    drafted = run(
        "draft", "--case", str(tmp_path / "case"), "--name", "Jane Doe", "--allow-late",
        "--today", "2026-01-05",
    )  # fmt: skip
    assert drafted.exit_code == 0, drafted.stderr
    assert "Jane Doe" in drafted.stdout


# --- the project's own small UAs -----------------------------------------------------------

UA_EN = """\
Urgent Action 77/24: Teacher held for a poem she read aloud

Date: 4 March 2024

Marta Quispe, a schoolteacher from the town of Valle Alto, has been held without charge since 12 February 2024 after she read a poem about missing students at a public meeting. Her family has not been allowed to see her.

Please write immediately in Spanish or your own language, calling on the Attorney General to:
- release Marta Quispe at once and without conditions, since she is held only for speaking peacefully;
- make sure that, until she is freed, she can see her family and a lawyer of her choosing.

Please send appeals before 15 April 2024.

Write to:
Attorney General Roberto Lindqvist
Office of the Attorney General
Avenida Central 455
Valle Alto, Freedonia
Email: fiscalia@example.org
Salutation: Dear Attorney General,

And copies to:
Ambassador Elena Sorrow
Embassy of Freedonia
1200 Harbour Road
Ottawa, ON K1A 0B1, Canada
Email: embassy@example.org
"""

UA_RU = """\
Срочная акция 12/25: журналист под арестом

Айбек Тентиев, журналист из города Ош, задержан 3 февраля 2025 года после репортажа о выборах. Его держат без связи с адвокатом.

Пожалуйста, отправьте обращения до 30 марта 2025 г.

Пожалуйста, напишите на русском или английском языке:
- немедленно и без условий освободите Айбека Тентиева;
- обеспечьте ему доступ к адвокату и к семье.

Генеральный прокурор Нурлан Асанов
Генеральная прокуратура
ул. Советская, 12
Бишкек, Кыргызстан
Email: prokuror@example.kg
"""

UA_ES = """\
Acción Urgente 05/25: Defensora detenida en Ciudad Norte

Lucía Peñaranda, defensora de los derechos de las comunidades del río, fue detenida el 2 de enero de 2025. Su familia no sabe dónde está.

Escribe en español o en tu propio idioma. Pedimos a la Fiscal General que:
- ponga en libertad a Lucía Peñaranda de inmediato;
- revele su paradero a su familia y a su abogado.

Envía tus llamamientos antes del 28 de febrero de 2025.

Fiscal General María José Ibáñez
Fiscalía General de la República
Calle Mayor 10, Ciudad Norte
Email: fiscal@example.org
Tratamiento: Señora Fiscal General:
"""


def _ua_fields(path: Path) -> dict[str, Any]:
    return _fields(parse_ua(read_document(path)).as_dict())


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_own_uas_import_as_a_reader_would(tmp_path: Path) -> None:
    en = parse_ua(UA_EN).as_dict()
    assert en["ua_number"] == "UA 77/24"
    assert en["deadline"] == "2024-04-15"
    assert [t["name"] for t in en["targets"]] == ["Roberto Lindqvist", "Elena Sorrow"]
    assert len(en["asks"]) == 2
    ru = parse_ua(UA_RU).as_dict()
    assert (ru["ua_number"], ru["deadline"], ru["language"]) == ("UA 12/25", "2025-03-30", "ru")
    assert ru["targets"][0]["email"] == ["prokuror@example.kg"]
    assert ru["preferred_languages"] == ["ru", "en"]  # "на русском или английском языке"
    assert ru["asks"] == [
        "немедленно и без условий освободите Айбека Тентиева",
        "обеспечьте ему доступ к адвокату и к семье",
    ]
    es = parse_ua(UA_ES).as_dict()
    assert (es["deadline"], es["language"]) == ("2025-02-28", "es")
    assert es["person_names"] == ["Lucía Peñaranda"]
    assert es["targets"][0]["salutation"] == "Señora Fiscal General"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (UA_RU, "cp1251"),
        (UA_RU, "koi8_r"),
        (UA_RU, "iso8859_5"),
        (UA_RU, "utf-16"),
        (UA_RU, "utf-16-le"),  # no byte-order mark
        (UA_RU, "utf-8-sig"),
        (UA_ES, "cp1252"),
        (UA_ES, "iso8859_1"),
        (UA_ES, "utf-16-be"),
        (UA_EN.replace("Freedonia", "Königsland"), "iso8859_15"),
    ],
)
def test_a_ua_in_another_encoding_reads_as_its_utf8_text(
    tmp_path: Path, text: str, encoding: str
) -> None:
    plain = _ua_fields(_write(tmp_path, "plain.txt", text.encode()))
    assert _ua_fields(_write(tmp_path, "other.txt", text.encode(encoding))) == plain


def test_a_guessed_encoding_is_named_in_a_note(tmp_path: Path) -> None:
    path = _write(tmp_path, "ua.txt", UA_RU.encode("cp1251"))
    result = run("import", str(path), "--json")
    assert result.exit_code == 0
    assert result.stderr == (
        f"note: {path}: read as text in windows-1251 (the file does not say its encoding; "
        "if letters look wrong, save it as UTF-8)\n"
    )
    assert "Нурлан Асанов" in json.loads(result.stdout)["targets"][0]["name"]
    utf8 = _write(tmp_path, "utf8.txt", UA_RU.encode())
    assert run("import", str(utf8), "--json").stderr == ""


def test_a_text_that_reads_as_two_alphabets_is_refused_not_guessed(tmp_path: Path) -> None:
    path = _write(tmp_path, "ua.txt", b"UA 12/24 \xe0 \xe9 \xe8\n")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}: not UTF-8, and it reads as windows-1252 ('12/24 à é è') as well as "
        "windows-1251 ('12/24 а й и'); save the document again as UTF-8\n"
    )


SAVED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>UA 77/24 | Example</title>
<style>.menu { display: flex; }</style><script>var seen = 1 < 2 && "Write to:";</script>
</head><body>
<header><a href="/">Example Section</a><nav><ul><li><a href="/give">Give</a></li>
<li><a href="/act">Act now</a></li></ul></nav></header>
<div class="cookie-notice">We use cookies &amp; similar things. <button>OK</button></div>
<main><article>
<h1>Urgent Action 77/24: Teacher held for a poem she read&nbsp;aloud</h1>
<p class="date">4&nbsp;March&nbsp;2024</p>
<p>Marta Quispe, a schoolteacher from the town of Valle&nbsp;Alto, has been held without charge
since 12 February 2024 after she read a poem about missing students at a public meeting. Her
family has not been allowed to see&nbsp;her.</p>
<h2>Take action</h2>
<p>Please write immediately in Spanish or your own language, calling on the Attorney General to:</p>
<ul><li>release Marta Quispe at once and without conditions, since she is held only for speaking
peacefully;</li>
<li>make sure that, until she is freed, she can see her family and a lawyer of her
choosing.</li></ul>
<p>Please send appeals before <strong>15&nbsp;April 2024</strong>.</p>
<h3>Write to:</h3>
<p><strong>Attorney General Roberto Lindqvist</strong><br>
Office of the Attorney General<br>Avenida Central 455<br>Valle Alto, Freedonia<br>
Email: <a href="/cdn-cgi/l/email-protection#a1c7c8d2c2c0cdc8c0e1c4d9c0ccd1cdc48fced3c6"
class="__cf_email__" data-cfemail="a1c7c8d2c2c0cdc8c0e1c4d9c0ccd1cdc48fced3c6">[email&#160;protected]</a><br>
Salutation: Dear Attorney General,</p>
<p>And copies to:</p>
<table><tr><td>Ambassador Elena Sorrow<br>Embassy of Freedonia<br>1200 Harbour Road<br>
Ottawa, ON K1A 0B1, Canada</td><td>Email: <a href="mailto:embassy@example.org">write to the
embassy</a></td></tr></table>
</article></main>
<aside class="share-tools"><a href="#">Share</a></aside>
<footer><p>&copy; 2024 Example Section. Registered charity.</p></footer>
<script>track("Dear Sir");</script>
</body></html>
"""


def test_a_saved_web_page_reads_as_its_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "ua.html", SAVED_PAGE.encode())
    text = read_document(path)
    for furniture in ("Act now", "cookies", "Share", "Registered charity", "seen", "track"):
        assert furniture not in text
    got = parse_ua(text).as_dict()
    want = parse_ua(UA_EN).as_dict()
    assert got["title"] == want["title"]
    for field in ("ua_number", "published", "deadline", "person_names", "asks"):
        assert got[field] == want[field], field
    # the protected address decoded, the mailto link's address written out
    assert [t["email"] for t in got["targets"]] == [t["email"] for t in want["targets"]]
    assert [t["name"] for t in got["targets"]] == [t["name"] for t in want["targets"]]
    assert [t["role"] for t in got["targets"]] == ["primary", "copy"]
    assert got["targets"][0]["address_lines"] == want["targets"][0]["address_lines"]


def test_an_older_page_in_its_own_charset(tmp_path: Path) -> None:
    page = SAVED_PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "Freedonia", "Königsland"
    )
    path = _write(tmp_path, "ua.htm", page.encode("cp1252"))
    result = run("import", str(path), "--json")
    assert result.exit_code == 0
    assert result.stderr == f"note: {path}: read as web page in windows-1252\n"
    assert "Valle Alto, Königsland" in json.loads(result.stdout)["targets"][0]["address_lines"]


def _email(text: str, charset: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "UA coordinator <coordinator@example.net>"
    message["To"] = "group@example.net"
    message["Date"] = "Tue, 05 Mar 2024 08:00:00 +0000"
    message["Subject"] = "Fwd: Urgent Action 77/24"
    message.set_content(text, charset=charset, cte="quoted-printable")
    return message


def test_an_eml_with_text_and_html_parts_reads_its_text(tmp_path: Path) -> None:
    message = _email(UA_ES, "iso-8859-1")
    message.add_alternative(
        "<html><body><p>Vea la versión web.</p></body></html>", subtype="html", cte="base64"
    )
    path = _write(tmp_path, "ua.eml", message.as_bytes(policy=SMTP))
    assert _ua_fields(path) == _fields(parse_ua(UA_ES).as_dict())


def test_an_eml_whose_text_is_a_stub_reads_its_html(tmp_path: Path) -> None:
    message = _email("This message is best viewed in a browser.", "utf-8")
    message.add_alternative(SAVED_PAGE, subtype="html", charset="utf-8", cte="base64")
    path = _write(tmp_path, "ua.eml", message.as_bytes(policy=SMTP))
    got = parse_ua(read_document(path)).as_dict()
    assert (got["ua_number"], got["deadline"]) == ("UA 77/24", "2024-04-15")
    assert [t["name"] for t in got["targets"]] == ["Roberto Lindqvist", "Elena Sorrow"]


def test_an_eml_that_points_to_its_attached_pdf_reads_the_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in UA_EN.split("\n"):
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    message = _email("Dear all, this week's action is attached.", "utf-8")
    message.add_attachment(
        bytes(pdf.output()), maintype="application", subtype="pdf", filename="ua-77-24.pdf"
    )
    path = _write(tmp_path, "ua.eml", message.as_bytes(policy=SMTP))
    result = run("import", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"note: {path}: read as email (PDF)\n"
    got = json.loads(result.stdout)
    assert (got["ua_number"], got["deadline"]) == ("UA 77/24", "2024-04-15")
    assert got["targets"][0]["email"] == ["fiscalia@example.org"]


FORWARD = """\
Hi everyone - one for this week, please write if you can.
Sam

---------- Forwarded message ---------
From: UA Network <network@example.net>
Date: Mon, 1 Jan 2024 at 09:00
Subject: New action
To: <sam@example.net>

"""


def test_a_pasted_forward_leaves_out_the_note_and_the_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "ua.txt", (FORWARD + UA_EN).encode())
    assert _ua_fields(path) == _fields(parse_ua(UA_EN).as_dict())
    assert "network@example.net" not in read_document(path)


def test_a_quoted_reply_reads_the_quoted_ua(tmp_path: Path) -> None:
    quoted = "\n".join(("> " + line).rstrip() for line in wrapped(UA_EN, 76).split("\n"))
    head = "Done, sent mine today.\n\nOn Tue, 5 Mar 2024 at 10:12, Sam <sam@example.net> wrote:\n"
    path = _write(tmp_path, "ua.txt", (head + quoted + "\n").encode())
    assert _ua_fields(path) == _fields(parse_ua(UA_EN).as_dict())


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("\n", "\r\n"),
        lambda t: t.replace("\n", "\r"),
        lambda t: wrapped(t, 72),
        lambda t: wrapped(t, 78).replace("\n", "\r\n"),
        lambda t: t.replace("\n\n", "\n\n\n\n"),
        lambda t: t.replace("Email: ", "Email:\t").replace("Valle Alto", "Valle\u00a0Alto"),
        lambda t: t.replace("Lindqvist", "Lind\u00adqvist").replace("Attorney", "Attor\u00adney"),
        lambda t: t.replace("- ", "• "),
        lambda t: t.replace("- ", "◦ "),
        lambda t: t.replace("- ", "– "),
        lambda t: t.replace("- ", "* "),
        lambda t: t.replace("- release", "1) release").replace("- make", "2) make"),
        lambda t: t.replace("- release", "a) release").replace("- make", "b) make"),
        lambda t: t.replace("- release", "  1. release").replace("- make", "  2. make"),
    ],
    ids=[
        "crlf",
        "cr",
        "wrapped-72",
        "wrapped-78-crlf",
        "blank-lines",
        "tab-nbsp",
        "soft-hyphens",
        "bullet-dot",
        "bullet-circle",
        "bullet-dash",
        "bullet-star",
        "numbered",
        "lettered",
        "numbered-indented",
    ],
)
def test_text_as_editors_and_mail_programs_change_it(tmp_path: Path, change: Any) -> None:
    path = _write(tmp_path, "ua.txt", change(UA_EN).encode())
    assert _ua_fields(path) == _fields(parse_ua(UA_EN).as_dict())


def test_a_wrapped_ask_and_address_read_whole(tmp_path: Path) -> None:
    got = parse_ua(read_document(_write(tmp_path, "ua.txt", wrapped(UA_EN, 60).encode())))
    assert got.asks == parse_ua(UA_EN).asks
    assert "release Marta Quispe at once and without conditions, since she is held" in got.asks[0]


def _zip(names: list[str]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "ua.docx",
            _zip(["word/document.xml"]),
            "a Word document (.docx); save it as PDF or as plain text (.txt) from the program "
            "that made it",
        ),
        (
            "ua.odt",
            _zip(["mimetype"]),
            "an OpenDocument text (.odt); save it as PDF or as plain text (.txt) from the "
            "program that made it",
        ),
        (
            "ua.zip",
            _zip(["ua.pdf"]),
            "a zip archive; unpack it and import the UA inside (a .pdf, .html, .eml or .txt)",
        ),
        (
            "scan.png",
            b"\x89PNG\r\n\x1a\n" + bytes(40),
            "an image (PNG); a picture of a UA holds no text to read; give its PDF, its web "
            "page (.html) or its email (.eml), or run the picture through OCR and import the text",
        ),
        (
            "photo.jpg",
            b"\xff\xd8\xff\xe0" + bytes(40),
            "an image (JPEG); a picture of a UA holds no text to read; give its PDF, its web "
            "page (.html) or its email (.eml), or run the picture through OCR and import the text",
        ),
        (
            "ua.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(40),
            "an old Word document (.doc) or an Outlook message (.msg); save the email as .eml "
            "(or the document as PDF) from the program that made it, or copy its text into a "
            ".txt file",
        ),
        (
            "ua.rtf",
            b"{\\rtf1\\ansi Urgent Action}",
            "an RTF document; save it as PDF or as plain text (.txt) from the program that made it",
        ),
        (
            "empty.eml",
            b"From: a@example.net\nSubject: hi\nContent-Type: image/png\n\nxyz\n",
            "an email with no text, web page or PDF in it; forward the UA itself or save its "
            "page as .html",
        ),
    ],
)
def test_a_format_that_is_not_read_is_named_with_what_to_give(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = _write(tmp_path, name, data)
    result = run("import", str(path), "--output", str(tmp_path / "case"))
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}: {message}\n"
    assert not (tmp_path / "case").exists()


def test_a_page_of_a_site_builder_or_of_word_keeps_its_list_items_and_addresses() -> None:
    from appeals.importing.webpage import page_text

    code = bytes([0x3C, *(b ^ 0x3C for b in b"min@example.org")]).hex()
    page = (
        "<html><body><main><ul><li><p>Release her now.</p></li>"
        "<li><p><strong>Drop</strong> the charges</p></li></ul>"
        '<p>Minister X<br>Email: <a href="/cdn-cgi/l/email-protection">'
        f'<span class="__cf_email__" data-cfemail="{code}">[email&#160;protected]</span></a><br>'
        '<a href="mailto:office%40example.org">write<br>here</a></p>'
        "<p class=MsoNormal><![if !supportLists]><span style='font-family:Symbol'>·<span "
        "style='font:7.0pt'>&nbsp;&nbsp; </span></span><![endif]>Free them<o:p></o:p></p>"
        "</main></body></html>"
    )
    assert page_text(page) == (
        "- Release her now.\n\n- Drop the charges\n\nMinister X\nEmail: min@example.org\n"
        "write\nhere (office@example.org)\n\n· Free them\n"
    )


OUTLOOK_FORWARD = """\
Please see below - can we do this one at Thursday's meeting?

________________________________
From: UA Network <network@example.net>
Sent: Monday, 4 March 2024 09:00
To: Group Nine <group9@example.net>
Subject: FW: Urgent Action 77/24

"""


def test_an_outlook_forward_pasted_leaves_out_the_note_and_the_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "ua.txt", (OUTLOOK_FORWARD + UA_EN).encode())
    assert _ua_fields(path) == _fields(parse_ua(UA_EN).as_dict())
    assert "Thursday" not in read_document(path)


def test_a_format_flowed_email_reads_its_paragraphs_whole(tmp_path: Path) -> None:
    # RFC 3676: a line that ends in a space goes on in the next one
    flowed = "\n".join(" \n".join(textwrap.wrap(p, 60)) for p in UA_EN.split("\n"))
    message = _email("", "utf-8")
    message.set_content(flowed, charset="utf-8", cte="8bit")
    message.set_param("format", "flowed")
    path = _write(tmp_path, "ua.eml", message.as_bytes(policy=SMTP))
    got = parse_ua(read_document(path))
    assert got.asks == parse_ua(UA_EN).asks
    assert _ua_fields(path) == _fields(parse_ua(UA_EN).as_dict())


def test_a_pdf_whose_lines_the_page_wrapped_reads_its_asks_and_blocks_whole(
    tmp_path: Path,
) -> None:
    from tests.import_forms import printed_pdf

    long_asks = UA_EN.replace(
        "speaking peacefully;",
        "speaking peacefully, and drop every charge brought against her for the poem she read;",
    )
    path = _write(tmp_path, "ua.pdf", printed_pdf(long_asks)[1])
    text = read_document(path)
    assert "since she is held only for speaking peacefully, and drop every charge" in text
    assert _ua_fields(path) == _fields(parse_ua(long_asks).as_dict())


def test_an_item_of_short_lines_is_a_block_not_a_wrapped_item() -> None:
    from appeals.importing.plaintext import tidy

    listed = "- Attorney General Roberto Lindqvist\n  Avenida Central 455\n  Valle Alto\n"
    assert tidy(listed) == listed
    long_item = (
        "- release Marta Quispe at once and without conditions, since she is held\n"
        "  only for speaking peacefully;\n"
    )
    assert tidy(long_item) == (
        "- release Marta Quispe at once and without conditions, since she is held only for "
        "speaking peacefully;\n"
    )


def test_a_message_forwarded_as_an_attachment_reads_the_message(tmp_path: Path) -> None:
    inner = _email(UA_EN, "utf-8")
    outer = _email("See the attached message.", "utf-8")
    outer.add_attachment(inner)
    path = _write(tmp_path, "fwd.eml", outer.as_bytes(policy=SMTP))
    assert _ua_fields(path) == _fields(parse_ua(UA_EN).as_dict())
