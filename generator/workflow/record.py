"""Which source text each translated text was made from, and how a translation follows a changed source.

A translation file records, for each of its texts, a short hash of the source text it translates (in
`meta.source.hashes`, one space-separated list per part of the file). A text is identified by what it
says, not by where it is: after the source gains, loses, moves or edits blocks, `align` finds each
source text's translation the way msgmerge does (the same source text first, in order, so repeated
texts keep their own translations; then a similar source text, which makes the translation fuzzy).
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .fields import Field, fields_of, mapping, read_document, text_key

TOKEN = re.compile(r"^([0-9a-f]{10})(?:!([0-9a-f]{6}))?$")
_LEGACY = re.compile(r"^[0-9a-f]{12}$")  # the first format: one hash per part of the source
UNKNOWN = "-"  # a text whose source is not known
FUZZY_SIMILARITY = 0.6  # as msgmerge: a source this similar to the old one makes the translation fuzzy
MAX_COMPARISONS = 20_000  # similar-text search beyond this many pairs (a rewritten source) stays in its region


def review_key(text: str) -> str:
    """A short hash of a translation marked for review: when the text no longer has it, it was edited."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]


@dataclass(frozen=True)
class Prior:
    """A translation as found in a translation file or a PO file, with what it was made from."""

    text: str  # "" when not translated
    key: str | None  # text_key of the source text it translates; None when unknown
    source: str | None = None  # that source text, when known (PO msgid, a verified comment)
    kind: str = "paragraph"
    review: str | None = None  # marked fuzzy against `key` while the translation had this review_key
    previous: str | None = None  # the older source text it was made from, for `#| msgid`
    ident: str | None = None  # the PO msgctxt it came with
    line: int = 0  # where it is written in its file


@dataclass(frozen=True)
class Match:
    """One source text and its translation, as the translation now stands."""

    field: Field  # the source text
    ident: str  # its id among the source's texts: kind, with #n for a repeated text (the PO msgctxt)
    text: str  # the translation, "" when there is none
    state: str  # translated | fuzzy | untranslated
    previous: str | None = None  # for a fuzzy text: the source text it was translated from, when known
    new: bool = False  # no translation had a place for it: the source gained it since
    line: int = 0  # where the translation is written in its file (0: it has no place there)

    @property
    def token(self) -> str:
        """What the translation file records for this text."""
        return f"{self.field.key}!{review_key(self.text)}" if self.state == "fuzzy" else self.field.key


def string_ids(source: list[Field]) -> list[str]:
    """A stable id per source text: its kind, and #2, #3… for the second and third time the same text
    appears as the same kind. Inserting other texts never changes it."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in source:
        n = seen[(f.kind, f.text)] = seen.get((f.kind, f.text), 0) + 1
        out.append(f.kind if n == 1 else f"{f.kind}#{n}")
    return out


def align(priors: list[Prior], source: list[Field]) -> tuple[list[Match], list[Prior]]:
    """Each source text with its translation among `priors`; and the translated priors no source text
    took (obsolete). Exact matches keep their state; similar-source matches are fuzzy."""
    ids = string_ids(source)
    pair: dict[int, tuple[int, bool]] = {}  # source index → (prior index, exact)
    used: set[int] = set()

    def take(j: int, i: int, exact: bool):
        pair[j] = (i, exact)
        used.add(i)

    a = [p.key or f"{UNKNOWN}{i}" for i, p in enumerate(priors)]
    b = [f.key for f in source]
    by_ident = {(p.ident, p.key): i for i, p in reversed(list(enumerate(priors))) if p.ident}
    for j, f in enumerate(source):  # a PO file names each text: the same id and source text first
        i = by_ident.get((ids[j], f.key))
        if i is not None and i not in used:
            take(j, i, True)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                if j not in pair and i not in used:
                    take(j, i, True)
    free: dict[str, list[int]] = {}  # moved texts: the same source text elsewhere, in order
    for i, key in enumerate(a):
        if i not in used:
            free.setdefault(key, []).append(i)
    for j in range(len(source)):
        if j not in pair and free.get(b[j]):
            take(j, free[b[j]].pop(0), True)
    for tag, i1, i2, j1, j2 in opcodes:  # edited texts: where they were, a similar source or the same kind
        if tag == "replace":
            _fuzzy(priors, source, range(i1, i2), range(j1, j2), pair, used, take, by_kind=True)
    _fuzzy(priors, source, range(len(priors)), range(len(source)), pair, used, take, by_kind=False)
    matches = []
    for j, f in enumerate(source):
        if j not in pair or not priors[pair[j][0]].text:
            line = priors[pair[j][0]].line if j in pair else 0
            matches.append(Match(f, ids[j], "", "untranslated", new=j not in pair, line=line))
            continue
        p, exact = priors[pair[j][0]], pair[j][1]
        if exact and not (p.review and p.review == review_key(p.text)):
            matches.append(Match(f, ids[j], p.text, "translated", line=p.line))
        else:
            matches.append(Match(f, ids[j], p.text, "fuzzy", p.previous if exact else p.source, line=p.line))
    obsolete = [p for i, p in enumerate(priors) if i not in used and p.text]
    return matches, obsolete


def _fuzzy(priors, source, irange, jrange, pair, used, take, by_kind: bool):
    """Pair the untaken texts of a region: by similarity of source texts where the old one is known,
    else (inside one edited region) the same kind of block in order."""
    olds = [i for i in irange if i not in used and priors[i].text]
    news = [j for j in jrange if j not in pair]
    scored = []
    for i in olds if len(olds) * len(news) <= MAX_COMPARISONS else ():
        if priors[i].source is None:
            continue
        for j in news:
            m = difflib.SequenceMatcher(None, priors[i].source, source[j].text, autojunk=False)
            if m.real_quick_ratio() >= FUZZY_SIMILARITY and m.quick_ratio() >= FUZZY_SIMILARITY:
                ratio = m.ratio()
                if ratio >= FUZZY_SIMILARITY:
                    scored.append((-ratio, j, i))
    for _, j, i in sorted(scored):
        if j not in pair and i not in used:
            take(j, i, False)
    if by_kind:
        olds = [i for i in olds if i not in used]
        for j in [j for j in news if j not in pair]:
            i = next((i for i in olds if i not in used and priors[i].kind == source[j].kind), None)
            if i is not None:
                take(j, i, False)


# -- the record in a translation file --------------------------------------------------------------------

def _comments(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        return []


_COMMENT = re.compile(r"^\s*(?:-\s+)?#\s*([A-Za-z0-9-]+)( \(before the change\))?: (.*)$")


def _comment_text(lines: list[str], line: int, source_lang: str, before: bool) -> str | None:
    """The source text written in the comment above line `line` (1-based): `# en: ...`, or the
    `# en (before the change): ...` line above that."""
    index = line - 2 - (1 if before else 0)
    if 0 <= index < len(lines):
        m = _COMMENT.match(lines[index])
        if m and m.group(1) == source_lang and bool(m.group(2)) == before:
            return m.group(3)
    return None


def legacy_part_hashes(fields: list[Field]) -> dict[str, str]:
    """The first record format: a hash per part of the source over its places and texts."""
    parts: dict[str, list] = {}
    for f in fields:
        parts.setdefault(f.part, []).append([f.place, f.text])
    return {part: hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()[:12]
            for part, items in parts.items()}


def has_record(doc: dict) -> bool:
    return isinstance(mapping(mapping(doc.get("meta")).get("source")).get("hashes"), dict)


def priors_of(path: Path, doc: dict, source: list[Field], source_lang: str) -> list[Prior]:
    """The texts of a translation file with what its record says they were made from."""
    fields = fields_of(doc)
    hashes = mapping(mapping(mapping(doc.get("meta")).get("source")).get("hashes"))
    lines = _comments(path)
    legacy = bool(hashes) and all(isinstance(v, str) and _LEGACY.match(v.strip()) for v in hashes.values())
    current = legacy_part_hashes(source) if legacy else {}
    by_place = {f.place: f for f in source}
    tokens: dict[str, list[str]] = {}
    for part in {f.part for f in fields}:
        value = hashes.get(part)
        count = sum(f.part == part for f in fields)
        words = value.split() if isinstance(value, str) else []
        if not legacy and len(words) == count and all(TOKEN.match(w) or w == UNKNOWN for w in words):
            tokens[part] = words
    out = []
    seen: dict[str, int] = {}
    for f in fields:
        n = seen[f.part] = seen.get(f.part, 0) + 1
        comment = _comment_text(lines, f.line, source_lang, before=False) if f.line else None
        key = review = None
        if legacy and current.get(f.part) == hashes.get(f.part) and f.place in by_place:
            key = by_place[f.place].key  # that part of the source is as it was translated
        elif legacy and comment is not None:
            key = text_key(comment)  # what the translation was made from, as its comment says
        elif f.part in tokens:
            m = TOKEN.match(tokens[f.part][n - 1])
            key, review = (m.group(1), m.group(2)) if m else (None, None)
        known = comment if comment is not None and key == text_key(comment) else None
        previous = _comment_text(lines, f.line, source_lang, before=True) if review and f.line else None
        out.append(Prior(f.text, key, known, f.kind, review, previous, line=f.line))
    return out


# -- a translation file against its source -----------------------------------------------------------------

@dataclass
class Translation:
    """A translation (which may not exist yet) aligned to the current source."""

    folder: Path
    lang: str
    source_lang: str
    source_doc: dict
    doc: dict
    matches: list[Match]
    obsolete: list[Prior]
    recorded: bool  # the file says what it was translated from

    @property
    def path(self) -> Path:
        return self.folder / f"{self.lang}.yaml"

    def count(self, state: str) -> int:
        return sum(m.state == state for m in self.matches)

    def words(self, state: str) -> int:
        return sum(len(m.field.text.split()) for m in self.matches if m.state == state)

    @property
    def outdated(self) -> list[Match]:
        """Source texts that changed or appeared since the translation was made."""
        return [m for m in self.matches if m.state == "fuzzy" or m.new]

    @property
    def in_step(self) -> bool:
        """The file has the source's texts, in the source's places, each translated from that text."""
        mine = [(f.place, f.kind) for f in fields_of(self.doc)]
        return mine == [(m.field.place, m.field.kind) for m in self.matches] and not self.outdated \
            and not self.obsolete


def _source(path: Path) -> tuple[dict, list[Field]]:
    """The source file as data and its texts, kept by its bytes: a build asks for them once for every
    translation of the leaflet (release_problems over a library of 900 files: 3.2–3.6 ms a file, was 4.1–4.3)."""
    try:
        data = path.read_bytes()
    except OSError:
        doc = read_document(path)  # its error, at its line
        return doc, fields_of(doc)
    return _parsed_source(path, data)


# A build goes through the library one language at a time: 256 sources (80 KB each) keep a library of a
# few hundred leaflets from parsing each source again for every translation.
@lru_cache(maxsize=256)
def _parsed_source(path: Path, data: bytes) -> tuple[dict, list[Field]]:  # `data`: the key
    doc = read_document(path)
    return doc, fields_of(doc)


def translation(folder: Path, lang: str, source_lang: str) -> Translation:
    """LANG.yaml aligned to the source. Raises ContentError for a file that cannot be read."""
    source_doc, source = _source(folder / f"{source_lang}.yaml")
    path = folder / f"{lang}.yaml"
    doc = read_document(path) if path.exists() else {}
    priors = priors_of(path, doc, source, source_lang) if doc else []
    if doc and not has_record(doc):  # made by hand: nothing says what it translates
        priors = [Prior(p.text, None, None, p.kind, line=p.line) for p in priors]
    matches, obsolete = align(priors, source)
    return Translation(folder, lang, source_lang, source_doc, doc, matches, obsolete, has_record(doc))
