"""What the terminal has shown of the chat, so each turn shows only what changed.

A terminal cannot change text it printed, so a message the bot edits is printed again, marked
edited. Buttons get numbers to type: the buttons shown in the latest turn are 1, 2, 3...; a turn
that shows no buttons keeps the numbers before it, minus those of messages that changed since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tgbot.localapi import BotMessage, Button

ChangeKind = Literal["new", "edited", "deleted"]


@dataclass(frozen=True)
class NumberedButton:
    number: int
    message_id: int
    row: int
    column: int
    button: Button


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    message: BotMessage
    buttons: tuple[NumberedButton, ...] = ()
    """The numbers given to this message's buttons in this turn."""


def _looks(message: BotMessage) -> tuple[object, ...]:
    """What a user can see of a message; ``edited`` itself is not shown, only its effect."""
    return (message.text, message.html, message.buttons, message.document_name)


class Transcript:
    def __init__(self) -> None:
        self._shown: dict[int, BotMessage] = {}
        self.buttons: tuple[NumberedButton, ...] = ()
        """The buttons a number presses now, in number order."""

    def update(self, messages: Sequence[BotMessage]) -> list[Change]:
        """Compare the chat as it is now with what was shown; return the changes to show."""
        current = {message.message_id: message for message in messages}
        changes: list[Change] = []
        for message_id in sorted(self._shown.keys() | current.keys()):
            before, now = self._shown.get(message_id), current.get(message_id)
            if before is None and now is not None:
                changes.append(Change("new", now))
            elif before is not None and now is None:
                changes.append(Change("deleted", before))
            elif before is not None and now is not None and _looks(before) != _looks(now):
                changes.append(Change("edited", now))
        self._shown = current
        return self._number(changes)

    def _number(self, changes: list[Change]) -> list[Change]:
        changed = {change.message.message_id for change in changes}
        if not any(change.message.buttons for change in changes if change.kind != "deleted"):
            self.buttons = tuple(b for b in self.buttons if b.message_id not in changed)
            return changes
        numbered: list[Change] = []
        buttons: list[NumberedButton] = []
        for change in changes:
            if change.kind == "deleted":
                numbered.append(change)
                continue
            mine = [
                NumberedButton(len(buttons) + i + 1, change.message.message_id, r, c, button)
                for i, (r, c, button) in enumerate(_positions(change.message))
            ]
            buttons.extend(mine)
            numbered.append(Change(change.kind, change.message, tuple(mine)))
        self.buttons = tuple(buttons)
        return numbered

    def button(self, number: int) -> NumberedButton | None:
        return next((b for b in self.buttons if b.number == number), None)


def _positions(message: BotMessage) -> list[tuple[int, int, Button]]:
    return [
        (row_index, column, button)
        for row_index, row in enumerate(message.buttons)
        for column, button in enumerate(row)
    ]
