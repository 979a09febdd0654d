"""The letter as plain text, wrapped for email and the terminal."""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache

from appeals.models import Letter

WIDTH = 72

# Spaces a line must not break at: "25 February", «2022 г.» and «400 000». The letter itself
# carries no-break spaces (U+00A0) where its language's typography wants them, and no wrapping
# ever breaks there; these spaces, in text such as the writer's own sentence, are held together
# while wrapping only and come out as plain spaces.
KEEP_TOGETHER = re.compile(
    r"(?:(?<=\b\d)|(?<=\b\d\d)) (?=[^\W\d_]+ \d{4})|(?<=\d) (?=г\.)|(?<=\d) (?=\d{3}\b)"
)
# a date in the other letter languages: «3 de marzo de 2025», «3. März 2025»
_DATE = re.compile(r"\b\d{1,2}\.? (?:de )?[^\W\d_]{3,} (?:de )?\d{4}\b")
HELD = "\ue000"  # a private-use character: no wrapping breaks at it, and no letter contains it


def hold(text: str) -> str:
    """`text` with the spaces KEEP_TOGETHER names made unbreakable until release()."""
    held = KEEP_TOGETHER.sub(HELD, text.replace(HELD, " "))
    return _DATE.sub(lambda match: match.group(0).replace(" ", HELD), held)


def release(line: str) -> str:
    return line.replace(HELD, " ")


def letter_text(letter: Letter, width: int = WIDTH, *, flowed: bool = False) -> str:
    """The letter as text; `flowed` ends each wrapped line of a paragraph with a space, which
    RFC 3676 (format=flowed) reads as a soft break that a mail program may re-flow."""
    head, signature = text_parts(letter, width, flowed=flowed)
    return head + signature


def text_parts(letter: Letter, width: int = WIDTH, *, flowed: bool = False) -> tuple[str, str]:
    """The letter's text in two parts: up to the signature, with the blank line after it (the
    same string object for every letter of a batch that shares it), and from the signature on.
    Only paragraphs are flowed: the second part is the same with `flowed` or without."""
    sender = letter.sender
    head = _letter_head(letter, width, flowed)
    blocks = [
        [sender.name, *sender.address, *([sender.email] if sender.email else [])],
        *([wrap(letter.copy_line, width)] if letter.copy_line else []),
    ]
    return head, "\n\n".join("\n".join(block) for block in blocks) + "\n"


def flowed_head(letter: Letter, width: int = WIDTH) -> str:
    """text_parts(letter, width, flowed=True)[0], without making the signature again."""
    return _letter_head(letter, width, True)


def _letter_head(letter: Letter, width: int, flowed: bool) -> str:
    return _head(
        letter.date_text,
        tuple(letter.recipient_address),
        letter.salutation,
        tuple(letter.paragraphs),
        letter.closing,
        width,
        flowed,
    )


@lru_cache(maxsize=256)  # a batch's letters differ in the signature only: the rest is made once
def _head(
    date_text: str,
    recipient_address: tuple[str, ...],
    salutation: str,
    paragraphs: tuple[str, ...],
    closing: str,
    width: int,
    flowed: bool,
) -> str:
    """The letter's text up to the signature, with the blank line after it."""
    blocks = [
        [date_text],
        list(recipient_address),
        [salutation],
        *(wrap(paragraph, width, flowed=flowed) for paragraph in paragraphs),
        wrap(closing, width, flowed=flowed),  # a French closing is a sentence
    ]
    return "".join("\n".join(block) + "\n\n" for block in blocks)


def wrap(paragraph: str, width: int = WIDTH, *, flowed: bool = False) -> list[str]:
    lines = list(_wrapped(paragraph, width))
    if flowed:
        lines[:-1] = [f"{line} " for line in lines[:-1]]
    return lines


@lru_cache(maxsize=1024)  # a batch wraps the same model paragraphs for every writer
def _wrapped(paragraph: str, width: int) -> tuple[str, ...]:
    # textwrap breaks only at ASCII white space: U+00A0 and HELD stay inside a word
    lines = textwrap.wrap(hold(paragraph), width, break_long_words=False, break_on_hyphens=False)
    return tuple(release(line) for line in lines)
