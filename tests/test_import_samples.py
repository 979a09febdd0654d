"""`appeals import` on the real UAs in ../shared/ua-samples, read at test time (never copied
here): per sample, the fields a careful reader found (its *.expected.json); then the case each
import writes, through case, targets, draft, batch, check and post."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from appeals.importing import parse_ua, read_document
from appeals.importing.fields import _language_codes
from tests.helpers import run

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "ua-samples"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in SAMPLES.glob("*.expected.json"))
needs_samples = pytest.mark.skipif(
    not NAMES, reason="../shared/ua-samples is not beside this checkout"
)

# What the reader found that the import does not (yet): (sample, field) pairs, each with why.
KNOWN_MISSES = {
    # the reader keeps "calling upon the Attorney General" in the ask; the import keeps its verb
    ("ch-el-salvador-evelyn-hernandez-ua133-19", "asks"),
    # "Carlos Julio Rojas" is named once, in a list of five detained defenders
    ("es-rau-venezuela-martha-grajales-ua01-25-update6", "person_names"),
}


def _norm(text: object) -> set[str]:
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return set(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def _recall(want: object, have: object) -> float:
    wanted = _norm(want)
    return len(wanted & _norm(have)) / len(wanted) if wanted else 1.0


def _ua(text: object) -> tuple[int, int] | None:
    found = re.search(r"(\d+)\s*[./]\s*(\d+)", str(text or ""))
    return (int(found[1]), int(found[2]) % 100) if found else None


def _digits(text: object) -> str:
    return re.sub(r"\D", "", str(text or ""))


def _document(name: str, tmp_path: Path) -> Path:
    """The sample as a user has it: without the SOURCE: line that records where it came from."""
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    if text.startswith("SOURCE:"):
        text = text.split("\n", 1)[1]
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{name}.expected.json").read_text())
    return data


@needs_samples
@pytest.mark.parametrize("name", NAMES)
def test_the_import_finds_what_a_careful_reader_found(name: str, tmp_path: Path) -> None:
    want = _expected(name)
    got = parse_ua(read_document(_document(name, tmp_path))).as_dict()
    assert _ua(got["ua_number"]) == _ua(want.get("ua_number"))
    assert got["deadline"] == want.get("deadline")
    assert got["closed"] == bool(want.get("closed"))
    if "has_model_letter" in want:
        assert bool(got["model_letter"]) == want["has_model_letter"]
    languages = {_language_codes().get(v.lower(), v) for v in want.get("preferred_languages") or []}
    assert set(got["preferred_languages"]) == languages
    if (name, "person_names") not in KNOWN_MISSES:
        for person in want.get("person_names") or []:
            assert any(_recall(person, g) >= 0.5 for g in got["person_names"]), person
    if (name, "asks") not in KNOWN_MISSES:
        for ask in want.get("asks") or []:
            assert any(_recall(ask, g) >= 0.6 for g in got["asks"]), ask
    assert len(got["targets"]) == len(want.get("targets") or [])
    for expected in want.get("targets") or []:
        key = expected.get("name") or expected.get("title")
        found = max(
            got["targets"],
            key=lambda t: _recall(key, f"{t['name'] or ''} {t['title'] or ''}"),
        )
        assert _recall(key, f"{found['name'] or ''} {found['title'] or ''}") >= 0.5, key
        assert found["role"] == expected["role"], key
        assert sorted(found["email"]) == sorted(expected.get("email") or []), key
        for number in ("phone", "fax"):
            if expected.get(number):
                assert _digits(found[number])[-7:] == _digits(expected[number])[-7:], key
        if expected.get("salutation"):
            assert _norm(expected["salutation"]) <= _norm(found["salutation"]) or _norm(
                found["salutation"]
            ) <= _norm(expected["salutation"]), key
        if expected.get("address_lines"):
            joined = " ".join(found["address_lines"])
            assert _recall(" ".join(expected["address_lines"]), joined) >= 0.7, key


# no lang: each letter in the language the imported case sets (Spanish for a Spanish UA)
WRITERS = "name,country,lang,address,city,postcode\nJane Doe,CA,,12 Elm Street,Toronto,M4B 1B3\n"


def _imported_case(document: Path, folder: Path) -> None:
    result = run("import", str(document), "--output", str(folder), "--today", "2026-01-05")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr


@needs_samples
@pytest.mark.parametrize(
    "name", [n for n in NAMES if _expected(n).get("targets") and not _expected(n).get("closed")]
)
def test_an_imported_case_drafts_batches_and_checks(name: str, tmp_path: Path) -> None:
    case = tmp_path / "case"
    _imported_case(_document(name, tmp_path), case)
    for command in ("case", "targets"):
        result = run(command, "--case", str(case))
        assert result.exit_code == 0, result.stderr
    letter = tmp_path / "letter.txt"
    drafted = run(
        "draft", "--case", str(case), "--allow-late", "--today", "2026-01-05",
        "--name", "Jane Doe", "--address", "12 Elm Street", "--city", "Toronto",
        "--country", "CA", "--output", str(letter),
    )  # fmt: skip
    assert drafted.exit_code == 0, drafted.stderr
    text = letter.read_text(encoding="utf-8")
    first = _expected(name)["targets"][0]
    assert (first["name"] or first["title"]).split()[-1].lower() in text.lower()
    assert "Jane Doe" in text and "{{" not in text and "{%" not in text
    checked = run("check", str(letter), "--case", str(case))
    if _expected(name).get("person_names"):
        # the person named in full, every ask, the signature: the drafted letter passes
        assert checked.exit_code == 0, checked.stdout
        assert checked.stdout.endswith("Every must-have is there.\n")
    else:  # a UA about many unnamed people: the check says a name is missing, no more
        assert checked.exit_code == 1, checked.stdout
        assert "1 of " in checked.stdout
    writers = tmp_path / "writers.csv"
    writers.write_text(WRITERS, encoding="utf-8")
    batch = run(
        "batch", str(writers), "--output", str(tmp_path / "out"), "--allow-late",
        "--today", "2026-01-05", "--case", str(case),
    )  # fmt: skip
    assert batch.exit_code == 0, batch.stderr + batch.stdout
    assert re.search(r"total\s+[1-9]", batch.stdout), batch.stdout
    posted = run("post", "--platform", "x", "--allow-late", "--case", str(case))
    assert posted.exit_code == 0 or "no target has one" in posted.stderr, posted.stderr


@needs_samples
def test_an_outcome_notice_imports_as_closed_and_every_command_says_so(tmp_path: Path) -> None:
    name = next(n for n in NAMES if _expected(n).get("closed"))
    case = tmp_path / "case"
    _imported_case(_document(name, tmp_path), case)
    assert "closed: true" in (case / "case.yaml").read_text(encoding="utf-8")
    drafted = run("draft", "--case", str(case), "--allow-late")
    assert drafted.exit_code == 1
    assert "is closed: the UA says no further action is requested" in drafted.stderr


@pytest.mark.skipif(
    not list(SEEDS.glob("000_*.txt")), reason="../shared/seeds is not beside this checkout"
)
def test_the_seed_of_the_third_update_imports_and_drafts(tmp_path: Path) -> None:
    case = tmp_path / "case"
    _imported_case(next(SEEDS.glob("000_*.txt")), case)
    targets = (case / "targets.yaml").read_text(encoding="utf-8")
    assert "\n  president:\n    kind: head-of-state\n" in targets
    assert "\n  embassy-ottawa:\n    kind: embassy\n    serves:\n    - CA\n" in targets
    # the +8 prefix cannot be validated: kept as printed, with a note, never refused
    assert "    fax:\n      as_given: +8 7172 74-56-31\n      unverified: true\n" in targets
    listed = run("targets", "--case", str(case))
    assert listed.exit_code == 0, listed.stderr
    assert "  fax:     +8 7172 74-56-31\n" in listed.stdout
    drafted = run("draft", "--case", str(case), "--today", "2026-01-05", "--name", "Jane Doe")
    assert drafted.exit_code == 0, drafted.stderr
    assert "Kassym-Jomart Tokayev" in drafted.stdout and "Zhanbolat Mamay" in drafted.stdout
    assert "warning: no appeal deadline is recorded" in drafted.stderr


def test_text_from_a_ua_is_printed_as_written_never_run(tmp_path: Path) -> None:
    ua = tmp_path / "ua.txt"
    ua.write_text(
        "UA 12/25 Ruritania: Teacher detained\n\n"
        "Write to:\nMinister of Justice\nIvan Kovac\nPalace Square 4\n10000 Strelsau\n"
        "Email: minister@justice.gov.example\n\n"
        "Dear Minister,\n\n"
        'Ana Novak wrote {{ 6*7 }} and {% raw %}x{% endraw %}{{ 6*7 }} and "quotes" \\ here, '
        "and she has been held since July without seeing her lawyer.\n\n"
        "I urge you to release Ana Novak {% endraw %}{{ lipsum() }} at once.\n\n"
        "Yours sincerely,\n",
        encoding="utf-8",
    )
    case = tmp_path / "case"
    _imported_case(ua, case)
    drafted = run("draft", "--case", str(case), "--today", "2026-01-05", "--name", "Jane Doe")
    assert drafted.exit_code == 0, drafted.stderr
    flat = " ".join(drafted.stdout.split())
    assert (
        'Ana Novak wrote {{ 6*7 }} and {% raw %}x{% endraw %}{{ 6*7 }} and "quotes" \\ here,'
        in flat
    )
    assert "I urge you to release Ana Novak {% endraw %}{{ lipsum() }} at once." in flat
    assert "42" not in flat
