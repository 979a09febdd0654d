"""Turn what the user asked for (target, action, language, country) into records of the case."""

from __future__ import annotations

from datetime import date

from appeals.errors import InputError
from appeals.loading import CaseFolder
from appeals.models import Action, Lang, Target

EMBASSY = "embassy"  # the embassy that serves the writer's country


class NoEmbassyError(InputError):
    """--target embassy, and no embassy record serves the writer's country."""


STALE_AFTER_DAYS = 365


def choose_action(folder: CaseFolder, action_id: str | None) -> Action:
    if action_id is None:
        return folder.case.newest()
    try:
        return folder.case.actions[action_id]
    except KeyError:
        known = ", ".join(folder.case.actions)
        raise InputError(f"unknown action {action_id!r}; choose one of: {known}") from None


def choose_lang(lang: str) -> Lang:
    """A letter language by code or name (`ru`, `Russian`, `русский`)."""
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
        f"the name and title of the {target.en.title}, the postal address and the emails",
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
