"""Dates as UAs write them, with month names in several languages (from Babel)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache


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
        re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
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
