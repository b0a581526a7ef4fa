"""Pictures of every kind in a PDF/A-2a file: colours in the output intent's sRGB, transparency blended in it."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import outloud_errors, resolve, run_cli, ua1_failures


def test_pictures_of_every_kind_stay_in_srgb(tmp_path):
    from PIL import Image, ImageCms

    leaflet = tmp_path / "c" / "x"
    leaflet.mkdir(parents=True)
    Image.new("CMYK", (60, 40), (0, 200, 200, 0)).save(leaflet / "cmyk.jpg")
    Image.new("RGBA", (60, 40), (200, 30, 30, 128)).save(leaflet / "alpha.png")
    Image.new("I;16", (60, 40), 30000).save(leaflet / "deep.png")
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    other = srgb.replace("sRGB".encode("utf-16-be"), "Test".encode("utf-16-be"))  # an RGB profile, not sRGB
    assert other != srgb
    Image.new("RGB", (60, 40), (20, 120, 60)).save(leaflet / "tagged.jpg", icc_profile=other)
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()  # does not fit the picture
    Image.new("RGB", (60, 40), (20, 60, 120)).save(leaflet / "mistagged.jpg", icc_profile=lab)
    names = ("cmyk.jpg", "alpha.png", "deep.png", "tagged.jpg", "mistagged.jpg")
    body = "".join(f"      - image: {name}\n        alt: Picture {n}.\n" for n, name in enumerate(names))
    (leaflet / "en.yaml").write_text(f"title: Pictures\nsections:\n  - heading: All kinds\n    body:\n{body}")
    r = run_cli("--content", str(tmp_path / "c"), "--output", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr
    pdf = tmp_path / "o" / "en" / "x.pdf"
    assert ua1_failures(pdf) == [] and outloud_errors(pdf) == []
    images, groups = [], []
    for page in PdfReader(pdf).pages:
        for image in resolve(page["/Resources"].get("/XObject", {})).values():
            image = resolve(image)
            images.append((image["/ColorSpace"], image.decode_as_image().convert("RGB").getpixel((5, 5))))
            if "/SMask" in image:
                groups.append(page["/Group"])
    assert all(space in ("/DeviceRGB", "/DeviceGray") for space, _ in images)
    colours = [colour for _, colour in images]
    assert colours[2] == (117, 117, 117)  # 16-bit gray 30000/65535, not clipped to white
    assert colours[3] == (20, 120, 60)  # its own RGB profile converted to sRGB (here: the same colours)
    assert len(colours) == len(names)
    assert [(g["/S"], g["/CS"]) for g in groups] == [("/Transparency", "/DeviceRGB")]


@pytest.mark.parametrize("data", [b"q Q", b"q Q\r", b"q Q\n", b"\r"])
def test_a_stream_reads_back_exactly_its_length(data):
    """The end-of-line marker before `endstream` is outside /Length (PDF/A 6.1.7.1): a CR that ends the data
    must not pair with it into one CRLF marker, or readers and validators take a byte off the data."""
    import re

    from reportlab.pdfbase import pdfdoc

    import generator.render.pdfwriter  # noqa: F401  (installs the stream format)

    stream = pdfdoc.PDFStream(content=data)
    stream.filters = []
    out = stream.format(pdfdoc.PDFDocument())
    length = int(re.search(rb"/Length (\d+)", out).group(1))
    body = out.split(b"stream\n", 1)[1]
    eol = re.search(rb"(\r\n|\n|\r)endstream\n$", body)  # how a reader finds the marker
    assert body[:eol.start()] == data and length == len(data)


def test_names_and_numbers_are_encoded_as_reportlabs_codec_encodes_them():
    """The writer encodes ASCII text without ReportLab's PDFDocEncoding codec: the same bytes for every
    character the codec has, and the same error for the eight ASCII characters it has no code for."""
    from generator.render.pdfwriter import _pdfdoc_encoded

    def codec(x):  # ReportLab 5.1's pdfdocEnc
        return x.encode("extpdfdoc") if isinstance(x, str) else x

    texts = [chr(i) for i in range(256)] + ["595.2756", "12 0 obj\n", "/F1+0 26 Tf\n[(\\001)] TJ", "a\x18b", "é"]
    for text in texts + [b"\x18 bytes stay"]:
        try:
            expected = codec(text)
        except UnicodeError:
            with pytest.raises(UnicodeError):
                _pdfdoc_encoded(text)
        else:
            assert _pdfdoc_encoded(text) == expected, repr(text)
    assert [t for t in texts[:128] if _fails(codec, t)] == [chr(i) for i in range(0x18, 0x20)]


def _fails(encode, text) -> bool:
    try:
        encode(text)
    except UnicodeError:
        return True
    return False
