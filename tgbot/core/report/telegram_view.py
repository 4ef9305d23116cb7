"""Telegram HTML shown in a web page: only Telegram's own tags survive, every other thing is
text. Content is checked at load already; this keeps the report safe even if it were not."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

_SIMPLE = {"b": "b", "i": "i", "u": "u", "s": "s", "code": "code", "pre": "pre"}
_SIMPLE["blockquote"] = "blockquote"


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.closers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SIMPLE:
            self._open(f"<{_SIMPLE[tag]}>", f"</{_SIMPLE[tag]}>")
        elif tag == "tg-spoiler":
            self._open('<span class="spoiler">', "</span>")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if urlsplit(href).scheme in ("http", "https"):
                self._open(f'<a class="out" href="{escape(href)}" rel="noreferrer">', "</a>")
            else:
                self._open("", "")
        else:
            self.out.append(escape(self.get_starttag_text() or ""))

    def _open(self, opener: str, closer: str) -> None:
        self.out.append(opener)
        self.closers.append(closer)

    def handle_endtag(self, tag: str) -> None:
        if self.closers and (tag in _SIMPLE or tag in ("a", "tg-spoiler")):
            self.out.append(self.closers.pop())
        else:
            self.out.append(escape(f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))


def telegram_to_html(text: str) -> str:
    """Safe HTML for a message bubble (newlines are kept by the bubble's CSS)."""
    converter = _Converter()
    converter.feed(text)
    converter.close()
    return "".join(converter.out) + "".join(reversed(converter.closers))
