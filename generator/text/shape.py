"""Shaping: styled spans → HarfBuzz clusters with font fallback and bidi embedding levels."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import uharfbuzz as hb

from ..resolve.fonts import FontFace, FontSet

# Marks, format characters and spaces stay in the face of the text around them.
_INHERIT = {"Mn", "Mc", "Me", "Cf", "Zs"}
_RTL_CLASSES = {"R", "AL", "AN", "RLE", "RLO", "RLI"}
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


@dataclass
class Glyph:
    gid: int
    advance: float  # points
    dx: float  # points
    dy: float  # points


@dataclass(eq=False)
class Cluster:
    """The smallest unit that is drawn and read together: characters [start, end) and their glyphs."""

    start: int
    end: int
    text: str
    level: int  # bidi embedding level; odd is right to left
    face: FontFace
    span: Span
    glyphs: list[Glyph] = field(default_factory=list)  # HarfBuzz (visual) order
    advance: float = 0.0  # points; set by finish() once the glyphs are known
    is_space: bool = False

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1

    def finish(self) -> Cluster:
        self.advance = sum(g.advance for g in self.glyphs)
        self.is_space = self.text.isspace()
        return self


class MissingGlyph(Exception):
    def __init__(self, char: str):
        super().__init__(char)
        self.char = char


def bidi_levels(text: str, base_rtl: bool) -> list[int]:
    """UAX #9 embedding levels per character (python-bidi's implementation)."""
    if not base_rtl and not any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text):
        return [0] * len(text)
    from bidi import algorithm as bidialg

    storage = bidialg.get_empty_storage()
    storage["base_level"] = 1 if base_rtl else 0
    storage["base_dir"] = "R" if base_rtl else "L"
    bidialg.get_embedding_levels(text, storage, False, False)
    for i, ch in enumerate(storage["chars"]):
        ch["i"] = i
    bidialg.explicit_embed_and_overrides(storage, False)
    bidialg.resolve_weak_types(storage, False)
    bidialg.resolve_neutral_types(storage, False)
    bidialg.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for ch in storage["chars"]:
        levels[ch["i"]] = ch["level"]
    last = storage["base_level"]
    out = []
    for lv in levels:  # characters removed by rule X9 (ZWJ, ZWNJ…) take their neighbour's level
        last = lv if lv is not None else last
        out.append(last)
    return out


def _faces(text: str, weights: list[int], fonts: FontSet) -> list[FontFace]:
    """Per character, the first face of the fallback chain that has it (marks stay with their base)."""
    out: list[FontFace] = []
    cur: FontFace | None = None
    for i, ch in enumerate(text):
        if cur is not None and cur.weight == weights[i] and (
                cur.has(ch) or unicodedata.category(ch) in _INHERIT):
            out.append(cur)
            continue
        cur = fonts.face_for(ch, weights[i])
        if cur is None:
            if unicodedata.category(ch) in _INHERIT and out:
                cur = out[-1]
            else:
                raise MissingGlyph(ch)
        out.append(cur)
    return out


def shape_paragraph(spans: list[Span], lang: str, fonts: FontSet, base_rtl: bool) -> list[Cluster]:
    """Clusters of a paragraph in logical order."""
    text = "".join(s.text for s in spans)
    span_of: list[Span] = [s for s in spans for _ in s.text]
    levels = bidi_levels(text, base_rtl)
    faces = _faces(text, [s.weight for s in span_of], fonts)
    clusters: list[Cluster] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and levels[j] == levels[i] and faces[j] is faces[i] and span_of[j] is span_of[i]:
            j += 1
        clusters += _shape_run(text, i, j, levels[i], faces[i], span_of[i], lang)
        i = j
    return clusters


def _shape_run(text: str, i: int, j: int, level: int, face: FontFace, span: Span, lang: str) -> list[Cluster]:
    buf = hb.Buffer()
    buf.add_codepoints([ord(c) for c in text], i, j - i)  # with context; clusters index into text
    buf.direction = "rtl" if level % 2 else "ltr"
    buf.guess_segment_properties()
    buf.language = span.lang or lang
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_GRAPHEMES  # marks stay in their base's cluster
    hb.shape(face.hb_font, buf, _FEATURES)
    scale = span.size / face.upem
    starts = sorted({info.cluster for info in buf.glyph_infos})
    ends = dict(zip(starts, starts[1:] + [j]))
    by_start: dict[int, Cluster] = {}
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
        c = info.cluster
        if c not in by_start:
            by_start[c] = Cluster(c, ends[c], text[c:ends[c]], level, face, span)
        by_start[c].glyphs.append(Glyph(info.codepoint, pos.x_advance * scale, pos.x_offset * scale,
                                        pos.y_offset * scale))
    out: list[Cluster] = []
    for c in sorted(by_start.values(), key=lambda c: c.start):
        c.finish()
        if out and not c.advance and all(unicodedata.category(ch) == "Cf" for ch in c.text):
            # a lone ZWNJ/ZWJ would be a zero-width text object, which pdfium drops: join the one before
            prev = out[-1]
            prev.text, prev.end = prev.text + c.text, c.end
            prev.glyphs = c.glyphs + prev.glyphs if prev.rtl else prev.glyphs + c.glyphs
            prev.finish()
        else:
            out.append(c)
    return out
