"""What make-leaflet keeps between runs, so that a front-desk build does not redo the same work each time.

Everything kept is derived from a file and named by that file's size and time (and, where a package's
parser decides the result, that package's version): a changed file is derived afresh, and a cache that
cannot be read or written only costs the work it would have saved. Values are stored with marshal, plain
data only, so a cache file can hold no code.
"""
from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any, Callable

from .write import write_atomic


def cache_dir() -> Path:
    """Where prepared fonts and parsed data are kept between runs (MAKE_LEAFLET_CACHE overrides)."""
    if os.environ.get("MAKE_LEAFLET_CACHE"):
        return Path(os.environ["MAKE_LEAFLET_CACHE"])
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "make-leaflet"


def kept(kind: str, source: Path, derive: Callable[[], Any], version: str = "") -> Any:
    """derive()'s value for `source` as it is now: read back if an earlier run kept it, else derived and
    kept. The value must be plain data (dicts, lists, tuples, text, bytes, numbers)."""
    st = source.stat()
    store = cache_dir() / kind / f"{source.stem}-{st.st_size}-{st.st_mtime_ns}{version}.marshal"
    try:
        return marshal.loads(store.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = derive()
    try:
        write_atomic(store, marshal.dumps(value), durable=False)
    except (OSError, ValueError):
        pass  # unwritable cache, or a value marshal cannot keep: derived again next time
    return value
