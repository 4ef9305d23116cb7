"""Bot messages as a terminal shows them: Telegram's formatting as styles, buttons numbered.

The HTML is read with the stand-in's own parser, the one that checks it the way Telegram does,
so the terminal shows exactly the text and entities a Telegram user would get.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.style import Style
from rich.text import Text

from tgbot.localapi import BotMessage
from tgbot.localapi.html_entities import parse_html
from tgbot.terminal.transcript import Change, NumberedButton

INDENT = 2
ENTITY_STYLES: dict[str, Style] = {
    "bold": Style(bold=True),
    "italic": Style(italic=True),
    "underline": Style(underline=True),
    "strikethrough": Style(strike=True),
    "spoiler": Style(reverse=True),
    "code": Style(color="magenta"),
    "pre": Style(color="magenta"),
    "blockquote": Style(italic=True, dim=True),
}
BOT_STYLE = Style(color="cyan", bold=True)
NUMBER_STYLE = Style(color="cyan", bold=True)
NOTE_STYLE = Style(color="yellow")
URL_STYLE = Style(dim=True)


def message_text(message: BotMessage) -> Text:
    """The message's text with its formatting; a link shows its address after it, since a
    terminal reader cannot hover over it."""
    if message.html is None:
        return Text(message.text)
    plain, entities = parse_html(message.html)
    text = Text(plain)
    index = _python_indexes(plain)
    links: list[tuple[int, str]] = []
    for entity in entities:
        start = index[entity["offset"]]
        end = index[entity["offset"] + entity["length"]]
        if entity["type"] == "text_link":
            url = str(entity["url"])
            text.stylize(Style(underline=True, color="blue", link=url), start, end)
            if plain[start:end].strip() != url:
                links.append((end, url))
        elif entity["type"] in ENTITY_STYLES:
            text.stylize(ENTITY_STYLES[entity["type"]], start, end)
    # From the end backwards, so the earlier offsets stay right.
    for end, url in sorted(links, reverse=True):
        text = text[:end] + Text(f" ({url})", style=URL_STYLE) + text[end:]
    return text


def _python_indexes(text: str) -> list[int]:
    """UTF-16 offset (as Telegram counts) -> index into the Python string."""
    indexes = []
    for position, char in enumerate(text):
        indexes.extend([position] * (2 if ord(char) > 0xFFFF else 1))
    indexes.append(len(text))
    return indexes


def button_rows(message: BotMessage, numbers: Sequence[NumberedButton]) -> list[Text]:
    """One line per keyboard row, as Telegram lays them out: ``[1] 👁️ Eyelid  [2] 🦵 Calf``."""
    by_position = {
        (b.row, b.column): b.number for b in numbers if b.message_id == message.message_id
    }
    lines = []
    for row_index, row in enumerate(message.buttons):
        line = Text()
        for column, button in enumerate(row):
            if column:
                line.append("   ")
            number = by_position.get((row_index, column))
            line.append(f"[{number}]" if number is not None else "[-]", style=NUMBER_STYLE)
            line.append(f" {'🔗 ' if button.url else ''}{button.text}")
        lines.append(line)
    return lines


def render_change(change: Change, bot_name: str, console: Console) -> Text:
    """The message under a header naming the bot, indented, wrapped to the terminal's width
    here (print it with ``soft_wrap=True``) so that no line carries trailing padding."""
    message = change.message
    header = Text(f"🤖 {bot_name}", style=BOT_STYLE)
    if change.kind == "edited":
        header.append(" (edited)", style=NOTE_STYLE)
    if change.kind == "deleted":
        header.append(" (deleted a message)", style=NOTE_STYLE)
        return Text("\n").join([Text(""), header])
    blocks: list[Text] = []
    if message.document_name is not None:
        size = len(message.document or b"")
        blocks.append(Text(f"📎 {message.document_name} ({size} bytes)"))
    elif message.photo is not None:
        blocks.append(Text(f"🖼️ a picture ({len(message.photo)} bytes)"))
    if message.text:
        blocks.append(message_text(message))
    rows = button_rows(message, change.buttons)
    if rows:
        blocks.append(Text(""))
        blocks.extend(rows)
    width = max(20, console.width - INDENT)
    body = [Text(" " * INDENT) + line for block in blocks for line in block.wrap(console, width)]
    for line in body:
        line.rstrip()
    return Text("\n").join([Text(""), header, *body])


def render_popup(popup: str, *, alert: bool) -> Text:
    """A callback answer's text: Telegram shows it as a toast, or a box to close if ``alert``."""
    return Text(f"{'⚠️ ' if alert else 'ⓘ '}{popup}", style=NOTE_STYLE)


def render_buttons(buttons: Sequence[NumberedButton]) -> Text:
    if not buttons:
        return Text("No buttons to press right now.", style=NOTE_STYLE)
    return Text("\n").join(
        Text.assemble((f"[{b.number}]", NUMBER_STYLE), f" {b.button.text}") for b in buttons
    )
