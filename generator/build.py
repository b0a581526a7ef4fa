"""The whole pipeline for one or many leaflets: load → resolve → story → pages → render → write."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .content import discover, load_clinic, load_leaflet
from .content.model import Clinic, Leaflet
from .errors import ContentError, OutputError, UsageError
from .resolve import Layout, font_set, language, load_layout
from .story import build_bilingual_story, build_story, column_width, impose
from .render import render_pdf
from .write import write_atomic

PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class BuildResult:
    leaflet: str
    lang: str
    output: Path | None  # None when the leaflet failed
    pages: int = 0
    error: ContentError | OutputError | None = None
    warnings: list[str] = field(default_factory=list)  # governance: drafts, review dates passed

    @property
    def ok(self) -> bool:
        return self.error is None


def output_path(output_dir: Path, lang: str, leaflet_id: str, layout: str, bilingual: str | None = None) -> Path:
    suffix = ("" if layout == "handout" else f".{layout}") + (f".{bilingual}" if bilingual else "")
    return output_dir / lang / f"{leaflet_id}{suffix}.pdf"


def render_leaflet(path: Path, clinic: Clinic | None, layout: Layout, paper: str,
                   leaflet: Leaflet | None = None, beside: Path | None = None) -> tuple[bytes, int]:
    """One content file → PDF bytes and page count; `beside`: a translation printed next to it.
    Raises ContentError."""
    leaflet = leaflet or load_leaflet(path)
    lang = language(leaflet.lang)
    layout = layout.with_accent(clinic.accent_color if clinic else None)
    fonts = font_set(lang)
    other = load_leaflet(beside) if beside else None
    other_lang = language(other.lang) if other else None
    other_fonts = font_set(other_lang) if other else None
    for attempt in layout.fitting_sizes():  # fixed-size formats set text smaller before giving up
        width = column_width(attempt, paper)
        if other:
            story = build_bilingual_story(leaflet, other, clinic, lang, other_lang, fonts, other_fonts,
                                          attempt, width)
        else:
            story = build_story(leaflet, clinic, lang, fonts, attempt, width)
        try:
            sheets, pages = impose(story, attempt, paper, path)
        except ContentError as exc:
            overflow = exc
            continue
        return render_pdf(story, sheets, pages, attempt, lang, paper), pages
    raise overflow


def plan(content_dir: Path, langs: Iterable[str], leaflets: Iterable[str] | None) -> list[tuple[str, str, Path]]:
    """(leaflet id, lang, content file) for each build asked for; UsageError if a request matches nothing."""
    found = discover(content_dir)
    langs = list(langs)
    present = sorted({lang for files in found.values() for lang in files})
    if "all" in langs:
        langs = present
    for lang in langs:
        if lang not in present:
            raise UsageError(f"no content files for language {lang!r} in {content_dir} "
                             f"(languages present: {', '.join(present) or 'none'})")
    ids = list(leaflets) if leaflets else sorted(found)
    for leaflet_id in ids:
        if leaflet_id not in found:
            raise UsageError(f"no leaflet {leaflet_id!r} in {content_dir} (leaflets: {', '.join(sorted(found))})")
    return [(i, lang, found[i][lang]) for lang in langs for i in ids if lang in found[i]]


def build(content_dir: Path | str = "leaflets", output_dir: Path | str = "output", langs: Iterable[str] = ("en",),
          leaflets: Iterable[str] | None = None, layout: str = "handout", paper: str = "a4",
          layouts_dir: Path | str | None = "layouts", bilingual: str | None = None,
          on_result: Callable[[BuildResult], None] | None = None) -> list[BuildResult]:
    """Build the requested leaflets; content errors are per leaflet, usage errors raise UsageError.
    `bilingual`: print each leaflet with its translation in that language beside it."""
    content_dir, output_dir = Path(content_dir), Path(output_dir)
    if paper not in PAPERS:
        raise UsageError(f"unknown paper {paper!r} (expected one of: {', '.join(PAPERS)})")
    lay = load_layout(layout, Path(layouts_dir) if layouts_dir else None)
    lay.page(paper)
    jobs = plan(content_dir, langs, leaflets)
    if bilingual:
        language(bilingual)
        if bilingual in langs:
            raise UsageError(f"--bilingual {bilingual} prints {bilingual} beside another language "
                             f"(expected --lang with a different language, or --lang all)")
        jobs = [job for job in jobs if job[1] != bilingual]
    for _, lang, _ in jobs:
        language(lang)  # unknown language data is a usage error, found before anything is built
    clinic_error: ContentError | None = None
    try:
        clinic = load_clinic(content_dir)
    except ContentError as exc:
        clinic, clinic_error = None, exc
    results = []
    for leaflet_id, lang, path in jobs:
        out = output_path(output_dir, lang, leaflet_id, layout, bilingual)
        try:
            if clinic_error:
                raise clinic_error
            result = _build_one(leaflet_id, lang, path, out, clinic, lay, paper, bilingual)
        except (ContentError, OutputError) as exc:
            result = BuildResult(leaflet_id, lang, None, error=exc)
        except Exception as exc:  # a bug this file brings out: say so on one line, build the others
            result = BuildResult(leaflet_id, lang, None, error=ContentError(
                path, 1, f"make-leaflet could not build this file ({type(exc).__name__}: {exc}; this is a "
                         "bug in make-leaflet: please report it with the file)"))
        results.append(result)
        if on_result:
            on_result(result)
    return results


def _build_one(leaflet_id: str, lang: str, path: Path, out: Path, clinic: Clinic | None, layout: Layout,
               paper: str, bilingual: str | None) -> BuildResult:
    leaflet = load_leaflet(path)
    beside = path.with_name(f"{bilingual}.yaml") if bilingual else None
    if beside and not beside.is_file():
        raise ContentError(path, 1, f"there is no {bilingual} translation to print beside it (expected {beside})")
    pdf, pages = render_leaflet(path, clinic, layout, paper, leaflet, beside)
    try:
        write_atomic(out, pdf)
    except OSError as exc:
        raise OutputError(out, f"cannot write the PDF ({exc.strerror or exc})") from None
    return BuildResult(leaflet_id, lang, out, pages,
                       warnings=[f"{path}: {w}" for w in leaflet.governance_warnings(dt.date.today())])
