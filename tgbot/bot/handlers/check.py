""" "Check my symptoms": a check in one message, edited in place.

Each tap is decoded, handed to one use case (tgbot/checks) and its answer rendered: the rules
of a check's life live there, this module only knows Telegram.
"""

from __future__ import annotations

from html import escape

from telegram import Update

from tgbot.bot.callback_data import (
    CheckAnswer,
    CheckBack,
    CheckCancel,
    CheckDone,
    CheckResume,
    CheckWhy,
    ConsentChoice,
    StartCheck,
)
from tgbot.bot.context import BotContext, Services
from tgbot.bot.keyboards.check import (
    consent_keyboard,
    outcome_keyboard,
    question_keyboard,
    question_text,
    send_question,
    start_again_keyboard,
)
from tgbot.bot.replies import edit_or_send, expired, read_tap
from tgbot.checks import (
    Ask,
    AskConsent,
    Cancelled,
    ConsentNoted,
    Expired,
    Finished,
    PickFirst,
    Screen,
    Stale,
    Tap,
    Why,
)
from tgbot.core.content.locales import ENGLISH
from tgbot.core.content.render import SourceLabels
from tgbot.core.popups import why_popup
from tgbot.core.triage import Flow, Level, Outcome, Question, next_step
from tgbot.core.triage.render import render_emergency, render_outcome


async def start_check(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, StartCheck)
    if tap is None:
        return
    services = context.services
    if tap.action.flow not in services.triage.flows:
        await expired(update, context)
        return
    ask = await services.checks.start(tap.user.id, tap.chat.id, tap.action.flow)
    await send_question(context.bot, tap.chat.id, services, ask)
    await tap.query.answer()


async def start_check_in_group(update: Update, context: BotContext) -> None:
    """Health questions are never asked where others can read the answers."""
    if update.callback_query is not None:
        await update.callback_query.answer(
            context.services.content.messages["group_note"], show_alert=True
        )


def check_tap(update: Update, check_id: int, question_id: str = "") -> Tap | None:
    query = update.callback_query
    if query is None:
        return None
    message_id = query.message.message_id if query.message is not None else None
    return Tap(check_id, query.from_user.id, message_id, question_id)


async def on_answer(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, CheckAnswer)
    if tap is not None:
        at = check_tap(update, tap.action.check, tap.action.question)
        assert at is not None
        await render(update, context, await context.services.checks.answer(at, tap.action.option))


async def on_done(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, CheckDone)
    if tap is not None:
        at = check_tap(update, tap.action.check, tap.action.question)
        assert at is not None
        await render(update, context, await context.services.checks.done(at))


async def on_back(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, CheckBack)
    if tap is not None:
        at = check_tap(update, tap.action.check, tap.action.question)
        assert at is not None
        await render(update, context, await context.services.checks.back(at))


async def on_resume(update: Update, context: BotContext) -> None:
    """ "No, back to the question" after a typed answer was offered: the question as it was."""
    tap = await read_tap(update, context, CheckResume)
    if tap is not None:
        at = check_tap(update, tap.action.check, tap.action.question)
        assert at is not None
        await render(update, context, await context.services.checks.resume(at))


async def on_why(update: Update, context: BotContext) -> None:
    """What the question is for, as a pop-up: the question, its ticks and the check stay
    exactly as they were, so the user goes on from the same place."""
    tap = await read_tap(update, context, CheckWhy)
    if tap is not None:
        at = check_tap(update, tap.action.check, tap.action.question)
        assert at is not None
        await render(update, context, await context.services.checks.why(at))


async def on_consent(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, ConsentChoice)
    if tap is not None:
        at = check_tap(update, tap.action.check)
        assert at is not None
        await render(
            update, context, await context.services.checks.consent(at, bool(tap.action.keep))
        )


async def on_cancel(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, CheckCancel)
    if tap is not None:
        at = check_tap(update, tap.action.check)
        assert at is not None
        await render(update, context, await context.services.checks.cancel(at))


async def render(update: Update, context: BotContext, screen: Screen) -> None:
    """Show what the use case answered. The tap is answered after the edit where the spinner
    should stop only when the new state is on screen."""
    query, services = update.callback_query, context.services
    assert query is not None
    match screen:
        case Ask():
            await edit_or_send(
                query, question_text(services, screen), question_keyboard(services, screen)
            )
            await query.answer()
        case AskConsent():
            # Either answer goes on with the check.
            markup = consent_keyboard(services, screen.check_id)
            await edit_or_send(query, services.content.messages["consent_prompt"], markup)
            await query.answer()
        case ConsentNoted():
            await render_consent_noted(update, services, screen)
        case Finished():
            await render_finished(update, context, screen)
        case Stale():
            await query.answer(services.triage.texts.ui.question_closed)
            if screen.now is not None:
                markup = question_keyboard(services, screen.now)
                await edit_or_send(query, question_text(services, screen.now), markup)
        case PickFirst():
            await query.answer(services.triage.texts.ui.pick_first, show_alert=True)
        case Why():
            await query.answer(why_text(services, screen.question), show_alert=True)
        case Cancelled():
            await query.answer()
            markup = start_again_keyboard(services, screen.flow_id)
            await edit_or_send(query, services.triage.texts.ui.cancelled, markup)
        case Expired():
            await expired(update, context)


async def render_consent_noted(update: Update, services: Services, screen: ConsentNoted) -> None:
    query = update.callback_query
    assert query is not None
    note = services.content.messages["consent_given" if screen.keep else "consent_refused"]
    if screen.then is None:
        await edit_or_send(query, note, None)
    else:
        # The answer is acknowledged above the question it leads back to, in the same message.
        text = f"<i>{note}</i>\n\n{question_text(services, screen.then)}"
        await edit_or_send(query, text, question_keyboard(services, screen.then))
    await query.answer()


async def render_finished(update: Update, context: BotContext, screen: Finished) -> None:
    query, user, services = update.callback_query, update.effective_user, context.services
    assert query is not None
    if user is None:
        await expired(update, context)
        return
    markup = outcome_keyboard(services, screen.flow, screen.outcome, screen.finished_check_id)
    text = outcome_text(services, screen.flow, screen.outcome, user.language_code)
    await edit_or_send(query, text, markup)
    await query.answer()
    # On screen now: the running check has done its job.
    await services.checks.shown(screen)


def outcome_text(services: Services, flow: Flow, outcome: Outcome, language: str | None) -> str:
    # The user's country: Telegram's tag, or the variant they chose ("de" + de-AT: Austria).
    language = services.country_tag(language)
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
    return render_outcome(
        data,
        flow,
        outcome,
        tip_html,
        source_label,
        fits=fits,
        local=lambda text: services.with_local_services(text, language),
    )


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


def why_text(services: Services, question: Question) -> str:
    """The pop-up as sent (tgbot/core/popups.py): the why text and its sources, with the
    language's word for "Source"."""
    content = services.content
    labels = SourceLabels.from_messages(content.messages, services.knowledge.code)
    return why_popup(question, content.sources, labels)
