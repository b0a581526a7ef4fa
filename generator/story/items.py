"""Flow items: what the paginator places in the column, each owning its structure element."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..text import Line
from .structure import StructNode


@dataclass(eq=False)
class Label:
    """A list item's bullet or number: its own line, drawn beside the first line of the item."""

    line: Line
    node: StructNode  # Lbl
    offset: float  # from the column's reading-start edge


@dataclass(eq=False)
class Box:
    """The background and start-side bar of a note; split with the text across pages."""

    background: str
    border: str
    border_width: float
    padding: float


@dataclass(eq=False)
class TextItem:
    node: StructNode  # the element that owns the text (H1, H2, P, LBody…)
    lines: list[Line]
    size: float
    leading: float
    indent: float  # from the column's reading-start edge
    width: float  # the measure the lines were broken to
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
    label: Label | None = None
    box: Box | None = None
    rtl: bool | None = None  # a block in a language written the other way than the column's

    def height(self, first: int, last: int) -> float:
        pad = 2 * self.box.padding if self.box else 0.0
        return (last - first) * self.leading + pad


@dataclass(eq=False)
class FigureItem:
    """A picture (PNG or JPEG file) or a QR code, with its Figure element (and Alt)."""

    node: StructNode
    path: Path | None
    width: float
    height: float
    space_after: float = 0.0
    space_before: float = 0.0
    keep_with_next: bool = False
    qr: str | None = None  # the address a QR code encodes, instead of a picture file
    align_end: bool = False  # on the reading-end side (a logo), not the reading-start side


@dataclass(eq=False)
class RuleItem:
    """A decorative line (an artifact to screen readers)."""

    thickness: float
    color: str
    space_after: float = 0.0
    space_before: float = 0.0
    keep_with_next: bool = True


@dataclass(eq=False)
class RowItem:
    """Bilingual: one passage in the leaflet's language beside the same passage in another language."""

    cells: tuple[list, list]  # items of the passage: the leaflet's language, then the other language
    rtl: tuple[bool, bool]
    gap: float  # between the two columns
    height: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False

    def __post_init__(self):
        self.height = max(stacked(cell)[-1] for cell in self.cells)
        self.space_after = max(cell[-1].space_after for cell in self.cells)
        self.keep_with_next = any(cell[-1].keep_with_next for cell in self.cells)


def item_height(item) -> float:
    if isinstance(item, TextItem):
        return item.height(0, len(item.lines))
    return item.height if isinstance(item, (FigureItem, RowItem)) else item.thickness


def stacked(items: list) -> list[float]:
    """Tops of items stacked without page breaks (space between them collapsed), then the total height."""
    tops, y = [], 0.0
    for k, item in enumerate(items):
        if k:
            y += max(items[k - 1].space_after, item.space_before)
        tops.append(y)
        y += item_height(item)
    return tops + [y]


Item = TextItem | FigureItem | RuleItem | RowItem
