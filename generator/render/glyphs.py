"""Drawing shaped lines so that text extractors read them back in logical order.

Every cluster is drawn at its visual position by PDF codes whose ToUnicode we choose (composite glyphs
when HarfBuzz used several glyphs, see subset.py), written to the content stream in logical order. Six
readers order text in different ways, and the codes are cut so that each gets it right:
- pypdf follows the content stream and writes out pending text at every `Tf`; a `Tf` before each
  right-to-left code makes each a unit, so stream (logical) order comes back.
- pdfium sorts the text objects of a line by x and then reverses right-to-left runs character by
  character (marks, format characters and digits are "weak" runs it keeps in order). So a right-to-left
  letter's code reads as one character; its vowel marks are a code of their own, drawn by the marks'
  glyphs in a text object one font unit to the left, which puts them after the letter once reversed; other
  extra characters go on empty glyphs in front of the letter's code.
- MuPDF, pdfminer.six and pdf.js follow the content stream: the letter's code comes before its marks'.
  MuPDF adds a mark to the line it is reading whatever its position, and drops a character written at the
  position of the same character just before it.
- pdf.js takes a code whose text holds a non-spacing mark as zero-width, and skips one ending in a format
  character: such codes are given no width (the width goes on a code reading a letter of the cluster).
- poppler reads a right-to-left line from its words, right to left; a run of characters that are not
  right-to-left (digits, Latin, and the separators . , : - it counts with numbers) it writes left to right
  together with the spaces on its left, so the word space after the run moved in front of it (`20 ثانية`
  came back `20ثانية`, `الأقل. إذا` as `الأقل .إذا`). A right-to-left mark just left of such a run ends
  it there (see _mark_places).
- pdf.js drops a code whose text is only white space and adds a word space only where the text moves to
  the right, so right-to-left text (drawn in logical order, moving left) lost every word space. A
  right-to-left word space is a code of its own reading RLM + space: pdf.js keeps it (its text starts
  with a format character) and does not reverse it (it counts the mark as left to right); its TJ has the
  ActualText " ", which poppler, MuPDF and pdfium read instead, and pypdf and pdfminer.six read the mark
  and the space. Left-to-right spaces stay plain spaces.
- pdfium joins the lines of a bilingual row's two columns into one line when they overlap in height, and
  orders it as a whole: right to left only when it holds at least as many right-to-left runs as
  left-to-right ones, so one language's words came back in reverse order (`كيف تغسل يديك` as `يديك تغسل
  كيف` beside `How to wash your`; `Treatments for coping` as `coping for Treatments`). It breaks the line
  between two text objects whose boxes (the glyphs' outline boxes, each taller than 4.5 points) do not
  overlap in height: a right-to-left line beside the other column ends in a second word space between
  the columns, which draws unseen glyphs well below the line (see LineWriter._apart).
Clusters of a left-to-right paragraph share one `TJ`.
Word spaces are always space glyphs, so no positioning move may look like one: extractors take a single
TJ move of about half a space for a word gap, so the rare wide move is split into smaller steps.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress, groupby

from fontTools.pens.basePen import BasePen

from ..text import Cluster, Line
from .pdffont import pdf_font
from .subset import CompositeGlyph

_MAX_STEP = 80  # thousandths of an em: well under half a space
_MARKS = ("Mn", "Me")
_CARRIER_EM = 0.25  # width of an empty glyph in front of a right-to-left letter, taken back
_WEAK = {"EN", "AN", "CS", "ES", "ET", "NSM", "BN"}  # bidi classes pdfium keeps in left-to-right order
_SEPARATOR_EM = 0.05  # width of a separator's code when its text object is moved beside a number
_RLM = "\u200f"  # RIGHT-TO-LEFT MARK
_MARK_SHIFT = 0.05  # points left of a run: beyond a vowel mark's code (one font unit), never visible
_APART_DROPS = (3.0, 4.0)  # ems below the line where the unseen glyphs between two columns are drawn (_apart)


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
    invisible: bool = False  # text render mode 3: read, not painted
    actual: str | None = None  # ActualText of its TJ: a right-to-left word space (see _right_to_left)


_composites: dict = {}
_plain_ink: dict = {}  # (face, glyph id, dx, dy, advance, shift), size → ink() of that one glyph


def ink(c: Cluster, glyphs: list, advance: float, shift: float = 0.0,
        drops: tuple[float, ...] = (0.0,)) -> CompositeGlyph | int:
    """A cluster's glyphs (`glyphs` is c.glyphs or empty) as one glyph drawn `shift` points right of the
    origin, once at each of `drops` points below it, with the given advance (points): a glyph id when that
    is one glyph as the font has it, else a composite. Kerning or a GPOS-widened conjunct also makes a
    composite (its advance is the shaped one): a pen move inside a word reads as a word gap to pdfium, which
    adds up consecutive TJ moves."""
    face, size = c.face, c.span.size
    scale = face.upem / size
    if len(glyphs) == 1 and not shift and drops == (0.0,):
        g = glyphs[0]
        if not g.dx and not g.dy and abs(advance - face.hb_font.get_glyph_h_advance(g.gid) / scale) < 0.01:
            return g.gid
    parts = []
    for drop in drops:
        pen = shift
        for g in glyphs:
            parts.append((g.gid, round((pen + g.dx) * scale), round((g.dy - drop) * scale)))
            pen += g.advance
    key = (face, tuple(parts), round(advance * scale))
    found = _composites.get(key)
    if found is None:
        x_min = y_min = 1 << 15
        x_max = y_max = -(1 << 15)
        for gid, x, y in parts:
            ext = face.hb_font.get_glyph_extents(gid)
            if ext and (ext.width or ext.height):
                x_min, x_max = min(x_min, x + ext.x_bearing), max(x_max, x + ext.x_bearing + ext.width)
                y_max, y_min = max(y_max, y + ext.y_bearing), min(y_min, y + ext.y_bearing + ext.height)
        bbox = (x_min, y_min, x_max, y_max) if x_min <= x_max else (0, 0, 0, 0)
        found = _composites[key] = CompositeGlyph(tuple(parts), key[2], bbox)
    return found


@cache
def _actual_text(text: str) -> str:
    """The operator that begins a marked-content span reading `text` (a right-to-left word space)."""
    return f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC"


@cache
def _zero_width(ch: str) -> bool:
    """Characters pdf.js measures as zero-width (marks) or skips (format characters)."""
    return unicodedata.category(ch) in _MARKS or unicodedata.category(ch) == "Cf"


@cache
def _plain(text: str) -> bool:
    return not any(map(_zero_width, text))


def _tokens(text: str) -> list[str]:
    """A left-to-right cluster's text cut so that no piece holding a letter also holds a mark, and every
    format character stands alone."""
    out: list[str] = []
    for ch in text:
        if out and unicodedata.category(ch) != "Cf" and unicodedata.category(out[-1][-1]) != "Cf" \
                and _zero_width(ch) == _zero_width(out[-1][-1]):
            out[-1] += ch
        else:
            out.append(ch)
    return out


class LineWriter:
    """Content-stream operators for the clusters of one line (text objects only)."""

    def __init__(self, doc, escape):
        self.doc, self.escape = doc, escape
        self.codes: dict[tuple, tuple[str, bytes, float]] = {}  # per document: code → font name, code, width
        self.plain: dict[tuple, tuple[str, bytes, float]] = {}  # the same for a one-glyph cluster, by its glyph
        self.font_ops: dict[tuple, str] = {}  # (font name, size) → its Tf operator
        self.shown: dict[bytes, str] = {}  # a code → the TJ operator showing it alone
        self.alone: dict[tuple, tuple[str, str]] = {}  # (code, size) → Tf and TJ of its own text object
        self.drawn: dict[tuple, tuple] = {}  # a cluster of several pieces → its codes (_cluster_codes)
        self.piece: _Piece | None = None
        self.ops: list[str] = []
        self.color: str | None = None
        self.ltr_end: float | None = None

    def _code(self, c: Cluster, what, text: str, copy: int = 0) -> tuple[str, bytes, float]:
        """(PDF font name, code byte, width in em) for a glyph id or composite that reads as `text`."""
        found = self.codes.get((c.face, what, text, copy))
        if found is None:
            font = pdf_font(c.face)
            key = font.composite(what, text, copy) if isinstance(what, CompositeGlyph) else \
                font.key(what, text, copy)
            found = self.codes[(c.face, what, text, copy)] = (*font.code(key, self.doc), font.width(key) / 1000)
        return found

    def _plain_code(self, c: Cluster, advance: float, shift: float, text: str) -> tuple[str, bytes, float]:
        """_code for a cluster of one glyph, kept by the glyph: most clusters, and ink() is costly."""
        g = c.glyphs[0]
        key = (c.face, g.gid, g.dx, g.dy, advance, shift, text)
        found = self.plain.get(key)
        if found is None:
            drawn = (key[:6], c.span.size)  # what ink() makes of it, the same in every document
            what = _plain_ink.get(drawn)
            if what is None:
                what = _plain_ink[drawn] = ink(c, c.glyphs, advance, shift)
            found = self.plain[key] = self._code(c, what, text)
        return found

    def _cluster_codes(self, c: Cluster, rtl: bool, a: float, b: float) -> tuple:
        """The codes of a cluster of several pieces (a conjunct, a letter with marks), with the widths of
        a left-to-right one (`a` is its `wider`, `b` its advance) or the marks' code of a right-to-left one
        (`a` is its width, `b` its shift). The pieces are kept in the process by the cluster's glyphs, the
        very tuple of its shaped word (shared by every occurrence of that word: see shape._shaped); the codes
        are kept in the document. Each entry holds the glyphs, so their id names them while it is kept."""
        key = (id(c.glyphs), rtl, c.text, c.span.size, a, b)
        found = self.drawn.get(key)
        if found is None or found[0] is not c.glyphs:
            kept = _pieces.get(key)
            if kept is None or kept[0] is not c.glyphs:
                if len(_pieces) >= _PIECES_MAX:
                    _pieces.clear()
                kept = _pieces[key] = (c.glyphs, *(_right_to_left_pieces(c, a, b) if rtl else
                                                   _left_to_right_pieces(c, a)))
            _, pieces, more = kept
            codes = self._together(c, pieces)  # the letter's codes before its marks', as they are drawn
            found = self.drawn[key] = (c.glyphs, codes, self._code(c, *more) if rtl and more else more)
        return found[1], found[2]

    def _together(self, c: Cluster, pieces: list) -> list:
        """Codes for (glyph, text) pieces that must share one text object, hence one font subset: pdfium
        drops a text object of empty glyphs. Codes allocated earlier in another subset are copied."""
        copy = 0
        while True:
            codes = [self._code(c, what, text, copy) for what, text in pieces]
            if len({name for name, _, _ in codes}) == 1:
                return codes
            copy += 1

    def _show(self, c: Cluster, what, text: str, x: float, ltr: bool, code=None):
        name, code, width = code or self._code(c, what, text)
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
        self.ops += [self._font_and_color(p.font, p.size, p.color), f"1 0 0 1 {num(p.x0)} {self.y_op} Tm"]
        if len(p.items) == 1:  # one code
            shown = [self._shown_alone(p.items[0])]
        else:
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
            shown = ["[" + " ".join(arr) + "] TJ"]
        if p.actual is not None:
            shown = [_actual_text(p.actual), *shown, "EMC"]
        if p.invisible:
            self.ops[-2:-2] = ["3 Tr"]
            shown.append("0 Tr")
        self.ops += shown

    def _alone(self, code: tuple[str, bytes, float], size: float) -> tuple[str, str]:
        """The Tf and TJ operators of a text object showing one code, as _show and flush write them: a
        right-to-left letter or word space, which write() gives a text object of its own (kept by code and
        size)."""
        name, data, _ = code
        found = self.alone[(code, size)] = (self._font_op(name, size), self._shown_alone(data))
        return found

    def _font_and_color(self, name: str, size: float, color: str) -> str:
        """The Tf operator that begins a text object, after the colour operator when the colour changes. A Tf
        before every text object, even to the same font: pypdf writes out its pending text there."""
        if color != self.color:
            self.ops.append(f"{rgb(color)} rg")
            self.color = color
        return self._font_op(name, size)

    def _font_op(self, name: str, size: float) -> str:
        """The Tf operator of a font and size (kept)."""
        tf = self.font_ops.get((name, size))
        if tf is None:
            tf = self.font_ops[(name, size)] = f"{name} {num(size)} Tf"
        return tf

    def _shown_alone(self, data: bytes) -> str:
        """The TJ operator showing one code (kept): most right-to-left text objects."""
        shown = self.shown.get(data)
        if shown is None:
            shown = self.shown[data] = "[(" + self.escape(data) + ")] TJ"
        return shown

    def write(self, clusters: list[Cluster], origins: dict[int, float], y: float,
              apart: Cluster | None = None) -> list[str]:
        """Operators for `clusters` (logical order) of a line; `origins` maps id(cluster) to its x. `apart`:
        the right-to-left space that ends the line beside the other language's column (see _apart)."""
        self.y, self.ltr_end, self.color, self.ops = y, None, None, []
        self.y_op = num(y)
        if not any([c.level for c in clusters]):  # most lines: nothing moves, no marks
            self._left_to_right_line(clusters, origins)
            return self.ops
        weak = [_weak(c.text) for c in clusters]
        xs = list(map(origins.__getitem__, map(id, clusters)))
        boxes = _boxes(clusters, xs, weak)
        before, after = _mark_places(clusters, weak, boxes)
        prev: Cluster | None = None
        plain, alone, ops, y_op = self.plain, self.alone, self.ops, self.y_op
        for n, c in enumerate(clusters):
            x = xs[n]
            if n in before:
                self._mark(c, before[n], prev)
            if c.level == 0:  # left-to-right paragraph text: clusters share a text object
                if prev is None or prev.level != 0:
                    self.flush(ltr=prev is None or not prev.rtl)
                self._left_to_right(c, x)
            elif not c.rtl:  # numbers and Latin inside right-to-left text: one text object per cluster,
                self.flush(ltr=prev is None or not prev.rtl)  # or pypdf reverses Persian digits
                self._left_to_right(c, x, boxes[n][1] - c.advance)
            else:
                if self.piece is not None:  # most letters follow a letter, which left none
                    self.flush(ltr=prev is None or not prev.rtl)
                at, width = boxes[n]
                letter = len(c.text) == 1 and not c.is_space
                # most clusters: a letter or a word space (reading RLM + space) of one glyph, its code kept by it
                if (letter or c.is_space) and len(c.glyphs) == 1:
                    g = c.glyphs[0]
                    text = _RLM + c.text if c.is_space else c.text
                    code = plain.get((c.face, g.gid, g.dx, g.dy, width, x - at, text)) or \
                        self._plain_code(c, width, x - at, text)
                elif letter:  # its code kept by its shaped glyphs
                    code = self._cluster_codes(c, True, width, x - at)[0][0]
                else:
                    code = None
                if code is not None:  # a text object of its own, written here as _show and flush would
                    span = c.span
                    if span.color != self.color:
                        ops.append(f"{rgb(span.color)} rg")
                        self.color = span.color
                    tf, tj = alone.get((code, span.size)) or self._alone(code, span.size)
                    if letter:
                        ops += (tf, f"1 0 0 1 {num(at)} {y_op} Tm", tj)
                    else:  # the space's ActualText (module docstring)
                        ops += (tf, f"1 0 0 1 {num(at)} {y_op} Tm", _actual_text(c.text), tj, "EMC")
                    self.ltr_end = None
                else:
                    edge = at  # left edge of the weak characters that follow, as pdfium sorts them
                    k = n + 1
                    while k < len(clusters) and weak[k]:
                        edge = min(edge, boxes[k][0])
                        k += 1
                    self._right_to_left(c, x, at, width, edge)
            if n in after:
                self._mark(c, after[n], c)
            if c is apart and prev is not None:
                self._apart(c, boxes[n][0], prev)
            prev = c
        self.flush(ltr=prev is None or not prev.rtl)
        return self.ops

    def _left_to_right_line(self, clusters: list[Cluster], origins: dict[int, float]):
        """write() for a line with no right-to-left text: its clusters one after the other, most of them one
        glyph reading one letter, whose code is kept and joins the text object before it (_left_to_right's
        and _show's common case written out here, without two calls a cluster)."""
        plain, p = self.plain, self.piece
        joins = None  # a span whose size and colour the text object p has
        for c in clusters:
            x = origins[id(c)]
            if len(c.glyphs) == 1 and _plain(c.text):
                g = c.glyphs[0]
                code = plain.get((c.face, g.gid, g.dx, g.dy, c.advance, 0.0, c.text)) or \
                    self._plain_code(c, c.advance, 0.0, c.text)
                span = c.span
                if p and p.font == code[0] and (span is joins or p.size == span.size and p.color == span.color):
                    if abs(x - p.pen) > 1e-4:
                        p.items += tj_moves(x - p.pen, p.size)
                    p.items.append(code[1])
                    p.pen = x + code[2] * p.size
                else:
                    self._show(c, None, c.text, x, ltr=True, code=code)
                    p = self.piece
                joins = span
            else:
                self._left_to_right(c, x)
                p, joins = self.piece, None
        self.flush()

    def _mark(self, c: Cluster, x: float, prev: Cluster | None):
        """A right-to-left mark (an empty glyph of no width) in a text object of its own at `x`."""
        self.flush(ltr=prev is None or not prev.rtl)
        self._show(c, ink(c, [], 0.0), _RLM, x, ltr=False)
        self.flush(ltr=False)

    def _apart(self, c: Cluster, x: float, last: Cluster):
        """After `c`, the right-to-left space that ends a line beside the other language's column, a second
        word space: a code of no width at `x` (the space's left edge, between the columns). It draws the
        glyphs of the line's last cluster `last` unseen, at each of _APART_DROPS ems below the line: its box,
        clear of the lines on either side and taller than 4.5 points, makes pdfium break the line there, so
        the two columns' lines are read one after the other. Not `c` itself: it draws no ink, so pdfium
        skips it, and it reaches across to the column's edge, while pdfium tells lines apart by comparing the
        distance between them with the widths of the codes on either side. The other readers place text by
        its origin and the font's ascent and descent, not by a glyph's outline; they read one more space, or
        none (pdf.js drops a code that reads only white space). A right-to-left mark there instead made
        poppler join the two columns' lines."""
        self.flush(ltr=False)
        drops = tuple(d * c.span.size for d in _APART_DROPS)
        self._show(c, ink(c, last.glyphs, 0.0, drops=drops), " ", x, ltr=False)
        self.piece.invisible = True
        self.flush(ltr=False)

    def _left_to_right(self, c: Cluster, x: float, wider: float = 0.0):
        """A left-to-right cluster's codes (see _left_to_right_pieces)."""
        if len(c.glyphs) == 1 and not wider and _plain(c.text):  # one glyph, one letter; its code is kept
            self._show(c, None, c.text, x, ltr=True, code=self._plain_code(c, c.advance, 0.0, c.text))
            return
        # a conjunct, or a letter with marks: its pieces kept by the shaped glyphs (the same word's, shared
        # by every cluster of that word in the process: see shape._shaped), its codes by the document
        codes, widths = self._cluster_codes(c, False, wider, c.advance)
        for code, w in zip(codes, widths):
            self._show(c, None, None, x, ltr=True, code=code)
            x += w

    def _right_to_left(self, c: Cluster, x: float, at: float, width: float, weak: float):
        """A right-to-left word space of several glyphs, or a cluster of several characters (write() draws the
        rest: a lone letter, a word space of one glyph).
        The letter's code, drawing the whole cluster, with the cluster's other letters on empty glyphs in
        front of it (the last leftmost: pdfium's reversal restores logical order; their width, taken back,
        keeps MuPDF from reading the line as visual order). Then its marks and format characters as a code
        of their own in an invisible text object (it draws the cluster again, unseen, so that pdfium keeps
        it on the line): one font unit left of the letter, or of the weak characters (digits, separators)
        that follow, which pdfium would otherwise read in one run with the marks, before them. pdf.js reverses
        each text item of right-to-left text, so the marks get an item of their own: a thousandth of a
        point larger, unseen.
        The letter's text object is at `at` with the width `width` (its glyph stays at `x`): see _boxes."""
        if c.is_space:  # its own code and text object, reading RLM + space (module docstring)
            self._show(c, ink(c, c.glyphs, width, x - at), _RLM + c.text, at, ltr=False)
            self.piece.actual = c.text
            return
        codes, marks = self._cluster_codes(c, True, width, x - at)
        for code in codes:
            self._show(c, None, None, at, ltr=False, code=code)
        if marks:
            self.flush(ltr=False)
            self._show(c, None, None, weak - c.span.size / c.face.upem, ltr=False, code=marks)
            self.piece.invisible = True
            self.piece.size += 0.001  # pdf.js starts a new text item at a size change: the marks' own item


_pieces: dict[tuple, tuple] = {}  # see LineWriter._cluster_codes
_PIECES_MAX = 100_000


def _left_to_right_pieces(c: Cluster, wider: float) -> tuple[list, list[float]]:
    """The (glyph, text) pieces of a left-to-right cluster and how far each moves the pen: one reading the
    whole cluster, or, when it holds marks or format characters, one per piece of text: the first draws the
    cluster, the pieces with letters share its width (pdfminer.six breaks the line between two zero-width
    codes). `wider`: extra width for a digit beside a separator moved away (see _boxes)."""
    if _plain(c.text):
        return [(ink(c, c.glyphs, c.advance + wider), c.text)], [0.0]
    tokens = _tokens(c.text)
    letters = sum(not _zero_width(t[0]) for t in tokens)
    share = c.advance / letters if letters else 0.0
    widths = [share if not _zero_width(t[0]) else 0.0 if letters else c.advance * (k == 0)
              for k, t in enumerate(tokens)]
    return [(ink(c, c.glyphs if k == 0 else [], w), t) for k, (t, w) in enumerate(zip(tokens, widths))], widths


def _right_to_left_pieces(c: Cluster, width: float, shift: float) -> tuple[list, tuple | None]:
    """The (glyph, text) pieces of a right-to-left cluster of several characters (see
    LineWriter._right_to_left), and its marks' piece, if it has marks."""
    first = next((k for k, ch in enumerate(c.text) if not _zero_width(ch)), 0)
    marks = "".join(ch for k, ch in enumerate(c.text) if k != first and _zero_width(ch))
    carried = [ch for k, ch in enumerate(c.text) if k != first and not _zero_width(ch)]
    pieces = [(ink(c, [], c.span.size * _CARRIER_EM), ch) for ch in reversed(carried)]
    pieces.append((ink(c, c.glyphs, width, shift), c.text[first]))
    return pieces, (ink(c, c.glyphs, 0.0), marks) if marks else None


@cache
def _weak_char(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in _WEAK


@lru_cache(maxsize=1 << 16)  # a cluster's text: a letter and its marks
def _weak(text: str) -> bool:
    return all(map(_weak_char, text))


def _boxes(clusters: list[Cluster], xs: list[float], weak: list[bool]) -> list[tuple[float, float]]:
    """Where the code reading each cluster of a line goes: x and width (its glyph stays at xs[n]).

    - A right-to-left separator (hyphen, full stop, slash…) touching a number: pdfium reads separators and
      digits as one left-to-right run, so `מ-3` came back `מ3-` and `180/120.` as `.180/120`. Its code goes
      just left of the number when the number follows, just right of it when the number comes before, with
      a small width (MuPDF then keeps the pair on one line).
    - The code that pdfium sorts just before the empty place a moved separator leaves takes the place's
      width, or pdfium reads it as a word gap.
    - A right-to-left space (an empty glyph) reaches the codes read before and after it: beside a number the
      reading jumps from the number's one end to the other, further than pdfminer.six's two characters,
      which break the line.
    """
    advances = [c.advance for c in clusters]
    boxes = list(zip(xs, advances))
    moved: list[tuple[float, float]] = []
    for n in compress(range(len(clusters)), weak):  # a few clusters of a line
        c = clusters[n]
        if not c.rtl:
            continue
        number_after, k = [], n + 1
        while k < len(clusters) and weak[k] and not clusters[k].rtl:
            number_after.append(k)
            k += 1
        number_before, k = [], n - 1
        while k >= 0 and weak[k] and not clusters[k].rtl:
            number_before.append(k)
            k -= 1
        unit = c.span.size / c.face.upem
        width = min(c.advance, c.span.size * _SEPARATOR_EM)
        if number_after:
            at = min(xs[d] for d in number_after) - unit
        elif number_before:
            at = max(xs[d] + advances[d] for d in number_before) + unit
        else:
            continue
        boxes[n] = (at, width)
        moved.append((xs[n], xs[n] + c.advance))
    if moved:
        inked = sorted((b for n, c in enumerate(clusters) if not c.is_space for b in [(*boxes[n], n)]),
                       key=lambda b: b[0])
        for (x0, w0, k0), (x1, _, _) in zip(inked, inked[1:]):
            gap = (x0 + w0, x1)
            if gap[1] - gap[0] > 1e-3 and any(m0 <= gap[0] + 1e-3 and gap[1] <= m1 + 1e-3 for m0, m1 in moved):
                boxes[k0] = (x0, x1 - x0)
    for n in compress(range(len(clusters)), [c.is_space for c in clusters]):
        if clusters[n].rtl:
            left, right = xs[n], xs[n] + advances[n]
            if n + 1 < len(clusters):
                left = min(left, boxes[n + 1][0])
            if n:
                right = max(right, sum(boxes[n - 1]))
            boxes[n] = (left, right - left)
    return boxes


def _mark_places(clusters: list[Cluster], weak: list[bool],
                 boxes: list[tuple[float, float]]) -> tuple[dict[int, float], dict[int, float]]:
    """Right-to-left marks for poppler: x of the mark written before cluster i, and of the one written after
    cluster i (the keys of the two dicts).

    A run of clusters inside right-to-left text that poppler does not take for right-to-left (digits, Latin,
    separators) and that a word space follows gets a mark just left of its leftmost code, where poppler's
    reading of the run ends, so the space stays after the run; left of the vowel marks' code that a letter
    before the run puts there too (see _right_to_left).
    The mark goes into the stream where the stream readers keep their line: before a run that starts with a
    left-to-right character (from a long number's right end back to its left pdfminer.six breaks the line),
    after a run that starts with a right-to-left separator (MuPDF takes a right-to-left character drawn where
    a zero-width one ended for visual order, and reverses the line).
    """
    inside = [bool(c.level) and not c.is_space and (w or not c.rtl) for c, w in zip(clusters, weak)]
    before: dict[int, float] = {}
    after: dict[int, float] = {}
    for is_run, group in groupby(range(len(clusters)), key=inside.__getitem__):
        run = list(group)
        end = run[-1] + 1
        if is_run and end < len(clusters) and clusters[end].rtl and clusters[end].is_space:
            x = min(boxes[k][0] for k in run) - _MARK_SHIFT
            if clusters[run[0]].rtl:
                after[run[-1]] = x
            else:
                before[run[0]] = x
    return before, after


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
