"""The clinic's glossary: terms of the source language with their approved translation per language.

`glossary.yaml` beside the leaflet folders (where clinic.yaml is) maps a term to its translations:

    metastasis:
      es: metástasis
      fr: métastase

Export shows the translator, beside each text that uses a term, the approved translation; `check`
reports a translation of such a text that does not use it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content.load import LANG_TAG, normalize_text
from ..errors import ContentError
from .fields import mapping, read_document

GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class Term:
    term: str  # as the source writes it
    translations: dict[str, str]  # language tag → approved translation
    line: int

    @property
    def pattern(self) -> re.Pattern:
        """The term in a source text: any case, any spacing, with an English plural ending."""
        words = r"\s+".join(map(re.escape, self.term.split()))
        return re.compile(rf"(?<!\w){words}(?:e?s)?(?!\w)", re.IGNORECASE)

    def approved(self, lang: str) -> str | None:
        """The approved translation for a language tag: es-MX falls back to es."""
        parts = lang.split("-")
        for n in range(len(parts), 0, -1):
            if "-".join(parts[:n]) in self.translations:
                return self.translations["-".join(parts[:n])]
        return None


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()

    def in_text(self, text: str) -> list[Term]:
        """The terms a source text uses, in glossary order."""
        return [t for t in self.terms if t.pattern.search(text)]


# Scripts written without spaces between words (Han, kana, Thai, Lao, Myanmar, Khmer): a term there is found
# anywhere in the text, not only at the start of a word.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def uses(translation: str, approved: str) -> bool:
    """Whether a translation uses the approved words: as written, in any case, with any ending after them
    (a plural, a gender or case ending)."""
    words = r"\s+".join(map(re.escape, approved.split()))
    start = "" if _UNSPACED.match(approved) else r"(?<!\w)"
    return re.search(start + words, translation, re.IGNORECASE) is not None


def load_glossary(content_dir: Path | str) -> Glossary:
    """The content folder's glossary.yaml, or an empty glossary; a malformed file is one file:line error."""
    path = Path(content_dir) / GLOSSARY_FILE
    if not path.is_file():
        return Glossary()
    doc = read_document(path)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if not doc and any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        raise ContentError(path, 1, "not a glossary (expected terms, each with its translations: "
                                    "'metastasis:' then 'es: metástasis' on the next line, indented)")
    terms = []
    for term, translations in doc.items():
        line = getattr(term, "line", 1)
        if not normalize_text(term):
            raise ContentError(path, line, "an empty term (expected the words of the source language)")
        if not isinstance(translations, dict) or not translations:
            raise ContentError(path, line, f"the term {str(term)!r} has no translations (expected one per "
                                           "language, indented under it: es: metástasis)")
        for lang, text in mapping(translations).items():
            if not LANG_TAG.match(lang):
                raise ContentError(path, getattr(lang, "line", line), f"{str(lang)!r} is not a language code "
                                                                      "(expected es, fr, pt-BR, zh-Hans...)")
            if not isinstance(text, str) or not normalize_text(text):
                raise ContentError(path, getattr(lang, "line", line), f"the {lang} translation of {str(term)!r} "
                                                                      "is not a text (expected the approved words)")
        terms.append(Term(normalize_text(term), {str(k): normalize_text(v) for k, v in translations.items()},
                          line))
    return Glossary(tuple(terms))
