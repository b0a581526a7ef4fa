"""Approval of a translation: who approved it, when, and exactly which source and text they approved.

The record lives beside the translations, in the leaflet folder's `approvals.yaml`, written only by
`make-leaflet approve`. A translation counts as approved while its file says `status: approved` and its
texts and its source's texts are the ones recorded: any change to either voids the approval.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from ..errors import ContentError, UsageError
from ..write import write_atomic
from .fields import language_arg, leaflet_folder, mapping, read_document, source_language
from .record import Translation, translation
from .translation import write_translation

APPROVALS = "approvals.yaml"


def fingerprint(lang: str, content) -> str:
    data = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")
    return f"{lang} " + hashlib.sha256(data).hexdigest()[:16]


def _printed(doc: dict) -> dict:
    """What a content file prints: everything but the status and the translation record (pictures, note
    kinds and dates count: a changed picture needs a new review too)."""
    meta = {k: v for k, v in mapping(doc.get("meta")).items() if k not in ("status", "source")}
    return {**doc, "meta": meta}


def _fingerprints(t: Translation) -> tuple[str, str]:
    return fingerprint(t.source_lang, _printed(t.source_doc)), fingerprint(t.lang, _printed(t.doc))


def _records(folder: Path) -> dict:
    path = folder / APPROVALS
    return read_document(path) if path.is_file() else {}


def approval_state(t: Translation) -> tuple[bool, str | None]:
    """(approved, what to tell a person about it) for a translation in step with its source."""
    if mapping(t.doc.get("meta")).get("status") != "approved":
        return False, None
    try:
        record = mapping(_records(t.folder).get(t.lang))
    except ContentError as exc:
        return False, f"the approvals cannot be read: {exc}"
    if not record:
        return False, (f"marked approved, but no approval is recorded (expected: make-leaflet approve "
                       f"{t.folder.name} {t.lang} --by NAME)")
    who = f"the approval by {record.get('by', '?')} on {record.get('date', '?')}"
    source, text = _fingerprints(t)
    if record.get("source") != source:
        return False, f"{who} is void: the {t.source_lang} source changed since"
    if record.get("text") != text:
        return False, f"{who} is void: the translation changed since"
    return True, f"approved by {record.get('by')} on {record.get('date')}"


def approve(content_dir: Path | str, leaflet: str, lang: str, by: str, today: dt.date | None = None) -> Path:
    """Record that `by` approved the translation as it is now, and mark the file approved."""
    folder = leaflet_folder(content_dir, leaflet)
    lang = language_arg(lang)
    by = " ".join(by.split())
    if not by or any(not c.isprintable() for c in by):
        raise UsageError("--by needs the name of the person who approves (expected a name, e.g. --by 'Dr A. Lee')")
    source_lang = source_language(folder)
    if lang == source_lang:
        raise UsageError(f"{lang!r} is the source language of {leaflet!r}: approve translations only")
    t = translation(folder, lang, source_lang)
    if not t.doc:
        raise UsageError(f"there is no {lang}.yaml in {folder}")
    if not t.in_step or t.count("untranslated") or t.count("fuzzy"):
        raise ContentError(t.path, 1, "not ready for approval: texts are untranslated, fuzzy or not in step with "
                                      "the source (expected: make-leaflet status shows it complete and current)")
    records = _records(folder)
    source, text = _fingerprints(t)
    records[lang] = {"by": by, "date": (today or dt.date.today()).isoformat(), "source": source, "text": text}
    lines = ["# Who approved each translation of this leaflet, written by make-leaflet approve. Do not edit:",
             "# a translation counts as approved only while its text and its source are the ones recorded here."]
    for tag in sorted(records):
        r = mapping(records[tag])
        lines.append(f"{tag}:")
        lines += [f"  {k}: {json.dumps(str(r.get(k, '')), ensure_ascii=False)}" for k in ("by", "date", "source",
                                                                                        "text")]
    write_atomic(folder / APPROVALS, ("\n".join(lines) + "\n").encode("utf-8"))
    write_translation(t, None, status="approved")
    return folder / APPROVALS


def release_problems(path: Path) -> list[str]:
    """Why a content file should not be printed for patients as it stands, for the build to act on:
    texts whose source changed since they were translated, and an approval that is missing or void.
    Empty for the source itself and for a translation that is current (and, if approved, validly so).
    The build refuses a file marked approved that has any, and prints a draft with them as warnings."""
    folder, lang = path.parent, path.stem
    try:
        source_lang = source_language(folder)
        if lang == source_lang:
            return []
        t = translation(folder, lang, source_lang)
    except (ContentError, UsageError) as exc:
        return [str(exc)]
    out = []
    if t.outdated or t.obsolete or not t.in_step:
        ids = ", ".join(m.field.place for m in t.outdated[:5]) + (" …" if len(t.outdated) > 5 else "")
        out.append(f"{len(t.outdated)} text(s) of the {source_lang} source changed or appeared since this "
                   f"translation was made{': ' + ids if ids else ''} (expected: make-leaflet update-translation "
                   f"{folder.name} {lang}, or export-po and import-po)")
    elif mapping(t.doc.get("meta")).get("status") == "approved":
        approved, note = approval_state(t)
        if not approved:
            out.append(note or "not approved")
    return out
