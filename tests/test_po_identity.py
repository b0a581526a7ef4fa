"""Translations follow their source text, not its position: inserted, deleted, moved, repeated and edited
texts; the YAML route and the PO route; gettext tools (msgfmt, msgcat, msgmerge, msginit) on our files;
approval that expires; what the build is told."""
from __future__ import annotations

import json
import shutil
import subprocess

import polib
import pytest

from conftest import SEED, run_cli

LEAFLET = "lung-cancer-back-pain"
GETTEXT = shutil.which("msgfmt") and shutil.which("msgmerge") and shutil.which("msgcat") and shutil.which("msginit")
needs_gettext = pytest.mark.skipif(not GETTEXT, reason="GNU gettext tools (Debian package gettext) not installed")


@pytest.fixture
def content(tmp_path):
    """The seed leaflet with its Spanish translation (written by make-leaflet, current)."""
    root = tmp_path / "content"
    (root / LEAFLET).mkdir(parents=True)
    for lang in ("en", "es"):
        shutil.copy(SEED / LEAFLET / f"{lang}.yaml", root / LEAFLET / f"{lang}.yaml")
    return root


def ml(tmp_path, *args):
    return run_cli(*args, "--content", str(tmp_path / "content"), cwd=tmp_path)


def state(tmp_path, lang="es"):
    r = ml(tmp_path, "status", "--json")
    assert r.returncode == 0, r.stderr
    return next(s for s in json.loads(r.stdout) if s["lang"] == lang)


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def export(tmp_path, lang="es") -> polib.POFile:
    po = tmp_path / f"{lang}.po"
    r = ml(tmp_path, "export-po", LEAFLET, lang, "-o", str(po))
    assert r.returncode == 0, r.stderr
    return polib.pofile(str(po))


def spanish(po: polib.POFile, msgid_part: str) -> str:
    return next(e.msgstr for e in po if msgid_part in e.msgid and not e.obsolete)


FIRST = "        Lung cancer is a life-threatening cancer."
SPREAD_ES = "Puede extenderse a cualquier parte"


def test_inserted_paragraph_gets_no_translation_and_moves_nothing(tmp_path, content):
    en = content / LEAFLET / "en.yaml"
    edit(en, "      - >-\n" + FIRST, "      - A new first paragraph about the spread of cancer.\n      - >-\n" + FIRST)
    s = state(tmp_path)
    assert s["state"] == "outdated" and [o["place"] for o in s["outdated"]] == ["sections/2/body/1"]
    po = export(tmp_path)
    assert [e.msgid for e in po if not e.msgstr] == ["A new first paragraph about the spread of cancer."]
    assert not [e for e in po if "fuzzy" in e.flags]
    assert spanish(po, "It can spread anywhere").startswith(SPREAD_ES)
    assert spanish(po, "Lung cancer is a life").startswith("El cáncer de pulmón es un cáncer que pone")
    # the untouched Spanish file is not printed as if current
    out = ml(tmp_path, "check", "--lang", "es")
    assert out.returncode == 1 and "not translated yet (the source's sections/2/body/1" in out.stdout


def test_deleted_and_moved_blocks(tmp_path, content):
    en = content / LEAFLET / "en.yaml"
    text = en.read_text()
    both = ("      - Back pain associated with lung cancer treatment is quite rare.\n"
            "      - note: >-\n")
    assert both in text
    edit(en, "      - Back pain associated with lung cancer treatment is quite rare.\n", "")
    s = state(tmp_path)
    assert s["state"] == "outdated" and s["obsolete"] == 1 and s["counts"]["fuzzy"] == 0
    po = export(tmp_path)
    [old] = [e for e in po if e.obsolete]
    assert old.msgid == "Back pain associated with lung cancer treatment is quite rare."
    # move a paragraph to another section: its translation goes with it, not fuzzy
    edit(en, "      - >-\n        The treatment depends on the cause of your back pain. That is why it is so\n"
             "        important to identify the cause clearly.\n", "")
    edit(en, "    body:\n      - >-\n        Over time,", "    body:\n      - >-\n        The treatment depends on "
             "the cause of your back pain. That is why it is so\n        important to identify the cause clearly.\n"
             "      - >-\n        Over time,")
    po = export(tmp_path)
    assert spanish(po, "The treatment depends").startswith("El tratamiento depende de la causa")
    assert not [e for e in po if "fuzzy" in e.flags]
    assert ml(tmp_path, "update-translation", LEAFLET, "es").returncode == 0
    s = state(tmp_path)
    assert s["state"] == "draft" and s["obsolete"] == 0 and s["counts"]["translated"] == 32
    r = run_cli("--content", str(content), "--lang", "es", "--output", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr


def test_repeated_texts_keep_their_own_translations(tmp_path, content):
    en, es = content / LEAFLET / "en.yaml", content / LEAFLET / "es.yaml"
    edit(en, "          - numbness\n", "          - pain\n")  # "pain" now twice, as bullets of two lists
    assert ml(tmp_path, "update-translation", LEAFLET, "es").returncode == 0
    po = export(tmp_path)
    assert [e.msgctxt for e in po if e.msgid == "pain"] == ["bullet", "bullet#2"]
    for e in po:
        if e.msgid == "pain":
            e.msgstr = "dolor (primero)" if e.msgctxt == "bullet" else "dolor (segundo)"
            e.flags = []
    po.save(str(tmp_path / "es.po"))
    assert ml(tmp_path, "import-po", str(tmp_path / "es.po")).returncode == 0
    # a new paragraph before both: each keeps its own translation
    edit(en, "      - >-\n" + FIRST, "      - Something new.\n      - >-\n" + FIRST)
    po = export(tmp_path)
    pains = [(e.msgctxt, e.msgstr) for e in po if e.msgid == "pain"]
    assert pains == [("bullet", "dolor (primero)"), ("bullet#2", "dolor (segundo)")]
    assert "dolor (primero)" in es.read_text() and "dolor (segundo)" in es.read_text()


def test_edited_sentence_fuzzy_alone_with_previous_source_then_yaml_route(tmp_path, content):
    en, es = content / LEAFLET / "en.yaml", content / LEAFLET / "es.yaml"
    edit(en, "is quite rare.", "is rare, about 1 in 20 people get it.")
    po = export(tmp_path)
    [fuzzy] = [e for e in po if "fuzzy" in e.flags]
    assert fuzzy.previous_msgid == "Back pain associated with lung cancer treatment is quite rare."
    assert fuzzy.msgstr.startswith("El dolor de espalda relacionado")
    # the YAML route: update-translation shows old and new English; editing the text clears it
    assert ml(tmp_path, "update-translation", LEAFLET, "es").returncode == 0
    text = es.read_text()
    assert "# en (before the change): Back pain associated with lung cancer treatment is quite rare.\n" in text
    assert state(tmp_path)["state"] == "outdated"
    edit(es, "es bastante raro.", "es raro: lo tienen alrededor de 1 de cada 20 personas.")
    s = state(tmp_path)
    assert s["state"] == "draft" and s["outdated"] == [], s
    assert not [e for e in export(tmp_path) if "fuzzy" in e.flags]


def test_fuzzy_entries_imported_stay_outdated_and_are_not_release_ready(tmp_path, content):
    from generator.workflow import release_problems

    en = content / LEAFLET / "en.yaml"
    edit(en, "is quite rare.", "is rare, about 1 in 20 people get it.")
    export(tmp_path)
    assert ml(tmp_path, "import-po", str(tmp_path / "es.po")).returncode == 0
    assert state(tmp_path)["state"] == "outdated"
    [problem] = release_problems(content / LEAFLET / "es.yaml")
    assert "1 text(s) of the en source changed" in problem and "sections/4/body/1" in problem


def test_po_without_msgctxt_imports_by_source_text(tmp_path, content):
    po = export(tmp_path)
    for e in po:
        e.msgctxt = None
        e.msgstr = "ES " + e.msgid if e.msgid == "the liver" else e.msgstr
    po.save(str(tmp_path / "es.po"))
    r = ml(tmp_path, "import-po", str(tmp_path / "es.po"))
    assert r.returncode == 0, r.stderr
    assert '"ES the liver"' in (content / LEAFLET / "es.yaml").read_text()
    assert state(tmp_path)["state"] == "draft"


def test_old_po_after_source_change_imports_matching_texts(tmp_path, content):
    """A PO exported before the source gained a paragraph still imports: texts match by what they say."""
    po = export(tmp_path)
    for e in po:
        e.msgstr = "NUEVO " + e.msgid if e.msgid == "the liver" else e.msgstr
    po.save(str(tmp_path / "es.po"))
    en = content / LEAFLET / "en.yaml"
    edit(en, "      - >-\n" + FIRST, "      - Inserted first.\n      - >-\n" + FIRST)
    assert ml(tmp_path, "import-po", str(tmp_path / "es.po")).returncode == 0
    text = (content / LEAFLET / "es.yaml").read_text()
    assert '"NUEVO the liver"' in text
    s = state(tmp_path)
    assert s["state"] == "incomplete" and s["counts"]["untranslated"] == 1


# -- gettext tools -----------------------------------------------------------------------------------

def gettext(*args, cwd):
    r = subprocess.run(list(args), capture_output=True, text=True, cwd=cwd)
    assert r.returncode == 0, r.stderr
    return r


@needs_gettext
def test_msgfmt_accepts_exports_without_warnings(tmp_path, content):
    en = content / LEAFLET / "en.yaml"
    edit(en, "is quite rare.", "is rare, about 1 in 20 people get it.")
    edit(en, "          - the liver\n", "")
    export(tmp_path)
    r = gettext("msgfmt", "-c", "-v", "-o", "/dev/null", "es.po", cwd=tmp_path)
    assert "warning" not in r.stderr.lower(), r.stderr
    assert "1 fuzzy translation" in r.stderr


@needs_gettext
def test_msgcat_rewrapped_and_msgmerge_merged_files_import(tmp_path, content):
    en = content / LEAFLET / "en.yaml"
    export(tmp_path)
    gettext("msgcat", "-w", "30", "--sort-output", "es.po", "-o", "wrapped.po", cwd=tmp_path)
    r = ml(tmp_path, "import-po", str(tmp_path / "wrapped.po"))
    assert r.returncode == 0 and "already up to date" in r.stdout, r.stdout + r.stderr
    # the source changes; the translator merges the new template into the old PO with msgmerge
    edit(en, "is quite rare.", "is rare, about 1 in 20 people get it.")
    edit(en, "      - >-\n" + FIRST, "      - Inserted first.\n      - >-\n" + FIRST)
    assert ml(tmp_path, "export-pot", LEAFLET, "-o", str(tmp_path / "l.pot")).returncode == 0
    gettext("msgmerge", "--previous", "-q", "es.po", "l.pot", "-o", "merged.po", cwd=tmp_path)
    merged = polib.pofile(str(tmp_path / "merged.po"))
    assert spanish(merged, "It can spread anywhere").startswith(SPREAD_ES)
    for e in merged:
        if "fuzzy" in e.flags:
            e.msgstr = "Es raro: lo tienen 1 de cada 20 personas."
            e.flags.remove("fuzzy")
        if e.msgid == "Inserted first.":
            e.msgstr = "Insertado primero."
    merged.save(str(tmp_path / "merged.po"))
    r = ml(tmp_path, "import-po", str(tmp_path / "merged.po"))
    assert r.returncode == 0, r.stderr
    s = state(tmp_path)
    assert s["state"] == "draft" and s["counts"] == {"translated": 34, "fuzzy": 0, "untranslated": 0}


@needs_gettext
def test_msginit_from_template(tmp_path, content):
    assert ml(tmp_path, "export-pot", LEAFLET, "-o", str(tmp_path / "l.pot")).returncode == 0
    gettext("msginit", "--no-translator", "-l", "pt_BR", "-i", "l.pot", "-o", "pt_BR.po", cwd=tmp_path)
    po = polib.pofile(str(tmp_path / "pt_BR.po"))
    assert po.metadata["Language"] == "pt_BR"
    for e in po:
        e.msgstr = "PT " + e.msgid
    po.save(str(tmp_path / "pt_BR.po"))
    r = ml(tmp_path, "import-po", str(tmp_path / "pt_BR.po"))
    assert r.returncode == 0, r.stderr
    assert (content / LEAFLET / "pt-BR.yaml").is_file() and state(tmp_path, "pt-BR")["state"] == "draft"


# -- approval ----------------------------------------------------------------------------------------

def test_approval_records_who_when_and_expires(tmp_path, content):
    from generator.workflow import release_problems

    es, en = content / LEAFLET / "es.yaml", content / LEAFLET / "en.yaml"
    edit(es, "status: draft", "status: approved")  # by hand: not an approval
    s = state(tmp_path)
    assert s["state"] == "draft" and "no approval is recorded" in s["note"]
    assert release_problems(es) and "no approval is recorded" in release_problems(es)[0]
    r = ml(tmp_path, "approve", LEAFLET, "es", "--by", "Dr Ana García")
    assert r.returncode == 0, r.stderr
    record = (content / LEAFLET / "approvals.yaml").read_text()
    assert 'by: "Dr Ana García"' in record and "source: \"en " in record
    s = state(tmp_path)
    assert s["state"] == "approved" and "Dr Ana García" in s["note"]
    assert release_problems(es) == []
    # the source changes meaning; the translator clears the fuzzy mark without editing: no longer approved
    edit(en, "is quite rare.", "is rare, about 1 in 20 people get it.")
    po = export(tmp_path)
    for e in po:
        e.flags = []
    po.save(str(tmp_path / "es.po"))
    assert ml(tmp_path, "import-po", str(tmp_path / "es.po")).returncode == 0
    s = state(tmp_path)
    assert s["state"] == "draft", s
    assert "status: draft" in es.read_text()
    # a change to the source alone, with the translation file untouched, voids it too
    assert ml(tmp_path, "approve", LEAFLET, "es", "--by", "Dr Ana García").returncode == 0
    edit(en, "surgery", "an operation")
    assert state(tmp_path)["state"] == "outdated"
    assert release_problems(es)
    edit(en, "an operation", "surgery")
    assert state(tmp_path)["state"] == "approved"
    edit(es, "cirugía", "cirugía mayor")  # an edit by hand to an approved translation
    s = state(tmp_path)
    assert s["state"] == "draft" and "translation changed since" in s["note"]
    assert "translation changed since" in release_problems(es)[0]


def test_approve_refuses_incomplete(tmp_path, content):
    assert ml(tmp_path, "new-translation", LEAFLET, "fr").returncode == 0
    r = ml(tmp_path, "approve", LEAFLET, "fr", "--by", "Someone")
    assert r.returncode == 1 and "not ready for approval" in r.stderr
    assert not (content / LEAFLET / "approvals.yaml").exists()


# -- status layout -----------------------------------------------------------------------------------

def test_status_fits_80_columns_with_many_languages(tmp_path, content):
    for lang in ("fr", "pt", "pl", "ro", "tr", "vi", "so", "tl", "ht", "ru", "uk", "el", "ar", "fa", "ur"):
        assert ml(tmp_path, "new-translation", LEAFLET, lang).returncode == 0
    r = ml(tmp_path, "status")
    assert r.returncode == 0
    assert max(len(line) for line in r.stdout.splitlines()) <= 80, r.stdout
    assert "incomplete" in r.stdout and "100%" in r.stdout
