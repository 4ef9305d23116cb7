"""Shared steps of the end-to-end tests."""

from __future__ import annotations

from collections.abc import Sequence

from tgbot.core.knowledge import Knowledge
from tgbot.localapi import BotMessage, ChatSession

CONSENT_PROMPT = "Before the next question"
KEEP = "✅ Yes, keep them"
KEEP_NOTHING = "🙅 No, keep nothing"


async def tap_through(chat: ChatSession, labels: Sequence[str], keep: bool = True) -> BotMessage:
    """Tap each label in turn; the one-time consent question (it comes right after the safety
    question of a first check) is answered on the way, as `keep` says."""
    message = chat.last
    for label in labels:
        message = (await chat.tap(label)).last
        if CONSENT_PROMPT in message.text:
            message = (await chat.tap(KEEP if keep else KEEP_NOTHING)).last
    return message


def twitch_label(knowledge: Knowledge, question_id: str, option_id: str) -> str:
    """The button text of an option of the twitch check, from the content itself."""
    question = knowledge.triage.flows["twitch"].question(question_id)
    assert question is not None
    option = question.option(option_id)
    assert option is not None
    return option.label
