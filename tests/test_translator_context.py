"""What a translator sees beside each text (the author's notes, block kind, source line, quotations, the
glossary) in PO and XLIFF files; notes never printed; the glossary checked; quotations counted."""
from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from conftest import pypdf_text, run_cli, squash
from generator.workflow.glossary import uses

NS = "{urn:oasis:names:tc:xliff:document:2.0}"
SCHEMA = Path(__file__).parent / "fixtures" / "xliff" / "xliff_core_2.0.xsd"

EN = """\
title: Taking your tablets
translator_note: For adults after an operation; keep the words plain.
sections:
  - heading: Before you start
    translator_note: The first of two sections.
    body:
      - Ask the nurse if anything is unclear.
      - paragraph: "Sur la boîte: à prendre avec de la nourriture."
        lang: fr
        translator_note: What the French box says, kept in French.
      - steps:
          - Take two tablets with water.
          - Wait four hours before the next dose.
        translator_note: The patient does these at home.
      - note: Keep the tablets out of the reach of children.
        kind: warning
  - heading: After the operation
    body:
      - Call the ward if the pain gets worse.
meta:
  status: approved
"""
LINES = {text: n for n, line in enumerate(EN.splitlines(), 1) for text in
         ("Take two tablets with water.", "Keep the tablets out of the reach of children.",
          "Call the ward if the pain gets worse.", "Sur la boîte") if text in line}
NOTES = ("For adults after an operation", "The first of two sections.", "What the French box says",
         "The patient does these at home.")
GLOSSARY = "# approved words\ntablet:\n  es: comprimido\n  fr: comprimé\nward:\n  es: planta\n"


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    (root / "tablets").mkdir(parents=True)
    (root / "tablets" / "en.yaml").write_text(EN, encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    return root


def ml(content, *args):
    return run_cli(*args, "--content", str(content), cwd=content.parent)


def export_po(content, lang="es") -> polib.POFile:
    po = content.parent / f"{lang}.po"
    r = ml(content, "export-po", "tablets", lang, "-o", str(po))
    assert r.returncode == 0, r.stderr
    return polib.pofile(str(po))


def test_po_entries_carry_notes_kind_line_and_glossary(content):
    po = export_po(content)
    by_id = {e.msgid: e for e in po}
    step = by_id["Take two tablets with water."]
    assert step.occurrences == [("en.yaml", str(LINES["Take two tablets with water."]))]
    assert step.comment.splitlines() == [
        "a numbered step in the section 'Before you start'; place: sections/1/body/3/steps/1",
        "note from the author: The patient does these at home.",
        "glossary: tablet = comprimido"]
    warning = by_id["Keep the tablets out of the reach of children."]
    assert warning.comment.startswith("a warning in a box") and "glossary: tablet = comprimido" in warning.comment
    assert by_id["Call the ward if the pain gets worse."].comment.endswith("glossary: ward = planta")
    assert "glossary" not in by_id["Ask the nurse if anything is unclear."].comment
    quote = next(e for e in po if e.msgid.startswith("Sur la boîte"))
    assert "quotation: written in French (fr)" in quote.comment and "glossary" not in quote.comment
    assert "note from the author: What the French box says, kept in French." in quote.comment
    assert by_id["Before you start"].comment.endswith("note from the author: The first of two sections.")
    assert "Note from the author: For adults after an operation; keep the words plain." in po.header
    # a language the glossary has no word for says so; the template names the term only
    assert "tablet (a glossary term with no approved translation yet)" in export_po(content, "de")[0].comment
    pot = content.parent / "t.pot"
    assert ml(content, "export-pot", "tablets", "-o", str(pot)).returncode == 0
    assert "#. glossary: tablet (a glossary term)" in pot.read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext (Debian package gettext) not installed")
def test_msgfmt_accepts_the_comments(content):
    export_po(content)
    r = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(content.parent / "es.po")], capture_output=True,
                       text=True)
    assert r.returncode == 0 and r.stderr == "", r.stderr


def test_xliff_units_carry_the_same_notes(content):
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema (test extra) not installed")
    xlf = content.parent / "es.xlf"
    assert ml(content, "export-xliff", "tablets", "es", "-o", str(xlf)).returncode == 0
    assert xmlschema.XMLSchema(str(SCHEMA)).is_valid(str(xlf))
    root = ET.parse(xlf).getroot()
    file_notes = {n.get("category"): n.text for n in root.findall(f"{NS}file/{NS}notes/{NS}note")}
    assert file_notes["author"] == "For adults after an operation; keep the words plain."
    units = {u.find(f"{NS}segment/{NS}source").text: u for u in root.iter(f"{NS}unit")}
    notes = [(n.get("category"), n.text) for n in units["Take two tablets with water."].iter(f"{NS}note")]
    assert notes == [("kind", "a numbered step in the section 'Before you start'"),
                     ("location", "sections/1/body/3/steps/1"), ("author", "The patient does these at home."),
                     ("glossary", "tablet = comprimido")]


def test_notes_are_never_printed(content, tmp_path):
    r = ml(content, "--lang", "en", "--output", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    text = squash(pypdf_text(tmp_path / "out" / "en" / "tablets.pdf"))
    assert squash("Take two tablets with water.") in text and squash("Sur la boîte") in text
    assert not [n for n in NOTES if squash(n) in text]


def test_a_note_that_is_not_text_is_one_line(content):
    en = content / "tablets" / "en.yaml"
    en.write_text(EN.replace("    translator_note: The first of two sections.",
                             "    translator_note: [a, b]"), encoding="utf-8")
    r = ml(content, "check")
    line = EN.splitlines().index("    translator_note: The first of two sections.") + 1
    assert r.returncode == 1 and f"en.yaml:{line}: error: 'translator_note' must be text" in r.stdout, r.stdout


def test_quotations_are_translated_kept_and_counted(content):
    """A `paragraph:` block (the form that takes `lang:`) is a text like any other: in the translation file,
    in the word counts, and allowed to stay as written."""
    assert ml(content, "new-translation", "tablets", "es").returncode == 0
    es = (content / "tablets" / "es.yaml").read_text(encoding="utf-8")
    assert '# for translators: What the French box says, kept in French.\n' in es
    assert 'paragraph: ""\n        lang: "fr"' in es
    [state] = [s for s in json.loads(ml(content, "status", "--json").stdout) if s["lang"] == "es"]
    words = sum(len(t.split()) for t in ["Taking your tablets", "Before you start",
                                         "Ask the nurse if anything is unclear.",
                                         "Sur la boîte: à prendre avec de la nourriture.",
                                         "Take two tablets with water.", "Wait four hours before the next dose.",
                                         "Keep the tablets out of the reach of children.", "After the operation",
                                         "Call the ward if the pain gets worse."])
    assert state["counts"]["untranslated"] == 9 and state["words"]["untranslated"] == words


def _translated(content, words: dict[str, str]):
    po = export_po(content)
    for e in po:
        e.msgstr = words.get(e.msgid, e.msgid if e.msgid.startswith("Sur") else f"Texto: {e.msgid.lower()}")
    po.save(str(content.parent / "es.po"))
    r = ml(content, "import-po", str(content.parent / "es.po"))
    assert r.returncode == 0, r.stderr


def test_check_reports_a_translation_without_the_glossary_words(content):
    _translated(content, {"Taking your tablets": "Cómo tomar sus comprimidos",
                          "Take two tablets with water.": "Tome dos pastillas con agua.",
                          "Keep the tablets out of the reach of children.":
                              "Mantenga los comprimidos fuera del alcance de los niños.",
                          "Call the ward if the pain gets worse.": "Llame a la Planta si el dolor empeora."})
    r = ml(content, "check", "--lang", "es")
    glossary = [ln for ln in r.stdout.splitlines() if "glossary" in ln]
    line = (content / "tablets" / "es.yaml").read_text(encoding="utf-8").splitlines() \
        .index('          - "Tome dos pastillas con agua."') + 1
    assert glossary == [f"{content / 'tablets' / 'es.yaml'}:{line}: warning: the glossary's 'comprimido' for "
                        "'tablet' is not used (expected the approved translation of the term, from glossary.yaml "
                        "line 2)"]
    assert r.returncode == 0  # a draft: a warning
    assert ml(content, "approve", "tablets", "es", "--by", "A. Reviewer").returncode == 0
    r = ml(content, "check", "--lang", "es")
    assert r.returncode == 1 and ": error: the glossary's 'comprimido'" in r.stdout


def test_approved_words_are_found_as_words():
    assert uses("Tome dos Comprimidos al día.", "comprimido")
    assert not uses("Tome dos anticomprimidos.", "comprimido") and not uses("Tome dos pastillas.", "comprimido")
    assert uses("Appelez le service de garde.", "service de garde")
    assert uses("癌症转移到骨骼。", "转移")  # no spaces between Chinese words


def test_an_empty_glossary_is_no_glossary(content):
    (content / "glossary.yaml").write_text("# terms to come\n\n", encoding="utf-8")
    assert "glossary" not in "".join(e.comment for e in export_po(content))


@pytest.mark.parametrize("glossary, line", [("tablet: comprimido\n", 1), ("tablet:\n  spanish: comprimido\n", 2),
                                            ("- tablet\n", 1), ("tablet:\n  es: [a, b]\n", 2)])
def test_a_broken_glossary_is_one_line(content, glossary, line):
    (content / "glossary.yaml").write_text(glossary, encoding="utf-8")
    r = ml(content, "export-po", "tablets", "es", "-o", str(content.parent / "es.po"))
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith(f"{content / 'glossary.yaml'}:{line}: "), r.stderr
    r = ml(content, "check")
    assert r.returncode == 1 and f"glossary.yaml:{line}: error: " in r.stdout
