"""Layout files (`layouts/NAME.yaml`) → a typed Layout: page geometry, styles and colours."""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..content.yamlsource import read_yaml
from ..errors import ContentError, UsageError

_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
_LENGTH = re.compile(r"^\s*(-?[0-9.]+)\s*(pt|mm|cm|in)?\s*$")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


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


def length(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    m = _LENGTH.match(str(value))
    if not m:
        raise ValueError(f"{value!r} is not a length (expected e.g. 14, 20mm, 0.5in)")
    return float(m.group(1)) * _UNITS[m.group(2) or "pt"]


def layout_names(search: Path | None = None) -> list[str]:
    names = {p.stem for p in _builtin().glob("*.yaml")} if _builtin().is_dir() else set()
    if search and search.is_dir():
        names |= {p.stem for p in search.glob("*.yaml")}
    return sorted(names)


def _builtin() -> Path:
    """The layouts shipped with make-leaflet (the repository's layouts/, installed as generator.layouts)."""
    try:  # a folder without __init__.py: a namespace package, whose resources.files() is no Path
        spec = importlib.util.find_spec("generator.layouts")
    except ModuleNotFoundError:
        spec = None
    if spec and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return Path(__file__).resolve().parents[2] / "layouts"  # a source checkout that was not installed


def find_layout(name: str, search: Path | None = None) -> Path:
    """A clinic's own `layouts/NAME.yaml` wins over the one shipped with make-leaflet."""
    for folder in (search, _builtin()):
        if folder and (folder / f"{name}.yaml").is_file():
            return folder / f"{name}.yaml"
    known = ", ".join(layout_names(search)) or "none"
    raise UsageError(f"unknown layout {name!r} (known layouts: {known})")


def load_layout(name: str, search: Path | None = Path("layouts")) -> Layout:
    path = find_layout(name, search)
    try:
        read_yaml(path)  # same safety rules and line-numbered syntax errors as content files
        d = yaml.safe_load(path.read_text(encoding="utf-8"))
        colors = {k: _color(v) for k, v in d["colors"].items()}
        return Layout(
            name=name,
            description=d.get("description", ""),
            pages={paper: _page(p) for paper, p in d["paper"].items()},
            max_column_width=length(d["max_column_width"]),
            max_line_chars=int(d["max_line_chars"]),
            colors=colors,
            styles={k: _style(v, colors) for k, v in d["styles"].items()},
            title_rule=_lengths(d["title_rule"]),
            lists=_lengths(d["lists"]),
            notes=_lengths(d["notes"]),
            figures=_lengths(d["figures"]),
            footer=_lengths(d["footer"]),
            keep_with_next_lines=int(d["keep_with_next_lines"]),
            orphan_lines=int(d["orphan_lines"]),
            scripts={k: {f: float(v) for f, v in factors.items()} for k, factors in d.get("scripts", {}).items()},
            style_colors={k: v.get("color", "text") for k, v in d["styles"].items()},
            logo=_lengths(d["logo"]),
            qr=_lengths(d["qr"]),
            watermark={"color": _color(d["watermark"]["color"]), "size": length(d["watermark"]["size"])},
            accent=tuple(d["accent"]),
            format=_format(d.get("format", "pages")),
            panels=_lengths(d["panels"]) if "panels" in d else None,
            min_body=length(d["fit"]["min_body"]) if "fit" in d else None,
            bilingual_gap=length(d.get("bilingual", {}).get("gap", 24)),
            cover_clinic=bool(d.get("cover_clinic", False)),
            label=str(d.get("label") or name),
        )
    except ContentError as exc:
        raise UsageError(f"layout file {exc}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UsageError(f"layout file {path} is not valid: {exc}") from None


def _format(value) -> str:
    if value not in ("pages", "booklet", "trifold"):
        raise ValueError(f"format {value!r} is not one of pages, booklet, trifold")
    return value


def _color(value) -> str:
    if not isinstance(value, str) or not _HEX.match(value):
        raise ValueError(f"colour {value!r} is not #RRGGBB")
    return value.upper()


def _lengths(d: dict) -> dict[str, float]:
    return {k: length(v) for k, v in d.items()}


def _page(d: dict) -> Page:
    w, h = (length(v) for v in d["size"])
    m = _lengths(d["margins"])
    return Page(w, h, m["top"], m["bottom"], m["left"], m["right"])


def _style(d: dict, colors: dict[str, str]) -> TextStyle:
    color = d.get("color", "text")
    return TextStyle(size=length(d["size"]), leading=length(d["leading"]), weight=int(d.get("weight", 400)),
                     color=colors[color] if color in colors else _color(color),
                     space_before=length(d.get("space_before", 0)), space_after=length(d.get("space_after", 0)))
