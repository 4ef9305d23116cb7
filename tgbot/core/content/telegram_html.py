"""Telegram's HTML parse mode: what the Bot API accepts, checked before a text ever reaches it."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

MAX_MESSAGE_LENGTH = 4096
ALLOWED_TAGS = frozenset({"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"})
_LINK_SCHEMES = frozenset({"http", "https", "tg"})
# Telegram knows only these named entities; numeric ones are all fine.
_BARE_AMPERSAND = re.compile(r"&(?!(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);)")
_TAG = re.compile(r"<[^>]*>")


class _TelegramHtmlChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.problems: list[str] = []
        self.open_tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed by Telegram")
            return
        names = [name for name, _ in attrs]
        if tag == "a":
            href = dict(attrs).get("href")
            if names != ["href"] or not href:
                self.problems.append('<a> needs exactly one attribute, href="..."')
            elif urlsplit(href).scheme not in _LINK_SCHEMES:
                self.problems.append(f"link {href!r} must start with https://, http:// or tg://")
        elif names:
            self.problems.append(f"<{tag}> takes no attributes")
        self.open_tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing tag <{tag}/> is not allowed by Telegram")

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag </{tag}> is not allowed by Telegram")
        elif not self.open_tags or self.open_tags[-1] != tag:
            expected = f"</{self.open_tags[-1]}>" if self.open_tags else "no closing tag"
            self.problems.append(f"</{tag}> does not match: expected {expected}")
        else:
            self.open_tags.pop()

    def handle_data(self, data: str) -> None:
        for char in "<>":
            if char in data:
                self.problems.append(f"write {html.escape(char)} instead of a bare {char!r}")

    def handle_entityref(self, name: str) -> None:
        if name not in {"lt", "gt", "amp", "quot"}:
            self.problems.append(f"entity &{name}; is not supported by Telegram")

    def handle_comment(self, data: str) -> None:
        self.problems.append("HTML comments are not allowed")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"declaration <!{decl}> is not allowed")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction <?{data}> is not allowed")


def html_problems(text: str) -> list[str]:
    """Why Telegram would reject `text` in HTML parse mode; empty when it is fine."""
    checker = _TelegramHtmlChecker()
    checker.feed(text)
    checker.close()
    problems = checker.problems
    if _BARE_AMPERSAND.search(text):
        problems.append("write &amp; instead of a bare '&'")
    problems.extend(f"<{tag}> is never closed" for tag in checker.open_tags)
    return problems


def plain_text(text: str) -> str:
    """The words a reader sees: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))
