"""Every question, "Why this question?" pop-up and outcome of both checks, and a reminder and
every document, in every language, through the stand-in as strict as Telegram
(tgbot/localapi: lengths after entities, captions, pop-ups of 200 characters, Telegram's own
HTML, callback data, button counts, edits, flood control): Telegram would refuse none of it.

The answers are chosen from the flows themselves (:func:`walks`): every option of every
question is given in some check (a multi question's ordinary options all at once: the
longest outcome), each emergency sign on its own; each check is a new person, as each would
be. Each question's pop-up is opened once per language, and must be exactly the text and
sources the content says (tgbot/core/popups.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tgbot.bot.context import BotApplication, Services
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.clock import PinnedClock
from tgbot.core.content.locales import content_languages
from tgbot.core.content.markup import strip_tags
from tgbot.core.content.render import SourceLabels
from tgbot.core.popups import MAX_POPUP_LENGTH, popup_length, why_popup
from tgbot.core.triage import Answers, Flow, Level, Option, Question, next_step
from tgbot.localapi import BotMessage, ChatSession, FakeUser, LocalBotApi

from ..core.triage.test_triage_vignettes import VIGNETTES
from .instants import DEFAULT_ZONE, arrives_when_due

LANGUAGES = content_languages(DEFAULT_CONTENT_DIR)
FLOWS = ("twitch", "spasm")


def walks(flow: Flow) -> list[Answers]:
    """Answers that together give every option of every question the flow can ask, and
    reach every level (a clinical vignette's answers for a level none of them reaches)."""
    left = {(q.id, o.id) for q in flow.questions for o in q.options}
    paths: list[Answers] = []
    while left:
        given: dict[str, tuple[str, ...]] = {}
        while isinstance(step := next_step(flow, given), Question):
            open_ = [o for o in step.options if (step.id, o.id) in left]
            ordinary = [o for o in open_ if o.level is not Level.EMERGENCY and not o.exclusive]
            emergency = [o for o in open_ if o.level is Level.EMERGENCY]
            if step.kind == "multi" and ordinary:
                chosen = ordinary
            elif ordinary:
                chosen = ordinary[:1]
            elif emergency:
                chosen = emergency[:1]
            elif open_:
                chosen = open_[:1]
            else:  # all given already: the answer that leads to questions with some left
                chosen = [max(step.options, key=lambda o: _opens(flow, given, step, o, left))]
            given[step.id] = tuple(o.id for o in chosen)
        newly = {(q, o) for q, options in given.items() for o in options} & left
        if not newly:
            break
        left -= newly
        paths.append(given)
    assert not left, f"options no answers reach: {sorted(left)}"
    reached = {_level(flow, answers) for answers in paths}
    for vignette in VIGNETTES:
        if vignette.flow == flow.id and vignette.expected not in reached:
            reached.add(vignette.expected)
            paths.append(vignette.answers)
    return paths


def _level(flow: Flow, answers: Answers) -> Level:
    outcome = next_step(flow, answers)
    assert not isinstance(outcome, Question)
    return outcome.level


def _opens(
    flow: Flow, given: Answers, step: Question, option: Option, left: set[tuple[str, str]]
) -> tuple[int, bool]:
    """How many options not yet given the questions after this answer have (the rest
    answered calmly), and whether it is a calm answer (no level: the tie-break)."""
    ahead = {**given, step.id: (option.id,)}
    count = 0
    while isinstance(later := next_step(flow, ahead), Question):
        count += sum((later.id, o.id) in left for o in later.options)
        calm = [o for o in later.options if o.exclusive or o.level is None]
        ahead[later.id] = ((calm or list(later.options))[0].id,)
    return count, option.level is None


def plain(html: str) -> str:
    return strip_tags(html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def no_refusals(api: LocalBotApi) -> None:
    assert api.rejected == [], "Telegram would have refused these"


async def check(
    chat: ChatSession, services: Services, flow: Flow, answers: Answers, why_seen: set[str]
) -> BotMessage:
    """A check with these answers, opening the pop-up of each question not yet seen; returns
    the last message (the outcome)."""
    messages, ui = services.content.messages, services.triage.texts.ui
    labels = SourceLabels.from_messages(messages, services.knowledge.code)
    await chat.send(f"/{flow.topic}")
    message = (await chat.tap(messages["button_check"])).last
    given: dict[str, tuple[str, ...]] = {}
    while isinstance(step := next_step(flow, given), Question):
        if step.id not in why_seen:
            why_seen.add(step.id)
            popup = (await chat.tap(ui.why)).callback_answer
            assert popup is not None
            expected = why_popup(step, services.content.sources, labels)
            assert (popup["text"], popup["show_alert"]) == (expected, True)
            assert popup_length(popup["text"]) <= MAX_POPUP_LENGTH
        chosen = answers[step.id]
        for option in step.options:
            if option.id in chosen:
                message = (await chat.tap(option.label)).last
        one_tap = step.kind == "single" or step.ends_on_any_tap or chosen == ("none",)
        emergency = any(o.level is Level.EMERGENCY for o in step.options if o.id in chosen)
        if not one_tap and not emergency:
            message = (await chat.tap(ui.done)).last
        given[step.id] = chosen
        if messages["button_consent_yes"] in message.button_texts:
            message = (await chat.tap(messages["button_consent_yes"])).last
    return message


@pytest.mark.parametrize("flow_id", FLOWS)
@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_question_pop_up_and_outcome_passes_telegrams_limits(
    bot: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    language: str,
    flow_id: str,
) -> None:
    services = bot.bot_data.services.speaking(language)
    flow = services.triage.flows[flow_id]
    why_seen: set[str] = set()
    reached: set[Level] = set()
    for answers in walks(flow):
        chat = ChatSession(local_api, new_user(language_code=language))
        outcome = await check(chat, services, flow, answers, why_seen)
        level = _level(flow, answers)
        reached.add(level)
        headline = plain(services.triage.texts.levels[level].headline)
        if level is Level.EMERGENCY:
            assert outcome.text.startswith(headline.partition("{numbers}")[0])
        else:
            assert outcome.text.split("\n")[0] == headline
        no_refusals(local_api)
    assert why_seen == {q.id for q in flow.questions}
    assert reached == set(Level), f"levels no check reached: {set(Level) - reached}"


@pytest.mark.usefixtures("documents_started")
@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_reminder_and_every_document_pass_telegrams_limits(
    bot: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    clock: PinnedClock,
    language: str,
) -> None:
    services = bot.bot_data.services.speaking(language)
    messages = services.content.messages
    chat = ChatSession(local_api, new_user(language_code=language))
    await chat.send("/privacy")
    await chat.tap(messages["button_allow_keeping"])
    flow = services.triage.flows["twitch"]
    calm = next(a for a in walks(flow) if _level(flow, a) is Level.SELF_CARE)
    await check(chat, services, flow, calm, {q.id for q in flow.questions})
    await chat.tap(services.triage.texts.ui.remind_me)
    await chat.tap(messages["button_remind_3d"])
    reminder, _ = await arrives_when_due(bot, chat, clock, DEFAULT_ZONE)
    assert reminder.text.startswith("👋")
    still = (await chat.tap(messages["button_still_there"], reminder)).last
    assert still.text
    await chat.send("/log")
    await chat.tap(messages["button_log_little"])
    where = chat.last
    await chat.tap(where.button_texts[0])
    await chat.tap(messages["button_log_done"])
    chart = (await chat.send("/diary")).last
    assert chart.photo is not None
    assert chart.text
    summary = await chat.send("/summary", at_least=2)
    assert summary.messages[-1].document is not None
    data = await chat.send("/mydata", at_least=2)
    assert data.messages[-1].document is not None
    no_refusals(local_api)
