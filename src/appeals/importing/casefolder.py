"""A case folder (targets.yaml, case.yaml, the model letter) from an import."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from appeals.choose import default_language
from appeals.importing.letter import _CLOSING, _GREETING
from appeals.importing.places import city_of, country_of_line, split_country, with_post_town
from appeals.importing.result import ImportedTarget, ImportedUA
from appeals.models import _CONTROL, _PHONE_SHAPE
from appeals.postal import INCOMPLETE_ADDRESS


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
        target_id, record = _target_record(target, ua, source, today, ids, lang)
        ids.append(target_id)
        targets[target_id] = record
    action_id = f"update-{ua.update}" if ua.update else ("update" if ua.is_update else "original")
    people = _person(ua.person_names, lang)
    checks = {"checks": _checks(ua.asks, ua.model_letter, lang)} if ua.model_letter else {}
    person = people[lang]["name"]
    case = {
        "id": _slug(ua.ua_number or ua.title or "imported-ua"),
        "person": {"pronouns": ua.pronouns, **people},
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
                    "subject": " ".join(_CONTROL.sub(" ", ua.title or person).split())[:150],
                    "summary": ua.summary,
                    "asks": ua.asks,
                    **checks,
                    "post": _post(ua, person),
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


_HEAD_OF_STATE = re.compile(
    r"^(?:the\s+)?(?:president|präsident|presidente|président|king|queen|emir|sultan|"
    r"supreme leader|religionsführer)\b(?!.*\b(?:court|tribunal|assembly|senate|council|"
    r"commission|chamber|parliament)\b)",
    re.IGNORECASE,
)


def _target_record(
    target: ImportedTarget,
    ua: ImportedUA,
    source: str,
    today: date,
    taken: list[str],
    lang: str,
) -> tuple[str, dict[str, Any]]:
    """A targets.yaml record and its id, which says what the target is."""
    name = target.name or target.title or ""
    lines, country = split_country(target.address_lines)
    lines, has_town = with_post_town(lines, country)
    text = " ".join([name, target.title or "", *target.address_lines])
    kind = "official"
    envoy = r"\b(ambassador|botschafter\w*|ambassadeur|embajador\w*|charg[ée] d.affaires)\b"
    mission = r"^(?:the\s+)?(?:\w+\s+)?(embassy|botschaft|ambassade|embajada|permanent mission)\b"
    if (
        re.search(envoy, f"{name} {target.title or ''} {target.salutation or ''}", re.I)
        or re.search(mission, name, re.I)
        or (target.address_lines and re.search(mission, target.address_lines[0], re.I))
        or (
            target.role == "copy"
            and re.search(r"\b(embassy|mission|botschaft|ambassade|embajada)\b", text, re.I)
        )
    ):
        kind = "embassy"
    elif _HEAD_OF_STATE.search(target.title or ""):
        kind = "head-of-state"
    target_id = _unique(_target_id(target, kind, lines, country), taken)
    record: dict[str, Any] = {"kind": kind}
    if kind == "embassy" and country:
        record["serves"] = [country]  # an embassy serves the writers of the country it is in
    record[lang] = _greeting(kind, name, target.title, target.salutation, lang)
    postal: dict[str, Any] = {"lines": lines or ["(no postal address in the UA)"]}
    if country:
        postal["country"] = country
    record["postal"] = postal
    record["email"] = target.email
    notes: list[str] = []
    if not has_town:
        notes.append(
            f"{INCOMPLETE_ADDRESS}: it ends on a postcode with no town; add the town "
            "from the UA or the office's own site to postal.lines"
        )
    elif lines and country is None and city_of(lines) is None:
        notes.append(
            f"{INCOMPLETE_ADDRESS}: it names no town or country the import could find; add "
            "what is missing from the UA or the office's own site to postal.lines"
        )
    for key, number in (("fax", target.fax), ("phone", target.phone)):
        if number:
            value, note = _number(number, country)
            if value is not None:
                record[key] = value
            if note:
                notes.append(note)
    record["social"] = target.social
    record["source"] = f"{source} ({target.role} target)"
    # the UA's own date: a record goes stale a year after the UA, as it should
    record["checked"] = (ua.published or today).isoformat()
    if notes:
        record["notes"] = notes
    return target_id, record


def _number(number: str, country: str | None) -> tuple[Any, str | None]:
    """A phone or fax number for targets.yaml, kept as the UA prints it."""
    import phonenumbers

    given = " ".join(number.replace("–", "-").replace("—", "-").split())
    if not _PHONE_SHAPE.fullmatch(given):
        return None, f"The UA gives the number {number!r}, which does not look like one."
    try:
        valid = phonenumbers.is_valid_number(phonenumbers.parse(given, country))
    except phonenumbers.NumberParseException:
        valid = False
    if valid:
        return given, None
    where = f" for {country}" if country else ""
    return {
        "as_given": given,
        "unverified": True,
        "note": f"Kept as the UA prints it: not a valid number{where}; add 'number:' with the "
        "corrected international form.",
    }, None


_HONORIFIC_WORDS = re.compile(
    r"^(?:(?:his|her|their)\s+(?:excellency|majesty|highness)|h\.?\s?e\.?|s\.\s?e\.|"
    r"mr|mrs|ms|dr|herrn?|frau|sr|sra|señor|señora|m\.|mme|ayatollah|sheikh|hon)\.?\s+",
    re.IGNORECASE,
)
_OF_PLACE = re.compile(r"\s+(?:of|de|du|des|der)\s+(?:the\s+|la\s+|l'\s*)?([A-ZÀ-Þ].*)$")


def _target_id(
    target: ImportedTarget, kind: str, lines: list[str], country: str | None = None
) -> str:
    """'president', 'minister-of-justice', 'embassy-washington'; never an honorific."""
    if kind == "embassy":
        city = city_of(lines) or (country.lower() if country else None)
        # never a bare "embassy": that name means "the embassy serving the writer's country"
        return f"embassy-{_slug(city)}" if city else "embassy-copy"
    title = target.title or ""
    if kind == "head-of-state":
        first = _slug(title.split()[0]) if title else "president"
        return "president" if first.startswith(("presid", "prasid")) else first
    if title and not title.isupper():
        # "Minister of Justice" keeps its office; "President of the Republic of X" loses X
        place = _OF_PLACE.search(title)
        state = place and (
            country_of_line(place[1])
            or re.search(r"rep[uú]bli|kingdom|reino|federa", place[1], re.I)
        )
        kept = title[: place.start()] if place and state else title
        words = re.findall(r"[\w'’-]+", kept)
        if words:
            return _slug(" ".join(words[:4]))
    name = target.name or title or target.role
    while _HONORIFIC_WORDS.match(name):
        name = _HONORIFIC_WORDS.sub("", name, count=1)
    return _slug(name)


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
    # the UA's text is data: each paragraph a string literal, never template source, so a
    # "{{ … }}" or "{% endraw %}" in a UA is printed as written
    head = "{#- The UA's model letter, imported by `appeals import`. -#}\n"
    before = "".join(f"{{{{ {_literal(p)} }}}}\n\n" for p in body)
    return f"{head}{before}{{{{ personal }}}}\n\n{{{{ {_literal(last)} }}}}\n"


_COMMON = {"their", "there", "which", "would", "should", "these", "those", "about", "while"}


def _checks(asks: list[str], letter: str, lang: str = "en") -> list[list[list[str]]]:
    """For `appeals check`: per ask, up to three of its words that the model letter also uses
    (compared by stem, as the checker compares them), so the UA's own letter passes and a letter
    that leaves the ask out does not."""
    from appeals.words import stem

    in_letter = {stem(w, lang) for w in re.findall(r"[^\W\d_]{5,}", letter)}
    checks: list[list[list[str]]] = []
    for ask in asks:
        found = [w for w in re.findall(r"[^\W\d_]{5,}", ask) if w.lower() not in _COMMON]
        shared = list(dict.fromkeys(w.lower() for w in found if stem(w, lang) in in_letter))[:3]
        checks.append([[word] for word in (shared or [w.lower() for w in found[:1]])])
    return checks


def _post(ua: ImportedUA, person: str) -> str:
    """A short public post: the target's handle, the UA, the person and the first ask."""
    about = f"Urgent Action {ua.ua_number}" if ua.ua_number else "an Amnesty Urgent Action"
    text = f"{{handle}} Please act for {person}, the subject of {about}."
    if ua.asks:
        ask = " ".join(ua.asks[0].split()).rstrip(".;")
        room = 250 - len(text)
        if len(ask) > room:
            ask = ask[: max(room - 1, 0)].rsplit(" ", 1)[0] + "…"
        if len(ask) > 20:
            text += f" {ask[0].upper()}{ask[1:]}."
    return text


def _literal(text: str) -> str:
    """`text` as a Jinja string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
    if salutation and role == "official" and not title and _bare_title(salutation, name):
        # "Dear Director" to a target whose record holds no title or role: the frame's neutral
        # formal salutation rather than a title the letter's addressee block does not show
        salutation = None
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


# the words of a salutation that greet rather than name a title: "Dear", "Sehr geehrter Herr"
_GREETING_WORDS = frozenset(
    [
        "dear",
        "my",
        "your",
        "his",
        "her",
        "excellency",
        "sir",
        "madam",
        "mr",
        "mrs",
        "ms",
        "miss",
        "sehr",
        "geehrte",
        "geehrter",
        "geehrtes",
        "herr",
        "frau",
        "exzellenz",
        "estimado",
        "estimada",
        "estimados",
        "distinguido",
        "distinguida",
        "señor",
        "señora",
        "sr",
        "sra",
        "monsieur",
        "madame",
        "mesdames",
        "messieurs",
        "le",
        "la",
        "cher",
        "chère",
        "уважаемый",
        "уважаемая",
        "уважаемые",
        "господин",
        "госпожа",
        "господа",
    ]
)


def _bare_title(salutation: str, name: str) -> bool:
    """Whether the UA's salutation greets by a title alone ("Dear Director"), naming no one."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", salutation)]
    named = {w.lower() for w in re.findall(r"[^\W\d_]+", name)}
    rest = [w for w in words if w not in _GREETING_WORDS]
    return bool(rest) and not any(w in named for w in rest)


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
        if len(names) > 1:
            # each person of a UA about several, so `check` finds a letter naming one in full
            person[code]["forms"] = {f"each-{i}": n for i, n in enumerate(names, start=1)}
    return person


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    plain = plain.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:40].strip("-") or "target"


def _unique(slug: str, taken: list[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate
