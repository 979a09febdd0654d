"""The model letter and the asks."""

from __future__ import annotations

import re

from appeals.importing.document import GREETING, Line
from appeals.importing.fields import _labelled

_ASK_INTRO = re.compile(
    r"\b(urg(?:e|ing)|call(?:ing)? (?:on|upon)|ask(?:ing)?|demand(?:ing)?)\b.*\bto\s*:\s*$|"
    r"\bplease write\b.*:\s*$|\b(?:amnesty )?fordert\s*:?\s*$|\bforderungen\b|"
    r"\b(?:pedimos|exigimos|pide|pidan|demandons|demandez|exhortez|appelez)\b.*:\s*$|"
    r"\bwrite (?:a letter|an appeal|appeals)\b.*:\s*$|"
    r"\b(?:escriban|escribid|escribe|écrivez|ecrivez|schreiben sie)\b.*:\s*$|"
    r"(?:напишите|призовите|потребуйте|просим|призываем)\b.*:\s*$",
    re.IGNORECASE,
)
# Asks written as sentences: "calls on the President to …", "Pedimos a X que …"
_ASK_SENTENCES = [
    re.compile(
        r"\b(?:(?:calls?|calling)\s+(?:on|upon)|urges?|urging|asks?|asking)\s+(?:the\s+)?"
        r"(?:[\w’'-]+\s+){0,8}?to\s+(?P<ask>[a-z][^.;]+)",
    ),
    re.compile(
        r"\b(?P<ask>(?:Exigimos|Pedimos|Solicitamos|Instamos|Nous demandons|Nous appelons|"
        r"Wir fordern|Amnesty fordert)\b[^.]+)",
    ),
    re.compile(r"(?:^|(?<=[.!?]\s))(?P<ask>[A-Z][^.]*\b(?:must|should)\b(?! not)[^.]+)"),
]
_ASK_IN_LETTER = re.compile(
    r"\b(?:I|We)\s+(?:\w+ly\s+|therefore\s+|also\s+|finally\s+|further\s+)*"
    r"(?:urge|call on|call upon|ask|request|implore)\s+"
    r"(?:you|(?:the\s+)?(?:[\w-]+\s+){0,3}authorities)\s+to\s+(?P<ask>[^.]+)(?:\.|$)",
    re.IGNORECASE,
)


# a numbered or lettered item ("1)", "2.", "a)", "(b)"): the reading of lines keeps its number
_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[a-h][.)]|\([a-h1-9]\))\s+")


def _item_kind(line: Line) -> str | None:
    if line.bullet:
        return "bullet"
    found = _ITEM.match(line.text)
    if not found:
        return None
    return "number" if found[0][:2].strip("(").isdigit() or found[0][0].isdigit() else "letter"


def _asks(lines: list[Line], letter: str | None, summary: list[str] | None = None) -> list[str]:
    asks: list[str] = []
    for index, line in enumerate(lines):
        if len(line.text) > 300 or not _ASK_INTRO.search(line.text):
            continue  # a cue to a list of asks is one short line
        skipped = 0
        kind = None  # the list's marker: a bullet, "1)" or "a)"; another marker ends the list
        for following in lines[index + 1 :]:
            if not following.text:
                continue
            item = _item_kind(following)
            if item is None or (kind and item != kind):
                # a heading between the cue and its list ("LUFTPOSTBRIEFE … FORDERUNGEN")
                if not asks and skipped < 1 and following.text.isupper():
                    skipped += 1
                    continue
                break
            kind = item
            asks.append(_ITEM.sub("", following.text).rstrip(" ;."))
    text = " ".join(summary or [])
    # a summary's call ("calls on … to …") first, then the model letter's "I urge you to …",
    # then the summary's "… must release …"
    for pattern in _ASK_SENTENCES[:2]:
        if not asks:
            asks = _sentence_asks(pattern, text)
    if not asks and letter:
        asks = [" ".join(m["ask"].split()) for m in _ASK_IN_LETTER.finditer(letter[:20000])]
    if not asks:
        asks = _sentence_asks(_ASK_SENTENCES[2], text)
    unique: list[str] = []
    for ask in asks:
        if ask and ask.lower() not in (a.lower() for a in unique):
            unique.append(ask)
    return unique


def _sentence_asks(pattern: re.Pattern[str], text: str) -> list[str]:
    asks: list[str] = []
    for match in pattern.finditer(text):
        for part in re.split(r",?\s+and\s+to\s+", match["ask"]):
            asks.append(" ".join(part.split()).rstrip(";.,"))
    return asks


_GREETING = re.compile(
    rf"^(?:{GREETING}|dear\b|your excellency|estimad|уважаем|monsieur|madame|señor|"
    r"sehr geehrte|exzellenz)",
    re.IGNORECASE,
)
_GREETING_ONLY = re.compile(rf"^{GREETING}$", re.IGNORECASE)
_CLOSING = re.compile(
    r"^(yours sincerely|yours faithfully|yours respectfully|sincerely|respectfully|kind regards|"
    r"с уважением|atentamente|cordialement|mit freundlichen grüßen|hochachtungsvoll|"
    r"veuillez agréer|je vous prie d.agréer|le saludo atentamente)",
    re.IGNORECASE,
)
_LETTER_ENDS = re.compile(
    r"^(additional information|background|información adicional|informaci[oó]n complementaria|"
    r"hintergrundinformationen?|hintergrund|compl[ée]ment d.information|informations "
    r"compl[ée]mentaires|preferred language|langue|idioma|please take action|appeal deadline|"
    r"date limite|name and preferred|take action|downloads?\b|share this)",
    re.IGNORECASE,
)


def _model_letter(lines: list[Line]) -> str | None:
    """The model letter: from its greeting to its closing (or to where the page cut it)."""
    labelled = _labelled(lines, "urgent action letter", "sample letter", "model letter")
    start = labelled[1] + 1 if labelled else 0
    for index in range(start, len(lines)):
        text = lines[index].text
        short = len(text) < 80 and ":" not in text[:-1]
        if not (_GREETING_ONLY.match(text) or (_GREETING.match(text) and short)):
            continue
        if re.match(r"^\(?\s*(salutation|anrede)", lines[index - 1].text if index else "", re.I):
            continue
        body: list[str] = [text, ""]  # the greeting is a paragraph of its own
        for line in lines[index + 1 :]:
            if _LETTER_ENDS.match(line.text) or (line.heading and body[-1:] != [""]):
                break
            if _CLOSING.match(line.text):
                body.extend(["", line.text])
                break
            body.append(line.text)
        if sum(len(t) for t in body[2:]) >= 120:
            return _paragraphs(body)
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
