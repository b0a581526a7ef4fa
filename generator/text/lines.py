"""Line breaking on logical text (UAX #14 with dictionaries, from ICU), then reordering (UAX #9 L1, L2).

ICU gives the break opportunities: spaces, after hyphens, kinsoku for Chinese and Japanese (no line starts
with 。、）」 or ends with （「), and dictionary word boundaries for Thai, Lao, Khmer and Burmese, which
write no spaces between words.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import icu

from .bidi import BidiParagraph
from .shape import Cluster


@dataclass(frozen=True)
class Line:
    logical: list[Cluster]
    visual: list[Cluster]
    width: float  # points

    @property
    def ink_width(self) -> float:
        """Width without a kept final space (what the eye sees)."""
        spaces = 0.0
        for c in reversed(self.logical):
            if not c.is_space:
                break
            spaces += c.advance
        return self.width - spaces


@cache
def _iterator(locale: str) -> icu.BreakIterator:
    return icu.BreakIterator.createLineInstance(icu.Locale(locale))


def break_opportunities(text: str, locale: str, keep_all: bool = False) -> set[int]:
    """Indices i where a line may start at text[i]. `keep_all` allows breaks only after spaces
    (Korean is set with whole words on a line, as in CSS `word-break: keep-all`)."""
    it = _iterator(locale)
    it.setText(text)
    utf16 = list(it)
    if text and max(text) > "\uffff":  # ICU counts UTF-16 code units
        index, pos = {}, 0
        for i, c in enumerate(text):
            index[pos] = i
            pos += 2 if ord(c) > 0xFFFF else 1
        index[pos] = len(text)
        utf16 = [index[u] for u in utf16]
    if keep_all:
        return {i for i in utf16 if 0 < i < len(text) and text[i - 1].isspace()}
    return {i for i in utf16 if 0 < i < len(text)}


def break_lines(clusters: list[Cluster], width: float, opportunities: set[int], bidi: BidiParagraph,
                max_chars: int | None = None, keep_end_space: bool = False) -> list[Line]:
    """Greedy breaking within `width` points and `max_chars` characters (clear print asks for at most
    about 70); a word longer than the line is broken between clusters so nothing is lost."""
    max_chars = max_chars or len("".join(c.text for c in clusters)) + 1
    lines: list[Line] = []
    start, n = 0, len(clusters)
    while start < n and clusters[start].is_space:
        start += 1
    while start < n:
        c = clusters[start]  # the first always fits
        used, chars, k, last_ok = c.advance, len(c.text), start + 1, None
        while k < n:
            c = clusters[k]
            if not c.is_space:
                if c.start in opportunities:
                    last_ok = k
                if used + c.advance > width + 1e-6 or chars + len(c.text) > max_chars:
                    break
            used += c.advance
            chars += len(c.text)
            k += 1
        if k >= n:
            end = n
        elif last_ok is not None:
            end = last_ok
        else:
            end = k
        content = clusters[start:end]
        while content and content[-1].is_space and not (keep_end_space and end == n):
            content.pop()
        lines.append(_make_line(content, bidi))
        start = end
        while start < n and clusters[start].is_space:
            start += 1
    return lines


def _make_line(logical: list[Cluster], bidi: BidiParagraph) -> Line:
    return Line(logical, visual_order(logical, bidi), sum([c.advance for c in logical]))  # a list: no generator


def visual_order(line: list[Cluster], bidi: BidiParagraph) -> list[Cluster]:
    """The clusters of a line (consecutive in the paragraph) from left to right, as ICU orders their
    characters (a cluster's characters share one level, so they stay together)."""
    if not any([c.level for c in line]):
        return list(line)
    # a cluster's characters are together in visual order: each cluster is placed where its first one is
    starting = {c.start: c for c in line}
    return [starting[i] for i in bidi.visual(line[0].start, line[-1].end) if i in starting]
