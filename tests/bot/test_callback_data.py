"""The button codec: every registered action survives encode and decode, field by field."""

from __future__ import annotations

import dataclasses

import pytest

from tgbot.bot import callback_data
from tgbot.bot.callback_data import (
    CallbackAction,
    CheckAnswer,
    SetReminder,
    decode,
    encode,
)


def sample(action: type[CallbackAction]) -> CallbackAction:
    values: dict[str, object] = {}
    for number, field in enumerate(dataclasses.fields(action)):
        values[field.name] = 7 + number if field.type in (int, "int") else f"v{number}"
    return action(**values)


@pytest.mark.parametrize("action", list(callback_data._ACTIONS.values()), ids=lambda a: a.__name__)
def test_every_action_round_trips(action: type[CallbackAction]) -> None:
    original = sample(action)
    assert decode(encode(original)) == original


def test_fields_are_encoded_in_their_declared_order() -> None:
    assert encode(CheckAnswer(42, "location", "eyelid")).endswith(":42:location:eyelid")


def test_a_field_with_a_colon_or_empty_is_refused() -> None:
    with pytest.raises(ValueError, match="has ':'"):
        encode(SetReminder(1, "a:b"))
    with pytest.raises(ValueError, match="empty"):
        encode(SetReminder(1, ""))
