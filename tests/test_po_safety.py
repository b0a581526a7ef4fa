"""A PO file is untrusted input: whatever its header says, import-po writes only the translation it may
replace, inside the content folder, and refuses everything else with one line. Broken content files give
one line in every translators' command, never a traceback."""
from __future__ import annotations

import shutil

import polib
import pytest

from conftest import SEED, run_cli
from generator.workflow.po import read_po

LEAFLET = "lung-cancer-back-pain"


def ml(tmp_path, *args):
    """The CLI as a user runs it: from a folder outside the repository."""
    return run_cli(*args, "--content", str(tmp_path / "content"), cwd=tmp_path)


def snapshot(root):
    """Every file under root with its bytes, to prove nothing was written."""
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    (root / LEAFLET).mkdir(parents=True)
    for lang in ("en", "fr", "es"):
        shutil.copy(SEED / LEAFLET / f"{'es' if lang == 'fr' else lang}.yaml", root / LEAFLET / f"{lang}.yaml")
    return root


@pytest.fixture
def po(tmp_path, content):
    """A valid, fully translated French PO file."""
    path = tmp_path / "fr.po"
    assert ml(tmp_path, "export-po", LEAFLET, "fr", "-o", str(path)).returncode == 0
    entries = polib.pofile(str(path))
    for e in entries:
        e.msgstr = "Traduction : " + e.msgid
        e.flags = [f for f in e.flags if f != "fuzzy"]
    entries.save(str(path))
    return path


def with_header(path, key, value):
    text = path.read_text(encoding="utf-8")
    lines = [f'"{key}: {value}\\n"' if ln.startswith(f'"{key}:') else ln for ln in text.splitlines()]
    if not any(ln.startswith(f'"{key}:') for ln in text.splitlines()):
        lines.insert(lines.index('msgstr ""') + 1, f'"{key}: {value}\\n"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def refused(tmp_path, r, code=1):
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, r.stderr
    return r.stderr


ATTACKS = {
    "language path": ("Language", "es-/../../../pwned"),
    "language absolute": ("Language", "/tmp/pwned"),
    "language unknown": ("Language", "xx"),
    "language empty": ("Language", ""),
    "leaflet parent": ("X-Leaflet", "../evil"),
    "leaflet absolute": ("X-Leaflet", "/tmp/evil"),
    "leaflet dot": ("X-Leaflet", "."),
    "leaflet nested": ("X-Leaflet", f"{LEAFLET}/images"),
    "source language": ("Language", "en"),
    "source language gettext": ("Language", "en_GB"),
}


@pytest.mark.parametrize("attack", ATTACKS)
def test_hostile_header_writes_nothing(tmp_path, content, po, attack):
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "en.yaml").write_text((content / LEAFLET / "en.yaml").read_text())
    (content / LEAFLET / "images").mkdir()
    (content / LEAFLET / "images" / "en.yaml").write_text((content / LEAFLET / "en.yaml").read_text())
    before = snapshot(tmp_path)
    key, value = ATTACKS[attack]
    with_header(po, key, value)
    before[po] = po.read_bytes()
    err = refused(tmp_path, ml(tmp_path, "import-po", str(po)))
    assert err.startswith(f"{po}:"), err
    assert snapshot(tmp_path) == before


def test_language_changed_to_another_script_is_refused(tmp_path, content, po):
    """A Russian PO file relabelled as Spanish would put Cyrillic into es.yaml."""
    entries = polib.pofile(str(po))
    for e in entries:
        e.msgstr = "Перевод: текст"
    entries.metadata["Language"] = "es"
    entries.metadata["Language-Team"] = "Spanish"  # relabelled with care
    entries.save(str(po))
    before = snapshot(content)
    err = refused(tmp_path, ml(tmp_path, "import-po", str(po)))
    assert "not written in Spanish script" in err
    assert snapshot(content) == before


def test_lang_guard(tmp_path, content, po):
    """--lang names the file the translator means to replace: a PO relabelled from fr to es is refused."""
    with_header(po, "Language", "es")
    before = snapshot(content)
    err = refused(tmp_path, ml(tmp_path, "import-po", str(po), "--lang", "fr"), code=2)
    assert "is for language 'es', not 'fr'" in err
    assert snapshot(content) == before
    with_header(po, "Language", "fr")
    r = ml(tmp_path, "import-po", str(po), "--lang", "fr")
    assert r.returncode == 0, r.stderr
    assert "Traduction : " in (content / LEAFLET / "fr.yaml").read_text()
    assert "Traduction : " not in (content / LEAFLET / "es.yaml").read_text()


@pytest.mark.parametrize("locale,file", [("fr_FR", "fr"), ("fr-FR", "fr"), ("FR", "fr")])
def test_gettext_locale_codes(tmp_path, content, po, locale, file):
    with_header(po, "Language", locale)
    r = ml(tmp_path, "import-po", str(po))
    assert r.returncode == 0, r.stderr
    assert f"{file}.yaml" in r.stdout and "Traduction : " in (content / LEAFLET / f"{file}.yaml").read_text()


def test_stripped_leaflet_header_supplied_with_option(tmp_path, content, po):
    text = "\n".join(ln for ln in po.read_text().splitlines() if not ln.startswith('"X-Leaflet:'))
    po.write_text(text + "\n")
    err = refused(tmp_path, ml(tmp_path, "import-po", str(po)))
    assert "--leaflet" in err
    assert ml(tmp_path, "import-po", str(po), "--leaflet", LEAFLET).returncode == 0
    assert "Traduction : " in (content / LEAFLET / "fr.yaml").read_text()


def test_entries_without_context_are_one_line(tmp_path, content, po):
    """What xliff2po gives back: no msgctxt."""
    entries = polib.pofile(str(po))
    for e in entries:
        e.msgctxt = None
    entries.save(str(po))
    before = snapshot(content)
    r = ml(tmp_path, "import-po", str(po))
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    if r.returncode:
        refused(tmp_path, r)
        assert snapshot(content) == before


@pytest.mark.parametrize("body", ["", "/etc/passwd", "msgid \"x\nmsgstr", "\x00\x01\x02", "msgid 1\n"])
def test_damaged_po_is_one_line(tmp_path, content, body):
    bad = tmp_path / "bad.po"
    bad.write_text(body)
    before = snapshot(content)
    refused(tmp_path, ml(tmp_path, "import-po", str(bad)))
    assert snapshot(content) == before


def test_control_character_in_translation_refused(tmp_path, content, po):
    entries = polib.pofile(str(po))
    entries[3].msgstr = "bad \x01 text"
    entries.save(str(po))
    before = snapshot(content)
    refused(tmp_path, ml(tmp_path, "import-po", str(po)))
    assert snapshot(content) == before


# -- source text that YAML would read as a line break --------------------------------------------------

@pytest.mark.parametrize("char", ["\\u2028", "\\u2029", "\\x85", "\\N", "\\L", "\\t", "\\ufeff"])
def test_line_break_characters_in_source_keep_comments_one_line(tmp_path, content, char):
    en = content / LEAFLET / "en.yaml"
    en.write_text(en.read_text().replace("      - the liver\n", f'      - "the{char}liver"\n'))
    (content / LEAFLET / "fr.yaml").unlink()
    r = ml(tmp_path, "new-translation", LEAFLET, "fr")
    assert r.returncode == 0, r.stderr
    fr = content / LEAFLET / "fr.yaml"
    comment = next(ln for ln in fr.read_text(encoding="utf-8").split("\n") if "liver" in ln)
    assert comment.strip().startswith("# en: the") and comment.endswith("liver")
    # the file loads: status reads it, and a translation exported and imported comes back whole
    assert ml(tmp_path, "status").returncode == 0
    po = tmp_path / "fr.po"
    assert ml(tmp_path, "export-po", LEAFLET, "fr", "-o", str(po)).returncode == 0
    entries, _ = read_po(po)  # polib alone would split the text at U+2028
    for e in entries:
        e.msgstr = e.msgid.replace("liver", "foie")
    entries.save(str(po))
    assert ml(tmp_path, "import-po", str(po)).returncode == 0
    assert ml(tmp_path, "export-po", LEAFLET, "fr", "-o", str(po)).returncode == 0
    entries, _ = read_po(po)
    [liver] = [e for e in entries if "liver" in e.msgid]
    assert liver.msgstr == liver.msgid.replace("liver", "foie") and len(liver.msgid) == len("the liver")
    assert ml(tmp_path, "status").returncode == 0


# -- broken content files: one line per problem in every command -------------------------------------

BROKEN = {
    "lone surrogate": ('      - the liver\n', '      - "the \\ud800 liver"\n'),
    "complex key": ('title: Why', '? {a: b}\n: x\ntitle: Why'),
    "control character": ('      - the liver\n', '      - "the \\x01 liver"\n'),
    "nested list key": ('title: Why', '? [a, b]\n: x\ntitle: Why'),
    "raw control character": ('      - the liver\n', '      - the \x01 liver\n'),
}


@pytest.mark.parametrize("case", BROKEN)
@pytest.mark.parametrize("which", ["en", "fr"])
def test_broken_files_are_one_line_in_every_command(tmp_path, content, case, which):
    old, new = BROKEN[case]
    path = content / LEAFLET / f"{which}.yaml"
    path.write_text((content / LEAFLET / "en.yaml").read_text().replace(old, new, 1))
    assert path.read_text() != (content / LEAFLET / "en.yaml").read_text() or which == "en"
    for args in (["status"], ["status", "--json"], ["check"],
                 ["export-po", LEAFLET, "fr", "-o", str(tmp_path / "x.po")],
                 ["new-translation", LEAFLET, "pt" if which == "en" else "ro"]):
        r = ml(tmp_path, *args)
        assert "Traceback" not in r.stderr and r.returncode in (0, 1, 2), (args, r.stderr)
        out = r.stdout + r.stderr
        if args[0] == "status":
            assert r.returncode == 0
            if which == "fr":
                assert "error" in out and f"{path}:" in out, out
        elif args[0] == "check" or which == "en" or args[0] == "export-po":
            assert r.returncode == 1 and f"{path}:" in out, (args, out)


def test_language_relabelled_within_a_script_is_refused(tmp_path, content, po):
    """fr → es keeps the script; the Language-Team header written at export still names French."""
    with_header(po, "Language", "es")
    before = snapshot(content)
    err = refused(tmp_path, ml(tmp_path, "import-po", str(po)))
    assert "Language says 'es' but the language team is 'fr'" in err
    assert snapshot(content) == before


def test_poedit_style_save_imports(tmp_path, content, po):
    """What Poedit writes back: its own generator, translator and team, gettext locale, wrapped lines."""
    entries = polib.pofile(str(po), wrapwidth=79)
    entries.metadata.update({"X-Generator": "Poedit 3.4.2", "Last-Translator": "Marie Dupont <m@example.org>",
                             "Language-Team": "French", "Language": "fr_FR",
                             "Plural-Forms": "nplurals=2; plural=(n > 1);"})
    entries.save(str(po))
    r = ml(tmp_path, "import-po", str(po), "--lang", "fr")
    assert r.returncode == 0, r.stderr
    assert "Traduction : " in (content / LEAFLET / "fr.yaml").read_text()


def test_deep_nesting_is_one_line(tmp_path, content):
    en = content / LEAFLET / "en.yaml"
    en.write_text("title: " + "[" * 3000 + "]" * 3000 + "\nsections: []\n")
    for args in (["status"], ["check"], ["export-po", LEAFLET, "fr", "-o", str(tmp_path / "x.po")],
                 ["new-translation", LEAFLET, "pt"]):
        r = ml(tmp_path, *args)
        assert "Traceback" not in r.stderr and r.returncode in (0, 1), (args, r.stderr[-500:])
        assert len(r.stderr.strip().splitlines()) <= 1 or args[0] == "check", r.stderr[-500:]
