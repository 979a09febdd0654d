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
    _build_cmap_blocks,
    _tt_font_widths,
)
from fpdf.syntax import Name, PDFArray, PDFContentStream
from fpdf.util import escape_parens

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
        if not isinstance(font.subset, _CodePoints):
            return super()._add_fonts(*args)
        used = list(font.subset.items())
        blocks = {code >> BLOCK for _, code in used}
        by_block = _names_by_block()
        names = {font.cmap[code] for _, code in used}
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

        # which Unicode text each code stands for (its own code point): copying and searching
        to_unicode = [f"<{code:04X}> <{code:04X}>\n" for _, code in used]
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
            assert glyph is not None
            number = subset.glyph_ids[glyph.glyph_name]
            cid_to_gid[2 * code : 2 * code + 2] = number.to_bytes(2, "big")
        gid_map = PDFContentStream(contents=bytes(cid_to_gid), compress=True)
        self._add_pdf_obj(gid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = gid_map

        font_file = _FontFile(subset)
        self._add_pdf_obj(font_file, "fonts")
        descriptor.font_file2 = font_file  # type: ignore[attr-defined]

        return {font.i: composite}
