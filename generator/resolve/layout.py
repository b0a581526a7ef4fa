"""Layout files (`layouts/NAME.yaml`) → a typed Layout: page geometry, styles and colours.

Layout files are read like content files: every problem is one line `file:line: what is wrong (what was
expected)`, misspelled keys get a did-you-mean, unknown keys are refused. A layout may `extends:` another
and give only what differs: mappings merge key by key, anything else replaces the parent's value, and a
key written with no value removes it.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from ..content.reader import Reader, is_null
from ..content.yamlsource import kind_of, line_of, read_yaml
from ..errors import ContentError, SetupError, UsageError
from .language import known_scripts

PAPERS = ("a4", "letter")
FORMATS = ("pages", "booklet", "trifold")
STYLES = ("title", "subtitle", "summary", "heading", "body", "about_heading", "about", "footer")
COLORS = ("text", "heading", "link", "rule", "footer", "info_background", "info_border", "warning_background",
          "warning_border")
_REQUIRED = ("paper", "max_column_width", "max_line_chars", "colors", "accent", "styles", "title_rule", "lists",
             "notes", "figures", "footer", "logo", "qr", "watermark", "keep_with_next_lines", "orphan_lines")
_OPTIONAL = ("description", "extends", "format", "panels", "fit", "bilingual", "cover_clinic", "scripts", "label")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")  # a layout's name is its file name: no folders
_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(pt|mm|cm|in)?\s*")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_YAML = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class TextStyle:
    size: float
    leading: float
    weight: int
    color: str  # "#RRGGBB"
    space_before: float = 0.0
    space_after: float = 0.0


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    pages: dict[str, Page]
    max_column_width: float
    max_line_chars: int
    colors: dict[str, str]
    styles: dict[str, TextStyle]
    title_rule: dict[str, float]
    lists: dict[str, float]
    notes: dict[str, float]
    figures: dict[str, float]
    footer: dict[str, float]
    keep_with_next_lines: int
    orphan_lines: int
    scripts: dict[str, dict[str, float]]
    style_colors: dict[str, str]  # style → colour name, so a clinic's accent can replace a named colour
    logo: dict[str, float]
    qr: dict[str, float]
    watermark: dict
    accent: tuple[str, ...]  # colour names a clinic's accent_color replaces
    format: str = "pages"  # pages | booklet | trifold (see story/impose.py)
    panels: dict[str, float] | None = None  # trifold: fold_in_narrower, gutter
    min_body: float | None = None  # text that does not fit may be set smaller, body down to this size
    bilingual_gap: float = 24.0  # between the two languages' columns
    cover_clinic: bool = False  # the clinic's name under the title (a tri-fold's cover)
    label: str = ""  # the layout's name for people ("Large print"), in the catalogue

    def fitting_sizes(self) -> list[Layout]:
        """This layout, then smaller settings point by point down to min_body (for fixed-size formats)."""
        body = self.styles["body"].size
        out = [self]
        size = body - 1
        while self.min_body and size >= self.min_body:
            out.append(self.scaled(size / body))
            size -= 1
        return out

    def scaled(self, factor: float) -> Layout:
        styles = {k: replace(st, size=st.size * factor, leading=st.leading * factor,
                             space_before=st.space_before * factor, space_after=st.space_after * factor)
                  for k, st in self.styles.items()}
        return replace(self, styles=styles)

    def with_accent(self, color: str | None) -> Layout:
        """The layout in a clinic's accent colour (headings, rules, links, note bars)."""
        if not color:
            return self
        colors = {k: color if k in self.accent else v for k, v in self.colors.items()}
        styles = {k: replace(st, color=colors.get(self.style_colors[k], st.color)) for k, st in self.styles.items()}
        return replace(self, colors=colors, styles=styles)

    def style(self, name: str, script: str) -> TextStyle:
        """A style with the script's typography applied (more leading for tall scripts)."""
        base = self.styles[name]
        factors = self.scripts.get(script)
        if not factors:
            return base
        return replace(base, size=base.size * factors.get("size", 1.0),
                       leading=base.leading * factors.get("leading", 1.0))

    def page(self, paper: str) -> Page:
        if paper not in self.pages:
            raise UsageError(f"layout {self.name!r} has no {paper!r} paper (has: {', '.join(self.pages)})")
        return self.pages[paper]


def layout_names(search: Path | None = None) -> list[str]:
    files = [f.name for f in _builtin().iterdir()] + ([p.name for p in search.glob("*.yaml")]
                                                     if search and search.is_dir() else [])
    return sorted({n[:-5] for n in files if n.endswith(".yaml") and _NAME.fullmatch(n[:-5])})


def _builtin() -> Traversable:
    """The layouts shipped with make-leaflet (the repository's layouts/, installed as generator.layouts).

    Read through importlib.resources as a Traversable, not converted to a path: a namespace package
    or a zipped install has no single folder to convert."""
    try:
        return resources.files("generator.layouts")
    except ModuleNotFoundError:  # running from a source checkout that was not installed
        return Path(__file__).resolve().parents[2] / "layouts"


@dataclass(frozen=True)
class _File:
    """A layout file and where it was found: a clinic's own folder, or the layouts shipped with make-leaflet."""

    name: str
    path: Traversable
    shipped: bool


def _locate(name: str, search: Path | None, child: _File | None = None) -> _File | None:
    """Where layout NAME is: the clinic's folder first, then the shipped layouts. For a `child` that
    extends NAME: the parent of a shipped layout is always shipped (a clinic's files never change what a
    shipped layout means), and a clinic's file never extends itself (its own name means the shipped one)."""
    if not _NAME.fullmatch(name):
        return None
    folders = [(_builtin(), True)]
    if search and not (child and child.shipped):
        folders.insert(0, (search, False))
    for folder, shipped in folders:
        path = folder.joinpath(f"{name}.yaml")
        if path.is_file() and not (child and (child.name, child.shipped) == (name, shipped)):
            return _File(name, path, shipped)
    return None


def _known(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    listed = "known layouts: " + (", ".join(known) or "none")
    return f"did you mean {close[0]!r}? {listed}" if close else listed


def load_layout(name: str, search: Path | None = Path("layouts")) -> Layout:
    """The layout NAME; a clinic's own `layouts/NAME.yaml` (in `search`) wins over the shipped one.

    UsageError for a name that is no layout. ContentError for a problem in a layout file (it names the
    file and line), or SetupError when the problem is in the shipped layouts alone: a broken installation."""
    first = _locate(name, search)
    if first is None:
        raise UsageError(f"unknown layout {name!r} ({_known(name, layout_names(search))})")
    reader = _Files(first)
    try:
        chain = _chain(first, search, reader)
        merged = chain[-1]
        for node in reversed(chain[:-1]):
            merged = _merge(merged, node, reader)
        return _layout(reader, merged, name)
    except ContentError as exc:
        if all(f.shipped for f in reader.files):
            raise SetupError(f"a layout that comes with make-leaflet is damaged: {exc}") from None
        raise


class _Files(Reader):
    """Reads a layout merged from several files: each problem is reported in the file its node came from."""

    def __init__(self, first: _File):
        super().__init__(first.path)
        self.files: list[_File] = []
        self._origin: dict[int, Traversable] = {}  # id(node) → file; the nodes live as long as the reader

    def add(self, file: _File, root: yaml.Node) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            self._origin[id(node)] = file.path
            if isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in node.value for n in pair)

    def adopt(self, node: yaml.Node, like: yaml.Node) -> None:
        self._origin[id(node)] = self._origin[id(like)]

    def newest(self, *nodes: yaml.Node) -> yaml.Node:
        """Of nodes merged from several files, the one written nearest the layout asked for: where a
        conflict between them is reported."""
        order = [f.path for f in self.files]
        return min(nodes, key=lambda n: order.index(self._origin[id(n)]))

    def fail(self, node: yaml.Node | int, message: str) -> ContentError:
        if isinstance(node, int):
            return super().fail(node, message)
        return ContentError(self._origin[id(node)], line_of(node), message)


def _chain(file: _File, search: Path | None, reader: _Files) -> list[yaml.Node]:
    """The top-level nodes of the layout's file and of each file it extends, the layout's own first."""
    chain: list[tuple[_File, yaml.Node]] = []
    while True:
        reader.files.append(file)
        root = read_yaml(file.path)  # same safety rules and line-numbered syntax errors as content files
        if root is None:
            raise ContentError(file.path, 1, "the file is empty (expected a layout: its settings, or "
                                             "'extends: handout' and the settings that differ)")
        reader.add(file, root)
        top = _fields(reader, root, "the layout", _REQUIRED + _OPTIONAL)
        chain.append((file, root))
        if "extends" not in top:
            return [node for _, node in chain]
        node = top["extends"]
        name = node.value if isinstance(node, yaml.ScalarNode) else ""
        if not _NAME.fullmatch(name):
            raise _bad(reader, node, "extends", "the name of a layout, such as handout")
        parent = _locate(name, search, file)
        if parent is None and name == file.name:
            others = [n for n in layout_names(search) if n != name]
            raise reader.fail(node, f"'extends: {name}' names this layout itself (expected another layout; "
                                    f"known layouts: {', '.join(others) or 'none'})")
        if parent is None:
            known = layout_names(None if file.shipped else search)
            raise reader.fail(node, f"'extends' names {name!r}, which is not a layout ({_known(name, known)})")
        if any((f.name, f.shipped) == (parent.name, parent.shipped) for f, _ in chain):
            loop = " → ".join([f.name for f, _ in chain] + [name])
            raise reader.fail(node, f"'extends: {name}' makes a loop ({loop}) "
                                    "(expected a chain of layouts that ends in one without 'extends')")
        file = parent


def _merge(base: yaml.Node, over: yaml.Node, reader: _Files) -> yaml.Node:
    """`over` on top of `base`: mappings merge key by key, in the parent's order; anything else replaces.
    A key with no value is kept here (it removes the parent's value when read). Duplicate keys stay, to be
    refused where they were written."""
    if not (isinstance(base, yaml.MappingNode) and isinstance(over, yaml.MappingNode)):
        return over
    overrides: dict = {}
    for key, value in over.value:
        overrides.setdefault(_key(key), []).append((key, value))
    merged = []
    for key, value in base.value:
        if _key(key) not in overrides:
            merged.append((key, value))
            continue
        merged += [(k, _merge(value, v, reader)) for k, v in overrides.pop(_key(key))]
    merged += [pair for pairs in overrides.values() for pair in pairs]
    node = yaml.MappingNode(over.tag, merged, over.start_mark, over.end_mark, over.flow_style)
    reader.adopt(node, over)
    return node


def _key(node: yaml.Node):
    return node.value if isinstance(node, yaml.ScalarNode) else node  # a complex key matches only itself


def _fields(r: Reader, node: yaml.Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()):
    """A mapping's values by key; a key written with no value counts as not written."""
    return {k: v for k, v in r.mapping(node, what, allowed, required).items() if not is_null(v)}


def _layout(r: _Files, root: yaml.Node, name: str) -> Layout:
    top = _fields(r, root, "the layout", _REQUIRED + _OPTIONAL, _REQUIRED)
    fmt = r.choice(top["format"], "'format'", FORMATS) if "format" in top else "pages"
    if fmt == "trifold" and "panels" not in top:
        raise r.fail(root, "the layout has no 'panels' (it is required with format: trifold)")
    if fmt != "trifold" and "panels" in top:
        raise r.fail(r.newest(*(top[k] for k in ("format", "panels") if k in top)),
                     f"'panels' are only for format: trifold, not {fmt} (expected format: trifold, or "
                     "'panels:' with no value)")
    colors = {k: _color(r, v, f"colors.{k}")
              for k, v in _fields(r, top["colors"], "'colors'", COLORS, COLORS).items()}
    styles = {k: _style(r, v, f"styles.{k}", colors)
              for k, v in _fields(r, top["styles"], "'styles'", STYLES, STYLES).items()}
    return Layout(
        name=name,
        description=_text(r, top["description"], "description") if "description" in top else "",
        pages=_pages(r, top["paper"]),
        max_column_width=_length(r, top["max_column_width"], "max_column_width", positive=True),
        max_line_chars=_count(r, top["max_line_chars"], "max_line_chars", least=1),
        colors=colors,
        styles={k: style for k, (style, _) in styles.items()},
        title_rule=_part(r, top, "title_rule"),
        lists=_part(r, top, "lists"),
        notes=_part(r, top, "notes"),
        figures=_part(r, top, "figures"),
        footer=_part(r, top, "footer"),
        keep_with_next_lines=_count(r, top["keep_with_next_lines"], "keep_with_next_lines"),
        orphan_lines=_count(r, top["orphan_lines"], "orphan_lines"),
        scripts=_scripts(r, top["scripts"]) if "scripts" in top else {},
        style_colors={k: color for k, (_, color) in styles.items()},
        logo=_part(r, top, "logo"),
        qr=_part(r, top, "qr"),
        watermark=_part(r, top, "watermark"),
        accent=tuple(r.choice(n, "an 'accent' entry", tuple(colors)) for n in r.seq(top["accent"], "'accent'")),
        format=fmt,
        panels=_part(r, top, "panels") if "panels" in top else None,
        min_body=_part(r, top, "fit")["min_body"] if "fit" in top else None,
        bilingual_gap=_part(r, top, "bilingual")["gap"] if "bilingual" in top else 24.0,
        cover_clinic=_flag(r, top["cover_clinic"], "cover_clinic") if "cover_clinic" in top else False,
        label=_text(r, top["label"], "label") if "label" in top else name.replace("-", " ").capitalize(),
    )


def _scalar(node: yaml.Node):
    """A scalar's value as yaml.safe_load reads it (14 → int, 1.5 → float, true → bool); None otherwise."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    return _YAML.yaml_constructors[node.tag](_YAML, node)


def _bad(r: Reader, node: yaml.Node, at: str, expected: str) -> ContentError:
    found = repr(node.value) if isinstance(node, yaml.ScalarNode) and not is_null(node) else kind_of(node)
    return r.fail(node, f"'{at}' is {found} (expected {expected})")


def _length(r: Reader, node: yaml.Node, at: str, positive: bool = False) -> float:
    value = _scalar(node)
    if isinstance(value, str) and (m := _LENGTH.fullmatch(value)):
        value = float(m.group(1)) * _UNITS[m.group(2) or "pt"]
    if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0
            or (positive and value == 0)):
        least = "above 0" if positive else "0 or more"
        raise _bad(r, node, at, f"a length {least}: points, or with a unit: 20mm, 1.5cm, 0.5in")
    return float(value)


def _count(r: Reader, node: yaml.Node, at: str, least: int = 0, most: int | None = None,
           expected: str | None = None) -> int:
    value = _scalar(node)
    if isinstance(value, bool) or not isinstance(value, int) or value < least or (most and value > most):
        raise _bad(r, node, at, expected or f"a whole number, {least} or more")
    return value


def _flag(r: Reader, node: yaml.Node, at: str) -> bool:
    value = _scalar(node)
    if value not in (True, False):  # also 1 and 0
        raise _bad(r, node, at, "true or false")
    return bool(value)


def _factor(r: Reader, node: yaml.Node, at: str) -> float:
    value = _scalar(node)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise _bad(r, node, at, "a number above 0, such as 1.2")
    return float(value)


def _color(r: Reader, node: yaml.Node, at: str) -> str:
    value = _scalar(node)
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise _bad(r, node, at, "a colour written #RRGGBB")
    return value.upper()


def _text(r: Reader, node: yaml.Node, at: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _bad(r, node, at, "text")
    return node.value


# The small mappings of a layout: each key and how its value is read.
_PARTS = {
    "title_rule": {"width": _length, "space_after": _length},
    "lists": {"indent": _length, "label_gap": _length, "item_space": _length, "keep_together_max": _count},
    "notes": {"padding": _length, "border_width": _length, "space_after": _length},
    "figures": {"max_height": _length, "space_after": _length},
    "footer": {"height": _length, "rule_width": _length, "details": _flag},
    "logo": {"max_height": _length, "max_width": _length, "space_after": _length},
    "qr": {"size": _length, "space_after": _length},
    "watermark": {"color": _color, "size": _length},
    "panels": {"fold_in_narrower": _length, "gutter": _length},
    "fit": {"min_body": _length},
    "bilingual": {"gap": _length},
}
_PART_OPTIONAL = {"footer": ("details",)}  # details: false prints page numbers only


def _part(r: Reader, top: dict, key: str) -> dict:
    spec, optional = _PARTS[key], _PART_OPTIONAL.get(key, ())
    fields = _fields(r, top[key], f"'{key}'", tuple(spec), tuple(k for k in spec if k not in optional))
    return {k: spec[k](r, v, f"{key}.{k}") for k, v in fields.items()}


_SIDES = ("top", "bottom", "left", "right")


def _pages(r: Reader, node: yaml.Node) -> dict[str, Page]:
    papers = _fields(r, node, "'paper'", PAPERS)
    if not papers:
        raise r.fail(node, f"'paper' names no paper size (expected {' or '.join(PAPERS)}, or both)")
    return {k: _page(r, v, f"paper.{k}") for k, v in papers.items()}


def _page(r: Reader, node: yaml.Node, at: str) -> Page:
    fields = _fields(r, node, f"'{at}'", ("size", "margins"), ("size", "margins"))
    size = fields["size"]
    if not isinstance(size, yaml.SequenceNode):
        raise _bad(r, size, f"{at}.size", "two lengths: [width, height]")
    if len(size.value) != 2:
        count = f"{len(size.value)} entr{'y' if len(size.value) == 1 else 'ies'}"
        raise r.fail(size, f"'{at}.size' has {count} (expected two lengths: [width, height])")
    w, h = (_length(r, n, f"{at}.size", positive=True) for n in size.value)
    margins = {k: _length(r, v, f"{at}.margins.{k}")
               for k, v in _fields(r, fields["margins"], f"'{at}.margins'", _SIDES, _SIDES).items()}
    if margins["left"] + margins["right"] >= w or margins["top"] + margins["bottom"] >= h:
        raise r.fail(fields["margins"], f"'{at}.margins' leave no room for text on the page "
                                        "(expected margins that add up to less than the page's width and height)")
    return Page(w, h, margins["top"], margins["bottom"], margins["left"], margins["right"])


_STYLE_KEYS = ("size", "leading", "weight", "color", "space_before", "space_after")


def _style(r: Reader, node: yaml.Node, at: str, colors: dict[str, str]) -> tuple[TextStyle, str]:
    """A text style and the colour name it was given (so that a clinic's accent can replace it)."""
    fields = _fields(r, node, f"'{at}'", _STYLE_KEYS, ("size", "leading"))
    name = _scalar(fields["color"]) if "color" in fields else "text"
    if not isinstance(name, str):
        raise _bad(r, fields["color"], f"{at}.color", "a colour name from 'colors', or #RRGGBB")
    if name in colors:
        color = colors[name]
    elif _HEX.fullmatch(name):
        color = name.upper()
    else:
        close = difflib.get_close_matches(name, list(colors), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "one of " + ", ".join(colors)
        raise _bad(r, fields["color"], f"{at}.color", f"a colour from 'colors' ({hint}) or #RRGGBB")
    def space(key: str) -> float:
        return _length(r, fields[key], f"{at}.{key}") if key in fields else 0.0

    weight = _count(r, fields["weight"], f"{at}.weight", 100, 900,
                    "a font weight from 100 to 900: 400 regular, 700 bold") if "weight" in fields else 400
    return TextStyle(size=_length(r, fields["size"], f"{at}.size", positive=True),
                     leading=_length(r, fields["leading"], f"{at}.leading", positive=True),
                     weight=weight, color=color, space_before=space("space_before"),
                     space_after=space("space_after")), name


def _scripts(r: Reader, node: yaml.Node) -> dict[str, dict[str, float]]:
    """Per-script factors for leading and size (tall scripts need more space between lines)."""
    return {script: {k: _factor(r, v, f"scripts.{script}.{k}")
                     for k, v in _fields(r, factors, f"'scripts.{script}'", ("leading", "size")).items()}
            for script, factors in _fields(r, node, "'scripts'", tuple(known_scripts())).items()}
