"""Web fonts for the leaflets' own texts on the page: the fonts their PDFs are set in, cut down to the
characters the page shows, so that titles read in their own script on a computer that has no font for
it (a front-desk PC without Gurmukhi, a Linux box without Urdu). The files sit beside index.html and are
made again only when the characters change; nothing is fetched when the page is viewed.
"""
from __future__ import annotations

import hashlib
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import SetupError, UsageError
from ..resolve import language
from ..write import write_atomic

_NAME = re.compile(r"[a-z0-9-]+-[0-9]{3}-[0-9a-f]{16}\.woff")


@dataclass(frozen=True)
class WebFont:
    family: str  # fonts.yaml's family name
    weight: int
    file: str  # in the fonts folder


@dataclass
class WebFonts:
    fonts: list[WebFont]
    families: dict[str, list[str]]  # language tag → its font families, in fallback order
    made: int = 0

    def css(self, folder: str) -> str:
        """@font-face rules and a font list per language, for the page's style sheet."""
        rules = [f'@font-face {{ font-family: "{_css_name(f.family)}"; font-weight: {f.weight}; '
                 f'font-display: swap; src: url("{folder}/{f.file}") format("woff"); }}' for f in self.fonts]
        for tag, families in sorted(self.families.items()):
            names = ", ".join(f'"{_css_name(f)}"' for f in families)
            rules.append(f':lang({tag}) {{ font-family: {names}, var(--system); }}')
        everything = ", ".join(f'"{_css_name(f.family)}"' for f in {f.family: f for f in self.fonts}.values())
        if everything:  # the language menu names every language in its own script; searches are typed in any
            rules.append(f"input, select, option {{ font-family: var(--system), {everything}, sans-serif; }}")
        return "\n".join(rules) + "\n"


def web_fonts(texts: dict[str, dict[int, str]], folder: Path) -> WebFonts:
    """`texts`: language tag → CSS weight → the text shown in that language at that weight. Font files
    are written into `folder` when missing; languages make-leaflet has no fonts for are left to the
    browser."""
    from ..resolve import font_set  # HarfBuzz: only when the page is written

    wanted: dict[tuple[str, int, Path], set[str]] = {}
    families: dict[str, list[str]] = {}
    for tag, by_weight in texts.items():
        try:
            fonts = font_set(language(tag))
        except (UsageError, SetupError):
            continue
        used: set[str] = set()
        for weight, text in by_weight.items():
            for char in set(text) - {" ", "\n"}:
                face = fonts.face_for(char, weight)
                if face:
                    wanted.setdefault((face.family, weight, face.path), set()).add(char)
                    used.add(face.family)
        families[tag] = [f for f in fonts.families if f in used]
    result = WebFonts([], families)
    for (family, weight, path), chars in sorted(wanted.items()):
        text = "".join(sorted(chars))
        digest = hashlib.sha256(f"{path.name}\0{path.stat().st_size}\0{text}".encode()).hexdigest()[:16]
        name = f"{family}-{weight}-{digest}.woff"
        if not (folder / name).is_file():
            write_atomic(folder / name, _subset(path, text), durable=False)
            result.made += 1
        result.fonts.append(WebFont(family, weight, name))
    keep = {f.file for f in result.fonts}
    for old in folder.iterdir() if folder.is_dir() else ():
        if _NAME.fullmatch(old.name) and old.name not in keep and old.is_file() and not old.is_symlink():
            old.unlink()
    return result


def _css_name(family: str) -> str:
    return f"leaflet-{family}"


def _subset(path: Path, text: str) -> bytes:
    """A WOFF of the font cut to `text`, every layout feature kept (joining forms, conjuncts, marks),
    without hinting. HarfBuzz cuts (milliseconds, where fontTools' subsetter took a quarter second)."""
    import uharfbuzz as hb

    cut = hb.SubsetInput()
    cut.unicode_set.update(ord(c) for c in text)
    cut.layout_feature_tag_set.clear()
    cut.layout_feature_tag_set.invert()  # all features
    cut.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE
    return woff(hb.subset(hb.Face(hb.Blob.from_file_path(str(path))), cut).blob.data)


def woff(sfnt: bytes) -> bytes:
    """An OpenType font as WOFF 1.0 (W3C, 2012): its tables, each compressed when that makes it smaller,
    behind a header and a directory. Written here: fontTools' writer loaded its table modules (with the
    variation library) for a fifth of a second, after the last PDF of a build. The same font makes the
    same bytes (no time stamp is added)."""
    flavor, count = struct.unpack_from(">IH", sfnt)
    tables = sorted(struct.unpack_from(">4sIII", sfnt, 12 + 16 * i) for i in range(count))
    directory, chunks = [], []
    at = 44 + 20 * count
    for tag, checksum, offset, length in tables:
        data = sfnt[offset:offset + length]
        packed = zlib.compress(data, 9)
        stored = packed if len(packed) < length else data
        directory.append(struct.pack(">4sIIII", tag, at, len(stored), length, checksum))
        chunks.append(stored + b"\0" * (-len(stored) % 4))
        at += len(chunks[-1])
    total_sfnt = 12 + 16 * count + sum(length + (-length % 4) for _, _, _, length in tables)
    header = struct.pack(">4sIIHHIHHIIIII", b"wOFF", flavor, at, count, 0, total_sfnt, 1, 0, 0, 0, 0, 0, 0)
    return header + b"".join(directory) + b"".join(chunks)
