"""What a reminder and an evening check-in say: pure texts from the language's messages.

Pure Python: no Telegram, no database (the reminder service fills them in and sends them)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from html import escape

from tgbot.core import reminder_policy as policy
from tgbot.core.dates import LocalTime, days_ago


def ago_text(
    messages: Mapping[str, str], checked_at: datetime, now: datetime, clock: LocalTime
) -> str:
    """Calendar days in the user's zone: Friday to Monday is "3 days ago" even over the
    spring-forward weekend, when only 71 hours pass. CLDR words it in each language."""
    zone = clock.zone
    days = max((now.astimezone(zone).date() - checked_at.astimezone(zone).date()).days, 0)
    if days == 0:
        return messages["ago_today"]
    return days_ago(days, clock.language)


def reminder_text(
    messages: Mapping[str, str],
    due_at: datetime,
    flow_id: str,
    answers: Mapping[str, tuple[str, ...]],
    checked_at: datetime,
    now: datetime,
    clock: LocalTime,
) -> str:
    """ "How is the twitch in your eyelid now? You checked it 3 days ago", and a word when
    it comes late (the bot was down or Telegram unreachable)."""
    location = answers.get("location", ("other",))[0]
    where = messages.get(f"where_{location}", messages["where_other"])
    key = f"reminder_{flow_id}"
    text = messages.get(key, messages["reminder_twitch"]).format(
        ago=ago_text(messages, checked_at, now, clock), where=where
    )
    if policy.is_late(due_at, now):
        text = f"{text}\n\n{messages['reminder_late']}"
    return text


def checkin_text(messages: Mapping[str, str], topic_title: str) -> str:
    """The evening check-in's question: how much today?"""
    return messages["checkin_ask"].format(topic=escape(topic_title, quote=False))
