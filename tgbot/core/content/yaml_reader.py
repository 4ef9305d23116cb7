"""The one YAML reader of content/: strict where PyYAML lets slip.

Content is edited by hand by clinicians: a key written twice must fail loudly rather than
silently drop a level from the advice, and a date stays the text its author wrote
(`reviewed: 2026-11-24`). Two ways to read, one loader: :func:`read_yaml` collects every
problem of a content file into a report; :func:`read_node` gives a :class:`Node` that carries
its file and field path into the error of the first problem (flows, the safety net,
numbers). ``words=True`` reads every scalar as text ("no", "on" and "112" are words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, Protocol

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode

from tgbot.core.content.markup import html_problem
from tgbot.core.content.problems import ContentError, Where

_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _StrictLoader(yaml.CSafeLoader):
    """SafeLoader that keeps dates as written and rejects a mapping key given twice (PyYAML
    keeps the last one)."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
        for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> object:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


class _WordsLoader(_StrictLoader):
    """For word lists: every scalar is text ("no", "on" and "112" are words, not values)."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute
        first: [(tag, regexp) for tag, regexp in resolvers if tag.endswith((":str", ":null"))]
        for first, resolvers in _StrictLoader.yaml_implicit_resolvers.items()
    }


class Translation(Protocol):
    """A language's view of content/ (tgbot.core.content.locales.Locale)."""

    @property
    def is_english(self) -> bool: ...

    def translation_of(self, english_file: Path) -> Path: ...

    def translate(self, english_file: Path, english: object) -> object: ...


def read_plain(path: Path) -> object | None:
    """A file's document as PyYAML reads it, None when absent or unreadable: for a second
    look at a file whose own read reports its problems (translations, citations)."""
    try:
        document: object = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return document


def read_yaml(path: Path, where: Where) -> object | None:
    """The document in `path`, or None after reporting every reason it cannot be used (the
    content files: one run names all their problems)."""
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


def _duplicate_keys(node: YamlNode, where: Where) -> Iterator[tuple[Where, str]]:
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


def read_node(file: Path, locale: Translation | None = None, *, words: bool = False) -> Node:
    """The file's document as a :class:`Node` (flows, the safety net, numbers): the first
    problem raises ContentError. With a locale, its translation is laid over it and problems
    are named in the translation's file. ``words``: every scalar is read as text (word
    lists)."""
    loader = _WordsLoader if words else _StrictLoader
    try:
        value = yaml.load(file.read_text(encoding="utf-8"), Loader=loader)
    except OSError as exc:
        raise ContentError.at(str(file), "", f"cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ContentError.at(str(file), "", f"invalid YAML: {exc}") from exc
    if locale is None or locale.is_english:
        return Node(value, str(file), "")
    return Node(locale.translate(file, value), str(locale.translation_of(file)), "")


@dataclass(frozen=True)
class Node:
    value: object
    file: str
    path: str

    def fail(self, problem: str) -> NoReturn:
        raise ContentError.at(self.file, self.path, problem)

    def child(self, key: str | int, value: object) -> Node:
        if isinstance(key, int):
            return Node(value, self.file, f"{self.path}[{key}]")
        return Node(value, self.file, f"{self.path}.{key}" if self.path else key)

    def fields(self, required: Iterable[str], optional: Iterable[str] = ()) -> dict[str, Node]:
        """The mapping's non-empty fields; unknown fields and missing required ones fail."""
        if not isinstance(self.value, dict):
            self.fail("expected a mapping of fields")
        must, known = set(required), set(required) | set(optional)
        for key in self.value:
            if key not in known:
                names = ", ".join(sorted(known))
                self.child(str(key), None).fail(f"unknown field (known fields: {names})")
        present = {str(k): self.child(str(k), v) for k, v in self.value.items() if v is not None}
        for key in sorted(must - present.keys()):
            self.child(key, None).fail("missing field")
        return present

    def entries(self) -> list[tuple[str, Node]]:
        """A mapping with free keys (levels, regions): (key, value node) pairs in file order."""
        if not isinstance(self.value, dict) or not self.value:
            self.fail("expected a non-empty mapping")
        for key in self.value:
            if not isinstance(key, str):
                self.fail(f"key {key!r} must be text: put it in quotes (YAML reads no as false)")
        return [(str(k), self.child(str(k), v)) for k, v in self.value.items()]

    def items(self) -> list[Node]:
        if not isinstance(self.value, list) or not self.value:
            self.fail("expected a non-empty list")
        return [self.child(i, v) for i, v in enumerate(self.value)]

    def text(self) -> str:
        if not isinstance(self.value, str) or not self.value.strip():
            self.fail("expected non-empty text (put numbers and yes/no in quotes)")
        return self.value.strip()

    def plain(self) -> str:
        """One line of plain text (buttons, pop-ups): Telegram shows markup there as typed."""
        text = self.text()
        if "\n" in text or any(char in text for char in "<>&"):
            self.fail("plain text: one line, no <, > or &")
        return text

    def html(self) -> str:
        text = self.text()
        problem = html_problem(text)
        if problem:
            self.fail(problem)
        return text

    def template(self, *names: str, optional: tuple[str, ...] = ()) -> str:
        """HTML with {placeholders}: every name must appear, `optional` ones may, and no
        other placeholder."""
        text = self.html()
        for name in names:
            if "{" + name + "}" not in text:
                self.fail(f"must contain {{{name}}}")
        try:
            text.format(**dict.fromkeys((*names, *optional), ""))
        except (KeyError, IndexError, ValueError) as exc:
            self.fail(f"bad placeholder {exc} (allowed: {', '.join(names)}; write {{{{ for {{)")
        return text

    def ident(self) -> str:
        if not isinstance(self.value, str) or not _IDENT.match(self.value):
            self.fail(f"expected an id of lower-case letters, digits and _, got {self.value!r}")
        return self.value

    def flag(self) -> bool:
        if not isinstance(self.value, bool):
            self.fail(f"expected true or false, got {self.value!r}")
        return self.value

    def html_list(self) -> tuple[str, ...]:
        return tuple(item.html() for item in self.items())

    def ident_list(self) -> tuple[str, ...]:
        return tuple(item.ident() for item in self.items())


def load_yaml_text(text: str) -> object:
    """A YAML text as PyYAML's safe loader reads it (files the content checks do not own,
    such as a translation's signoff.yaml); raises YamlTextError, which says where."""
    try:
        document: object = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        raise YamlTextError(f"invalid YAML: {_one_line(error)}") from None
    return document


class YamlTextError(ValueError):
    """A text that is not YAML, said in one line with its place."""


def dump_yaml(node: object, **options: Any) -> str:
    """``node`` written as YAML: Unicode as is, keys in their order, lines up to 100."""
    settings: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 100}
    text: str = yaml.safe_dump(node, **(settings | options))
    return text
