"""What every handler can reach: the services, typed, through ``context.services``."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from tgbot.bot.reminder_service import ReminderService
from tgbot.checks import Checks, TypedDetails
from tgbot.config import Settings
from tgbot.core.clock import Clock
from tgbot.core.content import ContentStore
from tgbot.core.dates import LocalTime, formatting_locale
from tgbot.core.knowledge import Knowledge, Library
from tgbot.core.local_services import fill_local_services
from tgbot.core.safety import SafetyData
from tgbot.core.triage import TriageData
from tgbot.core.triage.emergency import numbers_text, region_of
from tgbot.storage import (
    DiaryRepository,
    FeedbackRepository,
    FinishedCheckRepository,
    PrivacyRepository,
    RunningCheckRepository,
    Store,
    UserRepository,
)


@dataclass
class Services:
    settings: Settings
    library: Library
    """Every language's knowledge; replaced as a whole on reload, so content and flows
    always match each other."""
    db: Store
    users: UserRepository
    running_checks: RunningCheckRepository
    finished_checks: FinishedCheckRepository
    diary: DiaryRepository
    privacy: PrivacyRepository
    reminders: ReminderService
    clock: Clock
    typed_details: TypedDetails = field(default_factory=TypedDetails)
    """Details a typed message gave, offered first in the check that follows it."""
    feedback: FeedbackRepository = field(init=False)
    """ "Was this helpful?" votes: no user id in them (tgbot/storage/feedback.py)."""
    language: str = "en"
    """The language this view of the services speaks (see :meth:`speaking`)."""

    def __post_init__(self) -> None:
        self.feedback = FeedbackRepository(self.db)

    def speaking(self, language: str | None) -> Services:
        """The same services, with messages in `language` (English when the bot lacks it)."""
        code = self.library.get(language).code
        return self if code == self.language else replace(self, language=code)

    @property
    def knowledge(self) -> Knowledge:
        return self.library.get(self.language)

    def local_clock(self, zone: ZoneInfo, tag: str | None) -> LocalTime:
        """Dates and times on the user's clock, written as their language writes them."""
        info = self.knowledge.language
        default = info.date_locale if info is not None else None
        return LocalTime(zone, formatting_locale(self.knowledge.base, tag, default))

    async def start(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """From ``post_init``: open the database (migrating it), then the reminders."""
        await self.db.connect()
        await self.reminders.start(application)

    async def stop(self) -> None:
        """From ``post_shutdown``, after PTB stopped the updates and the jobs."""
        if self.db.is_connected:
            await self.reminders.stop()
        await self.db.close()

    @property
    def checks(self) -> Checks:
        """The use cases of a symptom check, in this view's language."""
        return Checks(
            self.running_checks,
            self.users,
            self.typed_details,
            self.clock,
            self.triage.flows,
            self.knowledge.release.version,
        )

    @property
    def content(self) -> ContentStore:
        return self.knowledge.content

    @property
    def triage(self) -> TriageData:
        return self.knowledge.triage

    @property
    def safety(self) -> SafetyData:
        return self.knowledge.safety

    def numbers(self, language_code: str | None) -> str:
        """The emergency numbers to name to this user, theirs first: "999 or 112"."""
        return numbers_text(self.triage.texts, self.country_tag(language_code))

    def country_tag(self, language_code: str | None) -> str | None:
        """Telegram's tag, which names the user's country ("de-AT"); when it names none ("de"),
        the country of the regional variant they chose, if it is of one (de-AT: Austria)."""
        info = self.knowledge.language
        if region_of(language_code) is None and info is not None and len(info.regions) == 1:
            return f"{info.base}-{info.regions[0]}"
        return language_code

    def with_local_services(self, text: str, language_code: str | None) -> str:
        """`text` naming the user's country's services, never another country's."""
        return fill_local_services(
            text,
            self.content.messages,
            self.knowledge.local_services,
            region_of(self.country_tag(language_code)),
            self.triage.texts.or_word,
            self.language,
        )


class BotData:
    """``application.bot_data``: set once by :func:`tgbot.bot.application.build_application`."""

    services: Services


LANGUAGE_KEY = "language"
"""``context.user_data[LANGUAGE_KEY]``: the language to answer this user in, set for every
update by :func:`tgbot.bot.handlers.updates.remember_user`."""


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        """The services, speaking the language of the user this update or job is for."""
        shared = self.bot_data.services
        user_data = self.user_data
        language = user_data.get(LANGUAGE_KEY) if user_data is not None else None
        return shared if language is None else shared.speaking(language)


BotApplication = Application[
    ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, JobQueue[BotContext]
]
