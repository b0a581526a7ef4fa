"""ReportLab behind one adapter: pages, content streams, images, annotations, indirect objects, the
document information and the file identifier, written as PDF 1.7.

The rest of render/ builds plain Python values (dict, list, tuple, str, int, float, bool, Name, Ref) and
never touches ReportLab's object model; values are turned into ReportLab objects when the file is written,
so a dictionary may still change after it was given a reference (the structure tree is finished only once
every page is drawn).
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import io
import zlib
from functools import cache, lru_cache
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageCms
import reportlab
from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

PDF_VERSION = (1, 7)
PRODUCER = f"ReportLab PDF Library {REPORTLAB_VERSION}"

rl_config.useA85 = 0  # binary Flate streams: ASCII85 makes files 25% larger and builds slower


def _stream_format(self, document, _format=pdfdoc.PDFStream.format):
    """ReportLab writes `…data endstream`; PDF/A (ISO 19005-2, 6.1.7.1) wants an end-of-line marker
    between the data and `endstream`, outside /Length. Valid for every PDF, so done for all streams."""
    out = _format(self, document)[:-len(b"endstream\n")]
    # data ending in CR followed by LF would read as a CRLF marker, one byte short of /Length
    return out + (b"\r\nendstream\n" if out.endswith(b"\r") else b"\nendstream\n")


if getattr(pdfdoc.PDFStream.format, "__name__", "") != "_stream_format":
    pdfdoc.PDFStream.format = _stream_format


def _flate(self, text, _level=1):
    """Streams compressed at zlib's fastest level: a Persian leaflet, its content stream a text object per
    letter, took 5.9 ms to compress at the default level and 2.2 ms at this one, for a file of 113 KB, not
    100 KB (an English one: 46 KB, not 44 KB)."""
    return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, _level)


pdfdoc.PDFStreamFilterZCompress.encode = _flate

_UNENCODABLE = bytes(range(0x18, 0x20))  # ASCII characters PDFDocEncoding has no code for


def _pdfdoc_encoded(x, _encode=pdfdoc.pdfdocEnc):
    """ReportLab's pdfdocEnc, which every name, number, object header and cross-reference table goes
    through, without its codec for ASCII text: the codec gives ASCII its own bytes, except the eight it
    cannot encode (and raises for)."""
    if x.__class__ is str and x.isascii():
        data = x.encode("ascii")
        if len(data.translate(None, _UNENCODABLE)) == len(data):
            return data
    return _encode(x)


if pdfdoc.pdfdocEnc.__name__ != "_pdfdoc_encoded":
    pdfdoc.pdfdocEnc = _pdfdoc_encoded
    pdfdoc.PDFName = lru_cache(maxsize=1024)(pdfdoc.PDFName)  # a Python step per character of every key


@dataclass(frozen=True)
class Name:
    """A PDF name (/Value)."""

    value: str


@dataclass(frozen=True, eq=False)
class Ref:
    """An indirect object of the file being written."""

    target: object


class _Lazy(pdfdoc.PDFObject):
    """An indirect object converted from its Python value only when the file is written."""

    def __init__(self, writer: PdfWriter, value):
        self.writer, self.value = writer, value

    def format(self, document):
        return self.writer.serialize(self.value, document)


class _LazyStream(_Lazy):
    __RefOnly__ = 1

    def __init__(self, writer: PdfWriter, dictionary: dict, data: bytes, compress: bool):
        super().__init__(writer, dictionary)
        self.data, self.compress = data, compress

    def format(self, document):
        stream = pdfdoc.PDFStream(self.writer.convert(self.value), self.data,
                                  [pdfdoc.PDFZCompress] if self.compress else None)
        return stream.format(document)


class _Info(pdfdoc.PDFInfo):
    """The document information dictionary with exactly the entries given (ReportLab's always adds an
    empty Keywords and a fixed date, which the XMP metadata would then have to repeat)."""

    def __init__(self, entries: dict[str, str]):
        super().__init__()
        self.entries = entries

    def digest(self, md5object):
        md5object.update(repr(sorted(self.entries.items())).encode("utf-8"))

    def format(self, document):
        return pdfdoc.PDFDictionary({k: pdfdoc.PDFString(v) for k, v in self.entries.items()}).format(document)


@cache
def _name(value: str) -> bytes:
    return pdfdoc.pdfdocEnc(pdfdoc.PDFName(value)[1:])


def _joined(items: list[bytes], per_line: int) -> bytes:
    """ReportLab's layout of dictionary entries and array items: a line break every `per_line`."""
    if rl_config.pdfMultiLine:
        return b"\n ".join(items)
    for i in reversed(range(per_line, len(items), per_line)):
        items.insert(i, b"\n ")
    return b" ".join(items)


def number_array(values) -> bytes:
    """A PDF array of numbers, as ReportLab's PDFArray writes it, ready to be a value of a ReportLab
    dictionary (bytes are written as they are): a font's /Widths, 256 numbers each formatted through
    ReportLab's generic path before."""
    return b"[ " + _joined([pdfdoc.fp_str(v).encode("ascii") for v in values], 10) + b" ]"


def pdf_date(when: dt.datetime) -> str:
    """A date string as the document information dictionary writes it (UTC)."""
    return when.astimezone(dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")


class PdfWriter:
    def __init__(self, size: tuple[float, float], lang: str, initial_font: str):
        self.out = io.BytesIO()
        # a dynamic (embedded) initial font: otherwise ReportLab selects an unused, unembedded Helvetica
        self.canvas = Canvas(self.out, pagesize=size, invariant=1, lang=lang, pageCompression=1,
                             initialFontName=initial_font, pdfVersion=PDF_VERSION)
        self.doc = self.canvas._doc
        self.escape = self.canvas._escape  # for text operators (render/glyphs.py)
        self.page_entries: list[dict] = []
        self._entries: dict = {}

    # -- values ---------------------------------------------------------------------------------------
    def convert(self, value):
        """A Python value as a ReportLab object."""
        if isinstance(value, Ref):
            return self.doc.Reference(value.target)
        if isinstance(value, Name):
            return pdfdoc.PDFName(value.value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return value
        if isinstance(value, str):
            return pdfdoc.PDFString(value)
        if isinstance(value, dict):
            return pdfdoc.PDFDictionary({k: self.convert(v) for k, v in value.items()})
        if isinstance(value, (list, tuple)):
            return pdfdoc.PDFArray([self.convert(v) for v in value])
        raise TypeError(f"no PDF object for {type(value).__name__}")

    def serialize(self, value, document) -> bytes:
        """A Python value as bytes, exactly as ReportLab formats what convert() makes of it, without
        building ReportLab's objects first (the structure tree has thousands of small dictionaries)."""
        kind = type(value)
        if kind is int:  # most of them: marked-content ids, structure parents (ReportLab's fp_str writes them so)
            return b"%d" % value
        if kind is dict:
            items = [b"/" + _name(k) + b" " + self.serialize(value[k], document) for k in sorted(value)]
            return b"<<\n" + _joined(items, 6) + b"\n>>"
        if kind is list or kind is tuple:
            return b"[ " + _joined([self.serialize(v, document) for v in value], 10) + b" ]"
        if kind is Name:
            return b"/" + _name(value.value)
        if kind is Ref:  # "N 0 R" as ReportLab formats it, for an object it has numbered (every target is)
            return b"%d 0 R" % self.doc.idToObjectNumberAndVersion[value.target.__InternalName__][0]
        if isinstance(value, bool):
            return b"true" if value else b"false"
        return pdfdoc.format(self.convert(value), document)

    def indirect(self, value) -> Ref:
        """An indirect object for `value` (a dict or list that may still change until write())."""
        obj = _Lazy(self, value)
        self.doc.Reference(obj)
        return Ref(obj)

    def stream(self, dictionary: dict, data: bytes, compress: bool = True) -> Ref:
        obj = _LazyStream(self, dictionary, data, compress)
        self.doc.Reference(obj)
        return Ref(obj)

    # -- pages ----------------------------------------------------------------------------------------
    def begin_page(self, width: float, height: float):
        self.canvas.setPageSize((width, height))
        self._entries = {}
        self.page_entries.append(self._entries)

    def code(self, *ops: str):
        self.canvas._code.append("\n".join(ops))

    def image(self, path: Path, x: float, y: float, width: float, height: float):
        """A PNG or JPEG picture in sRGB or gray (the colour spaces the output intent covers); pictures in
        CMYK or with an ICC profile of their own are converted to sRGB first."""
        source, transparent = _picture(path)
        self.canvas.drawImage(source, x, y, width, height, mask="auto")
        if transparent:  # a soft mask: blending happens in the output intent's RGB space
            self._entries["Group"] = {"Type": Name("Group"), "S": Name("Transparency"),
                                      "CS": Name("DeviceRGB")}

    def annotation(self, value: dict) -> Ref:
        """An annotation on the current page (the dict may still change until write())."""
        obj = _Lazy(self, value)
        self.canvas._addAnnotation(obj)
        return Ref(obj)

    def end_page(self):
        self.doc.updateSignature("\n".join(self.canvas._code))  # the file identifier follows the content
        self.canvas.showPage()

    def page_refs(self) -> list[Ref]:
        return [Ref(p) for p in self.doc.Pages.pages]

    def set_page_entry(self, index: int, key: str, value):
        self.page_entries[index][key] = value

    # -- document -------------------------------------------------------------------------------------
    def catalog(self, key: str, value):
        catalog = self.doc.Catalog
        if key not in catalog.__NoDefault__:  # ReportLab writes only the catalog keys it knows
            catalog.__NoDefault__ = [*catalog.__NoDefault__, key]
        setattr(catalog, key, self.convert(value))

    def write(self, info: dict[str, str | dt.datetime]) -> bytes:
        """The file; `info`: the document information dictionary (dates as datetimes)."""
        for page, entries in zip(self.doc.Pages.pages, self.page_entries):
            page.__NoDefault__ = [*type(page).__NoDefault__, *entries]
            for key, value in entries.items():
                setattr(page, key, self.convert(value))
        self.doc.info = _Info({k: pdf_date(v) if isinstance(v, dt.datetime) else v for k, v in info.items()})
        self.canvas.save()
        return self.out.getvalue()


def _picture(path: Path):
    """(what ReportLab draws, whether it has an alpha channel)."""
    with PILImage.open(path) as im:
        im.load()
        transparent = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
        profile = im.info.get("icc_profile")
        if im.mode in ("RGB", "RGBA", "L", "LA", "P", "1") and not (profile and not _is_srgb(profile)):
            return str(path), transparent
        mode = "RGBA" if transparent else "RGB"
        if im.mode in ("I", "I;16", "I;16B", "I;16L"):  # 16-bit gray: Pillow's own conversion clips to white
            im = im.convert("I").point(lambda v: v / 256).convert("L")
        try:
            if profile:
                im = ImageCms.profileToProfile(im, ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                               ImageCms.createProfile("sRGB"), outputMode=mode)
        except (OSError, ImageCms.PyCMSError):  # a broken profile: read as sRGB, as browsers do
            pass
        return ImageReader(im.convert(mode)), transparent


def _is_srgb(profile: bytes) -> bool:
    try:
        description = ImageCms.ImageCmsProfile(io.BytesIO(profile)).profile.profile_description or ""
    except (OSError, ImageCms.PyCMSError):
        return False
    return "srgb" in description.lower().replace(" ", "")


@cache
def _qrencoder():
    """ReportLab's QR encoder module, loaded by itself: importing it as reportlab.graphics.barcode.qrencoder
    runs the barcode package, which registers every barcode widget and imports platypus (0.1-0.2 s)."""
    spec = importlib.util.spec_from_file_location(
        "make_leaflet_qrencoder", Path(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def qr_modules(text: str) -> list[list[bool]]:
    """The dark modules of a QR code (error correction M) for `text`, row by row from the top."""
    encoder = _qrencoder()
    qr = encoder.QRCode(None, encoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    qr.make()
    n = qr.getModuleCount()
    return [[bool(qr.isDark(r, c)) for c in range(n)] for r in range(n)]
