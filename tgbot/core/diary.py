"""The diary's arithmetic: entries per day, what a month of them says (pure)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Amount(StrEnum):
    """How much of it there was today; the declaration order is the scale (0, 1, 2)."""

    NONE = "none"
    LITTLE = "little"
    LOT = "lot"

    @property
    def score(self) -> int:
        return list(Amount).index(self)


# The flow questions whose options a diary entry uses (the clinical spec's ids): where it is,
# and what came before it.
WHERE_QUESTION = "location"
BEFORE_QUESTIONS = {"twitch": "triggers", "spasm": "context"}


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    TOO_FEW = "too_few"


@dataclass(frozen=True)
class DiaryEntry:
    day: date
    topic: str
    """The topic (twitch, spasm): stored in the column ``flow_id``."""
    amount: Amount
    location: str | None
    triggers: tuple[str, ...]


@dataclass(frozen=True)
class DiarySummary:
    first_day: date
    last_day: date
    days_logged: int
    days_with_symptoms: int
    trend: Trend
    top_triggers: tuple[tuple[str, int], ...]
    """Most frequent first, at most three, with the number of days each was ticked."""
    series: tuple[tuple[date, Amount | None], ...]
    """Every day of the period, with the day's highest amount (None: nothing logged)."""


# Fewer entries than this in either half of the period say nothing about a trend.
MIN_PER_HALF = 3


def days_of(first_day: date, last_day: date) -> list[date]:
    return [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]


def summarize(entries: list[DiaryEntry], first_day: date, last_day: date) -> DiarySummary:
    by_day: dict[date, Amount] = {}
    triggers: Counter[str] = Counter()
    for entry in entries:
        if not first_day <= entry.day <= last_day:
            continue
        current = by_day.get(entry.day)
        if current is None or entry.amount.score > current.score:
            by_day[entry.day] = entry.amount
        triggers.update(set(entry.triggers))
    series = tuple((day, by_day.get(day)) for day in days_of(first_day, last_day))
    return DiarySummary(
        first_day=first_day,
        last_day=last_day,
        days_logged=len(by_day),
        days_with_symptoms=sum(1 for a in by_day.values() if a is not Amount.NONE),
        trend=_trend(series),
        top_triggers=tuple(triggers.most_common(3)),
        series=series,
    )


def _trend(series: tuple[tuple[date, Amount | None], ...]) -> Trend:
    """The second half of the period against the first: mean amount on logged days."""
    half = len(series) // 2
    first = [a.score for _, a in series[:half] if a is not None]
    second = [a.score for _, a in series[half:] if a is not None]
    if len(first) < MIN_PER_HALF or len(second) < MIN_PER_HALF:
        return Trend.TOO_FEW
    change = sum(second) / len(second) - sum(first) / len(first)
    if change <= -0.25:
        return Trend.BETTER
    if change >= 0.25:
        return Trend.WORSE
    return Trend.SAME


# How far back a day with symptoms in the diary can date a twitch's start: as far as "on and
# off for months" reaches in the reminder policy (ONSET_BEFORE), so an entry from a spell long
# over does not make a new twitch look old.
ONSET_LOOKBACK = timedelta(days=60)


def first_symptom_day(entries: list[DiaryEntry], topic: str, today: date) -> date | None:
    """The earliest day in the last ONSET_LOOKBACK with some of it logged (a little or a lot),
    for the two-week rule; None when the diary has none."""
    first = today - ONSET_LOOKBACK
    days = [
        e.day
        for e in entries
        if e.topic == topic and e.amount is not Amount.NONE and first <= e.day <= today
    ]
    return min(days, default=None)
