"""The command line: options, progress lines and exit codes, run as a user runs it."""
from __future__ import annotations

import shutil

from conftest import FIXTURES, SEED, run_cli


def test_builds_every_leaflet_with_progress_lines(tmp_path):
    r = run_cli("--lang", "en", "--output", str(tmp_path))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0].split()[:3] == ["en", "lung-cancer-back-pain", str(tmp_path / "en" / "lung-cancer-back-pain.pdf")]
    assert "page" in lines[0]
    assert lines[-1].startswith("Built 1 PDF in ")
    assert (tmp_path / "en" / "lung-cancer-back-pain.pdf").is_file()


def test_lang_all_and_leaflet_filter(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    shutil.copytree(SEED / "lung-cancer-back-pain", content / "lung-cancer-back-pain")
    r = run_cli("--content", str(content), "--output", str(tmp_path / "o"), "--lang", "all",
                "--leaflet", "features")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "o").rglob("*.pdf")) == ["features.pdf"]


def test_usage_errors_exit_2(tmp_path):
    for args, message in ((["--lang", "xx"], "no content files for language 'xx'"),
                          (["--layout", "poster"], "unknown layout 'poster'"),
                          (["--leaflet", "nope"], "no leaflet 'nope'"),
                          (["--paper", "a3"], "Invalid value for '--paper'"),
                          (["--frobnicate"], "No such option"),
                          (["--content", str(tmp_path / "missing")], "does not exist")):
        r = run_cli(*args, "--output", str(tmp_path / "o"))
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert message in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
    assert not (tmp_path / "o").exists()


def test_help_speaks_plainly():
    r = run_cli("--help")
    assert r.returncode == 0
    for word in ("--lang", "--paper", "letter", "--output", "Examples"):
        assert word in r.stdout


def test_library_call_matches_cli(tmp_path):
    from generator import build

    [result] = build(SEED, tmp_path, ["en"], paper="letter")
    assert result.ok and result.pages >= 2
    assert result.output == tmp_path / "en" / "lung-cancer-back-pain.pdf"


def test_output_that_cannot_be_written_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = run_cli("--output", str(blocker))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [f"{blocker / 'en' / 'lung-cancer-back-pain.pdf'}: cannot write the PDF "
                                     "(Not a directory)"]


def test_bilingual_with_the_same_language_is_a_usage_error(tmp_path):
    r = run_cli("--lang", "en", "--bilingual", "en", "--output", str(tmp_path))
    assert r.returncode == 2 and "--bilingual en" in r.stderr


def test_progress_bar_on_a_terminal_only(capsys):
    import time

    from generator.cli import _Progress

    bar = _Progress()
    assert not bar.live  # captured output is not a terminal: result lines only
    bar.plan(4)
    bar.advance("en first")
    assert capsys.readouterr().out == ""
    bar.live, bar.start = True, time.perf_counter() - 5  # a terminal, five seconds into the build
    bar.advance("ar second")
    assert capsys.readouterr().out == "[############------------] 2/4  ar second  about 5 s left"
    bar.clear()
    assert capsys.readouterr().out == "\r\033[K"
    bar.advance("hi third")
    bar.advance("ur fourth")  # the last result: no bar left behind under the summary
    assert capsys.readouterr().out.endswith("3/4  hi third  about 2 s left")
