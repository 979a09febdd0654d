"""`appeals batch`: letters for a group, from a CSV of writers."""

import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from appeals.cli.base import (
    ActionOption,
    CaseOption,
    PaperSize,
    TodayOption,
    _log_letters,
    _reported,
    _today,
    _warn,
    app,
)

if TYPE_CHECKING:
    from appeals.batch import Batch, BatchResult
    from appeals.log import NewEntry


class BatchFormatChoice(StrEnum):
    text = "text"
    md = "md"
    json = "json"
    eml = "eml"
    pdf = "pdf"


@app.command()
def batch(
    writers: Annotated[
        Path,
        typer.Argument(
            metavar="WRITERS.csv", help="CSV of writers: name, email, address, city, postcode, ..."
        ),
    ],
    output: Annotated[Path, typer.Option(help="Folder for the letters (made if missing).")],
    target: Annotated[
        list[str] | None,
        typer.Option(
            help="Repeat for each target; default: the action's (the President and each "
            "writer's embassy).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            help="A language code (en, ru, es, fr, de) for every letter; default: each "
            "writer's lang, else the one the case sets for the action, else en.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        BatchFormatChoice, typer.Option("--format", help="Format of the letters.")
    ] = BatchFormatChoice.text,
    action: ActionOption = None,
    today: TodayOption = None,
    allow_late: Annotated[
        bool, typer.Option(help="Write letters even though the appeal deadline has passed.")
    ] = False,
    force: Annotated[bool, typer.Option(help="Replace existing letter files.")] = False,
    resume: Annotated[
        bool, typer.Option(help="Finish an interrupted run: skip letters its manifest lists.")
    ] = False,
    combine: Annotated[
        bool, typer.Option(help="With --format pdf: one letters.pdf to print, a letter a page.")
    ] = False,
    duplex: Annotated[
        bool, typer.Option(help="With --combine: start every letter on a front side.")
    ] = False,
    paper: Annotated[PaperSize, typer.Option(help="Paper for PDF: a4 or letter.")] = PaperSize.a4,
    case_dir: CaseOption = None,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Write letters for every writer in a CSV: one file each, a manifest, rejected rows.

    Example: appeals batch writers.csv --output letters --format pdf --combine
    """
    from appeals.batch import BatchRequest, estimate_rows, prepare_batch

    with _reported():
        request = BatchRequest(
            writers=writers,
            output=output,
            today=_today(today),
            targets=target or [],
            lang=lang,
            output_format=output_format.value,
            action=action,
            allow_late=allow_late,
            force=force,
            resume=resume,
            combine=combine,
            duplex=duplex,
            paper=paper.value,
            case_dir=case_dir,
        )
        job = prepare_batch(request)
        for message in job.warnings:
            _warn(message)
        if quiet or not sys.stderr.isatty():
            result = job.run()
        else:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("Writing letters", total=estimate_rows(writers))
                result = job.run(lambda rows: bar.update(task, completed=rows))
    _log_letters(_manifest_entries(job, result))
    typer.echo(_batch_summary(result), nl=False)
    if result.rejected:
        raise typer.Exit(1)


def _manifest_entries(job: "Batch", result: "BatchResult") -> Iterator["NewEntry"]:
    """Every letter the manifest lists, for the log, read one line at a time."""
    import csv

    from appeals.batch import MANIFEST
    from appeals.log import NewEntry

    with (result.output / MANIFEST).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("sha256"):
                yield NewEntry(
                    case=job.folder.case.id,
                    action=row["action"],
                    target=row["target"],
                    lang=row["lang"],
                    format=job.request.output_format,
                    letter_date=job.request.today,
                    writer=row["writer"].removeprefix("'"),
                    hash=f"{row['sha256']}:{row['line']}:{row['page']}",
                )


def _batch_summary(result: "BatchResult") -> str:
    from appeals.batch import REJECTED

    lines = [f"Letters written to {result.output}:"]
    width = max([len(t) for t, _ in result.letters] + [6])
    lines.append(f"  {'target':<{width}}  lang  letters")
    for (target_id, lang), count in sorted(result.letters.items()):
        lines.append(f"  {target_id:<{width}}  {lang:<4}  {count:>7}")
    lines.append(f"  {'total':<{width}}        {sum(result.letters.values()):>7}")
    if result.combined is not None:
        lines.append(f"One PDF to print: {result.combined}")
    if result.skipped:
        lines.append(f"Already written by an earlier run: {result.skipped}")
    if result.rejected:
        lines.append(
            f"Rejected rows: {result.rejected} (see {result.output / REJECTED} for the reasons)"
        )
    return "\n".join(lines) + "\n"
