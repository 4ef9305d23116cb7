"""The compact, versioned callback-data codec (the buttons are in tgbot.bot.keyboards).

Callback data is at most 64 bytes and comes back from any client, so it is treated as untrusted
input: :func:`decode` returns ``None`` for anything it does not fully understand.
Format: ``<version><code>:<field>:<field>...``, e.g. ``1t:twitch``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, ClassVar, get_type_hints

VERSION = "1"
MAX_CALLBACK_BYTES = 64
# Ids are SQLite integers: ASCII digits only (str.isdigit() also takes "²" and "٣", which
# int() then refuses or reads), within the 64 bits a row id can hold.
_INTEGER = re.compile(r"-?[0-9]{1,19}")
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


_ACTIONS: dict[str, type[CallbackAction]] = {}
_FIELDS: dict[type[CallbackAction], tuple[tuple[str, bool], ...]] = {}
"""Each action's fields in order, and whether each is an int: worked out once, at the first
use (typing.get_type_hints on every tap cost more than the rest of decoding)."""


@dataclass(frozen=True)
class CallbackAction:
    """A button's action. Each one registers itself where it is declared, under its code:
    ``class OpenTopic(CallbackAction, code="t")``. A code used twice fails at import."""

    code: ClassVar[str]

    def __init_subclass__(cls, code: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not code:
            raise TypeError(f"callback action {cls.__name__} has no code")
        if code in _ACTIONS:
            raise ValueError(f"callback code {code!r} is used twice")
        cls.code = code
        _ACTIONS[code] = cls


@dataclass(frozen=True)
class OpenTopic(CallbackAction, code="t"):
    """Show a topic's overview (from /start, or Back from a section)."""

    topic: str


@dataclass(frozen=True)
class OpenSection(CallbackAction, code="s"):
    topic: str
    section: str


@dataclass(frozen=True)
class OpenSources(CallbackAction, code="r"):
    topic: str


@dataclass(frozen=True)
class StartCheck(CallbackAction, code="c"):
    """ "Check my symptoms": begin the flow of that topic."""

    flow: str


@dataclass(frozen=True)
class CheckAnswer(CallbackAction, code="a"):
    """Pick (single-select) or tick (multi-select) an option of the current question."""

    check: int
    question: str
    option: str


@dataclass(frozen=True)
class CheckDone(CallbackAction, code="d"):
    check: int
    question: str


@dataclass(frozen=True)
class CheckBack(CallbackAction, code="b"):
    check: int
    question: str


@dataclass(frozen=True)
class CheckWhy(CallbackAction, code="y"):
    """ "Why this question?": a pop-up explaining the current question; nothing changes."""

    check: int
    question: str


@dataclass(frozen=True)
class CheckResume(CallbackAction, code="Q"):
    """ "No, back to the question" after a typed answer: show the current question again."""

    check: int
    question: str


@dataclass(frozen=True)
class CheckCancel(CallbackAction, code="x"):
    check: int


@dataclass(frozen=True)
class RemindMe(CallbackAction, code="m"):
    """ "Remind me to check again" under an outcome: offer the reminder choices."""

    check: int


@dataclass(frozen=True)
class ConsentChoice(CallbackAction, code="p"):
    """The one-time question after the safety question of the first check: keep it (1) or
    not (0), then go on with that session's next question."""

    check: int
    keep: int


@dataclass(frozen=True)
class SetKeepChecks(CallbackAction, code="q"):
    """/privacy: change the answer to the consent question."""

    keep: int


@dataclass(frozen=True)
class DeletePastChecks(CallbackAction, code="e"):
    """After "Stop keeping my checks": delete the checks kept so far (1) or keep them (0)."""

    confirm: int


@dataclass(frozen=True)
class ForgetMe(CallbackAction, code="f"):
    """/forget confirmation: delete everything (1) or keep it (0)."""

    confirm: int


@dataclass(frozen=True)
class SetReminder(CallbackAction, code="w"):
    """A reminder time for a check: a policy choice ("3d", "1w", "2w") or "no"."""

    check: int
    choice: str


@dataclass(frozen=True)
class ReminderAnswer(CallbackAction, code="g"):
    """An answer under a delivered reminder: gone, still, worse or snooze."""

    reminder: int
    answer: str


@dataclass(frozen=True)
class CancelReminder(CallbackAction, code="k"):
    reminder: int


@dataclass(frozen=True)
class OpenSettings(CallbackAction, code="o"):
    """ "Set my time zone" under a first reminder: show /settings in place."""


@dataclass(frozen=True)
class LogStart(CallbackAction, code="l"):
    """/log for a topic (or "Log today" under a reminder): ask how much today."""

    flow: str


@dataclass(frozen=True)
class LogAmount(CallbackAction, code="n"):
    flow: str
    amount: str


@dataclass(frozen=True)
class LogPlace(CallbackAction, code="h"):
    flow: str
    amount: str
    location: str


@dataclass(frozen=True)
class LogBefore(CallbackAction, code="j"):
    """Tick or untick what came before today's entry; "-" is Done."""

    flow: str
    day: str
    """The entry's local day (YYYYMMDD): a tap from yesterday's message edits yesterday."""
    option: str


@dataclass(frozen=True)
class CheckinOffer(CallbackAction, code="eo"):
    """ "Ask me every evening" (after /log, under /diary): show the hours to pick from."""

    flow: str


@dataclass(frozen=True)
class CheckinHour(CallbackAction, code="eh"):
    """The local hour picked for the evening check-in; -1 is "No thanks"."""

    flow: str
    hour: int


@dataclass(frozen=True)
class StopCheckins(CallbackAction, code="ex"):
    """ "Stop the evening check-ins"."""


@dataclass(frozen=True)
class PickTimezone(CallbackAction, code="z"):
    """/settings: one of the listed time zones by index, or -1 to type one."""

    index: int


@dataclass(frozen=True)
class AllowDiary(CallbackAction, code="K"):
    """/log before consent: allow keeping checks and the diary, then log ``flow`` today."""

    flow: str


@dataclass(frozen=True)
class SetTimezone(CallbackAction, code="Z"):
    """A typed city that several places bear: the one tapped, by its IANA zone."""

    zone: str


@dataclass(frozen=True)
class RateItem(CallbackAction, code="v"):
    """ "Was this helpful?": a vote ("up", "down") on a content item, e.g. kind "outcome" with
    item "twitch.doctor", or kind "faq" with a frequent question's id."""

    kind: str
    item: str
    vote: str


@dataclass(frozen=True)
class RateReason(CallbackAction, code="u"):
    """After a 👎: what was wrong, one of the fixed reasons, for the stored vote."""

    feedback: int
    reason: str


@dataclass(frozen=True)
class ChooseLanguage(CallbackAction, code="i"):
    """/language, or the offer after a message in another language: write in this one (a
    content language code, e.g. "es")."""

    language: str


@dataclass(frozen=True)
class OpenLanguages(CallbackAction, code="I"):
    """/settings: "Language": the buttons of /language."""


@dataclass(frozen=True)
class SafetyAnswer(CallbackAction, code="S"):
    """The answer to the safety net's one question ("Is someone shaking and not responding
    right now?"): yes (1) gives the emergency answer; no (0) the page of ``topic`` ("-": the
    topics' menu)."""

    ask: str
    yes: int
    topic: str


@dataclass(frozen=True)
class EditQuestions(CallbackAction, code="dq"):
    """The questions for the doctor: "show" them (under /summary), "add" one, "clear" all."""

    do: str


def _fields(action: type[CallbackAction]) -> tuple[tuple[str, bool], ...]:
    found = _FIELDS.get(action)
    if found is None:
        hints = get_type_hints(action)
        found = tuple((f.name, hints[f.name] is int) for f in dataclasses.fields(action))
        _FIELDS[action] = found
    return found


def pattern(action: type[CallbackAction]) -> str:
    """A regex for ``CallbackQueryHandler`` that selects one action of this version."""
    return f"^{VERSION}{action.code}:"


def encode(action: CallbackAction) -> str:
    """Fields from the table made at first use: ``dataclasses.fields`` walks the class's
    fields again on every call, for every button of every keyboard."""
    parts = []
    for name, _ in _fields(type(action)):
        value = str(getattr(action, name))
        if ":" in value or not value:
            raise ValueError(f"callback field {name}={value!r} is empty or has ':'")
        parts.append(value)
    data = f"{VERSION}{action.code}:" + ":".join(parts)
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> CallbackAction | None:
    """The action in ``data``, or ``None`` if it is from another version, forged or truncated."""
    if not data or not data.startswith(VERSION) or ":" not in data:
        return None
    head, _, rest = data.partition(":")
    action = _ACTIONS.get(head[len(VERSION) :])
    if action is None:
        return None
    fields = _fields(action)
    values = rest.split(":") if rest else []
    if len(values) != len(fields):
        return None
    kwargs: dict[str, object] = {}
    for (name, is_int), raw in zip(fields, values, strict=True):
        if not raw:
            return None
        if is_int:
            number = int(raw) if _INTEGER.fullmatch(raw) else None
            if number is None or not _INT_MIN <= number <= _INT_MAX:
                return None
            kwargs[name] = number
        else:
            kwargs[name] = raw
    return action(**kwargs)
