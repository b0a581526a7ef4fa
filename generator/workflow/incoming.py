"""Bringing back a translation from outside the clinic (a PO or XLIFF file): untrusted until checked.

Whatever the file says, it may only replace `LANG.yaml` in a leaflet folder directly inside the content
folder, for a language make-leaflet knows, never the source; translations mostly in another script, or
a language team naming another language, mean the file was relabelled, and it is refused.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..content.load import normalize_text
from ..errors import ContentError, UsageError
from ..resolve import language
from .fields import (BAD_CHAR, data_tag, is_plain_name, language_arg, leaflet_folder, load_checked, normal_tag,
                     source_language, text_key)
from .record import Prior, align, review_key, translation
from .translation import write_translation


@dataclass(frozen=True)
class Entry:
    """One text of an incoming file."""

    ident: str | None  # the id export gave it (PO msgctxt, XLIFF unit name); None when a tool dropped it
    source: str
    target: str
    fuzzy: bool
    previous: str | None  # the source it was translated from, when the file says
    line: int


@dataclass(frozen=True)
class Incoming:
    path: Path
    kind: str  # "PO file", "XLIFF file"
    leaflet: str  # as the file names it, "" when it does not
    language: str  # as the file names it
    team: str  # a language team "Name (tag)", as export writes it, or ""
    where: dict[str, tuple[str, int]]  # "leaflet"/"language" → (what the file calls it, line)
    entries: list[Entry]


def target(content_dir: Path | str, f: Incoming, leaflet: str | None, lang: str | None) -> tuple[Path, str, str]:
    """(leaflet folder, language tag, source language) the file may be imported into, or a one-line refusal."""
    named = f.leaflet
    if leaflet:
        if named and named != leaflet:
            raise UsageError(f"{f.path}: this {f.kind} is for leaflet {named!r}, not {leaflet!r}")
        named = leaflet
    key, line = f.where["leaflet"]
    if not named:
        raise ContentError(f.path, line, f"the {f.kind} does not say which leaflet it is for (expected {key} as "
                                         "make-leaflet writes it; or name the leaflet with --leaflet ID)")
    if not is_plain_name(named) or not (Path(content_dir) / named).is_dir():
        raise ContentError(f.path, line, f"{key} {named!r} is not a leaflet in {content_dir} (expected the name "
                                         "of a leaflet folder, no path)")
    folder = leaflet_folder(content_dir, named)
    key, line = f.where["language"]
    tag = normal_tag(f.language) if f.language else None
    if tag is None or data_tag(tag) is None:
        raise ContentError(f.path, line, f"{key} {f.language!r} is not a language make-leaflet knows (expected a "
                                         "language tag such as es, pt_BR or zh-Hans)")
    if not (folder / f"{tag}.yaml").is_file():
        tag = data_tag(tag)  # fr_FR fills fr.yaml unless the leaflet has a fr-FR.yaml of its own
    if lang is not None and language_arg(lang) not in (tag, normal_tag(f.language)):
        raise UsageError(f"{f.path}: this {f.kind} is for language {f.language!r}, not {lang!r}")
    team = re.search(r"\(([A-Za-z0-9_-]+)\)\s*$", f.team)
    if team and normal_tag(team.group(1)) and data_tag(normal_tag(team.group(1))) not in (None, data_tag(tag)):
        raise ContentError(f.path, line, f"{key} says {f.language!r} but the language team is {team.group(1)!r} "
                                         "(expected the language the file was exported for: export a new file "
                                         "for the other language)")
    source_lang = source_language(folder)
    if tag == source_lang:
        raise ContentError(f.path, line, f"{key} {f.language!r} is the source language of {named!r} (expected "
                                         "a translation: make-leaflet never overwrites the source)")
    _check_script(f, tag)
    return folder, tag, source_lang


# The Unicode name prefixes of the letters each script of the language data writes with.
_SCRIPT_LETTERS = {"latin": ("LATIN",), "cyrillic": ("CYRILLIC",), "greek": ("GREEK",), "arabic": ("ARABIC",),
                   "hebrew": ("HEBREW",), "devanagari": ("DEVANAGARI",), "bengali": ("BENGALI",),
                   "gurmukhi": ("GURMUKHI",), "gujarati": ("GUJARATI",), "tamil": ("TAMIL",), "thai": ("THAI",),
                   "ethiopic": ("ETHIOPIC",), "hangul": ("HANGUL",),
                   "han": ("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH", "FULLWIDTH")}


def _foreign(c: str, prefixes: tuple[str, ...]) -> bool:
    return c.isalpha() and not unicodedata.name(c, "").startswith(prefixes)


def _check_script(f: Incoming, tag: str) -> None:
    """Language evidence in the translations themselves: a file whose language was changed from ru to es
    still has Cyrillic translations. Most letters of the translated texts must be in the language's script."""
    lg = language(tag)
    prefixes = _SCRIPT_LETTERS.get(lg.script)
    letters = [c for e in f.entries for c in e.target if c.isalpha()] if prefixes else []
    if letters and sum(_foreign(c, prefixes) for c in letters) > 0.5 * len(letters):
        first = next(e for e in f.entries if any(_foreign(c, prefixes) for c in e.target))
        raise ContentError(f.path, first.line, f"the translations are not written in {lg.name} script "
                                               f"({lg.script}) although the file says {tag!r} (expected a file "
                                               "for that language)")


def import_incoming(content_dir: Path | str, f: Incoming, leaflet: str | None, lang: str | None
                    ) -> tuple[Path, bool]:
    """Write LANG.yaml from an incoming file; returns (path, whether it changed). Each entry is matched to
    the source text it translates by its id and source text, then as record.align does; an empty or
    missing entry keeps the translation already in the file; a fuzzy entry stays fuzzy."""
    folder, lang, source_lang = target(content_dir, f, leaflet, lang)
    load_checked(folder / f"{source_lang}.yaml")
    bad = next((e for e in f.entries if BAD_CHAR.search(e.target)), None)
    if bad is not None:
        raise ContentError(f.path, bad.line, "the translation holds a control character or a lone surrogate "
                                             "(expected plain text)")
    t = translation(folder, lang, source_lang)
    entries = [e for e in f.entries if e.source]
    keys = {text_key(normalize_text(e.source)) for e in entries}
    known = sum(m.field.key in keys for m in t.matches)
    if entries and known < len(t.matches) / 2:
        raise UsageError(f"{f.path}: only {known} of the {len(t.matches)} texts of leaflet {folder.name!r} are in "
                         f"this {f.kind} (expected a file for this leaflet: make-leaflet export-po "
                         f"{folder.name} {lang})")
    priors = []
    for e in entries:
        text = normalize_text(e.target)
        priors.append(Prior(text, text_key(normalize_text(e.source)), normalize_text(e.source),
                            (e.ident or "").split("#")[0], review_key(text) if e.fuzzy else None,
                            e.previous, e.ident, e.line))
    incoming, _ = align(priors, [m.field for m in t.matches])
    merged = [new if new.text else old for new, old in zip(incoming, t.matches)]
    return write_translation(t, merged)
