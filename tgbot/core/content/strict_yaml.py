"""YAML reading that refuses what PyYAML lets slip: duplicate keys and implicit dates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tgbot.core.content.problems import Where

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _StrictLoader(yaml.CSafeLoader):
    """SafeLoader that keeps dates as the strings the author wrote (e.g. `reviewed: 2026-11-24`)."""


_StrictLoader.yaml_implicit_resolvers = {
    first_char: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP_TAG]
    for first_char, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, where: Where) -> object | None:
    """The document in `path`, or None after reporting why it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        where.error("file not found")
        return None
    except (OSError, UnicodeDecodeError) as error:
        where.error(f"cannot read file: {error}")
        return None
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            where.error("file is empty")
            return None
        duplicates = list(_duplicate_keys(node, where))
        for place, message in duplicates:
            place.error(message)
        return None if duplicates else loader.construct_document(node)
    except yaml.YAMLError as error:
        where.error(f"invalid YAML: {_one_line(error)}")
        return None
    finally:
        loader.dispose()


def _duplicate_keys(node: Node, where: Where) -> Iterator[tuple[Where, str]]:
    if isinstance(node, MappingNode):
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            line = key_node.start_mark.line + 1
            if key in first_lines:
                yield where.child(key), f"duplicate key (lines {first_lines[key]} and {line})"
            else:
                first_lines[key] = line
            yield from _duplicate_keys(value_node, where.child(key))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, where.item(index))


def _one_line(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"line {mark.line + 1}, column {mark.column + 1}: {error.problem}"
    return " ".join(str(error).split())
