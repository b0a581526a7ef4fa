"""The whole pipeline for one or many leaflets: load → resolve → story → pages → render → write."""
from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .content import discover, load_clinic, load_leaflet
from .content.model import Clinic, Leaflet, Meta
from .errors import ContentError, OutputError, UsageError
from .processes import chunk_size, processors
from .resolve import Layout, language, load_layout
from .resolve.layout import PAPERS
from .write import Manifest, write_atomic

if TYPE_CHECKING:
    from .catalogue import Listed
    from .render import RenderedPdf


@dataclass(frozen=True)
class BuildResult:
    leaflet: str
    lang: str
    output: Path | None  # None when the leaflet failed
    pages: int = 0
    error: ContentError | OutputError | None = None
    warnings: list[str] = field(default_factory=list)  # governance: drafts, review dates passed
    reused: bool = False  # the PDF already in the output folder was built from the same inputs
    listed: Listed | None = None  # build(catalogue=True): the PDF's catalogue entry, made as it was written

    @property
    def ok(self) -> bool:
        return self.error is None


def output_path(output_dir: Path, lang: str, leaflet_id: str, layout: str, bilingual: str | None = None) -> Path:
    suffix = ("" if layout == "handout" else f".{layout}") + (f".{bilingual}" if bilingual else "")
    return output_dir / lang / f"{leaflet_id}{suffix}.pdf"


@contextmanager
def _collect_after():
    """A leaflet's objects (a glyph per character, a structure element per block) live until its PDF is
    written: the cycle collector would scan them again and again while they grow (a third of the time of a
    500-page build), so it runs once, after the leaflet."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect(1)


def render_leaflet(path: Path, clinic: Clinic | None, layout: Layout, paper: str,
                   leaflet: Leaflet | None = None, beside: Path | None = None) -> tuple[bytes, int]:
    """One content file → PDF bytes and page count; `beside`: a translation printed next to it.
    Raises ContentError."""
    rendered, pages = render_document(path, clinic, layout, paper, leaflet, beside)
    return rendered.data, pages


def render_document(path: Path, clinic: Clinic | None, layout: Layout, paper: str, leaflet: Leaflet | None = None,
                    beside: Path | None = None) -> tuple[RenderedPdf, int]:
    """render_leaflet, with what the PDF says about itself."""
    with _collect_after():
        return _render(path, clinic, layout, paper, leaflet, beside)


def _render(path: Path, clinic: Clinic | None, layout: Layout, paper: str, leaflet: Leaflet | None,
            beside: Path | None) -> tuple[RenderedPdf, int]:
    # the drawing stages, imported by the first leaflet drawn: a build that finds every PDF current never
    # loads them (a fifth of its start-up)
    from .render import render_pdf
    from .resolve import font_set
    from .story import build_bilingual_story, build_story, column_width, impose

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
          on_result: Callable[[BuildResult], None] | None = None, force: bool = False,
          jobs: int | None = None, on_plan: Callable[[int], None] | None = None,
          catalogue: bool = False) -> list[BuildResult]:
    """Build the requested leaflets; content errors are per leaflet, usage errors raise UsageError.
    `bilingual`: print each leaflet with its translation in that language beside it. A PDF whose inputs
    did not change since it was written is not built again unless `force`; the others are built by `jobs`
    processes (default: one per processor). `on_plan` hears how many results will follow. `catalogue`: each
    PDF built is also listed for the output folder's catalogue (BuildResult.listed, for write_catalogue) by
    the process that built it, from the bytes it holds, sparing the catalogue a second reading."""
    content_dir, output_dir = Path(content_dir), Path(output_dir)
    search = Path(layouts_dir) if layouts_dir else None
    if paper not in PAPERS:
        raise UsageError(f"unknown paper {paper!r} (expected one of: {', '.join(PAPERS)})")
    lay = load_layout(layout, search)
    lay.page(paper)
    planned = plan(content_dir, langs, leaflets)
    if bilingual:
        language(bilingual)
        if bilingual in langs:
            raise UsageError(f"--bilingual {bilingual} prints {bilingual} beside another language "
                             f"(expected --lang with a different language, or --lang all)")
        planned = [job for job in planned if job[1] != bilingual]
    for _, lang, _ in planned:
        language(lang)  # unknown language data is a usage error, found before anything is built
    clinic_error: ContentError | None = None
    try:
        clinic = load_clinic(content_dir)
    except ContentError as exc:
        clinic, clinic_error = None, exc
    if on_plan:
        on_plan(len(planned))
    manifest = Manifest(output_dir)
    shared = Manifest.shared_key(content_dir, [repr(lay), paper, bilingual])  # the layout's values
    results: list[BuildResult] = []
    todo: list[_Job] = []
    for leaflet_id, lang, path in planned:
        beside = path.with_name(f"{bilingual}.yaml") if bilingual else None
        job = _Job(leaflet_id, lang, path, output_path(output_dir, lang, leaflet_id, layout, bilingual), beside,
                   manifest.key(shared, path, beside))
        entry = None if force or clinic_error else manifest.unchanged(job.out, job.key)
        if clinic_error:
            result = BuildResult(leaflet_id, lang, None, error=clinic_error)
        elif entry:
            meta = Meta(status=entry.status, review_by=entry.review_date)
            result = BuildResult(leaflet_id, lang, job.out, entry.pages, reused=True,
                                 warnings=_warnings(path, meta) + list(entry.notes))
        else:
            todo.append(job)
            continue
        results.append(result)
        if on_result:
            on_result(result)
    try:
        listing = output_dir if catalogue else None
        for job, result, meta, release in _run_jobs(todo, clinic, lay, paper, listing, jobs):
            if result.ok:
                manifest.record(job.out, job.key, result.pages, meta.status, meta.review_by, release)
            results.append(result)
            if on_result:
                on_result(result)
    finally:
        manifest.save()
    return results


@dataclass(frozen=True)
class _Job:
    leaflet_id: str
    lang: str
    path: Path
    out: Path
    beside: Path | None
    key: str


def _warnings(path: Path, meta: Meta) -> list[str]:
    return [f"{path}: {w}" for w in meta.governance_warnings(dt.date.today())]


def _release_warnings(path: Path, meta: Meta) -> list[str]:
    """A translation whose source changed since it was translated, or whose approval is void: refused when
    it says it is approved (a patient would get an unreviewed text), a warning on a draft."""
    from .workflow import release_problems

    problems = release_problems(path)
    if problems and meta.status == "approved":
        raise ContentError(path, 1, f"marked approved, but {problems[0]}")
    return [f"{path}: {p}" for p in problems]


def _run_jobs(todo: list[_Job], clinic: Clinic | None, layout: Layout, paper: str, listing: Path | None,
              jobs: int | None):
    """(job, result, meta, release warnings) for each job, in order: in worker processes when there is
    enough to share."""
    workers = min(jobs or processors(), len(todo))
    if workers < 2 or len(todo) < 4:
        _init_worker(clinic, layout, paper, listing)
        yield from ((job, *_build_job(job)) for job in todo)
        return
    from concurrent.futures import ProcessPoolExecutor  # 30 ms of start-up, for builds of several PDFs only
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(clinic, layout, paper, listing)) as pool:
        done = 0
        try:
            for output in pool.map(_build_job, todo, chunksize=chunk_size(len(todo), workers)):
                yield (todo[done], *output)
                done += 1
        except BrokenProcessPool:  # a worker died (killed, out of memory): the rest are built here, one by one
            pool.shutdown(cancel_futures=True)
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    _init_worker(clinic, layout, paper, listing)
    yield from ((job, *_build_job(job)) for job in todo[done:])


_worker: dict = {}  # what every build in this process shares: clinic, layout, paper, catalogue's folder


def _init_worker(clinic: Clinic | None, layout: Layout, paper: str, listing: Path | None) -> None:
    _worker.update(clinic=clinic, layout=layout, paper=paper, listing=listing)


def _build_job(job: _Job) -> tuple[BuildResult, Meta, list[str]]:
    """One PDF; every failure becomes that leaflet's one-line error."""
    meta, release = Meta(), []
    try:
        leaflet = load_leaflet(job.path)
        meta = leaflet.meta
        if job.beside and not job.beside.is_file():
            raise ContentError(job.path, 1, f"there is no {job.beside.stem} translation to print beside it "
                                            f"(expected {job.beside})")
        release = _release_warnings(job.path, meta)
        rendered, pages = render_document(job.path, _worker["clinic"], _worker["layout"], _worker["paper"],
                                          leaflet, job.beside)
        try:
            write_atomic(job.out, rendered.data, durable=False)
        except OSError as exc:
            raise OutputError(job.out, f"cannot write the PDF ({exc.strerror or exc})") from None
        listed = None
        if _worker["listing"] is not None:
            from .catalogue import list_built

            listed = list_built(job.out, _worker["listing"], rendered)
        return BuildResult(job.leaflet_id, job.lang, job.out, pages, listed=listed,
                           warnings=_warnings(job.path, meta) + release), meta, release
    except (ContentError, OutputError) as exc:
        return BuildResult(job.leaflet_id, job.lang, None, error=exc), meta, release
    except Exception as exc:  # a bug this file brings out: say so on one line, build the others
        return BuildResult(job.leaflet_id, job.lang, None, error=ContentError(
            job.path, 1, f"make-leaflet could not build this file ({type(exc).__name__}: {exc}; this is a "
                         "bug in make-leaflet: please report it with the file)")), meta, release
