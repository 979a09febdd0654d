"""The parse of a case file kept in the cache folder (appeals.parsedcache): the same values with
the same types come back, an edited file is parsed again, and a damaged, planted or foreign
entry changes nothing a user sees."""

from __future__ import annotations

import json
import math
import os
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from appeals import parsedcache
from appeals.usercache import _private_folder
from tests.helpers import CANADIAN_WRITER, copy_case, run

DRAFT = ("draft", "--today", "2023-05-01", "--target", "president", *CANADIAN_WRITER)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("APPEALS_CACHE", str(folder))
    return folder


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "yaml").glob("*.json")) if (cache / "yaml").is_dir() else []


def test_every_value_yaml_gives_comes_back_with_its_type(cache: Path) -> None:
    values = {
        "text": "Жанболат «Мамай»",
        "number": 400000,
        "big": 10**40,
        "ratio": 0.5,
        "infinite": math.inf,
        "yes": True,
        "nothing": None,
        2022: "a number as a key",
        date(2022, 6, 30): "a date as a key",
        "day": date(2023, 4, 10),
        "moment": datetime(2022, 2, 25, 9, 30, tzinfo=timezone(timedelta(hours=6))),
        "bytes": b"\x00\xff",
        "set": {"a", "b"},
        "nested": [[1, [2, {"x": []}]], {}],
    }
    parsedcache.keep(b"raw bytes", values)
    kept, found = parsedcache.recall(b"raw bytes")
    assert kept
    assert found == values
    assert list(found) == list(values)  # the order of the keys too
    assert [type(v) for v in found.values()] == [type(v) for v in values.values()]
    assert parsedcache.recall(b"other bytes") == (False, None)


def test_a_value_of_another_type_is_not_kept(cache: Path) -> None:
    parsedcache.keep(b"raw", {"x": object()})
    assert parsedcache.recall(b"raw") == (False, None)
    assert entries(cache) == []


def test_a_second_draft_reads_the_kept_parse_and_an_edit_is_read_again(
    tmp_path: Path, cache: Path
) -> None:
    case = copy_case(tmp_path / "case")
    first = run(*DRAFT, "--case", str(case))
    assert first.exit_code == 0, first.stderr
    for name in ("targets.yaml", "case.yaml"):
        assert parsedcache.recall((case / name).read_bytes())[0], name
    assert run(*DRAFT, "--case", str(case)).stdout == first.stdout
    targets = case / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace("Mangilik Yel St, 6", "Mangilik Yel St, 7"),
        encoding="utf-8",
    )
    edited = run(*DRAFT, "--case", str(case))
    assert edited.exit_code == 0, edited.stderr
    assert "Mangilik Yel St, 7" in edited.stdout
    assert edited.stdout == first.stdout.replace("Mangilik Yel St, 6", "Mangilik Yel St, 7")
    assert parsedcache.recall(targets.read_bytes())[0]


def test_a_file_broken_after_a_good_run_is_named_with_its_line(tmp_path: Path, cache: Path) -> None:
    case = copy_case(tmp_path / "case")
    assert run(*DRAFT, "--case", str(case)).exit_code == 0
    path = case / "case.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("person:"))
    lines.insert(number + 1, "  unknown_field: 1")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(*DRAFT, "--case", str(case))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}:{number + 2}: person.unknown_field: ")


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{broken",
        b"[]",
        b'{"format": 1}',
        b'{"format": 2, "values": ["m"]}',
        b'{"format": 1, "values": ["m", "id", "31/22"]}',  # an older format
        b'{"format": 2, "values": {"\\u0000map": [["person"]]}}',  # a key with no value
        b'{"format": 2, "values": {"\\u0000map": 5}}',
        b'{"format": 2, "values": {"\\u0000what": 1}}',  # an unknown tag
        b'{"format": 2, "values": {"\\u0000date": "2022-13-45"}}',
        b'{"format": 2, "values": {"\\u0000date": 5}}',
        b'{"format": 2, "values": {"\\u0000bytes": "not base64!"}}',
        b'{"format": 2, "values": {"\\u0000map": [[["a list"], 1]]}}',  # a list as a key
        b'{"format": 2, "values": {"\\u0000set": [{"a": 1}]}}',
        b'{"\\u0000date": "2022-01-01"}',
        b'{"format": 2, "values": {"person": 1}}',
        b'{"format": 2, "values": {"id": "31/22"}}',  # not a valid case: read again
        b'{"format": 2, "values": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
)
def test_a_damaged_or_planted_entry_is_a_miss(tmp_path: Path, cache: Path, damage: bytes) -> None:
    case = copy_case(tmp_path / "case")
    clean = run(*DRAFT, "--case", str(case))
    assert clean.exit_code == 0, clean.stderr
    for path in entries(cache):
        path.write_bytes(damage)
    result = run(*DRAFT, "--case", str(case))
    assert (result.exit_code, result.stdout, result.stderr) == (0, clean.stdout, clean.stderr)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs POSIX permissions")
def test_a_folder_others_may_write_into_is_not_used(tmp_path: Path, cache: Path) -> None:
    case = copy_case(tmp_path / "case")
    clean = run(*DRAFT, "--case", str(case))
    assert clean.exit_code == 0, clean.stderr
    planted = {"format": 2, "values": {"planted": "values"}}
    for path in entries(cache):
        path.write_text(json.dumps(planted), encoding="utf-8")
    (cache / "yaml").chmod(0o777)  # as a folder in /tmp may be
    _private_folder.cache_clear()
    try:
        assert parsedcache.recall((case / "case.yaml").read_bytes()) == (False, None)
        result = run(*DRAFT, "--case", str(case))
        assert (result.exit_code, result.stdout) == (0, clean.stdout)
        assert all(json.loads(p.read_text(encoding="utf-8")) == planted for p in entries(cache))
    finally:
        _private_folder.cache_clear()


def test_the_folder_keeps_only_the_newest_entries(cache: Path) -> None:
    for number in range(parsedcache._KEPT + 5):
        parsedcache.keep(f"file {number}".encode(), {"number": number})
        folder = cache / "yaml"
        stamp = 1_000_000_000 + number
        for path in folder.glob("*.json"):
            if json.loads(path.read_text(encoding="utf-8"))["values"]["number"] == number:
                os.utime(path, (stamp, stamp))
    assert len(entries(cache)) == parsedcache._KEPT
    assert parsedcache.recall(b"file 0") == (False, None)
    assert parsedcache.recall(f"file {parsedcache._KEPT + 4}".encode()) == (
        True,
        {"number": parsedcache._KEPT + 4},
    )


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs POSIX permissions")
def test_a_umask_that_lets_the_group_write_still_gives_a_private_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "home" / ".cache" / "appeals"
    monkeypatch.setenv("APPEALS_CACHE", str(cache))
    case = copy_case(tmp_path / "case")
    before = os.umask(0o002)  # as Debian and Ubuntu give each user's own group
    try:
        result = run(*DRAFT, "--case", str(case))
    finally:
        os.umask(before)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache / "yaml").stat().st_mode) == 0o700
    assert parsedcache.recall((case / "case.yaml").read_bytes())[0]
