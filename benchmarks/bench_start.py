"""Start-up: what one front-desk command costs from a cold process, and the first build in a new script.

    python benchmarks/bench_start.py [-n 7] [--langs zh-Hans ko ar hi]

Runs the installed `make-leaflet` as a user does, from a temporary folder, N times each (best and median
wall seconds, and CPU seconds of the best run):
  - `make-leaflet --help`;
  - one leaflet, `--lang en --force` (imports, layout, build, catalogue);
  - the same with nothing changed (the manifest says every PDF is current);
  - for each language given: its first build on a new machine (empty font cache and output folder: the
    script's fonts prepared, the catalogue begun), then the same build again with the cache filled.
Python writes its bytecode caches here as it does after `pip install` (PYTHONDONTWRITEBYTECODE is
removed from the environment), so the figures are those of an installed tool, not a first import.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "leaflets" / "lung-cancer-back-pain"


def run(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the child's) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def report(name: str, runs: list[tuple[float, float]]) -> None:
    walls = [w for w, _ in runs]
    best = min(runs)
    print(f"{name:<46} {best[0]:>7.3f} {statistics.median(walls):>8.3f} {best[1]:>7.3f}  ({len(runs)} runs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=7)
    ap.add_argument("--langs", nargs="+", default=["zh-Hans", "ko", "ar", "hi"])
    args = ap.parse_args()
    exe = shutil.which("make-leaflet", path=str(Path(sys.executable).parent)) or "make-leaflet"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        content = tmp / "leaflets" / SEED.name
        content.mkdir(parents=True)
        for path in SEED.iterdir():
            shutil.copy(path, content / path.name)
        build = [exe, "--content", str(tmp / "leaflets"), "--output", str(tmp / "out")]
        env["MAKE_LEAFLET_CACHE"] = str(tmp / "warm-cache")
        run(build + ["--lang", "all"], tmp, env)  # bytecode written, fonts of every script prepared
        print(f"{'command (wall s: best, median; CPU s of best)':<46} {'best':>7} {'median':>8} {'CPU':>7}")
        report("make-leaflet --help", [run([exe, "--help"], tmp, env) for _ in range(args.n)])
        report("one leaflet, --lang en --force", [run(build + ["--lang", "en", "--force"], tmp, env)
                                                  for _ in range(args.n)])
        report("one leaflet, --lang en, nothing changed", [run(build + ["--lang", "en"], tmp, env)
                                                           for _ in range(args.n)])
        for lang in args.langs:
            cold = []
            for k in range(max(1, args.n // 2)):
                env["MAKE_LEAFLET_CACHE"] = str(tmp / f"cache-{lang}-{k}")  # empty: fonts prepared again
                cold.append(run(build[:-1] + [str(tmp / f"out-{lang}-{k}"), "--lang", lang], tmp, env))
            report(f"first {lang} build, empty font cache", cold)
            report(f"{lang} build, fonts cached", [run(build + ["--lang", lang, "--force"], tmp, env)
                                                   for _ in range(args.n)])


if __name__ == "__main__":
    main()
