"""A content linter for clear, safe patient text: one `file:line: message` per finding."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..content import discover, load_leaflet
from ..content.model import Image, ItemList, Leaflet, Note, Paragraph
from ..errors import ContentError
from ..resolve import language
from .fields import language_arg, read_document, source_language

MAX_SENTENCE_WORDS = 25
# Readability targets (reading age about 11-12): where a formula and a pyphen dictionary exist.
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


def _syllables(word: str, dic) -> int:
    return max(1, len(dic.positions(word)) + 1) if dic else max(1, len(re.findall(r"[aeiouy]+", word)))


def _readability(lf: Leaflet, lang: str) -> tuple[float, bool] | None:
    import pyphen

    base = lang.split("-")[0]
    if base not in READABILITY:
        return None
    text = " ".join(t.plain for t in _texts(lf) if t is not lf.title and t not in lf.meta.reference)
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if s.strip()]))
    words = _WORD.findall(text)
    if len(words) < 30:
        return None
    dic = pyphen.Pyphen(lang={"en": "en_GB", "es": "es", "fr": "fr"}[base])
    syl = sum(_syllables(w.lower(), dic) for w in words) / len(words)
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


def check_file(path: Path, source: Leaflet | None, today: dt.date) -> list[Finding]:
    try:
        lf = load_leaflet(path)
        read_document(path)  # what the translation commands refuse (control characters) is an error here too
    except ContentError as exc:
        return [Finding(exc.path, exc.line, "error", exc.message)]
    out: list[Finding] = []

    def add(line, severity, message):
        out.append(Finding(path, line, severity, message))

    lang = lf.lang
    spaced = language(lang).script not in ("han", "thai") if _known(lang) else True
    for t in _texts(lf):
        for sentence in _SENTENCE_END.split(t.plain):
            n = len(sentence.split())
            if spaced and n > MAX_SENTENCE_WORDS:
                add(t.line, "warning", f"a sentence of {n} words (clear writing keeps sentences to "
                                       f"{MAX_SENTENCE_WORDS} words or fewer): {sentence[:60]}…")
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
    if source is not None:
        out += _compare(path, lf, source)
    return out


def _known(lang: str) -> bool:
    try:
        language(lang)
        return True
    except Exception:
        return False


def _compare(path: Path, lf: Leaflet, source: Leaflet) -> list[Finding]:
    """A translation against its source: same sections and blocks, same links, bold and numbers."""
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
    for t, s in zip(_texts(lf), _texts(source)):
        links, src_links = Counter(r.href for r in t.runs if r.href), Counter(r.href for r in s.runs if r.href)
        if links != src_links:
            out.append(Finding(path, t.line, "error", f"links {sorted(links) or 'none'} differ from the source's "
                                                      f"{sorted(src_links) or 'none'} (expected the same addresses)"))
        if t.raw.count("**") != s.raw.count("**"):
            out.append(Finding(path, t.line, "warning", "**bold** markers differ from the source"))
        nums, src_nums = Counter(_DIGITS.findall(_ascii_digits(t.plain))), Counter(_DIGITS.findall(s.plain))
        if nums != src_nums and not t.runs[0].href:
            out.append(Finding(path, t.line, "warning", f"numbers {sorted(nums)} differ from the source's "
                                                        f"{sorted(src_nums)} (check doses, times and phone numbers)"))
    return out


def _describe(blocks) -> str:
    return ", ".join(f"{kind}({n})" if n else kind for kind, n in blocks) or "none"


def check_content(content_dir: Path | str = "leaflets", langs: list[str] | None = None,
                  today: dt.date | None = None) -> list[Finding]:
    today = today or dt.date.today()
    langs = [language_arg(lang) for lang in langs] if langs else None  # an unknown language is a usage error
    findings = []
    for leaflet, files in sorted(discover(Path(content_dir)).items()):
        source_lang = source_language(Path(content_dir) / leaflet)
        try:
            source = load_leaflet(files[source_lang])
        except ContentError:
            source = None
        for lang, path in sorted(files.items()):
            if langs and lang not in langs:
                continue
            findings += check_file(path, source if lang != source_lang else None, today)
    return findings
