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
    """cli/serving -> bot -> (core, storage); storage -> core."""
    rules = {
        "tgbot.storage": ("tgbot.bot", "tgbot.serving", "tgbot.cli"),
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
