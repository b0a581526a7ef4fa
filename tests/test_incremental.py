"""Rebuilds: nothing changed, nothing built; a change rebuilds exactly the PDFs that depend on it; worker
processes and skipped builds give the same bytes as a clean serial build."""
from __future__ import annotations

import importlib
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED, run_cli

from generator import build

LEAFLET = "lung-cancer-back-pain"
LANGS = ["en", "es", "ar", "hi"]


@pytest.fixture()
def library(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(SEED / LEAFLET, content / LEAFLET)
    shutil.copytree(FIXTURES / "content" / "features", content / "features")
    english = (content / "features" / "en.yaml").read_text(encoding="utf-8")  # a draft "translation" of it
    (content / "features" / "es.yaml").write_text(english.replace("status: approved", "status: draft"),
                                                  encoding="utf-8")
    clinic = (FIXTURES / "content" / "clinic.yaml").read_text(encoding="utf-8")
    (content / "clinic.yaml").write_text(clinic.replace("  phone: \"911\"", "    ar: إذا شعرت بألم في الصدر، اتصل بالرقم\n"
                                                        "    hi: सीने में दर्द हो तो कॉल करें\n  phone: \"911\""),
                                         encoding="utf-8")
    shutil.copy(FIXTURES / "content" / "logo.png", content / "logo.png")
    return content


def _pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def _built(results) -> list[str]:
    return sorted(f"{r.lang}/{r.leaflet}" for r in results if r.ok and not r.reused)


def test_worker_processes_give_the_bytes_of_a_serial_build(library, tmp_path):
    parallel = build(library, tmp_path / "parallel", LANGS, jobs=2)
    serial = build(library, tmp_path / "serial", LANGS, jobs=1)
    assert [r.output.name for r in parallel] == [r.output.name for r in serial]  # same order, whatever finished first
    assert all(r.ok for r in parallel + serial)
    assert len(_pdfs(tmp_path / "parallel")) == 6
    assert _pdfs(tmp_path / "parallel") == _pdfs(tmp_path / "serial")


def test_a_paragraph_set_for_one_leaflet_is_drawn_the_same_in_the_next(tmp_path):
    """A process sets each paragraph once and draws it again in the leaflets after: a leaflet built after one
    that shares its paragraphs and its links' words (to other addresses) has the bytes it has when built
    alone in a new process, and its links go to its own addresses."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    (content / "second").mkdir()
    text = (content / "features" / "en.yaml").read_text(encoding="utf-8")
    (content / "second" / "en.yaml").write_text(text.replace("riverside.example.org/", "elsewhere.example.org/"),
                                                encoding="utf-8")
    for name in ("diagram.png", "photo.jpg"):
        shutil.copy(content / "features" / name, content / "second" / name)
    together = build(content, tmp_path / "together", ["en"], jobs=1)
    assert [r.leaflet for r in together if r.ok] == ["features", "second"]
    r = run_cli("--content", str(content), "--leaflet", "second", "--output", str(tmp_path / "alone"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    second = (tmp_path / "together" / "en" / "second.pdf").read_bytes()
    assert second == (tmp_path / "alone" / "en" / "second.pdf").read_bytes()
    assert b"elsewhere.example.org/advice" in second and b"riverside.example.org/advice" not in second


def test_nothing_changed_nothing_built(library, tmp_path):
    out = tmp_path / "out"
    first = build(library, out, LANGS)
    assert len(_built(first)) == 6
    clean = _pdfs(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    again = build(library, out, LANGS)
    assert _built(again) == [] and all(r.reused and r.ok for r in again)
    assert [(r.pages, r.output) for r in again] == [(r.pages, r.output) for r in first]
    assert _pdfs(out) == clean
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == mtimes
    # a skipped draft still says it is a draft
    assert any("a draft" in w for r in again for w in r.warnings)


def test_a_change_rebuilds_exactly_what_depends_on_it(library, tmp_path):
    out = tmp_path / "out"
    build(library, out, LANGS)
    es = library / LEAFLET / "es.yaml"
    es.write_text(es.read_text(encoding="utf-8").replace("dolor", "dolor fuerte", 1), encoding="utf-8")
    # a translation is checked against its source: the leaflet's PDFs are built again, the other leaflet's not
    assert _built(build(library, out, LANGS)) == [f"{lang}/{LEAFLET}" for lang in sorted(LANGS)]

    shutil.copy(FIXTURES / "content" / "logo.png", library / "features" / "diagram.png")
    assert _built(build(library, out, LANGS)) == ["en/features", "es/features"]

    clinic = library / "clinic.yaml"
    clinic.write_text(clinic.read_text(encoding="utf-8").replace("Riverside", "Lakeside"), encoding="utf-8")
    assert len(_built(build(library, out, LANGS))) == 6

    assert len(_built(build(library, out, LANGS, paper="letter"))) == 6  # other options, other PDFs' keys
    assert len(_built(build(library, out, LANGS, force=True))) == 6


def test_a_pdf_changed_since_is_rebuilt(library, tmp_path):
    out = tmp_path / "out"
    build(library, out, ["en"])
    pdf = out / "en" / f"{LEAFLET}.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(b"%PDF-1.4 replaced by hand")
    assert _built(build(library, out, ["en"])) == [f"en/{LEAFLET}"]
    assert pdf.read_bytes() == good


def test_the_cli_says_what_it_reused(library, tmp_path):
    out = tmp_path / "out"
    assert run_cli("--content", str(library), "--output", str(out), "--lang", "es").returncode == 0
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    r = run_cli("--content", str(library), "--output", str(out), "--lang", "es")
    assert r.returncode == 0, r.stderr
    # nothing written at all: PDFs, manifest, catalogue page and its records
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == written
    lines = r.stdout.strip().splitlines()
    results = [line for line in lines if line.startswith("es ")]
    assert len(results) == 2 and all(line.endswith("unchanged)") for line in results), lines
    assert lines[-1].startswith("Built 0 PDFs in ") and "2 unchanged since the last build" in lines[-1]
    r = run_cli("--content", str(library), "--output", str(out), "--lang", "es", "--force")
    assert r.stdout.strip().splitlines()[-1].startswith("Built 2 PDFs in ")


_MAIN_PID = os.getpid()


def _dies_in_a_worker(job):
    """The build of one Arabic leaflet, killed in a worker process (as the system kills one out of memory)."""
    if os.getpid() != _MAIN_PID and job.lang == "ar":
        os._exit(9)
    return _REAL_BUILD_JOB(job)


_REAL_BUILD_JOB = importlib.import_module("generator.build")._build_job


def test_a_worker_that_dies_does_not_lose_the_library(library, tmp_path, monkeypatch):
    """Its leaflets are built again in the main process; the library comes out whole."""
    monkeypatch.setattr(importlib.import_module("generator.build"), "_build_job", _dies_in_a_worker)
    results = build(library, tmp_path / "out", LANGS, jobs=2)
    assert all(r.ok for r in results) and len(results) == 6
    monkeypatch.undo()
    build(library, tmp_path / "serial", LANGS, jobs=1)
    assert _pdfs(tmp_path / "out") == _pdfs(tmp_path / "serial")


def test_a_translation_behind_its_source_is_marked_or_refused(library, tmp_path):
    """The source changed since the translation was made: a draft prints with a warning (also when reused),
    a translation marked approved is not printed at all."""
    out = tmp_path / "out"
    en, es = library / LEAFLET / "en.yaml", library / LEAFLET / "es.yaml"
    text = en.read_text(encoding="utf-8")
    en.write_text(text.replace("Cause Back Pain?", "Cause Back Ache?"), encoding="utf-8")
    for attempt in range(2):
        [result] = build(library, out, ["es"], leaflets=[LEAFLET])
        assert result.ok and result.reused == (attempt == 1)
        assert any("changed or appeared since this translation was made" in w for w in result.warnings), result
    es.write_text(es.read_text(encoding="utf-8").replace("status: draft", "status: approved"), encoding="utf-8")
    [result] = build(library, out, ["es"], leaflets=[LEAFLET])
    assert not result.ok
    assert re.match(rf"{re.escape(str(es))}:1: marked approved, but \d+ text\(s\) of the en source changed .*title",
                    str(result.error))
