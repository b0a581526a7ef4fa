"""How many worker processes this machine gives a build or a catalogue."""
from __future__ import annotations

import os


def processors() -> int:
    """The processors this process may run on (a container's or taskset's limit, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
