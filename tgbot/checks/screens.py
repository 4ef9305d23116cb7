"""What a check shows next: the answer of every use case, for the bot to render.

Plain data, no telegram: a handler turns each into a message and buttons."""

from __future__ import annotations

from dataclasses import dataclass

from tgbot.core.triage import Answers, Flow, Outcome, Question


@dataclass(frozen=True)
class Ask:
    """A question to show, as the check stands now."""

    check_id: int
    flow: Flow
    question: Question
    answers: Answers
    ticked: tuple[str, ...]
    """Ticks so far (multi-select), or after Back the answer given before."""
    at: tuple[int, int]
    """ "Question n of up to m"."""
    can_go_back: bool
    offered: tuple[str, ...]
    """Options a typed message named, offered first (never taken as an answer)."""


@dataclass(frozen=True)
class OnScreen:
    """A running check's screen, for text typed in the middle of it."""

    ask: Ask
    consent: bool
    """The one-time consent question is what is on screen, not `ask`'s question."""
    message_id: int | None


@dataclass(frozen=True)
class AskConsent:
    """The one-time "keep my checks?" question, right after the safety question."""

    check_id: int


@dataclass(frozen=True)
class ConsentNoted:
    """The consent answer, acknowledged above the question it leads back to (if any)."""

    keep: bool
    then: Ask | None


@dataclass(frozen=True)
class Finished:
    """The outcome, to show; then :meth:`Checks.shown` ends the running check."""

    check_id: int
    flow: Flow
    outcome: Outcome
    finished_check_id: int | None
    """The kept (finished) check, for "Remind me"; None without consent."""
    again: bool = False
    """Shown once already, or meant to be (a crash kept it off the screen)."""


@dataclass(frozen=True)
class Stale:
    """A tap on a question already answered (a double tap, an old copy): where we are."""

    now: Ask | None


@dataclass(frozen=True)
class Expired:
    """A button that cannot be served: not this user's, not the live message, gone."""


@dataclass(frozen=True)
class PickFirst:
    """ "Done" with nothing ticked."""


@dataclass(frozen=True)
class Why:
    """ "Why this question?": a pop-up; the check stays exactly where it was."""

    question: Question


@dataclass(frozen=True)
class Cancelled:
    flow_id: str


Screen = Ask | AskConsent | ConsentNoted | Finished | Stale | Expired | PickFirst | Why | Cancelled
