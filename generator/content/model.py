"""The content model: what a leaflet says, independent of how it is printed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one set of attributes."""

    text: str
    bold: bool = False
    href: str | None = None
    lang: str | None = None  # a span in another language than the text around it (BCP 47)


@dataclass(frozen=True)
class Text:
    """Inline text (runs) plus where it came from, so a later stage can still point at the line."""

    runs: tuple[Run, ...]
    line: int
    raw: str = ""  # as written, markup included (whitespace normalized)

    @property
    def plain(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Paragraph:
    text: Text
    lang: str | None = None  # the whole block in another language than the leaflet


@dataclass(frozen=True)
class ItemList:
    """Bullets (unordered) or steps (numbered)."""

    items: tuple[Text, ...]
    numbered: bool
    line: int
    lang: str | None = None


@dataclass(frozen=True)
class Note:
    text: Text
    kind: str  # "info" | "warning"
    lang: str | None = None


@dataclass(frozen=True)
class Image:
    path: Path
    alt: Text
    width_px: int
    height_px: int
    line: int


Block = Paragraph | ItemList | Note | Image


@dataclass(frozen=True)
class Section:
    heading: Text
    body: tuple[Block, ...]


@dataclass(frozen=True)
class SourceRecord:
    """What a translation was translated from: the source language and a hash per part of the source."""

    lang: str
    hashes: dict[str, str]


@dataclass(frozen=True)
class Meta:
    version: str | None = None
    published: dt.date | None = None
    review_by: dt.date | None = None
    reference: tuple[Text, ...] = ()
    status: str | None = None
    source: SourceRecord | None = None
    url: str | None = None  # the leaflet online: printed with a QR code

    def governance_warnings(self, today: dt.date) -> list[str]:
        """What a patient-information team must know before this leaflet is printed for patients."""
        out = []
        if self.status == "draft":
            out.append("a draft, not approved for use with patients (DRAFT is printed on every page)")
        elif self.status is None:
            out.append("has no meta.status: not marked approved for use with patients")
        if self.review_by and self.review_by < today:
            out.append(f"the review date {self.review_by.isoformat()} has passed")
        return out


@dataclass(frozen=True)
class Emergency:
    """The clinic's emergency line: "If you have chest pain, call 999", in each leaflet language."""

    text: dict[str, Text]  # language → text ("*" for the one text given for every language)
    phone: Text
    line: int = 1

    def text_for(self, lang: str) -> Text | None:
        """The text in `lang` (or its base language, `pt` for `pt-BR`); None when the clinic gave none:
        another language's line on a patient's leaflet is not an emergency line they can read."""
        return self.text.get(lang) or self.text.get(lang.split("-")[0]) or self.text.get("*")


@dataclass(frozen=True)
class Clinic:
    """Who publishes the leaflet; printed on every leaflet built from the same content folder."""

    name: Text | None = None
    address: Text | None = None
    phone: Text | None = None
    website: Text | None = None
    feedback: Text | None = None
    logo: Image | None = None
    accent_color: str | None = None  # "#RRGGBB", at least 4.5:1 against white
    emergency: Emergency | None = None
    path: Path | None = None


@dataclass(frozen=True)
class Leaflet:
    id: str
    lang: str
    path: Path
    title: Text
    sections: tuple[Section, ...]
    subtitle: Text | None = None
    summary: Text | None = None
    meta: Meta = field(default_factory=Meta)

    @property
    def is_draft(self) -> bool:
        """Marked `status: draft`: printed with DRAFT across every page."""
        return self.meta.status == "draft"

    def governance_warnings(self, today: dt.date) -> list[str]:
        return self.meta.governance_warnings(today)
