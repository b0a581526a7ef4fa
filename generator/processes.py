"""How many worker processes this machine gives a build or a catalogue."""
from __future__ import annotations

import os


def processors() -> int:
    """The processors this process may run on (a container's or taskset's limit, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def chunk_size(jobs: int, workers: int) -> int:
    """Jobs a worker takes at a time: enough to spare most round trips, few enough that at the end of a build
    no worker is left alone with a long chunk while the others wait (1,500 PDFs in 16 chunks left up to 93
    leaflets, two seconds and more of one core's work, to the last worker)."""
    return max(1, min(8, jobs // (8 * workers)))
