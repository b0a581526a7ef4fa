"""Property-based fuzzing: valid leaflets, mutated the way hostile or damaged files differ from good ones.

Whatever a content file says, every command ends in a result or in one line naming the file: never an
exception of another kind, never a traceback, never a file written outside the output folder. The budget is
fixed and the examples are derandomized, so CI runs the same cases every time; a longer random search:
    pytest tests/test_fuzz.py --hypothesis-profile=fuzz
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, strategies as st

from conftest import FIXTURES, SEED

from generator import ContentError, UsageError, build
from generator.content import load_leaflet
from generator.workflow import check_content, export_po, status


LEAFLET = "lung-cancer-back-pain"
# What hostile and damaged files bring: control characters (raw and as YAML escapes), lone surrogates, YAML
# structure (complex keys, anchors, tags, flow collections), markup, bidi controls, combining marks, emoji.
NASTY = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\ufeff", "\ufffe", '"\\ud800"',
         '"\\x00"', '"\\U0001F600"', "? {a: b}\n: c\n", "&a ", "*a", "!!python/object:os.system ", "!x ",
         "[", "]", "{", "}", ": ", " #", "- ", "\t", "'", '"', "|\n", ">-\n", "**", "[x](https://a.b)",
         "[y](tel:1)", "](", "\u2066", "\u2067", "\u2069", "\u202e", "\u200d", "\u200c", "\u0301" * 40,
         "\u0654", "\U0001F600", "\u4e2d", "\u0628\u0650", "x" * 300, "1" * 40, "~", "null", "yes", "2026-13-45",
         "..", "/etc/passwd", "../../x", "diagram.png"]


def _mutations(text: str):
    lines = text.split("\n")
    return st.lists(st.one_of(
        st.tuples(st.just("insert"), st.integers(0, len(text)), st.sampled_from(NASTY)),
        st.tuples(st.just("insert"), st.integers(0, len(text)), st.text(max_size=8)),
        st.tuples(st.just("delete"), st.integers(0, len(text)), st.integers(1, 40)),
        st.tuples(st.just("dup_line"), st.integers(0, len(lines) - 1), st.integers(1, 3)),
        st.tuples(st.just("indent"), st.integers(0, len(lines) - 1), st.integers(-4, 4)),
    ), min_size=1, max_size=4)


def _apply(text: str, mutations) -> str:
    for kind, a, b in mutations:
        if kind == "insert":
            a = min(a, len(text))
            text = text[:a] + b + text[a:]
        elif kind == "delete":
            text = text[:a] + text[a + b:]
        else:
            lines = text.split("\n")
            a = min(a, len(lines) - 1)
            if kind == "dup_line":
                lines[a:a] = [lines[a]] * b
            else:
                lines[a] = " " * b + lines[a] if b > 0 else lines[a][min(-b, len(lines[a]) - len(lines[a].lstrip())):]
            text = "\n".join(lines)
    return text


SOURCES = {
    "en": (SEED / LEAFLET / "en.yaml").read_text(encoding="utf-8"),
    "es": (SEED / LEAFLET / "es.yaml").read_text(encoding="utf-8"),
    "features": (FIXTURES / "content" / "features" / "en.yaml").read_text(encoding="utf-8"),
}


@st.composite
def mutated(draw):
    which = draw(st.sampled_from(sorted(SOURCES)))
    return which, _apply(SOURCES[which], draw(_mutations(SOURCES[which])))


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


@given(case=mutated())
def test_mutated_leaflets_give_a_result_or_one_line(case):
    which, text = case
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        content, out = tmp / "content", tmp / "out"
        folder = content / LEAFLET
        folder.mkdir(parents=True)
        for lang in ("en", "es"):
            shutil.copy(SEED / LEAFLET / f"{lang}.yaml", folder / f"{lang}.yaml")
        if which == "features":
            for name in ("diagram.png", "photo.jpg"):
                shutil.copy(FIXTURES / "content" / "features" / name, folder / name)
        target = folder / ("es.yaml" if which == "es" else "en.yaml")
        target.write_bytes(text.encode("utf-8", "surrogatepass"))
        before = _files(content)

        try:
            load_leaflet(target)
        except ContentError as exc:
            assert "\n" not in str(exc), str(exc)
        for result in build(content, out, langs=["en", "es"]):
            if not result.ok:
                message = str(result.error)
                assert "\n" not in message and "could not build this file" not in message, message
        for finding in check_content(content):
            assert "\n" not in str(finding)
        for state in status(content):
            assert state.error is None or "\n" not in state.error
        try:
            export_po(content, LEAFLET, "es", tmp / "es.po")
        except (ContentError, UsageError) as exc:
            assert "\n" not in str(exc), str(exc)

        assert _files(content) == before  # nothing written into the content folder
        written = {p for p in tmp.rglob("*") if p.is_file()} - {p for p in content.rglob("*")}
        assert all(p.is_relative_to(out) or p == tmp / "es.po" for p in written), written
        assert not [p for p in written if p.suffix == ".tmp"]
