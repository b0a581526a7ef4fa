"""Language data: script, direction, fonts and the leaflet's own words, from languages.yaml."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ..errors import UsageError

_DATA = Path(__file__).with_name("languages.yaml")


@dataclass(frozen=True)
class Language:
    tag: str
    name: str
    script: str
    rtl: bool
    fonts: tuple[str, ...]
    months: tuple[str, ...]
    date_pattern: str
    words: dict[str, str]

    def word(self, key: str, **values) -> str:
        return self.words[key].format(**values)

    def date(self, value: dt.date) -> str:
        return self.date_pattern.format(day=value.day, month=self.months[value.month - 1], year=value.year)


@cache
def _table() -> dict:
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


def language(tag: str) -> Language:
    """The data for a BCP 47 tag, falling back from `pt-BR` to `pt`."""
    table = _table()
    key = tag if tag in table else tag.split("-")[0]
    if key not in table:
        raise UsageError(f"no language data for {tag!r} (known: {', '.join(sorted(table))})")
    d = table[key]
    return Language(tag=tag, name=d["name"], script=d["script"], rtl=d["direction"] == "rtl",
                    fonts=tuple(d["fonts"]), months=tuple(d["months"]), date_pattern=d["date"],
                    words=dict(d["words"]))
