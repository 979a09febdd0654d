"""Language-dependent wording that is not part of a template: dates, country names, lists.

Each language's words come from its folder under frames/ (see appeals.languages).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Literal

from babel import Locale
from babel.dates import format_date

from appeals.languages import language


@cache
def long_date(day: date, lang: str, precision: Literal["day", "month", "year"] = "day") -> str:
    """A date as a letter writes it: '30 June 2022', «30 июня 2022 г.», «8 de agosto de 2025»."""
    words = language(lang)
    if precision == "year":
        return words.year.format(year=day.year)
    pattern = "long" if precision == "day" else words.month
    text = str(format_date(day, pattern, locale=words.locale))
    # CLDR puts a narrow no-break space before «г.»; a plain space survives every export format
    # and every text search, where U+202F does not.
    return text.replace("\u202f", " ").replace("\xa0", " ")


@cache
def country_name(code: str, lang: str) -> str:
    names = Locale.parse(language(lang).locale).territories
    return str(names.get(code, code))


@cache
def is_country(code: str) -> bool:
    return len(code) == 2 and code.isalpha() and code in Locale.parse("en").territories


def join_and(items: list[str], lang: str) -> str:
    """'a and b', 'a, b and c' — with the language's own "and" («и», "y", "et", "und")."""
    if len(items) <= 1:
        return "".join(items)
    words = language(lang)
    conjunction = words.and_
    for start, other in words.and_before.items():
        if re.match(start, items[-1], re.IGNORECASE):
            conjunction = other
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
