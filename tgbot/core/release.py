"""content/release.yaml: which release of the content the bot speaks, who reviewed it, when.

The version is stored with every finished check, shown in /mydata, /healthz and the report, so
a clinician can tell which wording a user saw. Pure: YAML in, a frozen record out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tgbot.core.content import fields
from tgbot.core.content.problems import Problems, Where, display_path
from tgbot.core.content.yaml_reader import read_yaml

RELEASE_FILE = "release.yaml"
RELEASE_FIELDS = ("version", "date", "reviewed_by", "notes")
_VERSION = re.compile(r"[0-9]+(\.[0-9]+){0,3}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Release:
    version: str
    """Dotted numbers, e.g. "1.2": raised by the clinician with every change of wording."""
    date: str  # ISO date of the release
    reviewed_by: tuple[str, ...]
    notes: str


def version_key(version: str) -> tuple[int, ...]:
    """Versions compare number by number: 1.10 is newer than 1.9."""
    return tuple(int(part) for part in version.split("."))


def parse_release(document: object, where: Where) -> Release | None:
    values = fields.mapping(document, where, required=RELEASE_FIELDS)
    if values is None:
        return None
    version = _version(values["version"], where.child("version"))
    day = _date(values["date"], where.child("date"))
    reviewers = fields.text_list(values["reviewed_by"], where.child("reviewed_by"))
    notes = fields.text(values["notes"], where.child("notes"))
    if version is None or day is None or reviewers is None or notes is None:
        return None
    return Release(version, day, reviewers, notes)


def _version(value: object, where: Where) -> str | None:
    # A bare 1.2 in YAML is a float; ask for quotes rather than guess what was meant.
    if not isinstance(value, str) or not _VERSION.fullmatch(value):
        where.error(f'expected a quoted version of dotted numbers such as "1.2", got {value!r}')
        return None
    return value


def _date(value: object, where: Where) -> str | None:
    text = fields.text(value, where)
    if text is None:
        return None
    if not _ISO_DATE.fullmatch(text):
        where.error(f"expected a date as YYYY-MM-DD, got {text!r}")
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        where.error(f"{text!r} is not a real date")
        return None
    return text


def load_release(root: Path) -> Release:
    """The release described in ``root/release.yaml``; ContentError names what is wrong."""
    problems = Problems()
    where = Where(problems, display_path(root / RELEASE_FILE))
    document = read_yaml(root / RELEASE_FILE, where)
    release = parse_release(document, where) if document is not None else None
    problems.raise_if_any()
    assert release is not None, "parse_release reports every reason it gives None"
    return release
