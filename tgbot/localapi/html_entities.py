"""Telegram's HTML parse mode: turn what the bot sends into the text and entities a user sees.

Strict like the real Bot API, so a tag we do not escape or close fails a test, not a user.
The tags are Telegram's own (core.telegram.org/bots/api#html-style): b, strong, i, em, u, ins,
s, strike, del, span class="tg-spoiler", tg-spoiler, a href, tg-emoji emoji-id, code, pre
(with an inner code class="language-..."), blockquote and blockquote expandable; the named
entities only &lt; &gt; &amp; &quot;, and numeric ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Tag name -> entity type. Aliases map to the same entity, as in the Bot API.
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^>]*)?)\s*/?>")
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);")


class EntityParseError(ValueError):
    """The text would be refused by Telegram with "Bad Request: can't parse entities"."""


@dataclass
class _Open:
    tag: str
    entity: dict[str, Any]
    start: int


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _unescape(raw: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        if name in _NAMED_ENTITIES:
            return _NAMED_ENTITIES[name]
        # The Bot API leaves unknown named entities as they are.
        return match.group(0)

    return _ENTITY.sub(replace, raw)


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Return (plain text, entities) or raise :class:`EntityParseError`."""
    text_parts: list[str] = []
    length = 0  # in UTF-16 code units, as entity offsets are
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    index = 0
    while index < len(source):
        next_tag = source.find("<", index)
        chunk_end = len(source) if next_tag < 0 else next_tag
        if chunk_end > index:
            chunk = _unescape(source[index:chunk_end])
            text_parts.append(chunk)
            length += utf16_len(chunk)
        if next_tag < 0:
            break
        match = _TAG.match(source, next_tag)
        if match is None:
            raise EntityParseError(
                f"can't parse entities: Unsupported start tag at byte offset "
                f"{_byte_offset(source, next_tag)}"
            )
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        offset = _byte_offset(source, next_tag)
        if closing:
            if not stack:
                raise EntityParseError(
                    f"can't parse entities: Unexpected end tag at byte offset {offset}"
                )
            opened = stack.pop()
            if opened.tag != name:
                raise EntityParseError(
                    f"can't parse entities: Unmatched end tag at byte offset {offset}, "
                    f'expected "</{opened.tag}>", found "</{name}>"'
                )
            opened.entity["offset"] = opened.start
            opened.entity["length"] = length - opened.start
            if opened.entity["length"] > 0:
                entities.append(opened.entity)
        else:
            stack.append(_Open(name, _entity_for(name, attrs, offset), length))
        index = match.end()
    if stack:
        tag = stack[-1].tag
        raise EntityParseError(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{tag}\""
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(text_parts), entities


def _entity_for(name: str, attrs: str, offset: int) -> dict[str, Any]:
    values = {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _ATTR.finditer(attrs)
    }
    if name == "blockquote" and re.search(r"(?:^|\s)expandable(?:\s|=|$)", attrs):
        return {"type": "expandable_blockquote"}
    if name in _SIMPLE_TAGS:
        return {"type": _SIMPLE_TAGS[name]}
    if name == "span":
        if values.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'can\'t parse entities: Tag "span" must have class "tg-spoiler" at byte '
                f"offset {offset}"
            )
        return {"type": "spoiler"}
    if name == "tg-emoji":
        emoji_id = values.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise EntityParseError(
                f"can't parse entities: Invalid custom emoji identifier specified at byte "
                f"offset {offset}"
            )
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id}
    if name == "a":
        href = values.get("href")
        if not href:
            raise EntityParseError(
                f"can't parse entities: Can't find href attribute at byte offset {offset}"
            )
        return {"type": "text_link", "url": _unescape(href)}
    raise EntityParseError(
        f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}'
    )


def command_entities(text: str) -> list[dict[str, Any]]:
    """The ``bot_command`` entities Telegram adds to a message a user types."""
    found = []
    for match in re.finditer(r"(?<![\w/])/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?", text):
        found.append(
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group(0)),
            }
        )
    return found
