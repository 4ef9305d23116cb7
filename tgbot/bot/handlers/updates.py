"""What runs for every update before the features: a log line, and who we talk to."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType

from tgbot.bot.context import LANGUAGE_KEY, BotContext

log = logging.getLogger(__name__)

SHOWS_OR_DELETES_DATA = frozenset({"mydata", "forget", "privacy"})


async def log_update(update: Update, context: BotContext) -> None:
    """One line per update: its kind and ids, never its text."""
    kind = next((k for k in Update.ALL_TYPES if getattr(update, k, None) is not None), "unknown")
    chat = update.effective_chat
    user = update.effective_user
    log.info(
        "event=update update_id=%d kind=%s chat_type=%s user_id=%s",
        update.update_id,
        kind,
        chat.type if chat else None,
        user.id if user else None,
    )


async def remember_user(update: Update, context: BotContext) -> None:
    """A user who writes or taps in their private chat is recorded (id, chat, language);
    writing again also means they have not blocked us. Membership updates are left to
    :func:`tgbot.bot.handlers.unmatched.my_chat_member`, which records the block."""
    chat, user = update.effective_chat, update.effective_user
    if user is not None and context.user_data is not None:
        # Until we know better (below), answer in the language Telegram reports.
        context.user_data.setdefault(LANGUAGE_KEY, user.language_code)
    if chat is None or user is None or chat.type != ChatType.PRIVATE:
        return
    if update.message is None and update.callback_query is None:
        return
    services = context.services
    if update.message is not None and _command(update.message.text) in SHOWS_OR_DELETES_DATA:
        # "What do you keep?" must not be what makes us keep something: only read.
        record = await services.users.get(user.id)
        chosen = record.language if record is not None else None
    else:
        chosen = await services.users.upsert(
            user.id, chat.id, user.language_code, services.clock.now()
        )
    if context.user_data is not None:
        context.user_data[LANGUAGE_KEY] = chosen or user.language_code
    # A reminder given up on during a long outage: said once, before the answer they came for.
    await services.reminders.tell_missed(user.id, chat.id)


def _command(text: str | None) -> str | None:
    if not text or not text.startswith("/"):
        return None
    return text.split()[0][1:].split("@")[0].lower()
