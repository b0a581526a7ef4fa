"""Stage 2: resolve what a build needs besides content: language data, fonts and the layout."""
from .fonts import FontFace, FontSet, font_set
from .language import Language, language
from .layout import Layout, Page, TextStyle, load_layout

__all__ = ["FontFace", "FontSet", "font_set", "Language", "language", "Layout", "Page", "TextStyle",
           "load_layout"]
