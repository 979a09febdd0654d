"""The text of a document's bytes, in whatever encoding it was saved: a byte-order mark first
(UTF-8, UTF-16 as Windows Notepad saves "Unicode", UTF-32), UTF-16 without one, UTF-8, else the
code page whose reading looks like language rather than mojibake. A reading the tool cannot
tell from another of a different script is refused, never guessed."""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from appeals.errors import DataError

# the code pages documents of the UA network are saved in, most common first: the order breaks
# a tie between readings that both look right (Spanish "Señor" in windows-1250 is "Seńor")
CODE_PAGES = (
    "cp1252",  # Windows Western: English, Spanish, French, German, Portuguese
    "iso8859_15",  # Western with the euro sign and œ
    "cp1251",  # Windows Cyrillic: Russian, Ukrainian, Kyrgyz
    "koi8_r",  # older Russian mail and web pages
    "cp1250",  # Windows Central European
    "iso8859_2",
    "iso8859_5",
    "cp866",  # DOS Cyrillic
    "mac_cyrillic",
    "mac_roman",
    "cp1253",  # Windows Greek
)
NAMES = {
    "cp1252": "windows-1252",
    "cp1251": "windows-1251",
    "cp1250": "windows-1250",
    "cp1253": "windows-1253",
    "koi8_r": "KOI8-R",
    "iso8859_2": "ISO-8859-2",
    "iso8859_15": "ISO-8859-15",
    "iso8859_5": "ISO-8859-5",
    "cp866": "DOS 866",
    "mac_cyrillic": "Mac Cyrillic",
    "mac_roman": "Mac Roman",
    "utf_8": "UTF-8",
    "utf_16": "UTF-16",
}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a name a person knows: "UTF-8", "UTF-16", "windows-1251"
    guessed: bool  # True when no mark or declaration named it: the reading was chosen


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32_le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf_32_be", "UTF-32"),
    (codecs.BOM_UTF8, "utf_8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf_16_le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf_16_be", "UTF-16"),
)


def decode(path: Path, data: bytes, declared: str | None = None) -> Decoded:
    """`data` as text; `declared` is what the container says (an HTML meta tag, an email part's
    charset), used when the bytes read cleanly in it."""
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            text = _strict(path, data[len(mark) :], codec, name, skipped=len(mark))
            return Decoded(text, name, guessed=False)
    wide = _utf16_without_mark(data)
    if wide:
        return Decoded(_strict(path, data, wide, "UTF-16"), "UTF-16", guessed=True)
    if b"\x00" in data:
        raise DataError(
            f"{path}: a binary file, not a UA document; give the UA as a .pdf, a web page "
            "(.html), an email (.eml) or text (.txt)"
        )
    try:
        return Decoded(data.decode("utf-8"), "UTF-8", guessed=False)
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            codec = codecs.lookup(declared).name
            return Decoded(data.decode(codec), NAMES.get(codec, declared), guessed=False)
        except (LookupError, UnicodeDecodeError):
            pass
    return _guess(path, data)


def _strict(path: Path, data: bytes, codec: str, name: str, skipped: int = 0) -> str:
    """`data` in `codec`; `skipped` bytes (the byte-order mark) came before it in the file."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:  # the byte counted from 1 in the file, as editors count
        raise DataError(
            f"{path}: marked as {name} but byte {skipped + err.start + 1:,} of the file is not "
            f"{name}; save the document again as UTF-8"
        ) from None


def _utf16_without_mark(data: bytes) -> str | None:
    """UTF-16 saved without its mark: in text of one alphabet every other byte is the same
    few values (0 for Latin letters, spaces and digits, 4 for Cyrillic letters)."""
    sample = data[:4096]
    if len(sample) < 16 or len(sample) % 2:
        return None
    for codec, high, low in (
        ("utf_16_le", sample[1::2], sample[0::2]),
        ("utf_16_be", sample[0::2], sample[1::2]),
    ):
        counts = sorted((high.count(value) for value in set(high)), reverse=True)
        few = high.count(0) >= 0.1 * len(high) and sum(counts[:3]) >= 0.95 * len(high)
        if few and low.count(0) < 0.05 * len(low):
            return codec
    return None


def _guess(path: Path, data: bytes) -> Decoded:
    readings: list[tuple[int, int, str, str]] = []
    detected = _detected(data)
    for rank, codec in enumerate((*CODE_PAGES, *(c for c in detected if c not in CODE_PAGES))):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        readings.append((mojibake(text), rank, codec, text))
    if not readings:  # every byte has a reading in windows-1250 or KOI8-R: never reached
        raise DataError(f"{path}: not text in any encoding known; save it again as UTF-8")
    readings.sort()
    best = readings[0]
    for rival in readings[1:]:
        # a rival as plain as the best in another script: the bytes do not tell which is meant
        if rival[0] > best[0]:
            break
        if _script(rival[3]) != _script(best[3]):
            raise DataError(
                f"{path}: not UTF-8, and it reads as {NAMES.get(best[2], best[2])} "
                f"({_sample(best[3])}) as well as {NAMES.get(rival[2], rival[2])} "
                f"({_sample(rival[3])}); save the document again as UTF-8"
            )
    return Decoded(best[3], NAMES.get(best[2], best[2]), guessed=True)


def _detected(data: bytes) -> list[str]:
    """charset-normalizer's reading, for a code page outside the usual ones (Greek, Turkish,
    Arabic, Hebrew): it is weighed by the same measure, after those."""
    from charset_normalizer import from_bytes

    if sum(1 for byte in data[:65536] if byte > 127) < 64:
        return []  # too few letters outside ASCII for its measure to mean much
    found = from_bytes(data[:65536]).best()
    return [found.encoding] if found is not None and found.encoding != "utf_8" else []


_SYMBOL = dict.fromkeys(("Sc", "Sk", "So", "No", "Co", "Cn", "Cc"), True)
_WORD = re.compile(r"[^\W\d_]{3,}")
_RARE = set("ðþÐÞýÝÿ¤¦¨´¸¯¬ˇ˘˝˛˙ƒ†‡‰‹›Ÿ")  # in Western text: signs of another code page
_ODD_CYRILLIC = set("ђѓѕјљњћќўџЂЃЅЈЉЊЋЌЎЏ")  # Serbian and Macedonian: in Russian, a misreading


def mojibake(text: str) -> int:
    """How much of `text` looks misread: symbols where letters belong (`£ukasz ¯ó³æ`), words
    that mix scripts (`Prдsident`), words mostly of accented letters (`Ñðî÷íàÿ`, Russian read
    as windows-1252), case that flips inside a word (`яПНВМЮЪ`, KOI8-R read as windows-1251)."""
    sample = text[:65536]
    score = 0
    for char in sample:
        if ord(char) < 128:
            continue
        if _SYMBOL.get(unicodedata.category(char)) or char in _RARE or char in _ODD_CYRILLIC:
            score += 1
    for word in _WORD.findall(sample):
        mixed = len({_script_of(c) for c in word if ord(c) > 127} | _ascii(word)) > 1
        latin = [c for c in word if ord(c) > 127 and _script_of(c) == "LATIN"]
        if mixed or len(latin) * 2 > len(word):
            score += 2
        elif any(a.islower() and b.isupper() for a, b in itertools.pairwise(word)):
            score += 1
    return score


def _script_of(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def _ascii(word: str) -> set[str]:
    return {"LATIN"} if any(ord(c) < 128 for c in word) else set()


def _script(text: str) -> str:
    counts: dict[str, int] = {}
    for char in text[:65536]:
        if ord(char) > 127 and char.isalpha():
            counts[_script_of(char)] = counts.get(_script_of(char), 0) + 1
    return max(counts, key=lambda s: counts[s]) if counts else "LATIN"


def _sample(text: str) -> str:
    """A few characters around the first letter outside ASCII, as that reading shows them."""
    at = next((i for i, char in enumerate(text) if ord(char) > 127), 0)
    start = max(0, text.rfind(" ", 0, max(0, at - 1)) + 1, at - 12)
    return f"'{' '.join(text[start : at + 12].split())}'"
