from datetime import UTC, date, datetime, timedelta

from tgbot.core.check_again import kept_answers
from tgbot.core.diary import Amount, DiaryEntry, first_symptom_day
from tgbot.core.knowledge import Knowledge

TODAY = date(2026, 6, 15)


def entry(day: date, amount: Amount, flow: str = "twitch") -> DiaryEntry:
    return DiaryEntry(day, flow, amount, None, ())


def test_the_first_day_with_symptoms_counts_not_a_day_without_nor_another_topic() -> None:
    entries = [
        entry(date(2026, 5, 20), Amount.NONE),
        entry(date(2026, 5, 25), Amount.LOT, "spasm"),
        entry(date(2026, 6, 1), Amount.LITTLE),
        entry(date(2026, 6, 3), Amount.LOT),
    ]
    assert first_symptom_day(entries, "twitch", TODAY) == date(2026, 6, 1)
    assert first_symptom_day(entries, "spasm", TODAY) == date(2026, 5, 25)
    assert first_symptom_day([entry(date(2026, 6, 2), Amount.NONE)], "twitch", TODAY) is None


def test_a_spell_long_over_does_not_date_a_new_twitch() -> None:
    old = [entry(date(2026, 3, 1), Amount.LOT), entry(date(2026, 6, 10), Amount.LITTLE)]
    assert first_symptom_day(old, "twitch", TODAY) == date(2026, 6, 10)


def test_a_reassessment_keeps_the_place_and_moves_the_duration_on(knowledge: Knowledge) -> None:
    twitch = knowledge.triage.flows["twitch"]
    at = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    answers = {
        "emergency_signs": ("none",),
        "location": ("eyelid",),
        "duration": ("days",),
        "symptoms": ("none",),
        "triggers": ("caffeine",),
    }
    assert kept_answers(twitch, answers, at, at) == {
        "location": ("eyelid",),
        "duration": ("days",),
    }
    assert kept_answers(twitch, answers, at, at + timedelta(days=4))["duration"] == (
        "one_two_weeks",
    )
    assert kept_answers(twitch, answers, at, at + timedelta(days=11))["duration"] == (
        "over_two_weeks",
    )
    on_and_off = {**answers, "duration": ("months_on_off",)}
    assert kept_answers(twitch, on_and_off, at, at + timedelta(days=90))["duration"] == (
        "months_on_off",
    )
    logged = datetime(2026, 5, 15, tzinfo=UTC)  # the diary shows it two weeks before the check
    assert kept_answers(twitch, answers, at, at, logged)["duration"] == ("over_two_weeks",)
    # An option the content no longer has is not carried over: the question is asked again.
    assert "location" not in kept_answers(twitch, {"location": ("elbow",)}, at, at)
    spasm = knowledge.triage.flows["spasm"]
    assert kept_answers(spasm, {"location": ("calf_foot",), "frequency": ("x",)}, at, at) == {
        "location": ("calf_foot",)
    }
