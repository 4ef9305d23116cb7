"""The use cases of a symptom check: start, answer, done, back, resume, why, consent, cancel,
reassess. Storage and the pure core meet here, never telegram: each call returns the
:mod:`screen <tgbot.checks.screens>` to show next, and the bot only renders it.

The rules of a check's life live here: the consent question is asked once, after the safety
question; nothing outlives a check without consent; a tap on anything but the live question
re-shows where the check is; a finished check's outcome is shown again until it is on screen.
A tap reads the database once and walks the flow at most twice (the stored answers, then the
new ones)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from tgbot.checks.screens import (
    Ask,
    AskConsent,
    Cancelled,
    ConsentNoted,
    Expired,
    Finished,
    OnScreen,
    PickFirst,
    Screen,
    Stale,
    Why,
)
from tgbot.checks.typed_details import TypedDetails
from tgbot.core.check_again import kept_answers
from tgbot.core.clock import Clock
from tgbot.core.triage import (
    AnswerError,
    Answers,
    Flow,
    Level,
    Position,
    Question,
    normalise_answer,
    position,
    toggle_option,
)
from tgbot.storage import FinishedCheck, RunningCheck, RunningCheckRepository, UserRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tap:
    """A button on a check's message: whose, on which message, for which question."""

    check_id: int
    user_id: int
    message_id: int | None
    question_id: str = ""


@dataclass(frozen=True)
class _Live:
    """A tap on the question the check is at now."""

    check: RunningCheck
    flow: Flow
    question: Question
    at: Position


@dataclass(frozen=True)
class Checks:
    """The check use cases for one language's flows (see ``Services.checks``)."""

    running_checks: RunningCheckRepository
    users: UserRepository
    typed: TypedDetails
    clock: Clock
    flows: Mapping[str, Flow]
    content_version: str

    # -- starting --------------------------------------------------------------------------

    async def start(self, user_id: int, chat_id: int, flow_id: str) -> Ask:
        """A new check (replacing the user's running one) at its first question; the bot
        sends it and reports the message with :meth:`sent`. Details the user's last typed
        message gave on this topic are offered first."""
        ask = await self._open(user_id, chat_id, self.flows[flow_id], {})
        log.info("event=triage_started flow=%s session=%d", flow_id, ask.check_id)
        return ask

    async def check_again(
        self, user_id: int, chat_id: int, finished: FinishedCheck, diary_since: datetime | None
    ) -> Ask:
        """Check again (a reminder's "Worse"): a new check that keeps the answers that cannot
        have changed (core/reassessment); the emergency signs are asked first again, and the
        outcome rests on the merged answers, like any check's."""
        flow = self.flows[finished.flow_id]
        now = self.clock.now()
        kept = kept_answers(flow, finished.answers, finished.created_at, now, diary_since)
        ask = await self._open(user_id, chat_id, flow, kept)
        log.info(
            "event=reassessment_started flow=%s session=%d kept=%d",
            flow.id,
            ask.check_id,
            len(kept),
        )
        return ask

    async def _open(self, user_id: int, chat_id: int, flow: Flow, kept: Answers) -> Ask:
        check_id = await self.running_checks.start(user_id, chat_id, flow.id, self.clock.now())
        self.typed.attach(user_id, flow.topic, check_id)
        first = self._ask(check_id, flow, kept, ())
        assert first is not None  # the emergency signs are never kept
        return first

    async def sent(self, ask: Ask, message_id: int) -> None:
        """The check's question is on screen in `message_id`: the only live copy from now."""
        now = self.clock.now()
        await self.running_checks.save(
            ask.check_id, ask.answers, ask.ticked, now, message_id=message_id
        )

    async def on_screen(self, user_id: int, chat_id: int) -> OnScreen | None:
        """The user's running check in this chat, at a question (typed text never drops it)."""
        check = await self.running_checks.running(user_id)
        if check is None or check.chat_id != chat_id or check.flow_id not in self.flows:
            return None
        ask = self._ask(check.check_id, self.flows[check.flow_id], check.answers, check.ticked)
        if ask is None:
            return None
        consent = bool(check.answers) and check.keep_checks is None
        return OnScreen(ask, consent, check.message_id)

    # -- taps on a question ----------------------------------------------------------------

    async def answer(self, tap: Tap, option_id: str) -> Screen:
        """A tap on an option: a single choice (or "none", or an emergency sign) answers at
        once; a multi-select option is ticked or unticked."""
        live = await self._live(tap)
        if not isinstance(live, _Live):
            return live
        option = live.question.option(option_id)
        if option is None:
            return Expired()
        question, check = live.question, live.check
        if question.kind == "single" or option.exclusive or option.level is Level.EMERGENCY:
            # An emergency sign needs no "Done": the flow stops at once.
            return await self._submit(live, (option.id,))
        ticked = toggle_option(question, check.ticked, option.id)
        await self.running_checks.save(check.check_id, check.answers, ticked, self.clock.now())
        return self._at(live, ticked)

    async def done(self, tap: Tap) -> Screen:
        live = await self._live(tap)
        if not isinstance(live, _Live):
            return live
        if not live.check.ticked:
            return PickFirst()
        return await self._submit(live, live.check.ticked)

    async def back(self, tap: Tap) -> Screen:
        """The previous question, its answer dropped but still marked, to change or keep."""
        live = await self._live(tap)
        if not isinstance(live, _Live):
            return live
        check, previous = live.check, live.at.previous
        if previous is None:
            return Stale(self._at(live, check.ticked))
        answers = {qid: opts for qid, opts in check.answers.items() if qid != previous}
        ticked = check.answers[previous]
        await self.running_checks.save(check.check_id, answers, ticked, self.clock.now())
        ask = self._ask(check.check_id, live.flow, answers, ticked, position(live.flow, answers))
        return ask if ask is not None else Expired()

    async def resume(self, tap: Tap) -> Screen:
        """ "No, back to the question" after a typed answer was offered."""
        live = await self._live(tap)
        return self._at(live, live.check.ticked) if isinstance(live, _Live) else live

    async def why(self, tap: Tap) -> Screen:
        live = await self._live(tap)
        return Why(live.question) if isinstance(live, _Live) else live

    # -- taps on the check as a whole ------------------------------------------------------

    async def consent(self, tap: Tap, keep: bool) -> Screen:
        """ "Keep my checks?" answered: either way the check goes on where it was."""
        loaded = await self._load(tap)
        if loaded is None:
            return Expired()
        check, flow = loaded
        await self.users.set_keep_checks(tap.user_id, keep, self.clock.now())
        return ConsentNoted(keep, self._ask(check.check_id, flow, check.answers, check.ticked))

    async def cancel(self, tap: Tap) -> Screen:
        loaded = await self._load(tap)
        if loaded is None:
            return Expired()
        check, flow = loaded
        if check.finished:
            return self._finished_again(check, flow)
        await self.running_checks.cancel(check.check_id)
        return Cancelled(flow.id)

    async def shown(self, finished: Finished) -> None:
        """The outcome is on screen: the running check has done its job."""
        await self.running_checks.cancel(finished.check_id)
        if finished.again:
            log.info("event=triage_outcome_reshown session=%d", finished.check_id)

    # -- the rules -------------------------------------------------------------------------

    async def _submit(self, live: _Live, chosen: tuple[str, ...]) -> Screen:
        check, flow, question = live.check, live.flow, live.question
        try:
            normalised = normalise_answer(question, chosen)
        except AnswerError:
            return Expired()
        answers = {**check.answers, question.id: normalised}
        now = self.clock.now()
        at = position(flow, answers)
        if isinstance(at.step, Question):
            await self.running_checks.save(check.check_id, answers, (), now)
            if question is flow.questions[0] and check.keep_checks is None:
                # Once, right after the safety question: nothing may stand before "call now".
                return AskConsent(check.check_id)
            return self._ask_at(check.check_id, flow, answers, (), at, at.step)
        outcome = at.step
        # Without consent nothing outlives the running question: no finished check, no reminder.
        kept = (check.user_id, flow.id, outcome.answers, outcome.level.value)
        finished_id = await self.running_checks.finish(
            check.check_id,
            kept if check.keep_checks is True else None,
            now,
            content_version=self.content_version,
            answers=answers,
        )
        log.info(
            "event=triage_finished flow=%s level=%s session=%d",
            flow.id,
            outcome.level,
            check.check_id,
        )
        return Finished(check.check_id, flow, outcome, finished_id)

    async def _load(self, tap: Tap) -> tuple[RunningCheck, Flow] | None:
        """The check behind a button, if it still runs, is the tapper's, and the tap is on its
        own message (copies elsewhere have expired)."""
        check = await self.running_checks.get(tap.check_id)
        if (
            check is None
            or check.user_id != tap.user_id
            or check.flow_id not in self.flows
            or (tap.message_id is not None and tap.message_id != check.message_id)
        ):
            return None
        return check, self.flows[check.flow_id]

    async def _live(self, tap: Tap) -> _Live | Screen:
        loaded = await self._load(tap)
        if loaded is None:
            return Expired()
        check, flow = loaded
        if check.finished:
            return self._finished_again(check, flow)
        at = position(flow, check.answers)
        if not isinstance(at.step, Question) or at.step.id != tap.question_id:
            return Stale(self._ask_or_none(check, flow, at))
        return _Live(check, flow, at.step, at)

    def _finished_again(self, check: RunningCheck, flow: Flow) -> Screen:
        """A finished check whose outcome a crash (or a failed edit) kept off the screen."""
        at = position(flow, check.answers)
        if isinstance(at.step, Question):
            return Expired()
        return Finished(check.check_id, flow, at.step, check.episode_id, again=True)

    def _at(self, live: _Live, ticked: tuple[str, ...]) -> Ask:
        check = live.check
        return self._ask_at(
            check.check_id, live.flow, check.answers, ticked, live.at, live.question
        )

    def _ask_or_none(self, check: RunningCheck, flow: Flow, at: Position) -> Ask | None:
        if not isinstance(at.step, Question):
            return None
        return self._ask_at(check.check_id, flow, check.answers, check.ticked, at, at.step)

    def _ask(
        self,
        check_id: int,
        flow: Flow,
        answers: Answers,
        ticked: tuple[str, ...],
        at: Position | None = None,
    ) -> Ask | None:
        at = at if at is not None else position(flow, answers)
        if not isinstance(at.step, Question):
            return None
        return self._ask_at(check_id, flow, answers, ticked, at, at.step)

    def _ask_at(
        self,
        check_id: int,
        flow: Flow,
        answers: Answers,
        ticked: tuple[str, ...],
        at: Position,
        question: Question,
    ) -> Ask:
        return Ask(
            check_id=check_id,
            flow=flow,
            question=question,
            answers=answers,
            ticked=ticked,
            at=(at.number, at.total),
            can_go_back=at.previous is not None,
            offered=self.typed.offered(check_id, question),
        )
