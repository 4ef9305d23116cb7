"""/stats and /reload for the operators in ADMIN_USER_IDS, in private chats only.

For anyone else the filter does not match, so the update falls through to the unknown-command
answer every user gets: the commands are not even visible as existing. The messages are for the
operator, not for users, so they live here rather than in content/.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from html import escape

from telegram import Update

from tgbot import __version__
from tgbot.bot.context import BotContext
from tgbot.bot.sending import unread
from tgbot.core.content.problems import ContentError
from tgbot.core.feedback import FeedbackCount
from tgbot.core.knowledge import library_summary
from tgbot.core.library_cache import load_library_cached
from tgbot.core.triage import Level
from tgbot.storage import ReminderStatus
from tgbot.storage.stats import BotStats, Count, StatsRepository

log = logging.getLogger(__name__)

MAX_ERRORS_SHOWN = 10
MAX_ERROR_CHARS = 300
REMINDER_STATUSES = (ReminderStatus.PENDING, ReminderStatus.SENT, ReminderStatus.FAILED)


async def stats(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    collected = await StatsRepository(services.db).collect(services.clock.now())
    flows = list(services.triage.flows)
    await unread(message.reply_text(render_stats(collected, flows)))


def render_stats(stats: BotStats, known_flows: Iterable[str]) -> str:
    lines = [
        f"<b>Bot stats</b> (version {escape(__version__)})",
        "<i>Each count: all time · last 7 days</i>",
        "",
        f"Users: {_count(stats.users)}",
        f"Blocked the bot: {stats.blocked_users}",
        f"Triages: {_count(stats.triages)}",
    ]
    # Highest level first, every level shown, so a zero is visible as a zero.
    lines.append("By level:")
    for level in sorted(Level, key=lambda lv: -lv.rank):
        lines.append(f"  {escape(level.value)}: {_count(stats.by_level.get(level.value, Count()))}")
    flows = list(dict.fromkeys([*known_flows, *sorted(stats.by_flow)]))
    lines.append("By flow:")
    for flow in flows:
        lines.append(f"  {escape(flow)}: {_count(stats.by_flow.get(flow, Count()))}")
    if stats.reminders is None:
        lines.append("Reminders: none yet")
    else:
        statuses = list(dict.fromkeys([*REMINDER_STATUSES, *sorted(stats.reminders)]))
        lines.append("Reminders:")
        for status in statuses:
            lines.append(f"  {escape(status)}: {_count(stats.reminders.get(status, Count()))}")
    lines.extend(feedback_lines(stats.feedback))
    return "\n".join(lines)


def feedback_lines(counts: Iterable[FeedbackCount]) -> list[str]:
    """Per item and content version: 👍, 👎 and the reasons given for the 👎."""
    shown = [
        f"  {escape(c.kind)} {escape(c.item)} (v{escape(c.version)}): 👍 {c.up} · 👎 {c.down}"
        + "".join(f" · {escape(reason)} {n}" for reason, n in sorted(c.reasons.items()))
        for c in counts
    ]
    return (
        ["Was this helpful? (all time)", *shown] if shown else ["Was this helpful?: no votes yet"]
    )


def _count(count: Count) -> str:
    return f"{count.total} · {count.recent}"


async def reload_content(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    try:
        # Parsing YAML is blocking file work: keep the event loop answering other users. The
        # cache keeps only this library (the next start reads it), not the one it replaces.
        settings = services.settings
        loaded = await asyncio.to_thread(
            load_library_cached, settings.content_dir, settings.library_cache
        )
        library = loaded.library
    except ContentError as error:
        log.warning(
            "event=content_reload_refused user_id=%d problems=%d", user.id, len(error.errors)
        )
        await unread(message.reply_text(refused_text(error.errors)))
        return
    except OSError as error:
        log.warning(
            "event=content_reload_refused user_id=%d error=%s", user.id, type(error).__name__
        )
        await unread(
            message.reply_text(refused_text([f"{services.settings.content_dir}: {error}"]))
        )
        return
    # One assignment: every handler sees the old content or the new one, never a mix.
    context.bot_data.services.library = library
    knowledge = library.english
    log.info(
        "event=content_reloaded user_id=%d topics=%d flows=%d",
        user.id,
        len(knowledge.content.topics),
        len(knowledge.triage.flows),
    )
    await unread(
        message.reply_text(
            f"<b>Content reloaded.</b>\n<pre>{escape(library_summary(library))}</pre>"
        )
    )


def refused_text(errors: list[str]) -> str:
    # Cut before escaping, so no HTML entity is split; 10 cut lines fit in one message.
    shown = [f"• {escape(_shorten(e))}" for e in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        shown.append(f"… and {len(errors) - MAX_ERRORS_SHOWN} more")
    head = (
        f"<b>Reload refused:</b> content has {len(errors)} problem(s). "
        "The bot keeps the content it had.\n\n"
    )
    return head + "\n".join(shown)


def _shorten(error: str) -> str:
    return error if len(error) <= MAX_ERROR_CHARS else error[: MAX_ERROR_CHARS - 1] + "…"
