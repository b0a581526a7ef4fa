"""PDF/A-2a (ISO 19005-2, level A) beyond what PDF/UA already asks: an output intent that says what the
device colours mean (sRGB), and the claim in XMP.

The sRGB profile is made by LittleCMS through Pillow (its built-in sRGB: matrix and parametric curves,
"No copyright, use freely"), so nothing is downloaded and no licensed profile is shipped. Its header is
pinned: version 4.2 (ISO 15076-1:2010, the ICC version PDF/A-2 names; the profile uses nothing newer),
a fixed date and no profile ID (optional, and it would hash the date), so the same leaflet gives the
same bytes.
"""
from __future__ import annotations

import struct
from functools import cache

from PIL import ImageCms

from .pdfwriter import Name, PdfWriter
from .xmp import Property, Schema

IDENTIFICATION = Schema("pdfaid", "http://www.aiim.org/pdfa/ns/id/",
                        (Property("part", "2"), Property("conformance", "A")))


@cache
def srgb_profile() -> bytes:
    """An ICC display profile (class mntr) for sRGB."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[8:12] = bytes((4, 0x20, 0, 0))
    struct.pack_into(">6H", data, 24, 2000, 1, 1, 0, 0, 0)
    data[84:100] = bytes(16)
    return bytes(data)


def declare(writer: PdfWriter) -> Schema:
    """The sRGB output intent; returns the XMP identification."""
    icc = writer.stream({"N": 3, "Alternate": Name("DeviceRGB")}, srgb_profile())
    writer.catalog("OutputIntents", [{
        "Type": Name("OutputIntent"), "S": Name("GTS_PDFA1"), "OutputConditionIdentifier": "sRGB IEC61966-2.1",
        "Info": "sRGB IEC61966-2.1", "RegistryName": "http://www.color.org", "DestOutputProfile": icc}])
    return IDENTIFICATION
