"""The Unicode bidirectional algorithm (UAX #9), from ICU: embedding levels and the visual order of lines.

ICU implements the whole algorithm (isolates, embeddings, overrides, bracket pairs) and counts in UTF-16
code units; this module speaks Python string indices.
"""
from __future__ import annotations

import icu


class BidiParagraph:
    """One paragraph's bidi resolution; `levels[i]` is the embedding level of `text[i]` (odd: right to left)."""

    def __init__(self, text: str, base_rtl: bool):
        self.text = text
        self._bidi = icu.Bidi()
        self._bidi.setPara(icu.UnicodeString(text), 1 if base_rtl else 0)
        self._utf16: list[int] | None = None  # Python index → UTF-16 offset, only when they differ
        self._index: dict[int, int] = {}  # UTF-16 offset → Python index
        if text and max(text) > "\uffff":  # a character beyond the BMP (max: no Python step per character)
            self._utf16, pos = [], 0
            for i, c in enumerate(text):
                self._utf16.append(pos)
                self._index[pos] = i
                pos += 2 if ord(c) > 0xFFFF else 1
            self._utf16.append(pos)
        levels = self._bidi.getLevels() if text else ()
        self.levels: list[int] = list(levels) if self._utf16 is None else [levels[u] for u in self._utf16[:-1]]

    def _u16(self, i: int) -> int:
        return i if self._utf16 is None else self._utf16[i]

    def visual(self, start: int, end: int) -> list[int]:
        """Indices of text[start:end], one line, in visual order from left to right (rules L1 and L2)."""
        if start >= end:
            return []
        if not any(self.levels[start:end]):
            return list(range(start, end))
        u0 = self._u16(start)
        line = self._bidi.setLine(u0, self._u16(end))
        if self._utf16 is None:  # one UTF-16 unit a character: the map is a permutation of the line
            return [u0 + u for u in line.getVisualMap()]
        out, seen = [], set()
        for u in line.getVisualMap():
            i = u0 + u if self._utf16 is None else self._index.get(u0 + u)
            if i is not None and i not in seen:  # the low surrogate of an astral character maps to nothing
                seen.add(i)
                out.append(i)
        return out
