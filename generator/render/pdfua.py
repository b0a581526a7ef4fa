"""PDF/UA-1 (ISO 14289-1) beyond the tags: marked content declared, the title shown, the claim in XMP."""
from __future__ import annotations

from .pdfwriter import PdfWriter
from .xmp import Property, Schema

IDENTIFICATION = Schema("pdfuaid", "http://www.aiim.org/pdfua/ns/id/",
                        (Property("part", "1", "Integer", "Part of ISO 14289 the file conforms to"),),
                        extension="PDF/UA Universal Accessibility Schema")


def declare(writer: PdfWriter) -> Schema:
    """Catalog entries PDF/UA asks for; returns the XMP identification."""
    writer.catalog("MarkInfo", {"Marked": True})
    writer.catalog("ViewerPreferences", {"DisplayDocTitle": True})
    return IDENTIFICATION
