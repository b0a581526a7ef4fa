"""A paragraph from styled spans to broken, visually ordered lines, for one language."""
from __future__ import annotations

from ..resolve import FontSet, Language
from .bidi import BidiParagraph
from .lines import Line, break_lines, break_opportunities
from .shape import Span, shape_paragraph


def set_paragraph(spans: list[Span], lang: Language, fonts: FontSet, width: float,
                  max_chars: int | None = None, keep_end_space: bool = False) -> list[Line]:
    """Raises MissingGlyph when no font of the language can draw a character.

    `keep_end_space` keeps a final space as a drawn glyph: a list label or a footer that stands apart
    from the next text needs it to read as a separate word in right-to-left lines.
    """
    bidi = BidiParagraph("".join(s.text for s in spans), lang.rtl)
    clusters = shape_paragraph(spans, lang.tag, fonts, bidi)
    opportunities = break_opportunities(bidi.text, lang.break_locale, lang.keep_all)
    return break_lines(clusters, width, opportunities, bidi, max_chars, keep_end_space)
