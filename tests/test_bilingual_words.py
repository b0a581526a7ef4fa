"""Bilingual rows: the two columns of a passage often share baselines, and readers that join text by
baseline must still see the end of one language's line and the start of the other's as two words."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import DIRECTION_MARKS, FIXTURES, SEED, assert_in_order, pdfium_text, pypdf_text, run_cli

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


@pytest.mark.parametrize("lang, beside", [("ar", "en"), ("en", "ar")])
def test_pdfium_reads_each_columns_words_in_order(tmp_path, lang, beside):
    """pdfium joins two columns' lines that overlap in height into one line and orders all of it by the
    direction of most of its runs, so the other language's words came back in reverse order: the Arabic
    title beside a longer English one, the English heading beside a longer Arabic one."""
    content = tmp_path / "content" / "wash"
    content.mkdir(parents=True)
    for code in ("ar", "en"):
        shutil.copy(FIXTURES / "producers" / f"bilingual-{code}.yaml", content / f"{code}.yaml")
    short = run_cli("--content", str(tmp_path / "content"), "--lang", lang, "--bilingual", beside,
                    "--output", str(tmp_path / "short"), cwd=tmp_path)
    seed = run_cli("--content", str(SEED), "--lang", lang, "--bilingual", beside, "--output", str(tmp_path / "seed"),
                   cwd=tmp_path)
    assert short.returncode == 0 and seed.returncode == 0, short.stderr + seed.stderr
    text = pdfium_text(tmp_path / "short" / lang / f"wash.{beside}.pdf")
    assert_in_order(["كيف تغسل يديك"], text)
    assert_in_order(["How to wash your"], text)
    text = pdfium_text(tmp_path / "seed" / lang / f"lung-cancer-back-pain.{beside}.pdf")
    assert_in_order(["علاجات تساعد على التأقلم"], text)
    assert_in_order(["Treatments for coping"], text)
