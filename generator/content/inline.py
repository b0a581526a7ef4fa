"""Inline markup: `**bold**`, `[link text](https://…)` and `[text]{lang=en}` (a span in another language);
every other character is literal."""
from __future__ import annotations

import re

from .model import Run

# a web address may hold balanced parentheses, as in https://en.wikipedia.org/wiki/Pain_(medicine)
_LINK = r"\[([^\[\]]+)\]\(((?:https?://|mailto:|tel:)(?:[^\s()]|\([^\s()]*\))+)\)"
# a language tag in the shape content file names use: language, optional script, optional region
_SPAN = r"\[([^\[\]]+)\]\{lang=([a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?)\}"
_MARKUP = re.compile(f"{_LINK}|{_SPAN}")


def parse_inline(source: str) -> tuple[Run, ...]:
    """Runs of the source text. `**` pairs toggle bold across the whole text (links included); an
    unmatched last `**` and bracket text that is not a link stay literal."""
    pieces: list[tuple[str, str | None, str | None]] = []  # (text, href, lang)
    pos = 0
    for m in _MARKUP.finditer(source):
        link_text, href, span_text, lang = m.groups()
        pieces += [(source[pos:m.start()], None, None), (link_text or span_text, href, lang)]
        pos = m.end()
    pieces.append((source[pos:], None, None))
    literal_last = sum(text.count("**") for text, _, _ in pieces) % 2 == 1
    last_piece = max((i for i, (text, _, _) in enumerate(pieces) if "**" in text), default=-1)
    runs: list[Run] = []
    bold = False
    for i, (text, href, lang) in enumerate(pieces):
        parts = text.split("**")
        if literal_last and i == last_piece:
            parts = parts[:-2] + [parts[-2] + "**" + parts[-1]]
        for k, part in enumerate(parts):
            if k:
                bold = not bold
            if part:
                runs.append(Run(part, bold, href, lang))
    return _merge(runs)


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    out: list[Run] = []
    for r in runs:
        if out and (out[-1].bold, out[-1].href, out[-1].lang) == (r.bold, r.href, r.lang):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.href, r.lang)
        else:
            out.append(r)
    return tuple(out)
