"""What each PDF in an output folder was built from, so a rebuild skips the PDFs whose inputs did not change.

A PDF's key is a hash of everything that can change its bytes or its warnings: every file in the leaflet's
folder (the content file, its source and other translations, pictures, approvals), the clinic file and the
pictures beside it, the layout (its values, whichever files they come from), paper and options, and
make-leaflet itself (its code, data, and the versions of the packages that shape, draw and provide fonts).
Builds are deterministic, so a skipped PDF is byte for byte what a clean build writes. Nothing is parsed
to compute a key, and each leaflet folder is read once per build, however many languages it holds.

The manifest also keeps the PDF's size and modification time as written; a PDF changed or replaced since
(by hand, or by another build into the same folder) no longer matches and is rebuilt.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .atomic import write_atomic

MANIFEST = ".make-leaflet-manifest.json"
_FORMAT = 1
# Packages whose version changes what a PDF holds (shaping, line breaking, drawing, fonts).
_PACKAGES = ("reportlab", "uharfbuzz", "fonttools", "pyicu-wheels", "pyyaml", "pillow",
             "fontpkg-atkinson-hyperlegible", "manimgx-fonts", "justmytype-intl-cjk")


@dataclass(frozen=True)
class Entry:
    """One PDF as the manifest remembers it: enough to report it again without building it."""

    key: str
    pages: int
    size: int
    mtime_ns: int
    status: str | None  # meta.status and review_by: a skipped leaflet still warns about drafts and dates
    review_by: str | None
    notes: tuple[str, ...] = ()  # the other warnings its build gave (a draft translation behind its source)

    @property
    def review_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.review_by) if self.review_by else None


@cache
def generator_fingerprint() -> str:
    """make-leaflet's own code and data, and the versions of the packages that decide a PDF's bytes."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    files = []
    for folder, subfolders, names in os.walk(package):  # __pycache__ pruned, not listed (3 ms where rglob took 4)
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        files += [os.path.join(folder, n) for n in names if n.endswith((".py", ".yaml"))]
    for path in sorted(files):
        with open(path, "rb") as f:
            h.update(os.path.relpath(path, package).replace(os.sep, "/").encode() + b"\0" + f.read())
    versions = _installed_versions()
    for name in _PACKAGES:
        h.update(f"{name}={versions.get(_project(name), 'none')}".encode())
    return h.hexdigest()


def _project(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed_versions() -> dict[str, str]:
    """Project → version, from the names of the metadata folders on the import path, first found first
    (as the import system finds them). importlib.metadata would cost a cold build 30 ms to say the same."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if kind in ("dist-info", "egg-info") and dot:
                project, _, version = stem.partition("-")
                found.setdefault(_project(project), version.split("-")[0])
    return found


def _hash_files(h, paths) -> None:
    for path in sorted(paths):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0unreadable"  # the build itself reports it; the key only has to differ
        h.update(str(path.name).encode() + b"\0" + hashlib.sha256(data).digest())


def _files_in(folder: Path, recursive: bool) -> list[Path]:
    try:
        found = folder.rglob("*") if recursive else folder.glob("*")
        return [p for p in found if p.is_file() and not p.name.startswith(".")]
    except OSError:
        return []


class Manifest:
    """The manifest of one output folder; `save()` writes it atomically."""

    def __init__(self, output_dir: Path):
        self.root = output_dir
        self.path = output_dir / MANIFEST
        self.entries: dict[str, Entry] = {}
        self.changed = False
        self._folders: dict[Path, bytes] = {}  # leaflet folder → digest of its files, for this build
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == _FORMAT:
                self.entries = {k: Entry(**dict(v, notes=tuple(v.get("notes", ())))) for k, v in data["pdfs"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # no manifest, or one from another version: everything is built

    @staticmethod
    def shared_key(content_dir: Path, options: list) -> str:
        """The part of every key that one build shares: make-leaflet, the clinic file and the pictures beside
        it, and the options (the resolved layout among them)."""
        h = hashlib.sha256(generator_fingerprint().encode() + json.dumps(options).encode())
        _hash_files(h, _files_in(content_dir, recursive=False))
        return h.hexdigest()

    def key(self, shared: str, content_file: Path, beside: Path | None) -> str:
        """Every file of the leaflet's folder: its pictures, and its other languages too, since a translation
        is checked against its source (an edit to the source can make a translation outdated)."""
        h = hashlib.sha256(shared.encode() + content_file.name.encode() + (beside.name if beside else "").encode())
        h.update(self._folder_digest(content_file.parent))
        return h.hexdigest()

    def _folder_digest(self, folder: Path) -> bytes:
        """Read and hashed once per build, not once for each of the folder's languages."""
        if folder not in self._folders:
            h = hashlib.sha256()
            _hash_files(h, _files_in(folder, recursive=True))
            self._folders[folder] = h.digest()
        return self._folders[folder]

    def unchanged(self, pdf: Path, key: str) -> Entry | None:
        """The entry of a PDF built from exactly these inputs and not touched since, else None."""
        entry = self.entries.get(self._name(pdf))
        if entry is None or entry.key != key:
            return None
        try:
            info = os.stat(pdf)
        except OSError:
            return None
        return entry if (info.st_size, info.st_mtime_ns) == (entry.size, entry.mtime_ns) else None

    def record(self, pdf: Path, key: str, pages: int, status: str | None, review_by: dt.date | None,
               notes: list[str]) -> None:
        info = os.stat(pdf)
        self.entries[self._name(pdf)] = Entry(key, pages, info.st_size, info.st_mtime_ns, status,
                                              review_by.isoformat() if review_by else None, tuple(notes))
        self.changed = True

    def _name(self, pdf: Path) -> str:
        return pdf.relative_to(self.root).as_posix()

    def save(self) -> None:
        if not self.changed:
            return
        data = {"format": _FORMAT, "pdfs": {k: vars(e) for k, e in sorted(self.entries.items())}}
        write_atomic(self.path, json.dumps(data, indent=0, sort_keys=True).encode("utf-8"), durable=False)
