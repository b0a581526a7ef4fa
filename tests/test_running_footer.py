"""The running footer is page furniture (an artifact) and must look like it: short labels, never a line a
checker or a reader could take for a sentence hidden from screen readers (outloud TAG-002)."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from pypdf import PdfReader

from conftest import FIXTURES, ROOT, outloud_errors, run_cli, ua1_failures
from generator.content.model import Clinic, Leaflet, Meta, Run, Text
from generator.resolve import font_set, language, load_layout
from generator.resolve.language import known_languages
from generator.story import build_story, column_width

ONE_PAGE = {"es": ("Lavarse las manos", "Cuándo", "Lávese las manos antes de comer y después de ir al baño."),
            "vi": ("Rửa tay", "Khi nào", "Rửa tay trước khi ăn và sau khi đi vệ sinh.")}


@pytest.mark.parametrize("clinic", [False, True])
def test_one_page_leaflets_have_no_prose_in_artifacts(tmp_path, clinic):
    """A one-page leaflet repeats nothing, so its footer is judged line by line, as prose or not."""
    content = tmp_path / "c"
    content.mkdir()
    if clinic:  # with an emergency line in each language
        text = (FIXTURES / "content" / "clinic.yaml").read_text(encoding="utf-8")
        (content / "clinic.yaml").write_text(
            text.replace('  phone: "911"', '    vi: Nếu bạn bị đau ngực, hãy gọi\n  phone: "911"'), encoding="utf-8")
        shutil.copy(FIXTURES / "content" / "logo.png", content)
    for lang, (title, heading, text) in ONE_PAGE.items():  # each its own leaflet: neither translates the other
        (content / f"short-{lang}").mkdir()
        (content / f"short-{lang}" / f"{lang}.yaml").write_text(
            f'title: "{title}"\nsections:\n  - heading: "{heading}"\n    body:\n      - "{text}"\n'
            'meta:\n  version: "1.0"\n  review_by: 2027-11-25\n  status: approved\n', encoding="utf-8")
    r = run_cli("--content", str(content), "--lang", "es", "--lang", "vi", "--output", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr
    for lang in ONE_PAGE:
        pdf = tmp_path / "o" / lang / f"short-{lang}.pdf"
        assert len(PdfReader(pdf).pages) == 1
        assert outloud_errors(pdf) == [] and ua1_failures(pdf) == []


def _prose(text: str) -> bool:
    """outloud's TAG-002 measure: eight words or more, four or more of them starting in lower case."""
    from outloud.rules._common import words

    found = words(text)
    return len(found) >= 8 and sum(1 for w in found if w[:1].islower()) >= 4


@pytest.mark.parametrize("tag", known_languages())
def test_footer_lines_are_labels_in_every_language(tmp_path, tag):
    lang = language(tag)
    path = tmp_path / f"{tag}.yaml"
    text = Text((), 1)
    meta = Meta(version="10.2", review_by=dt.date(2027, 9, 30))  # September: among the longest month names
    leaflet = Leaflet("x", tag, path, text, (), meta=meta)
    layout = load_layout("handout", ROOT / "layouts")
    fonts = font_set(lang)
    page_label = lang.word("page", page=1, pages=1)
    for clinic in (None, Clinic(name=Text((Run("Riverside Family Clinic"),), 1))):
        story = build_story(leaflet, clinic, lang, fonts, layout, column_width(layout, "a4"))
        lines = ["".join(c.text for c in line.logical) for line in story.footer_lines]
        assert len(lines) >= 2
        assert not _prose(lines[0] + " " + page_label), lines[0]
        assert not any(_prose(line) for line in lines[1:]), lines
