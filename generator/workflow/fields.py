"""The translatable texts of a content file, each with a stable place name, grouped in hashable parts."""
from __future__ import annotations

import hashlib
import marshal
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ..content.load import LANG_TAG, TRANSLATOR_NOTE, load_leaflet, normalize_text
from ..content.model import Leaflet
from ..content.yamlsource import kind_of, line_of, read_text, read_yaml
from ..errors import ContentError, UsageError
from ..kept import cache_dir
from ..resolve.language import known_languages
from ..write import write_atomic

SOURCE_DEFAULT = "en"


@dataclass(frozen=True)
class Field:
    place: str  # e.g. "title", "sections/2/body/3/bullets/1" (1-based): where it is, not who it is
    text: str  # as written, whitespace normalized; "" when not translated yet
    part: str  # "head", "s1", "s2"…, "reference": the group the record keeps its strings in
    kind: str = "paragraph"  # title, heading, paragraph, bullet, step, note, warning, alt, reference…
    line: int = 0  # where it is written in its file
    note: str = ""  # the author's note to translators (`translator_note:` beside the text); never printed
    lang: str = ""  # the block's own language (`lang:`), when it is not the file's: a quotation

    @property
    def key(self) -> str:
        """Who the text is: a hash of the text itself, the same wherever the text moves."""
        return text_key(self.text)


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


class Scalar(str):
    """A text as written in a content file, remembering its line."""

    line: int = 0


# Characters no text of a leaflet may hold: C0/C1 controls (tab and line breaks aside) and lone surrogates,
# which YAML escapes ("\x01", "\ud800") can produce and no file can be written with.
BAD_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
MAX_DEPTH = 16  # a leaflet nests six levels deep; anything far deeper is not a leaflet


def read_document(path: Path) -> dict:
    """A content file as plain data, with the same safety rules as the build (no tags, no aliases) and
    every value as written (`No` stays "No", `1.10` stays "1.10": no YAML type guessing). Keys that are
    not text, control characters and lone surrogates are refused at their line."""
    try:
        root = read_yaml(path)
    except RecursionError:
        raise ContentError(path, 1, "the file is nested too deeply (expected a leaflet)") from None
    except yaml.YAMLError as exc:  # e.g. a control character the YAML reader meets before parsing
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or type(exc).__name__
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(path, mark.line + 1 if mark else 1, f"not readable as YAML: {problem} "
                                                               "(expected plain UTF-8 text)") from None
    if root is None:
        return {}
    doc = _plain(path, root)
    return doc if isinstance(doc, dict) else {}


def _plain(path: Path, node: yaml.Node, depth: int = 0):
    if depth > MAX_DEPTH:
        raise ContentError(path, line_of(node), f"nested more than {MAX_DEPTH} levels deep (expected a leaflet)")
    if isinstance(node, yaml.ScalarNode):
        bad = BAD_CHAR.search(node.value)
        if bad:
            raise ContentError(path, line_of(node), f"the text holds the character U+{ord(bad.group()):04X}, "
                                                    "which cannot be printed (expected plain text)")
        value = Scalar(node.value)
        value.line = line_of(node)
        return value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(path, n, depth + 1) for n in node.value]
    out = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise ContentError(path, line_of(key), f"a key that is {kind_of(key)} (expected a word such as "
                                                   "'title' before the colon)")
        out[_plain(path, key, depth + 1)] = _plain(path, value, depth + 1)
    return out


def load_checked(path: Path) -> Leaflet:
    """A content file as the build reads it, after the checks the translation commands make (control
    characters, non-text keys, nesting), so that whatever is wrong is one file:line error."""
    read_document(path)
    try:
        return load_leaflet(path)
    except RecursionError:
        raise ContentError(path, 1, "the file is nested too deeply (expected a leaflet)") from None


def mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def sequence(value) -> list:
    return value if isinstance(value, list) else []


# What gettext tools write for a Chinese script (zh_CN); other regions fall back to the bare language.
_REGION_SCRIPT = {"zh-CN": "zh-Hans", "zh-SG": "zh-Hans", "zh-TW": "zh-Hant", "zh-HK": "zh-Hant", "zh-MO": "zh-Hant"}


def normal_tag(value: str) -> str | None:
    """A BCP 47 tag in the case content files use, from a tag or a gettext locale (fr_FR, pt_BR, zh_Hans);
    None when it is not shaped like one (no separators beyond '-' and '_', nothing else)."""
    parts = value.strip().replace("_", "-").split("-")
    parts = [parts[0].lower()] + [p.title() if len(p) == 4 else p.upper() for p in parts[1:]]
    tag = "-".join(parts)
    return tag if LANG_TAG.match(tag) else None


def data_tag(tag: str) -> str | None:
    """The language-data entry a well-formed tag uses (pt-BR → pt-BR, fr-FR → fr, zh-CN → zh-Hans)."""
    tag = _REGION_SCRIPT.get(tag, tag)
    known = set(known_languages())
    parts = tag.split("-")
    for candidate in (tag, "-".join(parts[:2]), parts[0]):
        if candidate in known:
            return candidate
    return None


def language_arg(value: str) -> str:
    """A language named on the command line: a tag make-leaflet has language data for, else a usage error."""
    tag = normal_tag(value)
    if tag is None or data_tag(tag) is None:
        raise UsageError(f"no language data for {value!r} (expected a language tag such as es, pt-BR or "
                         f"zh-Hans: {', '.join(known_languages())})")
    return tag


def leaflet_folder(content_dir: Path | str, leaflet: str) -> Path:
    """The leaflet's folder: a plain folder name directly inside the content folder, never a path."""
    content = Path(content_dir)
    if not is_plain_name(leaflet) or not (content / leaflet).is_dir() \
            or not (content / leaflet).resolve().parent == content.resolve():
        raise UsageError(f"no leaflet {leaflet!r} in {content_dir} (expected the name of a folder in it)")
    return content / leaflet


def is_plain_name(name: str) -> bool:
    """A folder name with no path in it: no separators, not '.' or '..', not absolute, printable."""
    return bool(re.fullmatch(r"[^/\\\x00-\x1f\x7f]+", name)) and name not in (".", "..") and name.strip() == name


def _text(value) -> str:
    return normalize_text(value) if isinstance(value, str) else ""


def _field(place: str, value, part: str, kind: str, block=None) -> Field:
    """A text, with the translator note and language of the block (or section) it is written in."""
    block = mapping(block)
    note, lang = block.get(TRANSLATOR_NOTE), block.get("lang")
    return Field(place, _text(value), part, kind, getattr(value, "line", 0), _text(note),
                 lang.strip() if isinstance(lang, str) else "")


def quotation(f: Field, source_lang: str) -> bool:
    """A text the source writes in another language than its own (`lang:` on its block)."""
    return bool(f.lang) and f.lang.split("-")[0] != source_lang.split("-")[0]


def leaflet_note(doc: dict) -> str:
    """The author's note to translators about the whole leaflet (a top-level `translator_note:`)."""
    return _text(doc.get(TRANSLATOR_NOTE))


def fields_of(doc: dict) -> list[Field]:
    """Every translatable text of a content file, in reading order."""
    out = [_field(k, doc.get(k), "head", k) for k in ("title", "subtitle", "summary") if k in doc]
    for i, section in enumerate(sequence(doc.get("sections")), 1):
        section, part = mapping(section), f"s{i}"
        out.append(_field(f"sections/{i}/heading", section.get("heading"), part, "heading", section))
        for j, block in enumerate(sequence(section.get("body")), 1):
            place = f"sections/{i}/body/{j}"
            if not isinstance(block, dict):
                out.append(_field(place, block, part, "paragraph"))
                continue
            if "paragraph" in block:  # the long form of a paragraph, written to give it `lang:` or a note
                out.append(_field(place, block["paragraph"], part, "paragraph", block))
            for kind in ("bullets", "steps"):
                for k, item in enumerate(sequence(block.get(kind)), 1):
                    out.append(_field(f"{place}/{kind}/{k}", item, part, kind[:-1], block))
            if "note" in block:
                kind = "warning" if block.get("kind") == "warning" else "note"
                out.append(_field(f"{place}/note", block["note"], part, kind, block))
            if "alt" in block:
                out.append(_field(f"{place}/alt", block["alt"], part, "alt", block))
    refs = mapping(doc.get("meta")).get("reference")
    for k, ref in enumerate([refs] if isinstance(refs, str) else sequence(refs), 1):
        out.append(_field(f"meta/reference/{k}", ref, "reference", "reference"))
    return out


def source_language(folder: Path) -> str:
    """The language the leaflet is written in: what its translations say, else English, else the first."""
    langs = sorted(p.stem for p in folder.glob("*.yaml") if LANG_TAG.match(p.stem))
    if not langs:
        raise UsageError(f"no content files in {folder}")
    known = _known_sources()
    before = len(known)
    named = Counter()
    for lang in langs:
        declared = _declared_source(folder / f"{lang}.yaml", known)
        if declared in langs:
            named[declared] += 1
    if len(known) != before:
        _keep_sources(known)
    if named:
        return named.most_common(1)[0][0]
    return SOURCE_DEFAULT if SOURCE_DEFAULT in langs else langs[0]


def _declared_source(path: Path, known: dict[bytes, str | None]) -> str | None:
    """The source language a file names (meta.source.lang). A build asks for every file of the folder,
    even to build the source alone: the answers are kept between runs by file content (`known`), so only
    a new or edited file is parsed (parsing fifteen translations was a tenth of a front-desk build)."""
    try:
        digest = hashlib.sha256(read_text(path).encode("utf-8", "surrogatepass")).digest()
    except ContentError:  # not a readable text file: it says nothing about the source
        return None
    if digest not in known:
        try:
            declared = mapping(mapping(read_document(path).get("meta")).get("source")).get("lang")
        except ContentError:  # a broken translation says nothing about the source
            declared = None
        known[digest] = str(declared) if isinstance(declared, str) else None
    return known[digest]


_MAX_KNOWN_SOURCES = 100_000  # a large library's files, a few MB; beyond that the store starts again


def _sources_store() -> Path:
    return cache_dir() / "declared-sources.marshal"


def _keep_sources(known: dict[bytes, str | None]) -> None:
    try:
        store = marshal.dumps(known if len(known) <= _MAX_KNOWN_SOURCES else {})
        write_atomic(_sources_store(), store, durable=False)
    except OSError:
        pass  # an unwritable cache only costs the parse next time


@cache
def _known_sources() -> dict[bytes, str | None]:
    try:
        known = marshal.loads(_sources_store().read_bytes())
        return known if isinstance(known, dict) else {}
    except (OSError, ValueError, EOFError, TypeError):
        return {}
