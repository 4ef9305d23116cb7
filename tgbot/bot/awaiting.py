"""Whether the next text of a chat is read as a place for the time zone (tgbot/bot/handlers/
settings.py reads it), set by whichever screen asked: /settings, "Type my own", a reminder
that offers to set the zone. One module, so that handlers need not import each other."""

from __future__ import annotations

from tgbot.bot.context import BotContext

AWAITING_TIMEZONE = "awaiting_timezone"
# OFFERED: a screen invites a city, so the next text is taken if it names a place and
# otherwise goes on to the topics as usual. ASKED: after "Type my own" (or "which one?"), so a
# text that names no place is answered "I don't know that".
OFFERED, ASKED = "offered", "asked"


def await_zone(context: BotContext, how: str) -> None:
    if context.chat_data is not None:
        context.chat_data[AWAITING_TIMEZONE] = how
