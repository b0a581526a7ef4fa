"""Text in another language than the leaflet: `[text]{lang=en}` spans and `lang:` on a block, written as
/Lang on their structure elements and set in their own language (direction, line breaking, fonts)."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import (DIRECTION_MARKS, FIXTURES, SEED, elements, outloud_errors, pdfium_text, pypdf_text, run_cli, struct_tree,
                      ua1_failures)
from generator.content import load_leaflet
from generator.content.inline import parse_inline
from generator.content.model import ItemList, Note, Paragraph

ARABIC = '''title: "ألم الظهر"
sections:
  - heading: "الأدوية"
    body:
      - "خذ [Paracetamol 500 mg]{lang=en} مرتين في اليوم."
      - paragraph: "The manufacturer's leaflet says: take it with food."
        lang: en
      - steps:
          - "Take one tablet."
          - "Drink a glass of water."
        lang: en
      - note: "Keep out of reach of children."
        lang: en
meta:
  reference:
    - "[NICE guideline NG122]{lang=en}"
'''


def test_span_markup():
    assert parse_inline("Take [Paracetamol]{lang=en} daily.")[1].lang == "en"
    runs = parse_inline("[**NICE** NG122]{lang=en-GB}, [la](https://x.org) [x]{lang=pt-BR}")
    assert [(r.text, r.bold, r.href, r.lang) for r in runs] == [
        ("NICE", True, None, "en-GB"), (" NG122", False, None, "en-GB"), (", ", False, None, None),
        ("la", False, "https://x.org", None), (" ", False, None, None), ("x", False, None, "pt-BR")]
    for literal in ("[x]{lang=english}", "[x] {lang=en}", "[x]{lang=EN}", "{lang=en}", "[x]{Lang=en}",
                    "[x]{lang=en", "[[x]]{lang=en}x"):
        assert not any(r.lang for r in parse_inline(literal)), literal
        assert "".join(r.text for r in parse_inline(literal)) == literal


def test_existing_content_cannot_trigger_it():
    """No leaflet written before the markup existed changes: no span, no block language, no near miss."""
    files = sorted(SEED.glob("*/*.yaml")) + sorted((FIXTURES / "content").glob("*/*.yaml"))
    assert len(files) >= 15
    for path in files:
        lf = load_leaflet(path)
        texts = [t for t in (lf.title, lf.subtitle, lf.summary) if t] + list(lf.meta.reference)
        for s in lf.sections:
            texts.append(s.heading)
            for b in s.body:
                assert getattr(b, "lang", None) is None
                if isinstance(b, ItemList):
                    texts += b.items
                elif isinstance(b, (Paragraph, Note)):
                    texts.append(b.text)
        for t in texts:
            assert not any(r.lang for r in t.runs) and "{lang" not in t.raw, (path, t.raw)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    root = tmp_path_factory.mktemp("other")
    (root / "c" / "x").mkdir(parents=True)
    (root / "c" / "x" / "ar.yaml").write_text(ARABIC, encoding="utf-8")
    r = run_cli("--content", str(root / "c"), "--lang", "ar", "--output", str(root / "o"))
    assert r.returncode == 0, r.stderr
    return root / "o" / "ar" / "x.pdf"


def test_spans_and_blocks_carry_lang(pdf):
    assert ua1_failures(pdf) == [] and outloud_errors(pdf) == []
    tree = struct_tree(pdf)
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "ar"
    spans = list(elements(tree, "Span"))
    assert [str(s[1]["/Lang"]) for s in spans] == ["en", "en"]  # the medicine and the reference
    assert all(s[2] and all(k[0] == "MCR" for k in s[2]) for s in spans)
    top = [(k[0], str(k[1].get("/Lang", ""))) for k in tree[2]]
    assert ("P", "en") in top and ("L", "en") in top and ("Div", "en") in top
    assert [str(e[1]["/A"]["/ListNumbering"]) for e in elements(tree, "L") if e[1].get("/Lang") == "en"] == \
           ["/Decimal"]


def test_blocks_are_set_in_their_own_direction(pdf):
    """An English block in an Arabic leaflet reads left to right, starting at the left margin, with the
    English words for its note label."""
    import pypdfium2

    for text in (pypdf_text(pdf), pdfium_text(pdf)):
        for s in ("The manufacturer's leaflet says: take it with food.", "1. Take one tablet.",
                  "Note: Keep out of reach of children."):
            assert s in " ".join(text.split()), s
    assert "خذ Paracetamol 500 mg مرتين" in " ".join(pypdf_text(pdf).translate(DIRECTION_MARKS).split())
    doc = pypdfium2.PdfDocument(str(pdf))
    page = doc[0].get_textpage()
    found = page.search("manufacturer").get_next()
    left = page.get_charbox(found[0] - 4)[0]  # the "T" of "The"
    doc.close()
    assert left < 80  # the left margin of an A4 page, not pushed to the right as Arabic text is


def test_bad_block_language_is_one_line(tmp_path):
    (tmp_path / "c" / "x").mkdir(parents=True)
    (tmp_path / "c" / "x" / "en.yaml").write_text(
        "title: T\nsections:\n  - heading: H\n    body:\n      - paragraph: Hola.\n        lang: spanish\n")
    r = run_cli("--content", str(tmp_path / "c"), "--output", str(tmp_path / "o"))
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-1].endswith(
        "x/en.yaml:6: 'lang' must be a language tag such as en, fr or pt-BR (found 'spanish')")


@pytest.mark.parametrize("lang, written", [
    ("fa", "۳ دسامبر ۲۰۲۶"),  # the Gregorian calendar (the locale's own is the Solar Hijri) in Persian digits
    ("th", "3 ธันวาคม ค.ศ. 2026"),  # not the Buddhist era's 2569
    ("bn", "৩ ডিসেম্বর, ২০২৬"),
    ("en", "3 December 2026"),
    ("ht", "3 desanm 2026"),  # no CLDR data: the months written in languages.yaml
])
def test_dates_are_gregorian_in_the_languages_own_words_and_digits(lang, written):
    import datetime as dt

    from generator.resolve import language

    assert language(lang).date(dt.date(2026, 12, 3)) == written
