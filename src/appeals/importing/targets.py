"""Targets: the blocks of name, title, address and contacts a UA asks people to write to.

A block is found by how pages lay it out, not by one template: after a cue ("Write to:",
"Appell an", "And copies to:"), or as a run of short lines holding a name or a title beside an
address or a contact, or just above the greeting of a model letter. A block may be one line
(a page that lost its line breaks); its head is then cut into title, name and address.
"""

from __future__ import annotations

import re
from functools import lru_cache

from appeals.importing.document import GREETING, Line
from appeals.importing.fields import _LABEL
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
    "escribid a",
    "envoyez vos appels à",
    "écrivez à",
    "schreiben sie an",
    "who to write to",
    "who to contact",
    "where to write",
    "address your letters to",
    "write your letter to",
    "send your letter to",
    "send your letters to",
    "contact details",
    "appeal addresses",
    "dirijan sus llamamientos a",
    "envíen sus llamamientos a",
    "adressez vos appels à",
    "appell an",
    "appelle an",
    "briefe an",
)
_COPY_CUES = (
    "and copy",
    "and copies to",
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
    "con copia a",
    "envíen copia a",
    "copie à",
    "copies à",
    "copie",
    "kopie an",
    "y copia a",
    "y copias a",
    "copias",
    "et copies à",
    "et copie à",
    "kopien an",
    "sende eine kopie an",
    "senden sie eine kopie an",
    "und kopie an",
    "and copies",
)
_STOPS = re.compile(
    r"^(preferred language|social media guidance|additional information|background|"
    r"link to previous|please take action|appeal deadline|name and preferred|sample letter|"
    r"model letter|urgent action letter|here.?s how you can help|download a pdf|take action|"
    r"\[sections to add|please check with|informaci[oó]n adicional|hintergrund|"
    r"compl[ée]ment d.information|amnesty fordert|pedimos|exigimos)",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"\b(fax|telefax|tel|tél|phone|telephone|téléphone|teléfono|telefon|mobile)\b\.?"
    r"(?:\s*(?:no|number|nr|num)\b\.?)?\s*:?\s*(\+?[\d(][\d\s().\-–/]{5,}\d)",
    re.IGNORECASE,
)
_CONTACT_LABEL = re.compile(
    r"^\(?\s*(e-?mail|correo|courriel|fax|telefax|tel|tél|phone|telephone|téléphone|teléfono|"
    r"telefon|mobile|"
    r"twitter|x|instagram|facebook|telegram|tiktok|salutation|anrede|formule d.appel|"
    r"tratamiento)\b\.?\s*:",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\+?[\d(][\d\s().\-–/]{6,}\d$")
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_SOCIAL = re.compile(
    r"^(twitter|x|instagram|facebook|telegram|tiktok)\s*:\s*@?(\S+)", re.IGNORECASE
)
_SALUTATION = re.compile(
    r"^\(?\s*(?:salutation|anrede|formule d.appel|tratamiento)\s*:\s*(.*?)\)?\s*$", re.I
)
_GREETING_LINE = re.compile(rf"^{GREETING}\s*$|^(?:dear|your excellency)\b.{{0,60}}[,:]$", re.I)
_HONORIFIC = re.compile(
    r"^(his|her|their) (excellency|majesty|highness)\b|^(h\.?\s?e\.?|s\.\s?e\.|mr|mrs|ms|miss|"
    r"dr|dra|prof|general|judge|justice|sr|sra|señor|señora|hon|the hon\w*|sheikh|shaikh|"
    r"ayatollah|herrn?|frau|m\.|mme|monsieur|madame)\b\.?\s",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"(?<![-\w])(president|minister|prosecutor|attorney[- ]general|ambassador|governor|"
    r"chief|director|"
    r"secretary|king|queen|emir|sultan|prime minister|head of|chair(?:person|man|woman)?|"
    r"commissioner|mayor|ombudsman|speaker|judge|head|leader|"
    r"presidente|ministr[oa]|fiscal|procurador[a]?|gobernador[a]?|embajador[a]?|director[a]?|"
    r"secretari[oa]|jefe|defensor[a]?|président|ministre|procureur|responsable|ambassadeur|"
    r"directeur|gouverneur|\w*präsident\w*|\w*minister\w*|\w*staatsanwalt\w*|botschafter\w*|"
    r"\w*direktor\w*|\w*führer|oberste\w*|leiter\w*|generalsekretär\w*)\b",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(embassy|ministry|office|house|street|st|avenue|ave|road|rd|building|palace|government|"
    r"republic|kingdom|state|department|council|court|box|floor|suite|secretar[ií]a|ministerio|"
    r"academia|plaza|calle|boulevard|blvd|square|parliament|commission|prison|centre|center|"
    r"city|district|colonia|barrio|apartado|avenida|quartier|rue|p\.?o\.?|mission|procuratorate|"
    r"presidency|c/o|edificio|palacio|botschaft|ambassade|embajada|mission|procuraduría|"
    r"fiscalía|tribunal|cour|minist[eè]re|bureau|secretariat|administration|permanent|"
    r"chemin|allee|straße|strasse)\b",
    re.IGNORECASE,
)
_ORG_HEADING = re.compile(
    r"\b(embassy|ministry|botschaft|ambassade|embajada|ministerium|minist[eè]re|mission|"
    r"office|bureau)\b",
    re.IGNORECASE,
)


def _is_cue(line: Line, cues: tuple[str, ...]) -> bool:
    low = line.text.lower().strip(" :*#").replace("“", "").replace("”", "").replace('"', "")
    if not low or len(low) > 70 or "urging" in low:
        return False
    ends = line.text.rstrip().endswith(":") or line.heading or line.text.isupper()
    return any(low == cue or (low.startswith(cue) and ends) for cue in cues)


def _copy_sentence(text: str) -> bool:
    """'Also send copies to diplomatic representatives accredited to your country.'"""
    return bool(
        re.match(
            r"^(?:please\s+)?(?:also\s+)?(?:send\s+)?(?:a\s+)?cop(?:y|ies)\s+(?:of\s+\w+\s+)?to\b",
            text,
            re.IGNORECASE,
        )
    )


@lru_cache(maxsize=8192)
def _is_title(text: str) -> bool:
    return (
        bool(_TITLE_WORDS.search(text))
        and not re.search(r"\d", text)
        and len(text) <= 90
        and not re.match(r"^(embassy|ministry|office|the office)\b", text, re.IGNORECASE)
        and "," not in text
        and not _is_sentence(text)
    )


_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|de|da|del|dos|van|von|der|le|la|du)(?:-|$)", re.I)


@lru_cache(maxsize=8192)
def _is_name(text: str) -> bool:
    text = text.rstrip(" ,;")
    if re.search(r"\d|@|,|\[|\]|:", text) or len(text) > 70:
        return False
    if _HONORIFIC.match(text):
        return True
    words = text.split()
    if not 2 <= len(words) <= 6 or _ORG_WORDS.search(text) or _TITLE_WORDS.search(text):
        return False
    if not re.match(_CAPITAL, words[0]):
        return False
    capital = sum(1 for word in words if re.match(_CAPITAL, _PARTICLE.sub("", word) or "X"))
    return capital / len(words) >= 0.6


@lru_cache(maxsize=8192)
def _is_sentence(text: str) -> bool:
    """Prose, not a line of an address block."""
    words = text.split()
    lower = sum(1 for w in words if re.match(r"[a-zà-ÿ]", w))
    # articles and particles aside ("du", "de", "of"), prose is mostly lower-case words
    long = [w for w in words if len(re.sub(r"\W", "", w)) >= 4 and not re.search(r"\d", w)]
    long_lower = sum(1 for w in long if re.match(r"[a-zà-ÿ]", w))
    if len(words) >= 9 and long and long_lower / len(long) >= 0.5:
        return True
    return len(words) >= 6 and text.rstrip().endswith((".", "!", "?")) and lower >= 4


@lru_cache(maxsize=8192)
def _is_contact(text: str) -> bool:
    return bool(
        _CONTACT_LABEL.match(text)
        or _EMAIL.search(text)
        or _CONTACT.search(text)
        or _BARE_NUMBER.match(text)
    )


@lru_cache(maxsize=8192)
def _is_head(text: str) -> bool:
    """A line a target block can start with: a name, a title, or a one-line block's head."""
    if _is_contact(text) or _is_sentence(text):
        return False
    return (
        _is_name(text)
        or _is_title(text)
        or bool(_HONORIFIC.match(text))
        or _upper_heading(text)
        or bool(_TITLE_WORDS.match(text) and len(text.split()) >= 3)
    )


_NOT_HEADINGS = re.compile(
    r"^(urgent action|update|take action|action urgente|acci[oó]n urgente|eilaktion|"
    r"sample letter|model letter|downloads?)\b",
    re.IGNORECASE,
)


def _upper_heading(text: str) -> bool:
    letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", text)
    return (
        len(letters) >= 4
        and not _NOT_HEADINGS.match(text)
        and text.isupper()
        and not re.search(r"\d", text)
        and len(text.split()) <= 8
        and not _country_only(text)
    )


def _country_only(text: str) -> bool:
    from appeals.importing.places import _countries, _plain

    return _plain(text) in _countries()


def _targets(lines: list[Line], letter_greeting: str | None = None) -> list[ImportedTarget]:
    targets: list[ImportedTarget] = []
    sections = _target_sections(lines)
    for role, section in sections:
        for block in _split_targets(section):
            target = _parse_target(block, role)
            if target is not None:
                targets.append(target)
    # an embassy listed beside the officials who decide is where copies go
    for target in targets[1:]:
        text = " ".join(
            filter(None, [target.name, target.title, target.salutation, *target.address_lines])
        )
        if target.role == "primary" and re.search(
            r"\b(embassy|ambassador|mission|botschaft|ambassade|embajada|botschafter|"
            r"ambassadeur|embajador)\b",
            text,
            re.I,
        ):
            target.role = "copy"
    if letter_greeting:
        _greet(targets, letter_greeting)
    social = _loose_social(lines, sections)
    if social and targets:
        primary = next((t for t in targets if t.role == "primary"), targets[0])
        for platform, handle in social.items():
            primary.social.setdefault(platform, handle)
    return targets


def _loose_social(lines: list[Line], sections: list[tuple[str, list[Line]]]) -> dict[str, str]:
    inside = {id(line) for _, section in sections for line in section}
    handles: dict[str, str] = {}
    for line in lines:
        match = _SOCIAL.match(line.text)
        if match and id(line) not in inside:
            handles.setdefault(_platform(match[1]), match[2].lstrip("@"))
    return handles


def _greet(targets: list[ImportedTarget], greeting: str) -> None:
    """The model letter's greeting is the salutation of the target it is addressed to."""
    greeting = greeting.strip().rstrip(",:!")
    words = {w.lower() for w in re.findall(r"[\w'’-]{2,}", greeting)}
    open_ = [t for t in targets if t.salutation is None]
    named = [
        t
        for t in open_
        if words
        & {w.lower() for w in re.findall(r"[\w'’-]{2,}", f"{t.name} {t.title}")}
        - {"of", "the", "de", "la", "dear", "mr", "mrs", "ms"}
    ]
    primaries = [t for t in open_ if t.role == "primary"]
    chosen = named[:1] or (primaries[:1] if len(primaries) == 1 else [])
    for target in chosen:
        target.salutation = greeting


def _target_sections(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """Runs of block lines, each with the role its cue (or its place) gives."""
    sections: list[tuple[str, list[Line]]] = []
    role: str | None = None  # set by a cue, kept until prose or another cue
    run: list[Line] = []
    run_role = "primary"

    def close(next_is_greeting: bool = False) -> None:
        nonlocal run
        texts = [ln.text for ln in run if ln.text]
        heads = [t for t in texts if _is_head(t) or _splittable_head(t)]
        if texts and (heads or (run_cued and _ORG_HEADING.search(texts[0]))):
            has_contact = any(_is_contact(t) for t in texts)
            has_address = any(re.search(r"\d", t) for t in texts if not _is_contact(t))
            if (run_cued and (has_contact or has_address)) or has_contact or next_is_greeting:
                sections.append((run_role, run))
        run = []

    run_cued = False
    upcoming = [""] * len(lines)  # the next line with text after each line
    for position in range(len(lines) - 2, -1, -1):
        after = lines[position + 1].text
        upcoming[position] = after if after else upcoming[position + 1]
    for position, line in enumerate(lines):
        text = line.text.rstrip(" ,;")
        if not text:
            continue
        following = upcoming[position]
        if run and _is_sentence(text) and _is_contact(following) and not line.bullet:
            continue  # a remark inside a block ("please only send mail to the Embassy")
        copy_cue = _is_cue(line, _COPY_CUES) or _copy_sentence(text)
        if copy_cue or _is_cue(line, _PRIMARY_CUES):
            close()
            role = "copy" if copy_cue else "primary"
            run_role, run_cued = role, True
            continue
        ends_run = (
            _STOPS.match(text)
            or _GREETING_LINE.match(line.text)
            or (line.heading and not _upper_heading(text))
            or line.bullet
            or (_is_sentence(text) and not _is_contact(text))
            or re.fullmatch(r"\d{1,2}\.?", text)
            or (_LABEL.match(text) and not _is_contact(text))
            or (text.isupper() and (len(text.split()) > 8 or text.endswith(":")))
        )
        if ends_run:
            close(next_is_greeting=bool(_GREETING_LINE.match(line.text)))
            if not (_is_sentence(text) and role == "copy" and run_cued):
                role = None
            run_role, run_cued = role or "primary", role is not None
            continue
        if not run:
            run_role, run_cued = role or "primary", role is not None
        run.append(line)
    close()
    return sections


def _split_targets(section: list[Line]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    contact = named = addressed = False
    texts = [t for line in section for t in _unfold(line.text)]
    texts = [t.strip(" ,;") for t in texts if t and not re.fullmatch(r"\d{1,2}", t)]
    for index, text in enumerate(texts):
        if not current and text[:1].islower():
            continue  # page chrome before a block ("date 2021-06-01 Post Body")
        columns = _split_head(text)
        if _COLUMN in columns:
            cut = columns.index(_COLUMN)
            if current:
                blocks.append(current)
            blocks.append(columns[:cut])
            current, contact, named, addressed = columns[cut + 1 :], False, True, True
            continue
        following = texts[index + 1] if index + 1 < len(texts) else ""
        salutation = bool(_SALUTATION.match(text))
        head = not _is_contact(text) and (
            _is_name(text)
            or bool(_HONORIFIC.match(text))
            or _splittable_head(text)
            or (_title_line(text) and (_is_name(following) or bool(_HONORIFIC.match(following))))
        )
        starts_new = current and (
            (contact and not _is_contact(text))
            or (head and named and addressed and _ends_address(current[-1]))
            or (_upper_heading(text) and named and not _country_only(text))
        )
        if starts_new:
            blocks.append(current)
            current, contact, named, addressed = [], False, False, False
        current.append(text)
        if _is_contact(text):
            contact = True
        elif _is_name(text) or _HONORIFIC.match(text):
            named = True
        elif _splittable_head(text):
            named, addressed = True, len(_split_head(text)) > 2 or addressed
        elif current and len(current) > 1:
            addressed = True
        if salutation:
            blocks.append(current)
            current, contact, named, addressed = [], False, False, False
    if current:
        blocks.append(current)
    return blocks


def _ends_address(text: str) -> bool:
    """The last line of an address: its country, or its postcode and city."""
    from appeals.importing.places import country_of_line

    last = _split_head(text)[-1]
    return bool(
        _country_only(last)
        or country_of_line(last)
        or re.search(r"\b\d{4,6}$|^\d{4,6}\s+\w+$", last)
        or _is_contact(last)
    )


def _unfold(text: str) -> list[str]:
    """A block written on one line with commas ('HIS EXCELLENCY MR X, Embassy…, 020…, a@b')."""
    text = text.strip()
    if _EMAIL.search(text) and text.count(",") >= 2 and not _CONTACT_LABEL.match(text):
        return [part.strip() for part in text.split(",") if part.strip()]
    return [text]


def _parse_target(block: list[str], role: str) -> ImportedTarget | None:
    target = ImportedTarget(role=role)
    rest: list[str] = []
    for text in block:
        salutation = _SALUTATION.match(text)
        if salutation:
            target.salutation = salutation[1].strip().rstrip(":,") or None
            continue
        social = _SOCIAL.match(text)
        if social:
            target.social[_platform(social[1])] = social[2].lstrip("@").rstrip(",;")
            continue
        emails = [e for e in _EMAIL.findall(text) if _valid_email(e)]
        numbers = list(_CONTACT.finditer(text))
        if emails or numbers or _CONTACT_LABEL.match(text) or _BARE_NUMBER.match(text):
            target.email.extend(e for e in emails if e not in target.email)
            for number in numbers:
                kind = number[1].lower()
                value = _clean_number(number[2])
                if kind in ("fax", "telefax"):
                    target.fax = target.fax or value
                else:
                    target.phone = target.phone or value
            if _BARE_NUMBER.match(text) and not numbers:
                target.phone = target.phone or _clean_number(text)
            continue
        rest.append(text.strip(" ,;"))
    rest = [part for text in rest for part in _title_and_name(text)]
    for text in rest:
        if not text:
            continue
        if target.title is None and target.name is None and _title_line(text):
            target.title = text
        elif target.name is None and (
            _is_name(text) or (_HONORIFIC.match(text) and "," not in text)
        ):
            target.name = text
        elif target.title is None and _is_title(text) and not target.address_lines:
            target.title = text
        else:
            target.address_lines.append(text)
    amnesty = re.compile(r"\bamn(?:esty|ist[ií]a|istie)\b", re.IGNORECASE)
    if any(amnesty.search(text) for text in (target.name or "", target.title or "", *target.email)):
        return None  # the section's own office (a page footer, where to report), not a target
    if target.name is None and target.title is None:
        if not (target.address_lines and _ORG_HEADING.search(target.address_lines[0])):
            return None
        # a block that names no one: an embassy or a ministry, addressed as itself
        target.name = target.address_lines.pop(0)
    reachable = target.email or target.fax or target.phone or target.salutation
    labelled = any(_CONTACT_LABEL.match(text) for text in block)
    if not (reachable or target.address_lines or target.social or labelled):
        return None
    return target


def _title_line(text: str) -> bool:
    if _HONORIFIC.match(text):
        return False
    if _upper_heading(text):
        return not _ORG_HEADING.search(text)
    return _is_title(text)


def _clean_number(text: str) -> str:
    return " ".join(text.strip(" /I").split())


def _splittable_head(text: str) -> bool:
    return len(_split_head(text)) > 1


def _title_and_name(text: str) -> list[str]:
    """'Prosecutor General Marko Ilić' as its title and its name; a one-line block's head as
    title, name and address; other lines as they are."""
    parts = _split_head(text)
    if len(parts) > 1:
        return parts
    words = text.split()
    if not _is_title(text) or len(words) < 3:
        return [text]
    for cut in range(len(words) - 2, 0, -1):  # the longest title first: "Prosecutor General"
        title, name = " ".join(words[:cut]), " ".join(words[cut:])
        plain_name = not re.search(r"\b(of|the|for|and)\b", name)
        dangling = re.search(r"\b(of|the|for|and|de|du|la|der|des)$", title, re.IGNORECASE)
        if (
            _is_title(title)
            and not dangling
            and _is_name(name)
            and plain_name
            and not _TITLE_WORDS.search(name)
        ):
            return [title, name]
    return [text]


_NAME_WORD = re.compile(rf"^(?:{_CAPITAL}[\w'’.-]*|al-\w+|el-\w+|bin|ibn|de|del|da|van|von)$")
_TITLE_LEAD = re.compile(
    r"^(?:public|prime|chief|attorney|deputy|federal|vice|supreme|head|general|state|"
    r"minister|president|ambassador|director|secretary|prosecutor|governor|judge|mayor|"
    r"commissioner|king|emir|presidente|fiscal|ministro|ministra|procurador)\b",
    re.IGNORECASE,
)


def _split_head(text: str) -> list[str]:
    """'President of the People's Republic of China Xi Jinping Zhongnanhai …' → title, name,
    address; 'Head of judiciary, Gholamhossein Mohseni Ejei c/o Embassy …' likewise."""
    if len(text.split()) < 3 or _is_contact(text) or _is_sentence(text):
        return [text]
    title = ""
    rest = text
    sep = re.match(r"^(.{3,80}?)\s*(?:,|\s[–—-]\s)\s*(.+)$", text)
    if sep and _TITLE_WORDS.search(sep[1]) and not re.search(r"\d", sep[1]):
        title, rest = sep[1], sep[2]
    elif _HONORIFIC.match(text):
        rest = text
    elif _TITLE_LEAD.match(text):
        title, rest = _leading_title(text)
        if not title:
            return [text]
    else:
        return [text]
    name, address = _leading_name(rest)
    if not name or (not title and not address):
        return [text]
    if title and _TITLE_LEAD.match(address):
        # a PDF's two columns read across: "Director X Y Ambassador Z W <both addresses>"
        second_title, second_rest = _leading_title(address)
        second_name, mixed = _leading_name(second_rest) if second_title else ("", "")
        if second_name and mixed:
            return [title, name, mixed, _COLUMN, second_title, second_name, mixed]
    if not title and not address:
        return [text]
    return [p for p in (title, name, *_address_parts(address)) if p]


def _address_parts(text: str) -> list[str]:
    """An address a page ran onto one line, as its lines: at commas, before a house number that
    follows words, before a postcode that follows a house number, and before a last country."""
    from appeals.importing.places import is_country_name

    parts: list[str] = []
    for piece in re.split(r",\s*", text):
        if parts and re.fullmatch(
            r"[A-Z]{2}\.?\s+(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d)", piece
        ):
            parts[-1] += f", {piece}"  # "Washington, DC 20008" is one line
            continue
        piece = re.sub(r"(?<=[A-Za-zÀ-ÿ)])\s+(?=\d{1,4}[A-Za-z]?\s+[A-ZÀ-Þ])", "\n", piece)
        piece = re.sub(r"(?<=\d)\s+(?=\d{4,5}\s+[A-ZÀ-Þ])", "\n", piece)
        parts.extend(p.strip() for p in piece.split("\n") if p.strip())
    if parts:
        words = parts[-1].split()
        for cut in range(1, len(words)):
            tail = " ".join(words[cut:])
            if is_country_name(tail):
                parts[-1:] = [" ".join(words[:cut]), tail]
                break
    return parts


_COLUMN = "\x00column"  # between two targets a PDF printed side by side


def _leading_title(text: str) -> tuple[str, str]:
    """The title at the start of a head: title words, then 'of' a state when one follows."""
    from appeals.importing.places import country_of_line

    words = text.split()
    end = 0
    while end < len(words) and (
        _TITLE_WORDS.fullmatch(words[end].strip(",")) or _TITLE_LEAD.match(words[end])
    ):
        end += 1
    if end == 0:
        return "", text
    if end < len(words) and words[end].lower() in ("of", "de", "du", "of the"):
        # the longest 'of …' that names a state: "of the People's Republic of China"
        for stop in range(min(len(words), end + 9), end + 1, -1):
            tail = " ".join(words[end + 1 : stop])
            if country_of_line(tail) and not re.search(r"\d", tail):
                end = stop
                break
        else:
            # "Minister of Public Security": the office, up to the name that follows
            return "", text
    return " ".join(words[:end]), " ".join(words[end:])


def _leading_name(text: str) -> tuple[str, str]:
    """A name at the start of `text` (with its honorific), and what follows it."""
    words = text.split()
    index = 0
    while index < len(words) and _HONORIFIC.match(" ".join(words[index:]) + " "):
        match = _HONORIFIC.match(" ".join(words[index:]) + " ")
        assert match is not None
        index += len(match.group(0).split())
    start = index
    while index < len(words) and index - start < 4:
        word = words[index].rstrip(",")
        if (
            not _NAME_WORD.match(word)
            or _ORG_WORDS.fullmatch(word)
            or _TITLE_WORDS.fullmatch(word)
            or re.search(r"\d", word)
        ):
            break
        index += 1
        if words[index - 1].endswith(","):
            break
    if index - start < 2 and not (index - start == 1 and start > 0):
        return "", text
    if index - start == 4 and index < len(words):
        # "Xi Jinping Zhongnanhai Xichang'anjie": name and street run on; the usual two words
        index = start + 2
    name = " ".join(words[:index]).rstrip(",")
    return name, " ".join(words[index:]).strip(" ,")


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
