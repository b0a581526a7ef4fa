"""XLIFF 2.0 (OASIS) for translation tools that prefer it to PO: one unit per source text.

A unit's `name` is the text's stable id (as the PO msgctxt), its notes say where the text is and what
kind of block it is; a segment is `initial` (untranslated, or fuzzy when it has a target: the source
changed), or `translated`. Import reads `translated`, `reviewed` and `final` targets as translated.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import ContentError, UsageError
from ..resolve import language
from ..write import write_atomic
from .incoming import Entry, Incoming, import_incoming
from .po import KIND_NOTES, prepared

NS = "urn:oasis:names:tc:xliff:document:2.0"
_Q = f"{{{NS}}}"


def export_xliff(content_dir: Path | str, leaflet: str, lang: str, out: Path | str) -> Path:
    t = prepared(content_dir, leaflet, lang)
    if t.lang == t.source_lang:
        raise UsageError(f"{t.lang!r} is the source language of {leaflet!r}: there is nothing to translate")
    ET.register_namespace("", NS)
    root = ET.Element(_Q + "xliff", {"version": "2.0", "srcLang": t.source_lang, "trgLang": t.lang})
    file = ET.SubElement(root, _Q + "file", {"id": "f1", "original": f"{leaflet}/{t.source_lang}.yaml"})
    notes = ET.SubElement(file, _Q + "notes")
    for category, text in (("leaflet", leaflet), ("language-team", f"{language(t.lang).name} ({t.lang})"),
                           ("instructions", "Keep **bold** markers and the web addresses of "
                                            "[link text](https://...) links as they are.")):
        ET.SubElement(notes, _Q + "note", {"category": category}).text = text
    for k, m in enumerate(t.matches, 1):
        unit = ET.SubElement(file, _Q + "unit", {"id": f"u{k}", "name": m.ident})
        unit_notes = ET.SubElement(unit, _Q + "notes")
        ET.SubElement(unit_notes, _Q + "note", {"category": "location"}).text = m.field.place
        ET.SubElement(unit_notes, _Q + "note", {"category": "kind"}).text = KIND_NOTES.get(m.field.kind, m.field.kind)
        if m.state == "fuzzy" and m.previous:
            ET.SubElement(unit_notes, _Q + "note", {"category": "previous-source"}).text = m.previous
        segment = ET.SubElement(unit, _Q + "segment", {"state": "translated" if m.state == "translated"
                                                        else "initial"})
        ET.SubElement(segment, _Q + "source").text = m.field.text
        if m.text:
            ET.SubElement(segment, _Q + "target").text = m.text
    ET.indent(root)
    out = Path(out)
    write_atomic(out, ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")
    return out


def read_xliff(path: Path) -> Incoming:
    """An XLIFF 2.0 file as an incoming translation; anything else is one line, exit 1."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path} ({exc.strerror})") from None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # entity expansion is how XML bombs are built
        raise ContentError(path, 1, "the file declares a DOCTYPE or entities (expected plain XLIFF 2.0)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ContentError(path, exc.position[0], f"not well-formed XML ({exc}) (expected an XLIFF 2.0 file)") \
            from None
    # the line of each <unit>, in document order, for messages
    lines = [data[:m.start()].count(b"\n") + 1 for m in re.finditer(rb"<(?:\w+:)?unit[\s>]", data)]
    file = root.find(_Q + "file")
    if root.tag != _Q + "xliff" or root.get("version") != "2.0" or file is None:
        raise ContentError(path, 1, "not an XLIFF 2.0 file (expected <xliff version=\"2.0\"> with a <file>)")
    notes = {n.get("category"): (n.text or "") for n in file.findall(f"{_Q}notes/{_Q}note")}
    entries = []
    for k, unit in enumerate(file.iter(_Q + "unit")):
        segment = unit.find(_Q + "segment")
        if segment is None:
            continue
        source, target = segment.find(_Q + "source"), segment.find(_Q + "target")
        text = "".join(target.itertext()) if target is not None else ""
        previous = next((n.text for n in unit.findall(f"{_Q}notes/{_Q}note")
                         if n.get("category") == "previous-source"), None)
        entries.append(Entry(unit.get("name"), "".join(source.itertext()) if source is not None else "", text,
                             bool(text) and segment.get("state", "initial") == "initial", previous,
                             lines[k] if k < len(lines) else 1))
    return Incoming(path, "XLIFF file", notes.get("leaflet", "").strip(), (root.get("trgLang") or "").strip(),
                    notes.get("language-team", ""), {"leaflet": ("the leaflet note", 1), "language": ("trgLang", 1)},
                    entries)


def import_xliff(content_dir: Path | str, path: Path | str, leaflet: str | None = None,
                 lang: str | None = None) -> tuple[Path, bool]:
    """Writes LANG.yaml from an XLIFF 2.0 file, with the same checks as import-po."""
    return import_incoming(content_dir, read_xliff(Path(path)), leaflet, lang)
