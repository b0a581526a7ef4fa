"""Fonts from pip packages, per language and weight, with variable fonts instanced and cached on disk."""
from __future__ import annotations

import hashlib
import importlib.util
import io
import logging
import os
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import uharfbuzz as hb

from ..content.yamlsource import load_data
from ..errors import SetupError
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
    cmap: frozenset[int] = field(init=False, repr=False)

    def __post_init__(self):
        face = hb.Face(hb.Blob.from_file_path(str(self.path)))
        self.hb_font = hb.Font(face)
        self.upem = face.upem
        self.cmap = frozenset(face.unicodes)

    def has(self, char: str) -> bool:
        return ord(char) in self.cmap


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


def cache_dir() -> Path:
    """Where instanced fonts are kept between runs (MAKE_LEAFLET_CACHE overrides)."""
    if os.environ.get("MAKE_LEAFLET_CACHE"):
        return Path(os.environ["MAKE_LEAFLET_CACHE"])
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "make-leaflet"


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SetupError(f"font package {package!r} is not installed (reinstall make-leaflet with pip)")
    path = Path(spec.submodule_search_locations[0]) / relative
    if not path.is_file():
        raise SetupError(f"font file {relative} is missing from package {package!r}")
    return path


def _instance(source: Path, family: str, weight: int) -> Path:
    """A static instance of a variable font at `weight`, made once and cached by source hash.

    HarfBuzz's subsetter pins the axes (a fifth of a second for a CJK font, where fontTools' instancer
    took 10-20 s); the outlines and advances are the same as fontTools gives.
    """
    from fontTools.ttLib import TTFont

    axes = {a.axisTag: a.defaultValue for a in TTFont(source, lazy=True)["fvar"].axes}
    if axes.get("wght") == weight:
        return source  # the default instance is what HarfBuzz and ReportLab draw anyway
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    out = cache_dir() / "fonts" / f"{family}-{weight}-{digest}-hb{hb.version_string()}.ttf"
    if out.is_file():
        return out
    _log.info("preparing the %s font at weight %d (first use only: it is kept for later runs)", family, weight)
    variable = hb.Face(hb.Blob.from_file_path(str(source)))
    pins = hb.SubsetInput()
    pins.keep_everything()
    for tag, value in {**axes, "wght": weight}.items():
        pins.pin_axis_location(variable, tag, value)
    font = TTFont(io.BytesIO(hb.subset(variable, pins).blob.data), lazy=True)
    ps_name = f"{family.title().replace('-', '')}-W{weight}"
    for rec in font["name"].names:
        if rec.nameID == 6:  # PostScript name: distinct per instance, or PDF readers confuse weights
            rec.string = ps_name
    data = io.BytesIO()
    font.save(data)
    write_atomic(out, data.getvalue())  # two builds preparing the same font never read half a file
    return out


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
