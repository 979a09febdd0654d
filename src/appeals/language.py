"""Language-dependent wording that is not part of a template: dates, country names, lists."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Literal

from babel import Locale
from babel.dates import format_date

from appeals.models import Lang

# Babel's locale for each letter language; British usage for English ("30 June 2022").
_LOCALES: dict[Lang, str] = {"en": "en_GB", "ru": "ru"}
_AND: dict[Lang, str] = {"en": "and", "ru": "и"}
_YEAR: dict[Lang, str] = {"en": "{year}", "ru": "{year} г."}


@cache
def long_date(day: date, lang: Lang, precision: Literal["day", "month", "year"] = "day") -> str:
    """A date as a letter writes it: '30 June 2022', «30 июня 2022 г.»."""
    if precision == "year":
        return _YEAR[lang].format(year=day.year)
    pattern = "long" if precision == "day" else "LLLL y"
    text = str(format_date(day, pattern, locale=_LOCALES[lang]))
    if lang == "ru" and precision == "month":
        text += " г."
    # CLDR puts a narrow no-break space before «г.»; a plain space survives every export format
    # and every text search, where U+202F does not.
    return text.replace("\u202f", " ").replace("\xa0", " ")


@cache
def country_name(code: str, lang: Lang) -> str:
    names = Locale.parse(_LOCALES[lang]).territories
    return str(names.get(code, code))


# codes Babel names that are not countries a writer lives in: unknown, groupings, test codes
_NOT_COUNTRIES = frozenset({"ZZ", "QO", "EU", "EZ", "UN", "XA", "XB"})


@cache
def is_country(code: str) -> bool:
    return (
        len(code) == 2
        and code.isalpha()
        and code not in _NOT_COUNTRIES
        and code in Locale.parse("en").territories
    )


def join_and(items: list[str], lang: Lang) -> str:
    """'a and b', 'a, b and c' — or with «и» in Russian."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_AND[lang]} {items[-1]}"
