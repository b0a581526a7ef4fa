"""Inline markup and the content loader, below the PDF."""
from __future__ import annotations

from generator.content.inline import parse_inline
from generator.content.model import Run
from generator.write import write_atomic

import pytest


def test_bold_and_links():
    assert parse_inline("a **b** [c **d**](https://x.org/y) e") == (
        Run("a "), Run("b", bold=True), Run(" "), Run("c ", href="https://x.org/y"),
        Run("d", bold=True, href="https://x.org/y"), Run(" e"))


def test_literal_characters():
    for s in ("<b>x</b> &amp; %", "a ** b", "[x](javascript:alert(1))", "[x] (https://a.b)", "**"):
        assert "".join(r.text for r in parse_inline(s)) == s
        assert not any(r.href for r in parse_inline(s))


def test_unmatched_bold_marker_is_literal():
    assert parse_inline("**a** and ** b") == (Run("a", bold=True), Run(" and ** b"))


def test_write_atomic_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "x.pdf"
    write_atomic(target, b"old")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


def test_bold_around_a_link_and_addresses_with_parentheses():
    assert parse_inline("**Call [111](tel:111) now**") == (
        Run("Call ", bold=True), Run("111", bold=True, href="tel:111"), Run(" now", bold=True))
    url = "https://en.wikipedia.org/wiki/Pain_(medicine)"
    assert parse_inline(f"see [pain]({url}).") == (Run("see "), Run("pain", href=url), Run("."))


@pytest.mark.parametrize("raw, read", [
    ("Take two\ntablets", "Take two tablets"),  # a YAML line break is a space
    ("每天服用\n两片", "每天服用两片"),  # none between Chinese characters
    ("一 二", "一二"),
    ("ยาเม็ด\nสองเม็ด", "ยาเม็ดสองเม็ด"),  # a literal line break inside Thai joins the lines
    ("ยาเม็ด สองเม็ด", "ยาเม็ด สองเม็ด"),  # a space between Thai phrases stays
    ("Uống hai\nviên", "Uống hai viên"),  # Vietnamese is written with spaces
    ("하루 두\n번", "하루 두 번"),  # so is Korean
    ("Panadol\n药片", "Panadol 药片"),
])
def test_line_breaks_in_texts_read_as_the_script_writes_spaces(raw, read):
    from generator.content.load import normalize_text

    assert normalize_text(raw) == read
