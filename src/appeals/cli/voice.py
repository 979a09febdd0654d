"""`appeals check` and `appeals post`: a letter in your own words, and a public post."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from appeals.cli.base import (
    ActionOption,
    CaseOption,
    CountryOption,
    LangOption,
    _reported,
    _stderr_line,
    _today,
    _warn,
    app,
    today_option,
)
from appeals.cli.plainwords import lang_value


@app.command()
def check(
    letter: Annotated[
        Path,
        typer.Argument(
            metavar="LETTER",
            help="Your letter: a .txt, .md, .eml or .pdf file (- reads it from standard input).",
        ),
    ],
    action: Annotated[
        str | None,
        typer.Option(
            metavar="ACTION", help="The action it answers; default: the newest.", show_default=False
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            parser=lang_value,
            metavar="LANGUAGE",
            help="English or Russian (en, ru); default: guessed from the letter.",
            show_default=False,
        ),
    ] = None,
    case_dir: CaseOption = None,
) -> None:
    """Check a letter in your own words: the person, every ask, your name and address, length,
    tone and dates.

    Example: appeals check my-letter.txt --action update-3
    """
    from appeals.checking import check_letter, guess_lang, read_letter
    from appeals.choose import choose_action, choose_lang
    from appeals.loading import load_case_folder

    with _reported():
        text = read_letter(letter)
        folder = load_case_folder(case_dir, check_numbers=False)
        chosen = choose_action(folder, action)
        language = choose_lang(lang) if lang else guess_lang(text, list(chosen.texts))
        items = check_letter(text, folder, chosen, language)
    from appeals.languages import english_name

    name = english_name(language)
    lines = [f"Checking {letter} against {chosen.id} ({chosen.ua or folder.case.id}), in {name}:"]
    for item in items:
        mark = "pass" if item.passed else ("FAIL" if item.must else "note")
        lines.append(f"  {mark}  {item.label} — {item.detail}")
    missing = sum(item.failed_must for item in items)
    musts = sum(item.must for item in items)
    lines.append(
        f"{missing} of {musts} must-haves missing." if missing else "Every must-have is there."
    )
    typer.echo("\n".join(lines))
    if missing:
        raise typer.Exit(1)


class Platform(StrEnum):
    x = "x"
    instagram = "instagram"


@app.command()
def post(
    platform: Annotated[
        Platform,
        typer.Option(metavar="PLATFORM", help="Where you post: x (Twitter) or instagram."),
    ],
    target: Annotated[
        str | None,
        typer.Option(
            metavar="TARGET",
            help="Whose account to tag: president, embassy (the one serving your country), "
            "embassy-ottawa or embassy-london; default: the action's first target with an "
            "account there.",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
    country: CountryOption = None,
    action: ActionOption = None,
    today: Annotated[
        date | None, today_option("the deadline is checked against it before the post is written")
    ] = None,
    allow_late: Annotated[
        bool, typer.Option(help="Write the post even though the deadline has passed.")
    ] = False,
    case_dir: CaseOption = None,
) -> None:
    """A short public post that tags the target's account, names the person and makes the ask.

    Example: appeals post --platform x --lang Russian
    """
    from appeals.choose import choose_action, choose_lang, choose_target
    from appeals.deadline import check_deadline
    from appeals.errors import InputError
    from appeals.loading import load_case_folder
    from appeals.posts import compose_post
    from appeals.profile import load_profile

    with _reported():
        day = _today(today)
        profile = load_profile()
        chosen_lang = choose_lang(lang or (profile.lang if profile else None) or "en")
        folder = load_case_folder(case_dir, check_numbers=False)
        chosen_action = choose_action(folder, action, day)
        if chosen_action.closed:
            raise InputError(
                f"{chosen_action.ua or chosen_action.id} is closed: the UA says no further "
                "action is requested, so there is nothing to post"
            )
        country = country or (profile.country if profile else None)
        if target is None:
            named = [folder.targets[t] for t in chosen_action.targets if t in folder.targets]
            having = [t.id for t in named if platform.value in t.social] or [
                t.id for t in folder.targets.values() if platform.value in t.social
            ]
            target = (having or [t.id for t in named] or ["president"])[0]
        chosen_target = choose_target(folder, target, country)
        _, warnings = check_deadline(
            chosen_action, folder.case.newest_fact(chosen_action), day, allow_late=allow_late
        )
        made = compose_post(folder, chosen_action, chosen_target, chosen_lang, platform.value)
    for message in warnings:
        _warn(message)
    typer.echo(made.text)
    _stderr_line("length", f"{made.length} of {made.limit} characters on {made.platform}", "green")
