"""Thumbnails of each PDF's first page, drawn by pdfium from the PDF itself: they show what will print.

A thumbnail is named by the hash of its PDF's bytes, so an unchanged PDF keeps its thumbnail and a
changed one gets a new file; thumbnails of PDFs no longer there are removed.
"""
from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from ..write import write_atomic

WIDTH_PX = 320  # twice the width shown on the page, for sharp text on high-density screens
COLORS = 48  # a palette PNG: text and rules stay crisp at a third of the size of a full-colour one
_NAME = re.compile(r"[0-9a-f]{20}\.png")


@dataclass(frozen=True)
class Thumbnail:
    name: str  # file name in the thumbnails folder
    width: int
    height: int


def thumbnail_name(sha256: str) -> str:
    return f"{sha256[:20]}.png"


def make_thumbnail(pdf: Path | bytes, sha256: str, folder: Path, annotations: bool = True) -> tuple[Thumbnail, bool]:
    """The thumbnail for a PDF (its file, or its bytes) with these bytes, drawn only when there is none yet;
    (thumbnail, drawn). `annotations`: draw the page's annotations too (make-leaflet's own are links, which
    draw nothing: the same pixels a millisecond sooner). Raises ValueError when pdfium cannot draw the first
    page."""
    path = folder / thumbnail_name(sha256)
    size = _png_size(path)
    if size:
        return Thumbnail(path.name, *size), False
    try:
        import pypdfium2  # only when a thumbnail is drawn

        doc = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
        try:
            page = doc[0]
            # in RGB byte order: Pillow takes pdfium's pixels as they are, not converted from BGR
            image = page.render(scale=WIDTH_PX / page.get_size()[0], draw_annots=annotations,
                                rev_byteorder=True).to_pil()
        finally:
            doc.close()
    except Exception as exc:  # pdfium's errors for a damaged or foreign file
        raise ValueError(f"cannot draw its first page ({type(exc).__name__}: {exc})") from None
    from PIL import Image

    out = io.BytesIO()
    # the palette by fast octree (median cut and an optimised PNG took 22 ms), from every second pixel each
    # way, then every pixel mapped to it: 1.1 ms where the whole image took 1.7 ms, as close to the page;
    # zlib level 3: 0.9 ms where the default 6 took 2.2 ms, for files 12% larger
    sample = image.resize((max(1, image.width // 2), max(1, image.height // 2)), Image.Resampling.NEAREST)
    palette = sample.quantize(COLORS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(out, "PNG", compress_level=3)
    write_atomic(path, out.getvalue(), durable=False)
    return Thumbnail(path.name, *image.size), True


def _png_size(path: Path) -> tuple[int, int] | None:
    """Width and height from a PNG's header (its IHDR chunk), or None when it is missing or not a PNG to
    keep (damaged: drawn again). Reading 24 bytes spares the catalogue Pillow's start-up."""
    try:
        with path.open("rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return (width, height) if width and height and path.stat().st_size > 33 else None


def remove_unused(folder: Path, keep: set[str]) -> int:
    """Delete thumbnails (files named as this module names them) not in `keep`; how many."""
    removed = 0
    if folder.is_dir():
        for p in folder.iterdir():
            if _NAME.fullmatch(p.name) and p.name not in keep and p.is_file() and not p.is_symlink():
                p.unlink()
                removed += 1
    return removed
