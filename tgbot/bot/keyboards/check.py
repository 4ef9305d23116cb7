"""A check's buttons: the question, the one-time consent question, the outcome."""

from __future__ import annotations

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from tgbot.bot.callback_data import (
    CheckAnswer,
    CheckBack,
    CheckCancel,
    CheckDone,
    CheckWhy,
    ConsentChoice,
    RemindMe,
    StartCheck,
)
from tgbot.bot.context import Services
from tgbot.bot.keyboards import button
from tgbot.bot.keyboards.feedback import rating_row
from tgbot.checks import Ask
from tgbot.core.feedback import ItemKind, outcome_item
from tgbot.core.triage import Flow, Level, Outcome
from tgbot.core.triage.render import render_question_at

# Marks on an answer button: ticked so far (multi-select), or chosen before Back (single).
TICKED = "☑️"
CHOSEN = "✓"


def question_text(services: Services, ask: Ask) -> str:
    return render_question_at(services.triage, ask.flow, ask.question, ask.ticked, ask.at)


async def send_question(bot: Bot, chat_id: int, services: Services, ask: Ask) -> None:
    """A new check's first question as a new message: from now on its only live copy."""
    markup = question_keyboard(services, ask)
    message = await bot.send_message(chat_id, question_text(services, ask), reply_markup=markup)
    await services.checks.sent(ask, message.message_id)


def question_keyboard(services: Services, ask: Ask) -> InlineKeyboardMarkup:
    ui = services.triage.texts.ui
    question, check_id = ask.question, ask.check_id
    rows: list[list[InlineKeyboardButton]] = []
    # What the user's typed message said comes first, marked: an offer, not an answer.
    said_label = services.content.messages["said_option"]
    for option in sorted(question.options, key=lambda o: o.id not in ask.offered):
        label = said_label.format(label=option.label) if option.id in ask.offered else option.label
        if option.id in ask.ticked:
            label = f"{TICKED if question.kind == 'multi' else CHOSEN} {label}"
        rows.append([button(label, CheckAnswer(check_id, question.id, option.id))])
    if question.kind == "multi" and not question.ends_on_any_tap:
        rows.append([button(ui.done, CheckDone(check_id, question.id))])
    rows.append([button(ui.why, CheckWhy(check_id, question.id))])
    navigation = []
    if ask.can_go_back:
        navigation.append(button(ui.back, CheckBack(check_id, question.id)))
    navigation.append(button(ui.cancel, CheckCancel(check_id)))
    rows.append(navigation)
    return InlineKeyboardMarkup(rows)


def consent_keyboard(services: Services, check_id: int) -> InlineKeyboardMarkup:
    messages = services.content.messages
    return InlineKeyboardMarkup(
        [
            [button(messages["button_consent_yes"], ConsentChoice(check_id, 1))],
            [button(messages["button_consent_no"], ConsentChoice(check_id, 0))],
        ]
    )


def outcome_keyboard(
    services: Services, flow: Flow, outcome: Outcome, finished_check_id: int | None
) -> InlineKeyboardMarkup | None:
    """Emergency: nothing to tap, the message says what to do. Self-care and doctor: offer to
    check again later (needs the kept check). Under every other outcome: "Was this
    helpful?" 👍 / 👎 (tgbot/bot/handlers/feedback.py)."""
    if outcome.level is Level.EMERGENCY:
        return None
    ui = services.triage.texts.ui
    rows = []
    if finished_check_id is not None and outcome.level in (Level.SELF_CARE, Level.DOCTOR):
        rows.append([button(ui.remind_me, RemindMe(finished_check_id))])
    rows.append([button(ui.start_again, StartCheck(flow.id))])
    item = outcome_item(flow.id, outcome.level.value)
    rows.append(rating_row(services.content.messages, ItemKind.OUTCOME.value, item))
    return InlineKeyboardMarkup(rows)


def start_again_keyboard(services: Services, flow_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(services.triage.texts.ui.start_again, StartCheck(flow_id))]]
    )
