"""XMP metadata (ISO 16684-1) of a leaflet PDF: PDF/UA's identification, the title, language and summary,
and the leaflet's facts (id, layout, paper, pages, status, version, dates) in a make-leaflet schema.

The PDF describes itself so that the front-desk catalogue can be rebuilt from the output folder alone
(copied to a shared drive or a USB stick, without the content), and so that it lists what a PDF prints
(a draft printed with DRAFT stays a draft even after its content file is approved). Writing and reading
live here together: one schema.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, fields
from xml.sax.saxutils import escape

NS = "urn:make-leaflet:xmp:1.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_XMP = 1 << 20  # a metadata stream larger than this is not one make-leaflet wrote


@dataclass(frozen=True)
class LeafletFacts:
    """What a leaflet PDF says about itself beyond its title and language; "" or 0 where unknown."""

    leaflet: str = ""  # the leaflet's id: its content folder's name
    layout: str = ""  # layouts/NAME.yaml
    layout_label: str = ""  # the layout's name for people ("Large print")
    paper: str = ""  # a4 | letter
    pages: int = 0  # the pages a reader counts ("Page n of N"); a booklet has more than the PDF
    status: str = ""  # meta.status: draft | approved
    version: str = ""
    published: str = ""  # YYYY-MM-DD
    review_by: str = ""  # YYYY-MM-DD
    beside: str = ""  # --bilingual: the language printed beside


@dataclass(frozen=True)
class PdfMetadata:
    title: str
    lang: str
    summary: str
    facts: LeafletFacts


def xmp_packet(title: str, lang: str, summary: str, facts: LeafletFacts) -> bytes:
    props = "".join(f"<leaflet:{f.name}>{escape(str(getattr(facts, f.name)))}</leaflet:{f.name}>\n"
                    for f in fields(facts) if getattr(facts, f.name))
    description = (f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(summary)}</rdf:li></rdf:Alt>'
                   "</dc:description>\n" if summary else "")
    return (f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{_RDF}">\n'
            f'<rdf:Description rdf:about="" xmlns:dc="{_DC}"\n'
            f' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:leaflet="{NS}">\n'
            f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>\n'
            f"{description}"
            f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>\n"
            f"<pdfuaid:part>1</pdfuaid:part>\n{props}"
            f'</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>').encode("utf-8")


def read_xmp(data: bytes) -> PdfMetadata | None:
    """The metadata in an XMP packet; None when it is not XMP (too large, not XML)."""
    if len(data) > MAX_XMP or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    values: dict[str, str] = {}
    title = summary = lang = ""
    for desc in root.iter(f"{{{_RDF}}}Description"):
        title = title or _alt(desc.find(f"{{{_DC}}}title"))
        summary = summary or _alt(desc.find(f"{{{_DC}}}description"))
        lang = lang or (desc.findtext(f"{{{_DC}}}language/{{{_RDF}}}Bag/{{{_RDF}}}li") or "").strip()
        for el in desc:
            if el.tag.startswith(f"{{{NS}}}"):
                values[el.tag[len(NS) + 2:]] = (el.text or "").strip()
    kwargs = {f.name: values.get(f.name, "") for f in fields(LeafletFacts)}
    kwargs["pages"] = int(kwargs["pages"]) if re.fullmatch(r"[0-9]{1,6}", kwargs["pages"]) else 0
    return PdfMetadata(title, lang, summary, LeafletFacts(**kwargs))


def _alt(el: ET.Element | None) -> str:
    """The x-default (else the first) item of an rdf:Alt."""
    if el is None:
        return ""
    items = el.findall(f"{{{_RDF}}}Alt/{{{_RDF}}}li")
    for item in items:
        if item.get(_XML_LANG) == "x-default":
            return (item.text or "").strip()
    return (items[0].text or "").strip() if items else ""
