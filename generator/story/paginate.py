"""Break the story into pages: lines flow, headings stay with what follows, no lone first/last lines."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .items import FigureItem, Item, TextItem, item_height


@dataclass
class PlacedItem:
    """Lines [first, last) of an item (all of a figure or rule) with its top edge below the column top."""

    item: Item
    top: float
    first: int = 0
    last: int = 0

    @property
    def height(self) -> float:
        item = self.item
        return item.height(self.first, self.last) if isinstance(item, TextItem) else item_height(item)


def _min_start(items: list[Item], i: int, keep_lines: int, orphans: int) -> float:
    """The least height that must fit for item i to start on this page, following keep-with-next."""
    item = items[i]
    if isinstance(item, TextItem) and not item.keep_with_next:
        lines = min(len(item.lines), keep_lines if i and items[i - 1].keep_with_next else orphans)
        h = item.height(0, lines)
    else:
        h = item_height(item)
    if item.keep_with_next and i + 1 < len(items):
        nxt = items[i + 1]
        h += max(item.space_after, nxt.space_before) + _min_start(items, i + 1, keep_lines, orphans)
    return h


def paginate(items: list[Item], column_height: float, keep_lines: int, orphans: int) -> list[list[PlacedItem]]:
    pages: list[list[PlacedItem]] = [[]]
    y = 0.0
    prev_after = 0.0

    def new_page():
        nonlocal y, prev_after
        pages.append([])
        y, prev_after = 0.0, 0.0

    for i, item in enumerate(items):
        gap = max(prev_after, item.space_before) if pages[-1] else 0.0
        if pages[-1] and y + gap + _min_start(items, i, keep_lines, orphans) > column_height:
            new_page()
            gap = 0.0
        y += gap
        if not isinstance(item, TextItem):
            if isinstance(item, FigureItem) and item.height > column_height - y:
                item.width, item.height = (item.width * (column_height - y) / item.height, column_height - y)
            pages[-1].append(PlacedItem(item, y))
            y += item_height(item)
            prev_after = item.space_after
            continue
        start, n = 0, len(item.lines)
        pad = 2 * item.box.padding if item.box else 0.0
        while True:
            fit = max(0, math.floor((column_height - y - pad + 1e-6) / item.leading))
            remaining = n - start
            if fit >= remaining:
                pages[-1].append(PlacedItem(item, y, start, n))
                y += item.height(start, n)
                break
            take = min(fit, remaining - orphans) if remaining > orphans else fit
            if take < min(orphans, remaining) and pages[-1]:
                new_page()
                continue
            take = max(take, 1)
            pages[-1].append(PlacedItem(item, y, start, start + take))
            start += take
            new_page()
        prev_after = item.space_after
    return pages
