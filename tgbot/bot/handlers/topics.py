"""/twitch and /spasm: a topic's overview, its sections edited in place, and plain-text routing."""

from __future__ import annotations

from typing import TypeVar

from telegram import InlineKeyboardMarkup, Message, Update

from tgbot.bot.callback_data import (
    OpenSection,
    OpenSources,
    OpenTopic,
    StartCheck,
)
from tgbot.bot.context import BotContext, Services
from tgbot.bot.keyboards import button
from tgbot.bot.keyboards.feedback import rating_row
from tgbot.bot.keyboards.topics import topic_menu
from tgbot.bot.languages import offer_switch
from tgbot.bot.replies import edit_in_place, expired, read_tap
from tgbot.bot.sending import unread
from tgbot.bot.topic_pages import (
    back_keyboard,
    overview_keyboard,
    overview_text,
    send_group_overview,
    send_overview,
    typed_language,
)
from tgbot.bot.typed_safety import out_of_scope_group, out_of_scope_reply, safety_lined
from tgbot.core.asking import Route, RouteKind, route_message
from tgbot.core.content import (
    ContentStore,
    FrequentQuestion,
    details_in,
    render_answer,
    render_section,
    render_sources,
)
from tgbot.core.content.matching import small_talk
from tgbot.core.feedback import ItemKind


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
    """Plain text: answer the questions it asks, or open the part of its topic that fits, or
    point to the commands. Every answer ends with the safety line (the safety net read the
    whole message and found nothing to alarm on before this runs)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    services = context.services
    content = services.content
    messages = content.messages
    menu = topic_menu(messages["button_twitch"], messages["button_spasm"])
    language = typed_language(message)

    async def reply(text: str) -> None:
        await unread(message.reply_text(safety_lined(services, text, language), reply_markup=menu))

    out_of_scope = out_of_scope_group(services, message.text)
    if out_of_scope is not None:
        # Said so, with where to go instead: never the nearest topic page ("stomach cramps"
        # is not a calf cramp).
        await reply(out_of_scope_reply(services, out_of_scope, language))
        return
    kind = small_talk(messages, message.text)
    if kind == "help":
        await reply(f"{messages['help']}\n\n{messages['disclaimer']}")
        return
    if kind is not None:
        await reply(messages[kind])
        return
    asking = services.knowledge.asking
    route = route_message(content, asking, message.text) if asking else Route(RouteKind.NOTHING)
    if route.kind is RouteKind.NOTHING:
        # Perhaps written in another of our languages: offer it rather than "I only help
        # with twitches", which would be false. Names of conditions say nothing about that.
        plain = asking.without_conditions(message.text) if asking else None
        if not await offer_switch(message, context, message.text, plain):
            await reply(messages["text_pointer"])
        return
    if message.from_user is not None and route.topic is not None:
        said = details_in(content, route.topic, message.text)
        context.services.typed_details.remember(message.from_user.id, route.topic, said)
    if route.kind is RouteKind.OVERVIEW and route.topic is not None:
        await send_overview(message, context, route.topic, typed=True)
    elif route.kind is RouteKind.SECTION and route.topic and route.section:
        await send_typed_section(message, context, route.topic, route.section)
    for question in route.questions:
        await send_answer(message, context, question)


async def send_typed_section(
    message: Message, context: BotContext, topic_id: str, section_id: str
) -> None:
    """The section of the topic that fits what a typed message asks, with the safety line."""
    services = context.services
    content = services.content
    language = typed_language(message)
    page = render_section(content, topic_id, section_id).replace(
        "{numbers}", services.numbers(language)
    )
    await unread(
        message.reply_text(
            safety_lined(services, page, language), reply_markup=back_keyboard(content, topic_id)
        )
    )


def answer_keyboard(
    content: ContentStore, question: FrequentQuestion, *, of_no_topic: bool = False
) -> InlineKeyboardMarkup:
    """The full section and the check one tap away; a question of no one topic (the kind
    answer to worry) offers both topics instead."""
    rating = rating_row(content.messages, ItemKind.FAQ.value, question.id)
    messages = content.messages
    if of_no_topic:
        menu = topic_menu(messages["button_twitch"], messages["button_spasm"])
        return InlineKeyboardMarkup([*menu.inline_keyboard, rating])
    section = content.topics[question.topic].sections[question.section]
    return InlineKeyboardMarkup(
        [
            [button(section.title, OpenSection(question.topic, section.id))],
            [button(messages["button_check"], StartCheck(question.topic))],
            rating,
        ]
    )


async def send_answer(message: Message, context: BotContext, question: FrequentQuestion) -> None:
    """A frequent question's short answer to a typed question, one tap from its full section
    and the check, with the safety line."""
    services = context.services
    content = services.content
    text = f"{render_answer(content, question.id)}\n\n{content.messages['disclaimer']}"
    await unread(
        message.reply_text(
            safety_lined(services, text, typed_language(message)),
            reply_markup=answer_keyboard(
                content, question, of_no_topic=_is_worry(services, question)
            ),
        )
    )


def _is_worry(services: Services, question: FrequentQuestion) -> bool:
    asking = services.knowledge.asking
    return asking is not None and question.id == asking.rules.worry_question


def with_numbers(context: BotContext, update: Update, page: str) -> str:
    """Pages name the emergency number as {numbers} and the country's services as
    {local_service_today}: this user's own, filled in here."""
    user = update.effective_user
    language_code = user.language_code if user else None
    services = context.services
    page = page.replace("{numbers}", services.numbers(language_code))
    return services.with_local_services(page, language_code)


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
