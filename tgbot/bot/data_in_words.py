"""/mydata for a person: everything kept about them, table by table, in words.

It works from the same export as the JSON file, so the two can never disagree; a table this
module does not know yet (a feature added later) is still listed, by name and count.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from html import escape
from typing import Any

from babel import Locale, UnknownLocaleError

from tgbot.bot.keyboards.diary import options_of
from tgbot.core.clock import from_timestamp
from tgbot.core.dates import LocalTime
from tgbot.core.diary import BEFORE_QUESTIONS
from tgbot.core.languages import language_name
from tgbot.core.timezones import zone_city
from tgbot.core.triage import Level, TriageData
from tgbot.core.triage.recap import answer_lines

Rows = list[dict[str, Any]]
KNOWN_TABLES = (
    "users",
    "triage_sessions",
    "episodes",
    "reminders",
    "diary_entries",
    "vote_receipts",
)


def _date(seconds: Any, clock: LocalTime) -> str:
    return clock.day(from_timestamp(int(seconds)))


def _moment(seconds: Any, clock: LocalTime) -> str:
    return clock.moment(from_timestamp(int(seconds)))


def _language(code: str | None, messages: Mapping[str, str], clock: LocalTime) -> str:
    """Telegram's language tag as a name in the reader's language: "en" -> "English"."""
    if not code:
        return messages["mydata_language_unset"]
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(clock.language)
    except (ValueError, UnknownLocaleError):
        name = None
    return name or code


def _zone(clock: LocalTime) -> str:
    """The user's zone as they know it: its city in their language ("Londres")."""
    return zone_city(clock.zone.key, clock.language)


def _about(messages: Mapping[str, str], user: dict[str, Any], clock: LocalTime) -> list[str]:
    zone = user.get("timezone")
    timezone = (
        zone_city(zone, clock.language)
        if zone
        else messages["mydata_timezone_unset"].format(default=_zone(clock))
    )
    consent = user.get("keep_checks")
    since = user.get("keep_checks_at")
    if consent is None:
        keeping = messages["mydata_consent_unset"]
    else:
        key = "mydata_consent_yes" if consent else "mydata_consent_no"
        keeping = messages[key].format(since=_date(since, clock) if since else "")
    lines = [
        messages["mydata_about"].format(
            language=escape(_language(user.get("language_code"), messages, clock)),
            timezone=escape(timezone),
            since=_date(user["created_at"], clock),
            keeping=keeping,
        )
    ]
    if user.get("language"):
        lines.append(messages["settings_language"].format(language=language_name(user["language"])))
    if user.get("blocked"):
        lines.append(messages["mydata_blocked"])
    return lines


def _questions(messages: Mapping[str, str], kept: str) -> list[str]:
    """The questions for the doctor, one a line, as /questions keeps them."""
    questions = kept.split("\n")
    heading = messages["mydata_questions"].format(count=len(questions))
    return [heading, *(f"• {escape(q)}" for q in questions)]


def _checks(
    messages: Mapping[str, str], triage: TriageData, episodes: Rows, clock: LocalTime
) -> list[str]:
    lines = [messages["mydata_checks"].format(count=len(episodes))]
    for row in sorted(episodes, key=lambda r: int(r["created_at"])):
        flow = triage.flows.get(row["flow_id"])
        level = triage.texts.levels.get(Level(row["level"])) if row["level"] in set(Level) else None
        lines.append(
            messages["mydata_check"].format(
                date=_date(row["created_at"], clock),
                flow=escape(flow.title if flow else row["flow_id"]),
                level=escape(level.name if level else row["level"]),
            )
            + (messages["mydata_check_closed"] if row.get("closed_at") else "")
            + (
                " "
                + messages["mydata_check_version"].format(version=escape(row["content_version"]))
                if row.get("content_version")
                else ""
            )
        )
        if flow is not None:
            answers = {q: tuple(o) for q, o in json.loads(row["answers"]).items()}
            lines.extend(f"   {line}" for line in answer_lines(flow, answers))
    return lines


def _in_progress(
    messages: Mapping[str, str], triage: TriageData, session: dict[str, Any], clock: LocalTime
) -> list[str]:
    flow = triage.flows.get(session["flow_id"])
    return [
        messages["mydata_in_progress"].format(
            flow=escape(flow.title if flow else session["flow_id"]),
            date=_moment(session["updated_at"], clock),
        )
    ]


def _reminders(
    messages: Mapping[str, str], reminders: Rows, logged: set[str], clock: LocalTime
) -> list[str]:
    """Every reminder and evening check-in, by when it was due; ``logged`` holds the days of
    the diary ("2026-12-13"), which tell an answered or skipped check-in."""
    lines = [messages["mydata_reminders"].format(count=len(reminders))]
    for row in sorted(reminders, key=lambda r: (int(r["due_at"]), r["reminder_id"])):
        status = messages.get(f"mydata_reminder_{row['status']}", row["status"])
        if row.get("kind") == "checkin":
            evening = f"{_moment(row['due_at'], clock)}, {_checkin(messages, row, logged, clock)}"
            lines.append(
                messages["mydata_checkin"].format(
                    hour=f"{row['local_hour']:02d}:00",
                    zone=_zone(clock),
                    since=clock.day(date.fromisoformat(row["since_day"])),
                    status=evening,
                )
            )
            continue
        lines.append(
            messages["mydata_reminder"].format(
                when=_moment(row["due_at"], clock), zone=_zone(clock), status=status
            )
        )
    return lines


def _checkin(
    messages: Mapping[str, str], row: dict[str, Any], logged: set[str], clock: LocalTime
) -> str:
    """An evening's check-in in words. Its row says sent or not; the diary says whether that
    evening's day was logged: answered (under it, or by /log after it), or skipped because it
    was logged before, or skipped because it was too late for its evening (the bot was off)."""
    if row["status"] not in ("sent", "answered", "failed"):
        return messages.get(f"mydata_reminder_{row['status']}", row["status"])
    day = from_timestamp(int(row["due_at"])).astimezone(clock.zone).date().isoformat()
    if row.get("sent_at") is not None:
        return messages["mydata_reminder_answered" if day in logged else "mydata_reminder_sent"]
    if day in logged:
        return messages["mydata_checkin_skipped_logged"]
    return messages["mydata_checkin_skipped_late"]


def _diary(
    messages: Mapping[str, str], triage: TriageData, entries: Rows, clock: LocalTime
) -> list[str]:
    lines = [messages["mydata_diary"].format(count=len(entries))]
    for row in sorted(entries, key=lambda r: (r["day"], r["flow_id"])):
        flow = triage.flows.get(row["flow_id"])
        question = flow.question("location") if flow else None
        option = question.option(row["location"]) if question and row["location"] else None
        where = option.label if option else (row["location"] or "")
        amount = messages.get(f"amount_{row['amount']}", row["amount"])
        line = (
            messages["mydata_diary_entry"]
            .format(
                day=clock.day(date.fromisoformat(row["day"])),
                topic=escape(flow.title if flow else row["flow_id"]),
                amount=escape(amount),
                where=escape(where),
            )
            .replace(", .", ".")
            .rstrip(", ")
        )
        triggers = json.loads(row.get("triggers") or "[]")
        if triggers:
            labels = dict(options_of(flow, BEFORE_QUESTIONS.get(flow.id))) if flow else {}
            named = ", ".join(labels.get(t, t) for t in triggers)
            line += "; " + messages["mydata_diary_before"].format(triggers=escape(named))
        lines.append(line)
    return lines


def data_in_words(
    messages: Mapping[str, str],
    triage: TriageData,
    data: Mapping[str, Rows],
    clock: LocalTime,
    limit: int,
) -> str:
    """The export as a message of at most ``limit`` characters (the file has everything)."""
    blocks: list[list[str]] = [[messages["mydata_heading"]]]
    if data.get("users"):
        blocks.append(_about(messages, data["users"][0], clock))
        if data["users"][0].get("questions"):
            blocks.append(_questions(messages, str(data["users"][0]["questions"])))
    if data.get("triage_sessions"):
        blocks.append(_in_progress(messages, triage, data["triage_sessions"][0], clock))
    if data.get("episodes"):
        blocks.append(_checks(messages, triage, data["episodes"], clock))
    logged = {str(row["day"]) for row in data.get("diary_entries", [])}
    if data.get("reminders"):
        blocks.append(_reminders(messages, data["reminders"], logged, clock))
    if data.get("diary_entries"):
        blocks.append(_diary(messages, triage, data["diary_entries"], clock))
    if data.get("vote_receipts"):
        blocks.append([messages["mydata_votes"].format(count=len(data["vote_receipts"]))])
    for table, rows in data.items():
        if table not in KNOWN_TABLES:
            blocks.append([messages["mydata_other"].format(table=escape(table), count=len(rows))])
    text = "\n\n".join("\n".join(block) for block in blocks)
    if len(text) > limit:
        text = text[:limit].rsplit("\n", 1)[0] + "\n" + messages["mydata_more"]
    return text
