"""/start and /help: the welcome, the topics, the disclaimer; ``/start twitch`` deep links."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from tgbot.bot.context import BotContext
from tgbot.bot.keyboards.topics import topic_menu
from tgbot.bot.languages import languages_note, with_review_note
from tgbot.bot.sending import unread
from tgbot.bot.topic_pages import TOPIC_COMMANDS, private_chat_link, send_overview


async def start(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    messages = context.services.content.messages
    # Deep links from groups and elsewhere: t.me/<bot>?start=twitch opens the topic.
    if context.args and context.args[0] in TOPIC_COMMANDS:
        await send_overview(message, context, context.args[0])
        return
    services = context.services
    user = update.effective_user
    notes = [
        note
        for note in (
            languages_note(services, user.language_code if user else None),
            with_review_note(services, "").strip() or None,
        )
        if note
    ]
    welcome = "\n\n".join(
        [messages["welcome"], *notes, emergency_note(context, update), messages["disclaimer"]]
    )
    await unread(
        message.reply_text(
            welcome, reply_markup=topic_menu(messages["button_twitch"], messages["button_spasm"])
        )
    )


def emergency_note(context: BotContext, update: Update) -> str:
    """The emergency note, naming this user's number."""
    user = update.effective_user
    numbers = context.services.numbers(user.language_code if user else None)
    return context.services.content.messages["emergency_note"].format(numbers=numbers)


async def start_in_group(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    messages = context.services.content.messages
    link = InlineKeyboardButton(
        messages["button_private_chat"], url=private_chat_link(context, None)
    )
    await unread(
        message.reply_text(
            f"{messages['welcome']}\n\n{messages['group_note']}\n\n{messages['disclaimer']}",
            reply_markup=InlineKeyboardMarkup([[link]]),
        )
    )


async def help_command(update: Update, context: BotContext) -> None:
    if update.effective_message is None:
        return
    messages = context.services.content.messages
    await unread(
        update.effective_message.reply_text(f"{messages['help']}\n\n{messages['disclaimer']}")
    )
