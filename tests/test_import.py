"""`appeals import`: UA documents in every layout, to fields and to a case folder."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeals.errors import AppealsError
from appeals.importing import find_date, parse_ua, read_document
from tests.helpers import run

FIXTURES = Path(__file__).parent / "fixtures" / "ua"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def imported(name: str) -> dict[str, Any]:
    result = run("import", str(FIXTURES / name), "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_international_template() -> None:
    ua = imported("international.txt")
    assert {
        k: ua[k]
        for k in (
            "title",
            "ua_number",
            "update",
            "index_number",
            "published",
            "person_names",
            "pronouns",
            "deadline",
            "preferred_languages",
            "previous_ua",
            "closed",
            "not_found",
        )
    } == {
        "title": "Ruritania: Teacher jailed for a peaceful sit-in",
        "ua_number": "UA 54/23",
        "update": 2,
        "index_number": "EUR 99/7001/2023",
        "published": "2023-08-03",
        "person_names": ["Ana Novak"],
        "pronouns": "she/her",
        "deadline": "2023-09-15",
        "preferred_languages": ["Ruritanian", "en"],  # codes; a name no locale knows, as given
        "previous_ua": "https://www.amnesty.org/en/documents/eur99/6900/2023/en/",
        "closed": False,
        "not_found": [],
    }
    assert ua["targets"] == [
        {
            "name": "Dr Ivan Kovač",
            "title": "Minister of Justice",
            "address_lines": ["Ministry of Justice, Palace Square 4", "10000 Strelsau, Ruritania"],
            "email": ["minister@justice.gov.example", "press@justice.gov.example"],
            "fax": "+385 1 555 0100",
            "phone": None,
            "salutation": "Dear Minister/Poštovani ministre",
            "social": {},
            "role": "primary",
        }
    ]
    assert ua["asks"] == [
        "release Ana Novak immediately and unconditionally, and to guarantee her access to her "
        "lawyer while she remains in custody"
    ]
    assert ua["model_letter"].startswith("Dear Minister,\n\nI write about Ana Novak")
    assert ua["model_letter"].endswith("Yours sincerely,")


def test_an_amnesty_usa_page() -> None:
    ua = imported("usa.txt")
    assert ua["title"] == "Ruritania: Release Imprisoned Teacher Petar Horvat"
    assert ua["person_names"] == ["Petar Horvat"]
    assert ua["deadline"] == "2023-07-31"  # "expires on July 31st, 2023"
    assert ua["asks"] == [
        "Release Petar Horvat immediately and unconditionally",
        "Drop every charge against him arising from the strike",
    ]
    first, second = ua["targets"]
    assert (first["title"], first["name"], first["role"]) == (
        "Prosecutor General",
        "Marko Ilić",
        "primary",
    )
    assert first["email"] == []  # "[email protected]" is a web page's mask, not an address
    assert (first["fax"], first["salutation"]) == ("+385 1 555 0101", "Dear Prosecutor General")
    assert (second["title"], second["name"], second["role"]) == ("Ambassador", "Marta Kos", "copy")
    assert (second["email"], second["phone"]) == (["embassy@ruritania.example"], "202 555 0199")
    assert "ua_number" in ua["not_found"] and "index_number" in ua["not_found"]


def test_an_amnesty_canada_page() -> None:
    ua = imported("canada.txt")
    assert ua["person_names"] == ["Lena Marić"]
    assert ua["deadline"] == "2023-06-12"
    assert ua["asks"] == ["Ensure that all charges against Lena Marić are dropped immediately"]
    president, embassy = ua["targets"]
    assert president == {
        "name": "Sofia Vukić",
        "title": "Prime Minister of Ruritania",
        "address_lines": ["Government Building", "Liberty Avenue 1", "Strelsau, Ruritania"],
        "email": ["pm@vlada.gov.example"],
        "fax": "+385 1 555 0199",
        "phone": None,
        "salutation": "Dear Prime Minister",
        "social": {"x": "PMRuritania", "instagram": "sofia.vukic"},
        "role": "primary",
    }
    assert (embassy["name"], embassy["role"], embassy["phone"], embassy["fax"]) == (
        "Her Excellency Dora BAKIĆ",
        "copy",
        "(613) 555-0101",
        "(613) 555-0102",
    )


def test_a_markdown_update() -> None:
    ua = imported("update.md")
    assert ua["title"] == "STUDENT LEADER STILL HELD"
    assert (ua["ua_number"], ua["update"], ua["is_update"]) == (None, None, True)
    assert ua["deadline"] == "2023-06-30"  # not "until 1 July", which is about detention
    assert (ua["person_names"], ua["pronouns"]) == (["Nika Perić"], "she/her")
    assert ua["asks"] == [
        "release Nika Perić immediately and to end the criminal proceedings against her"
    ]
    assert [(t["name"], t["title"], t["role"], t["email"]) for t in ua["targets"]] == [
        ("Marko Ilić", "Prosecutor General of Ruritania", "primary", ["info@dorh.gov.example"]),
        ("Ms Dora Bakić", None, "copy", ["london@ruritania.example"]),
    ]
    assert "*" not in ua["model_letter"]


def test_a_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    from appeals.export.pdf import FONT

    pdf = FPDF()
    pdf.add_font(
        FONT,
        "",
        str(files("appeals") / "fonts" / "DejaVuSerifCondensed.ttf"),
    )
    pdf.set_font(FONT, size=10)
    pdf.add_page()
    for line in (FIXTURES / "international.txt").read_text(encoding="utf-8").splitlines():
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    document = tmp_path / "ua.pdf"
    document.write_bytes(bytes(pdf.output()))
    from_pdf = imported_path(document)
    from_text = imported("international.txt")
    for key in (
        "title",
        "ua_number",
        "update",
        "index_number",
        "published",
        "person_names",
        "deadline",
        "preferred_languages",
        "asks",
    ):
        assert from_pdf[key] == from_text[key], key
    assert [t["email"] for t in from_pdf["targets"]] == [t["email"] for t in from_text["targets"]]


def imported_path(path: Path) -> dict[str, Any]:
    result = run("import", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_an_outcome_notice_imports_as_a_closed_case_that_draft_refuses(tmp_path: Path) -> None:
    ua = imported("outcome.txt")
    assert (ua["closed"], ua["targets"], ua["asks"]) == (True, [], [])
    out = tmp_path / "case"
    assert run("import", str(FIXTURES / "outcome.txt"), "--output", str(out)).exit_code == 0
    result = run("draft", "--case", str(out), "--today", "2023-10-05")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: UA 54/23 is closed: the UA says no further action is requested, so there is no "
        "letter to send\n"
    )


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("Dear diary,\nToday I bought apples at the market.\n", "target and no ask"),
        (
            "Write to:\nMinister of Justice\nJohn Smith\nEmail: minister@justice.example\n",
            "ask",
        ),
    ],
)
def test_a_document_with_nothing_to_write_gives_no_case_folder(
    tmp_path: Path, text: str, missing: str
) -> None:
    document = tmp_path / "notes.txt"
    document.write_text(text, encoding="utf-8")
    out = tmp_path / "case"
    result = run("import", str(document), "--output", str(out))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {document}: found no {missing}, so no case folder was written; run "
        f"'appeals import {document}' to see what was read\n"
    )
    assert not out.exists()
    assert run("import", str(document)).exit_code == 0  # reading it still shows what was found


@pytest.mark.parametrize("name", ["international.txt", "usa.txt", "canada.txt", "update.md"])
def test_an_imported_case_folder_drafts_a_letter(tmp_path: Path, name: str) -> None:
    out = tmp_path / "case"
    result = run("import", str(FIXTURES / name), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written[:1] == ["case.yaml"]
    assert written[-1] == "targets.yaml"
    letters = written[1:-1]
    # the UA's model letter becomes the case's letter; without one, none is written and the
    # English frame composes the letter from the asks
    if imported(name)["model_letter"] is None:
        assert letters == []
    else:
        assert len(letters) == 1 and letters[0].startswith("letters/en/")
    letter = run(
        "draft",
        "--case",
        str(out),
        "--today",
        "2023-05-01",
        "--allow-late",
        "--name",
        "Jane Doe",
        "--city",
        "Leeds",
        "--format",
        "json",
        "--personal",
        "I am a teacher too.",
    )
    assert letter.exit_code == 0, letter.stderr
    drafted = json.loads(letter.stdout)
    ua = imported(name)
    primary = next(t for t in ua["targets"] if t["role"] == "primary")
    assert drafted["to"] == primary["email"]
    assert "I am a teacher too." in drafted["body"]
    for ask in ua["asks"]:
        if ua["model_letter"] is None:  # each ask as a request: "I … urge you to release …"
            assert f"{ask[0].lower()}{ask[1:]}".rstrip(".") in drafted["body"]
    again = run("import", str(FIXTURES / name), "--output", str(out))
    assert again.exit_code == 2
    assert again.stderr.startswith(f"error: {out}: already has targets.yaml, case.yaml")
    assert run("import", str(FIXTURES / name), "--output", str(out), "--force").exit_code == 0


@pytest.mark.parametrize(
    ("text", "number", "update"),
    [
        ("URGENT ACTION TYPE AND NUMBER: THIRD UA 60/16", "UA 60/16", 3),
        ("Download a PDF of the 3rd UA 31/22 below:", "UA 31/22", 3),
        ("UA No: 054/2023", "UA 54/23", None),
        ("URGENT ACTION TYPE AND NUMBER: 54.23", "UA 54/23", None),
        ("First UA: 12/21 — update", "UA 12/21", 1),
        ("Further information on UA 101/19", "UA 101/19", None),
    ],
)
def test_ua_numbers_in_their_usual_forms(text: str, number: str, update: int | None) -> None:
    ua = parse_ua(f"Some title\n\n{text}\n")
    assert (ua.ua_number, ua.update) == (number, update)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: 30 June 2022", date(2022, 6, 30)),
        ("APPEAL DEADLINE NOTICE: 16 August 2017", date(2017, 8, 16)),
        ("This Urgent Action expires on July 31st, 2023.", date(2023, 7, 31)),
        ("Please send appeals by 1 February, 2017.", date(2017, 2, 1)),
        ("Take action before 2023-05-01.", date(2023, 5, 1)),
        ("Send appeals before 05/09/2023.", date(2023, 9, 5)),
        ("Merci d'envoyer vos appels avant le 5 mai 2023.", date(2023, 5, 5)),
        ("Envíen llamamientos hasta el 30 de junio de 2023.", date(2023, 6, 30)),
        ("Пожалуйста, отправьте обращения до 12 июня 2023 г.", date(2023, 6, 12)),
        ("He will remain in custody until 12 June 2023.", None),
    ],
)
def test_deadlines_in_their_usual_phrasings(text: str, expected: date | None) -> None:
    assert parse_ua(f"Title\n\n{text}\n").deadline == expected


def test_dates_read_day_first_unless_impossible() -> None:
    assert find_date("on 7/31/2023") == (date(2023, 7, 31), 3)
    assert find_date("on 5.9.2023") == (date(2023, 9, 5), 3)
    assert find_date("no date here") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty; there is no UA to read in it"),
        (
            b"\x00\x01\x02binary",
            "a binary file, not a UA document; give the UA as a .pdf, a web page (.html), "
            "an email (.eml) or text (.txt)",
        ),
        (b"%PDF-1.4 not really a pdf", "not a readable PDF"),
    ],
)
def test_files_that_are_not_uas(tmp_path: Path, data: bytes, message: str | None) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    result = run("import", str(path), "--json")
    if message is None:
        assert result.exit_code == 0
        assert json.loads(result.stdout)["targets"] == []
        return
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: {message}")


def test_a_pdf_with_no_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}: the PDF has no text layer (a scanned image?); run it through OCR first\n"
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(str.encode)),
    suffix=st.sampled_from([".txt", ".md", ".pdf"]),
)
def test_any_file_gives_a_result_or_one_clear_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(data)
    try:
        ua = parse_ua(read_document(path))
    except AppealsError as err:
        assert "\n" not in str(err)
        return
    assert isinstance(ua.as_dict(), dict)


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is not beside this checkout")
def test_the_seed_documents() -> None:
    seeds = {p.name[:3]: parse_ua(read_document(p)) for p in (SHARED / "seeds").glob("*.txt")}
    canada, update, background = seeds["000"], seeds["001"], seeds["004"]
    assert (canada.ua_number, canada.update, canada.person_names) == (
        "UA 31/22",
        3,
        ["Zhanbolat Mamay"],
    )
    assert [(t.role, t.email) for t in canada.targets] == [
        ("primary", ["udp@udp-rk.kz"]),
        ("copy", ["ottawa@mfa.kz"]),
    ]
    assert canada.targets[0].social == {"instagram": "tokayev_online", "x": "TokayevKZ"}
    assert canada.targets[0].salutation == "Your Excellency"
    assert (update.deadline, update.pronouns) == (date(2022, 6, 30), "he/him")
    assert update.preferred_languages == ["ru", "en"]
    assert [(t.role, t.email) for t in update.targets] == [
        ("primary", ["udp@udp-rk.kz"]),
        ("copy", ["London@kazembassy.org.uk", "London@mfa.kz"]),
    ]
    assert update.previous_ua == "https://www.amnesty.org/en/documents/eur57/5391/2022/en/"
    assert (background.targets, background.asks, background.deadline) == ([], [], None)


@pytest.mark.parametrize(
    ("write_to", "copy_to"),
    [("Write to:", "Please also send a copy to:"), ("Escriban a:", "Copia a:")],
)
def test_other_cue_lines_for_targets_and_copies(write_to: str, copy_to: str) -> None:
    text = (
        "Ruritania: Poet held for a verse\n"
        f"{write_to}\nMinister of Interior\nMr Tomas Berg\nMinistry of Interior, 1 State Square, "
        "Strelsau\nEmail: minister@interior.gov.example\nSalutation: Dear Minister\n"
        f"{copy_to}\nAmbassador Ida Holm\nEmbassy of Ruritania, 10 Kensington Court, London W8 5DL\n"
        "Email: uk@ruritania.example\n"
    )
    targets = parse_ua(text).targets
    assert [(t.title, t.name, t.role, t.email) for t in targets] == [
        ("Minister of Interior", "Mr Tomas Berg", "primary", ["minister@interior.gov.example"]),
        ("Ambassador", "Ida Holm", "copy", ["uk@ruritania.example"]),
    ]


def _pdf_with_content(stream: bytes) -> bytes:
    """A one-page PDF with a font, whose page content is `stream`, Flate-compressed."""
    import zlib

    packed = zlib.compress(stream, 1)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_pdf_compression_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_pdf_with_content(b"0" * 80_000_000))  # 80 MB unpacked, ~80 KB packed
    assert bomb.stat().st_size < 1_000_000
    result = run("import", str(bomb))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {bomb}: a PDF whose content expands past pypdf's safety limit when unpacked "
        "(a compression bomb); refused\n"
    )


def test_the_spanish_template_of_older_uas() -> None:
    ua = imported("spanish.txt")
    assert (ua["ua_number"], ua["published"], ua["deadline"]) == (
        "UA 77/24",
        "2024-05-03",
        "2024-06-14",
    )
    assert (ua["preferred_languages"], ua["person_names"]) == (["es"], ["Lucía Ferrer"])
    assert ua["asks"] == [
        "Pidiendo a las autoridades que pongan en libertad a Lucía Ferrer de inmediato",
        "Instándolas a garantizar que tenga acceso a su abogado",
    ]
    assert ua["targets"] == [
        {
            "name": "Dra. Marta Vidal",
            "title": "Fiscal General",
            "address_lines": ["Avenida Central 12", "10000 Strelsau, Ruritania"],
            "email": ["fiscalia@fiscalia.example"],
            "fax": None,
            "phone": None,
            "salutation": "Señora Fiscal General",
            "social": {},
            "role": "primary",
        },
        {
            "name": "Embajada de Ruritania",
            "title": None,
            "address_lines": ["Calle Mayor 5", "28013 Madrid, España"],
            "email": [],
            "fax": None,
            "phone": "+34 91 555 0100",
            "salutation": None,
            "social": {},
            "role": "copy",
        },
    ]


def test_the_french_template_of_older_uas(tmp_path: Path) -> None:
    ua = imported("french.txt")
    assert (ua["ua_number"], ua["deadline"], ua["preferred_languages"]) == (
        "UA 78/24",
        "2024-06-20",
        ["fr", "en"],
    )
    assert ua["asks"][0] == "appelez les autorités à abandonner toute poursuite contre Paul Marin"
    assert [(t["name"], t["salutation"], t["role"]) for t in ua["targets"]] == [
        ("Monsieur Karel Novak", "Monsieur le Ministre", "primary"),
        ("Ambassade de Ruritanie", None, "copy"),
    ]
    result = run("import", str(FIXTURES / "french.txt"), "--output", str(tmp_path / "case"))
    assert result.exit_code == 0, result.stderr
    targets = (tmp_path / "case" / "targets.yaml").read_text(encoding="utf-8")
    # ids say what a target is; an embassy serves the country its address is in
    assert "\n  ministre-de-la-justice:\n    kind: official\n" in targets
    assert "\n  embassy-paris:\n    kind: embassy\n    serves:\n    - FR\n" in targets


def test_a_batch_over_an_imported_case_writes_to_its_minister(tmp_path: Path) -> None:
    case = tmp_path / "case"
    result = run("import", str(FIXTURES / "french.txt"), "--output", str(case))
    assert result.exit_code == 0, result.stderr
    writers = tmp_path / "writers.csv"
    # no lang: the letter in the language the imported (French) case sets
    writers.write_text("name,country,lang\nJane Doe,FR,\n", encoding="utf-8")
    out = tmp_path / "letters"
    batch = run(
        "batch", str(writers), "--output", str(out), "--case", str(case), "--today", "2024-06-01"
    )
    assert batch.exit_code == 0, batch.stderr
    # the action's targets are the officials who decide; copies are for --target
    assert batch.stdout.endswith(
        "  ministre-de-la-justice  fr          1\n  total                               1\n"
    )
    empty = tmp_path / "empty.csv"
    empty.write_text("name,country,lang\n", encoding="utf-8")
    nothing = run(
        "batch", str(empty), "--output", str(tmp_path / "none"), "--case", str(case),
        "--today", "2024-06-01",
    )  # fmt: skip
    assert nothing.exit_code == 1
    assert nothing.stderr.endswith(
        f"error: {empty}: no letter written: the CSV has no writer rows\n"
    )


def test_a_sections_own_office_is_no_target_and_not_needed_means_closed(tmp_path: Path) -> None:
    page = tmp_path / "ua.txt"
    page.write_text(
        "UA 1/25 Ruritania: Teacher detained\n\nWrite to:\nMinister of Justice\nIvan Kovac\n"
        "Palace Square 4\n10000 Strelsau\nEmail: m@justice.example\n\n"
        "Amnesty International USA\n5 Penn Plaza\nNew York, NY 10001\nPhone: 212-807-8400\n",
        encoding="utf-8",
    )
    ua = parse_ua(read_document(page))
    assert [(t.name, t.title) for t in ua.targets] == [("Ivan Kovac", "Minister of Justice")]
    page.write_text("UA 1/25 update\n\nShe was freed. Further action is not needed.\n")
    assert parse_ua(read_document(page)).closed
