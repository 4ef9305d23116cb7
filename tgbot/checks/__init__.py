"""The use cases of a symptom check, between the bot and the storage: no telegram here."""

from tgbot.checks.screens import (
    Ask,
    AskConsent,
    Cancelled,
    ConsentNoted,
    Expired,
    Finished,
    OnScreen,
    PickFirst,
    Screen,
    Stale,
    Why,
)
from tgbot.checks.service import Checks, Tap
from tgbot.checks.typed_details import TypedDetails

__all__ = [
    "Ask",
    "AskConsent",
    "Cancelled",
    "Checks",
    "ConsentNoted",
    "Expired",
    "Finished",
    "OnScreen",
    "PickFirst",
    "Screen",
    "Stale",
    "Tap",
    "TypedDetails",
    "Why",
]
