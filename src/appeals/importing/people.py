"""The people a UA is about: from its label, its title, or names it repeats."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from appeals.importing.dates import _month_names
from appeals.importing.document import Line
from appeals.importing.fields import _labelled
from appeals.importing.letter import _paragraphs

_CAPITAL = r"[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ]"
_NAME_WORD = rf"{_CAPITAL}[\w'’.-]*"
_PARTICLE = r"(?:de|da|del|dos|das|du|van|von|der|bin|ibn|al|el|la|le)"
_PERSON = re.compile(rf"\b{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}}\b")
_NOT_NAMES = {
    "amnesty",
    "international",
    "urgent",
    "action",
    "president",
    "minister",
    "government",
    "republic",
    "embassy",
    "street",
    "code",
    "article",
    "criminal",
    "party",
    "democratic",
    "council",
    "dear",
    "yours",
    "your",
    "excellency",
    "his",
    "her",
    "the",
    "secretary",
    "state",
    "security",
    "office",
    "house",
    "national",
    "academia",
    "police",
    "court",
    "ministry",
    "organizations",
    "organisations",
    "indigenous",
    "popular",
    "civic",
    "human",
    "rights",
    "network",
    "graphic",
    "update",
    "additional",
    "information",
    "background",
    "salutation",
    "email",
    "fax",
    "tel",
    "twitter",
    "instagram",
    "facebook",
    "general",
    "mr",
    "ms",
    "mrs",
    "sincerely",
    "download",
    "write",
    "please",
    "and",
    "copy",
    "prosecutor",
    "kingdom",
    "united",
    "nations",
    "movement",
    "centre",
    "center",
    "commission",
    "committee",
    "i",
    "in",
    "on",
    "at",
    "administrative",
    "offences",
    "federation",
    "province",
    "municipality",
    "community",
}


def _people(
    lines: list[Line], title: str | None, target_names: set[str]
) -> tuple[list[str], str | None]:
    labelled = _labelled(
        lines,
        "name and preferred pronoun",
        "name and preferred pronouns",
        "names and preferred pronouns",
        "name and pronoun",
    )
    if labelled:
        pairs = re.findall(r"([^();]+?)\s*\(([^)]*)\)", labelled[0])
        if pairs:
            names = [name.strip(" ,;") for name, _ in pairs]
            pronouns = "; ".join(_pronouns(p) for _, p in pairs)
            return names, pronouns
        return [part.strip() for part in re.split(r";| and ", labelled[0]) if part.strip()], None
    if title:
        tail = re.split(r"[:,]", title)[-1].strip()
        if _PERSON.fullmatch(tail) and not _has_non_name(tail):
            return [tail], None
    before_background = []
    for line in lines:
        if re.match(r"^(background|additional information)\b", line.text, re.IGNORECASE):
            break
        before_background.append(line.text)
    # a name broken across two lines of a PDF is whole again in its paragraph
    main = _paragraphs(before_background).split("\n\n")
    counts = Counter(
        match.group(0)
        for text in main
        for match in _PERSON.finditer(text)
        if not _has_non_name(match.group(0))
    )
    names = [
        name
        for name, count in counts.most_common()
        if count >= 2 and not any(name in target or target in name for target in target_names)
    ]
    # keep the order in which the document names them
    text = "\n".join(main)
    return sorted(names, key=text.find)[:6], None


def _has_non_name(text: str) -> bool:
    words = re.findall(r"[\w'’-]+", text.lower())
    return (
        any(word in _NOT_NAMES for word in words)
        or any(word in _country_words() for word in words)
        or any(word in _month_names() for word in words)
    )


@cache
def _country_words() -> frozenset[str]:
    from babel import Locale

    words: set[str] = set()
    for name in Locale.parse("en").territories.values():
        words.update(re.findall(r"[\w'’-]+", name.lower()))
    return frozenset(words)


def _pronouns(text: str) -> str:
    parts = [p.strip() for p in re.split(r"[,/]", text) if p.strip()]
    return "/".join(parts)
