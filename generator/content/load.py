"""Content files → content model, with errors that name file, line, what is wrong and what was expected."""
from __future__ import annotations

import datetime as dt
import os
import re
import stat
import warnings
from functools import cache
from pathlib import Path

import yaml

from ..errors import ContentError, UsageError
from .inline import parse_inline
from .limits import MAX_FILE_NAME, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_URL_CHARS
from .model import (Clinic, Emergency, Image, ItemList, Leaflet, Meta, Note, Paragraph, Section, SourceRecord,
                    Text)
from .reader import Reader, is_null as _is_null
from .yamlsource import kind_of, line_of, read_yaml

# BCP 47 in the shape content files use: language, optional script, optional region.
LANG_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOTE_KINDS = ("info", "warning")
STATUSES = ("draft", "approved")
CLINIC_FILE = "clinic.yaml"
# line breaks inside a YAML text are spaces (YAML counts NEL, LS and PS as line breaks too); other spaces stay
_BREAKS = " \t\r\n\u0085\u2028\u2029"
_SPACES = re.compile(f"[{_BREAKS}]+")
# Chinese and Japanese put no spaces between characters: whitespace between two of their characters (as
# YAML makes of a line break inside a text) is dropped. Thai, Lao, Khmer and Burmese use spaces between
# phrases, so there only a literal line break (a `|` block) joins the lines without a space.
_HAN = "\u2e80-\u303f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
_NO_SPACE = _HAN + "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
_NO_SPACE_FROM = "\u0e00"  # the first character of either class


@cache
def _joins() -> tuple[re.Pattern, re.Pattern]:
    """The line breaks and spaces dropped between characters of those scripts: compiled when a text first has
    a character from U+0E00 on (their character classes took 5 ms to compile, a fortieth of a build)."""
    return (re.compile(f"(?<=[{_NO_SPACE}])[ \t]*(?:\r?\n|[\u0085\u2028\u2029])[{_BREAKS}]*(?=[{_NO_SPACE}])"),
            re.compile(f"(?<=[{_HAN}])[{_BREAKS}]+(?=[{_HAN}])"))


class _Reader(Reader):
    """A content file's Reader: adds leaflet text (inline markup) and dates."""

    def text(self, node, what: str) -> Text:
        if not isinstance(node, yaml.ScalarNode) or _is_null(node):
            raise self.fail(node, f"{what} must be text, found {kind_of(node)}")
        value = normalize_text(node.value)
        if not value:
            raise self.fail(node, f"{what} is empty (expected text)")
        return Text(parse_inline(value), line_of(node), value)

    def optional_text(self, fields: dict, key: str, what: str) -> Text | None:
        node = fields.get(key)
        return None if node is None or _is_null(node) else self.text(node, what)

    def date(self, node, what: str) -> dt.date:
        value = node.value if isinstance(node, yaml.ScalarNode) else ""
        if _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(node, f"{what} is {value!r} (expected a date written YYYY-MM-DD)")


def normalize_text(value: str) -> str:
    """Text as make-leaflet reads it: YAML line breaks become spaces (none between Han characters)."""
    if value and max(value) >= _NO_SPACE_FROM:
        no_space_break, han_space = _joins()
        value = han_space.sub("", no_space_break.sub("", value))
    return _SPACES.sub(" ", value).strip()


def load_leaflet(path: Path) -> Leaflet:
    """One `<leaflet-id>/<lang>.yaml` file as a Leaflet. Raises ContentError."""
    r = _Reader(path)
    root = read_yaml(path)
    if root is None:
        raise ContentError(path, 1, "the file is empty (expected a leaflet with 'title' and 'sections')")
    top = r.mapping(root, "the leaflet", ("title", "subtitle", "summary", "sections", "meta", TRANSLATOR_NOTE),
                    required=("title", "sections"))
    _translator_note(r, top)
    sections = tuple(_section(r, node, path.parent) for node in r.seq(top["sections"], "'sections'"))
    return Leaflet(
        id=path.parent.name,
        lang=path.stem,
        path=path,
        title=r.text(top["title"], "'title'"),
        subtitle=r.optional_text(top, "subtitle", "'subtitle'"),
        summary=r.optional_text(top, "summary", "'summary'"),
        sections=sections,
        meta=_meta(r, top["meta"]) if "meta" in top and not _is_null(top["meta"]) else Meta(),
    )


def _section(r: _Reader, node, folder: Path) -> Section:
    fields = r.mapping(node, "a section", ("heading", "body", TRANSLATOR_NOTE), required=("heading", "body"))
    _translator_note(r, fields)
    return Section(
        heading=r.text(fields["heading"], "a section 'heading'"),
        body=tuple(_block(r, b, folder) for b in r.seq(fields["body"], "a section 'body'")),
    )


# A note from the author to translators, beside the leaflet's, a section's or a block's texts: exported with
# them for translation (PO, XLIFF), never printed.
TRANSLATOR_NOTE = "translator_note"
_BLOCK_KEYS = ("paragraph", "bullets", "steps", "note", "kind", "image", "alt", "lang", TRANSLATOR_NOTE)


def _translator_note(r: _Reader, fields: dict) -> None:
    if TRANSLATOR_NOTE in fields:
        r.text(fields[TRANSLATOR_NOTE], f"'{TRANSLATOR_NOTE}'")


def _block(r: _Reader, node, folder: Path):
    if isinstance(node, yaml.ScalarNode):
        return Paragraph(r.text(node, "a paragraph"))
    fields = r.mapping(node, "a block", _BLOCK_KEYS)
    kinds = [k for k in ("paragraph", "bullets", "steps", "note", "image") if k in fields]
    if len(kinds) != 1:
        found = " and ".join(kinds) or "none of them"
        raise r.fail(node, f"a block needs exactly one of paragraph, bullets, steps, note, image (found {found})")
    kind = kinds[0]
    stray = [k for k in fields if k not in (kind, *_EXTRA_KEYS[kind])]
    if stray:
        raise r.fail(node, f"{stray[0]!r} does not belong in a {kind} block "
                           f"(expected only: {', '.join((kind, *_EXTRA_KEYS[kind]))})")
    _translator_note(r, fields)
    lang = _block_lang(r, fields.get("lang"))
    if kind == "paragraph":
        return Paragraph(r.text(fields["paragraph"], "a paragraph"), lang)
    if kind in ("bullets", "steps"):
        items = tuple(r.text(n, f"a {kind} entry") for n in r.seq(fields[kind], f"'{kind}'"))
        return ItemList(items, numbered=kind == "steps", line=line_of(node), lang=lang)
    if kind == "note":
        note_kind = r.choice(fields["kind"], "the note 'kind'", NOTE_KINDS) if "kind" in fields else "info"
        return Note(r.text(fields["note"], "'note'"), note_kind, lang)
    return _image(r, node, fields, folder)


_EXTRA_KEYS = {"paragraph": ("lang", TRANSLATOR_NOTE), "bullets": ("lang", TRANSLATOR_NOTE),
               "steps": ("lang", TRANSLATOR_NOTE), "note": ("kind", "lang", TRANSLATOR_NOTE),
               "image": ("alt", TRANSLATOR_NOTE)}


def _block_lang(r: _Reader, node) -> str | None:
    """A block written in another language than the leaflet (`lang: en`)."""
    if node is None:
        return None
    value = node.value.strip() if isinstance(node, yaml.ScalarNode) else None
    if value is None or not LANG_TAG.match(value):
        found = repr(value) if value is not None else kind_of(node)
        raise r.fail(node, f"'lang' must be a language tag such as en, fr or pt-BR (found {found})")
    return value


def _image(r: _Reader, node, fields, folder: Path, where: str = "the leaflet folder") -> Image:
    if "alt" not in fields or _is_null(fields["alt"]):
        raise r.fail(node, "the image has no 'alt' text (expected a short description for screen readers)")
    alt = r.text(fields["alt"], "the image 'alt'")
    src = fields["image"]
    if not isinstance(src, yaml.ScalarNode) or _is_null(src) or not src.value.strip():
        raise r.fail(src, f"'image' must be a file name, found {kind_of(src)}")
    rel = src.value.strip()
    shown = rel if len(rel) <= 60 else rel[:57] + "..."
    if len(rel) > MAX_FILE_NAME:
        raise r.fail(src, f"image name {shown!r} is {len(rel):,} characters long "
                          f"(expected a file name of at most {MAX_FILE_NAME})")
    try:
        target = (folder / rel).resolve()
        inside = not Path(rel).is_absolute() and target.is_relative_to(folder.resolve())
        info = target.stat() if inside else None
    except FileNotFoundError:
        raise r.fail(src, f"image {shown!r} does not exist (expected a PNG or JPEG file next to this file)") \
            from None
    except (OSError, RuntimeError, ValueError) as exc:  # a link to itself, a name the system refuses
        raise r.fail(src, f"image {shown!r} cannot be opened ({getattr(exc, 'strerror', None) or exc})") \
            from None
    if not inside:
        raise r.fail(src, f"image {shown!r} is outside {where} (expected a file inside {where})")
    if not stat.S_ISREG(info.st_mode):
        raise r.fail(src, f"image {shown!r} is not a file (expected a PNG or JPEG file next to this file)")
    if info.st_size > MAX_IMAGE_BYTES:
        raise r.fail(src, f"image {shown!r} is {info.st_size / 1e6:.0f} MB "
                          f"(expected at most {MAX_IMAGE_BYTES // 2**20} MB)")
    try:
        with target.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise r.fail(src, f"image {shown!r} cannot be read ({exc.strerror})") from None
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
        raise r.fail(src, f"image {shown!r} is not a PNG or JPEG file")
    too_big = f"(expected at most {MAX_IMAGE_PIXELS / 1e6:.0f} million pixels: a smaller copy prints as well)"
    from PIL import Image as PILImage  # for leaflets with a picture: most start without Pillow

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)  # our own, lower limit is next
            with PILImage.open(target) as im:
                width, height = im.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise r.fail(src, f"image {shown!r} has {width} x {height} pixels {too_big}")
                im.load()
    except ContentError:
        raise
    except PILImage.DecompressionBombError:
        raise r.fail(src, f"image {shown!r} has over {2 * PILImage.MAX_IMAGE_PIXELS:,} pixels {too_big}") from None
    except Exception as exc:  # Pillow raises many types for damaged files
        raise r.fail(src, f"image {shown!r} is damaged and cannot be decoded ({exc})") from None
    return Image(target, alt, width, height, line_of(node))


def _meta(r: _Reader, node) -> Meta:
    fields = r.mapping(node, "'meta'", ("version", "published", "review_by", "reference", "status", "source",
                                        "url"))
    refs = fields.get("reference")
    if refs is None or _is_null(refs):
        reference = ()
    elif isinstance(refs, yaml.SequenceNode):
        reference = tuple(r.text(n, "a 'reference' entry") for n in r.seq(refs, "'reference'"))
    else:
        reference = (r.text(refs, "'reference'"),)
    version = fields.get("version")
    return Meta(
        version=r.text(version, "'version'").plain if version is not None else None,
        published=r.date(fields["published"], "'published'") if "published" in fields else None,
        review_by=r.date(fields["review_by"], "'review_by'") if "review_by" in fields else None,
        reference=reference,
        status=r.choice(fields["status"], "'status'", STATUSES) if "status" in fields else None,
        source=_source_record(r, fields["source"]) if "source" in fields else None,
        url=_url(r, fields["url"]) if "url" in fields else None,
    )


def _url(r: _Reader, node) -> str:
    value = r.text(node, "'meta.url'").raw
    if not re.fullmatch(r"https?://[^\s]+", value):
        raise r.fail(node, f"'meta.url' is {value[:80]!r} (expected a web address starting with https://)")
    if len(value) > MAX_URL_CHARS:
        raise r.fail(node, f"'meta.url' is {len(value):,} characters long (expected at most {MAX_URL_CHARS}, "
                           "so that its printed QR code stays easy to scan)")
    return value


def _source_record(r: _Reader, node) -> SourceRecord:
    """meta.source, written by make-leaflet's translation commands (not by hand)."""
    fields = r.mapping(node, "'meta.source'", ("lang", "hashes"), required=("lang", "hashes"))
    hashes = r.mapping(fields["hashes"], "'meta.source.hashes'", _hash_keys(fields["hashes"]))
    return SourceRecord(r.text(fields["lang"], "'meta.source.lang'").plain,
                        {k: r.text(v, f"the hash of {k!r}").plain for k, v in hashes.items()})


def _hash_keys(node) -> tuple[str, ...]:
    keys = tuple(k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)) \
        if isinstance(node, yaml.MappingNode) else ()
    return tuple(k for k in keys if k in ("head", "reference") or re.fullmatch(r"s[1-9][0-9]*", k))


def load_clinic(content_dir: Path) -> Clinic | None:
    """The optional clinic.yaml at the content root."""
    path = content_dir / CLINIC_FILE
    if not os.path.lexists(path):
        return None
    r = _Reader(path)
    root = read_yaml(path)
    if root is None:
        raise ContentError(path, 1, "the file is empty (expected name, address, phone, website)")
    keys = ("name", "address", "phone", "website", "feedback")
    fields = r.mapping(root, "the clinic file", keys + ("logo", "accent_color", "emergency"))
    logo = None
    if "logo" in fields:
        logo_fields = r.mapping(fields["logo"], "'logo'", ("image", "alt"), required=("image",))
        logo = _image(r, fields["logo"], logo_fields, content_dir, "the content folder")
    emergency = None
    if "emergency" in fields:
        e = r.mapping(fields["emergency"], "'emergency'", ("text", "phone"), required=("text", "phone"))
        if isinstance(e["text"], yaml.MappingNode):
            for key, _ in e["text"].value:
                if not LANG_TAG.match(key.value):
                    raise r.fail(key, f"{key.value!r} in the emergency 'text' is not a language code "
                                      "(expected one text per language: en: ..., es: ..., zh-Hans: ...)")
            langs = tuple(k.value for k, _ in e["text"].value)
            per_lang = r.mapping(e["text"], "the emergency 'text'", langs)
            if not per_lang:
                raise r.fail(e["text"], "the emergency 'text' is empty (expected the text, or one per "
                                        "language: en: ..., es: ...)")
            texts = {k: r.text(v, f"the emergency text for {k!r}") for k, v in per_lang.items()}
        else:
            texts = {"*": r.text(e["text"], "the emergency 'text'")}
        emergency = Emergency(texts, r.text(e["phone"], "the emergency 'phone'"), line_of(fields["emergency"]))
    return Clinic(**{k: r.optional_text(fields, k, f"'{k}'") for k in keys}, logo=logo,
                  accent_color=_accent(r, fields["accent_color"]) if "accent_color" in fields else None,
                  emergency=emergency, path=path)


def contrast_on_white(hex_color: str) -> float:
    """WCAG 2 contrast ratio of a colour against white."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(hex_color[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def _accent(r: _Reader, node) -> str:
    value = r.text(node, "'accent_color'").raw
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise r.fail(node, f"'accent_color' is {value!r} (expected a colour written #RRGGBB)")
    ratio = contrast_on_white(value)
    if ratio < 4.5:
        raise r.fail(node, f"'accent_color' {value} has a contrast of {ratio:.1f}:1 on white paper "
                           "(expected at least 4.5:1: choose a darker shade)")
    return value.upper()


def discover(content_dir: Path) -> dict[str, dict[str, Path]]:
    """{leaflet id: {lang: path}} for every `<id>/<lang>.yaml` under the content folder."""
    if not content_dir.is_dir():
        raise UsageError(f"content folder {content_dir} does not exist")
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(content_dir.glob("*/*.yaml")):
        if LANG_TAG.match(path.stem):
            found.setdefault(path.parent.name, {})[path.stem] = path
    return found
