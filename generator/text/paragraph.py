"""A paragraph from styled spans to broken, visually ordered lines, for one language."""
from __future__ import annotations

from ..resolve import FontSet, Language
from .bidi import BidiParagraph
from .lines import Line, break_lines, break_opportunities
from .shape import Span, shape_paragraph

# Paragraphs set before, kept across the leaflets of a process: a library repeats its footers ("Page 1 of
# 2"), its clinic's details, its headings and the paragraphs its leaflets share. Lines are never changed
# once set, so one paragraph's lines can be drawn in any number of PDFs. The oldest go first. Paragraphs
# with a link or a span in another language are not kept: their spans hold that PDF's structure elements.
_set: dict[tuple, tuple[Line, ...]] = {}
_SET_MAX = 1024


def set_paragraph(spans: list[Span], lang: Language, fonts: FontSet, width: float,
                  max_chars: int | None = None, keep_end_space: bool = False) -> list[Line]:
    """Raises MissingGlyph when no font of the language can draw a character.

    `keep_end_space` keeps a final space as a drawn glyph: a list label or a footer that stands apart
    from the next text needs it to read as a separate word in right-to-left lines.
    """
    if any(s.link is not None for s in spans):
        return _set_lines(spans, lang, fonts, width, max_chars, keep_end_space)
    key = (tuple(spans), lang.tag, lang.rtl, lang.break_locale, lang.keep_all, fonts, width, max_chars,
           keep_end_space)
    lines = _set.get(key)
    if lines is None:
        lines = tuple(_set_lines(spans, lang, fonts, width, max_chars, keep_end_space))
        if len(_set) >= _SET_MAX:
            del _set[next(iter(_set))]
        _set[key] = lines
    return list(lines)


def _set_lines(spans: list[Span], lang: Language, fonts: FontSet, width: float, max_chars: int | None,
               keep_end_space: bool) -> list[Line]:
    bidi = BidiParagraph("".join(s.text for s in spans), lang.rtl)
    clusters = shape_paragraph(spans, lang.tag, fonts, bidi)
    opportunities = break_opportunities(bidi.text, lang.break_locale, lang.keep_all)
    return break_lines(clusters, width, opportunities, bidi, max_chars, keep_end_space)
