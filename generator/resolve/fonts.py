"""Fonts from pip packages, per language and weight, with variable fonts instanced and cached on disk."""
from __future__ import annotations

import array
import hashlib
import importlib.util
import io
import logging
import struct
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import uharfbuzz as hb

from ..content.yamlsource import load_data
from ..errors import SetupError
from ..kept import cache_dir
from ..write import write_atomic
from .language import Language

_DATA = Path(__file__).with_name("fonts.yaml")
_log = logging.getLogger("make_leaflet")


@dataclass(eq=False)
class FontFace:
    """One font file at one weight, as HarfBuzz sees it (shaping, outlines, coverage)."""

    family: str
    weight: int
    path: Path
    hb_font: hb.Font = field(init=False, repr=False)
    upem: int = field(init=False)
    cmap: hb.Set = field(init=False, repr=False)  # HarfBuzz's own set: copying a CJK font's took 3 ms
    _covered: set[str] = field(init=False, repr=False, default_factory=set)  # characters found in cmap

    def __post_init__(self):
        face = hb.Face(hb.Blob.from_file_path(str(self.path)))
        self.hb_font = hb.Font(face)
        self.upem = face.upem
        self.cmap = face.unicodes

    def has(self, char: str) -> bool:
        return ord(char) in self.cmap

    def covers(self, text: str) -> bool:
        """Whether the face has every character of `text`: a span is asked at once of the characters found
        before, a set of them."""
        if self._covered.issuperset(text):
            return True
        new = set(text).difference(self._covered)
        if all(ord(char) in self.cmap for char in new):
            self._covered.update(new)
            return True
        return False


@dataclass(frozen=True)
class FontSet:
    """The fallback chain of families for one language: the first face that has a character draws it.

    Later families are opened (and instanced) only when a character needs them.
    """

    families: tuple[str, ...]

    def face_for(self, char: str, weight: int) -> FontFace | None:
        for family in self.families:
            f = face(family, weight)
            if f.has(char):
                return f
        return None

    def primary(self, weight: int) -> FontFace:
        return face(self.families[0], weight)


@cache
def _data() -> dict:
    return load_data(_DATA)


def _families() -> dict:
    return _data()["families"]


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SetupError(f"font package {package!r} is not installed (reinstall make-leaflet with pip)")
    path = Path(spec.submodule_search_locations[0]) / relative
    if not path.is_file():
        raise SetupError(f"font file {relative} is missing from package {package!r}")
    return path


def _identity(source: Path) -> str:
    """A short name for this version of a font file: its size, time and first 64 KB (a variable CJK font
    is 17 MB: hashing all of it cost every build 50 ms per family, read to name a file already made)."""
    st = source.stat()
    with source.open("rb") as f:
        head = f.read(1 << 16)
    return hashlib.sha256(f"{st.st_size}:{st.st_mtime_ns}:".encode() + head).hexdigest()[:16]


def _instance(source: Path, family: str, weight: int) -> Path:
    """A static instance of a variable font at `weight`, made once and cached by source hash.

    HarfBuzz's subsetter pins the axes (a fifth of a second for a CJK font, where fontTools' instancer
    took 10-20 s); the outlines and advances are the same as fontTools gives.
    """
    variable = hb.Face(hb.Blob.from_file_path(str(source)))
    axes = {a.tag: a.default_value for a in variable.axis_infos}
    if axes.get("wght") == weight:
        return source  # the default instance is what HarfBuzz and ReportLab draw anyway
    digest = _identity(source)
    out = cache_dir() / "fonts" / f"{family}-{weight}-{digest}-hb{hb.version_string()}.ttf"
    if out.is_file():
        return out
    _log.info("preparing the %s font at weight %d (first use only: it is kept for later runs)", family, weight)
    from fontTools.ttLib import TTFont

    pins = hb.SubsetInput()
    pins.keep_everything()
    for tag, value in {**axes, "wght": weight}.items():
        pins.pin_axis_location(variable, tag, value)
    static = hb.subset(variable, pins).blob.data
    names = TTFont(io.BytesIO(static), lazy=True)["name"]
    for rec in names.names:
        if rec.nameID == 6:  # PostScript name: distinct per instance, or PDF readers confuse weights
            rec.string = f"{family.title().replace('-', '')}-W{weight}"
    # whole or not at all: another build never reads half a file
    write_atomic(out, _with_table(static, b"name", names.compile(None)), durable=False)
    return out


def _checksum(data: bytes) -> int:
    words = array.array("I", data + b"\0" * (-len(data) % 4))
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def _with_table(font: bytes, tag: bytes, table: bytes) -> bytes:
    """The TrueType file `font` with one table replaced. Only that table and head are summed again; the
    file's checksum (for head's adjustment) is the sum of the directory's and the tables' checksums, so
    a 10 MB font is not read word by word in Python."""
    count = struct.unpack_from(">H", font, 4)[0]
    tables = {}
    for k in range(count):
        name, checksum, offset, length = struct.unpack_from(">4sLLL", font, 12 + 16 * k)
        tables[name] = (checksum, font[offset:offset + length])
    head = bytearray(tables[b"head"][1])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: the head table is summed without it
    tables[b"head"] = (_checksum(bytes(head)), bytes(head))
    tables[tag] = (_checksum(table), table)
    n = len(tables)
    power = 1 << (n.bit_length() - 1)
    at, records, bodies = 12 + 16 * n, [], []
    for name in sorted(tables):
        checksum, data = tables[name]
        records.append(struct.pack(">4sLLL", name, checksum, at, len(data)))
        bodies.append(data + b"\0" * (-len(data) % 4))
        at += len(bodies[-1])
    directory = font[:4] + struct.pack(">HHHH", n, power * 16, power.bit_length() - 1, n * 16 - power * 16)
    directory += b"".join(records)
    total = (_checksum(directory) + sum(checksum for checksum, _ in tables.values())) & 0xFFFFFFFF
    head[8:12] = struct.pack(">L", (0xB1B0AFBA - total) & 0xFFFFFFFF)
    bodies[sorted(tables).index(b"head")] = bytes(head) + b"\0" * (-len(head) % 4)
    return directory + b"".join(bodies)


@cache
def face(family: str, weight: int) -> FontFace:
    """The face of a family at a weight; raises SetupError if the family is not known or installed."""
    spec = _families().get(family)
    if spec is None:
        raise SetupError(f"font family {family!r} is not described in fonts.yaml")
    if "files" in spec:
        files = spec["files"]
        nearest = min(files, key=lambda w: abs(int(w) - weight))
        return FontFace(family, weight, _package_file(spec["package"], files[nearest]))
    return FontFace(family, weight, _instance(_package_file(spec["package"], spec["variable"]), family, weight))


def font_set(lang: Language) -> FontSet:
    """The language's fonts, then the symbol fallbacks every language shares."""
    return FontSet(tuple(dict.fromkeys(lang.fonts + tuple(_data().get("fallback", ())))))
