"""/questions: what the user wants to ask their doctor, printed on the doctor's page (/summary).

A few short questions (tgbot/core/doctor_questions.py), sealed under the user's key on their
users row, shown back with a button to clear them, listed by /mydata and deleted by /forget.
A typed question is read by the safety net first like any text (tgbot/bot/handlers/safety.py
runs in an earlier group): an emergency gets the emergency answer, and nothing is kept.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop

from tgbot.bot.awaiting import AWAITING_QUESTION, await_question
from tgbot.bot.callback_data import EditQuestions
from tgbot.bot.context import BotContext, Services
from tgbot.bot.keyboards.questions import ADD, CLEAR, SHOW, questions_keyboard
from tgbot.bot.replies import edit_in_place, expired, read_tap
from tgbot.core.doctor_questions import MAX_CHARACTERS, MAX_QUESTIONS, Refusal, add_question

log = logging.getLogger(__name__)


def questions_text(services: Services, questions: tuple[str, ...]) -> str:
    messages = services.content.messages
    if not questions:
        return messages["questions_none"].format(max=MAX_QUESTIONS)
    items = "\n".join(f"{n}. {escape(q, quote=False)}" for n, q in enumerate(questions, 1))
    return messages["questions_list"].format(count=len(questions), max=MAX_QUESTIONS, items=items)


async def _kept(services: Services, user_id: int) -> tuple[str, ...]:
    record = await services.users.get(user_id)
    return record.questions if record else ()


async def questions_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    questions = await _kept(services, user.id)
    await message.reply_text(
        questions_text(services, questions), reply_markup=questions_keyboard(services, questions)
    )


async def on_edit_questions(update: Update, context: BotContext) -> None:
    """ "Questions for your doctor" under /summary: the list and its buttons. "Add a
    question": the next text is the question. "Clear my questions": all go."""
    tap = await read_tap(update, context, EditQuestions)
    if tap is None:
        return
    services = context.services
    messages = services.content.messages
    if tap.action.do == SHOW:
        await tap.query.answer()
        questions = await _kept(services, tap.user.id)
        await context.bot.send_message(
            tap.chat.id,
            questions_text(services, questions),
            reply_markup=questions_keyboard(services, questions),
        )
    elif tap.action.do == CLEAR:
        await services.users.set_questions(tap.user.id, ())
        log.info("event=questions_cleared user_id=%d", tap.user.id)
        text = f"{messages['questions_cleared']}\n\n{questions_text(services, ())}"
        await edit_in_place(update, text, questions_keyboard(services, ()))
    elif tap.action.do == ADD:
        await tap.query.answer()
        await_question(context)
        await context.bot.send_message(
            tap.chat.id, messages["questions_ask"].format(characters=MAX_CHARACTERS)
        )
    else:
        await expired(update, context)


async def typed_question(update: Update, context: BotContext) -> None:
    """Runs after the safety net and before the other text handlers; acts only after "Add a
    question". A command instead drops the question and runs as usual."""
    message, user = update.message, update.effective_user
    if message is None or message.text is None or user is None or context.chat_data is None:
        return
    if not context.chat_data.get(AWAITING_QUESTION):
        return
    if message.text.startswith("/"):
        context.chat_data.pop(AWAITING_QUESTION, None)
        return
    await _keep(message, context, user.id, message.text)
    raise ApplicationHandlerStop


async def _keep(message: Message, context: BotContext, user_id: int, typed: str) -> None:
    services = context.services
    messages = services.content.messages
    kept = await _kept(services, user_id)
    added = add_question(kept, typed)
    if added.refusal is Refusal.TOO_LONG:
        # Still waiting: the shorter try is read as the question too.
        await message.reply_text(
            messages["questions_too_long"].format(length=added.length, characters=MAX_CHARACTERS)
        )
        return
    if context.chat_data is not None:
        context.chat_data.pop(AWAITING_QUESTION, None)
    if added.refusal is Refusal.FULL:
        text = messages["questions_full"].format(max=MAX_QUESTIONS)
        await message.reply_text(text, reply_markup=questions_keyboard(services, kept))
        return
    if added.questions != kept:
        await services.users.set_questions(user_id, added.questions)
        log.info("event=question_kept user_id=%d count=%d", user_id, len(added.questions))
    text = f"{messages['questions_kept']}\n\n{questions_text(services, added.questions)}"
    await message.reply_text(text, reply_markup=questions_keyboard(services, added.questions))
