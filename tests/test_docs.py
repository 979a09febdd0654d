"""Every command has help text with an example, and appears in the README."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import check_snapshot, run

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = [
    "draft",
    "targets",
    "case",
    "batch",
    "log",
    "sent",
    "report",
    "profile set",
    "profile show",
    "profile clear",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_with_an_example_and_is_in_the_readme(command: str) -> None:
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Example: appeals" in result.stdout
    assert f"appeals {command}" in README


@pytest.mark.parametrize("command", ["draft", "batch"])
def test_every_option_is_in_the_readme(command: str) -> None:
    help_text = run(command, "--help").stdout
    options = {
        word.split("/")[0].strip()
        for word in re.findall(r"(?m)^\s+(--[a-z-]+(?: / --[a-z-]+)?)", help_text)
    }
    options -= {"--help"}
    missing = sorted(option for option in options if option not in README)
    assert missing == []


def test_help_snapshots() -> None:
    check_snapshot("help.txt", run("--help").stdout)
    check_snapshot("help-draft.txt", run("draft", "--help").stdout)
    check_snapshot("help-batch.txt", run("batch", "--help").stdout)


def test_ci_runs_the_readme_test_command() -> None:
    root = Path(__file__).resolve().parents[1]
    blocks = README.split("```sh\n")
    commands = [block.split("\n", 1)[0] for block in blocks[1:3]]
    assert commands[0] == (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/appeals draft --target president"
    )
    assert commands[1] == (
        "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/python -m pytest"
    )
    assert commands[1] in (root / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_shell_completion_script_for_bash() -> None:
    # as a shell runs it: Typer reads the shell's name from the real command line
    done = subprocess.run(
        [sys.executable, "-m", "appeals", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("complete -o default -F _appeals_completion appeals")
    # the shell named is the one given, whatever shell (if any) started the command
    zsh = subprocess.run(
        [sys.executable, "-m", "appeals", "--show-completion=zsh"],
        capture_output=True,
        text=True,
        check=False,
        start_new_session=True,
    )
    assert (zsh.returncode, zsh.stdout.rstrip().splitlines()[-1]) == (
        0,
        "compdef _appeals_completion appeals",
    )


def test_the_case_data_sits_at_the_top_of_the_repository_once() -> None:
    root = Path(__file__).resolve().parents[1]
    for piece in ("targets.yaml", "case.yaml", "letters/en", "letters/ru", "LICENSE"):
        assert (root / piece).exists(), piece
    if not (root / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "-C", str(root), "ls-files", "--", "*targets.yaml"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert [name for name in tracked if not name.startswith("tests/")] == ["targets.yaml"]
