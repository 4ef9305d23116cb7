"""The application factory: wires PTB, the services and the handlers together."""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from telegram import Bot, BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackContext,
    ContextTypes,
    Defaults,
)
from telegram.request import BaseRequest, HTTPXRequest

from tgbot import metrics
from tgbot.bot.context import BotApplication, BotContext, BotData, Services
from tgbot.bot.handlers import flood, privacy
from tgbot.bot.ratelimit import SENDS_PER_SECOND, PacedRateLimiter
from tgbot.bot.reminder_service import ReminderService
from tgbot.bot.request import AiohttpRequest
from tgbot.bot.routes import add_routes
from tgbot.bot.sending import LeanBot
from tgbot.bot.update_processor import ChatOrderedUpdateProcessor
from tgbot.config import Settings
from tgbot.core.clock import Clock, SystemClock
from tgbot.core.content.contract import MENU_COMMANDS
from tgbot.core.dates import LocalTime
from tgbot.core.knowledge import Library
from tgbot.core.library_cache import Loaded, load_library_cached
from tgbot.documents.process import DOCUMENTS, DocumentError
from tgbot.storage import (
    DiaryRepository,
    FinishedCheckRepository,
    PrivacyRepository,
    ReminderRepository,
    RunningCheckRepository,
    UserRepository,
    open_store,
)
from tgbot.storage.updates import UpdateLedger

log = logging.getLogger(__name__)

CONNECTION_POOL_SIZE = 8


def _texts_in(
    services: Services, language: str | None, tag: str | None, zone: ZoneInfo
) -> tuple[LocalTime, Mapping[str, str]]:
    """For the reminders: the user's clock in the language the bot writes to them in, and
    that language's messages."""
    view = services.speaking(language)
    return view.local_clock(zone, tag), view.content.messages


def menu_commands(messages: Mapping[str, str]) -> list[BotCommand]:
    """The command menu in one language (its descriptions are content: command_<name>)."""
    return [BotCommand(name, messages[f"command_{name}"]) for name in MENU_COMMANDS]


def build_application(
    settings: Settings,
    *,
    library: Library | None = None,
    clock: Clock | None = None,
    limiter: BaseRateLimiter[Any] | None = None,
) -> BotApplication:
    """Build a ready-to-run Application; resources open in ``post_init``. ``limiter``
    defaults to :class:`PacedRateLimiter` at Telegram's pace."""
    services = build_services(settings, library, clock)
    context_types = ContextTypes(context=BotContext, bot_data=BotData)
    # PTB's builder typing cannot follow ContextTypes into the JobQueue's type parameter.
    updates = ChatOrderedUpdateProcessor()
    request, updates_request = http_clients(settings)
    bot = LeanBot(
        settings.token,
        base_url=settings.bot_api_url,
        base_file_url=settings.bot_file_url,
        request=request,
        get_updates_request=updates_request,
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            tzinfo=settings.default_timezone,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        # Keeps us under the flood limits, and retries a 429 after Telegram's retry_after.
        rate_limiter=limiter
        or PacedRateLimiter(
            SENDS_PER_SECOND / settings.worker_count,
            burst=max(1, settings.send_burst // settings.worker_count),
        ),
    )
    application = cast(
        BotApplication,
        ApplicationBuilder()
        .bot(bot)
        .context_types(context_types)
        # Users are served side by side; each chat's updates still go one at a time, in order.
        .concurrent_updates(updates)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build(),
    )
    application.bot_data.services = services
    updates.set_flood_notice(functools.partial(flood.tell_to_slow_down, application))
    updates.set_safety_screen(functools.partial(flood.screen_dropped, application))
    updates.set_chat_lock(services.db.chat_lock)
    ledger = UpdateLedger(services.db)
    updates.set_first_delivery(
        lambda update_id: ledger.first_delivery(update_id, services.clock.now())
    )
    add_routes(application)
    return application


def _load_at_start(settings: Settings) -> Library:
    """Every language's content and the safety net: from the cache a previous start saved
    for the same files and code (tgbot/core/library_cache.py), else loaded and checked.
    The cyclic garbage collector is off meanwhile: loading makes hundreds of thousands of
    objects that stay, and the collector walked them again and again (a quarter
    to a third of the time; reading the cache, five sixths). What is loaded stays for the
    process's life, so it is then frozen out of the collector's later walks too."""
    was_on = gc.isenabled()
    gc.disable()
    loaded: Loaded | None = None
    try:
        loaded = load_library_cached(settings.content_dir, settings.library_cache)
    finally:
        if was_on:
            # Loading from content/ leaves garbage in cycles (parsers, checks): collected
            # once, or freezing would keep it for the process's life. The cache leaves none.
            if loaded is not None and not loaded.cached:
                gc.collect()
            gc.freeze()
            gc.enable()
    # DEBUG: an operator error after it (a damaged database...) must stay one line at INFO.
    log.debug(
        "event=content_loaded cache=%s%s",
        "hit" if loaded.cached else "miss" if settings.library_cache else "off",
        f" problem={loaded.problem!r}" if loaded.problem else "",
    )
    return loaded.library


def build_services(settings: Settings, library: Library | None, clock: Clock | None) -> Services:
    """The services every handler reaches through ``context.services``; nothing opens yet."""
    db = open_store(
        settings.database_path,
        settings.database_url,
        settings.data_key,
        settings.database_pool_size,
    )
    db.timer = metrics.observe_database
    clock = clock or SystemClock()
    users, finished_checks = UserRepository(db), FinishedCheckRepository(db)
    diary = DiaryRepository(db)
    services: Services = Services(
        settings=settings,
        library=library or _load_at_start(settings),
        db=db,
        users=users,
        running_checks=RunningCheckRepository(db),
        finished_checks=finished_checks,
        diary=diary,
        privacy=PrivacyRepository(db),
        reminders=ReminderService(
            ReminderRepository(db, settings.worker_id, timedelta(seconds=settings.reminder_lease)),
            finished_checks,
            users,
            clock,
            settings.default_timezone,
            messages=lambda language, tag, zone: _texts_in(services, language, tag, zone),
            retry_max=settings.reminder_retry_max,
            sends_per_second=SENDS_PER_SECOND / settings.worker_count,
            diary=diary,
            topics=lambda language: {
                f.id: f.title for f in services.speaking(language).triage.flows.values()
            },
        ),
        clock=clock,
    )
    return services


def http_clients(settings: Settings) -> tuple[BaseRequest, BaseRequest]:
    """The bot's calls and getUpdates on ``settings.http_backend``, through its proxy.

    8 connections carry ~80 calls a second at a 100 ms round trip, above what Telegram lets us
    send; with httpx each open connection also costs CPU on every request (docs/performance.md).
    getUpdates has a connection of its own, as in PTB."""
    if settings.http_backend == "httpx":
        return (
            HTTPXRequest(connection_pool_size=CONNECTION_POOL_SIZE, proxy=settings.proxy_url),
            HTTPXRequest(connection_pool_size=1, proxy=settings.proxy_url),
        )
    return (
        AiohttpRequest(CONNECTION_POOL_SIZE, proxy=settings.proxy_url),
        AiohttpRequest(1, proxy=settings.proxy_url),
    )


WARM_DOCUMENTS_AFTER = 2.0
"""Seconds after start-up (tgbot/documents/process.py): once the bot polls and has answered
what waited for it, so the child's imports do not delay those answers, and soon enough that a
document asked for in the first minute finds it warm."""


async def _warm_documents(context: CallbackContext[Any, Any, Any, Any]) -> None:
    try:
        await asyncio.to_thread(DOCUMENTS.start)
    except (DocumentError, OSError) as error:  # only a slower first document
        log.warning("event=documents_start_failed error=%s", type(error).__name__)


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = application.bot_data.services
    await services.start(application)
    # The document process starts just after the start-up's first answers, so that a
    # document asked for in the first minute is as quick as later ones; its imports (a
    # second or two of CPU) then no longer compete with those answers.
    assert application.job_queue is not None
    application.job_queue.run_once(_warm_documents, when=WARM_DOCUMENTS_AFTER)
    await set_command_menus(application.bot, services)
    privacy.schedule_retention(application)
    log.info("event=bot_ready schema=%d", await services.db.schema_version())


async def set_command_menus(bot: Bot, services: Services) -> None:
    """English for everyone, and each other language's menu for Telegram users whose app
    is set to it (Telegram picks the menu by the app's language)."""
    await bot.set_my_commands(menu_commands(services.content.messages))
    for language in services.library.languages:
        if language != services.library.english.code:
            messages = services.speaking(language).content.messages
            await bot.set_my_commands(menu_commands(messages), language_code=language)


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = application.bot_data.services
    started = services.db.is_connected
    await services.stop()
    if started:  # a start that failed says why in one line of its own (tgbot.cli.main)
        log.info("event=bot_stopped")
