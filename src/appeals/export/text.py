"""The letter as plain text, wrapped for email and the terminal."""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache

from appeals.models import Letter

WIDTH = 72

# Spaces a line must not break at: "25 February", «2022 г.» and «400 000». textwrap breaks
# only at ASCII white space, so these are held as no-break spaces while wrapping.
KEEP_TOGETHER = re.compile(
    r"(?:(?<=\b\d)|(?<=\b\d\d)) (?=[^\W\d_]+ \d{4})|(?<=\d) (?=г\.)|(?<=\d) (?=\d{3}\b)"
)


# a date in the other letter languages: «3 de marzo de 2025», «3. März 2025»
_DATE = re.compile(r"\b\d{1,2}\.? (?:de )?[^\W\d_]{3,} (?:de )?\d{4}\b")


def letter_text(letter: Letter, width: int = WIDTH) -> str:
    sender = letter.sender
    blocks = [
        [letter.date_text],
        letter.recipient_address,
        [letter.salutation],
        *(wrap(paragraph, width) for paragraph in letter.paragraphs),
        [letter.closing],
        [sender.name, *sender.address, *([sender.email] if sender.email else [])],
    ]
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def wrap(paragraph: str, width: int = WIDTH) -> list[str]:
    return list(_wrapped(paragraph, width))


@lru_cache(maxsize=1024)  # a batch wraps the same model paragraphs for every writer
def _wrapped(paragraph: str, width: int) -> tuple[str, ...]:
    held = KEEP_TOGETHER.sub("\xa0", paragraph)
    held = _DATE.sub(lambda match: match.group(0).replace(" ", "\xa0"), held)
    lines = textwrap.wrap(held, width, break_long_words=False, break_on_hyphens=False)
    return tuple(line.replace("\xa0", " ") for line in lines)
