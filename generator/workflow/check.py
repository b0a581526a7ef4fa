"""A content linter for clear, safe patient text: one `file:line: message` per finding."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..content import discover
from ..content.inline import parse_inline
from ..content.model import Image, ItemList, Leaflet, Note, Paragraph, Text
from ..errors import ContentError, UsageError
from ..resolve import FontSet, font_set, language
from .fields import language_arg, load_checked, mapping, quotation, source_language
from .glossary import Glossary, load_glossary, uses
from .record import Translation, translation
from .syllables import COUNTERS

# Readability targets (reading age about 11-12), for the languages syllables.py can count.
READABILITY = {"en": "Flesch-Kincaid grade at most 8", "es": "Fernández-Huerta ease at least 60",
               "fr": "Kandel-Moles ease at least 60"}
_SENTENCE_END = re.compile(r"(?<=[.!?。！？।۔።])\s+|(?<=[。！？])")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    severity: str  # "error" | "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def _texts(lf: Leaflet):
    """(place-like label, Text) for every text of a leaflet, in order."""
    for key in ("title", "subtitle", "summary"):
        if getattr(lf, key):
            yield getattr(lf, key)
    for s in lf.sections:
        yield s.heading
        for b in s.body:
            if isinstance(b, Paragraph):
                yield b.text
            elif isinstance(b, ItemList):
                yield from b.items
            elif isinstance(b, Note):
                yield b.text
            elif isinstance(b, Image):
                yield b.alt
    yield from lf.meta.reference


def _shape(lf: Leaflet) -> list[tuple[str, list]]:
    out = []
    for s in lf.sections:
        blocks = []
        for b in s.body:
            if isinstance(b, ItemList):
                blocks.append(("steps" if b.numbered else "bullets", len(b.items)))
            else:
                blocks.append((type(b).__name__.lower(), 0))
        out.append((s.heading.line, blocks))
    return out


def _readability(lf: Leaflet, lang: str) -> tuple[float, bool] | None:
    base = lang.split("-")[0]
    if base not in READABILITY:
        return None
    text = " ".join(t.plain for t in _texts(lf) if t is not lf.title and t not in lf.meta.reference)
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if s.strip()]))
    words = _WORD.findall(text)
    if len(words) < 30:
        return None
    syl = sum(COUNTERS[base](w) for w in words) / len(words)
    wps = len(words) / sentences
    if base == "en":
        grade = 0.39 * wps + 11.8 * syl - 15.59
        return grade, grade <= 8
    if base == "es":
        ease = 206.84 - 60 * syl - 102 * (1 / wps)
        return ease, ease >= 60
    ease = 207 - 1.015 * wps - 73.6 * syl
    return ease, ease >= 60


def _ascii_digits(s: str) -> str:
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in s)


def check_file(path: Path, source: Leaflet | None, today: dt.date, t: Translation | None = None,
               glossary: Glossary = Glossary()) -> list[Finding]:
    """Every finding for one content file; `t` is the file aligned to its source, for a translation."""
    out: list[Finding] = []
    broken = None  # the line the file cannot be loaded at
    try:
        lf = load_checked(path)  # what the translation commands refuse (control characters) is an error too
    except ContentError as exc:
        out.append(Finding(exc.path, exc.line, "error", exc.message))
        lf, broken = None, exc.line
    if lf is not None:
        out += _general(path, lf, today)
        if source is not None:
            out += _compare_shape(path, lf, source)
    if t is not None:
        out += [f for f in compare_texts(t, glossary) if f.line != broken or "not translated" not in f.message]
    return sorted(out, key=lambda f: (str(f.path), f.line))


def _general(path: Path, lf: Leaflet, today: dt.date) -> list[Finding]:
    out: list[Finding] = []

    def add(line, severity, message):
        out.append(Finding(path, line, severity, message))

    lang = lf.lang
    lg = language(lang) if _known(lang) else None
    fonts = font_set(lg) if lg else None
    for t in _texts(lf):
        for sentence in _SENTENCE_END.split(t.plain):
            long = _long_sentence(sentence, lg)
            if long:
                add(t.line, "warning", long)
        caps = re.search(r"\b(?:[^\W\d_a-zà-ÿ]{2,}\s+){2,}[^\W\d_a-zà-ÿ]{2,}\b", t.plain)
        if caps and caps.group(0).upper() == caps.group(0) and caps.group(0).lower() != caps.group(0):
            add(t.line, "warning", f"words in capitals are hard to read ({caps.group(0)!r}; "
                                   "expected normal case, with **bold** for emphasis)")
        for run in t.runs:
            if run.href and run.href.startswith("http://"):
                add(t.line, "error", f"link {run.href} is not https (expected an https:// address)")
        if "**" in t.plain or "](" in t.plain:
            add(t.line, "warning", "markup that prints as typed: an unmatched ** or a link that is not "
                                   "[text](https://...) (expected **bold** in pairs and complete links)")
        missing = _missing_glyphs(t, fonts) if fonts else []
        if missing:
            add(t.line, "error", f"no font of {lg.name} can print {', '.join(missing)} (expected characters "
                                 "the language's fonts have: the build would refuse this text)")
    for s in lf.sections:
        for b in s.body:
            if isinstance(b, Image) and b.alt.plain.strip().lower() in (b.path.name.lower(), b.path.stem.lower()):
                add(b.alt.line, "error", f"the alt text is the file name {b.path.name!r} "
                                         "(expected a description of what the picture shows)")
    for warning in lf.governance_warnings(today):
        add(1, "warning", warning)
    score = _readability(lf, lang)
    if score and not score[1]:
        add(lf.title.line, "warning", f"reading level {score[0]:.1f} misses the target "
                                      f"({READABILITY[lang.split('-')[0]]}; shorter sentences and words help)")
    return out


def _long_sentence(sentence: str, lg) -> str | None:
    """A warning for a sentence longer than the language's limit, counted in what its spaces separate:
    words, or syllables in Vietnamese; not counted where spaces separate phrases (Chinese, Thai)."""
    spaces, limit = (lg.spaces, lg.sentence_max) if lg else ("words", 25)
    n = len(sentence.split())
    if spaces == "phrases" or n <= limit:
        return None
    name = lg.name if lg else "its"
    why = f", as {name} puts a space between syllables" if spaces == "syllables" else ""
    return (f"a sentence of {n} {spaces} (clear writing keeps {name} sentences to {limit} {spaces} or "
            f"fewer{why}; split it in two): {sentence[:60]}…")


_INHERIT = {"Mn", "Mc", "Me", "Cf", "Zs", "Zl", "Zp", "Cc"}  # marks and spaces go with their neighbour's font


def _missing_glyphs(t: Text, fonts: FontSet) -> list[str]:
    missing = []
    for run in t.runs:
        for ch in dict.fromkeys(run.text):
            if unicodedata.category(ch) not in _INHERIT and fonts.face_for(ch, 700 if run.bold else 400) is None:
                missing.append(f"{ch} (U+{ord(ch):04X})")
    return list(dict.fromkeys(missing))[:5]


def _known(lang: str) -> bool:
    try:
        language(lang)
        return True
    except UsageError:
        return False


def _compare_shape(path: Path, lf: Leaflet, source: Leaflet) -> list[Finding]:
    """A translation against its source: the same sections and blocks."""
    out = []
    src_shape, shape = _shape(source), _shape(lf)
    if len(shape) != len(src_shape):
        out.append(Finding(path, lf.sections[0].heading.line if lf.sections else 1, "error",
                           f"{len(shape)} sections, the source {source.path.name} has {len(src_shape)} "
                           "(expected the same sections in the same order)"))
    for k, ((line, blocks), (_, src_blocks)) in enumerate(zip(shape, src_shape), 1):
        if blocks != src_blocks:
            out.append(Finding(path, line, "error", f"section {k} has blocks {_describe(blocks)}, the source has "
                                                    f"{_describe(src_blocks)} (expected the same blocks)"))
    return out


# What must come through translation unchanged, most specific first: each is taken out of the text before
# the next looks, so a phone number is not reported again as numbers.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s()<>\]\[]+[^\s()<>\]\[.,;:!?'\"»”]")
_PHONE = re.compile(r"(?<![\w.,])\+?\d[\d\s().-]{5,}\d(?![\w.,]\d)")
_UNITS = ("mg", "mcg", "µg", "μg", "ug", "g", "kg", "ml", "mL", "l", "L", "dl", "mmol", "mmHg", "IU", "iu", "units",
          "mm", "cm", "m", "km", "%", "°C", "°F", "h", "hr", "hrs", "min", "s", "kcal")
_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s?(" + "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
                   + r")(?![\w])")


def _facts(text: str) -> dict[str, Counter]:
    """The addresses, numbers and measures of a text, in a form that does not depend on the language."""
    runs = parse_inline(text)
    plain = _ascii_digits("".join(r.text for r in runs))
    facts = {"links": Counter(r.href for r in runs if r.href)}
    facts["e-mail addresses"] = Counter(m.lower() for m in _EMAIL.findall(plain))
    plain = _EMAIL.sub(" ", plain)
    facts["web addresses"] = Counter(m.rstrip("/").lower() for m in _URL.findall(plain))
    plain = _URL.sub(" ", plain)
    facts["phone numbers"] = Counter(re.sub(r"\D", "", m) for m in _PHONE.findall(plain))
    plain = _PHONE.sub(" ", plain)
    facts["doses and measures"] = Counter(f"{n.replace(',', '.')} {u.lower()}" for n, u in _UNIT.findall(plain)
                                          if u.isascii() or u in ("µg", "μg"))
    facts["numbers"] = Counter(_DIGITS.findall(plain))
    return facts


def compare_texts(t: Translation, glossary: Glossary = Glossary()) -> list[Finding]:
    """Each text of a translation against the source text it translates: untranslated, outdated, left in
    the source language, with other links, addresses, phone numbers, doses or numbers, or without the
    glossary's approved words (an error once the translation is approved, a warning in a draft)."""
    out = []
    path = t.path
    approved = mapping(t.doc.get("meta")).get("status") == "approved"

    def add(line, severity, message):
        out.append(Finding(path, line or 1, severity, message))

    if not t.recorded:
        add(1, "error", f"no record of which {t.source_lang} text each text translates, so no text can be "
                        f"trusted as current (expected a file made by make-leaflet: update-translation "
                        f"{t.folder.name} {t.lang}, then review the texts it marks fuzzy)")
    for m in t.matches:
        src = m.field.text
        short = src if len(src) <= 60 else src[:59] + "…"
        if m.state == "untranslated":
            where = "" if m.line else f" (the source's {m.field.place}, new since this translation was made)"
            add(m.line, "error", f"not translated yet{where} (expected a translation of: {short})")
            continue
        if m.state == "fuzzy" and t.recorded:
            add(m.line, "error", f"the {t.source_lang} source of this text changed since it was translated "
                                 f"(expected an update to match: {short})")
        quoted = quotation(m.field, t.source_lang)  # a quotation may stay as written
        if m.text == src and len(_WORD.findall(src)) >= 3 and not quoted:
            add(m.line, "error", f"the text is the same as the {t.source_lang} source (expected a translation)")
        theirs, ours = _facts(src), _facts(m.text)
        for what in ours:
            if ours[what] != theirs[what]:
                here, there = (", ".join(sorted(x[what])) or "none" for x in (ours, theirs))
                add(m.line, "error", f"{what} differ from the source: {here} here, {there} in "
                                     f"{t.source_lang}.yaml (expected the same: check every dose, time, address "
                                     f"and number)")
        if m.text.count("**") != src.count("**"):
            add(m.line, "warning", "**bold** markers differ from the source")
        for term in [] if quoted else glossary.in_text(src):
            words = term.approved(t.lang)
            if words and not uses(m.text, words):
                add(m.line, "error" if approved else "warning",
                    f"the glossary's {words!r} for {term.term!r} is not used (expected the approved translation "
                    f"of the term, from glossary.yaml line {term.line})")
    if t.obsolete:
        add(t.obsolete[0].line, "error", f"{len(t.obsolete)} translated text(s) the source no longer has "
                                         f"(expected: make-leaflet update-translation {t.folder.name} {t.lang})")
    return out


def _describe(blocks) -> str:
    return ", ".join(f"{kind}({n})" if n else kind for kind, n in blocks) or "none"


def check_content(content_dir: Path | str = "leaflets", langs: list[str] | None = None,
                  today: dt.date | None = None) -> list[Finding]:
    today = today or dt.date.today()
    langs = [language_arg(lang) for lang in langs] if langs else None  # an unknown language is a usage error
    findings = []
    try:
        glossary = load_glossary(content_dir)
    except ContentError as exc:
        glossary = Glossary()
        findings.append(Finding(exc.path, exc.line, "error", exc.message))
    for leaflet, files in sorted(discover(Path(content_dir)).items()):
        folder = Path(content_dir) / leaflet
        source_lang = source_language(folder)
        try:
            source = load_checked(files[source_lang])
        except ContentError:
            source = None
        for lang, path in sorted(files.items()):
            if langs and lang not in langs:
                continue
            t = None
            if lang != source_lang:
                try:
                    t = translation(folder, lang, source_lang)
                except ContentError:
                    pass  # the file's own error is reported by check_file
            findings += check_file(path, source if lang != source_lang else None, today, t, glossary)
    return findings
