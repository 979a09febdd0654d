"""Language-dependent wording that is not part of a template: dates, country names, lists.

Each language's words come from its folder under frames/ (see appeals.languages).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Literal

from appeals.languages import language
from appeals.usercache import remembered_from, remembered_one

NBSP = "\xa0"
_MONTHS_RU = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
# Spaces a line must not break at (Russian typography, and "Article 488.11" in English); each
# pattern matches the space itself.
_TIES: dict[str, re.Pattern[str]] = {
    "ru": re.compile(
        r"(?<=\bч\.) (?=\d)"  # «ч. 2»
        r"|(?<=\bст\.) (?=\d)"  # «ст. 378»
        r"|(?<=\bп\.) (?=\d)"  # «п. 3»
        r"|(?<=\d) (?=(?:ст|УК|ГК|УПК|КоАП)\b)"  # «ч. 2 ст. 378 УК РК» stays one unit
        r"|(?<=\d) (?=\d{3}\b)"  # «400 000»
        rf"|(?<=\b\d) (?=(?:{_MONTHS_RU})\b)|(?<=\b\d\d) (?=(?:{_MONTHS_RU})\b)"  # «25 февраля»
        r"|(?<=\d) (?=гг?\.)"  # «2022 г.»
        r"|(?<=№) (?=\d)"  # «№ 31/22»
        r"|(?<=\b\d) (?=суток\b)|(?<=\b\d\d) (?=суток\b)"  # «15 суток»
        r"|(?:(?<=\bУК)|(?<=\bГК)|(?<=\bУПК)|(?<=\bКоАП)) (?=РК\b)"  # «УК РК»
    ),
    "en": re.compile(
        r"(?:(?<=\bArticle)|(?<=\bArticles)) (?=\d)"  # "Article 488.11"
        r"|(?:(?<=\bMr)|(?<=\bMrs)|(?<=\bMs)|(?<=\bDr)) (?=[A-Z])"  # "Mr Mamay"
    ),
}


def tie(text: str, lang: str) -> str:
    """`text` with no-break spaces (U+00A0) where a line must not break in `lang`: «ч. 2 ст. 378
    УК РК», «400 000», «25 февраля», «2022 г.»; "Article 488.11"."""
    pattern = _TIES.get(lang)
    return pattern.sub(NBSP, text) if pattern else text


@cache
def long_date(day: date, lang: str, precision: Literal["day", "month", "year"] = "day") -> str:
    """A date as a letter writes it: '30 June 2022', «30 июня 2022 г.», «8 de agosto de 2025»."""
    words = language(lang)
    if precision == "year":
        return tie(words.year.format(year=day.year), lang)
    pattern = "long" if precision == "day" else words.month

    def formatted() -> str:
        from babel.dates import format_date

        return str(format_date(day, pattern, locale=words.locale))

    # remembered in the cache folder: Babel's import and a locale's data are most of a draft's
    # wording cost, for the same few dates (a case's facts, today) run after run
    item = f"{words.locale}|{pattern}|{day.isoformat()}"
    text = remembered_one("babel", "dates", item, formatted, looks_right=str(day.year))
    # CLDR puts a narrow no-break space before «г.», which some fonts and searches miss; a
    # Russian date keeps its parts together with U+00A0 instead (see tie), other spaces are plain
    return tie(" ".join(text.replace("\u202f", " ").replace("\xa0", " ").split()), lang)


@cache
def country_name(code: str, lang: str) -> str:
    locale = language(lang).locale

    def name() -> str:
        from babel import Locale

        return str(Locale.parse(locale).territories.get(code, code))

    return remembered_one("babel", "country-name", f"{locale}|{code}", name)


# codes Babel names that are not countries a writer lives in: unknown, groupings, test codes
_NOT_COUNTRIES = frozenset({"ZZ", "QO", "EU", "EZ", "UN", "XA", "XB"})


@cache
def is_country(code: str) -> bool:
    return (
        len(code) == 2
        and code.isalpha()
        and code not in _NOT_COUNTRIES
        and code in _territory_codes()
    )


@cache
def _territory_codes() -> frozenset[str]:
    def codes() -> list[str]:
        from babel import Locale

        return sorted(Locale.parse("en").territories)

    return frozenset(remembered_from("babel", "territory-codes", "en", codes))


def join_and(items: list[str], lang: str) -> str:
    """'a and b', 'a, b and c' — with the language's own "and" («и», "y", "et", "und"). In
    English, when the items have an "and" of their own, a comma marks the one that joins them:
    "lifted immediately and unconditionally, and that all charges are dropped"."""
    if len(items) <= 1:
        return "".join(items)
    words = language(lang)
    conjunction = words.and_
    for start, other in words.and_before.items():
        if re.match(start, items[-1], re.IGNORECASE):
            conjunction = other
    comma = "," if lang == "en" and any(" and " in item for item in items) else ""
    return f"{', '.join(items[:-1])}{comma} {conjunction} {items[-1]}"
