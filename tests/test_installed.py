"""make-leaflet as a user runs it: installed with pip into a fresh virtual environment, run from a folder
outside the repository (the other tests run from the repository root, where a missing package file
would go unnoticed)."""
from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, SEED

LEAFLET = "lung-cancer-back-pain"
_NOT_SOURCE = {".git", "output", "build", "dist", "__pycache__", ".pytest_cache", "leaflets", "tests", "benchmarks"}


def _not_source(folder: str, names: list[str]) -> list[str]:
    """Build leftovers, virtual environments and everything that is not part of the package."""
    return [n for n in names if n in _NOT_SOURCE or n.endswith(".egg-info") or (Path(folder, n, "pyvenv.cfg").exists())]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(cmd: list, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, env=_env(),
                          timeout=timeout)


@pytest.fixture(scope="module", params=["regular", "editable"])
def installed(request, tmp_path_factory) -> Path:
    """The `make-leaflet` command of a fresh venv with the project installed by pip from a copy of the
    source tree: `pip install .`, or `pip install -e .`. The dependencies come from the test
    environment (a .pth file, like --system-site-packages), so nothing is downloaded or built."""
    root = tmp_path_factory.mktemp(f"installed-{request.param}")
    src, venv = root / "src", root / "venv"
    shutil.copytree(ROOT, src, ignore=_not_source)
    r = _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=root)
    if r.returncode != 0:
        pytest.skip(f"cannot create a virtual environment here: {r.stderr.strip()}")
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=root)
    Path(purelib.stdout.strip(), "test-environment.pth").write_text(f"{_dependencies(root / 'deps')}\n")
    if _run([python, "-m", "pip", "--version"], cwd=root).returncode != 0:
        pytest.skip("pip is not installed in the test environment")
    editable = ["-e"] if request.param == "editable" else []
    r = _run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
              "--ignore-installed", *editable, src], cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr
    # the copy just installed is the one that runs, not the one the tests import
    r = _run([python, "-c", "import generator; print(generator.__file__)"], cwd=root)
    assert Path(r.stdout.strip()).is_relative_to(src if editable else venv), r.stdout + r.stderr
    return scripts / "make-leaflet"


def _dependencies(folder: Path) -> Path:
    """The test environment's packages without make-leaflet itself (links in one folder): an installed
    or editable copy there would be imported before an editable install's own finder is asked."""
    folder.mkdir()
    sites = [*site.getsitepackages(), *([site.getusersitepackages()] if site.ENABLE_USER_SITE else [])]
    for entry in (e for s in sites if Path(s).is_dir() for e in sorted(Path(s).iterdir())):
        ours = entry.name == "generator" or "make_leaflet" in entry.name
        if not ours and not (folder / entry.name).exists():
            try:
                (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
            except OSError as exc:  # Windows without the right to make links
                pytest.skip(f"cannot link the test environment's packages: {exc}")
    return folder


def _title(pdf: Path) -> str:
    return PdfReader(pdf).metadata.title


def _seed_title(lang: str) -> str:
    return yaml.safe_load((SEED / LEAFLET / f"{lang}.yaml").read_text(encoding="utf-8"))["title"]


def test_builds_a_clinic_folder_from_anywhere(installed, tmp_path):
    clinic, elsewhere, out = tmp_path / "clinic" / "leaflets", tmp_path / "elsewhere", tmp_path / "out"
    shutil.copytree(SEED, clinic)
    elsewhere.mkdir()
    r = _run([installed, "--content", clinic, "--output", out, "--lang", "en", "--lang", "ar"], cwd=elsewhere)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    for lang in ("en", "ar"):  # language data and fonts come from the installed package too
        assert _title(out / lang / f"{LEAFLET}.pdf") == _seed_title(lang)
    assert list(elsewhere.iterdir()) == []


def test_quick_start_in_a_folder_with_leaflets(installed, tmp_path):
    shutil.copytree(SEED, tmp_path / "leaflets")
    r = _run([installed, "--lang", "en"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert _title(tmp_path / "output" / "en" / f"{LEAFLET}.pdf") == _seed_title("en")


@pytest.mark.parametrize("layout", ["booklet", "trifold"])
def test_shipped_layouts_that_extend_another(installed, tmp_path, layout):
    shutil.copytree(SEED, tmp_path / "leaflets")
    r = _run([installed, "--lang", "en", "--layout", layout], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert _title(tmp_path / "output" / "en" / f"{LEAFLET}.{layout}.pdf") == _seed_title("en")
