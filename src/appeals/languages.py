"""The languages `appeals` can write: one folder each under frames/, found at run time.

A folder `frames/<code>/` (the code is ISO 639-1: `es`, `fr`) holds `language.yaml`, the words the
tool needs in that language (its Babel locale, "and", the salutation and closing for each kind of
official, the checker's closings and courtesy list, how UAs name the language), and `letter.j2`,
the letter composed for an action that has no model letter of its own. Adding a language is
adding a folder; nothing in the code names one.
"""

import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from appeals.errors import DataError

Role = Literal["head-of-state", "minister", "prosecutor", "ambassador", "official"]
ROLES: tuple[Role, ...] = ("head-of-state", "minister", "prosecutor", "ambassador", "official")
Gender = Literal["m", "f"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Gendered(_Data):
    """One phrase for a man, one for a woman, and one when the record does not say (optional)."""

    m: str
    f: str
    any: str | None = None

    def pick(self, gender: Gender | None) -> str:
        if gender is None:
            return self.any or self.m
        return self.m if gender == "m" else self.f


class Language(_Data):
    code: str = ""  # the folder's name
    name: str  # in the language itself: "español"
    english: str  # "Spanish"
    locale: str  # Babel's locale for dates and country names
    script: Literal["Latn", "Cyrl"]
    and_: str = Field(alias="and")
    # "and" before a word that starts like this (Spanish "y" becomes "e" before "i-")
    and_before: dict[str, str] = {}
    month: str = "LLLL y"  # Babel's pattern for a month and year
    year: str = "{year}"
    stemmer: str  # the Snowball algorithm the checker stems asks with
    placeholder_name: str
    placeholder_address: str
    page: str  # the PDF's page number, with {page} and {pages}
    cc: str  # the label of the copy line
    unnamed: str  # the person of a UA whose names an import did not find
    common: list[str]  # frequent short words, to tell a document's language
    names: list[str] = []  # other names UAs give the language ("castellano")
    closings: list[str]  # how a closing line starts, for `appeals check`
    # words and phrases that make a letter impolite, matched by Snowball stem (appeals.words):
    # list a form whose stem differs from the others' («бандиты» beside «бандит»)
    courtesy: list[str]
    salutations: dict[Role, Gendered]
    closing: dict[Role, Gendered]  # may quote the salutation as {salutation}
    titles: dict[Role, list[str]]  # word starts in a title that show the role
    female: list[str]  # words in a name, title or salutation that show a woman
    male: list[str]
    # what turns an ask, as the UA words it, into a request to the reader
    ask_strip: list[str] = []  # regular expressions removed from the start of an ask
    reader: list[tuple[str, str]] = []  # (pattern, replacement): "in his power" -> "in your power"
    # (pattern, replacement) that turn an ask worded as a command into the form the request
    # continues with: French "Libérez-le" -> "le libérer"
    ask_rewrite: list[tuple[str, str]] = []
    ask_sentence: str | None = None  # an ask that matches stands as its own sentence
    # an ask that matches is an infinitive where the language's clauses are another mood
    # (Spanish "proteger a …" beside "que proteja a …"): the frame words it apart
    ask_infinitive: str | None = None
    compounds: bool = False  # title words may sit inside a word ("Justizminister")


def frames_dir() -> Path:
    return Path(str(files("appeals") / "frames"))


@cache
def known() -> tuple[str, ...]:
    """The codes of the languages the tool can write, in alphabetical order."""
    return tuple(sorted(p.name for p in frames_dir().iterdir() if (p / "language.yaml").is_file()))


@cache
def language(code: str) -> Language:
    """The data of a shipped language; DataError for a broken language.yaml."""
    from appeals.loading import load_model

    path = frames_dir() / code / "language.yaml"
    if code not in known():
        raise DataError(f"appeals cannot write {code!r}; it writes {', '.join(known())}")
    # load_model words a broken file as one DataError naming its line and field
    return load_model(path, Language).model_copy(update={"code": code})


def english_name(code: str) -> str:
    """'Spanish' for es; Babel's English name for a language the tool cannot write."""
    if code in known():
        return language(code).english
    return str(_babel_languages("en").get(code, code))


def is_language_code(code: str) -> bool:
    """A two- or three-letter ISO 639 code that Babel knows (es, fr, prs), not only shipped ones."""
    return bool(re.fullmatch(r"[a-z]{2,3}", code)) and code in _language_codes()


@cache
def _language_codes() -> frozenset[str]:
    """Babel's language codes, remembered in the cache folder: each record's `en:` section is
    checked against them, and Babel's import and locale data cost more than the rest of it."""
    from appeals.usercache import remembered_from

    def codes() -> list[str]:
        return sorted(_babel_languages("en"))

    return frozenset(remembered_from("babel", "language-codes", "en", codes))


@cache
def _babel_languages(locale: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(locale).languages)


@cache
def _codes_by_name() -> dict[str, str]:
    """Language names, as UAs write them in the shipped languages and a few more, to codes."""
    names: dict[str, str] = {}
    for locale in ("en", *known(), "pt", "it", "nl"):
        for code, name in _babel_languages(locale).items():
            if re.fullmatch(r"[a-z]{2,3}", code):
                names.setdefault(_plain(name), code)
    for code in known():
        for name in language(code).names:
            names[_plain(name)] = code
    return names


def _plain(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).strip(" .")


def code_for(name: str) -> str | None:
    """'Spanish', 'espagnol', 'Englisch', 'es' -> 'es'; None for a name no locale knows."""
    text = _plain(name)
    if is_language_code(text):
        return text
    return _codes_by_name().get(text)


def detect(text: str) -> str | None:
    """The shipped language a document is written in, by its most frequent short words; None
    when no language stands out (a document too short, or in a language the tool cannot write)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 20:
        return None
    scores: dict[str, int] = {}
    for code in known():
        common = set(language(code).common)
        scores[code] = sum(1 for word in words if word in common)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    # a clear lead over the next language, and enough common words to be prose at all
    if score < 0.08 * len(words) or score < 1.5 * runner_up:
        return None
    return best
