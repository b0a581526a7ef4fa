"""Booklet, tri-fold and bilingual formats, checked from the PDFs: sizes, order on the sheet, structure;
layout files read like content files, and layouts that extend another."""
from __future__ import annotations

import re
import shutil
from dataclasses import asdict

import pypdfium2
import pytest
from pypdf import PdfReader

from conftest import (DIRECTION_MARKS, FIXTURES, ROOT, SEED, assert_in_order, elements, outloud_errors, pypdf_text, run_cli,
                      squash, struct_tree, text_sizes, ua1_failures)
from generator.errors import ContentError, SetupError
from generator.resolve import layout as layout_module
from generator.resolve.layout import load_layout
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
        assert squash(s)[:40] in squash(text)


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


# Layout files: read like content files, and `extends:`.

HANDOUT = (ROOT / "layouts" / "handout.yaml").read_text(encoding="utf-8")
ONE = "title: One\nsections:\n  - heading: A\n    body:\n      - Some text.\nmeta: {status: approved}\n"


def _line(text: str, start: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith(start))


def _clinic(tmp_path, layouts: dict[str, str]):
    """A clinic's folder as a user has it: leaflets/ and their own layouts/ (the current folder)."""
    (tmp_path / "leaflets" / "one").mkdir(parents=True)
    (tmp_path / "leaflets" / "one" / "en.yaml").write_text(ONE)
    (tmp_path / "layouts").mkdir()
    for name, text in layouts.items():
        (tmp_path / "layouts" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


_NO_COLORS = re.sub(r"\ncolors:\n(  .*\n)+", "\n", HANDOUT)
_NO_LEADING = HANDOUT.replace("title:    {size: 26, leading: 32,", "title:    {size: 26,")
# name: (layout files (x.yaml is built), file and line of the error, message)
BAD_LAYOUTS = {
    "misspelled_key": ({"x": "extends: handout\ncover_clinc: true\n"}, "x", 2,
                       "unknown key 'cover_clinc' in the layout (did you mean 'cover_clinic'?)"),
    "misspelled_nested_key": ({"x": "extends: handout\nstyles:\n  title: {size: 22, leadng: 30}\n"}, "x", 3,
                              "unknown key 'leadng' in 'styles.title' (did you mean 'leading'?)"),
    "unknown_style": ({"x": "extends: handout\nstyles:\n  caption: {size: 12, leading: 15}\n"}, "x", 3,
                      "unknown key 'caption' in 'styles' (expected one of title, subtitle, summary, heading, "
                      "body, about_heading, about, footer)"),
    "missing_key": ({"x": _NO_COLORS}, "x", _line(_NO_COLORS, "description:"),
                    "the layout has no 'colors' (it is required)"),
    "missing_nested_key": ({"x": _NO_LEADING}, "x", _line(_NO_LEADING, "  title:"),
                           "'styles.title' has no 'leading' (it is required)"),
    "removed_required_key": ({"x": "extends: handout\ncolors:\n"}, "x", 1,
                             "the layout has no 'colors' (it is required)"),
    "mapping_expected": ({"x": "extends: handout\nstyles: large\n"}, "x", 2,
                         "'styles' must be a mapping (key: value), found text"),
    "count_expected": ({"x": "extends: handout\nmax_line_chars: many\n"}, "x", 2,
                       "'max_line_chars' is 'many' (expected a whole number, 1 or more)"),
    "flag_expected": ({"x": "extends: handout\ncover_clinic: [yes]\n"}, "x", 2,
                      "'cover_clinic' is a list (expected true or false)"),
    "bad_length": ({"x": "extends: handout\nstyles:\n  body: {size: 14ptt}\n"}, "x", 3,
                   "'styles.body.size' is '14ptt' (expected a length above 0: points, or with a unit: 20mm, "
                   "1.5cm, 0.5in)"),
    "negative_length": ({"x": "extends: handout\nnotes: {padding: -4}\n"}, "x", 2,
                        "'notes.padding' is '-4' (expected a length 0 or more: points, or with a unit: 20mm, "
                        "1.5cm, 0.5in)"),
    "paper_size": ({"x": "extends: handout\npaper:\n  a4: {size: [210mm]}\n"}, "x", 3,
                   "'paper.a4.size' has 1 entry (expected two lengths: [width, height])"),
    "margins_too_wide": ({"x": "extends: handout\npaper:\n  a4:\n    margins: {left: 150mm, right: 70mm}\n"},
                         "x", 4, "'paper.a4.margins' leave no room for text on the page"),
    "bad_colour": ({"x": 'extends: handout\ncolors:\n  text: "#12345"\n'}, "x", 3,
                   "'colors.text' is '#12345' (expected a colour written #RRGGBB)"),
    "style_colour_name": ({"x": "extends: handout\nstyles:\n  title: {color: headng}\n"}, "x", 3,
                          "'styles.title.color' is 'headng' (expected a colour from 'colors' (did you mean "
                          "'heading'?) or #RRGGBB)"),
    "accent_name": ({"x": "extends: handout\naccent: [heading, lnk]\n"}, "x", 2,
                    "an 'accent' entry is 'lnk' (expected one of: text, heading, link, rule, footer"),
    "script_name": ({"x": "extends: handout\nscripts:\n  arbic: {leading: 1.3}\n"}, "x", 3,
                    "unknown key 'arbic' in 'scripts' (did you mean 'arabic'?)"),
    "bad_format": ({"x": "extends: handout\nformat: poster\n"}, "x", 2,
                   "'format' is 'poster' (expected one of: pages, booklet, trifold)"),
    "panels_without_trifold": ({"x": "extends: trifold\nformat: pages\n"}, "x", 2,
                               "'panels' are only for format: trifold, not pages"),
    "duplicate_key": ({"x": "extends: handout\nfit: {min_body: 12}\nfit: {min_body: 11}\n"}, "x", 3,
                      "duplicate key 'fit' in the layout (expected each key once)"),
    "cycle": ({"x": "extends: y\n", "y": "extends: z\n", "z": "extends: x\n"}, "z", 1,
              "'extends: x' makes a loop (x → y → z → x) (expected a chain of layouts that ends in one "
              "without 'extends')"),
    "unknown_parent": ({"x": "# mine\nextends: handot\n"}, "x", 2,
                       "'extends' names 'handot', which is not a layout (did you mean 'handout'? known layouts: "
                       "booklet, handout, large-print, trifold, x)"),
    "parent_is_a_path": ({"x": "extends: ../leaflets/one/en\n"}, "x", 1,
                         "'extends' is '../leaflets/one/en' (expected the name of a layout, such as handout)"),
    "extends_itself": ({"x": "extends: x\n"}, "x", 1, "'extends: x' names this layout itself"),
    "broken_parent": ({"x": "extends: y\n", "y": "extends: handout\nwatermark: {size: huge}\n"}, "y", 2,
                      "'watermark.size' is 'huge' (expected a length"),
    "empty_file": ({"x": "# nothing yet\n"}, "x", 1, "the file is empty"),
    "yaml_syntax": ({"x": "extends: handout\nstyles: {title: [\n"}, "x", 3, "YAML syntax error"),
    "python_tag": ({"x": "extends: !!python/object/apply:os.system ['true']\n"}, "x", 1, "YAML tag"),
}


@pytest.mark.parametrize("case", BAD_LAYOUTS)
def test_layout_file_problem_is_one_line_with_file_and_line(tmp_path, case):
    files, where, line, message = BAD_LAYOUTS[case]
    folder = _clinic(tmp_path, files)
    r = run_cli("--layout", "x", "--output", "out", cwd=folder)
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"layouts/{where}.yaml:{line}: {message}"), r.stderr
    assert not (folder / "out").exists()


def test_unknown_layout_name_is_a_usage_error(tmp_path):
    folder = _clinic(tmp_path, {})
    for name in ("handot", "../leaflets/one/en"):
        r = run_cli("--layout", name, "--output", "out", cwd=folder)
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
        assert f"make-leaflet: unknown layout {name!r} (" in r.stderr
    assert "(did you mean 'handout'? known layouts: booklet, handout, large-print, trifold)" in \
        run_cli("--layout", "handot", cwd=folder).stderr


def test_clinic_layout_extends_a_shipped_one(tmp_path):
    folder = _clinic(tmp_path, {
        "handout": "extends: handout   # the shipped handout\nstyles:\n  title: {size: 30, leading: 36}\n",
        "poster": "extends: booklet\nstyles:\n  body: {size: 15, leading: 22}\n",
        "mine": "extends: handout   # the clinic's handout above\ndescription: Ours.\n",
    })
    for name in ("handout", "poster", "mine", "booklet"):
        r = run_cli("--layout", name, "--output", "out", cwd=folder)
        assert r.returncode == 0, r.stderr
    out = folder / "out" / "en"
    assert {30, 14} <= text_sizes(out / "one.pdf") and 26 not in text_sizes(out / "one.pdf")
    assert text_sizes(out / "one.mine.pdf") == text_sizes(out / "one.pdf")  # its parent: the clinic's handout
    poster = out / "one.poster.pdf"  # a booklet (format, paper, title) with a larger body
    assert tuple(round(float(v)) for v in PdfReader(poster).pages[0].mediabox[2:]) == (842, 595)
    assert {22, 15} <= text_sizes(poster) and 14 not in text_sizes(poster)
    assert ua1_failures(poster) == []
    # a shipped layout's parent is always shipped: the clinic's handout does not change the booklet
    assert 22 in text_sizes(out / "one.booklet.pdf") and 30 not in text_sizes(out / "one.booklet.pdf")


def _flat(layout) -> dict:
    """Every value of a Layout by its dotted path (name and description left out)."""
    def walk(value, at):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from walk(v, f"{at}.{k}" if at else k)
        else:
            yield at, value
    data = asdict(layout)
    del data["name"], data["description"]
    return dict(walk(data, ""))


def _differences(base, other) -> dict:
    a, b = _flat(base), _flat(other)
    return {k: b.get(k) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


def test_child_changes_only_what_it_says(tmp_path):
    folder = _clinic(tmp_path, {"x": "extends: trifold\nstyles:\n  title: {size: 22}\nfit:\ncover_clinic:\n"})
    handout, trifold = load_layout("handout", None), load_layout("trifold", None)
    child = load_layout("x", folder / "layouts")
    assert _differences(trifold, child) == {"styles.title.size": 22.0, "min_body": None, "cover_clinic": False}
    assert child.styles["title"].leading == trifold.styles["title"].leading == 30.0
    assert _differences(handout, load_layout("handout", folder / "layouts")) == {}


def mm(v):
    return v * (72 / 25.4)


def test_shipped_layouts_resolve_to_what_they_printed_before_extends():
    handout = load_layout("handout", None)
    assert (handout.styles["title"].size, handout.styles["body"].size, handout.max_line_chars) == (26, 14, 70)
    assert handout.pages["a4"] == layout_module.Page(mm(210), mm(297), mm(18), mm(16), mm(20), mm(20))
    assert _differences(handout, load_layout("booklet", None)) == {
        "format": "booklet",
        "pages.a4.width": mm(148.5), "pages.a4.height": mm(210), "pages.a4.top": mm(14),
        "pages.a4.bottom": mm(12), "pages.a4.left": mm(15), "pages.a4.right": mm(15),
        "pages.letter.width": 5.5 * 72, "pages.letter.height": 8.5 * 72, "pages.letter.top": 0.55 * 72,
        "pages.letter.bottom": 0.5 * 72, "pages.letter.left": 0.6 * 72, "pages.letter.right": 0.6 * 72,
        "styles.title.size": 22.0, "styles.title.leading": 28.0, "styles.heading.size": 17.0,
        "styles.heading.leading": 23.0, "styles.heading.space_before": 14.0,
        "figures.max_height": mm(70), "footer.details": False, "watermark.size": 150.0, "label": "Booklet",
    }
    assert _differences(handout, load_layout("trifold", None)) == {
        "format": "trifold", "panels.fold_in_narrower": mm(3), "panels.gutter": mm(7), "min_body": 12.0,
        "cover_clinic": True,
        "pages.a4.width": mm(297), "pages.a4.height": mm(210), "pages.a4.top": mm(10),
        "pages.a4.bottom": mm(10), "pages.a4.left": mm(7), "pages.a4.right": mm(7),
        "pages.letter.width": 11 * 72, "pages.letter.height": 8.5 * 72, "pages.letter.top": 0.4 * 72,
        "pages.letter.bottom": 0.4 * 72, "pages.letter.left": 0.3 * 72, "pages.letter.right": 0.3 * 72,
        "styles.title.size": 24.0, "styles.title.leading": 30.0, "styles.heading.size": 16.0,
        "styles.heading.leading": 21.0, "styles.heading.space_before": 10.0, "styles.heading.space_after": 4.0,
        "styles.body.leading": 19.0, "styles.body.space_after": 6.0, "styles.about.leading": 19.0,
        "styles.about.space_after": 3.0, "figures.max_height": mm(60), "figures.space_after": 8.0,
        "watermark.size": 160.0, "label": "Tri-fold",
    }
    large = load_layout("large-print", None)
    assert (large.format, large.max_line_chars, large.colors["text"], large.colors["heading"]) == \
        ("pages", 50, "#111111", "#0B3A66")
    assert {k: (s.size, s.leading, s.weight, s.color) for k, s in large.styles.items()} == {
        "title": (34, 42, 700, "#0B3A66"), "subtitle": (24, 32, 400, "#0B3A66"), "summary": (22, 33, 400, "#111111"),
        "heading": (26, 34, 700, "#0B3A66"), "body": (18, 28, 400, "#111111"),
        "about_heading": (22, 30, 700, "#0B3A66"), "about": (18, 27, 400, "#111111"),
        "footer": (16, 20, 400, "#333333")}
    assert large.pages == handout.pages and large.scripts == handout.scripts and large.accent == handout.accent
    assert (large.lists, large.footer, large.watermark["size"]) == (
        {"indent": 34, "label_gap": 10, "item_space": 8, "keep_together_max": 6}, {"height": 36, "rule_width": 1},
        130)


def test_damaged_shipped_layout_is_an_installation_problem(tmp_path, monkeypatch):
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "handout.yaml").write_text(HANDOUT.replace("max_line_chars: 70", "max_line_chars: seventy"))
    (shipped / "booklet.yaml").write_text("extends: handout\n")
    monkeypatch.setattr(layout_module, "_builtin", lambda: shipped)
    line = _line(HANDOUT, "max_line_chars:")
    for name in ("handout", "booklet"):
        with pytest.raises(SetupError, match=f"handout.yaml:{line}: 'max_line_chars' is 'seventy'"):
            load_layout(name, None)
    mine = _clinic(tmp_path / "clinic", {"mine": "extends: booklet\n"}) / "layouts"
    with pytest.raises(ContentError):  # with a clinic's file in the chain it reads as a file problem
        load_layout("mine", mine)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_sheet_is_written_in_reading_order(out, lang):
    """Readers that follow the content stream (pypdf, pdfium, MuPDF, pdf.js) read a sheet's columns in
    the order the story reaches them, not left to right: a right-to-left booklet's first sheet holds page
    1 on its left, and the tri-fold's outside holds the cover, the fold-in panel, then the back."""
    booklet = PdfReader(out / "a4" / lang / f"{LEAFLET}.booklet.pdf")
    sheets = [[int(n) for n in re.findall(r"(?:Page|الصفحة) (\d+)", sheet.extract_text().translate(DIRECTION_MARKS))]
              for sheet in booklet.pages]
    assert all(numbers == sorted(numbers) for numbers in sheets), sheets
    assert any(len(numbers) == 2 for numbers in sheets), sheets  # a sheet with two numbered pages
    strings = content_strings(SEED / LEAFLET / f"{lang}.yaml")
    outside = squash(PdfReader(out / "a4" / lang / f"{LEAFLET}.trifold.pdf").pages[0].extract_text())
    title, back = squash(strings[0])[:20], squash(strings[-1])[:20]
    assert 0 <= outside.find(title) < outside.find(back), (title, back)
