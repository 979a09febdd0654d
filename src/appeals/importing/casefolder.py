"""A case folder (targets.yaml, case.yaml, the model letter) from an import."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from appeals.choose import default_language
from appeals.importing.letter import _CLOSING, _GREETING
from appeals.importing.result import ImportedUA


def case_files(ua: ImportedUA, source: str, today: date) -> dict[str, str]:
    """targets.yaml, case.yaml and the UA's model letter (if it has one) of a case folder.

    Everything worded (target greetings, the person's name, subject, summary and asks) is kept
    under the document's language (`es:` for a Spanish UA); a letter in another language takes
    the greeting for each target's role from that language's frame. Without a model letter
    no letter file is written: `appeals draft` composes one from the frame (frames/<lang>/).
    """
    import yaml

    lang = ua.language or "en"

    ids: list[str] = []
    targets: dict[str, Any] = {}
    for target in ua.targets:
        target_id = _unique(_slug(target.title or target.name or target.role), ids)
        ids.append(target_id)
        name = target.name or target.title or ""
        kind = "official"
        if re.search(r"\bpresident\b", target.title or "", re.IGNORECASE):
            kind = "head-of-state"
        elif re.search(r"\b(embassy|ambassador)\b", " ".join([name, *target.address_lines]), re.I):
            kind = "embassy"
        record: dict[str, Any] = {
            "kind": kind,
            lang: _greeting(kind, name, target.title, target.salutation, lang),
            "postal": {"lines": target.address_lines or ["(no postal address in the UA)"]},
            "email": target.email,
            "social": target.social,
            "source": f"{source} ({target.role} target)",
            "checked": (ua.published or today).isoformat(),
        }
        if target.fax:
            record["fax"] = target.fax
        if target.phone:
            record["phone"] = target.phone
        targets[target_id] = record
    action_id = f"update-{ua.update}" if ua.update else ("update" if ua.is_update else "original")
    case = {
        "id": _slug(ua.ua_number or ua.title or "imported-ua"),
        "person": {"pronouns": ua.pronouns, **_person(ua.person_names, lang)},
        "actions": {
            action_id: {
                "title": ua.title or "Urgent Action",
                "ua": ua.ua_number,
                "index": ua.index_number,
                "issued": ua.published.isoformat() if ua.published else None,
                "deadline": ua.deadline.isoformat() if ua.deadline else None,
                "languages": ua.preferred_languages or None,
                # the language letters are drafted in without --lang (see `appeals draft`)
                "lang": default_language(ua.preferred_languages, [lang]),
                "targets": [i for i, t in zip(ids, ua.targets, strict=True) if t.role == "primary"]
                or ids,
                "source": source,
                "closed": ua.closed,
                lang: {
                    "subject": (ua.title or _person(ua.person_names, lang)[lang]["name"])[:150],
                    "summary": ua.summary,
                    "asks": ua.asks,
                },
            }
        },
    }
    header = f"# Imported by `appeals import` from {source}; check every value against it.\n"
    files = {
        "targets.yaml": header
        + yaml.safe_dump({"targets": targets}, allow_unicode=True, sort_keys=False, width=100),
        "case.yaml": header + yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=100),
    }
    letter = _letter_template(ua)
    if letter is not None:
        files[f"letters/{lang}/{action_id}.j2"] = letter
    return files


def _letter_template(ua: ImportedUA) -> str | None:
    """The UA's model letter as the case's letter, with the writer's own sentence before its
    last paragraph; None when the UA has none (the language's frame composes the letter)."""
    if not ua.model_letter:
        return None
    paragraphs = ua.model_letter.split("\n\n")
    # the greeting and the closing come from targets.yaml; the letter keeps its body
    if paragraphs and _GREETING.match(paragraphs[0]):
        paragraphs = paragraphs[1:]
    if paragraphs and _CLOSING.match(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
    if not paragraphs:
        return None
    *body, last = paragraphs
    head = "{#- The UA's model letter, imported by `appeals import`. -#}\n"
    before = "".join(f"{_literal(paragraph)}\n\n" for paragraph in body)
    return f"{head}{before}{{{{ personal }}}}\n\n{_literal(last)}\n"


def _literal(text: str) -> str:
    """Document text that renders as itself: every '{' that could open a Jinja tag ('{{', '{%',
    '{#') is written as an expression printing '{', so a UA is never run as template code."""
    return re.sub(r"\{(?=[{%#])", "{{ '{' }}", text)


def _greeting(
    kind: str, name: str, title: str | None, salutation: str | None, lang: str
) -> dict[str, Any]:
    """A target's wording in the document's language: the UA's salutation when it gives one,
    else the one the language's frame gives the target's role; the closing to match."""
    from appeals.languages import language
    from appeals.wording import closing_for, gender_for, role_for

    role = role_for(kind, " ".join([title or "", name]))
    gender = gender_for(" ".join([name, title or "", salutation or ""]))
    words = language(lang)
    if salutation:
        # "Your Excellency / Exzellenz": the form in the letter's language, with its punctuation
        forms = [form.strip() for form in re.split(r"\s*/\s*", salutation) if form.strip()]
        english = re.compile(r"\b(dear|your|excellency|sir|madam|mr|mrs|ms)\b", re.IGNORECASE)
        if lang != "en":
            forms = [form for form in forms if not english.search(form)] or forms
        greeting = forms[0].rstrip(",:!")
        mark = words.salutations["official"].m[-1]
        greeting += mark if mark in ",:!" else ","
    else:
        greeting = words.salutations[role].pick(gender)
    return {
        "name": name,
        "title": title or "",
        "addressee": [line for line in (name, title) if line],
        "salutation": greeting,
        "closing": closing_for(words, role, gender, greeting),
    }


def _person(names: list[str], lang: str) -> dict[str, Any]:
    """The person's name in every language the tool writes with the document's alphabet (a name
    reads the same in an English, a Spanish or a German letter), joined with that language's
    "and" when the UA names several people."""
    from appeals.language import join_and
    from appeals.languages import known, language

    script = language(lang).script
    person: dict[str, Any] = {}
    for code in sorted(known(), key=lambda c: c != lang):  # the document's language first
        if language(code).script != script:
            continue
        text = join_and(names, code) if names else language(code).unnamed
        person[code] = {"name": text, "short": text}
    return person


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-") or "target"


def _unique(slug: str, taken: list[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate
