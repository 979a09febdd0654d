"""Read an Urgent Action as people receive it (the international template, a section's web page,
Markdown, plain text or PDF) and extract its fields by their structure: labels, cue lines such as
"Write to:" or "And copy:", contact lines, bullet lists of asks. Nothing is guessed: a field the
document does not state stays empty and is listed in `not_found`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from appeals.errors import DataError
from appeals.files import read_input

MAX_BYTES = 10 * 1024 * 1024

# --- reading ------------------------------------------------------------------------------------


def read_document(path: Path) -> str:
    """The document's text; one DataError for anything that is not a readable UA."""
    data = read_input(path, "a UA document")
    if len(data) > MAX_BYTES:
        raise DataError(f"{path}: {len(data)} bytes; a UA document is far smaller (limit 10 MB)")
    if data.startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        return _pdf_text(path, data)
    if b"\x00" in data:
        raise DataError(f"{path}: a binary file, not a UA document; give a .txt, .md or .pdf")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _pdf_text(path: Path, data: bytes) -> str:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
        raise DataError(f"{path}: not a readable PDF ({type(err).__name__})") from None
    if not text.strip():
        raise DataError(
            f"{path}: the PDF has no text layer (a scanned image?); run it through OCR first"
        )
    return text


# --- the result ---------------------------------------------------------------------------------


@dataclass
class ImportedTarget:
    name: str | None = None
    title: str | None = None
    address_lines: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    fax: str | None = None
    phone: str | None = None
    salutation: str | None = None
    social: dict[str, str] = field(default_factory=dict)
    role: str = "primary"

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "address_lines": self.address_lines,
            "email": self.email,
            "fax": self.fax,
            "phone": self.phone,
            "salutation": self.salutation,
            "social": self.social,
            "role": self.role,
        }


@dataclass
class ImportedUA:
    title: str | None = None
    ua_number: str | None = None
    update: int | None = None
    is_update: bool = False
    index_number: str | None = None
    published: date | None = None
    person_names: list[str] = field(default_factory=list)
    pronouns: str | None = None
    deadline: date | None = None
    preferred_languages: list[str] = field(default_factory=list)
    targets: list[ImportedTarget] = field(default_factory=list)
    asks: list[str] = field(default_factory=list)
    model_letter: str | None = None
    previous_ua: str | None = None
    closed: bool = False

    def not_found(self) -> list[str]:
        values = {
            "title": self.title,
            "ua_number": self.ua_number,
            "update": self.update,
            "index_number": self.index_number,
            "published": self.published,
            "person_names": self.person_names,
            "pronouns": self.pronouns,
            "deadline": self.deadline,
            "preferred_languages": self.preferred_languages,
            "targets": self.targets,
            "asks": self.asks,
            "model_letter": self.model_letter,
            "previous_ua": self.previous_ua,
        }
        return [name for name, value in values.items() if value in (None, [], "")]

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "ua_number": self.ua_number,
            "update": self.update,
            "is_update": self.is_update,
            "index_number": self.index_number,
            "published": self.published.isoformat() if self.published else None,
            "person_names": self.person_names,
            "pronouns": self.pronouns,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "preferred_languages": self.preferred_languages,
            "targets": [t.as_dict() for t in self.targets],
            "asks": self.asks,
            "model_letter": self.model_letter,
            "previous_ua": self.previous_ua,
            "closed": self.closed,
            "not_found": self.not_found(),
        }


# --- lines --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    text: str  # cleaned: no Markdown emphasis, links reduced to their target
    heading: bool
    bullet: bool


_MAILTO = re.compile(r"\[([^\]]*)\]\(mailto:([^)\s]+)\)")
_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
_MASKED = re.compile(r"\[\s*email(?:&#160;|\s)*protected\s*\]", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣\-–—*]|\d{1,2}[.)])\s+")


def clean_lines(text: str) -> list[Line]:
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        line = _MAILTO.sub(r"\2", raw)
        line = _LINK.sub(r"\1 \2", line)
        line = _ANGLE_URL.sub(r"\1", line)
        line = _MASKED.sub("", line)
        heading = bool(re.match(r"^\s*#{1,6}\s", line))
        line = re.sub(r"^\s*#{1,6}\s*", "", line)
        bullet = bool(_BULLET.match(line)) and not re.match(r"^\s*\d", line.strip()[:1] or "x")
        bullet = bullet or bool(re.match(r"^\s*[•·▪●◦‣\-–*]\s+", line))
        line = _BULLET.sub("", line) if bullet else line
        line = re.sub(r"(\*\*\*|\*\*|__)", "", line)
        line = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?!\w)", r"\1", line)
        # emphasis that opens on one line and closes on another
        line = re.sub(r"^\*+(?=\S)|(?<=\S)\*+$", "", line.strip())
        line = line.replace("\\", "").replace("\u00a0", " ").strip()
        lines.append(Line(text=line, heading=heading, bullet=bullet))
    return lines


# --- dates --------------------------------------------------------------------------------------


@cache
def _month_names() -> dict[str, int]:
    from babel import Locale

    names: dict[str, int] = {}
    for locale in ("en", "fr", "es", "pt", "de", "it", "nl", "ru"):
        months = Locale.parse(locale).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    names.setdefault(name.lower().rstrip("."), number)
    names.setdefault("sept", 9)
    return names


def _month_pattern() -> str:
    names = sorted(_month_names(), key=len, reverse=True)
    return "|".join(re.escape(name) for name in names if len(name) >= 3)


@cache
def _date_patterns() -> list[re.Pattern[str]]:
    month = _month_pattern()
    flags = re.IGNORECASE
    return [
        re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)?\.?(?:\s+of)?\s+(?:de\s+)?(?P<mn>{month})\.?"
            rf"(?:\s+de)?,?\s+(?P<y>\d{{4}})\b",
            flags,
        ),
        re.compile(
            rf"\b(?P<mn>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", flags
        ),
        re.compile(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})\b"),
    ]


def find_date(text: str) -> tuple[date, int] | None:
    """The first date in `text` and where it starts; numeric dates are read day first."""
    found: list[tuple[int, date]] = []
    for pattern in _date_patterns():
        for match in pattern.finditer(text):
            parts = match.groupdict()
            try:
                month = (
                    int(parts["m"])
                    if parts.get("m")
                    else _month_names()[parts["mn"].lower().rstrip(".")]
                )
                day, year = int(parts["d"]), int(parts["y"])
                if parts.get("m") and month > 12 and day <= 12:
                    day, month = month, day  # 7/31/2023: a month-first date
                found.append((match.start(), date(year, month, day)))
            except (KeyError, ValueError):
                continue
    if not found:
        return None
    first, when = min(found)
    return when, first


# --- fields -------------------------------------------------------------------------------------

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
    r"\b(?:(?P<ord>[A-Za-z0-9]+)\s+)?(?:UA|Urgent\s+Action)\s*(?:No\.?|Number|#)?\s*:?\s*"
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
    r"avant le|avant|bis zum|bis|до)\b",
    re.IGNORECASE,
)
_ACTION_WORDS = re.compile(
    r"\b(action|appeals?|letters?|write|send|expires?|deadline|take action|acci[oó]n|"
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


def _languages(lines: list[Line]) -> list[str]:
    labelled = _labelled(
        lines, "preferred language to address target", "preferred language", "preferred languages"
    )
    if not labelled:
        return []
    parts = re.split(r",|/|;|\band\b|\bor\b", labelled[0])
    return [part.strip(" .") for part in parts if part.strip(" .")]


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
    r"no further action|no longer (?:needed|required)",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^(urgent action( network graphic)?|update:? urgent action|take action.*|source:.*|"
    r"additional information|here.?s how you can help|\[.*\]|\d+)$",
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


# --- people -------------------------------------------------------------------------------------

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


# --- asks and the model letter ------------------------------------------------------------------

_ASK_INTRO = re.compile(
    r"\b(urg(?:e|ing)|call(?:ing)? (?:on|upon)|ask(?:ing)?|demand(?:ing)?)\b.*\bto\s*:\s*$",
    re.IGNORECASE,
)
_ASK_IN_LETTER = re.compile(
    r"\b(?:I|we)\s+(?:respectfully\s+|therefore\s+|also\s+)*(?:urge|call on|call upon|ask)\s+"
    r"(?:you|the authorities)\s+to\s+(?P<ask>[^.]+)\.",
    re.IGNORECASE,
)


def _asks(lines: list[Line], letter: str | None) -> list[str]:
    asks: list[str] = []
    for index, line in enumerate(lines):
        if not _ASK_INTRO.search(line.text):
            continue
        for following in lines[index + 1 :]:
            if not following.text:
                continue
            if not following.bullet:
                break
            asks.append(following.text.rstrip(";."))
    if not asks and letter:
        asks = [" ".join(m["ask"].split()) for m in _ASK_IN_LETTER.finditer(letter)]
    unique: list[str] = []
    for ask in asks:
        if ask.lower() not in (a.lower() for a in unique):
            unique.append(ask)
    return unique


_GREETING = re.compile(r"^(dear\b|your excellency|estimad|уважаем|monsieur|madame)", re.IGNORECASE)
_CLOSING = re.compile(
    r"^(yours sincerely|yours faithfully|yours respectfully|sincerely|respectfully|kind regards|"
    r"с уважением|atentamente|cordialement)",
    re.IGNORECASE,
)


def _model_letter(lines: list[Line]) -> str | None:
    labelled = _labelled(lines, "urgent action letter", "sample letter", "model letter")
    start = labelled[1] + 1 if labelled else None
    for index, line in enumerate(lines if start is None else lines[start:], start=start or 0):
        if _GREETING.match(line.text) and len(line.text) < 80 and ":" not in line.text[:-1]:
            for end in range(index + 1, min(index + 120, len(lines))):
                if _CLOSING.match(lines[end].text):
                    body = [ln.text for ln in lines[index : end + 1]]
                    return _paragraphs(body)
            break
    return None


def _paragraphs(texts: list[str]) -> str:
    paragraphs, current = [], []
    for text in texts:
        if text:
            current.append(text)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


# --- targets ------------------------------------------------------------------------------------

_PRIMARY_CUES = (
    "write to",
    "please write to",
    "contact information",
    "target's contact details",
    "target’s contact details",
    "targets contact details",
    "send appeals to",
    "appeals to",
    "address your appeals to",
    "target",
    "targets",
    "primary target",
)
_COPY_CUES = (
    "and copy",
    "copies to",
    "send copies to",
    "copy to",
    "copy",
    "additional target",
    "additional targets",
    "also send copies to",
    "please send copies to",
    "cc",
)
_STOPS = re.compile(
    r"^(preferred language|social media guidance|additional information|background|"
    r"link to previous|please take action|appeal deadline|name and preferred|sample letter|"
    r"urgent action letter|here.?s how you can help|download a pdf|take action:|"
    r"\[sections to add|also send copies to diplomatic)",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"\b(fax|telefax|tel|tél|phone|telephone|mobile)\b\.?\s*:?\s*(\+?[\d(][\d\s().\-/]{5,}\d)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_SOCIAL = re.compile(
    r"^(twitter|x|instagram|facebook|telegram|tiktok)\s*:\s*@?(\S+)$", re.IGNORECASE
)
_HONORIFIC = re.compile(
    r"^(his|her|their) (excellency|majesty|highness)\b|^(h\.?e\.?|mr|mrs|ms|miss|dr|prof|"
    r"general|judge|justice|sr|sra|señor|señora|hon|the hon\w*|sheikh|shaikh)\b\.?\s",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(president|minister|prosecutor|attorney[- ]general|ambassador|governor|chief|director|"
    r"secretary|king|queen|emir|prime minister|head of|chair(?:person|man|woman)?|commissioner|"
    r"mayor|ombudsman|speaker)\b",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(embassy|ministry|office|house|street|st|avenue|ave|road|rd|building|palace|government|"
    r"republic|kingdom|state|department|council|court|box|floor|suite|secretar[ií]a|ministerio|"
    r"academia|plaza|calle|boulevard|blvd|square|parliament|commission|prison|centre|center|"
    r"city|district|colonia|barrio|apartado|avenida|quartier|rue|p\.?o\.?)\b",
    re.IGNORECASE,
)


def _is_cue(line: Line, cues: tuple[str, ...]) -> bool:
    low = line.text.lower().strip(" :*#").replace("“", "").replace("”", "").replace('"', "")
    if not low or len(low) > 70 or "urging" in low:
        return False
    ends = line.text.rstrip().endswith(":") or line.heading or line.text.isupper()
    return any(low == cue or (low.startswith(cue) and ends) for cue in cues)


def _is_title(text: str) -> bool:
    return (
        bool(_TITLE_WORDS.search(text))
        and not re.search(r"\d", text)
        and len(text) <= 90
        and not re.match(r"^(embassy|ministry|office|the office)\b", text, re.IGNORECASE)
        and "," not in text
    )


def _is_name(text: str) -> bool:
    if re.search(r"\d|@|,|\[|\]", text) or len(text) > 70:
        return False
    if _HONORIFIC.match(text):
        return True
    words = text.split()
    if not 2 <= len(words) <= 6 or _ORG_WORDS.search(text) or _TITLE_WORDS.search(text):
        return False
    capital = sum(1 for word in words if re.match(_CAPITAL, word))
    return capital / len(words) >= 0.6


def _targets(lines: list[Line]) -> list[ImportedTarget]:
    sections = _target_sections(lines)
    targets: list[ImportedTarget] = []
    for role, section in sections:
        for block in _split_targets(section):
            target = _parse_target(block, role)
            if target is not None:
                targets.append(target)
    # an embassy listed beside the main target is where copies go
    for target in targets[1:]:
        text = " ".join(filter(None, [target.name, target.title, *target.address_lines]))
        if target.role == "primary" and re.search(r"\b(embassy|ambassador)\b", text, re.I):
            target.role = "copy"
    social = _loose_social(lines, sections)
    if social and targets:
        primary = next((t for t in targets if t.role == "primary"), targets[0])
        for platform, handle in social.items():
            primary.social.setdefault(platform, handle)
    return targets


def _target_sections(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    sections: list[tuple[int, str, list[Line]]] = []
    used: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        role = (
            "copy"
            if _is_cue(line, _COPY_CUES)
            else "primary"
            if _is_cue(line, _PRIMARY_CUES)
            else None
        )
        if role is None:
            index += 1
            continue
        section = []
        end = index + 1
        while end < len(lines):
            following = lines[end]
            if _is_cue(following, _COPY_CUES + _PRIMARY_CUES) or _STOPS.match(following.text):
                break
            if following.heading or _GREETING.match(following.text):
                break
            section.append(following)
            end += 1
        sections.append((index, role, section))
        used.update(range(index, end))
        index = end
    # blocks with contact lines that no cue introduced (a Markdown "model letter" page)
    first_copy = min(
        (i for i, ln in enumerate(lines) if _is_cue(ln, _COPY_CUES)), default=len(lines)
    )
    block: list[tuple[int, Line]] = []
    for position, line in enumerate([*lines, Line("", False, False)]):
        if line.text and position not in used and not line.heading:
            block.append((position, line))
            continue
        texts = [ln.text for _, ln in block]
        if (
            block
            and any(_EMAIL.search(t) or _CONTACT.search(t) for t in texts)
            and any(_is_name(t) or _is_title(t) for t in texts)
            and len(block) <= 14
        ):
            role = "copy" if block[0][0] > first_copy else "primary"
            sections.append((block[0][0], role, [ln for _, ln in block]))
        block = []
    return [(role, section) for _, role, section in sorted(sections, key=lambda s: s[0])]


def _split_targets(section: list[Line]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    contact = False
    for line in section:
        text = line.text
        if not text or re.fullmatch(r"\d{1,2}", text):
            continue
        salutation = text.lower().startswith("salutation")
        starts_new = not salutation and (_is_name(text) or _is_title(text)) and contact
        if starts_new:
            blocks.append(current)
            current, contact = [], False
        current.append(text)
        if _EMAIL.search(text) or _CONTACT.search(text) or salutation:
            contact = True
        if salutation:
            blocks.append(current)
            current, contact = [], False
    if current:
        blocks.append(current)
    return blocks


def _parse_target(block: list[str], role: str) -> ImportedTarget | None:
    target = ImportedTarget(role=role)
    rest: list[str] = []
    for text in block:
        low = text.lower()
        if low.startswith("salutation"):
            target.salutation = text.split(":", 1)[1].strip().rstrip(":") if ":" in text else None
            continue
        social = _SOCIAL.match(text)
        if social:
            target.social[_platform(social[1])] = social[2].lstrip("@")
            continue
        emails = [e for e in _EMAIL.findall(text) if _valid_email(e)]
        numbers = list(_CONTACT.finditer(text))
        if emails or numbers or re.match(r"^(e-?mail|fax|tel|phone)\b", low):
            target.email.extend(e for e in emails if e not in target.email)
            for number in numbers:
                kind = number[1].lower()
                value = " ".join(number[2].split())
                if kind in ("fax", "telefax"):
                    target.fax = target.fax or value
                else:
                    target.phone = target.phone or value
            continue
        rest.append(text.strip(" ,"))
    rest = [part for text in rest for part in _title_and_name(text)]
    for text in rest:
        if (
            target.title is None
            and target.name is None
            and _is_title(text)
            and not _HONORIFIC.match(text)
        ):
            target.title = text
        elif target.name is None and _is_name(text):
            target.name = text
        elif target.title is None and _is_title(text) and not target.address_lines:
            target.title = text
        else:
            target.address_lines.append(text)
    if target.name is None and target.title is None:
        return None
    if not (
        target.email or target.fax or target.phone or target.salutation or target.address_lines
    ):
        return None
    return target


def _title_and_name(text: str) -> list[str]:
    """'Prosecutor General Marko Ilić' as its title and its name; other lines as they are."""
    words = text.split()
    if not _is_title(text) or len(words) < 3:
        return [text]
    for cut in range(len(words) - 2, 0, -1):  # the longest title first: "Prosecutor General"
        title, name = " ".join(words[:cut]), " ".join(words[cut:])
        plain_name = not re.search(r"\b(of|the|for|and)\b", name)
        if _is_title(title) and _is_name(name) and plain_name and not _TITLE_WORDS.search(name):
            return [title, name]
    return [text]


def _platform(name: str) -> str:
    name = name.lower()
    return "x" if name in ("twitter", "x") else name


def _valid_email(text: str) -> bool:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _loose_social(lines: list[Line], sections: list[tuple[str, list[Line]]]) -> dict[str, str]:
    inside = {id(line) for _, section in sections for line in section}
    handles: dict[str, str] = {}
    for line in lines:
        match = _SOCIAL.match(line.text)
        if match and id(line) not in inside:
            handles.setdefault(_platform(match[1]), match[2].lstrip("@"))
    return handles


# --- the whole document -------------------------------------------------------------------------


def parse_ua(text: str) -> ImportedUA:
    lines = clean_lines(text)
    ua = ImportedUA()
    ua.title = _title(lines)
    ua.ua_number, ua.update, ua.is_update = _ua_number(lines)
    ua.index_number = _index_number(lines)
    published = _labelled(lines, "publication date", "date published", "published", "date")
    found = find_date(published[0]) if published else None
    ua.published = found[0] if found else None
    ua.deadline = _deadline(lines)
    ua.preferred_languages = _languages(lines)
    ua.previous_ua = _previous_ua(lines)
    ua.closed = bool(_CLOSED.search(text))
    ua.model_letter = _model_letter(lines)
    ua.targets = [] if ua.closed and not _has_contacts(lines) else _targets(lines)
    names = {t.name for t in ua.targets if t.name}
    ua.person_names, ua.pronouns = _people(lines, ua.title, names)
    ua.asks = _asks(lines, ua.model_letter)
    return ua


def _has_contacts(lines: list[Line]) -> bool:
    return any(_EMAIL.search(line.text) for line in lines)


# --- writing a case folder ----------------------------------------------------------------------

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
    raw = "\n\n".join(body)
    head = "{#- The UA's model letter, imported by `appeals import`. -#}\n"
    before = f"{{% raw %}}{raw}{{% endraw %}}\n\n" if body else ""
    return f"{head}{before}{{{{ personal }}}}\n\n{{% raw %}}{last}{{% endraw %}}\n"


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
