"""Writing translation files: the source's structure, the source text beside every field, the record."""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import UsageError
from ..resolve import language
from ..write import write_atomic
from .fields import language_arg, leaflet_folder, load_checked, mapping, source_language
from .record import Match, Translation, translation


# Characters a YAML reader takes as a line break or refuses when written raw: escaped in quoted texts,
# shown as \uXXXX in comments so a comment stays one line.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def _q(value) -> str:
    """A YAML double-quoted scalar (a JSON string is one, once YAML line breaks are escaped too)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _comment(value: str) -> str:
    """Source text for a `# en: ...` comment: one line whatever the text holds."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", value)


def _scalar(value: str) -> str:
    return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _q(value)


def render_translation(source: dict, source_lang: str, lang: str, matches: list[Match], status: str) -> str:
    """The YAML text of a translation in the source's structure, the source text above every text (and,
    for a text marked fuzzy, the source it was translated from above that), and the record."""
    by_place = {m.field.place: m for m in matches}
    values = {m.field.place: m.text for m in matches}
    lines = [f"# {language(lang).name} ({lang}) translation of {source_lang}.yaml, written by make-leaflet.",
             f"# Above each text is the {language(source_lang).name} source, as a comment. Translate the text in quotes;",
             "# keep **bold** markers and the web addresses of [link text](https://...) links as they are.",
             "# A text below two comments is fuzzy: the source changed; update the translation to match it.",
             "# It needs review by a qualified medical translator before use with patients;",
             "# only after that review is it approved (make-leaflet approve).",
             ""]

    def note(indent: str, place: str):
        if by_place[place].field.note:
            lines.append(f"{indent}# for translators: {_comment(by_place[place].field.note)}")

    def before(indent: str, place: str):
        m = by_place[place]
        if m.state == "fuzzy":
            lines.append(f"{indent}# {source_lang} (before the change): {_comment(m.previous or '(not known)')}")

    def field(indent: str, key: str, place: str, item: bool = False, with_note: bool = True):
        lead = f"{indent}- " if item else indent
        if with_note:
            note(indent, place)
        before(indent, place)
        lines.append(f"{indent}# {source_lang}: {_comment(by_place[place].field.text)}")
        lines.append(f"{lead}{key + ': ' if key else ''}{_q(values.get(place, ''))}")

    def item_field(indent: str, key: str, place: str):
        """The first key of a list item: the comment after its "- ", the key on the next line."""
        note(indent, place)
        before(indent, place)
        lines.append(f"{indent}- # {source_lang}: {_comment(by_place[place].field.text)}")
        lines.append(f"{indent}  {key}: {_q(values.get(place, ''))}")

    for key in ("title", "subtitle", "summary"):
        if key in source:
            field("", key, key)
    lines.append("sections:")
    for i, section in enumerate(source.get("sections") or [], 1):
        item_field("  ", "heading", f"sections/{i}/heading")
        lines.append("    body:")
        for j, block in enumerate(section.get("body") or [], 1):
            place = f"sections/{i}/body/{j}"
            if not isinstance(block, dict) or ("paragraph" in block and "lang" not in block):
                field("      ", "", place, item=True)
            elif "paragraph" in block:
                item_field("      ", "paragraph", place)
            elif "bullets" in block or "steps" in block:
                kind = "bullets" if "bullets" in block else "steps"
                if block[kind]:
                    note("      ", f"{place}/{kind}/1")
                lines.append(f"      - {kind}:")
                for k in range(1, len(block[kind]) + 1):
                    field("          ", "", f"{place}/{kind}/{k}", item=True, with_note=False)
            elif "note" in block:
                item_field("      ", "note", place + "/note")
                if "kind" in block:
                    lines.append(f"        kind: {block['kind']}")
            if isinstance(block, dict) and "lang" in block and "image" not in block:
                lines.append(f"        lang: {_q(block['lang'])}")  # a quotation stays in its language
            if isinstance(block, dict) and "image" in block:
                lines.append(f"      - image: {_q(block.get('image'))}")
                field("        ", "alt", f"{place}/alt")
    meta = source.get("meta") or {}
    lines.append("meta:")
    for key in ("version", "published", "review_by"):
        if key in meta:
            lines.append(f"  {key}: {_scalar(meta[key])}")
    lines.append(f"  status: {status}")
    refs = [p for p in by_place if p.startswith("meta/reference/")]
    if refs:
        lines.append("  reference:")
        for place in refs:
            field("    ", "", place, item=True)
    lines += ["  source:", f"    lang: {source_lang}", "    hashes:"]
    parts: dict[str, list[str]] = {}
    for m in matches:
        parts.setdefault(m.field.part, []).append(m.token)
    lines += [f"      {part}: {_q(' '.join(tokens))}" for part, tokens in parts.items()]
    return "\n".join(lines) + "\n"


def new_translation(content_dir: Path | str, leaflet: str, lang: str) -> Path:
    """A draft skeleton for `lang` with the source's structure; never overwrites a file."""
    folder = leaflet_folder(content_dir, leaflet)
    lang = language_arg(lang)
    target = folder / f"{lang}.yaml"
    if target.exists():
        raise UsageError(f"{target} already exists (make-leaflet never overwrites a translation; "
                         "use update-translation, or export-po and import-po, to update it)")
    source_lang = source_language(folder)
    load_checked(folder / f"{source_lang}.yaml")  # a broken source is a file:line error
    t = translation(folder, lang, source_lang)
    text = render_translation(t.source_doc, source_lang, lang, t.matches, "draft")
    with target.open("x", encoding="utf-8") as f:
        f.write(text)
    return target


def update_translation(content_dir: Path | str, leaflet: str, lang: str) -> tuple[Path, bool]:
    """Rewrite LANG.yaml for the current source, as msgmerge does a PO file: every translation stays with
    the source text it translates; texts whose source changed are marked fuzzy, new texts are empty.
    Also brings a file in an older record format to the current one. Returns (path, changed)."""
    folder = leaflet_folder(content_dir, leaflet)
    lang = language_arg(lang)
    source_lang = source_language(folder)
    if lang == source_lang:
        raise UsageError(f"{lang!r} is the source language of {leaflet!r}: there is nothing to update")
    if not (folder / f"{lang}.yaml").is_file():
        raise UsageError(f"there is no {lang}.yaml in {folder} (start one with: make-leaflet new-translation "
                         f"{leaflet} {lang})")
    load_checked(folder / f"{source_lang}.yaml")
    return write_translation(translation(folder, lang, source_lang), None)


def write_translation(t: Translation, matches: list[Match] | None, status: str | None = None) -> tuple[Path, bool]:
    """Write `t` (with `matches` instead of its own, if given); an approved file whose texts change
    becomes a draft again, as changed text needs a new review. Returns (path, whether the file changed)."""
    matches = t.matches if matches is None else matches
    changed_text = [m.text for m in matches] != [m.text for m in t.matches] or not t.in_step
    approved = mapping(t.doc.get("meta")).get("status") == "approved"
    status = status or ("approved" if approved and not changed_text else "draft")
    text = render_translation(t.source_doc, t.source_lang, t.lang, matches, status)
    if t.path.exists() and t.path.read_text(encoding="utf-8") == text:
        return t.path, False
    write_atomic(t.path, text.encode("utf-8"))
    return t.path, True
