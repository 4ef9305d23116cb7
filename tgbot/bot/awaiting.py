"""Whether the next text of a chat is read as a place for the time zone (tgbot/bot/handlers/
settings.py reads it), set by whichever screen asked: /settings, "Type my own", a reminder
that offers to set the zone; or as a question for the doctor (tgbot/bot/handlers/
questions.py), after "Add a question". One at a time: asking for one drops the other. One
module, so that handlers need not import each other."""

from __future__ import annotations

from tgbot.bot.context import BotContext

AWAITING_TIMEZONE = "awaiting_timezone"
AWAITING_QUESTION = "awaiting_question"
# OFFERED: a screen invites a city, so the next text is taken if it names a place and
# otherwise goes on to the topics as usual. ASKED: after "Type my own" (or "which one?"), so a
# text that names no place is answered "I don't know that".
OFFERED, ASKED = "offered", "asked"


def await_zone(context: BotContext, how: str) -> None:
    if context.chat_data is not None:
        context.chat_data.pop(AWAITING_QUESTION, None)
        context.chat_data[AWAITING_TIMEZONE] = how


def await_question(context: BotContext) -> None:
    if context.chat_data is not None:
        context.chat_data.pop(AWAITING_TIMEZONE, None)
        context.chat_data[AWAITING_QUESTION] = True


def stop_awaiting_question(context: BotContext) -> None:
    """After an emergency or crisis answer: the text was not a question, and the next one
    should not be taken for one either."""
    if context.chat_data is not None:
        context.chat_data.pop(AWAITING_QUESTION, None)
