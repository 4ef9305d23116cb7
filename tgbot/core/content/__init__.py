"""The content store: topics, sources and bot messages from content/*.yaml, validated at load
and pre-rendered to Telegram HTML. Pure Python: no Telegram, no storage."""

from tgbot.core.content.check import check_content, content_summary
from tgbot.core.content.loader import load_content
from tgbot.core.content.models import FrequentQuestion, Section, Source, Tip, Topic
from tgbot.core.content.problems import ContentError
from tgbot.core.content.store import (
    ContentStore,
    details_in,
    match_question,
    match_topic,
    render_answer,
    render_section,
    render_sources,
    render_tip,
)
from tgbot.core.content.telegram_html import MAX_MESSAGE_LENGTH, html_problems, plain_text

__all__ = [
    "MAX_MESSAGE_LENGTH",
    "ContentError",
    "ContentStore",
    "FrequentQuestion",
    "Section",
    "Source",
    "Tip",
    "Topic",
    "check_content",
    "content_summary",
    "details_in",
    "html_problems",
    "load_content",
    "match_question",
    "match_topic",
    "plain_text",
    "render_answer",
    "render_section",
    "render_sources",
    "render_tip",
]
