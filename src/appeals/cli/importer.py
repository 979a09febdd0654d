"""`appeals import`: a UA document into its fields or a case folder."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from appeals.cli.base import _echo_json, _reported, _stderr_line, _today, app, today_option
from appeals.errors import DataError, UsageError


@app.command("import")
def import_ua(
    document: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The UA: a PDF, a saved web page (.html), an email (.eml) or text "
            "(.txt, .md) in any common encoding (- reads it from standard input).",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            metavar="FOLDER",
            help="Write a case folder here, for 'appeals draft --case'.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the extracted fields as JSON.")
    ] = False,
    force: Annotated[
        bool, typer.Option(help="Replace the files of an existing case folder.")
    ] = False,
    today: Annotated[
        date | None,
        today_option("the case folder records the targets as checked on that day"),
    ] = None,
) -> None:
    """Read an Urgent Action document and extract its fields, or write a case folder from it.

    Example: appeals import ua-54-23.pdf --output cases/ua-54-23
    """
    from appeals.files import check_output_folder, refuse_links_within, write_atomically
    from appeals.importing import case_files, parse_ua
    from appeals.importing.document import read_source

    with _reported():
        source = read_source(document)
        if source.note():
            _stderr_line("note", f"{document}: {source.note()}", "cyan")
        ua = parse_ua(source.text)
        written = []
        if output is not None:
            # a model letter makes the asks; without one the letter is built from them
            missing = [
                what
                for what, found in (("target", ua.targets), ("ask", ua.asks or ua.model_letter))
                if not found
            ]
            if missing and not ua.closed:  # a closing notice has neither, and imports as closed
                raise DataError(
                    f"{document}: found no {' and no '.join(missing)}, so no case folder was "
                    f"written; run 'appeals import {document}' to see what was read"
                )
            check_output_folder(output, "the case files")
            files = case_files(ua, document.name, _today(today))
            existing = [name for name in files if (output / name).exists()]
            if existing and not force:
                raise UsageError(
                    f"{output}: already has {', '.join(existing)}; add --force to replace them"
                )
            for name, text in files.items():
                path = output / name
                refuse_links_within(output, path)
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, text.encode("utf-8"), force=True)
                written.append(path)
    if as_json:
        _echo_json(ua.as_dict())
    else:
        summary = ua.as_dict()
        lines = [
            f"{summary['title'] or '(no title)'} — {summary['ua_number'] or 'UA number not found'}"
        ]
        for key in (
            "index_number",
            "published",
            "deadline",
            "person_names",
            "pronouns",
            "preferred_languages",
            "previous_ua",
        ):
            value = summary[key]
            shown = ", ".join(value) if isinstance(value, list) else value
            lines.append(f"  {key:20} {shown if shown else '-'}")
        lines.append(f"  {'closed':20} {'yes' if ua.closed else 'no'}")
        for target in ua.targets:
            who = " — ".join(x for x in (target.name, target.title) if x)
            lines.append(
                f"  target ({target.role}): {who}; {', '.join(target.email) or 'no email'}"
            )
        lines.extend(f"  ask: {ask}" for ask in ua.asks)
        lines.append(f"  model letter: {'yes' if ua.model_letter else 'no'}")
        if ua.not_found():
            lines.append(f"Not found in the document: {', '.join(ua.not_found())}")
        typer.echo("\n".join(lines))
    for path in written:
        _stderr_line("wrote", str(path), "green")
    if written:
        _stderr_line("next", f"check the files, then: appeals draft --case {output}", "green")
