"""Bidi from ICU: embedding levels and line order for isolates, embeddings, overrides and bracket pairs.

The expected levels are ICU's (ICU 77, UAX #9 revision 50) and were checked by hand against the rules
named in each case. Through the CLI, a leaflet with these controls builds and reads back.
"""
from __future__ import annotations

import pytest

from conftest import DIRECTION_MARKS, outloud_errors, pypdf_text, run_cli, ua1_failures
from generator.resolve import font_set, language
from generator.text import Span, set_paragraph
from generator.text.bidi import BidiParagraph

LRE, RLE, PDF, LRO, RLO = "\u202a\u202b\u202c\u202d\u202e"
LRI, RLI, FSI, PDI = "\u2066\u2067\u2068\u2069"


def visual(text: str, base_rtl: bool) -> str:
    bidi = BidiParagraph(text, base_rtl)
    return "".join(text[i] for i in bidi.visual(0, len(text)))


def test_bracket_pair_takes_the_direction_inside():
    """N0: both brackets of `(דהו)` take the right-to-left level, not only the opening one."""
    text = "see אבג (דהו) now"
    levels = BidiParagraph(text, False).levels
    assert levels[text.index("(")] == levels[text.index(")")] == 1
    assert levels[:4] == [0] * 4 and levels[-4:] == [0] * 4
    assert visual(text, False) == "see )והד( גבא now"  # the glyphs are mirrored when drawn: (דהו) on paper


def test_bracket_pair_with_strong_text_of_the_embedding_direction():
    """N0 b: brackets around left-to-right text inside right-to-left text stay left-to-right inside."""
    text = "קח (Panadol) היום"
    levels = BidiParagraph(text, True).levels
    assert levels[text.index("(")] == levels[text.index(")")] == 1
    assert set(levels[text.index("P"):text.index(")")]) == {2}


@pytest.mark.parametrize("base_rtl", [True, False])
def test_isolates_do_not_crash_and_keep_their_content_apart(base_rtl):
    text = f"מספר {LRI}Panadol 500{PDI} היום"
    levels = BidiParagraph(text, base_rtl).levels
    inside = levels[text.index("P"):text.index(PDI)]
    assert set(inside) == {2}  # an LTR isolate in an RTL run: the next even level (X5a)
    assert levels[text.index(LRI)] == levels[text.index(PDI)] == 1  # the controls: the level around them
    assert visual(text, True).replace(LRI, "").replace(PDI, "") == "םויה Panadol 500 רפסמ"


def test_right_to_left_isolate_and_first_strong_isolate():
    text = f"call {RLI}אבג 12{PDI} and {FSI}דהו{PDI} now"
    levels = BidiParagraph(text, False).levels
    assert levels[text.index("א")] == 1 and levels[text.index("1")] == 2  # numbers in RTL: level 2 (I1)
    assert levels[text.index("ד")] == 1  # FSI takes the first strong character's direction
    assert levels[text.index("n", text.index("and"))] == 0


def test_embeddings_and_overrides():
    text = f"{LRO}abc{PDF} א {RLO}abc{PDF} {RLE}xy ב{PDF}"
    bidi = BidiParagraph(text, True)
    assert [bidi.levels[text.index(c)] for c in "abc"] == [2, 2, 2]  # LRO in RTL: next even level
    second = text.index(RLO) + 1
    assert bidi.levels[second:second + 3] == [3, 3, 3]  # RLO in RTL: next odd level
    assert bidi.levels[text.index("x")] == 4 and bidi.levels[text.index("ב")] == 3  # RLE: 3, L inside: 4
    shown = "".join(c for c in visual(text, True) if c not in LRE + RLE + PDF + LRO + RLO)
    assert shown == "ב xy cba א abc"  # the override writes abc right to left


def test_astral_characters_are_counted_as_python_characters():
    """ICU counts UTF-16 code units; the levels and the visual order are per Python character."""
    text = "a\U0001D400b \u05d0\U0001F600\u05d1 c"
    bidi = BidiParagraph(text, False)
    assert len(bidi.levels) == len(text)
    assert bidi.levels == [0, 0, 0, 0, 1, 1, 1, 0, 0]
    assert visual(text, False) == "a\U0001D400b \u05d1\U0001F600\u05d0 c"
    assert bidi.visual(4, 7) == [6, 5, 4]


def test_line_order_comes_from_icu_line_by_line():
    """Each line is reordered on its own (L1/L2 per line), clusters kept whole."""
    lg = language("ar")
    text = "اتصل بالرقم 997 اليوم أو زر العيادة رقم 12 غدا"
    lines = set_paragraph([Span(text, 14, 400, "#000000")], lg, font_set(lg), 120)
    assert len(lines) > 1
    for line in lines:
        start, end = line.logical[0].start, line.logical[-1].end
        expected = visual(text[start:end], True)
        assert "".join(c.text for c in line.visual) == expected


def test_leaflet_with_bidi_controls_builds_and_reads_back(tmp_path):
    """A leaflet pasted from a word processor, isolates and embeddings included, builds (it crashed before)."""
    lf = tmp_path / "c" / "bidi"
    lf.mkdir(parents=True)
    body = [f"خذ {LRI}Panadol 500 mg{PDI} مرتين في اليوم.", f"اتصل {RLE}بالرقم 997{PDF} الآن.",
            f"الدواء {FSI}(Ibuprofen){PDI} مع الطعام."]
    (lf / "ar.yaml").write_text("title: \"الأدوية\"\nsections:\n  - heading: \"كيف\"\n    body:\n"
                                + "".join(f"      - \"{b}\"\n" for b in body), encoding="utf-8")
    r = run_cli("--content", str(tmp_path / "c"), "--output", str(tmp_path / "o"), "--lang", "ar")
    assert r.returncode == 0, r.stderr
    pdf = tmp_path / "o" / "ar" / "bidi.pdf"
    assert ua1_failures(pdf) == [] and outloud_errors(pdf) == []
    got = "".join(pypdf_text(pdf).translate(DIRECTION_MARKS).split())  # the RLMs the PDF adds left out
    for b in body:
        assert "".join(b.split()) in got  # the controls too, in logical order
