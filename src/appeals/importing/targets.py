"""Targets: blocks after cue lines, split into name, title, address and contacts."""

from __future__ import annotations

import re

from appeals.importing.document import Line
from appeals.importing.letter import _GREETING
from appeals.importing.people import _CAPITAL
from appeals.importing.result import ImportedTarget

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
    "please send appeals to",
    "send your appeals to",
    "escriban a",
    "escribe a",
    "envoyez vos appels à",
    "écrivez à",
    "schreiben sie an",
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
    "send a copy to",
    "also send a copy to",
    "please also send a copy to",
    "please send a copy to",
    "copy your appeals to",
    "copies",
    "copia a",
    "copias a",
    "copie à",
    "copies à",
    "kopie an",
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
