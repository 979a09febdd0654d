"""The command line: parse options, call the core, print. The only package that prints or exits.

Each command lives in a module of its own; importing them registers them on the app, in the order
`appeals --help` lists them, so these imports keep their order.

The modules here do not use `from __future__ import annotations`: Typer reads every option's
annotation on each run, and as strings they were compiled and evaluated again each time (about a
seventh of the instructions of `appeals --help`). Names imported only for type checking are
quoted instead.
"""

# isort: off
from appeals.cli import letters  # noqa: F401  (draft)
from appeals.cli import case_info  # noqa: F401  (targets, case)
from appeals.cli import group  # noqa: F401  (batch)
from appeals.cli import voice  # noqa: F401  (check, post)
from appeals.cli import importer  # noqa: F401  (import)
from appeals.cli import records  # noqa: F401  (log, sent, report)
from appeals.cli import profile  # noqa: F401  (profile set|show|clear)

# isort: on
from appeals.cli.base import app, main

__all__ = ["app", "main"]
