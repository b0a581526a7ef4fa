"""Write the catalogue: read the PDFs that changed, draw their thumbnails, write index.html beside them."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..processes import chunk_size, processors
from ..render.xmp import read_xmp
from ..write import write_atomic
from ..write.manifest import generator_fingerprint
from .cache import EntryCache, PageRecord, Stamp
from .page import ASSETS, language_texts, render_page
from .scan import Entry, entry_of, file_hash, pdf_files, read_entry
from .thumbs import Thumbnail, make_thumbnail, remove_unused
from .webfonts import web_fonts

if TYPE_CHECKING:
    from ..render import RenderedPdf

INDEX = "index.html"
RECORDS = "records.json"
STYLE, SCRIPT = "catalogue.css", "catalogue.js"


@dataclass
class CatalogueResult:
    page: Path
    listed: int = 0  # PDFs on the page
    read: int = 0  # PDFs opened because they were new or had changed
    drawn: int = 0  # thumbnails drawn
    skipped: list[str] = field(default_factory=list)  # "path: why", PDFs left off the page

    def summary(self) -> str:
        return (f"Catalogue: {self.page} lists {self.listed} PDF{'s' * (self.listed != 1)} "
                f"({self.drawn} new thumbnail{'s' * (self.drawn != 1)}).")


@dataclass(frozen=True)
class _Look:
    """One PDF to list: what the last catalogue read from it, and whether its size and time are unchanged."""

    pdf: Path
    rel: str
    stamp: Stamp
    before: Entry | None
    same_stamp: bool
    thumbs_dir: Path


def _look(job: _Look) -> tuple[Entry, Thumbnail, bool, bool] | str:
    """(entry, thumbnail, read, drawn) for one PDF, read and drawn only when new or changed; or why it
    cannot be listed."""
    try:
        entry, read = job.before if job.same_stamp else None, False
        if entry is None:
            sha = file_hash(job.pdf)
            if job.before is not None and job.before.sha256 == sha:  # rebuilt with the same bytes
                entry = job.before
            else:
                entry, read = read_entry(job.pdf, job.rel, sha), True
        thumb, drawn = make_thumbnail(job.pdf, entry.sha256, job.thumbs_dir)
        return entry, thumb, read, drawn
    except (OSError, ValueError) as exc:
        return str(exc)


def _looked(jobs: list[_Look]) -> list:
    """_look for every job: in worker processes when many PDFs are new (a thumbnail takes pdfium a few
    milliseconds and pypdf as many again)."""
    new = sum(not job.same_stamp for job in jobs)
    workers = min(processors(), new // 8)
    if workers < 2:
        return [_look(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_look, jobs, chunksize=chunk_size(len(jobs), workers)))


@dataclass(frozen=True)
class Listed:
    """A PDF listed by the build that wrote it: what write_catalogue would read and draw from the file."""

    rel: str
    stamp: Stamp
    entry: Entry
    drawn: bool  # its thumbnail was drawn (not there yet)


def list_built(pdf: Path, output_dir: Path, rendered: RenderedPdf) -> Listed | None:
    """The catalogue's entry and thumbnail for a PDF just written to `pdf` in `output_dir`, made from its bytes
    and what it says about itself; the same entry read_entry reads from the file. None when the file cannot
    be stamped or its page drawn (write_catalogue then reads it itself and says why)."""
    sha = hashlib.sha256(rendered.data).hexdigest()
    try:
        rel = pdf.relative_to(output_dir).as_posix()
        stamp = Stamp.of(pdf)
        thumb, drawn = make_thumbnail(rendered.data, sha, output_dir / ASSETS / "thumbs", annotations=False)
    except (OSError, ValueError):
        return None
    entry = entry_of(rel, sha, read_xmp(rendered.metadata), rendered.info, rendered.sheets, rendered.sheet_size)
    return Listed(rel, stamp, entry, drawn)


def write_catalogue(output_dir: Path | str = "output", today: dt.date | None = None,
                    listed: Iterable[Listed] = ()) -> CatalogueResult:
    """Write OUTPUT/index.html listing every leaflet PDF in OUTPUT, with its files in OUTPUT/catalogue/.
    A PDF that cannot be read is left off and named in `skipped`; UsageError when OUTPUT is no folder.
    `listed`: PDFs the build listed as it wrote them (build(catalogue=True)), not read again."""
    output_dir = Path(output_dir)
    if not output_dir.is_dir():
        raise UsageError(f"there is no folder {output_dir} (expected the folder the PDFs were built into)")
    assets = output_dir / ASSETS
    thumbs_dir = assets / "thumbs"
    cache = EntryCache.load(assets / RECORDS)
    result = CatalogueResult(output_dir / INDEX)
    fresh = {built.rel: built for built in listed}
    known = {**cache.records, **{rel: (built.stamp, built.entry) for rel, built in fresh.items()}}
    records: dict[str, tuple[Stamp, Entry]] = {}
    thumbs: dict[str, Thumbnail] = {}
    jobs = []
    for pdf in pdf_files(output_dir, skip=ASSETS):
        rel = pdf.relative_to(output_dir).as_posix()
        try:
            stamp = Stamp.of(pdf)
        except OSError as exc:
            result.skipped.append(f"{pdf}: left off the catalogue: {exc}")
            continue
        before = known.get(rel)
        jobs.append(_Look(pdf, rel, stamp, before[1] if before else None, bool(before) and before[0] == stamp,
                          thumbs_dir))
    for job, looked in zip(jobs, _looked(jobs)):
        if isinstance(looked, str):
            result.skipped.append(f"{job.pdf}: left off the catalogue: {looked}")
            continue
        entry, thumb, read, drawn = looked
        if job.rel in fresh and job.same_stamp:  # read and drawn by the build
            read, drawn = True, fresh[job.rel].drawn
        thumbs[entry.sha256] = thumb
        result.read += read
        result.drawn += drawn
        records[job.rel] = (job.stamp, entry)
    remove_unused(thumbs_dir, {t.name for t in thumbs.values()})
    entries = [entry for _, entry in records.values()]
    result.listed = len(entries)
    today = today or dt.date.today()
    static = resources.files(__package__).joinpath("assets")
    style, script = static.joinpath(STYLE).read_bytes(), static.joinpath(SCRIPT).read_bytes()
    key = hashlib.sha256(f"{generator_fingerprint()}\0{today.isoformat()}\0".encode() + style + b"\0" + script)
    if records == cache.records and cache.page and cache.page.key == key.hexdigest() and cache.page.current(output_dir):
        return result  # the same entries, day and code, and the page's files as written: nothing to write
    fonts = web_fonts(language_texts(entries), assets / "fonts")
    write_atomic(assets / STYLE, style + fonts.css("fonts").encode("utf-8"), durable=False)
    write_atomic(assets / SCRIPT, script, durable=False)
    write_atomic(result.page, render_page(entries, thumbs, today).encode("utf-8"), durable=False)
    files = [result.page, assets / STYLE, assets / SCRIPT, *(assets / "fonts" / f.file for f in fonts.fonts)]
    page = PageRecord(key.hexdigest(), {p.relative_to(output_dir).as_posix(): Stamp.of(p) for p in files})
    EntryCache.save(assets / RECORDS, records, page)
    return result
