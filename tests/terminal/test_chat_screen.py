"""The terminal chat in-process: lines typed, what the screen shows, the real bot behind it."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.text import Text
from telegram.ext import CommandHandler

from tgbot.bot.application import build_application
from tgbot.config import Settings
from tgbot.terminal.chat import PROMPT, TERMINAL_COMMANDS, ChatScreen
from tgbot.terminal.files import FileFolder
from tgbot.terminal.host import LocalChat

CHECK = "🩺 Check my symptoms"
KEEP = "✅ Yes, keep them"
NONE = "🚫 None of these"


@dataclass(frozen=True)
class Press:
    """Type the number of the button with this label, as a reader of the screen would."""

    label: str
    only_if_shown: bool = False


@dataclass(frozen=True)
class Suggested:
    """Type the command the screen last suggested that starts with ``prefix``."""

    prefix: str


Step = str | Press | Suggested


@dataclass
class Conversation:
    screen: str
    code: int
    chat: LocalChat


def converse(*steps: Step, language: str = "en", files: Path | None = None) -> Conversation:
    out = io.StringIO()
    console = Console(width=100, file=out, color_system=None)
    with LocalChat(language_code=language) as chat:
        lines: Iterator[str] = iter(())

        def read_line(prompt: str) -> str:
            line = next(lines)
            console.print(Text(prompt + line))
            return line

        # Files go to the test's folder, or to a folder that is never made (none expected).
        folder = FileFolder(files or Path("/nonexistent/no-files-expected"))
        screen = ChatScreen(chat, console, read_line, folder)
        lines = _lines(screen, steps, out.getvalue)
        code = screen.run()
    return Conversation(out.getvalue(), code, chat)


def _lines(screen: ChatScreen, steps: tuple[Step, ...], shown: Callable[[], str]) -> Iterator[str]:
    for step in steps:
        if isinstance(step, str):
            yield step
            continue
        if isinstance(step, Suggested):
            text = " ".join(shown().split())
            yield step.prefix + text.rsplit(step.prefix, 1)[1].split(".")[0]
            continue
        numbers = [b.number for b in screen.transcript.buttons if b.button.text == step.label]
        if not numbers and step.only_if_shown:
            continue
        assert numbers, f"no button {step.label!r} on screen"
        yield str(numbers[0])
    raise EOFError


def test_a_command_and_the_answer_with_numbered_buttons() -> None:
    talk = converse("/twitch")
    assert talk.code == 0
    assert f"{PROMPT}/twitch\n\n🤖 Twitch Triage\n" in talk.screen
    assert "Most twitches are harmless" in talk.screen
    assert f"] {CHECK}\n" in talk.screen


def test_a_number_presses_its_button_and_an_edit_shows_again() -> None:
    talk = converse("/twitch", Press(CHECK), Press(NONE), Press(KEEP, only_if_shown=True))
    assert "Question 2 of up to 6" in talk.screen
    assert "] 👁️ Eyelid\n" in talk.screen
    if KEEP in talk.screen:
        assert "🤖 Twitch Triage (edited)\n  Thank you." in talk.screen


def test_a_pop_up_answer_is_shown() -> None:
    talk = converse(
        "/twitch",
        Press(CHECK),
        Press(NONE),
        Press(KEEP, only_if_shown=True),
        Press("👁️ Eyelid"),
        Press("📅 Less than a week"),
        Press("✅ Done"),
    )
    assert "⚠️ Tick at least one answer first, or pick None of these." in talk.screen


def test_a_number_no_button_has() -> None:
    talk = converse("/twitch", "42")
    assert "There is no button 42: the buttons are numbered 1 to 8." in talk.screen


def test_a_number_with_no_buttons_on_screen_is_a_message() -> None:
    talk = converse("3")
    assert f"{PROMPT}3\n\n🤖 Twitch Triage\n" in talk.screen


def test_buttons_shows_the_buttons_again() -> None:
    talk = converse("/buttons", "/twitch", "/buttons")
    assert f"{PROMPT}/buttons\nNo buttons to press right now.\n" in talk.screen
    buttons = "[1] What is a twitch?\n[2] Is it ALS/MND?\n[3] What causes it\n"
    assert f"{PROMPT}/buttons\n{buttons}" in talk.screen


def test_wait_moves_the_clock_and_says_what_came() -> None:
    talk = converse("/wait 3d", "/wait", "/wait soon")
    shifted = talk.chat.now() - datetime.now(UTC)
    assert timedelta(days=3) - timedelta(minutes=1) < shifted <= timedelta(days=3)
    assert "⏩ 3 days later: it is now " in talk.screen
    assert "Nothing from the bot in that time." in talk.screen
    assert "Say how long to wait, e.g. /wait 3d (or 30m, 12h, 2w, 1d12h)." in talk.screen
    assert "can't read 'soon' as a time" in talk.screen


def test_a_wait_short_of_the_reminder_says_when_it_comes() -> None:
    # "In 3 days" comes at a good hour of that day, so 3 days from now may be too soon: the
    # screen says when the reminder is due and how long to wait for it, whatever the hour now.
    talk = converse(
        "/twitch",
        Press(CHECK),
        Press(NONE),
        Press(KEEP),
        Press("👁️ Eyelid"),
        Press("📅 Less than a week"),
        Press(NONE),
        Press(NONE),
        Press("⏰ Remind me"),
        Press("In 3 days"),
        "/wait 1d",
        Suggested("/wait "),
    )
    screen = " ".join(talk.screen.split())
    assert "Nothing from the bot in that time. The next reminder is due on " in screen
    after = screen.rsplit("later: it is now", 1)[1]
    assert "you told me about a twitch in your eyelid. How is it now?" in after


def test_quit_leaves_at_once() -> None:
    talk = converse("/quit", "/twitch")
    assert talk.code == 0
    assert "Twitch Triage" not in talk.screen


def test_the_terminal_commands_are_not_commands_of_the_bot(tmp_path: Path) -> None:
    settings = Settings(token="1:x", database_path=tmp_path / "bot.sqlite3")
    application = build_application(settings)
    bot_commands = {
        command
        for handlers in application.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    assert "twitch" in bot_commands
    assert not {name.lstrip("/") for name in TERMINAL_COMMANDS} & bot_commands


def test_the_language_picks_the_emergency_number() -> None:
    steps = (Press(CHECK), Press(KEEP, only_if_shown=True), Press("😶 Face droops on one side"))
    british = converse("/twitch", *steps, language="en-GB")
    assert "🚨 Call 999 or 112 now." in british.screen
    anywhere = converse("/twitch", *steps)
    assert "🚨 Call 112, 999 or 911 now." in anywhere.screen


def test_files_the_bot_sends_are_saved_and_their_paths_printed(tmp_path: Path) -> None:
    folder = tmp_path / "my-files"
    talk = converse(
        "/privacy",
        Press("✅ Keep my checks"),
        "/log",
        Press("🙂 A little"),
        Press("👁️ Eyelid"),
        Press("✔️ Done"),
        "/diary",
        "/summary",
        "/mydata",
        files=folder,
    )
    assert talk.code == 0
    assert f"saved in {folder}/" in "".join(talk.screen.split("\n")), "the banner names it"
    saved = sorted(p.name for p in folder.iterdir())
    (chart,) = [p for p in saved if p.startswith("picture-")]
    assert saved == sorted([chart, "my-data.json", "summary-for-your-doctor.pdf"])
    assert (folder / chart).read_bytes().startswith(b"\x89PNG")
    assert (folder / "summary-for-your-doctor.pdf").read_bytes().startswith(b"%PDF")
    for name in (chart, "summary-for-your-doctor.pdf", "my-data.json"):
        assert f"💾 Saved to {folder / name}" in "".join(talk.screen.split("\n"))
    assert "🖼️ a picture (" in talk.screen


def test_a_second_file_of_the_same_name_does_not_overwrite_the_first(tmp_path: Path) -> None:
    talk = converse("/privacy", Press("✅ Keep my checks"), "/mydata", "/mydata", files=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-data-2.json", "my-data.json"]
    assert f"💾 Saved to {tmp_path / 'my-data-2.json'}" in talk.screen
