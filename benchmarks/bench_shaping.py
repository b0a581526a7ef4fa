"""Shaping time of one long paragraph: many inline runs (`**a** b` repeated) against plain text of that size.

    python benchmarks/bench_shaping.py [-n 12000]

Each run is shaped with a few characters of context either side, so the time grows with the text, not with
runs × paragraph length.
"""
from __future__ import annotations

import argparse
import time

from generator.resolve import font_set, language
from generator.text import Span, set_paragraph


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=12000, help="repetitions of a bold word and a plain word")
    n = ap.parse_args().n
    lg = language("en")
    fonts = font_set(lg)
    runs = [s for _ in range(n) for s in (Span("a", 14, 700, "#000000"), Span(" b ", 14, 400, "#000000"))]
    plain = [Span("".join(s.text for s in runs), 14, 400, "#000000")]
    print(f"{len(plain[0].text)} characters, {len(runs)} runs")
    for name, spans in (("plain text", plain), ("inline runs", runs)):
        t = time.perf_counter()
        lines = set_paragraph(spans, lg, fonts, 400)
        print(f"{name:12} {time.perf_counter() - t:7.2f} s  ({len(lines)} lines)")


if __name__ == "__main__":
    main()
