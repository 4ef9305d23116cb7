"""The buttons of the questions for the doctor (/questions, and under /summary)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from tgbot.bot.callback_data import EditQuestions
from tgbot.bot.context import Services
from tgbot.bot.keyboards import button
from tgbot.core.doctor_questions import MAX_QUESTIONS

SHOW, ADD, CLEAR = "show", "add", "clear"


def questions_keyboard(services: Services, questions: tuple[str, ...]) -> InlineKeyboardMarkup:
    """Add one while there is room; clear them once there are some."""
    messages = services.content.messages
    rows = []
    if len(questions) < MAX_QUESTIONS:
        rows.append([button(messages["button_add_question"], EditQuestions(ADD))])
    if questions:
        rows.append([button(messages["button_clear_questions"], EditQuestions(CLEAR))])
    return InlineKeyboardMarkup(rows)


def questions_button(services: Services) -> InlineKeyboardMarkup:
    """Under /summary: what the user wants to ask goes on the page too."""
    label = services.content.messages["button_questions"]
    return InlineKeyboardMarkup([[button(label, EditQuestions(SHOW))]])
