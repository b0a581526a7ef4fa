"""Typed access to one YAML file's nodes, shared by content files and layout files so that both report
problems alike: `file:line: what is wrong (what was expected)`, with did-you-mean for misspelled keys."""
from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from ..errors import ContentError
from .yamlsource import kind_of, line_of


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


class Reader:
    """Every failure becomes a ContentError at the node's line."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, node: yaml.Node | int, message: str) -> ContentError:
        line = node if isinstance(node, int) else line_of(node)
        return ContentError(self.path, line, message)

    def mapping(self, node, what: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()):
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping (key: value), found {kind_of(node)}")
        out: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else "expected one of " + ", ".join(allowed)
                raise self.fail(key_node, f"unknown key {key!r} in {what} ({hint})")
            if key in out:
                raise self.fail(key_node, f"duplicate key {key!r} in {what} (expected each key once)")
            out[key] = value
        for key in required:
            if key not in out or is_null(out[key]):
                raise self.fail(node, f"{what} has no {key!r} (it is required)")
        return out

    def seq(self, node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list (lines starting with '- '), found {kind_of(node)}")
        if not node.value:
            raise self.fail(node, f"{what} is an empty list (expected at least one entry)")
        return node.value

    def choice(self, node, what: str, options: tuple[str, ...]) -> str:
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        if value not in options:
            raise self.fail(node, f"{what} is {value!r} (expected one of: {', '.join(options)})")
        return value
