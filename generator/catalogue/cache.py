"""What the last catalogue read from each PDF, so that only PDFs that changed are read and drawn again.

A PDF whose size and modification time are unchanged keeps its entry without being opened; one whose
bytes hash the same as before (rebuilt, identical) keeps it after hashing. The file lives in the output
folder, which may have been copied or edited by hand: anything in it that does not look right is ignored,
never trusted.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..render.xmp import LeafletFacts
from ..write import write_atomic
from .scan import Entry

VERSION = 1


@dataclass(frozen=True)
class Stamp:
    """How a PDF looked on disk when it was read."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Stamp:
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns)


class EntryCache:
    def __init__(self, records: dict[str, tuple[Stamp, Entry]], page: PageRecord | None = None):
        self.records = records
        self.page = page  # what the page was last written from, and its files as they were written

    @classmethod
    def load(cls, path: Path) -> EntryCache:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != VERSION:
                return cls({})
            records = {}
            for rel, rec in data["records"].items():
                entry = _entry(rec["entry"])
                if entry and entry.path == rel:
                    records[rel] = (Stamp(int(rec["size"]), int(rec["mtime_ns"])), entry)
            return cls(records, PageRecord.of(data.get("page")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls({})

    @staticmethod
    def save(path: Path, records: dict[str, tuple[Stamp, Entry]], page: PageRecord) -> None:
        """Compact JSON, which Python's C encoder writes (with an indent its Python one does, and asdict
        copies deeply): 100 PDFs in 1.3 ms, not 6.3 ms."""
        data = {"version": VERSION, "records": {
            rel: {"size": stamp.size, "mtime_ns": stamp.mtime_ns,
                  "entry": {**vars(entry), "facts": vars(entry.facts)}}
            for rel, (stamp, entry) in sorted(records.items())},
            "page": {"key": page.key, "files": {name: [s.size, s.mtime_ns] for name, s in page.files.items()}}}
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                     durable=False)


@dataclass(frozen=True)
class PageRecord:
    """The page's files (index.html, its style, script and fonts; by path from the output folder) as they were
    written, and a key for what they were written from besides the PDFs' entries (the day, make-leaflet's
    code and assets). The same entries, key and files: there is nothing to write."""

    key: str
    files: dict[str, Stamp]

    @classmethod
    def of(cls, data) -> PageRecord | None:
        """The record read back from JSON, or None when it does not look right."""
        if not isinstance(data, dict) or not isinstance(data.get("key"), str) or not isinstance(data.get("files"), dict):
            return None
        files = {}
        for name, (size, mtime_ns) in data["files"].items():
            if type(size) is not int or type(mtime_ns) is not int:
                return None
            files[name] = Stamp(size, mtime_ns)
        return cls(data["key"], files)

    def current(self, output_dir: Path) -> bool:
        """Every file is there, as it was written."""
        try:
            return bool(self.files) and all(Stamp.of(output_dir / name) == s for name, s in self.files.items())
        except OSError:
            return False


def _entry(d: dict) -> Entry | None:
    """An Entry from its JSON, or None when a value has the wrong type."""
    facts = LeafletFacts(**d["facts"])
    entry = Entry(**{**d, "sheet_mm": tuple(d["sheet_mm"]), "facts": facts})
    strings = [entry.path, entry.sha256, entry.lang, entry.title, entry.summary, entry.publisher,
               *(v for k, v in facts.__dict__.items() if k != "pages")]
    numbers = [entry.pdf_pages, facts.pages, *entry.sheet_mm]
    ok = all(isinstance(s, str) for s in strings) and all(type(n) is int for n in numbers)
    return entry if ok and len(entry.sheet_mm) == 2 else None
