"""Address blocks in the destination country's postal format."""

from __future__ import annotations

from appeals.language import country_name
from appeals.models import Lang, Postal


def address_lines(postal: Postal, lang: Lang, sender_country: str | None) -> list[str]:
    """The postal lines of an address, ending with the country when the mail crosses a border."""
    local = postal.local.get(lang)
    lines = list(local) if local is not None else [*postal.lines, *_locality(postal)]
    if postal.country is not None and sender_country != postal.country:
        # international mail: the country alone on the last line, in capitals, in English
        lines.append(country_name(postal.country, "en").upper())
    return lines


def _locality(postal: Postal) -> list[str]:
    city, region, code = postal.city, postal.region, postal.postcode
    if city is None:
        return [code] if code else []
    if postal.country == "CA":
        # Canada Post: municipality, province and postal code on one line, in capitals,
        # with two spaces before the postal code
        place = " ".join(part for part in (city, region) if part).upper()
        return [f"{place}  {code}" if code else place]
    if postal.country == "GB":
        # Royal Mail: the post town in capitals, the postcode on a line of its own
        return [city.upper(), *([code] if code else [])]
    return [" ".join(part for part in (code, city) if part)]
