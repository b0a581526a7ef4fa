"""How much work a content file may ask for. Content comes from outside the clinic (translation agencies,
volunteers), so every dimension a file could grow without bound is capped here and refused with one line.
docs/content-format.md lists the same limits for the people who write the files.
"""
from __future__ import annotations

MAX_FILE_BYTES = 2 * 1024 * 1024  # a long leaflet is 20 KB; a 1 MB file still builds in seconds
MAX_DEPTH = 24  # nesting of lists and mappings; a leaflet needs 7
MAX_TEXT_CHARS = 10_000  # one text (a paragraph, a list entry): about three pages of 14 pt type
MAX_COMBINING_MARKS = 30  # marks on one letter: Unicode's stream-safe limit (UAX #15)
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 7,700 x 5,200 photo; far more than a printed leaflet shows
MAX_FILE_NAME = 255  # characters in an image's file name (most file systems allow no more)
MAX_URL_CHARS = 200  # meta.url as a QR code: longer addresses make a code too dense to scan at 28 mm
