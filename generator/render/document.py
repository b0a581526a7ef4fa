"""Draw the paginated story page by page, tagging as it goes, and return the PDF bytes (PDF/UA-1 and PDF/A-2a)."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from urllib.parse import quote

from ..resolve import FontSet, Language, Layout
from ..story import PlacedItem, Sheet, Slot, Story
from ..story.items import FigureItem, RowItem, RuleItem, TextItem, stacked
from ..text import Cluster, Glyph, Line, Span, set_paragraph
from . import pdfa, pdfua
from .glyphs import LineWriter, cluster_origins, num, outline_ops, rgb
from .pdffont import pdf_font
from .pdfwriter import PRODUCER, Name, PdfWriter, qr_modules
from .tagging import Tagger
from .xmp import DocumentInfo, LeafletFacts, leaflet_schema, packet


_REACH_MIN = 0.5  # points: a right-to-left line that ends nearer the column's left edge needs no space to reach it
_link_of = attrgetter("span.link")  # the link (or other inline element) a cluster belongs to


def baseline_offset(size: float, leading: float) -> float:
    """Distance from the top of a line box to its baseline: half the spare leading, then the ascent."""
    return (leading - size) / 2 + size * 0.8


class _PageDrawer:
    def __init__(self, pdf: PdfWriter, story: Story, layout: Layout, tagger: Tagger, lang: Language):
        self.pdf, self.story, self.layout, self.tagger, self.lang = pdf, story, layout, tagger, lang
        self.writer = LineWriter(pdf.doc, pdf.escape)
        self.cell_ends = False  # inside a bilingual row: every line ends in a drawn word space
        self.order: dict[int, tuple] = {}  # reading order of every item, also those inside bilingual rows
        for i, item in enumerate(story.items):
            self.order[id(item)] = (i,)
            if isinstance(item, RowItem):
                for c, cell in enumerate(item.cells):
                    for j, sub in enumerate(cell):
                        self.order[id(sub)] = (i, c, j)

    def slot(self, slot: Slot):
        """Draw into this column from now on."""
        self.left, self.right, self.top, self.rtl = slot.x, slot.x + slot.width, slot.top, self.story.rtl

    def code(self, *ops: str):
        self.pdf.code(*ops)

    def line_x(self, indent: float, width: float) -> float:
        """Left x of a line of `width` whose reading-start edge is `indent` into the column."""
        return self.right - indent - width if self.rtl else self.left + indent

    # -- content --------------------------------------------------------------------------------------
    def draw_line(self, line: Line, x0: float, y: float, owner, page: int, order: tuple):
        """One line: a marked-content sequence per run of text with one owner (the item, a link, a span)."""
        origins = cluster_origins(line, x0)
        end = self.end_space(line, x0, origins)
        logical = line.logical + end
        apart = end[0] if end and end[0].rtl and self.cell_ends else None  # see LineWriter._apart
        for k, (link, group) in enumerate(groupby(logical, key=_link_of)):  # links compare by identity
            clusters = list(group)
            node = link.node if link else owner
            mcid = self.tagger.mark(node, page, order + (k,))
            self.code(f"/{node.role} <</MCID {mcid}>> BDC", "BT", *self.writer.write(clusters, origins, y, apart),
                      "ET", "EMC")
            if link and link.href:
                self.link(link, clusters, origins, y, page, order + (k,))

    def end_space(self, line: Line, x0: float, origins: dict) -> list[Cluster]:
        """A word space after the line's last character, outside its ink:
        - where a line shares its baseline with the other language's column: readers that join text by
          baseline then see two words, not one (`قبل القياسBefore`);
        - left of a right-to-left line, reaching the column's left edge: pdfminer.six orders the text boxes
          of a page by their left edges (LTTextGroupLRTB), so a short right-aligned line (a heading) came
          after the longer lines below it; reaching the edge, every line starts where a left-to-right
          line would."""
        last = line.logical[-1] if line.logical else None
        if last is None or last.is_space:
            return []
        reach = x0 - self.left if self.rtl else 0.0
        if not self.cell_ends and reach < _REACH_MIN:
            return []
        gid = last.face.hb_font.get_nominal_glyph(0x20)
        if not gid:
            return []
        advance = last.face.hb_font.get_glyph_h_advance(gid) * last.span.size / last.face.upem
        if self.rtl:
            advance = max(advance, reach)
        level = 1 if self.rtl else 0
        space = Cluster(last.end, last.end, " ", level, last.face, last.span, (Glyph(gid, advance, 0.0, 0.0),),
                        rtl=self.rtl)
        space.finish()
        origins[id(space)] = x0 - advance if self.rtl else x0 + line.width
        return [space]

    def link(self, link, clusters, origins, y: float, page: int, order: tuple):
        extents = [(origins[id(c)], origins[id(c)] + c.advance) for c in clusters if not c.is_space]
        if not extents:
            return
        x0, x1 = min(e[0] for e in extents), max(e[1] for e in extents)
        size = clusters[0].span.size
        self.code("/Artifact BMC", f"{rgb(clusters[0].span.color)} rg",
                  f"{num(x0)} {num(y - size * 0.16)} {num(x1 - x0)} {num(size * 0.07)} re f", "EMC")
        annot = {
            "Type": Name("Annot"), "Subtype": Name("Link"), "Rect": [x0, y - size * 0.3, x1, y + size * 0.9],
            "Border": [0, 0, 0], "F": 4, "Contents": link.node.alt,
            "A": {"S": Name("URI"), "URI": quote(link.href, safe=":/?#[]@!$&'()*+,;=%~")},
        }
        annot["StructParent"] = self.tagger.annotation(link.node, page, order, self.pdf.annotation(annot))

    def text_item(self, p: PlacedItem, page: int):
        item: TextItem = p.item
        if item.rtl is not None and item.rtl != self.rtl:  # a block in a language written the other way
            self.rtl = item.rtl
            try:
                return self.text_item(p, page)
            finally:
                self.rtl = not item.rtl
        idx = self.order[id(item)]
        y_top = self.top - p.top
        pad = item.box.padding if item.box else 0.0
        if item.box:
            self.box(item, y_top, y_top - p.height)
        first_base = y_top - pad - baseline_offset(item.size, item.leading)
        if item.label and p.first == 0:
            lbl = item.label
            self.draw_line(lbl.line, self.line_x(lbl.offset, lbl.line.width), first_base, lbl.node, page, idx + (-1,))
        for n, li in enumerate(range(p.first, p.last)):
            line = item.lines[li]
            self.draw_line(line, self.line_x(item.indent, line.width), first_base - n * item.leading,
                           item.node, page, idx + (li,))

    def box(self, item: TextItem, y_top: float, y_bottom: float):
        b = item.box
        bar_x = self.right - b.border_width if self.rtl else self.left
        self.code("/Artifact BMC", "q", f"{rgb(b.background)} rg",
                  f"{num(self.left)} {num(y_bottom)} {num(self.right - self.left)} {num(y_top - y_bottom)} re f",
                  f"{rgb(b.border)} rg",
                  f"{num(bar_x)} {num(y_bottom)} {num(b.border_width)} {num(y_top - y_bottom)} re f", "Q", "EMC")

    def figure(self, p: PlacedItem, page: int):
        item: FigureItem = p.item
        x = self.line_x(self.story.column_width - item.width if item.align_end else 0, item.width)
        y = self.top - p.top - item.height
        mcid = self.tagger.mark(item.node, page, self.order[id(item)])
        self.code(f"/Figure <</MCID {mcid}>> BDC")
        if item.qr:
            self.qr(item.qr, x, y, item.width)
        else:
            self.pdf.image(item.path, x, y, item.width, item.height)
        self.code("EMC")
        self.tagger.figure_box(item.node, page, (x, y, x + item.width, y + item.height))

    def item(self, p: PlacedItem, page: int):
        if isinstance(p.item, TextItem):
            self.text_item(p, page)
        elif isinstance(p.item, FigureItem):
            self.figure(p, page)
        elif isinstance(p.item, RowItem):
            self.row(p, page)
        else:
            self.rule(p)

    def row(self, p: PlacedItem, page: int):
        """Two languages side by side; the leaflet's language on its reading-start side."""
        item: RowItem = p.item
        saved = self.left, self.right, self.rtl
        self.cell_ends = True
        width = (self.right - self.left - item.gap) / 2
        starts = (saved[0], saved[0] + width + item.gap)
        if self.story.rtl:
            starts = starts[::-1]
        for cell, x, rtl in zip(item.cells, starts, item.rtl):
            self.left, self.right, self.rtl = x, x + width, rtl
            for sub, top in zip(cell, stacked(cell)):
                self.item(PlacedItem(sub, p.top + top, 0, len(getattr(sub, "lines", ()))), page)
        self.left, self.right, self.rtl = saved
        self.cell_ends = False

    def qr(self, url: str, x: float, y: float, size: float):
        """Dark modules as filled rectangles (no text, so no font), with the 4-module quiet zone inside."""
        rows = qr_modules(url)
        box = size / (len(rows) + 8)
        ops = ["0 0 0 rg"]
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                ops.append(f"{num(x + (start + 4) * box)} {num(y + size - (r + 5) * box)} "
                           f"{num((c - start) * box)} {num(box)} re")
        self.code("q", *ops, "f", "Q")

    def watermark(self, mark: str, w: float, h: float):
        """DRAFT across the sheet, behind the text, as outlines: seen on paper, never read out."""
        wm = self.layout.watermark
        self.code(*_watermark_ops(mark, self.lang, self.story.fonts, w, h, wm["size"], wm["color"]))

    def rule(self, p: PlacedItem):
        item: RuleItem = p.item
        y = self.top - p.top - item.thickness
        self.code("/Artifact BMC", f"{rgb(item.color)} rg",
                  f"{num(self.left)} {num(y)} {num(self.right - self.left)} {num(item.thickness)} re f", "EMC")

    # -- running footer (an artifact: the same facts are tagged text in "About this leaflet") ------------
    def footer(self, slot: Slot, pages: int):
        style, foot = self.layout.style("footer", self.lang.script), self.layout.footer
        label = self.footer_line(self.lang.word("page", page=slot.page_number, pages=pages))
        lines = self.story.footer_lines
        base = slot.bottom + style.leading - baseline_offset(style.size, style.leading)
        top = base + (max(len(lines), 1) - 1) * style.leading  # the first line, beside the page number
        rule_y = slot.bottom + self.story.footer_height - foot["rule_width"]
        self.code("/Artifact <</Type /Pagination /Subtype /Footer>> BDC", f"{rgb(self.layout.colors['rule'])} rg",
                  f"{num(self.left)} {num(rule_y)} {num(self.right - self.left)} {num(foot['rule_width'])} re f")
        placed = [(line, self.line_x(0, line.width), top - n * style.leading) for n, line in enumerate(lines)]
        placed.insert(1, (label, self.line_x(self.story.column_width - label.width, label.width), top))
        for line, x, y in placed:  # the page number read right after the publisher beside it
            self.artifact_text(line, x, y)
        self.code("EMC")

    def footer_line(self, text: str) -> Line:
        style = self.layout.style("footer", self.lang.script)
        span = Span(text, style.size, style.weight, style.color)
        return set_paragraph([span], self.lang, self.story.fonts, self.story.column_width)[0]

    def artifact_text(self, line: Line, x0: float, y: float):
        self.code("BT", *self.writer.write(line.logical, cluster_origins(line, x0), y), "ET")


_watermarks: dict[tuple, tuple[str, ...]] = {}  # the same on every page


def _watermark_ops(mark: str, lang: Language, fonts: FontSet, w: float, h: float, size: float,
                   color: str) -> tuple[str, ...]:
    key = (mark, lang.tag, fonts, w, h, size, color)
    if key not in _watermarks:
        if len(_watermarks) > 64:
            _watermarks.clear()
        _watermarks[key] = _draw_watermark(mark, lang, fonts, w, h, size, color)
    return _watermarks[key]


def _draw_watermark(mark: str, lang: Language, fonts: FontSet, w: float, h: float, size: float,
                    color: str) -> tuple[str, ...]:
    span = Span(mark, size, 700, color)
    line = set_paragraph([span], lang, fonts, 10 * w)[0]
    diagonal = (w ** 2 + h ** 2) ** 0.5
    if line.width > 0.7 * diagonal:  # a long word: smaller, still across the page
        span = Span(mark, size * 0.7 * diagonal / line.width, 700, color)
        line = set_paragraph([span], lang, fonts, 10 * w)[0]
    cos, sin = w / diagonal, h / diagonal
    ops = outline_ops(line, -line.width / 2, -span.size * 0.35)
    return ("/Artifact BMC", "q", f"{rgb(color)} rg",
            f"{num(cos)} {num(sin)} {num(-sin)} {num(cos)} {num(w / 2)} {num(h / 2)} cm", *ops, "Q", "EMC")


def build_time(published: dt.date | None) -> dt.datetime:
    """The file's date: SOURCE_DATE_EPOCH when set, else the leaflet's publication date, else a fixed date.
    Never the clock: the same content makes the same bytes, so an unchanged leaflet need not be rebuilt and
    a rebuilt one can be compared byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    day = published or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF and what it says about itself: the catalogue lists it from these, without reading it back."""

    data: bytes
    metadata: bytes  # its XMP packet
    info: dict[str, str | dt.datetime]  # its document information dictionary
    sheets: int  # pages in the file
    sheet_size: tuple[float, float]  # the first one's, in points


def render_pdf(story: Story, sheets: list[Sheet], pages: int, layout: Layout, lang: Language,
               paper: str = "") -> RenderedPdf:
    """`pages`: the page count a reader sees in "Page n of N" (not the number of sheets)."""
    initial = pdf_font(story.fonts.primary(layout.styles["body"].weight)).fontName
    pdf = PdfWriter((sheets[0].width, sheets[0].height), story.lang, initial)
    tagger = Tagger(len(sheets))
    drawer = _PageDrawer(pdf, story, layout, tagger, lang)
    for number, sheet in enumerate(sheets):
        pdf.begin_page(sheet.width, sheet.height)
        if story.draft_mark:
            drawer.watermark(story.draft_mark, sheet.width, sheet.height)
        for slot in sorted(sheet.slots, key=lambda s: s.reading):
            drawer.slot(slot)
            for p in slot.placements:
                drawer.item(p, number)
            if slot.page_number is not None:
                drawer.footer(slot, pages)
        pdf.end_page()
    pdf.catalog("StructTreeRoot", tagger.write(pdf, story.root))
    info = DocumentInfo(title=story.title, lang=story.lang, author=story.author or "make-leaflet",
                        subject=story.subject, creator="make-leaflet", producer=PRODUCER, date=build_time(story.meta.published))
    schemas = [pdfua.declare(pdf), pdfa.declare(pdf), leaflet_schema(_facts(story, layout, paper, pages))]
    metadata = packet(info, schemas)
    pdf.catalog("Metadata", pdf.stream({"Type": Name("Metadata"), "Subtype": Name("XML")}, metadata, compress=False))
    entries = info.info_dictionary()
    return RenderedPdf(pdf.write(entries), metadata, entries, len(sheets), (sheets[0].width, sheets[0].height))


def _facts(story: Story, layout: Layout, paper: str, pages: int) -> LeafletFacts:
    """The leaflet's facts the catalogue lists, from what this PDF prints."""
    meta = story.meta
    return LeafletFacts(leaflet=story.leaflet_id, layout=layout.name, layout_label=layout.label, paper=paper,
                        pages=pages, status=meta.status or "", version=meta.version or "",
                        published=meta.published.isoformat() if meta.published else "",
                        review_by=meta.review_by.isoformat() if meta.review_by else "", beside=story.beside)
