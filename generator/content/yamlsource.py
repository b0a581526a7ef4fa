"""Safe YAML reading that keeps line numbers, so every later error can point into the file.

Only plain YAML data is accepted: no tags that build objects (content is never executed), no anchors or
aliases (they are how "billion laughs" expansion bombs are built, and translators do not need them), no
mapping keys other than plain text, and no characters that are not text (control characters, lone
surrogates written as escapes). Files are read only when they are regular files within the size limit, so
a FIFO or a link to a device cannot hang or exhaust a build.
"""
from __future__ import annotations

import functools
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import NoReturn

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

try:  # libyaml's scanner and parser (in PyYAML's wheels): eight times faster than the pure-Python ones
    from yaml import CSafeLoader as _DataLoader
    from yaml._yaml import CParser as _Parser
except ImportError:
    from yaml import SafeLoader as _DataLoader
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

from ..errors import ContentError
from ..kept import kept
from .limits import MAX_COMBINING_MARKS, MAX_DEPTH, MAX_FILE_BYTES, MAX_TEXT_CHARS

_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}
# C0 and C1 controls but tab and line breaks, lone surrogates, and the two noncharacters U+FFFE and U+FFFF.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def describe_char(char: str) -> str:
    """How an error names a character that may not be visible: U+0007 (a control character)."""
    if 0xD800 <= ord(char) <= 0xDFFF:
        name = "a lone surrogate, half of an encoded character"
    else:
        name = unicodedata.name(char, "") or "a control character"
    return f"U+{ord(char):04X} ({name})"


def _loader_for(path: Path):
    """Nodes (not objects) from the parser's events, composed here so that every node is checked."""

    class Loader(Composer, Resolver, _Parser):
        depth = 0

        def __init__(self, stream):
            _Parser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)

        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ContentError(
                    path, event.start_mark.line + 1,
                    "YAML anchors and aliases (&name, *name) are not allowed "
                    "(expected the text written out in full)")
            if self.depth >= MAX_DEPTH:
                _too_deep(path, event.start_mark.line + 1)
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return Loader


def load_data(path: Path):
    """make-leaflet's own data files (languages, fonts): trusted, so plain safe loading, by libyaml, and
    kept between runs (building Python objects for the language table was a tenth of a cold build)."""
    return kept("data", path, lambda: yaml.load(path.read_text(encoding="utf-8"), Loader=_DataLoader),
                f"-yaml{yaml.__version__}")


def _too_deep(path: Path, line: int) -> NoReturn:
    raise ContentError(path, line, f"lists and mappings nested more than {MAX_DEPTH} deep "
                                   "(expected the shape of a leaflet, which nests 7 deep)")


def read_text(path: Path, what: str = "a YAML text file") -> str:
    """The file as text, if it is a regular UTF-8 file within the size limit. Raises ContentError."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ContentError(path, 1, f"cannot read the file ({exc.strerror})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe or a device)"
        raise ContentError(path, 1, f"the file is {kind} (expected {what})")
    with os.fdopen(fd, "rb") as f:
        if info.st_size > MAX_FILE_BYTES:
            raise ContentError(path, 1, f"the file is {info.st_size / 1e6:.1f} MB (expected at most "
                                        f"{MAX_FILE_BYTES // 2**20} MB: split it into several leaflets)")
        try:
            data = f.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ContentError(path, 1, f"cannot read the file ({exc.strerror})") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while we read it
        raise ContentError(path, 1, f"the file is larger than {MAX_FILE_BYTES // 2**20} MB (expected less)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            path, line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X}; expected UTF-8: "
            "save it as 'UTF-8' in your editor)") from None
    bad = _NOT_TEXT.search(text)
    if bad:
        raise ContentError(path, text.count("\n", 0, bad.start()) + 1,
                           f"the file contains {describe_char(bad.group())}, which is not text "
                           "(expected letters, digits, punctuation and spaces: remove it)")
    return text


def read_yaml(path: Path) -> yaml.Node | None:
    """The file's YAML node tree, or None for an empty file. Raises ContentError."""
    return _node_tree(path, read_text(path))


@functools.lru_cache(maxsize=8)
def _node_tree(path: Path, text: str) -> yaml.Node | None:
    """Node trees are read, never changed: a build reads a translation twice (the leaflet, then whether it
    may be printed) and parses it once."""
    loader = _loader_for(path)(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if mark and "escape" in problem:  # libyaml refuses "\ud800" itself: name the character as below
            _check_escapes(path, mark.line + 1, text.split("\n")[mark.line])
        if "nesting depth" in problem:  # libyaml stops at 1000 levels, before the composer's limit
            _too_deep(path, mark.line + 1 if mark else 1)
        raise ContentError(
            path, mark.line + 1 if mark else 1,
            f"YAML syntax error: {problem} (check indentation, colons and quotes)") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, 1, f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()
    if node is not None:
        _check_nodes(path, node)
    return node


_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


def _check_escapes(path: Path, line: int, text: str) -> None:
    """An escape in a quoted text that makes a character that is not text, named like one in the file."""
    for m in _ESCAPE.finditer(text):
        code = int(next(g for g in m.groups() if g), 16)
        char = chr(code) if code <= 0x10FFFF else None
        if char is None or _NOT_TEXT.fullmatch(char):
            _not_text(path, line, describe_char(char) if char else f"the escape {m.group()} (no such character)")


def _not_text(path: Path, line: int, what: str) -> NoReturn:
    raise ContentError(path, line, f"the text contains {what}, which is not text "
                                   "(expected letters, digits, punctuation and spaces)")


def _check_nodes(path: Path, root: yaml.Node) -> None:
    """Plain tags, text keys, and text values that are text (escapes like "\\ud800" or "\\x00" make
    characters the file itself may not contain)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in _PLAIN_TAGS:
            raise ContentError(
                path, line_of(node),
                f"YAML tag {node.tag!r} is not allowed (expected plain text, lists and mappings)")
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise ContentError(path, line_of(key), f"a key is {kind_of(key)} "
                                                           "(expected a plain name such as 'title' before the colon)")
                stack.extend((key, value))
        else:
            _check_scalar(path, node)


def _check_scalar(path: Path, node: yaml.ScalarNode) -> None:
    value = node.value
    bad = _NOT_TEXT.search(value)
    if bad:
        _not_text(path, line_of(node), describe_char(bad.group()))
    if len(value) > MAX_TEXT_CHARS:
        raise ContentError(path, line_of(node), f"a text of {len(value):,} characters (expected at most "
                                                f"{MAX_TEXT_CHARS:,}: split it into paragraphs)")
    marks = _longest_mark_run(value)
    if marks > MAX_COMBINING_MARKS:
        raise ContentError(path, line_of(node), f"{marks} combining marks on one letter "
                                                f"(expected at most {MAX_COMBINING_MARKS})")


def _longest_mark_run(value: str) -> int:
    """The most combining marks (non-starters) in a row: what one letter carries. Each character's
    combining class (0 to 240) as a byte, split at the starters: no Python step per character (a Hindi
    leaflet's 8,000 characters took 1.7 ms one by one, 0.7 ms so)."""
    if value.isascii():
        return 0
    return max(map(len, bytes(map(unicodedata.combining, value)).split(b"\0")))


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value)"
    if node.tag.endswith(":null"):
        return "nothing"
    return "text"
