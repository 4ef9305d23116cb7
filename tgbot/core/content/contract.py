"""Ids other parts of the bot rely on: the triage flows name tips by these keys, handlers name
messages and sections. Changing one here means changing its users too."""

from __future__ import annotations

from collections.abc import Mapping

SECTION_IDS = ("what_it_is", "causes", "self_care", "see_doctor", "emergency")
# Sections only some topics have, e.g. the page most people with twitches look for. They may
# stand anywhere among the required ones; frequent questions link to them like any section.
OPTIONAL_SECTION_IDS: Mapping[str, tuple[str, ...]] = {"twitch": ("als",)}

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
    "remind_when",
    "button_remind_3d",
    "button_remind_1w",
    "button_remind_2w",
    "button_remind_no",
    "remind_set",
    "remind_declined",
    "remind_needs_consent",
    "remind_no_check",
    "reminder_twitch",
    "reminder_spasm",
    "reminder_late",
    "ago_days",
    "ago_one_day",
    "ago_today",
    "button_gone",
    "button_still_there",
    "button_worse",
    "button_snooze",
    "reminder_gone",
    "reminder_still_there",
    "reminder_two_weeks",
    "reminder_worse",
    "reminder_snoozed",
    "where_eyelid",
    "where_face",
    "where_calf",
    "where_thumb_hand",
    "where_arm",
    "where_many",
    "where_calf_foot",
    "where_thigh",
    "where_back",
    "where_neck",
    "where_hand_arm",
    "where_belly",
    "where_other",
    "reminders_none",
    "reminders_list",
    "reminders_item",
    "button_cancel_reminder",
    "reminder_cancelled",
    "settings",
    "button_type_timezone",
    "timezone_ask",
    "timezone_set",
    "timezone_unknown",
    "said_option",
)
