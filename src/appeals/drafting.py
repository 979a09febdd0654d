"""The whole drafting job, from what the user typed to a composed Letter and its warnings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from appeals.choose import (
    NoEmbassyError,
    choose_action,
    choose_country,
    choose_lang,
    choose_target,
    later_action_note,
    stale_warning,
    why_language,
)
from appeals.compose import Draft, compose_letter
from appeals.deadline import check_deadline
from appeals.errors import InputError
from appeals.languages import known
from appeals.loading import CaseFolder, load_case_folder
from appeals.models import Action, Letter, Writer
from appeals.profile import load_profile


@dataclass(frozen=True)
class DraftRequest:
    today: date
    target: str | None = None  # None: the action's first target
    lang: str | None = None  # None: the action's language (set by import), the profile's, or en
    action: str | None = None
    allow_late: bool = False
    case_dir: Path | None = None
    name: str | None = None
    address: list[str] = field(default_factory=list)
    city: str | None = None
    region: str | None = None
    postcode: str | None = None
    country: str | None = None
    email: str | None = None
    personal: str | None = None
    cc: bool = True
    variant: int | None = None  # None: chosen from the writer's name, the target and the action


# the writer's own details: a profile's are not put under another writer's name
_PERSONAL = ("address", "city", "region", "postcode", "email")
# shared settings a profile gives whoever writes with it
_SETTINGS = ("country", "lang")


@dataclass(frozen=True)
class ProfileUse:
    """What the saved profile gave a draft, for the user to be told."""

    path: Path
    used: list[str]  # fields taken from the profile
    owner: str | None = None  # the profile's name, when --name named someone else
    withheld: list[str] = field(default_factory=list)  # its details not used for them


def with_profile(request: DraftRequest) -> tuple[DraftRequest, ProfileUse | None]:
    """Fill what the command line left out from the saved writer profile, if there is one.

    The profile is one person's: when --name names someone else, that person's address and
    email are not taken from it; only the shared settings (country, language) are.
    """
    from appeals.profile import profile_path

    profile = load_profile()
    if profile is None:
        return request, None
    someone_else = (
        request.name is not None
        and profile.name is not None
        and " ".join(request.name.split()) != profile.name
    )
    fields = _SETTINGS if someone_else else ("name", *_PERSONAL, *_SETTINGS)
    changes: dict[str, object] = {}
    for name in fields:
        mine, saved = getattr(request, name), getattr(profile, name)
        if (mine is None or mine == []) and saved not in (None, []):
            changes[name] = list(saved) if isinstance(saved, list) else saved
    withheld = [
        name
        for name in _PERSONAL
        if someone_else and getattr(profile, name) not in (None, []) and not getattr(request, name)
    ]
    use = ProfileUse(
        path=profile_path(),
        used=list(changes),
        owner=profile.name if someone_else else None,
        withheld=withheld,
    )
    return replace(request, **changes), use  # type: ignore[arg-type]


def draft_letter(request: DraftRequest) -> Draft:
    """Check everything, then compose; the deadline gate runs before any letter exists."""
    return draft_with_profile(request)[0]


def draft_with_profile(request: DraftRequest) -> tuple[Draft, DraftRequest, ProfileUse | None]:
    """The draft, the request as the saved profile filled it, and what the profile gave."""
    explicit = request.lang  # --lang itself, before the profile's language fills it
    request, use = with_profile(request)
    try:
        return _draft(request, explicit), request, use
    except NoEmbassyError as err:
        if use is None or "country" not in use.used:
            raise
        raise NoEmbassyError(
            f"{err} (the country {request.country} is your profile's, in {use.path}; "
            "give --country to choose another)"
        ) from None


def _draft(request: DraftRequest, explicit: str | None) -> Draft:
    country = choose_country(request.country)
    folder = load_case_folder(request.case_dir, check_numbers=False)
    action = choose_action(folder, request.action, request.today)
    lang, language_note = _language(explicit, request.lang, action)
    if action.closed:
        raise InputError(
            f"{action.ua or action.id} is closed: the UA says no further action is requested, "
            "so there is no letter to send"
        )
    target = choose_target(folder, request.target or _first_target(folder, action), country)
    deadline, warnings = check_deadline(
        action, folder.case.newest_fact(action), request.today, allow_late=request.allow_late
    )
    if request.action is None:
        warnings += later_action_note(folder, action, request.today)
    stale = stale_warning(target, request.today)
    writer = make_writer(request, country)
    drafted = compose_letter(
        folder,
        action=action,
        target=target,
        lang=lang,
        writer=writer,
        personal=request.personal,
        today=request.today,
        deadline=deadline,
        cc=request.cc,
        variant=request.variant,
    )
    return Draft(
        drafted.letter,
        [*warnings, *([stale] if stale else []), *drafted.warnings],
        folder,
        language_note,
    )


def _language(explicit: str | None, profile: str | None, action: Action) -> tuple[str, str | None]:
    """--lang; else the language the case sets for the action (an imported UA's preferred one),
    said with the reason; else the writer's profile; else English."""
    if explicit is not None:
        return choose_lang(explicit), None
    if action.lang is not None:
        lang = choose_lang(action.lang)
        reason = why_language(lang, list(action.languages or []), list(action.texts))
        others = [code for code in action.texts if code != lang and code in known()]
        if others:
            return lang, f"{reason}; also worded in {', '.join(others)} (--lang)"
        return lang, reason
    return choose_lang(profile or "en"), None


def checklist_warnings(folder: CaseFolder, letter: Letter) -> list[str]:
    """The `appeals check` items a drafted letter misses (a missing signature is warned of
    already, when the letter was composed)."""
    from appeals.checking import SIGNED, check_letter
    from appeals.export.text import letter_text

    items = check_letter(
        letter_text(letter), folder, folder.case.actions[letter.action], letter.lang
    )
    return [
        f"check: {item.label}: {item.detail}"
        for item in items
        if item.failed_must and item.label != SIGNED
    ]


def _first_target(folder: CaseFolder, action: Action) -> str:
    if action.targets:
        return action.targets[0]
    if folder.targets:
        return next(iter(folder.targets))
    raise InputError(f"{action.ua or action.id} names no target to write to")


def make_writer(request: DraftRequest, country: str | None) -> Writer:
    for option in ("name", "city", "postcode", "email"):
        value = getattr(request, option)
        if value is not None and not value.strip():
            raise InputError(f"--{option}: is empty; write it out, or leave the option out")
    try:
        return Writer(
            name=request.name,
            address=request.address,
            city=request.city,
            region=request.region,
            postcode=request.postcode,
            country=country,
            email=request.email,
        )
    except ValidationError as err:
        first = err.errors()[0]
        option = f"--{first['loc'][0]}" if first["loc"] else "writer"
        raise InputError(f"{option}: {first['msg'].removeprefix('Value error, ')}") from None
