"""The first leaflet, built through the CLI on A4 and Letter, checked from the PDFs alone."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import (SEED, assert_in_order, body_text, elements, fonts_anywhere, outloud_errors, run_cli,
                      struct_tree, text_sizes, ua1_failures)
from generator.content import load_leaflet
from generator.content.model import Image, ItemList, Note, Paragraph

SEED_FILE = SEED / "lung-cancer-back-pain" / "en.yaml"
PAPERS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


def content_strings(path=SEED_FILE) -> list[str]:
    """Every text of a content file, in reading order."""
    lf = load_leaflet(path)
    out = [t.plain for t in (lf.title, lf.subtitle, lf.summary) if t]
    for s in lf.sections:
        out.append(s.heading.plain)
        for b in s.body:
            if isinstance(b, Paragraph):
                out.append(b.text.plain)
            elif isinstance(b, ItemList):
                out += [i.plain for i in b.items]
            elif isinstance(b, Note):
                out.append(b.text.plain)
            elif isinstance(b, Image):
                pass
    out += [r.plain for r in lf.meta.reference]
    return out


@pytest.mark.parametrize("paper", PAPERS)
def test_page_size(seed_pdfs, paper):
    for page in PdfReader(seed_pdfs[paper]).pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(w, 1), round(h, 1)) == tuple(round(v, 1) for v in PAPERS[paper])


@pytest.mark.parametrize("paper", PAPERS)
def test_every_string_comes_back_in_order(seed_pdfs, paper):
    strings = content_strings()
    assert len(strings) > 30
    assert_in_order(strings, body_text(seed_pdfs[paper]))


@pytest.mark.parametrize("paper", PAPERS)
def test_validators_pass(seed_pdfs, paper):
    assert ua1_failures(seed_pdfs[paper]) == []
    assert outloud_errors(seed_pdfs[paper]) == []


@pytest.mark.parametrize("paper", PAPERS)
def test_page_numbers_and_footer(seed_pdfs, paper):
    pages = PdfReader(seed_pdfs[paper]).pages
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        text = page.extract_text()
        assert f"Page {n} of {len(pages)}" in text
        assert "Version 1.0" in text and "Review by 25 November 2027" in text


def test_catalog_metadata(seed_pdfs):
    reader = PdfReader(seed_pdfs["a4"])
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "Why Does Lung Cancer Cause Back Pain?" in xmp
    assert reader.metadata.title == "Why Does Lung Cancer Cause Back Pain?"
    for page in reader.pages:
        assert page["/Tabs"] == "/S"
        assert "/StructParents" in page


def test_pdfa_identification_output_intent_and_metadata(seed_pdfs):
    """PDF/A-2a beside PDF/UA-1: the claim, what the colours mean, and one story told twice."""
    import io
    from xml.etree import ElementTree

    from PIL import ImageCms

    path = seed_pdfs["a4"]
    assert path.read_bytes().startswith(b"%PDF-1.7\n")
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    metadata = root["/Metadata"].get_object()
    assert "/Filter" not in metadata
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
          "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
          "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
          "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#"}
    xmp = ElementTree.fromstring(metadata.get_data().decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0])

    def one(path_):
        [found] = xmp.findall(".//" + path_, ns)
        return found.text

    assert (one("pdfaid:part"), one("pdfaid:conformance"), one("pdfuaid:part")) == ("2", "A", "1")
    declared = [el.text for el in xmp.findall(".//pdfaSchema:namespaceURI", ns)]
    assert declared == ["http://www.aiim.org/pdfua/ns/id/", "urn:make-leaflet:xmp:1.0/"]  # declared for PDF/A
    info = reader.metadata
    assert one("dc:title/rdf:Alt/rdf:li") == info.title
    assert one("dc:description/rdf:Alt/rdf:li") == info.subject
    assert one("dc:creator/rdf:Seq/rdf:li") == info.author
    assert one("xmp:CreatorTool") == info["/Creator"] == "make-leaflet"
    assert one("pdf:Producer") == info["/Producer"] and "ReportLab" in info["/Producer"]
    for xmp_key, info_key in (("xmp:CreateDate", "/CreationDate"), ("xmp:ModifyDate", "/ModDate")):
        d = info[info_key]  # D:YYYYMMDDHHmmSS+00'00'
        assert one(xmp_key) == f"{d[2:6]}-{d[6:8]}-{d[8:10]}T{d[10:12]}:{d[12:14]}:{d[14:16]}+00:00"
    assert "/Keywords" not in info  # nothing said twice that XMP would have to repeat
    ids = reader.trailer["/ID"]
    assert len(ids) == 2 and len(bytes(ids[0].original_bytes)) == 16
    [intent] = root["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    icc = intent["/DestOutputProfile"].get_object()
    assert icc["/N"] == 3
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc.get_data())).profile
    assert profile.xcolor_space.strip() == "RGB" and profile.device_class == "mntr"
    assert "srgb" in profile.profile_description.lower()


def test_build_date_and_reproducible_bytes(tmp_path, monkeypatch):
    """SOURCE_DATE_EPOCH fixes the dates, so the same content gives the same file; the identifier
    follows the content."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    built = []
    for n in range(2):
        r = run_cli("--lang", "en", "--lang", "es", "--output", str(tmp_path / str(n)))
        assert r.returncode == 0, r.stderr
        built.append([(tmp_path / str(n) / lang / "lung-cancer-back-pain.pdf").read_bytes() for lang in ("en", "es")])
    assert built[0] == built[1]
    en = PdfReader(tmp_path / "0" / "en" / "lung-cancer-back-pain.pdf")
    es = PdfReader(tmp_path / "0" / "es" / "lung-cancer-back-pain.pdf")
    assert en.metadata["/CreationDate"] == "D:20260101000000+00'00'"
    assert en.trailer["/ID"][0] != es.trailer["/ID"][0]


def test_structure_tree(seed_pdfs):
    tree = struct_tree(seed_pdfs["a4"])
    assert tree[0] == "Document"
    roles = [k[0] for k in tree[2]]
    lf = load_leaflet(SEED_FILE)
    assert roles[0] == "H1"
    assert roles.count("H1") == 1
    assert roles.count("H2") == len(lf.sections) + 1  # + "About this leaflet"
    assert "L" in roles and "Div" in roles
    # headings start at H1 and never skip a level; H2s in the order of the sections
    h2_text = [e for e in elements(tree, "H2")]
    assert len(h2_text) == len(lf.sections) + 1
    for lst in elements(tree, "L"):
        assert lst[2] and all(k[0] == "LI" for k in lst[2])
        for li in lst[2]:
            assert [k[0] for k in li[2]] == ["Lbl", "LBody"]
    for div in elements(tree, "Div"):
        assert [k[0] for k in div[2]] == ["P"]


def test_paragraph_split_across_pages_is_one_element(tmp_path):
    """A paragraph that breaks over a page keeps one P whose content sits on both pages."""
    from generator import build

    long = " ".join(["Sentence number {} is here to fill the page with words.".format(i) for i in range(160)])
    (tmp_path / "c" / "x").mkdir(parents=True)
    (tmp_path / "c" / "x" / "en.yaml").write_text(
        f"title: Long\nsections:\n  - heading: One\n    body:\n      - {long}\n", encoding="utf-8")
    [r] = build(tmp_path / "c", tmp_path / "o")
    assert r.ok and r.pages >= 2
    tree = struct_tree(r.output)
    [p] = [e for e in elements(tree, "P") if any(k[0] == "MCR" for k in e[2])
           and len({k[1] for k in e[2] if k[0] == "MCR"}) > 1]
    assert_in_order([long], body_text(r.output))
    assert ua1_failures(r.output) == []


@pytest.mark.parametrize("paper", PAPERS)
def test_clear_print(seed_pdfs, paper):
    sizes = text_sizes(seed_pdfs[paper])
    assert min(sizes) >= 14
    lines = [ln for ln in body_text(seed_pdfs[paper]).splitlines() if ln.strip()]
    assert max(len(ln) for ln in lines) <= 70


def test_fonts_embedded_with_unicode_maps(seed_pdfs):
    reader = PdfReader(seed_pdfs["a4"])
    fonts = list(fonts_anywhere(reader))
    assert fonts
    for name, font in fonts:
        assert "/FontFile2" in font["/FontDescriptor"], name
        cmap = font["/ToUnicode"].get_object().get_data().decode()
        assert "<0000>" not in cmap
        assert re.search(r"<[0-9A-F]{2}> <[0-9A-F]{4,}>", cmap)
