"""``bot.py chat``: talk to the real bot in the terminal, as a Telegram user would.

Each line is a message to the bot, except a number (press that button) and the few terminal
commands below, which never reach the bot.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from rich.console import Console
from rich.text import Text

from tgbot.core.content.problems import ContentError
from tgbot.localapi import BotMessage
from tgbot.logs import setup_logging
from tgbot.terminal.durations import DurationError, describe, parse_duration, short
from tgbot.terminal.files import DEFAULT_FOLDER, FileFolder
from tgbot.terminal.host import CHAT_TOKEN, BotStopped, LocalChat, Turn
from tgbot.terminal.render import NOTE_STYLE, render_buttons, render_change, render_popup
from tgbot.terminal.transcript import Transcript

PROMPT = "you › "
WAIT, BUTTONS, QUIT = "/wait", "/buttons", "/quit"
TERMINAL_COMMANDS = (WAIT, BUTTONS, QUIT)
"""Handled here and never sent: the bot must not have commands of these names."""

BANNER = """\
Chatting with the bot right here: no Telegram, no network, a temporary database.
Type as in Telegram (/start, /twitch, /spasm, /help, or a few words);
type a button's number to press it.
Terminal only: /wait 3d (time passes: reminders due by then arrive),
/buttons (show the buttons again), /quit or Ctrl-D (leave).
Files the bot sends (/diary, /summary, /mydata) are saved in {files}/."""

ReadLine = Callable[[str], str]


@dataclass
class ChatScreen:
    """The conversation loop: read a line, act on it, show what changed."""

    chat: LocalChat
    console: Console
    read_line: ReadLine
    files: FileFolder = field(default_factory=FileFolder)

    def __post_init__(self) -> None:
        self.transcript = Transcript()

    def run(self) -> int:
        self.console.print(Text(BANNER.format(files=self.files.folder), style="dim"))
        try:
            while True:
                # Whatever arrived since the last turn (a late edit, a reminder) shows first.
                self.show(self.chat.messages())
                line = self.read_line(PROMPT).strip()
                if line == QUIT:
                    return 0
                if line:
                    self.handle(line)
        except (EOFError, KeyboardInterrupt):
            self.console.print()
            return 0
        except BotStopped as error:
            print(f"error: {error}", file=sys.stderr)
            return 1

    def handle(self, line: str) -> None:
        command, _, argument = line.partition(" ")
        if command == WAIT:
            self.wait(argument)
        elif command == BUTTONS:
            self.console.print(render_buttons(self.transcript.buttons))
        elif line.isdigit() and self.transcript.buttons:
            self.press(int(line))
        else:
            self.turn(self.chat.send(line))

    def press(self, number: int) -> None:
        numbered = self.transcript.button(number)
        if numbered is None:
            last = self.transcript.buttons[-1].number
            self.note(f"There is no button {number}: the buttons are numbered 1 to {last}.")
            return
        button = numbered.button
        if button.url is not None:
            self.note(f"🔗 This button opens {button.url}")
            return
        if button.callback_data is None:
            self.note("This button does nothing here.")
            return
        self.turn(self.chat.press(numbered.message_id, button.callback_data))

    def wait(self, argument: str) -> None:
        if not argument.strip():
            self.note("Say how long to wait, e.g. /wait 3d (or 30m, 12h, 2w, 1d12h).")
            return
        try:
            delta = parse_duration(argument)
        except DurationError as error:
            self.note(str(error))
            return
        turn = self.chat.wait(delta)
        moment = self.chat.now().strftime("%a %d %b %Y, %H:%M UTC")
        self.note(f"⏩ {describe(delta)} later: it is now {moment}.")
        if not self.show(turn.messages):
            self.note("Nothing from the bot in that time." + self._next_reminder())

    def _next_reminder(self) -> str:
        """Where the next reminder is, for a wait that fell short of it: a reminder for "in 3
        days" comes at a good hour of that day (09:00 if the hour falls in the night), which
        can be later than 3 days from now."""
        due = self.chat.next_reminder()
        if due is None:
            return ""
        moment = due.astimezone(UTC).strftime("%a %d %b %Y, %H:%M UTC")
        return f" The next reminder is due on {moment}: /wait {short(due - self.chat.now())}."

    def turn(self, turn: Turn) -> None:
        shown = self.show(turn.messages)
        if turn.popup and turn.popup.get("text"):
            self.console.print(
                render_popup(str(turn.popup["text"]), alert=bool(turn.popup.get("show_alert")))
            )
        elif not turn.answered and not shown:
            self.note("(no answer from the bot)")

    def show(self, messages: Sequence[BotMessage]) -> bool:
        changes = self.transcript.update(messages)
        for change in changes:
            self.console.print(
                render_change(change, self.chat.bot_name, self.console), soft_wrap=True
            )
            saved = self.files.save(change.message) if change.kind == "new" else None
            if saved is not None:
                self.note(f"💾 Saved to {saved}")
        return bool(changes)

    def note(self, text: str) -> None:
        self.console.print(Text(text, style=NOTE_STYLE))


def run_chat(content_dir: Path, language_code: str | None, files: Path = DEFAULT_FOLDER) -> int:
    """Start the bot, talk until the user leaves; exit 2 when content/ is invalid."""
    # Only problems reach the screen: the conversation is the output here.
    setup_logging("WARNING", secrets=[CHAT_TOKEN])
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())
    console = Console(highlight=False, emoji=False)
    chat = LocalChat(content_dir=content_dir, language_code=language_code)
    try:
        chat.start()
    except ContentError as error:
        print(f"error: content is invalid: {error.errors[0]}", file=sys.stderr)
        return 2
    try:
        return ChatScreen(chat, console, input, FileFolder(files)).run()
    finally:
        chat.close()
