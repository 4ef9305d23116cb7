"""Ids other parts of the bot rely on: the triage flows name tips by these keys, handlers name
messages and sections. Changing one here means changing its users too."""

from __future__ import annotations

from collections.abc import Mapping

SECTION_IDS = ("what_it_is", "causes", "self_care", "see_doctor", "emergency")

REQUIRED_TOPICS = ("twitch", "spasm")

# Trigger options of flow `twitch` and context options of flow `spasm` (clinical spec), plus the
# tips the outcome page shows to everyone.
REQUIRED_TIPS: Mapping[str, frozenset[str]] = {
    "twitch": frozenset(
        {
            "caffeine",
            "stress",
            "sleep",
            "exercise",
            "alcohol",
            "nicotine",
            "medicine",
            "dehydration",
            "general",
        }
    ),
    "spasm": frozenset(
        {
            "exercise",
            "night",
            "heat_dehydration",
            "pregnancy",
            "new_medicine",
            "alcohol",
            "walking",
            "stretching",
            "general",
        }
    ),
}

REQUIRED_MESSAGES = (
    "disclaimer",
    "emergency_note",
    "welcome",
    "help",
    "unknown_command",
    "text_pointer",
    "error",
    "button_twitch",
    "button_spasm",
)
