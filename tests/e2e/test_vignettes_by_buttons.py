"""Every version-2 vignette through the real bot on the stand-in, tapping the buttons a person
would tap, reaches its expected advice level (the engine tests check the same through
evaluate(); this checks the handlers, keyboards and texts on top)."""

from __future__ import annotations

import pytest

from tgbot.bot.context import BotApplication
from tgbot.core.triage import Level, Question, next_step
from tgbot.localapi import ChatSession

from ..core.triage.test_triage_vignettes import VIGNETTES, Vignette
from .helpers import CONSENT_PROMPT, KEEP


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.id for v in VIGNETTES])
async def test_vignette_by_buttons(
    bot_app: BotApplication, chat: ChatSession, vignette: Vignette
) -> None:
    triage = bot_app.bot_data.services.triage
    flow = triage.flows[vignette.flow]
    ui = triage.texts.ui
    await chat.send(f"/{flow.topic}")
    message = (await chat.tap("🩺 Check my symptoms")).last
    given: dict[str, tuple[str, ...]] = {}
    while isinstance(step := next_step(flow, given), Question):
        assert step.id in vignette.answers, f"the bot asks {step.id}, the vignette has no answer"
        chosen = vignette.answers[step.id]
        labels = [o.label for o in step.options if o.id in chosen]
        for label in labels:
            message = (await chat.tap(label)).last
        one_tap = step.kind == "single" or step.ends_on_any_tap or chosen == ("none",)
        if not one_tap and not any(
            o.level is Level.EMERGENCY for o in step.options if o.id in chosen
        ):
            message = (await chat.tap(ui.done)).last
        given[step.id] = chosen
        if CONSENT_PROMPT in message.text:
            message = (await chat.tap(KEEP)).last
    headline = triage.texts.levels[vignette.expected].headline
    first_line = message.text.split("\n")[0]
    if vignette.expected is Level.EMERGENCY:
        assert first_line.startswith("🚨 Call"), first_line
    else:
        assert first_line == headline.replace("<b>", "").replace("</b>", ""), first_line
