"""Several workers on one PostgreSQL database: reminders reserved by one worker and taken over
when its lease passes, a chat's updates one at a time across workers, the daily job once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from tests.conftest import TEST_DATA_KEY, new_database
from tests.storage.test_postgres import NOW, fill
from tgbot.localpg import LocalPostgres
from tgbot.storage import PostgresDatabase, ReminderRepository, ReminderStatus
from tgbot.storage.crypto import KeyRing
from tgbot.storage.updates import UpdateLedger

LEASE = timedelta(seconds=30)


@pytest.fixture
async def two_workers(
    postgres_server: LocalPostgres,
) -> AsyncIterator[tuple[PostgresDatabase, PostgresDatabase]]:
    url = await new_database(postgres_server)
    keyring = KeyRing(TEST_DATA_KEY)
    first = PostgresDatabase(url, keyring=keyring)
    second = PostgresDatabase(url, keyring=keyring)
    await first.connect()
    await second.connect()
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


async def test_a_reminder_is_reserved_by_one_worker_until_its_lease_passes(
    two_workers: tuple[PostgresDatabase, PostgresDatabase],
) -> None:
    db_a, db_b = two_workers
    await fill(db_a)  # one reminder, due three days after NOW
    due = NOW + timedelta(days=3)
    a = ReminderRepository(db_a, "worker-a", LEASE)
    b = ReminderRepository(db_b, "worker-b", LEASE)
    ((reminder_id, _, send_at),) = await a.reserve_due(due, due, 10)
    assert send_at == due
    assert await b.reserve_due(due, due, 10) == [], "worker a holds it"
    assert await b.claim(reminder_id, due) is None
    # a is alive: its sweep renews the lease, and b still cannot have it.
    later = due + LEASE - timedelta(seconds=1)
    assert await a.renew_leases(later) == 1
    assert await b.reserve_due(due + LEASE, due + LEASE, 10) == []
    # a claims it, then dies mid-send: nothing renews its lease.
    claimed = await a.claim(reminder_id, later)
    assert claimed is not None
    assert claimed.status == ReminderStatus.SENDING
    dead = later + LEASE + timedelta(seconds=1)
    assert await b.take_over_expired(dead) == 1
    ((taken, _, _),) = await b.reserve_due(dead, dead, 10)
    assert taken == reminder_id
    resent = await b.claim(reminder_id, dead)
    assert resent is not None
    assert await a.claim(reminder_id, dead) is None, "the old holder cannot take it back"


async def test_a_restarted_worker_takes_its_own_sends_back_at_once(
    two_workers: tuple[PostgresDatabase, PostgresDatabase],
) -> None:
    db_a, db_b = two_workers
    await fill(db_a)
    due = NOW + timedelta(days=3)
    a = ReminderRepository(db_a, "worker-a", LEASE)
    ((reminder_id, _, _),) = await a.reserve_due(due, due, 10)
    assert await a.claim(reminder_id, due) is not None
    # Another worker's start-up leaves a's send alone: a may be sending it right now.
    assert await ReminderRepository(db_b, "worker-b", LEASE).recover_interrupted() == 0
    # a restarted (same WORKER_ID) puts it back to pending before its lease has passed.
    assert await ReminderRepository(db_b, "worker-a", LEASE).recover_interrupted() == 1
    row = await a.get(reminder_id)
    assert row is not None
    assert row.status == ReminderStatus.PENDING


async def test_a_chats_updates_wait_for_each_other_across_workers(
    two_workers: tuple[PostgresDatabase, PostgresDatabase],
) -> None:
    db_a, db_b = two_workers
    order: list[str] = []
    a_holds = asyncio.Event()

    async def on_a() -> None:
        async with db_a.chat_lock(42):
            a_holds.set()
            await asyncio.sleep(0.3)
            order.append("a done")

    async def on_b() -> None:
        await a_holds.wait()
        async with db_b.chat_lock(43):
            order.append("other chat")
        async with db_b.chat_lock(42):
            order.append("b")

    await asyncio.wait_for(asyncio.gather(on_a(), on_b()), 10)
    assert order == ["other chat", "a done", "b"]


async def test_the_daily_job_runs_once_across_workers(
    two_workers: tuple[PostgresDatabase, PostgresDatabase],
) -> None:
    db_a, db_b = two_workers
    day = 20_000 * 86_400
    results = await asyncio.gather(
        db_a.try_run_once("retention", day), db_b.try_run_once("retention", day)
    )
    assert sorted(results) == [False, True]
    assert await db_b.try_run_once("retention", day + 86_400), "the next day runs again"


async def test_a_worker_that_paused_past_its_lease_neither_sends_nor_records(
    two_workers: tuple[PostgresDatabase, PostgresDatabase],
) -> None:
    db_a, db_b = two_workers
    await fill(db_a)
    due = NOW + timedelta(days=3)
    a = ReminderRepository(db_a, "worker-a", LEASE)
    b = ReminderRepository(db_b, "worker-b", LEASE)
    ((reminder_id, _, _),) = await a.reserve_due(due, due, 10)
    paused = await a.claim(reminder_id, due)
    assert paused is not None
    # a freezes (a VM pause, a long GC) past its lease; b takes the row over and sends it.
    woke = due + LEASE + timedelta(seconds=5)
    assert await b.take_over_expired(woke) == 1
    ((taken, _, _),) = await b.reserve_due(woke, woke, 10)
    fresh = await b.claim(taken, woke)
    assert fresh is not None
    assert fresh.fence == paused.fence + 1
    assert await b.still_claimed(fresh, woke)
    assert await b.mark_sent(fresh, 555, woke)
    # a wakes: its claim is stale at both steps, and b's record stands.
    assert not await a.still_claimed(paused, woke)
    assert not await a.mark_sent(paused, 777, woke)
    assert not await a.release(paused, woke)
    row = await a.get(reminder_id)
    assert row is not None
    assert (row.status, row.message_id) == (ReminderStatus.SENT, 555)


async def test_an_expired_claim_is_not_sent_even_before_anyone_takes_it_over(
    two_workers: tuple[PostgresDatabase, PostgresDatabase],
) -> None:
    db_a, _ = two_workers
    await fill(db_a)
    due = NOW + timedelta(days=3)
    a = ReminderRepository(db_a, "worker-a", LEASE)
    ((reminder_id, _, _),) = await a.reserve_due(due, due, 10)
    claimed = await a.claim(reminder_id, due)
    assert claimed is not None
    assert not await a.still_claimed(claimed, due + LEASE + timedelta(seconds=1))
    assert await a.still_claimed(claimed, due + LEASE - timedelta(seconds=1))


async def test_a_row_left_sending_under_a_live_worker_is_freed_when_its_lease_passes(
    two_workers: tuple[PostgresDatabase, PostgresDatabase],
) -> None:
    db_a, db_b = two_workers
    await fill(db_a)
    due = NOW + timedelta(days=3)
    a = ReminderRepository(db_a, "worker-a", LEASE)
    b = ReminderRepository(db_b, "worker-b", LEASE)
    ((reminder_id, _, _),) = await a.reserve_due(due, due, 10)
    assert await a.claim(reminder_id, due) is not None
    # While a sends it (or owes the write that records it), its sweeps keep the lease.
    during = due + LEASE - timedelta(seconds=1)
    assert await a.renew_leases(during, sending={reminder_id}) == 1
    assert await b.take_over_expired(due + LEASE + timedelta(seconds=1)) == 0
    # The commit that marked it sent was lost: a no longer has it in hand, so its sweeps stop
    # renewing it, and once the lease passes it is pending again instead of stuck in 'sending'.
    assert await a.renew_leases(during + timedelta(seconds=1)) == 0
    assert await b.take_over_expired(during + LEASE + timedelta(seconds=2)) == 1
    row = await b.get(reminder_id)
    assert row is not None
    assert row.status == ReminderStatus.PENDING


async def test_an_update_redelivered_to_another_worker_is_handled_once(
    two_workers: tuple[PostgresDatabase, PostgresDatabase],
) -> None:
    db_a, db_b = two_workers
    a, b = UpdateLedger(db_a), UpdateLedger(db_b)
    assert await a.first_delivery(501, NOW)
    assert not await b.first_delivery(501, NOW + timedelta(seconds=30)), "a retry, elsewhere"
    assert not await a.first_delivery(501, NOW + timedelta(hours=1))
    assert await b.first_delivery(502, NOW)
