"""Bilingual rows: the two columns of a passage often share baselines, and readers that join text by
baseline must still see the end of one language's line and the start of the other's as two words."""
from __future__ import annotations

import re

import pytest

from conftest import DIRECTION_MARKS, pdfium_text, pypdf_text, run_cli

GLUED = re.compile(r"[\u0600-\u06FF][A-Za-z]|[A-Za-z][\u0600-\u06FF]")


def mupdf_text(path) -> str:
    pymupdf = pytest.importorskip("pymupdf")  # installed with outloud
    with pymupdf.open(str(path)) as doc:
        return "\n".join(page.get_text() for page in doc)


@pytest.mark.parametrize("lang, beside", [("ar", "en"), ("en", "ar")])
def test_columns_never_read_as_one_word(tmp_path, lang, beside):
    r = run_cli("--lang", lang, "--bilingual", beside, "--output", str(tmp_path))
    assert r.returncode == 0, r.stderr
    pdf = tmp_path / lang / f"lung-cancer-back-pain.{beside}.pdf"
    for reader in (pypdf_text, pdfium_text, mupdf_text):
        text = reader(pdf)
        words = text.translate(DIRECTION_MARKS).split()
        assert "Treatments" in words and "coping" in words and "علاجات" in words  # a heading pair, one baseline
        assert not GLUED.findall(text), (reader.__name__, [text[m.start() - 20:m.end() + 20]
                                                            for m in GLUED.finditer(text)])
