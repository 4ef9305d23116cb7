"""Scheduling and delivering reminders: reassessments of a check, and evening check-ins.

The database is the source of truth. The JobQueue holds only reminders due within ``WINDOW``;
a sweep every ``SWEEP_EVERY`` brings the next ones in through the partial index on due time,
so 100,000 pending reminders cost 100,000 rows on disk, not 100,000 jobs in memory. With
several workers on one PostgreSQL database each sweep takes only rows no live worker holds,
and renews this worker's leases (tgbot/storage/reminders.py): a reminder is in one worker's
memory, and a dead worker's are taken over.
Delivery is claim -> send -> mark sent, each step committed: once on the normal path, at
least once across a crash (rows left 'sending' go back to 'pending' at start-up).

Nothing is lost: a network error or a 5xx retries with capped backoff for as long as the
reminder has a point (``reminder_policy.GIVE_UP_AFTER``), then the user is told at their next
visit. An evening check-in too late for its evening is skipped, and the next evening's row is
added in the transaction that records each evening (storage/reminders.py). Nothing is stuck:
a write that fails after a send (a full disk) is kept in memory and retried, so the row does
not stay 'sending' to be sent again at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, CallbackContext, Job

from tgbot import metrics
from tgbot.bot.keyboards import button, checkin_keyboard, reminder_keyboard
from tgbot.bot.ratelimit import SENDS_PER_SECOND, retry_after_seconds
from tgbot.core import reminder_policy as policy
from tgbot.core.callback_data import CheckinOffer
from tgbot.core.clock import Clock
from tgbot.core.dates import LocalTime, days_ago
from tgbot.core.timezones import is_location_zone
from tgbot.storage import (
    Checkin,
    DiaryRepository,
    Episode,
    EpisodeRepository,
    Reminder,
    ReminderRepository,
    ReminderStatus,
    UserRepository,
)
from tgbot.storage.database import WRITE_ERRORS


class Delivery(StrEnum):
    """What one delivery attempt did (for logs and tests)."""

    SENT = "sent"
    NOT_PENDING = "not_pending"
    CLOSED = "closed"
    BLOCKED = "blocked"
    RETRY = "retry"
    FAILED = "failed"
    MISSED = "missed"
    """Given up on: it lost its point while Telegram could not be reached."""
    SKIPPED = "skipped"
    """An evening check-in too late for its evening, or for a day already logged."""
    LAPSED = "lapsed"
    """The last check-in, saying they stop: 14 days without a diary entry."""


AnyApplication = Application[Any, Any, Any, Any, Any, Any]
AnyContext = CallbackContext[Any, Any, Any, Any]

log = logging.getLogger(__name__)

WINDOW = timedelta(minutes=5)
SWEEP_EVERY = timedelta(minutes=1)
# Per sweep: about a minute of sending at Telegram's ~30 messages/s, so a backlog after
# downtime drains sweep by sweep instead of piling thousands of waiting sends in memory
# (which a clean stop would then have to wait for).
SWEEP_BATCH = 2_000
# APScheduler drops a job that fires more than a second late (its misfire grace), and jobs
# added before the scheduler starts, or while it is busy, can be: a reminder is never dropped.
LATE_JOBS_STILL_RUN: dict[str, object] = {"misfire_grace_time": None}
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


def ago_text(
    texts: Mapping[str, str], episode_at: datetime, now: datetime, clock: LocalTime
) -> str:
    """Calendar days in the user's zone: Friday to Monday is "3 days ago" even over the
    spring-forward weekend, when only 71 hours pass. CLDR words it in each language."""
    zone = clock.zone
    days = max((now.astimezone(zone).date() - episode_at.astimezone(zone).date()).days, 0)
    if days == 0:
        return texts["ago_today"]
    return days_ago(days, clock.language)


def reminder_text(
    texts: Mapping[str, str], reminder: Reminder, episode: Episode, now: datetime, clock: LocalTime
) -> str:
    location = episode.answers.get("location", ("other",))[0]
    where = texts.get(f"where_{location}", texts["where_other"])
    key = f"reminder_{episode.flow_id}"
    text = texts.get(key, texts["reminder_twitch"]).format(
        ago=ago_text(texts, episode.created_at, now, clock), where=where
    )
    if policy.is_late(reminder.due_at, now):
        text = f"{text}\n\n{texts['reminder_late']}"
    return text


class ReminderService:
    """Delivery of reminder rows. Its collaborators are passed in: it reads no bot_data, so
    the handlers' context can hold it without an import circle."""

    def __init__(
        self,
        repo: ReminderRepository,
        episodes: EpisodeRepository,
        users: UserRepository,
        clock: Clock,
        default_timezone: ZoneInfo,
        messages: Callable[[str | None, str | None, ZoneInfo], tuple[LocalTime, Mapping[str, str]]],
        retry_max: float = policy.MAX_DELAY,
        sends_per_second: float = SENDS_PER_SECOND,
        diary: DiaryRepository | None = None,
        topics: Callable[[str | None], Mapping[str, str]] = lambda _: {},
    ) -> None:
        self.repo = repo
        self._diary = diary
        self._topics = topics
        """Topic id -> its title in a language (a check-in names it); content may reload."""
        self._episodes = episodes
        self._users = users
        self._clock = clock
        self._default_timezone = default_timezone
        self._messages = messages
        """The current texts: content may be reloaded while the bot runs."""
        self._application: AnyApplication | None = None
        self._retry_max = retry_max
        self._sends_per_second = sends_per_second
        self._jobs: dict[int, tuple[int, Job[Any]]] = {}
        """Reminder id -> (user id, its job): what is in memory right now."""
        self._delivering = asyncio.Semaphore(DELIVERIES_AT_ONCE)
        self._unwritten: dict[int, Callable[[], Awaitable[bool]]] = {}
        self._in_flight: set[int] = set()
        """Rows claimed and not yet recorded: their leases are renewed, no other 'sending'."""
        """Reminder id -> the write that failed after its send, tried again until it works."""
        self._rewriter: asyncio.Task[None] | None = None
        self._untold: set[int] = set()
        """Users with a missed reminder they have not been told about yet."""

    @property
    def scheduled_count(self) -> int:
        return len(self._jobs)

    @property
    def unwritten_count(self) -> int:
        """Writes after a send that failed and wait to be tried again (for /healthz)."""
        return len(self._unwritten)

    async def start(self, application: AnyApplication) -> None:
        self._application = application
        recovered = await self.repo.recover_interrupted()
        if recovered:
            log.warning("event=reminders_recovered count=%d", recovered)
        self._untold = await self.repo.users_untold()
        assert application.job_queue is not None
        # The first sweep runs now, not as a job: a repeating job added before the scheduler
        # starts would skip its first run. Overdue reminders (downtime) go out at once.
        await self.sweep()
        application.job_queue.run_repeating(
            self._sweep_job,
            interval=self.sweep_every,
            first=self.sweep_every,
            name="reminder-sweep",
            job_kwargs=LATE_JOBS_STILL_RUN | {"coalesce": True},
        )

    async def _sweep_job(self, context: AnyContext) -> None:
        await self.sweep()

    @property
    def sweep_every(self) -> timedelta:
        """A third of the lease, so a live worker's leases never run out between sweeps."""
        return min(SWEEP_EVERY, self.repo.lease / 3)

    @property
    def sweep_batch(self) -> int:
        """Rows one sweep takes: what this worker can send in two sweeps' time at its share
        of the budget, so the workers share a backlog instead of the first one taking it all
        (and at most SWEEP_BATCH, about a minute of sending for a lone worker)."""
        seconds = self.sweep_every.total_seconds() * 2
        return max(1, min(SWEEP_BATCH, int(self._sends_per_second * seconds) + 1))

    async def sweep(self) -> int:
        """Schedule every pending reminder due within the window that this worker may take;
        returns how many were new. Overdue ones (the bot was down) go out at once."""
        now = self._clock.now()
        await self.repo.renew_leases(now, self._in_flight | self._unwritten.keys())
        taken_over = await self.repo.take_over_expired(now)
        if taken_over:
            log.warning("event=reminders_taken_over count=%d", taken_over)
        due = await self.repo.reserve_due(now + WINDOW, now, self.sweep_batch)
        added = 0
        for reminder_id, user_id, send_at in due:
            if reminder_id not in self._jobs:
                self._schedule(reminder_id, user_id, send_at, now)
                added += 1
        metrics.REMINDERS_DUE.inc(added)
        return added

    def _schedule(self, reminder_id: int, user_id: int, send_at: datetime, now: datetime) -> None:
        assert self._application is not None
        assert self._application.job_queue is not None
        self._drop(reminder_id)
        when = max((send_at - now).total_seconds(), 0.0)
        job = self._application.job_queue.run_once(
            self._deliver_job,
            when=when,
            data=reminder_id,
            name=f"reminder:{reminder_id}",
            job_kwargs=LATE_JOBS_STILL_RUN,
        )
        self._jobs[reminder_id] = (user_id, job)

    async def add(self, user_id: int, chat_id: int, episode_id: int, due_at: datetime) -> int:
        now = self._clock.now()
        reminder_id = await self.repo.create(user_id, chat_id, episode_id, due_at, now)
        await self._placed(reminder_id, user_id, due_at, now)
        return reminder_id

    async def _placed(
        self, reminder_id: int, user_id: int, due_at: datetime, now: datetime
    ) -> None:
        """A new row is in: drop the jobs of the rows it replaced, schedule it if it is near."""
        for other_id, (owner, job) in list(self._jobs.items()):
            if owner == user_id and other_id != reminder_id:
                # create() cancelled any pending reminder of the same check (or the check-in
                # before); its job no-ops, but it need not stay in memory.
                existing = await self.repo.get(other_id)
                if existing is None or existing.status == ReminderStatus.CANCELLED:
                    job.schedule_removal()
                    del self._jobs[other_id]
        if due_at <= now + WINDOW and self._application is not None:
            self._schedule(reminder_id, user_id, due_at, now)

    async def add_checkin(self, user_id: int, chat_id: int, flow_id: str, hour: int) -> datetime:
        """Start (or move) the user's evening check-in; returns when the first one comes."""
        now = self._clock.now()
        zone = await self.timezone_of(user_id)
        due_at = policy.next_checkin(now, hour, zone)
        checkin = Checkin(flow_id, hour, now.astimezone(zone).date())
        reminder_id = await self.repo.create_checkin(user_id, chat_id, checkin, due_at, now)
        await self._placed(reminder_id, user_id, due_at, now)
        return due_at

    async def stop_checkins(self, user_id: int) -> bool:
        """One tap: no more evening check-ins. False if there were none."""
        current = await self.repo.checkin_of(user_id)
        stopped = await self.repo.stop_checkins(user_id)
        if current is not None:
            self._drop(current.reminder_id)
        return stopped > 0

    async def resume_checkins(self, user_id: int) -> None:
        """The user unblocked the bot: a check-in paused meanwhile comes back next evening."""
        paused = await self.repo.checkin_of(user_id)
        if paused is None or paused.checkin is None or paused.status != ReminderStatus.PAUSED:
            return
        now = self._clock.now()
        zone = await self.timezone_of(user_id)
        due_at = policy.next_checkin(now, paused.checkin.local_hour, zone)
        resumed = await self.repo.resume_checkin(user_id, due_at, now.astimezone(zone).date())
        if resumed is not None:
            await self._placed(resumed, user_id, due_at, now)
            log.info("event=checkin_resumed reminder_id=%d user_id=%d", resumed, user_id)

    async def cancel(self, reminder_id: int, user_id: int) -> bool:
        cancelled = await self.repo.cancel(reminder_id, user_id)
        self._drop(reminder_id)
        return cancelled

    async def cancel_for_episode(self, episode_id: int) -> None:
        """The check is closed: no more reminders about it. Their jobs will find the rows
        cancelled and do nothing; the sweep never schedules them again."""
        await self.repo.cancel_for_episode(episode_id)

    async def cancel_all_for(self, user_id: int) -> None:
        """The user blocked the bot: nothing more is sent to them."""
        await self.repo.cancel_for_user(user_id)
        self.drop_jobs_of(user_id)

    def drop_jobs_of(self, user_id: int) -> None:
        self._untold.discard(user_id)
        for reminder_id, (owner, _) in list(self._jobs.items()):
            if owner == user_id:
                self._drop(reminder_id)

    async def timezone_of(self, user_id: int) -> ZoneInfo:
        return await user_timezone(self._users, self._default_timezone, user_id)

    async def language_of(self, user_id: int) -> tuple[str | None, str | None]:
        """The language to write to the user in (the one they chose, else Telegram's), and
        Telegram's own tag (for dates: en-GB writes "4 Dec")."""
        user = await self._users.get(user_id)
        if user is None:
            return None, None
        return user.language or user.language_code, user.language_code

    def _drop(self, reminder_id: int) -> None:
        entry = self._jobs.pop(reminder_id, None)
        if entry is not None:
            entry[1].schedule_removal()

    async def _deliver_job(self, context: AnyContext) -> None:
        assert context.job is not None
        assert isinstance(context.job.data, int)
        self._jobs.pop(context.job.data, None)
        async with self._delivering:
            await self.deliver(context.job.data)

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
        _, texts = self._messages(language, tag, self._default_timezone)
        await self._application.bot.send_message(chat_id, texts["reminder_missed"])
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
        episode = await self._episodes.episode(reminder.episode_id)
        if episode is None or episode.closed_at is not None:
            # The user said it is gone: asking "how is it now?" would be wrong.
            await self._write(reminder_id, lambda: self.repo.mark_cancelled(reminder))
            return Delivery.CLOSED
        zone = await self.timezone_of(reminder.user_id)
        language, tag = await self.language_of(reminder.user_id)
        clock, texts = self._messages(language, tag, zone)
        text = reminder_text(texts, reminder, episode, now, clock)
        markup = reminder_keyboard(texts, reminder.reminder_id, episode.flow_id)

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
        _, texts = self._messages(language, tag, zone)
        lapsed = policy.checkin_has_lapsed(last, checkin.since_day, today)
        if lapsed:
            text = texts["checkin_lapsed"]
            markup = InlineKeyboardMarkup(
                [[button(texts["button_checkin_offer"], CheckinOffer(checkin.flow_id))]]
            )
        else:
            topic = self._topics(language).get(checkin.flow_id, checkin.flow_id)
            text = texts["checkin_ask"].format(topic=escape(topic, quote=False))
            markup = checkin_keyboard(texts, checkin.flow_id)
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
        """Send a claimed row and record what happened; ``sent`` makes the write that records
        a message out (with its id and time). The claim is checked, and its lease renewed,
        just before the send: a worker that paused past its lease sends nothing."""
        assert self._application is not None
        reminder_id = reminder.reminder_id
        if not await self.repo.still_claimed(reminder, self._clock.now()):
            log.warning("event=reminder_fenced reminder_id=%d step=send", reminder_id)
            return Delivery.NOT_PENDING
        try:
            message = await self._application.bot.send_message(
                reminder.chat_id, text, reply_markup=markup
            )
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
                timedelta(seconds=retry_after_seconds(error)),
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
        memory and try it again every REWRITE_EVERY until it works. False if it is owed.
        A write the fence refuses (the claim was taken over) is logged, not owed."""
        try:
            if not await write():
                log.warning("event=reminder_fenced reminder_id=%d step=record", reminder_id)
        except WRITE_ERRORS as error:
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
            except WRITE_ERRORS:
                return  # still failing: the next round tries again, in the same order
            del self._unwritten[reminder_id]
            log.warning("event=reminder_write_recovered reminder_id=%d", reminder_id)
