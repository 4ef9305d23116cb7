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
    "button_sources",
    "button_check",
    "button_back",
    "expired_button",
    "group_note",
    "button_private_chat",
    "non_text",
    "edited_message",
    "too_long",
    "consent_prompt",
    "button_consent_yes",
    "button_consent_no",
    "consent_given",
    "consent_refused",
    "privacy",
    "consent_status_yes",
    "consent_status_no",
    "consent_status_unset",
    "button_allow_keeping",
    "button_stop_keeping",
    "mydata_empty",
    "mydata_file_caption",
    "forget_confirm",
    "button_forget_yes",
    "button_forget_no",
    "forget_done",
    "forget_kept",
)
