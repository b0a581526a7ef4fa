"""PDF fonts whose every code maps to the exact text it stands for.

ReportLab's TrueType subsetter and code allocator are kept; what changes is what a code *is*. Each code is a
synthetic key for a (glyph id, text) pair, so any glyph, including shaped glyphs with no cmap entry, can be
embedded, and the ToUnicode map says exactly what we decide (one character per code where right-to-left
text needs it). ReportLab's own ToUnicode writes `<00> <0000>` entries, which fail PDF/UA's Unicode rule.
"""
from __future__ import annotations

import mmap
from array import array
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTEncoding, TTFont, TTFontFace, TTFNameBytes

from ..kept import kept
from ..resolve.fonts import FontFace
from .pdfwriter import number_array
from .subset import CompositeGlyph, make_subset

_FIRST_KEY = 0x100000  # Unicode plane 16: never a real character in content
_CODE_BYTES = [bytes([n]) for n in range(256)]


class _ClusterFace(TTFontFace):
    """ReportLab's face, with cluster composites added to every subset it embeds."""

    composites: dict[int, CompositeGlyph]

    def makeSubset(self, subset):
        return make_subset(self, subset, self.composites)


# the file's bytes, a lambda, our own additions, and what only ReportLab's own text drawing reads
_UNSTORED = {"_ttf_data", "_pdfScale", "composites", "glyphToChar"}
# Characters ReportLab puts in every subset by itself: code 0 is U+0000 (never drawn), code 32 the space.
# Every other code is one of ClusterTTFont's own, added to charToGlyph and charWidths as it is made.
_OWN_CHARACTERS = (0, 0x20, 0xA0)


class _GlyphMetrics:
    """ReportLab's hmetrics, (advance, left side bearing) by glyph id, held in two arrays: a CJK font's
    31,000 tuples took 5 ms to read back and as long again for the garbage collector's first visit."""

    def __init__(self, advances: bytes, bearings: bytes):
        self.advances, self.bearings = array("l", advances), array("l", bearings)

    def __getitem__(self, gid: int) -> tuple[int, int]:
        return self.advances[gid], self.bearings[gid]


def _parsed_face(path: Path) -> _ClusterFace:
    """ReportLab's face of a font file. Parsing a CJK font's 30,000 glyphs in pure Python takes a fifth
    of a second per weight and process; what the parse finds is kept beside the prepared fonts and read
    back in milliseconds, without the maps of the font's characters, which codes never use (reading them
    back took a CJK font 15 ms per weight and process), and with the glyphs' metrics and places as arrays.
    The file is mapped, not read: a subset reads the few glyphs it holds of a CJK font's 10 MB."""
    def parse() -> dict:
        face = _ClusterFace(str(path))
        kept_maps = {name: {c: getattr(face, name)[c] for c in _OWN_CHARACTERS if c in getattr(face, name)}
                     for name in ("charToGlyph", "charWidths")}
        kept_maps["hmetrics"] = tuple(array("l", values).tobytes() for values in zip(*face.hmetrics))
        kept_maps["glyphPos"] = array("L", face.glyphPos).tobytes()
        return {k: ("name", v) if isinstance(v, TTFNameBytes) else kept_maps.get(k, v)
                for k, v in face.__dict__.items() if k not in _UNSTORED}

    face = _ClusterFace.__new__(_ClusterFace)
    face.__dict__.update({k: TTFNameBytes(v[1]) if isinstance(v, tuple) and v[:1] == ("name",) else v
                          for k, v in kept("faces", path, parse, f"-rl{REPORTLAB_VERSION}-4").items()})
    face.hmetrics = _GlyphMetrics(*face.hmetrics)
    face.glyphPos = array("L", face.glyphPos)
    with path.open("rb") as f:
        face._ttf_data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    face.composites = {}
    return face


class ClusterTTFont(TTFont):
    def __init__(self, name: str, face: FontFace):
        # TTFont.__init__, with the face from _parsed_face
        self.fontName = name
        self.face = _parsed_face(face.path)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = False
        self.shapable = True
        self.key_of: dict[tuple, int] = {}
        self.key_utf16: dict[int, str] = {}  # a key → the text it reads in UTF-16, as ToUnicode writes it
        self.next_key = _FIRST_KEY
        self.upm = self.face.unitsPerEm

    def key(self, gid: int, text: str, copy: int = 0) -> str:
        """The code point that draws glyph `gid` and reads as `text` (`copy` asks for another code that
        does the same, allocated now: in the newest subset)."""
        k = self.key_of.get((gid, text, copy))
        if k is None:
            k = self._new(text, gid, self.face.hmetrics[gid][0])
            self.key_of[(gid, text, copy)] = k
        return chr(k)

    def composite(self, glyph: CompositeGlyph, text: str, copy: int = 0) -> str:
        """The code point that draws a composite glyph (a cluster or part of it) and reads as `text`."""
        k = self.key_of.get((glyph, text, copy))
        if k is None:
            k = self._new(text, glyph.components[0][0] if glyph.components else 0, glyph.advance)
            self.face.composites[k] = glyph
            self.key_of[(glyph, text, copy)] = k
        return chr(k)

    def _new(self, text: str, gid: int, advance: float) -> int:
        k = self.next_key
        self.next_key += 1
        self.face.charToGlyph[k] = gid
        self.face.charWidths[k] = advance * 1000 / self.upm
        self.key_utf16[k] = text.encode("utf-16-be").hex().upper()
        return k

    def width(self, key: str) -> float:
        """Advance of the code in 1/1000 text space units (as written in /Widths)."""
        return self.face.getCharWidth(ord(key))

    def code(self, key: str, doc) -> tuple[str, bytes]:
        """The PDF font name and code byte that draw `key` in `doc`: what ReportLab 5.1's splitString and
        getSubsetInternalName give for one of this font's own keys (each in charToGlyph, none U+00A0), with
        one look-up of the font's state in the document (a WeakKeyDictionary: its three look-ups were a
        fifth of making a code)."""
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = TTFont.State(self._asciiReadable, self)
        k = ord(key)
        n = state.assignments.get(k)
        if n is None:  # the next code
            if state.frozen:
                raise pdfdoc.PDFError(f"Font {self.fontName} is already frozen, cannot add new character U+{k:04X}")
            n = state.nextCode
            if n & 0xFF == 32:  # code 32 of every subset is the space
                if n != 32:
                    state.subsets[n >> 8].append(32)
                n += 1
            if not n & 0xFF:  # a new subset, its code 0 .notdef
                state.subsets.append([0])
                n += 1
            if n > 32:
                state.subsets[n >> 8].append(k)
            else:
                state.subsets[0][n] = k
            state.nextCode = n + 1
            state.assignments[k] = n
        if state.internalName is None:
            state.internalName = state.namePrefix + repr(len(doc.fontMapping) + 1)
            doc.fontMapping[self.fontName] = "/" + state.internalName
            doc.delayedFonts.append(self)
        return f"/{state.internalName}+{n >> 8}", _CODE_BYTES[n & 0xFF]

    def to_unicode(self, name: str, subset: list[int]) -> str:
        entries = []
        for code, key in enumerate(subset):
            utf16 = self.key_utf16.get(key)
            if utf16 is None and 0 < key < 0x110000 and not 0xD800 <= key <= 0xDFFF and key not in (0xFEFF, 0xFFFE):
                utf16 = chr(key).encode("utf-16-be").hex().upper()  # a character ReportLab put in (the space)
            if code == 0 or not utf16:
                continue  # code 0 is .notdef and never drawn: no <00> entry
            entries.append("<%02X> <%s>" % (code, utf16))
        head = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                f"/CMapName /{name} def", "/CMapType 2 def", "1 begincodespacerange", "<00> <FF>",
                "endcodespacerange"]
        body: list[str] = []
        for i in range(0, len(entries), 100):
            chunk = entries[i:i + 100]
            body += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
        return "\n".join(head + body + ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])

    def addObjects(self, doc):
        """ReportLab 5.1's TTFont.addObjects with our ToUnicode."""
        state = self.state[doc]
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = "Font %s subset %d" % (self.fontName, n)
            font.Name = internal_name
            font.BaseFont = base_name
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = number_array(map(self.face.getCharWidth, subset))
            cmap = pdfdoc.PDFStream()
            cmap.content = self.to_unicode(base_name, subset)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_name)
            font.FontDescriptor = self.face.addSubsetObjects(doc, base_name, subset)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]


_fonts: dict[FontFace, ClusterTTFont] = {}


def pdf_font(face: FontFace) -> ClusterTTFont:
    """One PDF font per face per process; codes are allocated per document by ReportLab's state."""
    font = _fonts.get(face)
    if font is None:
        font = _fonts[face] = ClusterTTFont(f"ML-{face.family}-{face.weight}", face)
        pdfmetrics.registerFont(font)
    return font
