"""Load content/triage.yaml: texts shared by all flows, and emergency numbers by language."""

from __future__ import annotations

import re
from types import MappingProxyType

from tgbot.core.content.yaml_reader import Node
from tgbot.core.triage.models import (
    EmergencyNumbers,
    EmergencyTexts,
    Headings,
    Level,
    LevelText,
    TriageTexts,
    UiTexts,
)

_NUMBER = re.compile(r"^[0-9]{2,5}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def load_texts(node: Node) -> TriageTexts:
    f = node.fields(
        [
            "disclaimer",
            "or_word",
            "bullet",
            "levels",
            "emergency",
            "headings",
            "ui",
            "emergency_numbers",
        ]
    )
    return TriageTexts(
        disclaimer=f["disclaimer"].html(),
        or_word=f["or_word"].text(),
        bullet=f["bullet"].text(),
        levels=_levels(f["levels"]),
        emergency=_emergency(f["emergency"]),
        headings=_headings(f["headings"]),
        ui=_ui(f["ui"]),
        numbers=_numbers(f["emergency_numbers"]),
    )


def _levels(node: Node) -> MappingProxyType[Level, LevelText]:
    f = node.fields([level.value for level in Level])
    levels: dict[Level, LevelText] = {}
    for level in Level:
        g = f[level.value].fields(["name", "headline"])
        # Only the emergency headline names the numbers to call.
        names = ("numbers",) if level is Level.EMERGENCY else ()
        levels[level] = LevelText(name=g["name"].text(), headline=g["headline"].template(*names))
    return MappingProxyType(levels)


def _emergency(node: Node) -> EmergencyTexts:
    f = node.fields(
        ["do_not_wait", "say_heading", "say", "dont_drive", "reasons_heading", "footer"]
    )
    return EmergencyTexts(
        do_not_wait=f["do_not_wait"].html(),
        say_heading=f["say_heading"].html(),
        say=f["say"].html_list(),
        dont_drive=f["dont_drive"].html(),
        reasons_heading=f["reasons_heading"].html(),
        footer=f["footer"].html(),
    )


def _headings(node: Node) -> Headings:
    f = node.fields(
        [
            "reasons",
            "tell_doctor",
            "tips",
            "see_doctor_if",
            "sources",
            "decided_by",
            "nothing_decided",
            "you_told_me",
        ]
    )
    return Headings(**{key: value.html() for key, value in f.items()})


def _ui(node: Node) -> UiTexts:
    # Buttons and pop-up alerts are plain text: Telegram shows them as typed.
    plain = [
        "back",
        "cancel",
        "done",
        "none_of_these",
        "start_again",
        "remind_me",
        "question_closed",
        "pick_first",
        "why",
    ]
    rich = ["tick_all", "cancelled"]
    f = node.fields([*plain, *rich, "progress", "selected", "you_said", "told"])
    return UiTexts(
        **{key: f[key].plain() for key in plain},
        **{key: f[key].html() for key in rich},
        progress=f["progress"].template("n", "total"),
        selected=f["selected"].template("labels"),
        you_said=f["you_said"].template("answer", "level"),
        told=f["told"].template("question", "answer"),
    )


def _numbers(node: Node) -> EmergencyNumbers:
    """Only the languages the bot does not speak: each country's numbers are in
    content/numbers/, and a language of the bot names its own in its language.yaml."""
    f = node.fields(["languages"])
    return EmergencyNumbers(
        default=(),
        regions=MappingProxyType({}),
        languages=_number_table(f["languages"], _LANGUAGE),
    )


def _number_table(
    node: Node, key_pattern: re.Pattern[str]
) -> MappingProxyType[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for key, item in node.entries():
        if not key_pattern.match(key):
            item.fail(f"'{key}' is not a lower-case code like those above it")
        table[key] = _number_list(item)
    return MappingProxyType(table)


def _number_list(node: Node) -> tuple[str, ...]:
    numbers = tuple(item.text() for item in node.items())
    for index, number in enumerate(numbers):
        if not _NUMBER.match(number):
            node.child(index, number).fail(f"'{number}' is not a phone number of digits only")
    return numbers
