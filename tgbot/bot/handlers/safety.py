"""Typed red flags, before any other handling of a text: an emergency sign gets the emergency
message with the user's own number, thoughts of suicide or self-harm the crisis line of their
country. Private chats and groups, new and edited messages, in the middle of a check too (the
check's message stays as it is, so the user can go on).

Out-of-scope questions (period pain, hiccups, a child) are answered by the topic routing, which
runs only when no red flag was found.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from tgbot.bot.context import BotContext, Services
from tgbot.core.content.locales import ENGLISH
from tgbot.core.safety import (
    PhraseGroup,
    PhraseSet,
    in_language,
    render_crisis,
    render_out_of_scope,
    render_typed_emergency,
    scan,
)
from tgbot.core.safety.models import Kind
from tgbot.core.triage.emergency import region_of


async def typed_red_flag(update: Update, context: BotContext) -> None:
    message = update.effective_message
    text = message.text or message.caption if message is not None else None
    if message is None or not text:
        return
    services = context.services
    user = update.effective_user
    language = user.language_code if user is not None else None
    numbers = services.numbers(language)
    own = own_phrases(services)
    replied = False
    for match in scan(text, services.safety.phrase_sets.values()):
        groups = in_language(match.groups, own)
        if match.kind is Kind.EMERGENCY:
            reply = render_typed_emergency(services.triage.texts, groups, numbers)
            reply = with_english_copy(services, reply, language, match.groups)
        elif match.kind is Kind.CRISIS:
            line = services.safety.crisis_lines.get(region_of(language) or "")
            reply = render_crisis(own, groups[0], line, numbers)
        else:
            continue
        await message.reply_text(reply)
        replied = True
    if replied:
        # Answered: no topic page, pointer or "I only read new messages" after it.
        raise ApplicationHandlerStop


def own_phrases(services: Services) -> PhraseSet:
    """The phrase set of the language the services speak (English when it has none)."""
    sets = services.safety.phrase_sets
    return sets.get(services.language) or sets[ENGLISH]


def with_english_copy(
    services: Services, reply: str, language: str | None, groups: tuple[PhraseGroup, ...]
) -> str:
    """In a language no clinician has checked yet, the emergency message ends with the checked
    English one, so a wrong word in a translation cannot hide what to do."""
    info = services.knowledge.language
    if services.language == ENGLISH or info is None or info.reviewed:
        return reply
    english = services.speaking(ENGLISH)
    english_groups = in_language(groups, own_phrases(english))
    copy = render_typed_emergency(english.triage.texts, english_groups, english.numbers(language))
    return f"{reply}\n\n{services.content.messages['emergency_in_english']}\n{copy}"


def out_of_scope_group(services: Services, text: str) -> PhraseGroup | None:
    """The first out-of-scope group the text matches, if any (red flags were checked first).
    Only the user's own language: unlike a red flag, which is looked for in every language,
    a word of another language here ("tic" in "tengo un tic en el ojo") would turn away a
    question the bot answers."""
    for match in scan(text, [own_phrases(services)]):
        if match.kind is Kind.OUT_OF_SCOPE:
            return match.groups[0]
    return None


def out_of_scope_reply(services: Services, group: PhraseGroup, language: str | None) -> str:
    return render_out_of_scope(group, services.numbers(language))
