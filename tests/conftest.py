"""Shared helpers: build leaflets into temporary folders and read the PDFs back like a user's tools do."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# Property-based tests: a fixed, derandomized budget in CI; `--hypothesis-profile=fuzz` for a long random search.
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, suppress_health_check=_SLOW)
settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=_SLOW)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "leaflets"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FOOTER_LINE = re.compile(r"^.*Page \d+ of \d+\s*$", re.M)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("make-leaflet")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from generator.cli import main; main()"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=cwd or ROOT, timeout=300)


def body_text(path: Path) -> str:
    """pypdf's text of every page without the running footer line."""
    return "\n".join(FOOTER_LINE.sub("", page.extract_text()) for page in PdfReader(path).pages)


# Marks that only steer display order (LRM, RLM, ALM): right-to-left lines carry RLMs for poppler's sake
# (render/glyphs.py); they are not text of the content, and readers place them differently.
DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f\u061c")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(DIRECTION_MARKS)


def assert_in_order(strings: list[str], extracted: str) -> None:
    """Every string comes back, whole and in order (whitespace, incl. line breaks, ignored)."""
    hay, pos = squash(extracted), 0
    for s in strings:
        needle = squash(s)
        found = hay.find(needle, pos)
        assert found >= 0, f"not found in order: {s!r}\n--- after: {hay[pos:pos + 300]!r}"
        pos = found + len(needle)


def ua1_failures(path: Path) -> list[str]:
    """Failed rules of page-validation's PDF/UA-1 profile and of its PDF/A-2a profile: every file claims
    both standards, so every check of one is a check of the other (rule ids name their profile)."""
    import page  # package page-validation

    return sorted({f.rule_id for profile in ("ua1", "2a")
                   for f in page.validate_pdf(str(path), profile=profile).failures})


def outloud_errors(path: Path) -> list[str]:
    exe = shutil.which("outloud") or str(Path(sys.executable).with_name("outloud"))
    r = subprocess.run([exe, str(path), "--json", "-", "--fail-on", "never"], capture_output=True, text=True)
    data = json.loads(r.stdout)
    errors = [f"{f['rule']}: {f.get('message', '')}" for res in data["results"] for f in res["findings"]
              if f["severity"] == "error"]
    errors += [str(res["error"]) for res in data["results"] if res.get("error")]
    return errors


def fonts_anywhere(reader: PdfReader):
    """(resource name, font dictionary) of every font a page or a form XObject inside it can select."""
    seen: set[int] = set()

    def walk(resources):
        resources = resolve(resources) or {}
        for name, font in resolve(resources.get("/Font", DictionaryObject())).items():
            yield name, resolve(font)
        for xobject in resolve(resources.get("/XObject", DictionaryObject())).values():
            ref = xobject.idnum if isinstance(xobject, IndirectObject) else id(xobject)
            xobject = resolve(xobject)
            if ref not in seen and "/Resources" in xobject:
                seen.add(ref)
                yield from walk(xobject["/Resources"])

    for page in reader.pages:
        yield from walk(page.get("/Resources"))


def resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def struct_tree(path: Path):
    """(role, attrs, kids) for the structure tree's Document element; kids are elements or
    ('MCR', page index, mcid) / ('OBJR', annotation dict). Marked content is an MCR dictionary or, on the
    element's own page (its /Pg), the MCID alone: both are ('MCR', page, mcid) here."""
    reader = PdfReader(path)
    page_index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    root = reader.trailer["/Root"]["/StructTreeRoot"]

    def walk(el):
        el = resolve(el)
        kids = resolve(el.get("/K", ArrayObject()))
        kids = kids if isinstance(kids, ArrayObject) else ArrayObject([kids])
        out = []
        for k in kids:
            k = resolve(k)
            if isinstance(k, DictionaryObject) and k.get("/Type") == "/MCR":
                out.append(("MCR", page_index[k.raw_get("/Pg").idnum], int(k["/MCID"])))
            elif isinstance(k, DictionaryObject) and k.get("/Type") == "/OBJR":
                out.append(("OBJR", resolve(k["/Obj"])))
            elif isinstance(k, DictionaryObject):
                out.append(walk(k))
            else:
                out.append(("MCR", page_index[el.raw_get("/Pg").idnum], int(k)))
        return (str(el["/S"])[1:], el, out)

    top = resolve(root["/K"])
    return walk(top[0] if isinstance(top, ArrayObject) else top)


def elements(tree, role: str | None = None):
    """Depth-first elements of a struct tree (optionally only one role)."""
    name, el, kids = tree
    if role is None or name == role:
        yield tree
    for k in kids:
        if len(k) == 3 and isinstance(k[0], str) and k[0] not in ("MCR",):
            yield from elements(k, role)


@pytest.fixture(scope="session")
def seed_pdfs(tmp_path_factory) -> dict[str, Path]:
    """The seed leaflet built through the CLI on A4 and Letter."""
    out = tmp_path_factory.mktemp("seed")
    pdfs = {}
    for paper in ("a4", "letter"):
        r = run_cli("--lang", "en", "--paper", paper, "--output", str(out / paper))
        assert r.returncode == 0, r.stderr
        pdfs[paper] = out / paper / "en" / "lung-cancer-back-pain.pdf"
    return pdfs


def pdfium_text(path: Path) -> str:
    """pdfium's text of every page as FPDFText_GetText gives it (what Chrome copies, and what the
    readback instrument reads); the bounded variant leaves out characters drawn by empty glyphs."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def pypdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def fidelity(strings: list[str], extracted: str) -> tuple[float, float]:
    """(characters, words) of the content that come back in order, as shares of the content.

    Characters: non-whitespace characters in NFC; words: whitespace-separated words (for scripts written
    without spaces a "word" is a whole phrase, so the character figure is the finer one there).
    Brackets are left out: pdfium mirrors them in right-to-left lines whatever the PDF says (a known
    pdfium behaviour; pypdf and the structure tree keep them right). So are direction marks (DIRECTION_MARKS).
    """
    import difflib
    import unicodedata

    brackets = str.maketrans("", "", "()[]{}")

    def chars(t):
        return [c for c in unicodedata.normalize("NFC", t).translate(brackets).translate(DIRECTION_MARKS)
                if not c.isspace()]

    def words(t):
        return unicodedata.normalize("NFC", t).translate(brackets).translate(DIRECTION_MARKS).split()

    out = []
    for split in (chars, words):
        want = [x for s in strings for x in split(s)]
        got = split(extracted)
        sm = difflib.SequenceMatcher(None, want, got, autojunk=False)
        out.append(sum(b.size for b in sm.get_matching_blocks()) / len(want))
    return out[0], out[1]


def text_sizes(path: Path, artifacts: bool = False) -> set[float]:
    """Font sizes of text actually shown (TJ/Tj), real content only unless `artifacts`."""
    from pypdf.generic import ContentStream

    sizes: set[float] = set()
    reader = PdfReader(path)
    for page in reader.pages:
        stack, size = [], None
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op in (b"BDC", b"BMC"):
                stack.append(str(operands[0]))
            elif op == b"EMC":
                stack.pop()
            elif op == b"Tf":
                size = float(operands[1])
            elif op in (b"TJ", b"Tj") and (artifacts or not stack or stack[0] != "/Artifact"):
                sizes.add(size)
    return sizes


ESCAPE_TITLE = '<script>window.catalogueInjected = 1</script> Tom & "Jerry" <b>not bold</b>'


@pytest.fixture(scope="session")
def catalogue_library(tmp_path_factory) -> Path:
    """A small library as a clinic builds it: the seed leaflet in English, Arabic and Urdu, handout and
    large print on A4 and the handout on Letter, each paper in its own folder, plus an English leaflet
    whose title is markup; every build writes its folder's index.html, then `catalogue` the whole."""
    root = tmp_path_factory.mktemp("library")
    content = root / "content"
    seed = content / "lung-cancer-back-pain"
    seed.mkdir(parents=True)
    for lang in ("en", "ar", "ur"):
        shutil.copy(SEED / "lung-cancer-back-pain" / f"{lang}.yaml", seed / f"{lang}.yaml")
    markup = content / "markup-title"
    markup.mkdir()
    text = (SEED / "lung-cancer-back-pain" / "en.yaml").read_text(encoding="utf-8")
    title = ESCAPE_TITLE.replace('"', '\\"')
    markup.joinpath("en.yaml").write_text(
        re.sub(r"^title: .*$", f'title: "{title}"', text, count=1, flags=re.M), encoding="utf-8")
    out = root / "output"
    for paper, layouts in (("a4", ("handout", "large-print")), ("letter", ("handout",))):
        for layout in layouts:
            r = run_cli("--content", str(content), "--lang", "all", "--layout", layout, "--paper", paper,
                        "--output", str(out / paper), cwd=root)
            assert r.returncode == 0, r.stderr
    r = run_cli("catalogue", "--output", str(out), cwd=root)
    assert r.returncode == 0, r.stderr
    return out
