"""The letter font, parsed once per process and embedded from a cache: PDFs at email speed.

fpdf2 parses the TrueType file again for every document (`add_font`) and, when writing it,
cuts a subset of the glyphs used and compresses it; for one letter that was 26 of its 29 ms.
Here the font is parsed once and each document gets a light copy with its own glyph map. The
embedded subset holds, besides the glyphs used, every glyph of each 128-code-point block the
letter touches, so letters need one of a handful of subsets, each cut and compressed once per
process. A letter's bytes depend on the letter alone, never on the letters written before it
in the same process (tests/test_pdf.py).

`LetterFontProducer._add_fonts` follows fpdf2 2.8.9's own object for object, with two
changes: a character's code is its code point, and the subset comes from the cache.
"""

from __future__ import annotations

import copy
import zlib
from collections.abc import Iterator
from functools import lru_cache
from importlib.resources import as_file, files
from io import BytesIO
from typing import Any

from fontTools import subset as ftsubset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.fonts import Glyph, SubsetMap, TTFFont
from fpdf.output import (
    CIDSystemInfo,
    OutputProducer,
    PDFFont,
    _cid_font_widths,
)
from fpdf.syntax import Name, PDFArray, PDFContentStream
from fpdf.util import escape_parens

FONT_FILE = "DejaVuSerifCondensed.ttf"
BLOCK = 7  # a block is 2**7 = 128 code points: Basic Latin, Latin-1, ..., Cyrillic (2 blocks)
# Basic Latin is in every letter's subset, and Cyrillic comes whole (both its blocks) when a
# letter uses any of it: an English and a Russian letter each need one subset, and a name with
# é or a personal sentence with a dash adds a block (Latin-1, General Punctuation).
BASE_BLOCKS = frozenset({0x00 >> BLOCK})
CYRILLIC_BLOCKS = frozenset({0x400 >> BLOCK, 0x480 >> BLOCK})
# the tables fpdf2 leaves out of an embedded subset (fpdf/output.py)
_DROPPED = [
    "FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix",
    "CBDT", "CBLC", "EBDT", "EBLC", "EBSC", "SVG ", "CPAL", "COLR",
]  # fmt: skip


def use_letter_font(pdf: FPDF, family: str) -> None:
    """Make the letter font available to `pdf` as `family`, without parsing it again."""
    font = copy.copy(_parsed_font())
    font.fontkey = family.lower()
    font.i = len(pdf.fonts) + 1
    font.desc = copy.copy(font.desc)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = _CodePoints(font)
    pdf.fonts[font.fontkey] = font


class _LetterFont(TTFFont):
    """The parsed font; a document's copy encodes text by code point, through a cache."""

    __slots__ = ()

    def encode_text(self, text: str) -> str:
        encoded, codes = _encoded(text)
        assert isinstance(self.subset, _CodePoints)
        self.subset.codes.update(codes)
        return encoded


class _CodePoints(SubsetMap):
    """A document's glyph map in which each character's code is its own code point.

    fpdf2 numbers glyphs in the order a document first uses them, so the same line of text is
    encoded differently in every letter; by code point it is encoded the same everywhere, and
    its encoding can be kept for the next letter. (Characters beyond U+FFFF, which need more
    than the two bytes of a code, are left out, as fpdf2 leaves out those the font lacks.)
    """

    def __init__(self, font: TTFFont) -> None:  # no reserved codes: a code is its code point
        self.font = font
        self.codes: set[int] = set()

    def __len__(self) -> int:
        return len(self.codes)

    def pick(self, unicode: int) -> int | None:  # type: ignore[override]
        if unicode > 0xFFFF or unicode not in self.font.glyph_ids:
            return None
        self.codes.add(unicode)
        return unicode

    def pick_glyph(self, glyph: Glyph | None) -> int | None:
        if glyph is None or not isinstance(glyph.unicode, tuple) or len(glyph.unicode) != 1:
            return None
        return self.pick(glyph.unicode[0])

    def items(self) -> Iterator[tuple[Glyph | None, int]]:
        font = self.font
        for code in sorted(self.codes):
            yield Glyph(font.glyph_ids[code], (code,), font.cmap[code], int(font.cw[code])), code

    def get_all_glyph_names(self) -> list[str]:
        return [self.font.cmap[code] for code in sorted(self.codes)]


@lru_cache(maxsize=8192)  # a batch draws the same lines of the model letter again and again
def _encoded(text: str) -> tuple[str, frozenset[int]]:
    glyphs = _parsed_font().glyph_ids
    kept = "".join(char for char in text if ord(char) <= 0xFFFF and ord(char) in glyphs)
    return f"({escape_parens(kept.encode('utf-16-be').decode('latin-1'))}) Tj", frozenset(
        map(ord, kept)
    )


@lru_cache(maxsize=1)
def _parsed_font() -> _LetterFont:
    with as_file(files("appeals") / "fonts" / FONT_FILE) as path:
        return _LetterFont(FPDF(), path, "letterfont", "")


def glyph_widths() -> dict[int, float]:
    """Advance widths by code point, in thousandths of the font size."""
    return _parsed_font().cw


class _Subset:
    """One cut of the font, for the characters of some 128-code-point blocks, with everything
    a document embeds for it compressed once: the font program, its CIDToGIDMap (each code,
    which is a code point, to its glyph in the cut) and its ToUnicode map (each code to itself).
    """

    def __init__(self, blocks: frozenset[int]) -> None:
        cmap = _parsed_font().cmap
        codes = sorted(code for code in cmap if code >> BLOCK in blocks and code <= 0xFFFF)
        with as_file(files("appeals") / "fonts" / FONT_FILE) as path:
            ttfont = TTFont(path, recalcTimestamp=False, lazy=True)
        options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True)
        options.drop_tables += _DROPPED
        subsetter = ftsubset.Subsetter(options)
        subsetter.populate(glyphs=sorted({cmap[code] for code in codes}))
        subsetter.subset(ttfont)
        glyph_ids = {name: number for number, name in enumerate(ttfont.getGlyphOrder())}
        out = BytesIO()
        ttfont.save(out)
        ttfont.close()
        self.font_file = _compressed(out.getvalue())
        # fpdf2 writes all 65,536 codes; this map stops at the highest code of the cut
        gid_map = bytearray(2 * (codes[-1] + 1))
        for code in codes:
            gid_map[2 * code : 2 * code + 2] = glyph_ids[cmap[code]].to_bytes(2, "big")
        self.gid_map = _compressed(bytes(gid_map))
        # every code is its own code point: one identity range per 256 codes in use, at most
        # 100 ranges to a bfrange block (PDF 32000 9.10.3)
        ranges = [
            f"<{high:02X}00> <{high:02X}FF> <{high:02X}00>\n"
            for high in sorted({c >> 8 for c in codes})
        ]
        bfranges = "".join(
            f"{len(ranges[i : i + 100])} beginbfrange\n{''.join(ranges[i : i + 100])}endbfrange\n"
            for i in range(0, len(ranges), 100)
        )
        self.to_unicode = (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{bfranges}"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
        ).encode("latin-1")


def _compressed(data: bytes) -> tuple[bytes, int]:
    return zlib.compress(data, PDFContentStream._COMPRESSION_LEVEL), len(data)


@lru_cache(maxsize=32)
def _subset(blocks: frozenset[int]) -> _Subset:
    return _Subset(blocks)


class _Compressed(PDFContentStream):
    """A stream compressed once for every document that embeds it."""

    def __init__(self, compressed: tuple[bytes, int], *, font_file: bool = False) -> None:
        super().__init__(contents=b"")
        self._contents, length = compressed
        self.filter = Name("FlateDecode")
        self.length = len(self._contents)
        if font_file:
            self.length1 = length  # the font program's own length, as FontFile2 needs


class LetterFontProducer(OutputProducer):
    """fpdf2's writer, with the letter font embedded from the cache."""

    def _add_fonts(self, *args: Any) -> dict[int, Any]:
        fonts = list(self.fpdf.fonts.values())
        if len(fonts) != 1 or not isinstance(fonts[0], TTFFont) or fonts[0].is_cff:
            return super()._add_fonts(*args)  # not the letter font alone: fpdf2's own way
        font = fonts[0]
        if not isinstance(font.subset, _CodePoints):
            return super()._add_fonts(*args)
        codes = font.subset.codes
        blocks = {code >> BLOCK for code in codes} | BASE_BLOCKS
        if blocks & CYRILLIC_BLOCKS:
            blocks |= CYRILLIC_BLOCKS
        subset = _subset(frozenset(blocks))
        fontname = f"MPDFAA+{font.name}"

        composite = PDFFont(subtype="Type0", base_font=fontname, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        widths = {code: int(font.cw[code]) for code in codes}
        cid_font = PDFFont(
            subtype="CIDFontType2",
            base_font=fontname,
            d_w=font.desc.missing_width,
            w=_cid_font_widths(widths),
        )
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])

        # which Unicode text each code stands for: copying and searching the text
        cmap = PDFContentStream(subset.to_unicode)
        self._add_pdf_obj(cmap, "fonts")
        composite.to_unicode = cmap

        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info

        descriptor = font.desc
        descriptor.font_name = Name(fontname)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor

        gid_map = _Compressed(subset.gid_map)
        self._add_pdf_obj(gid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = gid_map

        font_file = _Compressed(subset.font_file, font_file=True)
        self._add_pdf_obj(font_file, "fonts")
        descriptor.font_file2 = font_file  # type: ignore[attr-defined]

        return {font.i: composite}
