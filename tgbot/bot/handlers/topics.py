"""/twitch and /spasm: a topic's overview, its sections edited in place, and plain-text routing."""

from __future__ import annotations

from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from tgbot.bot.context import BotContext
from tgbot.bot.handlers.language import offer_switch
from tgbot.bot.handlers.safety import out_of_scope_group, out_of_scope_reply
from tgbot.bot.keyboards import button, rating_row, topic_menu
from tgbot.bot.replies import edit_in_place, expired, read_tap
from tgbot.core.callback_data import (
    OpenSection,
    OpenSources,
    OpenTopic,
    StartTriage,
)
from tgbot.core.content import (
    ContentStore,
    FrequentQuestion,
    details_in,
    match_question,
    match_topic,
    render_answer,
    render_section,
    render_sources,
)
from tgbot.core.content.matching import small_talk
from tgbot.core.feedback import ItemKind

TOPIC_COMMANDS = ("twitch", "spasm")
# Longer than any description of a twitch; beyond it fuzzy matching only guesses.
MAX_ROUTED_TEXT = 600


def private_chat_link(context: BotContext, topic_id: str | None) -> str:
    link = f"https://t.me/{context.bot.username}"
    return f"{link}?start={topic_id}" if topic_id else link


def overview_text(content: ContentStore, topic_id: str) -> str:
    topic = content.topics[topic_id]
    return f"{topic.overview_html}\n\n{content.messages['disclaimer']}"


def overview_keyboard(content: ContentStore, topic_id: str) -> InlineKeyboardMarkup:
    topic = content.topics[topic_id]
    texts = content.messages
    sections = [button(s.title, OpenSection(topic_id, s.id)) for s in topic.sections.values()]
    rows = [sections[i : i + 2] for i in range(0, len(sections), 2)]
    rows.append([button(texts["button_sources"], OpenSources(topic_id))])
    rows.append([button(texts["button_check"], StartTriage(topic_id))])
    return InlineKeyboardMarkup(rows)


def back_keyboard(content: ContentStore, topic_id: str) -> InlineKeyboardMarkup:
    texts = content.messages
    return InlineKeyboardMarkup(
        [
            [button(texts["button_back"], OpenTopic(topic_id))],
            [button(texts["button_check"], StartTriage(topic_id))],
        ]
    )


async def send_overview(message: Message, context: BotContext, topic_id: str) -> None:
    content = context.services.content
    await message.reply_text(
        overview_text(content, topic_id), reply_markup=overview_keyboard(content, topic_id)
    )


async def send_group_overview(message: Message, context: BotContext, topic_id: str) -> None:
    """Groups get the general facts only, and a way to ask in private: no health questions
    where others can read the answers."""
    content = context.services.content
    texts = content.messages
    link = private_chat_link(context, topic_id)
    await message.reply_text(
        f"{content.topics[topic_id].overview_html}\n\n{texts['group_note']}\n\n"
        f"{texts['disclaimer']}",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts["button_private_chat"], url=link)]]
        ),
    )


def _topic_of_command(message: Message | None) -> str | None:
    if message is None or not message.text:
        return None
    return message.text.split()[0].lstrip("/").split("@")[0].lower()


async def topic_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    topic_id = _topic_of_command(message)
    if message is not None and topic_id is not None:
        await send_overview(message, context, topic_id)


async def topic_command_in_group(update: Update, context: BotContext) -> None:
    message = update.effective_message
    topic_id = _topic_of_command(message)
    if message is not None and topic_id is not None:
        await send_group_overview(message, context, topic_id)


async def route_text(update: Update, context: BotContext) -> None:
    """Plain text: open the topic it is about, or point to the commands."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    content = context.services.content
    texts = content.messages
    menu = topic_menu(texts["button_twitch"], texts["button_spasm"])
    if len(message.text) > MAX_ROUTED_TEXT:
        await message.reply_text(texts["too_long"], reply_markup=menu)
        return
    services = context.services
    out_of_scope = out_of_scope_group(services, message.text)
    if out_of_scope is not None:
        # Said so, with where to go instead: never the nearest topic page ("stomach cramps"
        # is not a calf cramp).
        language = message.from_user.language_code if message.from_user else None
        await message.reply_text(
            out_of_scope_reply(services, out_of_scope, language), reply_markup=menu
        )
        return
    kind = small_talk(texts, message.text)
    if kind == "help":
        await message.reply_text(f"{texts['help']}\n\n{texts['disclaimer']}", reply_markup=menu)
        return
    if kind is not None:
        await message.reply_text(texts[kind], reply_markup=menu)
        return
    topic_id = match_topic(content, message.text)
    question = match_question(content, message.text, topic_id)
    if question is not None:
        topic_id = question.topic
    if topic_id is None:
        # Perhaps written in another of our languages: offer it rather than "I only help
        # with twitches", which would be false.
        if not await offer_switch(message, context, message.text):
            await message.reply_text(texts["text_pointer"], reply_markup=menu)
        return
    if message.from_user is not None:
        said = details_in(content, topic_id, message.text)
        context.services.typed_details.remember(message.from_user.id, topic_id, said)
    if question is None:
        await send_overview(message, context, topic_id)
    else:
        await send_answer(message, context, question)


def answer_keyboard(content: ContentStore, question: FrequentQuestion) -> InlineKeyboardMarkup:
    section = content.topics[question.topic].sections[question.section]
    return InlineKeyboardMarkup(
        [
            [button(section.title, OpenSection(question.topic, section.id))],
            [button(content.messages["button_check"], StartTriage(question.topic))],
            rating_row(content.messages, ItemKind.FAQ.value, question.id),
        ]
    )


async def send_answer(message: Message, context: BotContext, question: FrequentQuestion) -> None:
    """A frequent question's short answer, one tap from its full section and the check."""
    content = context.services.content
    await message.reply_text(
        f"{render_answer(content, question.id)}\n\n{content.messages['disclaimer']}",
        reply_markup=answer_keyboard(content, question),
    )


def with_numbers(context: BotContext, update: Update, page: str) -> str:
    """Pages name the emergency number as {numbers}: this user's own, filled in here."""
    user = update.effective_user
    return page.replace("{numbers}", context.services.numbers(user.language_code if user else None))


TopicActionT = TypeVar("TopicActionT", OpenTopic, OpenSection, OpenSources)


async def topic_tap(
    update: Update, context: BotContext, action_type: type[TopicActionT]
) -> TopicActionT | None:
    """A topic button whose topic (and section) still exist; else the expiry note."""
    tap = await read_tap(update, context, action_type)
    if tap is None:
        return None
    topic = context.services.content.topics.get(tap.action.topic)
    section = getattr(tap.action, "section", None)
    if topic is None or (section is not None and section not in topic.sections):
        await expired(update, context)
        return None
    return tap.action


async def open_topic(update: Update, context: BotContext) -> None:
    action = await topic_tap(update, context, OpenTopic)
    if action is not None:
        content = context.services.content
        await edit_in_place(
            update, overview_text(content, action.topic), overview_keyboard(content, action.topic)
        )


async def open_section(update: Update, context: BotContext) -> None:
    action = await topic_tap(update, context, OpenSection)
    if action is not None:
        content = context.services.content
        await edit_in_place(
            update,
            with_numbers(context, update, render_section(content, action.topic, action.section)),
            back_keyboard(content, action.topic),
        )


async def open_sources(update: Update, context: BotContext) -> None:
    action = await topic_tap(update, context, OpenSources)
    if action is not None:
        content = context.services.content
        await edit_in_place(
            update, render_sources(content, action.topic), back_keyboard(content, action.topic)
        )
