"""Gettext PO files for translators' tools (Poedit, Weblate, any CAT tool): export and import."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polib

from ..content import load_leaflet
from ..errors import UsageError
from ..resolve import language
from ..write import write_atomic
from .fields import fields_of, leaflet_folder, mapping, part_hashes, part_titles, read_document, source_language
from .status import outdated_parts
from .translation import render_translation


def export_po(content_dir: Path | str, leaflet: str, lang: str, out: Path | str) -> Path:
    """One entry per text field: msgctxt its place, msgid the source, msgstr the translation so far;
    fuzzy where the source changed since the translation was made."""
    folder = leaflet_folder(content_dir, leaflet)
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


def import_po(content_dir: Path | str, po_path: Path | str, leaflet: str | None = None) -> tuple[Path, bool]:
    """Writes LANG.yaml from a PO file; returns (path, whether it changed). Nothing is written when the
    PO does not match the leaflet; a field left empty in the PO keeps the translation already there."""
    po_path = Path(po_path)
    try:
        po = polib.pofile(str(po_path))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{po_path}: not a readable PO file ({exc})") from None
    named, lang = po.metadata.get("X-Leaflet"), po.metadata.get("Language")
    if not named or not lang:
        raise UsageError(f"{po_path}: the PO file does not say which leaflet and language it is for "
                         "(expected a file made by make-leaflet export-po)")
    if leaflet and named != leaflet:
        raise UsageError(f"{po_path}: this PO file is for leaflet {named!r}, not {leaflet!r}")
    folder = leaflet_folder(content_dir, named)
    language(lang)
    source_lang = source_language(folder)
    load_leaflet(folder / f"{source_lang}.yaml")
    source = read_document(folder / f"{source_lang}.yaml")
    source_fields = fields_of(source)
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
