"""Line breaking on logical text, then UAX #9 L1/L2 reordering of each line into visual order."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .shape import Cluster

# Characters a line must not start with (closing punctuation, small kana): a basic kinsoku set.
_NO_START = set("，。、．：；！？）」』》〉】〕”’・ー～ゃゅょっァィゥェォャュョッ々)]}!?.,;:%")
_CJK_PREFIXES = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL SYLLABLE", "IDEOGRAPHIC", "FULLWIDTH")


@dataclass
class Line:
    logical: list[Cluster]
    visual: list[Cluster]
    width: float  # points


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80 and unicodedata.name(ch, "").startswith(_CJK_PREFIXES)


def can_break_before(clusters: list[Cluster], k: int) -> bool:
    prev, cur = clusters[k - 1], clusters[k]
    if cur.is_space:
        return False
    if prev.is_space:
        return True
    if cur.text[0] in _NO_START:
        return False
    if prev.text == "-" and k >= 2 and clusters[k - 2].text[-1].isalpha() and cur.text[0].isalpha():
        return True  # after a real hyphen between letters; words are never hyphenated by us
    return _cjk(prev.text[-1]) or _cjk(cur.text[0])


def break_lines(clusters: list[Cluster], width: float, max_chars: int | None = None) -> list[Line]:
    """Greedy breaking within `width` points and `max_chars` characters (clear print asks for at most
    about 70); a word longer than the line is broken between clusters so nothing is lost."""
    max_chars = max_chars or len("".join(c.text for c in clusters)) + 1
    lines: list[Line] = []
    start, n = 0, len(clusters)
    while start < n and clusters[start].is_space:
        start += 1
    while start < n:
        used, chars, k, last_ok = 0.0, 0, start, None
        while k < n:
            if k > start and can_break_before(clusters, k):
                last_ok = k
            c = clusters[k]
            if not c.is_space and k > start and (used + c.advance > width + 1e-6
                                                 or chars + len(c.text) > max_chars):
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
        while content and content[-1].is_space:
            content.pop()
        lines.append(_make_line(content))
        start = end
        while start < n and clusters[start].is_space:
            start += 1
    return lines


def _make_line(logical: list[Cluster]) -> Line:
    return Line(logical, visual_order(logical), sum(c.advance for c in logical))


def visual_order(line: list[Cluster]) -> list[Cluster]:
    """UAX #9 L2: reverse runs from the highest level down to the lowest odd level.

    L1 (trailing spaces at paragraph level) needs nothing: break_lines drops trailing spaces.
    """
    levels = [c.level for c in line]
    if not any(levels):
        return list(line)
    order = list(range(len(line)))
    hi = max(levels)
    odd = [lv for lv in levels if lv % 2]
    lowest_odd = min(odd) if odd else hi + 1
    for lv in range(hi, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= lv:
                j = i
                while j < len(order) and levels[order[j]] >= lv:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return [line[i] for i in order]
