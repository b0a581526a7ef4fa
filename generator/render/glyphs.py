"""Drawing shaped lines so that text extractors read them back in logical order.

Every cluster is one PDF code (a composite glyph when HarfBuzz used several glyphs, see subset.py) at
its visual position, and clusters are written to the content stream in logical order:
- pypdf follows the content stream and writes out pending text at every `Tf`; a `Tf` before each
  right-to-left cluster makes each a unit, so stream (logical) order comes back.
- pdfium sorts the text objects of a line by x and then reverses right-to-left runs character by
  character; so a right-to-left cluster's code reads as its first character only, and the rest of its
  characters go on invisible "carrier" glyphs at its left edge, which that reversal puts back in order.
Clusters of a left-to-right paragraph share one `TJ`, their codes reading as the whole cluster.
Word spaces are always space glyphs, so no positioning move may look like one: extractors take a single
TJ move of about half a space for a word gap, so the rare wide move is split into smaller steps.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from fontTools.pens.basePen import BasePen

from ..text import Cluster, Line
from .pdffont import pdf_font
from .subset import CompositeGlyph

# Candidates for the "carrier" glyph, which must have no outline (Noto draws ZWJ/ZWNJ visibly). A space
# with its advance taken back is preferred: pdfium leaves out characters whose box has no width.
_CARRIERS = (0x20, 0x200B, 0x2060, 0xFEFF, 0x034F)
_MAX_STEP = 80  # thousandths of an em: well under half a space


def tj_moves(gap: float, size: float) -> list[float]:
    """TJ numbers that move the pen `gap` points to the right (negative gap: to the left)."""
    total = -gap * 1000 / size
    if total >= -_MAX_STEP:
        return [total]
    steps = int(-total // _MAX_STEP) + 1
    return [total / steps] * steps


def num(v: float) -> str:
    return ("%.3f" % v).rstrip("0").rstrip(".") or "0"


def rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return f"{num(r)} {num(g)} {num(b)}"


@dataclass
class _Piece:
    """Codes for one text object: one Tf, one Tm, one TJ."""

    font: str
    size: float
    color: str
    x0: float
    pen: float
    items: list = field(default_factory=list)


_carriers: dict = {}


def _carrier_gid(face) -> int | None:
    if face not in _carriers:
        found = []
        for cp in _CARRIERS:
            gid = face.hb_font.get_nominal_glyph(cp)
            ext = face.hb_font.get_glyph_extents(gid) if gid else None
            if ext is not None and ext.width == 0 and ext.height == 0:
                found.append(gid)
        _carriers[face] = found[0] if found else None
    return _carriers[face]


_composites: dict = {}


def composite_of(c: Cluster) -> CompositeGlyph | None:
    """The cluster as one composite glyph, or None when it is one glyph drawn at its own origin with its
    own advance. Kerning or a GPOS-widened conjunct also makes a composite (its advance is the shaped one):
    a pen move inside a word reads as a word gap to pdfium, which adds up consecutive TJ moves."""
    g0, face, size = c.glyphs[0], c.face, c.span.size
    if len(c.glyphs) == 1 and g0.dx == 0 and g0.dy == 0 and \
            abs(g0.advance - face.hb_font.get_glyph_h_advance(g0.gid) * size / face.upem) < 0.01:
        return None
    key = (face, size, tuple((g.gid, g.advance, g.dx, g.dy) for g in c.glyphs))
    found = _composites.get(key)
    if found is None:
        scale = face.upem / size
        parts, pen = [], 0.0
        x_min = y_min = 1 << 15
        x_max = y_max = -(1 << 15)
        for g in c.glyphs:
            x, y = round((pen + g.dx) * scale), round(g.dy * scale)
            parts.append((g.gid, x, y))
            ext = face.hb_font.get_glyph_extents(g.gid)
            if ext and (ext.width or ext.height):
                x_min, x_max = min(x_min, x + ext.x_bearing), max(x_max, x + ext.x_bearing + ext.width)
                y_max, y_min = max(y_max, y + ext.y_bearing), min(y_min, y + ext.y_bearing + ext.height)
            pen += g.advance
        bbox = (x_min, y_min, x_max, y_max) if x_min <= x_max else (0, 0, 0, 0)
        found = _composites[key] = CompositeGlyph(tuple(parts), round(pen * scale), bbox)
    return found


class LineWriter:
    """Content-stream operators for the clusters of one line (text objects only)."""

    def __init__(self, doc, escape):
        self.doc, self.escape = doc, escape
        self.codes: dict[tuple, tuple[str, bytes, float]] = {}  # per document: code → font name, code, width
        self.piece: _Piece | None = None
        self.ops: list[str] = []
        self.color: str | None = None
        self.ltr_end: float | None = None

    def _code(self, c: Cluster, what, text: str) -> tuple[str, bytes, float]:
        """(PDF font name, code byte, width in em) for a glyph id or composite that reads as `text`."""
        found = self.codes.get((c.face, what, text))
        if found is None:
            font = pdf_font(c.face)
            key = font.composite(what, text) if isinstance(what, CompositeGlyph) else font.key(what, text)
            (subset, code), = font.splitString(key, self.doc)
            found = self.codes[(c.face, what, text)] = (font.getSubsetInternalName(subset, self.doc), code,
                                                        font.width(key) / 1000)
        return found

    def _show(self, c: Cluster, what, text: str, x: float, ltr: bool):
        name, code, width = self._code(c, what, text)
        size, p = c.span.size, self.piece
        if not (p and p.font == name and p.size == size and p.color == c.span.color):
            self.flush()
            p = self.piece = _Piece(name, size, c.span.color, x, x)
            if ltr and self.ltr_end is not None and 1e-4 < x - self.ltr_end < size:
                p.x0 = p.pen = self.ltr_end  # continue where the text before ended: a Tm jump reads as a gap
        if abs(x - p.pen) > 1e-4:
            p.items += tj_moves(x - p.pen, size)
        p.items.append(code)
        p.pen = x + width * size

    def flush(self, ltr: bool = True):
        p, self.piece = self.piece, None
        if not p or not p.items:
            return
        self.ltr_end = p.pen if ltr else None
        if p.color != self.color:
            self.ops.append(f"{rgb(p.color)} rg")
            self.color = p.color
        # a Tf before every text object, even to the same font: pypdf writes out its pending text there
        self.ops += [f"{p.font} {num(p.size)} Tf", f"1 0 0 1 {num(p.x0)} {num(self.y)} Tm"]
        arr, buf = [], b""
        for it in p.items + [None]:
            if isinstance(it, bytes):
                buf += it
                continue
            if buf:
                arr.append("(" + self.escape(buf) + ")")
                buf = b""
            if it is not None:
                arr.append(num(it))
        self.ops.append("[" + " ".join(arr) + "] TJ")

    def write(self, clusters: list[Cluster], origins: dict[int, float], y: float) -> list[str]:
        """Operators for `clusters` (logical order) of a line; `origins` maps id(cluster) to its x."""
        self.y, self.ltr_end, self.color, self.ops = y, None, None, []
        prev: Cluster | None = None
        for c in clusters:
            x = origins[id(c)]
            glyph = composite_of(c)
            what = glyph if glyph is not None else c.glyphs[0].gid
            if c.level == 0:  # left-to-right paragraph text: clusters share a text object
                if prev is None or prev.level != 0:
                    self.flush(ltr=prev is None or not prev.rtl)
                self._show(c, what, c.text, x, ltr=True)
            elif not c.rtl:  # numbers and Latin inside right-to-left text: one text object per cluster,
                self.flush(ltr=prev is None or not prev.rtl)  # or pypdf reverses Persian digits
                self._show(c, what, c.text, x, ltr=True)
            else:
                self.flush(ltr=prev is None or not prev.rtl)
                carrier = _carrier_gid(c.face) if len(c.text) > 1 else None
                if carrier is None:  # one character, or no empty glyph in the font: one code for all
                    self._show(c, what, c.text, x, ltr=False)
                else:  # the last character leftmost: pdfium's reversal restores logical order
                    for ch in reversed(c.text[1:]):
                        self._show(c, carrier, ch, x, ltr=False)
                    self._show(c, what, c.text[0], x, ltr=False)
            prev = c
        self.flush(ltr=prev is None or not prev.rtl)
        return self.ops


def cluster_origins(line: Line, x0: float) -> dict[int, float]:
    """Absolute x of every cluster of a line laid out from x0, left to right."""
    origins, pen = {}, x0
    for c in line.visual:
        origins[id(c)] = pen
        pen += c.advance
    return origins


class _PathPen(BasePen):
    """Glyph outlines as PDF path operators."""

    def __init__(self, ops: list[str], x: float, y: float, scale: float):
        super().__init__(None)
        self.ops, self.x, self.y, self.s = ops, x, y, scale

    def _p(self, pt) -> str:
        return f"{num(self.x + pt[0] * self.s)} {num(self.y + pt[1] * self.s)}"

    def _moveTo(self, p):
        self.ops.append(self._p(p) + " m")

    def _lineTo(self, p):
        self.ops.append(self._p(p) + " l")

    def _curveToOne(self, a, b, c):
        self.ops.append(f"{self._p(a)} {self._p(b)} {self._p(c)} c")

    def _closePath(self):
        self.ops.append("h")


def outline_ops(line: Line, x0: float, y: float) -> list[str]:
    """A line drawn as filled outlines, not text (for decorations no one should read, like DRAFT)."""
    ops: list[str] = []
    for c in line.visual:
        pen = x0
        for g in c.glyphs:
            c.face.hb_font.draw_glyph_with_pen(g.gid, _PathPen(ops, pen + g.dx, y + g.dy, c.span.size / c.face.upem))
            pen += g.advance
        x0 += c.advance
    return ops + ["f"] if ops else []
