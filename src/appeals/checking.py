"""Check a letter against its action: what Amnesty asks every appeal to have.

A letter written in the writer's own words (text, Markdown or .eml) must name the person in full,
cover every ask, carry the writer's name and address, fit on one page and stay polite; dates it
quotes should be those of the case.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from appeals.errors import DataError
from appeals.files import read_input
from appeals.languages import detect, known, language
from appeals.loading import CaseFolder
from appeals.models import Action, Lang
from appeals.unseen import C0_BUT_PAGES, C1_AND_BIDI
from appeals.words import Word, find, tokens, words

SIGNED = "your name and address"  # the checklist item for the writer's signature
PAGE_LINES = 64  # lines of 72 columns, blank lines included, that the one-page PDF layout holds
WIDTH = 72

# The closings, the courtesy list (words that make an appeal easy to dismiss, matched by their
# Snowball stems, see appeals.words), the month names and the stemmer of each language come
# from its frame (appeals.languages).


@cache
def _month_numbers(lang: str) -> dict[str, int]:
    """Month names as letters write them ("août", «июня»), in the letter's language and the
    two of the bundled case."""
    names: dict[str, int] = {}
    # the letter's language, and the bundled case's two (a letter may quote either)
    for code in dict.fromkeys((lang, "en", "ru")):
        for index, name in enumerate(_month_names(language(code).locale)):
            names[name.lower()] = index % 12 + 1
    return names


def _month_names(locale: str) -> list[str]:
    """The 24 wide month names of a Babel locale: January to December as a date writes them,
    then as they stand alone («июня», «июнь»). Remembered in the cache folder: an English
    letter would otherwise load Babel's Russian locale for them alone."""
    from appeals.usercache import remembered_from

    def names() -> list[str]:
        import babel

        months = babel.Locale.parse(locale).months
        return [
            months[context]["wide"][number]
            for context in ("format", "stand-alone")
            for number in range(1, 13)
        ]

    found = remembered_from("babel", "month-names", locale, names)
    return found if len(found) == 24 else names()


@cache
def _date_pattern(lang: str) -> re.Pattern[str]:
    months = "|".join(sorted(map(re.escape, _month_numbers(lang)), key=len, reverse=True))
    # "30 June 2022", «30 июня 2022», "8 de agosto de 2025", "8. August 2025", "June 30, 2022"
    return re.compile(
        rf"\b(\d{{1,2}})\.?\s+(?:de\s+)?({months})\s+(?:de\s+)?(\d{{4}})"
        rf"|\b({months})\s+(\d{{1,2}}),?\s+(\d{{4}})",
        re.IGNORECASE,
    )


_PLACEHOLDER = re.compile(r"^\[.*\]$")


@dataclass(frozen=True)
class CheckItem:
    label: str
    passed: bool
    must: bool  # a must-have: its failure makes `appeals check` exit 1
    detail: str

    @property
    def failed_must(self) -> bool:
        return self.must and not self.passed


MAX_EML = 2 * 2**20  # bytes of an .eml file: a letter, its headers, perhaps a small attachment
MAX_TEXT = 100_000  # characters of a letter's text; one page holds about 4,600
MAX_PDF = 10 * 2**20  # bytes of a PDF letter: a page or two, perhaps with a scan


def read_letter(path: Path) -> str:
    """The letter's text from a .txt, .md, .eml or .pdf file, at most MAX_TEXT characters: checking
    costs time in proportion to the text, and a longer file is not a letter."""
    suffix = path.suffix.lower()
    eml = suffix == ".eml"
    limit = MAX_EML if eml else MAX_PDF if suffix == ".pdf" else 400 * 1024
    data = read_input(path, "a letter", limit=limit)
    if data.startswith(b"%PDF") or suffix == ".pdf":
        from appeals.importing.document import pdf_text  # read as `appeals import` reads a UA

        text = _CONTROL.sub("", pdf_text(path, data))  # what a PDF's text layer should not have
    else:
        text = _eml_text(path, data) if eml else _plain_text(path, data)
        control = _CONTROL.search(text)
        if control:  # it would be shown as it is in the report, where a terminal acts on it
            line = text.count("\n", 0, control.start()) + 1
            raise DataError(
                f"{path}:{line}: has the control character U+{ord(control.group()):04X}; a "
                "letter holds plain text only, remove it"
            )
    if len(text) > MAX_TEXT:
        raise DataError(
            f"{path}: {len(text):,} characters, far more than a letter (one page holds about "
            "4,600); is this your letter?"
        )
    if not text.strip():
        raise DataError(f"{path}: is empty; there is no letter to check")
    return text


# escape, backspace, bell and the like, and bidi overrides; tabs, line and page breaks are text
_CONTROL = re.compile(f"[{C0_BUT_PAGES}{C1_AND_BIDI}]")


MAX_PARTS = 100  # MIME parts in a letter's .eml: its text, an HTML copy, a few attachments


def _eml_text(path: Path, data: bytes) -> str:
    # each part has a Content-Type header or starts at a boundary line ("--" and the boundary)
    parts = max(len(re.findall(rb"(?im)^content-type:", data)), data.count(b"\n--"))
    if parts > MAX_PARTS:
        # the email parser's time grows faster than the number of parts, and nests by recursion
        raise DataError(f"{path}: {parts:,} MIME parts, where a letter has a few; not a letter")
    from email import message_from_bytes
    from email.message import EmailMessage
    from email.policy import default

    try:
        message = message_from_bytes(data, policy=default)
        body = (
            message.get_body(preferencelist=("plain",))
            if isinstance(message, EmailMessage)
            else None
        )
    except RecursionError:
        raise DataError(
            f"{path}: parts nested inside each other thousands deep; not a letter"
        ) from None
    if body is None:
        raise DataError(f"{path}: no plain-text part to check")
    try:
        content = body.get_content()
    except (LookupError, ValueError) as err:  # an unknown charset, a broken encoding
        raise DataError(
            f"{path}: cannot read its plain-text part ({err}); save the letter as UTF-8"
        ) from None
    # base64 that lost characters, or has some that are not base64, is decoded into something
    # else than the letter (or kept as it was written): say so, rather than check that
    damaged = {"InvalidBase64LengthDefect", "InvalidBase64CharactersDefect"}
    if any(type(defect).__name__ in damaged for defect in body.defects):
        raise DataError(
            f"{path}: its plain-text part could not be decoded (damaged base64: characters "
            "missing or not base64); save the letter again from your mail program"
        )
    return str(content).replace("\r\n", "\n")


def _plain_text(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    if path.suffix.lower() == ".md":
        # the heading is the subject, not the letter; backslashes only escape Markdown
        text = re.sub(r"\\(.)", r"\1", re.sub(r"(?m)^#+\s.*$", "", text))
    return text


def guess_lang(text: str, worded: list[str] | None = None) -> Lang:
    """The language a letter is written in, by its common words; when two languages share too
    many of them (Spanish and French), the one of `worded` (the languages the action is worded
    in) with the most; else by its alphabet."""
    found = detect(text)
    if found is not None:
        return found
    candidates = [code for code in worded or [] if code in known()]
    if candidates:
        words_of = re.findall(r"[^\W\d_]+", text.lower())
        scores = {
            code: sum(1 for word in words_of if word in set(language(code).common))
            for code in candidates
        }
        best = max(candidates, key=lambda code: scores[code])
        if scores[best] > 0:
            return best
    cyrillic = len(re.findall(r"[а-яё]", text, re.IGNORECASE))
    latin = len(re.findall(r"[a-z]", text, re.IGNORECASE))
    return "ru" if cyrillic > latin else "en"


def check_letter(text: str, folder: CaseFolder, action: Action, lang: Lang) -> list[CheckItem]:
    """Every item of the checklist, in order."""
    # a no-break space («25\xa0февраля», «ч.\xa02») reads as a space in every check
    text = text.replace("\xa0", " ").replace("\u202f", " ")
    lines = text.splitlines()
    wording = action.text(lang)  # first: a language the action lacks is said in words
    found = words(lines, lang)
    items = [_names_person(lines, folder, lang)]
    for number, ask in enumerate(wording.asks, start=1):
        groups = wording.checks[number - 1] if wording.checks else _stems(ask, lang)
        items.append(_covers(lines, found, number, ask, groups, lang))
    items.append(_signed(lines, lang))
    items.append(_one_page(text))
    items.append(_polite(lines, lang))
    items.append(_dates(lines, folder, action, _model_dates(folder, action, lang), lang))
    return items


def _model_dates(folder: CaseFolder, action: Action, lang: Lang) -> set[date]:
    """Dates the action's own model letter quotes ("4 and 5 January 2022" has 5 January)."""
    from appeals.compose import render_body
    from appeals.models import Writer

    target = next((folder.targets[t] for t in action.targets if t in folder.targets), None)
    if target is None:
        return set()
    body = render_body(
        folder, action=action, target=target, lang=lang, writer=Writer(), personal=""
    )
    pattern = _date_pattern(lang)
    return {when for match in pattern.finditer(" ".join(body)) if (when := _as_date(match, lang))}


def _as_date(match: re.Match[str], lang: str) -> date | None:
    day, month, year = (
        (match.group(1), match.group(2), match.group(3))
        if match.group(1)
        else (match.group(5), match.group(4), match.group(6))
    )
    try:
        return date(int(year), _month_numbers(lang)[month.lower()], int(day))
    except (KeyError, ValueError):
        return None


def _quote(lines: list[str], number: int) -> str:
    line = lines[number - 1].strip()
    return f'line {number}: "{line[:70]}{"…" if len(line) > 70 else ""}"'


def _names_person(lines: list[str], folder: CaseFolder, lang: Lang) -> CheckItem:
    person = folder.case.person.text(lang)
    names = {person.name, *(form for form in person.forms.values() if " " in form)}
    joined = "\n".join(lines)
    label = f"names {person.name} in full"
    for name in sorted(names, key=len, reverse=True):
        # a name may be broken across two lines
        pattern = re.compile(r"\s+".join(map(re.escape, name.split())), re.IGNORECASE)
        found = pattern.search(joined)
        if found:
            number = joined.count("\n", 0, found.start()) + 1
            return CheckItem(label, True, True, _quote(lines, number))
    return CheckItem(label, False, True, f"add the full name, {person.name}")


def _stems(ask: str, lang: Lang) -> list[list[str]]:
    """Without explicit checks: every word of five letters or more of the ask as a request
    (without the UA's lead-in, "Pedimos al presidente que …"), each a group of its own
    (compared by stem, so any form of the word counts)."""
    from appeals.wording import requests

    asked = requests([ask], lang)
    ask = next(iter([*asked.clauses, *asked.infinitives, *asked.sentences]), ask)
    return [[word] for word in dict.fromkeys(w for w in tokens(ask) if len(w) >= 5)]


def _covers(
    lines: list[str],
    found: list[Word],
    number: int,
    ask: str,
    groups: list[list[str]],
    lang: Lang,
) -> CheckItem:
    label = f"ask {number}: {ask}"
    shown = None
    for group in groups:
        match = find(found, group, lang)
        if match is None:
            hint = " + ".join("/".join(g) for g in groups)
            return CheckItem(
                label, False, True, f"not found; say it in your words (look for: {hint})"
            )
        shown = shown or match[0].line
    return CheckItem(label, True, True, _quote(lines, shown or 1))


def _signed(lines: list[str], lang: Lang) -> CheckItem:
    label = SIGNED
    # the letter's own language first; a closing in another of the tool's languages also counts
    closings = tuple(c for code in (lang, *known()) for c in language(code).closings)
    closing = None
    for number, line in enumerate(lines, start=1):
        if line.strip().lower().replace("’", "'").rstrip(",!.").startswith(closings):
            closing = number
    if closing is None:
        return CheckItem(
            label, False, True, "no closing such as 'Yours sincerely,' before your name"
        )
    after = [
        (n, line.strip()) for n, line in enumerate(lines, start=1) if n > closing and line.strip()
    ]
    if not after:
        return CheckItem(
            label,
            False,
            True,
            f"nothing after the closing on line {closing}; sign with your name and address",
        )
    if _PLACEHOLDER.match(after[0][1]):
        return CheckItem(
            label, False, True, f"line {after[0][0]} still says {after[0][1]}; write your name"
        )
    address = [(n, line) for n, line in after[1:] if "@" not in line]
    if not address or all(_PLACEHOLDER.match(line) for _, line in address):
        top = _top_block(lines)
        if len(top) >= 2 and top[0][1] == after[0][1]:  # the address heads the letter instead
            return CheckItem(
                label, True, True, f"lines {top[0][0]}-{top[-1][0]}: {top[0][1]}, {top[1][1]}"
            )
        return CheckItem(
            label,
            False,
            True,
            f"your name is on line {after[0][0]}, but no postal address follows it",
        )
    return CheckItem(
        label, True, True, f"lines {after[0][0]}-{address[-1][0]}: {after[0][1]}, {address[0][1]}"
    )


def _top_block(lines: list[str]) -> list[tuple[int, str]]:
    """The first block of lines, up to the first blank line after some text."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            block.append((number, line.strip()))
        elif block:
            break
    return block


def _one_page(text: str) -> CheckItem:
    wrapped = sum(max(1, len(textwrap.wrap(line, WIDTH))) for line in text.rstrip().splitlines())
    passed = wrapped <= PAGE_LINES
    detail = (
        f"{wrapped} lines at {WIDTH} columns, blank lines included (one page holds {PAGE_LINES})"
    )
    if not passed:
        detail += "; shorten it"
    return CheckItem("fits on one page", passed, True, detail)


def _polite(lines: list[str], lang: Lang) -> CheckItem:
    # English insults in any letter; the letter's own language's too
    for code in dict.fromkeys(("en", lang)):
        match = find(words(lines, code), language(code).courtesy, code)
        if match:
            word, insult = match
            return CheckItem(
                "polite",
                False,
                True,
                f"{_quote(lines, word.line)} uses {insult!r}; officials set aside "
                "letters that insult, so keep to the facts",
            )
    return CheckItem("polite", True, True, "no insulting or inflammatory words")


def _dates(
    lines: list[str], folder: CaseFolder, action: Action, known_dates: set[date], lang: Lang
) -> CheckItem:
    facts = {f.date for f in folder.case.facts.values() if f.precision == "day"}
    if action.deadline:
        facts.add(action.deadline)
    allowed = facts | known_dates
    if not allowed:  # an imported case may record no dated fact and no deadline
        return CheckItem(
            "dates", True, True, "the case records no dates to check the letter's against"
        )
    first, last = min(allowed).year, max(allowed).year
    quoted = 0
    pattern = _date_pattern(lang)
    for number, line in enumerate(lines, start=1):
        if pattern.fullmatch(line.strip().removesuffix(" г.")):
            continue  # a line that is only a date: the letter's own date
        for match in pattern.finditer(line):
            when = _as_date(match, lang)
            if when is None or not first <= when.year <= last:
                continue  # not a date of the case (the letter's own date, say)
            quoted += 1
            if when not in allowed:
                return CheckItem(
                    "dates",
                    False,
                    True,
                    f"{_quote(lines, number)} gives {match.group(0)!r}, which is not a date of "
                    "this case; check it against 'appeals case'",
                )
    detail = f"{quoted} date{'s' if quoted != 1 else ''} of the case, all as the case gives them"
    return CheckItem("dates", True, True, detail)
