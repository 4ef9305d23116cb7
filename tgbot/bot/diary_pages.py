"""What /diary and /summary both say about the diary: its days, the user's today, a topic's
summary and its words (kept outside handlers/, which never import each other)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from tgbot.bot.context import Services
from tgbot.bot.keyboards.diary import options_of
from tgbot.core.diary import BEFORE_QUESTIONS, Amount, DiaryEntry, DiarySummary, summarize
from tgbot.core.triage import Flow
from tgbot.documents.chart import ChartTexts

DIARY_DAYS = 30


async def local_today(services: Services, user_id: int) -> date:
    zone = await services.reminders.timezone_of(user_id)
    return services.clock.now().astimezone(zone).date()


def diary_summary(entries: list[DiaryEntry], flow_id: str, today: date) -> DiarySummary:
    first = today - timedelta(days=DIARY_DAYS - 1)
    return summarize([e for e in entries if e.topic == flow_id], first, today)


def caption_for(
    messages: Mapping[str, str], flow: Flow, summary: DiarySummary, *, with_triggers: bool = True
) -> str:
    """/diary's words; the doctor's page says the triggers with their days, on their own."""
    labels = dict(options_of(flow, BEFORE_QUESTIONS.get(flow.id)))
    top = summary.top_triggers if with_triggers else ()
    triggers = ", ".join(labels.get(t, t) for t, _ in top)
    return (
        messages["diary_caption"]
        .format(
            topic=flow.title,
            logged=summary.days_logged,
            symptoms=summary.days_with_symptoms,
            trend=messages[f"diary_trend_{summary.trend.value}"],
            triggers=messages["diary_triggers"].format(triggers=triggers) if triggers else "",
        )
        .strip()
    )


def chart_texts(messages: Mapping[str, str], title: str, locale: str) -> ChartTexts:
    """The chart's words: /diary's per topic, the doctor's page's one heading."""
    return ChartTexts(
        title=title,
        amounts={a: messages[f"amount_{a.value}"] for a in Amount},
        not_logged=messages["diary_not_logged"],
        locale=locale,
    )
