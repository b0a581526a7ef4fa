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


Item = TextItem | FigureItem | RuleItem
