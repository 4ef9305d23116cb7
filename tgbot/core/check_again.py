"""A "Worse" answer under a reminder checks again: the emergency signs first, then only what
can change. Where it is, and how long it has lasted, were answered at the check; they are kept
(the duration moved on by the days since, and by the diary), and the engine computes the
outcome on the merged answers as for any check. Pure: no Telegram, no database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Final

from tgbot.core.reminder_policy import TWO_WEEKS, twitch_age
from tgbot.core.triage import Flow

# Answers of the check that a reassessment keeps, by flow. Everything else is asked again:
# the emergency signs always (they come first in every flow), the symptoms and signs, what
# came before it, how often and how long each one lasts.
KEPT: Final[Mapping[str, tuple[str, ...]]] = {
    "twitch": ("location", "duration"),
    "spasm": ("location",),
}
DURATION = "duration"
# The twitch flow's duration options, by the age they stand for (clinical-spec.md); "on and
# off for months" says something else (a pattern), and is kept as it was answered.
ONE_WEEK: Final = timedelta(days=7)
KEPT_AS_ANSWERED = frozenset({"months_on_off"})


def duration_now(
    answer: str, episode_at: datetime, now: datetime, diary_since: datetime | None
) -> str:
    """The duration option that fits today: "less than a week" answered ten days ago is
    "1 to 2 weeks" now. Never shorter than answered (the age only grows)."""
    if answer in KEPT_AS_ANSWERED:
        return answer
    age = twitch_age(episode_at, answer, now, diary_since)
    if age >= TWO_WEEKS:
        return "over_two_weeks"
    if age >= ONE_WEEK and answer == "days":
        return "one_two_weeks"
    return answer


def kept_answers(
    flow: Flow,
    answers: Mapping[str, tuple[str, ...]],
    episode_at: datetime,
    now: datetime,
    diary_since: datetime | None = None,
) -> dict[str, tuple[str, ...]]:
    """The check's answers a reassessment starts from, for questions the flow still has and
    with options it still offers (content may have changed since)."""
    kept: dict[str, tuple[str, ...]] = {}
    for question_id in KEPT.get(flow.id, ()):
        question = flow.question(question_id)
        given = answers.get(question_id)
        if question is None or not given:
            continue
        if question_id == DURATION and len(given) == 1:
            given = (duration_now(given[0], episode_at, now, diary_since),)
        if all(question.option(option_id) is not None for option_id in given):
            kept[question_id] = tuple(given)
    return kept
