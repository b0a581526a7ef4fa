"""Gettext PO files for translators' tools (Poedit, Weblate, any CAT tool): export and import."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import polib

from ..errors import ContentError, UsageError
from ..resolve import language
from .context import text_notes
from .fields import language_arg, leaflet_folder, leaflet_note, load_checked, source_language
from .glossary import Glossary, load_glossary
from .incoming import Entry, Incoming, import_incoming
from .record import Translation, translation


def _now() -> str:
    """PO-Revision-Date: SOURCE_DATE_EPOCH when set, so builds of the files can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() \
        else dt.datetime.now(dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M+0000")


# How each category of text_notes reads in a PO file's `#.` lines (kind and location share the first line).
_PO_LABELS = {"author": "note from the author", "quotation": "quotation", "glossary": "glossary"}


def _catalog(t: Translation, leaflet: str, template: bool, glossary: Glossary) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    lg = None if template else language(t.lang)
    po.metadata = {
        "Project-Id-Version": leaflet,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": _now(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE" if template else _now(),
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>" if template else "make-leaflet",
        "Language-Team": "LANGUAGE <LL@li.org>" if template else f"{lg.name} ({t.lang})",
        "Language": "" if template else t.lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "make-leaflet",
        "X-Leaflet": leaflet,
        "X-Source-Language": t.source_lang,
    }
    note = leaflet_note(t.source_doc)
    po.header = (("Template for translations" if template else f"{lg.name} translation")
                 + f" of the leaflet {leaflet!r}.\n"
                 "Keep **bold** markers and the web addresses of [link text](https://...) links as they are."
                 + (f"\nNote from the author: {note}" if note else ""))
    for m, notes in zip(t.matches, text_notes(t, glossary, template)):
        f = m.field
        lines = [f"{notes[0][1]}; place: {notes[1][1]}"] + [f"{_PO_LABELS[c]}: {text}" for c, text in notes[2:]]
        entry = polib.POEntry(msgctxt=m.ident, msgid=f.text, msgstr="" if template else m.text,
                              comment="\n".join(lines),
                              occurrences=[(f"{t.source_lang}.yaml", str(f.line))] if f.line else [])
        if m.state == "fuzzy" and not template:
            entry.flags.append("fuzzy")
            if m.previous:
                entry.previous_msgid = m.previous
        po.append(entry)
    if not template:
        for p in t.obsolete:  # translations no source text took: kept for the translator to reuse
            if p.source and not any(e.msgid == p.source for e in po):
                po.append(polib.POEntry(msgctxt=p.kind, msgid=p.source, msgstr=p.text, obsolete=True))
    return po


def prepared(content_dir: Path | str, leaflet: str, lang: str | None) -> Translation:
    """The translation to export (the source itself, for a template), after checking the source."""
    folder = leaflet_folder(content_dir, leaflet)
    source_lang = source_language(folder)
    lang = language_arg(lang) if lang is not None else source_lang
    load_checked(folder / f"{source_lang}.yaml")  # a broken source is a file:line error, not a broken PO
    return translation(folder, lang, source_lang)


def export_po(content_dir: Path | str, leaflet: str, lang: str, out: Path | str) -> Path:
    """One entry per source text: msgctxt its stable id, msgid the source, msgstr the translation so far;
    fuzzy, with the earlier source as `#| msgid`, where the source changed since it was translated."""
    t = prepared(content_dir, leaflet, lang)
    if t.lang == t.source_lang:
        raise UsageError(f"{t.lang!r} is the source language of {leaflet!r}: there is nothing to translate")
    out = Path(out)
    _catalog(t, leaflet, False, load_glossary(content_dir)).save(str(out))
    return out


def export_pot(content_dir: Path | str, leaflet: str, out: Path | str) -> Path:
    """The POT template of a leaflet: every source text, no translations (for Weblate, Crowdin, msginit)."""
    t = prepared(content_dir, leaflet, None)
    out = Path(out)
    _catalog(t, leaflet, True, load_glossary(content_dir)).save(str(out))
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


def _header_entries(po: polib.POFile) -> list[Entry]:
    return [Entry(e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags, e.previous_msgid or None, e.linenum)
            for e in po if not e.obsolete]


def import_po(content_dir: Path | str, po_path: Path | str, leaflet: str | None = None,
              lang: str | None = None) -> tuple[Path, bool]:
    """Writes LANG.yaml from a PO file; returns (path, whether it changed). Nothing is written when the
    PO does not match the leaflet; a text left empty in the PO keeps the translation already there."""
    po_path = Path(po_path)
    po, text = read_po(po_path)
    lines = {key: _header_line(text, key) for key in ("X-Leaflet", "Language")}
    incoming = Incoming(po_path, "PO file", po.metadata.get("X-Leaflet", "").strip(),
                        po.metadata.get("Language", "").strip(), po.metadata.get("Language-Team", ""),
                        {"leaflet": ("X-Leaflet", lines["X-Leaflet"]), "language": ("Language", lines["Language"])},
                        _header_entries(po))
    return import_incoming(content_dir, incoming, leaflet, lang)
