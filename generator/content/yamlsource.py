"""Safe YAML reading that keeps line numbers, so every later error can point into the file.

Only plain YAML data is accepted: no tags that build objects (content is never executed), and no
anchors or aliases (they are how "billion laughs" expansion bombs are built, and translators do not
need them).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import ContentError

_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}


def _loader_for(path: Path):
    class Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ContentError(
                    path, event.start_mark.line + 1,
                    "YAML anchors and aliases (&name, *name) are not allowed "
                    "(expected the text written out in full)")
            return super().compose_node(parent, index)

    return Loader


def read_yaml(path: Path) -> yaml.Node | None:
    """The file's YAML node tree, or None for an empty file. Raises ContentError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(path, 1, f"cannot read the file ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            path, line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X}; expected UTF-8: "
            "save it as 'UTF-8' in your editor)") from None
    loader = _loader_for(path)(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ContentError(
            path, mark.line + 1 if mark else 1,
            f"YAML syntax error: {problem} (check indentation, colons and quotes)") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, 1, f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()
    if node is not None:
        _check_tags(path, node)
    return node


def _check_tags(path: Path, root: yaml.Node) -> None:
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
                stack.extend((key, value))


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
