"""A PostgreSQL database left at an old schema version with rows written then, for the
migration tests (13: sealing, 15: pseudonyms)."""

from __future__ import annotations

import asyncpg

from tgbot.localpg import LocalPostgres
from tgbot.storage.migrations import MIGRATIONS
from tgbot.storage.statements import postgres_statements


async def postgres_at_version(
    server: LocalPostgres, name: str, version: int, rows: list[str]
) -> str:
    """A new database ``name`` migrated to ``version`` and holding ``rows``: its URL."""
    admin = await asyncpg.connect(server.url())
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    url = server.url(name)
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE TABLE schema_version (version BIGINT NOT NULL)")
        await conn.execute(f"INSERT INTO schema_version VALUES ({version})")
        for step in MIGRATIONS[:version]:
            for statement in postgres_statements(step):
                await conn.execute(statement)
        for statement in rows:
            await conn.execute(statement)
    finally:
        await conn.close()
    return url
