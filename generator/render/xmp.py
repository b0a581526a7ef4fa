"""The XMP metadata packet: the document information dictionary once more, in RDF, plus the
identification of each standard the file claims.

PDF/A wants every XMP property to come from a predefined schema or from an extension schema described
inside the same packet, and the document information dictionary to say exactly the same (title, author,
subject, creator tool, producer, dates).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape


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
