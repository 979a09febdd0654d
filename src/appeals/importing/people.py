"""The people a UA is about: from its label, its title, or names it repeats."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import cache

from appeals.importing.dates import _month_names
from appeals.importing.document import Line
from appeals.importing.fields import _labelled
from appeals.importing.letter import _paragraphs

_CAPITAL = r"[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ]"
_NAME_WORD = rf"(?:(?:al|el)-)?(?:{_CAPITAL}\.|{_CAPITAL}[\w'’-]*\w)"
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
    "military",
    "intelligence",
    "forces",
    "agency",
    "prison",
    "university",
    "justice",
    "public",
    "prosecution",
    "supreme",
    "investigations",
    "campaign",
    # words a headline puts before a name ("Release Imprisoned Teacher Petar Horvat")
    "release",
    "free",
    "protect",
    "stop",
    "save",
    "imprisoned",
    "detained",
    "jailed",
    "arrested",
    "sentenced",
    "missing",
    "disappeared",
    "teacher",
    "journalist",
    "activist",
    "lawyer",
    "defender",
    "student",
    "doctor",
    "blogger",
    "poet",
    "writer",
    "citizen",
    "prisoner",
    "conscience",
    "dr",
    "sie",
    "ihre",
    "ihr",
    "ihnen",
    "bitte",
    "wir",
    "und",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "only",
    "chinese",
}


def _people(
    lines: list[Line], title: str | None, target_texts: set[str]
) -> tuple[list[str], str | None]:
    """The people the UA is about; `target_texts` are the lines of its target blocks."""
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
    whole = _possessives(" ".join(line.text for line in lines))
    if title:
        tail = re.split(r"[:,]", title)[-1].strip()
        if _PERSON.fullmatch(tail) and not _has_non_name(tail) and whole.count(tail) >= 2:
            return [tail], None
    before_background = []
    for line in lines:
        if re.match(
            r"^(background|additional information|hintergrund\w*|información adicional|"
            r"compl[ée]ment d.information)\b",
            line.text,
            re.IGNORECASE,
        ):
            break
        text = line.text.strip(" ,;")
        if text in target_texts or re.match(_LABELS, text, re.IGNORECASE):
            before_background.append("")  # a target's line or a labelled field: no one's name
            continue
        before_background.append(line.text)
    # a name broken across two lines of a PDF is whole again in its paragraph
    main = [_possessives(p) for p in _paragraphs(before_background).split("\n\n")]
    counts = Counter(
        name
        for text in main
        for match in _PERSON.finditer(text)
        if (name := _trimmed(match.group(0)))
    )
    text = "\n".join(main)
    words = Counter(re.findall(r"[\w'’-]+", text))

    def recurs(name: str, count: int) -> bool:
        # named in full twice, or once in full and again by a first or last name
        parts = name.split()
        return count >= 2 or words[parts[0]] >= 3 or words[parts[-1]] >= 3

    names = [
        name
        for name, count in counts.most_common(60)  # the names a UA repeats most
        if recurs(name, count)
        and not any(name in target or target in name for target in target_texts)
        and not _official(name, text)
    ]
    names = _distinct(sorted(names, key=lambda n: text.find(n)))
    if not names:
        # the person a UA is about often opens its summary: "Alan Johnston was released…"
        for paragraph in [t for t in before_background if t][:15]:
            opening = _PERSON.match(paragraph)
            if (
                opening
                and _trimmed(opening.group(0)) == opening.group(0)
                and re.match(r"\s*(?:,|was|is|has|had|were|remains?)\b", paragraph[opening.end() :])
            ):
                names.append(opening.group(0))
                break
    # keep the order in which the document names them
    return sorted(names, key=text.find)[:6], None


_LABELS = (
    r"^\(?\s*(e-?mail|fax|tel|tél|phone|telephone|twitter|x|instagram|facebook|salutation|"
    r"anrede)\s*:"
)
_BEFORE_TITLE = re.compile(
    r"(?:president|presidente|präsident|minister|ministro|secretary|judge|prosecutor|director|"
    r"governor|ambassador|king|general|mayor|fiscal|senator|deputy)\s+$",
    re.IGNORECASE,
)


def _official(name: str, text: str) -> bool:
    """A name most often written after a title is an official's, not the person at risk."""
    starts = [m.start() for m in re.finditer(re.escape(name), text)]
    titled = sum(1 for start in starts if _BEFORE_TITLE.search(text[max(0, start - 30) : start]))
    return bool(starts) and titled * 2 >= len(starts)


def _trimmed(match: str) -> str | None:
    """A candidate name without the words around it that are no name ("Sie", "President")."""
    words = match.split()
    while words and _has_non_name(words[0]):
        words = words[1:]
    while words and (_has_non_name(words[-1]) or re.fullmatch(_PARTICLE, words[-1])):
        words = words[:-1]
    if any(re.match(r"^(?!Mc|Mac)[A-Z][a-z]+[A-Z]", word) for word in words):
        return None  # "TripAdvisor": a brand, not a name
    name = " ".join(words)
    if len(words) < 2 or _has_non_name(name) or name.isupper():
        return None
    return name


def _distinct(names: list[str]) -> list[str]:
    """One entry per person: 'Martha Grajales' is 'Martha Lía Grajales', named first."""
    kept: list[str] = []
    for name in names:
        words = set(name.lower().split())
        if any(
            words <= set(other.lower().split())
            or set(other.lower().split()) <= words
            or (
                name.split()[0] == other.split()[0]
                and SequenceMatcher(
                    None, name.split()[-1].lower(), other.split()[-1].lower()
                ).ratio()
                >= 0.8
            )
            for other in kept
        ):
            continue
        kept.append(name)
    return kept


def _possessives(text: str) -> str:
    return re.sub(r"(?<=\w)['’]s\b", "", text)


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
