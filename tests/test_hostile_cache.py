"""The cache folder under hostile or unlucky conditions (appeals.usercache, appeals.parsedcache):
whatever is in it, or however it was made, a run's output is the same as with no cache, and a
folder others may write into is not used."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from appeals import parsedcache, usercache
from appeals.usercache import _private_folder, private_folder
from tests.helpers import CANADIAN_WRITER, copy_case, run

DRAFT = ("draft", "--today", "2023-05-01", "--target", "president", *CANADIAN_WRITER)
POSIX = pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs POSIX permissions")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("APPEALS_CACHE", str(folder))
    _private_folder.cache_clear()
    yield folder
    _private_folder.cache_clear()


@POSIX
def test_a_first_run_under_umask_002_makes_a_cache_folder_that_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # on many Linux systems a user's umask is 002; the first run making <cache>/yaml made
    # <cache> 0775 with it, and remembered dates and names were then never kept
    folder = tmp_path / "home" / ".cache" / "appeals"
    monkeypatch.setenv("APPEALS_CACHE", str(folder))
    _private_folder.cache_clear()
    before = os.umask(0o002)
    try:
        result = run("case")
    finally:
        os.umask(before)
        _private_folder.cache_clear()
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert private_folder() == folder
    assert private_folder("yaml") == folder / "yaml"


@POSIX
def test_no_folder_is_made_or_used_inside_a_cache_folder_others_may_write_into(
    tmp_path: Path, cache: Path
) -> None:
    case = copy_case(tmp_path / "case")
    clean = run(*DRAFT, "--case", str(case), env={"APPEALS_CACHE": "off"})
    assert clean.exit_code == 0, clean.stderr
    cache.mkdir()
    cache.chmod(0o777)  # APPEALS_CACHE=/tmp, or a shared folder
    assert private_folder("yaml") is None
    assert private_folder("templates") is None
    for _ in range(2):
        result = run(*DRAFT, "--case", str(case))
        assert (result.exit_code, result.stdout, result.stderr) == (0, clean.stdout, clean.stderr)
    assert not (cache / "yaml").exists()
    assert not (cache / "templates").exists()


@POSIX
def test_addresses_planted_in_a_cache_folder_others_may_write_into_are_checked(
    tmp_path: Path, cache: Path
) -> None:
    # another user of a shared folder (APPEALS_CACHE=/tmp) writes emails.json: an address
    # email-validator refuses must still be refused
    key = usercache.installed("email_validator")
    if key is None:
        pytest.skip("email-validator is not installed")
    refused = "jane@mail.invalid"  # a special-use name email-validator refuses
    draft = (*DRAFT, "--email", refused)
    clean = run(*draft, env={"APPEALS_CACHE": "off"})
    assert clean.exit_code == 1, clean.stdout
    cache.mkdir()
    cache.chmod(0o777)
    planted = {"format": 1, "validator": key, "accepted": [refused]}
    (cache / "emails.json").write_text(json.dumps(planted), encoding="utf-8")
    usercache._accepted_before.cache_clear()
    usercache._accepted_now.cache_clear()
    try:
        result = run(*draft)
    finally:
        usercache._accepted_before.cache_clear()
        usercache._accepted_now.cache_clear()
    assert (result.exit_code, result.stdout, result.stderr) == (1, clean.stdout, clean.stderr)


def test_a_value_json_cannot_write_is_not_kept_and_not_an_error(cache: Path) -> None:
    # PyYAML's pure-Python loader (where libyaml is missing) reads "\ud800" as a lone surrogate
    parsedcache.keep(b"raw", {"name": "a\ud800b"})
    assert parsedcache.recall(b"raw") == (False, None)
    assert list((cache / "yaml").iterdir()) == []  # no temporary file left either


def test_a_template_including_a_name_json_cannot_write_drafts_as_without_a_cache(
    tmp_path: Path, cache: Path
) -> None:
    # Jinja reads the escape in "\ud800.j2" as a lone surrogate; the includes it lists are
    # remembered in the cache folder
    case = copy_case(tmp_path / "case")
    template = case / "letters" / "en" / "update-3.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, '{% if false %}{% include "\\ud800.j2" %}{% endif %}\n')
    template.write_text("".join(lines), encoding="utf-8")
    cached = run(*DRAFT, "--case", str(case))  # first: the run that keeps what it worked out
    clean = run(*DRAFT, "--case", str(case), env={"APPEALS_CACHE": "off"})
    assert clean.exit_code == 0, clean.stderr
    assert (cached.exit_code, cached.stdout, cached.stderr) == (0, clean.stdout, clean.stderr)


def test_a_parse_kept_before_the_characters_refused_changed_is_read_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # appeals.yamlfile refuses the control characters appeals.unseen lists: a parse kept while
    # that list was shorter must not let a file through that the new list refuses
    parsedcache.keep(b"raw", {"a": 1})
    assert parsedcache.recall(b"raw") == (True, {"a": 1})
    real = usercache.installed

    def installed(module: str) -> str | None:
        return "appeals.unseen another" if module == "appeals.unseen" else real(module)

    monkeypatch.setattr(parsedcache, "installed", installed)
    assert parsedcache.recall(b"raw") == (False, None)
