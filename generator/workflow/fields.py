"""The translatable texts of a content file, each with a stable place name, grouped in hashable parts."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.load import LANG_TAG, normalize_text
from ..content.yamlsource import read_yaml
from ..errors import ContentError, UsageError

SOURCE_DEFAULT = "en"


@dataclass(frozen=True)
class Field:
    place: str  # e.g. "title", "sections/2/body/3/bullets/1" (1-based), used as the PO msgctxt
    text: str  # as written, whitespace normalized; "" when not translated yet
    part: str  # "head", "s1", "s2"…, "reference": what one source hash covers


def read_document(path: Path) -> dict:
    """A content file as plain data, with the same safety rules as the build (no tags, no aliases) and
    every value as written (`No` stays "No", `1.10` stays "1.10": no YAML type guessing)."""
    if read_yaml(path) is None:
        return {}
    doc = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.BaseLoader)
    return doc if isinstance(doc, dict) else {}


def mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def sequence(value) -> list:
    return value if isinstance(value, list) else []


def leaflet_folder(content_dir: Path | str, leaflet: str) -> Path:
    folder = Path(content_dir) / leaflet
    if not folder.is_dir():
        raise UsageError(f"no leaflet {leaflet!r} in {content_dir}")
    return folder


def _text(value) -> str:
    return normalize_text(value) if isinstance(value, str) else ""


def fields_of(doc: dict) -> list[Field]:
    out = [Field(k, _text(doc.get(k)), "head") for k in ("title", "subtitle", "summary") if k in doc]
    for i, section in enumerate(sequence(doc.get("sections")), 1):
        section, part = mapping(section), f"s{i}"
        out.append(Field(f"sections/{i}/heading", _text(section.get("heading")), part))
        for j, block in enumerate(sequence(section.get("body")), 1):
            place = f"sections/{i}/body/{j}"
            if not isinstance(block, dict):
                out.append(Field(place, _text(block), part))
                continue
            for kind in ("bullets", "steps"):
                for k, item in enumerate(sequence(block.get(kind)), 1):
                    out.append(Field(f"{place}/{kind}/{k}", _text(item), part))
            for key in ("note", "alt"):
                if key in block:
                    out.append(Field(f"{place}/{key}", _text(block[key]), part))
    refs = mapping(doc.get("meta")).get("reference")
    for k, ref in enumerate([refs] if isinstance(refs, str) else sequence(refs), 1):
        out.append(Field(f"meta/reference/{k}", _text(ref), "reference"))
    return out


def part_hashes(fields: list[Field]) -> dict[str, str]:
    """A short hash per part of the source: what a translation records it was made from."""
    parts: dict[str, list] = {}
    for f in fields:
        parts.setdefault(f.part, []).append([f.place, f.text])
    return {part: hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()[:12]
            for part, items in parts.items()}


def part_titles(fields: list[Field]) -> dict[str, str]:
    """What to call each part for a person: the section heading, the title, or "reference"."""
    titles = {"reference": "meta.reference"}
    for f in fields:
        if f.place == "title":
            titles["head"] = f.text
        elif f.place.endswith("/heading"):
            titles[f.part] = f.text
    return titles


def source_language(folder: Path) -> str:
    """The language the leaflet is written in: what its translations say, else English, else the first."""
    langs = sorted(p.stem for p in folder.glob("*.yaml") if LANG_TAG.match(p.stem))
    if not langs:
        raise UsageError(f"no content files in {folder}")
    named = Counter()
    for lang in langs:
        try:
            record = mapping(mapping(read_document(folder / f"{lang}.yaml").get("meta")).get("source"))
        except ContentError:  # a broken translation says nothing about the source
            continue
        if record.get("lang") in langs:
            named[record["lang"]] += 1
    if named:
        return named.most_common(1)[0][0]
    return SOURCE_DEFAULT if SOURCE_DEFAULT in langs else langs[0]
