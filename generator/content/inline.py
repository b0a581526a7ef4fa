"""Inline markup: `**bold**` and `[link text](https://…)`; every other character is literal."""
from __future__ import annotations

import re

from .model import Run

_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:https?://|mailto:|tel:)[^\s()]+)\)")


def parse_inline(source: str) -> tuple[Run, ...]:
    """Runs of the source text; unmatched `**` and bracket text that is not a link stay literal."""
    runs: list[Run] = []
    pos = 0
    for m in _LINK.finditer(source):
        runs += _bold_runs(source[pos : m.start()])
        runs += [Run(r.text, r.bold, m.group(2)) for r in _bold_runs(m.group(1))]
        pos = m.end()
    runs += _bold_runs(source[pos:])
    return _merge(runs)


def _bold_runs(source: str) -> list[Run]:
    parts = source.split("**")
    if len(parts) % 2 == 0:  # an odd number of markers: the last one is literal
        parts = parts[:-2] + [parts[-2] + "**" + parts[-1]]
    return [Run(p, bold=i % 2 == 1) for i, p in enumerate(parts) if p]


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    out: list[Run] = []
    for r in runs:
        if out and (out[-1].bold, out[-1].href) == (r.bold, r.href):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.href)
        else:
            out.append(r)
    return tuple(out)
