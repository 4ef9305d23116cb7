"""Delivering reminder rows: claim -> send -> mark sent, each step committed.

Once on the normal path, at least once across a crash (rows left 'sending' go back to
'pending' at start-up); a claim taken over (a pause past the lease) neither sends nor records
(its fence, checked when the send's turn comes; the send leaves within half a lease of that
or not at all). Nothing is lost: errors retry with capped backoff while the reminder has a
point, then the user is told at their next visit. A check-in too late for its evening is
skipped. A write that fails after a send is kept in memory and retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, CallbackContext

from tgbot import metrics
from tgbot.bot import ratelimit
from tgbot.bot.callback_data import CheckinOffer
from tgbot.bot.keyboards import button
from tgbot.bot.keyboards.reminders import checkin_keyboard, reminder_keyboard
from tgbot.core import reminder_policy as policy
from tgbot.core.clock import Clock
from tgbot.core.dates import LocalTime
from tgbot.core.reminder_texts import checkin_text, reminder_text
from tgbot.core.timezones import is_location_zone
from tgbot.storage import (
    Checkin,
    DiaryRepository,
    FinishedCheckRepository,
    Reminder,
    ReminderRepository,
    ReminderStatus,
    UserRepository,
)


class Delivery(StrEnum):
    """What one delivery attempt did (for logs and tests)."""

    SENT = "sent"
    NOT_PENDING = "not_pending"
    CLOSED = "closed"
    BLOCKED = "blocked"
    RETRY = "retry"
    FAILED = "failed"
    MISSED = "missed"  # given up on: it lost its point while Telegram could not be reached
    SKIPPED = "skipped"  # a check-in too late for its evening, or for a day already logged
    LAPSED = "lapsed"  # the last check-in, saying they stop: 14 days without a diary entry


AnyApplication = Application[Any, Any, Any, Any, Any, Any]
AnyContext = CallbackContext[Any, Any, Any, Any]

log = logging.getLogger(__name__)

# Deliveries at once. A thousand due together would each run their database round trips and
# build their message before the first leaves; people's replies queued behind all of that
# (2.3 s, benchmarks/fairness.py). Eight keep the rate limiter busy at Telegram's pace.
DELIVERIES_AT_ONCE = 8
# A write that failed after a send is tried again this often, until it works or we stop.
REWRITE_EVERY = 1.0


async def user_timezone(users: UserRepository, default: ZoneInfo, user_id: int) -> ZoneInfo:
    """The zone the user chose in /settings, else the bot's default."""
    record = await users.get(user_id)
    if record is not None and record.timezone:
        if is_location_zone(record.timezone):
            return ZoneInfo(record.timezone)
        log.warning("event=stored_timezone_invalid user_id=%d", user_id)
    return default


class ReminderDelivery(ABC):
    """Sending the rows the scheduler put in memory as jobs (see :class:`ReminderService`).
    Its collaborators are passed in: it reads no bot_data, so the handlers' context can hold
    it without an import circle."""

    def __init__(
        self,
        repo: ReminderRepository,
        finished_checks: FinishedCheckRepository,
        users: UserRepository,
        clock: Clock,
        default_timezone: ZoneInfo,
        messages: Callable[[str | None, str | None, ZoneInfo], tuple[LocalTime, Mapping[str, str]]],
        retry_max: float = policy.MAX_DELAY,
        sends_per_second: float = ratelimit.SENDS_PER_SECOND,
        diary: DiaryRepository | None = None,
        topics: Callable[[str | None], Mapping[str, str]] = lambda _: {},
    ) -> None:
        self.repo = repo
        self._diary = diary
        self._topics = topics  # topic id -> its title in a language; content may reload
        self._finished_checks = finished_checks
        self._users = users
        self._clock = clock
        self._default_timezone = default_timezone
        self._messages = messages
        """The current messages: content may be reloaded while the bot runs."""
        self._application: AnyApplication | None = None
        self._retry_max = retry_max
        self._sends_per_second = sends_per_second
        self._delivering = asyncio.Semaphore(DELIVERIES_AT_ONCE)
        self._unwritten: dict[int, Callable[[], Awaitable[bool]]] = {}  # failed writes, retried
        self._in_flight: set[int] = set()  # claimed, not yet recorded: their leases renewed
        self._rewriter: asyncio.Task[None] | None = None
        self._untold: set[int] = set()  # users not yet told of a missed reminder

    @property
    def unwritten_count(self) -> int:
        """Writes after a send that failed and wait to be tried again (for /healthz)."""
        return len(self._unwritten)

    @abstractmethod
    def _schedule(self, reminder_id: int, user_id: int, send_at: datetime, now: datetime) -> None:
        """Put a row in memory as a job: the scheduler's (ReminderService)."""

    @abstractmethod
    def drop_jobs_of(self, user_id: int) -> None:
        """Take the user's rows out of memory: the scheduler's (ReminderService)."""

    async def cancel_all_for(self, user_id: int) -> None:
        """The user blocked the bot: nothing more is sent to them."""
        await self.repo.cancel_for_user(user_id)
        self.drop_jobs_of(user_id)

    async def timezone_of(self, user_id: int) -> ZoneInfo:
        return await user_timezone(self._users, self._default_timezone, user_id)

    async def language_of(self, user_id: int) -> tuple[str | None, str | None]:
        """The language to write to the user in (the one they chose, else Telegram's), and
        Telegram's own tag (for dates: en-GB writes "4 Dec")."""
        user = await self._users.get(user_id)
        if user is None:
            return None, None
        return user.language or user.language_code, user.language_code

    async def stop(self) -> None:
        """Before the database closes: one last try at the writes still owed."""
        if self._rewriter is not None:
            self._rewriter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._rewriter
            self._rewriter = None
        await self._write_owed()
        if self._unwritten:
            log.error("event=reminder_writes_lost count=%d", len(self._unwritten))

    async def tell_missed(self, user_id: int, chat_id: int) -> None:
        """At a user's visit: say honestly that a promised reminder never reached them."""
        if user_id not in self._untold or self._application is None:
            return
        # Sent first, recorded after: a failed send leaves it to tell at the next visit.
        language, tag = await self.language_of(user_id)
        _, messages = self._messages(language, tag, self._default_timezone)
        await self._application.bot.send_message(chat_id, messages["reminder_missed"])
        self._untold.discard(user_id)
        count = await self.repo.mark_told(user_id)
        log.info("event=reminder_missed_told user_id=%d count=%d", user_id, count)

    async def deliver(self, reminder_id: int) -> Delivery:
        """Send one reminder; returns what happened (for logs, metrics and tests)."""
        delivery = await self._deliver(reminder_id)
        if delivery == Delivery.SENT:
            metrics.REMINDERS_SENT.inc()
        elif delivery in (Delivery.FAILED, Delivery.MISSED, Delivery.BLOCKED):
            metrics.REMINDERS_FAILED.labels(delivery.value).inc()
        return delivery

    async def _deliver(self, reminder_id: int) -> Delivery:
        assert self._application is not None
        now = self._clock.now()
        reminder = await self.repo.claim(reminder_id, now)
        if reminder is None:
            return Delivery.NOT_PENDING
        self._in_flight.add(reminder_id)
        try:
            return await self._deliver_claimed(reminder, now)
        finally:
            self._in_flight.discard(reminder_id)

    async def _deliver_claimed(self, reminder: Reminder, now: datetime) -> Delivery:
        reminder_id = reminder.reminder_id
        if reminder.checkin is not None:
            return await self._deliver_checkin(reminder, reminder.checkin, now)
        if policy.has_lost_its_point(reminder.due_at, now):
            await self._write(reminder_id, lambda: self.repo.mark_missed(reminder))
            self._untold.add(reminder.user_id)
            log.warning(
                "event=reminder_missed reminder_id=%d user_id=%d attempts=%d",
                reminder_id,
                reminder.user_id,
                reminder.attempts,
            )
            return Delivery.MISSED
        assert reminder.episode_id is not None  # a reassessment is about a check
        episode = await self._finished_checks.get(reminder.episode_id)
        if episode is None or episode.closed_at is not None:
            # The user said it is gone: asking "how is it now?" would be wrong.
            await self._write(reminder_id, lambda: self.repo.mark_cancelled(reminder))
            return Delivery.CLOSED
        zone = await self.timezone_of(reminder.user_id)
        language, tag = await self.language_of(reminder.user_id)
        clock, messages = self._messages(language, tag, zone)
        text = reminder_text(
            messages,
            reminder.due_at,
            episode.flow_id,
            episode.answers,
            episode.created_at,
            now,
            clock,
        )
        markup = reminder_keyboard(messages, reminder.reminder_id, episode.flow_id)

        def sent(message_id: int, sent_at: datetime) -> Callable[[], Awaitable[bool]]:
            return lambda: self.repo.mark_sent(reminder, message_id, sent_at)

        return await self._send(reminder, now, text, markup, sent)

    async def _deliver_checkin(
        self, reminder: Reminder, checkin: Checkin, now: datetime
    ) -> Delivery:
        """An evening check-in: asks how much today, with the amounts as buttons; or, after 14
        days without an entry, says the check-ins stop. Each evening's row, once sent or
        skipped, brings in the next evening's, in one transaction."""
        rid = reminder.reminder_id
        record = await self._users.get(reminder.user_id)
        if record is None or record.keep_checks is not True:
            # The diary is kept only with consent: withdrawn, the check-ins end with it.
            await self._write(
                rid,
                lambda: self.repo.finish_checkin(
                    reminder, ReminderStatus.CANCELLED, None, now, None
                ),
            )
            log.info("event=checkin_ended_no_consent reminder_id=%d", rid)
            return Delivery.CLOSED
        zone = await self.timezone_of(reminder.user_id)
        today = now.astimezone(zone).date()
        next_due = policy.following_checkin(reminder.due_at, now, checkin.local_hour, zone)
        last = await self._diary.last_day(reminder.user_id) if self._diary else None
        if policy.checkin_missed(reminder.due_at, now, zone) or last == today:
            status = ReminderStatus.FAILED if last != today else ReminderStatus.ANSWERED
            await self._write(
                rid, lambda: self.repo.finish_checkin(reminder, status, None, now, next_due)
            )
            log.info("event=checkin_skipped reminder_id=%d user_id=%d", rid, reminder.user_id)
            return Delivery.SKIPPED
        language, tag = await self.language_of(reminder.user_id)
        _, messages = self._messages(language, tag, zone)
        lapsed = policy.checkin_has_lapsed(last, checkin.since_day, today)
        if lapsed:
            text = messages["checkin_lapsed"]
            markup = InlineKeyboardMarkup(
                [[button(messages["button_checkin_offer"], CheckinOffer(checkin.flow_id))]]
            )
        else:
            topic = self._topics(language).get(checkin.flow_id, checkin.flow_id)
            text = checkin_text(messages, topic)
            markup = checkin_keyboard(messages, checkin.flow_id)
        follow = None if lapsed else next_due

        def sent(message_id: int, sent_at: datetime) -> Callable[[], Awaitable[bool]]:
            return lambda: self.repo.finish_checkin(
                reminder, ReminderStatus.SENT, message_id, sent_at, follow
            )

        outcome = await self._send(reminder, now, text, markup, sent)
        return Delivery.LAPSED if lapsed and outcome is Delivery.SENT else outcome

    async def _send(
        self,
        reminder: Reminder,
        now: datetime,
        text: str,
        markup: InlineKeyboardMarkup,
        sent: Callable[[int, datetime], Callable[[], Awaitable[bool]]],
    ) -> Delivery:
        """Send a claimed row, its claim checked just before, and record what happened;
        ``sent`` makes the write that records a message out (its id and time)."""
        assert self._application is not None
        reminder_id = reminder.reminder_id
        try:
            with ratelimit.checked_before_send(*self._send_guard(reminder)):
                message = await self._application.bot.send_message(
                    reminder.chat_id, text, reply_markup=markup
                )
        except ratelimit.SendRefused as no:  # a late claim's lease runs out: a sweep takes it
            log.warning("event=reminder_fenced reminder_id=%d reason=%s", reminder_id, no.reason)
            return Delivery.NOT_PENDING
        except Forbidden:
            await self._users.set_blocked(reminder.user_id, True)
            if reminder.checkin is None:
                await self._write(reminder_id, lambda: self.repo.mark_failed(reminder))
            # A reassessment is dropped; a check-in (this one too) is paused until they unblock.
            await self.cancel_all_for(reminder.user_id)
            log.info(
                "event=reminder_blocked reminder_id=%d user_id=%d", reminder_id, reminder.user_id
            )
            return Delivery.BLOCKED
        except RetryAfter as error:
            return await self._retry_later(
                reminder,
                now,
                timedelta(seconds=ratelimit.retry_after_seconds(error)),
                "flood",
                failed=False,
            )
        except BadRequest as error:
            # The chat is gone or the message is refused: retrying would not help.
            await self._write(reminder_id, lambda: self.repo.mark_failed(reminder))
            log.error(
                "event=reminder_failed reminder_id=%d error=%s", reminder_id, type(error).__name__
            )
            return Delivery.FAILED
        except TelegramError as error:
            # A network error, a timeout, a 5xx (PTB raises NetworkError for those) or anything
            # else Telegram may get over: try again later, never drop it.
            reason = "network" if isinstance(error, NetworkError) else type(error).__name__
            delay = policy.retry_delay(reminder.attempts + 1, self._retry_max)
            return await self._retry_later(reminder, now, timedelta(seconds=delay), reason)
        await self._write(reminder_id, sent(message.message_id, self._clock.now()))
        log.info(
            "event=reminder_sent reminder_id=%d user_id=%d kind=%s late=%s",
            reminder_id,
            reminder.user_id,
            reminder.kind.value,
            policy.is_late(reminder.due_at, now),
        )
        return Delivery.SENT

    def _send_guard(self, reminder: Reminder) -> tuple[Callable[[], Awaitable[bool]], float]:
        check = lambda: self.repo.still_claimed(reminder, self._clock.now())  # noqa: E731
        return check, self.repo.lease.total_seconds() / 2

    async def _retry_later(
        self, reminder: Reminder, now: datetime, delay: timedelta, reason: str, failed: bool = True
    ) -> Delivery:
        send_at = now + delay
        rid = reminder.reminder_id
        metrics.REMINDERS_RETRIED.labels(reason).inc()
        if await self._write(rid, lambda: self.repo.release(reminder, send_at, failed=failed)):
            self._schedule(rid, reminder.user_id, send_at, now)
        # else the sweep finds it once the write has gone through.
        log.warning(
            "event=reminder_retry reminder_id=%d reason=%s failures=%d in_seconds=%.1f",
            rid,
            reason,
            reminder.attempts + (1 if failed else 0),
            delay.total_seconds(),
        )
        return Delivery.RETRY

    async def _write(self, reminder_id: int, write: Callable[[], Awaitable[bool]]) -> bool:
        """A state change after a send was tried. If the database refuses it (disk full), the
        row would stay 'sending' and be sent again at the next start: keep the write in
        memory and try it again every REWRITE_EVERY until it works. False if it is owed (a
        write the fence refuses, the claim taken over, is logged, not owed)."""
        try:
            if not await write():
                log.warning("event=reminder_fenced reminder_id=%d step=record", reminder_id)
        except self.repo.write_errors as error:
            self._unwritten[reminder_id] = write
            log.error(
                "event=reminder_write_failed reminder_id=%d error=%s",
                reminder_id,
                type(error).__name__,
            )
            if self._rewriter is None or self._rewriter.done():
                self._rewriter = asyncio.create_task(self._rewrite_until_done())
            return False
        return True

    async def _rewrite_until_done(self) -> None:
        while self._unwritten:
            await asyncio.sleep(REWRITE_EVERY)
            await self._write_owed()

    async def _write_owed(self) -> None:
        for reminder_id, write in list(self._unwritten.items()):
            try:
                await write()
            except self.repo.write_errors:
                return  # still failing: the next round tries again, in the same order
            del self._unwritten[reminder_id]
            log.warning("event=reminder_write_recovered reminder_id=%d", reminder_id)
