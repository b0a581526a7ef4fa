"""The `make-leaflet` command: parse options, call the library, print. Building is the default command;
the translators' commands are subcommands (`make-leaflet status`, `check`, `new-translation`…)."""
from __future__ import annotations

import json
import logging
import signal
import sys
import time
from pathlib import Path

import click

from .build import PAPERS, BuildResult, build
from .errors import ContentError, SetupError, UsageError

_STATE_COLORS = {"missing": "red", "outdated": "yellow", "incomplete": "yellow", "draft": "cyan",
                 "approved": "green", "error": "red"}


class _DefaultBuild(click.Group):
    """`make-leaflet [OPTIONS]` builds; a first word naming a command runs that command instead."""

    def parse_args(self, ctx, args):
        if not args or args[0] not in self.commands:
            if any(a in ("-h", "--help") for a in args) and not any(a in self.commands for a in args):
                click.echo(ctx.command.commands["build"].get_help(ctx).replace(
                    "Usage: make-leaflet build", "Usage: make-leaflet"))
                click.echo("\nOther commands (make-leaflet COMMAND --help for each):")
                for name, cmd in self.commands.items():
                    if name != "build":
                        click.echo(f"  {name:<16} {cmd.get_short_help_str(60)}")
                ctx.exit(0)
            args = ["build", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultBuild, context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Print patient-information leaflets as accessible PDF files."""
    signal.signal(signal.SIGTERM, _stop)  # like Ctrl-C: unwind, so a PDF being written is removed, not left half
    log = logging.getLogger("make_leaflet")  # progress the library reports (fonts prepared on first use)
    if not log.handlers:
        log.addHandler(logging.StreamHandler(sys.stdout))  # progress, not an error: stderr is for errors
        log.setLevel(logging.INFO)
        log.propagate = False


def _stop(signum, frame):
    raise KeyboardInterrupt


def _run(action):
    """Usage errors exit 2, broken installations 3, with one line and no traceback."""
    try:
        return action()
    except KeyboardInterrupt:
        click.echo("make-leaflet: stopped; the PDFs already finished are complete, nothing half-written was left",
                   err=True)
        sys.exit(1)
    except UsageError as exc:
        click.echo(f"make-leaflet: {exc}", err=True)
        sys.exit(2)
    except ContentError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except SetupError as exc:
        click.echo(f"make-leaflet: installation problem: {exc}", err=True)
        sys.exit(3)
    except OSError as exc:  # an output folder that cannot be written: a full disk, a file in the way
        where = f" {exc.filename}" if exc.filename else ""
        click.echo(f"make-leaflet: cannot write{where}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # a bug: one line a clinic can send us, not a traceback they cannot read
        click.echo(f"make-leaflet: unexpected error ({type(exc).__name__}: {exc}); this is a bug in make-leaflet: "
                   "please report it with the command and the files it read", err=True)
        sys.exit(1)


@main.command("build", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", "langs", multiple=True, default=("en",), show_default=True, metavar="CODE",
              help="Language to print, e.g. en, ar, zh-Hans. Repeat for more; 'all' prints every language.")
@click.option("--leaflet", "leaflets", multiple=True, metavar="ID",
              help="Only this leaflet (its folder name). Repeat for more. Default: every leaflet.")
@click.option("--content", "content_dir", default="leaflets", show_default=True, metavar="DIR",
              help="Folder with one sub-folder per leaflet.")
@click.option("--output", "output_dir", default="output", show_default=True, metavar="DIR",
              help="Where the PDFs go: DIR/<language>/<leaflet>.pdf")
@click.option("--layout", default="handout", show_default=True, metavar="NAME",
              help="Print layout, from layouts/NAME.yaml.")
@click.option("--paper", type=click.Choice(PAPERS), default="a4", show_default=True,
              help="a4, or letter for US Letter.")
@click.option("--bilingual", metavar="CODE",
              help="Print the translation in this language beside each passage, e.g. --lang ar --bilingual en.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) on warnings too: drafts and leaflets past their review date.")
@click.option("--force", is_flag=True, help="Build every PDF, also those whose content, clinic file and layout "
                                             "did not change since they were built.")
@click.option("--jobs", type=click.IntRange(min=1), metavar="N",
              help="Build with N processes.  [default: one per processor]")
def build_command(langs, leaflets, content_dir, output_dir, layout, paper, bilingual, strict, force, jobs):
    """Print patient-information leaflets as accessible PDF files.

    \b
    Examples:
      make-leaflet                      every leaflet in English, A4
      make-leaflet --lang ar            every leaflet in Arabic
      make-leaflet --lang all --paper letter
    """
    start = time.perf_counter()
    progress = _Progress()

    def report(r: BuildResult):
        progress.clear()
        if r.ok:
            click.echo(f"{r.lang:<8} {r.leaflet:<32} {r.output}  ({r.pages} page{'s' * (r.pages != 1)}"
                       f"{', unchanged' if r.reused else ''})")
        else:
            click.echo(str(r.error), err=True)
        for w in r.warnings:
            click.echo(f"warning: {w}", err=True)
        progress.advance(f"{r.lang} {r.leaflet}")

    try:
        results = _run(lambda: build(content_dir, output_dir, langs, leaflets or None, layout, paper,
                                     bilingual=bilingual, on_result=report, force=force, jobs=jobs,
                                     on_plan=progress.plan, catalogue=True))
    finally:
        progress.clear()
    _refresh_catalogue(output_dir, [r.listed for r in results if r.listed])
    failed = sum(not r.ok for r in results)
    warned = sum(bool(r.warnings) for r in results)
    reused = sum(r.reused for r in results)
    built = len(results) - failed - reused
    seconds = time.perf_counter() - start
    click.echo(f"Built {built} PDF{'s' * (built != 1)} in {seconds:.1f} s"
               + (f"; {reused} unchanged since the last build" if reused else "")
               + (f"; {failed} failed (see above)." if failed else ".")
               + (f" {warned} with warnings{' (--strict: treated as failures)' if strict else ''}." if warned else ""))
    sys.exit(1 if failed or (strict and warned) else 0)


class _Progress:
    """On a terminal, a bar below the result lines once a build has taken a second: how many are done, the
    last one, the time left. Piped or redirected output gets the result lines alone."""

    WIDTH = 24

    def __init__(self):
        self.live = sys.stdout.isatty()
        self.total = self.done = 0
        self.start = time.perf_counter()
        self.shown = False

    def plan(self, total: int):
        self.total = total

    def advance(self, current: str):
        self.done += 1
        elapsed = time.perf_counter() - self.start
        if not self.live or elapsed < 1 or self.done >= self.total:
            return
        left = elapsed / self.done * (self.total - self.done)
        filled = self.WIDTH * self.done // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        click.echo(f"[{bar}] {self.done}/{self.total}  {current[:40]}  about {left:.0f} s left", nl=False)
        self.shown = True

    def clear(self):
        if self.shown:
            click.echo("\r\033[K", nl=False, color=True)  # click drops escapes it thinks are not for a terminal
            self.shown = False


def _refresh_catalogue(output_dir, listed) -> None:
    """After a build, OUTPUT/index.html lists what is in OUTPUT now (`listed`: the PDFs the build listed as
    it wrote them). A catalogue that cannot be written is a warning: the PDFs are built."""
    from .catalogue import write_catalogue

    if not Path(output_dir).is_dir():  # nothing was ever built there
        return

    def write():
        try:
            return write_catalogue(output_dir, listed=listed)
        except OSError as exc:
            click.echo(f"warning: the catalogue was not written ({exc.filename or output_dir}: "
                       f"{exc.strerror or exc})", err=True)

    result = _run(write)
    if result:
        _report_catalogue(result)


def _report_catalogue(result) -> None:
    for line in result.skipped:
        click.echo(f"warning: {line}", err=True)
    click.echo(result.summary())


_content = click.option("--content", "content_dir", default="leaflets", show_default=True, metavar="DIR",
                        help="Folder with one sub-folder per leaflet.")


@main.command("status")
@_content
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def status_command(content_dir, as_json):
    """Show which translations are missing, outdated, incomplete, draft or approved, with progress."""
    from .workflow import status

    states = _run(lambda: status(content_dir))
    if as_json:
        click.echo(json.dumps([s.as_json() for s in states], ensure_ascii=False, indent=2))
        return
    for leaflet in sorted({s.leaflet for s in states}):
        click.echo(f"{leaflet}\n  {'language':<10} {'state':<11} {'done':>5}  {'translated':>10}  {'fuzzy':>5}  "
                   f"{'untranslated':>12}")
        for s in (s for s in states if s.leaflet == leaflet):
            done = "-" if s.done is None else f"{s.done}%"
            c = s.counts
            total = sum(c.values())
            figures = (f"{c['translated']:>4}/{total:<5}  {c['fuzzy']:>5}  {c['untranslated']:>12}" if c else "")
            state = click.style(f"{s.state + ('*' if s.source else ''):<11}", fg=_STATE_COLORS[s.state])
            click.echo(f"  {s.lang:<10} {state} {done if c else '':>5}  {figures}".rstrip())
        click.echo()
    click.echo("* the source. The figures count texts; done is the share of words translated.")
    for s in states:
        if s.outdated:
            ids = ", ".join(o["place"] for o in s.outdated)
            line = f"{s.leaflet} {s.lang}: changed in the source: {ids}"
            click.echo(line if len(line) <= 80 else line[:78] + " …")
        if s.obsolete:
            click.echo(f"{s.leaflet} {s.lang}: {s.obsolete} translated text(s) no longer in the source")
        if s.note:
            click.echo(f"{s.leaflet} {s.lang}: {s.note}")
        if s.error:
            click.echo(f"{s.leaflet} {s.lang}: {s.error}")


@main.command("new-translation")
@click.argument("leaflet")
@click.argument("lang")
@_content
def new_translation_command(leaflet, lang, content_dir):
    """Start a translation: writes LANG.yaml with the source text beside every field."""
    from .workflow import new_translation

    path = _run(lambda: new_translation(content_dir, leaflet, lang))
    click.echo(f"wrote {path}: translate the texts in quotes, then run: make-leaflet check --lang {lang}")


@main.command("export-po")
@click.argument("leaflet")
@click.argument("lang")
@_content
@click.option("-o", "--output", "out", required=True, metavar="FILE.po", help="The PO file to write.")
def export_po_command(leaflet, lang, content_dir, out):
    """Write a gettext PO file for a translator's tool (Poedit, Weblate…)."""
    from .workflow import export_po

    path = _run(lambda: export_po(content_dir, leaflet, lang, out))
    click.echo(f"wrote {path}")


@main.command("export-pot")
@click.argument("leaflet")
@_content
@click.option("-o", "--output", "out", required=True, metavar="FILE.pot", help="The template to write.")
def export_pot_command(leaflet, content_dir, out):
    """Write the gettext template (POT) of a leaflet, for Weblate, Crowdin or msginit."""
    from .workflow import export_pot

    path = _run(lambda: export_pot(content_dir, leaflet, out))
    click.echo(f"wrote {path}")


@main.command("update-translation")
@click.argument("leaflet")
@click.argument("lang")
@_content
def update_translation_command(leaflet, lang, content_dir):
    """Bring LANG.yaml up to the current source: changed texts marked fuzzy, new texts empty."""
    from .workflow import update_translation

    path, changed = _run(lambda: update_translation(content_dir, leaflet, lang))
    click.echo(f"wrote {path}" if changed else f"{path} is already up to date")


@main.command("approve")
@click.argument("leaflet")
@click.argument("lang")
@_content
@click.option("--by", required=True, metavar="NAME", help="Who reviewed and approves the translation.")
def approve_command(leaflet, lang, content_dir, by):
    """Record that NAME approved the translation as it is now (any later change voids it)."""
    from .workflow import approve

    path = _run(lambda: approve(content_dir, leaflet, lang, by))
    click.echo(f"recorded in {path}: {leaflet} {lang} approved by {' '.join(by.split())}")


def _import_command(name: str, metavar: str, what: str):
    """import-po and import-xliff: the same options and report, each with its own reader."""
    def register(importer):
        @main.command(name, help=f"Write a translation from {what} (nothing is written if it does not match "
                                 "the leaflet).")
        @click.argument("file", metavar=metavar)
        @_content
        @click.option("--leaflet", metavar="ID", help="The leaflet the file is for: refuse a file for another "
                                                      "(names it when a tool dropped it).")
        @click.option("--lang", metavar="CODE", help="Refuse the file unless it is for this language.")
        def command(file, content_dir, leaflet, lang):
            path, changed = _run(lambda: importer()(content_dir, file, leaflet, lang))
            click.echo(f"wrote {path}" if changed else f"{path} is already up to date")
        return command
    return register


@_import_command("import-po", "FILE.po", "a PO file")
def import_po_command():
    from .workflow import import_po
    return import_po


@_import_command("import-xliff", "FILE.xlf", "an XLIFF 2.0 file")
def import_xliff_command():
    from .workflow import import_xliff
    return import_xliff


@main.command("export-xliff")
@click.argument("leaflet")
@click.argument("lang")
@_content
@click.option("-o", "--output", "out", required=True, metavar="FILE.xlf", help="The XLIFF 2.0 file to write.")
def export_xliff_command(leaflet, lang, content_dir, out):
    """Write an XLIFF 2.0 file for a translation tool that prefers it to PO."""
    from .workflow import export_xliff

    path = _run(lambda: export_xliff(content_dir, leaflet, lang, out))
    click.echo(f"wrote {path}")


@main.command("check")
@_content
@click.option("--lang", "langs", multiple=True, metavar="CODE", help="Only these languages (repeatable).")
def check_command(content_dir, langs):
    """Check content for clear writing, safe links and complete translations."""
    from .workflow import check_content

    findings = _run(lambda: check_content(content_dir, list(langs) or None))
    for f in findings:
        click.echo(str(f))
    errors = sum(f.severity == "error" for f in findings)
    click.echo(f"{errors} error{'s' * (errors != 1)}, {len(findings) - errors} "
               f"warning{'s' * (len(findings) - errors != 1)}", err=True)
    sys.exit(1 if errors else 0)


@main.command("catalogue")
@click.option("--output", "output_dir", default="output", show_default=True, metavar="DIR",
              help="The folder the PDFs were built into; the page is DIR/index.html.")
def catalogue_command(output_dir):
    """Write DIR/index.html: every PDF in DIR, to find and print (every build also does)."""
    from .catalogue import write_catalogue

    _report_catalogue(_run(lambda: write_catalogue(output_dir)))
