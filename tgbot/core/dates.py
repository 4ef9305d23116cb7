"""Dates, times and "3 days ago" as the user's language writes them (CLDR through Babel),
on the user's own clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time, format_timedelta

from tgbot.core.timezones import zone_city

ALWAYS_DAYS = 1000
"""format_timedelta's threshold: far above any reminder's age, so it never rounds up."""


@dataclass(frozen=True)
class LocalTime:
    """A user's clock: their time zone and language."""

    zone: ZoneInfo
    language: str

    def day(self, moment: datetime | date) -> str:
        """ "1 Dec 2026", "1 dic 2026", "1 дек. 2026 г." """
        day = moment.astimezone(self.zone).date() if isinstance(moment, datetime) else moment
        return format_date(day, "medium", locale=self.language)

    def moment(self, moment: datetime) -> str:
        """Weekday, date and time: "Tue, 1 Dec 2026, 18:00"."""
        return self._with_time(moment, "yMMMEd")

    def soon(self, moment: datetime) -> str:
        """A coming moment, with its zone so nobody guesses which clock: "Fri, 4 Dec, 18:00
        (London)", the zone's city in the reader's language ("Londres" in French)."""
        return f"{self._with_time(moment, 'MMMEd')} ({zone_city(self.zone.key, self.language)})"

    def _with_time(self, moment: datetime, date_skeleton: str) -> str:
        """A date and a time, joined as the language joins them ("{1}, {0}", "{1} à {0}")."""
        day = format_skeleton(date_skeleton, moment, tzinfo=self.zone, locale=self.language)
        time = format_time(moment, "short", tzinfo=self.zone, locale=self.language)
        joined = str(Locale.parse(self.language).datetime_formats["medium"])
        return joined.replace("{1}", day).replace("{0}", time)


def days_ago(days: int, language: str) -> str:
    """ "3 days ago", "hace 3 días", "3 дня назад": CLDR's own plural forms."""
    # Counted in days ("6 days ago", never CLDR's rounding to "1 week ago"): the user
    # remembers the day they told us.
    text = format_timedelta(
        timedelta(days=-days),
        granularity="day",
        threshold=ALWAYS_DAYS,
        add_direction=True,
        locale=language,
    )
    return text[:1].upper() + text[1:]


def formatting_locale(language: str, tag: str | None, default: str | None = None) -> str:
    """The CLDR locale for dates: the user's own tag when it names a country and is of the
    language the bot writes in (en-US: "Dec 4"), else the language's default (en_GB)."""
    if tag and ("-" in tag or "_" in tag):
        candidate = tag.strip().replace("-", "_")
        try:
            locale = Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            return language
        if locale.language == language:
            return str(locale)
    return default or language
