"""/stats and /reload: what an operator sees, and that nobody else sees anything new."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import DEFAULT_CONTENT_DIR, Settings
from tgbot.localapi import ChatSession, FakeUser, LocalBotApi
from tgbot.serving.run import running

RELOAD_TIMEOUT = 30.0
"""Reading and checking every language's content takes seconds on a busy machine."""

ADMIN = FakeUser(4242, first_name="Operator")


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A copy of content/ the tests can edit, as a clinician edits the real one."""
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, copy)
    return copy


@pytest.fixture
async def admin_app(settings: Settings, content_dir: Path) -> AsyncIterator[BotApplication]:
    admin_settings = replace(
        settings, admin_user_ids=frozenset({ADMIN.id}), content_dir=content_dir
    )
    application = build_application(admin_settings)
    async with running(application):
        yield application


@pytest.fixture
def admin(local_api: LocalBotApi) -> ChatSession:
    return ChatSession(local_api, ADMIN)


@pytest.mark.parametrize("command", ["/stats", "/reload"])
async def test_others_get_the_unknown_command_answer(
    admin_app: BotApplication, chat: ChatSession, command: str
) -> None:
    unknown = (await chat.send("/dance")).last.text
    reply = await chat.send(command)
    assert len(reply.messages) == 1
    assert reply.last.text == unknown


async def test_admin_commands_are_not_in_the_public_menu(
    admin_app: BotApplication, local_api: LocalBotApi
) -> None:
    assert local_api.commands, "the menus are set"
    for commands in local_api.commands.values():
        assert not {"stats", "reload"} & {c["command"] for c in commands}


async def test_stats_in_a_group_say_nothing(
    admin_app: BotApplication, local_api: LocalBotApi
) -> None:
    group = ChatSession(local_api, ADMIN, local_api.group_chat(-100500))
    reply = await group.send("/stats", expect_reply=False)
    assert all("stats" not in m.text.lower() for m in reply.messages)


async def test_stats_count_users_and_triages_without_personal_data(
    admin_app: BotApplication, admin: ChatSession, new_user: Callable[..., FakeUser]
) -> None:
    services = admin_app.bot_data.services
    now = services.clock.now()
    people = [new_user(first_name="Zelda"), new_user(first_name="Quentin")]
    for person in people:
        await services.users.upsert(person.id, person.id, "en", now)
    finished = [
        (people[0], "twitch", "emergency", now),
        (people[0], "twitch", "self_care", now - timedelta(days=10)),
        (people[1], "spasm", "doctor", now - timedelta(days=1)),
    ]
    for person, flow, level, when in finished:
        session = await services.running_checks.start(person.id, person.id, flow, when)
        await services.running_checks.finish(session, (person.id, flow, {}, level), when)

    text = (await admin.send("/stats")).last.text

    lines = text.splitlines()
    assert lines[0].startswith("Bot stats (version ")
    assert "Users: 3 · 3" in lines  # the two, and the admin who asked
    assert "Triages: 3 · 2" in lines
    assert lines.index("By level:") < lines.index("  emergency: 1 · 1") < lines.index("By flow:")
    for expected in (
        "emergency: 1 · 1",
        "urgent: 0 · 0",
        "doctor: 1 · 1",
        "self_care: 1 · 0",
        "twitch: 2 · 1",
        "spasm: 1 · 1",
    ):
        assert f"  {expected}" in lines
    assert any(line.startswith("Reminders") for line in lines)
    for person in people:
        assert str(person.id) not in text
        assert person.first_name not in text


async def test_reload_takes_a_valid_edit_and_users_see_it(
    admin_app: BotApplication, admin: ChatSession, chat: ChatSession, content_dir: Path
) -> None:
    services = admin_app.bot_data.services
    before = services.knowledge
    messages = content_dir / "messages.yaml"
    messages.write_text(
        messages.read_text().replace("<b>What I can do</b>", "<b>How I can help</b>")
    )

    reply = await admin.send("/reload", timeout=RELOAD_TIMEOUT)

    assert reply.last.text.startswith("Content reloaded.")
    assert "flow twitch:" in reply.last.text
    assert services.knowledge is not before
    assert "How I can help" in (await chat.send("/help")).last.text


async def test_reload_refuses_a_broken_edit_and_keeps_the_old_content(
    admin_app: BotApplication, admin: ChatSession, chat: ChatSession, content_dir: Path
) -> None:
    services = admin_app.bot_data.services
    before = services.knowledge
    messages = content_dir / "messages.yaml"
    messages.write_text(messages.read_text().replace("<b>What I can do</b>", "<b>What I can do"))

    reply = await admin.send("/reload", timeout=RELOAD_TIMEOUT)

    text = reply.last.text
    # The broken English text is named once for English and once for each variant that
    # inherits it (en-US).
    assert text.startswith("Reload refused: content has ")
    assert "problem(s). The bot keeps the content it had." in text
    assert "messages.yaml" in text
    assert services.knowledge is before
    assert "What I can do" in (await chat.send("/help")).last.text


async def test_reload_shows_at_most_ten_problems(
    admin_app: BotApplication, admin: ChatSession, content_dir: Path
) -> None:
    (content_dir / "messages.yaml").write_text("# everything gone\nwelcome: Hi\n")
    text = (await admin.send("/reload", timeout=RELOAD_TIMEOUT)).last.text
    problems = [line for line in text.splitlines() if line.startswith("• ")]
    assert len(problems) == 10
    assert text.splitlines()[-1].startswith("… and ")
