"""The kinds of statement a migration is made of, and each engine's SQL for them: plain SQL
in SQLite's spelling (translated for PostgreSQL), counts kept by triggers, and statements
for one engine alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tgbot.storage.dialect import postgres_ddl


@dataclass(frozen=True)
class Counts:
    """A table of counts kept equal to ``COUNT(*)`` of ``source`` grouped by ``keys`` (each a
    column of ``table`` and its value from a row of ``source``, ``{row}`` naming the row),
    by triggers on insert, delete and update.

    SQLite gets a row trigger for each (``names``); PostgreSQL statement triggers over the
    statement's transition tables, one change per key a statement: row triggers there would
    update the same count row once per row changed, and PostgreSQL makes a new version of a
    row at each update, so a statement over 20,000 rows took minutes instead of milliseconds.
    """

    table: str
    source: str
    keys: tuple[tuple[str, str], ...]
    names: tuple[str, str, str]
    """The triggers on insert, delete and update."""

    def _columns(self) -> str:
        return ", ".join(column for column, _ in self.keys)

    def _values(self, row: str) -> list[str]:
        return [value.format(row=row) for _, value in self.keys]

    def _watched(self) -> list[str]:
        return sorted({c for _, v in self.keys for c in re.findall(r"\{row\}\.(\w+)", v)})

    def sqlite(self) -> list[str]:
        counted, uncounted, recounted = self.names
        count = (
            f"INSERT INTO {self.table} ({self._columns()}, n)"
            f" VALUES ({', '.join(self._values('new'))}, 1)"
            f" ON CONFLICT ({self._columns()}) DO UPDATE SET n = n + 1;"
        )
        where = " AND ".join(
            f"{c} = {v}" for (c, _), v in zip(self.keys, self._values("old"), strict=True)
        )
        uncount = f"UPDATE {self.table} SET n = n - 1 WHERE {where};"
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in self._watched())
        return [
            f"CREATE TRIGGER {counted} AFTER INSERT ON {self.source} BEGIN {count} END",
            f"CREATE TRIGGER {uncounted} AFTER DELETE ON {self.source} BEGIN {uncount} END",
            f"CREATE TRIGGER {recounted} AFTER UPDATE OF {', '.join(self._watched())}"
            f" ON {self.source} WHEN {changed} BEGIN {uncount} {count} END",
        ]

    def postgres(self) -> list[str]:
        counted, uncounted, recounted = self.names
        columns = self._columns()
        groups = ", ".join(str(n) for n in range(1, len(self.keys) + 1))
        selected = ", ".join(
            f"{value} AS {column}"
            for (column, _), value in zip(self.keys, self._values("r"), strict=True)
        )
        count = (
            f"INSERT INTO {self.table} ({columns}, n)"
            f" SELECT {selected}, COUNT(*) FROM new_rows r GROUP BY {groups}"
            f" ON CONFLICT ({columns}) DO UPDATE SET n = {self.table}.n + excluded.n;"
        )
        matched = " AND ".join(f"{self.table}.{c} = d.{c}" for c, _ in self.keys)
        uncount = (
            f"UPDATE {self.table} SET n = {self.table}.n - d.k FROM"
            f" (SELECT {selected}, COUNT(*) AS k FROM old_rows r GROUP BY {groups}) d"
            f" WHERE {matched};"
        )

        def trigger(name: str, event: str, tables: str, body: str) -> list[str]:
            return [
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n    {body}\n    RETURN NULL;\nEND\n$$",
                f"CREATE TRIGGER {name} AFTER {event} ON {self.source}"
                f" REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]

        return [
            *trigger(counted, "INSERT", "NEW TABLE AS new_rows", count),
            *trigger(uncounted, "DELETE", "OLD TABLE AS old_rows", uncount),
            # Transition tables allow no column list: every update, netting to no change
            # when the keys stay the same.
            *trigger(
                recounted,
                "UPDATE",
                "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                f"{uncount}\n    {count}",
            ),
        ]


@dataclass(frozen=True)
class SqliteOnly:
    """Statements for SQLite alone (what PostgreSQL does another way, see PostgresOnly)."""

    statements: tuple[str, ...]

    def __init__(self, *statements: str) -> None:
        object.__setattr__(self, "statements", statements)


@dataclass(frozen=True)
class PostgresOnly:
    """Statements for PostgreSQL alone, in its own spelling (not translated)."""

    statements: tuple[str, ...]

    def __init__(self, *statements: str) -> None:
        object.__setattr__(self, "statements", statements)


Statement = str | Counts | SqliteOnly | PostgresOnly


def sqlite_statements(step: tuple[Statement, ...]) -> list[str]:
    statements: list[str] = []
    for item in step:
        if isinstance(item, Counts):
            statements.extend(item.sqlite())
        elif isinstance(item, SqliteOnly):
            statements.extend(item.statements)
        elif isinstance(item, str):
            statements.append(item)
    return statements


def postgres_statements(step: tuple[Statement, ...]) -> list[str]:
    statements: list[str] = []
    for item in step:
        if isinstance(item, Counts):
            statements.extend(item.postgres())
        elif isinstance(item, PostgresOnly):
            statements.extend(item.statements)
        elif isinstance(item, str):
            statements.append(postgres_ddl(item))
    return statements
