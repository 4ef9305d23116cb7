"""A topic's pages as the bot sends them: its overview with the sections' buttons, in a
private chat or a group (shared by the topic commands, typed messages and deep links)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from tgbot.bot.callback_data import OpenSection, OpenSources, OpenTopic, StartCheck
from tgbot.bot.context import BotContext
from tgbot.bot.keyboards import button
from tgbot.bot.sending import unread
from tgbot.bot.typed_safety import safety_lined
from tgbot.core.content import ContentStore

TOPIC_COMMANDS = ("twitch", "spasm")
"""The topics with a command of their own: /twitch, /spasm."""


def private_chat_link(context: BotContext, topic_id: str | None) -> str:
    link = f"https://t.me/{context.bot.username}"
    return f"{link}?start={topic_id}" if topic_id else link


def overview_text(content: ContentStore, topic_id: str) -> str:
    topic = content.topics[topic_id]
    return f"{topic.overview_html}\n\n{content.messages['disclaimer']}"


def overview_keyboard(content: ContentStore, topic_id: str) -> InlineKeyboardMarkup:
    topic = content.topics[topic_id]
    messages = content.messages
    sections = [button(s.title, OpenSection(topic_id, s.id)) for s in topic.sections.values()]
    rows = [sections[i : i + 2] for i in range(0, len(sections), 2)]
    rows.append([button(messages["button_sources"], OpenSources(topic_id))])
    rows.append([button(messages["button_check"], StartCheck(topic_id))])
    return InlineKeyboardMarkup(rows)


def back_keyboard(content: ContentStore, topic_id: str) -> InlineKeyboardMarkup:
    messages = content.messages
    return InlineKeyboardMarkup(
        [
            [button(messages["button_back"], OpenTopic(topic_id))],
            [button(messages["button_check"], StartCheck(topic_id))],
        ]
    )


async def send_overview(
    message: Message, context: BotContext, topic_id: str, *, typed: bool = False
) -> None:
    """The topic's overview; ``typed``: it answers a typed message, so the safety line
    follows."""
    content = context.services.content
    text = overview_text(content, topic_id)
    if typed:
        text = safety_lined(context.services, text, typed_language(message))
    await unread(message.reply_text(text, reply_markup=overview_keyboard(content, topic_id)))


def typed_language(message: Message) -> str | None:
    """The Telegram language of whoever typed the message (for their emergency number)."""
    return message.from_user.language_code if message.from_user else None


async def send_group_overview(message: Message, context: BotContext, topic_id: str) -> None:
    """Groups get the general facts only, and a way to ask in private: no health questions
    where others can read the answers."""
    content = context.services.content
    messages = content.messages
    link = private_chat_link(context, topic_id)
    await unread(
        message.reply_text(
            f"{content.topics[topic_id].overview_html}\n\n{messages['group_note']}\n\n"
            f"{messages['disclaimer']}",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton(messages["button_private_chat"], url=link)]]
            ),
        )
    )
