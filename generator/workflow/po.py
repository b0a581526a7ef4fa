"""Gettext PO files for translators' tools (Poedit, Weblate, any CAT tool): export and import."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import polib

from ..content import load_leaflet
from ..errors import ContentError, UsageError
from ..resolve import language
from ..write import write_atomic
from .fields import (_BAD_CHAR, data_tag, fields_of, is_plain_name, language_arg, leaflet_folder, mapping,
                     normal_tag, part_hashes, part_titles, read_document, source_language)
from .status import outdated_parts
from .translation import render_translation


def export_po(content_dir: Path | str, leaflet: str, lang: str, out: Path | str) -> Path:
    """One entry per text field: msgctxt its place, msgid the source, msgstr the translation so far;
    fuzzy where the source changed since the translation was made."""
    folder = leaflet_folder(content_dir, leaflet)
    lang = language_arg(lang)
    lg = language(lang)
    source_lang = source_language(folder)
    if lang == source_lang:
        raise UsageError(f"{lang!r} is the source language of {leaflet!r}: there is nothing to translate")
    load_leaflet(folder / f"{source_lang}.yaml")  # a broken source is a file:line error, not a broken PO
    source_fields = fields_of(read_document(folder / f"{source_lang}.yaml"))
    target = folder / f"{lang}.yaml"
    doc = read_document(target) if target.exists() else {}
    existing = {f.place: f.text for f in fields_of(doc)}
    outdated = set(outdated_parts(doc, part_hashes(source_fields)) or ())
    titles = part_titles(source_fields)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"{leaflet}",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "make-leaflet",
        "X-Leaflet": leaflet,
        "X-Source-Language": source_lang,
    }
    po.header = (f"{lg.name} translation of the leaflet {leaflet!r}.\n"
                 "Keep **bold** markers and the web addresses of [link text](https://...) links as they are.")
    for f in source_fields:
        section = titles.get(f.part, "")
        entry = polib.POEntry(msgctxt=f.place, msgid=f.text, msgstr=existing.get(f.place, ""),
                              comment=f"Section: {section}" if f.part.startswith("s") else
                              ("Title and summary" if f.part == "head" else "Evidence sources"))
        if f.part in outdated and entry.msgstr:
            entry.flags.append("fuzzy")
        po.append(entry)
    out = Path(out)
    po.save(str(out))
    return out


def _header_line(text: str, key: str) -> int:
    """The line of a header field in the PO file, for messages (1 when it cannot be found)."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip('"').startswith(f"{key}:"):
            return n
    return 1


# polib splits lines as Python does, at characters that are text inside a PO string (U+2028, U+0085…):
# they stand in as noncharacters while polib reads, and are put back after.
_SPLITTING = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_TO_STANDIN = {ord(c): 0xFDD0 + i for i, c in enumerate(_SPLITTING)}
_FROM_STANDIN = {v: k for k, v in _TO_STANDIN.items()}
_STANDIN = re.compile("[\ufdd0-\ufdef]")


def read_po(po_path: Path) -> tuple[polib.POFile, str]:
    """A PO file and its text; anything polib cannot read is one line, exit 1."""
    try:
        text = po_path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise UsageError(f"cannot read {po_path} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ContentError(po_path, 1, "the file is not UTF-8 text (expected a PO file saved as UTF-8)") from None
    if "\n" not in text.strip():  # polib would take a one-line text for the name of a file to read
        raise ContentError(po_path, 1, "not a PO file (expected msgid and msgstr entries)")
    if _STANDIN.search(text):
        raise ContentError(po_path, text[:_STANDIN.search(text).start()].count("\n") + 1,
                           "the file holds a Unicode noncharacter (expected plain text)")
    try:
        po = polib.pofile(text.translate(_TO_STANDIN), wrapwidth=0)
    except Exception as exc:  # polib raises OSError, ValueError and others for damaged files
        reason = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ContentError(po_path, 1, f"not a readable PO file ({reason})") from None
    for e in po:
        for attr in ("msgid", "msgstr", "msgctxt", "previous_msgid"):
            if getattr(e, attr):
                setattr(e, attr, getattr(e, attr).translate(_FROM_STANDIN))
    return po, text


def po_target(content_dir: Path | str, po_path: Path, po: polib.POFile, text: str, leaflet: str | None,
              lang: str | None) -> tuple[Path, str, str]:
    """(leaflet folder, language tag, source language) a PO file may be imported into, or a one-line refusal.

    A PO file comes from outside the clinic: its Language must be a language make-leaflet knows, its
    X-Leaflet a folder directly in the content folder, and it never replaces the source."""
    named = po.metadata.get("X-Leaflet", "").strip()
    if leaflet:
        if named and named != leaflet:
            raise UsageError(f"{po_path}: this PO file is for leaflet {named!r}, not {leaflet!r}")
        named = leaflet
    if not named:
        raise ContentError(po_path, 1, "the PO file does not say which leaflet it is for (expected an X-Leaflet "
                                       "header as make-leaflet export-po writes; or name it with --leaflet ID)")
    if not is_plain_name(named) or not (Path(content_dir) / named).is_dir():
        raise ContentError(po_path, _header_line(text, "X-Leaflet"),
                           f"X-Leaflet {named!r} is not a leaflet in {content_dir} (expected the name of a "
                           "leaflet folder, no path)")
    folder = leaflet_folder(content_dir, named)
    written = po.metadata.get("Language", "").strip()
    tag = normal_tag(written) if written else None
    if tag is None or data_tag(tag) is None:
        raise ContentError(po_path, _header_line(text, "Language"),
                           f"Language {written!r} is not a language make-leaflet knows (expected a language tag "
                           "such as es, pt_BR or zh-Hans)")
    if not (folder / f"{tag}.yaml").is_file():
        tag = data_tag(tag)  # fr_FR fills fr.yaml unless the leaflet has a fr-FR.yaml of its own
    if lang is not None and language_arg(lang) not in (tag, normal_tag(written)):
        raise UsageError(f"{po_path}: this PO file is for language {written!r}, not {lang!r}")
    source_lang = source_language(folder)
    if tag == source_lang:
        raise ContentError(po_path, _header_line(text, "Language"),
                           f"Language {written!r} is the source language of {named!r} (expected a translation: "
                           "make-leaflet never overwrites the source)")
    _check_script(po_path, po, tag)
    return folder, tag, source_lang


# The Unicode name prefixes of the letters each script of the language data writes with.
_SCRIPT_LETTERS = {"latin": ("LATIN",), "cyrillic": ("CYRILLIC",), "greek": ("GREEK",), "arabic": ("ARABIC",),
                   "hebrew": ("HEBREW",), "devanagari": ("DEVANAGARI",), "bengali": ("BENGALI",),
                   "gurmukhi": ("GURMUKHI",), "gujarati": ("GUJARATI",), "tamil": ("TAMIL",), "thai": ("THAI",),
                   "ethiopic": ("ETHIOPIC",), "hangul": ("HANGUL",),
                   "han": ("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH", "FULLWIDTH")}


def _check_script(po_path: Path, po: polib.POFile, tag: str) -> None:
    """Language evidence in the translations themselves: a PO whose Language was changed from ru to es still
    has Cyrillic translations. Most letters of the translated texts must be in the language's script."""
    prefixes = _SCRIPT_LETTERS.get(language(tag).script)
    if not prefixes:
        return
    letters = [c for e in po if not e.obsolete for c in e.msgstr if c.isalpha()]
    if not letters:
        return
    inside = sum(unicodedata.name(c, "").startswith(prefixes) for c in letters)
    if inside < 0.5 * len(letters):
        first = next(e for e in po if any(c.isalpha() and not unicodedata.name(c, "").startswith(prefixes)
                                          for c in e.msgstr))
        raise ContentError(po_path, first.linenum, f"the translations are not written in {language(tag).name} "
                                                   f"script ({language(tag).script}) although Language says "
                                                   f"{tag!r} (expected a PO file for that language)")


def import_po(content_dir: Path | str, po_path: Path | str, leaflet: str | None = None,
              lang: str | None = None) -> tuple[Path, bool]:
    """Writes LANG.yaml from a PO file; returns (path, whether it changed). Nothing is written when the
    PO does not match the leaflet; a field left empty in the PO keeps the translation already there."""
    po_path = Path(po_path)
    po, text = read_po(po_path)
    folder, lang, source_lang = po_target(content_dir, po_path, po, text, leaflet, lang)
    named = folder.name
    load_leaflet(folder / f"{source_lang}.yaml")
    source = read_document(folder / f"{source_lang}.yaml")
    source_fields = fields_of(source)
    bad = next((e for e in po if not e.obsolete and _BAD_CHAR.search(e.msgstr)), None)
    if bad is not None:
        raise ContentError(po_path, bad.linenum, "the translation holds a control character or a lone surrogate "
                                                 "(expected plain text)")
    missing_ctxt = next((e for e in po if not e.obsolete and e.msgid and not e.msgctxt), None)
    if missing_ctxt is not None:
        raise ContentError(po_path, missing_ctxt.linenum, "an entry without msgctxt (expected the place of each "
                                                          "text, as make-leaflet export-po writes)")
    entries = {e.msgctxt: e for e in po if not e.obsolete}
    wanted = {f.place for f in source_fields}
    if set(entries) != wanted:
        missing, unknown = sorted(wanted - set(entries)), sorted(set(entries) - wanted)
        detail = "; ".join(x for x in (f"missing {', '.join(missing[:5])}" if missing else "",
                                       f"not in the leaflet: {', '.join(unknown[:5])}" if unknown else "") if x)
        raise UsageError(f"{po_path}: the entries do not match leaflet {named!r} ({detail}); "
                         f"export a new PO file with: make-leaflet export-po {named} {lang}")
    target = folder / f"{lang}.yaml"
    existing_doc = read_document(target) if target.exists() else {}
    existing = {f.place: f.text for f in fields_of(existing_doc)}
    values = {p: entries[p].msgstr.strip() or existing.get(p, "") for p in wanted}
    current = part_hashes(source_fields)
    hashes = {}
    for part in current:
        parts = [f for f in source_fields if f.part == part]
        if all(entries[f.place].msgid == f.text and "fuzzy" not in entries[f.place].flags for f in parts):
            hashes[part] = current[part]
        else:  # translated from another version of the source, or marked for review: stays outdated
            seen = [[f.place, entries[f.place].msgid, "fuzzy" in entries[f.place].flags] for f in parts]
            hashes[part] = hashlib.sha256(json.dumps(seen, ensure_ascii=False).encode()).hexdigest()[:12]
    changed_text = any(values[p] != existing.get(p, "") for p in wanted)
    approved = mapping(existing_doc.get("meta")).get("status") == "approved"
    status = "approved" if approved and not changed_text else "draft"
    text = render_translation(source, source_lang, lang, values, status, hashes)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return target, False
    write_atomic(target, text.encode("utf-8"))
    return target, True
