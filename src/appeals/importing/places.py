"""Where an imported address is: its country (from Babel's names or a postcode) and its city."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# how addresses name a state beside its short name ("Arab Republic of Egypt", "Tehran, IRAN")
_STATE_FORM = re.compile(
    r"^(?:the\s+)?(?:(?:people'?s|arab|islamic|federal|democratic|socialist|united|"
    r"bolivarian|plurinational|hashemite|kyrgyz|lao|oriental)\s+)*"
    r"(?:republic|kingdom|state|federation|sultanate|emirate|commonwealth)\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
_US_STATE = re.compile(
    r"\b(?:DC|NY|CA|MA|VA|MD|IL|TX|FL|WA|PA|NJ|GA|MI|OH|CO|MN|OR|AZ)\.?\s+\d{5}(?:-\d{4})?$"
)
_CA_POSTCODE = re.compile(r"\b(?:ON|QC|BC|AB|MB|SK|NS|NB|NL|PE)\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d$")
_GB_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}$")


def _plain(text: str) -> str:
    text = text.replace("’", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]+", " ", text).strip()


@cache
def _countries() -> dict[str, str]:
    """Country names in the languages UAs come in, plain and lower-case → ISO code."""
    from babel import Locale

    names: dict[str, str] = {}
    for lang in ("en", "de", "fr", "es", "pt", "it", "nl"):
        for code, name in Locale.parse(lang).territories.items():
            if re.fullmatch(r"[A-Z]{2}", code):
                names.setdefault(_plain(name), code)
    names.update({"usa": "US", "u s a": "US", "uk": "GB", "england": "GB", "iran": "IR"})
    names.update({"russia": "RU", "syria": "SY", "china": "CN", "suisse": "CH"})
    return names


def country_of_line(line: str) -> str | None:
    """The ISO code of the country a line names as its whole or its last comma part."""
    text = line.strip(" ,.")
    if _US_STATE.search(text) or re.search(r"\bWashington,?\s+D\.?C\.?\b", text):
        return "US"
    if _CA_POSTCODE.search(text):
        return "CA"
    if _GB_POSTCODE.search(text):
        return "GB"
    last = re.split(r",|\s[-–]\s", text)[-1].strip()
    for candidate in (text, last):
        plain = _plain(_STATE_FORM.sub("", candidate.replace("’", "'")))
        if plain in _countries():
            return _countries()[plain]
    return None


def is_country_name(text: str) -> bool:
    """'Suisse', 'People's Republic of China', 'IRAN': a line that only names a country."""
    return _plain(_STATE_FORM.sub("", text.replace("’", "'"))) in _countries()


def split_country(lines: list[str]) -> tuple[list[str], str | None]:
    """The address lines without a last line that only names the country, and that country."""
    for index in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
        code = country_of_line(lines[index])
        if code is None:
            continue
        whole = _plain(_STATE_FORM.sub("", lines[index].replace("’", "'")))
        if whole in _countries() and index == len(lines) - 1:
            return lines[:-1], code
        return lines, code
    return lines, None


_STREET = re.compile(
    r"\b(street|st|suite|floor|road|rd|avenue|ave|place|lane|court|ct|drive|box|building|"
    r"strasse|straße|allee|rue|calle|avenida|av|no|number|nw|ne|sw|se)\b\.?",
    re.IGNORECASE,
)


def _place(part: str) -> str | None:
    if re.search(r"\d", part) or _STREET.search(part):
        # "3505 International Place NW Washington": the words after the street
        tail: list[str] = []
        for word in reversed(part.split()):
            if (
                re.search(r"\d", word)
                or _STREET.fullmatch(word)
                or re.fullmatch(r"[A-Z]{1,3}", word)
            ):
                break
            tail.insert(0, word)
        if 1 <= len(tail) <= 2 and all(w[:1].isupper() for w in tail):
            return " ".join(tail)
    words = [
        w for w in part.split() if not re.search(r"\d", w) and not re.fullmatch(r"[A-Z]{1,3}\.?", w)
    ]
    if 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not _STREET.search(part):
        return " ".join(words)
    return None


def city_of(lines: list[str]) -> str | None:
    """The city of an address: the words beside its postcode, or before its country."""
    tail = lines[-3:]
    for position in range(len(tail) - 1, -1, -1):
        line = tail[position]
        parts = [p.strip() for p in line.split(",") if p.strip()]
        if (
            len(parts) == 1
            and position > 0
            and country_of_line(line)
            and not re.search(r"\d", line)
        ):
            before = tail[position - 1]  # "Tehran" above "IRAN"
            if not re.search(r"\d", before) and (found := _place(before)):
                return found
        if parts and country_of_line(parts[-1]) and not re.search(r"\d", parts[-1]):
            parts = parts[:-1]  # "Tehran, IRAN": the city before the country
            if parts and not re.search(r"\d", parts[-1]):
                return _place(parts[-1])
        for index in range(len(parts) - 1, -1, -1):
            if not re.search(r"\b\d{4,5}\b|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b", parts[index]):
                continue
            found = _place(parts[index])
            if found is None and index > 0:
                found = _place(parts[index - 1])
            if found:
                return found
    return None


# the postcode areas whose post town is London (Royal Mail): a postcode there names the town
_LONDON_POSTCODE = re.compile(r"^(?:EC|WC|NW|SE|SW|E|N|W)\d[A-Z\d]?$")
# an organisation line that names its city: "Embassy of China in London", "… Embassy, London"
_IN_CITY = re.compile(r"\b(?:in|à|en|in der|,)\s+([A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)?)$")


def with_post_town(lines: list[str], country: str | None) -> tuple[list[str], bool]:
    """A British address that ends on its postcode with no post town gets the town where it
    can be told reliably: from its postcode (W1B 1JL is London's) or from an organisation line
    that names the city ("Embassy of China in London"). The lines, and whether they now have a
    town (True too when the address needs none added)."""
    if country != "GB" or not lines:
        return lines, True
    match = _GB_POSTCODE.search(lines[-1])
    if match is None:
        return lines, True
    before = lines[-1][: match.start()].strip(" ,")
    if before and not re.search(r"\d", before):
        return lines, True  # "London W1B 1JL": the town is there
    if any(
        not re.search(r"\d", line) and _place(line) == line.strip() and line.isupper()
        for line in lines[1:-1]
    ):
        return lines, True  # a line of its own in capitals: the post town
    town = next(
        (m[1] for line in lines[:-1] if (m := _IN_CITY.search(line.strip(" ,.")))),
        None,
    )
    if town is None and _LONDON_POSTCODE.match(match[0].split()[0]):
        town = "London"
    if town is None:
        return lines, False
    return [*lines[:-1], *([before] if before else []), town.upper(), match[0]], True
