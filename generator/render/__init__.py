"""Stage 4: render pages to PDF with the structure tree built while drawing (PDF/UA-1)."""
from .document import RenderedPdf, render_pdf

__all__ = ["RenderedPdf", "render_pdf"]
