"""content/numbers/<region>.yaml: each country's emergency numbers and crisis line, with the
sources that say so. Which country a user is in is a guess from their language tag
(tgbot/core/triage/emergency.py)."""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from tgbot.core.content.locales import ENGLISH
from tgbot.core.content.problems import ContentError
from tgbot.core.content.yaml_reader import Node, read_node
from tgbot.core.safety.models import CrisisLine, LocalService

NUMBERS_FOLDER = "numbers"
_REGION = re.compile(r"^([a-z]{2}|[0-9]{3})$")
_NUMBER = re.compile(r"^[0-9][0-9 ]*[0-9]$|^[0-9]$")
_LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2}|-[0-9]{3})?$")


@dataclass(frozen=True)
class RegionNumbers:
    emergency: MappingProxyType[str, tuple[str, ...]]
    """Region code -> numbers to call in an emergency, the main one first."""
    crisis_lines: MappingProxyType[str, CrisisLine]
    local_services: MappingProxyType[str, LocalService] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """Region code -> where to get seen or advised today when one's own doctor cannot (spec
    v3, "Local services"); a country without one is left out."""
    second_crisis_lines: MappingProxyType[str, CrisisLine] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """Region code -> a second crisis line, where a country has two established ones."""


def load_numbers(root: Path, known_source_ids: Set[str] | None) -> RegionNumbers:
    """Raises ContentError naming the file and field of the first problem."""
    folder = root / NUMBERS_FOLDER
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ContentError.at(str(folder), "", "no country files (*.yaml) in this folder")
    emergency: dict[str, tuple[str, ...]] = {}
    lines: dict[str, CrisisLine] = {}
    second_lines: dict[str, CrisisLine] = {}
    services: dict[str, LocalService] = {}
    for file in files:
        f = read_node(file).fields(
            ["region", "emergency", "sources"],
            ["crisis_line", "second_crisis_line", "local_service"],
        )
        region = f["region"].text()
        if region != file.stem or not _REGION.match(region):
            f["region"].fail(f"must be the file's name, a lower-case region code: {file.stem!r}")
        emergency[region] = _numbers(f["emergency"])
        _sources(f["sources"], known_source_ids)
        if "crisis_line" in f:
            lines[region] = _crisis_line(f["crisis_line"], known_source_ids)
        if "second_crisis_line" in f:
            if "crisis_line" not in f:
                f["second_crisis_line"].fail("give the crisis_line first")
            second_lines[region] = _crisis_line(f["second_crisis_line"], known_source_ids)
        if "local_service" in f:
            services[region] = _local_service(f["local_service"], known_source_ids)
    return RegionNumbers(
        MappingProxyType(emergency),
        MappingProxyType(lines),
        MappingProxyType(services),
        MappingProxyType(second_lines),
    )


def _crisis_line(node: Node, known: Set[str] | None) -> CrisisLine:
    g = node.fields(["name", "number", "sources"])
    return CrisisLine(
        name=g["name"].plain(),
        number=_number(g["number"]),
        source_ids=_sources(g["sources"], known),
    )


def _local_service(node: Node, known: Set[str] | None) -> LocalService:
    """`numbers` to call (joined with the language's "or"), an optional `name` people know it
    by ("SNS 24") or, by language, one that says what it is, and the official page that says
    what it is for. A service with no one number for the country is named instead."""
    g = node.fields(["sources"], ["numbers", "name", "soon"])
    if "numbers" not in g and "name" not in g:
        node.fail("give the service's numbers, or its name where it has no one number")
    names = _names(g["name"]) if "name" in g else {}
    name = names[ENGLISH] if names else g["name"].plain() if "name" in g else None
    return LocalService(
        name=name,
        numbers=_numbers(g["numbers"]) if "numbers" in g else (),
        source_ids=_sources(g["sources"], known),
        soon=g["soon"].flag() if "soon" in g else True,
        names=MappingProxyType(names),
    )


def _names(node: Node) -> dict[str, str]:
    """A name by language code ({en: ..., fr: ..., pt-PT: ...}), English first; {} for one
    name in every language ("SNS 24")."""
    if not isinstance(node.value, dict):
        return {}
    names = {code: value.plain() for code, value in node.entries()}
    for code in names:
        if not _LANGUAGE.match(code):
            node.child(code, None).fail(f"'{code}' is not a language code (en, fr, pt-PT)")
    if ENGLISH not in names:
        node.fail("give the English name (en) first: it is said where a language has none")
    return names


def _numbers(node: Node) -> tuple[str, ...]:
    numbers = tuple(_number(item) for item in node.items())
    if not numbers:
        node.fail("name at least one number")
    return numbers


def _number(node: Node) -> str:
    number = node.text()
    if not _NUMBER.match(number):
        node.fail(f"'{number}' is not a phone number of digits and spaces")
    return number


def _sources(node: Node, known: Set[str] | None) -> tuple[str, ...]:
    ids = node.ident_list()
    if not ids:
        node.fail("name the source of these numbers")
    for index, source_id in enumerate(ids):
        if known is not None and source_id not in known:
            node.child(index, source_id).fail(f"unknown source id '{source_id}'")
    return ids
