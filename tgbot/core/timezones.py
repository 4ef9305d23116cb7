"""Which time zone names the bot accepts: real places (and UTC), never a host's or tzdata's
placeholders."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

# "localtime" is whatever the host's /etc/localtime says (it changes with the machine),
# "Factory" is tzdata's "time zone not set" placeholder (abbreviation "-00"), "posixrules"
# is a template for POSIX TZ strings: none is a place a user lives in.
NOT_A_PLACE = frozenset({"localtime", "Factory", "posixrules"})


@cache
def _names_by_lower_case() -> dict[str, str]:
    return {
        name.lower(): name
        for name in available_timezones()
        if name not in NOT_A_PLACE and not name.startswith(("posix/", "right/"))
    }


def location_zone(name: str) -> ZoneInfo | None:
    """The zone of an IANA name, in any case and with spaces for underscores; None for an
    unknown name or one that is not a place."""
    key = _names_by_lower_case().get(name.strip().replace(" ", "_").lower())
    return ZoneInfo(key) if key else None


def is_location_zone(name: str) -> bool:
    """Whether ``name`` is exactly a zone we accept (stored zones are canonical names)."""
    return _names_by_lower_case().get(name.lower()) == name
