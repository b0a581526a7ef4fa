"""Every supported language and script: shaping, direction, line breaking, fonts, and reading back.

Built through the CLI like a user does; checked from the PDFs (pypdf and pdfium) and, for layout
properties, from the text engine's own lines.
"""
from __future__ import annotations

import re
import unicodedata
from itertools import groupby
from pathlib import Path

import icu
import pytest
import uharfbuzz as hb
from pypdf import PdfReader

from conftest import (DIRECTION_MARKS, FIXTURES, ROOT, fidelity, outloud_errors, pdfium_text, pypdf_text, run_cli,
                      ua1_failures)
from generator.resolve import font_set, language
from generator.resolve.language import known_languages
from generator.text import ClusterTooLarge, MissingGlyph, Span, set_paragraph
from generator.text.bidi import BidiParagraph
from generator.text.shape import shape_paragraph
from test_seed_leaflet import content_strings

SAMPLES = FIXTURES / "scripts"
SEED = ROOT / "leaflets" / "lung-cancer-back-pain"
NO_SPACES = {"zh-Hans", "zh-Hant", "ja", "th"}  # a "word" is a whole phrase: characters are the measure
SAMPLE_LANGS = sorted(p.stem for p in (SAMPLES / "hands").glob("*.yaml"))
SEED_LANGS = sorted(p.stem for p in SEED.glob("*.yaml") if p.stem != "en")


@pytest.fixture(scope="session")
def samples(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    r = run_cli("--content", str(SAMPLES), "--output", str(out), "--lang", "all")
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="session")
def translations(tmp_path_factory):
    out = tmp_path_factory.mktemp("translations")
    r = run_cli("--output", str(out), "--lang", "all")
    assert r.returncode == 0, r.stderr
    return out


def test_every_language_has_a_sample():
    assert set(SAMPLE_LANGS) == set(known_languages()) - {"pt-BR"}
    assert len(SEED_LANGS) >= 10


def _check(pdf, strings, lang):
    assert ua1_failures(pdf) == []
    assert outloud_errors(pdf) == []
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == lang
    for name, text in (("pypdf", pypdf_text(pdf)), ("pdfium", pdfium_text(pdf))):
        chars, words = fidelity(strings, text)
        assert chars >= 0.99, (name, chars)
        if lang not in NO_SPACES:
            # pdfium's own line bidi moves a hyphen or full stop that touches a number in right-to-left
            # lines ("מ-3" comes back "מ3-"): one word in a short sample; the characters all come back
            floor = 0.97 if name == "pdfium" and language(lang).rtl else 0.99
            assert words >= floor, (name, words)


@pytest.mark.parametrize("lang", SAMPLE_LANGS)
def test_sample_validates_and_reads_back(samples, lang):
    _check(samples / lang / "hands.pdf", content_strings(SAMPLES / "hands" / f"{lang}.yaml"), lang)


@pytest.mark.parametrize("lang", SEED_LANGS)
def test_translated_leaflet_validates_and_reads_back(translations, lang):
    _check(translations / lang / "lung-cancer-back-pain.pdf", content_strings(SEED / f"{lang}.yaml"), lang)


# -- shaping ---------------------------------------------------------------------------------------------

def _shape(text, lang):
    lg = language(lang)
    return shape_paragraph([Span(text, 14, 400, "#000000")], lang, font_set(lg), BidiParagraph(text, lg.rtl))


SHAPING = {"hi": "क्षत्रिय स्त्री", "bn": "প্রতিক্রিয়া", "ta": "கொள்ளுங்கள்", "ar": "لا إله", "th": "น้ำอย่างน้อย",
           "pa": "ਪ੍ਰਤੀਕਿਰਿਆ", "gu": "ક્ષત્રિય", "am": "ሰላም", "fa": "می‌شود"}


@pytest.mark.parametrize("lang", SHAPING)
def test_glyphs_are_harfbuzz_glyphs(lang):
    """Our clusters carry exactly the glyphs HarfBuzz gives for the font, without discretionary ligatures."""
    text = SHAPING[lang]
    lg = language(lang)
    fonts = font_set(lg)
    face = fonts.primary(400)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = lang
    hb.shape(face.hb_font, buf, {"dlig": False})
    expected = [i.codepoint for i in buf.glyph_infos]
    clusters = _shape(text, lang)
    got = [g.gid for c in (reversed(clusters) if lg.rtl else clusters) for g in c.glyphs]
    assert got == expected
    assert "".join(c.text for c in clusters) == text


@pytest.mark.parametrize("lang,text,cut", [("ar", "يستخدمون", 3), ("ar", "بِسْمِ", 2), ("fa", "نمی\u200cشود", 4)])
def test_runs_are_shaped_with_the_text_around_them(lang, text, cut):
    """A colour change inside a word makes two runs; each is shaped with its neighbours as context (HarfBuzz
    looks a few characters either side), so the glyphs are those of the word shaped whole."""
    lg = language(lang)
    spans = [Span(text[:cut], 14, 400, "#000000"), Span(text[cut:], 14, 400, "#0b3a66")]
    split = shape_paragraph(spans, lang, font_set(lg), BidiParagraph(text, lg.rtl))
    whole = _shape(text, lang)
    assert len({c.span for c in split}) == 2
    assert [g.gid for c in split for g in c.glyphs] == [g.gid for c in whole for g in c.glyphs]


def _whole_runs(text, lang):
    """Glyphs (gid, advance, dx, dy) of a paragraph with every run of one face and level shaped whole, in
    one HarfBuzz buffer: what shape_paragraph gave before it shaped word by word (and kept the words)."""
    from generator.text.shape import _CONTEXT, _FEATURES, _faces  # the same context, features and faces
    lg = language(lang)
    fonts, bidi = font_set(lg), BidiParagraph(text, lg.rtl)
    faces = _faces(text, 400, fonts)
    out, i = [], 0
    while i < len(text):
        j = i + 1
        while j < len(text) and bidi.levels[j] == bidi.levels[i] and faces[j] is faces[i]:
            j += 1
        w0 = max(0, i - _CONTEXT)
        buf = hb.Buffer()
        buf.add_codepoints([ord(c) for c in text[w0:j + _CONTEXT]], i - w0, j - i)
        buf.direction = "rtl" if bidi.levels[i] % 2 else "ltr"
        buf.guess_segment_properties()
        buf.language = lang
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_GRAPHEMES
        hb.shape(faces[i].hb_font, buf, _FEATURES)
        scale = 14 / faces[i].upem
        glyphs = [(p.codepoint, round(q.x_advance * scale, 6), round(q.x_offset * scale, 6),
                   round(q.y_offset * scale, 6)) for p, q in zip(buf.glyph_infos, buf.glyph_positions)]
        out += glyphs
        i = j
    return out


@pytest.mark.parametrize("lang", sorted(p.stem for p in (FIXTURES / "scripts" / "hands").glob("*.yaml")))
def test_words_shape_as_their_runs_do(lang):
    """Words are shaped one by one and kept for the next paragraph, leaflet or language: every text of the
    language's sample and of its seed translation gets exactly the glyphs its runs get shaped whole (in
    Korean, "1.0" shaped alone, with no script, got other glyphs), and shaping it again from the kept words
    changes nothing."""
    paths = [FIXTURES / "scripts" / "hands" / f"{lang}.yaml", ROOT / "leaflets" / "lung-cancer-back-pain" / f"{lang}.yaml"]
    texts = [t for p in paths if p.is_file() for t in content_strings(p)]
    assert texts
    for text in texts:
        def glyphs():  # in HarfBuzz's order: a right-to-left run's clusters right to left
            out = []
            for _, run in groupby(_shape(text, lang), key=lambda c: (c.level, c.face)):
                run = list(run)
                out += [(g.gid, round(g.advance, 6), round(g.dx, 6), round(g.dy, 6))
                        for c in (reversed(run) if run[0].rtl else run) for g in c.glyphs]
            return out
        first, again = glyphs(), glyphs()
        assert first == again
        assert first == _whole_runs(text, lang), text


@pytest.mark.parametrize("lang,text", [("ar", "ب \u064eت ث"), ("en", "a \u0301b c"), ("hi", "क \u093fख ग"),
                                       ("en", "x\u00a0y  z "), ("fa", "می\u200cشود \u200cو")])
def test_a_mark_after_a_space_is_shaped_with_it(lang, text):
    """A mark typed after a space sits on the space when the run is shaped whole: the words are not cut
    there (the Arabic fatha moved 0.8 points when they were)."""
    runs = [(g.gid, round(g.advance, 6), round(g.dx, 6), round(g.dy, 6))
            for _, run in groupby(_shape(text, lang), key=lambda c: (c.level, c.face))
            for c in (reversed(list(run)) if language(lang).rtl else run) for g in c.glyphs]
    assert runs == _whole_runs(text, lang)


def test_a_cluster_beyond_a_fonts_reach_is_refused_not_drawn():
    """Content files refuse more than 30 marks on a letter; text from elsewhere that stacks hundreds cannot
    become one composite glyph (16-bit font coordinates) and is refused, not drawn wrong or crashed on."""
    lg = language("en")
    with pytest.raises(ClusterTooLarge, match="200 combining marks is too large to draw"):
        set_paragraph([Span("a" + "\u0301" * 200 + " b", 14, 400, "#000000")], lg, font_set(lg), 400)


def test_conjuncts_are_formed():
    for lang, text in (("hi", "क्ष"), ("bn", "ক্ষ"), ("gu", "ક્ષ")):
        lg = language(lang)
        clusters = _shape(text, lang)
        assert len(clusters) == 1 and len(clusters[0].glyphs) < len(text), lang


def test_lam_alef_uses_contextual_forms():
    lg = language("ar")
    face = font_set(lg).primary(400)
    clusters = _shape("لا", "ar")
    gids = {g.gid for c in clusters for g in c.glyphs}
    assert face.hb_font.get_nominal_glyph(ord("ل")) not in gids


def test_arabic_letters_join():
    lg = language("ar")
    face = font_set(lg).primary(400)
    isolated = {c: face.hb_font.get_nominal_glyph(ord(c)) for c in "سلام"}
    clusters = _shape("سلام", "ar")
    gids = [g.gid for c in clusters for g in c.glyphs]
    assert isolated["س"] not in gids  # initial form, not the isolated letter


# -- right to left ---------------------------------------------------------------------------------------

def _set(text, lang, width=400.0):
    lg = language(lang)
    return set_paragraph([Span(text, 14, 400, "#000000")], lg, font_set(lg), width)


def _x_of(line, predicate):
    pen, out = 0.0, []
    for c in line.visual:
        if predicate(c):
            out.append(pen)
        pen += c.advance
    return out


@pytest.mark.parametrize("lang,text", [("ar", "اتصل بالرقم 997 اليوم"), ("he", "התקשרו למספר 997 היום"),
                                       ("fa", "با شماره ۹۹۷ تماس بگیرید")])
def test_right_to_left_word_order_with_numbers_left_to_right(lang, text):
    [line] = _set(text, lang)
    words = text.split()
    first = [c for c in line.logical if c.start < len(words[0])]
    last = [c for c in line.logical if c.start >= len(text) - len(words[-1])]
    x = {id(c): pos for c, pos in zip(line.visual, _x_of(line, lambda c: True))}
    assert min(x[id(c)] for c in first) > max(x[id(c)] for c in last)  # first word on the right
    digits = [c for c in line.logical if unicodedata.category(c.text[0]) == "Nd"]
    assert len(digits) == 3 and [x[id(c)] for c in digits] == sorted(x[id(c)] for c in digits)  # 9 9 7 left to right


def test_rtl_pdf_is_right_aligned_with_bullets_on_the_right(samples):
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(samples / "ar" / "hands.pdf"))
    page, tp = doc[0], doc[0].get_textpage()
    text = tp.get_text_range()
    width = page.get_width()
    bullet = text.index("•")
    after = bullet + 1 + next(i for i, ch in enumerate(text[bullet + 1:]) if not ch.isspace())
    assert tp.get_charbox(bullet)[0] > tp.get_charbox(after)[0]  # the bullet is right of its item
    title_end = tp.get_charbox(0)[2]
    assert abs((width - title_end) - 20 * 72 / 25.4) < 2  # title ends at the right margin (20 mm)
    doc.close()


# -- line breaking ---------------------------------------------------------------------------------------

KINSOKU_TEXT = ("石けんと水で20秒以上手を洗いましょう。「熱」が3日以上続く場合は、医師に相談してください。"
                "（薬は、子どもの手の届かない所に保管してください。）これは、とても大切です！")


@pytest.mark.parametrize("lang", ["ja", "zh-Hans"])
def test_kinsoku(lang):
    text = KINSOKU_TEXT if lang == "ja" else "请用肥皂和清水洗手，至少20秒。“发烧”超过3天，请联系医生（或诊所）。药品要放好！这很重要。"
    for width in range(60, 400, 9):
        lines = _set(text, lang, width)
        assert "".join(c.text for ln in lines for c in ln.logical) == text
        for ln in lines[1:]:
            assert ln.logical[0].text[0] not in "。、，）」』！？：；", (width, ln.logical[0].text)
        for ln in lines[:-1]:
            assert ln.logical[-1].text[-1] not in "（「『“", (width, ln.logical[-1].text)


def test_thai_breaks_between_dictionary_words():
    text = "ล้างมือด้วยสบู่และน้ำอย่างน้อยยี่สิบวินาทีหากมีไข้นานเกินสามวันโปรดติดต่อแพทย์ของคุณ"
    words = icu.BreakIterator.createWordInstance(icu.Locale("th"))
    words.setText(text)
    boundaries = set(words)
    lines = _set(text, "th", 120)
    assert len(lines) > 3
    pos = 0
    for ln in lines[:-1]:
        pos += sum(len(c.text) for c in ln.logical)
        assert pos in boundaries
    assert "".join(c.text for ln in lines for c in ln.logical) == text


def test_korean_breaks_only_between_words():
    text = "비누와 물로 최소 20초 동안 손을 씻으세요. 열이 3일 이상 계속되면 병원에 연락하세요."
    for width in range(80, 300, 13):
        lines = _set(text, "ko", width)
        joined = " ".join("".join(c.text for c in ln.logical) for ln in lines)
        assert joined.split() == text.split()


def test_no_word_cut_in_spaced_scripts():
    for lang in ("ru", "hi", "ar", "vi", "el"):
        text = content_strings(SAMPLES / "hands" / f"{lang}.yaml")[2]
        lines = _set(text, lang, 150)
        assert " ".join("".join(c.text for c in ln.logical) for ln in lines).split() == text.split(), lang


# -- fonts -----------------------------------------------------------------------------------------------

def test_fallback_per_character():
    lg = language("zh-Hans")
    clusters = _shape("请服用Panadol药片", "zh-Hans")
    families = {c.text: c.face.family for c in clusters}
    assert families["请"] == "noto-sans-sc" and families["P"] in ("noto-sans-sc", "noto-sans")
    lg = language("he")
    clusters = _shape("בדיקת CT היום", "he")
    assert {c.face.family for c in clusters if c.text in "CT"} <= {"noto-sans-hebrew", "noto-sans"}
    assert any(c.face.family == "noto-sans-hebrew" for c in clusters)


def test_missing_glyph_names_character_and_code_point(tmp_path):
    (tmp_path / "c" / "x").mkdir(parents=True)
    (tmp_path / "c" / "x" / "hi.yaml").write_text(
        "title: नमस्ते\nsections:\n  - heading: शीर्षक\n    body:\n      - पाठ ሰላም यहाँ\n", encoding="utf-8")
    r = run_cli("--content", str(tmp_path / "c"), "--output", str(tmp_path / "o"), "--lang", "hi")
    assert r.returncode == 1
    assert re.fullmatch(rf"{re.escape(str(tmp_path / 'c' / 'x' / 'hi.yaml'))}:5: character 'ሰ' \(U\+1230\) "
                        r"cannot be drawn by the fonts for Hindi .*\n", r.stderr)
    assert not (tmp_path / "o").exists()
    with pytest.raises(MissingGlyph):
        _set("ሰ", "hi")


def test_variable_fonts_are_instanced_once(tmp_path):
    import os
    import struct
    import subprocess
    import sys

    from fontTools.ttLib import TTFont

    code = "from generator.resolve.fonts import face; print(face('noto-sans-kr', 700).path)"
    env = {**os.environ, "MAKE_LEAFLET_CACHE": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    path = first.stdout.strip()
    mtime = (tmp_path / "fonts").stat().st_mtime_ns, os.stat(path).st_mtime_ns
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert second.stdout.strip() == path and str(tmp_path) in path
    assert ((tmp_path / "fonts").stat().st_mtime_ns, os.stat(path).st_mtime_ns) == mtime  # reused, not remade
    font = TTFont(path, checkChecksums=2)  # every table's checksum right (raises otherwise)
    data = Path(path).read_bytes()
    words = struct.unpack(f">{len(data) // 4}L", data[:len(data) // 4 * 4])
    assert len(data) % 4 == 0 and sum(words) & 0xFFFFFFFF == 0xB1B0AFBA  # head's checkSumAdjustment right
    assert "fvar" not in font and "gvar" not in font  # a static font at the weight asked for
    assert font["OS/2"].usWeightClass == 700
    assert font["name"].getDebugName(6) == "NotoSansKr-W700"
    from generator.resolve.fonts import _families, _package_file

    spec = _families()["noto-sans-kr"]
    thin = TTFont(_package_file(spec["package"], spec["variable"]))  # its default instance is weight 100
    bold_stem = font["glyf"]["uniAC00"].getCoordinates(font["glyf"])[0]
    thin_stem = thin["glyf"]["uniAC00"].getCoordinates(thin["glyf"])[0]
    assert len(bold_stem) == len(thin_stem) and list(bold_stem) != list(thin_stem)  # outlines moved to 700


# -- language data ---------------------------------------------------------------------------------------

def test_persian_digits_and_zwnj(samples):
    text = pypdf_text(samples / "fa" / "hands.pdf").translate(DIRECTION_MARKS)
    assert "دست\u200cهای" in text  # ZWNJ kept
    assert "۱ از ۱" in text or "۱" in text.split("صفحه")[-1]  # page number in Persian digits
    assert "۲۰ ثانیه" in text


def test_dates_and_page_words_follow_the_locale(translations):
    zh = pypdf_text(translations / "zh-Hans" / "lung-cancer-back-pain.pdf")
    assert "2027年11月25日" in zh
    es = pypdf_text(translations / "es" / "lung-cancer-back-pain.pdf")
    assert "25 de noviembre de 2027" in es
    for lang in known_languages():
        lg = language(lang)
        assert lg.word("page", page=1, pages=2) != language("en").word("page", page=1, pages=2) or lang == "en"
