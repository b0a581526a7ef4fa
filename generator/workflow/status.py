"""Which translations are missing, outdated, incomplete, draft or approved, with progress per language."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content import discover
from ..errors import ContentError
from .approval import approval_state
from .fields import mapping, read_document, source_language
from .record import translation

STATES = ("missing", "error", "outdated", "incomplete", "draft", "approved")


@dataclass(frozen=True)
class TranslationState:
    leaflet: str
    lang: str
    state: str  # one of STATES
    source: bool = False  # this file is the leaflet's source
    counts: dict[str, int] = field(default_factory=dict)  # translated / fuzzy / untranslated texts
    words: dict[str, int] = field(default_factory=dict)  # the same, in words of the source
    outdated: list[dict] = field(default_factory=list)  # {id, place, text} of source texts changed since
    obsolete: int = 0  # translated texts the source no longer has
    error: str | None = None  # why the file (or its source) cannot be read
    note: str | None = None  # e.g. why an approval no longer holds

    @property
    def done(self) -> int | None:
        """Percent of the source's words translated and current."""
        total = sum(self.words.values())
        return round(100 * self.words.get("translated", 0) / total) if total else None

    def as_json(self) -> dict:
        return {"leaflet": self.leaflet, "lang": self.lang, "state": self.state, "source": self.source,
                "counts": self.counts, "words": self.words, "outdated": self.outdated, "obsolete": self.obsolete,
                "error": self.error, "note": self.note}


def _state(leaflet: str, folder: Path, lang: str, source_lang: str) -> TranslationState:
    path = folder / f"{lang}.yaml"
    try:
        if lang == source_lang:
            doc = read_document(path)
            approved = mapping(doc.get("meta")).get("status") == "approved"
            return TranslationState(leaflet, lang, "approved" if approved else "draft", True)
        t = translation(folder, lang, source_lang)
    except ContentError as exc:
        return TranslationState(leaflet, lang, "error", lang == source_lang, error=str(exc))
    counts = {s: t.count(s) for s in ("translated", "fuzzy", "untranslated")}
    words = {s: t.words(s) for s in ("translated", "fuzzy", "untranslated")}
    outdated = [{"id": m.ident, "place": m.field.place, "text": m.field.text} for m in t.outdated]
    note = None
    if outdated or t.obsolete or not t.in_step:
        state = "outdated"
        if not t.recorded:
            note = "no record of the source it was translated from: every text needs review"
    elif counts["untranslated"]:
        state = "incomplete"
    else:
        approved, note = approval_state(t)
        state = "approved" if approved else "draft"
    return TranslationState(leaflet, lang, state, False, counts, words, outdated, len(t.obsolete), note=note)


def status(content_dir: Path | str = "leaflets") -> list[TranslationState]:
    """One state per leaflet and language present anywhere in the content folder."""
    found = discover(Path(content_dir))
    langs = sorted({lang for files in found.values() for lang in files})
    out = []
    for leaflet, files in sorted(found.items()):
        folder = Path(content_dir) / leaflet
        source_lang = source_language(folder)
        for lang in langs:
            if lang not in files:
                out.append(TranslationState(leaflet, lang, "missing"))
            else:
                out.append(_state(leaflet, folder, lang, source_lang))
    return out
