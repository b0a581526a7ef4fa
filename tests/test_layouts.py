"""Booklet, tri-fold and bilingual formats, checked from the PDFs: sizes, order on the sheet, structure."""
from __future__ import annotations

import shutil

import pypdfium2
import pytest
from pypdf import PdfReader

from conftest import (FIXTURES, SEED, assert_in_order, elements, outloud_errors, pypdf_text, run_cli, struct_tree,
                      text_sizes, ua1_failures)
from test_seed_leaflet import content_strings

LEAFLET = "lung-cancer-back-pain"
SIZES = {("a4", "booklet"): (842, 595), ("letter", "booklet"): (792, 612),
         ("a4", "trifold"): (842, 595), ("letter", "trifold"): (792, 612)}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("layouts")
    for paper in ("a4", "letter"):
        for layout in ("booklet", "trifold"):
            r = run_cli("--lang", "en", "--lang", "ar", "--layout", layout, "--paper", paper,
                        "--output", str(root / paper))
            assert r.returncode == 0, r.stderr
    r = run_cli("--lang", "ar", "--lang", "zh-Hans", "--bilingual", "en", "--output", str(root / "a4"))
    assert r.returncode == 0, r.stderr
    return root


def _word_boxes(pdf, page_index):
    """(text, x centre) of every character pdfium finds on a sheet."""
    doc = pypdfium2.PdfDocument(str(pdf))
    tp = doc[page_index].get_textpage()
    text = tp.get_text_range()
    boxes = [(ch, (tp.get_charbox(i)[0] + tp.get_charbox(i)[2]) / 2) for i, ch in enumerate(text)]
    width = doc[page_index].get_width()
    doc.close()
    return text, boxes, width


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("layout", ["booklet", "trifold"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_sheets_validate_and_keep_all_text(out, paper, layout, lang):
    pdf = out / paper / lang / f"{LEAFLET}.{layout}.pdf"
    reader = PdfReader(pdf)
    for page in reader.pages:
        assert tuple(round(float(v)) for v in page.mediabox[2:]) == SIZES[(paper, layout)]
    assert ua1_failures(pdf) == [] and outloud_errors(pdf) == []
    assert min(text_sizes(pdf)) >= (12 if layout == "trifold" else 14)
    text = pypdf_text(pdf)
    for s in content_strings(SEED / LEAFLET / f"{lang}.yaml"):  # every text, whatever the sheet order
        assert "".join(s.split())[:40] in "".join(text.split())


def test_booklet_saddle_stitch_order(out):
    pdf = out / "a4" / "en" / f"{LEAFLET}.booklet.pdf"
    sheets = len(PdfReader(pdf).pages)
    assert sheets % 2 == 0
    pages = sheets * 2
    expected = []
    for s in range(sheets // 2):
        expected += [(pages - 2 * s, 2 * s + 1), (2 * s + 2, pages - 2 * s - 1)]
    found = 0
    for index, (left, right) in enumerate(expected):
        text, boxes, width = _word_boxes(pdf, index)
        for number, half in ((left, 0), (right, 1)):
            label = f"Page {number} of {pages}"
            at = text.find(label)
            if at < 0:
                continue  # an intentionally blank page has no page number
            found += 1
            assert (boxes[at][1] > width / 2) == bool(half), (index, label)
    assert pages - 3 <= found < pages or found == pages
    # the first page holds the title and sits on the right of the first sheet
    text, boxes, width = _word_boxes(pdf, 0)
    assert boxes[text.index("Why Does")][1] > width / 2
    # the structure tree reads in page order: title first, About last
    tree = struct_tree(pdf)
    assert tree[2][0][0] == "H1"


def test_trifold_panels_and_reading_order(out):
    pdf = out / "a4" / "en" / f"{LEAFLET}.trifold.pdf"
    outside, boxes, width = _word_boxes(pdf, 0)
    assert boxes[outside.index("Why Does")][1] > 2 * width / 3  # cover: right panel of the outside
    assert width / 3 < boxes[outside.index("About this leaflet")][1] < 2 * width / 3  # back: middle
    inside, boxes2, _ = _word_boxes(pdf, 1)
    assert boxes2[inside.index("Sometimes lung cancer")][1] < width / 3  # inside 1
    # folded reading order in the structure tree: cover, inside panels, fold-in, back
    headings = [h for h in elements(struct_tree(pdf)) if h[0] in ("H1", "H2")]
    assert headings[0][0] == "H1" and len(headings) == 7
    ar = out / "a4" / "ar" / f"{LEAFLET}.trifold.pdf"
    text, boxes, width = _word_boxes(ar, 0)
    assert boxes[text.index("لماذا")][1] < width / 3  # mirrored: the cover is on the left


def test_trifold_overflow_is_an_error(tmp_path):
    content = tmp_path / "c" / "long"
    content.mkdir(parents=True)
    para = "This sentence is here to fill the leaflet with a great deal of text for the test. " * 12
    body = "".join(f"      - \"{para}\"\n" for _ in range(12))
    (content / "en.yaml").write_text(f"title: Long\nsections:\n  - heading: A\n    body:\n{body}")
    r = run_cli("--content", str(tmp_path / "c"), "--layout", "trifold", "--output", str(tmp_path / "o"))
    assert r.returncode == 1
    assert "long/en.yaml:1: the leaflet does not fit the tri-fold: the four inside and fold-in panels " \
           "overflow by" in r.stderr
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").rglob("*.pdf"))


@pytest.mark.parametrize("lang", ["ar", "zh-Hans"])
def test_bilingual_passages_carry_their_language(out, lang):
    pdf = out / "a4" / lang / f"{LEAFLET}.en.pdf"
    assert ua1_failures(pdf) == [] and outloud_errors(pdf) == []
    tree = struct_tree(pdf)
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == lang
    kids = tree[2]
    langs = [str(k[1].get("/Lang", "")) for k in kids]
    assert langs.count("en") >= 20 and "" in langs
    # passage by passage: the leaflet's heading, then the English heading
    roles = [(k[0], str(k[1].get("/Lang", ""))) for k in kids]
    assert roles[:2] == [("H1", ""), ("H1", "en")]
    text = pypdf_text(pdf)
    assert_in_order(content_strings(SEED / LEAFLET / "en.yaml")[:3], text)


def test_bilingual_needs_a_matching_translation(tmp_path):
    content = tmp_path / "c"
    shutil.copytree(FIXTURES / "content", content)
    r = run_cli("--content", str(content), "--lang", "en", "--bilingual", "es", "--output", str(tmp_path / "o"))
    assert r.returncode == 1 and "there is no es translation to print beside it" in r.stderr
