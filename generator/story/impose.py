"""Imposition: which frames of the story go where on which sheet, for each print format.

- pages: one column per sheet (handout, large print).
- booklet: A5 pages two-up on A4 landscape (or half-Letter on Letter) in saddle-stitch order, padded with
  blank pages to a multiple of four, for duplex printing and folding.
- trifold: one sheet, both sides, folded in three: outside = [fold-in | back | cover], inside =
  [inside 1 | inside 2 | inside 3], the fold-in panel a little narrower; mirrored for right-to-left.
The structure tree follows the story, so it reads in reading order whatever the sheet order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError
from ..resolve import Layout
from .build import Story
from .paginate import PlacedItem, paginate


@dataclass
class Slot:
    """One text column on a sheet and the part of the story drawn in it."""

    x: float  # left edge of the column
    top: float  # y of the column's top
    width: float
    placements: list[PlacedItem]
    page_number: int | None = None  # the footer's "Page n of N"; None: no footer
    bottom: float = 0.0  # y of the page's bottom margin, where the footer sits
    reading: int = 0  # where the story reaches this column: a sheet's columns are drawn in this order,
    # so that readers that follow the content stream read a sheet in reading order, not left to right


@dataclass
class Sheet:
    width: float
    height: float
    slots: list[Slot] = field(default_factory=list)


def column_width(layout: Layout, paper: str) -> float:
    """The measure every line of the story is broken to."""
    page = layout.page(paper)
    if layout.format == "trifold":
        return _panels(layout, paper)[2]
    return min(page.width - page.left - page.right, layout.max_column_width)


def _frames(story: Story, items, height: float, layout: Layout, source: Path):
    frames = paginate(items, height, layout.keep_with_next_lines, layout.orphan_lines)
    for frame in frames:
        for p in frame:
            if p.top + p.height > height + 0.5:  # only a bilingual passage cannot be split
                raise ContentError(source, 1, f"a passage is {(p.top + p.height - height) * 25.4 / 72:.0f} mm "
                                              "taller than a page can hold (expected shorter paragraphs; "
                                              "with --bilingual, passages cannot break across pages)")
    return frames


def impose(story: Story, layout: Layout, paper: str, source: Path) -> tuple[list[Sheet], int]:
    """Sheets to draw and the number of pages a reader counts."""
    page = layout.page(paper)
    if layout.format == "trifold":
        return _trifold(story, layout, paper, source), 2
    height = page.height - page.top - page.bottom - story.footer_height
    frames = _frames(story, story.items, height, layout, source)
    if layout.format == "booklet":
        return _booklet(story, layout, paper, frames)
    sheets = []
    for n, placements in enumerate(frames, 1):
        x = page.width - page.right - story.column_width if story.rtl else page.left
        sheets.append(Sheet(page.width, page.height, [Slot(x, page.height - page.top, story.column_width,
                                                           placements, n, page.bottom)]))
    return sheets, len(frames)


def _booklet(story: Story, layout: Layout, paper: str, frames) -> tuple[list[Sheet], int]:
    page = layout.page(paper)
    count = len(frames) + (-len(frames)) % 4  # blank pages to fill the last folded sheet
    frames = frames + [[] for _ in range(count - len(frames))]
    sheets = []

    def slot(number: int, right_half: bool) -> Slot:
        offset = page.width if right_half else 0.0
        x = offset + (page.width - page.right - story.column_width if story.rtl else page.left)
        placements = frames[number - 1]
        return Slot(x, page.height - page.top, story.column_width, placements,
                    number if placements else None, page.bottom, reading=number)

    for s in range(count // 4):
        # saddle stitch: the outer sheet carries the last and first pages; a right-to-left booklet
        # opens the other way, so its halves swap
        for left, right in ((count - 2 * s, 2 * s + 1), (2 * s + 2, count - 2 * s - 1)):
            if story.rtl:
                left, right = right, left
            sheets.append(Sheet(2 * page.width, page.height, [slot(left, False), slot(right, True)]))
    return sheets, count


def _panels(layout: Layout, paper: str) -> tuple[float, float, float]:
    """(panel width, fold-in panel width, text column width of the narrowest panel)."""
    page, p = layout.page(paper), layout.panels
    width = (page.width + p["fold_in_narrower"]) / 3
    fold_in = width - p["fold_in_narrower"]
    return width, fold_in, fold_in - 2 * p["gutter"]


def _trifold(story: Story, layout: Layout, paper: str, source: Path) -> list[Sheet]:
    page = layout.page(paper)
    width, fold_in, column = _panels(layout, paper)
    height = page.height - page.top - page.bottom
    cover_end, body_end = story.regions
    parts = {"cover": story.items[:cover_end], "body": story.items[cover_end:body_end],
             "back": story.items[body_end:]}
    frames = {k: _frames(story, v, height, layout, source) if v else [[]] for k, v in parts.items()}
    limits = {"cover": 1, "body": 4, "back": 1}
    for part, limit in limits.items():
        if len(frames[part]) > limit:
            extra = frames[part][limit:]
            over = (len(extra) - 1) * height + max(p.top + p.height for p in extra[-1])
            what = {"cover": "the cover panel", "body": "the four inside and fold-in panels",
                    "back": "the back panel"}[part]
            raise ContentError(source, 1, f"the leaflet does not fit the tri-fold: {what} overflow by "
                                          f"{over * 25.4 / 72:.0f} mm of text (expected shorter text, or "
                                          "--layout handout or booklet)")
    body = frames["body"] + [[] for _ in range(4 - len(frames["body"]))]
    # panel order left to right, on each side; the fold-in panel is the narrow one
    # (kind, placements, place in reading order: cover, the four inside panels, back)
    outside = [("fold", body[3], 4), ("wide", frames["back"][0], 5), ("wide", frames["cover"][0], 0)]
    inside = [("wide", body[0], 1), ("wide", body[1], 2), ("fold", body[2], 3)]
    sheets = []
    for side in (outside, inside):
        if story.rtl:
            side = side[::-1]
        x, slots = 0.0, []
        for kind, placements, reading in side:
            w = fold_in if kind == "fold" else width
            inset = (w - column) / 2
            slots.append(Slot(x + inset, page.height - page.top, column, placements, reading=reading))
            x += w
        sheets.append(Sheet(page.width, page.height, slots))
    return sheets
