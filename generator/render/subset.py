"""TrueType subsets with one extra glyph per shaped cluster.

A cluster that HarfBuzz draws with several glyphs (a conjunct with its vowel signs, a letter with a dot
below, an Arabic letter with its dots and vowel marks) becomes one composite glyph in the embedded font:
its components are the cluster's glyphs at their shaped offsets, its advance is the shaped advance. The
page then draws the cluster as a single code whose width is exactly what the layout used, so extractors
see no gaps inside words, marks never look like separate lines, and PDF/UA's width rule holds because
/Widths and the embedded hmtx agree.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

from reportlab.pdfbase.ttfonts import TTFontMaker

_WORDS, _XY, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x01, 0x02, 0x08, 0x20, 0x40, 0x80
_PADDING = (b"", b"\0", b"\0\0", b"\0\0\0")  # after a glyph, to a multiple of four bytes


@dataclass(frozen=True, eq=False)  # one object per glyph (glyphs.ink keeps them): compared by identity, hashed fast
class CompositeGlyph:
    components: tuple[tuple[int, int, int], ...]  # (glyph id, x, y) in font units from the cluster origin
    advance: int  # font units
    bbox: tuple[int, int, int, int]  # xMin, yMin, xMax, yMax


def _component_fields(data: bytes) -> list[int]:
    """Byte offsets of the glyph-index fields of a composite glyph's components."""
    out, pos, flags = [], 10, _MORE
    while flags & _MORE:
        flags = struct.unpack_from(">H", data, pos)[0]
        out.append(pos + 2)
        pos += 4 + (4 if flags & _WORDS else 2)
        pos += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
    return out


def make_subset(face, subset: list[int], composites: dict[int, CompositeGlyph]) -> bytes:
    """The embedded font for one PDF font subset: code i of `subset` draws glyph codeToGlyph[i]."""
    start, length = face.get_table_pos("glyf")
    glyf = memoryview(face._ttf_data)[start:start + length]  # not a copy: a CJK font's is 10 MB, 1.7 ms a subset
    pos, char_to_glyph = face.glyphPos, face.charToGlyph
    index = {0: 0}  # original glyph id → new glyph index
    for code in subset:
        spec = composites.get(code)
        if spec is None:
            index.setdefault(char_to_glyph.get(code, 0), len(index))
        else:
            for gid, _, _ in spec.components:
                index.setdefault(gid, len(index))
    glyph_map = list(index)  # new glyph index → original glyph id
    datas = [glyf[pos[gid]:pos[gid + 1]] for gid in glyph_map]
    n = 0
    while n < len(datas):  # the font's own composite glyphs (numberOfContours < 0) need their components too
        data = datas[n]
        if len(data) > 10 and data[0] & 0x80:
            data = datas[n] = bytearray(data)
            for field in _component_fields(data):
                gid = struct.unpack_from(">H", data, field)[0]
                if gid not in index:
                    index[gid] = len(glyph_map)
                    glyph_map.append(gid)
                    datas.append(glyf[pos[gid]:pos[gid + 1]])
                struct.pack_into(">H", data, field, index[gid])
        n += 1
    virtual = list(dict.fromkeys(code for code in subset if code in composites))
    virtual_index = {code: len(glyph_map) + i for i, code in enumerate(virtual)}

    advances = [face.hmetrics.advances[gid] for gid in glyph_map]
    bearings = [face.hmetrics.bearings[gid] for gid in glyph_map]
    max_components = 0
    for code in virtual:
        spec = composites[code]
        advances.append(spec.advance)
        if not spec.components:  # an empty glyph: text that draws nothing, with an advance of its own
            datas.append(b"")
            bearings.append(0)
            continue
        parts = [struct.pack(">hhhhh", -1, *spec.bbox)]
        for k, (gid, x, y) in enumerate(spec.components):
            flags = _WORDS | _XY | (_MORE if k < len(spec.components) - 1 else 0)
            parts.append(struct.pack(">HHhh", flags, index[gid], x, y))
        datas.append(b"".join(parts))
        bearings.append(spec.bbox[0])
        max_components = max(max_components, len(spec.components))

    out = TTFontMaker()
    for tag in ("name", "OS/2", "cvt ", "fpgm", "prep"):
        try:
            out.add(tag, face.get_table(tag))
        except KeyError:
            pass  # cvt, fpgm and prep are optional
    out.add("post", b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16)
    num_glyphs = len(datas)
    hmtx = [0] * (2 * num_glyphs)
    hmtx[0::2], hmtx[1::2] = advances, [lsb & 0xFFFF for lsb in bearings]
    out.add("hmtx", struct.pack(f">{len(hmtx)}H", *hmtx))
    hhea = bytearray(face.get_table("hhea"))
    struct.pack_into(">H", hhea, 10, max(struct.unpack_from(">H", hhea, 10)[0], *advances))
    struct.pack_into(">H", hhea, 34, num_glyphs)
    out.add("hhea", bytes(hhea))
    maxp = bytearray(face.get_table("maxp"))
    struct.pack_into(">H", maxp, 4, num_glyphs)
    if len(maxp) >= 32 and virtual:
        struct.pack_into(">H", maxp, 28, max(struct.unpack_from(">H", maxp, 28)[0], max_components))
        struct.pack_into(">H", maxp, 30, struct.unpack_from(">H", maxp, 30)[0] + 1)
    out.add("maxp", bytes(maxp))
    glyph_of = [virtual_index[c] if c in virtual_index else index[char_to_glyph.get(c, 0)] for c in subset]
    cmap = [0, 1, 1, 0, 0, 12, 6, 10 + 2 * len(subset), 0, 0, len(subset), *glyph_of]
    out.add("cmap", struct.pack(f">{len(cmap)}H", *cmap))
    offsets, chunks, at = [], [], 0
    for data in datas:
        offsets.append(at)
        pad = (-len(data)) % 4
        chunks += (data, _PADDING[pad])
        at += len(data) + pad
    offsets.append(at)
    out.add("glyf", b"".join(chunks))
    long_loca = at >> 1 > 0xFFFF
    out.add("loca", struct.pack(f">{len(offsets)}L", *offsets) if long_loca
            else struct.pack(f">{len(offsets)}H", *(o >> 1 for o in offsets)))
    head = bytearray(face.get_table("head"))
    struct.pack_into(">H", head, 50, 1 if long_loca else 0)
    out.add("head", bytes(head))
    return out.makeStream()
