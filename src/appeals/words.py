"""Words as `appeals check` compares them: whole words, reduced to their Snowball stems.

A keyword matches a word of the letter when both have the same stem in the letter's language
("released" and "release" → "releas"; «освобождения» and «освобождение» → «освобожден»), never
because one starts with the other: "pigeons" is not 'pig', «тупиковом» is not «тупой».
A phrase matches the same stems in a row. The language's frame names its Snowball algorithm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@cache
def _stemmer(lang: str) -> Any:
    import snowballstemmer

    from appeals.languages import known, language

    # the Snowball algorithm the language's frame names (frames/<lang>/language.yaml)
    return snowballstemmer.stemmer(language(lang).stemmer) if lang in known() else None


@cache
def stem(word: str, lang: str) -> str:
    """The stem of one word, lower case, «ё» read as «е»."""
    folded = word.lower().replace("ё", "е").replace("’", "'")
    stemmer = _stemmer(lang)
    return str(stemmer.stemWord(folded)) if stemmer else folded


@dataclass(frozen=True)
class Word:
    line: int  # 1-based line of the text it is on
    text: str
    stem: str


def words(lines: Iterable[str], lang: str) -> list[Word]:
    """Every word of the text, in order, with its line number and stem."""
    return [
        Word(number, match.group(0), stem(match.group(0), lang))
        for number, line in enumerate(lines, start=1)
        for match in _WORD.finditer(line)
    ]


def tokens(text: str) -> list[str]:
    """The words of a text as the checker reads them ("ill-treatment" is one word)."""
    return [match.group(0) for match in _WORD.finditer(text)]


def phrase_stems(phrase: str, lang: str) -> tuple[str, ...]:
    return tuple(stem(match.group(0), lang) for match in _WORD.finditer(phrase))


def find(text_words: list[Word], phrases: Iterable[str], lang: str) -> tuple[Word, str] | None:
    """The first word of the text that starts one of `phrases` (stem for stem), and the phrase."""
    wanted = [(phrase, phrase_stems(phrase, lang)) for phrase in phrases]
    wanted = [(phrase, stems) for phrase, stems in wanted if stems]
    stems = [word.stem for word in text_words]
    for index, word in enumerate(text_words):
        for phrase, target in wanted:
            if tuple(stems[index : index + len(target)]) == target:
                return word, phrase
    return None
