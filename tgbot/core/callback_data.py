"""The compact, versioned callback-data codec (pure: the buttons are in tgbot.bot.keyboards).

Callback data is at most 64 bytes and comes back from any client, so it is treated as untrusted
input: :func:`decode` returns ``None`` for anything it does not fully understand.
Format: ``<version><code>:<field>:<field>...``, e.g. ``1t:twitch``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import ClassVar, get_type_hints

VERSION = "1"
MAX_CALLBACK_BYTES = 64
# Ids are SQLite integers: ASCII digits only (str.isdigit() also takes "²" and "٣", which
# int() then refuses or reads), within the 64 bits a row id can hold.
_INTEGER = re.compile(r"-?[0-9]{1,19}")
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class CallbackAction:
    code: ClassVar[str]


@dataclass(frozen=True)
class OpenTopic(CallbackAction):
    """Show a topic's overview (from /start, or Back from a section)."""

    code: ClassVar[str] = "t"
    topic: str


@dataclass(frozen=True)
class OpenSection(CallbackAction):
    code: ClassVar[str] = "s"
    topic: str
    section: str


@dataclass(frozen=True)
class OpenSources(CallbackAction):
    code: ClassVar[str] = "r"
    topic: str


@dataclass(frozen=True)
class StartCheck(CallbackAction):
    """ "Check my symptoms": begin the flow of that topic."""

    code: ClassVar[str] = "c"
    flow: str


@dataclass(frozen=True)
class CheckAnswer(CallbackAction):
    """Pick (single-select) or tick (multi-select) an option of the current question."""

    code: ClassVar[str] = "a"
    check: int
    question: str
    option: str


@dataclass(frozen=True)
class CheckDone(CallbackAction):
    code: ClassVar[str] = "d"
    check: int
    question: str


@dataclass(frozen=True)
class CheckBack(CallbackAction):
    code: ClassVar[str] = "b"
    check: int
    question: str


@dataclass(frozen=True)
class CheckWhy(CallbackAction):
    """ "Why this question?": a pop-up explaining the current question; nothing changes."""

    code: ClassVar[str] = "y"
    check: int
    question: str


@dataclass(frozen=True)
class CheckResume(CallbackAction):
    """ "No, back to the question" after a typed answer: show the current question again."""

    code: ClassVar[str] = "Q"
    check: int
    question: str


@dataclass(frozen=True)
class CheckCancel(CallbackAction):
    code: ClassVar[str] = "x"
    check: int


@dataclass(frozen=True)
class RemindMe(CallbackAction):
    """ "Remind me to check again" under an outcome: offer the reminder choices."""

    code: ClassVar[str] = "m"
    check: int


@dataclass(frozen=True)
class ConsentChoice(CallbackAction):
    """The one-time question after the safety question of the first check: keep it (1) or
    not (0), then go on with that session's next question."""

    code: ClassVar[str] = "p"
    check: int
    keep: int


@dataclass(frozen=True)
class SetKeepChecks(CallbackAction):
    """/privacy: change the answer to the consent question."""

    code: ClassVar[str] = "q"
    keep: int


@dataclass(frozen=True)
class DeletePastChecks(CallbackAction):
    """After "Stop keeping my checks": delete the checks kept so far (1) or keep them (0)."""

    code: ClassVar[str] = "e"
    confirm: int


@dataclass(frozen=True)
class ForgetMe(CallbackAction):
    """/forget confirmation: delete everything (1) or keep it (0)."""

    code: ClassVar[str] = "f"
    confirm: int


@dataclass(frozen=True)
class SetReminder(CallbackAction):
    """A reminder time for a check: a policy choice ("3d", "1w", "2w") or "no"."""

    code: ClassVar[str] = "w"
    check: int
    choice: str


@dataclass(frozen=True)
class ReminderAnswer(CallbackAction):
    """An answer under a delivered reminder: gone, still, worse or snooze."""

    code: ClassVar[str] = "g"
    reminder: int
    answer: str


@dataclass(frozen=True)
class CancelReminder(CallbackAction):
    code: ClassVar[str] = "k"
    reminder: int


@dataclass(frozen=True)
class OpenSettings(CallbackAction):
    """ "Set my time zone" under a first reminder: show /settings in place."""

    code: ClassVar[str] = "o"


@dataclass(frozen=True)
class LogStart(CallbackAction):
    """/log for a topic (or "Log today" under a reminder): ask how much today."""

    code: ClassVar[str] = "l"
    flow: str


@dataclass(frozen=True)
class LogAmount(CallbackAction):
    code: ClassVar[str] = "n"
    flow: str
    amount: str


@dataclass(frozen=True)
class LogPlace(CallbackAction):
    code: ClassVar[str] = "h"
    flow: str
    amount: str
    location: str


@dataclass(frozen=True)
class LogBefore(CallbackAction):
    """Tick or untick what came before today's entry; "-" is Done."""

    code: ClassVar[str] = "j"
    flow: str
    day: str
    """The entry's local day (YYYYMMDD): a tap from yesterday's message edits yesterday."""
    option: str


@dataclass(frozen=True)
class CheckinOffer(CallbackAction):
    """ "Ask me every evening" (after /log, under /diary): show the hours to pick from."""

    code: ClassVar[str] = "eo"
    flow: str


@dataclass(frozen=True)
class CheckinHour(CallbackAction):
    """The local hour picked for the evening check-in; -1 is "No thanks"."""

    code: ClassVar[str] = "eh"
    flow: str
    hour: int


@dataclass(frozen=True)
class StopCheckins(CallbackAction):
    code: ClassVar[str] = "ex"


@dataclass(frozen=True)
class PickTimezone(CallbackAction):
    """/settings: one of the listed time zones by index, or -1 to type one."""

    code: ClassVar[str] = "z"
    index: int


@dataclass(frozen=True)
class RateItem(CallbackAction):
    """ "Was this helpful?": a vote ("up", "down") on a content item, e.g. kind "outcome" with
    item "twitch.doctor", or kind "faq" with a frequent question's id."""

    code: ClassVar[str] = "v"
    kind: str
    item: str
    vote: str


@dataclass(frozen=True)
class RateReason(CallbackAction):
    """After a 👎: what was wrong, one of the fixed reasons, for the stored vote."""

    code: ClassVar[str] = "u"
    feedback: int
    reason: str


@dataclass(frozen=True)
class ChooseLanguage(CallbackAction):
    """/language, or the offer after a message in another language: write in this one (a
    content language code, e.g. "es")."""

    code: ClassVar[str] = "i"
    language: str


@dataclass(frozen=True)
class OpenLanguages(CallbackAction):
    """/settings: "Language": the buttons of /language."""

    code: ClassVar[str] = "I"


@dataclass(frozen=True)
class SafetyAnswer(CallbackAction):
    """The answer to the safety net's one question ("Is someone shaking and not responding
    right now?"): yes (1) gives the emergency answer; no (0) the page of ``topic`` ("-": the
    topics' menu)."""

    code: ClassVar[str] = "S"
    ask: str
    yes: int
    topic: str


_ACTIONS: dict[str, type[CallbackAction]] = {}
_FIELDS: dict[type[CallbackAction], tuple[tuple[str, bool], ...]] = {}
"""Each action's fields in order, and whether each is an int: worked out once, at register
(typing.get_type_hints on every tap cost more than the rest of decoding)."""


def register(action: type[CallbackAction]) -> type[CallbackAction]:
    if action.code in _ACTIONS:
        raise ValueError(f"callback code {action.code!r} is used twice")
    _ACTIONS[action.code] = action
    hints = get_type_hints(action)
    _FIELDS[action] = tuple((f.name, hints[f.name] is int) for f in dataclasses.fields(action))
    return action


for _action in (
    OpenTopic,
    OpenSection,
    OpenSources,
    StartCheck,
    CheckAnswer,
    CheckDone,
    CheckBack,
    CheckCancel,
    CheckWhy,
    CheckResume,
    RemindMe,
    ConsentChoice,
    SetKeepChecks,
    DeletePastChecks,
    ForgetMe,
    SetReminder,
    ReminderAnswer,
    CancelReminder,
    OpenSettings,
    LogStart,
    LogAmount,
    LogPlace,
    LogBefore,
    CheckinOffer,
    CheckinHour,
    StopCheckins,
    PickTimezone,
    RateItem,
    RateReason,
    ChooseLanguage,
    OpenLanguages,
    SafetyAnswer,
):
    register(_action)


def pattern(action: type[CallbackAction]) -> str:
    """A regex for ``CallbackQueryHandler`` that selects one action of this version."""
    return f"^{VERSION}{action.code}:"


def encode(action: CallbackAction) -> str:
    """Fields from the table made at register: ``dataclasses.fields`` walks the class's
    fields again on every call, for every button of every keyboard."""
    parts = []
    for name, _ in _FIELDS[type(action)]:
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
    fields = _FIELDS[action]
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
