"""The XMP metadata packet: the document information dictionary once more, in RDF, the identification of
each standard the file claims, and the leaflet's facts (id, layout, paper, pages, status, version, dates).

PDF/A wants every XMP property to come from a predefined schema or from an extension schema described
inside the same packet, and the document information dictionary to say exactly the same (title, author,
subject, creator tool, producer, dates). The leaflet's facts let the front-desk catalogue be rebuilt from
the output folder alone (copied to a shared drive or a USB stick, without the content), listing what a PDF
prints (a draft printed with DRAFT stays a draft even after its content file is approved). Writing and
reading live here together: one schema.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, fields

# &, < and > only, as xml.sax.saxutils escapes them (importing that module costs urllib and ssl)
escape = functools.partial(html.escape, quote=False)


@dataclass(frozen=True)
class Property:
    name: str
    value: str
    value_type: str = "Text"  # XMP value type, for an extension schema's description
    description: str = ""


@dataclass(frozen=True)
class Schema:
    """Properties of one namespace; `extension`: the schema's name when XMP does not predefine it."""

    prefix: str
    namespace: str
    properties: tuple[Property, ...]
    extension: str | None = None


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    lang: str
    author: str
    subject: str
    creator: str
    producer: str
    date: dt.datetime  # creation and modification

    def info_dictionary(self) -> dict[str, str | dt.datetime]:
        """The same facts as the PDF document information dictionary (empty ones left out)."""
        entries = {"Title": self.title, "Author": self.author, "Subject": self.subject, "Creator": self.creator,
                   "Producer": self.producer, "CreationDate": self.date, "ModDate": self.date}
        return {k: v for k, v in entries.items() if v}


_EXTENSION_NS = ('xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
                 'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
                 'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"')


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'


def _extensions(schemas: list[Schema]) -> str:
    described = [s for s in schemas if s.extension]
    if not described:
        return ""
    items = []
    for s in described:
        props = "".join(
            f'<rdf:li rdf:parseType="Resource"><pdfaProperty:name>{p.name}</pdfaProperty:name>'
            f'<pdfaProperty:valueType>{p.value_type}</pdfaProperty:valueType>'
            f'<pdfaProperty:category>internal</pdfaProperty:category>'
            f'<pdfaProperty:description>{escape(p.description)}</pdfaProperty:description></rdf:li>'
            for p in s.properties)
        items.append(f'<rdf:li rdf:parseType="Resource"><pdfaSchema:schema>{escape(s.extension)}</pdfaSchema:schema>'
                     f'<pdfaSchema:namespaceURI>{s.namespace}</pdfaSchema:namespaceURI>'
                     f'<pdfaSchema:prefix>{s.prefix}</pdfaSchema:prefix>'
                     f'<pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property></rdf:li>')
    return (f'<rdf:Description rdf:about="" {_EXTENSION_NS}>\n<pdfaExtension:schemas><rdf:Bag>'
            + "".join(items) + "</rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n")


def packet(info: DocumentInfo, schemas: list[Schema]) -> bytes:
    when = info.date.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    dc = ["<dc:format>application/pdf</dc:format>", f"<dc:title>{_alt(info.title)}</dc:title>",
          f"<dc:language><rdf:Bag><rdf:li>{escape(info.lang)}</rdf:li></rdf:Bag></dc:language>"]
    if info.author:
        dc.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>")
    if info.subject:
        dc.append(f"<dc:description>{_alt(info.subject)}</dc:description>")
    own = "".join(
        f'<rdf:Description rdf:about="" xmlns:{s.prefix}="{s.namespace}">'
        + "".join(f"<{s.prefix}:{p.name}>{escape(p.value)}</{s.prefix}:{p.name}>" for p in s.properties)
        + "</rdf:Description>\n" for s in schemas)
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">' + "".join(dc)
        + "</rdf:Description>\n"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool><xmp:CreateDate>{when}</xmp:CreateDate>"
        f"<xmp:ModifyDate>{when}</xmp:ModifyDate><xmp:MetadataDate>{when}</xmp:MetadataDate></rdf:Description>\n"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<pdf:Producer>{escape(info.producer)}</pdf:Producer></rdf:Description>\n"
        + own + _extensions(schemas)
        + "</rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>")
    return text.encode("utf-8")


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


def leaflet_schema(facts: LeafletFacts) -> Schema:
    """The leaflet's facts as XMP properties, in a schema described inside the packet (PDF/A asks that of
    every namespace XMP does not predefine)."""
    kinds = {"pages": "Integer"}
    return Schema("leaflet", NS, tuple(
        Property(f.name, str(getattr(facts, f.name)), kinds.get(f.name, "Text"), _FACTS_DESCRIBED[f.name])
        for f in fields(facts) if getattr(facts, f.name)), extension="make-leaflet leaflet facts")


_FACTS_DESCRIBED = {"leaflet": "the leaflet's id: its content folder's name", "layout": "the layout's file name",
                    "layout_label": "the layout's name for people", "paper": "a4 or letter",
                    "pages": "pages a reader counts", "status": "draft or approved", "version": "the leaflet's version",
                    "published": "date published, YYYY-MM-DD", "review_by": "date to review by, YYYY-MM-DD",
                    "beside": "the language printed beside (bilingual)"}


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
        title = title or _read_alt(desc.find(f"{{{_DC}}}title"))
        summary = summary or _read_alt(desc.find(f"{{{_DC}}}description"))
        lang = lang or (desc.findtext(f"{{{_DC}}}language/{{{_RDF}}}Bag/{{{_RDF}}}li") or "").strip()
        for el in desc:
            if el.tag.startswith(f"{{{NS}}}"):
                values[el.tag[len(NS) + 2:]] = (el.text or "").strip()
    kwargs = {f.name: values.get(f.name, "") for f in fields(LeafletFacts)}
    kwargs["pages"] = int(kwargs["pages"]) if re.fullmatch(r"[0-9]{1,6}", kwargs["pages"]) else 0
    return PdfMetadata(title, lang, summary, LeafletFacts(**kwargs))


def _read_alt(el: ET.Element | None) -> str:
    """The x-default (else the first) item of an rdf:Alt."""
    if el is None:
        return ""
    items = el.findall(f"{{{_RDF}}}Alt/{{{_RDF}}}li")
    for item in items:
        if item.get(_XML_LANG) == "x-default":
            return (item.text or "").strip()
    return (items[0].text or "").strip() if items else ""
