"""What the terminal shows each turn: only what changed, edits again, buttons numbered."""

from __future__ import annotations

from tgbot.localapi import BotMessage, Button
from tgbot.terminal.transcript import Transcript


def message(message_id: int, text: str, *rows: tuple[str, ...]) -> BotMessage:
    buttons = tuple(tuple(Button(label, f"data:{label}") for label in row) for row in rows)
    return BotMessage(message_id, text, None, buttons, edited=False)


def test_only_new_messages_are_shown_and_the_same_chat_shows_nothing() -> None:
    transcript = Transcript()
    first = message(1, "Hello")
    assert [(c.kind, c.message.text) for c in transcript.update([first])] == [("new", "Hello")]
    second = message(2, "Again")
    changes = transcript.update([first, second])
    assert [(c.kind, c.message.text) for c in changes] == [("new", "Again")]
    assert transcript.update([first, second]) == []


def test_an_edit_is_shown_again_and_a_deletion_is_said() -> None:
    transcript = Transcript()
    transcript.update([message(1, "Question 1"), message(2, "Note")])
    edited = message(1, "Question 2")
    changes = transcript.update([edited])
    assert [(c.kind, c.message.text) for c in changes] == [
        ("edited", "Question 2"),
        ("deleted", "Note"),
    ]


def test_buttons_of_the_latest_turn_are_numbered_across_rows_and_messages() -> None:
    transcript = Transcript()
    transcript.update([message(1, "Old", ("Old button",))])
    changes = transcript.update(
        [
            message(1, "Old", ("Old button",)),
            message(2, "Pick", ("A", "B"), ("C",)),
            message(3, "More", ("D",)),
        ]
    )
    assert [[(b.number, b.button.text) for b in c.buttons] for c in changes] == [
        [(1, "A"), (2, "B"), (3, "C")],
        [(4, "D")],
    ]
    pressed = transcript.button(2)
    assert pressed is not None
    assert (pressed.message_id, pressed.row, pressed.column) == (2, 0, 1)
    assert transcript.button(5) is None


def test_a_turn_without_buttons_keeps_the_numbers_of_unchanged_messages() -> None:
    transcript = Transcript()
    question = message(1, "Pick", ("A", "B"))
    transcript.update([question])
    transcript.update([question, message(2, "I did not get that.")])
    assert [b.button.text for b in transcript.buttons] == ["A", "B"]
    # The question is answered: its buttons go, and so do their numbers.
    transcript.update([message(1, "Thanks"), message(2, "I did not get that.")])
    assert transcript.buttons == ()
