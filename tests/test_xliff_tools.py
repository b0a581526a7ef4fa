"""XLIFF 2.0 as tools outside the project see it: the OASIS core schema (vendored in tests/fixtures/xliff),
and translate-toolkit's XLIFF 2.0 storage reading our export and writing files that import back."""
from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from test_po_identity import LEAFLET, content, edit, ml, state  # noqa: F401 (content is a fixture)

xmlschema = pytest.importorskip("xmlschema", reason="xmlschema (test extra) not installed")
xliff2 = pytest.importorskip("translate.storage.xliff2", reason="translate-toolkit (test extra) not installed")

SCHEMA = Path(__file__).parent / "fixtures" / "xliff" / "xliff_core_2.0.xsd"
NS = "{urn:oasis:names:tc:xliff:document:2.0}"
CHANGED = "Back pain associated with lung cancer treatment is quite rare."
NEW_TEXT = "A new paragraph: call 111 if the pain is worse at night & you feel <unwell>."


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


def schema_errors(schema, path: Path) -> list[str]:
    return [f"{e.path}: {e.reason}" for e in schema.iter_errors(str(path))]


def changed_source(content):
    """The source with one text edited (its translation becomes fuzzy) and one added (untranslated)."""
    en = content / LEAFLET / "en.yaml"
    edit(en, "is quite rare.", "is rare, about 1 in 20 people get it.")
    edit(en, "      - note: >-\n", f"      - \"{NEW_TEXT}\"\n      - note: >-\n")


def export(tmp_path, lang="es") -> Path:
    xlf = tmp_path / f"{lang}.xlf"
    r = ml(tmp_path, "export-xliff", LEAFLET, lang, "-o", str(xlf))
    assert r.returncode == 0, r.stderr
    return xlf


def test_export_is_valid_against_the_oasis_schema(tmp_path, content, schema):
    changed_source(content)
    xlf = export(tmp_path)
    assert schema_errors(schema, xlf) == []
    for lang in ("ar", "zh-Hans"):  # a translation not yet started, in other scripts
        assert schema_errors(schema, export(tmp_path, lang)) == []


def test_the_schema_is_the_real_one(tmp_path, content, schema):
    """The vendored schema refuses what XLIFF 2.0 forbids (so the test above can fail)."""
    xlf = export(tmp_path)
    text = xlf.read_text(encoding="utf-8")
    for broken in (text.replace("<source>", "<target>x</target><source>", 1),  # target before source
                   text.replace('state="translated"', 'state="done"', 1),  # not a state
                   re.sub(r'<unit id="[^"]+"', '<unit id="a b"', text, count=1),  # not an NMTOKEN
                   text.replace("<notes>", "<notes><note>x</note></notes><notes>", 2)):  # two <notes>
        xlf.write_text(broken, encoding="utf-8")
        assert schema_errors(schema, xlf)


def test_translate_toolkit_reads_the_export(tmp_path, content):
    changed_source(content)
    xlf = export(tmp_path)
    store = xliff2.Xliff2File.parsefile(str(xlf))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "es")
    units = store.units
    ids = [u.getid() for u in units]
    assert len(units) == 34 and len(set(ids)) == 34
    by_source = {u.source: u for u in units}
    fuzzy = by_source["Back pain associated with lung cancer treatment is rare, about 1 in 20 people get it."]
    assert fuzzy.isfuzzy() and not fuzzy.istranslated() and fuzzy.target.startswith("El dolor de espalda")
    new = by_source[NEW_TEXT]
    assert not new.target and not new.istranslated() and not new.isfuzzy()
    assert by_source["Why Does Lung Cancer Cause Back Pain?"].target == \
        "¿Por qué el cáncer de pulmón causa dolor de espalda?"
    assert sum(u.istranslated() for u in units) == 32
    # notes are unit-level, as XLIFF 2.0 puts them (translate-toolkit's getnotes() looks inside <segment>,
    # where the schema allows none, so they are read from the unit element the toolkit gives)
    notes = {n.get("category"): n.text for n in fuzzy.getunitelement().iter(f"{NS}note")}
    assert notes["previous-source"] == CHANGED and notes["kind"].startswith("a paragraph in the section")
    # a unit's id stays with its text when another text is inserted before it
    edit(content / LEAFLET / "en.yaml", "sections:\n", "sections:\n  - heading: A first section\n"
                                                      "    body:\n      - Its only paragraph.\n")
    again = {u.source: u.getid() for u in xliff2.Xliff2File.parsefile(str(export(tmp_path))).units}
    assert all(again[s] == u.getid() for s, u in by_source.items())


def test_a_file_translated_with_translate_toolkit_imports(tmp_path, content, schema):
    """As a CAT tool built on translate-toolkit would: fill in the new text, confirm the fuzzy one."""
    changed_source(content)
    xlf = export(tmp_path)
    store = xliff2.Xliff2File.parsefile(str(xlf))
    for u in store.units:
        if u.source == NEW_TEXT:  # translated and approved in the tool: state "reviewed"
            u.target = "Un párrafo nuevo: llame al 111 si el dolor empeora de noche y se siente <mal>."
            u.markapproved()
        elif u.isfuzzy():
            u.target = "El dolor de espalda asociado al tratamiento es raro: lo tienen 1 de cada 20 personas."
            u.markfuzzy(False)
    saved = tmp_path / "es-tk.xlf"
    store.savefile(str(saved))
    assert schema_errors(schema, saved) == []
    assert 'state="reviewed"' in saved.read_text(encoding="utf-8")
    r = ml(tmp_path, "import-xliff", str(saved), "--lang", "es")
    assert r.returncode == 0, r.stderr
    s = state(tmp_path)
    assert s["state"] == "draft" and s["counts"] == {"translated": 34, "fuzzy": 0, "untranslated": 0}
    es = (content / LEAFLET / "es.yaml").read_text(encoding="utf-8")
    assert "se siente <mal>." in es and "lo tienen 1 de cada 20 personas." in es
    assert ml(tmp_path, "check", "--lang", "es").returncode == 0


def test_a_unit_split_into_segments_is_read_whole(tmp_path, content):
    """CAT tools may segment a unit by sentence; the text is all its segments, and half a translation is
    never taken."""
    changed_source(content)
    xlf = export(tmp_path)
    text = xlf.read_text(encoding="utf-8")
    unit = next(u for u in re.findall(r"<unit .*?</unit>", text, re.S) if escape(NEW_TEXT) in u)
    head = unit[:unit.index("<segment")]
    first, second = NEW_TEXT.split(": ", 1)

    def split(targets: tuple[str, str], states=("translated", "translated")) -> str:
        return (head + f'<segment state="{states[0]}"><source>{first}:</source>'
                + (f"<target>{targets[0]}:</target>" if targets[0] else "") + "</segment>"
                + "<ignorable><source> </source></ignorable>"
                + f'<segment state="{states[1]}"><source>{escape(second)}</source>'
                + (f"<target>{targets[1]}</target>" if targets[1] else "") + "</segment></unit>")

    xlf.write_text(text.replace(unit, split(("Un párrafo nuevo", ""))), encoding="utf-8")
    assert ml(tmp_path, "import-xliff", str(xlf)).returncode == 0
    assert state(tmp_path)["counts"]["untranslated"] == 1  # one segment of two: nothing taken
    xlf.write_text(text.replace(unit, split(("Un párrafo nuevo", "llame al 111."))), encoding="utf-8")
    assert ml(tmp_path, "import-xliff", str(xlf)).returncode == 0
    assert '"Un párrafo nuevo: llame al 111."' in (content / LEAFLET / "es.yaml").read_text(encoding="utf-8")
    xlf.write_text(text.replace(unit, split(("Otro párrafo", "llame al 111."), ("translated", "initial"))),
                   encoding="utf-8")
    assert ml(tmp_path, "import-xliff", str(xlf)).returncode == 0
    assert state(tmp_path)["counts"]["fuzzy"] == 2  # a segment still initial: fuzzy, not printed


BROKEN = {
    "no segment": (r'(<unit id="summary-[^"]+"[^>]*>)\s*<notes>.*?</notes>\s*<segment.*?</segment>', r"\1",
                   "has no <segment> with a <source>"),
    "unclosed": (r"</target>", "", "not well-formed XML"),
    "xliff 1.2": (r'version="2.0"', 'version="1.2"', "not an XLIFF 2.0 file"),
    "two files": (r"</file>", '</file><file id="f2"><unit id="x"><segment><source>a</source></segment></unit>'
                              "</file>", "not an XLIFF 2.0 file of one leaflet"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_is_one_line_and_writes_nothing(tmp_path, content, case):
    xlf = export(tmp_path)
    pattern, replacement, message = BROKEN[case]
    text = xlf.read_text(encoding="utf-8")
    broken = re.sub(pattern, replacement, text, count=1, flags=re.S)
    assert broken != text
    xlf.write_text(broken, encoding="utf-8")
    before = (content / LEAFLET / "es.yaml").read_bytes()
    r = ml(tmp_path, "import-xliff", str(xlf))
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert re.match(re.escape(str(xlf)) + r":\d+: ", r.stderr) and message in r.stderr, r.stderr
    assert (content / LEAFLET / "es.yaml").read_bytes() == before
    if case == "no segment":  # the line of the unit that is wrong
        line = int(r.stderr.split(":")[1])
        assert '<unit id="summary-' in broken.splitlines()[line - 1]
