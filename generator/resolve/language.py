"""Language data: script, direction, fonts and the leaflet's own words, from languages.yaml.

Dates and digits follow CLDR (Babel) for the language's locale, so a Persian leaflet prints ۱۴۰۶-style
digits and a Bengali one ২০২৭, while the words come from our own data file.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from ..content.yamlsource import load_data
from ..errors import UsageError

_DATA = Path(__file__).with_name("languages.yaml")
# The first digit (zero) of each CLDR numbering system a supported locale may use by default.
_ZERO = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966",
         "guru": "\u0a66", "gujr": "\u0ae6", "tamldec": "\u0be6", "thai": "\u0e50", "ethi": "0",
         "mymr": "\u1040", "khmr": "\u17e0", "laoo": "\u0ed0", "hanidec": "0"}


@dataclass(frozen=True)
class Language:
    tag: str
    name: str
    native: str
    script: str
    rtl: bool
    fonts: tuple[str, ...]
    locale: str
    words: dict[str, str]
    line_break: str = ""  # ICU line-break strictness ("strict" for Chinese and Japanese kinsoku)
    keep_all: bool = False  # break only at spaces (Korean)
    months: tuple[str, ...] = ()  # only where CLDR has no data for the language
    date_pattern: str = ""
    spaces: str = "words"  # what a space separates: words, syllables (Vietnamese) or phrases (Chinese, Thai)
    sentence_max: int = 25  # the longest clear sentence, in what spaces separate
    digit_system: str = ""  # a CLDR numbering system that overrides the locale's default (latn: 0-9)

    def word(self, key: str, **values) -> str:
        return self.words[key].format(**{k: self.digits(v) if isinstance(v, int) else v for k, v in values.items()})

    def digits(self, value) -> str:
        """`value` with ASCII digits written in the locale's own digits."""
        return str(value).translate(self._digit_map)

    @cached_property
    def _digit_map(self) -> dict[int, str]:
        """Found in CLDR when first needed: loading a locale's data costs 7 ms, and the catalogue lists
        languages whose digits it never writes."""
        if self.months:  # no CLDR data for the language
            return {}
        import icu  # ICU's 10 ms of start-up when a leaflet is drawn, not when a build finds nothing to do

        system = self.digit_system or icu.NumberingSystem.createInstance(icu.Locale(self.locale)).getName()
        zero = _ZERO.get(system, "0")
        return {ord(str(i)): chr(ord(zero) + i) for i in range(10)} if zero != "0" else {}

    @property
    def break_locale(self) -> str:
        return f"{self.locale}@lb={self.line_break}" if self.line_break else self.locale

    def date(self, value: dt.date) -> str:
        if self.months:
            text = self.date_pattern.format(day=value.day, month=self.months[value.month - 1], year=value.year)
        else:
            text = written_date(value, self.locale)
        return self.digits(text)


def written_date(value: dt.date, locale: str, style: str = "long") -> str:
    """The date as CLDR writes it in the locale (`long`: 3 December 2026, `medium`: 3 Dec 2026), always in
    the Gregorian calendar and ASCII digits: the leaflet's digits are applied after, from language data."""
    noon = dt.datetime(value.year, value.month, value.day, 12, tzinfo=dt.timezone.utc)
    return _date_format(locale, style).format(noon.timestamp())


@cache
def _date_format(locale: str, style: str):
    import icu  # see _digit_map

    styles = {"long": icu.DateFormat.LONG, "medium": icu.DateFormat.MEDIUM}
    form = icu.DateFormat.createDateInstance(styles[style], icu.Locale(f"{locale}@calendar=gregorian;numbers=latn"))
    form.setTimeZone(icu.TimeZone.getGMT())
    return form


@cache
def _table() -> dict:
    return load_data(_DATA)


def known_languages() -> list[str]:
    return sorted(_table())


def known_scripts() -> list[str]:
    """The scripts languages.yaml names (a layout's per-script typography is keyed by them)."""
    return sorted({d["script"] for d in _table().values()})


@cache
def language(tag: str) -> Language:
    """The data for a BCP 47 tag, falling back from `pt-BR` to `pt`."""
    table = _table()
    key = tag if tag in table else tag.split("-")[0]
    if key not in table:
        raise UsageError(f"no language data for {tag!r} (languages make-leaflet knows: {', '.join(sorted(table))})")
    d = table[key]
    return Language(tag=tag, name=d["name"], native=d["native"], script=d["script"], rtl=d["direction"] == "rtl",
                    fonts=tuple(d["fonts"]), locale=d["locale"], words=dict(d["words"]),
                    line_break=d.get("line_break", ""), keep_all=bool(d.get("keep_all", False)),
                    months=tuple(d.get("months", ())), date_pattern=d.get("date", ""),
                    spaces=d.get("spaces", "words"), sentence_max=int(d.get("sentence_max", 25)),
                    digit_system=d.get("digits", ""))
