"""Find the PDFs in an output folder and read what each says about itself (its XMP, else its Info).

A leaflet is a `<language>/<name>.pdf` (what `make-leaflet` writes), in the output folder or a folder
below it; hidden files (a PDF being written), links and anything else are left alone. Nothing here
writes.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..render.xmp import LeafletFacts, PdfMetadata, read_xmp

LANG_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")  # a BCP 47 tag as make-leaflet names folders
PT_PER_MM = 72 / 25.4
MAX_DEPTH = 4  # folders looked into below the output folder


@dataclass(frozen=True)
class Entry:
    """One PDF as the catalogue lists it; read from the PDF itself."""

    path: str  # relative to the output folder, with "/"
    sha256: str
    lang: str
    title: str
    summary: str = ""
    pdf_pages: int = 0  # pages in the PDF: sides of paper printed
    sheet_mm: tuple[int, int] = (0, 0)  # the first page's size, for PDFs that do not name their paper
    publisher: str = ""  # the clinic (the PDF's author)
    facts: LeafletFacts = field(default_factory=LeafletFacts)


def pdf_files(output_dir: Path, skip: str, depth: int = MAX_DEPTH) -> list[Path]:
    """`<lang>/<name>.pdf` files under `output_dir`, also in sub-folders (one output folder per paper,
    say), sorted; regular files only, not in hidden folders nor in the folder named `skip`."""
    out = []
    for p in sorted(output_dir.iterdir()):
        if p.name.startswith(".") or p.is_symlink():
            continue
        if p.is_dir() and depth > 0 and p.name != skip:
            out += pdf_files(p, skip, depth - 1)
        elif p.suffix.lower() == ".pdf" and p.is_file() and LANG_TAG.fullmatch(p.parent.name) and depth < MAX_DEPTH:
            out.append(p)
    return out


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_entry(path: Path, rel: str, sha256: str) -> Entry:
    """The catalogue's entry for one PDF. Raises ValueError when it cannot be read as a PDF."""
    from pypdf import PdfReader  # 0.1 s to import: only for a PDF that is new or changed

    try:
        with _quiet("pypdf"):  # a damaged file is reported once, by the caller, not logged on the way
            reader = PdfReader(path)
            stream = reader.trailer["/Root"].get("/Metadata")
            meta = read_xmp(stream.get_object().get_data()) if stream is not None else None
            found = reader.metadata or {}
            info = {key: found.get(f"/{key}") for key in ("Title", "Subject", "Author")}
            box = reader.pages[0].mediabox
            count = len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds for a damaged or foreign file
        raise ValueError(f"cannot read it as a PDF ({type(exc).__name__}: {exc})") from None
    return entry_of(rel, sha256, meta, info, count, (float(box.width), float(box.height)))


def entry_of(rel: str, sha256: str, meta: PdfMetadata | None, info: Mapping[str, object], pages: int,
             size_pt: tuple[float, float]) -> Entry:
    """The entry for a PDF from its XMP, its document information dictionary (keys without "/"), its page
    count and its first page's size."""
    folder = rel.split("/")[-2]
    lang = meta.lang if meta and LANG_TAG.fullmatch(meta.lang) else folder
    title = (meta.title if meta else "") or str(info.get("Title") or "") or Path(rel).stem
    summary = (meta.summary if meta else "") or str(info.get("Subject") or "")
    author = str(info.get("Author") or "")
    return Entry(path=rel, sha256=sha256, lang=lang, title=title, summary=summary, pdf_pages=pages,
                 sheet_mm=(round(size_pt[0] / PT_PER_MM), round(size_pt[1] / PT_PER_MM)),
                 publisher="" if author == "make-leaflet" else author, facts=meta.facts if meta else LeafletFacts())


@contextmanager
def _quiet(logger: str):
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)
