"""The targets and the case as plain data (`appeals targets --json`, `case --json`), and how
to send a letter once it is written."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from appeals.choose import embassy_for, stale_warning
from appeals.deadline import deadline_status
from appeals.language import country_name, long_date
from appeals.loading import CaseFolder
from appeals.models import Case, Letter, Phone, Target
from appeals.postal import address_lines


def target_summary(target: Target, today: date) -> dict[str, Any]:
    return {
        "id": target.id,
        "kind": target.kind,
        "serves": target.serves,
        "name": _per_language({lang: text.name for lang, text in target.texts.items()}),
        "title": _per_language({lang: text.title for lang, text in target.texts.items()}),
        "address": address_lines(target.postal.on(today), "en", None),  # as on that day
        "email": target.email,
        "fax": _number(target.fax, target.fax_international()),
        "phone": _number(target.phone, target.phone_international()),
        "social": target.social,
        "source": target.source,
        "checked": target.checked.isoformat(),
        "stale": stale_warning(target, today) is not None,
        "notes": target.notes,
    }


def _per_language(values: dict[str, Any]) -> dict[str, Any]:
    """A value per language the record has; en and ru are always keys (null when missing)."""
    return {"en": None, "ru": None, **values}


def _number(number: Phone | None, international: str | None) -> dict[str, Any] | None:
    if number is None:
        return None
    return {"as_given": number.as_given, "international": international, "note": number.note}


def case_summary(case: Case, today: date) -> dict[str, Any]:
    newest = case.newest().id
    return {
        "id": case.id,
        "person": {
            **_per_language({lang: text.name for lang, text in case.person.texts.items()}),
            "pronouns": case.person.pronouns,
        },
        "party": {
            "en": case.party.en.text,
            "ru": case.party.ru.text if case.party.ru else None,
        }
        if case.party
        else None,
        "charges": [
            {"id": key, "code": c.code, "article": c.article, "en": c.en.name, "ru": c.ru.name}
            for key, c in case.charges.items()
        ],
        "facts": [
            {
                "id": key,
                "date": f.date.isoformat(),
                "precision": f.precision,
                "en": f.en,
                "ru": f.ru,
            }
            for key, f in sorted(case.facts.items(), key=lambda item: item[1].date)
        ],
        "actions": [
            {
                "id": a.id,
                "title": a.title,
                "ua": a.ua,
                "index": a.index,
                "issued": a.issued.isoformat() if a.issued else None,
                "deadline": deadline_status(a.deadline, today).model_dump(mode="json"),
                "languages": a.languages,
                "targets": a.targets,
                "lang": a.lang,
                "asks": _per_language({lang: text.asks for lang, text in a.texts.items()}),
                "closed": a.closed,
                "newest": a.id == newest,
            }
            for a in case.actions.values()
        ],
    }


def sending_summary(
    folder: CaseFolder, letter: Letter, country: str | None, cc: bool = True
) -> list[tuple[str, str]]:
    """How to send a letter, as (label, text) rows: where to, the embassy to copy, the deadline.

    The postal address is the letter's own (in its language); a row's text may hold line breaks.
    """
    target = folder.targets[letter.target]
    rows = [("email to", ", ".join(letter.to) or "(no email address in the records)")]
    if target.kind == "head-of-state" and cc:
        rows.append(("copy to", _copy(folder, country)))
    rows.append(("post to", "\n".join(letter.recipient_address)))
    fax = _fax(target)
    if fax:
        rows.append(("fax", fax))
    rows.append(("deadline", _deadline(letter)))
    return rows


def _copy(folder: CaseFolder, country: str | None) -> str:
    """The embassy a letter to the President is copied to, or why there is none."""
    served = ", ".join(sorted({c for t in folder.targets.values() for c in t.serves}))
    if country is None:
        return f"no embassy: give --country to copy the embassy that serves you ({served})"
    embassy = embassy_for(folder, country)
    if embassy is None:
        return (
            f"no embassy in the records serves {country_name(country, 'en')} ({country}); "
            "send the letter to the President alone"
        )
    emails = ", ".join(embassy.email) or "no email address in the records"
    address = ", ".join(address_lines(embassy.postal, "en", country))
    return f"{embassy.first.title}: {emails}\nby post: {address}"


def _fax(target: Target) -> str | None:
    """The fax in international form. A number the records already give that way is only
    spaced out: checking it again would load the phone data of every region sharing its
    country code (tens of milliseconds on every letter)."""
    fax = target.fax
    if fax is None:
        return None
    if fax.number is not None and fax.number.startswith("+"):
        return " ".join(re.sub(r"[-.()/]", " ", fax.number).split())
    try:
        return target.fax_international()
    except ValueError:
        return fax.as_given


def _deadline(letter: Letter) -> str:
    deadline = letter.deadline
    if deadline.date is None or deadline.days_left is None:
        return "none recorded; check the UA or your local Amnesty office"
    when = long_date(deadline.date, "en")
    days = deadline.days_left
    if days < 0:
        return f"{when}, passed {-days} day{'s' if days != -1 else ''} ago"
    if days == 0:
        return f"{when}: today is the last day"
    return f"{when}, {days} day{'s' if days != 1 else ''} left"
