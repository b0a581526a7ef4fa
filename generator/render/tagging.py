"""The structure tree, built while pages are drawn: marked content, parent tree and annotations.

Every mark and annotation carries an order key (the story's reading order), so the tree reads in story
order whatever order the pages are drawn in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..story import StructNode
from .pdfwriter import Name, PdfWriter, Ref


@dataclass
class _Kid:
    order: tuple
    page: int
    mcid: int | None = None  # marked content on the page
    annotation: Ref | None = None  # or an annotation (OBJR)


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

    def annotation(self, node: StructNode, page: int, order: tuple, annot: Ref) -> int:
        """Links the annotation to `node` (OBJR); returns the annotation's /StructParent key."""
        key = self.page_count + len(self.annotations)
        self.annotations.append(node)
        self._element(node, order).kids.append(_Kid(order, page, annotation=annot))
        return key

    def figure_box(self, node: StructNode, page: int, rect: tuple[float, float, float, float]):
        self.elements[node].bbox = (page, rect)

    def write(self, writer: PdfWriter, root: StructNode) -> Ref:
        """The structure tree as objects of the file; page entries. Returns the StructTreeRoot."""
        page_refs = writer.page_refs()
        tree_root: dict = {"Type": Name("StructTreeRoot")}
        tree_ref = writer.indirect(tree_root)
        dicts = {node: {"Type": Name("StructElem"), "S": Name(node.role)} for node in self.elements}
        refs = {node: writer.indirect(d) for node, d in dicts.items()}
        for node, el in self.elements.items():
            d = dicts[node]
            d["P"] = refs[node.parent] if node.parent is not None else tree_ref
            kids = sorted(el.kids, key=lambda k: k.order)
            pages = {k.page for k in kids if isinstance(k, _Kid)}
            one_page = len(pages) == 1
            if one_page:
                d["Pg"] = page_refs[next(iter(pages))]
            d["K"] = [refs[k.node] if isinstance(k, _Element) else self._kid(k, page_refs, one_page) for k in kids]
            if node.role == "Figure":
                d["Alt"] = node.alt
            if node.lang:
                d["Lang"] = node.lang
            if el.bbox:
                page, (x0, y0, x1, y1) = el.bbox
                d["A"] = {"O": Name("Layout"), "BBox": [x0, y0, x1, y1]}
            elif node.numbering:
                d["A"] = {"O": Name("List"), "ListNumbering": Name(node.numbering)}
        nums: list = []
        for page, marks in enumerate(self.page_marks):
            nums += [page, [refs[n] for n in marks]]
        for i, node in enumerate(self.annotations):
            nums += [self.page_count + i, refs[node]]
        tree_root.update({
            "K": [refs[root]],
            "ParentTree": {"Nums": nums},
            "ParentTreeNextKey": self.page_count + len(self.annotations),
        })
        for page in range(self.page_count):
            writer.set_page_entry(page, "StructParents", page)
            writer.set_page_entry(page, "Tabs", Name("S"))
        return tree_ref

    @staticmethod
    def _kid(kid: _Kid, page_refs: list[Ref], on_elements_page: bool) -> dict | int:
        """Marked content on the element's own page (its Pg) is its MCID alone; elsewhere a reference (MCR)."""
        if kid.annotation is not None:
            return {"Type": Name("OBJR"), "Obj": kid.annotation, "Pg": page_refs[kid.page]}
        if on_elements_page:
            return kid.mcid
        return {"Type": Name("MCR"), "Pg": page_refs[kid.page], "MCID": kid.mcid}
