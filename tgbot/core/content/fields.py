"""Typed readers for YAML values: each returns the value, or None after reporting the problem."""

from __future__ import annotations

import re
from collections.abc import Collection

from tgbot.core.content.problems import Where
from tgbot.core.content.telegram_html import html_problems

IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
_TYPE_NAMES = {
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing",
}


def type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def mapping(
    value: object, where: Where, required: Collection[str], optional: Collection[str] = ()
) -> dict[str, object] | None:
    """A mapping with exactly the `required` keys and any of the `optional` ones."""
    fields = string_keyed(value, where)
    if fields is None:
        return None
    for key in fields:
        if key not in required and key not in optional:
            where.child(key).error("unknown field")
    missing = [key for key in required if key not in fields]
    for key in missing:
        where.child(key).error("missing required field")
    return None if missing else fields


def string_keyed(value: object, where: Where) -> dict[str, object] | None:
    if not isinstance(value, dict):
        where.error(f"expected a mapping, got {type_name(value)}")
        return None
    bad_keys = [key for key in value if not isinstance(key, str)]
    for key in bad_keys:
        where.error(f"key {key!r} must be text")
    return None if bad_keys else {str(key): item for key, item in value.items()}


def text(value: object, where: Where) -> str | None:
    if not isinstance(value, str):
        where.error(f"expected text, got {type_name(value)}")
        return None
    if not value.strip():
        where.error("text is empty")
        return None
    return value.strip()


def html_text(value: object, where: Where) -> str | None:
    """Text in Telegram HTML; any markup Telegram would reject is reported."""
    content = text(value, where)
    if content is None:
        return None
    problems = html_problems(content)
    for problem in problems:
        where.error(f"invalid Telegram HTML: {problem}")
    return None if problems else content


def identifier(value: object, where: Where) -> str | None:
    name = text(value, where)
    if name is not None and not IDENTIFIER.fullmatch(name):
        where.error(f"{name!r} is not a snake_case id")
        return None
    return name


def text_list(value: object, where: Where) -> tuple[str, ...] | None:
    """A non-empty list of non-empty texts."""
    if not isinstance(value, list):
        where.error(f"expected a list, got {type_name(value)}")
        return None
    if not value:
        where.error("list is empty")
        return None
    items = [text(item, where.item(index)) for index, item in enumerate(value)]
    present = [item for item in items if item is not None]
    return tuple(present) if len(present) == len(items) else None
