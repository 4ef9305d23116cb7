"""The small subset of Telegram HTML that content may use: <b>, <i> and <a href="...">.

Telegram rejects a whole message for one stray "<" or "&", so the loader checks every text once
at start-up instead of the bot finding out while a person waits for advice.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_HREF = re.compile(r"""^\s+href=(["'])https?://[^"'\s<>]+\1\s*$""")
_ALLOWED = frozenset({"b", "i", "a"})


def html_problem(text: str) -> str | None:
    """None when `text` is valid Telegram HTML of the allowed subset, else what is wrong."""
    open_tags: list[str] = []
    for match in _TAG.finditer(text):
        closing, name, attrs = match.group(1) == "/", match.group(2).lower(), match.group(3)
        if name not in _ALLOWED:
            return f"tag <{name}> is not allowed (use <b>, <i> or <a href>)"
        if closing:
            if attrs.strip() or not open_tags or open_tags.pop() != name:
                return f"</{name}> does not close the tag that is open"
        elif name == "a" and not _HREF.match(attrs):
            return '<a> needs exactly one href="https://..."'
        elif name != "a" and attrs.strip():
            return f"<{name}> takes no attributes"
        else:
            open_tags.append(name)
    if open_tags:
        return f"<{open_tags[-1]}> is never closed"
    rest = _ENTITY.sub("", _TAG.sub("", text))
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        if char in rest:
            return f"write {entity} instead of a bare {char!r}"
    return None


def strip_tags(text: str) -> str:
    """Plain text of an HTML snippet, for terminals, JSON and readability checks."""
    return html.unescape(_TAG.sub("", text))


def escape(text: str) -> str:
    """Escape plain text (e.g. a button label) for use inside an HTML message."""
    return html.escape(text, quote=False)
