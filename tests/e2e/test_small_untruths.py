"""Small untruths a newcomer met (issue 32, item 7): an outcome lists only the sources of the
reasons that applied, and the belly has a neutral emoji. (The evening check-in's first day is
in test_checkin.py, the consent screen's wording in test_privacy.py.)"""

from pathlib import Path

from tests.core.triage.test_triage_vignettes import Vignette
from tests.e2e.test_languages import services_in, tap_vignette
from tgbot.bot.context import BotApplication
from tgbot.core.triage import Level
from tgbot.localapi import ChatSession

CONTENT = Path(__file__).resolve().parents[2] / "content"
NONE = ("none",)
BELLY_CRAMP = Vignette(
    id="belly-cramp",
    flow="spasm",
    answers={
        "emergency_signs": NONE,
        "location": ("belly",),
        "episode_length": ("short",),
        "frequency": ("first",),
        "context": NONE,
        "other_symptoms": NONE,
        "self_care_result": ("not_tried",),
    },
    expected=Level.URGENT,
)
TINGLING_LIPS = Vignette(
    id="tingling-lips",
    flow="twitch",
    answers={
        "emergency_signs": NONE,
        "location": ("eyelid",),
        "duration": ("days",),
        "symptoms": ("tingling_mouth",),
        "triggers": NONE,
        "already_checked": ("not_checked",),
    },
    expected=Level.URGENT,
)


def sources_line(text: str) -> str:
    (line,) = [line for line in text.splitlines() if line.startswith("Sources:")]
    return line


async def test_a_belly_cramp_lists_its_own_sources_not_the_clots(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    outcome = await tap_vignette(chat, services_in(bot_app, "en"), BELLY_CRAMP)
    assert "Cramps in the belly need a doctor's check today" in outcome.text
    sources = sources_line(outcome.text)
    assert "NHS: Ectopic pregnancy" in sources
    assert "DVT" not in sources, "no swollen leg was mentioned"


async def test_tingling_lips_do_not_list_the_medicine_reaction(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    outcome = await tap_vignette(chat, services_in(bot_app, "en"), TINGLING_LIPS)
    sources = sources_line(outcome.text)
    assert "Hypoparathyroidism" in sources
    assert "Serotonin" not in sources, "no new medicine was mentioned"


async def test_the_belly_is_not_a_pregnant_man(bot_app: BotApplication, chat: ChatSession) -> None:
    await chat.send("/spasm")
    await chat.tap("🩺 Check my symptoms")
    await chat.tap("🚫 None of these")
    location = (await chat.tap("✅ Yes, keep them")).last
    assert "👕 Belly" in location.button_texts
    pregnant_man = "\N{PREGNANT MAN}"
    used = [p.name for p in CONTENT.rglob("*.yaml") if pregnant_man in p.read_text("utf-8")]
    assert used == [], used
