"""content/messages.yaml: the bot's own texts (welcome, help, errors), keyed by name."""

from __future__ import annotations

from string import Formatter

from tgbot.core.content import fields
from tgbot.core.content.contract import REQUIRED_MESSAGES
from tgbot.core.content.problems import Where
from tgbot.core.content.telegram_html import MAX_MESSAGE_LENGTH


def parse_messages(document: object, where: Where) -> dict[str, str]:
    """Messages by key. Every required key must be there; extra keys are allowed for new
    features. Broken messages are reported and left out."""
    entries = fields.string_keyed(document, where)
    if entries is None:
        return {}
    for key in REQUIRED_MESSAGES:
        if key not in entries:
            where.child(key).error("missing required message")
    messages: dict[str, str] = {}
    for key, value in entries.items():
        place = where.child(key)
        if not fields.IDENTIFIER.fullmatch(key):
            place.error(f"{key!r} is not a snake_case key")
            continue
        text = fields.html_text(value, place)
        if text is not None and _placeholders_ok(text, place):
            if len(text) > MAX_MESSAGE_LENGTH:
                place.error(f"{len(text)} characters; Telegram allows {MAX_MESSAGE_LENGTH}")
            else:
                messages[key] = text
    return messages


def _placeholders_ok(text: str, where: Where) -> bool:
    """Placeholders must be plain {names} the bot can fill with str.format."""
    try:
        names = [name for _, name, _, _ in Formatter().parse(text) if name is not None]
    except ValueError:
        where.error("unbalanced { or }; write {{ or }} for a brace shown as is")
        return False
    bad = [name for name in names if not fields.IDENTIFIER.fullmatch(name)]
    for name in bad:
        where.error(f"placeholder {{{name}}} must be a snake_case name")
    return not bad
