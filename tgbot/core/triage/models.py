"""Immutable data of the triage: levels, questions, flows, outcomes, shared texts.

Everything here is built by the loader from content/ and never changed afterwards, so handlers
can share one instance between updates without locks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from tgbot.core.triage.conditions import Condition

QuestionKind = Literal["single", "multi"]
Answers = Mapping[str, tuple[str, ...]]
"""Question id -> chosen option ids (a single-select answer holds exactly one id)."""


class Level(StrEnum):
    """Advice levels, declared from lowest to highest: the declaration order is the rank."""

    SELF_CARE = "self_care"
    DOCTOR = "doctor"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    """Button text: plain text, short, may start with an emoji."""
    level: Level | None = None
    reason: str | None = None
    """Why this answer matters, in plain words (Telegram HTML); set exactly when level is."""
    tip: str | None = None
    """Tip id; the tip text lives in content/topics/<flow.topic>.yaml under `tips:`."""
    exclusive: bool = False
    """The "none of these" option of a multi-select: it cannot be combined with others."""
    source_ids: tuple[str, ...] = ()
    tell_doctor: str | None = None
    clears: tuple[str, ...] = ()
    """Earlier questions whose reasons this answer drops: the one way an answer lowers a level
    (a doctor already checked a long-lasting twitch)."""
    level_when: Condition | None = None
    """The level (and its reason) counts only while this holds on earlier answers: a spasm
    over 10 minutes is urgent, but not in the back or neck, where spasms last for days."""


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: QuestionKind
    options: tuple[Option, ...]
    ask_when: Condition | None = None
    """Asked only while this holds on earlier answers; None means always asked."""
    why: str = ""
    """What the question is for, in one or two plain sentences ("Why this question?")."""
    why_source_ids: tuple[str, ...] = ()

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def ends_on_any_tap(self) -> bool:
        """Every option is an emergency sign or "none": the first tap answers it, no Done."""
        return all(o.exclusive or o.level is Level.EMERGENCY for o in self.options)


@dataclass(frozen=True)
class OutcomeText:
    """What a flow says when it ends at one level."""

    text: str
    source_ids: tuple[str, ...]
    see_doctor_if: tuple[str, ...] = ()
    reassess: str | None = None


@dataclass(frozen=True)
class Flow:
    id: str
    topic: str
    title: str
    intro: str
    questions: tuple[Question, ...]
    outcomes: Mapping[Level, OutcomeText]
    tell_doctor: tuple[str, ...] = ()
    """Points worth telling a doctor whatever the answers; answer-specific ones follow them."""
    most_questions: int = 0
    """The most questions any answers lead to: the fixed "up to" of the progress line. Worked
    out once by the loader (tgbot/core/triage/length.py)."""

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def can_reach(self, level: Level, after: Question) -> bool:
        """Whether any question after `after` has an option of this level."""
        later = self.questions[self.questions.index(after) + 1 :]
        return any(o.level is level for q in later for o in q.options)


@dataclass(frozen=True)
class Reason:
    text: str
    level: Level
    source_ids: tuple[str, ...]
    question_id: str
    option_id: str
    answer: str = ""
    """The answer in the user's words: the button they tapped, without its emoji."""


@dataclass(frozen=True)
class Outcome:
    flow_id: str
    level: Level
    reasons: tuple[Reason, ...]
    """Highest level first; answers of equal level keep the order they were asked in."""
    tip_ids: tuple[str, ...]
    tell_doctor: tuple[str, ...]
    source_ids: tuple[str, ...]
    asked: tuple[str, ...]
    answers: Answers = field(compare=False)
    """Normalised answers to the asked questions only."""
    ignored: tuple[str, ...] = ()
    """Questions answered but not asked for these answers (the CLI lists them)."""

    @property
    def decided_by(self) -> tuple[Reason, ...]:
        """The answers that set the level: every reason at the outcome's level (for self-care,
        only an answer that lowered it, such as a doctor having checked the twitch)."""
        return tuple(r for r in self.reasons if r.level is self.level)


@dataclass(frozen=True)
class LevelText:
    name: str
    """Plain short name, for logs, the CLI and history lists."""
    headline: str


@dataclass(frozen=True)
class EmergencyTexts:
    do_not_wait: str
    say_heading: str
    say: tuple[str, ...]
    dont_drive: str
    reasons_heading: str
    footer: str
    """Ends every emergency message in place of the disclaimer, which says "if you are
    worried, talk to a doctor": nothing after "call now" may soften it."""


@dataclass(frozen=True)
class Headings:
    reasons: str
    tell_doctor: str
    tips: str
    see_doctor_if: str
    sources: str
    decided_by: str
    nothing_decided: str
    """Self-care with no answer that set a level: said under decided_by."""
    you_told_me: str
    """Above the answers given, near the end of every outcome but an emergency."""


@dataclass(frozen=True)
class UiTexts:
    back: str
    cancel: str
    done: str
    none_of_these: str
    progress: str
    """Template with {n} and {total}, the most questions the check can ask ("up to")."""
    tick_all: str
    selected: str
    """Template with {labels}."""
    start_again: str
    remind_me: str
    cancelled: str
    question_closed: str
    """Plain text for a pop-up: a tap on a question that is no longer asked."""
    pick_first: str
    """Plain text for a pop-up: Done pressed with nothing ticked."""
    why: str
    """The "Why this question?" button."""
    you_said: str
    """Template with {answer} and {level}: one line of "What decided this"."""
    told: str
    """Template with {question} and {answer}: one line of "You told me"."""


@dataclass(frozen=True)
class EmergencyNumbers:
    default: tuple[str, ...]
    regions: Mapping[str, tuple[str, ...]]
    """Lower-case region subtag of a language tag ("gb" in "en-GB") -> numbers, first = main."""
    languages: Mapping[str, tuple[str, ...]]
    """Lower-case primary language subtag -> numbers, used when the tag has no known region."""


@dataclass(frozen=True)
class TriageTexts:
    """Texts shared by all flows (content/triage.yaml)."""

    disclaimer: str
    or_word: str
    bullet: str
    levels: Mapping[Level, LevelText]
    emergency: EmergencyTexts
    headings: Headings
    ui: UiTexts
    numbers: EmergencyNumbers


@dataclass(frozen=True)
class TriageData:
    flows: Mapping[str, Flow]
    texts: TriageTexts
