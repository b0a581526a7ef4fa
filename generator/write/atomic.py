"""Atomic writes: a failed or interrupted build never leaves a partial PDF or destroys the last good one.

Every file is written into a temporary file and renamed over the old one: whole or not at all, whatever
stops the build. Files people author (translations, approvals) are also flushed to the disk before the
rename (fsync), so that a power cut cannot lose them. What a build makes from them (PDFs, thumbnails, the
catalogue, caches) is not, as other build tools do not: a flush cost about 0.85 ms per file on the
developers' machine (a PDF and its thumbnail per leaflet), and a spinning disk takes tens of milliseconds.
A power cut in the seconds after a build can leave such a file empty or damaged; the next build remakes a
PDF whose size changed (the manifest keeps each PDF's size and time), `--force` any other.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write `data` to `path` through a temporary file in the same folder, unless `path` already holds
    exactly `data` (then it is left untouched, its time too: a rebuild that changes nothing writes nothing).
    `durable`: flushed to the disk before it replaces the old file; False for files made from others."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass  # not there yet, or not readable: write it
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
