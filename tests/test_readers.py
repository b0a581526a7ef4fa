"""The text comes back in the readers a user's tools are built on: pypdf, pdfium, MuPDF, pdfminer.six,
poppler (pdftotext, from Debian's poppler-utils) and pdf.js (Firefox's viewer, and the text a browser hands
a screen reader: Node.js and the pdfjs-dist package from npm, which `.ci/run` installs into .ci/npm). The
poppler and pdf.js tests skip, with the reason, where those are not installed.

Marks after their letters (vocalised Arabic and Hebrew), Persian with zero-width non-joiners, Bengali and
Hindi conjuncts, every translation of the seed leaflet, and the right-to-left script samples. Measured like
the readback instrument (shared tools): NFC, format characters left out (each reader places an invisible
ZWNJ differently), characters and words found in order.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, fidelity, outloud_errors, pdfium_text, pypdf_text, run_cli, ua1_failures
from generator.content import load_leaflet
from test_seed_leaflet import content_strings

MARKS = FIXTURES / "readers" / "marks"
SEED = ROOT / "leaflets" / "lung-cancer-back-pain"
SCRIPTS = FIXTURES / "scripts"
RTL_SCRIPT_LANGS = ["ar", "ckb", "fa", "he", "ps", "ur"]
MARK_LANGS = sorted(p.stem for p in MARKS.glob("*.yaml"))
SEED_LANGS = sorted(p.stem for p in SEED.glob("*.yaml"))
NO_SPACES = {"zh-Hans", "zh-Hant", "ja", "th"}

# Where a reader's own algorithm keeps a figure below the line. pdfminer.six breaks a line where two
# characters read one after the other are more than two character widths apart, then orders the pieces
# as left-to-right boxes: a Hebrew prefix joined to a number by a hyphen (`ל-101`) must jump from the
# prefix to the number's far end (vocalised Hebrew sample: 0.941 / 0.887). Only a wide code over the
# number would bridge the jump, and poppler then reads the overlapping codes as separate lines. Chromium's
# and Typst's PDFs of the same text read 0.197 and 0.291 there (tests/fixtures/producers, case 2).
BELOW = {("pdfminer", "he-marks")}


def mupdf_text(path) -> str:
    import pymupdf

    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)


def pdfminer_text(path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def poppler_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


READERS = {"pypdf": pypdf_text, "pdfium": pdfium_text, "mupdf": mupdf_text, "pdfminer": pdfminer_text}
POPPLER = {"poppler": poppler_text}
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler's pdftotext is not installed (Debian: poppler-utils)")
PDFJS_DIST = Path(os.environ.get("PDFJS_DIST") or ROOT / ".ci" / "npm" / "node_modules" / "pdfjs-dist")
NO_PDFJS = ("needs Node.js and pdfjs-dist: `npm install --prefix .ci/npm pdfjs-dist@5.6.205` (.ci/run does), "
            "or PDFJS_DIST=folder")


def _pdfjs_texts(pdfs: list[Path]) -> dict[Path, str]:
    """pdf.js's text of each PDF, read by one Node.js process."""
    if not (shutil.which("node") and (PDFJS_DIST / "legacy" / "build" / "pdf.mjs").is_file()):
        if os.environ.get("MAKE_LEAFLET_BROWSER_TESTS") == "required":
            pytest.fail(NO_PDFJS)
        pytest.skip(NO_PDFJS)
    r = subprocess.run(["node", str(Path(__file__).with_name("pdfjs_text.mjs")), str(PDFJS_DIST), *map(str, pdfs)],
                       capture_output=True, text=True, check=True)
    return {Path(k): v for k, v in json.loads(r.stdout).items()}


def _body(path) -> list[str]:
    """The content's strings as the instrument reads them: the references of `meta` left out."""
    references = {r.plain for r in load_leaflet(path).meta.reference}
    return [s for s in content_strings(path) if s not in references]


def _visible(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("readers")
    for name, content in (("marks", FIXTURES / "readers"), ("seed", ROOT / "leaflets")):
        r = run_cli("--content", str(content), "--output", str(out / name), "--lang", "all")
        assert r.returncode == 0, r.stderr
    langs = [a for lang in RTL_SCRIPT_LANGS for a in ("--lang", lang)]
    r = run_cli("--content", str(SCRIPTS), "--output", str(out / "scripts"), *langs)
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def pdfjs(built):
    texts = _pdfjs_texts(sorted(built.rglob("*.pdf")))
    return {"pdf.js": lambda pdf: texts[pdf]}


def _check(pdf, strings, lang, case, readers=READERS):
    for name, read in readers.items():
        chars, words = fidelity([_visible(s) for s in strings], _visible(read(pdf)))
        if (name, case) in BELOW:
            continue
        assert chars >= 0.99, (name, chars)
        if lang not in NO_SPACES:
            assert words >= 0.97, (name, words)


@pytest.mark.parametrize("lang", MARK_LANGS)
def test_marks_and_conjuncts_read_back_in_every_reader(built, lang):
    pdf = built / "marks" / lang / "marks.pdf"
    assert ua1_failures(pdf) == [] and outloud_errors(pdf) == []
    strings = _body(MARKS / f"{lang}.yaml")
    _check(pdf, strings, lang, f"{lang}-marks")
    brackets = str.maketrans("", "", "()[]{}")  # pdfium mirrors them in right-to-left lines, whatever the PDF
    for name, read in READERS.items():  # letters before their marks: to the character
        if (name, f"{lang}-marks") in BELOW:
            continue
        got = "".join(_visible(read(pdf)).translate(brackets).split())
        for s in strings:
            assert "".join(_visible(s).translate(brackets).split()) in got, (name, s)


@pytest.mark.parametrize("lang", SEED_LANGS)
def test_translations_read_back_in_every_reader(built, lang):
    _check(built / "seed" / lang / "lung-cancer-back-pain.pdf", _body(SEED / f"{lang}.yaml"), lang, f"{lang}-seed")


# pdfminer.six orders a page's text boxes by their left edges as well as their heights (LTTextGroupLRTB,
# boxes_flow 0.5): a short right-aligned heading came after the longer lines below it (Persian sample:
# characters 0.941, words 0.959; the Urdu translation 0.993 / 0.992) until every right-to-left line reached
# the column's left edge with its final space.
@pytest.mark.parametrize("lang", RTL_SCRIPT_LANGS)
def test_right_to_left_samples_read_back_in_every_reader(built, lang):
    pdf = built / "scripts" / lang / "hands.pdf"
    assert ua1_failures(pdf) == [] and outloud_errors(pdf) == []
    _check(pdf, _body(SCRIPTS / "hands" / f"{lang}.yaml"), lang, f"{lang}-script")


# poppler writes a right-to-left line from its words, right to left, and puts a run of digits or of the
# separators it counts with numbers (. , : -) on one side with the spaces beside it: without a right-to-left
# mark left of the run, `20 ثانية` came back `20ثانية` and `الأقل. إذا` as `الأقل .إذا` (words 0.78-0.95).
@needs_poppler
@pytest.mark.parametrize("lang", MARK_LANGS)
def test_marks_and_conjuncts_read_back_in_poppler(built, lang):
    _check(built / "marks" / lang / "marks.pdf", _body(MARKS / f"{lang}.yaml"), lang, f"{lang}-marks", POPPLER)


@needs_poppler
@pytest.mark.parametrize("lang", SEED_LANGS)
def test_translations_read_back_in_poppler(built, lang):
    _check(built / "seed" / lang / "lung-cancer-back-pain.pdf", _body(SEED / f"{lang}.yaml"), lang,
           f"{lang}-seed", POPPLER)


# pdf.js drops a code whose text is only white space and adds a word space only where the text moves right:
# right-to-left text, written in logical order, came back without a single word space (words 0.00-0.01 for
# ar, fa, ur) until each right-to-left space became a code reading RLM + space (render/glyphs.py).
@pytest.mark.parametrize("lang", MARK_LANGS)
def test_marks_and_conjuncts_read_back_in_pdfjs(built, pdfjs, lang):
    _check(built / "marks" / lang / "marks.pdf", _body(MARKS / f"{lang}.yaml"), lang, f"{lang}-marks", pdfjs)


@pytest.mark.parametrize("lang", SEED_LANGS)
def test_translations_read_back_in_pdfjs(built, pdfjs, lang):
    _check(built / "seed" / lang / "lung-cancer-back-pain.pdf", _body(SEED / f"{lang}.yaml"), lang,
           f"{lang}-seed", pdfjs)


@pytest.mark.parametrize("lang", RTL_SCRIPT_LANGS)
def test_right_to_left_samples_read_back_in_pdfjs(built, pdfjs, lang):
    _check(built / "scripts" / lang / "hands.pdf", _body(SCRIPTS / "hands" / f"{lang}.yaml"), lang,
           f"{lang}-script", pdfjs)
