"""`appeals batch`: letters for a group, from a CSV of writers."""

import sys
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from appeals.cli.base import (
    ActionOption,
    CaseOption,
    PaperSize,
    _reported,
    _stderr_line,
    _today,
    _warn,
    app,
    today_option,
)
from appeals.cli.plainwords import lang_value
from appeals.errors import InputError

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
            metavar="WRITERS.csv",
            help="CSV of writers, with a name column and any of email, address, city, region, "
            "postcode, country, lang, personal (- reads it from standard input).",
        ),
    ],
    output: Annotated[
        Path, typer.Option(metavar="FOLDER", help="Folder for the letters (made if missing).")
    ],
    target: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TARGET",
            help="Repeat for each target; default: the action's (the President and each "
            "writer's embassy).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            parser=lang_value,
            metavar="LANGUAGE",
            help="A language by name or code (en, ru, es, fr, de) for every letter; default: "
            "each writer's lang column, else the one the case sets for the action, else English.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        BatchFormatChoice,
        typer.Option("--format", metavar="FORMAT", help="text, md, json, eml or pdf."),
    ] = BatchFormatChoice.text,
    action: ActionOption = None,
    today: Annotated[
        date | None,
        today_option("the deadline is checked against it and the letters are dated with it"),
    ] = None,
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
    paper: Annotated[
        PaperSize, typer.Option(metavar="SIZE", help="Paper for PDF: a4 or letter.")
    ] = PaperSize.a4,
    skip_duplicates: Annotated[
        bool,
        typer.Option(
            help="No letters for a row the same as an earlier one (by default it gets its own "
            "letters, with a warning)."
        ),
    ] = False,
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
            skip_duplicates=skip_duplicates,
        )
        job = prepare_batch(request)
        for message in job.warnings:
            _warn(message)
        try:
            if quiet or not sys.stderr.isatty():
                result = job.run()
            else:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

                columns = (
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("rows"),
                )
                with Progress(*columns, transient=True) as bar:
                    task = bar.add_task("Writing letters", total=estimate_rows(writers))
                    result = job.run(lambda rows: bar.update(task, completed=rows))
        except KeyboardInterrupt:
            if combine:
                done = f"the combined PDF was not written to {output}"
            else:
                done = (
                    f"the letters in {output} so far are complete (listed in its manifest.csv) "
                    "but not logged yet"
                )
            _stderr_line(
                "Interrupted",
                f"{done}; run the same command with --resume to finish the batch",
                "red",
            )
            raise typer.Exit(130) from None
        _warn_duplicates(writers, job.duplicates, skip_duplicates)
        if not (result.letters or result.skipped or result.rejected):
            raise InputError(f"{writers}: no letter written: the CSV has no writer rows")
    _log_batch(job, result)
    typer.echo(_batch_summary(result), nl=False)
    if result.rejected:
        raise typer.Exit(1)


MAX_DUPLICATE_WARNINGS = 20


def _warn_duplicates(writers: Path, duplicates: list[tuple[int, int]], skipped: bool) -> None:
    """A line per row the same as an earlier one (the first few), then how many more."""
    what = (
        "skipped (--skip-duplicates)"
        if skipped
        else "it got letters of its own too; remove it, or add --skip-duplicates"
    )
    for line, first in duplicates[:MAX_DUPLICATE_WARNINGS]:
        _warn(f"{writers}:{line}: the same row as line {first}; {what}")
    more = len(duplicates) - MAX_DUPLICATE_WARNINGS
    if more > 0:
        _warn(f"{writers}: {more:,} more rows the same as an earlier row; {what}")


def _log_batch(job: "Batch", result: "BatchResult") -> None:
    """Log every letter the manifest lists (those of an earlier, resumed run too: a letter
    already logged is not logged twice); a log that fails loses no letter, so it only warns."""
    from appeals.errors import AppealsError
    from appeals.log import ActionLog, LogInterrupted

    try:
        ActionLog().record(_manifest_entries(job, result))
    except LogInterrupted as err:
        _stderr_line(
            "Interrupted",
            f"the letters in {result.output} are complete, but {err}; run the same command "
            "with --resume to log them",
            "red",
        )
        raise typer.Exit(130) from None
    except AppealsError as err:
        _warn(f"the letters are written, but the action log was not updated: {err}")


def _manifest_entries(job: "Batch", result: "BatchResult") -> Iterator["NewEntry"]:
    """Every letter the manifest lists, for the log, read one line at a time."""
    from appeals.batch import manifest_letters
    from appeals.log import NewEntry

    for letter in manifest_letters(result.output):
        yield NewEntry(
            case=job.folder.case.id,
            action=letter.action,
            target=letter.target,
            lang=letter.lang,
            format=job.request.output_format,
            letter_date=job.request.today,
            writer=letter.writer,
            hash=letter.hash,
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
    if result.no_embassy:
        shown = "; ".join(f"line {line}: {why}" for line, why in result.no_embassy[:5])
        more = len(result.no_embassy) - 5
        lines.append(
            f"No embassy letter, the others written: {shown}"
            + (f"; and {more} more rows" if more > 0 else "")
        )
    if result.skipped:
        lines.append(f"Already written by an earlier run: {result.skipped}")
    if result.rejected:
        lines.append(
            f"Rejected rows: {result.rejected} (see {result.output / REJECTED} for the reasons)"
        )
    return "\n".join(lines) + "\n"
