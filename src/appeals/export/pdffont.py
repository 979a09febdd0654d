"""The letter font, parsed once per process and embedded from a cache: PDFs at email speed.

fpdf2 parses the TrueType file again for every document (`add_font`) and, when writing it,
cuts a subset of the glyphs used and compresses it; for one letter that was 26 of its 29 ms.
Here the font is parsed once and each document gets a light copy with its own glyph map; and
the embedded subset holds, besides the glyphs used, every glyph of each 128-code-point block
the letter touches (Basic Latin, Cyrillic, punctuation...). Nearly every letter then needs one
of a handful of subsets, each cut and compressed once per process. A letter's bytes depend on
the letter alone, never on the letters written before it in the same process.

fpdf2 2.8.9's own `_add_fonts` is followed object for object (tests/test_pdf.py checks the text
extracts); only the subset and its compression are cached.
"""

from __future__ import annotations

import copy
import zlib
from functools import lru_cache
from importlib.resources import as_file, files
from io import BytesIO
from typing import Any

from fontTools import subset as ftsubset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont
from fpdf.output import (
    CIDSystemInfo,
    OutputProducer,
    PDFFont,
    _build_cmap_blocks,
    _tt_font_widths,
)
from fpdf.syntax import Name, PDFArray, PDFContentStream

FONT_FILE = "DejaVuSerifCondensed.ttf"
BLOCK = 7  # a block is 2**7 = 128 code points: Basic Latin, Latin-1, ..., Cyrillic (2 blocks)
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
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font


@lru_cache(maxsize=1)
def _parsed_font() -> TTFFont:
    with as_file(files("appeals") / "fonts" / FONT_FILE) as path:
        return TTFFont(FPDF(), path, "letterfont", "")


def glyph_widths() -> dict[int, float]:
    """Advance widths by code point, in thousandths of the font size."""
    return _parsed_font().cw


@lru_cache(maxsize=1)
def _names_by_block() -> dict[int, frozenset[str]]:
    blocks: dict[int, set[str]] = {}
    for codepoint, name in _parsed_font().cmap.items():
        blocks.setdefault(codepoint >> BLOCK, set()).add(name)
    return {block: frozenset(names) for block, names in blocks.items()}


class _Subset:
    """One cut of the font: its compressed bytes and the glyph numbers it gives each name."""

    def __init__(self, names: frozenset[str]) -> None:
        with as_file(files("appeals") / "fonts" / FONT_FILE) as path:
            ttfont = TTFont(path, recalcTimestamp=False, lazy=True)
        options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True)
        options.drop_tables += _DROPPED
        subsetter = ftsubset.Subsetter(options)
        subsetter.populate(glyphs=sorted(names))
        subsetter.subset(ttfont)
        self.glyph_ids = {name: number for number, name in enumerate(ttfont.getGlyphOrder())}
        out = BytesIO()
        ttfont.save(out)
        ttfont.close()
        self.length = len(out.getvalue())
        self.compressed = zlib.compress(out.getvalue(), PDFContentStream._COMPRESSION_LEVEL)


@lru_cache(maxsize=32)
def _subset(names: frozenset[str]) -> _Subset:
    return _Subset(names)


class _FontFile(PDFContentStream):
    """The embedded font program (FontFile2), compressed once for every document using it."""

    def __init__(self, subset: _Subset) -> None:
        super().__init__(contents=b"")
        self._contents = subset.compressed
        self.filter = Name("FlateDecode")
        self.length = len(subset.compressed)
        self.length1 = subset.length


class LetterFontProducer(OutputProducer):
    """fpdf2's writer, with the letter font embedded from the cache."""

    def _add_fonts(self, *args: Any) -> dict[int, Any]:
        fonts = list(self.fpdf.fonts.values())
        if len(fonts) != 1 or not isinstance(fonts[0], TTFFont) or fonts[0].is_cff:
            return super()._add_fonts(*args)  # not the letter font alone: fpdf2's own way
        font = fonts[0]
        used = [(glyph, code) for glyph, code in font.subset.items() if glyph is not None]
        blocks = {
            codepoint >> BLOCK
            for glyph, _ in used
            for codepoint in (glyph.unicode if isinstance(glyph.unicode, tuple) else ())
        }
        by_block = _names_by_block()
        names = {glyph.glyph_name for glyph, _ in used}
        for block in blocks:
            names |= by_block.get(block, frozenset())
        subset = _subset(frozenset(names))
        fontname = f"MPDFAA+{font.name}"

        composite = PDFFont(subtype="Type0", base_font=fontname, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        cid_font = PDFFont(
            subtype="CIDFontType2",
            base_font=fontname,
            d_w=font.desc.missing_width,
            w=_tt_font_widths(font),
        )
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])

        # which Unicode text each code stands for: copying and searching the text
        to_unicode = [
            f"<{code:04X}> <{''.join(_utf16(codepoint) for codepoint in glyph.unicode)}>\n"
            for glyph, code in used
            if isinstance(glyph.unicode, tuple) and glyph.unicode
        ]
        cmap = PDFContentStream(
            (
                "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                f"{_build_cmap_blocks(to_unicode, 'bfchar')}"
                "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
            ).encode("latin-1")
        )
        self._add_pdf_obj(cmap, "fonts")
        composite.to_unicode = cmap

        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info

        descriptor = font.desc
        descriptor.font_name = Name(fontname)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor

        # CIDToGIDMap: two bytes per code, the glyph's number in the embedded subset. fpdf2
        # writes all 65,536 codes; this map stops at the highest code the letter uses
        # (compressing 128 KB for every letter took about a millisecond).
        cid_to_gid = bytearray(2 * (max((code for _, code in used), default=0) + 1))
        for glyph, code in used:
            number = subset.glyph_ids[glyph.glyph_name]
            cid_to_gid[2 * code : 2 * code + 2] = number.to_bytes(2, "big")
        gid_map = PDFContentStream(contents=bytes(cid_to_gid), compress=True)
        self._add_pdf_obj(gid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = gid_map

        font_file = _FontFile(subset)
        self._add_pdf_obj(font_file, "fonts")
        descriptor.font_file2 = font_file  # type: ignore[attr-defined]

        font.subset.pick.cache_clear()
        font.subset.get_glyph.cache_clear()
        return {font.i: composite}


def _utf16(codepoint: int) -> str:
    if codepoint > 0xFFFF:  # a surrogate pair
        high = 0xD800 | (codepoint - 0x10000) >> 10
        low = 0xDC00 | (codepoint & 0x3FF)
        return f"{high:04X}{low:04X}"
    return f"{codepoint:04X}"
