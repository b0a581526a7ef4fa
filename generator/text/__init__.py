"""Text: shaping with HarfBuzz, bidi levels, line breaking and visual order.

Every cluster keeps its logical text next to its glyphs, because the PDF writer draws clusters at
their visual positions but writes them in logical order (see render/glyphs.py for why).
"""
from .lines import Line, break_lines
from .shape import Cluster, Glyph, MissingGlyph, Span, shape_paragraph

__all__ = ["Cluster", "Glyph", "Line", "MissingGlyph", "Span", "break_lines", "shape_paragraph"]
