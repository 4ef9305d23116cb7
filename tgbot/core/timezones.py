"""Time zones from what a person types: an IANA name ("europe/paris"), a zone's own city in
CLDR (Babel: "Madrid", "São Paulo", "Москва") or any city of 15,000 people or more from GeoNames
("Manchester", "München", "Lisboa", "Nueva York"), optionally with its country ("Birmingham, UK").

Where one name stands for cities on different clocks, the most populous is taken only when it
is ten times bigger than the next ("London": not the one in Ontario); otherwise the person is
asked which ("Birmingham": England or Alabama). Zones are shown by their city in the reader's
language (CLDR exemplar cities: "Europe/London" is "Londres" in French), never by IANA name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.dates import get_timezone_location

from tgbot.core.cities import City, cities_named, fold

# The languages whose city names are understood (CLDR spells them in each).
CITY_LANGUAGES = ("en", "de", "es", "fr", "pt", "ru")
# Zone names that are not places: a user typing them means a mistake, not a choice.
# "localtime" is whatever the host's /etc/localtime says, "Factory" is tzdata's "not set"
# placeholder (abbreviation "-00"), "posixrules" a template for POSIX TZ strings.
NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})
# The most populous city of a name is taken without asking when it is this many times bigger
# than the next one on another clock.
CLEAR_LEAD = 10
# At most this many cities to choose from (buttons).
MAX_CHOICES = 3
# Short names of countries people type after a city, besides CLDR's names and ISO codes.
COUNTRY_SHORT_NAMES = {"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "usa": "US"}


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
            city = get_timezone_location(zone, locale=babel_locale(language), return_city=True)
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


@dataclass(frozen=True)
class ZoneReading:
    """What a typed text names: one zone, or cities on different clocks to choose from."""

    zone: str | None = None
    choices: tuple[City, ...] = ()


def read_timezone(text: str) -> ZoneReading:
    """The zone a typed text names, the cities to ask about, or neither (unknown, not a place)."""
    folded = fold(text)
    if not folded or len(folded) > 60:
        return ZoneReading()
    zone = _by_name().get(folded) or _by_city().get(folded)
    if zone is not None:
        return ZoneReading(zone=zone)
    name, _, country_text = text.partition(",")
    cities = cities_named(name)
    if country_text.strip():
        country = _countries().get(fold(country_text))
        cities = tuple(c for c in cities if c.country == country)
    one_per_clock: dict[tuple[timedelta | None, ...], City] = {}
    for city in cities:  # most populous first: each clock keeps its biggest city
        if is_location_zone(city.zone):
            one_per_clock.setdefault(_clock_of(city.zone), city)
    biggest = list(one_per_clock.values())
    if not biggest:
        return ZoneReading()
    if len(biggest) == 1 or biggest[0].population >= CLEAR_LEAD * biggest[1].population:
        return ZoneReading(zone=biggest[0].zone)
    return ZoneReading(choices=tuple(biggest[:MAX_CHOICES]))


def find_timezone(text: str) -> str | None:
    """The IANA zone a typed text names without doubt, or None."""
    return read_timezone(text).zone


@cache
def _countries() -> dict[str, str]:
    """Folded country name in any of the bot's languages, or ISO code -> ISO code."""
    names = {fold(short): code for short, code in COUNTRY_SHORT_NAMES.items()}
    for language in CITY_LANGUAGES:
        for code, name in babel_locale(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold(name), code)
                names.setdefault(code.casefold(), code)
    return names


def babel_locale(language: str) -> Locale:
    """Babel's locale of a language or regional variant ("pt-PT", "pt-pt", "es-419"); the base
    language's when CLDR has no such variant."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, LookupError):
        return Locale.parse(language.split("-")[0])


def zone_city(zone: str, language: str) -> str:
    """A zone as a person knows it, in their language: its city ("Londres"), or "UTC"."""
    if "/" not in zone or zone.startswith("Etc/"):
        return zone.removeprefix("Etc/")
    return get_timezone_location(zone, locale=babel_locale(language), return_city=True)


def city_choice(typed: str, city: City, language: str) -> str:
    """A button for one of several cities of the typed name, by its country and its zone's city:
    "Birmingham, Vereinigte Staaten (Chicago)"."""
    name = " ".join(typed.partition(",")[0].split())
    name = name.title() if name.islower() else name
    country = babel_locale(language).territories.get(city.country, city.country)
    return f"{name}, {country} ({zone_city(city.zone, language)})"


def is_location_zone(name: str) -> bool:
    """Whether ``name`` is exactly the IANA name of a place (DEFAULT_TIMEZONE, stored zones)."""
    return name in _zones()
