"""XLIFF 2.0 (OASIS) for translation tools that prefer it to PO: one unit per source text.

A unit's `id` stays with its text (kind and source hash), its `name` is the text's id among the source's
texts (the PO msgctxt), its notes say where the text is and what kind of block it is; a segment is
`initial` (untranslated, or fuzzy when it has a target: the source changed), or `translated`. Import reads
`translated`, `reviewed` and `final` targets as translated, and a unit a tool split into segments whole.
The export is valid against the OASIS core schema (tests/test_xliff_tools.py).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import ContentError, UsageError
from ..resolve import language
from ..write import write_atomic
from .incoming import Entry, Incoming, import_incoming
from .context import text_notes
from .fields import leaflet_note
from .glossary import load_glossary
from .po import prepared
from .record import Match

NS = "urn:oasis:names:tc:xliff:document:2.0"
_Q = f"{{{NS}}}"
VERSIONS = ("2.0", "2.1", "2.2")


def unit_id(m: Match) -> str:
    """A unit id that stays with its text when others are inserted or moved (translation memories and
    tools such as Weblate key units by id): kind, source-text hash, and the repeat number of a text that
    appears more than once. An XML name token, as XLIFF requires."""
    kind, _, repeat = m.ident.partition("#")
    return f"{kind}-{m.field.key}" + (f"-{repeat}" if repeat else "")


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
                                            "[link text](https://...) links as they are."),
                           ("author", leaflet_note(t.source_doc))):
        if text:
            ET.SubElement(notes, _Q + "note", {"category": category}).text = text
    for m, texts in zip(t.matches, text_notes(t, load_glossary(content_dir))):
        unit = ET.SubElement(file, _Q + "unit", {"id": unit_id(m), "name": m.ident})
        unit_notes = ET.SubElement(unit, _Q + "notes")
        for category, text in texts:
            ET.SubElement(unit_notes, _Q + "note", {"category": category}).text = text
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


def _text(element: ET.Element | None) -> str:
    """The text of a <source> or <target>: inline <cp hex="..."/> is the character it stands for (control
    characters are refused later, as in PO files); other inline codes, which export never writes, add
    nothing; annotations (<mrk>, <pc>) keep their text."""
    if element is None:
        return ""
    out = [element.text or ""]
    for child in element:
        if child.tag == _Q + "cp":
            try:
                out.append(chr(int(child.get("hex", ""), 16)))
            except (ValueError, OverflowError):
                pass
        else:
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _unit_entry(path: Path, unit: ET.Element, line: int) -> Entry:
    """One unit as one text: XLIFF lets a tool split a unit into several segments (and <ignorable>s, the
    spaces between them); the unit's text is all of them in order. A unit whose segments are not all
    translated gives no translation (a half-translated text is never printed); one with any segment still
    in state `initial` stays fuzzy."""
    parts = [p for p in unit if p.tag in (_Q + "segment", _Q + "ignorable")]
    segments = [p for p in parts if p.tag == _Q + "segment"]
    if not segments or any(p.find(_Q + "source") is None for p in parts):
        raise ContentError(path, line, f"unit {unit.get('id')!r} has no <segment> with a <source> (expected "
                                       "the unit as export-xliff wrote it)")
    source = "".join(_text(p.find(_Q + "source")) for p in parts)
    translated = all(s.find(_Q + "target") is not None for s in segments)
    target = "".join(_text(p.find(_Q + "target") if p.find(_Q + "target") is not None else p.find(_Q + "source"))
                     for p in parts) if translated else ""
    fuzzy = any(s.get("state", "initial") == "initial" for s in segments)
    previous = next((n.text for n in unit.findall(f"{_Q}notes/{_Q}note")
                     if n.get("category") == "previous-source"), None)
    return Entry(unit.get("name"), source, target, bool(target.strip()) and fuzzy, previous, line)


def read_xliff(path: Path) -> Incoming:
    """An XLIFF 2.x file as an incoming translation; anything else is one line, exit 1."""
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
    lines = [data[:m.start()].count(b"\n") + 1 for m in re.finditer(rb"<(?:[\w.-]+:)?unit[\s/>]", data)]
    files = root.findall(_Q + "file")
    # XLIFF 2.1 and 2.2 keep the 2.0 core (and its namespace): a tool that saves as 2.1 is read the same
    if root.tag != _Q + "xliff" or root.get("version") not in VERSIONS or len(files) != 1:
        raise ContentError(path, 1, "not an XLIFF 2.0 file of one leaflet (expected <xliff version=\"2.0\" "
                                    f"xmlns=\"{NS}\"> with one <file>, as export-xliff writes it)")
    file = files[0]
    notes = {n.get("category"): (n.text or "") for n in file.findall(f"{_Q}notes/{_Q}note")}
    units = list(file.iter(_Q + "unit"))  # units may sit in <group>s
    entries = [_unit_entry(path, unit, lines[k] if k < len(lines) else 1) for k, unit in enumerate(units)]
    return Incoming(path, "XLIFF file", notes.get("leaflet", "").strip(), (root.get("trgLang") or "").strip(),
                    notes.get("language-team", ""), {"leaflet": ("the leaflet note", 1), "language": ("trgLang", 1)},
                    entries)


def import_xliff(content_dir: Path | str, path: Path | str, leaflet: str | None = None,
                 lang: str | None = None) -> tuple[Path, bool]:
    """Writes LANG.yaml from an XLIFF 2.0 file, with the same checks as import-po."""
    return import_incoming(content_dir, read_xliff(Path(path)), leaflet, lang)
