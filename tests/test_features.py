"""A leaflet with every kind of block, link, picture and literal markup, checked from the PDF."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import (FIXTURES, assert_in_order, body_text, elements, fonts_anywhere, outloud_errors, resolve,
                      run_cli, squash, struct_tree, ua1_failures)
from test_seed_leaflet import content_strings

FEATURES = FIXTURES / "content" / "features" / "en.yaml"


@pytest.fixture(scope="module", params=["a4", "letter"])
def pdf(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("features")
    r = run_cli("--content", str(FIXTURES / "content"), "--output", str(out), "--paper", request.param)
    assert r.returncode == 0, r.stderr
    return out / "en" / "features.pdf"


def test_validators(pdf):
    assert ua1_failures(pdf) == []
    assert outloud_errors(pdf) == []


def test_all_text_in_order(pdf):
    assert_in_order(content_strings(FEATURES), body_text(pdf))


def test_markup_characters_print_literally(pdf):
    text = body_text(pdf)
    for literal in ("<b>not bold</b>", "&amp;", "&lt;", "<font", "color=red>fonts</font>", "100%", "\\n",
                    "A lone ** marker", "[brackets](not a link)"):
        assert squash(literal) in squash(text), literal
    assert "**bold text**" not in text and "bold text" in text


def test_long_words_and_urls_keep_every_character(pdf):
    text = squash(body_text(pdf))
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    assert f"{word}-{word}-{word}isoneword." in text
    assert "https://riverside.example.org/patient-information/leaflets/lung-health/" \
           "back-pain-and-lung-cancer-explained-in-plain-language" in text


def test_figures_have_alt_and_bbox(pdf):
    figures = list(elements(struct_tree(pdf), "Figure"))
    assert [str(f[1]["/Alt"]) for f in figures] == ["Riverside Family Clinic logo",
                                                     "A dark blue circle inside a square frame.",
                                                     "The same diagram in gray.",
                                                     "QR code that opens this leaflet online"]
    for f in figures:
        assert f[1]["/A"]["/O"] == "/Layout" and len(f[1]["/A"]["/BBox"]) == 4
        assert [k[0] for k in f[2]] == ["MCR"]


def test_every_font_is_embedded_and_the_qr_code_selects_none(pdf):
    """ReportLab's canvas selects Helvetica (never embedded) for drawings; the QR code is drawn without it."""
    reader = PdfReader(pdf)
    fonts = list(fonts_anywhere(reader))
    assert fonts and all("/FontFile2" in font["/FontDescriptor"] for _, font in fonts)
    assert b"Helvetica" not in pdf.read_bytes()
    [qr] = [f for f in elements(struct_tree(pdf), "Figure") if str(f[1]["/Alt"]).startswith("QR")]
    page = reader.pages[qr[2][0][1]]
    ops = page.get_contents().get_data().decode("latin-1")
    mark = ops.index(f"/Figure <</MCID {qr[2][0][2]}>> BDC")
    assert "Tf" not in ops[mark:ops.index("EMC", mark)]


def test_links_are_tagged_with_their_annotations(pdf):
    reader = PdfReader(pdf)
    links = list(elements(struct_tree(pdf), "Link"))
    uris = []
    for name, el, kids in links:
        objrs = [k[1] for k in kids if k[0] == "OBJR"]
        assert objrs and any(k[0] == "MCR" for k in kids)
        for annot in objrs:
            assert annot["/Subtype"] == "/Link" and annot["/F"] == 4
            assert str(annot["/Contents"]).strip()
            assert "/StructParent" in annot
            uris.append(str(annot["/A"]["/URI"]))
    assert "https://riverside.example.org/advice" in uris
    assert "tel:+15550100" in uris
    assert "https://riverside.example.org/" in uris  # from clinic.yaml
    assert "https://riverside.example.org/leaflets/everything" in uris  # meta.url under its QR code
    long_url = [u for u in uris if "plain-language" in u]
    assert len(long_url) >= 2  # the link wraps: one annotation per line, one Link element
    annots = [resolve(a) for p in reader.pages for a in p.get("/Annots", [])]
    assert len(annots) == len(uris)


def test_steps_are_numbered_and_bullets_are_lists(pdf):
    tree = struct_tree(pdf)
    labels = []
    for lst in elements(tree, "L"):
        for li in lst[2]:
            labels.append(li[0])
    assert labels.count("LI") >= 5
    numbering = [str(lst[1]["/A"]["/ListNumbering"]) for lst in elements(tree, "L")]
    assert all(lst[1]["/A"]["/O"] == "/List" for lst in elements(tree, "L"))
    assert numbering == ["/Disc", "/Decimal", "/Disc"]  # bullets, steps, the sources in "About"
    text = body_text(pdf)
    assert "1. Take one tablet." in text and "3. Call the clinic" in text


def test_clinic_details_are_printed(pdf):
    text = body_text(pdf)
    for s in ("Published by Riverside Family Clinic.", "12 River Road, Springfield", "Phone: +1 555 0100",
              "Website: riverside.example.org", "Feedback: Tell us what you think at the front desk."):
        assert s in text
    pages = PdfReader(pdf).pages
    footer = pages[0].extract_text().splitlines()[-2:]
    assert [line.strip() for line in footer] == [f"Riverside Family Clinic Page 1 of {len(pages)}",
                                                 "Version 2.3 · Review by 15 January 2028"]


def test_notes_are_divs_with_their_label(pdf):
    divs = list(elements(struct_tree(pdf), "Div"))
    assert len(divs) == 3  # two notes and the clinic's emergency line
    text = body_text(pdf)
    assert "Note: Keep this leaflet." in text
    assert "Warning: Do not take more than the dose on the label." in text


def test_neutral_footer_without_clinic_and_long_unbroken_word(tmp_path):
    word = "A" * 40 + "B" * 40 + "C" * 40
    (tmp_path / "c" / "x").mkdir(parents=True)
    (tmp_path / "c" / "x" / "en.yaml").write_text(
        f"title: T\nsections:\n  - heading: H\n    body:\n      - Start {word} end.\n", encoding="utf-8")
    r = run_cli("--content", str(tmp_path / "c"), "--output", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr
    pdf = tmp_path / "o" / "en" / "x.pdf"
    assert f"Start{word}end." in squash(body_text(pdf))
    assert "Patient information" in PdfReader(pdf).pages[0].extract_text()
    assert ua1_failures(pdf) == []
