"""Shaping: styled spans → HarfBuzz clusters with font fallback and bidi embedding levels."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import groupby

import uharfbuzz as hb

from ..resolve.fonts import FontFace, FontSet
from .bidi import BidiParagraph

# Marks, format characters and spaces stay in the face of the text around them.
_INHERIT = {"Mn", "Mc", "Me", "Cf", "Zs"}
# HarfBuzz looks at most 5 characters either side of a run (HB_BUFFER_CONTEXT_LENGTH); a wider window
# costs nothing and keeps shaping independent of paragraph length
_CONTEXT = 16
_FEATURES = {"dlig": False}  # no discretionary ligatures in patient text


@dataclass(frozen=True)
class Span:
    """Logical text with one style; `link` is the identity of the link (or other inline element) it belongs
    to, if any; `lang` the span's own language where it differs from the paragraph's (HarfBuzz's language)."""

    text: str
    size: float
    weight: int
    color: str
    link: object | None = None
    lang: str | None = None


@dataclass(slots=True)
class Glyph:
    gid: int
    advance: float  # points
    dx: float  # points
    dy: float  # points


@dataclass(eq=False, slots=True)
class Cluster:
    """The smallest unit that is drawn and read together: characters [start, end) and their glyphs."""

    start: int
    end: int
    text: str
    level: int  # bidi embedding level; odd is right to left
    face: FontFace
    span: Span
    glyphs: tuple[Glyph, ...] = ()  # HarfBuzz (visual) order; shared with the kept words (never changed)
    advance: float = 0.0  # points: the sum of the glyphs' advances (see finish)
    is_space: bool = False
    rtl: bool = False  # an odd level (given with it: read for every cluster drawn, a property cost 1%)

    def finish(self) -> Cluster:
        self.advance = self.advance_of(self.glyphs)
        self.is_space = self.text.isspace()
        return self

    @staticmethod
    def advance_of(glyphs) -> float:
        return glyphs[0].advance if len(glyphs) == 1 else sum(g.advance for g in glyphs)


class MissingGlyph(Exception):
    def __init__(self, char: str):
        super().__init__(char)
        self.char = char


class ClusterTooLarge(Exception):
    """A cluster whose glyphs reach beyond what a font's 16-bit coordinates can hold (hundreds of marks
    stacked on one letter): it is drawn as one composite glyph (render/subset.py), which could not hold it."""

    def __init__(self, text: str):
        marks = sum(unicodedata.category(c).startswith("M") for c in text)
        super().__init__(f"a letter with {marks} combining marks is too large to draw "
                         "(expected at most 30 marks on one letter)")
        self.text = text


# TrueType glyph coordinates are 16-bit; a margin below 32767 leaves room for rounding to points and back
_FONT_REACH = 32000


def _faces(text: str, weight: int, fonts: FontSet, cur: FontFace | None = None) -> list[FontFace]:
    """Per character, the first face of the fallback chain that has it (marks stay with their base); `cur`:
    the face of the character before `text`."""
    out: list[FontFace] = []
    for ch in text:
        if cur is not None and cur.weight == weight and (cur.has(ch) or unicodedata.category(ch) in _INHERIT):
            out.append(cur)
            continue
        before, cur = cur, fonts.face_for(ch, weight)
        if cur is None:
            if unicodedata.category(ch) in _INHERIT and before is not None:
                cur = before
            else:
                raise MissingGlyph(ch)
        out.append(cur)
    return out


def _runs(spans: list[Span], levels: list[int], fonts: FontSet) -> list[tuple[int, int, int, FontFace, Span]]:
    """(start, end, bidi level, face, span) of each longest stretch of the paragraph with one level, one face
    and one span. Faces as _faces gives them, a span at a time: a span whose first character's face has
    every character of it is that face throughout, found with no Python step per character."""
    runs: list[tuple[int, int, int, FontFace, Span]] = []
    cur: FontFace | None = None
    start = 0
    for span in spans:
        text, end = span.text, start + len(span.text)
        if not text:
            continue
        face = _faces(text[0], span.weight, fonts, cur)[0]
        if face.covers(text):
            pieces = [(start, end, face)]
        else:
            pieces, i = [], start
            for face, group in groupby(_faces(text, span.weight, fonts, cur)):
                n = len(list(group))
                pieces.append((i, i + n, face))
                i += n
        for a, b, face in pieces:
            for level, group in groupby(levels[a:b]):
                n = len(list(group))
                last = runs[-1] if runs else None
                if last and last[1] == a and last[2] == level and last[3] is face and last[4] is span:
                    runs[-1] = (last[0], a + n, level, face, span)  # the same span again: one run
                else:
                    runs.append((a, a + n, level, face, span))
                a += n
        cur = pieces[-1][2]
        start = end
    return runs


def shape_paragraph(spans: list[Span], lang: str, fonts: FontSet, bidi: BidiParagraph) -> list[Cluster]:
    """Clusters of a paragraph (`bidi` resolved on the spans' joined text) in logical order."""
    text = bidi.text
    codepoints = list(map(ord, text))
    clusters: list[Cluster] = []
    for start, end, level, face, span in _runs(spans, bidi.levels, fonts):
        clusters += _shape_run(text, codepoints, start, end, level, face, span, lang)
    return clusters


def _reach(face: FontFace, gid: int, x: int, y: int, pen: int) -> int:
    """How far from the cluster's origin a glyph drawn at (x, y) reaches, in font units."""
    ext = face.hb_font.get_glyph_extents(gid)
    edges = [x, y, pen] if ext is None else [x, y, pen, x + ext.x_bearing, x + ext.x_bearing + ext.width,
                                             y + ext.y_bearing, y + ext.y_bearing + ext.height]
    return max(abs(v) for v in edges)


def _words(text: str, i: int, j: int):
    """text[i:j] cut into words with the spaces after them: (start, end, whether it stands alone).

    A word stands alone between a space (or the paragraph's start) and its spaces (or the paragraph's end):
    no script joins or reorders across a space, so it shapes the same wherever it stands (shaped with its
    run's script: alone, "1.0" would have none, and Noto Sans KR draws it with other glyphs in Korean). A
    mark written after a space is placed on the space: the word it begins is not cut from the one before.
    """
    k = i
    while k < j:
        e = k
        while True:
            found = _WORD.match(text, e, j)
            word_end, e = found.end(1), found.end()
            if e == j or not unicodedata.category(text[e]).startswith("M"):
                break
        alone = (k == 0 or text[k - 1].isspace()) and (e > word_end or e == len(text)) \
            and not unicodedata.category(text[k]).startswith("M")
        yield k, e, alone
        k = e


_WORD = re.compile(r"(\S*)\s*")  # a word and the spaces after it (\s is str.isspace)


# Shaped words (see _words), kept across paragraphs, leaflets and languages of a process: most words repeat.
_shaped: dict[tuple, tuple] = {}
_SHAPED_MAX = 200_000


def _shape_word(text: str, codepoints: list[int], i: int, j: int, level: int, script: str | None,
                face: FontFace, lang: str, size: float) -> tuple[tuple, ...]:
    """Glyphs of text[i:j] shaped with the characters around it as context, by cluster in logical order:
    (start and end, from i; text; glyphs; advance; whether it is white space). Raises ClusterTooLarge."""
    w0 = max(0, i - _CONTEXT)
    buf = hb.Buffer()
    buf.add_codepoints(codepoints[w0:j + _CONTEXT], i - w0, j - i)  # clusters index into the window
    buf.direction = "rtl" if level % 2 else "ltr"
    if script:
        buf.script = script
    buf.language = lang
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_GRAPHEMES  # marks stay in their base's cluster
    hb.shape(face.hb_font, buf, _FEATURES)
    scale = size / face.upem
    near = _FONT_REACH - 4 * face.upem  # below this no glyph can reach the limit
    out: list[tuple[int, list[Glyph]]] = []
    pen = 0  # font units from the cluster's origin
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
        c = info.cluster + w0 - i
        if not out or out[-1][0] != c:
            out.append((c, []))
            pen = 0  # the glyphs of a cluster come together (monotone cluster levels)
        out[-1][1].append(Glyph(info.codepoint, pos.x_advance * scale, pos.x_offset * scale, pos.y_offset * scale))
        x, y = pen + pos.x_offset, pos.y_offset
        pen += pos.x_advance
        if (abs(x) > near or abs(y) > near or abs(pen) > near) and \
                _reach(face, info.codepoint, x, y, pen) > _FONT_REACH:
            starts = sorted({info.cluster + w0 for info in buf.glyph_infos} | {j})
            raise ClusterTooLarge(text[i + c:starts[starts.index(i + c) + 1]])
    out.sort(key=lambda cluster: cluster[0])  # right to left: HarfBuzz gives them in visual order
    ends = [c for c, _ in out[1:]] + [j - i]
    return tuple((c, end, piece, tuple(glyphs), Cluster.advance_of(glyphs), piece.isspace())
                 for (c, glyphs), end in zip(out, ends) for piece in [text[i + c:i + end]])


def _shape_run(text: str, codepoints: list[int], i: int, j: int, level: int, face: FontFace, span: Span,
               lang: str) -> list[Cluster]:
    """Clusters of text[i:j], word by word."""
    lang = span.lang or lang
    probe = hb.Buffer()  # the run's script, for its words (see _words)
    probe.add_codepoints(codepoints[i:j])
    probe.guess_segment_properties()
    script = probe.script
    clusters: list[Cluster] = []
    rtl = level % 2 == 1
    for k, e, alone in _words(text, i, j):
        key = (face, level % 2, script, lang, span.size, text[k:e])
        shaped = _shaped.get(key) if alone else None
        if shaped is None:
            shaped = _shape_word(text, codepoints, k, e, level, script, face, lang, span.size)
            if alone:
                if len(_shaped) >= _SHAPED_MAX:  # a long-lived process (the Python API) keeps no more
                    _shaped.clear()
                _shaped[key] = shaped
        clusters += [Cluster(k + c, k + end, cluster_text, level, face, span, glyphs, advance, space, rtl)
                     for c, end, cluster_text, glyphs, advance, space in shaped]
    out: list[Cluster] = []
    for c in clusters:
        if out and not c.advance and (not c.rtl or all(unicodedata.category(ch) == "Cf" for ch in c.text)):
            # a lone ZWNJ/ZWJ would be a zero-width text object, which pdfium drops; a zero-width glyph
            # HarfBuzz left on its own (the second consonant of a Bengali conjunct) reads as a duplicate of
            # the next letter to MuPDF: both join the cluster before
            prev = out[-1]
            prev.text, prev.end = prev.text + c.text, c.end
            prev.glyphs = c.glyphs + prev.glyphs if prev.rtl else prev.glyphs + c.glyphs
            prev.finish()
        else:
            out.append(c)
    return out

