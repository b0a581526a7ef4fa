"""Write the catalogue: read the PDFs that changed, draw their thumbnails, write index.html beside them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import UsageError
from ..write import write_atomic
from .cache import EntryCache, Stamp
from .page import ASSETS, language_texts, render_page
from .scan import Entry, file_hash, pdf_files, read_entry
from .thumbs import Thumbnail, make_thumbnail, remove_unused
from .webfonts import web_fonts

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


def write_catalogue(output_dir: Path | str = "output", today: dt.date | None = None) -> CatalogueResult:
    """Write OUTPUT/index.html listing every leaflet PDF in OUTPUT, with its files in OUTPUT/catalogue/.
    A PDF that cannot be read is left off and named in `skipped`; UsageError when OUTPUT is no folder."""
    output_dir = Path(output_dir)
    if not output_dir.is_dir():
        raise UsageError(f"there is no folder {output_dir} (expected the folder the PDFs were built into)")
    assets = output_dir / ASSETS
    thumbs_dir = assets / "thumbs"
    cache = EntryCache.load(assets / RECORDS)
    result = CatalogueResult(output_dir / INDEX)
    records: dict[str, tuple[Stamp, Entry]] = {}
    thumbs: dict[str, Thumbnail] = {}
    for pdf in pdf_files(output_dir, skip=ASSETS):
        rel = pdf.relative_to(output_dir).as_posix()
        try:
            stamp = Stamp.of(pdf)
            entry = cache.unchanged(rel, stamp)
            if entry is None:
                sha = file_hash(pdf)
                entry = cache.unchanged(rel, stamp, sha)
                if entry is None:
                    entry = read_entry(pdf, rel, sha)
                    result.read += 1
            thumbs[entry.sha256], drawn = make_thumbnail(pdf, entry.sha256, thumbs_dir)
        except (OSError, ValueError) as exc:
            result.skipped.append(f"{pdf}: left off the catalogue: {exc}")
            continue
        result.drawn += drawn
        records[rel] = (stamp, entry)
    remove_unused(thumbs_dir, {t.name for t in thumbs.values()})
    entries = [entry for _, entry in records.values()]
    fonts = web_fonts(language_texts(entries), assets / "fonts")
    static = resources.files(__package__).joinpath("assets")
    write_atomic(assets / STYLE, static.joinpath(STYLE).read_bytes() + fonts.css("fonts").encode("utf-8"))
    write_atomic(assets / SCRIPT, static.joinpath(SCRIPT).read_bytes())
    EntryCache.save(assets / RECORDS, records)
    write_atomic(result.page, render_page(entries, thumbs, today or dt.date.today()).encode("utf-8"))
    result.listed = len(entries)
    return result
