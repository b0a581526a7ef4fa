"""The front-desk catalogue (output/index.html) read back from a built library: every PDF once, thumbnails
drawn from their own PDF, texts escaped and tagged with their language, facts from the PDFs themselves."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from conftest import ESCAPE_TITLE, FIXTURES, SEED, run_cli
from generator.build import build
from generator.catalogue import make, write_catalogue
from generator.catalogue.cache import Stamp
from generator.catalogue.scan import file_hash, read_entry
from generator.catalogue.webfonts import web_fonts, woff
from generator.resolve import font_set, language


@dataclass
class Card:
    attrs: dict
    title: str = ""
    title_attrs: dict = field(default_factory=dict)
    href: str = ""
    thumb: str = ""
    badges: list[tuple[str, bool]] = field(default_factory=list)  # (text, hidden)
    texts: list[str] = field(default_factory=list)


class _Cards(HTMLParser):
    """The cards of index.html as a browser builds them (entities decoded, markup in text kept as text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cards: list[Card] = []
        self.stack: list[str] = []
        self.scripts: list[str] = []
        self.badge: tuple[dict, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.stack.append(tag)
        classes = a.get("class", "").split()
        if tag == "script":
            self.scripts.append(a.get("src", ""))
        if tag == "li" and "card" in classes:
            self.cards.append(Card(a))
        elif self.cards and tag == "h3":
            self.cards[-1].title_attrs = a
        elif self.cards and tag == "a" and "print" in classes:
            self.cards[-1].href = a["href"]
        elif self.cards and tag == "img":
            self.cards[-1].thumb = a["src"]
        elif self.cards and "badge" in classes:
            self.badge = (a, [])

    def handle_endtag(self, tag):
        self.stack.pop()
        if self.badge and tag == "span":
            a, text = self.badge
            self.cards[-1].badges.append(("".join(text), "hidden" in a))
            self.badge = None

    def handle_data(self, data):
        if not self.cards:
            return
        if self.stack and self.stack[-1] == "h3":
            self.cards[-1].title += data
        if self.badge:
            self.badge[1].append(data)
        self.cards[-1].texts.append(data)


def cards(output: Path) -> tuple[list[Card], _Cards]:
    parser = _Cards()
    parser.feed((output / "index.html").read_text(encoding="utf-8"))
    return parser.cards, parser


def pdfs(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.pdf"))


def test_every_pdf_listed_once(catalogue_library):
    found, _ = cards(catalogue_library)
    assert len(pdfs(catalogue_library)) == 12
    assert sorted(unquote(c.href) for c in found) == pdfs(catalogue_library)
    for paper in ("a4", "letter"):  # each build wrote the catalogue of its own folder too
        inner, _ = cards(catalogue_library / paper)
        assert sorted(unquote(c.href) for c in inner) == pdfs(catalogue_library / paper)


def test_thumbnails_are_the_first_page_of_their_own_pdf(catalogue_library):
    found, _ = cards(catalogue_library)
    thumbs = {}
    for c in found:
        pdf = catalogue_library / unquote(c.href)
        thumb = catalogue_library / unquote(c.thumb)
        assert thumb.is_file(), c.thumb
        assert thumb.name.startswith(hashlib.sha256(pdf.read_bytes()).hexdigest()[:20])
        with Image.open(thumb) as img:
            got = img.convert("L")
        doc = pypdfium2.PdfDocument(str(pdf))
        page = doc[0]
        want = page.render(scale=got.width / page.get_size()[0]).to_pil().convert("L")
        doc.close()
        assert abs(want.height - got.height) <= 1
        diff = ImageStat.Stat(ImageChops.difference(want.resize(got.size), got)).mean[0]
        assert diff < 3, (c.href, diff)
        thumbs[c.href] = got
    # the comparison can fail: another PDF's first page is far from this one
    en = next(k for k in thumbs if k.startswith("a4/en/lung"))
    ur = next(k for k in thumbs if k.startswith("a4/ur/lung") and "large" not in k)
    other = thumbs[ur].resize(thumbs[en].size)
    assert ImageStat.Stat(ImageChops.difference(thumbs[en], other)).mean[0] > 3


def test_titles_are_escaped_and_carry_language_and_direction(catalogue_library):
    found, parser = cards(catalogue_library)
    assert parser.scripts == ["catalogue/catalogue.js"]  # the title's <script> is text, not an element
    markup = [c for c in found if "markup-title" in c.href]
    assert len(markup) == 3 and all(c.title == ESCAPE_TITLE for c in markup)
    html = (catalogue_library / "index.html").read_text(encoding="utf-8")
    assert "<script>window" not in html and "&lt;script&gt;window.catalogueInjected" in html
    for c in found:
        lang = c.href.split("/")[1]
        assert c.title_attrs["lang"] == lang == c.attrs["data-lang"]
        assert c.title_attrs["dir"] == ("rtl" if lang in ("ar", "ur") else "ltr")
    urdu = next(c for c in found if c.attrs["data-lang"] == "ur")
    assert urdu.title == PdfReader(catalogue_library / unquote(urdu.href)).metadata.title
    assert "اردو" in "".join(urdu.texts) and "Urdu" in "".join(urdu.texts)  # native and English names


def test_facts_come_from_each_pdf(catalogue_library):
    found, _ = cards(catalogue_library)
    for c in found:
        text = " ".join("".join(c.texts).split())
        paper, lang, name = unquote(c.href).split("/")
        assert c.attrs["data-paper"] == paper
        assert c.attrs["data-layout"] == ("large-print" if ".large-print." in name else "handout")
        assert ("Large print" if ".large-print." in name else "Handout") in text
        assert ("US Letter" if paper == "letter" else "A4") in text
        pages = len(PdfReader(catalogue_library / paper / lang / name).pages)
        assert f"Pages{pages} page" in text
        assert "Version1.0" in text and "Review by25 Nov 2027" in text
        assert c.attrs["data-status"] == "draft" and ("Draft", False) in c.badges


def test_review_overdue_and_rebuilt_from_the_output_folder_alone(catalogue_library, tmp_path):
    """A USB stick with the PDFs only (no content, no cache): the same list, facts read from the PDFs."""
    copy = tmp_path / "stick"
    shutil.copytree(catalogue_library, copy, ignore=shutil.ignore_patterns("catalogue", "index.html"))
    result = write_catalogue(copy, today=dt.date(2028, 1, 1))
    assert (result.listed, result.read, result.drawn, result.skipped) == (12, 12, 12, [])
    before, _ = cards(catalogue_library)
    after, _ = cards(copy)
    assert [(c.href, c.title, c.attrs) for c in after] == [(c.href, c.title, c.attrs) for c in before]
    assert all(("Review overdue", False) in c.badges for c in after)  # review by 2027-11-25
    assert all(("Review overdue", True) in c.badges for c in before)  # shown by the page's script when due


@pytest.mark.parametrize("content, options", [
    (FIXTURES / "content", dict(langs=["en"], layout="booklet", paper="letter")),  # a clinic publishes it
    (SEED, dict(langs=["ar", "hi"], bilingual="en")),
    (SEED, dict(langs=["zh-Hans", "fa"], layout="large-print")),
], ids=["clinic-booklet-letter", "bilingual", "large-print"])
def test_a_build_lists_each_pdf_as_the_catalogue_reads_it(tmp_path, content, options):
    """build(catalogue=True) lists a PDF from the bytes it wrote: the entry read back from the file, the
    file's stamp, and a thumbnail that pdfium draws the same from the file."""
    out = tmp_path / "out"
    results = build(content, out, layouts_dir=None, catalogue=True, jobs=1, **options)
    assert results and all(r.ok and r.listed for r in results)
    for r in results:
        rel = r.output.relative_to(out).as_posix()
        assert r.listed.rel == rel and r.listed.drawn
        assert r.listed.entry == read_entry(r.output, rel, file_hash(r.output))
        assert r.listed.stamp == Stamp.of(r.output)
    result = write_catalogue(out, listed=[r.listed for r in results])
    assert (result.listed, result.read, result.drawn, result.skipped) == (len(results),) * 3 + ([],)
    thumbs = {p.name: p.read_bytes() for p in (out / "catalogue" / "thumbs").iterdir()}
    shutil.rmtree(out / "catalogue")
    assert write_catalogue(out).drawn == len(results)  # drawn again from the files: the same thumbnails
    assert {p.name: p.read_bytes() for p in (out / "catalogue" / "thumbs").iterdir()} == thumbs


def test_web_fonts_are_the_same_bytes_whenever_they_are_made(tmp_path, monkeypatch):
    """A catalogue made again from scratch writes the same font files (a font's own time stamp changed them)."""
    texts = {"ar": {400: "كيف تغسل يديك", 700: "غسل اليدين"}, "hi": {400: "हाथ कैसे धोएँ"}}
    first = web_fonts(texts, tmp_path / "first")
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # years later
    again = web_fonts(texts, tmp_path / "again")
    assert [f.file for f in first.fonts] == [f.file for f in again.fonts] and len(first.fonts) == 3
    for f in first.fonts:
        assert (tmp_path / "first" / f.file).read_bytes() == (tmp_path / "again" / f.file).read_bytes(), f.file


@pytest.mark.parametrize("lang, char", [("ar", "ك"), ("hi", "ह"), ("en", "a")])
def test_woff_holds_the_font_table_for_table(lang, char):
    """WOFF 1.0 as fontTools reads it, checksums checked: every table of the font, the same bytes."""
    path = font_set(language(lang)).face_for(char, 400).path
    sfnt = path.read_bytes()
    data = woff(sfnt)
    assert data[:4] == b"wOFF" and int.from_bytes(data[8:12], "big") == len(data) < len(sfnt)
    read = TTFont(io.BytesIO(data), checkChecksums=2)  # a checksum that does not match raises
    plain = TTFont(io.BytesIO(sfnt))
    assert read.flavor == "woff" and sorted(read.reader.keys()) == sorted(plain.reader.keys())
    for tag in plain.reader.keys():
        assert read.reader[tag] == plain.reader[tag], tag


def test_web_fonts_draw_every_character_shown(tmp_path):
    texts = {"ar": {400: "كيف تغسل يديك"}, "hi": {700: "हाथ कैसे धोएँ"}, "zh-Hans": {400: "如何洗手"}}
    made = web_fonts(texts, tmp_path)
    assert made.made == len(made.fonts) == 3
    for f, (tag, by_weight) in zip(sorted(made.fonts, key=lambda f: f.family), sorted(texts.items())):
        (weight, text), = by_weight.items()
        font = TTFont(tmp_path / f.file)
        assert font.flavor == "woff" and f.weight == weight and f.family in made.families[tag]
        assert set(text) - {" "} <= {chr(u) for u in font.getBestCmap()}, f.file


def test_nothing_to_write_when_nothing_changed(catalogue_library, tmp_path, monkeypatch):
    """A catalogue run that finds the same PDFs, on the same day, with its page's files as it wrote them,
    makes no page and no fonts; a new day, a deleted or edited page file makes them again."""
    out = tmp_path / "out"
    shutil.copytree(catalogue_library / "a4", out)
    day = dt.date(2027, 1, 1)
    assert write_catalogue(out, today=day).listed == 8  # the records now say this day and these files
    page = (out / "index.html").read_bytes()
    made = []
    real_render, real_fonts = make.render_page, make.web_fonts
    monkeypatch.setattr(make, "render_page", lambda *a: made.append("page") or real_render(*a))
    monkeypatch.setattr(make, "web_fonts", lambda *a: made.append("fonts") or real_fonts(*a))
    result = write_catalogue(out, today=day)
    assert (result.listed, result.read, result.drawn, made) == (8, 0, 0, [])
    assert write_catalogue(out, today=dt.date(2027, 1, 2)).listed == 8 and made == ["fonts", "page"]
    for damage in (lambda f: f.unlink(), lambda f: f.write_bytes(f.read_bytes() + b"/* edited */")):
        for name in ("index.html", "catalogue/catalogue.css"):
            made.clear()
            damage(out / name)
            write_catalogue(out, today=dt.date(2027, 1, 2))
            assert made == ["fonts", "page"], name
    assert (out / "index.html").read_bytes() == page.replace(b"1 January 2027", b"2 January 2027")


def test_thumbnails_only_for_pdfs_that_changed(catalogue_library, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(catalogue_library / "a4", out)
    r = run_cli("catalogue", "--output", str(out), cwd=tmp_path)
    assert r.returncode == 0 and "lists 8 PDFs (0 new thumbnails)" in r.stdout, r.stdout + r.stderr
    content = tmp_path / "content"
    shutil.copytree(SEED / "lung-cancer-back-pain", content / "lung-cancer-back-pain")
    r = run_cli("--content", str(content), "--lang", "en", "--output", str(out), cwd=tmp_path)  # same bytes
    assert r.returncode == 0 and "(0 new thumbnails)" in r.stdout, r.stdout + r.stderr
    en = content / "lung-cancer-back-pain" / "en.yaml"
    en.write_text(en.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    r = run_cli("--content", str(content), "--lang", "en", "--output", str(out), cwd=tmp_path)
    assert r.returncode == 0 and "lists 8 PDFs (1 new thumbnail)" in r.stdout, r.stdout + r.stderr
    assert len(list((out / "catalogue" / "thumbs").iterdir())) == 8  # the old one removed
    assert "Version1.1" in "".join(next(c for c in cards(out)[0] if c.href == "en/lung-cancer-back-pain.pdf").texts)


def test_a_damaged_pdf_is_named_and_left_off(catalogue_library, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(catalogue_library / "letter", out)
    (out / "en" / "broken.pdf").write_bytes(b"%PDF-1.7\nnot a PDF at all")
    (out / "en" / ".half-written.pdf.tmp").write_bytes(b"")
    r = run_cli("catalogue", "--output", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith(f"warning: {out / 'en' / 'broken.pdf'}: left off the catalogue: cannot")
    assert len(r.stderr.strip().splitlines()) == 1
    assert "broken.pdf" not in (out / "index.html").read_text(encoding="utf-8")


def test_catalogue_of_a_missing_folder_is_a_usage_error(tmp_path):
    r = run_cli("catalogue", "--output", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr == f"make-leaflet: there is no folder {tmp_path / 'nowhere'} (expected the folder the PDFs " \
                       "were built into)\n"


def test_a_pdf_made_elsewhere_is_listed_with_what_it_says(catalogue_library, tmp_path):
    from pypdf import PdfWriter

    out = tmp_path / "out"
    shutil.copytree(catalogue_library / "letter", out)
    writer = PdfWriter()
    writer.add_blank_page(width=420, height=595)  # A5 in points
    writer.add_metadata({"/Title": "Diabetes & you <2>", "/Subject": "From the diabetes team."})
    (out / "fr").mkdir()
    with open(out / "fr" / "diabetes.pdf", "wb") as f:
        writer.write(f)
    result = write_catalogue(out)
    assert result.skipped == [] and result.listed == 5
    foreign = next(c for c in cards(out)[0] if c.href == "fr/diabetes.pdf")
    text = "".join(foreign.texts)
    assert foreign.title == "Diabetes & you <2>" and foreign.title_attrs == {"class": "title", "lang": "fr",
                                                                              "dir": "ltr", "data-find": ""}
    assert "French" in text and "français" in text and "148 × 210 mm" in text and "Not stated" in text
    assert foreign.attrs["data-layout"] == "other" and foreign.attrs["data-paper"] == "148x210mm"
    assert ("Status not set", False) in foreign.badges


def test_many_new_pdfs_are_read_in_worker_processes_with_the_same_page(catalogue_library, tmp_path):
    """Sixteen or more new PDFs are read and drawn in worker processes: the page, the records and the
    thumbnails are those one process makes, and a damaged PDF among them is still left off with a warning."""
    made = {}
    for name, parallel in (("serial", False), ("parallel", True)):
        out = tmp_path / name
        shutil.copytree(catalogue_library / "a4", out)
        shutil.rmtree(out / "catalogue")
        (out / "index.html").unlink()
        if parallel:
            for k in range(16):
                shutil.copy(out / "en" / "lung-cancer-back-pain.pdf", out / "en" / f"copy-{k:02}.pdf")
        else:
            for k in range(16):  # the same PDFs, listed one by one: a catalogue at a time
                shutil.copy(out / "en" / "lung-cancer-back-pain.pdf", out / "en" / f"copy-{k:02}.pdf")
                write_catalogue(out, today=dt.date(2027, 1, 1))
        (out / "en" / "broken.pdf").write_bytes(b"%PDF-1.7\nnot a PDF at all")
        result = write_catalogue(out, today=dt.date(2027, 1, 1))
        assert result.listed == 24 and len(result.skipped) == 1 and "broken.pdf" in result.skipped[0]
        made[name] = ((out / "index.html").read_bytes(),
                      sorted(p.name for p in (out / "catalogue" / "thumbs").iterdir()))
    assert made["parallel"] == made["serial"]
