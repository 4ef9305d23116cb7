"""Through the real bot: a calf twitch's self-care result does not warn about the eyelid."""

from tests.e2e.helpers import tap_through, twitch_label
from tgbot.bot.context import BotApplication
from tgbot.core.knowledge import Knowledge
from tgbot.localapi import ChatSession


async def test_a_calf_twitch_result_has_no_eyelid_warning(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge
) -> None:
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    none = knowledge.triage.texts.ui.none_of_these
    for question_id, option_id in [
        ("emergency_signs", "none"),
        ("location", "calf"),
        ("duration", "days"),
        ("symptoms", "none"),
        ("triggers", "none"),
    ]:
        label = none if option_id == "none" else twitch_label(knowledge, question_id, option_id)
        await tap_through(chat, [label])
    outcome = chat.last
    assert "look after this at home" in outcome.text
    assert "See a doctor if" in outcome.text
    assert "shuts fully" not in outcome.text
    assert "closes all the way" not in outcome.text
