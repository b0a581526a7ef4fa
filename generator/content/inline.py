"""Inline markup: `**bold**` and `[link text](https://…)`; every other character is literal."""
from __future__ import annotations

import re

from .model import Run

# a web address may hold balanced parentheses, as in https://en.wikipedia.org/wiki/Pain_(medicine)
_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:https?://|mailto:|tel:)(?:[^\s()]|\([^\s()]*\))+)\)")


def parse_inline(source: str) -> tuple[Run, ...]:
    """Runs of the source text. `**` pairs toggle bold across the whole text (links included); an
    unmatched last `**` and bracket text that is not a link stay literal."""
    pieces: list[tuple[str, str | None]] = []  # (text, href)
    pos = 0
    for m in _LINK.finditer(source):
        pieces += [(source[pos:m.start()], None), (m.group(1), m.group(2))]
        pos = m.end()
    pieces.append((source[pos:], None))
    literal_last = sum(text.count("**") for text, _ in pieces) % 2 == 1
    last_piece = max((i for i, (text, _) in enumerate(pieces) if "**" in text), default=-1)
    runs: list[Run] = []
    bold = False
    for i, (text, href) in enumerate(pieces):
        parts = text.split("**")
        if literal_last and i == last_piece:
            parts = parts[:-2] + [parts[-2] + "**" + parts[-1]]
        for k, part in enumerate(parts):
            if k:
                bold = not bold
            if part:
                runs.append(Run(part, bold, href))
    return _merge(runs)


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    out: list[Run] = []
    for r in runs:
        if out and (out[-1].bold, out[-1].href) == (r.bold, r.href):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.href)
        else:
            out.append(r)
    return tuple(out)
