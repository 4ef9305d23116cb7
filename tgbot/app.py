"""The application factory: wires PTB, the services and the handlers together."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    ContextTypes,
    Defaults,
    TypeHandler,
)

from tgbot.clock import Clock, SystemClock
from tgbot.config import Settings
from tgbot.context import BotApplication, BotContext, BotData, Services
from tgbot.handlers import (
    admin,
    bad_input,
    errors,
    fallback,
    privacy,
    reminders,
    start,
    topics,
    triage,
)
from tgbot.knowledge import Knowledge, load_knowledge
from tgbot.ordering import ChatOrderedUpdateProcessor
from tgbot.ratelimit import PacedRateLimiter
from tgbot.reminders.service import ReminderService
from tgbot.serve import PollingReceiver, serve, serving
from tgbot.storage import (
    Database,
    PrivacyRepository,
    ReminderRepository,
    TriageRepository,
    UserRepository,
)
from tgbot.webhook import WebhookReceiver

log = logging.getLogger(__name__)

# Only what the handlers use: Telegram then does not even send the rest.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]

CONNECTION_POOL_SIZE = 8

COMMANDS = [
    BotCommand("twitch", "Muscle or eyelid twitching"),
    BotCommand("spasm", "Muscle spasms and cramps"),
    BotCommand("reminders", "Your reminders"),
    BotCommand("remind", "Remind me to check again"),
    BotCommand("settings", "Time zone for reminders"),
    BotCommand("privacy", "What I keep about you, and why"),
    BotCommand("mydata", "See everything I keep about you"),
    BotCommand("forget", "Delete everything I keep about you"),
    BotCommand("help", "What I can do"),
    BotCommand("start", "Welcome and topics"),
]


def build_application(
    settings: Settings,
    *,
    knowledge: Knowledge | None = None,
    clock: Clock | None = None,
    limiter: BaseRateLimiter[Any] | None = None,
) -> BotApplication:
    """Build a ready-to-run Application; resources open in ``post_init``. ``limiter``
    defaults to :class:`PacedRateLimiter` at Telegram's pace."""
    db = Database(settings.database_path)
    clock = clock or SystemClock()
    services = Services(
        settings=settings,
        knowledge=knowledge or load_knowledge(settings.content_dir),
        db=db,
        users=UserRepository(db),
        triage_sessions=TriageRepository(db),
        privacy=PrivacyRepository(db),
        reminders=ReminderService(ReminderRepository(db), clock),
        clock=clock,
    )
    services.forget_hooks.append(services.reminders.forget_user)
    context_types = ContextTypes(context=BotContext, bot_data=BotData)
    # PTB's builder typing cannot follow ContextTypes into the JobQueue's type parameter.
    application = cast(
        BotApplication,
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.bot_api_url)
        .base_file_url(settings.bot_file_url)
        .context_types(context_types)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=settings.default_timezone,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        # Keeps us under the flood limits, and retries a 429 after Telegram's retry_after.
        .rate_limiter(limiter or PacedRateLimiter())
        # Users are served side by side; each chat's updates still go one at a time, in order.
        .concurrent_updates(ChatOrderedUpdateProcessor())
        # httpx's pool costs CPU per request for every open connection: 8 carry ~80 calls a
        # second at a 100 ms round trip, above what Telegram lets us send (docs/performance.md).
        .connection_pool_size(CONNECTION_POOL_SIZE)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build(),
    )
    application.bot_data.services = services
    _add_handlers(application)
    return application


def _add_handlers(application: BotApplication) -> None:
    # Order matters: edits and membership first, then commands and buttons, then free text,
    # then what nobody took.
    application.add_handler(TypeHandler(Update, log_update), group=-2)
    # Typed time zone after /settings: claims the text before topic routing sees it.
    application.add_handler(reminders.timezone_input_handler(), group=-1)
    application.add_handlers(bad_input.first_handlers())
    application.add_handlers(start.handlers())
    application.add_handlers(admin.handlers(application.bot_data.services.settings.admin_user_ids))
    application.add_handlers(topics.handlers())
    application.add_handlers(triage.handlers())
    application.add_handlers(privacy.handlers())
    application.add_handlers(reminders.handlers())
    application.add_handlers(topics.text_handlers())
    application.add_handlers(fallback.handlers())
    application.add_handlers(bad_input.last_handlers())
    application.add_handlers(topics.expired_handlers())
    application.add_error_handler(errors.on_error)


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = application.bot_data.services
    await services.db.connect()
    await application.bot.set_my_commands(COMMANDS)
    privacy.schedule_retention(application)
    await services.reminders.start(application)
    log.info("event=bot_ready schema=%d", await services.db.schema_version())


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = application.bot_data.services
    await services.db.close()
    log.info("event=bot_stopped")


async def log_update(update: Update, context: BotContext) -> None:
    """One line per update: its kind and ids, never its text."""
    kind = next((k for k in Update.ALL_TYPES if getattr(update, k, None) is not None), "unknown")
    chat = update.effective_chat
    user = update.effective_user
    log.info(
        "event=update update_id=%d kind=%s chat_type=%s user_id=%s",
        update.update_id,
        kind,
        chat.type if chat else None,
        user.id if user else None,
    )


def run_polling(application: BotApplication) -> None:
    """Long polling until SIGTERM/SIGINT, then a clean stop (see :mod:`tgbot.serve`)."""
    settings = application.bot_data.services.settings
    receiver = PollingReceiver(application, ALLOWED_UPDATES)
    serve(application, receiver, shutdown_timeout=settings.shutdown_timeout)


def run_webhook(application: BotApplication) -> None:
    """Webhook server (and /healthz) until SIGTERM/SIGINT, then a clean stop."""
    settings = application.bot_data.services.settings
    if settings.webhook is None:
        raise ValueError("run_webhook needs settings.webhook (WEBHOOK_URL and its settings)")
    receiver = WebhookReceiver(application, settings.webhook, ALLOWED_UPDATES)
    serve(application, receiver, shutdown_timeout=settings.shutdown_timeout)


@asynccontextmanager
async def running(
    application: BotApplication, *, poll_timeout: float = 1.0
) -> AsyncIterator[BotApplication]:
    """Run the application in polling mode inside an existing event loop, with the same
    lifecycle as ``python bot.py run`` (tests, benchmarks, the terminal chat)."""
    receiver = PollingReceiver(application, ALLOWED_UPDATES, poll_timeout=int(poll_timeout))
    timeout = application.bot_data.services.settings.shutdown_timeout
    async with serving(application, receiver, shutdown_timeout=timeout):
        yield application


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == "private"
