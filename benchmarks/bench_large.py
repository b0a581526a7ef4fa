"""Time and memory of the build as content grows: they must grow linearly, whatever the file holds.

    python benchmarks/bench_large.py                 # 0.25, 0.5 and 1 MB leaflets, plain and marked-up text
    python benchmarks/bench_large.py --sizes 1 2     # sizes in MB (2 MB is the largest file make-leaflet reads)

Each size is built in a fresh process (so peak memory is that build's alone), from a generated English
leaflet of that size: sections of paragraphs and bullets, either plain sentences or sentences dense with
**bold** runs and links (every run is shaped on its own). Prints seconds, pages, PDF size and the peak
resident memory of the process, and the time per MB, which stays flat when the work is linear.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SENTENCE = "Take one tablet with a glass of water in the morning and tell your nurse if the pain gets worse. "
MARKED = "Take **one** tablet with [water](https://example.org/w) and **tell** your nurse if it gets **worse**. "

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from generator.build import render_leaflet
from generator.resolve import load_layout
path = Path(sys.argv[1])
layout = load_layout("handout", None)
start = time.perf_counter()
pdf, pages = render_leaflet(path, None, layout, "a4")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
print(json.dumps({"seconds": seconds, "pages": pages, "pdf_kb": len(pdf) / 1024, "peak_mb": peak}))
"""


def leaflet(megabytes: float, sentence: str) -> str:
    """A valid leaflet of about `megabytes`: paragraphs of at most a few thousand characters, as writers do."""
    paragraph = sentence * 12
    section = ("  - heading: A section heading\n    body:\n"
               + "".join(f'      - "{paragraph}"\n' for _ in range(6))
               + "      - bullets:\n" + "".join(f'          - "{sentence.strip()}"\n' for _ in range(6)))
    count = max(1, int(megabytes * 1024 * 1024 / len(section.encode())))
    return "title: A long leaflet\nsections:\n" + section * count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1.0], help="sizes in MB")
    args = ap.parse_args()
    print(f"{'text':<8} {'MB':>5} {'seconds':>8} {'s per MB':>9} {'pages':>6} {'PDF KB':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, sentence in (("plain", SENTENCE), ("marked", MARKED)):
            for size in args.sizes:
                path = Path(tmp) / "big" / "en.yaml"
                path.parent.mkdir(exist_ok=True)
                text = leaflet(size, sentence)
                path.write_text(text, encoding="utf-8")
                mb = len(text.encode()) / 2**20
                r = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True)
                if r.returncode:
                    print(f"{kind:<8} {mb:>5.2f} failed: {r.stderr.strip().splitlines()[-1]}")
                    continue
                d = json.loads(r.stdout)
                print(f"{kind:<8} {mb:>5.2f} {d['seconds']:>8.1f} {d['seconds'] / mb:>9.1f} {d['pages']:>6} "
                      f"{d['pdf_kb']:>8.0f} {d['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main()
