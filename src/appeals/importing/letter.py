"""The model letter and the asks."""

from __future__ import annotations

import re

from appeals.importing.document import Line
from appeals.importing.fields import _labelled

_ASK_INTRO = re.compile(
    r"\b(urg(?:e|ing)|call(?:ing)? (?:on|upon)|ask(?:ing)?|demand(?:ing)?)\b.*\bto\s*:\s*$",
    re.IGNORECASE,
)
_ASK_IN_LETTER = re.compile(
    r"\b(?:I|we)\s+(?:respectfully\s+|therefore\s+|also\s+)*(?:urge|call on|call upon|ask)\s+"
    r"(?:you|the authorities)\s+to\s+(?P<ask>[^.]+)\.",
    re.IGNORECASE,
)


def _asks(lines: list[Line], letter: str | None) -> list[str]:
    asks: list[str] = []
    for index, line in enumerate(lines):
        if not _ASK_INTRO.search(line.text):
            continue
        for following in lines[index + 1 :]:
            if not following.text:
                continue
            if not following.bullet:
                break
            asks.append(following.text.rstrip(";."))
    if not asks and letter:
        asks = [" ".join(m["ask"].split()) for m in _ASK_IN_LETTER.finditer(letter)]
    unique: list[str] = []
    for ask in asks:
        if ask.lower() not in (a.lower() for a in unique):
            unique.append(ask)
    return unique


_GREETING = re.compile(r"^(dear\b|your excellency|estimad|уважаем|monsieur|madame)", re.IGNORECASE)
_CLOSING = re.compile(
    r"^(yours sincerely|yours faithfully|yours respectfully|sincerely|respectfully|kind regards|"
    r"с уважением|atentamente|cordialement)",
    re.IGNORECASE,
)


def _model_letter(lines: list[Line]) -> str | None:
    labelled = _labelled(lines, "urgent action letter", "sample letter", "model letter")
    start = labelled[1] + 1 if labelled else None
    for index, line in enumerate(lines if start is None else lines[start:], start=start or 0):
        if _GREETING.match(line.text) and len(line.text) < 80 and ":" not in line.text[:-1]:
            for end in range(index + 1, min(index + 120, len(lines))):
                if _CLOSING.match(lines[end].text):
                    body = [ln.text for ln in lines[index : end + 1]]
                    return _paragraphs(body)
            break
    return None


def _paragraphs(texts: list[str]) -> str:
    paragraphs, current = [], []
    for text in texts:
        if text:
            current.append(text)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
