"""Time zones from what a person types: an IANA name ("europe/paris") or a city ("Madrid",
"new york", "São Paulo", "Москва"), from the IANA database and CLDR's city names (Babel).

A city is understood only where it is unambiguous: two zones that share a city name but keep
different clocks (there are a few) are refused rather than guessed.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import get_timezone_location

# The languages whose city names are understood (CLDR spells them in each).
CITY_LANGUAGES = ("en", "de", "es", "fr", "pt", "ru")
# Zone names that are not places: a user typing them means a mistake, not a choice.
# "localtime" is whatever the host's /etc/localtime says, "Factory" is tzdata's "not set"
# placeholder (abbreviation "-00"), "posixrules" a template for POSIX TZ strings.
NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})


def fold(text: str) -> str:
    """Case, accents, spaces, hyphens and underscores folded: "São-Paulo" -> "sao paulo"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("_", " ").replace("-", " ").replace("/", " / ").split())


@cache
def _zones() -> frozenset[str]:
    return frozenset(
        z
        for z in available_timezones()
        if z not in NOT_PLACES and not z.startswith(("posix/", "right/"))
    )


@cache
def _by_name() -> dict[str, str]:
    return {fold(name): name for name in _zones()}


def _clock_of(zone: str) -> tuple[timedelta | None, ...]:
    """The zone's UTC offset on the 1st and 15th of each month of two years: zones that agree
    everywhere here are one clock for a person setting reminders."""
    tz = ZoneInfo(zone)
    moments = (
        datetime(year, month, day, 12, tzinfo=UTC)
        for year in (2026, 2027)
        for month in range(1, 13)
        for day in (1, 15)
    )
    return tuple(m.astimezone(tz).utcoffset() for m in moments)


@cache
def _by_city() -> dict[str, str | None]:
    """Folded city name -> zone, or None where one name stands for different clocks."""
    candidates: dict[str, set[str]] = {}
    for zone in _zones():
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/")):
            continue
        for language in CITY_LANGUAGES:
            city = get_timezone_location(zone, locale=language, return_city=True)
            if city and not city.startswith(("GMT", "UTC")):
                candidates.setdefault(fold(city), set()).add(zone)
    cities: dict[str, str | None] = {}
    for city, zones in candidates.items():
        clocks = {_clock_of(z) for z in zones}
        # Aliases (Europe/Kiev and Europe/Kyiv) keep one clock: take the modern name.
        cities[city] = _preferred(zones) if len(clocks) == 1 else None
    return cities


def _preferred(zones: set[str]) -> str:
    """Among aliases of one clock, the canonical-looking one: an area's own name, not a
    legacy country alias ("Europe/Kyiv" before "Europe/Kiev", "Asia/Kolkata" before
    "Asia/Calcutta"), decided by CLDR: its English city is the zone's own last part."""

    def rank(zone: str) -> tuple[int, str]:
        city = get_timezone_location(zone, locale="en", return_city=True)
        own = fold(zone.rsplit("/", 1)[-1]) == fold(city)
        return (0 if own else 1, zone)

    return min(zones, key=rank)


def find_timezone(text: str) -> str | None:
    """The IANA zone a typed text names, or None (unknown, ambiguous, or not a place)."""
    folded = fold(text)
    if not folded or len(folded) > 60:
        return None
    return _by_name().get(folded) or _by_city().get(folded)


def is_location_zone(name: str) -> bool:
    """Whether ``name`` is exactly the IANA name of a place (DEFAULT_TIMEZONE, stored zones)."""
    return name in _zones()
