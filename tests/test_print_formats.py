"""Layouts, governance and clinic branding, checked from the PDFs."""
from __future__ import annotations

import shutil

import pypdfium2
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from conftest import FIXTURES, SEED, body_text, outloud_errors, pypdf_text, run_cli, text_sizes, ua1_failures

CONTENT = FIXTURES / "content"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("formats")
    for layout in ("handout", "large-print"):
        for paper in ("a4", "letter"):
            r = run_cli("--content", str(CONTENT), "--output", str(out / paper), "--layout", layout,
                        "--paper", paper, "--lang", "en")
            assert r.returncode == 0, r.stderr
            r = run_cli("--output", str(out / paper), "--layout", layout, "--paper", paper, "--lang", "ar")
            assert r.returncode == 0, r.stderr
    return out


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_layout_file_names_sizes_and_validators(built, paper):
    hand = built / paper / "en" / "features.pdf"
    large = built / paper / "en" / "features.large-print.pdf"
    assert hand.exists() and large.exists()
    assert min(text_sizes(hand)) >= 14 and min(text_sizes(large)) >= 18
    assert min(text_sizes(large, artifacts=True)) >= 16  # the footer too
    assert len(PdfReader(large).pages) > len(PdfReader(hand).pages)
    for pdf in (hand, large, built / paper / "ar" / "lung-cancer-back-pain.large-print.pdf"):
        assert ua1_failures(pdf) == [] and outloud_errors(pdf) == []
        w, h = (float(v) for v in PdfReader(pdf).pages[0].mediabox[2:])
        assert (round(w), round(h)) == ((595, 842) if paper == "a4" else (612, 792))


def test_large_print_lines_are_short(built):
    lines = [ln for ln in body_text(built / "a4" / "en" / "features.large-print.pdf").splitlines() if ln.strip()]
    assert max(len(ln) for ln in lines) <= 50


def test_accent_colour_is_used_for_headings(built):
    data = PdfReader(built / "a4" / "en" / "features.pdf").pages[0].get_contents().get_data().decode("latin-1")
    assert "0 0.369 0.361 rg" in data  # #005E5C, the clinic's accent


def test_low_contrast_accent_is_an_error(tmp_path):
    content = tmp_path / "c"
    shutil.copytree(CONTENT, content)
    clinic = content / "clinic.yaml"
    clinic.write_text(clinic.read_text().replace('"#005E5C"', '"#7FB3D5"'))
    r = run_cli("--content", str(content), "--output", str(tmp_path / "o"))
    assert r.returncode == 1
    assert f"{clinic}:9: 'accent_color' #7FB3D5 has a contrast of 2.3:1 on white paper" in r.stderr
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").rglob("*.pdf"))


def test_logo_emergency_and_qr(built):
    pdf = built / "a4" / "en" / "features.pdf"
    text = pypdf_text(pdf)
    assert "If you have chest pain or sudden weakness, call 911" in text
    doc = pypdfium2.PdfDocument(str(pdf))
    import zxingcpp

    found = set()
    for page in doc:
        found |= {r.text for r in zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil())}
    doc.close()
    assert found == {"https://riverside.example.org/leaflets/everything"}


def test_draft_watermark_only_on_drafts_and_as_artifact(built):
    draft = built / "a4" / "ar" / "lung-cancer-back-pain.pdf"
    approved = built / "a4" / "en" / "features.pdf"
    for pdf, expect in ((draft, True), (approved, False)):
        reader = PdfReader(pdf)
        for page in reader.pages:
            ops = ContentStream(page.get_contents(), reader).operations
            # the watermark: the first thing on the page, an artifact holding a rotation and filled paths
            first = [op for _, op in ops[:5]]
            has = (first == [b"cm", b"BMC", b"q", b"rg", b"cm"] and ops[1][0][0] == "/Artifact"
                   and float(ops[4][0][1]) > 0.5)  # rotated about 55 degrees, corner to corner
            assert has == expect, (pdf.name, first)
    assert "مسودة" not in pypdf_text(draft).split("\n")[0]  # outlines, not text: never read out


def test_warnings_and_strict(tmp_path):
    content = tmp_path / "c"
    (content / "old").mkdir(parents=True)
    (content / "old" / "en.yaml").write_text(
        "title: Old\nsections:\n  - heading: A\n    body:\n      - B\nmeta:\n  review_by: 2020-01-01\n"
        "  status: approved\n")
    r = run_cli("--content", str(content), "--output", str(tmp_path / "o"))
    assert r.returncode == 0 and "warning: " in r.stderr and "review date 2020-01-01 has passed" in r.stderr
    r = run_cli("--content", str(content), "--output", str(tmp_path / "o"), "--strict")
    assert r.returncode == 1
    shutil.copytree(SEED / "lung-cancer-back-pain", content / "seed")
    r = run_cli("--content", str(content), "--output", str(tmp_path / "o"), "--leaflet", "seed")
    assert r.returncode == 0 and "draft, not approved" in r.stderr
