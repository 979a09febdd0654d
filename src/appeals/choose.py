"""Turn what the user asked for (target, action, language, country) into records of the case."""

from __future__ import annotations

from datetime import date

from appeals.errors import InputError
from appeals.languages import english_name, known
from appeals.loading import CaseFolder
from appeals.models import Action, Lang, Target

EMBASSY = "embassy"  # the embassy that serves the writer's country


class NoEmbassyError(InputError):
    """--target embassy, and no embassy record serves the writer's country."""


STALE_AFTER_DAYS = 365


def later_action_note(folder: CaseFolder, action: Action, today: date) -> list[str]:
    """When the default action is not the case's newest because the newest reports facts from
    after the letter's date, say so, and how to draft the newest anyway."""
    newest = folder.case.newest()
    if action is newest:
        return []
    return [
        f"{newest.id} reports facts from after {today.isoformat()}, the letter's date, so "
        f"{action.id} is used, the newest action by then; --action {newest.id} uses it anyway"
    ]


def choose_action(folder: CaseFolder, action_id: str | None, today: date | None = None) -> Action:
    """The action asked for; without one, the newest (that existed on `today`, when given)."""
    if action_id is None:
        return folder.case.newest(today)
    try:
        return folder.case.actions[action_id]
    except KeyError:
        known = ", ".join(folder.case.actions)
        raise InputError(f"unknown action {action_id!r}; choose one of: {known}") from None


def choose_lang(lang: str) -> Lang:
    """A language the tool can write (a folder under frames/), by code or name (`ru`,
    `Russian`, `русский`, `español`)."""
    from appeals.naturalvalues import parse_lang

    try:
        return parse_lang(lang)
    except ValueError as err:
        raise InputError(f"--lang: {err}") from None


def choose_country(country: str | None) -> str | None:
    """A country by code or name (`GB`, `UK`, `United Kingdom`), as its ISO code."""
    from appeals.naturalvalues import parse_country

    if country is None or not country.strip():
        return None
    try:
        return parse_country(country)
    except ValueError as err:
        raise InputError(f"--country: {err}") from None


def embassy_for(folder: CaseFolder, country: str | None) -> Target | None:
    """The embassy record that serves writers in `country`, if the case has one."""
    if country is None:
        return None
    return next(
        (t for t in folder.targets.values() if t.kind == "embassy" and country in t.serves), None
    )


def choose_target(folder: CaseFolder, name: str, country: str | None) -> Target:
    if name == EMBASSY:
        served = _served_countries(folder)
        if country is None:
            raise InputError(
                f"--target embassy needs --country to pick the embassy that serves you ({served})"
            )
        embassy = embassy_for(folder, country)
        if embassy is None:
            raise NoEmbassyError(
                f"no embassy in targets.yaml serves country {country}; embassies known: {served}"
            )
        return embassy
    try:
        return folder.targets[name]
    except KeyError:
        known = ", ".join([*folder.targets, EMBASSY])
        raise InputError(f"unknown target {name!r}; choose one of: {known}") from None


def stale_warning(target: Target, today: date) -> str | None:
    """A reminder to verify a record that nobody has checked for over a year."""
    age = (today - target.checked).days
    if age <= STALE_AFTER_DAYS:
        return None
    what = {
        "head-of-state": "the name, postal address and email",
        "embassy": "the ambassador's name, the postal address and the emails",
    }.get(
        target.kind,
        f"the name and title of the {target.first.title}, the postal address and the emails",
    )
    return (
        f"targets.yaml: {target.id} was last checked on {target.checked.isoformat()}, "
        f"over {age // 365} year{'s' if age >= 730 else ''} ago; verify {what} before sending"
    )


def _served_countries(folder: CaseFolder) -> str:
    pairs = [
        f"{country} → {t.id}"
        for t in folder.targets.values()
        if t.kind == "embassy"
        for country in t.serves
    ]
    return ", ".join(pairs) or "none"


def default_language(preferred: list[str], worded: list[str]) -> str:
    """The first preferred language the tool can write and the case has wording in; else
    English when the case has English wording; else the language of the case's wording."""
    for code in preferred:
        if code in known() and code in worded:
            return code
    if "en" in worded or not worded:
        return "en"
    return worded[0]


def why_language(lang: str, preferred: list[str], worded: list[str]) -> str:
    """Why `lang` is the default, in a sentence for `appeals draft` to print."""
    name = f"writing in {english_name(lang)} ({lang})"
    listed = ", ".join(english_name(code) for code in preferred)
    writable = [code for code in preferred if code in known()]
    if lang in preferred:
        reason = f"{name}, the first of the UA's preferred languages ({listed}) this case is in"
    elif not preferred:
        reason = f"{name}, the language of the case; the UA names no preferred language"
    elif not writable:
        reason = f"{name}, the language of the case; appeals cannot write the UA's ({listed})"
    else:
        reason = f"{name}, the language of the case; the UA prefers {listed}"
    missing = [code for code in writable if code not in worded and code != lang]
    if missing and (not preferred or preferred.index(missing[0]) < _rank(lang, preferred)):
        first = missing[0]
        reason += (
            f"; for {english_name(first)}, add '{first}:' with the subject and asks in "
            f"{english_name(first)} to the action in case.yaml, then use --lang {first}"
        )
    return reason


def _rank(code: str, preferred: list[str]) -> int:
    return preferred.index(code) if code in preferred else len(preferred)
