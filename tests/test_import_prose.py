"""The prose an import carries into a composed letter reads like a person wrote it: the
summary is whole sentences (a headline is never glued to the first one), one short sentence
rather than the UA's paragraph, and never one that leans on a sentence left out.

Small documents are written here in our own words; the real UAs are read from
../shared/ua-samples at test time and the tests on them skip without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appeals.importing import parse_ua, read_document
from tests.helpers import run

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "ua-samples"

# a headline without a full stop, then the prose; wrapped lines elsewhere make the document look
# wrapped at a fixed width, which once joined the headline onto the first sentence
HEADLINE_DOC = """\
Urgent Action: Ruritanian poet held without charge for a month
Ana Novak was taken from her home in Strelsau on 3 May by men who did not say who they were.
Please write at once in English or your own language, asking the authorities to:
- Release Ana Novak at once and without conditions, since she is held only for her poems and her speech
- Ensure that, while she is held, Ana Novak sees her family and a lawyer she chooses, and is not harmed
Minister Boris Tal, Ministry of the Interior, 1 Castle Street, Strelsau, the text of this line runs on
Email: minister@interior.example
"""


def test_a_headline_is_never_glued_to_the_first_sentence() -> None:
    ua = parse_ua(HEADLINE_DOC)
    assert ua.title == "Urgent Action: Ruritanian poet held without charge for a month"
    assert ua.summary == (
        "Ana Novak was taken from her home in Strelsau on 3 May by men who did not say who they were."
    )


def test_a_headline_before_a_date_on_a_web_page_line_is_left_out() -> None:
    text = (
        "Urgent Action - Ruritania. A poet may face a long sentence, Ana Novak.5/14/2023 "
        "On 3 May the poet Ana Novak was taken from her home in Strelsau by plain-clothes police.\n"
        "Write to the Minister of the Interior.\n"
    )
    assert parse_ua(text).summary == (
        "On 3 May the poet Ana Novak was taken from her home in Strelsau by plain-clothes police."
    )


def test_the_summary_is_one_sentence_without_its_asides() -> None:
    text = (
        "Ruritania: poet held\n\n"
        "Ana Novak, who has written about the drought for ten years, was taken from her home in "
        "Strelsau on 3 May. Her family has not been told where she is held or why she was taken.\n"
    )
    assert parse_ua(text).summary == "Ana Novak was taken from her home in Strelsau on 3 May."


def test_a_sentence_that_leans_on_one_left_out_is_not_the_summary() -> None:
    text = (
        "Ruritania: poets held\n\n"
        "Since that time, more than forty poets have been taken from their homes by the police. "
        "Ana Novak was among those taken from their homes in Strelsau in the first days of May.\n"
    )
    assert parse_ua(text).summary == (
        "Ana Novak was among those taken from their homes in Strelsau in the first days of May."
    )


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/ua-samples is not beside this checkout")
def test_the_uk_update_letter_opens_with_a_whole_sentence(tmp_path: Path) -> None:
    path = SAMPLES / "uk-china-zhen-jianghua-ua235-17-update3.txt"
    if not path.is_file():
        pytest.skip(f"no {path.name} in {SAMPLES}")
    ua = parse_ua(read_document(path))
    assert ua.title is not None and ua.summary is not None
    assert ua.title not in ua.summary
    assert ua.summary.startswith("Zhen Jianghua ")
    out = tmp_path / "case"
    assert run("import", str(path), "--output", str(out)).exit_code == 0
    result = run("draft", "--case", str(out), "--format", "json", "--today", "2018-08-20")
    assert result.exit_code == 0, result.stderr
    body = " ".join(json.loads(result.stdout)["body"].split())
    assert "15 years in jail Zhen" not in body
    assert " Zhen Jianghua reportedly stood trial" in body


TITLELESS_DOC = """\
Ruritania: poet held without charge
Ana Novak was taken from her home in Strelsau on 3 May by men who did not say who they were.
Please write at once, asking the authorities to:
- Release Ana Novak at once and without conditions
Boris Tal
Strelsau Municipal Water Board
1 Castle Street
Strelsau 10001
Salutation: Dear Director
Email: office@water.example.org
"""


def test_a_target_with_no_title_is_greeted_with_the_neutral_formal_salutation(
    tmp_path: Path,
) -> None:
    source = tmp_path / "ua.txt"
    source.write_text(TITLELESS_DOC, "utf-8")
    out = tmp_path / "case"
    result = run("import", str(source), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    targets = (out / "targets.yaml").read_text("utf-8")
    assert "salutation: Dear Sir or Madam," in targets
    assert "Director" not in targets
    letter = run("draft", "--case", str(out), "--format", "json", "--today", "2023-05-10")
    assert letter.exit_code == 0, letter.stderr
    drafted = json.loads(letter.stdout)
    assert (drafted["salutation"], drafted["closing"]) == (
        "Dear Sir or Madam,",
        "Yours faithfully,",
    )


def _embassy_doc(org: str, street: str) -> str:
    return (
        "Ruritania: poet held without charge\n"
        "Ana Novak was taken from her home in Strelsau on 3 May by men who did not say who they "
        "were.\n"
        "Please write at once, asking the authorities to:\n"
        "- Release Ana Novak at once and without conditions\n"
        "Also send copies to diplomatic representatives accredited to your country. "
        f"HIS EXCELLENCY MR KARL HOFF, {org}, {street}, 020 7946 0000, consul@ruritania.example.org\n"
    )


@pytest.mark.parametrize(
    ("org", "street", "lines"),
    [
        # the postcode is one of London's
        ("Embassy of Ruritania", "12 Portland Place W1B 1JL", ["12 Portland Place", "LONDON"]),
        # the organisation line names the city
        (
            "Consulate of Ruritania in Manchester",
            "4 Deansgate M3 2BW",
            ["4 Deansgate", "MANCHESTER"],
        ),
    ],
)
def test_a_british_address_with_no_post_town_gets_the_one_it_names(
    tmp_path: Path, org: str, street: str, lines: list[str]
) -> None:
    source = tmp_path / "ua.txt"
    source.write_text(_embassy_doc(org, street), "utf-8")
    out = tmp_path / "case"
    assert run("import", str(source), "--output", str(out)).exit_code == 0
    postcode = street.rsplit(" ", 2)[-2:]
    result = run("draft", "--case", str(out), "--country", "GB", "--format", "json")
    assert result.exit_code == 0, result.stderr
    drafted = json.loads(result.stdout)
    # a writer in Britain: the address ends on the town and the postcode, each on its own line
    assert drafted["recipient_address"][-3:] == [*lines, " ".join(postcode)]
    assert "may be incomplete" not in result.stderr


def test_a_british_address_whose_town_cannot_be_told_is_flagged_by_draft(tmp_path: Path) -> None:
    source = tmp_path / "ua.txt"
    source.write_text(_embassy_doc("Embassy of Ruritania", "4 Deansgate M3 2BW"), "utf-8")
    out = tmp_path / "case"
    assert run("import", str(source), "--output", str(out)).exit_code == 0
    result = run("draft", "--case", str(out), "--country", "GB", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["recipient_address"][-1] == "4 Deansgate M3 2BW"
    assert (
        "warning: the postal address may be incomplete: it ends on a postcode with no town; add "
        "the town from the UA or the office's own site to postal.lines\n"
    ) in result.stderr


@pytest.mark.parametrize(
    ("prose", "summary"),
    [
        # a day number before a full stop ends an English sentence
        (
            "Ana Novak, a poet who writes about the drought, was taken from her home on May 30. "
            "Her family was told nothing about where she was taken or why she is held there.",
            "Ana Novak was taken from her home on May 30.",
        ),
        # a closing clause of circumstances is left to the UA
        (
            "Ana Novak was charged with insulting the state in the city court of Strelsau, after "
            "reading two of her poems aloud at a public meeting about the drought.",
            "Ana Novak was charged with insulting the state in the city court of Strelsau.",
        ),
        # a German ordinal day goes on ("3. Mai")
        (
            "Die Dichterin Ana Novak ist seit dem 3. Mai 2023 in Strelsau in Haft, ohne dass ihr "
            "eine Straftat zur Last gelegt wurde. Ihre Familie weiß nicht, wo sie ist.",
            "Die Dichterin Ana Novak ist seit dem 3. Mai 2023 in Strelsau in Haft, ohne dass ihr "
            "eine Straftat zur Last gelegt wurde.",
        ),
    ],
)
def test_the_summary_sentence_ends_where_its_facts_do(prose: str, summary: str) -> None:
    assert parse_ua(f"Ruritania: poet held\n\n{prose}\n").summary == summary


def test_an_address_with_no_town_or_country_is_flagged_by_draft(tmp_path: Path) -> None:
    source = tmp_path / "ua.txt"
    source.write_text(TITLELESS_DOC.replace("Strelsau 10001\n", "Old Quarter\n"), "utf-8")
    out = tmp_path / "case"
    assert run("import", str(source), "--output", str(out)).exit_code == 0
    result = run("draft", "--case", str(out), "--format", "json", "--today", "2023-05-10")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["recipient_address"][-2:] == ["1 Castle Street", "Old Quarter"]
    assert (
        "warning: the postal address may be incomplete: it names no town or country the import "
        "could find; add what is missing from the UA or the office's own site to postal.lines\n"
    ) in result.stderr


def test_an_address_with_its_town_draws_no_address_warning(tmp_path: Path) -> None:
    source = tmp_path / "ua.txt"
    source.write_text(TITLELESS_DOC, "utf-8")
    out = tmp_path / "case"
    assert run("import", str(source), "--output", str(out)).exit_code == 0
    result = run("draft", "--case", str(out), "--format", "json", "--today", "2023-05-10")
    assert result.exit_code == 0, result.stderr
    assert "may be incomplete" not in result.stderr
