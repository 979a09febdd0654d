"""The letter as Markdown: the subject as a heading, address blocks, paragraphs."""

from __future__ import annotations

import re

from appeals.models import Letter

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_BLOCK_MARK = re.compile(r"^(\s*)([#>+\-=])")
_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])")


def escape(text: str) -> str:
    """Text that Markdown shows as written, whatever a writer types."""
    text = _INLINE.sub(r"\\\1", text)
    return _LIST_NUMBER.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\1\\\2", text))


def _block(lines: list[str]) -> str:
    # two trailing spaces: a line break inside one paragraph
    return "  \n".join(escape(line) for line in lines)


def letter_markdown(letter: Letter) -> str:
    sender = letter.sender
    blocks = [
        f"# {escape(letter.subject)}",
        _block([sender.name, *sender.address, *([sender.email] if sender.email else [])]),
        escape(letter.date_text),
        _block(letter.recipient_address),
        escape(letter.salutation),
        *(escape(paragraph) for paragraph in letter.paragraphs),
        escape(letter.closing),
        escape(sender.name),
        *([escape(letter.copy_line)] if letter.copy_line else []),
    ]
    return "\n\n".join(blocks) + "\n"
