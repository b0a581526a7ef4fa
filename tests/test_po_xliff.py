"""XLIFF 2.0 export and import: a round trip that keeps identity and fuzzy state, and the same refusals
as PO files for what an untrusted file may say."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from test_po_identity import LEAFLET, content, ml, state  # noqa: F401 (content is a fixture)

NS = "{urn:oasis:names:tc:xliff:document:2.0}"


def es_state(tmp_path):
    return state(tmp_path, "es")


def test_round_trip(tmp_path, content):
    en = content / LEAFLET / "en.yaml"
    en.write_text(en.read_text().replace("is quite rare.", "is rare, about 1 in 20 people get it."))
    xlf = tmp_path / "es.xlf"
    assert ml(tmp_path, "export-xliff", LEAFLET, "es", "-o", str(xlf)).returncode == 0
    root = ET.parse(xlf).getroot()
    assert root.get("version") == "2.0" and root.get("srcLang") == "en" and root.get("trgLang") == "es"
    units = root.findall(f"{NS}file/{NS}unit")
    assert len(units) == 33 and len({u.get("id") for u in units}) == 33
    [fuzzy] = [u for u in units if u.find(f"{NS}segment").get("state") == "initial"]
    notes = {n.get("category"): n.text for n in fuzzy.iter(f"{NS}note")}
    assert notes["previous-source"] == "Back pain associated with lung cancer treatment is quite rare."
    # importing unchanged keeps the text fuzzy; a translated segment clears it
    assert ml(tmp_path, "import-xliff", str(xlf)).returncode == 0
    assert es_state(tmp_path)["state"] == "outdated"
    fuzzy.find(f"{NS}segment").set("state", "translated")
    fuzzy.find(f"{NS}segment/{NS}target").text = "Es raro: lo tienen 1 de cada 20 personas."
    ET.ElementTree(root).write(xlf, encoding="utf-8", xml_declaration=True)
    r = ml(tmp_path, "import-xliff", str(xlf), "--lang", "es")
    assert r.returncode == 0, r.stderr
    assert es_state(tmp_path)["state"] == "draft"
    assert "Es raro: lo tienen 1 de cada 20 personas." in (content / LEAFLET / "es.yaml").read_text()


HOSTILE = {
    "doctype": (r"<\?xml[^>]*\?>", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'),
    "language path": (r'trgLang="es"', 'trgLang="es-/../../x"'),
    "source language": (r'trgLang="es"', 'trgLang="en"'),
    "leaflet path": (r'<note category="leaflet">[^<]*</note>', '<note category="leaflet">../evil</note>'),
    "not xliff": (r"<xliff ", "<xlif "),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_files_write_nothing(tmp_path, content, case):
    xlf = tmp_path / "es.xlf"
    assert ml(tmp_path, "export-xliff", LEAFLET, "es", "-o", str(xlf)).returncode == 0
    pattern, replacement = HOSTILE[case]
    xlf.write_text(re.sub(pattern, replacement, xlf.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.yaml")}
    r = ml(tmp_path, "import-xliff", str(xlf))
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith(f"{xlf}:") and "Traceback" not in r.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.yaml")} == before
