"""make-leaflet: accessible, multi-language patient-information leaflets as tagged PDF (PDF/UA-1).

The package reads as its pipeline:
    content/  load and validate YAML content into a typed model
    resolve/  language data, fonts and the layout
    text/     shaping, bidi and line breaking
    story/    flow items with their structure tree, then pages
    render/   draw and tag the PDF
    write/    atomic output
`build()` runs it all; the command line (cli.py) only parses options and prints.
"""
from .build import BuildResult, build, render_leaflet
from .errors import ContentError, SetupError, UsageError

__all__ = ["BuildResult", "ContentError", "SetupError", "UsageError", "build", "render_leaflet"]
