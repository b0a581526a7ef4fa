"""Beside the pipeline: the front-desk catalogue, OUTPUT/index.html, listing every PDF in the output
folder with a thumbnail of its first page, found by searching in any language and printed from there.

    scan.py    find the PDFs and read what each says about itself (its XMP)
    cache.py   what was read last time, so that only changed PDFs are read and drawn
    thumbs.py  first-page thumbnails drawn by pdfium
    page.py    the HTML page; assets/ its style sheet and script
    make.py    all of it: write_catalogue(); list_built() for a build that lists PDFs as it writes them
"""
from .make import CatalogueResult, Listed, list_built, write_catalogue

__all__ = ["CatalogueResult", "Listed", "list_built", "write_catalogue"]
