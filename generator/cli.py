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

_STATE_COLORS = {"missing": "red", "outdated": "yellow", "draft": "cyan", "approved": "green"}


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
def build_command(langs, leaflets, content_dir, output_dir, layout, paper, bilingual, strict):
    """Print patient-information leaflets as accessible PDF files.

    \b
    Examples:
      make-leaflet                      every leaflet in English, A4
      make-leaflet --lang ar            every leaflet in Arabic
      make-leaflet --lang all --paper letter
    """
    start = time.perf_counter()

    def report(r: BuildResult):
        if r.ok:
            click.echo(f"{r.lang:<8} {r.leaflet:<32} {r.output}  ({r.pages} page{'s' * (r.pages != 1)})")
        else:
            click.echo(str(r.error), err=True)
        for w in r.warnings:
            click.echo(f"warning: {w}", err=True)

    results = _run(lambda: build(content_dir, output_dir, langs, leaflets or None, layout, paper,
                                 bilingual=bilingual, on_result=report))
    _refresh_catalogue(output_dir)
    failed = sum(not r.ok for r in results)
    warned = sum(bool(r.warnings) for r in results)
    built = len(results) - failed
    seconds = time.perf_counter() - start
    click.echo(f"Built {built} PDF{'s' * (built != 1)} in {seconds:.1f} s"
               + (f"; {failed} failed (see above)." if failed else ".")
               + (f" {warned} with warnings{' (--strict: treated as failures)' if strict else ''}." if warned else ""))
    sys.exit(1 if failed or (strict and warned) else 0)


def _refresh_catalogue(output_dir) -> None:
    """After a build, OUTPUT/index.html lists what is in OUTPUT now. A catalogue that cannot be written is
    a warning: the PDFs are built."""
    from .catalogue import write_catalogue

    if not Path(output_dir).is_dir():  # nothing was ever built there
        return

    def write():
        try:
            return write_catalogue(output_dir)
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
    """Show which translations are missing, outdated, draft or approved."""
    from .workflow import status

    states = _run(lambda: status(content_dir))
    if as_json:
        click.echo(json.dumps([s.as_json() for s in states], ensure_ascii=False, indent=2))
        return
    langs = sorted({s.lang for s in states})
    leaflets = sorted({s.leaflet for s in states})
    width = max([len(x) for x in leaflets] + [7])
    click.echo(" " * width + "  " + "  ".join(f"{lang:<9}" for lang in langs))
    cell = {(s.leaflet, s.lang): s for s in states}
    for leaflet in leaflets:
        row = []
        for lang in langs:
            s = cell[(leaflet, lang)]
            text = f"{s.state + ('*' if s.source else ''):<9}"
            row.append(click.style(text, fg=_STATE_COLORS[s.state]))
        click.echo(f"{leaflet:<{width}}  " + "  ".join(row))
    click.echo("\n* the language the leaflet is written in (its source)")
    for s in states:
        if s.outdated_sections:
            click.echo(f"{s.leaflet} {s.lang}: outdated: " + "; ".join(s.outdated_sections))
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


@main.command("import-po")
@click.argument("po_file", metavar="FILE.po")
@_content
@click.option("--leaflet", metavar="ID", help="Refuse the file unless it is for this leaflet.")
def import_po_command(po_file, content_dir, leaflet):
    """Write a translation from a PO file (nothing is written if it does not match the leaflet)."""
    from .workflow import import_po

    path, changed = _run(lambda: import_po(content_dir, po_file, leaflet))
    click.echo(f"wrote {path}" if changed else f"{path} is already up to date")


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
