"""The `make-leaflet` command: parse options, call generator.build, print one line per leaflet."""
from __future__ import annotations

import sys
import time

import click

from .build import PAPERS, BuildResult, build
from .errors import SetupError, UsageError


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
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
def main(langs, leaflets, content_dir, output_dir, layout, paper):
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

    try:
        results = build(content_dir, output_dir, langs, leaflets or None, layout, paper, on_result=report)
    except UsageError as exc:
        click.echo(f"make-leaflet: {exc}", err=True)
        sys.exit(2)
    except SetupError as exc:
        click.echo(f"make-leaflet: installation problem: {exc}", err=True)
        sys.exit(3)
    failed = sum(not r.ok for r in results)
    built = len(results) - failed
    seconds = time.perf_counter() - start
    click.echo(f"Built {built} PDF{'s' * (built != 1)} in {seconds:.1f} s"
               + (f"; {failed} failed (see above)." if failed else "."))
    sys.exit(1 if failed else 0)
