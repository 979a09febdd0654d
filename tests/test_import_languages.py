"""Real UAs in Spanish, French and German, imported and drafted in their own language.

The documents are read from ../shared/ua-samples at test time (never copied here); without them
these tests skip.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from appeals.importing import ImportedTarget, case_files, parse_ua, read_document
from appeals.languages import code_for, known
from tests.helpers import run

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "ua-samples"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="../shared/ua-samples is not beside this checkout"
)

# sample (its name's start) -> the language a reader says it is in
FOREIGN = {
    "es-rau-venezuela-": "es",
    "ar-ciberaccion-": "es",
    "amnistie-fr-": "fr",
    "amnesty-de-": "de",
}
DATE_TEXT = {"es": "20 de agosto de 2025", "fr": "20 août 2025", "de": "20. August 2025"}
WRITER = (
    *("--name", "Ana Pérez", "--address", "Calle Mayor 1", "--city", "Madrid"),
    *("--country", "ES", "--today", "2025-08-20", "--allow-late"),
)


def sample(start: str) -> Path:
    found = sorted(SAMPLES.glob(f"{start}*.txt"))
    if not found:
        pytest.skip(f"no sample {start}* in {SAMPLES}")
    return found[0]


def expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
    return data


@needs_samples
@pytest.mark.parametrize("start", list(FOREIGN))
def test_the_import_records_the_documents_language_and_preferred_ones_as_codes(
    start: str,
) -> None:
    path = sample(start)
    text = read_document(path)
    ua = parse_ua(text)
    reader = expected(path)
    assert ua.language == reader["language_of_document"] == FOREIGN[start]
    assert ua.preferred_languages == [code_for(n) for n in reader["preferred_languages"]]
    # a sentence or two from the UA's own first paragraph
    assert ua.summary is not None and len(ua.summary) <= 400
    assert ua.summary[:60] in " ".join(text.split())


def imported_case(path: Path, out: Path) -> Path:
    """`appeals import --output`, as a user runs it. Where the extraction (issue 13's part)
    does not yet find the targets, asks or names a reader found, the folder is written by the
    same code from the reader's answers, so the letter itself is still tested end to end."""
    result = run("import", str(path), "--output", str(out))
    if result.exit_code == 0:
        return out
    assert result.exit_code == 1 and "found no" in result.stderr, result.stderr
    ua = parse_ua(read_document(path))
    reader = expected(path)
    ua.targets = ua.targets or [ImportedTarget(**t) for t in reader["targets"]]
    ua.asks = ua.asks or reader["asks"]
    if not set(ua.person_names) & set(reader["person_names"]):
        ua.person_names = reader["person_names"]
    for name, text in case_files(ua, path.name, date(2025, 8, 20)).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    return out


@needs_samples
@pytest.mark.parametrize("start", list(FOREIGN))
def test_a_foreign_ua_is_drafted_in_its_language_and_passes_the_check(
    tmp_path: Path, start: str
) -> None:
    path = sample(start)
    lang = FOREIGN[start]
    case = imported_case(path, tmp_path / "case")
    # the letter the frame composes: the model letter a UA carries (the Spanish samples' are
    # cut short in the source, and word the asks their own way) is the UA's text, not ours
    if (case / "letters").exists():
        shutil.rmtree(case / "letters")
    data = yaml.safe_load((case / "case.yaml").read_text("utf-8"))
    action = next(iter(data["actions"].values()))
    assert action["lang"] == lang and list(action).count(lang) == 1  # asks kept in it
    targets = yaml.safe_load((case / "targets.yaml").read_text("utf-8"))["targets"]
    first = next(iter(targets))
    result = run("draft", "--case", str(case), "--target", first, *WRITER)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"language: writing in {code_name(lang)} ({lang}), ")
    assert "check:" not in result.stderr  # `appeals check` passes on the letter
    letter = result.stdout
    assert letter.startswith(DATE_TEXT[lang] + "\n")
    salutation = targets[first][lang]["salutation"]
    closing = targets[first][lang]["closing"]
    assert f"\n\n{salutation}\n\n" in letter
    # a long closing (the French formula) is wrapped like a paragraph
    closing_block = letter.split(f"\n\n{salutation}\n\n")[1].split("\n\nAna Pérez\n")[0]
    assert " ".join(closing_block.split("\n\n")[-1].split()) == " ".join(closing.split())
    person = data["person"][lang]["name"]
    assert " ".join(letter.split()).count(person) >= 2
    (tmp_path / "letter.txt").write_text(letter, encoding="utf-8")
    checked = run("check", str(tmp_path / "letter.txt"), "--case", str(case))
    assert checked.exit_code == 0, checked.stdout


def code_name(lang: str) -> str:
    return {"es": "Spanish", "fr": "French", "de": "German"}[lang]


@needs_samples
@pytest.mark.parametrize("start", list(FOREIGN))
def test_lang_with_every_shipped_language_on_an_imported_case(tmp_path: Path, start: str) -> None:
    """A language the case is not worded in says what to add; once added, it drafts."""
    path = sample(start)
    lang = FOREIGN[start]
    case = imported_case(path, tmp_path / "case")
    data = yaml.safe_load((case / "case.yaml").read_text("utf-8"))
    action_id = next(iter(data["actions"]))
    for other in known():
        result = run("draft", "--case", str(case), "--lang", other, *WRITER)
        if other == lang:
            assert result.exit_code == 0, result.stderr
            continue
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith(
            f"error: case.yaml: actions.{action_id} has no '{other}' wording, only {lang} "
        )
        assert f"add '{other}:' to it with its subject and asks in " in result.stderr
    # the writer adds English asks (their own translation): the letter follows
    data["actions"][action_id]["en"] = {
        "subject": "An appeal",
        "asks": ["Release everyone held for exercising their rights"],
    }
    (case / "case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("draft", "--case", str(case), "--lang", "en", *WRITER)
    assert result.exit_code == 0, result.stderr
    assert " to release everyone held for exercising their rights" in " ".join(
        result.stdout.split()
    )


FIXTURES = Path(__file__).parent / "fixtures" / "ua"


@pytest.mark.parametrize("with_letter", [True, False])
def test_text_from_a_document_is_printed_as_written_never_run(
    tmp_path: Path, with_letter: bool
) -> None:
    """A UA whose letter or asks hold template syntax: the letter prints it as it stands."""
    text = (FIXTURES / "international.txt").read_text(encoding="utf-8")
    tricky = "{{ 7 * 7 }} {% endraw %}{{ lipsum() }}{# a note #}"
    text = text.replace(
        "for a sit-in\nthat harmed no one.", f"for a sit-in that harmed no one {tricky}."
    )
    text = text.replace("while she remains in custody", f"while she remains in custody {tricky}")
    if not with_letter:  # the composed letter: the asks reach the frame as data
        start, end = text.index("URGENT ACTION LETTER:"), text.index("TARGET'S CONTACT")
        asks = (
            "\nWe are calling on the minister to:\n- release Ana Novak {{ 7 * 7 }} {% raw %}now\n\n"
        )
        text = text[:start] + asks + text[end:]
    document = tmp_path / "ua.txt"
    document.write_text(text, encoding="utf-8")
    out = tmp_path / "case"
    imported = run("import", str(document), "--output", str(out))
    assert imported.exit_code == 0, imported.stderr
    result = run("draft", "--case", str(out), "--today", "2023-08-10", "--format", "json")
    assert result.exit_code == 0, result.stderr
    body = json.loads(result.stdout)["body"]
    if with_letter:
        assert f"harmed no one {tricky}." in body
        assert f"custody {tricky}" in body
    else:
        assert "release Ana Novak {{ 7 * 7 }} {% raw %}now" in body
    assert "49" not in body
