"""Build time of one leaflet, tagged (make-leaflet) against a plain untagged ReportLab baseline.

    python benchmarks/bench_build.py [-n 50] [--leaflet leaflets/lung-cancer-back-pain/en.yaml]
    python benchmarks/bench_build.py --languages [-n 20]   # every translation of the leaflet, ms each
    python benchmarks/bench_build.py --layouts [-n 20]     # every layout (en and ar, A4), ms each

Both build the same content in one process, N times after one warm-up build, to memory (no disk
writes), with the same font files and sizes; make-leaflet sets the paragraphs anew each time (a process
keeps the paragraphs it set for the next leaflet, the shaped words too; only the words stay kept here). The baseline is ReportLab's platypus with Paragraphs and
ListFlowables: no shaping, no bidi, no structure tree, ReportLab's own ToUnicode (which fails PDF/UA).
The ratio is the cost of what make-leaflet adds.
"""
from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path
from xml.sax.saxutils import escape

from generator.build import render_leaflet
from generator.content import load_leaflet
from generator.content.model import Image, ItemList, Note, Paragraph, Text
from generator.resolve import load_layout
from generator.resolve.fonts import face
from generator.text import paragraph

ROOT = Path(__file__).resolve().parent.parent


def baseline(path: Path, layout) -> bytes:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Image as RLImage, ListFlowable, ListItem, Paragraph as P, SimpleDocTemplate

    for weight, name in ((400, "Base-Regular"), (700, "Base-Bold")):
        if name not in registered_fonts():
            pdfmetrics.registerFont(TTFont(name, str(face("atkinson-hyperlegible", weight).path)))
    lf = load_leaflet(path)
    st = layout.styles

    def style(key):
        s = st[key]
        return ParagraphStyle(key, fontName="Base-Bold" if s.weight == 700 else "Base-Regular", fontSize=s.size,
                              leading=s.leading, textColor=HexColor(s.color), spaceBefore=s.space_before,
                              spaceAfter=s.space_after)

    def markup(t: Text) -> str:
        out = []
        for r in t.runs:
            s = escape(r.text)
            if r.bold:
                s = f"<b>{s}</b>"
            if r.href:
                s = f'<a href="{escape(r.href)}">{s}</a>'
            out.append(s)
        return "".join(out)

    story = [P(markup(lf.title), style("title"))]
    if lf.summary:
        story.append(P(markup(lf.summary), style("summary")))
    body = style("body")
    for sec in lf.sections:
        story.append(P(markup(sec.heading), style("heading")))
        for b in sec.body:
            if isinstance(b, Paragraph):
                story.append(P(markup(b.text), body))
            elif isinstance(b, ItemList):
                story.append(ListFlowable([ListItem(P(markup(i), body)) for i in b.items],
                                          bulletType="1" if b.numbered else "bullet"))
            elif isinstance(b, Note):
                story.append(P(markup(b.text), body))
            elif isinstance(b, Image):
                story.append(RLImage(str(b.path), width=200, height=200 * b.height_px / b.width_px))
    for r in lf.meta.reference:
        story.append(P(markup(r), style("about")))
    page = layout.page("a4")
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=(page.width, page.height), leftMargin=page.left, rightMargin=page.right,
                      topMargin=page.top, bottomMargin=page.bottom, invariant=1).build(story)
    return out.getvalue()


def smallest_text(pdf: bytes) -> float:
    """The smallest font size of real (not artifact) text, measured as the tests measure it."""
    import sys
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import text_sizes

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return min(text_sizes(Path(f.name)))


def registered_fonts():
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getRegisteredFontNames()


def render(path: Path, layout, paper: str, fresh: bool = False):
    """render_leaflet; `fresh`: as a leaflet whose paragraphs the process has not set before (a process
    keeps the paragraphs it set, text/paragraph.py: building the same leaflet again would time that
    cache, not a leaflet)."""
    if fresh:
        paragraph._set.clear()
    return render_leaflet(path, None, layout, paper)


def timed(fn, n: int) -> list[float]:
    fn()  # warm-up: font loading and caches, as in a long-running library build
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=50, help="builds per producer (default 50)")
    ap.add_argument("--leaflet", type=Path, default=ROOT / "leaflets" / "lung-cancer-back-pain" / "en.yaml")
    ap.add_argument("--languages", action="store_true",
                    help="time every language file next to --leaflet instead (no baseline: it cannot shape)")
    ap.add_argument("--layouts", action="store_true", help="time every layout, English and Arabic, A4")
    a = ap.parse_args()
    if a.layouts:
        print(f"{a.n} warm builds each, median ms per leaflet; pages; smallest text size")
        for name in ("handout", "large-print", "booklet", "trifold"):
            lay = load_layout(name, ROOT / "layouts")
            for lang in ("en", "ar"):
                path = a.leaflet.with_name(f"{lang}.yaml")
                times = timed(lambda: render(path, lay, "a4", fresh=True), a.n)
                pdf, pages = render_leaflet(path, None, lay, "a4")
                print(f"{name:12} {lang}  {statistics.median(times):7.1f} ms  {pages} pages  "
                      f"{smallest_text(pdf):.1f} pt")
        return
    layout = load_layout("handout", ROOT / "layouts")
    if a.languages:
        print(f"{a.n} warm builds each, median (min-max) ms per leaflet, pages, KB")
        for path in sorted(a.leaflet.parent.glob("*.yaml")):
            times = timed(lambda: render(path, layout, "a4", fresh=True), a.n)
            pdf, pages = render_leaflet(path, None, layout, "a4")
            print(f"{path.stem:8} {statistics.median(times):7.1f} ({min(times):.1f}-{max(times):.1f})  "
                  f"{pages} pages  {len(pdf) / 1024:.0f} KB")
        return
    ours = timed(lambda: render(a.leaflet, layout, "a4", fresh=True), a.n)
    base = timed(lambda: baseline(a.leaflet, layout), a.n)
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    size_ours = len(render_leaflet(a.leaflet, None, layout, "a4")[0])
    size_base = len(baseline(a.leaflet, layout))
    print(f"leaflet: {a.leaflet.relative_to(ROOT) if a.leaflet.is_relative_to(ROOT) else a.leaflet}, "
          f"{a.n} builds each, median (min-max) ms per leaflet")
    print(f"make-leaflet (shaped, tagged PDF/UA-1): {m_ours:7.1f} ms ({min(ours):.1f}-{max(ours):.1f}), "
          f"{size_ours / 1024:.1f} KB")
    print(f"plain ReportLab (untagged baseline):    {m_base:7.1f} ms ({min(base):.1f}-{max(base):.1f}), "
          f"{size_base / 1024:.1f} KB")
    print(f"ratio tagged / baseline: {m_ours / m_base:.2f}")


if __name__ == "__main__":
    main()
