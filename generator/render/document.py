"""Draw the paginated story on a ReportLab canvas, tagging as it goes, and return the PDF bytes."""
from __future__ import annotations

import io
from urllib.parse import quote

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

from ..resolve import Language, Layout
from ..story import PlacedItem, Sheet, Slot, Story
from ..story.items import FigureItem, RowItem, RuleItem, TextItem, stacked
from ..text import Line, Span, set_paragraph
from .pdffont import pdf_font
from .glyphs import LineWriter, cluster_origins, num, outline_ops, rgb
from .tagging import Tagger
from .xmp import LeafletFacts, xmp_packet



def baseline_offset(size: float, leading: float) -> float:
    """Distance from the top of a line box to its baseline: half the spare leading, then the ascent."""
    return (leading - size) / 2 + size * 0.8


class _PageDrawer:
    def __init__(self, canvas: Canvas, story: Story, layout: Layout, tagger: Tagger, lang: Language):
        self.c, self.story, self.layout, self.tagger, self.lang = canvas, story, layout, tagger, lang
        self.writer = LineWriter(canvas._doc, canvas._escape)
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
        self.c._code.append("\n".join(ops))

    def line_x(self, indent: float, width: float) -> float:
        """Left x of a line of `width` whose reading-start edge is `indent` into the column."""
        return self.right - indent - width if self.rtl else self.left + indent

    # -- content --------------------------------------------------------------------------------------
    def draw_line(self, line: Line, x0: float, y: float, owner, page: int, order: tuple):
        """One line: a marked-content sequence per run of text with one owner (the item or a link)."""
        origins = cluster_origins(line, x0)
        segments: list[tuple[object, list]] = []
        for c in line.logical:
            link = c.span.link
            if segments and segments[-1][0] is link:
                segments[-1][1].append(c)
            else:
                segments.append((link, [c]))
        for k, (link, clusters) in enumerate(segments):
            node = link.node if link else owner
            mcid = self.tagger.mark(node, page, order + (k,))
            self.code(f"/{node.role} <</MCID {mcid}>> BDC", "BT", *self.writer.write(clusters, origins, y), "ET",
                      "EMC")
            if link:
                self.link(link, clusters, origins, y, page, order + (k,))

    def link(self, link, clusters, origins, y: float, page: int, order: tuple):
        extents = [(origins[id(c)], origins[id(c)] + c.advance) for c in clusters if not c.is_space]
        if not extents:
            return
        x0, x1 = min(e[0] for e in extents), max(e[1] for e in extents)
        size = clusters[0].span.size
        self.code("/Artifact BMC", f"{rgb(clusters[0].span.color)} rg",
                  f"{num(x0)} {num(y - size * 0.16)} {num(x1 - x0)} {num(size * 0.07)} re f", "EMC")
        annot = PDFDictionary({
            "Type": PDFName("Annot"), "Subtype": PDFName("Link"),
            "Rect": PDFArray([x0, y - size * 0.3, x1, y + size * 0.9]),
            "Border": PDFArray([0, 0, 0]), "F": 4,
            "Contents": PDFString(link.node.alt),
            "A": PDFDictionary({"S": PDFName("URI"),
                                "URI": PDFString(quote(link.href, safe=":/?#[]@!$&'()*+,;=%~"))}),
        })
        self.c._addAnnotation(annot)
        annot.dict["StructParent"] = self.tagger.annotation(link.node, page, order, annot)

    def text_item(self, p: PlacedItem, page: int):
        item: TextItem = p.item
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
            self.c.drawImage(str(item.path), x, y, item.width, item.height, mask="auto")
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
        width = (self.right - self.left - item.gap) / 2
        starts = (saved[0], saved[0] + width + item.gap)
        if self.story.rtl:
            starts = starts[::-1]
        for cell, x, rtl in zip(item.cells, starts, item.rtl):
            self.left, self.right, self.rtl = x, x + width, rtl
            for sub, top in zip(cell, stacked(cell)):
                self.item(PlacedItem(sub, p.top + top, 0, len(getattr(sub, "lines", ()))), page)
        self.left, self.right, self.rtl = saved

    def qr(self, url: str, x: float, y: float, size: float):
        from reportlab.graphics import renderPDF
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing

        widget = QrCodeWidget(url, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, self.c, x, y)

    def watermark(self, mark: str, w: float, h: float):
        """DRAFT across the sheet, behind the text, as outlines: seen on paper, never read out."""
        wm = self.layout.watermark
        span = Span(mark, wm["size"], 700, wm["color"])
        line = set_paragraph([span], self.lang, self.story.fonts, 10 * w)[0]
        diagonal = (w ** 2 + h ** 2) ** 0.5
        if line.width > 0.7 * diagonal:  # a long word: smaller, still across the page
            span = Span(mark, wm["size"] * 0.7 * diagonal / line.width, 700, wm["color"])
            line = set_paragraph([span], self.lang, self.story.fonts, 10 * w)[0]
        cos, sin = w / diagonal, h / diagonal
        ops = outline_ops(line, -line.width / 2, -span.size * 0.35)
        self.code("/Artifact BMC", "q", f"{rgb(wm['color'])} rg",
                  f"{num(cos)} {num(sin)} {num(-sin)} {num(cos)} {num(w / 2)} {num(h / 2)} cm", *ops, "Q", "EMC")

    def rule(self, p: PlacedItem):
        item: RuleItem = p.item
        y = self.top - p.top - item.thickness
        self.code("/Artifact BMC", f"{rgb(item.color)} rg",
                  f"{num(self.left)} {num(y)} {num(self.right - self.left)} {num(item.thickness)} re f", "EMC")

    # -- running footer (an artifact: the same facts are tagged text in "About this leaflet") ------------
    def footer(self, slot: Slot, pages: int):
        style, foot = self.layout.style("footer", self.lang.script), self.layout.footer
        label = self.footer_line(self.lang.word("page", page=slot.page_number, pages=pages))
        base = slot.bottom + style.leading - baseline_offset(style.size, style.leading)
        rule_y = slot.bottom + self.story.footer_height - foot["rule_width"]
        self.code("/Artifact BMC", f"{rgb(self.layout.colors['rule'])} rg",
                  f"{num(self.left)} {num(rule_y)} {num(self.right - self.left)} {num(foot['rule_width'])} re f")
        lines = self.story.footer_lines
        for n, line in enumerate(lines):  # top to bottom, the last on the page number's baseline
            self.artifact_text(line, self.line_x(0, line.width), base + (len(lines) - 1 - n) * style.leading)
        self.artifact_text(label, self.line_x(self.story.column_width - label.width, label.width), base)
        self.code("EMC")

    def footer_line(self, text: str) -> Line:
        style = self.layout.style("footer", self.lang.script)
        span = Span(text, style.size, style.weight, style.color)
        return set_paragraph([span], self.lang, self.story.fonts, self.story.column_width)[0]

    def artifact_text(self, line: Line, x0: float, y: float):
        self.code("BT", *self.writer.write(line.logical, cluster_origins(line, x0), y), "ET")


rl_config.useA85 = 0  # binary Flate streams: ASCII85 makes files 25% larger and builds slower


def render_pdf(story: Story, sheets: list[Sheet], pages: int, layout: Layout, lang: Language,
               paper: str = "") -> bytes:
    """`pages`: the page count a reader sees in "Page n of N" (not the number of sheets)."""
    out = io.BytesIO()
    # a dynamic (embedded) initial font: otherwise ReportLab adds an unused, unembedded Helvetica
    initial = pdf_font(story.fonts.primary(layout.styles["body"].weight)).fontName
    canvas = Canvas(out, pagesize=(sheets[0].width, sheets[0].height), invariant=1, lang=story.lang,
                    pageCompression=1, initialFontName=initial)
    canvas.setTitle(story.title)
    canvas.setAuthor(story.author or "make-leaflet")
    canvas.setSubject(story.subject)
    canvas.setCreator("make-leaflet")
    tagger = Tagger(len(sheets))
    drawer = _PageDrawer(canvas, story, layout, tagger, lang)
    for number, sheet in enumerate(sheets):
        canvas.setPageSize((sheet.width, sheet.height))
        if story.draft_mark:
            drawer.watermark(story.draft_mark, sheet.width, sheet.height)
        for slot in sheet.slots:
            drawer.slot(slot)
            for p in slot.placements:
                drawer.item(p, number)
            if slot.page_number is not None:
                drawer.footer(slot, pages)
        canvas.showPage()
    doc = canvas._doc
    tree = tagger.write(doc, list(doc.Pages.pages), story.root)
    canvas.setCatalogEntry("StructTreeRoot", tree)
    canvas.setCatalogEntry("MarkInfo", PDFDictionary({"Marked": "true"}))
    canvas.setCatalogEntry("ViewerPreferences", PDFDictionary({"DisplayDocTitle": "true"}))
    xmp = xmp_packet(story.title, story.lang, story.subject, _facts(story, layout, paper, pages))
    canvas.setCatalogEntry("Metadata", PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), xmp))
    canvas.save()
    return out.getvalue()


def _facts(story: Story, layout: Layout, paper: str, pages: int) -> LeafletFacts:
    """The leaflet's facts the catalogue lists, from what this PDF prints."""
    meta = story.meta
    return LeafletFacts(leaflet=story.leaflet_id, layout=layout.name, layout_label=layout.label, paper=paper,
                        pages=pages, status=meta.status or "", version=meta.version or "",
                        published=meta.published.isoformat() if meta.published else "",
                        review_by=meta.review_by.isoformat() if meta.review_by else "", beside=story.beside)
