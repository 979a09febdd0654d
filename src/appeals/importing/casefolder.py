"""A case folder (targets.yaml, case.yaml, the model letter) from an import."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from appeals.importing.letter import _CLOSING, _GREETING
from appeals.importing.result import ImportedUA

_BUILT_LETTER = """\
{#- Built by `appeals import` from the asks of the UA, which had no model letter. -#}
I am writing to you about {{ person.name }}{% if action.ua %}, on whose behalf Amnesty \
International has issued Urgent Action {{ action.ua }}{% endif %}.

{{ personal }}

I respectfully urge you to {{ asks | join_and }}.

Thank you for your attention to this appeal.
"""


def case_files(ua: ImportedUA, source: str, today: date) -> dict[str, str]:
    """targets.yaml, case.yaml and the model letter of a case folder, as text."""
    import yaml

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
            "en": {
                "name": name,
                "title": target.title or "",
                "addressee": [line for line in (name, target.title) if line],
                "salutation": _salutation(target.salutation),
                "closing": "Yours sincerely,",
            },
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
    from appeals.language import join_and

    person = join_and(ua.person_names, "en") if ua.person_names else "the people this UA names"
    case = {
        "id": _slug(ua.ua_number or ua.title or "imported-ua"),
        "person": {"pronouns": ua.pronouns, "en": {"name": person, "short": person}},
        "actions": {
            action_id: {
                "title": ua.title or "Urgent Action",
                "ua": ua.ua_number,
                "index": ua.index_number,
                "issued": ua.published.isoformat() if ua.published else None,
                "deadline": ua.deadline.isoformat() if ua.deadline else None,
                "languages": ua.preferred_languages or None,
                "targets": [i for i, t in zip(ids, ua.targets, strict=True) if t.role == "primary"]
                or ids,
                "source": source,
                "closed": ua.closed,
                "en": {"subject": (ua.title or person)[:150], "asks": ua.asks},
            }
        },
    }
    header = f"# Imported by `appeals import` from {source}; check every value against it.\n"
    return {
        "targets.yaml": header
        + yaml.safe_dump({"targets": targets}, allow_unicode=True, sort_keys=False, width=100),
        "case.yaml": header + yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=100),
        f"letters/en/{action_id}.j2": _letter_template(ua),
    }


def _letter_template(ua: ImportedUA) -> str:
    if not ua.model_letter:
        return _BUILT_LETTER
    paragraphs = ua.model_letter.split("\n\n")
    # the greeting and the closing come from targets.yaml; the letter keeps its body
    if paragraphs and _GREETING.match(paragraphs[0]):
        paragraphs = paragraphs[1:]
    if paragraphs and _CLOSING.match(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
    if not paragraphs:
        return _BUILT_LETTER
    *body, last = paragraphs
    head = "{#- The UA's model letter, imported by `appeals import`. -#}\n"
    before = _verbatim("\n\n".join(body)) + "\n\n" if body else ""
    return f"{head}{before}{{{{ personal }}}}\n\n{_verbatim(last)}\n"


def _verbatim(text: str) -> str:
    """The document's text as template text that is never run as template code: in a raw
    block, where only `{%` could end the block (`{% endraw %}{{ 6*7 }}`), so each `{%` is
    printed from outside it as a string."""
    inside = text.replace("{%", "{% endraw %}{{ '{%' }}{% raw %}")
    return f"{{% raw %}}{inside}{{% endraw %}}"


def _salutation(text: str | None) -> str:
    if not text:
        return "Dear Sir or Madam,"
    first = re.split(r"\s*/\s*", text)[0].strip()
    return first if first.endswith((",", "!", ":")) else f"{first},"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-") or "target"


def _unique(slug: str, taken: list[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate
