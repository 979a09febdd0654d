"""Read an Urgent Action as people receive it (the international template, a section's web page,
Markdown, plain text or PDF) and extract its fields by their structure: labels, cue lines such as
"Write to:" or "And copy:", contact lines, bullet lists of asks. Nothing is guessed: a field the
document does not state stays empty and is listed in `not_found`.
"""

from __future__ import annotations

import re
from datetime import date

from appeals.importing.casefolder import case_files
from appeals.importing.dates import find_date
from appeals.importing.document import Line, clean_lines, read_document
from appeals.importing.fields import (
    _CLOSED,
    _deadline,
    _index_number,
    _labelled,
    _languages,
    _previous_ua,
    _title,
    _ua_number,
)
from appeals.importing.language import (
    document_language,
    summary_of,
)
from appeals.importing.letter import _asks, _model_letter
from appeals.importing.people import _people
from appeals.importing.result import ImportedTarget, ImportedUA
from appeals.importing.targets import _EMAIL, _targets


def parse_ua(text: str) -> ImportedUA:
    lines = clean_lines(text)
    ua = ImportedUA()
    ua.title = _title(lines)
    ua.ua_number, ua.update, ua.is_update = _ua_number(lines)
    ua.index_number = _index_number(lines)
    ua.published = _published(lines)
    ua.deadline = _deadline(lines)
    ua.preferred_languages = _languages(lines)
    ua.previous_ua = _previous_ua(lines)
    ua.closed = bool(_CLOSED.search(text))
    ua.model_letter = _model_letter(lines)
    greeting = ua.model_letter.split("\n\n", 1)[0] if ua.model_letter else None
    if ua.closed and not _has_contacts(lines):
        ua.targets = []
    else:
        ua.targets = _targets(lines, greeting)
    blocks = {
        text
        for t in ua.targets
        for text in (t.name, t.title, *t.address_lines, t.salutation)
        if text
    }
    ua.person_names, ua.pronouns = _people(lines, ua.title, blocks)
    ua.asks = _complete_asks(_asks(lines, ua.model_letter, _summary(lines, greeting)), text)
    ua.language = document_language(text)
    ua.summary = summary_of(lines, ua.title)
    return ua


# words no complete request ends on: where the last ask does, the document was cut off mid-word
_FRAGMENT_ENDS = frozenset(
    {"a", "an", "the", "to", "of", "and", "or", "for", "in", "on", "with", "by", "at", "as"}
    | {"de", "la", "le", "el", "y", "et", "und", "der", "die", "das", "zu"}
)


def _complete_asks(asks: list[str], text: str) -> list[str]:
    """The asks without one the document's end cut off: a copy of a UA that stops mid-word
    ("… journalistic work an", "… bis zu seiner Freilassung v") keeps what is whole. A request
    that is a clause loses the broken word; a sentence that lost its end is left out."""
    if not asks or re.search(r"[.!?;:)»”\"']\s*$", asks[-1]):
        return asks
    *whole, last = asks
    words = last.split()
    if not text.rstrip().endswith(words[-1]):
        return asks  # not where the document stops
    if len(words) < 4 or not (len(words[-1]) <= 2 or words[-1].lower() in _FRAGMENT_ENDS):
        return asks
    if last[0].isupper():
        return whole
    return [*whole, " ".join(words[:-1])]


_SUMMARY_ENDS = re.compile(
    r"^(background|additional information|información adicional|hintergrund|"
    r"compl[ée]ment d.information|sample letter|model letter)\b",
    re.IGNORECASE,
)


def _summary(lines: list[Line], greeting: str | None) -> list[str]:
    """The prose of the UA before its model letter and its background."""
    texts: list[str] = []
    for line in lines:
        if _SUMMARY_ENDS.match(line.text) or (greeting and line.text == greeting):
            break
        if len(line.text.split()) >= 6 and not line.bullet:
            texts.append(line.text[:2000])
        if len(texts) >= 30:  # a summary is a few paragraphs; never the whole of a huge file
            break
    return texts


def _published(lines: list[Line]) -> date | None:
    """The UA's own date: labelled, or a line near the top that is only a date."""
    labels = ("publication date", "date published", "published", "date", "fecha", "datum")
    published = _labelled(lines, *labels)
    found = find_date(published[0]) if published else None
    if found:
        return found[0]
    for line in lines[:40]:
        inline = re.search(r"\b(?:date|fecha|datum)\s*:\s*(.{6,30})", line.text, re.IGNORECASE)
        found = find_date(inline[1]) if inline else None
        if found and found[1] == 0:
            return found[0]
        alone = find_date(line.text) if len(line.text) <= 40 else None
        if alone and alone[1] <= 5:
            return alone[0]
    return None


def _has_contacts(lines: list[Line]) -> bool:
    return any(_EMAIL.search(line.text) for line in lines)


__all__ = [
    "ImportedTarget",
    "ImportedUA",
    "case_files",
    "find_date",
    "parse_ua",
    "read_document",
]
