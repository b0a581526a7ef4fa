"""A clinic's whole library, built side by side with Typst and plain ReportLab in one run.

    pip install typst        # the benchmark's own extra (Typst's Python binding, from PyPI)
    python benchmarks/bench_library.py [--leaflets 25] [--langs en ar zh-Hans hi] [--distinct]

Generates N leaflets in each language from the seed leaflet's translations, each one different (its number
in the title, its sections in another order; with --distinct also every heading, paragraph and list item,
so that no paragraph is set twice: both make-leaflet and Typst keep what they set for the next leaflet),
then measures:
  - make-leaflet, one command line call for the whole library, into an empty output folder (cold), again
    with nothing changed (every PDF reused), and after one content file changed;
  - Typst with one reused compiler (the same text, fonts and sizes: headings, paragraphs, lists; tagged);
  - plain ReportLab (untagged platypus Paragraphs, see bench_build.py) for the languages it can set, and
    make-leaflet's own pipeline on the same English files in this process, to compare the two.
Prints PDFs, wall seconds, milliseconds per PDF and the ratio to Typst.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "leaflets" / "lung-cancer-back-pain"


def _numbered(value, tag: str):
    """Every text of a section (heading, paragraph, list item, note) with `tag` at its end."""
    if isinstance(value, str):
        return f"{value} {tag}"
    if isinstance(value, list):
        return [_numbered(v, tag) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "kind" else _numbered(v, tag) for k, v in value.items()}
    return value


def make_library(folder: Path, count: int, langs: list[str], distinct: bool = False) -> list[Path]:
    files = []
    for lang in langs:
        doc = yaml.safe_load((SEED / f"{lang}.yaml").read_text(encoding="utf-8"))
        for i in range(count):
            d = dict(doc, title=f"{doc['title']} {i + 1}")
            k = i % len(doc["sections"])
            d["sections"] = doc["sections"][k:] + doc["sections"][:k]
            if distinct:
                d["sections"] = _numbered(d["sections"], f"({i + 1})")
            d["meta"] = {key: v for key, v in doc.get("meta", {}).items() if key != "source"}
            path = folder / f"leaflet-{i + 1:03}" / f"{lang}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
            files.append(path)
    return files


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if r.returncode not in (0,):
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return seconds


def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_source(path: Path) -> str:
    """The leaflet as Typst markup: the same texts (plain), fonts and sizes as make-leaflet's handout."""
    from generator.content import load_leaflet
    from generator.content.model import ItemList, Note, Paragraph
    from generator.resolve import font_set, language
    from generator.resolve.fonts import face
    from fontTools.ttLib import TTFont

    lf = load_leaflet(path)
    lang = language(lf.lang)
    families = []
    for fam in font_set(lang).families:
        name = TTFont(face(fam, 400).path, lazy=True)["name"]
        families.append(_typst_string(name.getDebugName(16) or name.getDebugName(1)))
    base = lf.lang.split("-")[0]
    out = [f"#set document(title: {_typst_string(lf.title.plain)})",
           f"#set text(lang: \"{base}\", font: ({', '.join(families)},), size: 14pt)",
           "#set page(paper: \"a4\", margin: (x: 20mm, top: 18mm, bottom: 16mm))",
           f"#heading(level: 1, {_typst_string(lf.title.plain)})"]
    for t in (lf.subtitle, lf.summary):
        if t:
            out.append(f"#par({_typst_string(t.plain)})")
    for s in lf.sections:
        out.append(f"#heading(level: 2, {_typst_string(s.heading.plain)})")
        for b in s.body:
            if isinstance(b, Paragraph):
                out.append(f"#par({_typst_string(b.text.plain)})")
            elif isinstance(b, ItemList):
                fn = "enum" if b.numbered else "list"
                out.append(f"#{fn}({', '.join(_typst_string(t.plain) for t in b.items)})")
            elif isinstance(b, Note):
                out.append(f"#block(fill: luma(235), inset: 10pt, {_typst_string(b.text.plain)})")
    return "\n".join(out) + "\n"


def font_dirs(langs: list[str]) -> list[str]:
    from generator.resolve import font_set, language
    from generator.resolve.fonts import face

    return sorted({str(face(fam, 400).path.parent) for lang in langs for fam in font_set(language(lang)).families})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--leaflets", type=int, default=25)
    ap.add_argument("--langs", nargs="+", default=["en", "ar", "zh-Hans", "hi"])
    ap.add_argument("--distinct", action="store_true", help="no paragraph twice in the library")
    args = ap.parse_args()
    exe = str(Path(sys.executable).with_name("make-leaflet"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = make_library(tmp / "lib", args.leaflets, args.langs, args.distinct)
        n = len(files)
        out = tmp / "out"
        build = [exe, "--content", str(tmp / "lib"), "--output", str(out), "--lang", "all"]
        rows.append(("make-leaflet, cold (empty output folder)", n, timed(build)))
        rows.append(("make-leaflet, nothing changed", n, timed(build)))
        files[0].write_text(files[0].read_text(encoding="utf-8").replace("\n", "\n# edited\n", 1), encoding="utf-8")
        rows.append(("make-leaflet, one file changed", n, timed(build)))
        rows.append(("make-leaflet, --force, one process", n, timed(build + ["--force", "--jobs", "1"])))

        try:
            import typst
        except ImportError:
            typst = None
        if typst:
            sources = []
            for path in files:
                typ = path.with_suffix(".typ")
                typ.write_text(typst_source(path), encoding="utf-8")
                sources.append(typ)
            compiler = typst.Compiler(root=str(tmp), font_paths=font_dirs(args.langs), ignore_system_fonts=True)
            start = time.perf_counter()
            for typ in sources:
                compiler.compile(input=str(typ), output=str(typ.with_suffix(".pdf")))
            rows.append(("Typst, one reused compiler", n, time.perf_counter() - start))

        sys.path.insert(0, str(Path(__file__).parent))
        from bench_build import baseline
        from generator.resolve import load_layout

        from generator.build import render_leaflet

        layout = load_layout("handout", None)
        english = [path for path in files if path.stem == "en"]  # platypus has no shaping or bidi: other
        done, start = 0, time.perf_counter()                       # scripts come out wrong or fail
        for path in english:
            baseline(path, layout)
            done += 1
        rows.append(("plain ReportLab, untagged (English only)", done, time.perf_counter() - start))
        if english:
            render_leaflet(english[0], None, layout, "a4")  # fonts opened once, as in a build's worker
            start = time.perf_counter()
            for path in english:
                render_leaflet(path, None, layout, "a4")
            rows.append(("make-leaflet in one process (English only)", len(english), time.perf_counter() - start))

    typst_ms = next((s * 1000 / k for name, k, s in rows if name.startswith("Typst")), None)
    print(f"{args.leaflets} leaflets x {len(args.langs)} languages ({', '.join(args.langs)})"
          + (", no paragraph twice" if args.distinct else ""))
    print(f"{'producer':<44} {'PDFs':>5} {'wall s':>7} {'ms/PDF':>7} {'x Typst':>8}")
    for name, k, seconds in rows:
        ms = seconds * 1000 / k if k else float("nan")
        ratio = f"{ms / typst_ms:.2f}" if typst_ms else "-"
        print(f"{name:<44} {k:>5} {seconds:>7.2f} {ms:>7.1f} {ratio:>8}")


if __name__ == "__main__":
    main()
