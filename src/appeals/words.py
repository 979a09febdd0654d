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
from pathlib import Path
from typing import Any

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@cache
def _stemmer(lang: str) -> Any:
    from appeals.languages import known, language

    # the Snowball algorithm the language's frame names (frames/<lang>/language.yaml)
    return _snowball(language(lang).stemmer) if lang in known() else None


_ONE_STEMMER = "_appeals_snowballstemmer"


def _snowball(algorithm: str) -> Any:
    """Snowball's stemmer for `algorithm`. `import snowballstemmer` loads all of its 30-odd
    languages (about 13 ms, on every draft); its modules are read from the same folder under a
    name of our own, so that only this language's is loaded. With PyStemmer installed, or a
    layout this does not know, the library chooses as usual."""
    import importlib
    import importlib.util
    import sys
    import types

    found = importlib.util.find_spec("snowballstemmer")
    if found is None or found.submodule_search_locations is None:
        raise ImportError("snowballstemmer is not installed")
    if importlib.util.find_spec("Stemmer") is None:
        package = sys.modules.get(_ONE_STEMMER)
        if package is None:
            package = types.ModuleType(_ONE_STEMMER)
            package.__path__ = list(found.submodule_search_locations)
            sys.modules[_ONE_STEMMER] = package
        name = "".join(part.title() for part in algorithm.split("_")) + "Stemmer"
        try:
            module = importlib.import_module(f"{_ONE_STEMMER}.{algorithm}_stemmer")
            return getattr(module, name)()
        except (ImportError, AttributeError):
            pass
    import snowballstemmer

    return snowballstemmer.stemmer(algorithm)


@cache
def stem(word: str, lang: str) -> str:
    """The stem of one word, lower case, «ё» read as «е»."""
    folded = word.lower().replace("ё", "е").replace("’", "'")
    kept = _kept(lang)
    if kept is not None and folded in kept[1]:
        return kept[1][folded]
    stemmer = _stemmer(lang)
    found = str(stemmer.stemWord(folded)) if stemmer else folded
    if kept is not None:
        from appeals.usercache import learn_word

        learn_word(f"stems-{lang}", kept[0], folded, found)
    return found


@cache
def _kept(lang: str) -> tuple[str, dict[str, str]] | None:
    """The stems earlier drafts worked out in `lang` (usercache.save_words), with the version
    they are kept under: the Snowball algorithm's own file. A letter's check stems a few
    hundred words, most of them the same in every letter of a case; Snowball's pure-Python
    stemmer took a seventh of a draft's own work for them."""
    import importlib.util

    from appeals.languages import known, language
    from appeals.usercache import checksum, kept_words

    if lang not in known() or importlib.util.find_spec("Stemmer") is not None:
        return None  # PyStemmer (C) is fast, and its stems may differ from the pure-Python ones
    found = importlib.util.find_spec("snowballstemmer")
    if found is None or not found.submodule_search_locations:
        return None
    algorithm = language(lang).stemmer
    code = checksum(Path(found.submodule_search_locations[0]) / f"{algorithm}_stemmer.py")
    if code is None:
        return None
    version = f"{algorithm} {code}"
    return version, kept_words(f"stems-{lang}", version)


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
