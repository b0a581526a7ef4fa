"""Drawing shaped lines so that text extractors read them back in logical order.

Clusters are drawn at their visual positions but written to the content stream in logical order, and
every PDF code carries exactly the text it stands for:
- pypdf follows the content stream and writes out pending text at every `Tf`; a `Tf` before each
  right-to-left or reordered cluster makes each cluster a unit, so stream (logical) order comes back.
- pdfium sorts the text objects of a line by x and then reverses right-to-left runs character by
  character; with one character per code in right-to-left clusters, that reversal restores logical order.
Glyphs that cannot carry a character (Arabic dots drawn as separate glyphs, extra parts of split vowels)
or sit off the baseline (pdfium would take them for a new line) are drawn as filled outlines instead.
Left-to-right clusters that follow each other on the page share one `TJ` (plain Latin text stays compact).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from fontTools.pens.basePen import BasePen

from ..text import Cluster, Line
from .pdffont import pdf_font

# Candidates for the zero-width "carrier" glyph; it must have no outline (Noto draws ZWJ/ZWNJ visibly).
_ZERO_WIDTH = (0x200B, 0x2060, 0xFEFF, 0x034F, 0x200C, 0x200D)


def num(v: float) -> str:
    return ("%.3f" % v).rstrip("0").rstrip(".") or "0"


def rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return f"{num(r)} {num(g)} {num(b)}"


class _PathPen(BasePen):
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


@dataclass
class _Piece:
    """Glyphs for one text object: one Tf, one Tm, one TJ."""

    font: str
    size: float
    rise: float
    color: str
    x0: float
    pen: float
    items: list = field(default_factory=list)


def assign_text(c: Cluster) -> tuple[list[str | None], list[str]]:
    """ToUnicode text per glyph (None: draw as outline) and carrier texts, one character per code.

    Left to right: characters in logical order go onto glyphs in visual order (so the glyph of a pre-base
    vowel sign carries the consonant and कि reads क ि); extra characters go on the last glyph; NFD supplies
    characters for two-part vowels. Right to left: the rightmost glyph gets the first character (extractors
    reverse right-to-left text); extra characters go onto zero-width carrier glyphs.
    """
    n = len(c.glyphs)
    if n == 1 and len(c.text) == 1 and c.glyphs[0].dy == 0:
        return [c.text], []  # the common case: one character, one glyph on the baseline
    chars = list(c.text)
    if len(chars) < n and not c.rtl:
        nfd = list(unicodedata.normalize("NFD", c.text))
        if len(nfd) <= n:
            chars = nfd
    texts: list[str | None] = [None] * n
    order = sorted(range(n), key=lambda i: (c.glyphs[i].dy != 0, c.glyphs[i].advance == 0, i))
    if c.glyphs[order[0]].dy == 0:
        order = [i for i in order if c.glyphs[i].dy == 0]
    take = sorted(order[:min(len(order), len(chars))])
    carriers: list[str] = []
    if not c.rtl:
        for k, gi in enumerate(take):
            texts[gi] = chars[k]
        if len(chars) > len(take) and take:
            texts[take[-1]] += "".join(chars[len(take):])
    else:
        for k, gi in enumerate(reversed(take)):
            texts[gi] = chars[k]
        carriers = chars[len(take):][::-1]
    return texts, carriers


_carriers: dict = {}


def _carrier_gid(face) -> int | None:
    if face not in _carriers:
        found = []
        for cp in _ZERO_WIDTH:
            gid = face.hb_font.get_nominal_glyph(cp)
            ext = face.hb_font.get_glyph_extents(gid) if gid else None
            if gid and ext.width == 0 and ext.height == 0:
                found.append((face.hb_font.get_glyph_h_advance(gid) != 0, gid))
        _carriers[face] = min(found)[1] if found else None
    return _carriers[face]


class LineWriter:
    """Content-stream operators for one line segment: text objects, then outline paths."""

    def __init__(self, doc, escape):
        self.doc, self.escape = doc, escape
        self.codes: dict[tuple, tuple[str, bytes, float]] = {}  # (face, gid, text) → font name, code, width
        self.ops: list[str] = []
        self.paths: list[str] = []
        self.piece: _Piece | None = None
        self.state = {"rise": 0.0, "color": None, "path_color": None}

    def glyph(self, c: Cluster, gid: int, text: str, x: float, dy: float):
        found = self.codes.get((c.face, gid, text))
        if found is None:
            font = pdf_font(c.face)
            key = font.key(gid, text)
            (subset, code), = font.splitString(key, self.doc)
            found = self.codes[(c.face, gid, text)] = (font.getSubsetInternalName(subset, self.doc), code,
                                                       font.width(key) / 1000)
        name, code, width = found
        size = c.span.size
        p = self.piece
        if not (p and p.font == name and p.size == size and abs(p.rise - dy) < 1e-6 and p.color == c.span.color):
            self.flush()
            p = self.piece = _Piece(name, size, dy, c.span.color, x, x)
        elif abs(x - p.pen) > 1e-4:
            p.items.append(-(x - p.pen) * 1000 / size)
        p.items.append(code)
        p.pen = x + width * size

    def flush(self):
        p, self.piece = self.piece, None
        if not p or not p.items:
            return
        st = self.state
        if p.color != st["color"]:
            self.ops.append(f"{rgb(p.color)} rg")
            st["color"] = p.color
        # a Tf before every piece, even to the same font: pypdf writes out its pending text there
        self.ops.append(f"{p.font} {num(p.size)} Tf")
        if abs(p.rise - st["rise"]) > 1e-6:
            self.ops.append(f"{num(p.rise)} Ts")
            st["rise"] = p.rise
        self.ops.append(f"1 0 0 1 {num(p.x0)} {num(self.y)} Tm")
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

    def outline(self, c: Cluster, gid: int, x: float, y: float):
        if self.state["path_color"] != c.span.color:
            self.paths.append(f"{rgb(c.span.color)} rg")
            self.state["path_color"] = c.span.color
        c.face.hb_font.draw_glyph_with_pen(gid, _PathPen(self.paths, x, y, c.span.size / c.face.upem))
        self.paths.append("f")

    def write(self, clusters: list[Cluster], positions: dict, y: float) -> list[str]:
        """Operators for `clusters` (logical order) of a line whose glyph positions are known."""
        self.y = y
        prev: Cluster | None = None
        for c in clusters:
            texts, carriers = assign_text(c)
            xs = [positions[(id(c), gi)] for gi in range(len(c.glyphs))]
            # merge with the previous cluster only for plain left-to-right text that continues on the page
            merge = (prev is not None and not prev.rtl and not c.rtl and prev.level == c.level and not carriers
                     and (len(texts) == 1 and c.glyphs[0].dy == 0 and texts[0] is not None
                          or all(t is not None for t in texts) and all(g.dy == 0 for g in c.glyphs)))
            if not merge:
                self.flush()
            if carriers:
                cg = _carrier_gid(c.face)
                if cg is None:  # no empty glyph in the font: the rightmost text-bearing glyph takes them all
                    last = max(i for i, t in enumerate(texts) if t is not None)
                    texts[last] += "".join(reversed(carriers))
                else:
                    left = min(x for x, _ in xs)
                    for t in carriers:
                        self.glyph(c, cg, t, left, 0.0)
            for gi, g in enumerate(c.glyphs):
                x, dy = xs[gi]
                if texts[gi] is None:
                    self.outline(c, g.gid, x, y + dy)
                else:
                    self.glyph(c, g.gid, texts[gi], x, dy)
            prev = c
        self.flush()
        ops = self.ops
        if self.state["rise"]:
            ops.append("0 Ts")
            self.state["rise"] = 0.0
        self.ops = []
        return ops


def glyph_positions(line: Line, x0: float) -> dict:
    """Absolute x and rise of every glyph of a line: {(id(cluster), glyph index): (x, dy)}."""
    pos, pen = {}, x0
    for c in line.visual:
        for gi, g in enumerate(c.glyphs):
            pos[(id(c), gi)] = (pen + g.dx, g.dy)
            pen += g.advance
    return pos


def cluster_extent(c: Cluster, positions: dict) -> tuple[float, float]:
    xs = [positions[(id(c), gi)][0] for gi in range(len(c.glyphs))]
    return min(xs), min(xs) + c.advance
