"""A run imports the module of its own command alone (appeals.cli.base.register); help, a
mistyped name and shell completion see every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.core
import typer.main

from appeals.cli import app
from appeals.cli.base import COMMANDS

PROBE = """
import sys
from appeals.cli import main
try:
    main()
except SystemExit as done:
    code = done.code
loaded = sorted(name for name in sys.modules if name.startswith("appeals.cli."))
sys.stderr.write("cli modules: " + " ".join(loaded) + "\\n")
sys.exit(code)
"""


def appeals(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "APPEALS_CACHE": str(tmp_path / "cache"),
        "APPEALS_LOG": str(tmp_path / "log.sqlite3"),
        "APPEALS_PROFILE": str(tmp_path / "profile.yaml"),
        **env,
    }
    command = [sys.executable, "-c", PROBE, *args]
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


def modules(result: subprocess.CompletedProcess[str]) -> list[str]:
    return result.stderr.splitlines()[-1].removeprefix("cli modules: ").split()


def test_every_command_is_in_the_table_once_in_the_order_of_help() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    listed = [name for names in COMMANDS.values() for name in names]
    assert list(group.commands) == listed


def test_a_draft_imports_its_own_command_module_alone(tmp_path: Path) -> None:
    result = appeals(tmp_path, "draft", "--today", "2023-05-01", "--name", "Jane Doe")
    assert result.returncode == 0, result.stderr
    assert modules(result) == ["appeals.cli.base", "appeals.cli.letters", "appeals.cli.plainwords"]


def test_help_of_a_command_is_its_own(tmp_path: Path) -> None:
    result = appeals(tmp_path, "report", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: appeals report [OPTIONS]")
    assert "appeals.cli.letters" not in modules(result)


def test_help_and_a_mistyped_command_see_every_command(tmp_path: Path) -> None:
    every = sorted(f"appeals.cli.{module}" for module in COMMANDS)
    shown = appeals(tmp_path, "--help")
    assert shown.returncode == 0, shown.stderr
    assert all(f"  {name} " in shown.stdout for names in COMMANDS.values() for name in names)
    assert set(every) <= set(modules(shown))
    mistyped = appeals(tmp_path, "drfat")
    assert mistyped.returncode == 2
    assert "No such command 'drfat'. Did you mean 'draft'?" in mistyped.stderr
    assert set(every) <= set(modules(mistyped))


def test_completion_offers_every_command(tmp_path: Path) -> None:
    result = appeals(
        tmp_path, "draft", _APPEALS_COMPLETE="complete_bash", COMP_WORDS="appeals ", COMP_CWORD="1"
    )
    offered = result.stdout.split()
    assert {"draft", "batch", "report", "profile", "import"} <= set(offered)


def test_main_leaves_the_garbage_collector_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from appeals.cli import main

    for argv in (["appeals", "--version"], ["appeals", "batch", "--help"]):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as done:
            main()
        assert done.value.code == 0
        assert gc.isenabled()
    assert capsys.readouterr().out.startswith("appeals ")
