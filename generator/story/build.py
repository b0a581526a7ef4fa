"""Content model + language + layout → the story: flow items in reading order and their structure."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.model import Clinic, Image, ItemList, Leaflet, Meta, Note, Paragraph, Run, Text
from ..errors import ContentError, UsageError
from ..resolve import FontSet, Language, Layout, TextStyle, font_set, language
from ..text import ClusterTooLarge, Line, MissingGlyph, Span, set_paragraph
from .items import Box, FigureItem, Item, Label, RowItem, RuleItem, TextItem
from .structure import StructNode


# ListNumbering (PDF 1.7, table 347) of a bulleted list by the bullet the language prints
_BULLET_NUMBERING = {"•": "Disc", "◦": "Circle", "▪": "Square", "■": "Square"}


@dataclass(eq=False)
class Inline:
    """An inline element of a text, a Link (href) or a Span in another language (lang); its text may wrap
    over lines and pages."""

    node: StructNode
    href: str | None = None
    lang: str | None = None


def _known(tag: str | None) -> Language | None:
    """Language data for a tag make-leaflet knows (direction, line breaking, fonts); others only get /Lang."""
    try:
        return language(tag) if tag else None
    except UsageError:
        return None


@dataclass
class Story:
    title: str
    lang: str
    rtl: bool
    root: StructNode
    items: list[Item]
    fonts: FontSet
    footer_lines: list[Line]  # publisher (the first beside the page number), version and review date
    footer_height: float  # from the bottom margin to the footer's rule, which the text stays above
    column_width: float
    subject: str = ""
    author: str = ""
    draft_mark: str | None = None  # printed across every page of a draft
    regions: tuple[int, int] = (0, 0)  # where the cover (title block) and the body (sections) end in items
    leaflet_id: str = ""  # for the PDF's metadata, which the catalogue lists
    meta: Meta = field(default_factory=Meta)
    beside: str = ""  # bilingual: the language printed beside


class _Builder:
    def __init__(self, leaflet: Leaflet, clinic: Clinic | None, lang: Language, fonts: FontSet,
                 layout: Layout, column_width: float, root: StructNode | None = None,
                 passage_lang: str | None = None):
        self.leaflet, self.clinic, self.lang, self.fonts = leaflet, clinic, lang, fonts
        self.layout, self.width = layout, column_width
        self.root = root or StructNode("Document")
        self.passage_lang = passage_lang  # a passage in another language than the document's: its /Lang
        self.items: list[Item] = []
        self.passages: list[int] = [0]  # item indices where passages (title, heading, block…) end

    def top(self, role: str, lang: str | None = None, **kw) -> StructNode:
        """A new element directly under the Document; `lang`: a block in another language."""
        return self.root.child(role, lang=lang or self.passage_lang, **kw)

    def end_passage(self):
        if self.passages[-1] != len(self.items):
            self.passages.append(len(self.items))

    # -- text -------------------------------------------------------------------------------------
    def setting(self, lang: str | None) -> Language:
        """The language a block is set in: the leaflet's, or the block's own where make-leaflet knows it."""
        return _known(lang) or self.lang

    def lines(self, runs: tuple[Run, ...], style: TextStyle, width: float, owner: StructNode,
              source: Path, line: int, keep_end_space: bool = False, lang: str | None = None):
        """`lang`: the block's own language. Links become Link elements, spans in another language Span
        elements with /Lang; both are shaped as their language, with its fonts after the block's."""
        setting = self.setting(lang)
        families = (font_set(setting).families if setting is not self.lang else ()) + self.fonts.families
        spans, inline = [], None
        for r in runs:
            if r.href or r.lang:
                if inline is None or (inline.href, inline.lang) != (r.href, r.lang):
                    role = "Link" if r.href else "Span"
                    inline = Inline(owner.child(role, href=r.href, alt="" if r.href else None, lang=r.lang),
                                    r.href, r.lang)
                if r.href:
                    inline.node.alt += r.text
                if _known(r.lang):
                    families += font_set(_known(r.lang)).families
            else:
                inline = None
            color = self.layout.colors["link"] if r.href else style.color
            weight = 700 if r.bold else style.weight
            spans.append(Span(r.text, style.size, weight, color, inline, r.lang or lang))
        fonts = FontSet(tuple(dict.fromkeys(families)))
        try:
            return set_paragraph(spans, setting, fonts, width, self.layout.max_line_chars, keep_end_space)
        except MissingGlyph as exc:
            raise ContentError(
                source, line,
                f"character {exc.char!r} (U+{ord(exc.char):04X}) cannot be drawn by the fonts for "
                f"{setting.name} ({', '.join(fonts.families)}) "
                "(expected a character those fonts have; check for a typo or a wrong language file)") from None
        except ClusterTooLarge as exc:
            raise ContentError(source, line, str(exc)) from None

    def text(self, role: str, text: Text, style_name: str, parent: StructNode | None = None,
             source: Path | None = None, lang: str | None = None, **kw) -> TextItem:
        """`lang`: a block in another language (its element, when directly under the Document, says so)."""
        setting = self.setting(lang)
        style = self.layout.style(style_name, setting.script)
        node = parent.child(role) if parent else self.top(role, lang=lang)
        indent = kw.pop("indent", 0.0)
        width = kw.pop("width", self.width - indent)
        lines = self.lines(text.runs, style, width, node, source or self.leaflet.path, text.line, lang=lang)
        item = TextItem(node, lines, style.size, style.leading, indent, width, style.space_before,
                        style.space_after, rtl=setting.rtl if setting.rtl != self.lang.rtl else None, **kw)
        self.items.append(item)
        return item

    def words(self, words: str) -> Text:
        return Text((Run(words),), 1)

    # -- blocks -----------------------------------------------------------------------------------
    def logo(self):
        clinic = self.clinic
        if clinic and clinic.logo:
            lay, image = self.layout.logo, clinic.logo
            scale = min(lay["max_width"] / image.width_px, lay["max_height"] / image.height_px)
            self.items.append(FigureItem(self.top("Figure", alt=image.alt.plain), image.path,
                                         image.width_px * scale, image.height_px * scale,
                                         space_after=lay["space_after"], keep_with_next=True, align_end=True))

    def title_block(self):
        lf, clinic = self.leaflet, self.clinic
        self.text("H1", lf.title, "title", keep_with_next=True)
        self.end_passage()
        if lf.subtitle:
            self.text("P", lf.subtitle, "subtitle", keep_with_next=True)
            self.end_passage()
        rule = self.layout.title_rule
        self.items.append(RuleItem(rule["width"], self.layout.colors["rule"], space_after=rule["space_after"]))
        self.end_passage()
        if lf.summary:
            self.text("P", lf.summary, "summary")
            self.end_passage()
        if self.layout.cover_clinic and clinic and clinic.name:
            self.text("P", clinic.name, "subtitle", source=clinic.path)
            self.end_passage()
        if clinic and clinic.emergency:
            text, phone = clinic.emergency.text_for(self.lang.tag), clinic.emergency.phone
            if text is None:
                raise ContentError(clinic.path, clinic.emergency.line,
                                   f"the emergency text has no {self.lang.tag!r} version for the "
                                   f"{self.lang.name} leaflets (expected '{self.lang.tag}: ...' under 'text', "
                                   "or one text for every language)")
            number = tuple(Run(r.text, True, r.href) for r in phone.runs)
            self.box_text(Text(text.runs + (Run(" "),) + number, text.line), "warning", source=clinic.path)
            self.end_passage()

    def section(self, heading: Text, body):
        self.text("H2", heading, "heading", keep_with_next=True)
        self.end_passage()
        for k, block in enumerate(body):
            if isinstance(block, Paragraph):
                # a paragraph that leads into a list stays with the list's first items
                leads_in = k + 1 < len(body) and isinstance(body[k + 1], ItemList)
                self.text("P", block.text, "body", keep_with_next=leads_in, lang=block.lang)
            elif isinstance(block, ItemList):
                self.list_items(block.items, block.numbered, "body", block.line, block.lang)
            elif isinstance(block, Note):
                self.note(block)
            elif isinstance(block, Image):
                self.figure(block)
            self.end_passage()

    def list_items(self, texts: tuple[Text, ...], numbered: bool, style_name: str, line: int,
                   lang: str | None = None):
        """L > LI > (Lbl, LBody); the label is right-aligned against the text, on the reading-start side."""
        lay, style = self.layout.lists, self.layout.style(style_name, self.setting(lang).script)
        bullet = self.lang.word("list_bullet")
        node = self.top("L", lang=lang, numbering="Decimal" if numbered else _BULLET_NUMBERING.get(bullet, "None"))
        for n, text in enumerate(texts, 1):
            li = node.child("LI")
            lbl = li.child("Lbl")
            word = self.lang.word("list_number", n=n) if numbered else bullet
            label = self.lines((Run(word + " "),), style, lay["indent"], lbl, self.leaflet.path, line,
                               keep_end_space=True, lang=lang)[0]
            # right-aligned against the text; a wide number ("10.") starts at the column edge, not outside it
            item = self.text("LBody", text, style_name, parent=li, indent=lay["indent"], lang=lang,
                             label=Label(label, lbl, max(0.0, lay["indent"] - lay["label_gap"] - label.ink_width)))
            if n < len(texts):
                item.space_after = lay["item_space"]
                item.keep_with_next = len(texts) <= lay["keep_together_max"]  # short lists stay whole

    def note(self, block: Note):
        runs = (Run(self.setting(block.lang).word(block.kind) + " ", bold=True),) + block.text.runs
        self.box_text(Text(runs, block.text.line), block.kind, lang=block.lang)

    def box_text(self, text: Text, kind: str, source: Path | None = None, lang: str | None = None):
        """A paragraph in a shaded box with a bar on the reading-start side (notes, the emergency line)."""
        lay, colors = self.layout.notes, self.layout.colors
        inset = lay["padding"] + lay["border_width"]
        self.text("P", text, "body", parent=self.top("Div", lang=lang), indent=inset, source=source, lang=lang,
                  width=self.width - inset - lay["padding"],
                  box=Box(colors[f"{kind}_background"], colors[f"{kind}_border"], lay["border_width"],
                          lay["padding"]))
        self.items[-1].space_after = lay["space_after"]

    def figure(self, block: Image):
        max_h = self.layout.figures["max_height"]
        scale = min(self.width / block.width_px, max_h / block.height_px)
        node = self.top("Figure", alt=block.alt.plain)
        self.items.append(FigureItem(node, block.path, block.width_px * scale, block.height_px * scale,
                                     space_after=self.layout.figures["space_after"]))

    def about(self):
        """Governance: who published the leaflet, version, dates and sources, as real tagged text."""
        lang, meta, clinic = self.lang, self.leaflet.meta, self.clinic
        self.text("H2", self.words(lang.word("about")), "about_heading", keep_with_next=True)
        if clinic and clinic.name:
            self.text("P", Text(_fill(lang.word("published_by", name="\0"), clinic.name), clinic.name.line),
                      "about", source=clinic.path)
        for key in ("address", "phone", "website", "feedback"):
            value = getattr(clinic, key, None) if clinic else None
            if value is None:
                continue
            text = value if key == "address" else Text(_fill(lang.word(key, **{key: "\0"}), value), value.line)
            self.text("P", text, "about", source=clinic.path)
        dates = []
        if meta.version:
            dates.append(lang.word("version", version=meta.version))
        if meta.published:
            dates.append(lang.word("published", date=lang.date(meta.published)))
        if meta.review_by:
            dates.append(lang.word("review_by", date=lang.date(meta.review_by)))
        if dates:
            self.text("P", self.words(" · ".join(dates)), "about")
        if meta.status == "draft":
            self.text("P", Text((Run(lang.word("draft"), bold=True),), 1), "about")
        if meta.reference:
            self.text("P", self.words(lang.word("sources")), "about", keep_with_next=True)
            self.list_items(meta.reference, False, "about", 1)
        if meta.url:
            size = self.layout.qr["size"]
            self.items.append(FigureItem(self.top("Figure", alt=lang.word("qr_alt")), None, size, size,
                                         space_after=self.layout.qr["space_after"], keep_with_next=True,
                                         qr=meta.url))
            self.text("P", Text((Run(meta.url, href=meta.url),), 1, meta.url), "about")

    def footer_lines(self) -> list[Line]:
        """The running footer, top to bottom: who publishes the leaflet, beside the page number ("Page 1
        of 2", measured at its widest), then the version and review date on a line of their own.

        Each line stays a short label, never a sentence: a screen reader skips the footer (an artifact;
        the same facts are tagged text in "About this leaflet"), and a checker rightly asks whether a
        sentence-long line marked as decoration hides content. Layouts with `details: 0` print page
        numbers only."""
        meta, lang = self.leaflet.meta, self.lang
        if not self.layout.footer.get("details", 1):
            return []
        publisher = self.clinic.name.plain if self.clinic and self.clinic.name else lang.word("footer_default")
        details = []
        if meta.version:
            details.append(lang.word("version", version=meta.version))
        if meta.review_by:
            details.append(lang.word("review_by", date=lang.date(meta.review_by)))
        style = self.layout.style("footer", self.lang.script)
        widest = self.lines((Run(self.lang.word("page", page=888, pages=888)),), style, self.width, self.root,
                            self.leaflet.path, 1)[0]
        lines = self.lines((Run(publisher + " "),), style, self.width - widest.width - style.size, self.root,
                           self.leaflet.path, 1, keep_end_space=True)
        if details:
            lines += self.lines((Run(" · ".join(details) + " "),), style, self.width, self.root, self.leaflet.path, 1,
                                keep_end_space=True)
        return lines


def _fill(pattern: str, value: Text) -> tuple[Run, ...]:
    """The runs of a sentence from language data with a content text (and its links) in its `\\0` slot."""
    before, _, after = pattern.partition("\0")
    return tuple(r for r in (Run(before), *value.runs, Run(after)) if r.text)


def build_story(leaflet: Leaflet, clinic: Clinic | None, lang: Language, fonts: FontSet, layout: Layout,
                column_width: float) -> Story:
    b = _Builder(leaflet, clinic, lang, fonts, layout, column_width)
    b.logo()
    b.title_block()
    cover_end = len(b.items)
    for section in leaflet.sections:
        b.section(section.heading, section.body)
    body_end = len(b.items)
    b.about()
    return _story(b, b.items, (cover_end, body_end))


def build_bilingual_story(leaflet: Leaflet, other: Leaflet, clinic: Clinic | None, lang: Language,
                          other_lang: Language, fonts: FontSet, other_fonts: FontSet, layout: Layout,
                          column_width: float) -> Story:
    """The leaflet with its translation beside it, passage by passage; the other language's elements
    carry their own /Lang."""
    for key in ("subtitle", "summary"):
        if (getattr(leaflet, key) is None) != (getattr(other, key) is None):
            raise ContentError(other.path, 1, f"'{key}' is in only one of {leaflet.path.name} and "
                                              f"{other.path.name} (expected both or neither, to print them "
                                              "side by side)")
    gap = layout.bilingual_gap
    half = (column_width - gap) / 2
    full = _Builder(leaflet, clinic, lang, fonts, layout, column_width)
    a = _Builder(leaflet, clinic, lang, fonts, layout, half, root=full.root)
    b = _Builder(other, clinic, other_lang, other_fonts, layout, half, root=full.root, passage_lang=other_lang.tag)
    full.logo()
    for builder in (a, b):
        builder.title_block()
    cover = len(a.passages)
    if len(leaflet.sections) == len(other.sections):
        for s1, s2 in zip(leaflet.sections, other.sections):
            a.section(s1.heading, s1.body)
            b.section(s2.heading, s2.body)
    if len(a.passages) != len(b.passages) or len(leaflet.sections) != len(other.sections):
        raise ContentError(other.path, 1, f"the {other_lang.name} translation does not have the same sections "
                                          f"and blocks as {leaflet.path.name}, so they cannot be printed side by "
                                          f"side (run make-leaflet check --lang {other_lang.tag})")
    rows = [RowItem((a.items[i:j], b.items[k:m]), (lang.rtl, other_lang.rtl), gap)
            for (i, j), (k, m) in zip(zip(a.passages, a.passages[1:]), zip(b.passages, b.passages[1:]))]
    items = full.items + rows
    cover_end, body_end = len(full.items) + cover - 1, len(items)
    full.items = items
    full.about()
    return _story(full, full.items, (cover_end, body_end), beside=other_lang.tag)


def _story(b: _Builder, items: list[Item], regions: tuple[int, int], beside: str = "") -> Story:
    leaflet, lang, layout, clinic = b.leaflet, b.lang, b.layout, b.clinic
    footer, footer_style = b.footer_lines(), layout.style("footer", lang.script)
    foot = layout.footer
    return Story(title=leaflet.title.plain, lang=lang.tag, rtl=lang.rtl, root=b.root, items=items,
                 fonts=b.fonts, footer_lines=footer, column_width=b.width,
                 footer_height=max(foot["height"], len(footer) * footer_style.leading + foot["rule_width"] + 8),
                 subject=leaflet.summary.plain if leaflet.summary else "",
                 draft_mark=lang.word("draft_mark") if leaflet.is_draft else None,
                 regions=regions,
                 author=clinic.name.plain if clinic and clinic.name else "",
                 leaflet_id=leaflet.id, meta=leaflet.meta, beside=beside)
