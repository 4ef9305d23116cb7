from datetime import date

from tgbot.core.diary import Amount, DiaryEntry, first_symptom_day

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
