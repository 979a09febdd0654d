"""The UA's labelled fields: title, number, index, deadline, languages, links."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from appeals.importing.dates import find_date
from appeals.importing.document import Line

_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z' ’“”&/()-]{2,80}?)\s*[:：]\s*(?P<value>.*)$")


def _labelled(lines: list[Line], *labels: str) -> tuple[str, int] | None:
    """The value after 'LABEL:' (or on the next line when empty) for the first label found."""
    for index, line in enumerate(lines):
        match = _LABEL.match(line.text)
        if not match:
            continue
        label = match["label"].strip().lower()
        if any(label == wanted or label.startswith(wanted) for wanted in labels):
            value = match["value"].strip()
            if not value:
                value = next((ln.text for ln in lines[index + 1 : index + 4] if ln.text), "")
            return value, index
    return None


_ORDINALS = {
    "primera": 1,
    "segunda": 2,
    "tercera": 3,
    "cuarta": 4,
    "quinta": 5,
    "sexta": 6,
    "séptima": 7,
    "octava": 8,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "6th": 6,
    "7th": 7,
    "8th": 8,
    "9th": 9,
    "10th": 10,
}
_UA = re.compile(
    r"\b(?:(?P<ord>[A-Za-z0-9]+)\s+)?(?:UA|AU|Urgent\s+Action|Acci[óo]n\s+Urgente|"
    r"Action\s+urgente|Eilaktion|Срочн\w*\s+акци\w*)\s*(?:No\.?|Number|#|n[°º]\.?)?\s*:?\s*"
    r"0*(?P<n>\d{1,3})\s*[/.]\s*(?P<y>\d{4}|\d{2})\b",
    re.IGNORECASE,
)


def _ua_number(lines: list[Line]) -> tuple[str | None, int | None, bool]:
    labelled = _labelled(lines, "urgent action type and number", "ua number", "ua no", "ua")
    candidates = ([labelled[0]] if labelled else []) + [line.text for line in lines]
    for text in candidates:
        match = _UA.search(text)
        if match is None and labelled and text == labelled[0]:
            bare = re.search(r"0*(\d{1,3})\s*[/.]\s*(\d{4}|\d{2})\b", text)
            if bare:
                return f"UA {int(bare[1])}/{bare[2][-2:]}", _ordinal(text), "update" in text.lower()
            continue
        if match:
            number = f"UA {int(match['n'])}/{match['y'][-2:]}"
            ordinal = _ORDINALS.get((match["ord"] or "").lower())
            update = ordinal is not None or bool(
                re.search(r"\bupdate\b|further information", text, re.I)
            )
            if ordinal is None:
                ordinal = _document_ordinal(lines)
            return number, ordinal, update or ordinal is not None or _says_update(lines)
    return None, _document_ordinal(lines), _says_update(lines)


def _ordinal(text: str) -> int | None:
    for word in re.findall(r"[A-Za-z0-9]+", text):
        if word.lower() in _ORDINALS:
            return _ORDINALS[word.lower()]
    return None


def _document_ordinal(lines: list[Line]) -> int | None:
    for line in lines[:40]:
        match = re.search(r"\b(\w+)\s+(?:update|UA)\b", line.text, re.IGNORECASE)
        if match and match[1].lower() in _ORDINALS:
            return _ORDINALS[match[1].lower()]
    return None


def _says_update(lines: list[Line]) -> bool:
    return any(re.search(r"\bupdate\b", line.text, re.IGNORECASE) for line in lines[:15])


_INDEX = re.compile(r"\b([A-Z]{3})\s?(\d{2})\s?/\s?(\d{3,4})\s?/\s?(\d{4})\b")


def _index_number(lines: list[Line]) -> str | None:
    labelled = _labelled(lines, "index number", "ai index", "index")
    texts = [labelled[0]] if labelled else []
    texts += [
        ln.text for ln in lines if "http" not in ln.text and "previous" not in ln.text.lower()
    ]
    for text in texts:
        match = _INDEX.search(text)
        if match:
            return f"{match[1]} {match[2]}/{match[3]}/{match[4]}"
    return None


_DEADLINE_LABELS = (
    "please take action as soon as possible until",
    "appeal deadline notice",
    "appeal deadline",
    "deadline",
    "take action before",
    "send appeals before",
    "please send appeals before",
    "act by",
    "take action by",
)
_DEADLINE_CUE = re.compile(
    r"\b(until|before|by|no later than|expires on|expires|deadline(?: is)?|hasta el|hasta|"
    r"avant le|avant|antes del|antes de|bis zum|bis|vor dem|nach dem|abgeschlossen am|"
    r"date limite|fecha límite|до)\b",
    re.IGNORECASE,
)
_ACTION_WORDS = re.compile(
    r"\b(action|appeals?|letters?|write|send|expires?|deadline|take action|acci[oó]n|"
    r"appelle|briefe|abgeschlossen|verschicken|act|envíen|envien|envoyez|llamamientos|"
    r"llamamientos?|appels?|actions?|обращени\w*|отправ\w*|письм\w*|призыв\w*|акци\w*)\b",
    re.IGNORECASE,
)


def _deadline(lines: list[Line]) -> date | None:
    labelled = _labelled(lines, *_DEADLINE_LABELS)
    if labelled:
        found = find_date(labelled[0])
        if found:
            return found[0]
    for line in lines:
        text = line.text
        if not _ACTION_WORDS.search(text):
            continue
        for cue in _DEADLINE_CUE.finditer(text):
            found = find_date(text[cue.end() : cue.end() + 40])
            if found and found[1] <= 4:
                return found[0]
    return None


_WRITE_IN = re.compile(
    r"\b(?:write|writing|schreiben|escriban|escribe|escribid|écrivez|ecrivez|rédigez|"
    r"redacten|redacta|напишите|пишите|пишут)\b[^.:]*?\b(?:in|en|auf|на)\s+(?P<langs>[^.:]+)",
    re.IGNORECASE,
)


def _languages(lines: list[Line]) -> list[str]:
    """The languages to write in, as ISO codes ('ru', 'en'); a name Babel does not know stays."""
    labelled = _labelled(
        lines,
        "preferred language to address target",
        "preferred language",
        "preferred languages",
        "langue à privilégier",
        "langue",
        "idioma preferido",
        "idioma",
        "sprache",
    )
    if labelled:
        parts = re.split(r",|/|;|\band\b|\bor\b|\by\b|\bet\b|\bund\b|\boder\b", labelled[0])
        names = [part.strip(" .") for part in parts if part.strip(" .")]
        return [_language_codes().get(name.lower(), name) for name in names]
    for line in lines:
        match = _WRITE_IN.search(line.text)
        if not match:
            continue
        codes: list[str] = []
        for word in re.findall(r"[^\W\d_]{4,}", match["langs"]):
            code = _language_codes().get(word.lower()) or _declined(word.lower())
            if code and code not in codes:
                codes.append(code)
        if codes:
            return codes
    return []


@cache
def _declined(word: str) -> str | None:
    """A Russian language name in another case ("на русском", "английском") by its stem."""
    if not re.fullmatch(r"[а-яё]{6,}", word):
        return None
    stems = {name[:-2]: code for name, code in _language_codes().items() if name.endswith("ий")}
    return next((code for stem, code in stems.items() if word.startswith(stem)), None)


def _language_codes() -> dict[str, str]:
    """Language names in the languages UAs are written in → two-letter codes (from Babel)."""
    from babel import Locale

    names: dict[str, str] = {}
    for locale in ("en", "de", "fr", "es", "pt", "it", "ru"):
        for code, name in Locale.parse(locale).languages.items():
            if len(code) == 2:
                names.setdefault(name.lower(), code)
    names.update({"farsi": "fa", "mandarin": "zh"})
    return names


def _previous_ua(lines: list[Line]) -> str | None:
    labelled = _labelled(lines, "link to previous ua", "previous ua", "link to previous")
    texts = (
        [labelled[0]] if labelled else [ln.text for ln in lines if "previous" in ln.text.lower()]
    )
    for text in texts:
        match = re.search(r"https?://\S+", text)
        if match:
            return match[0].rstrip(").,>")
    return None


_CLOSED = re.compile(
    r"no further (?:action|appeals?)(?: is| are)? (?:requested|needed|required|necessary)|"
    r"no further action|no longer (?:needed|required)|"
    r"aucune (?:autre )?action (?:complémentaire |supplémentaire )?n.est (?:requise|nécessaire)|"
    r"no se (?:requieren|necesitan) más (?:acciones|llamamientos)|"
    r"no (?:es|son) necesari[oa]s? más (?:acciones|llamamientos)|"
    r"keine weiteren (?:appelle|aktionen|briefe)|weitere appelle sind nicht|"
    r"further (?:action|appeals?) (?:is|are) (?:not|no longer) (?:needed|required|necessary)",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^(urgent action( network graphic)?|update:? urgent action|take action.*|source:.*|"
    r"additional information|here.?s how you can help|\[.*\]|\d+|"
    r"(?:\w+\s+)?(?:ua|au)\s*:?\s*\d{1,3}\s*[/.]\s*\d{2,4}(?:\s+update)?|"
    r"(?:acci[oó]n urgente|action urgente|eilaktion)(?: update)?)$",
    re.IGNORECASE,
)


def _title(lines: list[Line]) -> str | None:
    labelled = _labelled(lines, "urgent action title", "title")
    if labelled and labelled[0]:
        return labelled[0]
    for line in lines:
        if line.heading and line.text and not _BOILERPLATE.match(line.text):
            return line.text
    for line in lines:
        if line.text and not _BOILERPLATE.match(line.text) and len(line.text) < 150:
            return line.text
    return None
