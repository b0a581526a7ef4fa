"""Writing translation files: the source's structure, the source text beside every field, the record."""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..content import load_leaflet
from ..errors import UsageError
from ..resolve import language
from .fields import fields_of, language_arg, leaflet_folder, part_hashes, read_document, source_language


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


def render_translation(source: dict, source_lang: str, lang: str, values: dict[str, str], status: str,
                       hashes: dict[str, str]) -> str:
    """The YAML text of a translation: `values` by place ("" for untranslated fields)."""
    src = {f.place: f.text for f in fields_of(source)}
    lines = [f"# {language(lang).name} ({lang}) translation of {source_lang}.yaml, written by make-leaflet.",
             f"# Above each text is the {language(source_lang).name} source, as a comment. Translate the text in quotes;",
             "# keep **bold** markers and the web addresses of [link text](https://...) links as they are.",
             "# It needs review by a qualified medical translator before use with patients;",
             "# only after that review is meta.status set to approved.",
             ""]

    def field(indent: str, key: str, place: str, item: bool = False):
        lead = f"{indent}- " if item else indent
        lines.append(f"{indent}# {source_lang}: {_comment(src[place])}")
        lines.append(f"{lead}{key + ': ' if key else ''}{_q(values.get(place, ''))}")

    def item_field(indent: str, key: str, place: str):
        """The first key of a list item: the comment after its "- ", the key on the next line."""
        lines.append(f"{indent}- # {source_lang}: {_comment(src[place])}")
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
            if not isinstance(block, dict):
                field("      ", "", place, item=True)
            elif "bullets" in block or "steps" in block:
                kind = "bullets" if "bullets" in block else "steps"
                lines.append(f"      - {kind}:")
                for k in range(1, len(block[kind]) + 1):
                    field("          ", "", f"{place}/{kind}/{k}", item=True)
            elif "note" in block:
                item_field("      ", "note", place + "/note")
                if "kind" in block:
                    lines.append(f"        kind: {block['kind']}")
            else:
                lines.append(f"      - image: {_q(block.get('image'))}")
                field("        ", "alt", f"{place}/alt")
    meta = source.get("meta") or {}
    lines.append("meta:")
    for key in ("version", "published", "review_by"):
        if key in meta:
            lines.append(f"  {key}: {_scalar(meta[key])}")
    lines.append(f"  status: {status}")
    refs = [p for p in src if p.startswith("meta/reference/")]
    if refs:
        lines.append("  reference:")
        for place in refs:
            field("    ", "", place, item=True)
    lines += ["  source:", f"    lang: {source_lang}", "    hashes:"]
    lines += [f"      {part}: {_q(h)}" for part, h in hashes.items()]
    return "\n".join(lines) + "\n"


def new_translation(content_dir: Path | str, leaflet: str, lang: str) -> Path:
    """A draft skeleton for `lang` with the source's structure; never overwrites a file."""
    folder = leaflet_folder(content_dir, leaflet)
    lang = language_arg(lang)
    target = folder / f"{lang}.yaml"
    if target.exists():
        raise UsageError(f"{target} already exists (make-leaflet never overwrites a translation; "
                         "use export-po and import-po to update it)")
    source_lang = source_language(folder)
    load_leaflet(folder / f"{source_lang}.yaml")  # a broken source is a file:line error
    source = read_document(folder / f"{source_lang}.yaml")
    text = render_translation(source, source_lang, lang, {}, "draft", part_hashes(fields_of(source)))
    with target.open("x", encoding="utf-8") as f:
        f.write(text)
    return target
