"""The command line: parse options, call the core, print. The only package that prints or exits.

Each command lives in a module of its own, which registers it on the app when imported
(appeals.cli.base.COMMANDS says which). A run imports the module of its command alone (see
base.register); `app`, asked for here, has every command, in the order `appeals --help` lists
them.

The modules here do not use `from __future__ import annotations`: Typer reads every option's
annotation on each run, and as strings they were compiled and evaluated again each time (about a
seventh of the instructions of `appeals --help`). Names imported only for type checking are
quoted instead.
"""

from typing import Any

from appeals.cli.base import main

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":
        from appeals.cli.base import app, register

        register([])  # every command
        return app
    raise AttributeError(f"module 'appeals.cli' has no attribute {name!r}")
