"""Bot messages in the terminal: Telegram's formatting as styles, links with their address,
buttons numbered in their rows, long text wrapped under the header."""

from __future__ import annotations

import io

from rich.console import Console
from rich.style import Style

from tgbot.localapi import BotMessage, Button
from tgbot.localapi.html_entities import parse_html
from tgbot.terminal.render import message_text, render_buttons, render_change, render_popup
from tgbot.terminal.transcript import Change, NumberedButton, Transcript


def html_message(html: str, *rows: tuple[Button, ...], message_id: int = 1) -> BotMessage:
    """As the stand-in stores a message sent with parse_mode HTML: the text and its source."""
    return BotMessage(message_id, parse_html(html)[0], html, tuple(rows), edited=False)


def styled(text: str, html: str) -> set[str]:
    """The styles on the first occurrence of ``text`` in the message made from ``html``."""
    rendered = message_text(html_message(html))
    start = rendered.plain.index(text)
    end = start + len(text)
    return {str(span.style) for span in rendered.spans if span.start <= start and span.end >= end}


def plain_screen(renderable: object, width: int = 60) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable, soft_wrap=True)
    return console.export_text()


def test_bold_and_italic_land_on_the_right_words_after_emoji() -> None:
    # 😶 is two UTF-16 units: Telegram's offsets count them so, Python's string does not.
    html = "😶😶 <b>First</b>, then <i>second</i>."
    assert styled("First", html) == {str(Style(bold=True))}
    assert styled("second", html) == {str(Style(italic=True))}
    assert styled("then", html) == set()


def test_a_link_shows_its_address_after_its_text() -> None:
    text = message_text(html_message('Sources: <a href="https://www.nhs.uk/x">NHS</a>, more'))
    assert text.plain == "Sources: NHS (https://www.nhs.uk/x), more"
    link = next(span for span in text.spans if "link" in str(span.style))
    assert text.plain[link.start : link.end] == "NHS"


def test_a_plain_message_is_shown_as_is() -> None:
    message = BotMessage(1, "Just <text>", None, (), edited=False)
    assert message_text(message).plain == "Just <text>"


def test_a_message_with_buttons_as_rows_under_the_bot_name() -> None:
    message = html_message(
        "<b>Where is the twitch?</b>",
        (Button("👁️ Eyelid", "a"), Button("🦵 Calf", "b")),
        (Button("✖️ Cancel", "c"),),
    )
    (change,) = Transcript().update([message])
    screen = plain_screen(render_change(change, "Twitch Triage", Console(width=60)))
    assert screen.splitlines() == [
        "",
        "🤖 Twitch Triage",
        "  Where is the twitch?",
        "",
        "  [1] 👁️ Eyelid   [2] 🦵 Calf",
        "  [3] ✖️ Cancel",
    ]


def test_an_edit_is_marked_and_long_text_wraps_under_the_indent() -> None:
    message = html_message("word " * 30)
    change = Change("edited", message)
    lines = plain_screen(render_change(change, "Bot", Console(width=40))).splitlines()
    assert lines[1] == "🤖 Bot (edited)"
    assert len(lines) > 4
    assert all(line.startswith("  word") and len(line) <= 40 for line in lines[2:])


def test_a_link_button_says_it_is_a_link() -> None:
    message = html_message("Open", (Button("Open in Telegram", url="https://t.me/x"),))
    (change,) = Transcript().update([message])
    screen = plain_screen(render_change(change, "Bot", Console(width=60)))
    assert "[1] 🔗 Open in Telegram" in screen


def test_a_deleted_message_is_said_in_one_line() -> None:
    change = Change("deleted", html_message("gone"))
    assert plain_screen(render_change(change, "Bot", Console(width=60))).splitlines() == [
        "",
        "🤖 Bot (deleted a message)",
    ]


def test_popups_and_the_list_of_buttons() -> None:
    assert plain_screen(render_popup("Tick one first", alert=False)) == "ⓘ Tick one first\n"
    assert plain_screen(render_popup("Closed", alert=True)) == "⚠️ Closed\n"
    buttons = (
        NumberedButton(1, 5, 0, 0, Button("✅ Yes", "y")),
        NumberedButton(2, 5, 1, 0, Button("🙅 No", "n")),
    )
    assert plain_screen(render_buttons(buttons)) == "[1] ✅ Yes\n[2] 🙅 No\n"
    assert plain_screen(render_buttons(())) == "No buttons to press right now.\n"
