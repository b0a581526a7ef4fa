"""Text: shaping with HarfBuzz, bidi levels, line breaking and visual order.

Every cluster keeps its logical text next to its glyphs, because the PDF writer draws clusters at
their visual positions but writes them in logical order (see render/glyphs.py for why).
"""
from .lines import Line
from .paragraph import set_paragraph
from .shape import Cluster, ClusterTooLarge, Glyph, MissingGlyph, Span

__all__ = ["Cluster", "ClusterTooLarge", "Glyph", "Line", "MissingGlyph", "Span", "set_paragraph"]
