"""The catalogue as one HTML page: every PDF once, grouped by leaflet, with a search form for the script.

Every text that comes from a PDF is escaped here and nowhere else, and carries its language and
direction. The page works without its script (everything listed) and over file:// (no module scripts,
nothing fetched but the files beside it).
"""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote


from ..errors import UsageError
from ..resolve import language
from ..resolve.language import written_date
from .scan import Entry
from .thumbs import Thumbnail

ASSETS = "catalogue"  # the folder beside index.html with the style sheet, the script and the thumbnails
PAGE_LANG = "en"  # the page's own words are English; each leaflet's texts carry their own language
PAPER_NAMES = {"a4": "A4", "letter": "US Letter"}
STATUS_NAMES = {"draft": "Draft", "approved": "Approved", "": "Status not set"}
THUMB_CSS_WIDTH = 160


def e(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class LanguageName:
    tag: str
    name: str  # in English
    native: str  # in itself
    dir: str  # rtl | ltr | auto (a language make-leaflet has no data for)

    @classmethod
    def of(cls, tag: str) -> LanguageName:
        try:
            lang = language(tag)
        except UsageError:
            return cls(tag, tag, "", "auto")
        return cls(tag, lang.name, lang.native, "rtl" if lang.rtl else "ltr")

    def native_html(self) -> str:
        """The English name, then the language's own name in its own script when that differs."""
        if not self.native or self.native == self.name:
            return e(self.name)
        return f'{e(self.name)} <span lang="{e(self.tag)}" dir="{self.dir}">{e(self.native)}</span>'

    def option_text(self) -> str:
        return self.name if not self.native or self.native == self.name else f"{self.name} ({self.native})"


@dataclass(frozen=True)
class Card:
    entry: Entry
    thumb: Thumbnail | None
    lang: LanguageName
    overdue: bool

    @property
    def layout_key(self) -> str:
        """The layout's name for the filter; "other" for a PDF that does not say."""
        return self.entry.facts.layout or "other"

    @property
    def paper_key(self) -> str:
        """a4, letter; for a PDF that does not say, its size ("210x297mm")."""
        return self.entry.facts.paper or "x".join(map(str, self.entry.sheet_mm)) + "mm"

    @property
    def layout(self) -> str:
        return self.entry.facts.layout_label or self.entry.facts.layout or "Not stated"

    @property
    def paper(self) -> str:
        paper = self.entry.facts.paper
        if paper:
            return PAPER_NAMES.get(paper, paper)
        w, h = self.entry.sheet_mm
        return f"{w} × {h} mm"


@dataclass(frozen=True)
class Group:
    """One leaflet: its title in the page's language where there is one, and its PDFs."""

    title: str
    lang: LanguageName
    cards: list[Card]

    def title_html(self) -> str:
        return f'<span lang="{e(self.lang.tag)}" dir="{self.lang.dir}">{e(self.title)}</span>'


def language_texts(entries: Iterable[Entry]) -> dict[str, dict[int, str]]:
    """What the page shows in each leaflet language, by CSS weight (titles bold), for its web fonts; not
    the page's own language, which is set in the system's font like the rest of the page."""
    out: dict[str, dict[int, str]] = {}
    for en in (en for en in entries if en.lang != PAGE_LANG):
        name = LanguageName.of(en.lang)
        texts = out.setdefault(en.lang, {400: name.native, 700: ""})
        texts[400] += en.summary
        texts[700] += en.title
    return out


def render_page(entries: Iterable[Entry], thumbs: dict[str, Thumbnail], today: dt.date) -> str:
    """The whole index.html for these entries (`thumbs`: by the entry's sha256)."""
    cards = [Card(en, thumbs.get(en.sha256), LanguageName.of(en.lang),
                  bool(en.facts.review_by) and en.facts.review_by < today.isoformat()) for en in entries]
    groups = _groups(cards)
    langs = sorted({c.lang for c in cards}, key=lambda n: (n.name.casefold(), n.tag))
    layouts = sorted({(c.layout_key, c.layout) for c in cards}, key=lambda x: x[1].casefold())
    papers = sorted({(c.paper_key, c.paper) for c in cards}, key=lambda x: x[1])
    publishers = sorted({c.entry.publisher for c in cards if c.entry.publisher})
    who = f"{publishers[0]}: " if len(publishers) == 1 else ""
    made = written_date(today, "en_GB")
    summary = (f"{who}{_count(len(cards), 'PDF')} of {_count(len(groups), 'leaflet')} in "
               f"{_count(len(langs), 'language')}. This list was made on {made} from the PDFs in this folder.")
    example = _example(cards)
    parts = [f"""<!doctype html>
<html lang="{PAGE_LANG}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="make-leaflet">
<title>Patient leaflets{e(' – ' + publishers[0]) if len(publishers) == 1 else ''}</title>
<link rel="stylesheet" href="{ASSETS}/catalogue.css">
<script src="{ASSETS}/catalogue.js" defer></script>
</head>
<body>
<a class="skip" href="#leaflets">Skip to the list of leaflets</a>
<header class="top">
<h1>Patient leaflets</h1>
<p id="about">{e(summary)}</p>
</header>
<main>
<form id="find" class="find" role="search" aria-label="Find a leaflet" hidden>
<div class="field search">
<label for="q">Search</label>
<input id="q" name="q" type="search" autocomplete="off" spellcheck="false" aria-describedby="q-hint">
<p id="q-hint" class="hint">Words from a title or summary in any language, a language's name in English
or in its own script, a layout or a paper size.{example}</p>
</div>
{_select("lang", "Language", "All languages", [(n.tag, n.option_text()) for n in langs])}
{_select("layout", "Layout", "All layouts", layouts)}
{_select("paper", "Paper", "All paper sizes", papers)}
<div class="buttons">
<button type="reset">Show all</button>
<button type="button" id="print-list">Print this list</button>
</div>
</form>
<p id="count" class="count" role="status">{e(_count(len(cards), 'PDF'))}.</p>
<p id="none" class="none" hidden>No leaflet matches. Try fewer words, or choose Show all.</p>
<div id="leaflets" tabindex="-1">
"""]
    for n, group in enumerate(groups, 1):
        parts.append(f'<section class="leaflet" aria-labelledby="g{n}">\n<h2 id="g{n}" data-find>'
                     f'{group.title_html()}</h2>\n<ul class="cards">\n')
        parts += [_card(c, f"g{n}-{i}", group) for i, c in enumerate(group.cards, 1)]
        parts.append("</ul>\n</section>\n")
    parts.append("""</div>
</main>
<footer class="foot"><p>Made by make-leaflet from the PDF files in this folder. Open a leaflet, then print it
from the PDF viewer. Drafts are not approved for use with patients.</p></footer>
</body>
</html>
""")
    return "".join(parts)


def _groups(cards: list[Card]) -> list[Group]:
    """Cards by leaflet, headed by its title in the page's language when there is one."""
    by_id: dict[str, list[Card]] = {}
    for c in cards:
        by_id.setdefault(c.entry.facts.leaflet or c.entry.path, []).append(c)
    out = []
    for members in by_id.values():
        head = min([c for c in members if c.lang.tag == PAGE_LANG] or members, key=lambda c: c.entry.path)
        members.sort(key=lambda c: (c.lang.name.casefold(), c.lang.tag, c.layout.casefold(), c.paper,
                                    c.entry.path))
        out.append(Group(head.entry.title, head.lang, members))
    return sorted(out, key=lambda g: g.title.casefold())


def _card(c: Card, ident: str, group: Group) -> str:
    en, facts = c.entry, c.entry.facts
    href = e(quote(en.path))
    lang, d = e(c.lang.tag), c.lang.dir
    thumb = ""
    if c.thumb:
        height = round(c.thumb.height * THUMB_CSS_WIDTH / c.thumb.width)
        thumb = (f'<a class="thumb" href="{href}" target="_blank" tabindex="-1" aria-hidden="true">'
                 f'<img src="{ASSETS}/thumbs/{e(c.thumb.name)}" alt="" width="{THUMB_CSS_WIDTH}" '
                 f'height="{height}" loading="lazy"></a>\n')
    pages = facts.pages or en.pdf_pages
    pages_text = _count(pages, "page") + (f" on {_count(en.pdf_pages, 'printed side')}"
                                           if en.pdf_pages and en.pdf_pages != pages else "")
    rows = [("Language", c.lang.native_html(), True), ("Layout", e(c.layout), True), ("Paper", e(c.paper), True),
            ("Pages", e(pages_text), False)]
    if facts.beside:
        rows.insert(1, ("Beside it", LanguageName.of(facts.beside).native_html(), True))
    if facts.version:
        rows.append(("Version", e(facts.version), False))
    if facts.review_by:
        rows.append(("Review by", _date(facts.review_by), False))
    facts_html = "".join(f'<div><dt>{label}</dt><dd{" data-find" if find else ""}>{value}</dd></div>'
                         for label, value, find in rows)
    status = facts.status if facts.status in STATUS_NAMES else ""
    summary = (f'<p class="summary" lang="{lang}" dir="{d}" data-find>{e(en.summary)}</p>\n' if en.summary else "")
    label = f"Open and print: {group.title}, {c.lang.name}, {c.layout}, {c.paper} (opens the PDF in a new tab)"
    return f"""<li class="card" id="{ident}" data-lang="{lang}" data-layout="{e(c.layout_key)}" \
data-paper="{e(c.paper_key)}" data-review="{e(facts.review_by)}" data-status="{e(status)}">
{thumb}<div class="about">
<h3 class="title" lang="{lang}" dir="{d}" data-find>{e(en.title)}</h3>
<p class="status"><span class="badge {status or 'unset'}">{STATUS_NAMES[status]}</span> \
<span class="badge overdue"{'' if c.overdue else ' hidden'}>Review overdue</span></p>
{summary}<dl class="facts">{facts_html}</dl>
<p class="open"><a class="print" href="{href}" target="_blank" aria-label="{e(label)}">Open and print</a>
<span class="file">{e(en.path)}</span></p>
</div>
</li>
"""


def _select(name: str, label: str, everything: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{e(value)}">{e(text)}</option>' for value, text in options)
    return (f'<div class="field field-{name}"><label for="f-{name}">{label}</label>\n'
            f'<select id="f-{name}" name="{name}"><option value="">{everything}</option>{items}</select></div>')


def _date(iso: str) -> str:
    try:
        text = written_date(dt.date.fromisoformat(iso), "en_GB", "medium")
    except ValueError:
        return e(iso)
    return f'<time datetime="{e(iso)}">{e(text)}</time>'


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _example(cards: list[Card]) -> str:
    """A search to show as an example, from what is in this library."""
    for c in sorted(cards, key=lambda c: (c.lang.dir != "rtl", c.entry.facts.layout == "handout", c.entry.path)):
        if c.lang.tag != PAGE_LANG and c.lang.native and c.lang.native != c.lang.name:
            return (f' For example: {e(c.lang.name)} {e(c.layout.lower())}, or '
                    f'<span lang="{e(c.lang.tag)}" dir="{c.lang.dir}">{e(c.lang.native)}</span>.')
    return ""
