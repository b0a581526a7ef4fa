"""Bad content: one line `file:line: what is wrong (what was expected)`, exit 1, no traceback, no PDF."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli

GOOD_BODY = "sections:\n  - heading: Hello\n    body:\n      - Some text.\n"
PNG = (FIXTURES / "content" / "features" / "diagram.png").read_bytes()

# name: (file content (text or bytes), extra files {name: bytes}, expected line, message pattern)
CASES = {
    "yaml_syntax": ("title: [unclosed\n" + GOOD_BODY, {}, 2, r"YAML syntax error"),
    "missing_title": (GOOD_BODY, {}, 1, r"has no 'title'"),
    "missing_sections": ("title: Hi\n", {}, 1, r"has no 'sections'"),
    "empty_sections": ("title: Hi\nsections: []\n", {}, 2, r"empty list"),
    "unknown_key": ("titel: Hi\n" + GOOD_BODY, {}, 1, r"unknown key 'titel'.*did you mean 'title'\?"),
    "unknown_block_key": ("title: Hi\nsections:\n  - heading: A\n    body:\n      - bulets: [a]\n",
                          {}, 5, r"unknown key 'bulets'.*did you mean 'bullets'\?"),
    "list_for_text": ("title: [a, b]\n" + GOOD_BODY, {}, 1, r"'title' must be text, found a list"),
    "mapping_for_list": ("title: Hi\nsections:\n  heading: A\n", {}, 3, r"must be a list"),
    "bad_note_kind": ("title: Hi\nsections:\n  - heading: A\n    body:\n      - note: x\n        kind: danger\n",
                      {}, 6, r"'danger'.*expected one of: info, warning"),
    "bad_date": ("title: Hi\n" + GOOD_BODY + "meta:\n  review_by: next year\n", {}, 7, r"YYYY-MM-DD"),
    "bad_status": ("title: Hi\n" + GOOD_BODY + "meta:\n  status: done\n", {}, 7, r"draft, approved"),
    "duplicate_key": ("title: Hi\ntitle: Ho\n" + GOOD_BODY, {}, 2, r"duplicate key 'title'"),
    "image_missing": ("title: Hi\nsections:\n  - heading: A\n    body:\n      - image: nope.png\n        alt: A.\n",
                      {}, 5, r"'nope.png' does not exist"),
    "image_not_image": ("title: Hi\nsections:\n  - heading: A\n    body:\n      - image: fake.png\n        alt: A.\n",
                        {"fake.png": b"this is text, not a picture"}, 5, r"not a PNG or JPEG"),
    "image_damaged": ("title: Hi\nsections:\n  - heading: A\n    body:\n      - image: bad.png\n        alt: A.\n",
                      {"bad.png": PNG[:60]}, 5, r"damaged"),
    "image_outside": ("title: Hi\nsections:\n  - heading: A\n    body:\n      - image: ../secret.png\n        alt: A.\n",
                      {"../secret.png": PNG}, 5, r"outside the leaflet folder"),
    "image_absolute": ("title: Hi\nsections:\n  - heading: A\n    body:\n      - image: /etc/passwd\n        alt: A.\n",
                       {}, 5, r"outside the leaflet folder"),
    "image_no_alt": ("title: Hi\nsections:\n  - heading: A\n    body:\n      - image: ok.png\n",
                     {"ok.png": PNG}, 5, r"no 'alt' text"),
    "python_tag": ("title: !!python/object/apply:os.system ['echo hacked']\n" + GOOD_BODY, {}, 1,
                   r"YAML tag .*python/object.* not allowed"),
    "custom_tag": ("title: !secret Hi\n" + GOOD_BODY, {}, 1, r"YAML tag '!secret' is not allowed"),
    "alias_bomb": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle: Hi\n" + GOOD_BODY, {}, 1,
                   r"anchors and aliases"),
    "empty_file": ("", {}, 1, r"the file is empty"),
    "only_comments": ("# nothing here yet\n", {}, 1, r"the file is empty"),
    "not_utf8": ("title: Caf\u00e9\n".encode("latin-1") + GOOD_BODY.encode(), {}, 1, r"not UTF-8"),
    "missing_glyph": ("title: Hi\nsections:\n  - heading: A\n    body:\n      - Text with \u4e2d inside.\n",
                      {}, 5, r"'\u4e2d' \(U\+4E2D\) cannot be drawn"),
    "control_character": ("title: Hi\nsubtitle: a\x07b\n" + GOOD_BODY, {}, 2, r"U\+0007.*not text"),
    "c1_control_character": ("title: Hi\n" + GOOD_BODY + "      - x\x9by\n", {}, 6, r"U\+009B.*not text"),
    "lone_surrogate_escape": ('title: "\\ud800"\n' + GOOD_BODY, {}, 1, r"U\+D800 \(a lone surrogate"),
    "nul_escape_in_image": ('title: Hi\nsections:\n  - heading: A\n    body:\n      - image: "a\\x00.png"\n'
                            "        alt: A.\n", {}, 5, r"U\+0000.*not text"),
    "complex_key": ("? {a: b}\n: c\ntitle: Hi\n" + GOOD_BODY, {}, 1, r"a key is a mapping.*expected a plain name"),
    "deep_nesting": ("title: " + "[" * 10000 + "]" * 10000 + "\n" + GOOD_BODY, {}, 1, r"nested more than 24 deep"),
    "huge_file": ("title: Hi\n" + GOOD_BODY + "# " + "x" * 3_000_000 + "\n", {}, 1, r"3\.0 MB.*at most 2 MB"),
    "long_text": ("title: " + "a" * 20000 + "\n" + GOOD_BODY, {}, 1, r"20,000 characters.*at most 10,000"),
    "combining_marks": ("title: a" + "\u0301" * 200 + "\n" + GOOD_BODY, {}, 1, r"200 combining marks.*at most 30"),
    "long_image_name": ("title: Hi\nsections:\n  - heading: A\n    body:\n      - image: " + "a" * 5000 +
                        ".png\n        alt: A.\n", {}, 5, r"5,004 characters long.*at most 255"),
    "long_url": ("title: Hi\n" + GOOD_BODY + "meta:\n  url: https://example.org/" + "a" * 3000 + "\n", {}, 7,
                 r"'meta.url' is 3,020 characters long"),
    "missing_glyph_heading": ("title: Hi\nsections:\n  - heading: \U0001F600 smile\n    body:\n      - x\n",
                              {}, 3, r"U\+1F600"),
}


def _make(tmp_path: Path, content, extra) -> Path:
    folder = tmp_path / "content" / "bad"
    folder.mkdir(parents=True)
    path = folder / "en.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for name, data in extra.items():
        (folder / name).write_bytes(data)
    return path


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_clear_line(tmp_path, case):
    content, extra, line, pattern = CASES[case]
    path = _make(tmp_path, content, extra)
    out = tmp_path / "out"
    r = run_cli("--content", str(tmp_path / "content"), "--output", str(out))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    errors = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(errors) == 1, r.stderr
    m = re.fullmatch(rf"{re.escape(str(path))}:(\d+): (.*)", errors[0])
    assert m, errors[0]
    assert int(m.group(1)) == line, errors[0]
    assert re.search(pattern, m.group(2)), errors[0]
    assert not list(out.rglob("*.pdf")) if out.exists() else True
    assert not out.exists() or not any(out.rglob("*.tmp"))


def test_unreadable_image(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    content = "title: Hi\nsections:\n  - heading: A\n    body:\n      - image: x.png\n        alt: A.\n"
    path = _make(tmp_path, content, {"x.png": PNG})
    (path.parent / "x.png").chmod(0)
    r = run_cli("--content", str(tmp_path / "content"), "--output", str(tmp_path / "out"))
    assert r.returncode == 1 and "cannot be read" in r.stderr


def test_python_tag_is_not_executed(tmp_path):
    marker = tmp_path / "executed"
    content = f"title: !!python/object/apply:os.system ['touch {marker}']\n" + GOOD_BODY
    _make(tmp_path, content, {})
    r = run_cli("--content", str(tmp_path / "content"), "--output", str(tmp_path / "out"))
    assert r.returncode == 1
    assert not marker.exists()


def test_failed_build_keeps_previous_good_pdf_and_other_leaflets_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    (content / "plain").mkdir()
    (content / "plain" / "en.yaml").write_text("title: Plain\n" + GOOD_BODY, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("--content", str(content), "--output", str(out)).returncode == 0
    good = (out / "en" / "plain.pdf").read_bytes()
    (content / "plain" / "en.yaml").write_text("title: Plain\nsections: oops\n", encoding="utf-8")
    r = run_cli("--content", str(content), "--output", str(out))
    assert r.returncode == 1
    assert (out / "en" / "plain.pdf").read_bytes() == good
    assert "features" in r.stdout and "plain" in r.stderr
    assert not list(out.rglob("*.tmp"))


def test_bad_clinic_file(tmp_path):
    content = tmp_path / "content"
    (content / "x").mkdir(parents=True)
    (content / "x" / "en.yaml").write_text("title: X\n" + GOOD_BODY, encoding="utf-8")
    (content / "clinic.yaml").write_text("name: Clinic\nphone: [1, 2]\n", encoding="utf-8")
    r = run_cli("--content", str(content), "--output", str(tmp_path / "out"))
    assert r.returncode == 1
    assert f"{content / 'clinic.yaml'}:2: 'phone' must be text" in r.stderr
