"""Time to write the catalogue (output/index.html) of a built library: from nothing, then again with
nothing changed, then after one PDF changed.

    python benchmarks/bench_catalogue.py OUTPUT [-n 5]

OUTPUT is a folder of built PDFs (for the seed leaflet in every language, layout and paper:
`make-leaflet --lang all --layout L --paper P --output OUTPUT/P` for each). The first run is done in a
copy, so OUTPUT's own catalogue is left as it is.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from generator.catalogue import write_catalogue


def timed(folder: Path):
    start = time.perf_counter()
    result = write_catalogue(folder)
    return (time.perf_counter() - start) * 1000, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("-n", type=int, default=5, help="runs of the unchanged case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "output"
        shutil.copytree(args.output, copy, ignore=shutil.ignore_patterns("catalogue", "index.html"))
        ms, result = timed(copy)
        print(f"from nothing:      {ms:8.0f} ms  ({result.listed} PDFs read, {result.drawn} thumbnails drawn)")
        runs = [timed(copy)[0] for _ in range(args.n)]
        print(f"nothing changed:   {statistics.median(runs):8.0f} ms  (median of {args.n})")
        pdf = sorted(copy.rglob("*.pdf"))[0]
        pdf.write_bytes(pdf.read_bytes() + b"\n% changed\n")
        ms, result = timed(copy)
        print(f"one PDF changed:   {ms:8.0f} ms  ({result.read} PDF read, {result.drawn} thumbnail drawn)")


if __name__ == "__main__":
    main()
