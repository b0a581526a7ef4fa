"""The logical structure of a leaflet (PDF structure element roles), independent of pages."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=False)
class StructNode:
    """A structure element to be: role from PDF 1.7 (Document, H1, P, L, LI, Lbl, LBody, Figure, Link…)."""

    role: str
    parent: StructNode | None = None
    alt: str | None = None  # Figure: the alternative text; Link: the annotation's Contents
    href: str | None = None  # Link only
    lang: str | None = None  # a passage in another language than the document
    numbering: str | None = None  # L only: ListNumbering (Decimal, Disc, None…)

    def child(self, role: str, **kw) -> StructNode:
        return StructNode(role, self, **kw)
