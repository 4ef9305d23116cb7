"""Text typed in the middle of a check: it never drops the check.

Runs after the safety handlers (a typed red flag is answered first, whatever else runs) and
before the topics see the text. A text naming an answer of the question asked now ("eyelid")
asks to confirm it: "yes" is a tap on that answer, "no" shows the question again. Any other
text says how to go on and sends the question again. Either way the check goes on in the new
message, at the bottom of the chat, and the old one loses its buttons.
"""

from __future__ import annotations

import contextlib
import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop

from tgbot.bot.callback_data import CheckAnswer, CheckResume
from tgbot.bot.context import BotContext, Services
from tgbot.bot.keyboards import button
from tgbot.bot.keyboards.check import consent_keyboard, question_keyboard, question_text
from tgbot.bot.typed_safety import safety_lined
from tgbot.core.triage import Question
from tgbot.core.triage.typed import question_heading, typed_options

log = logging.getLogger(__name__)


async def typed_in_check(update: Update, context: BotContext) -> None:
    message, user = update.message, update.effective_user
    if message is None or message.text is None or user is None:
        return
    services = context.services
    screen = await services.checks.on_screen(user.id, message.chat_id)
    if screen is None:
        return
    ask, question = screen.ask, screen.ask.question
    messages = services.content.messages
    offered: tuple[str, ...] = ()
    if screen.consent:
        # The one-time question about keeping checks is what is on screen: ask it again.
        # Its buttons are yes and no, without the check's Cancel: say so.
        text = f"{messages['typed_in_consent']}\n\n{messages['consent_prompt']}"
        markup = consent_keyboard(services, ask.check_id)
    else:
        content = services.content
        rules = content.questions.get(ask.flow.topic)
        found = typed_options(question, message.text, rules, content.wording)
        # A tick already there is not offered: "yes" would take it away.
        ticked = ask.ticked if question.kind == "multi" else ()
        offered = tuple(o for o in found if o not in ticked)
        if offered:
            text, markup = offer(services, ask.check_id, question, offered)
        else:
            text = f"{messages['typed_in_check']}\n\n{question_text(services, ask)}"
            markup = question_keyboard(services, ask)
    # An answer to a typed message: the safety line under it (the net found nothing first).
    text = safety_lined(services, text, user.language_code)
    sent = await message.reply_text(text, reply_markup=markup)
    await services.checks.sent(ask, sent.message_id)
    if screen.message_id is not None:
        # Its buttons would only say "expired" now: the check goes on below.
        with contextlib.suppress(BadRequest):
            await context.bot.edit_message_reply_markup(
                message.chat_id, screen.message_id, reply_markup=None
            )
    log.info("event=typed_in_check session=%d offered=%d", ask.check_id, len(offered))
    raise ApplicationHandlerStop


def offer(
    services: Services, check_id: int, question: Question, offered: tuple[str, ...]
) -> tuple[str, InlineKeyboardMarkup]:
    """ "Did you mean ...?": one answer with Yes, several each as its own button; and No."""
    messages = services.content.messages
    heading = escape(question_heading(question), quote=False)
    options = [o for o in question.options if o.id in offered]

    def take(label: str, option_id: str) -> list[InlineKeyboardButton]:
        return [button(label, CheckAnswer(check_id, question.id, option_id))]

    if len(options) == 1:
        label = escape(options[0].label, quote=False)
        text = messages["typed_answer_one"].format(question=heading, label=label)
        rows = [take(messages["button_typed_yes"], options[0].id)]
    else:
        text = messages["typed_answer_many"].format(question=heading)
        rows = [take(option.label, option.id) for option in options]
    rows.append([button(messages["button_typed_no"], CheckResume(check_id, question.id))])
    return text, InlineKeyboardMarkup(rows)
