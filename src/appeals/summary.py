"""The targets and the case as plain data, for `appeals targets --json` and `case --json`."""

from __future__ import annotations

from datetime import date
from typing import Any

from appeals.choose import stale_warning
from appeals.deadline import deadline_status
from appeals.models import Case, Phone, Target
from appeals.postal import address_lines


def target_summary(target: Target, today: date) -> dict[str, Any]:
    return {
        "id": target.id,
        "kind": target.kind,
        "serves": target.serves,
        "name": _per_language({lang: text.name for lang, text in target.texts.items()}),
        "title": _per_language({lang: text.title for lang, text in target.texts.items()}),
        "address": address_lines(target.postal, "en", None),
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
