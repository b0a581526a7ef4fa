"""Stage 2: resolve what a build needs besides content: language data, fonts and the layout."""
from .language import Language, language
from .layout import Layout, Page, TextStyle, load_layout

_FONTS = ("FontFace", "FontSet", "font_set")


def __getattr__(name: str):
    """The fonts module, with HarfBuzz, is loaded by the first build that draws (PEP 562): a command with
    nothing to draw (a build with every PDF current, --help, status) starts without it."""
    if name in _FONTS:
        from . import fonts

        return getattr(fonts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["FontFace", "FontSet", "font_set", "Language", "language", "Layout", "Page", "TextStyle",
           "load_layout"]
