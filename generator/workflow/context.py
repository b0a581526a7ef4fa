"""What a translator is told beside each text, in PO (`#.` comments) and XLIFF (`<note>`s) alike: the kind
of block and where it is, the author's note, the language of a quotation, and the glossary's terms."""
from __future__ import annotations

from ..resolve.language import known_languages, language
from .fields import quotation
from .glossary import Glossary
from .record import Translation

KIND_NOTES = {"title": "the leaflet's title", "subtitle": "the subtitle", "summary": "the summary under the title",
              "heading": "a section heading", "paragraph": "a paragraph", "bullet": "a bullet point",
              "step": "a numbered step", "note": "a note in a box", "warning": "a warning in a box",
              "alt": "a picture description for screen readers (not printed)",
              "reference": "an evidence source, printed at the end"}


def _language_name(tag: str) -> str:
    base = tag.split("-")[0]
    return language(tag).name if tag in known_languages() or base in known_languages() else tag


def text_notes(t: Translation, glossary: Glossary, template: bool = False) -> list[list[tuple[str, str]]]:
    """For each text of `t`, in order: (category, note) pairs. Categories: kind, location, author,
    quotation, glossary."""
    headings = {m.field.part: m.field.text for m in t.matches if m.field.kind == "heading"}
    out = []
    for m in t.matches:
        f = m.field
        kind = KIND_NOTES.get(f.kind, f.kind)
        if f.part in headings and f.kind != "heading":
            kind = f"{kind} in the section {headings[f.part]!r}"
        notes = [("kind", kind), ("location", f.place)]
        if f.note:
            notes.append(("author", f.note))
        if quotation(f, t.source_lang):
            name = _language_name(f.lang)
            notes.append(("quotation", f"written in {name} ({f.lang}) in the source and printed as {name}: "
                                       "keep it as written unless your team decides to translate it"))
        for term in glossary.in_text(f.text):
            approved = None if template else term.approved(t.lang)
            notes.append(("glossary", f"{term.term} = {approved}" if approved else
                          f"{term.term} (a glossary term{'' if template else ' with no approved translation yet'})"))
        out.append(notes)
    return out
