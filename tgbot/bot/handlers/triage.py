""" "Check my symptoms": the triage flow in one message, edited in place, state in SQLite.

Every tap reloads the session from the database, so a restart mid-flow resumes at the same
question. The engine decides what comes next and when to stop; this module only renders.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Generic, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from tgbot.bot.context import BotContext, Services
from tgbot.bot.keyboards import button, rating_row
from tgbot.bot.replies import edit_or_send, expired, read_tap
from tgbot.core.callback_data import (
    ConsentChoice,
    RemindMe,
    StartTriage,
    TriageAnswer,
    TriageBack,
    TriageCancel,
    TriageDone,
    TriageResume,
    TriageWhy,
)
from tgbot.core.content.locales import ENGLISH
from tgbot.core.content.render import SourceLabels
from tgbot.core.feedback import ItemKind, outcome_item
from tgbot.core.popups import why_popup
from tgbot.core.triage import (
    AnswerError,
    Flow,
    Level,
    Outcome,
    Question,
    next_step,
    previous_question,
    toggle_option,
    validate_answer,
)
from tgbot.core.triage.render import render_emergency, render_outcome, render_question
from tgbot.storage import TriageSession

log = logging.getLogger(__name__)

ActionT = TypeVar("ActionT", TriageAnswer, TriageDone, TriageBack, TriageWhy, TriageResume)
# Marks on an answer button: ticked so far (multi-select), or chosen before Back (single).
TICKED = "☑️"
CHOSEN = "✓"

Answers = Mapping[str, tuple[str, ...]]


def question_keyboard(
    services: Services,
    session_id: int,
    flow: Flow,
    question: Question,
    ticked: tuple[str, ...],
    answers: Answers,
) -> InlineKeyboardMarkup:
    ui = services.triage.texts.ui
    rows: list[list[InlineKeyboardButton]] = []
    # What the user's typed message said comes first, marked: an offer, not an answer.
    said = services.typed_details.offered(session_id, question)
    said_label = services.content.messages["said_option"]
    for option in sorted(question.options, key=lambda o: o.id not in said):
        label = said_label.format(label=option.label) if option.id in said else option.label
        if option.id in ticked:
            label = f"{TICKED if question.kind == 'multi' else CHOSEN} {label}"
        rows.append([button(label, TriageAnswer(session_id, question.id, option.id))])
    if question.kind == "multi" and not question.ends_on_any_tap:
        rows.append([button(ui.done, TriageDone(session_id, question.id))])
    rows.append([button(ui.why, TriageWhy(session_id, question.id))])
    navigation = []
    if previous_question(flow, answers) is not None:
        navigation.append(button(ui.back, TriageBack(session_id, question.id)))
    navigation.append(button(ui.cancel, TriageCancel(session_id)))
    rows.append(navigation)
    return InlineKeyboardMarkup(rows)


def outcome_keyboard(
    services: Services, flow: Flow, outcome: Outcome, episode_id: int | None
) -> InlineKeyboardMarkup | None:
    """Emergency: nothing to tap, the message says what to do. Self-care and doctor: offer to
    check again later (needs the stored episode). Under every other outcome: "Was this
    helpful?" 👍 / 👎 (tgbot/bot/handlers/feedback.py)."""
    if outcome.level is Level.EMERGENCY:
        return None
    ui = services.triage.texts.ui
    rows = []
    if episode_id is not None and outcome.level in (Level.SELF_CARE, Level.DOCTOR):
        rows.append([button(ui.remind_me, RemindMe(episode_id))])
    rows.append([button(ui.start_again, StartTriage(flow.id))])
    item = outcome_item(flow.id, outcome.level.value)
    rows.append(rating_row(services.content.messages, ItemKind.OUTCOME.value, item))
    return InlineKeyboardMarkup(rows)


def outcome_text(services: Services, flow: Flow, outcome: Outcome, language: str | None) -> str:
    data, content = services.triage, services.content
    if outcome.level is Level.EMERGENCY:
        return emergency_with_english_copy(services, flow, outcome, language)
    tips = content.topics[flow.topic].tips

    def tip_html(tip_id: str) -> str | None:
        tip = tips.get(tip_id)
        return tip.html if tip else None

    def source_label(source_id: str) -> str:
        # Publisher and title: one publisher (NHS) often has several pages cited.
        source = content.sources[source_id]
        return (
            f'<a href="{escape(source.url)}">{escape(source.publisher)}: {escape(source.title)}</a>'
        )

    fits = services.knowledge.results.line_filter(flow.id, outcome.answers, outcome.tip_ids)
    return render_outcome(data, flow, outcome, tip_html, source_label, fits=fits)


def emergency_with_english_copy(
    services: Services, flow: Flow, outcome: Outcome, language: str | None
) -> str:
    """In a language no clinician has checked yet, the checked English text follows."""
    text = render_emergency(services.triage, flow, outcome, language)
    info = services.knowledge.language
    if info is None or info.reviewed:
        return text
    english = services.speaking(ENGLISH)
    english_flow = english.triage.flows[flow.id]
    # The outcome's reasons are in the user's language: the copy takes the English ones.
    english_outcome = next_step(english_flow, outcome.answers)
    if isinstance(english_outcome, Outcome):
        outcome = english_outcome
    copy = render_emergency(english.triage, english_flow, outcome, language)
    return f"{text}\n\n{services.content.messages['emergency_in_english']}\n{copy}"


async def show(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    query = update.callback_query
    assert query is not None
    await edit_or_send(query, text, markup)


async def show_question(
    update: Update,
    services: Services,
    session: TriageSession,
    flow: Flow,
    question: Question,
    answers: Answers,
    ticked: tuple[str, ...],
) -> None:
    text = render_question(services.triage, flow, question, ticked, answers)
    await show(
        update,
        text,
        question_keyboard(services, session.session_id, flow, question, ticked, answers),
    )


async def start_triage(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, StartTriage)
    if tap is None:
        return
    action, query, user, chat = tap.action, tap.query, tap.user, tap.chat
    services = context.services
    if action.flow not in services.triage.flows:
        await expired(update, context)
        return
    await begin_triage(context, chat.id, user.id, action.flow)
    await query.answer()


async def start_triage_in_group(update: Update, context: BotContext) -> None:
    """Health questions are never asked where others can read the answers."""
    if update.callback_query is not None:
        await update.callback_query.answer(
            context.services.content.messages["group_note"], show_alert=True
        )


async def ask_consent(update: Update, context: BotContext, session_id: int) -> None:
    """Once, in the first check, right after the safety question (never before it: nothing
    may stand between a person and "call now"). Either answer goes on with the check."""
    texts = context.services.content.messages
    await show(update, texts["consent_prompt"], consent_keyboard(context.services, session_id))


def consent_keyboard(services: Services, session_id: int) -> InlineKeyboardMarkup:
    texts = services.content.messages
    return InlineKeyboardMarkup(
        [
            [button(texts["button_consent_yes"], ConsentChoice(session_id, 1))],
            [button(texts["button_consent_no"], ConsentChoice(session_id, 0))],
        ]
    )


async def on_consent(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, ConsentChoice)
    if tap is None:
        return
    action, query, user = tap.action, tap.query, tap.user
    loaded = await load_session(update, context, action.session)
    if loaded is None:
        return
    session, flow = loaded
    services = context.services
    keep = bool(action.keep)
    await services.users.set_keep_checks(user.id, keep, services.clock.now())
    texts = services.content.messages
    current = next_step(flow, session.answers)
    if not isinstance(current, Question):
        await show(update, texts["consent_given" if keep else "consent_refused"], None)
        await query.answer()
        return
    # The answer is acknowledged above the question it leads back to, in the same message.
    note = texts["consent_given" if keep else "consent_refused"]
    question = render_question(services.triage, flow, current, session.ticked, session.answers)
    await show(
        update,
        f"<i>{note}</i>\n\n{question}",
        question_keyboard(
            services, session.session_id, flow, current, session.ticked, session.answers
        ),
    )
    # Answered after the edit: the spinner stops when the new state is on screen.
    await query.answer()


async def begin_triage(context: BotContext, chat_id: int, user_id: int, flow_id: str) -> None:
    """Send the first question of a new session (the user's row must exist)."""
    services = context.services
    flow = services.triage.flows[flow_id]
    now = services.clock.now()
    session_id = await services.sessions.start(user_id, chat_id, flow.id, now)
    services.typed_details.attach(user_id, flow.topic, session_id)
    first = next_step(flow, {})
    assert isinstance(first, Question)
    message = await context.bot.send_message(
        chat_id,
        render_question(services.triage, flow, first, (), {}),
        reply_markup=question_keyboard(services, session_id, flow, first, (), {}),
    )
    await services.sessions.save(session_id, {}, (), now, message_id=message.message_id)
    log.info("event=triage_started flow=%s session=%d", flow.id, session_id)


async def load_session(
    update: Update, context: BotContext, session_id: int
) -> tuple[TriageSession, Flow] | None:
    """The session behind a button, if it still runs and belongs to whoever tapped."""
    query = update.callback_query
    session = await context.services.sessions.get(session_id)
    if (
        query is None
        or session is None
        or session.user_id != query.from_user.id
        or session.flow_id not in context.services.triage.flows
        # Only the session's own message is live; copies elsewhere have expired.
        or (query.message is not None and query.message.message_id != session.message_id)
    ):
        await expired(update, context)
        return None
    return session, context.services.triage.flows[session.flow_id]


@dataclass(frozen=True)
class QuestionTap(Generic[ActionT]):
    """A tap on the question a session is at now: what was tapped, and where we are."""

    action: ActionT
    session: TriageSession
    flow: Flow
    question: Question


async def tap_on_current_question(
    update: Update, context: BotContext, action_type: type[ActionT]
) -> QuestionTap[ActionT] | None:
    """Decode a question button and check it against the stored session. Anything stale
    is answered here (expired, or re-shown where we are) and gives None."""
    tap = await read_tap(update, context, action_type)
    if tap is None:
        return None
    action = tap.action
    loaded = await load_session(update, context, action.session)
    if loaded is None:
        return None
    session, flow = loaded
    if session.finished:
        await reshow_outcome(update, context, session, flow)
        return None
    current = next_step(flow, session.answers)
    if not isinstance(current, Question) or current.id != action.question:
        await resync(update, context, session, flow)
        return None
    return QuestionTap(action, session, flow, current)


async def on_answer(update: Update, context: BotContext) -> None:
    tap = await tap_on_current_question(update, context, TriageAnswer)
    if tap is None:
        return
    query, session, flow, current = update.callback_query, tap.session, tap.flow, tap.question
    assert query is not None
    option = current.option(tap.action.option)
    if option is None:
        await expired(update, context)
        return
    if current.kind == "single" or option.exclusive or option.level is Level.EMERGENCY:
        # An emergency sign needs no "Done": the flow stops at once.
        await submit(update, context, session, flow, current, (option.id,))
        return
    ticked = toggle_option(current, session.ticked, option.id)
    await context.services.sessions.save(
        session.session_id, session.answers, ticked, context.services.clock.now()
    )
    await show_question(update, context.services, session, flow, current, session.answers, ticked)
    # Answered after the edit: the spinner stops when the new state is on screen.
    await query.answer()


async def on_done(update: Update, context: BotContext) -> None:
    tap = await tap_on_current_question(update, context, TriageDone)
    if tap is None:
        return
    query, session, flow, current = update.callback_query, tap.session, tap.flow, tap.question
    assert query is not None
    if not session.ticked:
        await query.answer(context.services.triage.texts.ui.pick_first, show_alert=True)
        return
    await submit(update, context, session, flow, current, session.ticked)


async def submit(
    update: Update,
    context: BotContext,
    session: TriageSession,
    flow: Flow,
    question: Question,
    chosen: tuple[str, ...],
) -> None:
    services, query, user = context.services, update.callback_query, update.effective_user
    assert query is not None
    assert user is not None
    try:
        normalised = validate_answer(flow, session.answers, question.id, chosen)
    except AnswerError:
        await expired(update, context)
        return
    answers = {**session.answers, question.id: normalised}
    now = services.clock.now()
    step = next_step(flow, answers)
    if isinstance(step, Question):
        await services.sessions.save(session.session_id, answers, (), now)
        if question is flow.questions[0]:
            record = await services.users.get(user.id)
            if record is not None and record.keep_checks is None:
                await ask_consent(update, context, session.session_id)
                await query.answer()
                return
        await show_question(update, services, session, flow, step, answers, ())
        await query.answer()
        return
    record = await services.users.get(user.id)
    keep = record is not None and record.keep_checks is True
    # Without consent nothing outlives the running question: no episode, so no reminder.
    episode = (user.id, flow.id, step.answers, step.level.value) if keep else None
    version = services.knowledge.release.version
    episode_id = await services.sessions.finish(
        session.session_id, episode, now, content_version=version, answers=answers
    )
    log.info(
        "event=triage_finished flow=%s level=%s session=%d", flow.id, step.level, session.session_id
    )
    markup = outcome_keyboard(services, flow, step, episode_id)
    await show(update, outcome_text(services, flow, step, user.language_code), markup)
    await query.answer()
    # On screen now: the finished session has done its job (see reshow_outcome).
    await services.sessions.cancel(session.session_id)


async def reshow_outcome(
    update: Update, context: BotContext, session: TriageSession, flow: Flow
) -> None:
    """A tap on a finished check's question: the outcome was saved but a crash (or a failed
    edit) kept it off the screen, so show it again, emergency advice included."""
    services, query, user = context.services, update.callback_query, update.effective_user
    assert query is not None
    step = next_step(flow, session.answers)
    if isinstance(step, Question) or user is None:
        await expired(update, context)
        return
    markup = outcome_keyboard(services, flow, step, session.episode_id)
    await show(update, outcome_text(services, flow, step, user.language_code), markup)
    await query.answer()
    await services.sessions.cancel(session.session_id)
    log.info("event=triage_outcome_reshown session=%d", session.session_id)


async def on_back(update: Update, context: BotContext) -> None:
    tap = await tap_on_current_question(update, context, TriageBack)
    if tap is None:
        return
    query, session, flow = update.callback_query, tap.session, tap.flow
    assert query is not None
    previous = previous_question(flow, session.answers)
    if previous is None:
        await resync(update, context, session, flow)
        return
    answers = {qid: opts for qid, opts in session.answers.items() if qid != previous}
    question = flow.question(previous)
    assert question is not None
    # The answer given before stays marked: ticks to change, or the choice to tap again.
    ticked = session.answers[previous]
    await context.services.sessions.save(
        session.session_id, answers, ticked, context.services.clock.now()
    )
    await show_question(update, context.services, session, flow, question, answers, ticked)
    await query.answer()


async def on_resume(update: Update, context: BotContext) -> None:
    """ "No, back to the question" after a typed answer was offered: the question as it was."""
    tap = await tap_on_current_question(update, context, TriageResume)
    if tap is None:
        return
    query = update.callback_query
    assert query is not None
    session = tap.session
    await show_question(
        update, context.services, session, tap.flow, tap.question, session.answers, session.ticked
    )
    await query.answer()


async def on_why(update: Update, context: BotContext) -> None:
    """What the question is for, as a pop-up: the question, its ticks and the session stay
    exactly as they were, so the user goes on from the same place."""
    tap = await tap_on_current_question(update, context, TriageWhy)
    if tap is None:
        return
    query = update.callback_query
    assert query is not None
    await query.answer(why_text(context.services, tap.question), show_alert=True)


def why_text(services: Services, question: Question) -> str:
    """The pop-up as sent (tgbot/core/popups.py): the why text and its sources, with the
    language's word for "Source"."""
    content = services.content
    labels = SourceLabels.from_messages(content.messages, services.knowledge.code)
    return why_popup(question, content.sources, labels)


async def on_cancel(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, TriageCancel)
    if tap is None:
        return
    query = tap.query
    loaded = await load_session(update, context, tap.action.session)
    if loaded is None:
        return
    session, flow = loaded
    if session.finished:
        await reshow_outcome(update, context, session, flow)
        return
    await context.services.sessions.cancel(session.session_id)
    await query.answer()
    ui = context.services.triage.texts.ui
    await show(
        update,
        ui.cancelled,
        InlineKeyboardMarkup([[button(ui.start_again, StartTriage(flow.id))]]),
    )


async def resync(update: Update, context: BotContext, session: TriageSession, flow: Flow) -> None:
    """A tap on a question already answered (a double tap, an old message): show where we are."""
    query = update.callback_query
    assert query is not None
    await query.answer(context.services.triage.texts.ui.question_closed)
    current = next_step(flow, session.answers)
    if isinstance(current, Question):
        await show_question(
            update, context.services, session, flow, current, session.answers, session.ticked
        )
