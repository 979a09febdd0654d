"""Helpers for running the CLI as a user does and for building case folders from text."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from appeals.cli import app
from appeals.loading import bundled_case_dir

SNAPSHOTS = Path(__file__).parent / "snapshots"

# a writer in Canada with every detail given, as many tests draft for
CANADIAN_WRITER = (
    "--name",
    "Jane Doe",
    "--address",
    "12 Elm Street",
    "--city",
    "Toronto",
    "--postcode",
    "M4B 1B3",
    "--country",
    "CA",
    "--email",
    "jane@example.org",
)


def run(*args: str, env: Mapping[str, str] | None = None) -> Result:
    """Run `appeals ARGS` with no APPEALS_* variables from the developer's shell.

    APPEALS_LOG, APPEALS_PROFILE and APPEALS_CACHE stay: conftest.py points them at files of
    the test's own.
    """
    kept = ("APPEALS_LOG", "APPEALS_PROFILE", "APPEALS_CACHE")
    clean = {key: None for key in os.environ if key.startswith("APPEALS_") and key not in kept}
    result = CliRunner().invoke(app, list(args), env={**clean, **(env or {})})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run_json(*args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


CASE_PIECES = ("targets.yaml", "case.yaml", "letters")


def copy_case(destination: Path) -> Path:
    """A writable copy of the bundled case folder: its three pieces, nothing else."""
    source = bundled_case_dir()
    destination.mkdir(parents=True)
    for name in CASE_PIECES:
        if (source / name).is_dir():
            shutil.copytree(source / name, destination / name)
        else:
            shutil.copy2(source / name, destination / name)
    return destination


def build_tree(root: Path, files: Mapping[str, str]) -> Path:
    """Write each {relative path: text} under root, dedented."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of `path` that contains `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def check_snapshot(name: str, actual: str) -> None:
    """Compare with tests/snapshots/NAME; UPDATE_SNAPSHOTS=1 rewrites it."""
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not path.exists():
        if os.environ.get("CI") and not path.exists():
            raise AssertionError(
                f"snapshot {name} is missing; run the tests with UPDATE_SNAPSHOTS=1"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def unflow(body: str) -> str:
    """A format=flowed body (RFC 3676, DelSp=no) as its reader shows it: soft breaks joined,
    space-stuffing removed, LF line ends."""
    split = body.replace("\r\n", "\n").split("\n")
    lines = [line[1:] if line.startswith(" ") else line for line in split]
    out: list[str] = []
    joined = ""
    for line in lines:
        joined += line
        if not (line.endswith(" ") and line != "-- "):
            out.append(joined)
            joined = ""
    if joined:
        out.append(joined)
    return "\n".join(out)


def unstuffed(body: str) -> str:
    """A format=flowed body as a plain-text reader shows it: the lines as written, without
    the space-stuffing and the spaces that mark soft breaks."""
    split = body.replace("\r\n", "\n").split("\n")
    return "\n".join((line[1:] if line.startswith(" ") else line).rstrip(" ") for line in split)
