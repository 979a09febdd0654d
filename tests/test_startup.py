"""A draft does not load what it does not need: one Snowball stemmer, email-validator only for
an address it has not accepted before, PyYAML only for a file it has not parsed before, Babel
only for a date or name it has not worked out before (each kept in the cache folder, which may
be damaged or unwritable without harm). Each run here is a new process, as a user's draft is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from appeals.languages import known, language
from appeals.words import _snowball
from tests.helpers import CANADIAN_WRITER, build_tree, copy_case, run

# runs the command line, then says on stderr which of the modules it imported
PROBE = """
import sys
from appeals.cli import main
try:
    main()
except SystemExit as done:
    code = done.code
watched = ("email_validator", "snowballstemmer", "_appeals_snowballstemmer", "yaml", "babel")
loaded = [name for name in watched if name in sys.modules]
sys.stderr.write("imported: " + " ".join(loaded) + "\\n")
from babel import localedata
sys.stderr.write("locales: " + " ".join(sorted(localedata._cache)) + "\\n")
sys.exit(code)
"""
DRAFT = ("draft", "--today", "2023-05-01", "--target", "president", *CANADIAN_WRITER)


def draft(
    tmp_path: Path, *args: str, cache: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        "APPEALS_CACHE": str(cache or tmp_path / "cache"),
        "APPEALS_LOG": str(tmp_path / "log.sqlite3"),
        "APPEALS_PROFILE": str(tmp_path / "profile.yaml"),
    }
    command = [sys.executable, "-c", PROBE, *DRAFT, "--format", "eml", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def imported(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.splitlines()[-2]


def locales(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.splitlines()[-1]


@pytest.mark.parametrize("lang", sorted(known()))
def test_one_stemmer_stems_as_the_library_does(lang: str) -> None:
    import snowballstemmer

    algorithm = language(lang).stemmer
    ours, theirs = _snowball(algorithm), snowballstemmer.stemmer(algorithm)
    words = ["released", "detenidas", "Behörden", "освобождения", "libérées", "prisoner"]
    assert [ours.stemWord(w) for w in words] == [theirs.stemWord(w) for w in words]


def test_a_second_draft_does_not_import_email_validator(tmp_path: Path) -> None:
    first = draft(tmp_path)
    assert first.returncode == 0, first.stderr
    # the check of the letter stems its words without loading every Snowball language
    assert imported(first) == "imported: email_validator _appeals_snowballstemmer yaml babel"
    saved = json.loads((tmp_path / "cache" / "emails.json").read_text(encoding="utf-8"))
    assert "jane@example.org" in saved["accepted"]
    assert "udp@udp-rk.kz" in saved["accepted"]  # the President's, from targets.yaml
    second = draft(tmp_path)
    assert second.returncode == 0, second.stderr
    assert imported(second) == "imported: "
    assert second.stdout == first.stdout


def test_a_second_draft_loads_no_locale(tmp_path: Path) -> None:
    first = draft(tmp_path)
    assert first.returncode == 0, first.stderr
    # the country's name in five languages (is it on the address's last line already?) and
    # the Russian month names (a letter may quote a Russian date) came from their locales
    assert locales(first) == "locales: de en en_001 en_GB es fr root ru"
    for name in ("country-names.json", "month-names.json", "dates.json", "territory-codes.json"):
        assert (tmp_path / "cache" / name).is_file()
    second = draft(tmp_path)
    assert (second.returncode, second.stdout) == (0, first.stdout)
    assert locales(second) == "locales: "
    # the cache holds what Babel says, not a copy of it in the code
    saved = json.loads((tmp_path / "cache" / "country-names.json").read_text(encoding="utf-8"))
    assert saved["items"]["KZ: en es fr de ru"] == [
        "kasachstan",
        "kazajistán",
        "kazakhstan",
        "казахстан",
    ]
    dates = json.loads((tmp_path / "cache" / "dates.json").read_text(encoding="utf-8"))
    assert dates["items"]["en_GB|long|2023-04-10"] == ["10 April 2023"]


@pytest.mark.parametrize(
    "damage",
    [
        b"{broken",
        b'{"format": 1, "version": "babel 0.1", "items": {"KZ": ["astana"]}}',
        b'{"format": 1, "version": "%s", "items": {"KZ": "astana", "en_GB": [1, 2]}}',
    ],
)
def test_damaged_or_outdated_names_are_a_miss(tmp_path: Path, damage: bytes) -> None:
    from appeals.usercache import installed

    clean = draft(tmp_path / "clean")
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("country-names.json", "month-names.json", "dates.json", "country-name.json"):
        (cache / name).write_bytes(damage.replace(b"%s", str(installed("babel")).encode()))
    result = draft(tmp_path)
    assert (result.returncode, result.stdout) == (0, clean.stdout)
    assert "astana" not in (cache / "country-names.json").read_text(encoding="utf-8")


def test_a_remembered_date_of_two_strings_is_worked_out_again(tmp_path: Path) -> None:
    from appeals.usercache import installed

    clean = draft(tmp_path / "clean")
    assert "10 April 2023" in clean.stdout
    cache = tmp_path / "cache"
    cache.mkdir()
    items = {"en_GB|long|2023-04-10": ["1 May 1999", "2 May 1999"]}
    version = installed("babel")
    (cache / "dates.json").write_text(
        json.dumps({"format": 1, "version": version, "items": items}), encoding="utf-8"
    )
    result = draft(tmp_path)
    assert (result.returncode, result.stdout) == (0, clean.stdout)


def test_a_new_address_is_checked(tmp_path: Path) -> None:
    assert draft(tmp_path).returncode == 0
    refused = draft(tmp_path, "--email", "jane@example..org")
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0].startswith(
        "error: --email: 'jane@example..org' is not a valid email address"
    )
    saved = json.loads((tmp_path / "cache" / "emails.json").read_text(encoding="utf-8"))
    assert "jane@example..org" not in saved["accepted"]


def test_a_cache_from_another_email_validator_is_not_trusted(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "emails.json").write_text(
        json.dumps({"format": 1, "validator": "another", "accepted": ["jane@example..org"]}),
        encoding="utf-8",
    )
    refused = draft(tmp_path, "--email", "jane@example..org")
    assert refused.returncode == 1
    assert "is not a valid email address" in refused.stderr


@pytest.mark.parametrize("damage", [b"", b"{not json", b"\xff\xfe", b"[]", b'{"format": 1}'])
def test_a_damaged_email_cache_is_a_miss(tmp_path: Path, damage: bytes) -> None:
    clean = draft(tmp_path / "clean")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "emails.json").write_bytes(damage)
    result = draft(tmp_path)
    assert (result.returncode, result.stdout) == (0, clean.stdout)
    assert (
        imported(result) == "imported: email_validator _appeals_snowballstemmer yaml babel"
    )  # all cold
    saved = json.loads((cache / "emails.json").read_text(encoding="utf-8"))
    assert "jane@example.org" in saved["accepted"]


def test_an_unwritable_cache_is_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    clean = draft(tmp_path / "clean")
    for _ in (1, 2):
        result = draft(tmp_path, cache=blocker)
        assert (result.returncode, result.stdout) == (0, clean.stdout)
        assert (
            imported(result) == "imported: email_validator _appeals_snowballstemmer yaml babel"
        )  # all cold
    assert blocker.read_text(encoding="utf-8") == ""


def test_an_include_loop_is_named_from_the_remembered_includes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APPEALS_CACHE", str(tmp_path / "cache"))
    case = copy_case(tmp_path / "case")
    build_tree(
        case,
        {
            "letters/en/update-3.j2": "{% include 'en/b.j2' %}\n",
            "letters/en/b.j2": "text\n\n{% include 'en/update-3.j2' %}\n",
        },
    )
    expected = (
        f"error: {case / 'letters/en/b.j2'}:3: includes itself "
        "(en/update-3.j2 → en/b.j2 → en/update-3.j2); remove the include\n"
    )
    for _ in ("parsed", "remembered"):
        result = run("draft", "--case", str(case), "--today", "2023-05-01")
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected)
    saved = json.loads((tmp_path / "cache" / "template-includes.json").read_text("utf-8"))
    assert sorted(saved["items"].values()) == [["1 en/b.j2"], ["3 en/update-3.j2"]]


def test_the_stems_of_a_letter_are_kept_and_a_stale_or_damaged_file_is_a_miss(
    tmp_path: Path,
) -> None:
    first = draft(tmp_path)
    assert first.returncode == 0, first.stderr
    kept = json.loads((tmp_path / "cache" / "stems-en.json").read_text(encoding="utf-8"))
    assert kept["words"]["sentenced"] == "sentenc"
    assert kept["version"].startswith("english ")
    second = draft(tmp_path)
    assert (second.returncode, second.stdout, second.stderr.splitlines()[:-2]) == (
        0,
        first.stdout,
        first.stderr.splitlines()[:-2],
    )
    assert "_appeals_snowballstemmer" not in imported(second)
    stale = {**kept, "version": "english 0", "words": {"sentenced": "planted"}}
    wrong_type = {**kept, "words": {"sentenced": 1}}
    damaged: list[object] = [stale, wrong_type, {"format": 1}, []]
    for damage in damaged:
        (tmp_path / "cache" / "stems-en.json").write_text(json.dumps(damage), encoding="utf-8")
        again = draft(tmp_path)
        assert (again.returncode, again.stdout) == (0, first.stdout)
        assert again.stderr.splitlines()[:-2] == first.stderr.splitlines()[:-2]
        assert "_appeals_snowballstemmer" in imported(again)  # the stems were worked out again


@pytest.mark.parametrize(
    "planted", ["", "   ", "1 May 1999", "10 April 2023\x1b[2J", "\u202e10 April 2023"]
)
def test_a_remembered_date_that_cannot_be_right_is_worked_out_again(
    tmp_path: Path, planted: str
) -> None:
    from appeals.usercache import installed

    clean = draft(tmp_path / "clean")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    items = {"en_GB|long|2023-04-10": [planted], "en_GB|long|2023-05-01": ["x\x07"]}
    (cache / "dates.json").write_text(
        json.dumps({"format": 1, "version": installed("babel"), "items": items}), encoding="utf-8"
    )
    result = draft(tmp_path)
    assert (result.returncode, result.stdout) == (0, clean.stdout)
