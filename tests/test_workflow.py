"""Translators' workflow through the CLI: status, new translation, PO round trip, stale detection, check."""
from __future__ import annotations

import json
import shutil

import polib
import pytest

from conftest import FIXTURES, SEED, run_cli

LEAFLET = "lung-cancer-back-pain"


@pytest.fixture
def content(tmp_path):
    """A content folder with the English leaflet only."""
    root = tmp_path / "content"
    (root / LEAFLET).mkdir(parents=True)
    shutil.copy(SEED / LEAFLET / "en.yaml", root / LEAFLET / "en.yaml")
    return root


def ml(*args, content=None):
    extra = ["--content", str(content)] if content else []
    return run_cli(*args, *extra)


def states(content):
    r = ml("status", "--json", content=content)
    assert r.returncode == 0, r.stderr
    return {(s["leaflet"], s["lang"]): s for s in json.loads(r.stdout)}


def translate(po_path, prefix="(fr) ", only=None):
    po = polib.pofile(str(po_path))
    for e in po:
        if only is None or e.msgctxt.startswith(only):
            e.msgstr = prefix + e.msgid
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
    po.save(str(po_path))


def test_full_cycle(content, tmp_path):
    r = ml("new-translation", LEAFLET, "fr", content=content)
    assert r.returncode == 0, r.stderr
    fr = content / LEAFLET / "fr.yaml"
    assert "# en: Why Does Lung Cancer Cause Back Pain?" in fr.read_text()
    assert ml("new-translation", LEAFLET, "fr", content=content).returncode == 2  # never overwrites
    skeleton = states(content)[(LEAFLET, "fr")]
    assert skeleton["state"] == "incomplete" and skeleton["counts"] == {"translated": 0, "fuzzy": 0,
                                                                        "untranslated": 33}
    assert states(content)[(LEAFLET, "en")]["state"] == "draft"

    po = tmp_path / "fr.po"
    assert ml("export-po", LEAFLET, "fr", "-o", str(po), content=content).returncode == 0
    translate(po)
    r = ml("import-po", str(po), content=content)
    assert r.returncode == 0, r.stderr
    done = states(content)[(LEAFLET, "fr")]
    assert done["state"] == "draft" and done["source"] is False and done["outdated"] == []
    assert done["counts"]["translated"] == 33 and done["words"]["untranslated"] == 0
    built = run_cli("--content", str(content), "--lang", "fr", "--output", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr

    # one sentence of the source changes: exactly that text of the translation is outdated
    en = content / LEAFLET / "en.yaml"
    en.write_text(en.read_text().replace("the leading", "one of the main"))
    s = states(content)[(LEAFLET, "fr")]
    assert s["state"] == "outdated" and [o["place"] for o in s["outdated"]] == ["sections/2/body/1"]

    assert ml("export-po", LEAFLET, "fr", "-o", str(po), content=content).returncode == 0
    entries = polib.pofile(str(po))
    [fuzzy] = [e for e in entries if "fuzzy" in e.flags]
    assert "one of the main" in fuzzy.msgid and "the leading" in fuzzy.previous_msgid
    assert all(e.msgstr for e in entries)  # existing translations filled in

    assert ml("import-po", str(po), content=content).returncode == 0  # still fuzzy: still outdated
    assert states(content)[(LEAFLET, "fr")]["state"] == "outdated"
    translate(po, only="paragraph")
    assert ml("import-po", str(po), content=content).returncode == 0
    assert states(content)[(LEAFLET, "fr")]["state"] == "draft"


def test_round_trip_is_byte_identical(content, tmp_path):
    ml("new-translation", LEAFLET, "es", content=content)
    po = tmp_path / "es.po"
    ml("export-po", LEAFLET, "es", "-o", str(po), content=content)
    translate(po, prefix="¿**es**? ")
    assert ml("import-po", str(po), content=content).returncode == 0
    es = content / LEAFLET / "es.yaml"
    before = es.read_bytes()
    assert "¿**es**? " in before.decode()  # markup kept as written
    ml("export-po", LEAFLET, "es", "-o", str(po), content=content)
    r = ml("import-po", str(po), content=content)
    assert r.returncode == 0 and "already up to date" in r.stdout
    assert es.read_bytes() == before


def test_empty_entries_keep_existing_translations(content, tmp_path):
    ml("new-translation", LEAFLET, "es", content=content)
    po = tmp_path / "es.po"
    ml("export-po", LEAFLET, "es", "-o", str(po), content=content)
    translate(po, prefix="ES ")
    ml("import-po", str(po), content=content)
    blank = polib.pofile(str(po))
    for e in blank:
        e.msgstr = ""
    blank.save(str(po))
    ml("import-po", str(po), content=content)
    text = (content / LEAFLET / "es.yaml").read_text()
    assert text.count('"ES ') > 30


def test_po_for_another_leaflet_or_changed_structure_is_rejected(content, tmp_path):
    other = content / "other"
    other.mkdir()
    (other / "en.yaml").write_text("title: Other\nsections:\n  - heading: A\n    body:\n      - B\n")
    po = tmp_path / "other.po"
    assert ml("export-po", "other", "es", "-o", str(po), content=content).returncode == 0
    r = ml("import-po", str(po), "--leaflet", LEAFLET, content=content)
    assert r.returncode == 2 and "is for leaflet 'other'" in r.stderr
    data = po.read_text().replace("X-Leaflet: other", f"X-Leaflet: {LEAFLET}")
    po.write_text(data)
    r = ml("import-po", str(po), content=content)
    assert r.returncode == 2 and "only 0 of the 33 texts" in r.stderr
    assert not (content / LEAFLET / "es.yaml").exists() and not (other / "es.yaml").exists()


def test_missing_language_and_default_build_unchanged(content, tmp_path):
    other = content / "second"
    other.mkdir()
    (other / "en.yaml").write_text("title: Second\nsections:\n  - heading: A\n    body:\n      - B\n")
    ml("new-translation", "second", "de" if False else "es", content=content)
    s = states(content)
    assert s[(LEAFLET, "es")]["state"] == "missing"
    r = run_cli("--content", str(content), "--output", str(tmp_path / "o"))
    assert r.returncode == 0 and "Built 2 PDFs" in r.stdout


# -- check ---------------------------------------------------------------------------------------------

GOOD = """title: Hand washing
sections:
  - heading: How to wash
    body:
      - Wash your hands with soap and water for 20 seconds. Dry them well.
      - "Read more on [our website](https://clinic.example.org/hands)."
      - image: pic.png
        alt: A person washing their hands at a sink.
meta:
  review_by: 2099-01-01
  status: approved
"""

RULES = {
    "long sentence": ("Wash your hands with soap and water for 20 seconds. Dry them well.",
                      "Wash your hands with soap and water for twenty seconds and then dry them with a clean "
                      "towel and then put the towel in the wash and then wash the towel too.", "warning", 5),
    "capitals": ("Wash your hands with soap and water for 20 seconds. Dry them well.",
                 "WASH YOUR HANDS with soap and water for 20 seconds. Dry them well.", "warning", 5),
    "alt is file name": ("A person washing their hands at a sink.", "pic.png", "error", 8),
    "not https": ("https://clinic.example.org/hands", "http://clinic.example.org/hands", "error", 6),
    "review date passed": ("review_by: 2099-01-01", "review_by: 2020-01-01", "warning", 1),
    "draft": ("status: approved", "status: draft", "warning", 1),
    "markup printed as typed": ("Dry them well.", "Dry them **well.", "warning", 5),
}


def _check(tmp_path, text, extra=None):
    folder = tmp_path / "c" / "hands"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.yaml").write_text(text)
    shutil.copy(FIXTURES / "content" / "features" / "diagram.png", folder / "pic.png")
    for name, body in (extra or {}).items():
        (folder / name).write_text(body)
    return run_cli("check", "--content", str(tmp_path / "c"))


def _recorded(tmp_path, lang="es"):
    """Give a translation written by hand the record of what it translates: through a PO file, as a
    translator who reviewed every text would."""
    content, po = str(tmp_path / "c"), str(tmp_path / f"{lang}.po")
    assert run_cli("update-translation", "hands", lang, "--content", content).returncode == 0
    assert run_cli("export-po", "hands", lang, "-o", po, "--content", content).returncode == 0
    entries = polib.pofile(po)
    for e in entries:
        e.flags = []
    entries.save(po)
    assert run_cli("import-po", po, "--content", content).returncode == 0


def test_good_content_passes(tmp_path):
    r = _check(tmp_path, GOOD)
    assert r.returncode == 0 and r.stdout == "", r.stdout


@pytest.mark.parametrize("rule", RULES)
def test_check_rule(tmp_path, rule):
    good, bad, severity, line = RULES[rule]
    r = _check(tmp_path, GOOD.replace(good, bad))
    assert r.returncode == (1 if severity == "error" else 0), r.stdout
    [finding] = r.stdout.splitlines()
    assert finding.startswith(f"{tmp_path / 'c' / 'hands' / 'en.yaml'}:{line}: {severity}: ")


def test_check_reading_level(tmp_path):
    hard = ("Pharmacological intervention necessitates comprehensive consideration of contraindications, "
            "particularly regarding concomitant administration of anticoagulant medications. ")
    r = _check(tmp_path, GOOD.replace("Dry them well.", hard * 3))
    assert any("reading level" in ln for ln in r.stdout.splitlines())


SPANISH = {"Hand washing": "Lavado de manos", "How to wash": "Cómo lavarse",
           "Wash your hands with soap and water for 20 seconds. Dry them well.":
           "Lávese las manos con agua y jabón durante 20 segundos. Séqueselas bien.",
           "Read more on [our website]": "Lea más en [nuestro sitio web]",
           "A person washing their hands at a sink.": "Una persona se lava las manos en un lavabo."}


def _spanish(text=GOOD):
    for en, es in SPANISH.items():
        text = text.replace(en, es)
    return text


def test_check_translation_against_source(tmp_path):
    good = _spanish()
    r = _check(tmp_path, GOOD, {"es.yaml": good})
    assert r.returncode == 1 and r.stdout.count("error") == 1 and "es.yaml:1: error: no record" in r.stdout
    _recorded(tmp_path)
    good = (tmp_path / "c" / "hands" / "es.yaml").read_text()
    assert _check(tmp_path, GOOD, {"es.yaml": good}).returncode == 0
    lost_link = good.replace("[nuestro sitio web](https://clinic.example.org/hands)", "nuestro sitio web")
    r = _check(tmp_path, GOOD, {"es.yaml": lost_link})
    line = lost_link.split("\n").index('      - "Lea más en nuestro sitio web."') + 1
    assert r.returncode == 1, r.stdout
    assert f"es.yaml:{line}: error: links differ from the source: none here," in r.stdout, r.stdout
    missing_block = good.replace('      - "Lea más en [nuestro sitio web](https://clinic.example.org/hands)."\n', "")
    r = _check(tmp_path, GOOD, {"es.yaml": missing_block})
    assert r.returncode == 1 and "error: section 1 has blocks" in r.stdout
    wrong_number = good.replace("20 segundos", "2 segundos")
    r = _check(tmp_path, GOOD, {"es.yaml": wrong_number})
    assert r.returncode == 1 and "error: numbers differ from the source: 2 here, 20 in en.yaml" in r.stdout


TRANSLATION_FINDINGS = {
    # source text, translation, what check must say
    "dose unit": ("Take 10 mg twice a day.", "Tome 10 g dos veces al día.",
                  "doses and measures differ from the source: 10 g here, 10 mg in en.yaml"),
    "number after a link": ("[Call us](tel:112) on 112 now.", "[Llámenos](tel:112) al 111 ahora.",
                            "numbers differ from the source: 111 here, 112 in en.yaml"),
    "phone number": ("Phone 0800 123 4567 today.", "Llame al 0800 123 4568 hoy.", "phone numbers"),
    "e-mail": ("Write to help@clinic.example.org today.", "Escriba a ayuda@clinic.example.org hoy.",
               "e-mail addresses"),
    "web address": ("See www.clinic.example.org/hands today.", "Vea www.clinic.example.org/manos hoy.",
                    "web addresses"),
    "left in English": ("Dry them well with a towel.", "Dry them well with a towel.",
                        "the same as the en source"),
    "emoji": ("Dry them well.", "Séqueselas bien 🙂.", "can print 🙂 (U+1F642)"),
}


@pytest.mark.parametrize("case", TRANSLATION_FINDINGS)
def test_translation_differences_are_errors(tmp_path, case):
    source_text, translated, message = TRANSLATION_FINDINGS[case]
    paragraph = "Wash your hands with soap and water for 20 seconds. Dry them well."
    _check(tmp_path, GOOD.replace(paragraph, f'"{source_text}"'), {"es.yaml": _spanish().replace(SPANISH[paragraph],
                                                                                          f'"{translated}"')})
    _recorded(tmp_path)
    r = run_cli("check", "--content", str(tmp_path / "c"), "--lang", "es")
    assert r.returncode == 1 and message in r.stdout, r.stdout


def test_check_lists_every_untranslated_text_and_refuses_unknown_languages(tmp_path):
    _check(tmp_path, GOOD)
    assert run_cli("new-translation", "hands", "fr", "--content", str(tmp_path / "c")).returncode == 0
    r = run_cli("check", "--content", str(tmp_path / "c"), "--lang", "fr")
    assert r.returncode == 1 and len([ln for ln in r.stdout.splitlines() if "error" in ln]) == 5, r.stdout
    r = run_cli("check", "--content", str(tmp_path / "c"), "--lang", "xx")
    assert r.returncode == 2 and "no language data for 'xx'" in r.stderr


def test_values_are_kept_as_written_and_stray_files_ignored(content, tmp_path):
    en = content / LEAFLET / "en.yaml"
    en.write_text(en.read_text().replace("      - the liver\n", "      - No\n").replace('version: "1.0"',
                                                                                      "version: 1.10"))
    (content / LEAFLET / "Notes.yaml").write_text("just: notes\n")
    assert ml("new-translation", LEAFLET, "fr", content=content).returncode == 0
    text = (content / LEAFLET / "fr.yaml").read_text()
    assert "# en: No\n" in text and 'version: "1.10"' in text
    r = ml("status", content=content)
    assert r.returncode == 0 and "Notes" not in r.stdout
    assert ml("check", content=content).returncode in (0, 1)


def test_broken_source_is_one_line_not_a_traceback(content, tmp_path):
    en = content / LEAFLET / "en.yaml"
    en.write_text(en.read_text().replace("meta:\n", "meta: draft\nold_meta:\n"))
    for args in (("new-translation", LEAFLET, "fr"), ("export-po", LEAFLET, "fr", "-o", str(tmp_path / "x.po"))):
        r = ml(*args, content=content)
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert r.stderr.startswith(f"{en}:"), r.stderr


def test_a_declared_source_is_kept_between_runs_and_read_again_when_its_file_changes(tmp_path, monkeypatch):
    """A build asks every file of a folder which language it was translated from; a later run parses only
    the files that changed since, and a changed answer is never taken from the store."""
    from generator.workflow import fields

    monkeypatch.setenv("MAKE_LEAFLET_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / LEAFLET
    folder.mkdir()
    text = (SEED / LEAFLET / "es.yaml").read_text(encoding="utf-8")
    assert "  source:\n    lang: en\n" in text

    def translated_from(lang, source):
        (folder / f"{lang}.yaml").write_text(text.replace("  source:\n    lang: en\n",
                                                          f"  source:\n    lang: {source}\n") + f"# {lang}\n",
                                               encoding="utf-8")

    translated_from("es", "en"), translated_from("pl", "es"), translated_from("ru", "pl")
    parsed = []
    real = fields.read_document
    monkeypatch.setattr(fields, "read_document", lambda path: parsed.append(path.name) or real(path))
    fields._known_sources.cache_clear()  # as in a new process
    try:
        assert fields.source_language(folder) in ("es", "pl")
        assert sorted(parsed) == ["es.yaml", "pl.yaml", "ru.yaml"]
        translated_from("pl", "ru"), translated_from("es", "ru")  # now two of three name Russian
        fields._known_sources.cache_clear()
        parsed.clear()
        assert fields.source_language(folder) == "ru"
        assert sorted(parsed) == ["es.yaml", "pl.yaml"]  # ru.yaml's answer came from the store
    finally:
        fields._known_sources.cache_clear()
