"""The layout's promises (README, "Architecture"), checked on the source itself.

Every import of a ``tgbot`` module counts: at the top, inside functions and under
``TYPE_CHECKING``, since a circle through any of them is still a circle for a reader.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tgbot"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> Iterator[str]:
    """Every absolute module name the file imports (``from a import b`` gives ``a.b`` when
    that is a module of ours, else ``a``)."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                yield candidate if candidate in MODULES else node.module


def _ours(path: Path) -> set[str]:
    return {name for name in _imports(path) if name in MODULES}


GRAPH = {name: _ours(path) for name, path in MODULES.items()}


def _is_package_of(name: str, other: str) -> bool:
    """A package's ``__init__`` re-exporting its own modules is not an arrow between rooms."""
    return other.startswith(name + ".")


def test_no_import_circle() -> None:
    graph = {name: {o for o in deps if not _is_package_of(name, o)} for name, deps in GRAPH.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                circle = [*path[path.index(dep) :], dep]
                pytest.fail("import circle: " + " -> ".join(circle))
            if dep not in state:
                visit(dep)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("tgbot.core")), ids=str)
def test_the_core_is_pure(name: str) -> None:
    forbidden = {"telegram", "aiosqlite", "aiohttp", "asyncio", "asyncpg", "psycopg", "httpx"}
    found = {i.split(".")[0] for i in _imports(MODULES[name])} & forbidden
    assert not found, f"{name} imports {sorted(found)}"
    outside = {i for i in GRAPH[name] if not i.startswith("tgbot.core")}
    assert not outside, f"{name} reaches out of the core: {sorted(outside)}"


def test_only_the_bot_package_imports_telegram() -> None:
    # localapi plays Telegram's side and terminal shows its messages: neither imports PTB.
    users = sorted(
        name
        for name, path in MODULES.items()
        if any(i.split(".")[0] == "telegram" for i in _imports(path))
        and not name.startswith(("tgbot.bot", "tgbot.serving"))
    )
    assert users == []


def test_storage_and_bot_point_down_only() -> None:
    """cli/serving -> bot -> checks -> (core, storage); storage -> core."""
    rules = {
        "tgbot.storage": ("tgbot.bot", "tgbot.serving", "tgbot.cli", "tgbot.checks"),
        "tgbot.bot": ("tgbot.serving", "tgbot.cli", "tgbot.terminal", "tgbot.localapi"),
    }
    for room, forbidden in rules.items():
        for name, deps in GRAPH.items():
            if name.startswith(room):
                bad = sorted(d for d in deps if d.startswith(forbidden))
                assert not bad, f"{name} -> {bad}"


def test_every_handler_is_registered_in_routes() -> None:
    registering = sorted(
        name
        for name, path in MODULES.items()
        if name != "tgbot.bot.routes" and ".add_handler" in path.read_text()
    )
    assert registering == []


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_no_module_is_over_400_lines() -> None:
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines() -> None:
    long = {
        f"{name}.{node.name}": length
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := (node.end_lineno or node.lineno) - node.lineno + 1) > MAX_FUNCTION_LINES
    }
    assert long == {}


def test_handler_modules_do_not_import_each_other() -> None:
    """What two features share (keyboards, pages, language notes) lives outside handlers/."""
    handlers = {name for name in MODULES if name.startswith("tgbot.bot.handlers.")}
    crossing = sorted(f"{name} -> {dep}" for name in handlers for dep in GRAPH[name] & handlers)
    assert crossing == []


def test_the_check_use_cases_know_no_telegram_and_nothing_above_them() -> None:
    """tgbot/checks: storage + core, tested without the Bot API stand-in."""
    for name, path in MODULES.items():
        if name.startswith("tgbot.checks"):
            telegram = {i for i in _imports(path) if i.split(".")[0] == "telegram"}
            above = {
                d
                for d in GRAPH[name]
                if d.startswith(("tgbot.bot", "tgbot.serving", "tgbot.cli", "tgbot.terminal"))
            }
            assert not telegram | above, f"{name} imports {sorted(telegram | above)}"


def test_handlers_never_reach_into_the_reminder_repository() -> None:
    reaching = sorted(
        name
        for name, path in MODULES.items()
        if name.startswith("tgbot.bot.handlers") and ".reminders.repo." in path.read_text()
    )
    assert reaching == []


def test_content_yaml_is_read_in_one_place() -> None:
    """One reader, one error type (ContentError): the core reads YAML only through it."""
    readers = sorted(
        name
        for name, path in MODULES.items()
        if name.startswith("tgbot.core") and "yaml" in {i.split(".")[0] for i in _imports(path)}
    )
    assert readers == ["tgbot.core.content.yaml_reader"]
