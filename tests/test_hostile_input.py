"""Files a clinic receives from outside, and machines that misbehave: every case one line, the others built,
nothing half-written, no file outside the output folder."""
from __future__ import annotations

import importlib
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image as PILImage
from pypdf import PdfReader

from conftest import FIXTURES, ROOT, run_cli

GOOD = "title: {title}\nsections:\n  - heading: Hello\n    body:\n      - Some text.\n"
PNG = (FIXTURES / "content" / "features" / "diagram.png").read_bytes()


def _content(tmp_path: Path, leaflets: dict[str, str], clinic: str | None = None) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    for name, text in leaflets.items():
        (content / name).mkdir(parents=True)
        (content / name / "en.yaml").write_text(text, encoding="utf-8")
    if clinic is not None:
        (content / "clinic.yaml").write_text(clinic, encoding="utf-8")
    return content


def _one_error(r, pattern: str) -> str:
    assert "Traceback" not in r.stdout + r.stderr
    errors = [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith("warning:")]
    assert len(errors) == 1, r.stderr
    assert re.search(pattern, errors[0]), errors[0]
    return errors[0]


def _image_leaflet(name: str) -> str:
    return ("title: Pictures\nsections:\n  - heading: A\n    body:\n"
            f"      - image: {name}\n        alt: A picture.\n")


def test_fifo_and_device_are_refused_without_waiting(tmp_path):
    content = _content(tmp_path, {"good": GOOD.format(title="Good")})
    (content / "fifo").mkdir()
    os.mkfifo(content / "fifo" / "en.yaml")
    (content / "zero").mkdir()
    (content / "zero" / "en.yaml").symlink_to("/dev/zero")
    r = run_cli("--content", str(content), "--output", str(tmp_path / "out"))
    assert r.returncode == 1
    errors = sorted(ln for ln in r.stderr.splitlines() if not ln.startswith("warning:"))
    assert errors == [f"{content / name / 'en.yaml'}:1: the file is not a regular file (a pipe or a device) "
                      "(expected a YAML text file)" for name in ("fifo", "zero")]
    assert (tmp_path / "out" / "en" / "good.pdf").is_file()


def test_image_link_loop_and_folder(tmp_path):
    content = _content(tmp_path, {"loop": _image_leaflet("loop.png"), "folder": _image_leaflet("pics")})
    (content / "loop" / "loop.png").symlink_to("loop.png")
    (content / "folder" / "pics").mkdir()
    r = run_cli("--content", str(content), "--output", str(tmp_path / "out"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{content / 'loop' / 'en.yaml'}:5: image 'loop.png' cannot be opened" in r.stderr
    assert f"{content / 'folder' / 'en.yaml'}:5: image 'pics' is not a file" in r.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.pdf"))


def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    content = _content(tmp_path, {"bomb": _image_leaflet("big.png")})
    PILImage.new("1", (12000, 12000)).save(content / "bomb" / "big.png")
    r = run_cli("--content", str(content), "--output", str(tmp_path / "out"))
    assert r.returncode == 1
    _one_error(r, r"en\.yaml:5: image 'big\.png' has 12000 x 12000 pixels \(expected at most 40 million")
    assert "DecompressionBomb" not in r.stderr


def test_line_separators_in_text_print_as_spaces(tmp_path):
    content = _content(tmp_path, {"seps": 'title: "One\u2028two\u0085three\u2029four"\n'
                                          + GOOD.split("\n", 1)[1]})
    r = run_cli("--content", str(content), "--output", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    reader = PdfReader(tmp_path / "out" / "en" / "seps.pdf")
    assert reader.metadata.title == "One two three four"
    assert "One two three four" in reader.pages[0].extract_text()


@pytest.mark.parametrize("clinic, line, pattern", [
    ("name: C\nemergency:\n  text:\n    english: Call\n  phone: '999'\n", 4,
     r"'english' in the emergency 'text' is not a language code \(expected one text per language"),
    ("name: C\nemergency:\n  text:\n    es: Llame al\n  phone: '999'\n", 3,
     r"the emergency text has no 'en' version for the English leaflets"),
])
def test_emergency_text_mistakes(tmp_path, clinic, line, pattern):
    content = _content(tmp_path, {"x": GOOD.format(title="X")}, clinic)
    r = run_cli("--content", str(content), "--output", str(tmp_path / "out"))
    assert r.returncode == 1
    error = _one_error(r, pattern)
    assert error.startswith(f"{content / 'clinic.yaml'}:{line}: ")


def test_emergency_text_for_a_base_language_serves_its_regions(tmp_path):
    content = _content(tmp_path, {}, "name: C\nemergency:\n  text:\n    es: Llame al\n  phone: '999'\n")
    (content / "x").mkdir()
    (content / "x" / "es-MX.yaml").write_text(GOOD.format(title="Hola"), encoding="utf-8")
    r = run_cli("--content", str(content), "--output", str(tmp_path / "out"), "--lang", "es-MX")
    assert r.returncode == 0, r.stderr
    assert "Llame al 999" in PdfReader(tmp_path / "out" / "es-MX" / "x.pdf").pages[0].extract_text()


def test_clinic_file_that_is_a_folder(tmp_path):
    content = _content(tmp_path, {"x": GOOD.format(title="X")})
    (content / "clinic.yaml").mkdir()
    r = run_cli("--content", str(content), "--output", str(tmp_path / "out"))
    assert r.returncode == 1
    _one_error(r, rf"^{re.escape(str(content / 'clinic.yaml'))}:1: the file is a folder")


def test_an_unexpected_failure_is_one_line_and_the_others_build(tmp_path, monkeypatch):
    """A bug one file brings out must not stop the clinic's whole library."""
    from generator.cli import main

    build_module = importlib.import_module("generator.build")  # the module, not the function of that name

    content = _content(tmp_path, {"a": GOOD.format(title="A"), "b": GOOD.format(title="B"),
                                  "c": GOOD.format(title="C")})
    real = build_module.render_document

    def flaky(path, *args, **kw):
        if path.parent.name == "b":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, *args, **kw)

    monkeypatch.setattr(build_module, "render_document", flaky)
    r = CliRunner().invoke(main, ["--content", str(content), "--output", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    assert f"{content / 'b' / 'en.yaml'}:1: make-leaflet could not build this file (RecursionError" in r.output
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.pdf")) == ["a.pdf", "c.pdf"]


def test_full_disk_names_the_file_and_tries_the_rest(tmp_path, monkeypatch):
    from generator.cli import main
    from generator.write import atomic

    content = _content(tmp_path, {"a": GOOD.format(title="A"), "b": GOOD.format(title="B")})
    real_fdopen = os.fdopen
    calls = []

    class Full:
        """The first file written: the disk is full when its bytes are written."""

        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    def fdopen(fd, mode="r", *args, **kwargs):
        f = real_fdopen(fd, mode, *args, **kwargs)
        if "w" not in mode:
            return f
        calls.append(fd)
        return Full(f) if len(calls) == 1 else f

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["--content", str(content), "--output", str(out)])
    assert r.exit_code == 1
    assert f"{out / 'en' / 'a.pdf'}: cannot write the PDF (No space left on device)" in r.output
    assert [p.name for p in out.rglob("*.pdf")] == ["b.pdf"]
    assert not list(out.rglob("*.tmp"))  # no temporary file left
    assert "b.pdf" in (out / "index.html").read_text(encoding="utf-8")  # the catalogue lists what was built


def test_terminated_while_writing_leaves_nothing_half_written(tmp_path):
    """SIGTERM (a closing terminal, a service stopped) in the middle of writing a PDF."""
    content = _content(tmp_path, {"a": GOOD.format(title="A"), "b": GOOD.format(title="B")})
    out = tmp_path / "out"
    script = textwrap.dedent(f"""
        import os, signal, sys
        from generator.write import atomic
        from generator.cli import main
        real = os.chmod
        def stop(tmp, mode):  # between a file's bytes written and its rename into place
            if seen:
                os.kill(os.getpid(), signal.SIGTERM)
            seen.append(tmp)
            real(tmp, mode)
        seen = []
        atomic.os.chmod = stop
        sys.argv = ["make-leaflet", "--content", {str(content)!r}, "--output", {str(out)!r}]
        main()
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert r.returncode == 1, r.stderr
    _one_error(r, r"^make-leaflet: stopped; the PDFs already finished are complete")
    files = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert files == ["a.pdf"], files  # the first finished; the second was removed, not left as .tmp


def test_cli_runs_from_a_folder_outside_the_repository(tmp_path):
    """What a clinic does: its own folder, its own leaflets, the command on PATH."""
    work = tmp_path / "clinic"
    work.mkdir()
    content = _content(work, {"x": GOOD.format(title="Our leaflet")})
    r = run_cli("--content", str(content.relative_to(work)), cwd=work)
    assert r.returncode == 0, r.stderr
    assert (work / "output" / "en" / "x.pdf").is_file()
    assert not (ROOT / "output" / "en" / "x.pdf").exists()
    for layout in ("large-print", "booklet", "trifold"):
        r = run_cli("--content", "content", "--layout", layout, cwd=work)
        assert r.returncode == 0, (layout, r.stderr)


def test_a_bug_in_a_command_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    import generator.workflow as workflow
    from generator.cli import main

    def broken(content_dir):
        raise IndexError("list index out of range")

    monkeypatch.setattr(workflow, "status", broken)
    r = CliRunner().invoke(main, ["status", "--content", str(ROOT / "leaflets")])
    assert r.exit_code == 1
    assert r.output.strip().splitlines() == [
        "make-leaflet: unexpected error (IndexError: list index out of range); this is a bug in make-leaflet: "
        "please report it with the command and the files it read"]
