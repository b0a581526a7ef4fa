"""Which translations are missing, outdated, draft or approved, leaflet by leaflet."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content import discover
from ..errors import ContentError
from .fields import fields_of, mapping, part_hashes, part_titles, read_document, source_language

@dataclass(frozen=True)
class TranslationState:
    leaflet: str
    lang: str
    state: str  # missing | outdated | draft | approved | error (the file cannot be read)
    source: bool = False  # this file is the leaflet's source
    outdated_sections: list[str] = field(default_factory=list)  # source headings whose text changed
    error: str | None = None  # the file cannot be read

    def as_json(self) -> dict:
        return {"leaflet": self.leaflet, "lang": self.lang, "state": self.state, "source": self.source,
                "outdated_sections": self.outdated_sections, "error": self.error}


def outdated_parts(doc: dict, current: dict[str, str]) -> list[str] | None:
    """Parts of the source that changed since the translation `doc` was made; None without a record."""
    hashes = mapping(mapping(doc.get("meta")).get("source")).get("hashes")
    if not isinstance(hashes, dict):
        return None
    return [part for part in current if hashes.get(part) != current[part]]


def _state(leaflet: str, lang: str, path: Path, current: dict[str, str], titles: dict[str, str],
           is_source: bool) -> TranslationState:
    try:
        doc = read_document(path)
    except ContentError as exc:
        return TranslationState(leaflet, lang, "error", is_source, error=str(exc))
    approved = mapping(doc.get("meta")).get("status") == "approved"
    if is_source:
        return TranslationState(leaflet, lang, "approved" if approved else "draft", True)
    changed = outdated_parts(doc, current)
    if changed is None:
        return TranslationState(leaflet, lang, "draft")  # no record of what it was translated from
    if changed:
        return TranslationState(leaflet, lang, "outdated", outdated_sections=[titles.get(p, p) for p in changed])
    complete = all(f.text for f in fields_of(doc))
    return TranslationState(leaflet, lang, "approved" if approved and complete else "draft")


def status(content_dir: Path | str = "leaflets") -> list[TranslationState]:
    """One state per leaflet and language present anywhere in the content folder."""
    found = discover(Path(content_dir))
    langs = sorted({lang for files in found.values() for lang in files})
    out = []
    for leaflet, files in sorted(found.items()):
        folder = Path(content_dir) / leaflet
        source_lang = source_language(folder)
        try:
            source_fields = fields_of(read_document(files[source_lang]))
        except ContentError:
            source_fields = []
        current, titles = part_hashes(source_fields), part_titles(source_fields)
        for lang in langs:
            if lang not in files:
                out.append(TranslationState(leaflet, lang, "missing"))
            else:
                out.append(_state(leaflet, lang, files[lang], current, titles, lang == source_lang))
    return out
