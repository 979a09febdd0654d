"""What an import needs to know about languages: the document's own, and a sentence or two of
summary in it. (The preferred languages are read as codes by importing.fields.)"""

from __future__ import annotations

import re

from appeals.importing.document import Line
from appeals.languages import detect

_SENTENCE_END = re.compile(r"(?<=[.!?»”])\s+(?=[\"«“¿¡(]?[A-ZÀ-ÖØ-ÞА-ЯЁ])")
# words a full stop follows without ending the sentence: "Dr. Ahmadreza", "25. April", "Av. Nte."
_ABBREVIATION = re.compile(
    r"(?:\b(?:dr|mr|mrs|ms|sr|sra|srta|st|av|avda|nte|prof|gen|hon|jr|no|nr|art|bzw|vgl|ca|"
    r"etc|mme|mlle|m|s|e|u|z|gr|approx|aprox|env|ул|г|им)|\b[A-ZÀ-Þ])\.$",
    re.IGNORECASE,
)
_DATE_BREAK = re.compile(r"(?<=[.!?])\s*\d{1,2}/\d{1,2}/\d{4}\b")
_NOISE = re.compile(r"!\[[^\]]*\]\([^)]*\)|https?://\S+|\b\d{1,2}/\d{1,2}/\d{4}\b")
# sentences that ask rather than tell: they belong to the asks, not to the summary
_ASKING = re.compile(
    r"\b(we|nous|wir|pedimos|instamos|call(?:s|ing)? (?:on|upon)|urg(?:e|es|ing)|fordert|"
    r"fordern|demandons|exhortons|призыва\w*|take action|act now|actúa|passez à l)\b",
    re.IGNORECASE,
)
_STOP = re.compile(
    r"^(write to|please write|and copy|copies|appell an|sende eine kopie|actúa|escriban|"
    r"passez à l|envoyez|schreiben sie|dear |estimad|señor|señora|monsieur|madame|sehr geehrte|"
    r"your excellency|уважаем)",
    re.IGNORECASE,
)


def document_language(text: str) -> str | None:
    """The code of the language the UA is written in, when it is one the tool can write."""
    return detect(text)


def summary_of(lines: list[Line], title: str | None) -> str | None:
    """A sentence that tells what happened, from the first prose of the document
    (before the targets and any model letter); None when the document has no such prose."""
    headline = " ".join(title.split()) if title else ""
    for text in _paragraphs(lines, headline):
        if len(text) < 80 or "@" in text or text.upper() == text:
            continue
        if text.lower().startswith(("source:", "sources:")):
            continue
        sentences = [
            sentence
            for s in _sentences(text)
            if (sentence := _LEAD.sub("", s.strip())) and _is_prose(sentence, title)
        ]
        sentences = [s if s[-1] in ".!?" else f"{s}." for s in sentences if s[-1] not in ":;,"]
        # a sentence that leans on one before it ("Since that time, …") or lost its name
        # ("Citizen journalist ’s life …") does not stand alone in a letter
        sentences = [s for s in sentences if not _LEANS.match(s) and not _ELIDED.search(s)]
        if not sentences:
            continue
        return _shortened(sentences[0])
    return None


_LEANS = re.compile(
    r"^(?:since (?:that time|then)|this|these|that|those|it|they|he|she|however|but|also)\b",
    re.IGNORECASE,
)
_ELIDED = re.compile(r"\s[’']s\b")
# an aside between commas that the sentence reads without: ", who has been … ," / ", a … ,"
_ASIDE = re.compile(r",\s(?:who|which|whose|a|an)\s[^,;:()«»“”]{8,160}?,\s(?=[a-z])")


# a closing clause that tells the circumstances, after the facts: ", after suffering …."
_TRAILING = re.compile(
    r",\s(?:while|after|following|as|when|because|despite|mientras|tras|después de|alors que|"
    r"après|nachdem|während)\s[^.;:]*(?=\.$)"
)


def _shortened(sentence: str) -> str:
    """One sentence of the UA, kept short: the facts (who, what, when) without its asides and
    a closing clause of circumstances, so the letter does not repeat the UA's sentence word for
    word; what is left still has a verb's worth of words (at least eight)."""
    shorter = _ASIDE.sub(" ", sentence)
    cut = _TRAILING.sub("", shorter)
    return cut if len(cut.split()) >= 8 else shorter


# an upper-case heading glued to the prose after it ("GRAVE CONCERNS Citizen journalist …")
# and a paragraph number ("11. Syrian man …")
_LEAD = re.compile(
    r"^(?:(?:[A-ZÀ-Þ0-9][A-ZÀ-Þ0-9,’'\-]+\s+){2,}(?=[A-ZÀ-Þ][a-zà-ÿ])|\d{1,3}\.\s+(?=[A-ZÀ-Þ]))"
)
# the letter's voice: a greeting or "I" is the model letter, not the summary
_LETTER = re.compile(r"\b(?:Dear|I|Je|Ich|Estimad[oa]s?)\b")


def _is_prose(sentence: str, title: str | None) -> bool:
    words = sentence.split()
    small = sum(1 for word in words if word[:1].islower())
    return (
        len(words) >= 8
        and small >= 0.35 * len(words)  # a run of names, numbers and headings is not prose
        and not _ASKING.search(sentence)
        and not _LETTER.search(sentence)
        and sentence != title
    )


def _paragraphs(lines: list[Line], headline: str = "") -> list[str]:
    """The document's prose paragraphs up to its first target or greeting. A line that runs on
    (a text wrapped at 80 columns: long, with no closing stop) is joined to the next; a line
    seen earlier on its own (a repeated title) is taken off the start of a paragraph. The
    headline is never joined to the sentence after it: the line that is the UA's title, and the
    text before a date glued to the prose ("…Djalali.11/26/2020 Le 24 …"), are headings."""
    paragraphs: list[str] = []
    current: list[str] = []
    seen: list[str] = []
    ends = '.!?:»”)"'
    # a document wrapped at a fixed width has several long lines that stop mid-sentence
    wrapped = sum(1 for ln in lines if len(ln.text) >= 80 and ln.text[-1] not in ends) >= 3
    for index, line in enumerate(lines):
        # a date glued between a web page's headline and its prose ("…Djalali.11/26/2020 Le 24 …")
        # ends the headline
        parts = [" ".join(_NOISE.sub(" ", part).split()) for part in _DATE_BREAK.split(line.text)]
        for part in parts[:-1]:
            if part and not current:
                seen.append(part)
        text = parts[-1]
        if _STOP.match(text):
            break
        label = text.endswith(":") and len(text) < 60
        title_line = bool(headline) and text.rstrip(" .") == headline.rstrip(" .")
        if not text or line.heading or line.bullet or label or title_line:
            if current:
                paragraphs.append(" ".join(current))
            current = []
            if text:
                seen.append(text)
            continue
        if not current:
            for earlier in seen:
                if len(earlier) > 10 and text.startswith(earlier) and text != earlier:
                    text = text[len(earlier) :].strip()
        current.append(text)
        seen.append(text)
        following = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
        runs_on = following[:1].islower() or (wrapped and len(text) >= 60)
        if not runs_on or text[-1] in ends:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


# a day written as an ordinal ("25. April 2016", "1. Mai") goes on; "on August 30. After …" ends
_ORDINAL_NEXT = re.compile(
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    r"Dezember|Jahrhundert|Jahrestag)\b|\d"
)


def _sentences(text: str) -> list[str]:
    """The text cut after each full stop that ends a sentence, not an abbreviation or a number."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        if _ABBREVIATION.search(before) or (
            re.search(r"\b\d{1,2}\.$", before) and _ORDINAL_NEXT.match(text, match.end())
        ):
            continue
        sentences.append(before)
        start = match.end()
    sentences.append(text[start:])
    return sentences
