"""The reminder service: reminders (check again) and evening check-ins, scheduled.

The database is the source of truth. The JobQueue holds only reminders due within ``WINDOW``;
a sweep every ``SWEEP_EVERY`` brings the next ones in through the partial index on due time,
so 100,000 pending reminders cost 100,000 rows on disk, not 100,000 jobs in memory. With
several workers on one PostgreSQL database each sweep takes only rows no live worker holds,
and renews this worker's leases (tgbot/storage/reminders.py): a reminder is in one worker's
memory, and a dead worker's are taken over. Delivery is tgbot/bot/reminder_delivery.py's.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from telegram.ext import Job

from tgbot import metrics
from tgbot.bot.reminder_delivery import (
    AnyApplication,
    AnyContext,
    ReminderDelivery,
)
from tgbot.core import reminder_policy as policy
from tgbot.storage import Checkin, Reminder, ReminderStatus

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

__all__ = ["WINDOW", "ReminderService"]


class ReminderService(ReminderDelivery):
    """What the bot does with reminder rows: schedule them (a sweep), add, cancel and read
    them for the handlers, and deliver them (:class:`ReminderDelivery`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._jobs: dict[int, tuple[int, Job[Any]]] = {}
        """Reminder id -> (user id, its job): what is in memory right now."""

    @property
    def scheduled_count(self) -> int:
        return len(self._jobs)

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

    def drop_jobs_of(self, user_id: int) -> None:
        self._untold.discard(user_id)
        for reminder_id, (owner, _) in list(self._jobs.items()):
            if owner == user_id:
                self._drop(reminder_id)

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
        """Start (or move) the user's evening check-in; returns when the first one is sent:
        an evening whose day is logged already is skipped (delivery), so it is not the first."""
        now = self._clock.now()
        zone = await self.timezone_of(user_id)
        due_at = policy.next_checkin(now, hour, zone)
        checkin = Checkin(flow_id, hour, now.astimezone(zone).date())
        reminder_id = await self.repo.create_checkin(user_id, chat_id, checkin, due_at, now)
        await self._placed(reminder_id, user_id, due_at, now)
        last = await self._diary.last_day(user_id) if self._diary else None
        if last == due_at.astimezone(zone).date():
            return policy.next_checkin(due_at, hour, zone)
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

    async def cancel_for_check(self, episode_id: int) -> None:
        """The check is closed: no more reminders about it. Their jobs will find the rows
        cancelled and do nothing; the sweep never schedules them again."""
        await self.repo.cancel_for_check(episode_id)

    # What the handlers read of the rows, so they never reach through to the repository.

    async def get(self, reminder_id: int) -> Reminder | None:
        return await self.repo.get(reminder_id)

    async def pending_for(self, user_id: int) -> list[Reminder]:
        return await self.repo.pending_for(user_id)

    async def count_for(self, user_id: int) -> int:
        return await self.repo.count_for(user_id)

    async def checkin_of(self, user_id: int) -> Reminder | None:
        return await self.repo.checkin_of(user_id)

    async def mark_answered(self, reminder_id: int) -> bool:
        """True for the first answer only: a second tap on the same reminder has expired."""
        return await self.repo.mark_answered(reminder_id)
