"""Spoken syllables of English, Spanish and French words, for the readability formulas of `check`.

Hyphenation points are not syllables (a hyphenation dictionary leaves "every" and "area" whole, as no
line breaks after one letter), so words are counted the way the formulas were made: by their vowel
sounds. Each language's spelling rules: runs of vowel letters, split where two vowels are two sounds
(Spanish hiatus of strong vowels or an accented í/ú; French é, ï, ü before or after a vowel; English
"area", "radio", "being"), less the letters written but not spoken (English and French final e, English
-es and -ed). English spelling also needs a short list of frequent words it cannot be read from, and
compounds and suffixes around a silent e ("some|times", "safe|ly"). tests/test_readability.py holds
words with known counts.
"""
from __future__ import annotations

import re
import unicodedata

# -- English ----------------------------------------------------------------------------------------------

_EN_WORDS = {"every": 2, "everyone": 3, "everything": 3, "everybody": 4, "everywhere": 3, "business": 2,
             "evening": 2, "naive": 2, "recipe": 3, "science": 2, "maybe": 2}  # frequent words spelling misleads
# Word parts that end in a silent e, written before another part: "some|one", "there|fore", "life|time".
_EN_FIRST = ("any", "some", "there", "where", "home", "life", "fore", "care", "time", "side", "base", "else", "whole",
             "more", "house", "wide", "like", "safe", "sure", "none", "take", "make")
# Suffixes after a stem that ends in a silent e: "safe|ly", "manage|ment", "care|ful", "like|ness".
_EN_SUFFIX = ("ly", "ment", "ments", "ful", "fully", "ness", "less")
# Two vowel letters that are two sounds (each match adds one to the runs of vowels).
_EN_TWO = re.compile("|".join((
    r"(?<![ctsx])ia",  # media, diagnosis (not special, Asian)
    r"(?<![ctsxg])io(?!u|ns?$)",  # radio, violent (not nation, region, million)
    r"(?<![ctxg])iou",  # previous, serious (not delicious, anxious)
    r"(?<!q)iu",  # medium, calcium
    r"(?<![qg])ua",  # usual, actual (not quality, language)
    r"uou",  # continuous
    r"(?<!g)eo(?!p)",  # video, theory (not surgeon, people)
    r"ea$|^(?:re|de)a(?=[ck]t)|crea(?=t)|^idea|^thea|^reali",  # area, react, create, ideal, theatre
    r"(?<=.{3})ie(?=r$|rs$|st$)",  # easier, earliest (not pier)
    r"(?<=[aoiuy])ing$|(?<=ee)ing$|^being$",  # going, dying, seeing, being
    r"iet",  # diet, anxiety, society
    r"(?<![ct])ien(?!d)",  # client, orient (not patient, ancient, friend)
    r"(?<![qg])uid",  # fluid (not liquid, guide)
    r"(?<=[^aeiou])ue[lt]",  # fuel, duet
    r"oe[mt]",  # poem, poet
    r"(?<=[aou])y(?=[aeiou])",  # player, buyer, loyal
    r"^(?:re|pre)(?=[ou])",  # reuse, preoperative
)))


def _en_silent(word: str) -> int:
    """Vowel letters at the end of a word that are written but not heard: make, makes, called, tongue."""
    if re.search(r"(?<!r)gue$|que$|aches?$", word):
        return 1  # tongue, fatigue, unique (but argue), ache
    if re.search(r"([^aeiouy]les?|(?<=[tbcgd])res?|[aeiouy]e|ee)$", word):
        return 0  # table, tables, centre, blue, free: the e is heard, or is part of a run of vowels
    if word.endswith("e") or re.search(r"[^aeiouy]es$", word) and not re.search(r"([sxzcg]|ch|sh)es$", word):
        return 1  # make, makes (but boxes, places, changes, nurses)
    if re.search(r"[^aeiouytd]ed$", word):
        return 1  # called, used (but wanted, needed)
    return 0


def english(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    if word in _EN_WORDS:
        return _EN_WORDS[word]
    for first in _EN_FIRST:
        if word.startswith(first) and len(word) > len(first) + 1:
            return english(first) + english(word[len(first):])
    for suffix in _EN_SUFFIX:
        stem = word[:-len(suffix)]
        if word.endswith(suffix) and re.search(r"[aeiouy][^aeiouy]+e$", stem):
            return english(stem) + english(suffix)
    letters = re.sub(r"^y", "", word)  # y before a vowel at the start is a consonant: you, year
    runs = len(re.findall(r"[aeiouy]+", letters)) + len(_EN_TWO.findall(letters))
    return max(1, runs - _en_silent(word))


# -- Spanish ----------------------------------------------------------------------------------------------

_ES_STRONG = set("aeoáéó")
_ES_VOWEL = set("aeiouáéíóúü")


def spanish(word: str) -> int:
    """Vowel nuclei: adjacent strong vowels (a, e, o) or an accented í/ú beside a vowel are two syllables
    (le-er, dí-a); a weak vowel beside another vowel is a diphthong (ciu-dad, bue-no); u in que/qui/gue/gui
    is silent; a final y after a vowel closes a diphthong (hoy, muy)."""
    word = re.sub(r"y$", "i", word.lower())
    word = re.sub(r"(?<=[qg])u(?=[eéií])", "", word)
    count, prev = 0, ""
    for c in word:
        if c not in _ES_VOWEL:
            prev = ""
            continue
        if not prev or (prev in _ES_STRONG and c in _ES_STRONG) or "í" in (prev, c) or "ú" in (prev, c):
            count += 1
        prev = c
    return max(1, count)


# -- French ---------------------------------------------------------------------------------------------

_FR_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"


def french(word: str) -> int:
    """Spoken syllables: runs of vowel letters (eau, oi, ou, ie are one sound), split after é before a
    vowel (ré-el, cré-er, but -ée at the end is one), after a, o, u before é/è/ê (po-ème) and at a
    diaeresis (na-ïf); a final e or es after a consonant is mute (u-ne, ai-mes, fiè-vre). The -ent of
    verbs (peuvent) cannot be told from nouns (patient, souvent) by spelling and is counted."""
    word = unicodedata.normalize("NFC", word.lower())
    word = re.sub(r"(?<=[gq])u(?=[eéèêiîy])", "", word)  # gue, qui: the u is not heard
    runs = len(re.findall(f"[{_FR_VOWELS}]+", word))
    runs += len(re.findall(f"é(?=[{_FR_VOWELS}])(?!es?$)|(?<=[aou])[éèê]|(?<=[{_FR_VOWELS}])[ïüë]", word))
    if runs > 1 and re.search(f"[^{_FR_VOWELS}]es?$", word):
        runs -= 1
    return max(1, runs)


COUNTERS = {"en": english, "es": spanish, "fr": french}
