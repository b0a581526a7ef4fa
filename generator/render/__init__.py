"""Stage 4: render pages to PDF with the structure tree built while drawing (PDF/UA-1)."""


def __getattr__(name: str):
    """document.py (ReportLab, Pillow, the writer) is loaded by the first build that draws (PEP 562); the
    catalogue reads PDFs with render.xmp alone."""
    if name in ("RenderedPdf", "render_pdf"):
        from . import document

        return getattr(document, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["RenderedPdf", "render_pdf"]
