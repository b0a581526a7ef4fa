"""The structure tree, built while pages are drawn: marked content, parent tree and annotations.

Every mark and annotation carries an order key (the story's reading order), so the tree reads in story
order whatever order the pages are drawn in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

from ..story import StructNode


@dataclass
class _Kid:
    order: tuple
    page: int
    mcid: int | None = None  # marked content on the page
    annotation: PDFDictionary | None = None  # or an annotation (OBJR)


@dataclass
class _Element:
    node: StructNode
    kids: list = field(default_factory=list)  # _Kid | _Element
    order: tuple | None = None
    bbox: tuple[int, tuple[float, float, float, float]] | None = None  # page, rectangle (Figure)


class Tagger:
    def __init__(self, page_count: int):
        self.page_count = page_count
        self.elements: dict[StructNode, _Element] = {}
        self.page_marks: list[list[StructNode]] = [[] for _ in range(page_count)]
        self.annotations: list[StructNode] = []

    def _element(self, node: StructNode, order: tuple) -> _Element:
        el = self.elements.get(node)
        if el is None:
            el = self.elements[node] = _Element(node, order=order)
            if node.parent is not None:
                self._element(node.parent, order).kids.append(el)
        node_el = el
        while node_el is not None and (node_el.order is None or order < node_el.order):
            node_el.order = order
            parent = node_el.node.parent
            node_el = self.elements.get(parent) if parent is not None else None
        return el

    def mark(self, node: StructNode, page: int, order: tuple) -> int:
        """A new MCID on `page` owned by `node`."""
        mcid = len(self.page_marks[page])
        self.page_marks[page].append(node)
        self._element(node, order).kids.append(_Kid(order, page, mcid=mcid))
        return mcid

    def annotation(self, node: StructNode, page: int, order: tuple, annot: PDFDictionary) -> int:
        """Links the annotation to `node` (OBJR); returns the annotation's /StructParent key."""
        key = self.page_count + len(self.annotations)
        self.annotations.append(node)
        self._element(node, order).kids.append(_Kid(order, page, annotation=annot))
        return key

    def figure_box(self, node: StructNode, page: int, rect: tuple[float, float, float, float]):
        self.elements[node].bbox = (page, rect)

    def write(self, doc, page_objs: list, root: StructNode):
        """Structure tree objects into the ReportLab document; catalog and page entries."""
        page_refs = [doc.Reference(p) for p in page_objs]
        tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        tree_ref = doc.Reference(tree_root)
        dicts = {node: PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(node.role)})
                 for node in self.elements}
        refs = {node: doc.Reference(d) for node, d in dicts.items()}
        for node, el in self.elements.items():
            d = dicts[node].dict
            d["P"] = refs[node.parent] if node.parent is not None else tree_ref
            kids = sorted(el.kids, key=lambda k: k.order)
            pages = {k.page for k in kids if isinstance(k, _Kid)}
            if len(pages) == 1:
                d["Pg"] = page_refs[pages.pop()]
            d["K"] = PDFArray([refs[k.node] if isinstance(k, _Element) else self._kid(doc, k, page_refs)
                               for k in kids])
            if node.role == "Figure":
                d["Alt"] = PDFString(node.alt)
            if node.lang:
                d["Lang"] = PDFString(node.lang)
            if el.bbox:
                page, (x0, y0, x1, y1) = el.bbox
                d["A"] = PDFDictionary({"O": PDFName("Layout"), "BBox": PDFArray([x0, y0, x1, y1])})
        nums: list = []
        for page, marks in enumerate(self.page_marks):
            nums += [page, PDFArray([refs[n] for n in marks])]
        for i, node in enumerate(self.annotations):
            nums += [self.page_count + i, refs[node]]
        tree_root.dict.update({
            "K": PDFArray([refs[root]]),
            "ParentTree": PDFDictionary({"Nums": PDFArray(nums)}),
            "ParentTreeNextKey": self.page_count + len(self.annotations),
        })
        for page, obj in enumerate(page_objs):
            obj.__NoDefault__ = [*type(obj).__NoDefault__, "StructParents", "Tabs"]
            obj.StructParents = page
            obj.Tabs = PDFName("S")
        return tree_root

    @staticmethod
    def _kid(doc, kid: _Kid, page_refs) -> PDFDictionary:
        if kid.annotation is not None:
            return PDFDictionary({"Type": PDFName("OBJR"), "Obj": doc.Reference(kid.annotation),
                                  "Pg": page_refs[kid.page]})
        return PDFDictionary({"Type": PDFName("MCR"), "Pg": page_refs[kid.page], "MCID": kid.mcid})
