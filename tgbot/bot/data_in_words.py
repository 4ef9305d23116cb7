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

from tgbot.core.clock import from_timestamp
from tgbot.core.dates import LocalTime
from tgbot.core.languages import language_name
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


def _about(messages: Mapping[str, str], user: dict[str, Any], clock: LocalTime) -> list[str]:
    timezone = user.get("timezone") or messages["mydata_timezone_unset"].format(
        default=clock.zone.key
    )
    consent = user.get("keep_checks")
    since = user.get("keep_checks_at")
    if consent is None:
        keeping = messages["consent_status_unset"]
    else:
        key = "mydata_consent_yes" if consent else "mydata_consent_no"
        keeping = messages[key].format(since=_date(since, clock) if since else "")
    lines = [
        messages["mydata_about"].format(
            language=escape(user.get("language_code") or messages["mydata_language_unset"]),
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


def _checks(
    messages: Mapping[str, str], triage: TriageData, episodes: Rows, clock: LocalTime
) -> list[str]:
    lines = [messages["mydata_checks"].format(count=len(episodes))]
    for row in episodes:
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


def _reminders(messages: Mapping[str, str], reminders: Rows, clock: LocalTime) -> list[str]:
    lines = [messages["mydata_reminders"].format(count=len(reminders))]
    for row in reminders:
        status = messages.get(f"mydata_reminder_{row['status']}", row["status"])
        if row.get("kind") == "checkin":
            lines.append(
                messages["mydata_checkin"].format(
                    hour=f"{row['local_hour']:02d}:00",
                    zone=clock.zone.key,
                    since=clock.day(date.fromisoformat(row["since_day"])),
                    status=f"{_moment(row['due_at'], clock)}, {status}",
                )
            )
            continue
        lines.append(
            messages["mydata_reminder"].format(
                when=_moment(row["due_at"], clock), zone=clock.zone.key, status=status
            )
        )
    return lines


def _diary(messages: Mapping[str, str], triage: TriageData, entries: Rows) -> list[str]:
    lines = [messages["mydata_diary"].format(count=len(entries))]
    for row in entries:
        flow = triage.flows.get(row["flow_id"])
        question = flow.question("location") if flow else None
        option = question.option(row["location"]) if question and row["location"] else None
        where = option.label if option else (row["location"] or "")
        amount = messages.get(f"amount_{row['amount']}", row["amount"])
        lines.append(
            messages["mydata_diary_entry"]
            .format(
                day=row["day"],
                topic=escape(flow.title if flow else row["flow_id"]),
                amount=escape(amount),
                where=escape(where),
            )
            .replace(", .", ".")
            .rstrip(", ")
        )
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
    if data.get("triage_sessions"):
        blocks.append(_in_progress(messages, triage, data["triage_sessions"][0], clock))
    if data.get("episodes"):
        blocks.append(_checks(messages, triage, data["episodes"], clock))
    if data.get("reminders"):
        blocks.append(_reminders(messages, data["reminders"], clock))
    if data.get("diary_entries"):
        blocks.append(_diary(messages, triage, data["diary_entries"]))
    if data.get("vote_receipts"):
        blocks.append([messages["mydata_votes"].format(count=len(data["vote_receipts"]))])
    for table, rows in data.items():
        if table not in KNOWN_TABLES:
            blocks.append([messages["mydata_other"].format(table=escape(table), count=len(rows))])
    text = "\n\n".join("\n".join(block) for block in blocks)
    if len(text) > limit:
        text = text[:limit].rsplit("\n", 1)[0] + "\n" + messages["mydata_more"]
    return text
