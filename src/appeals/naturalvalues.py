"""Values as people write them: a country, a language, a date, a number.

One parser per kind, used alike for a command-line option, the writer's profile, a group's CSV
and the case files, so that `UK` or `русский` means the same everywhere. Each parser returns
the canonical value or raises ValueError with a message in plain words; the caller says where
the value came from (an option, a file and line, a CSV row).
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from functools import cache

from appeals.models import Lang

# names Babel's territory lists do not carry, in lower case
_COUNTRY_ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "англия": "GB",
    "британия": "GB",
    "шотландия": "GB",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "сша": "US",
}
# two-letter codes in Babel's list that are not countries a letter can come from
_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})
_COUNTRY_HINT = "write its name (Canada, United Kingdom) or its two-letter code (CA, GB)"


def _key(text: str) -> str:
    """A name as compared: case and extra spaces ignored, «ё» read as «е», no leading 'the'."""
    key = " ".join(text.casefold().replace("ё", "е").split())
    return key.removeprefix("the ")


def parse_country(text: str) -> str:
    """The ISO code of a country given by code or name, in English or Russian, any case:
    `UK`, `gb`, `United Kingdom`, `Великобритания` are all GB."""
    key = _key(text)
    if not key:
        raise ValueError("is empty; " + _COUNTRY_HINT)
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    if len(key) == 2 and key.isalpha():
        from appeals.language import is_country  # one locale's list: a code is the usual case

        code = key.upper()
        if is_country(code) and code not in _NOT_COUNTRIES:
            return code
        raise ValueError(f"{text.strip()!r} is not a country code; " + _COUNTRY_HINT)
    names = _country_names()
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, [*names, *_COUNTRY_ALIASES], n=1, cutoff=0.8)
    guess = f" (did you mean {_display_name(close[0])}?)" if close else ""
    raise ValueError(f"{text.strip()!r} is not a country we know{guess}; " + _COUNTRY_HINT)


@cache
def _country_names() -> dict[str, str]:
    """Every country's name in English and Russian, as a key, to its code."""
    from babel import Locale

    names: dict[str, str] = {}
    for locale in ("en", "en_GB", "ru"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                names[_key(name)] = code
    return names


def _display_name(key: str) -> str:
    """A matched key shown as the user would write it."""
    return key.upper() if len(key) <= 3 else key.title()


# ------------------------------------------------------------------------------------------------


def _lang_hint() -> str:
    from appeals.languages import english_name, known

    named = [f"{english_name(code)} ({code})" for code in known()]
    listed = f"{', '.join(named[:-1])} or {named[-1]}" if len(named) > 1 else "".join(named)
    return "choose " + listed


def parse_lang(text: str) -> Lang:
    """A letter language given by code or name, any case: `RU`, `Russian`, `русский`,
    `español`; one the tool can write (a folder under frames/, see appeals.languages)."""
    from appeals.languages import english_name, known

    key = _key(text)
    if not key:
        raise ValueError("is empty; " + _lang_hint())
    if key in known():  # a code, the usual case, needs no list of names
        return key
    code = _language_names().get(key)
    if code is None:
        raise ValueError(f"{text.strip()!r} is not a language we know; " + _lang_hint())
    if code in known():
        return code
    raise ValueError(
        f"there are no letters in {english_name(code)}; {_lang_hint()} "
        "(a new language is a folder under src/appeals/frames/, see the README)"
    )


@cache
def _language_names() -> dict[str, str]:
    """Language names in English, Russian and each language the tool writes, and the codes
    themselves, to the code."""
    from babel import Locale

    from appeals.languages import known, language

    names: dict[str, str] = {"eng": "en", "rus": "ru", "spa": "es", "fra": "fr", "deu": "de"}
    for locale in ("en", "ru", *(language(code).locale for code in known())):
        for code, name in Locale.parse(locale).languages.items():
            if code.isalpha():
                names.setdefault(_key(name), code)
                names.setdefault(code.casefold(), code)
    for lang in known():  # each language's own name for itself: English, русский, español
        names[_key(language(lang).name)] = lang
        for other in language(lang).names:  # castellano
            names[_key(other)] = lang
    return names


# ------------------------------------------------------------------------------------------------

_DATE_SHAPE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_HINT = "write it as YYYY-MM-DD, such as 2022-06-30"


def parse_date(text: str) -> date:
    """A date written YYYY-MM-DD, with the wrong part named when it is not a date."""
    value = text.strip()
    match = _DATE_SHAPE.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not a date; " + _DATE_HINT)
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r} has no month {month}: months run from 01 to 12; " + _DATE_HINT)
    try:
        return date(year, month, day)
    except ValueError:
        from calendar import month_name, monthrange

        if year < 1:
            raise ValueError(f"{value!r}: there is no year {year}; " + _DATE_HINT) from None
        days = monthrange(year, month)[1]
        raise ValueError(
            f"{value!r}: {month_name[month]} {year} has {days} days, not {day}; " + _DATE_HINT
        ) from None


def parse_whole_number(text: str) -> int:
    """A whole number such as 12 (no fraction, no letters)."""
    value = text.strip()
    if not re.fullmatch(r"[+-]?\d{1,40}", value):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


# ------------------------------------------------------------------------------------------------


def plain_problem(kind: str, message: str, value: object, expected: object = None) -> str:
    """One of pydantic's validation errors in plain words, for a value read from a file.

    `kind` is pydantic's error type; messages our own validators raise pass through.
    """
    shown = repr(value) if isinstance(value, str | int | float | bool) else None
    if kind == "missing":
        return "is missing; add it"
    if kind == "extra_forbidden":
        return "is not a known field; remove it or check its spelling"
    if kind.startswith(("date_", "datetime_")):
        return f"{shown or 'this'} is not a date; " + _DATE_HINT
    if kind == "literal_error" and expected:
        return f"{shown or 'this'} is not one of: {expected}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{shown or 'this'} is not a whole number"
    if kind in {"bool_parsing", "bool_type"}:
        return f"{shown or 'this'} is not yes or no; write true or false"
    if kind in {"list_type", "tuple_type"}:
        return "should be a list, one '- item' a line"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return "should be a set of 'name: value' lines"
    if kind in {"string_type", "string_unicode"}:
        return f"{shown + ' ' if shown else ''}should be text; put it in quotes"
    if kind == "string_pattern_mismatch":
        return f"{shown or 'this'} may use only lower-case letters, digits and '-'"
    if kind == "invalid_key":
        return f"{shown or 'this'} is not a name; a key is text: put it in quotes, or remove it"
    if kind == "too_short":
        return "is empty; give at least one"
    message = message.removeprefix("Value error, ")
    return message.replace("Input should be", "should be").replace("String should", "should")
