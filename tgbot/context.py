"""What every handler can reach: the services, typed, through ``context.services``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from tgbot.clock import Clock
from tgbot.config import Settings
from tgbot.content import ContentStore
from tgbot.knowledge import Knowledge
from tgbot.reminders.service import ReminderService
from tgbot.storage import Database, PrivacyRepository, TriageRepository, UserRepository
from tgbot.triage import TriageData


@dataclass
class Services:
    settings: Settings
    knowledge: Knowledge
    """Replaced as a whole on reload, so content and flows always match each other."""
    db: Database
    users: UserRepository
    triage_sessions: TriageRepository
    privacy: PrivacyRepository
    reminders: ReminderService
    clock: Clock
    forget_hooks: list[Callable[[int], Awaitable[None]]] = field(default_factory=list)
    """Called after /forget deleted a user's rows, to drop what lives in memory (jobs)."""

    async def after_forget(self, user_id: int) -> None:
        for hook in self.forget_hooks:
            await hook(user_id)

    @property
    def content(self) -> ContentStore:
        return self.knowledge.content

    @property
    def triage(self) -> TriageData:
        return self.knowledge.triage


class BotData:
    """``application.bot_data``: set once by :func:`tgbot.app.build_application`."""

    services: Services


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        return self.bot_data.services


BotApplication = Application[
    ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, JobQueue[BotContext]
]
