"""Every handler of the bot, in one ordered list (the shape of rules-bot's ``main()``).

Order matters: PTB tries the handlers of a group top to bottom and runs the first that
matches, and groups run from the lowest number up. Private-only features carry
``filters.ChatType.PRIVATE``; where groups get an answer of their own, a second handler
follows for them.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from tgbot.bot.callback_data import (
    AllowDiary,
    CallbackAction,
    CancelReminder,
    CheckAnswer,
    CheckBack,
    CheckCancel,
    CheckDone,
    CheckinHour,
    CheckinOffer,
    CheckResume,
    CheckWhy,
    ChooseLanguage,
    ConsentChoice,
    DeletePastChecks,
    EditQuestions,
    ForgetMe,
    LogAmount,
    LogBefore,
    LogPlace,
    LogStart,
    OpenLanguages,
    OpenSection,
    OpenSettings,
    OpenSources,
    OpenTopic,
    PickTimezone,
    RateItem,
    RateReason,
    ReminderAnswer,
    RemindMe,
    SafetyAnswer,
    SetKeepChecks,
    SetReminder,
    SetTimezone,
    StartCheck,
    StopCheckins,
    pattern,
)
from tgbot.bot.context import BotApplication, BotContext
from tgbot.bot.handlers import (
    admin,
    check,
    diary,
    errors,
    feedback,
    language,
    privacy,
    questions,
    reminders,
    safety,
    settings,
    start,
    summary,
    topics,
    typed_in_check,
    unmatched,
    updates,
)
from tgbot.bot.topic_pages import TOPIC_COMMANDS

PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS
PRIVATE_ONLY_COMMANDS = (
    "privacy",
    "mydata",
    "forget",
    "log",
    "diary",
    "summary",
    "questions",
    "language",
)


def add_routes(application: BotApplication) -> None:
    """Every handler, in one ordered list: the groups before the features, then group 0 in
    order (commands, buttons, plain text, what nobody took), then the error handler."""
    add = application.add_handler
    _before_the_features(add)
    admins = filters.User(user_id=application.bot_data.services.settings.admin_user_ids)
    # An empty id set matches nobody (PTB's allow_empty defaults to False).
    _commands(add, admins)
    _buttons(add)
    _what_is_left(add)
    application.add_error_handler(errors.on_error)


Add = Callable[..., None]


def _before_the_features(add: Add) -> None:
    # Before the features, each in a group of its own (a group runs only its first match):
    # one log line per update (ids only); who we talk to, once per update; a red flag typed in
    # any text, new or edited, private or group, which stops all later handling once answered;
    # a question for the doctor typed after "Add a question", and a time zone typed after
    # "Type my own", each of which claims the text before the topics see it (they see
    # commands too, so that one sent instead cancels the question); text typed in the middle
    # of a check.
    add(TypeHandler(Update, updates.log_update), group=-6)
    add(TypeHandler(Update, updates.remember_user), group=-5)
    add(
        MessageHandler(
            (filters.TEXT | filters.CAPTION) & filters.UpdateType.MESSAGES, safety.typed_red_flag
        ),
        group=-4,
    )
    add(
        MessageHandler(
            filters.TEXT & PRIVATE & filters.UpdateType.MESSAGE, questions.typed_question
        ),
        group=-3,
    )
    add(
        MessageHandler(
            filters.TEXT & PRIVATE & filters.UpdateType.MESSAGE, settings.typed_timezone
        ),
        group=-2,
    )
    # Text typed while a check runs: it keeps the check (an answer it names is offered to
    # confirm). After the safety handler, so a typed red flag still wins over the check.
    add(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & PRIVATE & filters.UpdateType.MESSAGE,
            typed_in_check.typed_in_check,
        ),
        group=-1,
    )


def _commands(add: Add, admins: filters.User) -> None:
    # Group 0, in order. Edits first, so an edited "/twitch" does not run again.
    add(MessageHandler(filters.UpdateType.EDITED & PRIVATE, unmatched.edited_message))
    add(ChatMemberHandler(unmatched.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))

    # Commands.
    add(CommandHandler("start", start.start, filters=PRIVATE))
    add(CommandHandler("start", start.start_in_group, filters=GROUPS))
    add(CommandHandler("help", start.help_command))
    add(CommandHandler("stats", admin.stats, filters=admins & PRIVATE))
    add(CommandHandler("reload", admin.reload_content, filters=admins & PRIVATE))
    add(CommandHandler(TOPIC_COMMANDS, topics.topic_command, filters=PRIVATE))
    add(CommandHandler(TOPIC_COMMANDS, topics.topic_command_in_group, filters=GROUPS))
    add(CommandHandler("privacy", privacy.privacy, filters=PRIVATE))
    add(CommandHandler("mydata", privacy.mydata, filters=PRIVATE))
    add(CommandHandler("forget", privacy.forget, filters=PRIVATE))
    add(CommandHandler(PRIVATE_ONLY_COMMANDS, unmatched.private_only_in_group, filters=GROUPS))
    add(CommandHandler("log", diary.log_command, filters=PRIVATE))
    add(CommandHandler("diary", diary.diary_command, filters=PRIVATE))
    add(CommandHandler("summary", summary.summary_command, filters=PRIVATE))
    add(CommandHandler("questions", questions.questions_command, filters=PRIVATE))
    add(CommandHandler("remind", reminders.remind_command, filters=PRIVATE))
    add(CommandHandler("reminders", reminders.reminders_command, filters=PRIVATE))
    add(CommandHandler("settings", settings.settings_command, filters=PRIVATE))
    add(CommandHandler("language", language.language_command, filters=PRIVATE))


def _buttons(add: Add) -> None:
    # Buttons: topic pages work anywhere; the check and personal data only in private.
    add(CallbackQueryHandler(topics.open_topic, pattern=pattern(OpenTopic)))
    add(CallbackQueryHandler(topics.open_section, pattern=pattern(OpenSection)))
    add(CallbackQueryHandler(topics.open_sources, pattern=pattern(OpenSources)))
    # The safety net's one question, in a private chat or a group.
    add(CallbackQueryHandler(safety.on_safety_answer, pattern=pattern(SafetyAnswer)))
    add(private_button(check.start_check, StartCheck))
    add(CallbackQueryHandler(check.start_check_in_group, pattern=pattern(StartCheck)))
    add(private_button(check.on_consent, ConsentChoice))
    add(private_button(check.on_answer, CheckAnswer))
    add(private_button(check.on_done, CheckDone))
    add(private_button(check.on_back, CheckBack))
    add(private_button(check.on_cancel, CheckCancel))
    add(private_button(check.on_why, CheckWhy))
    add(private_button(check.on_resume, CheckResume))
    add(private_button(privacy.on_set_keep_checks, SetKeepChecks))
    add(private_button(privacy.on_delete_past_checks, DeletePastChecks))
    add(private_button(privacy.on_forget, ForgetMe))
    add(private_button(reminders.on_remind_me, RemindMe))
    add(private_button(reminders.on_set_reminder, SetReminder))
    add(private_button(reminders.on_reminder_answer, ReminderAnswer))
    add(private_button(reminders.on_cancel_reminder, CancelReminder))
    add(private_button(diary.on_log_start, LogStart))
    add(private_button(diary.on_log_amount, LogAmount))
    add(private_button(diary.on_log_place, LogPlace))
    add(private_button(diary.on_log_before, LogBefore))
    add(private_button(diary.on_checkin_offer, CheckinOffer))
    add(private_button(diary.on_checkin_hour, CheckinHour))
    add(private_button(diary.on_stop_checkins, StopCheckins))
    add(private_button(settings.on_open_settings, OpenSettings))
    add(private_button(settings.on_pick_timezone, PickTimezone))
    add(private_button(settings.on_set_timezone, SetTimezone))
    add(private_button(privacy.on_allow_diary, AllowDiary))
    add(private_button(questions.on_edit_questions, EditQuestions))
    add(private_button(language.on_choose_language, ChooseLanguage))
    add(private_button(language.on_open_languages, OpenLanguages))
    add(private_button(feedback.on_rate, RateItem))
    add(private_button(feedback.on_reason, RateReason))


def _what_is_left(add: Add) -> None:
    # Plain text after every command: open the topic it is about, or point to the commands.
    add(MessageHandler(filters.TEXT & ~filters.COMMAND & PRIVATE, topics.route_text))

    # What nobody took.
    add(MessageHandler(filters.COMMAND & PRIVATE, unmatched.unknown_command))
    add(
        MessageHandler(
            PRIVATE & ~filters.COMMAND & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            unmatched.non_text,
        )
    )
    add(CallbackQueryHandler(unmatched.stale_button))


class PrivateCallbackQueryHandler(CallbackQueryHandler[BotContext, None]):
    """A button handler that runs only in private chats: a tap in a group (forged, or on an
    old message) falls through to :func:`unmatched.stale_button`."""

    def check_update(self, update: object) -> bool | object | None:
        if not isinstance(update, Update):
            return None
        chat = update.effective_chat
        if chat is None or chat.type != ChatType.PRIVATE:
            return None
        return super().check_update(update)


def private_button(
    callback: Callable[[Update, BotContext], Coroutine[Any, Any, None]],
    action: type[CallbackAction],
) -> PrivateCallbackQueryHandler:
    return PrivateCallbackQueryHandler(callback, pattern=pattern(action))
