"""Compiled model letters are kept in the cache folder and compiled again when a letter changes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from appeals.compose import _bytecode_cache, _uses_writer
from tests.helpers import copy_case, run

DRAFT = ("draft", "--today", "2023-05-01", "--name", "Jane Doe", "--city", "Leeds")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("APPEALS_CACHE", str(folder))
    _bytecode_cache.cache_clear()
    yield folder
    _bytecode_cache.cache_clear()


def test_a_changed_letter_is_compiled_again(tmp_path: Path, cache_dir: Path) -> None:
    case = copy_case(tmp_path / "case")
    first = run(*DRAFT, "--case", str(case))
    assert first.exit_code == 0, first.stderr
    cached = list((cache_dir / "templates").iterdir())
    assert cached, "nothing was cached"
    again = run(*DRAFT, "--case", str(case))
    assert again.stdout == first.stdout
    template = case / "letters" / "en" / "update-3.j2"
    template.write_text(
        template.read_text(encoding="utf-8") + "\nA sentence added today.\n", encoding="utf-8"
    )
    changed = run(*DRAFT, "--case", str(case))
    assert "A sentence added today." in changed.stdout
    assert "A sentence added today." not in first.stdout


def test_a_damaged_cache_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    first = run(*DRAFT)
    for path in (cache_dir / "templates").iterdir():
        path.write_bytes(b"not a compiled template")
    _bytecode_cache.cache_clear()
    assert run(*DRAFT).stdout == first.stdout


def test_a_cache_folder_that_cannot_be_made_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("APPEALS_CACHE", str(blocker))
    _bytecode_cache.cache_clear()
    try:
        result = run(*DRAFT)
        assert result.exit_code == 0, result.stderr
        assert _bytecode_cache() is None
    finally:
        _bytecode_cache.cache_clear()


def test_a_new_process_reads_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "appeals", *DRAFT]
    env = {
        "APPEALS_CACHE": str(cache),
        "APPEALS_LOG": str(tmp_path / "log.sqlite3"),
        "APPEALS_PROFILE": str(tmp_path / "profile.yaml"),
    }
    outputs = [
        subprocess.run(command, capture_output=True, check=True, env=env).stdout for _ in (1, 2)
    ]
    assert outputs[0] == outputs[1]
    assert len(list((cache / "templates").iterdir())) >= 1


def test_which_templates_read_the_writer() -> None:
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment()
    reads = [
        "{{ writer.name }}",
        "{% macro m() %}{{ writer.city }}{% endmacro %}{{ m() }}",
        "{% for a in asks %}{{ writer.name }}{% endfor %}",
        "{% block b %}{{ writer }}{% endblock %}",
    ]
    for source in reads:
        assert _uses_writer(env.from_string(source)), source
    assert not _uses_writer(env.from_string("{{ person.name }} {{ writers }}"))
